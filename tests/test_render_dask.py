"""``gulfsec render --scheduler``: executions on a dask.distributed cluster (issue 15).

A ``LocalCluster`` on 127.0.0.1 (one worker process, two threads): the same plan gives the same
bytes as the local pool (timestamps aside), a ``grid`` entry expands into reports, and SIGTERM
stops the kernels the cluster's worker started for this render. The cluster is closed at the
end of the module, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from test_render import FIXTURES, ROOT, cli, manifest, write_plan

from gulfsec import render
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


# --- the scheduler under faults and with TLS (issue 23: N36-N41) ----------------------------


def _certificates(folder: Path, name: str) -> dict[str, str]:
    """A throwaway CA and one certificate for 127.0.0.1 signed by it (openssl, EC P-256)."""
    folder.mkdir(parents=True, exist_ok=True)

    def ssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    ssl(
        "req",
        "-x509",
        *key,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        f"/CN={name}-ca",
    )
    ssl("req", *key, "-keyout", "node.key", "-out", "node.csr", "-subj", "/CN=127.0.0.1")
    (folder / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n", encoding="utf-8")
    ssl(
        "x509",
        "-req",
        "-in",
        "node.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "node.pem",
        "-days",
        "2",
        "-extfile",
        "san.cnf",
    )
    return {
        k: str(folder / f) for k, f in (("ca", "ca.pem"), ("cert", "node.pem"), ("key", "node.key"))
    }


def _tls_env(files: dict[str, str]) -> dict[str, str]:
    """The client's TLS settings as Dask's configuration reads them from the environment."""
    return {
        **os.environ,
        "DASK_DISTRIBUTED__COMM__TLS__CA_FILE": files["ca"],
        "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT": files["cert"],
        "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY": files["key"],
        "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION": "True",
        "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "5s",
    }


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_scheduler_renders_for_certified_clients_only(tmp_path, monkeypatch):
    """N41: `tls://` gave `TypeError: TLS expects a ssl_context…`; it worked only through
    undocumented environment variables. Now: Dask's TLS settings (reports/README.md), a clear
    error without them, and no render for a client without a certificate of the cluster's CA."""
    monkeypatch.setenv("GULFSEC_TEST_TAG", TAG)  # the cluster's kernels inherit it: _kernels()
    files = _certificates(tmp_path / "tls", "gulfsec-test")
    other = _certificates(tmp_path / "other", "stranger")
    security = distributed.Security(
        tls_ca_file=files["ca"],
        tls_scheduler_cert=files["cert"],
        tls_scheduler_key=files["key"],
        tls_worker_cert=files["cert"],
        tls_worker_key=files["key"],
        tls_client_cert=files["cert"],
        tls_client_key=files["key"],
        require_encryption=True,
    )
    plan = write_plan(
        tmp_path, [{"id": "t", "notebook": "ok.ipynb", "edition": "report", "title": "T"}]
    )
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        protocol="tls",
        host="127.0.0.1",
        security=security,
        dashboard_address=None,
    ) as c:
        address = c.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        proc, _ = cli(plan, out, "--scheduler", address, env=_tls_env(files))
        assert proc.returncode == 0, proc.stderr
        assert manifest(out)["t"]["status"] == "ok" and (out / "t" / "t.html").is_file()
        before = (out / "t" / "t.html").read_bytes()
        refused = [
            # no TLS settings: named, before anything connects
            (
                address,
                {**os.environ},
                "Dask's configuration does not give the client's "
                "distributed.comm.tls.ca-file, distributed.comm.tls.client.cert",
            ),
            # a certificate of another CA, and a plain client: no Dask scheduler answers them
            (address, _tls_env(other), "Dask scheduler at tls://"),
            (
                address.replace("tls://", "tcp://"),
                {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "5s"},
                "Dask scheduler",
            ),
        ]
        for addr, env, says in refused:
            proc, seconds = cli(plan, out, "--force", "--scheduler", addr, env=env, timeout=60)
            assert proc.returncode == render.EXIT_SCHEDULER, proc.stderr
            assert says in proc.stderr and "Traceback" not in proc.stderr and seconds < 30
        assert (out / "t" / "t.html").read_bytes() == before
    assert _kernels() == []


def test_connect_timeout_is_dask_configuration_with_a_ceiling():
    import dask

    from gulfsec.render.cluster import MAX_CONNECT_TIMEOUT, SchedulerError, connect_timeout

    assert connect_timeout() == 30  # distributed's default
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        assert connect_timeout() == 2
    for bad in ("1h", "0s", "soon"):
        with dask.config.set({"distributed.comm.timeouts.connect": bad}):
            with pytest.raises(SchedulerError, match=f"at most {MAX_CONNECT_TIMEOUT:g} s"):
                connect_timeout()


def test_a_worker_answer_may_name_only_its_reports_files():
    """From N40: the client wrote whatever paths a worker returned under --out."""
    from gulfsec.render.cluster import check_result_files

    good = {"a/a.html": b"", "a/a.ipynb": b"", "a/a.failed.ipynb": None}
    good |= {"_static/gulfsec.0123456789ab.css": b"", "_static/img/0123456789abcdef.png": b""}
    assert check_result_files(good, ["a"]) == good
    for bad in (
        "../x.html",
        "b/b.html",
        "/etc/passwd",
        "a/../../x",
        "_static/../x.css",
        "index.html",
        "_static/img/.x.png",
        "a/a.html/x",
    ):
        with pytest.raises(ValueError, match="does not write"):
            check_result_files({bad: b""}, ["a"])
    with pytest.raises(ValueError, match="not bytes"):
        check_result_files({"a/a.html": "text"}, ["a"])


def test_the_docs_say_what_an_open_scheduler_means():
    """N40: reports/README suggested `dask scheduler --host 10.0.0.5` with no warning."""
    import re

    text = (ROOT / "reports" / "README.md").read_text(encoding="utf-8")
    section = text.split("## On a cluster", 1)[1].split("\n## ", 1)[0]
    prose = " ".join(section.split())
    assert "An open scheduler runs anyone's code" in prose
    assert "whoever can reach its port can submit any Python function" in prose
    for needed in (
        "bind it to 127.0.0.1",
        "tls://",
        "DASK_DISTRIBUTED__COMM__TLS__CA_FILE",
        "distributed.comm.timeouts.connect",
        "exit 5",
    ):
        assert needed in prose, needed
    # every scheduler, worker or client address off 127.0.0.1 is a TLS one
    commands = section.replace("\\\n", " ")
    for line in commands.splitlines():
        for host in re.findall(r"(?:--host |tcp://|tls://)([0-9A-Za-z.]+)", line):
            assert host == "127.0.0.1" or "tls" in line, line
