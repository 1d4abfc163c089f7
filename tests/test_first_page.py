"""The first page answers "how are we doing?" for the visitor's own authority, beside its region and all loaded."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from insight import words
from insight.specs.home import ALL_LOADED, standing_rows
from tests.test_pages import chart_data


def counted_in_database(db, framework: str, year: int, area: str, region: str | None = None) -> dict[int, int]:
    """Authorities at each grade, straight from the grades table: what the first page's bars must count."""
    sql = """
        SELECT grade, count(*) FROM (
            SELECT dfe_code, min(grade) AS grade FROM grades JOIN authorities USING (dfe_code)
            WHERE framework = ? AND year = ? AND judgement_area = ? AND (? IS NULL OR region = ?)
            GROUP BY dfe_code HAVING count(DISTINCT grade) = 1)
        GROUP BY grade"""
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute(sql, [framework, year, area, region, region]).fetchall())


@pytest.mark.pages
def test_a_visitor_with_no_authority_is_asked_for_one_and_told_what_is_loaded(app):
    at = app("home")
    assert at.selectbox[0].value is None and at.selectbox[0].placeholder == "Choose your authority"
    assert not at.get("plotly_chart"), "no authority's grades are shown before one is chosen"
    assert at.caption[0].value.startswith("Loaded, of England's 150 children's services authorities: APA grades for ")
    at.selectbox[0].select("309").run()
    assert at.query_params["home"] == ["309"] or at.query_params["home"] == "309"
    assert at.get("plotly_chart"), "choosing an authority shows its grades"


@pytest.mark.pages
def test_the_home_authority_stands_beside_its_region_and_all_loaded(app, loaded_db):
    at = app("home", home="309", la="821,856,383")
    apa = chart_data(at, "home-apa")
    assert "Luton" not in set(apa["group"]) and "Leeds" not in set(apa["group"]), "no default comparison with Luton"
    safe = apa[apa["area_label"] == "Staying safe"]
    assert safe.iloc[0]["group"] == "Haringey"
    london = safe[safe["group"].str.startswith("London")]
    assert len(london) == 1 and london.iloc[0]["group"].endswith("too few to count")  # under 3 of London's 33 loaded
    everyone = safe[safe["group"].str.startswith(ALL_LOADED)]
    expected = counted_in_database(loaded_db, "APA", 2008, "staying_safe")
    assert dict(zip(everyone["grade_label"].str[0].astype(int), everyone["authorities"])) == expected
    assert everyone.iloc[0]["group"] == f"All loaded ({sum(expected.values())} of 150 loaded)"

    cpa = chart_data(at, "home-cpa")
    london = cpa[cpa["group"].str.startswith("London (")]
    expected = counted_in_database(loaded_db, "CPA", 2008, "children_and_young_people", "London")
    assert dict(zip(london["grade_label"].str[0].astype(int), london["authorities"])) == expected
    assert london.iloc[0]["group"] == f"London ({sum(expected.values())} of 33 loaded)"
    text = " ".join(m.value for m in at.markdown)
    assert "England" not in text.replace("England's 150", ""), "England is said only of figures that cover it"


@pytest.mark.pages
def test_an_authority_with_nothing_loaded_is_told_how_to_add_its_documents(app):
    at = app("home", home="926")
    assert "Nothing is loaded for Norfolk yet" in at.info[0].value
    assert any(link.label == "Add Norfolk's documents" for link in at.get("page_link"))
    assert not at.get("plotly_chart")


@pytest.mark.unit
def test_standing_rows_count_each_group_and_leave_out_disagreeing_sources():
    rows = [("1", 3), ("2", 3), ("3", 2), ("4", 1), ("5", 4), ("5", 2)]  # authority 5's sources disagree
    grades = pd.DataFrame(
        {
            "dfe_code": [code for code, _ in rows],
            "authority": [f"A{code}" for code, _ in rows],
            "framework": "APA",
            "judgement_area": "staying_safe",
            "grade": [grade for _, grade in rows],
            "agreement": ["single"] * 4 + ["conflict"] * 2,
        }
    )
    drawn = standing_rows(grades, "1", "Region", ["1", "2", "5"])
    assert list(drawn["group"]) == [
        "A1",
        "Region: 2 of 3 loaded, too few to count",
        "All loaded (4 of 150 loaded)",
        "All loaded (4 of 150 loaded)",
        "All loaded (4 of 150 loaded)",
    ]
    assert list(drawn["authorities"]) == [1, 0, 1, 1, 2] and list(drawn["grade_label"])[-1] == "3 good"


@pytest.mark.unit
def test_the_loaded_line_counts_each_inspection_by_year():
    counts = pd.DataFrame({"framework": ["APA", "APA", "CPA"], "year": [2007, 2008, 2008], "authorities": [1, 16, 68]})
    assert words.loaded_line(counts) == (
        "Loaded, of England's 150 children's services authorities: APA grades for 1 in 2007 and 16 in 2008; "
        "CPA children and young people scores for 68 in 2008."
    )
    assert "Nothing is loaded" in words.loaded_line(counts.iloc[0:0])
