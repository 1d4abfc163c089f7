"""Each chart the pages show, as data: the finished figure, its title, subtitle, file name and the rows drawn.

Each chart is built complete by one pure function of query results and filters (title, subtitle
with the filters, grade scale and source line included), so pages only place it and tests check
titles, file names and data directly.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from etl.vocabulary import (
    AREA_LABELS,
    FRAMEWORK_SHORT,
    GRADE_COLOURS,
    GRADE_LABELS,
    YEAR_RANGE,
    grade_label,
    inspection_area_label,
    judged,
)
from insight import charts, export
from insight.queries import THIN_COVERAGE

_MARKDOWN_SIGNS = re.compile(r"[\\`*_{}\[\]<>#$~|]")


def as_text(words: str) -> str:
    """Words from a document or a link, escaped so Streamlit's Markdown shows them as written and never runs them."""
    return _MARKDOWN_SIGNS.sub(r"\\\g<0>", words)


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
    names: tuple[str, ...]  # in the order chosen
    framework: str
    areas: tuple[str, ...]
    years: tuple[int, int]
    group: str = ""
    slots: tuple[int, ...] = ()  # each authority's place in the session's order of first choice: its colour and symbol
    home: str = ""  # drawn strongest; by default the first chosen
    codes: tuple[str, ...] = ()  # the DfE codes of names, where known

    def subtitle(self, year: int | None = None) -> str:
        areas = ", ".join(AREA_LABELS.get(a, a) for a in self.areas)
        period = str(year) if year else f"{self.years[0]}–{self.years[1]}"
        group = f"; compared with {self.group}" if self.group else ""
        return f"{', '.join(self.names)} · {areas} · {period}{group}"

    def drawn(self) -> dict[str, charts.Identity]:
        return charts.identities(self.names, self.slots, self.home or None)


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
    built: str = ""  # when the data drawn was built, for the CSV
    opens_profile: bool = False  # a click on a point opens the profile of the authority in its customdata[0]


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
    built: str = "",
) -> Chart:
    """A just-built figure given its report title, subtitle, note and source line: the one place charts are finished."""
    source = export.source_line(documents, kind=source_kind, built=built)
    figure = charts.report_layout(figure, title, subtitle, source, note)
    return Chart(figure, title, subtitle, stem, data, csv_columns, selectable, _summary(title, subtitle, data), built)


def _summary(title: str, subtitle: str, data: pd.DataFrame) -> str:
    """The chart in one sentence, for readers who cannot see it: what, for whom, how many values."""
    if "band" in data:
        missing = int((data["band"] == charts.NOT_LOADED_BAND).sum())
        counted = f"{len(data) - missing} authorities coloured and {missing} hatched as not loaded"
    elif "grade" in data and "authority" in data:
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


def scale_note(framework: str) -> str:
    return charts.CPA_NOTE if framework == "CPA" else charts.SCALE_NOTE


def trend_chart(summary: pd.DataFrame, filters: Filters, built: str = "") -> Chart:
    framework = FRAMEWORK_SHORT[filters.framework]
    summary = in_chosen_order(summary, filters.areas)
    missing = [name for name in filters.names if name not in set(summary["authority"])]
    not_drawn = f". No grade loaded for {', '.join(missing)}" if missing else ""
    return finished(
        figure=charts.trend_figure(summary, filters.years, filters.drawn(), filters.framework),
        title=f"{framework} grades over time" if filters.framework != "CPA" else "CPA children and young people score over time",
        subtitle=filters.subtitle(),
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), filters.years),
        data=summary,
        documents=documents_behind(summary),
        source_kind=SOURCE_KINDS[filters.framework],
        note=f"{scale_note(filters.framework)}. {charts.GAP_NOTE}{not_drawn}",
        selectable=True,
        built=built,
    )


def grid_chart(summary: pd.DataFrame, filters: Filters, year: int, built: str = "") -> Chart:
    rows = in_chosen_order(summary[summary["year"] == year], filters.areas)
    home = filters.home or filters.names[0]
    return finished(
        figure=charts.grid_figure(
            rows, "authority", "area_label", f"No grades are loaded for {year} for this selection", list(filters.names), home=home
        ),
        title=f"{FRAMEWORK_SHORT[filters.framework]} grades by area, {year}",
        subtitle=filters.subtitle(year),
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), (year, year), "grid"),
        data=rows,
        documents=documents_behind(rows),
        source_kind=SOURCE_KINDS[filters.framework],
        note=scale_note(filters.framework),
        built=built,
    )


