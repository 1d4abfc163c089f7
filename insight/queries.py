"""Every SQL the dashboard runs: plain functions of a DuckDB connection, parameterised, returning DataFrames.

Nothing here knows about Streamlit, so tests call these directly on a small database.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from vocabulary.areas import ALL_AREAS, AREA_LABELS
from vocabulary.comparison import ENGLAND_AUTHORITIES, MIN_GROUP
from vocabulary.frameworks import FRAMEWORKS
from vocabulary.grades import GOOD_OR_BETTER, GRADE_LABELS, grade_label

Connection = duckdb.DuckDBPyConnection


def _df(con: Connection, sql: str, params: list | dict | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def authorities(con: Connection) -> pd.DataFrame:
    """Every authority with how many grades are loaded for it."""
    return _df(
        con,
        """
        SELECT a.dfe_code, a.name, a.region, a.type, coalesce(a.later_names, '') AS later_names, count(g.grade_id) AS grades
        FROM authorities a LEFT JOIN grades g USING (dfe_code)
        GROUP BY ALL ORDER BY a.name
        """,
    )


def load_info(con: Connection) -> dict:
    row = _df(con, "SELECT * FROM load_info ORDER BY loaded_at DESC LIMIT 1")
    return row.iloc[0].to_dict() if len(row) else {}


def coverage_grid(con: Connection) -> pd.DataFrame:
    """Authorities x years; each cell says which inspections have grades and for how many areas ("APA: 7 areas · CPA score")."""
    cells = _df(
        con,
        """
        SELECT a.name AS authority, a.region, g.year,
               string_agg(CASE WHEN g.framework = 'CPA' THEN 'CPA score'
                               ELSE g.framework || ': ' || g.areas || CASE WHEN g.areas = 1 THEN ' area' ELSE ' areas' END
                          END, ' · ' ORDER BY g.framework) AS loaded
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
    """How many authorities and grades each inspection has loaded each year: what the data holds."""
    return _df(
        con,
        """
        SELECT framework, year, count(DISTINCT dfe_code) AS authorities, count(*) AS grades
        FROM grades GROUP BY ALL ORDER BY framework, year
        """,
    )


def latest_years(con: Connection, code: str) -> dict[str, int]:
    """The latest year each inspection has a grade loaded for an authority: what its first page can show."""
    rows = _df(con, "SELECT framework, max(year) AS year FROM grades WHERE dfe_code = ? GROUP BY ALL", [code])
    return dict(zip(rows["framework"], rows["year"].astype(int)))


def held_back(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT coalesce(authority, '') AS authority, year, framework, judgement_area, grade, origin,
               source, locator, quote, reason
        FROM held_back ORDER BY origin, source, framework, judgement_area
        """,
    ).pipe(_with_labels)


def conflicts(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT a.name AS authority, c.year, c.framework, c.judgement_area, c.grades, c.sources, c.detail
        FROM conflicts c JOIN authorities a USING (dfe_code)
        ORDER BY authority, year, framework, judgement_area
        """,
    ).pipe(_with_labels)


