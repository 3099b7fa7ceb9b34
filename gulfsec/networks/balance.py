"""Structural balance of signed graphs: triangles, two-colouring, the frustration index.

For *any* undirected :mod:`networkx` graph whose edges carry ``sign`` in {+1, -1}:
:func:`triangle_census`, :func:`triangle_balance`, :func:`is_balanced`,
:func:`frustrated_edges`, :func:`frustration_index` (exact, by binary linear programming),
:func:`balance_partition` and the headline numbers of :func:`balance_summary`. Nothing here
knows about the Gulf data; the algorithms are written as networkx would ship them.

Definitions
-----------
A signed graph is *balanced* when its nodes can be split into two camps (one may be empty)
such that every positive edge joins two nodes of the same camp and every negative edge joins
the two camps (Heider 1946; Cartwright & Harary 1956). Equivalently, every cycle has an even
number of negative edges; in particular a triangle is balanced when the product of its three
signs is positive ("the friend of my friend is my friend, the enemy of my enemy is my
friend"). The *frustration index* (Harary's line index of balance) is the least number of
edges whose sign must change, or equivalently that must be deleted, to make the graph balanced
(Harary 1959); a partition attains it when exactly that many edges are *frustrated* (positive
across the camps or negative inside one).

References
----------
Heider, F. (1946). Attitudes and cognitive organization. *Journal of Psychology* 21, 107-112.

Cartwright, D., & Harary, F. (1956). Structural balance: a generalization of Heider's
theory. *Psychological Review* 63(5), 277-293.

Harary, F. (1959). On the measurement of structural balance. *Behavioral Science* 4(4),
316-323.

Aref, S., Mason, A. J., & Wilson, M. C. (2018). Computing the line index of balance using
integer programming optimisation. In B. Goldengorin (ed.), *Optimization Problems in Graph
Theory*, Springer, 65-84 (arXiv:1611.09030, "An exact method for computing the frustration
index in signed networks using binary programming").

Aref, S., & Wilson, M. C. (2018). Measuring partial balance in signed networks. *Journal of
Complex Networks* 6(4), 566-595.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("A", "B", sign=1)
>>> G.add_edge("B", "C", sign=-1)
>>> G.add_edge("A", "C", sign=-1)
>>> triangle_balance(G)
1.0
>>> frustration_index(G).index
0
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from gulfsec.networks._checks import check_signed

# --------------------------------------------------------------------------------------------
# Structural balance (any signed graph)
# --------------------------------------------------------------------------------------------


def _sign(G: nx.Graph, u: Hashable, v: Hashable) -> int:
    return 1 if G.edges[u, v]["sign"] == 1 else -1


def _triangles(G: nx.Graph) -> Iterable[tuple[Hashable, Hashable, Hashable]]:
    for clique in nx.enumerate_all_cliques(G):
        if len(clique) == 3:
            yield tuple(clique)
        elif len(clique) > 3:
            break


def triangle_census(G: nx.Graph) -> dict[str, int]:
    """Count the triangles of a signed graph by their number of negative edges.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, no self-loops, every edge with ``sign`` in {+1, -1}.

    Returns
    -------
    dict
        ``{"+++": n0, "++-": n1, "+--": n2, "---": n3}``; the balanced kinds are ``+++`` and
        ``+--`` (Cartwright & Harary 1956).

    Raises
    ------
    ValueError
        If ``G`` is not such a graph (the offending edge is named).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(4)
    >>> nx.set_edge_attributes(G, 1, "sign")
    >>> G.edges[0, 1]["sign"] = -1
    >>> triangle_census(G)
    {'+++': 2, '++-': 2, '+--': 0, '---': 0}
    """
    check_signed(G)
    census = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    keys = list(census)
    for a, b, c in _triangles(G):
        neg = sum(_sign(G, u, v) < 0 for u, v in ((a, b), (b, c), (a, c)))
        census[keys[neg]] += 1
    return census


def triangle_balance(G: nx.Graph) -> float:
    """Share of balanced triangles among all triangles of a signed graph.

    A triangle is balanced when the product of its three signs is positive (Heider 1946;
    Cartwright & Harary 1956). This is the triangle index of partial balance discussed by
    Aref & Wilson (2018); it is 1 for a balanced graph, but a graph can score 1 and still be
    unbalanced through longer cycles.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, no self-loops, every edge with ``sign`` in {+1, -1}.

    Returns
    -------
    float
        In [0, 1]; ``nan`` when ``G`` has no triangle (the share is undefined).

    Raises
    ------
    ValueError
        If ``G`` is not such a graph (the offending edge is named).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> nx.set_edge_attributes(G, -1, "sign")
    >>> triangle_balance(G)
    0.0
    """
    return _balanced_share(triangle_census(G))


def _balanced_share(census: Mapping[str, int]) -> float:
    """Share of balanced triangles (``+++`` and ``+--``) in a :func:`triangle_census`."""
    total = sum(census.values())
    return (census["+++"] + census["+--"]) / total if total else float("nan")


def _two_colour(G: nx.Graph) -> dict[Hashable, int] | None:
    """Camps of a balanced graph by breadth-first search, or ``None`` if it is unbalanced."""
    side: dict[Hashable, int] = {}
    for start in G:
        if start in side:
            continue
        side[start] = 0
        queue = [start]
        while queue:
            u = queue.pop()
            for v in G[u]:
                want = side[u] if _sign(G, u, v) > 0 else 1 - side[u]
                if v not in side:
                    side[v] = want
                    queue.append(v)
                elif side[v] != want:
                    return None
    return side


def is_balanced(G: nx.Graph) -> bool:
    """Whether a signed graph is balanced (two camps with no frustrated edge).

    Linear time: a breadth-first search assigns camps and fails on the first cycle with an
    odd number of negative edges (Cartwright & Harary 1956; Harary 1953).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.cycle_graph(4)
    >>> nx.set_edge_attributes(G, -1, "sign")
    >>> is_balanced(G)
    True
    """
    check_signed(G)
    return _two_colour(G) is not None


@dataclass(frozen=True)
class Frustration:
    """Result of :func:`frustration_index`.

    Attributes
    ----------
    index : int or float
        Frustration index (an int when unweighted; the least total weight otherwise).
    side : dict
        Node -> camp (0 or 1); the first node of each connected component is in camp 0.
    frustrated_edges : tuple of (u, v)
        The edges frustrated by ``side`` (positive across, negative within); as many as
        ``index`` when unweighted.
    exact : bool
        Whether optimality was proven (False only if ``time_limit`` stopped the solver).
    lower_bound : float
        Best proven lower bound (equals ``index`` when ``exact``).
    method : str
        ``"trivial"`` (balanced, found by search) or ``"milp"``.
    seconds : float
        Wall time of the computation.
    """

    index: float
    side: dict[Hashable, int]
    frustrated_edges: tuple[tuple[Hashable, Hashable], ...]
    exact: bool = True
    lower_bound: float = 0.0
    method: str = "milp"
    seconds: float = 0.0
    partition: tuple[frozenset, frozenset] = field(init=False)

    def __post_init__(self) -> None:
        camps = (
            frozenset(n for n, s in self.side.items() if s == 0),
            frozenset(n for n, s in self.side.items() if s == 1),
        )
        object.__setattr__(self, "partition", camps)


def _frustrated(G: nx.Graph, side: Mapping[Hashable, int]) -> tuple[tuple[Hashable, Hashable], ...]:
    return tuple((u, v) for u, v in G.edges() if (_sign(G, u, v) > 0) != (side[u] == side[v]))


def frustrated_edges(
    G: nx.Graph, side: Mapping[Hashable, int] | tuple[Iterable[Hashable], Iterable[Hashable]]
) -> tuple[tuple[Hashable, Hashable], ...]:
    """Edges that a given two-camp partition frustrates (positive across, negative within).

    Parameters
    ----------
    G : networkx.Graph
        Undirected, no self-loops, every edge with ``sign`` in {+1, -1}.
    side : dict or pair of node collections
        Node -> camp (0/1), or the two camps; every node of ``G`` must be placed.

    Returns
    -------
    tuple of (u, v)
        In ``G``'s edge order; their number is the frustration of this partition, never less
        than :func:`frustration_index`.

    Raises
    ------
    ValueError
        If ``G`` is not a signed graph or a node has no camp (named).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> nx.set_edge_attributes(G, -1, "sign")
    >>> frustrated_edges(G, ({0, 1, 2}, set()))
    ((0, 1), (0, 2), (1, 2))
    """
    check_signed(G)
    if isinstance(side, Mapping):
        camp = dict(side)
    else:
        try:
            first, second = side
        except (TypeError, ValueError):
            raise ValueError(
                "parameter 'side' must be a dict node -> 0/1 or a pair of camps"
            ) from None
        camp = {n: 0 for n in first} | {n: 1 for n in second}
    missing = [n for n in G if camp.get(n) not in (0, 1)]
    if missing:
        raise ValueError(f"parameter 'side' places no camp (0 or 1) for node(s) {missing[:5]!r}")
    return _frustrated(G, camp)


def _weights(G: nx.Graph, weight: str | None) -> dict[tuple, float]:
    out = {}
    for u, v, d in G.edges(data=True):
        if weight is None:
            out[u, v] = 1
            continue
        w = d.get(weight)
        if (
            isinstance(w, bool)
            or not isinstance(w, int | float | np.integer | np.floating)
            or not (w > 0 and math.isfinite(w))
        ):
            raise ValueError(
                f"edge ({u!r}, {v!r}) must have a positive finite {weight!r} (parameter "
                f"'weight'), got {w!r}"
            )
        out[u, v] = w
    return out


def frustration_index(
    G: nx.Graph, *, weight: str | None = None, time_limit: float | None = None
) -> Frustration:
    """Exact frustration index of a signed graph, with a partition that attains it.

    Definition: the least number (or total ``weight``) of edges that must change sign (or be
    deleted) for the graph to be balanced (Harary 1959). Equivalently, the minimum over all
    two-camp partitions of the number of frustrated edges (positive across the camps, negative
    within a camp).

    Method: the binary linear program of Aref, Mason & Wilson (2018, the "AND" model), solved
    with :func:`scipy.optimize.milp` (HiGHS branch and bound, exact). Node variables
    x_i in {0, 1} give the camp; for each edge (i, j) a variable y_ij stands for x_i AND x_j,
    so that the edge is frustrated by f_ij = x_i + x_j - 2 y_ij (positive edge, with
    y_ij <= x_i, y_ij <= x_j) or f_ij = 1 - x_i - x_j + 2 y_ij (negative edge, with
    y_ij >= x_i + x_j - 1); the objective is min sum w_ij f_ij. y is continuous in [0, 1]
    (it takes 0/1 values at every integral x). Two speed-ups, both valid for every balanced
    partition: the first node of each connected component is fixed to camp 0 (the camps can
    be swapped), and every unbalanced triangle must contain at least one frustrated edge
    (sum of its three f >= 1). A balanced graph is detected first in linear time. Disconnected
    graphs are handled (each component is free); isolated nodes are in camp 0.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, no self-loops, every edge with ``sign`` in {+1, -1}; any hashable nodes.
    weight : str, optional
        Edge attribute with positive weights for the weighted frustration index; ``None``
        counts edges.
    time_limit : float, optional
        Seconds the solver may use; if it stops early the result has ``exact=False`` and a
        ``lower_bound``. ``None``: no limit.

    Returns
    -------
    Frustration
        ``index``, ``side``, ``partition`` (two frozensets), ``frustrated_edges``, ``exact``.

    Raises
    ------
    ValueError
        If ``G`` is not such a graph (the offending edge or parameter is named).
    RuntimeError
        If the solver fails without a feasible solution.

    References
    ----------
    Aref, S., Mason, A. J., & Wilson, M. C. (2018). Computing the line index of balance using
    integer programming optimisation. In *Optimization Problems in Graph Theory*, Springer,
    65-84. arXiv:1611.09030.

    Harary, F. (1959). On the measurement of structural balance. *Behavioral Science* 4,
    316-323.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> nx.set_edge_attributes(G, -1, "sign")        # three mutual enemies
    >>> r = frustration_index(G)
    >>> r.index, len(r.frustrated_edges)
    (1, 1)
    """
    import time

    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    t0 = time.perf_counter()
    check_signed(G)
    if weight is not None and not isinstance(weight, str):
        raise ValueError(
            f"parameter 'weight' must be None or an edge attribute name, got {weight!r}"
        )
    if time_limit is not None and not (
        isinstance(time_limit, int | float) and not isinstance(time_limit, bool) and time_limit > 0
    ):
        raise ValueError(
            f"parameter 'time_limit' must be None or a positive number, got {time_limit!r}"
        )
    w = _weights(G, weight)

    side = _two_colour(G)
    if side is not None:
        return Frustration(0, side, (), True, 0.0, "trivial", time.perf_counter() - t0)

    nodes = list(G.nodes())
    idx = {n: i for i, n in enumerate(nodes)}
    edges = list(G.edges())
    eidx = {frozenset(e): k for k, e in enumerate(edges)}
    n, m = len(nodes), len(edges)
    # Variables: x_0..x_{n-1}, y_0..y_{m-1}. Objective c and constant term.
    c = np.zeros(n + m)
    const = 0.0
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0

    def f_terms(k: int) -> tuple[list[tuple[int, float]], float]:
        """f_k as (coefficients, constant)."""
        u, v = edges[k]
        i, j = idx[u], idx[v]
        if _sign(G, u, v) > 0:
            return [(i, 1.0), (j, 1.0), (n + k, -2.0)], 0.0
        return [(i, -1.0), (j, -1.0), (n + k, 2.0)], 1.0

    for k, (u, v) in enumerate(edges):
        terms, k0 = f_terms(k)
        for col, coef in terms:
            c[col] += w[u, v] * coef
        const += w[u, v] * k0
        i, j = idx[u], idx[v]
        if _sign(G, u, v) > 0:  # y <= x_i, y <= x_j
            for xi in (i, j):
                rows += [r, r]
                cols += [n + k, xi]
                vals += [1.0, -1.0]
                lo.append(-np.inf)
                hi.append(0.0)
                r += 1
        else:  # y >= x_i + x_j - 1
            rows += [r, r, r]
            cols += [n + k, i, j]
            vals += [1.0, -1.0, -1.0]
            lo.append(-1.0)
            hi.append(np.inf)
            r += 1

    def add_f_row(coefs: list[tuple[int, float]], low: float, high: float) -> None:
        """Add low <= sum coef * f_k <= high, written in the x and y variables."""
        nonlocal r
        acc: dict[int, float] = {}
        shift = 0.0
        for k, a in coefs:
            terms, kc = f_terms(k)
            shift += a * kc
            for col, coef in terms:
                acc[col] = acc.get(col, 0.0) + a * coef
        for col, coef in acc.items():
            if coef:
                rows.append(r)
                cols.append(col)
                vals.append(coef)
        lo.append(low - shift)
        hi.append(high - shift)
        r += 1

    # Every unbalanced triangle has at least one frustrated edge (sum of its f >= 1). Valid for
    # every partition; it tightens the LP bound. (Measured with benchmarks/bench_frustration.py:
    # the other triangle facets of the cut polytope, f_i <= f_j + f_k for balanced triangles
    # and f_i + f_j - f_k <= 1 for unbalanced ones, made the solver slower, not faster.)
    for a, b, cc in _triangles(G):
        tri = [eidx[frozenset(p)] for p in ((a, b), (b, cc), (a, cc))]
        if math.prod(_sign(G, *edges[k]) for k in tri) < 0:
            add_f_row([(k, 1.0) for k in tri], 1.0, np.inf)

    lb = np.zeros(n + m)
    ub = np.ones(n + m)
    for comp in nx.connected_components(G):
        first = min(comp, key=idx.__getitem__)
        ub[idx[first]] = 0.0
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    A = coo_array((vals, (rows, cols)), shape=(r, n + m)).tocsr()
    # mip_rel_gap=0: stop only at a proven optimum (HiGHS's default 1e-4 could accept a
    # weighted solution within 0.01 % of the bound).
    options: dict[str, Any] = {"disp": False, "mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    res = milp(
        c,
        integrality=integrality,
        bounds=Bounds(lb, ub),
        constraints=[LinearConstraint(A, lo, hi)] if r else None,
        options=options,
    )
    if res.x is None:
        raise RuntimeError(f"the MILP solver found no solution: {res.message}")
    side = {nd: int(round(res.x[idx[nd]])) for nd in nodes}
    frustrated = _frustrated(G, side)
    value = sum(w[e] if e in w else w[e[::-1]] for e in frustrated)
    exact = bool(res.status == 0)
    if exact:
        bound = float(value)
    else:  # stopped by time_limit: HiGHS's bound is on c @ x, without the constant term
        dual = getattr(res, "mip_dual_bound", None)
        bound = float(dual) + const if dual is not None and math.isfinite(dual) else 0.0
        bound = max(0.0, bound)  # a count or a sum of positive weights
        if weight is None:  # an integer objective: round the bound up
            bound = float(math.ceil(bound - 1e-9))
    if weight is None:
        value = int(value)
    return Frustration(value, side, frustrated, exact, bound, "milp", time.perf_counter() - t0)


def balance_partition(G: nx.Graph, *, weight: str | None = None) -> tuple[frozenset, frozenset]:
    """The two camps of a signed graph: exact for a balanced graph, least frustrated otherwise.

    For a balanced graph this is the unique (up to swapping, per connected component) split of
    the structure theorem (Cartwright & Harary 1956); otherwise a partition attaining the
    frustration index (:func:`frustration_index`).

    Parameters
    ----------
    G : networkx.Graph
        Undirected, no self-loops, every edge with ``sign`` in {+1, -1}.
    weight : str, optional
        As in :func:`frustration_index`.

    Returns
    -------
    tuple of two frozensets
        Camp 0 (which holds the first node of every component) and camp 1.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("c", "d", sign=1); G.add_edge("b", "c", sign=-1)
    >>> [sorted(camp) for camp in balance_partition(G)]
    [['a', 'b'], ['c', 'd']]
    """
    return frustration_index(G, weight=weight).partition


def balance_summary(G: nx.Graph, result: Frustration | None = None) -> dict[str, Any]:
    """Headline numbers of a signed graph: size, signs, triangles, balance, frustration.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, no self-loops, every edge with ``sign`` in {+1, -1}.
    result : Frustration, optional
        From :func:`frustration_index` (computed if not given).

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``positive``, ``negative``, ``mixed`` (edges with ``mixed=True``),
        ``triangles``, ``triangle_balance``, ``frustration`` (index), ``normalised``
        (index / edges), ``balanced`` (bool), ``exact``, ``camp_sizes`` (tuple).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> nx.set_edge_attributes(G, -1, "sign")
    >>> s = balance_summary(G)
    >>> s["frustration"], s["triangle_balance"], s["balanced"]
    (1, 0.0, False)
    """
    check_signed(G)
    result = frustration_index(G) if result is None else result
    census = triangle_census(G)
    m = G.number_of_edges()
    return {
        "nodes": G.number_of_nodes(),
        "edges": m,
        "positive": sum(1 for _, _, s in G.edges(data="sign") if s == 1),
        "negative": sum(1 for _, _, s in G.edges(data="sign") if s == -1),
        "mixed": sum(1 for _, _, x in G.edges(data="mixed") if x),
        "triangles": sum(census.values()),
        "triangle_balance": _balanced_share(census),
        "frustration": result.index,
        "normalised": result.index / m if m else 0.0,
        "balanced": result.index == 0,
        "exact": result.exact,
        "camp_sizes": tuple(len(c) for c in result.partition),
    }
