"""Find the APA and JAR grades a document states, each with the rule, line and words that state it.

The document is cut into blocks (table rows, sentences), each block's spans are tagged once
(areas, grade expressions), small named rules turn spans into candidate grades, and named
vetoes strike the candidates whose words do not really give a grade (etl/rules.py).
Which authority each grade is for is decided per statement, by etl/documents.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from etl.authorities import AuthorityIndex
from etl.blocks import Block, Lines, blocks_of, last_framework, lines_holding_each, normalised_lines
from etl.prefiltered import compiled
from etl.read import Document
from etl.rules import Candidate, Context, first_veto, row_candidates, sentence_candidates, titled_self_assessment
from etl.spans import FRAMEWORK_MENTIONS
from etl.wordsets import Words
from vocabulary.areas import JAR_ONLY_AREAS, as_judged
from vocabulary.frameworks import FRAMEWORK_HINTS, FRAMEWORK_NAMES, ROUNDS, is_round

# "publish", "Publish": on a whole document, one pass is far faster than 'in' with a word of several characters
_PUBLISH = Words(["ublish"])
# On lowered text, a short word's regex and a long name's str.count are much faster than one case-blind pattern.
# On lowered text a lower-case pattern is faster than a case-blind one: every name a framework goes by, counted.
_COUNTED = {short: compiled(rf"\b{names.lower()}s?\b") for short, names in FRAMEWORK_NAMES.items()}
_NAMES_A_FRAMEWORK = compiled("|".join(regex.pattern for regex in FRAMEWORK_MENTIONS.values()), re.IGNORECASE)
_ROUND_BESIDE = {
    framework: [
        compiled(rf"\b(20[01]\d)\s*[-:]?\s+{name}", re.IGNORECASE),  # "2008 APA", "December 2006 - Joint area review"
        compiled(rf"\b{name}s?\s+(?:of|in|for|published\s+in)?\s*(20[01]\d)\b(?!\s*[/-]\s*\d)", re.IGNORECASE),
    ]
    for framework, name in FRAMEWORK_NAMES.items()
}
_NOT_THIS_YEAR = compiled(r"\b(?:last|previous|prior|preceding)\s+year|\bpreviously\b|\blast\s+APA\b", re.IGNORECASE)
# "performance ... in the year 2005-06": the APA round that judged it is the later year, 2006.
_PERFORMANCE_YEAR = compiled(
    r"(?<!school )(?<!academic )\b(?:financial\s+|performance\s+)?year\s+(20[01]\d)\s*[-/]\s*(?:20)?(\d{1,2})\b", re.I
)


@dataclass(frozen=True)
class Finding:
    framework: str
    judgement_area: str
    grade: int
    how_stated: str
    line: int
    quote: str
    rule: str = ""
    authorities: tuple[str, ...] = ()  # DfE codes the statement itself names; empty: the document's subject
    year: int | None = None  # the round the statement itself gives; None: the document's


@dataclass
class Extraction:
    """What one document says: its years per framework, its grades, and every candidate with its verdict."""

    document: Document
    years: dict[str, int | None]
    findings: list[Finding]
    candidates: list[Candidate] = field(default_factory=list)


def extract(document: Document, index: AuthorityIndex | None = None) -> Extraction:
    """Every grade a document states; with an index, each says which authorities its statement names."""
    lines = normalised_lines(document.lines)
    default = _default_framework(lines)
    hinted = lines_holding_each(lines, _HINT_WORDS)
    years = {framework: framework_year(lines, framework, hinted) for framework in FRAMEWORK_MENTIONS}
    names_a_framework = _names_a_framework(lines, hinted)
    for published in dict.fromkeys([_framework_published(lines), default() if names_a_framework else ""]):
        if published and years[published] is None:  # the framework the publication line names, then the document's
            years[published] = publication_year(lines, published) or _round_by_dateline(lines, published)
    context = Context(years, names_a_framework, index, titled_self_assessment(lines), default)
    candidates: list[Candidate] = []
    for block in blocks_of(lines, document.lines):
        found = row_candidates(block, context) if block.kind == "row" else sentence_candidates(block, context)
        for candidate in found:
            _settle_framework_and_area(candidate, default, years)
            if index and block.kind == "row" and not candidate.authorities and block.listed_below:
                candidate.authorities = tuple(a.dfe_code for a in _listed_under(block, index))
            if index and block.kind == "sentence":
                named, comparators = _named_for(candidate, index)
                candidate.authorities = tuple(a.dfe_code for a in named)
                candidate.comparators = tuple(a.dfe_code for a in comparators)
            candidate.veto = first_veto(candidate, context)
        candidates += found
    findings = [_finding(candidate) for candidate in candidates if not candidate.veto]
    return Extraction(document, years, findings, candidates)


def _names_a_framework(lines: Lines, hinted: dict[str, list[int]]) -> bool:
    """Whether any line names the APA or the JAR: only a line holding a hint of one can."""
    return any(_NAMES_A_FRAMEWORK.search(lines[number]) for number in _holding_any(hinted, FRAMEWORK_HINTS))


def _holding_any(hinted: dict[str, list[int]], words: tuple[str, ...]) -> list[int]:
    """The numbers of the lines holding any of words, in order."""
    return sorted(set().union(*(hinted[word] for word in words)))


def _named_for(candidate: Candidate, index: AuthorityIndex) -> tuple[list, list]:
    """The authorities a grade is about, and those named only to compare. Where a sentence gives several grades:
    those named between the grade before and this one ("A was outstanding for X, and B for Y" gives B the second),
    else those after it, before the next. Else its part of the sentence's; else the whole sentence's."""
    block, (start, end), (first, last) = candidate.block, candidate.grade_at, candidate.statement_bounds
    earlier = [span for span in block.grades if span.end <= start]
    if earlier and _form_at(block, start) == "second_score":  # "A scored 3 for X and 4 for Y": the 4 is A's too
        start = earlier.pop().start
    before = max([first, *(span.end for span in earlier)])
    after = min([last, *(span.start for span in block.grades if span.start >= end)])
    own = [block.text[before:start], block.text[end:after]] if len(block.grades) > 1 else []  # one grade: all its own
    for text in dict.fromkeys([*own, candidate.statement, block.text]):  # each once: a statement is often the sentence
        named, comparators = index.named_in(text)
        if named or comparators:
            return named, comparators
    if _POINTS_BACK.match(candidate.statement):  # "Both were rated adequate": those the sentence before named
        return index.named_in(block.previous)
    if _NAMED_NEXT.match(block.following):  # "Three were judged inadequate. These were Peterborough, Slough and ..."
        return index.named_in(block.following)
    before, _ = index.named_in(block.previous)
    if len(before) == 1:  # a paragraph about one council goes on about it: "Oldham was ... But its LDD services were ..."
        return before, []
    return _listed_under(block, index), []


def _listed_under(block: Block, index: AuthorityIndex) -> list:
    """The authorities a boxed list under a grade's title line names, one a line, up to the first line that is not one."""
    listed = []
    for line in block.listed_below:
        authority = index.lookup(line.strip(" -*•·"))
        if authority is None:
            break
        listed.append(authority)
    return listed


