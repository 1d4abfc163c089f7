"""Whatever a shared drive holds: each bad file gets one line naming it and why, the rest of its batch loads,
the exit status says something failed, and nothing already in the database is lost or changed."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.read import MAX_FILE_MB, MAX_UNZIPPED_MB, read_document
from tests.conftest import DOCUMENTS, GRADE_COLUMNS, SAME_BATCH, grade_rows
from tests.test_extract import _write_docx, _write_pdf

pytestmark = pytest.mark.unit

LUTON_HEADING = "Luton Borough Council: APA 2008\n\nA report to Luton Borough Council's executive.\n\n"


def lines_naming(stderr: str, path: Path) -> list[str]:
    """The report's lines about one file (its progress line is not one)."""
    return [line for line in stderr.splitlines() if line.startswith(f"{path}:")]


def assert_refused_alone(result, db: Path, before: list[tuple], path: Path, *reason: str) -> None:
    """One line names the file with its reason; the batch's good file loaded; every earlier grade is still there."""
    said = lines_naming(result.stderr, path)
    assert len(said) == 1 and all(words in said[0] for words in reason), result.stderr
    assert result.returncode == 1
    assert grade_rows(db, f"SELECT count(*) FROM grades WHERE source = '{SAME_BATCH}'") == [(7,)], result.stderr
    assert set(before) <= set(grade_rows(db, f"SELECT {GRADE_COLUMNS} FROM grades"))
    assert grade_rows(db, f"SELECT count(*) FROM documents WHERE file_name = '{path.name}'") == [(0,)]


def sunderland_lines() -> list[str]:
    return read_document(DOCUMENTS / SAME_BATCH).lines


