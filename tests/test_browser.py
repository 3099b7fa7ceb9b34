"""Rendered reports in a real browser: headless Chromium (Debian's ``chromium`` package).

Renders the fixture report (``tests/fixtures/notebooks/ok.ipynb``: prose, a figure, a table)
in English and Arabic, then opens ``index.html``, ``index.ar.html`` and both reports: no
console errors, every image decoded (``naturalWidth > 0``), Arabic pages ``dir="rtl"``.
Screenshots go to the test's temporary folder, or to ``$GULFSEC_SCREENSHOTS`` if set.

Skips when ``/usr/bin/chromium`` is absent, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, render_cli

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        msg = f"{CHROMIUM} not found: install Debian's chromium package (make browser)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg + " (CI=true: the browser tests must run)")
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    plan = {
        "notebooks": str(FIXTURES),
        "data": str(DATA),
        "timeout": 120,
        "reports": [
            {
                "id": "fixture-en",
                "notebook": "ok.ipynb",
                "parameters": {"lang": "en"},
                "edition": "report",
                "title": "Fixture report",
            },
            {
                "id": "fixture-ar",
                "notebook": "ok.ipynb",
                "parameters": {"lang": "ar"},
                "edition": "report",
                "title": "تقرير الاختبار",
            },
        ],
    }
    (folder / "plan.yml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    out = folder / "out"
    proc = render_cli(folder / "plan.yml", out, "--workers", "2", timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def _open(browser, path: Path, shot: Path) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    info = page.evaluate(
        """() => ({
            dir: document.documentElement.getAttribute("dir"),
            lang: document.documentElement.getAttribute("lang"),
            title: document.title,
            images: Array.from(document.images).map(i => [i.complete, i.naturalWidth]),
            align: (() => { const p = document.querySelector(".jp-RenderedMarkdown p");
                            return p ? getComputedStyle(p).textAlign : null; })(),
        })"""
    )
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert shot.stat().st_size > 10_000, f"blank screenshot {shot}"
    info["errors"] = errors
    return info


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    target = os.environ.get("GULFSEC_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_index_pages_load_cleanly(chromium, site, shots):
    en = _open(chromium, site / "index.html", shots / "index.png")
    ar = _open(chromium, site / "index.ar.html", shots / "index.ar.png")
    for info in (en, ar):
        assert info["errors"] == []
        assert all(ok and width > 0 for ok, width in info["images"])
    assert (en["lang"], en["dir"]) == ("en", "ltr")
    assert (ar["lang"], ar["dir"]) == ("ar", "rtl")
    assert en["title"] == "gulfsec reports"


def test_reports_load_with_images_and_arabic_is_rtl(chromium, site, shots):
    en = _open(chromium, site / "fixture-en" / "fixture-en.html", shots / "report.en.png")
    ar = _open(chromium, site / "fixture-ar" / "fixture-ar.html", shots / "report.ar.png")
    for info in (en, ar):
        assert info["errors"] == []
        assert info["images"], "the report shows its figure"
        assert all(ok and width > 0 for ok, width in info["images"]), info["images"]
    assert en["title"] == "Fixture report" and en["dir"] in (None, "", "ltr")
    assert ar["title"] == "تقرير الاختبار"
    assert (ar["lang"], ar["dir"]) == ("ar", "rtl")
    assert ar["align"] == "right" and en["align"] == "left"
