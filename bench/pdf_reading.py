"""PDF reading speed: pages a second through the project's reader (PDFium's runs rebuilt into lines) beside PDFium's
own plain text extraction of the same file, the floor.

Usage: python bench/pdf_reading.py [PAGES]   (default 300)
Prints figures; asserts nothing. The PDF is made here: each page a heading, wrapped prose and a two-column table.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl.read import read_document  # noqa: E402

PROSE = (
    "The partnership reviewed its plans for children and young people during the year and reported its progress to "
    "the scrutiny panel, which asked for further work on placements and on attendance at secondary schools. "
) * 3
ROWS = [("Being healthy", "Good"), ("Staying safe", "Adequate"), ("Enjoying and achieving", "Outstanding")]


def write_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        pdf.setFont("Helvetica", 10)
        y = 800
        pdf.drawString(50, y, f"Agenda pack, page {page + 1}: annual performance assessment")
        for line in simpleSplit(PROSE, "Helvetica", 10, 480) * 4:
            y -= 14
            pdf.drawString(50, y, line)
        for label, grade in ROWS:
            y -= 14
            pdf.drawString(50, y, label)
            pdf.drawString(400, y, grade)
        pdf.showPage()
    pdf.save()


def pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    for page in document:
        page.get_textpage().get_text_range()
    document.close()


def seconds(function, path: Path) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        function(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.pdf"
        write_pdf(path, pages)
        floor, ours = seconds(pdfium_text, path), seconds(read_document, path)
    print(f"{pages} pages, median of 5 reads")
    print(f"PDFium's own text:    {pages / floor:8.0f} pages/s")
    print(f"the project's reader: {pages / ours:8.0f} pages/s (lines rebuilt from runs, a table row on one line)")
    print(f"reader / PDFium time ratio: {ours / floor:.1f}x")


if __name__ == "__main__":
    main()
