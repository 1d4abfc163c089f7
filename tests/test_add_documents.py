"""The Add documents page: every review state in AppTest, and what a confirm or reject leaves for the next rebuild."""

from __future__ import annotations

import getpass
import hashlib
import tomllib
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl import audit, decisions, desk, staging
from etl.load import stored_documents
from etl.read import MAX_FILE_MB, MAX_PDF_MB, read_document
from tests import generated
from tests.conftest import FIXTURES, REPO, machine_names, open_page, run_etl
from ui.review import highlighted_text

LUTON_2007 = generated.Paper("Luton Borough Council", 2007, {"staying_safe": 2, "being_healthy": 4})
LUTON_2008 = generated.Paper("Luton Borough Council", 2008, {"staying_safe": 2})  # the bundled 2008 grade is 3
UNNAMED_2007 = generated.Paper("The council", 2007, {"enjoying_and_achieving": 3})  # names no authority
NO_GRADES = "Luton Borough Council: minutes\n\nIn the APA, 73 per cent of councils were judged good for staying safe.\n"


def page(**params: str) -> AppTest:
    return open_page("add_documents", **params)


def ran(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, "application/octet-stream") for name, data in files])
    return ran(at)


def paper(document: generated.Paper) -> bytes:
    return generated.render(document).encode()


def click(at: AppTest, label: str, index: int = 0) -> AppTest:
    buttons = [b for b in at.button if b.label.startswith(label)]
    assert buttons, f"no button '{label}': {[b.label for b in at.button]}"
    buttons[index].click()
    return ran(at)


def words(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def grades(db: Path, where: str = "origin = 'document'") -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            f"SELECT dfe_code, year, judgement_area, grade, source FROM grades WHERE {where} ORDER BY ALL"
        ).fetchall()


@pytest.mark.pages
def test_found_grades_are_shown_with_their_words_and_load_only_when_confirmed(db):
    at = upload(page(), ("luton_2007.txt", paper(LUTON_2007)))
    assert "Found 2 grades for Luton 2007" in words(at).replace("**", "")
    review = machine_names(at.dataframe[0].value)
    assert list(review["quote"]) == ["Staying safe\t2", "Being healthy\t4"] and list(review["line"]) == [11, 12]
    assert "<mark>Staying safe\t2</mark>" in at.get("html")[0].proto.body
    assert grades(db) == [], "nothing loads before it is confirmed"
    at = click(at, "Load the ticked grades")
    assert at.success[0].value == "luton_2007.txt: 2 of 2 grades loaded."
    assert at.session_state["choices"]["of"] == ["821"], "the profile link opens the authority just loaded"
    assert grades(db) == [("821", 2007, "being_healthy", 4, "luton_2007.txt"), ("821", 2007, "staying_safe", 2, "luton_2007.txt")]
    stored = stored_documents(db.parent / "documents")
    assert [(p.parent.name, p.name) for p in stored] == [(hashlib.sha256(paper(LUTON_2007)).hexdigest(), "luton_2007.txt")]
    assert not staging.staged(db.parent / "uploads"), "a loaded upload no longer waits for review"


@pytest.mark.pages
def test_a_document_with_no_grades_says_so_and_shows_what_was_not_taken_and_why(db):
    at = upload(page(), ("minutes.txt", NO_GRADES.encode()))
    assert "No grades found" in words(at)
    not_taken = machine_names(at.dataframe[0].value)
    assert list(not_taken["why"]) == ["'73 per cent were judged good': a share of councils or schools, not a grade."]
    assert not [b for b in at.button if b.label.startswith("Load")], "nothing to load"
    at = click(at, "Discard this document")
    assert not staging.staged(db.parent / "uploads") and "To review" not in [h.value for h in at.header]


@pytest.mark.pages
def test_a_document_naming_no_authority_waits_for_the_users_choice_which_is_stored_with_its_date(db):
    at = upload(page(), ("unnamed.txt", paper(UNNAMED_2007)))
    assert "Held back" in words(at) and not [b for b in at.button if b.label.startswith("Load")]
    at = click(at, "Save the choice")
    assert at.error[0].value == "Choose the authority first.", "never guessed"
    [box for box in at.selectbox if box.key.startswith("la-")][0].set_value("856")
    at = click(at, "Save the choice")
    (chosen,) = [e for e in audit.events(db.parent / "documents") if e["action"] == "choose"]
    assert (chosen["file_name"], chosen["dfe_code"], chosen["who"]) == (
        "unnamed.txt",
        "856",
        f"{getpass.getuser()} (this computer)",
    )
    assert chosen["at"].startswith(date.today().isoformat())
    assert "Found 1 grade for Leicester 2007" in words(at).replace("**", "")
    at = click(at, "Change the authority or year chosen")  # a wrong pick is put right before loading
    assert "Held back" in words(at) and audit.events(db.parent / "documents")[-1]["action"] == "unchoose"
    [box for box in at.selectbox if box.key.startswith("la-")][0].set_value("856")
    at = click(at, "Save the choice")
    click(at, "Load the ticked grades")
    assert grades(db) == [("856", 2007, "enjoying_and_achieving", 3, "unnamed.txt")]


