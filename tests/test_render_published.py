"""What ``gulfsec render`` publishes as notebooks: the same bytes for the same inputs, and a
report edition's notebook published once (the student edition's, linked).

Two renders of one small plan over the fixture notebook ``ok.ipynb`` (a report and a student
edition of one execution, and a report variant with no student edition), into two folders;
then plans that add and drop the student edition in one of them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from test_render import cli, leftovers, manifest, write_plan

pytestmark = pytest.mark.slow  # renders notebooks in kernels

OK_EN = {"notebook": "ok.ipynb", "parameters": {"lang": "en"}}
REPORT = {"id": "r", **OK_EN, "edition": "report", "title": "R"}
STUDENT = {"id": "s", **OK_EN, "edition": "student", "title": "S"}
VARIANT = {
    "id": "v",
    "notebook": "ok.ipynb",
    "parameters": {"lang": "en", "n": 4},
    "edition": "report",
    "title": "V",
}
#: Written by every render with the time of the render: the only files that may differ.
TIMED = {"manifest.json", "index.html", "index.ar.html"}


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    plan = write_plan(folder, [REPORT, STUDENT, VARIANT])
    outs = []
    for name in ("one", "two"):
        out = folder / name
        proc, _ = cli(plan, out, "--workers", "2")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        outs.append(out)
    return folder, outs


def _published(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in TIMED and not p.name.startswith(".")
    }


def test_two_renders_of_the_same_inputs_give_the_same_bytes(twice):
    _, (one, two) = twice
    a, b = _published(one), _published(two)
    assert sorted(a) == sorted(b)
    assert {Path(k).suffix for k in a} >= {".html", ".ipynb", ".png"}, sorted(a)
    different = [k for k in a if a[k] != b[k]]
    assert different == [], different
    for name, data in a.items():  # nor the run's time in any notebook
        if name.endswith(".ipynb"):
            run = json.loads(data)["metadata"]["papermill"]
            assert not {"start_time", "end_time", "duration"} & set(run), (name, run)
    # the manifests differ in their run records (and times) only
    m1, m2 = manifest(one), manifest(two)
    for rid in ("r", "s", "v"):
        assert m1[rid]["outputs"] == m2[rid]["outputs"]
        assert m1[rid]["execution"]["id"] != m2[rid]["execution"]["id"]


def test_a_report_edition_links_its_student_editions_notebook(twice):
    _, (out, _) = twice
    m = manifest(out)
    assert m["r"]["ipynb"] == "s/s.ipynb" and not (out / "r" / "r.ipynb").exists()
    assert sorted(p.name for p in (out / "r").iterdir()) == ["r.html"]
    assert m["v"]["ipynb"] == "v/v.ipynb" and (out / "v" / "v.ipynb").is_file()  # no student
    linked = (out / "s" / "s.ipynb").read_bytes()
    assert m["r"]["outputs"]["s/s.ipynb"] == hashlib.sha256(linked).hexdigest()
    assert m["r"]["execution"]["id"] == m["s"]["execution"]["id"]  # one execution
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="s/s.ipynb"' in index and 'href="r/r.ipynb"' not in index


def test_the_link_follows_the_plan_and_no_stale_copy_stays(twice):
    folder, (_, out) = twice
    # the student edition leaves the plan: it is pruned, the report writes its own notebook
    proc, _ = cli(write_plan(folder, [REPORT, VARIANT]), out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "removed s" in proc.stdout and "(1 notebook run(s))" in proc.stdout, proc.stdout
    m = manifest(out)
    assert m["r"]["ipynb"] == "r/r.ipynb" and (out / "r" / "r.ipynb").is_file()
    assert not (out / "s").exists()
    own = json.loads((out / "r" / "r.ipynb").read_bytes())
    code = [c for c in own["cells"] if c["cell_type"] == "code"]
    assert code and all(c["metadata"]["jupyter"]["source_hidden"] for c in code)
    # it comes back: the report's own notebook of the older render is removed
    proc, _ = cli(write_plan(folder, [REPORT, STUDENT, VARIANT]), out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(1 notebook run(s))" in proc.stdout, proc.stdout
    m = manifest(out)
    assert m["r"]["ipynb"] == "s/s.ipynb" and not (out / "r" / "r.ipynb").exists()
    # the linked notebook damaged: the report and its student edition render again, together
    (out / "s" / "s.ipynb").write_bytes(b"")
    proc, _ = cli(write_plan(folder, [REPORT, STUDENT, VARIANT]), out, "--only", "r")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 rendered (1 notebook run(s))" in proc.stdout, proc.stdout
    assert json.loads((out / "s" / "s.ipynb").read_bytes())["cells"]
    proc, _ = cli(write_plan(folder, [REPORT, STUDENT, VARIANT]), out)
    assert "0 rendered (0 notebook run(s)), 3 unchanged" in proc.stdout, proc.stdout
    assert leftovers(out) == []


def test_a_report_edition_writes_its_own_notebook_when_its_student_edition_fails():
    import nbformat
    from conftest import ROOT

    from gulfsec.render.execution import _convert

    nb = nbformat.read(ROOT / "tests" / "fixtures" / "notebooks" / "ok.ipynb", as_version=4)
    nb.metadata["papermill"] = {"parameters": {"lang": "en"}}

    def task(student_edition: str) -> dict:
        base = {"lang": "en", "title": "T", "notebook": "ok.ipynb", "parameters": {}}
        return {
            "group": "g",
            "timeout": 60,
            "reports": [
                {**base, "id": "r", "edition": "report", "notebook_of": "s", "index_href": "i"},
                {**base, "id": "s", "edition": student_edition, "index_href": "i"},
            ],
        }

    files, (r, s) = _convert(task("student"), nb, None, 1.0, [])
    assert r["ipynb"] == "s/s.ipynb" and files["r/r.ipynb"] is None and "s/s.ipynb" in files
    assert r["outputs"]["s/s.ipynb"] == hashlib.sha256(files["s/s.ipynb"]).hexdigest()
    files, (r, s) = _convert(task("no-such-edition"), nb, None, 1.0, [])
    assert s["status"] == "failed" and "ipynb" not in r
    own = json.loads(files["r/r.ipynb"])
    assert own["metadata"]["gulfsec"]["id"] == "r"
    assert r["outputs"]["r/r.ipynb"] == hashlib.sha256(files["r/r.ipynb"]).hexdigest()
