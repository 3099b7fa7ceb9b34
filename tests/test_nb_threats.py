"""Notebook 03 (threat matrix): structure, and runs with other weightings, in Arabic, and bad input.

The default run (``lang="en"``, default weights) is covered by nbval in ``make test``; the two
runs here use two other weightings, so that with the default the notebook renders under three.
"""

from __future__ import annotations

import nbformat
import pytest
from conftest import (
    NOTEBOOKS,
    cut_cells_in_outputs,
    english_in_outputs,
    execute_notebook,
    notebook_outputs_text,
    repeated_figures,
    sources_text,
    stderr_outputs,
)

NB = "03_threat_matrix.ipynb"
PARAMS = {
    "data_path",
    "weights",
    "method",
    "target",
    "n_draws",
    "seed",
    "top_k",
    "ucdp_start",
    "lang",
}


def images(nb) -> int:
    return sum(
        "image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", [])
    )


def test_parameters_are_documented():
    import papermill as pm

    params = pm.inspect_notebook(str(NOTEBOOKS / NB))
    assert set(params) == PARAMS
    for name, p in params.items():
        assert p["help"], f"parameter {name} has no trailing comment"
        assert p["inferred_type_name"] != "None", f"parameter {name} has no type"
    assert params["weights"]["default"] == "None" and params["lang"]["default"] == '"en"'


def test_notebook_structure():
    nb = nbformat.read(NOTEBOOKS / NB, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "gulfsec"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "check_params" in code[1].source
    for c in code:
        assert c.get("outputs") == [] and c.get("execution_count") is None
    # every markdown cell is English or Arabic, but the source's note on the two languages
    # (remove-cell: no edition shows it)
    md = [
        c
        for c in nb.cells
        if c.cell_type == "markdown" and "remove-cell" not in c.metadata.get("tags", [])
    ]
    en = [c for c in md if "lang-en" in c.metadata.get("tags", [])]
    ar = [c for c in md if "lang-ar" in c.metadata.get("tags", [])]
    assert len(en) == len(ar) and len(en) + len(ar) == len(md)
    for i, c in enumerate(nb.cells[:-1]):
        if "lang-en" in c.metadata.get("tags", []):
            assert "lang-ar" in nb.cells[i + 1].metadata.get("tags", [])
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert 3 <= len(solutions) <= 5
    assert sum("NBVAL_CHECK_OUTPUT" in c.source for c in code) >= 4
    assert any("weight_sliders" in c.source for c in code)


def test_notebook_with_weight_on_intractability_geometric(tmp_path):
    params = {"weights": {"intractability": 3, "likelihood": 1}, "method": "geometric",
              "n_draws": 3000}  # fmt: skip
    nb = execute_notebook(NB, params, tmp_path)
    assert stderr_outputs(nb) == []
    text = notebook_outputs_text(nb)
    # geometric: asymmetric 1^0.75 * 0.8^0.25 = 0.946; Iran 0.8^0.75 * 1^0.25 = 0.846
    assert "1. Asymmetric threats, extremism and international terrorism (severity 0.946)" in text
    assert "2. Iran and its policy threatening regional stability (severity 0.846)" in text
    assert (
        "Asymmetric threats, extremism and international terrorism now ranks above Iran and its "
        "policy threatening regional stability, mainly because of the change in the weight of "
        "Intractability." in text
    )
    assert "Asymmetric threats, extremism and international terrorism: position 4" in text
    assert images(nb) >= 6 and repeated_figures(nb) == []


def test_notebook_in_arabic_for_saudi_arabia(tmp_path):
    params = {"lang": "ar", "weights": {"likelihood": 1, "breadth": 1}, "target": "SAU",
              "top_k": 1, "n_draws": 2000, "ucdp_start": 2015}  # fmt: skip
    nb = execute_notebook(NB, params, tmp_path)
    assert stderr_outputs(nb) == []
    assert english_in_outputs(nb) == []  # no English sentence outside code
    assert cut_cells_in_outputs(nb) == []  # every table cell shows its whole text
    text = notebook_outputs_text(nb)
    assert "1. إيران وسياستها المهددة للاستقرار الإقليمي (الشدة 1.000)" in text
    assert "2. التهديدات اللامتماثلة والتطرف والإرهاب الدولي (الشدة 0.800)" in text
    # Yemen (4, 3) and the regional conflicts (3, 4) tie at 0.7 and share rank 3
    assert (
        "حرب اليمن وأثرها على الأمن الإقليمي للخليج: الموضع 3 في قائمة المقال، والرتبة المُرمَّزة 3"
        in text
    )
    assert "رتبة ثابتة" in text
    assert (
        "بيانات UCDP، من 2015 إلى 2023:" in text
    )  # the evidence section, from ucdp_start to the last whole year before the article
    for english in ("Robust rank", "severity", "now ranks above", "position"):
        assert english not in text, f"English label {english!r} in the Arabic run"
    assert images(nb) >= 6 and repeated_figures(nb) == []
    sources = sources_text(nb)  # the Sources section: the coded scores and the UCDP data read
    assert "threat_scores.csv" in sources and "UCDP/PRIO Armed Conflict Dataset" in sources


def test_bad_parameter_fails_with_a_clear_message(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError, match=r"parameter 'target'.*SAU"):
        execute_notebook(NB, {"target": "YEM"}, tmp_path)


def test_n_draws_range_is_stated_as_enforced(ds):
    """The parameter's help states the range that ``threats.check_params`` enforces."""
    import re

    import papermill as pm

    from gulfsec import threats
    from gulfsec._validate import SIZE_LIMITS

    low, high = SIZE_LIMITS["n_draws"]
    help_ = pm.inspect_notebook(str(NOTEBOOKS / NB))["n_draws"]["help"]
    assert re.search(rf"\b{low} to {high}\b", help_), help_
    good = {"weights": None, "method": "arithmetic", "target": "all", "seed": 0, "top_k": 1}
    for n in (low, high):
        assert threats.check_params(ds, n_draws=n, lang="en", **good)["n_draws"] == n
    for n in (low - 1, high + 1):
        with pytest.raises(ValueError, match=rf"'n_draws' must be an integer from {low} to {high}"):
            threats.check_params(ds, n_draws=n, lang="en", **good)