@pytest.mark.pages
def test_a_grade_that_differs_from_one_loaded_is_flagged_beside_the_other_source_and_loads_as_a_conflict(db):
    at = upload(page(), ("luton_2008.txt", paper(LUTON_2008)))
    review = machine_names(at.dataframe[0].value)
    assert review.loc[0, "already_loaded"].startswith("conflicts with 3 good from Luton Borough Council")
    assert at.warning[0].value.startswith("APA · Staying safe 2008: this document says 2 adequate, which conflicts with 3 good")
    assert at.warning[0].value.endswith("Both will be kept and shown as a conflict, never resolved.")
    click(at, "Load the ticked grades")
    with duckdb.connect(str(db), read_only=True) as con:
        conflict = con.execute("SELECT grades FROM conflicts WHERE dfe_code = '821' AND year = 2008").fetchall()
    assert conflict == [([2, 3],)]


@pytest.mark.pages
def test_unreadable_files_are_reported_by_name_and_the_rest_of_the_batch_goes_on(db):
    at = upload(
        page(),
        ("binary.txt", bytes(range(256)) * 8),
        ("fake.pdf", b"%PDF-1.4 not really"),
        ("luton_2007.txt", paper(LUTON_2007)),
    )
    errors = [e.value for e in at.error]
    assert [e.split(":")[0] for e in errors] == ["binary.txt", "fake.pdf"], errors
    assert [p.name for p in staging.staged(db.parent / "uploads")] == ["luton_2007.txt"]
    assert [s.value for s in at.main.subheader] == ["luton_2007.txt"]


@pytest.mark.pages
def test_a_removed_document_takes_its_grades_and_the_users_choices_with_it(db):
    at = click(upload(page(), ("luton_2007.txt", paper(LUTON_2007))), "Load the ticked grades")
    assert len(grades(db)) == 2
    sha256 = hashlib.sha256(paper(LUTON_2007)).hexdigest()
    at.selectbox(key="remove-document").set_value(sha256)
    at = click(at, "Remove it and its grades")
    assert "tick the box" in at.warning[0].value and len(grades(db)) == 2, "nothing is removed without being sure"
    at.checkbox(key="remove-sure").check()
    at = click(at, "Remove it and its grades")
    assert at.success[0].value == "luton_2007.txt removed, with its grades."
    assert grades(db) == [] and stored_documents(db.parent / "documents") == []
    assert sha256 not in decisions.decided(db.parent / "documents").choices, "what was decided is forgotten"
    actions = [e["action"] for e in audit.events(db.parent / "documents") if e["sha256"] == sha256]
    assert actions == ["stage", "confirm", "confirm", "remove"], "and its history kept"


@pytest.mark.pages
def test_a_held_back_document_already_stored_gets_the_same_choice(db):
    unnamed = db.parent.parent / "unnamed.txt"
    unnamed.write_bytes(paper(UNNAMED_2007))
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"), str(unnamed))
    at = page()
    assert "Held back" in words(at)
    [box for box in at.selectbox if box.key.startswith("la-")][0].set_value("383")
    at = click(click(at, "Save the choice"), "Load the ticked grades")
    assert grades(db) == [("383", 2007, "enjoying_and_achieving", 3, "unnamed.txt")]


@pytest.mark.pages
def test_the_profile_names_the_grades_an_authority_lacks_and_links_to_this_page(db):
    at = open_page("profile", home="821")
    assert "Not loaded for Luton: the 2005 and 2007 APAs, a JAR." in words(at)
    assert "Add its APA letters or JAR report" in {link.label for link in at.get("page_link")}
    click(upload(page(), ("luton_2007.txt", paper(LUTON_2007))), "Load the ticked grades")
    at.run()
    assert "Not loaded for Luton: the 2005 APA, a JAR." in words(at)


@pytest.mark.unit
def test_a_rebuild_from_the_stored_documents_gives_back_exactly_what_was_confirmed(tmp_path):
    db = tmp_path / "data" / "db.duckdb"
    document = generated.write(LUTON_2007, tmp_path / "luton_2007.txt")
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"), str(document))
    store = db.parent / "documents"
    (stored,) = stored_documents(store)
    review = desk.review(read_document(stored), store)
    decisions.decide(store, review.document.sha256, stored.name, review.result.rows, [False, True], "cd@luton.gov.uk")
    added_at = set()
    for _ in range(2):  # the decision holds on every later load, and the document keeps the time it was added
        run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"))
        assert grades(db) == [("821", 2007, "being_healthy", 4, "luton_2007.txt")]
        with duckdb.connect(str(db), read_only=True) as con:
            added_at.add(con.execute("SELECT loaded_at FROM documents").fetchone()[0])
    assert len(added_at) == 1
    rejected = [e for e in audit.events(store) if e["action"] == "reject"]
    assert [(e["judgement_area"], e["grade"], e["line"], e["who"]) for e in rejected] == [
        ("staying_safe", "2", "11", "cd@luton.gov.uk")
    ]


