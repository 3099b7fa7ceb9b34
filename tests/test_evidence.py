"""The claims ledger and the evidence functions behind it, on hand-checkable cases and on the
bundled extracts (whose findings the notebooks' prose states: the last tests pin them)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from conftest import ARTICLE

import gulfsec
from gulfsec import alliances, evidence, networks, power, threats
from gulfsec.i18n import catalogue, label


@pytest.fixture(scope="module")
def ext():
    return gulfsec.load_external()


@pytest.fixture(scope="module")
def led(ds, ext):
    return evidence.ledger(ds, ext)


# --------------------------------------------------------------------------- power
def test_world_cinc_and_system_shares_by_hand():
    nmc = pd.DataFrame(
        {"ccode": [1, 2], "year": [2000, 2000], "milex": [3.0, 1.0], "milper": [1.0, 1.0],
         "irst": [1.0, 1.0], "pec": [1.0, 1.0], "tpop": [1.0, 1.0], "upop": [1.0, 1.0],
         "cinc": [0.02, 0.01]}
    )  # fmt: skip
    world = power.system_shares(nmc, {"A": 1, "B": 2}, system="world")
    assert world.loc[2000].tolist() == [0.02, 0.01]
    gulf = power.system_shares(nmc, {"A": 1, "B": 2}, system="gulf")
    # A: milex share 0.75, five components at 0.5 -> (0.75 + 2.5) / 6
    assert gulf.loc[2000, "A"] == pytest.approx(3.25 / 6)
    assert power.military_shares(nmc, {"A": 1, "B": 2}).loc[2000, "A"] == pytest.approx(0.625)
    with pytest.raises(ValueError, match="parameter 'system' must be one of"):
        power.system_shares(nmc, {"A": 1}, system="region")


def test_military_expenditure_group_is_missing_when_a_member_is():
    nmc = pd.DataFrame({"ccode": [1, 2, 1], "year": [2000, 2000, 2001], "milex": [3.0, 1.0, 4.0]})
    m = power.military_expenditure(nmc, {"A": 1, "B": 2}, groups={"AB": ["A", "B"]})
    assert m.loc[2000, "AB"] == 4.0 and math.isnan(m.loc[2001, "AB"])


def test_mutual_buildups_by_hand():
    # A grows 10 % a year throughout; B 10 % to 2003, then 50 %: both >= 9 % in 2001-2004
    m = pd.DataFrame({"A": [100, 110, 121, 133.1, 146.41], "B": [10, 11, 12.1, 13.31, 19.965]},
                     index=range(2000, 2005))  # fmt: skip
    r = power.mutual_buildups(m, "A", "B", rate=0.09, window=1)
    assert r[["start_year", "end_year", "years"]].values.tolist() == [[2001, 2004, 4]]
    assert r.loc[0, "growth_b"] == pytest.approx(0.10)
    # over a 2-year window the first year with growth is 2002
    assert power.mutual_buildups(m, "A", "B", rate=0.09, window=2)["start_year"].tolist() == [2002]
    # a zero base has no growth (no infinite rate)
    z = pd.DataFrame({"A": [0.0, 5.0], "B": [1.0, 2.0]}, index=[2000, 2001])
    assert power.mutual_buildups(z, "A", "B", window=1).empty
    with pytest.raises(ValueError, match="parameter 'window'"):
        power.mutual_buildups(m, "A", "B", window=0)


# --------------------------------------------------------------------------- networks
def _dyads():
    return pd.DataFrame(
        {"dispnum": [1, 1, 1, 1, 2, 2], "ccode1": [630, 645, 630, 645, 645, 630],
         "ccode2": [645, 630, 645, 630, 630, 645], "year": [1980, 1980, 1981, 1981, 1990, 1990],
         "hostlev1": [5, 4, 5, 4, 2, 3], "hostlev2": [4, 5, 4, 5, 3, 2],
         "revtype11": [1, 0, 1, 0, 2, 0], "revtype12": [0, 1, 0, 1, 0, 2],
         "fatality": [3, 3, 3, 3, 0, 0]}
    )  # fmt: skip


def test_mid_dyads_counts_each_dispute_once_in_both_directions():
    r = networks.mid_dyads(_dyads()).iloc[0]
    assert (r["ccode1"], r["ccode2"]) == (630, 645)
    assert int(r["disputes"]) == 2 and int(r["dispute_years"]) == 3
    assert (int(r["first_year"]), int(r["last_year"])) == (1980, 1990)
    assert int(r["max_hostility"]) == 5 and int(r["territorial"]) == 1 and int(r["fatal"]) == 1


def test_rivalry_contiguity_and_evidence_join():
    riv = pd.DataFrame({"ccode1": [630, 645], "ccode2": [645, 690], "start": [1958, 1961],
                        "end": [2003, 2020], "spatial": [1, 1], "positional": [1, None],
                        "ideological": [None, None], "interventionary": [None, None]})  # fmt: skip
    rr = networks.rivalry_record(riv)
    assert rr.loc[0, "types"] == ("spatial", "positional")
    con = pd.DataFrame({"ccode1": [645, 630], "ccode2": [630, 690], "conttype": [1, 3],
                        "begin": [193210, 196106]})  # fmt: skip
    cr = networks.contiguity_record(con)
    assert cr[["ccode1", "ccode2", "conttype", "since"]].values.tolist() == [
        [630, 645, 1, 1932],
        [630, 690, 3, 1961],
    ]
    actors = pd.DataFrame({"cow_code": [630, 645, 690, None], "gulf_littoral": [True] * 3 + [False]},
                          index=["IRN", "IRQ", "KWT", "GCC"])  # fmt: skip
    ev = networks.dispute_evidence(
        [("IRQ", "IRN"), ("IRN", "KWT"), ("GCC", "IRN")],
        actors,
        networks.mid_dyads(_dyads()),
        rr,
        cr,
    )
    assert ev["side_a"].tolist() == ["IRQ", "IRN"]  # the bloc has no COW number: left out
    assert ev["disputes"].tolist() == [2, 0] and ev.loc[1, "rivalry_types"] == ()
    assert ev["conttype"].tolist() == [1, 3]
    with pytest.raises(ValueError, match="parameter 'pairs'"):
        networks.dispute_evidence([("XXX", "IRN")], actors, networks.mid_dyads(_dyads()), rr, cr)


def test_unnamed_mid_pairs_threshold_and_named():
    actors = pd.DataFrame({"cow_code": [2, 630, 645, 666], "gulf_littoral": [False, True, True, False]},
                          index=["USA", "IRN", "IRQ", "ISR"])  # fmt: skip
    mids = pd.DataFrame({"ccode1": [2, 630, 645, 2], "ccode2": [630, 645, 666, 666],
                         "disputes": [15, 29, 2, 9]})  # fmt: skip
    out = networks.unnamed_mid_pairs(mids, actors, [("IRQ", "IRN")], min_disputes=3)
    assert out[["side_a", "side_b"]].values.tolist() == [["USA", "IRN"]]  # USA-ISR: no Gulf state
    assert len(networks.unnamed_mid_pairs(mids, actors, [], min_disputes=2)) == 3
    with pytest.raises(ValueError, match="parameter 'min_disputes'"):
        networks.unnamed_mid_pairs(mids, actors, [], min_disputes=0)


# --------------------------------------------------------------------------- threats
def test_conflict_years_deduplicates_unnested_rows():
    u = pd.DataFrame({"conflict_id": [1, 1, 1, 2, 3], "year": [2015, 2015, 2016, 2016, 2016],
                      "gwno_a": [678, 678, 678, 678, 652], "intensity_level": [2, 2, 1, 1, 2],
                      "type_of_conflict": ["II", "II", "II", "intrastate", "interstate"]})  # fmt: skip
    c = threats.conflict_years(u, {"YEM": 678, "SYR": 652}, 2011, 2024)
    assert c.loc["YEM", ["conflicts", "conflict_years", "war_years", "minor_years"]].tolist() == [
        2,
        3,
        1,
        2,
    ]
    assert int(c.loc["YEM", "years_in_conflict"]) == 2 and int(c.loc["YEM", "last_intensity"]) == 1
    assert int(c.loc["SYR", "conflict_years"]) == 0 and pd.isna(c.loc["SYR", "first_year"])
    i = threats.conflict_intensity(u, {"YEM": 678}, 2014, 2017)
    assert i["YEM"].tolist() == [0, 2, 1, 0]
    assert threats.gw_code(679) == 678 and threats.gw_code(645) == 645


def test_territorial_threat_ranks_and_missing_state():
    t = pd.DataFrame({"ccode": [630, 696, 630], "year": [2010, 2010, 2009],
                      "lterrthreat": [0.07, 0.12, 0.5], "sd": [0.1] * 3, "lwr": [0.0] * 3,
                      "upr": [0.2] * 3})  # fmt: skip
    r = threats.territorial_threat(t, {"IRN": 630, "ARE": 696, "QAT": 694})
    assert r["rank"].tolist()[:2] == [2, 1] and pd.isna(r.loc["QAT", "rank"])
    assert r.loc["IRN", "year"] == 2010


# --------------------------------------------------------------------------- alliances
def test_atop_obligations_and_formal_portfolio_by_hand():
    a = pd.DataFrame({"statea": [670, 710, 200, 692, 670], "stateb": [710, 670, 692, 200, 2],
                      "year": [2018] * 4 + [2017], "defense": [0, 0, 0, 0, 1],
                      "offense": [0] * 5, "neutral": [0] * 5, "nonagg": [1, 1, 1, 0, 0],
                      "consul": [0, 1, 0, 0, 0]})  # fmt: skip
    states = {"SAU": 670, "BHR": 692, "USA": 2, "GBR": 200, "CHN": 710}
    ob = alliances.atop_obligations(a, states, 2018)
    assert ob[["side_a", "side_b"]].values.tolist() == [["SAU", "CHN"], ["BHR", "GBR"]]
    assert ob.loc[0, ["nonagg", "consul"]].tolist() == [1, 1]  # either direction counts
    f = alliances.formal_portfolio(ob, ["SAU", "BHR"], ["USA", "GBR", "CHN"])
    assert f.tolist() == [0, 1, 1]
    assert alliances.formal_portfolio(ob, ["SAU", "BHR"], ["CHN"], "consul").tolist() == [1]
    coded = pd.DataFrame({"strength": [3.0, 1.0]}, index=["USA", "CHN"])
    t = alliances.formal_and_coded(coded, f)
    assert t["formal_share"].tolist() == [0.0, 0.5, 0.5]
    assert t.attrs["formal"]["hhi"] == pytest.approx(0.5)
    assert t.attrs["coded"]["hhi"] == pytest.approx(0.625)  # (9 + 1) / 16


# --------------------------------------------------------------------------- assessments
@pytest.mark.parametrize(
    ("ratios", "verdict"),
    [([1.1, 1.1, 0.9, 0.9], "supported"), ([3.0, 3.0, 1.0, 1.0], "partly_supported"),
     ([3.0, 3.0, 0.5, 0.5], "partly_supported"), ([3.0, 3.0, 2.0, 2.0], "contradicted"),
     ([np.nan] * 4, "not_testable")],
)  # fmt: skip
def test_assess_counterweight_verdicts(ratios, verdict):
    r = pd.Series(ratios, index=[1975, 1976, 1985, 1986])
    assert evidence.assess_counterweight(r, band=0.25).verdict == verdict


def test_assess_counterweight_iraq_ahead_counts_for_the_claim_and_the_band():
    r = pd.Series([2.0, 8.0, 0.5, 0.5], index=[1975, 1976, 1985, 1986])
    f = evidence.assess_counterweight(r, band=0.25)
    assert f.numbers["ratio_1"] == "4.00"  # geometric mean of 2 and 8
    assert f.numbers["n_lead"] == 2 and f.numbers["lead_years"] == "1985–1986"
    assert f.verdict == "partly_supported"  # Iraq ahead in the 1980s balances Iran
    assert evidence.assess_counterweight(r, band=0.25, reading="parity").verdict == "contradicted"
    assert evidence.assess_counterweight(r, band=3.0).verdict == "supported"  # ratio <= 4
    assert evidence.assess_counterweight(r, band=3.0).numbers["limit"] == "4.00"


def test_assess_faded_and_tilt_as_a_change():
    r = pd.Series([1.0, 1.2, 1.5], index=[1985, 1995, 1996])
    assert evidence.assess_counterweight_faded(r, band=0.25).verdict == "supported"  # x 1.34
    assert evidence.assess_counterweight_faded(r, band=0.5).verdict == "partly_supported"
    down = pd.Series([2.0, 1.0], index=[1985, 1995])
    assert evidence.assess_counterweight_faded(down).verdict == "contradicted"
    # a high level that does not change is no tilt
    flat = pd.Series([2.0, 2.0], index=[2000, 2010])
    assert evidence.assess_tilt_to_iran(flat, flat).verdict == "contradicted"
    up = pd.Series([1.0, 2.0], index=[2000, 2010])
    f = evidence.assess_tilt_to_iran(up, up)
    assert f.verdict == "supported" and f.numbers["iran_iraq_change"] == "2.00"
    # Iraq's years without expenditure are reported, and dropped on request
    ii = pd.Series([1.0, 3.0, 1.1], index=[2000, 2005, 2010])
    g = evidence.assess_tilt_to_iran(ii, flat, iraq_gap=[2005])
    assert g.numbers["iraq_gap"] == "2005" and g.verdict == "partly_supported"  # x sqrt(3.3)
    h = evidence.assess_tilt_to_iran(ii, flat, iraq_gap=[2005], drop_gap=True)
    assert h.numbers["iran_iraq_change"] == "1.10" and h.verdict == "contradicted"


def test_assess_arms_race_scores_no_leg_out_of_reach():
    some = {"SAU": pd.DataFrame({"start_year": [2005], "end_year": [2008]})}
    none = {"SAU": pd.DataFrame({"start_year": [1975], "end_year": [1978]})}
    old = pd.DataFrame({"ccode1": [630], "ccode2": [670], "styear": [1973], "endyear": [1984]})
    # the list ends before 1992: out of reach, so spending alone gives partly at most
    assert evidence.assess_arms_race(old, some).verdict == "partly_supported"
    assert evidence.assess_arms_race(old, none).verdict == "contradicted"
    # a list that reaches the window is scored
    recent = pd.DataFrame({"ccode1": [630], "ccode2": [670], "styear": [1995], "endyear": [2000]})
    assert evidence.assess_arms_race(recent, some).verdict == "supported"
    assert evidence.assess_arms_race(recent, none).verdict == "partly_supported"


def _gml():
    # dispute 1 Iran-Iraq over territory; 2 Iran against three GCC states (one dispute);
    # 3 Iraq-Kuwait begun 1992, ongoing 1994; 4 Iran-UAE territory, the UAE a joiner
    return pd.DataFrame(
        {"dispnum": [1, 2, 2, 2, 3, 3, 4], "ccode1": [630, 630, 630, 630, 645, 645, 630],
         "ccode2": [645, 670, 690, 694, 690, 690, 696],
         "year": [1980, 1987, 1987, 1987, 1992, 1994, 1992],
         "revtype11": [1, 2, 2, 2, 1, 1, 1], "revtype12": [0, 0, 0, 0, 0, 0, 0],
         "orig1": [1, 1, 1, 1, 1, 1, 1], "orig2": [1, 1, 1, 0, 1, 1, 0]}
    )  # fmt: skip


def test_assess_named_disputes_counts_distinct_disputes():
    riv = pd.DataFrame({"ccode1": [630, 645], "ccode2": [645, 690],
                        "types": [("positional",), ("spatial",)]})  # fmt: skip
    f = evidence.assess_named_disputes(_gml(), riv)
    assert f.numbers["iran_gcc"] == 2  # dispute 2 counts once, not three times
    assert f.numbers["iran_gcc_states"] == 4 and f.numbers["gcc_issue_states"] == "ARE"
    assert f.verdict == "partly_supported"  # one GCC state with an issue record, not "a number"
    assert evidence.assess_named_disputes(_gml(), riv, min_gcc=1).verdict == "supported"
    o = evidence.assess_named_disputes(_gml(), riv, participants="originators", min_gcc=1)
    assert o.numbers["iran_gcc"] == 1 and o.verdict == "partly_supported"  # the joiner is out
    assert evidence.assess_named_disputes(_gml(), riv, reading="any").verdict == (
        "partly_supported"  # Iran has no rivalry with a GCC state in this frame
    )


def test_assess_iraq_kuwait_islands_and_us():
    riv = pd.DataFrame({"ccode1": [645], "ccode2": [690], "first_year": [1961],
                        "last_year": [2020]})  # fmt: skip
    f = evidence.assess_iraq_kuwait_after_demarcation(_gml(), riv)
    assert f.verdict == "supported" and f.numbers["mids_after"] == 1
    begun = evidence.assess_iraq_kuwait_after_demarcation(_gml(), riv, count="begun")
    assert begun.numbers["mids_after"] == 0 and begun.verdict == "partly_supported"
    r = pd.DataFrame({"ccode1": [630], "ccode2": [696], "types": [("spatial",)],
                      "first_year": [1971], "last_year": [2020]})  # fmt: skip
    m = pd.DataFrame({"ccode1": [630], "ccode2": [696], "disputes": [6], "territorial": [0],
                      "first_year": [1972], "last_year": [2004]})  # fmt: skip
    assert evidence.assess_islands_since_1971(r, m).verdict == "partly_supported"
    assert evidence.assess_islands_since_1971(r, m, revtype=False).verdict == "supported"
    mids = pd.DataFrame({"ccode1": [2], "ccode2": [630], "disputes": [15], "first_year": [1979],
                         "last_year": [2009]})  # fmt: skip
    us = pd.DataFrame({"ccode1": [2], "ccode2": [630], "first_year": [1982], "last_year": [2020]})
    # the presence is out of reach: the antagonism alone gives partly supported at most
    assert evidence.assess_us_counterweight(mids, us).verdict == "partly_supported"
    assert evidence.assess_us_counterweight(mids.iloc[0:0], us).verdict == "contradicted"


def _obligations(rows):
    cols = ["side_a", "side_b", "defense", "offense", "neutral", "nonagg", "consul"]
    return pd.DataFrame(rows, columns=cols)


def test_assess_alliance_claims():
    gbr = _obligations([["BHR", "GBR", 0, 0, 0, 1, 0], ["QAT", "GBR", 0, 0, 0, 1, 0],
                        ["SAU", "CHN", 0, 0, 0, 1, 1], ["IRN", "RUS", 0, 0, 1, 1, 1]])  # fmt: skip
    f = evidence.assess_single_ally(gbr)
    assert f.verdict == "not_testable" and f.numbers["others"] == "—"  # no defence obligation
    assert evidence.assess_single_ally(gbr, reading="any").numbers["others"] == "GBR: 2; CHN: 1"
    us = _obligations([["SAU", "USA", 1, 0, 0, 0, 0], ["KWT", "USA", 1, 0, 0, 0, 0],
                       ["QAT", "FRA", 1, 0, 0, 0, 0]])  # fmt: skip
    assert evidence.assess_single_ally(us).verdict == "supported"
    fr = _obligations([["SAU", "USA", 1, 0, 0, 0, 0], ["KWT", "FRA", 1, 0, 0, 0, 0],
                       ["QAT", "FRA", 1, 0, 0, 0, 0]])  # fmt: skip
    assert evidence.assess_single_ally(fr).verdict == "partly_supported"
    # a recommendation: its premise holds -> not testable; fails -> contradicted
    c = evidence.assess_china_russia_ties(gbr)
    assert c.verdict == "not_testable" and c.numbers["n_states"] == 1
    dense = _obligations([[s, "CHN", 0, 0, 0, 1, 0] for s in ("SAU", "KWT", "QAT")])
    assert evidence.assess_china_russia_ties(dense).verdict == "contradicted"  # 3 of 6
    assert evidence.assess_china_russia_ties(dense, reading="defense").verdict == "not_testable"
    # GCC collective defence: all pairs, some, none
    gcc = ["SAU", "KWT", "QAT"]
    full = _obligations([["SAU", "KWT", 1, 0, 0, 0, 0], ["SAU", "QAT", 1, 0, 0, 0, 0],
                         ["KWT", "QAT", 1, 0, 0, 0, 0]])  # fmt: skip
    assert evidence.assess_gcc_collective_defence(full, gcc).verdict == "supported"
    assert evidence.assess_gcc_collective_defence(full.iloc[:1], gcc).verdict == "partly_supported"
    assert evidence.assess_gcc_collective_defence(gbr, gcc).verdict == "contradicted"


def test_assess_no_shared_system():
    lit = {"IRN": 630, "IRQ": 645, "SAU": 670}
    base = {"offense": 0, "neutral": 0, "nonagg": 0, "consul": 0}
    atop = pd.DataFrame([
        {"statea": 630, "stateb": 645, "year": 1959, "defense": 1, **base},
        {"statea": 645, "stateb": 670, "year": 2018, "defense": 1, **base},
    ])  # fmt: skip
    f = evidence.assess_no_shared_system(atop, lit)
    assert f.verdict == "supported" and f.numbers["iran_last"] == 1959
    assert (f.numbers["other_pairs"], f.numbers["n_other_pairs"]) == (1, 1)
    one = pd.concat([atop, pd.DataFrame([{"statea": 670, "stateb": 630, "year": 2018,
                                          "defense": 1, **base}])])  # fmt: skip
    assert evidence.assess_no_shared_system(one, lit).verdict == "partly_supported"
    both = pd.concat([one, pd.DataFrame([{"statea": 630, "stateb": 645, "year": 2018,
                                          "defense": 1, **base}])])  # fmt: skip
    assert evidence.assess_no_shared_system(both, lit).verdict == "contradicted"
    consult = pd.concat([atop, pd.DataFrame([{"statea": 630, "stateb": 670, "year": 2018,
                                              "defense": 0, **{**base, "consul": 1}}])])  # fmt: skip
    assert evidence.assess_no_shared_system(consult, lit).verdict == "supported"
    assert evidence.assess_no_shared_system(consult, lit, reading="any").verdict == (
        "partly_supported"
    )


def _ucdp(rows):
    cols = ["conflict_id", "year", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd",
            "intensity_level", "type_of_conflict"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def test_assess_tensions_and_intervention():
    u = _ucdp([[9, 2022, 630, np.nan, 666, np.nan, 1, "interstate"],
               [9, 2024, 630, np.nan, 666, 2, 1, "interstate"],
               [5, 2016, 652, 630, np.nan, np.nan, 2, "II"],
               [6, 2016, 678, np.nan, np.nan, 630, 2, "II"],
               [7, 2024, 645, 630, np.nan, np.nan, 1, "II"]])  # fmt: skip
    riv = pd.DataFrame({"ccode1": [630, 2, 630], "ccode2": [666, 630, 696],
                        "first_year": [1979, 1982, 1971], "last_year": [2020, 2020, 2020]})  # fmt: skip
    f = evidence.assess_continuing_tensions(u, riv, end=2023)
    assert f.verdict == "partly_supported"  # the rivalries, but no conflict-year in 2023
    assert f.numbers["years"] == "2022" and f.numbers["us_years"] == "—"
    g = evidence.assess_continuing_tensions(u, riv, end=2024)
    assert g.verdict == "supported" and g.numbers["us_years"] == "2024"
    short = riv.assign(last_year=[2020, 2010, 2020])
    assert evidence.assess_continuing_tensions(u, short, end=2022).verdict == "partly_supported"
    i = evidence.assess_iran_intervention(u)  # to 2023: Syria and Yemen, not Iraq
    assert i.verdict == "partly_supported" and (i.numbers["SYR"], i.numbers["IRQ"]) == ("2016", "—")
    assert evidence.assess_iran_intervention(u, end=2024).verdict == "supported"
    assert evidence.assess_iran_intervention(u.iloc[:2]).verdict == "contradicted"


def test_assess_principal_challenge_and_rift():
    d = pd.DataFrame({"dispnum": [1, 1, 2, 3, 4], "ccode1": [670, 696, 690, 670, 645],
                      "ccode2": [630, 630, 645, 630, 690],
                      "year": [1987, 1987, 1990, 1988, 1995]})  # fmt: skip
    f = evidence.assess_principal_challenge(d)
    assert f.verdict == "supported" and f.numbers["top"] == "IRN 2; IRQ 2"  # a tie counts
    assert f.numbers["total"] == 4
    g = evidence.assess_principal_challenge(d, since=1992)
    assert g.verdict == "contradicted" and g.numbers["iran"] == 0
    r = pd.DataFrame({"ccode1": [694, 630, 645], "ccode2": [696, 640, 690],
                      "start": [2011, 2011, 1961]})  # fmt: skip
    rift = evidence.assess_arab_rift(r)
    assert rift.verdict == "supported" and rift.numbers["gcc_pairs"] == "QAT–ARE 2011"
    assert evidence.assess_arab_rift(r.iloc[1:]).verdict == "partly_supported"  # Iran-Turkey
    assert evidence.assess_arab_rift(r.iloc[2:]).verdict == "contradicted"


def test_assess_us_greatest_power_turns_on_the_measure():
    cinc = pd.DataFrame({"USA": [0.12], "CHN": [0.23], "RUS": [0.04]}, index=[2022])
    milex = pd.DataFrame({"USA": [838.8], "CHN": [218.6], "RUS": [np.nan]}, index=[2022])
    assert evidence.assess_us_greatest_power(cinc).verdict == "contradicted"
    f = evidence.assess_us_greatest_power(milex)
    assert f.verdict == "supported" and f.numbers["ranking"] == "USA 838.8; CHN 218.6"


def test_assess_conflict_claims():
    c = pd.DataFrame({"war_years": [0], "minor_years": [3], "first_year": [2004],
                      "last_year": [2010]}, index=["IRQ"])  # fmt: skip
    assert evidence.assess_iraq_internal_war(c).verdict == "partly_supported"
    i = pd.DataFrame({"SYR": [2, 1, 1, 2], "LBY": [1, 1, 1, 1]}, index=[2012, 2022, 2023, 2024])
    # the window ends at the article: 2024 does not count
    assert evidence.assess_regional_conflicts_declined(i, recent=2).verdict == "partly_supported"
    assert (
        evidence.assess_regional_conflicts_declined(i, recent=2, end=2024).verdict == "contradicted"
    )
    u = _ucdp([[1, 2014, 678, np.nan, np.nan, np.nan, 1, "II"],
               [1, 2016, 678, np.nan, 670, np.nan, 2, "II"]])  # fmt: skip
    assert evidence.assess_yemen_2015(u).verdict == "contradicted"  # no 2015 at all
    w = _ucdp([[1, 2010, 678, np.nan, np.nan, np.nan, 2, "II"],
               [1, 2015, 678, np.nan, 670, np.nan, 2, "II"],
               [1, 2015, 678, np.nan, 670, np.nan, 2, "II"],
               [1, 2024, 678, np.nan, 670, np.nan, 2, "II"]])  # fmt: skip
    y = evidence.assess_yemen_2015(w)
    # war-years of the war since 2015 (unnested rows once), to the article: not 2010, not 2024
    assert y.verdict == "supported" and (y.numbers["war_years"], y.numbers["war_span"]) == (
        1,
        "2015",
    )


def test_finding_rejects_an_unknown_verdict_and_options_are_checked(tmp_path):
    with pytest.raises(ValueError, match="parameter 'verdict'"):
        evidence.Finding("maybe")
    with pytest.raises(ValueError, match="parameter 'cinc_system'"):
        evidence.check_ledger_options(0.25, "region")
    with pytest.raises(ValueError, match="parameter 'claim_id'"):
        evidence.claim("nothing")
    with pytest.raises(ValueError, match="parameter 'nmc_csv'"):
        evidence.check_params(
            nmc_csv=str(tmp_path / "no.csv"), cinc_system="world", parity_band=0.25, lang="en"
        )
    with pytest.raises(ValueError, match="parameter 'parity_band'"):
        evidence.check_params(nmc_csv=None, cinc_system="world", parity_band=2, lang="en")


# --------------------------------------------------------------------------- the registry
def test_every_claim_has_its_texts_in_both_languages():
    cat = catalogue()
    ids = [c.claim_id for c in evidence.CLAIMS]
    assert len(ids) == len(set(ids)) and sum(c.assess is not None for c in evidence.CLAIMS) >= 12
    for c in evidence.CLAIMS:
        kinds = (
            ("claim", "test", "finding", "change", "short")
            if c.assess
            else ("claim", "why", "short")
        )
        for kind in kinds:
            assert f"evidence.{kind}.{c.claim_id}" in cat, (c.claim_id, kind)
        assert all(7 <= p <= 54 for p in c.passages)


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the article is not at ../shared/article")
def test_arabic_quotations_of_the_claims_are_verbatim():
    text = ARTICLE.read_text(encoding="utf-8")
    for c in evidence.CLAIMS:
        for quote in re.findall(r"«([^»]+)»", label(f"evidence.claim.{c.claim_id}", "ar")):
            for part in quote.split("..."):
                part = part.strip(" ،")
                assert not part or part in text, (c.claim_id, part)


# --------------------------------------------------------------------------- the bundled data
EXPECTED = {
    "system_formed": "supported",
    "three_wars": "supported",
    "iraq_counterweight": "partly_supported",
    "counterweight_faded": "supported",
    "historical_disputes": "partly_supported",
    "iraq_kuwait_demarcated": "supported",
    "arms_race": "partly_supported",
    "us_counterweight": "partly_supported",
    "iraq_civil_war": "supported",
    "no_shared_system": "supported",
    "continuing_tensions": "supported",
    "principal_challenge": "supported",
    "tilt_to_iran": "partly_supported",
    "islands_1971": "supported",
    "iran_intervention": "partly_supported",
    "arab_rift": "supported",
    "conflicts_declined": "partly_supported",
    "yemen_2015": "supported",
    "single_ally": "not_testable",
    "gcc_collective_defence": "supported",
    "china_russia": "not_testable",
    "us_greatest_power": "contradicted",
}


def test_ledger_on_the_bundled_extracts(led):
    got = led["verdict"].to_dict()
    assert {k: got[k] for k in EXPECTED} == EXPECTED
    assert evidence.verdict_counts(led) == {
        "supported": 12, "partly_supported": 7, "contradicted": 1, "not_testable": 9,
    }  # fmt: skip
    n = led["numbers"]
    assert n["three_wars"]["wars"] == "1980, 1990, 2003"
    cw = n["iraq_counterweight"]  # COW's world CINC, the convention
    assert (cw["ratio_1"], cw["ratio_2"], cw["lead_years"]) == ("2.43", "1.12", "1986–1987")
    hd = n["historical_disputes"]  # distinct disputes, not a sum over the six pairs
    assert (hd["iran_iraq"], hd["iran_gcc"], hd["iraq_kuwait"]) == (28, 19, 15)
    assert (hd["iran_gcc_terr"], hd["gcc_issue_states"]) == (2, "ARE")
    assert n["us_counterweight"]["mids"] == 15
    assert n["single_ally"]["ally_members"] == 0 and n["single_ally"]["others"] == "—"
    assert (n["yemen_2015"]["first_year"], n["yemen_2015"]["war_years"]) == (2015, 8)
    assert n["yemen_2015"]["war_span"] == "2015–2022"
    assert n["tilt_to_iran"]["iraq_gap"] == "2002–2008"
    assert (n["tilt_to_iran"]["iran_iraq_change"], n["tilt_to_iran"]["iran_gcc_change"]) == (
        "1.43",
        "1.18",
    )
    assert n["arms_race"]["grh_last"] < 1992 and n["arms_race"]["states"] == (
        "SAU (2004–2006); ARE (1996–1998)"
    )
    assert n["continuing_tensions"]["years"] == "2018–2023"
    assert (n["iran_intervention"]["SYR"], n["iran_intervention"]["YEM"]) == ("2015–2023", "—")
    assert n["principal_challenge"]["top"] == "IRN 18; IRQ 12; YEM 3"
    assert (n["arab_rift"]["n_new"], n["arab_rift"]["n_arab"]) == (10, 7)
    assert n["no_shared_system"]["iran_last"] == 1959
    assert n["gcc_collective_defence"]["pairs"] == 15
    assert n["conflicts_declined"]["years"] == "2021–2023"  # the window ends at the article
    assert n["us_greatest_power"]["ranking"].startswith("CHN")


def test_ledger_on_the_gulf_composite_turns_the_counterweight(ds, ext):
    gulf = evidence.ledger(ds, ext, cinc_system="gulf")
    assert gulf.loc["iraq_counterweight", "verdict"] == "contradicted"
    assert gulf.loc["iraq_counterweight", "numbers"]["n_lead"] == 0  # Iraq never ahead there
    assert gulf.loc["iraq_counterweight", "spec"]["measure"] == "gulf_cinc"
    changes = evidence.verdict_changes(evidence.ledger(ds, ext), gulf)
    assert changes.index.tolist() == ["iraq_counterweight"]
    assert evidence.verdict_changes(
        evidence.ledger(ds, ext), evidence.ledger(ds, ext, parity_band=0.5)
    ).index.tolist() == ["tilt_to_iran"]


@pytest.fixture(scope="module")
def grids(ds, ext):
    return evidence.specification_grids(ds, ext)


def test_specification_grids_on_the_bundled_extracts(grids, led):
    summary = evidence.grid_summary(grids)
    tested = [c.claim_id for c in evidence.CLAIMS if c.assess is not None]
    assert summary.index.tolist() == tested
    # the grid's first row is the ledger's headline (the field's convention)
    assert summary["convention"].to_dict() == led.loc[tested, "verdict"].to_dict()
    for cid, g in grids.items():
        c = evidence.claim(cid)
        assert len(g) == math.prod(len(v) for v in c.alternatives.values()), cid
    assert int(summary["n"].sum()) == 113
    fragile = summary[~summary["robust"]]["flips"].to_dict()
    assert fragile == {
        "iraq_counterweight": (("band=0.1",), ("band=3:1",), ("measure=gulf_cinc",)),
        "historical_disputes": (("gcc_states=1",), ("reading=any",)),
        "principal_challenge": (("since=1992",),),
        "tilt_to_iran": (("band=0.1",), ("band=0.5",), ("measure=gulf_cinc",)),
        "us_greatest_power": (("measure=milex",),),
    }
    cw = summary.loc["iraq_counterweight"]
    assert (cw["n"], round(cw["supported"] * 24), round(cw["contradicted"] * 24)) == (24, 4, 10)


def test_era_agreement_on_both_systems(ds, ext):
    """Pins notebook 01's prose: 4 of 10 in both systems, different eras; Iraq ahead of Iran
    in no year on the Gulf-8 composite, in 1986, 1987 and 1990 on COW's world CINC, and in every
    year 1980-89 on the military components."""
    system = power.gulf_system(ds.actors)
    out = {}
    for name in power.CINC_SYSTEMS:
        shares = power.system_shares(ext.cow_nmc, system, range(1971, 2025), name)
        ratios = power.gulf_ratios(shares.dropna(how="all"), ds.actors)
        comp = power.compare_with_eras(ds.balance_eras, ratios)
        out[name] = comp.set_index(["era_id", "dyad"])
        assert int(comp["agree"].sum()) == 4 and int(comp["agree"].notna().sum()) == 10
        ahead = ratios["IRN/IRQ"].index[ratios["IRN/IRQ"] < 1].tolist()
        assert ahead == ([] if name == "gulf" else [1986, 1987, 1990])
        if name == "gulf":
            gcc = comp[(comp["dyad"] == "IRN/GCC") & (comp["start_year"] >= 1980)]
            gcc = gcc[gcc["measured"].notna()]
            assert set(gcc["measured"]) <= {"parity", "second"}
    military = power.military_shares(ext.cow_nmc, system, range(1971, 2023))
    mil = power.gulf_ratios(military.dropna(how="all"), ds.actors)["IRN/IRQ"]
    assert (mil.loc[1980:1989] < 1).all()
    g, w = out["gulf"]["agree"], out["world"]["agree"]
    changed = sorted(i for i in g.index if pd.notna(g[i]) and bool(g[i]) != bool(w[i]))
    assert changed == [("first_gulf_war", "IRN/IRQ"), ("second_gulf_war", "IRN/IRQ")]


def test_dispute_record_on_the_bundled_extracts(ds, ext):
    """Pins notebook 02's reading of the record (default parameters)."""
    mids = networks.mid_dyads(ext.gml_mid_dyad_years)
    rivalries = networks.rivalry_record(ext.tss_rivalries)
    contiguity = networks.contiguity_record(ext.cow_contdir)
    pairs = list(zip(ds.disputes["side_a"], ds.disputes["side_b"], strict=True))
    ev = networks.dispute_evidence(pairs, ds.actors, mids, rivalries, contiguity)
    ev = ev.set_index(ev["side_a"] + "-" + ev["side_b"])
    assert (ev["disputes"] > 0).all() and ev["conttype"].notna().all()
    for p in ("IRN-IRQ", "IRQ-KWT"):  # the pairs the article names: war, over territory
        assert ev.loc[p, "max_hostility"] == 5 and ev.loc[p, "territorial"] > 0
    for p in ("IRN-KWT", "IRN-SAU"):  # named from outside the article: 1980-88, not territorial
        assert ev.loc[p, "first_year"] >= 1980 and ev.loc[p, "last_year"] <= 1988
        assert ev.loc[p, "territorial"] == 0
    assert (
        ev.loc["IRN-ARE", "rivalry_spells"][0][0] == 1971 and ev.loc["IRN-ARE", "territorial"] > 0
    )
    named = ds.disputes[ds.disputes["basis"] == "article"]
    un = networks.unnamed_mid_pairs(
        mids, ds.actors, zip(named["side_a"], named["side_b"], strict=True)
    )
    top = [f"{a}-{b}" for a, b in zip(un["side_a"], un["side_b"], strict=True)][:5]
    assert top == ["USA-IRN", "GBR-IRQ", "USA-IRQ", "RUS-IRN", "IRQ-ISR"]
    assert "IRN-KWT" in {f"{a}-{b}" for a, b in zip(un["side_a"], un["side_b"], strict=True)}
    assert int(mids["last_year"].max()) == 2010


