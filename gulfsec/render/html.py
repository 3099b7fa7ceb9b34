"""The HTML page of an edition: myst-nb's docutils renderer, the parser and renderer of the books.

An edition (:mod:`gulfsec.render.editions`) is converted to a page by myst-nb's docutils
parser (:class:`myst_nb.docutils_.Parser`: MyST Markdown, myst-nb's output renderer and mime
priority, the same as the Sphinx books of :mod:`gulfsec.site`) and docutils' HTML5 writer,
through docutils' public API (:func:`docutils.core.publish_doctree`, then
:func:`docutils.core.publish_parts` of the document tree) and their settings only. Formulas are
MathML, written by docutils and laid out by the browser: no script, no request.

Between the two steps each figure, which myst-nb writes to a scratch folder and links, is
embedded as a ``data:`` URI with the ``alt`` text the notebook gave it in its output's metadata
(``{"image/png": {"alt": ...}}``, :mod:`gulfsec.plotting.display`; myst-nb reads only
``width`` and ``height`` from there). :func:`to_html` thus gives one self-contained page;
:func:`split_page` links the stylesheet and images instead of embedding them. The execution
itself is :mod:`gulfsec.render.execution`; the published notebook file is
:mod:`gulfsec.render.published`.
"""

from __future__ import annotations

import functools
import hashlib
import html as _html
import re
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")

#: MyST syntax extensions of every page (the books' ``myst_enable_extensions``).
MYST_EXTENSIONS = ("dollarmath", "colon_fence", "deflist")
#: Pygments' style of highlighted code.
CODE_STYLE = "default"

#: Where linked pages find the site's stylesheet and images (relative to the output folder).
STATIC = "_static"
_HEAD_STYLE = re.compile(r'<style type="text/css">(.*?)</style>\s*', re.S)
_DATA_IMG = re.compile(
    r'(<img\b[^>]*?\ssrc=")data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]+)"'
)
_BASE64_MIMES = ("image/png", "image/jpeg", "image/gif")


def settings(edition: str, lang: str) -> dict[str, Any]:
    """The docutils and myst-nb settings of a page of ``edition`` in ``lang``.

    The report edition hides code (myst-nb's ``nb_remove_code_source``); the others show it.

    Examples
    --------
    >>> settings("report", "ar")["nb_remove_code_source"], settings("student", "ar")["math_output"]
    (True, 'MathML')
    """
    return {
        # myst-nb: the notebook is already executed; images go to a scratch folder (to_html)
        "nb_execution_mode": "off",
        "nb_remove_code_source": edition == "report",
        "nb_output_stderr": "show",
        "nb_metadata_to_fm": False,
        "myst_enable_extensions": list(MYST_EXTENSIONS),
        # docutils
        "math_output": "MathML",
        "syntax_highlight": "short",  # pygments' class names, styled by CODE_STYLE's rules
        "doctitle_xform": False,  # headings stay where the notebook puts them: # is <h1>
        "initial_header_level": 1,
        "language_code": lang,
        "embed_stylesheet": True,
        "report_level": 3,  # errors show in the page, where they are; warnings do not
        "halt_level": 5,
        "warning_stream": False,
        "_disable_config": True,  # no docutils.conf from the working folder: same bytes anywhere
    }


def figures(nb) -> dict[str, tuple[str, str]]:
    """``{SHA-256 of the image bytes: (mime type, alt text)}`` of a notebook's image outputs.

    The ``alt`` text is the output's ``metadata[mime]["alt"]`` (:mod:`gulfsec.plotting.display`),
    ``""`` when it has none; myst-nb names each image file by the same digest but reads only
    ``width`` and ``height`` from there.

    Examples
    --------
    >>> import nbformat
    >>> out = nbformat.v4.new_output("display_data", data={"image/png": "iVBO"},
    ...                              metadata={"image/png": {"alt": "A bar chart."}})
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", outputs=[out])])
    >>> list(figures(nb).values())
    [('image/png', 'A bar chart.')]
    """
    import base64

    out: dict[str, tuple[str, str]] = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data") or {}
            for mime in _BASE64_MIMES:
                if mime not in data:
                    continue
                text = data[mime]
                text = "".join(text) if isinstance(text, list) else text
                digest = hashlib.sha256(base64.b64decode(text)).hexdigest()
                alt = ((o.get("metadata") or {}).get(mime) or {}).get("alt") or ""
                out.setdefault(digest, (mime, str(alt)))
    return out


