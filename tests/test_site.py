"""The course site (``gulfsec site``): books, downloads, PDFs, search, links, no solutions.

A tiny course (``tests/fixtures/course``: a course guide and two notebooks with both
languages, a formula, a long code line, a figure, exercises and solutions) is rendered with
``gulfsec render`` and built into a site once per module; the full course is for
``make site``. Browser checks run in headless Chromium (Debian's ``chromium``) through
Playwright with every request routed: anything that is not a local file fails the test. PDF
checks use poppler (``pdfinfo``, ``pdftotext``, ``pdftoppm``). Both skip with a reason when
the tool is missing, except under ``CI=true``, where they fail.

Only the tests that read the built site are here; those that need a render but not the site
(faults, hostile data) are in ``test_site_faults.py``, and those that need neither in
``test_site_units.py``, so that no one file is the long tail of a two-worker run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import DATA, ROOT, render_cli

COURSE = ROOT / "tests" / "fixtures" / "course"
LIVE_NB = ROOT / "tests" / "fixtures" / "notebooks" / "live.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
BOOKS = [("en", "student"), ("en", "instructor"), ("ar", "student"), ("ar", "instructor")]
SOLUTION_MARKERS = ["FIXTURE-SOLUTION-OUTPUT", "fixture solution says", "حل التمرين", "Solution 1"]
LONG_LINE = '"intractability": 0.10, "note": "FIXTURE_LONG_LINE_END"}'


def _book(site: Path, lang: str, audience: str) -> Path:
    """Where a book is published: students' under ``public/``, teachers' under ``instructor/``."""
    return site / ("public" if audience == "student" else "instructor") / lang


def _need(tool: str) -> None:
    if shutil.which(tool) is None and not Path(tool).exists():
        msg = f"{tool} not found: install it (make browser installs chromium and poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg + " (CI=true: these tests must run)")
        pytest.skip(msg)


def site_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gulfsec.cli", "site", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children: what a run costs,
    which a busy machine does not inflate as it does wall time."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Render the fixture course (8 reports, 4 runs) and build its site with PDFs."""
    _need(str(CHROMIUM))
    folder = tmp_path_factory.mktemp("course")
    reports = []
    for nb in ("00_intro", "01_balance"):
        for lang in ("en", "ar"):
            for edition in ("student", "instructor"):
                reports.append(
                    {
                        "id": f"{nb}-{lang}-{edition}",
                        "notebook": f"{nb}.ipynb",
                        "parameters": {"lang": lang},
                        "edition": edition,
                        "title": f"{nb} {lang} {edition}",
                    }
                )
    # the Arabic chapter as a report page too (the same execution: no extra kernel), for the
    # report / book / PDF reading-order test
    reports.append(
        {
            "id": "01_balance-ar-report",
            "notebook": "01_balance.ipynb",
            "parameters": {"lang": "ar"},
            "edition": "report",
            "title": "01 ar report",
        }
    )
    plan = {"notebooks": str(COURSE), "data": str(DATA), "timeout": 120, "reports": reports}
    (folder / "plan.yml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    out = folder / "reports"
    proc = render_cli(folder / "plan.yml", out, "--workers", "2", timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = folder / "site"
    # PDFs for the student books only (printing is the slow part; the instructor books take
    # the same path and are built here without them)
    student = ("--reports", str(out), "--out", str(site), "--audience", "student")
    instructor = ("--reports", str(out), "--out", str(site), "--audience", "instructor", "--no-pdf")
    t = _children_cpu()
    first = site_cli(*student, "--jobs", "2")
    assert first.returncode == 0, first.stdout + first.stderr
    first_i = site_cli(*instructor, "--jobs", "2")
    assert first_i.returncode == 0, first_i.stdout + first_i.stderr
    first_s = _children_cpu() - t
    t = _children_cpu()
    second = site_cli(*student)
    second_s = _children_cpu() - t
    second_i = site_cli(*instructor)
    assert second_i.returncode == 0 and "1 book(s) built" not in second_i.stdout, second_i.stdout
    return {
        "site": site,
        "reports": out,
        "first": first,
        "second": second,
        "seconds": (first_s, second_s),
    }


# ----------------------------------------------------------------------- build and cache


def test_four_books_with_chapters_glossary_and_downloads(built):
    site = built["site"]
    for lang, aud in BOOKS:
        book = _book(site, lang, aud)
        for page in ("index.html", "00_intro.html", "01_balance.html", "glossary.html"):
            assert (book / page).is_file(), f"{lang}/{aud}/{page} missing"
        dl = book / "downloads"
        names = sorted(p.name for p in dl.iterdir())
        expected = [
            "CITATION.cff",
            "gulfsec-data.zip",
            f"00_intro-{lang}-{aud}.ipynb",
            f"01_balance-{lang}-{aud}.ipynb",
        ]
        if aud == "student":  # the instructor books are built with --no-pdf here
            expected += [
                f"gulfsec-course-{lang}-{aud}.pdf",
                f"00_intro-{lang}-{aud}.pdf",
                f"01_balance-{lang}-{aud}.pdf",
            ]
        assert names == sorted(expected), names
        nb = json.loads((dl / f"00_intro-{lang}-{aud}.ipynb").read_text(encoding="utf-8"))
        tags = {t for c in nb["cells"] for t in c["metadata"].get("tags", [])}
        assert f"lang-{'ar' if lang == 'en' else 'en'}" not in tags  # language-filtered
        assert ("solution" in tags) == (aud == "instructor")
    index = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in index and 'href="ar/index.html"' in index
    assert "instructor" not in index.lower()  # the student root links students' books only
    assert sorted(p.name for p in (site / "public").iterdir()) == ["ar", "en", "index.html"]


def test_book_figures_carry_their_outputs_description(built):
    # myst-nb writes an output's image with its file name as alt; the books' extension gives
    # it the description the notebook output carries, as the report pages do
    alts = {"en": "FIXTURE-ALT two bars", "ar": "FIXTURE-ALT عمودان"}
    for lang, aud in BOOKS:
        page = (_book(built["site"], lang, aud) / "01_balance.html").read_text(encoding="utf-8")
        assert f'alt="{alts[lang]}"' in page, (lang, aud)
    report = built["reports"] / "01_balance-ar-report" / "01_balance-ar-report.html"
    assert f'alt="{alts["ar"]}"' in report.read_text(encoding="utf-8")


def test_course_order_and_landing_page(built):
    page = (built["site"] / "public" / "en" / "index.html").read_text(encoding="utf-8")
    assert page.index("00_intro.html") < page.index("01_balance.html")
    for text in ("Who it is for", "How to run it", "al-Shammari", "CITATION.cff", "5 minutes"):
        assert text in page, text
    ar = (built["site"] / "public" / "ar" / "index.html").read_text(encoding="utf-8")
    assert "لمن هذا المقرر" in ar and "نحو خمس دقائق" in ar


def test_glossary_in_both_languages_links_the_chapter(built):
    en = (built["site"] / "public" / "en" / "glossary.html").read_text(encoding="utf-8")
    ar = (built["site"] / "public" / "ar" / "glossary.html").read_text(encoding="utf-8")
    assert "balance of power" in en and "توازن القوى" in en
    assert "توازن القوى" in ar and "الأمن الإقليمي" in ar
    assert re.search(r'href="01_balance.html"', ar)


def test_second_run_is_cached_and_fast(built):
    second = built["second"]
    assert second.returncode == 0, second.stderr
    assert "0 book(s) built, 2 unchanged, 0 PDF(s)" in second.stdout, second.stdout
    assert built["seconds"][1] < 5, built["seconds"]  # CPU seconds of the cached run


def test_a_changed_render_makes_only_its_book_stale(built, tmp_path):
    site = built["site"]
    manifest_path = built["reports"] / "manifest.json"
    reports = tmp_path / "reports"
    shutil.copytree(built["reports"], reports)
    m = json.loads(manifest_path.read_text(encoding="utf-8"))
    for e in m["reports"]:
        if e["id"] == "01_balance-ar-student":
            e["key"] = "changed"
    (reports / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    proc = site_cli(
        "--reports", str(reports), "--out", str(site), "--dry-run", "--audience", "student"
    )
    assert proc.returncode == 0, proc.stderr
    assert "stale   ar-student" in proc.stdout
    assert "1 book(s) out of date, 1 unchanged" in proc.stdout, proc.stdout


def test_missing_render_is_a_clear_error(tmp_path):
    proc = site_cli("--reports", str(tmp_path), "--out", str(tmp_path / "site"))
    assert proc.returncode == 2
    assert "manifest.json not found" in proc.stderr and "Traceback" not in proc.stderr


# ----------------------------------------------------------------------- no solutions


def test_student_books_contain_no_solution_anywhere(built):
    from gulfsec.site.audit import find_leaks, solution_snippets

    snippets = solution_snippets([COURSE / "00_intro.ipynb", COURSE / "01_balance.ipynb"])
    assert snippets
    for lang in ("en", "ar"):
        student = built["site"] / "public" / lang
        assert find_leaks(student, snippets, skip=("_static",)) == []
        for f in student.rglob("*"):
            if f.is_file() and f.suffix != ".pdf":
                data = f.read_bytes()
                for marker in SOLUTION_MARKERS:
                    assert marker.encode() not in data, f"{marker!r} in {f}"
        if shutil.which("pdftotext"):
            for pdf in student.glob("downloads/*.pdf"):
                text = _pdftotext(pdf)
                for marker in SOLUTION_MARKERS:
                    assert marker not in text, f"{marker!r} in {pdf}"
        # the instructor book of the same language does have them (the check can fail)
        instructor = built["site"] / "instructor" / lang
        assert find_leaks(instructor, snippets, skip=("_static",))
        assert "FIXTURE-SOLUTION-OUTPUT" in (instructor / "00_intro.html").read_text("utf-8")


# ----------------------------------------------------------------------- links, offline


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for attr in ("href", "src"):
            if a.get(attr):
                self.refs.append((tag, attr, a[attr]))


def _broken_links(site: Path) -> tuple[list[str], list[str]]:
    """Internal targets that do not exist; external resources (loaded, not just linked)."""
    broken, external = [], []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).parts
        if rel[0] == ".build" or "_static" in rel:  # work files; the theme's template macros
            continue
        p = _Refs()
        p.feed(page.read_text(encoding="utf-8"))
        for tag, attr, ref in p.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https") or ref.startswith("//"):
                if not (tag == "a" and attr == "href"):
                    external.append(f"{page.relative_to(site)}: <{tag} {attr}={ref}>")
                continue
            if parts.scheme in ("mailto", "data", "javascript") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {ref}")
    return broken, external


def test_every_internal_link_resolves_and_nothing_external_is_loaded(built):
    broken, external = _broken_links(built["site"])
    assert broken == [], broken[:20]
    assert external == [], external[:20]


def test_no_cdn_in_pages_or_scripts(built):
    site = built["site"]
    for page in site.glob("*/*/*.html"):
        text = page.read_text(encoding="utf-8")
        assert "cdn." not in text.lower(), page
        assert "require.js" not in text and "fonts.googleapis" not in text, page
    assert list(site.glob("*/*/_static/mathjax/tex-svg.js"))  # MathJax served locally


# ----------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    _need(str(CHROMIUM))
    from playwright.sync_api import sync_playwright

    from gulfsec.site.pdf import chromium_command  # noqa: F401  (same browser as the PDFs)

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def served(built):
    """The student site over HTTP on localhost, as it is published: ``public/`` (search fetches
    pages: no file://)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(built["site"] / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _page(browser, url: str, outside: list[str], errors: list[str]):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r):
        u = r.request.url
        if u.startswith(("file://", "data:", "blob:")) or urlsplit(u).hostname in (
            "localhost",
            "127.0.0.1",
        ):
            r.continue_()
        else:
            outside.append(u)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(f"{url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
    page.goto(url)
    page.wait_for_load_state("load")
    return ctx, page


def test_student_books_in_the_browser(served, browser, tmp_path):
    outside: list[str] = []
    errors: list[str] = []
    for lang in ("en", "ar"):
        # a landing page, a chapter, the glossary (search and 01 are opened by the tests below)
        for name in ("index", "00_intro", "glossary"):
            url = f"{served}/{lang}/{name}.html"
            ctx, page = _page(browser, url, outside, errors)
            page.wait_for_timeout(150)
            d = page.evaluate("document.documentElement.getAttribute('dir')")
            assert d == ("rtl" if lang == "ar" else "ltr"), (url, d)
            assert page.evaluate("document.documentElement.lang") == lang
            if name == "00_intro":
                # code runs left to right, isolated, inside the Arabic page
                pre = page.evaluate(
                    "(() => { const s = getComputedStyle(document.querySelector('div.cell_input pre'));"
                    " return [s.direction, s.unicodeBidi]; })()"
                )
                assert pre == ["ltr", "isolate"], pre
                page.wait_for_function("document.querySelector('mjx-container svg') !== null")
                page.screenshot(path=str(tmp_path / f"{lang}-00.png"))
            ctx.close()
    assert outside == [], outside
    assert errors == [], errors


def test_arabic_search_finds_the_chapter(served, browser):
    outside: list[str] = []
    errors: list[str] = []
    search = f"{served}/ar/search.html"
    for query in ("توازن القوى", "بتوازنِ القوى"):  # a prefix and a diacritic do not matter
        ctx, page = _page(browser, f"{search}?q={query}", outside, errors)
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
        )
        assert any(h.startswith("01_balance.html") for h in hrefs), (query, hrefs)
        assert not any(h.startswith("00_intro.html") for h in hrefs), (query, hrefs)
        ctx.close()
    assert outside == [] and errors == [], (outside, errors)


def test_language_switch_goes_to_the_same_chapter(built, browser):
    outside: list[str] = []
    errors: list[str] = []
    site = built["site"]
    for lang, other in (("en", "ar"), ("ar", "en")):
        ctx, page = _page(
            browser, (site / "public" / lang / "01_balance.html").as_uri(), outside, errors
        )
        page.click("a.gulfsec-lang-switch")
        page.wait_for_load_state("load")
        assert page.url.endswith(f"/public/{other}/01_balance.html"), page.url
        ctx.close()
    assert outside == [] and errors == [], (outside, errors)


# ----------------------------------------------------------------------- PDFs


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def test_pdfs_pages_arabic_text_and_unclipped_code(built, tmp_path):
    _need("pdftoppm")
    dl = built["site"] / "public" / "ar" / "downloads"
    chapter = dl / "00_intro-ar-student.pdf"
    course = dl / "gulfsec-course-ar-student.pdf"
    n_chapter, n_course = _pages(chapter), _pages(course)
    assert 1 <= n_chapter <= 4, n_chapter
    assert n_course > n_chapter  # landing page, both chapters, glossary
    text = _pdftotext(chapter)
    assert "دفتر تجريبي" in text  # (pdftotext splits the lam-alef ligature: avoid it here)
    assert re.search("[\u0600-\u06ff]{4,}", text)
    # pdftotext reorders the closing punctuation of a left-to-right line inside a right-to-left
    # page (and adds bidi marks), so the Arabic PDF is checked for the line's last tokens, the
    # English one for the whole line
    ar = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)
    assert '"intractability": 0.10, "note": "FIXTURE_LONG_LINE_END' in ar, "code clipped"
    en = _pdftotext(built["site"] / "public" / "en" / "downloads" / "00_intro-en-student.pdf")
    assert re.sub(r"\s+", "", LONG_LINE) in re.sub(r"\s+", "", en)
    assert "1" in _pdftotext(chapter).split("\f")[0].strip().splitlines()[-1]  # page number
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(course), str(tmp_path / "p")],
        check=True,
    )
    from PIL import Image

    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 2
    for png in pngs:
        lo, hi = Image.open(png).convert("L").getextrema()
        assert hi - lo > 100, f"{png} is blank"


# ----------------------------------------------------------------------- what may be published


def _variant(built, tmp_path: Path, *, data: Path | None = None, notebooks: Path | None = None):
    """A copy of the render whose plan points at another data or notebooks folder."""
    reports = tmp_path / "reports"
    shutil.copytree(built["reports"], reports)
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    plan = yaml.safe_load(Path(manifest["plan"]).read_text(encoding="utf-8"))
    plan["data"] = str(data or DATA)
    plan["notebooks"] = str(notebooks or COURSE)
    path = tmp_path / "plan.yml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    manifest["plan"] = str(path)
    (reports / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return reports


def _published_texts(folder: Path):
    """``(file, text)`` for every file of a published folder, from its bytes: PDFs through
    ``pdftotext``, zips member by member (notebooks and all)."""
    import zipfile

    for f in sorted(folder.rglob("*")):
        if not f.is_file():
            continue
        rel = f.relative_to(folder).as_posix()
        if f.suffix == ".pdf":
            yield rel, _pdftotext(f)
        elif f.suffix == ".zip":
            with zipfile.ZipFile(f) as zf:
                for name in zf.namelist():
                    yield f"{rel}:{name}", zf.read(name).decode("utf-8", "replace")
        else:
            yield rel, f.read_bytes().decode("utf-8", "replace")


def test_public_folder_holds_nothing_students_may_not_see(built):
    """The student site is ``public/``, copied whole: no executed instructor notebook, no
    solution (text or figure), no instructor-only text, no review record, in any file."""
    _need("pdftotext")
    from gulfsec.i18n import label
    from gulfsec.site.audit import (
        find_leaks,
        private_snippets,
        solution_images,
        solution_snippets,
        words,
    )
    from gulfsec.site.publish import data_files

    site = built["site"]
    public = site / "public"
    outside_build = [p for p in site.rglob("jupyter_execute") if ".build" not in p.parts]
    assert outside_build == [], outside_build
    assert not [p for p in public.rglob("*") if "instructor" in p.name], "instructor files"
    sources = [COURSE / "00_intro.ipynb", COURSE / "01_balance.ipynb"]
    executed = sorted(built["reports"].glob("*-instructor/*.ipynb"))
    snippets = solution_snippets(sources)
    data_text = [DATA / rel for rel in data_files(DATA)]  # published: the review may quote them
    private = private_snippets(DATA / "REVIEW.md", data_text)
    assert snippets and private and solution_images(executed)  # the checks can find something
    assert find_leaks(public, snippets + private, images=solution_images(executed)) == []
    review_lines = [(DATA / "REVIEW.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")]
    notices = [label("site.audience_note.instructor", lang) for lang in ("en", "ar")]
    n_files = 0
    for rel, text in _published_texts(public):
        n_files += 1
        flat = " ".join(text.split())
        for marker in SOLUTION_MARKERS + notices + review_lines:
            assert marker not in flat, f"{marker[:40]!r} in {rel}"
        assert "REVIEW.md" not in rel, rel
        w = words(text)
        assert not [s for s in snippets + private if s in w], rel
    assert n_files > 50, n_files
    # nor the build machine's folders: a relative link printed to PDF became file:///…/.build/…
    where = [str(site).encode(), b"file://"]
    for f in sorted(public.rglob("*")):
        if f.is_file():
            raw = f.read_bytes()
            assert not [w for w in where if w in raw], f.relative_to(public).as_posix()
    # and the instructor books, published apart, do have the solutions (the check can fail)
    assert "FIXTURE-SOLUTION-OUTPUT" in (site / "instructor" / "en" / "00_intro.html").read_text()


# ----------------------------------------------------------------------- faults


def test_a_mistyped_solution_tag_stops_the_site(built, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    nb = json.loads((course / "01_balance.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "solution" in c["metadata"].get("tags", []))
    cell["metadata"]["tags"] = [t.replace("solution", "solutoin") for t in cell["metadata"]["tags"]]
    (course / "01_balance.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    reports = _variant(built, tmp_path, notebooks=course)
    proc = site_cli("--reports", str(reports), "--out", str(tmp_path / "site"), "--no-pdf")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "01_balance.ipynb, cell" in proc.stderr and "'solutoin'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "site" / "public").exists()


def test_the_site_recovers_from_a_broken_build_and_damaged_pages(built, tmp_path):
    """N12: after a full disk (0-byte Sphinx environment and pages), the next run rebuilds."""
    site = tmp_path / "site"
    shutil.copytree(built["site"], site)
    work = site / ".build" / "en-student"
    for f in list((work / "doctrees").rglob("*")) + list((work / "html").rglob("*")):
        if f.is_file():
            f.write_bytes(b"")
    page = site / "public" / "en" / "00_intro.html"
    page.write_bytes(b"")
    args = ("--reports", str(built["reports"]), "--out", str(site), "--lang", "en")
    proc = site_cli(*args, "--audience", "student", "--no-pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert b"Fixture intro" in page.read_bytes()
    assert "Traceback" not in proc.stderr
    proc = site_cli(*args, "--audience", "student", "--force", "--no-pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 book(s) built" in proc.stdout


def test_a_damaged_published_page_is_repaired_without_sphinx(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built["site"], site)
    page = site / "public" / "ar" / "glossary.html"
    good = page.read_bytes()
    page.write_bytes(b"<h1>HACKED</h1>")
    (site / "public" / "ar" / "_images" / "evil.png").parent.mkdir(exist_ok=True)
    (site / "public" / "ar" / "_images" / "evil.png").write_bytes(b"x")
    proc = site_cli("--reports", str(built["reports"]), "--out", str(site), "--audience", "student")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "repaired ar-student" in proc.stdout and "sphinx" not in proc.stdout
    assert page.read_bytes() == good
    assert not (site / "public" / "ar" / "_images" / "evil.png").exists()


def test_a_second_site_build_is_refused(built, tmp_path):
    from filelock import FileLock

    site = tmp_path / "site"
    (site / ".build").mkdir(parents=True)
    with FileLock(str(site / ".build" / ".site.lock")):
        proc = site_cli("--reports", str(built["reports"]), "--out", str(site), "--no-pdf")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "another gulfsec site is building" in proc.stderr
    assert not (site / "public").exists()


# ----------------------------------------------------------------------- one edition, three pages

ORDERED = ("(1/HHI)", "1971–2024")  # in the Arabic prose of 01_balance
_CONTROL = """() => { const p = document.createElement('p'); p.id = 'control';
  p.setAttribute('dir', 'rtl');
  p.textContent = 'يعدّ مقلوب المؤشر (1/HHI) في الفترة 1971–2024.';
  document.body.appendChild(p); }"""


def _pdf_words(pdf: Path) -> list[str]:
    """The words of a PDF with their characters in visual (left-to-right) order, isolation
    marks dropped (``pdftotext -bbox`` orders each word's glyphs by position)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        w.replace("\u2066", "").replace("\u2069", "") for w in re.findall(r">([^<]+)</word>", out)
    ]


def test_the_arabic_chapter_reads_in_logical_order_as_report_book_and_pdf(built, browser, tmp_path):
    """The same Arabic chapter, as its report page (nbconvert), its book page (Sphinx) and its
    PDF, shows «(1/HHI)» and «1971–2024» left to right: the isolation is in the edition."""
    _need("pdftotext")
    from test_browser import _GLYPH_LEFTS

    report = built["reports"] / "01_balance-ar-report" / "01_balance-ar-report.html"
    book = built["site"] / "public" / "ar" / "01_balance.html"
    outside: list[str] = []
    errors: list[str] = []
    for path in (report, book):
        ctx, page = _page(browser, path.as_uri(), outside, errors)
        assert page.evaluate("document.documentElement.getAttribute('dir')") == "rtl", path
        for text in ORDERED:
            glyphs = page.evaluate(_GLYPH_LEFTS, ["p", text])
            assert glyphs, f"{text!r} not in {path.name}"
            assert "".join(ch for ch, _ in glyphs) == text.replace(" ", "")
            xs = [x for _, x in glyphs]
            assert xs == sorted(xs), (path.name, sorted(glyphs, key=lambda g: g[1]))
        # the check can fail: the same sentence without isolation is scrambled on this page
        page.evaluate(_CONTROL)
        xs = [x for _, x in page.evaluate(_GLYPH_LEFTS, ["#control", "(1/HHI)"])]
        assert xs != sorted(xs), "without isolation (1/HHI) should read (HHI/1)"
        ctx.close()
    assert outside == [] and errors == [], (outside, errors)
    pdf = built["site"] / "public" / "ar" / "downloads" / "01_balance-ar-student.pdf"
    words = _pdf_words(pdf)
    for text in ORDERED:
        assert any(text in w for w in words), (text, [w for w in words if "HHI" in w or "19" in w])
    # the check can fail: a PDF of the sentence without isolation, printed by the same browser
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"></head><body>'
        "<p>يعدّ مقلوب المؤشر (1/HHI) في الفترة 1971–2024.</p></body></html>",
        encoding="utf-8",
    )
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(control.as_uri())
    page.emulate_media(media="print")
    (tmp_path / "control.pdf").write_bytes(page.pdf(print_background=True))
    ctx.close()
    scrambled = _pdf_words(tmp_path / "control.pdf")
    assert not any(text in w for w in scrambled for text in ORDERED), scrambled
