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
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from PIL import Image

from insight.assembly import DASHBOARD_NAME
from insight.tables import COLUMN_LABELS
from insight.words import long_date

LISTS = {"codes", "areas"}  # arguments that are lists of values
NUMBERS = {"year"}
SPANS = {"years"}  # a (first, last) pair of years
SHORT_COLUMN = 16  # characters: a column this narrow is given its whole width
NO_NATIONAL_TABLE = (
    "No national table of APA grades exists. This briefing shows only grades found in published sources or in "
    "documents added to the dashboard, each with its source; an authority or year with nothing loaded is left empty, "
    "never estimated."
)


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


def document(title: str, authorities: list[str], built: str, entries: list[Entry], caveats: list[str]) -> bytes:
    """The briefing as a Word document: title page, each chart with its caption and sources, the values, the caveats."""
    paper = docx.Document()
    paper.core_properties.title, paper.core_properties.author = title, DASHBOARD_NAME
    paper.core_properties.created = paper.core_properties.modified = datetime.now()
    _a4(paper.sections[0])
    paper.styles["Normal"].font.name = "Arial"
    paper.styles["Normal"].font.size = Pt(11)
    paper.add_heading(title, level=0)
    paper.add_paragraph(f"Prepared {long_date(date.today())} with the {DASHBOARD_NAME}.")
    if authorities:
        paper.add_paragraph(f"Authorities: {', '.join(authorities)}.")
    if built:
        paper.add_paragraph(f"Data built {built}. Each chart below was drawn from that data.")
    paper.add_paragraph(f"Charts: {len(entries)}.")
    for number, entry in enumerate(entries, start=1):
        paper.add_page_break()
        paper.add_heading(f"{number}. {entry.title}", level=1).paragraph_format.keep_with_next = True
        paper.add_paragraph(f"{entry.subtitle} (from the {entry.page} page)").paragraph_format.keep_with_next = True
        paper.add_picture(io.BytesIO(entry.png), width=_picture_width(entry.png, paper.sections[0]))
        for caption in entry.captions:
            paper.add_paragraph(caption, style="List Bullet")
        paper.add_heading("Sources", level=2)
        for source in entry.sources:
            paper.add_paragraph(source, style="List Bullet")
    _values_appendix(paper, entries)
    paper.add_heading("Caveats", level=1)
    for caveat in [NO_NATIONAL_TABLE, *caveats]:
        paper.add_paragraph(caveat)
    buffer = io.BytesIO()
    paper.save(buffer)
    return buffer.getvalue()


def _values_appendix(paper, entries: list[Entry]) -> None:
    """Every chart's values, exactly as its CSV export gives them, on landscape pages where the columns fit."""
    section = paper.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    paper.add_heading("The values behind each chart", level=1)
    for number, entry in enumerate(entries, start=1):
        paper.add_heading(f"{number}. {entry.title}", level=2)
        if entry.table_note:
            paper.add_paragraph(entry.table_note)
        table = paper.add_table(rows=1, cols=len(entry.table.columns), style="Table Grid")
        for cell, column in zip(table.rows[0].cells, entry.table.columns):
            cell.text = COLUMN_LABELS.get(column, column)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated atop each page
        for values in entry.table.astype(str).replace({"nan": "", "None": "", "<NA>": ""}).itertuples(index=False):
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
        _fit(table, entry.table, _text_width(section))
    portrait = paper.add_section()
    portrait.orientation = WD_ORIENT.PORTRAIT
    portrait.page_width, portrait.page_height = portrait.page_height, portrait.page_width


def _fit(table, frame: pd.DataFrame, width) -> None:
    """Small type; a short column as wide as its longest text, the long ones (sources, words) sharing the rest."""
    labels = [COLUMN_LABELS.get(c, c) for c in frame.columns]
    longest = [max([len(max(label.split(), key=len)), *frame[c].astype(str).str.len()]) + 3 for c, label in zip(frame, labels)]
    characters = width / Cm(0.17)  # 7-point Arial, with the cell margins
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
                run.font.size = Pt(7)


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
