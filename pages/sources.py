"""Sources: every grade with its document or published source, locator and exact words."""

import streamlit as st

from insight import queries
from ui import widgets
from ui.data import query

st.title("Sources of every grade")
st.caption(
    "Each row is one statement of a grade: a document you added (with the line and the exact words), "
    "a seed document (cited by title and line) or a published source (cited by address and place)."
)
authorities = query(queries.authorities)
pick, scope = st.columns([3, 2])
with pick:
    codes = widgets.authority_filter(authorities)
    frameworks = widgets.inspections_filter()
with scope:
    years = widgets.year_filter()
    areas = widgets.any_area_filter()

rows = query(queries.sources, codes or None, frameworks, areas, years)
if rows.empty:
    st.info("No grades are loaded for this selection. Widen the years or areas, or choose other authorities.")
else:
    st.write(f"{len(rows)} grade statements.")
    st.dataframe(
        rows.fillna({"quote": "", "notes": ""}),
        hide_index=True,
        key="sources",
        column_order=[
            "authority",
            "year",
            "framework",
            "area_label",
            "grade_label",
            "source",
            "locator",
            "quote",
            "how_stated",
            "agreement",
            "origin",
            "source_kind",
            "notes",
        ],
        column_config={
            "area_label": "area",
            "grade_label": "grade",
            "source": st.column_config.TextColumn("source", width="large"),
            "locator": st.column_config.TextColumn("where in the source", width="medium"),
            "quote": st.column_config.TextColumn("exact words (documents you added)", width="large"),
        },
    )
    st.download_button(
        "Download these rows (CSV)", rows.to_csv(index=False).encode(), "grade-sources.csv", "text/csv", on_click="ignore"
    )