def test_threat_evidence_on_the_bundled_extracts(ds, ext):
    """Pins notebook 03's reading of the evidence (default parameters)."""
    states = {
        s: threats.gw_code(ds.actors.loc[s, "cow_code"]) for s in ("YEM", "SYR", "LBY", "IRQ")
    }
    c = threats.conflict_years(ext.ucdp_acd, states, 2011, 2024)
    assert (c["years_in_conflict"] > 14 / 2).all()  # "in most years since 2011"
    assert c["war_years"].sort_values(ascending=False).index[:2].tolist() == ["SYR", "YEM"]
    assert int(c.loc["SYR", "last_intensity"]) == 2 and int(c.loc["LBY", "last_year"]) == 2020
    littoral = {s: int(ds.actors.loc[s, "cow_code"]) for s in threats.littoral_states(ds)}
    t = threats.territorial_threat(ext.terrthreat, littoral)
    assert int(t["year"].iloc[0]) == 2010
    assert t.sort_values("rank").index[:3].tolist() == ["SAU", "IRQ", "IRN"]
    assert int(t.loc["ARE", "rank"]) > 3


def test_formal_commitments_on_the_bundled_extracts(ds, ext):
    """Pins notebook 04's reading of ATOP 5.1 in 2018."""
    outside = list(evidence.OUTSIDE_POWERS)
    gcc = list(evidence.GCC_CODES)
    states = {a: int(ds.actors.loc[a, "cow_code"]) for a in [*gcc, "IRQ", "IRN", *outside]}
    ob = alliances.atop_obligations(ext.atop_ddyr, states, 2018)
    pair = ob[["side_a", "side_b"]].apply(frozenset, axis=1)
    with_us = ob[pair.map(lambda p: "USA" in p and bool(p & set(gcc)))]
    assert with_us.empty  # no obligation of any kind, defence included
    formal = alliances.formal_portfolio(ob, gcc, outside)
    assert formal.to_dict() == {"USA": 0, "GBR": 3, "FRA": 0, "DEU": 0, "CHN": 1, "RUS": 0}
    iran_rus = ob[pair == frozenset({"IRN", "RUS"})].iloc[0]
    assert iran_rus[["neutral", "nonagg", "consul"]].tolist() == [1, 1, 1]
    t = alliances.formal_and_coded(alliances.portfolio(ds, "GCC", "status_quo"), formal)
    assert t.attrs["coded"]["top_partner"] == "USA" and t.attrs["formal"]["top_partner"] == "GBR"
    assert t.attrs["formal"]["hhi"] == pytest.approx(0.625)
    inside = ob[pair.map(lambda p: p <= set(gcc) | {"IRQ"})]
    assert len(inside) == 21 and (inside["defense"] == 1).all()  # all 15 GCC pairs + 6 with Iraq


