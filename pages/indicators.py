"""Indicators: performance indicator series beside the grades."""

import streamlit as st

st.title("Indicators")
st.info("Indicator series are not loaded yet.")
