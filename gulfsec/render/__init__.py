"""``gulfsec render``: scheduled, cached, parallel rendering of the notebooks into reports.

The render plan (``reports/plan.yml``, see :mod:`gulfsec.render.plan`) lists reports: a
notebook, its parameters, an edition (``report``: code hidden; ``student``: code shown; both
without the cells tagged ``solution``, the worked answers; ``instructor``: every cell) and a
title. Each report keeps only the
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

Nothing a plan does not list stays published: a report folder that the last manifest lists
but the plan no longer does loses the files the renderer wrote there (``<id>.html``,
``<id>.ipynb``, ``<id>.failed.ipynb``), and the folder goes if it is then empty. Files the
renderer did not write are never touched, and no link is followed out of the output folder.

Workers die with the render however it ends (even ``kill -9``; see
:mod:`gulfsec.render.pool`); the lock is held as long as the render or one of its workers
lives, and the next render removes what a killed one left (staging folder, kernel connection
files, temporary files).

Exit codes
----------
0 every selected report is up to date; 1 at least one report failed; 2 invalid plan or usage
(or the project kernel is not registered); 3 another render holds the lock on the output
folder; 4 the output folder cannot be written (read-only, disk full, no permission): the last
good reports are kept; 5 the ``--scheduler`` cannot be used (nothing answers, no Dask scheduler,
TLS missing or refused, time-out; :mod:`gulfsec.render.cluster`): nothing was submitted and the
last good reports are kept; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM): kernels are
stopped and no partial file is left.

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
EXIT_OUTPUT = 4
EXIT_SCHEDULER = 5
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
    "EXIT_OUTPUT",
    "EXIT_SCHEDULER",
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
        "render holds the lock, 4 the output folder cannot be written, 5 the scheduler cannot be "
        "used, 130/143 interrupted."
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
    parser.add_argument(
        "--self-contained",
        action="store_true",
        help="pages embed their stylesheet and images (default: they link the site's one "
        "stylesheet and image files under _static/)",
    )
    from gulfsec.render.cluster import scheduler_argument

    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        type=scheduler_argument,
        default=None,
        help="submit each execution to this dask.distributed scheduler (tcp://127.0.0.1:8786, "
        "or tls://HOST:PORT with Dask's TLS settings) instead of local worker processes; "
        "anyone who reaches an open scheduler runs code on its workers; needs gulfsec[cluster]",
    )


class _Terminated(BaseException):
    """Raised in the main process by SIGTERM."""


class _Locked(Exception):
    """Another render holds the output folder's lock."""


