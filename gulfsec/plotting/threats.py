"""Figures, display tables and the weight sliders for the threat matrices (:mod:`gulfsec.threats`).

Every function takes ``lang`` ("en" | "ar"); visible strings come from the label catalogue
(``gulfsec/labels/threats.csv``) or from the data's ``_en``/``_ar`` columns (threat titles,
criterion names, actors' ``short_en``/``short_ar``).

- :func:`plot_scores` -- threat x criterion heatmap of the coded scores (with the +- points
  the Monte Carlo may move each one, from the coder's confidence).
- :func:`plot_matrix` -- threat x state risk heatmap, ordered and annotated.
- :func:`plot_rank_uncertainty` -- median rank with 5-95 % intervals and P(top k).
- :func:`plot_methods` -- ranks under arithmetic vs geometric aggregation (slope chart).
- :func:`plot_contributions` -- each criterion's share of each threat's severity.
- :func:`weight_sliders` -- ipywidgets sliders that redraw the ranking; only in a live
  Jupyter session (:func:`live_widgets`).
- ``*_table`` functions -- results as display tables with localised headers.

The heatmaps are :func:`seaborn.heatmap` and the rank intervals :func:`seaborn.pointplot`;
:func:`plot_contributions` stacks its bars with matplotlib (``barh`` with ``left=``): seaborn
has no stacked bar chart.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D

from gulfsec import threats
from gulfsec.i18n import check_lang, label
from gulfsec.plotting._style import CB_PALETTE, SEQUENTIAL_CMAP, caption, finish, use_style
from gulfsec.plotting.display import describe
from gulfsec.plotting.tables import localise

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gulfsec.data import Dataset

__all__ = [
    "INTENSITY_COLORS",
    "conflict_evidence_table",
    "criteria_table",
    "live_widgets",
    "matrix_table",
    "plot_conflict_intensity",
    "plot_contributions",
    "plot_matrix",
    "plot_methods",
    "plot_rank_uncertainty",
    "plot_scores",
    "ranking_table",
    "sensitivity_table",
    "territorial_table",
    "uncertainty_table",
    "weight_sliders",
]

_WRAP = 34
_SLOPE_WRAP = 38  # characters per line of a slope-chart label (9-inch figure)


def _wrap(text: str, width: int = _WRAP) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _threat_labels(ds: Dataset, ids: list[str], lang: str, width: int = _WRAP) -> list[str]:
    names = threats.threat_names(ds, lang)
    return [_wrap(names[t], width) for t in ids]


def _criterion_names(ds: Dataset, lang: str) -> dict[str, str]:
    return ds.threat_criteria[f"name_{lang}"].to_dict()


def _state_names(ds: Dataset, ids: list[str], lang: str) -> list[str]:
    return [str(ds.actors.loc[a, f"short_{lang}"]) for a in ids]


def _y_side(ax: Axes, lang: str) -> None:
    """In Arabic, put the category labels on the right (reading starts there), right-aligned."""
    if lang == "ar":
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        ax.tick_params(axis="y", labelright=True, labelleft=False)
        for t in ax.get_yticklabels():
            t.set_multialignment("right")


def _caption(fig: Figure, lang: str, text: str) -> None:
    caption(fig, lang, "\n".join(textwrap.wrap(text, 150)))


def _annotated_heatmap(
    ax: Axes,
    values: pd.DataFrame,
    texts: list[list[str]],
    vmin: float,
    vmax: float,
    cbar_label: str,
    xticklabels: list[str],
    yticklabels: list[str],
    lang: str,
) -> None:
    """:func:`seaborn.heatmap` with a text per cell, column labels on top, rows on the reading side.

    The colour bar is on the side away from the row labels (left in Arabic); seaborn picks a
    dark or light text for each cell from the cell's colour.
    """
    sns.heatmap(
        values.astype(float),
        vmin=vmin,
        vmax=vmax,
        cmap=SEQUENTIAL_CMAP,
        annot=np.array(texts, dtype=object),
        fmt="",
        annot_kws={"fontsize": 10},
        cbar_kws={
            "label": cbar_label,
            "location": "left" if lang == "ar" else "right",
            "shrink": 0.85,
            "pad": 0.02,
        },
        xticklabels=xticklabels,
        yticklabels=yticklabels,
        ax=ax,
    )
    ax.tick_params(length=0, labelrotation=0)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    _y_side(ax, lang)


def plot_scores(ds: Dataset, level: str = "main", lang: str = "en") -> Figure:
    """Heatmap of the coded scores, threats x criteria, each cell ``score +-k``.

    ``k`` is the Monte-Carlo perturbation the coder's confidence allows
    (:data:`gulfsec.threats.CONFIDENCE_SPREAD`); no ``+-`` means high confidence.

    Examples
    --------
    >>> import gulfsec
    >>> fig = plot_scores(gulfsec.load(), "main", "ar")   # doctest: +SKIP
    """
    check_lang(lang)
    use_style(lang)
    sc, conf = threats.score_matrix(ds, level), threats.confidence_matrix(ds, level)
    if lang == "ar":  # first criterion on the right
        sc, conf = sc[sc.columns[::-1]], conf[conf.columns[::-1]]
    ids = list(sc.index)
    height = max(4.0, 0.42 * len(ids) + 2.2)
    fig, ax = plt.subplots(figsize=(9.0, height))
    texts = [
        [
            f"{sc.iloc[i, j]}"
            + (
                f" ±{threats.CONFIDENCE_SPREAD[conf.iloc[i, j]]}"
                if conf.iloc[i, j] != "high"
                else ""
            )
            for j in range(sc.shape[1])
        ]
        for i in range(sc.shape[0])
    ]
    crit = _criterion_names(ds, lang)
    _annotated_heatmap(
        ax,
        sc,
        texts,
        0,
        threats.SCALE_MAX,
        label("threats.cbar.score", lang),
        [crit[c] for c in sc.columns],
        _threat_labels(ds, ids, lang, 40),
        lang,
    )
    n_main = int((ds.threats.loc[ids, "parent_id"] == "").sum())
    if 0 < n_main < len(ids):  # separate the main threats from the sub-threats
        ax.axhline(n_main, color="white", lw=4)  # row i spans [i, i + 1] in a heatmap
    finish(
        ax,
        title=label("threats.title.scores", lang),
        xlabel=label("threats.axis.criterion", lang),
        ylabel=label("threats.axis.threat", lang),
        lang=lang,
    )
    _caption(fig, lang, label("threats.caption.scores", lang))
    describe(fig, lang, "plot.alt.threats.scores")
    return fig


def plot_matrix(matrix: threats.ThreatMatrix, ds: Dataset, lang: str = "en") -> Figure:
    """Risk heatmap, main threats (by severity) x littoral states (by mean risk).

    Cells show ``risk`` (``severity x exposure / 5``) and, small, the coded exposure.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec.threats import threat_matrix
    >>> ds = gulfsec.load()                                # doctest: +SKIP
    >>> fig = plot_matrix(threat_matrix(ds), ds, "en")     # doctest: +SKIP
    """
    check_lang(lang)
    use_style(lang)
    wide = matrix.wide
    if lang == "ar":  # highest-risk state on the right
        wide = wide[wide.columns[::-1]]
    expo = matrix.tidy.set_index(["threat_id", "actor_id"])["exposure"]
    fig, ax = plt.subplots(figsize=(9.5, 4.8))
    texts = [
        [
            f"{wide.loc[t, s]:.2f}\n(" + label("threats.cell.exposure", lang, e=expo[t, s]) + ")"
            for s in wide.columns
        ]
        for t in wide.index
    ]
    vmax = max(1e-9, float(np.nanmax(wide.to_numpy())))
    ylabels = [
        f"{lbl}\n" + label("threats.axis.severity_value", lang, s=matrix.severity[t])
        for t, lbl in zip(wide.index, _threat_labels(ds, list(wide.index), lang, 30), strict=True)
    ]
    _annotated_heatmap(
        ax,
        wide,
        texts,
        0,
        max(vmax, 1.0),
        label("threats.cbar.risk", lang),
        _state_names(ds, list(wide.columns), lang),
        ylabels,
        lang,
    )
    finish(
        ax,
        title=label("threats.title.matrix", lang),
        xlabel=label("threats.axis.state", lang),
        ylabel=label("threats.axis.threat_by_severity", lang),
        lang=lang,
    )
    _caption(fig, lang, label("threats.caption.matrix", lang))
    describe(fig, lang, "plot.alt.threats.matrix")
    return fig


def _median_rank(ranks: np.ndarray) -> float:
    """The median rank of the draws, by the rule of :func:`gulfsec.threats.simulate_ranks`."""
    return float(np.quantile(ranks, 0.5, method="inverted_cdf"))


def _rank_interval(ranks: np.ndarray) -> tuple[float, float]:
    """The 5-95 % rank interval of the draws, by the rule of the summary table."""
    lo, hi = np.quantile(ranks, [0.05, 0.95], method="inverted_cdf")
    return float(lo), float(hi)


def plot_rank_uncertainty(result: threats.RankUncertainty, ds: Dataset, lang: str = "en") -> Figure:
    """Median rank (dot), 5-95 % interval (bar) and default rank (diamond) per threat.

    The dots and bars are :func:`seaborn.pointplot` of the Monte-Carlo draws themselves
    (median and 5-95 % quantiles, the rule of the summary table).

    A narrow side panel shows each threat's probability of being in the top ``k``. In Arabic
    the figure is mirrored (rank 1 and the threat names on the right).

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec.threats import rank_uncertainty
    >>> ds = gulfsec.load()                                            # doctest: +SKIP
    >>> fig = plot_rank_uncertainty(rank_uncertainty(ds, 500), ds)     # doctest: +SKIP
    """
    check_lang(lang)
    use_style(lang)
    s = result.summary
    ids = list(s.index)
    n = len(ids)
    k = result.settings.get("top_k", 1)
    ratios = [1, 3.4] if lang == "ar" else [3.4, 1]
    height = max(3.8, 0.36 * n + 2.0)
    fig, axes = plt.subplots(
        1,
        2,
        figsize=(9.0, height),
        sharey=True,
        gridspec_kw={"width_ratios": ratios, "wspace": 0.02},
    )
    ax, axp = (axes[1], axes[0]) if lang == "ar" else (axes[0], axes[1])
    y = np.arange(n)
    names = _threat_labels(ds, ids, lang, 40 if n > 6 else 30)
    # The draws themselves, one row per (draw, threat): seaborn takes the median and the
    # 5-95 % interval with the same quantile rule as the summary table.
    draws = pd.DataFrame(result.ranks, columns=result.threat_ids)[ids]
    draws.columns = names
    sns.pointplot(
        data=draws.melt(var_name="threat", value_name="rank"),
        x="rank",
        y="threat",
        order=names,
        estimator=_median_rank,
        errorbar=_rank_interval,
        color=CB_PALETTE[0],
        marker="o",
        markersize=9,
        linestyle="none",
        err_kws={"linewidth": 7, "alpha": 0.45},
        ax=ax,
    )
    ax.plot(s["base_rank"], y, "D", color=CB_PALETTE[1], ms=6, mec="black", mew=0.6)
    ax.set_xlim(0.5, n + 0.5)
    ax.set_xticks(range(1, n + 1, 1 if n <= 12 else 2))
    ax.set_ylabel("")
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6)
    ax.set_axisbelow(True)
    p = s["p_top_k"].to_numpy(float)
    axp.barh(y, p, color=CB_PALETTE[2], height=0.55)
    for yi, v in zip(y, p, strict=True):
        axp.text(v + 0.03, yi, f"{v:.0%}", va="center", ha="left", fontsize=9)
    axp.set_xlim(0, 1.45)
    axp.set_xticks([0, 0.5, 1])
    axp.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    axp.set_xlabel(label("threats.axis.p_top", lang, k=k))
    axp.tick_params(axis="y", left=False, right=False, labelleft=False, labelright=False)
    for side in ("left", "right"):
        axp.spines[side].set_visible(False)
    if lang == "ar":
        ax.invert_xaxis()
        axp.invert_xaxis()
        for t in axp.texts:
            t.set_ha("right")
        ax.spines["left"].set_visible(False)
        ax.spines["right"].set_visible(True)
    _y_side(ax, lang)
    handles = [
        Line2D([], [], color=CB_PALETTE[0], lw=7, alpha=0.45, label=label("threats.legend.interval", lang)),
        Line2D([], [], color=CB_PALETTE[0], marker="o", ls="", ms=9, label=label("threats.legend.median", lang)),
        Line2D(
            [], [], color=CB_PALETTE[1], marker="D", ls="", ms=6, mec="black",
            label=label("threats.legend.base", lang),
        ),
    ]  # fmt: skip
    below = -0.5 / max(height - 1.3, 1.0)  # about half an inch under the axes, in axes units
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, below), ncol=3, frameon=False
    )
    target = result.settings.get("target", "all")
    if target == "all":
        title = label("threats.title.rank", lang, n=f"{result.ranks.shape[0]:,}")
    else:
        title = label(
            "threats.title.rank_state",
            lang,
            n=f"{result.ranks.shape[0]:,}",
            state=ds.actors.loc[target, f"short_{lang}"],
        )
    finish(ax, title=title, xlabel=label("threats.axis.rank", lang), lang=lang)
    _caption(fig, lang, label("threats.caption.rank", lang, c=result.settings["concentration"]))
    describe(fig, lang, "plot.alt.threats.ranks")
    return fig


def plot_methods(
    ds: Dataset,
    weights: Mapping[str, float] | None = None,
    level: str = "all",
    lang: str = "en",
) -> Figure:
    """Slope chart: each threat's rank under arithmetic and geometric aggregation.

    Lines that cross are threats whose order depends on whether a low score can be
    compensated; threats that climb or fall under the geometric mean are drawn in colour.
    Tied threats share a rank number and are stacked one under the other. In Arabic the
    arithmetic column is on the right.

    Examples
    --------
    >>> import gulfsec
    >>> fig = plot_methods(gulfsec.load())     # doctest: +SKIP
    """
    check_lang(lang)
    use_style(lang)
    w = threats._weights(ds, weights)  # None = the codebook's defaults
    cmp = threats.compare_methods(threats.score_matrix(ds, level), w)
    n = len(cmp)
    ids = list(cmp.index)

    def rows(first: str, then: str) -> dict[str, int]:  # row of each threat; ties stacked
        order = sorted(ids, key=lambda t: (cmp.loc[t, first], cmp.loc[t, then], t))
        return {t: i for i, t in enumerate(order)}

    pos_a = rows("rank_arithmetic", "rank_geometric")
    pos_g = rows("rank_geometric", "rank_arithmetic")
    names = threats.threat_names(ds, lang)
    # Long titles in two lines: every label stays inside the axes, so the layout never
    # squeezes the two columns (and their headers) together.
    texts = {
        (t, col): _wrap(f"{int(cmp.loc[t, col])}. {names[t]}", _SLOPE_WRAP)
        for t in ids
        for col in ("rank_arithmetic", "rank_geometric")
    }
    two_lines = any("\n" in v for v in texts.values())
    fig, ax = plt.subplots(figsize=(9.0, max(4.0, (0.4 if two_lines else 0.34) * n + 1.6)))
    xa, xg = (1, 0) if lang == "ar" else (0, 1)
    for t in ids:
        shift = int(cmp.loc[t, "rank_shift"])
        color = CB_PALETTE[2] if shift > 0 else CB_PALETTE[5] if shift < 0 else "#9A9A9A"
        ax.plot(
            [xa, xg], [pos_a[t], pos_g[t]], color=color, lw=2.2 if shift else 1.0, marker="o", ms=4
        )
        for x, pos, col in ((xa, pos_a, "rank_arithmetic"), (xg, pos_g, "rank_geometric")):
            right = x == 1
            ax.text(
                x + (0.03 if right else -0.03),
                pos[t],
                texts[t, col],
                ha="left" if right else "right",
                # a wrapped label's lines align where its script starts reading
                multialignment="right" if lang == "ar" else "left" if right else "right",
                va="center",
                fontsize=8.5,
                color="black" if shift == 0 else color,
            )
    ax.set_xlim(-1.45, 2.45)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xticks([xa, xg])
    ax.set_xticklabels(
        [label("threats.method.arithmetic", lang), label("threats.method.geometric", lang)]
    )
    ax.xaxis.tick_top()
    ax.set_yticks([])
    for side in ("left", "right", "bottom", "top"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=0)
    handles = [
        Line2D([], [], color=CB_PALETTE[2], lw=2.2, label=label("threats.legend.climbs_geo", lang)),
        Line2D([], [], color=CB_PALETTE[5], lw=2.2, label=label("threats.legend.falls_geo", lang)),
        Line2D([], [], color="#9A9A9A", lw=1, label=label("threats.legend.same", lang)),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False)
    finish(ax, title=label("threats.title.methods", lang), lang=lang)
    _caption(fig, lang, label("threats.caption.methods", lang))
    describe(fig, lang, "plot.alt.threats.methods")
    return fig


def plot_contributions(
    ds: Dataset,
    weights: Mapping[str, float] | None = None,
    method: str = "arithmetic",
    level: str = "main",
    lang: str = "en",
) -> Figure:
    """Stacked bars: each criterion's share of each threat's severity (:func:`contributions`).

    Examples
    --------
    >>> import gulfsec
    >>> fig = plot_contributions(gulfsec.load())     # doctest: +SKIP
    """
    check_lang(lang)
    use_style(lang)
    w = threats._weights(ds, weights)  # None = the codebook's defaults
    sc = threats.score_matrix(ds, level)
    order = list(threats.rank(threats.severity(sc, w, method)).sort_values(kind="stable").index)
    c = threats.contributions(sc, w, method).loc[order]
    n = len(order)
    fig, ax = plt.subplots(figsize=(9.0, max(3.6, 0.42 * n + 1.8)))
    left = np.zeros(n)
    crit = _criterion_names(ds, lang)
    y = np.arange(n)
    for j, col in enumerate(c.columns):
        vals = c[col].to_numpy()
        ax.barh(
            y, vals, left=left, color=CB_PALETTE[j % len(CB_PALETTE)], label=crit[col], height=0.65
        )
        for yi, (lft, v) in enumerate(zip(left, vals, strict=True)):
            if v >= 0.07:
                ax.text(lft + v / 2, yi, f"{v:.0%}", ha="center", va="center", fontsize=8.5,
                        color="white" if j in (0, 2, 5, 7) else "black")  # fmt: skip
        left += vals
    ax.set_yticks(y)
    ax.set_yticklabels(_threat_labels(ds, order, lang, 40 if n > 6 else 30))
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    if lang == "ar":
        ax.invert_xaxis()
        ax.spines["left"].set_visible(False)
        ax.spines["right"].set_visible(True)
    _y_side(ax, lang)
    handles, texts = ax.get_legend_handles_labels()
    if lang == "ar":  # first criterion on the right
        handles, texts = handles[::-1], texts[::-1]
    ax.legend(
        handles,
        texts,
        ncol=len(c.columns),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        frameon=False,
    )
    geo = method == "geometric"
    finish(
        ax,
        title=label("threats.title.contrib_geo" if geo else "threats.title.contrib_arith", lang),
        xlabel=label("threats.axis.share_geo" if geo else "threats.axis.share", lang),
        lang=lang,
    )
    _caption(fig, lang, label(f"threats.caption.{method}", lang))
    describe(fig, lang, "plot.alt.threats.contributions")
    return fig


# --------------------------------------------------------------------------- tables


def ranking_table(
    ds: Dataset,
    weights: Mapping[str, float] | None = None,
    method: str = "arithmetic",
    level: str = "main",
    lang: str = "en",
) -> pd.DataFrame:
    """The ranking with the article's order, localised headers and threat titles."""
    r = threats.threat_ranking(ds, weights, method, level)
    return localise(
        r.rename_axis("threat").reset_index(),
        lang,
        headers="threats.col",
        columns=["threat", "severity", "rank", "article_order"],
        decimals=3,
        values={"threat": threats.threat_names(ds, lang)},
    )


