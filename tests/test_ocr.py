"""Scanned PDFs read by OCR (Tesseract): a page is drawn, made a picture and wrapped in a PDF, as a scanner makes it.
Its grades are found, marked as read by OCR, and wait for a person: the command line reports them and takes them with
--accept-ocr, the review shows the page image beside the words."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from etl import audit
from etl.read import read_document
from tests.conftest import FIXTURES, run_etl
from tests.test_add_documents import click, page, upload, words

SCANNED_LINES = [
    "Luton Borough Council",
    "Annual performance assessment 2007: the grades",
    "",
    "Staying safe    3",
    "Being healthy    2",
]


def scanned_pdf(path: Path, lines: list[str] = SCANNED_LINES) -> Path:
    """A page of text drawn, then made a picture (no text layer left) and wrapped in a PDF of its own."""
    drawn = io.BytesIO()
    sheet = canvas.Canvas(drawn)
    sheet.setFont("Helvetica", 16)
    for number, line in enumerate(lines):
        sheet.drawString(72, 760 - 28 * number, line)
    sheet.save()
    picture = pdfium.PdfDocument(drawn.getvalue())[0].render(scale=300 / 72).to_pil().convert("RGB")
    picture.save(path, "PDF", resolution=300)
    return path


@pytest.mark.unit
def test_a_scanned_page_is_read_by_ocr_and_its_grades_are_marked_so(tmp_path):
    path = scanned_pdf(tmp_path / "scanned_letter.pdf")
    assert not "".join(line for page in pdfium.PdfDocument(str(path)) for line in page.get_textpage().get_text_range())
    pages = []
    document = read_document(path, on_ocr_page=lambda done, total: pages.append((done, total)))
    assert pages == [(1, 1)], "progress for each page read by OCR"
    staying = next(number for number, line in enumerate(document.lines, start=1) if line.startswith("Staying safe"))
    assert document.ocr_lines[staying] == 1
    result = run_etl("extract", str(path))
    assert "staying_safe,3" in result.stdout and "being_healthy,2" in result.stdout


@pytest.mark.unit
def test_grades_read_by_ocr_wait_for_a_person_and_the_command_line_takes_them_when_asked(tmp_path):
    path = scanned_pdf(tmp_path / "scanned_letter.pdf")
    db = tmp_path / "data" / "db.duckdb"
    waiting = run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"), str(path))
    assert "2 grades read by OCR wait for a person to confirm them" in waiting.stderr and "--accept-ocr" in waiting.stderr
    assert grades(db) == []
    taken = run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"), "--accept-ocr")
    assert "wait for a person" not in taken.stderr
    assert grades(db) == [("being_healthy", 2), ("staying_safe", 3)]
    confirmed = [e for e in audit.events(db.parent / "documents") if e["action"] == "confirm"]
    assert len(confirmed) == 2 and {e["who"] for e in confirmed} == {audit.command_line_user()}


@pytest.mark.pages
def test_the_review_shows_the_scanned_page_beside_grades_read_by_ocr(db, tmp_path):
    data = scanned_pdf(tmp_path / "scan.pdf").read_bytes()
    at = upload(page(), ("scan.pdf", data))
    assert "read by OCR from page 1" in words(at)
    assert len(at.get("image")) == 1, "the page's image is shown"
    click(at, "Load the ticked grades")
    assert grades(db) == [("being_healthy", 2), ("staying_safe", 3)], "a person confirmed them by loading"
    assert hashlib.sha256(data).hexdigest() in {e["sha256"] for e in audit.events(db.parent / "documents")}


@pytest.mark.unit
def test_a_scan_whose_ocr_finds_nothing_is_refused_with_the_reason(tmp_path):
    blank = scanned_pdf(tmp_path / "blank.pdf", lines=[""])
    refused = run_etl("extract", str(blank))
    assert "hold no text, and text recognition (OCR) found none on them either" in refused.stderr


def grades(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT judgement_area, grade FROM grades WHERE origin = 'document' ORDER BY 1").fetchall()