def _embed_figures(doctree, known: dict[str, tuple[str, str]], folder: Path) -> None:
    """Each image of the document tree as a ``data:`` URI with its output's ``alt`` text.

    Only the outputs' images are published: an image a markdown cell links (a file beside the
    notebook, or on the web) would be a request outside the page's folder, and is an error.
    """
    import base64

    from docutils import nodes

    for node in doctree.findall(nodes.image):
        path = Path(node["uri"])
        if not path.is_absolute() or folder not in path.parents:
            raise ValueError(
                f"a markdown cell shows the image {node['uri']!r}: a page shows only the "
                "figures of code cells' outputs"
            )
        raw = path.read_bytes()
        mime, alt = known.get(hashlib.sha256(raw).hexdigest(), (None, ""))
        if mime is None:
            raise ValueError(f"an image output of an unsupported type: {path.name}")
        node["uri"] = f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
        node["alt"] = alt


@functools.lru_cache(maxsize=2)
def stylesheets(docutils_css: str) -> str:
    """The page's ``<style>`` blocks: docutils' (``parts["stylesheet"]`` of its HTML writer),
    myst-nb's, the code colours and the gulfsec rules (:file:`templates/report.css`), in that
    order; the same for every page, so made once."""
    from importlib import resources

    from pygments.formatters import HtmlFormatter

    mystnb = (resources.files("myst_nb") / "static" / "mystnb.css").read_text(encoding="utf-8")
    code = HtmlFormatter(style=CODE_STYLE).get_style_defs("pre.code")
    ours = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    blocks = [docutils_css.strip()]
    blocks += [f'<style type="text/css">\n{css.strip()}\n</style>' for css in (mystnb, code, ours)]
    return "\n".join(blocks) + "\n"


def page_source(nb: dict[str, Any]) -> dict[str, Any]:
    """The edition as a page's parser reads it, report page or book chapter (a JSON copy).

    Each markdown cell goes without its right-to-left marks (:func:`gulfsec.render.bidi.mark_rtl`,
    there for JupyterLab): the page is right to left as a whole (``<html dir="rtl">``), and a
    ``<div>`` around a heading would break the page's sections. Everything else is as the
    edition has it.

    Examples
    --------
    >>> from gulfsec.render.bidi import mark_rtl
    >>> nb = {"cells": [{"cell_type": "markdown", "source": mark_rtl("# عنوان")}]}
    >>> page_source(nb)["cells"][0]["source"], nb["cells"][0]["source"][:5]
    ('# عنوان', '<div ')
    """
    import json

    from gulfsec.render.bidi import unmark_rtl
    from gulfsec.render.parameters import cell_source

    out = json.loads(json.dumps(nb))
    for cell in out.get("cells", []):
        if cell.get("cell_type") == "markdown":
            cell["source"] = unmark_rtl(cell_source(cell))
    return out


def to_doctree(nb, edition: str, lang: str, title: str):
    """The docutils document of an edition's page: what myst-nb's parser makes of it.

    The same parser, MyST configuration and output renderer as the books' (Sphinx with
    myst-nb), on the same source (:func:`page_source`): the report edition's code cells
    without output are left out (hidden code would leave empty gaps), and each image is
    embedded with its output's ``alt`` text.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Some $x^2$.")])
    >>> [n.tagname for n in to_doctree(nb, "report", "en", "t").findall()][:4]
    ['document', 'paragraph', '#text', 'math']
    """
    import tempfile

    import nbformat
    from docutils.core import publish_doctree
    from myst_nb.docutils_ import Parser

    nb = nbformat.from_dict(page_source(nb))
    if edition == "report":  # hidden code without output would leave empty gaps
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    options = settings(edition, lang) | {"title": title}
    with tempfile.TemporaryDirectory(prefix="gulfsec-page-") as tmp:
        folder = Path(tmp).resolve()
        options["nb_output_folder"] = str(folder)
        doctree = publish_doctree(nbformat.writes(nb), parser=Parser(), settings_overrides=options)
        _embed_figures(doctree, figures(nb), folder)
    return doctree


