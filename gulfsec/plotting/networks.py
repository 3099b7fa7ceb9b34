"""Figures of the dispute and alignment networks (:mod:`gulfsec.networks`).

Every function starts from :func:`gulfsec.plotting.use_style` and takes ``lang``. Graphs come
from :func:`gulfsec.networks.dispute_graph` / :func:`~gulfsec.networks.signed_graph`; node
labels are the nodes' ``short_en`` / ``short_ar`` attributes.

Layout (:func:`gulf_layout`) follows a map of the Gulf and the article's three-way division
(passage 10): the north (Iraq) at the top, the east (Iran) at the right, the west (the six GCC
states, from Kuwait in the north-west to Oman at the Strait of Hormuz) on an arc at the left;
actors from outside the Gulf on an outer ring, at angles found by a seeded spring layout.

Colours: nodes by subregion (:data:`gulfsec.plotting.SUBREGION_COLORS`, Okabe-Ito); edges by
issue type with Paul Tol's colour-blind-safe "muted" scheme (:data:`ISSUE_COLORS`, chosen so
that edge hues do not repeat the node hues); in signed graphs, sign by line style (solid =
friendly, dashed = hostile) as well as colour.

:func:`plot_issue_heatmap` is :func:`seaborn.heatmap`; :func:`plot_issue_strength` stacks one
bar per issue for each actor with matplotlib (``barh`` with ``left=``): seaborn has no stacked
bar chart. The network drawings are networkx's.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns

from gulfsec.i18n import check_lang, join_list, label
from gulfsec.networks import (
    ISSUE_TYPES,
    Frustration,
    balance_summary,
    check_seed,
    dispute_centrality,
    issue_degree,
    issue_dyad_matrix,
    signed_degree,
)
from gulfsec.plotting._style import (
    CB_PALETTE,
    SEQUENTIAL_CMAP,
    SUBREGION_COLORS,
    caption,
    finish,
    new_figure,
    rtl_y_axis,
    use_style,
)
from gulfsec.plotting.display import describe
from gulfsec.plotting.tables import localise

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "rules_table",
    "frustrated_table",
    "dispute_table",
    "centrality_table",
    "camp_table",
    "balance_table",
    "ISSUE_COLORS",
    "SIGN_COLORS",
    "gulf_layout",
    "mid_evidence_table",
    "plot_dispute_network",
    "plot_issue_heatmap",
    "plot_issue_strength",
    "plot_signed_network",
    "unnamed_mid_table",
]

#: Edge colour per issue type: Paul Tol's "muted" colour-blind-safe scheme (Tol 2021).
ISSUE_COLORS: dict[str, str] = {
    "water": "#332288",  # indigo
    "land_border": "#CC6677",  # rose
    "maritime_border": "#88CCEE",  # cyan
    "islands": "#117733",  # green
    "oil_gas_fields": "#DDCC77",  # sand
    "agricultural_land": "#44AA99",  # teal
    "sovereignty": "#882255",  # wine
}
#: Friendly / hostile edge colours (Okabe-Ito blue and vermillion) and the frustrated overlay.
SIGN_COLORS: dict[int, str] = {1: CB_PALETTE[0], -1: CB_PALETTE[5]}
FRUSTRATED_COLOR = "#000000"
EXTERNAL_COLOR = "#BBBBBB"
ORGANIZATION_COLOR = "#DDDDDD"

#: Order of the west (GCC) arc, north to south as on a map; others follow in node order.
_WEST_ORDER = ("KWT", "SAU", "BHR", "QAT", "ARE", "OMN")
_NODE_SIZE = 800.0  # points^2
#: x of the centres of camp 0 (left) and camp 1 (right) in the signed-network figure.
_CAMP_X = (-1.35, 1.35)


def _short(G: nx.Graph, n: Hashable, lang: str) -> str:
    return str(G.nodes[n].get(f"short_{lang}") or n)


def _external(G: nx.Graph, u: Hashable, v: Hashable) -> bool:
    """Whether the pair rests only on rows named from outside the article (``basis = external``)."""
    basis = G.edges[u, v].get("basis") or ()
    return bool(basis) and all(b == "external" for b in basis)


def _node_color(G: nx.Graph, n: Hashable) -> str:
    d = G.nodes[n]
    sub = d.get("gulf_subregion")
    if sub in SUBREGION_COLORS:
        return SUBREGION_COLORS[sub]
    return ORGANIZATION_COLOR if d.get("kind") == "organization" else EXTERNAL_COLOR


def _spread(angles: dict[Hashable, float], gap: float) -> dict[Hashable, float]:
    """Push ring angles apart until neighbours are at least ``gap`` radians apart."""
    if len(angles) < 2:
        return dict(angles)
    gap = min(gap, 2 * math.pi / len(angles))
    items = sorted(angles.items(), key=lambda kv: kv[1])
    keys = [k for k, _ in items]
    a = np.array([v for _, v in items], dtype=float)
    for _ in range(200):
        moved = False
        for i in range(len(a)):
            j = (i + 1) % len(a)
            d = (a[j] - a[i]) % (2 * math.pi)
            if d < gap - 1e-9:
                push = (gap - d) / 2
                a[i] -= push
                a[j] += push
                moved = True
        if not moved:
            break
    return dict(zip(keys, a, strict=True))


def gulf_layout(G: nx.Graph, seed: int = 0, *, ring: float = 1.9) -> dict[Hashable, np.ndarray]:
    """Map-like positions: north at the top, east at the right, west on the left arc.

    Nodes with ``gulf_subregion`` "north" sit at the top of the unit circle, "east" at its
    right, "west" on the left arc (GCC states in the map order Kuwait, Saudi Arabia, Bahrain,
    Qatar, UAE, Oman); an organisation node "GCC" (when not expanded) inside the west arc; all
    other nodes on an outer ring of radius ``ring``, at the angle where a spring layout (with
    the Gulf states fixed, seeded by ``seed``) pulls them, spread so that labels do not
    collide.

    Parameters
    ----------
    G : networkx.Graph
        Nodes may carry ``gulf_subregion``.
    seed : int
        Seed of the spring layout (``numpy.random.default_rng(seed)`` for the start).
    ring : float
        Radius of the outer ring.

    Returns
    -------
    dict
        Node -> array([x, y]).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("IRQ", "IRN")])
    >>> G.nodes["IRQ"]["gulf_subregion"] = "north"; G.nodes["IRN"]["gulf_subregion"] = "east"
    >>> pos = gulf_layout(G)
    >>> bool(pos["IRQ"][1] > pos["IRN"][1] and pos["IRN"][0] > pos["IRQ"][0])
    True
    """
    check_seed(seed, "seed")
    groups: dict[str, list[Hashable]] = {"north": [], "east": [], "west": []}
    outer: list[Hashable] = []
    inner: list[Hashable] = []
    for n, d in G.nodes(data=True):
        sub = d.get("gulf_subregion")
        if sub in groups:
            groups[sub].append(n)
        elif n == "GCC":
            inner.append(n)
        else:
            outer.append(n)
    pos: dict[Hashable, np.ndarray] = {}

    def arc(nodes: list[Hashable], centre: float, step: float) -> None:
        for k, n in enumerate(nodes):
            t = math.radians(centre + (k - (len(nodes) - 1) / 2) * step)
            pos[n] = np.array([math.cos(t), math.sin(t)])

    arc(groups["north"], 90.0, 18.0)
    arc(groups["east"], -5.0, 18.0)
    west = sorted(
        groups["west"],
        key=lambda n: _WEST_ORDER.index(n) if n in _WEST_ORDER else len(_WEST_ORDER),
    )
    arc(west, 190.0, 22.0)
    for k, n in enumerate(inner):
        pos[n] = np.array([-0.45, 0.15 - 0.3 * k])
    if outer:
        rng = np.random.default_rng(seed)
        init = dict(pos)
        for n in outer:
            t = rng.uniform(0, 2 * math.pi)
            init[n] = np.array([ring * math.cos(t), ring * math.sin(t)])
        fixed = list(pos)
        H = nx.Graph()
        H.add_nodes_from(G.nodes())
        H.add_edges_from(G.edges())
        if fixed:
            sp = nx.spring_layout(
                H, pos=init, fixed=fixed, seed=int(rng.integers(1 << 31)), weight=None, k=0.6
            )
        else:
            sp = init
        angles = {n: math.atan2(sp[n][1], sp[n][0]) for n in outer}
        angles = _spread(angles, gap=math.radians(360 / max(len(outer), 1) * 0.85))
        for n, t in angles.items():
            pos[n] = np.array([ring * math.cos(t), ring * math.sin(t)])
    return pos


def _edge(ax: Axes, p: np.ndarray, q: np.ndarray, *, rad: float = 0.0, **kw: Any) -> None:
    from matplotlib.patches import FancyArrowPatch

    shrink = math.sqrt(_NODE_SIZE) / 2 + 1
    ax.add_patch(
        FancyArrowPatch(
            tuple(p),
            tuple(q),
            connectionstyle=f"arc3,rad={rad}",
            arrowstyle="-",
            shrinkA=shrink,
            shrinkB=shrink,
            capstyle="butt",
            **kw,
        )
    )


def _draw_nodes(
    ax: Axes,
    G: nx.Graph,
    pos: Mapping,
    lang: str,
    focus: Hashable | None = None,
    *,
    centres: Mapping | None = None,
) -> None:
    """Nodes as discs; labels pushed outwards from the origin (or each node's centre)."""
    nodes = list(G.nodes())
    xy = np.array([pos[n] for n in nodes]).reshape(-1, 2)
    colors = [_node_color(G, n) for n in nodes]
    edgecolors = ["#000000" if n == focus else "#333333" for n in nodes]
    widths = [3.0 if n == focus else 0.8 for n in nodes]
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=_NODE_SIZE,
        c=colors,
        edgecolors=edgecolors,
        linewidths=widths,
        zorder=3,
    )
    for n, (x, y) in zip(nodes, xy, strict=True):
        cx, cy = centres[n] if centres is not None else (0.0, 0.0)
        r = math.hypot(x - cx, y - cy)
        ux, uy = ((x - cx) / r, (y - cy) / r) if r > 1e-9 else (0.0, -1.0)
        ax.annotate(
            _short(G, n, lang),
            (x, y),
            xytext=(ux * 22, uy * 22),
            textcoords="offset points",
            ha="center" if abs(ux) < 0.35 else ("left" if ux > 0 else "right"),
            va="center" if abs(uy) < 0.6 else ("bottom" if uy > 0 else "top"),
            fontsize=10,
            fontweight="bold" if n == focus else "normal",
            zorder=4,
        )


