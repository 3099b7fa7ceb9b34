"""The order of a render's executions: longest first by the last render's times, and the bytes
independent of the order.

Three groups of the fixture ``sleeps.ipynb`` (0.2, 2.5 and 1.2 s of sleep, in that plan order)
rendered with one worker: the first render runs them in plan order, the second (``--force``)
longest first, from the group times the first recorded in the manifest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_render import cli, manifest, write_plan

from gulfsec.render.manifest import last_group_seconds

SLEEPS = {"short": 0.2, "long": 2.5, "middle": 1.2}


def _started(out: Path) -> list[str]:
    m = manifest(out)
    return sorted(m, key=lambda rid: m[rid]["execution"]["started_at"])


def _files(out: Path) -> dict[str, bytes]:
    """The reports' pages, notebooks and assets (the index pages show when each was made)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.parent != out and p.suffix in (".html", ".ipynb", ".png", ".css")
    }


@pytest.mark.slow  # renders notebooks in kernels
def test_groups_run_longest_first_from_the_last_render_and_give_the_same_bytes(tmp_path):
    reports = [
        {
            "id": rid,
            "notebook": "sleeps.ipynb",
            "parameters": {"seconds": s},
            "edition": "report",
            "title": rid,
        }
        for rid, s in SLEEPS.items()
    ]
    plan, out = write_plan(tmp_path, reports), tmp_path / "out"
    proc, _ = cli(plan, out, "--workers", "1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _started(out) == ["short", "long", "middle"]  # no times yet: plan order
    first = _files(out)
    times = {rid: e["execution"]["group_seconds"] for rid, e in manifest(out).items()}
    assert times["long"] > times["middle"] > times["short"], times
    proc, _ = cli(plan, out, "--workers", "1", "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _started(out) == ["long", "middle", "short"]
    assert _files(out) == first  # the order changes no byte


def test_a_groups_last_time_is_read_from_any_of_its_reports():
    task = {"reports": [{"id": "a"}, {"id": "b"}]}
    old = {
        "a": {"execution": {"group_seconds": "slow"}},  # a damaged record is no time
        "b": {"execution": {"group_seconds": 4.0}},
    }
    assert last_group_seconds(task, old) == 4.0
    assert last_group_seconds(task, {"a": {"execution": {"group_seconds": True}}}) == float("inf")
    assert last_group_seconds(task, {}) == float("inf")
    # never timed first, then longest first; a stable sort keeps plan order among equals
    tasks = [{"reports": [{"id": i}]} for i in "wxyz"]
    old = {"w": {"execution": {"group_seconds": 1}}, "y": {"execution": {"group_seconds": 9}}}
    ordered = sorted(tasks, key=lambda t: last_group_seconds(t, old), reverse=True)
    assert [t["reports"][0]["id"] for t in ordered] == ["x", "z", "y", "w"]
