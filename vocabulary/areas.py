"""Judgement areas: their labels and order, which inspection judged which in which round, and how documents name them."""

from __future__ import annotations

import re

from vocabulary.frameworks import SEVEN_JUDGEMENTS_FROM
from vocabulary.grades import GRADE_WORDS

AREA_LABELS: dict[str, str] = {  # in the order every chart and table lists areas
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
CPA_AREA = "children_and_young_people"  # the CPA's one score

# The five Every Child Matters outcomes, judged by every APA and the early JARs.
OUTCOMES = ["being_healthy", "staying_safe", "enjoying_and_achieving", "positive_contribution", "economic_wellbeing"]
APA_AREAS = [  # every area an APA graded in some round, in display order
    "overall_effectiveness",
    "childrens_services",
    *OUTCOMES,
    "capacity_to_improve",
    "service_management",
    "social_care",
    "education",
]
APA_2007_AREAS = ["overall_effectiveness", *OUTCOMES, "capacity_to_improve"]  # the seven judgements of 2007 and 2008
APA_2006_TABLE = ["childrens_services", "capacity_to_improve", "social_care"]  # the three graded in 2005-06 letters' table
APA_2006_ONLY = {"childrens_services", "service_management", "social_care", "education"}  # graded in 2005-06 only
JAR_ONLY_AREAS = ["safeguarding", "looked_after_children", "ldd"]  # a table of these is a JAR's
JAR_AREAS = [*JAR_ONLY_AREAS, "service_management", "capacity_to_improve", "staying_safe"]
AREAS_BY_FRAMEWORK: dict[str, list[str]] = {"APA": APA_AREAS, "JAR": JAR_AREAS, "CPA": [CPA_AREA]}
ALL_AREAS = [*APA_AREAS, *JAR_ONLY_AREAS, CPA_AREA]
DEFAULT_AREAS = ["overall_effectiveness", "childrens_services", "staying_safe", "capacity_to_improve"]


def judged(framework: str, area: str, year: int | None) -> bool:
    """Whether the inspection judged this area that year: the 2007-08 APA dropped the 2005-06 table's areas and added
    overall effectiveness; an APA never graded the JAR's own areas, nor a JAR the APA's headline ones (early JARs
    graded the outcomes, and some social care). A missing grade where nothing was judged is not a gap in the data, and
    a document's grade for it is not that inspection's. An unknown year judges every APA area."""
    if framework == "JAR":
        return area in JAR_AREAS or area in OUTCOMES or area == "social_care"
    if framework != "APA":
        return True
    if area not in APA_AREAS:
        return False
    if year is None:
        return True
    return area not in APA_2006_ONLY if year >= SEVEN_JUDGEMENTS_FROM else area != "overall_effectiveness"


def as_judged(framework: str, area: str, year: int | None) -> str:
    """The area as that inspection named it that year: an APA's safeguarding is its staying-safe judgement; from 2007
    its children's services grade is overall effectiveness, and before 2007 an overall grade is the children's
    services one."""
    if framework != "APA":
        return area
    if area == "safeguarding":
        return "staying_safe"
    if area == "childrens_services" and year and year >= SEVEN_JUDGEMENTS_FROM:
        return "overall_effectiveness"
    if area == "overall_effectiveness" and year and year < SEVEN_JUDGEMENTS_FROM:
        return "childrens_services"  # the 2005-06 headline grade, which news called the overall rating
    return area


# How the 2007-08 letters give the overall grade: "Haringey delivers a good service for children and young people".
# A look-behind holds one length, so there is one for each grade word.
_GRADED_SERVICE = "|".join(f"(?<={word} service for )|(?<={word} services for )" for word in GRADE_WORDS)

# Every way documents name an area. Where a label names two areas
# ("capacity to improve, including the management of services"), the one named first wins.
AREA_PATTERNS: dict[str, str] = {
    "overall_effectiveness": r"overall effectiveness(?: of (?:the )?(?:council'?s |local authority'?s )?children'?s services)?"
    r"|overall (?:rating|grade|judgement)|all (?:its |their )?children'?s services(?: overall)?"
    rf"|(?:{_GRADED_SERVICE})children and young people",
    "childrens_services": r"children'?s services|(?:(?<=\bfor\s)|(?<=\bboth\s))(?:current\s+)?performance\b"
    r"(?!\s+(?:in|on|of|at|across|by|indicators?|assessments?|information|data|tables?|management|framework|against)\b)",
    "being_healthy": r"be(?:ing)? healthy|health of (?:children|young people)(?: and young people)?|health outcomes",
    "staying_safe": r"stay(?:ing)? safe|keep(?:ing)? (?:children|young people)(?: and young people)? safe|child protection",
    "enjoying_and_achieving": r"enjoy(?:ing)? (?:and|&) achiev(?:e|ing)|enjoyment and achievement"
    r"|enjoy (?:their )?(?:education|learning|school|schooling) and achieve",
    "positive_contribution": r"(?:make|making) a positive contribution|positive contribution",
    "economic_wellbeing": r"(?:achieving |experience |achieve )?economic well[- ]?being",
    "capacity_to_improve": r"(?:(?<=\bfor\s)|(?<=\band\s))capacity\b(?!\s+(?:to|for|of|in|within|building|issues)\b)|"
    r"capacity (?:of [^,.;:]{1,60}? )?(?:to improve|for improvement)"
    r"(?:,? (?:including|incl\.?|and) (?:the )?(?:management of (?:its |their )?(?:children'?s )?services|service management)"
    r"|/service management)?",
    "service_management": r"service (?:management|mgt|mgmt)\b|management of (?:its |their )?(?:children'?s )?services",
    "social_care": r"social care(?: services)?",
    "safeguarding": r"safeguarding|(?:children and young people|children|young people) (?:are|were|is|being) safeguarded",
    "looked_after_children": r"looked[- ]after children|children looked after|children in care",
    "ldd": r"learning difficult(?:y|ies) and(?:/or)? disabilit(?:y|ies)|disabled children|children with disabilities",
    "education": r"education services|(?:(?<=\bfor\s)|(?<=\bin\s))education\b(?!,?\s+(?:employment|training)\b)",
}
AREA_REGEXES = {key: re.compile(rf"\b(?:{pattern})", re.IGNORECASE) for key, pattern in AREA_PATTERNS.items()}
# Every name starts a word: one look-behind tried first, not a \b in each name, makes the scan four times faster.
ANY_AREA = re.compile(
    r"(?<!\w)(?=\w)(?:" + "|".join(rf"(?P<{key}>{pattern})" for key, pattern in AREA_PATTERNS.items()) + ")", re.IGNORECASE
)
# How a table's header may shorten an area, read only where the abbreviation is the whole cell.
AREA_ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys(["OE"], "overall_effectiveness"),
    **dict.fromkeys(["BH"], "being_healthy"),
    **dict.fromkeys(["SS"], "staying_safe"),
    **dict.fromkeys(["EA", "E&A", "E and A", "EAA"], "enjoying_and_achieving"),
    **dict.fromkeys(["MPC", "PC"], "positive_contribution"),
    **dict.fromkeys(["AEW", "EWB", "EW"], "economic_wellbeing"),
    **dict.fromkeys(["CI", "CTI", "C2I"], "capacity_to_improve"),
    **dict.fromkeys(["LAC", "CLA"], "looked_after_children"),
    **dict.fromkeys(["LDD"], "ldd"),
}
# A narrow column's heading may be one word of the area's name ("Overall", "Healthy", "Safe", "Capacity").
AREA_HEADING_WORDS: dict[str, str] = {
    "overall": "overall_effectiveness",
    "healthy": "being_healthy",
    "health": "being_healthy",
    "safe": "staying_safe",
    "safety": "staying_safe",
    "capacity": "capacity_to_improve",
}


def inspection_area_label(framework: str, area: str) -> str:
    """'APA · Staying safe': an area with its inspection, where a list mixes them."""
    return f"{framework} · {AREA_LABELS.get(area, area)}"


def first_area(text: str) -> str | None:
    """The area a label names first (or abbreviates, as the whole label: "SS", "E&A"), or None."""
    match = ANY_AREA.search(text)
    if match:
        return match.lastgroup
    label = text.strip(" *:.()")
    return AREA_ABBREVIATIONS.get(label) or AREA_HEADING_WORDS.get(label.casefold())


def area_key(name: str) -> str | None:
    """Canonical key for an area name from any source ("Be Healthy", "staying safe")."""
    if name in AREA_LABELS:
        return name
    return first_area(name)
