"""Every change the Add documents page makes to the data, each refused here, on the server, unless an editor asks.

Hiding a control is not the check: each function below asks `access.refuse_unless_editor()` before it reaches the
ETL's door (etl.desk), which records who did what in the audit. The buttons that ask for a change are read through a
callback, so a rerun before the page reaches them never loses a press.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from etl import desk
from ui import access
from ui.data import database_path


def pressed(place, label: str, action: str, key: str, **options) -> bool:
    """A button whose press is read through a callback."""
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


def stage_files(files: list[tuple[str, bytes]], read, stored: dict[str, str]) -> list[str]:
    """Stage each upload for review (read once with `read`); the problems, a line each, for the ones that cannot be."""
    who = access.refuse_unless_editor()
    if who is None:
        return []
    uploads, _ = folders()
    problems, bar = [], st.progress(0.0, text="Reading the documents…")
    for number, (name, data) in enumerate(files, start=1):
        bar.progress(number / len(files), text=f"Reading {name} ({number} of {len(files)})")
        try:
            staged = desk.stage_upload(uploads, name, data, who)
        except desk.RefusedUpload as refused:
            problems.append(str(refused))
            continue
        try:
            document = read(staged)
        except desk.UnreadableDocument as unreadable:
            problems.append(f"{name}: {unreadable}")
            desk.discard_upload(staged, who)
            continue
        if document.sha256 in stored:
            problems.append(f"{name}: already added, as {stored[document.sha256]}: remove that one first to add it again")
            desk.discard_upload(staged, who)
    return problems


def discard(path: Path) -> None:
    if who := access.refuse_unless_editor():
        desk.discard_upload(path, who)
        st.rerun()


def save_choice(document: desk.Document, dfe_code: str, year: int | None) -> None:
    if who := access.refuse_unless_editor():
        desk.choose(folders()[1], document, dfe_code, year, who)
        st.rerun()


def change_choice(document: desk.Document) -> None:
    if who := access.refuse_unless_editor():
        desk.unchoose(folders()[1], document, who)
        st.rerun()


def save_correction(document: desk.Document, row: dict, change: dict, reason: str) -> None:
    if who := access.refuse_unless_editor():
        desk.correct(folders()[1], document, row, change, who, reason.strip())
        st.rerun()


def add_grade(document: desk.Document, grade: dict, reason: str) -> None:
    if who := access.refuse_unless_editor():
        desk.add(folders()[1], document, grade, who, reason.strip())
        st.rerun()


def load_confirmed(path: Path, stored: bool, sha256: str, rows: list[dict], ticked: list[bool]) -> None:
    """Store the document and each grade's confirm or reject, then rebuild; a failed rebuild takes it all back."""
    who = access.refuse_unless_editor()
    if who is None:
        return
    marker = folders()[0] / f".loading-{sha256}"  # left behind only where the run stops mid-load (a reload, a closed tab)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(path.name)
    try:
        desk.confirm(path, stored, sha256, rows, ticked, who, database_path(), _progress(f"Loading {path.name}"))
    except desk.LoadFailed as error:
        marker.unlink()
        st.error(f"{path.name} was not loaded, and the data is unchanged: {error}")
        return
    marker.unlink()
    st.session_state["loaded_message"] = f"{path.name}: {sum(ticked)} of {len(rows)} grades loaded."
    loaded = [row["dfe_code"] for row, yes in zip(rows, ticked) if yes and row["dfe_code"]]
    st.session_state["loaded_for"] = loaded[:1]  # whose profile the message links to
    st.rerun()


def finish_cut_short_loads() -> list[str]:
    """The documents whose load a reload or a closed tab cut short, said once on the next visit; the data is rebuilt
    from what is stored, so none of what was confirmed is lost and nothing half-done stays."""
    markers = sorted(folders()[0].glob(".loading-*"))
    if not markers or access.refuse_unless_editor() is None:
        return []
    names = [marker.read_text() for marker in markers]
    desk.rebuild(database_path(), _progress("Finishing the load that was cut short"))
    for marker in markers:
        marker.unlink(missing_ok=True)
    return names


def remove_document(sha256: str, path: Path) -> None:
    """Take a document and its grades out (the audit keeps its history), then rebuild."""
    if who := access.refuse_unless_editor():
        desk.remove(sha256, path, database_path(), who, _progress(f"Removing {path.name}"))
        st.session_state["loaded_message"] = f"{path.name} removed, with its grades."
        st.rerun()


def add_indicators(upload: tuple[str, bytes], definitions: bytes | None) -> None:
    """Check and load an indicator file; what loaded and each refused row's reason are shown after the rebuild."""
    if who := access.refuse_unless_editor():
        try:
            checked = desk.add_indicator_file(database_path(), upload, definitions, who, _progress(f"Loading {upload[0]}"))
        except desk.LoadFailed as error:
            st.error(f"{upload[0]} was not loaded, and the data is unchanged: {error}")
            return
        st.session_state["indicators_added"] = (
            upload[0],
            len(checked.rows),
            checked.rows["indicator_id"].nunique(),
            checked.problems,
        )
        st.rerun()


def remove_indicators(name: str) -> None:
    if who := access.refuse_unless_editor():
        desk.remove_indicator_file(database_path(), name, who, _progress(f"Removing {name}"))
        st.session_state["loaded_message"] = f"{name} removed, with its values."
        st.rerun()


def add_neighbours(upload: tuple[str, bytes], model: str, model_date: str) -> None:
    """Place and load a statistical neighbour list; what could not be placed is shown after the rebuild."""
    if who := access.refuse_unless_editor():
        try:
            placed = desk.add_neighbour_list(database_path(), upload, model, model_date, who, _progress(f"Loading {upload[0]}"))
        except desk.LoadFailed as error:
            st.error(f"{upload[0]} was not loaded, and the data is unchanged: {error}")
            return
        st.session_state["neighbours_added"] = (upload[0], placed.rows["dfe_code"].nunique(), placed.problems, placed.placements)
        st.rerun()


def remove_neighbours() -> None:
    if who := access.refuse_unless_editor():
        desk.remove_neighbour_list(database_path(), who, _progress("Removing the neighbour list"))
        st.session_state["loaded_message"] = "The statistical neighbour list is no longer used."
        st.rerun()


def _progress(what: str):
    """A progress bar for a rebuild: 'Loading x.pdf: 3 of 12 documents read, about 10 s left'."""
    bar, started = st.progress(0.0, text=what), time.monotonic()

    def show(done: int, total: int) -> None:
        left = desk.time_left(done, total, started)
        bar.progress(done / total, text=f"{what}: {done} of {total} documents read" + (f", {left}" if left else ""))

    return show
