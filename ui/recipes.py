"""The charts a briefing can hold, each built from plain arguments with the current data.

The pages draw their charts through these functions, and a briefing redraws each chart it holds through the
same function from the arguments kept in its link: what is added to a briefing is exactly what the page drew.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from etl.vocabulary import YEAR_RANGE
from insight import queries, views
from insight.views import Chart
from ui import widgets
from ui.data import chart, query


def filters_for(
    codes: list[str], home: str, framework: str = "", areas: Sequence[str] = (), years: tuple[int, int] = (0, 0)
) -> views.Filters:
    """The chosen authorities by name, each in its colour, the home one (or the first) drawn strongest."""
    names = query(queries.authorities).set_index("dfe_code").loc[codes, "name"]
    home = home if home in codes else codes[0]
    return views.Filters(
        tuple(names), framework, tuple(areas), years, slots=widgets.slots(codes), home=names[home], codes=tuple(codes)
    )


def catalogue_entry(indicator: str) -> dict:
    """An indicator's catalogue row as it is now, its id included."""
    return {"indicator_id": indicator, **query(queries.indicator_catalogue).set_index("indicator_id").loc[indicator].to_dict()}


def trend(codes: list[str], framework: str, areas: list[str], years: tuple[int, int], home: str) -> Chart:
    summary = query(queries.grade_summary, codes, [framework], areas, *years)
    return chart(views.trend_chart, summary, filters_for(codes, home, framework, areas, years))


def grid(codes: list[str], framework: str, areas: list[str], years: tuple[int, int], home: str, year: int) -> Chart:
    summary = query(queries.grade_summary, codes, [framework], areas, *years)
    return chart(views.grid_chart, summary, filters_for(codes, home, framework, areas, years), year)


def group(codes: list[str], framework: str, areas: list[str], years: tuple[int, int], home: str, group: str, year: int) -> Chart:
    """How the home authority's comparator group was graded in a year, the chosen authorities among them marked."""
    members, described = query(queries.group_members, group, home)
    distribution = query(queries.group_distribution, members, framework, areas, year)
    member_grades = query(queries.grade_summary, members, [framework], areas, year, year)
    summary = query(queries.grade_summary, codes, [framework], areas, *years)
    filters = dataclasses.replace(filters_for(codes, home, framework, areas, years), group=described)
    return chart(views.distribution_chart, distribution, member_grades, tuple(members), summary, filters, year)


def profile(home: str, framework: str) -> Chart:
    name = query(queries.authorities).set_index("dfe_code").loc[home, "name"]
    areas = sorted(set(query(queries.standing, home, "region")["judgement_area"]))
    summary = query(queries.grade_summary, [home], [framework], areas, *YEAR_RANGE)
    return chart(views.profile_chart, summary, name, framework, YEAR_RANGE)


def indicator(codes: list[str], indicator: str, home: str) -> Chart:
    series = query(queries.indicator_series, indicator, codes)
    return chart(views.indicator_chart, series, catalogue_entry(indicator), filters_for(codes, home))


def measure(year: int, framework: str = "", area: str = "", indicator: str = "") -> views.Measure:
    """The England views' one measure, from the catalogue as it is now."""
    if framework:
        return views.measure_of(year, framework, area)
    return views.measure_of(year, entry=catalogue_entry(indicator))


def england(codes: list[str], year: int, framework: str = "", area: str = "", indicator: str = "") -> Chart:
    shown = measure(year, framework, area, indicator)
    if shown.is_grade:
        rows = query(queries.england_grades, shown.framework, shown.area, shown.year)
    else:
        rows = query(queries.england_indicator, shown.indicator_id, shown.year)
    return chart(views.england_map_chart, rows, query(queries.map_hexes), shown, tuple(codes))


RECIPES = {"trend": trend, "grid": grid, "group": group, "profile": profile, "indicator": indicator, "england": england}
PAGES = {  # where each kind of chart is drawn, as the briefing says
    **dict.fromkeys(("trend", "grid", "group"), "Compare"),
    "profile": "Authority profile",
    "indicator": "Indicators",
    "england": "England at a glance",
}
