"""Dispute and alignment networks, and structural balance of signed graphs.

The article describes a region bound by disputes (water, borders, oil fields, islands,
sovereignty; passage 15) and split by alignments (the GCC and the United States, Iran and the
armed groups it backs, rivalries; passages 17-35). This module turns the ``disputes`` and
``ties`` tables into :mod:`networkx` graphs and measures them.

Graphs built from the data
    :func:`dispute_graph` (one edge per disputing pair) and :func:`signed_graph` (ties and
    disputes as friendly ``+1`` or hostile ``-1`` edges, under an explicit ``mixed_tie_rule``).

Structural balance, for *any* undirected graph whose edges carry ``sign`` in {+1, -1}
    :func:`triangle_balance`, :func:`triangle_census`, :func:`is_balanced`,
    :func:`frustration_index` (exact, by binary linear programming) and
    :func:`balance_partition`.

Centrality
    :func:`dispute_centrality`, :func:`issue_degree`, :func:`issue_dyad_matrix`,
    :func:`signed_degree`, and the localised :func:`centrality_table`.

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

import itertools
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from gulfsec._validate import check_choice
from gulfsec.i18n import check_lang, join_list, label

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ACTOR_KINDS",
    "CONTIGUITY_TYPES",
    "MAX_MID_DISPUTES",
    "MAX_SEED",
    "MID_HOSTILITY",
    "RIVALRY_TYPES",
    "contiguity_record",
    "dispute_evidence",
    "mid_dyads",
    "rivalry_record",
    "unnamed_mid_pairs",
    "actor_profile",
    "ISSUE_TYPES",
    "MIXED_TIE_RULES",
    "Frustration",
    "balance_partition",
    "balance_summary",
    "balance_table",
    "camp_table",
    "compare_rules",
    "dispute_table",
    "frustrated_table",
    "centrality_table",
    "check_params",
    "dispute_centrality",
    "dispute_graph",
    "dyad_label",
    "frustrated_edges",
    "frustration_index",
    "is_balanced",
    "issue_degree",
    "issue_dyad_matrix",
    "signed_degree",
    "signed_graph",
    "triangle_balance",
    "triangle_census",
]

#: Closed vocabulary of dispute issue types (``disputes.issues``), in codebook order.
ISSUE_TYPES: tuple[str, ...] = (
    "water",
    "land_border",
    "maritime_border",
    "islands",
    "oil_gas_fields",
    "agricultural_land",
    "sovereignty",
)
#: Kinds of actor (``actors.kind``).
ACTOR_KINDS: tuple[str, ...] = ("state", "organization", "non_state_group")
#: Rules for a pair of actors joined by both friendly and hostile rows (see :func:`signed_graph`).
MIXED_TIE_RULES: tuple[str, ...] = ("hostile_wins", "friendly_wins", "net_strength", "drop")
#: Actor id of the Gulf Cooperation Council as a bloc.
GCC_ID = "GCC"
#: Strength given to the +1 membership edges that ``expand_gcc`` adds between GCC members.
MEMBERSHIP_STRENGTH = 1

_ACTOR_ATTRS = (
    "name_en",
    "name_ar",
    "short_en",
    "short_ar",
    "kind",
    "gulf_littoral",
    "gulf_subregion",
    "gcc_member",
)


# --------------------------------------------------------------------------------------------
# Parameter checks
# --------------------------------------------------------------------------------------------


def _choices(value: Any, allowed: tuple[str, ...], name: str) -> tuple[str, ...] | None:
    """Normalise ``None`` | str | iterable of str to a tuple in ``allowed`` order."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    try:
        values = list(value)
    except TypeError:
        raise ValueError(
            f"parameter {name!r} must be None or a list of values from {list(allowed)}, "
            f"got {value!r}"
        ) from None
    bad = [v for v in values if v not in allowed]
    if bad or not values:
        raise ValueError(
            f"parameter {name!r} must be None or a non-empty list of values from "
            f"{list(allowed)}, got {value!r}"
        )
    return tuple(a for a in allowed if a in values)


def _check_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"parameter {name!r} must be True or False, got {value!r}")
    return bool(value)


#: Largest layout seed (numpy's legacy seeds are 32-bit).
MAX_SEED = 2**32 - 1
#: Ceiling of the notebook parameter ``mid_min_disputes``.
MAX_MID_DISPUTES = 50


