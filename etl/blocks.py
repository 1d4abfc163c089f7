"""A document's lines cut into blocks: table rows and sentences, each with its line and what surrounds it.

A block knows its context (the table's header and lead-in, the section heading, the words
before it in its paragraph, the sentence after it), so a rule can look around without
reading the document again. Spans are tagged once per block, on first use.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from etl.once import cached_property
from etl.prefiltered import compiled
from etl.spans import (
    FRAMEWORK_MENTIONS,
    GRADE_HINTS,
    AreaSpan,
    GradeSpan,
    area_spans,
    clause_around,
    grade_spans,
    may_state_grade,
)
from etl.wordsets import TWO_SPACES, Words
from vocabulary.areas import first_area
from vocabulary.grades import GRADE_WORD_PATTERN

MAX_SENTENCE = 1000  # characters: longer runs without a full stop are cut, so work per sentence stays bounded
_LEADER = compiled(r"(?<=\S)\s*(?:\.\s?){4,}\s*(?=\S[^.]{0,40}$)|(?<=\S)\s*…+\s*(?=\S[^.]{0,40}$)")  # "Area ..... Good"
_MARKER = compiled(r"\(?(?:\d+(?:\.\d+)*|[ivx]+|[a-h])[.)]?|[-*•·]")  # "(1)", "4.2", "(iv)", "a)", "•"
_COLUMN_GAP = compiled(r"(?<=[^\s.?!:]) {2,}(?=\S)|(?<=\S) {3,}(?=\S)")
_RULE_LINE = compiled(r"[\s\-=_+|:~.]+")  # a table's ruled line: ----- ----- or === or +---+
_CELL_SPLIT = compiled(r"\t|\s*\|\s*")
_TRAILING_GRADE = compiled(r"^(?P<label>[A-Za-z][^\t|]{3,160}?)(?:\s+|\s*-\s*)(?P<grade>\(?[1-4]\)?)(?:\s*\([^)]*\))?$")
_LISTED_GRADE = compiled(r"^(?P<label>[A-Za-z][^:\t|]{3,100}?)\s*(?::|\s-)\s*(?P<grade>[^:]{1,40}?)\.?$")
_BULLET = compiled(r"^\s*(?:[-*•·]|\d+(?:\.\d+)*\.?\s|\(?[ivx]+\)|\(?[a-h]\))\s*")
_BULLET_STARTS = frozenset("-*•·(ivxabcdefgh")  # what a bullet's marker starts with, if not a figure
# A sentence ends at a full stop, "!" or "?" that spaces and a capital or an opening quote follow. The pattern opens with
# the stop itself, not a look-behind, so a scan looks for those three characters only.
_SENTENCE_END = compiled(r"[.!?]\s+(?=[A-Z'\"(‘“])")
_VERDICT_IN_HEADING = compiled(rf"\b(?:is|was|are|were|as|be|rated|judged|graded|assessed)\s+['\"]?{GRADE_WORD_PATTERN}\b", re.I)
_ONLY_JOINERS = compiled(r"[\s\-–—:;,.()/'\"*]*(?:grade)?[\s\-–—:;,.()/'\"*]*", re.IGNORECASE)
_THREE_LETTERS = compiled(r"[A-Za-z]{3}")
_LONE_GRADE = compiled(r"\(?[1-4]\)?")
_GRADE_GLOSSED = compiled(r"[1-4]\s*\([^)]*\)")
_NUMBER = compiled(r"\d+")
_DIGIT = compiled(r"\d")
_SPACES = compiled(r"  +")
_GRADE_IN_HEADING = compiled(rf"\bgrade\s*[1-4]\b|\b{GRADE_WORD_PATTERN}\s*\(\s*[1-4]\s*\)", re.IGNORECASE)
_PLAIN_PUNCTUATION = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
    | dict.fromkeys("\u2010\u2011\u2013\u2014", "-")
    | dict.fromkeys("\u00a0\u202f\u2007", " ")  # no-break spaces, as documents use them to align
)


@dataclass
class Block:
    kind: str  # "row" or "sentence"
    line: int  # 1-based line the block starts on
    text: str  # normalised: straight quotes, single spaces
    quote: str  # the words as the document has them, to cite
    cells: list[str] = field(default_factory=list)  # rows only: label first
    label_area: str | None = None  # rows only: the area the label names first, read once for every rule that asks
    header: list[str] = field(default_factory=list)  # rows only: the table's header row
    lead_in: str = ""  # rows: the lines above the table
    section: str = ""  # the heading this block sits under
    following: str = ""  # sentences: the next sentence of the paragraph
    named_before: str = ""  # sentences: the framework (APA, JAR) named last before it in its paragraph
    opener: Block | None = field(default=None, repr=False, compare=False)  # sentences: its paragraph's first sentence
    previous: str = ""  # sentences: the sentence before it in its paragraph, which "Both were ..." points back to
    listed_below: tuple[str, ...] = ()  # a title line's: the short lines under it ("INADEQUATE (grade 1)", then names)
    # rows: one dict shared by the rows of a table (one header, one lead-in), for what rules read from those once a table
    table_facts: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    _clauses: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    _cell_grades: dict[int, int | None] = field(default_factory=dict, repr=False, compare=False)

    def clause_of(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the clause holding text[start:end], found once however many rules and vetoes ask."""
        if (start, end) not in self._clauses:
            self._clauses[start, end] = clause_around(self.text, start, end)
        return self._clauses[start, end]

    def cell_grade(self, column: int) -> int | None:
        """Rows: the grade a cell holds when it holds nothing else, read once however many rules ask."""
        if column not in self._cell_grades:
            self._cell_grades[column] = cell_grade(self.cells[column])
        return self._cell_grades[column]

    @cached_property
    def grades(self) -> list[GradeSpan]:
        return grade_spans(self.text) if may_state_grade(self.text) else []

    @cached_property
    def areas(self) -> list[AreaSpan]:
        return area_spans(self.text)

    @cached_property
    def topic(self) -> str:
        """The area its paragraph opens with ("Staying safe remains ..."), or '': read from the first sentence's areas,
        tagged once however many sentences ask."""
        spans = self.opener.areas if self.opener else []
        return spans[0].area if spans and spans[0].start <= 4 else ""

    @cached_property
    def section_area(self) -> str | None:
        return first_area(self.section) if self.section else None


