"""Shared filters. Each owns its widget key and its URL parameter, and returns plain values.

The URL is read once, when a filter first appears, so a copied link reopens the same view;
a value in the URL that means nothing gives a friendly message and the default instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from etl.vocabulary import AREA_LABELS, FRAMEWORKS

DEFAULT_AUTHORITIES = ["821", "856", "383"]  # Luton, Leicester, Leeds
DEFAULT_AREAS = ["overall_effectiveness", "childrens_services", "staying_safe", "capacity_to_improve"]
YEARS = list(range(2005, 2009))
APA_AREAS = [
    "overall_effectiveness",
    "childrens_services",
    "being_healthy",
    "staying_safe",
    "enjoying_and_achieving",
    "positive_contribution",
    "economic_wellbeing",
    "capacity_to_improve",
    "service_management",
    "social_care",
    "education",
]
JAR_AREAS = ["safeguarding", "looked_after_children", "ldd", "service_management", "capacity_to_improve", "staying_safe"]
ALL_AREAS = [*APA_AREAS, "safeguarding", "looked_after_children", "ldd", "children_and_young_people"]
GROUPS = {
    "none": "No comparator group",
    "region": "Its region",
    "type": "Authorities of its type",
    "neighbours": "Its statistical neighbours",
    "all": "All authorities with grades",
}


def _from_url(param: str, valid: Sequence[str], default: list[str], what: str) -> list[str]:
    """Values named in the URL (comma-separated or repeated), with a message for any that mean nothing."""
    raw = [value for item in st.query_params.get_all(param) for value in item.split(",") if value.strip()]
    unknown = [value for value in raw if value not in valid]
    if unknown:
        st.warning(f"The link names {what} that this dashboard does not know ({', '.join(unknown)}); showing the rest instead.")
    known = [value for value in raw if value in valid]
    return list(dict.fromkeys(known)) or default


def _synced(param: str, valid: Sequence[str], default: list[str], what: str, single: bool = False) -> str:
    """The session key for a URL-synced widget, seeded from the URL on first appearance."""
    key = f"filter_{param}_{'one' if single else 'many'}"
    if key not in st.session_state:
        values = _from_url(param, valid, default, what)
        st.session_state[key] = values[0] if single else values
    return key


def _write_url(param: str, values: Sequence[str]) -> None:
    st.query_params[param] = ",".join(values)


def multi_filter(
    label: str, param: str, options: Sequence[str], default: list[str], what: str, format_func: Callable = str, **kwargs
) -> list[str]:
    key = _synced(param, options, [d for d in default if d in options], what)
    st.session_state[key] = [value for value in st.session_state[key] if value in options]
    values = st.multiselect(label, options, key=key, format_func=format_func, **kwargs)
    _write_url(param, values)
    return values


def single_filter(label: str, param: str, options: Sequence[str], default: str, what: str, format_func: Callable = str) -> str:
    key = _synced(param, options, [default], what, single=True)
    value = st.selectbox(label, options, key=key, format_func=format_func)
    _write_url(param, [value])
    return value


def authority_filter(authorities: pd.DataFrame, label: str = "Authorities", param: str = "la", single: bool = False):
    """Pick authorities by name or DfE code (type either to search); Luton, Leicester and Leeds by default."""
    names = dict(zip(authorities["dfe_code"], authorities["name"]))
    counts = dict(zip(authorities["dfe_code"], authorities["grades"]))

    def describe(code: str) -> str:
        return f"{names[code]} ({code})" + ("" if counts.get(code) else " – no grades loaded")

    options = list(names)
    if single:
        return single_filter(label, param, options, DEFAULT_AUTHORITIES[0], "authority codes", describe)
    return multi_filter(label, param, options, DEFAULT_AUTHORITIES, "authority codes", describe, max_selections=8)


def framework_filter() -> str:
    return single_filter("Inspection", "fw", ["APA", "JAR"], "APA", "inspection types", lambda f: FRAMEWORKS[f])


def area_filter(framework: str, default: list[str] | None = None) -> list[str]:
    options = JAR_AREAS if framework == "JAR" else APA_AREAS
    chosen_default = default or ([a for a in DEFAULT_AREAS if a in options] or options[:3])
    return multi_filter("Outcome areas", "area", options, chosen_default, "judgement areas", lambda a: AREA_LABELS.get(a, a))


def year_filter() -> tuple[int, int]:
    """A range of years; the URL's from/to seed it once, so the widget's default stays fixed for the session."""
    seed = "years_from_url"
    if seed not in st.session_state:
        raw = [st.query_params.get("from", "2005"), st.query_params.get("to", "2008")]
        years = [int(v) for v in raw if v.isdigit() and int(v) in YEARS]
        if len(years) < 2:
            st.warning(f"The link's years ({raw[0]}–{raw[1]}) are outside 2005–2008; showing 2005–2008.")
            years = [2005, 2008]
        st.session_state[seed] = (min(years), max(years))
    start, end = st.select_slider("Years", options=YEARS, value=st.session_state[seed], key="filter_years")
    st.query_params["from"], st.query_params["to"] = str(start), str(end)
    return start, end


def group_filter() -> str:
    return single_filter("Comparator group", "group", list(GROUPS), "none", "comparator groups", GROUPS.get)
