"""The ledger's vocabulary: verdicts, findings, claims, and the conventions the tests share.

A *claim* (:class:`Claim`) is one statement of the article about the world: the lines that make
it, the published extracts that test it, the test (or None when these data cannot reach it),
and its defensible alternatives, the first option of each being the field's convention. A test
returns a *finding* (:class:`Finding`): one of :data:`VERDICTS` and the numbers behind it.

Verdicts (:data:`VERDICTS`)
    ``supported`` (the data show what the claim says), ``partly_supported`` (some of it, or
    under one reading), ``contradicted`` (the data show otherwise, under the test's stated
    assumptions), ``not_testable`` (these data cannot reach the claim). A part of a test whose
    data cannot reach the claim is *out of reach*: it is reported, never scored against the
    claim. A recommendation cannot be supported by data; only its premise can be refuted.

Conventions
    COW's world CINC (peacesciencer's ``add_nmc``) for capabilities (:data:`MEASURES`), the
    Organski-Kugler ±25 % parity band (:data:`PARITY_BAND_RANGE`, :data:`THREE_TO_ONE`), every
    participant of a GML dispute (:data:`MID_PARTICIPANTS`), ATOP defence obligations for
    "alliance" (:data:`OBLIGATION_READINGS`), and yearly windows that end with
    :data:`LAST_YEAR_BEFORE_ARTICLE`.

:func:`verdict_counts` and :func:`verdict_changes` read a ledger (:func:`gulfsec.evidence.ledger`).

Examples
--------
>>> Finding("supported", {"ratio": "1.12"}).verdict
'supported'
>>> Finding("proven")
Traceback (most recent call last):
...
ValueError: parameter 'verdict' must be one of ['supported', 'partly_supported', 'contradicted', 'not_testable'], got 'proven'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gulfsec import power
from gulfsec._validate import check_choice

__all__ = [
    "ARAB_LEAGUE_CODES",
    "Claim",
    "Finding",
    "GCC_CODES",
    "LAST_YEAR_BEFORE_ARTICLE",
    "MEASURES",
    "MID_PARTICIPANTS",
    "OBLIGATION_READINGS",
    "OUTSIDE_POWERS",
    "PARITY_BAND_RANGE",
    "THREE_TO_ONE",
    "VERDICTS",
    "verdict_changes",
    "verdict_counts",
]

#: The verdicts, from the strongest agreement to "the data cannot say".
VERDICTS: tuple[str, ...] = ("supported", "partly_supported", "contradicted", "not_testable")
#: The six GCC member states (COW numbers), the west of the article's three-way division.
GCC_CODES: dict[str, int] = {"SAU": 670, "ARE": 696, "KWT": 690, "QAT": 694, "BHR": 692, "OMN": 698}
#: Outside powers the article names as partners or counterweights (passages 17, 44).
OUTSIDE_POWERS: dict[str, int] = {
    "USA": 2,
    "GBR": 200,
    "FRA": 220,
    "DEU": 255,
    "CHN": 710,
    "RUS": 365,
}
#: COW numbers of the Arab League's member states that are COW states (passage 30's "Arab
#: states"): Mauritania, Somalia, Djibouti, the Comoros, Morocco, Algeria, Tunisia, Libya,
#: Sudan, Iraq, Egypt, Syria, Lebanon, Jordan, Saudi Arabia, Yemen (with North and South Yemen
#: before 1990), Kuwait, Bahrain, Qatar, the UAE and Oman. Palestine is not a COW state.
ARAB_LEAGUE_CODES: frozenset[int] = frozenset(
    {435, 520, 522, 581, 600, 615, 616, 620, 625, 645, 651, 652, 660, 663, 670, 678, 679, 680,
     690, 692, 694, 696, 698}
)  # fmt: skip
#: The last whole year before the article (31 March 2024): yearly windows end here.
LAST_YEAR_BEFORE_ARTICLE: int = 2023
#: Bounds of the parity band (shared with notebook 01's parameters check).
PARITY_BAND_RANGE: tuple[float, float] = power.PARITY_BAND_RANGE
#: A Bremer-style 3 : 1 line as a band: Iran/Iraq at most 3 (a "small power difference").
THREE_TO_ONE: float = 2.0
#: The capability measures of the balance tests: COW's world CINC, CINC recomputed among the
#: eight littoral states, and NMC's two military components (expenditure and personnel) as
#: shares among the eight (the bundled extract holds no world totals of the components).
MEASURES: tuple[str, ...] = ("world_cinc", "gulf_cinc", "gulf_military")
#: The GML MID dyads counted: every participant (GML's directed dyad-years, joiners included)
#: or originators only (both states in the dispute from its first day).
MID_PARTICIPANTS: tuple[str, ...] = ("all", "originators")
#: The ATOP obligations read as "alliance": defence only (a security guarantee) or any of the
#: five (defence, offence, neutrality, non-aggression, consultation).
OBLIGATION_READINGS: tuple[str, ...] = ("defense", "any")


@dataclass(frozen=True)
class Finding:
    """What a test found.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    numbers : dict
        The numbers behind the verdict, by name (they fill the label
        ``evidence.finding.<claim_id>``).
    """

    verdict: str
    numbers: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_choice("verdict", self.verdict, VERDICTS)


@dataclass(frozen=True)
class Claim:
    """One claim of the article, where it is made, and how (or whether) data test it.

    Attributes
    ----------
    claim_id : str
        Stable key; the texts are labels ``evidence.claim.<id>`` (the claim),
        ``evidence.test.<id>`` (dataset and test), ``evidence.finding.<id>`` (the finding, with
        the numbers) and ``evidence.change.<id>`` (what would change the verdict, and what the
        data cannot reach); for a claim the data cannot reach, ``evidence.why.<id>``.
    passages : tuple of int
        The article's lines that make the claim.
    datasets : tuple of str
        Names of the extracts the test uses (:data:`gulfsec.external.EXTERNAL_NAMES`).
    assess : callable or None
        The test, ``assess(inputs, spec) -> Finding`` on the inputs of :func:`ledger` and one
        specification (``{dimension: option}``); None when these data cannot test the claim.
    alternatives : dict
        ``{dimension: options}``: the defensible choices of the test, the first option of each
        the field's convention (:mod:`gulfsec.specifications`); empty when the claim allows one
        reading only.
    """

    claim_id: str
    passages: tuple[int, ...]
    datasets: tuple[str, ...]
    assess: Callable[[Mapping[str, Any], Mapping[str, Any]], Finding] | None
    alternatives: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def convention(self) -> dict[str, str]:
        """The field's convention: the first option of every dimension."""
        return {k: v[0] for k, v in self.alternatives.items()}


def verdict_changes(base: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """The claims whose verdict differs between two ledgers (e.g. under other assumptions).

    Returns
    -------
    pandas.DataFrame
        Index ``claim_id`` (in ``base`` order); ``before`` and ``after`` verdicts.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"verdict": ["supported", "contradicted"]}, index=["x", "y"])
    >>> b = pd.DataFrame({"verdict": ["supported", "partly_supported"]}, index=["x", "y"])
    >>> verdict_changes(a, b).loc["y"].tolist()
    ['contradicted', 'partly_supported']
    """
    both = pd.DataFrame({"before": base["verdict"], "after": other["verdict"].reindex(base.index)})
    out = both[both["before"] != both["after"]]
    out.index.name = "claim_id"
    return out


def verdict_counts(led: pd.DataFrame) -> dict[str, int]:
    """How many claims got each verdict, in :data:`VERDICTS` order (zeros kept).

    Examples
    --------
    >>> import pandas as pd
    >>> verdict_counts(pd.DataFrame({"verdict": ["supported", "supported", "not_testable"]}))
    {'supported': 2, 'partly_supported': 0, 'contradicted': 0, 'not_testable': 1}
    """
    counts = led["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}
