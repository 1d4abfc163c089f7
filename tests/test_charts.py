"""Figures, finished charts and queries tested on their data and layout, without Streamlit."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest

from insight import assembly, charts, export, queries, tables, words
from insight.specs import compare as compare_specs
from insight.specs import home as home_specs
from insight.specs import profile as profile_specs
from vocabulary import display
from vocabulary.areas import AREA_LABELS

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def con(small_db):
    with duckdb.connect(str(small_db), read_only=True) as connection:
        yield connection


def lines_of(fig) -> dict:
    return {trace.name: trace for trace in fig.data if trace.mode == "lines+markers"}


def test_trend_puts_every_grade_on_its_year_and_breaks_the_line_where_a_year_has_none(con):
    summary = queries.grade_summary(con, ["821", "383"], ["APA"], ["staying_safe"], 2005, 2008)
    chart = compare_specs.trend_chart(summary, assembly.Filters(("Luton", "Leeds"), "APA", ("staying_safe",), (2005, 2008)))
    fig = chart.figure
    lines = lines_of(fig)
    assert list(lines) == ["Luton", "Leeds"]  # the order chosen
    luton = lines["Luton"]
    assert [round(x) for x in luton.x] == [2005, 2006, 2007, 2008] and all(abs(x - round(x)) < 0.35 for x in luton.x)
    assert pd.isna(luton.y[0]) and pd.isna(luton.y[2]) and round(luton.y[1]) == 3 and round(luton.y[3]) == 3
    assert not luton.connectgaps and not [trace for trace in fig.data if trace.line.dash], "nothing drawn across a gap"
    assert "A break in a line: no grade loaded for the year" in fig.layout.annotations[-1].text.replace("<br>", " ")
    assert fig.layout.yaxis.ticktext == ("1 inadequate", "2 adequate", "3 good", "4 outstanding")


def generated_trends(count: int, seed: int) -> pd.DataFrame:
    """count authorities' grades in four areas, 2005-2008, some years missing and some lines ending early."""
    import random

    rng = random.Random(seed)
    rows = []
    for number in range(count):
        last = rng.choice([2006, 2007, 2008, 2008, 2008])
        for area in ["Overall effectiveness", "Staying safe", "Enjoying and achieving", "Being healthy"]:
            for year in range(2005, last + 1):
                if year == last or rng.random() < 0.5:
                    grade = rng.choice([3, 3, 3, 2, 4, 1])
                    rows.append((f"Authority {number}", str(800 + number), area, year, grade))
    frame = pd.DataFrame(rows, columns=["authority", "dfe_code", "area_label", "year", "grade"])
    return frame.assign(framework="APA", judgement_area="x", grade_label="", sources=1, agreement="single", cited="")


@pytest.mark.parametrize("count", [3, 12, 16])
def test_every_name_sits_in_its_grades_band_or_is_joined_to_it_and_no_marker_covers_another(count):
    summary = generated_trends(count, seed=count)
    names = tuple(f"Authority {n}" for n in range(count))
    fig = compare_specs.trend_chart(summary, assembly.Filters(names, "APA", ("x",), (2005, 2008))).figure
    drawn = [trace for trace in fig.data if trace.mode == "lines+markers"]
    last_point = {
        (trace.xaxis, trace.name): [(x, y) for x, y in zip(trace.x, trace.y) if y is not None and not pd.isna(y)][-1]
        for trace in drawn
        if any(y is not None and not pd.isna(y) for y in trace.y)
    }
    labels = [a for a in fig.layout.annotations if a.arrowcolor and a.xref.startswith("x")]
    assert len(labels) == len(last_point)
    for label in labels:
        name = label.text.replace("<b>", "").replace("</b>", "").split(" (")[0]
        x, y = last_point[label.xref, name]
        if label.showarrow:  # joined by a leader line that ends at the point itself
            assert (label.x, label.y) == (x, y), label.text
        else:  # named in the band of the grade it labels, with the year it ends in
            assert abs(label.y - round(y)) < 0.5 and label.text.endswith(f"({round(x)})"), (label.text, label.y, y)
    width = charts.EXPORT_WIDTH - fig.layout.margin.l - fig.layout.margin.r
    for axis in {trace.xaxis for trace in drawn}:
        xaxis, yaxis = fig.layout[axis.replace("x", "xaxis")], fig.layout[axis.replace("x", "yaxis")]
        per_year = width / (xaxis.range[1] - xaxis.range[0])
        per_grade = fig.layout.height * (yaxis.domain[1] - yaxis.domain[0]) / 4
        points = [
            (x * per_year, y * per_grade, (round(x), round(y)), trace.marker.size)
            for trace in drawn
            if trace.xaxis == axis
            for x, y in zip(trace.x, trace.y)
            if y is not None and not pd.isna(y)
        ]
        for i, (ax, ay, cell, size) in enumerate(points):
            for bx, by, other, other_size in points[i + 1 :]:
                if cell == other:  # the same year and grade: side by side, neither covering the other
                    assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 >= (size + other_size) / 2, (axis, cell)


