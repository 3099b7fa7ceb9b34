"""Power-balance history: the article's coded eras, and real capability data to test them.

The article's first claim is historical (passages 11, 12, 14, 17, 20, 26, 27): from the
1970s Iraq acted as Iran's counterweight; three wars (1980-2003) wrecked that balance; Iraqi
power faded after the second Gulf war (1991); after 2003 the balance tilted to Iran; and the
climate moved from "no war, no peace" to "imminent collision". The ``balance_eras`` table
codes that story (ordinal pole strengths 0-4, US presence 0-3, balance state, climate), and
this module turns it into year-by-year series, the era in force in a year, and the
transitions between eras, each with its passages.

The second half confronts the coding with the Correlates of War (COW) National Material
Capabilities (NMC) data, read as published (:func:`read_nmc`, which lives in
:mod:`gulfsec.external` beside the bundled NMC v7.0 extract and is re-exported here): capability
shares recomputed
within a chosen system of states by the COW rule (:func:`capability_shares`), dyadic ratios
(:func:`capability_ratio`), persistent changes of lead (:func:`power_transitions`) and a
per-era comparison with the coded poles (:func:`compare_with_eras`).

Everything here is pure: pandas in, pandas out; no plotting (see
:mod:`gulfsec.plotting.power`) and no I/O beyond the explicit reader :func:`read_nmc`.

References
----------
Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability distribution, uncertainty, and
major power war, 1820-1965. In B. Russett (Ed.), *Peace, War, and Numbers* (pp. 19-48).
Beverly Hills: Sage.

Correlates of War Project. *National Material Capabilities (NMC) Data Documentation*,
version 6.0 (Greig & Enterline, 2021) and version 7.0 (same variables and layout).

Examples
--------
>>> import pandas as pd
>>> eras = pd.DataFrame(
...     {"start_year": [1971, 1980], "end_year": [1979, 1989],
...      "pole_iran": [3, 3], "pole_iraq": [3, 1], "pole_gcc": [1, 2], "us_presence": [1, 1],
...      "sources": [(14,), (11, 14)]},
...     index=pd.Index(["a", "b"], name="era_id"))
>>> era_at(eras, 1985).name
'b'
>>> yearly_indicators(eras).loc[1979, "pole_iraq"]
np.int64(3)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from gulfsec._validate import check_choice
from gulfsec.external import NMC_COLUMNS, NMC_COMPONENTS, NMC_MISSING, read_nmc
from gulfsec.i18n import check_lang

__all__ = [
    "CINC_SYSTEMS",
    "COMPARISON_VERDICTS",
    "INDICATORS",
    "MAX_PERSISTENCE",
    "MILITARY_COMPONENTS",
    "NMC_COLUMNS",
    "NMC_COMPONENTS",
    "NMC_MISSING",
    "PARITY_BAND_RANGE",
    "POLE_ACTORS",
    "WAR_KINDS",
    "capability_ratio",
    "capability_shares",
    "check_eras",
    "coded_transitions",
    "compare_with_eras",
    "component_shares",
    "cow_codes",
    "era_at",
    "events_between",
    "gulf_ratios",
    "gulf_system",
    "leaders",
    "military_expenditure",
    "military_shares",
    "mutual_buildups",
    "periodisation",
    "power_transitions",
    "read_nmc",
    "system_shares",
    "check_params",
    "wars",
    "world_cinc",
    "yearly_indicators",
]

#: The coded, ordinal indicators of ``balance_eras`` (poles 0-4, US presence 0-3).
INDICATORS: tuple[str, ...] = ("pole_iran", "pole_iraq", "pole_gcc", "us_presence")
#: Which actor each coded pole stands for (the article's north/east/west division, passage 10).
POLE_ACTORS: dict[str, str] = {"pole_iran": "IRN", "pole_iraq": "IRQ", "pole_gcc": "GCC"}
#: Descriptive columns of ``balance_eras`` carried into the yearly series.
_STATE_COLUMNS: tuple[str, ...] = ("balance_state", "balancer_of_iran", "climate", "confidence")
#: Event kinds that count as the article's wars (passage 11: three wars, 1980-2003).
WAR_KINDS: tuple[str, ...] = ("war", "invasion")
#: Ceiling of the notebook parameter ``min_persistence`` (years).
MAX_PERSISTENCE: int = 20
#: Allowed half-widths of capability parity (a relative difference) for the notebooks.
PARITY_BAND_RANGE: tuple[float, float] = (0.01, 1.0)
#: Verdicts of :func:`compare_with_eras`: the first actor of the dyad leads, parity, the second leads.
COMPARISON_VERDICTS: tuple[str, ...] = ("first", "parity", "second")


# --------------------------------------------------------------------------- coded history
def check_eras(eras: pd.DataFrame) -> pd.DataFrame:
    """Check that eras are well formed and return them sorted by start year.

    Definition: every era has ``start_year <= end_year``, and consecutive eras are contiguous
    and non-overlapping (the next era starts the year after the previous one ends), so that
    exactly one era is in force in every covered year.

    Parameters
    ----------
    eras : pandas.DataFrame
        The ``balance_eras`` table (index ``era_id``) or a frame with at least
        ``start_year`` and ``end_year``.

    Returns
    -------
    pandas.DataFrame
        The eras sorted by ``start_year``.

    Raises
    ------
    ValueError
        Naming the parameter ``eras`` and the offending era(s).

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"start_year": [1990, 1971], "end_year": [2000, 1989]}, index=["b", "a"])
    >>> list(check_eras(e).index)
    ['a', 'b']
    """
    missing = {"start_year", "end_year"} - set(eras.columns)
    if missing:
        raise ValueError(f"parameter 'eras' lacks column(s) {sorted(missing)}")
    if eras.empty:
        raise ValueError("parameter 'eras' has no rows")
    out = eras.sort_values("start_year", kind="stable")
    starts = out["start_year"].astype(int).to_numpy()
    ends = out["end_year"].astype(int).to_numpy()
    ids = [str(i) for i in out.index]
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        if e < s:
            raise ValueError(f"parameter 'eras': era {ids[i]!r} ends ({e}) before it starts ({s})")
        if i and s != ends[i - 1] + 1:
            kind = "overlaps" if s <= ends[i - 1] else "leaves a gap after"
            raise ValueError(
                f"parameter 'eras': era {ids[i]!r} (from {s}) {kind} era {ids[i - 1]!r} "
                f"(to {ends[i - 1]}); eras must be contiguous and non-overlapping"
            )
    return out


def _year_range(
    eras: pd.DataFrame, start_year: int | None, end_year: int | None
) -> tuple[int, int]:
    lo, hi = int(eras["start_year"].min()), int(eras["end_year"].max())
    start = lo if start_year is None else int(start_year)
    end = hi if end_year is None else int(end_year)
    if not lo <= start <= hi:
        raise ValueError(
            f"parameter 'start_year' must be between {lo} and {hi}, got {start_year!r}"
        )
    if not lo <= end <= hi:
        raise ValueError(f"parameter 'end_year' must be between {lo} and {hi}, got {end_year!r}")
    if end < start:
        raise ValueError(
            f"parameter 'end_year' ({end}) must not be before parameter 'start_year' ({start})"
        )
    return start, end


def yearly_indicators(
    eras: pd.DataFrame, start_year: int | None = None, end_year: int | None = None
) -> pd.DataFrame:
    """Year-by-year series of the coded indicators.

    Definition: for every year ``y`` from ``start_year`` to ``end_year``, the values of the era
    in force (the era with ``start_year <= y <= end_year``). The series is a step function:
    the coding is per era, not per year.

    Parameters
    ----------
    eras : pandas.DataFrame
        The ``balance_eras`` table (index ``era_id``).
    start_year, end_year : int, optional
        Window (inclusive); default the whole coverage of the eras.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (int); columns ``era_id``, the coded indicators present in ``eras``
        (:data:`INDICATORS`, as int) and the descriptive columns present (``balance_state``,
        ``balancer_of_iran``, ``climate``, ``confidence``).

    Raises
    ------
    ValueError
        If the eras are malformed (see :func:`check_eras`) or a year is outside their coverage.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"start_year": [1971, 1980], "end_year": [1979, 1989],
    ...                   "pole_iraq": [3, 1]}, index=pd.Index(["a", "b"], name="era_id"))
    >>> yearly_indicators(e, 1978, 1981)["pole_iraq"].tolist()
    [3, 3, 1, 1]
    """
    eras = check_eras(eras)
    start, end = _year_range(eras, start_year, end_year)
    years = np.arange(start, end + 1)
    starts = eras["start_year"].astype(int).to_numpy()
    pos = np.searchsorted(starts, years, side="right") - 1
    rows = eras.iloc[pos]
    out = pd.DataFrame({"era_id": [str(i) for i in rows.index]}, index=pd.Index(years, name="year"))
    for col in INDICATORS:
        if col in rows.columns:
            out[col] = rows[col].astype(int).to_numpy()
    for col in _STATE_COLUMNS:
        if col in rows.columns:
            out[col] = rows[col].to_numpy()
    return out


def era_at(eras: pd.DataFrame, year: int) -> pd.Series:
    """The era in force in ``year``.

    Parameters
    ----------
    eras : pandas.DataFrame
        The ``balance_eras`` table (index ``era_id``).
    year : int

    Returns
    -------
    pandas.Series
        The era's row; its ``name`` is the ``era_id``.

    Raises
    ------
    ValueError
        If ``year`` is outside the eras' coverage (the allowed range is named).

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"start_year": [1971, 1980], "end_year": [1979, 1989]}, index=["a", "b"])
    >>> era_at(e, 1979).name
    'a'
    """
    eras = check_eras(eras)
    lo, hi = int(eras["start_year"].min()), int(eras["end_year"].max())
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not lo <= year <= hi:
        raise ValueError(f"parameter 'year' must be an integer between {lo} and {hi}, got {year!r}")
    starts = eras["start_year"].astype(int).to_numpy()
    return eras.iloc[int(np.searchsorted(starts, year, side="right") - 1)]


def _tuple(value: object) -> tuple:
    if isinstance(value, tuple):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    if isinstance(value, str):
        return tuple(int(v) if v.isdigit() else v for v in value.split(";") if v)
    return tuple(value)  # type: ignore[arg-type]


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def events_between(
    events: pd.DataFrame,
    start_year: int,
    end_year: int,
    kinds: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Events whose span touches the window ``[start_year, end_year]``.

    Definition: an event (``start_year``..``end_year``, a point event having
    ``end_year == start_year``) is kept when ``start_year <= window end`` and
    ``end_year >= window start``; optionally only events of the given ``kinds``.

    Parameters
    ----------
    events : pandas.DataFrame
        The ``events`` table as loaded (with integer ``start_year`` and ``end_year``).
    start_year, end_year : int
        Window, inclusive.
    kinds : iterable of str, optional
        Event kinds to keep (e.g. :data:`WAR_KINDS`).

    Returns
    -------
    pandas.DataFrame
        The matching rows, sorted by ``start_year``.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"start_year": [1980, 2003], "end_year": [1988, 2003],
    ...                    "kind": ["war", "invasion"]}, index=["iran_iraq", "iraq_2003"])
    >>> list(events_between(ev, 1985, 1990).index)
    ['iran_iraq']
    """
    if end_year < start_year:
        raise ValueError(
            f"parameter 'end_year' ({end_year}) must not be before 'start_year' ({start_year})"
        )
    s = events["start_year"].astype(int)
    e = events["end_year"].astype(int)
    keep = (s <= end_year) & (e >= start_year)
    if kinds is not None:
        keep &= events["kind"].astype(str).isin(list(kinds))
    return events[keep].sort_values("start_year", kind="stable")


def wars(events: pd.DataFrame) -> pd.DataFrame:
    """The wars among the events: kinds ``war`` and ``invasion`` (:data:`WAR_KINDS`).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"start_year": [1981, 1990], "end_year": [1981, 1991],
    ...                    "kind": ["founding", "war"]}, index=["gcc", "gulf_war"])
    >>> list(wars(ev).index)
    ['gulf_war']
    """
    keep = events["kind"].astype(str).isin(WAR_KINDS)
    return events[keep].sort_values("start_year", kind="stable")


def coded_transitions(eras: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The transitions of the coded history: one row per boundary between consecutive eras.

    Definition: at the first year of every era but the first, the coding changes. For each
    such year the row lists what changed (coded indicators, balance state, balancer, climate),
    the passages of the new era (the article's evidence for it) and, if ``events`` are given,
    the events that touch the year of the change or the year before it (what set it off).

    Parameters
    ----------
    eras : pandas.DataFrame
        The ``balance_eras`` table (index ``era_id``).
    events : pandas.DataFrame, optional
        The ``events`` table (index ``event_id``, integer ``start_year``/``end_year``).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``from_era``, ``to_era``, ``changed`` (tuple of column names),
        ``deltas`` (dict ``indicator -> new - old`` for the coded indicators that changed),
        ``sources`` (tuple of passage ids), and ``events`` (tuple of event ids) if given.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"start_year": [1971, 1990], "end_year": [1989, 2002],
    ...                   "pole_iraq": [3, 1], "climate": ["no_war_no_peace", "open_war"],
    ...                   "sources": [(14,), (14,)]}, index=["a", "b"])
    >>> t = coded_transitions(e)
    >>> int(t.loc[0, "year"]), t.loc[0, "changed"], t.loc[0, "deltas"]
    (1990, ('pole_iraq', 'climate'), {'pole_iraq': -2})
    """
    eras = check_eras(eras)
    compared = [
        c for c in (*INDICATORS, "balance_state", "balancer_of_iran", "climate") if c in eras
    ]
    rows = []
    for (prev_id, prev), (cur_id, cur) in zip(
        eras.iloc[:-1].iterrows(), eras.iloc[1:].iterrows(), strict=True
    ):
        changed, deltas = [], {}
        for c in compared:
            a, b = prev[c], cur[c]
            if _is_missing(a) and _is_missing(b):
                continue
            if _is_missing(a) or _is_missing(b) or a != b:
                changed.append(c)
                if c in INDICATORS:
                    deltas[c] = int(b) - int(a)
        year = int(cur["start_year"])
        row = {
            "year": year,
            "from_era": str(prev_id),
            "to_era": str(cur_id),
            "changed": tuple(changed),
            "deltas": deltas,
            "sources": _tuple(cur["sources"]) if "sources" in eras else (),
        }
        if events is not None:
            row["events"] = tuple(str(i) for i in events_between(events, year - 1, year).index)
        rows.append(row)
    cols = ["year", "from_era", "to_era", "changed", "deltas", "sources"]
    if events is not None:
        cols.append("events")
    return pd.DataFrame(rows, columns=cols)


def periodisation(eras: pd.DataFrame, passages: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The article's own periodisation: each era with the passages that date it.

    Definition: one row per (era, cited passage), in time order, joining the era's years and
    label with the passage's summary (in ``lang``) and its verbatim Arabic key phrase. The
    table is derived from the data, so correcting a passage or an era's sources corrects it.

    Parameters
    ----------
    eras : pandas.DataFrame
        The ``balance_eras`` table (index ``era_id``; ``label_<lang>``, ``sources``).
    passages : pandas.DataFrame
        The ``passages`` table (index ``passage_id``; ``summary_<lang>``, ``key_phrase_ar``).
    lang : {"en", "ar"}
        Language of the era labels and summaries.

    Returns
    -------
    pandas.DataFrame
        Columns ``era_id``, ``start_year``, ``end_year``, ``label``, ``passage_id``,
        ``summary``, ``key_phrase_ar``.

    Raises
    ------
    ValueError
        If ``lang`` is not supported or an era cites a passage absent from ``passages``.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"start_year": [1971], "end_year": [1989], "label_en": ["Balance"],
    ...                   "sources": [(14,)]}, index=pd.Index(["a"], name="era_id"))
    >>> p = pd.DataFrame({"summary_en": ["The balance ended after 1991."],
    ...                   "key_phrase_ar": ["تلاشت القوة العراقية"]},
    ...                  index=pd.Index([14], name="passage_id"))
    >>> row = periodisation(e, p).loc[0]
    >>> row["label"], int(row["passage_id"])
    ('Balance', 14)
    """
    check_lang(lang)
    eras = check_eras(eras)
    rows = []
    for era_id, era in eras.iterrows():
        for pid in _tuple(era["sources"]):
            if pid not in passages.index:
                raise ValueError(
                    f"parameter 'eras': era {era_id!r} cites passage {pid}, absent from 'passages'"
                )
            p = passages.loc[pid]
            rows.append(
                {
                    "era_id": str(era_id),
                    "start_year": int(era["start_year"]),
                    "end_year": int(era["end_year"]),
                    "label": str(era[f"label_{lang}"]),
                    "passage_id": int(pid),
                    "summary": str(p[f"summary_{lang}"]),
                    "key_phrase_ar": str(p["key_phrase_ar"]),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "era_id",
            "start_year",
            "end_year",
            "label",
            "passage_id",
            "summary",
            "key_phrase_ar",
        ],
    )


