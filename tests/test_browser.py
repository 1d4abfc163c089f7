"""Every page of the running app in headless Chromium: the chart is drawn, no error shows, a screenshot is kept."""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.conftest import SCREENSHOTS, wait_until_settled

pytestmark = pytest.mark.browser

PAGES = {
    "?home=821": ("How is your authority doing?", ".js-plotly-plot .main-svg"),
    "about": ("About the data", "[data-testid='stDataFrame']"),
    "compare": ("Compare authorities", ".js-plotly-plot .main-svg"),
    "profile?la=821": ("Authority profile", ".js-plotly-plot .main-svg"),
    "sources?la=383": ("Sources of every grade", "[data-testid='stDataFrame']"),
    "indicators": ("Indicators beside the grades", ".js-plotly-plot .main-svg"),
    "england?fw=CPA&year=2008": ("England at a glance", ".js-plotly-plot .main-svg"),
    "add_documents": ("Add documents", "[data-testid='stFileUploaderDropzone']"),
}

# The labels of buttons whose text is wider than the room it has, which the browser cuts with an ellipsis.
CUT_BUTTON_LABELS = """() => [...document.querySelectorAll('button')].flatMap(b => [b, ...b.querySelectorAll('*')])
    .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.closest('button').innerText)"""


@pytest.mark.parametrize("path", PAGES)
def test_page_draws_without_errors(page, app_url, path):
    title, drawn = PAGES[path]
    page.goto(f"{app_url}/{path}")
    page.get_by_role("heading", name=title).wait_for(timeout=30000)
    page.locator(drawn).first.wait_for(timeout=30000)
    # the app's own navigation, even on a deep link to a freshly started server
    page.locator("[data-testid='stSidebarNav']").get_by_text("Compare authorities").wait_for(timeout=10000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("button", name="Deploy").count() == 0  # users see the viewer toolbar only
    assert page.evaluate(CUT_BUTTON_LABELS) == []  # no label ends in "…": "+ statistical neighbours…" said nothing
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path.split('?')[0] or 'home'}.png"), full_page=True)


def test_compare_chart_names_the_three_authorities_at_their_lines(page, app_url):
    page.goto(f"{app_url}/compare")
    page.locator(".js-plotly-plot .annotation-text").first.wait_for(timeout=30000)
    texts = page.locator(".js-plotly-plot").first.locator(".annotation-text")
    names = {re.sub(r" \(\d{4}\)$", "", t) for t in texts.evaluate_all("nodes => nodes.map(node => node.textContent)")}
    assert {"Luton", "Leicester", "Leeds"} <= names


# Every text box of every chart on the page, and whether each chart's title lies inside the chart.
TEXT_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
    const frame = plot.querySelector('.main-svg').getBoundingClientRect();
    const boxes = [...plot.querySelectorAll('text')]
        .filter(node => node.textContent.trim() && !node.closest('.hoverlayer') && !node.closest('.modebar'))
        .map(node => { const r = node.getBoundingClientRect();
                       return {text: node.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
        .filter(box => box.right > box.left);
    const titles = boxes.filter(box => [...plot.querySelectorAll('.gtitle, .gtitle-subtitle')]
        .some(node => node.textContent === box.text));
    return {frame: {left: frame.left, right: frame.right}, boxes, titles};
})"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    def meets(a: dict, b: dict) -> bool:
        return (
            min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
        )

    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if meets(a, b)]


