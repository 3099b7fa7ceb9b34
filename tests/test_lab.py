"""``make lab``: a saved notebook cannot carry outputs into the tests or into git, and Arabic
cells read right to left in JupyterLab.

- The lab's config (``lab/jupyter_server_config.py``) strips a notebook on save, through
  jupyter_server's contents manager, to exactly what ``nbstripout`` (the tests' check) stores.
- The git filter that ``make lab`` installs (``.gitattributes``) keeps outputs out of what git
  sees, for the course notebooks only (test fixtures keep theirs).
- The server started by ``make lab``'s own command line (slow): a save through its REST API is
  stripped, and in headless Chromium an Arabic cell wrapped in ``<div dir="rtl" lang="ar">``
  keeps its ``dir`` through JupyterLab's sanitizer, reads right to left aligned right, with its
  code left to right.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT
from test_browser import chromium  # noqa: F401  (headless Chromium, skips when absent)
from test_makefile import dry_run

LAB = ROOT / "lab"
SOURCE = NOTEBOOKS / "03_threat_matrix.ipynb"


def with_outputs(nb):
    """A copy of ``nb`` as a user leaves it after running it: outputs, counts, volatile ids."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for i, cell in enumerate(nb.cells):
        cell.id = f"uuid-{i}"
        if cell.cell_type == "code":
            cell.execution_count = i + 1
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"out {i}\n")]
            cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    return nb


def make_lab_lines() -> list[str]:
    """The shell lines of ``make lab`` (dry run, the venv taken as installed)."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    out = dry_run("-o", ".venv/.gulfsec-installed", "-o", "setup", "lab")
    return out.replace("\\\n", " ").splitlines()


def test_saving_through_the_lab_config_stores_what_nbstripout_stores(tmp_path):
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("jupyter_server_config.py", path=str(LAB)).load_config()
    cm = FileContentsManager(root_dir=str(tmp_path), config=config)
    nb = nbformat.read(SOURCE, as_version=4)
    cm.save({"type": "notebook", "content": with_outputs(nb)}, "03.ipynb")
    saved = (tmp_path / "03.ipynb").read_bytes()
    assert saved == SOURCE.read_bytes()  # the committed notebook, byte for byte
    verify = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--verify", str(tmp_path / "03.ipynb")],
        capture_output=True,
    )
    assert verify.returncode == 0, verify.stdout
    # a file that is not a notebook is saved as it is
    cm.save({"type": "file", "format": "text", "content": "x\n"}, "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "x\n"


@pytest.mark.slow  # a git repository and a Python start per filter run
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_sees_no_outputs_once_make_lab_installed_the_filter(tmp_path):
    install = next(line for line in make_lab_lines() if "nbstripout --install" in line)
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    (repo / "tests").mkdir()
    shutil.copy(ROOT / ".gitattributes", repo)
    os.symlink(ROOT / ".venv", repo / ".venv")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=repo, capture_output=True, text=True, check=True)

    run("git", "init", "-q")
    run("bash", "-c", install)
    assert (repo / ".gitattributes").read_bytes() == (ROOT / ".gitattributes").read_bytes()
    run("git", "config", "--get", "filter.nbstripout.clean")
    shutil.copy(SOURCE, repo / "notebooks" / "03.ipynb")
    run(*git, "add", "-A")
    run(*git, "commit", "-qm", "stripped notebook")
    nb = with_outputs(nbformat.read(SOURCE, as_version=4))
    nbformat.write(nb, repo / "notebooks" / "03.ipynb")  # saved by any editor, with outputs
    nbformat.write(nb, repo / "tests" / "fixture.ipynb")
    assert run("git", "diff", "--stat", "--", "notebooks").stdout == ""  # nothing for git
    run(*git, "add", "-A")
    staged = run("git", "show", ":notebooks/03.ipynb").stdout
    assert staged.encode() == SOURCE.read_bytes()
    assert '"output_type": "stream"' in run("git", "show", ":tests/fixture.ipynb").stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """``make lab``'s jupyter command, on a temporary folder, 127.0.0.1, a free port, a token."""
    command = shlex.split(make_lab_lines()[-1])
    assert command[:2] == [".venv/bin/jupyter", "lab"] and command[-1] == "notebooks/"
    root = tmp_path_factory.mktemp("lab")
    port, token = free_port(), "gulfsec-test-token"
    command = [
        str(ROOT / command[0]),
        *command[1:-1],
        str(root),
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
    ]
    log = (root.parent / "lab.log").open("w")
    proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=10).close()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "lab did not start"
                time.sleep(0.5)
        yield base, token, root
    finally:
        proc.terminate()
        proc.wait(timeout=60)


@pytest.mark.slow
def test_make_lab_strips_a_notebook_saved_through_the_server(lab_server):
    base, token, root = lab_server
    nb = with_outputs(nbformat.read(SOURCE, as_version=4))
    body = json.dumps({"type": "notebook", "format": "json", "content": nb}).encode()
    request = urllib.request.Request(
        f"{base}/api/contents/03.ipynb",
        data=body,
        method="PUT",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=60).close()
    assert (root / "03.ipynb").read_bytes() == SOURCE.read_bytes()


