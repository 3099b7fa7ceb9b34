"""Specification grids (:mod:`gulfsec.specifications`) on hand-checkable cases: the order of the
grid, the convention first, shares, robust and fragile verdicts, and the smallest departures that
flip a verdict, including grids whose verdict flips by construction."""

from __future__ import annotations

import pytest

from gulfsec import specifications as spec


def test_grid_is_the_product_with_the_convention_first():
    g = spec.grid({"a": (1, 2, 3), "b": ("x", "y")})
    assert len(g) == 6 and g[0] == {"a": 1, "b": "x"} and g[-1] == {"a": 3, "b": "y"}
    assert spec.grid({}) == [{}]  # a claim with one reading has one specification


@pytest.mark.parametrize(
    ("dims", "message"),
    [({"a": ()}, "has no option"), ({"a": (1, 1)}, "lists an option twice"),
     ({f"d{i}": (0, 1) for i in range(10)}, "at most 512")],
)  # fmt: skip
def test_bad_dimensions_are_named(dims, message):
    with pytest.raises(ValueError, match=message):
        spec.check_dimensions(dims)


def test_a_robust_grid():
    t = spec.evaluate(lambda s: "supported", {"band": ("0.25", "0.5"), "end": ("2023", "2024")})
    s = spec.summarise(t)
    assert s == {"convention": "supported", "n": 4, "shares": {"supported": 1.0},
                 "robust": True, "flips": ()}  # fmt: skip
    assert t["departures"].tolist() == [0, 1, 1, 2] and t["convention"].tolist() == [
        True, False, False, False
    ]  # fmt: skip


def test_a_grid_whose_verdict_flips_by_construction():
    # a ratio of 1.12 on one system and 1.58 on the other, against bands of 0.1, 0.25, 0.5:
    # by hand, 1.12 passes 0.25 and 0.5; 1.58 passes none
    ratio = {"world": 1.12, "gulf": 1.58}

    def verdict(s):
        return "supported" if ratio[s["system"]] <= 1 + float(s["band"]) else "contradicted"

    t = spec.evaluate(verdict, {"system": ("world", "gulf"), "band": ("0.25", "0.1", "0.5")})
    assert t["verdict"].tolist() == [
        "supported", "contradicted", "supported", "contradicted", "contradicted", "contradicted"
    ]  # fmt: skip
    s = spec.summarise(t, ("supported", "partly_supported", "contradicted"))
    assert s["convention"] == "supported" and not s["robust"]
    assert s["shares"] == {"supported": 2 / 6, "partly_supported": 0.0, "contradicted": 4 / 6}
    # two single departures flip it; the double departures are not the smallest
    assert s["flips"] == (("band=0.1",), ("system=gulf",))  # in the order of the grid


def test_only_a_combination_flips():
    # the verdict changes only when both choices depart: the flip names both
    t = spec.evaluate(
        lambda s: "partly_supported" if s["x"] == s["y"] == "alt" else "supported",
        {"x": ("conv", "alt"), "y": ("conv", "alt")},
    )
    s = spec.summarise(t)
    assert s["flips"] == (("x=alt", "y=alt"),) and s["shares"]["supported"] == 0.75


def test_summarise_needs_a_grid():
    t = spec.evaluate(lambda s: "supported", {"a": (1,)})
    with pytest.raises(ValueError, match="no specification"):
        spec.summarise(t.iloc[0:0])
