"""The published notebook file: stable cell ids, no run record, compact JSON, published once.

An executed notebook carries what changes from run to run (papermill's and nbclient's
timestamps and per-cell times, object reprs beside figures) and this machine's paths; the
functions here take them out, so that the same inputs give the same bytes. The cells' own time
moves to the manifest (:func:`cell_seconds`).

A report edition's notebook is, cell for cell, the student edition's of the same execution and
language (the same cells and outputs; only the code cells' hidden flag differs): where a plan
publishes both, the report links the student's notebook (:func:`notebook_twins`) and no second
copy is written.
"""

from __future__ import annotations

import json
import re
from typing import Any


def normalise_ids(nb) -> None:
    """Stable ids for the cells papermill adds (random otherwise), for deterministic HTML."""
    seen: dict[str, int] = {}
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        for tag in ("injected-parameters", "papermill-error-cell-tag"):
            if tag in tags:
                n = seen.get(tag, 0)
                seen[tag] = n + 1
                cell["id"] = f"{tag}-{n}" if n else tag


def mark_timeout(nb, timeout: float) -> None:
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
#: papermill's notebook-level run record: when the run started and ended, and how long it took.
#: Two runs of the same inputs differ only there; the manifest keeps the run's time.
NOTEBOOK_RUN_METADATA = ("start_time", "end_time", "duration")
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

    Removes :data:`RUN_METADATA` from every cell, papermill's :data:`NOTEBOOK_RUN_METADATA`
    from the notebook (its parameters and paths stay), and the ``text/plain`` beside an image
    when it is only an object's repr (matplotlib's ``<Figure size 640x480 with 1 Axes>``: what
    a front end shows when it cannot show the image, saying nothing of it). Nothing a reader
    sees in JupyterLab or a page changes.

    Examples
    --------
    >>> import nbformat
    >>> out = nbformat.v4.new_output("display_data", data={
    ...     "image/png": "iVBO", "text/plain": "<Figure size 640x480 with 1 Axes>"})
    >>> cell = nbformat.v4.new_code_cell("fig", outputs=[out], metadata={
    ...     "papermill": {"duration": 0.1}, "execution": {}, "tags": ["x"]})
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> nb.metadata["papermill"] = {"start_time": "2026-12-06T21:00:00", "parameters": {}}
    >>> strip_run_metadata(nb)
    >>> dict(nb.cells[0].metadata), sorted(nb.cells[0].outputs[0].data)
    ({'tags': ['x']}, ['image/png'])
    >>> dict(nb.metadata.papermill)
    {'parameters': {}}
    """
    run = nb.metadata.get("papermill")
    if isinstance(run, dict):
        for key in NOTEBOOK_RUN_METADATA:
            run.pop(key, None)
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

    import nbformat

    text = json.dumps(
        json.loads(nbformat.writes(nb)), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return (text + "\n").encode("utf-8")


def paths_in_metadata(nb, notebook: str, output: str) -> None:
    """Record papermill's paths relative to the plan, not this machine's temporary files."""
    meta = nb.metadata.get("papermill")
    if isinstance(meta, dict):
        meta["input_path"] = notebook
        meta["output_path"] = output


def notebook_twins(reports) -> dict[str, str]:
    """The report editions that publish a student edition's notebook: ``{report id: student id}``.

    A report edition whose execution group (same notebook and parameters) and language also
    publish a student edition links that student edition's ``.ipynb``: the two notebooks hold
    the same cells and outputs (only the code cells' hidden flag differs), so the second copy
    is not written. Reports without a student edition keep their own notebook. ``reports``
    are plan entries (``id``, ``edition``, ``lang``, ``group``); the first student edition in
    plan order is the one linked.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> plan = [R(id="a-report", edition="report", lang="en", group=("a", "{}")),
    ...         R(id="a-student", edition="student", lang="en", group=("a", "{}")),
    ...         R(id="a-ar-report", edition="report", lang="ar", group=("a", "ar")),
    ...         R(id="a-variant", edition="report", lang="en", group=("a", "v"))]
    >>> notebook_twins(plan)
    {'a-report': 'a-student'}
    """
    students: dict[tuple[Any, str], str] = {}
    for r in reports:
        if r.edition == "student":
            students.setdefault((r.group, r.lang), r.id)
    return {
        r.id: students[(r.group, r.lang)]
        for r in reports
        if r.edition == "report" and (r.group, r.lang) in students
    }


def render_together(twins: dict[str, str]) -> dict[str, set[str]]:
    """For each report in a pair of :func:`notebook_twins`, the reports rendered with it.

    A report edition and the student edition whose notebook it links are selected, judged
    stale and rendered together, so that the notebook a report links is always of its own
    execution and a render never leaves one of the two out of date.

    Examples
    --------
    >>> together = render_together({"a-report": "a-student", "b-report": "a-student"})
    >>> sorted(together["b-report"])
    ['a-report', 'a-student', 'b-report']
    """
    partners: dict[str, set[str]] = {}
    for rid, sid in twins.items():
        partners.setdefault(sid, {sid}).add(rid)
    for ids in list(partners.values()):
        for rid in ids:
            partners[rid] = ids
    return partners
