"""Dispute and alignment networks of the Gulf, and structural balance of signed graphs.

The article describes a region bound by disputes (water, borders, oil fields, islands,
sovereignty; passage 15) and split by alignments (the GCC and the United States, Iran and the
armed groups it backs, rivalries; passages 17-35). This package turns the ``disputes`` and
``ties`` tables into :mod:`networkx` graphs and measures them, one job per module:

:mod:`gulfsec.networks.graphs`
    Graphs from the data: :func:`dispute_graph`, :func:`signed_graph` (under an explicit
    ``mixed_tie_rule``), :func:`compare_rules`, and notebook 02's :func:`check_params`.
:mod:`gulfsec.networks.balance`
    Structural balance of *any* signed graph: :func:`triangle_census`,
    :func:`triangle_balance`, :func:`is_balanced`, :func:`frustrated_edges`,
    :func:`frustration_index` (exact), :func:`balance_partition`, :func:`balance_summary`.
:mod:`gulfsec.networks.centrality`
    :func:`dispute_centrality`, :func:`issue_degree`, :func:`issue_dyad_matrix`,
    :func:`signed_degree`, :func:`actor_profile`.
:mod:`gulfsec.networks.record`
    The coded disputes beside the published record: :func:`mid_dyads`,
    :func:`rivalry_record`, :func:`contiguity_record`, :func:`dispute_evidence`,
    :func:`unnamed_mid_pairs`.

Every public name is importable from here (``gulfsec.networks.frustration_index``). The
functions return plain frames, dicts and graphs; the localised display tables and the figures
are in :mod:`gulfsec.plotting.networks`.

Examples
--------
>>> import networkx as nx
>>> from gulfsec import networks
>>> G = nx.Graph()
>>> G.add_edge("A", "B", sign=1)
>>> G.add_edge("B", "C", sign=-1)
>>> G.add_edge("A", "C", sign=-1)
>>> networks.triangle_balance(G), networks.frustration_index(G).index
(1.0, 0)
"""

from __future__ import annotations

from gulfsec.networks._checks import MAX_SEED, check_seed
from gulfsec.networks.balance import (
    Frustration,
    balance_partition,
    balance_summary,
    frustrated_edges,
    frustration_index,
    is_balanced,
    triangle_balance,
    triangle_census,
)
from gulfsec.networks.centrality import (
    actor_profile,
    dispute_centrality,
    issue_degree,
    issue_dyad_matrix,
    signed_degree,
)
from gulfsec.networks.graphs import (
    ACTOR_KINDS,
    GCC_ID,
    ISSUE_TYPES,
    MAX_MID_DISPUTES,
    MEMBERSHIP_STRENGTH,
    MIXED_TIE_RULES,
    check_params,
    compare_rules,
    dispute_graph,
    dyad_label,
    signed_graph,
)
from gulfsec.networks.record import (
    CONTIGUITY_TYPES,
    MID_HOSTILITY,
    MID_TERRITORY,
    RIVALRY_TYPES,
    contiguity_record,
    dispute_evidence,
    mid_dyads,
    rivalry_record,
    unnamed_mid_pairs,
)

__all__ = [
    "ACTOR_KINDS",
    "CONTIGUITY_TYPES",
    "GCC_ID",
    "ISSUE_TYPES",
    "MAX_MID_DISPUTES",
    "MAX_SEED",
    "MEMBERSHIP_STRENGTH",
    "MID_HOSTILITY",
    "MID_TERRITORY",
    "MIXED_TIE_RULES",
    "RIVALRY_TYPES",
    "Frustration",
    "actor_profile",
    "balance_partition",
    "balance_summary",
    "check_params",
    "check_seed",
    "compare_rules",
    "contiguity_record",
    "dispute_centrality",
    "dispute_evidence",
    "dispute_graph",
    "dyad_label",
    "frustrated_edges",
    "frustration_index",
    "is_balanced",
    "issue_degree",
    "issue_dyad_matrix",
    "mid_dyads",
    "rivalry_record",
    "signed_degree",
    "signed_graph",
    "triangle_balance",
    "triangle_census",
    "unnamed_mid_pairs",
]