GROUP_CAVEAT = (
    "The group holds only authorities whose grades are loaded here; published sources often named the best and "
    "worst results, so this is not a national picture"
)
GROUP_CSV_COLUMNS = [*CSV_COLUMNS, "group", "group_size", "group_median", "group_share_good_or_better"]


def distribution_chart(
    distribution: pd.DataFrame,
    member_grades: pd.DataFrame,
    members: tuple[str, ...],
    marks: pd.DataFrame,
    filters: Filters,
    year: int,
    built: str = "",
) -> Chart:
    """How one named group was graded, with the chosen authorities that belong to it marked and the rest said.

    The image carries what qualifies it: the group, how many authorities each area rests on, the statistic, the
    medians and the caveat; the CSV lists every member's grade with its source.
    """
    inside = {name for name, code in zip(filters.names, filters.codes) if code in members}
    marked = {name: identity for name, identity in filters.drawn().items() if name in inside}
    outside = [name for name in filters.names if name not in inside]
    ungraded = [name for name in marked if name not in set(member_grades["authority"])]
    rows = marks[marks["year"] == year]
    stats = distribution.drop_duplicates("judgement_area").set_index("judgement_area")
    data = member_grades.join(stats[["group_size", "median_grade", "share_good_or_better"]], on="judgement_area")
    data = data.rename(columns={"median_grade": "group_median", "share_good_or_better": "group_share_good_or_better"})
    data["group_median"] = data["group_median"].map(lambda m: median_words(m, filters.framework))
    data["group_share_good_or_better"] = data["group_share_good_or_better"].map(whole_percent)
    not_marked = f"; not in the group, so not marked: {', '.join(outside)}" if outside else ""
    not_marked += f"; no {year} grade in these areas: {', '.join(ungraded)}" if ungraded else ""
    return finished(
        figure=charts.distribution_figure(distribution, rows, filters.group, marked),
        title=f"How {filters.group} were graded, {year}",
        subtitle=f"{filters.subtitle(year)}{not_marked}",
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), (year, year), "group"),
        data=data.assign(group=filters.group),
        documents=documents_behind(member_grades),
        csv_columns=GROUP_CSV_COLUMNS,
        source_kind=SOURCE_KINDS[filters.framework],
        note="Statistic: the number of the group's authorities at each grade (a grade where sources disagree is left out). "
        + ". ".join(group_summary_text(distribution))
        + f". {GROUP_CAVEAT}",
        built=built,
    )


def profile_chart(summary: pd.DataFrame, name: str, framework: str, years: tuple[int, int], built: str = "") -> Chart:
    """Every grade of one authority by area and year; a cell for an area the inspection did not judge that year says
    so ("not judged"), never "not loaded"."""
    rows = in_chosen_order(summary.sort_values("year"), tuple(AREA_LABELS))
    area_keys = dict(zip(rows["area_label"], rows["judgement_area"]))
    return finished(
        figure=charts.grid_figure(
            rows,
            "area_label",
            "year",
            f"No {framework} grades are loaded for {name}",
            not_judged=lambda label, year: not judged(framework, area_keys.get(label, ""), int(year)),
        ),
        title=f"{name}: every {FRAMEWORK_SHORT[framework]} {'score' if framework == 'CPA' else 'grade'} by area and year",
        subtitle=f"{name} · all areas · {years[0]}–{years[1]}",
        stem=export.file_stem(framework, ["all-areas"], [name], years, "profile"),
        data=rows,
        documents=documents_behind(rows),
        source_kind=SOURCE_KINDS[framework],
        note=scale_note(framework),
        built=built,
    )


