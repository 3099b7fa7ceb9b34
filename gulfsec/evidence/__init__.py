"""The article's testable claims against published data: a ledger of claims, tests and verdicts.

The article argues from history and observation but cites no data. This package states, for
each of its claims that published data can reach, which passages make it, which dataset and
test check it, and what the test finds; and, for the claims the data cannot reach, why not. It
is a *registry* (:data:`CLAIMS`, one :class:`Claim` per claim) of pure *assessment* functions
(``assess_*``: plain pandas in, a :class:`Finding` out, each with its own hand-checkable
tests), and two adapters that feed them from the article's data package and the bundled
extracts of published datasets (:func:`gulfsec.load_external`): :func:`ledger` (one verdict per
claim, on the field's conventions unless told otherwise) and :func:`specification_grids` (every
claim under every combination of its defensible alternatives, :mod:`gulfsec.specifications`).
One job per module:

:mod:`gulfsec.evidence.model`
    The vocabulary: :data:`VERDICTS`, :class:`Finding`, :class:`Claim`, the conventions the
    tests share (:data:`GCC_CODES`, :data:`LAST_YEAR_BEFORE_ARTICLE`, :data:`MEASURES`, ...),
    and :func:`verdict_counts`, :func:`verdict_changes` to read a ledger.
:mod:`gulfsec.evidence.balance`
    Power and the balance (COW NMC): :func:`geometric_mean`, :func:`assess_counterweight`,
    :func:`assess_counterweight_faded`, :func:`assess_tilt_to_iran`, :func:`assess_arms_race`,
    :func:`assess_us_greatest_power`.
:mod:`gulfsec.evidence.disputes`
    Disputes and rivalries (GML MIDs, TSS): :func:`assess_named_disputes`,
    :func:`assess_iraq_kuwait_after_demarcation`, :func:`assess_islands_since_1971`,
    :func:`assess_us_counterweight`, :func:`assess_principal_challenge`,
    :func:`assess_arab_rift`.
:mod:`gulfsec.evidence.conflicts`
    States, wars and armed conflicts (COW, UCDP/PRIO): :func:`assess_system_formed`,
    :func:`assess_three_wars`, :func:`assess_iraq_internal_war`,
    :func:`assess_continuing_tensions`, :func:`assess_iran_intervention`,
    :func:`assess_regional_conflicts_declined`, :func:`assess_yemen_2015`.
:mod:`gulfsec.evidence.obligations`
    Alliances (ATOP): :func:`assess_no_shared_system`, :func:`assess_gcc_collective_defence`,
    :func:`assess_single_ally`, :func:`assess_china_russia_ties`.
:mod:`gulfsec.evidence.claims`
    The registry: :data:`CLAIMS` (the tested claims, then those the data cannot reach),
    :func:`claim`, and :func:`prepare_inputs` (what the tests read, computed once).
:mod:`gulfsec.evidence.run`
    :func:`ledger`, its options (:func:`check_ledger_options`) and notebook 05's
    :func:`check_params`.
:mod:`gulfsec.evidence.grids`
    :func:`specification_grids` and :func:`grid_summary`.

Verdicts (:data:`VERDICTS`)
    ``supported`` (the data show what the claim says), ``partly_supported`` (some of it, or
    under one reading), ``contradicted`` (the data show otherwise, under the test's stated
    assumptions), ``not_testable`` (these data cannot reach the claim). A part of a test whose
    data cannot reach the claim (a list of arms races that ends in the 1980s, alliance data
    that do not code basing) is *out of reach*: it is reported, never scored against the claim. A
    recommendation cannot be supported by data; only its premise can be refuted.

Conventions
    Each claim declares its defensible alternatives (:attr:`Claim.alternatives`), the first
    option of each being the field's convention: COW's world CINC (peacesciencer's
    ``add_nmc``) for capabilities, the Organski-Kugler ±25 % parity band, every participant of
    a GML dispute, ATOP defence obligations for "alliance", and windows that end with the
    last whole year before the article (31 March 2024, so 2023) unless a test says why not.

A verdict is only as good as its test: every claim states what would change it and what its data
cannot reach, in the label ``evidence.change.<claim_id>``; the texts of the ledger (claim,
test, finding, what would change it) live in ``gulfsec/labels/evidence.csv`` in English and
Arabic. Every number of a finding is computed, none is typed in. Every public name is
importable from here (``gulfsec.evidence.ledger``); the display tables and figures are in
:mod:`gulfsec.plotting.evidence`.

This is written by hand because no library assesses a text's claims against data; the
measures it uses are those of :mod:`gulfsec.power`, :mod:`gulfsec.networks`,
:mod:`gulfsec.threats` and :mod:`gulfsec.alliances`.

References
----------
The datasets' own references are in ``data/external/datapackage.json``; the measures' in the
modules named above.

Examples
--------
>>> import pandas as pd
>>> from gulfsec import evidence
>>> r = pd.Series([1.1, 0.9, 1.0], index=[1975, 1985, 1986], name="IRN/IRQ")
>>> evidence.assess_counterweight(r, periods=((1971, 1979), (1980, 1989))).verdict
'supported'
>>> [c.claim_id for c in evidence.CLAIMS if c.assess is None][:2]
['imminent_collision', 'us_commitment_doubts']
"""