def _check_seed(value: Any, name: str) -> int:
    """A layout seed: an integer from 0 to :data:`MAX_SEED` (not a bool)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not 0 <= value <= MAX_SEED
    ):
        raise ValueError(
            f"parameter {name!r} must be an integer from 0 to {MAX_SEED}, got {value!r}"
        )
    return int(value)


def check_params(
    ds: Any,
    *,
    issue_types: Any = None,
    include_external: Any = True,
    focus: Any = None,
    mixed_tie_rule: Any = "hostile_wins",
    layout_seed: Any = 0,
    lang: Any = "en",
    mid_min_disputes: Any = 3,
) -> dict[str, Any]:
    """Validate the parameters of the dispute-networks notebook and return them normalised.

    Parameters
    ----------
    ds : gulfsec.Dataset
        The data (for the actor ids that ``focus`` may take).
    issue_types : None or list of str
        Issue types to keep, from :data:`ISSUE_TYPES`; ``None`` keeps all.
    include_external : bool
        Keep rows whose ``basis`` is ``external``.
    focus : None or str
        An actor id of ``ds.actors`` to follow through the analysis.
    mixed_tie_rule : str
        One of :data:`MIXED_TIE_RULES`.
    layout_seed : int
        Seed of the network layouts, 0 to :data:`MAX_SEED`.
    lang : {"en", "ar"}
        Language.
    mid_min_disputes : int
        MIDs a pair needs to be listed as MID-heavy (1 to :data:`MAX_MID_DISPUTES`).

    Returns
    -------
    dict
        The same keys; ``issue_types`` as a tuple in vocabulary order or ``None``.

    Raises
    ------
    ValueError
        Naming the bad parameter and its allowed values.

    Examples
    --------
    >>> import types, pandas as pd
    >>> ds = types.SimpleNamespace(actors=pd.DataFrame(index=pd.Index(["IRN"], name="actor_id")))
    >>> check_params(ds, issue_types=["sovereignty", "water"])["issue_types"]
    ('water', 'sovereignty')
    >>> check_params(ds, focus="XXX")
    Traceback (most recent call last):
    ...
    ValueError: parameter 'focus' must be None or an actor id of the data (e.g. ['IRN']), got 'XXX'
    """
    out = {
        "issue_types": _choices(issue_types, ISSUE_TYPES, "issue_types"),
        "include_external": _check_bool(include_external, "include_external"),
        "mixed_tie_rule": check_choice("mixed_tie_rule", mixed_tie_rule, MIXED_TIE_RULES),
        "lang": check_lang(lang),
    }
    ids = list(ds.actors.index)
    if focus is not None and focus not in ids:
        raise ValueError(
            f"parameter 'focus' must be None or an actor id of the data (e.g. {ids[:8]}), "
            f"got {focus!r}"
        )
    out["focus"] = focus
    out["layout_seed"] = _check_seed(layout_seed, "layout_seed")
    m = mid_min_disputes
    if isinstance(m, bool) or not isinstance(m, int | np.integer) or not 1 <= m <= MAX_MID_DISPUTES:
        raise ValueError(
            f"parameter 'mid_min_disputes' must be an integer from 1 to {MAX_MID_DISPUTES}, "
            f"got {m!r}"
        )
    out["mid_min_disputes"] = int(m)
    return out


# --------------------------------------------------------------------------------------------
# Graphs from the data
# --------------------------------------------------------------------------------------------


def _records(df: pd.DataFrame, key: str) -> list[dict[str, Any]]:
    """Rows of a table as dicts, with its primary key as an ordinary field."""
    if key not in df.columns:
        df = df.reset_index(names=key) if df.index.name in (None, key) else df.reset_index()
    return df.to_dict("records")


def _as_tuple(v: Any) -> tuple:
    """A ``;``-list cell as a tuple (already a tuple when loaded by :func:`gulfsec.load`)."""
    if v is None or _pd_isna(v):
        return ()
    if isinstance(v, str):
        return tuple(s for s in v.split(";") if s)
    try:
        return tuple(v)
    except TypeError:
        return (v,)


def _actor_attrs(ds: Any, actor: str) -> dict[str, Any]:
    if actor not in ds.actors.index:
        raise ValueError(f"actor {actor!r} is not in the actors table")
    row = ds.actors.loc[actor]
    out: dict[str, Any] = {}
    for col in _ACTOR_ATTRS:
        if col in row.index:
            v = row[col]
            out[col] = (
                None
                if _pd_isna(v)
                else (bool(v) if col in ("gulf_littoral", "gcc_member") else str(v))
            )
    return out


def _pd_isna(v: Any) -> bool:
    import pandas as pd

    return bool(pd.isna(v)) if np.ndim(v) == 0 else False


def _keep_actor(ds: Any, actor: str, kinds: tuple[str, ...] | None, littoral_only: bool) -> bool:
    row = ds.actors.loc[actor]
    if kinds is not None and str(row["kind"]) not in kinds:
        return False
    return not (littoral_only and not bool(row["gulf_littoral"]))


def dyad_label(u: str, v: str, ds: Any | None = None, lang: str = "en") -> str:
    """Label of the pair ``u``-``v``: actor ids, or short names in ``lang`` if ``ds`` is given.

    Examples
    --------
    >>> dyad_label("IRN", "IRQ")
    'IRN–IRQ'
    """
    if ds is None:
        return f"{u}–{v}"
    col = f"short_{check_lang(lang)}"
    return f"{ds.actors.loc[u, col]} – {ds.actors.loc[v, col]}"


def dispute_graph(
    ds: Any,
    *,
    issue_types: Iterable[str] | str | None = None,
    actor_kinds: Iterable[str] | str | None = None,
    littoral_only: bool = False,
    include_external: bool = True,
    keep_littoral: bool = True,
) -> nx.Graph:
    """Graph of actors with one edge per disputing pair.

    Each row of ``ds.disputes`` joins ``side_a`` and ``side_b``. Several rows for the same pair
    are merged into one edge: issues are united, ``salience`` is the maximum, and the ids,
    statuses and cited passages are collected.

    Parameters
    ----------
    ds : gulfsec.Dataset
        Needs ``ds.actors`` (indexed by ``actor_id``) and ``ds.disputes``.
    issue_types : None, str or list of str
        Keep only these issue types (from :data:`ISSUE_TYPES`); a dispute none of whose issues
        is kept is dropped. ``None`` keeps all.
    actor_kinds : None, str or list of str
        Keep only disputes whose two sides are of these kinds (:data:`ACTOR_KINDS`).
    littoral_only : bool
        Keep only disputes between two of the eight littoral states (passage 10).
    include_external : bool
        Keep rows whose ``basis`` is ``external`` (facts named from outside the article).
    keep_littoral : bool
        Add the littoral states that pass the filters as nodes even when they have no dispute
        left, so that the region is drawn whole and isolates are visible.

    Returns
    -------
    networkx.Graph
        Node attributes: the actor's ``name_*``, ``short_*``, ``kind``, ``gulf_littoral``,
        ``gulf_subregion``, ``gcc_member``. Edge attributes: ``issues`` (tuple in vocabulary
        order), ``n_issues``, ``issue_salience`` (issue -> salience), ``salience`` (max, 1-3),
        ``weight`` (= salience), ``n_disputes``, ``disputes`` (ids), ``status``, ``basis``,
        ``confidence`` (tuples, one per dispute) and ``sources`` (sorted passage ids).

    Raises
    ------
    ValueError
        For a bad parameter (named, with its allowed values).

    Examples
    --------
    >>> import gulfsec
    >>> G = dispute_graph(gulfsec.load())                     # doctest: +SKIP
    >>> G.edges["IRN", "ARE"]["issues"]                        # doctest: +SKIP
    ('islands', 'sovereignty')
    """
    issues_keep = _choices(issue_types, ISSUE_TYPES, "issue_types") or ISSUE_TYPES
    kinds = _choices(actor_kinds, ACTOR_KINDS, "actor_kinds")
    littoral_only = _check_bool(littoral_only, "littoral_only")
    include_external = _check_bool(include_external, "include_external")
    keep_littoral = _check_bool(keep_littoral, "keep_littoral")

    G = nx.Graph()
    if keep_littoral:
        for actor, row in ds.actors.iterrows():
            if bool(row["gulf_littoral"]) and _keep_actor(ds, actor, kinds, littoral_only):
                G.add_node(actor, **_actor_attrs(ds, actor))
    for row in _records(ds.disputes, "dispute_id"):
        a, b = str(row["side_a"]), str(row["side_b"])
        if not include_external and str(row["basis"]) == "external":
            continue
        if not (
            _keep_actor(ds, a, kinds, littoral_only) and _keep_actor(ds, b, kinds, littoral_only)
        ):
            continue
        issues = [i for i in _as_tuple(row["issues"]) if i in issues_keep]
        if not issues:
            continue
        salience = int(row["salience"])
        for n in (a, b):
            if n not in G:
                G.add_node(n, **_actor_attrs(ds, n))
        if G.has_edge(a, b):
            e = G.edges[a, b]
        else:
            G.add_edge(
                a,
                b,
                sides=(a, b),
                issue_salience={},
                disputes=(),
                status=(),
                basis=(),
                confidence=(),
                sources=(),
            )
            e = G.edges[a, b]
        for i in issues:
            e["issue_salience"][i] = max(e["issue_salience"].get(i, 0), salience)
        e["disputes"] += (str(row["dispute_id"]),)
        e["status"] += (str(row["status"]),)
        e["basis"] += (str(row["basis"]),)
        e["confidence"] += (str(row["confidence"]),)
        e["sources"] = tuple(sorted({*e["sources"], *(int(s) for s in _as_tuple(row["sources"]))}))
    for _, _, e in G.edges(data=True):
        e["issue_salience"] = {
            i: e["issue_salience"][i] for i in ISSUE_TYPES if i in e["issue_salience"]
        }
        e["issues"] = tuple(e["issue_salience"])
        e["n_issues"] = len(e["issues"])
        e["salience"] = max(e["issue_salience"].values())
        e["weight"] = e["salience"]
        e["n_disputes"] = len(e["disputes"])
    return G


def signed_graph(
    ds: Any,
    *,
    mixed_tie_rule: str = "hostile_wins",
    include_disputes: bool = True,
    expand_gcc: bool = True,
    include_external: bool = True,
    issue_types: Iterable[str] | str | None = None,
    actor_kinds: Iterable[str] | str | None = None,
) -> nx.Graph:
    """Signed graph of alignments: actors joined by ties and disputes, each edge with a ``sign``.

    Every row contributes a signed, weighted *contribution* to its unordered pair of actors:
    a tie its coded ``sign`` (+1 friendly: alliance, partnership, sponsorship, influence,
    military intervention on a side; -1 hostile: rivalry, hostility) and ``strength`` (1-3);
    a dispute (if ``include_disputes``) sign -1 and strength = its ``salience``.
    A pair whose contributions all have the same sign gets that sign. A pair with both signs
    (e.g. Iran-Iraq: Iranian influence after 2003 beside the historical disputes) is resolved by
    ``mixed_tie_rule``:

    ``"hostile_wins"``
        the edge is hostile (-1): any coded hostility makes the pair hostile;
    ``"friendly_wins"``
        the edge is friendly (+1): any coded alignment makes the pair friendly;
    ``"net_strength"``
        the sign of the sum of sign x strength over the pair's rows; a zero sum drops the pair;
    ``"drop"``
        the pair gets no edge (ambivalent pairs are left out of the balance analysis).

    GCC as a bloc: ties of the Gulf Cooperation Council are coded with actor ``"GCC"``. With
    ``expand_gcc=True`` the GCC node is replaced by the member states (``actors.gcc_member``):
    each member inherits every GCC row as its own contribution (``via_gcc=True``), rows between
    the GCC and one of its members are dropped, and every two members are joined by a +1
    membership contribution of strength :data:`MEMBERSHIP_STRENGTH` (1, the weakest coded
    strength, so that under ``net_strength`` any coded hostility between members outweighs it).
    With ``expand_gcc=False`` the GCC stays a node of its own and nothing is added.

    Parameters
    ----------
    ds : gulfsec.Dataset
        Needs ``ds.actors``, ``ds.ties`` and (if ``include_disputes``) ``ds.disputes``.
    mixed_tie_rule : {"hostile_wins", "friendly_wins", "net_strength", "drop"}
        Rule for pairs with both friendly and hostile rows (see above).
    include_disputes : bool
        Count disputes as hostile contributions.
    expand_gcc : bool
        Replace the GCC node by its members (see above).
    include_external : bool
        Keep rows whose ``basis`` is ``external``.
    issue_types : None, str or list of str
        Passed to the disputes: only disputes with one of these issue types count.
    actor_kinds : None, str or list of str
        Keep only rows whose two sides are of these kinds (before GCC expansion).

    Returns
    -------
    networkx.Graph
        Node attributes as in :func:`dispute_graph`. Edge attributes: ``sign`` (+1/-1),
        ``weight`` (strength of the winning side: the largest strength among the rows of the
        edge's sign, or the absolute net strength under ``net_strength``), ``mixed`` (the pair
        had both signs), ``kinds`` (tie kinds, ``"dispute"``, ``"gcc_membership"``), ``ties``,
        ``disputes`` (row ids), ``via_gcc`` and ``sources``.

    Raises
    ------
    ValueError
        For a bad parameter (named, with its allowed values).

    Examples
    --------
    >>> import gulfsec
    >>> S = signed_graph(gulfsec.load(), mixed_tie_rule="friendly_wins")   # doctest: +SKIP
    >>> S.edges["IRN", "IRQ"]["sign"], S.edges["IRN", "IRQ"]["mixed"]       # doctest: +SKIP
    (1, True)
    """
    rule = check_choice("mixed_tie_rule", mixed_tie_rule, MIXED_TIE_RULES)
    include_disputes = _check_bool(include_disputes, "include_disputes")
    expand_gcc = _check_bool(expand_gcc, "expand_gcc")
    include_external = _check_bool(include_external, "include_external")
    issues_keep = _choices(issue_types, ISSUE_TYPES, "issue_types") or ISSUE_TYPES
    kinds = _choices(actor_kinds, ACTOR_KINDS, "actor_kinds")

    members = [a for a, m in ds.actors["gcc_member"].items() if bool(m)]
    expand = expand_gcc and GCC_ID in ds.actors.index and bool(members)

    def row(r: dict[str, Any], table: str, sign: int, strength: Any, kind: Any) -> dict:
        return {
            "a": str(r["side_a"]),
            "b": str(r["side_b"]),
            "sign": int(sign),
            "strength": int(strength),
            "kind": str(kind),
            "id": str(r["tie_id" if table == "ties" else "dispute_id"]),
            "table": table,
            "basis": str(r["basis"]),
            "sources": _as_tuple(r["sources"]),
        }

    rows = [
        row(r, "ties", r["sign"], r["strength"], r["kind"]) for r in _records(ds.ties, "tie_id")
    ]
    if include_disputes:
        rows += [
            row(r, "disputes", -1, r["salience"], "dispute")
            for r in _records(ds.disputes, "dispute_id")
            if any(i in issues_keep for i in _as_tuple(r["issues"]))
        ]

    contrib: dict[frozenset, list[dict[str, Any]]] = {}
    order: list[frozenset] = []

    def add(a: str, b: str, c: dict[str, Any]) -> None:
        key = frozenset((a, b))
        if key not in contrib:
            contrib[key] = []
            order.append(key)
        contrib[key].append({**c, "pair": (a, b)})

    for r in rows:
        if not include_external and r["basis"] == "external":
            continue
        if not (_keep_actor(ds, r["a"], kinds, False) and _keep_actor(ds, r["b"], kinds, False)):
            continue
        a, b = r["a"], r["b"]
        if a == b:
            continue
        if expand and GCC_ID in (a, b):
            other = b if a == GCC_ID else a
            if other in members or other == GCC_ID:
                continue
            for m in members:
                add(m, other, {**r, "via_gcc": True})
        else:
            add(a, b, {**r, "via_gcc": False})
    if expand:
        for m1, m2 in itertools.combinations(members, 2):
            add(
                m1,
                m2,
                {
                    "sign": 1,
                    "strength": MEMBERSHIP_STRENGTH,
                    "kind": "gcc_membership",
                    "id": "gcc_membership",
                    "table": "membership",
                    "basis": "article",
                    "sources": (10,),
                    "via_gcc": True,
                },
            )

    G = nx.Graph()
    for key in order:
        cs = contrib[key]
        signs = {c["sign"] for c in cs}
        mixed = len(signs) > 1
        if not mixed:
            sign = cs[0]["sign"]
            weight = max(c["strength"] for c in cs)
        elif rule == "hostile_wins" or rule == "friendly_wins":
            sign = -1 if rule == "hostile_wins" else 1
            weight = max(c["strength"] for c in cs if c["sign"] == sign)
        elif rule == "net_strength":
            net = sum(c["sign"] * c["strength"] for c in cs)
            if net == 0:
                continue
            sign, weight = (1 if net > 0 else -1), abs(net)
        else:  # drop
            continue
        a, b = cs[0]["pair"]
        for n in (a, b):
            if n not in G:
                G.add_node(n, **_actor_attrs(ds, n))
        G.add_edge(
            a,
            b,
            sign=sign,
            weight=weight,
            mixed=mixed,
            kinds=tuple(dict.fromkeys(c["kind"] for c in cs)),
            ties=tuple(c["id"] for c in cs if c["table"] == "ties"),
            disputes=tuple(c["id"] for c in cs if c["table"] == "disputes"),
            via_gcc=all(c["via_gcc"] for c in cs),
            sources=tuple(sorted({int(s) for c in cs for s in c["sources"]})),
        )
    return G


# --------------------------------------------------------------------------------------------
# Structural balance (any signed graph)
# --------------------------------------------------------------------------------------------


def _check_signed(G: Any, name: str = "G") -> None:
    """Raise ValueError unless ``G`` is an undirected simple graph with signs in {+1, -1}."""
    if not isinstance(G, nx.Graph):
        raise ValueError(f"parameter {name!r} must be a networkx.Graph, got {type(G).__name__}")
    if G.is_directed() or G.is_multigraph():
        raise ValueError(
            f"parameter {name!r} must be an undirected simple graph (networkx.Graph), "
            f"got {type(G).__name__}; convert it first (e.g. nx.Graph(G) after resolving signs)"
        )
    for u, v, s in G.edges(data="sign"):
        if u == v:
            raise ValueError(
                f"edge ({u!r}, {v!r}) is a self-loop: structural balance is defined for graphs "
                "without self-loops (remove them: a positive loop never frustrates, a negative "
                "one always does)"
            )
        if isinstance(s, bool | np.bool_) or s not in (1, -1):
            raise ValueError(
                f"edge ({u!r}, {v!r}) must have attribute 'sign' in {{+1, -1}}, got {s!r}"
            )


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
    _check_signed(G)
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
    _check_signed(G)
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
    _check_signed(G)
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
    _check_signed(G)
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


# --------------------------------------------------------------------------------------------
# Centrality
# --------------------------------------------------------------------------------------------


def dispute_centrality(G: nx.Graph) -> pd.DataFrame:
    """Who sits in the most disputes: degree, strength, issues and betweenness per actor.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`dispute_graph`.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id, sorted by ``n_disputes``, ``strength`` (descending) and id:
        ``n_disputes`` (dispute rows the actor is a side of), ``degree`` (disputing partners),
        ``strength`` (sum of the salience of its dispute edges, Barrat et al. 2004),
        ``n_issues`` (sum over partners of the issue types in dispute) and ``betweenness``
        (share of shortest paths between other actors through it, normalised; Freeman 1977).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", salience=3, n_issues=2, n_disputes=1)
    >>> G.add_edge("B", "C", salience=1, n_issues=1, n_disputes=1)
    >>> dispute_centrality(G).loc["B"].tolist()
    [2.0, 2.0, 4.0, 3.0, 1.0]
    """
    import pandas as pd

    bet = nx.betweenness_centrality(G, normalized=True)
    data = {
        n: {
            "n_disputes": sum(d.get("n_disputes", 1) for _, _, d in G.edges(n, data=True)),
            "degree": G.degree(n),
            "strength": sum(d.get("salience", 1) for _, _, d in G.edges(n, data=True)),
            "n_issues": sum(d.get("n_issues", 0) for _, _, d in G.edges(n, data=True)),
            "betweenness": bet[n],
        }
        for n in G.nodes()
    }
    cols = ["n_disputes", "degree", "strength", "n_issues", "betweenness"]
    df = pd.DataFrame.from_dict(data, orient="index", columns=cols).astype(float)
    df.index.name = "actor_id"
    df["_id"] = df.index
    df = df.sort_values(["n_disputes", "strength", "_id"], ascending=[False, False, True])
    return df.drop(columns="_id")


def issue_degree(G: nx.Graph, *, weighted: bool = False) -> pd.DataFrame:
    """Degree (or strength) of each actor by issue type.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`dispute_graph` (edges with ``issue_salience``).
    weighted : bool
        ``False``: number of partners with whom the actor disputes the issue (degree);
        ``True``: sum of the salience of those disputes (strength).

    Returns
    -------
    pandas.DataFrame
        Actors (rows, in node order) x the issue types present (columns, vocabulary order),
        integers.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", issue_salience={"water": 3, "islands": 2})
    >>> G.add_edge("A", "C", issue_salience={"water": 1})
    >>> issue_degree(G, weighted=True).loc["A"].to_dict()
    {'water': 4, 'islands': 2}
    """
    import pandas as pd

    weighted = _check_bool(weighted, "weighted")
    present = {i for _, _, s in G.edges(data="issue_salience") for i in (s or {})}
    cols = [i for i in ISSUE_TYPES if i in present]
    df = pd.DataFrame(
        0, index=pd.Index(list(G.nodes()), name="actor_id"), columns=cols, dtype="int64"
    )
    for u, v, s in G.edges(data="issue_salience"):
        for i, sal in (s or {}).items():
            for n in (u, v):
                df.loc[n, i] += int(sal) if weighted else 1
    return df


def issue_dyad_matrix(G: nx.Graph) -> pd.DataFrame:
    """Dyad x issue-type matrix of dispute salience (0 where the pair does not dispute it).

    Rows are the disputing pairs, sorted by total salience (descending); columns the issue
    types present, in vocabulary order.

    Returns
    -------
    pandas.DataFrame
        Index: a MultiIndex ``(side_a, side_b)``; integer values 0-3.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", issue_salience={"water": 3, "islands": 2})
    >>> issue_dyad_matrix(G).to_dict("records")
    [{'water': 3, 'islands': 2}]
    """
    import pandas as pd

    present = {i for _, _, s in G.edges(data="issue_salience") for i in (s or {})}
    cols = [i for i in ISSUE_TYPES if i in present]
    recs = []
    for u, v, d in G.edges(data=True):
        s = d.get("issue_salience") or {}
        a, b = d.get("sides", (u, v))
        recs.append({"side_a": a, "side_b": b, **{i: int(s.get(i, 0)) for i in cols}})
    df = pd.DataFrame(recs, columns=["side_a", "side_b", *cols])
    if df.empty:
        return df.set_index(["side_a", "side_b"])
    df["_total"] = df[cols].sum(axis=1)
    df = df.sort_values(["_total", "side_a", "side_b"], ascending=[False, True, True])
    return df.drop(columns="_total").set_index(["side_a", "side_b"]).astype("int64")


def signed_degree(G: nx.Graph) -> pd.DataFrame:
    """Friendly and hostile degree of each actor in a signed graph.

    Returns
    -------
    pandas.DataFrame
        Indexed by node: ``positive``, ``negative`` (counts of +1 and -1 edges) and
        ``net`` (positive - negative), sorted by ``negative`` then ``positive`` (descending).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", sign=1); G.add_edge("A", "C", sign=-1)
    >>> signed_degree(G).loc["A"].tolist()
    [1, 1, 0]
    """
    import pandas as pd

    _check_signed(G)
    recs = {
        n: {
            "positive": sum(1 for _, _, s in G.edges(n, data="sign") if s == 1),
            "negative": sum(1 for _, _, s in G.edges(n, data="sign") if s == -1),
        }
        for n in G.nodes()
    }
    df = pd.DataFrame.from_dict(recs, orient="index", columns=["positive", "negative"]).astype(
        "int64"
    )
    df["net"] = df["positive"] - df["negative"]
    df.index.name = "actor_id"
    df["_id"] = df.index
    df = df.sort_values(["negative", "positive", "_id"], ascending=[False, False, True])
    return df.drop(columns="_id")


def centrality_table(G: nx.Graph, ds: Any, lang: str = "en") -> pd.DataFrame:
    """:func:`dispute_centrality` with actor names and headers in ``lang``, for display.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()                                            # doctest: +SKIP
    >>> centrality_table(dispute_graph(ds), ds, "ar").columns[0]        # doctest: +SKIP
    'الفاعل'
    """
    check_lang(lang)
    df = dispute_centrality(G).reset_index()
    df.insert(0, "actor", [str(ds.actors.loc[a, f"name_{lang}"]) for a in df["actor_id"]])
    df = df.drop(columns="actor_id")
    df["betweenness"] = df["betweenness"].round(3)
    for col in ("n_disputes", "degree", "strength", "n_issues"):
        df[col] = df[col].astype("int64")
    df.columns = [label("common.actor", lang)] + [
        label(f"networks.col.{c}", lang) for c in df.columns[1:]
    ]
    return df.set_index(df.columns[0])


# --------------------------------------------------------------------------------------------
# Tables for display (localised) and summaries
# --------------------------------------------------------------------------------------------


def _name(ds: Any, actor: Hashable, lang: str, short: bool = True) -> str:
    col = f"{'short' if short else 'name'}_{lang}"
    if actor in ds.actors.index:
        return str(ds.actors.loc[actor, col])
    return str(actor)


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
    _check_signed(G)
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
    import pandas as pd

    check_lang(lang)
    s = balance_summary(G, result)
    rows = [
        ("nodes", s["nodes"]),
        ("edges", s["edges"]),
        ("positive", s["positive"]),
        ("negative", s["negative"]),
        ("mixed", s["mixed"]),
        ("triangles", s["triangles"]),
        ("triangle_balance", f"{s['triangle_balance']:.3f}"),
        ("frustration", s["frustration"]),
        ("normalised", f"{s['normalised']:.3f}"),
        ("balanced", label("common.yes" if s["balanced"] else "common.no", lang)),
    ]
    df = pd.DataFrame(
        {label("networks.col.value", lang): [str(v) for _, v in rows]},
        index=pd.Index(
            [label(f"networks.measure.{k}", lang) for k, _ in rows],
            name=label("networks.col.measure", lang),
        ),
    )
    return df


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
    import pandas as pd

    check_lang(lang)
    deg = signed_degree(G)
    order = {"north": 0, "west": 1, "east": 2}
    recs = []
    for n in G:
        sub = G.nodes[n].get("gulf_subregion")
        recs.append(
            {
                "_camp": result.side[n],
                "_sub": order.get(sub, 3),
                "actor": _name(ds, n, lang, short=False),
                "camp": label("networks.camp.name", lang, n=result.side[n] + 1),
                "subregion": label(f"subregion.{sub}", lang)
                if sub in order
                else label("networks.legend.external", lang),
                "positive": int(deg.loc[n, "positive"]),
                "negative": int(deg.loc[n, "negative"]),
            }
        )
    df = pd.DataFrame(recs).sort_values(["_camp", "_sub", "actor"]).drop(columns=["_camp", "_sub"])
    df = df.set_index("actor")
    df.index.name = label("common.actor", lang)
    df.columns = [
        label("networks.col.camp", lang),
        label("networks.col.subregion", lang),
        label("networks.col.positive", lang),
        label("networks.col.negative", lang),
    ]
    return df


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
    import pandas as pd

    check_lang(lang)
    recs = []
    for u, v in result.frustrated_edges:
        d = G.edges[u, v]
        recs.append(
            {
                label("networks.col.edge", lang): f"{_name(ds, u, lang)} – {_name(ds, v, lang)}",
                label("networks.col.sign", lang): label(
                    "networks.sign.positive" if d["sign"] == 1 else "networks.sign.negative", lang
                ),
                label("networks.col.camp", lang): " / ".join(
                    label("networks.camp.name", lang, n=result.side[x] + 1) for x in (u, v)
                ),
                label("networks.col.kinds", lang): _kinds_text(d.get("kinds", ()), lang),
                label("networks.col.sources", lang): ", ".join(
                    str(s) for s in d.get("sources", ())
                ),
            }
        )
    cols = [label(f"networks.col.{c}", lang) for c in ("edge", "sign", "camp", "kinds", "sources")]
    return pd.DataFrame(recs, columns=cols).set_index(cols[0])


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
    import pandas as pd

    check_lang(lang)
    recs = []
    for u, v, d in G.edges(data=True):
        a, b = d.get("sides", (u, v))
        recs.append(
            {
                "_s": d["salience"],
                "_n": d["n_issues"],
                "dyad": f"{_name(ds, a, lang)} – {_name(ds, b, lang)}",
                "issues": join_list(
                    (label(f"networks.issue.{i}", lang) for i in d["issues"]), lang
                ),
                "salience": int(d["salience"]),
                "status": join_list(
                    (label(f"networks.status.{s}", lang) for s in dict.fromkeys(d["status"])), lang
                ),
                "basis": join_list(
                    (label(f"networks.basis.{b}", lang) for b in sorted(set(d["basis"]))), lang
                ),
                "sources": ", ".join(str(s) for s in d["sources"]),
            }
        )
    cols = ["dyad", "issues", "salience", "status", "basis", "sources"]
    df = pd.DataFrame(recs, columns=["_s", "_n", *cols])
    df = df.sort_values(["_s", "_n", "dyad"], ascending=[False, False, True]).drop(
        columns=["_s", "_n"]
    )
    df.columns = [label(f"networks.col.{c}", lang) for c in cols]
    return df.set_index(df.columns[0])


def compare_rules(
    ds: Any,
    *,
    rules: Iterable[str] = MIXED_TIE_RULES,
    focus: str | None = None,
    lang: str | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """How the balance of the region's signed network depends on ``mixed_tie_rule``.

    Builds :func:`signed_graph` under each rule (other keyword arguments passed on) and
    reports edges, mixed pairs, triangle balance, frustration index and camp sizes, plus the
    camp of ``focus`` (1 or 2; 0 if the actor is not in the graph).

    With ``lang`` ("en" or "ar") the rules and headers are translated for display.

    Returns
    -------
    pandas.DataFrame
        Indexed by rule.

    Examples
    --------
    >>> import gulfsec
    >>> compare_rules(gulfsec.load(), focus="IRQ")["frustration"]          # doctest: +SKIP
    """
    import pandas as pd

    recs = {}
    for rule in rules:
        S = signed_graph(ds, mixed_tie_rule=rule, **kwargs)  # signed_graph checks the rule
        r = frustration_index(S)
        s = balance_summary(S, r)
        rec = {
            "edges": s["edges"],
            "negative": s["negative"],
            "mixed": s["mixed"],
            "triangle_balance": round(s["triangle_balance"], 3),
            "frustration": s["frustration"],
            "camp_1": s["camp_sizes"][0],
            "camp_2": s["camp_sizes"][1],
        }
        if focus is not None:
            rec["focus_camp"] = r.side[focus] + 1 if focus in r.side else 0
        recs[rule] = rec
    df = pd.DataFrame.from_dict(recs, orient="index")
    df.index.name = "mixed_tie_rule"
    if lang is not None:
        check_lang(lang)
        df.index = pd.Index(
            [label(f"networks.rule.{r}", lang) for r in df.index],
            name=label("networks.col.rule", lang),
        )
        df.columns = [label(f"networks.col.{c}", lang) for c in df.columns]
    return df


def actor_profile(G: nx.Graph, S: nx.Graph, result: Frustration, actor: Hashable) -> dict[str, Any]:
    """One actor's place in both networks: its camp, friendly / hostile ties, dispute partners.

    Parameters
    ----------
    G : networkx.Graph
        Dispute graph (:func:`dispute_graph`).
    S : networkx.Graph
        Signed graph (:func:`signed_graph`).
    result : Frustration
        :func:`frustration_index` of ``S``.
    actor : str
        Actor id.

    Returns
    -------
    dict
        ``in_signed`` (bool), ``camp`` (1 or 2, or ``None``), ``positive``, ``negative``
        (edge counts in ``S``), ``dispute_partners`` (tuple of ids, most salient first),
        ``frustrated`` (frustrated edges touching the actor).

    Examples
    --------
    >>> import networkx as nx
    >>> S = nx.Graph(); S.add_edge("A", "B", sign=-1)
    >>> G = nx.Graph(); G.add_edge("A", "B", salience=2)
    >>> actor_profile(G, S, frustration_index(S), "A")["dispute_partners"]
    ('B',)
    """
    partners: tuple = ()
    if actor in G:
        partners = tuple(
            sorted(G[actor], key=lambda p: (-G.edges[actor, p].get("salience", 0), str(p)))
        )
    if actor not in S:
        return {
            "in_signed": False,
            "camp": None,
            "positive": 0,
            "negative": 0,
            "dispute_partners": partners,
            "frustrated": (),
        }
    return {
        "in_signed": True,
        "camp": result.side[actor] + 1,
        "positive": sum(1 for _, _, s in S.edges(actor, data="sign") if s == 1),
        "negative": sum(1 for _, _, s in S.edges(actor, data="sign") if s == -1),
        "dispute_partners": partners,
        "frustrated": tuple(e for e in result.frustrated_edges if actor in e),
    }


# --------------------------------------------------------------------------------------------
# The coded disputes beside the published record: MIDs, strategic rivalries, contiguity
# --------------------------------------------------------------------------------------------

#: Highest hostility level of a militarised interstate dispute (MID codebook, ``hostlev``).
MID_HOSTILITY: dict[int, str] = {
    1: "no_militarized_action",
    2: "threat",
    3: "display",
    4: "use",
    5: "war",
}
#: The four rivalry types of Thompson, Sakuwa & Suhas (flags of ``tss_rivalries``).
RIVALRY_TYPES: tuple[str, ...] = ("spatial", "positional", "ideological", "interventionary")
#: COW direct contiguity types: 1 land or river; 2-5 separated by water of at most 12, 24, 150
#: and 400 miles.
CONTIGUITY_TYPES: tuple[int, ...] = (1, 2, 3, 4, 5)
#: Revision type "territory" in the MID data (``revtype*`` columns).
MID_TERRITORY = 1


def _pair(a: Any, b: Any) -> tuple[int, int]:
    a, b = int(a), int(b)
    return (a, b) if a < b else (b, a)


def _codes_to_ids(actors: pd.DataFrame) -> dict[int, str]:
    """``{ccode: actor_id}`` for the actors that have a COW state number."""
    codes = actors["cow_code"].dropna()
    return {int(c): str(a) for a, c in codes.items()}


def mid_dyads(dyad_years: pd.DataFrame) -> pd.DataFrame:
    """The militarised-dispute record of every pair in a MID dyad-year table.

    Definition: from the Gibler-Miller-Little (GML) dyadic dispute-years (directed or not),
    each unordered pair ``(ccode1 < ccode2)`` is summarised by the number of distinct disputes
    (``dispnum``), the first and last year with a dispute ongoing, the number of distinct
    dispute-years, the highest hostility level reached by either side (``max(hostlev1,
    hostlev2)``, 1 no militarised action ... 5 war; :data:`MID_HOSTILITY`), the number of
    disputes in which either side sought to revise territory (a revision type of 1) and the
    number with at least one battle death (``fatality > 0``).

    Parameters
    ----------
    dyad_years : pandas.DataFrame
        Columns ``dispnum, ccode1, ccode2, year, hostlev1, hostlev2``; optional
        ``revtype11, revtype12, revtype21, revtype22`` and ``fatality`` (missing as NaN).

    Returns
    -------
    pandas.DataFrame
        One row per pair, sorted by ``disputes`` (descending) then codes: ``ccode1``,
        ``ccode2``, ``disputes``, ``first_year``, ``last_year``, ``dispute_years``,
        ``max_hostility``, ``territorial``, ``fatal``.

    References
    ----------
    Gibler, D. M., Miller, S. V., & Little, E. K. (2016). An analysis of the Militarized
    Interstate Dispute (MID) dataset, 1816-2001. *International Studies Quarterly* 60(4),
    719-730.

    Examples
    --------
    >>> import pandas as pd
    >>> dy = pd.DataFrame({"dispnum": [1, 1, 1, 2], "ccode1": [630, 645, 630, 645],
    ...                    "ccode2": [645, 630, 645, 630], "year": [1980, 1980, 1981, 1990],
    ...                    "hostlev1": [5, 4, 5, 2], "hostlev2": [4, 5, 4, 3],
    ...                    "revtype11": [1, 0, 1, 2], "revtype12": [0, 1, 0, 0]})
    >>> r = mid_dyads(dy).iloc[0]
    >>> int(r["disputes"]), int(r["first_year"]), int(r["last_year"]), int(r["max_hostility"])
    (2, 1980, 1990, 5)
    >>> int(r["dispute_years"]), int(r["territorial"])
    (3, 1)
    """
    import pandas as pd

    need = ["dispnum", "ccode1", "ccode2", "year", "hostlev1", "hostlev2"]
    missing = [c for c in need if c not in dyad_years.columns]
    if missing:
        raise ValueError(f"parameter 'dyad_years' lacks column(s) {missing}")
    cols = [
        "ccode1",
        "ccode2",
        "disputes",
        "first_year",
        "last_year",
        "dispute_years",
        "max_hostility",
        "territorial",
        "fatal",
    ]
    if dyad_years.empty:
        return pd.DataFrame(columns=cols)
    d = dyad_years.copy()
    lo = d[["ccode1", "ccode2"]].min(axis=1).astype("int64")
    hi = d[["ccode1", "ccode2"]].max(axis=1).astype("int64")
    d["ccode1"], d["ccode2"] = lo, hi
    d["_host"] = d[["hostlev1", "hostlev2"]].max(axis=1)
    rev = [c for c in ("revtype11", "revtype12", "revtype21", "revtype22") if c in d.columns]
    d["_terr"] = (d[rev] == MID_TERRITORY).any(axis=1) if rev else False
    d["_fatal"] = d["fatality"].fillna(0) > 0 if "fatality" in d.columns else False
    per_dispute = d.groupby(["ccode1", "ccode2", "dispnum"]).agg(
        terr=("_terr", "any"), fatal=("_fatal", "any")
    )
    g = d.groupby(["ccode1", "ccode2"])
    out = pd.DataFrame(
        {
            "disputes": g["dispnum"].nunique(),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "dispute_years": g["year"].nunique(),
            "max_hostility": g["_host"].max(),
            "territorial": per_dispute.groupby(level=[0, 1])["terr"].sum(),
            "fatal": per_dispute.groupby(level=[0, 1])["fatal"].sum(),
        }
    ).reset_index()
    for c in cols[2:]:
        out[c] = out[c].astype("Int64")
    out = out.sort_values(["disputes", "ccode1", "ccode2"], ascending=[False, True, True])
    return out[cols].reset_index(drop=True)


def rivalry_record(rivalries: pd.DataFrame) -> pd.DataFrame:
    """Strategic rivalries per pair: their types and years.

    Definition: Thompson, Sakuwa & Suhas (TSS) code a *strategic rivalry* when the leaders of
    two states regard each other as competitors, as a source of actual or latent threat and as
    enemies; each rivalry is flagged by type (spatial: over territory; positional: over
    relative standing; ideological; interventionary: over intervention in a third state). A
    pair can have several rivalries over time (e.g. Iran-Iraq 1 and 2); they are joined in
    time order. An ``end`` of 2020 means ongoing when the data end.

    Parameters
    ----------
    rivalries : pandas.DataFrame
        Columns ``ccode1, ccode2, start, end`` and the type flags of :data:`RIVALRY_TYPES`
        (1 or missing).

    Returns
    -------
    pandas.DataFrame
        One row per pair (``ccode1 < ccode2``): ``rivalries`` (count), ``types`` (tuple of
        type names in :data:`RIVALRY_TYPES` order, over all its rivalries), ``spells`` (tuple of
        ``(start, end)``), ``first_year``, ``last_year``.

    References
    ----------
    Thompson, W. R., Sakuwa, K., & Suhas, P. H. (2022). *Analyzing Strategic Rivalries in
    World Politics: Types of Rivalry, Regional Variation, and Escalation/De-escalation*.
    Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"ccode1": [630, 630], "ccode2": [645, 645], "start": [1932, 1958],
    ...                   "end": [1939, 2003], "positional": [1, 1], "spatial": [1, 1],
    ...                   "ideological": [None, None], "interventionary": [None, None]})
    >>> row = rivalry_record(r).iloc[0]
    >>> row["types"], row["spells"]
    (('spatial', 'positional'), ((1932, 1939), (1958, 2003)))
    """
    import pandas as pd

    cols = ["ccode1", "ccode2", "rivalries", "types", "spells", "first_year", "last_year"]
    rows = []
    if rivalries.empty:
        return pd.DataFrame(columns=cols)
    r = rivalries.copy()
    r["_pair"] = [_pair(a, b) for a, b in zip(r["ccode1"], r["ccode2"], strict=True)]
    for pair, grp in r.sort_values("start", kind="stable").groupby("_pair", sort=True):
        types = tuple(
            t for t in RIVALRY_TYPES if t in grp.columns and (grp[t].fillna(0) == 1).any()
        )
        spells = tuple((int(s), int(e)) for s, e in zip(grp["start"], grp["end"], strict=True))
        rows.append(
            {
                "ccode1": pair[0],
                "ccode2": pair[1],
                "rivalries": len(grp),
                "types": types,
                "spells": spells,
                "first_year": min(s for s, _ in spells),
                "last_year": max(e for _, e in spells),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def contiguity_record(contiguity: pd.DataFrame) -> pd.DataFrame:
    """The closest COW direct contiguity of each pair.

    Definition: COW direct contiguity codes a pair as contiguous by land or river (type 1) or
    separated by at most 12, 24, 150 or 400 miles of water (types 2-5). A pair can have
    several spells (e.g. a change of type); the closest type ever recorded is kept (the
    smallest code), with the first year of the spells (``begin`` as ``YYYYMM``).

    Parameters
    ----------
    contiguity : pandas.DataFrame
        Columns ``ccode1, ccode2, conttype, begin`` (``YYYYMM`` integers).

    Returns
    -------
    pandas.DataFrame
        ``ccode1``, ``ccode2`` (``ccode1 < ccode2``), ``conttype`` (closest), ``since``
        (first year of any spell).

    References
    ----------
    Stinnett, D. M., Tir, J., Schafer, P., Diehl, P. F., & Gochman, C. (2002). The Correlates
    of War project direct contiguity data, version 3. *Conflict Management and Peace Science*
    19(2), 58-66.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"ccode1": [670, 670], "ccode2": [692, 692], "conttype": [3, 1],
    ...                   "begin": [197108, 198611]})
    >>> contiguity_record(c).iloc[0][["conttype", "since"]].tolist()
    [1, 1971]
    """
    import pandas as pd

    cols = ["ccode1", "ccode2", "conttype", "since"]
    if contiguity.empty:
        return pd.DataFrame(columns=cols)
    c = contiguity.copy()
    pairs = [_pair(a, b) for a, b in zip(c["ccode1"], c["ccode2"], strict=True)]
    c["ccode1"] = [p[0] for p in pairs]
    c["ccode2"] = [p[1] for p in pairs]
    c["_since"] = c["begin"].astype("int64") // 100
    g = c.groupby(["ccode1", "ccode2"])
    out = pd.DataFrame({"conttype": g["conttype"].min(), "since": g["_since"].min()})
    out = out.reset_index()
    out["conttype"] = out["conttype"].astype("int64")
    out["since"] = out["since"].astype("int64")
    return out[cols]


def dispute_evidence(
    pairs: Iterable[tuple[str, str]],
    actors: pd.DataFrame,
    mids: pd.DataFrame,
    rivalries: pd.DataFrame,
    contiguity: pd.DataFrame,
) -> pd.DataFrame:
    """Each pair of actors beside its MID record, its strategic rivalry and its contiguity.

    Parameters
    ----------
    pairs : iterable of (str, str)
        Actor-id pairs (e.g. the ``side_a, side_b`` of the coded ``disputes``); pairs whose
        actors have no COW state number (organisations, armed groups) are left out.
    actors : pandas.DataFrame
        The ``actors`` table (``cow_code``).
    mids : pandas.DataFrame
        :func:`mid_dyads` of the GML dyad-years.
    rivalries : pandas.DataFrame
        :func:`rivalry_record` of the TSS rivalries.
    contiguity : pandas.DataFrame
        :func:`contiguity_record` of the COW direct contiguity.

    Returns
    -------
    pandas.DataFrame
        One row per pair, in the order given: ``side_a``, ``side_b``, ``ccode1``, ``ccode2``,
        the MID columns of :func:`mid_dyads` (``disputes`` 0 when the pair has none),
        ``rivalry_types``, ``rivalry_spells`` (empty tuples when none), ``conttype`` (NA
        when not contiguous) and ``contiguous_since``.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"cow_code": [630, 645]}, index=["IRN", "IRQ"])
    >>> m = pd.DataFrame({"ccode1": [630], "ccode2": [645], "disputes": [29], "first_year": [1934],
    ...                   "last_year": [2010], "dispute_years": [40], "max_hostility": [5],
    ...                   "territorial": [10], "fatal": [5]})
    >>> r = pd.DataFrame({"ccode1": [630], "ccode2": [645], "rivalries": [1],
    ...                   "types": [("spatial",)], "spells": [((1958, 2003),)],
    ...                   "first_year": [1958], "last_year": [2003]})
    >>> c = pd.DataFrame({"ccode1": [630], "ccode2": [645], "conttype": [1], "since": [1932]})
    >>> e = dispute_evidence([("IRQ", "IRN")], a, m, r, c).iloc[0]
    >>> int(e["disputes"]), e["rivalry_types"], int(e["conttype"])
    (29, ('spatial',), 1)
    """
    import pandas as pd

    codes = actors["cow_code"]
    mid_by = {(int(r.ccode1), int(r.ccode2)): r for r in mids.itertuples(index=False)}
    riv_by = {(int(r.ccode1), int(r.ccode2)): r for r in rivalries.itertuples(index=False)}
    con_by = {(int(r.ccode1), int(r.ccode2)): r for r in contiguity.itertuples(index=False)}
    rows = []
    seen: set[tuple[int, int]] = set()
    for a, b in pairs:
        if a not in codes.index or b not in codes.index:
            raise ValueError(f"parameter 'pairs': {(a, b)!r} names an actor absent from 'actors'")
        if _pd_isna(codes.loc[a]) or _pd_isna(codes.loc[b]):
            continue
        key = _pair(codes.loc[a], codes.loc[b])
        if key in seen:
            continue
        seen.add(key)
        m, r, c = mid_by.get(key), riv_by.get(key), con_by.get(key)
        rows.append(
            {
                "side_a": str(a),
                "side_b": str(b),
                "ccode1": key[0],
                "ccode2": key[1],
                "disputes": int(m.disputes) if m is not None else 0,
                "first_year": m.first_year if m is not None else pd.NA,
                "last_year": m.last_year if m is not None else pd.NA,
                "dispute_years": int(m.dispute_years) if m is not None else 0,
                "max_hostility": m.max_hostility if m is not None else pd.NA,
                "territorial": int(m.territorial) if m is not None else 0,
                "fatal": int(m.fatal) if m is not None else 0,
                "rivalry_types": tuple(r.types) if r is not None else (),
                "rivalry_spells": tuple(r.spells) if r is not None else (),
                "conttype": c.conttype if c is not None else pd.NA,
                "contiguous_since": c.since if c is not None else pd.NA,
            }
        )
    out = pd.DataFrame(rows)
    for col in ("first_year", "last_year", "max_hostility", "conttype", "contiguous_since"):
        if col in out.columns:
            out[col] = out[col].astype("Int64")
    return out


def unnamed_mid_pairs(
    mids: pd.DataFrame,
    actors: pd.DataFrame,
    named: Iterable[tuple[str, str]],
    min_disputes: int = 3,
) -> pd.DataFrame:
    """MID-heavy pairs with a Gulf littoral state that a given list of pairs does not name.

    Definition: the pairs of :func:`mid_dyads` with at least ``min_disputes`` disputes, at
    least one side a Gulf littoral state and both sides actors of the data, minus the
    ``named`` pairs (order ignored). The complement of :func:`dispute_evidence`: which
    disputing relations the published record holds that the text does not.

    Parameters
    ----------
    mids : pandas.DataFrame
        :func:`mid_dyads`.
    actors : pandas.DataFrame
        The ``actors`` table (``cow_code``, ``gulf_littoral``).
    named : iterable of (str, str)
        Actor-id pairs to leave out.
    min_disputes : int, default 3
        Threshold (>= 1).

    Returns
    -------
    pandas.DataFrame
        The rows of ``mids`` kept, with ``side_a`` and ``side_b`` (actor ids) in front.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"cow_code": [2, 630, 645], "gulf_littoral": [False, True, True]},
    ...                  index=["USA", "IRN", "IRQ"])
    >>> m = pd.DataFrame({"ccode1": [2, 630], "ccode2": [630, 645], "disputes": [15, 29]})
    >>> unnamed_mid_pairs(m, a, [("IRN", "IRQ")])[["side_a", "side_b", "disputes"]].values.tolist()
    [['USA', 'IRN', 15]]
    """
    if isinstance(min_disputes, bool) or not isinstance(min_disputes, int | np.integer):
        raise ValueError(f"parameter 'min_disputes' must be an integer >= 1, got {min_disputes!r}")
    if min_disputes < 1:
        raise ValueError(f"parameter 'min_disputes' must be an integer >= 1, got {min_disputes!r}")
    ids = _codes_to_ids(actors)
    littoral = {str(a) for a in actors.index[actors["gulf_littoral"].astype(bool)]}
    codes = actors["cow_code"]
    named_keys = set()
    for a, b in named:
        if (
            a in codes.index
            and b in codes.index
            and not (_pd_isna(codes.loc[a]) or _pd_isna(codes.loc[b]))
        ):
            named_keys.add(_pair(codes.loc[a], codes.loc[b]))
    keep = []
    for i, r in enumerate(mids.itertuples(index=False)):
        key = _pair(r.ccode1, r.ccode2)
        a, b = ids.get(key[0]), ids.get(key[1])
        if a is None or b is None or key in named_keys:
            continue
        if int(r.disputes) >= min_disputes and (a in littoral or b in littoral):
            keep.append((i, a, b))
    out = mids.iloc[[i for i, _, _ in keep]].copy()
    out.insert(0, "side_b", [b for _, _, b in keep])
    out.insert(0, "side_a", [a for _, a, _ in keep])
    return out.reset_index(drop=True)