def _normalise(line: str, leaders: bool) -> str:
    """A line with straight quotes already: single spaces, so patterns need not spell out every variant; the wide gaps
    of a fixed-width table (columns aligned with spaces) become tabs first, so its cells stay apart, as do the dots
    that lead to a grade ("Area ..... Good") where the document has any."""
    if leaders and ("...." in line or ". . ." in line or "…" in line):
        line = _LEADER.sub("\t", line)
    return _single_spaced(_fixed_width_as_tabs(line)) if "  " in line else line


def _fixed_width_as_tabs(line: str) -> str:
    """'Dudley      3      2' is three cells: gaps of two spaces or more that no sentence ends before part columns,
    where the line is laid out as cells (three or more, or a last one short as a grade is); the two spaces after a
    full stop in prose, and a paragraph's number set off from its text, do not."""
    inner = line.strip()
    if "  " not in inner or "\t" in inner or inner.count("|") >= 2:  # tabbed or piped already
        return line
    cells = _COLUMN_GAP.split(inner)
    if len(cells) < 2 or _MARKER.fullmatch(cells[0]) or (len(cells) == 2 and len(cells[1]) > 40):
        return line
    return "\t".join(cells)


class Lines(list[str]):
    """A document's normalised lines, with their text lower-cased once for every word set that searches it."""

    @cached_property
    def lowered(self) -> str:
        return "\n".join(self).lower()

    @cached_property
    def stripped(self) -> list[str]:
        """Each line without the spaces around it, stripped once for the passes that read lines so."""
        return [line.strip() for line in self]


