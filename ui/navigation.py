"""Where every page starts: a page opened by its own link is first sent through the app's navigation, then titled.

Streamlit treats a folder called pages/ as its old automatic navigation until the entry point (dashboard.py) has
once called st.navigation; a shared link to /compare on a fresh server would otherwise run that page alone,
without the app's navigation, sidebar and layout. Every page's first call is `start_page` (a test checks).
"""

from __future__ import annotations

import streamlit as st


def start_page(title: str) -> None:
    """Run the page inside dashboard.py's navigation, then give it its title."""
    run_inside_the_app()
    st.title(title)


def run_inside_the_app() -> None:
    """Rerun a page that Streamlit started on its own (a deep link on a fresh server) through dashboard.py."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
