"""Figures as pure functions: DataFrame in, Plotly figure out, with an explicit empty state.

Grades are ordered categories, so axes show the words, colours follow the vocabulary's one
ordered scale, and gaps stay gaps.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from etl.vocabulary import DASHES, GRADE_COLOURS, GRADE_TEXT_COLOURS, LINE_COLOURS, SYMBOLS, YEAR_RANGE, grade_label

GRADE_TICKS = {"tickvals": [1, 2, 3, 4], "ticktext": [grade_label(g) for g in (1, 2, 3, 4)]}
SCALE_NOTE = "Grades: 4 outstanding, 3 good, 2 adequate, 1 inadequate (higher is better)"
FONT = "Arial, Helvetica, sans-serif"
# What each point of a grade chart carries, so a selected point can lead to its sources.
POINT_FIELDS = ["grade_label", "sources", "dfe_code", "framework", "judgement_area", "year"]


def report_layout(fig: go.Figure, title: str, subtitle: str, source: str, note: str = SCALE_NOTE) -> go.Figure:
    """Finish a newly built figure for a committee report: title, subtitle with the filters, grade scale, source line.

    Called once per chart, by views.finished, before anyone else holds the figure.
    """
    fig.update_layout(
        title={
            "text": wrap(title, 64),
            "subtitle": {"text": wrap(subtitle, 96)},
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 18},
        },
        font={"family": FONT, "size": 13},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=(fig.layout.height or 480) + 60,
        margin={"t": 90 + 18 * (wrap(title, 64).count("<br>") + wrap(subtitle, 96).count("<br>")), "b": 100, "l": 90, "r": 30},
        legend={"orientation": "v", "yanchor": "top", "y": 1, "x": 1.02, "title": {"text": ""}},
    )
    fig.add_annotation(
        text=f"{note}<br>{source}",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-52,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#444"},
    )
    return fig


def wrap(text: str, width: int = 120) -> str:
    """Break a long subtitle into lines at spaces, since Plotly titles do not wrap by themselves."""
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "<br>".join([*lines, current])


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def trend_figure(summary: pd.DataFrame, years: tuple[int, int]) -> go.Figure:
    """Grade by year, one line per authority, one panel per area; conflicting sources shown as crosses."""
    if summary.empty:
        return empty_figure("No grades are loaded for this selection")
    areas = list(dict.fromkeys(summary["area_label"]))
    all_years = list(range(years[0], years[1] + 1))
    authorities = list(dict.fromkeys(summary["authority"]))
    traces = []
    for number, (authority, frame) in enumerate(summary.groupby("authority", sort=False)):
        style = _line_style(number)
        nudge = 0.06 * (number - (len(authorities) - 1) / 2)  # equal grades stay visible side by side
        for panel, area in enumerate(areas):
            axes = {"xaxis": f"x{panel + 1}", "yaxis": f"y{panel + 1}"}
            area_frame = frame[frame["area_label"] == area]
            settled = area_frame[area_frame["agreement"] != "conflict"].set_index("year").reindex(all_years)
            traces.append(
                {
                    "type": "scatter",
                    **axes,
                    "x": [year + nudge for year in all_years],
                    "y": settled["grade"].tolist(),
                    "customdata": settled.assign(year=all_years)[POINT_FIELDS].astype(object).fillna("").values.tolist(),
                    "mode": "lines+markers",
                    "name": authority,
                    "legendgroup": authority,
                    "showlegend": panel == 0,
                    "line": {"color": style["color"], "dash": style["dash"], "width": 2.5},
                    "marker": {"symbol": style["symbol"], "size": 10, "color": style["color"]},
                    "hovertemplate": f"<b>{authority}</b> %{{x:.0f}}: %{{customdata[0]}}<br>"
                    "%{customdata[1]} source(s)<extra></extra>",
                }
            )
            disputed = area_frame[area_frame["agreement"] == "conflict"]
            if len(disputed):
                traces.append(
                    {
                        "type": "scatter",
                        **axes,
                        "x": (disputed["year"] + nudge).tolist(),
                        "y": disputed["grade"].tolist(),
                        "mode": "markers",
                        "name": f"{authority}: sources disagree",
                        "legendgroup": authority,
                        "marker": {"symbol": "x", "size": 12, "color": style["color"], "line": {"width": 1}},
                        "hovertemplate": f"<b>{authority}</b> %{{x:.0f}}: sources disagree (%{{y}})<extra></extra>",
                    }
                )
    return go.Figure(data=traces, layout=_panels(areas, all_years))


def _panels(titles: list[str], all_years: list[int]) -> dict:
    """Axes and titles for small multiples, two to a row (a layout dict: much faster than make_subplots)."""
    columns = min(2, len(titles))
    rows = -(-len(titles) // columns)
    width, height = 1 / columns, 1 / rows
    layout: dict = {"annotations": [], "height": max(380, 280 * rows + 80)}
    for panel, title in enumerate(titles):
        row, column = divmod(panel, columns)
        x_domain = [column * width + (0.06 if column else 0), (column + 1) * width - (0.02 if column < columns - 1 else 0)]
        y_domain = [1 - (row + 1) * height + 0.08 * height, 1 - row * height - 0.14 * height]
        suffix = "" if panel == 0 else str(panel + 1)
        layout[f"xaxis{suffix}"] = {
            "domain": x_domain,
            "anchor": f"y{panel + 1}",
            "tickvals": all_years,
            "range": [all_years[0] - 0.3, all_years[-1] + 0.3],
            "gridcolor": "#eee",
        }
        layout[f"yaxis{suffix}"] = {
            "domain": y_domain,
            "anchor": f"x{panel + 1}",
            "range": [0.5, 4.5],
            **GRADE_TICKS,
            "showticklabels": column == 0,
            "gridcolor": "#ddd",
            "zeroline": False,
        }
        layout["annotations"].append(
            {
                "text": title,
                "x": sum(x_domain) / 2,
                "y": y_domain[1],
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 14},
            }
        )
    return layout


def grid_figure(
    rows: pd.DataFrame,
    row_field: str,
    column_field: str,
    empty_message: str,
    row_names: list[str] | None = None,
    column_names: list[str] | None = None,
) -> go.Figure:
    """A grid of cells coloured by grade with the grade written in each (authority x area, or area x year).

    Rows and columns named in row_names and column_names but without grades stay in the grid, marked "not loaded".
    """
    if rows.empty:
        return empty_figure(empty_message)
    cells = rows.groupby([row_field, column_field], sort=False).agg(grade=("grade", "first"), grades=("grade", "nunique"))
    cells["text"] = ["sources disagree" if n > 1 else grade_label(g) for g, n in zip(cells["grade"], cells["grades"])]
    row_names = row_names or list(dict.fromkeys(rows[row_field]))
    column_names = column_names or list(dict.fromkeys(rows[column_field]))
    z = cells["grade"].where(cells["grades"] == 1).unstack().reindex(index=row_names, columns=column_names)
    text = cells["text"].unstack().reindex(index=row_names, columns=column_names).astype(object).fillna("not loaded")
    annotations = [
        {  # positions, not names: a category named "2008" would be read as a number
            "x": column_position,
            "y": row_position,
            "text": text.loc[row_name, column_name],
            "showarrow": False,
            "font": {"size": 13, "color": _cell_text_colour(z.loc[row_name, column_name])},
        }
        for row_position, row_name in enumerate(row_names)
        for column_position, column_name in enumerate(column_names)
    ]
    heatmap = go.Heatmap(
        z=z.values,
        x=[str(c) for c in column_names],
        y=row_names,
        text=text.values,
        zmin=1,
        zmax=4,
        colorscale=[[i / 3, GRADE_COLOURS[g]] for i, g in enumerate((1, 2, 3, 4))],
        showscale=False,
        xgap=3,
        ygap=3,
        hovertemplate="%{y}, %{x}: %{text}<extra></extra>",
    )
    layout = {
        "annotations": annotations,
        "height": max(300, 60 * len(row_names) + 240),
        "xaxis": {"type": "category", "automargin": True},
        "yaxis": {"autorange": "reversed", "type": "category", "automargin": True},
    }
    return go.Figure(heatmap, layout=layout)


def distribution_figure(distribution: pd.DataFrame, marks: pd.DataFrame, group_name: str) -> go.Figure:
    """How many of the group's authorities have each grade per area, with the chosen authorities marked."""
    if distribution.empty:
        return empty_figure(f"Fewer than 3 authorities in {group_name} have grades for this selection")
    fig = go.Figure()
    for grade, frame in distribution.groupby("grade"):
        fig.add_trace(
            go.Scatter(
                x=frame["grade"],
                y=frame["area_label"],
                mode="markers+text",
                text=frame["authorities"],
                textposition="middle center",
                textfont={"color": GRADE_TEXT_COLOURS[grade], "size": 12},
                marker={
                    "size": 18 + 40 * frame["authorities"] / frame["group_size"],
                    "color": GRADE_COLOURS[grade],
                    "opacity": 0.9,
                },
                name=f"{grade_label(grade)} (number of authorities)",
                hovertemplate="%{y}: %{text} authorities graded %{x}<extra></extra>",
            )
        )
    areas = list(dict.fromkeys(distribution["area_label"]))
    shown = marks[marks["area_label"].isin(areas) & (marks["agreement"] != "conflict")]
    for number, (authority, frame) in enumerate(shown.groupby("authority", sort=False)):
        style = _line_style(number)
        fig.add_trace(
            go.Scatter(
                x=frame["grade"] + 0.32,
                y=frame["area_label"],
                mode="markers",
                name=authority,
                marker={"symbol": style["symbol"], "size": 13, "color": style["color"], "line": {"width": 1, "color": "white"}},
                hovertemplate=f"<b>{authority}</b> %{{y}}: grade %{{customdata}}<extra></extra>",
                customdata=frame["grade_label"],
            )
        )
    fig.update_xaxes(range=[0.5, 4.7], **GRADE_TICKS, gridcolor="#eee")
    fig.update_yaxes(categoryorder="array", categoryarray=areas[::-1], automargin=True)
    fig.update_layout(height=max(360, 60 * len(areas) + 260))
    return fig


