"""The project's one vocabulary of grades, judgement areas and frameworks.

ETL, queries and charts all read these, so a label or an order is changed in one place.
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

JAR_ONLY_AREAS = frozenset({"safeguarding", "looked_after_children", "ldd"})

# Every way documents name an area. Where a label names two areas
# ("capacity to improve, including the management of services"), the one named first wins.
AREA_PATTERNS: dict[str, str] = {
    "overall_effectiveness": r"overall effectiveness",
    "childrens_services": r"children'?s services",
    "being_healthy": r"be(?:ing)? healthy",
    "staying_safe": r"stay(?:ing)? safe",
    "enjoying_and_achieving": r"enjoy(?:ing)? and achiev(?:e|ing)",
    "positive_contribution": r"(?:make|making) a positive contribution|positive contribution",
    "economic_wellbeing": r"(?:achieving |experience |achieve )?economic well[- ]?being",
    "capacity_to_improve": r"capacity to improve",
    "service_management": r"service management|management of (?:its |their )?(?:children'?s )?services",
    "social_care": r"social care(?: services)?",
    "safeguarding": r"safeguarding",
    "looked_after_children": r"looked after children|children looked after",
    "ldd": r"learning difficult(?:y|ies) and(?:/or)? disabilit(?:y|ies)",
    "education": r"education services",
}
_AREA_REGEXES = {key: re.compile(rf"\b(?:{pattern})", re.IGNORECASE) for key, pattern in AREA_PATTERNS.items()}


def grade_label(grade: int) -> str:
    """'3 good' style label used wherever a grade is written out."""
    return f"{grade} {GRADE_LABELS[grade]}"


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