# --------------------------------------------------------------------------- capability data
def cow_codes(actors: pd.DataFrame, ids: Iterable[str]) -> dict[str, int]:
    """Map actor ids to Correlates of War state numbers through ``actors.cow_code``.

    Parameters
    ----------
    actors : pandas.DataFrame
        The ``actors`` table (index ``actor_id``, column ``cow_code``).
    ids : iterable of str
        Actor ids (states).

    Returns
    -------
    dict
        ``{actor_id: ccode}`` in the order given.

    Raises
    ------
    ValueError
        If an id is unknown or has no COW code (the allowed ids are named).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"cow_code": [630, 645]}, index=["IRN", "IRQ"])
    >>> cow_codes(a, ["IRQ", "IRN"])
    {'IRQ': 645, 'IRN': 630}
    """
    ids = list(ids)
    codes = actors["cow_code"]
    allowed = [str(i) for i in codes.index[codes.notna()]]
    out: dict[str, int] = {}
    for i in ids:
        if i not in codes.index or _is_missing(codes.loc[i]):
            raise ValueError(
                f"parameter 'ids': {i!r} has no COW state number; allowed actor ids: {allowed}"
            )
        out[str(i)] = int(codes.loc[i])
    return out


def _members(members: Mapping[str, int] | Sequence[int]) -> dict[str, int]:
    if isinstance(members, Mapping):
        out = {str(k): int(v) for k, v in members.items()}
    elif isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
        raise ValueError(
            "parameter 'members' must be a mapping {label: ccode} or a sequence of ccodes, "
            f"got {members!r}"
        )
    else:
        out = {str(int(v)): int(v) for v in members}
    if not out:
        raise ValueError("parameter 'members' must name at least one state, got none")
    if len(set(out.values())) != len(out):
        raise ValueError(f"parameter 'members' repeats a ccode: {out}")
    return out


def component_shares(
    nmc: pd.DataFrame,
    members: Mapping[str, int] | Sequence[int],
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Each member's share of each capability component within the system ``members``.

    Definition (COW rule, per year and component ``c``): the system total is the sum of
    ``c`` over the members whose value is not missing; a member's share is its value divided
    by that total. A missing value gives a missing share (never a zero). A component whose
    system total is 0 in a year (no member produces any) carries no information about
    relative capability and is treated as missing for every member that year.

    Parameters
    ----------
    nmc : pandas.DataFrame
        As returned by :func:`read_nmc`.
    members : mapping or sequence
        The system: ``{label: ccode}`` (e.g. from :func:`cow_codes`) or a sequence of ccodes
        (labelled by their number).
    years : iterable of int, optional
        Years to keep; default every year where some member has a row.

    Returns
    -------
    pandas.DataFrame
        Long format: ``year``, ``member``, ``component``, ``value``, ``total``, ``share``.

    Examples
    --------
    >>> import pandas as pd
    >>> nmc = pd.DataFrame({"ccode": [1, 2], "year": [2000, 2000], "milex": [3.0, 1.0],
    ...                     "milper": [1.0, float("nan")], "irst": [0.0, 0.0],
    ...                     "pec": [1.0, 1.0], "tpop": [1.0, 1.0], "upop": [1.0, 1.0]})
    >>> cs = component_shares(nmc, {"A": 1, "B": 2})
    >>> cs.query("component == 'milex'")["share"].tolist()
    [0.75, 0.25]
    """
    mem = _members(members)
    missing = [c for c in ("ccode", "year", *NMC_COMPONENTS) if c not in nmc.columns]
    if missing:
        raise ValueError(f"parameter 'nmc' lacks column(s) {missing}; read it with read_nmc()")
    by_code = {v: k for k, v in mem.items()}
    sub = nmc[nmc["ccode"].isin(list(by_code))]
    if years is not None:
        years = [int(y) for y in years]
        sub = sub[sub["year"].isin(years)]
    long = sub.melt(
        id_vars=["ccode", "year"], value_vars=list(NMC_COMPONENTS), var_name="component"
    )
    long["value"] = long["value"].astype("float64")
    long["member"] = long["ccode"].map(by_code)
    totals = long.groupby(["year", "component"])["value"].transform("sum", min_count=1)
    long["total"] = totals
    share = long["value"] / long["total"].where(long["total"] > 0)
    long["share"] = share
    long["year"] = long["year"].astype("int64")
    order = {m: i for i, m in enumerate(mem)}
    comp_order = {c: i for i, c in enumerate(NMC_COMPONENTS)}
    long = long.assign(
        _m=long["member"].map(order), _c=long["component"].map(comp_order)
    ).sort_values(["year", "_c", "_m"], kind="stable")
    return long[["year", "member", "component", "value", "total", "share"]].reset_index(drop=True)


def capability_shares(
    nmc: pd.DataFrame,
    members: Mapping[str, int] | Sequence[int],
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """CINC-style capability shares recomputed within a chosen system of states.

    Definition (Singer, Bremer & Stuckey 1972; NMC codebook): a state's Composite Index of
    National Capability is the mean of its shares of the system totals of the six components
    (military expenditure and personnel, iron and steel production, primary energy
    consumption, total and urban population). Here the system is ``members`` (e.g. the eight
    Gulf littoral states), not the whole world. For each state-year the mean is taken over
    the components that are not missing (the sum of the available shares divided by their
    number); missing values are never filled with zero, and each component's system total
    sums only the non-missing values (see :func:`component_shares`). When no component is
    available the share is missing. Shares sum to 1 within a year when nothing is missing.

    Parameters
    ----------
    nmc : pandas.DataFrame
        As returned by :func:`read_nmc`.
    members : mapping or sequence
        ``{label: ccode}`` or a sequence of ccodes.
    years : iterable of int, optional
        Years to return (missing rows are NaN); default every year with data for a member.

    Returns
    -------
    pandas.DataFrame
        Index ``year``, one float column per member (in the given order).

    References
    ----------
    Singer, Bremer & Stuckey (1972); Correlates of War NMC documentation v6.0/v7.0.

    Examples
    --------
    >>> import pandas as pd
    >>> nan = float("nan")
    >>> nmc = pd.DataFrame({"ccode": [1, 2], "year": [2000, 2000],
    ...                     "milex": [3.0, 1.0], "milper": [1.0, nan], "irst": [1.0, 1.0],
    ...                     "pec": [1.0, 1.0], "tpop": [1.0, 1.0], "upop": [1.0, 1.0]})
    >>> s = capability_shares(nmc, {"A": 1, "B": 2})
    >>> round(s.loc[2000, "A"], 4), round(s.loc[2000, "B"], 4)  # B: mean of 5 shares
    (np.float64(0.625), np.float64(0.45))
    """
    mem = _members(members)
    long = component_shares(nmc, mem, years)
    wide = long.pivot_table(
        index="year", columns="member", values="share", aggfunc="mean", dropna=False
    )
    wide = wide.reindex(columns=list(mem))
    return _year_table(wide, years)


def _year_table(wide: pd.DataFrame, years: Iterable[int] | None) -> pd.DataFrame:
    """A member-by-year frame as every capability function returns it.

    Rows are the requested ``years`` (sorted; a year without data is a row of NaN) or the years
    present, an ``int64`` index named ``year``, unnamed columns, ``float64`` values.
    """
    if years is not None:
        wide = wide.reindex(pd.Index(sorted({int(y) for y in years}), name="year"))
    wide.columns.name = None
    wide.index = wide.index.astype("int64")
    wide.index.name = "year"
    return wide.astype("float64")


def capability_ratio(
    shares: pd.DataFrame,
    a: str | Sequence[str] | Mapping[str, Sequence[str]],
    b: str | Sequence[str] | Mapping[str, Sequence[str]],
) -> pd.Series:
    """A dyad's capability ratio over time: ``share(a) / share(b)``.

    Definition: each side is one member or a group whose shares are summed (e.g. the six
    GCC states); the group is missing in a year when any of its members is. A ratio above 1
    means side ``a`` leads.

    Parameters
    ----------
    shares : pandas.DataFrame
        As returned by :func:`capability_shares`.
    a, b : str, sequence of str, or one-item mapping ``{name: labels}``
        Column label(s) of ``shares``; a mapping names a group (e.g. ``{"GCC": [...]}``).

    Returns
    -------
    pandas.Series
        Index ``year``; named ``"<a>/<b>"`` (a group is named by its labels joined with ``+``
        unless passed as a one-item mapping ``{name: labels}``).

    Raises
    ------
    ValueError
        If a label is not a column of ``shares`` (the allowed labels are named).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"IRN": [0.5, 0.4], "IRQ": [0.25, 0.4], "SAU": [0.25, 0.2]},
    ...                  index=pd.Index([1990, 1991], name="year"))
    >>> capability_ratio(s, "IRN", "IRQ").tolist()
    [2.0, 1.0]
    >>> capability_ratio(s, "IRN", {"GCC": ["SAU"]}).name
    'IRN/GCC'
    """

    def side(x: str | Sequence[str] | Mapping[str, Sequence[str]], param: str):
        if isinstance(x, Mapping):
            if len(x) != 1:
                raise ValueError(f"parameter {param!r} as a mapping must have one item, got {x!r}")
            name, cols = next(iter(x.items()))
            cols = [cols] if isinstance(cols, str) else list(cols)
        elif isinstance(x, str):
            name, cols = x, [x]
        else:
            cols = list(x)
            name = "+".join(cols)
        if not cols:
            raise ValueError(f"parameter {param!r} names no member")
        bad = [c for c in cols if c not in shares.columns]
        if bad:
            raise ValueError(
                f"parameter {param!r}: {bad} not in the shares; allowed: {list(shares.columns)}"
            )
        return str(name), shares[cols].sum(axis=1, min_count=len(cols))

    name_a, num = side(a, "a")
    name_b, den = side(b, "b")
    ratio = num / den
    ratio.name = f"{name_a}/{name_b}"
    return ratio


def leaders(x: pd.DataFrame | pd.Series, labels: tuple[str, str] | None = None) -> pd.Series:
    """The leader in each year.

    Definition: for a frame of shares, the column with the largest share (argmax); for a
    ratio series ``a/b``, ``a`` when the log-ratio is positive and ``b`` when it is negative.
    Years without data, and exact ties of a ratio, have no leader and are dropped.

    Parameters
    ----------
    x : pandas.DataFrame or pandas.Series
        Shares (:func:`capability_shares`) or a ratio (:func:`capability_ratio`).
    labels : (str, str), optional
        For a ratio: names of the two sides; default from the series name ``"a/b"``.

    Returns
    -------
    pandas.Series
        Index ``year``, leader label (str).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.Series([2.0, 0.5, float("nan")], index=[1990, 1991, 1992], name="IRN/IRQ")
    >>> leaders(r).tolist()
    ['IRN', 'IRQ']
    """
    if isinstance(x, pd.DataFrame):
        valid = x.dropna(how="all")
        if valid.empty:
            return pd.Series([], dtype="str", index=valid.index, name="leader")
        out = valid.idxmax(axis=1, skipna=True).astype("str")
        out.name = "leader"
        return out
    if not isinstance(x, pd.Series):
        raise ValueError(
            f"parameter 'x' must be a DataFrame of shares or a ratio Series, got {type(x)}"
        )
    if labels is None:
        name = str(x.name) if x.name is not None else ""
        parts = name.split("/")
        labels = (parts[0], parts[1]) if len(parts) == 2 and all(parts) else ("a", "b")
    with np.errstate(divide="ignore", invalid="ignore"):
        logr = np.log(x.astype("float64"))
    logr = logr[logr.notna() & (logr != 0)]
    out = pd.Series(
        np.where(logr > 0, labels[0], labels[1]), index=logr.index, name="leader", dtype="str"
    )
    return out


def _check_min_persistence(min_persistence: object) -> None:
    if (
        isinstance(min_persistence, bool)
        or not isinstance(min_persistence, (int, np.integer))
        or min_persistence < 1
    ):
        raise ValueError(
            f"parameter 'min_persistence' must be an integer >= 1, got {min_persistence!r}"
        )


def power_transitions(
    x: pd.DataFrame | pd.Series,
    min_persistence: int = 1,
    labels: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Power transitions: years where the lead changes and stays changed.

    Definition: take the leader of each year with data (:func:`leaders`) and cut the years
    into runs of the same leader. A run is *confirmed* when it lasts at least
    ``min_persistence`` consecutive observed years; shorter runs are noise and are ignored
    (the previous leader is still considered in place). The leader of the first run is the
    status quo at the start of the data and counts as established. A transition is the first year of a
    confirmed run whose leader differs from the leader of the previous confirmed run. With
    ``min_persistence=1`` every change of leader counts; with 2 a one-year flip does not.
    A change in the last years of the data that has not yet lasted ``min_persistence`` years
    is not (yet) a transition.

    Parameters
    ----------
    x : pandas.DataFrame or pandas.Series
        Shares (leader = argmax) or a dyad's ratio (leader = sign of the log-ratio).
    min_persistence : int, default 1
        Minimum number of consecutive observed years a new leader must hold (>= 1).
    labels : (str, str), optional
        Side names for a ratio (see :func:`leaders`).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``leader_before``, ``leader_after``, ``held_years`` (length of the
        confirmed run that starts the new lead; further confirmed runs of the same leader are
        not added).

    Raises
    ------
    ValueError
        If ``min_persistence`` is not an integer >= 1.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.Series([2, 2, 0.5, 2, 2, 0.5, 0.5, 0.5], index=range(2000, 2008), name="A/B")
    >>> power_transitions(r, 1)["year"].tolist()
    [2002, 2003, 2005]
    >>> power_transitions(r, 2)["year"].tolist()
    [2005]
    """
    _check_min_persistence(min_persistence)
    lead = leaders(x, labels).sort_index()
    cols = ["year", "leader_before", "leader_after", "held_years"]
    if lead.empty:
        return pd.DataFrame(columns=cols)
    runs: list[tuple[int, str, int]] = []  # (first year, leader, length)
    for year, who in lead.items():
        if runs and runs[-1][1] == who:
            first, _, n = runs[-1]
            runs[-1] = (first, who, n + 1)
        else:
            runs.append((int(year), str(who), 1))
    # the first run is the status quo at the start of the data: established by definition
    confirmed = [runs[0]] + [r for r in runs[1:] if r[2] >= min_persistence]
    rows = []
    for prev, cur in zip(confirmed[:-1], confirmed[1:], strict=True):
        if cur[1] != prev[1]:
            rows.append(
                {
                    "year": cur[0],
                    "leader_before": prev[1],
                    "leader_after": cur[1],
                    "held_years": cur[2],
                }
            )
    out = pd.DataFrame(rows, columns=cols)
    if not out.empty:
        out["year"] = out["year"].astype("int64")
        out["held_years"] = out["held_years"].astype("int64")
    return out


def _verdict_from_ratio(r: float, tolerance: float) -> str:
    if r > 1 + tolerance:
        return "first"
    if r < 1 / (1 + tolerance):
        return "second"
    return "parity"


def compare_with_eras(
    eras: pd.DataFrame,
    ratios: Mapping[str, pd.Series],
    tolerance: float = 0.25,
) -> pd.DataFrame:
    """Where the coded history and the capability data agree and disagree, era by era.

    Definition: for each era and each dyad ``a/b`` whose sides are coded poles (``IRN``,
    ``IRQ``, ``GCC``; :data:`POLE_ACTORS`), the *coded* verdict is ``first`` if the coded pole
    of ``a`` is stronger than that of ``b``, ``second`` if weaker, ``parity`` if equal. The
    *measured* verdict uses the geometric mean of the capability ratio over the era's years
    with data: ``first`` above ``1 + tolerance``, ``second`` below ``1 / (1 + tolerance)``,
    ``parity`` in between. The two agree when the verdicts are equal. Ordinal codes say
    nothing about the size of a gap, so only the direction is compared.

    Parameters
    ----------
    eras : pandas.DataFrame
        The ``balance_eras`` table.
    ratios : mapping of str to pandas.Series
        ``{"IRN/IRQ": series, "IRN/GCC": series, ...}`` (from :func:`capability_ratio`);
        both sides of each key must be pole actors.
    tolerance : float, default 0.25
        Half-width of the parity band, as a relative difference (> 0).

    Returns
    -------
    pandas.DataFrame
        Columns ``era_id``, ``start_year``, ``end_year``, ``dyad``, ``coded_gap`` (pole a -
        pole b), ``coded``, ``years_with_data``, ``measured_ratio`` (geometric mean),
        ``measured`` (None without data), ``agree`` (pandas ``boolean``; NA without data).

    Raises
    ------
    ValueError
        For an unknown dyad or a non-positive ``tolerance``.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"start_year": [1971], "end_year": [1972], "pole_iran": [3],
    ...                   "pole_iraq": [3], "pole_gcc": [1]}, index=pd.Index(["a"], name="era_id"))
    >>> r = pd.Series([2.0, 2.0], index=[1971, 1972], name="IRN/IRQ")
    >>> row = compare_with_eras(e, {"IRN/IRQ": r}).loc[0]
    >>> row["coded"], row["measured"], bool(row["agree"])
    ('parity', 'first', False)
    """
    if not (isinstance(tolerance, (int, float)) and tolerance > 0):
        raise ValueError(f"parameter 'tolerance' must be a number > 0, got {tolerance!r}")
    eras = check_eras(eras)
    pole_of = {v: k for k, v in POLE_ACTORS.items()}
    rows = []
    for dyad, ratio in ratios.items():
        parts = str(dyad).split("/")
        if len(parts) != 2 or any(p not in pole_of for p in parts):
            raise ValueError(
                f"parameter 'ratios': dyad {dyad!r} must be 'A/B' with A, B among {sorted(pole_of)}"
            )
        pa, pb = pole_of[parts[0]], pole_of[parts[1]]
        r = ratio.astype("float64")
        for era_id, era in eras.iterrows():
            gap = int(era[pa]) - int(era[pb])
            coded = "first" if gap > 0 else "second" if gap < 0 else "parity"
            s, e = int(era["start_year"]), int(era["end_year"])
            window = r[(r.index >= s) & (r.index <= e)]
            window = window[np.isfinite(window) & (window > 0)]
            n = int(window.size)
            gm = float(np.exp(np.log(window).mean())) if n else float("nan")
            measured = _verdict_from_ratio(gm, tolerance) if n else None
            rows.append(
                {
                    "era_id": str(era_id),
                    "start_year": s,
                    "end_year": e,
                    "dyad": str(dyad),
                    "coded_gap": gap,
                    "coded": coded,
                    "years_with_data": n,
                    "measured_ratio": gm,
                    "measured": measured,
                    "agree": (measured == coded) if measured is not None else pd.NA,
                }
            )
    cols = [
        "era_id",
        "start_year",
        "end_year",
        "dyad",
        "coded_gap",
        "coded",
        "years_with_data",
        "measured_ratio",
        "measured",
        "agree",
    ]
    out = pd.DataFrame(rows, columns=cols)
    out["agree"] = out["agree"].astype("boolean")
    return out


# --------------------------------------------------------------------------- notebook helpers
def gulf_system(actors: pd.DataFrame) -> dict[str, int]:
    """The eight Gulf littoral states (passage 10) as an NMC system ``{actor_id: ccode}``.

    Order: Iran, Iraq, then the GCC members in the order of the ``actors`` table.

    Raises
    ------
    ValueError
        If a littoral state has no COW code.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"gulf_littoral": [True, True, False], "gcc_member": [True, False, False],
    ...                   "cow_code": [670, 630, 2]}, index=["SAU", "IRN", "USA"])
    >>> gulf_system(a)
    {'IRN': 630, 'SAU': 670}
    """
    lit = actors[actors["gulf_littoral"].astype(bool)]
    gcc = [str(i) for i in lit.index[lit["gcc_member"].astype(bool)]]
    rest = [str(i) for i in lit.index if i not in gcc]
    first = [i for i in ("IRN", "IRQ") if i in rest] + [i for i in rest if i not in ("IRN", "IRQ")]
    return cow_codes(actors, first + gcc)


def gulf_ratios(shares: pd.DataFrame, actors: pd.DataFrame) -> dict[str, pd.Series]:
    """The article's two dyads as capability ratios: Iran/Iraq and Iran/GCC.

    The GCC side is the sum of the six members' shares (missing when any member is).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"gcc_member": [False, False, True]}, index=["IRN", "IRQ", "SAU"])
    >>> s = pd.DataFrame({"IRN": [0.5], "IRQ": [0.25], "SAU": [0.25]}, index=[1990])
    >>> {k: v.tolist() for k, v in gulf_ratios(s, a).items()}
    {'IRN/IRQ': [2.0], 'IRN/GCC': [2.0]}
    """
    gcc = [str(i) for i in actors.index[actors["gcc_member"].astype(bool)]]
    return {
        "IRN/IRQ": capability_ratio(shares, "IRN", "IRQ"),
        "IRN/GCC": capability_ratio(shares, "IRN", {"GCC": gcc}),
    }


