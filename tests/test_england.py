"""England at a glance: every authority on one map and in one ranked table, each value as the database holds it."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest

from insight import charts, export, queries, tables, words
from insight.specs import england as england_specs

pytestmark = pytest.mark.unit

CPA_2008 = england_specs.Measure(2008, framework="CPA", area="children_and_young_people")


@pytest.fixture(scope="module")
def con(loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def cpa_map(con):
    rows = queries.england_grades(con, "CPA", "children_and_young_people", 2008)
    return england_specs.england_map_chart(rows, queries.map_hexes(con), CPA_2008, ("821", "820"), built="2 December 2026")


def test_every_2005_2008_authority_has_a_hex_and_the_split_counties_two(con):
    hexes = queries.map_hexes(con)
    assert hexes["dfe_code"].nunique() == 150 and len(hexes) == 152
    assert not hexes.duplicated(["q", "r"]).any()
    per_authority = hexes.groupby("name").size()
    assert per_authority[per_authority > 1].to_dict() == {"Bedfordshire": 2, "Cheshire": 2}
    bournemouth, poole = (hexes[hexes["name"] == name][["q", "r"]].iloc[0].tolist() for name in ("Bournemouth", "Poole"))
    assert bournemouth != poole


def test_the_cpa_2008_map_colours_68_authorities_and_hatches_82(cpa_map):
    legend = [trace.name for trace in cpa_map.figure.data if trace.showlegend is not False]
    assert "Not loaded (82)" in legend
    coloured = cpa_map.data[cpa_map.data["band"] != charts.NOT_LOADED_BAND]
    assert len(coloured) == 68 and "68 loaded, 82 not loaded" in cpa_map.subtitle
    assert sum(int(name.split("(")[-1].rstrip(")")) for name in legend if "out of 4" in name) == 68


def test_on_paper_every_hex_carries_its_code_and_the_key_names_each_code(con, cpa_map):
    hexes = queries.map_hexes(con)
    codes = hexes.drop_duplicates("dfe_code")["short_code"]
    assert codes.str.fullmatch(r"[A-Z]{3}").all() and codes.nunique() == 150, "a code of its own for every authority"
    printed = cpa_map.for_print
    labels = next(trace for trace in printed.data if trace.name == "codes")
    drawn = {(round(x, 3), round(y, 3)): code for x, y, code in zip(labels.x, labels.y, labels.text)}
    centres = hexes.assign(x=hexes["q"] + 0.5 * (hexes["r"] % 2), y=hexes["r"] * 0.866)
    assert drawn == {(round(x, 3), round(y, 3)): code for x, y, code in zip(centres["x"], centres["y"], centres["short_code"])}
    footer = printed.layout.annotations[-1].text.replace("<br>", " ")
    for code, name in zip(hexes["short_code"], hexes["name"]):
        assert f"{code} {name};" in footer or footer.count(f"{code} {name}") == 1, code
    assert min(labels.textfont.size, printed.layout.font.size) >= 14, "9 pt or more at 16 cm"
    assert not [t for t in cpa_map.figure.data if t.name == "codes"], "on screen each hex names itself when hovered"


def test_an_indicator_map_names_its_publisher_not_the_file_it_was_copied_from(loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        entry = queries.indicator_catalogue(con).set_index("indicator_id").loc["U18_CONC_RATE"].to_dict()
        measure = england_specs.measure_of(2006, entry={"indicator_id": "U18_CONC_RATE", **entry})
        chart = england_specs.england_map_chart(
            queries.england_indicator(con, "U18_CONC_RATE", 2006), queries.map_hexes(con), measure, ()
        )
    footer = chart.for_print.layout.annotations[-1].text.replace("<br>", " ")
    assert "github:" not in footer and "Source: ONS, Conceptions in England and Wales" in footer
    assert f"from {entry['source']}" in footer


@pytest.mark.parametrize("lines", [1, 2, 3])
def test_a_title_of_any_length_keeps_its_gap_from_the_top_edge(lines):
    title = " ".join(["grades"] * (8 * lines - 1))  # 58 characters fit on a title's line
    fig = charts.report_layout(charts.empty_figure("x"), title, "subtitle", "Source: x")
    assert fig.layout.title.text.count("<br>") == lines - 1
    assert (1 - fig.layout.title.y) * fig.layout.height == pytest.approx(charts.TITLE_GAP + 25 * (lines - 1))


def test_a_split_county_is_drawn_over_both_its_hexes(con, cpa_map):
    hexes = queries.map_hexes(con).groupby("dfe_code").size()
    bedfordshire = cpa_map.data.set_index("authority").loc["Bedfordshire", "band"]
    members = cpa_map.data.loc[cpa_map.data["band"] == bedfordshire, "dfe_code"]
    band = next(t for t in cpa_map.figure.data if t.name.startswith(bedfordshire))
    assert sum(1 for value in band.x if value is None) == hexes[members].sum() > len(members)
    assert band.name == f"{bedfordshire} ({len(members)})"  # counted once, drawn twice
    outlined = next(t for t in cpa_map.figure.data if t.name == "Chosen authorities")
    assert sum(1 for value in outlined.x if value is None) == 3  # Luton's hex and Bedfordshire's two


def test_the_caption_says_where_the_bbc_table_stops(cpa_map):
    footer = cpa_map.figure.layout.annotations[-1].text.replace("<br>", " ")
    assert "55 from BBC News, whose table reaches only from Barking and Dagenham to Kent" in footer
    assert "Open Innovations, MIT licence" in footer
    assert "Camden to" not in footer, "a scattered source is not described as a run"


def test_ranks_are_shared_by_ties_and_always_carry_their_n(con, cpa_map):
    grades = con.execute(
        "SELECT dfe_code, grade FROM grades WHERE framework = 'CPA' AND year = 2008 AND judgement_area = ?",
        ["children_and_young_people"],
    ).df()
    table = cpa_map.data.set_index("dfe_code")
    for code, grade in zip(grades["dfe_code"], grades["grade"]):
        better = int((grades["grade"] > grade).sum())
        assert table.loc[code, "rank"] == better + 1
        assert table.loc[code, "rank_text"].startswith(words.ordinal(better + 1)) and table.loc[code, "rank_text"].endswith(
            " of 68 loaded, of 150"
        )
        assert table.loc[code, "higher"] == better and table.loc[code, "same"] == int((grades["grade"] == grade).sum()) - 1
    assert (table["rank_text"] == "").sum() == 82


def test_sources_that_disagree_are_listed_and_left_unranked(small_db):
    with duckdb.connect(str(small_db), read_only=True) as con:
        table = england_specs.ranked(
            queries.england_grades(con, "APA", "staying_safe", 2008), england_specs.Measure(2008, "APA", "staying_safe")
        )
    table = table.set_index("authority")
    assert table.loc["Gateshead", "band"] == england_specs.CONFLICT_BAND and table.loc["Gateshead", "rank_text"] == ""
    assert table.loc["Gateshead", "shown"] == "2 and 4 (sources disagree)"
    assert table.loc["Luton", "rank_text"] == "" and pd.isna(table.loc["Luton", "rank"]), "no place among 2 of 150"


def test_thin_coverage_is_said_plainly(small_db, cpa_map):
    with duckdb.connect(str(small_db), read_only=True) as con:
        measure = england_specs.Measure(2008, "APA", "staying_safe")
        table = england_specs.ranked(queries.england_grades(con, "APA", "staying_safe", 2008), measure)
    assert words.thin_coverage(table, measure).startswith("Only 2 of 150 authorities")
    assert words.thin_coverage(cpa_map.data, CPA_2008) == ""  # 68 is more than a third of 150


@pytest.mark.parametrize("polarity", ["lower_better", "higher_better", "neutral"])
def test_indicator_quartiles_follow_the_polarity(loaded_db, polarity):
    with duckdb.connect() as con:  # the loaded values, with the indicator's polarity set to each in turn
        con.execute(f"ATTACH '{loaded_db}' AS loaded (READ_ONLY)")
        con.execute("CREATE TABLE authorities AS FROM loaded.authorities")
        con.execute("CREATE TABLE indicators AS FROM loaded.indicators")
        con.execute(
            "CREATE TABLE indicator_catalogue AS SELECT * REPLACE (?::VARCHAR AS polarity) FROM loaded.indicator_catalogue",
            [polarity],
        )
        rows = queries.england_indicator(con, "U18_CONC_RATE", 2006)
    measure = england_specs.Measure(
        2006, indicator_id="U18_CONC_RATE", indicator_name="Under-18 conception rate", unit="rate", polarity=polarity
    )
    table = england_specs.ranked(rows, measure).dropna(subset=["value"])
    lowest_first = polarity == "lower_better"
    assert table.loc[table["rank"] == 1, "value"].iloc[0] == (table["value"].min() if lowest_first else table["value"].max())
    top, bottom = table[table["quartile"] == 1], table[table["quartile"] == 4]
    assert len(top) == len(table) // 4
    assert (top["value"].max() < bottom["value"].min()) if lowest_first else (top["value"].min() > bottom["value"].max())
    quarters = words.QUARTER_WORDS["neutral" if polarity == "neutral" else "better"]
    assert set(top["band"]) == {quarters[0]} and set(bottom["band"]) == {quarters[3]}


def test_the_england_figure_is_computed_from_every_area_or_not_shown(con):
    measure = england_specs.Measure(
        2006, indicator_id="U18_CONC_RATE", indicator_name="Under-18 conception rate", unit="per 1,000"
    )
    said = words.england_figure(queries.indicator_series(con, "U18_CONC_RATE", []), measure)
    assert said.startswith("England: 40.6 per 1,000 in 2006 (computed:")
    none = words.england_figure(queries.indicator_series(con, "U18_CONC_RATE", []), england_specs.Measure(2030, indicator_id="x"))
    assert "none is shown" in none


def test_csv_and_excel_hold_the_table_on_the_page(con, cpa_map):
    from_csv = pd.read_csv(io.BytesIO(export.chart_csv(cpa_map.data, cpa_map.csv_columns, cpa_map.built)), dtype=str)
    workbook = export.chart_xlsx(cpa_map.title, cpa_map.data, cpa_map.csv_columns, cpa_map.built, cpa_map.notes)
    from_xlsx = pd.read_excel(io.BytesIO(workbook), sheet_name="Data", dtype=str)
    assert list(from_csv.columns) == [*cpa_map.csv_columns, "data_built", "exported"]
    assert list(from_xlsx.columns) == [tables.COLUMN_LABELS.get(column, column) for column in from_csv.columns]
    from_xlsx.columns = from_csv.columns  # the same columns under plain headers
    assert len(from_csv) == len(from_xlsx) == 150
    stored = (
        con.execute("SELECT dfe_code, grade::VARCHAR AS grade FROM grades WHERE framework = 'CPA' AND year = 2008")
        .df()
        .set_index("dfe_code")["grade"]
    )
    for exported in (from_csv, from_xlsx):
        graded = exported.dropna(subset=["shown"]).set_index("dfe_code")
        assert graded["shown"].str[0].to_dict() == stored.to_dict()
        assert graded["cited"].notna().all()


def test_the_profile_gives_each_measure_its_rank_and_band(con, cpa_map):
    ranks = tables.standing_table(queries.authority_ranks(con, "301"))
    cpa = ranks[ranks["Measure"].str.startswith("Audit Commission CPA") & (ranks["Year"] == 2008)].iloc[0]
    assert cpa["Rank among all authorities loaded"] == cpa_map.data.set_index("dfe_code").loc["301", "rank_text"]
    row = cpa_map.data.set_index("dfe_code").loc["301"]
    assert cpa["Others loaded, or quarter"] == f"{row['higher']} higher, {row['same']} the same, {row['lower']} lower"
    rates = tables.standing_table(queries.authority_ranks(con, "821"))
    rate_2006 = rates[rates["Measure"].str.startswith("Under-18 conception rate") & (rates["Year"] == 2006)].iloc[0]
    england = (
        england_specs.ranked(
            queries.england_indicator(con, "U18_CONC_RATE", 2006),
            england_specs.Measure(2006, indicator_id="x", polarity="lower_better"),
        )
        .set_index("dfe_code")
        .loc["821"]
    )
    assert rate_2006["Rank among all authorities loaded"] == england["rank_text"]
    assert rate_2006["Others loaded, or quarter"] == england["band"]
    counts = rates[rates["Measure"].str.startswith("Under-18 conceptions (number)")]
    assert not counts["Others loaded, or quarter"].str.contains("Best|Worst").any(), "a count has no better direction"
