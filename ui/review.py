"""The Add documents page's parts: stage uploads, review each document's grades beside its words, load what is confirmed.

Everything here reaches the ETL through its one door, etl.desk, which writes what the user decides beside the
document store before the database is rebuilt, so a rebuild gives back exactly what was confirmed.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import streamlit as st

from etl import desk
from insight import queries, tables, words
from ui import access
from ui.data import database_path, query
from vocabulary.areas import AREAS_BY_FRAMEWORK, inspection_area_label, judged
from vocabulary.frameworks import ROUNDS, YEARS, is_round
from vocabulary.grades import GRADES, grade_label

TEXT_SHOWN = 3000  # lines of a document drawn in its text view; the grades' own lines are always among them


def pressed(place, label: str, action: str, key: str, **options) -> bool:
    """A button whose press is read through a callback, so a rerun before the page reaches it never loses it."""
    place.button(label, key=f"{action}-{key}", on_click=_ask, args=(action, key), **options)
    return _asked(action, key)


def submitted(label: str, action: str, key: str) -> bool:
    """A form's submit button, read the same way."""
    st.form_submit_button(label, on_click=_ask, args=(action, key))
    return _asked(action, key)


def _ask(action: str, key: str) -> None:
    st.session_state["asked"] = (action, key)


def _asked(action: str, key: str) -> bool:
    if st.session_state.get("asked") != (action, key):
        return False
    del st.session_state["asked"]
    return True


def folders() -> tuple[Path, Path]:
    """(uploads awaiting review, the document store), both beside the database the dashboard reads."""
    return desk.folders(database_path())


def waiting() -> list[Path]:
    """The uploads awaiting review, oldest first."""
    return desk.staged(folders()[0])


def uploader() -> None:
    """Take one or many files; each readable one is staged for review, each other reported by name with the reason."""
    round_ = st.session_state.setdefault("upload_round", 0)
    files = st.file_uploader(
        f"Documents (TXT, MD, HTML, PDF or DOCX, up to {desk.MAX_FILE_MB} MB each)",
        type=[kind.lstrip(".") for kind in desk.KINDS],
        accept_multiple_files=True,
        key=f"uploader-{round_}",
    )
    for problem in st.session_state.get("upload_problems", []):
        st.error(problem, icon=":material/error:")
    if not files:
        return
    who = access.refuse_unless_editor()
    if who is None:
        return
    uploads, _ = folders()
    stored = dict(zip(*query(queries.documents)[["sha256", "file_name"]].T.values))
    problems, bar = [], st.progress(0.0, text="Reading the documents…")
    for number, file in enumerate(files, start=1):
        bar.progress(number / len(files), text=f"Reading {file.name} ({number} of {len(files)})")
        try:
            staged = desk.stage_upload(uploads, file.name, file.getvalue(), who)
        except desk.RefusedUpload as refused:
            problems.append(str(refused))
            continue
        try:
            document = _read(str(staged), staged.stat().st_mtime_ns)  # read once: the review below reuses it
        except desk.UnreadableDocument as unreadable:
            problems.append(f"{file.name}: {unreadable}")
            desk.discard_upload(staged, who)
            continue
        if document.sha256 in stored:
            problems.append(f"{file.name}: already added, as {stored[document.sha256]}: remove that one first to add it again")
            desk.discard_upload(staged, who)
    st.session_state["upload_problems"] = problems
    st.session_state["upload_round"] = round_ + 1  # a new, empty uploader: what was taken is listed below
    st.rerun()


@st.cache_data(show_spinner=False, max_entries=64)
def _read(path: str, modified_ns: int) -> desk.Document:
    """A document read once while it waits for review: every click reruns the page, and a PDF is slow to read."""
    return desk.read_document(Path(path))


