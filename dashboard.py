"""Children's services inspection dashboard: the entry point that lists the pages."""

import streamlit as st

st.set_page_config(page_title="Children's services inspections 2005–2008", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/compare.py", title="Compare authorities", icon=":material/compare_arrows:"),
    st.Page("pages/profile.py", title="Authority profile", icon=":material/account_balance:"),
    st.Page("pages/indicators.py", title="Indicators", icon=":material/monitoring:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/description:"),
]

st.navigation(PAGES).run()
