"""``gulfsec render --scheduler ADDRESS``: the executions of a render on a dask.distributed cluster.

Each (notebook, parameters) group becomes one task submitted to the scheduler at ``ADDRESS``
(``tcp://host:8786``, or anything :class:`distributed.Client` accepts). A worker executes the
group in a kernel of its own (:func:`gulfsec.render.execute.build_group`, in a scratch folder
on the worker) and returns the pages, notebooks and images as bytes; the client (the machine
that runs ``gulfsec render``) writes them atomically into the output folder exactly as the
local pool does, so the workers need no shared file system, only the same installation:
the ``gulfsec`` package with its kernel (``make setup``), the notebooks and the data at the
same paths as on the client (a container image or the same checkout). Everything else is as
with the local pool: the lock, the cache, the manifest and the index are the client's.

Ctrl-C or SIGTERM cancels the tasks not yet started and stops, on every worker, the kernels
this render started (:func:`stop_render_kernels`, through :meth:`distributed.Client.run`), so
a running notebook ends at once; the client then exits 130/143 as with the local pool. A
worker that dies takes its kernels with it (ipykernel exits when its parent process dies).

Install with ``pip install gulfsec[cluster]``; without ``--scheduler`` nothing of Dask is
imported.

Examples
--------
>>> import argparse
>>> from gulfsec.render import add_arguments
>>> p = argparse.ArgumentParser()
>>> add_arguments(p)
>>> p.parse_args(["--scheduler", "tcp://127.0.0.1:8786"]).scheduler
'tcp://127.0.0.1:8786'
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["execute_on_cluster", "remote_build", "stop_render_kernels"]


def remote_build(task: dict[str, Any]) -> dict[str, Any]:
    """Run on a worker: build one group in a scratch folder of the worker; return everything."""
    from gulfsec.render import execute

    execute.skip_slow_optional_imports()
    scratch = Path(tempfile.mkdtemp(prefix="gulfsec-render-"))
    try:
        return execute.build_group(dict(task, staging=str(scratch)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def stop_render_kernels(run: str) -> int:
    """Run on a worker: stop the kernels started for the render ``run``; returns how many."""
    from gulfsec.render import execute

    return execute.stop_kernels(run)


def execute_on_cluster(
    address: str,
    tasks: list[dict[str, Any]],
    out: Path,
    results: dict[str, dict[str, Any]],
    line: Callable[..., None],
) -> int:
    """Submit the groups to the scheduler at ``address``; write what comes back into ``out``.

    Returns the signal number if interrupted, else 0 (the local pool's contract).
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - the extra is installed in tests
        raise SystemExit(
            "gulfsec render: --scheduler needs dask.distributed: pip install 'gulfsec[cluster]'"
        ) from exc
    from gulfsec.render import _crashed, _Terminated
    from gulfsec.render.execute import write_files

    run = uuid.uuid4().hex
    staging = out / f".staging-{os.getpid()}"
    staging.mkdir(parents=True, exist_ok=True)

    client = Client(address, timeout="30s")
    futures = []
    try:
        for task in tasks:
            t = dict(task, run=run)
            futures.append(
                client.submit(
                    remote_build, t, key=f"gulfsec-{t['group']}-{run}", pure=False, retries=0
                )
            )
        by_key = dict(zip((f.key for f in futures), tasks, strict=True))
        for fut in as_completed(futures):
            task = by_key[fut.key]
            try:
                res = fut.result()
                write_files(out, res.pop("files"), staging)
            except Exception as exc:  # a worker lost, a task that could not run
                res = _crashed(task, f"{type(exc).__name__}: {exc}")
            for rep in res["reports"]:
                results[rep["id"]] = rep
                line(
                    "ok" if rep["status"] == "ok" else "FAILED",
                    rep["id"],
                    rep["seconds"],
                    rep.get("error"),
                )
        return 0
    except (KeyboardInterrupt, _Terminated) as exc:  # SIGTERM raises _Terminated (render.run)
        old_term = signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signum = signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM
        client.cancel(futures, force=True)
        try:
            client.run(stop_render_kernels, run)
        except Exception:  # pragma: no cover - a worker gone is a worker without kernels
            pass
        signal.signal(signal.SIGTERM, old_term)
        return signum
    finally:
        client.close()
        shutil.rmtree(staging, ignore_errors=True)
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
