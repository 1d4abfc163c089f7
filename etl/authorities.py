"""The 150 authorities by code, name and alias (data/authorities.csv), and which one a document is about.

One index serves everything: documents, the manifest, bundled grades and indicator files.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import string
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from etl import AUTHORITIES_CSV
from etl.prefiltered import compiled
from etl.wordsets import TWO_SPACES, Words

# Names that are also ordinary English words: only the council's full name counts as a mention.
COMMON_WORD_NAMES = frozenset({"reading", "bury"})
HEADER_LINES = 40
_EVERYDAY_COUNCIL = ("Council", "Borough Council", "City Council", "County Council")  # how people name a council


@dataclass(frozen=True)
class Authority:
    dfe_code: str
    name: str
    official_name: str
    region: str
    type: str


_FOLDS = (("&", " and "), ("-", " "), (".", " "), ("\t", " "), ("\u2019", "'"), ("\u2011", " "))
_TWO_SPACES = re.compile("  ")  # on a whole document, faster than str.replace with a needle of two characters


def simplify(name: str) -> str:
    """Fold the spellings of one name together: case, '&', hyphens, full stops, apostrophes (one str.replace each: a
    single-character search is far faster than str.translate with a table)."""
    name = name.lower()
    for old, new in _FOLDS:
        name = name.replace(old, new)
    while TWO_SPACES.any_in(name):
        name = _TWO_SPACES.sub(" ", name)
    return name.strip(" ")


class AuthorityIndex:
    """Look up authorities by code, name or alias, and find a document's subject."""

    def __init__(self, rows: list[dict[str, str]]):
        self.by_code = {row["dfe_code"]: _authority(row) for row in rows}
        self.by_name: dict[str, Authority] = {}
        self.official: set[str] = set()
        for row in rows:
            authority = self.by_code[row["dfe_code"]]
            names = [row["name"], row["official_name"], *filter(None, row.get("aliases", "").split("|"))]
            names += [f"{row['name']} {kind}" for kind in _EVERYDAY_COUNCIL]  # "Bury Council", "Reading Borough Council"
            for name in names:
                self.by_name.setdefault(simplify(name), authority)
            self.official.add(simplify(row["official_name"]))
        # "LCC" supports Leicester City Council (or Leeds City Council) once the name itself is there.
        self.initials: dict[str, re.Pattern[str]] = {}
        for row in rows:
            initials = "".join(word[0] for word in row["official_name"].split() if word[0].isupper())
            if len(initials) >= 3:
                self.initials[row["dfe_code"]] = re.compile(rf"{initials}\b(?<!\w{initials})")  # the letters first: fast
        self._names = Words(name for name in self.by_name if name not in COMMON_WORD_NAMES)

    @classmethod
    def from_csv(cls, path: Path) -> AuthorityIndex:
        with open(path, newline="", encoding="utf-8") as handle:
            return cls(list(csv.DictReader(handle)))

    def did_you_mean(self, text: str) -> str:
        """'; did you mean Leicester?' for a misspelt name, or '' when nothing is close."""
        close = difflib.get_close_matches(simplify(text), self.by_name, n=3, cutoff=0.75)
        names = list(dict.fromkeys(self.by_name[name].name for name in close))
        return f"; did you mean {' or '.join(names)}?" if names else ""

    def lookup(self, text: str) -> Authority | None:
        """An authority from an exact DfE code, name or alias ("821", "Luton Borough Council")."""
        text = text.strip()
        return self.by_code.get(text) or self.by_name.get(simplify(text))

    def subject(self, lines: list[str]) -> tuple[Authority | None, str]:
        """The authority a document is about, and how that was decided (or why it could not be).

        The subject is named more often than any other authority and at least twice, once in a
        strong form (the council's name, a possessive, or the document's heading); or it is the
        only authority the document names, as its council, in its title or in a document written as "we". Places
        named as comparators ("compared with Leeds") or visited never count, nor does a stray place name in an appendix.
        """
        counts: Counter[str] = Counter()
        strong: set[str] = set()
        as_council: set[str] = set()  # named as its council ("Suffolk County Council", "Suffolk's") or in the title
        text = simplify("\n".join(lines))
        header_end = _offset_of_line(text, HEADER_LINES)
        title_start = len(text) - len(text.lstrip())  # the first line that is not blank
        title_end = text.find("\n", title_start)
        title_end = len(text) if title_end == -1 else title_end
        for start, name, council in self._mentions(text):
            code = self.by_name[name].dfe_code
            if _is_comparator(text, start):
                continue
            counts[code] += 1
            if council or name in self.official or start < title_end:
                as_council.add(code)
            if council or name in self.official or start < header_end:
                strong.add(code)
        raw = "\n".join(lines)
        for code in [code for code in counts if code in self.initials]:
            counts[code] += len(self.initials[code].findall(raw))
        ranked = [(code, count) for code, count in counts.most_common() if code in strong and count >= 2]
        if not ranked and len(counts) == 1 and (counts.keys() <= as_council or _first_person_words(text) >= 3):
            ranked = list(counts.items())  # the only authority named: as its council, or by a document written as "we"
        if not ranked:
            named = ", ".join(self.by_code[code].name for code in counts) or "none"
            return None, f"the document does not name the authority it is about (places mentioned: {named})"
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            tied = " and ".join(self.by_code[code].name for code, _ in ranked[:2])
            return None, f"the document names {tied} equally often; name its subject in the manifest"
        code, count = ranked[0]
        return self.by_code[code], f"named {count} times" if count > 1 else "the only authority the document names"

    def named_in(self, statement: str) -> tuple[list[Authority], list[Authority]]:
        """The authorities a statement names as its own, and those it names only as comparators, in order of mention."""
        if not statement:  # a sentence's previous or following one, where it has none
            return [], []
        text = simplify(statement)
        own: dict[str, bool] = {}
        for start, name, _ in self._mentions(text):
            code = self.by_name[name].dfe_code
            own[code] = own.get(code, False) or not _is_comparator(text, start)
        return [self.by_code[c] for c, is_own in own.items() if is_own], [
            self.by_code[c] for c, is_own in own.items() if not is_own
        ]

    def _mentions(self, text: str) -> list[tuple[int, str, bool]]:
        """(offset, name, followed by "council" or a possessive) for every authority named in simplified text: each
        name found where it is a whole word or words, the longest at each place."""
        found: dict[int, str] = {}
        for start, name in self._names.every(text):
            end = start + len(name)
            whole = (start == 0 or text[start - 1] not in _WORD_CHARACTERS) and not text[end : end + 1].isalnum()
            if whole and len(name) > len(found.get(start, "")):
                found[start] = name
        return _outermost(
            [
                (start, name, name.endswith(" council") or bool(_COUNCIL_AFTER.match(text, start + len(name))))
                for start, name in found.items()
            ]
        )


