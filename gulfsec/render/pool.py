"""The renderer's worker processes: they die with the render, whatever ends it.

``gulfsec render`` runs notebook groups in forked worker processes. The pool is written here
by hand rather than taken from :class:`concurrent.futures.ProcessPoolExecutor` or
:class:`multiprocessing.pool.Pool`, because the renderer needs guarantees neither gives:

- **workers die with their parent**, even when it is killed with ``SIGKILL``: each worker asks
  the kernel for ``SIGTERM`` when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``) and a
  watchdog thread checks ``os.getppid()`` twice a second (every POSIX system) as a second line;
  a worker's ``SIGTERM`` handler stops its kernels first (each kernel also polls its own
  parent, the worker, and exits when it is gone);
- **no helper thread in the parent**: the executor's manager thread races an interrupt
  (``InvalidStateError`` tracebacks on ``SIGTERM``/Ctrl-C) and its exit hook can wait for ever
  on a pipe of a killed worker; here the parent waits on the workers' pipes and process
  sentinels with :func:`multiprocessing.connection.wait`, so a signal is handled at once;
- **a worker that dies** (``SIGKILL``, out of memory) fails only the group it was running; a
  replacement worker takes the remaining groups;
- **Ctrl-C is the parent's business**: ``SIGINT`` and ``SIGTERM`` are blocked while a worker is
  forked, so a signal can never reach a half-initialised worker.

Examples
--------
>>> def double(task):
...     return task * 2
>>> results = []
>>> run_tasks([1, 2, 3], double, workers=2, on_result=lambda t, r: results.append(r),
...           on_crash=lambda t, why: results.append(why), init=lambda: None)
>>> sorted(results)
[2, 4, 6]
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["die_with_parent", "run_tasks", "stop_workers"]

#: Signals blocked around a fork and that a worker leaves to its parent.
_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, on_orphan: Callable[[], None] | None = None) -> None:
    """Make this process end when ``parent_pid`` (its parent) ends, however it ends.

    On Linux the kernel sends ``SIGTERM`` when the parent dies (``PR_SET_PDEATHSIG``); on
    every system a daemon thread checks ``os.getppid()`` every 0.5 s and, once the parent is
    gone, calls ``on_orphan`` (e.g. stop the kernels) and exits with status 1.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog remains
            pass
    if os.getppid() != parent_pid:  # the parent died before we could ask
        _orphaned(on_orphan)

    def watch() -> None:
        import time

        while os.getppid() == parent_pid:
            time.sleep(0.5)
        _orphaned(on_orphan)

    threading.Thread(target=watch, name="gulfsec-parent-watchdog", daemon=True).start()


def _orphaned(on_orphan: Callable[[], None] | None) -> None:
    try:
        if on_orphan is not None:
            on_orphan()
    finally:
        os._exit(1)


def _worker_main(conn, parent_pid: int, init: Callable[[], None], func: Callable) -> None:
    """Body of a worker: ``init()``, then run the tasks the parent sends until ``None``."""
    try:
        init()
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            break
        if task is None:
            break
        try:
            result: Any = ("ok", func(task))
        except Exception as exc:  # a bug in one task must not stop the worker
            result = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(result)
        except (OSError, ValueError):
            break
    conn.close()


class _Worker:
    def __init__(self, ctx, init: Callable[[], None], func: Callable, pool: list):
        parent, child = ctx.Pipe()
        self.conn = parent
        self.task: Any = None
        # Blocked during the fork: the child inherits the mask and unblocks it once its own
        # handlers are in place, so a Ctrl-C at this moment is delivered to the parent only,
        # and only once the new worker is in ``pool``, where the parent's cleanup finds it.
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            self.proc = ctx.Process(
                target=_worker_main, args=(child, os.getpid(), init, func), daemon=True
            )
            self.proc.start()
            pool.append(self)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        child.close()


def run_tasks(
    tasks: Sequence[Any],
    func: Callable[[Any], Any],
    workers: int,
    on_result: Callable[[Any, Any], None],
    on_crash: Callable[[Any, str], None],
    init: Callable[[], None],
    pool_out: list | None = None,
) -> None:
    """Run ``func(task)`` for every task in ``workers`` forked processes, in order of ``tasks``.

    Parameters
    ----------
    tasks : sequence
        Picklable task objects; handed out in order, one at a time per worker.
    func : callable
        Module-level function run in a worker (``func(task) -> result``).
    workers : int
        Number of worker processes (at most ``len(tasks)`` are started).
    on_result : callable
        Called in the parent as ``on_result(task, result)`` when a task finished.
    on_crash : callable
        Called as ``on_crash(task, reason)`` when a task raised or its worker died.
    init : callable
        Run first in every worker (signal handlers, :func:`die_with_parent`, ...).
    pool_out : list, optional
        Receives the live workers, so that :func:`stop_workers` can stop them when the
        caller is interrupted (a ``KeyboardInterrupt`` or another exception propagates).
    """
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    queue = list(tasks)
    queue.reverse()  # pop() from the end takes the first task
    pool: list[_Worker] = pool_out if pool_out is not None else []
    n = max(1, min(workers, len(queue)))

    def feed(w: _Worker) -> None:
        w.task = queue.pop()
        w.conn.send(w.task)

    for _ in range(n):
        if not queue:
            break
        feed(_Worker(ctx, init, func, pool))
    while any(w.task is not None for w in pool):
        busy = [w for w in pool if w.task is not None]
        ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy])
        for w in busy:
            msg = None
            if w.conn in ready:
                try:
                    msg = w.conn.recv()
                except (EOFError, OSError):
                    msg = None
            elif w.proc.sentinel not in ready:
                continue
            task, w.task = w.task, None
            if msg is None:  # the worker died (SIGKILL, out of memory, ...)
                w.proc.join(timeout=5)
                code = w.proc.exitcode
                why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                on_crash(task, f"worker process died ({why}) while running this notebook")
                w.conn.close()
                pool.remove(w)
                if queue:
                    feed(_Worker(ctx, init, func, pool))
                continue
            status, value = msg
            if status == "ok":
                on_result(task, value)
            else:
                on_crash(task, value)
            if queue:
                feed(w)
    for w in pool:
        try:
            w.conn.send(None)
        except OSError:
            pass
    for w in pool:
        w.proc.join(timeout=10)
        if w.proc.is_alive():  # pragma: no cover - a worker that does not stop
            w.proc.kill()
            w.proc.join(timeout=2)
        w.conn.close()
    pool.clear()


def stop_workers(pool: list, grace: float = 5.0) -> None:
    """Stop workers at once: ``SIGTERM`` (each stops its kernels), then ``SIGKILL`` if needed.

    Parameters
    ----------
    pool : list
        The list that :func:`run_tasks` filled (``pool_out``); emptied.
    grace : float
        Seconds a worker has to stop its kernels before it is killed.
    """
    import time

    procs = [w.proc for w in pool]
    for p in procs:
        if p.is_alive():
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
    for w in pool:
        try:
            w.conn.close()
        except OSError:
            pass
    pool.clear()
