"""The coded disputes beside the published record: MIDs, strategic rivalries, contiguity.

:func:`mid_dyads` (GML militarised interstate disputes by pair), :func:`rivalry_record`
(Thompson, Sakuwa & Suhas strategic rivalries), :func:`contiguity_record` (COW direct
contiguity), :func:`dispute_evidence` (each coded pair beside the three) and
:func:`unnamed_mid_pairs` (the MID-heavy pairs the text does not name).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from gulfsec.networks._checks import is_missing

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# --------------------------------------------------------------------------------------------
# The coded disputes beside the published record: MIDs, strategic rivalries, contiguity
# --------------------------------------------------------------------------------------------

#: Highest hostility level of a militarised interstate dispute (MID codebook, ``hostlev``).
MID_HOSTILITY: dict[int, str] = {
    1: "no_militarized_action",
    2: "threat",
    3: "display",
    4: "use",
    5: "war",
}
#: The four rivalry types of Thompson, Sakuwa & Suhas (flags of ``tss_rivalries``).
RIVALRY_TYPES: tuple[str, ...] = ("spatial", "positional", "ideological", "interventionary")
#: COW direct contiguity types: 1 land or river; 2-5 separated by water of at most 12, 24, 150
#: and 400 miles.
CONTIGUITY_TYPES: tuple[int, ...] = (1, 2, 3, 4, 5)
#: Revision type "territory" in the MID data (``revtype*`` columns).
MID_TERRITORY = 1


def _pair(a: Any, b: Any) -> tuple[int, int]:
    a, b = int(a), int(b)
    return (a, b) if a < b else (b, a)


def _codes_to_ids(actors: pd.DataFrame) -> dict[int, str]:
    """``{ccode: actor_id}`` for the actors that have a COW state number."""
    codes = actors["cow_code"].dropna()
    return {int(c): str(a) for a, c in codes.items()}


def mid_dyads(dyad_years: pd.DataFrame) -> pd.DataFrame:
    """The militarised-dispute record of every pair in a MID dyad-year table.

    Definition: from the Gibler-Miller-Little (GML) dyadic dispute-years (directed or not),
    each unordered pair ``(ccode1 < ccode2)`` is summarised by the number of distinct disputes
    (``dispnum``), the first and last year with a dispute ongoing, the number of distinct
    dispute-years, the highest hostility level reached by either side (``max(hostlev1,
    hostlev2)``, 1 no militarised action ... 5 war; :data:`MID_HOSTILITY`), the number of
    disputes in which either side sought to revise territory (a revision type of 1) and the
    number with at least one battle death (``fatality > 0``).

    Parameters
    ----------
    dyad_years : pandas.DataFrame
        Columns ``dispnum, ccode1, ccode2, year, hostlev1, hostlev2``; optional
        ``revtype11, revtype12, revtype21, revtype22`` and ``fatality`` (missing as NaN).

    Returns
    -------
    pandas.DataFrame
        One row per pair, sorted by ``disputes`` (descending) then codes: ``ccode1``,
        ``ccode2``, ``disputes``, ``first_year``, ``last_year``, ``dispute_years``,
        ``max_hostility``, ``territorial``, ``fatal``.

    References
    ----------
    Gibler, D. M., Miller, S. V., & Little, E. K. (2016). An analysis of the Militarized
    Interstate Dispute (MID) dataset, 1816-2001. *International Studies Quarterly* 60(4),
    719-730.

    Examples
    --------
    >>> import pandas as pd
    >>> dy = pd.DataFrame({"dispnum": [1, 1, 1, 2], "ccode1": [630, 645, 630, 645],
    ...                    "ccode2": [645, 630, 645, 630], "year": [1980, 1980, 1981, 1990],
    ...                    "hostlev1": [5, 4, 5, 2], "hostlev2": [4, 5, 4, 3],
    ...                    "revtype11": [1, 0, 1, 2], "revtype12": [0, 1, 0, 0]})
    >>> r = mid_dyads(dy).iloc[0]
    >>> int(r["disputes"]), int(r["first_year"]), int(r["last_year"]), int(r["max_hostility"])
    (2, 1980, 1990, 5)
    >>> int(r["dispute_years"]), int(r["territorial"])
    (3, 1)
    """
    import pandas as pd

    need = ["dispnum", "ccode1", "ccode2", "year", "hostlev1", "hostlev2"]
    missing = [c for c in need if c not in dyad_years.columns]
    if missing:
        raise ValueError(f"parameter 'dyad_years' lacks column(s) {missing}")
    cols = [
        "ccode1",
        "ccode2",
        "disputes",
        "first_year",
        "last_year",
        "dispute_years",
        "max_hostility",
        "territorial",
        "fatal",
    ]
    if dyad_years.empty:
        return pd.DataFrame(columns=cols)
    d = dyad_years.copy()
    lo = d[["ccode1", "ccode2"]].min(axis=1).astype("int64")
    hi = d[["ccode1", "ccode2"]].max(axis=1).astype("int64")
    d["ccode1"], d["ccode2"] = lo, hi
    d["_host"] = d[["hostlev1", "hostlev2"]].max(axis=1)
    rev = [c for c in ("revtype11", "revtype12", "revtype21", "revtype22") if c in d.columns]
    d["_terr"] = (d[rev] == MID_TERRITORY).any(axis=1) if rev else False
    d["_fatal"] = d["fatality"].fillna(0) > 0 if "fatality" in d.columns else False
    per_dispute = d.groupby(["ccode1", "ccode2", "dispnum"]).agg(
        terr=("_terr", "any"), fatal=("_fatal", "any")
    )
    g = d.groupby(["ccode1", "ccode2"])
    out = pd.DataFrame(
        {
            "disputes": g["dispnum"].nunique(),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "dispute_years": g["year"].nunique(),
            "max_hostility": g["_host"].max(),
            "territorial": per_dispute.groupby(level=[0, 1])["terr"].sum(),
            "fatal": per_dispute.groupby(level=[0, 1])["fatal"].sum(),
        }
    ).reset_index()
    for c in cols[2:]:
        out[c] = out[c].astype("Int64")
    out = out.sort_values(["disputes", "ccode1", "ccode2"], ascending=[False, True, True])
    return out[cols].reset_index(drop=True)


def rivalry_record(rivalries: pd.DataFrame) -> pd.DataFrame:
    """Strategic rivalries per pair: their types and years.

    Definition: Thompson, Sakuwa & Suhas (TSS) code a *strategic rivalry* when the leaders of
    two states regard each other as competitors, as a source of actual or latent threat and as
    enemies; each rivalry is flagged by type (spatial: over territory; positional: over
    relative standing; ideological; interventionary: over intervention in a third state). A
    pair can have several rivalries over time (e.g. Iran-Iraq 1 and 2); they are joined in
    time order. An ``end`` of 2020 means ongoing when the data end.

    Parameters
    ----------
    rivalries : pandas.DataFrame
        Columns ``ccode1, ccode2, start, end`` and the type flags of :data:`RIVALRY_TYPES`
        (1 or missing).

    Returns
    -------
    pandas.DataFrame
        One row per pair (``ccode1 < ccode2``): ``rivalries`` (count), ``types`` (tuple of
        type names in :data:`RIVALRY_TYPES` order, over all its rivalries), ``spells`` (tuple of
        ``(start, end)``), ``first_year``, ``last_year``.

    References
    ----------
    Thompson, W. R., Sakuwa, K., & Suhas, P. H. (2022). *Analyzing Strategic Rivalries in
    World Politics: Types of Rivalry, Regional Variation, and Escalation/De-escalation*.
    Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"ccode1": [630, 630], "ccode2": [645, 645], "start": [1932, 1958],
    ...                   "end": [1939, 2003], "positional": [1, 1], "spatial": [1, 1],
    ...                   "ideological": [None, None], "interventionary": [None, None]})
    >>> row = rivalry_record(r).iloc[0]
    >>> row["types"], row["spells"]
    (('spatial', 'positional'), ((1932, 1939), (1958, 2003)))
    """
    import pandas as pd

    cols = ["ccode1", "ccode2", "rivalries", "types", "spells", "first_year", "last_year"]
    rows = []
    if rivalries.empty:
        return pd.DataFrame(columns=cols)
    r = rivalries.copy()
    r["_pair"] = [_pair(a, b) for a, b in zip(r["ccode1"], r["ccode2"], strict=True)]
    for pair, grp in r.sort_values("start", kind="stable").groupby("_pair", sort=True):
        types = tuple(
            t for t in RIVALRY_TYPES if t in grp.columns and (grp[t].fillna(0) == 1).any()
        )
        spells = tuple((int(s), int(e)) for s, e in zip(grp["start"], grp["end"], strict=True))
        rows.append(
            {
                "ccode1": pair[0],
                "ccode2": pair[1],
                "rivalries": len(grp),
                "types": types,
                "spells": spells,
                "first_year": min(s for s, _ in spells),
                "last_year": max(e for _, e in spells),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def contiguity_record(contiguity: pd.DataFrame) -> pd.DataFrame:
    """The closest COW direct contiguity of each pair.

    Definition: COW direct contiguity codes a pair as contiguous by land or river (type 1) or
    separated by at most 12, 24, 150 or 400 miles of water (types 2-5). A pair can have
    several spells (e.g. a change of type); the closest type ever recorded is kept (the
    smallest code), with the first year of the spells (``begin`` as ``YYYYMM``).

    Parameters
    ----------
    contiguity : pandas.DataFrame
        Columns ``ccode1, ccode2, conttype, begin`` (``YYYYMM`` integers).

    Returns
    -------
    pandas.DataFrame
        ``ccode1``, ``ccode2`` (``ccode1 < ccode2``), ``conttype`` (closest), ``since``
        (first year of any spell).

    References
    ----------
    Stinnett, D. M., Tir, J., Schafer, P., Diehl, P. F., & Gochman, C. (2002). The Correlates
    of War project direct contiguity data, version 3. *Conflict Management and Peace Science*
    19(2), 58-66.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"ccode1": [670, 670], "ccode2": [692, 692], "conttype": [3, 1],
    ...                   "begin": [197108, 198611]})
    >>> contiguity_record(c).iloc[0][["conttype", "since"]].tolist()
    [1, 1971]
    """
    import pandas as pd

    cols = ["ccode1", "ccode2", "conttype", "since"]
    if contiguity.empty:
        return pd.DataFrame(columns=cols)
    c = contiguity.copy()
    pairs = [_pair(a, b) for a, b in zip(c["ccode1"], c["ccode2"], strict=True)]
    c["ccode1"] = [p[0] for p in pairs]
    c["ccode2"] = [p[1] for p in pairs]
    c["_since"] = c["begin"].astype("int64") // 100
    g = c.groupby(["ccode1", "ccode2"])
    out = pd.DataFrame({"conttype": g["conttype"].min(), "since": g["_since"].min()})
    out = out.reset_index()
    out["conttype"] = out["conttype"].astype("int64")
    out["since"] = out["since"].astype("int64")
    return out[cols]


def dispute_evidence(
    pairs: Iterable[tuple[str, str]],
    actors: pd.DataFrame,
    mids: pd.DataFrame,
    rivalries: pd.DataFrame,
    contiguity: pd.DataFrame,
) -> pd.DataFrame:
    """Each pair of actors beside its MID record, its strategic rivalry and its contiguity.

    Parameters
    ----------
    pairs : iterable of (str, str)
        Actor-id pairs (e.g. the ``side_a, side_b`` of the coded ``disputes``); pairs whose
        actors have no COW state number (organisations, armed groups) are left out.
    actors : pandas.DataFrame
        The ``actors`` table (``cow_code``).
    mids : pandas.DataFrame
        :func:`mid_dyads` of the GML dyad-years.
    rivalries : pandas.DataFrame
        :func:`rivalry_record` of the TSS rivalries.
    contiguity : pandas.DataFrame
        :func:`contiguity_record` of the COW direct contiguity.

    Returns
    -------
    pandas.DataFrame
        One row per pair, in the order given: ``side_a``, ``side_b``, ``ccode1``, ``ccode2``,
        the MID columns of :func:`mid_dyads` (``disputes`` 0 when the pair has none),
        ``rivalry_types``, ``rivalry_spells`` (empty tuples when none), ``conttype`` (NA
        when not contiguous) and ``contiguous_since``.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"cow_code": [630, 645]}, index=["IRN", "IRQ"])
    >>> m = pd.DataFrame({"ccode1": [630], "ccode2": [645], "disputes": [29], "first_year": [1934],
    ...                   "last_year": [2010], "dispute_years": [40], "max_hostility": [5],
    ...                   "territorial": [10], "fatal": [5]})
    >>> r = pd.DataFrame({"ccode1": [630], "ccode2": [645], "rivalries": [1],
    ...                   "types": [("spatial",)], "spells": [((1958, 2003),)],
    ...                   "first_year": [1958], "last_year": [2003]})
    >>> c = pd.DataFrame({"ccode1": [630], "ccode2": [645], "conttype": [1], "since": [1932]})
    >>> e = dispute_evidence([("IRQ", "IRN")], a, m, r, c).iloc[0]
    >>> int(e["disputes"]), e["rivalry_types"], int(e["conttype"])
    (29, ('spatial',), 1)
    """
    import pandas as pd

    codes = actors["cow_code"]
    mid_by = {(int(r.ccode1), int(r.ccode2)): r for r in mids.itertuples(index=False)}
    riv_by = {(int(r.ccode1), int(r.ccode2)): r for r in rivalries.itertuples(index=False)}
    con_by = {(int(r.ccode1), int(r.ccode2)): r for r in contiguity.itertuples(index=False)}
    rows = []
    seen: set[tuple[int, int]] = set()
    for a, b in pairs:
        if a not in codes.index or b not in codes.index:
            raise ValueError(f"parameter 'pairs': {(a, b)!r} names an actor absent from 'actors'")
        if is_missing(codes.loc[a]) or is_missing(codes.loc[b]):
            continue
        key = _pair(codes.loc[a], codes.loc[b])
        if key in seen:
            continue
        seen.add(key)
        m, r, c = mid_by.get(key), riv_by.get(key), con_by.get(key)
        rows.append(
            {
                "side_a": str(a),
                "side_b": str(b),
                "ccode1": key[0],
                "ccode2": key[1],
                "disputes": int(m.disputes) if m is not None else 0,
                "first_year": m.first_year if m is not None else pd.NA,
                "last_year": m.last_year if m is not None else pd.NA,
                "dispute_years": int(m.dispute_years) if m is not None else 0,
                "max_hostility": m.max_hostility if m is not None else pd.NA,
                "territorial": int(m.territorial) if m is not None else 0,
                "fatal": int(m.fatal) if m is not None else 0,
                "rivalry_types": tuple(r.types) if r is not None else (),
                "rivalry_spells": tuple(r.spells) if r is not None else (),
                "conttype": c.conttype if c is not None else pd.NA,
                "contiguous_since": c.since if c is not None else pd.NA,
            }
        )
    out = pd.DataFrame(rows)
    for col in ("first_year", "last_year", "max_hostility", "conttype", "contiguous_since"):
        if col in out.columns:
            out[col] = out[col].astype("Int64")
    return out


def unnamed_mid_pairs(
    mids: pd.DataFrame,
    actors: pd.DataFrame,
    named: Iterable[tuple[str, str]],
    min_disputes: int = 3,
) -> pd.DataFrame:
    """MID-heavy pairs with a Gulf littoral state that a given list of pairs does not name.

    Definition: the pairs of :func:`mid_dyads` with at least ``min_disputes`` disputes, at
    least one side a Gulf littoral state and both sides actors of the data, minus the
    ``named`` pairs (order ignored). The complement of :func:`dispute_evidence`: which
    disputing relations the published record holds that the text does not.

    Parameters
    ----------
    mids : pandas.DataFrame
        :func:`mid_dyads`.
    actors : pandas.DataFrame
        The ``actors`` table (``cow_code``, ``gulf_littoral``).
    named : iterable of (str, str)
        Actor-id pairs to leave out.
    min_disputes : int, default 3
        Threshold (>= 1).

    Returns
    -------
    pandas.DataFrame
        The rows of ``mids`` kept, with ``side_a`` and ``side_b`` (actor ids) in front.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"cow_code": [2, 630, 645], "gulf_littoral": [False, True, True]},
    ...                  index=["USA", "IRN", "IRQ"])
    >>> m = pd.DataFrame({"ccode1": [2, 630], "ccode2": [630, 645], "disputes": [15, 29]})
    >>> unnamed_mid_pairs(m, a, [("IRN", "IRQ")])[["side_a", "side_b", "disputes"]].values.tolist()
    [['USA', 'IRN', 15]]
    """
    if isinstance(min_disputes, bool) or not isinstance(min_disputes, int | np.integer):
        raise ValueError(f"parameter 'min_disputes' must be an integer >= 1, got {min_disputes!r}")
    if min_disputes < 1:
        raise ValueError(f"parameter 'min_disputes' must be an integer >= 1, got {min_disputes!r}")
    ids = _codes_to_ids(actors)
    littoral = {str(a) for a in actors.index[actors["gulf_littoral"].astype(bool)]}
    codes = actors["cow_code"]
    named_keys = set()
    for a, b in named:
        if (
            a in codes.index
            and b in codes.index
            and not (is_missing(codes.loc[a]) or is_missing(codes.loc[b]))
        ):
            named_keys.add(_pair(codes.loc[a], codes.loc[b]))
    keep = []
    for i, r in enumerate(mids.itertuples(index=False)):
        key = _pair(r.ccode1, r.ccode2)
        a, b = ids.get(key[0]), ids.get(key[1])
        if a is None or b is None or key in named_keys:
            continue
        if int(r.disputes) >= min_disputes and (a in littoral or b in littoral):
            keep.append((i, a, b))
    out = mids.iloc[[i for i, _, _ in keep]].copy()
    out.insert(0, "side_b", [b for _, _, b in keep])
    out.insert(0, "side_a", [a for _, a, _ in keep])
    return out.reset_index(drop=True)
