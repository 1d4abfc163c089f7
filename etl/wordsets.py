"""Many words looked for in one pass over a text (Aho-Corasick, the Rust `aho-corasick` crate's SIMD search), where a
str.find per word would read the whole text once for each: the hints of a grade, a framework or a round, and the
names of 150 authorities, in every document.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from ahocorasick_rs import AhoCorasick, MatchKind


class Words:
    """A fixed set of words, found by where they start in a text (the case as given: lower-case words on lowered text)."""

    def __init__(self, words: Iterable[str]):
        self.words = tuple(dict.fromkeys(words))
        self._first = AhoCorasick(list(self.words), matchkind=MatchKind.LeftmostFirst)  # the fastest: no overlaps

    @cached_property
    def _every(self) -> AhoCorasick:
        return AhoCorasick(list(self.words))  # every match, overlapping ones too: built only for a set that needs it

    def any_in(self, text: str) -> bool:
        return bool(self._first.find_matches_as_indexes(text))

    def starts(self, text: str) -> list[int]:
        """Where a word starts, one per run of text that words cover: every line holding a word has one of them, as
        no word holds a line break."""
        return [start for _, start, _ in self._first.find_matches_as_indexes(text)]

    def every(self, text: str) -> list[tuple[int, str]]:
        """(offset, word) for every occurrence of every word, overlapping ones included."""
        return [(start, self.words[which]) for which, start, _ in self._every.find_matches_as_indexes(text, overlapping=True)]
