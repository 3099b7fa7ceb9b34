"""Execution: one (notebook, parameters) group run once in a fresh kernel, its editions built.

Runs in a worker process (local, :mod:`gulfsec.render.workers`) or a Dask worker thread
(:mod:`gulfsec.render.cluster`). The notebook is parameterised and executed by papermill's
nbclient engine (:meth:`papermill.engines.NBClientEngine.execute_notebook`, its engine
interface) with public options only: no save while it runs, the notebook object executed in
place, so that a failing, timed-out or dead run still gives its partial notebook for the
``.failed.ipynb``. The kernel is started by jupyter_client with the project's kernel spec;
the only addition is its environment (:func:`kernel_manager_class`, an override of the public
``start_kernel``): the inline figure backend, and :data:`gulfsec.provenance.LOG_ENV`, the file
where the library writes the sources the run used (the cache key, :mod:`gulfsec.render.keys`).
Every edition of the group is made from that one execution (:mod:`gulfsec.render.editions` and :mod:`gulfsec.render.html`:
``make_edition``, ``to_html``) and returned as bytes; :func:`write_files` writes them
atomically. A report edition that links its student edition's notebook
(:func:`gulfsec.render.published.notebook_twins`) writes none of its own. Every edition's
result carries the execution's run record (an id, its start, the kernel's and the group's
seconds), which the manifest keeps.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gulfsec.render.files import atomic_write

#: Extra kernel arguments: IPython's input history stays in memory (a scheduled render must
#: not fill a user's ``history.sqlite``, and each cell would wait for the write).
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]

#: Kernel managers started in this process, each with its render (``run``) and its execution
#: (``token``): stopped on SIGTERM, at the end of their execution, or when a render on Dask is
#: interrupted.
_KERNELS: list[tuple[str | None, str | None, Any]] = []
#: Conversion is not thread-safe (myst-nb's parser registers its directives in docutils' global
#: registry): a Dask worker runs several executions in threads, so their conversions take
#: turns (executions overlap).
_CONVERT_LOCK = threading.Lock()

__all__ = [
    "KERNEL_ARGUMENTS",
    "build_group",
    "execute",
    "kernel_environment",
    "kernel_manager_class",
    "now_iso",
    "render_group",
    "stop_kernels",
    "write_files",
]


def now_iso() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def kernel_environment(sources_log: Path | None = None) -> dict[str, str]:
    """Variables added to a render kernel's environment.

    Figures go to the inline backend (pages embed them), whatever ``MPLBACKEND`` the caller
    set; the library logs the sources it reads to ``sources_log``.

    Examples
    --------
    >>> kernel_environment()["MPLBACKEND"]
    'module://matplotlib_inline.backend_inline'
    """
    from gulfsec.provenance import LOG_ENV

    env = {
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    if sources_log is not None:
        env[LOG_ENV] = str(sources_log)
    return env


def kernel_manager_class(
    env: dict[str, str], run: str | None = None, token: str | None = None, log: Path | None = None
):
    """jupyter_client's AsyncKernelManager that adds ``env`` to its kernel's environment, sends
    the kernel's output to ``log`` and registers itself (for :func:`stop_kernels`).

    Per kernel, not through ``os.environ``, so that executions in threads of one process (a
    Dask worker) each get their own sources log.
    """
    from jupyter_client.manager import AsyncKernelManager

    class RenderKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:
            _KERNELS.append((run, token, self))
            kw["env"] = {**(kw.get("env") or os.environ), **env}
            if log is None:
                return await super().start_kernel(**kw)
            with open(log, "ab") as fh:  # the kernel keeps its own copy of the descriptor
                kw.setdefault("stdout", fh)
                kw.setdefault("stderr", fh)
                return await super().start_kernel(**kw)

    return RenderKernelManager


def execute(
    notebook: str,
    parameters: dict[str, Any],
    *,
    cwd: str,
    kernel: str,
    timeout: float,
    env: dict[str, str] | None = None,
    kernel_log: Path | None = None,
    holder: dict[str, Any] | None = None,
    run: str | None = None,
    token: str | None = None,
):
    """Execute a notebook with papermill (parameters injected) in a fresh kernel.

    As :func:`papermill.execute_notebook` without an output file: the kernel runs in ``cwd``
    (this process's working directory is left alone, as threads may share it), stream outputs
    are coalesced (the same output gives the same bytes however the kernel chunked it), the
    kernel is stopped at once when the run ends. ``holder["nb"]`` is the notebook being
    executed, also when this raises (the partial notebook).

    Raises
    ------
    papermill.PapermillExecutionError, nbclient.exceptions.CellTimeoutError, Exception
        As papermill does (a failing cell, a timeout, a dead kernel).
    """
    from papermill.engines import NBClientEngine
    from papermill.execute import raise_for_execution_errors, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(notebook)
    if parameters:
        nb = parameterize_notebook(nb, parameters, False, kernel_name=kernel)
    nb.metadata.papermill["input_path"] = notebook
    nb.metadata.papermill["output_path"] = None
    nb = remove_error_markers(nb)
    if holder is not None:
        holder["nb"] = nb
    nb = NBClientEngine.execute_notebook(
        nb,
        kernel,
        output_path=None,
        progress_bar=False,
        log_output=False,
        autosave_cell_every=0,
        start_timeout=60,
        execution_timeout=timeout,
        kernel_manager_class=kernel_manager_class(
            env or kernel_environment(), run, token, kernel_log
        ),
        shutdown_kernel="immediate",
        coalesce_streams=True,
        extra_arguments=KERNEL_ARGUMENTS,
        resources={"metadata": {"path": cwd}},
    )
    raise_for_execution_errors(nb, None)
    return nb


def stop_kernels(run: str | None = None, token: str | None = None) -> int:
    """Terminate the kernels this process started (their process group), remove their files.

    Only those of the render ``run`` or of the execution ``token`` when given (a Dask worker
    runs several executions at once, possibly of several renders). Returns how many.
    """
    import subprocess

    mine = [
        entry
        for entry in list(_KERNELS)
        if (run is None or entry[0] == run) and (token is None or entry[1] == token)
    ]
    for _, _, km in mine:
        proc = getattr(getattr(km, "provisioner", None), "process", None)
        if proc is not None and proc.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)  # jupyter_client starts a kernel in its own session
                except (ProcessLookupError, PermissionError):
                    break
                try:
                    proc.wait(timeout=2)
                    break
                except subprocess.TimeoutExpired:
                    continue
        cf = getattr(km, "connection_file", None)
        if cf:
            Path(cf).unlink(missing_ok=True)
    for entry in mine:
        if entry in _KERNELS:
            _KERNELS.remove(entry)
    return len(mine)


def _tail(path: Path, n: int = 15) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-n:])


def build_group(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one group and build its editions in memory; never raises for a failing notebook.

    ``task`` holds ``group``, ``notebook``, ``cwd``, ``parameters``, ``timeout``, ``kernel``,
    ``staging`` (a scratch folder: the kernel's log and sources log; created when missing),
    ``self_contained`` (pages embed their stylesheet and images) and ``reports`` (dicts with
    ``id``, ``edition``, ``lang``, ``title``, ``notebook``, ``parameters``, ``index_href``).

    Returns
    -------
    dict
        ``{"ok", "error", "exec_seconds", "sources", "reports": [...], "files": {path
        relative to the output folder: bytes, or None for a file to remove}}``. Nothing is
        written to the output folder: the caller writes ``files`` (:func:`write_files`), in
        this process or, under Dask, on the client.
    """
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    from gulfsec.provenance import read_log

    staging = Path(task["staging"])
    staging.mkdir(parents=True, exist_ok=True)
    gid = task["group"]
    log_path = staging / f"{gid}.kernel.log"
    sources_log = staging / f"{gid}.sources.jsonl"
    sources_log.unlink(missing_ok=True)
    error = None
    nb = None
    holder: dict[str, Any] = {}
    token = f"{task.get('run')}:{gid}:{os.getpid()}:{time.monotonic_ns()}"
    started_at = datetime.now(UTC).isoformat(timespec="milliseconds")
    t0 = time.perf_counter()
    try:
        nb = execute(
            task["notebook"],
            task["parameters"],
            cwd=task["cwd"],
            kernel=task["kernel"],
            timeout=task["timeout"],
            env=kernel_environment(sources_log),
            kernel_log=log_path,
            holder=holder,
            run=task.get("run"),
            token=token,
        )
    except pm.PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue} (cell In [{exc.exec_count}])"
    except CellTimeoutError:
        error = f"CellTimeoutError: a cell exceeded the per-cell timeout of {task['timeout']:g} s"
    except Exception as exc:  # kernel died, could not start, bad notebook, ...
        error = f"{type(exc).__name__}: {exc}".strip()
        tail = _tail(log_path)
        if tail:
            error += f"\nkernel log (last lines):\n{tail}"
    finally:
        stop_kernels(token=token)  # normally already shut down by nbclient; reap the rest
    if nb is None:
        nb = holder.get("nb")  # the partial notebook, as far as it ran
    exec_seconds = time.perf_counter() - t0
    sources = read_log(sources_log)
    with _CONVERT_LOCK:
        files, results = _convert(task, nb, error, exec_seconds, sources)
    # The run record every edition of this execution shares (the manifest's ``execution``):
    # one id per kernel run, its start, the kernel's time and the group's whole time (the
    # next render's schedule, longest first).
    record = {
        "id": uuid.uuid4().hex,
        "started_at": started_at,
        "seconds": round(exec_seconds, 2),
        "group_seconds": round(time.perf_counter() - t0, 2),
    }
    for res in results:
        res["execution"] = record
    log_path.unlink(missing_ok=True)
    sources_log.unlink(missing_ok=True)
    return {
        "ok": error is None,
        "error": error,
        "exec_seconds": exec_seconds,
        "sources": sources,
        "reports": results,
        "files": files,
    }


