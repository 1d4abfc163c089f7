"""The dashboard's sentences, each written from the rows it speaks of and never by hand.

Chart captions, the first page's and the profile's sentences, comparator statistics in words, ranks, and the
escaping that keeps a document's or a link's words from running as Markdown.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from insight.charts import NOT_LOADED_BAND
from vocabulary.areas import AREA_LABELS
from vocabulary.comparison import ENGLAND_AUTHORITIES, THIN_COVERAGE, enough_loaded
from vocabulary.grades import GOOD_OR_BETTER, GRADE_LABELS, grade_label, grade_word, out_of_four

if TYPE_CHECKING:
    from insight.specs.england import Measure


NO_NATIONAL_TABLE = (  # said wherever grades leave the dashboard: a briefing, an Excel file
    "No national table of APA grades exists. This briefing shows only grades found in published sources or in "
    "documents added to the dashboard, each with its source; an authority or year with nothing loaded is left empty, "
    "never estimated."
)


_MARKDOWN_SIGNS = re.compile(r"[\\`*_{}\[\]<>#$~|]")


def as_text(words: str) -> str:
    """Words from a document or a link, escaped so Streamlit's Markdown shows them as written and never runs them."""
    return _MARKDOWN_SIGNS.sub(r"\\\g<0>", words)


def median_words(median: float, framework: str = "APA") -> str:
    """An ordinal median as a grade, or the two grades it falls between: never '2.5' of a category."""
    if pd.isna(median):
        return ""
    if float(median).is_integer():
        return grade_label(int(median), framework)
    low, high = math.floor(median), math.ceil(median)
    if framework == "CPA":
        return f"between {low} and {out_of_four(high)}"
    return f"between {GRADE_LABELS[low]} and {GRADE_LABELS[high]}"


def whole_percent(share: float) -> str:
    return "" if pd.isna(share) else f"{share:.0%}"


def group_summary_text(distribution: pd.DataFrame) -> list[str]:
    """One sentence per area: the median as a grade, the counts at each grade and the share good or better."""
    sentences = []
    for _, frame in distribution.groupby("judgement_area", sort=False):
        row = frame.iloc[0]
        framework = row.get("framework", "APA")
        counts = ", ".join(
            f"{n} {grade_word(int(g), framework) if framework != 'CPA' else f'at {int(g)}'}"
            for g, n in zip(frame["grade"][::-1], frame["authorities"][::-1])
        )
        median = median_words(row["median_grade"], framework)  # '' where too few are loaded for one
        sentences.append(
            f"{row['area_label']}: {f'median {median} ({counts})' if median else counts}; "
            f"{whole_percent(row['share_good_or_better'])} {good_or_better(framework)} "
            f"of {row['group_size']} authorities"
        )
    return sentences


def home_sentence(rows: pd.DataFrame, name: str, year: int) -> str:
    """ "Luton's 2008 APA: good in 7 of the 7 areas loaded." Written from the rows, never invented."""
    latest = rows[(rows["year"] == year) & (rows["agreement"] != "conflict")]
    counts = latest.groupby("grade")["judgement_area"].nunique().sort_index(ascending=False)
    parts = [f"{GRADE_LABELS[int(grade)]} in {n}" for grade, n in counts.items()]
    disputed = rows[(rows["year"] == year) & (rows["agreement"] == "conflict")]["judgement_area"].nunique()
    total = rows.loc[rows["year"] == year, "judgement_area"].nunique()
    conflict = f"; sources disagree on {disputed}" if disputed else ""
    return f"{name}'s {year} APA: {', '.join(parts)} of the {total} areas loaded{conflict}."


LOADED_WHAT = {"APA": "APA grades", "CPA": "CPA children and young people scores", "JAR": "JAR grades"}


