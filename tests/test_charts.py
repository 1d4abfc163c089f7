"""Figures, views and queries tested on their data and layout, without Streamlit."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from etl import vocabulary
from insight import charts, export, queries, views

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def con(small_db):
    with duckdb.connect(str(small_db), read_only=True) as connection:
        yield connection


def test_trend_figure_has_a_line_per_authority_with_gaps_as_gaps(con):
    summary = queries.grade_summary(con, ["821", "383"], ["APA"], ["staying_safe"], 2005, 2008)
    fig = charts.trend_figure(summary, (2005, 2008))
    lines = {trace.name: trace for trace in fig.data if trace.mode == "lines+markers"}
    assert set(lines) == {"Luton", "Leeds"}
    luton = list(lines["Luton"].y)
    assert pd.isna(luton[0]) and luton[1] == 3 and pd.isna(luton[2]) and luton[3] == 3  # 2005 and 2007 stay gaps
    assert fig.layout.yaxis.ticktext == ("1 inadequate", "2 adequate", "3 good", "4 outstanding")
    assert fig.layout.yaxis.range == (0.5, 4.5)


def test_trend_figure_marks_conflicting_sources(tmp_path):
    summary = pd.DataFrame(
        {
            "authority": ["Gateshead"] * 2,
            "dfe_code": ["390"] * 2,
            "framework": ["APA"] * 2,
            "area_label": ["Staying safe"] * 2,
            "judgement_area": ["staying_safe"] * 2,
            "year": [2008, 2008],
            "grade": [2, 4],
            "grade_label": ["2 adequate", "4 outstanding"],
            "sources": [1, 1],
            "agreement": ["conflict", "conflict"],
            "cited": ["a (line 1)", "b (x)"],
        }
    )
    fig = charts.trend_figure(summary, (2005, 2008))
    crosses = [trace for trace in fig.data if trace.mode == "markers"]
    assert len(crosses) == 1 and sorted(crosses[0].y) == [2, 4] and crosses[0].marker.symbol == "x"


def test_grid_figure_writes_each_grade_and_marks_missing_rows(con):
    summary = queries.grade_summary(con, ["821", "856", "383"], ["APA"], ["staying_safe", "being_healthy"], 2008, 2008)
    chart = views.grid_chart(
        summary, views.Filters(("Luton", "Leicester", "Leeds"), "APA", ("staying_safe", "being_healthy"), (2008, 2008)), 2008
    )
    texts = [annotation.text for annotation in chart.figure.layout.annotations if annotation.xref != "paper"]
    assert chart.figure.data[0].y == ("Luton", "Leicester", "Leeds")
    assert texts == ["3 good", "3 good", "3 good", "2 adequate", "not loaded", "not loaded"]
    assert chart.title == "Ofsted APA grades by area, 2008"


def test_distribution_rests_on_at_least_three_authorities_and_says_so(con):
    members, described = queries.group_members(con, "all", None)
    distribution = queries.group_distribution(con, members, "CPA", ["children_and_young_people"], 2006)
    assert distribution["authorities"].sum() == distribution["group_size"].iloc[0] >= 3
    text = views.group_summary_text(distribution)[0]
    assert text.startswith("Children and young people (CPA score): median grade") and "good or better" in text
    small = queries.group_distribution(con, ["821", "856"], "CPA", ["children_and_young_people"], 2006)
    assert small.empty


def test_empty_selection_gives_an_explained_empty_figure():
    fig = charts.trend_figure(pd.DataFrame(columns=["authority", "area_label"]), (2005, 2008))
    assert fig.layout.annotations[0].text == "No grades are loaded for this selection"


def test_report_layout_has_title_filters_scale_and_source():
    fig = charts.report_layout(charts.empty_figure("x"), "APA grades", "Luton · Staying safe · 2005–2008", export.source_line(3))
    assert fig.layout.title.text == "APA grades"
    assert fig.layout.title.subtitle.text == "Luton · Staying safe · 2005–2008"
    footer = fig.layout.annotations[-1].text
    assert "4 outstanding, 3 good, 2 adequate, 1 inadequate" in footer
    assert "Source: Ofsted APA letters and council reports, 3 documents; Children's services inspection dashboard" in footer
    assert fig.layout.paper_bgcolor == "white"


def test_grade_colours_are_ordered_dark_to_light_for_greyscale():
    def lightness(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    assert [lightness(vocabulary.GRADE_COLOURS[g]) for g in (4, 3, 2, 1)] == sorted(
        lightness(c) for c in vocabulary.GRADE_COLOURS.values()
    )


def test_file_stem_says_what_the_chart_is():
    stem = export.file_stem("APA", ["staying_safe"], ["Luton", "Leicester", "Leeds"], (2005, 2008))
    assert stem == "apa-staying-safe-luton-leicester-leeds-2005-2008"


def test_standing_leaves_out_group_statistics_under_three(con):
    standing = queries.standing(con, "821", "region")
    apa = standing[standing["framework"] == "APA"]
    assert apa["group_median"].isna().all()
    cpa = standing[(standing["framework"] == "CPA") & (standing["year"] == 2006)]
    assert cpa["group_size"].iloc[0] >= 3


def test_changes_say_up_down_or_same():
    standing = pd.DataFrame(
        {
            "framework": ["APA"] * 3,
            "judgement_area": ["staying_safe"] * 3,
            "year": [2006, 2007, 2008],
            "grade": [2, 3, 3],
            "group_median": [None, 2.0, 3.0],
        }
    )
    changes = views.changes(standing)
    assert changes["change"].tolist() == ["", "▲ up", "= same"]
    assert changes["against_group"].tolist() == ["", "above the median", "at the median"]
