"""The article's testable claims against published data: a ledger of claims, tests and verdicts.

The article argues from history and observation but cites no data. This module states, for each
of its claims that published data can reach, which passages make it, which dataset and test
check it, and what the test finds; and, for the claims the data cannot reach, why not. It is
a *registry* (:data:`CLAIMS`, one :class:`Claim` per claim) of pure *assessment* functions
(``assess_*``: plain pandas in, a :class:`Finding` out, each with its own hand-checkable
tests), and two adapters that feed them from the article's data package and the bundled
extracts of published datasets (:func:`gulfsec.load_external`): :func:`ledger` (one verdict per
claim, on the field's conventions unless told otherwise) and :func:`specification_grids` (every
claim under every combination of its defensible alternatives, :mod:`gulfsec.specifications`).

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
Arabic. Every number of a finding is computed, none is typed in.

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
>>> r = pd.Series([1.1, 0.9, 1.0], index=[1975, 1985, 1986], name="IRN/IRQ")
>>> assess_counterweight(r, periods=((1971, 1979), (1980, 1989))).verdict
'supported'
>>> [c.claim_id for c in CLAIMS if c.assess is None][:2]
['imminent_collision', 'us_commitment_doubts']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gulfsec import alliances, networks, power, specifications, threats
from gulfsec._validate import check_choice

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import Dataset
    from gulfsec.external import External

__all__ = [
    "ARAB_LEAGUE_CODES",
    "CLAIMS",
    "LAST_YEAR_BEFORE_ARTICLE",
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


# --------------------------------------------------------------------------- helpers
def geometric_mean(values: pd.Series, start: int, end: int) -> tuple[float, int]:
    """Geometric mean of the positive, finite values of a yearly series within ``[start, end]``.

    Returns the mean (NaN when no year has data) and the number of years used.

    Examples
    --------
    >>> import pandas as pd
    >>> geometric_mean(pd.Series([2.0, 8.0, float("nan")], index=[1990, 1991, 1992]), 1990, 1992)
    (4.0, 2)
    """
    s = values.astype("float64")
    w = s[(s.index >= start) & (s.index <= end)]
    w = w[np.isfinite(w) & (w > 0)]
    if w.empty:
        return float("nan"), 0
    return float(np.exp(np.log(w).mean())), int(w.size)


def _side(ratio: float, band: float) -> str:
    """``first`` above ``1 + band``, ``second`` below ``1 / (1 + band)``, else ``parity``."""
    if not math.isfinite(ratio):
        return "no_data"
    if ratio > 1 + band:
        return "first"
    if ratio < 1 / (1 + band):
        return "second"
    return "parity"


def _fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def _spans(years: Iterable[int]) -> str:
    """Runs of consecutive years: ``[2015, 2016, 2017, 2020]`` -> ``"2015–2017, 2020"``."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return "—"
    runs, start, prev = [], ys[0], ys[0]
    for y in ys[1:]:
        if y != prev + 1:
            runs.append(_span(start, prev))
            start = y
        prev = y
    runs.append(_span(start, prev))
    return ", ".join(runs)


def _band(option: str | float) -> float:
    """A band option as a number: ``"3:1"`` is :data:`THREE_TO_ONE`."""
    return THREE_TO_ONE if option == "3:1" else float(option)


def _three(parts: int) -> str:
    """Two legs of a test: 2 found -> supported, 1 -> partly, 0 -> contradicted."""
    return ("contradicted", "partly_supported", "supported")[parts]


def _share_verdict(n_yes: int, n_all: int) -> str:
    """All -> supported, some -> partly supported, none -> contradicted."""
    if n_all and n_yes == n_all:
        return "supported"
    return "partly_supported" if n_yes else "contradicted"


#: Labels of the littoral states' COW numbers in the ledger's findings.
_LITTORAL_IDS: dict[int, str] = {630: "IRN", 645: "IRQ", **{v: k for k, v in GCC_CODES.items()}}
#: Labels of other states the findings name (COW numbers).
_OTHER_IDS: dict[int, str] = {
    2: "USA", 200: "GBR", 220: "FRA", 255: "DEU", 365: "RUS", 710: "CHN", 666: "ISR",
    652: "SYR", 678: "YEM", 679: "YEM", 680: "YEM", 620: "LBY", 651: "EGY", 640: "TUR",
    660: "LBN", 663: "JOR", 700: "AFG", 345: "SRB",
}  # fmt: skip


def _name(code: int) -> str:
    code = int(code)
    return _LITTORAL_IDS.get(code) or _OTHER_IDS.get(code) or str(code)


def _years_text(years: Iterable[int]) -> str:
    ys = [str(int(y)) for y in years]
    return ", ".join(ys) if ys else "—"


def _pair_mask(df: pd.DataFrame, a: int, b: int) -> pd.Series:
    return ((df["ccode1"] == a) & (df["ccode2"] == b)) | ((df["ccode1"] == b) & (df["ccode2"] == a))


def _participants(dyad_years: pd.DataFrame, participants: str = "all") -> pd.DataFrame:
    """GML dyad-years, every participant or originators only (both ``orig1`` and ``orig2``)."""
    check_choice("participants", participants, MID_PARTICIPANTS)
    if participants == "all":
        return dyad_years
    return dyad_years[(dyad_years["orig1"] == 1) & (dyad_years["orig2"] == 1)]


_REVTYPES = ("revtype11", "revtype12", "revtype21", "revtype22")


def _territorial(dyad_years: pd.DataFrame) -> pd.Series:
    """Dyad-years in which either side sought to revise territory (a GML revision type of 1)."""
    cols = [c for c in _REVTYPES if c in dyad_years.columns]
    if not cols:
        return pd.Series(False, index=dyad_years.index)
    return (dyad_years[cols] == 1).any(axis=1)


def _holds(row: Any, reading: str) -> bool:
    """Whether an ATOP obligations row holds the obligations ``reading`` reads as alliance."""
    check_choice("obligations", reading, OBLIGATION_READINGS)
    if reading == "defense":
        return bool(row["defense"])
    return any(bool(row[o]) for o in alliances.ATOP_OBLIGATIONS)


# --------------------------------------------------------------------------- the assessments
def assess_counterweight(
    ratio: pd.Series,
    periods: Sequence[tuple[int, int]] = ((1971, 1979), (1980, 1989)),
    band: float = 0.25,
    reading: str = "not_preponderant",
) -> Finding:
    """Iraq as Iran's counterweight (passages 12, 14): did Iraq balance Iran, period by period?

    Test: the geometric mean of the Iran/Iraq capability ratio over each period. Under the
    reading ``"not_preponderant"`` (the default) Iraq balances Iran when Iran is not ahead
    beyond the band (ratio at most ``1 + band``): Iraq level *or ahead* counts for the claim.
    Under ``"parity"`` the ratio must lie within ``[1/(1+band), 1+band]``. ``supported`` if
    Iraq balances in every period, ``partly_supported`` in some, ``contradicted`` in none
    (``not_testable`` without data). A ``band`` of 2 is a Bremer-style 3 : 1 line.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.Series([3.0, 3.0, 0.6], index=[1975, 1976, 1985])
    >>> f = assess_counterweight(r)
    >>> f.verdict, f.numbers["ratio_1"], f.numbers["ratio_2"], f.numbers["n_lead"]
    ('partly_supported', '3.00', '0.60', 1)
    >>> assess_counterweight(r, reading="parity").verdict      # Iraq ahead is not parity
    'contradicted'
    """
    check_choice("reading", reading, ("not_preponderant", "parity"))
    gms = [geometric_mean(ratio, s, e) for s, e in periods]
    sides = [_side(g, band) for g, _ in gms]
    first, last = periods[0][0], periods[-1][1]
    window = ratio[(ratio.index >= first) & (ratio.index <= last)].dropna()
    lead_years = [int(y) for y, v in window.items() if v < 1]
    numbers = {
        **{f"ratio_{i}": _fmt(g) for i, (g, _) in enumerate(gms, start=1)},
        **{f"period_{i}": f"{s}–{e}" for i, (s, e) in enumerate(periods, start=1)},
        "limit": _fmt(1 + band),
        "lead_years": _spans(lead_years),
        "n_lead": len(lead_years),
        "n_years": int(window.size),
    }
    if all(s == "no_data" for s in sides):
        return Finding("not_testable", numbers)
    ok = ("parity", "second") if reading == "not_preponderant" else ("parity",)
    return Finding(_share_verdict(sum(s in ok for s in sides), len(sides)), numbers)


