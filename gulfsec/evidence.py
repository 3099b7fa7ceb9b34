"""The article's testable claims against published data: a ledger of claims, tests and verdicts.

The article argues from history and observation but cites no data. This module states, for each
of its claims that published data can reach, which passages make it, which dataset and test
check it, and what the test finds; and, for the claims the data cannot reach, why not. It is
a *registry* (:data:`CLAIMS`, one :class:`Claim` per claim) of pure *assessment* functions
(``assess_*``: plain pandas in, a :class:`Finding` out, each with its own hand-checkable
tests), and one adapter, :func:`ledger`, that feeds them from the article's data package and
the bundled extracts of published datasets (:func:`gulfsec.load_external`).

Verdicts (:data:`VERDICTS`)
    ``supported`` (the data show what the claim says), ``partly_supported`` (some of it, or
    under one reading), ``contradicted`` (the data show otherwise, under the test's stated
    assumptions), ``not_testable`` (these data cannot reach the claim).

A verdict is only as good as its test: every claim states the assumptions that would change
it (a parity band, a window of years, a system of states, the reading of a word such as
"alliance"), in the label ``evidence.change.<claim_id>``; the texts of the ledger (claim, test,
finding, what would change it) live in ``gulfsec/labels/evidence.csv`` in English and Arabic.
Every number of a finding is computed, none is typed in.

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

from gulfsec import alliances, networks, power, threats
from gulfsec._validate import check_choice

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import Dataset
    from gulfsec.external import External

__all__ = [
    "CLAIMS",
    "VERDICTS",
    "Claim",
    "Finding",
    "assess_arms_race",
    "assess_china_russia_ties",
    "assess_counterweight",
    "assess_counterweight_faded",
    "assess_iraq_internal_war",
    "assess_iraq_kuwait_after_demarcation",
    "assess_islands_since_1971",
    "assess_named_disputes",
    "assess_regional_conflicts_declined",
    "assess_single_ally",
    "assess_system_formed",
    "assess_three_wars",
    "assess_tilt_to_iran",
    "assess_us_counterweight",
    "assess_yemen_2015",
    "check_params",
    "claim",
    "geometric_mean",
    "ledger",
    "validate_parameters",
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
#: Bounds of the parity band (shared with notebook 01's parameters check).
PARITY_BAND_RANGE: tuple[float, float] = power.PARITY_BAND_RANGE


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
        the numbers) and ``evidence.change.<id>`` (what would change the verdict); for a claim
        the data cannot reach, ``evidence.why.<id>``.
    passages : tuple of int
        The article's lines that make the claim.
    datasets : tuple of str
        Names of the extracts the test uses (:data:`gulfsec.external.EXTERNAL_NAMES`).
    assess : callable or None
        The test, ``assess(inputs, options) -> Finding`` on the inputs of :func:`ledger`;
        None when these data cannot test the claim.
    """

    claim_id: str
    passages: tuple[int, ...]
    datasets: tuple[str, ...]
    assess: Callable[[Mapping[str, Any], Mapping[str, Any]], Finding] | None


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


def _fmt(x: float, digits: int = 2) -> str:
    return "—" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


#: Labels of the littoral states' COW numbers in the ledger's findings.
_LITTORAL_IDS: dict[int, str] = {630: "IRN", 645: "IRQ", **{v: k for k, v in GCC_CODES.items()}}


def _years_text(years: Iterable[int]) -> str:
    ys = [str(int(y)) for y in years]
    return ", ".join(ys) if ys else "—"


