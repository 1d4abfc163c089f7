"""Tables as pages show them: plain headers, blanks for gaps, and the reshapings behind the profile and the review."""

from __future__ import annotations

import pandas as pd

from insight import words
from vocabulary.areas import AREA_LABELS, inspection_area_label
from vocabulary.frameworks import FRAMEWORK_SHORT
from vocabulary.grades import grade_label
from vocabulary.indicators import BETTER_WHEN

# Plain words for every column a page shows; the CSV downloads keep the machine names.
COLUMN_LABELS = {
    "rank": "Rank",
    "rank_text": "Rank of those loaded",
    "type": "Type",
    "shown": "Grade",
    "band": "Band",
    "higher": "Graded higher",
    "same": "Graded the same",
    "lower": "Graded lower",
    "conflict": "Sources disagree?",
    "authority": "Authority",
    "dfe_code": "DfE code",
    "region": "Region",
    "framework": "Inspection",
    "area_label": "Area",
    "year": "Year",
    "grade_label": "Grade",
    "sources": "Sources",
    "agreement": "Sources agree?",
    "cited": "Cited",
    "quotes": "Exact words",
    "source": "Source",
    "link": "Link",
    "locator": "Where in the source",
    "quote": "Exact words (documents you added)",
    "how_stated": "Stated in",
    "origin": "Origin",
    "source_kind": "Kind of source",
    "notes": "Notes",
    "reason": "Why it is held back",
    "file_name": "File",
    "kind": "Type",
    "status": "Status",
    "grades": "Grades",
    "loaded_at": "Loaded",
    "change": "Change since the last grade",
    "against_group": "Against the group",
    "group_median": "Group median grade",
    "group_mean": "Group mean (n with a value)",
    "group_share_good_or_better": "Group share good or better",
    "group_size": "Authorities in the group",
    "loaded_in_group": "Loaded in the group",
    "detail": "What each source says",
    "indicator": "Indicator",
    "unit": "Unit",
    "better": "Better when",
    "area_name": "Place",
    "area_level": "Level",
    "period": "Period",
    "value": "Value",
    "method": "How it is made",
    "areas": "Areas pooled",
    "median_grade": "Median grade",
    "share_good_or_better": "Share good or better",
    "authorities": "Authorities",
    "rule": "Read by rule",
    "sha256": "SHA-256",
    "load": "Load",
    "line": "Line",
    "already_loaded": "Already loaded",
    "why": "Why it was not taken",
    "judgement_area": "Area (code)",
    "grade": "Grade (1-4)",
    "group": "Comparator group",
    "values": "Values",
    "figure": "Figure",
    "data_built": "Data built",
    "exported": "Exported",
}


def cited_written_out(frame: pd.DataFrame) -> pd.DataFrame:
    """Each value's sources as one line of text ('source (locator); ...'), as every table and file shows them."""
    return frame.assign(cited=frame["cited"].map(words.cited_text)) if "cited" in frame else frame


