"""Alliance diversification: how dependent is a partner portfolio on one ally?

The article's prescription (passages 40-45) is that the Gulf states, long reliant on one ally
(the United States) whose commitment is now in doubt, keep that alliance but diversify
(China, Russia; keeping France, Britain and Germany close), keep "balance in these
relations", and build collective security among themselves: two tracks. This module
measures dependence and diversification of a *partner portfolio*:

* concentration measures on any set of partner shares: :func:`hhi`,
  :func:`normalized_hhi`, :func:`effective_number`, :func:`shannon_entropy`,
  :func:`top_share` (all gathered by :func:`concentration`);
* :func:`portfolio`: the partner portfolio of an actor under a scenario of ``data/``
  (``scenarios.csv``, ``scenario_ties.csv``), with a US-commitment multiplier, partners
  added by the user and a domain filter; :func:`scenario_summary`,
  :func:`scenario_shares` and :func:`commitment_curve` tabulate it;
* :func:`portfolio_similarity`: cosine similarity or a Signorino-Ritter-style S;
* :func:`network_contrast`: Iran's network of partner armed groups beside the GCC's state
  partners; :func:`balance_gap`: what a balanced portfolio would need; :func:`two_tracks`;
* :func:`read_arms_imports` and :func:`arms_concentration`: the same measures on
  arms-import shares by supplier (e.g. from SIPRI's Arms Transfers Database).

**Portfolio rule.** An actor's portfolio is the set of its friendly ties (``sign`` = +1) of
kind ``alliance`` or ``partnership`` (for the proxy contrast: ``sponsorship``, ``influence``
and ``military_intervention``) in ``ties.csv``; the partner is the other side of the tie. A
scenario replaces the strength of the partners it lists; ``partners_added`` then sets the
strength of the partners it names; ``us_commitment`` then multiplies the strength of the tie
with the United States; partners left at strength 0 are dropped. The share of a partner is
its strength divided by the sum of strengths. The coded strengths are ordinal (1 weak,
2 moderate, 3 strong); using them as weights treats a strong tie as three weak ones, which is
a modelling assumption, not a measurement.

No plotting here (see :mod:`gulfsec.plotting.alliances`).

References
----------
Hirschman, A. O. (1945). *National Power and the Structure of Foreign Trade*. University
of California Press.
Herfindahl, O. C. (1950). *Concentration in the Steel Industry*. PhD thesis, Columbia
University.
Laakso, M., & Taagepera, R. (1979). "Effective" number of parties. *Comparative Political
Studies*, 12(1), 3-27.
Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical
Journal*, 27(3), 379-423.
Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b: measuring the similarity of
foreign policy positions. *International Studies Quarterly*, 43(1), 115-144.

Examples
--------
>>> from gulfsec import alliances
>>> alliances.hhi([0.5, 0.5])
0.5
>>> alliances.effective_number([0.5, 0.5])
2.0
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gulfsec._validate import check_choice
from gulfsec.i18n import check_lang

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import Dataset

__all__ = [
    "ATOP_OBLIGATIONS",
    "ATOP_YEARS",
    "DOMAINS",
    "atop_obligations",
    "formal_and_coded",
    "formal_portfolio",
    "PORTFOLIO_KINDS",
    "PROXY_KINDS",
    "SIMILARITY_METHODS",
    "arms_concentration",
    "as_shares",
    "balance_gap",
    "check_params",
    "commitment_curve",
    "concentration",
    "effective_number",
    "hhi",
    "hhi_minimising_strength",
    "network_contrast",
    "network_summary",
    "normalized_hhi",
    "portfolio",
    "portfolio_actors",
    "portfolio_similarity",
    "read_arms_imports",
    "scenario_shares",
    "scenario_similarity",
    "scenario_summary",
    "shannon_entropy",
    "similarity_matrix",
    "strength_for_share",
    "top_share",
    "two_tracks",
]

#: Tie kinds that make a partner portfolio (state partners).
PORTFOLIO_KINDS: tuple[str, ...] = ("alliance", "partnership")
#: Tie kinds of the proxy contrast (Iran's partner armed groups and client states).
PROXY_KINDS: tuple[str, ...] = ("sponsorship", "influence", "military_intervention")
#: Values of the ``domain`` parameter ("all" = no filter).
DOMAINS: tuple[str, ...] = ("all", "military", "political", "economic", "security")
#: Values of ``method`` in :func:`portfolio_similarity`.
SIMILARITY_METHODS: tuple[str, ...] = ("cosine", "sr")
#: The actor whose tie ``us_commitment`` scales.
US = "USA"
#: Tolerance for "shares sum to one".
SHARE_TOL = 1e-9
#: Upper end of the coded tie-strength scale (``ties.strength``, ``scenario_ties.strength``).
MAX_STRENGTH = 3.0


# --------------------------------------------------------------------------- concentration


def as_shares(values: Any, *, normalize: bool = False, name: str = "shares") -> pd.Series:
    """Validate partner shares (or normalise weights into shares).

    Shares must be finite, non-negative and sum to one (within ``1e-9``). With
    ``normalize=True`` any non-negative weights are accepted and turned into shares by the
    rule *share = weight / sum of weights* (the sum must be positive).

    Parameters
    ----------
    values : pandas.Series, mapping, or 1-D array-like of numbers
        Shares (or weights), one per partner. Labels of a Series or mapping are kept.
    normalize : bool
        Normalise weights instead of requiring shares that sum to one.
    name : str
        Parameter name used in error messages.

    Returns
    -------
    pandas.Series
        float64 shares, same labels (a RangeIndex for plain sequences).

    Raises
    ------
    ValueError
        Empty input, a negative, missing or infinite value, shares not summing to one
        (without ``normalize``), or weights summing to zero.

    Examples
    --------
    >>> as_shares({"USA": 3, "CHN": 1}, normalize=True).to_dict()
    {'USA': 0.75, 'CHN': 0.25}
    >>> as_shares([0.2, 0.8]).tolist()
    [0.2, 0.8]
    """
    if isinstance(values, pd.DataFrame):
        if "share" not in values.columns:
            raise ValueError(f"parameter {name!r}: a DataFrame needs a 'share' column")
        values = values["share"]
    if isinstance(values, Mapping):
        s = pd.Series(dict(values), dtype="float64")
    elif isinstance(values, pd.Series):
        try:
            s = values.astype("float64")
        except (TypeError, ValueError):
            raise ValueError(f"parameter {name!r} must hold numbers") from None
    else:
        try:
            arr = np.asarray(values, dtype="float64")
        except (TypeError, ValueError):
            raise ValueError(f"parameter {name!r} must be a 1-D sequence of numbers") from None
        if arr.ndim != 1:
            raise ValueError(f"parameter {name!r} must be 1-D, got {arr.ndim} dimensions")
        s = pd.Series(arr)
    if len(s) == 0:
        raise ValueError(f"parameter {name!r} is empty: at least one partner is needed")
    arr = s.to_numpy()
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"parameter {name!r} has missing or infinite values")
    if np.any(arr < 0):
        raise ValueError(f"parameter {name!r} has negative values; shares must be >= 0")
    total = float(arr.sum())
    if normalize:
        if total <= 0:
            raise ValueError(f"parameter {name!r} sums to 0: cannot normalise to shares")
        return s / total
    if abs(total - 1.0) > SHARE_TOL:
        raise ValueError(
            f"parameter {name!r} sums to {total:.6g}, not 1; pass normalize=True to divide "
            "each value by the total"
        )
    return s


def hhi(shares: Any, *, normalize: bool = False) -> float:
    """Herfindahl-Hirschman index: the sum of squared shares.

    .. math:: H = \\sum_i s_i^2, \\qquad 1/N \\le H \\le 1.

    1 means a single partner; ``1/N`` means ``N`` equal partners.

    Parameters
    ----------
    shares : array-like, Series or mapping
        Partner shares (see :func:`as_shares`).
    normalize : bool
        Accept weights and normalise them (share = weight / total).

    Returns
    -------
    float

    References
    ----------
    Hirschman (1945); Herfindahl (1950).

    Examples
    --------
    >>> hhi([0.5, 0.5])
    0.5
    >>> hhi([1.0])
    1.0
    >>> round(hhi([3, 2, 2, 2, 1, 1], normalize=True), 4)
    0.1901
    """
    s = as_shares(shares, normalize=normalize).to_numpy()
    return float(np.sum(s * s))


def normalized_hhi(shares: Any, *, normalize: bool = False) -> float:
    """HHI rescaled to [0, 1] given the number of partners ``N`` (zeros included).

    .. math:: H^* = \\frac{H - 1/N}{1 - 1/N}

    0 means equal shares, 1 means everything on one partner. ``N`` is the length of the
    share vector, partners with a zero share included (they are partners one *could* rely
    on). For ``N = 1`` the formula is undefined; the value is 1 by convention (complete
    concentration).

    Parameters
    ----------
    shares : array-like, Series or mapping
    normalize : bool

    Returns
    -------
    float

    Examples
    --------
    >>> normalized_hhi([0.25, 0.25, 0.25, 0.25])
    0.0
    >>> normalized_hhi([1.0, 0.0])
    1.0
    >>> normalized_hhi([1.0])
    1.0
    """
    s = as_shares(shares, normalize=normalize)
    n = len(s)
    if n == 1:
        return 1.0
    return max(0.0, (hhi(s) - 1.0 / n) / (1.0 - 1.0 / n))


def effective_number(shares: Any, *, normalize: bool = False) -> float:
    """Effective number of partners, ``1 / HHI`` (Laakso & Taagepera 1979).

    The number of equal partners that would give the same concentration: 2 for two equal
    partners, 1 for one partner, less than the count when shares are unequal.

    Parameters
    ----------
    shares : array-like, Series or mapping
    normalize : bool

    Returns
    -------
    float

    Examples
    --------
    >>> effective_number([0.5, 0.5])
    2.0
    >>> round(effective_number([0.75, 0.25]), 4)
    1.6
    """
    return 1.0 / hhi(shares, normalize=normalize)


def shannon_entropy(shares: Any, *, base: float = math.e, normalize: bool = False) -> float:
    """Shannon entropy of the shares, :math:`-\\sum_i s_i \\log s_i` (with 0 log 0 = 0).

    0 for a single partner, ``log N`` for ``N`` equal partners. In nats by default;
    ``base=2`` gives bits. ``exp(entropy)`` (in nats) is another effective number (the
    Hill number of order 1).

    Parameters
    ----------
    shares : array-like, Series or mapping
    base : float
        Logarithm base, > 0 and != 1.
    normalize : bool

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``base`` is not > 0 and != 1.

    Examples
    --------
    >>> shannon_entropy([0.5, 0.5], base=2)
    1.0
    >>> shannon_entropy([1.0, 0.0])
    0.0
    """
    if not (isinstance(base, int | float) and base > 0 and base != 1 and math.isfinite(base)):
        raise ValueError(f"parameter 'base' must be a number > 0 and != 1, got {base!r}")
    s = as_shares(shares, normalize=normalize).to_numpy()
    p = s[s > 0]
    h = float(-np.sum(p * np.log(p)) / math.log(base))
    return h + 0.0  # turn -0.0 into 0.0


def top_share(shares: Any, *, normalize: bool = False) -> float:
    """Share of the largest partner (dependence on the main ally).

    Examples
    --------
    >>> top_share([0.2, 0.5, 0.3])
    0.5
    """
    return float(as_shares(shares, normalize=normalize).max())


def concentration(shares: Any, *, normalize: bool = False) -> dict[str, Any]:
    """All concentration measures of one set of shares.

    Parameters
    ----------
    shares : array-like, Series or mapping
    normalize : bool

    Returns
    -------
    dict
        ``n_partners`` (partners with a positive share), ``hhi``, ``normalized_hhi``,
        ``effective_number``, ``shannon_entropy`` (nats), ``top_share`` and
        ``top_partner`` (label of the largest share; the first one on ties).

    Examples
    --------
    >>> c = concentration({"A": 1, "B": 1}, normalize=True)
    >>> c["hhi"], c["effective_number"], c["top_partner"]
    (0.5, 2.0, 'A')
    """
    s = as_shares(shares, normalize=normalize)
    return {
        "n_partners": int((s > 0).sum()),
        "hhi": hhi(s),
        "normalized_hhi": normalized_hhi(s),
        "effective_number": effective_number(s),
        "shannon_entropy": shannon_entropy(s),
        "top_share": top_share(s),
        "top_partner": s.idxmax(),
    }


# --------------------------------------------------------------------------- portfolios


def _friendly_ties(ds: Dataset, kinds: Sequence[str]) -> pd.DataFrame:
    t = ds.ties
    mask = t["kind"].isin(list(kinds)) & (t["sign"] == 1)
    return t.loc[mask.fillna(False).astype(bool)]


def portfolio_actors(ds: Dataset, kinds: Sequence[str] = PORTFOLIO_KINDS) -> list[str]:
    """Actors whose partner portfolios the data code (ties of ``kinds`` with sign +1).

    By the convention of ``ties.csv`` the actor whose partners are coded (the bloc, or the
    patron of a directed tie) is ``side_a``; only ``side_a`` actors have portfolios. (The US,
    the ``side_b`` of the GCC alliance, has a single coded partner, the GCC, because the
    article codes no other US ties; treating that as a one-partner portfolio would mislead.)

    Examples
    --------
    >>> import gulfsec
    >>> portfolio_actors(gulfsec.load())
    ['GCC']
    >>> portfolio_actors(gulfsec.load(), PROXY_KINDS)
    ['IRN']
    """
    actors = set(_friendly_ties(ds, kinds)["side_a"])
    return [a for a in ds.actors.index if a in actors]


def _check_kinds(kinds: Sequence[str]) -> tuple[str, ...]:
    allowed = PORTFOLIO_KINDS + PROXY_KINDS
    if isinstance(kinds, str) or not kinds or any(k not in allowed for k in kinds):
        raise ValueError(
            f"parameter 'kinds' must be a non-empty list of tie kinds from {list(allowed)}, "
            f"got {kinds!r}"
        )
    return tuple(kinds)


def _check_actor(ds: Dataset, actor: str, kinds: Sequence[str]) -> str:
    coded = portfolio_actors(ds, kinds)
    if actor not in ds.actors.index:
        raise ValueError(
            f"parameter 'actor' must be an actor id of actors.csv with a coded portfolio, "
            f"one of {coded}; got {actor!r}"
        )
    if actor not in coded:
        name = ds.actors.loc[actor, "name_en"]
        member = (
            " The article codes the GCC's partners as a bloc, not those of its member states,"
            " and member-state ties are not invented here."
            if bool(ds.actors.loc[actor, "gcc_member"])
            else ""
        )
        raise ValueError(
            f"parameter 'actor': the data code no partner ties of kinds {list(kinds)} for "
            f"{actor!r} ({name}); portfolios are coded only for {coded}.{member}"
        )
    return actor


def _check_scenario(ds: Dataset, scenario: str) -> str:
    return check_choice("scenario", scenario, ds.scenarios.index)


def _check_domain(domain: str) -> str:
    return check_choice("domain", domain, DOMAINS)


def _check_commitment(us_commitment: float) -> float:
    ok = isinstance(us_commitment, int | float) and not isinstance(us_commitment, bool)
    if not ok or not math.isfinite(us_commitment) or us_commitment < 0:
        raise ValueError(
            f"parameter 'us_commitment' must be a finite number >= 0 (1 = the scenario's strength, "
            f"0 = tie dropped), got {us_commitment!r}"
        )
    return float(us_commitment)


def _check_added(ds: Dataset, actor: str, partners_added: Mapping[str, float] | None) -> dict:
    if partners_added is None:
        return {}
    if not isinstance(partners_added, Mapping):
        raise ValueError(
            "parameter 'partners_added' must be a dict {actor id: strength in (0, 3]}, "
            f"e.g. {{'CHN': 2}}; got {partners_added!r}"
        )
    out: dict[str, float] = {}
    for pid, val in partners_added.items():
        if pid not in ds.actors.index or pid == actor:
            raise ValueError(
                f"parameter 'partners_added': {pid!r} is not an actor id of actors.csv other "
                f"than {actor!r}; allowed: {[a for a in ds.actors.index if a != actor]}"
            )
        ok = isinstance(val, int | float) and not isinstance(val, bool)
        if not ok or not math.isfinite(val) or not 0 < val <= MAX_STRENGTH:
            raise ValueError(
                f"parameter 'partners_added': strength of {pid!r} must be a number in "
                f"(0, {MAX_STRENGTH:g}], got {val!r}"
            )
        out[pid] = float(val)
    return out


def _domain_ok(domain_value: str, domain: str) -> bool:
    # A multidimensional tie spans every domain.
    return domain == "all" or domain_value in (domain, "multidimensional")


def portfolio(
    ds: Dataset,
    actor: str = "GCC",
    scenario: str = "status_quo",
    *,
    domain: str = "all",
    us_commitment: float = 1.0,
    partners_added: Mapping[str, float] | None = None,
    kinds: Sequence[str] = PORTFOLIO_KINDS,
) -> pd.DataFrame:
    """Partner portfolio of ``actor`` under ``scenario``: one row per partner, with shares.

    Steps, in order (the module docstring states the rule):

    1. friendly ties (sign +1) of ``kinds`` in ``ds.ties`` with ``side_a`` = ``actor``; with
       ``domain`` other than "all", only ties of that domain or ``multidimensional``;
       a partner tied by several ties takes the strongest;
    2. the scenario's rows of ``ds.scenario_ties`` for ``actor`` replace those strengths
       (a partner listed there but not tied is added);
    3. ``partners_added`` sets the strength of the partners it names (adding new ones);
    4. ``us_commitment`` multiplies the strength of the tie with the United States;
    5. partners at strength 0 are dropped; share = strength / total strength.

    Parameters
    ----------
    ds : gulfsec.Dataset
    actor : str
        Actor id with coded partner ties (see :func:`portfolio_actors`; the GCC for the
        alliance kinds, Iran for :data:`PROXY_KINDS`).
    scenario : str
        A ``scenario_id`` of ``ds.scenarios``.
    domain : {"all", "military", "political", "economic", "security"}
        Keep only ties of this domain (plus multidimensional ones).
    us_commitment : float
        Multiplier >= 0 applied to the US tie strength after the scenario (1 = unchanged).
        A result above 3 extrapolates beyond the coded 1-3 scale.
    partners_added : dict, optional
        ``{actor id: strength in (0, 3]}`` set after the scenario, e.g. ``{"EU": 1}``.
    kinds : sequence of str
        Tie kinds that make the portfolio (default :data:`PORTFOLIO_KINDS`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``partner_id``: ``tie_kind`` (empty for partners from a scenario or
        ``partners_added``), ``domain``, ``coded_strength`` (NaN if not tied),
        ``strength`` (final), ``share``, ``origin`` ("coded", "scenario", "added").
        ``attrs`` hold ``actor``, ``scenario``, ``domain``, ``us_commitment`` and
        ``total_strength``.

    Raises
    ------
    ValueError
        Unknown actor or one without coded partner ties (the message names the actors whose
        portfolios are coded), unknown scenario or domain, bad multiplier or added partners,
        or an empty portfolio.

    Examples
    --------
    >>> import gulfsec
    >>> ds = gulfsec.load()
    >>> p = portfolio(ds, "GCC", "status_quo")
    >>> float(p.loc["USA", "strength"]), round(float(p.loc["USA", "share"]), 3)
    (3.0, 0.273)
    >>> float(portfolio(ds, "GCC", "us_drawdown").loc["USA", "strength"])
    1.0
    """
    kinds = _check_kinds(kinds)
    actor = _check_actor(ds, actor, kinds)
    scenario = _check_scenario(ds, scenario)
    domain = _check_domain(domain)
    us_commitment = _check_commitment(us_commitment)
    added = _check_added(ds, actor, partners_added)

    t = _friendly_ties(ds, kinds)
    rows: dict[str, dict[str, Any]] = {}
    for tie_id, r in t.iterrows():
        if r["side_a"] != actor:
            continue
        partner = r["side_b"]
        if not _domain_ok(str(r["domain"]), domain):
            continue
        strength = float(r["strength"])
        if partner in rows and rows[partner]["coded_strength"] >= strength:
            continue
        rows[partner] = {
            "tie_id": tie_id,
            "tie_kind": str(r["kind"]),
            "domain": str(r["domain"]),
            "coded_strength": strength,
            "strength": strength,
            "origin": "coded",
        }
    st = ds.scenario_ties
    over = st.loc[(st["scenario_id"] == scenario) & (st["actor_id"] == actor)]
    untied = {"tie_id": "", "tie_kind": "", "domain": "", "coded_strength": float("nan")}
    for _, r in over.iterrows():
        row = rows.setdefault(r["partner_id"], {**untied, "strength": 0.0, "origin": "scenario"})
        if float(r["strength"]) != row["strength"]:
            row["origin"] = "scenario"
        row["strength"] = float(r["strength"])
    for partner, val in added.items():
        rows[partner] = {**rows.get(partner, untied), "strength": val, "origin": "added"}
    if US in rows:
        rows[US]["strength"] *= us_commitment
    df = pd.DataFrame.from_dict(rows, orient="index")
    if df.empty or (df["strength"] <= 0).all():
        where = f" in domain {domain!r}" if domain != "all" else ""
        raise ValueError(
            f"the portfolio of {actor!r} under scenario {scenario!r}{where} is empty "
            f"(no partner with strength > 0); parameter 'domain' allows {list(DOMAINS)}"
        )
    df = df.loc[df["strength"] > 0].copy()
    df.index.name = "partner_id"
    total = float(df["strength"].sum())
    df["share"] = df["strength"] / total
    df = df[["tie_id", "tie_kind", "domain", "coded_strength", "strength", "share", "origin"]]
    df.attrs.update(
        actor=actor,
        scenario=scenario,
        domain=domain,
        us_commitment=us_commitment,
        total_strength=total,
    )
    return df


def _scenario_list(ds: Dataset, scenarios: Iterable[str] | None) -> list[str]:
    allowed = list(ds.scenarios.index)
    if scenarios is None:
        return allowed
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    out = list(scenarios)
    bad = [s for s in out if s not in allowed]
    if not out or bad:
        raise ValueError(
            f"parameter 'scenarios' must be a non-empty list of scenario ids from {allowed}, "
            f"got {out!r}"
        )
    if len(set(out)) != len(out):
        raise ValueError(f"parameter 'scenarios' lists a scenario twice: {out!r}")
    return out


def scenario_summary(
    ds: Dataset,
    actor: str = "GCC",
    scenarios: Iterable[str] | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """Concentration of ``actor``'s portfolio under each scenario.

    Parameters
    ----------
    ds : gulfsec.Dataset
    actor : str
    scenarios : list of str, optional
        Scenario ids (default: all, in table order).
    **kwargs
        ``domain``, ``us_commitment``, ``partners_added``, ``kinds`` as in
        :func:`portfolio`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``scenario_id``: ``total_strength``, ``us_share`` (0 when the US is not
        a partner) and the columns of :func:`concentration`.

    Examples
    --------
    >>> import gulfsec
    >>> t = scenario_summary(gulfsec.load(), "GCC", ["status_quo", "balanced_multipolar"])
    >>> t["effective_number"].round(2).tolist()
    [5.26, 6.0]
    """
    rows = {}
    for sc in _scenario_list(ds, scenarios):
        p = portfolio(ds, actor, sc, **kwargs)
        c = concentration(p["share"])
        rows[sc] = {
            "total_strength": p.attrs["total_strength"],
            "us_share": float(p["share"].get(US, 0.0)),
            **c,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "scenario_id"
    return out


def scenario_shares(
    ds: Dataset,
    actor: str = "GCC",
    scenarios: Iterable[str] | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """Partner shares per scenario: rows = scenarios, columns = partners (0 = not a partner).

    Partners keep the order of first appearance: the coded ties in ``ties.csv`` order, then
    partners added by a scenario or by ``partners_added`` (so that a partner keeps its place,
    and its colour in figures, whatever the scenario).

    Examples
    --------
    >>> import gulfsec
    >>> m = scenario_shares(gulfsec.load(), "GCC", ["status_quo", "us_drawdown"])
    >>> m.columns[0], round(float(m.loc["us_drawdown", "USA"]), 3)
    ('USA', 0.111)
    """
    cols: dict[str, pd.Series] = {}
    for sc in _scenario_list(ds, scenarios):
        cols[sc] = portfolio(ds, actor, sc, **kwargs)["share"]
    order = list(dict.fromkeys(p for col in cols.values() for p in col.index))
    m = pd.DataFrame(cols).T.reindex(columns=order).fillna(0.0)
    m.index.name = "scenario_id"
    m.columns.name = "partner_id"
    return m


def commitment_curve(
    ds: Dataset,
    actor: str = "GCC",
    scenarios: Iterable[str] | None = None,
    values: Sequence[float] | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """Concentration as the US commitment multiplier varies (a curve per scenario).

    Parameters
    ----------
    ds : gulfsec.Dataset
    actor : str
    scenarios : list of str, optional
    values : sequence of float, optional
        Multipliers (>= 0) of the US tie strength; default 0 to 1.5 in steps of 0.05.
    **kwargs
        ``domain``, ``partners_added``, ``kinds`` as in :func:`portfolio`.

    Returns
    -------
    pandas.DataFrame
        Long format: ``scenario_id``, ``us_commitment``, ``us_strength``, ``us_share``,
        ``hhi``, ``normalized_hhi``, ``effective_number``, ``shannon_entropy``,
        ``top_share``.

    Raises
    ------
    ValueError
        If ``us_commitment`` is passed (it is the curve's variable) or a value is negative.

    Examples
    --------
    >>> import gulfsec
    >>> c = commitment_curve(gulfsec.load(), "GCC", ["status_quo"], [0.0, 1.0])
    >>> c["effective_number"].round(2).tolist()
    [4.57, 5.26]
    """
    if "us_commitment" in kwargs:
        raise ValueError("parameter 'us_commitment' is the curve's variable: pass 'values'")
    if values is None:
        values = np.round(np.arange(0.0, 1.5 + 1e-9, 0.05), 2)
    vals = [_check_commitment(float(v)) for v in values]
    if not vals:
        raise ValueError("parameter 'values' must hold at least one multiplier >= 0")
    out = []
    for sc in _scenario_list(ds, scenarios):
        # The multiplier is the last step of the portfolio rule: scale the US strength of the
        # portfolio built at x 1, drop it at 0, and renormalise (same as portfolio(..., v)).
        base = portfolio(ds, actor, sc, **kwargs)["strength"]
        for v in vals:
            st = base.copy()
            if US in st.index:
                st[US] *= v
            st = st[st > 0]
            if st.empty:
                raise ValueError(
                    f"the portfolio of {actor!r} under {sc!r} is empty at us_commitment={v:g}"
                )
            shares = st / st.sum()
            c = concentration(shares)
            out.append(
                {
                    "scenario_id": sc,
                    "us_commitment": v,
                    "us_strength": float(st.get(US, 0.0)),
                    "us_share": float(shares.get(US, 0.0)),
                    **{k: c[k] for k in ("hhi", "normalized_hhi", "effective_number")},
                    "shannon_entropy": c["shannon_entropy"],
                    "top_share": c["top_share"],
                }
            )
    return pd.DataFrame(out)


def check_params(
    ds: Dataset,
    *,
    actor: str,
    scenarios: Iterable[str] | None,
    us_commitment: float,
    partners_added: Mapping[str, float] | None,
    domain: str,
    lang: str,
    atop_year: int = 2018,
) -> dict[str, Any]:
    """Validate the parameters of the alliance notebook; return them normalised.

    ``atop_year`` (the year of the ATOP obligations compared with the coded ties) must lie in
    :data:`ATOP_YEARS`.

    ``scenarios=None`` means every scenario of ``ds.scenarios``. Every check raises ``ValueError`` naming the parameter and its allowed values; the
    portfolio of every scenario is built once so that an empty one fails here.

    Examples
    --------
    >>> import gulfsec
    >>> p = check_params(gulfsec.load(), actor="GCC", scenarios=["status_quo"],
    ...                  us_commitment=1, partners_added={}, domain="all", lang="en")
    >>> p["us_commitment"], p["scenarios"]
    (1.0, ['status_quo'])
    """
    check_lang(lang)
    _check_actor(ds, actor, PORTFOLIO_KINDS)
    sc = _scenario_list(ds, scenarios)
    uc = _check_commitment(us_commitment)
    added = _check_added(ds, actor, partners_added)
    _check_domain(domain)
    for s in sc:
        portfolio(ds, actor, s, domain=domain, us_commitment=uc, partners_added=added)
    lo, hi = ATOP_YEARS
    ok = not isinstance(atop_year, bool) and isinstance(atop_year, int | np.integer)
    if not ok or not lo <= atop_year <= hi:
        raise ValueError(
            f"parameter 'atop_year' must be a year from {lo} to {hi}, got {atop_year!r}"
        )
    return {
        "actor": actor,
        "scenarios": sc,
        "us_commitment": uc,
        "partners_added": added,
        "domain": domain,
        "lang": lang,
        "atop_year": int(atop_year),
    }


# --------------------------------------------------------------------------- similarity


def portfolio_similarity(a: Any, b: Any, method: str = "cosine") -> float:
    """How alike two partner portfolios are.

    Both inputs are turned into shares (weight / total) and aligned on the union of their
    partners, a missing partner counting as share 0.

    * ``"cosine"``: cosine of the angle between the share vectors,
      :math:`\\sum a_i b_i / (\\lVert a \\rVert \\lVert b \\rVert)`; 1 for the same
      shares, 0 for portfolios with no partner in common (range [0, 1]).
    * ``"sr"``: Signorino & Ritter's (1999) S with the absolute-distance metric,
      :math:`S = 1 - 2 d / d_{max}` where :math:`d = \\sum_i |a_i - b_i|` and
      :math:`d_{max} = 2` is the largest L1 distance between two share vectors; so
      :math:`S = 1 - d`: 1 for identical shares, -1 for disjoint portfolios (range
      [-1, 1]). Unlike cosine it also tells apart portfolios with the same partners in
      different proportions linearly.

    Parameters
    ----------
    a, b : Series, mapping or portfolio DataFrame (its ``share`` column)
        Shares or non-negative weights keyed by partner id.
    method : {"cosine", "sr"}

    Returns
    -------
    float

    References
    ----------
    Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b. *International Studies
    Quarterly*, 43(1), 115-144.

    Examples
    --------
    >>> portfolio_similarity({"USA": 1}, {"USA": 1})
    1.0
    >>> portfolio_similarity({"USA": 1}, {"CHN": 1})
    0.0
    >>> portfolio_similarity({"USA": 1}, {"CHN": 1}, method="sr")
    -1.0
    >>> portfolio_similarity({"A": 1, "B": 1}, {"A": 1}, method="sr")
    0.0
    """
    check_choice("method", method, SIMILARITY_METHODS)
    sa = as_shares(a, normalize=True, name="a")
    sb = as_shares(b, normalize=True, name="b")
    for s, nm in ((sa, "a"), (sb, "b")):
        if s.index.has_duplicates:
            raise ValueError(f"parameter {nm!r} names a partner twice")
    idx = sa.index.union(sb.index, sort=False)
    va = sa.reindex(idx, fill_value=0.0).to_numpy()
    vb = sb.reindex(idx, fill_value=0.0).to_numpy()
    if method == "cosine":
        val = float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))
        return float(min(1.0, max(0.0, round(val, 12))))
    return float(round(1.0 - np.abs(va - vb).sum(), 12))


def similarity_matrix(portfolios: Mapping[str, Any], method: str = "cosine") -> pd.DataFrame:
    """Pairwise :func:`portfolio_similarity` of named portfolios (a symmetric matrix).

    Examples
    --------
    >>> m = similarity_matrix({"x": {"A": 1}, "y": {"A": 1, "B": 1}})
    >>> round(float(m.loc["x", "y"]), 4)
    0.7071
    """
    names = list(portfolios)
    m = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    for i, p in enumerate(names):
        for q in names[i + 1 :]:
            v = portfolio_similarity(portfolios[p], portfolios[q], method=method)
            m.loc[p, q] = v
            m.loc[q, p] = v
    return m


def scenario_similarity(
    ds: Dataset,
    actor: str = "GCC",
    scenarios: Iterable[str] | None = None,
    reference: str = "status_quo",
    **kwargs: Any,
) -> pd.DataFrame:
    """Similarity of each scenario's portfolio to a reference scenario's (both measures).

    The reference portfolio is built with the same options (``kwargs``) as the others.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``scenario_id``: ``cosine`` and ``sr`` (see :func:`portfolio_similarity`).

    Examples
    --------
    >>> import gulfsec
    >>> t = scenario_similarity(gulfsec.load(), "GCC", ["status_quo", "article_diversification"])
    >>> t["sr"].round(3).tolist()
    [1.0, 0.748]
    """
    _check_scenario(ds, reference)
    ref = portfolio(ds, actor, reference, **kwargs)
    rows = {}
    for sc in _scenario_list(ds, scenarios):
        p = portfolio(ds, actor, sc, **kwargs)
        rows[sc] = {m: portfolio_similarity(ref, p, method=m) for m in SIMILARITY_METHODS}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "scenario_id"
    return out


# --------------------------------------------------------------------------- the article's contrast


def network_contrast(
    ds: Dataset,
    networks: Mapping[str, Sequence[str]] | None = None,
    scenario: str = "status_quo",
) -> pd.DataFrame:
    """Iran's network of partner armed groups beside the GCC's state partners.

    Each network is a portfolio (:func:`portfolio`) of one actor with its own tie kinds:
    by default the GCC's alliances and partnerships (:data:`PORTFOLIO_KINDS`) and Iran's
    sponsorship, influence and military-intervention ties (:data:`PROXY_KINDS`). The
    partners' ``kind`` comes from ``actors.csv`` (state, organisation, non-state group).

    Parameters
    ----------
    ds : gulfsec.Dataset
    networks : mapping, optional
        ``{actor id: tie kinds}``; default ``{"GCC": PORTFOLIO_KINDS, "IRN": PROXY_KINDS}``.
    scenario : str
        Scenario applied to every network (status quo by default; the scenarios only
        override GCC ties).

    Returns
    -------
    pandas.DataFrame
        Long format, one row per (actor, partner): ``actor_id``, ``partner_id``,
        ``tie_kind``, ``partner_kind``, ``strength``, ``share``.

    Examples
    --------
    >>> import gulfsec
    >>> n = network_contrast(gulfsec.load())
    >>> n.groupby("actor_id")["partner_kind"].apply(lambda s: (s == "non_state_group").sum()).to_dict()
    {'GCC': 0, 'IRN': 3}
    """
    if networks is None:
        networks = {"GCC": PORTFOLIO_KINDS, "IRN": PROXY_KINDS}
    frames = []
    for actor, kinds in networks.items():
        p = portfolio(ds, actor, scenario, kinds=kinds)
        f = p[["tie_kind", "strength", "share"]].reset_index()
        f.insert(0, "actor_id", actor)
        f["partner_kind"] = [str(ds.actors.loc[q, "kind"]) for q in f["partner_id"]]
        frames.append(
            f[["actor_id", "partner_id", "tie_kind", "partner_kind", "strength", "share"]]
        )
    return pd.concat(frames, ignore_index=True)


def network_summary(contrast: pd.DataFrame) -> pd.DataFrame:
    """Per actor of :func:`network_contrast`: partners, non-state share, concentration.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``actor_id``: ``n_partners``, ``n_state``, ``n_non_state``,
        ``non_state_share`` (share of tie strength on non-state groups), ``hhi``,
        ``effective_number``.

    Examples
    --------
    >>> import gulfsec
    >>> s = network_summary(network_contrast(gulfsec.load()))
    >>> float(s.loc["IRN", "non_state_share"]), float(s.loc["GCC", "non_state_share"])
    (0.6, 0.0)
    """
    rows = {}
    for actor, g in contrast.groupby("actor_id", sort=False):
        ns = g["partner_kind"] == "non_state_group"
        rows[actor] = {
            "n_partners": len(g),
            "n_state": int((g["partner_kind"] == "state").sum()),
            "n_non_state": int(ns.sum()),
            "non_state_share": round(float(g.loc[ns, "share"].sum()), 12),
            "hhi": hhi(g["share"].to_numpy()),
            "effective_number": effective_number(g["share"].to_numpy()),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "actor_id"
    return out


# --------------------------------------------------------------------------- balance


def _strengths(strengths: Any) -> pd.Series:
    """Raw strengths keyed by partner, validated as weights (finite, >= 0, total > 0)."""
    if isinstance(strengths, pd.DataFrame):
        if "strength" not in strengths.columns:
            raise ValueError("parameter 'strengths': a DataFrame needs a 'strength' column")
        raw = strengths["strength"]
    elif isinstance(strengths, Mapping):
        raw = pd.Series(dict(strengths))
    else:
        raw = pd.Series(list(strengths))
    as_shares(raw, normalize=True, name="strengths")  # validates
    return raw.astype("float64")


def strength_for_share(strengths: Any, partner: str, target: float) -> float:
    """Strength ``x`` that ``partner`` needs for share ``target``, others unchanged.

    Solves :math:`x / (x + R) = t` for :math:`x = t R / (1 - t)`, with :math:`R` the sum of
    the other partners' strengths.

    Parameters
    ----------
    strengths : Series or mapping
        Strengths keyed by partner.
    partner : str
        The partner whose strength moves (added if absent).
    target : float
        Target share, 0 <= target < 1.

    Examples
    --------
    >>> strength_for_share({"USA": 3, "CHN": 1, "RUS": 1}, "CHN", 0.25)
    1.3333333333333333
    """
    s = _strengths(strengths)
    if not (isinstance(target, int | float) and 0 <= target < 1):
        raise ValueError(f"parameter 'target' must be a share in [0, 1), got {target!r}")
    rest = float(s.drop(partner, errors="ignore").sum())
    return target * rest / (1.0 - target)


def hhi_minimising_strength(strengths: Any, partner: str) -> float:
    """Strength of ``partner`` at which the HHI of the portfolio is lowest, others fixed.

    With :math:`x` the partner's strength and the others' strengths :math:`o_j`
    (:math:`R = \\sum o_j`, :math:`Q = \\sum o_j^2`),
    :math:`H(x) = (x^2 + Q)/(x + R)^2`, whose derivative vanishes at :math:`x^* = Q / R`:
    the strength-weighted mean of the other partners' strengths. Below :math:`x^*`
    weakening the partner *raises* concentration (the remaining ties are unequal); above it
    strengthening the partner raises concentration (dependence on it).

    Parameters
    ----------
    strengths : Series or mapping
        Strengths keyed by partner (``partner`` may be absent: then only the others count).
    partner : str

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the other partners' strengths sum to 0.

    Examples
    --------
    >>> hhi_minimising_strength({"USA": 3, "GBR": 2, "FRA": 2, "DEU": 2, "CHN": 1, "RUS": 1}, "USA")
    1.75
    """
    others = _strengths(strengths).drop(partner, errors="ignore")
    r = float(others.sum())
    if r <= 0:
        raise ValueError(f"parameter 'strengths': the partners other than {partner!r} sum to 0")
    return float((others**2).sum() / r)


def balance_gap(p: pd.DataFrame) -> pd.DataFrame:
    """What a balanced portfolio would need: every partner raised to the strongest tie.

    "Balance in these relations" (passage 44), with the strongest tie kept where it is,
    means equal strengths at the top partner's level. For each partner the table gives its
    share now, the equal share ``1/N``, and the strength it would have to gain.

    Parameters
    ----------
    p : pandas.DataFrame
        A portfolio from :func:`portfolio`.

    Returns
    -------
    pandas.DataFrame
        Indexed by partner: ``strength``, ``share``, ``equal_share``,
        ``strength_needed`` (the top strength) and ``gap`` (needed - current);
        ``attrs["total_gap"]`` is the sum of gaps.

    Examples
    --------
    >>> import gulfsec
    >>> g = balance_gap(portfolio(gulfsec.load(), "GCC", "status_quo"))
    >>> g.attrs["total_gap"], float(g.loc["CHN", "gap"])
    (7.0, 2.0)
    """
    if not isinstance(p, pd.DataFrame) or not {"strength", "share"} <= set(p.columns):
        raise ValueError("parameter 'p' must be a portfolio DataFrame from portfolio()")
    top = float(p["strength"].max())
    out = p[["strength", "share"]].copy()
    out["equal_share"] = 1.0 / len(p)
    out["strength_needed"] = top
    out["gap"] = top - out["strength"]
    out.attrs = {"total_gap": float(out["gap"].sum()), "top_strength": top}
    return out


def two_tracks(ds: Dataset, actor: str = "GCC") -> pd.DataFrame:
    """The article's two tracks (passage 45) mapped to rows of the data.

    Track 1, *collective security* (passages 41-42, 45): the GCC member states
    (``actors.gcc_member``), the dated events that involve only the bloc and its members
    (the 2019 decision on a joint military force among them), and the hostile ties
    (sign -1) the bloc faces. Track 2, *diversification of alliances* (passages 43-45):
    the bloc's friendly alliance and partnership ties, with coded strength and trend.

    Parameters
    ----------
    ds : gulfsec.Dataset
    actor : str
        The bloc (default the GCC).

    Returns
    -------
    pandas.DataFrame
        ``track`` ("collective_security" | "diversification"), ``table`` (actors, events,
        ties), ``key`` (row id), ``en``, ``ar`` (names or titles from the data), ``kind``
        (event or tie kind; "gcc_member" for member states), ``strength`` and ``trend``
        (ties), ``year`` (events), ``sources`` (tuple of passages).

    Examples
    --------
    >>> import gulfsec
    >>> t = two_tracks(gulfsec.load())
    >>> sorted(t["track"].unique())
    ['collective_security', 'diversification']
    """
    a = ds.actors
    members = list(a.index[a["gcc_member"].astype(bool)])
    rows: list[dict[str, Any]] = []

    def add(track: str, table: str, key: str, en: str, ar: str, kind: str, **kw: Any) -> None:
        rows.append(
            {
                "track": track,
                "table": table,
                "key": key,
                "en": en,
                "ar": ar,
                "kind": kind,
                "strength": kw.get("strength", float("nan")),
                "trend": kw.get("trend", ""),
                "year": kw.get("year", pd.NA),
                "sources": tuple(kw.get("sources", ())),
            }
        )

    for aid in members:
        r = a.loc[aid]
        add(
            "collective_security",
            "actors",
            aid,
            r["short_en"],
            r["short_ar"],
            "gcc_member",
            sources=r["sources"],
        )
    ev = getattr(ds, "events", None)
    if ev is not None:
        bloc = set(members) | {actor}
        for eid, r in ev.iterrows():
            involved = set(r["actors"])
            if actor in involved and involved <= bloc:
                add(
                    "collective_security",
                    "events",
                    eid,
                    r["title_en"],
                    r["title_ar"],
                    str(r["kind"]),
                    year=r["start_year"],
                    sources=r["sources"],
                )
    t = ds.ties
    for sign, track, kinds in (
        (-1, "collective_security", None),
        (1, "diversification", PORTFOLIO_KINDS),
    ):
        sel = t.loc[((t["side_a"] == actor) | (t["side_b"] == actor)) & (t["sign"] == sign)]
        if kinds is not None:
            sel = sel.loc[sel["kind"].isin(list(kinds)).astype(bool)]
        for tid, r in sel.iterrows():
            other = r["side_b"] if r["side_a"] == actor else r["side_a"]
            add(
                track,
                "ties",
                tid,
                a.loc[other, "short_en"],
                a.loc[other, "short_ar"],
                str(r["kind"]),
                strength=float(r["strength"]),
                trend=str(r["trend"]),
                sources=r["sources"],
            )
    cols = ["track", "table", "key", "en", "ar", "kind", "strength", "trend", "year", "sources"]
    out = pd.DataFrame(rows, columns=cols)
    out["year"] = out["year"].astype("Int64")
    return out


# --------------------------------------------------------------------------- arms imports

ARMS_COLUMNS: tuple[str, ...] = ("recipient", "supplier", "period")
ARMS_SHARE_TOL = 0.01


def read_arms_imports(path: str | os.PathLike) -> pd.DataFrame:
    """Read arms-import shares by supplier (e.g. prepared from SIPRI Arms Transfers data).

    The file is a UTF-8 CSV with one row per recipient, supplier and period and the columns
    ``recipient``, ``supplier``, ``period`` (free text such as ``2019-2023``) and at least
    one of ``value`` (a non-negative volume, e.g. SIPRI trend-indicator values) or
    ``share`` (a fraction in [0, 1]). Other columns are ignored. Shares are computed per
    recipient and period as value / total value when ``value`` is given; otherwise the
    given shares must sum to 1 within 0.01 (rounding) and are rescaled to sum to exactly 1.

    Parameters
    ----------
    path : path-like

    Returns
    -------
    pandas.DataFrame
        ``recipient``, ``supplier``, ``period``, ``value`` (NaN when absent), ``share``.

    Raises
    ------
    gulfsec.DataError
        Naming the file, row (1-based data row) and column of every problem: a missing
        file or column, an empty cell, a non-number, a negative value or a share outside
        [0, 1], a duplicate (recipient, supplier, period), a group whose shares do not sum
        to 1 or whose values sum to 0.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "synthetic_arms.csv"
    >>> _ = f.write_text("recipient,supplier,period,value\\nAAA,X,2019-2023,3\\nAAA,Y,2019-2023,1\\n")
    >>> read_arms_imports(f)["share"].tolist()
    [0.75, 0.25]
    """
    from gulfsec.data import DataError, Problem

    p = os.fspath(path)
    fname = os.path.basename(p)
    problems: list[Problem] = []
    if not os.path.isfile(p):
        raise DataError([Problem(fname, None, None, f"file not found: {p}")])
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            records = list(reader)
    except UnicodeDecodeError as exc:
        raise DataError([Problem(fname, None, None, f"not valid UTF-8 ({exc.reason})")]) from None
    missing = [c for c in ARMS_COLUMNS if c not in header]
    has_value, has_share = "value" in header, "share" in header
    if missing or not (has_value or has_share):
        need = missing + ([] if (has_value or has_share) else ["value or share"])
        raise DataError(
            [Problem(fname, None, c, f"missing column; header is {header}") for c in need]
        )
    rows = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, rec in enumerate(records, start=1):
        row: dict[str, Any] = {}
        ok = True
        for c in ARMS_COLUMNS:
            v = (rec.get(c) or "").strip()
            if not v:
                problems.append(Problem(fname, i, c, "empty cell"))
                ok = False
            row[c] = v
        for c, lo, hi in (("value", 0.0, math.inf), ("share", 0.0, 1.0)):
            if c not in header:
                row[c] = float("nan")
                continue
            raw = (rec.get(c) or "").strip()
            if not raw:
                if c == "value" or not has_value:
                    problems.append(Problem(fname, i, c, "empty cell"))
                    ok = False
                row[c] = float("nan")
                continue
            try:
                x = float(raw)
            except ValueError:
                problems.append(Problem(fname, i, c, f"expected a number, got {raw!r}"))
                ok = False
                continue
            if not math.isfinite(x) or not lo <= x <= hi:
                rng = "[0, 1]" if c == "share" else ">= 0"
                problems.append(Problem(fname, i, c, f"expected a number {rng}, got {raw!r}"))
                ok = False
            row[c] = x
        if ok:
            key = (row["recipient"], row["supplier"], row["period"])
            if key in seen:
                problems.append(
                    Problem(fname, i, "supplier", f"duplicate of row {seen[key]} for {key}")
                )
            else:
                seen[key] = i
                row["_row"] = i
                rows.append(row)
    if problems:
        raise DataError(problems, p)
    if not rows:
        raise DataError([Problem(fname, None, None, "no data rows")], p)
    df = pd.DataFrame(rows)
    shares = []
    for (rec, per), g in df.groupby(["recipient", "period"], sort=False):
        if has_value:
            tot = float(g["value"].sum())
            if tot <= 0:
                problems.append(
                    Problem(
                        fname, int(g["_row"].iloc[0]), "value", f"values of {rec} {per} sum to 0"
                    )
                )
                continue
            shares.append(g["value"] / tot)
        else:
            tot = float(g["share"].sum())
            if abs(tot - 1.0) > ARMS_SHARE_TOL:
                problems.append(
                    Problem(
                        fname,
                        int(g["_row"].iloc[0]),
                        "share",
                        f"shares of {rec} {per} sum to {tot:.4g}, not 1 (+/- {ARMS_SHARE_TOL})",
                    )
                )
                continue
            shares.append(g["share"] / tot)
    if problems:
        raise DataError(problems, p)
    df["share"] = pd.concat(shares).reindex(df.index)
    return df[["recipient", "supplier", "period", "value", "share"]].reset_index(drop=True)


def arms_concentration(imports: pd.DataFrame) -> pd.DataFrame:
    """Concentration of arms imports by supplier, per recipient and period.

    Parameters
    ----------
    imports : pandas.DataFrame
        From :func:`read_arms_imports`.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``recipient``, ``period``): the columns of :func:`concentration`
        (``n_partners`` = suppliers with a positive share, ``top_partner`` = main supplier).

    Examples
    --------
    >>> df = pd.DataFrame({"recipient": ["A", "A"], "supplier": ["X", "Y"],
    ...                    "period": ["p", "p"], "share": [0.5, 0.5]})
    >>> float(arms_concentration(df).loc[("A", "p"), "effective_number"])
    2.0
    """
    need = {"recipient", "supplier", "period", "share"}
    if not isinstance(imports, pd.DataFrame) or not need <= set(imports.columns):
        raise ValueError(f"parameter 'imports' must be a DataFrame with columns {sorted(need)}")
    rows = {}
    for key, g in imports.groupby(["recipient", "period"], sort=False):
        rows[key] = concentration(pd.Series(g["share"].to_numpy(), index=g["supplier"]))
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index = pd.MultiIndex.from_tuples(out.index, names=["recipient", "period"])
    return out


# --------------------------------------------------------------------------- formal obligations
#: The five obligations of the Alliance Treaty Obligations and Provisions (ATOP) data, in the
#: order of their columns: defence, offence, neutrality, non-aggression, consultation.
ATOP_OBLIGATIONS: tuple[str, ...] = ("defense", "offense", "neutral", "nonagg", "consul")
#: Years of the bundled ATOP 5.1 extract.
ATOP_YEARS: tuple[int, int] = (1946, 2018)


def atop_obligations(
    atop: pd.DataFrame,
    states: Mapping[str, int],
    year: int,
) -> pd.DataFrame:
    """Formal alliance obligations in force in ``year`` among the given states.

    Definition (ATOP 5.1, Leeds et al. 2002): a directed dyad-year records, for state A
    towards state B, whether a written alliance in force commits A to defence, offence,
    neutrality, non-aggression or consultation (0/1 each). A pair is kept when either direction
    holds at least one obligation; an obligation counts for the pair when either direction
    holds it. Both sides are taken from ``states``: pass every state you want to see as a
    possible partner.

    Parameters
    ----------
    atop : pandas.DataFrame
        Directed dyad-years: ``statea, stateb, year`` and the columns of
        :data:`ATOP_OBLIGATIONS` (0/1).
    states : mapping of str to int
        ``{label: COW state number}``: the states whose pairs are looked at.
    year : int
        The year of the obligations (ATOP 5.1 ends in 2018).

    Returns
    -------
    pandas.DataFrame
        One row per pair with an obligation (labels in the order of ``states``): ``side_a``,
        ``side_b`` and one 0/1 int column per obligation, sorted by ``side_a``, ``side_b`` in
        that order.

    References
    ----------
    Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance Treaty
    Obligations and Provisions, 1815-1944. *International Interactions* 28(3), 237-260.
    Leeds, B. A. (2022). *ATOP Codebook*, version 5.1.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"statea": [670, 710], "stateb": [710, 670], "year": [2018, 2018],
    ...                   "defense": [0, 0], "offense": [0, 0], "neutral": [0, 0],
    ...                   "nonagg": [1, 1], "consul": [0, 0]})
    >>> atop_obligations(a, {"SAU": 670, "CHN": 710, "USA": 2}, 2018).values.tolist()
    [['SAU', 'CHN', 0, 0, 0, 1, 0]]
    """
    need = ["statea", "stateb", "year", *ATOP_OBLIGATIONS]
    missing = [c for c in need if c not in atop.columns]
    if missing:
        raise ValueError(f"parameter 'atop' lacks column(s) {missing}")
    order = {int(c): i for i, c in enumerate(states.values())}
    names = {int(c): str(k) for k, c in states.items()}
    sub = atop[
        (atop["year"] == int(year))
        & atop["statea"].isin(list(order))
        & atop["stateb"].isin(list(order))
    ]
    rows: dict[tuple[int, int], dict[str, int]] = {}
    for r in sub.itertuples(index=False):
        a, b = int(r.statea), int(r.stateb)
        if a == b:
            continue
        key = (a, b) if order[a] < order[b] else (b, a)
        cur = rows.setdefault(key, dict.fromkeys(ATOP_OBLIGATIONS, 0))
        for o in ATOP_OBLIGATIONS:
            v = getattr(r, o)
            if v is not None and not (isinstance(v, float) and math.isnan(v)) and v > 0:
                cur[o] = 1
    out = [
        {"side_a": names[a], "side_b": names[b], **obl}
        for (a, b), obl in sorted(rows.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]]))
        if any(obl.values())
    ]
    return pd.DataFrame(out, columns=["side_a", "side_b", *ATOP_OBLIGATIONS])


def formal_portfolio(
    obligations: pd.DataFrame,
    members: Sequence[str],
    partners: Sequence[str],
    obligation: str = "any",
) -> pd.Series:
    """A bloc's formal-commitment portfolio: how many members hold an obligation with each partner.

    Definition: for each outside partner, the number of the bloc's members (e.g. the six GCC
    states) that share at least one ATOP obligation with it (``obligation="any"``) or the
    named obligation. The series can be fed to :func:`concentration` (``normalize=True``) to
    compare with the coded portfolio: a partner is weighted by how many members are formally
    committed to it, since ATOP codes states, not the GCC as a bloc.

    Parameters
    ----------
    obligations : pandas.DataFrame
        :func:`atop_obligations`.
    members, partners : sequence of str
        Labels of the bloc's members and of the outside partners to count.
    obligation : str, default "any"
        ``"any"`` or one of :data:`ATOP_OBLIGATIONS`.

    Returns
    -------
    pandas.Series
        Index ``partners`` (in order), int counts (0 when none), named ``obligation``.

    Examples
    --------
    >>> import pandas as pd
    >>> ob = pd.DataFrame({"side_a": ["SAU", "BHR"], "side_b": ["CHN", "GBR"],
    ...                    "defense": [0, 0], "offense": [0, 0], "neutral": [0, 0],
    ...                    "nonagg": [1, 1], "consul": [0, 0]})
    >>> formal_portfolio(ob, ["SAU", "BHR"], ["USA", "GBR", "CHN"]).tolist()
    [0, 1, 1]
    """
    check_choice("obligation", obligation, ("any", *ATOP_OBLIGATIONS))
    cols = list(ATOP_OBLIGATIONS) if obligation == "any" else [obligation]
    mem = set(members)
    counts = dict.fromkeys(partners, 0)
    for r in obligations.itertuples(index=False):
        if not any(getattr(r, c) for c in cols):
            continue
        for m, p in ((r.side_a, r.side_b), (r.side_b, r.side_a)):
            if m in mem and p in counts:
                counts[p] += 1
    return pd.Series(counts, name=obligation, dtype="int64")


def formal_and_coded(
    coded: pd.DataFrame,
    formal: pd.Series,
) -> pd.DataFrame:
    """Coded ties and formal commitments side by side, with the concentration of each.

    Parameters
    ----------
    coded : pandas.DataFrame
        :func:`portfolio` (index partner; ``strength``, ``share``).
    formal : pandas.Series
        :func:`formal_portfolio` (index partner; counts).

    Returns
    -------
    pandas.DataFrame
        Index the union of partners (coded first); ``coded_strength``, ``coded_share``,
        ``formal_members``, ``formal_share`` (0 for a partner absent on one side; NaN share
        when a side has no commitment at all). ``attrs["coded"]`` and ``attrs["formal"]``
        hold :func:`concentration` of each side (``None`` when that side is empty).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"strength": [3.0, 1.0], "share": [0.75, 0.25]}, index=["USA", "CHN"])
    >>> t = formal_and_coded(c, pd.Series({"USA": 0, "CHN": 1, "GBR": 3}))
    >>> t["formal_share"].tolist(), t.attrs["formal"]["top_partner"]
    ([0.0, 0.25, 0.75], 'GBR')
    """
    idx = list(coded.index) + [p for p in formal.index if p not in coded.index]
    out = pd.DataFrame(index=pd.Index(idx, name="partner"))
    out["coded_strength"] = coded["strength"].reindex(idx).fillna(0.0).astype("float64")
    total_c = out["coded_strength"].sum()
    out["coded_share"] = out["coded_strength"] / total_c if total_c > 0 else float("nan")
    out["formal_members"] = formal.reindex(idx).fillna(0).astype("int64")
    total_f = out["formal_members"].sum()
    out["formal_share"] = out["formal_members"] / total_f if total_f > 0 else float("nan")
    out.attrs["coded"] = concentration(out["coded_strength"], normalize=True) if total_c else None
    out.attrs["formal"] = (
        concentration(out["formal_members"].astype("float64"), normalize=True) if total_f else None
    )
    return out
