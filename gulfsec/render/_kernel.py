"""Kernel side of the renderer: a read recorder and a figure cache, loaded as an IPython extension.

``gulfsec render`` starts each kernel with ``--InteractiveShellApp.extensions=`` this module
(:func:`kernel_arguments`); an analyst's own kernel never loads it. Two things happen in the
kernel, neither visible in the notebook:

- **Read recorder** (for the dependency-aware cache, :mod:`gulfsec.render.keys`). A
  :func:`sys.addaudithook` hook sees every ``open`` (and ``os.listdir``/``os.scandir``) of the
  kernel and appends one line per new path to the log file named by ``GULFSEC_RENDER_LOG``,
  with the SHA-256 of the file's bytes *at the time it was opened* (so an edit made while the
  notebook runs can never be mistaken for what it read). Files under the Python installation
  are left out (the library versions are part of every key). Opens made while
  :func:`gulfsec.data.load` validates a package are logged as ``validate`` (the run depends on
  the package being valid, not on every table's content); each table the notebook then reads
  from the :class:`gulfsec.data.Dataset` is logged as ``table``. Every ``gulfsec`` module
  imported is logged as ``module``. Lines are written as they happen, so a run that dies still
  leaves what it read.
- **Figure cache** (for speed). A figure that is displayed again unchanged (the recap cells)
  gets the PNG already drawn instead of being drawn again: the Agg canvas's ``print_figure`` is
  wrapped; after drawing, the figure is marked not stale, and any later change to it marks it
  stale again (matplotlib's own change tracking), which draws it afresh. Same bytes either way.

Hand-written because no library records a kernel's reads for a cache key (jupyter-cache keys on
code cells only); the audit hook is the standard-library interface for exactly this (PEP 578).
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Any

LOG_ENV = "GULFSEC_RENDER_LOG"
EXTENSION = __name__

_SKIP_PREFIXES: tuple[str, ...] = ()
#: The gulfsec package folder: recorded even when installed under the Python prefix (its
#: label catalogues); its modules are recorded by name instead of by file.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_seen: set[tuple[str, str]] = set()
_fd: int | None = None
_in_hook = False


def kernel_arguments() -> list[str]:
    """Extra kernel command-line arguments of a render's kernels: load this extension, and keep
    no input history on disk.

    IPython's history manager writes every cell to ``~/.ipython/.../history.sqlite``: a
    scheduled render would fill a user's history with its runs, and each cell would wait for
    the write (4-5 ms; 30 trivial cells ran in 0.23 s with it, 0.10 s without). ``In``,
    ``Out`` and execution counts are kept in memory as usual.

    Examples
    --------
    >>> kernel_arguments()
    ['--InteractiveShellApp.extensions=gulfsec.render._kernel', '--HistoryManager.enabled=False']
    """
    return [f"--InteractiveShellApp.extensions={EXTENSION}", "--HistoryManager.enabled=False"]


def _file_sha(path: str) -> str:
    """SHA-256 of a file's bytes ("<missing>" when it cannot be read); not itself recorded."""
    global _in_hook
    before, _in_hook = _in_hook, True
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return "<missing>"
    finally:
        _in_hook = before
    return h.hexdigest()


def _listing_sha(path: str) -> str:
    """SHA-256 of a folder's sorted entry names ("<missing>" when it cannot be listed)."""
    global _in_hook
    before, _in_hook = _in_hook, True
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return "<missing>"
    finally:
        _in_hook = before
    return hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape")).hexdigest()


def _write(kind: str, path: str, digest: str) -> None:
    if _fd is None:
        return
    line = f"{kind}\t{digest}\t{path}\n".encode("utf-8", "surrogateescape")
    os.write(_fd, line)


#: Data folders being validated (innermost last): their files are covered by the verdict.
_VALIDATING: list[str] = []


def tree_sha(root: str) -> str:
    """SHA-256 over the relative paths and bytes of the files under ``root`` (sorted)."""
    h = hashlib.sha256()
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in filenames:
            if not name.startswith("."):
                full = os.path.join(dirpath, name)
                files.append((os.path.relpath(full, root), full))
    for rel, full in sorted(files):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + _file_sha(full).encode())
    return h.hexdigest()


