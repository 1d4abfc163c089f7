"""Indicator series, bundled and the user's own, checked against the catalogue into one long form.

Every row keeps its source and locator. A bad row is reported with its line and reason and the
good rows still load. Areas are mapped onto the 2005-2008 authorities only where the mapping is
exact: a successor authority created in 2009 stays itself and is never added up into its predecessor.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import DATA_DIR
from etl.authorities import AuthorityIndex
from vocabulary.areas import OUTCOMES
from vocabulary.indicators import POLARITIES

INDICATORS_DIR = DATA_DIR / "indicators"
CATALOGUE_CSV = INDICATORS_DIR / "catalogue.csv"
GEOGRAPHY_CSV = INDICATORS_DIR / "geography_changes.csv"
BUNDLED_SERIES = [INDICATORS_DIR / "under18_conceptions_ons.csv", INDICATORS_DIR / "indicators_from_pages.csv"]
IMPORT_KINDS = {".csv", ".xlsx"}
SIDECAR_SUFFIX = ".indicators.csv"  # neet.csv's indicators may be defined in neet.indicators.csv beside it
CATALOGUE_COLUMNS = ["indicator_id", "name", "unit", "polarity", "outcome_area", "definition", "source"]

COLUMNS = [
    "dfe_code",
    "ons_code",
    "area_name",
    "area_level",
    "region",
    "period",
    "year",
    "indicator_id",
    "value",
    "source",
    "locator",
    "notes",
]
REGIONS = {
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
}


@dataclass
class Checked:
    rows: pd.DataFrame
    problems: list[str]
    definitions: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(columns=CATALOGUE_COLUMNS))


def catalogue(path: Path = CATALOGUE_CSV) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def chart_year(period: str) -> int | None:
    """The year a period ends in, for charting: "2005/06" -> 2006, "2006 (at 30 Sep)" -> 2006."""
    split_year = re.match(r"^\s*(\d{4})\s*[/-]\s*(\d{2})\b", period)
    if split_year:
        return int(split_year.group(1)[:2] + split_year.group(2))
    year = re.search(r"\b(19\d\d|20\d\d)\b", period)
    return int(year.group(1)) if year else None


def bundled_series(index: AuthorityIndex) -> Checked:
    """The indicator files shipped in data/indicators, checked like any other."""
    checked = [read_indicator_file(path, index, source_from_file=False) for path in BUNDLED_SERIES]
    return Checked(pd.concat([c.rows for c in checked], ignore_index=True), [p for c in checked for p in c.problems])


def read_indicator_file(path: Path, index: AuthorityIndex, source_from_file: bool = True) -> Checked:
    """A long (one value a row) or wide (one column a year) CSV or XLSX file, checked row by row."""
    path = Path(path)
    try:
        raw = _read_table(path)
    except (OSError, ValueError) as error:
        return Checked(pd.DataFrame(columns=COLUMNS), [f"{path}: cannot read the file ({error})"])
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    raw.insert(0, "line", range(2, len(raw) + 2))
    year_columns = [c for c in raw.columns if chart_year(c) and re.fullmatch(r"\d{4}(?:\s*[/-]\s*\d{2})?", c)]
    if "value" not in raw.columns and year_columns:
        raw = raw.melt(id_vars=[c for c in raw.columns if c not in year_columns], value_vars=year_columns, var_name="period")
        raw["line"] = raw["line"].astype(str) + ", column " + raw["period"]
    missing = [c for c in ("indicator_id", "value") if c not in raw.columns]
    if "period" not in raw.columns and "year" not in raw.columns:
        missing.append("period or year (or one column per year)")
    if "dfe_code" not in raw.columns and "authority" not in raw.columns:
        missing.append("dfe_code or authority")
    if missing:
        return Checked(pd.DataFrame(columns=COLUMNS), [f"{path}: missing column(s): {', '.join(missing)}"])
    definitions, problems = defined_in(path, raw) if source_from_file else (pd.DataFrame(columns=CATALOGUE_COLUMNS), [])
    if source_from_file or "source" not in raw.columns:
        raw["source"] = raw.get("source", pd.Series("", index=raw.index)).where(lambda s: s != "", f"file {path.name}")
    known = pd.concat([catalogue(), definitions], ignore_index=True).drop_duplicates("indicator_id").set_index("indicator_id")
    checked = _check(raw, path, index, known)
    return Checked(checked.rows, problems + checked.problems, definitions)


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def defined_in(path: Path, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The indicators a user's file defines: in a sidecar NAME.indicators.csv beside it, or in its own columns.

    Each needs a name, a unit and a polarity; an indicator defined twice differently, or a bundled one given
    another unit or polarity, is refused with the reason, and its rows with it.
    """
    sidecar = sidecar_of(path)
    if sidecar.exists():
        table, where = pd.read_csv(sidecar, dtype=str, keep_default_na=False, encoding="utf-8-sig"), sidecar
        table.columns = [str(c).strip().lower() for c in table.columns]
    elif "name" in raw.columns:
        table, where = raw, path
    else:
        return pd.DataFrame(columns=CATALOGUE_COLUMNS), []
    table = (
        table.reindex(columns=CATALOGUE_COLUMNS, fill_value="")
        .fillna("")
        .astype(str)
        .apply(lambda c: c.str.strip())
        .drop_duplicates()
    )
    bundled = catalogue().set_index("indicator_id")
    problems = [
        f"{where}: indicator '{indicator}': {reason}"
        for indicator, rows in table.groupby("indicator_id", sort=False)
        if (reason := _definition_problem(rows, bundled))
    ]
    refused = {problem.split("'")[1] for problem in problems}
    return table[~table["indicator_id"].isin(refused)].reset_index(drop=True), problems


