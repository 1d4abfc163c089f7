"""Every SQL the dashboard runs: plain functions of a DuckDB connection, parameterised, returning DataFrames.

Nothing here knows about Streamlit, so tests call these directly on a small database.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.vocabulary import AREA_LABELS, GRADE_LABELS

Connection = duckdb.DuckDBPyConnection
MIN_GROUP = 3  # no comparator statistic rests on fewer authorities than this


def _df(con: Connection, sql: str, params: list | dict | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def authorities(con: Connection) -> pd.DataFrame:
    """Every authority with how many grades are loaded for it."""
    return _df(
        con,
        """
        SELECT a.dfe_code, a.name, a.region, a.type, count(g.grade_id) AS grades
        FROM authorities a LEFT JOIN grades g USING (dfe_code)
        GROUP BY ALL ORDER BY a.name
        """,
    )


def load_info(con: Connection) -> dict:
    row = _df(con, "SELECT * FROM load_info ORDER BY loaded_at DESC LIMIT 1")
    return row.iloc[0].to_dict() if len(row) else {}


def coverage_grid(con: Connection) -> pd.DataFrame:
    """Authorities x years; each cell lists the frameworks with grades and how many areas each, e.g. "APA 7 · CPA 1"."""
    cells = _df(
        con,
        """
        SELECT a.name AS authority, a.region, g.year,
               string_agg(g.framework || ' ' || g.areas, ' · ' ORDER BY g.framework) AS loaded
        FROM (SELECT dfe_code, year, framework, count(DISTINCT judgement_area) AS areas FROM grades GROUP BY ALL) g
        JOIN authorities a USING (dfe_code)
        GROUP BY ALL
        """,
    )
    if cells.empty:
        return pd.DataFrame(columns=["authority", "region"])
    grid = cells.pivot(index=["authority", "region"], columns="year", values="loaded").fillna("")
    grid.columns = [str(year) for year in grid.columns]
    return grid.reset_index().sort_values("authority", ignore_index=True)


def framework_year_counts(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT framework, year, count(DISTINCT dfe_code) AS authorities, count(*) AS grades
        FROM grades GROUP BY ALL ORDER BY framework, year
        """,
    )


def held_back(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT coalesce(authority, '') AS authority, year, framework, judgement_area, grade, origin,
               source, locator, quote, reason
        FROM held_back ORDER BY origin, source, framework, judgement_area
        """,
    )


def conflicts(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT a.name AS authority, c.year, c.framework, c.judgement_area, c.grades, c.sources, c.detail
        FROM conflicts c JOIN authorities a USING (dfe_code)
        ORDER BY authority, year, framework, judgement_area
        """,
    )


