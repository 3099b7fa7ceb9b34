"""Kernels forked from a warm zygote (:mod:`gulfsec.render.warm`) behave as fresh ones.

One render with one worker runs ``state.ipynb`` twice in a row: the first run changes module
state, rcParams, pandas options, random state, the environment, ``sys.path``, warning filters
and leaves a figure open; the second, forked from the same zygote, must see none of it, and
must see what a kernel started with ``exec`` sees. ``ok.ipynb`` (a figure and a table) gives the
same bytes either way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from test_render import cli, manifest, write_plan

from gulfsec.render import warm

pytestmark = pytest.mark.skipif(not warm.enabled({}), reason="kernels are forked on Linux only")

REPORTS = [
    {"id": "mutates", "notebook": "state.ipynb", "parameters": {"mutate": True}},
    {"id": "next", "notebook": "state.ipynb", "parameters": {"mutate": False}},
    {"id": "ok", "notebook": "ok.ipynb", "parameters": {"lang": "en"}},
]
#: What must differ from one run to the next, as in fresh processes (and the process itself).
PER_PROCESS = {"numpy_random", "python_random", "parent"}


def _states(out: Path, rid: str) -> dict[str, dict]:
    nb = nbformat.read(out / rid / f"{rid}.ipynb", as_version=4)
    states = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            for line in o.get("text", "").splitlines():
                if line.startswith("STATE "):
                    _, when, payload = line.replace(str(out.parent), "<plan>").split(" ", 2)
                    states[when] = json.loads(payload)
    return states


def _render(folder: Path, mode: str, workers: str) -> Path:
    plan = write_plan(
        folder, [{**r, "edition": "report", "title": r["id"]} for r in REPORTS], timeout=120
    )
    out = folder / "out"
    proc, _ = cli(plan, out, "--workers", workers, env=os.environ | {warm.START_ENV: mode})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {e["status"] for e in manifest(out).values()} == {"ok"}
    return out


@pytest.fixture(scope="module")
def forked(tmp_path_factory) -> Path:
    return _render(tmp_path_factory.mktemp("forked"), "fork", "1")


@pytest.fixture(scope="module")
def execed(tmp_path_factory) -> Path:
    return _render(tmp_path_factory.mktemp("execed"), "exec", "2")


def test_runs_in_a_row_share_a_zygote_but_no_state(forked):
    first, second = _states(forked, "mutates"), _states(forked, "next")
    # a render's kernels keep no input history on disk (render._kernel.kernel_arguments)
    assert first["before"]["history_on_disk"] is False
    # both kernels were forked, by the same zygote
    assert first["before"]["name"] == second["before"]["name"] == warm.KERNEL_NAME
    assert first["before"]["parent"] == second["before"]["parent"]
    # the first run did change every kind of state the probe looks at (the probe can fail) ...
    changed = {k for k in first["before"] if first["before"][k] != first["after"][k]}
    assert changed >= {"rcParams", "pandas", "figures", "module_attr", "builtin", "env"}
    assert changed >= {"sys_path", "warnings", "numpy_random", "python_random"}
    # ... and the next run starts from where the first one started, not where it ended
    for key, value in first["before"].items():
        if key not in PER_PROCESS:
            assert second["before"][key] == value, key
    import numpy as np

    np.random.seed(7)  # noqa: NPY002 (the global generator is what a run could leak)
    seeded = float(np.random.random())  # noqa: NPY002
    for key, after_seed in (("numpy_random", seeded), ("python_random", None)):
        assert second["before"][key] != first["before"][key], key  # reseeded per kernel
        assert second["before"][key] != after_seed


def _same_outcome(a: list[str], b: list[str]) -> bool:
    """Two lists of warning filters act alike: the same filters, and any two that come in a
    different order have the same action (the first match decides, so the order of two
    ``ignore`` filters changes nothing)."""
    if sorted(a) != sorted(b):
        return False
    pos = {f: i for i, f in enumerate(b)}
    action = {f: f.split(",", 1)[0] for f in a}
    return all(
        action[x] == action[y] for i, x in enumerate(a) for y in a[i + 1 :] if pos[x] > pos[y]
    )


def test_a_forked_kernel_starts_as_an_execed_one(forked, execed):
    fork, exe = _states(forked, "next")["before"], _states(execed, "next")["before"]
    assert exe["name"] != warm.KERNEL_NAME
    for key in fork:
        if key not in PER_PROCESS | {"name", "warnings"}:
            assert fork[key] == exe[key], key
    # the libraries imported before the kernel started added their filters earlier
    assert _same_outcome(fork["warnings"], exe["warnings"])
    assert not _same_outcome(fork["warnings"], fork["warnings"][::-1])


def test_forked_and_execed_kernels_give_the_same_pages(forked, execed):
    for rid in ("ok", "next"):
        a = (forked / rid / f"{rid}.html").read_text(encoding="utf-8")
        b = (execed / rid / f"{rid}.html").read_text(encoding="utf-8")
        if rid == "ok":
            assert a == b
        else:  # the probe prints its process' random draws and parent: all else is equal
            assert len(a.splitlines()) == len(b.splitlines())


def test_the_zygote_and_its_kernels_end_with_their_worker(tmp_path):
    """A worker killed with SIGKILL cannot clean up: its zygote sees the pipe close and exits,
    and the zygote's kernels see their parent change and exit (ipykernel's parent poller)."""
    code = (
        "import os, sys, time\n"
        "from gulfsec.render import warm\n"
        "argv = [sys.executable, '-m', 'ipykernel_launcher', '-f', sys.argv[1]]\n"
        "k = warm.launch(argv, env=dict(os.environ), cwd=sys.argv[2])\n"
        "print(k.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path / "kernel.json"), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        kernel = int(proc.stdout.readline())
        started = warm._stat(kernel)
        assert started is not None and started[0] not in "ZX"
        forked = warm.ForkedKernel(kernel, started[1])
        assert forked.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        forked.wait(timeout=15)  # the kernel exits within its poller's interval
        assert forked.poll() == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        time.sleep(0.1)


def test_forking_applies_only_to_ipykernel_commands_and_can_be_turned_off():
    assert warm.split_kernel_command(["python", "-m", "ipykernel_launcher", "-f", "k"]) == (
        "python",
        (),
        ["-f", "k"],
    )
    assert warm.split_kernel_command(["python", "-c", "x", "-m", "ipykernel_launcher"]) is None
    assert warm.split_kernel_command(["python", "-m", "other_kernel"]) is None
    assert warm.split_kernel_command(["julia", "-i", "kernel.jl"]) is None
    assert warm.enabled({warm.START_ENV: "exec"}) is False
    assert warm.enabled({warm.START_ENV: "EXEC "}) is False
    assert warm.launch(["R", "--slave"], env={}) is None


def test_a_recycled_pid_is_never_taken_for_the_kernel():
    me = warm._stat(os.getpid())
    assert me is not None
    same = warm.ForkedKernel(os.getpid(), me[1])
    other = warm.ForkedKernel(os.getpid(), str(int(me[1]) + 1))  # same pid, later start time
    assert same.poll() is None
    assert other.poll() == 0
    other.send_signal(signal.SIGKILL)  # gone: never sent (this test would not survive it)
    assert other.wait(timeout=0) == 0
    with pytest.raises(subprocess.TimeoutExpired):
        same.wait(timeout=0.05)
