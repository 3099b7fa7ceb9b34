"""Rendered reports in a real browser: headless Chromium (Debian's ``chromium`` package).

Renders the fixture reports (``tests/fixtures/notebooks/ok.ipynb``: prose, a figure, a table;
``arabic.ipynb``: formulas, signed numbers and a range in prose and code, a glossary table, a
gulfsec figure, a validation message) in English and Arabic, then opens ``index.html``,
``index.ar.html`` and the reports: no console errors, every image decoded
(``naturalWidth > 0``), Arabic pages ``dir="rtl"``; in the Arabic report formulas read in
their logical order on the page (glyph positions, ``Range.getBoundingClientRect``), tables
show whole text without a 0-based index, figures carry an Arabic ``alt``, and no English
sentence stands outside code.
Screenshots go to the test's temporary folder, or to ``$GULFSEC_SCREENSHOTS`` if set.

Skips when ``/usr/bin/chromium`` is absent, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import DATA, LATIN_NAMES, ROOT, render_cli

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
#: The paragraphs of a page's prose (its markdown cells; not the outputs of code cells).
PROSE = "main p:not(div.cell p)"


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
            {
                "id": "arabic-en",
                "notebook": "arabic.ipynb",
                "parameters": {"lang": "en"},
                "edition": "report",
                "title": "Formulas, tables and figures",
            },
            {
                "id": "arabic-ar",
                "notebook": "arabic.ipynb",
                "parameters": {"lang": "ar"},
                "edition": "report",
                "title": "الصيغ والجداول والأشكال",
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
        """(prose) => ({
            dir: document.documentElement.getAttribute("dir"),
            lang: document.documentElement.getAttribute("lang"),
            title: document.title,
            images: Array.from(document.images).map(i => [i.complete, i.naturalWidth]),
            align: (() => { const p = document.querySelector(prose);
                            return p ? getComputedStyle(p).textAlign : null; })(),
        })""",
        PROSE,
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
    # prose on the reading side (an English page is left to right: "start" is its left)
    assert ar["align"] == "right" and en["align"] in ("left", "start")


# --- Arabic reports that read right (issue 12) ---------------------------------------------

ARABIC = re.compile(r"[\u0621-\u064A]")
DEFAULT_ALT = "No description has been provided for this image"
# Elements whose text is not prose: code and math (left to right by design; printed output
# is prose), and titles of
# works in references (italic, as citation styles set them: proper names).
NOT_PROSE = ["code", "kbd", "samp", "var", "script", "style", "em", "i", "cite"]
# A sentence: five or more Latin words in a row, with nothing Arabic (and no digit) between.
LATIN_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:()/–-]+[A-Za-z][A-Za-z'’-]*){4,}")


def english_sentences(html: str) -> list[str]:
    """Runs of five or more Latin words in the prose, tables and outputs of a page (not in
    code, math, image descriptions or titles of works; proper names allowed)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(NOT_PROSE):
        tag.decompose()
    for tag in soup.select("math, .literal, div.cell_input"):  # formulas, inline code, code
        tag.decompose()
    text = soup.get_text(" ")
    for name in LATIN_NAMES:  # English in every language (conftest)
        text = text.replace(name, " ")
    return LATIN_SENTENCE.findall(text)


def cut_cells(html: str) -> list[str]:
    """Table cells whose text ends cut ("…" or "...")."""
    from bs4 import BeautifulSoup

    cells = BeautifulSoup(html, "html.parser").select("td, th")
    return [c.get_text() for c in cells if c.get_text().rstrip().endswith(("…", "..."))]


def range_index_tables(html: str) -> int:
    """Tables whose row headers are the meaningless 0, 1, 2, ... of a pandas RangeIndex."""
    from bs4 import BeautifulSoup

    n = 0
    for table in BeautifulSoup(html, "html.parser").select("table"):
        heads = [tr.find("th") for tr in table.select("tbody tr")]
        texts = [h.get_text().strip() for h in heads if h is not None]
        n += bool(texts) and texts == [str(i) for i in range(len(texts))]
    return n