def scanned_pdf(path: Path) -> None:
    """A page of pictures and no text layer, as a scanner makes it."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for y in range(100, 700, 40):
        pdf.rect(60, y, 400, 20, fill=1)
    pdf.showPage()
    pdf.save()


def encrypted_pdf(path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    pdf.drawString(60, 700, "Luton Borough Council: the 2008 annual performance assessment. Staying safe: grade 3")
    pdf.save()


def truncated(writer: Callable[[Path, list[str]], None], keep: float) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        writer(path, sunderland_lines())
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return write


def zip_bomb_docx(path: Path) -> None:
    """A .docx whose document part unpacks to more than the limit from a few hundred kilobytes."""
    _write_docx(path, ["Luton Borough Council", "Staying safe\t3"])
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/padding.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(MAX_UNZIPPED_MB + 10):
            member.write(b"\0" * (1 << 20))


BAD_FILES = {
    "empty.txt": (lambda p: p.write_bytes(b""), ["file is empty"]),
    "logo_saved_as.txt": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))), ["binary file"]),
    "scanned_letter.pdf": (scanned_pdf, ["hold no text", "text recognition (OCR) found none"]),
    "half_downloaded.pdf": (truncated(_write_pdf, 0.5), ["not a readable PDF", "Download it again"]),
    "not_really.pdf": (lambda p: p.write_bytes(b"%PDF-1.4 nothing else"), ["not a readable PDF"]),
    "half_downloaded.docx": (truncated(_write_docx, 0.5), ["not a readable Word .docx"]),
    "old_word_file.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), ["not a zip archive"]),
    "protected.pdf": (encrypted_pdf, ["password-protected"]),
    "bomb.docx": (zip_bomb_docx, [f"over the {MAX_UNZIPPED_MB} MB limit"]),
    "huge.txt": (lambda p: p.write_bytes(b"x" * ((MAX_FILE_MB + 1) * 1024 * 1024)), [f"over the {MAX_FILE_MB} MB limit"]),
    "only_nonsense_grades.txt": (
        lambda p: p.write_text(f"{LUTON_HEADING}Area\tGrade\nBeing healthy\t5\n"),
        ["grade 5 is outside the 1-4 scale"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_in_one_line_and_the_rest_loads(tmp_path, load_beside, name):
    write, reason = BAD_FILES[name]
    path = tmp_path / name
    write(path)
    result, db, before = load_beside(path)
    assert_refused_alone(result, db, before, path, *reason)


def test_windows_1252_and_utf16_text_are_read_with_their_quotes(tmp_path, load_beside):
    text = (
        "Luton Borough Council\n\nTo Luton Borough Council's executive.\n\n"
        "Ofsted\u2019s 2008 annual performance assessment judged \u201cstaying safe\u201d to be good.\n"
    )
    (tmp_path / "cp1252.txt").write_bytes(text.replace("Luton Borough", "Leeds City").encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    result, db, _ = load_beside(tmp_path / "cp1252.txt", tmp_path / "utf16.txt")
    assert result.returncode == 0, result.stderr
    quotes = grade_rows(
        db, "SELECT source, dfe_code, grade, quote FROM grades WHERE source IN ('cp1252.txt', 'utf16.txt') ORDER BY 1"
    )
    assert [row[:3] for row in quotes] == [("cp1252.txt", "383", 3), ("utf16.txt", "821", 3)]
    assert all("Ofsted\u2019s" in row[3] and "\u201cstaying safe\u201d" in row[3] for row in quotes)


def test_a_table_and_prose_that_disagree_are_both_kept_as_a_conflict(tmp_path, load_beside):
    from insight import queries

    path = tmp_path / "wigan_disagrees.txt"
    path.write_text(
        "Wigan Council: Ofsted annual performance assessment 2008\n\nA report to Wigan Council's cabinet.\n\n"
        "Area\tGrade\nStaying safe\t3\nBeing healthy\t3\n\n"
        "Inspectors found that the council's contribution to staying safe is adequate.\n"
    )
    result, db, _ = load_beside(path)
    assert result.returncode == 0, result.stderr
    assert any("both kept and shown as a conflict" in line for line in lines_naming(result.stderr, path))
    grades = grade_rows(
        db, f"SELECT grade, how_stated FROM grades WHERE source = '{path.name}' AND judgement_area = 'staying_safe'"
    )
    assert sorted(grades) == [(2, "prose"), (3, "table")]
    with duckdb.connect(str(db), read_only=True) as con:
        shown = queries.conflicts(con)  # the About page's list of conflicts
    wigan = shown[(shown["authority"] == "Wigan") & (shown["year"] == 2008)]
    assert len(wigan) == 1 and all(f"{grade} from wigan_disagrees.txt" in wigan["detail"].iloc[0] for grade in (2, 3))


def test_a_table_grade_of_5_or_0_is_refused_aloud_and_the_rest_of_the_table_loads(tmp_path, load_beside):
    path = tmp_path / "luton_typo.txt"
    path.write_text(f"{LUTON_HEADING}Area\tGrade\nBeing healthy\t5\nStaying safe\t0\nEnjoying and achieving\t3\n")
    result, db, _ = load_beside(path)
    said = lines_naming(result.stderr, path)
    assert [line.split(": ")[1] for line in said] == ["line 6", "line 7"] and result.returncode == 1
    assert "grade 5 is outside the 1-4 scale" in said[0] and "grade 0 is outside" in said[1]
    assert grade_rows(db, f"SELECT judgement_area, grade FROM grades WHERE source = '{path.name}'") == [
        ("enjoying_and_achieving", 3)
    ]


def test_a_document_naming_no_known_authority_is_held_back_and_says_what_to_do(tmp_path, load_beside):
    path = tmp_path / "gotham_2008.txt"
    path.write_text("Gotham Borough Council: APA 2008\n\nArea\tGrade\nStaying safe\t3\n")
    result, db, before = load_beside(path)
    said = lines_naming(result.stderr, path)
    assert len(said) == 1 and "held back" in said[0] and "does not name the authority" in said[0] and "manifest" in said[0]
    assert result.returncode == 1
    assert grade_rows(db, f"SELECT count(*) FROM held_back WHERE source = '{path.name}'") == [(1,)]
    assert set(before) <= set(grade_rows(db, f"SELECT {GRADE_COLUMNS} FROM grades"))


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        ("file,authority,year,note\nunnamed_council_2006_action_plan.txt,Leicster,2006,\n", "did you mean Leicester?"),
        ("file,authority,year,note\nno_such_file.txt,Leicester,2006,\n", "no document named 'no_such_file.txt'"),
        ("file;authority;year;note\nunnamed_council_2006_action_plan.txt;856;2006;\n", "semicolons"),
        ("file,authority,year,note\nunnamed_council_2006_action_plan.txt;856;2006;\n", "semicolons"),
        ("file,authority,year,note\nunnamed_council_2006_action_plan.txt,856,2006,a,b,c\n", "6 field(s)"),
    ],
)
def test_a_bad_manifest_row_is_reported_with_its_line(tmp_path, load_beside, manifest, reason):
    path = tmp_path / "manifest.csv"
    path.write_text(manifest)
    result, db, before = load_beside(DOCUMENTS / "unnamed_council_2006_action_plan.txt", manifest=path)
    said = lines_naming(result.stderr, path)
    assert len(said) == 1 and reason in said[0], result.stderr
    assert result.returncode == 1
    assert grade_rows(db, "SELECT count(*) FROM grades WHERE dfe_code = '856' AND year = 2006 AND origin = 'document'") == [(0,)]
    assert set(before) <= set(grade_rows(db, f"SELECT {GRADE_COLUMNS} FROM grades"))


def test_an_empty_folder_is_reported_and_the_rest_loads(tmp_path, load_beside):
    folder = tmp_path / "committee_papers"
    folder.mkdir()
    result, db, before = load_beside(folder)
    assert len(lines_naming(result.stderr, folder)) == 1 and "no documents" in result.stderr
    assert result.returncode == 1
    assert grade_rows(db, f"SELECT count(*) FROM grades WHERE source = '{SAME_BATCH}'") == [(7,)]
    assert set(before) <= set(grade_rows(db, f"SELECT {GRADE_COLUMNS} FROM grades"))