def criteria_table(
    ds: Dataset, weights: Mapping[str, float] | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Criteria with their definition, default weight and the weight in use."""
    c = ds.threat_criteria
    t = pd.DataFrame(
        {
            "criterion": c[f"name_{lang}"].to_numpy(),
            "definition": c[f"definition_{lang}"].to_numpy(),
            "default_weight": threats.default_weights(ds).to_numpy(),
            "weight": threats._weights(ds, weights).to_numpy(),  # None = the codebook's defaults
            "sources": [", ".join(map(str, s)) for s in c["sources"]],
        }
    )
    return localise(
        t,
        lang,
        headers="threats.col",
        decimals=3,
        titles={"sources": label("common.sources", lang)},
    )


def matrix_table(matrix: threats.ThreatMatrix, ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """The risk matrix with threat titles as rows and state names as columns."""
    return localise(
        matrix.wide,
        lang,
        headers="threats.col",
        decimals=2,
        column_names=lambda a: str(ds.actors.loc[a, f"short_{lang}"]),
        index=threats.threat_names(ds, lang),
        index_name="threat",
    )


def uncertainty_table(
    result: threats.RankUncertainty, ds: Dataset, lang: str = "en"
) -> pd.DataFrame:
    """Median rank, interval, P(top k) and robustness with localised headers."""
    s = result.summary
    k = result.settings.get("top_k", 1)
    s = s.assign(interval=[f"{a}–{b}" for a, b in zip(s["rank_p05"], s["rank_p95"], strict=True)])
    return localise(
        s.rename_axis("threat").reset_index(),
        lang,
        headers="threats.col",
        columns=["threat", "base_rank", "median_rank", "interval", "p_top_k", "robust"],
        decimals=3,
        values={
            "threat": threats.threat_names(ds, lang),
            "robust": lambda v: label("common.yes" if v else "common.no", lang),
        },
        titles={"p_top_k": label("threats.col.p_top", lang, k=k)},
    )


def sensitivity_table(sens: pd.DataFrame, ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """Rank-interval width under each source of uncertainty, localised."""
    return localise(
        sens.rename_axis("threat").reset_index(),
        lang,
        headers="threats.col",
        columns=[
            "threat",
            "base_rank",
            "width_weights",
            "width_scores",
            "width_method",
            "width_all",
        ],
        values={"threat": threats.threat_names(ds, lang)},
    )


# --------------------------------------------------------------------------- widgets


def live_widgets() -> bool:
    """True only when a reader's browser will show the widgets (JupyterLab, Notebook, Voila).

    The rule: an IPython kernel is running, ``ipywidgets`` imports, and the kernel was started
    by a Jupyter *server* that relays widget messages to a browser. The servers say so in the
    kernel's environment when they start it: ``jupyter_server``'s ``SessionManager``
    (JupyterLab, Notebook 7) sets ``JPY_SESSION_NAME``; Voila sets ``VOILA_KERNEL_ID`` and
    ``VOILA_REQUEST_URL`` (its documented way for a notebook to know it runs in Voila). A
    kernel started through a running ``jupyter server``'s REST API without a session counts
    too: its parent process is a server that wrote ``jpserver-<pid>.json`` into the Jupyter
    runtime folder. papermill, nbval and nbclient start kernels through ``jupyter_client``
    directly, with none of these, so under them this is False and the reports stay static.

    Why not look for a connected front end instead: Voila executes the notebook itself with
    nbclient (its ``VoilaExecutor`` is an ``nbclient.NotebookClient``), exactly as papermill
    does, and the page's widget manager connects to the kernel only after the cells ran; while
    a cell runs, the messages a kernel sees are the same in both cases.

    ``GULFSEC_WIDGETS=0`` (or ``1``) forces the answer.

    Examples
    --------
    >>> live_widgets()      # not in a Jupyter server kernel
    False
    """
    force = os.environ.get("GULFSEC_WIDGETS")
    if force in ("0", "1"):
        return force == "1"
    try:
        from IPython import get_ipython

        ip = get_ipython()
        if ip is None or not hasattr(ip, "kernel"):
            return False
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    if os.environ.get("JPY_SESSION_NAME"):
        return True
    if os.environ.get("VOILA_KERNEL_ID") or os.environ.get("VOILA_REQUEST_URL"):
        return True
    try:
        from pathlib import Path

        from jupyter_core.paths import jupyter_runtime_dir

        return (Path(jupyter_runtime_dir()) / f"jpserver-{os.getppid()}.json").is_file()
    except Exception:  # no jupyter_core, unreadable runtime folder: not a served kernel
        return False


def weight_sliders(ds: Dataset, method: str = "arithmetic", lang: str = "en") -> Any | None:
    """Sliders for the criterion weights (and a method menu) that redraw the ranking.

    Returns the widget box in a live Jupyter session (:func:`live_widgets`), else ``None``
    without doing or printing anything. Each change redraws the contribution bars and prints
    which threats swapped places and why (:func:`gulfsec.threats.describe_weight_change`).

    Examples
    --------
    >>> import gulfsec
    >>> weight_sliders(gulfsec.load()) is None   # under papermill / nbval / plain Python
    True
    """
    check_lang(lang)
    threats.check_method(method)
    if not live_widgets():
        return None
    import ipywidgets as widgets

    defaults = threats.default_weights(ds)
    crit = _criterion_names(ds, lang)
    sliders = {
        c: widgets.FloatSlider(
            value=round(float(defaults[c]), 2),
            min=0.0,
            max=1.0,
            step=0.05,
            description=crit[c],
            continuous_update=False,
            style={"description_width": "initial"},  # the whole criterion name, never cut
            layout=widgets.Layout(width="34em"),
        )
        for c in defaults.index
    }
    menu = widgets.Dropdown(
        options=[(label(f"threats.method.{m}", lang), m) for m in threats.METHODS],
        value=method,
        description=label("threats.widget.method", lang),
    )
    out = widgets.Output()
    names = threats.threat_names(ds, lang)

    def redraw(*_: Any) -> None:
        # The output area's contents are set as the widget's state (append_*), never captured
        # with `with out:` while a cell runs: Voila executes the notebook with nbclient, and a
        # capture during that execution left one page view in five waiting for ever.
        w = {c: s.value for c, s in sliders.items()}
        out.outputs = ()
        if sum(w.values()) <= 0:
            out.append_stdout(label("threats.widget.all_zero", lang) + "\n")
            return
        total = sum(w.values())
        sep = "؛ " if lang == "ar" else "; "
        used = sep.join(f"{crit[c]} {v / total:.2f}" for c, v in w.items())
        ch = threats.weight_change(threats.score_matrix(ds, "main"), defaults, w, menu.value)
        out.append_stdout(
            label("threats.widget.normalised", lang, total=f"{total:.2f}", weights=used)
            + "\n"
            + threats.describe_weight_change(ch, names, crit, lang)
            + "\n"
        )
        fig = plot_contributions(ds, w, menu.value, "main", lang)
        out.append_display_data(fig)
        plt.close(fig)

    for s in [*sliders.values(), menu]:
        s.observe(redraw, names="value")
    box = widgets.VBox([*sliders.values(), menu, out])
    redraw()
    return box


# --------------------------------------------------------------------------- published evidence
#: UCDP intensity levels drawn in :func:`plot_conflict_intensity`: none, minor, war (light to dark).
INTENSITY_COLORS: tuple[str, ...] = ("#F2F2F2", "#E69F00", "#D55E00")


def _threats_of(ds: Dataset, actor: str, lang: str) -> list[str]:
    """The threats (main or sub) whose actors include ``actor``, as '<name> (likelihood, persistence)'."""
    scores = threats.score_matrix(ds, level="all")
    names = threats.threat_names(ds, lang)
    out = []
    for tid, actors in ds.threats["actors"].items():
        if actor in tuple(actors) and tid in scores.index:
            s = scores.loc[tid]
            out.append(
                label("threats.evidence.coded", lang, threat=names[tid],
                      likelihood=int(s["likelihood"]), persistence=int(s["persistence"]))
            )  # fmt: skip
    return out


def conflict_evidence_table(conflicts: pd.DataFrame, ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """UCDP conflict-years per state beside the coded threats that name the state, in ``lang``.

    The coded scores (likelihood and persistence, 0-5) are shown beside the counts of armed-
    conflict years, never combined with them.

    Parameters
    ----------
    conflicts : pandas.DataFrame
        :func:`gulfsec.threats.conflict_years` (index: actor ids of ``ds.actors``).

    Examples
    --------
    >>> import gulfsec, pandas as pd
    >>> c = pd.DataFrame({"conflicts": [2], "conflict_years": [17], "war_years": [11],
    ...     "minor_years": [6], "years_in_conflict": [14], "first_year": [2011],
    ...     "last_year": [2024], "last_intensity": [1]}, index=pd.Index(["YEM"], name="state"))
    >>> int(conflict_evidence_table(c, gulfsec.load(), "en").iloc[0, 2])
    17
    """
    check_lang(lang)

    def last(r: pd.Series) -> str:
        if pd.isna(r["last_year"]):
            return "—"
        return label("threats.evidence.last", lang, year=int(r["last_year"]),
                     intensity=label(f"threats.intensity.{int(r['last_intensity'])}", lang))  # fmt: skip

    t = conflicts.rename_axis("state").reset_index()
    t["coded_threats"] = t["state"].astype(str)
    t["last_year"] = [last(r) for _, r in conflicts.iterrows()]
    sep = "؛ " if lang == "ar" else "; "
    return localise(
        t.astype({"conflict_years": int, "war_years": int, "years_in_conflict": int}),
        lang,
        headers="threats.col",
        columns=[
            "state",
            "coded_threats",
            "conflict_years",
            "war_years",
            "years_in_conflict",
            "last_year",
        ],  # fmt: skip
        values={
            "state": lambda a: str(ds.actors.loc[a, f"short_{lang}"]),
            "coded_threats": lambda a: sep.join(_threats_of(ds, a, lang)) or "—",
        },
    )


def territorial_table(tt: pd.DataFrame, ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """Latent territorial threat per state (with its 90 % interval) beside the coded exposures.

    Parameters
    ----------
    tt : pandas.DataFrame
        :func:`gulfsec.threats.territorial_threat` (index: actor ids).

    Examples
    --------
    >>> import gulfsec, pandas as pd
    >>> t = pd.DataFrame({"year": [2010], "lterrthreat": [0.12], "lwr": [0.07], "upr": [0.18],
    ...                   "sd": [0.03], "rank": [1]}, index=pd.Index(["SAU"], name="state"))
    >>> territorial_table(t, gulfsec.load(), "en").iloc[0, 1]
    '0.12 (0.07 to 0.18)'
    """
    check_lang(lang)
    expo, _ = threats.exposure_matrix(ds)
    names = threats.threat_names(ds, lang)

    def value(r: pd.Series) -> str:
        if pd.isna(r["lterrthreat"]):
            return "—"
        return label("threats.evidence.interval", lang, value=f"{r['lterrthreat']:.2f}",
                     lwr=f"{r['lwr']:.2f}", upr=f"{r['upr']:.2f}")  # fmt: skip

    t = tt.rename_axis("state").reset_index()
    t["territorial"] = [value(r) for _, r in tt.iterrows()]
    t["territorial_rank"] = ["—" if pd.isna(v) else int(v) for v in tt["rank"]]
    for tid in expo.index:
        t[tid] = [int(expo.loc[tid, a]) if a in expo.columns else "—" for a in t["state"]]
    year = int(tt["year"].iloc[0]) if len(tt) else None
    return localise(
        t,
        lang,
        headers="threats.col",
        columns=["state", "territorial", "territorial_rank", *expo.index],
        values={"state": lambda a: str(ds.actors.loc[a, f"short_{lang}"])},
        titles={
            "territorial": label("threats.col.territorial", lang, year=year),
            **{
                tid: label("threats.col.coded_exposure", lang, threat=names[tid])
                for tid in expo.index
            },
        },
    )


def plot_conflict_intensity(intensity: pd.DataFrame, ds: Dataset, lang: str = "en") -> Figure:
    """Year-by-year UCDP intensity of the internal armed conflicts of each state (a heat strip).

    Parameters
    ----------
    intensity : pandas.DataFrame
        :func:`gulfsec.threats.conflict_intensity` (index year; columns actor ids).

    Examples
    --------
    >>> import gulfsec, pandas as pd
    >>> i = pd.DataFrame({"YEM": [0, 2, 1]}, index=pd.Index([2014, 2015, 2016], name="year"))
    >>> fig = plot_conflict_intensity(i, gulfsec.load())
    >>> fig.axes[0].get_xlabel()
    'Year'
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    check_lang(lang)
    use_style(lang)
    states = list(intensity.columns)
    years = intensity.index.to_numpy()
    fig, ax = plt.subplots(figsize=(9.5, 0.55 * len(states) + 2.2))
    cmap = ListedColormap(list(INTENSITY_COLORS))
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5], cmap.N)
    grid = intensity.T.to_numpy()
    ax.imshow(
        grid,
        aspect="auto",
        cmap=cmap,
        norm=norm,
        extent=(years.min() - 0.5, years.max() + 0.5, len(states) - 0.5, -0.5),
        interpolation="nearest",
    )
    ax.set_yticks(range(len(states)))
    ax.set_yticklabels(_state_names(ds, states, lang))
    for y in range(len(states) + 1):
        ax.axhline(y - 0.5, color="white", lw=2)
    ax.spines[["left", "bottom"]].set_visible(False)
    _y_side(ax, lang)
    if lang == "ar":
        ax.invert_xaxis()
    finish(
        ax,
        title=label("threats.title.intensity", lang, start=int(years.min()), end=int(years.max())),
        xlabel=label("threats.axis.year", lang),
        lang=lang,
    )
    handles = [
        Patch(facecolor=c, edgecolor="#999999", label=label(f"threats.intensity.{k}", lang))
        for k, c in enumerate(INTENSITY_COLORS)
    ]
    if lang == "ar":
        handles = handles[::-1]
    fig.legend(handles=handles, loc="outside upper center", ncol=3, frameon=False)
    _caption(fig, lang, label("threats.caption.intensity", lang))
    return fig
