"""Shared filters over one set of choices that follows the user from page to page and lives in the URL.

The choices are read from the link once per session, kept in the session, and written back to
the URL on every page (dashboard.py calls keep_choices_in_url), so a page that does not use a
choice leaves it alone and a copied link reopens the same view anywhere. Each filter owns its
widget key, returns plain values, and says plainly what in a link it could not use and what it
shows instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from etl import vocabulary

DEFAULT_AUTHORITIES = ["821", "856", "383"]  # Luton, Leicester, Leeds
MAX_AUTHORITIES = 16
GROUP_CHOICES = {"none": "No comparator group", **vocabulary.COMPARATOR_GROUPS}
# Every URL parameter the dashboard understands; each page uses those that apply to it.
PARAMS = ("home", "la", "fw", "area", "from", "to", "group", "vs", "ind", "sfw", "sarea")


def choices() -> dict[str, list[str]]:
    """The user's choices for this session, seeded once from the link they opened."""
    if "choices" not in st.session_state:
        st.session_state["choices"] = {
            param: [value for item in st.query_params.get_all(param) for value in item.split(",") if value.strip()]
            for param in PARAMS
            if param in st.query_params
        }
    return st.session_state["choices"]


def keep_choices_in_url() -> None:
    """Write every choice into the URL, including those the current page does not use."""
    wanted = {param: ",".join(values) for param, values in choices().items() if values}
    if {key: st.query_params.get(key) for key in st.query_params} != wanted:
        st.query_params.from_dict(wanted)


def _seeded(
    param: str, options: Sequence[str], default: list[str], what: str, describe: Callable[[str], str], single: bool = False
) -> str:
    """The widget key of a filter, seeded from the session's choices; a message for what could not be used."""
    key = f"filter_{param}"
    if key in st.session_state:
        current = st.session_state[key]
        values = [current] if single else current
        kept = [value for value in values if value in options]  # options change with the inspection chosen
        if kept != values:
            st.session_state[key] = (kept or default)[0] if single else kept or default
        return key
    raw = choices().get(param, [])
    known = list(dict.fromkeys(value for value in raw if value in options))
    unknown = [value for value in raw if value not in options]
    values = (known or default)[:1] if single else (known or default)[:MAX_AUTHORITIES]
    shown = ", ".join(describe(value) for value in values)
    if unknown:
        st.warning(f"The link names {what} that this dashboard does not know ({', '.join(unknown)}); showing {shown} instead.")
    if single and len(known) > 1:
        st.info(f"This page shows one: {shown}. The others in the link ({', '.join(map(describe, known[1:]))}) are kept.")
    st.session_state[key] = values[0] if single else values
    return key


def _remember(param: str, values: Sequence[str]) -> None:
    choices()[param] = list(values)


def multi_filter(
    label: str, param: str, options: Sequence[str], default: list[str], what: str, format_func: Callable = str, **kwargs
) -> list[str]:
    key = _seeded(param, options, [d for d in default if d in options], what, format_func)
    values = st.multiselect(label, options, key=key, format_func=format_func, select_all=False, filter_mode="contains", **kwargs)
    _remember(param, values)
    return values


def single_filter(label: str, param: str, options: Sequence[str], default: str, what: str, format_func: Callable = str) -> str:
    key = _seeded(param, options, [default], what, format_func, single=True)
    value = st.selectbox(label, options, key=key, format_func=format_func)
    _remember(param, [value])
    return value


def describe_authorities(authorities: pd.DataFrame) -> Callable[[str], str]:
    """'Bedfordshire (820) – now Bedford and Central Bedfordshire', so today's names find yesterday's councils."""
    rows = authorities.set_index("dfe_code")

    def describe(code: str) -> str:
        if code not in rows.index:
            return code
        row = rows.loc[code]
        later = f" – now {row['later_names']}" if row.get("later_names") else ""
        return f"{row['name']} ({code}){later}" + ("" if row["grades"] else " – no grades loaded")

    return describe


