"""Page timing: navigation until the chart is drawn in headless Chromium, against a bare Streamlit page
drawing one Plotly figure (the framework's floor), and server time when a filter changes (AppTest).

Usage: python bench/page_timing.py [repeats]   (default 5). Needs a built database (python -m etl load).
Prints figures; asserts nothing. Ratios are steadier than milliseconds on a noisy machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
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
PAGES = {
    "overview": "[data-testid='stDataFrame']",
    "compare": ".js-plotly-plot .main-svg",
    "profile?la=821": ".js-plotly-plot .main-svg",
    "indicators": ".js-plotly-plot .main-svg",
    "sources?la=383": "[data-testid='stDataFrame']",
}


def time_to_draw(browser, url: str, selector: str, repeats: int) -> float:
    """Median milliseconds from navigation until the selector is drawn, each time in a fresh tab."""
    timings = []
    for _ in range(repeats + 1):  # the first, cold, load is not counted
        context = browser.new_context(viewport={"width": 1400, "height": 1600})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.locator(selector).first.wait_for(timeout=60000)
        timings.append((time.perf_counter() - start) * 1000)
        context.close()
    return statistics.median(timings[1:])


def filter_change_ms(repeats: int) -> float:
    """Median server time of a rerun after an area filter changes on the Compare page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/compare.py")
    at.run()
    choices = [["staying_safe"], ["being_healthy", "staying_safe"], ["overall_effectiveness"]]
    timings = []
    for number in range(repeats * 2):
        widget = at.multiselect(key="filter_area_many").set_value(choices[number % len(choices)])
        start = time.perf_counter()
        widget.run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings[repeats:])


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not Path(default_db_path()).exists():
        sys.exit("Build the database first: python -m etl load")
    with tempfile.TemporaryDirectory() as folder:
        servers = {}
        for name, text in (("bare", BARE_PAGE), ("filtered", FILTERED_PAGE)):
            script = Path(folder) / f"{name}.py"
            script.write_text(text)
            servers[name] = start_streamlit(script)
        servers["app"] = start_streamlit(REPO / "dashboard.py", default_db_path())
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                chart = ".js-plotly-plot .main-svg"
                floor = time_to_draw(browser, servers["bare"][1], chart, repeats)
                filtered = time_to_draw(browser, servers["filtered"][1], chart, repeats)
                print(f"bare Streamlit page with one Plotly figure: {floor:6.0f} ms (the floor)")
                print(f"the same behind three filters:              {filtered:6.0f} ms  {filtered / floor:4.2f}x the floor")
                for path, selector in PAGES.items():
                    took = time_to_draw(browser, f"{servers['app'][1]}/{path}", selector, repeats)
                    print(f"{path:16} {took:6.0f} ms  {took / floor:4.2f}x the floor, {took / filtered:4.2f}x the filtered floor")
                browser.close()
        finally:
            for server, _ in servers.values():
                server.terminate()
    print(f"server time when a filter changes (Compare, AppTest rerun): {filter_change_ms(repeats):.0f} ms")


if __name__ == "__main__":
    main()