def review_document(path: Path, stored: bool) -> None:
    """One document: what the extractor found and did not take, the choices it needs, and Load / Discard."""
    _, store = folders()
    try:
        document = _read(str(path), path.stat().st_mtime_ns)
    except (desk.UnreadableDocument, OSError) as unreadable:
        st.error(f"{path.name}: {unreadable}", icon=":material/error:")
        return
    reviewed = desk.review(document, store)
    result, key = reviewed.result, document.sha256[:12]
    with st.container(border=True, key=f"review-{key}"):
        st.subheader(path.name, anchor=False)
        st.markdown(_found_line(reviewed))
        if reviewed.needs:
            _choose(document, reviewed.needs, key)
        elif (
            reviewed.chosen
            and pressed(st, "Change the authority or year chosen", "unchoose", key, icon=":material/edit:")
            and (who := access.refuse_unless_editor())
        ):
            desk.unchoose(store, document, who)
            st.rerun()
        rows = tables.review_rows(result.rows, query(queries.loaded_grades, _codes(result.rows)), document.sha256)
        rows["load"] = [not rejected for rejected in reviewed.rejected]
        if len(rows):
            edited = st.data_editor(
                rows.rename(columns=tables.COLUMN_LABELS),
                hide_index=True,
                disabled=[tables.COLUMN_LABELS[column] for column in tables.REVIEW_COLUMNS if column != "load"],
                key=f"grades-{key}",
            )
            for row in rows[rows["already_loaded"] != ""].itertuples():
                st.warning(
                    words.as_text(
                        f"{row.area_label} {row.year}: this document says {row.grade_label}, which {row.already_loaded}."
                    )
                    + " Both will be kept and shown as a conflict, never resolved."
                )
        _corrections(document, result.rows, key)
        _not_taken(reviewed.not_taken, key)
        _text_view(document.lines, marked_lines(result.rows), key)
        load_column, discard_column = st.columns(2)
        loadable = len(rows) and not reviewed.needs
        if loadable and pressed(load_column, "Load the ticked grades", "load", key, type="primary", icon=":material/upload:"):
            _load_confirmed(path, stored, document.sha256, result.rows, list(edited[tables.COLUMN_LABELS["load"]]))
        discarding = not stored and pressed(discard_column, "Discard this document", "discard", key, icon=":material/delete:")
        if discarding and (who := access.refuse_unless_editor()):
            desk.discard_upload(path, who)
            st.rerun()


def _found_line(reviewed: desk.Review) -> str:
    """What the extractor made of the document, in one sentence (its own words escaped, never Markdown that runs)."""
    result = reviewed.result
    if result.error:
        return (
            f"**No grades found**: {words.as_text(result.error)}. If the document does state a grade, add it below from "
            "its text; what looked like a grade and was not taken, and why, is listed below."
        )
    places = sorted(
        {f"{row['authority'] or '(authority not named)'} {row['year'] or '(year not stated)'}" for row in result.rows}
    )
    found = f"**Found {len(result.rows)} grade{'s' * (len(result.rows) != 1)}** for {words.as_text(', '.join(places))}"
    if reviewed.needs:
        why = result.held_back_reason or "some grades lack an authority or year"
        return f"{found}. **Held back**: {words.as_text(why)}. Name it below."
    return f"{found} ({words.as_text(result.authority_note)}). Untick any grade that is wrong, then load."


def _codes(rows: list[dict]) -> list[str]:
    return sorted({row["dfe_code"] for row in rows if row["dfe_code"]})


def _choose(document, needs: list[str], key: str) -> None:
    """The authority and year the document does not state, picked from the lists (never guessed) and stored."""
    _, store = folders()
    authorities = query(queries.authorities)
    names = dict(zip(authorities["dfe_code"], authorities["name"]))
    with st.form(f"choose-{key}"):
        st.markdown(f"The document does not state its **{' or '.join(needs)}**. Choose from the lists:")
        code = (
            st.selectbox("Authority", list(names), format_func=names.get, index=None, key=f"la-{key}")
            if ("authority" in needs)
            else ""
        )
        year = st.selectbox("Year of the assessment", YEARS, index=None, key=f"year-{key}") if "year" in needs else None
        if submitted("Save the choice", "choose", key):
            if ("authority" in needs and not code) or ("year" in needs and not year):
                st.error(f"Choose the {' and '.join(needs)} first.")
                return
            if who := access.refuse_unless_editor():
                desk.choose(store, document, code or "", year, who)
                st.rerun()


MAX_PASSAGE = 10  # lines: a grade is stated in a sentence or two, not a page


def _corrections(document, rows: list[dict], key: str) -> None:
    """Change a found grade, or add one the extractor missed from the document's text: each with a short reason."""
    title = "Correct a grade, or add one the extractor missed" if rows else "Add a grade the extractor missed"
    with st.expander(title, expanded=not rows):
        if rows:
            _correct_form(document, rows, key)
        _add_form(document, key)


