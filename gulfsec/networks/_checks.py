"""Argument checks shared by the networks modules: booleans, seeds, signed graphs, missing values."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

#: Largest layout seed (numpy's legacy seeds are 32-bit).
MAX_SEED = 2**32 - 1


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is a bool (numpy's included); else raise a ValueError naming it.

    Examples
    --------
    >>> check_bool(True, "expand_gcc")
    True
    """
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"parameter {name!r} must be True or False, got {value!r}")
    return bool(value)


def check_seed(value: Any, name: str) -> int:
    """A layout seed: an integer from 0 to :data:`MAX_SEED` (not a bool).

    Examples
    --------
    >>> check_seed(7, "layout_seed")
    7
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not 0 <= value <= MAX_SEED
    ):
        raise ValueError(
            f"parameter {name!r} must be an integer from 0 to {MAX_SEED}, got {value!r}"
        )
    return int(value)


def check_signed(G: Any, name: str = "G") -> None:
    """Raise ValueError unless ``G`` is an undirected simple graph with signs in {+1, -1}.

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("A", "B", sign=-1)
    >>> check_signed(G)
    """
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


def is_missing(v: Any) -> bool:
    """True for a scalar pandas/numpy missing value (``NaN``, ``None``, ``NA``).

    Examples
    --------
    >>> is_missing(float("nan")), is_missing("IRN"), is_missing((1, 2))
    (True, False, False)
    """
    import pandas as pd

    return bool(pd.isna(v)) if np.ndim(v) == 0 else False
