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


def home_authority(codes: Sequence[str], home: str = "") -> str:
    """The authority drawn strongest: the home authority where it is among those chosen, else the first chosen."""
    return home if home in codes else codes[0]


def authorities_word(count: int) -> str:
    """'1 authority', '12 authorities'."""
    return f"{count} authorit{'y' if count == 1 else 'ies'}"
