"""Left-to-right islands in the Arabic editions: formulas, signed numbers and ranges.

In a right-to-left page the bidirectional algorithm reorders the pieces of a formula written
in prose (``(1/HHI)`` shows as ``(HHI/1)``, ``-9`` as ``9-``, ``A = 5 / 8`` backwards). The
renderer wraps each such run in Unicode isolates (LRI ... PDI, see
:func:`gulfsec.i18n.isolate_ltr`) in the markdown cells, the HTML outputs (tables) and the
printed outputs of Arabic editions, so that authors write plain prose and data stay plain
text. Code spans, fenced code, math (rendered to isolated images), links' targets, URLs and
HTML tags are left as they are; inline code spans and inline math are isolated as a whole
(the marks go outside the backticks or dollars, so the code and the formula are unchanged and
read left to right also where no stylesheet isolates them: JupyterLab).

Every markdown cell of an Arabic edition (and every ``lang-ar`` markdown cell of a source
notebook, :func:`mark_rtl_notebook`) is also wrapped in ``<div dir="rtl" lang="ar">`` ... ``</div>``
with blank lines around its content (:func:`mark_rtl`): a CommonMark HTML block ends at the blank
line, so the content stays Markdown in JupyterLab, nbconvert and MyST, and reads right to left
in JupyterLab, where no page sets the direction. Everything here is idempotent.

Examples
--------
>>> isolate_markdown("قيمة `-9` تعني المفقود؛ والمعادلة x = 1/N") == (
...     "قيمة \u2066`-9`\u2069 تعني المفقود؛ والمعادلة \u2066x = 1/N\u2069")
True
"""

from __future__ import annotations

import copy
import re

from gulfsec.i18n import LRI, PDI, isolate_ltr

__all__ = [
    "RTL_OPEN",
    "isolate_html",
    "isolate_markdown",
    "isolate_notebook",
    "is_marked_rtl",
    "mark_rtl",
    "mark_rtl_notebook",
    "unmark_rtl",
]

#: The opening of a markdown cell marked right to left (:func:`mark_rtl`).
RTL_OPEN = '<div dir="rtl" lang="ar">'
_RTL_CLOSE = "</div>"
#: Protected spans that are one left-to-right unit: an inline code span, inline math.
_WHOLE = re.compile(r"`[^`\n]*`|(?<![\\$])\$[^$\n]+?\$")

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
    >>> isolate_markdown("القيمة `-9` هنا") == "القيمة \u2066`-9`\u2069 هنا"
    True
    >>> isolate_markdown(isolate_markdown("x = 1/N و`a`")) == isolate_markdown("x = 1/N و`a`")
    True
    """
    parts = _MD_PROTECTED.split(source)
    out = []
    for i, part in enumerate(parts):
        if not i % 2:
            out.append(isolate_ltr(part))
            continue
        before = parts[i - 1]
        after = parts[i + 1] if i + 1 < len(parts) else ""
        if _WHOLE.fullmatch(part) and not (before.endswith(LRI) and after.startswith(PDI)):
            part = f"{LRI}{part}{PDI}"
        out.append(part)
    return "".join(out)


def is_marked_rtl(source: str) -> bool:
    """Whether a markdown cell's source is wrapped by :func:`mark_rtl`."""
    return source.startswith(RTL_OPEN) and source.rstrip().endswith(_RTL_CLOSE)


def mark_rtl(source: str) -> str:
    """A markdown cell's source wrapped so that it reads right to left wherever it is shown.

    Examples
    --------
    >>> mark_rtl("# عنوان").splitlines()
    ['<div dir="rtl" lang="ar">', '', '# عنوان', '', '</div>']
    >>> mark_rtl(mark_rtl("نص")) == mark_rtl("نص")
    True
    """
    if is_marked_rtl(source) or not source.strip():
        return source
    return f"{RTL_OPEN}\n\n{source.strip(chr(10))}\n\n{_RTL_CLOSE}"


def unmark_rtl(source: str) -> str:
    """The content of a cell marked by :func:`mark_rtl` (for a page whose root is already
    right to left: a heading inside a ``div`` would break a book's sections).

    Examples
    --------
    >>> unmark_rtl(mark_rtl("# عنوان"))
    '# عنوان'
    """
    if not is_marked_rtl(source):
        return source
    body = source.rstrip()[len(RTL_OPEN) : -len(_RTL_CLOSE)]
    return body.strip("\n")


def mark_rtl_notebook(nb, tag: str = "lang-ar") -> int:
    """Mark the Arabic markdown cells of a source notebook, in place; returns how many changed.

    The cells tagged ``tag`` are isolated (:func:`isolate_markdown`) and wrapped
    (:func:`mark_rtl`); other cells, code and outputs are not touched. Idempotent: a second
    call changes nothing and returns 0.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("(1/HHI) هنا", metadata={"tags": ["lang-ar"]}),
    ...     nbformat.v4.new_markdown_cell("(1/HHI) here", metadata={"tags": ["lang-en"]})])
    >>> mark_rtl_notebook(nb), mark_rtl_notebook(nb)
    (1, 0)
    >>> nb.cells[1].source
    '(1/HHI) here'
    """
    changed = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown" or tag not in cell.get("metadata", {}).get("tags", []):
            continue
        new = mark_rtl(isolate_markdown(cell.source))
        if new != cell.source:
            cell.source = new
            changed += 1
    return changed


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
    are processed; error tracebacks, images and code are not. Markdown cells are also marked
    right to left (:func:`mark_rtl`). Idempotent.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("أي −2")])
    >>> unmark_rtl(isolate_notebook(nb).cells[0].source) == "أي \u2066−2\u2069"
    True
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = mark_rtl(isolate_markdown(cell.source))
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
