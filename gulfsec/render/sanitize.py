"""Sanitise what notebooks display as HTML or Markdown before it is published.

A notebook that shows data (a title from a CSV, a user's file) through ``display(HTML(...))``
or ``display(Markdown(...))`` must not be able to run a script in a report page or in the
published ``.ipynb``. Every edition's code-cell outputs are therefore cleaned here with
`bleach <https://bleach.readthedocs.io>`_ (the library nbconvert's own ``sanitize_html`` uses),
with an allowlist wide enough for what the notebooks really show (pandas tables and their
``<style>``, figures as ``data:`` images, the project's ``<bdi>``/``<span dir>`` isolation):

- ``text/html``: disallowed tags are escaped (shown as text), event-handler attributes
  (``onerror=``...) and ``javascript:`` URLs removed, inline CSS reduced to safe properties,
  ``<style>`` blocks kept without ``@import`` or ``url(...)`` (no request leaves the page);
- ``text/markdown``: converted to HTML the way nbconvert converts it, then cleaned as above;
- ``image/svg+xml`` with script, event handlers or ``javascript:`` is dropped;
- script and widget outputs (``application/javascript``, ``text/javascript``, widget views)
  are removed: a report runs no code.

The notebooks' own markdown cells are authored and reviewed, not data, and are left as
written. Only the allowlist is written here; the cleaning is bleach's.

Examples
--------
>>> import nbformat
>>> out = nbformat.v4.new_output(
...     "display_data", data={"text/html": '<b>x</b><img src=x onerror="alert(1)">'})
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", outputs=[out])])
>>> sanitize_outputs(nb)
>>> nb.cells[0].outputs[0].data["text/html"]
'<b>x</b><img src="x">'
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["clean_html", "sanitize_outputs"]

_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
        "p", "pre", "q", "s", "samp", "small", "span", "strong", "style", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
    }
)  # fmt: skip
_COMMON = ["class", "id", "style", "dir", "lang", "title", "align", "valign", "halign"]
_ATTRIBUTES: dict[str, list[str]] = {
    "*": _COMMON,
    "a": [*_COMMON, "href", "hreflang", "name"],
    "img": [*_COMMON, "src", "alt", "width", "height"],
    "table": [*_COMMON, "border"],
    "td": [*_COMMON, "colspan", "rowspan"],
    "th": [*_COMMON, "colspan", "rowspan", "scope"],
    "col": [*_COMMON, "span"],
    "colgroup": [*_COMMON, "span"],
    "style": ["type", "scoped"],
    "ol": [*_COMMON, "start"],
    "details": [*_COMMON, "open"],
}
_PROTOCOLS = ["http", "https", "mailto", "data"]
_EXTRA_CSS = ("text-align", "border", "padding", "margin", "max-width", "min-width")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
_CSS_FETCH = re.compile(r"@import[^;]*;?|url\s*\([^)]*\)|expression\s*\(", re.I)
_UNSAFE_SVG = re.compile(r"<script|\son\w+\s*=|javascript:|<foreignObject", re.I)
_DROPPED = (
    "application/javascript",
    "text/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
)
_CLEANER: Any = None


def _cleaner():
    global _CLEANER
    if _CLEANER is None:
        from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer
        from bleach.sanitizer import Cleaner

        def allowed(tag: str, name: str, value: str) -> bool:
            if name == "src":  # images only from the page itself (no request, no script)
                return bool(_DATA_IMAGE.match(value)) or not re.match(r"^\s*\w+:", value)
            return name in _ATTRIBUTES.get(tag, _COMMON) or name in _COMMON

        _CLEANER = Cleaner(
            tags=_TAGS,
            attributes={tag: allowed for tag in _TAGS},
            protocols=_PROTOCOLS,
            strip=False,
            strip_comments=True,
            css_sanitizer=CSSSanitizer(
                allowed_css_properties=frozenset(ALLOWED_CSS_PROPERTIES) | set(_EXTRA_CSS)
            ),
        )
    return _CLEANER


@functools.lru_cache(maxsize=1024)
def clean_html(html: str) -> str:
    """HTML with scripts, event handlers, ``javascript:`` links and remote CSS removed.

    Pure, so remembered: the editions of one execution show the same outputs (a third of the
    cleaning, otherwise).

    Examples
    --------
    >>> clean_html('<script>alert(1)</script><p dir="rtl">ok</p>')
    '&lt;script&gt;alert(1)&lt;/script&gt;<p dir="rtl">ok</p>'
    >>> clean_html('<a href="javascript:alert(1)">x</a>')
    '<a>x</a>'
    """
    out = _cleaner().clean(html)
    return _STYLE_BLOCK.sub(lambda m: m.group(1) + _CSS_FETCH.sub("", m.group(2)) + m.group(3), out)


def _markdown_to_html(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def sanitize_outputs(nb) -> None:
    """Clean every code-cell output of ``nb`` in place (see the module docstring)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not isinstance(data, dict):
                continue
            for key in _DROPPED:
                data.pop(key, None)
            md = data.pop("text/markdown", None)
            if md is not None:
                text = "".join(md) if isinstance(md, list) else str(md)
                data.setdefault("text/html", _markdown_to_html(text))
                data.setdefault("text/plain", text)
            if "text/html" in data:
                html = data["text/html"]
                html = "".join(html) if isinstance(html, list) else str(html)
                data["text/html"] = clean_html(html)
            svg = data.get("image/svg+xml")
            if svg is not None:
                text = "".join(svg) if isinstance(svg, list) else str(svg)
                if _UNSAFE_SVG.search(text):
                    del data["image/svg+xml"]
