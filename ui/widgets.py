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

from insight import words
from insight.specs import england
from vocabulary import areas, comparison, frameworks
from vocabulary.comparison import authorities_word

GROUP_CHOICES = {"none": "No comparator group", **comparison.COMPARATOR_GROUPS}
# Every URL parameter the dashboard understands; each page uses those that apply to it.
PARAMS = ("home", "of", "la", "fw", "area", "from", "to", "group", "vs", "ind", "sfw", "sarea", "show", "marea", "year", "brief")
PARAMS += ("view",)  # which of a page's tabs is open
VIEW_KEY = "view_tabs"


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
    param: str,
    options: Sequence[str],
    default: list[str],
    what: str,
    describe: Callable[[str], str],
    single: bool = False,
    key: str = "",
) -> tuple[str, list[str]]:
    """A filter's widget key and the values it starts from: the session's choices, checked against its options.

    A widget keeps its own state while its page is shown; on another page, or when its options change
    (another inspection chosen), it starts again from the choices. What a link names that cannot be
    used is said once, with what is shown instead.
    """
    key = key or f"filter_{param}"
    if _still_current(key):
        current = st.session_state[key]
        values = [current] if single else list(current)
        if all(value in options for value in values):
            return key, values
        del st.session_state[key]
    raw = choices().get(param, [])
    known = list(dict.fromkeys(value for value in raw if value in options))
    values = (known or default)[:1] if single else (known or default)[: comparison.MAX_AUTHORITIES]
    if _first_look(param):
        unknown = [value for value in raw if value not in options]
        shown = ", ".join(describe(value) for value in values) or "every one"  # an empty choice means all of them
        if unknown:
            st.warning(
                f"The link names {what} that this dashboard does not know ({words.as_text(', '.join(unknown))}); "
                f"showing {shown} instead."
            )
        if not single and len(known) > comparison.MAX_AUTHORITIES:
            most, left_out = comparison.MAX_AUTHORITIES, ", ".join(map(describe, known[comparison.MAX_AUTHORITIES :]))
            st.warning(
                f"The link names {len(known)} {what}; a chart holds at most {most}, so the first {most} are shown "
                f"and these are left out: {left_out}."
            )
        if single and len(known) > 1:
            st.info(f"This page shows one: {shown}. The others in the link ({', '.join(map(describe, known[1:]))}) are kept.")
    return key, values


def _still_current(key: str) -> bool:
    """Whether a widget's state belongs to the page being shown; a stale one from another page is dropped."""
    owners = st.session_state.setdefault("filter_pages", {})
    page = st.session_state.get("page", "")
    current = key in st.session_state and owners.get(key) == page
    if key in st.session_state and not current:
        del st.session_state[key]
    owners[key] = page
    return current


def _first_look(param: str) -> bool:
    """True the first time a parameter of the link is read in this session: its problems are said once."""
    checked = st.session_state.setdefault("links_checked", set())
    first = param not in checked
    checked.add(param)
    return first


def _remember(param: str, values: Sequence[str]) -> None:
    """Keep a choice, and the URL with it at once: a page that stops early (st.stop) sends nothing after it stops."""
    choices()[param] = list(values)
    keep_choices_in_url()


def multi_filter(
    label: str,
    param: str,
    options: Sequence[str],
    default: list[str],
    what: str,
    format_func: Callable = str,
    key: str = "",
    **kwargs,
) -> list[str]:
    key, start = _seeded(param, options, [d for d in default if d in options], what, format_func, key=key)
    seeded = {} if key in st.session_state else {"default": start}  # a value set through the session reaches the browser
    values = st.multiselect(  # wrap: every chosen chip stays in sight, as the chart draws every one
        label, options, key=key, format_func=format_func, select_all=False, filter_mode="contains", wrap=True, **seeded, **kwargs
    )
    _remember(param, values)
    return values


def single_filter(
    label: str, param: str, options: Sequence[str], default: str, what: str, format_func: Callable = str, opens: str = ""
) -> str:
    """One choice of options; changing it opens the view named `opens`, if any (see view_tabs)."""
    key, start = _seeded(param, options, [default], what, format_func, single=True)
    index = list(options).index(start[0])
    value = st.selectbox(label, options, index=index, key=key, format_func=format_func, on_change=_open_view, args=(opens,))
    _remember(param, [value])
    return value


