"""Build the course site: four Sphinx books (en/ar x student/instructor), downloads and PDFs.

For each book this module writes a Sphinx source folder under ``<site>/.build/<lang>-<audience>/``
(a ``conf.py``, the landing page, the glossary and the chapters, which are the executed
editions that ``gulfsec render`` wrote), runs Sphinx (myst-nb, sphinx-book-theme, execution
off) into ``<site>/<lang>/<audience>/``, copies the chapter downloads (the edition's notebook,
the data package as a zip, ``CITATION.cff``) and prints the PDFs (:mod:`.pdf`).

Staleness comes from the render: a book's key is a digest of the render cache keys of its
chapters plus the course guide, the glossary, the citation, the data folder, this package's
source and the versions of Sphinx and its extensions. An unchanged book is skipped without
starting Sphinx; a changed one is rebuilt by Sphinx incrementally (its environment is kept in
``.build``), and only the PDFs whose page changed are printed again.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from gulfsec.i18n import label
from gulfsec.site.course import (
    AUDIENCES,
    Chapter,
    CourseError,
    Edition,
    find_editions,
    parse_intro,
    read_guide,
    read_manifest,
)

HERE = Path(__file__).resolve().parent
LANGS: tuple[str, ...] = ("en", "ar")
BUILD_DIR = ".build"
CACHE_FILE = "cache.json"
DATA_ZIP = "gulfsec-data.zip"
_VERSIONED = ("sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme")


@dataclass
class Book:
    """One book: a language and an audience, its chapters and where it goes."""

    lang: str
    audience: str
    editions: list[Edition]
    missing: list[str]
    src: Path
    out: Path
    work: Path

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.audience}"

    @property
    def course_pdf(self) -> str:
        return f"gulfsec-course-{self.lang}-{self.audience}.pdf"


def _sha(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """Digest of every file under ``folder`` (relative names and bytes), in name order."""
    parts: list[bytes | str] = []
    if folder.is_dir():
        for f in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [f.relative_to(folder).as_posix(), f.read_bytes()]
    return _sha(*parts)


def _code_digest() -> str:
    versions = []
    for dist in _VERSIONED:
        try:
            versions.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist}=none")
    return _sha(folder_digest(HERE), *versions)


def _write(path: Path, data: str | bytes) -> bool:
    """Write only if the content differs (Sphinx rebuilds by file time); True if written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == raw:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, path)
    return True


