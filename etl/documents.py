"""One document file in, its grade rows out: read, extract, then name the authority and year.

A document whose authority or year cannot be read keeps its rows, marked held back with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.extract import extract
from etl.normalise import AuthorityIndex, ManifestEntry
from etl.read import Document, UnreadableDocument, read_document

CSV_COLUMNS = ["file", "authority", "dfe_code", "year", "framework", "judgement_area", "grade", "how_stated", "line", "quote"]


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

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "held_back" if self.held_back_reason else "loaded"


def process(path: Path, index: AuthorityIndex, manifest: dict[str, ManifestEntry]) -> DocumentResult:
    """Read one file and return its grades, or the one-line reason it gave none."""
    try:
        document = read_document(path)
    except UnreadableDocument as error:
        return DocumentResult(path=Path(path), error=str(error))
    return process_document(document, index, manifest)


def process_document(document: Document, index: AuthorityIndex, manifest: dict[str, ManifestEntry]) -> DocumentResult:
    """A document's grades, each for the authority and year it names, or held back saying what it does not say."""
    path = document.path
    result = DocumentResult(path=path, sha256=document.sha256, kind=document.kind)
    extraction = extract(document)
    result.warnings = extraction.warnings
    if not extraction.findings:
        result.error = "no APA or JAR grades found in this document"
        return result
    entry = manifest.get(document.name)
    authority, result.authority_note = index.subject(document.lines)
    if entry and entry.authority:
        authority, result.authority_note = entry.authority, f"named in the manifest{': ' + entry.note if entry.note else ''}"
    missing = []
    if authority is None:
        missing.append(result.authority_note)
    else:
        result.dfe_code, result.authority = authority.dfe_code, authority.name
    for finding in extraction.findings:
        year = entry.year if entry and entry.year else extraction.years.get(finding.framework)
        if year is None:
            missing.append(f"the document does not say which year its {finding.framework} is")
        result.rows.append(
            {
                "file": str(path),
                "authority": result.authority,
                "dfe_code": result.dfe_code,
                "year": year or "",
                "framework": finding.framework,
                "judgement_area": finding.judgement_area,
                "grade": finding.grade,
                "how_stated": finding.how_stated,
                "line": finding.line,
                "quote": finding.quote,
            }
        )
    result.held_back_reason = "; ".join(dict.fromkeys(missing))
    return result
