"""The extractor's rules and vetoes, each a small named function.

A rule turns a block's spans into candidate grades (an area, a grade, the place of the grade
words); a veto looks at one candidate and says whether the words do not really give that grade.
Every candidate keeps the name of its rule and of the veto that stopped it, so
`python -m etl explain FILE` shows what each rule found and why anything was refused.
A new layout is a new rule, with its own examples in the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import NamedTuple, TypeVar

from etl.authorities import Authority, AuthorityIndex
from etl.blocks import NAMED_GRADE, Block, cell_grade, is_heading
from etl.once import cached_property
from etl.prefiltered import compiled
from etl.spans import FRAMEWORK_MENTIONS, WORD, AreaSpan, GradeSpan, area_spans, starting_a_word
from vocabulary.areas import APA_2006_TABLE, OUTCOMES, first_area, judged
from vocabulary.frameworks import SEVEN_JUDGEMENTS_FROM, is_round


@dataclass(frozen=True)
class Context:
    """What the whole document says that a rule or veto needs: the year of each framework, whether it names either."""

    years: dict[str, int | None]
    names_a_framework: bool = True
    index: AuthorityIndex | None = None  # to read a table whose rows or columns are authorities
    self_assessed: bool = False  # the document's own title says it is a council's self-assessment
    default_framework: Callable[[], str] = lambda: "APA"  # the framework the document names most: a bare table's


@dataclass
class Candidate:
    rule: str
    area: str
    grade: int
    block: Block
    grade_at: tuple[int, int]  # where the grade words are in block.text
    framework: str = "APA"
    authorities: tuple[str, ...] = ()  # DfE codes the statement names as its own
    comparators: tuple[str, ...] = ()  # and those it names only to compare with
    year: int | None = None  # the round the statement itself gives ("JAR 2006" in its row); else the document's
    veto: str = ""

    @property
    def how_stated(self) -> str:
        return "table" if self.block.kind == "row" else "prose"

    @cached_property
    def clause(self) -> str:
        """The clause holding the grade words: where most vetoes look."""
        start, end = self.clause_bounds
        return self.block.text[start:end]

    @cached_property
    def clause_bounds(self) -> tuple[int, int]:
        return self.block.clause_of(*self.grade_at)

    @cached_property
    def statement_bounds(self) -> tuple[int, int]:
        """Where the part of its sentence the grade belongs to starts and ends."""
        return statement_bounds(self.block.text, self.grade_at[0])

    @property
    def statement(self) -> str:
        """The part of its sentence the grade belongs to: 'A moved up to good, while B slipped to adequate' has two."""
        return self.block.text[slice(*self.statement_bounds)]

    @cached_property
    def before_in_clause(self) -> str:
        return self.block.text[self.clause_bounds[0] : self.grade_at[0]]


_STATEMENTS = compiled(r",?\s+(?:while|whereas|but|although|though|because)\s+|;\s+", re.IGNORECASE)


def statement_bounds(text: str, start: int) -> tuple[int, int]:
    """Where the part of a sentence holding offset `start` starts and ends: 'A moved up to good, while B slipped to
    adequate' has two parts."""
    cuts = _statement_cuts(text)
    return max(cut for cut in cuts if cut <= start), min(cut for cut in cuts if cut > start)


@lru_cache(maxsize=64)
def _statement_cuts(text: str) -> tuple[int, ...]:
    """Where a sentence's parts start, found once per sentence however many grades it holds."""
    return (0, *(match.end() for match in _STATEMENTS.finditer(text)), len(text))


# ---------------------------------------------------------------- rules for table rows

Fact = TypeVar("Fact")


def once_a_table(read: Callable[..., Fact]) -> Callable[..., Fact]:
    """A fact read from a row's header or lead-in, which every row of its table shares: read for the first row asked,
    kept for the rest (anything else it is given is the document's, the same for every row)."""

    @wraps(read)
    def shared(block: Block, *documents: object) -> Fact:
        facts = block.table_facts
        if read.__name__ not in facts:
            facts[read.__name__] = read(block, *documents)
        return facts[read.__name__]  # type: ignore[return-value]

    return shared


_DISTRACTOR_COLUMN = compiled(r"self[- ]?assess|previous|last\s+year|prior|target|descriptor|change", re.IGNORECASE)
_YEAR = compiled(r"\b(20[01]\d)\b")


def table_row(block: Block, context: Context) -> list[Candidate]:
    """A row with a cell naming an area (its label) and one grade in the columns after it (other years and
    self-assessment skipped); the label and cells before it may give the row's own round ("JAR 2006")."""
    later = (column for column, cell in enumerate(block.cells[1:-1], start=1) if first_area(cell))
    label = 0 if block.label_area else next(later, None)
    if label is None:
        return _grade_then_areas(block)
    area = block.label_area or first_area(block.cells[label])
    framework, stated_year = _round_in(block.cells[: label + 1])
    framework = framework or row_framework(block)
    year = stated_year or context.years.get(framework or context.default_framework())
    found = list(_grade_columns(block, year, first=label + 1))
    columns = [(this_year, grade, cell) for this_year, grade, cell in found if 1 <= grade <= 4]
    chosen = [column for column in columns if column[0]] or columns
    if not chosen:  # a grade column holding only a 0 or 5-9: kept as a candidate only to be refused aloud
        return [_table_candidate(block, area, grade, cell, framework, stated_year) for _, grade, cell in found[:1]]
    if len({grade for _, grade, _ in chosen}) != 1:
        return []
    _, grade, cell = chosen[-1]
    return [_table_candidate(block, area, grade, cell, framework, stated_year)]


def _grade_then_areas(block: Block) -> list[Candidate]:
    """A row that gives its grade first and the areas after it, as lists grouped by grade do ("Adequate (2) | looked
    after children · service management")."""
    grade = cell_grade(block.cells[0].rstrip(":- "))
    if len(block.cells) != 2 or grade is None:
        return []
    framework = row_framework(block)
    return [_table_candidate(block, span.area, grade, block.cells[0], framework) for span in area_spans(block.cells[1])]


def _round_in(cells: list[str]) -> tuple[str, int | None]:
    """The framework and year that a row's label and the cells before it name ("APA 2007"), or ('', None)."""
    text = " ".join(cells)
    named = [name for name, regex in FRAMEWORK_MENTIONS.items() if regex.search(text)]
    years = _YEAR.findall(text)
    return (named[0] if len(named) == 1 else ""), (int(years[0]) if len(set(years)) == 1 else None)


