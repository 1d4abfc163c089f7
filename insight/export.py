"""Report-ready chart files: PNG and SVG through Kaleido (Debian's Chromium), and the CSV behind a chart.

A persistent Kaleido server renders each image in a fraction of a second after the first;
if it cannot start, callers say so and the chart toolbar's own download still works.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import warnings
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from insight.charts import EXPORT_WIDTH
from insight.tables import COLUMN_LABELS, cited_written_out
from insight.words import NO_NATIONAL_TABLE, citations, long_date

PNG_SCALE = 3  # 2100 px across: 330 dpi when placed 16 cm wide
_server_lock = threading.Lock()
_server_state: dict[str, object] = {}


def file_stem(framework: str, areas: list[str], authorities: list[str], years: tuple[int, int], chart: str = "") -> str:
    """A file name that says what the chart is: apa-staying-safe-luton-leicester-leeds-2005-2008."""
    area_part = areas[0] if len(areas) == 1 else f"{len(areas)}-areas" if areas else ""
    who = authorities if len(authorities) <= 4 else [*authorities[:3], f"and-{len(authorities) - 3}-more"]
    parts = [framework, chart, area_part, *who, f"{years[0]}-{years[1]}" if years[0] != years[1] else str(years[0])]
    return re.sub(r"[^a-z0-9]+", "-", "-".join(p for p in parts if p).lower()).strip("-")


def toolbar_config(stem: str, height: int) -> dict:
    """The Plotly toolbar's own image button gives the same size and name as the server-side PNG."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": stem, "width": EXPORT_WIDTH, "height": height, "scale": PNG_SCALE},
    }


def image_bytes(fig: go.Figure, fmt: str) -> bytes:
    """PNG (2100 px wide, white background) or SVG of a figure, through one long-lived Kaleido server."""
    _ensure_server()
    height = int(fig.layout.height or 520)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return fig.to_image(format=fmt, width=EXPORT_WIDTH, height=height, scale=PNG_SCALE if fmt == "png" else 1)


def export_available() -> tuple[bool, str]:
    """Whether server-side images can be made here, and why not if they cannot."""
    if not find_browser():
        return False, "Server-side image export is unavailable: no Chrome or Chromium was found on this machine."
    try:
        _ensure_server()
    except Exception as error:  # Kaleido reports a broken browser in several ways
        return False, f"Server-side image export is unavailable ({type(error).__name__}: {error})."
    return True, ""


@functools.cache
def find_browser() -> str | None:
    """The browser Kaleido will drive: Kaleido's own search (here Debian's /usr/bin/chromium), once per process."""
    from choreographer.browsers.chromium import Chromium

    return Chromium.find_browser(skip_local=False)


def csv_table(frame: pd.DataFrame, columns: list[str], built: str = "") -> pd.DataFrame:
    """Exactly the rows drawn, each value as the CSV writes it: the sources of each grade written out, blanks for gaps,
    and when the data was built and exported. The CSV, the Excel file and a briefing's appendix all print this."""
    stamped = _stamped(frame, columns, built)
    return stamped.astype(object).where(stamped.notna(), "").map(str)


def chart_csv(frame: pd.DataFrame, columns: list[str], built: str = "") -> bytes:
    """The chart's rows as a CSV file, with the source and quote of each grade."""
    return csv_table(frame, columns, built).to_csv(index=False).encode("utf-8")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_COLUMN_WIDTH = 60  # characters: longer cells (sources, exact words) wrap in Excel rather than run off the screen


def workbook(title: str, sheets: dict[str, pd.DataFrame], sources: pd.DataFrame, notes: list[str]) -> bytes:
    """An Excel workbook a performance team can file as it is: each table on its own sheet under plain headers, frozen
    and sized to their contents, then a sheet of every source and place read, then the title, notes and caveats."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in {**sheets, "Sources": sources}.items():
            _sheet(writer, name, frame.rename(columns=COLUMN_LABELS))
        _sheet(writer, "Notes and caveats", pd.DataFrame({title: notes}))
        writer.book.properties.title = title
    return buffer.getvalue()


def _sheet(writer: pd.ExcelWriter, name: str, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    frame.to_excel(writer, sheet_name=name[:31], index=False)
    sheet = writer.sheets[name[:31]]
    sheet.freeze_panes = "A2"
    for number, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(value)) for value in frame[column])], default=8)
        sheet.column_dimensions[get_column_letter(number)].width = min(MAX_COLUMN_WIDTH, longest + 2)
        sheet.cell(row=1, column=number).font = Font(bold=True)
        if longest > MAX_COLUMN_WIDTH:
            for cell in sheet[get_column_letter(number)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def chart_xlsx(title: str, frame: pd.DataFrame, columns: list[str], built: str, notes: list[str]) -> bytes:
    """A chart's rows (as its CSV has them) as an Excel workbook, with their sources and the chart's notes."""
    return workbook(title, {"Data": csv_table(frame, columns, built)}, sources_of_rows(frame), notes)


ALL_THE_DATA = {  # each sheet of "All the data" and the columns it keeps, in order
    "Grades": [
        "authority", "dfe_code", "year", "framework", "area_label", "grade", "grade_label", "agreement", "how_stated",
        "origin", "source", "locator", "line", "quote", "source_kind", "notes",
    ],
    "Indicators": [
        "indicator", "unit", "area_name", "area_level", "dfe_code", "period", "year", "value", "source", "locator", "notes"
    ],
    "Held back": [
        "authority", "year", "framework", "area_label", "grade_label", "origin", "source", "locator", "quote", "reason"
    ],
}  # fmt: skip


def all_the_data(grades: pd.DataFrame, indicators: pd.DataFrame, held_back: pd.DataFrame, built: str) -> bytes:
    """Everything loaded in one workbook: every grade with its source and exact words, every indicator value, and every
    grade held back with why; then each source with how many values rest on it."""
    frames = dict(zip(ALL_THE_DATA, (grades, indicators, held_back)))
    sheets = {name: frames[name].reindex(columns=columns) for name, columns in ALL_THE_DATA.items()}
    used = pd.concat([sheets["Grades"]["source"], sheets["Indicators"]["source"]])
    sources = used.value_counts(sort=False).rename_axis("source").reset_index(name="values")
    title = f"Children's services inspection dashboard: all the data, built {built}"
    said = [
        f"Grades: {len(grades)}, each with its source, the place in it and, for documents added, the exact words.",
        f"Indicators: {len(indicators)} values, each with its source and place.",
        f"Held back: {len(held_back)} grades read but not shown, each with the reason.",
        NO_NATIONAL_TABLE,
    ]
    return workbook(title, sheets, sources, said)


def sources_of_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Every source and place the rows rest on, once each: from each grade's citations, or a value's own source."""
    if "cited" in frame:
        pairs = [pair for cited in frame["cited"] for pair in citations(cited)]
    elif "source" in frame:
        pairs = [(str(source), "") for source in frame["source"]]
    else:
        pairs = []
    return pd.DataFrame(list(dict.fromkeys(pairs)), columns=["source", "locator"])


def _stamped(frame: pd.DataFrame, columns: list[str], built: str) -> pd.DataFrame:
    return cited_written_out(frame.reindex(columns=columns)).assign(data_built=built, exported=long_date(date.today()))


def _ensure_server() -> None:
    with _server_lock:
        if "error" in _server_state:
            raise RuntimeError(_server_state["error"])
        if "started" in _server_state:
            return
        import kaleido

        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception as error:
            _server_state["error"] = str(error)
            raise
        _server_state["started"] = True
