"""The Streamlit side: cached database access, shared filters and how a chart is placed on a page."""