def _form_at(block: Block, start: int) -> str:
    return next((span.form for span in block.grades if span.start == start), "")


_NAMED_NEXT = compiled(  # "These were A and B", "A and B are examples"
    r"\W*(?:these|they|those)(?:\s+(?:councils|authorities|areas|boroughs|counties|cities))?\s+(?:were|are|included|include|being)\b"
    r"|[^.]{0,120}\b(?:are|were|is|was)\s+(?:examples?|among\s+them|one\s+such|two\s+such|cases\s+in\s+point)\b",
    re.IGNORECASE,
)
# A subject that stands for the authorities the sentence before named: "Both were ...", "The three councils were ..."
_POINTS_BACK = compiled(
    r"\W*(?:and\s+|but\s+)?(?:both|they|each|these|those|all\s+(?:of\s+them|two|three|four|five|six)"
    r"|the\s+(?:two|three|four|five|six)\s+(?:councils|authorities|boroughs|cities|counties|areas))\b",
    re.IGNORECASE,
)


def _finding(candidate: Candidate) -> Finding:
    block = candidate.block
    return Finding(
        candidate.framework,
        candidate.area,
        candidate.grade,
        candidate.how_stated,
        block.line,
        block.quote,
        candidate.rule,
        candidate.authorities,
        candidate.year,
    )


