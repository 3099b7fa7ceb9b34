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
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gulfsec.render._io import atomic_write
from gulfsec.render.editions import make_edition

TEMPLATES = Path(__file__).with_name("templates")

#: Kernel managers started by this worker, each with the render (``run``) and the execution
#: (``token``) it belongs to (stopped on SIGTERM, at the end of its execution, or on Dask when
#: its render is interrupted).
_KERNELS: list[tuple[str | None, str | None, Any]] = []
_EXPORTERS: dict[tuple[str, str], Any] = {}
#: Conversion (nbconvert's exporters, matplotlib's mathtext) is not thread-safe: a Dask worker
#: runs several executions in threads, so their conversions take turns (executions overlap).
_CONVERT_LOCK = threading.Lock()


def now_iso() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _tracked_kernel_manager_class(
    log_path: Path | None,
    env: dict[str, str] | None = None,
    run: str | None = None,
    peak: dict[str, float] | None = None,
    token: str | None = None,
):
    """An AsyncKernelManager that registers itself (for SIGTERM, under ``run`` and ``token``), logs the
    kernel's stderr, adds ``env`` to the kernel's environment (per kernel, so that threads can
    share a process) and notes the kernel's peak memory in ``peak["mb"]`` (Linux)."""
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.client_factory = _ready_client_class()

        async def shutdown_kernel(self, now=False, restart=False):
            proc = getattr(getattr(self, "provisioner", None), "process", None)
            if peak is not None and proc is not None:
                peak["mb"] = _peak_mb(proc.pid)
            return await super().shutdown_kernel(now=now, restart=restart)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            _KERNELS.append((run, token, self))
            if env:
                kw["env"] = {**(kw.get("env") or os.environ), **env}
            if self._launch_warm(kernel_cmd, kw):
                return
            if log_path is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            with open(log_path, "ab") as fh:  # the kernel process keeps its own copy
                kw.setdefault("stdout", fh)
                kw.setdefault("stderr", fh)
                return await super()._async_launch_kernel(kernel_cmd, **kw)

        def _launch_warm(self, kernel_cmd, kw) -> bool:
            """Fork the kernel from this worker's zygote (:mod:`gulfsec.render.warm`)."""
            from gulfsec.render import warm

            cwd = kw.get("cwd")
            proc = warm.launch(kernel_cmd, env=kw.get("env") or os.environ, cwd=cwd, log=log_path)
            if proc is None:
                return False
            prov = self.provisioner
            prov.process, prov.pid, prov.pgid = proc, proc.pid, proc.pid
            prov.cwd = cwd or os.getcwd()
            self._reconcile_connection_info(prov.connection_info)
            return True

    return TrackedKernelManager


def _ready_client_class():
    """jupyter_client's AsyncKernelClient, except that :meth:`wait_for_ready` does not wait
    0.2 s for more IOPub messages once the kernel has answered ``kernel_info`` and IOPub is
    known to deliver: it takes what has arrived and returns (nbclient reads only the IOPub
    messages of its own requests, so a late status message of ``kernel_info`` changes nothing).
    Otherwise the same steps, as in jupyter_client 8.x."""
    if "client" in _ENGINE:
        return _ENGINE["client"]
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_core.utils import ensure_async

    class ReadyClient(AsyncKernelClient):
        async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
                except Empty:
                    pass
                else:
                    if msg["msg_type"] == "kernel_info_reply":
                        try:  # IOPub delivers: the kernel's status of this request arrives
                            await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(msg)
                            break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
            while True:  # what IOPub already holds, without waiting for more
                try:
                    await ensure_async(self.iopub_channel.get_msg(timeout=0))
                except Empty:
                    break

        wait_for_ready = _async_wait_for_ready  # the base class binds its own function

    _ENGINE["client"] = ReadyClient
    return ReadyClient


#: Seconds between two saves of the partial notebook while it runs (papermill saves before and
#: after every cell: up to 160 full writes of a notebook with 1 MB of figures).
SAVE_EVERY = 5.0