def loaded_line(counts: pd.DataFrame) -> str:
    """What the data holds, in one line: for each inspection, how many authorities have grades loaded each year."""
    parts = []
    for framework, frame in counts.groupby("framework", sort=False):
        each = [f"{n} in {year}" for year, n in zip(frame["year"], frame["authorities"])]
        parts.append(f"{LOADED_WHAT.get(framework, framework)} for {listed(each)}")
    if not parts:
        return f"Nothing is loaded yet for any of England's {ENGLAND_AUTHORITIES} children's services authorities."
    return f"Loaded, of England's {ENGLAND_AUTHORITIES} children's services authorities: {'; '.join(parts)}."


def counted(count: int, noun: str) -> str:
    """'1 value', '12 values', '3 authorities': a count with its noun, singular for one."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun[-1:] == "y" and noun[-2:-1] not in "aeiou" else f"{count} {noun}s"


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def years_text(years: list[int]) -> str:
    """'2005', '2005 and 2007', '2005, 2006 and 2007'."""
    return listed([str(int(y)) for y in sorted(years)])


def missing_sentence(missing: pd.DataFrame, name: str) -> str:
    """'Not loaded for Luton: the 2005 and 2007 APAs, a JAR.' or '' when nothing is missing."""
    years = list(missing.loc[missing["framework"] == "APA", "year"])
    parts = [f"the {years_text(years)} APA{'s' * (len(years) > 1)}"] if years else []
    parts += ["a JAR"] if (missing["framework"] == "JAR").any() else []
    return f"Not loaded for {name}: {', '.join(parts)}." if parts else ""


def rank_text(rank: float, ranked_of: float, same: float) -> str:
    """'12th= of 68 loaded, of 150': a rank never without its n and England's, '=' where others share it; empty where
    there is no rank, or too few are loaded for one to mean anything (vocabulary.comparison.enough_loaded)."""
    if pd.isna(rank) or not enough_loaded(int(ranked_of), ENGLAND_AUTHORITIES):
        return ""
    return f"{ordinal(int(rank))}{'=' if same else ''} of {int(ranked_of)} loaded, of {ENGLAND_AUTHORITIES}"


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


QUARTER_WORDS = {
    "better": ["Best quarter", "Second quarter", "Third quarter", "Worst quarter"],
    "neutral": ["Highest quarter", "Second highest quarter", "Second lowest quarter", "Lowest quarter"],
}


def quarter_words(polarity: str) -> list[str]:
    """The four quarters' names, best first, or highest first where no direction is better."""
    return QUARTER_WORDS["neutral" if polarity == "neutral" else "better"]


def citations(cited) -> list[tuple[str, str]]:
    """(source, locator) for each source of a value, as the queries give them: a list of {source, locator}."""
    if cited is None or isinstance(cited, float):  # an authority with nothing loaded
        return []
    return [(item["source"], item["locator"]) for item in cited]


def cited_text(cited) -> str:
    """A value's sources as the CSV's `cited` column writes them: 'source (locator); source (locator)'."""
    return "; ".join(f"{source} ({locator})" for source, locator in citations(cited))


# The publishers behind the sites the bundled grades were read on, as a reader knows them.
SITE_PUBLISHERS = {
    "news.bbc.co.uk": "BBC News",
    "standard.co.uk": "the Evening Standard",
    "society.guardian.co.uk": "The Guardian",
    "communitycare.co.uk": "Community Care",
    "cypnow.co.uk": "Children & Young People Now",
    "fenews.co.uk": "FE News",
    "publicnet.co.uk": "PublicNet",
}


def short_source(source: str) -> str:
    """A source cut to what fits in a hover or a count: a web address to its publisher, or at least its site."""
    address = re.match(r"https?://(?:www\.)?([^/]+)", source)
    return SITE_PUBLISHERS.get(address.group(1), address.group(1)) if address else source[:80]


def first_source(cited) -> str:
    """The first of a value's sources, shortened, and how many more there are."""
    sources = citations(cited)
    if not sources:
        return ""
    more = f" and {len(sources) - 1} more" if len(sources) > 1 else ""
    return short_source(sources[0][0]) + more


