"""Many words looked for in one pass over a text (Aho-Corasick, the Rust `aho-corasick` crate's SIMD search), where a
str.find per word would read the whole text once for each: the hints of a grade, a framework or a round, and the
names of 150 authorities, in every document.
"""

from __future__ import annotations

from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation, MatchKind

from etl.once import cached_property


class _Automata:
    """One set of words as two automata: for ASCII text, whose byte offsets are its character offsets, the search of
    bytes (two to ten times faster: no offsets to translate); for any other text, the search of str. Both are DFAs, the
    fastest to search, built in milliseconds even for 837 names."""

    def __init__(self, words: tuple[str, ...], kind: MatchKind):
        self.of_text = AhoCorasick(list(words), matchkind=kind, implementation=Implementation.DFA)
        self.of_bytes = BytesAhoCorasick([w.encode() for w in words], matchkind=kind, implementation=Implementation.DFA)

    def matches(self, text: str, overlapping: bool = False) -> list[tuple[int, int, int]]:
        if text.isascii():
            return self.of_bytes.find_matches_as_indexes(text.encode(), overlapping=overlapping)
        return self.of_text.find_matches_as_indexes(text, overlapping=overlapping)


class Words:
    """A fixed set of words, found by where they start in a text (the case as given: lower-case words on lowered text)."""

    def __init__(self, words: Iterable[str]):
        self.words = tuple(dict.fromkeys(words))
        self._first = _Automata(self.words, MatchKind.LeftmostFirst)  # the fastest: no overlaps

    @cached_property
    def _every(self) -> _Automata:
        return _Automata(self.words, MatchKind.Standard)  # every match, overlapping ones too: built only if asked

    def any_in(self, text: str) -> bool:
        return bool(self._first.matches(text))

    def starts(self, text: str) -> list[int]:
        """Where a word starts, one per run of text that words cover: every line holding a word has one of them, as
        no word holds a line break."""
        return [start for _, start, _ in self._first.matches(text)]

    def places(self, text: str) -> list[int]:
        """Every place a word starts, overlapping ones included, in order, each once."""
        return sorted({start for _, start, _ in self._every.matches(text, overlapping=True)})

    def every(self, text: str) -> list[tuple[int, str]]:
        """(offset, word) for every occurrence of every word, overlapping ones included."""
        return [(start, self.words[which]) for which, start, _ in self._every.matches(text, overlapping=True)]


# A double space: str's 'in' looks for a needle of two characters at about a nanosecond a character, a pass of this
# at a tenth of that, which counts on a whole document.
TWO_SPACES = Words(["  "])
