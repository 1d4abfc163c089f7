"""The first page's chart: one year's APA grades, the home authority first."""

from __future__ import annotations

import pandas as pd

from insight import charts, export
from insight.assembly import Chart, Filters, documents_behind, finish
from vocabulary.areas import AREA_LABELS


def home_chart(summary: pd.DataFrame, names: tuple[str, ...], year: int, built: str = "") -> Chart:
    """The first page's chart: one year's APA grades, the home authority first and bold.

    Up to six authorities stand side by side as columns, an area a row; more are rows, so no label overlaps.
    """
    rows = summary[summary["year"] == year]
    areas = [AREA_LABELS[a] for a in AREA_LABELS if a in set(rows["judgement_area"])]
    filters = Filters(names, "APA", tuple(a for a in AREA_LABELS if AREA_LABELS[a] in areas), (year, year))
    empty = f"No APA grades are loaded for {year}"
    others = "authority" if len(names) == 2 else "authorities"
    if len(names) <= 6:
        figure = charts.grid_figure(rows, "area_label", "authority", empty, areas, list(names), home=names[0])
    else:
        figure = charts.grid_figure(rows, "authority", "area_label", empty, list(names), areas, home=names[0])
    return finish(
        figure=figure,
        title=f"{names[0]}'s {year} APA grades" + (f" beside {len(names) - 1} other {others}" if len(names) > 1 else ""),
        subtitle=filters.subtitle(year),
        stem=export.file_stem("APA", ["all-areas"], list(names), (year, year), "home"),
        data=rows,
        documents=documents_behind(rows),
        built=built,
    )
