"""Statistical neighbour lists: read in the DfE's shape or the project's, placed on the 2005-2008 authorities.

The DfE publishes, for each children's services authority, its ten closest statistical neighbours in rank order (the
benchmarking tool's sheet: an authority, then ten neighbour columns). Lists published after 2009 name the authorities
of their day: each is placed on a 2005-2008 authority where its area is one, or on the several it merged (said so);
one made from part of an old authority cannot stand for it, and is reported, never guessed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import DATA_DIR
from etl.authorities import AuthorityIndex, simplify

REORGANISATIONS_CSV = DATA_DIR / "reorganisations.csv"
COLUMNS = ["dfe_code", "neighbour_code", "rank", "model", "model_date"]
KINDS = {".csv", ".xlsx"}
STORED = "neighbours.csv"  # the list in use, placed, in the folder of lists added
_RANKED = re.compile(r"(?:\bsn|neighbou?r)\D{0,25}?(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)?\b[^\d]{0,25}neighbou?r")
_SUBJECT = re.compile(r"\b(?:la|local\s+authority|authority|dfe|code|number|name)\b")
_CODE_WORDS = re.compile(r"\b(?:code|number|no|dfe)\b")
_HEADER_SEARCH_ROWS = 20  # a workbook's sheet may have a title and notes above its header


@dataclass
class NeighbourList:
    """A list placed on the 2005-2008 authorities: its rows, what could not be placed and why, how the rest were."""

    rows: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    placements: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Place:
    codes: tuple[str, ...]  # the 2005-2008 authorities a name stands for; none where it cannot be placed
    said: str = ""  # how it was placed (a merger), or why it could not be
    later: str = ""  # the authority created since 2008 it names, as "Name (code)"


class Placer:
    """Places the names and codes of a list's year on the 2005-2008 authorities."""

    def __init__(self, index: AuthorityIndex, model_year: int | None, path: Path = REORGANISATIONS_CSV):
        later = pd.read_csv(path, dtype=str, keep_default_na=False)
        in_force = later[[model_year is None or model_year >= int(since) for since in later["since"]]]
        self.index = index
        self.by_code = {row["dfe_code"]: row for row in later.to_dict("records")}  # a code says which, in any year
        self.by_name = {_key(row["name"]): row for row in in_force.to_dict("records")}  # a name, from its year

    def place(self, text: str) -> _Place:
        text = text.strip()
        later = self.by_code.get(text) or self.by_name.get(_key(text))
        if later is not None:
            return self._later(later)
        authority = self.index.lookup(text)
        if authority is not None:
            return _Place((authority.dfe_code,))
        return _Place((), f"'{text}' is not an authority of 2005-2008 or one created since")

    def _later(self, row: dict) -> _Place:
        old, later = row["old_dfe_codes"].split("|"), f"{row['name']} ({row['dfe_code']})"
        names = " and ".join(self.index.by_code[code].name for code in old)
        if row["kind"] == "merger":
            return _Place(tuple(old), f"{later} placed as {names}: it was {row['how']}", later)
        return _Place((), f"{later} cannot stand for {names}: it was {row['how']}", later)


def _key(name: str) -> str:
    """A name as lists spell it, commas or none ("Bournemouth Christchurch and Poole")."""
    return simplify(name.replace(",", " "))


def read_list(name: str, data: bytes, index: AuthorityIndex, model: str, model_date: str) -> NeighbourList:
    """A neighbour list from an uploaded file (CSV, or an Excel workbook whose first fitting sheet is read)."""
    try:
        tables = _tables(name, data)
    except (ValueError, OSError, zipfile.BadZipFile) as error:
        return NeighbourList(
            pd.DataFrame(columns=COLUMNS), [f"{name}: cannot be read as a CSV file or an Excel workbook ({error})"]
        )
    year = _year(model_date)
    for table in tables:
        found = _long(table) if {"dfe_code", "neighbour_code"} <= set(table.columns) else _wide(table)
        if found is not None:
            model = model.strip() or next((m for m in table.get("model", []) if str(m).strip()), "") or Path(name).stem
            return _placed(found, name, Placer(index, year), model, model_date.strip())
    return NeighbourList(
        pd.DataFrame(columns=COLUMNS),
        [f"{name}: no list of neighbours found: it needs a column naming each authority and its neighbours' columns "
         "in rank order (headed SN1 to SN10, or 1st to 10th neighbour), or columns dfe_code, neighbour_code and rank"],
    )  # fmt: skip


def _tables(name: str, data: bytes) -> list[pd.DataFrame]:
    """Each sheet (a CSV has one) as text, with no header taken yet."""
    if Path(name).suffix.lower() == ".xlsx":
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str)
    else:  # read by the csv module: a title line above the header has fewer fields than the rows, which pandas refuses
        lines = list(csv.reader(io.StringIO(_text(data))))
        width = max((len(line) for line in lines), default=0)
        sheets = {"": pd.DataFrame([line + [""] * (width - len(line)) for line in lines], dtype=str)}
    return [_headed(sheet.fillna("")) for sheet in sheets.values()]


