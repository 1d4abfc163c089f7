"""Corrections in the review: change a found grade's area, grade, year or authority, or add a grade the extractor
missed by the lines of the text that state it; each picked from lists, each with a short reason for the audit."""

from __future__ import annotations

import streamlit as st

from insight import queries
from ui import changes
from ui.data import query
from vocabulary.areas import AREAS_BY_FRAMEWORK, inspection_area_label, judged
from vocabulary.frameworks import ROUNDS, is_round
from vocabulary.grades import GRADES, grade_label

MAX_PASSAGE = 10  # lines: a grade is stated in a sentence or two, not a page


def corrections(document, rows: list[dict], key: str) -> None:
    """Change a found grade, or add one the extractor missed from the document's text: each with a short reason."""
    title = "Correct a grade, or add one the extractor missed" if rows else "Add a grade the extractor missed"
    with st.expander(title, expanded=not rows):
        if rows:
            _correct_form(document, rows, key)
        _add_form(document, key)


def _correct_form(document, rows: list[dict], key: str) -> None:
    with st.form(f"correct-{key}", clear_on_submit=True):  # a saved choice is not left to be applied again
        st.markdown("**Correct a grade found**: choose it, then only what is wrong.")
        which = st.selectbox("Grade", range(len(rows)), format_func=lambda i: _row_label(rows[i]), key=f"correct-row-{key}")
        fields = _grade_fields(f"correct-{key}", required=False)
        reason = st.text_input("Why (kept in the audit)", max_chars=200, key=f"correct-reason-{key}")
        if not changes.submitted("Save the correction", "correct", key):
            return
        row = rows[which]
        change = {name: value for name, value in fields.items() if value not in (None, "")}
        merged = {**{name: row[name] for name in ("framework", "judgement_area", "grade", "year", "dfe_code")}, **change}
        problem = ("Choose what to change." if not change else "") or _problem(merged) or _reason_missing(reason)
        if problem:
            st.error(problem)
        else:
            changes.save_correction(document, row, change, reason)


def _add_form(document, key: str) -> None:
    with st.form(f"add-{key}", clear_on_submit=True):
        st.markdown(
            "**Add a grade the extractor missed**: the lines that state it (numbered in the text below), then what they say."
        )
        first, last = st.columns(2)
        bounds = {"min_value": 1, "max_value": max(1, len(document.lines)), "step": 1, "value": None}
        first_line = first.number_input("From line", key=f"add-first-{key}", **bounds)
        last_line = last.number_input("To line (the same for one line)", key=f"add-last-{key}", **bounds)
        fields = _grade_fields(f"add-{key}", required=True)
        reason = st.text_input("Why (kept in the audit)", max_chars=200, key=f"add-reason-{key}")
        if not changes.submitted("Add the grade", "add", key):
            return
        try:
            passage = passage_of(document.lines, first_line, last_line)
        except ValueError as why:
            st.error(str(why))
            return
        missing = "Choose the area, grade, year and authority." if None in fields.values() else ""
        problem = missing or _problem(fields) or _reason_missing(reason)
        if problem:
            st.error(problem)
        else:
            changes.add_grade(
                document, {**fields, "first_line": int(first_line), "last_line": int(last_line), "quote": passage}, reason
            )


def passage_of(lines: list[str], first: int | None, last: int | None) -> str:
    """The words of lines first to last; ValueError says why they cannot be a grade's passage."""
    if first is None or last is None or not 1 <= first <= last <= len(lines):
        raise ValueError(f"Choose the lines that state the grade: from a line to the same or a later one, of 1-{len(lines)}.")
    if last - first + 1 > MAX_PASSAGE:
        raise ValueError(f"Choose the lines that state the grade: at most {MAX_PASSAGE} lines.")
    words = " ".join(" ".join(line.split()) for line in lines[first - 1 : last]).strip()
    if not words:
        raise ValueError("Choose the lines that state the grade: these are blank.")
    return words


def _grade_fields(prefix: str, required: bool) -> dict:
    """The framework and area, grade, year and authority of a grade, each picked from a list (None: not picked)."""
    pairs = [(framework, area) for framework in ("APA", "JAR") for area in AREAS_BY_FRAMEWORK[framework]]
    authorities = query(queries.authorities)
    names = dict(zip(authorities["dfe_code"], authorities["name"]))
    keep = "" if required else " (leave empty to keep)"
    area_column, grade_column, year_column, authority_column = st.columns(4)
    pair = area_column.selectbox(f"Inspection and area{keep}", pairs, index=None, key=f"{prefix}-area",
                                 format_func=lambda p: inspection_area_label(*p))  # fmt: skip
    grade = grade_column.selectbox(f"Grade{keep}", GRADES, index=None, key=f"{prefix}-grade",
                                   format_func=lambda g: f"{g} {grade_label(g)}")  # fmt: skip
    years = sorted({year for framework in ("APA", "JAR") for year in ROUNDS[framework]})
    year = year_column.selectbox(f"Year{keep}", years, index=None, key=f"{prefix}-year")
    code = authority_column.selectbox(f"Authority{keep}", list(names), index=None, format_func=names.get, key=f"{prefix}-la")
    framework, area = pair if pair else (None, None)
    return {"framework": framework, "judgement_area": area, "grade": grade, "year": year, "dfe_code": code}


def _problem(grade: dict) -> str:
    """Why a grade as chosen cannot be one the inspection gave ('' when it can)."""
    framework, area, year = grade["framework"], grade["judgement_area"], grade.get("year")
    if year not in (None, "") and not is_round(framework, int(year)):
        return f"There was no {framework} round in {year}."
    if not judged(framework, area, int(year) if year not in (None, "") else None):
        return f"The {framework} did not grade {inspection_area_label(framework, area)} in {year}."
    return ""


def _reason_missing(reason: str) -> str:
    return "" if reason.strip() else "Say in a few words why: the audit keeps it."


def _row_label(row: dict) -> str:
    area = inspection_area_label(row["framework"], row["judgement_area"])
    grade = grade_label(int(row["grade"]), row["framework"])
    return f"line {row['line']}: {area}, {grade} ({row['authority'] or 'no authority'}, {row['year'] or 'no year'})"


def marked_lines(rows: list[dict]) -> set[int]:
    """The lines each grade was read from, all of a passage added by hand."""
    return {number for row in rows for number in range(int(row["line"]), int(row.get("last_line") or row["line"]) + 1)}