def test_trend_marks_conflicting_sources(tmp_path):
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


def test_each_line_is_named_at_its_end_and_no_two_names_overlap():
    codes = ["821", "856", "383", "390", "881", "919", "204", "908"]
    names = [f"Authority {n}" for n in range(8)]
    summary = pd.DataFrame(
        {
            "authority": names,
            "dfe_code": codes,
            "framework": "APA",
            "area_label": "Staying safe",
            "judgement_area": "staying_safe",
            "year": 2008,
            "grade": 3,  # all the same grade: the hardest case
            "grade_label": "3 good",
            "sources": 1,
            "agreement": "single source",
            "cited": "x (y)",
        }
    )
    fig = charts.trend_figure(summary, (2005, 2008))
    labels = [a for a in fig.layout.annotations if a.showarrow]
    assert sorted(a.text for a in labels) == sorted(["<b>Authority 0</b>", *names[1:]])  # each joined to its point
    pixels_per_unit = (fig.layout.height * (fig.layout.yaxis.domain[1] - fig.layout.yaxis.domain[0])) / 4
    heights = sorted(a.ay for a in labels)
    assert min(b - a for a, b in zip(heights, heights[1:])) * pixels_per_unit >= 14


def test_an_authority_keeps_its_colour_and_symbol_on_every_chart_and_the_home_is_strongest(con):
    first = assembly.Filters(("Luton", "Leicester", "Leeds"), "APA", ("staying_safe",), (2005, 2008), slots=(0, 1, 2))
    later = assembly.Filters(("Leeds", "Luton"), "CPA", ("children_and_young_people",), (2005, 2008), slots=(2, 0), home="Luton")
    apa = compare_specs.trend_chart(
        queries.grade_summary(con, ["821", "856", "383"], ["APA"], ["staying_safe"], 2005, 2008), first
    )
    cpa = compare_specs.trend_chart(
        queries.grade_summary(con, ["383", "821"], ["CPA"], ["children_and_young_people"], 2005, 2008), later
    )
    for name in ("Luton", "Leeds"):
        a, b = lines_of(apa.figure)[name], lines_of(cpa.figure)[name]
        assert (a.line.color, a.marker.symbol) == (b.line.color, b.marker.symbol)
    assert lines_of(apa.figure)["Luton"].line.width > 2 * lines_of(apa.figure)["Leeds"].line.width
    assert list(lines_of(cpa.figure)) == ["Leeds", "Luton"]


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_authority_colours_keep_at_least_3_to_1_on_white_each_pair_is_unique_and_the_homes_colour_its_own():
    assert all(contrast(colour, "#ffffff") >= 3 for colour in display.LINE_COLOURS)
    for home in ("0", "5"):
        styles = charts.authority_styles([str(n) for n in range(56)], home=home)
        assert len({(style.colour, style.symbol) for style in styles.values()}) == 56
        assert [name for name, style in styles.items() if style.colour == styles[home].colour] == [home]


