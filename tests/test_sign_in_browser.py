"""Sign-in through a real OpenID Connect flow in headless Chromium: a local provider (oidc-provider-mock, on this
computer) and the dashboard configured against it. An editor signs in and loads a document; a signed-in non-editor
and a visitor see no control that changes the data."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from oidc_provider_mock import User, run_server_in_thread

from etl import audit
from tests import generated
from tests.conftest import FIXTURES, REPO, SCREENSHOTS, free_port, run_etl, start_streamlit

pytestmark = pytest.mark.browser

LUTON_2007 = generated.Paper("Luton Borough Council", 2007, {"staying_safe": 2, "being_healthy": 4})
EDITOR, READER = "jane.smith@luton.gov.uk", "eve@example.org"


@pytest.fixture
def signed_in_server(tmp_path):
    """The dashboard on the bundled data with sign-in through a provider of its own: two users, one an editor."""
    users = [
        User(sub="jane", claims={"email": EDITOR, "email_verified": True}),
        User(sub="eve", claims={"email": READER, "email_verified": True}),
    ]
    db = tmp_path / "data" / "db.duckdb"
    run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"))
    with run_server_in_thread(user_claims=users) as provider:
        port = free_port()
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\ncookie_secret = "{"s" * 40}"\n'
            f'client_id = "dashboard"\nclient_secret = "a secret of the test"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n'
            f'[editors]\nemails = ["{EDITOR}"]\n'
        )
        process, url = start_streamlit(REPO / "dashboard.py", db, port=port, options=("--secrets.files", str(secrets)))
        yield url, db
        process.terminate()
        process.wait(timeout=20)
    shutil.rmtree(db.parent, ignore_errors=True)


def sign_in(page, url: str, who: str) -> None:
    """Press Sign in, choose the user at the provider, and come back signed in."""
    page.goto(url)
    page.get_by_role("button", name="Sign in to edit").click()
    page.get_by_role("button", name=who, exact=True).click()
    page.get_by_text("Signed in as").wait_for(timeout=30000)


def test_an_editor_signs_in_and_loads_a_document_and_the_audit_names_them(browser, signed_in_server, tmp_path):
    url, db = signed_in_server
    document = generated.write(LUTON_2007, tmp_path / "luton_2007.txt")
    context = browser.new_context(viewport={"width": 1400, "height": 2200})
    page = context.new_page()
    sign_in(page, url, "jane")
    page.goto(f"{url}/add_documents")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(document))
    page.get_by_text("Found 2 grades for Luton 2007").wait_for(timeout=30000)
    page.get_by_role("button", name="Load the ticked grades").click()
    page.get_by_text("luton_2007.txt: 2 of 2 grades loaded.").wait_for(timeout=60000)
    context.close()
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = con.execute("SELECT judgement_area, grade FROM grades WHERE source = 'luton_2007.txt' ORDER BY 1").fetchall()
    assert loaded == [("being_healthy", 4), ("staying_safe", 2)]
    events = audit.events(db.parent / "documents")
    assert [(e["action"], e["who"]) for e in events] == [("stage", EDITOR), ("confirm", EDITOR), ("confirm", EDITOR)]


@pytest.mark.parametrize("who", ["eve", None])
def test_a_signed_in_non_editor_and_a_visitor_see_no_control_that_changes_the_data(browser, signed_in_server, who):
    url, db = signed_in_server
    context = browser.new_context(viewport={"width": 1400, "height": 2200})
    page = context.new_page()
    if who:
        sign_in(page, url, who)
        page.get_by_text(f"Signed in as {READER}: not an editor, so reading only").wait_for(timeout=30000)
    page.goto(f"{url}/add_documents")
    page.get_by_text("adding, correcting or removing grades needs an editor").wait_for(timeout=30000)
    page.get_by_text("Documents added", exact=True).wait_for(timeout=30000)
    assert page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
    labels = [button.inner_text().strip() for button in page.locator("[data-testid='stMainBlockContainer'] button").all()]
    assert not [label for label in labels if label], labels
    assert page.get_by_text("Audit", exact=True).count() == 0
    context.close()
    assert not (db.parent / "documents" / audit.AUDIT).exists(), "nothing was recorded, so nothing was changed"


def upload_in_form(page, label: str, path) -> None:
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text=label)
    uploader.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    uploader.get_by_text(path.name).wait_for(timeout=30000)


def test_an_editor_adds_a_neighbour_list_and_an_indicator_file_that_compare_and_the_profile_use(
    browser, signed_in_server, tmp_path
):
    url, db = signed_in_server
    with duckdb.connect(str(db), read_only=True) as con:
        graded = [row[0] for row in con.execute(
            "SELECT DISTINCT dfe_code FROM grades WHERE framework = 'APA' AND year = 2008 AND dfe_code <> '821' ORDER BY 1"
        ).fetchall()][:10]  # fmt: skip
    neighbours = tmp_path / "neighbours.csv"  # the DfE's shape; not real neighbours
    neighbours.write_text(
        "LA number,LA name," + ",".join(f"SN{n}" for n in range(1, 11)) + "\n821,Luton," + ",".join(graded) + "\n"
    )
    values = tmp_path / "indicator.csv"  # invented values of an invented indicator
    row = "test_rate,A test rate,rate,lower_better,staying_safe,{},2007,{}\n"
    rows = [row.format(code, 10 + n) for n, code in enumerate(["821", *graded[:4]])] + [row.format("999", 1)]
    values.write_text("indicator_id,name,unit,polarity,outcome_area,dfe_code,year,value\n" + "".join(rows))
    context = browser.new_context(viewport={"width": 1400, "height": 2600})
    page = context.new_page()
    sign_in(page, url, "jane")
    page.goto(f"{url}/add_documents")
    upload_in_form(page, "Neighbour list", neighbours)
    page.get_by_label("Model name").fill("Test model")
    page.get_by_label("Published").fill("March 2008")
    page.get_by_role("button", name="Check and load the neighbour list").click()
    page.get_by_text("neighbours.csv: neighbour lists for 1 authority loaded.").wait_for(timeout=60000)
    page.get_by_text("In use: Test model, March 2008, lists for 1 authority.").wait_for(timeout=30000)
    upload_in_form(page, "Indicator file", values)
    page.get_by_role("button", name="Check and load the indicator file").click()
    page.get_by_text("indicator.csv: 5 values of 1 indicator loaded.").wait_for(timeout=60000)
    page.get_by_text("1 row could not be loaded; the reasons are below.").wait_for(timeout=30000)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "add_documents_tables_added.png", full_page=True)

    page.goto(f"{url}/compare?la=821&fw=APA&group=neighbours&area=staying_safe&view=group")
    page.get_by_text("Against Luton's statistical neighbours (Test model, March 2008)").wait_for(timeout=60000)
    assert page.get_by_text("No statistical neighbour list is loaded").count() == 0
    page.goto(f"{url}/profile?of=821&vs=neighbours")
    heading = page.get_by_text("Indicators against Luton's statistical neighbours (Test model, March 2008)")
    heading.wait_for(timeout=60000)
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    page.screenshot(path=SCREENSHOTS / "profile_against_neighbours.png", full_page=True)
    context.close()
    events = [(e["action"], e["who"]) for e in audit.events(db.parent / "documents")]
    assert events == [("add_neighbours", EDITOR), ("add_indicators", EDITOR)]