_WORD_CHARACTERS = frozenset(string.ascii_lowercase + string.digits)


def _outermost(mentions: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """Drop a name inside a longer one: "Bath and North East Somerset" does not also name Somerset."""
    kept: list[tuple[int, str, bool]] = []
    for mention in sorted(mentions, key=lambda m: (m[0], -len(m[1]))):
        if not kept or mention[0] >= kept[-1][0] + len(kept[-1][1]):
            kept.append(mention)
    return kept


def _first_person_words(text: str) -> int:
    """How often simplified text says "we", "our" or "us": a document written by the council itself."""
    return sum(map(_FIRST_PERSON.__contains__, text.translate(_WORD_BREAKS).split()))


_FIRST_PERSON = frozenset({"we", "our", "us"})
# Words before a place that make it a comparator or a place visited, not the authority spoken of.
_COMPARATOR_BEFORE = compiled(
    r"(?:compar\w*\s+(?:\w+\s+)?(?:with|to)|than|against|such as|like|visited\s+(?:\w+\s+){0,4}in|neighbours?|"
    r"learn(?:ed|t)?\s+from|similar\s+to)\s+(?:[a-z' ]{0,40}?(?:,|and)\s+)*(?:the\s+)?$"
)
# Every character that ends a word in simplified text, for a fast split into words (str.translate, not a regex).
_WORD_BREAKS = str.maketrans(dict.fromkeys(string.punctuation + string.whitespace + "\u2013\u2014\u2018\u201c\u201d\xa0", " "))
_COUNCIL_AFTER = re.compile(r"'s\b|\s+(?:\w+\s+){0,2}council\b")


def _is_comparator(text: str, start: int) -> bool:
    return bool(_COMPARATOR_BEFORE.search(text[max(0, start - 80) : start]))


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


def _authority(row: dict[str, str]) -> Authority:
    return Authority(row["dfe_code"], row["name"], row["official_name"], row["region"], row["type"])


@functools.cache
def reference_index() -> AuthorityIndex:
    """The index of data/authorities.csv, built once a process."""
    return AuthorityIndex.from_csv(AUTHORITIES_CSV)
