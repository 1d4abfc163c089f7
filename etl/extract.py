"""Find the APA and JAR grades a document states, each with the line and quote that state it.

Grades come from table rows (an area label followed by a grade cell) and from prose
(judgement sentences under an area heading, or sentences that name the area and its grade).
Everything else that looks like a number is a distractor and is left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from etl.read import Document
from etl.vocabulary import AREA_PATTERNS, GRADE_WORDS, JAR_ONLY_AREAS, areas_in, first_area

WORD = r"(outstanding|excellent|good|adequate|inadequate)"
_GRADE_CELL = re.compile(r"^(?:grade\s*)?([1-4])\s*(?:\([^)]*\))?\s*\*?$", re.IGNORECASE)
_WORD_CELL = re.compile(rf"^['\"]?{WORD}['\"]?$", re.IGNORECASE)
_TRAILING_GRADE = re.compile(r"^(?P<label>[A-Za-z][^\t|]{3,160}?)\s+(?P<grade>[1-4])(?:\s*\([^)]*\))?$")
_LISTED_GRADE = re.compile(
    rf"^(?P<label>[A-Za-z][^:\t|]{{3,100}}?)\s*(?::|\s-)\s*(?P<grade>(?:grade\s*)?[1-4](?:\s*\([^)]*\))?|['\"]?{WORD}['\"]?)\.?$",
    re.IGNORECASE,
)
_CELL_SPLIT = re.compile(r"\t|\s*\|\s*")
_YEAR = re.compile(r"\b(20[01]\d)\b")

_APA = r"(?:APA|annual performance assessment)"
_JAR = r"(?:JAR|joint area review)"
_MENTIONS_JAR = re.compile(rf"\b{_JAR}\b", re.IGNORECASE)
_MENTIONS_APA = re.compile(rf"\b{_APA}\b", re.IGNORECASE)
_NOT_THIS_YEAR = re.compile(r"\b(?:last|previous|prior|preceding)\s+year|\bpreviously\b|\blast\s+APA\b", re.IGNORECASE)
_SELF_ASSESSMENT = re.compile(r"self[- ]?assess", re.IGNORECASE)
_CONFIRMED = re.compile(r"\b(?:confirm\w*|agreed|endorsed|validated|upheld)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|n't|never)\b", re.IGNORECASE)
_INSPECTORS = re.compile(r"\b(?:inspectors?|APA|Ofsted|letter)\b", re.IGNORECASE)

# A verdict: "is good", "was 'adequate'", "as outstanding", "to be good".
_VERDICT = re.compile(
    rf"\b(?:is|was|are|were|as|be|remains?|(?:judged|rated|graded)(?:\s+it)?)\s+(?:judged\s+(?:to\s+be\s+|as\s+)?)?['\"]?{WORD}\b['\"]?",
    re.IGNORECASE,
)
_SECTION_JUDGEMENT = re.compile(r"\bin this area\b|\bthis outcome\b", re.IGNORECASE)
_CONTRIBUTION = re.compile(r"^\W*(?:\d[\d.]*\s+)?(?:the\s+)?contribution\b", re.IGNORECASE)
_RATES = re.compile(
    rf"\b(?:rates?|rated|judges?|judged|grades?|graded|assesse[sd])\s+(?P<areas>[^.;:]{{3,160}}?)\s+(?:as|to\s+be)\s+['\"]?{WORD}\b",
    re.IGNORECASE,
)
_AREA_VERDICT = re.compile(
    rf"^\W*(?:\d[\d.]*\s+)?(?P<areas>[^.;:]{{3,120}}?)\s+(?:is|was|were|has\s+been)\s+(?:judged|graded|rated|assessed)\s+(?:as\s+|to\s+be\s+)?['\"]?{WORD}\b",
    re.IGNORECASE,
)
_GRADE_DIGIT = re.compile(r"\bgrade(?:d)?\s*(?:of\s+)?([1-4])\b(?!\.\d)", re.IGNORECASE)
_GRADE_HINTS = ("outstanding", "excellent", "good", "adequate", "grade")  # "inadequate" contains "adequate"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"(])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+(?:\.\d+)*\.?\s|[ivx]+\))\s*")
_DISTRACTOR_COLUMN = re.compile(r"self[- ]?assess|previous|last\s+year|prior|target|descriptor|change", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    framework: str
    judgement_area: str
    grade: int
    how_stated: str
    line: int
    quote: str


@dataclass
class Extraction:
    """What one document says: its years per framework and its grades."""

    document: Document
    years: dict[str, int | None]
    findings: list[Finding]
    warnings: list[str] = field(default_factory=list)


def extract(document: Document) -> Extraction:
    """Every grade a document states, at most one per framework and area."""
    lines = [_normalise(line) for line in document.lines]
    years = {"APA": _framework_year(lines, _APA), "JAR": _framework_year(lines, _JAR)}
    cells = [_cells(line) for line in lines]
    findings = _table_findings(lines, cells, document.lines, years) + _prose_findings(lines, cells, years)
    kept, warnings = _one_per_area(findings)
    return Extraction(document=document, years=years, findings=kept, warnings=warnings)


_PLAIN_PUNCTUATION = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'} | dict.fromkeys("\u2010\u2011\u2013\u2014", "-")
)


def _normalise(line: str) -> str:
    """Straight quotes and single spaces, so patterns need not spell out every variant."""
    line = line.translate(_PLAIN_PUNCTUATION)
    return re.sub(r"  +", " ", line) if "  " in line else line


def _framework_year(lines: list[str], framework: str) -> int | None:
    """The year a document's own words give its APA or JAR, by majority of mentions."""
    weighted_patterns = [  # "2008 APA" says more than "APA ... 2008"
        (2, re.compile(rf"\b(20[01]\d)\s+{framework}\b", re.IGNORECASE)),
        (1, re.compile(rf"\b{framework}\b[^.\n]{{0,90}}?\b(20[01]\d)\b(?![/-]\d)", re.IGNORECASE)),
    ]
    votes: Counter[int] = Counter()
    first_seen: dict[int, int] = {}
    for number, line in enumerate(lines):
        if "20" not in line or _NOT_THIS_YEAR.search(line):
            continue
        found: dict[int, int] = {}
        for weight, pattern in weighted_patterns:
            for match in pattern.finditer(line):
                found[int(match.group(1))] = max(weight, found.get(int(match.group(1)), 0))
        for year, weight in found.items():
            votes[year] += weight
            first_seen.setdefault(year, number)
    if not votes:
        return None
    return min(votes, key=lambda year: (-votes[year], first_seen[year]))


