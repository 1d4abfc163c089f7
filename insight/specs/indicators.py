"""The Indicators page's chart: an indicator over time for the chosen authorities against their comparators."""

from __future__ import annotations

import pandas as pd

from insight import charts, export
from insight.assembly import Chart, Filters, finish
from vocabulary.frameworks import YEAR_RANGE
from vocabulary.indicators import better_sentence

INDICATOR_COLUMNS = ["area_name", "area_level", "period", "year", "value", "method", "areas", "source", "locator", "notes"]


def indicator_chart(series: pd.DataFrame, entry: dict, filters: Filters, built: str = "") -> Chart:
    """An indicator's chart: title is its name, subtitle the areas, the direction that is better and the comparators.

    A count is drawn for the authorities alone: a region's or England's total does not belong on their scale.
    """
    better = better_sentence(entry["polarity"])
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
    return finish(
        figure=charts.indicator_figure(series, entry["unit"], entry["polarity"], _indicator_styles(series, filters)),
        title=f"{entry['name']} ({entry['unit']})",
        subtitle=(f"{', '.join(filters.names)} against {comparators}", f"{better}{method}"),
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


def _indicator_styles(series: pd.DataFrame, filters: Filters) -> dict[str, charts.AuthorityStyle]:
    """Each authority's line in its own colour, a combined area in the colour of the authority it stands for."""
    places = series[series["area_level"].isin(AUTHORITY_LEVELS)].drop_duplicates("area_name")
    place_of = dict(zip(places["authority"], places["area_name"]))
    return {place_of[name]: identity for name, identity in filters.drawn().items() if name in place_of}