def assess_counterweight_faded(
    ratio: pd.Series,
    before: tuple[int, int] = (1980, 1989),
    after: tuple[int, int] = (1992, 2002),
    band: float = 0.25,
) -> Finding:
    """Iraqi power faded after the second Gulf war (passage 14): did Iran's lead over Iraq widen?

    Test: the change of the geometric-mean Iran/Iraq ratio from ``before`` to ``after``.
    ``supported`` when it grows by more than the band (``after / before > 1 + band``),
    ``partly_supported`` when it grows by less, ``contradicted`` when it falls.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.Series([1.0, 2.0], index=[1985, 1995])
    >>> f = assess_counterweight_faded(r)
    >>> f.verdict, f.numbers["change"]
    ('supported', '2.00')
    """
    b, _ = geometric_mean(ratio, *before)
    a, _ = geometric_mean(ratio, *after)
    change = a / b if math.isfinite(a) and math.isfinite(b) and b > 0 else float("nan")
    numbers = {
        "before": _fmt(b),
        "after": _fmt(a),
        "change": _fmt(change),
        "period_before": f"{before[0]}–{before[1]}",
        "period_after": f"{after[0]}–{after[1]}",
    }
    if not math.isfinite(change):
        return Finding("not_testable", numbers)
    if change > 1 + band:
        return Finding("supported", numbers)
    return Finding("partly_supported" if change > 1 else "contradicted", numbers)


def assess_tilt_to_iran(
    iran_iraq: pd.Series,
    iran_gcc: pd.Series,
    before: tuple[int, int] = (1992, 2002),
    after: tuple[int, int] = (2003, 2022),
    band: float = 0.25,
    iraq_gap: Iterable[int] = (),
    drop_gap: bool = False,
) -> Finding:
    """After 2003 the balance "tilted in Iran's favour" (passages 26, 27): a change, tested as one.

    Test: the change of the geometric-mean ratios from ``before`` to ``after``, Iran against
    Iraq and Iran against the six GCC states together. ``supported`` when both grow by more
    than the band (``after / before > 1 + band``), ``partly_supported`` when one does,
    ``contradicted`` when neither. ``iraq_gap`` names the years without Iraqi military
    expenditure in NMC (2002-08: there Iraq's military share is personnel alone); they are
    reported, and dropped from the Iran/Iraq series when ``drop_gap``.

    Examples
    --------
    >>> import pandas as pd
    >>> ii = pd.Series([1.0, 2.0], index=[2000, 2010])
    >>> ig = pd.Series([0.5, 0.55], index=[2000, 2010])
    >>> f = assess_tilt_to_iran(ii, ig)
    >>> f.verdict, f.numbers["iran_iraq_change"], f.numbers["iran_gcc_change"]
    ('partly_supported', '2.00', '1.10')
    >>> assess_tilt_to_iran(ii, ig, iraq_gap=[2010], drop_gap=True).verdict   # no Iraqi year left
    'contradicted'
    """
    gap = {int(y) for y in iraq_gap}
    ii = iran_iraq[~iran_iraq.index.isin(gap)] if drop_gap else iran_iraq
    vals = {}
    for key, s in (("iran_iraq", ii), ("iran_gcc", iran_gcc)):
        b, _ = geometric_mean(s, *before)
        a, _ = geometric_mean(s, *after)
        vals[key] = (b, a, a / b if math.isfinite(a) and math.isfinite(b) and b > 0 else math.nan)
    numbers = {
        **{f"{k}_before": _fmt(v[0]) for k, v in vals.items()},
        **{f"{k}_after": _fmt(v[1]) for k, v in vals.items()},
        **{f"{k}_change": _fmt(v[2]) for k, v in vals.items()},
        "period_before": f"{before[0]}–{before[1]}",
        "period_after": f"{after[0]}–{after[1]}",
        "iraq_gap": _spans(gap),
    }
    changes = [v[2] for v in vals.values()]
    if not any(math.isfinite(c) for c in changes):
        return Finding("not_testable", numbers)
    return Finding(_three(sum(math.isfinite(c) and c > 1 + band for c in changes)), numbers)


def assess_arms_race(
    races: pd.DataFrame,
    buildups: Mapping[str, pd.DataFrame],
    iran: int = 630,
    gcc: Mapping[str, int] = GCC_CODES,
    since: int = 1992,
) -> Finding:
    """An undeclared arms race between Iran and some GCC states (passage 16).

    Test, two legs: (1) the Gibler-Rider-Hutchison list of arms races: a race between Iran and
    a GCC state since ``since``; the leg is *out of reach*, and not scored, when the list's last
    race ends before ``since`` (it cannot see a later race); (2) military expenditure: the GCC
    states with at least one mutual build-up with Iran (a spell of ``buildups``, one table per
    state, e.g. :func:`gulfsec.power.mutual_buildups`) ending in ``since`` or later. With both
    legs in reach: ``supported`` if both find one, ``partly_supported`` if one does,
    ``contradicted`` if neither. With the list out of reach a mutual build-up, which is
    necessary for a race but is not one (no action and reaction), gives ``partly_supported``
    at most; none gives ``contradicted``.

    Examples
    --------
    >>> import pandas as pd
    >>> races = pd.DataFrame({"ccode1": [630], "ccode2": [645], "styear": [1973], "endyear": [1978]})
    >>> b = {"SAU": pd.DataFrame({"start_year": [2005], "end_year": [2008]}),
    ...      "KWT": pd.DataFrame({"start_year": [], "end_year": []})}
    >>> f = assess_arms_race(races, b)
    >>> f.verdict, f.numbers["grh_last"], f.numbers["states"]
    ('partly_supported', 1978, 'SAU (2005–2008)')
    """
    codes = set(gcc.values())
    pairs = [
        (int(r.ccode1), int(r.ccode2), int(r.styear), int(r.endyear))
        for r in races.itertuples(index=False)
    ]
    grh_last = max((p[3] for p in pairs), default=None)
    in_reach = grh_last is not None and grh_last >= since
    with_iran = [
        p for p in pairs if iran in p[:2] and (set(p[:2]) - {iran}) & codes and p[3] >= since
    ]
    found = {}
    for state, spells in buildups.items():
        s = spells[spells["end_year"] >= since] if len(spells) else spells
        if len(s):
            found[state] = [
                (int(a), int(b)) for a, b in zip(s["start_year"], s["end_year"], strict=True)
            ]
    numbers = {
        "grh_last": grh_last if grh_last is not None else "—",
        "n_races": len(with_iran),
        "n_states": len(found),
        "states": "; ".join(
            f"{k} (" + ", ".join(_span(a, b) for a, b in v) + ")" for k, v in found.items()
        )
        or "—",
        "since": since,
    }
    if in_reach:
        return Finding(_three(int(bool(with_iran)) + int(bool(found))), numbers)
    return Finding("partly_supported" if found else "contradicted", numbers)


def _relation(d: pd.DataFrame, side_a: set[int], side_b: set[int]) -> pd.DataFrame:
    return d[
        (d["ccode1"].isin(side_a) & d["ccode2"].isin(side_b))
        | (d["ccode1"].isin(side_b) & d["ccode2"].isin(side_a))
    ]


