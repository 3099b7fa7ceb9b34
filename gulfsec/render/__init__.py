"""``gulfsec render``: scheduled, cached, parallel rendering of the notebooks into reports.

The render plan (``reports/plan.yml``, see :mod:`gulfsec.render.plan`) lists reports: a
notebook, its parameters, an edition (``report``: code hidden; ``student``: cells tagged
``solution`` removed; ``instructor``: every cell) and a title. Each report keeps only the
markdown cells of its language (cells tagged ``lang-en`` / ``lang-ar``; untagged cells stay).

``gulfsec render [--plan FILE] [--only ID ...] [--workers N] [--force] [--out DIR] [--quiet]``

1. validates the whole plan (unknown notebook or parameter, wrong type: exit 2, nothing runs);
2. takes a lock on the output folder (another render holds it: exit 3);
3. computes each report's cache key (:mod:`gulfsec.render.keys`) and skips unchanged reports
   (``--force`` renders all); a run where nothing changed starts no kernel;
4. executes each distinct (notebook, parameters) group once with papermill (project kernel,
   the notebook's folder as working directory, per-cell timeout), in parallel worker processes,
   and derives the group's editions from that one execution, converting them to
   self-contained HTML with nbconvert in the same worker;
5. writes ``<out>/<id>/<id>.ipynb`` and ``.html`` (or ``<id>.failed.ipynb`` on failure, leaving
   the last good HTML untouched), then ``manifest.json``, ``index.html`` and ``index.ar.html``.
   Every file is written atomically.

Exit codes
----------
0 every selected report is up to date; 1 at least one report failed; 2 invalid plan or usage
(or the project kernel is not registered); 3 another render holds the lock on the output
folder; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM): kernels are stopped and no partial
file is left.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_arguments(p)
>>> p.parse_args(["--only", "a", "b", "--workers", "2"]).only
['a', 'b']
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

KERNEL = "gulfsec"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PLAN = ROOT / "reports" / "plan.yml"
MANIFEST = "manifest.json"
LOCK_FILE = ".render.lock"
STAGING_PREFIX = ".staging-"

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "add_arguments",
    "run",
]


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"--workers must be a positive integer, got {text!r}")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``render`` options to an argument parser (called by :mod:`gulfsec.cli`)."""
    parser.description = (
        "Render the reports of a plan: validate it, skip unchanged reports, execute each "
        "notebook/parameters group once in parallel, write HTML and notebooks, an index and a "
        "manifest. Exit codes: 0 ok, 1 a report failed, 2 invalid plan or usage, 3 another "
        "render holds the lock, 130/143 interrupted."
    )
    parser.add_argument(
        "--plan", type=Path, default=None, help=f"render plan (YAML); default: {DEFAULT_PLAN}"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="ID",
        default=None,
        help="render only these report ids (glob patterns allowed, e.g. '01_*')",
    )
    parser.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        help="parallel worker processes (default: one per core)",
    )
    parser.add_argument("--force", action="store_true", help="render even unchanged reports")
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: the plan file's folder)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only failures and errors")


class _Terminated(BaseException):
    """Raised in the main process by SIGTERM."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        with open(out / MANIFEST, encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _check_kernel(name: str) -> str | None:
    """None if the kernel is registered, else the message to show."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        return (
            f"the Jupyter kernel {name!r} is not registered; run `make setup` (it installs the "
            f"project kernel into .venv) and try again"
        )
    return None


class _Progress:
    """A tqdm bar on a terminal; one plain line per report otherwise (cron logs)."""

    def __init__(self, total: int, quiet: bool):
        self.quiet = quiet
        self.bar = None
        if not quiet and total and sys.stderr.isatty():
            import tqdm

            tqdm.tqdm.monitor_interval = 0
            self.bar = tqdm.tqdm(total=total, unit="report", desc="gulfsec render", file=sys.stderr)

    def line(
        self, status: str, rid: str, seconds: float | None = None, error: str | None = None
    ) -> None:
        first = (error or "").strip().splitlines()[0] if error else ""
        text = f"{status:<7} {rid}"
        if seconds is not None:
            text += f"  {seconds:.1f} s"
        if first:
            text += f"  {first}"
        if self.bar is not None:
            if status != "cached":
                self.bar.update(1)
            if status == "FAILED":
                self.bar.write(text, file=sys.stderr)
            return
        if status == "FAILED":
            print(text, file=sys.stderr if self.quiet else sys.stdout, flush=True)
        elif not self.quiet:
            print(text, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(args: argparse.Namespace) -> int:
    """Run ``gulfsec render`` with parsed arguments; returns the exit code (see module doc)."""
    from gulfsec.render.plan import PlanError, load_plan

    t_start = time.perf_counter()
    plan_path = Path(args.plan) if args.plan else DEFAULT_PLAN
    out = Path(args.out) if args.out else plan_path.parent
    old = _read_manifest(out)
    param_cache = dict(old.get("parameter_cache") or {})
    try:
        plan = load_plan(plan_path, parameter_cache=param_cache)
        selected = plan.select(args.only)
    except PlanError as exc:
        print(f"gulfsec render: {exc}", file=sys.stderr)
        print("nothing was rendered (exit 2)", file=sys.stderr)
        return EXIT_USAGE

    from filelock import FileLock, Timeout

    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(
            f"gulfsec render: another render is writing to {out} (lock {out / LOCK_FILE}); "
            "exiting without rendering (exit 3)",
            file=sys.stderr,
        )
        return EXIT_LOCKED
    old_term = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run_locked(args, plan, selected, out, old, param_cache, t_start)
    except (KeyboardInterrupt, _Terminated) as exc:  # outside the pool: nothing to stop
        for stale in out.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)
        sigint = isinstance(exc, KeyboardInterrupt)
        print(
            f"gulfsec render: {'interrupted' if sigint else 'terminated'}; no partial files left",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED if sigint else EXIT_TERMINATED
    finally:
        signal.signal(signal.SIGTERM, old_term)
        lock.release()


def _run_locked(args, plan, selected, out: Path, old, param_cache, t_start) -> int:
    from gulfsec.render import keys
    from gulfsec.render.execute import now_iso
    from gulfsec.render.index import INDEX_FILES
    from gulfsec.render.plan import read_notebook_json

    # Left by a killed (SIGKILL) run: staging folders and temporary files; we hold the lock.
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp")]:
        stale.unlink(missing_ok=True)

    env = keys.environment_fingerprint(plan.data, KERNEL)
    digests: dict[Path, tuple[str, str]] = {}
    for nb_path in {r.path for r in selected}:
        nb = read_notebook_json(nb_path)
        digests[nb_path] = (keys.notebook_code_digest(nb), keys.notebook_text_digest(nb))

    old_entries = {e["id"]: e for e in old.get("reports", []) if isinstance(e, dict) and "id" in e}
    progress_total = 0
    todo: dict[tuple[str, str], list[tuple[Any, str, str]]] = {}
    cached: list[str] = []
    for r in selected:
        code_d, text_d = digests[r.path]
        ekey = keys.execution_key(code_d, r.parameters, env)
        rkey = keys.report_key(ekey, text_d, r.edition, r.lang, r.title)
        prev = old_entries.get(r.id, {})
        fresh = (
            not args.force
            and prev.get("status") == "ok"
            and prev.get("key") == rkey
            and (out / r.id / f"{r.id}.html").is_file()
            and (out / r.id / f"{r.id}.ipynb").is_file()
        )
        if fresh:
            cached.append(r.id)
        else:
            todo.setdefault(r.group, []).append((r, rkey, ekey))
            progress_total += 1

    progress = _Progress(progress_total, args.quiet)
    for rid in cached:
        progress.line("cached", rid)

    results: dict[str, dict[str, Any]] = {}
    keys_of: dict[str, tuple[str, str]] = {}
    interrupted = 0
    if todo:
        msg = _check_kernel(KERNEL)
        if msg:
            progress.close()
            print(f"gulfsec render: {msg}", file=sys.stderr)
            return EXIT_USAGE
        staging = out / f"{STAGING_PREFIX}{os.getpid()}"
        staging.mkdir(parents=True, exist_ok=True)
        tasks = []
        for n, members in enumerate(todo.values()):
            r0 = members[0][0]
            for r, rkey, ekey in members:
                keys_of[r.id] = (rkey, ekey)
            tasks.append(
                {
                    "group": f"g{n:03d}",
                    "notebook": str(r0.path),
                    "cwd": str(r0.path.parent),
                    "parameters": r0.parameters,
                    "timeout": min(r.timeout for r, _, _ in members),
                    "kernel": KERNEL,
                    "staging": str(staging),
                    "out": str(out),
                    "reports": [
                        {
                            "id": r.id,
                            "edition": r.edition,
                            "lang": r.lang,
                            "title": r.title,
                            "notebook": r.notebook,
                            "parameters": r.parameters,
                            "index_href": f"../{INDEX_FILES[r.lang]}",
                        }
                        for r, _, _ in members
                    ],
                }
            )

        # Longest first (from the last render's times; unknown ones first of all): with fewer
        # workers than groups this shortens the whole run.
        def _estimate(task: dict[str, Any]) -> float:
            times = [old_entries.get(r["id"], {}).get("seconds") for r in task["reports"]]
            known = [t for t in times if isinstance(t, int | float)]
            return max(known) if known else float("inf")

        tasks.sort(key=_estimate, reverse=True)
        workers = args.workers or os.cpu_count() or 1
        try:
            interrupted = _execute(tasks, min(workers, len(tasks)), results, progress)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    progress.close()

    # Manifest and index: plan order; unselected or interrupted reports keep their old entry.
    now = now_iso()
    entries = []
    for r in plan.reports:
        prev = old_entries.get(r.id, {})
        base = {
            "id": r.id,
            "title": r.title,
            "notebook": r.notebook,
            "parameters": r.parameters,
            "edition": r.edition,
            "lang": r.lang,
        }
        html_rel = f"{r.id}/{r.id}.html"
        if r.id in results:
            res = results[r.id]
            rkey, ekey = keys_of[r.id]
            entry = base | {
                "status": res["status"],
                "seconds": res["seconds"],
                "rendered_at": res["rendered_at"],
                "key": rkey,
                "execution_key": ekey,
                "error": res.get("error"),
            }
            if res["status"] == "ok":
                entry |= {
                    "html": html_rel,
                    "ipynb": f"{r.id}/{r.id}.ipynb",
                    "last_ok_at": res["rendered_at"],
                }
            else:
                if res.get("failed_ipynb"):
                    entry["failed_ipynb"] = f"{r.id}/{r.id}.failed.ipynb"
                if (out / html_rel).is_file():
                    entry["last_good_html"] = html_rel
                    entry["last_ok_at"] = prev.get("last_ok_at")
        elif prev:
            entry = base | {k: v for k, v in prev.items() if k not in base}
        else:
            entry = base | {"status": "pending"}
        entries.append(entry)

    plan_paths = {str(p) for p in plan.parameters}
    manifest = {
        "generator": "gulfsec render",
        "plan": str(plan.path),
        "environment": env,
        "reports": entries,
        "parameter_cache": {k: v for k, v in param_cache.items() if k in plan_paths},
    }
    unchanged = (
        not results
        and {k: v for k, v in old.items() if k != "updated_at"} == manifest
        and all((out / f).is_file() for f in (MANIFEST, *INDEX_FILES.values()))
    )
    if not unchanged:
        _write_outputs(out, manifest, now)

    failed = [rid for rid, res in results.items() if res["status"] == "failed"]
    elapsed = time.perf_counter() - t_start
    if interrupted:
        what = "interrupted" if interrupted == signal.SIGINT else "terminated"
        print(
            f"gulfsec render: {what}; kernels stopped, {len(results)} report(s) finished "
            f"and recorded, no partial files left",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED if interrupted == signal.SIGINT else EXIT_TERMINATED
    if not args.quiet or failed:
        n_groups = len(todo)
        print(
            f"gulfsec render: {len(selected)} report(s): {len(results) - len(failed)} rendered "
            f"({n_groups} notebook run(s)), {len(cached)} unchanged, {len(failed)} failed "
            f"in {elapsed:.1f} s; index: {out / INDEX_FILES['en']}",
            file=sys.stderr if failed and args.quiet else sys.stdout,
        )
    return EXIT_FAILED if failed else EXIT_OK


def _write_outputs(out: Path, manifest: dict[str, Any], now: str) -> None:
    from gulfsec.render._io import atomic_write
    from gulfsec.render.index import INDEX_FILES, render_index

    data = dict(manifest) | {"updated_at": now}
    atomic_write(out / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    for lang, name in INDEX_FILES.items():
        atomic_write(out / name, render_index(manifest["reports"], lang, now))


def _execute(tasks, workers: int, results: dict[str, dict[str, Any]], progress: _Progress) -> int:
    """Run the groups in a process pool; returns the signal number if interrupted, else 0."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from gulfsec.render import execute

    execute.skip_slow_optional_imports()
    if sys.platform.startswith("linux"):
        # fork: workers inherit the already imported papermill/nbconvert (seconds saved per
        # worker); the pool is created before any thread of ours exists.
        import nbconvert.exporters.html  # noqa: F401
        import papermill  # noqa: F401

        ctx = mp.get_context("fork")
    else:  # pragma: no cover
        ctx = mp.get_context("spawn")

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=execute.worker_init)
    futures = {}
    try:
        futures = {pool.submit(execute.render_group, t): t for t in tasks}
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                res = fut.result()
            except BrokenProcessPool as exc:
                res = _crashed(task, f"worker process died: {exc}")
            except Exception as exc:  # a bug in one group must not stop the rest
                res = _crashed(task, f"{type(exc).__name__}: {exc}")
            for rep in res["reports"]:
                results[rep["id"]] = rep
                progress.line(
                    "ok" if rep["status"] == "ok" else "FAILED",
                    rep["id"],
                    rep["seconds"],
                    rep.get("error"),
                )
        pool.shutdown(wait=True)
        return 0
    except (KeyboardInterrupt, _Terminated) as exc:
        signum = signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM
        # a second Ctrl-C or SIGTERM must not break the cleanup
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for fut in futures:
            fut.cancel()
        procs = list(getattr(pool, "_processes", {}).values())
        for p in procs:
            if p.is_alive():
                p.terminate()  # SIGTERM: the worker stops its kernels, then exits
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join(timeout=2)
        pool.shutdown(wait=False, cancel_futures=True)
        return signum
    finally:
        signal.signal(signal.SIGTERM, _on_sigterm)
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _crashed(task: dict[str, Any], error: str) -> dict[str, Any]:
    from gulfsec.render.execute import now_iso

    return {
        "ok": False,
        "error": error,
        "reports": [
            {
                "id": r["id"],
                "status": "failed",
                "error": error,
                "seconds": None,
                "rendered_at": now_iso(),
            }
            for r in task["reports"]
        ],
    }