def check_params(parity_band: Any, cinc_system: Any) -> dict[str, Any]:
    """Check the ledger's options; return them normalised.

    Examples
    --------
    >>> check_params(0.25, "gulf")
    {'parity_band': 0.25, 'cinc_system': 'gulf'}
    >>> check_params(5, "gulf")
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


# --------------------------------------------------------------------------- the assessments
def assess_counterweight(
    ratio: pd.Series,
    periods: Sequence[tuple[int, int]] = ((1971, 1979), (1980, 1989)),
    band: float = 0.25,
) -> Finding:
    """Iraq as Iran's counterweight: is the Iran/Iraq capability ratio at parity, period by period?

    Test: the geometric mean of the ratio over each period lies within the parity band
    ``[1/(1+band), 1+band]``. ``supported`` if it does in every period, ``partly_supported``
    in some, ``contradicted`` in none (``not_testable`` without data).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.Series([3.0, 3.0, 1.1], index=[1975, 1976, 1985])
    >>> f = assess_counterweight(r)
    >>> f.verdict, f.numbers["ratio_1"], f.numbers["ratio_2"]
    ('partly_supported', '3.00', '1.10')
    """
    gms = [geometric_mean(ratio, s, e) for s, e in periods]
    sides = [_side(g, band) for g, _ in gms]
    first, last = periods[0][0], periods[-1][1]
    window = ratio[(ratio.index >= first) & (ratio.index <= last)].dropna()
    lead_years = [int(y) for y, v in window.items() if v < 1]
    numbers = {
        **{f"ratio_{i}": _fmt(g) for i, (g, _) in enumerate(gms, start=1)},
        **{f"period_{i}": f"{s}–{e}" for i, (s, e) in enumerate(periods, start=1)},
        "band": f"{band:g}",
        "lead_years": _years_text(lead_years),
        "n_lead": len(lead_years),
        "n_years": int(window.size),
    }
    if all(s == "no_data" for s in sides):
        return Finding("not_testable", numbers)
    n_par = sum(s == "parity" for s in sides)
    verdict = (
        "supported" if n_par == len(sides) else "partly_supported" if n_par else "contradicted"
    )
    return Finding(verdict, numbers)


def assess_counterweight_faded(
    ratio: pd.Series,
    before: tuple[int, int] = (1980, 1989),
    after: tuple[int, int] = (1992, 2002),
    band: float = 0.25,
) -> Finding:
    """Iraqi power faded after the second Gulf war: did Iran's lead over Iraq widen?

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
        "band": f"{band:g}",
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
) -> Finding:
    """After 2003 the military balance tilted to Iran: does Iran lead Iraq and the GCC?

    Test, on military capability ratios (expenditure and personnel): ``supported`` when after
    2003 Iran leads both Iraq and the six GCC states together beyond the parity band;
    ``partly_supported`` when it leads one of them; ``contradicted`` when neither.

    Examples
    --------
    >>> import pandas as pd
    >>> f = assess_tilt_to_iran(pd.Series([2.0], index=[2010]), pd.Series([0.5], index=[2010]))
    >>> f.verdict, f.numbers["iran_iraq_after"], f.numbers["iran_gcc_after"]
    ('partly_supported', '2.00', '0.50')
    """
    ii_b, _ = geometric_mean(iran_iraq, *before)
    ii_a, _ = geometric_mean(iran_iraq, *after)
    ig_b, _ = geometric_mean(iran_gcc, *before)
    ig_a, _ = geometric_mean(iran_gcc, *after)
    numbers = {
        "iran_iraq_before": _fmt(ii_b),
        "iran_iraq_after": _fmt(ii_a),
        "iran_gcc_before": _fmt(ig_b),
        "iran_gcc_after": _fmt(ig_a),
        "period_before": f"{before[0]}–{before[1]}",
        "period_after": f"{after[0]}–{after[1]}",
        "band": f"{band:g}",
    }
    sides = [_side(ii_a, band), _side(ig_a, band)]
    if all(s == "no_data" for s in sides):
        return Finding("not_testable", numbers)
    leads = sum(s == "first" for s in sides)
    return Finding(("contradicted", "partly_supported", "supported")[leads], numbers)


def assess_arms_race(
    races: pd.DataFrame,
    buildups: Mapping[str, pd.DataFrame],
    iran: int = 630,
    gcc: Mapping[str, int] = GCC_CODES,
    since: int = 1992,
) -> Finding:
    """An undeclared arms race between Iran and some GCC states (passage 16).

    Test, two parts: (1) the Gibler-Rider-Hutchison list of arms races: races between Iran
    and a GCC state; (2) military expenditure: the GCC states with at least one mutual
    build-up with Iran since ``since`` (:func:`gulfsec.power.mutual_buildups`, one table per
    state in ``buildups``). ``supported`` if both parts find one; ``partly_supported`` if one
    does; ``contradicted`` if neither.

    Examples
    --------
    >>> import pandas as pd
    >>> races = pd.DataFrame({"ccode1": [630], "ccode2": [645], "styear": [1973], "endyear": [1978]})
    >>> b = {"SAU": pd.DataFrame({"start_year": [2005], "end_year": [2008]}),
    ...      "KWT": pd.DataFrame({"start_year": [], "end_year": []})}
    >>> f = assess_arms_race(races, b)
    >>> f.verdict, f.numbers["n_races"], f.numbers["states"]
    ('partly_supported', 0, 'SAU (2005–2008)')
    >>> f.numbers["gulf_races"]
    'IRN–IRQ 1973–1978'
    """
    codes = set(gcc.values())
    pairs = [
        (int(r.ccode1), int(r.ccode2), int(r.styear), int(r.endyear))
        for r in races.itertuples(index=False)
    ]
    with_iran = [p for p in pairs if iran in p[:2] and (set(p[:2]) - {iran}) & codes]
    littoral = {iran, 645} | codes
    gulf_races = [p for p in pairs if set(p[:2]) <= littoral]
    found = {}
    for state, spells in buildups.items():
        s = spells[spells["end_year"] >= since] if len(spells) else spells
        if len(s):
            found[state] = [
                (int(a), int(b)) for a, b in zip(s["start_year"], s["end_year"], strict=True)
            ]
    numbers = {
        "n_races": len(with_iran),
        "n_gulf_races": len(gulf_races),
        "gulf_races": "; ".join(
            f"{_LITTORAL_IDS.get(a, a)}–{_LITTORAL_IDS.get(b, b)} {_span(s, e)}"
            for a, b, s, e in gulf_races
        )
        or "—",
        "n_states": len(found),
        "states": "; ".join(
            f"{k} (" + ", ".join(_span(a, b) for a, b in v) + ")" for k, v in found.items()
        )
        or "—",
        "since": since,
    }
    parts = int(bool(with_iran)) + int(bool(found))
    return Finding(("contradicted", "partly_supported", "supported")[parts], numbers)


