"""A report page and a book page of the same edition render the same Markdown the same way.

Both are made by myst-nb's parser (MyST with the same extensions) from the same source
(:func:`gulfsec.render.html.page_source` of the edition): the report page by docutils
(:func:`gulfsec.render.html.to_doctree`), the book page by Sphinx with the site's own
``conf.py`` (:func:`gulfsec.site.pages.conf_py`). The fixture ``markdown.ipynb`` has a MyST-only
construct (a ``:::{note}`` fence), dollar maths (inline and display), a table and a definition
list, in English and in Arabic, and a code cell given a table and a printed line as outputs.
"""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import nbformat
import pytest
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "notebooks" / "markdown.ipynb"
#: What the Markdown of the fixture makes: its nodes, by kind, with their text.
KINDS = (
    "title",
    "paragraph",
    "note",
    "math",
    "math_block",
    "table",
    "entry",
    "definition_list_item",
    "term",
    "definition",
    "literal",
)
TABLE = "<table><tr><th>x</th><td>FIXTURE-OUTPUT-TABLE</td></tr></table>"


def edition(lang: str):
    from gulfsec.render.editions import make_edition

    nb = nbformat.read(FIXTURE, as_version=4)
    nb.cells[-1].outputs = [  # as a kernel leaves them: a table with its text, a printed line
        nbformat.v4.new_output(
            "display_data", data={"text/html": TABLE, "text/plain": "x  FIXTURE-OUTPUT-TABLE"}
        ),
        nbformat.v4.new_output("stream", name="stdout", text="FIXTURE-OUTPUT-PRINTED\n"),
    ]
    return make_edition(nb, "student", lang, "t")


@pytest.fixture(scope="module", params=["en", "ar"])
def pages(request, tmp_path_factory):
    from sphinx.application import Sphinx

    from gulfsec.render.html import page_source, to_doctree, to_html
    from gulfsec.site.pages import conf_py

    lang = request.param
    ed = edition(lang)
    src = tmp_path_factory.mktemp(f"book-{lang}")
    static = src / "_extra_static"
    static.mkdir()
    book = SimpleNamespace(lang=lang, audience="student")
    (src / "conf.py").write_text(conf_py(book, {}, static), encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapter\n```\n", encoding="utf-8")
    (src / "chapter.ipynb").write_text(json.dumps(page_source(ed)), encoding="utf-8")
    out = src / "_build"
    app = Sphinx(src, src, out, out / ".doctrees", "html", status=None, warning=io.StringIO())
    app.build()
    return {
        "lang": lang,
        "book_tree": app.env.get_doctree("chapter"),
        "book": (out / "chapter.html").read_text(encoding="utf-8"),
        "report_tree": to_doctree(ed, "student", lang, "t"),
        "report": to_html(ed, "student", lang, "t"),
    }


def markdown_nodes(doctree) -> list[tuple[str, str]]:
    """``(kind, text)`` of the nodes the markdown cells make (not the code cells' containers)."""
    from docutils import nodes

    def in_cell(node) -> bool:
        parent = node.parent
        while parent is not None:
            if isinstance(parent, nodes.container):
                return True
            parent = parent.parent
        return False

    return [
        (n.tagname, " ".join(n.astext().split()))
        for n in doctree.findall(nodes.Element)
        if n.tagname in KINDS and not in_cell(n)
    ]


@pytest.mark.slow  # one Sphinx build per language
def test_the_same_markdown_makes_the_same_document(pages):
    report, book = markdown_nodes(pages["report_tree"]), markdown_nodes(pages["book_tree"])
    kinds = {k for k, _ in report}
    assert {"note", "math", "math_block", "table", "definition_list_item"} <= kinds, kinds
    assert report == book
    # the check can fail: a page of the other language's cells is another document
    other = "ar" if pages["lang"] == "en" else "en"
    assert markdown_nodes(to_doctree_of(other)) != report


def to_doctree_of(lang: str):
    from gulfsec.render.html import to_doctree

    return to_doctree(edition(lang), "student", lang, "t")


@pytest.mark.slow
def test_both_pages_show_the_note_the_table_the_maths_and_the_outputs(pages):
    from bs4 import BeautifulSoup

    for name in ("report", "book"):
        soup = BeautifulSoup(pages[name], "html.parser")
        assert soup.select(".admonition.note"), name
        cells = [td.get_text(" ", strip=True) for td in soup.select("td")]
        assert "1971–2024" in " ".join(cells).replace("\u2066", "").replace("\u2069", ""), name
        # the output renderer chose the table (text/html) over its text, in both
        assert soup.select("div.output.text_html table"), name
        assert "x  FIXTURE-OUTPUT-TABLE" not in pages[name], name
        assert "FIXTURE-OUTPUT-PRINTED" in soup.select_one("div.cell_output").get_text(), name
    # the maths: MathML in the report page, the same TeX for the books' local MathJax
    report, book = pages["report"], pages["book"]
    assert re.search(r"<math[^>]*>\s*<mi>N</mi>\s*<mo>=</mo>\s*<mn>1</mn>", report)
    assert re.search(r'<math[^>]*display="block"', report)
    assert r"\(N = 1/H\)" in book and r"H = \sum_i s_i^2" in book
    assert "<script" not in report
    if pages["lang"] == "ar":
        assert re.search(r'<html[^>]*dir="rtl"', report) and re.search(r'<html[^>]*dir="rtl"', book)


def test_every_formula_of_the_notebooks_is_on_its_page():
    """Each formula of each notebook's prose, in both languages, is MathML on the report page,
    or, where docutils' converter lacks a command, its TeX source shown left to right: none
    is lost."""
    import html

    from docutils import nodes

    from gulfsec.render.editions import make_edition
    from gulfsec.render.html import to_doctree, to_html

    unconverted = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if c.cell_type == "markdown"]
        for lang in ("en", "ar"):
            ed = make_edition(nb, "instructor", lang, "t")
            tree = to_doctree(ed, "instructor", lang, "t")
            texs = [
                n.astext()
                for n in tree.findall(lambda n: isinstance(n, nodes.math | nodes.math_block))
            ]
            page = to_html(ed, "instructor", lang, "t")
            shown = [
                t for t in texs if f'<tt class="math">{html.escape(t, quote=False)}</tt>' in page
            ]
            assert page.count("<math ") + len(shown) == len(texs), (path.name, lang)
            unconverted += [f"{path.name} ({lang}): {t}" for t in shown]
    # every formula of the course converts (04 writes \\ldots: docutils has no \\dots)
    assert unconverted == [], f"formulas shown as TeX, not MathML: {unconverted}"


def test_a_page_links_no_image_of_a_markdown_cell():
    # a page shows the outputs' figures, embedded or under _static/img: an image a markdown
    # cell links (beside the notebook, or on the web) would be a request outside its folder
    from gulfsec.render.html import to_html

    for src in ("![map](map.png)", "![x](https://example.org/x.png)", "![x](/etc/hostname)"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(src)])
        with pytest.raises(ValueError, match="a markdown cell shows the image"):
            to_html(nb, "report", "en", "t")
