"""Prefiltered patterns: the words read from a pattern, and answers identical to the plain pattern's."""

from __future__ import annotations

import re

import pytest

from etl import authorities, blocks, extract, prefiltered, rules, spans
from etl.prefiltered import Prefiltered, compiled

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\b(?:could|would|aims?)\b", {"could", "would", "aim"}),
        (r"per\s*cent|majority", {"cent", "majority"}),  # the longest run each alternative must hold
        (r"be(?:ing)? healthy", {" healthy"}),
        (r"(?:Joint Area Review)s?", {"joint area review"}),  # compared case-folded
        (r"(?:no\s+)+longer", {"longer"}),  # a repeat that must occur at least once
    ],
)
def test_the_words_every_match_needs_are_read_from_the_pattern(pattern, needs):
    regex = compiled(pattern, re.IGNORECASE)
    assert isinstance(regex, Prefiltered)
    assert set(regex.needs) == needs


@pytest.mark.parametrize(
    "pattern",
    [
        r"%|per\s*cent",  # one alternative needs only a character
        r"\d+\s+councils?|[A-Z]\w+",  # one alternative needs no word at all
        r"(?:very\s+)?good|if",  # words this short are in nearly every text
    ],
)
def test_a_pattern_with_an_alternative_that_needs_no_long_word_is_used_as_it_is(pattern):
    assert isinstance(compiled(pattern, re.IGNORECASE), re.Pattern)


@pytest.mark.parametrize(
    ("pattern", "beginnings"),
    [
        (r"(?<!\w)(?:be(?:ing)? healthy|stay(?:ing)? safe)", {"be ", "bei", "sta"}),  # a look-behind begins with nothing
        (r"\b[sd]ome|look[- ]after", {"som", "dom", "loo"}),
        (r"\w+ing|to", None),  # a class of many characters: not told
        (r"(?:ab)+c", {"ab"}),  # a repeat: its first time begins the match, and what follows is not read
        (r"a\s*\(", {"a\t", "a\n", "a\r", "a\x0b", "a\x0c", "a ", "a("}),  # \s as ASCII text has it
        (r"(?:[1-3]+|many)\s+councils", {"1", "2", "3", "man"}),  # a repeat in a choice ends its reading too: "14 councils"
    ],
)
def test_the_beginnings_of_every_match_are_read_from_the_pattern(pattern, beginnings):
    found = prefiltered._read_beginnings(list(re._parser.parse(pattern, re.IGNORECASE)))
    assert (found and {start for start in found if start}) == beginnings


def test_areas_and_grades_are_looked_for_only_where_one_may_begin():
    assert spans._ANY_AREA.beginnings is not None and "sta" in spans._ANY_AREA.beginnings.words
    assert spans._GRADE_BEGINNINGS is not None and {"goo", "gra", "(3)", "4"} <= set(spans._GRADE_BEGINNINGS.words)


TEXTS = [
    "Staying safe was judged adequate, although the council could improve further.",
    "\u0130n Luton, being healthy was good; capacity to improve was judged outstanding.",  # İ lower-cases to two characters
    "In 2006 the JOINT AREA REVIEW rated safeguarding as good (grade 3); 64 per cent of schools were good.",
    "The self-assessment graded capacity to improve as outstanding, but Ofsted judged it good.",
    "Last year's grades were: being healthy 3, staying safe 2.",
    "Across England, 14 councils scored a four (grade 4); 73 per cent - most - were not judged good, but could be.",
    "",
]


def every_prefiltered() -> list[tuple[str, Prefiltered]]:
    found = []
    for module in (rules, blocks, extract, spans, authorities):
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else [value]
            found += [(f"{module.__name__}.{name}", each) for each in values if isinstance(each, Prefiltered)]
    return found


def test_the_extractor_uses_prefiltered_patterns():
    assert len(every_prefiltered()) >= 30


@pytest.mark.parametrize(("name", "regex"), every_prefiltered(), ids=[name for name, _ in every_prefiltered()])
def test_every_prefiltered_pattern_answers_as_the_plain_pattern_does(name, regex):
    plain = regex.regex
    for text in TEXTS:
        assert [m.span() for m in regex.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert regex.findall(text) == plain.findall(text)
        assert regex.sub("_", text) == plain.sub("_", text)
        assert regex.split(text) == plain.split(text)
        first = regex.search(text, 5, 60)
        assert (first and first.span()) == ((found := plain.search(text, 5, 60)) and found.span())


@pytest.mark.parametrize(
    "text",
    [
        "Being Healthy: GOOD (Grade 3); Staying Safe was rated 2, and SCORED a 3 out of 4 for capacity.",
        "The council received the TOP grade; 'Outstanding' (4) for A, adequate or better for B.",
        "Staying safe: Good (3) – \u00e9valu\u00e9 Adequate",  # not ASCII: the case-blind pattern itself
    ],
)
def test_grades_found_on_lower_cased_text_are_those_the_case_blind_pattern_finds(text):
    found = [(span.start, span.end, span.grade, span.form) for span in spans.grade_spans(text)]
    plain = [(m.start(), m.end(), m.lastgroup) for m in re.finditer(spans._GRADE_PATTERN, text, re.IGNORECASE)]
    assert [(start, end, form) for start, end, _, form in found] == plain and len(found) >= 2


@pytest.mark.parametrize("before", ["good or ", "at least '", "no better than\n", "three and/or", "Good OR "])
def test_a_bound_before_a_grade_is_seen_by_its_ending(before):
    assert spans._bound_before(before) and spans._ALTERNATIVE_BEFORE.search(before)
