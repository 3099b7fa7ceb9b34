"""The dependency-aware cache of ``gulfsec render`` (issue 15; issue 13 items 3 and 10).

A run's key holds what its kernel actually read (recorded in the kernel, stored as ``deps`` in
the manifest): an edit re-renders exactly the reports whose run read the edited file, in both
directions, and a report never stays stale. Uses the fixture notebook ``reads_table.ipynb``
(loads a data package, prints one table's first row, reads the file ``extra_csv`` names).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import DATA
from test_render import FIXTURES, cli, manifest

from gulfsec.render import _kernel, keys


def _plan(folder: Path, reports: list[dict]) -> Path:
    nbdir = folder / "notebooks"
    if not nbdir.exists():
        nbdir.mkdir()
        shutil.copy2(FIXTURES / "reads_table.ipynb", nbdir)
    plan = {"notebooks": "notebooks", "data": "data", "timeout": 60, "reports": reports}
    path = folder / "plan.yml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    return path


def _report(rid: str, **parameters) -> dict:
    return {
        "id": rid,
        "notebook": "reads_table.ipynb",
        "parameters": parameters,
        "edition": "instructor",
        "title": rid,
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _statuses(proc) -> dict[str, str]:
    return {
        line.split()[1]: line.split()[0] for line in proc.stdout.splitlines() if line[:1] != "g"
    }


def test_an_edit_renders_exactly_what_read_it_and_nothing_stays_stale(tmp_path):
    data, other = tmp_path / "data", tmp_path / "other-data"
    shutil.copytree(DATA, data)
    shutil.copytree(DATA, other)
    extra = tmp_path / "extra.csv"
    extra.write_text("x\n1\n2\n", encoding="utf-8")
    reports = [
        _report("threats", table="threat_scores", data_path=str(data)),
        _report("actors", table="actors", data_path=str(data), extra_csv=str(extra)),
        _report("elsewhere", table="actors", data_path=str(other)),
    ]
    plan = _plan(tmp_path, reports)
    out = tmp_path / "out"
    page = {r["id"]: out / r["id"] / f"{r['id']}.html" for r in reports}

    proc, _ = cli(plan, out, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    m = manifest(out)
    # what each run read is recorded, with the digest it had when read
    assert str(data / "threat_scores.csv") in m["threats"]["deps"]["tables"]
    assert str(data / "threat_scores.csv") not in m["actors"]["deps"]["tables"]
    assert str(extra) in m["actors"]["deps"]["files"]
    assert list(m["threats"]["deps"]["validated"]) == [str(data)]
    assert "gulfsec.data" in m["threats"]["deps"]["modules"]
    first = {rid: p.read_bytes() for rid, p in page.items()}

    # nothing changed: nothing runs
    proc, _ = cli(plan, out)
    assert set(_statuses(proc).values()) == {"cached"}, proc.stdout

    # same inputs, same bytes (streams arrive in several chunks: coalesced), issue 13 item 10
    proc, _ = cli(plan, out, "--force", "--only", "elsewhere")
    assert proc.returncode == 0 and page["elsewhere"].read_bytes() == first["elsewhere"]
    nb = json.loads((out / "elsewhere" / "elsewhere.ipynb").read_text(encoding="utf-8"))
    streams = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "stream"]
    assert len(streams) == 1  # three prints, 50 ms apart: one output, however they arrived

    # a value in threat_scores.csv, and a table that no report reads (the package stays
    # valid): only the report that read threat_scores, and it shows the new value
    _edit(data / "threat_scores.csv", "IRAN,likelihood,5,", "IRAN,likelihood,4,")
    _edit(data / "glossary.csv", "geographically close states", "geographically near states")
    proc, _ = cli(plan, out)
    assert _statuses(proc) == {"threats": "ok", "actors": "cached", "elsewhere": "cached"}
    assert "first row: IRAN, likelihood, 4, high" in page["threats"].read_text(encoding="utf-8")

    # the file a parameter names, and the folder given as data_path (issue 13 item 3): those
    # reports render again, with the new content
    with open(extra, "a", encoding="utf-8") as fh:
        fh.write("3\n")
    reports[2]["parameters"]["data_path"] = str(data)
    plan = _plan(tmp_path, reports)
    proc, _ = cli(plan, out)
    assert _statuses(proc) == {"threats": "cached", "actors": "ok", "elsewhere": "ok"}
    assert "extra.csv: 3 rows" in page["actors"].read_text(encoding="utf-8")

    # the package becomes invalid: every run that loaded it renders again (and now fails)
    with open(data / "threat_scores.csv", "a", encoding="utf-8") as fh:
        fh.write("NO_SUCH_THREAT,likelihood,3,high,x,x,22\n")
    proc, _ = cli(plan, out)
    assert proc.returncode == 1
    assert _statuses(proc) == {"threats": "FAILED", "actors": "FAILED", "elsewhere": "FAILED"}
    assert "NO_SUCH_THREAT" in manifest(out)["actors"]["error"]


def test_dependencies_fresh_compares_digests_at_read_time(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("a\n1\n", encoding="utf-8")
    recorded = {"files": {str(table): keys._file_sha(str(table))}, "modules": ["gulfsec.data"]}
    deps = keys.finalize_dependencies(recorded, [tmp_path / "t.csv"])
    assert keys.dependencies_fresh(deps)
    table.write_text("a\n2\n", encoding="utf-8")
    assert not keys.dependencies_fresh(deps)
    assert not keys.dependencies_fresh({"modules": {"gulfsec.data": "0" * 64}})
    assert not keys.dependencies_fresh({"files": {str(tmp_path / "gone.csv"): "0" * 64}})
    assert not keys.dependencies_fresh("corrupt")


def test_the_import_systems_scans_of_sys_path_are_not_dependencies(tmp_path):
    # importlib.metadata lists every sys.path entry (the checkout itself in an editable
    # install): recorded, a new folder at the top of the checkout (site/) made every report stale
    scanned, mine, log = tmp_path / "on_sys_path", tmp_path / "mine", tmp_path / "log"
    scanned.mkdir()
    mine.mkdir()
    code = (
        "import os, sys, importlib.metadata as md\n"
        "from gulfsec.render import _kernel\n"
        f"sys.path.insert(0, {str(scanned)!r})\n"
        f"_kernel.install({str(log)!r})\n"
        "list(md.distributions())\n"  # scans every sys.path entry
        f"os.listdir({str(mine)!r})\n"  # a listing the notebook's own code makes
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    dirs = {path for kind, _, path in _kernel.read_log(log) if kind == "dir"}
    assert str(mine) in dirs
    assert str(scanned) not in dirs