def assess_named_disputes(
    dyad_years: pd.DataFrame,
    rivalries: pd.DataFrame,
    gcc: Mapping[str, int] = GCC_CODES,
    participants: str = "all",
    reading: str = "issues",
    min_gcc: int = 2,
) -> Finding:
    """Historical disputes between Iran and Iraq, Iran and GCC states, Iraq and Kuwait (15).

    Test, relation by relation, on GML MIDs (counted as *distinct* disputes: a multilateral
    dispute counts once however many pairs it joins) and TSS rivalries. Under the reading
    ``"issues"`` (the default: the passage names water, borders, oil fields and sovereignty) a
    relation has an issue record when it has a MID over territory or a spatial rivalry; for
    "Iran and a number of GCC states" at least ``min_gcc`` GCC states need one. Under
    ``"any"`` a relation needs MIDs and a rivalry of any kind. ``supported`` if all three
    relations pass, ``partly_supported`` if some do, ``contradicted`` if none.

    The "territorial" MIDs rest on GML's revision types, which peacesciencer's documentation
    advises against; and GML's directed dyad-years pair every participant with every opponent,
    joiners included (``participants="originators"`` keeps the originators only).

    Parameters
    ----------
    dyad_years : pandas.DataFrame
        GML dyad-years (``dispnum, ccode1, ccode2, year``, the ``revtype`` columns, ``orig1``
        and ``orig2``).
    rivalries : pandas.DataFrame
        :func:`gulfsec.networks.rivalry_record`.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"dispnum": [1, 2, 2, 3], "ccode1": [630, 630, 630, 645],
    ...                   "ccode2": [645, 670, 696, 690], "year": [1980, 1987, 1987, 1990],
    ...                   "revtype11": [1, 2, 2, 1], "orig1": [1, 1, 1, 1], "orig2": [1, 1, 0, 1]})
    >>> r = pd.DataFrame({"ccode1": [630, 630], "ccode2": [645, 696],
    ...                   "types": [("spatial",), ("spatial",)]})
    >>> f = assess_named_disputes(d, r)
    >>> f.verdict, f.numbers["iran_gcc"], f.numbers["gcc_issue_states"]
    ('partly_supported', 1, 'ARE')
    >>> assess_named_disputes(d, r, min_gcc=1).verdict
    'supported'
    """
    check_choice("reading", reading, ("issues", "any"))
    d = _participants(dyad_years, participants)
    lo = np.minimum(d["ccode1"].to_numpy(), d["ccode2"].to_numpy())
    hi = np.maximum(d["ccode1"].to_numpy(), d["ccode2"].to_numpy())
    terr = _territorial(d).to_numpy()
    disputes: dict[tuple[int, int], set[int]] = {}
    over_territory: dict[tuple[int, int], set[int]] = {}
    for a, b, n, t in zip(lo, hi, d["dispnum"].to_numpy(), terr, strict=True):
        disputes.setdefault((int(a), int(b)), set()).add(int(n))
        if t:
            over_territory.setdefault((int(a), int(b)), set()).add(int(n))
    rivals: dict[tuple[int, int], bool] = {}  # pair -> has a spatial rivalry
    for a, b, types in zip(
        rivalries["ccode1"], rivalries["ccode2"], rivalries["types"], strict=True
    ):
        key = (min(int(a), int(b)), max(int(a), int(b)))
        rivals[key] = rivals.get(key, False) or "spatial" in types
    gcc_codes = {int(c) for c in gcc.values()}
    rels = {
        "iran_iraq": (630, {645}),
        "iran_gcc": (630, gcc_codes),
        "iraq_kuwait": (645, {690}),
    }
    numbers: dict[str, Any] = {}
    passed = []
    for key, (a, b) in rels.items():
        pairs = [(min(a, x), max(a, x)) for x in b]
        numbers[key] = len(set().union(*(disputes.get(p, set()) for p in pairs)))
        numbers[f"{key}_terr"] = len(set().union(*(over_territory.get(p, set()) for p in pairs)))
        states = []
        for x, p in sorted(zip(b, pairs, strict=True), key=lambda xp: _name(xp[0])):
            if reading == "issues":
                record = p in over_territory or rivals.get(p, False)
            else:
                record = p in disputes and p in rivals
            if record:
                states.append(_name(x))
        if key == "iran_gcc":
            numbers["iran_gcc_states"] = sum(p in disputes for p in pairs)
            numbers["gcc_issue_states"] = ", ".join(states) or "—"
            passed.append(len(states) >= min_gcc)
        else:
            passed.append(bool(states))
    return Finding(_share_verdict(sum(passed), len(passed)), numbers)


def assess_iraq_kuwait_after_demarcation(
    dyad_years: pd.DataFrame,
    rivalries: pd.DataFrame,
    demarcation: int = 1993,
    pair: tuple[int, int] = (645, 690),
    participants: str = "all",
    count: str = "ongoing",
) -> Finding:
    """Iraq-Kuwait disputes persist despite the demarcation of their border (passage 15).

    Test: after ``demarcation`` (UN Security Council resolution 833, 1993, the external fact
    of the ``disputes`` row) the pair has MIDs (GML, to 2010; ``count="ongoing"`` counts
    disputes ongoing after it, ``"begun"`` those that began after it) and its strategic rivalry
    goes on (TSS, to 2020). ``supported`` if both, ``partly_supported`` if one,
    ``contradicted`` if neither.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"dispnum": [1, 2, 2], "ccode1": [645, 690, 690],
    ...                   "ccode2": [690, 645, 645], "year": [1990, 1992, 1994]})
    >>> r = pd.DataFrame({"ccode1": [645], "ccode2": [690], "last_year": [2020],
    ...                   "first_year": [1961]})
    >>> f = assess_iraq_kuwait_after_demarcation(m, r)
    >>> f.verdict, f.numbers["mids_after"]
    ('supported', 1)
    >>> assess_iraq_kuwait_after_demarcation(m, r, count="begun").verdict
    'partly_supported'
    """
    check_choice("count", count, ("ongoing", "begun"))
    a, b = sorted(pair)
    m = _participants(dyad_years, participants)
    m = m[_pair_mask(m, a, b)]
    onset = m.groupby("dispnum")["year"].min()
    if count == "ongoing":
        after = m[m["year"] > demarcation]
    else:
        after = m[m["dispnum"].isin(onset[onset > demarcation].index)]
    r = rivalries[_pair_mask(rivalries, a, b)]
    riv_last = int(r["last_year"].max()) if len(r) else None
    numbers = {
        "demarcation": demarcation,
        "mids_after": int(after["dispnum"].nunique()),
        "mid_years": _spans(after["year"].unique()),
        "rivalry": f"{int(r['first_year'].min())}–{riv_last}" if len(r) else "—",
    }
    parts = int(numbers["mids_after"] > 0) + int(riv_last is not None and riv_last > demarcation)
    return Finding(_three(parts), numbers)


def assess_islands_since_1971(
    rivalries: pd.DataFrame,
    mids: pd.DataFrame,
    pair: tuple[int, int] = (630, 696),
    year: int = 1971,
    revtype: bool = True,
) -> Finding:
    """The islands dispute between Iran and the UAE dates from 1971 (passage 27).

    Test (of the date and the dispute, not of sovereignty, which no dataset decides): the
    pair's strategic rivalry is spatial (over territory) and starts in ``year``; and, with
    ``revtype`` (GML's revision types, which peacesciencer advises against), the pair has MIDs
    over territory. ``supported`` if every leg holds, ``partly_supported`` if some,
    ``contradicted`` if none.

    Parameters
    ----------
    rivalries : pandas.DataFrame
        :func:`gulfsec.networks.rivalry_record`.
    mids : pandas.DataFrame
        :func:`gulfsec.networks.mid_dyads`.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"ccode1": [630], "ccode2": [696], "types": [("spatial",)],
    ...                   "first_year": [1971], "last_year": [2020]})
    >>> m = pd.DataFrame({"ccode1": [630], "ccode2": [696], "disputes": [6], "territorial": [0],
    ...                   "first_year": [1972], "last_year": [2004]})
    >>> assess_islands_since_1971(r, m).verdict, assess_islands_since_1971(r, m, revtype=False).verdict
    ('partly_supported', 'supported')
    """
    a, b = sorted(pair)
    r = rivalries[(rivalries["ccode1"] == a) & (rivalries["ccode2"] == b)]
    m = mids[(mids["ccode1"] == a) & (mids["ccode2"] == b)]
    spatial = bool(len(r)) and any("spatial" in t for t in r["types"])
    start = int(r["first_year"].min()) if len(r) else None
    terr = int(m["territorial"].sum()) if len(m) else 0
    numbers = {
        "rivalry": f"{start}–{int(r['last_year'].max())}" if len(r) else "—",
        "spatial": "spatial" if spatial else "—",
        "mids": int(m["disputes"].sum()) if len(m) else 0,
        "territorial": terr,
        "mid_years": f"{int(m['first_year'].min())}–{int(m['last_year'].max())}" if len(m) else "—",
    }
    legs = [spatial and start == year] + ([terr > 0] if revtype else [])
    return Finding(_share_verdict(sum(legs), len(legs)), numbers)


