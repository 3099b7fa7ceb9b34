"""Notebook 05 (the claims ledger): structure, parameters, and a run in Arabic with another
system of states. The default English run is covered by nbval in ``make test``; the expected
lines are computed by :mod:`gulfsec.evidence` from the same parameters, and the grid of
section 4 does not depend on them."""

from __future__ import annotations

import nbformat
from conftest import (
    NOTEBOOKS,
    cut_cells_in_outputs,
    english_in_outputs,
    execute_notebook,
    notebook_outputs_text,
    stderr_outputs,
)

import gulfsec
from gulfsec import evidence
from gulfsec.i18n import label

NB = "05_claims_and_evidence.ipynb"


def test_structure_and_parameters():
    import papermill as pm

    nb = nbformat.read(NOTEBOOKS / NB, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "gulfsec"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "evidence.check_params" in code[1].source
    for i, c in enumerate(nb.cells[:-1]):
        if "lang-en" in c.metadata.get("tags", []):
            assert "lang-ar" in nb.cells[i + 1].metadata.get("tags", []), i
    assert sum("solution" in c.metadata.get("tags", []) for c in code) == 4
    params = pm.inspect_notebook(str(NOTEBOOKS / NB))
    assert list(params) == ["data_path", "nmc_csv", "cinc_system", "parity_band", "lang"]
    for name, p in params.items():
        assert p["help"] and p["inferred_type_name"] != "None", name


def test_ledger_in_arabic_with_the_gulf_composite(tmp_path, ds):
    params = {"lang": "ar", "cinc_system": "gulf", "parity_band": 0.5}
    nb = execute_notebook(NB, params, tmp_path)
    assert stderr_outputs(nb) == []
    assert english_in_outputs(nb) == []  # no English sentence outside code
    assert cut_cells_in_outputs(nb) == []  # every table cell shows its whole text
    text = notebook_outputs_text(nb)
    ext = gulfsec.load_external()
    led = evidence.ledger(ds, ext, parity_band=0.5, cinc_system="gulf")
    c = evidence.verdict_counts(led)
    line = label("evidence.headline.counts", "ar", n=len(led), supported=c["supported"],
                 partly=c["partly_supported"], contradicted=c["contradicted"],
                 untestable=c["not_testable"], band=0.5,
                 system=label("evidence.system.gulf", "ar"))  # fmt: skip
    assert line in text
    verdict = label(f"evidence.verdict.{led.loc['iraq_counterweight', 'verdict']}", "ar")
    assert f"{label('evidence.short.iraq_counterweight', 'ar')}: {verdict}" in text
    assert "supported" not in text and "not testable" not in text  # no English verdicts
    images = sum(
        "image/png" in o.get("data", {}) for cell in nb.cells for o in cell.get("outputs", [])
    )
    assert images == 2  # the ledger along the text, and the specification grid
    summary = evidence.grid_summary(evidence.specification_grids(ds, ext))
    grid = label("evidence.headline.grid", "ar", n=len(summary), n_specs=int(summary["n"].sum()),
                 robust=int(summary["robust"].sum()), fragile=int((~summary["robust"]).sum()))  # fmt: skip
    assert grid in text
