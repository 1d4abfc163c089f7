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


def process_document(document: Document, index: AuthorityIndex, manifest: dict[str, ManifestEntry]) -> DocumentResult:
    """A document's grades, each for the authority its statement is about and the year the text gives.

    A statement naming authorities is theirs; any other is the document's subject's; the manifest
    names the authority or year only where the text gives none. A grade with neither is held back.
    """
    path = document.path
    result = DocumentResult(path=path, sha256=document.sha256, kind=document.kind)
    extraction = extract(document, index)
    result.vetoed = [candidate for candidate in extraction.candidates if candidate.veto]
    result.refused = [
        f"line {c.block.line}: grade {c.grade} is outside the 1-4 scale, so it is not taken (check the document): "
        f"«{c.block.quote[:80]}»"
        for c in result.vetoed
        if c.veto == "off_the_scale"
    ]
    if not extraction.findings:
        result.error = "; ".join(result.refused) or "no APA or JAR grades found in this document"
        return result
    entry = manifest.get(document.sha256) or manifest.get(document.name)  # the Add documents page's, or the manifest's
    subject, result.authority_note = index.subject(document.lines)
    if subject is None and entry and entry.authority:
        chosen = entry is manifest.get(document.sha256)  # on the Add documents page, not in data/manifest.csv
        named = entry.note if chosen else f"named in the manifest{': ' + entry.note if entry.note else ''}"
        subject, result.authority_note = entry.authority, named
    if subject is not None:
        result.dfe_code, result.authority = subject.dfe_code, subject.name
    for finding in extraction.findings:
        authorities = [index.by_code[code] for code in finding.authorities] or [subject]
        year = finding.year or extraction.years.get(finding.framework) or (entry.year if entry else None)
        for authority in authorities:
            result.rows.append(_row(path, finding, authority, year, result.authority_note))
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