def verdict(problems) -> str:
    """Digest of a validation's outcome (its list of problems; "valid" when there is none)."""
    texts = sorted(str(p) for p in problems)
    if not texts:
        return "valid"
    return hashlib.sha256("\n".join(texts).encode("utf-8", "surrogateescape")).hexdigest()


def _import_system_scan() -> bool:
    """True when the folder listing in progress is the import system's own scan of ``sys.path``.

    The import system's path finders and ``importlib.metadata`` (which libraries call to read
    their versions) list every ``sys.path`` entry, among them the project folder of an editable
    install. Recording those listings made every report stale as soon as any file appeared at
    the top of the checkout (``site/`` after ``make site``). What a run imports is recorded by
    module name instead (:func:`_watch_imports`); a listing that a notebook's own code makes is
    still recorded. Called from :func:`_audit` only: frame 2 is the caller of ``os.listdir``.
    """
    name = sys._getframe(2).f_code.co_filename
    return name.startswith("<frozen importlib") or f"{os.sep}importlib{os.sep}" in name


def _audit(event: str, args: tuple[Any, ...]) -> None:
    global _in_hook
    if _in_hook:
        return
    if event == "open":
        path, mode = args[0], args[1]
        if isinstance(path, int) or path is None:
            return
        kind = "file"
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            kind = "made"
        elif isinstance(mode, int) or mode is None:  # os.open: flags in args[2]
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                kind = "made"
    elif event == "os.mkdir":
        path, kind = args[0], "made"
    elif event in ("os.listdir", "os.scandir"):
        if _import_system_scan():
            return
        path = args[0]
        if path is None or isinstance(path, int):
            path = "."
        kind = "dir"
    else:
        return
    _in_hook = True
    try:
        path = os.path.abspath(os.fsdecode(path))
        if path.startswith(_PACKAGE):
            if path.endswith((".py", ".pyc")):
                return  # a module: recorded by name (_watch_imports)
        elif path.startswith(_SKIP_PREFIXES):
            return
        if kind == "file" and _VALIDATING and path.startswith(_VALIDATING[-1] + os.sep):
            return  # a file of the package being validated: covered by its verdict
        if (kind, path) in _seen:
            return
        _seen.add((kind, path))
        if kind == "made":
            _write(kind, path, "-")
        elif kind == "dir":
            digest = _listing_sha(path)
        elif kind == "file" and os.path.isdir(path):
            return
        else:
            digest = _file_sha(path)
        _write(kind, path, digest)
    except Exception:  # the recorder must never break a notebook
        pass
    finally:
        _in_hook = False


#: Modules patched right after they are imported (never imported early for it, so a kernel
#: starts as fast as without the extension): name -> patch(module).
_PATCHES: dict[str, Any] = {}


def _watch_imports() -> None:
    """Log every ``gulfsec`` module (those already imported and each one imported later) and
    apply :data:`_PATCHES` when their module is imported."""
    import importlib.machinery

    class _Finder:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "gulfsec" or name.startswith("gulfsec."):
                if ("module", name) not in _seen:
                    _seen.add(("module", name))
                    _write("module", name, "-")
            patch = _PATCHES.get(name)
            if patch is None or path is None:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
                return spec
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                patch(module)

            spec.loader.exec_module = exec_module
            return spec

    for name in list(sys.modules):
        if name == "gulfsec" or name.startswith("gulfsec."):
            _seen.add(("module", name))
            _write("module", name, "-")
    for name, patch in _PATCHES.items():
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _Finder())


