"""Notebook 00 beyond its defaults (nbval runs those): in Arabic, and on a user's own copy."""

from __future__ import annotations

from conftest import (
    cut_cells_in_outputs,
    english_in_outputs,
    execute_notebook,
    notebook_outputs_text,
    repeated_figures,
    row_count_line,
    sources_text,
    stderr_outputs,
)

from gulfsec.i18n import label, plural

NB = "00_reading_the_article.ipynb"


def test_tour_in_arabic_on_a_copy_of_the_data(tmp_path, data_copy, ds):
    nb = execute_notebook(
        NB, {"lang": "ar", "data_path": str(data_copy), "trace_passage": 44}, tmp_path
    )
    assert stderr_outputs(nb) == []
    assert english_in_outputs(nb) == []  # no English sentence outside code
    assert cut_cells_in_outputs(nb) == []  # every table cell shows its whole text
    text = notebook_outputs_text(nb)
    uses = ds.cited_by(44)
    # the Arabic headline, from the label catalogue, with the numbers the package computes
    rows = plural("tour.cited_by.rows", len(uses), "ar")  # the count agrees with its noun
    assert f"الفقرة 44 يستشهد بها {rows}" in text
    assert row_count_line(ds) in text
    # the deliberate mistake of section 4 is reported with file, row and field, in Arabic
    assert "ties.csv: الصف" in text and "الحقل \u2066strength\u2069: القيمة \u20665\u2069" in text
    assert "is above the maximum" not in text
    assert repeated_figures(nb) == []
    # the Sources section: the tables read, in Arabic; ties.csv twice (the package loaded, then
    # the edited copy of section 4, as the section's prose says); no published dataset
    sources = sources_text(nb)
    assert label("sources.tables", "ar") in sources
    assert sources.split().count("ties.csv") == 2 and "passages.csv" in sources.split()
    assert label("sources.datasets", "ar") not in sources


def test_cut_cells_in_outputs_finds_what_pandas_cuts():
    import nbformat
    import pandas as pd

    df = pd.DataFrame({"definition": ["x" * 80, "short"]})
    with pd.option_context("display.max_colwidth", 50):
        cut = df._repr_html_()
    out = nbformat.v4.new_output("execute_result", data={"text/html": cut}, execution_count=1)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("df", outputs=[out])])
    assert cut_cells_in_outputs(nb) == [(0, "x" * 46 + "...")]
    out.data["text/html"] = df.to_html()
    assert cut_cells_in_outputs(nb) == []
