"""Compare authorities: grade trends, a grade grid and the comparator group's distribution."""

import streamlit as st

from etl.vocabulary import CPA_AREA
from insight import queries, views
from ui import report, widgets
from ui.data import chart, query

st.title("Compare authorities")
st.caption("Grades: 4 outstanding, 3 good, 2 adequate, 1 inadequate. Higher is better. Gaps mean no grade is loaded.")

authorities = query(queries.authorities)
pick, scope = st.columns([3, 2])
with pick:
    codes = widgets.authority_filter(authorities)
    widgets.add_group_buttons(query(queries.groups_of, widgets.choices().get("home", codes or widgets.DEFAULT_AUTHORITIES)[0]))
    framework = widgets.framework_filter()
    areas = widgets.area_filter(framework)
with scope:
    years = widgets.year_filter()
    group = widgets.group_filter()

if not codes or not areas:
    st.info("Choose at least one authority and one outcome area to see their grades.")
    st.stop()

names = authorities.set_index("dfe_code").loc[codes, "name"].tolist()
summary = query(queries.grade_summary, codes, [framework], areas, *years)
filters = views.Filters(tuple(names), framework, tuple(areas), years)
missing = sorted(set(names) - set(summary["authority"]))
if missing:
    st.info(f"No {framework} grades are loaded for {', '.join(missing)} in these areas for {years[0]}–{years[1]}.")

if summary.empty:
    st.info(f"No {framework} grades are loaded for {', '.join(names)} in these areas for {years[0]}–{years[1]}.")
else:
    report.show(chart(views.trend_chart, summary, filters), "trend")

st.page_link("pages/sources.py", label="See the source and exact words of every grade", icon=":material/description:")

years_with_grades = sorted(summary["year"].unique().tolist()) or [years[1]]
grid, cpa = st.columns(2)
with grid:
    st.subheader("Grades by area for one year")
    year = st.segmented_control("Year", years_with_grades, default=years_with_grades[-1], key="grid_year")
    year = year or years_with_grades[-1]
    if not summary.empty:
        report.show(chart(views.grid_chart, summary, filters, year), "grid")
with cpa:
    st.subheader("Audit Commission CPA score")
    cpa_summary = query(queries.grade_summary, codes, ["CPA"], [CPA_AREA], *years)
    if cpa_summary.empty:
        st.info(f"No Audit Commission CPA children and young people scores are loaded for {', '.join(names)}.")
    else:
        report.show(chart(views.cpa_chart, cpa_summary, filters), "cpa")

if group != "none":
    st.subheader("Against a comparator group")
    members, described = query(queries.group_members, group, codes[0])
    group_filters = views.Filters(tuple(names), framework, tuple(areas), years, described)
    distribution = query(queries.group_distribution, members, framework, areas, year)
    if group == "neighbours" and not members:
        st.info(
            "No statistical neighbours are loaded. Put your own `data/statistical_neighbours.csv` "
            "(columns dfe_code, neighbour_code, rank, model) and run `python -m etl load`."
        )
    elif distribution.empty:
        st.info(f"Fewer than 3 {described} have {framework} grades for {year} in these areas, so no comparison is drawn.")
    else:
        st.caption(
            "The group holds only the authorities whose grades are loaded here. Published sources often named the "
            "best and worst results, so a group of 'all authorities with grades' is not a national picture."
        )
        report.show(chart(views.distribution_chart, distribution, summary, group_filters, year), "group")
        for line in views.group_summary_text(distribution):
            st.caption(line)
