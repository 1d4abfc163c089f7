"""Every kind of chart a page draws and a briefing can hold, each one `Recipe`: how it is drawn from plain arguments
with the current data, the page it appears on, the sentences that caption it, its sources and its table of values.

The pages draw their charts through these recipes, and a briefing redraws each chart it holds through the same
recipe from the arguments kept in its link: what is added to a briefing is exactly what the page drew. A new kind
of chart is one more Recipe here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from insight import export, queries, words
from insight.assembly import Chart, Filters
from insight.charts import NOT_LOADED_BAND
from insight.specs import compare, england, indicators, profile
from ui import report, widgets
from ui.data import FileIdentity, built_on, chart, database_identity, query
from vocabulary.comparison import ENGLAND_AUTHORITIES, home_authority
from vocabulary.frameworks import YEAR_RANGE


@dataclass(frozen=True)
class Recipe:
    """One kind of chart: how it is drawn, where, and what a briefing prints beside it."""

    kind: str
    page: str  # where the chart is drawn, as the briefing says
    draw: Callable[..., Chart]  # from the arguments a briefing keeps in its link
    captions: Callable[[dict, Chart], list[str]]  # the chart in sentences, written from its rows
    sources: Callable[[Chart], pd.DataFrame] = lambda drawn: report.grade_sources(drawn.data)  # one row a source and place
    values: Callable[[Chart], tuple[pd.DataFrame, str]] = lambda drawn: (_csv_table(drawn), "")  # the appendix's table

    def __call__(self, **args) -> Chart:
        """The chart for these arguments with the data as it is now, drawn once for the same arguments, data and
        colours: a rerun that changes none of them runs no query and hashes no rows."""
        return _drawn(self.kind, args, database_identity(), widgets.slots(args.get("codes", ())), built_on())


@st.cache_resource(show_spinner=False, max_entries=256, ttl=3600)
def _drawn(kind: str, args: dict, identity: FileIdentity, slots: tuple[int, ...], built: str) -> Chart:
    """`identity`, `slots` and `built` are in the key only: the data, the colours and the date a chart is drawn from."""
    return RECIPES[kind].draw(**args)


def filters_for(
    codes: list[str], home: str, framework: str = "", areas: Sequence[str] = (), years: tuple[int, int] = (0, 0)
) -> Filters:
    """The chosen authorities by name, each in its colour, the home one (or the first) drawn strongest."""
    names = query(queries.authorities).set_index("dfe_code").loc[codes, "name"]
    home = home_authority(codes, home)
    return Filters(tuple(names), framework, tuple(areas), years, slots=widgets.slots(codes), home=names[home], codes=tuple(codes))


def catalogue_entry(indicator: str) -> dict:
    """An indicator's catalogue row as it is now, its id included."""
    return {"indicator_id": indicator, **query(queries.indicator_catalogue).set_index("indicator_id").loc[indicator].to_dict()}


def measure(year: int, framework: str = "", area: str = "", indicator: str = "") -> england.Measure:
    """The England views' one measure, from the catalogue as it is now."""
    if framework:
        return england.measure_of(year, framework, area)
    return england.measure_of(year, entry=catalogue_entry(indicator))


def _trend(codes: list[str], framework: str, areas: list[str], years: tuple[int, int], home: str) -> Chart:
    summary = query(queries.grade_summary, codes, [framework], areas, *years)
    return chart(compare.trend_chart, summary, filters_for(codes, home, framework, areas, years))


def _grid(codes: list[str], framework: str, areas: list[str], years: tuple[int, int], home: str, year: int) -> Chart:
    summary = query(queries.grade_summary, codes, [framework], areas, *years)
    return chart(compare.grid_chart, summary, filters_for(codes, home, framework, areas, years), year)


