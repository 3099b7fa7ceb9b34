"""Sphinx extension of the course books (loaded by the ``conf.py`` that :mod:`.build` writes).

What it adds to Sphinx, myst-nb and sphinx-book-theme:

- ``dir="rtl"`` on the ``<html>`` element of every page of an Arabic book (Sphinx's
  ``language = "ar"`` sets ``lang`` but no ``dir``; the themes build the tag from a fixed
  string, so the rendered page is amended as the builder renders it);
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


def _add_dir_attribute(app) -> None:
    """Wrap the template renderer so that every page's ``<html`` tag carries ``dir``."""
    book = _book(app)
    direction = "rtl" if book.get("lang") == "ar" else "ltr"
    templates = getattr(app.builder, "templates", None)
    if templates is None:
        return
    render = templates.render

    def render_with_dir(template: str, context: dict[str, Any]) -> str:
        out = render(template, context)
        i = out.find("<html")
        if i >= 0 and ' dir="' not in out[i : out.find(">", i)]:
            out = f'{out[:i]}<html dir="{direction}"{out[i + 5 :]}'
        return out

    templates.render = render_with_dir


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
    app.connect("builder-inited", _add_dir_attribute)
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", _downloads_box)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