def figure_alts(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    imgs = BeautifulSoup(html, "html.parser").select("img")
    return [img.get("alt", "") for img in imgs]


def _report(site: Path, rid: str) -> str:
    return (site / rid / f"{rid}.html").read_text(encoding="utf-8")


def test_reports_show_whole_tables_and_describe_figures(site):
    for rid in ("fixture-en", "fixture-ar", "arabic-en", "arabic-ar"):
        html = _report(site, rid)
        assert cut_cells(html) == [], rid
        assert range_index_tables(html) == 0, rid
        alts = figure_alts(html)
        assert alts and DEFAULT_ALT not in html, rid
        assert all(a.strip() for a in alts), rid
        if rid.endswith("-ar"):
            assert all(ARABIC.search(a) for a in alts), alts
        else:
            assert not any(ARABIC.search(a) for a in alts), alts
    # the glossary's long definitions are shown whole (pandas cut them at 50 characters)
    html = _report(site, "arabic-ar")
    import gulfsec

    for text in gulfsec.load().glossary.loc[["regional_security", "hhi"], "definition_ar"]:
        assert text in html.replace("\u2066", "").replace("\u2069", "")
    # the validation message reads in Arabic
    assert "أكبر من الحد الأعلى" in html and "above the maximum" not in html


def test_arabic_reports_have_no_english_sentence_outside_code(site):
    assert english_sentences(_report(site, "arabic-en")), "the check finds English sentences"
    for rid in ("fixture-ar", "arabic-ar"):
        assert english_sentences(_report(site, rid)) == [], rid


def test_arabic_prose_of_every_notebook_has_no_english_sentence():
    # every Arabic edition's prose as the renderer writes it (markdown cells; outputs are
    # checked on the fixture reports above, and those of every notebook's Arabic run by
    # conftest.english_in_outputs in tests/test_nb_*.py)
    import nbformat

    from gulfsec.render.editions import make_edition
    from gulfsec.render.html import to_html

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if c.cell_type == "markdown"]
        html = to_html(make_edition(nb, "instructor", "ar", path.stem), "instructor", "ar", "t")
        assert english_sentences(html) == [], path.name


# Each entry: where to look, the text as written, and the characters that must appear left to
# right on the page in this order.
LOGICAL_ORDER = [
    (PROSE, "(1/HHI)", "(1/HHI)"),
    (f"{PROSE} .literal", "-9", "-9"),  # inline code
    (f"{PROSE} .literal", ".loc", ".loc"),
    (PROSE, "−2", "−2"),
    (PROSE, "+1", "+1"),
    (PROSE, "1971–2024", "1971–2024"),
    (PROSE, "A = 0.75 / 1.2 = 0.625", "A=0.75/1.2=0.625"),
    ("td", "(1/HHI)", "(1/HHI)"),  # a data cell: the glossary's definition
]
_GLYPH_LEFTS = """([selector, text]) => {
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const at = node.data.indexOf(text);
      if (at < 0) continue;
      const out = [];
      for (let i = at; i < at + text.length; i++) {
        if (node.data[i] === " ") continue;
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        out.push([node.data[i], r.getBoundingClientRect().left]);
      }
      return out;
    }
  }
  return null;
}"""


def _lefts(page, selector: str, text: str) -> list:
    found = page.evaluate(_GLYPH_LEFTS, [selector, text])
    assert found, f"{text!r} not found in {selector}"
    return found


def test_arabic_formulas_read_in_logical_order_on_the_page(chromium, site, shots):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto((site / "arabic-ar" / "arabic-ar.html").as_uri())
    page.wait_for_load_state("load")
    for selector, text, order in LOGICAL_ORDER:
        glyphs = _lefts(page, selector, text)
        assert "".join(ch for ch, _ in glyphs) == order
        xs = [x for _, x in glyphs]
        assert xs == sorted(xs), (
            f"{text!r} in {selector} reads {sorted(glyphs, key=lambda g: g[1])}"
        )
    # formulas (MathML) are isolated left-to-right units, laid out left to right: N = 1/H
    formulas = page.evaluate(
        """() => Array.from(document.querySelectorAll('math')).map(m => [
            getComputedStyle(m).direction, getComputedStyle(m).unicodeBidi,
            Array.from(m.children).map(c => [c.textContent, c.getBoundingClientRect().left])])"""
    )
    assert formulas, "the page shows its formula"
    for direction, bidi, children in formulas:
        assert (direction, bidi) == ("ltr", "isolate")
        xs = [x for _, x in children]
        assert xs == sorted(xs), children
    assert ["N", "=", "1", "/", "H"] in [[t for t, _ in c] for _, _, c in formulas]
    # the check can fail: the same sentence without isolation is scrambled in this page
    page.evaluate(
        """() => { const p = document.createElement('p'); p.id = 'control';
                   p.textContent = 'مقلوب المؤشر (1/HHI) في';
                   document.querySelector('main').appendChild(p); }"""
    )
    xs = [x for _, x in _lefts(page, "#control", "(1/HHI)")]
    assert xs != sorted(xs), "without isolation (1/HHI) should read (HHI/1)"
    page.screenshot(path=str(shots / "arabic.ar.png"), full_page=True)
    page.close()