BETTER_COLOUR = "#1a7f37"


def indicator_figure(series: pd.DataFrame, unit: str, polarity: str, highlight: tuple[int, int] = YEAR_RANGE) -> go.Figure:
    """An indicator over time: a line per authority, dashed lines for England and dotted for regions."""
    if series.empty:
        return empty_figure("No values of this indicator are loaded for this selection")
    traces = []
    authorities = series[series["area_level"] == "authority"]
    for number, (name, frame) in enumerate(authorities.groupby("area_name", sort=False)):
        style = _line_style(number)
        traces.append(_indicator_trace(frame, name, style["color"], style["dash"], style["symbol"]))
    comparators = series[series["area_level"] != "authority"].groupby("area_name", sort=True)
    for number, (name, frame) in enumerate(comparators):
        if name.startswith("England"):
            traces.append(_indicator_trace(frame, name, "#000000", "dash", "circle-open"))
        else:
            dash = ["dot", "dashdot", "longdashdot"][number % 3]
            traces.append(
                _indicator_trace(frame, name, "#6e6e6e", dash, ["square-open", "diamond-open", "triangle-up-open"][number % 3])
            )
    better = {"lower_better": "▼ lower is better", "higher_better": "▲ higher is better"}.get(
        polarity, "neither higher nor lower is better"
    )
    layout = {
        "height": 480,
        "xaxis": {"dtick": 1, "gridcolor": "#eee"},
        "yaxis": {"title": {"text": unit}, "gridcolor": "#ddd", "rangemode": "tozero"},
        "shapes": [
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": highlight[0] - 0.5,
                "x1": highlight[1] + 0.5,
                "y0": 0,
                "y1": 1,
                "fillcolor": "#f2f2f2",
                "line": {"width": 0},
                "layer": "below",
            }
        ],
        "annotations": [
            {
                "text": better,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.02,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": BETTER_COLOUR if polarity != "neutral" else "#444", "size": 13},
            },
            {
                "text": f"APA years {highlight[0]}–{highlight[1]}",
                "xref": "x",
                "yref": "paper",
                "x": (highlight[0] + highlight[1]) / 2,
                "y": 1.02,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": "#777", "size": 11},
            },
        ],
    }
    return go.Figure(data=traces, layout=layout)


def _indicator_trace(frame: pd.DataFrame, name: str, colour: str, dash: str, symbol: str) -> dict:
    frame = frame.sort_values("year")
    return {
        "type": "scatter",
        "x": frame["year"].tolist(),
        "y": frame["value"].tolist(),
        "customdata": frame[["period", "source"]].astype(str).values.tolist(),
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "dash": dash, "width": 2.5},
        "marker": {"symbol": symbol, "size": 8, "color": colour},
        "hovertemplate": f"<b>{name}</b> %{{customdata[0]}}: %{{y}}<br>%{{customdata[1]}}<extra></extra>",
    }


def _cell_text_colour(grade: float) -> str:
    return "#777" if pd.isna(grade) else GRADE_TEXT_COLOURS[int(grade)]


def _line_style(number: int) -> dict[str, str]:
    """Colour, symbol and dash of the n-th authority: up to 64 authorities differ in colour or symbol."""
    colour = number % len(LINE_COLOURS)
    shape = (number + number // len(LINE_COLOURS)) % len(SYMBOLS)
    return {"color": LINE_COLOURS[colour], "symbol": SYMBOLS[shape], "dash": DASHES[shape]}