def assess_named_disputes(evidence: pd.DataFrame, gcc: Iterable[str] = tuple(GCC_CODES)) -> Finding:
    """Historical disputes between Iran and Iraq, Iran and GCC states, Iraq and Kuwait (15).

    Test: each of the three relations of passage 15 has MIDs and a strategic rivalry in the
    published record (for "Iran and a number of GCC states": at least one GCC state).
    ``supported`` if all three have both, ``partly_supported`` if each has at least one of
    the two, ``contradicted`` otherwise. The MIDs' territorial share is reported because the
    passage names water, borders, oil areas and sovereignty.

    Parameters
    ----------
    evidence : pandas.DataFrame
        :func:`gulfsec.networks.dispute_evidence` of every pair of Iran or Iraq with the
        littoral states (``side_a``, ``side_b``, ``disputes``, ``territorial``,
        ``rivalry_types``).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"side_a": ["IRN", "IRN", "IRQ"], "side_b": ["IRQ", "SAU", "KWT"],
    ...                    "disputes": [28, 7, 15], "territorial": [7, 0, 9],
    ...                    "rivalry_types": [("spatial",), ("positional",), ("spatial",)]})
    >>> assess_named_disputes(ev).verdict
    'supported'
    """
    gcc = set(gcc)

    def rel(mask: pd.Series) -> tuple[int, int, int, int]:
        sub = evidence[mask]
        return (
            int(sub["disputes"].sum()),
            int(sub["territorial"].sum()),
            int((sub["disputes"] > 0).sum()),
            int(sub["rivalry_types"].map(bool).sum()),
        )

    pair = evidence[["side_a", "side_b"]].apply(frozenset, axis=1)
    iran_iraq = rel(pair == frozenset({"IRN", "IRQ"}))
    iran_gcc = rel(pair.map(lambda p: "IRN" in p and bool(p & gcc)))
    iraq_kwt = rel(pair == frozenset({"IRQ", "KWT"}))
    numbers = {
        "iran_iraq": iran_iraq[0],
        "iran_iraq_terr": iran_iraq[1],
        "iran_gcc": iran_gcc[0],
        "iran_gcc_terr": iran_gcc[1],
        "iran_gcc_states": iran_gcc[2],
        "iran_gcc_rivals": iran_gcc[3],
        "iraq_kuwait": iraq_kwt[0],
        "iraq_kuwait_terr": iraq_kwt[1],
    }
    both = [r[0] > 0 and r[3] > 0 for r in (iran_iraq, iran_gcc, iraq_kwt)]
    some = [r[0] > 0 or r[3] > 0 for r in (iran_iraq, iran_gcc, iraq_kwt)]
    verdict = "supported" if all(both) else "partly_supported" if all(some) else "contradicted"
    return Finding(verdict, numbers)


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