def _settle_framework_and_area(candidate: Candidate, default: Callable[[], str], years: dict[str, int | None]) -> None:
    """JAR or APA from the words around the statement; then the area as that framework and year names it."""
    if candidate.block.kind == "sentence":
        candidate.framework = _sentence_framework(candidate.block, default)
    elif candidate.area in JAR_ONLY_AREAS:
        candidate.framework = "JAR"  # a table of these is a JAR's
    elif not candidate.framework:
        candidate.framework = default()  # a table nothing above names: the document's framework
    if candidate.block.kind == "sentence":
        dated_label = candidate.block.previous if len(candidate.block.previous) <= 80 else ""  # "May 2007 - JAR published."
        beside = _round_beside(candidate.statement, candidate.framework) or _round_beside(dated_label, candidate.framework)
        candidate.year = beside or candidate.year
    candidate.area = as_judged(candidate.framework, candidate.area, candidate.year or years.get(candidate.framework))


def _round_beside(statement: str, framework: str) -> int | None:
    """The round a statement gives its own framework: "the 2006 JAR found ...", "in its APA of 2007"."""
    if "20" not in statement:  # no year, no round
        return None
    found = {int(year) for pattern in _ROUND_BESIDE[framework] for year in pattern.findall(statement)}
    return found.pop() if len(found) == 1 and is_round(framework, next(iter(found))) else None


def _sentence_framework(block: Block, default: Callable[[], str]) -> str:
    """The framework the sentence names, else the last one named before it in its paragraph, its section, the document."""
    return last_framework(block.text) or block.named_before or last_framework(block.section) or default()


def _default_framework(lines: Lines) -> Callable[[], str]:
    """The framework the document's title names, else the one it names most (APA on a tie), counted only if a
    statement needs it."""

    @cache
    def default() -> str:
        title = " ".join([line for line in lines if line.strip()][:3])
        titled = [framework for framework, regex in FRAMEWORK_MENTIONS.items() if regex.search(title)]
        if len(titled) == 1:  # a report titled "Joint area review" is one, however often it quotes the APA
            return titled[0]
        counts = {framework: len(regex.findall(lines.lowered)) for framework, regex in _COUNTED.items()}
        return "JAR" if counts["JAR"] > counts["APA"] else "APA"

    return default


def framework_year(lines: Lines, framework: str, hinted: dict[str, list[int]]) -> int | None:
    """The year a document's own words give its APA or JAR round, by majority of mentions; never a meeting date."""
    votes: Counter[int] = Counter()
    for number in _holding_any(hinted, _YEAR_HINTS[framework]):  # a line naming the framework or a year of performance
        line = lines[number]
        if _NOT_THIS_YEAR.search(line):
            continue
        found = _ordinal_round(line) if framework == "APA" else {}
        following = lines[number + 1].strip() if number + 1 < len(lines) else ""
        if line.rstrip()[-1:] in ",(" or following[:1].islower():  # a citation wrapped: "(Ofsted, / January 2008)"
            line = f"{line} {following[:60]}"
        for weight, pattern in _YEAR_PATTERNS[framework] if "20" in line else []:
            for match in pattern.finditer(line):
                year = _round_year(match)
                found[year] = max(weight, found.get(year, 0))
        for year, weight in found.items():
            votes[year] += weight
    relative = _PUBLISHED_RELATIVELY[framework]
    if votes or not _PUBLISH.any_in(lines.lowered):  # no line says "publish": none is read for it
        said = None
    else:
        said = next((m for line in lines if "year" in line and "ublish" in line and (m := relative.search(line))), None)
    dated = _document_year(lines) if said else None
    if said and dated:  # "the joint area review ... published in April last year", in a debate of February 2009
        return dated - 1 if said[1].lower() == "last" else dated
    if not votes:
        return _published_late_in_year(lines) if framework == "APA" else None
    return min(votes, key=lambda year: (-votes[year], -year))  # on a tie the latest: an earlier round is not the document's


# Words one of which is in every line that can date a framework's round: its names, and "year 20" ("the year 2005-06")
_YEAR_HINTS = {"APA": ("apa", "assessment", "year 20"), "JAR": ("jar", "joint area review")}
# The hints of a framework's name and of its round, every one found in one pass over the text
_HINT_WORDS = Words([*FRAMEWORK_HINTS, *_YEAR_HINTS["APA"], *_YEAR_HINTS["JAR"]])