def _open_view(name: str) -> None:
    if name:
        _remember("view", [name])
        st.session_state.pop(VIEW_KEY, None)  # the tabs start again from the choice


def describe_authorities(authorities: pd.DataFrame) -> Callable[[str], str]:
    """'Bedfordshire (820) – now Bedford and Central Bedfordshire', so today's names find yesterday's councils."""
    labels = {
        row.dfe_code: f"{row.name} ({row.dfe_code})"
        + (f" – now {row.later_names}" if row.later_names else "")
        + ("" if row.grades else " – no grades loaded")
        for row in authorities.itertuples()
    }
    return lambda code: labels.get(code, code)


def authority_filter(authorities: pd.DataFrame, label: str = "Authorities") -> list[str]:
    """Pick up to 16 authorities by name, code or today's name; Luton, Leicester and Leeds by default."""
    describe = describe_authorities(authorities)
    return multi_filter(
        label,
        "la",
        authorities["dfe_code"].tolist(),
        comparison.DEFAULT_AUTHORITIES,
        "authority codes",
        describe,
        max_selections=comparison.MAX_AUTHORITIES,
        help=f"Type a name or DfE code; up to {comparison.MAX_AUTHORITIES}. Today's names (Central Bedfordshire, "
        "Cheshire East) find the 2005–2008 authority they came from.",
    )


def home_filter(authorities: pd.DataFrame, label: str = "Your authority", ask: bool = False) -> str | None:
    """The home authority, one URL parameter used by every page; by default the first authority chosen. Asked for
    (None until chosen) where nothing is chosen yet and the page would otherwise answer for an authority nobody picked."""
    describe = describe_authorities(authorities)
    chosen = [code for code in choices().get("la", []) if code in set(authorities["dfe_code"])]
    known_home = set(choices().get("home", [])) & set(authorities["dfe_code"])
    if ask and not chosen and not known_home:
        unknown = [*choices().get("home", []), *choices().get("la", [])]
        if unknown and _first_look("home"):
            st.warning(
                f"The link names authority codes that this dashboard does not know ({words.as_text(', '.join(unknown))}); "
                "choose your authority below."
            )
        options = authorities["dfe_code"].tolist()
        picked = st.selectbox(label, options, index=None, placeholder="Choose your authority", format_func=describe)
        if picked:
            _remember("home", [picked])
            st.rerun()
        return None
    if "home" not in choices() and len(chosen) > 1 and _first_look("home"):
        _say_first_shown(chosen, describe)
    default = chosen[0] if chosen else comparison.DEFAULT_AUTHORITIES[0]
    before = choices().get("home", [])
    home = single_filter(label, "home", authorities["dfe_code"].tolist(), default, "authority codes", describe)
    if before and before != [home]:
        choices().pop("of", None)  # a new home authority: the profile opens on it again, not on one last clicked
        keep_choices_in_url()
    return home


def profile_filter(authorities: pd.DataFrame) -> str:
    """The authority a profile shows, in a parameter of its own (`of`): a hex clicked on the map opens its profile and
    leaves your authority as it was. Without one, the profile shows your authority."""
    describe = describe_authorities(authorities)
    options = authorities["dfe_code"].tolist()
    chosen = [code for code in [*choices().get("home", []), *choices().get("la", [])] if code in set(options)]
    if not {"of", "home"} & set(choices()) and len(chosen) > 1 and _first_look("of"):
        _say_first_shown(chosen, describe)
    default = chosen[0] if chosen else comparison.DEFAULT_AUTHORITIES[0]
    return single_filter("Authority", "of", options, default, "authority codes", describe)


def _say_first_shown(chosen: list[str], describe: Callable[[str], str]) -> None:
    """Where a link chooses several authorities and a page shows one, it says which, and that the others stay."""
    others = ", ".join(map(describe, chosen[1:]))
    st.info(f"Showing {describe(chosen[0])}, the first authority chosen; {others} stay in your comparison.")


