"""The course: its chapters in order (from the course guide), their rendered editions and its books.

The course guide (``notebooks/README.md``) lists the notebooks in course order in a table whose
rows link to ``NN_name.ipynb`` with the time needed and the prerequisites. Each chapter of a
book is the notebook's edition that ``gulfsec render`` already executed (the ``student`` or
``instructor`` edition in one language, listed in the render's ``manifest.json``), so the site
never runs a notebook again. A chapter's objectives, prerequisites and time are read from the
notebook's own opening cell in the book's language.

Examples
--------
>>> guide = '''| # | notebook | time needed | prerequisites |
... | --- | --- | --- | --- |
... | 00 | [Reading the article](00_reading.ipynb) | about 30 min | none |'''
>>> [(c.number, c.stem, c.time) for c in parse_guide(guide)]
[('00', '00_reading', 'about 30 min')]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Editions that make a book (the ``report`` edition hides the code: not a course).
AUDIENCES: tuple[str, ...] = ("student", "instructor")

_ROW = re.compile(r"^\|\s*([^|]*?)\s*\|\s*\[([^\]]+)\]\(([^)\s]+\.ipynb)\)\s*\|(.*)\|\s*$")


class CourseError(ValueError):
    """The course guide or the render output cannot make a site (names the file)."""


@dataclass(frozen=True)
class Chapter:
    """One chapter: a notebook of the course guide, in course order."""

    number: str  # as in the guide's first column, e.g. "03"
    notebook: str  # file name, e.g. "03_threat_matrix.ipynb"
    title: str  # the guide's (English) title
    time: str = ""
    prerequisites: str = ""

    @property
    def stem(self) -> str:
        """The notebook's name without ``.ipynb`` (the chapter's page name in every book)."""
        return Path(self.notebook).stem


def parse_guide(text: str) -> list[Chapter]:
    """Chapters in course order from the course guide's table (rows linking to a notebook).

    Parameters
    ----------
    text : str
        Markdown of the course guide.

    Returns
    -------
    list of Chapter
        One per table row whose second cell links to a ``.ipynb``; the first row wins when a
        notebook is listed twice.
    """
    chapters: list[Chapter] = []
    seen: set[str] = set()
    for line in text.splitlines():
        m = _ROW.match(line.strip())
        if not m:
            continue
        number, title, link, rest = m.groups()
        name = Path(link).name
        if name in seen:
            continue
        seen.add(name)
        cells = [c.strip() for c in rest.split("|")]
        time = cells[0] if cells else ""
        prereq = cells[1] if len(cells) > 1 else ""
        chapters.append(Chapter(number.strip("* "), name, title.strip(), time, prereq))
    return chapters


def read_guide(path: Path) -> list[Chapter]:
    """:func:`parse_guide` of a file; a guide that lists no notebook is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CourseError(f"cannot read the course guide {path}: {exc.strerror}") from None
    chapters = parse_guide(text)
    if not chapters:
        raise CourseError(
            f"{path}: the course guide lists no notebook (expected table rows such as "
            "'| 00 | [Title](00_name.ipynb) | time | prerequisites |')"
        )
    return chapters


def _fields() -> dict[str, str]:
    """Patterns of the labels of the notebooks' opening cells, both languages (from the label
    catalogue's ``site.intro.*``); the notebooks vary a little ("Time" / "Time needed",
    «المتطلبات السابقة» / «المتطلبات المسبقة», a shadda or not)."""
    from gulfsec.i18n import label

    out = {}
    for name in ("overview", "objectives", "prerequisites", "time"):
        en, ar = (re.escape(label(f"site.intro.{name}", lang)) for lang in ("en", "ar"))
        ar = "".join(c + "?" if c == "\u0651" else c for c in ar)  # shadda optional
        extra = r"(?: [^\s.:*]+)?"  # a following word, e.g. "Time needed"
        out[name] = rf"(?:{en}{extra}|{ar}{extra})"
    return out


@dataclass(frozen=True)
class Intro:
    """What a notebook's opening cell says about itself, in one language."""

    title: str
    overview: str = ""
    objectives: list[str] = field(default_factory=list)
    prerequisites: str = ""
    time: str = ""


def _field(text: str, names: str) -> str:
    m = re.search(
        rf"\*\*(?:{names})\s*[.:]\*\*\s*(.+?)(?=\n\s*\n|\*\*[^*\n]{{2,40}}[.:]\*\*|\Z)", text, re.S
    )
    return " ".join(m.group(1).split()) if m else ""


