"""Statistical neighbour lists in the DfE's shape, placed on the 2005-2008 authorities: later authorities that are the
same area or a merger are placed (and said so), parts of old ones reported, never guessed; a list and an indicator file
added through the desk are used by Compare's group and the profile, with who added them in the audit."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from etl import audit, desk
from etl.authorities import reference_index
from etl.neighbours import read_list
from insight import queries
from tests.conftest import FIXTURES, run_etl

pytestmark = pytest.mark.unit

RANKS = [f"SN{rank}" for rank in range(1, 11)]
# Not real neighbours: names chosen to exercise each way a later authority relates to the 2005-2008 ones.
LUTON_2019 = [
    "Slough", "Bournemouth, Christchurch and Poole", "Central Bedfordshire", "856", "Milton Keynes", "Bradford",
    "Birmingham", "Sandwell", "Walsall", "Nowhere Borough",
]  # fmt: skip


def wide(rows: list[list[str]], title: str = "Children's services statistical neighbours") -> bytes:
    """A list as the DfE lays it out: a title and a blank row above the header, an authority then ten ranks."""
    lines = [[title], [], ["LA number", "LA name", *RANKS], *rows]
    return "\n".join(",".join(f'"{cell}"' for cell in line) for line in lines).encode()


def test_a_list_of_2019_is_placed_on_the_2005_2008_authorities_and_what_cannot_be_is_said():
    placed = read_list("sn.csv", wide([["821", "Luton", *LUTON_2019], ["822", "Bedford", *LUTON_2019]]), reference_index(),
                       "Test model", "March 2019")  # fmt: skip
    luton = placed.rows[placed.rows["dfe_code"] == "821"]
    assert list(zip(luton["neighbour_code"], luton["rank"])) == [
        ("871", 1),
        ("837", 2),
        ("836", 2),
        ("856", 4),
        ("826", 5),
        ("380", 6),
        ("330", 7),
        ("333", 8),
        ("335", 9),
    ], "the merger stands as both its authorities at its rank; the part of Bedfordshire and the unknown name are left out"
    assert set(placed.rows["model"]) == {"Test model"} and set(placed.rows["model_date"]) == {"March 2019"}
    assert placed.placements == [
        "Bournemouth, Christchurch and Poole (839) placed as Bournemouth and Poole: it was created 1 April 2019 from "
        "Bournemouth and Poole, with Christchurch (a district of Dorset)"
    ]
    problems = "\n".join(placed.problems)
    assert "line 4: neighbour 3 of Luton: Central Bedfordshire (823) cannot stand for Bedfordshire" in problems
    assert "line 4: neighbour 10 of Luton: 'Nowhere Borough' is not an authority" in problems
    assert "line 5: Bedford (822) cannot stand for Bedfordshire" in problems and "its list is left out" in problems
    assert "822" not in set(placed.rows["dfe_code"]) | set(placed.rows["neighbour_code"])


@pytest.mark.parametrize(("dated", "placed_as"), [("2008", ["835"]), ("2020", [])])
def test_a_name_means_what_it_meant_in_the_models_year(dated, placed_as):
    placed = read_list("sn.csv", wide([["821", "Luton", "Dorset"]]), reference_index(), "m", dated)
    assert placed.rows["neighbour_code"].tolist() == placed_as  # Dorset County until 2019; the smaller Dorset after


def test_a_merged_authoritys_own_list_is_not_given_to_either_of_its_parts():
    placed = read_list("sn.csv", wide([["839", "Bournemouth, Christchurch and Poole", "Luton"]]), reference_index(), "m", "2020")
    assert placed.rows.empty
    assert "is a merger of Bournemouth and Poole: its neighbours are the merged area's, not theirs" in placed.problems[0]


def test_the_workbooks_sheet_that_holds_the_list_is_read():
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as workbook:
        pd.DataFrame({"Notes": ["How the model was built"]}).to_excel(workbook, sheet_name="Notes", index=False)
        header = ["LA code", "LA name", *(f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'} neighbour"
                                          for n in range(1, 11))]  # fmt: skip
        rows = [[856, "Leicester", "Luton", "Nottingham", *[""] * 8]]  # the code a number, as a workbook holds it
        pd.DataFrame(rows, columns=header).to_excel(workbook, sheet_name="Neighbours", index=False)
    placed = read_list("sn.xlsx", buffer.getvalue(), reference_index(), "m", "2008")
    assert placed.rows[["dfe_code", "neighbour_code", "rank"]].values.tolist() == [["856", "821", 1], ["856", "892", 2]]


def test_the_projects_own_long_shape_is_read_and_a_file_with_no_list_is_refused_with_the_reason():
    long = read_list("sample.csv", (FIXTURES / "statistical_neighbours_sample.csv").read_bytes(), reference_index(), "", "")
    assert len(long.rows) == 3 and set(long.rows["model"]) == {"test fixture (not real neighbours)"}
    assert long.problems == [
        "sample.csv: line 5: '999' is not an authority of 2005-2008 or one created since; its list is left out"
    ]
    nothing = read_list("grades.csv", b"authority,grade\nLuton,3\n", reference_index(), "m", "2008")
    assert nothing.rows.empty and "no list of neighbours found" in nothing.problems[0]
    broken = read_list("sn.xlsx", b"not a workbook", reference_index(), "m", "2008")
    assert broken.rows.empty and "cannot be read as a CSV file or an Excel workbook" in broken.problems[0]
    windows = read_list(
        "sn.csv",
        "LA name – the 2008 model,SN1,SN2\nSouthend-on-Sea,Luton,Thurrock\n".encode("cp1252"),
        reference_index(),
        "m",
        "2008",
    )
    assert windows.rows["neighbour_code"].tolist() == ["821", "883"]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "data" / "db.duckdb"
    assert run_etl("load", "--db", str(path), "--manifest", str(FIXTURES / "no-manifest.csv")).returncode == 0
    return path


def group_and_model(db):
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return queries.group_members(con, "neighbours", "821"), queries.neighbour_model(con)


def test_a_list_added_at_the_desk_is_the_neighbours_group_until_it_is_removed_and_the_audit_names_who(db):
    upload = ("sn.csv", wide([["821", "Luton", *LUTON_2019]]))
    placed = desk.add_neighbour_list(db, upload, "Test model", "March 2019", "jane@luton.gov.uk", lambda done, total: None)
    assert len(placed.rows) == 9
    (members, described), model = group_and_model(db)
    assert members == ["871", "837", "836", "856", "826", "380", "330", "333", "335"]
    assert described == "Luton's statistical neighbours (Test model, March 2019)" and model["authorities"] == 1
    desk.remove_neighbour_list(db, "jane@luton.gov.uk", lambda done, total: None)
    assert group_and_model(db)[0][0] == []
    events = [(e["action"], e["who"], e["file_name"]) for e in audit.events(db.parent / "documents")]
    assert events == [("add_neighbours", "jane@luton.gov.uk", "sn.csv"), ("remove_neighbours", "jane@luton.gov.uk", "")]


def test_an_unplaceable_list_changes_nothing(db):
    before = db.read_bytes()
    placed = desk.add_neighbour_list(db, ("sn.csv", wide([["822", "Bedford", "Luton"]])), "m", "2019", "jane", print)
    assert placed.rows.empty and placed.problems and db.read_bytes() == before
    assert not (db.parent / "documents" / audit.AUDIT).exists()


def test_an_indicator_file_added_at_the_desk_loads_its_good_rows_and_names_each_refused_line(db):
    data = (
        b"indicator_id,name,unit,polarity,outcome_area,authority,year,value\n"
        b"test_share,A test share,%,higher_better,staying_safe,Luton,2007,41.5\n"
        b"test_share,A test share,%,higher_better,staying_safe,Leicester,2007,140\n"
        b"test_share,A test share,%,higher_better,staying_safe,Atlantis,2007,12\n"
    )
    checked = desk.add_indicator_file(db, ("mine.csv", data), None, "jane", lambda done, total: None)
    assert len(checked.rows) == 1
    assert [problem.split(": ", 1)[0] for problem in checked.problems] == ["mine.csv:3", "mine.csv:4"]
    assert "over 100 for a percentage" in checked.problems[0] and "unknown area" in checked.problems[1]
    assert desk.indicator_files(db) == ["mine.csv"]
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT dfe_code, value FROM indicators WHERE indicator_id = 'test_share'").fetchall() == [
            ("821", 41.5)
        ]
    desk.remove_indicator_file(db, "mine.csv", "jane", lambda done, total: None)
    assert desk.indicator_files(db) == []
    assert [e["action"] for e in audit.events(db.parent / "documents")] == ["add_indicators", "remove_indicators"]


def test_a_failed_rebuild_puts_back_the_indicator_file_of_that_name_and_the_list_in_use(db, monkeypatch):
    first = b"indicator_id,authority,year,value\nU18_CONC_RATE,Luton,2007,40\n"
    desk.add_indicator_file(db, ("mine.csv", first), None, "jane", lambda done, total: None)
    desk.add_neighbour_list(db, ("sn.csv", wide([["821", "Luton", "856"]])), "m", "2008", "jane", lambda d, t: None)
    kept = {p: p.read_bytes() for p in db.parent.glob("*_added/*")}

    def fails(*args):
        raise desk.LoadFailed("disk full")

    monkeypatch.setattr(desk, "rebuild", fails)
    second = b"indicator_id,authority,year,value\nU18_CONC_RATE,Luton,2007,41\n"
    with pytest.raises(desk.LoadFailed):
        desk.add_indicator_file(db, ("mine.csv", second), None, "jane", lambda done, total: None)
    with pytest.raises(desk.LoadFailed):
        desk.add_neighbour_list(db, ("other.csv", wide([["821", "Luton", "383"]])), "m", "2008", "jane", lambda d, t: None)
    assert {p: p.read_bytes() for p in db.parent.glob("*_added/*")} == kept