def normalised_lines(raw_lines: list[str]) -> Lines:
    """Every line normalised, a fixed-width table's header that wraps onto a second line put back together first
    (lines hold no line break, as etl.read gives them)."""
    lines = list(raw_lines)
    for below in [number for number in range(1, len(lines)) if lines[number][:1] == " "]:  # a header carries on indented
        merged = _header_carried_on(lines[below - 1], lines[below])
        if merged:
            lines[below - 1], lines[below] = merged, ""
    text = "\n".join(lines)
    text = text if text.isascii() else text.translate(_PLAIN_PUNCTUATION)  # one pass over the document, not one a line
    leaders = _LEADER_WORDS.any_in(text)  # one pass, where each 'in' of a word of several characters reads it all
    parts = text.split("\n")
    if leaders:
        return Lines(_normalise(line, leaders) for line in parts)
    for number in _line_numbers(text, TWO_SPACES.starts(text)):  # only a line holding two spaces changes
        parts[number] = _normalise(parts[number], leaders)
    return Lines(parts)


_LEADER_WORDS = Words(["....", ". . .", "…"])
_SPACED_CELL = compiled(r"\S+(?: \S+)*")  # in a fixed-width line, a run of words with single spaces between
_FIGURE = compiled(r"\d")


def _header_carried_on(above: str, below: str) -> str:
    """'Council   Looked-after   Service' over '          children       management': one header, its cells
    'Looked-after children' and 'Service management', or '' where the line below does not carry the header on (a
    header has three or more cells and no figures, and each piece below starts under a cell of its own)."""
    if not below.startswith(" ") or "\t" in above or "  " not in above or _FIGURE.search(above) or _FIGURE.search(below):
        return ""
    cells = [[match.start(), match.group()] for match in _SPACED_CELL.finditer(above)]
    pieces = list(_SPACED_CELL.finditer(below))
    if len(cells) < 3 or not pieces:
        return ""
    starts = [start for start, _ in cells]
    columns = [bisect_right(starts, piece.start() + 1) - 1 for piece in pieces]
    if min(columns) < 0 or len(set(columns)) != len(columns):
        return ""
    for column, piece in zip(columns, pieces):
        cells[column][1] += " " + piece.group()
    return "   ".join(text for _, text in cells)


def _single_spaced(line: str) -> str:
    return _SPACES.sub(" ", line) if "  " in line else line


def blocks_of(lines: Lines, raw_lines: list[str]) -> list[Block]:
    """Table rows, and the sentences of paragraphs that may state a grade; lines normalised, raw_lines as written."""
    cells, label_areas = _with_wrapped_labels(lines, _one_cell_a_line(lines, [row_cells(line) for line in lines]))
    return _rows(lines, cells, label_areas, raw_lines) + _sentences(lines, cells, raw_lines)


def _one_cell_a_line(lines: Lines, cells: list[list[str] | None]) -> list[list[str] | None]:
    """A table whose cells arrive one a line, as PDFs often give them: a short line naming an area, then a line holding
    only a grade ("Safeguarding", then "2 – Adequate"), is one row."""
    for index in range(len(lines) - 1):
        if cells[index] is not None or cells[index + 1] is not None:
            continue
        label, value = lines.stripped[index], lines.stripped[index + 1]
        if _is_label(label) and value and cell_grade(value):
            cells[index] = [label, value]
    return cells


def _with_wrapped_labels(lines: Lines, cells: list[list[str] | None]) -> tuple[list[list[str] | None], list[str | None]]:
    """A row whose label wrapped onto the lines above it ("The contribution of the council's social care services to /
    maintaining ... ..... Good") takes those lines back into its label when only then does the label name an area.
    With the rows, the area each one's label names (None for a line that is no row), read once for every later step."""
    label_areas: list[str | None] = [first_area(row[0]) if row else None for row in cells]
    for index, row in enumerate(cells):
        if not row or label_areas[index]:
            continue
        above: list[str] = []
        while len(above) < 2 and index - len(above) > 0:
            line = lines[index - len(above) - 1].strip()
            if cells[index - len(above) - 1] is not None or not _is_label(line) or may_state_grade(line):
                break
            above.insert(0, line)
        label = " ".join([*above, row[0]])
        if above and (area := first_area(label)):
            cells[index], label_areas[index] = [label, *row[1:]], area
    return cells, label_areas


