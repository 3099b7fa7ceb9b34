"""How figures and tables show in notebooks and reports: described figures, whole tables.

:func:`use_display` (called by :func:`gulfsec.plotting.use_style`, so by every figure
function, and once at the top of every notebook) registers two IPython display formatters in
the running kernel:

- figures go out as PNG with a description in the output's metadata,
  ``{"image/png": {"alt": ...}}``, which the report pages and the books write as the
  ``<img>``'s ``alt`` (myst-nb reads only width and height from there). The description is
  the one a figure function set with :func:`describe`, in the figure's language, from the
  label catalogue; any other figure is described by its titles;
- DataFrames show whole text (pandas' ``display.max_colwidth`` cuts a cell mid-word with
  "...") and without a meaningless 0-based ``RangeIndex`` column; a table with Arabic
  headers (a display table localised to Arabic) reads right to left: its HTML is marked
  ``dir="rtl" lang="ar"`` (JupyterLab lays its columns out from the right; report pages and
  Voila already set the direction for the whole page) and its formulas, signed numbers and
  ranges inside Arabic text are left-to-right isolates (:func:`gulfsec.i18n.isolate_ltr`).

Outside IPython both are no-ops. The PNG bytes are those of the inline backend (its own
formatter is wrapped, not replaced).

Examples
--------
>>> from gulfsec.plotting import new_figure
>>> fig, ax = new_figure()
>>> _ = ax.set_title("Shares")
>>> describe(fig, "en")
'Figure. Title: Shares.'
>>> alt_text(fig).startswith("Figure.")
True
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

from gulfsec.i18n import check_lang, isolate_ltr, label

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["RTL_ATTRIBUTES", "alt_text", "describe", "is_arabic_table", "table_html", "use_display"]

#: The attributes that mark HTML shown in a notebook as Arabic, right to left.
RTL_ATTRIBUTES = 'dir="rtl" lang="ar"'

_ALT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_ARABIC = re.compile(r"[\u0621-\u064A]")
_MARK = "_gulfsec_display"


def _titles(fig: Figure) -> str:
    texts = []
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text().strip():
        texts.append(sup.get_text())
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            t = ax.get_title(loc=loc).strip()
            if t and t not in texts:
                texts.append(t)
    return " / ".join(" ".join(t.split()) for t in texts)


def describe(fig: Figure, lang: str, key: str | None = None) -> str:
    """Set (and return) the description of a figure: what it shows, then its titles.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    lang : {"en", "ar"}
        The figure's language (the description is in the same language).
    key : str, optional
        Label key of the sentence that says what the figure shows (``plot.alt.*``);
        without it, the figure is described by its titles alone.

    Returns
    -------
    str
        The description, also used as the image's ``alt`` in reports.
    """
    check_lang(lang)
    what = label(key, lang) if key else label("plot.alt.figure", lang)
    title = _titles(fig)
    text = label("plot.alt.with_title", lang, what=what, title=title) if title else what
    _ALT[fig] = text
    use_display()  # the figure exists, so the inline backend has registered its formatter
    return text


def alt_text(fig: Figure) -> str:
    """The description of ``fig``: the one :func:`describe` set, else one from its titles.

    Examples
    --------
    >>> from gulfsec.plotting import new_figure
    >>> fig, ax = new_figure()
    >>> _ = ax.set_title("الحصص")
    >>> alt_text(fig) == "شكل. العنوان: الحصص."
    True
    """
    if fig in _ALT:
        return _ALT[fig]
    lang = "ar" if _ARABIC.search(_titles(fig)) else "en"
    return describe(fig, lang)


def _plain_range(index: pd.Index) -> bool:
    import pandas as pd

    return (
        isinstance(index, pd.RangeIndex)
        and index.name is None
        and index.start == 0
        and index.step == 1
    )


def is_arabic_table(df: pd.DataFrame) -> bool:
    """Whether ``df`` is an Arabic display table: Arabic letters in its headers.

    The headers (column labels and index names) are what :func:`gulfsec.plotting.tables.localise`
    translates; a frame of ids and English headers is not Arabic, whatever its cells hold.

    Examples
    --------
    >>> import pandas as pd
    >>> is_arabic_table(pd.DataFrame({"السنة": [2003]})), is_arabic_table(pd.DataFrame({"year": [2003]}))
    (True, False)
    """
    headers = [*df.columns.to_flat_index(), *df.index.names]
    return any(_ARABIC.search(str(h)) for h in headers if h is not None)


def _isolated(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each Arabic text (cells, headers, index values) passed through ``isolate_ltr``.

    Only text with Arabic letters is changed: a cell without them (a number, a range, an
    English citation) takes its own direction from its first letter in every stylesheet that
    shows these tables (``unicode-bidi: plaintext``), and stays as it is.
    """

    def iso(v: object) -> object:
        return isolate_ltr(v) if isinstance(v, str) and _ARABIC.search(v) else v

    def iso_index(index: pd.Index) -> pd.Index:
        if index.nlevels > 1:
            return index.set_levels([lev.map(iso) for lev in index.levels]).rename(
                [iso(n) for n in index.names]
            )
        return index.map(iso).rename(iso(index.name))

    shown = df.map(iso)
    shown.columns = iso_index(df.columns)
    shown.index = iso_index(df.index)
    return shown