@pytest.mark.slow
def test_arabic_cell_reads_right_to_left_in_jupyterlab(lab_server, chromium):  # noqa: F811
    base, token, root = lab_server
    arabic = (
        '<div dir="rtl" lang="ar">\n\n## المعاملات\n\n'
        'جرّب مثلًا `weights = {"impact": 1}` في خلية المعاملات.\n\n</div>'
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(arabic)])
    nbformat.write(nb, root / "arabic.ipynb")
    page = chromium.new_page(viewport={"width": 1200, "height": 800})
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
    page.goto(f"{base}/lab/tree/arabic.ipynb?token={token}", wait_until="load", timeout=300_000)
    page.wait_for_selector(".jp-RenderedMarkdown [dir='rtl'] p", timeout=300_000)
    page.wait_for_timeout(500)
    shots = os.environ.get("GULFSEC_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "jupyterlab-ar.png"))
    got = page.evaluate(
        """() => {
        const box = document.querySelector('.jp-RenderedMarkdown [dir="rtl"]');
        const p = box.querySelector('p'), code = box.querySelector('code');
        const range = document.createRange();
        range.selectNodeContents(p);
        const rects = [...range.getClientRects()], area = p.getBoundingClientRect();
        return {lang: box.getAttribute('lang'), dir: getComputedStyle(p).direction,
                gapRight: area.right - Math.max(...rects.map(r => r.right)),
                gapLeft: Math.min(...rects.map(r => r.left)) - area.left,
                code: [getComputedStyle(code).direction, getComputedStyle(code).unicodeBidi],
                css: [...document.querySelectorAll('link[rel=stylesheet]')].some(
                    l => l.href.endsWith('/custom/custom.css'))};
    }"""
    )
    assert got["lang"] == "ar" and got["dir"] == "rtl", got
    assert got["css"], got
    assert got["gapRight"] < 2 and got["gapLeft"] > 50, got  # one line, flush right
    assert got["code"] == ["ltr", "isolate"], got
    assert outside == [], outside


@pytest.mark.slow
def test_arabic_table_reads_right_to_left_in_jupyterlab(lab_server, chromium, ds):  # noqa: F811
    """A display table of an Arabic notebook, as ``use_display`` shows it, runs from the right."""
    from gulfsec.plotting import power as power_plots
    from gulfsec.plotting import table_html

    base, token, root = lab_server
    table = power_plots.era_table(ds.balance_eras, ds.actors, "ar")
    code = 'power_plots.era_table(ds.balance_eras, ds.actors, "ar")'
    out = nbformat.v4.new_output(
        "execute_result", data={"text/html": table_html(table)}, execution_count=1
    )
    heading = nbformat.v4.new_markdown_cell('<div dir="rtl" lang="ar">\n\n## الحقب\n\n</div>')
    cell = nbformat.v4.new_code_cell(code, outputs=[out], execution_count=1)
    nbformat.write(nbformat.v4.new_notebook(cells=[heading, cell]), root / "arabic_table.ipynb")
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    page.goto(
        f"{base}/lab/tree/arabic_table.ipynb?token={token}", wait_until="load", timeout=300_000
    )
    page.wait_for_selector(".jp-OutputArea-output [dir='rtl'] table", timeout=300_000)
    page.wait_for_timeout(500)
    # stored outputs need no kernel: close the kernel dialog if the lab opens one
    from playwright.sync_api import TimeoutError as NoDialog

    try:
        page.get_by_role("dialog").get_by_role("button", name="No Kernel").click(timeout=20_000)
        page.wait_for_timeout(300)
    except NoDialog:
        pass
    shots = os.environ.get("GULFSEC_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "jupyterlab-ar-table.png"))
    got = page.evaluate(
        """() => {
        const box = document.querySelector('.jp-OutputArea-output [dir="rtl"]');
        const table = box.querySelector('table');
        const heads = [...table.querySelectorAll('thead tr:first-child th')];
        // where each of two substrings of a cell is drawn: reading order on the screen
        const at = (cell, sub) => {
            const node = [...cell.childNodes].find(n => n.textContent.includes(sub));
            const range = document.createRange(), i = node.textContent.indexOf(sub);
            range.setStart(node, i);
            range.setEnd(node, i + sub.length);
            const r = range.getBoundingClientRect();
            return [r.left, r.top];
        };
        const years = table.querySelector('tbody tr td');
        const us = heads.find(h => h.textContent.includes('0–3'));
        return {lang: box.getAttribute('lang'), dir: getComputedStyle(table).direction,
                headers: heads.map(h => h.textContent.trim()),
                lefts: heads.map(h => h.getBoundingClientRect().left),
                years: [at(years, years.textContent.slice(0, 4)), at(years, years.textContent.slice(-4))],
                scale: [at(us, '0'), at(us, '–')], scale_end: [at(us, '–'), at(us, '3')]};
    }"""
    )
    assert got["lang"] == "ar" and got["dir"] == "rtl", got
    assert got["headers"][1] == table.columns[0], got  # the first column (after the index) ...
    assert got["lefts"] == sorted(got["lefts"], reverse=True), got  # ... and each next to its left
    # a range reads left to right: alone in its cell ("1971–1979"), and inside Arabic ("0–3")
    for first, last in (got["years"], got["scale"], got["scale_end"]):
        same_line = abs(first[1] - last[1]) < 2
        assert (same_line and first[0] < last[0]) or first[1] < last[1] - 2, got
