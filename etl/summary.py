"""`python -m etl explain --summary`: what each rule and veto did across a folder, and, given the grades a careful
reader expects, how often it was right, as snorkel's labelling-function analysis reads a corpus.

A rule is judged by the rows it gave (right, wrong grade or year, or extra); a veto by the candidates it stopped
(a grade the reader expects, so a loss, or not one, so a save); and an expected grade no kept candidate gave is missed.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from etl.authorities import AuthorityIndex
from etl.documents import DocumentResult, process_file
from etl.rules import ROW_RULES, SENTENCE_RULES, VETOES

RULES = [rule.__name__ for rule in [*ROW_RULES, *SENTENCE_RULES]]


@dataclass
class Expected:
    """The expected grades of a corpus, keyed as the project's scorer keys them: file, authority, framework, area."""

    grades: dict[tuple[str, str, str, str], tuple[str, set[str]]] = field(default_factory=dict)  # key: (grade, years)

    @classmethod
    def from_csv(cls, path: Path) -> Expected:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.DictReader(handle) if row.get("grade")]  # an empty grade is optional
        return cls({key_of(row): (row["grade"], set(row.get("year", "").split("|"))) for row in rows})


def key_of(row: dict) -> tuple[str, str, str, str]:
    authority = " ".join(re.sub(r"[^a-z0-9]+", " ", str(row.get("authority", "")).lower().replace("&", " and ")).split())
    return Path(str(row["file"])).name.lower(), authority, str(row["framework"]).lower(), str(row["judgement_area"]).lower()


@dataclass
class Summary:
    made: Counter = field(default_factory=Counter)  # rule: candidates it made
    kept: Counter = field(default_factory=Counter)  # rule: rows it gave
    right: Counter = field(default_factory=Counter)
    wrong: Counter = field(default_factory=Counter)
    extra: Counter = field(default_factory=Counter)
    stopped: Counter = field(default_factory=Counter)  # veto: candidates it stopped
    lost: Counter = field(default_factory=Counter)  # veto: ... of a grade the reader expects
    found: set = field(default_factory=set)  # expected keys some row gave
    vetoed: set = field(default_factory=set)  # expected keys some veto stopped

    def lines(self, expected: Expected | None) -> list[str]:
        """The summary as a table: one line a rule, one a veto, then what was missed."""
        said = [f"{'rule':<20}{'made':>7}{'kept':>7}" + ("" if expected is None else f"{'right':>7}{'wrong':>7}{'extra':>7}")]
        for rule in RULES:
            judged = "" if expected is None else f"{self.right[rule]:>7}{self.wrong[rule]:>7}{self.extra[rule]:>7}"
            said.append(f"{rule:<20}{self.made[rule]:>7}{self.kept[rule]:>7}{judged}")
        said.append(f"{'veto':<20}{'stopped':>7}" + ("" if expected is None else f"{'lost':>7}{'saved':>7}"))
        for veto in (veto.__name__ for veto in VETOES):
            judged = "" if expected is None else f"{self.lost[veto]:>7}{self.stopped[veto] - self.lost[veto]:>7}"
            said.append(f"{veto:<20}{self.stopped[veto]:>7}{judged}")
        if expected is not None:
            missed = set(expected.grades) - self.found
            by_veto = len(missed & self.vetoed)
            said.append(
                f"missed: {len(missed)} of {len(expected.grades)} expected grades "
                f"({by_veto} stopped by a veto, {len(missed) - by_veto} never a candidate)"
            )
        return said


def summarise(paths: list[Path], index: AuthorityIndex, expected: Expected | None) -> Summary:
    summary = Summary()
    for path in paths:
        result = process_file(path, index, {})
        _count(summary, result, expected)
    return summary


def _count(summary: Summary, result: DocumentResult, expected: Expected | None) -> None:
    for row in result.rows:
        summary.made[row["rule"]] += 1
        summary.kept[row["rule"]] += 1
        if expected is None:
            continue
        key = key_of({**row, "file": result.path, "authority": row["authority"]})
        want = expected.grades.get(key)
        verdict = summary.extra if want is None else summary.right if _agrees(want, row) else summary.wrong
        verdict[row["rule"]] += 1
        summary.found.add(key)
    for candidate in result.vetoed:
        summary.made[candidate.rule] += 1
        summary.stopped[candidate.veto] += 1
        if expected is None:
            continue
        codes = candidate.authorities or (result.dfe_code,)
        for authority in [a for a in (_name(result, code) for code in codes) if a is not None]:
            key = key_of(
                {"file": result.path, "authority": authority, "framework": candidate.framework, "judgement_area": candidate.area}
            )
            if expected.grades.get(key, ("",))[0] == str(candidate.grade):
                summary.lost[candidate.veto] += 1
                summary.vetoed.add(key)
                break


def _agrees(want: tuple[str, set[str]], row: dict) -> bool:
    grade, years = want
    return str(row["grade"]) == grade and str(row["year"] or "") in years


def _name(result: DocumentResult, code: str) -> str | None:
    """An authority's name for a code the candidate carries, the document's subject's where it carries none."""
    if code == result.dfe_code:
        return result.authority
    return next((row["authority"] for row in result.rows if row["dfe_code"] == code), None)