def slots(codes: Sequence[str]) -> tuple[int, ...]:
    """Each authority's place in the order it was first chosen this session: its colour and symbol on every chart."""
    order = st.session_state.setdefault("authority_slots", {})
    for code in codes:
        order.setdefault(code, len(order))
    return tuple(order[code] for code in codes)


def home_among(codes: Sequence[str]) -> str:
    """The home authority if it is among those chosen, else the first chosen: the one drawn strongest."""
    return comparison.home_authority(codes, choices().get("home", [""])[0])


def add_group_buttons(groups: dict[str, tuple[str, list[str]]]) -> None:
    """One click adds a whole group (its region, its type, its neighbours) to the authorities chosen. The buttons sit
    in a row that wraps, so a long label ("+ Luton's statistical neighbours (DfE model, 2008) (10)") is shown whole."""
    with st.container(horizontal=True):
        for group, (described, members) in groups.items():
            st.button(
                f"+ {described} ({len(members)})",
                key=f"add-{group}",
                disabled=not members,
                on_click=_add_authorities,
                args=(members,),
                help=_ADDS if members else _NO_NEIGHBOURS,  # only a neighbour group can be empty: the others are England's
            )


_ADDS = f"Adds them to the authorities chosen, up to {comparison.MAX_AUTHORITIES} in all"
_NO_NEIGHBOURS = "No statistical neighbour list is loaded: an editor adds one on the Add documents page"


def _add_authorities(members: list[str]) -> None:
    """Add a group to the choices and to the authority filter itself, so the box shows what the chart draws."""
    current = st.session_state.get("filter_la", choices().get("la", comparison.DEFAULT_AUTHORITIES))
    choices()["la"] = list(dict.fromkeys([*current, *members]))[: comparison.MAX_AUTHORITIES]
    st.session_state["filter_la"] = choices()["la"]


def framework_filter() -> str:
    return single_filter(
        "Inspection", "fw", list(frameworks.FRAMEWORKS), "APA", "inspection types", lambda f: frameworks.FRAMEWORKS[f]
    )


def area_filter(framework: str) -> list[str]:
    """The areas of one inspection, a box of its own for each, so no other inspection's area lingers as a chip; each
    inspection remembers the areas last chosen for it in this session."""
    options = {"JAR": areas.JAR_AREAS, "CPA": [areas.CPA_AREA]}.get(framework, areas.APA_AREAS)
    default = [a for a in areas.DEFAULT_AREAS if a in options] or options[:3]
    remembered = st.session_state.setdefault("areas_by_inspection", {})
    key = f"filter_area_{framework}"
    if key not in st.session_state and framework in remembered:
        choices()["area"] = remembered[framework]
    chosen = multi_filter("Outcome areas", "area", options, default, "judgement areas", areas.AREA_LABELS.get, key=key)
    remembered[framework] = chosen
    return chosen


def year_of_inspection(label: str, framework: str, years: list[int], key: str) -> int:
    """One year of those with grades, remembered for each inspection, so switching to another and back keeps it."""
    remembered = st.session_state.setdefault(f"{key}_by_inspection", {})
    start = remembered.get(framework) if remembered.get(framework) in years else years[-1]
    year = st.segmented_control(label, years, default=start, key=f"{key}_{framework}") or start
    remembered[framework] = year
    return year


def year_filter() -> tuple[int, int]:
    """A range of years from the choices' from/to; a link outside 2005–2008 says so and shows them all."""
    first, last = frameworks.YEAR_RANGE
    raw = [choices().get("from", [str(first)])[0], choices().get("to", [str(last)])[0]]
    years = [int(v) for v in raw if v.isdigit() and int(v) in frameworks.YEARS]
    if len(years) < 2:
        if _first_look("years"):
            asked = words.as_text(f"{raw[0]}–{raw[1]}")
            st.warning(f"The link's years ({asked}) are outside {first}–{last}; showing {first}–{last}.")
        years = [first, last]
    _still_current("filter_years")
    start, end = st.select_slider("Years", options=frameworks.YEARS, value=(min(years), max(years)), key="filter_years")
    _remember("from", [str(start)])
    _remember("to", [str(end)])
    return start, end