def years_headed(heading: str) -> set[int]:
    """The rounds a column's heading names: "2008", "APA 2007", and for a year written as a span ("2006/07", "2006-07"),
    the round that judged it, the later year."""
    return {2000 + int(later) if later else int(year) for year, later in _HEADING_YEAR.findall(heading)}


_HEADING_YEAR = compiled(r"\b(20[01]\d)(?:\s*[/-]\s*(?:20)?([01]\d))?\b")


_OFF_SCALE_DIGIT = compiled(r"\s*\(?([05-9])\)?\s*")


class _Heading(NamedTuple):
    years: set[int]  # the rounds it names
    other: bool  # it heads something else: a self-assessment, another year's grade, a target
    grades: bool  # it says its column holds grades or scores


@once_a_table
def _headings(block: Block) -> list[_Heading]:
    """What each heading of a row's table says of its column."""
    return [_Heading(years_headed(h), bool(_DISTRACTOR_COLUMN.search(h)), bool(_GRADE_HEADING.search(h))) for h in block.header]


_NO_HEADING = _Heading(set(), False, False)


def _grade_columns(block: Block, year: int | None, first: int = 1) -> Iterator[tuple[bool, int, str]]:
    """(headed with the round's year, grade, cell) for each cell from `first` on holding a lone number or grade words,
    skipping columns of other years and of self-assessment, targets and the like."""
    headings = _headings(block)
    for column, cell in enumerate(block.cells[first:], start=first):
        lone_digit = _OFF_SCALE_DIGIT.fullmatch(cell)
        grade = int(lone_digit[1]) if lone_digit else block.cell_grade(column)
        if grade is None:
            continue
        heading = headings[column] if column < len(headings) else _NO_HEADING
        if heading.other or (heading.years and year not in heading.years):
            continue
        if lone_digit and not heading.grades:
            continue  # a count, most likely
        yield year in heading.years, grade, cell


def authority_rows(block: Block, context: Context) -> list[Candidate]:
    """A row under a header naming areas, one grade an area column: the authority its first cell names (a regional
    round-up, a table of neighbours), or, where it names none and every area cell holds a grade, the document's own
    (a transposed table: "Grade | 3 | 2 | 3"; a row headed with another round's year is that year's, and skipped)."""
    if not block.header or block.label_area:
        return []
    authority = context.index.lookup(block.cells[0]) if context.index else None
    framework = row_framework(block)
    round_year = context.years.get(framework or context.default_framework())
    columns = _area_columns(block, round_year)
    if authority is None and not _transposed(block, columns, round_year):
        return []
    found = []
    for column, area, year in columns:
        grade = block.cell_grade(column)
        if grade:
            found.append(_table_candidate(block, area, grade, block.cells[column], framework, year, rule="authority_rows"))
            found[-1].authorities = (authority.dfe_code,) if authority else ()
    return found


def _area_columns(block: Block, round_year: int | None) -> list[tuple[int, str, int | None]]:
    """(column, area, year its heading gives) for each of the row's cells under a heading naming an area, skipping
    self-assessment, targets and another year's columns."""
    columns = []
    for column in range(1, len(block.cells)):
        heading = block.header[column] if column < len(block.header) else ""
        area, years = first_area(heading), years_headed(heading)
        if area and not _DISTRACTOR_COLUMN.search(heading) and not (round_year and years - {round_year}):
            columns.append((column, area, years.pop() if len(years) == 1 else _published_in_row(block)))
    return columns


def _transposed(block: Block, columns: list[tuple[int, str, int | None]], round_year: int | None) -> bool:
    """One authority's grades laid out across: area columns, each cell of them a grade, under a label that
    names no one and no other year ("Grade", "Local services overall", "2008")."""
    label_years = {int(year) for year in _YEAR.findall(block.cells[0])}
    return (
        len(columns) >= 1
        and all(block.cell_grade(column) for column, _, _ in columns)
        and not (round_year and label_years - {round_year})
        and _GENERIC_LABEL.fullmatch(block.cells[0].strip(" *:"))
        and not _DISTRACTOR_COLUMN.search(block.cells[0])
    )


# What heads one authority's row of grades laid out across: no name (an unknown name is another authority, a count
# or an average is no one's), only what the row is ("Grade", "Ofsted judgement", "Local services overall", "2008")
_GENERIC_LABEL = compiled(
    r"(?:(?:ofsted|apa|jar|inspectors?'?|the|our|council'?s?|local|services?|overall|20[01]\d|final|published|awarded|"
    r"current|this\s+year'?s?)\s*)*(?:grades?|judgements?|ratings?|scores?|results?|outcomes?|services\s+overall|overall)?"
    r"(?:\s+(?:awarded|20[01]\d|\(20[01]\d\)))?",
    re.IGNORECASE,
)


def _published_in_row(block: Block) -> int | None:
    """The year in a row's publication column ("JAR report published: March 2008"): each authority's own round."""
    for heading, cell in zip(block.header[1:], block.cells[1:]):
        years = _YEAR.findall(cell)
        if _PUBLISHED_HEADING.search(heading) and len(set(years)) == 1:
            return int(years[0])
    return None


_PUBLISHED_HEADING = compiled(r"publish|report(?:ed)?\s+date|date\s+of\s+(?:the\s+)?report", re.IGNORECASE)


def authority_columns(block: Block, context: Context) -> list[Candidate]:
    """A row naming an area in its first cell, under a header naming authorities: each authority column's grade for
    that area (a regional table with an authority a column)."""
    area = block.label_area
    if area is None or context.index is None or len(block.header) < 2:
        return []
    found = []
    authorities = _header_authorities(block, context.index)
    for column, cell in enumerate(block.cells[1:], start=1):
        authority = authorities[column] if column < len(authorities) else None
        grade = block.cell_grade(column) if authority else None
        if authority and grade:
            found.append(_table_candidate(block, area, grade, cell, row_framework(block), rule="authority_columns"))
            found[-1].authorities = (authority.dfe_code,)
    return found


@once_a_table
def _header_authorities(block: Block, index: AuthorityIndex) -> list[Authority | None]:
    """The authority each heading of a row's table names, if any."""
    return [index.lookup(heading) for heading in block.header]


def authority_pairs(block: Block, context: Context) -> list[Candidate]:
    """A line giving an area, then authorities each with its grade ("Staying safe: Middlesbrough 2, Sunderland 3"):
    every pair whose name is an authority's."""
    area = block.label_area
    if area is None or context.index is None or len(block.cells) < 3:
        return []
    found = []
    for cell in block.cells[1:]:
        pair = NAMED_GRADE.fullmatch(cell)
        authority = context.index.lookup(pair["name"]) if pair else None
        if authority:
            found.append(_table_candidate(block, area, int(pair["grade"]), cell, row_framework(block), rule="authority_pairs"))
            found[-1].authorities = (authority.dfe_code,)
    return found