def _engine():
    """papermill's nbclient engine with throttled saves, an immediate kernel shutdown and
    coalesced streams; it keeps the notebook object it executes (:data:`_RUNNING`), so that a
    failure or a timeout still gives the partial notebook, whatever the last save was."""
    if "engine" in _ENGINE:
        return _ENGINE["engine"]
    from papermill.engines import NBClientEngine, NotebookExecutionManager

    class ThrottledSaves(NotebookExecutionManager):
        """Saves at most every SAVE_EVERY seconds, and at the latest SAVE_EVERY seconds after
        a change (a timer on the execution's event loop, so a long cell's output is saved)."""

        _saved = False
        _timer = None

        def save(self, **kwargs):
            elapsed = (self.now() - self.last_save_time).total_seconds()
            if self._saved and elapsed < SAVE_EVERY:
                if self._timer is None:
                    import asyncio

                    try:
                        loop = asyncio.get_running_loop()
                    except RuntimeError:  # between cells: the next change or save catches up
                        return
                    self._timer = loop.call_later(SAVE_EVERY - elapsed, self._flush)
                return
            self._flush()

        def _flush(self):
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            super().save()
            self._saved = True

        def autosave_cell(self):  # called for every output message
            self.save()

        def notebook_complete(self, **kwargs):
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            return super().notebook_complete(**kwargs)

    class Engine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, **kwargs):
            kwargs.pop("progress_bar", None)
            kwargs.pop("autosave_cell_every", None)
            nb_man = ThrottledSaves(
                nb, output_path=output_path, progress_bar=False, autosave_cell_every=0
            )
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.notebook_complete()
            return nb_man.nb

    _ENGINE["engine"] = Engine
    return Engine


_ENGINE: dict[str, Any] = {}


