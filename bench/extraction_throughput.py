"""Extraction throughput: documents per second on generated documents, against merely reading them.

Usage: python bench/extraction_throughput.py [N]   (default 300 documents)
Prints figures; asserts nothing. Five runs, each reading then extracting every document; the median ratio is steadier
than the rates on a noisy machine.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl import AUTHORITIES_CSV  # noqa: E402
from etl.authorities import AuthorityIndex  # noqa: E402
from etl.documents import process_file  # noqa: E402
from etl.read import read_document  # noqa: E402
from vocabulary.grades import GRADE_LABELS  # noqa: E402

AREAS = [
    "Overall effectiveness of children's services",
    "Being healthy",
    "Staying safe",
    "Enjoying and achieving",
    "Making a positive contribution",
    "Achieving economic well-being",
    "Capacity to improve, including the management of services for children and young people",
]
FILLER = (
    "The partnership continued to develop its plans during the year, and officers reported on progress "
    "to the scrutiny panel at each meeting, with 12 of 15 targets met and 64% of indicators improving."
)


def generated_document(number: int, name: str, rng: random.Random) -> str:
    """A report in the seed layouts: a grade table in one, prose judgements in another."""
    year = rng.choice([2006, 2007, 2008])
    lines = [f"{name} Council", "", f"Report {number}: Annual Performance Assessment {year}", ""]
    lines += [f"{i}. {FILLER}" for i in range(1, 30)]
    if number % 2:
        lines += ["", f"{name}'s {year} APA grades:", "", "Judgement area\tGrade"]
        lines += [f"{area}\t{rng.randint(1, 4)}" for area in AREAS]
    else:
        for area in AREAS[1:6]:
            word = GRADE_LABELS[rng.randint(1, 4)]
            lines += ["", area, "", f"The contribution the council's services make to improving outcomes in this area is {word}."]
    lines += ["", *[FILLER] * 20]
    return "\n".join(lines) + "\n"


def timed(function, paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        function(path)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    names = list(index.by_code.values())
    rng = random.Random(2008)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number in range(count):
            path = Path(folder) / f"doc{number:04}.txt"
            path.write_text(generated_document(number, rng.choice(names).name, rng))
            paths.append(path)
        runs = [(timed(read_document, paths), timed(lambda p: process_file(p, index, {}), paths)) for _ in range(5)]
        grades = sum(len(process_file(p, index, {}).rows) for p in paths[:20])
    read_seconds, extract_seconds = sorted(runs, key=lambda run: run[1] / run[0])[2]  # the median run by its ratio
    print(f"documents: {count} (about 60 lines each), grades found in the first 20: {grades}")
    print(f"read only:          {count / read_seconds:8.0f} documents/s")
    print(f"read + extract:     {count / extract_seconds:8.0f} documents/s (one core)")
    each = ", ".join(f"{e / r:.1f}" for r, e in runs)
    print(f"extract / read time ratio: {extract_seconds / read_seconds:.1f}x (median of 5 runs: {each})")


if __name__ == "__main__":
    main()
