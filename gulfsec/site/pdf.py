"""PDFs of the books through headless Chromium's printing (Debian's ``chromium``).

Each page is printed with the book's print stylesheet (``static/gulfsec-site.css``: sidebars
and buttons hidden, long code lines wrapped, table rows kept whole, page numbers in the page
margin, right to left for Arabic). No LaTeX: xelatex garbles Arabic code cells, and the
browser already lays out Arabic and mathematics (MathJax, served locally) correctly. JavaScript
runs until the page is idle (``--virtual-time-budget``) so that the mathematics is typeset.

Examples
--------
>>> chromium_command(Path("/tmp/a.html"), Path("/tmp/a.pdf"), Path("/tmp/profile"))[1:3]
['--headless', '--no-sandbox']
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gulfsec.site.course import CourseError

#: Seconds of (virtual) time a page may run scripts before it is printed.
BUDGET_MS = 15000
TIMEOUT_S = 300


def find_chromium() -> str:
    """Path of the Chromium executable (``$GULFSEC_CHROMIUM``, else ``chromium`` on PATH)."""
    exe = os.environ.get("GULFSEC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).is_file():
        raise CourseError(
            "headless Chromium is needed to print the PDFs: install Debian's chromium "
            "(`make browser` as root), or build without PDFs (`gulfsec site --no-pdf`)"
        )
    return exe


def chromium_command(page: Path, pdf: Path, profile: Path, exe: str = "chromium") -> list[str]:
    """The command line that prints ``page`` to ``pdf`` (no network, no header or footer)."""
    return [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        "--run-all-compositor-stages-before-draw",
        f"--virtual-time-budget={BUDGET_MS}",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
    ]


def print_pdf(page: Path, pdf: Path, exe: str | None = None) -> Path:
    """Print one HTML page to a PDF file (written atomically); returns ``pdf``."""
    exe = exe or find_chromium()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    with tempfile.TemporaryDirectory(prefix="gulfsec-chromium-") as profile:
        cmd = chromium_command(page, tmp, Path(profile), exe)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            tmp.unlink(missing_ok=True)
            raise CourseError(f"Chromium took over {TIMEOUT_S} s to print {page}") from None
    if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise CourseError(f"Chromium could not print {page} to PDF:\n{tail}")
    os.replace(tmp, pdf)
    return pdf


def _print_playwright(jobs_list: list[tuple[Path, Path, str]], exe: str) -> list[Path]:
    """Print every job in one browser (Playwright's ``page.pdf``).

    A page may load only files of its own book (the folder it is in): no network, no other
    file of this machine. If Chromium goes away (Ctrl-C reaches it first), the error says so.
    """
    import logging
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import Error, sync_playwright

    from gulfsec.render.files import atomic_write

    # a browser stopped by Ctrl-C leaves futures whose errors asyncio would log at exit
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    def route_for(root: Path):
        def route(r) -> None:
            url = r.request.url
            if url.startswith(("data:", "blob:")):
                return r.continue_()
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path == root or root in path.parents:
                    return r.continue_()
            return r.abort()

        return route

    done = []
    page_path = None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=exe,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                for page_path, pdf, _lang in jobs_list:
                    ctx = browser.new_context()
                    ctx.route("**/*", route_for(page_path.resolve().parent))
                    page = ctx.new_page()
                    page.goto(
                        page_path.resolve().as_uri(), wait_until="load", timeout=TIMEOUT_S * 1000
                    )
                    page.evaluate(MATH_READY)
                    page.emulate_media(media="print")
                    data = page.pdf(prefer_css_page_size=True, print_background=True)
                    ctx.close()
                    atomic_write(pdf, data)
                    done.append(pdf)
            finally:
                browser.close()
    except Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CourseError(f"Chromium stopped while printing {page_path} to PDF ({first})") from None
    return done


# Wait until MathJax (if the page loads it) has typeset the page.
MATH_READY = """() => new Promise(resolve => {
  const t0 = Date.now();
  const tick = () => {
    const mj = window.MathJax;
    if (!document.querySelector('script[src*="mathjax"]')) return resolve(true);
    if (mj && mj.startup && mj.startup.promise) return mj.startup.promise.then(() => resolve(true));
    if (Date.now() - t0 > 20000) return resolve(false);
    setTimeout(tick, 50);
  };
  tick();
})"""


def print_pdfs(jobs_list: list[tuple[Path, Path, str]], jobs: int = 2) -> list[Path]:
    """Print several ``(page, pdf, lang)`` jobs.

    With Playwright installed (the project's test dependencies), one browser prints them all;
    otherwise each page is printed by a ``chromium --print-to-pdf`` run, ``jobs`` at a time.
    """
    exe = find_chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pass
    else:
        return _print_playwright(jobs_list, exe)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(print_pdf, page, pdf, exe) for page, pdf, _ in jobs_list]
        return [f.result() for f in futures]
