"""Extraction: the seed documents, the fixture documents, PDF and DOCX, distractors and bad files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from etl.extract import extract
from etl.read import Document, read_document
from tests import generated
from tests.conftest import DOCUMENTS, FIXTURES, SHARED, csv_rows, run_etl, run_etl_as_a_user

pytestmark = pytest.mark.unit

KEY = ("authority", "year", "framework", "judgement_area", "grade", "how_stated")


def expected_for(name: str) -> set[tuple[str, ...]]:
    with open(FIXTURES / "expected_grades.csv", newline="") as handle:
        return {tuple(row[k] for k in KEY) for row in csv.DictReader(handle) if row["file"] == name}


def found(rows: list[dict[str, str]]) -> set[tuple[str, ...]]:
    return {tuple(row[k] for k in KEY) for row in rows}


def extracted(tmp_path: Path, text: str, name: str = "document.txt") -> list[dict[str, str]]:
    """The rows `python -m etl extract` gives for a document holding text."""
    path = tmp_path / name
    path.write_text(text)
    return csv_rows(run_etl("extract", str(path)).stdout)


def readings(rows: list[dict[str, str]]) -> set[tuple[str, str, str, str]]:
    """What each row says: (framework, area, grade, year)."""
    return {(row["framework"], row["judgement_area"], row["grade"], row["year"]) for row in rows}


def test_seed_documents_score_38_of_38(shared_seeds, tmp_path):
    extracted = run_etl("extract", *map(str, sorted(shared_seeds.glob("*.txt"))))
    actual = tmp_path / "actual.csv"
    actual.write_text(extracted.stdout)
    score = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_extraction.py"), str(shared_seeds / "EXPECTED.csv"), str(actual)],
        capture_output=True,
        text=True,
    )
    assert score.stdout.strip().splitlines()[-1] == "score: 38/38 correct, precision 1.000, recall 1.000", score.stdout
    assert score.returncode == 0


@pytest.mark.parametrize(
    "name", sorted({line.split(",")[0] for line in (FIXTURES / "expected_grades.csv").read_text().splitlines()[1:]})
)
def test_fixture_document_gives_exactly_its_expected_grades(name):
    result = run_etl("extract", str(DOCUMENTS / name))
    assert found(csv_rows(result.stdout)) == expected_for(name)


def test_every_grade_cites_its_line_and_quote():
    result = run_etl("extract", str(DOCUMENTS / "wigan_2006_ofsted_letter.txt"))
    lines = (DOCUMENTS / "wigan_2006_ofsted_letter.txt").read_text().splitlines()
    for row in csv_rows(result.stdout):
        source_line = lines[int(row["line"]) - 1]
        assert row["quote"][:30].replace("'", "") in source_line.replace("<i>", "").replace("</i>", "").replace("'", "")


def test_csv_header_is_the_stable_interface():
    result = run_etl_as_a_user("extract", str(DOCUMENTS / "kent_2007_summary_cp1252.md"))
    header = "file,authority,dfe_code,year,framework,judgement_area,grade,how_stated,line,quote,rule"  # rule added last
    assert result.stdout.splitlines()[0] == header
    assert {row["dfe_code"] for row in csv_rows(result.stdout)} == {"886"}


def test_bad_files_are_reported_one_line_each_and_do_not_stop_the_others():
    names = ["empty.txt", "binary_named_as_text.txt", "no_grades_2007_minutes.txt", "kent_2007_summary_cp1252.md"]
    result = run_etl(
        "extract", *(str(DOCUMENTS / n) for n in names), str(DOCUMENTS / "missing.txt"), str(FIXTURES / "README.md.bak")
    )
    assert result.returncode == 1
    messages = dict(line.split(": ", 1) for line in result.stderr.splitlines())
    assert messages[str(DOCUMENTS / "empty.txt")] == "file is empty"
    assert messages[str(DOCUMENTS / "binary_named_as_text.txt")].startswith("binary file, not text")
    assert messages[str(DOCUMENTS / "no_grades_2007_minutes.txt")] == "no APA or JAR grades found in this document"
    assert messages[str(DOCUMENTS / "missing.txt")].startswith("cannot open file")
    assert messages[str(FIXTURES / "README.md.bak")].startswith("unsupported file type '.bak'")
    assert len(csv_rows(result.stdout)) == 7


def test_document_that_never_names_its_authority_is_held_back_not_guessed():
    result = run_etl("extract", str(DOCUMENTS / "unnamed_council_2006_action_plan.txt"))
    rows = csv_rows(result.stdout)
    assert len(rows) == 3 and {row["authority"] for row in rows} == {""}
    assert "does not name the authority" in result.stderr and "Leeds" in result.stderr


def test_manifest_names_a_held_back_document(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,authority,year,note\nunnamed_council_2006_action_plan.txt,Stockport,,named by the clerk\n")
    result = run_etl("extract", str(DOCUMENTS / "unnamed_council_2006_action_plan.txt"), "--manifest", str(manifest))
    assert {(row["authority"], row["dfe_code"], row["year"]) for row in csv_rows(result.stdout)} == {("Stockport", "356", "2006")}
    assert result.returncode == 0 and "held back" not in result.stderr


def test_manifest_with_unknown_authority_is_reported(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,authority,year,note\nunnamed_council_2006_action_plan.txt,Gotham,2006,\n")
    result = run_etl("extract", str(DOCUMENTS / "unnamed_council_2006_action_plan.txt"), "--manifest", str(manifest))
    assert "unknown authority 'Gotham'" in result.stderr and result.returncode == 1


def _lines_as_document(lines: list[str]) -> Document:
    return Document(path=Path("inline.txt"), sha256="", kind="text", lines=lines)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ofsted rated staying safe as good.", {("staying_safe", 3)}),
        ("The APA rates both being healthy and staying safe as 'adequate'.", {("being_healthy", 2), ("staying_safe", 2)}),
        ("Staying safe was judged inadequate (grade 1) in the 2008 APA.", {("staying_safe", 1)}),
        ("Staying safe was judged good (grade 2) in the 2008 APA.", set()),
        ("In 2007 the APA rated staying safe as good.", set()),
        ("Last year staying safe was judged adequate.", set()),
        ("The self-assessment rated staying safe as outstanding.", set()),
        ("Some 4.13% of children were judged to be in need; staying safe 2008.", set()),
        ("Inspectors judged progress with the safeguarding board to be good.", set()),
    ],
)
def test_prose_sentences(sentence, expected):
    document = _lines_as_document(["Luton Borough Council: the 2008 APA letter", "", sentence])
    assert {(f.judgement_area, f.grade) for f in extract(document).findings} == expected


def _write_pdf(path: Path, lines: list[str]) -> None:
    """A PDF as councils publish them: wrapped paragraphs, and table rows whose long label wraps in its column while
    the grade sits beside the label's first line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in lines:
        cells = line.split("\t")
        if len(cells) == 1:
            wrapped, xs = [[piece] for piece in simpleSplit(line, "Helvetica", 9, 500)] or [[""]], [50]
        elif len(cells) == 2:
            label = simpleSplit(cells[0], "Helvetica", 9, 400) or [""]
            wrapped, xs = [[label[0], *cells[1:]], *[[piece] for piece in label[1:]]], [50, 470]
        else:  # many columns share the width, each cell wrapping within its own
            width = 500 / len(cells)
            columns = [simpleSplit(cell, "Helvetica", 9, width - 6) or [""] for cell in cells]
            wrapped = [[column[n] if n < len(column) else "" for column in columns] for n in range(max(map(len, columns)))]
            xs = [50 + number * width for number in range(len(cells))]
        for piece in wrapped:
            if y < 60:
                pdf.showPage()
                y = 800
            pdf.setFont("Helvetica", 9)
            for x, cell in zip(xs, piece):
                pdf.drawString(x, y, cell)
            y -= 13
    pdf.save()


