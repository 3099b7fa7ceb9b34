"""Cache keys: a report is rendered again exactly when something that decides its bytes changed.

A report's key is the SHA-256 of

- the **execution key** of its (notebook, parameters) group: the notebook's code cells (source
  and tags) and metadata, the run parameters, the **environment** (:func:`environment_fingerprint`:
  the gulfsec package's code, labels and templates, the versions of Python and the key libraries,
  the kernel's spec, and the configuration that changes what a kernel draws: matplotlib's and
  IPython's configuration files and the variables in :data:`ENVIRONMENT_VARIABLES`), and the
  **sources** the run used;
- the notebook's markdown and raw cells (they change the page, not the execution);
- the edition, the language, the title, the page format and :data:`FORMAT_VERSION`.

The sources are what :mod:`gulfsec.provenance` recorded in the kernel (the same list as the
notebook's own "Sources" section): each table used, with the SHA-256 of its bytes as the loader
read them; each data package loaded (all its files as read, its descriptor); each published
extract used; plus every file a parameter names, hashed before the run starts. Nothing is
recorded by watching the kernel: the library reports what it reads through its public API.

A report is fresh when its key is unchanged and every source is as recorded
(:func:`sources_fresh`): a used table or extract still has the digest it had when read; a
package whose other files changed still validates (``gulfsec.validate``), since the run depends
on the package being valid but not on tables it never used. So an edit to one table re-renders
exactly the reports whose Sources name it, and a change to a label, a template or any module of
the package re-renders every report. A digest is taken when the bytes are read, or before,
never after: an edit during a run can only cause one render too many, never a stale page.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from gulfsec.render.files import file_digest, tree_digest
from gulfsec.render.parameters import cell_source

#: Bumped when the renderer's output changes for the same inputs.
FORMAT_VERSION = "4"

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
    "babel",
    "ipykernel",
    "ipython",
    "ipywidgets",
    "jupyter_client",
    "nbclient",
    "nbconvert",
    "nbformat",
    "papermill",
    "bleach",
    # the page converter (gulfsec.render.html): the HTML's bytes
    "myst-nb",
    "myst-parser",
    "docutils",
    "markdown-it-py",
    "mdit-py-plugins",
    "pygments",
    "pillow",  # the figure encoders (gulfsec.render.images): the PNGs' bytes
    "imagequant",
    "pyoxipng",
)

#: Environment variables that change what a kernel computes or draws.
ENVIRONMENT_VARIABLES: tuple[str, ...] = (
    "GULFSEC_WIDGETS",
    "GULFSEC_ARTICLE",
    "MPLCONFIGDIR",
    "MATPLOTLIBRC",
    "IPYTHONDIR",
    "PYTHONHASHSEED",
    "TZ",
)

#: Parts of the gulfsec package that no report depends on.
_NOT_IN_REPORTS = frozenset({"site", "_data"})


def _sha(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of Python and of :data:`KEY_LIBRARIES` (``"-"`` when not installed)."""
    out = {"python": platform.python_version()}
    for name in KEY_LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "-"
    return out


def package_fingerprint() -> str:
    """Digest of the gulfsec package as the kernels import it: every module, label catalogue
    and template (not the site builder, not a wheel's bundled data: data are sources)."""
    import gulfsec

    return tree_digest(Path(gulfsec.__file__).parent, skip=_NOT_IN_REPORTS)


def _matplotlibrc_candidates() -> list[Path]:
    """Where matplotlib looks for its configuration (in its order), the kernel's folder aside."""
    out: list[Path] = []
    rc = os.environ.get("MATPLOTLIBRC")
    if rc:
        out += [Path(rc), Path(rc) / "matplotlibrc"]
    conf = os.environ.get("MPLCONFIGDIR")
    base = (
        Path(conf)
        if conf
        else Path(os.environ.get("XDG_CONFIG_HOME") or "~/.config").expanduser() / "matplotlib"
    )
    out += [base / "matplotlibrc", base / "stylelib"]
    return out


def _ipython_profile() -> Path:
    root = os.environ.get("IPYTHONDIR") or os.path.expanduser("~/.ipython")
    return Path(root) / "profile_default"


def configuration_fingerprint(notebook_dir: Path | None = None) -> dict[str, str]:
    """The configuration that changes a kernel's output: matplotlib's rc files and style
    library, IPython's default profile (configuration and startup files) and
    :data:`ENVIRONMENT_VARIABLES`; with ``notebook_dir``, a ``matplotlibrc`` there (the
    kernel's working folder).

    Examples
    --------
    >>> sorted(configuration_fingerprint())[:2]
    ['env', 'ipython']
    """
    mpl = {}
    candidates = _matplotlibrc_candidates()
    if notebook_dir is not None:
        candidates.insert(0, Path(notebook_dir) / "matplotlibrc")
    for p in candidates:
        if p.is_file():
            mpl[str(p)] = file_digest(p)
        elif p.is_dir() and p.name == "stylelib":
            mpl[str(p)] = tree_digest(p)
    # IPython's configuration files and startup scripts (not the state a kernel writes there)
    profile = _ipython_profile()
    ipython = {
        str(p): file_digest(p)
        for pattern in ("*_config.py", "*_config.json", "startup/*.py", "startup/*.ipy")
        for p in sorted(profile.glob(pattern))
    }
    return {
        "env": _sha({k: os.environ.get(k) for k in ENVIRONMENT_VARIABLES}),
        "ipython": _sha(ipython),
        "matplotlib": _sha(mpl),
    }


