"""Page timing in headless Chromium: navigation until the first chart is drawn, against a bare Streamlit page
drawing one Plotly figure (the framework's floor), and beside Compare's kinds of widget in the same navigation with
no data (what Streamlit costs before Compare's own work); and a filter change until the page has settled (the script has
finished and every chart is redrawn), against the same change on a bare page with one selectbox and one chart.

Usage: python bench/page_timing.py [repeats]   (default 15). Needs a built database (python -m etl load).
Prints figures; asserts nothing. Ratios are steadier than milliseconds on a noisy machine, the more so as the pages
take turns (one load of each a round) rather than one page's loads all before the next's.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl import default_db_path  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, REPO, start_streamlit  # noqa: E402

BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
st.plotly_chart(go.Figure(go.Scatter(x=[2005, 2006, 2007, 2008], y=[3, 2, 3, 4])))
"""
# The same, behind the three kinds of filter the dashboard's pages use: Streamlit loads each widget's code first.
FILTERED_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare page with filters")
st.multiselect("Authorities", ["Luton", "Leicester", "Leeds"], default=["Luton"])
st.select_slider("Years", options=[2005, 2006, 2007, 2008], value=(2005, 2008))
st.selectbox("Comparator group", ["none", "region"])
st.plotly_chart(go.Figure(go.Scatter(x=[2005, 2006, 2007, 2008], y=[3, 2, 3, 4])))
"""
# Compare's kinds of widget as its first view shows them, in a six-page navigation like the dashboard's, around one
# trivial figure, with no data: what Streamlit itself costs before any of Compare's own work (its first chart cannot
# be faster than this). The other views' kinds (a year's segmented control) are not drawn until their tab is opened.
WIDGETS_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.title("Compare's widgets, no data")
left, right = st.columns([3, 2])
with left:
    st.multiselect("Authorities", ["Luton", "Leicester", "Leeds"], default=["Luton"])
    st.button("Add the region")
    st.selectbox("Inspection", ["APA", "JAR"])
    st.multiselect("Outcome areas", ["Staying safe", "Being healthy"], default=["Staying safe"])
with right:
    st.select_slider("Years", options=[2005, 2006, 2007, 2008], value=(2005, 2008))
    st.selectbox("Comparator group", ["none", "region"])
trend, grid = st.tabs(["Trend", "Grades by area"], key="view", on_change="rerun")
with trend:
    st.markdown("A sentence saying what the chart shows.")
    st.plotly_chart(go.Figure(go.Scatter(x=[2005, 2006, 2007, 2008], y=[3, 2, 3, 4])))
    st.download_button("PNG", data=b"x", icon=":material/download:")
    st.expander("The data behind the chart")
    st.page_link("home.py", label="See the sources")
"""
NAVIGATION = """
import streamlit as st

pages = [st.Page("home.py", title="Home", default=True), st.Page("widgets.py", title="Compare", url_path="compare")]
pages += [st.Page("home.py", title=name, url_path=name) for name in ("profile", "indicators", "sources", "about")]
st.navigation(pages).run()
"""
# The floor for a filter change: one selectbox and the one chart it redraws.
SELECT_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare page with one filter")
choice = st.selectbox("Inspection", ["Ofsted annual performance assessment", "Joint area review"])
st.plotly_chart(go.Figure(go.Scatter(x=[2005, 2006, 2007, 2008], y=[3, 2, 3, 4] if choice.startswith("O") else [2, 3, 2, 3])))
"""
PAGES = {
    "?home=821": ".js-plotly-plot .main-svg",  # the first page, once a visitor has chosen their authority
    "compare": ".js-plotly-plot .main-svg",
    "profile?home=821": ".js-plotly-plot .main-svg",
    "indicators": ".js-plotly-plot .main-svg",
    "sources?la=383": "[data-testid='stDataFrame']",
    "about": "[data-testid='stDataFrame']",
    "england?fw=CPA&year=2008": ".js-plotly-plot .main-svg",
}
INSPECTIONS = ["Joint area review", "Ofsted annual performance assessment"]


@contextlib.contextmanager
def chromium_with(servers: dict[str, tuple]) -> Iterator:
    """Headless Chromium for a bench; the Streamlit servers are stopped after it, whatever happens."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        for server, _ in servers.values():
            server.terminate()


