"""How every chart is placed: titled figure, PNG/SVG/CSV downloads beside it, and the data behind it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from insight import charts, export
from insight.views import Chart

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
]


def show(chart: Chart, key: str) -> None:
    """Place a chart with its report title, source line, downloads and data table."""
    figure = charts.report_layout(
        chart.figure, chart.title, chart.subtitle, export.source_line(chart.documents, kind=chart.source_kind)
    )
    st.plotly_chart(figure, key=key, theme=None, config=export.toolbar_config(chart.stem, int(figure.layout.height)))
    available, why = export.export_available()
    columns = st.columns(4)
    for column, fmt, mime in ((columns[0], "png", "image/png"), (columns[1], "svg", "image/svg+xml")):
        column.download_button(
            fmt.upper(),
            icon=":material/download:",
            data=_renderer(figure, fmt),
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
        data=export.chart_csv(chart.data, chart.csv_columns or CSV_COLUMNS),
        file_name=f"{chart.stem}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        on_click="ignore",
        help="Exactly the rows drawn, with each grade's source",
    )
    if not available:
        columns[3].caption(f"{why} Use the camera button in the chart's toolbar instead.")
    table = st.expander(f"The data behind “{chart.title}”", key=f"{key}-table", on_change="rerun")
    if table.open:  # drawn only when asked for: a table's code is heavy for the browser to load
        with table:
            st.dataframe(chart.data.reindex(columns=chart.csv_columns or CSV_COLUMNS), hide_index=True)


def listing(
    title: str, frame: pd.DataFrame, empty: Callable, empty_text: str, note: Callable | None = None, note_text: str = ""
) -> None:
    """A titled table with its count, or the sentence that says why it is empty."""
    st.subheader(f"{title} ({len(frame)})")
    if frame.empty:
        empty(empty_text)
        return
    if note:
        note(note_text)
    st.dataframe(frame, hide_index=True)


def _renderer(figure: go.Figure, fmt: str):
    """Render only when the button is clicked: images cost a browser round trip."""
    return lambda: export.image_bytes(figure, fmt)
