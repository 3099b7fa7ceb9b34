"""Shared fixtures: the real data folder, a scratch copy of it, and notebook execution."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
ARTICLE = ROOT.parent / "shared" / "article" / "000_251b34d883ffe071.txt"
KERNEL = "gulfsec"

# The notebooks under tests/fixtures are the renderer's fixtures (some fail or sleep on
# purpose), not lessons: nbval (``--nbval-lax``) must not collect them. This lives here rather
# than in a conftest.py of their own, because a second module named ``conftest`` would shadow
# this one for the ``from conftest import ...`` lines of the test modules.
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture(scope="session")
def ds():
    """The real data package, loaded once per session."""
    import gulfsec

    return gulfsec.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/`` in a temporary folder."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def execute_notebook(name: str, parameters: dict | None = None, tmp_path: Path | None = None):
    """Execute ``notebooks/<name>`` with papermill and the project kernel; return the notebook.

    Raises papermill's ``PapermillExecutionError`` if a cell fails.
    """
    import papermill as pm

    out = (tmp_path or Path("/tmp")) / f"out-{Path(name).stem}.ipynb"
    return pm.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters=parameters or {},
        kernel_name=KERNEL,
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        log_output=False,
        execution_timeout=300,
    )


def notebook_outputs_text(nb) -> str:
    """All text outputs of an executed notebook, joined (for assertions)."""
    parts = []
    for _, out in cell_outputs(nb):
        if "text" in out:
            parts.append(out["text"])
        data = out.get("data", {})
        if "text/plain" in data:
            parts.append(data["text/plain"])
    return "\n".join(parts)


# --- English in Arabic outputs ------------------------------------------------------------
#
# An English sentence, for this check: two or more Latin words in a row, where a word is a
# letter then lower-case letters ("the", "Houthi", "dtype"), separated only by spaces and
# , ; : ( ) –. Acronyms (COW, HHI), identifiers (date_note, ties.csv, SAU), numbers and
# anything joined to a word by _, a digit, a dot or a quote are not words, so codes, file names
# and printed parameters pass. Allowed: the glossary's English terms (the key-terms tables show
# each term in both languages by design) and the names below, which are English in every
# language (datasets, institutions, published works).
LATIN_NAMES = ("SIPRI Arms Transfers Database", "Correlates of War")
_WORD = r"[A-Za-z][a-z]+(?:['’][a-z]+)?"
_GAP = r"[ \t\n]*[,;:()–]?[ \t\n]*"
ENGLISH_WORDS = re.compile(rf"(?<![\w'’.\-]){_WORD}(?:{_GAP}(?<=[\s,;:()–]){_WORD})+(?![\w'’\-])")


def english_runs(text: str, allowed: tuple[str, ...] = LATIN_NAMES) -> list[str]:
    """Runs of two or more English words in ``text``, after removing the ``allowed`` phrases.

    >>> english_runs("الفقرة 44 ties.csv SAU (focus = None)")
    []
    >>> english_runs("المصدر: As the article dates it (2015)")
    ['As the article dates it']
    """
    for phrase in sorted(allowed, key=len, reverse=True):
        text = text.replace(phrase, " ")
    return ENGLISH_WORDS.findall(text)


def cell_outputs(nb):
    """``(cell index, output)`` of every output of an executed notebook."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            yield i, out


def output_texts(nb):
    """``(cell index, text)`` of every output a reader sees: streams, errors, and of each
    display or result its HTML without ``<code>`` (else its plain text; none for images)."""
    from bs4 import BeautifulSoup

    for i, out in cell_outputs(nb):
        if out.get("output_type") == "stream":
            yield i, out["text"]
        elif out.get("output_type") == "error":
            yield i, f"{out.get('ename', '')}: {out.get('evalue', '')}"
        else:
            data = out.get("data", {})
            if "text/html" in data:
                soup = BeautifulSoup(data["text/html"], "html.parser")
                for tag in soup(["code", "style", "script"]):
                    tag.decompose()
                yield i, soup.get_text(" ")
            elif "text/plain" in data and not any(k.startswith("image/") for k in data):
                yield i, data["text/plain"]


@functools.cache
def _allowed_in_arabic() -> tuple[str, ...]:
    import gulfsec

    return LATIN_NAMES + tuple(gulfsec.load().glossary["term_en"]) + _published_names()


def _published_names() -> tuple[str, ...]:
    """The names, versions and citations of the bundled published datasets: a page's Sources
    section cites them as published, in their own language, in every edition."""
    import gulfsec

    ext = gulfsec.load_external()
    meta = [ext.meta(name) for name in ext.names]
    return tuple(str(m[k]) for m in meta for k in ("dataset", "version", "citation") if m.get(k))


def english_in_outputs(nb) -> list[tuple[int, str]]:
    """``(cell index, run)`` for every English run (see ``english_runs``) in the outputs of an
    executed notebook; ``[]`` is what an Arabic edition must give."""
    allowed = _allowed_in_arabic()
    return [(i, run) for i, text in output_texts(nb) for run in english_runs(text, allowed)]


def cut_cells_in_outputs(nb) -> list[tuple[int, str]]:
    """``(cell index, text)`` of every table cell in the outputs of an executed notebook whose
    text ends cut ("…" or "...", as pandas cuts long text); ``[]`` is what a report must give."""
    from bs4 import BeautifulSoup

    found = []
    for i, out in cell_outputs(nb):
        html = out.get("data", {}).get("text/html")
        if not html:
            continue
        for td in BeautifulSoup(html, "html.parser").select("td, th"):
            text = td.get_text().rstrip()
            if text.endswith(("…", "...")):
                found.append((i, text))
    return found


def row_count_line(ds) -> str:
    """The row-count headline that notebook 00 prints (a dict of table -> rows)."""
    return str({name: len(ds[name]) for name in ds.tables})


def stderr_outputs(nb) -> list[str]:
    """Every stderr stream output (warnings end up here)."""
    return [
        out["text"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]


def render_cli(plan: Path, out: Path, *extra: str, env: dict | None = None, timeout: float = 120):
    """Run ``python -m gulfsec.cli render --plan PLAN --out OUT ...`` in a subprocess from the
    repository root, as cron would; returns the ``CompletedProcess`` (stdout/stderr as text)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "gulfsec.cli", "render", "--plan", str(plan), "--out", str(out)]
        + list(extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or None,
        cwd=ROOT,
    )


# --- test tiers (the `slow` marker is registered in pyproject.toml) ---------------------------
#: Test files of other owners that start kernels, build books or open a browser: marked slow
#: here by path (the renderer's own test files mark themselves with ``pytestmark``).
SLOW_TEST_FILES = ("test_site.py", "test_browser.py", "test_render_dask.py", "test_nb_*.py")
#: Quick files among those names (they read notebooks, never execute them).
QUICK_TEST_FILES = ("test_nb_prose_numbers.py",)
#: Single tests of other owners' files that run a tool in Python processes of their own over
#: whole notebooks (seconds each, the longest of the library tier): they test the tools, not
#: the library, and run with `make test`; and the one wheel test whose ``slow`` mark sits on
#: the helper above it instead (its fixture builds the wheel with pip).
SLOW_TESTS = (
    "tests/test_editions.py::test_mark_rtl_tool_on_the_fixture_notebooks",
    "tests/test_lab.py::test_saving_through_the_lab_config_stores_what_nbstripout_stores",
    "tests/test_package.py::test_wheel_ships_the_data",
)


def pytest_collection_modifyitems(config, items):
    """Mark slow what `make test-fast` leaves out: the files and tests above and the notebooks
    (nbval)."""
    import fnmatch

    import pytest

    for item in items:
        name = item.path.name
        if (
            item.path.suffix == ".ipynb"
            or item.nodeid in SLOW_TESTS
            or (
                any(fnmatch.fnmatch(name, pattern) for pattern in SLOW_TEST_FILES)
                and name not in QUICK_TEST_FILES
            )
        ):
            item.add_marker(pytest.mark.slow)


# --- figures shown twice (issue 21: light pages) ------------------------------------------
def repeated_figures(nb) -> list[tuple[int, int]]:
    """``(cell index, index of the earlier cell)`` for every figure that an executed notebook
    shows a second time: the same PNG bytes, or the same ``alt`` text (a figure displayed again
    is redrawn, so its bytes often differ a little, but its description does not). ``[]`` is
    what a notebook must give: a recap cell summarises and points to the figure above.

    >>> import nbformat
    >>> def fig(png, alt):
    ...     return nbformat.v4.new_output("display_data", data={"image/png": png},
    ...                                   metadata={"image/png": {"alt": alt}})
    >>> cells = [nbformat.v4.new_code_cell(outputs=[fig("AAA", "Timeline")]),
    ...          nbformat.v4.new_code_cell(outputs=[fig("BBB", "Shares")]),
    ...          nbformat.v4.new_code_cell(outputs=[fig("AAB", "Timeline")])]
    >>> repeated_figures(nbformat.v4.new_notebook(cells=cells))
    [(2, 0)]
    """
    first: dict[str, int] = {}
    found = []
    for i, out in cell_outputs(nb):
        png = out.get("data", {}).get("image/png")
        if png is None:
            continue
        keys = ["png:" + ("".join(png) if isinstance(png, list) else png)]
        alt = out.get("metadata", {}).get("image/png", {}).get("alt")
        if alt:
            keys.append("alt:" + alt)
        earlier = [first[k] for k in keys if k in first]
        if earlier:
            found.append((i, earlier[0]))
        for k in keys:
            first.setdefault(k, i)
    return found


def sources_text(nb) -> str:
    """What a reader sees of an executed notebook's Sources section: the text of the outputs of
    its last cell, which calls ``show_sources(lang)`` (tables as text, ``<code>`` left out)."""
    last = len(nb.cells) - 1
    assert "show_sources(lang)" in nb.cells[last].source, "the notebook does not end with Sources"
    return "\n".join(text for i, text in output_texts(nb) if i == last)
