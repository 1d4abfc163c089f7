"""The layers stay apart: etl/ and insight/ never import Streamlit, the Streamlit side reaches the ETL only through
etl.desk, every page starts through the navigation, and placing a chart never changes it."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.mark.unit
@pytest.mark.parametrize("package", ["etl", "insight", "vocabulary"])
def test_pure_side_never_imports_streamlit(package):
    code = (
        f"import pkgutil, importlib, sys, {package}\n"
        f"for module in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    if not module.name.endswith('__main__'): importlib.import_module(module.name)\n"
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def place_every_kind_of_chart(db: str) -> None:
    """An app that builds each kind of chart, places it, and says whether its figure changed."""
    import duckdb
    import streamlit as st

    from insight import assembly, queries
    from insight.specs import compare as compare_specs
    from insight.specs import indicators as indicator_specs
    from insight.specs import profile as profile_specs
    from ui import report

    with duckdb.connect(db, read_only=True) as con:
        summary = queries.grade_summary(con, ["821", "856", "383"], ["APA"], ["staying_safe", "being_healthy"], 2005, 2008)
        series = queries.indicator_series(con, "U18_CONC_RATE", ["821"])
    filters = assembly.Filters(("Luton", "Leicester", "Leeds"), "APA", ("staying_safe", "being_healthy"), (2005, 2008))
    entry = {"indicator_id": "U18_CONC_RATE", "name": "Under-18 conceptions", "unit": "per 1,000", "polarity": "lower_better"}
    charts = {
        "trend": compare_specs.trend_chart(summary, filters),
        "grid": compare_specs.grid_chart(summary, filters, 2008),
        "profile": profile_specs.profile_chart(summary[summary["authority"] == "Luton"], "Luton", "APA", (2005, 2008)),
        "indicator": indicator_specs.indicator_chart(series, entry, assembly.Filters(("Luton",), "", (), (0, 0))),
    }
    for key, chart in charts.items():
        before = chart.figure.to_json()
        report.show(chart, key)
        st.text(f"{key}: {'unchanged' if chart.figure.to_json() == before else 'changed'}")


@pytest.mark.pages
def test_placing_a_chart_leaves_its_figure_unchanged(loaded_db):
    at = AppTest.from_function(place_every_kind_of_chart, args=(str(loaded_db),), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.text] == ["trend: unchanged", "grid: unchanged", "profile: unchanged", "indicator: unchanged"]


def imports_of(path) -> set[str]:
    """Every module a file imports, `from etl import desk` counted as etl.desk."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def project_imports(path) -> set[str]:
    return {name for name in imports_of(path) if name.split(".")[0] in PROJECT_PACKAGES}


PROJECT_PACKAGES = {"etl", "insight", "ui", "vocabulary", "pages", "tests"}
STREAMLIT_SIDE = ["dashboard.py", "ui/*.py", "pages/*.py"]


@pytest.mark.unit
def test_the_streamlit_side_reaches_the_etl_only_through_its_door():
    for pattern in STREAMLIT_SIDE:
        for path in REPO.glob(pattern):
            into_etl = {name for name in project_imports(path) if name.split(".")[0] == "etl"}
            assert into_etl <= {"etl", "etl.desk"}, f"{path.name} imports {sorted(into_etl)}: go through etl.desk"


@pytest.mark.unit
def test_the_layers_point_one_way():
    """vocabulary imports nothing of the project; etl and insight never reach the Streamlit side; insight never the ETL."""
    allowed = {"vocabulary": {"vocabulary"}, "etl": {"etl", "vocabulary"}, "insight": {"insight", "vocabulary"}}
    for package, may in allowed.items():
        for path in (REPO / package).rglob("*.py"):
            reached = {name.split(".")[0] for name in project_imports(path)}
            assert reached <= may, f"{path.relative_to(REPO)} imports {sorted(reached - may)}"


@pytest.mark.unit
def test_every_page_starts_through_the_navigation():
    """A deep link on a fresh server runs a page file alone: its first statement sends it through dashboard.py."""
    for path in sorted(REPO.glob("pages/*.py")):
        body = [node for node in ast.parse(path.read_text()).body if not isinstance(node, ast.Import | ast.ImportFrom)]
        first = body[1] if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) else body[0]
        assert ast.unparse(first).startswith("navigation.start_page("), f"{path.name} starts with {ast.unparse(first)}"