def _correct_form(document, rows: list[dict], key: str) -> None:
    with st.form(f"correct-{key}"):
        st.markdown("**Correct a grade found**: choose it, then only what is wrong.")
        which = st.selectbox("Grade", range(len(rows)), format_func=lambda i: _row_label(rows[i]), key=f"correct-row-{key}")
        fields = _grade_fields(f"correct-{key}", required=False)
        reason = st.text_input("Why (kept in the audit)", max_chars=200, key=f"correct-reason-{key}")
        if not submitted("Save the correction", "correct", key):
            return
        row = rows[which]
        change = {name: value for name, value in fields.items() if value not in (None, "")}
        merged = {**{name: row[name] for name in ("framework", "judgement_area", "grade", "year", "dfe_code")}, **change}
        problem = ("Choose what to change." if not change else "") or _problem(merged) or _reason_missing(reason)
        if problem:
            st.error(problem)
        elif who := access.refuse_unless_editor():
            desk.correct(folders()[1], document, row, change, who, reason.strip())
            st.rerun()


def _add_form(document, key: str) -> None:
    with st.form(f"add-{key}"):
        st.markdown(
            "**Add a grade the extractor missed**: the lines that state it (numbered in the text below), then what they say."
        )
        first, last = st.columns(2)
        bounds = {"min_value": 1, "max_value": max(1, len(document.lines)), "step": 1, "value": None}
        first_line = first.number_input("From line", key=f"add-first-{key}", **bounds)
        last_line = last.number_input("To line (the same for one line)", key=f"add-last-{key}", **bounds)
        fields = _grade_fields(f"add-{key}", required=True)
        reason = st.text_input("Why (kept in the audit)", max_chars=200, key=f"add-reason-{key}")
        if not submitted("Add the grade", "add", key):
            return
        passage = passage_of(document.lines, first_line, last_line)
        problem = (
            (passage if isinstance(passage, str) and passage.startswith("Choose") else "")
            or ("Choose the area, grade, year and authority." if None in fields.values() else "")
            or _problem(fields)
            or _reason_missing(reason)
        )
        if problem:
            st.error(problem)
        elif who := access.refuse_unless_editor():
            grade = {**fields, "first_line": int(first_line), "last_line": int(last_line), "quote": passage}
            desk.add(folders()[1], document, grade, who, reason.strip())
            st.rerun()


def passage_of(lines: list[str], first: int | None, last: int | None) -> str:
    """The words of lines first to last, or a sentence saying why they cannot be a grade's passage."""
    if first is None or last is None or not 1 <= first <= last <= len(lines):
        return f"Choose the lines that state the grade: from one line to the same or a later one, within 1-{len(lines)}."
    if last - first + 1 > MAX_PASSAGE:
        return f"Choose the lines that state the grade: at most {MAX_PASSAGE} lines."
    words = " ".join(" ".join(line.split()) for line in lines[first - 1 : last]).strip()
    return words or "Choose the lines that state the grade: these are blank."


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


def _not_taken(not_taken: pd.DataFrame, key: str) -> None:
    with st.expander(f"Grades not taken ({len(not_taken)}): the words that looked like a grade and why they are not one"):
        if not_taken.empty:
            st.caption("The extractor saw nothing else that looked like a grade. It can miss one: add it above.")
            return
        st.dataframe(
            not_taken.rename(columns=tables.COLUMN_LABELS),
            hide_index=True,
            key=f"not-taken-{key}",
        )


def _text_view(lines: list[str], marked: set[int], key: str) -> None:
    with st.expander("The document's text, with the grades' lines marked"):
        st.html(highlighted_text(lines, marked))


def highlighted_text(lines: list[str], marked: set[int], limit: int = TEXT_SHOWN) -> str:
    """The document's numbered lines as escaped HTML, the grades' lines marked; only text, never markup that runs."""
    shown = sorted(set(range(1, min(len(lines), limit) + 1)) | {line for line in marked if 1 <= line <= len(lines)})
    rows = []
    for number in shown:
        text = html.escape(lines[number - 1]) or "&nbsp;"
        body = f"<mark>{text}</mark>" if number in marked else text
        rows.append(f'<span style="color:#555;user-select:none">{number:>5}</span>  {body}')
    more = f"\n… {len(lines) - limit} more lines not shown" if len(lines) > limit else ""
    return (
        '<pre style="max-height:24rem;overflow:auto;white-space:pre-wrap;font-size:0.8rem">'
        + "\n".join(rows)
        + html.escape(more)
        + "</pre>"
    )


