"""Seconds a page to read a scanned PDF by OCR (Tesseract), on pages drawn, made pictures and wrapped in a PDF.

Usage: python bench/ocr_pages.py [pages]   (default 5). Prints figures; asserts nothing.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2 as pdfium  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from etl.read import read_document  # noqa: E402
from tests import generated  # noqa: E402


def scanned_pack(path: Path, pages: int) -> Path:
    """Pages of a committee paper's text, each drawn, made a 300 dpi picture and wrapped in one PDF."""
    drawn = io.BytesIO()
    sheet = canvas.Canvas(drawn)
    text = generated.render(generated.Paper("Luton Borough Council", 2007, {"staying_safe": 3})).splitlines()
    for _ in range(pages):
        for number, line in enumerate(text * 2):
            sheet.drawString(50, 790 - 16 * number, line[:100])
        sheet.showPage()
    sheet.save()
    pictures = [page.render(scale=300 / 72).to_pil().convert("RGB") for page in pdfium.PdfDocument(drawn.getvalue())]
    pictures[0].save(path, "PDF", resolution=300, save_all=True, append_images=pictures[1:])
    return path


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        pack = scanned_pack(Path(folder) / "scanned.pdf", pages)
        started = time.perf_counter()
        document = read_document(pack)
        took = time.perf_counter() - started
    print(
        f"{pages} scanned pages ({pack.stat().st_size / 1024 / 1024 if pack.exists() else 0:.1f} MB) read by OCR in {took:.1f} s:"
    )
    print(f"{took / pages:.2f} s a page, {len(document.lines)} lines, {len(document.ocr_lines)} of them read by OCR")


if __name__ == "__main__":
    main()
