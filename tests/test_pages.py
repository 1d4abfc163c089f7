"""Pages, driven by Streamlit's AppTest: titles, filters, URL state, empty and bad input."""

from __future__ import annotations

import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import machine_names
from vocabulary.areas import AREA_LABELS
from vocabulary.comparison import NO_MEDIAN, NO_RANK

pytestmark = pytest.mark.pages


def chart_data(at: AppTest, chart: str):
    """The rows drawn in a chart, read from the table that opens under it."""
    at.session_state[f"{chart}-table"] = True
    at.run()
    tables = [e for e in at.expander if e.label.startswith("The data behind") and e.dataframe]
    assert tables, f"no {chart} chart on the page: {[e.label for e in at.expander]}"
    at.session_state[f"{chart}-table"] = False
    return machine_names(tables[0].dataframe[0].value)


def table(at: AppTest, *columns: str):
    """The first table on the page with these columns."""
    for frame in at.dataframe:
        if set(columns) <= set(machine_names(frame.value).columns):
            return machine_names(frame.value)
    raise AssertionError(f"no table with columns {columns}")


def test_about_the_data_shows_what_is_loaded_and_what_is_held_back(app):
    at = app("about")
    assert at.title[0].value == "About the data"
    held = table(at, "reason", "origin")
    assert {"Norfolk", "Isle of Wight", ""} <= set(held["authority"])
    assert "does not name the authority" in " ".join(held["reason"])
    documents = table(at, "file_name", "status")
    assert "derby_2008_cabinet_apa_jar.txt" in set(documents["file_name"])
    assert "open it on Add documents (below) and name its authority or year there" in " ".join(i.value for i in at.info)
    assert "Add documents: name a document's authority or year" in {link.label for link in at.get("page_link")}


def test_compare_defaults_to_luton_leicester_leeds(app):
    at = app("compare")
    assert at.title[0].value == "Compare authorities"
    trend = chart_data(at, "trend")
    assert set(trend["authority"]) == {"Luton", "Leicester", "Leeds"}
    assert set(trend["framework"]) == {"APA"}
    assert [chart.key for chart in at.get("plotly_chart")] == ["trend"], "only the open view is drawn"
    assert [tab.label for tab in at.tabs] == ["Trend", "Grades by area for one year", "Against a comparator group"]
    grid = app("compare", view="grid")  # a link to another view opens it, and draws only it
    assert [chart.key for chart in grid.get("plotly_chart")] == ["grid"]
    assert grid.segmented_control(key="grid_year_APA").value == 2008


def test_choosing_a_comparator_group_opens_its_view_and_the_link_keeps_it(app):
    at = app("compare")
    assert "Against" not in " ".join(s.value for s in at.subheader)
    at.selectbox(key="filter_group").set_value("region").run()
    assert "Against authorities in the East of England" in [s.value for s in at.subheader]
    assert at.query_params["view"] in ("group", ["group"])
    group_view = app("compare", group="region")  # a group in the link, no view named: the trend, with a tab for it
    assert [chart.key for chart in group_view.get("plotly_chart")] == ["trend"]
    none_chosen = app("compare", view="group")
    assert "Choose a comparator group above" in " ".join(i.value for i in none_chosen.info)


def test_a_view_the_page_does_not_have_is_said_once_and_the_trend_shown(app):
    at = app("compare", view="map")
    assert "The link names a view this page does not have (map); showing Trend." in [w.value for w in at.warning]
    assert [chart.key for chart in at.get("plotly_chart")] == ["trend"]


def test_the_cpa_score_is_an_inspection_of_its_own_compared_like_the_apa_in_its_own_words(app):
    at = app("compare", fw="CPA", group="all", **{"from": "2006", "to": "2006"})
    trend = chart_data(at, "trend")
    assert set(trend["framework"]) == {"CPA"} and set(trend["grade_label"]) <= {f"{g} out of 4" for g in (1, 2, 3, 4)}
    against = app("compare", fw="CPA", group="all", view="group", **{"from": "2006", "to": "2006"})
    group = chart_data(against, "group")
    assert (group["group_size"] >= 3).all() and set(group["framework"]) == {"CPA"}
    specs = " ".join(chart.proto.spec for chart in [*at.get("plotly_chart"), *against.get("plotly_chart")])
    assert "3 out of 4" in specs and "outstanding" not in specs.replace("4 outstanding, 3 good", "")


