"""Faults of ``gulfsec render``: SIGKILL of the render and of a worker, a full disk, a
read-only output folder.

Each test ends the same way: the last good reports are intact, the next run recovers, and
nothing is left running (no worker, no kernel: every process started by the test carries a
unique tag in its environment, found through ``/proc``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import ROOT
from test_render import (
    _processes_with,
    cli,
    leftovers,
    manifest,
    run_inprocess,
    wait_kernels,
)
from test_render import write_plan as _write_plan

from gulfsec import render

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path("/proc/self/environ").exists(), reason="needs Linux /proc to find the processes"
    ),
]
IDS = ("slow-0", "slow-1")


def write_plan(folder: Path, seconds: tuple[float, float]) -> Path:
    return _write_plan(
        folder,
        [
            {
                "id": rid,
                "notebook": "sleeps.ipynb",
                "parameters": {"seconds": s},
                "edition": "report",
                "title": rid,
            }
            for rid, s in zip(IDS, seconds, strict=True)
        ],
    )


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A folder with a good render of two quick reports; returns (folder, out, html bytes)."""
    folder = tmp_path_factory.mktemp("faults")
    plan = write_plan(folder, (0.0, 0.0))
    out = folder / "out"
    proc, _ = cli(plan, out, "--workers", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder, out, {rid: (out / rid / f"{rid}.html").read_bytes() for rid in IDS}


def start(plan: Path, out: Path, tag: str, *extra: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gulfsec.cli", "render", "--plan", str(plan), "--out", str(out)]
        + list(extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"GULFSEC_TEST_TAG": tag},
        start_new_session=True,
        cwd=ROOT,
        **kw,
    )


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def wait_until(cond, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


def kernels_of(worker: int) -> list[int]:
    """A worker's kernels: its children (jupyter_client starts them)."""
    return children(worker)


def connection_files(kernels: list[int], out: Path) -> list[Path]:
    """The kernels' connection files, from their command line (``-f``)."""
    files = []
    for pid in kernels:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if b"-f" in args:
            files.append(Path(args[args.index(b"-f") + 1].decode()))
    assert len(files) == len(kernels), (kernels, files)
    return files


def assert_recovers(folder: Path, out: Path, html: dict[str, bytes]) -> None:
    """The next run (the good plan) succeeds and the good reports are the same bytes."""
    proc, _ = cli(write_plan(folder, (0.0, 0.0)), out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {e["status"] for e in manifest(out).values()} == {"ok"}
    for rid, data in html.items():
        assert (out / rid / f"{rid}.html").read_bytes() == data
    assert leftovers(out) == []


def test_kill_9_of_the_render_takes_its_workers_and_kernels_with_it(good):
    folder, out, html = good
    tag = f"gulfsec-fault-{uuid.uuid4()}"
    proc = start(write_plan(folder, (60.0, 61.0)), out, tag, "--force", "--workers", "2")
    try:
        wait_kernels(tag, 2, proc)
        workers = children(proc.pid)
        kernels = [k for w in workers for k in kernels_of(w)]
        assert len(workers) == 2 and len(kernels) == 2, (workers, kernels)
        conn = connection_files(kernels, out)
        assert all(c.is_file() and c.is_relative_to(out) for c in conn), conn
        # One worker is stopped, so it cannot die yet: it still holds the lock.
        os.kill(workers[0], signal.SIGSTOP)
        proc.kill()
        proc.wait(timeout=10)
        held = {workers[0], *children(workers[0]), *kernels_of(workers[0])}
        assert wait_until(lambda: set(_processes_with(tag)) <= held), _processes_with(tag)
        assert run_inprocess(folder / "plan.yml", out) == render.EXIT_LOCKED
        assert list(out.glob(f"{render.STAGING_PREFIX}*"))  # a live writer's staging stays
        os.kill(workers[0], signal.SIGCONT)  # it receives its parent-death signal now
        assert wait_until(lambda: _processes_with(tag) == []), _processes_with(tag)
    finally:
        for pid in _processes_with(tag):
            os.kill(pid, signal.SIGKILL)
    assert list(out.glob(f"{render.STAGING_PREFIX}*"))  # left behind by the killed render...
    assert_recovers(folder, out, html)  # ...and removed by the next one, as are
    assert not any(c.exists() for c in conn)  # the kernels' connection files


def test_kill_9_of_a_worker_fails_only_its_report(good):
    folder, out, html = good
    tag = f"gulfsec-fault-{uuid.uuid4()}"
    proc = start(write_plan(folder, (60.0, 0.0)), out, tag, "--workers", "1")
    try:
        wait_kernels(tag, 1, proc)
        (worker,) = children(proc.pid)
        os.kill(worker, signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
        assert wait_until(lambda: _processes_with(tag) == []), _processes_with(tag)
    finally:
        for pid in _processes_with(tag):
            os.kill(pid, signal.SIGKILL)
    assert proc.returncode == render.EXIT_FAILED, err
    assert "Traceback" not in err
    m = manifest(out)
    assert m["slow-0"]["status"] == "failed" and "signal 9" in m["slow-0"]["error"]
    assert m["slow-1"]["status"] == "ok"
    assert (out / "slow-0" / "slow-0.html").read_bytes() == html["slow-0"]
    assert leftovers(out) == []
    assert_recovers(folder, out, html)


def _file_size_limit(n: int):
    import resource

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))

    return apply


def test_full_disk_keeps_the_last_good_reports(good):
    """A full disk, as RLIMIT_FSIZE fakes it (every write past the limit fails, EFBIG)."""
    folder, out, html = good
    plan = write_plan(folder, (0.5, 0.0))
    tag = f"gulfsec-fault-{uuid.uuid4()}"
    # nothing can be written: not even the manifest (exit 4, a clear message)
    proc = start(plan, out, tag, preexec_fn=_file_size_limit(200))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == render.EXIT_OUTPUT, err
    assert "cannot write to the output folder" in err and "Traceback" not in err
    # the manifest and index can be written, the pages cannot: those reports fail (exit 1)
    small = max((out / f).stat().st_size for f in ("manifest.json", "index.html", "index.ar.html"))
    limit = 2 * small + 4096
    # a self-contained page carries the 265 kB stylesheet: it cannot be written under the limit
    assert limit < 200_000, "the index is too large to fake a full disk"
    proc = start(plan, out, tag, "--self-contained", preexec_fn=_file_size_limit(limit))
    stdout, err = proc.communicate(timeout=120)
    assert proc.returncode == render.EXIT_FAILED, stdout + err
    assert "File too large" in stdout and "Traceback" not in err
    assert manifest(out)["slow-0"]["status"] == "failed"
    for rid, data in html.items():
        assert (out / rid / f"{rid}.html").read_bytes() == data
    assert wait_until(lambda: _processes_with(tag) == []), _processes_with(tag)
    assert leftovers(out) == []
    assert_recovers(folder, out, html)


@contextlib.contextmanager
def read_only(out: Path):
    """The output folder made read-only: a read-only bind mount as root, else chmod."""
    if os.geteuid() != 0:
        out.chmod(0o555)
        try:
            yield
        finally:
            out.chmod(0o755)
        return
    bind = subprocess.run(["mount", "--bind", str(out), str(out)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip(f"root without mount permission: {bind.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(out)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(out)], check=True)


def test_read_only_output_folder_is_a_clear_error(good, capsys):
    folder, out, html = good
    plan = write_plan(folder, (0.0, 0.0))
    with read_only(out):
        assert run_inprocess(plan, out, "--force") == render.EXIT_OUTPUT
    err = capsys.readouterr().err
    assert f"cannot write to the output folder {out}" in err and "exit 4" in err
    assert_recovers(folder, out, html)


def test_a_closed_stdout_does_not_stop_the_render(good):
    # N31: `gulfsec render | head -n 1`: the reader goes away after one line; the render
    # finishes every report and its manifest, and exits as it would have
    folder, out, html = good
    plan = write_plan(folder, (0.0, 0.0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gulfsec.cli", "render", "--plan", str(plan), "--out", str(out)]
        + ["--force", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert first.startswith("ok"), first + err
    assert proc.returncode == render.EXIT_OK, err
    assert "cannot write to the output folder" not in err and "Traceback" not in err
    m = manifest(out)
    assert {m[rid]["status"] for rid in IDS} == {"ok"}
    assert all(m[rid]["rendered_at"] for rid in IDS)
    assert leftovers(out) == []
