"""Worker side of the renderer: execute one (notebook, parameters) group, derive its editions.

Runs in a worker process. One papermill execution (project kernel, the notebook's folder as
working directory, a per-cell timeout) serves every edition of the group; each edition is
filtered from the executed notebook (language cells, solutions), written as ``.ipynb`` and
converted to a self-contained HTML page with nbconvert's :class:`~nbconvert.HTMLExporter` in
the same process. Every file is written atomically.
"""

from __future__ import annotations

import copy
import os
import re
import signal
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gulfsec.render._io import atomic_write
from gulfsec.render.plan import EDITIONS, LANG_TAG_PREFIX, SOLUTION_TAG

TEMPLATES = Path(__file__).with_name("templates")

#: Kernel managers started by this worker (stopped on SIGTERM).
_KERNELS: list[Any] = []
_EXPORTERS: dict[tuple[str, str], Any] = {}


def now_iso() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _tracked_kernel_manager_class(log_path: Path | None):
    """An AsyncKernelManager that registers itself (for SIGTERM) and logs the kernel's stderr."""
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            _KERNELS.append(self)
            if log_path is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            with open(log_path, "ab") as fh:  # the kernel process keeps its own copy
                kw.setdefault("stdout", fh)
                kw.setdefault("stderr", fh)
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return TrackedKernelManager


def stop_kernels() -> None:
    """Terminate every kernel this process started (process group), then remove its files."""
    import subprocess

    for km in list(_KERNELS):
        prov = getattr(km, "provisioner", None)
        proc = getattr(prov, "process", None) if prov is not None else None
        if proc is not None and proc.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)  # the kernel leads its own session
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
    _KERNELS.clear()


def _on_sigterm(signum, frame):  # pragma: no cover - exercised through a subprocess
    stop_kernels()
    os._exit(128 + signum)


def skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` in this process (saves 1-3 s).

    nbformat imports jsonschema, whose format checkers import the optional
    ``rfc3987_syntax`` when installed; that module compiles dozens of grammars at import
    time. Its only use is the ``iri`` string format, which the notebook schema does not use,
    so the renderer's processes go without it. Kernels and other processes are unaffected.
    """
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # import now raises ImportError


def worker_init() -> None:
    """Process-pool initializer: Ctrl-C is the parent's business; SIGTERM stops our kernels."""
    import logging

    skip_slow_optional_imports()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    # Kernels inherit our environment: figures must go to the inline backend (reports embed
    # them), whatever MPLBACKEND the caller set (the Makefile sets Agg for scripts and tests).
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # Failures are reported through the results (and the index); keep cron logs clean.
    for name in ("papermill", "nbclient", "traitlets"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def make_edition(nb, edition: str, lang: str, title: str, info: dict[str, Any] | None = None):
    """Derive an edition from an executed notebook (a copy; the input is not changed).

    Keeps only the markdown/code cells of ``lang`` (cells tagged ``lang-xx`` for another
    language are removed; untagged cells stay), removes cells tagged ``solution`` (worked
    answers: their prose, code and outputs) from every edition but ``instructor``, marks code
    inputs hidden in the ``report`` edition, and sanitises what code cells display as HTML or
    Markdown (:func:`gulfsec.render.sanitize.sanitize_outputs`).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        Executed notebook.
    edition : {"report", "student", "instructor"}
    lang : {"en", "ar"}
    title : str
        Stored as the notebook's ``metadata.title`` (nbconvert's HTML ``<title>``).
    info : dict, optional
        Stored as ``metadata.gulfsec`` (report id, edition, parameters).

    Returns
    -------
    nbformat.NotebookNode

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("hello", metadata={"tags": ["lang-en"]}),
    ...     nbformat.v4.new_markdown_cell("مرحبا", metadata={"tags": ["lang-ar"]}),
    ...     nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]})])
    >>> [c.source for c in make_edition(nb, "student", "ar", "T").cells]
    ['مرحبا']
    >>> [c.source for c in make_edition(nb, "report", "en", "T").cells]
    ['hello']
    """
    from nbconvert.preprocessors import TagRemovePreprocessor

    from gulfsec._validate import check_choice
    from gulfsec.i18n import LANGS, check_lang
    from gulfsec.render.sanitize import sanitize_outputs

    check_choice("edition", edition, EDITIONS)
    check_lang(lang)
    remove = {f"{LANG_TAG_PREFIX}{other}" for other in LANGS if other != lang}
    if edition != "instructor":  # no solution in any form outside the instructor's edition
        remove.add(SOLUTION_TAG)
    out = copy.deepcopy(nb)
    pre = TagRemovePreprocessor(remove_cell_tags=remove, enabled=True)
    out, _ = pre.preprocess(out, {})
    sanitize_outputs(out)
    if edition == "report":
        for cell in out.cells:
            if cell.cell_type == "code":
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    out.metadata["title"] = title
    if info is not None:
        out.metadata["gulfsec"] = info
    return out


def _exporter(edition: str, lang: str):
    key = (edition, lang)
    if key not in _EXPORTERS:
        from nbconvert import HTMLExporter

        hide = edition == "report"
        _EXPORTERS[key] = HTMLExporter(
            template_name="lab",
            template_file="gulfsec.html.j2",
            extra_template_paths=[str(TEMPLATES)],
            embed_images=True,
            exclude_input=hide,
            exclude_input_prompt=hide,
            exclude_output_prompt=hide,
            language_code=lang,
        )
    return _EXPORTERS[key]


def to_html(nb, edition: str, lang: str, title: str, index_href: str = "../index.html") -> str:
    """Convert an edition to one self-contained HTML page (images embedded, titled).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])
    >>> page = to_html(make_edition(nb, "report", "ar", "عنوان"), "report", "ar", "عنوان")
    >>> import re
    >>> re.search(r'<html (?=[^>]*lang="ar")(?=[^>]*dir="rtl")', page) is not None
    True
    >>> "<title>عنوان</title>" in page
    True
    """
    from gulfsec.i18n import label

    resources = {
        "metadata": {"name": title},
        "gulfsec": {
            "title": title,
            "edition": label(f"render.edition.{edition}", lang),
            "index_href": index_href,
            "index_label": label("render.all_reports", lang),
        },
    }
    nb = copy.copy(nb)
    if edition == "report":  # hidden code without output would leave empty gaps
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell = copy.copy(cell)
            cell.source = _render_math(cell.source)
        cells.append(cell)
    nb.cells = cells
    body, _ = _exporter(edition, lang).from_notebook_node(nb, resources=resources)
    return body


_CODE_SPANS = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?![$\d])")
_MATH_CACHE: dict[tuple[str, bool], str] = {}
_MATH_SIZE = 14  # CSS px: the report's body text size
_MATH_SCALE = 3  # rendered at 3x for sharp print and zoom


def math_image(tex: str, display: bool = False) -> str:
    """TeX math as an embedded image (matplotlib's mathtext), for pages with no MathJax.

    Reports are self-contained and open offline, so math in markdown cells is drawn here
    instead of by MathJax from a CDN. If mathtext cannot parse the expression, the TeX source
    is shown as left-to-right code instead.

    Parameters
    ----------
    tex : str
        The math without its ``$`` delimiters.
    display : bool
        Display math (``$$...$$``): centred on its own line.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> math_image("x_i^2").startswith('<img class="math" alt="x_i^2" src="data:image/png;base64,')
    True
    >>> math_image("x^{")
    '<code class="math" dir="ltr">x^{</code>'
    """
    key = (tex, display)
    if key in _MATH_CACHE:
        return _MATH_CACHE[key]
    import base64
    import html
    import io
    import warnings

    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    buf = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            depth = mathtext.math_to_image(
                f"${tex}$",
                buf,
                prop=FontProperties(size=_MATH_SIZE),
                dpi=72 * _MATH_SCALE,
                format="png",
            )
        from PIL import Image

        buf.seek(0)
        w, h = Image.open(buf).size
    except Exception:
        frag = f'<code class="math" dir="ltr">{html.escape(tex)}</code>'
    else:
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        frag = (
            f'<img class="math" alt="{html.escape(tex)}" src="data:image/png;base64,{data}" '
            f'width="{w / _MATH_SCALE:.0f}" height="{h / _MATH_SCALE:.0f}" '
            f'style="vertical-align: -{depth:.0f}px">'
        )
        if display:
            frag = f'<span class="math-display" dir="ltr">{frag}</span>'
    _MATH_CACHE[key] = frag
    return frag


def _render_math(source: str) -> str:
    """Replace ``$$...$$`` and ``$...$`` outside code by :func:`math_image` fragments."""
    parts = _CODE_SPANS.split(source)
    for i in range(0, len(parts), 2):  # even items are outside code
        text = _DISPLAY_MATH.sub(lambda m: math_image(m.group(1).strip(), display=True), parts[i])
        parts[i] = _INLINE_MATH.sub(lambda m: math_image(m.group(1)), text)
    return "".join(parts)


def _normalise_ids(nb) -> None:
    """Stable ids for the cells papermill adds (random otherwise), for deterministic HTML."""
    seen: dict[str, int] = {}
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        for tag in ("injected-parameters", "papermill-error-cell-tag"):
            if tag in tags:
                n = seen.get(tag, 0)
                seen[tag] = n + 1
                cell["id"] = f"{tag}-{n}" if n else tag


def _mark_timeout(nb, timeout: float) -> None:
    """Make the cell that ran out of time visible: a banner before it and an error output."""
    import nbformat

    last = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.get("metadata", {}).get("papermill", {}).get(
            "start_time"
        ):
            last = i
    if last is None:
        return
    cell = nb.cells[last]
    msg = f"This cell exceeded the per-cell timeout of {timeout:g} s and was stopped."
    cell.setdefault("outputs", []).append(
        nbformat.v4.new_output("error", ename="CellTimeoutError", evalue=msg, traceback=[msg])
    )
    banner = nbformat.v4.new_markdown_cell(
        f'<span style="color:red">**gulfsec render: {msg}**</span>',
        metadata={"tags": ["papermill-error-cell-tag"]},
    )
    banner["id"] = "gulfsec-timeout"
    nb.cells.insert(last, banner)


def _paths_in_metadata(nb, notebook: str, output: str) -> None:
    """Record papermill's paths relative to the plan, not this machine's temporary files."""
    meta = nb.metadata.get("papermill")
    if isinstance(meta, dict):
        meta["input_path"] = notebook
        meta["output_path"] = output


def _tail(path: Path, n: int = 15) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-n:])


def render_group(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one group and write its editions; never raises for a failing notebook.

    ``task`` holds ``notebook``, ``cwd``, ``parameters``, ``timeout``, ``kernel``, ``staging``
    (a temporary folder inside the output folder), ``out`` and ``reports`` (dicts with ``id``,
    ``edition``, ``lang``, ``title``, ``notebook``, ``parameters``). Returns
    ``{"ok", "error", "exec_seconds", "reports": [...]}``.
    """
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    staging = Path(task["staging"])
    out = Path(task["out"])
    staging.mkdir(parents=True, exist_ok=True)
    gid = task["group"]
    executed_path = staging / f"{gid}.executed.ipynb"
    log_path = staging / f"{gid}.kernel.log"
    error = None
    nb = None
    t0 = time.perf_counter()
    try:
        nb = pm.execute_notebook(
            task["notebook"],
            str(executed_path),
            parameters=task["parameters"],
            kernel_name=task["kernel"],
            cwd=task["cwd"],
            execution_timeout=task["timeout"],
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=True,
            kernel_manager_class=_tracked_kernel_manager_class(log_path),
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
        stop_kernels()  # normally already shut down by nbclient; this reaps anything left
    exec_seconds = time.perf_counter() - t0
    if nb is None and executed_path.is_file():
        try:
            nb = nbformat.read(executed_path, as_version=4)
        except Exception:  # a half-written notebook is no use
            nb = None
    if nb is not None:
        _normalise_ids(nb)
        if error and error.startswith("CellTimeoutError"):
            _mark_timeout(nb, task["timeout"])

    results = []
    for rep in task["reports"]:
        rid = rep["id"]
        folder = out / rid
        t1 = time.perf_counter()
        info = {
            "id": rid,
            "edition": rep["edition"],
            "lang": rep["lang"],
            "notebook": rep["notebook"],
            "parameters": rep["parameters"],
        }
        rep_error = error
        if rep_error is None:
            try:
                ed = make_edition(nb, rep["edition"], rep["lang"], rep["title"], info)
                _paths_in_metadata(ed, rep["notebook"], f"{rid}.ipynb")
                html = to_html(ed, rep["edition"], rep["lang"], rep["title"], rep["index_href"])
                atomic_write(folder / f"{rid}.ipynb", nbformat.writes(ed) + "\n", staging)
                atomic_write(folder / f"{rid}.html", html, staging)
                (folder / f"{rid}.failed.ipynb").unlink(missing_ok=True)
            except Exception as exc:  # one edition failing is that report's failure
                rep_error = f"conversion failed: {type(exc).__name__}: {exc}"
        result = {"id": rid, "status": "ok" if rep_error is None else "failed", "error": rep_error}
        if rep_error is not None:
            result["failed_ipynb"] = nb is not None
            if nb is not None:
                # code visible (to find the failing cell), but never a solution outside the
                # instructor's edition, and only the report's language
                shown = "instructor" if rep["edition"] == "instructor" else "student"
                info_err = info | {"error": rep_error}
                full = make_edition(nb, shown, rep["lang"], rep["title"], info_err)
                _paths_in_metadata(full, rep["notebook"], f"{rid}.failed.ipynb")
                atomic_write(folder / f"{rid}.failed.ipynb", nbformat.writes(full) + "\n", staging)
        result["seconds"] = round(exec_seconds + time.perf_counter() - t1, 2)
        result["rendered_at"] = now_iso()
        results.append(result)
    executed_path.unlink(missing_ok=True)
    log_path.unlink(missing_ok=True)
    return {"ok": error is None, "error": error, "exec_seconds": exec_seconds, "reports": results}
