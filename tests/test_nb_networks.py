"""Notebook 02 (dispute networks) run with other parameters, in Arabic and in English.

The default run (``lang="en"``) is covered by nbval in ``make test``. Here the expected
headline lines are computed with the package from the same parameters, so the tests check that
the notebook reports what :mod:`gulfsec.networks` computes.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import (
    NOTEBOOKS,
    cut_cells_in_outputs,
    english_in_outputs,
    execute_notebook,
    notebook_outputs_text,
    stderr_outputs,
)

import gulfsec
from gulfsec import networks
from gulfsec.i18n import join_list, label

NB = "02_dispute_networks.ipynb"


def images(nb) -> int:
    return sum(
        "image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", [])
    )


def expected_lines(ds, lang, **p):  # p: the notebook parameters (lang ignored)
    """The balance headline and the camp lines, as the notebook should print them."""
    S = networks.signed_graph(
        ds,
        mixed_tie_rule=p["mixed_tie_rule"],
        include_external=p["include_external"],
        issue_types=p["issue_types"],
    )
    r = networks.frustration_index(S)
    s = networks.balance_summary(S, r)
    yes = label("common.yes" if s["exact"] else "common.no", lang)
    lines = [
        label(
            "networks.headline.balance",
            lang,
            share=s["triangle_balance"],
            t=s["triangles"],
            index=s["frustration"],
            m=s["edges"],
            exact=yes,
        )  # fmt: skip
    ]
    for k, camp in enumerate(r.partition, start=1):
        names = sorted(ds.actors.loc[list(camp), f"short_{lang}"])
        lines.append(
            label("networks.headline.camp", lang, n=k, k=len(names), actors=join_list(names, lang))
        )
    return lines, r


def test_parameters_are_documented():
    import papermill as pm

    params = pm.inspect_notebook(str(NOTEBOOKS / NB))
    assert set(params) == {
        "data_path",
        "issue_types",
        "include_external",
        "focus",
        "mixed_tie_rule",
        "layout_seed",
        "mid_min_disputes",
        "mid_csv",
        "lang",
    }
    for name, p in params.items():
        assert p["help"], f"parameter {name} has no trailing comment"
        assert p["inferred_type_name"] != "None", f"parameter {name} has no type"
    assert params["lang"]["default"] == '"en"'
    assert params["mixed_tie_rule"]["default"] == '"hostile_wins"'


def test_notebook_in_arabic_with_other_parameters(tmp_path, ds):
    params = {"lang": "ar", "issue_types": ["islands", "sovereignty"], "include_external": False,
              "focus": "IRN", "mixed_tie_rule": "net_strength", "layout_seed": 3}  # fmt: skip
    nb = execute_notebook(NB, params, tmp_path)
    assert stderr_outputs(nb) == []
    assert english_in_outputs(nb) == []  # no English sentence outside code
    assert cut_cells_in_outputs(nb) == []  # every table cell shows its whole text
    text = notebook_outputs_text(nb)
    lines, r = expected_lines(ds, "ar", **{k: v for k, v in params.items() if k != "lang"})
    for line in lines:
        assert line in text
    # the dispute network keeps only the islands / sovereignty pairs, from the article
    G = networks.dispute_graph(ds, issue_types=params["issue_types"], include_external=False)
    assert {frozenset(e) for e in G.edges()} == {
        frozenset(("IRN", "ARE")),
        frozenset(("IRN", "IRQ")),
    }
    assert (
        label("networks.headline.disputes", "ar", actors=len(G), pairs=2,
              issues=join_list(
                  [label(f"networks.issue.{i}", "ar") for i in ("islands", "sovereignty")], "ar"))
        in text
    )  # fmt: skip
    S = networks.signed_graph(ds, mixed_tie_rule="net_strength", include_external=False,
                        issue_types=params["issue_types"])  # fmt: skip
    prof = networks.actor_profile(G, S, r, "IRN")
    focus_line = label(
        "networks.headline.focus", "ar", actor=ds.actors.loc["IRN", "short_ar"],
        camp=prof["camp"], pos=prof["positive"], neg=prof["negative"],
        partners=join_list(ds.actors.loc[list(prof["dispute_partners"]), "short_ar"], "ar"),
    )  # fmt: skip
    assert focus_line in text
    assert "Dispute network" not in text  # no English headline leaks into the Arabic edition
    assert images(nb) == 6  # disputes, heatmap, strength, signed, and the two closing figures


def test_notebook_with_one_issue_and_no_focus(tmp_path, ds):
    # a user's own published-layout MID file (here a copy of the bundled extract) is read
    mids = tmp_path / "my_mids.csv"
    shutil.copy(gulfsec.load_external().path_of("gml_mid_dyad_years"), mids)
    params = {"issue_types": ["water"], "focus": None, "mixed_tie_rule": "drop",
              "layout_seed": 7, "include_external": True}  # fmt: skip
    nb = execute_notebook(NB, {**params, "mid_csv": str(mids)}, tmp_path)
    assert stderr_outputs(nb) == []
    text = notebook_outputs_text(nb)
    lines, r = expected_lines(ds, "en", **params)
    for line in lines:
        assert line in text
    assert label("networks.headline.no_focus", "en") in text
    assert "disputing pairs 1; issue types present: Water." in text
    # with the Iran-Iraq pair dropped, the US-China rivalry is the only frustrated edge
    assert {frozenset(e) for e in r.frustrated_edges} == {frozenset(("USA", "CHN"))}
    assert "Frustrated edges: United States – China." in text


def test_bad_parameter_fails_with_a_clear_message(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError, match=r"parameter 'mixed_tie_rule' must be one of"):
        execute_notebook(NB, {"mixed_tie_rule": "majority"}, tmp_path)