def _table_findings(
    lines: list[str], table_rows: list[list[str] | None], raw: list[str], years: dict[str, int | None]
) -> list[Finding]:
    findings: list[Finding] = []
    header: list[str] = []
    in_table = False
    for index, cells in enumerate(table_rows):
        if cells is None:
            in_table, header = False, []
            continue
        if not in_table:
            framework = _table_framework(lines, index)
            other_year = _leads_in_another_year(lines, index, years.get(framework))
            in_table = True
        if other_year:
            continue
        label = cells[0]
        area = first_area(label) if not _is_distractor_label(label) else None
        if area is None:
            header = header or cells
            continue
        grade = _row_grade(cells, header, years.get(framework))
        if grade is not None:
            row_framework = "JAR" if area in JAR_ONLY_AREAS else framework
            findings.append(Finding(row_framework, area, grade, "table", index + 1, raw[index].strip()))
    return findings


def _cells(line: str) -> list[str] | None:
    """A table row's cells (label first), or None for a line that is not a table row."""
    if "\t" in line or line.count("|") >= 2:
        cells = [cell.strip() for cell in _CELL_SPLIT.split(line.strip().strip("|"))]
        if set("".join(cells)) <= set("-: "):
            return None
        while cells and not cells[-1]:
            cells.pop()
        return cells if len(cells) >= 2 else None
    stripped = line.strip()
    if len(stripped) > 170:
        return None
    match = _TRAILING_GRADE.match(stripped) if stripped[-1:].isdigit() or stripped.endswith(")") else None
    if match is None and (":" in stripped or " -" in stripped):
        match = _LISTED_GRADE.match(_BULLET.sub("", stripped))
    if match and first_area(match["label"]) and _cell_grade(match["grade"]) is not None:
        return [match["label"], match["grade"]]
    return None


def _is_distractor_label(label: str) -> bool:
    return bool(_SELF_ASSESSMENT.search(label) or _NOT_THIS_YEAR.search(label))


