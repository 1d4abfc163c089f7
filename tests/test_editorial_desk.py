"""The editorial desk: grades corrected and added by hand reach every source with who and which lines, the audit is
the record a rebuild reads, and nobody but an editor changes anything."""

from __future__ import annotations

import getpass
import hashlib
import io
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl import audit, decisions
from etl.load import stored_documents
from insight import assembly, export, queries
from tests import generated
from tests.conftest import FIXTURES, REPO, free_port, machine_names, open_page, run_etl
from tests.test_add_documents import click, page, paper, ran, upload, words
from ui import access

LUTON_2007 = generated.Paper("Luton Borough Council", 2007, {"staying_safe": 2, "being_healthy": 4})
MISSED = (
    "Luton Borough Council\n\nNotes of the 2007 annual performance assessment meeting\n\n"
    "The inspectors were pleased with the health work;\nthe verdict there was two.\n"
)  # states a grade in words the extractor does not read: lines 5-6
ME = f"{getpass.getuser()} (this computer)"
SIGN_IN = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "dashboard",
        "client_secret": "not a secret",
        "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
    },
    "editors": {"emails": ["jane.smith@luton.gov.uk"], "domains": ["leicester.gov.uk"]},
}


def document_rows(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT dfe_code, year, judgement_area, grade, locator, quote, notes FROM grades WHERE origin = 'document' "
            "ORDER BY ALL"
        ).fetchall()


def pick(at: AppTest, key: str, value) -> None:
    [widget for widget in [*at.selectbox, *at.number_input, *at.text_input] if widget.key == key][0].set_value(value)


@pytest.mark.pages
def test_grades_corrected_and_added_by_hand_reach_every_source_with_who_and_lines_and_survive_a_rebuild(db):
    at = click(upload(page(), ("luton_2007.txt", paper(LUTON_2007))), "Load the ticked grades")
    key = hashlib.sha256(paper(LUTON_2007)).hexdigest()[:12]
    at.selectbox(key="open-document").set_value(hashlib.sha256(paper(LUTON_2007)).hexdigest())
    at = ran(at)
    pick(at, f"correct-row-{key}", 1)  # line 12, being healthy 4: read from the wrong label, say
    pick(at, f"correct-{key}-area", ("APA", "enjoying_and_achieving"))
    pick(at, f"correct-reason-{key}", "the table's rows were shifted")
    at = click(at, "Save the correction")
    pick(at, f"correct-row-{key}", 0)  # line 11, staying safe 2: the 2006 letter's, say
    pick(at, f"correct-{key}-year", 2006)
    pick(at, f"correct-reason-{key}", "quoted from the 2006 letter")
    at = click(at, "Save the correction")
    at = click(at, "Load the ticked grades")

    at = upload(at, ("missed.txt", MISSED.encode()))
    assert "No grades found" in words(at) and "add it below from its text" in words(at)
    missed = hashlib.sha256(MISSED.encode()).hexdigest()[:12]
    assert "every grade-like statement" not in words(at) and not [b for b in at.button if b.key == f"load-{missed}"]
    for reason in ("", "stated in words the extractor does not read"):
        pick(at, f"add-first-{missed}", 5)
        pick(at, f"add-last-{missed}", 6)
        pick(at, f"add-{missed}-area", ("APA", "being_healthy"))
        pick(at, f"add-{missed}-grade", 2)
        pick(at, f"add-{missed}-year", 2007)
        pick(at, f"add-{missed}-la", "821")
        pick(at, f"add-reason-{missed}", reason)
        at = click(at, "Add the grade")
        if not reason:
            assert at.error[0].value == "Say in a few words why: the audit keeps it.", "a grade added by hand needs a reason"
    assert "Found 1 grade for Luton 2007" in words(at).replace("**", "")
    at = ran(at)
    [button for button in at.button if button.key == f"load-{missed}"][0].click()
    ran(at)

    rows = document_rows(db)
    passage = "The inspectors were pleased with the health work; the verdict there was two."
    assert rows == [
        ("821", 2006, "staying_safe", 2, f"line 11, corrected by hand by {ME}", "Staying safe\t2",
         "the extractor read 2 adequate for APA · Staying safe, 2007, Luton; reason: quoted from the 2006 letter"),
        ("821", 2007, "being_healthy", 2, f"lines 5–6, added by hand by {ME}", passage,
         "reason: stated in words the extractor does not read"),
        ("821", 2007, "enjoying_and_achieving", 4, f"line 12, corrected by hand by {ME}", "Being healthy\t4",
         "the extractor read 4 outstanding for APA · Being healthy, 2007, Luton; reason: the table's rows were shifted"),
    ]  # fmt: skip

    sources = open_page("sources", home="821")
    shown = machine_names(sources.dataframe[0].value)
    for locator in (f"lines 5–6, added by hand by {ME}", f"line 11, corrected by hand by {ME}"):
        assert locator in set(shown["locator"]), "Sources shows who added or corrected it, and from which lines"
    with duckdb.connect(str(db), read_only=True) as con:  # the Profile's chart, and its CSV download
        summary = queries.grade_summary(con, ["821"], ["APA"], ["being_healthy", "staying_safe"], 2005, 2008)
    cited = pd.read_csv(io.BytesIO(export.chart_csv(summary, assembly.CSV_COLUMNS)))["cited"]
    assert cited.str.contains(f"missed.txt (lines 5–6, added by hand by {ME})", regex=False).any()
    assert cited.str.contains(f"luton_2007.txt (line 11, corrected by hand by {ME})", regex=False).any()
    assert not open_page("profile", home="821").exception

    before = document_rows(db)
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"))
    assert document_rows(db) == before, "a rebuild from the store gives back exactly what was decided"

    events = audit.events(db.parent / "documents")
    assert [e["action"] for e in events if e["action"] in ("correct", "add")] == ["correct", "correct", "add"]
    assert {e["who"] for e in events} == {ME}, "each step says who"

    sha256 = hashlib.sha256(MISSED.encode()).hexdigest()
    at = page()
    at.selectbox(key="remove-document").set_value(sha256)
    at.checkbox(key="remove-sure").check()
    click(at, "Remove it and its grades")
    assert not [row for row in document_rows(db) if "added by hand" in row[4]]
    history = [e["action"] for e in audit.events(db.parent / "documents") if e["sha256"] == sha256]
    assert history == ["stage", "add", "confirm", "remove"], "a removal leaves its events"
    assert sha256 not in decisions.decided(db.parent / "documents").added