@pytest.mark.unit
def test_uploads_over_the_size_limit_or_of_other_types_are_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(staging, "MAX_FILE_MB", 0.001)
    with pytest.raises(staging.RefusedUpload, match="big.txt: file is over the 0.001 MB limit"):
        staging.stage(tmp_path, "big.txt", b"x" * 2000)
    with pytest.raises(staging.RefusedUpload, match="unsupported file type"):
        staging.stage(tmp_path, "../../etc/passwd", b"root")
    assert staging.staged(tmp_path) == []


@pytest.mark.unit
def test_the_text_view_shows_a_documents_markup_as_text():
    shown = highlighted_text(["<script>alert(1)</script>", "[link](javascript:x) Staying safe 3"], {2})
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<mark>[link](javascript:x) Staying safe 3</mark>" in shown


@pytest.mark.unit
def test_the_browsers_upload_limit_is_the_readers_limit():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == max(MAX_FILE_MB, MAX_PDF_MB)


@pytest.mark.unit
def test_a_decision_holds_when_a_better_extractor_reads_the_grade_from_another_line(tmp_path):
    from etl.documents import DocumentResult

    rows = [
        {"dfe_code": "821", "framework": "APA", "judgement_area": "staying_safe", "grade": 2, "line": 11},
        {"dfe_code": "821", "framework": "APA", "judgement_area": "being_healthy", "grade": 4, "line": 12},
    ]
    decisions.decide(tmp_path, "abc", "x.txt", rows, [False, True], "cd@luton.gov.uk")
    moved = [{**row, "line": row["line"] + 30} for row in rows]  # the same grades, read from other lines
    result = DocumentResult(tmp_path / "x.txt", sha256="abc", rows=moved)
    kept = decisions.as_decided(result, decisions.decided(tmp_path), desk.authority_index())
    assert [(row["judgement_area"], row["line"]) for row in kept.rows] == [("being_healthy", 42)]


@pytest.mark.unit
def test_decisions_written_before_the_audit_become_its_first_events_once(tmp_path):
    from etl.documents import DocumentResult

    (tmp_path / audit.OLD_CHOICES).write_text(
        "sha256,file_name,dfe_code,year,initials,chosen_on\nabc,x.txt,821,2007,CD,2026-11-29\n"
    )
    (tmp_path / audit.OLD_DECISIONS).write_text(
        "sha256,dfe_code,framework,judgement_area,grade,line,decision,initials,decided_on\n"
        "abc,821,APA,staying_safe,2,11,reject,CD,2026-11-30\nabc,821,APA,being_healthy,4,12,confirm,CD,2026-11-30\n"
    )
    rows = [
        {"dfe_code": "821", "framework": "APA", "judgement_area": a, "grade": g, "line": 5}
        for a, g in (("staying_safe", 2), ("being_healthy", 4))
    ]
    state = decisions.decided(tmp_path)
    kept = decisions.as_decided(DocumentResult(tmp_path / "x.txt", sha256="abc", rows=rows), state, desk.authority_index())
    assert [row["judgement_area"] for row in kept.rows] == ["being_healthy"]
    assert state.choices["abc"]["dfe_code"] == "821" and state.choices["abc"]["who"] == "CD"
    assert not (tmp_path / audit.OLD_DECISIONS).exists() and (tmp_path / "decisions.csv.migrated").exists()
    assert len(audit.events(tmp_path)) == 3, "read in once, not on every read"


@pytest.mark.pages
def test_a_load_cut_short_by_a_reload_is_said_and_finished_on_the_next_visit(db, monkeypatch):
    import streamlit as st

    at = upload(page(), ("luton_2007.txt", paper(LUTON_2007)))
    finish = desk.rebuild
    monkeypatch.setattr(desk, "rebuild", lambda *args: st.stop())  # the run stops mid-load, as a reload stops it
    at = click(at, "Load the ticked grades")
    assert grades(db) == [] and not at.success, "cut short: nothing loaded, nothing said yet"
    monkeypatch.setattr(desk, "rebuild", finish)
    again = page()  # the next visit
    said = " ".join(w.value for w in again.warning)
    assert "Loading luton\\_2007.txt was cut short last time" in said  # the name as written, never as Markdown
    assert [row[:4] for row in grades(db)] == [("821", 2007, "being_healthy", 4), ("821", 2007, "staying_safe", 2)]
    assert not [w for w in page().warning if "cut short" in w.value], "said once"
