"""Figures and display tables for the power-balance history (:mod:`gulfsec.power`).

Every function takes ``lang`` ("en" | "ar"); every visible string comes from the label
catalogue (``gulfsec/labels/power.csv``) or from the data's ``_en``/``_ar`` columns.

- :func:`plot_history` -- the main figure: the coded eras (balance state, climate), the
  three wars and the other dated events, and the coded pole strengths, on one time axis.
- :func:`plot_capability_shares` -- CINC-style shares within the Gulf system over time.
- :func:`plot_ratios` -- dyadic capability ratios (log scale) against the coded eras, with
  the power transitions found.
- :func:`plot_military_expenditure` -- military expenditure (log scale) with the spells of
  mutual build-up.
- ``*_table`` functions -- the same results as display tables with localised headers.

The three yearly series figures draw their lines with :func:`seaborn.lineplot` (through
:func:`_lines`: one hue per series, a unit per stretch of years with data, so that a gap in
the data stays a gap in the line, as seaborn's maintainers advise). :func:`plot_history` stays
matplotlib: its era bands, event bars and step lines are no statistical plot seaborn has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, NullLocator

from gulfsec import power
from gulfsec.i18n import check_lang, join_list, label, year_range
from gulfsec.plotting._style import (
    CB_PALETTE,
    SUBREGION_COLORS,
    caption,
    finish,
    log_axis,
    rtl_y_axis,
    use_style,
)
from gulfsec.plotting.display import describe
from gulfsec.plotting.tables import localise

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "BALANCE_COLORS",
    "CLIMATE_COLORS",
    "POLE_COLORS",
    "agreement_table",
    "buildups_table",
    "coded_transitions_table",
    "dyad_name",
    "era_table",
    "event_key",
    "nmc_transitions_table",
    "periodisation_table",
    "plot_capability_shares",
    "plot_history",
    "plot_military_expenditure",
    "plot_ratios",
]

#: Balance state colours (Okabe-Ito: blue, orange, reddish purple).
BALANCE_COLORS: dict[str, str] = {
    "balanced": "#0072B2",
    "unbalanced": "#E69F00",
    "tilted_to_iran": "#CC79A7",
}
#: Climate is ordinal (tension rising): light to dark grey.
CLIMATE_COLORS: dict[str, str] = {
    "no_war_no_peace": "#D9D9D9",
    "imminent_collision": "#8C8C8C",
    "open_war": "#252525",
}
#: Poles in the colours of the article's three sub-regions (passage 10).
POLE_COLORS: dict[str, str] = {
    "pole_iran": SUBREGION_COLORS["east"],
    "pole_iraq": SUBREGION_COLORS["north"],
    "pole_gcc": SUBREGION_COLORS["west"],
}
_WAR_COLOR = "#BBBBBB"
_OTHER_GREY = "#AAAAAA"


def _short(actors: pd.DataFrame, actor_id: str, lang: str) -> str:
    return str(actors.loc[actor_id, f"short_{lang}"])


def _name(actors: pd.DataFrame, actor_id: object, lang: str) -> str:
    """Short name of an actor id, or the id itself when it is not in ``actors``."""
    return _short(actors, str(actor_id), lang) if actor_id in actors.index else str(actor_id)


def _gcc_members(actors: pd.DataFrame) -> list[str]:
    return [str(i) for i in actors.index[actors["gcc_member"].astype(bool)]]


def _lines(ax: Axes, wide: pd.DataFrame, styles: Mapping[str, Mapping[str, object]]) -> list:
    """Draw the columns of ``wide`` (index: year) as lines with :func:`seaborn.lineplot`.

    ``styles`` maps each column to draw to its ``color``, ``lw``, ``ls`` (``"-"`` or ``"--"``)
    and ``label`` (``None``: no legend entry). Each run of years with data is a unit of its
    own: seaborn drops missing values before drawing, which would join a line across a gap.
    A year with data alone between two gaps is drawn as a dot (a line of one point shows
    nothing). Returns the legend handles (one per labelled column, in the order of ``styles``).
    """
    cols = [c for c in styles if c in wide.columns]
    long = wide[cols].rename_axis("year").reset_index().melt("year", var_name="series")
    gaps = long["value"].isna().groupby(long["series"]).cumsum()
    long = long.assign(run=long["series"].astype(str) + ":" + gaps.astype(str)).dropna()
    if len(long):
        sns.lineplot(
            data=long, x="year", y="value", hue="series", size="series", style="series",
            units="run", estimator=None, sort=True, legend=False, ax=ax,
            palette={c: styles[c]["color"] for c in cols},
            sizes={c: styles[c]["lw"] for c in cols},
            dashes={c: "" if styles[c]["ls"] == "-" else (3.7, 1.6) for c in cols},
        )  # fmt: skip
    # a year with data between two gaps is a line of one point, which shows nothing: a dot
    alone = long[long.groupby("run")["value"].transform("size") == 1]
    if len(alone):
        sns.scatterplot(
            data=alone, x="year", y="value", hue="series", legend=False, ax=ax, linewidth=0,
            palette={c: styles[c]["color"] for c in alone["series"].unique()}, s=16, zorder=3,
        )  # fmt: skip
    return [
        Line2D([], [], color=st["color"], lw=st["lw"], ls=st["ls"], label=st["label"])
        for c, st in styles.items()
        if c in cols and st["label"] is not None
    ]


def _rtl_columns(handles: list, ncol: int, lang: str) -> list:
    """In Arabic, put the first legend column on the right (when the columns are full)."""
    if lang != "ar" or len(handles) % ncol:
        return handles
    rows = len(handles) // ncol
    cols = [handles[i * rows : (i + 1) * rows] for i in range(ncol)]
    return [h for col in reversed(cols) for h in col]


def _legend_below(ax: Axes, lang: str, ncol: int, **kw) -> None:
    """A frameless legend centred under the axes (markers after the text in Arabic)."""
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=ncol,
        frameon=False,
        markerfirst=lang != "ar",
        **kw,
    )


def _shade_wars(ax: Axes, events: pd.DataFrame, start: int, end: int) -> None:
    for _, ev in power.events_between(events, start, end, power.WAR_KINDS).iterrows():
        ax.axvspan(
            max(int(ev["start_year"]), start),
            min(int(ev["end_year"]) + 1, end + 1),
            color=_WAR_COLOR,
            alpha=0.45,
            lw=0,
            zorder=0,
        )


def event_key(
    events: pd.DataFrame, start_year: int, end_year: int, lang: str = "en"
) -> pd.DataFrame:
    """The events shown in :func:`plot_history`, numbered as in the figure.

    Parameters
    ----------
    events : pandas.DataFrame
        The ``events`` table.
    start_year, end_year : int
        Window of the figure.
    lang : {"en", "ar"}

    Returns
    -------
    pandas.DataFrame
        Index: the number in the figure; columns (localised): years, event, kind (war or
        other), basis, passages.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()
    >>> event_key(ds.events, 1971, 2024).shape[0]
    11
    """
    check_lang(lang)
    ev = power.events_between(events, start_year, end_year).reset_index(drop=True)
    ev.index = pd.RangeIndex(1, len(ev) + 1, name="number")
    return localise(
        ev.rename(columns={f"title_{lang}": "event", "sources": "passages"}),
        lang,
        headers="power.col",
        ranges={"years": ("start_year", "end_year")},
        columns=["years", "event", "kind", "basis", "passages"],
        values={
            "event": str,
            "kind": lambda k: label(
                "power.kind.war" if str(k) in power.WAR_KINDS else "power.kind.other", lang
            ),
            "basis": lambda b: label(f"power.basis.{b}", lang),
            "passages": lambda s: ", ".join(str(p) for p in s),
        },
        index_name="number",
    )


def plot_history(
    eras: pd.DataFrame,
    events: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    lang: str = "en",
    start_year: int | None = None,
    end_year: int | None = None,
    focus: Sequence[str] = ("IRN", "IRQ", "GCC"),
) -> Figure:
    """The main figure: coded eras, wars and events, and coded pole strengths over time.

    Top panel: one band for the coded balance state and one for the security climate, era by
    era (thin white gaps mark the era boundaries; the circled numbers are the eras' rows in
    :func:`era_table`), and the dated events (wars as bars,
    other events as numbered diamonds; the numbers are the rows of :func:`event_key`). Bottom
    panel: the coded strength of the Iranian, Iraqi and GCC poles (0-4) as step lines, and
    the coded US presence (0-3) dashed; the wars are shaded across both panels. Poles in
    ``focus`` are drawn thick, the others thin.

    Parameters
    ----------
    eras, events, actors : pandas.DataFrame
        The ``balance_eras``, ``events`` and ``actors`` tables.
    lang : {"en", "ar"}
    start_year, end_year : int, optional
        Window; default the eras' coverage.
    focus : sequence of str
        Actor ids to emphasise (``IRN``, ``IRQ``, ``GCC`` are the poles).

    Returns
    -------
    matplotlib.figure.Figure
        9 x 5.6 inches.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()
    >>> fig = plot_history(ds.balance_eras, ds.events, ds.actors, lang="ar")
    >>> fig.axes[0].get_title(loc="right")
    'ميزان القوى في الخليج كما يرويه المقال، من 1971 إلى 2024'
    """
    use_style(lang)
    yearly = power.yearly_indicators(eras, start_year, end_year)
    start, end = int(yearly.index.min()), int(yearly.index.max())
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(9, 5.6), sharex=True, gridspec_kw={"height_ratios": [1.15, 1.6]}
    )
    # --- top: eras and events
    sorted_eras = power.check_eras(eras)
    for number, (_, era) in enumerate(sorted_eras.iterrows(), start=1):
        s = max(int(era["start_year"]), start)
        e = min(int(era["end_year"]), end) + 1
        if e <= s:
            continue
        top.text(
            (s + e) / 2,
            2,
            str(number),
            ha="center",
            va="center",
            fontsize=8.5,
            fontweight="bold",
            zorder=4,
            bbox={"boxstyle": "circle,pad=0.25", "fc": "white", "ec": "none"},
        )
        top.barh(
            2,
            e - s,
            left=s,
            height=0.8,
            color=BALANCE_COLORS[str(era["balance_state"])],
            edgecolor="white",
            linewidth=1.5,
        )
        top.barh(
            1,
            e - s,
            left=s,
            height=0.8,
            color=CLIMATE_COLORS[str(era["climate"])],
            edgecolor="white",
            linewidth=1.5,
        )
    ev = power.events_between(events, start, end)
    levels: list[float] = []  # last x used per stagger level
    offsets = (0.0, 0.28, -0.28)
    for n, (_, row) in enumerate(ev.iterrows(), start=1):
        s, e = int(row["start_year"]), int(row["end_year"])
        if str(row["kind"]) in power.WAR_KINDS:
            top.barh(0, e + 1 - s, left=s, height=0.5, color="#444444", zorder=3)
            top.text(
                s + (e + 1 - s) / 2,
                0,
                str(n),
                ha="center",
                va="center",
                color="white",
                fontsize=8.5,
                fontweight="bold",
                zorder=4,
            )
            continue
        x = s + 0.5
        lvl = next((i for i, last in enumerate(levels) if x - last >= 1.6), None)
        if lvl is None:
            lvl = len(levels) % len(offsets) if len(levels) >= len(offsets) else len(levels)
            if lvl == len(levels):
                levels.append(x)
        levels[lvl] = x
        y = offsets[lvl]
        top.plot(x, y, marker="D", ms=12, color=CB_PALETTE[4], mec="white", zorder=3)
        top.text(x, y, str(n), ha="center", va="center", fontsize=7.5, color="black", zorder=4)
    top.set_yticks(
        [2, 1, 0],
        [
            label("power.row.balance", lang),
            label("power.row.climate", lang),
            label("power.row.events", lang),
        ],
    )
    top.set_ylim(-0.6, 2.5)
    top.tick_params(axis="both", length=0)
    top.spines[["left", "bottom"]].set_visible(False)
    if lang == "ar":
        top.yaxis.tick_right()
    finish(top, title=label("power.title.history", lang, start=start, end=end), lang=lang)
    handles = [
        Patch(color=c, label=label(f"power.balance_state.{k}", lang))
        for k, c in BALANCE_COLORS.items()
    ]
    handles += [
        Patch(color=c, label=label(f"power.climate.{k}", lang)) for k, c in CLIMATE_COLORS.items()
    ]
    handles += [
        Patch(color="#444444", label=label("power.legend.war", lang)),
        Line2D(
            [],
            [],
            marker="D",
            ls="",
            ms=8,
            color=CB_PALETTE[4],
            label=label("power.legend.event", lang),
        ),
    ]
    top.legend(
        markerfirst=lang != "ar",
        handles=_rtl_columns(handles, 4, lang),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06),
        ncol=4,
        frameon=False,
        fontsize=8.5,
        handlelength=1.2,
        columnspacing=1.0,
    )
    # --- bottom: coded poles
    _shade_wars(bottom, events, start, end)
    x = np.append(yearly.index.to_numpy(), end + 1)
    poles = [("pole_iran", "IRN", 0.06), ("pole_iraq", "IRQ", -0.06), ("pole_gcc", "GCC", 0.0)]
    lines = []
    for col, actor, off in poles:
        y = np.append(yearly[col].to_numpy(), yearly[col].iloc[-1]) + off
        strong = actor in set(focus)
        (ln,) = bottom.step(
            x,
            y,
            where="post",
            color=POLE_COLORS[col],
            lw=3.2 if strong else 1.4,
            alpha=1.0 if strong else 0.7,
            label=_short(actors, actor, lang),
        )
        lines.append(ln)
    y = np.append(yearly["us_presence"].to_numpy(), yearly["us_presence"].iloc[-1])
    (ln,) = bottom.step(
        x, y, where="post", color="black", lw=1.6, ls="--", label=label("power.us_presence", lang)
    )
    lines.append(ln)
    for b in sorted_eras["start_year"].astype(int):
        if start < b <= end:
            bottom.axvline(b, color="white", lw=1.5, zorder=1)
    bottom.set_ylim(-0.2, 4.5)
    bottom.set_yticks(range(5))
    bottom.set_xlim(start - 0.8, end + 1.2)
    bottom.grid(axis="y", color="#EEEEEE", zorder=0)
    rtl_y_axis(bottom, lang)
    finish(
        bottom,
        title=label("power.title.poles", lang),
        xlabel=label("power.axis.year", lang),
        ylabel=label("power.axis.pole", lang),
        lang=lang,
    )
    bottom.title.set_fontsize(11)
    bottom.legend(
        markerfirst=lang != "ar",
        handles=_rtl_columns(lines, 2, lang),
        loc="lower left" if lang == "en" else "lower right",
        ncol=2,
        frameon=True,
        framealpha=0.9,
        edgecolor="none",
        fontsize=9,
    )
    caption(fig, lang)
    describe(fig, lang, "plot.alt.power.history")
    return fig


def plot_capability_shares(
    shares: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    lang: str = "en",
    focus: Sequence[str] = ("IRN", "IRQ", "GCC"),
    eras: pd.DataFrame | None = None,
    source: str | None = None,
    system: str = "gulf",
) -> Figure:
    """CINC-style capability shares within the Gulf system (or COW's world CINC), over time.

    Members in ``focus`` are drawn in colour (``GCC`` = the sum of the six GCC members'
    shares); the other members are thin grey lines. Era boundaries are dotted verticals.

    Parameters
    ----------
    shares : pandas.DataFrame
        From :func:`gulfsec.power.capability_shares` with actor ids as columns.
    actors : pandas.DataFrame
        The ``actors`` table (names, GCC membership).
    lang : {"en", "ar"}
    focus : sequence of str
        Actor ids to draw in colour (``GCC`` allowed).
    eras : pandas.DataFrame, optional
        ``balance_eras``, for the boundaries.
    source : str, optional
        File name for the caption.
    system : {"gulf", "world"}
        How the shares were taken (:data:`gulfsec.power.CINC_SYSTEMS`): title, axis and
        caption say so.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd, gulfsec
    >>> ds = gulfsec.load()
    >>> s = pd.DataFrame({"IRN": [0.6, 0.5], "IRQ": [0.4, 0.5]},
    ...                  index=pd.Index([1990, 1991], name="year"))
    >>> fig = plot_capability_shares(s, ds.actors)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Iran', 'Iraq']
    """
    use_style(lang)
    fig, ax = plt.subplots(figsize=(9, 5))
    years = shares.index.to_numpy()
    focus = list(focus)
    colours = iter([c for c in CB_PALETTE if c not in ("#F0E442",)])
    fixed = {
        "IRN": POLE_COLORS["pole_iran"],
        "IRQ": POLE_COLORS["pole_iraq"],
        "GCC": POLE_COLORS["pole_gcc"],
    }
    others = [c for c in shares.columns if c not in focus]
    styles: dict[str, dict[str, object]] = {
        col: {"color": _OTHER_GREY, "lw": 1.0, "ls": "-", "label": None} for col in others
    }
    if others:  # one legend entry for all the other members
        styles[others[0]]["label"] = label("power.legend.others", lang)
    series = shares[others].copy()
    used = set(fixed.values())
    for actor in focus:
        if actor == "GCC":
            members = [m for m in _gcc_members(actors) if m in shares.columns]
            if not members:
                continue
            series[actor] = shares[members].sum(axis=1, min_count=len(members))
        elif actor in shares.columns:
            series[actor] = shares[actor]
        else:
            continue
        colour = fixed.get(actor)
        if colour is None:
            colour = next(c for c in colours if c not in used)
            used.add(colour)
        styles[actor] = {
            "color": colour,
            "lw": 2.6,
            "ls": "-",
            "label": _short(actors, actor, lang),
        }
    handles = _lines(ax, series, styles)
    if eras is not None:
        for b in power.check_eras(eras)["start_year"].astype(int):
            if years.min() < b <= years.max():
                ax.axvline(b, color="#666666", lw=0.8, ls=":")
    ax.set_ylim(0, None)
    if years.min() < years.max():
        ax.set_xlim(years.min(), years.max())
    ax.grid(axis="y", color="#EEEEEE")
    start, end = int(years.min()), int(years.max())
    world = system == "world"
    finish(
        ax,
        title=label("power.title.shares_world" if world else "power.title.shares", lang,
                    start=start, end=end),
        xlabel=label("power.axis.year", lang),
        ylabel=label("power.axis.share_world" if world else "power.axis.share", lang),
        lang=lang,
    )  # fmt: skip
    rtl_y_axis(ax, lang)
    _legend_below(ax, lang, ncol=5, handles=handles)
    if source is not None:
        key = "power.caption.nmc_world" if world else "power.caption.nmc"
        caption(fig, lang, label(key, lang, file=source, n=shares.shape[1]))
    else:
        caption(fig, lang)
    describe(fig, lang, "plot.alt.power.shares")
    return fig


def dyad_name(dyad: str, actors: pd.DataFrame, lang: str = "en") -> str:
    """Display name of a dyad key ``"A/B"`` from the actors' short names.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"short_en": ["Iran", "Iraq"]}, index=["IRN", "IRQ"])
    >>> dyad_name("IRN/IRQ", a)
    'Iran / Iraq'
    """
    a, b = dyad.split("/")
    return label("power.dyad", lang, a=_short(actors, a, lang), b=_short(actors, b, lang))


def plot_ratios(
    ratios: Mapping[str, pd.Series],
    actors: pd.DataFrame,
    eras: pd.DataFrame,
    *,
    lang: str = "en",
    transitions: Mapping[str, pd.DataFrame] | None = None,
    min_persistence: int | None = None,
    source: str | None = None,
    n_states: int = 8,
    system: str = "gulf",
) -> Figure:
    """Dyadic capability ratios on a log scale, over the coded balance-state bands.

    The background bands are the coded eras coloured by balance state (as in
    :func:`plot_history`); the dashed line is parity; circles mark the power transitions.

    Parameters
    ----------
    ratios : mapping of str to pandas.Series
        ``{"IRN/IRQ": ..., "IRN/GCC": ...}`` from :func:`gulfsec.power.capability_ratio`.
    actors, eras : pandas.DataFrame
        The ``actors`` and ``balance_eras`` tables.
    lang : {"en", "ar"}
    transitions : mapping of str to pandas.DataFrame, optional
        Per dyad, from :func:`gulfsec.power.power_transitions`.
    min_persistence : int, optional
        For the legend of the transitions.
    source : str, optional
        File name for the caption.
    n_states : int, default 8
        Number of states in the system the shares were computed in (for the caption).
    system : {"gulf", "world"}
        How the shares were taken (for the caption).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()
    >>> r = pd.Series([2.0, 0.5], index=[1990, 1991], name="IRN/IRQ")
    >>> fig = plot_ratios({"IRN/IRQ": r}, ds.actors, ds.balance_eras)
    >>> fig.axes[0].get_ylabel()
    'Capability ratio (log scale; 1 = parity)'
    """
    use_style(lang)
    fig, ax = plt.subplots(figsize=(9, 5))
    all_years = [int(y) for r in ratios.values() for y in r.dropna().index]
    sorted_eras = power.check_eras(eras)
    lo = min(all_years) if all_years else int(sorted_eras["start_year"].min())
    hi = max(all_years) if all_years else int(sorted_eras["end_year"].max())
    for _, era in sorted_eras.iterrows():
        s, e = max(int(era["start_year"]), lo), min(int(era["end_year"]), hi)
        if e < s:
            continue
        ax.axvspan(
            s,
            e + 1 if e < hi else hi,
            color=BALANCE_COLORS[str(era["balance_state"])],
            alpha=0.13,
            lw=0,
            zorder=0,
        )
    colours = [POLE_COLORS["pole_iraq"], POLE_COLORS["pole_gcc"], CB_PALETTE[5], CB_PALETTE[3]]
    drawn = {dyad: r.astype("float64") for dyad, r in ratios.items()}
    drawn = {dyad: r.where(np.isfinite(r) & (r > 0)) for dyad, r in drawn.items()}
    styles = {
        dyad: {"color": colours[i % len(colours)], "lw": 2.4, "ls": "-",
               "label": dyad_name(dyad, actors, lang)}
        for i, dyad in enumerate(drawn)
    }  # fmt: skip
    handles = _lines(ax, pd.DataFrame(drawn), styles)
    for dyad, r in drawn.items():
        if transitions is not None and dyad in transitions:
            r = r.dropna()
            ty = [int(y) for y in transitions[dyad]["year"] if int(y) in r.index]
            ax.plot(
                ty, r.loc[ty].to_numpy(), "o", ms=10, mfc="none", mec="black", mew=1.8, zorder=5
            )
    ax.set_yscale("log", base=2)
    ax.axhline(1, color="black", lw=1, ls="--")
    handles.append(
        Line2D([], [], color="black", lw=1, ls="--", label=label("power.legend.parity", lang))
    )
    if transitions is not None:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                ms=9,
                mfc="none",
                mec="black",
                mew=1.8,
                label=label("power.legend.transition", lang, n=min_persistence or 1),
            )
        )
    handles += [
        Patch(color=c, alpha=0.3, label=label(f"power.balance_state.{k}", lang))
        for k, c in BALANCE_COLORS.items()
    ]
    ax.set_xlim(lo, hi)
    finite = [
        v for r in ratios.values() for v in r.to_numpy(dtype=float) if np.isfinite(v) and v > 0
    ]
    if finite:
        k_lo = int(np.floor(np.log2(min(finite))))
        k_hi = int(np.ceil(np.log2(max(finite))))
        ax.set_yticks([2.0**k for k in range(min(k_lo, -1), max(k_hi, 1) + 1)])
        ax.set_ylim(2.0 ** min(k_lo, -1), 2.0 ** max(k_hi, 1))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.grid(axis="y", color="#EEEEEE")
    finish(
        ax,
        title=label("power.title.ratios", lang, start=lo, end=hi),
        xlabel=label("power.axis.year", lang),
        ylabel=label("power.axis.ratio", lang),
        lang=lang,
    )
    rtl_y_axis(ax, lang)
    _legend_below(ax, lang, ncol=3, handles=handles)
    if source is not None:
        key = "power.caption.nmc_world" if system == "world" else "power.caption.nmc"
        caption(fig, lang, label(key, lang, file=source, n=n_states))
    describe(fig, lang, "plot.alt.power.ratios")
    return fig


def plot_military_expenditure(
    milex: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    lang: str = "en",
    buildups: pd.DataFrame | None = None,
    eras: pd.DataFrame | None = None,
    source: str | None = None,
) -> Figure:
    """Military expenditure of Iran, Iraq, Saudi Arabia and the GCC states together (log scale).

    The arms-race measure of passage 16: NMC ``milex`` in thousands of current US dollars;
    gaps in the data are gaps in the lines (never zeros). Shaded: the spells of mutual
    build-up between Iran and the GCC states together (:func:`gulfsec.power.mutual_buildups`).

    Parameters
    ----------
    milex : pandas.DataFrame
        :func:`gulfsec.power.military_expenditure` with columns ``IRN``, ``IRQ``, ``SAU`` and
        ``GCC`` (those present are drawn).
    actors : pandas.DataFrame
        The ``actors`` table.
    lang : {"en", "ar"}
    buildups : pandas.DataFrame, optional
        Spells (``start_year``, ``end_year``) to shade.
    eras : pandas.DataFrame, optional
        ``balance_eras``, for dotted boundaries.
    source : str, optional
        File name for the caption.

    Examples
    --------
    >>> import pandas as pd, gulfsec
    >>> ds = gulfsec.load()
    >>> m = pd.DataFrame({"IRN": [1e6, 2e6], "GCC": [3e6, 4e6]}, index=pd.Index([2000, 2001], name="year"))
    >>> fig = plot_military_expenditure(m, ds.actors)
    >>> fig.axes[0].get_yscale()
    'log'
    """
    use_style(lang)
    fig, ax = plt.subplots(figsize=(9, 5))
    milex = milex.dropna(how="all")  # the years with data set the span and the title
    years = milex.index.to_numpy()
    colours = {
        "IRN": POLE_COLORS["pole_iran"],
        "IRQ": POLE_COLORS["pole_iraq"],
        "SAU": CB_PALETTE[3],
        "GCC": POLE_COLORS["pole_gcc"],
    }
    patches = []
    if buildups is not None and len(buildups):
        for r in buildups.itertuples(index=False):
            ax.axvspan(r.start_year - 0.5, r.end_year + 0.5, color="#DDDDDD", lw=0, zorder=0)
        patches.append(Patch(color="#DDDDDD", label=label("power.legend.buildup", lang)))
    styles = {
        col: {"color": colour, "lw": 2.4 if col in ("IRN", "GCC") else 1.6,
              "ls": "-" if col in ("IRN", "GCC") else "--",
              "label": label("power.legend.gcc_total", lang) if col == "GCC"
              else _short(actors, col, lang)}
        for col, colour in colours.items()
        if col in milex.columns
    }  # fmt: skip
    lines = _lines(ax, milex, styles)
    handles = lines + patches
    if eras is not None:
        for b in power.check_eras(eras)["start_year"].astype(int):
            if years.min() < b <= years.max():
                ax.axvline(b, color="#666666", lw=0.8, ls=":")
    log_axis(ax, "y")  # plain-text decades (10⁸), never the log formatter's TeX
    if years.min() < years.max():
        ax.set_xlim(years.min(), years.max())
    ax.grid(axis="y", color="#EEEEEE")
    finish(
        ax,
        title=label("power.title.milex", lang, start=int(years.min()), end=int(years.max())),
        xlabel=label("power.axis.year", lang),
        ylabel=label("power.axis.milex", lang),
        lang=lang,
    )
    rtl_y_axis(ax, lang)
    _legend_below(ax, lang, ncol=3, handles=handles)
    if source is not None:
        caption(fig, lang, label("power.caption.milex", lang, file=source))
    return fig


# --------------------------------------------------------------------------- display tables
def era_table(eras: pd.DataFrame, actors: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The coded eras as a display table (localised headers, values and actor names).

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()
    >>> era_table(ds.balance_eras, ds.actors, "ar").shape
    (6, 10)
    """
    check_lang(lang)
    e = power.check_eras(eras).reset_index(drop=True)
    e.index = pd.RangeIndex(1, len(e) + 1, name="number")
    poles = list(power.POLE_ACTORS)

    def balancer(v: object) -> str:
        if v in ("", None) or pd.isna(v):
            return label("power.none", lang)
        return _name(actors, v, lang)

    e = e.rename(
        columns={f"label_{lang}": "era", "balance_state": "balance", "balancer_of_iran": "balancer"}
    )
    return localise(
        e.astype({c: int for c in [*poles, "us_presence"]}),
        lang,
        headers="power.col",
        ranges={"years": ("start_year", "end_year")},
        columns=[
            "years",
            "era",
            "balance",
            "balancer",
            *poles,
            "us_presence",
            "climate",
            "confidence",
        ],  # fmt: skip
        values={
            "era": str,
            "balance": lambda v: label(f"power.balance_state.{v}", lang),
            "balancer": balancer,
            "climate": lambda v: label(f"power.climate.{v}", lang),
            "confidence": lambda v: label(f"confidence.{v}", lang),
        },
        titles={
            "us_presence": label("power.us_presence", lang),
            **{col: _short(actors, actor, lang) for col, actor in power.POLE_ACTORS.items()},
        },
        index_name="number",
    )


def periodisation_table(
    eras: pd.DataFrame, passages: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """The article's own periodisation (:func:`gulfsec.power.periodisation`) for display.

    Indexed by (years, era) so that the passages of one era are grouped under it.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()
    >>> t = periodisation_table(ds.balance_eras, ds.passages, "en")
    >>> t.index.nlevels, t.shape[1]
    (2, 3)
    """
    p = power.periodisation(eras, passages, lang)
    p["years"] = [year_range(a, b) for a, b in zip(p["start_year"], p["end_year"], strict=True)]
    return localise(
        p.rename(
            columns={"label": "era", "passage_id": "passage", "key_phrase_ar": "key_phrase"}
        ).set_index(["years", "era"]),
        lang,
        headers="power.col",
        columns=["passage", "summary", "key_phrase"],
        index_name=["years", "era"],
    )


def _changes_text(changed: Sequence[str], deltas: Mapping[str, int], lang: str) -> str:
    parts = []
    for c in changed:
        if c in deltas:
            parts.append(label(f"power.change.{c}", lang, d=deltas[c]))
        else:
            parts.append(label(f"power.change.{c}", lang))
    return "؛ ".join(parts) if lang == "ar" else "; ".join(parts)


def coded_transitions_table(
    eras: pd.DataFrame, events: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """The transitions of the coded history with what changed, the events and the passages.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()
    >>> len(coded_transitions_table(ds.balance_eras, ds.events))
    5
    """
    check_lang(lang)
    t = power.coded_transitions(eras, events)
    labels = eras[f"label_{lang}"].astype(str)
    titles = events[f"title_{lang}"].astype(str)
    t["changed"] = [
        _changes_text(c, d, lang) for c, d in zip(t["changed"], t["deltas"], strict=True)
    ]
    return localise(
        t,
        lang,
        headers="power.col",
        columns=["year", "to_era", "changed", "events", "sources"],
        values={
            "to_era": labels,
            "events": lambda e: join_list(titles.loc[list(e)], lang),
            "sources": lambda s: ", ".join(str(p) for p in s),
        },
        titles={
            "to_era": label("power.col.to", lang),
            "sources": label("power.col.passages", lang),
        },
    )


def _verdict(v: object, dyad: str, actors: pd.DataFrame, lang: str) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return label("power.agree.na", lang)
    a, b = dyad.split("/")
    return label(f"power.verdict.{v}", lang, a=_short(actors, a, lang), b=_short(actors, b, lang))


def agreement_table(
    comparison: pd.DataFrame, eras: pd.DataFrame, actors: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """:func:`gulfsec.power.compare_with_eras` for display (localised headers and verdicts).

    Examples
    --------
    >>> import gulfsec
    >>> import pandas as pd
    >>> from gulfsec import power
    >>> ds = gulfsec.load()
    >>> r = pd.Series(2.0, index=range(1971, 2025), name="IRN/IRQ")
    >>> comp = power.compare_with_eras(ds.balance_eras, {"IRN/IRQ": r})
    >>> agreement_table(comp, ds.balance_eras, ds.actors).iloc[0, 3:5].tolist()
    ['Parity', 'Iran ahead']
    """
    check_lang(lang)
    c = comparison.copy()
    for col in ("coded", "measured"):
        c[col] = [_verdict(v, d, actors, lang) for v, d in zip(c[col], c["dyad"], strict=True)]

    def agreed(v: object) -> str:
        if pd.isna(v):
            return label("power.agree.na", lang)
        return label("power.agree.yes" if bool(v) else "power.agree.no", lang)

    return localise(
        c,
        lang,
        headers="power.col",
        ranges={"years": ("start_year", "end_year")},
        columns=[
            "years",
            "era_id",
            "dyad",
            "coded",
            "measured",
            "measured_ratio",
            "years_with_data",
            "agree",
        ],  # fmt: skip
        values={
            "era_id": eras[f"label_{lang}"].astype(str),
            "dyad": lambda d: dyad_name(d, actors, lang),
            "measured_ratio": lambda r: "—" if pd.isna(r) else f"{r:.2f}",
            "agree": agreed,
        },
        titles={
            "era_id": label("power.col.era", lang),
            "measured_ratio": label("power.col.ratio", lang),
        },
    )


def buildups_table(
    spells: pd.DataFrame, actors: pd.DataFrame, a: str, b: str, lang: str = "en"
) -> pd.DataFrame:
    """:func:`gulfsec.power.mutual_buildups` for display: each spell's years, its length and
    the lowest annual growth of each side over it, with headers in ``lang``.

    Parameters
    ----------
    spells : pandas.DataFrame
        ``mutual_buildups(milex, a, b, ...)``.
    actors : pandas.DataFrame
        The ``actors`` table (for the two sides' names).
    a, b : str
        The two sides, as passed to ``mutual_buildups``.
    lang : {"en", "ar"}

    Examples
    --------
    >>> import gulfsec
    >>> import pandas as pd
    >>> from gulfsec import power
    >>> ds = gulfsec.load()
    >>> m = pd.DataFrame({"IRN": [100, 120, 144], "SAU": [10, 12, 15]},
    ...                  index=pd.Index(range(2000, 2003), name="year"))
    >>> t = buildups_table(power.mutual_buildups(m, "IRN", "SAU", 0.1, 1), ds.actors, "IRN", "SAU")
    >>> [str(v) for v in t.iloc[0]]
    ['2001–2002', '2', '20.0%', '20.0%']
    >>> list(buildups_table(power.mutual_buildups(m, "IRN", "SAU", 0.1, 1), ds.actors,
    ...                     "IRN", "SAU", "ar").iloc[0])[2]
    '20.0٪'
    """
    check_lang(lang)

    def percent(g: object) -> str:
        return label("power.value.percent", lang, x=float(g))  # type: ignore[arg-type]

    return localise(
        spells.astype({"years": int}),
        lang,
        headers="power.col",
        ranges={"span": ("start_year", "end_year")},
        columns=["span", "years", "growth_a", "growth_b"],
        values={"growth_a": percent, "growth_b": percent},
        titles={
            "span": label("power.col.years", lang),
            "years": label("power.col.spell_years", lang),
            **{
                col: label("power.col.lowest_growth", lang, actor=_short(actors, side, lang))
                for side, col in ((a, "growth_a"), (b, "growth_b"))
            },
        },
    )


def nmc_transitions_table(
    transitions: Mapping[str, pd.DataFrame], actors: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """Power transitions found in the capability data, all dyads, for display.

    Examples
    --------
    >>> import gulfsec
    >>> import pandas as pd
    >>> from gulfsec import power
    >>> ds = gulfsec.load()
    >>> r = pd.Series([2, 2, 0.5, 0.5], index=range(2000, 2004), name="IRN/IRQ")
    >>> t = {"IRN/IRQ": power.power_transitions(r, 2)}
    >>> [str(v) for v in nmc_transitions_table(t, ds.actors, "ar").iloc[0]]
    ['إيران / العراق', '2002', 'إيران', 'العراق', '2']
    """
    check_lang(lang)
    columns = ["year", "leader_before", "leader_after", "held_years"]
    found = [t[columns].assign(dyad=dyad) for dyad, t in transitions.items() if len(t)]
    rows = (
        pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=["dyad", *columns])
    )
    return localise(
        rows.astype({"year": int, "held_years": int}),
        lang,
        headers="power.col",
        columns=["dyad", *columns],
        values={
            "dyad": lambda d: dyad_name(d, actors, lang),
            "leader_before": lambda v: _name(actors, v, lang),
            "leader_after": lambda v: _name(actors, v, lang),
        },
        titles={"held_years": label("power.col.held", lang)},
    )