def table_html(df: pd.DataFrame) -> str:
    """A DataFrame as notebook HTML: whole cell texts, no meaningless 0-based index column.

    The same HTML as pandas' own display (``DataFrame.to_html(notebook=True)`` with the
    display options for rows and columns), except that no cell is cut and an unnamed
    0-based ``RangeIndex`` is not shown (any other index, or a named one, is). An Arabic
    table (:func:`is_arabic_table`) is wrapped in ``<div dir="rtl" lang="ar">``, so that its
    columns run from the right, and the formulas, signed numbers and ranges inside its
    Arabic cells and headers are left-to-right isolates; a cell without Arabic (a number, a
    range, a citation) takes its own direction from the stylesheets (``unicode-bidi:
    plaintext`` on table cells, in JupyterLab's ``custom.css``, the report pages and Voila).
    The frame itself is not changed.

    Examples
    --------
    >>> import pandas as pd
    >>> html = table_html(pd.DataFrame({"term": ["x" * 80]}))
    >>> "x" * 80 in html and "<th>0</th>" not in html and "dir=" not in html
    True
    >>> html = table_html(pd.DataFrame({"الفترة": ["1971–1979", "من 1971–1979"]}))
    >>> html.startswith('<div dir="rtl" lang="ar">') and "<td>1971–1979</td>" in html
    True
    >>> "<td>من \u20661971–1979\u2069</td>" in html
    True
    """
    import pandas as pd

    arabic = is_arabic_table(df)
    shown = _isolated(df) if arabic else df
    with pd.option_context("display.max_colwidth", None):
        html = shown.to_html(
            notebook=True,
            index=not _plain_range(df.index),
            max_rows=pd.get_option("display.max_rows"),
            max_cols=pd.get_option("display.max_columns"),
            show_dimensions=pd.get_option("display.show_dimensions"),
            float_format=pd.get_option("display.float_format"),
            bold_rows=True,
            escape=True,
        )
    return f"<div {RTL_ATTRIBUTES}>\n{html}\n</div>" if arabic else html


def use_display() -> None:
    """Register the figure and table formatters in the running IPython kernel (idempotent).

    Examples
    --------
    >>> use_display()  # outside IPython: nothing to do
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of every kernel
        return
    ip = get_ipython()
    if ip is None:
        return
    import pandas as pd
    from matplotlib.figure import Figure

    formatters = ip.display_formatter.formatters
    html = formatters["text/html"]
    html.for_type(pd.DataFrame, table_html)
    png = formatters["image/png"]
    try:
        inline = png.lookup_by_type(Figure)
    except KeyError:
        # matplotlib loads its backend lazily, at the first figure; the inline backend
        # registers its formatter when it is loaded. Load it now (no figure exists yet, so
        # switching to the configured backend changes nothing else).
        import matplotlib
        import matplotlib.pyplot as plt

        if plt.get_fignums():
            return
        plt.switch_backend(matplotlib.get_backend())
        try:
            inline = png.lookup_by_type(Figure)
        except KeyError:  # no inline backend: figures are not shown as PNG here
            return
    if getattr(inline, _MARK, False):
        return

    def png_with_alt(fig: Figure):
        data = inline(fig)
        return None if data is None else (data, {"alt": alt_text(fig)})

    setattr(png_with_alt, _MARK, True)
    png.for_type(Figure, png_with_alt)