def changes(standing: pd.DataFrame) -> pd.DataFrame:
    """Each grade beside the authority's previous grade for the same area: up, down or same, since which year,
    and across which missing years; and where it stands against the group's median."""
    frame = standing.sort_values(["framework", "judgement_area", "year"]).copy()
    grouped = frame.groupby(["framework", "judgement_area"])
    frame["previous"] = grouped["grade"].shift()
    before = grouped["year"].shift()
    frame["change"] = [_change(g, p, y, b) for g, p, y, b in zip(frame["grade"], frame["previous"], frame["year"], before)]
    frame["against_group"] = [
        "" if pd.isna(m) else "above the median" if g > m else "below the median" if g < m else "at the median"
        for g, m in zip(frame["grade"], frame["group_median"])
    ]
    frame["group_median"] = [median_words(m, f) for m, f in zip(frame["group_median"], frame["framework"])]
    if "group_share_good_or_better" in frame:
        frame["group_share_good_or_better"] = frame["group_share_good_or_better"].map(whole_percent)
    shown_order = frame["judgement_area"].map({area: n for n, area in enumerate(AREA_LABELS)})  # as every chart lists areas
    return frame.assign(order=shown_order).sort_values(["framework", "order", "year"]).drop(columns="order")


def _change(grade: int, previous: float, year: int, before: float) -> str:
    if pd.isna(previous):
        return ""
    word = "▲ up" if grade > previous else "▼ down" if grade < previous else "= same"
    missing = list(range(int(before) + 1, int(year)))
    gap = f" (no grade for {', '.join(map(str, missing))})" if missing else ""
    return f"{word} since {int(before)}{gap}"


def median_words(median: float, framework: str = "APA") -> str:
    """An ordinal median as a grade, or the two grades it falls between: never '2.5' of a category."""
    if pd.isna(median):
        return ""
    if float(median).is_integer():
        return grade_label(int(median), framework)
    low, high = math.floor(median), math.ceil(median)
    if framework == "CPA":
        return f"between {low} and {high} out of 4"
    return f"between {GRADE_LABELS[low]} and {GRADE_LABELS[high]}"


def whole_percent(share: float) -> str:
    return "" if pd.isna(share) else f"{share:.0%}"


INDICATOR_COLUMNS = ["area_name", "area_level", "period", "year", "value", "method", "areas", "source", "locator", "notes"]


def indicator_chart(series: pd.DataFrame, entry: dict, filters: Filters, built: str = "") -> Chart:
    """An indicator's chart: title is its name, subtitle the areas, the direction that is better and the comparators.

    A count is drawn for the authorities alone: a region's or England's total does not belong on their scale.
    """
    better = {"lower_better": "lower is better", "higher_better": "higher is better"}.get(
        entry["polarity"], "no better direction"
    )
    counted = entry["unit"] == "count"
    if counted:
        series = series[series["area_level"].isin(AUTHORITY_LEVELS)]
    series = series.assign(area_name=[_place_name(r.area_name, r.area_level) for r in series.itertuples()])
    styles = charts.comparator_styles(series)
    comparators = ", ".join(styles) or ("no comparator: counts are not set against totals" if counted else "no comparator loaded")
    computed = series[series["area_level"].str.endswith("(computed)")]
    method = f"; computed comparators: {computed['method'].iloc[0]}" if len(computed) else ""
    years = (int(series["year"].min()), int(series["year"].max())) if len(series) else YEAR_RANGE
    key = "; ".join(f"{name}: {_STYLE_WORDS[dash]}" for name, (dash, _) in styles.items())
    return finished(
        figure=charts.indicator_figure(series, entry["unit"], entry["polarity"], _indicator_identities(series, filters)),
        title=f"{entry['name']} ({entry['unit']})",
        subtitle=f"{', '.join(filters.names)} against {comparators} · {better}{method}",
        stem=export.file_stem(entry["indicator_id"], [], list(filters.names), years, "indicator"),
        data=series,
        documents=series["source"].nunique(),
        csv_columns=INDICATOR_COLUMNS,
        source_kind="published indicator series (ONS, Hansard, council and press reports)",
        note=f"{entry['name']}: {better}. Authorities: solid lines"
        + (f"; {key}" if key else "")
        + ". Computed comparators pool the areas' own figures",
        built=built,
    )


AUTHORITY_LEVELS = ("authority", "combined area")
_STYLE_WORDS = {"dash": "black dashed", "dot": "grey dotted", "dashdot": "grey dash-dot", "longdash": "grey long dashes"}


def _place_name(name: str, level: str) -> str:
    return f"{name} (ONS combined area)" if level == "combined area" else name


