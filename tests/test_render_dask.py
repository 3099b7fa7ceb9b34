"""``gulfsec render --scheduler``: executions on a dask.distributed cluster (issue 15).

A ``LocalCluster`` on 127.0.0.1 (one worker process, two threads): the same plan gives the same
bytes as the local pool (timestamps aside), a ``grid`` entry expands into reports, and SIGTERM
stops the kernels the cluster's worker started for this render. The cluster is closed at the
end of the module, whatever happens.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from test_render import FIXTURES, ROOT, cli, manifest, write_plan

from gulfsec import render
from gulfsec.render import warm
from gulfsec.render.plan import MAX_GRID, PlanError, load_plan

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")

TAG = f"gulfsec-dask-test-{uuid.uuid4()}"


@pytest.fixture(scope="module")
def cluster():
    # one worker process of its own: the worker's threads run nbclient's event loops, which must
    # not share a process with whatever earlier tests left in this one (an in-process worker
    # failed only in the full suite: "coroutine 'async_start_new_kernel' was never awaited");
    # the worker and its kernels inherit this process's environment, so the tag finds them
    mp = pytest.MonkeyPatch()
    mp.setenv("GULFSEC_TEST_TAG", TAG)
    try:
        with distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=2,
            processes=True,
            protocol="tcp",  # the render runs in a subprocess and connects over TCP
            host="127.0.0.1",
            dashboard_address=None,
        ) as c:
            yield c
    finally:
        mp.undo()


def _kernels() -> list[int]:
    """Live kernel processes started under this module's cluster."""
    pids = []
    for env in Path("/proc").glob("[0-9]*/environ"):
        try:
            if TAG.encode() in env.read_bytes() and (
                b"ipykernel" in (env.parent / "cmdline").read_bytes()
                or (env.parent / "comm").read_text().strip() == warm.KERNEL_NAME
            ):
                pids.append(int(env.parent.name))
        except OSError:
            continue
    return pids


def _without_times(nb_text: str) -> dict:
    nb = json.loads(nb_text)
    nb["metadata"].get("papermill", {}).update(start_time=None, end_time=None, duration=None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("execution", None)  # nbclient's iopub/shell timestamps
        pm = cell.get("metadata", {}).get("papermill")
        if pm:
            pm.update(start_time=None, end_time=None, duration=None)
    return nb


def test_same_plan_same_bytes_as_the_local_pool(tmp_path, cluster):
    reports = [
        {
            "id": "bars",
            "notebook": "ok.ipynb",
            "parameters": {"lang": "en"},
            "grid": {"n": [2, 3]},
        },
    ]
    plan = write_plan(tmp_path, [{**r, "edition": "report", "title": r["id"]} for r in reports])
    local, dask = tmp_path / "local", tmp_path / "dask"
    proc, _ = cli(plan, local, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    proc, _ = cli(plan, dask, "--scheduler", cluster.scheduler_address)
    assert proc.returncode == 0, proc.stderr
    ids = ["bars-n2", "bars-n3"]
    assert list(manifest(dask)) == ids and all(e["status"] == "ok" for e in manifest(dask).values())
    for rid in ids:
        assert (local / rid / f"{rid}.html").read_bytes() == (
            dask / rid / f"{rid}.html"
        ).read_bytes()
        assert _without_times((local / rid / f"{rid}.ipynb").read_text()) == _without_times(
            (dask / rid / f"{rid}.ipynb").read_text()
        )
    static = sorted(p.relative_to(local).as_posix() for p in (local / "_static").rglob("*.*"))
    assert static == sorted(p.relative_to(dask).as_posix() for p in (dask / "_static").rglob("*.*"))
    # the cache is the client's: nothing changed, nothing is submitted
    proc, _ = cli(plan, dask, "--scheduler", cluster.scheduler_address)
    assert "(0 notebook run(s))" in proc.stdout
    assert _kernels() == []


def test_grid_values_are_validated_and_bounded(tmp_path):
    base = {"id": "g", "notebook": "ok.ipynb", "edition": "report", "title": "G"}
    plan = write_plan(tmp_path, [{**base, "grid": {"n": [2, "three"]}}])
    with pytest.raises(PlanError, match=r"g-nthree.*'n'.*must be of type int"):
        load_plan(plan)
    plan = write_plan(tmp_path, [{**base, "grid": {"n": list(range(MAX_GRID + 1))}}])
    with pytest.raises(PlanError, match=f"at most {MAX_GRID}"):
        load_plan(plan)
    plan = write_plan(tmp_path, [{**base, "parameters": {"n": 2}, "grid": {"n": [3]}}])
    with pytest.raises(PlanError, match="both 'parameters' and 'grid'"):
        load_plan(plan)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_sigterm_stops_the_kernels_on_the_workers(tmp_path, cluster):
    plan = write_plan(
        tmp_path,
        [
            {
                "id": f"slow-{i}",
                "notebook": "sleeps.ipynb",
                "parameters": {"seconds": 60.0 + i},
                "edition": "report",
                "title": f"Slow {i}",
            }
            for i in range(2)
        ],
    )
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gulfsec.cli", "render", "--plan", str(plan), "--out", str(out)]
        + ["--scheduler", cluster.scheduler_address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_kernels()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_kernels()) == 2, "the cluster did not start both kernels within 60 s"
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == render.EXIT_TERMINATED, err
    deadline = time.monotonic() + 10
    while _kernels() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _kernels() == []
    assert not list(out.glob(".staging-*")) and not list(out.rglob("*.tmp"))
    assert FIXTURES.is_dir()
