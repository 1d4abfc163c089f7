"""Indicators: which direction is better, in the words every chart and table uses."""

from __future__ import annotations

POLARITIES = ("higher_better", "lower_better", "neutral")
BETTER_WHEN: dict[str, str] = {"higher_better": "higher", "lower_better": "lower", "neutral": "neither"}


def better_sentence(polarity: str) -> str:
    """'lower is better', 'higher is better', or 'no better direction'."""
    return f"{BETTER_WHEN[polarity]} is better" if polarity in ("higher_better", "lower_better") else "no better direction"
