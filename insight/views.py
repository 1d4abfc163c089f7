"""Each chart the pages show, as data: the finished figure, its title, subtitle, file name and the rows drawn.

Each chart is built complete by one pure function of query results and filters (title, subtitle
with the filters, grade scale and source line included), so pages only place it and tests check
titles, file names and data directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from etl.vocabulary import AREA_LABELS, CPA_AREA, FRAMEWORK_SHORT, GRADE_LABELS, YEAR_RANGE
from insight import charts, export

SOURCE_KINDS = {
    "APA": "Ofsted APA letters and council reports",
    "JAR": "Joint area review reports and council papers",
    "CPA": "Audit Commission CPA scores as published",
}
CSV_COLUMNS = [
    "authority",
    "dfe_code",
    "framework",
    "judgement_area",
    "area_label",
    "year",
    "grade",
    "grade_label",
    "sources",
    "agreement",
    "cited",
    "quotes",
]


@dataclass(frozen=True)
class Filters:
    names: tuple[str, ...]
    framework: str
    areas: tuple[str, ...]
    years: tuple[int, int]
    group: str = ""

    def subtitle(self, year: int | None = None) -> str:
        areas = ", ".join(AREA_LABELS.get(a, a) for a in self.areas)
        period = str(year) if year else f"{self.years[0]}–{self.years[1]}"
        group = f"; compared with {self.group}" if self.group else ""
        return f"{', '.join(self.names)} · {areas} · {period}{group}"


@dataclass(frozen=True)
class Chart:
    figure: go.Figure  # finished: title, subtitle, scale note and source line included
    title: str
    subtitle: str
    stem: str
    data: pd.DataFrame
    csv_columns: list[str]
    selectable: bool = False  # points carry charts.POINT_FIELDS, so a click can show their sources
    summary: str = ""  # the chart in words: its text alternative


def finished(
    figure: go.Figure,
    title: str,
    subtitle: str,
    stem: str,
    data: pd.DataFrame,
    documents: int,
    source_kind: str = SOURCE_KINDS["APA"],
    note: str = charts.SCALE_NOTE,
    csv_columns: list[str] = CSV_COLUMNS,
    selectable: bool = False,
) -> Chart:
    """A just-built figure given its report title, subtitle, note and source line: the one place charts are finished."""
    source = export.source_line(documents, kind=source_kind)
    figure = charts.report_layout(figure, title, subtitle, source, note)
    return Chart(figure, title, subtitle, stem, data, csv_columns, selectable, _summary(title, subtitle, data))


def _summary(title: str, subtitle: str, data: pd.DataFrame) -> str:
    """The chart in one sentence, for readers who cannot see it: what, for whom, how many values."""
    if "grade" in data and "authority" in data:
        conflicts = int((data.get("agreement", pd.Series(dtype=str)) == "conflict").sum())
        disagree = f", {conflicts} of them from sources that disagree" if conflicts else ""
        counted = f"{len(data)} grade{'s' if len(data) != 1 else ''} drawn{disagree}"
    elif "value" in data:
        counted = f"{len(data)} values drawn"
    else:
        counted = f"{int(data['authorities'].sum()) if 'authorities' in data else len(data)} grades counted"
    return f"Chart: {title}. {subtitle.replace(' · ', '; ')}. {counted}; the table below the chart lists them."


def documents_behind(rows: pd.DataFrame) -> int:
    """How many distinct sources (documents or published pages) the rows drawn rest on."""
    if rows.empty or "cited" not in rows:
        return 0
    cited = rows["cited"].str.split("; ").explode()
    return cited.str.replace(r" \([^()]*\)$", "", regex=True).nunique()


def in_chosen_order(summary: pd.DataFrame, areas: tuple[str, ...]) -> pd.DataFrame:
    """Panels and rows follow the order the user chose the areas in."""
    order = {area: position for position, area in enumerate(areas)}
    return summary.sort_values("judgement_area", key=lambda column: column.map(order), kind="stable")


def trend_chart(summary: pd.DataFrame, filters: Filters) -> Chart:
    framework = FRAMEWORK_SHORT[filters.framework]
    summary = in_chosen_order(summary, filters.areas)
    return finished(
        figure=charts.trend_figure(summary, filters.years),
        title=f"{framework} grades over time",
        subtitle=filters.subtitle(),
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), filters.years),
        data=summary,
        documents=documents_behind(summary),
        source_kind=SOURCE_KINDS[filters.framework],
        selectable=True,
    )


def cpa_chart(summary: pd.DataFrame, filters: Filters) -> Chart:
    cpa = Filters(filters.names, "CPA", (CPA_AREA,), filters.years)
    return finished(
        figure=charts.trend_figure(summary, filters.years),
        title="CPA children and young people score",
        subtitle=f"{cpa.subtitle()} · Audit Commission score, derived from the APA but a separate record",
        stem=export.file_stem("cpa", ["children-and-young-people"], list(filters.names), filters.years),
        data=summary,
        documents=documents_behind(summary),
        source_kind=SOURCE_KINDS["CPA"],
        selectable=True,
    )


def grid_chart(summary: pd.DataFrame, filters: Filters, year: int) -> Chart:
    rows = in_chosen_order(summary[summary["year"] == year], filters.areas)
    return finished(
        figure=charts.grid_figure(
            rows, "authority", "area_label", f"No grades are loaded for {year} for this selection", list(filters.names)
        ),
        title=f"{FRAMEWORK_SHORT[filters.framework]} grades by area, {year}",
        subtitle=filters.subtitle(year),
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), (year, year), "grid"),
        data=rows,
        documents=documents_behind(rows),
        source_kind=SOURCE_KINDS[filters.framework],
    )


def distribution_chart(distribution: pd.DataFrame, marks: pd.DataFrame, filters: Filters, year: int) -> Chart:
    columns = ["judgement_area", "area_label", "grade", "grade_label", "authorities", "group_size", "median_grade"]
    rows = marks[marks["year"] == year]
    return finished(
        figure=charts.distribution_figure(distribution, rows, filters.group),
        title=f"How {filters.group} were graded, {year}, with the chosen authorities marked",
        subtitle=filters.subtitle(year)
        + " · statistic: number of authorities at each grade; median and share good or better below",
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), (year, year), "group"),
        data=distribution,
        documents=documents_behind(rows),
        csv_columns=[*columns, "share_good_or_better"],
    )


def profile_chart(summary: pd.DataFrame, name: str, framework: str, years: tuple[int, int]) -> Chart:
    rows = in_chosen_order(summary.sort_values("year"), tuple(AREA_LABELS))
    return finished(
        figure=charts.grid_figure(rows, "area_label", "year", f"No {framework} grades are loaded for {name}"),
        title=f"{name}: every {FRAMEWORK_SHORT[framework]} grade by area and year",
        subtitle=f"{name} · all areas · {years[0]}–{years[1]}",
        stem=export.file_stem(framework, ["all-areas"], [name], years, "profile"),
        data=rows,
        documents=documents_behind(rows),
        source_kind=SOURCE_KINDS[framework],
    )


def changes(standing: pd.DataFrame) -> pd.DataFrame:
    """Each grade beside the authority's previous grade for the same area: up, down or same, and the group's standing."""
    frame = standing.sort_values(["framework", "judgement_area", "year"]).copy()
    previous = frame.groupby(["framework", "judgement_area"])["grade"].shift()
    frame["previous"] = previous
    frame["change"] = [
        "" if pd.isna(p) else "▲ up" if g > p else "▼ down" if g < p else "= same" for g, p in zip(frame["grade"], previous)
    ]
    frame["against_group"] = [
        "" if pd.isna(m) else "above the median" if g > m else "below the median" if g < m else "at the median"
        for g, m in zip(frame["grade"], frame["group_median"])
    ]
    return frame


INDICATOR_COLUMNS = ["area_name", "area_level", "period", "year", "value", "method", "areas", "source", "locator", "notes"]


def indicator_chart(series: pd.DataFrame, entry: dict, names: tuple[str, ...]) -> Chart:
    """An indicator's chart: title is its name, subtitle the areas, the direction that is better and the comparators."""
    better = {"lower_better": "lower is better", "higher_better": "higher is better"}.get(
        entry["polarity"], "no better direction"
    )
    comparators = sorted(set(series.loc[series["area_level"] != "authority", "area_name"]))
    computed = series[series["area_level"].str.endswith("(computed)")]
    method = f"; computed comparators: {computed['method'].iloc[0]}" if len(computed) else ""
    years = (int(series["year"].min()), int(series["year"].max())) if len(series) else YEAR_RANGE
    return finished(
        figure=charts.indicator_figure(series, entry["unit"], entry["polarity"]),
        title=f"{entry['name']} ({entry['unit']})",
        subtitle=f"{', '.join(names)} against {', '.join(comparators) or 'no comparator loaded'} · {better}{method}",
        stem=export.file_stem(entry["indicator_id"], [], list(names), years, "indicator"),
        data=series,
        documents=series["source"].nunique(),
        csv_columns=INDICATOR_COLUMNS,
        source_kind="published indicator series (ONS, Hansard, council and press reports)",
        note=f"{entry['name']}: {better}. Dashed: England; dotted: regions. Computed comparators pool the areas' own figures.",
    )


