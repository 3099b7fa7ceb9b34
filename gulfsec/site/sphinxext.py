"""Sphinx extension of the course books (loaded by the ``conf.py`` that :mod:`.build` writes).

What it adds to Sphinx, myst-nb and sphinx-book-theme:

- ``dir="rtl"`` on the ``<html>`` element of every page of an Arabic book (Sphinx's
  ``language = "ar"`` sets ``lang`` but no ``dir``): :class:`DirectionalTemplates`, the books'
  ``template_bridge``;
- each figure's ``alt`` text from its notebook output (myst-nb does not read it);
- the Arabic search language (:class:`gulfsec.site.search_ar.SearchArabic`);
- a link to the same page in the other language's book (``gulfsec_other_href`` in the page
  context, shown by the ``gulfsec-lang-switch.html`` header component);
- each chapter's downloads box (student or instructor notebook, chapter PDF, data package)
  after the chapter's title;
- theme strings that neither Sphinx nor the themes translate into Arabic (compiled into a
  ``sphinx.mo`` in the book's ``locale`` folder by :func:`write_theme_catalog`).

The configuration value ``gulfsec_book`` (a dict written by :mod:`.build`) holds the book's
language, audience, other language and per-chapter downloads.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.jinja2glue import BuiltinTemplateLoader


def theme_strings_ar() -> dict[str, str]:
    """Theme and Sphinx strings without an Arabic translation in the installed catalogues:
    ``{English msgid: Arabic}``, from the label catalogue's ``site.theme.*`` keys."""
    from gulfsec.i18n import catalogue

    return {t["en"]: t["ar"] for k, t in catalogue().items() if k.startswith("site.theme.")}


def write_theme_catalog(locale_dir: Path, strings: dict[str, str] | None = None) -> Path:
    """Compile ``strings`` into ``<locale_dir>/ar/LC_MESSAGES/sphinx.mo`` (babel) and return it.

    Sphinx reads a ``sphinx.mo`` found in ``locale_dirs`` as a fallback of its own catalogue,
    so these fill the gaps of Sphinx's and the themes' Arabic without replacing them.
    """
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    cat = Catalog(locale="ar", domain="sphinx")
    for msgid, msgstr in sorted((strings or theme_strings_ar()).items()):
        cat.add(msgid, msgstr)
    buf = io.BytesIO()
    write_mo(buf, cat)
    path = locale_dir / "ar" / "LC_MESSAGES" / "sphinx.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != buf.getvalue():
        path.write_bytes(buf.getvalue())
    return path


def _book(app) -> dict[str, Any]:
    return app.config.gulfsec_book or {}


class DirectionalTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader, with ``dir`` on every page's ``<html>`` tag.

    Sphinx's ``language = "ar"`` gives ``lang`` but no ``dir``, and pydata-sphinx-theme (under
    sphinx-book-theme) writes the tag from its own ``html_tag``, which a template override
    cannot reach. The books name this class as their ``template_bridge`` (Sphinx's setting for
    a template renderer of one's own), so every page it renders carries the book's direction.

    Examples
    --------
    >>> DirectionalTemplates.with_direction('<html lang="ar"><head>', "rtl")
    '<html dir="rtl" lang="ar"><head>'
    """

    direction = "ltr"

    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        book = builder.config.gulfsec_book or {}
        self.direction = "rtl" if book.get("lang") == "ar" else "ltr"

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.with_direction(super().render(template, context), self.direction)

    @staticmethod
    def with_direction(page: str, direction: str) -> str:
        """``page`` with ``dir`` on its ``<html`` tag, unless the tag has one."""
        i = page.find("<html")
        if i >= 0 and ' dir="' not in page[i : page.find(">", i)]:
            page = f'{page[:i]}<html dir="{direction}"{page[i + 5 :]}'
        return page


def _figure_descriptions(app, doctree) -> None:
    """Each figure of a chapter gets the ``alt`` text its notebook output carries.

    myst-nb names an output's image file by the SHA-256 of its bytes and reads only ``width``
    and ``height`` from the output's metadata; :func:`gulfsec.render.html.figures` gives the
    description of each digest, as the report pages use it.
    """
    import nbformat

    from gulfsec.render.html import figures

    source = Path(app.env.doc2path(app.env.docname))
    if source.suffix != ".ipynb":
        return
    known = figures(nbformat.reads(source.read_text(encoding="utf-8"), as_version=4))
    for node in doctree.findall(nodes.image):
        found = known.get(Path(node["uri"]).stem)
        if found is not None and found[1]:
            node["alt"] = found[1]


def _page_context(app, pagename: str, templatename: str, context: dict[str, Any], doctree):
    book = _book(app)
    other = book.get("other_lang")
    if not other:
        return
    # Books are <site>/public/<lang>/ and <site>/instructor/<lang>/: the same page in the other
    # language is one folder up.
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    target = "index" if app.builder.name == "singlehtml" else pagename
    context["gulfsec_other_href"] = f"{up}{other}/{target}{suffix}"
    context["gulfsec_other_label"] = book.get("other_label", other)
    context["gulfsec_other_lang"] = other


def _downloads_box(app, doctree, docname: str) -> None:
    book = _book(app)
    chapter = (book.get("chapters") or {}).get(docname)
    if not chapter:
        return
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return
    first = sections[0]
    title = first.next_node(nodes.title)
    rel = posixpath.relpath("downloads", posixpath.dirname(docname) or ".")
    items = []
    for kind, name in chapter["downloads"]:
        text = book["labels"][kind]
        items.append(
            f'<a class="gulfsec-download gulfsec-download-{kind}" download '
            f'href="{html.escape(rel)}/{html.escape(name)}">{html.escape(text)}</a>'
        )
    box = (
        f'<div class="gulfsec-chapter-box"><div class="gulfsec-downloads">'
        f"<span>{html.escape(book['labels']['downloads'])}</span> {' '.join(items)}</div></div>"
    )
    raw = nodes.raw("", box, format="html")
    idx = first.index(title) + 1 if title is not None else 0
    first.insert(idx, raw)


def setup(app) -> dict[str, Any]:
    """Register the extension (Sphinx entry point)."""
    from gulfsec.site.search_ar import SearchArabic

    app.add_config_value("gulfsec_book", {}, "html", types=frozenset({dict}))
    app.add_search_language(SearchArabic)
    app.connect("doctree-read", _figure_descriptions)
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", _downloads_box)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
