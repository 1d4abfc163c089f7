"""Words found in one pass: every line holding one is found, and authorities are named by whole names, longest first."""

from __future__ import annotations

import pytest

from etl.authorities import reference_index
from etl.blocks import Lines, lines_holding, lines_holding_each
from etl.wordsets import Words

pytestmark = pytest.mark.unit


def test_every_line_holding_a_word_is_found_even_where_words_overlap():
    words = Words(["very good", "good", "adequate"])
    lines = Lines(["Nothing here.", "It was very good.", "", "good and adequate", "Goodness, no."])
    assert lines_holding(lines, words) == [1, 3, 4]  # the lower-cased text: "Goodness" holds "good"


def test_every_occurrence_is_found_overlapping_ones_too():
    assert sorted(Words(["north east", "east"]).every("north east")) == [(0, "north east"), (6, "east")]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Solihull's services were good.", ["Solihull"]),  # not Hull, inside it
        ("Bath and North East Somerset improved.", ["Bath and North East Somerset"]),  # not Somerset too
        ("Lutonian schools", []),  # a name only where it is a whole word
        ("Leeds, compared with Luton.", ["Leeds"]),
    ],
)
def test_authorities_are_named_by_whole_names_and_the_longest_at_each_place(text, named):
    own, _ = reference_index().named_in(text)
    assert [authority.name for authority in own] == named


@pytest.mark.parametrize("text", ["good in Luton, adequate", "good in Lüton – adequate"])  # ASCII searched as bytes
def test_offsets_are_characters_whatever_the_text_holds(text):
    words = Words(["good", "adequate"])
    assert [text[start:].split()[0] for start in words.starts(text)] == ["good", "adequate"]
    assert [(text[start:].split()[0], word) for start, word in words.every(text)] == [("good", "good"), ("adequate", "adequate")]


def test_every_place_a_word_starts_is_given_once_in_order():
    assert Words(["ab", "b", "abab"]).places("xabab") == [1, 2, 3, 4]


def test_the_lines_holding_each_word_are_found_in_one_pass():
    lines = Lines(["An APA letter.", "", "Annual assessment of the APA", "apa and JAR", "nothing"])
    held = lines_holding_each(lines, Words(["apa", "annual", "jar", "review"]))
    assert held == {"apa": [0, 2, 3], "annual": [2], "jar": [3], "review": []}
