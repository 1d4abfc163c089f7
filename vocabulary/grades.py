"""The grade scale: 1-4, higher is better, ordered categories; and the words documents and charts write them in."""

from __future__ import annotations

GRADES = (4, 3, 2, 1)  # best first, as keys and scales list them
GRADE_LABELS: dict[int, str] = {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}
# Every word a document grades with: 2005-06 letters say "excellent" for 4 and some "satisfactory" for 2; 2005 news
# wrote "very good" for 4 and "poor" for 1.
GRADE_WORDS: dict[str, int] = {
    "outstanding": 4,
    "excellent": 4,
    "very good": 4,
    "good": 3,
    "adequate": 2,
    "satisfactory": 2,
    "inadequate": 1,
    "poor": 1,
}
# A regex alternative for any grade word; "inadequate" before "adequate", so the longer word wins.
GRADE_WORD_PATTERN = "(?:" + "|".join(sorted(GRADE_WORDS, key=len, reverse=True)) + ")"
NUMBER_WORDS: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4}
GOOD_OR_BETTER = 3  # the share "good or better" counts grades from here up

SCALE_SENTENCE = "Grades: 4 outstanding, 3 good, 2 adequate, 1 inadequate (higher is better)"
CPA_SCALE_SENTENCE = "Audit Commission CPA children and young people score, out of 4 (4 best), as published"


def out_of_four(score: int | str) -> str:
    """The Audit Commission's CPA score as it was published: '3 out of 4'."""
    return f"{score} out of 4"


def grade_label(grade: int, framework: str = "APA") -> str:
    """'3 good' wherever a grade is written out; a CPA score as published, '3 out of 4'."""
    return out_of_four(grade) if framework == "CPA" else f"{grade} {GRADE_LABELS[grade]}"


def grade_word(grade: int, framework: str = "APA") -> str:
    """'good' in a sentence; a CPA score as published, '3 out of 4'."""
    return out_of_four(grade) if framework == "CPA" else GRADE_LABELS[grade]


def scale_sentence(framework: str) -> str:
    """The sentence under a chart that says how its grades read."""
    return CPA_SCALE_SENTENCE if framework == "CPA" else SCALE_SENTENCE
