"""Home: how is your authority doing? Its latest grades beside the authorities you compare it with, and where to go next."""

import streamlit as st

from insight import queries, words
from insight.specs.home import home_chart
from ui import navigation, report, widgets
from ui.data import chart, query
from vocabulary import comparison
from vocabulary.areas import APA_AREAS
from vocabulary.frameworks import YEAR_RANGE

navigation.start_page("How is your authority doing?")
authorities = query(queries.authorities)
home = widgets.home_filter(authorities)
known = set(authorities["dfe_code"])
others = [code for code in widgets.choices().get("la", comparison.DEFAULT_AUTHORITIES) if code in known and code != home]
codes = [home, *others][: comparison.MAX_AUTHORITIES]
names = authorities.set_index("dfe_code").loc[codes, "name"].tolist()
summary = query(queries.grade_summary, codes, ["APA"], APA_AREAS, *YEAR_RANGE)
home_rows = summary[summary["dfe_code"] == home]

if home_rows.empty:
    st.info(
        f"No APA grades are loaded for {names[0]}. Its CPA scores and other sources are on its profile; add its APA "
        "letters or committee reports with `python -m etl load FILE` and they show here at once."
    )
else:
    year = int(home_rows["year"].max())
    st.write(words.home_sentence(home_rows, names[0], year))
    report.show(chart(home_chart, summary, tuple(names), year), "home")

st.subheader("Next")
left, middle, right = st.columns(3)
left.page_link("pages/compare.py", label="Compare these authorities over time", icon=":material/compare_arrows:")
middle.page_link("pages/profile.py", label=f"{names[0]}: every grade and its standing", icon=":material/account_balance:")
right.page_link("pages/about.py", label="About the data: what is loaded and why", icon=":material/info:")