def kernel_fingerprint(kernel: str) -> str:
    """Digest of the kernel's spec (its command line, environment and language)."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec(kernel)
    except Exception:  # no such kernel: run() says so before anything runs
        return "-"
    return _sha({"argv": spec.argv, "env": spec.env, "language": spec.language})


def environment_fingerprint(kernel: str) -> dict[str, Any]:
    """What every report depends on besides its notebook, its parameters and its sources."""
    import gulfsec

    return {
        "package": package_fingerprint(),
        "gulfsec": gulfsec.__version__,
        "versions": library_versions(),
        "kernel": kernel,
        "kernel_spec": kernel_fingerprint(kernel),
        "configuration": configuration_fingerprint(),
    }


def _cell_tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def notebook_code_digest(nb: dict[str, Any]) -> str:
    """Digest of what execution depends on: code cells (source, tags) and notebook metadata."""
    code = [
        (cell_source(c), _cell_tags(c)) for c in nb.get("cells", []) if c.get("cell_type") == "code"
    ]
    return _sha({"code": code, "metadata": nb.get("metadata", {})})


def notebook_text_digest(nb: dict[str, Any]) -> str:
    """Digest of the prose: every non-code cell (type, source, tags) in order."""
    text = [
        (c.get("cell_type"), cell_source(c), _cell_tags(c))
        for c in nb.get("cells", [])
        if c.get("cell_type") != "code"
    ]
    return _sha(text)


def execution_key(
    code_digest: str,
    parameters: dict[str, Any],
    env: dict[str, Any],
    sources: list[dict[str, Any]] | None = None,
) -> str:
    """Key of one execution: notebook code, parameters, environment and the sources it used."""
    return _sha(
        {"code": code_digest, "parameters": parameters, "env": env, "sources": sources or []}
    )


def report_key(
    exec_key: str,
    text_digest: str,
    edition: str,
    lang: str,
    title: str,
    self_contained: bool = False,
    notebook_of: str | None = None,
) -> str:
    """Key of one rendered report (an edition of an execution, as a linked or a
    self-contained page, with its own notebook or linking ``notebook_of``'s, a student
    edition's: :func:`gulfsec.render.published.notebook_twins`)."""
    return _sha(
        {
            "notebook": notebook_of or "own",
            "exec": exec_key,
            "text": text_digest,
            "edition": edition,
            "lang": lang,
            "title": title,
            "format": FORMAT_VERSION,
            "page": "self-contained" if self_contained else "linked",
        }
    )


def parameter_files(paths: list[Path]) -> list[dict[str, Any]]:
    """Source records of the files that parameters name, hashed now (before the run).

    Examples
    --------
    >>> parameter_files([Path("/no/such.csv")])
    [{'kind': 'file', 'file': '/no/such.csv', 'sha256': '<missing>'}]
    """
    return [
        {"kind": "file", "file": str(Path(p).absolute()), "sha256": file_digest(p)}
        for p in sorted(set(paths))
        if not Path(p).is_dir()
    ]


def normalise_sources(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A run's source records in a canonical order (the same run gives the same key).

    Examples
    --------
    >>> normalise_sources([{"kind": "table", "file": "/b"}, {"kind": "extract", "file": "/a"},
    ...                    {"kind": "table", "file": "/b"}])
    [{'kind': 'extract', 'file': '/a'}, {'kind': 'table', 'file': '/b'}]
    """
    seen = {json.dumps(r, sort_keys=True, ensure_ascii=False): r for r in records}
    return [seen[k] for k in sorted(seen)]


def _package_valid(root: str, memo: dict[Any, Any]) -> bool:
    key = ("valid", root)
    if key not in memo:
        import gulfsec

        memo[key] = not gulfsec.validate(root)
    return memo[key]


def _now(path: str, memo: dict[Any, Any]) -> str:
    key = ("file", path)
    if key not in memo:
        memo[key] = file_digest(path)
    return memo[key]


def sources_fresh(sources: Any, memo: dict[Any, Any] | None = None) -> bool:
    """Whether every source of a run is still as the run used it.

    A table, an extract or a parameter file must have the same digest; a data package must
    have the same descriptor and, if any of its files changed, still validate. Sources in a
    folder that no longer exists were scratch copies made by the run itself (a notebook that
    copies the data to edit it) and are not checked. ``memo`` shares digests between reports.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_text("a\\n1\\n")
    >>> recs = parameter_files([f])
    >>> sources_fresh(recs)
    True
    >>> _ = f.write_text("a\\n2\\n")
    >>> sources_fresh(recs)
    False
    >>> sources_fresh("corrupt")
    False
    """
    if not isinstance(sources, list):
        return False
    memo = {} if memo is None else memo
    try:
        for rec in sources:
            kind = rec["kind"]
            if kind == "package":
                root = rec["path"]
                if not os.path.isdir(root):
                    continue
                from gulfsec.provenance import descriptor_digest

                try:
                    with open(os.path.join(root, "datapackage.json"), encoding="utf-8") as fh:
                        desc = json.load(fh)
                except (OSError, ValueError):
                    return False
                if descriptor_digest(desc) != rec["descriptor_sha256"]:
                    return False
                changed = any(_now(f, memo) != d for f, d in rec["files"].items())
                if changed and not _package_valid(root, memo):
                    return False
            elif kind == "table":
                if not os.path.isdir(rec["package"]):
                    continue
                if _now(rec["file"], memo) != rec["sha256"]:
                    return False
            elif kind in ("extract", "file"):
                if _now(rec["file"], memo) != rec["sha256"]:
                    return False
            else:
                return False
    except (TypeError, KeyError, AttributeError, ValueError):  # a corrupt manifest
        return False
    return True