def assess_us_counterweight(
    mids: pd.DataFrame,
    rivalries: pd.DataFrame,
    us: int = 2,
    iran: int = 630,
) -> Finding:
    """The US military presence is meant to balance Iranian power (passage 17).

    Test: the United States is Iran's rival and disputant (TSS rivalry and GML MIDs). The
    presence itself (bases, troops, the defence cooperation agreements it rests on) is out of
    reach of these data: ATOP codes written alliances, not basing. So the verdict is
    ``partly_supported`` when the antagonism is on record (the reachable part) and
    ``contradicted`` when it is not.

    Parameters
    ----------
    mids, rivalries : pandas.DataFrame
        :func:`gulfsec.networks.mid_dyads`, :func:`gulfsec.networks.rivalry_record`.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"ccode1": [2], "ccode2": [630], "disputes": [15], "first_year": [1979],
    ...                   "last_year": [2009]})
    >>> r = pd.DataFrame({"ccode1": [2], "ccode2": [630], "first_year": [1982], "last_year": [2020]})
    >>> f = assess_us_counterweight(m, r)
    >>> f.verdict, f.numbers["mids"]
    ('partly_supported', 15)
    """
    a, b = sorted((us, iran))
    m = mids[(mids["ccode1"] == a) & (mids["ccode2"] == b)]
    r = rivalries[(rivalries["ccode1"] == a) & (rivalries["ccode2"] == b)]
    n_mids = int(m["disputes"].sum()) if len(m) else 0
    numbers = {
        "mids": n_mids,
        "mid_years": f"{int(m['first_year'].min())}–{int(m['last_year'].max())}" if len(m) else "—",
        "rivalry": f"{int(r['first_year'].min())}–{int(r['last_year'].max())}" if len(r) else "—",
    }
    return Finding("partly_supported" if n_mids > 0 and len(r) > 0 else "contradicted", numbers)


def _partners_of(
    obligations: pd.DataFrame, group: Iterable[str], partners: Iterable[str], reading: str
) -> dict[str, set[str]]:
    """``{partner: members of group holding an obligation of reading with it}``."""
    group, out = set(group), {p: set() for p in partners}
    for _, r in obligations.iterrows():
        pair = {r["side_a"], r["side_b"]}
        for p in out:
            if p in pair and pair & group and _holds(r, reading):
                out[p] |= pair & group
    return out


def assess_single_ally(
    obligations: pd.DataFrame,
    gcc: Iterable[str] = tuple(GCC_CODES),
    outside: Iterable[str] = tuple(OUTSIDE_POWERS),
    ally: str = "USA",
    year: int = 2018,
    reading: str = "defense",
) -> Finding:
    """The GCC states have relied on one ally, the United States (passages 40, 44, 45).

    Test, on written commitments (ATOP): which outside powers hold an obligation of
    ``reading`` with GCC states. A written obligation with ``ally`` would support the claim
    (``supported`` if it is the top partner, ``partly_supported`` otherwise). Its absence is
    *out of reach*, not evidence against: the ties the claim is about (defence cooperation
    agreements, basing, arms, Major Non-NATO Ally status) are not coded by ATOP, which cannot
    tell a reliant Gulf from a non-aligned one; the verdict is then ``not_testable``.

    Parameters
    ----------
    obligations : pandas.DataFrame
        :func:`gulfsec.alliances.atop_obligations` (labels as actor ids).

    Examples
    --------
    >>> import pandas as pd
    >>> ob = pd.DataFrame({"side_a": ["BHR", "QAT"], "side_b": ["GBR", "GBR"],
    ...                    "defense": [0, 0], "offense": [0, 0], "neutral": [0, 0],
    ...                    "nonagg": [1, 1], "consul": [0, 0]})
    >>> f = assess_single_ally(ob)
    >>> f.verdict, f.numbers["ally_members"], f.numbers["others"]
    ('not_testable', 0, '—')
    >>> assess_single_ally(ob, reading="any").numbers["others"]
    'GBR: 2'
    """
    check_choice("obligations", reading, OBLIGATION_READINGS)
    held = alliances.formal_portfolio(obligations, list(gcc), list(outside), reading)
    n_ally = int(held.get(ally, 0))
    others = {p: int(n) for p, n in held.items() if p != ally and n > 0}
    top = held.idxmax() if held.max() > 0 else None
    numbers = {
        "year": year,
        "ally_members": n_ally,
        "others": "; ".join(f"{p}: {n}" for p, n in others.items()) or "—",
    }
    if n_ally == 0:
        return Finding("not_testable", numbers)
    return Finding("supported" if top == ally else "partly_supported", numbers)


def assess_china_russia_ties(
    obligations: pd.DataFrame,
    gcc: Iterable[str] = tuple(GCC_CODES),
    partners: Sequence[str] = ("CHN", "RUS"),
    year: int = 2018,
    reading: str = "any",
) -> Finding:
    """Diversify relations, even military alliances, towards China and Russia (passage 44).

    A recommendation cannot be supported by data; its premise can be refuted. The premise
    (ties with China and Russia are thin today) is tested: fewer than half of the GCC states
    hold an ATOP obligation of ``reading`` with China or Russia in the data's last year. If
    the premise holds the verdict is ``not_testable`` (the recommendation itself is a
    judgement; the premise is consistent with the data); if it fails, ``contradicted``. Iran's
    obligations with the same powers are reported beside them.

    Examples
    --------
    >>> import pandas as pd
    >>> ob = pd.DataFrame({"side_a": ["SAU", "IRN"], "side_b": ["CHN", "RUS"],
    ...                    "defense": [0, 0], "offense": [0, 0], "neutral": [0, 1],
    ...                    "nonagg": [1, 1], "consul": [0, 1]})
    >>> f = assess_china_russia_ties(ob)
    >>> f.verdict, f.numbers["gcc_with"], f.numbers["iran"]
    ('not_testable', 'CHN: 1; RUS: 0', 'CHN: —; RUS: neutral, nonagg, consul')
    """
    gcc = list(gcc)
    held = _partners_of(obligations, gcc, partners, reading)
    with_any = set().union(*held.values()) if held else set()

    def iran_with(p: str) -> str:
        for _, r in obligations.iterrows():
            if {r["side_a"], r["side_b"]} == {"IRN", p}:
                return ", ".join(o for o in alliances.ATOP_OBLIGATIONS if r[o]) or "—"
        return "—"

    numbers = {
        "year": year,
        "gcc_with": "; ".join(f"{p}: {len(s)}" for p, s in held.items()),
        "n_states": len(with_any),
        "iran": "; ".join(f"{p}: {iran_with(p)}" for p in partners),
    }
    return Finding("not_testable" if len(with_any) < len(gcc) / 2 else "contradicted", numbers)


def assess_iraq_internal_war(conflicts: pd.DataFrame, state: str = "IRQ") -> Finding:
    """Iraq came close to an all-out civil war (passage 18).

    Test: UCDP records war-intensity years (1,000+ battle-related deaths) of an internal armed
    conflict in Iraq after 2003. ``supported`` if at least one, ``partly_supported`` if only
    minor-intensity years, ``contradicted`` if none.

    Parameters
    ----------
    conflicts : pandas.DataFrame
        :func:`gulfsec.threats.conflict_years` from 2003.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"war_years": [5], "minor_years": [9], "conflict_years": [14],
    ...                   "first_year": [2004], "last_year": [2023]}, index=["IRQ"])
    >>> assess_iraq_internal_war(c).verdict
    'supported'
    """
    r = conflicts.loc[state]
    numbers = {
        "war_years": int(r["war_years"]),
        "minor_years": int(r["minor_years"]),
        "first": "—" if pd.isna(r["first_year"]) else int(r["first_year"]),
        "last": "—" if pd.isna(r["last_year"]) else int(r["last_year"]),
    }
    if r["war_years"] > 0:
        return Finding("supported", numbers)
    return Finding("partly_supported" if r["minor_years"] > 0 else "contradicted", numbers)


def assess_regional_conflicts_declined(
    intensity: pd.DataFrame,
    states: Sequence[str] = ("SYR", "LBY"),
    recent: int = 3,
    end: int = LAST_YEAR_BEFORE_ARTICLE,
) -> Finding:
    """The conflicts have declined, especially in Syria and Libya (passage 31).

    Test: for each state, the highest UCDP intensity of the ``recent`` years up to ``end`` is
    below its peak since the start of the series (2: war, 1: minor, 0: none). ``supported`` if
    it is for every state, ``partly_supported`` for some, ``contradicted`` for none. UCDP's two
    levels cannot show a decline *within* war-level violence (a battle-deaths series could).

    Parameters
    ----------
    intensity : pandas.DataFrame
        :func:`gulfsec.threats.conflict_intensity`.

    Examples
    --------
    >>> import pandas as pd
    >>> i = pd.DataFrame({"SYR": [2, 2, 2, 2], "LBY": [2, 1, 0, 0]}, index=[2015, 2022, 2023, 2024])
    >>> f = assess_regional_conflicts_declined(i, recent=2, end=2024)
    >>> f.verdict, f.numbers["recent"]
    ('partly_supported', 'SYR: 2; LBY: 0')
    """
    upto = intensity[intensity.index <= end].sort_index()
    tail = upto.iloc[-recent:]
    peak = {s: int(upto[s].max()) for s in states}
    now = {s: int(tail[s].max()) for s in states}
    down = [now[s] < peak[s] for s in states]
    numbers = {
        "peak": "; ".join(f"{s}: {peak[s]}" for s in states),
        "recent": "; ".join(f"{s}: {now[s]}" for s in states),
        "years": f"{int(tail.index.min())}–{int(tail.index.max())}",
        "war_years": "; ".join(f"{s}: {_spans(upto.index[upto[s] == 2])}" for s in states),
    }
    return Finding(_share_verdict(sum(down), len(down)), numbers)


