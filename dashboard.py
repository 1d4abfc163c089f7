"""Children's services inspection dashboard: the entry point that lists the pages and keeps the choices in the URL."""

import streamlit as st

from ui import access, briefing, widgets

st.set_page_config(page_title="Children's services inspections 2005–2008", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Your authority", icon=":material/home:", default=True),
    st.Page("pages/compare.py", title="Compare authorities", icon=":material/compare_arrows:"),
    st.Page("pages/profile.py", title="Authority profile", icon=":material/account_balance:"),
    st.Page("pages/england.py", title="England at a glance", icon=":material/map:"),
    st.Page("pages/indicators.py", title="Indicators", icon=":material/monitoring:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/description:"),
    st.Page("pages/add_documents.py", title="Add documents", icon=":material/upload_file:"),
    st.Page("pages/about.py", title="About the data", icon=":material/info:"),
]

page = st.navigation(PAGES)
st.session_state["page"] = page.url_path  # filters know when the user has moved to another page
access.header()
try:
    with st.sidebar:
        briefing.panel()  # first: an "Add to briefing" click has already changed it, through its callback
    page.run()
finally:  # also after st.stop(): every page leaves all the user's choices in the URL
    widgets.keep_choices_in_url()