def most_graded(db, how_many: int) -> list[str]:
    """The DfE codes of the authorities with the most APA grades loaded: the most crowded charts."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        sql = "SELECT dfe_code FROM grades WHERE framework = 'APA' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ?"
        return [row[0] for row in con.execute(sql, [how_many]).fetchall()]


@pytest.mark.parametrize("how_many", [8, 16])
def test_no_two_labels_overlap_and_every_title_fits_with_many_authorities(page, app_url, loaded_db, how_many):
    codes = most_graded(loaded_db, how_many)
    areas = "overall_effectiveness,staying_safe,enjoying_and_achieving,economic_wellbeing"
    compare = [f"compare?la={','.join(codes)}&area={areas}&group=all&view={view}" for view in ("trend", "grid", "group")]
    for path in (*compare, f"?home={codes[0]}&la={','.join(codes)}"):
        page.goto(f"{app_url}/{path}")
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
        page.wait_for_timeout(2500)
        charts = page.evaluate(TEXT_BOXES)
        assert charts
        for chart in charts:
            assert not overlapping(chart["boxes"]), (path, overlapping(chart["boxes"])[:5])
            for title in chart["titles"]:
                assert chart["frame"]["left"] <= title["left"] and title["right"] <= chart["frame"]["right"], title
        shot = path.split("?")[0] + (f"-{path.rsplit('view=', 1)[1]}" if "view=" in path else "") or "home"
        page.screenshot(path=str(SCREENSHOTS / f"{shot}-{how_many}-authorities.png"), full_page=True)


# On the drawn chart: each authority's name, where it stands in pixels, the band of pixels its last grade's band
# covers, whether it is joined to that grade by a leader line, and every marker's centre and size.
LABELS_ON_SCREEN = r"""() => {
    const gd = document.querySelector('.js-plotly-plot'), layout = gd._fullLayout;
    const pixel = (axis, value) => layout[axis]._offset + layout[axis].l2p(value);
    const axisName = ref => ref.replace('x', 'xaxis').replace('y', 'yaxis');
    const last = (name, xref) => {
        const trace = gd._fullData.find(t => t.name === name && t.mode === 'lines+markers' && t.xaxis === xref);
        const known = trace.y.map((y, i) => [trace.x[i], y]).filter(([, y]) => y !== null && y !== undefined);
        return known[known.length - 1];
    };
    const labels = layout.annotations.map((a, i) => [a, i]).filter(([a]) => a.arrowcolor && a.xref.startsWith('x'))
        .map(([a, i]) => {
            const name = a.text.replace(/<\/?b>/g, '').split(' (')[0];
            const [x, y] = last(name, a.xref);
            const yaxis = axisName(a.yref), box = gd.querySelector(`.annotation[data-index="${i}"] .annotation-text`)
                .getBoundingClientRect(), frame = gd.querySelector('.main-svg').getBoundingClientRect();
            return {text: a.text, joined: a.showarrow, centre: (box.top + box.bottom) / 2 - frame.top,
                    band: [pixel(yaxis, Math.round(y) + 0.5), pixel(yaxis, Math.round(y) - 0.5)],
                    arrow: !!gd.querySelector(`.annotation[data-index="${i}"] .annotation-arrow-g path`)};
        });
    const markers = [...gd.querySelectorAll('.scatterlayer .trace .points path')].map(node => {
        const r = node.getBoundingClientRect();
        return {x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2, size: Math.max(r.width, r.height)};
    });
    return {labels, markers};
}"""


@pytest.mark.parametrize("how_many", [3, 12, 16])
def test_on_screen_every_name_sits_in_its_grades_band_or_is_joined_and_no_marker_hides_another(
    page, app_url, loaded_db, how_many
):
    codes = most_graded(loaded_db, how_many)
    page.goto(f"{app_url}/compare?la={','.join(codes)}&area=overall_effectiveness,staying_safe,enjoying_and_achieving")
    page.locator(".js-plotly-plot .annotation-text").first.wait_for(timeout=30000)
    page.wait_for_timeout(1500)
    drawn = page.evaluate(LABELS_ON_SCREEN)
    assert drawn["labels"]
    for label in drawn["labels"]:
        if label["joined"]:
            assert label["arrow"], label
        else:
            assert label["band"][0] <= label["centre"] <= label["band"][1], label
    markers = drawn["markers"]
    for i, a in enumerate(markers):
        for b in markers[i + 1 :]:
            gap = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
            assert gap >= (a["size"] + b["size"]) / 2 - 1, (a, b)


def test_indicator_chart_has_region_and_england_lines(page, app_url):
    page.goto(f"{app_url}/indicators")
    page.locator(".js-plotly-plot .legendtext").first.wait_for(timeout=30000)
    texts = page.locator(".js-plotly-plot").first.locator(".legendtext")
    names = set(texts.evaluate_all("nodes => nodes.map(node => node.textContent)"))
    assert {"Luton", "Leicester", "Leeds", "England (computed)", "East of England (computed)"} <= names


def test_data_behind_a_chart_opens_on_request(page, app_url):
    page.goto(f"{app_url}/compare?area=staying_safe")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    assert page.locator("[data-testid='stExpander'] [data-testid='stDataFrame']").count() == 0
    page.get_by_text("The data behind “Ofsted APA grades over time”").click()
    page.locator("[data-testid='stExpander'] [data-testid='stDataFrame']").first.wait_for(timeout=30000)


def test_clicking_a_point_shows_its_source(page, app_url):
    page.goto(f"{app_url}/compare?la=821&area=staying_safe")
    point = page.locator(".js-plotly-plot .scatterlayer .point").first
    point.wait_for(timeout=30000)
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly takes clicks on its own layer
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    selected = page.locator("[data-testid='stDataFrame']").first
    selected.wait_for(timeout=30000)
    assert page.get_by_text("Click a point to see where its grade comes from, or open").count() == 0
    page.wait_for_timeout(500)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "compare-selected-point.png"), full_page=True)


def test_clicking_a_hex_opens_that_authoritys_profile(page, app_url):
    page.goto(f"{app_url}/england?fw=CPA&year=2008&la=821&home=821")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    at = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.find(t => t.name === 'authorities')"
        ".customdata.findIndex(c => c[0] === '301')"  # Barking and Dagenham
    )
    hexes = page.locator(".js-plotly-plot .scatterlayer .trace").last.locator(".point")
    box = hexes.nth(at).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator(".hoverlayer .hovertext")
    hover.wait_for(timeout=10000)
    assert "Barking and Dagenham: 3 out of 4 · 10th= of 68 loaded" in hover.text_content()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name="Authority profile").wait_for(timeout=30000)
    page.get_by_text("Barking and Dagenham · DfE code 301").wait_for(timeout=30000)
    assert "of=301" in page.url and "la=821" in page.url and "home=821" in page.url  # your authority and the rest kept


def test_a_grades_exact_words_can_be_reached_with_tab_and_enter_alone(page, app_url):
    page.goto(f"{app_url}/compare?la=359&area=staying_safe&from=2006&to=2006")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    target = "Where every grade in this chart comes from"
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.tagName + ' ' + document.activeElement.textContent")
        if focused.startswith("SUMMARY") and target in focused:
            break
    else:
        raise AssertionError("the list of every grade's sources was never reached with Tab")
    page.keyboard.press("Enter")
    page.get_by_text("in this area is inadequate").first.wait_for(timeout=30000)


def test_captions_meet_aa_contrast(page, app_url):
    page.goto(f"{app_url}/compare")
    caption = page.locator("[data-testid='stCaptionContainer']").first
    caption.wait_for(timeout=30000)
    rgba = caption.evaluate("node => getComputedStyle(node).color")
    channels = [float(v) for v in rgba[rgba.index("(") + 1 : -1].split(",")]
    alpha = channels[3] if len(channels) == 4 else 1.0
    red, green, blue = (alpha * c + (1 - alpha) * 255 for c in channels[:3])  # drawn over the white page

    def luminance(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    shade = 0.2126 * luminance(red) + 0.7152 * luminance(green) + 0.0722 * luminance(blue)
    assert 1.05 / (shade + 0.05) >= 4.5, rgba


def test_every_chart_has_an_accessible_name(page, app_url):
    page.goto(f"{app_url}/compare?group=all")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    assert page.get_by_role("figure", name=re.compile(r"^Ofsted APA grades over time\. Luton, Leicester, Leeds")).count() == 1
    for view in ("Grades by area for one year", "Against a comparator group"):  # each view's chart, opened as a user does
        page.get_by_role("tab", name=view).click()
        page.wait_for_timeout(1000)
        wait_until_settled(page)
        charts = page.locator("[data-testid='stPlotlyChart']")
        named = page.get_by_role("figure", name=re.compile(r"grades|score"))
        assert charts.count() == 1 and named.count() == 1, view


def chips(page, key: str) -> list[str]:
    """The chips a multiselect box shows, as the browser draws them."""
    return page.locator(f".st-key-{key} [data-tag-index]").all_inner_texts()


def choose(page, key: str, typed: str) -> None:
    """Pick a select box's option as a user does: type the start of it, then Enter."""
    page.locator(f".st-key-{key} input").first.fill(typed)
    page.keyboard.press("Enter")


