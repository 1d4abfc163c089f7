"""How every chart is placed: titled figure, PNG/SVG/CSV downloads beside it, and the data behind it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from insight import charts, export, queries, tables, words
from insight.assembly import Chart
from insight.specs.england import RANK_COLUMNS
from ui import widgets
from ui.data import query
from vocabulary.comparison import NO_RANK


def show(chart: Chart, key: str) -> None:
    """Place a finished chart with its downloads and data table; the figure itself is left as it was built."""
    figure = chart.figure
    st.markdown(chart.summary)
    event = st.plotly_chart(
        figure,
        key=key,
        theme=None,
        config=export.toolbar_config(chart.stem, int(figure.layout.height)),
        on_select="rerun" if chart.selectable or chart.opens_profile else "ignore",
        selection_mode="points",
        alt=f"{chart.title}. {chart.subtitle}",  # the chart's accessible name; the sentence above is its summary
    )
    if chart.opens_profile:
        _open_profile(event)
    if chart.selectable:
        points = event.selection.points if event else []
        clicked = [_grade_of(point) for point in points if len(point.get("customdata") or []) == len(charts.POINT_FIELDS)]
        _selected_sources(clicked, key)
        _every_source(chart.data, key)
    available, why = export.export_available()
    columns = st.columns(4)
    for column, fmt, mime in ((columns[0], "png", "image/png"), (columns[1], "svg", "image/svg+xml")):
        column.download_button(
            fmt.upper(),
            icon=":material/download:",
            data=_renderer(chart.for_print, fmt),
            file_name=f"{chart.stem}.{fmt}",
            mime=mime,
            key=f"{key}-{fmt}",
            disabled=not available,
            on_click="ignore",
            help=why or f"Report-ready {fmt.upper()} with title, filters, grade scale and source line",
        )
    columns[2].download_button(
        "CSV",
        icon=":material/download:",
        data=lambda: export.chart_csv(chart.data, chart.csv_columns, chart.built),
        file_name=f"{chart.stem}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        on_click="ignore",
        help="Exactly the rows drawn, with each grade's source",
    )
    columns[3].download_button(
        "Excel",
        icon=":material/download:",
        data=lambda: export.chart_xlsx(chart.title, chart.data, chart.csv_columns, chart.built, chart.notes),
        file_name=f"{chart.stem}.xlsx",
        mime=export.XLSX_MIME,
        key=f"{key}-xlsx",
        on_click="ignore",
        help="The same rows as the CSV, with a sheet of their sources and one of the chart's notes and caveats",
    )
    if not available:
        st.caption(f"{why} Use the camera button in the chart's toolbar instead.")
    table = st.expander(f"The data behind “{chart.title}”", key=f"{key}-table", on_change="rerun")
    if table.open:  # drawn only when asked for: a table's code is heavy for the browser to load
        with table:
            shown = [column for column in chart.csv_columns if column not in ("judgement_area", "grade")]
            st.dataframe(tables.for_display(chart.data, shown), hide_index=True)


def ranked_table(chart: Chart, key: str) -> None:
    """Every authority of a map as a sortable table, best first; the map's own downloads hold the same rows."""
    st.caption(
        "Rank among the authorities with a value, ties shared (“12th= of 68 loaded, of 150”), shown only where at least "
        "a third of the 150 authorities have one; 1st is the best grade"
        + ("" if "higher" in chart.csv_columns else ", or the best value by the indicator's polarity")
        + ". Click a column's heading to sort by it."
    )
    columns = chart.csv_columns
    if not chart.data["rank_text"].fillna("").ne("").any():  # no rank means anything here: say why, show no empty column
        st.caption(NO_RANK)
        columns = [column for column in columns if column not in RANK_COLUMNS]
    table = tables.cited_written_out(chart.data.reindex(columns=columns)).rename(columns=tables.COLUMN_LABELS)
    st.dataframe(table, hide_index=True, key=key, placeholder="")  # ranks stay numbers, so the column sorts as numbers
    st.caption("The map's CSV and Excel downloads above hold these rows, each value with its source.")


