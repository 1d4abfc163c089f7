"""One document file in, its grade rows out: read, extract, then name the authority and year.

A document whose authority or year cannot be read keeps its rows, marked held back with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.authorities import Authority, AuthorityIndex
from etl.extract import Finding, extract
from etl.manifest import ManifestEntry
from etl.read import Document, UnreadableDocument, read_document
from etl.rules import Candidate


@dataclass
class DocumentResult:
    path: Path
    sha256: str = ""
    kind: str = ""
    dfe_code: str = ""
    authority: str = ""
    authority_note: str = ""
    rows: list[dict] = field(default_factory=list)
    held_back_reason: str = ""
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # grades the document states that cannot be right (a 5, a 0)
    ocr_waiting: int = 0  # grades read by OCR that no person has confirmed yet: they wait, unloaded
    vetoed: list[Candidate] = field(default_factory=list)  # what looked like a grade and was not taken, with the veto

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "held_back" if self.held_back_reason else "loaded"


def process_file(path: Path, index: AuthorityIndex, manifest: dict[str, ManifestEntry]) -> DocumentResult:
    """Read one file and return its grades, or the one-line reason it gave none."""
    try:
        document = read_document(path)
    except UnreadableDocument as error:
        return DocumentResult(path=Path(path), error=str(error))
    return process_document(document, index, manifest)


@dataclass
class Reading:
    """What a document's text says, before anything a person or the manifest names: its grades as stated (with the
    authorities and year each statement gives), the years and subject the text gives, and what it refused. A load
    keeps it by the document's content and the extractor's version (etl/cache.py)."""

    sha256: str
    kind: str
    findings: list[Finding] = field(default_factory=list)
    years: dict[str, int | None] = field(default_factory=dict)
    subject: str = ""  # the DfE code of the authority the document is about, or ''
    subject_note: str = ""  # how that was decided, or why it could not be
    refused: list[str] = field(default_factory=list)
    error: str = ""
    ocr_pages: dict[int, int] = field(default_factory=dict)  # a grade's line read by OCR: the scanned page it is on
    vetoed: list[Candidate] = field(default_factory=list)  # for the review only: never kept


def process_document(document: Document, index: AuthorityIndex, manifest: dict[str, ManifestEntry]) -> DocumentResult:
    """A document's grades, each for the authority its statement is about and the year the text gives."""
    return result_of(reading_of(document, index), document.path, index, manifest)


def reading_of(document: Document, index: AuthorityIndex) -> Reading:
    """What the document's text says: the extraction, and the authority it is about."""
    extraction = extract(document, index)
    vetoed = [candidate for candidate in extraction.candidates if candidate.veto]
    refused = [
        f"line {c.block.line}: grade {c.grade} is outside the 1-4 scale, so it is not taken (check the document): "
        f"«{c.block.quote[:80]}»"
        for c in vetoed
        if c.veto == "off_the_scale"
    ]
    reading = Reading(document.sha256, document.kind, extraction.findings, extraction.years, refused=refused, vetoed=vetoed)
    reading.ocr_pages = {f.line: document.ocr_lines[f.line] for f in extraction.findings if f.line in document.ocr_lines}
    if not extraction.findings:
        reading.error = "; ".join(refused) or "no APA or JAR grades found in this document"
        return reading
    subject, reading.subject_note = index.subject(document.lines)
    reading.subject = subject.dfe_code if subject else ""
    return reading


def result_of(reading: Reading, path: Path, index: AuthorityIndex, manifest: dict[str, ManifestEntry]) -> DocumentResult:
    """A reading's grade rows. A statement naming authorities is theirs; any other is the document's subject's; the
    manifest (or a choice on the Add documents page) names the authority or year only where the text gives none. A
    grade with neither is held back."""
    result = DocumentResult(path=path, sha256=reading.sha256, kind=reading.kind, refused=reading.refused, vetoed=reading.vetoed)
    if reading.error:
        result.error = reading.error
        return result
    entry = manifest.get(reading.sha256) or manifest.get(path.name)  # the Add documents page's, or the manifest's
    subject, result.authority_note = index.by_code.get(reading.subject), reading.subject_note
    if subject is None and entry and entry.authority:
        chosen = entry is manifest.get(reading.sha256)  # on the Add documents page, not in data/manifest.csv
        named = entry.note if chosen else f"named in the manifest{': ' + entry.note if entry.note else ''}"
        subject, result.authority_note = entry.authority, named
    if subject is not None:
        result.dfe_code, result.authority = subject.dfe_code, subject.name
    for finding in reading.findings:
        authorities = [index.by_code[code] for code in finding.authorities] or [subject]
        year = finding.year or reading.years.get(finding.framework) or (entry.year if entry else None)
        for authority in authorities:
            row = _row(path, finding, authority, year, result.authority_note)
            result.rows.append(row | {"ocr_page": reading.ocr_pages.get(finding.line, "")})
    result.rows, result.warnings = one_per_area(result.rows)
    held = [row["reason"] for row in result.rows if row["reason"]]
    if len(held) == len(result.rows):
        result.held_back_reason = "; ".join(dict.fromkeys(held))
    elif held:
        result.warnings.append(f"{len(held)} of {len(result.rows)} grades held back: {'; '.join(dict.fromkeys(held))}")
    return result


def _row(path: Path, finding: Finding, authority: Authority | None, year: int | None, authority_note: str) -> dict:
    missing = [authority_note] if authority is None else []
    if year is None:
        missing.append(f"the document does not say which year its {finding.framework} is")
    return {
        "file": str(path),
        "authority": authority.name if authority else "",
        "dfe_code": authority.dfe_code if authority else "",
        "year": year or "",
        "framework": finding.framework,
        "judgement_area": finding.judgement_area,
        "grade": finding.grade,
        "how_stated": finding.how_stated,
        "line": finding.line,
        "quote": finding.quote,
        "rule": finding.rule,
        "reason": "; ".join(missing),
    }


def one_per_area(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """One row per authority, area and grade: a grade stated twice is one reading (a table's over prose's, then
    the first line's); two grades for one area are both kept, for the load to show as a conflict, never resolved."""
    kept: dict[tuple[str, str, str, int], dict] = {}
    first_reading: dict[tuple[str, str, str], dict] = {}
    warnings = []
    for row in sorted(rows, key=lambda r: (r["how_stated"] != "table", r["line"])):
        area = (row["dfe_code"], row["framework"], row["judgement_area"])
        first = first_reading.setdefault(area, row)
        if (*area, row["grade"]) not in kept and first["grade"] != row["grade"]:
            warnings.append(
                f"{row['judgement_area']}: line {row['line']} says {row['grade']}, line {first['line']} says "
                f"{first['grade']}; both kept and shown as a conflict"
            )
        kept.setdefault((*area, row["grade"]), row)
    return sorted(kept.values(), key=lambda r: (r["line"], r["authority"])), warnings