def _convert(task, nb, error, exec_seconds, sources):
    """The editions of an executed group: ``(files, per-report results)``."""
    import nbformat

    from gulfsec.render.editions import make_edition
    from gulfsec.render.html import split_page, to_html
    from gulfsec.render.images import compress_outputs
    from gulfsec.render.published import (
        cell_seconds,
        mark_timeout,
        normalise_ids,
        notebook_json,
        paths_in_metadata,
        strip_run_metadata,
    )

    if nb is not None:
        normalise_ids(nb)
        # Widget state would bring a widget loader, a script from a CDN, into the page (a
        # published page loads nothing from the network): the widgets are live only
        # in JupyterLab and Voila, and a page shows their last output.
        nb.metadata.pop("widgets", None)
        if error and error.startswith("CellTimeoutError"):
            mark_timeout(nb, task["timeout"])
        compress_outputs(nb)
    seconds = cell_seconds(nb) if nb is not None else None
    if nb is not None and error is None:
        strip_run_metadata(nb)

    files: dict[str, bytes | None] = {}
    results = []
    linked_editions: dict[str, Any] = {}  # report editions that link their student's notebook
    for rep in task["reports"]:
        rid = rep["id"]
        t1 = time.perf_counter()
        info = {
            "id": rid,
            "edition": rep["edition"],
            "lang": rep["lang"],
            "notebook": rep["notebook"],
            "parameters": rep["parameters"],
        }
        rep_error = error
        assets: list[str] = []
        outputs: dict[str, str] = {}
        if rep_error is None:
            try:
                ed = make_edition(nb, rep["edition"], rep["lang"], rep["title"], info)
                paths_in_metadata(ed, rep["notebook"], f"{rid}.ipynb")
                html = to_html(ed, rep["edition"], rep["lang"], rep["title"], rep["index_href"])
                if not task.get("self_contained", False):
                    html, linked = split_page(html)
                    files.update(linked)
                    assets = sorted(linked)
                page = {f"{rid}/{rid}.html": html.encode("utf-8")}
                if rep.get("notebook_of") is None:
                    page[f"{rid}/{rid}.ipynb"] = notebook_json(ed)
                else:  # the student edition's notebook is this one's (published.notebook_twins)
                    linked_editions[rid] = ed
                files.update(page)
                files[f"{rid}/{rid}.failed.ipynb"] = None
                outputs = {k: hashlib.sha256(v).hexdigest() for k, v in page.items()}
            except Exception as exc:  # one edition failing is that report's failure
                rep_error = f"conversion failed: {type(exc).__name__}: {exc}"
                for name in (f"{rid}/{rid}.ipynb", f"{rid}/{rid}.html"):
                    files.pop(name, None)
        result: dict[str, Any] = {
            "id": rid,
            "status": "ok" if rep_error is None else "failed",
            "error": rep_error,
            "sources": sources,
            "cell_seconds": seconds,
        }
        if rep_error is None:
            result["assets"] = assets
            result["outputs"] = outputs
        else:
            result["failed_ipynb"] = nb is not None
            if nb is not None:
                # code visible (to find the failing cell), but never a solution outside the
                # instructor's edition, and only the report's language
                shown = "instructor" if rep["edition"] == "instructor" else "student"
                info_err = info | {"error": rep_error}
                full = make_edition(nb, shown, rep["lang"], rep["title"], info_err)
                paths_in_metadata(full, rep["notebook"], f"{rid}.failed.ipynb")
                files[f"{rid}/{rid}.failed.ipynb"] = (nbformat.writes(full) + "\n").encode()
        result["seconds"] = round(exec_seconds + time.perf_counter() - t1, 2)
        result["rendered_at"] = now_iso()
        results.append(result)
    _link_notebooks(task, results, files, linked_editions)
    return files, results


