"""Figures as pure functions: DataFrame in, Plotly figure out, with an explicit empty state.

Grades are ordered categories: axes show the words, cells keep them, colours follow the
vocabulary's one ordered scale, years run in calendar order and gaps stay gaps. Every figure is
laid out for a report: sizes are in CSS pixels of an image EXPORT_WIDTH wide, which a director
places 16 cm wide on an A4 page; at that size no label is under 9 pt and the source line 8 pt.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from vocabulary.comparison import MIN_GROUP, home_authority
from vocabulary.display import GRADE_COLOURS, GRADE_TEXT_COLOURS, LINE_COLOURS, SYMBOLS
from vocabulary.frameworks import YEAR_RANGE
from vocabulary.grades import GRADES, SCALE_SENTENCE, grade_label
from vocabulary.indicators import better_sentence

EXPORT_WIDTH = 700  # CSS pixels; placed 16 cm wide, 1 px is 0.65 pt
FONT = "Arial, Helvetica, sans-serif"
FONT_SIZE = 14  # 9.1 pt at 16 cm
SOURCE_SIZE = 13  # 8.4 pt at 16 cm
TITLE_SIZE = 19
TITLE_GAP = 14  # px above a chart's title
PLOT_WIDTH = EXPORT_WIDTH - 130  # the plotting area of an exported image, between the margins
GAP_NOTE = (
    "Each grade sits on its year, authorities side by side in its grade's band. "
    "A break in a line: no grade loaded for the year. ×: sources disagree"
)
MARKER_PITCH = 15  # px between the centres of markers sharing a year and a grade: the largest is 13 px
NOT_LOADED_TEXT = "#555555"  # 7.5:1 on white
# What each point of a grade chart carries, so a selected point can lead to its sources.
POINT_FIELDS = ["grade_label", "sources", "dfe_code", "framework", "judgement_area", "year"]


@dataclass(frozen=True)
class AuthorityStyle:
    """How one authority is drawn on every chart of the session: its colour and symbol; the home authority strongest."""

    colour: str
    symbol: str
    home: bool = False

    @property
    def width(self) -> float:
        return 4.5 if self.home else 1.75

    @property
    def size(self) -> int:
        return 13 if self.home else 9


def authority_styles(
    names: Sequence[str], slots: Sequence[int] | None = None, home: str | None = None
) -> dict[str, AuthorityStyle]:
    """Each authority's identity from its slot (the order it was first chosen in the session).

    The home authority (or the first) has the first colour to itself; the others take the rest in turn, each with a
    symbol of its own among those sharing a colour, so every pair of colour and symbol differs (56 of them)."""
    slots = list(slots) if slots else list(range(len(names)))
    home = home_authority(names, home or "") if names else None
    home_slot = dict(zip(names, slots)).get(home, -1)
    colours = LINE_COLOURS[1:]
    styles = {}
    for name, slot in zip(names, slots):
        if name == home:
            styles[name] = AuthorityStyle(LINE_COLOURS[0], SYMBOLS[0], True)
            continue
        number = slot - (home_slot < slot)  # the home's slot skipped, so each keeps its turn whatever else is drawn
        symbol = SYMBOLS[(number % len(colours) + number // len(colours) + 1) % len(SYMBOLS)]
        styles[name] = AuthorityStyle(colours[number % len(colours)], symbol)
    return styles


def grade_ticks(framework: str = "APA") -> dict:
    scale = sorted(GRADES)
    return {"tickvals": scale, "ticktext": [grade_label(g, framework) for g in scale]}


def report_layout(fig: go.Figure, title: str, subtitle: str, source: str, note: str = SCALE_SENTENCE) -> go.Figure:
    """Finish a newly built figure for a committee report: title, subtitle with the filters, note and source line.

    The builder sets the plotting area's height and the room its x labels need (margin.b); the title block,
    legend and footer are added around them, so the plot keeps its size. Called once per chart, by assembly.finish.
    """
    title_text, subtitle_text = wrap(title, 58), wrap(subtitle, 84)
    footer = wrap(f"{note}. {source}", 92)
    gap = TITLE_GAP + 25 * (_lines(title_text) - 1)  # Plotly anchors a title of several lines by its first line's middle
    top = 26 + gap - TITLE_GAP + 25 * _lines(title_text) + 19 * _lines(subtitle_text)
    legend_rows = _legend_rows(fig) if fig.layout.showlegend else 0
    axis_room = fig.layout.margin.b if fig.layout.margin.b is not None else 40
    left = fig.layout.margin.l if fig.layout.margin.l is not None else 20
    bottom = axis_room + 18 * _lines(footer) + 26 * legend_rows + 12
    height = int((fig.layout.height or 360) + top + bottom)
    fig.update_layout(
        title={
            "text": title_text,
            "font": {"size": TITLE_SIZE},
            "subtitle": {"text": subtitle_text, "font": {"size": FONT_SIZE}},
            "x": 0.01,
            "xanchor": "left",
            "y": 1 - gap / height,  # a gap above the title, in pixels of this image, however tall it is
            "yref": "container",
            "yanchor": "top",
        },
        font={"family": FONT, "size": FONT_SIZE, "color": "#111111"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"t": top, "b": bottom, "l": left, "r": 24},
        legend={
            "orientation": "h",
            "x": 0.01,
            "xref": "container",
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "title": {"text": ""},
            "font": {"size": FONT_SIZE},
        },
    )
    fig.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=12 - left,  # from the image's left edge, whatever room the axis labels take
        yshift=-axis_room,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": SOURCE_SIZE, "color": "#333333"},
    )
    return fig


def _lines(text: str) -> int:
    return text.count("<br>") + 1


def _legend_rows(fig: go.Figure) -> int:
    """How many rows a horizontal legend takes (about 9 px a character, 50 an entry's symbol and gap): Plotly wraps it
    at the plotting area's width, and once it wraps it sets the entries in columns as wide as the widest."""
    widths = [50 + 9 * len(trace.name or "") for trace in fig.data if trace.showlegend is not False and trace.name]
    if not widths:
        return 0
    left = fig.layout.margin.l if fig.layout.margin.l is not None else 20
    room = EXPORT_WIDTH - left - 24
    if sum(widths) <= room:
        return 1
    per_row = max(1, room // max(widths))
    return -(-len(widths) // per_row)


def wrap(text: str, width: int = 120) -> str:
    """Break a long line into lines at spaces, since Plotly titles and labels do not wrap by themselves."""
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "<br>".join([*lines, current])


def label_room(labels: Sequence[str]) -> int:
    """Pixels of left margin that the longest axis label needs at FONT_SIZE (about 7.6 px a character)."""
    return int(16 + 7.6 * max((len(str(label)) for label in labels), default=0))


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure(layout={"height": 200, "showlegend": False})
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


LABEL_GAP = 18  # px between direct labels: a 14 px line and room


def trend_figure(
    summary: pd.DataFrame, years: tuple[int, int], drawn: dict[str, AuthorityStyle] | None = None, framework: str = "APA"
) -> go.Figure:
    """Grade by year, a panel per area, a line per authority labelled at its end, every grade on its own year.

    Authorities with the same grade sit side by side inside the grade's band, never covering one another; a line
    breaks where a year has no grade; crosses mark grades where the sources disagree. Each name sits in the band of
    the grade it labels, or is joined to it by a leader line.
    """
    if summary.empty:
        return empty_figure("No grades are loaded for this selection")
    drawn = drawn or authority_styles(list(dict.fromkeys(summary["authority"])))
    names = [name for name in drawn if name in set(summary["authority"])]
    areas = list(dict.fromkeys(summary["area_label"]))
    all_years = list(range(years[0], years[1] + 1))
    panel_px = max(150, LABEL_GAP * len(names) + 24)
    layout = _panels(areas, all_years, panel_px, framework)
    places = lattice(len(names), panel_px / 4, PLOT_WIDTH / _x_span(all_years))
    traces, labels = [], []
    for panel, area in enumerate(areas):
        suffix = str(panel + 1) if panel else ""
        axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
        ends = []
        for name, place in zip(names, places):
            rows = summary[(summary["authority"] == name) & (summary["area_label"] == area)]
            traces += _authority_traces(rows, name, drawn[name], place, all_years, axes)
            settled = rows[rows["agreement"] != "conflict"]
            if len(settled):
                last = settled.sort_values("year").iloc[-1]
                ends.append((float(last["grade"]) + place[1], int(last["year"]) + place[0], name))
        labels += _direct_labels(ends, drawn, axes, all_years[-1], LABEL_GAP * 4 / panel_px)
    layout["annotations"] += labels
    return go.Figure(data=traces, layout=layout)


def lattice(count: int, px_per_grade: float, px_per_year: float) -> list[tuple[float, float]]:
    """Each of count authorities' place (years, grades) around a point, so that markers sharing a year and a grade
    never cover one another: in rows up the band while they fit within its middle 60%, so none looks to sit on the
    next grade, then in columns either side of the year, never so far that a marker reads as another year's."""
    rows = max(1, min(count, int(0.6 * px_per_grade / MARKER_PITCH) + 1))
    columns = -(-count // rows)
    dy, dx = MARKER_PITCH / px_per_grade, min(MARKER_PITCH / px_per_year, 0.6 / max(columns - 1, 1))
    return [
        ((index // rows - (columns - 1) / 2) * dx, (index % rows - (min(count, rows) - 1) / 2) * dy) for index in range(count)
    ]


def _x_span(all_years: list[int]) -> float:
    """Years across a trend panel: the years drawn and the room on their right for the lines' names."""
    return 0.75 + 0.5 * (len(all_years) + 0.75) + len(all_years) - 1


def _authority_traces(
    rows: pd.DataFrame, name: str, identity: AuthorityStyle, place: tuple[float, float], all_years: list[int], axes: dict
) -> list[dict]:
    """One authority in one panel: its line and markers, broken where a year has no grade, crosses where sources
    disagree; drawn at its place around each point (lattice)."""
    settled = rows[rows["agreement"] != "conflict"].set_index("year").reindex(all_years)
    dx, dy = place
    y = [None if pd.isna(g) else g + dy for g in settled["grade"]]
    traces = [
        {
            "type": "scatter",
            **axes,
            "x": [year + dx for year in all_years],
            "y": y,
            "customdata": settled.assign(year=all_years)[POINT_FIELDS].astype(object).fillna("").values.tolist(),
            "mode": "lines+markers",
            "name": name,
            "legendgroup": name,
            "showlegend": False,
            "connectgaps": False,
            "line": {"color": identity.colour, "width": identity.width},
            "marker": {
                "symbol": identity.symbol,
                "size": identity.size,
                "color": identity.colour,
                "line": {"width": 1, "color": "white"},
            },
            "hovertemplate": f"<b>{name}</b> %{{customdata[5]}}: %{{customdata[0]}}<br>"
            "%{customdata[1]} source(s)<extra></extra>",
        }
    ]
    disputed = rows[rows["agreement"] == "conflict"]
    if len(disputed):
        traces.append(
            {
                "type": "scatter",
                **axes,
                "x": (disputed["year"] + dx).tolist(),
                "y": (disputed["grade"] + dy).tolist(),
                "mode": "markers",
                "name": f"{name}: sources disagree",
                "showlegend": False,
                "marker": {"symbol": "x", "size": 12, "color": identity.colour, "line": {"width": 1}},
                "text": disputed["year"].tolist(),
                "hovertemplate": f"<b>{name}</b> %{{text}}: sources disagree<extra></extra>",
            }
        )
    return traces


def _direct_labels(
    ends: list[tuple[float, float, str]], drawn: dict[str, AuthorityStyle], axes: dict, final_year: int, gap: float
) -> list[dict]:
    """Each line's name beside the panel, no two overlapping. A line that reaches the last year is joined to its last
    grade by a leader line; one that ends earlier is named in its last grade's band with that year, "(2007)", since a
    leader back to an earlier year would read as the line going on; only where its band is full is it joined."""
    ends = sorted(ends, reverse=True)
    bands = [None if round(x) == final_year else round(y) for y, x, _ in ends]
    placed = label_heights([y for y, _, _ in ends], bands, gap)
    label_x = final_year + 0.35
    labels = []
    for (point, x, name), label_y, band in zip(ends, placed, bands):
        joined = band is None or abs(label_y - band) > 0.5
        labels.append(
            {
                "x": x if joined else label_x,
                "y": point if joined else label_y,
                "xref": axes["xaxis"],
                "yref": axes["yaxis"],
                "ax": label_x,
                "ay": label_y,
                "axref": axes["xaxis"],
                "ayref": axes["yaxis"],
                "text": _bold_if(name, drawn[name].home) + ("" if band is None else f" ({round(x)})"),
                "xanchor": "left",
                "showarrow": joined,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": drawn[name].colour,
                "standoff": drawn[name].size / 2 + 2,
                "font": {"color": drawn[name].colour, "size": FONT_SIZE},
            }
        )
    return labels


def label_heights(wanted: list[float], bands: list[int | None], gap: float) -> list[float]:
    """Heights for labels (wanted highest first), gap apart, on the grade scale 0.5-4.5. A label with a band takes the
    free place nearest its wish inside that band, first; the others then take the free places nearest theirs, kept
    in the order wished, so no two leader lines cross."""
    places = [4.5 - gap / 2 - number * gap for number in range(int(4 / gap + 1e-9))]
    free = set(range(len(places)))
    heights: list[float | None] = [None] * len(wanted)
    for index in [i for i, band in enumerate(bands) if band is not None]:
        inside = [p for p in free if abs(places[p] - bands[index]) <= 0.5]
        if inside:
            taken = min(inside, key=lambda p: abs(places[p] - wanted[index]))
            heights[index] = places[taken]
            free.remove(taken)
    rest = [index for index, height in enumerate(heights) if height is None]
    taken = []
    for index in rest:
        taken.append(min(free, key=lambda p: abs(places[p] - wanted[index])))
        free.remove(taken[-1])
    for index, place in zip(rest, sorted(taken)):
        heights[index] = places[place]
    return heights


def _panels(titles: list[str], all_years: list[int], panel_px: int, framework: str) -> dict:
    """Axes for small multiples, one panel per row, each with room on its right for the lines' names."""
    gap_px = 46  # room above each panel for its title
    height = len(titles) * (panel_px + gap_px)
    layout: dict = {"annotations": [], "shapes": [], "height": height, "showlegend": False, "margin": {"b": 34, "l": 120}}
    for panel, title in enumerate(titles):
        top = 1 - panel * (panel_px + gap_px) / height - gap_px / height
        y_domain = [max(0.0, top - panel_px / height), top]
        suffix = str(panel + 1) if panel else ""
        layout[f"xaxis{suffix}"] = {
            "domain": [0, 1],
            "anchor": f"y{suffix}",
            "tickvals": all_years,
            "ticktext": [str(year) for year in all_years],
            "range": [all_years[0] - 0.4, all_years[-1] + 0.35 + 0.5 * (len(all_years) + 0.75)],
            "showgrid": False,
            "zeroline": False,
        }
        layout[f"yaxis{suffix}"] = {
            "domain": y_domain,
            "anchor": f"x{suffix}",
            "range": [0.5, 4.5],
            **grade_ticks(framework),
            "showgrid": False,
            "zeroline": False,
        }
        layout["shapes"] += [  # a light band for every other grade, so each grade reads as a category
            {
                "type": "rect",
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix}",
                "x0": 0,
                "x1": 1,
                "y0": grade - 0.5,
                "y1": grade + 0.5,
                "fillcolor": "#f1f1f1",
                "line": {"width": 0},
                "layer": "below",
            }
            for grade in (2, 4)
        ]
        layout["annotations"].append(
            {
                "text": f"<b>{title}</b>",
                "x": 0,
                "y": y_domain[1],
                "xref": "paper",
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 4,
                "showarrow": False,
                "font": {"size": FONT_SIZE + 1},
            }
        )
    return layout


def calendar_order(names: Sequence) -> list:
    """Years in calendar order; anything else as given."""
    values = list(names)
    return sorted(values, key=int) if values and all(str(v).isdigit() for v in values) else values


def grid_figure(
    rows: pd.DataFrame,
    row_field: str,
    column_field: str,
    empty_message: str,
    row_names: list[str] | None = None,
    column_names: list[str] | None = None,
    home: str | None = None,
    not_judged: Callable[[str, object], bool] | None = None,
) -> go.Figure:
    """A grid of cells coloured by grade with the grade written in each (authority x area, or area x year).

    Rows and columns named in row_names and column_names but without grades stay in the grid, marked "not loaded",
    or "not judged" where not_judged(row, column) says the inspection did not judge it then.
    Years run in calendar order; column labels wrap so that none overlaps its neighbour; the home authority is bold.
    """
    if rows.empty:
        return empty_figure(empty_message)
    framework = rows["framework"].iloc[0] if "framework" in rows else "APA"
    cells = rows.groupby([row_field, column_field], sort=False).agg(grade=("grade", "first"), grades=("grade", "nunique"))
    cells["text"] = ["sources disagree" if n > 1 else grade_label(g, framework) for g, n in zip(cells["grade"], cells["grades"])]
    row_names = calendar_order(row_names or list(dict.fromkeys(rows[row_field])))
    column_names = calendar_order(column_names or list(dict.fromkeys(rows[column_field])))
    z = cells["grade"].where(cells["grades"] == 1).unstack().reindex(index=row_names, columns=column_names)
    text = cells["text"].unstack().reindex(index=row_names, columns=column_names).astype(object).fillna("not loaded")
    for row_name in row_names if not_judged else []:
        for column_name in column_names:
            if text.loc[row_name, column_name] == "not loaded" and not_judged(row_name, column_name):
                text.loc[row_name, column_name] = "not judged"
    column_chars = max(7, int(PLOT_WIDTH * 0.7 / len(column_names) / 8))
    column_labels = [_bold_if(wrap(str(name), column_chars), name == home) for name in column_names]
    annotations = [
        {  # positions, not names: a category named "2008" would be read as a number
            "x": column_position,
            "y": row_position,
            "text": wrap(str(text.loc[row_name, column_name]), column_chars),
            "showarrow": False,
            "font": {"size": FONT_SIZE, "color": _cell_text_colour(z.loc[row_name, column_name])},
        }
        for row_position, row_name in enumerate(row_names)
        for column_position, column_name in enumerate(column_names)
    ]
    heatmap = go.Heatmap(
        z=z.values,
        x=list(range(len(column_names))),
        y=list(range(len(row_names))),
        text=text.values,
        customdata=[[str(row_name)] * len(column_names) for row_name in row_names],
        zmin=1,
        zmax=4,
        colorscale=[[i / 3, GRADE_COLOURS[g]] for i, g in enumerate((1, 2, 3, 4))],
        showscale=False,
        xgap=3,
        ygap=3,
        hovertemplate="%{customdata}: %{text}<extra></extra>",
    )
    label_lines = max(_lines(label) for label in column_labels)
    layout = {
        "annotations": annotations,
        "height": 48 * len(row_names) + 10,
        "showlegend": False,
        "margin": {"b": 18 * label_lines + 16, "l": label_room(row_names)},
        "xaxis": {"tickvals": list(range(len(column_names))), "ticktext": column_labels, "showgrid": False, "zeroline": False},
        "yaxis": {
            "tickvals": list(range(len(row_names))),
            "ticktext": [_bold_if(str(name), name == home) for name in row_names],
            "autorange": "reversed",
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
        },
    }
    return go.Figure(heatmap, layout=layout)


def _bold_if(text: str, bold: bool) -> str:
    return f"<b>{text}</b>" if bold else text


def distribution_figure(
    distribution: pd.DataFrame, marks: pd.DataFrame, group_name: str, drawn: dict[str, AuthorityStyle]
) -> go.Figure:
    """How many of the group's authorities have each grade per area, with the chosen members of the group marked."""
    if distribution.empty:
        return empty_figure(f"Fewer than {MIN_GROUP} authorities in {group_name} have grades for this selection")
    framework = marks["framework"].iloc[0] if "framework" in marks and len(marks) else "APA"
    fig = go.Figure(layout={"showlegend": True, "margin": {"b": 34, "l": label_room(distribution["area_label"])}})
    for grade, frame in distribution.groupby("grade"):
        fig.add_trace(
            go.Scatter(
                x=frame["grade"],
                y=frame["area_label"],
                mode="markers+text",
                text=frame["authorities"],
                textposition="middle center",
                textfont={"color": GRADE_TEXT_COLOURS[grade], "size": FONT_SIZE},
                marker={
                    "size": 22 + 30 * frame["authorities"] / frame["group_size"],
                    "color": GRADE_COLOURS[grade],
                    "line": {"width": 1, "color": "#333333"},  # the lightest grade stays visible on white
                },
                name=grade_label(grade, framework),
                hovertemplate="%{y}: %{text} authorities graded %{x}<extra></extra>",
            )
        )
    areas = list(dict.fromkeys(distribution["area_label"]))
    shown = marks[marks["area_label"].isin(areas) & (marks["agreement"] != "conflict")]
    for number, (name, identity) in enumerate(drawn.items()):
        frame = shown[shown["authority"] == name]
        if frame.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=frame["grade"] + 0.3 + min(0.1, 0.4 / len(drawn)) * number,  # side by side, never on top of each other
                y=frame["area_label"],
                mode="markers",
                name=name,
                marker={
                    "symbol": identity.symbol,
                    "size": identity.size + 2,
                    "color": identity.colour,
                    "line": {"width": 1, "color": "white"},
                },
                hovertemplate=f"<b>{name}</b> %{{y}}: %{{customdata}}<extra></extra>",
                customdata=frame["grade_label"],
            )
        )
    fig.update_xaxes(range=[0.4, 4.8], **grade_ticks(framework), showgrid=False, zeroline=False)
    fig.update_yaxes(categoryorder="array", categoryarray=areas[::-1], automargin=True, showgrid=False)
    fig.update_layout(height=max(180, 66 * len(areas)))
    return fig


def standing_figure(rows: pd.DataFrame, framework: str, home: str) -> go.Figure:
    """Per area, the home authority's grade above how many of its region and of all loaded have each grade.

    rows: area_label, group (the row's label), grade, authorities, in the order drawn; a group with too few loaded has
    one row with no grade, its label saying so. Bars count authorities, so the home authority's own bar is 1 long, its
    grade written beside it.
    """
    if rows.empty:
        return empty_figure("Nothing is loaded to compare")
    labels: list[str] = []
    position: dict[tuple[str, str], int] = {}  # (area, group): the row it is drawn on, under its area's heading
    for area, frame in rows.groupby("area_label", sort=False):
        labels.append(f"<b>{area}</b>")
        for group in dict.fromkeys(frame["group"]):
            position[area, group] = len(labels)
            labels.append(group)
    placed = rows.assign(y=[position[key] for key in zip(rows["area_label"], rows["group"])])
    fig = go.Figure(layout={"barmode": "stack", "showlegend": True, "margin": {"b": 56, "l": label_room(labels) - 40}})
    for grade in sorted(GRADES):
        frame = placed[placed["grade"] == grade]
        own = frame["group"] == home
        fig.add_trace(
            go.Bar(
                x=frame["authorities"],
                y=frame["y"],
                orientation="h",
                name=grade_label(grade, framework),
                marker={"color": GRADE_COLOURS[grade], "line": {"width": 1, "color": "#333333"}},
                text=frame["authorities"].astype(str).where(~own, grade_label(grade, framework)),
                textposition=["outside" if mine else "inside" for mine in own],
                insidetextanchor="middle",
                insidetextfont={"color": GRADE_TEXT_COLOURS[grade], "size": FONT_SIZE},
                outsidetextfont={"color": "#111111", "size": FONT_SIZE},
                cliponaxis=False,
                customdata=frame["group"],
                hovertemplate=f"%{{customdata}}: %{{x}} {grade_label(grade, framework)}<extra></extra>",
            )
        )
    widest = int(rows.groupby("group", sort=False)["authorities"].sum().max())
    fig.update_xaxes(
        title={"text": "Authorities at each grade", "standoff": 6},
        range=[0, widest * 1.15 + 1],
        dtick=1 if widest <= 10 else None,
    )
    fig.update_yaxes(
        tickvals=list(range(len(labels))),
        ticktext=labels,
        range=[len(labels) - 0.4, -0.8],  # top down, with room above the first heading
        showgrid=False,
        zeroline=False,
        automargin=True,
    )
    fig.update_layout(height=30 * len(labels) + 20, bargap=0.25, legend={"traceorder": "reversed"})
    return fig


BETTER_COLOUR = "#1a7f37"
COMPARATOR_STYLES = [("dot", "square-open"), ("dashdot", "diamond-open"), ("longdash", "triangle-up-open")]


def indicator_figure(
    series: pd.DataFrame, unit: str, polarity: str, drawn: dict[str, AuthorityStyle], highlight: tuple[int, int] = YEAR_RANGE
) -> go.Figure:
    """An indicator over time: a line per authority, England dashed black, each region grey in its own dash and symbol."""
    if series.empty:
        return empty_figure("No values of this indicator are loaded for this selection")
    traces = []
    for name, identity in drawn.items():  # in the order chosen
        frame = series[series["area_name"] == name]
        if len(frame):
            traces.append(_indicator_trace(frame, name, identity.colour, "solid", identity.symbol, identity.width))
    for name, (dash, symbol) in comparator_styles(series).items():
        colour = "#000000" if name.startswith("England") else "#595959"
        traces.append(_indicator_trace(series[series["area_name"] == name], name, colour, dash, symbol, 2))
    arrow = {"lower_better": "▼ ", "higher_better": "▲ "}
    better = arrow[polarity] + better_sentence(polarity) if polarity in arrow else "neither higher nor lower is better"
    layout = {
        "height": 380,
        "showlegend": True,
        "margin": {"b": 34, "l": 80},
        "xaxis": {"dtick": 1, "showgrid": False},
        "yaxis": {"title": {"text": unit}, "gridcolor": "#dddddd", "rangemode": "tozero", "automargin": True},
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
                "y": 1.01,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": BETTER_COLOUR if polarity != "neutral" else "#444444", "size": FONT_SIZE},
            },
            {
                "text": f"APA years {highlight[0]}–{highlight[1]}",
                "xref": "x",
                "yref": "paper",
                "x": (highlight[0] + highlight[1]) / 2,
                "y": 1.01,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": "#444444", "size": FONT_SIZE},
            },
        ],
    }
    return go.Figure(data=traces, layout=layout)


def comparator_styles(series: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """England dashed with open circles; each region its own dash and open symbol, so no two comparators look alike."""
    names = sorted(set(series.loc[series["area_level"] != "authority", "area_name"]))
    england = [name for name in names if name.startswith("England")]
    regions = [name for name in names if not name.startswith("England")]
    styles = {name: ("dash", "circle-open") for name in england}
    styles.update({name: COMPARATOR_STYLES[number % len(COMPARATOR_STYLES)] for number, name in enumerate(regions)})
    return styles


def _indicator_trace(frame: pd.DataFrame, name: str, colour: str, dash: str, symbol: str, width: float) -> dict:
    frame = frame.sort_values("year")
    return {
        "type": "scatter",
        "x": frame["year"].tolist(),
        "y": frame["value"].tolist(),
        # a user's file gives period and source: escaped, as Plotly reads tags in hover text
        "customdata": frame[["period", "source"]].astype(str).map(html.escape).values.tolist(),
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "dash": dash, "width": width},
        "marker": {"symbol": symbol, "size": 8, "color": colour},
        "hovertemplate": f"<b>{name}</b> %{{customdata[0]}}: %{{y}}<br>%{{customdata[1]}}<extra></extra>",
    }


def _cell_is_dark(colour: str) -> bool:
    """Whether white text reads better than black on a fill (its relative luminance below the crossover of 0.18)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] < 0.18


def _cell_text_colour(grade: float) -> str:
    return NOT_LOADED_TEXT if pd.isna(grade) else GRADE_TEXT_COLOURS[int(grade)]


NOT_LOADED_BAND = "Not loaded"
HEX_LINE = "#ffffff"
CHOSEN_LINE = "#d6004c"  # the chosen authorities' outline: seen on every band, dark or light


@dataclass(frozen=True)
class Band:
    """One colour of a map's key: its words, its fill and, for a band that means 'no value', a hatching."""

    label: str
    colour: str
    pattern: str = ""


def hex_map_figure(cells: pd.DataFrame, bands: Sequence[Band], labelled: bool = False) -> go.Figure:
    """England's authorities as hex tiles, one fill per band, the chosen outlined; each hex hovers and clicks.

    cells: a row per hex with q, r (odd-r offset rows, north up), dfe_code, band, hover (HTML-safe) and chosen, and
    short_code where labelled: on paper, where nothing hovers, each hex is named by its code (taller, so codes fit).
    Each band is one trace of filled hexagons; an invisible marker on each hex carries its hover and its click.
    """
    cells = cells.assign(x=cells["q"] + 0.5 * (cells["r"] % 2), y=cells["r"] * 0.866)
    traces = []
    for band in bands:
        members = cells[cells["band"] == band.label]
        authorities = members["dfe_code"].nunique()
        x, y = _hexagons(members)
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": band.colour,
                "fillpattern": {"shape": band.pattern, "fgcolor": "#8c8c8c", "bgcolor": band.colour, "size": 6}
                if band.pattern
                else None,
                "line": {"color": "#8c8c8c" if band.pattern else HEX_LINE, "width": 1},
                "name": f"{band.label} ({authorities})",
                "hoverinfo": "skip",
                "visible": True if authorities else "legendonly",
            }
        )
    chosen = cells[cells["chosen"]]
    if len(chosen):
        x, y = _hexagons(chosen)
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "mode": "lines",
                "line": {"color": CHOSEN_LINE, "width": 3},
                "name": "Chosen authorities",
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": cells["x"].tolist(),
            "y": cells["y"].tolist(),
            "mode": "markers",
            "marker": {"symbol": "hexagon", "size": 16, "opacity": 0},
            "customdata": cells[["dfe_code"]].values.tolist(),
            "text": cells["hover"].tolist(),
            "hovertemplate": "%{text}<extra></extra>",
            "showlegend": False,
            "name": "authorities",
        }
    )
    if labelled:
        dark = {band.label for band in bands if not band.pattern and _cell_is_dark(band.colour)}
        traces.append(
            {
                "type": "scatter",
                "x": cells["x"].tolist(),
                "y": cells["y"].tolist(),
                "mode": "text",
                "text": cells["short_code"].tolist(),
                "textfont": {"size": FONT_SIZE, "color": ["#ffffff" if band in dark else "#111111" for band in cells["band"]]},
                "hoverinfo": "skip",
                "showlegend": False,
                "name": "codes",
            }
        )
    hidden = {"visible": False, "fixedrange": True}
    layout = {
        "height": 680 if labelled else 560,
        "showlegend": True,
        "margin": {"b": 10, "l": 10},
        "xaxis": {**hidden, "range": [-1, cells["x"].max() + 1]},
        "yaxis": {**hidden, "scaleanchor": "x", "scaleratio": 1},
        "dragmode": False,
        "clickmode": "event+select",
    }
    return go.Figure(data=traces, layout=layout)


def _hexagons(cells: pd.DataFrame) -> tuple[list, list]:
    """Pointy-topped hexagons around each cell's centre, as one path broken by gaps (one fill each)."""
    corners = [(0.5 * dx, 0.577 * dy) for dx, dy in ((0, 1), (1, 0.5), (1, -0.5), (0, -1), (-1, -0.5), (-1, 0.5), (0, 1))]
    x: list = []
    y: list = []
    for cx, cy in zip(cells["x"], cells["y"]):
        x += [cx + dx for dx, _ in corners] + [None]
        y += [cy + dy for _, dy in corners] + [None]
    return x, y
