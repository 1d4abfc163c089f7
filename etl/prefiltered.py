"""Regular expressions that first ask whether a text holds any of the words every match needs, and, where every match
begins with one of a few known three letters, try the pattern only where those letters are.

Most sentences hold none of a veto's words ("could", "per cent", "self-assess"), and a substring test costs a
fraction of a regex scan, which tries every alternative at every character. The words are read from the pattern
itself, so they can never fall out of step with it: each alternative's longest run of plain characters that any match
must contain. A pattern with an alternative that needs no such run (a character class, an optional word) is used as
it is. The beginnings are read from the pattern too: a long alternation of names (every way of naming an area) then
costs one Aho-Corasick pass and a match at each place one of its names may begin, not every alternative tried at every
word of the text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from re import _constants as opcodes  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]

from etl.wordsets import Words

MIN_NEEDED = 3  # characters: shorter words ("a", "to", "if") are in nearly every text, so testing them only costs
BEGINNING = 3  # characters of a match's beginning read from a pattern: enough to be rare, few enough to list
MIN_ALTERNATIVES = 4  # beginnings: a pattern with fewer scans fast enough, and one Aho-Corasick pass would cost more


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str] | Prefiltered:
    """The pattern compiled, with a prefilter wherever every match needs one of a few words of MIN_NEEDED or more, and
    its matches looked for only where they may begin wherever a long case-blind alternation says where."""
    regex = re.compile(pattern, flags)
    parsed = list(parser.parse(pattern, flags))
    needs = _needed(parsed) or frozenset()
    if needs and min(map(len, needs)) < MIN_NEEDED:
        needs = frozenset()
    beginnings = _read_beginnings(parsed) if flags & re.IGNORECASE else None
    if beginnings is not None and (len(beginnings) < MIN_ALTERNATIVES or not all(map(_rare, beginnings))):
        beginnings = None
    if not needs and beginnings is None:
        return regex
    return Prefiltered(regex, frozenset(word for word in needs if not any(other in word for other in needs - {word})), beginnings)


class Prefiltered:
    """A compiled pattern whose scans are skipped for a text that holds none of the needed words (compared case-folded,
    so a case-blind pattern and its words agree), and, given the beginnings of its matches, tried only where they are."""

    def __init__(self, regex: re.Pattern[str], needs: frozenset[str], beginnings: frozenset[str] | None = None):
        self.regex, self.needs, self.pattern = regex, tuple(sorted(needs, key=len, reverse=True)), regex.pattern
        self.beginnings = Words(sorted(beginnings)) if beginnings else None

    def _may_match(self, text: str, pos: int, endpos: int) -> bool:
        if not self.needs:
            return True
        folded = (text if pos == 0 and endpos >= len(text) else text[pos:endpos]).casefold()
        for word in self.needs:  # noqa: SIM110 (a loop, not any() over a generator: this runs a hundred times a document)
            if word in folded:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self.needs and not self._may_match(text, pos, endpos):
            return None
        if self.beginnings is None or not text.isascii():  # the beginnings hold for ASCII text
            return self.regex.search(text, pos, endpos)
        lowered = text.lower()  # the first match, as matches_where_begun finds them, with no generator to make
        for start in self.beginnings.places(lowered[pos:endpos] if pos or endpos < len(text) else lowered):
            if match := self.regex.match(text, pos + start, endpos):
                return match
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not self._may_match(text, pos, endpos):
            return iter(())
        if self.beginnings is None or not text.isascii():
            return self.regex.finditer(text, pos, endpos)
        return matches_where_begun(self.regex, self.beginnings, text, text.lower(), pos, endpos)

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


def matches_where_begun(
    regex: re.Pattern[str], beginnings: Words, text: str, lowered: str, pos: int = 0, endpos: int = sys.maxsize
) -> Iterator[re.Match[str]]:
    """The matches regex.finditer(text, pos, endpos) gives, tried only where `lowered` (the ASCII text lower-cased)
    holds one of the beginnings of its matches, found in one pass (a match tried at a place sees the text before it,
    as a search does; none is empty, as each begins with characters)."""
    end = pos
    for start in beginnings.places(lowered[pos:endpos] if pos or endpos < len(lowered) else lowered):
        if pos + start >= end and (match := regex.match(text, pos + start, endpos)):
            yield match
            end = match.end()


def beginnings_of(pattern: str, flags: int = 0) -> Words | None:
    """The beginnings of a pattern's matches on ASCII text, to look for, or None where they cannot be told or one is
    too common to look for (a letter or a figure alone, a space)."""
    found = _read_beginnings(list(parser.parse(pattern, flags)))
    return Words(sorted(found)) if found and all(map(_rare, found)) else None


def _rare(beginning: str) -> bool:
    """Whether a beginning is rare enough to look for: two characters or more, or one that is not a letter or a space
    ("%", "(", a figure of the grade scale, as in "3 (good)")."""
    return len(beginning) >= 2 or (len(beginning) == 1 and not beginning.isalpha() and not beginning.isspace())


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


_ENDS = "\0"  # marks a beginning that cannot be read further: a repeat came next, of any length


def _read_beginnings(parsed: list) -> frozenset[str] | None:
    """The beginnings of a parsed pattern's matches, without the marks of where a repeat stopped the reading."""
    found = _beginnings(parsed)
    return None if found is None else frozenset(start.rstrip(_ENDS) for start in found)