def data_zip(folder: Path) -> bytes:
    """The data package as a zip (``gulfsec-data/...``), the same bytes for the same files.

    Examples
    --------
    >>> import tempfile, zipfile, io
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.csv").write_text("x\\n1\\n")
    >>> zipfile.ZipFile(io.BytesIO(data_zip(d))).namelist()
    ['gulfsec-data/a.csv']
    >>> data_zip(d) == data_zip(d)
    True
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"gulfsec-data/{f.relative_to(folder).as_posix()}")
            info.date_time = (1980, 1, 1, 0, 0, 0)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, f.read_bytes())
    return buf.getvalue()


# --------------------------------------------------------------------------- pages


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _intro(ed: Edition) -> Any:
    """The chapter's :class:`~.course.Intro`: its title cell and the cells before the first
    section (some notebooks put prerequisites and time in a cell of their own)."""
    parts: list[str] = []
    for cell in ed.read().get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = "".join(cell.get("source", ""))
        if not parts and not src.lstrip().startswith("# "):
            continue
        if parts and src.lstrip().startswith("## "):
            break
        parts.append(src)
        if len(parts) == 3:
            break
    return parse_intro("\n\n".join(parts))


def _citation(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _cite_lines(cff: dict[str, Any], lang: str) -> list[str]:
    lines = []
    refs = [r for r in cff.get("references") or [] if isinstance(r, dict)]
    # the source article: the Arabic one (the other references are the published data)
    source = [r for r in refs if r.get("type") == "article" and "ar" in (r.get("languages") or [])]
    for ref in source[:1]:
        a = (ref.get("authors") or [{}])[0]
        name = f"{a.get('name-suffix', '')} {a.get('given-names', '')} {a.get('family-names', '')}"
        author = a.get("alias") if lang == "ar" and a.get("alias") else " ".join(name.split())
        gloss = (ref.get("abstract") or "").split(". ")[0].rstrip(".")
        comma = "، " if lang == "ar" else ", "
        lines.append(
            f"- {author}{comma}«{ref.get('title', '')}»"
            + (f" (*{gloss}*)" if gloss and lang == "en" else "")
            + f"{comma}{ref.get('date-published', '')}."
        )
    authors = ", ".join(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
        for a in cff.get("authors") or []
        if isinstance(a, dict)
    )
    if cff.get("title"):
        year = str(cff.get("date-released", ""))[:4]
        comma = "، " if lang == "ar" else ", "
        version = label("site.cite.version", lang, version=cff.get("version", ""))
        lines.append(f"- {authors} ({year}). *{cff['title']}*{comma}{version}.")
    return lines


def landing_page(book: Book, intros: dict[str, Any], cff: dict[str, Any], pdf: bool = True) -> str:
    """MyST source of a book's landing page (``index.md``)."""
    lang, aud = book.lang, book.audience
    rows = []
    for ed in book.editions:
        intro = intros[ed.chapter.stem]
        title = intro.title or ed.chapter.title
        time_ = intro.time or (ed.chapter.time if lang == "en" else "")
        pre = intro.prerequisites or (ed.chapter.prerequisites if lang == "en" else "")
        rows.append(
            f"| [{_md_escape(title)}]({ed.chapter.stem}.ipynb) | {_md_escape(time_)} | "
            f"{_md_escape(pre)} |"
        )
    chapters = "\n".join(f"{ed.chapter.stem}" for ed in book.editions)
    cite = "\n".join(_cite_lines(cff, lang)) or label("site.cite_missing", lang)
    L = lambda key, **kw: label(key, lang, **kw)  # noqa: E731
    parts = [
        f"# {L('site.title')}",
        "",
        f"*{L(f'site.book.{aud}')}*",
        "",
        f"```{{note}}\n{L(f'site.audience_note.{aud}')}\n```",
        "",
        f"**{L('site.what.head')}** {L('site.what.text')}",
        "",
        f"**{L('site.who.head')}** {L('site.who.text')}",
        "",
        f"## {L('site.chapters')}",
        "",
        f"| {L('site.col.chapter')} | {L('site.col.time')} | {L('site.col.prerequisites')} |",
        "| --- | --- | --- |",
        *rows,
        "",
        L("site.order"),
        "",
        f"## {L('site.article.head')}",
        "",
        L("site.article.text"),
        "",
        cite,
        "",
        L("site.cite.file"),
        "",
        f"## {L('site.run.head')}",
        "",
        L("site.run.text"),
        "",
        "```sh\nmake setup\nmake lab\nmake dashboard NB=03 LANG=" + lang + "\n```",
        "",
        L("site.pdf", pdf=f"downloads/{book.course_pdf}") if pdf else "",
        "",
        "```{toctree}",
        ":hidden:",
        f":caption: {L('site.chapters')}",
        "",
        chapters,
        "glossary",
        "```",
        "",
    ]
    return "\n".join(parts)


def _glossary_uses(editions: list[Edition]) -> dict[str, list[Edition]]:
    uses: dict[str, list[Edition]] = {}
    for ed in editions:
        code = " ".join(
            "".join(c.get("source", ""))
            for c in ed.read().get("cells", [])
            if c.get("cell_type") == "code"
        )
        for token in set(code.replace('"', " ").replace("'", " ").split()):
            uses.setdefault(token.strip(",[]()"), []).append(ed)
    return uses


