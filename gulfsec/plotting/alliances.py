"""Figures and display tables for alliance diversification (:mod:`gulfsec.alliances`).

Every function takes ``lang`` ("en" | "ar"); every visible string comes from the label
catalogue (``gulfsec/labels/alliances.csv``) or from the data's ``_en``/``_ar`` columns.

- :func:`plot_scenario_shares` -- partner shares per scenario (stacked bars, with totals).
- :func:`plot_concentration` -- HHI, effective number of partners and total strength per
  scenario, against the equal-shares references.
- :func:`plot_commitment_curve` -- HHI and effective number as the US multiplier varies
  (:func:`seaborn.lineplot`, one line per scenario).
- :func:`plot_networks` -- the GCC's state partners beside Iran's partner armed groups.
- ``*_table`` functions -- the same results as display tables with localised headers.

The stacked bars of :func:`plot_scenario_shares` stay matplotlib (``barh`` with ``left=``):
seaborn has no stacked bar chart. :func:`plot_concentration`'s bars carry no interval and
share their axis with the reference marks; they stay matplotlib too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gulfsec.i18n import check_lang, label
from gulfsec.plotting._style import CB_PALETTE, caption, finish, use_style
from gulfsec.plotting.display import describe
from gulfsec.plotting.tables import localise

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from gulfsec.data import Dataset

__all__ = [
    "arms_table",
    "formal_table",
    "obligations_table",
    "KIND_COLORS",
    "gap_table",
    "network_table",
    "partner_colors",
    "plot_commitment_curve",
    "plot_concentration",
    "plot_networks",
    "plot_scenario_shares",
    "portfolio_table",
    "scenarios_table",
    "shares_table",
    "similarity_table",
    "summary_table",
    "tracks_table",
]

#: Colours of partner kinds in the network figure (Okabe-Ito).
KIND_COLORS: dict[str, str] = {
    "state": "#0072B2",
    "organization": "#009E73",
    "non_state_group": "#D55E00",
}
#: Line styles of tie kinds in the network figure (distinguishable without colour).
TIE_STYLES: dict[str, str] = {
    "alliance": "-",
    "partnership": "--",
    "sponsorship": "-",
    "influence": ":",
    "military_intervention": "-.",
    "": (0, (1, 3)),
}
_SCENARIO_STYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1))]
_BAR = "#0072B2"
_REF = "#000000"


def _short(ds: Dataset, actor_id: str, lang: str) -> str:
    return str(ds.actors.loc[actor_id, f"short_{lang}"])


def _scenario_name(ds: Dataset, sc: str, lang: str, width: int | None = None) -> str:
    name = str(ds.scenarios.loc[sc, f"name_{lang}"])
    return "\n".join(textwrap.wrap(name, width)) if width else name


def partner_colors(partners: Sequence[str]) -> dict[str, str]:
    """A fixed colour per partner, in order, from the colour-blind-safe palette.

    Beyond eight partners, shades of the cividis map are used.

    Examples
    --------
    >>> partner_colors(["USA", "CHN"])
    {'USA': '#0072B2', 'CHN': '#E69F00'}
    """
    out: dict[str, str] = {}
    extra = plt.get_cmap("cividis")
    n_extra = max(1, len(partners) - len(CB_PALETTE))
    for i, p in enumerate(partners):
        if i < len(CB_PALETTE):
            out[p] = CB_PALETTE[i]
        else:
            r, g, b, _ = extra((i - len(CB_PALETTE) + 0.5) / n_extra)
            out[p] = f"#{int(r * 255):02X}{int(g * 255):02X}{int(b * 255):02X}"
    return out


def _text_color(color: str) -> str:
    r, g, b = to_rgb(color)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _suptitle(fig: Figure, text: str, lang: str) -> None:
    x, ha = (0.99, "right") if lang == "ar" else (0.01, "left")
    fig.suptitle(text, x=x, ha=ha, fontweight="bold", fontsize=13)


def _bottom_legend(fig: Figure, handles: list, lang: str, ncol: int, **kw) -> None:
    """Legend in a band at the bottom of the figure, clear of the source caption under it."""
    rows = -(-len(handles) // ncol)
    band = (0.12 + 0.27 * rows) / fig.get_figheight()
    fig.get_layout_engine().set(rect=(0, band, 1, 1 - band))
    fig.legend(
        handles=_legend_order(handles, lang, ncol),
        loc="lower center",
        markerfirst=lang != "ar",
        bbox_to_anchor=(0.5, 0.0),
        ncol=ncol,
        frameon=False,
        **kw,
    )


def _legend_order(handles: list, lang: str, ncol: int = 1) -> list:
    """Order legend entries so that Arabic readers meet them right to left.

    Matplotlib fills a legend column by column, left to right (the first columns take the
    extra entries). For Arabic the first entries go to the rightmost column instead.
    """
    if lang != "ar" or ncol <= 1:
        return handles
    n = len(handles)
    ncol = min(ncol, n)
    rows, big = divmod(n, ncol)
    sizes = [rows + 1 if c < big else rows for c in range(ncol)]  # matplotlib's columns
    cols: list[list] = [[] for _ in range(ncol)]
    k = 0
    for c in reversed(range(ncol)):
        cols[c] = handles[k : k + sizes[c]]
        k += sizes[c]
    return [h for col in cols for h in col]


def plot_scenario_shares(
    ds: Dataset,
    shares: pd.DataFrame,
    summary: pd.DataFrame | None = None,
    lang: str = "en",
    actor: str = "GCC",
) -> Figure:
    """Stacked bars of partner shares, one bar per scenario, total strength at the end.

    Parameters
    ----------
    ds : gulfsec.Dataset
    shares : pandas.DataFrame
        From :func:`gulfsec.alliances.scenario_shares` (scenarios x partners).
    summary : pandas.DataFrame, optional
        From :func:`gulfsec.alliances.scenario_summary`; adds the total strength per bar.
    lang : {"en", "ar"}
    actor : str
        Whose portfolio (for the title).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> fig = plot_scenario_shares(ds, alliances.scenario_shares(ds))
    >>> len(fig.axes)
    1
    """
    check_lang(lang)
    use_style(lang)
    n = len(shares)
    fig, ax = plt.subplots(figsize=(9.0, max(3.6, 1.6 + 0.75 * n)))
    colors = partner_colors(list(shares.columns))
    y = np.arange(n)
    left = np.zeros(n)
    handles = []
    for p in shares.columns:
        vals = shares[p].to_numpy(dtype=float)
        ax.barh(y, vals, left=left, color=colors[p], edgecolor="white", linewidth=0.8, height=0.62)
        for yi, (l0, v) in enumerate(zip(left, vals, strict=True)):
            if v >= 0.06:
                ax.text(
                    l0 + v / 2,
                    yi,
                    f"{v:.0%}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color=_text_color(colors[p]),
                )
        left += vals
        handles.append(Patch(facecolor=colors[p], label=_short(ds, p, lang)))
    if summary is not None:
        for yi, sc in enumerate(shares.index):
            ax.text(
                1.01,
                yi,
                label("alliances.legend.total", lang, total=summary.loc[sc, "total_strength"]),
                va="center",
                ha="left",
                fontsize=9,
                color="#333333",
            )
    ax.set_yticks(y, [_scenario_name(ds, sc, lang, 24) for sc in shares.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    finish(
        ax,
        title=label("alliances.title.shares", lang, actor=_short(ds, actor, lang)),
        xlabel=label("alliances.axis.share", lang),
        lang=lang,
    )
    ncol = len(handles) if len(handles) <= 7 else -(-len(handles) // 2)
    _bottom_legend(fig, handles, lang, ncol=ncol)
    caption(fig, lang, label("alliances.caption.rule", lang))
    describe(fig, lang, "plot.alt.alliances.shares")
    return fig


def plot_concentration(
    ds: Dataset, summary: pd.DataFrame, lang: str = "en", actor: str = "GCC"
) -> Figure:
    """HHI, effective number of partners and total strength per scenario (three panels).

    The HHI panel marks ``1/N`` (equal shares over the scenario's ``N`` partners), the
    effective-number panel marks ``N``: the gap between bar and mark is the inequality of
    the shares. The total-strength panel shows whether a fall in concentration comes from
    growth or from loss.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> fig = plot_concentration(ds, alliances.scenario_summary(ds))
    >>> len(fig.axes)
    3
    """
    check_lang(lang)
    use_style(lang)
    n = len(summary)
    fig, axes = plt.subplots(1, 3, figsize=(9.0, max(3.6, 1.8 + 0.7 * n)), sharey=True)
    y = np.arange(n)
    nn = summary["n_partners"].to_numpy(dtype=float)
    panels = [
        ("hhi", "alliances.panel.hhi", "alliances.axis.hhi", 1.0 / nn, "{:.3f}"),
        ("effective_number", "alliances.panel.effective", "alliances.axis.effective", nn, "{:.2f}"),
        ("total_strength", "alliances.panel.total", "alliances.axis.total", None, "{:g}"),
    ]
    for ax, (col, tkey, xkey, ref, fmt) in zip(axes, panels, strict=True):
        vals = summary[col].to_numpy(dtype=float)
        ax.barh(y, vals, color=_BAR, height=0.6)
        top = max(vals.max(), ref.max() if ref is not None else 0)
        for yi, v in enumerate(vals):
            if ref is not None:  # at the base of the bar, clear of the reference mark
                ax.text(
                    top * 0.03, yi, fmt.format(v), va="center", ha="left", fontsize=9, color="white"
                )
            else:
                ax.text(v + top * 0.02, yi, fmt.format(v), va="center", ha="left", fontsize=9)
        if ref is not None:
            ax.scatter(ref, y, marker="|", s=500, color=_REF, linewidths=2.2, zorder=3)
        ax.set_xlim(0, top * 1.3)
        finish(
            ax,
            title="\n".join(textwrap.wrap(label(tkey, lang), 22)),
            xlabel="\n".join(textwrap.wrap(label(xkey, lang), 28)),
            lang=lang,
        )
        ax.title.set_fontsize(11)
        ax.xaxis.label.set_fontsize(10)
    axes[0].set_yticks(y, [_scenario_name(ds, sc, lang, 20) for sc in summary.index])
    axes[0].invert_yaxis()
    ref_handles = [
        Line2D([], [], marker="|", ls="", ms=14, mew=2.2, color=_REF, label=lab)
        for lab in (
            label("alliances.legend.equal", lang),
            label("alliances.legend.n_partners", lang),
        )
    ]
    _bottom_legend(fig, ref_handles, lang, ncol=2)
    _suptitle(
        fig, label("alliances.title.concentration", lang, actor=_short(ds, actor, lang)), lang
    )
    caption(fig, lang, label("alliances.caption.rule", lang))
    describe(fig, lang, "plot.alt.alliances.concentration")
    return fig


def _dashes(style: str | tuple) -> str | tuple[float, ...]:
    """A matplotlib line style as seaborn's ``dashes`` spec (``""`` is a solid line).

    Named styles take matplotlib's own patterns (``lines.*_pattern``), so that a seaborn line
    and its legend handle (drawn with the style) have the same dashes.
    """
    if style == "-":
        return ""
    if isinstance(style, tuple):  # (offset, (on, off, ...))
        return tuple(style[1])
    names = {"--": "dashed", "-.": "dashdot", ":": "dotted"}
    return tuple(plt.rcParams[f"lines.{names[style]}_pattern"])


def plot_commitment_curve(
    ds: Dataset,
    curve: pd.DataFrame,
    lang: str = "en",
    chosen: float | None = None,
    actor: str = "GCC",
) -> Figure:
    """HHI and effective number of partners as the US multiplier varies, per scenario.

    A dotted line marks the coded strength (x 1), a dashed one the notebook's chosen
    ``us_commitment`` (when not 1); a circle marks each curve's lowest HHI.

    Parameters
    ----------
    ds : gulfsec.Dataset
    curve : pandas.DataFrame
        From :func:`gulfsec.alliances.commitment_curve`.
    lang : {"en", "ar"}
    chosen : float, optional
        The chosen multiplier to mark.
    actor : str

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> fig = plot_commitment_curve(ds, alliances.commitment_curve(ds))
    >>> len(fig.axes)
    2
    """
    check_lang(lang)
    use_style(lang)
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 5.0), sharex=True)
    scen = list(dict.fromkeys(curve["scenario_id"]))
    colours = {sc: CB_PALETTE[i % len(CB_PALETTE)] for i, sc in enumerate(scen)}
    styles = {sc: _SCENARIO_STYLES[i % len(_SCENARIO_STYLES)] for i, sc in enumerate(scen)}
    lowest = curve.loc[curve.groupby("scenario_id", sort=False)["hhi"].idxmin()]
    for ax, col in zip(axes, ("hhi", "effective_number"), strict=True):
        sns.lineplot(
            data=curve, x="us_commitment", y=col, hue="scenario_id", style="scenario_id",
            palette=colours, dashes={sc: _dashes(st) for sc, st in styles.items()},
            estimator=None, lw=2, legend=False, ax=ax,
        )  # fmt: skip
        for sc, r in lowest.set_index("scenario_id").iterrows():
            ax.plot(r["us_commitment"], r[col], "o", color=colours[sc], ms=7, mfc="white")
    handles = [
        Line2D([], [], color=colours[sc], ls=styles[sc], lw=2, label=_scenario_name(ds, sc, lang))
        for sc in scen
    ]
    for ax in axes:
        ax.axvline(1.0, color="#555555", ls=":", lw=1.2)
        if chosen is not None and chosen != 1.0:
            ax.axvline(chosen, color="#555555", ls="--", lw=1.2)
        ax.grid(axis="y", color="#DDDDDD", lw=0.6)
    for ax, key in zip(axes, ("hhi", "effective"), strict=True):
        finish(
            ax,
            title=label(f"alliances.panel.{key}", lang),
            # Two panels side by side: the long axis label in two lines, so that the two
            # labels do not run into each other.
            xlabel=textwrap.fill(label("alliances.axis.us_commitment", lang), 44),
            ylabel=label(f"alliances.axis.{key}", lang),
            lang=lang,
        )
        ax.title.set_fontsize(11)
        ax.xaxis.label.set_fontsize(9.5)
    extra = [
        Line2D([], [], color="#555555", ls=":", label=label("alliances.legend.as_coded", lang)),
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color="#555555",
            mfc="white",
            label=label("alliances.legend.minimum", lang),
        ),
    ]
    if chosen is not None and chosen != 1.0:
        extra.append(
            Line2D(
                [],
                [],
                color="#555555",
                ls="--",
                label=label("alliances.legend.chosen", lang, value=chosen),
            )
        )
    allh = handles + extra
    _bottom_legend(fig, allh, lang, ncol=3, fontsize=9)
    _suptitle(fig, label("alliances.title.curve", lang, actor=_short(ds, actor, lang)), lang)
    caption(fig, lang, label("alliances.caption.rule", lang))
    describe(fig, lang, "plot.alt.alliances.curve")
    return fig


def plot_networks(
    ds: Dataset, contrast: pd.DataFrame, summary: pd.DataFrame, lang: str = "en"
) -> Figure:
    """Each actor's partners as a star: colour = kind of partner, line = kind of tie.

    Line width is proportional to the coded strength. One panel per actor of
    :func:`gulfsec.alliances.network_contrast`, with the summary of
    :func:`gulfsec.alliances.network_summary` under it.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> c = alliances.network_contrast(ds)
    >>> fig = plot_networks(ds, c, alliances.network_summary(c))
    >>> len(fig.axes)
    2
    """
    check_lang(lang)
    use_style(lang)
    actors = list(dict.fromkeys(contrast["actor_id"]))
    if lang == "ar":
        actors = actors[::-1]  # the first network on the right
    fig, axes = plt.subplots(1, len(actors), figsize=(9.0, 5.2))
    axes = np.atleast_1d(axes)
    tie_kinds: list[str] = []
    partner_kinds: list[str] = []
    for ax, actor in zip(axes, actors, strict=True):
        g = contrast.loc[contrast["actor_id"] == actor].reset_index(drop=True)
        k = len(g)
        angles = np.pi / 2 - 2 * np.pi * np.arange(k) / k
        xs, ys = np.cos(angles), np.sin(angles)
        for (_, r), x, yv in zip(g.iterrows(), xs, ys, strict=True):
            tk = r["tie_kind"]
            ax.plot(
                [0, x], [0, yv], color="#444444", ls=TIE_STYLES.get(tk, "-"), lw=1.2 * r["strength"]
            )
            ax.scatter(
                x, yv, s=650, color=KIND_COLORS[r["partner_kind"]], zorder=3, edgecolor="white"
            )
            if abs(x) > 0.3:  # beside the node, away from the centre
                tx, ty, ha = x + np.sign(x) * 0.2, yv, "left" if x > 0 else "right"
            else:  # above or below it
                tx, ty, ha = x, yv + np.sign(yv) * 0.3, "center"
            ax.text(tx, ty, _short(ds, r["partner_id"], lang), ha=ha, va="center", fontsize=10)
            if tk not in tie_kinds:
                tie_kinds.append(tk)
            if r["partner_kind"] not in partner_kinds:
                partner_kinds.append(r["partner_kind"])
        own = str(ds.actors.loc[actor, "kind"])
        if own not in partner_kinds:
            partner_kinds.append(own)
        ax.text(
            0,
            0,
            _short(ds, actor, lang),
            ha="center",
            va="center",
            fontsize=10,
            color="white",
            zorder=4,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.6", "fc": KIND_COLORS[own], "ec": "black"},
        )
        ax.set_xlim(-2.0, 2.0)
        ax.set_ylim(-1.55, 1.55)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        for s in ax.spines.values():
            s.set_visible(False)
        s = summary.loc[actor]
        note = label(
            "alliances.network.summary",
            lang,
            n=int(s["n_partners"]),
            non_state=float(s["non_state_share"]),
            eff=float(s["effective_number"]),
        )
        finish(
            ax,
            title=_short(ds, actor, lang),
            xlabel="\n".join(textwrap.wrap(note, 40)),
            lang=lang,
        )
        ax.title.set_fontsize(11)
        ax.xaxis.label.set_fontsize(9.5)
    kind_handles = [
        Patch(facecolor=KIND_COLORS[k], label=label(f"kind.{k}", lang)) for k in partner_kinds
    ]
    tie_handles = [
        Line2D(
            [],
            [],
            color="#444444",
            ls=TIE_STYLES.get(t, "-"),
            lw=2,
            label=label(f"alliances.tie.{t}", lang),
        )
        for t in tie_kinds
        if t
    ]
    _bottom_legend(fig, kind_handles + tie_handles, lang, ncol=4, fontsize=9)
    _suptitle(fig, label("alliances.title.networks", lang), lang)
    caption(fig, lang)
    describe(fig, lang, "plot.alt.alliances.networks")
    return fig


# --------------------------------------------------------------------------- tables


def _col(key: str, lang: str) -> str:
    return label(f"alliances.col.{key}", lang)


def summary_table(ds: Dataset, summary: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.alliances.scenario_summary` with localised names and headers.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> summary_table(ds, alliances.scenario_summary(ds, "GCC", ["status_quo"]), "en").columns[0]
    'Total strength'
    """
    cols = [
        "total_strength",
        "n_partners",
        "us_share",
        "top_partner",
        "top_share",
        "hhi",
        "normalized_hhi",
        "effective_number",
        "shannon_entropy",
    ]
    return localise(
        summary,
        lang,
        headers="alliances.col",
        columns=cols,
        percent=["us_share", "top_share"],
        decimals=3,
        values={"top_partner": lambda p: _short(ds, p, lang)},
        index=lambda sc: _scenario_name(ds, sc, lang),
        index_name="scenario",
    )


def shares_table(ds: Dataset, shares: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Partner shares (%) per scenario with localised names.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> list(shares_table(ds, alliances.scenario_shares(ds, "GCC", ["status_quo"]), "en").columns)[:2]
    ['United States', 'Britain']
    """
    return localise(
        shares,
        lang,
        headers="alliances.col",
        percent=list(shares.columns),
        column_names=lambda p: _short(ds, p, lang),
        index=lambda sc: _scenario_name(ds, sc, lang),
        index_name="scenario",
    )


def portfolio_table(ds: Dataset, p: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One portfolio (from :func:`gulfsec.alliances.portfolio`) with localised headers.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> portfolio_table(ds, alliances.portfolio(ds), "ar").index[0]
    'الولايات المتحدة'
    """
    return localise(
        p,
        lang,
        headers="alliances.col",
        columns=["tie_kind", "coded_strength", "strength", "share", "origin"],
        percent=["share"],
        decimals=3,
        values={
            "tie_kind": lambda k: label(f"alliances.tie.{k}" if k else "alliances.tie.added", lang),
            # a partner the reader added has no coded strength: "—", as in formal_table
            "coded_strength": lambda v: "—" if pd.isna(v) else float(v),
            "origin": lambda o: label(f"alliances.origin.{o}", lang),
        },
        index=lambda q: _short(ds, q, lang),
        index_name="partner",
    )


def similarity_table(ds: Dataset, sim: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.alliances.scenario_similarity` with localised names and headers.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> similarity_table(ds, alliances.scenario_similarity(ds), "en").shape
    (4, 2)
    """
    t = localise(
        sim,
        lang,
        headers="alliances.col",
        columns=["cosine", "sr"],
        decimals=3,
        index=lambda sc: _scenario_name(ds, sc, lang),
        index_name="scenario",
        column_names=lambda c: _col(f"similarity_{c}", lang),
    )
    return t


def scenarios_table(ds: Dataset, scenarios: Sequence[str], lang: str = "en") -> pd.DataFrame:
    """The scenarios' names and assumptions in ``lang`` (from ``data/scenarios.csv``).

    Examples
    --------
    >>> import gulfsec
    >>> scenarios_table(gulfsec.load(), ["status_quo"], "en").index[0]
    'Status quo'
    """
    return localise(
        ds.scenarios.loc[list(scenarios)].rename_axis("scenario"),
        lang,
        headers="alliances.col",
        columns=[f"description_{lang}"],
        values={f"description_{lang}": str},
        titles={f"description_{lang}": _col("description", lang)},
        index=lambda sc: _scenario_name(ds, sc, lang),
        index_name="scenario",
    )


def arms_table(conc: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.alliances.arms_concentration` with localised headers.

    Examples
    --------
    >>> from gulfsec import alliances
    >>> df = pd.DataFrame({"recipient": ["A", "A"], "supplier": ["X", "Y"],
    ...                    "period": ["p", "p"], "share": [0.5, 0.5]})
    >>> list(arms_table(alliances.arms_concentration(df), "en").columns)[:2]
    ['Partners', 'HHI']
    """
    t = conc.astype({"hhi": float, "effective_number": float})
    return localise(
        t,
        lang,
        headers="alliances.col",
        columns=["n_partners", "hhi", "effective_number", "top_partner", "top_share"],
        percent=["top_share"],
        decimals=3,
        index_name=["recipient", "period"],
    )


def gap_table(ds: Dataset, gap: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.alliances.balance_gap` with localised names and headers.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> gap_table(ds, alliances.balance_gap(alliances.portfolio(ds)), "en").shape
    (6, 5)
    """
    return localise(
        gap,
        lang,
        headers="alliances.col",
        columns=["strength", "share", "equal_share", "strength_needed", "gap"],
        percent=["share", "equal_share"],
        index=lambda q: _short(ds, q, lang),
        index_name="partner",
    )


def network_table(ds: Dataset, summary: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.alliances.network_summary` with localised names and headers.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> network_table(ds, alliances.network_summary(alliances.network_contrast(ds)), "en").index[1]
    'Iran'
    """
    return localise(
        summary,
        lang,
        headers="alliances.col",
        columns=[
            "n_partners",
            "n_state",
            "n_non_state",
            "non_state_share",
            "hhi",
            "effective_number",
        ],
        percent=["non_state_share"],
        decimals=3,
        index=lambda a: _short(ds, a, lang),
        index_name="actor",
    )


def tracks_table(ds: Dataset, tracks: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.alliances.two_tracks` with localised headers, names and codes.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec import alliances
    >>> ds = gulfsec.load()
    >>> tracks_table(ds, alliances.two_tracks(ds), "en").columns[0]
    'Track'
    """
    check_lang(lang)

    def detail(r: pd.Series) -> str:
        if r["table"] == "actors":
            return label("alliances.detail.gcc_member", lang)
        if r["table"] == "events":
            return f"{r['year']}"
        return " · ".join([label(f"alliances.tie.{r['kind']}", lang), f"{r['strength']:g}",
                           label(f"alliances.trend.{r['trend']}", lang)])  # fmt: skip

    t = tracks.assign(detail=[detail(r) for _, r in tracks.iterrows()]).reset_index(drop=True)
    return localise(
        t,
        lang,
        headers="alliances.col",
        columns=["track", lang, "detail", "sources"],
        values={
            "track": lambda k: label(f"alliances.track.{k}", lang),
            "sources": lambda x: "; ".join(str(v) for v in x),
        },
        titles={lang: _col("item", lang)},
    )


# --------------------------------------------------------------------------- formal obligations
def obligations_table(
    obligations: pd.DataFrame, ds: Dataset, lang: str = "en", outside: Sequence[str] = ()
) -> pd.DataFrame:
    """ATOP obligations for display: one row per pair, a yes/blank cell per obligation.

    Parameters
    ----------
    obligations : pandas.DataFrame
        :func:`gulfsec.alliances.atop_obligations`.
    outside : sequence of str, optional
        If given, only the pairs with one side among these actors (e.g. the outside powers).

    Examples
    --------
    >>> import gulfsec, pandas as pd
    >>> ob = pd.DataFrame({"side_a": ["SAU"], "side_b": ["CHN"], "defense": [0], "offense": [0],
    ...                    "neutral": [0], "nonagg": [1], "consul": [0]})
    >>> obligations_table(ob, gulfsec.load()).iloc[0].tolist()
    ['Saudi Arabia – China', '', '', '', '✓', '']
    """
    check_lang(lang)
    from gulfsec.alliances import ATOP_OBLIGATIONS

    out = set(outside)
    pairs = obligations.reset_index(drop=True)
    if out:
        pairs = pairs[pairs["side_a"].isin(out) | pairs["side_b"].isin(out)]
    pairs = pairs.assign(pair=list(zip(pairs["side_a"], pairs["side_b"], strict=True)))
    return localise(
        pairs.reset_index(drop=True),
        lang,
        headers="alliances.col",
        columns=["pair", *ATOP_OBLIGATIONS],
        values={
            "pair": lambda ab: f"{_short(ds, ab[0], lang)} – {_short(ds, ab[1], lang)}",
            **{o: (lambda v: "✓" if v else "") for o in ATOP_OBLIGATIONS},
        },
        titles={o: label(f"evidence.obligation.{o}", lang) for o in ATOP_OBLIGATIONS},
    )


def formal_table(ds: Dataset, table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.alliances.formal_and_coded` for display, with a last row of HHI values.

    Examples
    --------
    >>> import gulfsec, pandas as pd
    >>> from gulfsec import alliances
    >>> c = pd.DataFrame({"strength": [3.0, 1.0]}, index=["USA", "CHN"])
    >>> t = alliances.formal_and_coded(c, pd.Series({"USA": 0, "CHN": 1}))
    >>> formal_table(gulfsec.load(), t).iloc[0, 0]
    'United States'
    """
    t = table.rename_axis("partner").reset_index().astype({"formal_members": int})
    t["formal_share"] = ["—" if pd.isna(v) else round(100 * v, 1) for v in t["formal_share"]]
    t["coded_share"] = [round(100 * v, 1) for v in t["coded_share"]]
    return localise(
        t,
        lang,
        headers="alliances.col",
        columns=["partner", "coded_strength", "coded_share", "formal_members", "formal_share"],
        values={"partner": lambda q: _short(ds, str(q), lang)},
    )