def test_changing_the_area_filter_changes_the_chart_data(app):
    at = app("compare")
    at.multiselect(key="filter_area_APA").set_value(["staying_safe"]).run()
    assert set(chart_data(at, "trend")["area_label"]) == {"Staying safe"}
    assert at.query_params["area"] in ("staying_safe", ["staying_safe"])


def test_changing_authorities_and_years_changes_the_chart_data(app):
    at = app("compare")
    at.multiselect(key="filter_la").set_value(["390", "394"]).run()
    at.select_slider(key="filter_years").set_value((2008, 2008)).run()
    trend = chart_data(at, "trend")
    assert set(trend["authority"]) == {"Gateshead", "Sunderland"} and set(trend["year"]) == {2008}


def test_url_parameters_restore_the_view(app):
    at = app("compare", la="390,831", fw="JAR", area="safeguarding,ldd", **{"from": "2008", "to": "2008"})
    trend = chart_data(at, "trend")
    assert set(trend["authority"]) == {"Derby"} and set(trend["area_label"]) == {
        "Safeguarding",
        "Learning difficulties and/or disabilities",
    }
    assert "No JAR grades are loaded for Gateshead" in " ".join(info.value for info in at.info)


def test_bad_url_values_give_a_message_not_a_traceback(app):
    at = app("compare", la="999,821", area="flying", **{"from": "1999", "to": "zzz"})
    warnings = " ".join(w.value for w in at.warning)
    assert "999" in warnings and "flying" in warnings and "outside 2005–2008" in warnings
    assert set(chart_data(at, "trend")["authority"]) == {"Luton"}