def signed_in(email: str, verified: bool = True, **claims) -> dict:
    return {"is_logged_in": True, "email": email, "email_verified": verified, **claims}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("user", "editors", "allowed"),
    [
        (signed_in("Jane.Smith@luton.gov.uk"), {"emails": ["jane.smith@luton.gov.uk"]}, "jane.smith@luton.gov.uk"),
        (signed_in("sam@leicester.gov.uk"), {"domains": ["leicester.gov.uk"]}, "sam@leicester.gov.uk"),
        (signed_in("sam@leicester.gov.uk", verified=False), {"domains": ["leicester.gov.uk"]}, None),
        (signed_in("sam@notleicester.gov.uk"), {"domains": ["leicester.gov.uk"]}, None),
        (signed_in("eve@example.org"), {"emails": ["jane.smith@luton.gov.uk"], "domains": ["luton.gov.uk"]}, None),
        ({"is_logged_in": False, "email": "jane.smith@luton.gov.uk"}, {"emails": ["jane.smith@luton.gov.uk"]}, None),
        ({"email": "test@example.com"}, {"domains": ["example.com"]}, None),  # AppTest's default user: not signed in
        (signed_in("jo@luton.gov.uk", verified=False, tid="T1", xms_edov=True), {"domains": ["luton.gov.uk"], "tenant": "T1"},
         "jo@luton.gov.uk"),
        (signed_in("jo@luton.gov.uk", tid="T2"), {"domains": ["luton.gov.uk"], "tenant": "T1"}, None),
        (signed_in("jo@luton.gov.uk", verified=False, xms_edov=True), {"domains": ["luton.gov.uk"]}, None),
    ],
)  # fmt: skip
def test_an_editor_is_a_signed_in_verified_address_the_settings_name_from_the_tenant_set(user, editors, allowed):
    assert access.signed_in_editor(user, editors) == allowed