def group_filter(shown_in: str = "") -> str:
    """The comparator group; choosing one opens the view `shown_in` names, where the page draws the comparison."""
    return single_filter(
        "Comparator group", "group", list(GROUP_CHOICES), "none", "comparator groups", GROUP_CHOICES.get, opens=shown_in
    )


def view_tabs(views: dict[str, str]) -> dict:
    """One tab a view ({name: label}): only the open one runs and is sent, so the page's first chart is drawn without
    waiting for the others; the view chosen is kept in the URL (`view=grid`) like every other choice."""
    names = {label: name for name, label in views.items()}
    raw = choices().get("view", [""])[0]
    if not _still_current(VIEW_KEY) and raw:
        if raw in views:
            st.session_state[VIEW_KEY] = views[raw]
        elif _first_look("view"):
            first = next(iter(views.values()))
            st.warning(f"The link names a view this page does not have ({words.as_text(raw)}); showing {first}.")
    tabs = st.tabs(list(views.values()), key=VIEW_KEY, on_change=lambda: _remember("view", [names[st.session_state[VIEW_KEY]]]))
    return dict(zip(views, tabs))


def profile_group_filter() -> str:
    """The profile's comparator: always a group, in its own URL parameter."""
    groups = comparison.COMPARATOR_GROUPS
    return single_filter("Compare with", "vs", list(groups), "region", "comparator groups", groups.get)


def inspections_filter() -> list[str]:
    """The Sources page's inspections, in a parameter of their own (Compare's `fw` is one inspection)."""
    return multi_filter("Inspections", "sfw", list(frameworks.FRAMEWORKS), list(frameworks.FRAMEWORKS), "inspection types")


def any_area_filter() -> list[str]:
    """Areas of any inspection, in a parameter of their own; none chosen means all of them."""
    every = areas.ALL_AREAS
    chosen = multi_filter("Areas", "sarea", every, [], "judgement areas", areas.AREA_LABELS.get, placeholder="All areas")
    return chosen or every


def england_measure(measures: pd.DataFrame, catalogue: pd.DataFrame) -> england.Measure:
    """The England page's one measure: an inspection's area or an indicator, and a year that has values for it.

    Only what is loaded is offered: an area with no grades in any year is not a choice."""
    kinds = {"grades": "Inspection grades", "indicator": "An indicator"}
    kind = single_filter("Show", "show", list(kinds), "grades", "measures", kinds.get)
    if kind == "grades":
        framework = framework_filter()
        loaded = measures[measures["measure"] == framework]
        options = [a for a in areas.ALL_AREAS if a in set(loaded["detail"])]
        default = next((a for a in areas.DEFAULT_AREAS if a in options), options[0])
        area = single_filter("Area", "marea", options, default, "judgement areas", areas.AREA_LABELS.get)
        years = loaded.loc[loaded["detail"] == area].set_index("year")["authorities"]
        return england.measure_of(_england_year(years), framework=framework, area=area)
    entries = catalogue.set_index("indicator_id")
    indicator = single_filter(
        "Indicator", "ind", entries.index.tolist(), "U18_CONC_RATE", "indicators", lambda i: entries.loc[i, "name"]
    )
    loaded = measures[(measures["measure"] == "indicator") & (measures["detail"] == indicator)]
    year = _england_year(loaded.set_index("year")["authorities"])
    return england.measure_of(year, entry={"indicator_id": indicator, **entries.loc[indicator].to_dict()})


def _england_year(authorities_by_year: pd.Series) -> int:
    """The year, from those with values, each saying how many authorities it has; the best covered by default."""
    options = [str(year) for year in authorities_by_year.index] or [str(frameworks.YEAR_RANGE[1])]
    counts = {str(year): n for year, n in authorities_by_year.items()}
    default = str(authorities_by_year.idxmax()) if len(authorities_by_year) else options[-1]
    chosen = single_filter("Year", "year", options, default, "years", lambda y: f"{y} ({authorities_word(counts.get(y, 0))})")
    return int(chosen)