def _region_labels(ax: Axes, lang: str) -> None:
    for key, (x, y) in {"north": (0.5, 1.12), "east": (1.4, -0.42), "west": (-1.45, -0.72)}.items():
        ax.text(
            x,
            y,
            label(f"networks.region.{key}", lang),
            ha="center",
            va="center",
            fontsize=15,
            color=SUBREGION_COLORS[key],
            alpha=0.55,
            fontweight="bold",
            zorder=1,
        )


def _subregion_handles(G: nx.Graph, lang: str) -> list:
    from matplotlib.lines import Line2D

    def dot(color: str, text: str) -> Line2D:
        return Line2D([], [], marker="o", ls="", ms=10, mfc=color, mec="#333333", label=text)

    present = {G.nodes[n].get("gulf_subregion") for n in G}
    handles = [
        dot(SUBREGION_COLORS[s], label(f"subregion.{s}", lang))
        for s in SUBREGION_COLORS
        if s in present
    ]
    kinds = {G.nodes[n].get("kind") for n in G if G.nodes[n].get("gulf_subregion") is None}
    if "organization" in kinds:
        handles.append(dot(ORGANIZATION_COLOR, label("networks.legend.organization", lang)))
    if kinds - {"organization"}:
        handles.append(dot(EXTERNAL_COLOR, label("networks.legend.external", lang)))
    return handles


