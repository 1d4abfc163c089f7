"""Add documents: upload, review every extracted grade beside its words, correct or add what the extractor got wrong,
name what the document does not say, then load; add indicator files and a statistical neighbour list. Only an editor
may; the audit records every step."""

import streamlit as st

from insight import words
from ui import access, added_tables, changes, navigation, review, widgets

navigation.start_page("Add documents")
editor = access.editor()
if editor is None:
    st.info(
        "Reading needs no sign-in; adding, correcting or removing grades needs an editor. Sign in (in the sidebar) "
        "with an editor's account to change the data.",
        icon=":material/lock:",
    )
    st.header("Documents added", anchor=False)
    review.stored_documents(editing=False)
    added_tables.indicator_files(editing=False)
    added_tables.neighbour_list(editing=False)
    st.stop()
st.caption(
    "Add an APA letter, a JAR report or a committee paper. Each grade the extractor finds is shown with its words "
    "and line: untick any that is wrong, correct it, or add one it missed; name the authority or year where the "
    f"document does not, then load. Nothing loads until you confirm it. You are recorded as {editor} in the audit."
)
for name in changes.finish_cut_short_loads():
    st.warning(
        f"Loading {words.as_text(name)} was cut short last time (the page was reloaded or closed before it finished). "
        "The data has now been rebuilt from what was stored: if it is listed under To review, load it again."
    )
if message := st.session_state.pop("loaded_message", ""):
    st.success(message, icon=":material/check_circle:")
    if home := st.session_state.pop("loaded_for", []):
        widgets.choices()["of"] = home  # the profile link opens the authority just loaded
        st.page_link("pages/profile.py", label="See the grades on its profile", icon=":material/account_balance:")
review.uploader()
waiting = review.waiting()
if waiting:
    st.header("To review", anchor=False)
for path in waiting:
    review.review_document(path, stored=False)
st.header("Documents added", anchor=False)
review.stored_documents(editing=True)
added_tables.indicator_files(editing=True)
added_tables.neighbour_list(editing=True)
st.header("Audit", anchor=False)
review.audit_view()