def glossary_page(book: Book, glossary_csv: Path, intros: dict[str, Any]) -> str:
    """MyST source of the glossary (a Sphinx ``glossary``) from ``data/glossary.csv``."""
    lang = book.lang
    other = "en" if lang == "ar" else "ar"
    with open(glossary_csv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    uses = _glossary_uses(book.editions)
    sep = "، " if lang == "ar" else ", "
    out = [f"# {label('site.glossary', lang)}", "", label("site.glossary.intro", lang), ""]
    out += ["```{glossary}", ":sorted:", ""]
    for row in rows:
        term = " ".join(row[f"term_{lang}"].split())
        out.append(f"{term} ({' '.join(row[f'term_{other}'].split())})")
        text = " ".join(row[f"definition_{lang}"].split())
        src = [s.strip() for s in (row.get("sources") or "").split(";") if s.strip()]
        if src:
            text += f" {label('site.glossary.passages', lang)} {sep.join(src)}."
        chapters = [
            f"[{_md_escape(intros[e.chapter.stem].title or e.chapter.title)}]({e.chapter.stem}.ipynb)"
            for e in uses.get(row["term_id"], [])
        ]
        out.append(f"  {text}")
        if chapters:
            out += ["", f"  {label('site.glossary.used_in', lang)} {sep.join(chapters)}"]
        out.append("")
    out += ["```", ""]
    return "\n".join(out)


def conf_py(book: Book, chapters_info: dict[str, Any], static: Path) -> str:
    """The book's ``conf.py`` (plain assignments of Python literals)."""
    lang = book.lang
    other = "en" if lang == "ar" else "ar"
    labels = {k: label(f"site.dl.{k}", lang) for k in ("notebook", "pdf", "data", "downloads")}
    settings: dict[str, Any] = {
        "project": label("site.title", lang),
        "author": "The gulfsec developers",
        "copyright": "the gulfsec developers; data CC BY 4.0",
        "language": lang,
        "extensions": ["myst_nb", "gulfsec.site.sphinxext"],
        "root_doc": "index",
        "exclude_patterns": ["_build", "downloads", "locale"],
        "templates_path": [str(HERE / "templates")],
        "html_theme": "sphinx_book_theme",
        "html_title": f"{label('site.title', lang)} · {label(f'site.book.{book.audience}', lang)}",
        "html_static_path": [str(HERE / "static"), str(static)],
        "html_css_files": ["gulfsec-site.css"],
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_show_sphinx": False,
        "html_last_updated_fmt": None,
        "html_context": {"default_mode": "light"},
        "html_theme_options": {
            "article_header_end": ["gulfsec-lang-switch.html", "article-header-buttons.html"],
            "use_download_button": False,
            "use_fullscreen_button": False,
            "home_page_in_toc": True,
            "show_navbar_depth": 1,
            "navigation_with_keys": False,
            "search_bar_text": label("site.search_placeholder", lang),
        },
        "locale_dirs": ["locale"],
        "gettext_auto_build": False,
        "nb_execution_mode": "off",
        "nb_ipywidgets_js": {},
        "nb_output_stderr": "show",
        "myst_enable_extensions": ["dollarmath", "colon_fence", "deflist"],
        "myst_heading_anchors": 3,
        "mathjax_path": "mathjax/tex-svg.js",
        "mathjax3_config": {"options": {"enableMenu": False}},
        "suppress_warnings": [
            "myst.header",
            "mystnb.unknown_mime_type",
            "misc.highlighting_failure",
        ],
        "gulfsec_book": {
            "lang": lang,
            "audience": book.audience,
            "other_lang": other,
            "other_label": label("site.lang.other", lang),
            "labels": labels,
            "chapters": chapters_info,
        },
    }
    lines = [
        '"""Sphinx configuration of one gulfsec course book (written by `gulfsec site`)."""',
        "",
    ]
    for k, v in settings.items():
        lines.append(f"{k} = {v!r}")
    return "\n".join(lines) + "\n"


def mathjax_assets(dest: Path) -> Path:
    """MathJax (SVG output: no web fonts) from the ``sphinx-mathjax-offline`` package, copied
    into ``dest/mathjax`` (only the files a page loads: the component and TeX extensions)."""
    try:
        dist = metadata.distribution("sphinx-mathjax-offline")
    except metadata.PackageNotFoundError:
        raise CourseError(
            "the package sphinx-mathjax-offline is not installed (it serves MathJax locally, so "
            "the books need no CDN): run `make setup`"
        ) from None
    src = Path(str(dist.locate_file("sphinx-mathjax-offline/static/mathjax")))
    target = dest / "mathjax"
    if not (target / "tex-svg.js").is_file():
        tmp = dest / ".mathjax.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        shutil.copy2(src / "tex-svg.js", tmp / "tex-svg.js")
        shutil.copytree(src / "input" / "tex" / "extensions", tmp / "input" / "tex" / "extensions")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    return dest


# --------------------------------------------------------------------------- the build


@dataclass
class SiteResult:
    """What a build did: books built or up to date, PDFs printed, seconds, problems."""

    built: list[str]
    cached: list[str]
    pdfs: int
    seconds: float
    missing: dict[str, list[str]]


def _sphinx(books: list[dict[str, Any]], spec_path: Path) -> None:
    """Run Sphinx over ``books`` (see :mod:`._sphinx_run`) in one subprocess."""
    spec_path.write_text(json.dumps(books), encoding="utf-8")
    cmd = [sys.executable, "-m", "gulfsec.site._sphinx_run", str(spec_path)]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        logs = ", ".join(b["warnings"] for b in books)
        raise CourseError(f"Sphinx failed (warnings in {logs}):\n{tail}")


def _prepare(
    book: Book,
    guide_chapters: list[Chapter],
    glossary_csv: Path,
    cff: dict,
    static: Path,
    pdf: bool = True,
) -> None:
    intros = {ed.chapter.stem: _intro(ed) for ed in book.editions}
    info: dict[str, Any] = {}
    for ed in book.editions:
        downloads = [["notebook", f"{ed.report_id}.ipynb"]]
        if pdf:  # link only what this build writes
            downloads.append(["pdf", f"{ed.chapter.stem}-{book.lang}-{book.audience}.pdf"])
        downloads.append(["data", DATA_ZIP])
        info[ed.chapter.stem] = {"downloads": downloads}
    src = book.src
    src.mkdir(parents=True, exist_ok=True)
    wanted = {"conf.py", "index.md", "glossary.md", "locale"}
    _write(src / "conf.py", conf_py(book, info, static))
    _write(src / "index.md", landing_page(book, intros, cff, pdf))
    _write(src / "glossary.md", glossary_page(book, glossary_csv, intros))
    if book.lang == "ar":
        from gulfsec.site.sphinxext import write_theme_catalog

        write_theme_catalog(src / "locale")
    for ed in book.editions:
        name = f"{ed.chapter.stem}.ipynb"
        wanted.add(name)
        _write(src / name, ed.ipynb.read_bytes())
    for stale in src.iterdir():  # a chapter that left the course
        if stale.name not in wanted:
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()


def _check_no_solutions(book: Book, notebooks: Path) -> None:
    """Fail (and remove the book) if a student book contains text of a worked solution."""
    from gulfsec.site.audit import find_leaks, solution_snippets

    sources = [notebooks / ed.chapter.notebook for ed in book.editions]
    snippets = solution_snippets([p for p in sources if p.is_file()])
    leaks = find_leaks(book.out, snippets, skip=("_static",))
    if leaks:
        shutil.rmtree(book.out, ignore_errors=True)
        shown = "\n".join(f"  {f}: ...{s}..." for f, s in leaks[:10])
        raise CourseError(
            f"the student book {book.name} contains text of {len(leaks)} worked solution(s); "
            f"it was removed, nothing of it is published:\n{shown}"
        )


def root_index(out: Path) -> str:
    """``site/index.html``: a bilingual page linking the student books found in ``out``."""
    items = []
    for lang in LANGS:
        if not (out / lang / "student" / "index.html").is_file():
            continue
        d = "rtl" if lang == "ar" else "ltr"
        items.append(
            f'<li lang="{lang}" dir="{d}"><a href="{lang}/student/index.html">'
            f"{html.escape(label('site.title', lang))} · "
            f"{html.escape(label('site.book.student', lang))}</a></li>"
        )
    title = f"{label('site.title', 'en')} / {label('site.title', 'ar')}"
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>body{{font-family:'DejaVu Sans',"
        "system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.6}"
        "li{margin:.6em 0;font-size:1.2em}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><ul>{''.join(items)}</ul></body></html>\n"
    )


def build_site(
    reports: Path,
    out: Path,
    *,
    langs: tuple[str, ...] = LANGS,
    audiences: tuple[str, ...] = AUDIENCES,
    force: bool = False,
    pdf: bool = True,
    jobs: int = 2,
    dry_run: bool = False,
    say: Callable[[str], None] = print,
) -> SiteResult:
    """Build the books of a rendered course into ``out`` (see the module docstring).

    Parameters
    ----------
    reports : Path
        The render's output folder (with ``manifest.json``).
    out : Path
        The site folder (``<out>/<lang>/<audience>/``).
    langs, audiences : tuple of str
        Which books.
    force : bool
        Rebuild every book and PDF.
    pdf : bool
        Print the chapter and course PDFs (headless Chromium).
    jobs : int
        Books (and PDFs) built in parallel, 1 to 8.
    dry_run : bool
        Only say which books are out of date (``built`` lists them); write nothing.
    say : callable
        Progress lines.

    Returns
    -------
    SiteResult
    """
    from concurrent.futures import ThreadPoolExecutor

    from gulfsec.render.plan import PlanError, load_plan

    t0 = time.perf_counter()
    if not 1 <= jobs <= 8:
        raise CourseError(f"jobs must be 1 to 8, got {jobs}")
    reports = reports.resolve()
    manifest = read_manifest(reports)
    try:
        plan = load_plan(Path(manifest.get("plan", "")))
    except PlanError as exc:
        raise CourseError(f"the render's plan cannot be read: {exc}") from None
    guide_path = plan.notebooks / "README.md"
    chapters = read_guide(guide_path)
    glossary_csv = plan.data / "glossary.csv"
    if not glossary_csv.is_file():
        raise CourseError(f"{glossary_csv} not found (the glossary page is built from it)")
    cff_path = next(
        (
            p / "CITATION.cff"
            for p in [plan.notebooks, *plan.notebooks.parents]
            if (p / "CITATION.cff").is_file()
        ),
        None,
    )
    cff = _citation(cff_path)

    out = out.resolve()
    work = out / BUILD_DIR
    static = work / "_assets"
    if not dry_run:
        work.mkdir(parents=True, exist_ok=True)
        mathjax_assets(static)
    cache_path = work / CACHE_FILE
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    code = _code_digest()
    shared = _sha(
        code,
        guide_path.read_bytes(),
        glossary_csv.read_bytes(),
        cff_path.read_bytes() if cff_path else b"",
        folder_digest(plan.data),
        json.dumps([c.notebook for c in chapters]),
    )

    books = []
    missing: dict[str, list[str]] = {}
    for lang in langs:
        for aud in audiences:
            eds, miss = find_editions(manifest, reports, chapters, lang, aud)
            b = Book(
                lang,
                aud,
                eds,
                miss,
                work / f"{lang}-{aud}" / "src",
                out / lang / aud,
                work / f"{lang}-{aud}",
            )
            books.append(b)
            if miss:
                missing[b.name] = miss

    zip_bytes = data_zip(plan.data)
    built, cached = [], []
    pdf_jobs: list[tuple[Path, Path, str]] = []
    new_cache: dict[str, Any] = dict(cache)  # books not selected this time keep their entry

    def book_key(b: Book) -> str:
        parts = (f"{e.report_id}={e.key}" for e in b.editions)
        return _sha(shared, b.name, f"pdf={pdf}", *parts)

    def complete(b: Book, entry: dict[str, Any]) -> bool:
        files = [b.out / "index.html", b.out / "searchindex.js"]
        files += [b.out / "downloads" / n for n in entry.get("downloads", [])]
        return all(f.is_file() for f in files)

    stale: list[tuple[Book, str, dict[str, Any]]] = []
    for b in books:
        if not b.editions:
            continue
        key = book_key(b)
        prev = cache.get(b.name, {})
        if not force and prev.get("key") == key and complete(b, prev):
            new_cache[b.name] = prev
            cached.append(b.name)
        elif dry_run:
            built.append(b.name)
            say(f"stale   {b.name}")
        else:
            stale.append((b, key, prev))

    t = time.perf_counter()
    specs = []
    for b, _key, _prev in stale:
        _prepare(b, chapters, glossary_csv, cff, static, pdf)
        builds = [["html", str(b.out)]] + ([["singlehtml", str(b.work / "single")]] if pdf else [])
        specs.append(
            {
                "src": str(b.src),
                "doctrees": str(b.work / "doctrees"),
                "warnings": str(b.work / "warnings.log"),
                "builds": builds,
            }
        )
    if specs:
        groups = [specs[i::jobs] for i in range(min(jobs, len(specs)))]
        with ThreadPoolExecutor(max_workers=len(groups)) as pool:
            futures = [
                pool.submit(_sphinx, g, work / f"sphinx-{i}.json") for i, g in enumerate(groups)
            ]
            for f in futures:
                f.result()
        say(f"sphinx  {len(specs)} book(s)  {time.perf_counter() - t:.1f} s")

    for b, key, prev in stale:
        dl = b.out / "downloads"
        dl.mkdir(parents=True, exist_ok=True)
        names = [DATA_ZIP]
        _write(dl / DATA_ZIP, zip_bytes)
        if cff_path:
            _write(dl / "CITATION.cff", cff_path.read_bytes())
            names.append("CITATION.cff")
        for ed in b.editions:
            _write(dl / f"{ed.report_id}.ipynb", ed.ipynb.read_bytes())
            names.append(f"{ed.report_id}.ipynb")
        pdf_keys: dict[str, str] = {}
        if pdf:
            for ed in b.editions:
                name = f"{ed.chapter.stem}-{b.lang}-{b.audience}.pdf"
                names.append(name)
                pkey = _sha(key, "chapter", ed.chapter.stem)
                pdf_keys[name] = pkey
                if force or prev.get("pdfs", {}).get(name) != pkey or not (dl / name).is_file():
                    pdf_jobs.append((b.out / f"{ed.chapter.stem}.html", dl / name, b.lang))
            names.append(b.course_pdf)
            pdf_keys[b.course_pdf] = key
            pdf_jobs.append((b.work / "single" / "index.html", dl / b.course_pdf, b.lang))
        for old in dl.iterdir():
            if old.name not in names:
                old.unlink()
        if b.audience == "student":
            _check_no_solutions(b, plan.notebooks)
        new_cache[b.name] = {"key": key, "downloads": names, "pdfs": pdf_keys}
        built.append(b.name)
        say(f"built   {b.name}  ({len(b.editions)} chapters)")

    for b in books:
        if not b.editions and b.name not in missing:
            missing[b.name] = [c.notebook for c in chapters]
    for name in sorted(cached):
        say(f"cached  {name}")

    if dry_run:
        return SiteResult(sorted(built), sorted(cached), 0, time.perf_counter() - t0, missing)
    n_pdf = 0
    if pdf_jobs:
        from gulfsec.site.pdf import print_pdfs

        t = time.perf_counter()
        print_pdfs(pdf_jobs, jobs=jobs)
        n_pdf = len(pdf_jobs)
        say(f"printed {n_pdf} PDF(s)  {time.perf_counter() - t:.1f} s")
    _write(out / "index.html", root_index(out))
    _write(cache_path, json.dumps(new_cache, indent=1, sort_keys=True) + "\n")
    return SiteResult(sorted(built), sorted(cached), n_pdf, time.perf_counter() - t0, missing)
