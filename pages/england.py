"""England at a glance: every authority for one measure, as a map and as a ranked table."""

import streamlit as st

from insight import queries, words
from ui import briefing, navigation, recipes, report, widgets
from ui.data import query
from vocabulary.comparison import ENGLAND_AUTHORITIES

navigation.start_page("England at a glance")
st.caption(
    f"All {ENGLAND_AUTHORITIES} children's services authorities of 2005–2008 for one measure. Only real values are "
    "drawn: an authority with nothing loaded is hatched, never filled in. Click a hex to open that authority's profile."
)
authorities = query(queries.authorities)
pick, scope = st.columns([3, 2])
with scope:
    measure = widgets.england_measure(query(queries.measure_years), query(queries.indicator_catalogue))
with pick:
    codes = widgets.authority_filter(authorities, label="Outline these authorities")

args = {"framework": measure.framework, "area": measure.area} if measure.is_grade else {"indicator": measure.indicator_id}
map_chart = recipes.RECIPES["england"](codes=codes, year=measure.year, **args)
if warning := words.thin_coverage(map_chart.data, measure):
    st.warning(warning)
report.show(map_chart, "england-map")
briefing.offer("england", "england-map", codes=codes, year=measure.year, **args)
for code in codes:
    st.caption(words.standing_sentence(map_chart.data, code, measure))
if not measure.is_grade:
    st.caption(words.england_figure(query(queries.indicator_series, measure.indicator_id, []), measure))

st.subheader(f"Every authority, ranked: {measure.label}")
report.ranked_table(map_chart, "england-table")
