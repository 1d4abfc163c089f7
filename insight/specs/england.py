"""The England page: every authority for one measure, as a hex map and a ranked table."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from insight import charts, export, words
from insight.assembly import SOURCE_KINDS, Chart, documents_behind, finish
from vocabulary.areas import AREA_LABELS
from vocabulary.comparison import ENGLAND_AUTHORITIES
from vocabulary.display import GRADE_COLOURS
from vocabulary.frameworks import FRAMEWORK_SHORT
from vocabulary.grades import GRADES, grade_label
from vocabulary.indicators import better_sentence


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
    publisher: str = ""  # an indicator's, as its catalogue names it: "ONS, Conceptions in England and Wales 2017"

    @property
    def is_grade(self) -> bool:
        return bool(self.framework)

    @property
    def what(self) -> str:
        """'Ofsted APA staying safe', 'Audit Commission CPA children and young people score': the measure, no year."""
        if self.framework == "CPA":
            return "Audit Commission CPA children and young people score"
        if self.is_grade:
            return f"{FRAMEWORK_SHORT[self.framework]} {words.in_sentence(AREA_LABELS.get(self.area, self.area))}"
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
    return Measure(
        year,
        indicator_id=entry["indicator_id"],
        indicator_name=entry["name"],
        unit=entry["unit"],
        polarity=polarity,
        publisher=entry.get("source", ""),
    )


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
        quarters = words.quarter_words(measure.polarity)
        rows["shown"] = [f"{v:g}" if pd.notna(v) else (c or "") for v, c in zip(rows["value"], rows["conflict"].fillna(""))]
        rows["band"] = [
            quarters[int(q) - 1] if pd.notna(q) else (CONFLICT_BAND if pd.notna(c) else charts.NOT_LOADED_BAND)
            for q, c in zip(rows["quartile"], rows["conflict"])
        ]
    rows["rank_text"] = [words.rank_text(rank, n, same) for rank, n, same in zip(rows["rank"], rows["ranked_of"], rows["same"])]
    unranked = rows["rank_text"] == ""  # no place among too few: not as a number, nor as counts above and below
    rows.loc[unranked, [column for column in RANK_COLUMNS if column in rows and column != "rank_text"]] = None
    return rows


RANK_COLUMNS = ["rank", "rank_text", "higher", "same", "lower"]


def bands(measure: Measure) -> list[charts.Band]:
    """A map's key in order: the grades best first (or the quarters), then sources that disagree, then not loaded."""
    if measure.is_grade:
        scale = [charts.Band(grade_label(g, measure.framework), GRADE_COLOURS[g]) for g in GRADES]
    else:
        scale = [charts.Band(word, colour) for word, colour in zip(words.quarter_words(measure.polarity), QUARTER_COLOURS)]
    return [*scale, charts.Band(CONFLICT_BAND, "#ffffff", "x"), charts.Band(charts.NOT_LOADED_BAND, "#ffffff", "/")]


def england_map_chart(
    rows: pd.DataFrame, hexes: pd.DataFrame, measure: Measure, chosen: tuple[str, ...], built: str = ""
) -> Chart:
    """The hex map of all 150 authorities for one measure: coloured where loaded, hatched where not, the chosen outlined."""
    table = ranked(rows, measure)
    cells = hexes[["dfe_code", "q", "r", "short_code"]].merge(table, on="dfe_code", how="left")
    cells["chosen"] = cells["dfe_code"].isin(chosen)
    cells["hover"] = [_hex_hover(row) for row in cells.itertuples()]
    loaded = int((table["band"] != charts.NOT_LOADED_BAND).sum())
    coverage = " ".join(words.coverage_by_source(table, publisher=measure.publisher))
    polarity = "" if measure.is_grade else f"; {better_sentence(measure.polarity)}"
    if measure.polarity == "neutral" and not measure.is_grade:
        polarity += ": quarters run from highest to lowest"
    return finish(
        figure=charts.hex_map_figure(cells, bands(measure)),
        title=f"{measure.label}: every authority",
        subtitle=(
            f"England's {ENGLAND_AUTHORITIES} children's services authorities",
            f"{loaded} loaded, {ENGLAND_AUTHORITIES - loaded} not loaded{polarity}",
        ),
        stem=measure.stem,
        data=table,
        documents=documents_behind(table),
        source_kind=SOURCE_KINDS.get(measure.framework, measure.publisher),
        note=f"One hex per authority of 2005–2008 (Bedfordshire and Cheshire cover two). Hatched: not loaded. "
        f"{coverage}{' ' if coverage else ''}Hex layout: Open Innovations, MIT licence",
        csv_columns=ENGLAND_COLUMNS["grade" if measure.is_grade else "indicator"],
        built=built,
        opens_profile=True,
        printed=(charts.hex_map_figure(cells, bands(measure), labelled=True), hex_key(hexes)),
    )


def hex_key(hexes: pd.DataFrame) -> str:
    """What each hex's code stands for, in the order of the codes: the map on paper, where nothing hovers."""
    pairs = sorted(dict(zip(hexes["short_code"], hexes["name"])).items())
    return "Codes: " + "; ".join(f"{code} {name}" for code, name in pairs)


def _hex_hover(row) -> str:
    value = html.escape(row.shown) if row.shown else "nothing loaded"
    rank = f" · {row.rank_text}" if row.rank_text else ""
    first = words.first_source(row.cited)
    source = f"<br>{html.escape(first)}" if first else ""
    return f"<b>{html.escape(row.authority)}</b>: {value}{rank}{source}<br>Click for its profile"