def documents(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT d.file_name, d.kind, d.status, a.name AS authority, d.grades, d.reason, d.sha256, d.loaded_at, d.path
        FROM documents d LEFT JOIN authorities a USING (dfe_code) ORDER BY d.file_name
        """,
    )


def loaded_grades(con: Connection, codes: list[str]) -> pd.DataFrame:
    """Every grade loaded for these authorities, with its source: what a document's new grades are checked against."""
    return _df(
        con,
        """
        SELECT dfe_code, year, framework, judgement_area, grade, source, locator, coalesce(source_sha256, '') AS source_sha256
        FROM grades WHERE list_contains(?, dfe_code) ORDER BY grade_id
        """,
        [codes],
    )


def missing_documents(con: Connection, code: str, years: list[int]) -> pd.DataFrame:
    """The APA years with no grade loaded for an authority, and whether any JAR is: what its documents could add."""
    return _df(
        con,
        """
        SELECT 'APA' AS framework, y.year FROM unnest(?) y(year)
        WHERE NOT EXISTS (SELECT 1 FROM grades g WHERE g.dfe_code = ? AND g.framework = 'APA' AND g.year = y.year)
        UNION ALL
        SELECT 'JAR', NULL WHERE NOT EXISTS (SELECT 1 FROM grades g WHERE g.dfe_code = ? AND g.framework = 'JAR')
        ORDER BY framework, year
        """,
        [years, code, code],
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
               list({'source': g.source, 'locator': g.locator} ORDER BY g.grade_id) AS cited,
               coalesce(string_agg(g.quote, ' | ' ORDER BY g.grade_id), '') AS quotes
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
        model = neighbour_model(con)
        return codes, f"{row['name']}'s statistical neighbours ({model['described']})"
    column = {"region": "region", "type": "type"}[group]
    codes = _df(con, f"SELECT dfe_code FROM authorities WHERE {column} = ? ORDER BY name", [row[column]])["dfe_code"]
    return codes.tolist(), f"authorities in {_region_name(row[column])}" if group == "region" else _plural_type(row[column])


def neighbour_model(con: Connection) -> dict:
    """The statistical neighbour model in use: its name and date, how many authorities have a list, and a phrase."""
    row = con.execute(
        "SELECT any_value(model), any_value(model_date), count(DISTINCT dfe_code) FROM statistical_neighbours"
    ).fetchone()
    model, dated, lists = row[0] or "", row[1] or "", row[2]
    described = f"{model}, {dated}" if dated else model
    return {"model": model, "model_date": dated, "authorities": lists, "described": described or "no model loaded"}


def groups_of(con: Connection, code: str) -> dict[str, tuple[str, list[str]]]:
    """The comparator groups an authority belongs to, each as (a description, its members' DfE codes)."""
    return {
        group: (_group_label(group, described), members)
        for group in ("region", "type", "neighbours")
        for members, described in [group_members(con, group, code)]
    }


_PLURAL_TYPES = {"County": "counties", "Unitary authority": "unitary authorities", "London borough": "London boroughs"}


def _plural_type(kind: str) -> str:
    """'unitary authorities', 'London boroughs', 'metropolitan districts': a type of authority, as a group."""
    return _PLURAL_TYPES.get(kind, f"{kind.lower()}s")


def _region_name(region: str) -> str:
    """'the East of England', 'London': a region as a sentence names it."""
    return region if region == "London" else f"the {region}"


def _group_label(group: str, described: str) -> str:
    """'the East of England', 'unitary authorities', 'statistical neighbours': what an 'Add ...' button adds."""
    if group == "region":
        return described.removeprefix("authorities in ")
    return described if group == "type" else "statistical neighbours"


def taken_among(group: str, members: list[str]) -> int:
    """How many authorities a group's statistic is taken among: England's 150 for 'all loaded', else its members."""
    return ENGLAND_AUTHORITIES if group == "all" else len(members)


def group_distribution(
    con: Connection, codes: list[str], framework: str, areas: list[str], year: int, among: int = 0
) -> pd.DataFrame:
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
                   avg(CASE WHEN grade >= $good THEN 1.0 ELSE 0.0 END) AS share_good_or_better
            FROM settled GROUP BY ALL
        )
        SELECT $framework AS framework, s.judgement_area, s.grade, count(*) AS authorities, p.group_size,
               CASE WHEN p.group_size * 3 >= $members_count THEN p.median_grade END AS median_grade,
               p.share_good_or_better
        FROM settled s JOIN per_area p USING (judgement_area)
        WHERE p.group_size >= $min_group
        GROUP BY ALL ORDER BY s.judgement_area, s.grade
        """,
        {
            "codes": codes,
            "framework": framework,
            "year": year,
            "areas": areas,
            "min_group": MIN_GROUP,
            "good": GOOD_OR_BETTER,
            "members_count": among or len(codes),
        },  # fmt: skip
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
                   avg(CASE WHEN grade >= $good THEN 1.0 ELSE 0.0 END) AS group_share_good_or_better
            FROM settled WHERE list_contains($members, dfe_code) GROUP BY ALL
        )
        SELECT s.framework, s.judgement_area, s.year, s.grade,
               CASE WHEN p.group_size >= $min_group THEN p.group_size END AS group_size,
               CASE WHEN p.group_size >= $min_group AND p.group_size * 3 >= $members_count THEN p.group_median END
                   AS group_median,  -- a median only over a third of the group or more (comparison.enough_loaded)
               CASE WHEN p.group_size >= $min_group THEN p.group_share_good_or_better END AS group_share_good_or_better
        FROM settled s LEFT JOIN peers p USING (framework, judgement_area, year)
        WHERE s.dfe_code = $code
        ORDER BY s.framework, s.judgement_area, s.year
        """,
        {
            "members": members,
            "members_count": taken_among(group, members),
            "code": code,
            "min_group": MIN_GROUP,
            "good": GOOD_OR_BETTER,
        },  # fmt: skip
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


def _with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the words for areas and grades that every chart and table shows beside the keys."""
    frame = frame.copy()
    if "judgement_area" in frame:
        frame["area_label"] = frame["judgement_area"].map(AREA_LABELS).fillna(frame["judgement_area"])
    if "grade" in frame:
        frameworks = frame["framework"] if "framework" in frame else pd.Series("APA", index=frame.index)
        frame["grade_label"] = [grade_label(g, f) if g in GRADE_LABELS else "" for g, f in zip(frame["grade"], frameworks)]
    return frame


# A rate whose count is also loaded can be pooled over areas: sum of counts / sum of (count / rate).
POOLABLE_RATES = {"U18_CONC_RATE": "U18_CONC_NUM"}


def indicator_catalogue(con: Connection) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT c.*, count(i.value) AS values_loaded, count(DISTINCT i.area_name) AS areas
        FROM indicator_catalogue c LEFT JOIN indicators i USING (indicator_id)
        GROUP BY ALL ORDER BY c.outcome_area, c.name
        """,
    )


