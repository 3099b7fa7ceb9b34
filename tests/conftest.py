"""Shared fixtures: the real data folder, a scratch copy of it, and notebook execution."""

from __future__ import annotations

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
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(out["text"])
            data = out.get("data", {})
            if "text/plain" in data:
                parts.append(data["text/plain"])
    return "\n".join(parts)


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
