"""The pages the notebooks make (issue 21): each ends with its Sources section, in both
languages, and none shows a figure twice.

These tests read the stored notebooks; the executed ones are checked by the notebook tests
(``tests/test_nb_*.py``, with :func:`conftest.repeated_figures` and :func:`conftest.sources_text`).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS

COURSE = sorted(p.name for p in NOTEBOOKS.glob("0[0-5]_*.ipynb"))
SOURCES_CODE = "from gulfsec.plotting.sources import show_sources\n\nshow_sources(lang)"


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def test_the_course_has_six_notebooks():
    assert len(COURSE) == 6, COURSE


@pytest.mark.parametrize("name", COURSE)
def test_every_notebook_ends_with_its_sources(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    en, ar, code = nb.cells[-3:]
    assert en.cell_type == "markdown" and _tags(en) == ["lang-en"]
    assert en.source.startswith("## Sources\n\nThe tables of the article's coding that this page")
    assert "`gulfsec.provenance`" in en.source
    assert ar.cell_type == "markdown" and _tags(ar) == ["lang-ar"]
    assert ar.source.startswith('<div dir="rtl" lang="ar">\n\n## المصادر\n\nجداول ترميز المقال')
    assert ar.source.rstrip().endswith("</div>")
    # a code cell of every edition and language (no tag): the list in the page's language
    assert code.cell_type == "code" and _tags(code) == [] and code.source == SOURCES_CODE
    assert sum("show_sources" in c.source for c in nb.cells) == 1
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids)), "cell ids must be unique"


#: ``name = ...plot_...(`` or ``name = citation_coverage(``: a figure kept in a variable.
_FIGURE = re.compile(r"^(\w+)\s*=\s*[\w.]*(?:plot_\w+|citation_coverage)\(", re.M)


@pytest.mark.parametrize("name", COURSE)
def test_no_cell_displays_a_figure_drawn_above(name):
    """A recap cell summarises in words or a table and points to the figure above; showing
    the figure again doubles the page's weight for nothing (the executed notebooks are checked
    too: ``repeated_figures`` in the notebook tests)."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    drawn: dict[str, int] = {}
    shown_again = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for var, first in drawn.items():
            if re.search(rf"\bdisplay\([^)]*\b{var}\b", cell.source):
                shown_again.append((var, first, i))
        for var in _FIGURE.findall(cell.source):
            drawn.setdefault(var, i)
    assert shown_again == []


@pytest.mark.parametrize("name", COURSE)
def test_every_notebook_begins_with_the_two_languages_note_no_edition_shows(name):
    from gulfsec.render.editions import make_edition

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    note = nb.cells[0]
    assert note.cell_type == "markdown" and _tags(note) == ["remove-cell"]
    assert "**Two languages in one notebook.**" in note.source
    assert f"make dashboard NB={name[:2]} LANG=ar" in note.source
    assert '<div dir="rtl" lang="ar">' in note.source and "**لغتان في دفتر واحد.**" in note.source
    assert sum("Two languages in one notebook" in c.source for c in nb.cells) == 1
    for edition in ("report", "student", "instructor"):
        for lang in ("en", "ar"):
            cells = make_edition(nb, edition, lang, "t").cells
            assert not any("in one notebook" in c.source for c in cells), (edition, lang)
