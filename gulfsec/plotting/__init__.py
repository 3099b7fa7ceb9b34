"""Plotting helpers shared by every figure of the project.

Imported on demand (``import gulfsec`` never imports matplotlib). Topic modules live beside
this one (``gulfsec.plotting.power``, ``.networks``, ``.threats``, ``.alliances``: the
"plotting twins" of the analysis modules, imported in the notebooks as ``power_plots``,
``networks_plots``, ...); they all start from :func:`use_style` (seaborn's theme with the
project's font and palette) and take a ``lang`` argument. Their ``*_table`` functions are the
display tables, built with :func:`gulfsec.plotting.tables.localise`.

Arabic: matplotlib >= 3.11 shapes Arabic and lays it out right to left by itself, so raw
Arabic strings are passed as they are (never through arabic-reshaper/python-bidi, which now
reverse the letters). Only upright DejaVu Sans among matplotlib's own fonts has Arabic
glyphs, so it is the one font family used for all text, and a missing glyph is an error.
"""

from __future__ import annotations

from gulfsec.plotting._style import (
    CB_PALETTE,
    DIVERGING_CMAP,
    SEQUENTIAL_CMAP,
    SUBREGION_COLORS,
    caption,
    finish,
    log_axis,
    new_figure,
    rtl_y_axis,
    use_style,
)
from gulfsec.plotting.display import alt_text, describe, table_html, use_display

__all__ = [
    "CB_PALETTE",
    "DIVERGING_CMAP",
    "SEQUENTIAL_CMAP",
    "SUBREGION_COLORS",
    "alt_text",
    "caption",
    "describe",
    "finish",
    "log_axis",
    "new_figure",
    "rtl_y_axis",
    "table_html",
    "use_display",
    "use_style",
]
