"""Compare authorities: grade trends, a grade grid and the comparator group's distribution."""

import streamlit as st

from insight import queries, words
from ui import briefing, navigation, widgets
from ui.data import query
from vocabulary import comparison
from vocabulary.comparison import MIN_GROUP
from vocabulary.grades import CPA_SCALE_SENTENCE, SCALE_SENTENCE

navigation.start_page("Compare authorities")
st.caption(f"{SCALE_SENTENCE}. {CPA_SCALE_SENTENCE}. A gap means no grade is loaded.")

authorities = query(queries.authorities)
pick, scope = st.columns([3, 2])
with pick:
    codes = widgets.authority_filter(authorities)
    widgets.add_group_buttons(query(queries.groups_of, widgets.home_among(codes or comparison.DEFAULT_AUTHORITIES)))
    framework = widgets.framework_filter()
    areas = widgets.area_filter(framework)
with scope:
    years = widgets.year_filter()
    group = widgets.group_filter(shown_in="group")

if not codes or not areas:
    st.info("Choose at least one authority and one outcome area to see their grades.")
    st.stop()

by_code = authorities.set_index("dfe_code")
names = by_code.loc[codes, "name"].tolist()
home = widgets.home_among(codes)
summary = query(queries.grade_summary, codes, [framework], areas, *years)
years_with_grades = sorted(summary["year"].unique().tolist()) or [years[1]]
# One tab a view: only the open one is drawn, so the trend appears without waiting for the others.
views = widgets.view_tabs({"trend": "Trend", "grid": "Grades by area for one year", "group": "Against a comparator group"})

with views["trend"]:
    if views["trend"].open:
        missing = sorted(set(names) - set(summary["authority"]))
        if summary.empty:
            st.info(f"No {framework} grades are loaded for {', '.join(names)} in these areas for {years[0]}–{years[1]}.")
        else:
            if missing:
                st.info(f"No {framework} grades are loaded for {', '.join(missing)} in these areas for {years[0]}–{years[1]}.")
            briefing.show("trend", "trend", codes=codes, framework=framework, areas=areas, years=years, home=home)
        st.page_link("pages/sources.py", label="See the source and exact words of every grade", icon=":material/description:")

with views["grid"]:
    if views["grid"].open:
        year = widgets.year_of_inspection("Year", framework, years_with_grades, "grid_year")
        if summary.empty:
            st.info(f"No {framework} grades are loaded for {', '.join(names)} in these areas for {years[0]}–{years[1]}.")
        else:
            briefing.show("grid", "grid", codes=codes, framework=framework, areas=areas, years=years, home=home, year=year)

with views["group"]:
    if views["group"].open:
        if group == "none":
            st.info("Choose a comparator group above (your region, your type of authority, England, or your statistical "
                    "neighbours) to see how these grades sit among theirs.")  # fmt: skip
            st.stop()
        members, described = query(queries.group_members, group, home)
        st.subheader(f"Against {described}")
        if group == "neighbours" and not members:
            st.info(words.no_neighbours(by_code.loc[home, "name"], query(queries.neighbour_model)))
            st.page_link("pages/add_documents.py", label="Add a statistical neighbour list", icon=":material/upload_file:")
            st.stop()
        group_year = widgets.year_of_inspection("Year of the comparison", framework, years_with_grades, "group_year")
        distribution = query(
            queries.group_distribution, members, framework, areas, group_year, queries.taken_among(group, members)
        )
        if distribution.empty:
            st.info(
                f"Of {described}, fewer than {MIN_GROUP} have {framework} grades for {group_year} in these areas, "
                "so no comparison is drawn."
            )
        else:
            args = {"codes": codes, "framework": framework, "areas": areas, "years": years, "home": home}
            briefing.show("group", "group", **args, group=group, year=group_year)
            for line in words.group_summary_text(distribution):
                st.caption(line)