def check_params(
    *,
    start_year: int,
    end_year: int,
    focus: Sequence[str],
    nmc_csv: str | Path | None,
    min_persistence: int,
    lang: str,
    eras: pd.DataFrame,
    actors: pd.DataFrame,
    cinc_system: str = "gulf",
    parity_band: float = 0.25,
) -> dict[str, object]:
    """Check the parameters of ``notebooks/01_power_balance.ipynb`` and normalise them.

    Parameters
    ----------
    start_year, end_year : int
        Window, within the eras' coverage, ``start_year <= end_year``.
    focus : sequence of str
        Actor ids to emphasise: Gulf littoral states or ``"GCC"``.
    nmc_csv : str or path or None
        A COW NMC CSV file in the published layout (must exist), or None for the bundled
        NMC 7.0 extract (:func:`gulfsec.external.nmc_csv`).
    min_persistence : int
        Years a new leader must hold (1 to :data:`MAX_PERSISTENCE`).
    lang : {"en", "ar"}
    eras, actors : pandas.DataFrame
        The ``balance_eras`` and ``actors`` tables.
    cinc_system : {"gulf", "world"}
        Shares recomputed among the littoral states, or COW's world CINC (:data:`CINC_SYSTEMS`).
    parity_band : float
        Half-width of parity in the era comparison, a relative difference in
        :data:`PARITY_BAND_RANGE`.

    Returns
    -------
    dict
        The same parameters, normalised (``focus`` a tuple, ``nmc_csv`` a Path: the bundled
        extract when None was given).

    Raises
    ------
    ValueError
        Naming the parameter and its allowed values.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"start_year": [1971], "end_year": [2024]}, index=["a"])
    >>> a = pd.DataFrame({"gulf_littoral": [True], "gcc_member": [False]}, index=["IRN"])
    >>> check_params(start_year=1980, end_year=2000, focus=["IRN"], nmc_csv=None,
    ...                     min_persistence=2, lang="en", eras=e, actors=a)["focus"]
    ('IRN',)
    """
    check_lang(lang)
    for name, value in (("start_year", start_year), ("end_year", end_year)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"parameter {name!r} must be an integer year, got {value!r}")
    start, end = _year_range(check_eras(eras), start_year, end_year)
    allowed = [str(i) for i in actors.index[actors["gulf_littoral"].astype(bool)]] + ["GCC"]
    if isinstance(focus, str) or not all(isinstance(f, str) for f in focus) or not focus:
        raise ValueError(
            f"parameter 'focus' must be a non-empty list of ids among {allowed}, got {focus!r}"
        )
    bad = [f for f in focus if f not in allowed]
    if bad:
        raise ValueError(f"parameter 'focus': {bad} not allowed; allowed ids: {allowed}")
    _check_min_persistence(min_persistence)
    if min_persistence > MAX_PERSISTENCE:
        raise ValueError(
            f"parameter 'min_persistence' must be an integer from 1 to {MAX_PERSISTENCE}, "
            f"got {min_persistence!r}"
        )
    check_choice("cinc_system", cinc_system, CINC_SYSTEMS)
    lo, hi = PARITY_BAND_RANGE
    ok = isinstance(parity_band, int | float) and not isinstance(parity_band, bool)
    if not ok or not math.isfinite(parity_band) or not lo <= parity_band <= hi:
        raise ValueError(
            f"parameter 'parity_band' must be a number from {lo:g} to {hi:g}, got {parity_band!r}"
        )
    if nmc_csv is None:
        from gulfsec.external import nmc_csv as bundled_nmc

        path = bundled_nmc()
    elif not isinstance(nmc_csv, (str, Path)) or not Path(nmc_csv).is_file():
        raise ValueError(
            f"parameter 'nmc_csv' must be None (the bundled COW NMC 7.0 extract) or the path of "
            f"an existing COW NMC CSV file, got {nmc_csv!r}"
        )
    else:
        path = Path(nmc_csv)
    return {
        "start_year": start,
        "end_year": end,
        "focus": tuple(focus),
        "nmc_csv": path,
        "min_persistence": int(min_persistence),
        "lang": lang,
        "cinc_system": cinc_system,
        "parity_band": float(parity_band),
    }


# --------------------------------------------------------------------------- the published data
#: How capability shares are taken: ``"gulf"`` recomputes CINC-style shares among the eight
#: littoral states (:func:`capability_shares`); ``"world"`` reads COW's published world CINC.
CINC_SYSTEMS: tuple[str, ...] = ("gulf", "world")
#: The military components of the CINC (expenditure and personnel).
MILITARY_COMPONENTS: tuple[str, ...] = ("milex", "milper")