def _beginnings(items: list, length: int = BEGINNING) -> frozenset[str] | None:
    """Every way a parsed pattern's matches can begin on ASCII text, up to `length` characters, lower-cased (a beginning
    stops short, marked, where a repeat makes the next characters unknowable); None where that cannot be told (a class
    of many characters) or where the ways are too many to list."""
    found = {""}
    for op, value in items:
        unfinished = {start for start in found if len(start) < length and not start.endswith(_ENDS)}
        if not unfinished:
            break
        following = _item_beginnings(op, value, length)
        if following is None:
            return None
        found = (found - unfinished) | {(start + after)[:length] for start in unfinished for after in following}
        if len(found) > 2000:
            return None
    return frozenset(found)


def _item_beginnings(op: object, value: object, length: int) -> frozenset[str] | None:
    """How one parsed item can begin: a literal, a group, a choice, an optional or repeated part, a small class; a
    look-around or an anchor matches no character, so begins with nothing."""
    if op is opcodes.LITERAL:
        return frozenset({chr(value).lower()})  # type: ignore[arg-type]
    if op is opcodes.SUBPATTERN:
        return _beginnings(list(value[-1]), length)  # type: ignore[index]
    if op is opcodes.BRANCH:
        branches = [_beginnings(list(branch), length) for branch in value[1]]  # type: ignore[index]
        return None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (opcodes.MAX_REPEAT, opcodes.MIN_REPEAT, opcodes.POSSESSIVE_REPEAT):
        least, most, item = value  # type: ignore[misc]
        once = _beginnings(list(item), length)
        if once is None:
            return None
        if most > 1:  # what follows one occurrence may be another: the beginning ends with the first
            once = frozenset(start + _ENDS for start in once)
        return once | ({""} if least == 0 else set())
    if op is opcodes.IN:
        return _class_members(value)  # type: ignore[arg-type]
    if op in (opcodes.AT, opcodes.ASSERT, opcodes.ASSERT_NOT):
        return frozenset({""})
    return None


_ASCII_CATEGORIES = {opcodes.CATEGORY_SPACE: " \t\n\r\x0b\x0c", opcodes.CATEGORY_DIGIT: "0123456789"}


def _class_members(items: list) -> frozenset[str] | None:
    """The lower-cased characters of a small class ("[- ]", "[sd]", "\\s" in ASCII), or None for a large or negated one."""
    members: set[str] = set()
    for op, value in items:
        if op is opcodes.LITERAL:
            members.add(chr(value).lower())
        elif op is opcodes.RANGE and value[1] - value[0] < 10:
            members |= {chr(code).lower() for code in range(value[0], value[1] + 1)}
        elif op is opcodes.CATEGORY and value in _ASCII_CATEGORIES:
            members |= set(_ASCII_CATEGORIES[value])
        else:
            return None
    return frozenset(members)


def _any_of(alternatives: list[frozenset[str] | None]) -> frozenset[str] | None:
    """An alternation needs one of its branches' words; a branch that needs none makes the whole need none."""
    if not alternatives or any(words is None for words in alternatives):
        return None
    return frozenset().union(*alternatives)  # type: ignore[arg-type]
