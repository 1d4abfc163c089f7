"""Spans tagged in a block of text once: grade expressions, judgement areas and the clause around a place.

Rules and vetoes read these instead of each matching the text again, so a new way of writing
a grade is one more pattern here and every rule understands it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from etl.prefiltered import beginnings_of, compiled, matches_where_begun
from etl.wordsets import Words
from vocabulary.areas import ANY_AREA, AREA_REGEXES
from vocabulary.frameworks import FRAMEWORK_NAMES
from vocabulary.grades import GRADE_WORD_PATTERN, GRADE_WORDS, NUMBER_WORDS

WORD = GRADE_WORD_PATTERN
_NUMBER = "(?:[1-4]|" + "|".join(NUMBER_WORDS) + ")"
_Q = r"['\"]?"


def starting_a_word(alternatives: str) -> str:
    """A pattern for alternatives that each start a word: the look-behind is tried once, before any of them, where a
    \\b in front of each would be tried with each, so a long text is scanned up to four times faster."""
    return rf"(?<!\w)(?=\w)(?:{alternatives})"


# Each alternative is one way of writing a grade; the first that fits at a place wins.
_GRADE_FORMS = [
    ("out_of_four", rf"(?:a\s+)?(?:maximum\s+(?:of\s+)?)?(?P<n_out>{_NUMBER})\s+out\s+of\s+(?:4|four)\b"),
    (
        "grade_number",
        rf"\bgrade[sd]?\s*(?:of\s+|at\s+)?(?P<n_grade>{_NUMBER})\b(?![.,]\d|\s*%)"
        rf"(?:\s*\(\s*{_Q}(?P<w_grade>{WORD}){_Q}\s*\))?",
    ),
    ("word_then_number", rf"{_Q}\b(?P<w_first>{WORD}){_Q}\s*\(\s*(?:grade\s*)?(?P<n_after>[1-4])\s*\)"),
    ("number_then_word", rf"(?<![\d.])(?P<n_first>[1-4])\s*\(\s*{_Q}(?P<w_after>{WORD}){_Q}\s*\)"),
    (
        "scored_number",
        rf"\b(?:(?:scor(?:ed|ing|es?)|awarded|achieved|received|given)\s+(?:of\s+|a\s+|an\s+)?(?P<n_scored>{_NUMBER})"
        r"|(?:rated|graded|judged|assessed|managed|got|earned|secured|gained|obtained)\s+(?:as\s+|at\s+)?(?P<n_rated>[1-4]))\b"
        # "was rated 2", "Darlington managed 3": a figure, not "three areas"
        r"(?!\s*(?:%|per\s*cent|percent|[.,]\d|or\b|out\b|star|authorit|council|of\b))",
    ),
    ("count", r"\b(?P<n_count>ones|twos|threes|fours)\b"),
    # a number in brackets after a word, as lists of areas give it: "Be healthy (3), Stay safe (2)"
    ("bracketed", r"(?<=[A-Za-z] )\((?P<n_bracketed>[1-4])\)(?!\s*(?:%|of\b|out\b))"),
    # the second of two scores, its verb left out: "scored 3 for performance and 4 for capacity"
    ("second_score", r"(?<=\band\s)(?P<n_second>[1-4])(?=\s+(?:for|in)\s)"),
    # a figure given as a thing received: "Ofsted gave Wolverhampton a 3 for overall effectiveness"
    ("a_figure_for", r"(?<=\ba\s)(?P<n_given>[1-4])(?=\s+(?:for|in)\s)(?!\s+in\s+\d)"),
    # the top of the scale, or the bottom, named by its place: "received the top grade", "the lowest rating"
    ("extreme", r"\bthe\s+(?P<w_extreme>top|highest|best|lowest|bottom|worst)\s+(?:possible\s+)?(?:grade|rating|score)\b"),
    ("word", rf"\b(?P<w_word>{WORD})\b"),
]
# No grade is written straight after a letter: that look-behind, tried once before the forms, makes the scan three times
# faster.
_GRADE_PATTERN = r"(?<![^\W\d])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _GRADE_FORMS) + ")"
_GRADE_REGEX = compiled(_GRADE_PATTERN, re.IGNORECASE)
# Its letters are all lower case (and [A-Za-z] holds both cases), so on lower-cased ASCII text the pattern without
# IGNORECASE finds the same grades, nearly twice as fast: a case-blind pattern compares every letter twice. It is tried
# only where a grade expression may begin ("goo", "gra", "3 ", "(2)"), not at every word.
_GRADE_REGEX_ON_LOWERED = re.compile(_GRADE_PATTERN)
_GRADE_BEGINNINGS = beginnings_of(_GRADE_PATTERN, re.IGNORECASE)
_FORM_NAMES = frozenset(name for name, _ in _GRADE_FORMS)  # the groups that name a form, not a value
# Words one of which every grade expression holds, looked for in a paragraph before any pattern is ("was rated 2",
# "judged 3", "a 3 for overall effectiveness" hold no grade word).
GRADE_HINTS = Words(
    [*GRADE_WORDS, "grade", "rating", "scor", "out of", "ones", "twos", "threes", "fours", "rated", "judged", "assessed"]
    + [f" a {figure} " for figure in "1234"]
)
_ALTERNATIVE_AFTER = compiled(rf"\s*(?:or|and/or|to)\s+(?:better|above|higher|{WORD}|{_NUMBER})\b", re.IGNORECASE)
_ALTERNATIVE_BEFORE = compiled(
    rf"\b(?:{WORD}|{_NUMBER})\s+(?:or|and/or)\s*{_Q}$|\b(?:at\s+least|at\s+best|no\s+better\s+than|no\s+worse\s+than)\s*{_Q}$",
    re.IGNORECASE,
)  # "good or better", "at least adequate": a bound, not a grade
_BOUND_ENDINGS = ("or", "least", "best", "than")  # how every text _ALTERNATIVE_BEFORE matches ends, but for quotes


def _bound_before(before: str) -> bool:
    """Whether the words before a grade make it a bound: its pattern, anchored at the end, scans every place of the
    text, so it is tried only where the text ends as its matches do."""
    return before.rstrip().rstrip("'\"").rstrip().lower().endswith(_BOUND_ENDINGS) and bool(_ALTERNATIVE_BEFORE.search(before))


_CLAUSE_BREAK = compiled(r"[;:]|,\s|\s(?:with|but|although|whereas|while|compared|because)\s", re.IGNORECASE)
FRAMEWORK_MENTIONS = {name: compiled(rf"\b{words}s?\b", re.IGNORECASE) for name, words in FRAMEWORK_NAMES.items()}


@dataclass(frozen=True)
class GradeSpan:
    start: int
    end: int
    grade: int | None  # None where the expression contradicts itself ("good (2)")
    form: str
    alternative: bool  # "good or better", "three or four": a choice of grades, not one grade


@dataclass(frozen=True)
class AreaSpan:
    start: int
    end: int
    area: str


def may_state_grade(text: str) -> bool:
    """A cheap first look: no grade word, no grade."""
    return GRADE_HINTS.any_in(text.lower())


def grade_spans(text: str) -> list[GradeSpan]:
    """Every grade expression in text, left to right."""
    spans = []
    for match in _grade_matches(text):
        form = match.lastgroup or ""
        values = {_value(value) for name, value in match.groupdict().items() if value and name not in _FORM_NAMES}
        values.discard(None)
        grade = values.pop() if len(values) == 1 else None
        before = text[max(0, match.start() - 40) : match.start()]  # a bound's words are close: no need to read further
        alternative = bool(_ALTERNATIVE_AFTER.match(text, match.end()) or _bound_before(before))
        spans.append(GradeSpan(match.start(), match.end(), grade, form, alternative))
    return spans


def _grade_matches(text: str) -> Iterator[re.Match[str]]:
    """The grade pattern's matches: on ASCII text, lower-cased and tried only where a grade expression may begin."""
    if not text.isascii() or _GRADE_BEGINNINGS is None:
        return _GRADE_REGEX.finditer(text)
    lowered = text.lower()
    return matches_where_begun(_GRADE_REGEX_ON_LOWERED, _GRADE_BEGINNINGS, lowered, lowered)