def test_authority_with_no_grades_explains_the_empty_state(app, loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        code, name = con.execute(
            "SELECT dfe_code, name FROM authorities WHERE dfe_code NOT IN (SELECT dfe_code FROM grades) ORDER BY name LIMIT 1"
        ).fetchone()
    at = app("compare", la=code)
    messages = " ".join(info.value for info in at.info)
    assert f"No APA grades are loaded for {name}" in messages
    assert not at.get("plotly_chart")


def test_comparator_group_distribution_states_its_statistic(app):
    at = app("compare", group="all", view="group", area="staying_safe,overall_effectiveness", **{"from": "2008", "to": "2008"})
    distribution = chart_data(at, "group")
    assert (distribution["group_size"] >= 3).all()
    captions = " ".join(c.value for c in at.caption)
    assert "good or better of" in captions and "median " not in captions, "a median of all 150 needs a third loaded"
    assert at.segmented_control(key="group_year_APA").value == 2008  # the comparison's year is chosen beside it


@pytest.mark.parametrize("page_name", ["compare", "profile"])
def test_statistical_neighbours_missing_is_said_plainly_with_the_page_that_adds_them(app, page_name):
    at = app(page_name, group="neighbours", vs="neighbours", view="group")
    assert "No statistical neighbour list is loaded, so Luton cannot be compared" in " ".join(i.value for i in at.info)
    assert "Add a statistical neighbour list" in {link.label for link in at.get("page_link")}


def test_profile_lists_changes_and_standing(app):
    at = app("profile", la="359")
    assert at.title[0].value == "Authority profile"
    changes = table(at, "change", "grade_label")
    assert set(changes["framework"]) == {"APA"} and "Staying safe" in set(changes["area_label"])
    assert "against_group" not in changes and NO_MEDIAN in [c.value for c in at.caption], "no empty column; why not"
    ranks = table(at, "Measure", "value").set_index("Measure")
    apa = ranks[ranks.index.str.startswith("Ofsted APA")]
    assert (apa["Rank among all authorities loaded"] == "").all() and (apa["Others loaded, or quarter"] == "").all()
    cpa = ranks[ranks.index.str.startswith("Audit Commission CPA")]["Rank among all authorities loaded"]
    assert cpa.str.endswith("loaded, of 150").all(), "a rank only where a third of the 150 are loaded, with its n"
    assert NO_RANK not in [c.value for c in at.caption]
    assert "Wigan" in at.caption[0].value


def test_sources_page_filters_and_shows_quotes(app):
    at = app("sources", la="359", fw="APA")
    assert at.title[0].value == "Sources of every grade"
    rows = table(at, "quote", "locator")
    assert set(rows["authority"]) == {"Wigan"} and len(rows) == 9
    assert rows["quote"].str.contains("in this area is").any()


def test_england_page_ranks_every_authority_and_says_where_the_chosen_stand(app):
    at = app("england", fw="CPA", year="2008", la="301,821")
    assert at.title[0].value == "England at a glance"
    ranked = table(at, "rank_text", "authority")
    assert len(ranked) == 150 and ranked["rank_text"].ne("").sum() == 68
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Barking and Dagenham: 3 out of 4,") and "of 68 loaded" in c for c in captions)
    assert "Luton: nothing loaded for Audit Commission CPA children and young people score, 2008." in captions
    assert not at.warning, "68 of 150 is enough to read standing by"


def test_england_page_warns_when_coverage_is_thin_and_shows_an_indicators_england_figure(app):
    at = app("england", fw="APA", marea="overall_effectiveness", year="2008")
    assert at.warning and at.warning[0].value.startswith("Only ")
    at = app("england", show="indicator", ind="U18_CONC_RATE", year="2006")
    assert any(c.value.startswith("England: 40.6 ") for c in at.caption)
    assert table(at, "rank_text", "value")["band"].iloc[0] == "Best quarter"


def test_the_england_year_list_counts_what_the_map_of_that_measure_draws(app, loaded_db):
    at = app("england", show="indicator", ind="U18_CONC_RATE", year="2006")
    year = next(box for box in at.selectbox if box.label == "Year")
    said = dict(re.match(r"(\d{4}) \((\d+) authorit", option).groups() for option in year.options)
    summary = next(m.value for m in at.markdown if m.value.startswith("Chart: "))
    loaded = re.search(r"(\d+) loaded, (\d+) not loaded", summary)
    assert said["2006"] == loaded[1] and int(loaded[1]) + int(loaded[2]) == 150
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        framework, area, alone = con.execute(
            "SELECT framework, judgement_area, year FROM grades GROUP BY ALL HAVING count(DISTINCT dfe_code) = 1 LIMIT 1"
        ).fetchone()
    at = app("england", fw=framework, marea=area, year=str(alone))
    year = next(box for box in at.selectbox if box.label == "Year")
    assert f"{alone} (1 authority)" in year.options, "one authority, not '1 authorities'"


@pytest.mark.parametrize(
    ("page", "params"),
    [("home", {"home": "821"}), ("compare", {"group": "all"}), ("profile", {"home": "821"}), ("indicators", {}),
     ("england", {}), ("sources", {})],
)  # fmt: skip
def test_wherever_a_csv_is_offered_an_excel_file_is_too(app, page, params):
    at = app(page, **params)
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels.count("CSV") >= 1 and labels.count("Excel") == labels.count("CSV"), labels


def test_a_link_cut_to_sixteen_authorities_or_naming_an_unknown_area_says_what_it_shows(app, loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        codes = [row[0] for row in con.execute("SELECT dfe_code FROM authorities ORDER BY name LIMIT 18").fetchall()]
    at = app("compare", la=",".join(codes))
    said = " ".join(w.value for w in at.warning)
    assert "The link names 18 authority codes; a chart holds at most 16, so the first 16 are shown" in said
    assert len(at.multiselect(key="filter_la").value) == 16
    at = app("sources", sarea="bar")
    said = " ".join(w.value for w in at.warning)
    assert "does not know (bar); showing every one instead." in said


def test_the_profile_ranks_run_in_the_order_of_the_areas_and_no_table_shows_none(app):
    at = app("profile", home="821")
    ranks = next(e for e in at.dataframe if "Measure" in e.value.columns)
    measures = list(ranks.value["Measure"])
    apa = [m for m in measures if m.startswith("Ofsted APA")]
    order = [AREA_LABELS[a].lower() for a in AREA_LABELS]
    assert [order.index(m.removeprefix("Ofsted APA ")) for m in apa] == sorted(
        order.index(m.removeprefix("Ofsted APA ")) for m in apa
    )
    assert all(element.proto.placeholder == "" for element in at.dataframe if element.value.isna().any().any())
    england = app("england", fw="CPA", year="2008")
    table = england.dataframe[0]
    assert table.value.isna().any().any() and table.proto.placeholder == "", "an unranked authority shows a blank"