class _Recording(dict):
    """The Dataset's table store: logs each table read (by name) as a dependency."""

    def __init__(self, frames, files):
        super().__init__(frames)
        self._files = files

    def _log(self, name) -> None:
        path = self._files.get(name)
        if path and ("table", path) not in _seen:
            _seen.add(("table", path))
            _write("table", path, _file_sha(path))

    def __getitem__(self, name):
        self._log(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        if name in self:
            self._log(name)
        return super().get(name, default)

    def items(self):
        for name in self:
            self._log(name)
        return super().items()

    def values(self):
        for name in self:
            self._log(name)
        return super().values()


def _record_tables(data) -> None:
    """Make every Dataset log the tables read from it, and every validation its verdict."""
    check = data._check

    def _check(path, article):
        root = os.path.abspath(os.fspath(path if path is not None else data.default_data_path()))
        _VALIDATING.append(root)
        try:
            out = check(path, article)
        finally:
            _VALIDATING.pop()
        _in_validation_log(root, out.problems)
        return out

    data._check = _check
    init = data.Dataset.__init__

    def __init__(self, path, descriptor, frames):
        init(self, path, descriptor, frames)
        files = {}
        for res in descriptor.get("resources", []):
            if isinstance(res, dict) and isinstance(res.get("path"), str):
                files[res.get("name")] = os.path.abspath(os.path.join(str(path), res["path"]))
        self.__dict__["_frames"] = _Recording(self.__dict__["_frames"], files)
        desc = os.path.join(str(path), "datapackage.json")
        if ("file", desc) not in _seen:
            _seen.add(("file", desc))
            _write("file", desc, _file_sha(desc))

    data.Dataset.__init__ = __init__


def _in_validation_log(root: str, problems) -> None:
    global _in_hook
    if ("validate", root) in _seen:
        return
    _seen.add(("validate", root))
    _in_hook = True
    try:
        _write("validate", root, f"{tree_sha(root)}:{verdict(problems)}")
    finally:
        _in_hook = False


def _cache_figures(backend_bases) -> None:
    """Reuse the PNG of a figure displayed again unchanged (see the module docstring)."""
    import io

    from matplotlib import rcParams

    FigureCanvasBase = backend_bases.FigureCanvasBase
    original = FigureCanvasBase.print_figure

    def print_figure(self, filename, *args, **kwargs):
        fig = self.figure
        if args or not hasattr(filename, "write"):
            return original(self, filename, *args, **kwargs)
        key = repr(sorted(kwargs.items(), key=lambda kv: kv[0])) + repr(dict(rcParams))
        hit = fig.__dict__.get("_gulfsec_png")
        if hit is not None and hit[0] == key and not fig.stale:
            filename.write(hit[1])
            return None
        buf = io.BytesIO()
        result = original(self, buf, **kwargs)
        data = buf.getvalue()
        filename.write(data)
        fig.stale = False  # any change from here on marks it stale again
        fig.__dict__["_gulfsec_png"] = (key, data)
        return result

    FigureCanvasBase.print_figure = print_figure


def install(log_path: str | None = None) -> None:
    """Start recording (to ``log_path`` or ``$GULFSEC_RENDER_LOG``) and cache figures."""
    global _fd, _SKIP_PREFIXES
    log_path = log_path or os.environ.get(LOG_ENV)
    prefixes = {os.path.abspath(p) + os.sep for p in (sys.prefix, sys.base_prefix)}
    prefixes |= {"/proc/", "/dev/", "/sys/"}
    if log_path:
        prefixes.add(os.path.abspath(log_path))
        _fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    _SKIP_PREFIXES = tuple(sorted(prefixes))
    sys.addaudithook(_audit)
    _PATCHES["gulfsec.data"] = _record_tables
    _PATCHES["matplotlib.backend_bases"] = _cache_figures
    _watch_imports()


def load_ipython_extension(ipython) -> None:  # pragma: no cover - runs in the kernel
    """IPython extension entry point."""
    install()


def read_log(path) -> list[tuple[str, str, str]]:
    """The ``(kind, digest, path)`` lines a kernel wrote (an unreadable log gives ``[]``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "log"
    >>> _ = p.write_text("file\\tabc\\t/x/y.csv\\nbroken\\n")
    >>> read_log(p)
    [('file', 'abc', '/x/y.csv')]
    """
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            text = fh.read()
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3:
            out.append((parts[0], parts[1], parts[2]))
    return out
