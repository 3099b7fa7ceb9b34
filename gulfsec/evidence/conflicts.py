"""Claims about states, wars and armed conflicts, tested on COW and UCDP/PRIO data.

The article dates the regional system to the early 1970s and counts three wars (line 11),
describes Iraq's internal war after 2003 (18), continuing tensions with Israel and the West
(20), Iran's intervention in Syria and Yemen (28), the regional conflicts' decline (31) and the
war in Yemen since 2015 (33). The tests read COW's state system and interstate wars, and UCDP's
conflict-years (intensity 1 minor, 2 war; a conflict-year is one conflict in one year, not a
calendar year).

References
----------
Correlates of War Project (2017). State System Membership List, v2016.

Sarkees, M. R., & Wayman, F. (2010). *Resort to War: 1816-2007*. CQ Press (COW wars).

Gleditsch, N. P., Wallensteen, P., Eriksson, M., Sollenberg, M., & Strand, H. (2002). Armed
conflict 1946-2001: a new dataset. *Journal of Peace Research* 39(5), 615-637 (UCDP/PRIO).

Examples
--------
>>> import pandas as pd
>>> c = pd.DataFrame({"war_years": [5], "minor_years": [9], "conflict_years": [14],
...                   "first_year": [2004], "last_year": [2023]}, index=["IRQ"])
>>> assess_iraq_internal_war(c).verdict
'supported'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from gulfsec import threats
from gulfsec.evidence._helpers import (
    _LITTORAL_IDS,
    _pair_mask,
    _share_verdict,
    _spans,
    _three,
    _years_text,
)
from gulfsec.evidence.model import LAST_YEAR_BEFORE_ARTICLE, Finding

__all__ = [
    "assess_continuing_tensions",
    "assess_iran_intervention",
    "assess_iraq_internal_war",
    "assess_regional_conflicts_declined",
    "assess_system_formed",
    "assess_three_wars",
    "assess_yemen_2015",
]


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