def assess_yemen_2015(
    ucdp: pd.DataFrame,
    yemen: int = 678,
    saudi: int = 670,
    year: int = 2015,
    end: int = LAST_YEAR_BEFORE_ARTICLE,
) -> Finding:
    """The Houthi takeover of 2015 made Yemen a direct threat to the Gulf states (passage 33).

    Test: in UCDP's conflict over Yemen's government (Yemen's government as side A, an
    internationalised intrastate conflict), Saudi Arabia first appears as a party in ``year``,
    and the conflict is at war intensity that year. ``supported`` if both, ``partly_supported``
    if one, ``contradicted`` if neither. The war-intensity years reported are those of the war
    since ``year`` (to ``end``), not every Yemeni conflict-year since 1946.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"conflict_id": [230, 230, 230], "year": [2014, 2015, 2016],
    ...                   "gwno_a": [678, 678, 678], "gwno_a_2nd": [None, None, None],
    ...                   "gwno_b": [None, 670, 670], "gwno_b_2nd": [None, None, None],
    ...                   "intensity_level": [2, 2, 2], "type_of_conflict": ["II", "II", "II"]})
    >>> f = assess_yemen_2015(u)
    >>> f.verdict, f.numbers["first_year"], f.numbers["war_years"], f.numbers["war_span"]
    ('supported', 2015, 2, '2015–2016')
    """
    sub = ucdp[
        (ucdp["gwno_a"] == yemen)
        & ucdp["type_of_conflict"].astype(str).isin(threats.INTERNAL_CONFLICT_TYPES)
        & (ucdp["year"] <= end)
    ]
    sides = [c for c in ("gwno_a_2nd", "gwno_b", "gwno_b_2nd") if c in sub.columns]
    with_saudi = sub[(sub[sides] == saudi).any(axis=1)]
    first = int(with_saudi["year"].min()) if len(with_saudi) else None
    war = sub[(sub["year"] == year) & (sub["intensity_level"] == 2)]
    since = sub[(sub["year"] >= year) & (sub["intensity_level"] == 2)]
    since = since.drop_duplicates(["conflict_id", "year"])
    numbers = {
        "first_year": first if first is not None else "—",
        "years": _spans(with_saudi["year"].unique()),
        "war_years": int(len(since)),
        "war_span": _spans(since["year"].unique()),
    }
    return Finding(_three(int(first == year) + int(len(war) > 0)), numbers)


def assess_three_wars(
    wars: pd.DataFrame,
    littoral: Iterable[int],
    start_year: int = 1980,
    end_year: int = 2003,
    expected: int = 3,
) -> Finding:
    """Three wars in the region between 1980 and 2003 (passage 11).

    Test: the COW inter-state wars with at least one Gulf littoral participant whose first
    year lies in ``[start_year, end_year]``; ``supported`` if there are exactly ``expected``,
    ``partly_supported`` if one more or one fewer, ``contradicted`` otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"warnum": [199, 211, 211, 227], "ccode1": [630, 645, 645, 2],
    ...                   "ccode2": [645, 690, 2, 645], "year": [1980, 1990, 1991, 2003]})
    >>> f = assess_three_wars(w, [630, 645, 690])
    >>> f.verdict, f.numbers["wars"]
    ('supported', '1980, 1990, 2003')
    """
    lit = {int(c) for c in littoral}
    w = wars[wars["ccode1"].isin(lit) | wars["ccode2"].isin(lit)]
    onset = w.groupby("warnum")["year"].min()
    inside = onset[(onset >= start_year) & (onset <= end_year)].sort_values()
    n = int(inside.size)
    numbers = {
        "n": n,
        "wars": _years_text(inside.tolist()),
        "warnums": ", ".join(str(int(i)) for i in inside.index) or "—",
        "window": f"{start_year}–{end_year}",
    }
    verdict = (
        "supported"
        if n == expected
        else "partly_supported"
        if abs(n - expected) == 1
        else "contradicted"
    )
    return Finding(verdict, numbers)


def assess_system_formed(
    states: pd.DataFrame, littoral: Iterable[int], by: tuple[int, int] = (1970, 1972)
) -> Finding:
    """The eight states completed their independence at the start of the 1970s (passage 11).

    Test: the last of the littoral states' first entries into the COW state system falls in
    ``by`` (inclusive). ``supported`` if it does, ``contradicted`` otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"ccode": [645, 690, 692], "styear": [1932, 1961, 1971]})
    >>> f = assess_system_formed(s, [645, 690, 692])
    >>> f.verdict, f.numbers["last"]
    ('supported', 1971)
    """
    lit = [int(c) for c in littoral]
    first = states[states["ccode"].isin(lit)].groupby("ccode")["styear"].min()
    last = int(first.max()) if len(first) else None
    numbers = {
        "last": last,
        "entries": "; ".join(
            f"{_LITTORAL_IDS.get(int(c), int(c))} {int(y)}" for c, y in first.sort_values().items()
        ),
        "n_1961_1971": int(((first >= 1961) & (first <= 1971)).sum()),
    }
    if last is None:
        return Finding("not_testable", numbers)
    return Finding("supported" if by[0] <= last <= by[1] else "contradicted", numbers)


def assess_no_shared_system(
    atop: pd.DataFrame,
    littoral: Mapping[str, int],
    iran: str = "IRN",
    year: int = 2018,
    reading: str = "defense",
) -> Finding:
    """No shared security system at the level of the eight littoral states (passage 19).

    Test, on ATOP (directed dyad-years): in ``year``, the pairs of littoral states bound by an
    obligation of ``reading``. A system of all eight would bind Iran to the seven others.
    ``supported`` if Iran holds no such obligation with any of them, ``partly_supported`` if
    with some, ``contradicted`` if with all. The seven others' own pairs, and the last year
    Iran held any obligation with a littoral state, are reported beside it.

    Examples
    --------
    >>> import pandas as pd
    >>> atop = pd.DataFrame({"statea": [630, 645, 670], "stateb": [645, 670, 645],
    ...                      "year": [1959, 2018, 2018], "defense": [1, 1, 1], "offense": [0, 0, 0],
    ...                      "neutral": [0, 0, 0], "nonagg": [0, 0, 0], "consul": [0, 0, 0]})
    >>> f = assess_no_shared_system(atop, {"IRN": 630, "IRQ": 645, "SAU": 670})
    >>> f.verdict, f.numbers["iran_pairs"], f.numbers["other_pairs"], f.numbers["iran_last"]
    ('supported', 0, 1, 1959)
    """
    codes = {k: int(v) for k, v in littoral.items()}
    ob = alliances.atop_obligations(atop, codes, year)
    bound = [r for _, r in ob.iterrows() if _holds(r, reading)]
    iran_pairs = sum(iran in (r["side_a"], r["side_b"]) for r in bound)
    other_pairs = len(bound) - iran_pairs
    n_others = len(codes) - 1
    ic = codes[iran]
    lit = set(codes.values()) - {ic}
    ever = atop[
        ((atop["statea"] == ic) & atop["stateb"].isin(lit))
        | ((atop["stateb"] == ic) & atop["statea"].isin(lit))
    ]
    ever = ever[(ever[list(alliances.ATOP_OBLIGATIONS)] > 0).any(axis=1)]
    numbers = {
        "year": year,
        "iran_pairs": iran_pairs,
        "n_others": n_others,
        "other_pairs": other_pairs,
        "n_other_pairs": n_others * (n_others - 1) // 2,
        "iran_last": int(ever["year"].max()) if len(ever) else "—",
    }
    if iran_pairs == 0:
        return Finding("supported", numbers)
    return Finding("contradicted" if iran_pairs == n_others else "partly_supported", numbers)