def _is_label(text: str) -> bool:
    """A short line that could be a table's label or part of one: no sentence ends in it."""
    return 0 < len(text) <= 90 and text[-1] not in ".;:?!" and _THREE_LETTERS.search(text) is not None


def row_cells(line: str) -> list[str] | None:
    """A table row's cells (label first), or None for a line that is not a table row.

    Tab- and pipe-separated cells, and single lines that end in a grade ("Staying safe - 4",
    "Being healthy: Good (3)"): a list of grades is a table with two columns.
    """
    if "\t" in line or line.count("|") >= 2:
        cells = [cell.strip() for cell in _CELL_SPLIT.split(line.strip(" ").strip("|"))]  # a leading empty cell kept
        if set("".join(cells)) <= set("-: "):
            return None
        while cells and not cells[-1]:
            cells.pop()
        return cells if len(cells) >= 2 else None
    stripped = line.strip()
    if len(stripped) > 170 or not stripped:
        return None
    labelled = ":" in stripped or ("-" in stripped and " -" in stripped)  # a hyphen first: one character is found fastest
    pairs = _named_grades(stripped) if labelled else None
    if pairs:
        return pairs
    match = _TRAILING_GRADE.match(stripped) if stripped[-1].isdigit() or stripped.endswith(")") else None
    if match is None and labelled:
        match = _LISTED_GRADE.match(_BULLET.sub("", stripped))
    if match and first_area(match["label"]) and cell_grade(match["grade"]) is not None:
        return [match["label"].strip(" -"), match["grade"]]
    return None


NAMED_GRADE = compiled(r"\s*(?:and\s+)?(?P<name>[A-Z][\w.'&-]*(?:\s+[\w.'&-]+){0,5}?)\s*[-:]?\s*\(?(?P<grade>[1-4])\)?\s*")
_LABELLED = compiled(r"(?P<label>[^:]{3,100}?)\s*(?::|\s-)\s*(?P<rest>.+?)\.?")
_PAIR_BREAK = compiled(r"[,;]|\s+and\s+(?=[A-Z])")


def _named_grades(line: str) -> list[str] | None:
    """'Staying safe: Middlesbrough 2, Sunderland 3 and North Tyneside 3': an area's label, then two or more names each
    with its grade, one cell a pair (whose names are authorities, a rule decides)."""
    labelled = _LABELLED.fullmatch(_BULLET.sub("", line))
    if labelled is None or not first_area(labelled["label"]):
        return None
    pairs = [pair.strip() for pair in _PAIR_BREAK.split(labelled["rest"])]
    if len(pairs) < 2 or not all(NAMED_GRADE.fullmatch(pair) for pair in pairs):
        return None
    return [labelled["label"].strip(" -"), *pairs]


def cell_grade(cell: str) -> int | None:
    """The grade a cell holds when the cell is nothing but one grade ("3", "Grade 2", "Good (3)", "'good'")."""
    text = cell.strip().strip("*'\" ").strip()
    if _LONE_GRADE.fullmatch(text):
        return int(text.strip("()"))
    if _GRADE_GLOSSED.fullmatch(text):  # "3 (feeds into the CPA)"
        return int(text[0])
    spans = grade_spans(text)
    grades = {span.grade for span in spans}
    if len(grades) != 1 or None in grades or any(span.alternative for span in spans):
        return None
    grade = grades.pop()
    rest = "".join(text[end:start] for end, start in zip([0, *(s.end for s in spans)], [*(s.start for s in spans), len(text)]))
    numbers = set(_NUMBER.findall(rest))
    if numbers - {str(grade)} or not _ONLY_JOINERS.fullmatch(_DIGIT.sub("", rest)):
        return None
    return grade  # "Grade 4 – excellent", "Good (3)", "3 - Good": every part says the same grade


