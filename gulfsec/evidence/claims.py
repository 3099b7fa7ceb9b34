"""The article's claims: where each is made, its test, its alternatives, and the inputs it reads.

:data:`CLAIMS` lists the article's claims in the order of the text (:class:`Claim`), then those
these data cannot reach (``assess`` None; the reason is the label ``evidence.why.<claim_id>``).
Each tested claim names an adapter that feeds its ``assess_*`` function (in
:mod:`~gulfsec.evidence.balance`, :mod:`~gulfsec.evidence.disputes`,
:mod:`~gulfsec.evidence.conflicts`, :mod:`~gulfsec.evidence.obligations`) from the shared
inputs and one specification, and declares its defensible alternatives, the first option of
each the field's convention. :func:`prepare_inputs` computes those inputs once from the data
package and the bundled extracts.

Examples
--------
>>> claim("iraq_counterweight").passages
(12, 14)
>>> [c.claim_id for c in CLAIMS if c.assess is None][:2]
['imminent_collision', 'us_commitment_doubts']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from gulfsec import alliances, networks, power, threats
from gulfsec.evidence._helpers import _band, _pair_mask, _participants
from gulfsec.evidence.balance import (
    assess_arms_race,
    assess_counterweight,
    assess_counterweight_faded,
    assess_tilt_to_iran,
    assess_us_greatest_power,
)
from gulfsec.evidence.conflicts import (
    assess_continuing_tensions,
    assess_iran_intervention,
    assess_iraq_internal_war,
    assess_regional_conflicts_declined,
    assess_system_formed,
    assess_three_wars,
    assess_yemen_2015,
)
from gulfsec.evidence.disputes import (
    assess_arab_rift,
    assess_iraq_kuwait_after_demarcation,
    assess_islands_since_1971,
    assess_named_disputes,
    assess_principal_challenge,
    assess_us_counterweight,
)
from gulfsec.evidence.model import (
    LAST_YEAR_BEFORE_ARTICLE,
    MEASURES,
    MID_PARTICIPANTS,
    OBLIGATION_READINGS,
    OUTSIDE_POWERS,
    Claim,
    Finding,
)
from gulfsec.evidence.obligations import (
    assess_china_russia_ties,
    assess_gcc_collective_defence,
    assess_no_shared_system,
    assess_single_ally,
)

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import Dataset
    from gulfsec.external import External

__all__ = ["CLAIMS", "claim", "prepare_inputs"]


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
        # the test reads Iraq's row only
        threats.conflict_years(
            i["ext"].ucdp_acd, {"IRQ": i["war_states"]["IRQ"]}, 2003, int(s["end"])
        )
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

_BANDS = ("0.25", "0.1", "0.5")
_MIDS = MID_PARTICIPANTS
_END = (str(LAST_YEAR_BEFORE_ARTICLE), str(LAST_YEAR_BEFORE_ARTICLE + 1))

#: The ledger: the article's claims in the order of the text, then those the data cannot reach.
CLAIMS: tuple[Claim, ...] = (
    Claim("system_formed", (11,), ("cow_states",), _ADAPTERS["system_formed"],
          {"window": ("1970–1972", "1970–1971", "1970–1974")}),
    Claim("three_wars", (11,), ("cow_war_inter",), _ADAPTERS["three_wars"]),
    Claim("iraq_counterweight", (12, 14), ("cow_nmc",), _ADAPTERS["iraq_counterweight"],
          {"measure": MEASURES, "reading": ("not_preponderant", "parity"),
           "band": (*_BANDS, "3:1")}),
    Claim("counterweight_faded", (14,), ("cow_nmc",), _ADAPTERS["counterweight_faded"],
          {"measure": MEASURES, "band": _BANDS,
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
