"""Display tables and the figure of the claims ledger (:mod:`gulfsec.evidence`).

- :func:`ledger_table` -- one row per testable claim: the claim, its lines, the data, the
  test, the verdict, the numbers behind it and what would change it, in ``lang``.
- :func:`untestable_table` -- the claims these data cannot reach, with the reason.
- :func:`plot_ledger` -- every claim at the article's lines that make it, coloured by verdict.
- :func:`grid_table` -- the specification grid read claim by claim: the convention's verdict,
  the share of specifications giving each verdict, robust or fragile, and what flips it.
- :func:`plot_grid` -- a specification-curve style strip per claim: one cell per specification,
  coloured and hatched by verdict, the field's convention marked.

Every visible string comes from ``gulfsec/labels/evidence.csv``; actor ids inside a finding
are replaced by the actors' short names in ``lang`` (from ``data/actors.csv``).

Both figures stay matplotlib: :func:`plot_ledger` places claims at article lines (no
statistical plot), and :func:`plot_grid` stacks its cells with ``barh`` and ``left=``, which
seaborn has no function for.
"""

from __future__ import annotations

import re
import textwrap
from numbers import Integral
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gulfsec import evidence
from gulfsec.alliances import ATOP_OBLIGATIONS
from gulfsec.i18n import check_lang, join_list, label
from gulfsec.networks import RIVALRY_TYPES
from gulfsec.plotting._style import caption, finish, rtl_y_axis, use_style
from gulfsec.plotting.display import describe
from gulfsec.plotting.tables import localise

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from gulfsec.data import Dataset

__all__ = [
    "VERDICT_COLORS",
    "VERDICT_HATCHES",
    "VERDICT_MARKERS",
    "grid_table",
    "ledger_table",
    "plot_grid",
    "plot_ledger",
    "untestable_table",
]

#: Verdict colours (Okabe-Ito: bluish green, orange, vermillion, grey) ...
VERDICT_COLORS: dict[str, str] = {
    "supported": "#009E73",
    "partly_supported": "#E69F00",
    "contradicted": "#D55E00",
    "not_testable": "#999999",
}
#: ... and markers, so that the verdict does not rest on colour alone.
VERDICT_MARKERS: dict[str, str] = {
    "supported": "o",
    "partly_supported": "D",
    "contradicted": "X",
    "not_testable": "s",
}
#: ... and hatches for the cells of the grid (grey scale and colour-blind readers).
VERDICT_HATCHES: dict[str, str] = {
    "supported": "",
    "partly_supported": "//",
    "contradicted": "xx",
    "not_testable": "..",
}
_TOKEN = re.compile(r"\b[A-Za-z]+\b")
_RANGE = re.compile(r"(\d{4})–(\d{4})")


def _isolate(text: str, lang: str) -> str:
    """In Arabic, a year range is isolated left to right (U+2066 ... U+2069), so that
    "1980–2003" is not shown as "2003–1980" in a right-to-left line."""
    return _RANGE.sub("\u2066\\1–\\2\u2069", text) if lang == "ar" else text


def _ltr(text: str, lang: str) -> str:
    """In Arabic, a whole option (a window, a band) is isolated left to right."""
    return f"\u2066{text}\u2069" if lang == "ar" else text


def _localise(value: Any, ds: Dataset, lang: str) -> str:
    """A finding's number as text in ``lang``: actor ids, obligations and rivalry types named."""
    text = str(value)
    short = ds.actors[f"short_{lang}"]
    words = {o: label(f"evidence.obligation.{o}", lang) for o in ATOP_OBLIGATIONS}
    words |= {t: label(f"evidence.rivalry.{t}", lang) for t in RIVALRY_TYPES}

    def sub(m: re.Match) -> str:
        w = m.group(0)
        if w in short.index:
            return str(short.loc[w])
        return words.get(w, w)

    text = _TOKEN.sub(sub, text)
    return text.replace("; ", "؛ ").replace(", ", "، ") if lang == "ar" else text


def _finding(claim_id: str, numbers: dict[str, Any], ds: Dataset, lang: str) -> str:
    # counts stay integers, so that label() agrees each with its noun (plural rows)
    return label(
        f"evidence.finding.{claim_id}",
        lang,
        **{
            k: v if isinstance(v, Integral) and not isinstance(v, bool) else _localise(v, ds, lang)
            for k, v in numbers.items()
        },
    )


