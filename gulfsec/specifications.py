"""Specification grids: a verdict under every combination of the defensible choices behind it.

A test of a claim makes choices the claim does not make: a system of states, a measure, a
band, a window of years, which participants of a dispute count. When more than one choice is
defensible, the verdict of one of them says little on its own. A *multiverse analysis*
(Steegen et al. 2016) or *specification curve* (Simonsohn et al. 2020) runs the test under
every combination of the defensible choices and reports the whole distribution of results,
with the one the field's convention gives named as such. This module does that for verdicts.

Definitions
    *Dimensions* map each choice's name to a tuple of its defensible options; the **first**
    option of each is the field's convention. A *specification* picks one option per dimension;
    the *grid* is every specification (their Cartesian product), the convention first. A claim
    is *robust* when every specification gives the convention's verdict and *fragile*
    otherwise; the choices that *flip* it are the smallest sets of departures from the
    convention that change the verdict.

Every cell is computed by calling the claim's test; nothing is typed in. The functions are pure
(plain Python and pandas in, a table or a dict out). They are written by hand because the tools
of the field do something else: ``boba`` writes and runs one script per universe, and
``specification_curve`` fits regression models; neither evaluates a Python function on a grid,
and the combinatorics is :func:`itertools.product`.

References
----------
Steegen, S., Tuerlinckx, F., Gelman, A., & Vanpaemel, W. (2016). Increasing transparency
through a multiverse analysis. *Perspectives on Psychological Science* 11(5), 702-712.

Simonsohn, U., Simmons, J. P., & Nelson, L. D. (2020). Specification curve analysis. *Nature
Human Behaviour* 4, 1208-1214.

Examples
--------
>>> dims = {"band": (0.25, 0.6), "system": ("world", "gulf")}
>>> def verdict(spec):
...     ratio = {"world": 1.12, "gulf": 1.58}[spec["system"]]
...     return "supported" if ratio <= 1 + spec["band"] else "contradicted"
>>> table = evaluate(verdict, dims)
>>> table["verdict"].tolist()
['supported', 'contradicted', 'supported', 'supported']
>>> s = summarise(table)
>>> s["convention"], s["robust"], s["flips"]
('supported', False, (('system=gulf',),))
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["MAX_SPECIFICATIONS", "check_dimensions", "evaluate", "grid", "summarise"]

#: Ceiling on the number of specifications of one grid (a size parameter has a ceiling).
MAX_SPECIFICATIONS: int = 512


def check_dimensions(dimensions: Mapping[str, Sequence[Any]]) -> dict[str, tuple[Any, ...]]:
    """Check a claim's dimensions; return them as ``{name: tuple of options}``.

    Each dimension needs at least one option, no option twice, and the grid at most
    :data:`MAX_SPECIFICATIONS` specifications.

    Examples
    --------
    >>> check_dimensions({"band": [0.25, 0.5]})
    {'band': (0.25, 0.5)}
    >>> check_dimensions({"band": ()})
    Traceback (most recent call last):
    ...
    ValueError: dimension 'band' has no option; the first option is the field's convention
    """
    out: dict[str, tuple[Any, ...]] = {}
    size = 1
    for name, options in dimensions.items():
        opts = tuple(options)
        if not opts:
            raise ValueError(
                f"dimension {name!r} has no option; the first option is the field's convention"
            )
        if len(set(map(repr, opts))) != len(opts):
            raise ValueError(f"dimension {name!r} lists an option twice: {opts!r}")
        out[str(name)] = opts
        size *= len(opts)
    if size > MAX_SPECIFICATIONS:
        raise ValueError(
            f"the grid has {size} specifications; at most {MAX_SPECIFICATIONS} are allowed"
        )
    return out


def grid(dimensions: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every specification of ``dimensions``, the field's convention first.

    The order is that of :func:`itertools.product` over the dimensions in the given order
    (the last dimension varies fastest), so the first specification takes every first option.

    Examples
    --------
    >>> grid({"a": (1, 2), "b": ("x", "y")})
    [{'a': 1, 'b': 'x'}, {'a': 1, 'b': 'y'}, {'a': 2, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    >>> grid({})
    [{}]
    """
    dims = check_dimensions(dimensions)
    names = list(dims)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*dims.values())]


def evaluate(
    verdict_of: Callable[[dict[str, Any]], str],
    dimensions: Mapping[str, Sequence[Any]],
) -> pd.DataFrame:
    """The verdict of every specification of ``dimensions``.

    Parameters
    ----------
    verdict_of : callable
        ``verdict_of(spec) -> str``: the claim's test under one specification.
    dimensions : mapping
        ``{name: options}``, the first option of each the field's convention.

    Returns
    -------
    pandas.DataFrame
        One row per specification (the convention first): one column per dimension, then
        ``verdict``, ``departures`` (how many dimensions depart from the convention) and
        ``convention`` (True on the first row only).

    Examples
    --------
    >>> t = evaluate(lambda s: "supported" if s["n"] > 1 else "contradicted", {"n": (2, 1)})
    >>> t[["n", "verdict", "departures"]].values.tolist()
    [[2, 'supported', 0], [1, 'contradicted', 1]]
    """
    dims = check_dimensions(dimensions)
    first = {k: v[0] for k, v in dims.items()}
    rows = []
    for spec in grid(dims):
        departures = sum(spec[k] != first[k] for k in dims)
        rows.append({**spec, "verdict": str(verdict_of(dict(spec))), "departures": departures})
    table = pd.DataFrame(rows, columns=[*dims, "verdict", "departures"])
    table["convention"] = table.index == 0
    return table


def summarise(table: pd.DataFrame, verdicts: Sequence[str] | None = None) -> dict[str, Any]:
    """Read a grid: the convention's verdict, the share of each verdict, robust or fragile.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`evaluate`.
    verdicts : sequence of str, optional
        The verdicts to report shares for, in order (default: those present, by first
        appearance).

    Returns
    -------
    dict
        ``convention`` (its verdict), ``n`` (specifications), ``shares`` (``{verdict:
        share}``), ``robust`` (bool), and ``flips``: the smallest sets of departures from the
        convention that change the verdict, each a tuple of ``"dimension=option"`` strings
        (empty when robust).

    Examples
    --------
    >>> import pandas as pd
    >>> t = evaluate(lambda s: "a" if (s["x"], s["y"]) != (1, 1) else "b",
    ...              {"x": (0, 1), "y": (0, 1)})
    >>> s = summarise(t)
    >>> s["shares"], s["flips"]
    ({'a': 0.75, 'b': 0.25}, (('x=1', 'y=1'),))
    """
    if table.empty:
        raise ValueError("parameter 'table' has no specification; build it with evaluate()")
    dims = [c for c in table.columns if c not in ("verdict", "departures", "convention")]
    conv_row = table[table["convention"]].iloc[0]
    conv = str(conv_row["verdict"])
    order = list(verdicts) if verdicts is not None else list(dict.fromkeys(table["verdict"]))
    n = len(table)
    shares = {v: float((table["verdict"] == v).sum() / n) for v in order}
    differ = table[table["verdict"] != conv]
    flips: tuple[tuple[str, ...], ...] = ()
    if len(differ):
        fewest = int(differ["departures"].min())
        sets = []
        for _, r in differ[differ["departures"] == fewest].iterrows():
            sets.append(tuple(f"{d}={r[d]}" for d in dims if r[d] != conv_row[d]))
        flips = tuple(dict.fromkeys(sets))
    return {"convention": conv, "n": n, "shares": shares, "robust": not len(differ), "flips": flips}
