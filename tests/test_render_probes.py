"""Probes of the reliability review (issue 23) against the render plan and ``--scheduler``.

Each test reproduces one failure of ``../shared/reviews/reliability-review.md`` (its id is in
the test's name and docstring), failed before the fix and passes after, and ends with nothing
left running and the last good output intact. The plan probes start no kernel: validation
refuses them first. The YAML bombs run in a subprocess under a memory limit, so that a
regression fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_render import FIXTURES, ROOT, cli, manifest, run_inprocess, write_plan

from gulfsec import render
from gulfsec.render.grids import MAX_GRID_VALUE_NODES, MAX_REPORTS
from gulfsec.render.names import MAX_ID_LENGTH
from gulfsec.render.plan import PlanError, load_plan
from gulfsec.render.planfile import MAX_YAML_DEPTH, MAX_YAML_NODES

OK = {"notebook": "ok.ipynb", "edition": "report"}


def _render_limited(plan: Path, out: Path, *extra: str, timeout: float = 60):
    """``gulfsec render`` in a subprocess with at most 1.5 GB of address space."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "gulfsec.cli", "render", "--plan", str(plan), "--out", str(out)]
        + list(extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        preexec_fn=limit,
    )
    return proc, time.perf_counter() - t0


def _bomb() -> str:
    """A 9-level "billion laughs" list in flow style (9**9 strings once expanded), 400 bytes."""
    levels = ["&a [" + ", ".join(["IRN"] * 9) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"&{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "[" + ", ".join(levels) + "]"


def _plan_text(tmp_path: Path, body: str) -> Path:
    """A plan file with ``body`` as its reports, over the fixture notebooks (copied once)."""
    write_plan(tmp_path, [{"id": "x", **OK, "title": "x"}])  # notebooks/ and data/
    text = (
        f"notebooks: {tmp_path / 'notebooks'}\ndata: {tmp_path / 'data'}\ntimeout: 60\n"
        f"reports:\n{body}\n"
    )
    path = tmp_path / "plan.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["parameter", "grid"])
def test_n17_a_yaml_bomb_is_refused_at_once(tmp_path, where):
    """N17: a 503-byte alias bomb as a mistyped parameter (the error's repr) or as grid values
    (the id of each combination) exhausted memory: MemoryError traceback, rc 1, 12-36 s."""
    head = "  - {id: bomb, notebook: ok.ipynb, edition: report, title: Bomb, "
    if where == "parameter":
        body = head + "parameters: {n: " + _bomb() + "}}"
    else:
        body = head + "grid: {label_suffix: " + _bomb() + "}}"
    plan = _plan_text(tmp_path, body)
    assert len(plan.read_bytes()) < 1200
    proc, seconds = _render_limited(plan, tmp_path / "out")
    assert proc.returncode == render.EXIT_USAGE, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and seconds < 20
    assert f"invalid render plan {plan}" in proc.stderr
    assert f"holds more than {MAX_YAML_NODES} values, aliases expanded" in proc.stderr
    assert f'in "{plan}", line' in proc.stderr
    assert not (tmp_path / "out").exists()


def test_n22_deep_nesting_is_a_clear_error(tmp_path, capsys):
    """N22: parameters nested 1000 deep gave a RecursionError traceback (214 kB), rc 1."""
    for deep in ("[" * 1000 + "]" * 1000, "{a: " * 1000 + "1" + "}" * 1000):
        plan = _plan_text(
            tmp_path,
            f"  - {{id: d, notebook: ok.ipynb, edition: report, "
            f"title: D, parameters: {{n: {deep}}}}}",
        )
        assert run_inprocess(plan, tmp_path / "out") == render.EXIT_USAGE
        err = capsys.readouterr().err
        assert f"nested more than {MAX_YAML_DEPTH} levels deep, aliases expanded" in err
        assert len(err) < 2000 and not (tmp_path / "out").exists()


def test_n19_a_plan_wide_ceiling_counted_before_expanding(tmp_path, capsys):
    """N19: 1000 entries x one anchored 1000-value grid were 10^6 accepted reports (88 s,
    2.2 GB), and `--only` with no match printed all 10^6 ids (24.8 MB)."""
    # the review's plan: the anchor makes it 140 kB
    values = ", ".join(str(v / 10) for v in range(1000))
    entries = [
        f"  - {{id: s{i}, notebook: ok.ipynb, edition: report, title: S, "
        f"grid: {{scale: {'&v [' + values + ']' if i == 0 else '*v'}}}}}"
        for i in range(1000)
    ]
    plan = _plan_text(tmp_path, "\n".join(entries))
    t0 = time.perf_counter()
    assert run_inprocess(plan, tmp_path / "out", "--only", "zzznomatch") == render.EXIT_USAGE
    err = capsys.readouterr().err
    assert time.perf_counter() - t0 < 10 and len(err) < 2000
    assert f"holds more than {MAX_YAML_NODES} values, aliases expanded" in err
    # without aliases: 3 grids of 1000 values are 3000 reports, refused before expanding
    entries = [
        {"id": f"s{i}", **OK, "title": "S", "grid": {"scale": [v / 10 for v in range(1000)]}}
        for i in range(3)
    ]
    plan = write_plan(tmp_path, entries)
    with pytest.raises(PlanError) as exc:
        load_plan(plan)
    assert exc.value.problems == [
        f"the plan expands into 3000 reports; at most {MAX_REPORTS} in one plan (MAX_REPORTS)"
    ]
    # a grid value is copied into every combination: its size is bounded too
    big = {"id": "b", **OK, "title": "B", "grid": {"label_suffix": [["IRN"] * 2000, "x"]}}
    with pytest.raises(PlanError, match=f"holds more than {MAX_GRID_VALUE_NODES} values"):
        load_plan(write_plan(tmp_path, [big]))
    # at the ceiling the plan is valid, and `--only` lists a bounded number of its ids
    plan = write_plan(tmp_path, entries[:2])
    assert len(load_plan(plan).reports) == 2000
    assert run_inprocess(plan, tmp_path / "out", "--only", "zzz") == render.EXIT_USAGE
    err = capsys.readouterr().err
    assert "known ids: s0-scale0.0, " in err and "... (2000 in all)" in err and len(err) < 2000


def test_r23_r24_ids_are_checked_whole_and_by_length_before_anything_runs(tmp_path):
    """R23: id 'abc\\n' was accepted (a folder 'abc\\n' was written). R24: a 300-character id
    (or a grid id over 255) ran its kernel and then failed as exit 4 'cannot write to the
    output folder (File name too long)'. (load_plan: a regression starts nothing here.)"""
    long_id = "a" * 300
    reports = [
        {"id": "abc\n", **OK, "title": "A"},
        {"id": long_id, **OK, "title": "L"},
        {"id": "g", **OK, "title": "G", "grid": {"label_suffix": ["IRN" * 80]}},
        {"id": "a" * MAX_ID_LENGTH, **OK, "title": "at the ceiling"},
    ]
    with pytest.raises(PlanError) as exc:
        load_plan(write_plan(tmp_path, reports))
    err = str(exc.value)
    assert "3 problem(s)" in err
    assert "report #1 ('abc\\n'): id must match [A-Za-z0-9][A-Za-z0-9_.-]*" in err
    assert f"id is 300 characters long; at most {MAX_ID_LENGTH} (MAX_ID_LENGTH" in err
    assert f"id is {len('g-label_suffix') + 240} characters long" in err
    assert long_id not in err  # shown cut


def test_r25_a_notebook_outside_the_plans_notebooks_folder_is_refused(tmp_path):
    """R25: `notebook: $SCRATCH/outside.ipynb` was accepted and executed."""
    plan = write_plan(tmp_path, [{"id": "x", **OK, "title": "x"}])
    outside = tmp_path / "outside.ipynb"
    shutil.copy(FIXTURES / "ok.ipynb", outside)
    (tmp_path / "notebooks" / "link.ipynb").symlink_to(outside)
    reports = [
        {"id": "abs", **OK, "notebook": str(outside), "title": "A"},
        {"id": "up", **OK, "notebook": "../outside.ipynb", "title": "U"},
        {"id": "link", **OK, "notebook": "link.ipynb", "title": "L"},
        {"id": "inside", **OK, "notebook": "../notebooks/ok.ipynb", "title": "I"},
    ]
    plan = write_plan(tmp_path, reports)
    with pytest.raises(PlanError) as exc:
        load_plan(plan)
    problems = exc.value.problems
    assert len(problems) == 3, problems
    for p, rid in zip(problems, ("abs", "up", "link"), strict=True):
        assert p.startswith(f"report #{['abs', 'up', 'link'].index(rid) + 1} ({rid}): notebook ")
        assert "is outside the plan's notebooks folder" in p


def test_n21_nul_bytes_in_paths_are_plan_errors(tmp_path, capsys):
    """N21: a NUL byte in `notebook:` or `data:` gave `ValueError: embedded null byte`, rc 1."""
    (tmp_path / "caps.csv").write_text("x\n", encoding="utf-8")
    cases = [
        ({}, {"id": "nb", **OK, "notebook": "ok\0.ipynb", "title": "N"}, "'notebook'"),
        ({"data": "da\0ta"}, {"id": "d", **OK, "title": "D"}, "'data'"),
        ({"notebooks": "note\0books"}, {"id": "n", **OK, "title": "N"}, "'notebooks'"),
    ]
    for top, report, where in cases:
        plan = write_plan(tmp_path, [report], **top)
        assert run_inprocess(plan, tmp_path / "out") == render.EXIT_USAGE, where
        err = capsys.readouterr().err
        assert f"{where}: the path contains a NUL byte" in err
        assert "Traceback" not in err and not (tmp_path / "out").exists()


# --- the scheduler (N36-N38): no cluster needed --------------------------------------------


@pytest.fixture(scope="module")
def last_good(tmp_path_factory):
    """One report rendered locally: the output that a failing scheduler must leave intact."""
    pytest.importorskip("distributed", reason="the cluster extra is not installed")
    folder = tmp_path_factory.mktemp("last-good")
    plan = write_plan(folder, [{"id": "r", **OK, "parameters": {"n": 2}, "title": "R"}])
    out = folder / "out"
    proc, _ = cli(plan, out, "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    return plan, out


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != render.LOCK_FILE
    }


def _unlocked(out: Path) -> bool:
    with open(out / render.LOCK_FILE, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s", **extra}


def test_n38_wrong_scheme_or_no_address_is_usage(tmp_path):
    """N38: `--scheduler http://…` and `'not an address'` gave ValueError tracebacks, rc 1."""
    plan = write_plan(tmp_path, [{"id": "a", **OK, "title": "A"}])
    for address, says in [
        (
            "http://127.0.0.1:18953",
            "parameter 'protocol' must be one of ['tcp', 'tls'], got 'http'",
        ),
        ("not an address", "must be PROTOCOL://HOST:PORT"),
        ("tcp://127.0.0.1:99999", "the port must be from 1 to 65535"),
    ]:
        proc, seconds = cli(plan, tmp_path / "out", "--scheduler", address, timeout=60)
        assert proc.returncode == render.EXIT_USAGE, proc.stderr
        assert f"error: argument --scheduler: {address!r}: {says}" in proc.stderr
        assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()


@pytest.mark.slow  # renders a report first (a kernel)
def test_n36_nothing_at_the_address_is_its_own_error(tmp_path, last_good):
    """N36: `tcp://127.0.0.1:1` was reported after 31 s as `cannot write to the output
    folder … (OSError …)`, exit 4."""
    plan, good = last_good
    out = tmp_path / "out"
    shutil.copytree(good, out)
    before = _snapshot(out)
    address = f"tcp://127.0.0.1:{_free_port()}"
    proc, seconds = cli(plan, out, "--force", "--scheduler", address, env=_env(), timeout=60)
    assert proc.returncode == render.EXIT_SCHEDULER == 5, proc.stderr
    assert f"Dask scheduler at {address}" in proc.stderr  # nothing listens: "cannot connect"
    assert "distributed.comm.timeouts.connect" in proc.stderr
    assert "cannot write to the output folder" not in proc.stderr
    assert "Traceback" not in proc.stderr and seconds < 20
    assert _snapshot(out) == before and _unlocked(out)


@pytest.mark.slow  # renders a report first (a kernel)
def test_n37_a_service_that_is_not_dask_times_out_and_frees_the_lock(tmp_path, last_good):
    """N37: an HTTP server at the address hung the render for 7 minutes, lock held."""
    plan, good = last_good
    out = tmp_path / "out"
    shutil.copytree(good, out)
    before = _snapshot(out)
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:  # accepts and never answers, as an HTTP server waiting for a request
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    try:
        proc, seconds = cli(plan, out, "--force", "--scheduler", address, env=_env(), timeout=60)
    finally:
        stop.set()
        thread.join(5)
        server.close()
        for conn in accepted:
            conn.close()
    assert accepted, "the render never connected"
    assert proc.returncode == render.EXIT_SCHEDULER, proc.stderr
    assert f"no Dask scheduler answered at {address} within 3 s" in proc.stderr
    assert "Traceback" not in proc.stderr and seconds < 20
    assert _snapshot(out) == before and _unlocked(out) and not thread.is_alive()
    assert manifest(out)["r"]["status"] == "ok"
