"""Cache keys: a report is rendered again only when something it depends on changed.

A report's key is the SHA-256 of

- the **execution key** of its (notebook, parameters) group: the notebook's code cells (source
  and tags), the notebook metadata, the run parameters (file parameters resolved, the plan's
  data folder as ``data_path``), the kernel name, the renderer's own source and templates, the
  versions of Python and the key libraries, and the **dependencies the run recorded**;
- the notebook's markdown and raw cells, which change the HTML but not the execution;
- the edition, the language, the title and the renderer's output format version.

Dependencies are what the execution actually read, recorded in the kernel while it ran
(:mod:`gulfsec.render._kernel`) and stored per report in the manifest (``deps``), each with
its SHA-256 at the moment it was read:

``files``
    every file opened for reading outside the Python installation (extracts, article, label
    catalogues, a file a parameter names; files named by ``*_csv``/``*_path`` parameters are
    added even when unread);
``tables``
    each table of a data package that the notebook read from its :class:`gulfsec.data.Dataset`;
``validated``
    each data package the run validated (``gulfsec.load`` validates the whole package), with
    the fingerprint of its folder and the validation's verdict: the run depends on the package
    being valid (or on its problems), not on tables it never read;
``dirs``
    folder listings (a notebook that globbed a folder);
``modules``
    every ``gulfsec`` module imported, by the SHA-256 of its source.

A report is fresh when its key is unchanged and every dependency still has the digest it had
when read (:func:`dependencies_fresh`). So an edit to ``threat_scores.csv`` renders again only
the reports whose run read that table; an edit that makes the package invalid renders every
report that loads it again (their notebooks now fail, which the index shows). A notebook
whose output depends on a file it did not open through Python (e.g. one read by a subprocess)
is not tracked: the renderer's notebooks have none.

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
FORMAT_VERSION = "2"

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
    "pillow",  # the figure encoders (gulfsec.render.images): the PNGs' bytes
    "imagequant",
    "pyoxipng",
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


def environment_fingerprint(kernel: str) -> dict[str, Any]:
    """What every report depends on besides its notebook and its recorded dependencies: the
    renderer's source and templates, library versions, the kernel."""
    import gulfsec

    render_dir = Path(__file__).parent
    return {
        "renderer": tree_fingerprint(render_dir),
        "gulfsec": gulfsec.__version__,
        "versions": library_versions(),
        "kernel": kernel,
    }


def _package_dir() -> Path:
    import gulfsec

    return Path(gulfsec.__file__).parent


def module_file(name: str, package_dir: Path | None = None) -> Path | None:
    """The source file of a ``gulfsec`` module, found without importing it.

    Examples
    --------
    >>> module_file("gulfsec.render.keys").name
    'keys.py'
    >>> module_file("gulfsec.render").name
    '__init__.py'
    >>> module_file("gulfsec.no_such_module") is None
    True
    """
    root = package_dir or _package_dir()
    parts = name.split(".")[1:]
    base = root.joinpath(*parts) if parts else root
    for cand in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
        if cand is not None and cand.is_file():
            return cand
    return None


def _file_sha(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "<missing>"


def _listing_sha(path: str) -> str:
    import os

    try:
        names = sorted(os.listdir(path))
    except OSError:
        return "<missing>"
    return hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape")).hexdigest()


def _verdict_now(root: str, memo: dict[str, Any]) -> str:
    """``"<tree>:<verdict>"`` of a data folder now (validating only when the tree changed)."""
    from gulfsec.render._kernel import tree_sha

    key = ("validated", root)
    if key not in memo:
        memo[key] = tree_sha(root)
    return memo[key]


def _digest(kind: str, item: str, memo: dict[Any, str]) -> str:
    key = (kind, item)
    if key not in memo:
        if kind in ("files", "tables"):
            memo[key] = _file_sha(item)
        elif kind == "dirs":
            memo[key] = _listing_sha(item)
        elif kind == "modules":
            f = module_file(item)
            memo[key] = _file_sha(str(f)) if f is not None else "<missing>"
        else:  # pragma: no cover
            raise ValueError(kind)
    return memo[key]


def finalize_dependencies(
    recorded: dict[str, Any], parameter_files: Iterable[Path] = ()
) -> dict[str, Any]:
    """The manifest's ``deps`` of a run: what the kernel recorded, plus module digests and the
    files named by parameters (contract C2), all as ``{item: digest}``, sorted."""
    memo: dict[Any, str] = {}
    deps: dict[str, dict[str, str]] = {
        "files": dict(recorded.get("files") or {}),
        "tables": dict(recorded.get("tables") or {}),
        "dirs": dict(recorded.get("dirs") or {}),
        "validated": dict(recorded.get("validated") or {}),
        "modules": {m: _digest("modules", m, memo) for m in recorded.get("modules") or []},
    }
    for p in parameter_files:
        p = Path(p)
        if p.is_file():
            deps["files"].setdefault(str(p), _file_sha(str(p)))
    return {k: dict(sorted(v.items())) for k, v in deps.items()}


def dependencies_fresh(deps: Any, memo: dict[Any, str] | None = None) -> bool:
    """Whether every recorded dependency still has the digest it had when it was read.

    A data package recorded as validated is fresh when its folder is unchanged, or, when it
    changed, when validating it now gives the same verdict (then only the tables a run read
    decide). ``memo`` shares digests between reports of one render.

    Examples
    --------
    >>> import tempfile, pathlib, hashlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_text("a\\n1\\n")
    >>> deps = {"files": {str(f): hashlib.sha256(f.read_bytes()).hexdigest()}}
    >>> dependencies_fresh(deps)
    True
    >>> _ = f.write_text("a\\n2\\n")
    >>> dependencies_fresh(deps)
    False
    >>> dependencies_fresh(None)
    False
    """
    if not isinstance(deps, dict):
        return False
    memo = {} if memo is None else memo
    try:
        for kind in ("files", "tables", "dirs", "modules"):
            for item, digest in (deps.get(kind) or {}).items():
                if _digest(kind, item, memo) != digest:
                    return False
        for root, stored in (deps.get("validated") or {}).items():
            tree, _, verdict = str(stored).partition(":")
            if _verdict_now(root, memo) == tree:
                continue
            if _validate_now(root, memo) != verdict:
                return False
    except (TypeError, AttributeError, ValueError):  # a hand-edited or corrupt manifest
        return False
    return True


def _validate_now(root: str, memo: dict[Any, str]) -> str:
    from gulfsec.render._kernel import verdict

    key = ("verdict", root)
    if key not in memo:
        from pathlib import Path as _P

        if not _P(root).is_dir():
            memo[key] = "<missing>"
        else:
            from gulfsec import data

            memo[key] = verdict(data._check(root, None).problems)
    return memo[key]


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


def execution_key(
    code_digest: str,
    parameters: dict[str, Any],
    env: dict[str, Any],
    deps: dict[str, Any] | None = None,
) -> str:
    """Key of one execution: notebook code, parameters, environment and recorded dependencies."""
    return _sha({"code": code_digest, "parameters": parameters, "env": env, "deps": deps or {}})


def report_key(
    exec_key: str,
    text_digest: str,
    edition: str,
    lang: str,
    title: str,
    self_contained: bool = False,
) -> str:
    """Key of one rendered report (an edition of an execution, as a linked or a
    self-contained page)."""
    return _sha(
        {
            "exec": exec_key,
            "text": text_digest,
            "edition": edition,
            "lang": lang,
            "title": title,
            "format": FORMAT_VERSION,
            "page": "self-contained" if self_contained else "linked",
        }
    )
