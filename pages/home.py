"""Home: how is your authority doing? Its latest grades beside its own region and all loaded, and where to go next."""

import streamlit as st

from insight import queries, words
from insight.specs.home import standing_chart
from ui import navigation, report, widgets
from ui.data import chart, query
from vocabulary.areas import AREAS_BY_FRAMEWORK

navigation.start_page("How is your authority doing?")
st.caption(words.loaded_line(query(queries.framework_year_counts)))
authorities = query(queries.authorities)
home = widgets.home_filter(authorities, ask=True)
if home is None:
    st.info("Choose your authority to see its latest grades beside its region's and those of every authority loaded.")
    st.stop()

me = authorities.set_index("dfe_code").loc[home]
region, _ = query(queries.group_members, "region", home)
latest = query(queries.latest_years, home)
for framework in [framework for framework in ("APA", "CPA") if framework in latest]:
    year = latest[framework]
    grades = query(queries.grade_summary, list(authorities["dfe_code"]), [framework], AREAS_BY_FRAMEWORK[framework], year, year)
    if framework == "APA":
        st.write(words.home_sentence(grades[grades["dfe_code"] == home], me["name"], year))
    drawn = chart(standing_chart, grades, home, me["name"], me["region"], tuple(region), year)
    report.show(drawn, f"home-{framework.lower()}")

if not latest:
    st.info(
        f"Nothing is loaded for {me['name']} yet: no APA, JAR or CPA grade. Add its APA letters, JAR report or "
        "committee papers and they show here at once."
    )
    st.page_link("pages/add_documents.py", label=f"Add {me['name']}'s documents", icon=":material/upload_file:")
elif set(latest) == {"JAR"}:
    st.info(f"Only JAR grades are loaded for {me['name']}; its profile shows them.")

st.subheader("Next")
left, middle, right = st.columns(3)
left.page_link("pages/profile.py", label=f"{me['name']}: every grade and its standing", icon=":material/account_balance:")
middle.page_link("pages/compare.py", label="Compare authorities over time", icon=":material/compare_arrows:")
right.page_link("pages/about.py", label="About the data: what is loaded and why", icon=":material/info:")