def coverage_by_source(table: pd.DataFrame, at_least: int = 10, publisher: str = "") -> list[str]:
    """For each source behind 10 or more authorities: how many, and, where they are an alphabetical run, where it stops.

    A published table often survives only in part. Where a source's authorities fill most of an alphabetical
    stretch, the sentence says where the stretch ends ("reaches only from Barking and Dagenham to Kent"), so
    nobody reads the rest as missing grades.
    """
    every = sorted(table["authority"])
    sources = pd.DataFrame(
        [
            (name, publisher or short_source(source))  # an indicator's publisher, not the file it was copied from
            for name, cited in zip(table["authority"], table["cited"])
            for source, _ in citations(cited)
        ],
        columns=["authority", "site"],
    )
    sentences = []
    for site, group in sources.groupby("site", sort=False):
        names = sorted(set(group["authority"]))
        if len(names) < at_least:
            continue
        stretch = [name for name in every if names[0] <= name <= names[-1]]
        run = len(names) >= 0.75 * len(stretch) and len(stretch) < len(every)
        where = f", whose table reaches only from {names[0]} to {names[-1]}" if run else ""
        sentences.append(f"{len(names)} from {site}{where}.")
    return sentences


def standing_sentence(table: pd.DataFrame, code: str, measure: Measure) -> str:
    """One authority's place among all loaded, in words: its value, rank of n, and higher/same/lower or its quarter."""
    row = table.set_index("dfe_code").loc[code]
    if not row["rank_text"]:
        return f"{row['authority']}: {row['shown'] or 'nothing loaded'} for {measure.label}."
    if measure.is_grade:
        verb = "scored" if measure.framework == "CPA" else "graded"
        return (
            f"{row['authority']}: {row['shown']}, {row['rank_text']}. Of the others loaded, {int(row['higher'])} were "
            f"{verb} higher, {int(row['same'])} the same and {int(row['lower'])} lower."
        )
    return f"{row['authority']}: {row['shown']} {measure.unit}, {row['rank_text']}, {row['band'].lower()}."


def england_figure(series: pd.DataFrame, measure: Measure) -> str:
    """England's value for the year, where it is published or computed from every area's figures; never from a few."""
    england = series[series["area_level"].str.startswith("England") & (series["year"] == measure.year)]
    if england.empty:
        return (
            f"England: no figure for {measure.year} is published in the loaded sources or computable from every area's "
            "figures, so none is shown (one computed from the authorities loaded would mislead)."
        )
    row = england.sort_values("area_level").iloc[0]  # the published figure before a computed one
    how = f"computed: {row['method']}, {row['locator']}" if str(row["area_level"]).endswith("(computed)") else row["source"]
    return f"England: {row['value']:g} {measure.unit} in {row['period']} ({how})."


def thin_coverage(table: pd.DataFrame, measure: Measure) -> str:
    """A plain warning when fewer than a third of the 150 are loaded; empty otherwise."""
    loaded = int(table["ranked_of"].max()) if table["ranked_of"].notna().any() else 0
    if loaded >= THIN_COVERAGE:
        return ""
    return (
        f"Only {loaded} of {ENGLAND_AUTHORITIES} authorities have {measure.label} loaded: too few to read an authority's "
        "standing among all of them, so no rank is given."
    )


def comparator_notes(series: pd.DataFrame) -> list[str]:
    """How each comparator line was made and what it rests on."""
    notes = []
    for name, frame in series[series["area_level"] != "authority"].groupby("area_name", sort=True):
        if frame["area_level"].iloc[0].endswith("(computed)"):
            areas = int(frame["areas"].min()) if frame["areas"].min() == frame["areas"].max() else "varying numbers of"
            notes.append(f"{name}: {frame['method'].iloc[0]}, from {areas} areas.")
        else:
            notes.append(f"{name}: as stated in {', '.join(dict.fromkeys(frame['source']))}.")
    return notes


def good_or_better(framework: str) -> str:
    """What the share counts: 'good or better', or for the CPA's score '3 or 4'."""
    return f"{GOOD_OR_BETTER} or 4" if framework == "CPA" else "good or better"


def long_date(day: date) -> str:
    return day.strftime("%-d %B %Y")


