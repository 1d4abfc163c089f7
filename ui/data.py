"""Streamlit's access to the database: query results cached by every input, the database file's identity included.

A load replaces the database file while the dashboard runs. DuckDB hands back one in-process
database per path for as long as any connection to it is open, so a connection kept open would
go on reading the replaced file. Each query that misses the cache therefore attaches the file
in a fresh in-memory database, read-only, and closes it after: the next page load or rerun sees
the new file, and a load in progress (which writes a new file aside) is never locked out.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from types import FunctionType
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from etl import desk
from insight import queries
from insight.assembly import Chart

R = TypeVar("R")
FileIdentity = tuple[int, int, int]  # (inode, size, modification time in ns): a rebuilt database is a new one


def _qualified_name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs={FunctionType: _qualified_name})
def _run(function: Callable, path: str, identity: FileIdentity, *args):
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{path.replace(chr(39), chr(39) * 2)}' AS dashboard (READ_ONLY)")
        con.execute("USE dashboard")
        return function(con, *args)


def _rows_bytes(frame: pd.DataFrame) -> bytes:
    """A chart's rows as the cache tells them apart: pickled at once (Streamlit's own hashing of rows holding lists
    fails, warns, then pickles them anyway)."""
    return pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)


@st.cache_resource(
    show_spinner=False, max_entries=256, ttl=3600, hash_funcs={FunctionType: _qualified_name, pd.DataFrame: _rows_bytes}
)
def _chart(build: Callable[..., Chart], built: str, *args) -> Chart:
    return build(*args, built=built)


def chart(build: Callable[..., Chart], *args) -> Chart:
    """A finished chart from a spec of insight.specs, built once for the same rows and options.

    Reruns that change nothing in a chart (a download, an opened table, a filter set back) reuse it:
    building a figure costs far more than drawing it. Placing a chart never changes it (a test checks),
    so one object can serve every session; the hour's limit keeps its source line's date current.
    Every chart says when the data it draws was built.
    """
    return _chart(build, built_on(), *args)


def built_on() -> str:
    """When the database was built, as a chart's source line says it: '2 December 2026'."""
    info = query(queries.load_info)
    return f"{info['loaded_at']:%-d %B %Y}" if info else ""


def query(function: Callable[..., R], *args) -> R:
    """Run a function of insight.queries on the database, cached until the database is rebuilt."""
    path = database_path()
    return _run(function, str(path), _identity(path), *args)


def database_path() -> Path:
    """The database the dashboard reads, or stop the page with what to do when there is none."""
    path = desk.database_path()
    if not path.exists():
        st.error(
            f"No database at `{path}` yet. Build it from the bundled data with "
            "`.venv/bin/python -m etl load` (scripts/dashboard.sh does this for you), then reload this page."
        )
        st.stop()
    return path


def database_identity() -> FileIdentity:
    """The database file's identity: a rebuild makes a new one, so what is cached by it is drawn again."""
    return _identity(database_path())


def _identity(path: Path) -> FileIdentity:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns
