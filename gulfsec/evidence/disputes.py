"""Claims about disputes and rivalries, tested on GML's MIDs and TSS rivalries.

The article names the region's disputes (water, borders, oil fields, islands; line 15), the
Iraq-Kuwait dispute after the 1993 demarcation (15), the islands since 1971 (27), the United
States as Iran's counterweight (17), Iran as the GCC states' principal challenge (22, 24), and
the rift among Arab states after 2011 (30). The tests count militarised interstate disputes
(GML's directed dyad-years, every participant or originators only) and strategic rivalries.

GML's dyad-years pair every participant with every opponent, joiners included; they are not
direct interactions, and a "territorial" count rests on GML's revision types, which
peacesciencer's documentation advises against; the findings say both.

References
----------
Gibler, D. M., Miller, S. V., & Little, E. K. (2016). An analysis of the Militarized
Interstate Dispute (MID) dataset, 1816-2001. *International Studies Quarterly* 60(4), 719-730.

Thompson, W. R., Sakuwa, K., & Suhas, P. H. (2021). *Analyzing Strategic Rivalries in World
Politics*. Springer.

Examples
--------
>>> import pandas as pd
>>> m = pd.DataFrame({"ccode1": [2], "ccode2": [630], "disputes": [15], "first_year": [1979],
...                   "last_year": [2009]})
>>> r = pd.DataFrame({"ccode1": [2], "ccode2": [630], "first_year": [1982], "last_year": [2020]})
>>> assess_us_counterweight(m, r).verdict
'partly_supported'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from gulfsec._validate import check_choice
from gulfsec.evidence._helpers import (
    _name,
    _pair_mask,
    _participants,
    _share_verdict,
    _spans,
    _territorial,
    _three,
)
from gulfsec.evidence.model import ARAB_LEAGUE_CODES, GCC_CODES, Finding

__all__ = [
    "assess_arab_rift",
    "assess_iraq_kuwait_after_demarcation",
    "assess_islands_since_1971",
    "assess_named_disputes",
    "assess_principal_challenge",
    "assess_us_counterweight",
]


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
