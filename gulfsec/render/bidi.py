"""Left-to-right islands in the Arabic editions: formulas, signed numbers and ranges.

In a right-to-left page the bidirectional algorithm reorders the pieces of a formula written
in prose (``(1/HHI)`` shows as ``(HHI/1)``, ``-9`` as ``9-``, ``A = 5 / 8`` backwards). The
renderer wraps each such run in Unicode isolates (LRI ... PDI, see
:func:`gulfsec.i18n.isolate_ltr`) in the markdown cells, the HTML outputs (tables) and the
printed outputs of Arabic editions, so that authors write plain prose and data stay plain
text. Code spans, fenced code, math (rendered to isolated images), links' targets, URLs and
HTML tags are left as they are; the stylesheet isolates code and math elements itself.

Examples
--------
>>> isolate_markdown("قيمة `-9` تعني المفقود؛ والمعادلة x = 1/N") == (
...     "قيمة `-9` تعني المفقود؛ والمعادلة \u2066x = 1/N\u2069")
True
"""

from __future__ import annotations

import copy
import re

from gulfsec.i18n import isolate_ltr

__all__ = ["isolate_html", "isolate_markdown", "isolate_notebook"]

# Spans whose text must not change: code, math, link targets, autolinks and URLs, HTML tags
# and entities.
_MD_PROTECTED = re.compile(
    r"(```.*?```|~~~.*?~~~|`[^`\n]*`|\$\$.+?\$\$|(?<![\\$])\$[^$\n]+?\$|\]\([^)\n]*\)"
    r"|<[^>\n]+>|https?://[^\s)>\]]+|&[#\w]+;)",
    re.S,
)
_HTML_PROTECTED = re.compile(
    r"(<(script|style|pre|code)\b.*?</\2\s*>|<[^>]*>|&[#\w]+;)", re.S | re.I
)


def isolate_markdown(source: str) -> str:
    """Isolate the left-to-right runs of a markdown cell's prose (not its code or math).

    Examples
    --------
    >>> isolate_markdown("[موقع](https://a.org/x-1)") == "[موقع](https://a.org/x-1)"
    True
    """
    parts = _MD_PROTECTED.split(source)
    return "".join(p if i % 2 else isolate_ltr(p) for i, p in enumerate(parts))


def isolate_html(html: str) -> str:
    """Isolate the left-to-right runs of the text of an HTML fragment (a pandas table).

    Examples
    --------
    >>> isolate_html("<td>مقلوب المؤشر (1/HHI)</td>") == "<td>مقلوب المؤشر \u2066(1/HHI)\u2069</td>"
    True
    """
    out, last = [], 0
    for m in _HTML_PROTECTED.finditer(html):
        out.append(isolate_ltr(html[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(isolate_ltr(html[last:]))
    return "".join(out)


def isolate_notebook(nb):
    """A copy of an Arabic edition with its prose, tables and printed lines isolated.

    Markdown cells and the ``text/html`` and ``text/plain`` outputs and streams of code cells
    are processed; error tracebacks, images and code are not.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("أي −2")])
    >>> isolate_notebook(nb).cells[0].source == "أي \u2066−2\u2069"
    True
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = isolate_markdown(cell.source)
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out["text"] = isolate_ltr(out["text"])
            data = out.get("data", {})
            if "text/html" in data:
                html = data["text/html"]
                html = "".join(html) if isinstance(html, list) else html
                data["text/html"] = isolate_html(html)
            if "text/plain" in data and "text/html" not in data:
                text = data["text/plain"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/plain"] = isolate_ltr(text)
    return nb
