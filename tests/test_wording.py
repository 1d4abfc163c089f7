"""Every page read as a director reads it, for a few authorities and inspections: no doubled word, no "1 authorities",
no framework code in lower case, no possessive on a bracket. Charts' titles, notes and names are read too."""

from __future__ import annotations

import re

import pytest
from pandas.api.types import is_numeric_dtype

pytestmark = pytest.mark.pages

VIEWS = [
    ("home", {"home": "821"}),
    ("home", {"home": "309"}),
    *[("compare", {"la": "821,856,383", "group": "region", "view": view}) for view in ("trend", "grid", "group")],
    *[("compare", {"la": "876,309", "fw": "CPA", "group": "type", "view": view}) for view in ("trend", "grid", "group")],
    ("compare", {"la": "884,856", "fw": "JAR", "area": "safeguarding", "group": "all", "view": "group"}),
    ("profile", {"home": "821", "vs": "type"}),
    ("profile", {"home": "309", "vs": "all"}),
    ("indicators", {"la": "821,309"}),
    ("england", {"fw": "APA", "marea": "staying_safe"}),
    ("england", {"show": "indicator", "ind": "U18_CONC_RATE"}),
    ("sources", {"la": "383"}),
    ("about", {}),
]
FAULTS = {
    "a doubled word": re.compile(r"\b([A-Za-z]+) \1\b", re.IGNORECASE),
    "one with a plural": re.compile(r"(?<![\d.,])\b1 (authorities|values|grades|documents|areas|years|sources)\b"),
    "a framework code in lower case": re.compile(r"(?<![\w/.-])(apa|jar|cpa)(?![\w/.-])"),
    "a possessive on a bracket": re.compile(r"\)'s\b"),
    "'of' with no number": re.compile(r"\b\d+ of (authorities|grades)\b"),
    "a type doubled into a plural": re.compile(r"\bauthority authorities\b", re.IGNORECASE),
}


def page_text(at) -> list[str]:
    """Every sentence a page shows: its text elements, widget labels and options, table headers and chart words."""
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")
             for e in getattr(at, kind)]  # fmt: skip
    for box in [*at.selectbox, *at.multiselect]:
        texts += [box.label, *map(str, box.options)]
    texts += [button.label for button in at.button]
    for frame in (element.value for element in at.dataframe):
        texts += [str(column) for column in frame.columns]
        texts += [str(cell) for column in frame.columns if not is_numeric_dtype(frame[column]) for cell in frame[column]]
    for chart in at.get("plotly_chart"):
        figure = chart.proto.spec
        texts += re.findall(r'"text": ?"((?:[^"\\]|\\.)*)"', figure) + re.findall(r'"name": ?"((?:[^"\\]|\\.)*)"', figure)
    return [re.sub(r"https?://\S+|<[^>]+>", " ", str(text)) for text in texts]


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=[f"{p}-{'-'.join(v.values())}" for p, v in VIEWS])
def test_every_page_reads_as_plain_english(app, page, params):
    at = app(page, **params)
    found = [(fault, match.group(0), text[:120]) for text in page_text(at) for fault, pattern in FAULTS.items()
             for match in pattern.finditer(text)]  # fmt: skip
    assert not found, found
