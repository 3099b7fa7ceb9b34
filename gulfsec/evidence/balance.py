"""Claims about power and the balance, tested on COW's National Material Capabilities.

The article reads the Gulf's history as a balance: Iraq as Iran's counterweight (lines 12,
14), the counterweight fading after 1991 (14), the balance tilting to Iran after 2003 (26-27),
an arms race (16), and the United States as the greatest power (44). Each test reads a yearly
capability ratio (:func:`gulfsec.power.gulf_ratios` on world CINC, CINC among the eight
littoral states, or NMC's military components) through the geometric mean over a window
(:func:`geometric_mean`), against a parity band.

Definition
    Two states are at *parity* when the ratio of their capabilities lies within
    ``[1/(1+band), 1+band]``; the Organski-Kugler band is ±25 %.

References
----------
Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability distribution, uncertainty, and
major power war, 1820-1965. In B. Russett (ed.), *Peace, War, and Numbers*, 19-48 (NMC, CINC).

Organski, A. F. K., & Kugler, J. (1980). *The War Ledger*. University of Chicago Press.

Gibler, D. M., Rider, T. J., & Hutchison, M. L. (2005). Taking arms against a sea of
troubles: conventional arms races during periods of rivalry. *Journal of Peace Research*
42(2), 131-147.

Examples
--------
>>> import pandas as pd
>>> r = pd.Series([1.1, 0.9, 1.0], index=[1975, 1985, 1986], name="IRN/IRQ")
>>> assess_counterweight(r, periods=((1971, 1979), (1980, 1989))).verdict
'supported'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from gulfsec._validate import check_choice
from gulfsec.evidence._helpers import _fmt, _share_verdict, _side, _spans, _three
from gulfsec.evidence.model import GCC_CODES, Finding
from gulfsec.i18n import year_range

__all__ = [
    "assess_arms_race",
    "assess_counterweight",
    "assess_counterweight_faded",
    "assess_tilt_to_iran",
    "assess_us_greatest_power",
    "geometric_mean",
]


def geometric_mean(values: pd.Series, start: int, end: int) -> tuple[float, int]:
    """Geometric mean of the positive, finite values of a yearly series within ``[start, end]``.

    Returns the mean (NaN when no year has data) and the number of years used.

    Examples
    --------
    >>> import pandas as pd
    >>> geometric_mean(pd.Series([2.0, 8.0, float("nan")], index=[1990, 1991, 1992]), 1990, 1992)
    (4.0, 2)
    """
    # on the arrays: the ledger and its grid take some five hundred means of the same series
    s = values.to_numpy(dtype="float64")
    years = values.index.to_numpy()
    w = s[(years >= start) & (years <= end)]
    w = w[np.isfinite(w) & (w > 0)]
    if w.size == 0:
        return float("nan"), 0
    return float(np.exp(np.log(w).mean())), int(w.size)


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
            f"{k} (" + ", ".join(year_range(a, b) for a, b in v) + ")" for k, v in found.items()
        )
        or "—",
        "since": since,
    }
    if in_reach:
        return Finding(_three(int(bool(with_iran)) + int(bool(found))), numbers)
    return Finding("partly_supported" if found else "contradicted", numbers)


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
