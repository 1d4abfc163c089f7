"""Report exports: PNG and SVG through Kaleido and Debian's Chromium, the CSV behind a chart, and the downloads in the browser."""

from __future__ import annotations

import io
import re
import struct

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from insight import assembly, export, queries, words
from insight.specs import compare as compare_specs
from insight.specs import england as england_specs
from tests.conftest import REPO

FILTERS = assembly.Filters(("Luton", "Leicester", "Leeds"), "APA", ("staying_safe",), (2005, 2008))


@pytest.fixture(scope="module")
def trend(loaded_db) -> assembly.Chart:
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        summary = queries.grade_summary(con, ["821", "856", "383"], ["APA"], ["staying_safe"], 2005, 2008)
    return compare_specs.trend_chart(summary, FILTERS)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.browser
def test_png_is_report_sized_with_a_white_background(trend):
    from PIL import Image

    data = export.image_bytes(trend.figure, "png")
    width, height = png_size(data)
    assert width >= 1600 and height > 600
    assert Image.open(io.BytesIO(data)).convert("RGB").getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.browser
def test_svg_holds_title_filters_scale_and_source(trend):
    svg = export.image_bytes(trend.figure, "svg").decode()
    assert "<svg" in svg[:500]
    for text in [
        "grades over time",
        "Luton, Leicester, Leeds",
        "4 outstanding, 3 good, 2 adequate, 1 inadequate",
        "Source: Ofsted APA letters and council reports,",
    ]:
        assert text in svg.replace("&#39;", "'"), text


@pytest.mark.unit
def test_csv_rows_equal_the_rows_drawn_with_their_sources(trend):
    rows = pd.read_csv(io.BytesIO(export.chart_csv(trend.data, assembly.CSV_COLUMNS, "1 May 2026")))
    assert len(rows) == len(trend.data) and list(rows.columns) == [*assembly.CSV_COLUMNS, "data_built", "exported"]
    lines = [t for t in trend.figure.data if t.mode == "lines+markers"]
    drawn = {(t.name, round(x), round(y)) for t in lines for x, y in zip(t.x, t.y) if y is not None and y == y}
    assert drawn == {(a, y, g) for a, y, g in zip(rows["authority"], rows["year"], rows["grade"])}
    assert rows["cited"].str.len().gt(0).all()


