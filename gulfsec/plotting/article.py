"""Figures about the data package itself: which paragraphs the data rest on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gulfsec.i18n import label
from gulfsec.plotting._style import (
    CB_PALETTE,
    caption,
    finish,
    new_figure,
    rtl_y_axis,
    use_style,
)
from gulfsec.plotting.display import describe

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from gulfsec.data import Dataset


def citation_coverage(ds: Dataset, lang: str = "en") -> Figure:
    """Bar chart: how many rows of the data cite each paragraph, with the article's sections.

    Parameters
    ----------
    ds : Dataset
    lang : {"en", "ar"}

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gulfsec
    >>> fig = citation_coverage(gulfsec.load(), "ar")
    >>> fig.axes[0].get_xlabel()
    'الفقرة (رقم السطر في المقال)'
    """
    use_style(lang)
    counts = ds.citation_counts()
    fig, ax = new_figure(11, 5.2)
    ids = sorted(counts)
    ax.bar(ids, [counts[i] for i in ids], color=CB_PALETTE[0], width=0.8)
    top = max(counts.values()) * 1.45 + 1
    sections = ds.passages["section"].astype(str)
    # shade alternate sections and name them
    start = ids[0]
    blocks = []
    for i in ids[1:] + [None]:
        if i is None or sections[i] != sections[start]:
            end = (i or ids[-1] + 1) - 1
            blocks.append((start, end, sections[start]))
            start = i
    for k, (a, b, sec) in enumerate(blocks):
        if k % 2 == 0:
            ax.axvspan(a - 0.5, b + 0.5, color="#EEEEEE", zorder=0)
        ax.text(
            (a + b) / 2,
            top * 0.97,
            label(f"section.{sec}", lang),
            rotation=90,
            ha="center",
            va="top",
            fontsize=8.5,
            color="#333333",
        )
    ax.set_ylim(0, top)
    ax.set_xlim(ids[0] - 0.7, ids[-1] + 0.7)
    ax.set_xticks(ids[::2])
    if lang == "ar":
        ax.invert_xaxis()  # paragraphs run right to left, as the Arabic text does
    finish(
        ax,
        title=label("coverage.title", lang),
        xlabel=label("coverage.xlabel", lang),
        ylabel=label("coverage.ylabel", lang),
        lang=lang,
    )
    rtl_y_axis(ax, lang)  # in Arabic the counts are read where the paragraphs start: right
    caption(fig, lang)
    describe(fig, lang, "plot.alt.article.coverage")
    return fig
