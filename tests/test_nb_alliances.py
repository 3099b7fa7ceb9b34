"""Execute notebooks/04_alliance_diversification.ipynb with non-default parameters.

The default run (lang="en", all scenarios) is covered by nbval (`make test`); here: a stress
scenario in Arabic, added partners with a domain filter, and a bad parameter.
"""

from __future__ import annotations

import shutil

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

import gulfsec

NB = "04_alliance_diversification.ipynb"


def _figures(nb) -> int:
    return sum(
        1
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )


def test_stored_without_outputs_and_with_parameters():
    nb = nbformat.read(NOTEBOOKS / NB, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "gulfsec"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    import papermill as pm

    inferred = pm.inspect_notebook(str(NOTEBOOKS / NB))  # what --help-notebook shows
    assert list(inferred) == [
        "data_path",
        "actor",
        "scenarios",
        "us_commitment",
        "partners_added",
        "domain",
        "atop_year",
        "atop_csv",
        "lang",
    ]
    assert all(p["help"] for p in inferred.values())
    assert all(p["inferred_type_name"] != "None" for p in inferred.values())
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert tags.count("lang-en") == tags.count("lang-ar")
    assert 3 <= sum(1 for c in code if "solution" in c.metadata.get("tags", [])) <= 5


def test_stress_scenario_in_arabic(tmp_path):
    nb = execute_notebook(
        NB,
        {"scenarios": ["status_quo", "us_drawdown"], "us_commitment": 0.5, "lang": "ar"},
        tmp_path,
    )
    assert stderr_outputs(nb) == []
    assert english_in_outputs(nb) == []  # no English sentence outside code
    assert cut_cells_in_outputs(nb) == []  # every table cell shows its whole text
    text = notebook_outputs_text(nb)
    # us_drawdown with the US tie halved again: strengths 0.5, 2, 2, 2, 1, 1 (total 8.5).
    assert "اختبار ضغط: تراجع الالتزام الأمريكي" in text
    assert "مؤشر HHI = 0.197" in text  # (0.25 + 12 + 2) / 8.5^2 = 14.25 / 72.25
    assert "مجموع القوة = 8.5" in text
    # The status quo with the US halved: 1.5, 2, 2, 2, 1, 1 (total 9.5): 16.25 / 90.25.
    assert "الوضع الراهن: مؤشر HHI = 0.180" in text
    assert _figures(nb) >= 4 and repeated_figures(nb) == []  # the summary points to them
    sources = sources_text(nb)
    assert {"ties.csv", "scenario_ties.csv"} <= set(sources.split())


def test_added_partner_and_domain(tmp_path):
    atop = tmp_path / "my_atop.csv"  # a copy of the bundled extract, read through atop_csv
    shutil.copy(gulfsec.load_external().path_of("atop_ddyr"), atop)
    nb = execute_notebook(
        NB,
        {
            "scenarios": ["article_diversification", "balanced_multipolar"],
            "partners_added": {"EU": 2},
            "domain": "military",
            "lang": "en",
            "atop_csv": str(atop),  # a user's own published-layout ATOP file
        },
        tmp_path,
    )
    assert stderr_outputs(nb) == []
    text = notebook_outputs_text(nb)
    # Article's scenario + EU at 2: strengths 3, 2, 2, 2, 2, 2, 2 (total 15): HHI = 33/225.
    assert "The article's diversification: HHI = 0.147, Effective number = 6.82" in text
    assert "Total strength = 15" in text
    assert "ATOP my_atop.csv, 2018:" in text  # the headline names the file it read
    assert repeated_figures(nb) == []


def test_bad_parameter_is_named(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as exc:
        execute_notebook(NB, {"us_commitment": -1.0}, tmp_path)
    assert "us_commitment" in str(exc.value)
