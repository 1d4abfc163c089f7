"""Shared filters. Each owns its widget key and its URL parameter, and returns plain values.

The URL is read once, when a filter first appears, so a copied link reopens the same view;
a value in the URL that means nothing gives a friendly message and the default instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from etl import vocabulary

DEFAULT_AUTHORITIES = ["821", "856", "383"]  # Luton, Leicester, Leeds
GROUP_CHOICES = {"none": "No comparator group", **vocabulary.COMPARATOR_GROUPS}


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
    return single_filter("Inspection", "fw", ["APA", "JAR"], "APA", "inspection types", lambda f: vocabulary.FRAMEWORKS[f])


def area_filter(framework: str, default: list[str] | None = None) -> list[str]:
    options = vocabulary.JAR_AREAS if framework == "JAR" else vocabulary.APA_AREAS
    chosen_default = default or ([a for a in vocabulary.DEFAULT_AREAS if a in options] or options[:3])
    return multi_filter("Outcome areas", "area", options, chosen_default, "judgement areas", vocabulary.AREA_LABELS.get)


def year_filter() -> tuple[int, int]:
    """A range of years; the URL's from/to seed it once, so the widget's default stays fixed for the session."""
    seed = "years_from_url"
    if seed not in st.session_state:
        first, last = vocabulary.YEAR_RANGE
        raw = [st.query_params.get("from", str(first)), st.query_params.get("to", str(last))]
        years = [int(v) for v in raw if v.isdigit() and int(v) in vocabulary.YEARS]
        if len(years) < 2:
            span = f"{first}–{last}"
            st.warning(f"The link's years ({raw[0]}–{raw[1]}) are outside {span}; showing {span}.")
            years = list(vocabulary.YEAR_RANGE)
        st.session_state[seed] = (min(years), max(years))
    start, end = st.select_slider("Years", options=vocabulary.YEARS, value=st.session_state[seed], key="filter_years")
    st.query_params["from"], st.query_params["to"] = str(start), str(end)
    return start, end


def group_filter() -> str:
    return single_filter("Comparator group", "group", list(GROUP_CHOICES), "none", "comparator groups", GROUP_CHOICES.get)


def profile_group_filter() -> str:
    """The profile's comparator: always a group, in its own URL parameter."""
    groups = vocabulary.COMPARATOR_GROUPS
    return single_filter("Compare with", "vs", list(groups), "region", "comparator groups", groups.get)


def inspections_filter() -> list[str]:
    return multi_filter("Inspections", "fw", list(vocabulary.FRAMEWORKS), list(vocabulary.FRAMEWORKS), "inspection types")


def any_area_filter() -> list[str]:
    """Areas of any inspection; none chosen means all of them."""
    areas = vocabulary.ALL_AREAS
    chosen = multi_filter("Areas", "area", areas, [], "judgement areas", vocabulary.AREA_LABELS.get, placeholder="All areas")
    return chosen or areas
