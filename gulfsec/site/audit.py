"""Check that a student book publishes nothing a student may not see, in any of its files.

What may not be published: the worked solutions (cells whose tags mean ``solution``,
:func:`gulfsec.render.editions.cell_tags`, so ``Solution`` and ``solutions`` count), text only
the instructor's book has, and the data package's review record (``REVIEW.md``). From each such
source we take its lines of six words or more that no other cell of the notebook contains (in
any language), reduced to words (letters and digits, diacritics dropped, lower case), and look
for them in the text of every file of the book: the HTML pages (text content), notebooks (cell
sources and text outputs), the search index, the members of zips, the PDFs (``pdftotext``, when
poppler is installed) and any other text file. The figures of solution cells are matched by
their bytes (:func:`solution_images`), and no file may lie under a ``jupyter_execute`` folder.

Examples
--------
>>> words("**Solution 1.** Iran leads (5)!")
'solution 1 iran leads 5'
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from gulfsec.render.editions import cell_tags
from gulfsec.render.parameters import cell_source
from gulfsec.render.plan import SOLUTION_TAG

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
MIN_WORDS = 6
SNIPPET_WORDS = 8


def words(text: str) -> str:
    """Text reduced to lower-case words separated by one space."""
    return " ".join(_NON_WORD.sub(" ", _MARKS.sub("", text)).lower().split())


def _lines(cell: dict) -> list[str]:
    return cell_source(cell).splitlines()


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
        words(line) for c in cells if SOLUTION_TAG not in cell_tags(c) for line in _lines(c)
    )
    return text_snippets(
        [line for c in cells if SOLUTION_TAG in cell_tags(c) for line in _lines(c)], others
    )


def text_snippets(lines: list[str], others: str = "", whole: bool = False) -> list[str]:
    """The first words of each line of six words or more (all its words if ``whole``) that
    ``others`` does not contain.

    Examples
    --------
    >>> text_snippets(["one two three four five six seven eight nine", "too short"], "")
    ['one two three four five six seven eight']
    >>> text_snippets(["one two three four five six seven eight nine"], "", whole=True)
    ['one two three four five six seven eight nine']
    """
    snippets = []
    for line in lines:
        w = words(line).split()
        if len(w) < MIN_WORDS:
            continue
        snippet = " ".join(w if whole else w[:SNIPPET_WORDS])
        if snippet not in others:
            snippets.append(snippet)
    return sorted(set(snippets))


def private_snippets(review: Path | None = None, public: list[Path] = ()) -> list[str]:
    """Snippets of what only teachers see: the instructor book's notice, in both languages, and
    the lines of the data package's review record ``review`` (when given and present) that
    quote none of the ``public`` files (the review quotes the data it reviewed: the data are
    published, the record is not).

    Each is a whole line, not its first words: the record states results the notebooks
    compute and print for students ("4 of 10 era-dyad comparisons with data", a table's row
    count), so a line's first words can be on a student page by right; a published record
    brings its lines whole.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> review = Path(tempfile.mkdtemp()) / "REVIEW.md"
    >>> _ = review.write_text("4 of 10 era-dyad comparisons with data (was 5 of 12)\\n")
    >>> [s for s in private_snippets(review) if s.startswith("4 of 10")]
    ['4 of 10 era dyad comparisons with data was 5 of 12']
    """
    from gulfsec.i18n import label

    lines = [label("site.audience_note.instructor", lang) for lang in ("en", "ar")]
    if review is not None and review.is_file():
        lines += review.read_text(encoding="utf-8", errors="replace").splitlines()
    others = " \n ".join(file_text(p) for p in public if p.is_file())
    return text_snippets(lines, others, whole=True)


def solution_images(notebooks: list[Path]) -> set[str]:
    """SHA-256 of every image that a solution cell of the (executed) notebooks shows."""
    found = set()
    for path in notebooks:
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for c in cells:
            if SOLUTION_TAG not in cell_tags(c):
                continue
            for o in c.get("outputs", []):
                for mime, data in (o.get("data") or {}).items():
                    if mime.startswith("image/") and mime != "image/svg+xml":
                        text = "".join(data) if isinstance(data, list) else str(data)
                        try:
                            raw = base64.b64decode(text)
                        except ValueError:
                            continue
                        found.add(hashlib.sha256(raw).hexdigest())
    return found


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


_BINARY = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".ttf", ".ico")


def pdf_text(path: Path) -> str | None:
    """The text of a PDF (``pdftotext``), or None when poppler is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    proc = subprocess.run([exe, str(path), "-"], capture_output=True, timeout=300)
    return proc.stdout.decode("utf-8", "replace")


def file_text(path: Path, data: bytes | None = None) -> str:
    """The words of a published file (HTML text, notebook sources and outputs, zip members,
    PDF text); ``data`` are its bytes when already read (a zip member)."""
    suffix = path.suffix.lower()
    if suffix in _BINARY:
        return ""
    if suffix == ".pdf":
        if data is not None:
            return words(data.decode("latin-1"))
        return words(pdf_text(path) or "")
    if suffix == ".zip":
        import io

        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as zf:
            return " ".join(file_text(Path(n), zf.read(n)) for n in zf.namelist())
    raw = (path.read_bytes() if data is None else data).decode("utf-8", "replace")
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
    book: Path, snippets: list[str], skip: tuple[str, ...] = (), images: set[str] | None = None
) -> list[tuple[str, str]]:
    """``(file, what)`` for every snippet, forbidden image or forbidden folder in ``book``.

    ``skip`` names top-level folders of the book not to read (e.g. the theme's ``_static``);
    ``images`` holds the SHA-256 of images that may not be published (:func:`solution_images`).
    """
    leaks = []
    for f in sorted(p for p in book.rglob("*") if p.is_file()):
        rel = f.relative_to(book)
        if rel.parts[0] in skip:
            continue
        if "jupyter_execute" in rel.parts:
            leaks.append((rel.as_posix(), "an executed notebook folder (jupyter_execute)"))
            continue
        if images and f.suffix.lower() in _BINARY:
            if hashlib.sha256(f.read_bytes()).hexdigest() in images:
                leaks.append((rel.as_posix(), "the figure of a solution cell"))
            continue
        if not snippets:
            continue
        text = file_text(f)
        if not text:
            continue
        for s in snippets:
            if s in text:
                leaks.append((rel.as_posix(), s))
    return leaks