def with_sign_in(page_name: str, user: dict | None) -> AppTest:
    """The page with sign-in configured, as this user (None: AppTest's default user)."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    for section, values in SIGN_IN.items():
        at.secrets[section] = values
    if user is not None:
        at.user = user
    at.switch_page(f"pages/{page_name}.py")
    return ran(at)


def store_state(db: Path) -> dict:
    """Every file beside the database, with its bytes: what no refused action may change."""
    return {str(p.relative_to(db.parent)): p.read_bytes() for p in sorted(db.parent.rglob("*")) if p.is_file()}


@pytest.mark.pages
@pytest.mark.parametrize("user", [signed_in("eve@example.org"), {"is_logged_in": False}, None])
def test_a_non_editor_or_a_visitor_sees_no_control_that_changes_data_and_every_change_is_refused(db, tmp_path, user):
    document = tmp_path / "luton_2007.txt"
    document.write_bytes(paper(LUTON_2007))
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"), str(document))
    (stored,) = stored_documents(db.parent / "documents")
    before = store_state(db)

    at = with_sign_in("add_documents", user)
    assert not at.get("file_uploader") and "Sign in" in at.info[0].value
    changing = [b.label for b in at.button if b.key not in ("sign-in", "sign-out")]
    headers = [h.value for h in at.header]
    assert changing == [] and headers == ["Documents added", "Indicator files", "Statistical neighbours"], "no review, no audit"

    refused = AppTest.from_function(every_change, args=(str(stored),), default_timeout=120)
    for section, values in SIGN_IN.items():
        refused.secrets[section] = values
    if user is not None:
        refused.user = user
    refused.run()
    assert not refused.exception, [e.value for e in refused.exception]
    assert [e.value for e in refused.error] == ["Only a signed-in editor can change the data: nothing was changed."] * 12
    assert store_state(db) == before, "the store, the audit and the database are as they were"


def every_change(stored: str) -> None:
    """Each change the Add documents page can make, asked for directly (as a forged request would)."""
    from pathlib import Path

    from etl import desk
    from ui import changes

    document = desk.read_document(Path(stored))
    row = {"dfe_code": "821", "framework": "APA", "judgement_area": "staying_safe", "grade": 2, "year": 2007, "line": 11}
    grade = {"framework": "APA", "judgement_area": "being_healthy", "grade": 2, "year": 2007, "dfe_code": "821"}
    changes.stage_files([("more.txt", b"Staying safe\t2\n")], desk.read_document, {})
    changes.discard(Path(stored))
    changes.save_choice(document, "821", 2007)
    changes.change_choice(document)
    changes.save_correction(document, row, {"grade": 3}, "forged")
    changes.add_grade(document, {**grade, "first_line": 1, "last_line": 1, "quote": "x"}, "forged")
    changes.load_confirmed(Path(stored), True, document.sha256, [row], [True])
    changes.remove_document(document.sha256, Path(stored))
    changes.add_indicators(("mine.csv", b"indicator_id,authority,year,value\nU18_CONC_RATE,Luton,2007,40\n"), None)
    changes.remove_indicators("mine.csv")
    changes.add_neighbours(("sn.csv", b"dfe_code,neighbour_code,rank\n821,856,1\n"), "forged", "2008")
    changes.remove_neighbours()


def _decide_many(store: str, who: str, start) -> None:
    """One editor's session: 50 decisions, each appended as the page appends them."""
    start.wait()
    areas = ["being_healthy", "staying_safe", "enjoying_and_achieving", "positive_contribution"]
    rows = [
        {"dfe_code": "821", "framework": "APA", "judgement_area": area, "grade": 2, "line": n} for n, area in enumerate(areas)
    ]
    for number in range(50):
        decisions.decide(Path(store), f"{who}-{number}", "x.txt", rows, [True, False, True, False], who)


@pytest.mark.unit
def test_two_editors_deciding_at_once_lose_nothing(tmp_path):
    start = multiprocessing.get_context("fork").Event()
    sessions = [
        multiprocessing.get_context("fork").Process(target=_decide_many, args=(str(tmp_path), who, start))
        for who in ("jane.smith@luton.gov.uk", "sam@leicester.gov.uk")
    ]
    for session in sessions:
        session.start()
    start.set()
    for session in sessions:
        session.join(60)
    lines = (tmp_path / audit.AUDIT).read_text().splitlines()
    assert len(lines) == 2 * 50 * 4 and all(json.loads(line)["action"] in ("confirm", "reject") for line in lines)
    state = decisions.decided(tmp_path)
    assert len(state.verdicts) == 2 * 50 * 4 and list(state.verdicts.values()).count("confirm") == 2 * 50 * 2