def assess_gcc_collective_defence(
    obligations: pd.DataFrame,
    gcc: Iterable[str] = tuple(GCC_CODES),
    year: int = 2018,
    reading: str = "defense",
) -> Finding:
    """The GCC states committed to collective security and a joint defence (passage 42).

    Test, on ATOP: the pairs of GCC states bound by an obligation of ``reading`` in ``year``.
    ``supported`` if all 15 pairs are, ``partly_supported`` if some, ``contradicted`` if none.
    Written commitments only: the joint force announced in 2019 falls after ATOP's last year,
    and how well the commitment works is not in these data.

    Examples
    --------
    >>> import pandas as pd
    >>> ob = pd.DataFrame({"side_a": ["SAU", "SAU"], "side_b": ["KWT", "QAT"],
    ...                    "defense": [1, 0], "offense": [0, 0], "neutral": [0, 0],
    ...                    "nonagg": [1, 1], "consul": [1, 1]})
    >>> f = assess_gcc_collective_defence(ob, gcc=["SAU", "KWT", "QAT"])
    >>> f.verdict, f.numbers["pairs"], f.numbers["n_pairs"]
    ('partly_supported', 1, 3)
    """
    gcc = set(gcc)
    n = len(gcc) * (len(gcc) - 1) // 2
    pairs = sum(
        {r["side_a"], r["side_b"]} <= gcc and _holds(r, reading) for _, r in obligations.iterrows()
    )
    numbers = {"year": year, "pairs": int(pairs), "n_pairs": n}
    return Finding(_share_verdict(int(pairs), n), numbers)


def _with(ucdp: pd.DataFrame, code: int, columns: Sequence[str]) -> pd.Series:
    cols = [c for c in columns if c in ucdp.columns]
    return (ucdp[cols] == code).any(axis=1)


def assess_continuing_tensions(
    ucdp: pd.DataFrame,
    rivalries: pd.DataFrame,
    iran: int = 630,
    israel: int = 666,
    us: int = 2,
    end: int = LAST_YEAR_BEFORE_ARTICLE,
) -> Finding:
    """Continuing tensions between Iran on one side and Israel and the West on the other (20).

    Test, two legs: (1) UCDP records an interstate armed conflict between Iran and Israel in
    ``end``, the last year before the article; (2) TSS codes Iran-Israel and Iran-US strategic
    rivalries ongoing at the end of its data (2020). ``supported`` if both, ``partly_supported``
    if one, ``contradicted`` if neither. "The West" is the United States here: TSS codes no
    rivalry of Iran with a European state. The forecast of an "imminent collision" is another
    claim, not testable (``imminent_collision``).

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"conflict_id": [1, 1], "year": [2022, 2023], "gwno_a": [630, 630],
    ...                   "gwno_b": [666, 666], "gwno_b_2nd": [None, 2],
    ...                   "intensity_level": [1, 1], "type_of_conflict": ["interstate"] * 2})
    >>> r = pd.DataFrame({"ccode1": [630, 2], "ccode2": [666, 630], "first_year": [1979, 1982],
    ...                   "last_year": [2020, 2020]})
    >>> f = assess_continuing_tensions(u, r)
    >>> f.verdict, f.numbers["years"], f.numbers["us_years"]
    ('supported', '2022–2023', '2023')
    """
    inter = ucdp[(ucdp["type_of_conflict"].astype(str) == "interstate") & (ucdp["year"] <= end)]
    both = inter[
        _with(inter, iran, ("gwno_a", "gwno_b")) & _with(inter, israel, ("gwno_a", "gwno_b"))
    ]
    us_in = both[_with(both, us, ("gwno_a_2nd", "gwno_b_2nd"))]
    last_riv = int(rivalries["last_year"].max()) if len(rivalries) else None

    def rivalry(x: int) -> str:
        r = rivalries[_pair_mask(rivalries, iran, x)]
        return f"{int(r['first_year'].min())}–{int(r['last_year'].max())}" if len(r) else "—"

    def ongoing(x: int) -> bool:
        r = rivalries[_pair_mask(rivalries, iran, x)]
        return bool(len(r)) and int(r["last_year"].max()) == last_riv

    numbers = {
        "years": _spans(both["year"].unique()),
        "intensity": int(both["intensity_level"].max()) if len(both) else "—",
        "us_years": _spans(us_in["year"].unique()),
        "israel_rivalry": rivalry(israel),
        "us_rivalry": rivalry(us),
        "end": end,
    }
    legs = int(bool((both["year"] == end).any())) + int(ongoing(israel) and ongoing(us))
    return Finding(_three(legs), numbers)


def assess_iran_intervention(
    ucdp: pd.DataFrame,
    states: Mapping[str, int] | None = None,
    iran: int = 630,
    claimed: int = 2012,
    end: int = LAST_YEAR_BEFORE_ARTICLE,
) -> Finding:
    """Iran's military intervention in Syria (from 2012) and Yemen, besides Iraq (passage 28).

    Test: UCDP records Iran as a warring party (primary or secondary, on either side) in an
    armed conflict over the government or territory of each state of ``states`` (Gleditsch-Ward
    numbers; default Syria, Yemen, Iraq), up to ``end``. ``supported`` if in all of them,
    ``partly_supported`` if in some, ``contradicted`` in none. The first Syrian year is set
    beside the article's 2012. UCDP codes troops in combat, not advisers, arms or armed
    partners, which no bundled dataset records.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"conflict_id": [299, 299], "year": [2015, 2016], "gwno_a": [652, 652],
    ...                   "gwno_a_2nd": [630, 630], "gwno_b": [None, None],
    ...                   "gwno_b_2nd": [None, None], "type_of_conflict": ["II", "II"]})
    >>> f = assess_iran_intervention(u)
    >>> f.verdict, f.numbers["SYR"], f.numbers["YEM"], f.numbers["first_syria"]
    ('partly_supported', '2015–2016', '—', 2015)
    """
    states = dict(states or {"SYR": 652, "YEM": 678, "IRQ": 645})
    u = ucdp[ucdp["year"] <= end]
    party = _with(u, iran, ("gwno_a_2nd", "gwno_b", "gwno_b_2nd"))
    numbers: dict[str, Any] = {"claimed": claimed, "end": end}
    found = 0
    for name, gw in states.items():
        here = u[party & (u["gwno_a"] == gw)]
        numbers[name] = _spans(here["year"].unique())
        found += bool(len(here))
    syria = u[party & (u["gwno_a"] == states.get("SYR", 652))]
    numbers["first_syria"] = int(syria["year"].min()) if len(syria) else "—"
    return Finding(_share_verdict(found, len(states)), numbers)


def assess_principal_challenge(
    dyad_years: pd.DataFrame,
    gcc: Mapping[str, int] = GCC_CODES,
    iran: int = 630,
    since: int = 1979,
    participants: str = "all",
) -> Finding:
    """Iran is the Gulf states' principal challenge (passages 22, 24).

    Test, on GML MIDs (to 2010): the GCC states' opponents in militarised disputes since
    ``since``, counted as distinct disputes. ``supported`` if Iran is their most frequent
    opponent, ``partly_supported`` if it is second, ``contradicted`` otherwise. MIDs are acts of
    states; the armed partners and interference the passages also name are not in them, and
    nothing after 2010 is.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"dispnum": [1, 1, 2, 3], "ccode1": [670, 696, 690, 670],
    ...                   "ccode2": [630, 630, 645, 630], "year": [1987, 1987, 1990, 1988]})
    >>> f = assess_principal_challenge(d)
    >>> f.verdict, f.numbers["iran"], f.numbers["top"]
    ('supported', 2, 'IRN 2; IRQ 1')
    """
    d = _participants(dyad_years, participants)
    codes = {int(c) for c in gcc.values()}
    d = d[d["year"] >= since]
    sub = pd.concat(
        [
            d.loc[d["ccode1"].isin(codes) & ~d["ccode2"].isin(codes), ["dispnum", "ccode2"]]
            .rename(columns={"ccode2": "opponent"}),
            d.loc[d["ccode2"].isin(codes) & ~d["ccode1"].isin(codes), ["dispnum", "ccode1"]]
            .rename(columns={"ccode1": "opponent"}),
        ]
    )  # fmt: skip
    counts = (
        sub.groupby("opponent")["dispnum"].nunique().sort_values(ascending=False, kind="stable")
    )
    n_iran = int(counts.get(iran, 0))
    rank = int((counts > n_iran).sum()) + 1 if n_iran else None
    numbers = {
        "since": since,
        "total": int(sub["dispnum"].nunique()),
        "iran": n_iran,
        "top": "; ".join(f"{_name(c)} {int(n)}" for c, n in counts.head(3).items()) or "—",
    }
    if rank == 1:
        return Finding("supported", numbers)
    return Finding("partly_supported" if rank == 2 else "contradicted", numbers)


