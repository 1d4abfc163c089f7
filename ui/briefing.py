"""The briefing: charts kept for a committee paper, listed in the sidebar, held in the link, written out as Word.

Each chart is kept as its recipe and arguments (insight.briefing.Item), never as a picture: a reload, or the
link sent to a colleague, redraws it from the data as it is now, and the document says when that was built.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from insight import briefing, export, queries, words
from insight.assembly import Chart
from insight.briefing import Item
from ui import recipes, report, widgets
from ui.data import built_on, query
from vocabulary.comparison import ENGLAND_AUTHORITIES, authorities_word

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def show(kind: str, key: str, **args) -> Chart:
    """Draw one of the recipes' charts with its downloads, and offer to add it to the briefing."""
    drawn = recipes.RECIPES[kind](**args)
    report.show(drawn, key)
    offer(kind, key, **args)
    return drawn


def offer(kind: str, key: str, **args) -> None:
    """'Add to briefing' under a chart the page has placed itself, or where it already is in the briefing."""
    item = Item(kind, args).encode()
    if item in _items():
        st.caption(f"In the briefing, as chart {_items().index(item) + 1}.")
    else:
        st.button("Add to briefing", key=f"{key}-brief", icon=":material/post_add:", on_click=_add, args=(item,))


def _items() -> list[str]:
    return widgets.choices().setdefault("brief", [])


def _add(item: str) -> None:
    _items().append(item)


def _move(number: int, step: int) -> None:
    items = _items()
    items[number], items[number + step] = items[number + step], items[number]


def _remove(number: int) -> None:
    del _items()[number]


def panel() -> None:
    """The sidebar's list of the charts kept, in order, each movable and removable, and the Word download."""
    items = _items()
    st.subheader("Briefing", anchor=False)
    if not items:
        st.caption(
            "Empty. “Add to briefing” under a chart keeps it here with its choices; the Word document draws each "
            "chart from the data as it is when you download."
        )
        return
    for number, text in enumerate(items):
        drawn, problem = redraw(text)
        st.markdown(f"**{number + 1}.** {words.as_text(f'{drawn.title} ({drawn.subtitle})' if drawn else problem)}")
        up, down, remove = st.columns(3)
        up.button("↑", key=f"brief-up-{number}", on_click=_move, args=(number, -1), disabled=number == 0, help="Move up")
        last = number == len(items) - 1
        down.button("↓", key=f"brief-down-{number}", on_click=_move, args=(number, 1), disabled=last, help="Move down")
        remove.button("✕", key=f"brief-remove-{number}", on_click=_remove, args=(number,), help="Remove from the briefing")
    named = _authorities()  # read here: the files are written later, outside this session's run
    word, excel = st.columns(2)
    word.download_button(
        "Briefing (Word)",
        icon=":material/download:",
        data=lambda: document(list(items), named),
        file_name=_file_name("docx"),
        mime=DOCX_MIME,
        key="brief-download",
        on_click="ignore",
        disabled=not export.export_available()[0],
        help="A Word document: each chart a numbered figure with its caption and sources, its values in a table, and the caveats",
    )
    excel.download_button(
        "Values (Excel)",
        icon=":material/download:",
        data=lambda: values(list(items), named),
        file_name=_file_name("xlsx"),
        mime=export.XLSX_MIME,
        key="brief-values",
        on_click="ignore",
        help="Every figure's values in full, a sheet a table, with their sources and the caveats",
    )


def _file_name(suffix: str) -> str:
    """The Word briefing and its Excel values, named alike so they stay together."""
    return f"briefing-{date.today().isoformat()}{'-values' if suffix == 'xlsx' else ''}.{suffix}"


def redraw(text: str) -> tuple[Chart | None, str]:
    """A kept chart drawn from the current data, or why it cannot be, in plain words (a link edited or cut short by
    hand, an authority or indicator since removed)."""
    try:
        item = Item.decode(text)
    except ValueError:
        return None, f"A chart that cannot be drawn now (“{text}” is not one this dashboard wrote): remove it"
    if item.kind not in recipes.RECIPES:
        return None, f"A chart that cannot be drawn now (“{item.kind}” is no kind of chart here): remove it"
    try:
        return recipes.RECIPES[item.kind](**item.args), ""
    except TypeError:
        said = "the link lost some of its choices"
    except (KeyError, ValueError):
        said = "it names an authority, area or indicator that is not loaded now"
    return None, f"A chart that cannot be drawn now ({said}): remove it"


def entry(text: str, with_picture: bool = True) -> briefing.Entry | str:
    """One chart as the document prints it, or the sentence saying it could not be drawn."""
    drawn, problem = redraw(text)
    if drawn is None:
        return problem
    item = Item.decode(text)
    recipe = recipes.RECIPES[item.kind]
    table, note = recipe.values(drawn)
    captions = recipe.captions(item.args, drawn)
    return briefing.Entry(
        title=drawn.title,
        subtitle=drawn.subtitle_said,
        png=export.image_bytes(drawn.for_print, "png") if with_picture else b"",
        captions=captions,
        table=table,
        sources=briefing.sources_of(recipe.sources(drawn)),
        page=recipe.page,
        table_note=note,
        alt_text=" ".join([f"{drawn.title}.", f"{drawn.subtitle_said}.", *captions]),
    )


def document(items: list[str], named: list[str]) -> bytes:
    """The Word briefing of these kept charts, drawn now, for the home authority and the others chosen (named)."""
    entries = [entry(text) for text in items]
    kept = [e for e in entries if not isinstance(e, str)]
    return briefing.document(_title(named), named, built_on(), kept, _caveats(entries), _file_name("xlsx"))


def values(items: list[str], named: list[str]) -> bytes:
    """The Excel file beside the Word briefing: every figure's values in full."""
    entries = [entry(text, with_picture=False) for text in items]
    return briefing.values_workbook(_title(named), [e for e in entries if not isinstance(e, str)], _caveats(entries))


def _authorities() -> list[str]:
    """The home authority, then the others chosen, by name."""
    chosen = widgets.choices()
    names = query(queries.authorities).set_index("dfe_code")["name"]
    codes = list(dict.fromkeys([*chosen.get("home", []), *chosen.get("la", [])]))
    return [names[code] for code in codes if code in names]


def _title(named: list[str]) -> str:
    return briefing.title_for(named[0] if named else "", named[1:])


def _caveats(entries: list) -> list[str]:
    coverage = query(queries.framework_year_counts)
    return [
        "Loaded when the data was built: "
        + "; ".join(f"{row.framework} {row.year}, {authorities_word(row.authorities)}" for row in coverage.itertuples())
        + f". Of the {ENGLAND_AUTHORITIES} authorities, the rest have no grade loaded for those inspections and years.",
        f"The data was built {built_on()}; the charts were drawn from it on {words.long_date(date.today())}.",
        *[problem for problem in entries if isinstance(problem, str)],
    ]
