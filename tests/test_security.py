"""Hostile input: SQL in links and names is only ever a value, a document's words are shown as text (never as
HTML or Markdown that runs), and no manifest row reaches outside the documents folder."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from etl.load import stored_documents
from insight import queries, words
from tests.conftest import DOCUMENTS, REPO, run_etl, start_streamlit

INJECTIONS = [
    "821' OR '1'='1",
    "'; DROP TABLE grades; --",
    '" OR ""="',
    "821); DELETE FROM grades; --",
    "%' --",
    "[see the results](https://example.org/phish) <img src=x onerror=alert(1)> **urgent**",
]
PARAMS = [
    "la",
    "home",
    "of",
    "area",
    "fw",
    "group",
    "vs",
    "from",
    "to",
    "sfw",
    "sarea",
    "grid_year",
    "ind",
    "show",
    "marea",
    "year",
    "brief",
]
MARKUP = (
    "Luton Borough Council\n\nA report to Luton Borough Council's executive on the 2008 APA.\n\n"
    "Ofsted judged staying safe to be good &lt;script&gt;alert('quoted')&lt;/script&gt; "
    "[read more](javascript:alert('link')) **bold** `code`.\n"
)


def grade_count(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM grades").fetchone()[0]


@pytest.mark.pages
@pytest.mark.parametrize("page", ["home", "compare", "profile", "england", "indicators", "sources", "add_documents", "about"])
def test_sql_in_every_url_parameter_is_only_a_value(app, loaded_db, page):
    before = grade_count(loaded_db)
    for injection in INJECTIONS:
        at = app(page, **dict.fromkeys(PARAMS, injection))  # app() fails on any exception
        said = " ".join(element.value for element in [*at.warning, *at.info])
        if (
            page not in ("about", "add_documents") and words.as_text(injection) != injection
        ):  # a link's words are shown as written, never as Markdown or HTML
            assert injection not in said and words.as_text(injection) in said
    assert grade_count(loaded_db) == before


@pytest.mark.unit
def test_queries_take_authority_names_and_codes_as_values(loaded_db):
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        for injection in INJECTIONS:
            assert queries.grade_summary(con, [injection], ["APA"], ["staying_safe"], 2005, 2008).empty
            assert queries.group_members(con, "region", injection) == ([], "no authority chosen for the comparator group")
            assert queries.sources(con, [injection], ["APA"], ["staying_safe"], (2005, 2008)).empty
        assert len(queries.grade_summary(con, ["821"], ["APA"], ["staying_safe"], 2005, 2008)) > 0


@pytest.mark.unit
def test_a_manifest_row_cannot_name_a_path_outside_the_documents_folder(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Leicester City Council\nStaying safe\t3\n")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,authority,year,note\n../outside.txt,856,2008,\n/etc/passwd,856,2008,\n")
    db = tmp_path / "data" / "db.duckdb"
    result = run_etl("load", "--db", str(db), "--manifest", str(manifest), str(DOCUMENTS / "solihull_2007_jar_report.txt"))
    assert result.returncode == 1
    assert result.stderr.count("is a path: name the document by its file name alone") == 2
    assert [p.name for p in stored_documents(db.parent / "documents")] == ["solihull_2007_jar_report.txt"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents WHERE path NOT LIKE ?", [f"{db.parent}/documents/%"]).fetchone() == (
            0,
        )


@pytest.fixture(scope="module")
def markup_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("markup")
    document = folder / "luton_2008_with_markup.txt"
    document.write_text(MARKUP)
    db = folder / "data" / "db.duckdb"
    assert run_etl("load", "--db", str(db), "--manifest", str(folder / "none.csv"), str(document)).returncode == 0
    return db


@pytest.mark.unit
def test_a_documents_markup_is_kept_as_its_words(markup_db):
    with duckdb.connect(str(markup_db), read_only=True) as con:
        (quote,) = con.execute("SELECT quote FROM grades WHERE source = 'luton_2008_with_markup.txt'").fetchone()
    assert "<script>alert('quoted')</script>" in quote and "[read more](javascript:alert('link'))" in quote


@pytest.mark.browser
def test_a_documents_script_and_links_show_as_text_and_never_run(browser, markup_db):
    server, url = start_streamlit(REPO / "dashboard.py", markup_db)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{url}/compare?la=821&area=staying_safe&fw=APA")
        page.get_by_text("Where every grade in this chart comes from").click()
        page.get_by_text("<script>alert('quoted')</script>", exact=False).first.wait_for(timeout=30000)
        assert page.get_by_text("[read more](javascript:alert('link')) bold `code`", exact=False).count() >= 1
        page.goto(f"{url}/sources?la=821")
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30000)
        page.wait_for_timeout(1500)
        assert dialogs == []
        assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('quoted')).length") == 0
        assert page.locator("a[href^='javascript']").count() == 0
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(markup_db.parent / "documents", ignore_errors=True)
