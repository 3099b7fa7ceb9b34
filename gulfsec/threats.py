"""Threat severity as a composite indicator: criteria, weights, aggregation, uncertainty.

The article's coordinated security system starts (phase one, passage 49) by diagnosing "the
conflicts, crises and threats most influential on regional security" and then setting
"criteria to measure the degree of danger of each". This module is that phase one, built the
way composite indices are built (OECD/JRC 2008; INFORM, Marin-Ferrer et al. 2017):

1. **Normalisation.** Each coded score ``s`` (integer 0..5, levels in ``data/CODEBOOK.md``)
   becomes ``x = s / 5`` in [0, 1]: min-max normalisation over the *fixed* scale, not over
   the observed range, so adding or removing a threat never changes another threat's value.
2. **Weighting.** Non-negative weights ``w`` (default: ``threat_criteria.default_weight``)
   normalised to sum to one.
3. **Aggregation.** ``"arithmetic"``: ``S = sum_i w_i x_i`` (fully compensatory: a high
   score on one criterion offsets a low one elsewhere). ``"geometric"``:
   ``S = prod_i x_i ** w_i`` (partially compensatory, as INFORM aggregates its dimensions: a
   zero on any criterion with positive weight gives ``S = 0``; a criterion of weight zero is
   ignored, ``0 ** 0 = 1``). Both give ``S`` in [0, 1].
4. **Exposure.** For threat ``t`` and littoral state ``c``:
   ``risk[t, c] = S_t * e[t, c] / 5`` with ``e`` the coded exposure (0..5). The product is the
   classic "risk = hazard x exposure" (UNDRO 1979); INFORM combines its dimensions by a
   geometric mean, which ``combine="geometric"`` gives: ``risk = sqrt(S_t * e[t, c] / 5)``.
   Both orders the threats of one state identically (one is a monotone function of the other);
   the product keeps the scale of ``S`` and stays 0 where exposure is 0.
5. **Uncertainty.** :func:`rank_uncertainty` is the Handbook's uncertainty analysis: a Monte
   Carlo over weights (Dirichlet around the defaults), coded scores (perturbed within their
   stated confidence) and the aggregation method, reporting per threat the median rank, the
   5-95 % rank interval and the probability of being in the top ``k``.

Ranks are competition ranks ("1224"): rank 1 is the most severe and tied threats share the
better rank, so that no result depends on the order of the rows.

References
----------
OECD & JRC (2008). *Handbook on Constructing Composite Indicators: Methodology and User Guide*.
Paris: OECD. Steps 5-7 (normalisation, weighting and aggregation, uncertainty and
sensitivity analysis).

Marin-Ferrer, M., Vernaccini, L., & Poljansek, K. (2017). *INFORM Index for Risk Management:
Concept and Methodology, Version 2017*. EUR 28655 EN, Luxembourg: Publications Office of the
European Union. (Risk = Hazard & Exposure^1/3 x Vulnerability^1/3 x Lack of Coping
Capacity^1/3.)

UNDRO (1979). *Natural Disasters and Vulnerability Analysis*. Geneva: Office of the United
Nations Disaster Relief Co-ordinator.

Examples
--------
>>> import pandas as pd
>>> scores = pd.DataFrame({"impact": [5, 2], "likelihood": [1, 4]}, index=["A", "B"])
>>> severity(scores, {"impact": 1, "likelihood": 1}).round(2).to_dict()
{'A': 0.6, 'B': 0.6}
>>> severity(scores, {"impact": 1, "likelihood": 1}, "geometric").round(3).to_dict()
{'A': 0.447, 'B': 0.566}
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gulfsec._validate import check_choice, check_size
from gulfsec.i18n import check_lang, label

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import Dataset

__all__ = [
    "CONFIDENCE_SPREAD",
    "GW_FROM_COW",
    "INTERNAL_CONFLICT_TYPES",
    "UCDP_INTENSITY",
    "UCDP_YEARS",
    "conflict_intensity",
    "conflict_years",
    "gw_code",
    "territorial_threat",
    "LEVELS",
    "METHODS",
    "SCALE_MAX",
    "VARY",
    "RankUncertainty",
    "ThreatMatrix",
    "WeightChange",
    "check_method",
    "compare_methods",
    "confidence_matrix",
    "contributions",
    "default_weights",
    "describe_weight_change",
    "exposure_matrix",
    "littoral_states",
    "normalise",
    "normalise_weights",
    "rank",
    "rank_sensitivity",
    "robustness_groups",
    "rank_uncertainty",
    "score_matrix",
    "severity",
    "simulate_ranks",
    "threat_matrix",
    "threat_ranking",
    "threat_names",
    "check_params",
    "weight_change",
]

#: Top of the coded 0..5 scale of scores and exposure.
SCALE_MAX: int = 5
#: Aggregation methods of :func:`severity`.
METHODS: tuple[str, ...] = ("arithmetic", "geometric")
#: Which threats to rank: the four main threats, the sub-threats, or all.
LEVELS: tuple[str, ...] = ("main", "sub", "all")
#: How severity and exposure combine in :func:`threat_matrix`.
COMBINES: tuple[str, ...] = ("product", "geometric")
#: Sources of uncertainty that :func:`rank_uncertainty` can vary.
VARY: tuple[str, ...] = ("weights", "scores", "method")
#: Monte-Carlo perturbation of a coded value by the coder's confidence: a uniform integer
#: offset in ``[-d, d]`` (then clipped to 0..5), with ``d`` = this spread in score points.
CONFIDENCE_SPREAD: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
#: Tolerance below which two severities count as tied.
_TIE_TOL = 1e-12
#: Floor for log(x) in the geometric decomposition of a change (see :func:`weight_change`).
_LOG_FLOOR = 1e-6


# --------------------------------------------------------------------------- validation


def check_method(method: str) -> str:
    """Return ``method`` if it is an aggregation method, else raise ``ValueError``.

    Examples
    --------
    >>> check_method("geometric")
    'geometric'
    """
    return check_choice("method", method, METHODS)


def normalise(scores: pd.DataFrame, scale_max: int = SCALE_MAX) -> pd.DataFrame:
    """Min-max normalise coded scores over the fixed scale: ``x = s / scale_max``.

    Parameters
    ----------
    scores : pandas.DataFrame
        Threats (rows) x criteria (columns), numbers in ``[0, scale_max]``.
    scale_max : int
        Top of the coded scale (the bottom is 0).

    Returns
    -------
    pandas.DataFrame
        Same shape, floats in [0, 1].

    Raises
    ------
    ValueError
        If a score is missing, not numeric or outside the scale.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise(pd.DataFrame({"impact": [0, 3, 5]})).impact.tolist()
    [0.0, 0.6, 1.0]
    """
    if scale_max <= 0:
        raise ValueError(f"parameter 'scale_max' must be positive, got {scale_max!r}")
    try:
        values = scores.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ValueError("parameter 'scores' must hold numbers (coded scores 0..5)") from None
    if np.isnan(values).any():
        raise ValueError("parameter 'scores' has missing values; every threat needs every score")
    if (values < 0).any() or (values > scale_max).any():
        raise ValueError(f"parameter 'scores' must lie in [0, {scale_max}]")
    return pd.DataFrame(values / scale_max, index=scores.index, columns=scores.columns)


def normalise_weights(
    weights: Mapping[str, float] | pd.Series | None, criteria: Iterable[str]
) -> pd.Series:
    """Validate weights and normalise them to sum to one, in the order of ``criteria``.

    Parameters
    ----------
    weights : mapping or Series or None
        ``criterion -> weight`` (non-negative, finite, not all zero). A criterion that is
        not named gets weight 0; ``None`` gives equal weights.
    criteria : iterable of str
        All criteria, in the order wanted.

    Returns
    -------
    pandas.Series
        Index ``criteria``, values summing to 1.

    Raises
    ------
    ValueError
        On an unknown criterion, a negative, non-numeric or non-finite weight, or all zeros.

    Examples
    --------
    >>> normalise_weights({"a": 2, "b": 6}, ["a", "b", "c"]).tolist()
    [0.25, 0.75, 0.0]
    >>> normalise_weights(None, ["a", "b"]).tolist()
    [0.5, 0.5]
    """
    crit = list(criteria)
    if not crit:
        raise ValueError("parameter 'criteria' is empty")
    if weights is None:
        return pd.Series(1.0 / len(crit), index=crit, name="weight")
    items = dict(weights.items()) if hasattr(weights, "items") else None
    if items is None:
        raise ValueError(
            f"parameter 'weights' must be a dict criterion -> weight (criteria: {crit}) or None"
        )
    unknown = [k for k in items if k not in crit]
    if unknown:
        raise ValueError(f"parameter 'weights' has unknown criteria {unknown}; allowed: {crit}")
    out = []
    for c in crit:
        v = items.get(c, 0.0)
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise ValueError(
                f"parameter 'weights': weight of {c!r} must be a number, got {v!r}"
            ) from None
        if not math.isfinite(v) or v < 0:
            raise ValueError(
                f"parameter 'weights': weight of {c!r} must be finite and >= 0, got {v!r}"
            )
        out.append(v)
    total = sum(out)
    if total <= 0:
        raise ValueError(f"parameter 'weights' must give some criterion of {crit} a weight > 0")
    return pd.Series([v / total for v in out], index=crit, name="weight")


def _scores_wide(scores: pd.DataFrame) -> pd.DataFrame:
    """Accept wide (threat x criterion) or tidy (threat_id, criterion_id, score) scores."""
    if not isinstance(scores, pd.DataFrame):
        raise ValueError("parameter 'scores' must be a pandas DataFrame")
    if {"threat_id", "criterion_id", "score"} <= set(scores.columns):
        wide = scores.pivot(index="threat_id", columns="criterion_id", values="score")
        wide.columns.name = None
        return wide
    return scores


# --------------------------------------------------------------------------- aggregation


def _aggregate(x: np.ndarray, w: np.ndarray, method: str) -> np.ndarray:
    """Aggregate normalised scores ``x`` (..., criteria) with weights ``w`` (..., criteria)."""
    if method == "arithmetic":
        return (x * w).sum(axis=-1)
    zero_kill = ((x <= 0) & (w > 0)).any(axis=-1)
    logx = np.log(np.where(x > 0, x, 1.0))
    out = np.exp((logx * w).sum(axis=-1))
    return np.where(zero_kill, 0.0, out)


def severity(
    scores: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series | None = None,
    method: str = "arithmetic",
) -> pd.Series:
    """Severity of each threat from its criterion scores.

    ``S = sum_i w_i x_i`` (arithmetic) or ``S = prod_i x_i ** w_i`` (geometric), with
    ``x = score / 5`` (:func:`normalise`) and ``w`` normalised to sum to one
    (:func:`normalise_weights`). ``S`` is in [0, 1]. Under the geometric mean a zero on a
    criterion with positive weight gives ``S = 0``: a threat cannot hide a zero behind high
    scores elsewhere (INFORM's reason for geometric aggregation).

    Parameters
    ----------
    scores : pandas.DataFrame
        Wide, threats (index) x criteria (columns), coded 0..5; or tidy with columns
        ``threat_id, criterion_id, score`` (as ``ds.threat_scores``).
    weights : mapping or Series or None
        ``criterion -> weight``; ``None`` gives equal weights.
    method : {"arithmetic", "geometric"}

    Returns
    -------
    pandas.Series
        Severity per threat (index as the rows of ``scores``), named ``"severity"``.

    References
    ----------
    OECD & JRC (2008), Handbook on Constructing Composite Indicators, section 6;
    Marin-Ferrer et al. (2017), INFORM concept and methodology.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [5, 4], "b": [0, 4]}, index=["T1", "T2"])
    >>> severity(s, {"a": 3, "b": 1}).tolist()
    [0.75, 0.8]
    >>> severity(s, {"a": 3, "b": 1}, "geometric").tolist()
    [0.0, 0.8]
    """
    check_method(method)
    wide = _scores_wide(scores)
    x = normalise(wide)
    w = normalise_weights(weights, x.columns)
    vals = _aggregate(x.to_numpy(), w.to_numpy(), method)
    return pd.Series(vals, index=wide.index, name="severity")


def contributions(
    scores: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series | None = None,
    method: str = "arithmetic",
) -> pd.DataFrame:
    """Share of each criterion in each threat's severity (rows sum to one).

    Arithmetic: ``c_i = w_i x_i / S`` (share of the score). Geometric: ``c_i = w_i ln x_i /
    ln S`` (share of the log-distance from the maximum severity 1, i.e. which criteria pull
    the threat down). Edge cases, documented: arithmetic with ``S = 0`` gives the weights'
    shares; geometric with ``S = 1`` (every weighted criterion at 5) gives the weights' shares
    (the limit as all ``x`` tend to 1 together); geometric with a zero on weighted criteria
    splits the share equally among those zero criteria (each alone sets ``S = 0``).

    Parameters
    ----------
    scores, weights, method
        As in :func:`severity`.

    Returns
    -------
    pandas.DataFrame
        Threats x criteria, non-negative, each row summing to 1.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [5], "b": [5]}, index=["T"])
    >>> contributions(s, {"a": 3, "b": 1}).loc["T"].tolist()
    [0.75, 0.25]
    """
    check_method(method)
    wide = _scores_wide(scores)
    x = normalise(wide).to_numpy()
    w = normalise_weights(weights, wide.columns).to_numpy()
    out = np.empty_like(x)
    for r in range(x.shape[0]):
        xr = x[r]
        if method == "arithmetic":
            terms = w * xr
            tot = terms.sum()
            out[r] = terms / tot if tot > 0 else w
            continue
        zeros = (xr <= 0) & (w > 0)
        if zeros.any():
            out[r] = zeros / zeros.sum()
            continue
        terms = w * np.log(np.where(xr > 0, xr, 1.0))
        tot = terms.sum()
        out[r] = terms / tot if tot < 0 else w
    return pd.DataFrame(out, index=wide.index, columns=wide.columns)


def rank(values: pd.Series) -> pd.Series:
    """Competition ranks, 1 = largest; ties (within 1e-12) share the better rank.

    Examples
    --------
    >>> import pandas as pd
    >>> rank(pd.Series([0.2, 0.9, 0.2, 0.5], index=list("abcd"))).tolist()
    [3, 1, 3, 2]
    """
    r = _competition_ranks(values.to_numpy(dtype=float))
    return pd.Series(r, index=values.index, name="rank", dtype="int64")


def _competition_ranks(v: np.ndarray) -> np.ndarray:
    """Competition ranks along the last axis (1 = largest, ties within 1e-12 share)."""
    return 1 + (v[..., None, :] > v[..., :, None] + _TIE_TOL).sum(axis=-1)


def compare_methods(
    scores: pd.DataFrame, weights: Mapping[str, float] | pd.Series | None = None
) -> pd.DataFrame:
    """Severity and rank of each threat under both aggregation methods.

    Returns
    -------
    pandas.DataFrame
        Columns ``severity_arithmetic, rank_arithmetic, severity_geometric,
        rank_geometric, rank_shift`` (``rank_arithmetic - rank_geometric``: positive when
        the threat climbs under the geometric mean), sorted by the arithmetic rank.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [5, 3], "b": [1, 2]}, index=["spiky", "even"])
    >>> compare_methods(s)[["rank_arithmetic", "rank_geometric"]].to_dict("index")
    {'spiky': {'rank_arithmetic': 1, 'rank_geometric': 2}, 'even': {'rank_arithmetic': 2, 'rank_geometric': 1}}
    """
    out = {}
    for m in METHODS:
        s = severity(scores, weights, m)
        out[f"severity_{m}"] = s
        out[f"rank_{m}"] = rank(s)
    df = pd.DataFrame(out)
    df["rank_shift"] = df["rank_arithmetic"] - df["rank_geometric"]
    return df.sort_values(["rank_arithmetic", "rank_geometric"], kind="stable")


# --------------------------------------------------------------------------- weight changes


@dataclass(frozen=True)
class WeightChange:
    """What changed when the weights changed, and why (see :func:`weight_change`).

    Attributes
    ----------
    table : pandas.DataFrame
        Per threat: ``severity_before, severity_after, rank_before, rank_after, move``
        (``rank_before - rank_after``: positive = climbed), sorted by the new rank.
    delta : pandas.DataFrame
        Threats x criteria: each criterion's part of the change. Arithmetic: ``(w'_i - w_i)
        x_i`` (sums to ``S' - S``). Geometric: ``(w'_i - w_i) ln x_i`` (sums to
        ``ln S' - ln S``; ``x`` floored at 1e-6 so that zeros stay finite).
    swaps : pandas.DataFrame
        One row per pair whose order flipped: ``up`` (now above), ``down``, ``criterion``
        (the criterion whose re-weighting moved ``up`` past ``down`` the most) and
        ``gap_before, gap_after`` (severity of ``up`` minus ``down``; log-ratio for geometric).
    method : str
    """

    table: pd.DataFrame
    delta: pd.DataFrame
    swaps: pd.DataFrame
    method: str


def weight_change(
    scores: pd.DataFrame,
    before: Mapping[str, float] | pd.Series | None,
    after: Mapping[str, float] | pd.Series | None,
    method: str = "arithmetic",
) -> WeightChange:
    """Explain how a ranking moves when the weights move.

    The gap between threats ``a`` and ``b`` is ``G = sum_i w_i (f(x_ai) - f(x_bi))`` with
    ``f`` the identity (arithmetic) or ``ln`` (geometric: the gap in log-severity). A change of
    weights ``dw`` changes the gap by ``sum_i dw_i (f(x_ai) - f(x_bi))``; the criterion with the
    largest term is the one that explains a swap.

    Parameters
    ----------
    scores : pandas.DataFrame
        As in :func:`severity`.
    before, after : mapping or Series or None
        Old and new weights (normalised internally; ``None`` = equal weights).
    method : {"arithmetic", "geometric"}

    Returns
    -------
    WeightChange

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"impact": [5, 2], "likelihood": [3, 5]}, index=["A", "B"])
    >>> ch = weight_change(s, {"impact": 2, "likelihood": 1}, {"impact": 1, "likelihood": 2})
    >>> ch.table["rank_after"].to_dict()
    {'B': 1, 'A': 2}
    >>> ch.swaps[["up", "down", "criterion"]].to_dict("records")
    [{'up': 'B', 'down': 'A', 'criterion': 'impact'}]
    """
    check_method(method)
    wide = _scores_wide(scores)
    x = normalise(wide)
    w0 = normalise_weights(before, x.columns).to_numpy()
    w1 = normalise_weights(after, x.columns).to_numpy()
    s0 = pd.Series(_aggregate(x.to_numpy(), w0, method), index=x.index)
    s1 = pd.Series(_aggregate(x.to_numpy(), w1, method), index=x.index)
    r0, r1 = rank(s0), rank(s1)
    table = pd.DataFrame(
        {
            "severity_before": s0,
            "severity_after": s1,
            "rank_before": r0,
            "rank_after": r1,
            "move": r0 - r1,
        }
    ).sort_values(["rank_after", "rank_before"], kind="stable")
    f = x.to_numpy() if method == "arithmetic" else np.log(np.maximum(x.to_numpy(), _LOG_FLOOR))
    dw = w1 - w0
    delta = pd.DataFrame(f * dw, index=x.index, columns=x.columns)
    rows = []
    ids = list(x.index)
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            if i == j or not (r0[a] > r0[b] and r1[a] < r1[b]):
                continue
            diff = f[i] - f[j]
            terms = dw * diff
            rows.append(
                {
                    "up": a,
                    "down": b,
                    "criterion": str(x.columns[int(np.argmax(terms))]),
                    "gap_before": float(w0 @ diff),
                    "gap_after": float(w1 @ diff),
                }
            )
    swaps = pd.DataFrame(rows, columns=["up", "down", "criterion", "gap_before", "gap_after"])
    if len(swaps):
        order = {t: k for k, t in enumerate(table.index)}
        swaps = swaps.sort_values(
            ["up", "down"], key=lambda c: c.map(order), kind="stable"
        ).reset_index(drop=True)
    return WeightChange(table=table, delta=delta, swaps=swaps, method=method)


def describe_weight_change(
    change: WeightChange,
    names: Mapping[str, str],
    criterion_names: Mapping[str, str],
    lang: str = "en",
) -> str:
    """A plain-language account of a :class:`WeightChange` (one line per swap).

    Parameters
    ----------
    change : WeightChange
    names : mapping
        ``threat_id -> display name`` in ``lang`` (e.g. from :func:`threat_names`).
    criterion_names : mapping
        ``criterion_id -> display name`` in ``lang``.
    lang : {"en", "ar"}

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"impact": [5, 2], "likelihood": [3, 5]}, index=["A", "B"])
    >>> ch = weight_change(s, {"impact": 2, "likelihood": 1}, {"impact": 1, "likelihood": 2})
    >>> print(describe_weight_change(ch, {"A": "Threat A", "B": "Threat B"}, {"impact": "Impact"}))
    Threat B now ranks above Threat A, mainly because of the change in the weight of Impact.
    """
    check_lang(lang)
    if change.swaps.empty:
        return label("threats.explain.no_swap", lang)
    return "\n".join(
        label(
            "threats.explain.swap",
            lang,
            up=names.get(r.up, r.up),
            down=names.get(r.down, r.down),
            criterion=criterion_names.get(r.criterion, r.criterion),
        )
        for r in change.swaps.itertuples()
    )


# --------------------------------------------------------------------------- data helpers


def _threat_ids(ds: Dataset, level: str) -> list[str]:
    check_choice("level", level, LEVELS)
    t = ds.threats
    is_main = t["parent_id"].fillna("").eq("")
    if level == "main":
        sel = t[is_main].sort_values("article_order")
        return list(sel.index)
    if level == "sub":
        return list(t[~is_main].index)
    main = list(t[is_main].sort_values("article_order").index)
    return main + list(t[~is_main].index)


def littoral_states(ds: Dataset) -> list[str]:
    """The eight littoral states (``actors.gulf_littoral``), in the actors table's order.

    Examples
    --------
    >>> import gulfsec
    >>> littoral_states(gulfsec.load())          # doctest: +SKIP
    ['SAU', 'ARE', 'KWT', 'QAT', 'BHR', 'OMN', 'IRQ', 'IRN']
    """
    a = ds.actors
    return list(a.index[a["gulf_littoral"].astype(bool)])


def threat_names(ds: Dataset, lang: str = "en") -> dict[str, str]:
    """``threat_id -> title`` in ``lang`` (from ``threats.title_en`` / ``title_ar``)."""
    check_lang(lang)
    return ds.threats[f"title_{lang}"].to_dict()


def default_weights(ds: Dataset) -> pd.Series:
    """The codebook's default weights (``threat_criteria.default_weight``), normalised.

    Examples
    --------
    >>> import gulfsec
    >>> default_weights(gulfsec.load()).sum()    # doctest: +SKIP
    1.0
    """
    c = ds.threat_criteria
    return normalise_weights(c["default_weight"].astype(float).to_dict(), list(c.index))


def _pivot(ds: Dataset, value: str, level: str) -> pd.DataFrame:
    ids = _threat_ids(ds, level)
    crit = list(ds.threat_criteria.index)
    s = ds.threat_scores
    wide = s.pivot(index="threat_id", columns="criterion_id", values=value)
    wide.columns.name = None
    wide.index.name = "threat_id"
    return wide.reindex(index=ids, columns=crit)


def score_matrix(ds: Dataset, level: str = "main") -> pd.DataFrame:
    """Coded scores, threats x criteria (ints 0..5), main threats in the article's order.

    Parameters
    ----------
    ds : gulfsec.Dataset
    level : {"main", "sub", "all"}

    Examples
    --------
    >>> import gulfsec
    >>> score_matrix(gulfsec.load()).shape        # doctest: +SKIP
    (4, 5)
    """
    return _pivot(ds, "score", level).astype("int64")


def confidence_matrix(ds: Dataset, level: str = "main") -> pd.DataFrame:
    """Coder's confidence (``"low" | "medium" | "high"``), threats x criteria."""
    return _pivot(ds, "confidence", level).astype(str)


