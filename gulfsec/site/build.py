"""Build the course site: four Sphinx books (en/ar x student/instructor), downloads and PDFs.

Layout of ``<site>`` (the ``--out`` folder)::

    public/                 the student site: copy or serve this folder whole
        index.html          links the two student books
        en/  ar/            the student books (pages, search, downloads/, PDFs)
    instructor/             the instructor books (worked solutions): never where students are
        index.html, en/, ar/
    .build/                 work: Sphinx sources, environments, built books, PDF cache, lock

For each book this module writes a Sphinx source folder (a ``conf.py``, the landing page, the
glossary and the chapters, which are the edition notebooks that ``gulfsec render`` wrote,
:mod:`gulfsec.render.editions`), runs Sphinx (myst-nb, sphinx-book-theme, execution off) into a
fresh folder under ``.build`` (myst-nb's ``jupyter_execute`` lands beside it, never in a
published folder), adds the downloads (the edition's notebook, the declared data package as a
zip, ``CITATION.cff``) and the PDFs (:mod:`.pdf`), checks a student book file by file
(:mod:`.audit`), and only then publishes it (:func:`.publish.publish_tree`: atomic writes,
nothing stale left).

Staleness comes from the render: a book's key is a digest of the render cache keys of its
chapters plus the course guide, the glossary, the citation, the published data files, this
package's source and the versions of Sphinx and its extensions. An unchanged book whose
published files are still the bytes it published is skipped without starting Sphinx; only the
PDFs whose page changed are printed again. A Sphinx failure (a full disk) discards the book's
Sphinx environment and tries once more from scratch; the published book is untouched until a
build succeeds.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from gulfsec.render.files import tree_digest
from gulfsec.site.course import (
    AUDIENCES,
    Book,
    Chapter,
    CourseError,
    find_editions,
    read_guide,
    read_manifest,
)
from gulfsec.site.pages import conf_py, glossary_page, intro_of, landing_page, root_index
from gulfsec.site.publish import (
    data_zip,
    declared_file,
    file_digests,
    mathjax_assets,
    publish_tree,
    run_sphinx,
    sha,
    site_lock,
    stop_children,
    write,
)

HERE = Path(__file__).resolve().parent
LANGS: tuple[str, ...] = ("en", "ar")
BUILD_DIR = ".build"
#: Where each audience's books are published, under the site folder.
PUBLISHED = {"student": "public", "instructor": "instructor"}
CACHE_FILE = "cache.json"
DATA_ZIP = "gulfsec-data.zip"
_VERSIONED = ("sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme")


def _code_digest() -> str:
    versions = []
    for dist in _VERSIONED:
        try:
            versions.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist}=none")
    return sha(tree_digest(HERE), *versions)


def _prepare(
    book: Book,
    glossary_csv: Path,
    cff: dict,
    static: Path,
    intros: dict[str, Any],
    pdf: bool = True,
) -> None:
    """Write the book's Sphinx sources (chapters: the edition notebooks, prose unwrapped)."""
    from gulfsec.render.html import page_source

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
    write(src / "conf.py", conf_py(book, info, static))
    write(src / "index.md", landing_page(book, intros, cff, pdf))
    write(src / "glossary.md", glossary_page(book, glossary_csv, intros))
    if book.lang == "ar":
        from gulfsec.site.sphinxext import write_theme_catalog

        write_theme_catalog(src / "locale")
    for ed in book.editions:
        name = f"{ed.chapter.stem}.ipynb"
        wanted.add(name)
        # the chapter as every page's parser reads an edition (the report pages too): right to
        # left as a whole (sphinxext), so without the cells' direction marks
        nb = page_source(ed.read())
        write(src / name, json.dumps(nb, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    for stale in src.iterdir():  # a chapter that left the course
        if stale.name not in wanted:
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()


def _remove_old_layout(out: Path, say: Callable[[str], None]) -> None:
    """Remove what an older ``gulfsec site`` wrote straight under ``out`` (``<lang>/student``,
    ``<lang>/instructor``, ``<lang>/jupyter_execute`` and the index linking them): the student
    site is ``public/`` now, and those folders held the executed instructor notebooks."""
    old = {"student", "instructor", "jupyter_execute"}
    for lang in LANGS:
        d = out / lang
        if d.is_dir() and not d.is_symlink():
            names = {p.name for p in d.iterdir()}
            if names and names <= old:
                shutil.rmtree(d)
                say(f"removed {d} (the old layout; the student site is {out / 'public'})")
    index = out / "index.html"
    if index.is_file() and b'/student/index.html"' in index.read_bytes():
        index.unlink()


def _check_sources(chapters: list[Chapter], notebooks: Path) -> list[Path]:
    """The chapters' source notebooks, each checked for mistyped tags (an error naming the
    notebook and the cell, :func:`gulfsec.render.editions.check_tags`)."""
    from gulfsec.render.editions import EditionError, check_tags

    paths = []
    for ch in chapters:
        path = notebooks / ch.notebook
        if not path.is_file():
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CourseError(f"{path}: not a readable notebook ({exc})") from None
        try:
            check_tags(nb if isinstance(nb, dict) else {}, str(path))
        except EditionError as exc:
            raise CourseError(str(exc)) from None
        paths.append(path)
    return paths


def _audit(book: Book, sources: list[Path], data: Path, executed: list[Path]) -> None:
    """Fail if the staged student book holds what students may not see (nothing published):
    text of the ``sources``' solutions, their figures in the ``executed`` instructor editions,
    the instructor's notice, the data's review record."""
    from gulfsec.site.audit import find_leaks, private_snippets, solution_images, solution_snippets
    from gulfsec.site.publish import data_files

    public = [data / rel for rel in data_files(data)] + sources
    snippets = solution_snippets(sources) + private_snippets(data / "REVIEW.md", public)
    images = solution_images(executed)
    leaks = find_leaks(book.html, snippets, skip=("_static",), images=images)
    if leaks:
        shown = "\n".join(f"  {f}: ...{s}..." for f, s in leaks[:10])
        raise CourseError(
            f"the student book {book.name} contains {len(leaks)} thing(s) students may not see; "
            f"nothing of it was published:\n{shown}"
        )


@dataclass
class SiteResult:
    """What a build did: books built or up to date, PDFs printed, seconds, problems."""

    built: list[str]
    cached: list[str]
    pdfs: int
    seconds: float
    missing: dict[str, list[str]]


def _sphinx_books(stale: list[Book], work: Path, jobs: int, pdf: bool) -> None:
    """Build the stale books with Sphinx, into fresh folders; on a failure, once more after
    discarding the failed books' environments (a full disk leaves them broken)."""
    from concurrent.futures import ThreadPoolExecutor

    def spec(b: Book) -> dict[str, Any]:
        for d in (b.html, b.work / "single"):
            shutil.rmtree(d, ignore_errors=True)
        builds = [["html", str(b.html)]] + ([["singlehtml", str(b.work / "single")]] if pdf else [])
        return {
            "src": str(b.src),
            "doctrees": str(b.work / "doctrees"),
            "warnings": str(b.work / "warnings.log"),
            "builds": builds,
        }

    groups = [stale[i::jobs] for i in range(min(jobs, len(stale)))]
    failed: list[tuple[list[Book], CourseError]] = []
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        futures = [
            (g, pool.submit(run_sphinx, [spec(b) for b in g], work / f"sphinx-{i}.json"))
            for i, g in enumerate(groups)
        ]
        for g, f in futures:
            try:
                f.result()
            except CourseError as exc:
                failed.append((g, exc))
    for g, _exc in failed:
        for b in g:
            shutil.rmtree(b.work / "doctrees", ignore_errors=True)
        run_sphinx([spec(b) for b in g], work / "sphinx-retry.json")


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
        The site folder (``public/``, ``instructor/``, ``.build/``).
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

    Raises
    ------
    CourseError
        Bad input (names the file), a failed build or a leak; ``SiteLocked`` when another
        build holds the folder.
    """
    if not 1 <= jobs <= 8:
        raise CourseError(f"jobs must be 1 to 8, got {jobs}")
    out = out.resolve()
    if dry_run:
        return _build(reports, out, langs, audiences, force, pdf, jobs, True, say)
    with site_lock(out / BUILD_DIR):
        try:
            return _build(reports, out, langs, audiences, force, pdf, jobs, False, say)
        finally:
            stop_children()  # interrupted (Ctrl-C, SIGTERM): no Sphinx left writing


def _build(reports, out, langs, audiences, force, pdf, jobs, dry_run, say) -> SiteResult:
    from gulfsec.render.plan import PlanError, load_plan
    from gulfsec.site.pages import citation

    t0 = time.perf_counter()
    reports = reports.resolve()
    manifest = read_manifest(reports)
    try:
        plan = load_plan(Path(manifest.get("plan", "")))
    except PlanError as exc:
        raise CourseError(f"the render's plan cannot be read: {exc}") from None
    guide_path = plan.notebooks / "README.md"
    chapters = read_guide(guide_path)
    sources = _check_sources(chapters, plan.notebooks)
    glossary_csv = plan.data / "glossary.csv"
    if not glossary_csv.is_file():
        raise CourseError(f"{glossary_csv} not found (the glossary page is built from it)")
    declared_file(plan.data, "glossary.csv", str(plan.data))  # not a link out of the folder
    cff_path = next(
        (
            p / "CITATION.cff"
            for p in [plan.notebooks, *plan.notebooks.parents]
            if (p / "CITATION.cff").is_file()
        ),
        None,
    )
    cff = citation(cff_path)
    zip_bytes = data_zip(plan.data)

    work = out / BUILD_DIR
    static = work / "_assets"
    if not dry_run:
        _remove_old_layout(out, say)
        mathjax_assets(static)
    cache_path = work / CACHE_FILE
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
        cache = cache if isinstance(cache, dict) else {}
    except (OSError, ValueError):
        cache = {}
    shared = sha(
        _code_digest(),
        guide_path.read_bytes(),
        glossary_csv.read_bytes(),
        cff_path.read_bytes() if cff_path else b"",
        zip_bytes,
        json.dumps([c.notebook for c in chapters]),
    )

    books = []
    missing: dict[str, list[str]] = {}
    for lang in langs:
        for aud in audiences:
            eds, miss = find_editions(manifest, reports, chapters, lang, aud)
            b = Book(lang, aud, eds, miss, work / f"{lang}-{aud}", out / PUBLISHED[aud] / lang)
            books.append(b)
            if miss:
                missing[b.name] = miss

    executed = [  # the instructor editions: the figures their solutions show
        e.ipynb
        for lang in LANGS
        for e in find_editions(manifest, reports, chapters, lang, "instructor")[0]
    ]

    def book_key(b: Book) -> str:
        parts = (f"{e.report_id}={e.key}" for e in b.editions)
        return sha(shared, b.name, f"pdf={pdf}", *parts)

    built, cached = [], []
    new_cache: dict[str, Any] = dict(cache)  # books not selected this time keep their entry
    stale: list[tuple[Book, str, dict[str, Any]]] = []
    for b in books:
        if not b.editions:
            continue
        key = book_key(b)
        prev = cache.get(b.name) if isinstance(cache.get(b.name), dict) else {}
        if not force and prev.get("key") == key and prev.get("files"):
            if file_digests(b.out) == prev["files"]:
                cached.append(b.name)
                continue
            if not dry_run and file_digests(b.html) == prev["files"]:  # damaged: publish again
                publish_tree(b.html, b.out)
                cached.append(b.name)
                say(f"repaired {b.name} (published files differed from the build)")
                continue
        if dry_run:
            built.append(b.name)
            say(f"stale   {b.name}")
        else:
            stale.append((b, key, prev))

    for b in books:
        if not b.editions and b.name not in missing:
            missing[b.name] = [c.notebook for c in chapters]
    if dry_run:
        return SiteResult(sorted(built), sorted(cached), 0, time.perf_counter() - t0, missing)

    if stale:
        t = time.perf_counter()
        for b, _key, _prev in stale:
            intros = {ed.chapter.stem: intro_of(ed) for ed in b.editions}
            _prepare(b, glossary_csv, cff, static, intros, pdf)
        _sphinx_books([b for b, _, _ in stale], work, jobs, pdf)
        say(f"sphinx  {len(stale)} book(s)  {time.perf_counter() - t:.1f} s")

    pdf_jobs: list[tuple[Path, Path, str]] = []
    entries: dict[str, dict[str, Any]] = {}
    for b, key, prev in stale:
        dl = b.html / "downloads"
        write(dl / DATA_ZIP, zip_bytes)
        if cff_path:
            write(dl / "CITATION.cff", cff_path.read_bytes())
        for ed in b.editions:
            write(dl / f"{ed.report_id}.ipynb", ed.ipynb.read_bytes())
        pdf_keys: dict[str, str] = {}
        if pdf:
            pages = {
                f"{e.chapter.stem}-{b.lang}-{b.audience}.pdf": (
                    b.html / f"{e.chapter.stem}.html",
                    sha(key, "chapter", e.chapter.stem),
                )
                for e in b.editions
            }
            pages[b.course_pdf] = (b.work / "single" / "index.html", key)
            for name, (page, pkey) in pages.items():
                pdf_keys[name] = pkey
                cached_pdf = b.work / "pdf" / name
                if force or prev.get("pdfs", {}).get(name) != pkey or not cached_pdf.is_file():
                    pdf_jobs.append((page, cached_pdf, b.lang))
        entries[b.name] = {"key": key, "pdfs": pdf_keys}

    n_pdf = 0
    if pdf_jobs:
        from gulfsec.site.pdf import print_pdfs

        t = time.perf_counter()
        for _page, target, _lang in pdf_jobs:
            target.unlink(missing_ok=True)  # a failed print leaves no old PDF behind
        print_pdfs(pdf_jobs, jobs=jobs)
        n_pdf = len(pdf_jobs)
        say(f"printed {n_pdf} PDF(s)  {time.perf_counter() - t:.1f} s")

    for b, _key, _prev in stale:
        for name in entries[b.name]["pdfs"]:
            write(b.html / "downloads" / name, (b.work / "pdf" / name).read_bytes())
        if b.audience == "student":
            _audit(b, sources, plan.data, executed)
        entries[b.name]["files"] = publish_tree(b.html, b.out)
        new_cache[b.name] = entries[b.name]
        write(cache_path, json.dumps(new_cache, indent=1, sort_keys=True) + "\n")
        built.append(b.name)
        say(f"built   {b.name}  ({len(b.editions)} chapters) -> {b.out}")

    for name in sorted(cached):
        say(f"cached  {name}")
    for aud in sorted({b.audience for b in books}):
        folder = out / PUBLISHED[aud]
        if folder.is_dir():
            write(folder / "index.html", root_index(folder, aud))
    write(cache_path, json.dumps(new_cache, indent=1, sort_keys=True) + "\n")
    return SiteResult(sorted(built), sorted(cached), n_pdf, time.perf_counter() - t0, missing)