def indicator_series(con: Connection, indicator: str, codes: list[str]) -> pd.DataFrame:
    """The chosen authorities' values with their regions' and England's, as stated or computed.

    Stated comparators come from the sources. For a rate whose counts are loaded too, regional and
    England rates are computed from every area's figures, and say so, with how many areas they rest on.
    """
    stated = _df(
        con,
        """
        WITH chosen AS (SELECT dfe_code, name, ons_code, region FROM authorities WHERE list_contains($codes, dfe_code))
        SELECT i.area_name, i.area_level, coalesce(i.dfe_code, c.dfe_code) AS dfe_code,
               coalesce(a.name, c.name) AS authority, i.year, i.period, i.value, i.source, i.locator, i.notes,
               'as stated in the source' AS method, NULL AS areas
        FROM indicators i
        LEFT JOIN authorities a ON a.dfe_code = i.dfe_code
        LEFT JOIN chosen c  -- ONS publishes Hackney with the City of London, Cornwall with the Isles of Scilly
          ON i.area_level = 'combined area' AND list_contains(string_split(i.ons_code, ', '), c.ons_code)
        WHERE i.indicator_id = $indicator
          AND (list_contains($codes, i.dfe_code) OR i.area_level = 'England' OR c.dfe_code IS NOT NULL
               OR (i.area_level = 'region' AND i.region IN (SELECT region FROM chosen)))
        """,
        {"indicator": indicator, "codes": codes},
    )
    count = POOLABLE_RATES.get(indicator)
    if count is None:
        return stated.sort_values(["area_level", "area_name", "year"], ignore_index=True)
    pooled = _df(
        con,
        """
        WITH pairs AS (
            SELECT r.region, r.year, n.value AS counted, n.value / r.value AS base
            FROM indicators r JOIN indicators n
              ON n.indicator_id = $count AND n.area_name = r.area_name AND n.year = r.year
            WHERE r.indicator_id = $indicator AND r.area_level NOT IN ('England', 'region') AND r.value > 0
        ),
        chosen AS (SELECT DISTINCT region FROM authorities WHERE list_contains($codes, dfe_code))
        SELECT region || ' (computed)' AS area_name, 'region (computed)' AS area_level, NULL AS dfe_code,
               NULL AS authority, year,
               CAST(year AS VARCHAR) AS period, round(sum(counted) / sum(base), 1) AS value,
               'computed from the areas'' figures in this table' AS source,
               count(*) || ' areas in ' || region AS locator, NULL AS notes,
               'sum of conceptions / sum of (conceptions / rate), over the region''s areas' AS method, count(*) AS areas
        FROM pairs WHERE region IN (SELECT region FROM chosen) GROUP BY region, year
        UNION ALL
        SELECT 'England (computed)', 'England (computed)', NULL, NULL, year, CAST(year AS VARCHAR),
               round(sum(counted) / sum(base), 1), 'computed from the areas'' figures in this table',
               count(*) || ' areas', NULL, 'sum of conceptions / sum of (conceptions / rate), over all areas', count(*)
        FROM pairs GROUP BY year
        """,
        {"indicator": indicator, "count": count, "codes": codes},
    )
    return pd.concat([stated, pooled], ignore_index=True).sort_values(["area_level", "area_name", "year"], ignore_index=True)