def _definition_problem(rows: pd.DataFrame, bundled: pd.DataFrame) -> str:
    """Why one indicator's definition cannot be used, or empty when it can."""
    if len(rows) > 1:
        differ = [c for c in CATALOGUE_COLUMNS[1:] if rows[c].nunique() > 1]
        return f"defined more than once, with different {', '.join(differ)}: give one definition"
    row = rows.iloc[0]
    missing = [c for c in ("name", "unit", "polarity") if not row[c]]
    if missing:
        return f"missing {', '.join(missing)} (a definition needs name, unit and polarity)"
    if row["polarity"] not in POLARITIES:
        return f"polarity '{row['polarity']}' is not one of {', '.join(POLARITIES)}"
    if row["outcome_area"] and row["outcome_area"] not in OUTCOMES:
        return f"outcome_area '{row['outcome_area']}' is not one of {', '.join(OUTCOMES)}"
    if row["indicator_id"] in bundled.index:
        entry = bundled.loc[row["indicator_id"]]
        clash = [c for c in ("unit", "polarity") if row[c] != entry[c]]
        if clash:
            return f"is in data/indicators/catalogue.csv with another {' and '.join(clash)}: use its own or a new indicator_id"
    return ""


def _read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, dtype=str).fillna("")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _check(raw: pd.DataFrame, path: Path, index: AuthorityIndex, known: pd.DataFrame) -> Checked:
    rows, problems = [], []
    changes = pd.read_csv(GEOGRAPHY_CSV, dtype=str).set_index("dfe_code").to_dict("index")
    definitions = known.to_dict("index")
    areas = functools.cache(lambda code, name, ons: _area(code, name, ons, index, changes))
    for record in raw.to_dict("records"):
        try:
            rows.append(_row(record, definitions, areas))
        except ValueError as reason:
            problems.append(f"{path}:{record['line']}: {reason}")
    return Checked(pd.DataFrame(rows, columns=COLUMNS), problems)


def _row(record: dict, definitions: dict[str, dict], areas: Callable[[str, str, str | None], dict]) -> dict:
    """One checked row, or ValueError saying what is wrong with it.

    `areas` is memoised: a LAIT-sized file names the same 150 authorities hundreds of thousands of times.
    """
    indicator = str(record.get("indicator_id", "")).strip()
    if indicator not in definitions:
        raise ValueError(
            f"indicator '{indicator}' is not in the catalogue (data/indicators/catalogue.csv) and the file does not define "
            f"it: add columns name, unit, polarity (and outcome_area, definition) or a sidecar file NAME{SIDECAR_SUFFIX}"
        )
    entry = definitions[indicator]
    for field in ("unit", "polarity"):
        given = str(record.get(field, "") or "").strip()
        if given and given != entry[field] and not (field == "polarity" and entry[field] == "neutral"):
            raise ValueError(f"{field} '{given}' does not match the catalogue's '{entry[field]}' for {indicator}")
    value = _value(str(record.get("value", "")).strip(), entry["unit"])
    period = str(record.get("period") or record.get("year") or "").strip()
    year = chart_year(period)
    if year is None:
        raise ValueError(f"period '{period}' names no year")
    area = areas(
        str(record.get("dfe_code", "") or "").strip(),
        str(record.get("authority", "") or "").strip(),
        str(record.get("ons_code", "") or "").strip() or None,
    )
    return {
        **area,
        "period": period,
        "year": year,
        "indicator_id": indicator,
        "value": value,
        "source": str(record.get("source", "")).strip(),
        "locator": str(record.get("source_locator") or record.get("locator") or f"line {record['line']}").strip(),
        "notes": str(record.get("notes", "") or "").strip() or None,
    }


def _value(text: str, unit: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"value '{text}' is not a number") from None
    if value < 0:
        raise ValueError(f"value {text} is negative")
    if unit == "%" and value > 100:
        raise ValueError(f"value {text} is over 100 for a percentage")
    if unit == "count" and not value.is_integer():
        raise ValueError(f"value {text} is not a whole number for a count")
    return value


def _area(code: str, name: str, ons: str | None, index: AuthorityIndex, changes: dict[str, dict]) -> dict:
    """Where a row is: one of the 2005-2008 authorities, a successor authority, a combined area, a region or England."""
    authority = index.lookup(code or name) if (code or name) else None
    if authority:
        return {
            "dfe_code": authority.dfe_code,
            "ons_code": ons,
            "area_name": authority.name,
            "area_level": "authority",
            "region": authority.region,
        }
    if code in changes:
        change = changes[code]
        predecessor = index.by_code[change["predecessor_dfe_code"]]
        return {
            "dfe_code": None,
            "ons_code": ons,
            "area_name": change["name"],
            "area_level": "successor authority (from 2009)",
            "region": predecessor.region,
        }
    if name == "England":
        return {"dfe_code": None, "ons_code": ons, "area_name": "England", "area_level": "England", "region": None}
    if name in REGIONS:
        return {"dfe_code": None, "ons_code": ons, "area_name": name, "area_level": "region", "region": name}
    if not code and ons and "," in ons:
        parts = [index.lookup(part.strip()) for part in re.split(r"\band\b", name)]
        regions = {part.region for part in parts if part}
        return {
            "dfe_code": None,
            "ons_code": ons,
            "area_name": name,
            "area_level": "combined area",
            "region": regions.pop() if len(regions) == 1 else None,
        }
    raise ValueError(f"unknown area: dfe_code '{code}', authority '{name}' (use a DfE code or name from data/authorities.csv)")
