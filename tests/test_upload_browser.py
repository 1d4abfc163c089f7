"""Adding documents in a real browser: upload a PDF and a DOCX built here, name the authority one of them does not
state, load, and see the new grades on the Profile page of the same running server, with no restart."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests import generated
from tests.conftest import FIXTURES, REPO, SCREENSHOTS, run_etl, start_streamlit

pytestmark = pytest.mark.browser

LUTON_2007 = generated.Paper("Luton Borough Council", 2007, {"staying_safe": 2, "being_healthy": 4}, layout="bullets")
UNNAMED_2007 = generated.Paper("The council", 2007, {"enjoying_and_achieving": 3}, layout="prose")


def pdf_of(paper: generated.Paper, path: Path) -> Path:
    sheet, y = canvas.Canvas(str(path), pagesize=A4), 800
    for line in generated.render(paper).splitlines():
        sheet.drawString(50, y, line)
        y -= 16
    sheet.save()
    return path


def docx_of(paper: generated.Paper, path: Path) -> Path:
    document = docx.Document()
    for line in generated.render(paper).splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.fixture
def server(tmp_path):
    """A dashboard of its own on a database of the bundled data alone: this test changes what is loaded."""
    db = tmp_path / "data" / "db.duckdb"
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"))
    process, url = start_streamlit(REPO / "dashboard.py", db)
    yield url, db
    process.terminate()
    process.wait(timeout=20)
    shutil.rmtree(db.parent, ignore_errors=True)


def document_box(page, path: Path):
    """The bordered box reviewing one document, keyed by the start of its SHA-256."""
    return page.locator(f".st-key-review-{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}")


def apa_grades_drawn(page, url: str, code: str, not_loaded: str) -> int:
    """How many APA grades the authority's profile chart draws, read from the sentence above it."""
    page.goto(f"{url}/profile?home={code}")
    page.get_by_text(not_loaded).wait_for(timeout=30000)
    sentence = page.get_by_text(re.compile(r"Chart: .*every Ofsted APA grade")).first
    sentence.wait_for(timeout=30000)
    return int(re.search(r"(\d+) grades? drawn", sentence.text_content())[1])


def test_uploaded_pdf_and_docx_load_after_review_and_show_on_the_profile_at_once(page, server, tmp_path):
    url, _ = server
    files = [pdf_of(LUTON_2007, tmp_path / "luton_2007_apa.pdf"), docx_of(UNNAMED_2007, tmp_path / "panel_paper.docx")]
    before = {
        "856": apa_grades_drawn(page, url, "856", "Not loaded for Leicester: the 2005, 2006 and 2007 APAs."),
        "821": apa_grades_drawn(page, url, "821", "Not loaded for Luton: the 2005 and 2007 APAs, a JAR."),
    }

    page.goto(f"{url}/add_documents")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files([str(f) for f in files])
    luton, unnamed = (document_box(page, f) for f in files)
    luton.get_by_text("Found 2 grades for Luton 2007").wait_for(timeout=30000)
    unnamed.get_by_text("Held back").wait_for(timeout=30000)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "add-documents-review.png"), full_page=True)

    unnamed.get_by_role("combobox", name="Authority").click()
    page.keyboard.type("Leicester")
    page.get_by_role("option", name="Leicester", exact=True).click()
    unnamed.get_by_role("button", name="Save the choice").click()
    unnamed.get_by_text("Found 1 grade for Leicester 2007").wait_for(timeout=30000)
    for box, name in ((unnamed, "panel_paper.docx"), (luton, "luton_2007_apa.pdf")):
        box.get_by_role("button", name="Load the ticked grades").click()
        page.get_by_text(f"{name}: ").filter(has_text="grades loaded").wait_for(timeout=60000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "add-documents-loaded.png"), full_page=True)

    assert apa_grades_drawn(page, url, "856", "Not loaded for Leicester: the 2005 and 2006 APAs.") == before["856"] + 1
    assert apa_grades_drawn(page, url, "821", "Not loaded for Luton: the 2005 APA, a JAR.") == before["821"] + 2
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    page.screenshot(path=str(SCREENSHOTS / "profile-after-upload.png"), full_page=True)
