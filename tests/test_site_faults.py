"""Faults and hostile input of ``gulfsec site``: a killed build, a corrupt rendered notebook,
hostile text in the data (issue 23: N1-N3, N10).

Split from ``test_site.py``: these tests need a render of the fixture course but not the built
site, so they render only its English editions (two notebook runs, with ``--workers 2``) once per
module instead of waiting for the whole site with its PDFs, and the two files run side by side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, render_cli
from test_site import COURSE, _need, _page, _variant, browser, site_cli  # noqa: F401

pytestmark = pytest.mark.slow  # renders notebooks, builds books, opens a browser


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The English student and instructor editions of the fixture course (two notebook runs)."""
    folder = tmp_path_factory.mktemp("course-en")
    reports = [
        {
            "id": f"{nb}-en-{edition}",
            "notebook": f"{nb}.ipynb",
            "parameters": {"lang": "en"},
            "edition": edition,
            "title": f"{nb} en {edition}",
        }
        for nb in ("00_intro", "01_balance")
        for edition in ("student", "instructor")
    ]
    plan = {"notebooks": str(COURSE), "data": str(DATA), "timeout": 120, "reports": reports}
    (folder / "plan.yml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    out = folder / "reports"
    proc = render_cli(folder / "plan.yml", out, "--workers", "2", timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"reports": out}


HOSTILE = {
    "term_en": ' <img src=x onerror="window.__pwned=1">',
    "definition_en": (
        "<script>window.__pwned=2</script> [click](javascript:window.__pwned=3) "
        '<a href="javascript:window.__pwned=4">raw</a> <iframe src="javascript:parent.__pwned=5">'
        "</iframe> $\\href{javascript:window.__pwned=6}{m}$ {download}`s <SECRET_PATH>` "
        '![leak](SECRET_IMG) <iframe src="file://SECRET_PATH"></iframe> {eval-rst}`x` '
        "```{raw} html\n<script>window.__pwned=7</script>\n``` "
        "\\(\\href{javascript:window.__pwned=8}{n}\\) "
        "HOSTILE-END"
    ),
}


def test_text_from_the_data_is_text_in_every_page(
    rendered,
    tmp_path,
    browser,  # noqa: F811
):
    """N1, N2, N3: hostile glossary rows are shown as text, nothing of the build machine is
    published, and the data zip holds only what the data package declares."""
    import csv
    import zipfile

    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "SECRET.txt").write_text("TOPSECRET-7731", encoding="utf-8")
    shutil.copy(COURSE.parent / "notebooks" / "ok.ipynb", secret / "not-an-image.png")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "glossary.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows[0]["term_en"] += HOSTILE["term_en"]
    rows[1]["definition_en"] = (
        HOSTILE["definition_en"]
        .replace("SECRET_PATH", str(secret / "SECRET.txt"))
        .replace("SECRET_IMG", str(secret / "not-an-image.png"))
    )
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (data / ".env").write_text("API_KEY=TOPSECRET-7731", encoding="utf-8")
    (data / ".git").mkdir()
    (data / ".git" / "config").write_text("url=https://user:TOPSECRET-7731@x", encoding="utf-8")
    (data / "notes.txt").symlink_to(secret / "SECRET.txt")
    reports = _variant(rendered, tmp_path, data=data)
    site = tmp_path / "site"
    args = ("--reports", str(reports), "--out", str(site), "--lang", "en")
    proc = site_cli(*args, "--audience", "student", "--no-pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for f in site.rglob("*"):
        if f.is_file():
            assert b"TOPSECRET" not in f.read_bytes(), f
            assert f.name not in ("SECRET.txt", "not-an-image.png"), f
    page = (site / "public" / "en" / "glossary.html").read_text(encoding="utf-8")
    assert "HOSTILE-END" in page
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in page  # shown, as text
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    assert not [t for t in soup.find_all("script") if "__pwned" in t.get_text()]
    assert not soup.find_all(attrs={"onerror": True}) and not soup.find_all("iframe")
    assert not [a for a in soup.find_all("a") if "javascript" in (a.get("href") or "")]
    members = zipfile.ZipFile(site / "public" / "en" / "downloads" / "gulfsec-data.zip").namelist()
    assert "gulfsec-data/datapackage.json" in members and "gulfsec-data/glossary.csv" in members
    for name in members:
        assert not any(p.startswith(".") for p in name.split("/")), name
        assert name not in ("gulfsec-data/notes.txt", "gulfsec-data/REVIEW.md"), name
    # in the browser: nothing runs, no link or math link leads to script
    outside: list[str] = []
    errors: list[str] = []
    ctx, pg = _page(browser, (site / "public" / "en" / "glossary.html").as_uri(), outside, errors)
    from gulfsec.site.pdf import MATH_READY

    pg.evaluate(MATH_READY)  # MathJax has typeset the page (it would make \\href a link)
    pg.wait_for_timeout(300)
    assert pg.evaluate("window.__pwned === undefined")
    hrefs = pg.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "file:"))]
    ctx.close()


def test_a_corrupt_rendered_notebook_is_a_clear_error(rendered, tmp_path):
    reports = _variant(rendered, tmp_path)
    bad = reports / "00_intro-en-student" / "00_intro-en-student.ipynb"
    bad.write_text('{"cells": [', encoding="utf-8")
    proc = site_cli(
        "--reports", str(reports), "--out", str(tmp_path / "site"), "--no-pdf", "--lang", "en"
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "00_intro-en-student.ipynb: not a readable notebook" in proc.stderr
    assert "Traceback" not in proc.stderr


def _sphinx_pids(marker: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if "gulfsec.site._sphinx_run" in cmd and marker in cmd:
            pids.append(int(d.name))
    return pids


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_killing_the_site_stops_sphinx(rendered, tmp_path, sig):
    """N10: SIGTERM (cron's timeout) or SIGKILL of ``gulfsec site`` leaves no Sphinx running."""
    import signal

    site = tmp_path / "site"
    cmd = [sys.executable, "-m", "gulfsec.cli", "site", "--reports", str(rendered["reports"])]
    # one book (the English students'): what is killed and then rebuilt is one Sphinx build
    cmd += ["--out", str(site), "--force", "--no-pdf", "--jobs", "1", "--lang", "en"]
    cmd += ["--audience", "student"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not _sphinx_pids(str(site)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _sphinx_pids(str(site)), "Sphinx never started"
        proc.send_signal(getattr(signal, sig))
        rc = proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _sphinx_pids(str(site)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _sphinx_pids(str(site)) == [], "Sphinx left running"
        if sig == "SIGTERM":
            assert rc == 143, proc.stderr.read().decode()
            assert b"Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _sphinx_pids(str(site)):
            os.kill(pid, 9)
    # and the next run builds (nothing half-published stops it)
    again = site_cli(
        "--reports", str(rendered["reports"]), "--out", str(site), "--no-pdf", "--lang", "en",
        "--audience", "student",
    )  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
