"""Documents generated for tests in the fixtures' layouts: a committee table, a bulleted list and letter prose,
with planted grades and the distractors real papers carry (paragraph numbers, percentages, dates, grade keys,
last year's grades). Test data only: never bundled, never shown as real."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from etl import AUTHORITIES_CSV
from vocabulary.areas import APA_2007_AREAS as AREAS
from vocabulary.areas import AREA_LABELS

WORDS = {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}


@dataclass(frozen=True)
class Paper:
    """What a generated paper says: whose, which year, the grades planted, the distractors around them."""

    official_name: str
    year: int
    grades: dict[str, int]
    layout: str = "table"
    paragraph_number: str = "4.13"
    percentage: int = 62
    meeting_day: int = 14
    last_year: dict[str, int] = field(default_factory=dict)
    with_key: bool = True


def authorities() -> list[dict[str, str]]:
    with open(AUTHORITIES_CSV, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(paper: Paper, path: Path) -> Path:
    path.write_text(render(paper), encoding="utf-8")
    return path


def render(paper: Paper) -> str:
    """The paper's text: a heading naming the council twice, distractors, then the grades in the chosen layout."""
    name = paper.official_name
    lines = [
        f"{name}",
        f"Report to the Children's Services Scrutiny Panel, {paper.meeting_day} January {paper.year + 1}",
        "",
        f"Ofsted's {paper.year} annual performance assessment",
        "",
        f"1. {name} received the {paper.year} APA letter in December {paper.year}. Some {paper.percentage}% of the "
        f"indicators improved, and section {paper.paragraph_number} of the plan sets out the next steps.",
        "",
    ]
    if paper.with_key:
        lines += ["Key: 4 outstanding; 3 good; 2 adequate; 1 inadequate", ""]
    lines += LAYOUTS[paper.layout](paper)
    if paper.last_year:
        lines += ["", f"In {paper.year - 1} the judgements were:", ""]
        lines += [f"- {AREA_LABELS[area]}: {grade}" for area, grade in paper.last_year.items()]
    lines += ["", f"2. The panel will review progress against paragraph {paper.paragraph_number} in March {paper.year + 1}."]
    return "\n".join(lines) + "\n"


def _table(paper: Paper) -> list[str]:
    return ["Judgement area\tGrade", *(f"{AREA_LABELS[area]}\t{grade}" for area, grade in paper.grades.items())]


def _bullets(paper: Paper) -> list[str]:
    return ["The judgements were:", "", *(f"- {AREA_LABELS[area]}: {grade}" for area, grade in paper.grades.items())]


def _prose(paper: Paper) -> list[str]:
    return [f"Ofsted judged {AREA_LABELS[area].lower()} to be {WORDS[grade]}." for area, grade in paper.grades.items()]


def _number_and_word(paper: Paper) -> list[str]:
    """One line an area: "- Being healthy - Grade 3 - Good"."""
    return [f"- {AREA_LABELS[area]} - Grade {grade} - {WORDS[grade].title()}" for area, grade in paper.grades.items()]


def _word_then_number(paper: Paper) -> list[str]:
    return [f"{AREA_LABELS[area]}: {WORDS[grade].title()} - {grade}" for area, grade in paper.grades.items()]


def _dot_leaders(paper: Paper) -> list[str]:
    return [
        f"    {AREA_LABELS[area]} {'.' * (70 - len(AREA_LABELS[area]))} {WORDS[grade].title()}"
        for area, grade in paper.grades.items()
    ]


def _fixed_width(paper: Paper) -> list[str]:
    rows = [("Judgement", "Grade"), *((AREA_LABELS[area], f"{grade} ({WORDS[grade]})") for area, grade in paper.grades.items())]
    return [f"  {label:<64}{grade}" for label, grade in rows]


def _across(paper: Paper) -> list[str]:
    """The areas as columns, one row of grades."""
    areas = list(paper.grades)
    return [
        "\t".join(["Judgement", *(AREA_LABELS[area] for area in areas)]),
        "\t".join(["Grade", *(str(paper.grades[a]) for a in areas)]),
    ]


def _cells_a_line(paper: Paper) -> list[str]:
    """A table as PDFs often give it: each cell on a line of its own."""
    return [
        "Judgement",
        "Grade",
        *(cell for area, grade in paper.grades.items() for cell in (AREA_LABELS[area], f"{grade} – {WORDS[grade].title()}")),
    ]


LAYOUTS = {
    "table": _table,
    "bullets": _bullets,
    "prose": _prose,
    "number and word": _number_and_word,
    "word then number": _word_then_number,
    "dot leaders": _dot_leaders,
    "fixed width": _fixed_width,
    "areas across": _across,
    "cells a line": _cells_a_line,
}


def batch(folder: Path, count: int, year: int = 2008) -> list[Path]:
    """count papers, one per authority (a second year when there are more papers than authorities)."""
    folder.mkdir(parents=True, exist_ok=True)
    everyone = authorities()
    papers = []
    for number in range(count):
        authority = everyone[number % len(everyone)]
        grades = {area: 1 + (number + offset) % 4 for offset, area in enumerate(AREAS)}
        paper = Paper(authority["official_name"], year - number // len(everyone), grades, layout=list(LAYOUTS)[number % 3])
        papers.append(write(paper, folder / f"paper_{number:03d}_{authority['dfe_code']}.txt"))
    return papers