@pytest.mark.unit
def test_csv_carries_the_exact_words_of_document_grades(loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        summary = queries.grade_summary(con, ["359"], ["APA"], ["staying_safe"], 2006, 2006)
    rows = pd.read_csv(io.BytesIO(export.chart_csv(summary, assembly.CSV_COLUMNS)))
    assert "in this area is inadequate" in rows.loc[0, "quotes"]
    assert "wigan_2006_ofsted_letter.txt (line 41)" in rows.loc[0, "cited"]


@pytest.mark.unit
def test_the_excel_file_holds_the_csvs_rows_under_plain_frozen_headers_with_sources_and_notes(trend, tmp_path):
    from openpyxl import load_workbook

    data = export.chart_xlsx(trend.title, trend.data, trend.csv_columns, "1 May 2026", trend.notes)
    rows = pd.read_csv(
        io.BytesIO(export.chart_csv(trend.data, trend.csv_columns, "1 May 2026")), dtype=str, keep_default_na=False
    )
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["Data", "Sources", "Notes and caveats"]
    assert sheets["Data"].values.tolist() == rows.values.tolist() and "Authority" in sheets["Data"].columns
    cited = {pair for value in trend.data["cited"] for pair in words.citations(value)}
    assert set(zip(sheets["Sources"]["Source"], sheets["Sources"]["Where in the source"])) == cited
    notes = sheets["Notes and caveats"]
    assert notes.columns[0] == trend.title and any("Source: Ofsted APA letters" in n for n in notes.iloc[:, 0])
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
        assert all(5 <= (sheet.column_dimensions[c].width or 0) <= export.MAX_COLUMN_WIDTH for c in "AB" if sheet[f"{c}1"].value)
    assert book.properties.title == trend.title


@pytest.mark.unit
def test_file_name_and_toolbar_match(trend):
    assert trend.stem == "apa-staying-safe-luton-leicester-leeds-2005-2008"
    config = export.toolbar_config(trend.stem, 600)["toImageButtonOptions"]
    assert config["filename"] == trend.stem and config["width"] * config["scale"] >= 1600


@pytest.mark.pages
def test_page_still_works_and_says_so_when_export_is_unavailable(loaded_db, monkeypatch):
    monkeypatch.setenv("APA_DB", str(loaded_db))
    monkeypatch.setattr(export, "find_browser", lambda: None)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/compare.py")
    at.run()
    assert not at.exception
    assert any("Server-side image export is unavailable" in c.value for c in at.caption)
    assert [chart.key for chart in at.get("plotly_chart")] == ["trend"]


@pytest.fixture
def download_page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_url}/compare?area=staying_safe")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["PNG", "SVG", "CSV", "Excel"])
def test_each_download_on_the_compare_page(download_page, kind, tmp_path):
    button = download_page.locator("[data-testid='stDownloadButton'] button", has_text=kind).first
    with download_page.expect_download(timeout=60000) as pending:
        button.click()
    download = pending.value
    suffix = {"Excel": "xlsx"}.get(kind, kind.lower())
    assert download.suggested_filename == f"apa-staying-safe-luton-leicester-leeds-2005-2008.{suffix}"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    if kind == "PNG":
        assert png_size(data)[0] >= 1600
    elif kind == "SVG":
        assert b"grades over time" in data and b"Source: Ofsted APA letters" in data
    elif kind == "CSV":
        rows = pd.read_csv(path)
        assert set(rows["authority"]) <= {"Luton", "Leicester", "Leeds"} and set(rows["judgement_area"]) == {"staying_safe"}
    else:
        rows = pd.read_excel(path, sheet_name="Data")
        assert set(rows["Authority"]) <= {"Luton", "Leicester", "Leeds"} and set(rows["Area (code)"]) == {"staying_safe"}


@pytest.mark.browser
def test_the_map_exports_like_every_chart(loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        rows = queries.england_grades(con, "CPA", "children_and_young_people", 2008)
        measure = england_specs.Measure(2008, framework="CPA", area="children_and_young_people")
        cpa_map = england_specs.england_map_chart(rows, queries.map_hexes(con), measure, ("821", "820"), built="2 December 2026")
    words = " ".join(re.sub(r"<[^>]+>", " ", export.image_bytes(cpa_map.figure, "svg").decode()).split())
    assert "every authority" in words and "Not loaded (82)" in words and "Open Innovations, MIT licence" in words
    assert "Source: Audit Commission CPA scores" in words
    assert cpa_map.stem == "cpa-map-children-and-young-people-england-2008"


@pytest.mark.browser
def test_about_the_data_downloads_all_the_data_in_one_workbook(browser, app_url, loaded_db, tmp_path):
    from openpyxl import load_workbook

    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_url}/about")
    button = page.locator(".st-key-all-the-data button").first
    button.wait_for(timeout=30000)
    with page.expect_download(timeout=60000) as pending:
        button.click()
    path = tmp_path / pending.value.suggested_filename
    pending.value.save_as(path)
    context.close()
    sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["Grades", "Indicators", "Held back", "Sources", "Notes and caveats"]
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        counts = [con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("grades", "indicators", "held_back")]
        sources = {row[0] for row in con.execute("SELECT source FROM grades UNION SELECT source FROM indicators").fetchall()}
    assert [len(sheets[name]) for name in ("Grades", "Indicators", "Held back")] == counts
    assert sheets["Grades"]["Source"].str.len().gt(0).all() and sheets["Held back"]["Why it is held back"].str.len().gt(0).all()
    assert set(sheets["Sources"]["Source"]) == sources
    assert all(sheet.freeze_panes == "A2" for sheet in load_workbook(path).worksheets)
