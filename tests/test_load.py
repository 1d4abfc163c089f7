"""Loading: bundled data, documents, held back, conflicts, idempotence and atomic swap."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import AUTHORITIES_CSV, audit, cli, load
from etl.bundled import PUBLISHED_GRADES_CSV, SEED_FACTS_CSV
from tests.conftest import DOCUMENTS, run_etl, run_etl_as_a_user

pytestmark = pytest.mark.unit


def query(db, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def table(db, name: str) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT * EXCLUDE (loaded_at) FROM {name}" if name == "documents" else f"SELECT * FROM {name}").df()


def test_fresh_load_holds_the_150_authorities_and_every_bundled_grade(tmp_path):
    db = tmp_path / "fresh.duckdb"
    result = run_etl_as_a_user("load", "--db", str(db))
    assert result.returncode == 0, result.stderr
    published = pd.read_csv(PUBLISHED_GRADES_CSV, dtype=str, keep_default_na=False)
    seeds = pd.read_csv(SEED_FACTS_CSV, dtype=str, keep_default_na=False)
    assert query(db, "SELECT count(*) FROM authorities") == [(150,)]
    assert len(pd.read_csv(AUTHORITIES_CSV)) == 150
    by_origin = dict(query(db, "SELECT origin, count(*) FROM grades GROUP BY origin"))
    assert by_origin == {"published": int((published["year"] != "").sum()), "seed facts": int((seeds["dfe_code"] != "").sum())}
    held = dict(query(db, "SELECT origin, count(*) FROM held_back GROUP BY origin"))
    assert held == {"published": int((published["year"] == "").sum()), "seed facts": int((seeds["dfe_code"] == "").sum())}
    assert query(db, "SELECT count(*) FROM grades WHERE coalesce(source, '') = '' OR coalesce(locator, '') = ''") == [(0,)]
    assert "Authorities with grades, by framework and year" in result.stderr and "CPA 2006: 76 authorities" in result.stderr
    cpa_2008 = "SELECT count(DISTINCT dfe_code) FROM grades WHERE framework = 'CPA' AND year = 2008"
    assert query(db, cpa_2008) == [(68,)], "the BBC's CPA 2008 table adds 55 authorities to the 13 found before"


def test_pre_2009_authorities_are_kept():
    authorities = pd.read_csv(AUTHORITIES_CSV, dtype=str)
    names = dict(zip(authorities["dfe_code"], authorities["name"]))
    assert names["820"] == "Bedfordshire" and names["875"] == "Cheshire"
    assert not {"Bedford", "Central Bedfordshire", "Cheshire East", "Cheshire West and Chester"} & set(names.values())
    assert authorities["region"].notna().all() and authorities["type"].notna().all()


def test_unknown_year_rows_are_held_back_with_reason_and_flags_stay_visible(loaded_db):
    reasons = dict(query(loaded_db, "SELECT authority, any_value(reason) FROM held_back WHERE origin = 'published' GROUP BY 1"))
    assert reasons == {
        "Norfolk": "the source does not state the assessment year",
        "Isle of Wight": "the source does not state the assessment year",
    }
    halton_sql = "SELECT notes FROM grades WHERE dfe_code = '876' AND year = 2008 AND judgement_area = 'staying_safe'"
    notes = query(loaded_db, halton_sql)
    assert "check" in notes[0][0]


def test_fixture_documents_load_with_provenance(loaded_db):
    statuses = dict(query(loaded_db, "SELECT file_name, status FROM documents"))
    assert statuses["unnamed_council_2006_action_plan.txt"] == "held_back"
    assert statuses["derby_2008_cabinet_apa_jar.txt"] == "loaded"
    assert "empty.txt" not in statuses  # unreadable files are reported, not stored
    rows = query(
        loaded_db,
        "SELECT grade, how_stated, line, quote, source_sha256 FROM grades WHERE origin = 'document' "
        "AND dfe_code = '359' AND year = 2006 AND judgement_area = 'staying_safe'",
    )
    assert len(rows) == 1
    grade, how_stated, line, quote, sha = rows[0]
    assert (grade, how_stated, line) == (1, "prose", 41) and "inadequate" in quote and len(sha) == 64


def test_equal_grades_corroborate_each_other(loaded_db):
    # Gateshead's 2008 overall effectiveness: the fixture letter and the published news agree (4).
    agreement = query(
        loaded_db,
        "SELECT agreement, sources FROM grade_agreement WHERE dfe_code = '390' AND year = 2008 "
        "AND framework = 'APA' AND judgement_area = 'overall_effectiveness'",
    )
    assert agreement == [("corroborated", 2)]


def test_different_grades_are_kept_and_flagged_as_a_conflict(tmp_path):
    document = tmp_path / "gateshead_2008_disagreeing.txt"
    document.write_text("Gateshead Council\n\nGateshead's 2008 APA grades:\n\nStaying safe\t2\n")
    db = tmp_path / "conflict.duckdb"
    run_etl("load", "--db", str(db), str(document))
    conflicts = query(db, "SELECT grades, sources FROM conflicts WHERE dfe_code = '390' AND judgement_area = 'staying_safe'")
    assert conflicts == [([2, 4], 2)]
    assert query(db, "SELECT count(*) FROM grades WHERE dfe_code = '390' AND judgement_area = 'staying_safe'") == [(2,)]


def test_loading_twice_gives_the_same_database(tmp_path):
    db = tmp_path / "twice.duckdb"
    documents = [str(DOCUMENTS / "wigan_2006_ofsted_letter.txt"), str(DOCUMENTS / "kent_2007_summary_cp1252.md")]
    run_etl("load", "--db", str(db), *documents)
    first = {name: table(db, name) for name in ("grades", "held_back", "documents", "conflicts")}
    run_etl("load", "--db", str(db), *documents)
    for name, frame in first.items():
        pd.testing.assert_frame_equal(table(db, name), frame)
    assert len([p for p in (tmp_path / "documents").iterdir() if p.is_dir()]) == 2, "each stored once"
    loads = [(e["action"], e["file_name"], e["who"]) for e in audit.events(tmp_path / "documents")]
    assert sorted(loads) == [
        ("load", Path(d).name, audit.command_line_user()) for d in sorted(documents, key=lambda d: Path(d).name)
    ]


def test_bad_files_are_reported_and_the_rest_load(tmp_path):
    db = tmp_path / "bad.duckdb"
    names = ["empty.txt", "binary_named_as_text.txt", "solihull_2007_jar_report.txt"]
    result = run_etl("load", "--db", str(db), *(str(DOCUMENTS / n) for n in names))
    assert result.returncode == 1
    assert "empty.txt: file is empty" in result.stderr and "binary file" in result.stderr
    assert "[3/3] solihull_2007_jar_report.txt: 5 grades" in result.stderr  # every file gets a progress line
    assert query(db, "SELECT count(*) FROM grades WHERE dfe_code = '334'") == [(5,)]


def test_manifest_releases_a_held_back_document_on_the_next_load(tmp_path):
    db = tmp_path / "manifest.duckdb"
    run_etl("load", "--db", str(db), str(DOCUMENTS / "unnamed_council_2006_action_plan.txt"))
    assert query(db, "SELECT count(*) FROM held_back WHERE origin = 'document'") == [(3,)]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,authority,year,note\nunnamed_council_2006_action_plan.txt,856,2006,from the agenda page\n")
    result = run_etl("load", "--db", str(db), "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    assert query(db, "SELECT count(*) FROM held_back WHERE origin = 'document'") == [(0,)]
    assert query(db, "SELECT count(*) FROM grades WHERE origin = 'document' AND dfe_code = '856' AND year = 2006") == [(3,)]


def test_a_failed_load_leaves_the_previous_database_untouched(tmp_path, monkeypatch):
    db = tmp_path / "atomic.duckdb"
    run_etl("load", "--db", str(db))
    before = db.read_bytes()

    def broken_insert(con, name, frame):
        if name == "grades":
            raise duckdb.ConstraintException("simulated failure half way")
        original(con, name, frame)

    original = load._insert
    monkeypatch.setattr(load, "_insert", broken_insert)
    assert cli.load_command([DOCUMENTS / "kent_2007_summary_cp1252.md"], None, db) == 2
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []


def test_a_load_reads_only_what_this_extractor_version_has_not_read_and_prints_nothing(tmp_path, monkeypatch, capsys):
    from etl import cache, documents

    extracted = []
    original = documents.reading_of
    monkeypatch.setattr(
        documents, "reading_of", lambda document, index: extracted.append(document.name) or original(document, index)
    )
    progress = []
    names = ["wigan_2006_ofsted_letter.txt", "kent_2007_summary_cp1252.md"]
    db = tmp_path / "once.duckdb"
    report = load.load(
        [DOCUMENTS / n for n in names], None, db, progress=lambda n, total, r: progress.append((n, total, r.path.name))
    )
    assert [(n, total) for n, total, _ in progress] == [(1, 2), (2, 2)] and sorted(p[2] for p in progress) == sorted(names)
    assert capsys.readouterr() == ("", "")
    assert report.errors == 0 and report.counts["documents"] == 2
    kept = sorted(p.stem for p in (tmp_path / "cache" / cache.version()).glob("*.json"))
    version = cache.version()
    assert kept == sorted(p.parent.name for p in load.stored_documents(tmp_path / "documents")), "each reading kept"
    first = table(db, "grades")

    extracted.clear()
    load.load([DOCUMENTS / names[0]], None, db)  # already stored, and read with this version: nothing is read again
    assert extracted == []
    pd.testing.assert_frame_equal(table(db, "grades"), first)

    monkeypatch.setattr(cache, "version", lambda: "a-changed-extractor")  # a new version reads every document again
    load.load([], None, db, progress=lambda *_: None)
    assert sorted(p.stem for p in (tmp_path / "cache" / "a-changed-extractor").glob("*.json")) == kept
    assert not (tmp_path / "cache" / version).exists(), "an old version's readings are dropped"
    pd.testing.assert_frame_equal(table(db, "grades"), first)


def test_a_batch_is_read_on_a_pool_by_a_reader_process_and_each_reading_is_kept_as_it_is_done(tmp_path):
    from etl import batch, cache

    names = ["wigan_2006_ofsted_letter.txt", "kent_2007_summary_cp1252.md", "solihull_2007_jar_report.txt"]
    told = []
    entries = cache.folder(tmp_path / "cache")
    readings = batch.read_all([DOCUMENTS / n for n in names], entries, lambda *done: told.append(done), workers=2)
    assert [(n, total) for n, total, _, _ in told] == [(1, 3), (2, 3), (3, 3)], "a count as each one is done"
    assert sorted(path.name for path in readings) == sorted(names)
    assert all(len(reading.findings) > 0 for reading in readings.values())
    assert {p.stem for p in entries.glob("*.json")} == {reading.sha256 for reading in readings.values()}
    again = batch.read_all([DOCUMENTS / n for n in names], entries, lambda *done: None, workers=2)
    assert {path: r.findings for path, r in again.items()} == {path: r.findings for path, r in readings.items()}
