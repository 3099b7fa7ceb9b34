"""The render pipeline: validate the plan, lock the output, decide what is stale, run, record.

The steps of ``gulfsec render`` (see :mod:`gulfsec.render` for the command and its exit
codes): the plan is validated before anything runs; the output folder is locked
(:mod:`~gulfsec.render.lock`); each report's key (:mod:`~gulfsec.render.keys`) is compared with
the manifest's, its sources with the files now and its outputs with the disk
(:mod:`~gulfsec.render.manifest`); the stale groups run in local workers
(:mod:`~gulfsec.render.workers`) or on a Dask cluster (:mod:`~gulfsec.render.cluster`);
the manifest and the index pages are written last.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

from gulfsec._validate import SIZE_LIMITS
from gulfsec.render.progress import Progress, say
from gulfsec.render.stopping import Terminated, crashed, on_sigterm

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_OUTPUT = 4
EXIT_SCHEDULER = 5
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

KERNEL = "gulfsec"


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or None (an installed package).

    A checkout has the ``pyproject.toml`` of gulfsec beside the package folder; an installed
    package (``site-packages``) has not, and the renderer then never looks for files beside it.
    """
    root = Path(__file__).resolve().parents[2]
    pyproject = root / "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
    except OSError:
        text = ""
    if 'name = "gulfsec"' in text and (root / "gulfsec" / "__init__.py").is_file():
        return root
    return None


def default_plan() -> Path | None:
    """``reports/plan.yml`` of the checkout, or None outside a checkout."""
    root = checkout_root()
    return root / "reports" / "plan.yml" if root is not None else None


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


def _output_error(out: Path, exc: OSError, what: str) -> int:
    reason = exc.strerror or type(exc).__name__
    where = exc.filename or out
    say(
        f"gulfsec render: cannot write to the output folder {out} ({reason}: {where}); "
        f"{what} (exit {EXIT_OUTPUT})",
        sys.stderr,
    )
    return EXIT_OUTPUT


#: What ``gulfsec render`` needs beyond the library (the ``publish`` extra).
PUBLISH_MODULES = (
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "jupyter_client",
    "ipykernel",
    "myst_nb",
    "docutils",
)


def missing_publish_modules() -> list[str]:
    """The modules of the ``publish`` extra that are not installed.

    Examples
    --------
    >>> missing_publish_modules()
    []
    """
    from importlib.util import find_spec

    return [m for m in PUBLISH_MODULES if find_spec(m) is None]


def run(args: argparse.Namespace) -> int:
    """Run ``gulfsec render`` with parsed arguments; returns the exit code."""
    missing = missing_publish_modules()
    if missing:
        say(
            f"gulfsec render: publishing needs the 'publish' extra ({', '.join(missing)} "
            "not installed): pip install 'gulfsec[publish]' (exit 2)",
            sys.stderr,
        )
        return EXIT_USAGE
    from gulfsec.render.lock import LOCK_FILE, Locked, OutputLock
    from gulfsec.render.manifest import STAGING_PREFIX, read_manifest
    from gulfsec.render.plan import PlanError, load_plan

    t_start = time.perf_counter()
    plan_path = Path(args.plan) if args.plan else default_plan()
    if plan_path is None:
        say(
            "gulfsec render: no plan given: this gulfsec is installed, not a source checkout, "
            "so there is no default reports/plan.yml; give one with --plan FILE (a YAML plan "
            "listing notebooks, parameters and editions; the source repository's "
            "reports/plan.yml is an example) (exit 2)",
            sys.stderr,
        )
        return EXIT_USAGE
    out = Path(args.out) if args.out else plan_path.parent
    old = read_manifest(out)
    param_cache = dict(old.get("parameter_cache") or {})
    try:
        plan = load_plan(plan_path, parameter_cache=param_cache)
        selected = plan.select(args.only)
    except PlanError as exc:
        say(f"gulfsec render: {exc}", sys.stderr)
        say("nothing was rendered (exit 2)", sys.stderr)
        return EXIT_USAGE

    lock = OutputLock(out / LOCK_FILE)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Locked:
        say(
            f"gulfsec render: another render is writing to {out} (lock {out / LOCK_FILE}); "
            "exiting without rendering (exit 3)",
            sys.stderr,
        )
        return EXIT_LOCKED
    except OSError as exc:
        return _output_error(out, exc, "nothing was rendered")
    old_term = signal.signal(signal.SIGTERM, on_sigterm)
    # Ctrl-C interrupts a render even when it was started with SIGINT ignored (a background
    # job of a non-interactive shell, a CI runner).
    old_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    from gulfsec.render.cluster import SchedulerError

    try:
        return _run_locked(args, plan, selected, out, old, param_cache, t_start)
    except SchedulerError as exc:  # before anything was submitted
        say(
            f"gulfsec render: {exc}; nothing was rendered, the last good reports are kept "
            f"(exit {EXIT_SCHEDULER})",
            sys.stderr,
        )
        return EXIT_SCHEDULER
    except OSError as exc:  # writing the outputs: read-only, full, no permission
        return _output_error(out, exc, "the last good reports are kept")
    except (KeyboardInterrupt, Terminated) as exc:  # outside the workers: nothing to stop
        for stale in out.glob(f"{STAGING_PREFIX}{os.getpid()}"):
            shutil.rmtree(stale, ignore_errors=True)
        sigint = isinstance(exc, KeyboardInterrupt)
        say(
            f"gulfsec render: {'interrupted' if sigint else 'terminated'}; no partial files left",
            sys.stderr,
        )
        return EXIT_INTERRUPTED if sigint else EXIT_TERMINATED
    finally:
        signal.signal(signal.SIGTERM, old_term)
        signal.signal(signal.SIGINT, old_int)
        lock.release()


