"""Arabic display tables read right to left in a notebook; English ones are unchanged.

The notebook display (:func:`gulfsec.plotting.display.table_html`, what ``use_display``
registers for DataFrames) marks an Arabic table ``dir="rtl" lang="ar"`` and isolates its
ranges and formulas left to right; the publishing sanitiser keeps both attributes.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from gulfsec.i18n import LRI, PDI
from gulfsec.plotting import power as power_plots
from gulfsec.plotting import table_html
from gulfsec.plotting.display import is_arabic_table

RTL = re.compile(r'<div dir="rtl" lang="ar">\s*<div>')


@pytest.fixture(scope="module")
def eras(ds):
    return {lang: power_plots.era_table(ds.balance_eras, ds.actors, lang) for lang in ("en", "ar")}


def test_an_arabic_table_is_marked_right_to_left(eras):
    html = table_html(eras["ar"])
    assert RTL.match(html) and html.count('dir="rtl"') == 1
    assert html.rstrip().endswith("</div>\n</div>")


def test_an_english_table_has_no_direction(eras):
    html = table_html(eras["en"])
    assert "dir=" not in html and "lang=" not in html
    assert html == table_html(eras["en"].copy())  # the same HTML as before: no wrapper


def test_ranges_inside_arabic_text_are_left_to_right_isolates(eras):
    t = eras["ar"]
    html = table_html(t)
    us = next(c for c in t.columns if "0–3" in c)  # "... (مُرمَّز 0–3)"
    assert us.replace("0–3", f"{LRI}0–3{PDI}") in html
    assert LRI not in "".join(t.columns)  # the frame itself is not changed
    # a cell without Arabic (a range alone) is left as it is: it reads left to right by itself
    assert "<td>1971–1979</td>" in html


def test_english_text_in_an_arabic_table_is_left_as_it_is():
    citation = "Singer, J. David, Stuart Bremer, and John Stuckey. 1972. 1816-1965."
    html = table_html(pd.DataFrame({"المرجع": [citation]}))
    assert f"<td>{citation}</td>" in html


def test_numbers_stay_numbers_and_plain_numbers_are_not_wrapped():
    t = pd.DataFrame({"السنة": [2003, 2011], "القيمة": [-0.5, 1.25]})
    html = table_html(t)
    assert "<td>2003</td>" in html and "<td>-0.50</td>" in html and LRI not in html


def test_a_multiindex_arabic_table_is_marked(ds):
    t = power_plots.periodisation_table(ds.balance_eras, ds.passages, "ar")
    html = table_html(t)
    assert RTL.match(html)
    assert f">{t.index.get_level_values(0)[0]}</th>" in html  # grouped rows, as pandas shows them


def test_language_is_read_from_the_headers(eras):
    assert is_arabic_table(eras["ar"]) and not is_arabic_table(eras["en"])
    assert not is_arabic_table(pd.DataFrame({"actor_id": ["IRN"], "name": ["إيران"]}))


def test_the_publishing_sanitiser_keeps_the_direction(eras):
    from gulfsec.render.sanitize import clean_html

    html = table_html(eras["ar"])
    cleaned = clean_html(html)
    assert RTL.match(cleaned)
    assert cleaned.count(LRI) == html.count(LRI)


@pytest.mark.slow
def test_the_notebook_display_marks_arabic_tables_in_a_kernel(tmp_path):
    """In a kernel, ``use_display`` shows an Arabic display table right to left, English not."""
    import nbformat
    from conftest import KERNEL
    from nbclient import NotebookClient

    code = (
        "import gulfsec\n"
        "from gulfsec.plotting import power as power_plots, use_display\n"
        "use_display()\n"
        "ds = gulfsec.load()\n"
    )
    show = 'power_plots.era_table(ds.balance_eras, ds.actors, "{}")'
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code)]
        + [nbformat.v4.new_code_cell(show.format(lang)) for lang in ("ar", "en")]
    )
    NotebookClient(
        nb, kernel_name=KERNEL, timeout=120, resources={"metadata": {"path": tmp_path}}
    ).execute()
    ar, en = (cell.outputs[0].data["text/html"] for cell in nb.cells[1:])
    assert RTL.match(ar) and "dir=" not in en
