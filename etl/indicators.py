"""Indicator series, bundled and the user's own, checked against the catalogue into one long form.

Every row keeps its source and locator. A bad row is reported with its line and reason and the
good rows still load. Areas are mapped onto the 2005-2008 authorities only where the mapping is
exact: a successor authority created in 2009 stays itself and is never added up into its predecessor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import DATA_DIR
from etl.normalise import AuthorityIndex

INDICATORS_DIR = DATA_DIR / "indicators"
CATALOGUE_CSV = INDICATORS_DIR / "catalogue.csv"
GEOGRAPHY_CSV = INDICATORS_DIR / "geography_changes.csv"
BUNDLED_SERIES = [INDICATORS_DIR / "under18_conceptions_ons.csv", INDICATORS_DIR / "indicators_from_pages.csv"]
IMPORT_KINDS = {".csv", ".xlsx"}
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
    if source_from_file or "source" not in raw.columns:
        raw["source"] = raw.get("source", pd.Series("", index=raw.index)).where(lambda s: s != "", f"file {path.name}")
    return _check(raw, path, index, catalogue().set_index("indicator_id"))


def _read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, dtype=str).fillna("")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _check(raw: pd.DataFrame, path: Path, index: AuthorityIndex, known: pd.DataFrame) -> Checked:
    rows, problems = [], []
    changes = pd.read_csv(GEOGRAPHY_CSV, dtype=str).set_index("dfe_code")
    for record in raw.to_dict("records"):
        try:
            rows.append(_row(record, index, known, changes))
        except ValueError as reason:
            problems.append(f"{path}:{record['line']}: {reason}")
    return Checked(pd.DataFrame(rows, columns=COLUMNS), problems)


def _row(record: dict, index: AuthorityIndex, known: pd.DataFrame, changes: pd.DataFrame) -> dict:
    """One checked row, or ValueError saying what is wrong with it."""
    indicator = str(record.get("indicator_id", "")).strip()
    if indicator not in known.index:
        raise ValueError(f"indicator '{indicator}' is not in the catalogue (data/indicators/catalogue.csv)")
    entry = known.loc[indicator]
    for field in ("unit", "polarity"):
        given = str(record.get(field, "") or "").strip()
        if given and given != entry[field] and not (field == "polarity" and entry[field] == "neutral"):
            raise ValueError(f"{field} '{given}' does not match the catalogue's '{entry[field]}' for {indicator}")
    value = _value(str(record.get("value", "")).strip(), entry["unit"])
    period = str(record.get("period") or record.get("year") or "").strip()
    year = chart_year(period)
    if year is None:
        raise ValueError(f"period '{period}' names no year")
    area = _area(record, index, changes)
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


def _area(record: dict, index: AuthorityIndex, changes: pd.DataFrame) -> dict:
    """Where a row is: one of the 2005-2008 authorities, a successor authority, a combined area, a region or England."""
    code = str(record.get("dfe_code", "") or "").strip()
    name = str(record.get("authority", "") or "").strip()
    ons = str(record.get("ons_code", "") or "").strip() or None
    authority = index.lookup(code or name) if (code or name) else None
    if authority:
        return {
            "dfe_code": authority.dfe_code,
            "ons_code": ons,
            "area_name": authority.name,
            "area_level": "authority",
            "region": authority.region,
        }
    if code in changes.index:
        change = changes.loc[code]
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