def in_sentence(label: str) -> str:
    """An area's label inside a sentence: its first letter in lower case, its codes as they are ("(CPA score)")."""
    return label[:1].lower() + label[1:]


def _possessive(name: str) -> str:
    """ "Luton's", "Leeds'", and "England's (computed)": the possessive on the name, never on a bracket after it."""
    if name.endswith(")") and " (" in name:
        base, bracket = name.rsplit(" (", 1)
        return f"{_possessive(base)} ({bracket}"
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def grade_captions(rows: pd.DataFrame, years: tuple[int, int]) -> list[str]:
    """A sentence for each authority and area drawn: its grade in each year, the years with none, any disagreement.

    'Luton's staying safe grade was good in 2006 and 2008; no grade is loaded for 2007.'
    """
    sentences = []
    for (authority, framework, area), group in rows.groupby(["authority", "framework", "judgement_area"], sort=False):
        by_year = group.groupby("year")["grade"].apply(lambda g: sorted(set(int(x) for x in g)))
        settled = {year: grades[0] for year, grades in by_year.items() if len(grades) == 1}
        parts = [
            f"{grade_word(grade, framework)} in {years_text([y for y, g in settled.items() if g == grade])}"
            for grade in dict.fromkeys(settled.values())
        ]
        what = "CPA score" if framework == "CPA" else f"{in_sentence(AREA_LABELS.get(area, area))} grade"
        clauses = [
            f"sources disagree for {year} ({' and '.join(grade_word(g, framework) for g in grades)})"
            for year, grades in by_year.items()
            if len(grades) > 1
        ]
        missing = [y for y in range(years[0], years[1] + 1) if y not in by_year.index]
        if missing:
            clauses.append(f"no grade is loaded for {years_text(missing)}")
        head = f"{_possessive(authority)} {what}"
        sentence = "; ".join([f"{head} was {' and '.join(parts)}", *clauses]) if parts else f"{head}: {'; '.join(clauses)}"
        sentences.append(sentence + ".")
    return sentences


def group_captions(rows: pd.DataFrame, codes: list[str], year: int) -> list[str]:
    """The group's statistics for each area, then the chosen members' own grades: one row a member's grade."""
    stats = [
        f"{row.area_label}, {year}, among {row.group} ({row.group_size} graded): "
        + (f"median {row.group_median}; " if row.group_median else "")
        + f"{row.group_share_good_or_better} {good_or_better(row.framework)}."
        for row in rows.drop_duplicates("judgement_area").itertuples()
    ]
    return stats + grade_captions(rows[rows["dfe_code"].isin(codes)], (year, year))


def indicator_captions(rows: pd.DataFrame, name: str, unit: str) -> list[str]:
    """A sentence for each place drawn: its first and latest value, and how many values are loaded."""
    sentences = []
    for place, group in rows.sort_values("year").groupby("area_name", sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        span = f"{first['value']:g} in {first['period']}"
        if len(group) > 1:
            span += f" and {last['value']:g} in {last['period']}"
        sentences.append(f"{_possessive(place)} {name.lower()} ({unit}) was {span} ({counted(len(group), 'value')} loaded).")
    return sentences


def map_count(rows: pd.DataFrame, label: str) -> str:
    """'68 of the 150 authorities have a value loaded for ..., 2008; the other 82 are not loaded and drawn hatched.'"""
    loaded = int((rows["band"] != NOT_LOADED_BAND).sum())
    others = len(rows) - loaded
    return (
        f"{loaded} of the {len(rows)} authorities have a value loaded for {label}; the other {others} are not loaded (hatched)."
    )


def no_neighbours(name: str, model: dict) -> str:
    """Why an authority has no statistical neighbours to compare with: no list is loaded, or the one loaded has none
    for it (an authority whose list could not be placed)."""
    if not model["authorities"]:
        return f"No statistical neighbour list is loaded, so {name} cannot be compared with its neighbours."
    return f"The statistical neighbour list in use ({model['described']}) has no list for {name}."