def times_to_draw(browser, targets: dict[str, tuple[str, str]], repeats: int) -> dict[str, float]:
    """Median milliseconds from navigation until each target's selector is drawn, each time in a fresh tab. The targets
    take turns, one load each a round, so a machine that slows or speeds up meanwhile moves them all alike and the
    ratios between them hold; the first, cold, round is not counted."""
    timings: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(repeats + 1):
        for name, (url, selector) in targets.items():
            context = browser.new_context(viewport={"width": 1400, "height": 1600})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.locator(selector).first.wait_for(timeout=60000)
            timings[name].append((time.perf_counter() - start) * 1000)
            context.close()
    return {name: statistics.median(taken[1:]) for name, taken in timings.items()}


def settle_ms(browser, url: str, repeats: int) -> float:
    """Median milliseconds from choosing another inspection until the charts have been redrawn and nothing moves."""
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    page.goto(url)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60000)
    page.wait_for_timeout(2000)
    timings = []
    for number in range(repeats + 1):
        before = page.evaluate(CHART_SHAPE)
        page.get_by_label("Inspection").click()
        option = page.get_by_role("option", name=INSPECTIONS[number % 2], exact=True)
        start = time.perf_counter()
        option.click()
        page.wait_for_function(f"() => ({CHART_SHAPE})() !== {before!r}", timeout=60000)
        page.wait_for_function(STILL)
        timings.append((time.perf_counter() - start) * 1000)
    page.context.close()
    return statistics.median(timings[1:])


# What every chart on the page draws, and a wait until that stays the same for five animation frames.
CHART_SHAPE = "() => [...document.querySelectorAll('.js-plotly-plot .main-svg')].map(n => n.innerHTML.length).join()"
STILL = f"""() => new Promise(done => {{
    const before = ({CHART_SHAPE})();
    let frames = 5;
    const tick = () => (--frames ? requestAnimationFrame(tick) : done(({CHART_SHAPE})() === before));
    requestAnimationFrame(tick);
}})"""


def main() -> None:

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    if not Path(default_db_path()).exists():
        sys.exit("Build the database first: python -m etl load")
    with tempfile.TemporaryDirectory() as folder:
        servers = {}
        scripts = {"bare": BARE_PAGE, "filtered": FILTERED_PAGE, "select": SELECT_PAGE, "navigation": NAVIGATION}
        for name, text in {**scripts, "widgets": WIDGETS_PAGE, "home": 'import streamlit as st\nst.title("Home")'}.items():
            (Path(folder) / f"{name}.py").write_text(text)
        for name in scripts:
            servers[name] = start_streamlit(Path(folder) / f"{name}.py")
        servers["app"] = start_streamlit(REPO / "dashboard.py", default_db_path())
        with chromium_with(servers) as browser:
            chart = ".js-plotly-plot .main-svg"
            targets = {
                "bare": (servers["bare"][1], chart),
                "filtered": (servers["filtered"][1], chart),
                "widgets": (f"{servers['navigation'][1]}/compare", chart),
                **{path: (f"{servers['app'][1]}/{path}", selector) for path, selector in PAGES.items()},
            }
            took = times_to_draw(browser, targets, repeats)
            floor, filtered, widgets = took["bare"], took["filtered"], took["widgets"]
            print(f"bare Streamlit page with one Plotly figure: {floor:6.0f} ms (the floor)")
            print(f"the same behind three filters:              {filtered:6.0f} ms  {filtered / floor:4.2f}x the floor")
            print(f"Compare's widgets in the navigation, no data: {widgets:6.0f} ms  {widgets / floor:4.2f}x the floor")
            for path in PAGES:
                ratios = f"{took[path] / floor:4.2f}x the floor, {took[path] / filtered:4.2f}x the filtered floor"
                print(f"{path:24} {took[path]:6.0f} ms  {ratios}")
            print(f"Compare's first chart / Compare's own widgets around one figure: {took['compare'] / widgets:4.2f}x")
            print(f"the first page / a one-figure page:                              {took['?home=821'] / floor:4.2f}x")
            select_floor = settle_ms(browser, servers["select"][1], repeats)
            compare = settle_ms(browser, f"{servers['app'][1]}/compare", repeats)
            print(f"inspection changed, one selectbox and one chart: {select_floor:6.0f} ms (the floor)")
            print(f"inspection changed on Compare until settled:   {compare:6.0f} ms  {compare / select_floor:4.2f}x")


if __name__ == "__main__":
    main()
