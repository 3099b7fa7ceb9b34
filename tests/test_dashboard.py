"""``make dashboard``: the Voila page of a notebook, in its language, and its clean stop.

Starts ``python -m gulfsec.site.dashboard`` (what ``make dashboard`` runs) on a free
127.0.0.1 port and checks the Arabic page of notebook 03: ``<html lang="ar" dir="rtl">``, the
notebook's own Arabic title, no request outside 127.0.0.1 in headless Chromium, the sliders'
labels whole and right to left, readouts left to right, handles where their values are. Then
stops a dashboard with SIGTERM and with SIGINT (Ctrl-C) and checks that Voila and every kernel
it started are gone (a dashboard of notebook 00, the lightest to run: each page view runs the
whole notebook, and what is checked is the stop, not the page).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import NOTEBOOKS, ROOT
from test_browser import chromium  # noqa: F401  (headless Chromium, skips when absent)

pytestmark = pytest.mark.slow

psutil = pytest.importorskip("psutil")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(notebook: str, lang: str, log: Path) -> tuple[subprocess.Popen, int]:
    """The dashboard on a free port, its output to ``log`` (a pipe nobody reads would fill and
    block Voila)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "GULFSEC_WIDGETS"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gulfsec.site.dashboard", "--notebook", notebook,
         "--lang", lang, "--port", str(port)],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    proc.log = log
    return proc, port


def get_page(proc: subprocess.Popen, port: int, timeout: float = 300) -> str:
    """The page at ``/`` once the server answers (Voila runs the notebook to render it).

    Read in chunks against one deadline: Voila keeps a slow page's connection alive, so a
    socket timeout alone could wait for ever.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the dashboard exited ({proc.returncode}): {proc.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
                chunks = []
                while chunk := r.read1(1 << 16):
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        break
                else:
                    return b"".join(chunks).decode("utf-8")
        except OSError:
            time.sleep(0.5)
    pytest.fail(
        f"no whole page from 127.0.0.1:{port} in {timeout} s: {proc.log.read_text()[-2000:]}"
    )


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> int:
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


@pytest.fixture(scope="module")
def arabic_dashboard(tmp_path_factory):
    proc, port = start_dashboard("03", "ar", tmp_path_factory.mktemp("dash") / "log")
    try:
        page = get_page(proc, port)
        yield port, page
    finally:
        stop(proc)


def arabic_title() -> str:
    import nbformat

    from gulfsec.site.course import parse_intro

    nb = nbformat.read(NOTEBOOKS / "03_threat_matrix.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "lang-ar" in c.metadata.get("tags", []))
    return parse_intro(cell.source).title


def test_arabic_page_is_marked_arabic_rtl_and_titled(arabic_dashboard):
    import html
    import re

    _, page = arabic_dashboard
    assert re.search(r'<html lang="ar" dir="rtl">', page), page[:300]
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert html.unescape(title) == arabic_title()
    assert title.startswith("03 ·") and "threat_matrix" not in title
    head = page.split("<body", 1)[0]
    assert "https://" not in head and "cdn." not in head


def test_arabic_page_loads_nothing_from_outside_and_lays_sliders_out_rtl(
    arabic_dashboard,
    chromium,  # noqa: F811
    tmp_path,
):
    port, _ = arabic_dashboard
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    outside, errors = [], []
    local = (f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", "data:", "blob:", "about:")
    page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"http://127.0.0.1:{port}/", wait_until="load", timeout=300_000)
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=300_000)
    # the sliders' output area holds the first drawing: the note that the weights are
    # normalised and the contribution chart
    page.wait_for_selector(".widget-output img", timeout=60_000)
    assert "مجموعها 1" in page.evaluate("document.querySelector('.widget-output').innerText")
    page.wait_for_timeout(500)
    shots = os.environ.get("GULFSEC_SCREENSHOTS")
    page.screenshot(
        path=str((shots and os.path.join(shots, "dashboard-ar.png")) or tmp_path / "d.png")
    )
    assert outside == [], outside
    assert errors == [], errors
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.widget-slider')].map(row => {
            const label = row.querySelector('.widget-label').getBoundingClientRect();
            const l = row.querySelector('.widget-label');
            const track = row.querySelector('.noUi-base').getBoundingClientRect();
            const handle = row.querySelector('.noUi-handle').getBoundingClientRect();
            const readout = row.querySelector('.widget-readout');
            return {text: l.textContent, cut: l.scrollWidth > l.clientWidth,
                    labelDir: getComputedStyle(l).direction,
                    readoutDir: getComputedStyle(readout).direction,
                    value: parseFloat(readout.textContent),
                    labelLeft: label.left, trackLeft: track.left, trackRight: track.right,
                    trackWidth: track.width, handleX: (handle.left + handle.right) / 2,
                    readoutRight: readout.getBoundingClientRect().right};
        })"""
    )
    assert len(rows) == 5, rows  # the five criteria of notebook 03
    for r in rows:
        assert not r["cut"], r
        assert (r["labelDir"], r["readoutDir"]) == ("rtl", "ltr"), r
        # right to left: label, then track, then readout
        assert r["labelLeft"] >= r["trackRight"] and r["readoutRight"] <= r["trackLeft"], r
        # the handle stands at its value on a track that runs from 0 on the left
        expected = r["trackLeft"] + r["value"] * r["trackWidth"]
        assert abs(r["handleX"] - expected) <= 3, r


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_stopping_the_dashboard_stops_voila_and_every_kernel(sig, tmp_path):
    proc, port = start_dashboard("00", "en", tmp_path / "log")
    try:
        get_page(proc, port)
        get_page(proc, port)  # each page view starts a kernel
        started = psutil.Process(proc.pid).children(recursive=True)
        kernels = [p for p in started if "ipykernel" in " ".join(p.cmdline())]
        assert len(kernels) >= 2, [p.cmdline() for p in started]
    finally:
        code = stop(proc, sig)
    _, alive = psutil.wait_procs(started, timeout=30)
    alive = [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]  # exited, not yet reaped
    for p in alive:  # leave nothing serving when this fails
        p.terminate()
    assert alive == [], [(p.pid, p.cmdline()) for p in alive]
    assert code == 128 + sig
