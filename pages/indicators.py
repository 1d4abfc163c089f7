"""Indicators: an authority's performance indicators against its region and England."""

import streamlit as st

from insight import queries, words
from insight.specs import indicators
from ui import briefing, navigation, widgets
from ui.data import query

navigation.start_page("Indicators beside the grades")
st.caption(
    "Performance indicators found in published sources, each value with its source. The shaded band marks the "
    "APA years 2005–2008. ONS conception figures are on 2017 boundaries: Bedfordshire and Cheshire (split in 2009) "
    "have no rows of their own, and their successors are never added up to stand for them."
)
catalogue = query(queries.indicator_catalogue)
authorities = query(queries.authorities)
entries = catalogue.set_index("indicator_id")
pick, scope = st.columns([3, 2])
with pick:
    codes = widgets.authority_filter(authorities)
with scope:
    indicator = widgets.single_filter(
        "Indicator",
        "ind",
        entries.index.tolist(),
        "U18_CONC_RATE",
        "indicators",
        lambda i: f"{entries.loc[i, 'name']} ({words.counted(int(entries.loc[i, 'values_loaded']), 'value')})",
    )
if not codes:
    st.info("Choose at least one authority.")
    st.stop()

entry = {"indicator_id": indicator, **entries.loc[indicator].to_dict()}
by_code = authorities.set_index("dfe_code")
names = tuple(by_code.loc[codes, "name"])
series = query(queries.indicator_series, indicator, codes)
shown = set(series.loc[series["area_level"].isin(indicators.AUTHORITY_LEVELS), "authority"])
if not shown:
    st.info(f"No values of “{entry['name']}” are loaded for {', '.join(names)}. An editor can add an indicator file.")
    st.page_link("pages/add_documents.py", label="Add an indicator file", icon=":material/upload_file:")
else:
    if missing := [n for n in names if n not in shown]:
        st.info(f"No values of “{entry['name']}” are loaded for {', '.join(missing)}.")
    briefing.show("indicator", "indicator", codes=codes, indicator=indicator, home=widgets.home_among(codes))
    for note in words.comparator_notes(series):
        st.caption(note)
st.caption(f"Definition: {entry['definition']}. Source: {entry['source']}. Informs: {entry['outcome_area'].replace('_', ' ')}.")
