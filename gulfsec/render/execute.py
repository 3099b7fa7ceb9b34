"""Editions and pages: an executed notebook filtered into an edition, and its HTML page.

Each edition (report, student, instructor; en, ar) is filtered from the one executed notebook
of its group (language cells, solutions), its outputs sanitised, and converted to an HTML page
with nbconvert's :class:`~nbconvert.HTMLExporter` (:func:`to_html`); :func:`split_page` links
the stylesheet and images instead of embedding them. The execution itself is
:mod:`gulfsec.render.execution`.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from gulfsec.render.plan import EDITIONS, LANG_TAG_PREFIX, SOLUTION_TAG

TEMPLATES = Path(__file__).with_name("templates")

_EXPORTERS: dict[tuple[str, str], Any] = {}

#: Names that moved to :mod:`gulfsec.render.execution`, still found here for the modules
#: that import them from this one (:mod:`gulfsec.render.cluster`).
_MOVED = ("build_group", "now_iso", "render_group", "stop_kernels", "write_files")


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        from gulfsec.render import execution

        return getattr(execution, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    """The page exporter of an edition in ``lang``: one per "code shown or not", its language
    set for each page (each exporter compiles its templates once: 0.16 s; conversions take
    turns, :data:`gulfsec.render.execution._CONVERT_LOCK`)."""
    hide = edition == "report"
    key = ("hide" if hide else "show",)
    if key not in _EXPORTERS:
        from nbconvert import HTMLExporter

        _EXPORTERS[key] = HTMLExporter(
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
