"""The dashboard as a director meets it: choices that follow the user, plain messages for bad links, new data at once."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DOCUMENTS, REPO, run_etl, run_etl_as_a_user, start_streamlit
from tests.test_pages import chart_data

RULES = DOCUMENTS.parent / "rules"


def url_value(at: AppTest, param: str) -> str:
    value = at.query_params.get(param, "")
    return ",".join(value) if isinstance(value, list) else value


@pytest.mark.pages
def test_choices_follow_the_user_through_every_page_and_stay_in_the_url(app):
    at = app("compare", la="309,390", area="staying_safe", group="all", **{"from": "2006", "to": "2008"})
    for page in ["about", "home", "profile", "indicators", "sources", "compare"]:
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert (url_value(at, "la"), url_value(at, "area"), url_value(at, "group")) == ("309,390", "staying_safe", "all"), page
    trend = chart_data(at, "trend")
    assert set(trend["authority"]) <= {"Haringey", "Gateshead"} and set(trend["area_label"]) == {"Staying safe"}
    assert at.select_slider(key="filter_years").value == (2006, 2008)


@pytest.mark.pages
def test_the_profile_shows_the_home_authority_the_first_chosen_by_default(app):
    at = app("profile", la="390,309")
    assert "Gateshead" in at.caption[0].value
    messages = " ".join(i.value for i in at.info)
    assert "Haringey" in messages  # the others in the link are named, not dropped silently
    at.switch_page("pages/home.py").run()
    assert at.selectbox(key="filter_home").value == "390"


@pytest.mark.pages
def test_a_link_with_no_known_authority_says_what_is_shown_instead(app):
    at = app("compare", la="999")
    warnings = " ".join(w.value for w in at.warning)
    assert "999" in warnings and "showing Luton (821), Leicester (856), Leeds (383) instead" in warnings


@pytest.mark.pages
def test_sixteen_authorities_and_a_whole_region_in_one_click(app, loaded_db):
    at = app("compare", la="821")
    button = next(b for b in at.button if b.key == "add-region")
    button.click().run()
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        region = {code for (code,) in con.execute("SELECT dfe_code FROM authorities WHERE region = 'East of England'").fetchall()}
    chosen = at.multiselect(key="filter_la").value
    assert set(chosen) == region and len(region) == 10  # Luton and the nine others of the East of England
    assert at.multiselect(key="filter_la").proto.max_selections == 16


@pytest.mark.pages
def test_todays_names_find_the_2005_2008_authority(app):
    at = app("compare")
    labels = [at.multiselect(key="filter_la").format_func(code) for code in ("820", "875", "837")]
    assert "Central Bedfordshire" in labels[0] and "Cheshire East" in labels[1]
    assert "Bournemouth, Christchurch and Poole" in labels[2]


@pytest.mark.browser
def test_a_document_loaded_while_the_dashboard_runs_shows_on_the_next_page_load(browser, tmp_path):
    db = tmp_path / "live.duckdb"
    assert run_etl("load", "--db", str(db)).returncode == 0
    server, url = start_streamlit(REPO / "dashboard.py", db)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(f"{url}/profile?home=353")
        page.get_by_text("No grades are loaded for Oldham").wait_for(timeout=30000)
        loaded = run_etl_as_a_user("load", "--db", str(db), str(RULES / "oldham_2007_scrutiny_note.txt"))
        assert loaded.returncode == 0, loaded.stderr
        page.reload()
        page.get_by_text("Chart: Oldham: every Ofsted APA grade by area and year").wait_for(timeout=30000)
        assert page.get_by_text("No grades are loaded for Oldham").count() == 0
        page.goto(f"{url}/about")
        page.get_by_role("heading", name="Documents added (1)").wait_for(timeout=30000)
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


DEVELOPER_HEADER = re.compile(r"^[a-z]+(_[a-z]+)+$")
HASHED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


@pytest.mark.pages
@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("home", {}),
        *[("compare", {"group": "all", "view": view}) for view in ("trend", "grid", "group")],
        ("compare", {"fw": "JAR", "la": "390,831", "area": "safeguarding"}),
        ("profile", {"home": "821"}),
        ("indicators", {}),
        ("sources", {}),
        ("about", {}),
    ],
)
def test_pages_speak_plain_words(app, page, params):
    at = app(page, **params)
    for expander in at.expander:
        if expander.label.startswith("The data behind"):
            at.session_state[expander.key] = True
    at.run()
    for frame in (element.value for element in at.dataframe):
        assert not [c for c in map(str, frame.columns) if DEVELOPER_HEADER.match(c)], (page, list(frame.columns))
        cells = frame.astype(str)
        assert not cells.isin(["None", "nan", "NaN", "<NA>", "NaT"]).any().any(), (page, list(frame.columns))
        assert not cells.apply(lambda column: column.str.contains(HASHED_FILE)).any().any(), page
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "title", "subheader") for e in getattr(at, kind)]
    assert not [t for t in texts if HASHED_FILE.search(str(t))], page


@pytest.mark.unit
def test_a_jar_chart_cites_jar_reports():
    from insight import assembly
    from insight.specs import compare as compare_specs

    summary = pd.DataFrame(columns=["authority", "area_label", "judgement_area", "year", "grade", "cited"])
    chart = compare_specs.trend_chart(summary, assembly.Filters(("Derby",), "JAR", ("safeguarding",), (2008, 2008)))
    assert "Joint area review reports" in chart.figure.layout.annotations[-1].text.replace("<br>", " ")


@pytest.mark.pages
@pytest.mark.parametrize("page", ["home", "compare", "profile", "indicators"])
def test_every_chart_has_a_sentence_saying_what_it_shows(app, page):
    at = app(page, group="all", home="821")
    summaries = [m.value for m in at.markdown if m.value.startswith("Chart: ")]
    assert len(summaries) == len(at.get("plotly_chart")) > 0
    assert all(re.search(r"\d+ (grades?|values) (drawn|counted)", s) for s in summaries), summaries
