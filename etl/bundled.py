"""Stage the project's bundled data files into the grade and reference shapes the database holds.

Each function renames and casts one file and splits off what cannot be loaded as it stands
(no year, no known authority) with the reason, so nothing is dropped silently.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl import DATA_DIR
from etl.authorities import AuthorityIndex
from vocabulary.areas import area_key

PUBLISHED_GRADES_CSV = DATA_DIR / "published_grades.csv"
SEED_FACTS_CSV = DATA_DIR / "seed_document_grades.csv"
NEIGHBOURS_CSV = DATA_DIR / "statistical_neighbours.csv"
HEXMAP_JSON = DATA_DIR / "maps" / "uk-upper-tier-local-authorities.hexjson"
# The hex layout is of 2020 councils (data/maps/README.md). An authority of 2005-2008 whose area is now
# several councils covers all their hexes; Poole, merged into one hex with Bournemouth in 2019, gets the free
# hex beside it, between Dorset and Bournemouth.
HEXES_BY_2009_SUCCESSORS = {
    "820": ["E06000055", "E06000056"],  # Bedfordshire: Bedford, Central Bedfordshire
    "875": ["E06000049", "E06000050"],  # Cheshire: Cheshire East, Cheshire West and Chester
    "835": ["E06000059"],  # Dorset County: Dorset
    "837": ["E06000058"],  # Bournemouth: Bournemouth, Christchurch and Poole
}
ADDED_HEXES = {"836": (4, 1)}  # Poole


def read_csv(path: Path) -> pd.DataFrame:
    """Every column as text, blanks as empty strings: staging casts explicitly."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def published_grades(index: AuthorityIndex, path: Path = PUBLISHED_GRADES_CSV) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Grades found in published sources, with their citation; rows with no stated year held back."""
    raw = read_csv(path)
    codes = [row.dfe_code or _code_by_name(index, row.authority) for row in raw.itertuples()]
    frame = pd.DataFrame(
        {
            "dfe_code": codes,
            "authority": raw["authority"],
            "year": raw["year"],
            "framework": raw["framework"],
            "judgement_area": [
                "children_and_young_people" if framework == "CPA" else area_key(area)
                for framework, area in zip(raw["framework"], raw["judgement_area"])
            ],
            "grade": raw["grade"].astype(int),
            "how_stated": "published",
            "origin": "published",
            "source": raw["source"],
            "source_sha256": None,
            "locator": _spelled_out(raw["source_locator"], raw["source"]),
            "line": None,
            "quote": None,
            "source_kind": raw["source_kind"],
            "notes": raw["notes"],
        }
    )
    reason = pd.Series("", index=frame.index)
    reason[frame["year"] == ""] = "the source does not state the assessment year"
    reason[frame["dfe_code"] == ""] = "the authority is not in data/authorities.csv"
    reason[frame["judgement_area"].isna()] = "the judgement area is not in the project's vocabulary"
    return _split(frame, reason)


def seed_facts(path: Path = SEED_FACTS_CSV) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Grades read in the five seed documents, cited by title, date and line; no sentences copied."""
    raw = read_csv(path)
    frame = pd.DataFrame(
        {
            "dfe_code": raw["dfe_code"],
            "authority": raw["authority"],
            "year": raw["year"],
            "framework": raw["framework"],
            "judgement_area": raw["judgement_area"],
            "grade": raw["grade"].astype(int),
            "how_stated": raw["how_stated"],
            "origin": "seed facts",
            "source": raw["published_by"] + ": " + raw["document_title"] + ", " + raw["document_date"],
            "source_sha256": None,
            "locator": raw["locator"],  # the source names the document by its title; its file name is a hash
            "line": None,
            "quote": None,
            "source_kind": "primary (council report or Ofsted letter)",
            "notes": None,
        }
    )
    reason = pd.Series("", index=frame.index)
    reason[frame["dfe_code"] == ""] = "the document does not name the authority it is about"
    return _split(frame, reason)


def map_hexes(authorities: pd.DataFrame, path: Path = HEXMAP_JSON) -> pd.DataFrame:
    """One row per hex of the map of the 2005-2008 authorities: dfe_code, q, r (odd-r offset rows, north up)."""
    hexes = pd.read_json(path, typ="series")["hexes"]
    by_code = {gss: (cell["q"], cell["r"]) for gss, cell in hexes.items()}
    rows = []
    for code, ons in zip(authorities["dfe_code"], authorities["ons_code"]):
        cells = [by_code[gss] for gss in HEXES_BY_2009_SUCCESSORS.get(code, [ons]) if gss in by_code]
        cells += [ADDED_HEXES[code]] if code in ADDED_HEXES else []
        rows += [{"dfe_code": code, "q": q, "r": r} for q, r in cells]
    return pd.DataFrame(rows, columns=["dfe_code", "q", "r"])


def _spelled_out(locators: pd.Series, sources: pd.Series) -> list[str]:
    """'same paragraph' or 'same table' as the place it refers to: the locator of the row before, from the same source."""
    spelled: list[str] = []
    for number, (locator, source) in enumerate(zip(locators, sources)):
        previous = spelled[-1] if number and sources.iloc[number - 1] == source else ""
        if previous and locator.startswith("same "):
            locator = previous
        elif previous and locator.startswith("paragraph after"):
            locator = f"the paragraph after {previous}"
        spelled.append(locator)
    return spelled


def _code_by_name(index: AuthorityIndex, name: str) -> str:
    authority = index.lookup(name)
    return authority.dfe_code if authority else ""


def _split(frame: pd.DataFrame, reason: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(loadable grades, held-back rows with their reason)."""
    held = reason != ""
    grades = frame[~held].copy()
    grades["year"] = grades["year"].astype(int)
    held_back = frame[held].assign(reason=reason[held])
    held_back["year"] = pd.to_numeric(held_back["year"], errors="coerce")
    return grades, held_back
