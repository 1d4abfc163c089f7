"""Regular expressions that first ask whether a text holds any of the words every match needs.

Most sentences hold none of a veto's words ("could", "per cent", "self-assess"), and a substring test costs a
fraction of a regex scan, which tries every alternative at every character. The words are read from the pattern
itself, so they can never fall out of step with it: each alternative's longest run of plain characters that any match
must contain. A pattern with an alternative that needs no such run (a character class, an optional word) is used as
it is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from re import _constants as opcodes  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]

MIN_NEEDED = 3  # characters: shorter words ("a", "to", "if") are in nearly every text, so testing them only costs


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str] | Prefiltered:
    """The pattern compiled, with a prefilter wherever every match needs one of a few words of MIN_NEEDED or more."""
    regex = re.compile(pattern, flags)
    needs = _needed(list(parser.parse(pattern, flags)))
    if not needs or min(map(len, needs)) < MIN_NEEDED:
        return regex
    return Prefiltered(regex, frozenset(word for word in needs if not any(other in word for other in needs - {word})))


class Prefiltered:
    """A compiled pattern whose scans are skipped for a text that holds none of the needed words (compared case-folded,
    so a case-blind pattern and its words agree)."""

    def __init__(self, regex: re.Pattern[str], needs: frozenset[str]):
        self.regex, self.needs, self.pattern = regex, tuple(sorted(needs, key=len, reverse=True)), regex.pattern

    def _may_match(self, text: str, pos: int, endpos: int) -> bool:
        folded = (text if pos == 0 and endpos >= len(text) else text[pos:endpos]).casefold()
        for word in self.needs:  # noqa: SIM110 (a loop, not any() over a generator: this runs a hundred times a document)
            if word in folded:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos) if self._may_match(text, pos, endpos) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos, endpos) if self._may_match(text, pos, endpos) else iter(())

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return self.regex.findall(text, pos, endpos) if self._may_match(text, pos, endpos) else []

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.regex.sub(replacement, text, count) if self._may_match(text, 0, len(text)) else text

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.regex.split(text, maxsplit) if self._may_match(text, 0, len(text)) else [text]

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)  # anchored: already cheap

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.fullmatch(text, pos, endpos)


def _needed(items: list) -> frozenset[str] | None:
    """Case-folded words one of which every match of a parsed sequence holds, or None: of the candidates (each run of
    literal characters, each group, alternation or repeat that must occur), the one whose shortest word is longest."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    for op, value in items:
        if op is opcodes.LITERAL:
            run.append(chr(value))
            continue
        if run:
            consider(frozenset({"".join(run).casefold()}))
            run = []
        if op is opcodes.SUBPATTERN:
            consider(_needed(list(value[-1])))
        elif op is opcodes.ATOMIC_GROUP:
            consider(_needed(list(value)))
        elif op is opcodes.BRANCH:
            consider(_any_of([_needed(list(branch)) for branch in value[1]]))
        elif op in (opcodes.MAX_REPEAT, opcodes.MIN_REPEAT, opcodes.POSSESSIVE_REPEAT) and value[0] >= 1:
            consider(_needed(list(value[2])))
        # anything else (a class, an anchor, a look-around, an optional part) needs no word of its own
    if run:
        consider(frozenset({"".join(run).casefold()}))
    return best


def _any_of(alternatives: list[frozenset[str] | None]) -> frozenset[str] | None:
    """An alternation needs one of its branches' words; a branch that needs none makes the whole need none."""
    if not alternatives or any(words is None for words in alternatives):
        return None
    return frozenset().union(*alternatives)  # type: ignore[arg-type]