def _load_confirmed(path: Path, stored: bool, sha256: str, rows: list[dict], ticked: list[bool]) -> None:
    """Store the document and each grade's confirm or reject, then rebuild; a failed rebuild takes it all back."""
    who = access.refuse_unless_editor()
    if who is None:
        return
    try:
        desk.confirm(path, stored, sha256, rows, ticked, who, database_path(), _progress(f"Loading {path.name}"))
    except desk.LoadFailed as error:
        st.error(f"{path.name} was not loaded, and the data is unchanged: {error}")
        return
    st.session_state["loaded_message"] = f"{path.name}: {sum(ticked)} of {len(rows)} grades loaded."
    loaded = [row["dfe_code"] for row, yes in zip(rows, ticked) if yes and row["dfe_code"]]
    st.session_state["loaded_for"] = loaded[:1]  # whose profile the message links to
    st.rerun()


def _progress(what: str):
    """A progress bar for a rebuild: 'Loading x.pdf: 3 of 12'."""
    bar = st.progress(0.0, text=what)
    return lambda n, total: bar.progress(n / total, text=f"{what}: {n} of {total}")


def stored_documents(editing: bool) -> None:
    """Every stored document with its grades; for an editor, a held-back one opened for its choices, any one opened
    to correct its grades, and each removable. Others see only the loaded ones: a held-back paper may be unpublished."""
    documents = query(queries.documents)
    if not editing:
        documents = documents[documents["status"] == "loaded"]
    if documents.empty:
        st.caption("No documents added yet.")
        return
    st.dataframe(
        tables.for_display(documents, ["file_name", "status", "authority", "grades", "reason", "loaded_at"]).rename(
            columns=tables.COLUMN_LABELS
        ),
        hide_index=True,
        key="stored-documents",
    )
    if not editing:
        return
    for document in documents.itertuples():
        if document.status == "held_back":
            review_document(Path(document.path), stored=True)
    names = dict(zip(documents["sha256"], documents["file_name"]))
    opened = st.selectbox("Open a document to correct its grades", list(names), index=None, format_func=names.get,
                          key="open-document")  # fmt: skip
    if opened and documents.set_index("sha256").loc[opened, "status"] != "held_back":
        review_document(Path(documents.set_index("sha256").loc[opened, "path"]), stored=True)
    with st.form("remove"):
        chosen = st.selectbox(
            "Remove a document",
            list(documents["sha256"]),
            index=None,
            key="remove-document",
            format_func=dict(zip(documents["sha256"], documents["file_name"])).get,
        )
        sure = st.checkbox("Yes, remove it: its grades leave every page", key="remove-sure")
        if not submitted("Remove it and its grades", "remove", "documents"):
            return
        if not (chosen and sure):
            st.warning("Choose a document, and tick the box to say you are sure, then press Remove.")
            return
        who = access.refuse_unless_editor()
        if who is None:
            return
        document = documents.set_index("sha256").loc[chosen]
        desk.remove(chosen, Path(document["path"]), database_path(), who, _progress(f"Removing {document['file_name']}"))
        st.session_state["loaded_message"] = f"{document['file_name']} removed, with its grades."
        st.rerun()


def audit_view() -> None:
    """Every decision, newest first, filterable by person and document, and downloadable as CSV."""
    table = desk.audit_table(database_path())
    if table.empty:
        st.caption("Nothing decided yet.")
        return
    people, documents = st.columns(2)
    who = people.multiselect("Who", sorted(set(table["who"])), key="audit-who")
    which = documents.multiselect("Document", sorted(set(table["file_name"]) - {""}), key="audit-document")
    shown = table[table["who"].isin(who or table["who"]) & table["file_name"].isin(which or table["file_name"])]
    st.dataframe(shown, hide_index=True, key="audit-table")
    st.download_button("Download the audit (CSV)", shown.to_csv(index=False), "audit.csv", "text/csv", key="audit-csv",
                       icon=":material/download:")  # fmt: skip
