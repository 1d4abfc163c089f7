"""The briefing: captions checked against the rows they describe, the link that holds it, and the Word document."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlparse

import docx
import duckdb
import pandas as pd
import pytest
from PIL import Image

from insight import assembly, briefing, queries, words
from insight.briefing import Item
from insight.specs import compare as compare_specs
from insight.tables import COLUMN_LABELS
from tests.conftest import open_page, wait_until_settled
from vocabulary.areas import AREA_LABELS
from vocabulary.grades import GRADE_LABELS

WORDS = {word: grade for grade, word in GRADE_LABELS.items()}
YEARS = r"(\d{4}(?:(?:, | and )\d{4})*)"


def said(sentence: str) -> dict:
    """What a grade caption claims: whose, which area, each year's grades, the years with none."""
    who, area = re.match(r"^(.+?)'s? (.+?) grade(?: was |: )", sentence).groups()
    years: dict[int, set[int]] = {}
    for word, grade in WORDS.items():
        for found in re.findall(rf"\b{word} in {YEARS}", sentence):
            for year in re.findall(r"\d{4}", found):
                years.setdefault(int(year), set()).add(grade)
    for year, grades in re.findall(r"sources disagree for (\d{4}) \(([^)]*)\)", sentence):
        years[int(year)] = {WORDS[word] for word in grades.split(" and ")}
    missing = [int(y) for found in re.findall(rf"no grade is loaded for {YEARS}", sentence) for y in re.findall(r"\d{4}", found)]
    return {"authority": who, "area": area, "years": years, "missing": missing}


def what_rows_say(rows: pd.DataFrame, years: tuple[int, int]) -> list[dict]:
    claims = []
    for (authority, area), group in rows.groupby(["authority", "judgement_area"], sort=False):
        by_year = {int(year): set(map(int, g["grade"])) for year, g in group.groupby("year")}
        missing = [y for y in range(years[0], years[1] + 1) if y not in by_year]
        claims.append({"authority": authority, "area": AREA_LABELS[area].lower(), "years": by_year, "missing": missing})
    return claims


def grade_rows(db, codes: list[str], areas: list[str], years: tuple[int, int]) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return queries.grade_summary(con, codes, ["APA"], areas, *years)


@pytest.mark.unit
def test_a_caption_says_each_years_grade_the_years_with_none_and_where_sources_disagree(small_db):
    rows = grade_rows(small_db, ["821", "390"], ["staying_safe"], (2006, 2008))
    captions = words.grade_captions(rows, (2006, 2008))
    assert captions == [
        "Gateshead's staying safe grade: sources disagree for 2008 (adequate and outstanding); "
        "no grade is loaded for 2006 and 2007.",
        "Luton's staying safe grade was good in 2006 and 2008; no grade is loaded for 2007.",
    ]
    assert [said(c) for c in captions] == what_rows_say(rows, (2006, 2008))


@pytest.mark.unit
def test_every_caption_of_a_real_trend_matches_its_rows(loaded_db):
    areas = ["overall_effectiveness", "staying_safe", "being_healthy", "capacity_to_improve", "childrens_services"]
    rows = grade_rows(loaded_db, ["821", "856", "383", "359"], areas, (2005, 2008))
    captions = words.grade_captions(rows, (2005, 2008))
    assert len(captions) == len(rows.groupby(["authority", "judgement_area"])) > 8
    assert [said(c) for c in captions] == what_rows_say(rows, (2005, 2008))


@pytest.mark.unit
def test_a_group_caption_gives_the_groups_statistics_then_the_chosen_members_grades(loaded_db):
    codes, areas = ["821", "856"], ["staying_safe"]
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        members, described = queries.group_members(con, "all", "821")
        distribution = queries.group_distribution(con, members, "APA", areas, 2008, queries.taken_among("all", members))
        member_grades = queries.grade_summary(con, members, ["APA"], areas, 2008, 2008)
        marks = queries.grade_summary(con, codes, ["APA"], areas, 2008, 2008)
    filters = assembly.Filters(
        ("Luton", "Leicester"), "APA", tuple(areas), (2008, 2008), described, (0, 1), "Luton", tuple(codes)
    )
    drawn = compare_specs.distribution_chart(distribution, member_grades, tuple(members), marks, filters, 2008)
    captions = words.group_captions(drawn.data, codes, 2008)
    stat = distribution.iloc[0]
    assert pd.isna(stat["median_grade"]), f"{stat['group_size']} of 150 loaded: too few for a median of all authorities"
    assert captions[0] == (
        f"Staying safe, 2008, among {described} ({stat['group_size']} graded): "
        f"{words.whole_percent(stat['share_good_or_better'])} good or better."
    )
    assert [said(c) for c in captions[1:]] == what_rows_say(marks, (2008, 2008))


