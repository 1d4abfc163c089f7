"""The rules every comparison follows: how many authorities there are, how few make a statistic, whose is drawn first."""

from __future__ import annotations

from collections.abc import Sequence

ENGLAND_AUTHORITIES = 150  # the children's services authorities of 2005-2008
MIN_GROUP = 3  # no comparator statistic rests on fewer authorities than this
THIN_COVERAGE = 50  # fewer than a third of the 150 loaded: too few to read a grade's standing by
MAX_AUTHORITIES = 16  # on one chart: beyond this no colour-and-symbol pair stays distinct
DEFAULT_AUTHORITIES = ["821", "856", "383"]  # Luton, Leicester, Leeds

COMPARATOR_GROUPS: dict[str, str] = {
    "region": "Its region",
    "type": "Authorities of its type",
    "neighbours": "Its statistical neighbours",
    "all": "All authorities with grades",
}


def enough_loaded(loaded: int, of: int) -> bool:
    """The one rule for a rank or a median: the authorities loaded must be at least a third of those it is taken among
    (THIN_COVERAGE, 50, of England's 150; 11 of London's 33), and never fewer than MIN_GROUP. Over fewer, a rank or a
    median reads like a league position over a set too small, and too biased (those whose documents were added), to
    mean one."""
    return loaded >= MIN_GROUP and loaded * 3 >= of


NO_RANK = (
    f"No rank is shown: fewer than a third of the {ENGLAND_AUTHORITIES} authorities ({THIN_COVERAGE}) have this loaded, "
    "too few for a place among them to mean anything."
)
NO_MEDIAN = (
    "No group median is shown: fewer than a third of the group's authorities have this grade loaded, too few for its "
    "middle to stand for the group."
)


def home_authority(codes: Sequence[str], home: str = "") -> str:
    """The authority drawn strongest: the home authority where it is among those chosen, else the first chosen."""
    return home if home in codes else codes[0]


def authorities_word(count: int) -> str:
    """'1 authority', '12 authorities'."""
    return f"{count} authorit{'y' if count == 1 else 'ies'}"