def _rows(lines: Lines, cells: list[list[str] | None], label_areas: list[str | None], raw: list[str]) -> list[Block]:
    rows: list[Block] = []
    header: list[str] = []
    lead_in = ""
    facts: dict[str, object] = {}  # a new one whenever the header or the lead-in changes
    for index, row in enumerate(cells):
        if row is None:
            if header and lines[index].strip() and not _is_ruled(lines[index]):  # nor do a blank line and a ruled one
                header, facts = [], {}
            continue
        if not header and (index == 0 or cells[index - 1] is None):
            lead_in, facts = "\n".join(line for line in lines[max(0, index - 8) : index] if line.strip()), {}
        label_area = label_areas[index]
        if label_area is None and not header:
            header, facts = row, {}
        lone = "\t" not in lines[index] and (index == 0 or cells[index - 1] is None)  # "INADEQUATE FOR STAYING SAFE (1)"
        listed = _short_lines_below(lines, cells, index) if lone else ()
        block = Block("row", index + 1, lines[index], raw[index].strip(), row, label_area, header, lead_in, listed_below=listed)
        block.table_facts = facts
        rows.append(block)
    return rows


def _is_ruled(line: str) -> bool:
    """A table's ruled line: ----- ----- or === or +---+ (the first character looked at first: most lines are prose)."""
    return line.lstrip()[:1] in _RULE_STARTS and _RULE_LINE.fullmatch(line) is not None


_RULE_STARTS = frozenset("-=_+|:~.")


@dataclass
class _Paragraph:
    """Consecutive prose lines, lines[first:end], joined only when read, remembering where each line starts so a
    sentence can cite its line."""

    lines: Lines  # the document's normalised lines
    raw_lines: list[str]  # and as written, which quotes are cut from
    first: int  # 0-based
    end: int

    @cached_property
    def parts(self) -> list[str]:
        return self.lines.stripped[self.first : self.end]

    @cached_property
    def text(self) -> str:
        """The lines joined once (adding to a string would take time growing with its square)."""
        return " ".join(self.parts)

    @cached_property
    def raw_text(self) -> str:
        """The paragraph as written, offset for offset with text (normalising maps one character to one); joined only
        for a paragraph that gives a quote."""
        return " ".join(_single_spaced(line).strip() for line in self.raw_lines[self.first : self.end])

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        for part in self.parts[:-1]:
            starts.append(starts[-1] + len(part) + 1)
        return starts

    def line_at(self, offset: int) -> int:
        """The 1-based number of the line holding text[offset]."""
        return self.first + bisect_right(self._line_starts, offset)


