"""A chart finished in one place: its figure given a title, subtitle, note and source line, and the record pages place.

Every spec (insight/specs/) draws its figure with insight.charts and hands it here with what it shows; `finish`
lays it out for a report and writes the sentence that says it in words, so no chart is finished anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from insight import charts, words
from vocabulary.areas import AREA_LABELS
from vocabulary.comparison import home_authority
from vocabulary.grades import SCALE_SENTENCE

DASHBOARD_NAME = "children's services inspection dashboard"
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

    @property
    def home_name(self) -> str:
        return home_authority(self.names, self.home)

    def subtitle(self, year: int | None = None) -> tuple[str, ...]:
        """Who, which areas, when, and against which group: the parts of a chart's subtitle."""
        areas = ", ".join(AREA_LABELS.get(a, a) for a in self.areas)
        period = str(year) if year else f"{self.years[0]}–{self.years[1]}"
        group = f"; compared with {self.group}" if self.group else ""
        return ", ".join(self.names), areas, f"{period}{group}"

    def drawn(self) -> dict[str, charts.AuthorityStyle]:
        return charts.authority_styles(self.names, self.slots, self.home)  # the home one, or the first, strongest


@dataclass(frozen=True)
class Chart:
    figure: go.Figure  # finished: title, subtitle, scale note and source line included
    title: str
    subtitle_parts: tuple[str, ...]
    stem: str
    data: pd.DataFrame
    csv_columns: list[str]
    selectable: bool = False  # points carry charts.POINT_FIELDS, so a click can show their sources
    built: str = ""  # when the data drawn was built, for the CSV
    opens_profile: bool = False  # a click on a point opens the profile of the authority in its customdata[0]
    note: str = ""  # what qualifies it (scale, gaps, group, caveat) and its source line, as the image says them
    printed: go.Figure | None = None  # where paper needs more than the screen (a map's codes and key): the image drawn

    @property
    def for_print(self) -> go.Figure:
        """The figure a PNG, an SVG or a briefing draws."""
        return self.printed or self.figure

    @property
    def notes(self) -> list[str]:
        """What an exported file says beside the rows: the chart, its filters, what qualifies it, its source."""
        return [f"{self.title}. {self.subtitle_said}.", self.note, *([f"Data built {self.built}."] if self.built else [])]

    @property
    def subtitle(self) -> str:
        """As the image shows it: 'Luton, Leeds · Staying safe · 2005–2008'."""
        return " · ".join(self.subtitle_parts)

    @property
    def subtitle_said(self) -> str:
        """As a sentence or a caption says it: 'Luton, Leeds; Staying safe; 2005–2008'."""
        return "; ".join(self.subtitle_parts)

    @property
    def summary(self) -> str:
        """The chart in one sentence, for readers who cannot see it: what, for whom, how many values."""
        return f"Chart: {self.title}. {self.subtitle_said}. {_counted(self.data)}; the table below the chart lists them."


def finish(
    figure: go.Figure,
    title: str,
    subtitle: Sequence[str],
    stem: str,
    data: pd.DataFrame,
    documents: int,
    source_kind: str = SOURCE_KINDS["APA"],
    note: str = SCALE_SENTENCE,
    csv_columns: list[str] = CSV_COLUMNS,
    selectable: bool = False,
    built: str = "",
    opens_profile: bool = False,
    printed: tuple[go.Figure, str] | None = None,
) -> Chart:
    """A just-built figure given its report title, subtitle, note and source line: the one place charts are finished.

    printed: a figure for paper with what it adds to the note (a map's hex codes and their key), where it differs."""
    source = source_line(documents, kind=source_kind, built=built)
    finished = charts.report_layout(figure, title, " · ".join(subtitle), source, note)
    on_paper = charts.report_layout(printed[0], title, " · ".join(subtitle), source, f"{note}. {printed[1]}") if printed else None
    return Chart(
        finished, title, tuple(subtitle), stem, data, csv_columns, selectable, built, opens_profile, f"{note}. {source}", on_paper
    )


def source_line(documents: int, on: date | None = None, kind: str = SOURCE_KINDS["APA"], built: str = "") -> str:
    """What a chart rests on, when its data was built and when it was drawn: every image carries both dates."""
    when = words.long_date(on or date.today())
    plural = "document" if documents == 1 else "documents"
    data = f"; data built {built}" if built else ""
    return f"Source: {kind}, {documents} {plural}{data}; drawn {when} by the {DASHBOARD_NAME}"


def _counted(data: pd.DataFrame) -> str:
    if "band" in data:
        missing = int((data["band"] == charts.NOT_LOADED_BAND).sum())
        return f"{len(data) - missing} authorities coloured and {missing} hatched as not loaded"
    if "grade" in data and "authority" in data:
        conflicts = int((data.get("agreement", pd.Series(dtype=str)) == "conflict").sum())
        disagree = f", {conflicts} of them from sources that disagree" if conflicts else ""
        return f"{len(data)} grade{'s' if len(data) != 1 else ''} drawn{disagree}"
    if "value" in data:
        return f"{len(data)} values drawn"
    return f"{int(data['authorities'].sum()) if 'authorities' in data else len(data)} grades counted"


def documents_behind(rows: pd.DataFrame) -> int:
    """How many distinct sources (documents or published pages) the rows drawn rest on."""
    if rows.empty or "cited" not in rows:
        return 0
    return len({source for cited in rows["cited"] for source, _ in words.citations(cited)})


def in_chosen_order(summary: pd.DataFrame, areas: Sequence[str]) -> pd.DataFrame:
    """Panels and rows follow the order the user chose the areas in."""
    order = {area: position for position, area in enumerate(areas)}
    return summary.sort_values("judgement_area", key=lambda column: column.map(order), kind="stable")