def _value(token: str) -> int | None:
    token = " ".join(token.lower().split())
    if token.isdigit():
        return int(token)
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    return GRADE_WORDS.get(token) or _EXTREMES.get(token)


_EXTREMES = {"top": 4, "highest": 4, "best": 4, "lowest": 1, "bottom": 1, "worst": 1}


_ANY_AREA = compiled(ANY_AREA.pattern, ANY_AREA.flags)  # most sentences hold none of the words an area's name needs


def area_spans(text: str) -> list[AreaSpan]:
    """Every area named in text, left to right; where two names overlap the longer one wins. One scan finds where the
    next name starts; only there is each area's own pattern tried, for the longest."""
    kept: list[AreaSpan] = []
    at = _ANY_AREA.search(text)
    while at:
        here = [(match.end(), key) for key, regex in AREA_REGEXES.items() if (match := regex.match(text, at.start()))]
        end, key = max(here)
        kept.append(AreaSpan(at.start(), end, key))
        at = _ANY_AREA.search(text, end)
    return kept


_CLAUSE_REACH = 400  # characters: a clause runs back no further, so finding it costs the same in a long sentence


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause holding text[start:end]: vetoes look only here, not at the whole sentence."""
    left = max(0, start - _CLAUSE_REACH)
    for match in _CLAUSE_BREAK.finditer(text, left, start):
        left = match.end()
    after = _CLAUSE_BREAK.search(text, end)
    return left, after.start() if after else len(text)
