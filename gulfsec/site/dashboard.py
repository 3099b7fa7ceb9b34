"""``make dashboard``: one course notebook served by Voila, in one language, with its sliders.

The dashboard notebook is the notebook's student edition in one language (the other
language's cells and the worked solutions removed, as :func:`gulfsec.render.editions.make_edition`
does for the reports, which in Arabic also isolates formulas, signed numbers and ranges left to
right and marks the prose right to left), titled with the notebook's own title in that language,
with the language injected as a parameter the way papermill injects it. For Arabic, a first cell
sets the page's outputs right to left (code and formulas stay left to right). Voila runs
it with the project kernel and hides the code; the ``gulfsec`` Voila template
(``gulfsec/site/voila/templates/gulfsec/``) marks the page ``lang``/``dir`` from the notebook's
``metadata.gulfsec.lang``, loads nothing from a CDN and gives the sliders' labels room. The
widget cells show their sliders because :func:`gulfsec.plotting.threats.live_widgets`
recognises a kernel started by Voila.

Stopping: Voila runs in its own process group, so that the terminal's Ctrl-C reaches only this
process, which passes SIGINT, SIGTERM and SIGHUP on to Voila as SIGTERM: Voila's own handler
stops its server and shuts every kernel it started down through its kernel manager. (Letting
Python's ``subprocess.call`` handle Ctrl-C killed Voila with SIGKILL, and SIGTERM killed this
process alone: either way Voila's kernels, started in sessions of their own, kept running.)

``python -m gulfsec.site.dashboard --notebook 03 --lang ar [--port 8866]``

Examples
--------
>>> resolve_notebook("03", Path(__file__).resolve().parents[2] / "notebooks").name
'03_threat_matrix.ipynb'
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

_RTL_CELL = """<style>
.jp-RenderedMarkdown, .jp-RenderedHTMLCommon { direction: rtl; text-align: right; }
.jp-RenderedHTMLCommon :is(th, td) { text-align: right; unicode-bidi: plaintext; }
pre, code, kbd, samp, mjx-container { direction: ltr; unicode-bidi: isolate; }
.jp-RenderedMarkdown code { display: inline-block; max-width: 100%; }
.jp-RenderedText pre { unicode-bidi: plaintext; text-align: start; }
</style>"""
# Table cells and printed lines take the direction of their first letter (an English cell or
# line reads left to right); a code span wraps as one left-to-right unit.


class DashboardError(ValueError):
    """A notebook or language that cannot make a dashboard."""


def resolve_notebook(name: str, notebooks: Path = NOTEBOOKS) -> Path:
    """A notebook of ``notebooks`` by number (``03``), stem or file name."""
    candidates = [notebooks / name, notebooks / f"{name}.ipynb"]
    candidates += sorted(notebooks.glob(f"{name}_*.ipynb"))
    for c in candidates:
        if c.is_file() and c.suffix == ".ipynb" and c.parent == notebooks:
            return c
    known = ", ".join(p.stem for p in sorted(notebooks.glob("[0-9]*.ipynb")))
    raise DashboardError(f"no notebook {name!r} in {notebooks}; the notebooks are: {known}")


def dashboard_notebook(source: Path, lang: str):
    """The notebook Voila serves: student edition of ``source`` in ``lang``, parameterised."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    from gulfsec.i18n import check_lang
    from gulfsec.render.editions import make_edition

    check_lang(lang)
    nb = nbformat.read(source, as_version=4)
    nb = make_edition(nb, "student", lang, source.stem, {"lang": lang, "notebook": source.name})
    nb.metadata["title"] = notebook_title(nb) or source.stem
    nb.metadata.setdefault("papermill", {})  # what papermill's loader adds before injecting
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    nb = parameterize_notebook(nb, {"lang": lang})
    if lang == "ar":
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(_RTL_CELL))
    return nb


def notebook_title(nb) -> str:
    """The title of a one-language edition: its first markdown cell's level-1 heading.

    Examples
    --------
    >>> import nbformat
    >>> notebook_title(nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell('<div dir="rtl" lang="ar">\\n\\n# 03 · مصفوفات\\n\\n</div>')]))
    '03 · مصفوفات'
    """
    from gulfsec.site.course import parse_intro

    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    return parse_intro(first.source).title if first is not None else ""


def write_dashboard(source: Path, lang: str, folder: Path) -> Path:
    """Write the dashboard notebook into ``folder`` and return its path."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{source.stem}-{lang}.ipynb"
    nbformat.write(dashboard_notebook(source, lang), path)
    return path


def voila_command(notebook: Path, port: int) -> list[str]:
    """The Voila command line: localhost only on exactly ``port`` (no other port tried), no
    browser, code hidden, light theme, the ``gulfsec`` template (see :func:`voila_env`)."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--Voila.ip=127.0.0.1",
        "--theme=light",
        "--template=gulfsec",
        "--strip_sources=True",
    ]


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voila: the project kernel (this environment's Jupyter data folder)
    and the ``gulfsec`` Voila template (``gulfsec/site/voila/``: no CDN stylesheets)."""
    env = dict(os.environ if base is None else base)
    paths = [str(Path(__file__).resolve().parent), str(Path(sys.prefix) / "share" / "jupyter")]
    if env.get("JUPYTER_PATH"):
        paths.append(env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def serve(command: list[str], env: dict[str, str]) -> int:
    """Run Voila until it exits or this process is told to stop; returns the exit code.

    SIGINT (Ctrl-C), SIGTERM and SIGHUP are passed on to Voila as SIGTERM, its signal to shut
    down with every kernel it started; this process then waits for it. Stopped by a signal,
    the code is ``128 + signal`` as a shell reports it.
    """
    procs: list[subprocess.Popen] = []
    stopped_by: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stopped_by.append(signum)
        if procs and procs[0].poll() is None:
            procs[0].send_signal(signal.SIGTERM)

    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.signal(s, stop) for s in handled}
    try:
        procs.append(subprocess.Popen(command, env=env, process_group=0))
        if stopped_by:  # a signal came while Voila was being started
            procs[0].send_signal(signal.SIGTERM)
        code = procs[0].wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 128 + stopped_by[0] if stopped_by else code


def main(argv: list[str] | None = None) -> int:
    """Serve one notebook as a dashboard until Ctrl-C or SIGTERM; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m gulfsec.site.dashboard")
    parser.add_argument("--notebook", default="03", help="number, stem or file name (e.g. 03)")
    parser.add_argument("--lang", choices=["en", "ar"], default="en")
    parser.add_argument("--port", type=int, default=8866)
    args = parser.parse_args(argv)
    if not 1024 <= args.port <= 65535:
        print(f"dashboard: --port must be 1024 to 65535, got {args.port}", file=sys.stderr)
        return 2
    try:
        source = resolve_notebook(args.notebook)
    except DashboardError as exc:
        print(f"dashboard: {exc}", file=sys.stderr)
        return 2
    path = write_dashboard(source, args.lang, ROOT / "site" / ".build" / "dashboard")
    env = voila_env()
    print(f"dashboard: {source.name} ({args.lang}) at http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    return serve(voila_command(path, args.port), env)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