def test_grade_scale_is_ordered_by_lightness_adequate_is_not_green_and_cell_text_is_legible():
    import colorsys

    def lightness(hex_colour: str) -> float:  # CIE L*
        y = relative_luminance(hex_colour)
        return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y

    lightness_by_grade = [lightness(display.GRADE_COLOURS[g]) for g in (1, 2, 3, 4)]
    assert all(a > b for a, b in zip(lightness_by_grade, lightness_by_grade[1:]))
    r, g, b = (int(display.GRADE_COLOURS[2][i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _, saturation = colorsys.rgb_to_hls(r, g, b)
    assert not (75 / 360 <= hue <= 165 / 360 and saturation > 0.25), "adequate reads as green"
    for grade in (1, 2, 3, 4):
        assert contrast(display.GRADE_COLOURS[grade], display.GRADE_TEXT_COLOURS[grade]) >= 4.5
    assert contrast(charts.NOT_LOADED_TEXT, "#ffffff") >= 4.5


def test_grids_run_years_in_calendar_order(con):
    summary = queries.grade_summary(con, ["821"], ["APA"], ["staying_safe", "being_healthy"], 2005, 2008)
    backwards = summary.sort_values("year", ascending=False)
    chart = profile_specs.profile_chart(backwards, "Luton", "APA", (2005, 2008))
    assert list(chart.figure.layout.xaxis.ticktext) == ["2006", "2008"]
    cpa = queries.grade_summary(con, ["821"], ["CPA"], ["children_and_young_people"], 2005, 2008)
    assert profile_specs.profile_chart(cpa, "Luton", "CPA", (2005, 2008)).figure.layout.annotations[0].text == "3 out of 4"


def test_grid_writes_each_grade_marks_missing_rows_and_bolds_the_home(con):
    summary = queries.grade_summary(con, ["821", "856", "383"], ["APA"], ["staying_safe", "being_healthy"], 2008, 2008)
    chart = compare_specs.grid_chart(
        summary, assembly.Filters(("Luton", "Leicester", "Leeds"), "APA", ("staying_safe", "being_healthy"), (2008, 2008)), 2008
    )
    texts = [annotation.text for annotation in chart.figure.layout.annotations if annotation.xref != "paper"]
    assert chart.figure.layout.yaxis.ticktext == ("<b>Luton</b>", "Leicester", "Leeds")
    assert texts == ["3 good", "3 good", "3 good", "2 adequate", "not loaded", "not loaded"]
    assert chart.title == "Ofsted APA grades by area, 2008"


def test_the_comparator_group_is_named_and_marks_only_its_members(con):
    members, described = queries.group_members(con, "all", None)
    members = [m for m in members if m != "390"]  # Gateshead stands outside this group
    distribution = queries.group_distribution(con, members, "CPA", ["children_and_young_people"], 2006)
    member_grades = queries.grade_summary(con, members, ["CPA"], ["children_and_young_people"], 2006, 2006)
    marks = queries.grade_summary(con, ["821", "390"], ["CPA"], ["children_and_young_people"], 2005, 2008)
    filters = assembly.Filters(
        ("Luton", "Gateshead", "Leeds"),
        "CPA",
        ("children_and_young_people",),
        (2005, 2008),
        described,
        (0, 1, 2),
        codes=("821", "390", "383"),
    )
    without_leeds = member_grades[member_grades["dfe_code"] != "383"]
    chart = compare_specs.distribution_chart(
        distribution, without_leeds, tuple(members), marks, filters, 2006, built="1 December 2026"
    )
    marked = [t.name for t in chart.figure.data if t.mode == "markers"]
    assert marked == ["Luton"] and "not in the group, so not marked: Gateshead" in chart.subtitle
    assert "no 2006 grade in these areas: Leeds" in chart.subtitle
    footer = chart.figure.layout.annotations[-1].text.replace("<br>", " ")
    for phrase in (
        "Statistic: the number of the group's authorities at each grade",
        "median 3 out of 4",
        "of 5 authorities",
        "not a national picture",
        "data built 1 December 2026",
    ):
        assert phrase in footer, phrase
    assert f"published, {assembly.documents_behind(without_leeds)} document" in footer  # what the distribution rests on
    rows = pd.read_csv(io.BytesIO(export.chart_csv(chart.data, chart.csv_columns, chart.built)))
    assert set(rows["dfe_code"].astype(str)) == set(without_leeds["dfe_code"])
    assert rows["cited"].str.len().gt(0).all() and set(rows["group_share_good_or_better"]) == {"60%"}
    assert set(rows["data_built"]) == {"1 December 2026"} and rows["exported"].notna().all()


def test_a_group_of_fewer_than_three_draws_nothing(con):
    assert queries.group_distribution(con, ["821", "856"], "CPA", ["children_and_young_people"], 2006).empty


def test_ordinal_medians_are_grades_or_between_two_grades():
    assert words.median_words(3.0) == "3 good"
    assert words.median_words(2.5) == "between adequate and good"
    assert words.median_words(2.5, "CPA") == "between 2 and 3 out of 4"
    distribution = pd.DataFrame(
        {
            "framework": "APA",
            "judgement_area": "staying_safe",
            "area_label": "Staying safe",
            "grade": [2, 3],
            "authorities": [2, 2],
            "group_size": 4,
            "median_grade": 2.5,
            "share_good_or_better": 0.5,
        }
    )
    assert words.group_summary_text(distribution) == [
        "Staying safe: median between adequate and good (2 good, 2 adequate); 50% good or better of 4 authorities"
    ]


def test_empty_selection_gives_an_explained_empty_figure():
    fig = charts.trend_figure(pd.DataFrame(columns=["authority", "area_label"]), (2005, 2008))
    assert fig.layout.annotations[0].text == "No grades are loaded for this selection"


def test_report_layout_has_title_filters_scale_and_both_dates():
    fig = charts.report_layout(
        charts.empty_figure("x"), "APA grades", "Luton · Staying safe · 2005–2008", assembly.source_line(3, built="1 May 2026")
    )
    assert fig.layout.title.text == "APA grades"
    assert fig.layout.title.subtitle.text == "Luton · Staying safe · 2005–2008"
    footer = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert "4 outstanding, 3 good, 2 adequate, 1 inadequate" in footer
    assert "Source: Ofsted APA letters and council reports, 3 documents; data built 1 May 2026; drawn " in footer
    assert fig.layout.paper_bgcolor == "white"


def font_sizes(fig) -> list[float]:
    sizes = [fig.layout.font.size, fig.layout.title.font.size, fig.layout.title.subtitle.font.size]
    if fig.layout.showlegend:
        sizes.append(fig.layout.legend.font.size)
    sizes += [a.font.size or fig.layout.font.size for a in fig.layout.annotations[:-1]]
    sizes += [t.textfont.size for t in fig.data if getattr(t, "textfont", None) and t.textfont.size]
    return sizes


def test_every_label_is_at_least_9_pt_and_the_source_8_pt_at_16_cm(con):
    points_per_px = 16 / 2.54 * 72 / charts.EXPORT_WIDTH
    summary = queries.grade_summary(con, ["821", "856", "383"], ["APA"], ["staying_safe", "being_healthy"], 2005, 2008)
    filters = assembly.Filters(("Luton", "Leicester", "Leeds"), "APA", ("staying_safe", "being_healthy"), (2005, 2008))
    members, described = queries.group_members(con, "all", None)
    distribution = queries.group_distribution(con, members, "CPA", ["children_and_young_people"], 2006)
    member_grades = queries.grade_summary(con, members, ["CPA"], ["children_and_young_people"], 2006, 2006)
    figures = [
        compare_specs.trend_chart(summary, filters).figure,
        compare_specs.grid_chart(summary, filters, 2008).figure,
        profile_specs.profile_chart(summary, "Luton", "APA", (2005, 2008)).figure,
        home_specs.standing_chart(summary, "821", "Luton", "East of England", ("821", "856"), 2008).figure,
        compare_specs.distribution_chart(distribution, member_grades, tuple(members), member_grades, filters, 2006).figure,
    ]
    for fig in figures:
        assert min(font_sizes(fig)) * points_per_px >= 9
        assert fig.layout.annotations[-1].font.size * points_per_px >= 8
    assert export.toolbar_config("x", 500)["toImageButtonOptions"]["width"] == charts.EXPORT_WIDTH


def test_file_stem_says_what_the_chart_is():
    stem = export.file_stem("APA", ["staying_safe"], ["Luton", "Leicester", "Leeds"], (2005, 2008))
    assert stem == "apa-staying-safe-luton-leicester-leeds-2005-2008"


def test_standing_leaves_out_group_statistics_under_three(con):
    standing = queries.standing(con, "821", "region")
    apa = standing[standing["framework"] == "APA"]
    assert apa["group_median"].isna().all()
    cpa = standing[(standing["framework"] == "CPA") & (standing["year"] == 2006)]
    assert cpa["group_size"].iloc[0] >= 3


def test_changes_say_up_down_or_same_since_when_and_across_which_gap():
    standing = pd.DataFrame(
        {
            "framework": ["APA"] * 3,
            "judgement_area": ["staying_safe"] * 3,
            "year": [2005, 2006, 2008],
            "grade": [2, 3, 3],
            "group_median": [None, 2.0, 2.5],
            "group_share_good_or_better": [None, 0.4444444444444444, 0.5],
        }
    )
    changes = tables.changes(standing)
    assert changes["change"].tolist() == ["", "▲ up since 2005", "= same since 2006 (no grade for 2007)"]
    assert changes["against_group"].tolist() == ["", "above the median", "above the median"]
    assert changes["group_median"].tolist() == ["", "2 adequate", "between adequate and good"]
    assert changes["group_share_good_or_better"].tolist() == ["", "44%", "50%"]


@pytest.mark.unit
def test_changes_list_the_areas_in_the_order_every_chart_shows_them():
    areas = ["economic_wellbeing", "childrens_services", "being_healthy"]
    standing = pd.DataFrame({"framework": "APA", "judgement_area": areas, "year": 2006, "grade": 3, "group_median": None})
    listed = tables.changes(standing)["judgement_area"].tolist()
    assert listed == sorted(areas, key=list(AREA_LABELS).index) == ["childrens_services", "being_healthy", "economic_wellbeing"]


@pytest.mark.unit
def test_a_profile_cell_for_an_area_not_judged_that_year_says_so_not_that_it_is_missing(small_db):
    with duckdb.connect(str(small_db), read_only=True) as con:
        rows = queries.grade_summary(con, ["821"], ["APA"], ["staying_safe", "being_healthy"], 2005, 2008)
    headline = rows.iloc[[0]].assign(judgement_area="childrens_services", area_label="Children's services", year=2006)
    drawn = profile_specs.profile_chart(pd.concat([rows, headline]), "Luton", "APA", (2005, 2008))
    (grid,) = [trace for trace in drawn.figure.data if trace.type == "heatmap"]
    assert [list(row) for row in grid.text] == [
        ["3 good", "not judged"],  # the 2005-06 headline grade: no longer judged in 2008
        ["not loaded", "3 good"],  # being healthy was judged in 2006: nothing is loaded for it
        ["3 good", "3 good"],
    ]


def test_one_grade_scale_everywhere_the_comparator_chart_draws_the_grids_colours_solid(con):
    members, described = queries.group_members(con, "all", None)
    distribution = queries.group_distribution(con, members, "CPA", ["children_and_young_people"], 2006)
    member_grades = queries.grade_summary(con, members, ["CPA"], ["children_and_young_people"], 2006, 2006)
    filters = assembly.Filters(("Luton",), "CPA", ("children_and_young_people",), (2005, 2008), described, (0,), codes=("821",))
    group = compare_specs.distribution_chart(distribution, member_grades, tuple(members), member_grades, filters, 2006).figure
    bubbles = [trace for trace in group.data if trace.mode == "markers+text"]
    assert bubbles and all(trace.opacity in (None, 1) and trace.marker.opacity in (None, 1) for trace in bubbles)
    assert {trace.marker.color for trace in bubbles} == {display.GRADE_COLOURS[int(trace.x[0])] for trace in bubbles}
    summary = queries.grade_summary(con, ["821", "856"], ["APA"], ["staying_safe"], 2008, 2008)
    grid = compare_specs.grid_chart(
        summary, assembly.Filters(("Luton", "Leicester"), "APA", ("staying_safe",), (2008, 2008)), 2008
    )
    scale = [colour for _, colour in grid.figure.data[0].colorscale]
    assert scale == [display.GRADE_COLOURS[grade] for grade in (1, 2, 3, 4)], "the grid's cells: the same four colours"