def comparator_notes(series: pd.DataFrame) -> list[str]:
    """How each comparator line was made and what it rests on."""
    notes = []
    for name, frame in series[series["area_level"] != "authority"].groupby("area_name", sort=True):
        if frame["area_level"].iloc[0].endswith("(computed)"):
            areas = int(frame["areas"].min()) if frame["areas"].min() == frame["areas"].max() else "varying numbers of"
            notes.append(f"{name}: {frame['method'].iloc[0]}, from {areas} areas.")
        else:
            notes.append(f"{name}: as stated in {', '.join(dict.fromkeys(frame['source']))}.")
    return notes


def indicators_by_area(values: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome area and indicator, one column per year: what sits beside the area's grades."""
    if values.empty:
        return values
    values = values.assign(better=values["polarity"].map({"lower_better": "lower", "higher_better": "higher"}).fillna("neither"))
    table = values.pivot_table(
        index=["area_label", "indicator", "unit", "better"], columns="year", values="value", aggfunc="first"
    )
    table.columns = [str(c) for c in table.columns]
    sources = values.groupby(["area_label", "indicator"])["source"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    return table.reset_index().merge(sources.reset_index(), on=["area_label", "indicator"])


def group_summary_text(distribution: pd.DataFrame) -> list[str]:
    """One sentence per area: the median and share good or better, and how many authorities they rest on."""
    per_area = distribution.drop_duplicates("judgement_area")
    return [
        f"{row.area_label}: median grade {row.median_grade:g}, {row.share_good_or_better:.0%} good or better "
        f"(of {row.group_size} authorities)"
        for row in per_area.itertuples()
    ]


def home_chart(summary: pd.DataFrame, names: tuple[str, ...], year: int) -> Chart:
    """The first page's chart: one year's APA grades, an area a row, the home authority's column first."""
    rows = summary[summary["year"] == year]
    areas = [AREA_LABELS[a] for a in AREA_LABELS if a in set(rows["judgement_area"])]
    filters = Filters(names, "APA", tuple(a for a in AREA_LABELS if AREA_LABELS[a] in areas), (year, year))
    return finished(
        figure=charts.grid_figure(rows, "area_label", "authority", f"No APA grades are loaded for {year}", areas, list(names)),
        title=f"{names[0]}'s {year} APA grades beside {', '.join(names[1:]) or 'no other authority'}",
        subtitle=filters.subtitle(year),
        stem=export.file_stem("APA", ["all-areas"], list(names), (year, year), "home"),
        data=rows,
        documents=documents_behind(rows),
    )


def home_sentence(rows: pd.DataFrame, name: str, year: int) -> str:
    """ "Luton's 2008 APA: good in 7 of the 7 areas loaded." Written from the rows, never invented."""
    latest = rows[(rows["year"] == year) & (rows["agreement"] != "conflict")]
    counts = latest.groupby("grade")["judgement_area"].nunique().sort_index(ascending=False)
    parts = [f"{GRADE_LABELS[int(grade)]} in {n}" for grade, n in counts.items()]
    disputed = rows[(rows["year"] == year) & (rows["agreement"] == "conflict")]["judgement_area"].nunique()
    total = rows.loc[rows["year"] == year, "judgement_area"].nunique()
    conflict = f"; sources disagree on {disputed}" if disputed else ""
    return f"{name}'s {year} APA: {', '.join(parts)} of the {total} areas loaded{conflict}."


# Plain words for every column a page shows; the CSV downloads keep the machine names.
COLUMN_LABELS = {
    "authority": "Authority",
    "dfe_code": "DfE code",
    "region": "Region",
    "framework": "Inspection",
    "area_label": "Area",
    "year": "Year",
    "grade_label": "Grade",
    "sources": "Sources",
    "agreement": "Sources agree?",
    "cited": "Cited",
    "quotes": "Exact words",
    "source": "Source",
    "link": "Link",
    "locator": "Where in the source",
    "quote": "Exact words (documents you added)",
    "how_stated": "Stated in",
    "origin": "Origin",
    "source_kind": "Kind of source",
    "notes": "Notes",
    "reason": "Why it is held back",
    "file_name": "File",
    "kind": "Type",
    "status": "Status",
    "grades": "Grades",
    "loaded_at": "Loaded",
    "change": "Change since the last grade",
    "against_group": "Against the group",
    "group_median": "Group median grade",
    "group_share_good_or_better": "Group share good or better",
    "group_size": "Authorities in the group",
    "detail": "What each source says",
    "indicator": "Indicator",
    "unit": "Unit",
    "better": "Better when",
    "area_name": "Place",
    "area_level": "Level",
    "period": "Period",
    "value": "Value",
    "method": "How it is made",
    "areas": "Areas pooled",
    "median_grade": "Median grade",
    "share_good_or_better": "Share good or better",
    "authorities": "Authorities",
    "rule": "Read by rule",
    "sha256": "SHA-256",
}


def for_display(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Only these columns, under plain headers, with blanks where nothing is known: what a table on a page shows."""
    shown = frame.reindex(columns=columns)
    for column in shown.columns:
        if shown[column].isna().any():  # a gap reads as a blank, never "None" or "nan"
            shown[column] = [_plain(value) for value in shown[column]]
    if "link" in columns and "source" in frame:
        shown["link"] = [s if str(s).startswith("http") else "" for s in frame["source"]]
    return shown.rename(columns=COLUMN_LABELS)


def _plain(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if 0 < value < 1 and not value.is_integer() else f"{value:g}"
    return str(value)
