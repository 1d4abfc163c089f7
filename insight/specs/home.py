"""The first page's charts: the home authority's latest grades beside how its region and all loaded were graded."""

from __future__ import annotations

import pandas as pd

from insight import charts, export
from insight.assembly import SOURCE_KINDS, Chart, documents_behind, finish
from vocabulary.areas import AREA_LABELS
from vocabulary.comparison import ENGLAND_AUTHORITIES, MIN_GROUP
from vocabulary.grades import grade_label, scale_sentence

STANDING_COLUMNS = ["area_label", "group", "grade", "grade_label", "authorities", "loaded_in_group", "group_size"]
ALL_LOADED = "All loaded"
STANDING_NOTE = (
    "Bars count authorities at each grade, where at least {minimum} have one loaded; sources that disagree leave "
    "an authority out. 'All loaded' is the authorities whose grades are loaded here, not a picture of England"
)


def standing_rows(grades: pd.DataFrame, home: str, region: str, region_codes: list[str]) -> pd.DataFrame:
    """For each area the home authority has a settled grade in: its grade, then its region's and all loaded authorities'
    counts at each grade, each group labelled with how many of how many are loaded ("London (2 of 33 loaded)")."""
    settled = grades[grades["agreement"] != "conflict"]
    own = settled[settled["dfe_code"] == home]
    framework = str(grades["framework"].iloc[0]) if len(grades) else "APA"
    name = str(own["authority"].iloc[0]) if len(own) else ""
    rows = []
    for area in [area for area in AREA_LABELS if area in set(own["judgement_area"])]:
        graded = settled[settled["judgement_area"] == area]
        mine = int(own.loc[own["judgement_area"] == area, "grade"].iloc[0])
        rows.append((AREA_LABELS[area], name, mine, 1, 1, 1))
        for group, members, of in [
            (region, graded[graded["dfe_code"].isin(region_codes)], len(region_codes)),
            (ALL_LOADED, graded, ENGLAND_AUTHORITIES),
        ]:
            rows += _counted(AREA_LABELS[area], group, members["grade"], of)
    frame = pd.DataFrame(rows, columns=["area_label", "group", "grade", "authorities", "loaded_in_group", "group_size"])
    labels = [grade_label(int(g), framework) if pd.notna(g) else "" for g in frame["grade"]]
    return frame.assign(grade_label=labels)[STANDING_COLUMNS]


def _counted(area: str, group: str, grades: pd.Series, of: int) -> list[tuple]:
    """A group's rows for one area: its count at each grade, or one row saying too few are loaded to count."""
    loaded = len(grades)
    if loaded < MIN_GROUP:
        return [(area, f"{group}: {loaded} of {of} loaded, too few to count", None, 0, loaded, of)]
    label = f"{group} ({loaded} of {of} loaded)"
    return [(area, label, int(grade), int(count), loaded, of) for grade, count in grades.value_counts().sort_index().items()]


def standing_chart(
    grades: pd.DataFrame, home: str, name: str, region: str, region_codes: tuple[str, ...], year: int, built: str = ""
) -> Chart:
    """How the home authority was graded in a year beside its region and all loaded: the first page's answer."""
    framework = str(grades["framework"].iloc[0]) if len(grades) else "APA"
    rows = standing_rows(grades, home, region, list(region_codes))
    what = "CPA children and young people score" if framework == "CPA" else f"{framework} grades"
    areas = list(dict.fromkeys(rows["area_label"]))
    return finish(
        figure=charts.standing_figure(rows, framework, name),
        title=f"{name}'s {year} {what} beside {region} and all loaded",
        subtitle=(name, ", ".join(areas), str(year)),
        stem=export.file_stem(framework, ["standing"], [name], (year, year), "home"),
        data=rows,
        documents=documents_behind(grades),
        csv_columns=STANDING_COLUMNS,
        source_kind=SOURCE_KINDS[framework],
        note=f"{scale_sentence(framework)}. {STANDING_NOTE.format(minimum=MIN_GROUP)}",
        built=built,
    )
