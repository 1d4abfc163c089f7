"""Sources: every grade with its document or published source, locator and exact words."""

import streamlit as st

from insight import queries, tables
from ui import navigation, report, widgets
from ui.data import query

navigation.start_page("Sources of every grade")
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
    st.write(f"{len(rows)} grade statements. A long source or quote is cut in the table: click a row to read it whole.")
    columns = ["authority", "year", "framework", "area_label", "grade_label", "source", "link", "locator", "quote"]
    chosen = st.dataframe(
        tables.for_display(rows, [*columns, "how_stated", "agreement", "origin", "source_kind", "notes"]),
        hide_index=True,
        key="sources",
        row_height=56,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            tables.COLUMN_LABELS["grade_label"]: st.column_config.TextColumn(width="medium"),
            "Source": st.column_config.TextColumn(width="large"),
            "Link": st.column_config.LinkColumn(display_text="open the source"),
            "Exact words (documents you added)": st.column_config.TextColumn(width="large"),
        },
    )
    report.in_words(rows.iloc[chosen.selection.rows])  # the row clicked, whole
    report.table_downloads(
        rows, "grade-sources", "Sources of every grade", "sources", [f"{len(rows)} grade statements, each with its source."]
    )