def exposure_matrix(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coded exposure (0..5) and its confidence, main threats x littoral states."""
    e = ds.threat_exposure
    ids, states = _threat_ids(ds, "main"), littoral_states(ds)
    val = e.pivot(index="threat_id", columns="actor_id", values="exposure")
    conf = e.pivot(index="threat_id", columns="actor_id", values="confidence")
    val = val.reindex(index=ids, columns=states).astype("int64")
    conf = conf.reindex(index=ids, columns=states).astype(str)
    for df in (val, conf):
        df.columns.name = None
        df.index.name = "threat_id"
    return val, conf


def _weights(ds: Dataset, weights: Mapping[str, float] | pd.Series | None) -> pd.Series:
    if weights is None:
        return default_weights(ds)
    return normalise_weights(weights, list(ds.threat_criteria.index))


def threat_ranking(
    ds: Dataset,
    weights: Mapping[str, float] | pd.Series | None = None,
    method: str = "arithmetic",
    level: str = "main",
) -> pd.DataFrame:
    """Severity and rank of the threats with the data's scores.

    Parameters
    ----------
    ds : gulfsec.Dataset
    weights : mapping or None
        ``criterion -> weight``; ``None`` = the codebook's defaults.
    method : {"arithmetic", "geometric"}
    level : {"main", "sub", "all"}

    Returns
    -------
    pandas.DataFrame
        Index ``threat_id``; columns ``severity, rank, parent_id, article_order``, sorted by
        rank (ties in the table's order).

    Examples
    --------
    >>> import gulfsec
    >>> threat_ranking(gulfsec.load()).index[0]   # doctest: +SKIP
    'IRAN'
    """
    check_method(method)
    sc = score_matrix(ds, level)
    s = severity(sc, _weights(ds, weights), method)
    out = pd.DataFrame({"severity": s, "rank": rank(s)})
    out["parent_id"] = ds.threats.loc[out.index, "parent_id"]
    out["article_order"] = ds.threats.loc[out.index, "article_order"]
    return out.sort_values("rank", kind="stable")


# --------------------------------------------------------------------------- matrix


@dataclass(frozen=True)
class ThreatMatrix:
    """Threat x state risk (see :func:`threat_matrix`).

    Attributes
    ----------
    tidy : pandas.DataFrame
        One row per (threat, state): ``threat_id, actor_id, severity, exposure,
        exposure_confidence, risk``.
    wide : pandas.DataFrame
        Risk, threats (rows, by decreasing severity) x states (columns, by decreasing mean
        risk; ties in the actors table's order).
    severity : pandas.Series
        Severity per main threat.
    """

    tidy: pd.DataFrame
    wide: pd.DataFrame
    severity: pd.Series


def threat_matrix(
    ds: Dataset,
    weights: Mapping[str, float] | pd.Series | None = None,
    method: str = "arithmetic",
    combine: str = "product",
) -> ThreatMatrix:
    """Main threats x littoral states: severity combined with each state's exposure.

    ``risk[t, c] = S_t * e[t, c] / 5`` (``combine="product"``, default) or
    ``sqrt(S_t * e[t, c] / 5)`` (``combine="geometric"``, INFORM's geometric combination of
    dimensions), with ``S_t`` from :func:`severity` and ``e`` the coded exposure (0..5). Both are
    in [0, 1] and zero where exposure is zero (Iran's exposure to its own policy is coded 0).

    Parameters
    ----------
    ds : gulfsec.Dataset
    weights : mapping or None
        ``None`` = the codebook's defaults.
    method : {"arithmetic", "geometric"}
    combine : {"product", "geometric"}

    Returns
    -------
    ThreatMatrix

    References
    ----------
    UNDRO (1979); Marin-Ferrer et al. (2017), INFORM concept and methodology, section 2.

    Examples
    --------
    >>> import gulfsec
    >>> m = threat_matrix(gulfsec.load())        # doctest: +SKIP
    >>> m.wide.loc["IRAN", "IRN"]                # doctest: +SKIP
    0.0
    """
    check_method(method)
    check_choice("combine", combine, COMBINES)
    sev = severity(score_matrix(ds, "main"), _weights(ds, weights), method)
    expo, conf = exposure_matrix(ds)
    risk = expo.mul(sev, axis=0) / SCALE_MAX
    if combine == "geometric":
        risk = np.sqrt(risk)
    states = list(expo.columns)
    # sorted() is stable: ties keep the article's order / the actors table's order
    t_order = sorted(sev.index, key=lambda t: -sev[t])
    means = risk.mean(axis=0)
    s_order = sorted(states, key=lambda s: -round(float(means[s]), 12))
    wide = risk.loc[t_order, s_order]
    pairs = [(t, c) for t in t_order for c in s_order]
    tidy = pd.DataFrame(
        {
            "threat_id": [t for t, _ in pairs],
            "actor_id": [c for _, c in pairs],
            "severity": [float(sev[t]) for t, _ in pairs],
            "exposure": [int(expo.loc[t, c]) for t, c in pairs],
            "exposure_confidence": [str(conf.loc[t, c]) for t, c in pairs],
            "risk": [float(wide.loc[t, c]) for t, c in pairs],
        }
    )
    return ThreatMatrix(tidy=tidy, wide=wide, severity=sev.loc[t_order])


# --------------------------------------------------------------------------- uncertainty


@dataclass(frozen=True)
class RankUncertainty:
    """Result of :func:`rank_uncertainty` / :func:`simulate_ranks`.

    Attributes
    ----------
    summary : pandas.DataFrame
        Per threat: ``base_rank`` (with the unperturbed inputs), ``median_rank``,
        ``rank_p05``, ``rank_p95``, ``width`` (``p95 - p05``), ``p_top_k``, ``robust``
        (``width <= tolerance``), ``mean_severity``; sorted by median then base rank.
    ranks : numpy.ndarray
        Ranks per draw, shape ``(n_draws, n_threats)``, columns in ``threat_ids`` order.
    threat_ids : list of str
    settings : dict
        The parameters used (for captions and reproducibility).
    """

    summary: pd.DataFrame
    ranks: np.ndarray
    threat_ids: list[str]
    settings: dict[str, Any] = field(default_factory=dict)


def _check_methods(methods: Mapping[str, float] | None) -> tuple[list[str], np.ndarray]:
    if methods is None:
        return list(METHODS), np.array([0.5, 0.5])
    if not hasattr(methods, "items") or not methods:
        raise ValueError(
            f"parameter 'methods' must be a dict method -> probability over {list(METHODS)}"
        )
    names = [check_choice("methods", m, METHODS) for m in methods]
    p = np.array([float(v) for v in methods.values()])
    if not np.isfinite(p).all() or (p < 0).any() or p.sum() <= 0:
        raise ValueError("parameter 'methods': probabilities must be finite, >= 0, not all 0")
    return names, p / p.sum()


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"parameter {name!r} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _spread(conf: pd.DataFrame) -> np.ndarray:
    bad = sorted(set(conf.to_numpy().ravel()) - set(CONFIDENCE_SPREAD))
    if bad:
        raise ValueError(
            f"parameter 'confidence' has values {bad}; allowed: {list(CONFIDENCE_SPREAD)}"
        )
    return np.array(
        [[CONFIDENCE_SPREAD[v] for v in row] for row in conf.to_numpy()], dtype=np.int64
    ).reshape(conf.shape)


def simulate_ranks(
    scores: pd.DataFrame,
    confidence: pd.DataFrame | None = None,
    weights: Mapping[str, float] | pd.Series | None = None,
    *,
    n_draws: int = 10_000,
    seed: int = 0,
    concentration: float = 50.0,
    method: str = "arithmetic",
    methods: Mapping[str, float] | None = None,
    vary: Sequence[str] = VARY,
    top_k: int = 1,
    tolerance: int = 0,
    exposure: pd.Series | None = None,
    exposure_confidence: pd.Series | None = None,
) -> RankUncertainty:
    """Monte-Carlo ranks of threats over weights, scores and aggregation (vectorised).

    Each draw ``d``: weights ``w_d ~ Dirichlet(concentration * w)`` over the criteria with
    positive default weight (others stay 0; the mean is ``w``, the spread shrinks as the
    concentration grows); each score ``s + U{-k..k}`` clipped to 0..5 with ``k`` set by the
    cell's confidence (:data:`CONFIDENCE_SPREAD`: high 0, medium 1, low 2); a method drawn
    with probabilities ``methods`` (default 50/50). Severities for all draws are computed as
    arrays of shape (draws, threats, criteria); ranks are competition ranks. With
    ``exposure`` (one state's exposure per threat, 0..5) the quantity ranked is the risk
    ``S * e / 5`` and exposures are perturbed by ``exposure_confidence`` like scores.

    Draws are made in a canonical order (threats and criteria sorted by id) so that results
    do not depend on the order of the rows or columns.

    Parameters
    ----------
    scores : pandas.DataFrame
        Threats x criteria, coded 0..5.
    confidence : pandas.DataFrame or None
        Same shape, ``"low" | "medium" | "high"``; ``None`` = all high (no perturbation).
    weights : mapping or None
        Central weights; ``None`` = equal.
    n_draws : int
        Number of Monte-Carlo draws (>= 1).
    seed : int
        Seed of ``numpy.random.default_rng``.
    concentration : float
        Dirichlet concentration (> 0): about 50 moves a weight of 0.25 by +-0.06 (1 sd).
    method : {"arithmetic", "geometric"}
        The method when ``"method"`` is not in ``vary`` (and for ``base_rank``).
    methods : mapping or None
        ``method -> probability`` when ``"method"`` is in ``vary``.
    vary : sequence of {"weights", "scores", "method"}
        Sources of uncertainty to draw; the others stay at their central value.
    top_k : int
        ``p_top_k`` is the share of draws with rank <= ``top_k``.
    tolerance : int
        A threat is ``robust`` when ``rank_p95 - rank_p05 <= tolerance``.
    exposure, exposure_confidence : pandas.Series or None
        Optional exposure of one state per threat (index as ``scores``).

    Returns
    -------
    RankUncertainty

    References
    ----------
    OECD & JRC (2008), Handbook, step 7 (uncertainty and sensitivity analysis);
    Saisana, M., Saltelli, A., & Tarantola, S. (2005). Uncertainty and sensitivity analysis
    techniques as tools for the quality assessment of composite indicators. *Journal of the
    Royal Statistical Society A*, 168(2), 307-323.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [5, 1, 3], "b": [5, 1, 3]}, index=["hi", "lo", "mid"])
    >>> r = simulate_ranks(s, n_draws=200, seed=1)
    >>> r.summary["median_rank"].to_dict()
    {'hi': 1, 'mid': 2, 'lo': 3}
    """
    check_method(method)
    wide = _scores_wide(scores)
    n_draws = check_size("n_draws", n_draws)
    top_k = _check_int("top_k", top_k, 1)
    tolerance = _check_int("tolerance", tolerance, 0)
    seed = _check_int("seed", seed, 0)
    try:
        concentration = float(concentration)
    except (TypeError, ValueError):
        concentration = float("nan")
    if not math.isfinite(concentration) or concentration <= 0:
        raise ValueError(f"parameter 'concentration' must be a number > 0, got {concentration!r}")
    vary = tuple(vary)
    for v in vary:
        check_choice("vary", v, VARY)
    names, probs = _check_methods(methods)
    if top_k > len(wide):
        raise ValueError(f"parameter 'top_k' must be between 1 and {len(wide)}, got {top_k}")

    # canonical order for the draws
    t_ids = sorted(map(str, wide.index))
    c_ids = sorted(map(str, wide.columns))
    wide = wide.copy()
    wide.index = wide.index.map(str)
    wide.columns = wide.columns.map(str)
    base = normalise(wide).loc[t_ids, c_ids].to_numpy() * SCALE_MAX
    if confidence is None:
        spread = np.zeros_like(base, dtype=np.int64)
    else:
        conf = confidence.copy()
        conf.index = conf.index.map(str)
        conf.columns = conf.columns.map(str)
        spread = _spread(conf.reindex(index=t_ids, columns=c_ids).fillna("high"))
    w0 = normalise_weights(weights, wide.columns).loc[c_ids].to_numpy()
    n_t, n_c = base.shape
    rng = np.random.default_rng(seed)

    if "weights" in vary:
        pos = w0 > 0
        w = np.zeros((n_draws, n_c))
        w[:, pos] = rng.dirichlet(concentration * w0[pos], size=n_draws)
    else:
        w = np.broadcast_to(w0, (n_draws, n_c))
    if "scores" in vary:
        off = rng.integers(-spread, spread + 1, size=(n_draws, n_t, n_c))
        x = np.clip(base[None] + off, 0, SCALE_MAX) / SCALE_MAX
    else:
        x = np.broadcast_to(base / SCALE_MAX, (n_draws, n_t, n_c))
    if "method" in vary:
        m_idx = rng.choice(len(names), size=n_draws, p=probs)
        geo = np.array([names[i] == "geometric" for i in m_idx])
    else:
        geo = np.full(n_draws, method == "geometric")
    wb = w[:, None, :]
    sev = np.where(geo[:, None], _aggregate(x, wb, "geometric"), _aggregate(x, wb, "arithmetic"))
    base_sev = _aggregate(base / SCALE_MAX, w0, method)

    if exposure is not None:
        e = exposure.copy()
        e.index = e.index.map(str)
        e0 = e.reindex(t_ids).to_numpy(dtype=float)
        if np.isnan(e0).any() or (e0 < 0).any() or (e0 > SCALE_MAX).any():
            raise ValueError(
                f"parameter 'exposure' must give every threat a value in 0..{SCALE_MAX}"
            )
        if exposure_confidence is not None and "scores" in vary:
            ec = exposure_confidence.copy()
            ec.index = ec.index.map(str)
            es = _spread(ec.reindex(t_ids).fillna("high").to_frame()).ravel()
            eoff = rng.integers(-es, es + 1, size=(n_draws, n_t))
            ed = np.clip(e0[None] + eoff, 0, SCALE_MAX) / SCALE_MAX
        else:
            ed = np.broadcast_to(e0 / SCALE_MAX, (n_draws, n_t))
        sev = sev * ed
        base_sev = base_sev * e0 / SCALE_MAX

    ranks = _competition_ranks(sev)
    base_rank = _competition_ranks(base_sev)
    q = np.quantile(ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf").astype(np.int64)
    summary = pd.DataFrame(
        {
            "base_rank": base_rank,
            "median_rank": q[1],
            "rank_p05": q[0],
            "rank_p95": q[2],
            "width": q[2] - q[0],
            "p_top_k": (ranks <= top_k).mean(axis=0),
            "mean_severity": sev.mean(axis=0),
        },
        index=pd.Index(t_ids, name="threat_id"),
    )
    summary["robust"] = summary["width"] <= tolerance
    summary = summary.sort_values(
        ["median_rank", "base_rank", "p_top_k"], ascending=[True, True, False], kind="stable"
    )
    settings = {
        "n_draws": n_draws,
        "seed": seed,
        "concentration": concentration,
        "method": method,
        "methods": dict(zip(names, probs.tolist(), strict=True)),
        "vary": vary,
        "top_k": top_k,
        "tolerance": tolerance,
        "weights": dict(zip(c_ids, w0.tolist(), strict=True)),
    }
    return RankUncertainty(summary=summary, ranks=ranks, threat_ids=t_ids, settings=settings)


def rank_uncertainty(
    ds: Dataset,
    n_draws: int = 10_000,
    seed: int = 0,
    *,
    weights: Mapping[str, float] | pd.Series | None = None,
    concentration: float = 50.0,
    method: str = "arithmetic",
    methods: Mapping[str, float] | None = None,
    vary: Sequence[str] = VARY,
    level: str = "main",
    target: str = "all",
    top_k: int = 1,
    tolerance: int = 0,
) -> RankUncertainty:
    """Monte-Carlo rank uncertainty of the threats in the data (see :func:`simulate_ranks`).

    Parameters
    ----------
    ds : gulfsec.Dataset
    n_draws, seed, concentration, method, methods, vary, top_k, tolerance
        As in :func:`simulate_ranks`.
    weights : mapping or None
        Central weights; ``None`` = the codebook's defaults.
    level : {"main", "sub", "all"}
        Which threats to rank.
    target : str
        ``"all"`` ranks severity for the region; a littoral state's id (e.g. ``"SAU"``) ranks
        the risk to that state (``S * e / 5``, main threats only), its exposure perturbed by
        its confidence too.

    Returns
    -------
    RankUncertainty

    Examples
    --------
    >>> import gulfsec
    >>> r = rank_uncertainty(gulfsec.load(), n_draws=1000, seed=0)   # doctest: +SKIP
    >>> r.summary.index[0]                                            # doctest: +SKIP
    'IRAN'
    """
    check_choice("level", level, LEVELS)
    states = littoral_states(ds)
    check_choice("target", target, ["all", *states])
    if target != "all" and level != "main":
        raise ValueError(
            f"parameter 'level' must be 'main' when 'target' is a state ({target!r}): exposure "
            "is coded for the main threats only"
        )
    sc, conf = score_matrix(ds, level), confidence_matrix(ds, level)
    kw: dict[str, Any] = {}
    if target != "all":
        expo, econf = exposure_matrix(ds)
        kw = {"exposure": expo[target], "exposure_confidence": econf[target]}
    res = simulate_ranks(
        sc,
        conf,
        _weights(ds, weights),
        n_draws=n_draws,
        seed=seed,
        concentration=concentration,
        method=method,
        methods=methods,
        vary=vary,
        top_k=top_k,
        tolerance=tolerance,
        **kw,
    )
    res.settings.update({"level": level, "target": target})
    return res


def rank_sensitivity(
    ds: Dataset,
    n_draws: int = 10_000,
    seed: int = 0,
    **kwargs: Any,
) -> pd.DataFrame:
    """Which modelling choice moves each threat's rank: one source of uncertainty at a time.

    Runs :func:`rank_uncertainty` four times with the same seed: varying only the weights,
    only the coded scores (and exposures), only the aggregation method, and all three
    together, and reports each run's 5-95 % rank interval width (0 = the rank never moves in
    90 % of the draws). A threat whose width is positive under ``weights`` alone "hangs on the
    weights"; one with width 0 in every run is robust. This is the Handbook's one-at-a-time
    sensitivity analysis next to the joint uncertainty analysis.

    Parameters
    ----------
    ds : gulfsec.Dataset
    n_draws, seed : int
        As in :func:`rank_uncertainty`.
    **kwargs
        Passed on to :func:`rank_uncertainty` (not ``vary``).

    Returns
    -------
    pandas.DataFrame
        Index ``threat_id`` in the joint run's order; columns ``base_rank``,
        ``width_weights``, ``width_scores``, ``width_method``, ``width_all``,
        ``p_top_k_all``, ``median_rank_all``, ``rank_p05_all``, ``rank_p95_all``.

    Examples
    --------
    >>> import gulfsec
    >>> sens = rank_sensitivity(gulfsec.load(), n_draws=500)   # doctest: +SKIP
    >>> int(sens.loc["IRAN", "width_all"])                    # doctest: +SKIP
    0
    """
    if "vary" in kwargs:
        raise ValueError("parameter 'vary' is set by rank_sensitivity itself; do not pass it")
    joint = rank_uncertainty(ds, n_draws, seed, **kwargs).summary
    out = pd.DataFrame(index=joint.index)
    out["base_rank"] = joint["base_rank"]
    for v in VARY:
        one = rank_uncertainty(ds, n_draws, seed, vary=(v,), **kwargs).summary
        out[f"width_{v}"] = one["width"].reindex(out.index)
    out["width_all"] = joint["width"]
    out["p_top_k_all"] = joint["p_top_k"]
    out["median_rank_all"] = joint["median_rank"]
    out["rank_p05_all"] = joint["rank_p05"]
    out["rank_p95_all"] = joint["rank_p95"]
    return out


def robustness_groups(sens: pd.DataFrame, tolerance: int = 0) -> dict[str, list[str]]:
    """Sort threats by what their rank depends on, from :func:`rank_sensitivity`.

    - ``"robust"``: the joint 5-95 % rank interval has width ``<= tolerance``;
    - ``"weights"``: not robust, and the rank moves when only the weights vary
      ("hangs on the weights");
    - ``"other"``: not robust, but the weights alone do not move it (the coded scores or the
      aggregation method do).

    Examples
    --------
    >>> import pandas as pd
    >>> sens = pd.DataFrame({"width_weights": [0, 1, 0], "width_all": [0, 2, 1]},
    ...                     index=["A", "B", "C"])
    >>> robustness_groups(sens)
    {'robust': ['A'], 'weights': ['B'], 'other': ['C']}
    """
    tolerance = _check_int("tolerance", tolerance, 0)
    robust = sens["width_all"] <= tolerance
    weights = ~robust & (sens["width_weights"] > tolerance)
    return {
        "robust": list(sens.index[robust]),
        "weights": list(sens.index[weights]),
        "other": list(sens.index[~robust & ~weights]),
    }


# --------------------------------------------------------------------------- notebook helper


def check_params(
    ds: Dataset,
    *,
    weights: Mapping[str, float] | None,
    method: str,
    target: str,
    n_draws: int,
    seed: int,
    top_k: int,
    lang: str,
    ucdp_start: int = 2011,
) -> dict[str, Any]:
    """Check the threat notebook's parameters; return them normalised.

    ``ucdp_start`` (the first year of the UCDP conflict-year counts) must lie within
    :data:`UCDP_YEARS`.

    Raises
    ------
    ValueError
        Naming the first bad parameter and its allowed values.

    Examples
    --------
    >>> import gulfsec
    >>> p = check_params(gulfsec.load(), weights=None, method="geometric",
    ...     target="all", n_draws=100, seed=0, top_k=1, lang="en")   # doctest: +SKIP
    >>> p["method"]                                                    # doctest: +SKIP
    'geometric'
    """
    check_lang(lang)
    check_method(method)
    check_choice("target", target, ["all", *littoral_states(ds)])
    n_draws = check_size("n_draws", n_draws)
    seed = _check_int("seed", seed, 0)
    top_k = _check_int("top_k", top_k, 1)
    n_main = len(_threat_ids(ds, "main"))
    if top_k > n_main:
        raise ValueError(f"parameter 'top_k' must be between 1 and {n_main}, got {top_k}")
    w = _weights(ds, weights)
    lo, hi = UCDP_YEARS
    if isinstance(ucdp_start, bool) or not isinstance(ucdp_start, int | np.integer):
        raise ValueError(
            f"parameter 'ucdp_start' must be a year from {lo} to {hi}, got {ucdp_start!r}"
        )
    if not lo <= ucdp_start <= hi:
        raise ValueError(
            f"parameter 'ucdp_start' must be a year from {lo} to {hi}, got {ucdp_start!r}"
        )
    return {
        "weights": w,
        "method": method,
        "target": target,
        "n_draws": n_draws,
        "seed": seed,
        "top_k": top_k,
        "lang": lang,
        "ucdp_start": int(ucdp_start),
    }


# --------------------------------------------------------------------------- published evidence
#: UCDP/PRIO conflict types in which a state's own government is side A of an armed conflict
#: fought on its territory (intrastate, and internationalised intrastate: "II").
INTERNAL_CONFLICT_TYPES: tuple[str, ...] = ("intrastate", "II")
#: UCDP intensity levels: 1 minor (25-999 battle-related deaths in the year), 2 war (1,000+).
UCDP_INTENSITY: dict[int, str] = {1: "minor", 2: "war"}
#: Years covered by the bundled UCDP/PRIO extract (version 25.1).
UCDP_YEARS: tuple[int, int] = (1946, 2024)
#: Correlates of War state numbers that differ in the Gleditsch-Ward system UCDP uses: unified
#: Yemen is COW 679 but keeps GW 678 (Gleditsch & Ward 1999). All other states here agree.
GW_FROM_COW: dict[int, int] = {679: 678}


def gw_code(ccode: int) -> int:
    """The Gleditsch-Ward number of a COW state number (they differ for Yemen only here).

    Examples
    --------
    >>> gw_code(679), gw_code(652)
    (678, 652)
    """
    return GW_FROM_COW.get(int(ccode), int(ccode))


def _internal_conflict_years(ucdp: pd.DataFrame, gw: int, start: int, end: int) -> pd.DataFrame:
    need = ["conflict_id", "year", "gwno_a", "intensity_level", "type_of_conflict"]
    missing = [c for c in need if c not in ucdp.columns]
    if missing:
        raise ValueError(f"parameter 'ucdp' lacks column(s) {missing}")
    sub = ucdp[
        (ucdp["gwno_a"] == gw)
        & ucdp["type_of_conflict"].astype(str).isin(INTERNAL_CONFLICT_TYPES)
        & (ucdp["year"] >= start)
        & (ucdp["year"] <= end)
    ]
    # peacesciencer unnests multi-party cells: one conflict-year can be several rows
    return sub.groupby(["conflict_id", "year"], as_index=False)["intensity_level"].max()


def conflict_years(
    ucdp: pd.DataFrame,
    states: Mapping[str, int],
    start_year: int = 2011,
    end_year: int = 2024,
) -> pd.DataFrame:
    """Armed-conflict years inside each state, from the UCDP/PRIO Armed Conflict Dataset.

    Definition: a *conflict-year* is a distinct ``(conflict_id, year)`` in which the state's
    government is side A of an intrastate or internationalised intrastate conflict
    (:data:`INTERNAL_CONFLICT_TYPES`), i.e. an armed conflict over its government or
    territory with at least 25 battle-related deaths in the year. Its intensity is UCDP's
    (1 minor, 2 war: 1,000 or more deaths). A state with several conflicts in one year counts
    each. Rows repeated by the unnesting of multi-party cells count once.

    Parameters
    ----------
    ucdp : pandas.DataFrame
        UCDP ACD rows: ``conflict_id, year, gwno_a, intensity_level, type_of_conflict``.
    states : mapping of str to int
        ``{label: Gleditsch-Ward number}`` (see :func:`gw_code`).
    start_year, end_year : int
        Window, inclusive.

    Returns
    -------
    pandas.DataFrame
        Index ``state`` (the labels, in order); ``conflicts`` (distinct conflicts),
        ``conflict_years``, ``war_years``, ``minor_years``, ``years_in_conflict`` (calendar
        years with any conflict), ``first_year``, ``last_year`` (NA when none) and
        ``last_intensity`` (highest intensity in ``last_year``).

    References
    ----------
    Gleditsch, N. P., Wallensteen, P., Eriksson, M., Sollenberg, M., & Strand, H. (2002).
    Armed conflict 1946-2001: a new dataset. *Journal of Peace Research* 39(5), 615-637.
    Davies, S., Pettersson, T., Sollenberg, M., & Öberg, M. (2025). Organized violence
    1989-2024. *Journal of Peace Research* 62(4).

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"conflict_id": [1, 1, 1, 2], "year": [2015, 2015, 2016, 2016],
    ...                   "gwno_a": [678, 678, 678, 678], "intensity_level": [2, 2, 1, 1],
    ...                   "type_of_conflict": ["II", "II", "II", "intrastate"]})
    >>> r = conflict_years(u, {"YEM": 678}, 2011, 2024).loc["YEM"]
    >>> int(r["conflict_years"]), int(r["war_years"]), int(r["years_in_conflict"])
    (3, 1, 2)
    """
    if end_year < start_year:
        raise ValueError(
            f"parameter 'end_year' ({end_year}) must not be before 'start_year' ({start_year})"
        )
    rows = []
    for name, gw in states.items():
        cy = _internal_conflict_years(ucdp, int(gw), int(start_year), int(end_year))
        n = len(cy)
        last = int(cy["year"].max()) if n else None
        rows.append(
            {
                "state": str(name),
                "conflicts": int(cy["conflict_id"].nunique()),
                "conflict_years": n,
                "war_years": int((cy["intensity_level"] == 2).sum()),
                "minor_years": int((cy["intensity_level"] == 1).sum()),
                "years_in_conflict": int(cy["year"].nunique()),
                "first_year": int(cy["year"].min()) if n else pd.NA,
                "last_year": last if n else pd.NA,
                "last_intensity": int(cy.loc[cy["year"] == last, "intensity_level"].max())
                if n
                else pd.NA,
            }
        )
    out = pd.DataFrame(rows).set_index("state")
    for c in ("first_year", "last_year", "last_intensity"):
        out[c] = out[c].astype("Int64")
    return out


def conflict_intensity(
    ucdp: pd.DataFrame,
    states: Mapping[str, int],
    start_year: int = 2000,
    end_year: int = 2024,
) -> pd.DataFrame:
    """Year by year, the highest UCDP intensity of any internal conflict in each state.

    Definition: for each state and year, 0 when no internal conflict (see
    :func:`conflict_years`) reaches 25 battle-related deaths, else the highest intensity of its
    conflicts that year (1 minor, 2 war).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (every year of the window), one int column per state label.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"conflict_id": [1, 2], "year": [2015, 2015], "gwno_a": [678, 678],
    ...                   "intensity_level": [2, 1], "type_of_conflict": ["II", "intrastate"]})
    >>> conflict_intensity(u, {"YEM": 678}, 2014, 2016)["YEM"].tolist()
    [0, 2, 0]
    """
    if end_year < start_year:
        raise ValueError(
            f"parameter 'end_year' ({end_year}) must not be before 'start_year' ({start_year})"
        )
    years = pd.Index(range(int(start_year), int(end_year) + 1), name="year")
    out = pd.DataFrame(index=years)
    for name, gw in states.items():
        cy = _internal_conflict_years(ucdp, int(gw), int(start_year), int(end_year))
        s = cy.groupby("year")["intensity_level"].max()
        out[str(name)] = s.reindex(years).fillna(0).astype("int64")
    return out


def territorial_threat(
    terrthreat: pd.DataFrame,
    states: Mapping[str, int],
    year: int | None = None,
) -> pd.DataFrame:
    """Latent territorial threat to each state in one year, with its interval.

    Definition: Miller's latent external territorial threat is a state-year estimate from a
    random item response model of the dyadic territorial indicators a state faces (weighted by
    capital distance), simulated, and published with its standard deviation and a 90 %
    interval (``lwr``, ``upr``); higher means more threatened, and values can be negative (a
    latent scale, not a count). ``year`` defaults to the last year of the data (2010 in the
    published release); a state without a row that year gets NaN.

    Parameters
    ----------
    terrthreat : pandas.DataFrame
        Columns ``ccode, year, lterrthreat, sd, lwr, upr``.
    states : mapping of str to int
        ``{label: COW state number}``.
    year : int, optional

    Returns
    -------
    pandas.DataFrame
        Index ``state``; ``year``, ``lterrthreat``, ``lwr``, ``upr``, ``sd``, ``rank`` (1 =
        most threatened among the states given; competition ranks).

    References
    ----------
    Miller, S. V. (2022). A random item response model of external territorial threat,
    1816-2010. *Journal of Global Security Studies* 7(4), ogac012.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"ccode": [630, 696], "year": [2010, 2010], "lterrthreat": [0.07, 0.03],
    ...                   "sd": [0.1, 0.1], "lwr": [-0.1, -0.1], "upr": [0.2, 0.2]})
    >>> territorial_threat(t, {"IRN": 630, "ARE": 696})["rank"].tolist()
    [1, 2]
    """
    need = ["ccode", "year", "lterrthreat", "sd", "lwr", "upr"]
    missing = [c for c in need if c not in terrthreat.columns]
    if missing:
        raise ValueError(f"parameter 'terrthreat' lacks column(s) {missing}")
    y = int(terrthreat["year"].max()) if year is None else int(year)
    sub = terrthreat[terrthreat["year"] == y].set_index("ccode")
    rows = []
    for name, code in states.items():
        r = sub.loc[int(code)] if int(code) in sub.index else None
        rows.append(
            {
                "state": str(name),
                "year": y,
                **{
                    c: float(r[c]) if r is not None else float("nan")
                    for c in ("lterrthreat", "lwr", "upr", "sd")
                },
            }
        )
    out = pd.DataFrame(rows).set_index("state")
    out["rank"] = out["lterrthreat"].rank(ascending=False, method="min").astype("Int64")
    return out
