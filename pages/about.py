"""About the data: what is loaded, from where, what is not and why, and what needs the user's attention."""

import streamlit as st

from insight import queries
from ui import report
from ui.data import query

st.title("About the data")
info = query(queries.load_info)
counts = query(queries.framework_year_counts)
st.caption(
    f"Database built {info.get('loaded_at', 'never'):%d %B %Y %H:%M} from the bundled published grades, "
    "the seed documents' grades and the documents you added. Grades: 4 outstanding, 3 good, 2 adequate, 1 inadequate."
)
left, middle, right, far = st.columns(4)
left.metric("Grades loaded", int(counts["grades"].sum()))
middle.metric("Authorities with grades", int(query(queries.authorities).query("grades > 0").shape[0]))
right.metric("Documents added", int(info.get("documents", 0)))
far.metric("Held back / in conflict", f"{int(info.get('held_back', 0))} / {int(info.get('conflicts', 0))}")

st.subheader("Authorities with grades, by inspection and year")
st.dataframe(
    counts.pivot(index="framework", columns="year", values="authorities").fillna(0).astype(int).rename(columns=str),
    key="framework-years",
)
st.caption(
    "APA: Ofsted annual performance assessment. JAR: joint area review. CPA: Audit Commission's children and young people score."
)

st.subheader("Coverage: authorities × years")
st.caption("Each cell lists the inspections with grades for that year and how many judgement areas each covers.")
st.dataframe(query(queries.coverage_grid), hide_index=True, key="coverage")

report.listing(
    "Held back",
    query(queries.held_back),
    empty=st.success,
    empty_text="Nothing is held back: every grade has an authority and a year.",
    note=st.info,
    note_text="These grades are kept but not charted because their source does not say which authority or year they "
    "are for. For a document you added, name its authority or year in `data/manifest.csv` (columns file, authority, "
    "year, note) and run `python -m etl load` again. A published source's row (origin 'published') needs its year "
    "found in the source itself, then corrected with that citation in `data/published_grades.csv`.",
)
report.listing(
    "Conflicts",
    query(queries.conflicts),
    empty=st.success,
    empty_text="No two sources give different grades for the same authority, year and area.",
    note=st.warning,
    note_text="Sources disagree on these grades. Both are kept; charts mark them with a cross. Check the documents cited.",
)
report.listing(
    "Documents added",
    query(queries.documents),
    empty=st.caption,
    empty_text="No documents added yet: add them with `python -m etl load FILE...`.",
)