# How many of a multiselect's chips lie outside its box (a row of chips that scrolls sideways hides the last ones).
CHIPS_OUT_OF_SIGHT = """key => {
    const box = document.querySelector(`.st-key-${key}`).getBoundingClientRect();
    return [...document.querySelectorAll(`.st-key-${key} [data-tag-index]`)]
        .map(chip => chip.getBoundingClientRect()).filter(r => r.right > box.right + 1 || r.left < box.left - 1).length;
}"""


def test_the_filters_show_what_the_chart_draws_and_the_link_holds(page, app_url):
    from urllib.parse import parse_qs, urlparse

    def url(param: str) -> list[str]:
        return parse_qs(urlparse(page.url).query).get(param, [""])[0].split(",")

    page.goto(f"{app_url}/compare?la=821,856,383")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    page.get_by_role("button", name="+ the East of England (10)").click()
    page.wait_for_function("() => document.querySelectorAll('.st-key-filter_la [data-tag-index]').length === 12")
    assert len(url("la")) == 12
    page.locator(".st-key-filter_la input").fill("Haringey")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.st-key-filter_la [data-tag-index]').length === 13")
    page.wait_for_timeout(1500)
    assert len(url("la")) == 13 and "309" in url("la"), "the group added stays when one more is typed"
    assert page.evaluate(CHIPS_OUT_OF_SIGHT, "filter_la") == 0, "every authority drawn shows in the box, none scrolled away"

    choose(page, "filter_fw", "Audit Commission")
    page.wait_for_function("() => document.querySelector('.st-key-filter_area_CPA') !== null")
    page.wait_for_timeout(1500)
    assert [chip.split("\n")[0] for chip in chips(page, "filter_area_CPA")] == ["Children and young people (CPA score)"]
    assert url("area") == ["children_and_young_people"]
    choose(page, "filter_fw", "Ofsted annual")
    page.wait_for_function("() => document.querySelector('.st-key-filter_area_APA') !== null")
    page.wait_for_timeout(1500)
    assert len(chips(page, "filter_area_APA")) == 4 and len(url("area")) == 4, "APA's own areas come back"
    assert page.evaluate(CHIPS_OUT_OF_SIGHT, "filter_area_APA") == 0

    choose(page, "filter_group", "Its statistical")
    page.wait_for_timeout(2500)
    assert url("group") == ["neighbours"]


def test_a_source_cut_short_in_the_sources_table_is_read_whole_by_clicking_its_row(page, app_url, loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        long_sources = {row[0] for row in con.execute("SELECT source FROM grades WHERE dfe_code = '383'").fetchall()}
    page.goto(f"{app_url}/sources?la=383")
    table = page.locator("[data-testid='stDataFrame']")
    table.wait_for(timeout=30000)
    page.get_by_text("click a row to read it whole").wait_for(timeout=30000)
    box = table.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 56 + 28)  # the second row's tick box, under the header
    said = page.locator("[data-testid='stMarkdownContainer'] li").first
    said.wait_for(timeout=30000)
    assert said.inner_text().startswith("Leeds, ")
    assert any(f": {source} (" in said.inner_text() for source in long_sources if len(source) > 80), said.inner_text()
