"""The append-only audit: every decision a person makes about the data, with who, when, what and why.

The audit is the record. A rebuild reads what is derived from it: the authority and year chosen for a document, and
each grade confirmed, rejected, corrected or added by hand (etl/decisions.py). So a rebuild from the store gives back
exactly what was decided. A removal is an event: it leaves the history in place. Two editors deciding at once lose
nothing, because each call appends its events in one write, under an exclusive lock.

The audit is `audit.jsonl` in the document store (data/documents/), one JSON object a line; back it up with the store.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

AUDIT = "audit.jsonl"
ACTIONS = (
    "stage", "discard", "choose", "unchoose", "confirm", "reject", "correct", "add", "remove", "load",
    "add_indicators", "remove_indicators", "add_neighbours", "remove_neighbours",
)  # fmt: skip
# Every event has these keys ('' where they do not apply); `change` holds a correction's new values.
COLUMNS = [
    "at", "who", "action", "sha256", "file_name", "dfe_code", "framework", "judgement_area", "grade", "year", "line",
    "quote", "change", "reason",
]  # fmt: skip
# Written before the audit existed: read once into it as events, then renamed aside (".migrated").
OLD_CHOICES, OLD_DECISIONS = "choices.csv", "decisions.csv"


class AuditError(ValueError):
    """An event that cannot be recorded: an unknown action, or nobody named as making it."""


def command_line_user() -> str:
    """Who runs `python -m etl load`: the operating-system user, as the audit names them."""
    return f"{getpass.getuser()} (command line)"


def record(store: Path, *events: dict) -> None:
    """Append events, each stamped with the time, in one write under an exclusive lock."""
    for event in events:
        if event.get("action") not in ACTIONS or not str(event.get("who", "")).strip():
            raise AuditError(f"not an auditable event: {event}")
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    text = "".join(json.dumps(_complete({"at": now, **event}), ensure_ascii=False) + "\n" for event in events)
    store.mkdir(parents=True, exist_ok=True)
    with open(store / AUDIT, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            _migrate(store, handle)
            handle.write(text.encode())
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def events(store: Path) -> list[dict]:
    """Every event, oldest first (the files from before the audit read into it first)."""
    if any((store / old).exists() for old in (OLD_CHOICES, OLD_DECISIONS)):
        with open(store / AUDIT, "ab") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                _migrate(store, handle)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    path = store / AUDIT
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [_complete(json.loads(line)) for line in handle if line.strip()]


def as_table(store: Path) -> pd.DataFrame:
    """The audit as a table, newest first, for the page and its CSV download."""
    table = pd.DataFrame(events(store), columns=COLUMNS)
    table["change"] = [json.dumps(change, ensure_ascii=False) if change else "" for change in table["change"]]
    return table.astype(str).iloc[::-1].reset_index(drop=True)


def _complete(event: dict) -> dict:
    return {column: event.get(column, {} if column == "change" else "") for column in COLUMNS}


def _migrate(store: Path, handle) -> None:
    """Turn the files written before the audit into events (their dates and initials kept), once, under the lock."""
    migrated = []
    choices = store / OLD_CHOICES
    if choices.exists():
        for row in _old_rows(choices):
            who = row.get("initials") or "before the audit"
            migrated.append({"at": row.get("chosen_on", ""), "who": who, "action": "choose", **_of(row)})
    decisions = store / OLD_DECISIONS
    if decisions.exists():
        for row in _old_rows(decisions):
            who = row.get("initials") or "before the audit"
            migrated.append({"at": row.get("decided_on", ""), "who": who, "action": row["decision"], **_of(row)})
    if migrated:
        handle.write("".join(json.dumps(_complete(event)) + "\n" for event in migrated).encode())
        handle.flush()
    for old in (choices, decisions):
        if old.exists():
            os.replace(old, old.with_name(old.name + ".migrated"))


def _old_rows(path: Path) -> list[dict]:
    return pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")


def _of(row: dict) -> dict:
    keys = ["sha256", "file_name", "dfe_code", "framework", "judgement_area", "grade", "year", "line"]
    return {key: row[key] for key in keys if key in row}
