"""The specification grid of the ledger: every tested claim under all its defensible alternatives.

:func:`specification_grids` evaluates each tested claim of :data:`~gulfsec.evidence.CLAIMS` on
every combination of its :attr:`~gulfsec.evidence.Claim.alternatives` with
:func:`gulfsec.specifications.evaluate`; :func:`grid_summary` reads the grids (the
convention's verdict, the share of each verdict, robust or fragile, and the choices that flip
it).

References
----------
Steegen, S., Tuerlinckx, F., Gelman, A., & Vanpaemel, W. (2016). Increasing transparency
through a multiverse analysis. *Perspectives on Psychological Science* 11(5), 702-712.

Simonsohn, U., Simmons, J. P., & Nelson, L. D. (2020). Specification curve analysis. *Nature
Human Behaviour* 4, 1208-1214.

Examples
--------
>>> from gulfsec import specifications
>>> g = {"x": specifications.evaluate(lambda s: "supported", {"band": ("0.25", "0.5")})}
>>> bool(grid_summary(g).loc["x", "robust"])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from gulfsec import specifications
from gulfsec.evidence.claims import CLAIMS, prepare_inputs
from gulfsec.evidence.model import VERDICTS

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import Dataset
    from gulfsec.external import External

__all__ = ["grid_summary", "specification_grids"]


def specification_grids(
    ds: Dataset,
    ext: External,
    *,
    nmc: pd.DataFrame | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every tested claim under every combination of its defensible alternatives.

    For each claim with a test, :func:`gulfsec.specifications.evaluate` over
    :attr:`Claim.alternatives` (a claim without alternatives has a grid of one specification).
    The first row of each grid is the field's convention, the headline of the ledger's
    defaults.

    Parameters
    ----------
    ds, ext, nmc
        As for :func:`ledger`.
    inputs : mapping, optional
        :func:`prepare_inputs` of the same data (computed here when not given).

    Returns
    -------
    dict
        ``{claim_id: grid}`` in :data:`CLAIMS` order; see :func:`gulfsec.specifications.evaluate`.

    Examples
    --------
    >>> import gulfsec
    >>> grids = specification_grids(gulfsec.load(), gulfsec.load_external())  # doctest: +SKIP
    >>> len(grids["iraq_counterweight"])                                      # doctest: +SKIP
    24
    """
    if inputs is None:
        inputs = prepare_inputs(ds, ext, nmc)
    out = {}
    for c in CLAIMS:
        if c.assess is None:
            continue
        assess = c.assess
        out[c.claim_id] = specifications.evaluate(
            lambda spec, assess=assess: assess(inputs, spec).verdict, c.alternatives
        )
    return out


def grid_summary(grids: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per claim: the convention's verdict, the share of each verdict, robust or fragile.

    Returns
    -------
    pandas.DataFrame
        Index ``claim_id``; ``convention`` (its verdict), ``n`` (specifications), one share
        column per verdict of :data:`VERDICTS`, ``robust`` (bool) and ``flips`` (the smallest
        sets of departures from the convention that change the verdict;
        :func:`gulfsec.specifications.summarise`).

    Examples
    --------
    >>> from gulfsec import specifications
    >>> g = {"x": specifications.evaluate(
    ...     lambda s: "supported" if s["band"] == "0.5" else "contradicted", {"band": ("0.25", "0.5")})}
    >>> row = grid_summary(g).loc["x"]
    >>> row["convention"], float(row["supported"]), bool(row["robust"]), row["flips"]
    ('contradicted', 0.5, False, (('band=0.5',),))
    """
    rows = []
    for cid, table in grids.items():
        s = specifications.summarise(table, VERDICTS)
        rows.append(
            {
                "claim_id": cid,
                "convention": s["convention"],
                "n": s["n"],
                **s["shares"],
                "robust": s["robust"],
                "flips": s["flips"],
            }
        )
    cols = ["claim_id", "convention", "n", *VERDICTS, "robust", "flips"]
    return pd.DataFrame(rows, columns=cols).set_index("claim_id")