@pytest.mark.unit
def test_an_indicator_caption_gives_each_places_first_and_latest_value_as_its_rows(loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        rows = queries.indicator_series(con, "U18_CONC_RATE", ["821", "856"])
    captions = words.indicator_captions(rows, "Under-18 conception rate", "per 1,000")
    assert len(captions) == rows["area_name"].nunique() >= 4  # the two authorities, their regions, England
    for place, values in rows.sort_values("year").groupby("area_name"):
        base, _, bracket = place.partition(" (")  # "England's (computed)": the possessive on the name, not the bracket
        owner = (f"{base}'" if base.endswith("s") else f"{base}'s") + (f" ({bracket}" if bracket else "")
        first, last = values.iloc[0], values.iloc[-1]
        assert (
            f"{owner} under-18 conception rate (per 1,000) was {first['value']:g} in {first['period']} and "
            f"{last['value']:g} in {last['period']} ({len(values)} values loaded)."
        ) in captions


@pytest.mark.unit
def test_an_item_in_the_link_gives_back_the_same_chart_arguments():
    items = [
        Item(
            "trend",
            {"codes": ["821", "856"], "framework": "APA", "areas": ["staying_safe"], "years": (2006, 2008), "home": "821"},
        ),
        Item(
            "grid",
            {
                "codes": ["821"],
                "framework": "CPA",
                "areas": ["children_and_young_people"],
                "years": (2005, 2008),
                "home": "821",
                "year": 2007,
            },
        ),
        Item("profile", {"home": "383", "framework": "JAR"}),
        Item("indicator", {"codes": ["821"], "indicator": "U18_CONC_RATE", "home": "821"}),
        Item("england", {"codes": [], "year": 2008, "framework": "CPA", "area": "children_and_young_people"}),
    ]
    for item in items:
        assert "," not in item.encode()  # the link keeps a list of items separated by commas
        assert Item.decode(item.encode()) == item


DEVELOPER_WORDS = re.compile(r"^[a-z]+(_[a-z]+)+$")  # a column name or an area code, not a word


def a_picture(width: int = 2100, height: int = 1200) -> bytes:
    png = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(png, format="PNG")
    return png.getvalue()


@pytest.mark.unit
def test_the_word_document_numbers_its_figures_and_tables_gives_each_picture_alt_text_and_readable_tables():
    long = pd.DataFrame(
        {
            "authority": [f"Authority {n}" for n in range(40)],
            "dfe_code": [str(800 + n) for n in range(40)],
            "judgement_area": "staying_safe",
            "area_label": "Staying safe",
            "year": "2008",
            "grade": ["3", "2"] * 20,
            "grade_label": ["3 good", "2 adequate"] * 20,
            "cited": "x (line 1)",
            "data_built": "1 December 2026",
            "exported": "6 December 2026",
        }
    )
    short = long.head(3)
    entries = [
        briefing.Entry(
            f"Chart {n}", "Luton", a_picture(), [f"caption {n}"], table, [f"source {n}: line 1"], "Compare", alt_text=f"Alt {n}"
        )
        for n, table in enumerate([short, long], start=1)
    ]
    title = briefing.title_for("Luton", ["Leicester", "Leeds"])
    paper = docx.Document(
        io.BytesIO(briefing.document(title, ["Luton"], "1 December 2026", entries, ["a caveat"], "values.xlsx"))
    )
    text = [p.text for p in paper.paragraphs]
    assert text[0] == "Luton: children's services inspection grades compared with Leicester and Leeds"
    assert paper.core_properties.title == text[0] and paper.core_properties.author == assembly.DASHBOARD_NAME
    captions = [p.text for p in paper.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Figure 1: Chart 1",
        "Figure 2: Chart 2",
        "Table 1: The values behind figure 1, Chart 1",
        "Table 2: A summary of the values behind figure 2, Chart 2",
    ]
    assert "All 40 rows are in sheet “Table 2” of values.xlsx, downloaded beside this document." in text
    assert [shape._inline.docPr.get("descr") for shape in paper.inline_shapes] == ["Alt 1", "Alt 2"]
    assert all(section.page_width < section.page_height for section in paper.sections), "every page portrait"
    width = paper.sections[0].page_width - paper.sections[0].left_margin - paper.sections[0].right_margin
    for table in paper.tables:
        assert sum(column.width for column in table.columns) <= width + 10
        header = [cell.text for cell in table.rows[0].cells]
        assert not [h for h in header if DEVELOPER_WORDS.match(h)] and "Data built" not in header and "Exported" not in header
        cells = [cell for row in table.rows for cell in row.cells]
        assert not [c.text for c in cells if DEVELOPER_WORDS.match(c.text)], "no internal codes in a cell"
        sizes = {run.font.size.pt for c in cells for p in c.paragraphs for run in p.runs}
        assert sizes and min(sizes) >= 9
    first, summary = ([[c.text for c in row.cells] for row in table.rows] for table in paper.tables)
    assert first == [
        ["Authority", "Area", "Year", "Grade"],
        *short[["authority", "area_label", "year", "grade_label"]].values.tolist(),
    ]
    assert summary == [["Area", "3 good", "2 adequate"], ["Staying safe", "20", "20"]]
    assert text[-2:] == [words.NO_NATIONAL_TABLE, "a caveat"]
    sources = [p.text for p in paper.paragraphs if p.style.name == "List Bullet" and p.text.startswith("source")]
    assert sources == ["source 1: line 1", "source 2: line 1"], "each source one bullet"


@pytest.mark.unit
def test_the_excel_beside_the_briefing_holds_every_row_of_every_table_with_sources_and_caveats():
    tables = [pd.DataFrame({"authority": ["Luton", "Leeds"], "grade": ["3", ""]}), pd.DataFrame({"value": ["40.6"]})]
    entries = [
        briefing.Entry(f"Chart {n}", "Luton", b"", [], table, [f"source {n}: line 1"], "Compare")
        for n, table in enumerate(tables, start=1)
    ]
    sheets = pd.read_excel(
        io.BytesIO(briefing.values_workbook("Title", entries, ["a caveat"])), sheet_name=None, dtype=str, keep_default_na=False
    )
    assert list(sheets) == ["Table 1", "Table 2", "Sources", "Notes and caveats"]
    assert sheets["Table 1"].values.tolist() == [["Luton", "3"], ["Leeds", ""]]
    assert sheets["Sources"].values.tolist() == [["Figure 1", "source 1: line 1"], ["Figure 2", "source 2: line 1"]]
    assert sheets["Notes and caveats"].iloc[:, 0].tolist() == [words.NO_NATIONAL_TABLE, "a caveat"]


@pytest.mark.pages
def test_the_briefing_is_empty_by_default_kept_in_the_link_and_reordered_or_emptied_in_the_sidebar(loaded_db, monkeypatch):
    monkeypatch.setenv("APA_DB", str(loaded_db))
    at = open_page("compare")
    assert "Empty." in " ".join(c.value for c in at.sidebar.caption) and "brief" not in at.query_params
    at.button(key="trend-brief").click()
    at.run()
    at.session_state["view_tabs"] = "Grades by area for one year"  # the grid's tab opened
    at.run()
    at.button(key="grid-brief").click()
    at.run()
    link = at.query_params["brief"]
    kinds = [Item.decode(text).kind for text in link.split(",")]
    assert kinds == ["trend", "grid"]
    again = open_page("profile", brief=link, home="821")  # a reload, or the link sent to a colleague
    listed = [m.value.replace("**", "") for m in again.sidebar.markdown]
    assert listed[0].startswith("1. Ofsted APA grades over time (Luton, Leicester, Leeds")
    assert listed[1].startswith("2. ") and "by area" in listed[1]
    again.button(key="brief-down-0").click()
    again.run()
    assert [Item.decode(t).kind for t in again.query_params["brief"].split(",")] == ["grid", "trend"]
    again.button(key="profile-APA-brief").click()
    again.run()
    again.button(key="brief-remove-0").click()
    again.run()
    assert [Item.decode(t).kind for t in again.query_params["brief"].split(",")] == ["trend", "profile"]


def download(page, selector: str, target) -> pd.DataFrame | bytes:
    wait_until_settled(page)
    with page.expect_download(timeout=120000) as started:
        page.locator(selector).first.click()
    path = target / started.value.suggested_filename
    started.value.save_as(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.suffix == ".csv" else path.read_bytes()


def add_to_briefing(page, key: str, count: int) -> None:
    page.locator(f".st-key-{key}-brief button").click()
    page.locator("[data-testid='stSidebar']").get_by_text(re.compile(rf"^{count}\. ")).wait_for(timeout=30000)


def chart_tables(paper) -> list[pd.DataFrame]:
    return [
        pd.DataFrame([[c.text for c in row.cells] for row in t.rows[1:]], columns=[c.text for c in t.rows[0].cells])
        for t in paper.tables
    ]


def sections_of(paper) -> dict[str, dict[str, list[str]]]:
    """Each chart's captions and source lines, by its heading."""
    found, heading, part = {}, None, "captions"
    for paragraph in paper.paragraphs:
        if paragraph.style.name == "Heading 1":
            heading = paragraph.text if paragraph.text not in {*found, "The values behind each figure", "Caveats"} else None
            if heading:
                found[heading], part = {"captions": [], "sources": []}, "captions"
        elif paragraph.style.name == "Heading 2" and paragraph.text == "Sources":
            part = "sources"
        elif heading and paragraph.style.name == "List Bullet":
            found[heading][part].append(paragraph.text)
    return found


@pytest.mark.browser
def test_a_briefing_of_three_charts_from_two_pages_holds_their_csv_values_captions_and_sources(
    page, app_url, loaded_db, tmp_path
):
    page.goto(f"{app_url}/compare?la=821,856,383&area=staying_safe,being_healthy&from=2005&to=2008")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    add_to_briefing(page, "trend", 1)
    csvs = [download(page, ".st-key-trend-csv button", tmp_path)]
    page.get_by_role("tab", name="Grades by area for one year").click()
    page.locator(".st-key-grid-brief button").wait_for(timeout=30000)
    add_to_briefing(page, "grid", 2)
    csvs.append(download(page, ".st-key-grid-csv button", tmp_path))
    page.goto(re.sub(r"/compare\?", "/profile?home=821&", page.url))
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    add_to_briefing(page, "profile-APA", 3)
    csvs.append(download(page, ".st-key-profile-APA-csv button", tmp_path))
    items = [Item.decode(text) for text in parse_qs(urlparse(page.url).query)["brief"][0].split(",")]
    assert [item.kind for item in items] == ["trend", "grid", "profile"]

    paper = docx.Document(io.BytesIO(download(page, ".st-key-brief-download button", tmp_path)))
    assert len(paper.inline_shapes) == 3 and all(shape._inline.docPr.get("descr") for shape in paper.inline_shapes)
    assert paper.paragraphs[0].text == "Luton: children's services inspection grades compared with Leicester and Leeds"
    for table, csv in zip(chart_tables(paper), csvs, strict=True):
        shown = table.rename(columns={label: name for name, label in COLUMN_LABELS.items()})
        pd.testing.assert_frame_equal(shown, csv[list(shown.columns)])  # the readable columns of the chart's own CSV
    values = pd.read_excel(
        io.BytesIO(download(page, ".st-key-brief-values button", tmp_path)), sheet_name=None, dtype=str, keep_default_na=False
    )
    for number, csv in enumerate(csvs, start=1):
        assert values[f"Table {number}"].values.tolist() == csv.values.tolist()
    sections = sections_of(paper)
    assert len(sections) == 3
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        sources = set(con.execute("SELECT DISTINCT source FROM grades WHERE dfe_code IN ('821', '856', '383')").df()["source"])
    for (heading, said_there), item in zip(sections.items(), items):
        args = item.args
        codes, areas = args.get("codes", [args.get("home")]), args.get("areas") or [a for a in AREA_LABELS]
        years = {"trend": args.get("years"), "grid": (args.get("year"), args.get("year"))}.get(item.kind, (2005, 2008))
        rows = grade_rows(loaded_db, codes, areas, years)
        captions, cited = said_there["captions"], said_there["sources"]
        assert sorted(map(str, map(said, captions))) == sorted(map(str, what_rows_say(rows, years))), heading
        assert cited and all(any(line.startswith(f"{source}:") for source in sources) for line in cited), cited
    if shutil.which("soffice"):  # where LibreOffice is installed, the document also converts cleanly to PDF
        document = tmp_path / "briefing.docx"
        document.write_bytes(download(page, ".st-key-brief-download button", tmp_path))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(document)], timeout=180)
        assert (tmp_path / "briefing.pdf").stat().st_size > 10_000


@pytest.mark.pages
def test_a_briefing_item_edited_by_hand_is_said_as_text_and_can_be_removed(loaded_db, monkeypatch):
    monkeypatch.setenv("APA_DB", str(loaded_db))
    at = open_page("compare", brief="trend;codes=999;years=2006~2008,<img src=x onerror=alert(1)>")
    listed = [m.value for m in at.sidebar.markdown]
    assert len(listed) == 2 and all("A chart that cannot be drawn now" in line for line in listed)
    assert "\\<img src=x onerror=alert(1)\\>" in listed[1]
    at.button(key="brief-remove-1").click()
    at.run()
    assert at.query_params["brief"] == "trend;codes=999;years=2006~2008"


@pytest.mark.pages
def test_a_briefing_link_that_lost_its_choices_is_said_in_plain_words(loaded_db, monkeypatch):
    monkeypatch.setenv("APA_DB", str(loaded_db))
    at = open_page("compare", brief="trend;codes=821;framework=APA;areas=staying_safe;years=2006~2008")  # no home
    listed = " ".join(m.value for m in at.sidebar.markdown)
    assert "A chart that cannot be drawn now (the link lost some of its choices): remove it" in listed
    assert "argument" not in listed and "trend()" not in listed
