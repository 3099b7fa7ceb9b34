"""The ledger: every claim's test on the field's conventions, and the options it takes.

:func:`ledger` runs each claim of :data:`~gulfsec.evidence.CLAIMS` once, on its convention with
the reader's parity band and system of states where the claim has them
(:func:`check_ledger_options`); :func:`check_params` checks the parameters of notebook 05.

Examples
--------
>>> check_ledger_options(0.1, "gulf")
{'parity_band': 0.1, 'cinc_system': 'gulf'}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from gulfsec import power
from gulfsec._validate import check_choice
from gulfsec.evidence.claims import CLAIMS, prepare_inputs
from gulfsec.evidence.model import PARITY_BAND_RANGE, Claim, Finding

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import Dataset
    from gulfsec.external import External

__all__ = ["check_ledger_options", "check_params", "ledger"]


def _spec(c: Claim, opts: Mapping[str, Any]) -> dict[str, str]:
    """The claim's convention, with the ledger's options where they apply."""
    spec = c.convention
    if "band" in spec:
        spec["band"] = f"{opts['parity_band']:g}"
    if "gulf_cinc" in c.alternatives.get("measure", ()) and spec["measure"].endswith("_cinc"):
        spec["measure"] = f"{opts['cinc_system']}_cinc"
    return spec


def check_ledger_options(parity_band: Any, cinc_system: Any) -> dict[str, Any]:
    """Check the ledger's options (a parity band, a system of states); return them normalised.

    Examples
    --------
    >>> check_ledger_options(0.25, "world")
    {'parity_band': 0.25, 'cinc_system': 'world'}
    >>> check_ledger_options(5, "gulf")
    Traceback (most recent call last):
    ...
    ValueError: parameter 'parity_band' must be a number from 0.01 to 1, got 5
    """
    lo, hi = PARITY_BAND_RANGE
    ok = isinstance(parity_band, int | float) and not isinstance(parity_band, bool)
    if not ok or not math.isfinite(parity_band) or not lo <= parity_band <= hi:
        raise ValueError(
            f"parameter 'parity_band' must be a number from {lo:g} to {hi:g}, got {parity_band!r}"
        )
    check_choice("cinc_system", cinc_system, power.CINC_SYSTEMS)
    return {"parity_band": float(parity_band), "cinc_system": cinc_system}


def ledger(
    ds: Dataset,
    ext: External,
    *,
    nmc: pd.DataFrame | None = None,
    parity_band: float = 0.25,
    cinc_system: str = "world",
    inputs: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Run every claim's test: the ledger of the article's claims against the published data.

    Each claim is tested on the field's convention (the first option of each of its
    :attr:`Claim.alternatives`); ``parity_band`` and ``cinc_system`` replace the convention's
    band and composite capability measure where a claim has them.

    Parameters
    ----------
    ds : gulfsec.Dataset
        The article's data package (actors, coded ties).
    ext : gulfsec.external.External
        The published extracts (:func:`gulfsec.load_external`).
    nmc : pandas.DataFrame, optional
        A COW NMC table (:func:`gulfsec.power.read_nmc`); default ``ext.cow_nmc``.
    parity_band : float, default 0.25
        Half-width of capability parity, as a relative difference (0.01 to 1); the
        Organski-Kugler convention is 0.25.
    cinc_system : {"world", "gulf"}
        COW's published world CINC (the convention, as peacesciencer's ``add_nmc``), or CINC
        recomputed among the eight littoral states.
    inputs : mapping, optional
        :func:`prepare_inputs` of the same data (computed here when not given).

    Returns
    -------
    pandas.DataFrame
        Index ``claim_id`` in :data:`CLAIMS` order; ``passages``, ``datasets`` (tuples),
        ``verdict``, ``numbers`` (dict) and ``spec`` (the options tested, dict).

    Examples
    --------
    >>> import gulfsec
    >>> led = ledger(gulfsec.load(), gulfsec.load_external())          # doctest: +SKIP
    >>> led.loc["three_wars", "verdict"]                                # doctest: +SKIP
    'supported'
    """
    opts = check_ledger_options(parity_band, cinc_system)
    if inputs is None:
        inputs = prepare_inputs(ds, ext, nmc)
    rows = []
    for c in CLAIMS:
        spec = _spec(c, opts)
        f = c.assess(inputs, spec) if c.assess is not None else Finding("not_testable")
        rows.append(
            {
                "claim_id": c.claim_id,
                "passages": c.passages,
                "datasets": c.datasets,
                "verdict": f.verdict,
                "numbers": f.numbers,
                "spec": spec,
            }
        )
    return pd.DataFrame(rows).set_index("claim_id")


def check_params(
    *,
    nmc_csv: Any,
    cinc_system: Any,
    parity_band: Any,
    lang: Any,
) -> dict[str, Any]:
    """Check the parameters of ``notebooks/05_claims_and_evidence.ipynb``; return them normalised.

    ``nmc_csv`` None means the bundled COW NMC 7.0 extract (:func:`gulfsec.external.nmc_csv`);
    otherwise it must name an existing file (read later by :func:`gulfsec.power.read_nmc`,
    which names the row and column of any problem).

    Examples
    --------
    >>> p = check_params(nmc_csv=None, cinc_system="gulf", parity_band=0.5, lang="ar")
    >>> p["nmc_csv"].name, p["cinc_system"], p["parity_band"]
    ('cow_nmc.csv', 'gulf', 0.5)
    """
    from pathlib import Path

    from gulfsec.external import nmc_csv as bundled_nmc
    from gulfsec.i18n import check_lang

    check_lang(lang)
    opts = check_ledger_options(parity_band, cinc_system)
    if nmc_csv is None:
        path = bundled_nmc()
    elif not isinstance(nmc_csv, str | Path) or not Path(nmc_csv).is_file():
        raise ValueError(
            "parameter 'nmc_csv' must be None (the bundled COW NMC 7.0 extract) or the path of "
            f"an existing COW NMC CSV file, got {nmc_csv!r}"
        )
    else:
        path = Path(nmc_csv)
    return {"nmc_csv": path, **opts, "lang": lang}