def _sectioned_legend(
    fig: Figure,
    lang: str,
    sections: list[tuple[str, list]],
    *,
    columns: bool = False,
    ax: Axes | None = None,
) -> None:
    """One legend with bold section headings, outside the axes.

    Stacked at the right (English) or left (Arabic) of the figure, or, with ``columns`` (and
    ``ax``), one section per column below the axes. In Arabic the keys follow the text (right to left) and the
    columns run from the right.
    """
    from matplotlib.lines import Line2D

    def blank(text: str = " ") -> Line2D:
        return Line2D([], [], ls="", label=text)

    handles: list = []
    heads: list[int] = []
    if columns:
        if lang == "ar":
            sections = sections[::-1]
        height = max(len(hs) for _, hs in sections) + 1
        for title, hs in sections:
            heads.append(len(handles))
            handles += [blank(title), *hs] + [blank() for _ in range(height - 1 - len(hs))]
        where: dict[str, Any] = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0)}
    else:
        for k, (title, hs) in enumerate(sections):
            if k:
                handles.append(blank())
            heads.append(len(handles))
            handles += [blank(title), *hs]
        where = {"loc": "outside right upper" if lang == "en" else "outside left upper"}
    leg = (ax if columns and ax is not None else fig).legend(
        handles=handles,
        **where,
        ncols=len(sections) if columns else 1,
        frameon=False,
        markerfirst=lang == "en",
        alignment="left" if lang == "en" else "right",
        handlelength=2.2,
        columnspacing=3.0,
    )
    for i in heads:
        leg.get_texts()[i].set_fontweight("bold")


def _frame(ax: Axes, pos: Mapping, margin: float = 0.4) -> None:
    xy = np.array(list(pos.values())).reshape(-1, 2) if pos else np.zeros((1, 2))
    lo, hi = xy.min(axis=0) - margin, xy.max(axis=0) + margin
    lo = np.minimum(lo, [-1.75, -1.15])
    hi = np.maximum(hi, [1.75, 1.3])
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_axis_off()