def assess_arab_rift(
    rivalries: pd.DataFrame,
    arab: Iterable[int] = ARAB_LEAGUE_CODES,
    gcc: Mapping[str, int] = GCC_CODES,
    since: int = 2011,
) -> Finding:
    """The conflicts "created a rift in relations among the region's states, especially the Arab
    ones" (passage 30).

    Test, on TSS strategic rivalries (one row per rivalry, ``ccode1, ccode2, start``): the
    rivalries begun in ``since`` or later, those between two Arab states, and those inside the
    GCC. ``supported`` if at least one began between Arab states, ``partly_supported`` if new
    rivalries began only with non-Arab states, ``contradicted`` if none began.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"ccode1": [694, 630, 645], "ccode2": [696, 640, 690],
    ...                   "start": [2011, 2011, 1961]})
    >>> f = assess_arab_rift(r)
    >>> f.verdict, f.numbers["n_new"], f.numbers["n_arab"], f.numbers["gcc_pairs"]
    ('supported', 2, 1, 'QAT–ARE 2011')
    """
    arab, codes = {int(c) for c in arab}, {int(c) for c in gcc.values()}
    new = rivalries[rivalries["start"] >= since]
    is_arab = new["ccode1"].isin(arab) & new["ccode2"].isin(arab)
    in_gcc = new["ccode1"].isin(codes) & new["ccode2"].isin(codes)

    def pairs(df: pd.DataFrame) -> str:
        return (
            "; ".join(
                f"{_name(a)}–{_name(b)} {int(s)}"
                for a, b, s in zip(df["ccode1"], df["ccode2"], df["start"], strict=True)
            )
            or "—"
        )

    numbers = {
        "since": since,
        "n_new": int(len(new)),
        "n_arab": int(is_arab.sum()),
        "gcc_pairs": pairs(new[in_gcc]),
    }
    if is_arab.any():
        return Finding("supported", numbers)
    return Finding("partly_supported" if len(new) else "contradicted", numbers)


def assess_us_greatest_power(
    values: pd.DataFrame,
    us: str = "USA",
    year: int | None = None,
) -> Finding:
    """The United States "remains the greatest power in the world" (passage 44).

    Test: in ``year`` (default the last year with data), the United States has the largest
    value of ``values`` (one column per power: COW's world CINC, or military expenditure).
    ``supported`` if it does, ``contradicted`` otherwise. Which measure stands for "power" decides it: the composite CINC weighs
    population and industry, expenditure weighs what a state spends on its forces.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"USA": [0.12], "CHN": [0.23], "RUS": [0.04]}, index=[2022])
    >>> f = assess_us_greatest_power(v)
    >>> f.verdict, f.numbers["ranking"]
    ('contradicted', 'CHN 0.230; USA 0.120; RUS 0.040')
    """
    v = values.dropna(how="all")
    y = int(v.index.max()) if year is None else int(year)
    row = v.loc[y].dropna().sort_values(ascending=False)
    digits = 3 if row.max() < 1 else 1
    numbers = {
        "year": y,
        "ranking": "; ".join(f"{k} {x:.{digits}f}" for k, x in row.items()),
        "ratio": _fmt(float(row[us] / row.drop(us).max())) if us in row and len(row) > 1 else "—",
    }
    if us not in row:
        return Finding("not_testable", numbers)
    return Finding("supported" if row.index[0] == us else "contradicted", numbers)


# --------------------------------------------------------------------------- the registry
def _years(option: str) -> tuple[int, int]:
    a, b = option.split("–")
    return int(a), int(b)


def _a_counterweight(i: Mapping[str, Any], s: Mapping[str, Any]) -> Finding:
    return assess_counterweight(
        i["ratios"][s["measure"]]["IRN/IRQ"], band=_band(s["band"]), reading=s["reading"]
    )


def _a_faded(i: Mapping[str, Any], s: Mapping[str, Any]) -> Finding:
    before, after = (_years(w.strip()) for w in s["windows"].split("→"))
    return assess_counterweight_faded(
        i["ratios"][s["measure"]]["IRN/IRQ"], before=before, after=after, band=_band(s["band"])
    )


def _a_tilt(i: Mapping[str, Any], s: Mapping[str, Any]) -> Finding:
    r = i["ratios"][s["measure"]]
    return assess_tilt_to_iran(
        r["IRN/IRQ"],
        r["IRN/GCC"],
        after=(2003, i["last_nmc_year"]),
        band=_band(s["band"]),
        iraq_gap=i["iraq_milex_missing"],
        drop_gap=s["iraq_milex_gap"] == "dropped",
    )


def _a_arms(i: Mapping[str, Any], s: Mapping[str, Any]) -> Finding:
    spells = i["buildups"][s["rule"]]
    if s["states"] == "rivals":
        spells = {k: v for k, v in spells.items() if k in i["iran_rivals"]}
    return assess_arms_race(i["ext"].grh_arms_races, spells, since=int(s["since"]))


_ADAPTERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], Finding]] = {
    "system_formed": lambda i, s: assess_system_formed(
        i["ext"].cow_states, i["littoral_codes"], by=_years(s["window"])
    ),
    "three_wars": lambda i, s: assess_three_wars(i["ext"].cow_war_inter, i["littoral_codes"]),
    "iraq_counterweight": _a_counterweight,
    "counterweight_faded": _a_faded,
    "historical_disputes": lambda i, s: assess_named_disputes(
        i["ext"].gml_mid_dyad_years,
        i["rivalries"],
        participants=s["participants"],
        reading=s["reading"],
        min_gcc=int(s["gcc_states"]),
    ),
    "iraq_kuwait_demarcated": lambda i, s: assess_iraq_kuwait_after_demarcation(
        i["ext"].gml_mid_dyad_years,
        i["rivalries"],
        participants=s["participants"],
        count=s["count"],
    ),  # fmt: skip
    "arms_race": _a_arms,
    "us_counterweight": lambda i, s: assess_us_counterweight(
        i["mids"][s["participants"]], i["rivalries"]
    ),
    "iraq_civil_war": lambda i, s: assess_iraq_internal_war(
        threats.conflict_years(i["ext"].ucdp_acd, i["war_states"], 2003, int(s["end"]))
    ),
    "no_shared_system": lambda i, s: assess_no_shared_system(
        i["ext"].atop_ddyr,
        i["littoral_codes_by_id"],
        year=i["atop_year"],
        reading=s["obligations"],
    ),  # fmt: skip
    "continuing_tensions": lambda i, s: assess_continuing_tensions(
        i["ext"].ucdp_acd, i["rivalries"], end=int(s["end"])
    ),
    "principal_challenge": lambda i, s: assess_principal_challenge(
        i["ext"].gml_mid_dyad_years, since=int(s["since"]), participants=s["participants"]
    ),
    "tilt_to_iran": _a_tilt,
    "islands_1971": lambda i, s: assess_islands_since_1971(
        i["rivalries"], i["mids"]["all"], revtype=s["revtype"] == "with"
    ),
    "iran_intervention": lambda i, s: assess_iran_intervention(
        i["ext"].ucdp_acd, end=int(s["end"])
    ),
    "arab_rift": lambda i, s: assess_arab_rift(i["ext"].tss_rivalries),
    "conflicts_declined": lambda i, s: assess_regional_conflicts_declined(
        i["intensity"],
        recent=_years(s["window"])[1] - _years(s["window"])[0] + 1,
        end=_years(s["window"])[1],
    ),
    "yemen_2015": lambda i, s: assess_yemen_2015(i["ext"].ucdp_acd),
    "gcc_collective_defence": lambda i, s: assess_gcc_collective_defence(
        i["obligations"], year=i["atop_year"], reading=s["obligations"]
    ),
    "single_ally": lambda i, s: assess_single_ally(
        i["obligations"], year=i["atop_year"], reading=s["obligations"]
    ),
    "china_russia": lambda i, s: assess_china_russia_ties(
        i["obligations"], year=i["atop_year"], reading=s["obligations"]
    ),
    "us_greatest_power": lambda i, s: assess_us_greatest_power(i["great_powers"][s["measure"]]),
}

_MEASURE = ("world_cinc", "gulf_cinc", "gulf_military")
_BANDS = ("0.25", "0.1", "0.5")
_MIDS = MID_PARTICIPANTS
_END = (str(LAST_YEAR_BEFORE_ARTICLE), str(LAST_YEAR_BEFORE_ARTICLE + 1))

