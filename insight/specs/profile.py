"""The profile's chart: every grade of one authority by area and year."""

from __future__ import annotations

import pandas as pd

from insight import charts, export
from insight.assembly import SOURCE_KINDS, Chart, documents_behind, finish, in_chosen_order
from vocabulary.areas import AREA_LABELS, judged
from vocabulary.frameworks import FRAMEWORK_SHORT
from vocabulary.grades import scale_sentence


def profile_chart(summary: pd.DataFrame, name: str, framework: str, years: tuple[int, int], built: str = "") -> Chart:
    """Every grade of one authority by area and year; a cell for an area the inspection did not judge that year says
    so ("not judged"), never "not loaded"."""
    rows = in_chosen_order(summary.sort_values("year"), tuple(AREA_LABELS))
    area_keys = dict(zip(rows["area_label"], rows["judgement_area"]))
    return finish(
        figure=charts.grid_figure(
            rows,
            "area_label",
            "year",
            f"No {framework} grades are loaded for {name}",
            not_judged=lambda label, year: not judged(framework, area_keys.get(label, ""), int(year)),
        ),
        title=f"{name}: every {FRAMEWORK_SHORT[framework]} {'score' if framework == 'CPA' else 'grade'} by area and year",
        subtitle=(name, "all areas", f"{years[0]}–{years[1]}"),
        stem=export.file_stem(framework, ["all-areas"], [name], years, "profile"),
        data=rows,
        documents=documents_behind(rows),
        source_kind=SOURCE_KINDS[framework],
        note=scale_sentence(framework),
        built=built,
    )
