"""Check that a student book contains no worked solution, in any file it publishes.

The solutions are the cells tagged ``solution`` in the source notebooks. From each such cell
we take its lines of six words or more that no other cell of the notebook contains (in any
language), reduced to words (letters and digits, diacritics dropped, lower case), and look
for them in the text of every file of the book: the HTML pages (text content), notebooks
(cell sources and text outputs), the search index and any other text file. PDFs are checked by
the tests with ``pdftotext``.

Examples
--------
>>> words("**Solution 1.** Iran leads (5)!")
'solution 1 iran leads 5'
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from gulfsec.render.plan import SOLUTION_TAG

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
MIN_WORDS = 6
SNIPPET_WORDS = 8


def words(text: str) -> str:
    """Text reduced to lower-case words separated by one space."""
    return " ".join(_NON_WORD.sub(" ", _MARKS.sub("", text)).lower().split())


def _lines(cell: dict) -> list[str]:
    src = cell.get("source", "")
    return ("".join(src) if isinstance(src, list) else src).splitlines()


def solution_snippets(notebook: Path | list[Path]) -> list[str]:
    """Word sequences found only in the ``solution`` cells of the source notebook(s).

    With several notebooks (a book's chapters), a solution line that another chapter shows
    outside its solutions (the same code, say) is no secret and is not a snippet.
    """
    paths = [notebook] if isinstance(notebook, Path) else list(notebook)
    cells = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            cells += json.load(fh).get("cells", [])
    others = " \n ".join(
        words(line)
        for c in cells
        if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])
        for line in _lines(c)
    )
    snippets = []
    for c in cells:
        if SOLUTION_TAG not in c.get("metadata", {}).get("tags", []):
            continue
        for line in _lines(c):
            w = words(line).split()
            if len(w) < MIN_WORDS:
                continue
            snippet = " ".join(w[:SNIPPET_WORDS])
            if snippet not in others:
                snippets.append(snippet)
    return sorted(set(snippets))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def file_text(path: Path) -> str:
    """The words of a published file (HTML text, notebook sources and outputs, zip members)."""
    suffix = path.suffix.lower()
    if suffix in (".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".ttf", ".ico", ".pdf"):
        return ""
    if suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            return " ".join(words(zf.read(n).decode("utf-8", "replace")) for n in zf.namelist())
    raw = path.read_bytes().decode("utf-8", "replace")
    if suffix == ".html":
        p = _Text()
        p.feed(raw)
        return words(" ".join(p.parts))
    if suffix == ".ipynb":
        try:
            nb = json.loads(raw)
        except ValueError:
            return words(raw)
        parts = []
        for c in nb.get("cells", []):
            parts.append("\n".join(_lines(c)))
            for o in c.get("outputs", []):
                t = o.get("text") or o.get("data", {}).get("text/plain") or ""
                parts.append("".join(t) if isinstance(t, list) else t)
                h = o.get("data", {}).get("text/html")
                if h:
                    p = _Text()
                    p.feed("".join(h) if isinstance(h, list) else h)
                    parts.append(" ".join(p.parts))
        return words("\n".join(parts))
    return words(raw)


def find_leaks(
    book: Path, snippets: list[str], skip: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """``(file, snippet)`` for every solution snippet found in a file of ``book``.

    ``skip`` names top-level folders of the book not to read (e.g. the theme's ``_static``).
    """
    if not snippets:
        return []
    leaks = []
    for f in sorted(p for p in book.rglob("*") if p.is_file()):
        if f.relative_to(book).parts[0] in skip:
            continue
        text = file_text(f)
        if not text:
            continue
        for s in snippets:
            if s in text:
                leaks.append((f.relative_to(book).as_posix(), s))
    return leaks