def test_notebook_05_numbers_on_the_bundled_extracts(ds, ext):
    """Pins the numbers that notebook 05's prose and solutions state."""
    system = power.gulf_system(ds.actors)
    nmc = ext.cow_nmc
    shares = power.capability_shares(nmc, system, range(1971, 2023)).dropna(how="all")
    ratio = power.gulf_ratios(shares, ds.actors)["IRN/IRQ"]
    gm, n = evidence.geometric_mean(ratio, 1980, 1989)
    assert round(gm, 2) == 1.58 and n == 10
    assert evidence.assess_counterweight(ratio, band=gm - 1 + 0.001).verdict == "partly_supported"
    assert evidence.geometric_mean(ratio, 1971, 1979)[0] > 2  # outside the widest band
    f = evidence.assess_counterweight_faded(ratio, before=(1985, 1989), after=(1992, 1996))
    assert f.verdict == "supported"
    milex = power.military_expenditure(nmc, system, range(1971, 2023))
    spells = lambda r: [  # noqa: E731
        (a, b)
        for a, b in power.mutual_buildups(milex, "IRN", "SAU", rate=r)[
            ["start_year", "end_year"]
        ].values.tolist()
    ]
    assert spells(0.15) == [(1974, 1977), (1982, 1982), (2006, 2006)]
    assert spells(0.08) == [(1974, 1978), (1982, 1982), (2005, 2008), (2010, 2013)]
    # the GCC states together outspend Iran after 2003; Iran has the larger army
    milper = nmc[nmc["ccode"].isin(system.values()) & nmc["year"].between(2003, 2022)]
    gcc_codes = [system[a] for a in system if a not in ("IRN", "IRQ")]
    by_year = milper.pivot(index="year", columns="ccode", values="milper")
    assert (by_year[630] > by_year[gcc_codes].sum(axis=1)).all()
    # solution 4: a +-100 % band adds six specifications, all partly supported
    from gulfsec import specifications

    alternatives = dict(evidence.claim("iraq_counterweight").alternatives)
    alternatives["band"] = (*alternatives["band"], "1.0")
    ratios = evidence.prepare_inputs(ds, ext)["ratios"]

    def counterweight(spec):
        band = 2.0 if spec["band"] == "3:1" else float(spec["band"])
        r = ratios[spec["measure"]]["IRN/IRQ"]
        return evidence.assess_counterweight(r, band=band, reading=spec["reading"]).verdict

    grid = specifications.evaluate(counterweight, alternatives)
    assert len(grid) == 30 and set(grid.loc[grid["band"] == "1.0", "verdict"]) == {
        "partly_supported"
    }
    s = specifications.summarise(grid, evidence.VERDICTS)
    assert s["convention"] == "partly_supported" and round(100 * s["shares"]["supported"]) == 13
    assert s["flips"] == (("band=0.1",), ("band=3:1",), ("measure=gulf_cinc",))


def test_ledger_table_keeps_counts_with_their_nouns(ds, led):
    """Counts reach label() as integers, so that their noun agrees (the plural rows)."""
    from gulfsec.plotting import evidence as ev_plots

    for lang, words in (("en", ("3 wars", "7 MIDs")), ("ar", ("3 حروب", "7 نزاعات"))):
        t = ev_plots.ledger_table(led, ds, lang)
        findings = " ".join(t.iloc[:, 5])
        for w in words:
            assert w in findings, (lang, w)
    assert len(ev_plots.untestable_table(led, "ar")) == 7