def _indicator_identities(series: pd.DataFrame, filters: Filters) -> dict[str, charts.Identity]:
    """Each authority's line in its own colour, a combined area in the colour of the authority it stands for."""
    places = series[series["area_level"].isin(AUTHORITY_LEVELS)].drop_duplicates("area_name")
    place_of = dict(zip(places["authority"], places["area_name"]))
    return {place_of[name]: identity for name, identity in filters.drawn().items() if name in place_of}


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
    """One sentence per area: the median as a grade, the counts at each grade and the share good or better."""
    sentences = []
    for _, frame in distribution.groupby("judgement_area", sort=False):
        row = frame.iloc[0]
        framework = row.get("framework", "APA")
        counts = ", ".join(
            f"{n} {grade_label(int(g), framework).split(' ', 1)[1] if framework != 'CPA' else f'at {int(g)}'}"
            for g, n in zip(frame["grade"][::-1], frame["authorities"][::-1])
        )
        sentences.append(
            f"{row['area_label']}: median {median_words(row['median_grade'], framework)} ({counts}); "
            f"{whole_percent(row['share_good_or_better'])} {'3 or 4' if framework == 'CPA' else 'good or better'} "
            f"of {row['group_size']} authorities"
        )
    return sentences


def home_chart(summary: pd.DataFrame, names: tuple[str, ...], year: int, built: str = "") -> Chart:
    """The first page's chart: one year's APA grades, the home authority first and bold.

    Up to six authorities stand side by side as columns, an area a row; more are rows, so no label overlaps.
    """
    rows = summary[summary["year"] == year]
    areas = [AREA_LABELS[a] for a in AREA_LABELS if a in set(rows["judgement_area"])]
    filters = Filters(names, "APA", tuple(a for a in AREA_LABELS if AREA_LABELS[a] in areas), (year, year))
    empty = f"No APA grades are loaded for {year}"
    if len(names) <= 6:
        figure = charts.grid_figure(rows, "area_label", "authority", empty, areas, list(names), home=names[0])
    else:
        figure = charts.grid_figure(rows, "authority", "area_label", empty, list(names), areas, home=names[0])
    return finished(
        figure=figure,
        title=f"{names[0]}'s {year} APA grades beside {len(names) - 1} other authorit{'y' if len(names) == 2 else 'ies'}"
        if len(names) > 1
        else f"{names[0]}'s {year} APA grades",
        subtitle=filters.subtitle(year),
        stem=export.file_stem("APA", ["all-areas"], list(names), (year, year), "home"),
        data=rows,
        documents=documents_behind(rows),
        built=built,
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
    "rank": "Rank",
    "rank_text": "Rank of those loaded",
    "type": "Type",
    "shown": "Grade",
    "band": "Band",
    "higher": "Graded higher",
    "same": "Graded the same",
    "lower": "Graded lower",
    "conflict": "Sources disagree?",
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
    "load": "Load",
    "line": "Line",
    "already_loaded": "Already loaded",
    "why": "Why it was not taken",
    "judgement_area": "Area (code)",
    "grade": "Grade (1-4)",
    "group": "Comparator group",
    "data_built": "Data built",
    "exported": "Exported",
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


@dataclass(frozen=True)
class Measure:
    """What the England views show for every authority: one inspection's area in a year, or one indicator in a year."""

    year: int
    framework: str = ""  # APA, JAR or CPA for a grade; empty for an indicator
    area: str = ""
    indicator_id: str = ""
    indicator_name: str = ""
    unit: str = ""
    polarity: str = "neutral"

    @property
    def is_grade(self) -> bool:
        return bool(self.framework)

    @property
    def what(self) -> str:
        """'Ofsted APA staying safe', 'Audit Commission CPA children and young people score': the measure, no year."""
        if self.framework == "CPA":
            return "Audit Commission CPA children and young people score"
        if self.is_grade:
            return f"{FRAMEWORK_SHORT[self.framework]} {AREA_LABELS.get(self.area, self.area).lower()}"
        return f"{self.indicator_name} ({self.unit})"

    @property
    def label(self) -> str:
        return f"{self.what}, {self.year}"

    @property
    def stem(self) -> str:
        what = [self.framework, self.area] if self.is_grade else [self.indicator_id]
        return export.file_stem(*what[:1], what[1:], ["england"], (self.year, self.year), "map")


def measure_of(year: int, framework: str = "", area: str = "", entry: dict | None = None) -> Measure:
    """A grade's measure when a framework is given, else the indicator of its catalogue entry, read with its polarity."""
    if framework:
        return Measure(year, framework=framework, area=area)
    polarity = "neutral" if entry["unit"] == "count" else entry["polarity"]  # a count follows the authority's size
    return Measure(year, indicator_id=entry["indicator_id"], indicator_name=entry["name"], unit=entry["unit"], polarity=polarity)


ENGLAND_AUTHORITIES = 150
QUARTER_WORDS = {
    "better": ["Best quarter", "Second quarter", "Third quarter", "Worst quarter"],
    "neutral": ["Highest quarter", "Second highest quarter", "Second lowest quarter", "Lowest quarter"],
}
QUARTER_COLOURS = ["#08306b", "#2f6eb5", "#7fb0d8", "#d3e4f3"]  # dark is best (or highest): one hue, in order
CONFLICT_BAND = "Sources disagree"
_WHO = ["rank", "rank_text", "authority", "dfe_code", "region", "type"]
ENGLAND_COLUMNS = {  # the table on the page and its CSV and Excel downloads: the same columns
    "grade": [*_WHO, "year", "shown", "band", "higher", "same", "lower", "cited"],
    "indicator": [*_WHO, "period", "value", "band", "conflict", "cited"],
}


def ranked(rows: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """Every authority for one measure in one shape: what is shown, its band, and its rank with the n it is out of."""
    rows = rows.copy()
    if measure.is_grade:
        rows["shown"] = [
            label if label else (f"{stated} (sources disagree)" if isinstance(stated, str) else "")
            for label, stated in zip(rows["grade_label"], rows["stated"])
        ]
        rows["band"] = [
            label or (CONFLICT_BAND if conflict else charts.NOT_LOADED_BAND)
            for label, conflict in zip(rows["grade_label"], rows["conflict"].notna())
        ]
    else:
        words = QUARTER_WORDS["neutral" if measure.polarity == "neutral" else "better"]
        rows["shown"] = [f"{v:g}" if pd.notna(v) else (c or "") for v, c in zip(rows["value"], rows["conflict"].fillna(""))]
        rows["band"] = [
            words[int(q) - 1] if pd.notna(q) else (CONFLICT_BAND if pd.notna(c) else charts.NOT_LOADED_BAND)
            for q, c in zip(rows["quartile"], rows["conflict"])
        ]
    rows["rank_text"] = [rank_text(rank, n, same) for rank, n, same in zip(rows["rank"], rows["ranked_of"], rows["same"])]
    return rows


def rank_text(rank: float, ranked_of: float, same: float) -> str:
    """'12th= of 68 loaded': a rank never without its n, '=' where others share it; empty where there is no rank."""
    if pd.isna(rank):
        return ""
    return f"{ordinal(int(rank))}{'=' if same else ''} of {int(ranked_of)} loaded"


def standing_table(ranks: pd.DataFrame) -> pd.DataFrame:
    """The profile's ranks: each grade and indicator value with its rank of n and its band, in words."""
    graded = ranks["grade"].notna()
    measure = [
        f"{FRAMEWORK_SHORT[f]} {str(area).lower()}" if is_grade else f"{name} ({unit})"
        for is_grade, f, area, name, unit in zip(
            graded, ranks["framework"], ranks["area_label"], ranks["indicator"], ranks["unit"]
        )
    ]
    value = [grade if is_grade else f"{v:g}" for is_grade, grade, v in zip(graded, ranks["grade_label"], ranks["value"])]
    band = [
        f"{int(higher)} higher, {int(same)} the same, {int(lower)} lower"
        if is_grade
        else QUARTER_WORDS["neutral" if polarity == "neutral" else "better"][int(quartile) - 1]
        for is_grade, higher, same, lower, polarity, quartile in zip(
            graded, ranks["higher"], ranks["same"], ranks["lower"], ranks["polarity"], ranks["quartile"]
        )
    ]
    return pd.DataFrame(
        {
            "Measure": measure,
            "Year": ranks["year"].astype(int),
            "Value": value,
            "Rank among all authorities loaded": [rank_text(*r) for r in zip(ranks["rank"], ranks["ranked_of"], ranks["same"])],
            "Others loaded, or quarter": band,
        }
    )


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def bands(measure: Measure) -> list[charts.Band]:
    """A map's key in order: the grades best first (or the quarters), then sources that disagree, then not loaded."""
    if measure.is_grade:
        scale = [charts.Band(grade_label(g, measure.framework), GRADE_COLOURS[g]) for g in (4, 3, 2, 1)]
    else:
        words = QUARTER_WORDS["neutral" if measure.polarity == "neutral" else "better"]
        scale = [charts.Band(word, colour) for word, colour in zip(words, QUARTER_COLOURS)]
    return [*scale, charts.Band(CONFLICT_BAND, "#ffffff", "x"), charts.Band(charts.NOT_LOADED_BAND, "#ffffff", "/")]


def england_map_chart(
    rows: pd.DataFrame, hexes: pd.DataFrame, measure: Measure, chosen: tuple[str, ...], built: str = ""
) -> Chart:
    """The hex map of all 150 authorities for one measure: coloured where loaded, hatched where not, the chosen outlined."""
    table = ranked(rows, measure)
    cells = hexes[["dfe_code", "q", "r"]].merge(table, on="dfe_code", how="left")
    cells["chosen"] = cells["dfe_code"].isin(chosen)
    cells["hover"] = [_hex_hover(row) for row in cells.itertuples()]
    loaded = int((table["band"] != charts.NOT_LOADED_BAND).sum())
    coverage = " ".join(coverage_by_source(table))
    polarity = (
        ""
        if measure.is_grade
        else {"lower_better": "; lower is better", "higher_better": "; higher is better"}.get(
            measure.polarity, "; no better direction: quarters run from highest to lowest"
        )
    )
    chart = finished(
        figure=charts.hex_map_figure(cells, bands(measure)),
        title=f"{measure.label}: every authority",
        subtitle=f"England's {ENGLAND_AUTHORITIES} children's services authorities · {loaded} loaded, "
        f"{ENGLAND_AUTHORITIES - loaded} not loaded{polarity}",
        stem=measure.stem,
        data=table,
        documents=_sources_behind(table),
        source_kind=SOURCE_KINDS.get(measure.framework, "published indicator series"),
        note=f"One hex per authority of 2005–2008 (Bedfordshire and Cheshire cover two). Hatched: not loaded. "
        f"{coverage}{' ' if coverage else ''}Hex layout: Open Innovations, MIT licence",
        csv_columns=ENGLAND_COLUMNS["grade" if measure.is_grade else "indicator"],
        built=built,
    )
    return dataclasses.replace(chart, opens_profile=True)


def _hex_hover(row) -> str:
    value = html.escape(row.shown) if row.shown else "nothing loaded"
    rank = f" · {row.rank_text}" if row.rank_text else ""
    source = f"<br>{html.escape(_short_source(row.cited))}" if row.cited else ""
    return f"<b>{html.escape(row.authority)}</b>: {value}{rank}{source}<br>Click for its profile"


def _sources_behind(table: pd.DataFrame) -> int:
    return table["cited"].str.split("; ").explode().loc[lambda s: s != ""].str.replace(r" \(.*$", "", regex=True).nunique()


def _short_source(cited: str) -> str:
    """The first source of a cell, its address cut to the site's name: what fits in a hover."""
    first = cited.split("; ")[0]
    address = re.match(r"https?://(?:www\.)?([^/]+)", first)
    more = f" and {cited.count('; ')} more" if "; " in cited else ""
    return (address.group(1) if address else first[:80]) + more


def coverage_by_source(table: pd.DataFrame, at_least: int = 10) -> list[str]:
    """For each source behind 10 or more authorities: how many, and, where they are an alphabetical run, where it stops.

    A published table often survives only in part. Where a source's authorities fill most of an alphabetical
    stretch, the sentence says where the stretch ends ("reaches only from Barking and Dagenham to Kent"), so
    nobody reads the rest as missing grades.
    """
    every = sorted(table["authority"])
    sources = table.loc[table["cited"] != "", ["authority", "cited"]].assign(cited=lambda t: t["cited"].str.split("; "))
    sources = sources.explode("cited").assign(site=lambda t: t["cited"].map(_short_source))
    sentences = []
    for site, group in sources.groupby("site", sort=False):
        names = sorted(set(group["authority"]))
        if len(names) < at_least:
            continue
        stretch = [name for name in every if names[0] <= name <= names[-1]]
        run = len(names) >= 0.75 * len(stretch) and len(stretch) < len(every)
        where = f", whose table reaches only from {names[0]} to {names[-1]}" if run else ""
        sentences.append(f"{len(names)} from {site}{where}.")
    return sentences


def standing_sentence(table: pd.DataFrame, code: str, measure: Measure) -> str:
    """One authority's place among all loaded, in words: its value, rank of n, and higher/same/lower or its quarter."""
    row = table.set_index("dfe_code").loc[code]
    if not row["rank_text"]:
        return f"{row['authority']}: {row['shown'] or 'nothing loaded'} for {measure.label}."
    if measure.is_grade:
        verb = "scored" if measure.framework == "CPA" else "graded"
        return (
            f"{row['authority']}: {row['shown']}, {row['rank_text']}. Of the others loaded, {int(row['higher'])} were "
            f"{verb} higher, {int(row['same'])} the same and {int(row['lower'])} lower."
        )
    return f"{row['authority']}: {row['shown']} {measure.unit}, {row['rank_text']}, {row['band'].lower()}."


def england_figure(series: pd.DataFrame, measure: Measure) -> str:
    """England's value for the year, where it is published or computed from every area's figures; never from a few."""
    england = series[series["area_level"].str.startswith("England") & (series["year"] == measure.year)]
    if england.empty:
        return (
            f"England: no figure for {measure.year} is published in the loaded sources or computable from every area's "
            "figures, so none is shown (one computed from the authorities loaded would mislead)."
        )
    row = england.sort_values("area_level").iloc[0]  # the published figure before a computed one
    how = f"computed: {row['method']}, {row['locator']}" if str(row["area_level"]).endswith("(computed)") else row["source"]
    return f"England: {row['value']:g} {measure.unit} in {row['period']} ({how})."


def thin_coverage(table: pd.DataFrame, measure: Measure) -> str:
    """A plain warning when fewer than a third of the 150 are loaded; empty otherwise."""
    loaded = int(table["rank_text"].ne("").sum())
    if loaded >= THIN_COVERAGE:
        return ""
    return (
        f"Only {loaded} of {ENGLAND_AUTHORITIES} authorities have {measure.label} loaded: too few to read an authority's "
        "standing among all of them. Ranks and counts below are among those loaded only."
    )


REVIEW_COLUMNS = ["load", "area_label", "grade_label", "authority", "year", "how_stated", "line", "quote", "already_loaded"]


def review_rows(rows: list[dict], loaded: pd.DataFrame, sha256: str) -> pd.DataFrame:
    """A document's extracted grades as the user reviews them, each beside any other source's different grade.

    A grade differing from one already loaded (for the same authority, year, inspection and area) from another
    source is flagged with that source: it will load as a conflict, shown and never resolved.
    """
    others = loaded[loaded["source_sha256"] != sha256]
    table = pd.DataFrame(rows).reindex(
        columns=["dfe_code", "authority", "year", "framework", "judgement_area", "grade", "how_stated", "line", "quote"]
    )
    table["already_loaded"] = [_differing(others, row) for row in table.itertuples()]
    table["area_label"] = [inspection_area_label(row.framework, row.judgement_area) for row in table.itertuples()]
    table["grade_label"] = [grade_label(int(row.grade), row.framework) for row in table.itertuples()]
    table["load"] = True
    return table[REVIEW_COLUMNS]


def _differing(others: pd.DataFrame, row) -> str:
    same_place = others[
        (others["dfe_code"] == row.dfe_code)
        & (others["year"].astype(str) == str(row.year))
        & (others["framework"] == row.framework)
        & (others["judgement_area"] == row.judgement_area)
        & (others["grade"] != int(row.grade))
    ]
    return "; ".join(
        f"conflicts with {grade_label(int(o.grade), o.framework)} from {o.source} ({o.locator})" for o in same_place.itertuples()
    )


def years_text(years: list[int]) -> str:
    """'2005', '2005 and 2007', '2005, 2006 and 2007'."""
    years = [str(int(y)) for y in sorted(years)]
    return years[0] if len(years) == 1 else f"{', '.join(years[:-1])} and {years[-1]}"


def missing_sentence(missing: pd.DataFrame, name: str) -> str:
    """'Not loaded for Luton: the 2005 and 2007 APAs, a JAR.' or '' when nothing is missing."""
    years = list(missing.loc[missing["framework"] == "APA", "year"])
    parts = [f"the {years_text(years)} APA{'s' * (len(years) > 1)}"] if years else []
    parts += ["a JAR"] if (missing["framework"] == "JAR").any() else []
    return f"Not loaded for {name}: {', '.join(parts)}." if parts else ""
