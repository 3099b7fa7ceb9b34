"""Files for the renderer: atomic writes, and the digest of a file or of a folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: str | bytes, tmp_dir: Path | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file (in ``tmp_dir`` if given, which must be on the same
    file system, else beside ``path``), are flushed to disk, and the file is renamed over
    ``path`` with :func:`os.replace`, which is atomic on POSIX and Windows.

    Parameters
    ----------
    path : pathlib.Path
        Destination; its folder is created if needed.
    data : str or bytes
        Content; ``str`` is written as UTF-8.
    tmp_dir : pathlib.Path, optional
        Where the temporary file lives until the rename.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(d / "a.txt", "hello")
    >>> (d / "a.txt").read_text()
    'hello'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tmp_dir) if tmp_dir is not None else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: Folders and files no digest of a folder looks at (caches, editor and VCS state).
SKIP_NAMES = frozenset({"__pycache__", ".ipynb_checkpoints", ".git"})


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes (``"<missing>"`` when it cannot be read).

    Examples
    --------
    >>> file_digest("/no/such/file")
    '<missing>'
    """
    import hashlib

    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return "<missing>"
    return h.hexdigest()


def tree_digest(root: str | os.PathLike, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """SHA-256 over the relative paths and bytes of every file under ``root`` (sorted).

    Hidden files and folders, :data:`SKIP_NAMES`, compiled Python files and the top-level
    names in ``skip`` are left out; links are not followed. A missing folder has a fixed
    digest.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("x")
    >>> a = tree_digest(d)
    >>> _ = (d / "a.csv").write_text("y")
    >>> a == tree_digest(d), a == tree_digest(d, skip={"a.csv"})
    (False, False)
    """
    import hashlib

    root = os.fspath(root)
    h = hashlib.sha256()
    if not os.path.isdir(root):
        h.update(b"<missing>")
        return h.hexdigest()
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        top = dirpath == root
        dirnames[:] = [
            d
            for d in dirnames
            if not d.startswith(".") and d not in SKIP_NAMES and not (top and d in skip)
        ]
        for name in filenames:
            if name.startswith(".") or name.endswith((".pyc", ".pyo")) or (top and name in skip):
                continue
            full = os.path.join(dirpath, name)
            if os.path.isfile(full):
                files.append((os.path.relpath(full, root), full))
    for rel, full in sorted(files):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + file_digest(full).encode())
    return h.hexdigest()
