"""Indicators: the bundled series, exact geography, computed comparators, the user's own files, the page."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from etl import indicators
from insight import assembly, queries
from insight.specs import indicators as indicator_specs
from tests.conftest import machine_names, run_etl


def query(db, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.mark.unit
def test_fresh_load_holds_every_bundled_indicator_row_with_its_source(loaded_db):
    bundled = pd.concat([pd.read_csv(path, dtype=str) for path in indicators.BUNDLED_SERIES])
    expected = bundled["indicator_id"].value_counts().to_dict()
    assert dict(query(loaded_db, "SELECT indicator_id, count(*) FROM indicators GROUP BY 1")) == expected
    assert query(loaded_db, "SELECT count(*) FROM indicators WHERE coalesce(source, '') = '' OR coalesce(locator, '') = ''") == [
        (0,)
    ]
    out_of_range = query(
        loaded_db,
        """
        SELECT count(*) FROM indicators i JOIN indicator_catalogue c USING (indicator_id)
        WHERE i.value < 0 OR (c.unit = '%' AND i.value > 100) OR (c.unit = 'count' AND i.value <> round(i.value))
           OR (c.unit LIKE 'per 1,000%' AND i.value > 1000)
        """,
    )
    assert out_of_range == [(0,)]
    assert query(
        loaded_db, "SELECT count(*) FROM indicators WHERE indicator_id NOT IN (SELECT indicator_id FROM indicator_catalogue)"
    ) == [(0,)]


@pytest.mark.unit
def test_successor_authorities_are_never_added_up_into_the_old_county(loaded_db):
    assert query(loaded_db, "SELECT count(*) FROM indicators WHERE dfe_code IN ('820', '875')") == [(0,)]
    levels = dict(
        query(
            loaded_db,
            "SELECT area_name, any_value(area_level) FROM indicators "
            "WHERE area_name IN ('Bedford', 'Cheshire East', 'Hackney and City of London') GROUP BY 1",
        )
    )
    assert levels == {
        "Bedford": "successor authority (from 2009)",
        "Cheshire East": "successor authority (from 2009)",
        "Hackney and City of London": "combined area",
    }


@pytest.mark.unit
def test_computed_england_rate_matches_the_published_national_figures(loaded_db):
    from insight import queries

    with duckdb.connect(str(loaded_db), read_only=True) as con:
        series = queries.indicator_series(con, "U18_CONC_RATE", ["821"])
    england = series[series["area_level"] == "England (computed)"].set_index("year")
    # ONS/Hansard: England 1998 baseline 46.6, 2006 40.6 per 1,000 women aged 15-17
    assert england.loc[1998, "value"] == 46.6 and england.loc[2006, "value"] == 40.6
    assert england.loc[2006, "areas"] == 150 and "sum of conceptions" in england.loc[2006, "method"]
    region = series[series["area_level"] == "region (computed)"]
    assert set(region["area_name"]) == {"East of England (computed)"}


@pytest.mark.unit
def test_chart_years_from_periods():
    assert [indicators.chart_year(p) for p in ["2005/06", "2006 (at 30 Sep)", "2005 (academic year 2004/05)", "1998", "n/a"]] == [
        2006,
        2006,
        2005,
        1998,
        None,
    ]


@pytest.fixture
def indicator_file(tmp_path):
    path = tmp_path / "our_indicators.csv"
    path.write_text(
        "dfe_code,period,indicator_id,value,unit,polarity,source\n"
        "821,2006/07,LAC_3PLUS_PLACEMENTS,12.5,%,lower_better,Luton performance digest March 2007\n"
        "821,2007/08,LAC_3PLUS_PLACEMENTS,11,%,,\n"
        "821,2007/08,NOT_AN_INDICATOR,5,%,,Luton digest\n"
        "856,2007/08,LAC_3PLUS_PLACEMENTS,140,%,lower_better,Leicester digest\n"
        "Leicester,2006/07,LAC_3PLUS_PLACEMENTS,13.1,%,lower_better,Leicester digest\n"
    )
    return path


@pytest.mark.unit
def test_importing_an_indicator_file_loads_good_rows_and_reports_each_bad_one(tmp_path, indicator_file):
    db = tmp_path / "indicators.duckdb"
    result = run_etl("load", "--db", str(db), str(indicator_file))
    assert "our_indicators.csv:4: indicator 'NOT_AN_INDICATOR' is not in the catalogue" in result.stderr
    assert "our_indicators.csv:5: value 140 is over 100 for a percentage" in result.stderr
    assert result.returncode == 1
    rows = query(
        db,
        "SELECT dfe_code, year, value, source FROM indicators "
        "WHERE indicator_id = 'LAC_3PLUS_PLACEMENTS' AND source NOT LIKE 'https%' ORDER BY 1, 2",
    )
    assert rows == [
        ("821", 2007, 12.5, "Luton performance digest March 2007"),
        ("821", 2008, 11.0, "file our_indicators.csv"),
        ("856", 2007, 13.1, "Leicester digest"),
    ]
    again = run_etl("load", "--db", str(db))  # the file is kept: a rebuild still has its rows
    assert query(db, "SELECT count(*) FROM indicators WHERE source LIKE '%digest%' OR source = 'file our_indicators.csv'") == [
        (3,)
    ]
    assert "NOT_AN_INDICATOR" in again.stderr


@pytest.mark.unit
def test_a_kept_indicator_file_is_read_once_for_this_version_and_again_when_it_changes(tmp_path, indicator_file, monkeypatch):
    from etl import load

    db = tmp_path / "indicators.duckdb"
    run_etl("load", "--db", str(db), str(indicator_file))
    before = query(db, "SELECT * FROM indicators ORDER BY ALL")
    read = []
    original = load.indicators.read_indicator_file
    monkeypatch.setattr(
        load.indicators, "read_indicator_file", lambda path, index, **how: read.append(path.name) or original(path, index, **how)
    )
    again = run_etl("load", "--db", str(db))
    assert "our_indicators.csv" not in read and query(db, "SELECT * FROM indicators ORDER BY ALL") == before
    assert "NOT_AN_INDICATOR" in again.stderr, "its bad rows are still reported on every load"
    kept = tmp_path / "indicators_added" / indicator_file.name
    kept.write_text(kept.read_text().replace("12.5", "12.0"))  # the team corrects a value in the kept file
    run_etl("load", "--db", str(db))
    assert read.count("our_indicators.csv") == 1 and (12.0,) in query(
        db, "SELECT value FROM indicators WHERE source LIKE 'Luton%'"
    )


@pytest.mark.unit
def test_wide_xlsx_with_one_column_per_year_and_a_unit_mismatch(tmp_path):
    path = tmp_path / "wide.xlsx"
    pd.DataFrame(
        {
            "authority": ["Luton", "Leeds"],
            "indicator_id": ["KS4_5AC", "KS4_5AC"],
            "unit": ["%", "count"],
            "2006": [51.0, 52.2],
            "2007": [55.0, 55.9],
        }
    ).to_excel(path, index=False)
    from etl import AUTHORITIES_CSV
    from etl.authorities import AuthorityIndex

    checked = indicators.read_indicator_file(path, AuthorityIndex.from_csv(AUTHORITIES_CSV))
    assert sorted(zip(checked.rows["area_name"], checked.rows["year"], checked.rows["value"])) == [
        ("Luton", 2006, 51.0),
        ("Luton", 2007, 55.0),
    ]
    assert checked.problems == [
        f"{path}:3, column 2006: unit 'count' does not match the catalogue's '%' for KS4_5AC",
        f"{path}:3, column 2007: unit 'count' does not match the catalogue's '%' for KS4_5AC",
    ]


@pytest.mark.pages
def test_indicator_page_shows_the_three_authorities_with_region_and_england(loaded_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    monkeypatch.setenv("APA_DB", str(loaded_db))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/indicators.py")
    at.run()
    assert not at.exception and at.title[0].value == "Indicators beside the grades"
    at.session_state["indicator-table"] = True
    at.run()
    data = machine_names(next(e.dataframe[0].value for e in at.expander if "Under-18 conception rate" in e.label))
    areas = set(data["area_name"])
    assert {
        "Luton",
        "Leicester",
        "Leeds",
        "England (computed)",
        "East of England (computed)",
        "East Midlands (computed)",
    } <= areas
    chart = next(e for e in at.get("plotly_chart"))
    assert "black dashed" in chart.proto.spec and "4 outstanding" not in chart.proto.spec
    captions = " ".join(c.value for c in at.caption)
    assert "England (computed): sum of conceptions / sum of (conceptions / rate), over all areas, from 150 areas." in captions
    at.selectbox(key="filter_ind").set_value("KS4_5AC").run()
    at.session_state["indicator-table"] = True
    at.run()
    data = machine_names(next(e.dataframe[0].value for e in at.expander if "5+ GCSEs" in e.label))
    assert {"Leeds", "England"} <= set(data["area_name"])
    assert any("No values of" in info.value and "Luton" in info.value for info in at.info)


def indicator_chart(db, indicator: str, codes: list[str], names: tuple[str, ...]):
    from insight import queries

    with duckdb.connect(str(db), read_only=True) as con:
        catalogue = queries.indicator_catalogue(con).set_index("indicator_id")
        series = queries.indicator_series(con, indicator, codes)
    entry = {"indicator_id": indicator, **catalogue.loc[indicator].to_dict()}
    return indicator_specs.indicator_chart(series, entry, assembly.Filters(names, "", (), (0, 0)))


@pytest.mark.unit
def test_every_comparator_line_has_its_own_style_and_the_note_says_which(loaded_db):
    chart = indicator_chart(loaded_db, "U18_CONC_RATE", ["821", "856"], ("Luton", "Leicester"))
    comparators = [t for t in chart.figure.data if "(computed)" in t.name]
    assert len(comparators) == 3
    assert len({(t.line.dash, t.marker.symbol) for t in comparators}) == 3
    footer = chart.figure.layout.annotations[-1].text.replace("<br>", " ")
    words = {"dash": "black dashed", "dot": "grey dotted", "dashdot": "grey dash-dot", "longdash": "grey long dashes"}
    for trace in comparators:
        assert f"{trace.name}: {words[trace.line.dash]}" in footer
    assert chart.figure.layout.legend.orientation == "h"  # below the plot: never cut at the image's edge
    assert [t.name for t in chart.figure.data][:2] == ["Luton", "Leicester"]  # the order chosen, not the alphabet
    assert "-0-areas" not in chart.stem and chart.stem.startswith("u18-conc-rate-indicator-luton-leicester")


@pytest.mark.unit
def test_a_count_is_not_drawn_against_a_region_or_england_total(loaded_db):
    chart = indicator_chart(loaded_db, "U18_CONC_NUM", ["821", "856"], ("Luton", "Leicester"))
    assert {t.name for t in chart.figure.data} == {"Luton", "Leicester"}
    assert "counts are not set against totals" in chart.subtitle


@pytest.mark.unit
def test_hackney_and_cornwall_show_as_the_combined_areas_ons_publishes(loaded_db):
    chart = indicator_chart(loaded_db, "U18_CONC_RATE", ["204", "908"], ("Hackney", "Cornwall"))
    names = {t.name for t in chart.figure.data}
    assert {"Hackney and City of London (ONS combined area)", "Cornwall and Isles of Scilly (ONS combined area)"} <= names


NEET_ROWS = "dfe_code,period,indicator_id,value\n821,2007,neet_16_18,8.1\n856,2007,neet_16_18,9.4\n"
NEET_DEFINITION = (
    "indicator_id,name,unit,polarity,outcome_area,definition,source\n"
    "neet_16_18,16-18 year olds not in education or training,%,lower_better,economic_wellbeing,"
    "Share of 16-18 year olds known to the service not in education or training,Our own NEET returns\n"
)


@pytest.mark.unit
@pytest.mark.parametrize("where", ["sidecar", "columns"])
def test_a_file_defines_its_own_indicators_and_they_load_everywhere(tmp_path, where):
    path = tmp_path / "neet.csv"
    if where == "sidecar":
        path.write_text(NEET_ROWS)
        (tmp_path / "neet.indicators.csv").write_text(NEET_DEFINITION)
    else:
        definition = NEET_DEFINITION.splitlines()[1].split(",", 1)[1]
        path.write_text(
            "dfe_code,period,indicator_id,value,name,unit,polarity,outcome_area,definition,source\n"
            + "".join(f"{line},{definition}\n" for line in NEET_ROWS.splitlines()[1:])
        )
    db = tmp_path / "data" / "neet.duckdb"
    result = run_etl("load", "--db", str(db), str(path))
    assert result.returncode == 0, result.stderr
    assert query(db, "SELECT name, unit, polarity, outcome_area FROM indicator_catalogue WHERE indicator_id = 'neet_16_18'") == [
        ("16-18 year olds not in education or training", "%", "lower_better", "economic_wellbeing")
    ]
    assert query(db, "SELECT dfe_code, value FROM indicators WHERE indicator_id = 'neet_16_18' ORDER BY 1") == [
        ("821", 8.1),
        ("856", 9.4),
    ]
    again = run_etl("load", "--db", str(db))  # kept with its definition: a rebuild still has it
    assert again.returncode == 0 and query(db, "SELECT count(*) FROM indicators WHERE indicator_id = 'neet_16_18'") == [(2,)]
    with duckdb.connect(str(db), read_only=True) as con:
        ranks = queries.england_indicator(con, "neet_16_18", 2007).set_index("dfe_code")
    assert ranks.loc["821", "rank"] == 1 and ranks.loc["856", "rank"] == 2  # on the map and the table at once


@pytest.mark.unit
@pytest.mark.parametrize(
    ("definition", "said"),
    [
        ("neet_16_18,NEET,%,,economic_wellbeing,,\n", "missing polarity"),
        ("neet_16_18,NEET,%,up,economic_wellbeing,,\n", "polarity 'up' is not one of"),
        (
            "neet_16_18,NEET,%,lower_better,,,\nneet_16_18,NEET,count,lower_better,,,\n",
            "defined more than once, with different unit",
        ),
        ("U18_CONC_RATE,Conceptions,%,higher_better,,,\n", "is in data/indicators/catalogue.csv with another unit and polarity"),
    ],
)
def test_missing_or_contradictory_definitions_are_refused_with_the_reason(tmp_path, definition, said):
    path = tmp_path / "neet.csv"
    path.write_text(NEET_ROWS)
    (tmp_path / "neet.indicators.csv").write_text(NEET_DEFINITION.splitlines()[0] + "\n" + definition)
    db = tmp_path / "data" / "neet.duckdb"
    result = run_etl("load", "--db", str(db), str(path))
    assert result.returncode == 1
    assert said in result.stderr and "neet.indicators.csv" in result.stderr