def _write_docx(path: Path, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    table = None
    for line in lines:
        if "\t" in line:
            cells = line.split("\t")
            if table is None:
                table = document.add_table(rows=0, cols=len(cells))
            row = table.add_row().cells
            for cell, text in zip(row, cells):
                cell.text = text
        else:
            table = None
            document.add_paragraph(line)
    document.save(str(path))


@pytest.mark.parametrize("writer,suffix", [(_write_pdf, ".pdf"), (_write_docx, ".docx")])
@pytest.mark.parametrize(
    "name", ["sunderland_2008_exec_report.txt", "york_2007_exec_board_prose.txt", "dudley_2005_letter_long_labels.txt"]
)
def test_pdf_and_docx_versions_give_the_same_grades(tmp_path, writer, suffix, name):
    lines = read_document(DOCUMENTS / name).lines
    target = tmp_path / (Path(name).stem + suffix)
    writer(target, lines)
    result = run_etl("extract", str(target))
    assert found(csv_rows(result.stdout)) == expected_for(name), result.stderr


def test_broken_pdf_is_reported(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = run_etl("extract", str(broken))
    assert "not a readable PDF" in result.stderr and result.returncode == 1


def test_an_initialism_counts_for_an_authority_already_named():
    from etl import AUTHORITIES_CSV
    from etl.authorities import AuthorityIndex

    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    named_once = ["Report to Leicester's cabinet", "", "\tLCC performance", "Staying safe\t3"]
    authority, how = index.subject(named_once)
    assert authority.name == "Leicester" and how == "named 2 times"
    assert index.subject(["\tLCC performance", "Staying safe\t3"])[0] is None


def test_a_council_named_once_by_its_everyday_name_or_in_the_title_is_the_subject():
    from etl import AUTHORITIES_CSV
    from etl.authorities import AuthorityIndex

    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    for heading in ("Medway Council", "Milton Keynes Council", "Brighton and Hove City Council"):
        authority, how = index.subject([heading, "", "Staying safe is judged good."])
        assert authority is not None and how == "the only authority the document names", heading
    titled = index.subject(["", "Annual performance assessment 2007: Medway", "", "Staying safe is judged good."])
    assert titled == (index.lookup("Medway"), "the only authority the document names")  # its title names it
    in_passing = ["Annual performance assessment 2007", "", "Staying safe in Medway is judged good."]
    assert index.subject(in_passing)[0] is None  # a bare place name in the text is not enough


def test_a_folder_stands_for_the_documents_in_it(tmp_path):
    for name in ("kent_2007_summary_cp1252.md", "solihull_2007_jar_report.txt"):
        (tmp_path / name).write_bytes((DOCUMENTS / name).read_bytes())
    (tmp_path / "notes.odt").write_bytes(b"ignored: not a kind the extractor reads")
    result = run_etl("extract", str(tmp_path))
    assert {row["authority"] for row in csv_rows(result.stdout)} == {"Kent", "Solihull"} and result.returncode == 0


def test_a_long_paragraph_is_joined_once_and_each_sentence_cites_its_own_line():
    from etl.blocks import Lines, blocks_of

    filler = [f"The partnership met on {day} occasions and reviewed its plans." for day in range(1, 2001)]
    lines = [
        "Findings",
        "The JAR reported.",
        *filler,
        "Staying safe is good, and the",
        "council's capacity to improve is adequate.",
    ]
    sentences = [block for block in blocks_of(Lines(lines), lines) if block.kind == "sentence"]
    last = sentences[-1]
    assert last.text.startswith("Staying safe is good") and last.line == len(lines) - 1
    # what came before is known by the framework it named, not kept as a copy of the paragraph (memory linear in length)
    assert last.named_before == "JAR" and last.section == "Findings" and not any(block.lead_in for block in sentences)


def test_a_name_inside_a_longer_one_is_not_a_second_authority():
    from etl import AUTHORITIES_CSV
    from etl.authorities import AuthorityIndex

    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    for council, inner in (("Bath and North East Somerset Council", "Somerset"), ("North Lincolnshire Council", "Lincolnshire")):
        authority, how = index.subject([council, f"A report to {council}'s cabinet", "Staying safe\t3"])
        assert (authority.official_name, how) == (council, "named 2 times"), inner


@pytest.mark.parametrize(
    ("lines", "framework", "year"),
    [
        (["Joint area review", "Wakefield children's services", "Published: 3 June 2008", "Safeguarding\tGood"], "JAR", "2008"),
        (["Wakefield: the annual performance assessment", "The letter was published on 12 January 2009.",
          "Staying safe\t3"], "APA", "2008"),
    ],
)  # fmt: skip
def test_a_publication_date_dates_the_round_where_no_year_stands_beside_the_framework(tmp_path, lines, framework, year):
    path = tmp_path / "published.txt"
    path.write_text("\n".join(lines) + "\n")
    rows = csv_rows(run_etl("extract", str(path)).stdout)
    assert [(row["framework"], row["year"]) for row in rows] == [(framework, year)]


@pytest.mark.parametrize("writer,suffix", [(None, ".txt"), (_write_pdf, ".pdf"), (_write_docx, ".docx")])
@pytest.mark.parametrize("layout", sorted(generated.LAYOUTS))
def test_every_layout_gives_its_planted_grades_as_text_pdf_and_docx(tmp_path, layout, writer, suffix):
    grades = {area: 1 + number % 4 for number, area in enumerate(generated.AREAS)}
    paper = generated.Paper("Wirral Metropolitan Borough Council", 2008, grades, layout=layout, last_year={"staying_safe": 4})
    lines = generated.render(paper).split("\n")
    target = tmp_path / f"planted{suffix}"
    if writer is None:
        target.write_text("\n".join(lines))
    else:
        writer(target, lines)
    rows = csv_rows(run_etl("extract", str(target)).stdout)
    assert {(row["authority"], row["year"]) for row in rows} == {("Wirral", "2008")}
    assert {row["judgement_area"]: int(row["grade"]) for row in rows} == grades and len(rows) == len(grades)


def test_a_definition_list_in_html_is_read_as_a_table(tmp_path):
    page = tmp_path / "newsletter.html"
    page.write_text(
        "<html><body><h1>Salford City Council staff news</h1><p>Salford City Council's 2008 APA letter arrived.</p>"
        "<dl class='scores'><dt>Being healthy</dt><dd>Good</dd><dt>Staying safe</dt><dd>Outstanding</dd></dl></body></html>"
    )
    rows = csv_rows(run_etl("extract", str(page)).stdout)
    assert {(row["judgement_area"], row["grade"], row["how_stated"]) for row in rows} == {
        ("being_healthy", "3", "table"),
        ("staying_safe", "4", "table"),
    }


def test_a_hard_wrapped_paragraph_is_read_as_one_and_a_framework_named_as_a_time_is_not_the_statements(tmp_path):
    lines = [
        "Stockport Metropolitan Borough Council: note of the Children's Trust board, 14 January 2009",
        "",
        "The 2008 annual performance assessment",
        "",
        "The director reported that the inspectors had judged the overall effectiveness of services",
        "in Stockport to be good, and that its capacity to improve, as strong as at any time since the 2006",
        "joint area review, had been judged outstanding. Staying safe was at least adequate, and being",
        "healthy was outstanding in a small number of areas of the borough's work.",
    ]
    rows = extracted(tmp_path, "\n".join(lines) + "\n")
    assert readings(rows) == {
        ("APA", "overall_effectiveness", "3", "2008"),
        ("APA", "capacity_to_improve", "4", "2008"),
    }


def test_a_report_titled_as_a_jar_is_one_however_often_it_quotes_the_apa(tmp_path):
    rows = extracted(
        tmp_path,
        "Joint area review\n\nHalton Children's Services Authority Area\nPublished: 12 June 2007\n\n"
        "Grades\n\nSafeguarding\t3\nService mgt\t2\n\n"
        "Annex: the APA letter. The 2006 APA and the APA before it both found services adequate; this APA evidence was used.\n",
    )
    assert readings(rows) == {
        ("JAR", "safeguarding", "3", "2007"),
        ("JAR", "service_management", "2", "2007"),
    }


def test_a_fixed_width_header_that_wraps_onto_a_second_line_is_one_header(tmp_path):
    rows = extracted(
        tmp_path,
        "Joint area reviews published in 2008\n\n"
        "Council      Safeguarding   Looked after   Service      Capacity\n"
        "                            children       management   to improve\n"
        "Halton           2              3              2            3\n"
        "Sefton           3              4              3            3\n",
    )
    assert {(row["authority"], row["judgement_area"], row["grade"]) for row in rows} == {
        (council, area, grade)
        for council, grades in (("Halton", "2323"), ("Sefton", "3433"))
        for area, grade in zip(("safeguarding", "looked_after_children", "service_management", "capacity_to_improve"), grades)
    }


@pytest.mark.parametrize(
    ("lines", "year"),
    [
        (["Councils' first report cards", "3rd December 2005 at 09:30",
          "Ofsted's annual performance assessment rated Halton's social care good."], "2005"),
        (["Councils' report cards", "14th March 2007",
          "Ofsted's annual performance assessment rated Halton's social care good."], "2006"),
        (["Children's Services Scrutiny Committee", "3rd December 2005",
          "Ofsted's annual performance assessment rated Halton's social care good."], ""),
    ],
)  # fmt: skip
def test_a_news_page_dated_on_a_line_of_its_own_reports_the_latest_round_but_a_meeting_date_dates_nothing(tmp_path, lines, year):
    rows = extracted(tmp_path, "\n".join(lines) + "\n")
    assert [(row["judgement_area"], row["year"]) for row in rows] == [("social_care", year)]