def _text(data: bytes) -> str:
    """A CSV's text: UTF-8, else Windows-1252, as Excel on Windows saves a CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _headed(sheet: pd.DataFrame) -> pd.DataFrame:
    """The sheet under its header row: the first of its opening rows that names ranked neighbours or the long columns."""
    for number in range(min(_HEADER_SEARCH_ROWS, len(sheet))):
        cells = [str(cell).strip().lower() for cell in sheet.iloc[number]]
        if sum(bool(_RANKED.search(cell)) for cell in cells) >= 2 or {"dfe_code", "neighbour_code"} <= set(cells):
            table = sheet.iloc[number + 1 :].reset_index(drop=True)
            table.columns = cells
            table.insert(0, "line", range(number + 2, number + 2 + len(table)))
            return table
    return pd.DataFrame()


def _long(table: pd.DataFrame) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """(line, authority, [(rank, neighbour)]) from the project's own shape, one neighbour a row."""
    ranks = pd.to_numeric(table.get("rank", pd.Series(dtype=str)), errors="coerce")
    found: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    for (line, code, neighbour), rank in zip(table[["line", "dfe_code", "neighbour_code"]].itertuples(index=False), ranks):
        entry = found.setdefault(code, (line, []))
        entry[1].append((int(rank) if rank == rank else len(entry[1]) + 1, neighbour))
    return [(line, code, listed) for code, (line, listed) in found.items()]


def _wide(table: pd.DataFrame) -> list[tuple[int, str, list[tuple[int, str]]]] | None:
    """(line, authority, [(rank, neighbour)]) from the DfE's shape: an authority, then a column for each rank."""
    if table.empty:
        return None
    columns = _rank_columns(list(table.columns))
    subject = _subject_column([c for c in table.columns if c not in columns.values() and c != "line"])
    if subject is None or len(columns) < 2:
        return None
    rows = []
    for record in table.to_dict("records"):
        if str(record[subject]).strip():
            rows.append((record["line"], str(record[subject]), [(rank, str(record[c])) for rank, c in sorted(columns.items())]))
    return rows


def _rank_columns(headers: list[str]) -> dict[int, str]:
    """{rank: column}: where a rank has a code column and a name column, the code's."""
    columns: dict[int, str] = {}
    for header in headers:
        match = _RANKED.search(header)
        if match:
            rank = int(match[1] or match[2])
            if rank not in columns or (_CODE_WORDS.search(header) and not _CODE_WORDS.search(columns[rank])):
                columns[rank] = header
    return columns


def _subject_column(headers: list[str]) -> str | None:
    """The column naming each row's authority: its code where there is one, else its name."""
    named = [header for header in headers if _SUBJECT.search(header)]
    coded = [header for header in named if _CODE_WORDS.search(header)]
    return (coded or named or [None])[0]


def _placed(found: list, name: str, placer: Placer, model: str, model_date: str) -> NeighbourList:
    rows, problems, placements = [], [], set()
    seen: set[str] = set()
    for line, subject, listed in found:
        place = placer.place(subject)
        if len(place.codes) > 1:
            merged = " and ".join(placer.index.by_code[code].name for code in place.codes)
            place = _Place((), f"{place.later} is a merger of {merged}: its neighbours are the merged area's, not theirs")
        if not place.codes:
            problems.append(f"{name}: line {line}: {place.said}; its list is left out")
            continue
        code = place.codes[0]
        if code in seen:
            problems.append(f"{name}: line {line}: {placer.index.by_code[code].name} is listed twice; the first list is used")
            continue
        seen.add(code)
        for rank, neighbour in listed:
            if not neighbour.strip():
                continue
            where = placer.place(neighbour)
            if not where.codes:
                problems.append(f"{name}: line {line}: neighbour {rank} of {placer.index.by_code[code].name}: {where.said}")
            elif where.said:
                placements.add(where.said)
            rows += [[code, other, rank, model, model_date] for other in where.codes if other != code]
    frame = pd.DataFrame(rows, columns=COLUMNS).drop_duplicates(["dfe_code", "neighbour_code"])
    return NeighbourList(frame.reset_index(drop=True), problems, sorted(placements))


def stored(index: AuthorityIndex, folder: Path, fallback: Path) -> NeighbourList:
    """The list an editor added (placed when it was added), else a list file put in data/ by hand, else none."""
    added = folder / STORED
    if added.exists():
        return NeighbourList(pd.read_csv(added, dtype={"dfe_code": str, "neighbour_code": str}, keep_default_na=False))
    if fallback.exists():
        return read_list(str(fallback), fallback.read_bytes(), index, "", "")
    return NeighbourList(pd.DataFrame(columns=COLUMNS))


def _year(model_date: str) -> int | None:
    """The year a model's date gives ('March 2019', '2019-03-01'), which says what a name meant then."""
    found = re.search(r"\b(19|20)\d\d\b", model_date)
    return int(found[0]) if found else None
