"""The HTML page of an edition: nbconvert's exporter, our template, formulas as images.

An edition (:mod:`gulfsec.render.editions`) is converted to a page with nbconvert's
:class:`~nbconvert.HTMLExporter` and the project's template (:func:`to_html`);
:func:`split_page` links the stylesheet and images instead of embedding them. The execution
itself is :mod:`gulfsec.render.execution`; the published notebook file is
:mod:`gulfsec.render.published`.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")

_EXPORTERS: dict[tuple[str, str], Any] = {}


def _exporter(edition: str, lang: str):
    """The page exporter of an edition in ``lang``: one per "code shown or not", its language
    set for each page (each exporter compiles its templates once: 0.16 s; conversions take
    turns, :data:`gulfsec.render.execution._CONVERT_LOCK`)."""
    hide = edition == "report"
    key = ("hide" if hide else "show",)
    if key not in _EXPORTERS:
        from nbconvert import HTMLExporter

        _EXPORTERS[key] = HTMLExporter(
            template_name="lab",
            template_file="gulfsec.html.j2",
            extra_template_paths=[str(TEMPLATES)],
            embed_images=True,
            exclude_input=hide,
            exclude_input_prompt=hide,
            exclude_output_prompt=hide,
            # nbformat's schema check once, after the preprocessors, not after each of them
            # (nbconvert's public option; 11 checks fewer per page)
            optimistic_validation=True,
        )
    exporter = _EXPORTERS[key]
    exporter.language_code = lang
    return exporter


#: Where linked pages find the site's stylesheet and images (relative to the output folder).
STATIC = "_static"
_HEAD_STYLE = re.compile(r'<style type="text/css">(.*?)</style>\s*', re.S)
_DATA_IMG = re.compile(
    r'(<img\b[^>]*?\ssrc=")data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]+)"'
)


def split_page(html: str, prefix: str = "../") -> tuple[str, dict[str, bytes]]:
    """A page that links one stylesheet and its images instead of embedding them.

    The ``<style>`` blocks of the page's head (nbconvert's JupyterLab theme, the pygments
    styles and the gulfsec rules: the same 265 kB in every page) go, verbatim and in order, to
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
    import hashlib

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


def to_html(nb, edition: str, lang: str, title: str, index_href: str = "../index.html") -> str:
    """Convert an edition to one self-contained HTML page (images embedded, titled).

    ``nb`` is an edition from :func:`gulfsec.render.editions.make_edition`, which already
    isolated the Arabic formulas, numbers and code and marked the prose right to left.

    Examples
    --------
    >>> import nbformat
    >>> from gulfsec.render.editions import make_edition
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])
    >>> page = to_html(make_edition(nb, "report", "ar", "عنوان"), "report", "ar", "عنوان")
    >>> import re
    >>> re.search(r'<html (?=[^>]*lang="ar")(?=[^>]*dir="rtl")', page) is not None
    True
    >>> "<title>عنوان</title>" in page
    True
    """
    from gulfsec.i18n import label

    resources = {
        "metadata": {"name": title},
        "gulfsec": {
            "title": title,
            "edition": label(f"render.edition.{edition}", lang),
            "index_href": index_href,
            "index_label": label("render.all_reports", lang),
        },
    }
    nb = copy.copy(nb)
    if edition == "report":  # hidden code without output would leave empty gaps
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell = copy.copy(cell)
            cell.source = _render_math(cell.source)
        cells.append(cell)
    nb.cells = cells
    body, _ = _exporter(edition, lang).from_notebook_node(nb, resources=resources)
    return body


_CODE_SPANS = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?![$\d])")
_MATH_CACHE: dict[tuple[str, bool], str] = {}
_MATH_SIZE = 14  # CSS px: the report's body text size
_MATH_SCALE = 3  # rendered at 3x for sharp print and zoom


def math_image(tex: str, display: bool = False) -> str:
    """TeX math as an embedded image (matplotlib's mathtext), for pages with no MathJax.

    Reports are self-contained and open offline, so math in markdown cells is drawn here
    instead of by MathJax from a CDN. If mathtext cannot parse the expression, the TeX source
    is shown as left-to-right code instead.

    Parameters
    ----------
    tex : str
        The math without its ``$`` delimiters.
    display : bool
        Display math (``$$...$$``): centred on its own line.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> math_image("x_i^2").startswith('<span class="math" dir="ltr"><img class="math" alt="x_i^2"')
    True
    >>> math_image("x^{")
    '<code class="math" dir="ltr">x^{</code>'
    """
    key = (tex, display)
    if key in _MATH_CACHE:
        return _MATH_CACHE[key]
    import base64
    import html
    import io
    import warnings

    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    buf = io.BytesIO()
    try:
        with warnings.catch_warnings():
            # matplotlib warns (UserWarning) when it cannot draw a symbol: show the TeX then;
            # other warnings (a library deprecation on first use) are no reason to
            warnings.simplefilter("error", UserWarning)
            depth = mathtext.math_to_image(
                f"${tex}$",
                buf,
                prop=FontProperties(size=_MATH_SIZE),
                dpi=72 * _MATH_SCALE,
                format="png",
            )
        from PIL import Image

        buf.seek(0)
        w, h = Image.open(buf).size
    except Exception:
        frag = f'<code class="math" dir="ltr">{html.escape(tex)}</code>'
    else:
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        frag = (
            f'<img class="math" alt="{html.escape(tex)}" src="data:image/png;base64,{data}" '
            f'width="{w / _MATH_SCALE:.0f}" height="{h / _MATH_SCALE:.0f}" '
            f'style="vertical-align: -{depth:.0f}px">'
        )
        # an isolated left-to-right unit, also in right-to-left text (see render.bidi)
        frag = (
            f'<span class="math-display" dir="ltr">{frag}</span>'
            if display
            else (f'<span class="math" dir="ltr">{frag}</span>')
        )
    _MATH_CACHE[key] = frag
    return frag


def _render_math(source: str) -> str:
    """Replace ``$$...$$`` and ``$...$`` outside code by :func:`math_image` fragments."""
    parts = _CODE_SPANS.split(source)
    for i in range(0, len(parts), 2):  # even items are outside code
        text = _DISPLAY_MATH.sub(lambda m: math_image(m.group(1).strip(), display=True), parts[i])
        parts[i] = _INLINE_MATH.sub(lambda m: math_image(m.group(1)), text)
    return "".join(parts)
