"""Local workers: the executions of a render in a :class:`concurrent.futures.ProcessPoolExecutor`.

Each (notebook, parameters) group is one task (:func:`gulfsec.render.execution.render_group`).
The executor's processes are forked (Linux; spawned elsewhere), and each runs
:func:`init_worker` first, which gives the guarantees the render makes:

- **a worker dies with the render**, however the render ends (even ``kill -9``): the worker
  asks the kernel for ``SIGTERM`` when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``,
  through :mod:`ctypes`), and a daemon thread polls ``os.getppid()`` twice a second as a second
  line on every POSIX system; a worker's ``SIGTERM`` handler stops its kernels, then exits;
- **Ctrl-C is the render's business**: workers ignore ``SIGINT``; the render stops them
  (:func:`stop_workers`, over :func:`multiprocessing.active_children`) and they stop their
  kernels;
- **a worker that dies** (``SIGKILL``, out of memory) fails the group it was running, named with
  the signal; the groups not yet finished elsewhere run again in a new executor (the executor
  breaks as a whole when one of its processes dies);
- kernel connection files and temporary files go into the render's staging folder, which the
  next render removes if this one was killed.

Examples
--------
>>> import multiprocessing
>>> stop_workers(grace=0.1)  # a process without workers has nothing to stop
>>> multiprocessing.active_children()
[]
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["die_with_parent", "init_worker", "run_local", "stop_workers"]

_PR_SET_PDEATHSIG = 1
#: A file in the staging folder per running task: the pid of the worker that runs it.
_STARTED = "{group}.worker"


def die_with_parent(parent_pid: int, on_orphan: Callable[[], None] | None = None) -> None:
    """Make this process end when ``parent_pid`` (its parent) ends, however it ends.

    On Linux the kernel sends ``SIGTERM`` when the parent dies (``PR_SET_PDEATHSIG``); on
    every POSIX system a daemon thread checks ``os.getppid()`` every 0.5 s and, once the
    parent is gone, calls ``on_orphan`` (e.g. stop the kernels) and exits with status 1.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the poll remains
            pass

    def orphaned() -> None:
        try:
            if on_orphan is not None:
                on_orphan()
        finally:
            os._exit(1)

    if os.getppid() != parent_pid:  # the parent died before we could ask
        orphaned()

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        orphaned()

    threading.Thread(target=watch, name="gulfsec-parent-watch", daemon=True).start()


def _on_sigterm(signum, frame):  # pragma: no cover - exercised through a subprocess
    from gulfsec.render.execution import stop_kernels

    stop_kernels()
    os._exit(128 + signum)


def init_worker(parent_pid: int, staging: str) -> None:
    """Initializer of a local worker (see the module docstring)."""
    import logging
    import tempfile

    from gulfsec.render.execution import stop_kernels

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    die_with_parent(parent_pid, stop_kernels)
    tmp = Path(staging) / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(tmp)
    # jupyter_client writes the kernels' connection files into the runtime folder
    os.environ["JUPYTER_RUNTIME_DIR"] = str(tmp)
    # Failures are reported through the results (and the index); keep cron logs clean.
    for name in ("papermill", "nbclient", "traitlets"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _run_task(task: dict[str, Any]) -> dict[str, Any]:
    from gulfsec.render.execution import render_group

    mark = Path(task["staging"]) / _STARTED.format(group=task["group"])
    mark.write_text(str(os.getpid()))
    try:
        return render_group(task)
    finally:
        mark.unlink(missing_ok=True)


def stop_workers(grace: float = 5.0) -> None:
    """Stop this process's worker processes: ``SIGTERM`` (each stops its kernels), then
    ``SIGKILL`` after ``grace`` seconds."""
    import multiprocessing

    procs = multiprocessing.active_children()
    for p in procs:
        try:
            os.kill(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    for p in procs:
        p.join(timeout=max(0.0, deadline - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join(timeout=2)


def run_local(
    tasks: list[dict[str, Any]],
    workers: int,
    staging: Path,
    on_result: Callable[[dict[str, Any], dict[str, Any]], None],
    on_crash: Callable[[dict[str, Any], str], None],
) -> None:
    """Run every task in ``workers`` processes; ``on_result(task, result)`` as each finishes.

    A task whose worker died is given to ``on_crash(task, reason)``; the others that had not
    finished run again in a new executor. ``KeyboardInterrupt`` (and any exception of the
    caller's signal handlers) propagates: the caller then calls :func:`stop_workers`.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pending = list(tasks)
    while pending:
        executor = ProcessPoolExecutor(
            max_workers=max(1, min(workers, len(pending))),
            mp_context=ctx,
            initializer=init_worker,
            initargs=(os.getpid(), str(staging)),
        )
        procs: dict[int, Any] = {}
        broken = False
        try:
            futures = {executor.submit(_run_task, t): t for t in pending}
            pending = []
            waiting = set(futures)
            while waiting:
                procs.update({p.pid: p for p in multiprocessing.active_children()})
                done, waiting = wait(waiting, timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in done:
                    task = futures[fut]
                    try:
                        on_result(task, fut.result())
                    except BrokenProcessPool:
                        broken = True
                        pending.append(task)
                    except Exception as exc:  # a bug in one task must not stop the others
                        on_crash(task, f"{type(exc).__name__}: {exc}")
        except BaseException:  # Ctrl-C, SIGTERM: the caller stops the workers
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        executor.shutdown(wait=True, cancel_futures=True)
        if broken:
            pending = _after_break(pending, staging, procs, on_crash)


def _after_break(
    unfinished: list[dict[str, Any]],
    staging: Path,
    procs: dict[int, Any],
    on_crash: Callable[[dict[str, Any], str], None],
) -> list[dict[str, Any]]:
    """The tasks to run again after a worker died: all but those the dead worker ran."""
    for p in procs.values():
        p.join(timeout=5)
    dead = {
        pid: p.exitcode
        for pid, p in procs.items()
        if p.exitcode is not None and p.exitcode != 0 and p.exitcode != -signal.SIGTERM
    }
    again = []
    for task in unfinished:
        mark = staging / _STARTED.format(group=task["group"])
        try:
            pid = int(mark.read_text())
        except (OSError, ValueError):
            pid = None
        mark.unlink(missing_ok=True)
        if pid in dead:
            code = dead[pid]
            why = f"signal {-code}" if code < 0 else f"exit code {code}"
            on_crash(task, f"worker process died ({why}) while running this notebook")
        else:
            again.append(task)
    if len(again) == len(unfinished):  # no culprit found: do not loop for ever
        for task in again:
            on_crash(task, "worker process died while running this notebook")
        return []
    return again