def execute(
    notebook: str,
    parameters: dict[str, Any],
    *,
    cwd: str,
    kernel: str,
    timeout: float,
    save_path: Path | None = None,
    kernel_log: Path | None = None,
    read_log: Path | None = None,
    holder: dict[str, Any] | None = None,
    run: str | None = None,
    peak: dict[str, float] | None = None,
    token: str | None = None,
):
    """Execute a notebook with papermill (parameters injected) in a fresh kernel.

    As :func:`papermill.execute_notebook` with ``request_save_on_cell_execute``, except that
    the partial notebook is saved to ``save_path`` at most every :data:`SAVE_EVERY` seconds,
    the kernel is stopped at once when the run ends, stream outputs are coalesced (the same
    output gives the same bytes however the kernel chunked it), the kernel runs in ``cwd``
    without changing this process's working directory, and it loads the renderer's kernel
    extension (:mod:`gulfsec.render._kernel`: read recorder writing to ``read_log``, figure
    cache). ``holder["nb"]`` is the notebook being executed, also when this raises.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    papermill.PapermillExecutionError, nbclient.exceptions.CellTimeoutError, Exception
        As papermill does (a failing cell, a timeout, a dead kernel).
    """
    from papermill.execute import raise_for_execution_errors, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from gulfsec.render._kernel import LOG_ENV, kernel_arguments

    nb = load_notebook_node(notebook)
    if parameters:
        nb = parameterize_notebook(nb, parameters, False, kernel_name=kernel)
    nb.metadata.papermill["input_path"] = notebook
    nb.metadata.papermill["output_path"] = str(save_path) if save_path else None
    nb = remove_error_markers(nb)
    if holder is not None:
        holder["nb"] = nb
    env = {
        # figures go to the inline backend (reports embed them), whatever MPLBACKEND the
        # caller set (the Makefile sets Agg for scripts and tests)
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    if read_log is not None:
        env[LOG_ENV] = str(read_log)
    nb = _engine().execute_notebook(
        nb,
        kernel,
        output_path=str(save_path) if save_path else None,
        log_output=False,
        start_timeout=60,
        execution_timeout=timeout,
        kernel_manager_class=_tracked_kernel_manager_class(kernel_log, env, run, peak, token),
        shutdown_kernel="immediate",
        coalesce_streams=True,
        extra_arguments=kernel_arguments(),
        resources={"metadata": {"path": cwd}},
    )
    raise_for_execution_errors(nb, None)
    return nb


def _peak_mb(pid: int) -> float:
    """Peak resident memory of a process in MB (``VmHWM``; 0 when unknown)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def stop_kernels(run: str | None = None, token: str | None = None) -> int:
    """Terminate the kernels this process started (process group), then remove their files.

    Only those of the render ``run`` or of the execution ``token`` when given (a Dask worker
    runs several executions at once, possibly of several renders). Returns how many.
    """
    import subprocess

    mine = [
        entry
        for entry in _KERNELS
        if (run is None or entry[0] == run) and (token is None or entry[1] == token)
    ]
    for _, _, km in mine:
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
    for entry in mine:
        _KERNELS.remove(entry)
    return len(mine)


def stop_all() -> None:
    """Stop every kernel this process started, and its zygotes (:mod:`gulfsec.render.warm`)."""
    from gulfsec.render import warm

    stop_kernels()
    warm.close_all(kill=True)


def _on_sigterm(signum, frame):  # pragma: no cover - exercised through a subprocess
    stop_all()
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


def _exporter_class():
    """nbconvert's HTMLExporter without its BeautifulSoup post-pass.

    :meth:`nbconvert.HTMLExporter.from_notebook_node` re-parses every finished page (0.4-1.4
    MB) with BeautifulSoup only to add ``alt`` to images that lack one and ``tabindex="0"`` to
    cell inputs and outputs; :func:`_accessibility` makes the same two edits on the page text.
    """
    if "class" in _EXPORTERS:
        return _EXPORTERS["class"]
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _accessibility(html), resources

    _EXPORTERS["class"] = PageExporter
    return PageExporter


_NO_ALT = "No description has been provided for this image"
_IMG_TAG = re.compile(r"<img\b[^>]*>")
_FOCUSABLE = re.compile(
    r'<div\b(?=[^>]*\bclass="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?:\s[^"]*)?")'
    r"(?![^>]*\btabindex=)([^>]*)>"
)


def _accessibility(html: str) -> str:
    """What nbconvert's post-pass adds: ``alt`` on images without one, focusable cells.

    Examples
    --------
    >>> _accessibility('<div class="jp-Cell-inputWrapper"><img src="x.png"></div>')
    '<div class="jp-Cell-inputWrapper" tabindex="0"><img src="x.png" alt="No description has been provided for this image"></div>'
    """

    def alt(m: re.Match) -> str:
        tag = m.group(0)
        if re.search(r"\salt=", tag):
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} alt="{_NO_ALT}"{tag[end:]}'

    html = _IMG_TAG.sub(alt, html)
    return _FOCUSABLE.sub(lambda m: f'<div{m.group(1)} tabindex="0">', html)


def _exporter(edition: str, lang: str):
    """The page exporter of an edition in ``lang``: one per "code shown or not", its language
    set for each page (each exporter compiles its templates once: 0.16 s; conversions take
    turns, :data:`_CONVERT_LOCK`)."""
    hide = edition == "report"
    key = ("hide" if hide else "show",)
    if key not in _EXPORTERS:
        _EXPORTERS[key] = _exporter_class()(
            template_name="lab",
            template_file="gulfsec.html.j2",
            extra_template_paths=[str(TEMPLATES)],
            embed_images=True,
            exclude_input=hide,
            exclude_input_prompt=hide,
            exclude_output_prompt=hide,
        )
    exporter = _EXPORTERS[key]
    exporter.language_code = lang
    return exporter


#: Where linked pages find the site's stylesheet and images (relative to the output folder).
STATIC = "_static"
_HEAD_STYLE = re.compile(r'<style type="text/css">(.*?)</style>\s*', re.S)
_DATA_IMG = re.compile(
    r'(<img\b[^>]*?\ssrc=")data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]+)"'
)


def split_page(html: str, prefix: str = "../") -> tuple[str, dict[str, bytes]]:
    """A page that links one stylesheet and its images instead of embedding them.

    The ``<style>`` blocks of the page's head (nbconvert's JupyterLab theme, the pygments
    styles and the gulfsec rules: the same 265 kB in every page) go, verbatim and in order, to
    ``_static/gulfsec.<hash>.css``; every embedded image to ``_static/img/<hash>.<ext>``, named
    by its content, so that an image shown twice or in several editions is stored once. The
    content hash in the names means a browser never shows a stale stylesheet or image.

    Parameters
    ----------
    html : str
        A self-contained page (:func:`to_html`).
    prefix : str
        From the page's folder to the output folder.

    Returns
    -------
    (str, dict)
        The page and ``{path relative to the output folder: bytes}`` of the files it links.

    Examples
    --------
    >>> page = ('<html><head><style type="text/css">p {}</style></head><body>'
    ...         '<img alt="a" src="data:image/png;base64,iVBO"></body></html>')
    >>> out, files = split_page(page)
    >>> sorted(files)
    ['_static/gulfsec.c9dd3e1410d3.css', '_static/img/449ba17f2a44989a.png']
    >>> '<link rel="stylesheet" href="../_static/gulfsec.c9dd3e1410d3.css">' in out
    True
    """
    import base64
    import hashlib

    files: dict[str, bytes] = {}
    head_end = html.find("</head>")
    if head_end >= 0:
        head = html[:head_end]
        css = "\n".join(m.group(1).strip("\n") for m in _HEAD_STYLE.finditer(head))
        if css:
            data = (css + "\n").encode("utf-8")
            name = f"{STATIC}/gulfsec.{hashlib.sha256(data).hexdigest()[:12]}.css"
            files[name] = data
            first = _HEAD_STYLE.search(head)
            link = f'<link rel="stylesheet" href="{prefix}{name}">\n'
            head = head[: first.start()] + link + _HEAD_STYLE.sub("", head[first.start() :])
        html = head + html[head_end:]

    def image(m: re.Match) -> str:
        raw = base64.b64decode(re.sub(r"\s", "", m.group(3)))
        ext = "jpg" if m.group(2) == "jpeg" else m.group(2)
        name = f"{STATIC}/img/{hashlib.sha256(raw).hexdigest()[:16]}.{ext}"
        files[name] = raw
        return f'{m.group(1)}{prefix}{name}"'

    return _DATA_IMG.sub(image, html), files


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
    from gulfsec.render.bidi import isolate_notebook

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
    if lang == "ar":  # formulas, signed numbers and ranges read left to right (render.bidi)
        nb = isolate_notebook(nb)
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
    >>> math_image("x_i^2").startswith('<span class="math" dir="ltr"><img class="math" alt="x_i^2"')
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
            # matplotlib warns (UserWarning) when it cannot draw a symbol: show the TeX then;
            # other warnings (a library deprecation on first use) are no reason to
            warnings.simplefilter("error", UserWarning)
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
        # an isolated left-to-right unit, also in right-to-left text (see render.bidi)
        frag = (
            f'<span class="math-display" dir="ltr">{frag}</span>'
            if display
            else (f'<span class="math" dir="ltr">{frag}</span>')
        )
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


#: Cell metadata that only says how a run went: papermill's per-cell start, end, duration and
#: status, and nbclient's message timestamps (``execution``). A reader never sees them (nbstripout
#: removes ``execution`` from stored notebooks for the same reason) and they differ in every run;
#: a published notebook goes without (the notebook's own ``metadata.papermill`` stays: when it
#: ran and with which parameters). A failed run keeps them (they show where it stopped).
RUN_METADATA = ("papermill", "execution")
#: A text/plain that is only an object's repr, e.g. ``<Figure size 640x480 with 1 Axes>``.
_OBJECT_REPR = re.compile(r"<[A-Za-z_][\w.]*(?: [^<>\n]*)?>")


def cell_seconds(nb) -> float | None:
    """The code cells' own time in a run (papermill's per-cell durations), or None if not recorded.

    Examples
    --------
    >>> import nbformat
    >>> cells = [nbformat.v4.new_code_cell("1", metadata={"papermill": {"duration": d}})
    ...          for d in (0.25, 0.5)]
    >>> cell_seconds(nbformat.v4.new_notebook(cells=cells))
    0.75
    """
    found = [
        d
        for c in nb.cells
        if c.cell_type == "code"
        and isinstance(d := c.get("metadata", {}).get("papermill", {}).get("duration"), int | float)
    ]
    return round(sum(found), 3) if found else None


def strip_run_metadata(nb) -> None:
    """Remove what a reader never sees and every run changes, in place.

    Removes :data:`RUN_METADATA` from every cell, and the ``text/plain`` beside an image when it
    is only an object's repr (matplotlib's ``<Figure size 640x480 with 1 Axes>``: what a
    front end shows when it cannot show the image, saying nothing of it). Nothing a reader
    sees in JupyterLab or a page changes.

    Examples
    --------
    >>> import nbformat
    >>> out = nbformat.v4.new_output("display_data", data={
    ...     "image/png": "iVBO", "text/plain": "<Figure size 640x480 with 1 Axes>"})
    >>> cell = nbformat.v4.new_code_cell("fig", outputs=[out], metadata={
    ...     "papermill": {"duration": 0.1}, "execution": {}, "tags": ["x"]})
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> strip_run_metadata(nb)
    >>> dict(nb.cells[0].metadata), sorted(nb.cells[0].outputs[0].data)
    ({'tags': ['x']}, ['image/png'])
    """
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        for key in RUN_METADATA:
            meta.pop(key, None)
        for out in cell.get("outputs", []):
            data = out.get("data") if isinstance(out, dict) else None
            if not data or "text/plain" not in data:
                continue
            if not any(k.startswith("image/") for k in data):
                continue
            text = data["text/plain"]
            text = "".join(text) if isinstance(text, list) else text
            if _OBJECT_REPR.fullmatch(text.strip()):
                del data["text/plain"]


def notebook_json(nb) -> bytes:
    """A notebook's file: nbformat's JSON without indentation (5 % smaller), newline-terminated.

    Any JSON layout is a valid ``.ipynb``; JupyterLab opens it as it opens an indented one (and
    indents it again when it saves). Keys are sorted and sources split into lines as nbformat
    writes them, so the same notebook gives the same bytes.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("a\\nb")])
    >>> nb.cells[0].id = "x"
    >>> notebook_json(nb)[:60]
    b'{"cells":[{"cell_type":"markdown","id":"x","metadata":{},"so'
    >>> nbformat.reads(notebook_json(nb).decode(), 4) == nb
    True
    """
    import json

    import nbformat

    text = json.dumps(
        json.loads(nbformat.writes(nb)), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return (text + "\n").encode("utf-8")


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


def read_dependencies(log: Path) -> dict[str, Any]:
    """What a run read, from its kernel's read log (:mod:`gulfsec.render._kernel`).

    Returns
    -------
    dict
        ``files`` and ``tables`` (``{absolute path: SHA-256 when read}``), ``dirs``
        (``{path: SHA-256 of the listing}``), ``validated`` (``{data folder: "<folder
        fingerprint>:<verdict>"}``: the run depends on the package being valid) and
        ``modules`` (``gulfsec`` modules imported). Files and folders that the run itself
        wrote or created (a copy of the data in a temporary folder) are not dependencies.
    """
    from gulfsec.render._kernel import read_log

    deps: dict[str, Any] = {"files": {}, "tables": {}, "dirs": {}, "validated": {}, "modules": []}
    lines = read_log(log)
    made = [p for kind, _, p in lines if kind == "made"]  # written or created by the run

    def own(path: str) -> bool:
        return any(path == m or path.startswith(m.rstrip("/") + "/") for m in made)

    for kind, digest, path in lines:
        if kind in ("file", "table", "dir", "validate") and own(path):
            continue
        if kind == "file":
            deps["files"].setdefault(path, digest)
        elif kind == "table":
            deps["tables"].setdefault(path, digest)
        elif kind == "dir":
            deps["dirs"].setdefault(path, digest)
        elif kind == "module":
            if path not in deps["modules"]:
                deps["modules"].append(path)
        elif kind == "validate":
            deps["validated"].setdefault(path, digest)
    deps["modules"].sort()
    return deps


def build_group(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one group and build its editions in memory; never raises for a failing notebook.

    ``task`` holds ``notebook``, ``cwd``, ``parameters``, ``timeout``, ``kernel``, ``staging``
    (a scratch folder: the partial notebook and the kernel's logs; created when missing),
    ``self_contained`` (pages embed their stylesheet and images) and ``reports`` (dicts with
    ``id``, ``edition``, ``lang``, ``title``, ``notebook``, ``parameters``, ``index_href``).

    Returns
    -------
    dict
        ``{"ok", "error", "exec_seconds", "deps", "reports": [...], "files": {path relative
        to the output folder: bytes, or None for a file to remove}}``. Nothing is written to
        the output folder: the caller writes ``files`` (:func:`write_files`), in this process
        or, under Dask, on the client.
    """
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    staging = Path(task["staging"])
    staging.mkdir(parents=True, exist_ok=True)
    gid = task["group"]
    executed_path = staging / f"{gid}.executed.ipynb"
    log_path = staging / f"{gid}.kernel.log"
    read_log = staging / f"{gid}.reads.log"
    read_log.unlink(missing_ok=True)
    error = None
    nb = None
    holder: dict[str, Any] = {}
    peak: dict[str, float] = {}
    token = f"{task.get('run')}:{gid}:{os.getpid()}:{time.monotonic_ns()}"
    t0 = time.perf_counter()
    try:
        nb = execute(
            task["notebook"],
            task["parameters"],
            cwd=task["cwd"],
            kernel=task["kernel"],
            timeout=task["timeout"],
            save_path=executed_path,
            kernel_log=log_path,
            read_log=read_log,
            holder=holder,
            run=task.get("run"),
            peak=peak,
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
    deps = read_dependencies(read_log)
    with _CONVERT_LOCK:
        files, results = _convert(task, nb, error, exec_seconds, deps, peak)
    executed_path.unlink(missing_ok=True)
    log_path.unlink(missing_ok=True)
    read_log.unlink(missing_ok=True)
    return {
        "ok": error is None,
        "error": error,
        "exec_seconds": exec_seconds,
        "kernel_peak_mb": peak.get("mb"),
        "deps": deps,
        "reports": results,
        "files": files,
    }


def _convert(task, nb, error, exec_seconds, deps, peak):
    """The editions of an executed group: ``(files, per-report results)``."""
    import nbformat

    from gulfsec.render.images import compress_outputs

    if nb is not None:
        _normalise_ids(nb)
        if error and error.startswith("CellTimeoutError"):
            _mark_timeout(nb, task["timeout"])
        compress_outputs(nb)
    seconds = cell_seconds(nb) if nb is not None else None
    if nb is not None and error is None:
        strip_run_metadata(nb)

    files: dict[str, bytes | None] = {}
    results = []
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
        if rep_error is None:
            try:
                ed = make_edition(nb, rep["edition"], rep["lang"], rep["title"], info)
                _paths_in_metadata(ed, rep["notebook"], f"{rid}.ipynb")
                html = to_html(ed, rep["edition"], rep["lang"], rep["title"], rep["index_href"])
                if not task.get("self_contained", False):
                    html, linked = split_page(html)
                    files.update(linked)
                    assets = sorted(linked)
                files[f"{rid}/{rid}.ipynb"] = notebook_json(ed)
                files[f"{rid}/{rid}.html"] = html.encode("utf-8")
                files[f"{rid}/{rid}.failed.ipynb"] = None
            except Exception as exc:  # one edition failing is that report's failure
                rep_error = f"conversion failed: {type(exc).__name__}: {exc}"
                for name in (f"{rid}/{rid}.ipynb", f"{rid}/{rid}.html"):
                    files.pop(name, None)
        result = {"id": rid, "status": "ok" if rep_error is None else "failed", "error": rep_error}
        result["deps"] = deps
        result["kernel_peak_mb"] = peak.get("mb")
        result["cell_seconds"] = seconds
        if rep_error is None:
            result["assets"] = assets
        else:
            result["failed_ipynb"] = nb is not None
            if nb is not None:
                # code visible (to find the failing cell), but never a solution outside the
                # instructor's edition, and only the report's language
                shown = "instructor" if rep["edition"] == "instructor" else "student"
                info_err = info | {"error": rep_error}
                full = make_edition(nb, shown, rep["lang"], rep["title"], info_err)
                _paths_in_metadata(full, rep["notebook"], f"{rid}.failed.ipynb")
                files[f"{rid}/{rid}.failed.ipynb"] = (nbformat.writes(full) + "\n").encode()
        result["seconds"] = round(exec_seconds + time.perf_counter() - t1, 2)
        result["rendered_at"] = now_iso()
        results.append(result)
    return files, results


def write_files(out: Path, files: dict[str, bytes | None], staging: Path | None = None) -> None:
    """Write (atomically) or remove the files :func:`build_group` returned, under ``out``.

    Files under ``_static/`` are named by their content, so one already there is not written
    again.
    """
    out = Path(out)
    for rel, data in files.items():
        target = out / rel
        if data is None:
            target.unlink(missing_ok=True)
        elif rel.startswith(f"{STATIC}/") and target.is_file():
            continue
        else:
            atomic_write(target, data, staging)


def render_group(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one group and write its editions into ``task["out"]`` (the local pool's task).

    As :func:`build_group`, then :func:`write_files`; the result has no ``files``.
    """
    res = build_group(task)
    write_files(Path(task["out"]), res.pop("files"), Path(task["staging"]))
    return res
