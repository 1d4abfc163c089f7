"""Add documents: upload, review every extracted grade beside its words, name what the document does not say, then load."""

import streamlit as st

from ui import navigation, review, widgets

navigation.start_page("Add documents")
st.caption(
    "Add an APA letter, a JAR report or a committee paper. Each grade the extractor finds is shown with its words "
    "and line: untick any that is wrong, name the authority or year where the document does not, then load. "
    "Nothing loads until you confirm it; your choices are kept with the document, so a rebuild gives back the same."
)
if message := st.session_state.pop("loaded_message", ""):
    st.success(message, icon=":material/check_circle:")
    if home := st.session_state.pop("loaded_for", []):
        widgets.choices()["home"] = home  # the profile link opens the authority just loaded
        st.page_link("pages/profile.py", label="See the grades on its profile", icon=":material/account_balance:")
st.text_input("Your initials (optional: kept with each choice and decision you make here)", max_chars=8, key="initials")
review.uploader()
waiting = review.waiting()
if waiting:
    st.header("To review", anchor=False)
for path in waiting:
    review.review_document(path, stored=False)
st.header("Documents added", anchor=False)
review.stored_documents()
