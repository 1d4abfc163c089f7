"""The README's lists are the code's: its pages, its modules, the extractor's rules and its vetoes."""

from __future__ import annotations

import ast
import re

import pytest

from etl.rules import ROW_RULES, SENTENCE_RULES, VETOES
from tests.conftest import REPO

pytestmark = pytest.mark.unit
README = (REPO / "README.md").read_text()
PACKAGES = ["etl", "insight", "ui", "vocabulary"]


def section(heading: str) -> str:
    """The README's text under a heading, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = README.index(f"\n{heading}\n")
    following = re.search(rf"\n#{{1,{len(level)}}} ", README[start + 1 :])
    return README[start : start + 1 + following.start()] if following else README[start:]


def paragraph(text: str, opening: str) -> str:
    return text[text.index(opening) :].split("\n\n")[0]


def named(text: str) -> set[str]:
    """The names written as code: `table_row`."""
    return set(re.findall(r"`([a-z_]+)`", text))


def page_titles() -> list[str]:
    tree = ast.parse((REPO / "dashboard.py").read_text())
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and ast.unparse(node.func) == "st.Page"]
    return [next(k.value.value for k in call.keywords if k.arg == "title") for call in calls]


def test_the_dashboard_table_lists_every_page_and_no_other():
    rows = [line for line in section("## The dashboard").splitlines() if line.startswith("| ") and "---" not in line]
    listed = [row.split("|")[1].strip() for row in rows[1:]]  # the first row is the header
    titles = page_titles()
    assert len(listed) == len(titles)
    assert all(row.startswith(title) for row, title in zip(listed, titles)), (listed, titles)


def test_the_layout_names_every_module():
    layout = section("## Layout")
    modules = {path.stem for package in PACKAGES for path in (REPO / package).rglob("*.py") if not path.stem.startswith("__")}
    assert modules <= named(layout), sorted(modules - named(layout))


def test_the_extractor_section_names_every_rule_and_veto_and_no_other():
    understood = section("### What the extractor understands")
    rules = {rule.__name__ for rule in [*ROW_RULES, *SENTENCE_RULES]}
    assert named(paragraph(understood, "**Rules.**")) == rules
    assert named(paragraph(understood, "**Vetoes.**")) == {veto.__name__ for veto in VETOES}
