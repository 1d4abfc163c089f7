"""Every page of the running app in headless Chromium: the chart is drawn, no error shows, a screenshot is kept."""

from __future__ import annotations

import pytest

from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PAGES = {
    "": ("How is your authority doing?", ".js-plotly-plot .main-svg"),
    "about": ("About the data", "[data-testid='stDataFrame']"),
    "compare": ("Compare authorities", ".js-plotly-plot .main-svg"),
    "profile?la=821": ("Authority profile", ".js-plotly-plot .main-svg"),
    "sources?la=383": ("Sources of every grade", "[data-testid='stDataFrame']"),
    "indicators": ("Indicators beside the grades", ".js-plotly-plot .main-svg"),
}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


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
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path.split('?')[0] or 'home'}.png"), full_page=True)


def test_compare_chart_shows_the_three_authorities(page, app_url):
    page.goto(f"{app_url}/compare")
    legend = page.locator(".js-plotly-plot .legendtext").first
    legend.wait_for(timeout=30000)
    texts = page.locator(".js-plotly-plot").first.locator(".legendtext")
    names = set(texts.evaluate_all("nodes => nodes.map(node => node.textContent)"))
    assert {"Luton", "Leicester", "Leeds"} <= names


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
    assert page.get_by_text("Click a point to see where its grade comes from.").count() == 1  # only the CPA chart's
    page.wait_for_timeout(500)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "compare-selected-point.png"), full_page=True)