def lines_holding(lines: Lines, words: Words) -> list[int]:
    """The numbers of the lines whose lower-cased text holds any of words: the whole text searched once, not each line."""
    return _line_numbers(lines.lowered, words.starts(lines.lowered))


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The numbers of the lines of text that hold the offsets (given in order), each once."""
    numbers, line, counted_to = [], 0, 0
    for offset in offsets:
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        numbers.append(line)
    return list(dict.fromkeys(numbers))


def lines_holding_each(lines: Lines, words: Words) -> dict[str, list[int]]:
    """For each word, the numbers of the lines whose lower-cased text holds it, in order: one pass over the whole text
    for all the words."""
    offsets: dict[str, list[int]] = {word: [] for word in words.words}
    for offset, word in sorted(words.every(lines.lowered)):
        offsets[word].append(offset)
    return {word: _line_numbers(lines.lowered, found) for word, found in offsets.items()}


def _sentences(lines: Lines, cells: list[list[str] | None], raw_lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    section = ""
    hinted = set(lines_holding(lines, GRADE_HINTS))
    last: Block | None = None  # a paragraph's last sentence, whose next is the next paragraph's first (news gives each its own)
    for first, end, heading in _paragraphs(lines, cells):
        if heading:
            section, last = lines.stripped[first], None
            continue
        hints = _may_state_grade(lines, first, end, hinted)
        if not hints and last is None:
            continue  # most paragraphs: nothing is read from them, so they are never joined
        paragraph = _Paragraph(lines, raw_lines, first, end)
        if last is not None:
            last.following = next(_bounded(_sentences_in(paragraph.text, most=2)))
            last = None
        if not hints:
            continue
        if _is_title_line(paragraph):
            blocks.append(_title_line(paragraph, section, _short_lines_below(lines, cells, first)))
            continue
        pieces = list(_bounded(_sentences_in(paragraph.text)))
        offset, named_before, opener = 0, "", None
        for number, sentence in enumerate(pieces):
            offset = paragraph.text.index(sentence, offset)
            following = pieces[number + 1] if number + 1 < len(pieces) else ""
            previous = pieces[number - 1] if number else ""
            quote = paragraph.raw_text[offset : offset + len(sentence)].strip()
            line = paragraph.line_at(offset)
            block = Block(
                "sentence",
                line,
                sentence,
                quote,
                section=section,
                following=following,
                named_before=named_before,
                previous=previous,
            )
            opener = block.opener = opener or block
            blocks.append(block)
            named_before = last_framework(sentence, _AS_AN_OBJECT) or named_before
        last = blocks[-1]
    return blocks


def _sentences_in(text: str, most: int = 0) -> list[str]:
    """text cut into its sentences, each keeping its stop, the spaces after it dropped (the first `most` only, the rest
    of the text the last, where `most` is given)."""
    pieces, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        if most and len(pieces) == most - 1:
            break
        pieces.append(text[start : end.start() + 1])
        start = end.end()
    return [*pieces, text[start:]]


def _may_state_grade(lines: Lines, first: int, end: int, hinted: set[int]) -> bool:
    """Whether the paragraph lines[first:end] holds a hint of a grade: one of its lines does (looked up, the whole
    document having been searched once), or a hint of two words runs over from one line to the next."""
    if not hinted.isdisjoint(range(first, end)):
        return True
    return end - first > 1 and GRADE_HINTS.any_in(" ".join(lines.stripped[first:end]).lower())


def _title_line(paragraph: _Paragraph, section: str, listed_below: tuple[str, ...]) -> Block:
    """A line standing alone that states a grade ("OUTSTANDING OVERALL (grade 4)"): one block, with the list under it."""
    text, quote = paragraph.text[:MAX_SENTENCE], paragraph.raw_text[:MAX_SENTENCE]
    return Block("sentence", paragraph.line_at(0), text, quote, section=section, listed_below=listed_below)


def _is_title_line(paragraph: _Paragraph) -> bool:
    """A short line standing alone, not a sentence: a box's or a list's title, which a list may follow."""
    text = paragraph.text
    ends = text.rstrip("'\")")[-1:] in ".;!?"
    return paragraph.end - paragraph.first == 1 and len(text) <= 140 and not ends and not _SENTENCE_END.search(text)


_LISTED_LINE = 60  # characters: a line of a boxed list names one thing


def _short_lines_below(lines: Lines, cells: list[list[str] | None], index: int) -> tuple[str, ...]:
    """The run of short lines, none a table row, right under line `index` (0-based): a boxed list of names."""
    listed: list[str] = []
    for below in range(index + 1, min(index + 41, len(lines))):
        text = lines.stripped[below]
        if not text or len(text) > _LISTED_LINE or cells[below] is not None:
            break
        listed.append(text)
    return tuple(listed)


def _bounded(sentences: list[str]) -> Iterator[str]:
    """Sentences of at most MAX_SENTENCE characters: text with no full stops (minutes, PDFs) is cut at a space, so
    the work on each stays bounded and a document's cost grows with its length, never with its square."""
    for sentence in sentences:
        while len(sentence) > MAX_SENTENCE:
            cut = sentence.rfind(" ", MAX_SENTENCE // 2, MAX_SENTENCE)
            cut = cut if cut > 0 else MAX_SENTENCE
            yield sentence[:cut]
            sentence = sentence[cut:].lstrip(" ")
        yield sentence


def last_framework(text: str, passing: re.Pattern[str] | None = None) -> str:
    """The framework (APA or JAR) text names last, or '': one named only to say when ("since the 2006 JAR") is not,
    nor one named in passing as the `passing` pattern says."""
    found = [
        (match.start(), framework)
        for framework, regex in FRAMEWORK_MENTIONS.items()
        for match in regex.finditer(text)
        if not any(words.search(text, max(0, match.start() - 40), match.start()) for words in (_AS_A_TIME, passing) if words)
    ]
    return max(found)[1] if found else ""


# "It took account of the JAR", "evidence from the APA": a framework as the object of a sentence about something else,
# which does not make the sentences after it about that framework
_AS_AN_OBJECT = compiled(
    r"\b(?:of|from|with|by|into|to|than|and)\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:20[01]\d\s+)?$", re.IGNORECASE
)


_AS_A_TIME = compiled(
    r"\b(?:since|after|before|following|until|prior\s+to|ahead\s+of)\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:20[01]\d\s+)?$",
    re.IGNORECASE,
)


def _paragraphs(lines: Lines, cells: list[list[str] | None]) -> list[tuple[int, int, bool]]:
    """Runs of prose lines, each (first, end, whether a heading); a heading, bullet, blank line or table row starts a
    new one, and a heading is a run of its own."""
    runs: list[tuple[int, int, bool]] = []
    first: int | None = None  # where the run being collected starts
    for index, (line, stripped) in enumerate(zip(lines, lines.stripped)):
        if not stripped or cells[index] is not None:
            if first is not None:
                runs.append((first, index, False))
            first = None
            continue
        above = lines.stripped[index - 1] if first is not None else ""  # the run's last line: lines join without gaps
        if is_heading(stripped) and not _continues(above, stripped) and not _runs_on(stripped, lines, cells, index):
            runs += [(first, index, False), (index, index + 1, True)] if first is not None else [(index, index + 1, True)]
            first = None
        elif first is None:
            first = index
        elif (stripped[0] in _BULLET_STARTS or stripped[0].isdecimal()) and _BULLET.match(line):
            runs.append((first, index, False))
            first = index
    if first is not None:
        runs.append((first, len(lines), False))
    return runs


def _continues(above: str, line: str) -> bool:
    """A line that carries on the sentence above it (`above`, the line before it in its paragraph, or ''), as text
    wrapped at a fixed width does: it starts in lower case, or the line above it, a long line of prose, stopped
    mid-sentence."""
    return bool(above) and (line[:1].islower() or (_long_unfinished(above) and not above.isupper()))


def _runs_on(line: str, lines: Lines, cells: list[list[str] | None], index: int) -> bool:
    """A long line of prose whose sentence the next line (`index` + 1, not a table row) carries on: the first line of a
    wrapped paragraph."""
    following = lines.stripped[index + 1] if index + 1 < len(lines) and cells[index + 1] is None else ""
    return bool(following) and (following[:1].islower() or (_long_unfinished(line) and not line.isupper()))


def _long_unfinished(line: str) -> bool:
    """A long line that stops mid-sentence, as a wrapped paragraph's lines do (a title in capitals is not one)."""
    return len(line) > 60 and line[-1:] not in ".;:?!"


def is_heading(text: str) -> bool:
    """A short line with no closing punctuation and no verdict: a section title."""
    if len(text) > 140 or text.rstrip("#*: ")[-1:] in ".;,?!'\"":  # most lines are prose: the cheap test first
        return False
    text = _BULLET.sub("", text).strip().strip("#*: ").strip()
    if not text or len(text) > 130 or not _THREE_LETTERS.search(text):
        return False
    return not (_VERDICT_IN_HEADING.search(text) or _GRADE_IN_HEADING.search(text) or _SENTENCE_END.search(text))
