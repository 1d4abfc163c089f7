"""Compare's charts: grade trends, one year's grid, and how the home authority's comparator group was graded."""

from __future__ import annotations

import pandas as pd

from insight import charts, export, words
from insight.assembly import CSV_COLUMNS, SOURCE_KINDS, Chart, Filters, documents_behind, finish, in_chosen_order
from vocabulary.frameworks import FRAMEWORK_SHORT
from vocabulary.grades import scale_sentence


def trend_chart(summary: pd.DataFrame, filters: Filters, built: str = "") -> Chart:
    framework = FRAMEWORK_SHORT[filters.framework]
    summary = in_chosen_order(summary, filters.areas)
    missing = [name for name in filters.names if name not in set(summary["authority"])]
    not_drawn = f". No grade loaded for {', '.join(missing)}" if missing else ""
    return finish(
        figure=charts.trend_figure(summary, filters.years, filters.drawn(), filters.framework),
        title=f"{framework} grades over time" if filters.framework != "CPA" else "CPA children and young people score over time",
        subtitle=filters.subtitle(),
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), filters.years),
        data=summary,
        documents=documents_behind(summary),
        source_kind=SOURCE_KINDS[filters.framework],
        note=f"{scale_sentence(filters.framework)}. {charts.GAP_NOTE}{not_drawn}",
        selectable=True,
        built=built,
    )


def grid_chart(summary: pd.DataFrame, filters: Filters, year: int, built: str = "") -> Chart:
    rows = in_chosen_order(summary[summary["year"] == year], filters.areas)
    return finish(
        figure=charts.grid_figure(
            rows,
            "authority",
            "area_label",
            f"No grades are loaded for {year} for this selection",
            list(filters.names),
            home=filters.home_name,
        ),
        title=f"{FRAMEWORK_SHORT[filters.framework]} grades by area, {year}",
        subtitle=filters.subtitle(year),
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), (year, year), "grid"),
        data=rows,
        documents=documents_behind(rows),
        source_kind=SOURCE_KINDS[filters.framework],
        note=scale_sentence(filters.framework),
        built=built,
    )


GROUP_CAVEAT = (
    "The group holds only authorities whose grades are loaded here; published sources often named the best and "
    "worst results, so this is not a national picture"
)
GROUP_CSV_COLUMNS = [*CSV_COLUMNS, "group", "group_size", "group_median", "group_share_good_or_better"]


def distribution_chart(
    distribution: pd.DataFrame,
    member_grades: pd.DataFrame,
    members: tuple[str, ...],
    marks: pd.DataFrame,
    filters: Filters,
    year: int,
    built: str = "",
) -> Chart:
    """How one named group was graded, with the chosen authorities that belong to it marked and the rest said.

    The image carries what qualifies it: the group, how many authorities each area rests on, the statistic, the
    medians and the caveat; the CSV lists every member's grade with its source.
    """
    inside = {name for name, code in zip(filters.names, filters.codes) if code in members}
    marked = {name: identity for name, identity in filters.drawn().items() if name in inside}
    outside = [name for name in filters.names if name not in inside]
    ungraded = [name for name in marked if name not in set(member_grades["authority"])]
    rows = marks[marks["year"] == year]
    stats = distribution.drop_duplicates("judgement_area").set_index("judgement_area")
    data = member_grades.join(stats[["group_size", "median_grade", "share_good_or_better"]], on="judgement_area")
    data = data.rename(columns={"median_grade": "group_median", "share_good_or_better": "group_share_good_or_better"})
    data["group_median"] = data["group_median"].map(lambda m: words.median_words(m, filters.framework))
    data["group_share_good_or_better"] = data["group_share_good_or_better"].map(words.whole_percent)
    not_marked = f"; not in the group, so not marked: {', '.join(outside)}" if outside else ""
    not_marked += f"; no {year} grade in these areas: {', '.join(ungraded)}" if ungraded else ""
    return finish(
        figure=charts.distribution_figure(distribution, rows, filters.group, marked),
        title=f"How {filters.group} were graded, {year}",
        subtitle=(*filters.subtitle(year)[:-1], filters.subtitle(year)[-1] + not_marked),
        stem=export.file_stem(filters.framework, list(filters.areas), list(filters.names), (year, year), "group"),
        data=data.assign(group=filters.group),
        documents=documents_behind(member_grades),
        csv_columns=GROUP_CSV_COLUMNS,
        source_kind=SOURCE_KINDS[filters.framework],
        note="Statistic: the number of the group's authorities at each grade (a grade where sources disagree is left out). "
        + ". ".join(words.group_summary_text(distribution))
        + f". {GROUP_CAVEAT}",
        built=built,
    )
