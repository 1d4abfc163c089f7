"""Read council and Ofsted documents into numbered text lines.

Every format becomes the same thing: lines of plain text, with table rows as
tab-separated cells, so the extractor has one input shape and can cite a line.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TEXT_KINDS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html"}
KINDS = {**TEXT_KINDS, ".pdf": "pdf", ".docx": "docx"}
MAX_FILE_MB = 50  # the largest council pack seen is a few MB; a bigger file is refused before it is read
MAX_PDF_MB = 200  # a scan is page images, far larger than text: 200 pages at 300 dpi run to 50-150 MB
OCR_DPI = 300  # what Tesseract reads best: a page drawn at print resolution
MAX_UNZIPPED_MB = 200  # a .docx is a zip: its parts may unpack to this much and no more (a zip bomb is refused)

_INLINE_TAG = re.compile(r"<[^>\n]{0,200}>")
_EMPHASIS = re.compile(r"\*\*|__")
_LINE_END = re.compile(r"<\s*(?:br\s*/?|/li|/tr|/caption|/dd)\s*>", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"<\s*(?:/p|/div|/h[1-6]|/table|/title|/dl|/ul|/ol|/blockquote)\s*>", re.IGNORECASE)
_CELL_END = re.compile(r"<\s*/(?:t[dh]|dt)\s*>", re.IGNORECASE)  # a definition list's term is a row's label
_INVISIBLE = re.compile(r"<(script|style|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)


class UnreadableDocument(Exception):
    """A file that cannot be read as a document; the message is the one-line reason."""


@dataclass(frozen=True)
class Document:
    path: Path
    sha256: str
    kind: str
    lines: list[str]
    ocr_lines: dict[int, int] = field(default_factory=dict)  # line number: the scanned page it was read from by OCR

    @property
    def name(self) -> str:
        return self.path.name


def read_document(path: Path, on_ocr_page: Callable[[int, int], None] | None = None) -> Document:
    """Read any supported file, or raise UnreadableDocument saying why not. A PDF's pages without a text layer are read
    by OCR, on_ocr_page(done, of how many) told after each."""
    path = Path(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UnreadableDocument(f"unsupported file type '{path.suffix or '(none)'}': use .txt, .md, .html, .pdf or .docx")
    limit = MAX_PDF_MB if kind == "pdf" else MAX_FILE_MB
    try:
        size = path.stat().st_size
        if size > limit * 1024 * 1024:
            raise UnreadableDocument(
                f"file is {size / 1024 / 1024:.0f} MB, over the {limit} MB limit: keep only the pages with the grades"
            )
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableDocument(f"cannot open file: {error.strerror or error}") from error
    if not data.strip():
        raise UnreadableDocument("file is empty")
    ocr_lines: dict[int, int] = {}
    if kind == "pdf":
        raw, ocr_lines = _pdf_lines(data, on_ocr_page)
    else:
        raw = {"text": _text_lines, "html": _html_lines, "docx": _docx_lines}[kind](path, data)
    lines = clean_text("\n".join(raw)).split("\n")
    if not any(lines):
        raise UnreadableDocument(f"no text could be read from this {kind} file")
    return Document(path=path, sha256=hashlib.sha256(data).hexdigest(), kind=kind, lines=lines, ocr_lines=ocr_lines)


def clean_text(text: str) -> str:
    """Drop markup left over from conversion (<b>, <sup>, **bold**) and entities, keeping every line break."""
    if "<" in text:
        text = _INLINE_TAG.sub("", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return re.sub(r"[ \t]+\n", "\n", text.replace("\xa0", " "))


def decode_text(data: bytes) -> str:
    """UTF-16 when it says so (Word's "Unicode text"), else UTF-8, then Windows-1252, how councils' older files are encoded."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("binary file, not text (is it a PDF or Word file with the wrong extension?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _text_lines(path: Path, data: bytes) -> list[str]:
    return decode_text(data).splitlines()


def _html_lines(path: Path, data: bytes) -> list[str]:
    """Flatten HTML so each block is a line, each paragraph ends with a blank one, and each table row is a
    tab-separated line."""
    text = _INVISIBLE.sub(" ", decode_text(data))
    text = re.sub(r"\s+", " ", text)
    text = _CELL_END.sub("\t", text)
    text = re.sub(r"<\s*tr\b[^>]*>", "\n", text, flags=re.IGNORECASE)
    text = _PARAGRAPH_END.sub("\n\n", _LINE_END.sub("\n", text))  # a paragraph ends as in text, with a blank line
    return [line.strip(" ") for line in re.sub(r"\n(?:\s*\n)+", "\n\n", text).split("\n")]


def _pdf_lines(data: bytes, on_ocr_page: Callable[[int, int], None] | None) -> tuple[list[str], dict[int, int]]:
    """The PDF's text through PDFium, page by page in the order it is drawn (a table's row stays on its line); a page
    with no text layer, a scan, read by OCR. Returns the lines, and the number of each line read by OCR with its page."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableDocument("the PDF is password-protected: save a copy without the password and add that") from error
        raise UnreadableDocument(f"not a readable PDF ({error}): is it complete? Download it again") from error
    try:
        pages = [_page_lines(page.get_textpage()) for page in document]
        scanned = [number for number, page in enumerate(pages) if not any(line.strip() for line in page)]
        for done, number in enumerate(scanned, start=1):
            pages[number] = ocr_page(document[number])
            if on_ocr_page:
                on_ocr_page(done, len(scanned))
    finally:
        document.close()
    if not any(line.strip() for page in pages for line in page):
        raise UnreadableDocument(
            f"the PDF's {len(pages)} page(s) hold no text, and text recognition (OCR) found none on them either: "
            "is the scan blank, or too faint to read?"
        )
    lines, ocr_lines = [], {}
    for number, page in enumerate(pages):
        if number in scanned:
            ocr_lines |= {len(lines) + offset + 1: number + 1 for offset in range(len(page))}
        lines += page
    return lines, ocr_lines


def page_picture(path: Path, number: int, dpi: int = 110) -> bytes:
    """A PDF's page as a PNG, to set a grade read by OCR beside the page it was read from."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        image = document[number - 1].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    png = io.BytesIO()
    image.save(png, "PNG")
    return png.getvalue()


def ocr_page(page) -> list[str]:
    """A scanned page's lines, read by Tesseract from the page drawn at print resolution (runs of spaces between
    words kept, so a table's columns stay apart)."""
    try:
        import pytesseract

        image = page.render(scale=OCR_DPI / 72).to_pil()
        text = pytesseract.image_to_string(image, config="-c preserve_interword_spaces=1")
    except (ImportError, OSError, RuntimeError) as error:  # pytesseract raises TesseractNotFoundError, an OSError
        raise UnreadableDocument(
            f"this PDF is a scan and text recognition is not installed here ({error}): run scripts/setup.sh"
        ) from error
    return [line.rstrip() for line in text.replace("\f", "").split("\n")]


def _page_lines(textpage) -> list[str]:
    """A page's lines top to bottom, each built from the runs of text PDFium finds on it, left to right.

    A table's cells are separate runs on one baseline, so a row stays on one line (its label's wrapped second line
    below it), with a tab where a wide gap parts two runs, as between columns: the extractor reads it as a row.
    A header whose cells wrap over lines of their own is put back together as one row.
    """
    runs = []
    for number in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(number)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if text:
            runs.append((top, bottom, left, right, text))
    lines: list[list[tuple]] = []
    for run in sorted(runs, key=lambda run: (-run[0], run[2])):
        middle = (run[0] + run[1]) / 2
        if lines and lines[-1][0][1] <= middle <= lines[-1][0][0]:
            lines[-1].append(run)
        else:
            lines.append([run])
    rows: list[list[_Cell]] = []
    for line in lines:
        runs_in_order = sorted(line, key=lambda run: run[2])
        cells = _cells(runs_in_order, _COLUMN_GAP)
        if len(cells) >= 3:  # a table's row: any gap wider than a space between two runs parts two columns
            cells = _cells(runs_in_order, _CELL_GAP)
        if rows and _wraps_header(rows[-1], cells):
            rows[-1] = _merged(rows[-1], cells)
        else:
            rows.append(cells)
    return ["\t".join(cell.text for cell in row) for row in rows]


@dataclass(frozen=True)
class _Cell:
    left: float
    right: float
    text: str


_COLUMN_GAP = 1.5  # in a line of prose, runs parted by more than one and a half times the text's height are columns
_CELL_GAP = 0.5  # in a table's row, by more than half of it (a space is about a quarter)


def _cells(runs: list[tuple], gap: float) -> list[_Cell]:
    """One line's runs joined into cells: two runs parted by more than `gap` times the text's height are two."""
    cells = [_Cell(runs[0][2], runs[0][3], runs[0][4])]
    for before, after in zip(runs, runs[1:]):
        height = max(before[0] - before[1], after[0] - after[1])
        if after[2] - before[3] > gap * height:
            cells.append(_Cell(after[2], after[3], after[4]))
        else:
            cells[-1] = _Cell(cells[-1].left, after[3], f"{cells[-1].text} {after[4]}")
    return cells


_NUMBER = re.compile(r"\d")


def _column_of(row: list[_Cell], cell: _Cell) -> int | None:
    """The column of a row a cell on the line below sits in: the last one starting at or left of it."""
    starts = [number for number, column in enumerate(row) if column.left <= cell.left + 2]
    return starts[-1] if starts and cell.left < row[starts[-1]].right + 2 else None


def _wraps_header(row: list[_Cell], below: list[_Cell]) -> bool:
    """Whether a line carries on a table's header: the row above has three or more cells and no figures, and every
    cell of this line, none with a figure, sits under a different one of them ("Looked after" over "children")."""
    if len(row) < 3 or any(_NUMBER.search(cell.text) for cell in (*row, *below)):
        return False
    columns = [_column_of(row, cell) for cell in below]
    return None not in columns and len(set(columns)) == len(columns)


def _merged(row: list[_Cell], below: list[_Cell]) -> list[_Cell]:
    """The row with each cell of the line below added to the cell above it."""
    merged = list(row)
    for cell in below:
        column = _column_of(row, cell)
        above = merged[column]
        merged[column] = _Cell(above.left, max(above.right, cell.right), f"{above.text} {cell.text}")
    return merged


def _docx_lines(path: Path, data: bytes) -> list[str]:
    import docx
    from docx.table import Table

    _refuse_zip_bomb(path)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises zip, XML and key errors for broken files
        raise UnreadableDocument(f"not a readable Word .docx file ({type(error).__name__})") from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend("\t".join(cell.text.strip() for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return lines


def _refuse_zip_bomb(path: Path) -> None:
    """A .docx unpacks its parts into memory: refuse one whose parts would unpack past the limit."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableDocument(
            "not a readable Word .docx file (it is not a zip archive): is it a .doc? Save it as .docx"
        ) from error
    if unpacked > MAX_UNZIPPED_MB * 1024 * 1024:
        raise UnreadableDocument(
            f"the .docx would unpack to {unpacked / 1024 / 1024:.0f} MB, over the {MAX_UNZIPPED_MB} MB limit"
        )
