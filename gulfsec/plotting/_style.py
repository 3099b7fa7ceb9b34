"""House style: one seaborn theme, one font with Arabic glyphs, colour-blind-safe colours.

The theme is seaborn's (:func:`seaborn.set_theme`), so that the figure code reads as in
seaborn's documentation; the project sets only what it needs on top: DejaVu Sans for every
text (the one bundled matplotlib face with Arabic glyphs, upright only), the Okabe-Ito
palette, and ``text.parse_math`` off (texts from the data are drawn as written). Because
mathtext is off, matplotlib's log-scale tick formatter (which writes ``$\\mathdefault{10^{8}}$``)
would show its TeX; :func:`log_axis` gives a log axis plain-text tick labels instead.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import seaborn as sns
from matplotlib.ticker import FuncFormatter, NullFormatter

from gulfsec._validate import check_choice
from gulfsec.i18n import check_lang, label

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe qualitative palette (black last).
CB_PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
]
#: Perceptually uniform, colour-blind-safe colour maps.
SEQUENTIAL_CMAP = "cividis"
DIVERGING_CMAP = "PuOr"
#: The article's three-way division of the Gulf (passage 10).
SUBREGION_COLORS: dict[str, str] = {"north": "#E69F00", "east": "#009E73", "west": "#0072B2"}

_GLYPH_WARNING = r"(?s).*Glyph .* missing from font"


#: The rc settings the project adds to seaborn's "ticks" theme (see :func:`use_style`).
STYLE_RC: dict[str, object] = {
    "font.family": ["DejaVu Sans"],
    "font.sans-serif": ["DejaVu Sans"],
    "font.style": "normal",
    "mathtext.fontset": "dejavusans",
    # Text from the data ("$" in a title, "$\\require{action}$") is drawn as written, never
    # parsed as mathtext: a figure cannot fail, or change, because of a dollar.
    "text.parse_math": False,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": SEQUENTIAL_CMAP,
    "figure.constrained_layout.use": True,
}


def use_style(lang: str = "en") -> None:
    """Apply the house style for figures in ``lang``: seaborn's theme with the project's rc.

    :func:`seaborn.set_theme` with the "ticks" style, the colour-blind-safe palette
    (:data:`CB_PALETTE`) and DejaVu Sans, then :data:`STYLE_RC` (sizes readable at report
    size, mathtext off, constrained layout). A missing-glyph warning becomes an error so that
    tofu boxes never reach a report.

    Parameters
    ----------
    lang : {"en", "ar"}
        Language of the figures to come (validated; the style is the same for both).

    Examples
    --------
    >>> use_style("ar")
    >>> import matplotlib as mpl
    >>> mpl.rcParams["font.family"], mpl.rcParams["text.parse_math"]
    (['DejaVu Sans'], False)
    """
    check_lang(lang)
    sns.set_theme(context="notebook", style="ticks", palette=CB_PALETTE, rc=STYLE_RC)
    warnings.filterwarnings("error", message=_GLYPH_WARNING)
    from gulfsec.plotting.display import use_display

    use_display()  # in a kernel: figures carry their description, tables show whole text


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_label(value: float, base: int = 10) -> str:
    """A power of ``base`` as plain text with Unicode superscripts (``"10⁸"``); else ``""``.

    The tick text of :func:`log_axis`: plain characters that DejaVu Sans has, never TeX.

    Examples
    --------
    >>> power_label(1e8), power_label(0.01), power_label(3e8)
    ('10⁸', '10⁻²', '')
    """
    if not value > 0 or not math.isfinite(value):
        return ""
    exp = round(math.log(value, base))
    if not math.isclose(value, float(base) ** exp, rel_tol=1e-9):
        return ""
    return f"{base}{str(exp).translate(_SUPERSCRIPT)}"


def log_axis(ax: Axes, which: str = "y", base: int = 10) -> None:
    """Put an axis of ``ax`` on a log scale whose tick labels are plain text (``10⁸``, not TeX).

    matplotlib's own log formatter writes mathtext (``$\\mathdefault{10^{8}}$``), which the
    house style does not parse (``text.parse_math`` is off for the data's sake); this keeps
    matplotlib's log locator and labels the decades with :func:`power_label` (minor ticks
    unlabelled).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    which : {"x", "y"}
    base : int

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([1, 2], [1e6, 1e8])
    >>> log_axis(ax, "y")
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_yticklabels() if t.get_text()][:3]
    ['10⁵', '10⁶', '10⁷']
    """
    check_choice("which", which, ("x", "y"))
    getattr(ax, f"set_{which}scale")("log", base=base)
    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _: power_label(v, base)))
    axis.set_minor_formatter(NullFormatter())


def new_figure(width: float = 9.0, height: float = 5.0, **kwargs):
    """Create a figure and axes at report size (inches), in the house style.

    Examples
    --------
    >>> fig, ax = new_figure(6, 4)
    >>> fig.get_size_inches().tolist()
    [6.0, 4.0]
    """
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height), **kwargs)


def finish(
    ax: Axes,
    *,
    title: str,
    xlabel: str | None = None,
    ylabel: str | None = None,
    lang: str = "en",
) -> Axes:
    """Title and label an axes; in Arabic the title is right-aligned.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    title, xlabel, ylabel : str
        Already translated texts (take them from :func:`gulfsec.i18n.label`).
    lang : {"en", "ar"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> _ = finish(ax, title="T", xlabel="x", ylabel="y")
    >>> ax.get_title(loc="left")
    'T'
    """
    check_lang(lang)
    ax.set_title(title, loc="right" if lang == "ar" else "left")
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


def rtl_y_axis(ax: Axes, lang: str) -> None:
    """In Arabic, move the y axis (ticks, label and spine) to the right, where reading starts.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> rtl_y_axis(ax, "ar")
    >>> ax.yaxis.get_label_position()
    'right'
    """
    if check_lang(lang) == "ar":
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        ax.spines[["left"]].set_visible(False)
        ax.spines[["right"]].set_visible(True)


def caption(fig: Figure, lang: str = "en", text: str | None = None) -> None:
    """Add the source caption under a figure (right-aligned in Arabic).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> caption(fig, "en")
    """
    check_lang(lang)
    text = text or label("source.caption", lang)
    x, ha = (0.99, "right") if lang == "ar" else (0.01, "left")
    fig.text(x, -0.02, text, ha=ha, va="top", fontsize=8, color="#555555")
