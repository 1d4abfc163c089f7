"""How grades and authorities are drawn: one grade scale, and a colour and symbol per authority."""

from __future__ import annotations

# One ordered scale, light (inadequate) to dark (outstanding), from cividis: colour-blind safe, readable in greyscale,
# and no traffic-light green to read "adequate" as "all clear". Cell text is at least 4.5:1 on its cell.
GRADE_COLOURS = {4: "#00224e", 3: "#575d6d", 2: "#a69d75", 1: "#fde737"}
GRADE_TEXT_COLOURS = {4: "#ffffff", 3: "#ffffff", 2: "#000000", 1: "#000000"}
# Authority colours, each at least 4.5:1 on white (Okabe-Ito hues darkened), with distinct symbols, so an
# authority's line differs without colour too. An authority keeps its colour for the whole session.
LINE_COLOURS = ["#0072B2", "#B24A00", "#007A5A", "#A4457E", "#000000", "#8A5A00", "#6A3D9A", "#B0243C"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "star", "hexagon", "triangle-down"]
