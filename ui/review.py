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
from ui import changes, corrections, report
from ui.changes import folders, pressed
from ui.data import database_path, query
from vocabulary.frameworks import YEARS

TEXT_SHOWN = 3000  # lines of a document drawn in its text view; the grades' own lines are always among them


def waiting() -> list[Path]:
    """The uploads awaiting review, oldest first."""
    return desk.staged(folders()[0])


def uploader() -> None:
    """Take one or many files; each readable one is staged for review, each other reported by name with the reason."""
    round_ = st.session_state.setdefault("upload_round", 0)
    files = st.file_uploader(
        f"Documents (TXT, MD, HTML, PDF or DOCX, up to {desk.MAX_FILE_MB} MB each; a scanned PDF, read by OCR, up to "
        f"{desk.MAX_PDF_MB} MB)",
        type=[kind.lstrip(".") for kind in desk.KINDS],
        accept_multiple_files=True,
        key=f"uploader-{round_}",
    )
    for problem in st.session_state.get("upload_problems", []):
        st.error(problem, icon=":material/error:")
    if not files:
        return
    stored = dict(zip(*query(queries.documents)[["sha256", "file_name"]].T.values))
    problems = changes.stage_files([(file.name, file.getvalue()) for file in files], _read_staged, stored)
    st.session_state["upload_problems"] = problems
    st.session_state["upload_round"] = round_ + 1  # a new, empty uploader: what was taken is listed below
    st.rerun()


def _read_staged(staged: Path) -> desk.Document:
    """Read as it is staged, a scan's pages counted as OCR reads them; kept for this session's review, which reuses it."""
    bar = st.empty()
    shown = lambda done, total: bar.progress(done / total, text=f"Reading {staged.name} by OCR: page {done} of {total}")  # noqa: E731
    document = desk.read_document(staged, on_ocr_page=shown)
    bar.empty()
    st.session_state.setdefault("read_here", {})[(str(staged), staged.stat().st_mtime_ns)] = document
    return document


def _document(path: Path) -> desk.Document:
    """A document waiting for review, read once: every click reruns the page, and a PDF is slow to read (a scan above
    all). What this session read as it staged it, else Streamlit's cache."""
    modified = path.stat().st_mtime_ns
    return st.session_state.get("read_here", {}).get((str(path), modified)) or _read(str(path), modified)


@st.cache_data(show_spinner=False, max_entries=64)
def _read(path: str, modified_ns: int) -> desk.Document:
    return desk.read_document(Path(path))


def review_document(path: Path, stored: bool) -> None:
    """One document: what the extractor found and did not take, the choices it needs, and Load / Discard."""
    _, store = folders()
    try:
        document = _document(path)
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
        elif reviewed.chosen and pressed(st, "Change the authority or year chosen", "unchoose", key, icon=":material/edit:"):
            changes.change_choice(document)
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
        _scanned_pages(path, result.rows)
        corrections.corrections(document, result.rows, key)
        _not_taken(reviewed.not_taken, key)
        _text_view(document.lines, corrections.marked_lines(result.rows), opened=not result.rows)
        load_column, discard_column = st.columns(2)
        loadable = len(rows) and not reviewed.needs
        if loadable and pressed(load_column, "Load the ticked grades", "load", key, type="primary", icon=":material/upload:"):
            changes.load_confirmed(path, stored, document.sha256, result.rows, list(edited[tables.COLUMN_LABELS["load"]]))
        if not stored and pressed(discard_column, "Discard this document", "discard", key, icon=":material/delete:"):
            changes.discard(path)


def _scanned_pages(path: Path, rows: list[dict]) -> None:
    """Each scanned page grades were read from by OCR, beside a line saying which: a person checks them before loading."""
    for number in sorted({row["ocr_page"] for row in rows if row.get("ocr_page")}):
        numbers = [str(row["line"]) for row in rows if row.get("ocr_page") == number]
        lines = f"line {numbers[0]}" if len(numbers) == 1 else f"lines {', '.join(numbers[:-1])} and {numbers[-1]}"
        st.markdown(
            f"The grades on {lines} were read by OCR from page {number} of the scan, a picture of the page: check "
            "them against it before loading (untick or correct any it misread)."
        )
        st.image(desk.page_picture(path, number), caption=f"Page {number} of {path.name}", width=700)


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
        if changes.submitted("Save the choice", "choose", key):
            if ("authority" in needs and not code) or ("year" in needs and not year):
                st.error(f"Choose the {' and '.join(needs)} first.")
                return
            changes.save_choice(document, code or "", year)


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


def _text_view(lines: list[str], marked: set[int], opened: bool) -> None:
    """The numbered text, open where no grade was found: its line numbers are what a grade added by hand cites."""
    with st.expander("The document's text, with the grades' lines marked", expanded=opened):
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
        if not changes.submitted("Remove it and its grades", "remove", "documents"):
            return
        if not (chosen and sure):
            st.warning("Choose a document, and tick the box to say you are sure, then press Remove.")
            return
        changes.remove_document(chosen, Path(documents.set_index("sha256").loc[chosen, "path"]))


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
    columns = ["at", "who", "action", "file_name", "framework", "dfe_code", "judgement_area", "grade", "year", "line",
               "quote", "reason", "change", "sha256"]  # fmt: skip
    st.dataframe(shown[columns], hide_index=True, key="audit-table")
    report.table_downloads(shown[columns], "audit", "The audit: every decision", "audit", ["Newest first."])
