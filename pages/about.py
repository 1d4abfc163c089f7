"""About the data: what is loaded and from where, what is not and why, and how the dashboard can be used."""

import streamlit as st

from insight import export, queries, tables
from ui import navigation, report
from ui.data import query
from vocabulary.areas import ALL_AREAS, AREA_LABELS
from vocabulary.comparison import ENGLAND_AUTHORITIES
from vocabulary.frameworks import FIRST_ROUND, FRAMEWORKS, LAST_ROUND

navigation.start_page("About the data")
info = query(queries.load_info)
counts = query(queries.framework_year_counts)
built = f"{info['loaded_at']:%d %B %Y at %H:%M}" if info else "not yet"
st.write(
    f"The data shown was built on **{built}** from published sources, the project's seed documents and the "
    "documents you added. It shows only grades found in those sources: no national table of APA grades exists, "
    "so it is not a national picture, and it never fills a gap."
)
left, middle, right, far = st.columns(4)
left.metric("Grades loaded", int(counts["grades"].sum()))
middle.metric("Authorities with any grade", int(query(queries.authorities).query("grades > 0").shape[0]))
right.metric("Documents added", int(info.get("documents", 0)))
far.metric("Held back / in conflict", f"{int(info.get('held_back', 0))} / {int(info.get('conflicts', 0))}")
st.download_button(
    "All the data (Excel)",
    icon=":material/download:",
    data=lambda: export.all_the_data(  # read only when asked for, not on every visit to this page
        query(queries.sources, None, list(FRAMEWORKS), ALL_AREAS, (FIRST_ROUND, LAST_ROUND)),
        query(queries.every_indicator_value),
        query(queries.held_back),
        built,
    ),
    file_name=f"children-services-inspections-all-the-data-{info['loaded_at']:%Y-%m-%d}.xlsx" if info else "all-the-data.xlsx",
    mime=export.XLSX_MIME,
    key="all-the-data",
    on_click="ignore",
    help="Every grade with its source and exact words, every indicator value, and every grade held back with why",
)
without = query(queries.authorities).query("grades == 0")
st.write(
    f"**{len(without)} of the {ENGLAND_AUTHORITIES} authorities have no grade loaded**, because no source found so far "
    "states one: "
    f"{', '.join(without['name'].head(12))}{' and others' if len(without) > 12 else ''}. Add their APA letters or "
    "committee reports to fill them in."
)

st.subheader("The inspections and their areas")
st.markdown(
    f"- **{FRAMEWORKS['APA']} (APA)**, 2005–2008. Grades 4 outstanding (2005–06 letters say excellent), 3 good, "
    "2 adequate, 1 inadequate: higher is better, the opposite of school grades. In 2005 and 2006 a letter graded three "
    f"things in a table ({AREA_LABELS['childrens_services']}, capacity to improve, social care) and judged each "
    "outcome in prose; in 2007 and 2008 it graded seven: overall effectiveness, the five Every Child Matters outcomes "
    "and capacity to improve (with service management).\n"
    f"- **{FRAMEWORKS['JAR']} (JAR)**: safeguarding, looked after children, learning difficulties and/or "
    "disabilities, service management and capacity to improve; the first JARs of 2005 also graded the outcomes.\n"
    f"- **{FRAMEWORKS['CPA']}**: one score a year for children and young people, kept apart from the APA grades."
)

st.subheader("Authorities with grades, by inspection and year")
by_year = counts.pivot(index="framework", columns="year", values="authorities").fillna(0).astype(int)
by_year.index = [FRAMEWORKS[f] for f in by_year.index]
st.dataframe(by_year.rename(columns=str).rename_axis("Inspection").reset_index(), hide_index=True, key="framework-years")
st.caption("Each number counts authorities with at least one grade loaded, not grades.")

st.subheader("Coverage: authorities × years")
st.caption("Each cell says which inspections have grades that year and for how many areas: 'APA: 7 areas' is a count.")
coverage = query(queries.coverage_grid)
st.dataframe(coverage.rename(columns=tables.COLUMN_LABELS), hide_index=True, key="coverage")

report.listing(
    "Held back",
    query(queries.held_back),
    ["authority", "year", "framework", "area_label", "grade_label", "origin", "source", "locator", "quote", "reason"],
    empty=st.success,
    empty_text="Nothing is held back: every grade has an authority and a year.",
    note=st.info,
    note_text="These grades are kept but not charted because their source does not say which authority or year they "
    "are for. For a document you added, open it on Add documents (below) and name its authority or year there. A "
    "row from a published source stays held back until its year is found in that source: the dashboard's maintainers "
    "then correct the bundled data, citing where the year is written.",
)
st.page_link("pages/add_documents.py", label="Add documents: name a document's authority or year", icon=":material/upload_file:")
report.listing(
    "Conflicts",
    query(queries.conflicts),
    ["authority", "year", "framework", "area_label", "detail"],
    empty=st.success,
    empty_text="No two sources give different grades for the same authority, year and area.",
    note=st.warning,
    note_text="Sources disagree on these grades. Both are kept; charts mark them with a cross. Check the documents cited.",
)
report.listing(
    "Documents added",
    query(queries.documents),
    ["file_name", "kind", "status", "authority", "grades", "reason", "loaded_at"],
    empty=st.caption,
    empty_text="No documents added yet: add APA letters, JAR reports and committee papers on Add documents.",
)
st.page_link("pages/add_documents.py", label="Add documents", icon=":material/upload_file:")

st.subheader("Where the data comes from")
st.markdown(
    "Published grades come from newspaper tables of the Audit Commission's CPA scores, news reports of APA results "
    "and council minutes, each cited with its address and place (see the Sources page). The seed documents' grades "
    f"are cited by title, date and line. The authorities are the {ENGLAND_AUTHORITIES} children's services authorities "
    "of 2005–2008 "
    "(mySociety's register and the DfE); Bedfordshire and Cheshire are kept as they were before 2009."
)
st.subheader("Accessibility")
st.markdown(
    "Every chart has a title, a sentence saying what it shows and a table of the values drawn; grades are written in "
    "every cell, so colour is never the only cue, and the grade colours read from dark to light in greyscale. Every "
    "control can be reached with the keyboard, and a grade's sources can be opened from a list as well as by "
    "clicking a point. Tell the team that runs this dashboard about anything you cannot use."
)