def assess_iraq_kuwait_after_demarcation(
    mids: pd.DataFrame,
    rivalries: pd.DataFrame,
    demarcation: int = 1993,
    pair: tuple[int, int] = (645, 690),
) -> Finding:
    """Iraq-Kuwait disputes persist despite the demarcation of their border (passage 15).

    Test: after ``demarcation`` (UN Security Council resolution 833, 1993, the external fact
    of the ``disputes`` row) the pair has MIDs (GML, to 2010) and its strategic rivalry goes on
    (TSS, to 2020). ``supported`` if both, ``partly_supported`` if one, ``contradicted`` if
    neither.

    Parameters
    ----------
    mids : pandas.DataFrame
        The GML dyad-years (``dispnum, ccode1, ccode2, year``).
    rivalries : pandas.DataFrame
        :func:`gulfsec.networks.rivalry_record`.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"dispnum": [1, 2], "ccode1": [645, 690], "ccode2": [690, 645],
    ...                   "year": [1990, 1994]})
    >>> r = pd.DataFrame({"ccode1": [645], "ccode2": [690], "last_year": [2020],
    ...                   "first_year": [1961]})
    >>> assess_iraq_kuwait_after_demarcation(m, r).verdict
    'supported'
    """
    a, b = sorted(pair)
    m = mids[
        ((mids["ccode1"] == a) & (mids["ccode2"] == b))
        | ((mids["ccode1"] == b) & (mids["ccode2"] == a))
    ]
    after = m[m["year"] > demarcation]
    r = rivalries[(rivalries["ccode1"] == a) & (rivalries["ccode2"] == b)]
    riv_last = int(r["last_year"].max()) if len(r) else None
    numbers = {
        "demarcation": demarcation,
        "mids_after": int(after["dispnum"].nunique()),
        "mid_years": _years_text(sorted(after["year"].unique())),
        "rivalry": f"{int(r['first_year'].min())}–{riv_last}" if len(r) else "—",
    }
    parts = int(numbers["mids_after"] > 0) + int(riv_last is not None and riv_last > demarcation)
    return Finding(("contradicted", "partly_supported", "supported")[parts], numbers)


