"""The layers stay apart: etl/ and insight/ never import Streamlit, and placing a chart never changes it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.mark.unit
@pytest.mark.parametrize("package", ["etl", "insight"])
def test_pure_side_never_imports_streamlit(package):
    code = (
        f"import pkgutil, importlib, sys, {package}\n"
        f"for module in pkgutil.iter_modules({package}.__path__):\n"
        f"    if module.name != '__main__': importlib.import_module('{package}.' + module.name)\n"
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def place_every_kind_of_chart(db: str) -> None:
    """An app that builds each kind of chart, places it, and says whether its figure changed."""
    import duckdb
    import streamlit as st

    from insight import queries, views
    from ui import report

    with duckdb.connect(db, read_only=True) as con:
        summary = queries.grade_summary(con, ["821", "856", "383"], ["APA"], ["staying_safe", "being_healthy"], 2005, 2008)
        series = queries.indicator_series(con, "U18_CONC_RATE", ["821"])
    filters = views.Filters(("Luton", "Leicester", "Leeds"), "APA", ("staying_safe", "being_healthy"), (2005, 2008))
    entry = {"indicator_id": "U18_CONC_RATE", "name": "Under-18 conceptions", "unit": "per 1,000", "polarity": "lower_better"}
    charts = {
        "trend": views.trend_chart(summary, filters),
        "grid": views.grid_chart(summary, filters, 2008),
        "profile": views.profile_chart(summary[summary["authority"] == "Luton"], "Luton", "APA", (2005, 2008)),
        "indicator": views.indicator_chart(series, entry, views.Filters(("Luton",), "", (), (0, 0))),
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
