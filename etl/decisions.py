"""What people decided about the added documents, derived from the audit (etl/audit.py) and keyed by each document's
SHA-256 and what each grade says (never its line, so a decision survives a better extractor reading it elsewhere).

- The authority and year chosen for a document that does not state them.
- Each extracted grade, confirmed or rejected. A document with any such verdict loads only its confirmed grades; one
  added from the command line, with none, loads all it states.
- A grade corrected by hand (its area, grade, year or authority), with the extractor's reading kept beside it.
- A grade added by hand from a passage of the document's text.

A removal forgets everything said about the document before it; the events themselves stay in the audit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from etl import audit
from etl.authorities import AuthorityIndex
from etl.documents import DocumentResult
from etl.manifest import ManifestEntry
from vocabulary.areas import inspection_area_label
from vocabulary.grades import grade_label

GRADE_KEY = ["dfe_code", "framework", "judgement_area", "grade"]  # what a grade says: its decisions' key
BY_HAND = "by hand"


@dataclass
class Decided:
    """Everything decided, as the audit's events leave it."""

    choices: dict[str, dict] = field(default_factory=dict)  # sha256: its last "choose" event
    verdicts: dict[tuple[str, ...], str] = field(default_factory=dict)  # (sha256, *GRADE_KEY): "confirm" or "reject"
    corrections: dict[tuple[str, ...], dict] = field(default_factory=dict)  # (sha256, *the extractor's key): event
    added: dict[str, dict[tuple[str, ...], dict]] = field(default_factory=dict)  # sha256: {its key: "add" event}

    def forget(self, sha256: str) -> None:
        self.choices.pop(sha256, None)
        self.added.pop(sha256, None)
        for kept in (self.verdicts, self.corrections):
            for key in [key for key in kept if key[0] == sha256]:
                del kept[key]


def decided(store: Path) -> Decided:
    """The state the audit's events leave, replayed oldest first."""
    state = Decided()
    for event in audit.events(store):
        sha256, action = event["sha256"], event["action"]
        if action == "remove":
            state.forget(sha256)
        elif action == "choose":
            state.choices[sha256] = event
        elif action == "unchoose":
            state.choices.pop(sha256, None)
        elif action in ("confirm", "reject"):
            state.verdicts[(sha256, *key_of(event))] = action
        elif action == "correct":
            state.corrections[(sha256, *key_of(event))] = event
        elif action == "add":
            state.added.setdefault(sha256, {})[key_of(event["change"])] = event
    return state


def key_of(grade: Mapping) -> tuple[str, ...]:
    return tuple(str(grade.get(column, "")) for column in GRADE_KEY)


def chosen(state: Decided, index: AuthorityIndex) -> dict[str, ManifestEntry]:
    """The authority and year chosen for each document, keyed by SHA-256 (the manifest's shape)."""
    return {
        sha256: ManifestEntry(
            index.by_code.get(event["dfe_code"]),
            int(event["year"]) if str(event["year"]) else None,
            f"chosen on the Add documents page on {str(event['at'])[:10]} by {event['who']}",
        )
        for sha256, event in state.choices.items()
    }


# ---------------------------------------------------------------- what a person decides, appended to the audit


def choose(store: Path, sha256: str, file_name: str, dfe_code: str, year: int | None, who: str) -> None:
    """The authority and year picked for a document that does not state them."""
    event = {"action": "choose", "sha256": sha256, "file_name": file_name, "dfe_code": dfe_code, "year": year or ""}
    audit.record(store, {**event, "who": who})


def unchoose(store: Path, sha256: str, file_name: str, who: str) -> None:
    """Forget the authority and year picked, so that they can be picked again."""
    audit.record(store, {"action": "unchoose", "sha256": sha256, "file_name": file_name, "who": who})


def decide(store: Path, sha256: str, file_name: str, rows: list[dict], confirmed: list[bool], who: str) -> None:
    """Each grade of a document confirmed or rejected, all in one append."""
    audit.record(
        store,
        *(
            {"action": "confirm" if yes else "reject", "sha256": sha256, "file_name": file_name, "who": who} | _said(row)
            for row, yes in zip(rows, confirmed)
        ),
    )


def correct(store: Path, sha256: str, file_name: str, row: dict, change: dict, who: str, reason: str) -> None:
    """A found grade's area, grade, year or authority changed; keyed by what the extractor read, which is kept."""
    read = row.get("read_as") or row
    event = {"action": "correct", "sha256": sha256, "file_name": file_name, "who": who, "reason": reason}
    audit.record(store, event | _said(read) | {"change": change})


