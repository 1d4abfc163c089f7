"""Add documents' other tables: indicator files and the statistical neighbour list, what is in use, and for an editor
the forms that add them (each change through ui.changes: refused unless an editor asks, recorded in the audit)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import desk
from insight import queries, words
from ui import changes
from ui.data import database_path, query

INDICATOR_HELP = (
    "A CSV or Excel file, one value a row (columns indicator_id, dfe_code or authority, period or year, value) or one "
    "column a year. An indicator not in the catalogue needs its name, unit and polarity: as columns of the file, or in "
    "a definitions file (indicator_id, name, unit, polarity, outcome_area, definition, source). Rows that cannot load "
    "are listed with the reason; the others load."
)
NEIGHBOUR_HELP = (
    "The DfE's statistical neighbours in its published shape: a row for each authority (its code or name) and its "
    "ten neighbours in rank order (columns SN1 to SN10, or 1st to 10th neighbour), as the benchmarking workbook's "
    "sheet or a CSV of the same columns. Lists of 2009 or later name the authorities of their day: each is placed on "
    "its 2005-2008 authority where the area is the same, on the authorities it merged where it merged them, and "
    "reported where it was made from part of one. The list replaces the one in use."
)


def indicator_files(editing: bool) -> None:
    """The indicator files added, and for an editor the form that adds one and what became of its rows."""
    st.header("Indicator files", anchor=False)
    _said_about("indicators_added", _indicators_result)
    added = desk.indicator_files(database_path())
    if not added:
        st.caption("No indicator files added: the indicators shown are those bundled with the dashboard.")
    for name in added:
        shown, remove = st.columns([5, 1])
        shown.markdown(f"- {words.as_text(name)}")
        if editing and changes.pressed(remove, "Remove", "remove-indicators", name):
            changes.remove_indicators(name)
    if not editing:
        return
    with st.form("add-indicators", clear_on_submit=True):
        st.caption(INDICATOR_HELP)
        upload = st.file_uploader("Indicator file (CSV or Excel)", type=["csv", "xlsx"], key="indicator-file")
        definitions = st.file_uploader(
            "Its definitions (CSV, if not in the file itself)", type=["csv"], key="indicator-definitions"
        )
        if changes.submitted("Check and load the indicator file", "add-indicators", "form") and upload:
            changes.add_indicators((upload.name, upload.getvalue()), definitions.getvalue() if definitions else None)


def neighbour_list(editing: bool) -> None:
    """The neighbour list in use, and for an editor the form that replaces it and what could not be placed."""
    st.header("Statistical neighbours", anchor=False)
    _said_about("neighbours_added", _neighbours_result)
    model = query(queries.neighbour_model)
    if model["authorities"]:
        st.markdown(words.as_text(f"In use: {model['described']}, lists for {words.counted(model['authorities'], 'authority')}."))
        if editing and changes.pressed(st, "Stop using this list", "remove-neighbours", "in-use"):
            changes.remove_neighbours()
    else:
        st.caption("No statistical neighbour list is loaded, so Compare and the profile cannot compare with neighbours.")
    if not editing:
        return
    with st.form("add-neighbours", clear_on_submit=True):
        st.caption(NEIGHBOUR_HELP)
        upload = st.file_uploader("Neighbour list (CSV or Excel)", type=["csv", "xlsx"], key="neighbour-file")
        named, dated = st.columns(2)
        model_name = named.text_input("Model name", placeholder="DfE children's services statistical neighbours")
        model_date = dated.text_input("Published", placeholder="e.g. March 2008")
        if changes.submitted("Check and load the neighbour list", "add-neighbours", "form") and upload:
            changes.add_neighbours((upload.name, upload.getvalue()), model_name, model_date)


def _said_about(key: str, say) -> None:
    if key in st.session_state:
        say(*st.session_state.pop(key))


def _indicators_result(name: str, values: int, indicators: int, problems: list[str]) -> None:
    if values:
        st.success(f"{name}: {words.counted(values, 'value')} of {words.counted(indicators, 'indicator')} loaded.")
    _refused(problems, "row")


def _neighbours_result(name: str, lists: int, problems: list[str], placements: list[str]) -> None:
    if lists:
        st.success(f"{name}: neighbour lists for {words.counted(lists, 'authority')} loaded.")
    for placement in placements:
        st.info(words.as_text(placement), icon=":material/merge:")
    _refused(problems, "entry")


def _refused(problems: list[str], what: str) -> None:
    """Each refused row's reason, a line each, where there are any."""
    if problems:
        st.warning(f"{words.counted(len(problems), what)} could not be loaded; the reasons are below.")
        st.dataframe(pd.DataFrame({"Why it was not loaded": problems}), hide_index=True, key=f"refused-{what}")