def for_display(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Only these columns, under plain headers, with blanks where nothing is known: what a table on a page shows."""
    shown = cited_written_out(frame.reindex(columns=columns))
    for column in shown.columns:
        if shown[column].isna().any():  # a gap reads as a blank, never "None" or "nan"
            shown[column] = [_plain(value) for value in shown[column]]
    if "link" in columns and "source" in frame:
        shown["link"] = [s if str(s).startswith("http") else "" for s in frame["source"]]
    return shown.rename(columns=COLUMN_LABELS)


def _plain(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if 0 < value < 1 and not value.is_integer() else f"{value:g}"
    return str(value)


def changes(standing: pd.DataFrame) -> pd.DataFrame:
    """Each grade beside the authority's previous grade for the same area: up, down or same, since which year,
    and across which missing years; and where it stands against the group's median."""
    frame = standing.sort_values(["framework", "judgement_area", "year"]).copy()
    grouped = frame.groupby(["framework", "judgement_area"])
    frame["previous"] = grouped["grade"].shift()
    before = grouped["year"].shift()
    frame["change"] = [_change(g, p, y, b) for g, p, y, b in zip(frame["grade"], frame["previous"], frame["year"], before)]
    frame["against_group"] = [
        "" if pd.isna(m) else "above the median" if g > m else "below the median" if g < m else "at the median"
        for g, m in zip(frame["grade"], frame["group_median"])
    ]
    frame["group_median"] = [words.median_words(m, f) for m, f in zip(frame["group_median"], frame["framework"])]
    if "group_share_good_or_better" in frame:
        frame["group_share_good_or_better"] = frame["group_share_good_or_better"].map(words.whole_percent)
    shown_order = frame["judgement_area"].map({area: n for n, area in enumerate(AREA_LABELS)})  # as every chart lists areas
    return frame.assign(order=shown_order).sort_values(["framework", "order", "year"]).drop(columns="order")


def _change(grade: int, previous: float, year: int, before: float) -> str:
    if pd.isna(previous):
        return ""
    word = "▲ up" if grade > previous else "▼ down" if grade < previous else "= same"
    missing = list(range(int(before) + 1, int(year)))
    gap = f" (no grade for {', '.join(map(str, missing))})" if missing else ""
    return f"{word} since {int(before)}{gap}"


def indicators_by_area(values: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome area and indicator, one column per year: what sits beside the area's grades."""
    if values.empty:
        return values
    values = values.assign(better=values["polarity"].map(BETTER_WHEN).fillna("neither"))
    table = values.pivot_table(
        index=["area_label", "indicator", "unit", "better"], columns="year", values="value", aggfunc="first"
    )
    table.columns = [str(c) for c in table.columns]
    sources = values.groupby(["area_label", "indicator"])["source"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    return table.reset_index().merge(sources.reset_index(), on=["area_label", "indicator"])


def indicators_against_group(values: pd.DataFrame) -> pd.DataFrame:
    """The profile's indicator values beside the group's mean, in words: '12.5 (n = 8 of 10)', or why there is none."""
    mean = [
        f"{m:.1f} (n = {n} of {size})" if m == m and m is not None else f"too few with a value ({n} of {size})"
        for m, n, size in zip(values["group_mean"], values["group_n"], values["group_size"])
    ]
    shown = values.assign(value=values["value"].map(lambda v: f"{v:g}"), group_mean=mean)
    return shown[["area_label", "indicator", "unit", "year", "value", "group_mean"]].rename(columns=COLUMN_LABELS)


def standing_table(ranks: pd.DataFrame) -> pd.DataFrame:
    """The profile's ranks: each grade and indicator value with its rank of n and its band, in words; blank where too few
    are loaded for a rank to mean anything."""
    graded = ranks["grade"].notna()
    measure = [
        f"{FRAMEWORK_SHORT[f]} {words.in_sentence(str(area))}" if is_grade else f"{name} ({unit})"
        for is_grade, f, area, name, unit in zip(
            graded, ranks["framework"], ranks["area_label"], ranks["indicator"], ranks["unit"]
        )
    ]
    value = [grade if is_grade else f"{v:g}" for is_grade, grade, v in zip(graded, ranks["grade_label"], ranks["value"])]
    ranked = [words.rank_text(*r) for r in zip(ranks["rank"], ranks["ranked_of"], ranks["same"])]
    band = [
        ""
        if not rank  # no place among too few: neither as counts above and below nor as a quarter
        else f"{int(higher)} higher, {int(same)} the same, {int(lower)} lower"
        if is_grade
        else words.quarter_words(polarity)[int(quartile) - 1]
        for is_grade, rank, higher, same, lower, polarity, quartile in zip(
            graded, ranked, ranks["higher"], ranks["same"], ranks["lower"], ranks["polarity"], ranks["quartile"]
        )
    ]
    return pd.DataFrame(
        {
            "Measure": measure,
            "Year": ranks["year"].astype(int),
            "Value": value,
            "Rank among all authorities loaded": ranked,
            "Others loaded, or quarter": band,
        }
    )


REVIEW_COLUMNS = ["load", "area_label", "grade_label", "authority", "year", "how_stated", "line", "quote", "already_loaded"]


def review_rows(rows: list[dict], loaded: pd.DataFrame, sha256: str) -> pd.DataFrame:
    """A document's extracted grades as the user reviews them, each beside any other source's different grade.

    A grade differing from one already loaded (for the same authority, year, inspection and area) from another
    source is flagged with that source: it will load as a conflict, shown and never resolved.
    """
    others = loaded[loaded["source_sha256"] != sha256]
    table = pd.DataFrame(rows).reindex(
        columns=["dfe_code", "authority", "year", "framework", "judgement_area", "grade", "how_stated", "line", "quote"]
    )
    table["already_loaded"] = [_differing(others, row) for row in table.itertuples()]
    table["area_label"] = [inspection_area_label(row.framework, row.judgement_area) for row in table.itertuples()]
    table["grade_label"] = [grade_label(int(row.grade), row.framework) for row in table.itertuples()]
    table["load"] = True
    return table[REVIEW_COLUMNS]


def _differing(others: pd.DataFrame, row) -> str:
    same_place = others[
        (others["dfe_code"] == row.dfe_code)
        & (others["year"].astype(str) == str(row.year))
        & (others["framework"] == row.framework)
        & (others["judgement_area"] == row.judgement_area)
        & (others["grade"] != int(row.grade))
    ]
    return "; ".join(
        f"conflicts with {grade_label(int(o.grade), o.framework)} from {o.source} ({o.locator})" for o in same_place.itertuples()
    )