def plot_dispute_network(
    G: nx.Graph,
    lang: str = "en",
    *,
    seed: int = 0,
    focus: Hashable | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw a dispute graph on the map-like layout, one coloured line per issue type.

    Nodes are coloured by subregion (north / east / west; outside actors grey); every issue of
    a disputing pair is a separate arc in its issue colour, its width growing with salience;
    a pair that rests only on rows named from outside the article (``basis = external``) is
    dashed; the legend names issue types, subregions and, when an external pair is drawn, the
    two line styles. ``focus`` is drawn with a thick outline.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`gulfsec.networks.dispute_graph`.
    lang : {"en", "ar"}
    seed : int
        Layout seed (:func:`gulf_layout`).
    focus : node, optional
        Actor to highlight.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of a new 10 x 6 in figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec.networks import dispute_graph
    >>> fig = plot_dispute_network(dispute_graph(gulfsec.load()), "ar")   # doctest: +SKIP
    """
    from matplotlib.lines import Line2D

    check_lang(lang)
    use_style(lang)
    if ax is None:
        fig, ax = new_figure(10, 6)
    else:
        fig = ax.figure
    pos = gulf_layout(G, seed)
    _region_labels(ax, lang)
    used: list[str] = []
    any_external = False
    for u, v, d in G.edges(data=True):
        issues = d.get("issue_salience") or {}
        m = len(issues)
        external = _external(G, u, v)  # drawn dashed
        any_external |= external
        for k, (issue, sal) in enumerate(issues.items()):
            rad = (k - (m - 1) / 2) * 0.13
            _edge(
                ax,
                pos[u],
                pos[v],
                rad=rad,
                color=ISSUE_COLORS.get(issue, "#777777"),
                lw=1.2 + 1.3 * float(sal),
                linestyle=(0, (3, 1.5)) if external else "-",
                zorder=2,
            )
            if issue not in used:
                used.append(issue)
    _draw_nodes(ax, G, pos, lang, focus)
    issue_handles = [
        Line2D([], [], color=ISSUE_COLORS[i], lw=4, label=label(f"networks.issue.{i}", lang))
        for i in ISSUE_TYPES
        if i in used
    ]
    widths = [Line2D([], [], color="#555555", lw=1.2 + 1.3 * s, label=f"{s}") for s in (1, 2, 3)]
    _sectioned_legend(
        fig,
        lang,
        [
            (label("networks.legend.issues", lang), issue_handles),
            (label("networks.legend.subregion", lang), _subregion_handles(G, lang)),
            (label("networks.legend.salience", lang), widths),
            *(
                [
                    (
                        label("networks.legend.basis", lang),
                        [
                            Line2D([], [], color="#555555", lw=2.5, ls=ls, label=label(key, lang))
                            for ls, key in (
                                ("-", "networks.legend.basis_article"),
                                ((0, (3, 1.5)), "networks.legend.basis_external"),
                            )
                        ],
                    )
                ]
                if any_external
                else []
            ),
        ],
    )
    _frame(ax, pos)
    finish(ax, title=label("networks.title.disputes", lang), lang=lang)
    caption(fig, lang)
    describe(fig, lang, "plot.alt.networks.disputes")
    return fig


def plot_issue_heatmap(G: nx.Graph, lang: str = "en", *, ax: Axes | None = None) -> Figure:
    """Heatmap of issue type (columns) by disputing pair (rows), shaded by salience.

    Cells without a dispute are left white; the others carry their salience (1-3) on the
    perceptually uniform cividis scale. A pair named only from outside the article
    (``basis = external``) is marked with a dagger, explained under the figure.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`gulfsec.networks.dispute_graph`.
    lang : {"en", "ar"}
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", issue_salience={"water": 3})
    >>> fig = plot_issue_heatmap(G, "en")
    """
    check_lang(lang)
    use_style(lang)
    M = issue_dyad_matrix(G)
    if ax is None:
        fig, ax = new_figure(9, max(3.0, 1.2 + 0.55 * len(M)))
    else:
        fig = ax.figure
    cols = list(M.columns)
    if lang == "ar":  # read right to left
        cols = cols[::-1]
    external = [_external(G, a, b) for a, b in M.index]
    rows = [
        f"{_short(G, a, lang)} – {_short(G, b, lang)}" + (" †" if ext else "")
        for (a, b), ext in zip(M.index, external, strict=True)
    ]
    values = M[cols].astype(float)
    sns.heatmap(
        values,
        mask=values.to_numpy() == 0,  # no dispute on that issue: a white cell
        vmin=0.5,
        vmax=3.5,
        cmap=SEQUENTIAL_CMAP,
        annot=True,
        fmt=".0f",
        linewidths=0.8,
        linecolor="#DDDDDD",
        cbar_kws={
            "ticks": [1, 2, 3],
            "label": label("networks.axis.salience", lang),
            "location": "left" if lang == "ar" else "right",
            "shrink": 0.9,
        },
        xticklabels=[textwrap.fill(label(f"networks.issue.{c}", lang), 12) for c in cols],
        yticklabels=rows,
        ax=ax,
    )
    ax.tick_params(length=0, labelrotation=0)
    rtl_y_axis(ax, lang)
    ax.spines[:].set_visible(False)  # the cell lines frame the table
    finish(
        ax,
        title=label("networks.title.heatmap", lang),
        xlabel=label("networks.axis.issue", lang),
        ylabel=label("networks.axis.dyad", lang),
        lang=lang,
    )
    note = f"  {label('networks.caption.external', lang)}" if any(external) else ""
    caption(fig, lang, label("source.caption", lang) + note)
    describe(fig, lang, "plot.alt.networks.heatmap")
    return fig


def plot_issue_strength(G: nx.Graph, lang: str = "en", *, ax: Axes | None = None) -> Figure:
    """Stacked horizontal bars: each actor's dispute strength split by issue type.

    Bar length is the actor's strength (sum of the salience of its disputes) per issue type
    (:func:`gulfsec.networks.issue_degree` with ``weighted=True``); actors without a dispute
    are left out; the largest is at the top.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", issue_salience={"water": 3, "islands": 1})
    >>> fig = plot_issue_strength(G, "ar")
    """
    check_lang(lang)
    use_style(lang)
    D = issue_degree(G, weighted=True)
    D = D[D.sum(axis=1) > 0]
    D = D.loc[D.sum(axis=1).sort_values(kind="stable").index]
    if ax is None:
        fig, ax = new_figure(9, max(3.0, 1.4 + 0.45 * len(D)))
    else:
        fig = ax.figure
    left = np.zeros(len(D))
    names = [_short(G, n, lang) for n in D.index]
    for issue in D.columns:
        vals = D[issue].to_numpy(dtype=float)
        ax.barh(
            names,
            vals,
            left=left,
            color=ISSUE_COLORS[issue],
            edgecolor="white",
            label=label(f"networks.issue.{issue}", lang),
        )
        left += vals
    if lang == "ar":
        ax.invert_xaxis()
    rtl_y_axis(ax, lang)
    ax.legend(
        title=label("networks.axis.issue", lang),
        loc="lower right" if lang == "en" else "lower left",
        frameon=False,
        markerfirst=lang == "en",
        alignment="left" if lang == "en" else "right",
    )
    finish(
        ax,
        title=label("networks.title.issue_strength", lang),
        xlabel=label("networks.axis.strength", lang),
        ylabel=label("networks.axis.actor", lang),
        lang=lang,
    )
    caption(fig, lang)
    describe(fig, lang, "plot.alt.networks.strength")
    return fig


def _camp_layout(
    G: nx.Graph, side: Mapping[Hashable, int], seed: int
) -> dict[Hashable, np.ndarray]:
    """Each camp on an ellipse (camp 0 left, camp 1 right).

    The Gulf states of a camp face the other camp (north, then the west in map order, then
    the east); the other actors fill the rest of the ellipse in an order drawn with
    ``numpy.random.default_rng(seed)`` (another seed, another arrangement of the chords).
    """
    pos: dict[Hashable, np.ndarray] = {}
    rng = np.random.default_rng(seed)
    sub_rank = {"north": 0, "west": 1, "east": 2}
    for camp, cx, facing in ((0, _CAMP_X[0], 0.0), (1, _CAMP_X[1], math.pi)):
        nodes = [n for n in G if side[n] == camp]
        if not nodes:
            continue
        gulf = [n for n in nodes if G.nodes[n].get("gulf_subregion") in sub_rank]
        gulf.sort(
            key=lambda n: (
                sub_rank[G.nodes[n]["gulf_subregion"]],
                _WEST_ORDER.index(n) if n in _WEST_ORDER else len(_WEST_ORDER),
            )
        )
        if camp == 1:  # keep north at the top on both sides
            gulf = gulf[::-1]
        others = [n for n in nodes if n not in gulf]
        others = [others[i] for i in rng.permutation(len(others))]
        step = 2 * math.pi / len(nodes)
        start = (
            facing + (len(gulf) - 1) / 2 * step
            if camp == 0
            else facing - (len(gulf) - 1) / 2 * step
        )
        direction = -1 if camp == 0 else 1
        for k, n in enumerate(gulf + others):
            t = start + direction * k * step
            pos[n] = np.array([cx + 0.8 * math.cos(t), 1.0 * math.sin(t)])
        if len(nodes) == 1:
            pos[nodes[0]] = np.array([cx, 0.0])
    return pos


def plot_signed_network(
    G: nx.Graph,
    result: Frustration,
    lang: str = "en",
    *,
    seed: int = 0,
    focus: Hashable | None = None,
    rule: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw a signed graph split into its two camps, with the frustrated edges marked.

    Camp 0 is on the left, camp 1 on the right (seeded spring layout within each camp);
    nodes coloured by subregion; friendly edges solid blue, hostile edges dashed vermillion;
    the frustrated edges of ``result`` (positive across, negative within a camp) drawn thick
    and black on top.

    Parameters
    ----------
    G : networkx.Graph
        A signed graph (e.g. :func:`gulfsec.networks.signed_graph`).
    result : Frustration
        From :func:`gulfsec.networks.frustration_index` on ``G``.
    lang : {"en", "ar"}
    seed : int
        Layout seed.
    focus : node, optional
        Actor to highlight.
    rule : str, optional
        The ``mixed_tie_rule`` used, named in the caption.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import networkx as nx
    >>> from gulfsec.networks import frustration_index
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=-1); G.add_edge("b", "c", sign=-1); G.add_edge("a", "c", sign=-1)
    >>> fig = plot_signed_network(G, frustration_index(G), "en")
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch

    check_lang(lang)
    use_style(lang)
    check_seed(seed, "seed")
    if set(result.side) != set(G):
        raise ValueError("parameter 'result' must come from frustration_index on the same graph")
    if ax is None:
        fig, ax = new_figure(10, 7)
    else:
        fig = ax.figure
    pos = _camp_layout(G, result.side, seed)
    for camp, cx in enumerate(_CAMP_X):
        k = len(result.partition[camp])
        if not k:
            continue
        ax.add_patch(
            FancyBboxPatch(
                (cx - 1.2, -1.35),
                2.4,
                2.7,
                boxstyle="round,pad=0.02,rounding_size=0.25",
                facecolor="#F2F2F2",
                edgecolor="#BBBBBB",
                zorder=0,
            )
        )
        ax.text(
            cx,
            1.5,
            label("networks.camp.label", lang, n=camp + 1, k=k),
            ha="center",
            va="bottom",
            fontsize=12,
            fontweight="bold",
        )
    frustrated = {frozenset(e) for e in result.frustrated_edges}
    for u, v, d in G.edges(data=True):
        s = 1 if d["sign"] == 1 else -1
        bad = frozenset((u, v)) in frustrated
        if bad:
            _edge(ax, pos[u], pos[v], color=FRUSTRATED_COLOR, lw=6.0, zorder=2.4)
        _edge(
            ax,
            pos[u],
            pos[v],
            color=SIGN_COLORS[s],
            lw=2.2 if bad else 1.0,
            ls="-" if s > 0 else (0, (4, 2.5)),
            alpha=1.0 if bad else 0.55,
            zorder=2.5 if bad else 1.5,
        )
    centres = {n: np.array([_CAMP_X[result.side[n]], 0.0]) for n in G}
    _draw_nodes(ax, G, pos, lang, focus, centres=centres)
    edge_handles = [
        Line2D([], [], color=SIGN_COLORS[1], lw=2, label=label("networks.sign.positive", lang)),
        Line2D(
            [],
            [],
            color=SIGN_COLORS[-1],
            lw=2,
            ls=(0, (4, 2.5)),
            label=label("networks.sign.negative", lang),
        ),
        Line2D(
            [],
            [],
            color=FRUSTRATED_COLOR,
            lw=5,
            label=label("networks.legend.frustrated", lang) + f" ({len(frustrated)})",
        ),
    ]
    _sectioned_legend(
        fig,
        lang,
        [
            (label("networks.legend.edges", lang), edge_handles),
            (label("networks.legend.subregion", lang), _subregion_handles(G, lang)),
        ],
        columns=True,
        ax=ax,
    )
    ax.set_xlim(-2.75, 2.75)
    ax.set_ylim(-1.5, 1.85)
    ax.set_aspect("equal")
    ax.set_axis_off()
    finish(ax, title=label("networks.title.signed", lang, index=result.index), lang=lang)
    parts = []
    if rule is not None:
        parts.append(
            label("networks.caption.rule", lang, rule=label(f"networks.rule.{rule}", lang))
        )
    if any(d.get("via_gcc") for _, _, d in G.edges(data=True)):
        parts.append(label("networks.caption.gcc", lang))
    parts.append(label("source.caption", lang))
    caption(fig, lang, text="\n".join(parts))
    describe(fig, lang, "plot.alt.networks.signed")
    return fig


# --------------------------------------------------------------------------- published record
def _pair_name(ds: Any, a: str, b: str, lang: str) -> str:
    short = ds.actors[f"short_{lang}"]
    return f"{short.get(a, a)} – {short.get(b, b)}"


def _span_text(first: Any, last: Any, lang: str) -> str:
    if pd.isna(first):
        return "—"
    first, last = int(first), int(last)
    if first == last:
        return str(first)
    return label("networks.years_span", lang, first=first, last=last)


def mid_evidence_table(evidence: pd.DataFrame, ds: Any, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.networks.dispute_evidence` for display: one row per pair, in ``lang``.

    Columns: the pair, MIDs (disputes), their years, the highest hostility reached, the
    disputes over territory and with deaths, the strategic rivalry (types and years) and the
    closest COW contiguity.

    Examples
    --------
    >>> import pandas as pd, gulfsec
    >>> ev = pd.DataFrame({"side_a": ["IRN"], "side_b": ["IRQ"], "disputes": [28],
    ...     "first_year": [1959], "last_year": [2010], "max_hostility": [5], "territorial": [7],
    ...     "fatal": [10], "rivalry_types": [("spatial",)], "rivalry_spells": [((1958, 2003),)],
    ...     "conttype": [1], "contiguous_since": [1932]})
    >>> mid_evidence_table(ev, gulfsec.load(), "en").iloc[0, 3]
    'War'
    """
    check_lang(lang)

    def rivalry(r: Any) -> str:
        if not r.rivalry_types:
            return label("networks.none_recorded", lang)
        types = join_list([label(f"evidence.rivalry.{t}", lang) for t in r.rivalry_types], lang)
        spells = join_list([_span_text(s, e, lang) for s, e in r.rivalry_spells], lang)
        return f"{types} ({spells})"

    def contiguity(v: object) -> str:
        if pd.isna(v):
            return label("networks.none_recorded", lang)
        return label(f"networks.contiguity.{int(v)}", lang)  # type: ignore[call-overload]

    t = _mid_rows(evidence, ds, lang)
    t["rivalry"] = [rivalry(r) for r in evidence.itertuples(index=False)]
    return localise(
        t,
        lang,
        headers="networks.col",
        columns=[
            "dyad",
            "mids",
            "mid_years",
            "hostility",
            "territorial",
            "fatal",
            "rivalry",
            "conttype",
        ],  # fmt: skip
        values={"hostility": _hostility(lang), "conttype": contiguity},
        titles={"conttype": label("networks.col.contiguity", lang)},
    )


def _hostility(lang: str) -> Any:
    def hostility(v: object) -> str:
        if pd.isna(v):
            return "—"
        return label(f"networks.hostility.{int(v)}", lang)  # type: ignore[call-overload]

    return hostility


def _mid_rows(pairs: pd.DataFrame, ds: Any, lang: str) -> pd.DataFrame:
    """The columns that MID tables share: pair name, counts and the span of years."""
    t = pairs.reset_index(drop=True).rename(
        columns={"disputes": "mids", "max_hostility": "hostility"}
    )
    t["dyad"] = [_pair_name(ds, a, b, lang) for a, b in zip(t["side_a"], t["side_b"], strict=True)]
    t["mid_years"] = [
        _span_text(a, b, lang) for a, b in zip(t["first_year"], t["last_year"], strict=True)
    ]
    return t.astype({"mids": int, "territorial": int, "fatal": int})


def unnamed_mid_table(pairs: pd.DataFrame, ds: Any, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.networks.unnamed_mid_pairs` for display, in ``lang``.

    Examples
    --------
    >>> import pandas as pd, gulfsec
    >>> p = pd.DataFrame({"side_a": ["USA"], "side_b": ["IRN"], "disputes": [15],
    ...     "first_year": [1979], "last_year": [2009], "max_hostility": [4], "territorial": [0],
    ...     "fatal": [2]})
    >>> unnamed_mid_table(p, gulfsec.load(), "en").iloc[0, 0]
    'United States – Iran'
    """
    check_lang(lang)
    return localise(
        _mid_rows(pairs, ds, lang),
        lang,
        headers="networks.col",
        columns=["dyad", "mids", "mid_years", "hostility", "territorial", "fatal"],
        values={"hostility": _hostility(lang)},
    )


# --------------------------------------------------------------------------- display tables


def centrality_table(G: nx.Graph, ds: Any, lang: str = "en") -> pd.DataFrame:
    """:func:`dispute_centrality` with actor names and headers in ``lang``, for display.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()                                            # doctest: +SKIP
    >>> from gulfsec.networks import dispute_graph
    >>> centrality_table(dispute_graph(ds), ds, "ar").columns[0]        # doctest: +SKIP
    'الفاعل'
    """
    ints = ("n_disputes", "degree", "strength", "n_issues")
    df = localise(
        dispute_centrality(G).astype(dict.fromkeys(ints, "int64")),
        lang,
        headers="networks.col",
        decimals=3,
        index=lambda a: str(ds.actors.loc[a, f"name_{lang}"]),
    )
    df.index.name = label("common.actor", lang)
    return df


def _name(ds: Any, actor: Hashable, lang: str, short: bool = True) -> str:
    col = f"{'short' if short else 'name'}_{lang}"
    if actor in ds.actors.index:
        return str(ds.actors.loc[actor, col])
    return str(actor)


def balance_table(G: nx.Graph, result: Frustration | None = None, lang: str = "en") -> pd.DataFrame:
    """:func:`balance_summary` as a two-column table (measure, value) in ``lang``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> nx.set_edge_attributes(G, 1, "sign")
    >>> balance_table(G, lang="en").iloc[-1, 0]
    'yes'
    """
    check_lang(lang)
    s = balance_summary(G, result)
    measures = ["nodes", "edges", "positive", "negative", "mixed", "triangles",
                "triangle_balance", "frustration", "normalised", "balanced"]  # fmt: skip
    shown = {
        "triangle_balance": f"{s['triangle_balance']:.3f}",
        "normalised": f"{s['normalised']:.3f}",
        "balanced": label("common.yes" if s["balanced"] else "common.no", lang),
    }
    t = pd.DataFrame(
        {"value": [str(shown.get(m, s[m])) for m in measures]},
        index=pd.Index(measures, name="measure"),
    )
    return localise(
        t,
        lang,
        headers="networks.col",
        index=lambda m: label(f"networks.measure.{m}", lang),
        index_name="measure",
    )


def camp_table(G: nx.Graph, result: Frustration, ds: Any, lang: str = "en") -> pd.DataFrame:
    """Actors by camp, with subregion and friendly / hostile degree, in ``lang``.

    Rows are sorted by camp, then Gulf states first (north, west, east), then by name.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()                                             # doctest: +SKIP
    >>> S = signed_graph(ds)                                            # doctest: +SKIP
    >>> camp_table(S, frustration_index(S), ds, "ar").columns[0]        # doctest: +SKIP
    'المعسكر'
    """
    check_lang(lang)
    deg = signed_degree(G)
    order = {"north": 0, "west": 1, "east": 2}
    t = pd.DataFrame(
        {
            "actor": list(G),
            "camp": [result.side[n] for n in G],
            "subregion": [G.nodes[n].get("gulf_subregion") for n in G],
            "positive": [int(deg.loc[n, "positive"]) for n in G],
            "negative": [int(deg.loc[n, "negative"]) for n in G],
        }
    )
    t["name"] = [_name(ds, n, lang, short=False) for n in t["actor"]]
    t = t.sort_values(
        ["camp", "subregion", "name"],
        key=lambda c: c.map(order).fillna(3) if c.name == "subregion" else c,
    ).set_index("name")
    t.index.name = "actor"

    def subregion(sub: object) -> str:
        if sub in order:
            return label(f"subregion.{sub}", lang)
        return label("networks.legend.external", lang)

    return localise(
        t,
        lang,
        headers="networks.col",
        columns=["camp", "subregion", "positive", "negative"],
        values={
            "camp": lambda side: label("networks.camp.name", lang, n=side + 1),
            "subregion": subregion,
        },
    ).rename_axis(label("common.actor", lang))


def _kinds_text(kinds: Iterable[str], lang: str) -> str:
    return "; ".join(label(f"networks.kind.{k}", lang) for k in kinds)


def frustrated_table(G: nx.Graph, result: Frustration, ds: Any, lang: str = "en") -> pd.DataFrame:
    """The edges that frustrate the camps of ``result``: pair, sign, rows behind it, passages.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()                                             # doctest: +SKIP
    >>> S = signed_graph(ds)                                            # doctest: +SKIP
    >>> len(frustrated_table(S, frustration_index(S), ds))              # doctest: +SKIP
    2
    """
    check_lang(lang)
    pairs = list(result.frustrated_edges)
    t = pd.DataFrame(
        {
            "edge": pairs,
            "sign": [G.edges[e]["sign"] for e in pairs],
            "camp": pairs,
            "kinds": [G.edges[e].get("kinds", ()) for e in pairs],
            "sources": [G.edges[e].get("sources", ()) for e in pairs],
        },
        columns=["edge", "sign", "camp", "kinds", "sources"],
    )
    camp = lambda x: label("networks.camp.name", lang, n=result.side[x] + 1)  # noqa: E731
    return localise(
        t,
        lang,
        headers="networks.col",
        values={
            "edge": lambda e: f"{_name(ds, e[0], lang)} – {_name(ds, e[1], lang)}",
            "sign": lambda v: label(
                "networks.sign.positive" if v == 1 else "networks.sign.negative", lang
            ),
            "camp": lambda e: " / ".join(camp(x) for x in e),
            "kinds": lambda k: _kinds_text(k, lang),
            "sources": lambda s: ", ".join(str(x) for x in s),
        },
    ).pipe(lambda d: d.set_index(d.columns[0]))


def dispute_table(G: nx.Graph, ds: Any, lang: str = "en") -> pd.DataFrame:
    """The disputing pairs of a dispute graph: issues, salience, status, basis, passages, in ``lang``.

    Sorted by salience (descending), then number of issues. The *basis* column says whether a
    pair rests on the article or was named from outside it (``basis = external``), so that a
    reader sees which rows a result depends on.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()                                             # doctest: +SKIP
    >>> dispute_table(dispute_graph(ds), ds, "en").index[0]             # doctest: +SKIP
    'Iran – Iraq'
    """
    check_lang(lang)
    edges = [(d.get("sides", (u, v)), d) for u, v, d in G.edges(data=True)]
    t = pd.DataFrame(
        {
            "dyad": [f"{_name(ds, a, lang)} – {_name(ds, b, lang)}" for (a, b), _ in edges],
            "n_issues": [d["n_issues"] for _, d in edges],
            "issues": [d["issues"] for _, d in edges],
            "salience": [int(d["salience"]) for _, d in edges],
            "status": [d["status"] for _, d in edges],
            "basis": [d["basis"] for _, d in edges],
            "sources": [d["sources"] for _, d in edges],
        },
        columns=["dyad", "n_issues", "issues", "salience", "status", "basis", "sources"],
    )
    t = t.sort_values(["salience", "n_issues", "dyad"], ascending=[False, False, True])

    def listed(kind: str, order: Any = list) -> Any:
        return lambda vs: join_list((label(f"networks.{kind}.{v}", lang) for v in order(vs)), lang)

    return localise(
        t.set_index("dyad"),
        lang,
        headers="networks.col",
        columns=["issues", "salience", "status", "basis", "sources"],
        values={
            "issues": listed("issue"),
            "status": listed("status", dict.fromkeys),
            "basis": listed("basis", lambda b: sorted(set(b))),
            "sources": lambda s: ", ".join(str(x) for x in s),
        },
        index_name="dyad",
    )


def rules_table(cmp: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`gulfsec.networks.compare_rules` with the rules and headers in ``lang``, for display.

    Examples
    --------
    >>> import gulfsec
    >>> from gulfsec.networks import compare_rules
    >>> rules_table(compare_rules(gulfsec.load(), rules=["drop"]), "ar").index.name
    'قاعدة الأزواج المختلطة'
    """
    return localise(
        cmp,
        lang,
        headers="networks.col",
        index=lambda rule: label(f"networks.rule.{rule}", lang),
        index_name="rule",
    )