def _group(codes: list[str], framework: str, areas: list[str], years: tuple[int, int], home: str, group: str, year: int) -> Chart:
    """How the home authority's comparator group was graded in a year, the chosen authorities among them marked."""
    members, described = query(queries.group_members, group, home)
    distribution = query(queries.group_distribution, members, framework, areas, year, queries.taken_among(group, members))
    member_grades = query(queries.grade_summary, members, [framework], areas, year, year)
    summary = query(queries.grade_summary, codes, [framework], areas, *years)
    filters = dataclasses.replace(filters_for(codes, home, framework, areas, years), group=described)
    return chart(compare.distribution_chart, distribution, member_grades, tuple(members), summary, filters, year)


def _profile(home: str, framework: str) -> Chart:
    name = query(queries.authorities).set_index("dfe_code").loc[home, "name"]
    areas = sorted(set(query(queries.standing, home, "region")["judgement_area"]))
    summary = query(queries.grade_summary, [home], [framework], areas, *YEAR_RANGE)
    return chart(profile.profile_chart, summary, name, framework, YEAR_RANGE)


def _indicator(codes: list[str], indicator: str, home: str) -> Chart:
    series = query(queries.indicator_series, indicator, codes)
    return chart(indicators.indicator_chart, series, catalogue_entry(indicator), filters_for(codes, home))


def _england(codes: list[str], year: int, framework: str = "", area: str = "", indicator: str = "") -> Chart:
    shown = measure(year, framework, area, indicator)
    if shown.is_grade:
        rows = query(queries.england_grades, shown.framework, shown.area, shown.year)
    else:
        rows = query(queries.england_indicator, shown.indicator_id, shown.year)
    return chart(england.england_map_chart, rows, query(queries.map_hexes), shown, tuple(codes))


def _grade_captions(years: Callable[[dict], tuple[int, int]]) -> Callable[[dict, Chart], list[str]]:
    return lambda args, drawn: words.grade_captions(drawn.data, years(args))


def _indicator_captions(args: dict, drawn: Chart) -> list[str]:
    entry = catalogue_entry(args["indicator"])
    return words.indicator_captions(drawn.data, entry["name"], entry["unit"])


def _england_captions(args: dict, drawn: Chart) -> list[str]:
    shown = measure(args["year"], args.get("framework", ""), args.get("area", ""), args.get("indicator", ""))
    said = [words.map_count(drawn.data, shown.label), *words.coverage_by_source(drawn.data, publisher=shown.publisher)]
    said.append(words.thin_coverage(drawn.data, shown))
    return [s for s in said + [words.standing_sentence(drawn.data, code, shown) for code in args["codes"]] if s]


def _england_sources(drawn: Chart) -> pd.DataFrame:
    cited = dict.fromkeys(source for value in drawn.data["cited"] for source, _ in words.citations(value))
    return pd.DataFrame({"source": list(cited), "locator": ""})


def _england_values(drawn: Chart) -> tuple[pd.DataFrame, str]:
    """The loaded authorities only: 150 rows, most of them empty where little is loaded, would bury the values."""
    table = _csv_table(drawn)
    table = table[table["band"] != NOT_LOADED_BAND]
    left_out = ENGLAND_AUTHORITIES - len(table)
    return table, f"The {left_out} authorities with nothing loaded are left out here; the chart's CSV lists them all."


def _csv_table(drawn: Chart) -> pd.DataFrame:
    """The chart's values exactly as its CSV download writes them."""
    return export.csv_table(drawn.data, drawn.csv_columns, drawn.built)


RECIPES: dict[str, Recipe] = {
    recipe.kind: recipe
    for recipe in [
        Recipe("trend", "Compare", _trend, _grade_captions(lambda args: args.get("years"))),
        Recipe("grid", "Compare", _grid, _grade_captions(lambda args: (args.get("year"), args.get("year")))),
        Recipe(
            "group",
            "Compare",
            _group,
            lambda args, drawn: words.group_captions(drawn.data, args["codes"], args["year"]),
        ),
        Recipe("profile", "Authority profile", _profile, _grade_captions(lambda args: YEAR_RANGE)),
        Recipe("indicator", "Indicators", _indicator, _indicator_captions, sources=lambda drawn: drawn.data),
        Recipe("england", "England at a glance", _england, _england_captions, sources=_england_sources, values=_england_values),
    ]
}
