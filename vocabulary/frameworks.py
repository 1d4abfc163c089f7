"""The inspections and their rounds: which years each framework graded, and the names documents call them by."""

from __future__ import annotations

FRAMEWORKS: dict[str, str] = {
    "APA": "Ofsted annual performance assessment",
    "JAR": "Joint area review",
    "CPA": "Audit Commission CPA children and young people block",
}
FRAMEWORK_SHORT: dict[str, str] = {"APA": "Ofsted APA", "JAR": "Joint area review", "CPA": "Audit Commission CPA"}
# How documents name the two frameworks the extractor reads: in full, and as regex alternatives with the abbreviation
# and the everyday names news gave them ("Ofsted's annual assessments of 147 councils").
FRAMEWORK_IN_FULL: dict[str, str] = {"APA": "annual performance assessment", "JAR": "joint area review"}
FRAMEWORK_EVERYDAY: dict[str, str] = {"APA": r"annual (?:performance )?assessments?(?: of (?:children'?s )?services)?"}
# Lower-cased, one of these is in every name above: a cheap first look before the patterns.
FRAMEWORK_HINTS = ("apa", "annual", "jar", "joint area review")
FRAMEWORK_NAMES: dict[str, str] = {
    short: f"(?:{short}|{full}{'|' + FRAMEWORK_EVERYDAY[short] if short in FRAMEWORK_EVERYDAY else ''})"
    for short, full in FRAMEWORK_IN_FULL.items()
}

# The rounds: APAs 2005-2008; JARs published 2005-2009 (the last in 2009); CPA scores 2005-2008.
ROUNDS: dict[str, range] = {"APA": range(2005, 2009), "JAR": range(2005, 2010), "CPA": range(2005, 2009)}
FIRST_ROUND = min(r.start for r in ROUNDS.values())
LAST_ROUND = max(r.stop for r in ROUNDS.values()) - 1  # the grades table's years run FIRST_ROUND-LAST_ROUND
YEARS = list(ROUNDS["APA"])  # the years the dashboard's filters offer: the APA's
YEAR_RANGE = (YEARS[0], YEARS[-1])
SEVEN_JUDGEMENTS_FROM = 2007  # the APA graded seven areas from this round; before it, a table of three and prose


def is_round(framework: str, year: int) -> bool:
    """Whether the framework had a round that year."""
    return year in ROUNDS.get(framework, range(0))


def is_any_round(year: int) -> bool:
    """Whether any framework had a round that year: the years a grade may carry."""
    return FIRST_ROUND <= year <= LAST_ROUND
