"""What ``gulfsec render`` publishes: no solution outside the instructor's edition, no script
from what a notebook displays, nothing the plan does not list, no write through a link.

One render of the fixture notebooks (``ok.ipynb`` carries a solution code cell and solution
markdown with unique markers; ``hostile.ipynb`` displays ``<script>``, ``<img onerror>`` and a
``javascript:`` link through ``display(HTML)`` / ``display(Markdown)``), then a students-only
plan into the same folder, then a corrupted manifest.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_render import cli, leftovers, manifest, write_plan

from gulfsec import render

pytestmark = pytest.mark.slow  # renders notebooks in kernels

SOLUTION_MARKERS = (b"FIXTURE-SOLUTION", b"FIXTURE-ANSWER-MD")
OK_EN = {"notebook": "ok.ipynb", "parameters": {"lang": "en"}}
OK_AR = {"notebook": "ok.ipynb", "parameters": {"lang": "ar"}}
STUDENT_REPORTS = [
    {"id": "ok-en-report", **OK_EN, "edition": "report", "title": "R"},
    {"id": "ok-en-student", **OK_EN, "edition": "student", "title": "S"},
    {"id": "ok-ar-report", **OK_AR, "edition": "report", "title": "ت"},
    {"id": "ok-ar-student", **OK_AR, "edition": "student", "title": "ط"},
    {"id": "hostile", "notebook": "hostile.ipynb", "edition": "report", "title": "H"},
    # the code shown as well: its source holds the same hostile string
    {"id": "hostile-code", "notebook": "hostile.ipynb", "edition": "student", "title": "H"},
]
INSTRUCTOR = {"id": "ok-en-instructor", **OK_EN, "edition": "instructor", "title": "I"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("publish")
    plan = write_plan(folder, [*STUDENT_REPORTS, INSTRUCTOR])
    out = folder / "out"
    proc, _ = cli(plan, out, "--workers", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder, plan, out


def _files(out: Path, rid: str) -> list[Path]:
    return sorted(p for p in (out / rid).rglob("*") if p.is_file())


def test_no_solution_in_any_byte_outside_the_instructor_edition(published):
    _, _, out = published
    m = manifest(out)
    for r in STUDENT_REPORTS[:4]:  # a report edition links its student edition's notebook
        files = sorted({*_files(out, r["id"]), out / m[r["id"]]["ipynb"]})
        assert {p.suffix for p in files} == {".html", ".ipynb"}, files
        for p in files:
            data = p.read_bytes()
            for marker in SOLUTION_MARKERS:
                assert marker not in data, (p, marker)
    for p in _files(out, INSTRUCTOR["id"]):  # the markers are there to be found
        assert all(m in p.read_bytes() for m in SOLUTION_MARKERS), p


class _Unsafe(HTMLParser):
    """Collects script bodies, event-handler attributes and javascript: URLs of a page."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or "javascript:" in (value or "").lower():
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "FIXTURE-XSS" in data:
            self.found.append(f"<script>{data}")


def test_what_a_notebook_displays_cannot_run_a_script(published):
    _, _, out = published
    page = (out / "hostile" / "hostile.html").read_text(encoding="utf-8")
    assert "FIXTURE-HOSTILE-DONE" in page
    parser = _Unsafe()
    parser.feed(page)
    assert parser.found == []
    assert "&lt;script&gt;alert('FIXTURE-XSS-1')" in page  # shown as text, not run
    # the code cells are highlighted (escaped by pygments), with no bleach pass after it
    code = (out / "hostile-code" / "hostile-code.html").read_text(encoding="utf-8")
    parser = _Unsafe()
    parser.feed(code)
    assert parser.found == [] and "FIXTURE-XSS-1" in code and "<script>" not in code
    assert "FIXTURE-XSS-5" not in page  # a javascript output is dropped
    notebook = out / manifest(out)["hostile"]["ipynb"]  # the student edition's (same outputs)
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    data = [o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])]
    assert not any("application/javascript" in d or "text/markdown" in d for d in data)
    html = "".join("".join(d.get("text/html", "")) for d in data)
    assert "<img" in html and not re.search(r"<script|onerror|javascript:", html)


def test_students_only_plan_unpublishes_what_it_does_not_list(published, tmp_path):
    folder, _, out = published
    # files gulfsec did not write stay, wherever they are
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / INSTRUCTOR["id"] / "teacher.txt").write_text("mine", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "linked").symlink_to(outside, target_is_directory=True)
    linked = {"id": "linked", **OK_EN, "edition": "report", "title": "L"}
    plan = write_plan(folder, [*STUDENT_REPORTS, linked])
    proc, _ = cli(plan, out)
    assert proc.returncode == render.EXIT_FAILED, proc.stdout + proc.stderr
    assert "removed ok-en-instructor" in proc.stdout and "(0 notebook run(s))" in proc.stdout
    gone = out / INSTRUCTOR["id"]
    assert sorted(p.name for p in gone.iterdir()) == ["teacher.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    m = manifest(out)
    assert INSTRUCTOR["id"] not in m and "ok-en-instructor" not in (out / "index.html").read_text()
    assert m["linked"]["status"] == "failed" and "is a link" in m["linked"]["error"]
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert leftovers(out) == []


def test_a_corrupt_manifest_is_survived_and_repaired(published):
    folder, plan, out = published
    good = (out / "ok-ar-report" / "ok-ar-report.html").read_bytes()
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for e in data["reports"]:
        if e["id"] == "ok-ar-report":  # wrong types and a link elsewhere
            e.update(key=5, html="javascript:x()", status="ok", seconds="slow")
    data["reports"] += [{"id": "../../etc", "status": "ok"}, "garbage", {"status": "ok"}]
    data["parameter_cache"] = [1, 2]
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    plan = write_plan(folder, STUDENT_REPORTS)
    proc, _ = cli(plan, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "ok      ok-ar-report" in proc.stdout
    m = manifest(out)
    assert list(m) == [r["id"] for r in STUDENT_REPORTS]
    assert {e["status"] for e in m.values()} == {"ok"}
    assert "javascript:" not in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "ok-ar-report" / "ok-ar-report.html").read_bytes() == good
    # not JSON at all: read as no manifest (every report is rendered again next time)
    (out / "manifest.json").write_text('{"reports": [', encoding="utf-8")
    from gulfsec.render.manifest import read_manifest

    assert read_manifest(out) == {}
    assert leftovers(out) == []