def every_indicator_value(con: Connection) -> pd.DataFrame:
    """Every indicator value loaded, with its definition's name and unit and where it was read."""
    return _df(
        con,
        """
        SELECT c.name AS indicator, c.unit, i.area_name, i.area_level, i.dfe_code, i.period, i.year, i.value,
               i.source, i.locator, i.notes
        FROM indicators i JOIN indicator_catalogue c USING (indicator_id)
        ORDER BY c.name, i.area_level, i.area_name, i.year
        """,
    )


def authority_indicators(con: Connection, code: str, year_from: int, year_to: int) -> pd.DataFrame:
    """An authority's indicator values by outcome area, for the profile, with their sources."""
    return _df(
        con,
        """
        SELECT c.outcome_area AS judgement_area, c.name AS indicator, c.unit, c.polarity, i.year, i.period, i.value,
               i.source, i.locator
        FROM indicators i JOIN indicator_catalogue c USING (indicator_id)
        WHERE i.dfe_code = ? AND i.year BETWEEN ? AND ?
        ORDER BY c.outcome_area, c.name, i.year
        """,
        [code, year_from, year_to],
    ).pipe(_with_labels)


def indicators_against_group(con: Connection, code: str, group: str, year_from: int, year_to: int) -> pd.DataFrame:
    """Each of an authority's indicator values beside its comparator group's mean for the same indicator and year (the
    group's n with a value); the mean only where at least MIN_GROUP of the group have one. Indicators are measures, so
    a mean; grades are compared by their median (standing)."""
    members, _ = group_members(con, group, code)
    return _df(
        con,
        """
        WITH own AS (
            SELECT indicator_id, year, value FROM indicators WHERE dfe_code = $code AND year BETWEEN $year_from AND $year_to
        ),
        peers AS (
            SELECT indicator_id, year, avg(value) AS group_mean, count(*) AS group_n
            FROM indicators WHERE list_contains($members, dfe_code) GROUP BY ALL
        )
        SELECT c.outcome_area AS judgement_area, c.name AS indicator, c.unit, o.year, o.value,
               CASE WHEN p.group_n >= $min_group THEN p.group_mean END AS group_mean,
               coalesce(p.group_n, 0) AS group_n, $size AS group_size
        FROM own o JOIN indicator_catalogue c USING (indicator_id)
        LEFT JOIN peers p USING (indicator_id, year)
        ORDER BY c.outcome_area, c.name, o.year
        """,
        {
            "code": code,
            "members": members,
            "year_from": year_from,
            "year_to": year_to,
            "min_group": MIN_GROUP,
            "size": len(members),
        },  # fmt: skip
    ).pipe(_with_labels)