def _leads_in_another_year(lines: list[str], start: int, year: int | None) -> bool:
    """A table introduced by "last year's judgements were:" (or another year's) holds no grades for this year."""
    lead_in = next((line for line in reversed(lines[max(0, start - 3) : start]) if line.strip()), "")
    stated = {int(y) for y in _YEAR.findall(lead_in)}
    return bool(_NOT_THIS_YEAR.search(lead_in)) or bool(year and stated and year not in stated)


def _table_framework(lines: list[str], start: int) -> str:
    """JAR when the nearest lead-in line above the table speaks of the JAR, else APA."""
    for line in reversed(lines[max(0, start - 8) : start]):
        jar, apa = _MENTIONS_JAR.search(line), _MENTIONS_APA.search(line)
        if jar and not apa:
            return "JAR"
        if apa:
            return "APA"
    return "APA"


def _row_grade(cells: list[str], header: list[str], year: int | None) -> int | None:
    """The row's grade, skipping columns for other years, self-assessment or targets."""
    candidates: list[tuple[bool, int]] = []
    for column, cell in enumerate(cells[1:], start=1):
        grade = _cell_grade(cell)
        if grade is None:
            continue
        heading = header[column] if column < len(header) else ""
        heading_years = {int(y) for y in _YEAR.findall(heading)}
        if _DISTRACTOR_COLUMN.search(heading) or (heading_years and year not in heading_years):
            continue
        candidates.append((year in heading_years, grade))
    preferred = [grade for is_year_column, grade in candidates if is_year_column]
    grades = set(preferred) or {grade for _, grade in candidates}
    return grades.pop() if len(grades) == 1 else None


def _cell_grade(cell: str) -> int | None:
    digit = _GRADE_CELL.match(cell)
    if digit:
        return int(digit.group(1))
    word = _WORD_CELL.match(cell)
    return GRADE_WORDS[word.group(1).lower()] if word else None


def _prose_findings(lines: list[str], table_rows: list[list[str] | None], years: dict[str, int | None]) -> list[Finding]:
    findings: list[Finding] = []
    section_area: str | None = None
    for paragraph in _paragraphs(lines, table_rows):
        if paragraph.is_heading:
            section_area = first_area(paragraph.text)
            continue
        if not _may_state_grade(paragraph.text):
            continue
        for line_number, sentence in paragraph.sentences():
            for area, grade in _sentence_grades(sentence, section_area, years["APA"]):
                framework = "JAR" if area in JAR_ONLY_AREAS or _MENTIONS_JAR.search(sentence) else "APA"
                findings.append(Finding(framework, area, grade, "prose", line_number, sentence.strip()))
    return findings


@dataclass
class _Paragraph:
    """Consecutive prose lines joined, remembering where each line starts so a sentence can cite its line."""

    text: str = ""
    line_starts: list[int] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)
    is_heading: bool = False

    def add(self, index: int, line: str) -> None:
        self.text += " " if self.text else ""
        self.line_starts.append(len(self.text))
        self.line_numbers.append(index + 1)
        self.text += line

    def sentences(self) -> list[tuple[int, str]]:
        result, offset = [], 0
        for sentence in _SENTENCE_END.split(self.text):
            offset = self.text.index(sentence, offset)
            result.append((self.line_numbers[bisect_right(self.line_starts, offset) - 1], sentence))
        return result


def _paragraphs(lines: list[str], table_rows: list[list[str] | None]) -> list[_Paragraph]:
    """Runs of prose lines; a heading, bullet, blank line or table row starts a new one."""
    paragraphs = [_Paragraph()]
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or table_rows[index] is not None:
            paragraphs.append(_Paragraph())
            continue
        heading = _is_heading(stripped)
        if heading or _BULLET.match(line):
            paragraphs.append(_Paragraph(is_heading=heading))
        paragraphs[-1].add(index, stripped)
        if heading:
            paragraphs.append(_Paragraph())
    return [paragraph for paragraph in paragraphs if paragraph.text]


def _may_state_grade(text: str) -> bool:
    """A cheap first look: no grade word, no grade."""
    lowered = text.lower()
    return any(hint in lowered for hint in _GRADE_HINTS)


def _is_heading(text: str) -> bool:
    """A short line with no closing punctuation and no verdict: a section title."""
    text = _BULLET.sub("", text).strip().strip("#*: ").strip()
    if not text or len(text) > 130 or text[-1] in ".;,?!'\"" or not re.search(r"[A-Za-z]{3}", text):
        return False
    return not (_VERDICT.search(text) or _GRADE_DIGIT.search(text))