def world_cinc(
    nmc: pd.DataFrame,
    members: Mapping[str, int] | Sequence[int],
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """COW's published CINC (each state's share of the *world* system), one column per member.

    Definition: the ``cinc`` column of the NMC file as published: the mean of a state's six
    component shares of the world totals (Singer, Bremer & Stuckey 1972). Unlike
    :func:`capability_shares` the shares do not sum to 1 within the members; a ratio of two
    of them is still a ratio of capabilities, measured against the whole world.

    Parameters
    ----------
    nmc : pandas.DataFrame
        As returned by :func:`read_nmc` (``ccode``, ``year``, ``cinc``).
    members : mapping or sequence
        ``{label: ccode}`` or a sequence of ccodes.
    years : iterable of int, optional
        Years to return (missing rows are NaN); default every year with data for a member.

    Returns
    -------
    pandas.DataFrame
        Index ``year``, one float column per member (in the given order).

    Examples
    --------
    >>> import pandas as pd
    >>> nmc = pd.DataFrame({"ccode": [630, 645], "year": [1990, 1990], "cinc": [0.012, 0.009]})
    >>> world_cinc(nmc, {"IRN": 630, "IRQ": 645}).loc[1990].tolist()
    [0.012, 0.009]
    """
    mem = _members(members)
    missing = [c for c in ("ccode", "year", "cinc") if c not in nmc.columns]
    if missing:
        raise ValueError(f"parameter 'nmc' lacks column(s) {missing}; read it with read_nmc()")
    by_code = {v: k for k, v in mem.items()}
    sub = nmc[nmc["ccode"].isin(list(by_code))]
    wide = sub.pivot_table(index="year", columns="ccode", values="cinc", aggfunc="first")
    wide = wide.rename(columns=by_code).reindex(columns=list(mem))
    return _year_table(wide, years)


def system_shares(
    nmc: pd.DataFrame,
    members: Mapping[str, int] | Sequence[int],
    years: Iterable[int] | None = None,
    system: str = "gulf",
) -> pd.DataFrame:
    """Capability shares under a chosen system: ``"gulf"`` (recomputed) or ``"world"`` (COW).

    The two answer different questions. ``"gulf"`` asks how capabilities divide among the
    eight littoral states (:func:`capability_shares`); ``"world"`` takes each state's share of
    world capabilities as COW publishes it (:func:`world_cinc`). Ratios of shares differ
    between the two because a mean of shares is not preserved when the totals change.

    Examples
    --------
    >>> import pandas as pd
    >>> nmc = pd.DataFrame({"ccode": [1, 2], "year": [2000, 2000], "milex": [3.0, 1.0],
    ...                     "milper": [1.0, 1.0], "irst": [1.0, 1.0], "pec": [1.0, 1.0],
    ...                     "tpop": [1.0, 1.0], "upop": [1.0, 1.0], "cinc": [0.02, 0.01]})
    >>> system_shares(nmc, {"A": 1, "B": 2}, system="world").loc[2000, "A"]
    np.float64(0.02)
    """
    check_choice("system", system, CINC_SYSTEMS)
    if system == "world":
        return world_cinc(nmc, members, years)
    return capability_shares(nmc, members, years)


def military_shares(
    nmc: pd.DataFrame,
    members: Mapping[str, int] | Sequence[int],
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Military capability shares: the mean of the members' shares of expenditure and personnel.

    Definition: as :func:`capability_shares`, but over the two military components only
    (:data:`MILITARY_COMPONENTS`): a member's share is the mean of its shares of the system's
    military expenditure and military personnel, over the components it has. This is the
    narrower "military balance" of passage 26.

    Examples
    --------
    >>> import pandas as pd
    >>> nmc = pd.DataFrame({"ccode": [1, 2], "year": [2000, 2000], "milex": [3.0, 1.0],
    ...                     "milper": [1.0, 1.0], "irst": [9.0, 1.0], "pec": [1.0, 1.0],
    ...                     "tpop": [1.0, 1.0], "upop": [1.0, 1.0]})
    >>> military_shares(nmc, {"A": 1, "B": 2}).loc[2000].tolist()
    [0.625, 0.375]
    """
    mem = _members(members)
    long = component_shares(nmc, mem, years)
    long = long[long["component"].isin(MILITARY_COMPONENTS)]
    wide = long.pivot_table(
        index="year", columns="member", values="share", aggfunc="mean", dropna=False
    ).reindex(columns=list(mem))
    return _year_table(wide, years)


def military_expenditure(
    nmc: pd.DataFrame,
    members: Mapping[str, int] | Sequence[int],
    years: Iterable[int] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Military expenditure per member and year (NMC ``milex``: thousands of current US dollars).

    Definition: the ``milex`` component as published (missing as NaN, never 0). A group in
    ``groups`` (e.g. ``{"GCC": [...]}``) is the sum of its members, missing in a year when any
    member is missing, so that a gap in the data never reads as a fall in spending.

    Returns
    -------
    pandas.DataFrame
        Index ``year``, one float column per member, then one per group.

    Examples
    --------
    >>> import pandas as pd
    >>> nmc = pd.DataFrame({"ccode": [1, 2, 1], "year": [2000, 2000, 2001],
    ...                     "milex": [3.0, 1.0, 4.0]})
    >>> m = military_expenditure(nmc, {"A": 1, "B": 2}, groups={"AB": ["A", "B"]})
    >>> m["AB"].tolist()
    [4.0, nan]
    """
    mem = _members(members)
    if "milex" not in nmc.columns:
        raise ValueError("parameter 'nmc' lacks column 'milex'; read it with read_nmc()")
    by_code = {v: k for k, v in mem.items()}
    sub = nmc[nmc["ccode"].isin(list(by_code))]
    wide = sub.pivot_table(index="year", columns="ccode", values="milex", aggfunc="first")
    wide = _year_table(wide.rename(columns=by_code).reindex(columns=list(mem)), years)
    for name, cols in (groups or {}).items():
        bad = [c for c in cols if c not in wide.columns]
        if bad:
            raise ValueError(f"parameter 'groups': {bad} are not members; allowed: {list(mem)}")
        wide[str(name)] = wide[list(cols)].sum(axis=1, min_count=len(cols))
    return wide


def mutual_buildups(
    milex: pd.DataFrame,
    a: str,
    b: str,
    rate: float = 0.08,
    window: int = 3,
) -> pd.DataFrame:
    """Years in which both sides' military spending grew fast together: a screen for arms races.

    Definition: for each year ``t`` with data for both sides in ``t - window`` and ``t``, the
    compound annual growth of each side's expenditure over the window,
    ``(m_t / m_{t-window}) ** (1 / window) - 1``; the year is a *mutual build-up* when both
    grow by at least ``rate``. Runs of consecutive such years are reported as spells. This is
    a simple screen for rapid, simultaneous growth, not the coding rule of any published
    arms-race dataset (Gibler, Rider & Hutchison 2005 code races only during rivalries, from
    their own sources): it sees no rivalry, no intent, no weapons, and on current-dollar
    expenditure inflation counts as growth. A year whose base is 0 or missing has no growth.

    Parameters
    ----------
    milex : pandas.DataFrame
        :func:`military_expenditure` (index ``year``).
    a, b : str
        Two columns of ``milex``.
    rate : float, default 0.08
        Minimum compound annual growth of both sides (> 0).
    window : int, default 3
        Years over which growth is measured (>= 1).

    Returns
    -------
    pandas.DataFrame
        One row per spell: ``start_year``, ``end_year``, ``years``, ``growth_a``,
        ``growth_b`` (the lowest annual growth of each side over the spell's years).

    References
    ----------
    Gibler, D. M., Rider, T. J., & Hutchison, M. L. (2005). Taking arms against a sea of
    troubles: conventional arms races during periods of rivalry. *Journal of Peace Research*
    42(2), 131-147.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"A": [100, 110, 121, 133.1, 133.1], "B": [10, 11, 12.1, 13.31, 20]},
    ...                  index=pd.Index(range(2000, 2005), name="year"))
    >>> mutual_buildups(m, "A", "B", rate=0.09, window=1)[["start_year", "end_year"]].values.tolist()
    [[2001, 2003]]
    """
    for name in (a, b):
        if name not in milex.columns:
            raise ValueError(
                f"parameter {name!r} is not a column of 'milex': {list(milex.columns)}"
            )
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not rate > 0:
        raise ValueError(f"parameter 'rate' must be a number > 0, got {rate!r}")
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise ValueError(f"parameter 'window' must be an integer >= 1, got {window!r}")
    m = milex[[a, b]].astype("float64").sort_index()
    full = m.reindex(pd.RangeIndex(int(m.index.min()), int(m.index.max()) + 1))
    base = full.shift(window)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (full / base.where(base > 0)) ** (1.0 / window) - 1.0
    ok = (g[a] >= rate) & (g[b] >= rate)
    rows = []
    start = None
    years = list(ok.index)
    for i, y in enumerate(years):
        if ok.loc[y] and start is None:
            start = y
        last = i == len(years) - 1
        if start is not None and (not ok.loc[y] or last):
            end = y if ok.loc[y] else years[i - 1]
            span = g.loc[start:end]
            rows.append(
                {
                    "start_year": int(start),
                    "end_year": int(end),
                    "years": int(end - start + 1),
                    "growth_a": float(span[a].min()),
                    "growth_b": float(span[b].min()),
                }
            )
            start = None
    return pd.DataFrame(rows, columns=["start_year", "end_year", "years", "growth_a", "growth_b"])
