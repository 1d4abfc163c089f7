"""The project's one vocabulary: grades, judgement areas, frameworks, comparator groups, their order and colours.

ETL, queries, charts, widgets and pages all read these, so a label, an order or a colour is changed in one place.
"""

from __future__ import annotations

import re

GRADE_LABELS: dict[int, str] = {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}
GRADE_WORDS: dict[str, int] = {
    "outstanding": 4,
    "excellent": 4,
    "good": 3,
    "adequate": 2,
    "inadequate": 1,
}

FRAMEWORKS: dict[str, str] = {
    "APA": "Ofsted annual performance assessment",
    "JAR": "Joint area review",
    "CPA": "Audit Commission CPA children and young people block",
}

AREA_LABELS: dict[str, str] = {
    "overall_effectiveness": "Overall effectiveness",
    "childrens_services": "Children's services (2005–06 headline grade)",
    "being_healthy": "Being healthy",
    "staying_safe": "Staying safe",
    "enjoying_and_achieving": "Enjoying and achieving",
    "positive_contribution": "Making a positive contribution",
    "economic_wellbeing": "Achieving economic well-being",
    "capacity_to_improve": "Capacity to improve",
    "service_management": "Service management",
    "social_care": "Social care",
    "safeguarding": "Safeguarding",
    "looked_after_children": "Looked after children",
    "ldd": "Learning difficulties and/or disabilities",
    "children_and_young_people": "Children and young people (CPA score)",
    "education": "Education services",
}

FRAMEWORK_SHORT: dict[str, str] = {"APA": "Ofsted APA", "JAR": "Joint area review", "CPA": "Audit Commission CPA"}
CPA_AREA = "children_and_young_people"  # the CPA's one score

# The areas offered for each inspection, in display order, and those shown first.
APA_AREAS = [
    "overall_effectiveness",
    "childrens_services",
    "being_healthy",
    "staying_safe",
    "enjoying_and_achieving",
    "positive_contribution",
    "economic_wellbeing",
    "capacity_to_improve",
    "service_management",
    "social_care",
    "education",
]
OUTCOMES = APA_AREAS[2:7]  # the five Every Child Matters outcomes
APA_2007_AREAS = ["overall_effectiveness", *OUTCOMES, "capacity_to_improve"]  # the seven judgements of 2007 and 2008
APA_2006_ONLY = {"childrens_services", "service_management", "social_care", "education"}  # graded in 2005-06 letters only


def judged(framework: str, area: str, year: int) -> bool:
    """Whether the inspection judged this area that year: the 2007-08 APA dropped the 2005-06 table's areas and
    added overall effectiveness. A missing grade where nothing was judged is not a gap in the data."""
    if framework != "APA":
        return True
    return area not in APA_2006_ONLY if year >= 2007 else area != "overall_effectiveness"


JAR_AREAS = ["safeguarding", "looked_after_children", "ldd", "service_management", "capacity_to_improve", "staying_safe"]
ALL_AREAS = [*APA_AREAS, "safeguarding", "looked_after_children", "ldd", CPA_AREA]
DEFAULT_AREAS = ["overall_effectiveness", "childrens_services", "staying_safe", "capacity_to_improve"]
YEARS = list(range(2005, 2009))  # the APA years
YEAR_RANGE = (YEARS[0], YEARS[-1])

COMPARATOR_GROUPS: dict[str, str] = {
    "region": "Its region",
    "type": "Authorities of its type",
    "neighbours": "Its statistical neighbours",
    "all": "All authorities with grades",
}

# One ordered scale, light (inadequate) to dark (outstanding), from cividis: colour-blind safe, readable in greyscale,
# and no traffic-light green to read "adequate" as "all clear". Cell text is at least 4.5:1 on its cell.
GRADE_COLOURS = {4: "#00224e", 3: "#575d6d", 2: "#a69d75", 1: "#fde737"}
GRADE_TEXT_COLOURS = {4: "#ffffff", 3: "#ffffff", 2: "#000000", 1: "#000000"}
# Authority colours, each at least 4.5:1 on white (Okabe-Ito hues darkened), with distinct symbols, so an
# authority's line differs without colour too. An authority keeps its colour for the whole session.
LINE_COLOURS = ["#0072B2", "#B24A00", "#007A5A", "#A4457E", "#000000", "#8A5A00", "#6A3D9A", "#B0243C"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "star", "hexagon", "triangle-down"]

# Every way documents name an area. Where a label names two areas
# ("capacity to improve, including the management of services"), the one named first wins.
AREA_PATTERNS: dict[str, str] = {
    "overall_effectiveness": r"overall effectiveness(?: of (?:the )?(?:council'?s |local authority'?s )?children'?s services)?",
    "childrens_services": r"children'?s services",
    "being_healthy": r"be(?:ing)? healthy",
    "staying_safe": r"stay(?:ing)? safe",
    "enjoying_and_achieving": r"enjoy(?:ing)? and achiev(?:e|ing)",
    "positive_contribution": r"(?:make|making) a positive contribution|positive contribution",
    "economic_wellbeing": r"(?:achieving |experience |achieve )?economic well[- ]?being",
    "capacity_to_improve": r"capacity (?:to improve|for improvement)"
    r"(?:,? (?:including|incl\.?|and) (?:the )?(?:management of (?:its |their )?(?:children'?s )?services|service management)"
    r"|/service management)?",
    "service_management": r"service management|management of (?:its |their )?(?:children'?s )?services",
    "social_care": r"social care(?: services)?",
    "safeguarding": r"safeguarding",
    "looked_after_children": r"looked[- ]after children|children looked after",
    "ldd": r"learning difficult(?:y|ies) and(?:/or)? disabilit(?:y|ies)",
    "education": r"education services",
}
_AREA_REGEXES = {key: re.compile(rf"\b(?:{pattern})", re.IGNORECASE) for key, pattern in AREA_PATTERNS.items()}


def inspection_area_label(framework: str, area: str) -> str:
    """'APA · Staying safe': an area with its inspection, where a list mixes them."""
    return f"{framework} · {AREA_LABELS.get(area, area)}"


def grade_label(grade: int, framework: str = "APA") -> str:
    """'3 good' wherever a grade is written out; the Audit Commission's CPA score as it was published, '3 out of 4'."""
    return f"{grade} out of 4" if framework == "CPA" else f"{grade} {GRADE_LABELS[grade]}"


def areas_in(text: str) -> list[tuple[int, str]]:
    """All areas named in text as (offset, key), in order of appearance."""
    found = []
    for key, regex in _AREA_REGEXES.items():
        match = regex.search(text)
        if match:
            found.append((match.start(), key))
    return sorted(found)


def first_area(text: str) -> str | None:
    """The area a label names first, or None."""
    found = areas_in(text)
    return found[0][1] if found else None


def area_key(name: str) -> str | None:
    """Canonical key for an area name from any source ("Be Healthy", "staying safe")."""
    if name in AREA_LABELS:
        return name
    return first_area(name)