def add(store: Path, sha256: str, file_name: str, grade: dict, who: str, reason: str) -> None:
    """A grade the extractor missed, added from a passage of the document: `grade` holds framework, dfe_code,
    judgement_area, grade, year, first_line, last_line and quote (the passage's words)."""
    event = {"action": "add", "sha256": sha256, "file_name": file_name, "who": who, "reason": reason, "change": grade}
    audit.record(store, event | {"line": grade["first_line"], "quote": grade["quote"]})


def remove(store: Path, sha256: str, file_name: str, who: str) -> None:
    """A document taken out of the store: what was said about it is forgotten, its history kept."""
    audit.record(store, {"action": "remove", "sha256": sha256, "file_name": file_name, "who": who})


def _said(row: Mapping) -> dict:
    return {column: str(row.get(column, "")) for column in [*GRADE_KEY, "year", "line", "quote"]}


# ---------------------------------------------------------------- a document's rows as decided


def as_decided(result: DocumentResult, state: Decided, index: AuthorityIndex) -> DocumentResult:
    """The rows a rebuild loads: corrected and added by hand; a grade read by OCR only once a person confirmed it;
    and, where any grade was confirmed or rejected, only the confirmed ones and those a person wrote (unless rejected
    since)."""
    result = with_corrections(result, state, index)
    verdicts = {key[1:]: verdict for key, verdict in state.verdicts.items() if key[0] == result.sha256}

    def kept(row: dict) -> bool:
        verdict = verdicts.get(key_of(row))
        if row.get("ocr_page") and not row.get("by_hand"):  # words a machine read off a picture: a person checks them
            return verdict == "confirm"
        return not verdicts or verdict == "confirm" or (bool(row.get("by_hand")) and verdict != "reject")

    waiting = sum(1 for row in result.rows if row.get("ocr_page") and not row.get("by_hand") and not verdicts.get(key_of(row)))
    return replace(result, rows=[row for row in result.rows if kept(row)], ocr_waiting=waiting)


def with_corrections(result: DocumentResult, state: Decided, index: AuthorityIndex) -> DocumentResult:
    """The extractor's rows with each correction applied and each grade added by hand after them."""
    rows = [_corrected(row, state.corrections.get((result.sha256, *key_of(row))), index) for row in result.rows]
    rows += [_added(event, result, index) for event in state.added.get(result.sha256, {}).values()]
    if rows == result.rows:
        return result
    held = [row["reason"] for row in rows if row["reason"]]
    waiting = "; ".join(dict.fromkeys(held)) if len(held) == len(rows) else ""
    return replace(result, rows=rows, held_back_reason=waiting, error=result.error if not rows else "")


def verdict(state: Decided, sha256: str, row: Mapping) -> str:
    """'confirm', 'reject' or '' for one row of a document."""
    return state.verdicts.get((sha256, *key_of(row)), "")


def _corrected(row: dict, event: dict | None, index: AuthorityIndex) -> dict:
    if event is None:
        return row
    change = event["change"]
    authority = index.by_code.get(change.get("dfe_code") or row["dfe_code"])
    read = f"the extractor read {_reading(row)}"
    return (
        row
        | change
        | {
            "authority": authority.name if authority else row["authority"],
            "locator": f"line {row['line']}, corrected by hand by {event['who']}",
            "notes": f"{read}; reason: {event['reason']}" if event["reason"] else read,
            "read_as": {column: row[column] for column in [*GRADE_KEY, "year", "line", "quote"]},
            "by_hand": True,
            "reason": ""
            if (change.get("dfe_code") or row["dfe_code"]) and (change.get("year") or row["year"])
            else row["reason"],
        }
    )


def _added(event: dict, result: DocumentResult, index: AuthorityIndex) -> dict:
    grade = event["change"]
    authority = index.by_code.get(grade["dfe_code"])
    first, last = int(grade["first_line"]), int(grade["last_line"])
    lines = f"line {first}" if first == last else f"lines {first}–{last}"
    return {
        "file": str(result.path),
        "authority": authority.name if authority else "",
        "dfe_code": grade["dfe_code"],
        "year": int(grade["year"]),
        "framework": grade["framework"],
        "judgement_area": grade["judgement_area"],
        "grade": int(grade["grade"]),
        "how_stated": BY_HAND,
        "line": first,
        "quote": grade["quote"],
        "rule": "added by hand",
        "reason": "",
        "last_line": last,
        "locator": f"{lines}, added by hand by {event['who']}",
        "notes": f"reason: {event['reason']}" if event["reason"] else "",
        "by_hand": True,
    }


def _reading(row: Mapping) -> str:
    """'2 adequate for APA · Staying safe, 2007, Luton': a grade as the extractor read it, in words."""
    label = grade_label(int(row["grade"]), row["framework"])
    return f"{label} for {inspection_area_label(row['framework'], row['judgement_area'])}, {row['year']}, {row['authority']}"