def _run_locked(args, plan, selected, out: Path, old, param_cache, t_start) -> int:
    from gulfsec.render import keys
    from gulfsec.render.execution import now_iso
    from gulfsec.render.index import INDEX_FILES
    from gulfsec.render.manifest import (
        MANIFEST,
        STAGING_PREFIX,
        last_group_seconds,
        outputs_intact,
        prune_static,
        prune_unlisted,
        remove_leftovers,
        write_manifest,
    )
    from gulfsec.render.parameters import read_notebook_json
    from gulfsec.render.published import notebook_twins, render_together

    remove_leftovers(out)  # of a killed render; we hold the lock
    self_contained = bool(getattr(args, "self_contained", False))
    env = keys.environment_fingerprint(KERNEL)
    memo: dict[Any, Any] = {}
    assets_memo: dict[str, str] = {}

    def _digests(nb_path: Path) -> tuple[str, str, dict[str, str]]:
        nb = read_notebook_json(nb_path)
        return (
            keys.notebook_code_digest(nb),
            keys.notebook_text_digest(nb),
            keys.configuration_fingerprint(nb_path.parent),
        )

    plan_by_id = {r.id: r for r in plan.reports}

    def exec_key(r, sources) -> str:
        code_d, _, conf = digests[r.path]
        return keys.execution_key(code_d, r.run_parameters, env | {"local": conf}, sources)

    def report_key(r, ekey: str) -> str:
        return keys.report_key(
            ekey,
            digests[r.path][1],
            r.edition,
            r.lang,
            r.title,
            self_contained,
            twins.get(r.id),
        )

    def unsafe(r) -> bool:  # never write through a link out of --out, nor over a file
        folder = out / r.id
        return folder.is_symlink() or (folder.exists() and not folder.is_dir())

    # A report edition links its student edition's notebook (published.notebook_twins): the
    # two render together, so the notebook a report links is always of its own execution.
    twins = {
        rid: sid for rid, sid in notebook_twins(plan.reports).items() if not unsafe(plan_by_id[sid])
    }
    partners = render_together(twins)
    chosen = {r.id for r in selected}
    chosen |= {p for rid in chosen for p in partners.get(rid, ())}
    selected = [r for r in plan.reports if r.id in chosen]
    # each selected notebook read once: the digests its reports' keys are made of
    digests = {nb_path: _digests(nb_path) for nb_path in {r.path for r in selected}}

    old_entries = {e["id"]: e for e in old.get("reports", [])}
    todo: dict[tuple[str, str], list[Any]] = {}
    cached: list[str] = []
    blocked: list[Any] = []
    for r in selected:
        prev = old_entries.get(r.id, {})
        if unsafe(r):
            blocked.append(r)
            continue
        sources = prev.get("sources")
        fresh = (
            not args.force
            and prev.get("status") == "ok"
            and isinstance(sources, list)
            and prev.get("key") == report_key(r, exec_key(r, sources))
            and keys.sources_fresh(sources, memo)
            and outputs_intact(out, prev, assets_memo)
        )
        if fresh:
            cached.append(r.id)
        else:
            todo.setdefault(r.group, []).append(r)
    stale = {r.id for members in todo.values() for r in members}
    for rid in [rid for rid in cached if partners.get(rid, set()) & stale]:
        cached.remove(rid)
        todo.setdefault(plan_by_id[rid].group, []).append(plan_by_id[rid])
    order = {r.id: n for n, r in enumerate(plan.reports)}
    for members in todo.values():
        members.sort(key=lambda r: order[r.id])

    progress = Progress(sum(map(len, todo.values())) + len(blocked), args.quiet)
    for rid in cached:
        progress.line("cached", rid)

    results: dict[str, dict[str, Any]] = {}
    for r in blocked:
        error = (
            f"refusing to write {out / r.id}: it is a link or not a folder (the renderer writes "
            "only into plain folders inside the output folder)"
        )
        results[r.id] = {"status": "failed", "error": error, "seconds": None, "rendered_at": None}
        progress.line("FAILED", r.id, None, error)
    interrupted = 0
    param_sources: dict[str, list[dict[str, Any]]] = {}
    if todo:
        msg = _check_kernel(KERNEL)
        if msg:
            progress.close()
            say(f"gulfsec render: {msg}", sys.stderr)
            return EXIT_USAGE
        staging = out / f"{STAGING_PREFIX}{os.getpid()}"
        staging.mkdir(parents=True, exist_ok=True)
        tasks = []
        for n, members in enumerate(todo.values()):
            r0 = members[0]
            for r in members:  # hashed before the run: an edit during it re-renders next time
                param_sources[r.id] = keys.parameter_files(list(r.files.values()))
            tasks.append(
                {
                    "group": f"g{n:03d}",
                    "notebook": str(r0.path),
                    "cwd": str(r0.path.parent),
                    "parameters": r0.run_parameters,
                    "self_contained": self_contained,
                    "timeout": min(r.timeout for r in members),
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
                            "notebook_of": twins.get(r.id),
                        }
                        for r in members
                    ],
                }
            )

        # Longest first, by each group's time on the last render (its execution record):
        # with fewer workers than groups the longest do not start last. Groups never timed
        # go first, in plan order (a stable sort); the bytes do not depend on the order.
        tasks.sort(key=lambda task: last_group_seconds(task, old_entries), reverse=True)
        # one per core when not given, within the ceiling of --workers (SIZE_LIMITS)
        workers = args.workers or min(os.cpu_count() or 1, SIZE_LIMITS["workers"][1])
        try:
            scheduler = getattr(args, "scheduler", None)
            if scheduler:
                from gulfsec.render.cluster import execute_on_cluster

                interrupted = execute_on_cluster(scheduler, tasks, out, results, progress.line)
            else:
                interrupted = _execute_locally(tasks, workers, results, progress, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    progress.close()

    # Nothing the plan does not list stays published (only what we provably wrote).
    for rid in prune_unlisted(out, old, {r.id for r in plan.reports}):
        if not args.quiet:
            say(f"{'removed':<7} {rid}  (no longer in the plan)")

    # Manifest and index: plan order; unselected or interrupted reports keep their old entry.
    now = now_iso()
    entries = []
    by_id = {r.id: r for r in selected}
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
            ran = "sources" in res  # not refused, and its worker did not die
            sources = (
                keys.normalise_sources(list(res["sources"]) + param_sources.get(r.id, []))
                if ran
                else None
            )
            ekey = exec_key(by_id[r.id], sources) if ran else ""
            entry = base | {
                "status": res["status"],
                "seconds": res["seconds"],
                "rendered_at": res["rendered_at"],
                "key": report_key(by_id[r.id], ekey) if ran else "",
                "execution_key": ekey,
                "error": res.get("error"),
                "cell_seconds": res.get("cell_seconds"),
                "sources": sources,
                "execution": res.get("execution"),
            }
            if res["status"] == "ok":
                entry |= {
                    "html": html_rel,
                    "ipynb": res.get("ipynb") or f"{r.id}/{r.id}.ipynb",
                    "assets": res.get("assets", []),
                    "outputs": res.get("outputs", {}),
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
        write_manifest(out, manifest, now)
        prune_static(out, entries)

    failed = [rid for rid, res in results.items() if res["status"] == "failed"]
    elapsed = time.perf_counter() - t_start
    if interrupted:
        what = "interrupted" if interrupted == signal.SIGINT else "terminated"
        say(
            f"gulfsec render: {what}; kernels stopped, {len(results)} report(s) finished "
            f"and recorded, no partial files left",
            sys.stderr,
        )
        return EXIT_INTERRUPTED if interrupted == signal.SIGINT else EXIT_TERMINATED
    if not args.quiet or failed:
        say(
            f"gulfsec render: {len(selected)} report(s): {len(results) - len(failed)} rendered "
            f"({len(todo)} notebook run(s)), {len(cached)} unchanged, {len(failed)} failed "
            f"in {elapsed:.1f} s; index: {out / INDEX_FILES['en']}",
            sys.stderr if failed and args.quiet else sys.stdout,
        )
    return EXIT_FAILED if failed else EXIT_OK


def _execute_locally(
    tasks, workers: int, results: dict[str, dict[str, Any]], progress: Progress, staging: Path
) -> int:
    """Run the groups in local worker processes; the signal number if interrupted, else 0."""
    from gulfsec.render.workers import run_local, stop_workers

    if sys.platform.startswith("linux"):
        # forked workers inherit the already imported papermill and page converter (myst-nb's
        # docutils renderer takes ~2 s to import)
        import myst_nb.docutils_  # noqa: F401
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

    try:
        run_local(
            tasks,
            workers,
            staging,
            on_result=lambda task, res: record(res),
            on_crash=lambda task, why: record(crashed(task, why)),
        )
        return 0
    except (KeyboardInterrupt, Terminated) as exc:
        signum = signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM
        # a second Ctrl-C or SIGTERM must not break the cleanup
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_workers()  # SIGTERM: each worker stops its kernels, then exits
        return signum
    finally:
        signal.signal(signal.SIGTERM, on_sigterm)
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
