"""Cache keys: a report is rendered again only when something it depends on changed.

A report's key is the SHA-256 of

- the **execution key** of its (notebook, parameters) group: the notebook's code cells (source
  and tags), the notebook metadata, the parameters, the kernel name, a fingerprint of every
  file under the data folder, of the ``gulfsec`` package source (``.py``, label catalogues,
  templates), and the versions of Python and the key libraries;
- the notebook's markdown and raw cells, which change the HTML but not the execution;
- the edition, the language, the title and the renderer's output format version.

Unlike jupyter-cache, which keys on code cells only, a change in the data, in the package or in
a library version therefore renders the report again.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from gulfsec.render.plan import _source

#: Bumped when the renderer's output changes for the same inputs.
FORMAT_VERSION = "1"

#: Libraries whose version is part of every key (the kernel and the renderer use them).
KEY_LIBRARIES: tuple[str, ...] = (
    "numpy",
    "pandas",
    "scipy",
    "matplotlib",
    "seaborn",
    "networkx",
    "frictionless",
    "pyyaml",
    "ipykernel",
    "ipython",
    "jupyter_client",
    "nbclient",
    "nbconvert",
    "nbformat",
    "papermill",
)

_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}


def _sha(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def tree_fingerprint(root: Path, suffixes: Iterable[str] | None = None) -> str:
    """SHA-256 over the relative paths and contents of every file under ``root``.

    Parameters
    ----------
    root : pathlib.Path
        Folder to fingerprint (a missing folder has a fixed fingerprint).
    suffixes : iterable of str, optional
        Only files with these suffixes (all files when None). ``__pycache__`` and compiled
        files are always skipped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("x")
    >>> a = tree_fingerprint(d)
    >>> _ = (d / "a.csv").write_text("y")
    >>> a == tree_fingerprint(d)
    False
    """
    root = Path(root)
    h = hashlib.sha256()
    if not root.is_dir():
        h.update(b"<missing>")
        return h.hexdigest()
    wanted = set(suffixes) if suffixes is not None else None
    files = []
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if any(part in _SKIP_DIRS or part.startswith(".") for part in rel.parts):
            continue
        if not p.is_file() or p.suffix in _SKIP_SUFFIXES:
            continue
        if wanted is not None and p.suffix not in wanted:
            continue
        files.append((rel.as_posix(), p))
    for rel, p in sorted(files):
        h.update(rel.encode())
        h.update(b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of Python and of :data:`KEY_LIBRARIES` (``"-"`` when not installed)."""
    out = {"python": platform.python_version()}
    for name in KEY_LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "-"
    return out


def environment_fingerprint(data_dir: Path, kernel: str) -> dict[str, Any]:
    """What every report depends on besides its notebook: data, package, versions, kernel."""
    import gulfsec

    package_dir = Path(gulfsec.__file__).parent
    return {
        "data": tree_fingerprint(data_dir),
        "package": tree_fingerprint(package_dir),
        "gulfsec": gulfsec.__version__,
        "versions": library_versions(),
        "kernel": kernel,
    }


def _cell_tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def notebook_code_digest(nb: dict[str, Any]) -> str:
    """Digest of what execution depends on: code cells (source, tags) and notebook metadata."""
    code = [
        (_source(c), _cell_tags(c)) for c in nb.get("cells", []) if c.get("cell_type") == "code"
    ]
    return _sha({"code": code, "metadata": nb.get("metadata", {})})


def notebook_text_digest(nb: dict[str, Any]) -> str:
    """Digest of the prose: every non-code cell (type, source, tags) in order."""
    text = [
        (c.get("cell_type"), _source(c), _cell_tags(c))
        for c in nb.get("cells", [])
        if c.get("cell_type") != "code"
    ]
    return _sha(text)


def execution_key(code_digest: str, parameters: dict[str, Any], env: dict[str, Any]) -> str:
    """Key of one execution: notebook code, parameters and environment."""
    return _sha({"code": code_digest, "parameters": parameters, "env": env})


def report_key(exec_key: str, text_digest: str, edition: str, lang: str, title: str) -> str:
    """Key of one rendered report (an edition of an execution)."""
    return _sha(
        {
            "exec": exec_key,
            "text": text_digest,
            "edition": edition,
            "lang": lang,
            "title": title,
            "format": FORMAT_VERSION,
        }
    )
