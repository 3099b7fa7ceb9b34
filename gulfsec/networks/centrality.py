"""Centrality in the dispute and signed graphs, and one actor's place in both.

:func:`dispute_centrality` (degree, strength, betweenness), :func:`issue_degree`,
:func:`issue_dyad_matrix`, :func:`signed_degree` and :func:`actor_profile`. Plain frames and
dicts; the localised display tables are in :mod:`gulfsec.plotting.networks`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import networkx as nx

from gulfsec.networks._checks import check_bool, check_signed
from gulfsec.networks.balance import Frustration
from gulfsec.networks.graphs import ISSUE_TYPES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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

    weighted = check_bool(weighted, "weighted")
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

    check_signed(G)
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
    >>> from gulfsec.networks import frustration_index
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
