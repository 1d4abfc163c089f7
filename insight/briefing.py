"""A committee briefing: the charts a user kept, each with a caption written from its rows, its values and sources.

What a briefing holds travels in the link as short items ("trend;codes=821~856;framework=APA;..."), each naming a
chart and the arguments it was drawn with, so a reload or a colleague's copy redraws it from the current data.
The captions are generated from the rows drawn, never written by hand: a year with no grade is said, and two
sources that disagree are both said.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

import docx
import pandas as pd
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from PIL import Image

from insight import export, words
from insight.assembly import DASHBOARD_NAME
from insight.tables import COLUMN_LABELS

LISTS = {"codes", "areas"}  # arguments that are lists of values
NUMBERS = {"year"}
SPANS = {"years"}  # a (first, last) pair of years
SHORT_COLUMN = 16  # characters: a column this narrow is given its whole width
TABLE_PT = 9  # the appendix's type: readable on paper
LONG_TABLE = 25  # rows: a longer table is summarised in the document, every row kept in the Excel file beside it
READABLE_COLUMNS = [  # what a reader of the appendix needs, in this order; codes, citations and stamps stay in Excel
    "rank_text",
    "authority",
    "area_name",
    "area_label",
    "group",
    "period",
    "year",
    "shown",
    "grade_label",
    "value",
    "method",
    "authorities",
    "loaded_in_group",
    "group_size",
    "group_median",
    "group_share_good_or_better",
    "agreement",
]
MAX_READABLE = 7  # columns: more will not sit side by side at 9 pt across a portrait page


@dataclass(frozen=True)
class Item:
    """One chart of a briefing: its kind (a recipe's name) and the arguments it is drawn with."""

    kind: str
    args: dict = field(default_factory=dict)

    def encode(self) -> str:
        parts = [self.kind]
        for name, value in self.args.items():
            text = "~".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
            parts.append(f"{name}={text}")
        return ";".join(parts)

    @classmethod
    def decode(cls, text: str) -> Item:
        kind, *parts = text.split(";")
        args: dict = {}
        for part in parts:
            name, _, value = part.partition("=")
            if name in LISTS:
                args[name] = [v for v in value.split("~") if v]
            elif name in SPANS:
                first, last = value.split("~")
                args[name] = (int(first), int(last))
            elif name in NUMBERS:
                args[name] = int(value)
            else:
                args[name] = value
        return cls(kind, args)


@dataclass
class Entry:
    """One chart as the briefing prints it."""

    title: str
    subtitle: str
    png: bytes
    captions: list[str]
    table: pd.DataFrame
    sources: list[str]
    page: str
    table_note: str = ""  # what the appendix's table leaves out, if anything
    alt_text: str = ""  # the picture in words, for a reader who cannot see it: written from its rows

    @property
    def readable(self) -> pd.DataFrame:
        """The columns a reader needs, under plain headers; a long table summarised (summary_of)."""
        shown = [column for column in READABLE_COLUMNS if column in self.table.columns][:MAX_READABLE]
        table = self.table[shown] if shown else self.table
        return summary_of(table) if len(table) > LONG_TABLE else table


def summary_of(table: pd.DataFrame) -> pd.DataFrame:
    """A long table in a few rows: authorities at each grade per area, or in each band, or each place's first and
    latest value; where none of these fits, its first LONG_TABLE rows."""
    if "area_label" in table and "grade_label" in table:
        counts = table[table["grade_label"] != ""].groupby(["area_label", "grade_label"], sort=False).size()
        return counts.unstack(fill_value=0).reset_index().rename(columns={"area_label": "Area"})
    for column in ("shown", "band"):
        if column in table:
            counts = table[column].replace("", "not loaded").value_counts(sort=False)
            return pd.DataFrame({COLUMN_LABELS.get(column, column): counts.index, "Authorities": counts.to_numpy()})
    if "area_name" in table and "value" in table:
        rows = table.groupby("area_name", sort=False)
        return pd.DataFrame(
            {
                "Place": list(rows.groups),
                "First value": [f"{g['value'].iloc[0]} ({g['period'].iloc[0]})" for _, g in rows],
                "Latest value": [f"{g['value'].iloc[-1]} ({g['period'].iloc[-1]})" for _, g in rows],
                "Values": rows.size().to_numpy(),
            }
        )
    return table.head(LONG_TABLE)


def title_for(home: str, others: list[str]) -> str:
    """The briefing's title: whose grades, and against whom."""
    if not home:
        return "Children's services inspection grades: briefing"
    compared = f" compared with {words.listed(others)}" if others else ""
    return f"{home}: children's services inspection grades{compared}"


def sources_of(rows: pd.DataFrame) -> list[str]:
    """Each source with the places in it that were read, and for documents added by the user the words at each place.

    rows: one a value, with its source, locator and (for documents) quote.
    """
    quotes = rows["quote"] if "quote" in rows else pd.Series("", index=rows.index)
    lines = []
    for source, group in rows.assign(quote=quotes).groupby("source", sort=False):
        places = []
        for locator, quote in zip(group["locator"], group["quote"]):
            place = str(locator or "") + (f" (“{' '.join(quote.split())}”)" if isinstance(quote, str) and quote.strip() else "")
            if place and place not in places:
                places.append(place)
        lines.append(f"{source}: {'; '.join(places)}" if places else str(source))
    return lines


def document(title: str, authorities: list[str], built: str, entries: list[Entry], caveats: list[str], values_file: str) -> bytes:
    """The briefing as a Word document: title, each chart as a numbered figure with alt text, caption and sources,
    each chart's values as a numbered table readable at 9 pt in portrait, then the caveats."""
    paper = docx.Document()
    paper.core_properties.title, paper.core_properties.author = title, DASHBOARD_NAME
    paper.core_properties.created = paper.core_properties.modified = datetime.now()
    _a4(paper.sections[0])
    paper.styles["Normal"].font.name = "Arial"
    paper.styles["Normal"].font.size = Pt(11)
    paper.add_heading(title, level=0)
    paper.add_paragraph(f"Prepared {words.long_date(date.today())} with the {DASHBOARD_NAME}.")
    if authorities:
        paper.add_paragraph(f"Authorities: {', '.join(authorities)}.")
    if built:
        paper.add_paragraph(f"Data built {built}. Each chart below was drawn from that data.")
    paper.add_paragraph(f"Figures: {len(entries)}, each with its values in a table of the same number at the end.")
    for number, entry in enumerate(entries, start=1):
        paper.add_page_break()
        paper.add_heading(entry.title, level=1).paragraph_format.keep_with_next = True
        paper.add_paragraph(f"{entry.subtitle} (from the {entry.page} page)").paragraph_format.keep_with_next = True
        picture = paper.add_picture(io.BytesIO(entry.png), width=_picture_width(entry.png, paper.sections[0]))
        picture._inline.docPr.set("descr", entry.alt_text or entry.title)
        picture._inline.docPr.set("title", f"Figure {number}")
        paper.paragraphs[-1].paragraph_format.keep_with_next = True
        paper.add_paragraph(f"Figure {number}: {entry.title}", style="Caption")
        for caption in entry.captions:
            paper.add_paragraph(caption, style="List Bullet")
        paper.add_heading("Sources", level=2)
        for source in entry.sources:
            paper.add_paragraph(" ".join(source.split()), style="List Bullet")
    _values_appendix(paper, entries, values_file)
    paper.add_heading("Caveats", level=1)
    for caveat in [words.NO_NATIONAL_TABLE, *caveats]:
        paper.add_paragraph(caveat)
    buffer = io.BytesIO()
    paper.save(buffer)
    return buffer.getvalue()


def values_workbook(title: str, entries: list[Entry], caveats: list[str]) -> bytes:
    """Every figure's values in full, a sheet a table, as the chart's own CSV gives them; then sources and caveats."""
    sheets = {f"Table {number}": entry.table for number, entry in enumerate(entries, start=1)}
    sources = pd.DataFrame(
        [(f"Figure {number}", line) for number, entry in enumerate(entries, start=1) for line in entry.sources],
        columns=["figure", "source"],
    )
    return export.workbook(title, sheets, sources, [words.NO_NATIONAL_TABLE, *caveats])


def _values_appendix(paper, entries: list[Entry], values_file: str) -> None:
    """Each figure's values as a numbered table: plain headers, 9 pt, portrait; long ones summarised, in full in Excel."""
    paper.add_page_break()
    paper.add_heading("The values behind each figure", level=1)
    for number, entry in enumerate(entries, start=1):
        readable = entry.readable
        summarised = len(entry.table) > LONG_TABLE
        what = "A summary of the values" if summarised else "The values"
        caption = paper.add_paragraph(f"Table {number}: {what} behind figure {number}, {entry.title}", style="Caption")
        caption.paragraph_format.keep_with_next, caption.paragraph_format.space_before = True, Pt(14)
        notes = [entry.table_note] if entry.table_note else []
        if summarised:
            notes.append(
                f"All {len(entry.table)} rows are in sheet “Table {number}” of {values_file}, downloaded beside this document."
            )
        for note in notes:
            paper.add_paragraph(note).paragraph_format.keep_with_next = True
        table = paper.add_table(rows=1, cols=len(readable.columns), style="Table Grid")
        for cell, column in zip(table.rows[0].cells, readable.columns):
            cell.text = COLUMN_LABELS.get(column, column)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated atop each page
        for values in readable.astype(str).replace({"nan": "", "None": "", "<NA>": ""}).itertuples(index=False):
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
        _fit(table, readable, _text_width(paper.sections[-1]))


def _fit(table, frame: pd.DataFrame, width) -> None:
    """9-point type; a short column as wide as its longest text, the long ones sharing the rest."""
    labels = [COLUMN_LABELS.get(c, c) for c in frame.columns]
    longest = [max([len(max(label.split(), key=len)), *frame[c].astype(str).str.len()]) + 3 for c, label in zip(frame, labels)]
    characters = width / Cm(0.2)  # 9-point Arial, with the cell margins
    short = sum(n for n in longest if n <= SHORT_COLUMN)
    weights = sum(min(n, 60) for n in longest if n > SHORT_COLUMN) or 1
    room = max(characters - short, SHORT_COLUMN * sum(n > SHORT_COLUMN for n in longest))
    shares = [n if n <= SHORT_COLUMN else room * min(n, 60) / weights for n in longest]
    table.autofit = False
    for column, share in zip(table.columns, shares):
        column.width = int(width * share / sum(shares))
        for cell in column.cells:
            cell.width = column.width
            for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                run.font.size = Pt(TABLE_PT)


def _picture_width(png: bytes, section):
    """The full text width, unless the picture would then be taller than a page leaves under its heading."""
    with Image.open(io.BytesIO(png)) as picture:
        aspect = picture.height / picture.width
    room = section.page_height - section.top_margin - section.bottom_margin - Cm(5)
    return min(_text_width(section), int(room / aspect))


def _a4(section) -> None:
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)


def _text_width(section):
    return section.page_width - section.left_margin - section.right_margin