def map_hexes(con: Connection) -> pd.DataFrame:
    """Every hex of the map with its authority's name, region, type and three-letter code: mySociety's
    local-authority-code, read from the row it came from, or for Bedfordshire and Cheshire, gone in 2009, the
    ISO 3166-2:GB code they had until then."""
    return _df(
        con,
        """
        SELECT h.dfe_code, a.name, a.region, a.type, h.q, h.r,
               coalesce(nullif(regexp_extract(a.source_locator, 'local-authority-code=([A-Z]{3})', 1), ''),
                        CASE a.dfe_code WHEN '820' THEN 'BDF' WHEN '875' THEN 'CHS' END) AS short_code
        FROM map_hexes h JOIN authorities a USING (dfe_code)
        """,
    )


# Every graded measure (inspection, area, year) ranked over all authorities: ties share a rank, 1 is the best grade.
# Sources that disagree leave an authority unranked and out of everyone's counts.
_RANKED_GRADES = """
    stated AS (
        SELECT dfe_code, framework, judgement_area, year, min(grade) AS low, max(grade) AS high,
               list_sort(list(DISTINCT {'source': source, 'locator': locator})) AS cited
        FROM grades GROUP BY ALL
    ),
    ranked AS (
        SELECT *, low AS grade, rank() OVER (PARTITION BY framework, judgement_area, year ORDER BY low DESC) AS rank,
               count(*) OVER (PARTITION BY framework, judgement_area, year) AS ranked_of,
               count(*) OVER (PARTITION BY framework, judgement_area, year, low) - 1 AS same
        FROM stated WHERE low = high
    )
"""
# Every indicator and year ranked by the indicator's polarity (the highest first where it has none, and for a count,
# which follows an authority's size rather than its performance), cut into
# quartiles on the rank so ties share a band, as LAIT bands them: quartile 1 is the best quarter.
_RANKED_INDICATORS = """
    stated AS (
        SELECT i.indicator_id, i.year, i.dfe_code, CASE WHEN c.unit = 'count' THEN 'neutral' ELSE c.polarity END AS polarity,
               min(i.value) AS low, max(i.value) AS high,
               string_agg(DISTINCT i.period, ', ') AS period,
               list_sort(list(DISTINCT {'source': i.source, 'locator': i.locator})) AS cited
        FROM indicators i JOIN indicator_catalogue c USING (indicator_id) WHERE i.dfe_code IS NOT NULL GROUP BY ALL
    ),
    ranked AS (
        SELECT *, low AS value,
               rank() OVER (PARTITION BY indicator_id, year ORDER BY CASE WHEN polarity = 'lower_better' THEN low ELSE -low END)
                   AS rank,
               count(*) OVER (PARTITION BY indicator_id, year) AS ranked_of,
               count(*) OVER (PARTITION BY indicator_id, year, low) - 1 AS same
        FROM stated WHERE low = high
    )
"""