class _OutputLock:
    """An exclusive ``flock`` on ``<out>/.render.lock`` that the render's workers share.

    The workers are forked with the locked descriptor, so the lock is held as long as the
    render *or any of its workers* lives: a killed render's workers keep it until they are
    gone, and the next render can never run beside them. (``filelock`` closes its descriptors
    in forked children, by design, so it cannot give this; elsewhere than POSIX it is used.)
    The lock is compatible with ``filelock.FileLock`` on the same file.
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None
        self._fallback: Any = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            from filelock import FileLock, Timeout

            self._fallback = FileLock(str(self.path))
            try:
                self._fallback.acquire(timeout=0)
            except Timeout:
                raise _Locked() from None
            return
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.path, flags, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise _Locked() from None
        self._fd = fd

    def release(self) -> None:
        if self._fallback is not None:  # pragma: no cover - not POSIX
            self._fallback.release()
        if self._fd is not None:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _on_sigterm(signum, frame):
    raise _Terminated()


_ENTRY_TYPES: dict[str, type | tuple[type, ...]] = {
    "status": str,
    "seconds": (int, float),
    "rendered_at": str,
    "last_ok_at": str,
    "key": str,
    "execution_key": str,
    "error": str,
}


def _clean_entry(entry: Any) -> dict[str, Any] | None:
    """A manifest entry as far as it can be trusted (a corrupt manifest must not crash us).

    Only known fields of the right type are kept; file links are rebuilt from the id (never
    taken from the file), so a tampered manifest cannot point the index anywhere else.
    """
    from gulfsec.render.plan import report_id_problem

    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        return None
    rid = entry["id"]
    if report_id_problem(rid):
        return None
    out: dict[str, Any] = dict(entry)  # fields of other tools (e.g. "deps") pass through
    for k, t in _ENTRY_TYPES.items():
        v = out.pop(k, None)
        if isinstance(v, t) and not isinstance(v, bool):
            out[k] = v
    if out.get("status") not in ("ok", "failed", "pending"):
        out["status"] = "pending"
    for k, name in (
        ("html", f"{rid}/{rid}.html"),
        ("ipynb", f"{rid}/{rid}.ipynb"),
        ("failed_ipynb", f"{rid}/{rid}.failed.ipynb"),
        ("last_good_html", f"{rid}/{rid}.html"),
    ):
        if out.pop(k, None):
            out[k] = name
    return out


def _read_manifest(out: Path) -> dict[str, Any]:
    """The last manifest, cleaned (``{}`` when missing or unreadable)."""
    try:
        with open(out / MANIFEST, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    entries = data.get("reports")
    data["reports"] = [
        e for e in map(_clean_entry, entries if isinstance(entries, list) else []) if e
    ]
    cache = data.get("parameter_cache")
    data["parameter_cache"] = (
        {k: v for k, v in cache.items() if isinstance(k, str) and isinstance(v, dict)}
        if isinstance(cache, dict)
        else {}
    )
    return data


def _prune_unlisted(out: Path, old: dict[str, Any], listed: set[str]) -> list[str]:
    """Remove what the renderer wrote for reports the plan no longer lists; returns their ids.

    Only ids the last manifest records are touched (what this renderer can prove it wrote),
    only the three files it writes in a report folder (regular files, not links), and the
    folder itself only when it is then empty. A folder that is a link is never entered.
    """
    pruned = []
    for e in old.get("reports", []):
        rid = e["id"]
        if rid in listed:
            continue
        folder = out / rid
        if folder.is_symlink() or not folder.is_dir():
            continue
        removed = False
        for name in (f"{rid}.html", f"{rid}.ipynb", f"{rid}.failed.ipynb"):
            f = folder / name
            if f.is_file() and not f.is_symlink():
                f.unlink()
                removed = True
        for tmp in folder.glob(".*.tmp"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()
        try:
            folder.rmdir()
        except OSError:  # something else lives there: not ours, left alone
            pass
        if removed:
            pruned.append(rid)
    return pruned


def _remove_leftovers(out: Path) -> None:
    """What a killed render left: staging folders (with kernel connection files), temp files.

    Called with the lock held, so no live render owns them. Links are removed, never followed.
    """
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        if stale.is_symlink() or not stale.is_dir():
            stale.unlink(missing_ok=True)
        else:
            shutil.rmtree(stale, ignore_errors=True)
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    for folder in out.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            for stale in folder.glob(".*.tmp"):
                if not stale.is_dir():
                    stale.unlink(missing_ok=True)


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


def error_summary(error: str, width: int = 300) -> str:
    """One line for a log: the exception type and its message, even when the message starts
    on the next line (mathtext's ``ValueError: \\n$...$``, a parser's "expected:" line).

    Examples
    --------
    >>> error_summary("ValueError: \\n$\\\\require{action}$\\n^\\nParseFatalException: Unknown symbol")
    'ValueError: $\\\\require{action}$ ^ ParseFatalException: Unknown symbol'
    >>> error_summary("KeyError: 'side_a' (cell In [4])\\nkernel log")
    "KeyError: 'side_a' (cell In [4])"
    """
    lines = [ln.strip() for ln in error.strip().splitlines() if ln.strip()]
    if not lines:
        return ""
    text = " ".join(lines) if lines[0].endswith(":") else lines[0]
    return text if len(text) <= width else text[: width - 1] + "…"


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
        first = error_summary(error) if error else ""
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

    lock = _OutputLock(out / LOCK_FILE)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except _Locked:
        print(
            f"gulfsec render: another render is writing to {out} (lock {out / LOCK_FILE}); "
            "exiting without rendering (exit 3)",
            file=sys.stderr,
        )
        return EXIT_LOCKED
    except OSError as exc:
        return _output_error(out, exc, "nothing was rendered")
    old_term = signal.signal(signal.SIGTERM, _on_sigterm)
    # Ctrl-C interrupts a render even when it was started with SIGINT ignored, as a background
    # job of a non-interactive shell, a CI runner or a pytest-xdist worker start it: the
    # render then ignored Ctrl-C entirely (the flaky Ctrl-C test, issue 13 item 7).
    old_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    from gulfsec.render.cluster import SchedulerError

    try:
        return _run_locked(args, plan, selected, out, old, param_cache, t_start)
    except SchedulerError as exc:  # before anything was submitted
        print(
            f"gulfsec render: {exc}; nothing was rendered, the last good reports are kept "
            f"(exit {EXIT_SCHEDULER})",
            file=sys.stderr,
        )
        return EXIT_SCHEDULER
    except OSError as exc:  # writing the outputs: read-only, full, no permission
        return _output_error(out, exc, "the last good reports are kept")
    except (KeyboardInterrupt, _Terminated) as exc:  # outside the pool: nothing to stop
        for stale in out.glob(f"{STAGING_PREFIX}{os.getpid()}"):
            shutil.rmtree(stale, ignore_errors=True)
        sigint = isinstance(exc, KeyboardInterrupt)
        print(
            f"gulfsec render: {'interrupted' if sigint else 'terminated'}; no partial files left",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED if sigint else EXIT_TERMINATED
    finally:
        signal.signal(signal.SIGTERM, old_term)
        signal.signal(signal.SIGINT, old_int)
        lock.release()


def _output_error(out: Path, exc: OSError, what: str) -> int:
    reason = exc.strerror or type(exc).__name__
    where = exc.filename or out
    print(
        f"gulfsec render: cannot write to the output folder {out} ({reason}: {where}); "
        f"{what} (exit {EXIT_OUTPUT})",
        file=sys.stderr,
    )
    return EXIT_OUTPUT


def _run_locked(args, plan, selected, out: Path, old, param_cache, t_start) -> int:
    from gulfsec.render import keys
    from gulfsec.render.execute import now_iso
    from gulfsec.render.index import INDEX_FILES
    from gulfsec.render.plan import read_notebook_json

    # Left by a killed (SIGKILL) run: staging folders and temporary files; we hold the lock.
    _remove_leftovers(out)

    env = keys.environment_fingerprint(KERNEL)
    memo: dict[Any, str] = {}
    digests: dict[Path, tuple[str, str]] = {}
    for nb_path in {r.path for r in selected}:
        nb = read_notebook_json(nb_path)
        digests[nb_path] = (keys.notebook_code_digest(nb), keys.notebook_text_digest(nb))

    old_entries = {e["id"]: e for e in old.get("reports", []) if isinstance(e, dict) and "id" in e}
    progress_total = 0
    todo: dict[tuple[str, str], list[tuple[Any, str, str]]] = {}
    cached: list[str] = []
    blocked: list[Any] = []
    for r in selected:
        code_d, text_d = digests[r.path]
        prev = old_entries.get(r.id, {})
        folder = out / r.id
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            # never write through a link out of --out, never over a file we did not write
            blocked.append(r)
            continue
        deps = prev.get("deps")
        ekey = keys.execution_key(code_d, r.run_parameters, env, deps)
        rkey = keys.report_key(
            ekey, text_d, r.edition, r.lang, r.title, bool(getattr(args, "self_contained", False))
        )
        fresh = (
            not args.force
            and prev.get("status") == "ok"
            and prev.get("key") == rkey
            and (out / r.id / f"{r.id}.html").is_file()
            and (out / r.id / f"{r.id}.ipynb").is_file()
            and all((out / a).is_file() for a in prev.get("assets") or [])
            and keys.dependencies_fresh(deps, memo)
        )
        if fresh:
            cached.append(r.id)
        else:
            todo.setdefault(r.group, []).append((r, rkey, ekey))
            progress_total += 1

    progress = _Progress(progress_total + len(blocked), args.quiet)
    for rid in cached:
        progress.line("cached", rid)

    results: dict[str, dict[str, Any]] = {}
    keys_of: dict[str, tuple[str, str]] = {}
    for r in blocked:
        error = (
            f"refusing to write {out / r.id}: it is a link or not a folder (the renderer writes "
            "only into plain folders inside the output folder)"
        )
        results[r.id] = {"status": "failed", "error": error, "seconds": None, "rendered_at": None}
        keys_of[r.id] = ("", "")
        progress.line("FAILED", r.id, None, error)
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
            for r, rkey, ekey in members:  # replaced below from what the run read
                keys_of[r.id] = (rkey, ekey)
            tasks.append(
                {
                    "group": f"g{n:03d}",
                    "notebook": str(r0.path),
                    "cwd": str(r0.path.parent),
                    "parameters": r0.run_parameters,
                    "self_contained": bool(getattr(args, "self_contained", False)),
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
            scheduler = getattr(args, "scheduler", None)
            if scheduler:
                from gulfsec.render.cluster import execute_on_cluster

                interrupted = execute_on_cluster(scheduler, tasks, out, results, progress.line)
            else:
                interrupted = _execute(tasks, min(workers, len(tasks)), results, progress, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        # keys from what each run read (recorded in its kernel)
        by_id = {r.id: (r, text_d) for r, text_d in ((r, digests[r.path][1]) for r in selected)}
        for rid, res in results.items():
            if "deps" not in res:  # never ran: refused (a link) or its worker died
                continue
            r, text_d = by_id[rid]
            deps = keys.finalize_dependencies(res.get("deps") or {}, _files(r))
            res["deps"] = deps
            ekey = keys.execution_key(digests[r.path][0], r.run_parameters, env, deps)
            keys_of[rid] = (
                keys.report_key(
                    ekey,
                    text_d,
                    r.edition,
                    r.lang,
                    r.title,
                    bool(getattr(args, "self_contained", False)),
                ),
                ekey,
            )
    progress.close()

    # Nothing the plan does not list stays published (only what we provably wrote).
    for rid in _prune_unlisted(out, old, {r.id for r in plan.reports}):
        if not args.quiet:
            print(f"{'removed':<7} {rid}  (no longer in the plan)", flush=True)

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
                "kernel_peak_mb": res.get("kernel_peak_mb"),
                "cell_seconds": res.get("cell_seconds"),
                "deps": res.get("deps"),
            }
            if res["status"] == "ok":
                entry |= {
                    "html": html_rel,
                    "ipynb": f"{r.id}/{r.id}.ipynb",
                    "assets": res.get("assets", []),
                    "last_ok_at": res["rendered_at"],
                }
            else:
                if res.get("failed_ipynb"):
                    entry["failed_ipynb"] = f"{r.id}/{r.id}.failed.ipynb"
                if (out / html_rel).is_file():
                    entry["last_good_html"] = html_rel
                    entry["assets"] = prev.get("assets", [])
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
        _prune_static(out, entries)

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


def _files(r) -> list[Path]:
    """The files and folders named by a report's parameters (contract C2)."""
    return list(r.files.values())