ROW_RULES: list[Callable[[Block, Context], list[Candidate]]] = [authority_pairs, authority_columns, authority_rows, table_row]


def row_candidates(block: Block, context: Context) -> list[Candidate]:
    """A table row read by the first rule that reads it: authorities as columns, as rows, or one authority's row."""
    return next((found for rule in ROW_RULES if (found := rule(block, context))), [])


_GRADE_HEADING = compiled(r"grade|judgement|score|rating|ofsted|apa|jar|20[01]\d", re.IGNORECASE)


def _table_candidate(
    block: Block, area: str, grade: int, cell: str, framework: str, year: int | None = None, rule: str = "table_row"
) -> Candidate:
    start = block.text.rfind(cell)
    return Candidate(rule, area, grade, block, (start, start + len(cell)), framework, year=year)


@once_a_table
def row_framework(block: Block) -> str:
    """The framework the nearest lead-in line above the table speaks of (the APA where it names both), or '' where none
    does: the row then takes the document's (extract settles it)."""
    for line in reversed(block.lead_in.split("\n")):
        named = {name for name, regex in FRAMEWORK_MENTIONS.items() if regex.search(line)}
        if named:
            return "APA" if "APA" in named else "JAR"
    return ""


# ---------------------------------------------------------------- rules for sentences

_FILLER = compiled(
    r"\b(?:both|and|or|the|a|an|one|two|three|four|five|six|seven|those|these|its|their|our|your|council'?s?|authority'?s?|county'?s?|"
    r"borough'?s?|city'?s?|work|local|overall|outcome|outcomes|area|areas|for|of|to|in|on|at|by|with|contribution|services?|"
    r"arrangements|provision|department|directorate|children|young|people|judgements?|grades?|scores?|"
    r"current|performance|la|also|each|judged|rated|graded|assessed|ranked|found|deemed|considered|awarded|given|as|be|"
    r"help|helps|helping|ensure|ensuring|support|supporting|enable|enabling|improve|improving|promote|promoting|maintaining)\b"
    r"|[^a-z]",
    re.IGNORECASE,
)


_POSSESSIVE_NAME = compiled(r"\b[A-Z][\w.-]*(?:\s+(?:upon\s+|on\s+)?[A-Z][\w.-]*)*'s\b")
_PLACE = compiled(r"\b(?:in|across)\s+[A-Z][\w.-]*(?:\s+(?:upon\s+|on\s+|and\s+)?[A-Z][\w.-]*)*")  # "... in Knowsley"


def names_only_areas(text: str) -> list[str]:
    """The areas text names, if it names nothing else ("both overall effectiveness and capacity to improve", "Bexley's
    staying safe", "children's services in Knowsley"): what a rule takes as the subject of a grade."""
    text = _PLACE.sub(lambda place: place[0] if first_area(place[0]) else " ", _without_owners(text))
    spans = area_spans(text)
    if not spans:
        return []
    leftover = "".join(
        text[end:start] for end, start in zip([0, *(s.end for s in spans)], [*(s.start for s in spans), len(text)])
    )
    if _FILLER.sub("", leftover.lower()):
        return []
    return [span.area for span in served(text, spans)]


def served(text: str, spans: list[AreaSpan]) -> list[AreaSpan]:
    """The areas text grades, without the services it names as what serves the next ("the contribution of children's
    services to being healthy" grades being healthy)."""
    providers = {span for span, following in zip(spans, spans[1:]) if _PROVIDES.match(text, span.end, following.start)}
    return [span for span in spans if span not in providers]


_PROVIDES = compiled(r"\W*(?:to|towards|in|for)\b(?:\s+(?:improving|maintaining|outcomes|in|for|the))*\s*$", re.IGNORECASE)


def _without_owners(text: str) -> str:
    """Text without the names that own what follows ("Bexley's", "Ofsted's"), but for one that begins an area's own
    name, as title case writes it ("Surrey's Children's Services")."""
    if "'s" not in text:
        return text
    areas = area_spans(text)
    return _POSSESSIVE_NAME.sub(lambda name: name[0] if any(a.start <= name.start() < a.end for a in areas) else " ", text)


_JUDGING_VERB = (
    r"(?:rates?|rated|judges?|judged|grades?|graded|assesse[sd]|ranks?|ranked|considers?|considered|deems?|deemed|finds?|found)"
)
_JUDGING = compiled(starting_a_word(_JUDGING_VERB) + r"\s+", re.IGNORECASE)
_RATED_OBJECT = compiled(  # "rated X as good", and "rated X good" where X holds no figure or grade of its own
    r"(?:(?P<subject>[^.;:]{3,160}?)\s+(?:as|to\s+be|at)|(?P<bare>[^.;:\d]{3,120}?))\s+['\"]?", re.IGNORECASE
)


