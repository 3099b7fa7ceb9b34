"""Notebook 01 (power balance) run with a SYNTHETIC NMC-format file and in Arabic.

The default run (``lang="en"``, no capability file) is covered by nbval in ``make test``. The
NMC file used here is written by :func:`test_power.synthetic_nmc`: made-up numbers in the COW
layout, labelled SYNTHETIC in its ``version`` column.
"""

from __future__ import annotations

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
from test_power import synthetic_nmc

NB = "01_power_balance.ipynb"


def images(nb) -> int:
    return sum(
        "image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", [])
    )


def test_parameters_are_documented():
    import papermill as pm

    params = pm.inspect_notebook(str(NOTEBOOKS / NB))
    assert set(params) == {"data_path", "start_year", "end_year", "focus", "nmc_csv",
                           "cinc_system", "parity_band", "min_persistence", "lang"}  # fmt: skip
    for name, p in params.items():
        assert p["help"], f"parameter {name} has no trailing comment"
        assert p["inferred_type_name"] != "None", f"parameter {name} has no type"
    assert params["nmc_csv"]["default"] == "None" and params["lang"]["default"] == '"en"'


def test_notebook_with_a_synthetic_nmc_file(tmp_path):
    path = synthetic_nmc(tmp_path / "nmc_SYNTHETIC.csv")
    nb = execute_notebook(NB, {"nmc_csv": str(path)}, tmp_path)
    assert stderr_outputs(nb) == []
    text = notebook_outputs_text(nb)
    assert "Capability data: nmc_SYNTHETIC.csv, 8 states, 1971–2016." in text
    assert "Iran / Iraq: 2 transitions with min_persistence = 3: 1980, 1991." in text
    assert "Iran / GCC: 1 transition with min_persistence = 3: 2006." in text
    # 7 of 10 since the data review (issue 12): the 2024 era lies beyond the capability data
    assert "agree in 7 of 10 era-dyad comparisons" in text
    assert images(nb) == 4  # timeline, shares, ratios, military expenditure
    assert repeated_figures(nb) == []  # the summary points to the timeline, not draw it again


def test_notebook_in_arabic_on_the_bundled_nmc_with_the_world_cinc(tmp_path, ds):
    import gulfsec
    from gulfsec import power
    from gulfsec.i18n import label

    params = {"lang": "ar", "cinc_system": "world", "min_persistence": 1, "start_year": 1980,
              "end_year": 2010, "focus": ["IRQ", "SAU"]}  # fmt: skip
    nb = execute_notebook(NB, params, tmp_path)
    assert stderr_outputs(nb) == []
    assert english_in_outputs(nb) == []  # no English sentence outside code
    assert cut_cells_in_outputs(nb) == []  # every table cell shows its whole text
    text = notebook_outputs_text(nb)
    assert "حقب مُرمَّزة من 1980 إلى 2010" in text
    # the expected lines, computed by the package from the same parameters
    nmc = gulfsec.load_external().cow_nmc
    shares = power.system_shares(nmc, power.gulf_system(ds.actors), range(1980, 2011), "world")
    ratios = power.gulf_ratios(shares.dropna(how="all"), ds.actors)
    comp = power.compare_with_eras(ds.balance_eras, ratios)
    ok = comp[comp["agree"].notna()]
    assert (
        label("power.headline.agreement", "ar", agree=int(ok["agree"].sum()), total=len(ok)) in text
    )
    lead = ", ".join(str(y) for y in ratios["IRN/IRQ"][ratios["IRN/IRQ"] < 1].index)
    assert lead == "1986, 1987, 1990"  # the finding on COW's world CINC
    assert label("power.headline.iraq_lead", "ar", years=lead) in text
    assert "skipped" not in text and images(nb) == 4 and repeated_figures(nb) == []
    sources = sources_text(nb)  # the Sources section, in Arabic: the tables read
    assert label("sources.tables", "ar") in sources and "balance_eras.csv" in sources
    assert label("sources.datasets", "ar") in sources  # COW NMC, read with power.read_nmc
    assert "Correlates of War National Material Capabilities (NMC)" in sources and "7.0" in sources


def test_bad_parameter_fails_with_a_clear_message(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError, match=r"parameter 'focus'.*allowed ids"):
        execute_notebook(NB, {"focus": ["USA"]}, tmp_path)