def _ordinal_round(line: str) -> dict[int, int]:
    """{round: weight} where a line names the APA by its place in the series: "the first APAs" were 2005's, "the final
    round of APAs" 2008's."""
    ordinal = _ORDINAL_APA.search(line) if _ORDINAL_WORD.search(line) else None
    if ordinal is None:
        return {}
    which = (ordinal["which"] or ordinal["after"]).lower()
    return {ROUNDS["APA"][0] if which in ("first", "inaugural") else ROUNDS["APA"][-1]: 2}


_ORDINAL_WORD = compiled(r"\b(?:first|inaugural|final|last)\b", re.IGNORECASE)
_ORDINAL_APA = compiled(  # "the first APAs", "the final round of APAs", "the annual performance assessment, the last"
    rf"\b(?P<which>first|inaugural|final|last)\s+(?:(?:round|batch|set|year)\s+of\s+(?:the\s+)?)?(?:{FRAMEWORK_NAMES['APA']})"
    rf"|\b(?:{FRAMEWORK_NAMES['APA']}),?\s+(?:the\s+)(?P<after>first|final|last)\b(?!\s+(?:year|month|week))",
    re.IGNORECASE,
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "2008 APA" says more than "APA ... 2008"; "APA ... for 2006/07" is the 2007 round; the APA's year of performance too
_YEAR_PATTERNS = {
    framework: [
        (2, compiled(rf"\b(20[01]\d)\s*[-:]?\s+{name}\b", re.IGNORECASE)),
        (2, compiled(rf"\b{name}s?\b[^.\n]{{0,90}}?\b20[01]\d\s*[/-]\s*(?:20)?(\d{{2}})\b", re.IGNORECASE)),
        (1, compiled(rf"\b{name}s?\b[^.\n]{{0,90}}?\b(20[01]\d)\b(?!\s*[/-]\s*\d)", re.IGNORECASE)),
        (2, compiled(rf"\b{name}s?\b[^.\n]{{0,200}}?\bpublished\b[^.\n]{{0,30}}?\b(20[01]\d)\b", re.IGNORECASE)),
        *([(2, _PERFORMANCE_YEAR)] if framework == "APA" else []),
    ]
    for framework, name in FRAMEWORK_NAMES.items()
}
_PUBLISHED_RELATIVELY = {  # "the joint area review ... published in April last year"
    framework: compiled(rf"\b{name}s?\b[^.]{{0,200}}?\bpublished\s+(?:in\s+)?(?:(?:{_MONTHS})\s+)?(last|this)\s+year\b", re.I)
    for framework, name in FRAMEWORK_NAMES.items()
}
_PUBLISHED_ON = compiled(
    rf"\b(?:published|publication\s+date|date\s+of\s+publication)\b\W{{0,3}}(?:on\s+|in\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
    rf"({_MONTHS}),?\s+(20[01]\d)\b",
    re.IGNORECASE,
)


def publication_year(lines: list[str], framework: str) -> int | None:
    """The round of a document about one framework that says when it was published but names no year beside the
    framework: "Published: 15 July 2008", or a dated news page saying the results were "published yesterday". A JAR's
    round is the year of its report; an APA's letters came out in the autumn, so one published early in a year belongs
    to the round before."""
    found = next((match for line in lines if (match := _PUBLISHED_ON.search(line)) and not _published_elsewhere(match)), None)
    if found is None and any(_PUBLISHED_RECENTLY.search(line) for line in lines):
        found = next((match for line in lines if (match := _DATED.search(line))), None)
    if found is None:
        return None
    month_name, year = [group for group in found.groups() if group][:2]
    year, month = int(year), _MONTHS.split("|").index(month_name.title()) + 1
    return year - 1 if framework == "APA" and month <= 3 else year


def _framework_published(lines: Lines) -> str:
    """The framework the line saying when something was published names ("Ofsted's annual performance assessment,
    published yesterday, ..."), or ''."""
    if not _PUBLISH.any_in(lines.lowered):
        return ""
    for line in lines:
        if "publish" in line.lower() and (_PUBLISHED_ON.search(line) or _PUBLISHED_RECENTLY.search(line)):
            named = [framework for framework, regex in FRAMEWORK_MENTIONS.items() if regex.search(line)]
            return named[0] if len(named) == 1 else ""
    return ""


def _published_elsewhere(match: re.Match[str]) -> bool:
    """Whether the publication a date is given for is something else's: "the CPA published in February 2007"."""
    return bool(_ANOTHER_PUBLICATION.search(match.string, max(0, match.start() - 80), match.start()))


_ANOTHER_PUBLICATION = compiled(r"\bCPA\b|comprehensive\s+performance|audit\s+commission|\bstars?\b|\bschools?\b", re.I)
_PUBLISHED_RECENTLY = compiled(
    r"\b(?:published|released|out)\b[^.]{0,80}?\b(?:today|yesterday|this\s+(?:week|morning)|at\s+midnight|overnight|on\s+(?:mon"
    r"|tues|wednes|thurs|fri|satur|sun)day)\b|\b(?:has|have)\s+(?:just\s+)?(?:been\s+)?published\b"
    r"|\b(?:yesterday|today)\b[^.]{0,40}\bpublished\b",
    re.IGNORECASE,
)
_DATED = compiled(  # a page's date: "17 December 2008", "December 17, 2008"
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)({_MONTHS}),?\s+(20[01]\d)\b|\b({_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,\s+(20[01]\d)\b",
    re.IGNORECASE,
)


def _round_by_dateline(lines: list[str], framework: str) -> int | None:
    """The latest round a news page dated on a line of its own could report ("2nd December 2005 at 00:00", "Press
    release, 20 December 2006"): a JAR's
    that year; the APA's that year from November, when letters came out, else the year before. A meeting's paper is
    never dated this way: its date is the meeting's, not the round's."""
    opening = lines[:8]
    if any(_MEETING.search(line) for line in lines[:12]):
        return None
    dateline = next((match for line in opening if (match := _DATELINE.fullmatch(line.strip()))), None)
    if dateline is None:
        return None
    month_name, year = [group for group in dateline.groups() if group][:2]
    month = _MONTHS.split("|").index(month_name.title()) + 1
    return int(year) if framework != "APA" or month >= 11 else int(year) - 1


_MEETING = compiled(r"\b(?:meeting|committee|cabinet|agenda|minutes|council\s+report|scrutiny|board)\b", re.IGNORECASE)
_SOURCE = r"[A-Z][\w&'. ]{0,50}?"  # who published a dated page: "Press release", "Local Government Chronicle"
_DATELINE = compiled(
    rf"(?:{_SOURCE}\s*[,:|-]\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+({_MONTHS}),?\s+(20[01]\d)|({_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,\s+(20[01]\d))"
    rf"(?:\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]m)?)?(?:\s*[,|-]\s*{_SOURCE})?",
    re.IGNORECASE,
)


def _document_year(lines: list[str]) -> int | None:
    """The year of the date a document's opening lines give it (a debate's, a paper's, a page's), or None."""
    dated = next((match for line in lines[:12] if (match := _DATED.search(line))), None)
    return int([group for group in dated.groups() if group][1]) if dated else None


_PUBLISHED_LATE = compiled(r"\bpublished\b[^.\n]{0,60}?\b(?:November|December)\b(?!\s*,?\s*\d)", re.IGNORECASE)
_HEADING_DATE = compiled(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(January|February|March|April|November|December),?\s+(20[01]\d)\b", re.I)


def _published_late_in_year(lines: list[str]) -> int | None:
    """'The APA letter was published in December' under a heading dated 14 January 2008: the round of December 2007.

    APA results came out each November or December, so a paper dated that winter names its round.
    """
    if not any(_PUBLISHED_LATE.search(line) for line in lines if "ublished" in line):
        return None
    dated = next((m for line in lines[:12] if (m := _HEADING_DATE.search(line))), None)
    if dated is None:
        return None
    year = int(dated.group(2))
    return year if dated.group(1).lower() in ("november", "december") else year - 1


def _round_year(match: re.Match[str]) -> int:
    """The round's year from a match: a full year, or the later year of a span written '2005-06' or '2005-6'."""
    groups = [g for g in match.groups() if g]
    last = groups[-1]
    if len(last) == 4:
        return int(last)
    first = int(groups[0]) if len(groups[0]) == 4 else 2000
    return first - first % 10 + int(last) if len(last) == 1 else 2000 + int(last)