def parse_intro(source: str) -> Intro:
    """Title, overview, objectives, prerequisites and time from a notebook's opening cell.

    Examples
    --------
    >>> src = '''# 03 · Threats
    ...
    ... **Learning objectives.** You will:
    ... 1. explain the criteria;
    ... 2. compute severity.
    ...
    ... **Prerequisites.** Notebook 00. **Time needed.** About 45 minutes.'''
    >>> i = parse_intro(src)
    >>> i.title, i.objectives, i.prerequisites, i.time
    ('03 · Threats', ['explain the criteria;', 'compute severity.'], 'Notebook 00.', 'About 45 minutes.')
    """
    title = ""
    for line in source.splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
            break
    objectives: list[str] = []
    fields = _fields()
    m = re.search(rf"\*\*(?:{fields['objectives']})\s*[.:]\*\*(.*?)(?=\n\s*\n|\Z)", source, re.S)
    if m:
        item: list[str] = []
        for line in m.group(1).splitlines():
            s = line.strip()
            bullet = re.match(r"^(?:\d+[.)]|[-*•])\s+(.*)$", s)
            if bullet:
                if item:
                    objectives.append(" ".join(item))
                item = [bullet.group(1)]
            elif item and s:
                item.append(s)
        if item:
            objectives.append(" ".join(item))
    return Intro(
        title=title,
        overview=_field(source, fields["overview"]),
        objectives=objectives,
        prerequisites=_field(source, fields["prerequisites"]),
        time=_field(source, fields["time"]),
    )


@dataclass(frozen=True)
class Edition:
    """A rendered edition that a book uses as a chapter."""

    chapter: Chapter
    lang: str
    audience: str
    report_id: str
    key: str  # the render's cache key of this report (changes whenever its page would)
    ipynb: Path

    def read(self) -> dict[str, Any]:
        """The executed notebook (JSON); a :class:`CourseError` naming the file if it is not one."""
        try:
            with open(self.ipynb, encoding="utf-8") as fh:
                nb = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CourseError(
                f"{self.ipynb}: not a readable notebook ({exc}); render it again "
                f"(gulfsec render --force --only '{self.report_id}')"
            ) from None
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise CourseError(
                f"{self.ipynb}: not a notebook (no list of cells); render it again "
                f"(gulfsec render --force --only '{self.report_id}')"
            )
        return nb


@dataclass
class Book:
    """One book: a language and an audience, its chapters and where it goes."""

    lang: str
    audience: str
    editions: list[Edition]
    missing: list[str]
    work: Path  # .build/<lang>-<audience>
    out: Path  # the published folder

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.audience}"

    @property
    def src(self) -> Path:
        return self.work / "src"

    @property
    def html(self) -> Path:
        """Sphinx's output folder: the book as it will be published."""
        return self.work / "html"

    @property
    def course_pdf(self) -> str:
        return f"gulfsec-course-{self.lang}-{self.audience}.pdf"


def read_manifest(reports: Path) -> dict[str, Any]:
    """The render's ``manifest.json`` in ``reports`` (a clear error if there is none)."""
    path = reports / "manifest.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise CourseError(
            f"{path} not found: render the notebooks first (`make reports` or `gulfsec render`)"
        ) from None
    except (OSError, ValueError) as exc:
        raise CourseError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise CourseError(f"{path}: not a gulfsec render manifest (no 'reports' list)")
    return data


def find_editions(
    manifest: dict[str, Any], reports: Path, chapters: list[Chapter], lang: str, audience: str
) -> tuple[list[Edition], list[str]]:
    """The rendered edition of each chapter for one book, and the chapters that have none.

    An edition qualifies when the manifest lists it for the chapter's notebook, language and
    edition with status ``ok`` and its ``.ipynb`` exists; among several (parameter variants)
    the one rendered with the notebook's defaults (parameters ``{"lang": lang}`` only, a
    ``data_path`` aside) wins, else the first in plan order.

    Examples
    --------
    >>> ch = Chapter("00", "00_a.ipynb", "A")
    >>> m = {"reports": [{"id": "x", "notebook": "00_a.ipynb", "lang": "en", "edition": "student",
    ...                   "status": "ok", "parameters": {"lang": "en"}, "key": "k", "ipynb": "x/x.ipynb"}]}
    >>> find_editions(m, Path("/nonexistent"), [ch], "en", "student")
    ([], ['00_a.ipynb'])
    """
    found: list[Edition] = []
    missing: list[str] = []
    for ch in chapters:
        best = None
        for entry in manifest.get("reports", []):
            if not isinstance(entry, dict):
                continue
            if (
                entry.get("notebook") != ch.notebook
                or entry.get("lang") != lang
                or entry.get("edition") != audience
                or entry.get("status") != "ok"
                or not entry.get("ipynb")
            ):
                continue
            path = reports / entry["ipynb"]
            if not path.is_file():
                continue
            params = {k: v for k, v in (entry.get("parameters") or {}).items() if k != "data_path"}
            default = params in ({"lang": lang}, {})
            if best is None or (default and not best[0]):
                best = (default, entry, path)
            if default:
                break
        if best is None:
            missing.append(ch.notebook)
            continue
        _, entry, path = best
        found.append(Edition(ch, lang, audience, entry["id"], str(entry.get("key", "")), path))
    return found, missing