def documents(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT d.file_name, d.kind, d.status, a.name AS authority, d.grades, d.reason, d.sha256, d.loaded_at
        FROM documents d LEFT JOIN authorities a USING (dfe_code) ORDER BY d.file_name
        """,
    )


def grade_summary(
    con: Connection, codes: list[str], frameworks: list[str], areas: list[str], year_from: int, year_to: int
) -> pd.DataFrame:
    """One row per authority, framework, area, year and grade, with how many sources state it.

    Where sources disagree there are two rows, both marked 'conflict'; equal grades from
    several sources are one row marked 'corroborated'.
    """
    return _df(
        con,
        """
        SELECT g.dfe_code, a.name AS authority, g.framework, g.judgement_area, g.year, g.grade,
               count(*) AS sources, any_value(ag.agreement) AS agreement,
               string_agg(g.source || ' (' || g.locator || ')', '; ' ORDER BY g.grade_id) AS cited
        FROM grades g
        JOIN authorities a USING (dfe_code)
        JOIN grade_agreement ag USING (dfe_code, year, framework, judgement_area)
        WHERE list_contains($codes, g.dfe_code) AND list_contains($frameworks, g.framework)
          AND list_contains($areas, g.judgement_area) AND g.year BETWEEN $year_from AND $year_to
        GROUP BY ALL
        ORDER BY authority, g.framework, g.judgement_area, g.year, g.grade
        """,
        {"codes": codes, "frameworks": frameworks, "areas": areas, "year_from": year_from, "year_to": year_to},
    ).pipe(_with_labels)


def group_members(con: Connection, group: str, anchor: str | None) -> tuple[list[str], str]:
    """The DfE codes of a comparator group and a sentence saying what it is.

    group: 'region' or 'type' (of the anchor authority), 'neighbours' (its statistical
    neighbours, from the user's file), or 'all' (every authority with grades loaded).
    """
    if group == "all":
        codes = _df(con, "SELECT DISTINCT dfe_code FROM grades ORDER BY 1")["dfe_code"].tolist()
        return codes, "all authorities with grades loaded"
    name = _df(con, "SELECT name, region, type FROM authorities WHERE dfe_code = ?", [anchor])
    if name.empty:
        return [], "no authority chosen for the comparator group"
    row = name.iloc[0]
    if group == "neighbours":
        codes = _df(con, "SELECT neighbour_code FROM statistical_neighbours WHERE dfe_code = ? ORDER BY rank", [anchor])[
            "neighbour_code"
        ].tolist()
        return codes, f"{row['name']}'s statistical neighbours (from data/statistical_neighbours.csv)"
    column = {"region": "region", "type": "type"}[group]
    codes = _df(con, f"SELECT dfe_code FROM authorities WHERE {column} = ? ORDER BY name", [row[column]])["dfe_code"]
    return codes.tolist(), f"authorities in {row[column]}" if group == "region" else f"{row[column]} authorities"


def group_distribution(con: Connection, codes: list[str], framework: str, areas: list[str], year: int) -> pd.DataFrame:
    """Per area: how many of the group's authorities have each grade, with the median and the share good or better.

    An authority whose sources disagree is left out of that area's counts; an area resting on
    fewer than MIN_GROUP authorities is left out altogether.
    """
    return _df(
        con,
        """
        WITH settled AS (
            SELECT dfe_code, judgement_area, min(grade) AS grade
            FROM grades
            WHERE list_contains($codes, dfe_code) AND framework = $framework AND year = $year
              AND list_contains($areas, judgement_area)
            GROUP BY ALL HAVING count(DISTINCT grade) = 1
        ),
        per_area AS (
            SELECT judgement_area, count(*) AS group_size, median(grade) AS median_grade,
                   avg(CASE WHEN grade >= 3 THEN 1.0 ELSE 0.0 END) AS share_good_or_better
            FROM settled GROUP BY ALL
        )
        SELECT s.judgement_area, s.grade, count(*) AS authorities, p.group_size, p.median_grade, p.share_good_or_better
        FROM settled s JOIN per_area p USING (judgement_area)
        WHERE p.group_size >= $min_group
        GROUP BY ALL ORDER BY s.judgement_area, s.grade
        """,
        {"codes": codes, "framework": framework, "year": year, "areas": areas, "min_group": MIN_GROUP},
    ).pipe(_with_labels)


def standing(con: Connection, code: str, group: str) -> pd.DataFrame:
    """An authority's grade per framework, area and year beside its comparator group's median and share good or better.

    The group statistics are left empty where fewer than MIN_GROUP of the group have a settled grade.
    """
    members, described = group_members(con, group, code)
    frame = _df(
        con,
        """
        WITH settled AS (
            SELECT dfe_code, framework, judgement_area, year, min(grade) AS grade
            FROM grades GROUP BY ALL HAVING count(DISTINCT grade) = 1
        ),
        peers AS (
            SELECT framework, judgement_area, year, count(*) AS group_size, median(grade) AS group_median,
                   avg(CASE WHEN grade >= 3 THEN 1.0 ELSE 0.0 END) AS group_share_good_or_better
            FROM settled WHERE list_contains($members, dfe_code) GROUP BY ALL
        )
        SELECT s.framework, s.judgement_area, s.year, s.grade,
               CASE WHEN p.group_size >= $min_group THEN p.group_size END AS group_size,
               CASE WHEN p.group_size >= $min_group THEN p.group_median END AS group_median,
               CASE WHEN p.group_size >= $min_group THEN p.group_share_good_or_better END AS group_share_good_or_better
        FROM settled s LEFT JOIN peers p USING (framework, judgement_area, year)
        WHERE s.dfe_code = $code
        ORDER BY s.framework, s.judgement_area, s.year
        """,
        {"members": members, "code": code, "min_group": MIN_GROUP},
    )
    return _with_labels(frame).assign(group=described)


def sources(
    con: Connection, codes: list[str] | None, frameworks: list[str], areas: list[str], years: tuple[int, int]
) -> pd.DataFrame:
    """Every grade row with its full provenance, for the Sources page and CSV downloads."""
    return _df(
        con,
        """
        SELECT g.grade_id, a.name AS authority, g.dfe_code, g.year, g.framework, g.judgement_area, g.grade,
               g.how_stated, g.origin, g.source, g.locator, g.line, g.quote, g.source_kind, g.notes,
               ag.agreement
        FROM grades g JOIN authorities a USING (dfe_code)
        JOIN grade_agreement ag USING (dfe_code, year, framework, judgement_area)
        WHERE ($codes IS NULL OR list_contains($codes, g.dfe_code))
          AND list_contains($frameworks, g.framework) AND list_contains($areas, g.judgement_area)
          AND g.year BETWEEN $year_from AND $year_to
        ORDER BY authority, g.year, g.framework, g.judgement_area, g.grade_id
        """,
        {
            "codes": codes,
            "frameworks": frameworks,
            "areas": areas,
            "year_from": years[0],
            "year_to": years[1],
        },
    ).pipe(_with_labels)


def areas_loaded(con: Connection) -> pd.DataFrame:
    return _df(con, "SELECT framework, judgement_area, count(*) AS grades FROM grades GROUP BY ALL ORDER BY 1, 2")


def years_loaded(con: Connection) -> list[int]:
    return _df(con, "SELECT DISTINCT year FROM grades ORDER BY year")["year"].tolist()


def _with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the words for areas and grades that every chart and table shows beside the keys."""
    frame = frame.copy()
    if "judgement_area" in frame:
        frame["area_label"] = frame["judgement_area"].map(AREA_LABELS).fillna(frame["judgement_area"])
    if "grade" in frame:
        frame["grade_label"] = frame["grade"].map(lambda g: f"{g} {GRADE_LABELS[g]}" if g in GRADE_LABELS else "")
    return frame
