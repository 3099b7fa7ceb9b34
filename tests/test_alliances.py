"""Tests of gulfsec.alliances on hand-computed cases, a synthetic data set and the real data."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from gulfsec import alliances

# --------------------------------------------------------------------------- concentration


def test_two_equal_partners():
    assert alliances.hhi([0.5, 0.5]) == 0.5
    assert alliances.effective_number([0.5, 0.5]) == 2.0
    assert alliances.normalized_hhi([0.5, 0.5]) == 0.0
    assert alliances.shannon_entropy([0.5, 0.5]) == pytest.approx(math.log(2))
    assert alliances.shannon_entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert alliances.top_share([0.5, 0.5]) == 0.5


def test_one_partner():
    assert alliances.hhi([1.0]) == 1.0
    assert alliances.effective_number([1.0]) == 1.0
    assert alliances.normalized_hhi([1.0]) == 1.0  # convention for N = 1
    assert alliances.shannon_entropy([1.0]) == 0.0
    assert alliances.top_share({"USA": 1.0}) == 1.0


def test_unequal_hand_computed():
    # 0.6^2 + 0.3^2 + 0.1^2 = 0.46; (0.46 - 1/3) / (2/3) = 0.19
    s = [0.6, 0.3, 0.1]
    assert alliances.hhi(s) == pytest.approx(0.46)
    assert alliances.effective_number(s) == pytest.approx(1 / 0.46)
    assert alliances.normalized_hhi(s) == pytest.approx(0.19)
    h = -(0.6 * math.log(0.6) + 0.3 * math.log(0.3) + 0.1 * math.log(0.1))
    assert alliances.shannon_entropy(s) == pytest.approx(h)
    assert alliances.top_share(s) == 0.6


def test_zero_shares_count_in_n_but_not_in_hhi():
    assert alliances.hhi([1.0, 0.0]) == 1.0
    assert alliances.normalized_hhi([1.0, 0.0]) == 1.0
    assert alliances.normalized_hhi([0.5, 0.5, 0.0]) == pytest.approx((0.5 - 1 / 3) / (2 / 3))
    assert alliances.shannon_entropy([1.0, 0.0, 0.0]) == 0.0
    c = alliances.concentration({"A": 0.5, "B": 0.5, "C": 0.0})
    assert c["n_partners"] == 2
    assert c["effective_number"] == 2.0


def test_not_summing_to_one():
    with pytest.raises(ValueError, match="sums to 1.2.*normalize=True"):
        alliances.hhi([0.6, 0.6])
    # Normalised by the stated rule: share = weight / total.
    assert alliances.hhi([3, 1], normalize=True) == pytest.approx(0.625)
    assert alliances.as_shares({"USA": 3, "CHN": 1}, normalize=True).to_dict() == {
        "USA": 0.75,
        "CHN": 0.25,
    }


@pytest.mark.parametrize(
    "bad, msg",
    [
        ([], "empty"),
        ([0.0, 0.0], "sums to 0"),
        ([-0.5, 1.5], "negative"),
        ([float("nan"), 1.0], "missing or infinite"),
        ([[0.5], [0.5]], "1-D"),
        (["a", "b"], "numbers"),
    ],
)
def test_bad_shares(bad, msg):
    with pytest.raises(ValueError, match=msg):
        alliances.hhi(bad, normalize=True)


def test_entropy_bad_base():
    with pytest.raises(ValueError, match="'base'"):
        alliances.shannon_entropy([1.0], base=1)


def test_measures_agree_on_equal_shares():
    for n in range(1, 8):
        s = np.full(n, 1 / n)
        assert alliances.effective_number(s) == pytest.approx(n)
        assert alliances.shannon_entropy(s) == pytest.approx(math.log(n))


# --------------------------------------------------------------------------- similarity


def test_similarity_identical_and_disjoint():
    a = {"USA": 3, "GBR": 2}
    assert alliances.portfolio_similarity(a, a) == 1.0
    assert alliances.portfolio_similarity(a, a, method="sr") == 1.0
    assert alliances.portfolio_similarity({"USA": 1}, {"CHN": 1}) == 0.0
    assert alliances.portfolio_similarity({"USA": 1}, {"CHN": 1}, method="sr") == -1.0


def test_similarity_hand_computed():
    # a = (0.5, 0.5, 0), b = (1, 0, 0): cosine = 0.5 / (sqrt(0.5) * 1) = 0.7071;
    # S = 1 - (0.5 + 0.5) = 0.
    a, b = {"A": 1, "B": 1}, {"A": 2}
    assert alliances.portfolio_similarity(a, b) == pytest.approx(1 / math.sqrt(2))
    assert alliances.portfolio_similarity(a, b, method="sr") == pytest.approx(0.0)
    # Symmetric, and scale-free (weights normalised first).
    assert alliances.portfolio_similarity(b, a) == alliances.portfolio_similarity(a, b)
    assert alliances.portfolio_similarity({"A": 10, "B": 10}, b) == pytest.approx(1 / math.sqrt(2))


def test_similarity_bad_method():
    with pytest.raises(ValueError, match="'method'.*cosine"):
        alliances.portfolio_similarity({"A": 1}, {"A": 1}, method="kappa")


def test_similarity_matrix_symmetric():
    m = alliances.similarity_matrix(
        {"x": {"A": 1}, "y": {"A": 1, "B": 1}, "z": {"B": 1}}, method="sr"
    )
    assert (m.to_numpy() == m.to_numpy().T).all()
    assert m.loc["x", "z"] == -1.0
    assert np.diag(m.to_numpy()).tolist() == [1.0, 1.0, 1.0]


# --------------------------------------------------------------------------- balance helpers


def test_strength_for_share():
    # x / (x + 5) = 0.25  ->  x = 5/3
    assert alliances.strength_for_share(
        {"USA": 3, "CHN": 1, "RUS": 1}, "CHN", 0.25
    ) == pytest.approx(4 / 3)
    with pytest.raises(ValueError, match="'target'"):
        alliances.strength_for_share({"USA": 3}, "CHN", 1.0)


def test_hhi_minimising_strength_is_the_minimum():
    s = {"USA": 3, "GBR": 2, "FRA": 2, "DEU": 2, "CHN": 1, "RUS": 1}
    x = alliances.hhi_minimising_strength(s, "USA")
    assert x == pytest.approx(14 / 8)  # sum of squares / sum of the others

    def h(v):
        return alliances.hhi({**s, "USA": v}, normalize=True)

    grid = np.linspace(0.01, 3, 300)
    assert min(h(v) for v in grid) >= h(x) - 1e-12


# --------------------------------------------------------------------------- synthetic data set


def _synthetic_ds():
    """A tiny data set: bloc B with partners P (strength 3), Q (2), R (1); patron X with groups."""
    actors = pd.DataFrame(
        {
            "actor_id": ["B", "M", "P", "Q", "R", "X", "G1", "USA"],
            "name_en": ["Bloc", "Member", "P", "Q", "R", "X", "G1", "US"],
            "short_en": ["Bloc", "Member", "P", "Q", "R", "X", "G1", "US"],
            "short_ar": ["ب", "م", "پ", "ق", "ر", "س", "ج", "أ"],
            "kind": ["organization", "state", "state", "state", "state", "state"]
            + ["non_state_group", "state"],
            "gcc_member": [False, True, False, False, False, False, False, False],
            "sources": [(1,)] * 8,
        }
    ).set_index("actor_id")
    ties = pd.DataFrame(
        {
            "tie_id": ["b_usa", "b_q", "b_r", "b_x", "x_g1", "x_p"],
            "side_a": ["B", "B", "B", "B", "X", "X"],
            "side_b": ["USA", "Q", "R", "X", "G1", "P"],
            "kind": pd.Categorical(
                ["alliance", "partnership", "partnership", "rivalry", "sponsorship", "influence"],
                categories=[
                    "alliance",
                    "partnership",
                    "sponsorship",
                    "influence",
                    "military_intervention",
                    "rivalry",
                    "hostility",
                ],
                ordered=True,
            ),
            "sign": pd.array([1, 1, 1, -1, 1, 1], dtype="Int64"),
            "domain": pd.Categorical(
                ["military", "economic", "multidimensional", "military", "military", "political"],
                categories=["military", "political", "economic", "security", "multidimensional"],
                ordered=True,
            ),
            "strength": pd.array([3, 2, 1, 3, 2, 2], dtype="Int64"),
            "trend": ["declining", "stable", "rising", "stable", "stable", "stable"],
            "sources": [(1,)] * 6,
        }
    ).set_index("tie_id")
    scenarios = pd.DataFrame({"scenario_id": ["base", "shift", "drop"]}).set_index("scenario_id")
    scenario_ties = pd.DataFrame(
        {
            "scenario_id": ["shift", "shift", "drop"],
            "actor_id": ["B", "B", "B"],
            "partner_id": ["R", "P", "Q"],
            "strength": [3.0, 1.5, 0.0],
        }
    )
    return SimpleNamespace(
        actors=actors, ties=ties, scenarios=scenarios, scenario_ties=scenario_ties
    )


@pytest.fixture
def sds():
    return _synthetic_ds()


def test_portfolio_rule_on_synthetic(sds):
    p = alliances.portfolio(sds, "B", "base")
    # Friendly alliance/partnership ties only (the rivalry with X is not a partner).
    assert list(p.index) == ["USA", "Q", "R"]
    assert p["share"].tolist() == pytest.approx([3 / 6, 2 / 6, 1 / 6])
    assert p.attrs["total_strength"] == 6.0
    assert alliances.hhi(p["share"]) == pytest.approx((9 + 4 + 1) / 36)


def test_scenario_overrides_add_and_drop(sds):
    p = alliances.portfolio(sds, "B", "shift")
    assert p.loc["R", "strength"] == 3.0 and p.loc["R", "origin"] == "scenario"
    assert p.loc["P", "strength"] == 1.5 and math.isnan(p.loc["P", "coded_strength"])
    assert p.loc["USA", "strength"] == 3.0 and p.loc["USA", "origin"] == "coded"
    q = alliances.portfolio(sds, "B", "drop")
    assert "Q" not in q.index  # strength 0 = dropped
    assert q["share"].sum() == pytest.approx(1.0)


def test_us_commitment_and_partners_added(sds):
    p = alliances.portfolio(sds, "B", "base", us_commitment=0.5, partners_added={"P": 1})
    assert p.loc["USA", "strength"] == 1.5
    assert p.loc["P", "origin"] == "added"
    assert p["share"].tolist() == pytest.approx([1.5 / 5.5, 2 / 5.5, 1 / 5.5, 1 / 5.5])
    # us_commitment = 0 drops the US tie.
    assert "USA" not in alliances.portfolio(sds, "B", "base", us_commitment=0).index


def test_domain_filter(sds):
    # economic: the economic tie and the multidimensional one (which spans every domain).
    assert list(alliances.portfolio(sds, "B", "base", domain="economic").index) == ["Q", "R"]
    assert list(alliances.portfolio(sds, "B", "base", domain="military").index) == ["USA", "R"]
    with pytest.raises(ValueError, match="'domain'"):
        alliances.portfolio(sds, "B", "base", domain="naval")


def test_portfolio_errors(sds):
    with pytest.raises(ValueError, match=r"coded only for \['B'\].*member states"):
        alliances.portfolio(sds, "M", "base")
    with pytest.raises(ValueError, match="'actor'"):
        alliances.portfolio(sds, "NOPE", "base")
    with pytest.raises(ValueError, match=r"'scenario' must be one of \['base', 'shift', 'drop'\]"):
        alliances.portfolio(sds, "B", "nope")
    with pytest.raises(ValueError, match="'us_commitment'"):
        alliances.portfolio(sds, "B", "base", us_commitment=-1)
    with pytest.raises(ValueError, match="'us_commitment'"):
        alliances.portfolio(sds, "B", "base", us_commitment=float("inf"))
    with pytest.raises(ValueError, match="'partners_added'.*'ZZZ'"):
        alliances.portfolio(sds, "B", "base", partners_added={"ZZZ": 1})
    with pytest.raises(ValueError, match="'partners_added'.*strength"):
        alliances.portfolio(sds, "B", "base", partners_added={"P": 4})
    with pytest.raises(ValueError, match="'partners_added'.*dict"):
        alliances.portfolio(sds, "B", "base", partners_added=["P"])
    with pytest.raises(ValueError, match="'kinds'"):
        alliances.portfolio(sds, "B", "base", kinds=["friendship"])


def test_proxy_network_on_synthetic(sds):
    assert alliances.portfolio_actors(sds, alliances.PROXY_KINDS) == ["X"]
    n = alliances.network_contrast(
        sds, {"B": alliances.PORTFOLIO_KINDS, "X": alliances.PROXY_KINDS}, scenario="base"
    )
    s = alliances.network_summary(n)
    assert s.loc["X", "n_non_state"] == 1
    assert s.loc["X", "non_state_share"] == pytest.approx(0.5)
    assert s.loc["B", "non_state_share"] == 0.0


def test_commitment_curve_on_synthetic(sds):
    c = alliances.commitment_curve(sds, "B", ["base"], [0.0, 1.0, 2.0])
    # x = 0: Q, R only -> (4 + 1) / 9; x = 1: 14/36; x = 2: (36 + 5) / 81.
    assert c["hhi"].tolist() == pytest.approx([5 / 9, 14 / 36, 41 / 81])
    assert c["us_strength"].tolist() == [0.0, 3.0, 6.0]
    with pytest.raises(ValueError, match="'us_commitment' is the curve's variable"):
        alliances.commitment_curve(sds, "B", ["base"], [1.0], us_commitment=1.0)


def test_scenario_tables_on_synthetic(sds):
    t = alliances.scenario_summary(sds, "B", ["base", "drop"])
    assert t.loc["drop", "n_partners"] == 2
    assert t.loc["drop", "us_share"] == pytest.approx(0.75)
    m = alliances.scenario_shares(sds, "B", ["base", "drop"])
    assert m.loc["drop", "Q"] == 0.0
    assert list(m.columns) == ["USA", "Q", "R"]
    with pytest.raises(ValueError, match="'scenarios'"):
        alliances.scenario_summary(sds, "B", ["base", "base"])
    with pytest.raises(ValueError, match="'scenarios'"):
        alliances.scenario_summary(sds, "B", [])


def test_balance_gap_on_synthetic(sds):
    g = alliances.balance_gap(alliances.portfolio(sds, "B", "base"))
    assert g["gap"].tolist() == [0.0, 1.0, 2.0]
    assert g.attrs["total_gap"] == 3.0
    assert g["equal_share"].tolist() == pytest.approx([1 / 3] * 3)


# --------------------------------------------------------------------------- the real data


def test_real_portfolio_actors(ds):
    assert alliances.portfolio_actors(ds) == ["GCC"]
    assert alliances.portfolio_actors(ds, alliances.PROXY_KINDS) == ["IRN"]


def test_member_state_refused(ds):
    with pytest.raises(ValueError, match=r"coded only for \['GCC'\]"):
        alliances.portfolio(ds, "SAU")


def test_real_scenarios_values(ds):
    t = alliances.scenario_summary(ds, "GCC", list(ds.scenarios.index))
    # Status quo: strengths 3, 2, 2, 2, 1, 1 (total 11): HHI = 23/121.
    assert t.loc["status_quo", "hhi"] == pytest.approx(23 / 121)
    assert t.loc["status_quo", "effective_number"] == pytest.approx(121 / 23)
    # The article's diversification: 3, 2, 2, 2, 2, 2 (total 13): HHI = 29/169.
    assert t.loc["article_diversification", "hhi"] == pytest.approx(29 / 169)
    # US drawdown: 1, 2, 2, 2, 1, 1 (total 9): HHI = 15/81, the total falls by 2.
    assert t.loc["us_drawdown", "hhi"] == pytest.approx(15 / 81)
    assert t.loc["us_drawdown", "total_strength"] == 9.0
    # Balanced: six equal partners.
    assert t.loc["balanced_multipolar", "effective_number"] == pytest.approx(6.0)
    assert t.loc["balanced_multipolar", "normalized_hhi"] == pytest.approx(0.0, abs=1e-12)


def test_every_scenario_row_documented(ds):
    st = ds.scenario_ties
    assert set(st["scenario_id"]) <= set(ds.scenarios.index)
    assert "status_quo" not in set(st["scenario_id"])  # the status quo overrides nothing
    assert (st["rationale"].str.len() >= 10).all()
    codebook = (ds.path / "CODEBOOK.md").read_text(encoding="utf-8")
    for sc in ds.scenarios.index:
        assert f"`{sc}`" in codebook


def test_real_network_contrast(ds):
    s = alliances.network_summary(alliances.network_contrast(ds))
    assert s.loc["GCC", "n_non_state"] == 0
    assert s.loc["IRN", "n_non_state"] == 3
    assert s.loc["IRN", "non_state_share"] > 0.5


def test_real_two_tracks(ds):
    t = alliances.two_tracks(ds)
    cs = t.loc[t["track"] == "collective_security"]
    dv = t.loc[t["track"] == "diversification"]
    assert (cs["key"].isin(ds.actors.index[ds.actors["gcc_member"]])).sum() == 6
    assert set(dv["en"]) == {"United States", "Britain", "France", "Germany", "China", "Russia"}


def test_check_params(ds):
    p = alliances.check_params(
        ds,
        actor="GCC",
        scenarios=["status_quo", "us_drawdown"],
        us_commitment=1,
        partners_added={"EU": 1},
        domain="all",
        lang="ar",
    )
    assert p["us_commitment"] == 1.0 and p["partners_added"] == {"EU": 1.0}
    with pytest.raises(ValueError, match="'lang'"):
        alliances.check_params(
            ds,
            actor="GCC",
            scenarios=["status_quo"],
            us_commitment=1,
            partners_added={},
            domain="all",
            lang="fr",
        )


# --------------------------------------------------------------------------- arms imports


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_read_arms_imports_values(tmp_path):
    # Synthetic fixture (invented numbers for the test, labelled as such in the file name).
    f = _write(
        tmp_path / "synthetic_arms_imports.csv",
        "recipient,supplier,period,value,note\n"
        "AAA,X,2014-2018,60,synthetic\n"
        "AAA,Y,2014-2018,40,synthetic\n"
        "AAA,X,2019-2023,50,synthetic\n"
        "AAA,Y,2019-2023,25,synthetic\n"
        "AAA,Z,2019-2023,25,synthetic\n"
        "BBB,X,2019-2023,10,synthetic\n",
    )
    df = alliances.read_arms_imports(f)
    assert df["share"].tolist() == pytest.approx([0.6, 0.4, 0.5, 0.25, 0.25, 1.0])
    c = alliances.arms_concentration(df)
    assert c.loc[("AAA", "2014-2018"), "hhi"] == pytest.approx(0.52)
    assert c.loc[("AAA", "2019-2023"), "hhi"] == pytest.approx(0.375)
    assert c.loc[("AAA", "2019-2023"), "top_partner"] == "X"
    assert c.loc[("BBB", "2019-2023"), "effective_number"] == 1.0


def test_read_arms_imports_shares(tmp_path):
    f = _write(
        tmp_path / "synthetic_shares.csv",
        "recipient,supplier,period,share\nAAA,X,p,0.333\nAAA,Y,p,0.333\nAAA,Z,p,0.333\n",
    )
    df = alliances.read_arms_imports(f)
    assert df["share"].sum() == pytest.approx(1.0)  # rescaled from 0.999
    assert alliances.arms_concentration(df).loc[("AAA", "p"), "effective_number"] == pytest.approx(
        3.0
    )


@pytest.mark.parametrize(
    "text, where",
    [
        ("recipient,supplier,value\nA,X,1\n", "field 'period': missing column"),
        ("recipient,supplier,period\nA,X,p\n", "field 'value or share'"),
        ("recipient,supplier,period,value\nA,X,p,-1\n", "row 1 (line 2), field 'value'"),
        ("recipient,supplier,period,value\nA,X,p,1\nA,Y,p,abc\n", "row 2 (line 3), field 'value'"),
        ("recipient,supplier,period,value\nA,,p,1\n", "row 1 (line 2), field 'supplier': empty"),
        ("recipient,supplier,period,value\nA,X,p,1\nA,X,p,2\n", "duplicate of row 1"),
        ("recipient,supplier,period,share\nA,X,p,0.5\nA,Y,p,0.2\n", "sum to 0.7"),
        ("recipient,supplier,period,share\nA,X,p,1.5\n", "field 'share'"),
        ("recipient,supplier,period,value\nA,X,p,0\n", "sum to 0"),
    ],
)
def test_read_arms_imports_errors(tmp_path, text, where):
    import gulfsec

    f = _write(tmp_path / "synthetic_bad.csv", text)
    with pytest.raises(gulfsec.DataError) as exc:
        alliances.read_arms_imports(f)
    assert "synthetic_bad.csv" in str(exc.value)
    assert where in str(exc.value)


def test_read_arms_imports_missing_file(tmp_path):
    import gulfsec

    with pytest.raises(gulfsec.DataError, match="file not found"):
        alliances.read_arms_imports(tmp_path / "nope.csv")


def test_module_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, gulfsec.alliances; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_real_similarity_to_status_quo(ds):
    t = alliances.scenario_similarity(ds, "GCC", ["status_quo", "article_diversification"])
    assert t.loc["status_quo", "cosine"] == 1.0 and t.loc["status_quo", "sr"] == 1.0
    # Shares 3,2,2,2,1,1 / 11 against 3,2,2,2,2,2 / 13: S = 1 - sum |a - b| = 107/143.
    assert t.loc["article_diversification", "sr"] == pytest.approx(107 / 143)


def test_commitment_curve_matches_portfolio(ds):
    vals = [0.0, 0.35, 1.0, 1.5]
    c = alliances.commitment_curve(
        ds, "GCC", ["status_quo", "us_drawdown"], vals, partners_added={"EU": 1}
    )
    for _, row in c.iterrows():
        p = alliances.portfolio(
            ds,
            "GCC",
            row["scenario_id"],
            us_commitment=row["us_commitment"],
            partners_added={"EU": 1},
        )
        assert row["hhi"] == pytest.approx(alliances.hhi(p["share"]))
        assert row["us_share"] == pytest.approx(float(p["share"].get("USA", 0.0)))


def test_real_scenario_shares_keep_partner_order(ds):
    m = alliances.scenario_shares(ds, "GCC", ["us_drawdown", "status_quo"])
    assert list(m.columns) == ["USA", "GBR", "FRA", "DEU", "CHN", "RUS"]
    assert m.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


# --------------------------------------------------------------------------- figures and tables


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_figures_are_titled_and_labelled(ds, lang):
    import matplotlib.pyplot as plt

    from gulfsec.plotting import alliances as alliances_plots

    summary = alliances.scenario_summary(ds)
    contrast = alliances.network_contrast(ds)
    figs = [
        alliances_plots.plot_scenario_shares(ds, alliances.scenario_shares(ds), summary, lang),
        alliances_plots.plot_concentration(ds, summary, lang),
        alliances_plots.plot_commitment_curve(ds, alliances.commitment_curve(ds), lang, chosen=0.5),
        alliances_plots.plot_networks(ds, contrast, alliances.network_summary(contrast), lang),
    ]
    for fig in figs:
        fig.canvas.draw()  # a missing glyph would raise here
        titles = [ax.get_title(loc="right" if lang == "ar" else "left") for ax in fig.axes]
        assert all(titles), titles
        assert fig.legends, "every figure has a legend"
        plt.close(fig)
    # Axes with data carry axis labels (the network panels carry their summary instead).
    assert all(ax.get_xlabel() for fig in figs for ax in fig.axes)


def test_tables_are_localised(ds):
    from gulfsec.i18n import label
    from gulfsec.plotting import alliances as alliances_plots

    t = alliances_plots.summary_table(ds, alliances.scenario_summary(ds), "ar")
    assert t.index[0] == ds.scenarios.loc["status_quo", "name_ar"]
    assert label("alliances.col.hhi", "ar") in t.columns
    assert t.loc[t.index[0], label("alliances.col.top_partner", "ar")] == "الولايات المتحدة"
    g = alliances_plots.gap_table(ds, alliances.balance_gap(alliances.portfolio(ds)), "en")
    assert g[label("alliances.col.gap", "en")].sum() == 7.0


def test_arabic_legends_read_right_to_left():
    from gulfsec.plotting.alliances import _legend_order

    # Matplotlib fills columns left to right, the first columns taking the extra entries:
    # with 7 entries in 3 columns, sizes 3, 2, 2. Arabic puts entries 1-2 in the rightmost.
    out = _legend_order(list("abcdefg"), "ar", 3)
    assert out == list("efgcdab")
    assert _legend_order(list("abc"), "en", 3) == list("abc")