def _datasets(names: tuple[str, ...], lang: str) -> str:
    return join_list([label(f"evidence.dataset.{n}", lang) for n in names], lang)


def ledger_table(led: pd.DataFrame, ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """The testable claims of :func:`gulfsec.evidence.ledger` for display.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import evidence
    >>> led = evidence.ledger(gulfsec.load(), gulfsec.load_external())   # doctest: +SKIP
    >>> ledger_table(led, gulfsec.load(), "ar").columns[0]                # doctest: +SKIP
    'الدعوى (كما في المقال)'
    """
    check_lang(lang)
    untestable = (led["verdict"] == "not_testable") & ~led["numbers"].astype(bool)
    t = led[~untestable].rename_axis("claim").reset_index()
    t["finding"] = [
        _isolate(_finding(str(c), n, ds, lang), lang)
        for c, n in zip(t["claim"], t["numbers"], strict=True)
    ]
    t["test"] = t["change"] = t["claim"]
    return localise(
        t,
        lang,
        headers="evidence.col",
        columns=["claim", "passages", "datasets", "test", "verdict", "finding", "change"],
        values={
            "claim": lambda c: label(f"evidence.claim.{c}", lang),
            "passages": lambda ps: join_list([str(p) for p in ps], lang),
            "datasets": lambda d: _datasets(d, lang),
            "test": lambda c: label(f"evidence.test.{c}", lang),
            "verdict": lambda v: label(f"evidence.verdict.{v}", lang),
            "change": lambda c: label(f"evidence.change.{c}", lang),
        },
    )


def untestable_table(led: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The claims these data cannot reach, with their lines and the reason.

    Examples
    --------
    >>> import pandas as pd
    >>> led = pd.DataFrame({"passages": [(27,)], "datasets": [()], "verdict": ["not_testable"],
    ...                     "numbers": [{}]}, index=pd.Index(["sectarian_mobilisation"]))
    >>> untestable_table(led).iloc[0, 1]
    '27'
    """
    check_lang(lang)
    untestable = (led["verdict"] == "not_testable") & ~led["numbers"].astype(bool)
    t = led[untestable].rename_axis("claim").reset_index()
    t["why"] = t["claim"]
    return localise(
        t,
        lang,
        headers="evidence.col",
        columns=["claim", "passages", "why"],
        values={
            "claim": lambda c: label(f"evidence.claim.{c}", lang),
            "passages": lambda ps: join_list([str(p) for p in ps], lang),
            "why": lambda c: _isolate(label(f"evidence.why.{c}", lang), lang),
        },
    )


def plot_ledger(led: pd.DataFrame, lang: str = "en") -> Figure:
    """Every claim at the lines of the article that make it, coloured and marked by verdict.

    One row per claim (in the ledger's order, the text's order), one marker per line that
    makes it, joined by a thin line when a claim spans several; the x axis is the article's
    line number, read right to left in Arabic as the text is.

    Examples
    --------
    >>> import pandas as pd
    >>> led = pd.DataFrame({"passages": [(11,), (15, 27)], "verdict": ["supported", "contradicted"]},
    ...                    index=pd.Index(["three_wars", "islands_1971"]))
    >>> fig = plot_ledger(led)
    >>> len(fig.axes[0].get_yticklabels())
    2
    """
    check_lang(lang)
    use_style(lang)
    n = len(led)
    fig, ax = plt.subplots(figsize=(9.5, 0.36 * n + 2.0))
    for i, (_, r) in enumerate(led.iterrows()):
        y = n - 1 - i
        xs = list(r["passages"])
        v = r["verdict"]
        if len(xs) > 1:
            ax.plot([min(xs), max(xs)], [y, y], color=VERDICT_COLORS[v], lw=1, alpha=0.6)
        ax.scatter(
            xs,
            [y] * len(xs),
            s=55,
            color=VERDICT_COLORS[v],
            marker=VERDICT_MARKERS[v],
            edgecolor="black",
            linewidth=0.4,
            zorder=3,
        )
    n_tested = int(led["numbers"].map(bool).sum()) if "numbers" in led else n
    if 0 < n_tested < n:  # the claims these data cannot reach, below a rule
        ax.axhline(n - n_tested - 0.5, color="#555555", lw=0.8, ls="--")
    ax.set_yticks(range(n))
    ax.set_yticklabels([label(f"evidence.short.{cid}", lang) for cid in reversed(led.index)])
    ax.set_xlim(6, 55)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6)
    ax.set_axisbelow(True)
    if lang == "ar":
        ax.invert_xaxis()  # the article's lines run right to left, as the Arabic text does
    rtl_y_axis(ax, lang)
    finish(
        ax,
        title=label("evidence.title.ledger", lang),
        xlabel=label("evidence.axis.line", lang),
        lang=lang,
    )
    present = [v for v in evidence.VERDICTS if (led["verdict"] == v).any()]
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker=VERDICT_MARKERS[v],
            color=VERDICT_COLORS[v],
            markeredgecolor="black",
            markeredgewidth=0.4,
            markersize=8,
            label=label(f"evidence.verdict.{v}", lang),
        )
        for v in present
    ]
    if lang == "ar":
        handles = handles[::-1]
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncol=len(handles),
        frameon=False,
    )
    caption(fig, lang, label("evidence.caption.ledger", lang))
    return fig


def _option(dim: str, value: str, lang: str) -> str:
    """A choice of the grid in ``lang``: the dimension's name and the option (isolated LTR)."""
    key = f"evidence.option.{dim}.{value}"
    try:
        text = label(key, lang)
    except KeyError:  # a window, a band or a count: shown as written
        text = _ltr(value.replace("3:1", "3 : 1"), lang)
    return f"{label(f'evidence.dim.{dim}', lang)}: {text}"


def _flips(flips: tuple[tuple[str, ...], ...], lang: str) -> str:
    parts = []
    for combo in flips:
        items = [_option(*item.split("=", 1), lang) for item in combo]
        parts.append(" + ".join(items))
    return ("؛ " if lang == "ar" else "; ").join(parts) or "—"


def _percent(share: float, lang: str) -> str:
    return f"{round(100 * share)}٪" if lang == "ar" else f"{round(100 * share)} %"


def grid_table(summary: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The specification grid of the ledger, one row per tested claim, for display.

    Columns: the claim (short), its verdict on the field's convention, the number of
    specifications, the share of specifications giving each verdict, robust or fragile, and
    the smallest departures from the convention that flip it.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`gulfsec.evidence.grid_summary`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"convention": ["supported"], "n": [2], "supported": [0.5],
    ...                   "partly_supported": [0.0], "contradicted": [0.5], "not_testable": [0.0],
    ...                   "robust": [False], "flips": [(("measure=milex",),)]},
    ...                  index=pd.Index(["us_greatest_power"], name="claim_id"))
    >>> grid_table(s).iloc[0].tolist()[3:]
    ['supported 50 %, contradicted 50 %', 'fragile', 'measure: military expenditure']
    """
    check_lang(lang)
    sep = "، " if lang == "ar" else ", "

    def shares(r: pd.Series) -> str:
        return sep.join(
            f"{label(f'evidence.verdict.{v}', lang)} {_percent(r[v], lang)}"
            for v in evidence.VERDICTS
            if r[v] > 0
        )

    t = summary.rename_axis("claim").reset_index().astype({"n": int})
    t["share"] = [shares(r) for _, r in summary.iterrows()]
    return localise(
        t,
        lang,
        headers="evidence.col",
        columns=["claim", "convention", "n", "share", "robust", "flips"],
        values={
            "claim": lambda c: label(f"evidence.short.{c}", lang),
            "convention": lambda v: label(f"evidence.verdict.{v}", lang),
            "robust": lambda b: label(f"evidence.robust.{str(bool(b)).lower()}", lang),
            "flips": lambda f: _flips(f, lang),
        },
        titles={
            "n": label("evidence.col.n_specs", lang),
            "share": label("evidence.col.share", lang, verdict=label("evidence.col.verdict", lang)),
        },
    )


def plot_grid(grids: dict[str, pd.DataFrame], lang: str = "en") -> Figure:
    """A specification-curve style strip per claim: every specification, coloured by verdict.

    One row per claim (in the ledger's order); its strip spans 0-100 % of the claim's
    specifications, one cell per specification, sorted by verdict (:data:`evidence.VERDICTS`
    order) with the convention first within its verdict; colour and hatch give the verdict,
    a black dot marks the field's convention (Simonsohn, Simmons & Nelson 2020 draw one point
    per specification in the same way).

    Parameters
    ----------
    grids : dict
        :func:`gulfsec.evidence.specification_grids`.

    Examples
    --------
    >>> import pandas as pd
    >>> g = {"three_wars": pd.DataFrame({"verdict": ["supported"], "convention": [True]}),
    ...      "us_greatest_power": pd.DataFrame({"verdict": ["contradicted", "supported"],
    ...                                        "convention": [True, False]})}
    >>> fig = plot_grid(g)
    >>> len(fig.axes[0].patches)  # one bar per run of equal verdicts
    3
    """
    check_lang(lang)
    use_style(lang)
    n = len(grids)
    rank = {v: i for i, v in enumerate(evidence.VERDICTS)}
    fig, ax = plt.subplots(figsize=(9.5, 0.36 * n + 2.2))
    present: set[str] = set()
    # the cells of every claim are collected first and drawn with one call per kind of artist
    # (bars, rules, convention dots): the same picture as one call per claim, with fewer artists
    bars: dict[str, list[Any]] = {"y": [], "width": [], "left": [], "verdict": []}
    rules: dict[str, list[float]] = {"x": [], "ymin": [], "ymax": [], "linewidth": []}
    dots: dict[str, list[float]] = {"x": [], "y": []}
    for i, (_cid, table) in enumerate(grids.items()):
        y = n - 1 - i
        cells = sorted(
            zip(table["verdict"], table["convention"], strict=True),
            key=lambda vc: (rank[vc[0]], not vc[1]),
        )
        width = 100 / len(cells)
        # one bar per run of equal verdicts, white rules between the specifications
        j = 0
        while j < len(cells):
            v = cells[j][0]
            k = j
            while k < len(cells) and cells[k][0] == v:
                k += 1
            present.add(v)
            bars["y"].append(y)
            bars["width"].append((k - j) * width)
            bars["left"].append(j * width)
            bars["verdict"].append(v)
            j = k
        for m in range(1, len(cells)):
            rules["x"].append(m * width)
            rules["ymin"].append(y - 0.36)
            rules["ymax"].append(y + 0.36)
            rules["linewidth"].append(0.6 if len(cells) < 30 else 0.3)
        conv = next(m for m, (_, c) in enumerate(cells) if c)
        dots["x"].append(conv * width + width / 2)
        dots["y"].append(y)
    if bars["y"]:
        ax.barh(
            bars["y"],
            bars["width"],
            left=bars["left"],
            height=0.72,
            color=[VERDICT_COLORS[v] for v in bars["verdict"]],
            hatch=[VERDICT_HATCHES[v] for v in bars["verdict"]],
            edgecolor="white",
            linewidth=0.6,
        )
    if rules["x"]:
        ax.vlines(
            rules["x"], rules["ymin"], rules["ymax"], color="white", linewidth=rules["linewidth"]
        )
    ax.plot(dots["x"], dots["y"], "o", color="black", markersize=4, zorder=4)
    ax.set_yticks(range(n))
    ax.set_yticklabels(
        [f"{label(f'evidence.short.{cid}', lang)} ({len(t)})" for cid, t in reversed(grids.items())]
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, n - 0.4)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if lang == "ar":
        ax.invert_xaxis()  # read from the right, as the Arabic text is
    rtl_y_axis(ax, lang)
    finish(
        ax,
        title=label("evidence.title.grid", lang),
        xlabel=label("evidence.axis.share", lang),
        lang=lang,
    )
    handles = [
        Patch(
            facecolor=VERDICT_COLORS[v],
            hatch=VERDICT_HATCHES[v],
            edgecolor="white",
            label=label(f"evidence.verdict.{v}", lang),
        )
        for v in evidence.VERDICTS
        if v in present
    ]
    handles.append(
        Line2D([], [], ls="", marker="o", color="black", markersize=5,
               label=label("evidence.legend.convention", lang))
    )  # fmt: skip
    if lang == "ar":
        handles = handles[::-1]
    fig.legend(handles=handles, loc="outside upper center", ncol=len(handles), frameon=False)
    caption(fig, lang, textwrap.fill(label("evidence.caption.grid", lang), 130))
    describe(fig, lang, "evidence.alt.grid")
    return fig