def table_downloads(frame: pd.DataFrame, stem: str, title: str, key: str, notes: list[str]) -> None:
    """A table's rows as CSV and as Excel (plain frozen headers, a sheet of sources, one of notes), side by side."""
    csv, xlsx = st.columns(2)
    csv.download_button(
        "CSV", frame.to_csv(index=False).encode(), f"{stem}.csv", "text/csv", key=f"{key}-csv", on_click="ignore",
        icon=":material/download:",
    )  # fmt: skip
    xlsx.download_button(
        "Excel",
        lambda: export.workbook(title, {"Data": frame}, export.sources_of_rows(frame), notes),
        f"{stem}.xlsx",
        export.XLSX_MIME,
        key=f"{key}-xlsx",
        on_click="ignore",
        icon=":material/download:",
    )


def _grade_of(point: dict) -> tuple:
    """(dfe_code, framework, judgement_area, year) of a clicked point, read by the names of what each point carries."""
    carried = dict(zip(charts.POINT_FIELDS, point["customdata"]))
    return carried["dfe_code"], carried["framework"], carried["judgement_area"], carried["year"]


def _open_profile(event) -> None:
    """A click on an authority (a map's hex) opens its profile, with every other choice, your authority too, kept."""
    points = [p for p in (event.selection.points if event else []) if p.get("customdata")]
    if points:
        widgets.choices()["of"] = [points[0]["customdata"][0]]
        st.switch_page("pages/profile.py")


def _every_source(data: pd.DataFrame, key: str) -> None:
    """The keyboard's way to any grade's sources: an expander (Tab to it, Enter to open) listing them all in words."""
    panel = st.expander("Where every grade in this chart comes from", key=f"{key}-sources", on_change="rerun")
    if not panel.open:  # drawn only when asked for
        return
    with panel:
        in_words(grade_sources(data))


def grade_sources(data: pd.DataFrame) -> pd.DataFrame:
    """The source, place in it and exact words of every grade a chart draws."""
    drawn = data.drop_duplicates(["dfe_code", "framework", "judgement_area", "year"])
    return query(
        queries.sources,
        sorted(set(drawn["dfe_code"])),
        sorted(set(drawn["framework"])),
        sorted(set(drawn["judgement_area"])),
        (int(drawn["year"].min()), int(drawn["year"].max())),
    )


def in_words(rows: pd.DataFrame) -> None:
    """Each grade's source as a line of text (screen readers and the keyboard reach text, not a table's canvas)."""
    for row in rows.itertuples():
        quoted = f": “{row.quote}”" if isinstance(row.quote, str) and row.quote else ""
        line = f"{row.authority}, {row.area_label}, {row.year}, {row.grade_label}: {row.source} ({row.locator}){quoted}"
        st.markdown(f"- {words.as_text(line)}")  # a document's words shown as written, never as markup


def _selected_sources(points: list[tuple], key: str) -> None:
    """Under a grade chart: the sources and exact words of the grades the user clicked."""
    if not points:
        st.caption("Click a point to see where its grade comes from, or open the list of every grade's sources below.")
        return
    rows = pd.concat(
        [
            query(queries.sources, [code], [framework], [area], (int(year), int(year)))
            for code, framework, area, year in dict.fromkeys(points)
        ]
    )
    columns = ["authority", "year", "area_label", "grade_label", "source", "link", "locator", "quote"]
    st.dataframe(
        tables.for_display(rows, columns),
        hide_index=True,
        key=f"{key}-selected",
        column_config={"Link": st.column_config.LinkColumn(display_text="open the source")},
    )
    in_words(rows)


def listing(
    title: str,
    frame: pd.DataFrame,
    columns: list[str],
    empty: Callable,
    empty_text: str,
    note: Callable | None = None,
    note_text: str = "",
) -> None:
    """A titled table with its count, or the sentence that says why it is empty."""
    st.subheader(f"{title} ({len(frame)})")
    if frame.empty:
        empty(empty_text)
        return
    if note:
        note(note_text)
    st.dataframe(tables.for_display(frame, columns), hide_index=True)


def _renderer(figure: go.Figure, fmt: str):
    """Render only when the button is clicked: images cost a browser round trip."""
    return lambda: export.image_bytes(figure, fmt)
