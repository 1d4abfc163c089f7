"""Streamlit's cached access to the database: one read-only connection, query results cached by their arguments."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from etl import default_db_path
from insight import queries


@st.cache_resource(show_spinner=False)
def _connection(path: str, stamp: float) -> duckdb.DuckDBPyConnection:
    """Opened once per database version (a new load gives a new stamp and so a new connection)."""
    return duckdb.connect(path, read_only=True)


def _run_through_navigation() -> None:
    """Make a page opened by its own URL before anyone opened the app's root run inside dashboard.py.

    Streamlit treats a folder called pages/ as the old automatic navigation until the entry point
    has once called st.navigation; a shared link to /compare on a fresh server would otherwise
    run the page alone, without the app's navigation and layout.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def database_stamp() -> float:
    """The database file's modification time, or stop the page with what to do when there is none."""
    _run_through_navigation()
    path = Path(default_db_path())
    if not path.exists():
        st.error(
            f"No database at `{path}` yet. Build it from the bundled data with "
            "`.venv/bin/python -m etl load` (scripts/dashboard.sh does this for you), then reload this page."
        )
        st.stop()
    return path.stat().st_mtime


@st.cache_data(show_spinner=False, max_entries=512)
def _run(name: str, stamp: float, args: tuple) -> pd.DataFrame | dict | list | tuple:
    cursor = _connection(str(default_db_path()), stamp).cursor()
    try:
        return getattr(queries, name)(cursor, *(list(a) if isinstance(a, tuple) else a for a in args))
    finally:
        cursor.close()


def query(name: str, *args):
    """Run queries.<name>(connection, *args), cached until the database is rebuilt."""
    frozen = tuple(tuple(a) if isinstance(a, list) else a for a in args)
    result = _run(name, database_stamp(), frozen)
    return result.copy() if isinstance(result, pd.DataFrame) else result
