"""Graphs from the data: the dispute graph, the signed graph, and the notebook's parameters.

:func:`dispute_graph` has one edge per disputing pair of the ``disputes`` table;
:func:`signed_graph` turns ``ties`` and disputes into friendly ``+1`` / hostile ``-1`` edges
under an explicit ``mixed_tie_rule``; :func:`compare_rules` measures how the balance of the
signed graph depends on that rule. :func:`check_params` checks notebook 02's parameters.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from gulfsec._validate import check_choice
from gulfsec.i18n import check_lang
from gulfsec.networks._checks import check_bool, check_seed, is_missing
from gulfsec.networks.balance import balance_summary, frustration_index

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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


#: Ceiling of the notebook parameter ``mid_min_disputes``.
MAX_MID_DISPUTES = 50


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
        "include_external": check_bool(include_external, "include_external"),
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
    out["layout_seed"] = check_seed(layout_seed, "layout_seed")
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
    if v is None or is_missing(v):
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
                if is_missing(v)
                else (bool(v) if col in ("gulf_littoral", "gcc_member") else str(v))
            )
    return out


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
    littoral_only = check_bool(littoral_only, "littoral_only")
    include_external = check_bool(include_external, "include_external")
    keep_littoral = check_bool(keep_littoral, "keep_littoral")

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
    include_disputes = check_bool(include_disputes, "include_disputes")
    expand_gcc = check_bool(expand_gcc, "expand_gcc")
    include_external = check_bool(include_external, "include_external")
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


def compare_rules(
    ds: Any,
    *,
    rules: Iterable[str] = MIXED_TIE_RULES,
    focus: str | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """How the balance of the region's signed network depends on ``mixed_tie_rule``.

    Builds :func:`signed_graph` under each rule (other keyword arguments passed on) and
    reports edges, mixed pairs, triangle balance, frustration index and camp sizes, plus the
    camp of ``focus`` (1 or 2; 0 if the actor is not in the graph).

    For display (rules and headers in a language) see
    :func:`gulfsec.plotting.networks.rules_table`.

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
    return df
