"""The dashboard's pure side: SQL (queries), figures (charts), each chart as data (views) and exports. No Streamlit."""