def england_grades(con: Connection, framework: str, area: str, year: int) -> pd.DataFrame:
    """Every authority for one graded measure: its grade, rank of those graded, and how many were graded above it."""
    return _df(
        con,
        f"""
        WITH {_RANKED_GRADES}
        SELECT a.dfe_code, a.name AS authority, a.region, a.type, $framework AS framework, $area AS judgement_area,
               $year AS year, r.grade, coalesce(r.grade::VARCHAR, s.low || ' and ' || s.high) AS stated,
               CASE WHEN s.low <> s.high THEN 'sources disagree' END AS conflict,
               r.rank, r.ranked_of, r.rank - 1 AS higher, r.same, r.ranked_of - r.rank - r.same AS lower,
               coalesce(s.cited, []) AS cited
        FROM authorities a
        LEFT JOIN stated s ON s.dfe_code = a.dfe_code AND s.framework = $framework AND s.judgement_area = $area AND s.year = $year
        LEFT JOIN ranked r ON r.dfe_code = a.dfe_code AND r.framework = $framework AND r.judgement_area = $area AND r.year = $year
        ORDER BY r.rank NULLS LAST, s.low DESC NULLS LAST, a.name
        """,
        {"framework": framework, "area": area, "year": year},
    ).pipe(_with_labels)


def england_indicator(con: Connection, indicator: str, year: int) -> pd.DataFrame:
    """Every authority for one indicator and year: value, rank (1 = best by the indicator's polarity) and quartile."""
    return _df(
        con,
        f"""
        WITH {_RANKED_INDICATORS}
        SELECT a.dfe_code, a.name AS authority, a.region, a.type, $indicator AS indicator_id, $year AS year, s.period,
               r.value, CASE WHEN s.low <> s.high THEN 'sources disagree: ' || s.low || ' and ' || s.high END AS conflict,
               r.rank, r.ranked_of, r.same, {_QUARTILE} AS quartile, coalesce(s.cited, []) AS cited
        FROM authorities a
        LEFT JOIN stated s ON s.dfe_code = a.dfe_code AND s.indicator_id = $indicator AND s.year = $year
        LEFT JOIN ranked r ON r.dfe_code = a.dfe_code AND r.indicator_id = $indicator AND r.year = $year
        ORDER BY r.rank NULLS LAST, a.name
        """,
        {"indicator": indicator, "year": year},
    )


_QUARTILE = "floor((r.rank - 1) * 4 / r.ranked_of)::INTEGER + 1"


def authority_ranks(con: Connection, code: str) -> pd.DataFrame:
    """One authority's rank among all loaded for each grade and indicator value it has: the profile's standing."""
    grades = (
        _df(
            con,
            f"""
        WITH {_RANKED_GRADES}
        SELECT framework, judgement_area, year, grade, rank, ranked_of, rank - 1 AS higher, same,
               ranked_of - rank - same AS lower
        FROM ranked r WHERE dfe_code = $code
        """,
            {"code": code},
        )
        .pipe(_in_display_order)
        .pipe(_with_labels)
    )
    values = _df(
        con,
        f"""
        WITH {_RANKED_INDICATORS}
        SELECT c.name AS indicator, c.unit, r.polarity, r.year, r.period, r.value, r.rank, r.ranked_of, r.same,
               {_QUARTILE} AS quartile
        FROM ranked r JOIN indicator_catalogue c USING (indicator_id) WHERE r.dfe_code = $code ORDER BY c.name, r.year
        """,
        {"code": code},
    )
    return pd.concat([grades, values], ignore_index=True)


def _in_display_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Grades in the order every chart and table shows them: by inspection, then area as listed, then year."""
    places = {**{f: n for n, f in enumerate(FRAMEWORKS)}, **{a: n for n, a in enumerate(ALL_AREAS)}}
    ordered = frame.sort_values(["framework", "judgement_area", "year"], key=lambda c: c.map(places) if c.name != "year" else c)
    return ordered.reset_index(drop=True)


def measure_years(con: Connection) -> pd.DataFrame:
    """Which measures have values in which years, with how many authorities: the England page's choices."""
    return _df(
        con,
        """
        SELECT framework AS measure, judgement_area AS detail, year, count(DISTINCT dfe_code) AS authorities
        FROM grades GROUP BY ALL
        UNION ALL
        SELECT 'indicator', indicator_id, year, count(DISTINCT dfe_code) FROM indicators WHERE dfe_code IS NOT NULL GROUP BY ALL
        ORDER BY 1, 2, 3
        """,
    )