def to_html(nb, edition: str, lang: str, title: str, index_href: str = "../index.html") -> str:
    """Convert an edition to one self-contained HTML page (images embedded, titled).

    ``nb`` is an edition from :func:`gulfsec.render.editions.make_edition`, which already
    isolated the Arabic formulas, numbers and code and marked the prose right to left. The
    page is :func:`to_doctree` written by docutils' HTML5 writer, under a banner (title,
    edition, link to the index of reports).

    Examples
    --------
    >>> import nbformat
    >>> from gulfsec.render.editions import make_edition
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi $x^2$")])
    >>> page = to_html(make_edition(nb, "report", "ar", "عنوان"), "report", "ar", "عنوان")
    >>> import re
    >>> re.search(r'<html (?=[^>]*lang="ar")(?=[^>]*dir="rtl")', page) is not None
    True
    >>> "<title>عنوان</title>" in page, "<msup>" in page, "<script" in page
    (True, True, False)
    """
    from docutils.core import publish_parts
    from docutils.io import DocTreeInput
    from docutils.readers.doctree import Reader

    from gulfsec.i18n import label

    parts = publish_parts(
        source=to_doctree(nb, edition, lang, title),
        source_class=DocTreeInput,
        reader=Reader(parser="null"),
        writer="html5",
        settings_overrides=settings(edition, lang) | {"title": title},
    )
    e = _html.escape
    banner = (
        '<nav class="gulfsec-banner">\n'
        f'  <span class="title">{e(title)}</span>\n'
        f'  <span class="edition">{e(label(f"render.edition.{edition}", lang))}</span>\n'
        f'  <a href="{e(index_href)}">{e(label("render.all_reports", lang))}</a>\n'
        "</nav>\n"
    )
    direction = "rtl" if lang == "ar" else "ltr"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(lang)}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n"
        f"{stylesheets(parts['stylesheet'])}</head>\n<body>\n{banner}"
        f"{parts['html_body'].strip()}\n</body>\n</html>\n"
    )


def split_page(html: str, prefix: str = "../") -> tuple[str, dict[str, bytes]]:
    """A page that links one stylesheet and its images instead of embedding them.

    The ``<style>`` blocks of the page's head (docutils', myst-nb's, the code colours and the
    gulfsec rules: the same in every page) go, verbatim and in order, to
    ``_static/gulfsec.<hash>.css``; every embedded image to ``_static/img/<hash>.<ext>``, named
    by its content, so that an image shown twice or in several editions is stored once. The
    content hash in the names means a browser never shows a stale stylesheet or image.

    Parameters
    ----------
    html : str
        A self-contained page (:func:`to_html`).
    prefix : str
        From the page's folder to the output folder.

    Returns
    -------
    (str, dict)
        The page and ``{path relative to the output folder: bytes}`` of the files it links.

    Examples
    --------
    >>> page = ('<html><head><style type="text/css">p {}</style></head><body>'
    ...         '<img alt="a" src="data:image/png;base64,iVBO"></body></html>')
    >>> out, files = split_page(page)
    >>> sorted(files)
    ['_static/gulfsec.c9dd3e1410d3.css', '_static/img/449ba17f2a44989a.png']
    >>> '<link rel="stylesheet" href="../_static/gulfsec.c9dd3e1410d3.css">' in out
    True
    """
    import base64

    files: dict[str, bytes] = {}
    head_end = html.find("</head>")
    if head_end >= 0:
        head = html[:head_end]
        css = "\n".join(m.group(1).strip("\n") for m in _HEAD_STYLE.finditer(head))
        if css:
            data = (css + "\n").encode("utf-8")
            name = f"{STATIC}/gulfsec.{hashlib.sha256(data).hexdigest()[:12]}.css"
            files[name] = data
            first = _HEAD_STYLE.search(head)
            link = f'<link rel="stylesheet" href="{prefix}{name}">\n'
            head = head[: first.start()] + link + _HEAD_STYLE.sub("", head[first.start() :])
        html = head + html[head_end:]

    def image(m: re.Match) -> str:
        raw = base64.b64decode(re.sub(r"\s", "", m.group(3)))
        ext = "jpg" if m.group(2) == "jpeg" else m.group(2)
        name = f"{STATIC}/img/{hashlib.sha256(raw).hexdigest()[:16]}.{ext}"
        files[name] = raw
        return f'{m.group(1)}{prefix}{name}"'

    return _DATA_IMG.sub(image, html), files