def _listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP port listens on, from the kernel's own table (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.browser
def test_without_sign_in_the_server_listens_on_this_computer_only(tmp_path):
    """As `scripts/dashboard.sh` serves it: the address `python -m ui.access` prints, and the config's own default."""
    printed = subprocess.run([sys.executable, "-m", "ui.access"], cwd=REPO, capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == "127.0.0.1"
    elsewhere = tmp_path / "server"
    (elsewhere / ".streamlit").mkdir(parents=True)
    (elsewhere / ".streamlit" / "secrets.toml").write_text('[auth]\nredirect_uri = "x"\n')
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    signed = subprocess.run([sys.executable, "-m", "ui.access"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert signed.stdout.strip() == "0.0.0.0", "with sign-in configured it serves others"

    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true", "--server.port", str(port)]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _listening_addresses(port) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert _listening_addresses(port) == {"0100007F"}, "127.0.0.1 only (the kernel writes it backwards), not 0.0.0.0"
    finally:
        server.terminate()
        server.wait(20)


@pytest.mark.pages
@pytest.mark.parametrize("page_name", ["home", "compare", "add_documents"])
def test_served_openly_every_page_says_in_one_line_that_anyone_can_change_the_data(db, page_name):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.secrets["access"] = {"open_without_sign_in": True}
    at.switch_page(f"pages/{page_name}.py")
    at = ran(at)
    assert [w.value for w in at.warning][:1] == [access.OPEN_WARNING]
    assert access.listen_address({"access": {"open_without_sign_in": True}}) == "0.0.0.0"


@pytest.mark.unit
def test_what_people_decided_survives_a_new_extractor_version_and_a_reader_that_moves_every_line(db, tmp_path, monkeypatch):
    from etl import batch, cache, read

    luton = generated.write(LUTON_2007, tmp_path / "luton_2007.txt")
    unnamed = generated.write(generated.Paper("The council", 2007, {"enjoying_and_achieving": 3}), tmp_path / "unnamed.txt")
    missed = tmp_path / "missed.txt"
    missed.write_text(MISSED)
    store = db.parent / "documents"
    sha = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (luton, unnamed, missed)}
    grade = {"framework": "APA", "judgement_area": "being_healthy", "grade": 2, "year": 2007, "dfe_code": "821"}
    decisions.add(store, sha["missed.txt"], "missed.txt", {**grade, "first_line": 5, "last_line": 6, "quote": "two"}, "cd", "x")
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"), str(luton), str(unnamed), str(missed))
    rows = [
        {"dfe_code": "821", "framework": "APA", "judgement_area": area, "grade": grade, "year": 2007, "line": line, "quote": ""}
        for area, grade, line in (("staying_safe", 2, 11), ("being_healthy", 4, 12))
    ]  # fmt: skip
    decisions.decide(store, sha["luton_2007.txt"], "luton_2007.txt", rows, [False, True], "cd@luton.gov.uk")
    decisions.correct(store, sha["luton_2007.txt"], "luton_2007.txt", rows[1], {"year": 2006}, "cd@luton.gov.uk", "2006's")
    decisions.choose(store, sha["unnamed.txt"], "unnamed.txt", "856", None, "cd@luton.gov.uk")
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"))
    decided = [row[:4] for row in document_rows(db)]
    assert decided == [
        ("821", 2006, "being_healthy", 4), ("821", 2007, "being_healthy", 2), ("856", 2007, "enjoying_and_achieving", 3)
    ]  # fmt: skip

    monkeypatch.setattr(cache, "version", lambda: "a-new-extractor")
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 1)  # read here, where the changed reader below applies
    original = read.clean_text
    monkeypatch.setattr(read, "clean_text", lambda text: "A line the new reader adds above everything\n" + original(text))
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"))
    assert [row[:4] for row in document_rows(db)] == decided, "every line moved, and nothing a person decided was lost"
    assert any(row[4] == "line 13, corrected by hand by cd@luton.gov.uk" for row in document_rows(db)), "read again"