def assess_islands_since_1971(
    rivalries: pd.DataFrame,
    mids: pd.DataFrame,
    pair: tuple[int, int] = (630, 696),
    year: int = 1971,
) -> Finding:
    """The islands dispute between Iran and the UAE dates from 1971 (passage 27).

    Test (of the date and the dispute, not of sovereignty, which no dataset decides): the
    pair's strategic rivalry is spatial (over territory) and starts in ``year``, and the pair
    has MIDs over territory. ``supported`` if both, ``partly_supported`` if one,
    ``contradicted`` if neither.

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
    >>> m = pd.DataFrame({"ccode1": [630], "ccode2": [696], "disputes": [6], "territorial": [2],
    ...                   "first_year": [1972], "last_year": [2004]})
    >>> assess_islands_since_1971(r, m).verdict
    'supported'
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
    parts = int(spatial and start == year) + int(terr > 0)
    return Finding(("contradicted", "partly_supported", "supported")[parts], numbers)


def assess_us_counterweight(
    mids: pd.DataFrame,
    rivalries: pd.DataFrame,
    obligations: pd.DataFrame,
    gcc: Iterable[str] = tuple(GCC_CODES),
    us: int = 2,
    iran: int = 630,
) -> Finding:
    """The US military presence is meant to balance Iranian power (passage 17).

    Test: the United States is Iran's rival and disputant (TSS rivalry, GML MIDs), and it is
    formally committed to the defence of GCC states (ATOP defence obligations, last year of the
    data). ``supported`` if both, ``partly_supported`` if the first only, ``contradicted`` if
    neither. The presence itself (bases, troops) is not in these data.

    Parameters
    ----------
    mids, rivalries : pandas.DataFrame
        :func:`gulfsec.networks.mid_dyads`, :func:`gulfsec.networks.rivalry_record`.
    obligations : pandas.DataFrame
        :func:`gulfsec.alliances.atop_obligations` (labels as actor ids, ``USA`` for the US).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"ccode1": [2], "ccode2": [630], "disputes": [15], "first_year": [1979],
    ...                   "last_year": [2009]})
    >>> r = pd.DataFrame({"ccode1": [2], "ccode2": [630], "first_year": [1982], "last_year": [2020]})
    >>> ob = pd.DataFrame({"side_a": ["IRQ"], "side_b": ["USA"], "defense": [0], "nonagg": [1]})
    >>> f = assess_us_counterweight(m, r, ob)
    >>> f.verdict, f.numbers["defence_pacts"]
    ('partly_supported', 0)
    """
    a, b = sorted((us, iran))
    m = mids[(mids["ccode1"] == a) & (mids["ccode2"] == b)]
    r = rivalries[(rivalries["ccode1"] == a) & (rivalries["ccode2"] == b)]
    gcc = set(gcc)
    pacts = obligations[
        (obligations["defense"] > 0)
        & (
            ((obligations["side_a"] == "USA") & obligations["side_b"].isin(gcc))
            | ((obligations["side_b"] == "USA") & obligations["side_a"].isin(gcc))
        )
    ]
    n_mids = int(m["disputes"].sum()) if len(m) else 0
    numbers = {
        "mids": n_mids,
        "mid_years": f"{int(m['first_year'].min())}–{int(m['last_year'].max())}" if len(m) else "—",
        "rivalry": f"{int(r['first_year'].min())}–{int(r['last_year'].max())}" if len(r) else "—",
        "defence_pacts": len(pacts),
    }
    rival = n_mids > 0 and len(r) > 0
    if rival and len(pacts):
        return Finding("supported", numbers)
    return Finding("partly_supported" if rival else "contradicted", numbers)


def assess_single_ally(table: pd.DataFrame, ally: str = "USA", year: int = 2018) -> Finding:
    """The GCC states have relied on one ally, the United States (passages 40, 44, 45).

    Test, on formal commitments: the ally is the top partner of the GCC states' ATOP
    obligations with outside powers. ``supported`` if it is, ``partly_supported`` if it has
    some obligation but is not the top partner, ``contradicted`` if ATOP records none with it.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`gulfsec.alliances.formal_and_coded` (index partner; ``formal_members``; the
        ``attrs`` with both concentrations).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"coded_strength": [3.0, 2.0], "formal_members": [0, 3]},
    ...                  index=["USA", "GBR"])
    >>> t.attrs = {"coded": {"top_partner": "USA", "hhi": 0.52},
    ...            "formal": {"top_partner": "GBR", "hhi": 1.0}}
    >>> f = assess_single_ally(t)
    >>> f.verdict, f.numbers["formal_top"]
    ('contradicted', 'GBR')
    """
    formal = table.attrs.get("formal") or {}
    coded = table.attrs.get("coded") or {}
    n_ally = int(table["formal_members"].get(ally, 0))
    others = {p: int(v) for p, v in table["formal_members"].items() if p != ally and v > 0}
    numbers = {
        "year": year,
        "ally_members": n_ally,
        "formal_top": formal.get("top_partner", "—") if formal else "—",
        "formal_hhi": _fmt(formal.get("hhi", float("nan")) if formal else float("nan")),
        "coded_top": coded.get("top_partner", "—") if coded else "—",
        "coded_hhi": _fmt(coded.get("hhi", float("nan")) if coded else float("nan")),
        "others": "; ".join(f"{p}: {v}" for p, v in others.items()) or "—",
    }
    if n_ally == 0:
        return Finding("contradicted", numbers)
    return Finding(
        "supported" if formal.get("top_partner") == ally else "partly_supported", numbers
    )


def assess_china_russia_ties(
    obligations: pd.DataFrame,
    gcc: Iterable[str] = tuple(GCC_CODES),
    partners: Sequence[str] = ("CHN", "RUS"),
    year: int = 2018,
) -> Finding:
    """Ties with China and Russia are still to be built: diversification lies ahead (passage 44).

    Test: fewer than half of the GCC states hold any ATOP obligation with China or Russia in
    the data's last year (the article asks to diversify towards them, which implies that the
    ties are thin today). ``supported`` if fewer than half do, ``contradicted`` otherwise. Iran's
    obligations with the same powers are reported beside them.

    Examples
    --------
    >>> import pandas as pd
    >>> ob = pd.DataFrame({"side_a": ["SAU", "IRN"], "side_b": ["CHN", "RUS"],
    ...                    "defense": [0, 0], "offense": [0, 0], "neutral": [0, 1],
    ...                    "nonagg": [1, 1], "consul": [0, 1]})
    >>> f = assess_china_russia_ties(ob)
    >>> f.verdict, f.numbers["gcc_with"], f.numbers["iran"]
    ('supported', 'CHN: 1; RUS: 0', 'CHN: —; RUS: neutral, nonagg, consul')
    """
    gcc = list(gcc)
    with_any: set[str] = set()
    per = {}
    for p in partners:
        s = alliances.formal_portfolio(obligations, gcc, [p])
        per[p] = int(s.get(p, 0))
        for r in obligations.itertuples(index=False):
            pair = {r.side_a, r.side_b}
            if (
                p in pair
                and pair & set(gcc)
                and any(getattr(r, o) for o in alliances.ATOP_OBLIGATIONS)
            ):
                with_any |= pair & set(gcc)

    def iran_with(p: str) -> str:
        for r in obligations.itertuples(index=False):
            if {r.side_a, r.side_b} == {"IRN", p}:
                held = [o for o in alliances.ATOP_OBLIGATIONS if getattr(r, o)]
                return ", ".join(held) or "—"
        return "—"

    numbers = {
        "year": year,
        "gcc_with": "; ".join(f"{p}: {n}" for p, n in per.items()),
        "n_states": len(with_any),
        "iran": "; ".join(f"{p}: {iran_with(p)}" for p in partners),
    }
    return Finding("supported" if len(with_any) < len(gcc) / 2 else "contradicted", numbers)


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
    ...                   "first_year": [2004], "last_year": [2024]}, index=["IRQ"])
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
) -> Finding:
    """The conflicts have declined, especially in Syria and Libya (passage 31).

    Test: for each state, the highest UCDP intensity of the last ``recent`` years of the data
    is below its peak since the start of the series (2: war, 1: minor, 0: none).
    ``supported`` if it is for every state, ``partly_supported`` for some,
    ``contradicted`` for none.

    Parameters
    ----------
    intensity : pandas.DataFrame
        :func:`gulfsec.threats.conflict_intensity`.

    Examples
    --------
    >>> import pandas as pd
    >>> i = pd.DataFrame({"SYR": [2, 2, 2, 2], "LBY": [2, 1, 0, 0]}, index=[2015, 2022, 2023, 2024])
    >>> f = assess_regional_conflicts_declined(i, recent=2)
    >>> f.verdict, f.numbers["recent"]
    ('partly_supported', 'SYR: 2; LBY: 0')
    """
    tail = intensity.sort_index().iloc[-recent:]
    peak = {s: int(intensity[s].max()) for s in states}
    now = {s: int(tail[s].max()) for s in states}
    down = [now[s] < peak[s] for s in states]
    numbers = {
        "peak": "; ".join(f"{s}: {peak[s]}" for s in states),
        "recent": "; ".join(f"{s}: {now[s]}" for s in states),
        "years": f"{int(tail.index.min())}–{int(tail.index.max())}",
        "war_years": "; ".join(f"{s}: {int((intensity[s] == 2).sum())}" for s in states),
    }
    verdict = "supported" if all(down) else "partly_supported" if any(down) else "contradicted"
    return Finding(verdict, numbers)


def assess_yemen_2015(
    ucdp: pd.DataFrame, yemen: int = 678, saudi: int = 670, year: int = 2015
) -> Finding:
    """The Houthi takeover of 2015 made Yemen a direct threat to the Gulf states (passage 33).

    Test: in UCDP's conflict over Yemen's government (Yemen's government as side A, an
    internationalised intrastate conflict), Saudi Arabia first appears as a party in ``year``,
    and the conflict is at war intensity that year. ``supported`` if both, ``partly_supported``
    if one, ``contradicted`` if neither.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"conflict_id": [230, 230, 230], "year": [2014, 2015, 2016],
    ...                   "gwno_a": [678, 678, 678], "gwno_a_2nd": [None, None, None],
    ...                   "gwno_b": [None, 670, 670], "gwno_b_2nd": [None, None, None],
    ...                   "intensity_level": [2, 2, 2], "type_of_conflict": ["II", "II", "II"]})
    >>> f = assess_yemen_2015(u)
    >>> f.verdict, f.numbers["first_year"]
    ('supported', 2015)
    """
    sub = ucdp[
        (ucdp["gwno_a"] == yemen)
        & ucdp["type_of_conflict"].astype(str).isin(threats.INTERNAL_CONFLICT_TYPES)
    ]
    sides = [c for c in ("gwno_a_2nd", "gwno_b", "gwno_b_2nd") if c in sub.columns]
    with_saudi = sub[(sub[sides] == saudi).any(axis=1)]
    first = int(with_saudi["year"].min()) if len(with_saudi) else None
    war = sub[(sub["year"] == year) & (sub["intensity_level"] == 2)]
    years_saudi = sorted(int(y) for y in with_saudi["year"].unique())
    numbers = {
        "first_year": first if first is not None else "—",
        "years": f"{years_saudi[0]}–{years_saudi[-1]}" if years_saudi else "—",
        "war_years": int(
            sub[sub["intensity_level"] == 2].drop_duplicates(["conflict_id", "year"]).shape[0]
        ),
    }
    parts = int(first == year) + int(len(war) > 0)
    return Finding(("contradicted", "partly_supported", "supported")[parts], numbers)


# --------------------------------------------------------------------------- the registry
def _c(key: str) -> Callable[[Mapping[str, Any], Mapping[str, Any]], Finding]:
    return _ADAPTERS[key]


_ADAPTERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], Finding]] = {
    "iraq_counterweight": lambda i, o: assess_counterweight(
        i["ratios"]["IRN/IRQ"], band=o["parity_band"]
    ),
    "counterweight_faded": lambda i, o: assess_counterweight_faded(
        i["ratios"]["IRN/IRQ"], band=o["parity_band"]
    ),
    "tilt_to_iran": lambda i, o: assess_tilt_to_iran(
        i["military_ratios"]["IRN/IRQ"],
        i["military_ratios"]["IRN/GCC"],
        band=o["parity_band"],
        after=(2003, i["last_nmc_year"]),
    ),
    "arms_race": lambda i, o: assess_arms_race(i["ext"].grh_arms_races, i["buildups"]),
    "historical_disputes": lambda i, o: assess_named_disputes(i["gulf_evidence"]),
    "three_wars": lambda i, o: assess_three_wars(i["ext"].cow_war_inter, i["littoral_codes"]),
    "system_formed": lambda i, o: assess_system_formed(i["ext"].cow_states, i["littoral_codes"]),
    "iraq_kuwait_demarcated": lambda i, o: assess_iraq_kuwait_after_demarcation(
        i["ext"].gml_mid_dyad_years, i["rivalries"]
    ),
    "islands_1971": lambda i, o: assess_islands_since_1971(i["rivalries"], i["mids"]),
    "us_counterweight": lambda i, o: assess_us_counterweight(
        i["mids"], i["rivalries"], i["obligations"]
    ),
    "single_ally": lambda i, o: assess_single_ally(i["formal_and_coded"], year=i["atop_year"]),
    "china_russia": lambda i, o: assess_china_russia_ties(i["obligations"], year=i["atop_year"]),
    "iraq_civil_war": lambda i, o: assess_iraq_internal_war(i["conflicts_since_2003"]),
    "conflicts_declined": lambda i, o: assess_regional_conflicts_declined(i["intensity"]),
    "yemen_2015": lambda i, o: assess_yemen_2015(i["ext"].ucdp_acd),
}

#: The ledger: the article's testable claims in the order of the text, then those the data
#: cannot reach.
CLAIMS: tuple[Claim, ...] = (
    Claim("system_formed", (11,), ("cow_states",), _c("system_formed")),
    Claim("three_wars", (11,), ("cow_war_inter",), _c("three_wars")),
    Claim("iraq_counterweight", (12, 14), ("cow_nmc",), _c("iraq_counterweight")),
    Claim("counterweight_faded", (14, 25), ("cow_nmc",), _c("counterweight_faded")),
    Claim(
        "historical_disputes",
        (15,),
        ("gml_mid_dyad_years", "tss_rivalries", "cow_contdir"),
        _c("historical_disputes"),
    ),
    Claim(
        "iraq_kuwait_demarcated",
        (15,),
        ("gml_mid_dyad_years", "tss_rivalries"),
        _c("iraq_kuwait_demarcated"),
    ),
    Claim("arms_race", (16,), ("grh_arms_races", "cow_nmc"), _c("arms_race")),
    Claim(
        "us_counterweight",
        (17,),
        ("gml_mid_dyad_years", "tss_rivalries", "atop_ddyr"),
        _c("us_counterweight"),
    ),
    Claim("iraq_civil_war", (18,), ("ucdp_acd",), _c("iraq_civil_war")),
    Claim("tilt_to_iran", (26, 27), ("cow_nmc",), _c("tilt_to_iran")),
    Claim("islands_1971", (27,), ("tss_rivalries", "gml_mid_dyad_years"), _c("islands_1971")),
    Claim("conflicts_declined", (31,), ("ucdp_acd",), _c("conflicts_declined")),
    Claim("yemen_2015", (33,), ("ucdp_acd",), _c("yemen_2015")),
    Claim("single_ally", (40, 44, 45), ("atop_ddyr",), _c("single_ally")),
    Claim("china_russia", (44,), ("atop_ddyr",), _c("china_russia")),
    Claim("imminent_collision", (20,), (), None),
    Claim("us_commitment_doubts", (21, 44, 45), (), None),
    Claim("iran_nonconventional_arms", (26, 28), (), None),
    Claim("sectarian_mobilisation", (25, 27), (), None),
    Claim("iran_hegemonic_intent", (27, 28), (), None),
    Claim("online_radicalisation", (39,), (), None),
)


def claim(claim_id: str) -> Claim:
    """The claim ``claim_id`` of :data:`CLAIMS`.

    Examples
    --------
    >>> claim("three_wars").passages
    (11,)
    """
    for c in CLAIMS:
        if c.claim_id == claim_id:
            return c
    raise ValueError(
        f"parameter 'claim_id' must be one of {[c.claim_id for c in CLAIMS]}, got {claim_id!r}"
    )


def _inputs(ds: Dataset, ext: External, nmc: pd.DataFrame, cinc_system: str) -> dict[str, Any]:
    """Everything the assessments read, computed once from the data package and the extracts."""
    actors = ds.actors
    system = power.gulf_system(actors)
    last = int(nmc["year"].max())
    years = range(1971, last + 1)
    shares = power.system_shares(nmc, system, years, cinc_system).dropna(how="all")
    military = power.military_shares(nmc, system, years).dropna(how="all")
    gcc = [a for a in system if a not in ("IRN", "IRQ")]
    milex = power.military_expenditure(nmc, system, years, groups={"GCC": gcc})
    buildups = {s: power.mutual_buildups(milex, "IRN", s) for s in gcc}
    mids = networks.mid_dyads(ext.gml_mid_dyad_years)
    rivalries = networks.rivalry_record(ext.tss_rivalries)
    contiguity = networks.contiguity_record(ext.cow_contdir)
    gulf_pairs = [("IRN", "IRQ")] + [("IRN", s) for s in gcc] + [("IRQ", s) for s in gcc]
    gulf_evidence = networks.dispute_evidence(gulf_pairs, actors, mids, rivalries, contiguity)
    states = {a: int(c) for a, c in actors["cow_code"].dropna().items()}
    atop_states = {a: states[a] for a in [*system, *OUTSIDE_POWERS] if a in states}
    atop_year = int(ext.atop_ddyr["year"].max())
    obligations = alliances.atop_obligations(ext.atop_ddyr, atop_states, atop_year)
    formal = alliances.formal_portfolio(obligations, gcc, list(OUTSIDE_POWERS))
    coded = alliances.portfolio(ds, "GCC", "status_quo")
    war_states = {s: threats.gw_code(states[s]) for s in ("YEM", "SYR", "LBY", "IRQ")}
    ucdp_last = int(ext.ucdp_acd["year"].max())
    return {
        "ext": ext,
        "ratios": power.gulf_ratios(shares, actors),
        "military_ratios": power.gulf_ratios(military, actors),
        "last_nmc_year": last,
        "buildups": buildups,
        "mids": mids,
        "rivalries": rivalries,
        "gulf_evidence": gulf_evidence,
        "littoral_codes": list(system.values()),
        "obligations": obligations,
        "atop_year": atop_year,
        "formal_and_coded": alliances.formal_and_coded(coded, formal),
        "conflicts_since_2003": threats.conflict_years(ext.ucdp_acd, war_states, 2003, ucdp_last),
        "intensity": threats.conflict_intensity(ext.ucdp_acd, war_states, 2011, ucdp_last),
    }


def ledger(
    ds: Dataset,
    ext: External,
    *,
    nmc: pd.DataFrame | None = None,
    parity_band: float = 0.25,
    cinc_system: str = "gulf",
) -> pd.DataFrame:
    """Run every claim's test: the ledger of the article's claims against the published data.

    Parameters
    ----------
    ds : gulfsec.Dataset
        The article's data package (actors, coded ties).
    ext : gulfsec.external.External
        The published extracts (:func:`gulfsec.load_external`).
    nmc : pandas.DataFrame, optional
        A COW NMC table (:func:`gulfsec.power.read_nmc`); default ``ext.cow_nmc``.
    parity_band : float, default 0.25
        Half-width of capability parity, as a relative difference (0.01 to 1).
    cinc_system : {"gulf", "world"}
        Capability shares recomputed among the eight littoral states, or COW's world CINC.

    Returns
    -------
    pandas.DataFrame
        Index ``claim_id`` in :data:`CLAIMS` order; ``passages``, ``datasets`` (tuples),
        ``verdict`` and ``numbers`` (dict).

    Examples
    --------
    >>> import gulfsec
    >>> led = ledger(gulfsec.load(), gulfsec.load_external())          # doctest: +SKIP
    >>> led.loc["three_wars", "verdict"]                                # doctest: +SKIP
    'supported'
    """
    opts = check_params(parity_band, cinc_system)
    inputs = _inputs(ds, ext, ext.cow_nmc if nmc is None else nmc, opts["cinc_system"])
    rows = []
    for c in CLAIMS:
        f = c.assess(inputs, opts) if c.assess is not None else Finding("not_testable")
        rows.append(
            {
                "claim_id": c.claim_id,
                "passages": c.passages,
                "datasets": c.datasets,
                "verdict": f.verdict,
                "numbers": f.numbers,
            }
        )
    return pd.DataFrame(rows).set_index("claim_id")


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


def validate_parameters(
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
    >>> p = validate_parameters(nmc_csv=None, cinc_system="world", parity_band=0.5, lang="ar")
    >>> p["nmc_csv"].name, p["cinc_system"], p["parity_band"]
    ('cow_nmc.csv', 'world', 0.5)
    """
    from pathlib import Path

    from gulfsec.external import nmc_csv as bundled_nmc
    from gulfsec.i18n import check_lang

    check_lang(lang)
    opts = check_params(parity_band, cinc_system)
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
