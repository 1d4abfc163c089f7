"""Dashboard logic: queries, charts, exports (no Streamlit) and the shared widgets (Streamlit)."""