def authority_filter(authorities: pd.DataFrame, label: str = "Authorities") -> list[str]:
    """Pick up to 16 authorities by name, code or today's name; Luton, Leicester and Leeds by default."""
    describe = describe_authorities(authorities)
    return multi_filter(
        label,
        "la",
        authorities["dfe_code"].tolist(),
        DEFAULT_AUTHORITIES,
        "authority codes",
        describe,
        max_selections=MAX_AUTHORITIES,
        help=f"Type a name or DfE code; up to {MAX_AUTHORITIES}. Today's names (Central Bedfordshire, Cheshire East) find "
        "the 2005–2008 authority they came from.",
    )


def home_filter(authorities: pd.DataFrame, label: str = "Your authority") -> str:
    """The home authority, one URL parameter used by every page; by default the first authority chosen."""
    chosen = [code for code in choices().get("la", []) if code in set(authorities["dfe_code"])]
    default = chosen[0] if chosen else DEFAULT_AUTHORITIES[0]
    return single_filter(
        label, "home", authorities["dfe_code"].tolist(), default, "authority codes", describe_authorities(authorities)
    )


def add_group_buttons(groups: dict[str, tuple[str, list[str]]]) -> None:
    """One click adds a whole group (its region, its type, its neighbours) to the authorities chosen."""
    columns = st.columns(len(groups))
    for column, (group, (described, members)) in zip(columns, groups.items()):
        column.button(
            f"Add {described} ({len(members)})",
            key=f"add-{group}",
            disabled=not members,
            on_click=_add_authorities,
            args=(members,),
            help=f"Adds up to {MAX_AUTHORITIES} authorities in all" if members else "None loaded",
        )


def _add_authorities(members: list[str]) -> None:
    current = st.session_state.get("filter_la", [])
    st.session_state["filter_la"] = list(dict.fromkeys([*current, *members]))[:MAX_AUTHORITIES]


def framework_filter() -> str:
    return single_filter("Inspection", "fw", ["APA", "JAR"], "APA", "inspection types", lambda f: vocabulary.FRAMEWORKS[f])


def area_filter(framework: str) -> list[str]:
    options = vocabulary.JAR_AREAS if framework == "JAR" else vocabulary.APA_AREAS
    default = [a for a in vocabulary.DEFAULT_AREAS if a in options] or options[:3]
    return multi_filter("Outcome areas", "area", options, default, "judgement areas", vocabulary.AREA_LABELS.get)


def year_filter() -> tuple[int, int]:
    """A range of years from the choices' from/to; a link outside 2005–2008 says so and shows them all."""
    key = "filter_years"
    first, last = vocabulary.YEAR_RANGE
    if key not in st.session_state:
        raw = [choices().get("from", [str(first)])[0], choices().get("to", [str(last)])[0]]
        years = [int(v) for v in raw if v.isdigit() and int(v) in vocabulary.YEARS]
        if len(years) < 2:
            st.warning(f"The link's years ({raw[0]}–{raw[1]}) are outside {first}–{last}; showing {first}–{last}.")
            years = [first, last]
        st.session_state["years_seed"] = (min(years), max(years))  # the widget's first value; fixed while it is shown
    start, end = st.select_slider("Years", options=vocabulary.YEARS, value=st.session_state["years_seed"], key=key)
    _remember("from", [str(start)])
    _remember("to", [str(end)])
    return start, end


def group_filter() -> str:
    return single_filter("Comparator group", "group", list(GROUP_CHOICES), "none", "comparator groups", GROUP_CHOICES.get)


def profile_group_filter() -> str:
    """The profile's comparator: always a group, in its own URL parameter."""
    groups = vocabulary.COMPARATOR_GROUPS
    return single_filter("Compare with", "vs", list(groups), "region", "comparator groups", groups.get)


def inspections_filter() -> list[str]:
    """The Sources page's inspections, in a parameter of their own (Compare's `fw` is one inspection)."""
    return multi_filter("Inspections", "sfw", list(vocabulary.FRAMEWORKS), list(vocabulary.FRAMEWORKS), "inspection types")


def any_area_filter() -> list[str]:
    """Areas of any inspection, in a parameter of their own; none chosen means all of them."""
    areas = vocabulary.ALL_AREAS
    chosen = multi_filter("Areas", "sarea", areas, [], "judgement areas", vocabulary.AREA_LABELS.get, placeholder="All areas")
    return chosen or areas
