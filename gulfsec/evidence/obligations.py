"""Claims about alliances, tested on ATOP's alliance obligations.

The article finds no shared security system among the eight (lines 12, 19), asks for GCC
collective defence (42, 45), reads the GCC as tied to a single ally (40, 44, 45) and calls for
ties with China and Russia (44). ATOP codes five obligations (defence, offence, neutrality,
non-aggression, consultation); "alliance" reads defence only by convention, or any of the five
(:data:`gulfsec.evidence.OBLIGATION_READINGS`). ATOP does not code defence cooperation
agreements, basing, Major Non-NATO Ally status or arms transfers; what it cannot reach is out
of reach, not evidence against a claim.

References
----------
Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance Treaty
Obligations and Provisions, 1815-1944. *International Interactions* 28(3), 237-260.

Examples
--------
>>> import pandas as pd
>>> ob = pd.DataFrame({"side_a": ["SAU", "IRN"], "side_b": ["CHN", "RUS"],
...                    "defense": [0, 0], "offense": [0, 0], "neutral": [0, 1],
...                    "nonagg": [1, 1], "consul": [0, 1]})
>>> assess_china_russia_ties(ob).numbers["gcc_with"]
'CHN: 1; RUS: 0'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from gulfsec import alliances
from gulfsec._validate import check_choice
from gulfsec.evidence._helpers import _holds, _share_verdict
from gulfsec.evidence.model import GCC_CODES, OBLIGATION_READINGS, OUTSIDE_POWERS, Finding

__all__ = [
    "assess_china_russia_ties",
    "assess_gcc_collective_defence",
    "assess_no_shared_system",
    "assess_single_ally",
]


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
