"""The dashboard's pure side: SQL (queries), figures (charts), finished charts (assembly, specs), words, tables and exports.

No Streamlit here (a test checks)."""