#: The ledger: the article's claims in the order of the text, then those the data cannot reach.
CLAIMS: tuple[Claim, ...] = (
    Claim("system_formed", (11,), ("cow_states",), _ADAPTERS["system_formed"],
          {"window": ("1970–1972", "1970–1971", "1970–1974")}),
    Claim("three_wars", (11,), ("cow_war_inter",), _ADAPTERS["three_wars"]),
    Claim("iraq_counterweight", (12, 14), ("cow_nmc",), _ADAPTERS["iraq_counterweight"],
          {"measure": _MEASURE, "reading": ("not_preponderant", "parity"),
           "band": (*_BANDS, "3:1")}),
    Claim("counterweight_faded", (14,), ("cow_nmc",), _ADAPTERS["counterweight_faded"],
          {"measure": _MEASURE, "band": _BANDS,
           "windows": ("1980–1989 → 1992–2002", "1985–1989 → 1992–1996")}),
    Claim("historical_disputes", (15,), ("gml_mid_dyad_years", "tss_rivalries"),
          _ADAPTERS["historical_disputes"],
          {"reading": ("issues", "any"), "gcc_states": ("2", "1"), "participants": _MIDS}),
    Claim("iraq_kuwait_demarcated", (15,), ("gml_mid_dyad_years", "tss_rivalries"),
          _ADAPTERS["iraq_kuwait_demarcated"],
          {"participants": _MIDS, "count": ("ongoing", "begun")}),
    Claim("arms_race", (16,), ("grh_arms_races", "cow_nmc", "tss_rivalries"),
          _ADAPTERS["arms_race"],
          {"rule": ("each_year", "compound"), "states": ("rivals", "all"),
           "since": ("1992", "2003")}),
    Claim("us_counterweight", (17,), ("gml_mid_dyad_years", "tss_rivalries"),
          _ADAPTERS["us_counterweight"], {"participants": _MIDS}),
    Claim("iraq_civil_war", (18,), ("ucdp_acd",), _ADAPTERS["iraq_civil_war"], {"end": _END}),
    Claim("no_shared_system", (12, 19), ("atop_ddyr",), _ADAPTERS["no_shared_system"],
          {"obligations": OBLIGATION_READINGS}),
    Claim("continuing_tensions", (20,), ("ucdp_acd", "tss_rivalries"),
          _ADAPTERS["continuing_tensions"], {"end": _END}),
    Claim("principal_challenge", (22, 24), ("gml_mid_dyad_years",),
          _ADAPTERS["principal_challenge"], {"since": ("1979", "1992"), "participants": _MIDS}),
    Claim("tilt_to_iran", (26, 27), ("cow_nmc",), _ADAPTERS["tilt_to_iran"],
          {"measure": ("gulf_military", "world_cinc", "gulf_cinc"), "band": _BANDS,
           "iraq_milex_gap": ("kept", "dropped")}),
    Claim("islands_1971", (27,), ("tss_rivalries", "gml_mid_dyad_years"),
          _ADAPTERS["islands_1971"], {"revtype": ("with", "without")}),
    Claim("iran_intervention", (28,), ("ucdp_acd",), _ADAPTERS["iran_intervention"],
          {"end": _END}),
    Claim("arab_rift", (30,), ("tss_rivalries",), _ADAPTERS["arab_rift"]),
    Claim("conflicts_declined", (31,), ("ucdp_acd",), _ADAPTERS["conflicts_declined"],
          {"window": ("2021–2023", "2022–2024", "2022–2023")}),
    Claim("yemen_2015", (33,), ("ucdp_acd",), _ADAPTERS["yemen_2015"]),
    Claim("single_ally", (40, 44, 45), ("atop_ddyr",), _ADAPTERS["single_ally"],
          {"obligations": OBLIGATION_READINGS}),
    Claim("gcc_collective_defence", (42, 45), ("atop_ddyr",),
          _ADAPTERS["gcc_collective_defence"], {"obligations": OBLIGATION_READINGS}),
    Claim("china_russia", (44,), ("atop_ddyr",), _ADAPTERS["china_russia"],
          {"obligations": ("any", "defense")}),
    Claim("us_greatest_power", (44,), ("cow_nmc",), _ADAPTERS["us_greatest_power"],
          {"measure": ("world_cinc", "milex")}),
    Claim("imminent_collision", (20,), (), None),
    Claim("us_commitment_doubts", (21, 44, 45), (), None),
    Claim("iran_nonconventional_arms", (26, 28), (), None),
    Claim("sectarian_mobilisation", (25, 27), (), None),
    Claim("iran_hegemonic_intent", (27, 28), (), None),
    Claim("terrorism_trend", (34, 38), (), None),
    Claim("online_radicalisation", (39,), (), None),
)  # fmt: skip


def claim(claim_id: str) -> Claim:
    """The claim ``claim_id`` of :data:`CLAIMS`.

    Examples
    --------
    >>> claim("three_wars").passages
    (11,)
    >>> claim("iraq_counterweight").convention["measure"]
    'world_cinc'
    """
    for c in CLAIMS:
        if c.claim_id == claim_id:
            return c
    raise ValueError(
        f"parameter 'claim_id' must be one of {[c.claim_id for c in CLAIMS]}, got {claim_id!r}"
    )


def prepare_inputs(ds: Dataset, ext: External, nmc: pd.DataFrame | None = None) -> dict[str, Any]:
    """Everything the assessments read, computed once from the data package and the extracts.

    Pass the result to :func:`ledger` and :func:`specification_grids` (``inputs=``) to compute
    it once for both.

    Examples
    --------
    >>> import gulfsec
    >>> inputs = prepare_inputs(gulfsec.load(), gulfsec.load_external())   # doctest: +SKIP
    >>> inputs["atop_year"]                                                 # doctest: +SKIP
    2018
    """
    nmc = ext.cow_nmc if nmc is None else nmc
    actors = ds.actors
    system = power.gulf_system(actors)
    last = int(nmc["year"].max())
    years = range(1971, last + 1)
    shares = {
        "world_cinc": power.system_shares(nmc, system, years, "world"),
        "gulf_cinc": power.system_shares(nmc, system, years, "gulf"),
        "gulf_military": power.military_shares(nmc, system, years),
    }
    gcc = [a for a in system if a not in ("IRN", "IRQ")]
    milex = power.military_expenditure(nmc, system, years)
    iraq = milex["IRQ"]
    buildups = {
        "compound": {s: power.mutual_buildups(milex, "IRN", s) for s in gcc},
        "each_year": {},
    }
    for s in gcc:
        b = power.mutual_buildups(milex, "IRN", s, rate=0.08, window=1)
        buildups["each_year"][s] = b[b["years"] >= 3].reset_index(drop=True)
    rivalries = networks.rivalry_record(ext.tss_rivalries)
    iran_rivals = [s for s in gcc if _pair_mask(rivalries, 630, system[s]).any()]
    d = ext.gml_mid_dyad_years
    mids = {p: networks.mid_dyads(_participants(d, p)) for p in MID_PARTICIPANTS}
    states = {a: int(c) for a, c in actors["cow_code"].dropna().items()}
    atop_states = {a: states[a] for a in [*system, *OUTSIDE_POWERS] if a in states}
    atop_year = int(ext.atop_ddyr["year"].max())
    great = dict(OUTSIDE_POWERS)
    great = {k: great[k] for k in ("USA", "CHN", "RUS")}
    war_states = {s: threats.gw_code(states[s]) for s in ("YEM", "SYR", "LBY", "IRQ")}
    ucdp_last = int(ext.ucdp_acd["year"].max())
    return {
        "ext": ext,
        "ratios": {k: power.gulf_ratios(v.dropna(how="all"), actors) for k, v in shares.items()},
        "last_nmc_year": last,
        "iraq_milex_missing": [int(y) for y in iraq.index[iraq.isna()]],
        "buildups": buildups,
        "iran_rivals": iran_rivals,
        "mids": mids,
        "rivalries": rivalries,
        "littoral_codes": list(system.values()),
        "littoral_codes_by_id": dict(system),
        "obligations": alliances.atop_obligations(ext.atop_ddyr, atop_states, atop_year),
        "atop_year": atop_year,
        "war_states": war_states,
        "intensity": threats.conflict_intensity(ext.ucdp_acd, war_states, 2011, ucdp_last),
        "great_powers": {
            "world_cinc": power.world_cinc(nmc, great),
            "milex": power.military_expenditure(nmc, great) / 1e6,  # billions of current US$
        },
    }


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