from __future__ import annotations

from gulfsec.evidence.balance import (
    assess_arms_race,
    assess_counterweight,
    assess_counterweight_faded,
    assess_tilt_to_iran,
    assess_us_greatest_power,
    geometric_mean,
)
from gulfsec.evidence.claims import CLAIMS, claim, prepare_inputs
from gulfsec.evidence.conflicts import (
    assess_continuing_tensions,
    assess_iran_intervention,
    assess_iraq_internal_war,
    assess_regional_conflicts_declined,
    assess_system_formed,
    assess_three_wars,
    assess_yemen_2015,
)
from gulfsec.evidence.disputes import (
    assess_arab_rift,
    assess_iraq_kuwait_after_demarcation,
    assess_islands_since_1971,
    assess_named_disputes,
    assess_principal_challenge,
    assess_us_counterweight,
)
from gulfsec.evidence.grids import grid_summary, specification_grids
from gulfsec.evidence.model import (
    ARAB_LEAGUE_CODES,
    GCC_CODES,
    LAST_YEAR_BEFORE_ARTICLE,
    MEASURES,
    MID_PARTICIPANTS,
    OBLIGATION_READINGS,
    OUTSIDE_POWERS,
    PARITY_BAND_RANGE,
    THREE_TO_ONE,
    VERDICTS,
    Claim,
    Finding,
    verdict_changes,
    verdict_counts,
)
from gulfsec.evidence.obligations import (
    assess_china_russia_ties,
    assess_gcc_collective_defence,
    assess_no_shared_system,
    assess_single_ally,
)
from gulfsec.evidence.run import check_ledger_options, check_params, ledger

__all__ = [
    "ARAB_LEAGUE_CODES",
    "CLAIMS",
    "GCC_CODES",
    "LAST_YEAR_BEFORE_ARTICLE",
    "MEASURES",
    "MID_PARTICIPANTS",
    "OBLIGATION_READINGS",
    "OUTSIDE_POWERS",
    "PARITY_BAND_RANGE",
    "THREE_TO_ONE",
    "VERDICTS",
    "Claim",
    "Finding",
    "assess_arab_rift",
    "assess_arms_race",
    "assess_china_russia_ties",
    "assess_continuing_tensions",
    "assess_counterweight",
    "assess_counterweight_faded",
    "assess_gcc_collective_defence",
    "assess_iran_intervention",
    "assess_iraq_internal_war",
    "assess_iraq_kuwait_after_demarcation",
    "assess_islands_since_1971",
    "assess_named_disputes",
    "assess_no_shared_system",
    "assess_principal_challenge",
    "assess_regional_conflicts_declined",
    "assess_single_ally",
    "assess_system_formed",
    "assess_three_wars",
    "assess_tilt_to_iran",
    "assess_us_counterweight",
    "assess_us_greatest_power",
    "assess_yemen_2015",
    "check_ledger_options",
    "check_params",
    "claim",
    "geometric_mean",
    "grid_summary",
    "ledger",
    "prepare_inputs",
    "specification_grids",
    "verdict_changes",
    "verdict_counts",
]
