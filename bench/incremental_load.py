"""Adding one document to a store that holds 100 ten-page PDFs, against adding it to an empty store.

A load reads only what this extractor version has not read before (etl/cache.py), so the store's size should cost
little: the goal is at most 1.5x. Also prints the first load of the 100 PDFs, read on every core. Generated documents
in a temporary folder; never the project's data.

Usage: python bench/incremental_load.py [runs]   (default 3; the median is printed). Prints figures; asserts nothing.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from etl import batch  # noqa: E402
from etl.load import load  # noqa: E402
from tests import generated  # noqa: E402

FILLER = "The partnership reviewed its plans and reported to the scrutiny panel on each of its twelve priorities."


def ten_page_pdf(paper: generated.Paper, path: Path) -> Path:
    """A committee pack: the paper's text on its first page, then nine pages of minutes."""
    sheet = canvas.Canvas(str(path), pagesize=A4)
    for page in range(10):
        lines = generated.render(paper).splitlines() if page == 0 else [f"{page}.{n} {FILLER}" for n in range(40)]
        for number, line in enumerate(lines):
            sheet.drawString(40, 800 - 18 * number, line[:110])
        sheet.showPage()
    sheet.save()
    return path


def timed_load(paths: list[Path], db: Path) -> float:
    started = time.perf_counter()
    load(paths, None, db)
    return time.perf_counter() - started


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    names = [row["official_name"] for row in generated.authorities()]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        packs = [
            ten_page_pdf(generated.Paper(names[n % len(names)], 2005 + n % 4, {"staying_safe": 1 + n % 4}), root / f"pack{n}.pdf")
            for n in range(100)
        ]
        one = generated.write(generated.Paper(names[0], 2007, {"being_healthy": 3}), root / "one_more.txt")
        full = root / "full" / "db.duckdb"
        first = timed_load(packs, full)
        to_empty, to_full = [], []
        for run in range(runs):
            empty = root / f"empty{run}" / "db.duckdb"
            to_empty.append(timed_load([one], empty))
            to_full.append(timed_load([one], full))
            shutil.rmtree(full.parent / "documents" / batch.content_hash(one), ignore_errors=True)  # new again next run
    print(f"first load of 100 ten-page PDFs, read on every core: {first:.1f} s")
    print(f"one document added to an empty store:       {statistics.median(to_empty):.2f} s (median of {runs})")
    print(f"one document added to a store of 100 PDFs:  {statistics.median(to_full):.2f} s (median of {runs})")
    print(f"ratio: {statistics.median(to_full) / statistics.median(to_empty):.2f}x (goal: at most 1.5x)")


if __name__ == "__main__":
    main()