def _sentence_grades(sentence: str, section_area: str | None, year: int | None) -> list[tuple[str, int]]:
    """The (area, grade) pairs one sentence states; none if it speaks of another year or an unconfirmed self-assessment."""
    if not _may_state_grade(sentence) or _NOT_THIS_YEAR.search(sentence):
        return []
    if any(year and int(y) != year for y in _YEAR.findall(sentence)):
        return []
    text = _inspectors_part(sentence)
    if text is None:
        return []
    rates = _RATES.search(text)
    if rates and _names_only_areas(rates["areas"]):
        grade = _grade(rates, text)
        return [(area, grade) for _, area in areas_in(rates["areas"])] if grade else []
    verdict = _VERDICT.search(text)
    if verdict is None:
        return _digit_grades(text)
    area = _subject_area(sentence, section_area)
    grade = _grade(verdict, text)
    return [(area, grade)] if area and grade else []


def _subject_area(sentence: str, section_area: str | None) -> str | None:
    """The area a judgement sentence is about: named as its subject, or the section's for "in this area"."""
    named = _AREA_VERDICT.search(sentence)
    if named and _names_only_areas(named["areas"]):
        return first_area(named["areas"])
    contribution = _CONTRIBUTION.search(sentence)
    verdict = _VERDICT.search(sentence)
    if contribution and verdict and contribution.end() <= verdict.start():
        return first_area(sentence[contribution.end() : verdict.start()]) or section_area
    return section_area if _SECTION_JUDGEMENT.search(sentence) else None


def _names_only_areas(text: str) -> bool:
    """True for "both overall effectiveness and capacity to improve", not for "progress with the safeguarding board"."""
    found = areas_in(text)
    if not found:
        return False
    leftover = text
    for _, area in found:
        leftover = re.sub(rf"\b(?:{AREA_PATTERNS[area]})", " ", leftover, flags=re.IGNORECASE)
    return not re.sub(r"\b(?:both|and|the|its|their|council's|authority's|outcome|area|for)\b|[^a-z]", "", leftover.lower())


def _digit_grades(text: str) -> list[tuple[str, int]]:
    """'Staying safe was awarded grade 2 (adequate)': an area named before a grade digit."""
    digit = _GRADE_DIGIT.search(text)
    if digit is None:
        return []
    area = first_area(text[: digit.start()])
    words = {GRADE_WORDS[w.lower()] for w in re.findall(WORD, text[digit.end() :], re.IGNORECASE)}
    grade = int(digit.group(1))
    return [(area, grade)] if area and words <= {grade} else []


def _grade(match: re.Match[str], sentence: str) -> int | None:
    """The grade a verdict word gives, unless a digit in the sentence ("grade 2") contradicts it."""
    grade = GRADE_WORDS[match.group(match.lastindex or 0).lower()]
    digits = {int(d) for d in _GRADE_DIGIT.findall(sentence)}
    return grade if not digits or digits == {grade} else None


def _inspectors_part(sentence: str) -> str | None:
    """The part of a sentence that gives the inspectors' judgement.

    A self-assessment grade counts only where the sentence says the inspectors confirmed it;
    otherwise only what follows the inspectors' own words counts.
    """
    if not _SELF_ASSESSMENT.search(sentence):
        return sentence
    confirmed = _CONFIRMED.search(sentence)
    if confirmed and not _NEGATED.search(sentence[max(0, confirmed.start() - 20) : confirmed.end()]):
        return sentence
    after = sentence[_SELF_ASSESSMENT.search(sentence).end() :]
    inspectors = _INSPECTORS.search(after)
    if inspectors is None or _NEGATED.search(after):
        return None
    return after[inspectors.start() :]


def _one_per_area(findings: list[Finding]) -> tuple[list[Finding], list[str]]:
    """Keep one finding per framework and area: a table over prose, then the first line."""
    kept: dict[tuple[str, str], Finding] = {}
    warnings = []
    for finding in sorted(findings, key=lambda f: (f.how_stated != "table", f.line)):
        key = (finding.framework, finding.judgement_area)
        if key not in kept:
            kept[key] = finding
        elif kept[key].grade != finding.grade:
            first = kept[key]
            warnings.append(
                f"{finding.judgement_area}: line {finding.line} says {finding.grade}, "
                f"line {first.line} says {first.grade}; kept line {first.line} ({first.how_stated})"
            )
    return sorted(kept.values(), key=lambda f: f.line), warnings