def _link_notebooks(task, results, files, editions) -> None:
    """Point each report edition in ``editions`` at its student edition's notebook, in place.

    Its own ``.ipynb`` (of an older render) is removed and the linked notebook's digest joins its
    ``outputs`` (the report is intact only while that notebook is). When the student edition
    failed, or is not in this group, the report writes its own notebook after all.
    """
    from gulfsec.render.published import notebook_json

    by_id = {res["id"]: res for res in results}
    for rep in task["reports"]:
        rid, sid = rep["id"], rep.get("notebook_of")
        res = by_id[rid]
        if rid not in editions or res["status"] != "ok":
            continue
        own, twin = f"{rid}/{rid}.ipynb", f"{sid}/{sid}.ipynb"
        student = by_id.get(sid)
        if student is not None and student["status"] == "ok" and twin in student["outputs"]:
            files[own] = None
            res["ipynb"] = twin
            res["outputs"][twin] = student["outputs"][twin]
        else:
            files[own] = notebook_json(editions[rid])
            res["outputs"][own] = hashlib.sha256(files[own]).hexdigest()


def write_files(out: Path, files: dict[str, bytes | None], staging: Path | None = None) -> None:
    """Write (atomically) or remove the files :func:`build_group` returned, under ``out``.

    Files under ``_static/`` are named by their content, so one already there with the same
    bytes is not written again (one damaged since is).
    """
    from gulfsec.render.html import STATIC

    out = Path(out)
    for rel, data in files.items():
        target = out / rel
        if data is None:
            target.unlink(missing_ok=True)
        elif rel.startswith(f"{STATIC}/") and target.is_file() and target.read_bytes() == data:
            continue
        else:
            atomic_write(target, data, staging)


def render_group(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one group and write its editions into ``task["out"]`` (a local worker's task).

    As :func:`build_group`, then :func:`write_files`; the result has no ``files``.
    """
    res = build_group(task)
    write_files(Path(task["out"]), res.pop("files"), Path(task["staging"]))
    return res
