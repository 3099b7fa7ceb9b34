"""Display tables and the figure of the claims ledger (:mod:`gulfsec.evidence`).

- :func:`ledger_table` -- one row per testable claim: the claim, its lines, the data, the
  test, the verdict, the numbers behind it and what would change it, in ``lang``.
- :func:`untestable_table` -- the claims these data cannot reach, with the reason.
- :func:`plot_ledger` -- every claim at the article's lines that make it, coloured by verdict.

Every visible string comes from ``gulfsec/labels/evidence.csv``; actor ids inside a finding
are replaced by the actors' short names in ``lang`` (from ``data/actors.csv``).
"""

from __future__ import annotations

import re
from numbers import Integral
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from gulfsec import evidence
from gulfsec.alliances import ATOP_OBLIGATIONS
from gulfsec.i18n import check_lang, join_list, label
from gulfsec.networks import RIVALRY_TYPES
from gulfsec.plotting._style import caption, finish, rtl_y_axis, use_style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from gulfsec.data import Dataset

__all__ = ["VERDICT_COLORS", "VERDICT_MARKERS", "ledger_table", "plot_ledger", "untestable_table"]

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
_TOKEN = re.compile(r"\b[A-Za-z]+\b")
_RANGE = re.compile(r"(\d{4})–(\d{4})")


def _isolate(text: str, lang: str) -> str:
    """In Arabic, a year range is isolated left to right (U+2066 ... U+2069), so that
    "1980–2003" is not shown as "2003–1980" in a right-to-left line."""
    return _RANGE.sub("\u2066\\1–\\2\u2069", text) if lang == "ar" else text


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
    rows = []
    for cid, r in led.iterrows():
        if r["verdict"] == "not_testable" and not r["numbers"]:
            continue
        rows.append(
            {
                label("evidence.col.claim", lang): label(f"evidence.claim.{cid}", lang),
                label("evidence.col.passages", lang): join_list(
                    [str(p) for p in r["passages"]], lang
                ),
                label("evidence.col.datasets", lang): _datasets(r["datasets"], lang),
                label("evidence.col.test", lang): label(f"evidence.test.{cid}", lang),
                label("evidence.col.verdict", lang): label(
                    f"evidence.verdict.{r['verdict']}", lang
                ),
                label("evidence.col.finding", lang): _finding(str(cid), r["numbers"], ds, lang),
                label("evidence.col.change", lang): label(f"evidence.change.{cid}", lang),
            }
        )
    return pd.DataFrame(rows)


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
    rows = []
    for cid, r in led.iterrows():
        if r["verdict"] != "not_testable" or r["numbers"]:
            continue
        rows.append(
            {
                label("evidence.col.claim", lang): label(f"evidence.claim.{cid}", lang),
                label("evidence.col.passages", lang): join_list(
                    [str(p) for p in r["passages"]], lang
                ),
                label("evidence.col.why", lang): _isolate(label(f"evidence.why.{cid}", lang), lang),
            }
        )
    return pd.DataFrame(rows)


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
