"""Authority profile: one authority's every grade, its changes, and its standing against a comparator group."""

import streamlit as st

from insight import queries, tables, words
from ui import briefing, navigation, widgets
from ui.data import query
from vocabulary.comparison import MIN_GROUP, NO_MEDIAN, NO_RANK
from vocabulary.frameworks import FRAMEWORKS, YEARS

navigation.start_page("Authority profile")
authorities = query(queries.authorities)
pick, scope = st.columns([3, 2])
with pick:
    code = widgets.profile_filter(authorities)
with scope:
    group = widgets.profile_group_filter()
authority = authorities.set_index("dfe_code").loc[code]
st.caption(f"{authority['name']} · DfE code {code} · {authority['region']} · {authority['type']}")

missing = words.missing_sentence(query(queries.missing_documents, code, YEARS), authority["name"])
if missing:
    st.markdown(words.as_text(missing))
    st.page_link("pages/add_documents.py", label="Add its APA letters or JAR report", icon=":material/upload_file:")
standing = query(queries.standing, code, group)
if standing.empty:
    st.info(f"No grades are loaded for {authority['name']}.")
    st.stop()

for framework in [f for f in FRAMEWORKS if f in set(standing["framework"])]:
    briefing.show("profile", f"profile-{framework}", home=code, framework=framework)

st.subheader(f"Changes and standing against {standing['group'].iloc[0]}")
if group == "neighbours" and not query(queries.group_members, group, code)[0]:
    st.info(words.no_neighbours(authority["name"], query(queries.neighbour_model)))
    st.page_link("pages/add_documents.py", label="Add a statistical neighbour list", icon=":material/upload_file:")
st.caption(
    "Statistic: the group's median grade, for the same inspection, area and year, shown only where at least a third "
    "of the group have a settled grade; its share good or better where at least 3 do."
)
changes_columns = ["framework", "area_label", "year", "grade_label", "change", "against_group", "group_median"]
changes_columns += ["group_share_good_or_better", "group_size"]
if standing["group_median"].isna().all():
    st.caption(NO_MEDIAN)
    changes_columns = [column for column in changes_columns if column not in ("against_group", "group_median")]
st.dataframe(
    tables.for_display(tables.changes(standing), changes_columns),
    hide_index=True,
    key="changes",
    column_config={tables.COLUMN_LABELS["change"]: st.column_config.TextColumn(width="large")},  # its words whole
)
st.subheader("Rank among all authorities")
st.caption(
    "For each grade and indicator value: its rank among every authority with one loaded (ties shared, 1st is best), "
    "and how many were graded higher, the same and lower, or its quarter by the indicator's polarity; "
    "only where at least a third of the 150 authorities have one loaded, and always with its n."
)
ranks = tables.standing_table(query(queries.authority_ranks, code))
if ranks["Rank among all authorities loaded"].eq("").all():
    st.caption(NO_RANK)
    ranks = ranks[["Measure", "Year", "Value"]]
st.dataframe(
    ranks,
    hide_index=True,
    key="ranks",
    placeholder="",
    column_config={"Measure": st.column_config.TextColumn(width="large")},
)
st.page_link("pages/england.py", label="See every authority on the map of England", icon=":material/map:")
st.subheader("Indicators beside the grades")
indicators = tables.indicators_by_area(query(queries.authority_indicators, code, 2003, 2010))
if indicators.empty:
    st.info(f"No indicator values are loaded for {authority['name']}. An editor can add an indicator file.")
    st.page_link("pages/add_documents.py", label="Add an indicator file", icon=":material/upload_file:")
else:
    st.caption("Each indicator sits under the outcome area it informs; 'better' says which direction is better.")
    st.dataframe(indicators.rename(columns=tables.COLUMN_LABELS), hide_index=True, key="profile-indicators", placeholder="")
    st.subheader(f"Indicators against {standing['group'].iloc[0]}")
    st.caption(
        "Statistic: the group's mean value for the same indicator and year, with how many of the group have one; "
        f"shown where at least {MIN_GROUP} do. Indicators are measures, so a mean; grades are ordered categories, so "
        "the group's median grade above."
    )
    against = query(queries.indicators_against_group, code, group, 2003, 2010)
    st.dataframe(tables.indicators_against_group(against), hide_index=True, key="profile-indicators-group")
    st.page_link(
        "pages/indicators.py",
        label="Chart these indicators against the region and England",
        icon=":material/monitoring:",
    )
st.page_link("pages/sources.py", label="See the source of each grade", icon=":material/description:")