def _prune_static(out: Path, entries: list[dict[str, Any]]) -> None:
    """Remove stylesheets and images under ``_static/`` that no listed report links."""
    from gulfsec.render.execute import STATIC

    static = out / STATIC
    if not static.is_dir():
        return
    keep = {a for e in entries for a in e.get("assets") or [] if isinstance(a, str)}
    for f in static.rglob("*"):
        if f.is_file() and f.relative_to(out).as_posix() not in keep:
            f.unlink(missing_ok=True)


def _write_outputs(out: Path, manifest: dict[str, Any], now: str) -> None:
    from gulfsec.render._io import atomic_write
    from gulfsec.render.index import INDEX_FILES, render_index

    data = dict(manifest) | {"updated_at": now}
    atomic_write(out / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    for lang, name in INDEX_FILES.items():
        atomic_write(out / name, render_index(manifest["reports"], lang, now))


def _worker_init(parent_pid: int, staging: str) -> None:
    """Initializer of a render worker (see :mod:`gulfsec.render.pool`)."""
    import tempfile

    from gulfsec.render import execute
    from gulfsec.render.pool import die_with_parent

    execute.worker_init()  # Ctrl-C ignored; SIGTERM stops this worker's kernels, then exits
    die_with_parent(parent_pid, execute.stop_all)
    # Kernel connection files (and any temporary file) go into the staging folder, which the
    # next render removes if this one is killed.
    tmp = Path(staging) / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(tmp)


def _execute(
    tasks, workers: int, results: dict[str, dict[str, Any]], progress: _Progress, staging: Path
) -> int:
    """Run the groups in worker processes; returns the signal number if interrupted, else 0."""
    import functools

    from gulfsec.render import execute
    from gulfsec.render.pool import run_tasks, stop_workers

    execute.skip_slow_optional_imports()
    if sys.platform.startswith("linux"):
        # fork: workers inherit the already imported papermill/nbconvert (seconds saved per
        # worker).
        import nbconvert.exporters.html  # noqa: F401
        import papermill  # noqa: F401

    def record(res: dict[str, Any]) -> None:
        for rep in res["reports"]:
            results[rep["id"]] = rep
            progress.line(
                "ok" if rep["status"] == "ok" else "FAILED",
                rep["id"],
                rep["seconds"],
                rep.get("error"),
            )

    live: list = []
    try:
        run_tasks(
            tasks,
            execute.render_group,
            workers,
            on_result=lambda task, res: record(res),
            on_crash=lambda task, why: record(_crashed(task, why)),
            init=functools.partial(_worker_init, os.getpid(), str(staging)),
            pool_out=live,
        )
        return 0
    except (KeyboardInterrupt, _Terminated) as exc:
        signum = signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM
        # a second Ctrl-C or SIGTERM must not break the cleanup
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_workers(live)  # SIGTERM: each worker stops its kernels, then exits
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