def rates_as(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'Ofsted rated staying safe as good', 'inspectors judged the arrangements for safeguarding to be good', 'the
    inspectors judged our safeguarding arrangements good'."""
    if not _area_within_reach(block, span):
        return []
    before = _reach_before(block, span)
    for verb in _JUDGING.finditer(before):  # the first verb whose object runs up to the grade
        rated = _RATED_OBJECT.fullmatch(before, verb.end())
        if rated:
            return subject_areas(rated["subject"] or rated["bare"])
    return []


_GRADE_AND = compiled(rf"\b(?:{WORD}|[1-4]\)?)['\"]?\s*(?:,\s*)?\band\s+", re.IGNORECASE)


def subject_areas(subject: str) -> list[str]:
    """The areas a grade's subject names: all of it, or what follows an earlier grade ("A as good and B as ...")
    or the last comma ("the council, its capacity to improve")."""
    subject = _SUBORDINATE.split(subject)[-1]
    readings = dict.fromkeys([subject, _GRADE_AND.split(subject)[-1], subject.split(",")[-1]])  # each once
    return next((areas for reading in readings if (areas := names_only_areas(reading))), [])


# The verbs that end a subject before its grade ("... was judged", "... were both rated as"), at the end of the text.
_VERDICT_VERB_AT_END = compiled(  # the participle alone too: "with its capacity to improve judged good"
    r"\s+(?:is|was|are|were|has\s+been|have\s+been|had\s+been|remains?|remained|of|judged|graded|rated|assessed|deemed|"
    r"received|achieved|got|gained|earned|secured|obtained)"
    r"(?:\s+(?:also|again|both|all|now|each|overall|currently|not|never|judged|graded|rated|assessed|ranked|found|deemed|"
    r"considered|awarded|given|to\s+be|as|at|a|an))*\s+['\"]?$",
    re.IGNORECASE,
)


def _verdict_subject(text: str) -> str | None:
    """What a verdict is said of: the words before the verbs that end the text, back to a full stop, semicolon or
    colon and no more than 200 characters ('Staying safe was judged ' gives 'Staying safe')."""
    verb = _VERDICT_VERB_AT_END.search(text)
    if verb is None:
        return None
    head = text[: verb.start()]
    subject = head[max(max(head.rfind(mark) for mark in ".;:") + 1, len(head) - 200) :]
    return subject if len(subject) >= 3 else None


# Words after which a new clause starts, its subject next: "... because staying safe was", "inspectors said the
# council's capacity to improve was" (a report's verb with its "that" left out)
_SUBORDINATE = compiled(
    starting_a_word(
        r"that|which|where|whereas|when|while|because|since|"
        r"(?:said|says|found|finds|reported|reports|noted|notes|concluded|concludes|stated|states|believes?|felt|feels)"
        r"(?=\s+(?:the|its|their|our|his|her)\b)"
    )
    + r"\b",
    re.IGNORECASE,
)


def subject_verdict(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'Staying safe was judged adequate', 'the grades for A and B were both 2 (adequate)'."""
    if not _area_within_reach(block, span):
        return []
    start, _ = block.clause_of(span.start, span.end)
    subject = _verdict_subject(block.text[max(start, span.start - _REACH) : span.start]) if start < span.start else None
    subject = subject or _verdict_subject(_reach_before(block, span))
    return subject_areas(subject) if subject else []


_REACH = 300  # characters before a grade a rule reads for its subject and verb: a subject is at most 200, its verbs fewer


def _reach_before(block: Block, span: GradeSpan) -> str:
    """The text a rule reads before a grade: at most _REACH characters, so a long sentence costs no more per grade."""
    return block.text[max(0, span.start - _REACH) : span.start]


def _area_within_reach(block: Block, span: GradeSpan) -> bool:
    """Whether the block's areas, tagged once, name one within a rule's reach before the grade: a subject read from
    there can name no other, so a rule need not tag its words again to find none."""
    return any(area.start < span.start and area.end > span.start - _REACH for area in block.areas)


_CHANGED_TO = compiled(
    r"(?P<subject>[^.;:]{3,160}?)\s+(?:has\s+|have\s+|had\s+)?(?:fallen|fell|risen|rose|improved|dropped|moved|slipped|declined|"
    r"gone\s+(?:up|down)|went\s+(?:up|down)|changed)\b[^.;]{0,80}?\bto\s+(?:an?\s+|the\s+)?['\"]?$",
    re.IGNORECASE,
)


_CHANGE_VERB = compiled(r"\b(?:fallen|fell|risen|rose|improved|dropped|moved|slipped|declined|gone|went|changed)\b", re.I)


def changed_to(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'Staying safe has fallen from a good grade three to an adequate grade two': the grade it moved to."""
    if not _area_within_reach(block, span):
        return []
    before = _reach_before(block, span)
    match = _CHANGED_TO.search(before) if _CHANGE_VERB.search(before) else None
    return names_only_areas(_SUBORDINATE.split(match["subject"])[-1]) if match else []


_NAMED_JUDGEMENT = compiled(r"\b(?:judgement|grade|rating|score)\b", re.IGNORECASE)
_VERDICT_VERB = compiled(rf"\b(?:is|was|were|are|been)\s+(?:\w+\s+)?(?:{_JUDGING_VERB}\s+)?(?:as\s+|to\s+be\s+)?['\"]?$", re.I)


def named_judgement(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'... the Staying Safe judgement, where services ... was ranked as inadequate': one area named as 'the X judgement'."""
    before = [area for area in block.areas if area.end <= span.start]
    if len(block.areas) != 1 or not before or not _VERDICT_VERB.search(_reach_before(block, span)):
        return []
    after = block.text[before[0].end : before[0].end + 14]
    return [before[0].area] if _NAMED_JUDGEMENT.match(after.strip(" '\"")) else []


_PREPOSITION = compiled(r"\b(?:in|for|on|across|at|contribution\s+to)\s+", re.IGNORECASE)  # "a good contribution to X"
_COLON = compiled(r"\W{0,3}:\s*")  # "Good (3): A · B · C"
_LIST_GAP = compiled(r"^[\s;,'\"·•|/]*(?:(?:and|as\s+well\s+as|&)\s+)?(?:(?:for|in)\s+)?(?:the\s+)?[\s'\"]*$", re.IGNORECASE)
_BARE_OVERALL = compiled(
    r"\s*(?:,|\band)\s+(?:the\s+)?overall\b(?:\s+in\s+(?:its\s+|their\s+)?children'?s\s+services\b)?(?!\s+\w)", re.IGNORECASE
)


# "rated good overall", "OUTSTANDING OVERALL: A SELECTION": the overall judgement, where nothing follows that it qualifies
_OVERALL_AFTER = compiled(
    r"['\"]?\s+overall\b(?=\s*(?:$|[,.;:)(]|-\s|(?:but|and|while|whereas|in\s+20|this|last|again|for\s+the\s+(?:first|second|third))\b))",
    re.IGNORECASE,
)


def grade_for_areas(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'outstanding in A; B; C and D', '4 out of 4 for capacity to improve', 'inadequate for safeguarding and overall',
    lists grouped by grade, 'Good (3): A · B · C', and 'rated good overall'."""
    if _OVERALL_AFTER.match(block.text, span.end):
        return ["overall_effectiveness"]
    later = [other.start for other in block.grades if other.start > span.end]
    window_end = later[0] if later else len(block.text)
    preposition = _COLON.match(block.text, span.end) or _PREPOSITION.search(block.text, span.end, min(span.end + 60, window_end))
    if preposition is None or len(block.text[span.end : preposition.start()].split()) > 4:  # 'had been achieved in'
        return []
    spans = [area for area in block.areas if preposition.end() <= area.start and area.end <= window_end]
    areas = _area_list(block, preposition.end(), window_end)
    end = spans[len(areas) - 1].end if areas else 0
    if areas and _BARE_OVERALL.match(block.text, end, window_end):
        areas.append("overall_effectiveness")
    elif areas and _ALL_OUTCOMES_LISTED.match(block.text, end, window_end):
        areas += [outcome for outcome in OUTCOMES if outcome not in areas]  # "..., capacity to improve and all five outcomes"
    return areas


def _area_list(block: Block, start: int, end: int) -> list[str]:
    """The list of areas that opens text[start:end] ("A; B, C and D"), with nothing but filler words before it."""
    spans = [area for area in block.areas if start <= area.start and area.end <= end]
    if not spans or spans[0].start - start > 200 or _FILLER.sub("", block.text[start : spans[0].start].lower()):
        return []
    areas, last = [spans[0].area], spans[0].end
    for following in spans[1:]:
        if not _LIST_GAP.match(block.text[last : following.start]):
            break
        areas.append(following.area)
        last = following.end
    return areas


def listed_pairs(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """A sentence that lists areas each with its own grade, 'being healthy was judged good (grade 3), staying safe
    adequate (grade 2) and enjoying and achieving good': the one area named between the grade before and this one."""
    if len(block.grades) < 2 or len(block.areas) < 2:
        return []
    before = [other.end for other in block.grades if other.end <= span.start]
    start = before[-1] if before else 0
    between = [area for area in block.areas if area.start >= start and area.end <= span.start]
    return [between[0].area] if len(between) == 1 else []


_ALL_OUTCOMES_LISTED = compiled(
    r"[\s,]*(?:and|as\s+well\s+as)\s+(?:in\s+|for\s+)?all\s+(?:five|5)\s+(?:ECM\s+)?outcomes\b", re.IGNORECASE
)
_ALL_OUTCOMES = compiled(
    r"\b(?:all|each|every\s+one)\s+(?:of\s+)?(?:the\s+)?(?:five|5)\s+(?:['\"]?(?:every|ever)\s+child\s+matters['\"]?\s+|ECM\s+)?"
    r"outcomes\b",
    re.I,
)
_EXCEPT = compiled(r"\b(?:apart\s+from|except(?:\s+for)?|other\s+than|with\s+the\s+exception\s+of|save\s+for|bar)\s+", re.I)
_ALL_THREE = compiled(
    r"\b(?:in|across|for)\s+(?:all|each\s+of\s+the|every\s+one\s+of\s+the)\s+(?:three|3)\s+(?:20[01]\d\s+)?(?:headline\s+)?"
    r"(?:categories|areas|judgements|grades)\b",
    re.I,
)
_EVERY = compiled(r"\b(?:every|each)\s+(?:single\s+)?(?:category|area|outcome|judgement)\b", re.I)
_LIST_FOLLOWS = compiled(r"^\s*(?:this|these|they|which)\s+(?:included|includes|include|were|are|covered)\b:?", re.I)


def collective(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """One grade for a named set: 'all five outcomes' (but those 'apart from' it names), 'all three categories' (the
    2005-06 headline grades), or
    'every category' followed by a sentence that lists them. A set only implied ('every category' alone) is not guessed."""
    start, end = block.clause_of(span.start, span.end)
    clause = block.text[start:end]
    every_outcome = _ALL_OUTCOMES.search(clause)
    if every_outcome:  # "all five outcomes except A were ...", "each of the five outcomes was good apart from A"
        excepted = _EXCEPT.search(block.text, start + every_outcome.end(), span.end + 40)
        left_out = _area_list(block, excepted.end(), len(block.text)) if excepted else []
        return [outcome for outcome in OUTCOMES if outcome not in left_out]
    year = context.years.get("APA")
    after = block.text[span.end : span.end + _REACH]
    if _ALL_THREE.search(after) and (year is None or year < SEVEN_JUDGEMENTS_FROM):
        return list(APA_2006_TABLE)
    listed = _LIST_FOLLOWS.match(block.following)
    if listed and _EVERY.search(after):
        return [area.area for area in area_spans(block.following[listed.end() :])]
    return []


_THIS_AREA = compiled(r"\bin\s+this\s+area\b|\bthis\s+outcome\b|\bto\s+outcomes\s+in\s+this\b", re.IGNORECASE)
# A grade that points back to the area its paragraph is about: "rated outstanding here", "adequate for the outcome"
_POINTS_BACK = compiled(
    r"\b(?:here|for\s+(?:the|this|that)\s+(?:outcome|area|judgement)|in\s+(?:this|that)\s+(?:area|outcome)|for\s+it)\b",
    re.IGNORECASE,
)
_HERE = compiled(r"\bhere\b", re.IGNORECASE)
_CONTRIBUTION = compiled(r"^\W*(?:\d[\d.]*\s+)?(?:the\s+)?contribution\b", re.IGNORECASE)


def section_judgement(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'The contribution ... in this area is good' under an area's heading: the heading's area; 'X and Y were rated
    outstanding here' in a paragraph that opens with an area ('Making a positive contribution remains ...'): that one."""
    contribution = _CONTRIBUTION.search(block.text)
    if contribution and contribution.end() <= span.start:
        named = served(block.text, [area for area in block.areas if contribution.end() <= area.start < span.start])
        if named:
            return [named[0].area]
    if block.section_area and (_THIS_AREA.search(block.text) or (_HERE.search(block.text) and not block.areas)):
        return [block.section_area]
    return [block.topic] if not block.areas and block.topic and _POINTS_BACK.search(block.text, span.end) else []


def parallel_statement(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'A moved up to good for overall effectiveness, while B and C slipped to adequate': a part of a sentence that
    names authorities but no area takes the areas the part before it named, or else those its grade was given ('A and
    B were judged good overall, while C was adequate')."""
    first, last = statement_bounds(block.text, span.start)
    if first == 0 or context.index is None or any(first <= area.start < last for area in block.areas):
        return []
    if not context.index.named_in(block.text[first:last])[0]:
        return []
    before, _ = statement_bounds(block.text, first - 1)
    named = [area.area for area in block.areas if before <= area.start < first]
    earlier = [other for other in block.grades if before <= other.start < first]
    return named or (areas_given(block, earlier[-1], context)[1] if earlier else [])


_FRONTED = compiled(r"\W*(?P<preposition>(?:for|in|on|as\s+for|turning\s+to|regarding)\s+)?", re.IGNORECASE)
_TOPIC_ENDS = compiled(r"\s*[,:]\s*")


def fronted_area(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'For being healthy, the council's contribution to outcomes is good', 'Keeping children safe: the council's
    services make a good contribution', 'For staying safe the council received a grade 3': the areas a sentence opens
    with, set off by a comma or colon or introduced by a preposition, where it names no other."""
    opening = _FRONTED.match(block.text)
    areas = _area_list(block, opening.end(), span.start)
    if not areas:
        return []
    last = [area for area in block.areas if area.start < span.start][len(areas) - 1]
    topic_end = _TOPIC_ENDS.match(block.text, last.end)
    end = topic_end.end() if topic_end else last.end if opening["preposition"] else None
    if end is None or any(area.start >= end for area in block.areas):
        return []
    return areas


_WHICH_BEFORE = compiled(
    r",\s+which\s+(?:[^,.;]{0,50}?\s)?(?:judged|graded|rated|assessed|found|considered|deemed|was|were|is|are|remains?)\b"
    r"[^,.;]{0,30}?$",
    re.IGNORECASE,
)


def relative_clause(block: Block, span: GradeSpan, context: Context) -> list[str]:
    """'... apart from achieving economic well-being, which the inspectors graded adequate': the area just before
    ', which'."""
    before = _reach_before(block, span)
    which = _WHICH_BEFORE.search(before)
    if which is None:
        return []
    comma = span.start - len(before) + which.start()
    named = [area.area for area in block.areas if 0 <= comma - area.end <= 1]
    return named[-1:]


_AS_WERE = compiled(r"['\"]?,?\s+as\s+(?:was|were|is|are|had\s+been|has\s+been)\s+", re.IGNORECASE)


def _likewise(block: Block, span: GradeSpan) -> list[str]:
    """The areas said to share a grade just given: 'good, as were services for disabled children'."""
    same = _AS_WERE.match(block.text, span.end)
    later = [other.start for other in block.grades if other.start > span.end]
    return _area_list(block, same.end(), later[0] if later else len(block.text)) if same else []


SENTENCE_RULES: list[Callable[[Block, GradeSpan, Context], list[str]]] = [
    rates_as,
    subject_verdict,
    relative_clause,
    section_judgement,
    fronted_area,
    changed_to,
    named_judgement,
    grade_for_areas,
    collective,
    listed_pairs,
    parallel_statement,
]


def sentence_candidates(block: Block, context: Context) -> list[Candidate]:
    """For each grade expression, the areas of the first rule that finds any, and those it says fared the same
    ("A were good, as were B")."""
    found = []
    for span in block.grades:
        rule, areas = areas_given(block, span, context)
        areas += [area for area in _likewise(block, span) if area not in areas] if areas else []
        found += [Candidate(rule, area, span.grade or 0, block, (span.start, span.end)) for area in areas]
    return found


def areas_given(block: Block, span: GradeSpan, context: Context) -> tuple[str, list[str]]:
    """The first rule that finds the areas a grade is given, and those areas (('', []) where none does)."""
    return next(((rule.__name__, areas) for rule in SENTENCE_RULES if (areas := rule(block, span, context))), ("", []))


# ---------------------------------------------------------------- vetoes


def _span_of(candidate: Candidate) -> GradeSpan | None:
    return next((s for s in candidate.block.grades if (s.start, s.end) == candidate.grade_at), None)


def contradictory(candidate: Candidate, context: Context) -> bool:
    """'good (grade 2)': words and digit disagree, so neither is taken."""
    return candidate.grade == 0


def alternatives(candidate: Candidate, context: Context) -> bool:
    """'good or better', 'scoring three or four': a range of grades is not a grade."""
    span = _span_of(candidate)
    return bool(span and span.alternative)


_COUNT_GLOSSED = compiled(r"\b(?:ones|twos|threes|fours)['\"]?\s*\(?\s*['\"]?$", re.IGNORECASE)


def count_of_grades(candidate: Candidate, context: Context) -> bool:
    """ "three 'threes' (good)": a grade that glosses a count of grades says how many areas had it, not which."""
    before = candidate.block.text[max(0, candidate.grade_at[0] - 14) : candidate.grade_at[0]]
    return candidate.block.kind == "sentence" and bool(_COUNT_GLOSSED.search(before))


_KEY = compiled(
    starting_a_word(
        r"(?:ranging|ranges?|runs?|running)\s+from\b|from\s+(?:grade\s+)?[1-4]\s*\(|represent(?:s|ed|ing)?\b|key\b(?!\s+stages?\b)|"
        r"descriptors?\b|scale\s*(?::|of\s+(?:1|one|4|four)\b|from\b)"
    )
    + r"|^\W*grades?\s*:",
    re.I,
)


def grade_key(candidate: Candidate, context: Context) -> bool:
    """'graded from 4 (outstanding) to 1 (inadequate)', 'Grade 4 represented ...': a key explains grades, it gives none.

    A sentence with more grades than areas, three or more of them different, is a key too; where a clause at its end
    defines them (", where 3 means good"), only that clause is.
    """
    block = candidate.block
    if block.kind != "sentence":
        return False
    defining = _DEFINING_CLAUSE.search(block.text)  # "..., where 3 means good and 2 adequate": the key is that clause
    if defining and candidate.grade_at[0] >= defining.start():
        return True
    text = block.text[: defining.start()] if defining else block.text
    values = [s.grade for s in block.grades if s.grade and s.end <= len(text)]
    more_grades_than_areas = len(set(values)) >= 3 and len(values) > len([a for a in block.areas if a.end <= len(text)])
    scale_explained = len(set(values)) >= 2 and bool(_SCALE.search(text))  # not "graded 3 on the four-point scale"
    return bool(_KEY.search(text)) or scale_explained or more_grades_than_areas


_DEFINING_CLAUSE = compiled(
    r",?\s+(?:where|in\s+which|with)\s+(?:grade\s+)?[1-4]\s+(?:means|meaning|represents|stands\s+for|=|is|being)\b", re.IGNORECASE
)


_SCALE = compiled(
    starting_a_word(r"(?:four|4)[- ]point\s+scale\b|(?:grading|grade)\s+scale\b|on\s+(?:a|the|this)\s+scale\b"), re.I
)


_NEGATION = compiled(
    starting_a_word(
        r"not|never|nor|no\s+longer|neither|none|no\s+(?:one|single\s+\w+|(?:council|authority|school|area|provider|service)s?)"
    )
    + r"\b|n't\b",
    re.IGNORECASE,
)


def negated(candidate: Candidate, context: Context) -> bool:
    """'did not rate staying safe as good', 'none was judged outstanding'."""
    return candidate.block.kind == "sentence" and bool(_NEGATION.search(candidate.before_in_clause))


_HYPOTHETICAL = compiled(
    starting_a_word(
        r"could|would|might|should|may|if|aims?|aimed|aiming|targets?|targeted|aspir\w*|hopes?|hoping|expects?|expected|"
        r"ambition\w*|next\s+year|plans?\s+to|wants?\s+to|seeks?\s+to|strive\w*|intends?\s+to|predicted|forecast"
    )
    + r"\b",
    re.IGNORECASE,
)


def hypothetical(candidate: Candidate, context: Context) -> bool:
    """'could be good', 'we aim to be judged good next year', 'a target grade of 3'; a question ('To ask the Secretary of
    State in which areas ... were judged inadequate?') asks, and states no grade."""
    block = candidate.block
    return block.kind == "sentence" and bool(
        _HYPOTHETICAL.search(candidate.clause) or block.text.rstrip(" '\")").endswith("?") or _ASKS.match(block.text)
    )


_ASKS = compiled(r"\W*(?:[A-Z][\w.' -]{0,60}:\s*)?to\s+ask\b", re.IGNORECASE)  # a written question in Hansard


_PREVIOUS = compiled(
    starting_a_word(
        r"(?:last|previous|prior|preceding)\s+(?:year|years|APA|assessment|letter)|previously\b|the\s+same\s+as\b|"
        r"(?:last|previous)\s+year'?s\b"
    ),
    re.IGNORECASE,
)
# "improved since the last letter", "better than last year": last year as the baseline of a change, not its grade
_BASELINE = compiled(
    r"\b(?:since|than|compared\s+(?:with|to)|over)\s+(?:the\s+|its\s+|our\s+)?$"
    r"|\bfrom\s+(?:none|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+$",  # "risen from none last year": a count's
    re.IGNORECASE,
)


_INTRODUCES = compiled(r"[:-]\s*$|\b(?:table|grades|judgements|scores|results|gradings|as\s+follows)\b", re.IGNORECASE)


@once_a_table
def _introduction(block: Block) -> str:
    """The line that introduces a table ("Last year's grades were:"), or '' when the line above is only prose."""
    nearest = block.lead_in.split("\n")[-1] if block.lead_in else ""
    return nearest if _INTRODUCES.search(nearest) else ""


@once_a_table
def _dated_columns(block: Block) -> bool:
    """A table whose header says which column is which year's or whose (another year, self-assessment, a target)."""
    return any(_YEAR.search(heading) or _DISTRACTOR_COLUMN.search(heading) for heading in block.header[1:])


_FROM, _TO = compiled(r"\bfrom\b", re.IGNORECASE), compiled(r"\bto\b", re.IGNORECASE)


def previous_grade(candidate: Candidate, context: Context) -> bool:
    """Last year's grade: 'fallen from a good grade three to ...' (the 'from' side), 'the same as last year', a table
    introduced as last year's."""
    block = candidate.block
    if block.kind == "row":
        return _introduced_as_previous(block)
    before = candidate.before_in_clause
    last_from = list(_FROM.finditer(before))
    came_from = bool(last_from) and not _TO.search(before[last_from[-1].end() :])
    return came_from or any(not _BASELINE.search(candidate.clause[: m.start()]) for m in _PREVIOUS.finditer(candidate.clause))


@once_a_table
def _introduced_as_previous(block: Block) -> bool:
    """A table introduced as last year's, unless its header dates its columns: they say which is this round's."""
    return not _dated_columns(block) and bool(_PREVIOUS.search(_introduction(block)))


# "good (grade 3) (2005: 2)", "(2006 grade: 3)", "up from 2 in 2005", "compared with 2005": last round beside this one
_EARLIER_ROUND_NOTED = compiled(
    r"\(\s*20[01]\d\b[^()]{0,30}(?:\)|$)"  # "(2005: 2", cut at its colon by the clause
    r"|\b(?:up|down)\s+from\b[^,;]{0,30}?\b20[01]\d\b|\b(?:compared\s+(?:with|to)|since|than\s+in)\s+20[01]\d\b",
    re.IGNORECASE,
)


def other_year(candidate: Candidate, context: Context) -> bool:
    """'In 2006 this area was judged good' in a 2007 letter; a table introduced with another year; a year when
    there was no APA or JAR (Ofsted's later ratings and inspections)."""
    year = candidate.year or context.years.get(candidate.framework)
    block = candidate.block
    if block.kind == "row" and _dated_columns(block):
        return False  # the header said which column is which year's, and the rule took this round's
    stated = _years_introduced(block) if block.kind == "row" else _years_stated(candidate.clause)
    outside = any(not is_round(candidate.framework, y) for y in stated)
    return outside or bool(year and stated and year not in stated)


def _years_stated(text: str) -> frozenset[int]:
    """The years text gives, but for an earlier round noted beside a grade ("good (2005: 2)")."""
    return frozenset(int(year) for year in _YEAR.findall(_EARLIER_ROUND_NOTED.sub("", text))) if "20" in text else frozenset()


@once_a_table
def _years_introduced(block: Block) -> frozenset[int]:
    return _years_stated(_introduction(block))


def not_apa_or_jar(candidate: Candidate, context: Context) -> bool:
    """A document that never names an APA or a JAR grades something else (a later inspection, a school)."""
    return not context.names_a_framework


_SELF = compiled(r"self[- ]?(?:assess|evaluat)", re.IGNORECASE)
_LAST_YEAR = compiled(r"\b(?:last|previous)\s+year", re.I)
_CONFIRMED = compiled(starting_a_word(r"confirm\w*|agreed|endorsed|validated|upheld") + r"\b", re.IGNORECASE)
# The inspectors giving their own verdict after the council's: "..., but Ofsted judged it adequate"
_INSPECTORS = compiled(
    r"\b(?:inspectors?|APA|Ofsted|letter)\b(?:'s)?\s+(?:\w+\s+){0,2}?(?:judged|rated|graded|found|gave|awarded|agreed|said|"
    r"concluded|confirmed|disagreed|thought|considered|assessed|was|were|is)\b",
    re.IGNORECASE,
)


def titled_self_assessment(lines: list[str]) -> bool:
    """Whether a document's title, in its first lines, calls it a self-assessment or self-evaluation."""
    headings = [line for line in lines if line.strip()][:6]
    return any(_SELF.search(line) and "\t" not in line and is_heading(line.strip()) for line in headings)


def self_assessment(candidate: Candidate, context: Context) -> bool:
    """The council's own grade, unless the sentence says the inspectors confirmed it or gives theirs after it; in a
    document titled as a self-assessment, every grade."""
    if context.self_assessed:
        return True
    block = candidate.block
    if block.kind == "row":
        return bool(_SELF.search(block.cells[0]) or _LAST_YEAR.search(block.cells[0]))
    own = _SELF.search(block.text)
    if own is None or (own.start() > candidate.grade_at[1] and not _SELF.search(candidate.clause)):
        return False  # "judged good, the same as in the self-assessment": the grade came first, and is Ofsted's
    confirmed = _CONFIRMED.search(block.text)
    if confirmed and not _NEGATION.search(block.text[max(0, confirmed.start() - 20) : confirmed.end()]):
        return False
    inspectors = _INSPECTORS.search(block.text, own.end())
    return inspectors is None or candidate.grade_at[0] < inspectors.start() or bool(_NEGATION.search(block.text[own.end() :]))


_PERCENTAGE = compiled(
    "%|" + starting_a_word(r"per\s*cent|percent|proportion|majority|most\s+often|usually|typically") + r"\b", re.IGNORECASE
)


def percentage(candidate: Candidate, context: Context) -> bool:
    """'73 per cent were judged good': a share of councils or schools, not a grade.

    'Outstanding in a small number of areas' and '14 councils were awarded a 4' (naming none of them) are too."""
    if candidate.block.kind != "sentence":
        return False
    after = candidate.block.text[candidate.grade_at[1] : candidate.grade_at[1] + 60]
    before = candidate.before_in_clause
    opens = _COUNT_OPENS.match(candidate.block.text) or _SHARE_OPENS.match(candidate.block.text)
    counted = (_COUNTED_SUBJECT.search(before) or opens) and not candidate.authorities
    return bool(_PERCENTAGE.search(before) or counted or _SHARE_AFTER.match(after))


# "- 9 were rated very good", "18 - rated outstanding": a list of counts (a list that names them is theirs)
_COUNT_OPENS = compiled(r"\W*\d+\s*(?:-\s|:|\bwere\b|\bare\b|\bhad\b|\bgot\b)", re.IGNORECASE)
# "In 94% of schools where ..., overall effectiveness was outstanding": a share that governs the whole sentence
_SHARE_OPENS = compiled(
    r"\W*(?:in|across|for)\s+(?:\d+(?:\.\d+)?\s*(?:%|per\s*cent\b)|(?:most|many|some|half|a\s+(?:third|quarter))\b)", re.I
)
# "14 councils were awarded a 4", "a third of authorities were rated good": how many, not which
_COUNTED_SUBJECT = compiled(
    r"(?<!\w)(?=\w)(?:\d+|how\s+many|a\s+(?:third|quarter|fifth)|half|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens?|hundreds?|most|many|several)\s+(?:of\s+(?:the\s+)?(?:\d+\s+)?)?(?:english\s+)?(?:councils|authorities|local\s+authorities)\b",
    re.IGNORECASE,
)


_COUNT = (
    r"(?:a\s+(?:small|large)?\s*(?:number|minority|majority|handful)|some|many|most|several|few|a\s+few|half|\d+|one|two|"
    r"three|four|five|six|seven|eight|nine|ten)"
)
_SHARE_AFTER = compiled(  # "good in four of the six authorities", "outstanding in a small number of areas"
    rf"\s+(?:in|for|across|at)\s+{_COUNT}\s+(?:of\s+(?:the\s+|these\s+|those\s+)?(?:{_COUNT}\s+)?)?"
    r"(?:areas|councils|authorities|local\s+authorities|reviews|inspections|outcomes|them)\b|\s+(?:in|for)\s+(?:\d+|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|a\s+few|several|some)\s*(?:[.;,)]|$)",
    re.IGNORECASE,
)


_PRAISED_NOUN = compiled(
    r"^['\"]?\s+(?!(?:and|or|in|for|on|at|across|overall|grades?|ratings?|scores?|judgements?|contribution|level|standard|"
    r"to|with|by|as|from|since|this|that|but|which|who|is|was|were|are|had|has|have|been|be|will|would|here|there|"
    r"again|also|now|too|throughout|overall|apart|except|bar|save|other|because|since|after|following|when|given|despite|owing|due)\b)[a-z]+",
    re.IGNORECASE,
)


def praise(candidate: Candidate, context: Context) -> bool:
    """'good progress', 'good child protection work': a grade word describing something other than an area, where 'a
    good service for looked after children' is the area's grade."""
    span, block = _span_of(candidate), candidate.block
    if block.kind != "sentence" or span is None or span.form != "word":
        return False
    serves_an_area = any(_SERVICE_FOR.fullmatch(block.text, span.end, a.start) for a in block.areas if a.start > span.end)
    return not serves_an_area and bool(_PRAISED_NOUN.match(block.text[span.end :]))


_SERVICE_FOR = compiled(r"\s+services?\s+for\s+(?:the\s+)?", re.IGNORECASE)


_OTHER_BODY = compiled(
    starting_a_word(
        r"LSCB\b|safeguarding\s+(?:children\s+)?board\b|stars?\b|CPA\b|comprehensive\s+performance\b|"
        r"direction\s+of\s+travel\b|improving\s+(?:well|adequately|strongly|poorly)\b|CSCI\b\s+(?:rat|judg|assess)"
    ),
    re.IGNORECASE,
)


def other_body(candidate: Candidate, context: Context) -> bool:
    """Ratings that are not APA or JAR grades: CPA scores and stars, CSCI stars, direction of travel, the LSCB (in the
    grade's own part of its sentence: "good (grade 3); a judgement apart from the CSCI's two stars" keeps the 3)."""
    return candidate.block.kind == "sentence" and bool(_OTHER_BODY.search(candidate.statement))


def area_not_graded(candidate: Candidate, context: Context) -> bool:
    """An area the inspection did not grade that round: looked after children or LDD in an APA; the 2005-06 table's
    areas in an APA from 2007, when it graded seven; overall effectiveness before then."""
    return not judged(candidate.framework, candidate.area, candidate.year or context.years.get(candidate.framework))


def about_comparators(candidate: Candidate, context: Context) -> bool:
    """'Compared with Leeds and York, both judged good': a grade of authorities named only as comparators."""
    return bool(candidate.comparators) and not candidate.authorities


def off_the_scale(candidate: Candidate, context: Context) -> bool:
    """A table's 5 or 0: grades run from 1 to 4, so it is refused and reported, never read as a grade."""
    return candidate.block.kind == "row" and not 1 <= candidate.grade <= 4


VETOES: list[Callable[[Candidate, Context], bool]] = [
    off_the_scale,
    not_apa_or_jar,
    contradictory,
    alternatives,
    count_of_grades,
    grade_key,
    negated,
    hypothetical,
    previous_grade,
    other_year,
    self_assessment,
    percentage,
    praise,
    other_body,
    area_not_graded,
    about_comparators,
]


def first_veto(candidate: Candidate, context: Context) -> str:
    """The name of the first veto that stops the candidate, or ''."""
    return next((veto.__name__ for veto in VETOES if veto(candidate, context)), "")
