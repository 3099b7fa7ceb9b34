"""Writing the site safely: the data zip, Sphinx as a child that dies with us, and publishing a
built book into its folder atomically, with nothing stale left behind.

A book is built (Sphinx, downloads, PDFs) in its work folder, checked there, and only then
published: :func:`publish_tree` makes the published folder hold exactly the built files (each
changed file written with :func:`gulfsec.render.files.atomic_write`, every other file removed), so
a reader sees a whole old or new page, never a half-written one, and a file of an older build (a
figure of a solution since re-tagged, a download no page links) does not stay. Sphinx runs in a
process group of its own that is stopped when the build is interrupted and is sent ``SIGTERM``
by the kernel if this process dies (Linux ``PR_SET_PDEATHSIG``). The lock is ``filelock``'s.

Hand-written because no library publishes a folder this way; it is a loop over two listings.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from gulfsec.render.files import atomic_write, file_digest
from gulfsec.site.course import CourseError

#: Files of the data package that are published beside its declared resources: its descriptor
#: and its codebook (what ``gulfsec.data`` reads as the package's documentation).
DATA_DOCS: tuple[str, ...] = ("datapackage.json", "CODEBOOK.md")
#: Sub-packages whose own ``datapackage.json`` declares more resources (the published extracts).
DATA_SUBPACKAGES: tuple[str, ...] = ("external",)


class SiteLocked(CourseError):
    """Another ``gulfsec site`` is building into the same folder."""


def sha(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each followed by a NUL byte."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def write(path: Path, data: str | bytes) -> bool:
    """Write atomically, only if the content differs (Sphinx rebuilds by file time)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.is_file() and path.read_bytes() == raw:
            return False
    except OSError:
        pass
    atomic_write(path, raw)
    return True


# --------------------------------------------------------------------------- the data zip


def declared_file(folder: Path, rel: str, where: str) -> Path:
    """``folder / rel`` if it is a regular file inside ``folder`` reached without a link;
    otherwise a :class:`CourseError` that names ``where`` (the file that named it)."""
    p = Path(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise CourseError(f"{where}: the resource path {rel!r} leads out of {folder}")
    target = folder / p
    cur = folder
    for part in p.parts:
        cur = cur / part
        if cur.is_symlink():
            raise CourseError(f"{where}: {rel!r} is a link; the data zip publishes only files")
    if not target.is_file():
        raise CourseError(f"{where}: the declared file {rel!r} is not in {folder}")
    return target


def data_files(folder: Path) -> list[str]:
    """The files of the data package that may be published, relative to ``folder``.

    Exactly: ``datapackage.json`` and ``CODEBOOK.md`` (:data:`DATA_DOCS`), every resource the
    descriptor declares, and the same for each sub-package (:data:`DATA_SUBPACKAGES`). Never a
    dotfile, a review record or another file that happens to be in the folder, and never
    through a link.

    Raises
    ------
    CourseError
        A descriptor is unreadable, or a declared path leaves the folder or is a link.
    """
    out: list[str] = []
    for sub in ("", *DATA_SUBPACKAGES):
        base = folder / sub if sub else folder
        desc = base / "datapackage.json"
        if sub and not desc.is_file():
            continue
        try:
            data = json.loads(declared_file(base, "datapackage.json", str(desc)).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise CourseError(f"cannot read {desc}: {exc}") from None
        names = [d for d in DATA_DOCS if d == "datapackage.json" or (base / d).is_file()]
        for res in data.get("resources") or [] if isinstance(data, dict) else []:
            paths = res.get("path") if isinstance(res, dict) else None
            for rel in [paths] if isinstance(paths, str) else paths or []:
                names.append(str(rel))
        for rel in dict.fromkeys(names):
            declared_file(base, rel, str(desc))
            out.append(f"{sub}/{rel}" if sub else rel)
    return sorted(dict.fromkeys(out))


def data_zip(folder: Path) -> bytes:
    """The data package as a zip (``gulfsec-data/...``) of :func:`data_files`; same files,
    same bytes.

    Examples
    --------
    >>> import tempfile, zipfile, io, json
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.csv").write_text("x\\n1\\n")
    >>> _ = (d / ".env").write_text("KEY=1")
    >>> _ = (d / "datapackage.json").write_text(json.dumps({"resources": [{"path": "a.csv"}]}))
    >>> zipfile.ZipFile(io.BytesIO(data_zip(d))).namelist()
    ['gulfsec-data/a.csv', 'gulfsec-data/datapackage.json']
    >>> data_zip(d) == data_zip(d)
    True
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in data_files(folder):
            info = zipfile.ZipInfo(f"gulfsec-data/{rel}")
            info.date_time = (1980, 1, 1, 0, 0, 0)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, (folder / rel).read_bytes())
    return buf.getvalue()


# --------------------------------------------------------------------------- publishing


def file_digests(folder: Path) -> dict[str, str]:
    """``{relative path: SHA-256}`` of every file under ``folder``, hidden ones too (a built book
    is published whole), no link followed.

    Unlike :func:`gulfsec.render.files.tree_digest` (one digest of the files a render depends
    on, caches and hidden files left out), this lists what a published folder holds, file by
    file, so that :func:`publish_tree` writes only what changed.
    """
    out = {}
    if folder.is_dir():
        for f in sorted(folder.rglob("*")):
            if f.is_file() and not f.is_symlink():
                out[f.relative_to(folder).as_posix()] = file_digest(f)
    return out


def publish_tree(built: Path, dest: Path) -> dict[str, str]:
    """Make ``dest`` hold exactly the files of ``built``; returns :func:`file_digests` of it.

    Changed and new files are written atomically (a reader sees the old or the new file), files
    and folders that ``built`` does not have are removed afterwards, and a link in ``dest`` is
    replaced, never followed.
    """
    digest = file_digests(built)
    if dest.is_symlink():  # publish into the folder, never through a link to elsewhere
        dest.unlink()
    have = {}
    if dest.is_dir():
        for f in dest.rglob("*"):
            if f.is_file() or f.is_symlink():
                have[f.relative_to(dest).as_posix()] = f
    for rel, h in digest.items():
        target = dest / rel
        old = have.get(rel)
        if old is not None and not old.is_symlink() and file_digest(old) == h:
            continue
        if target.is_symlink():
            target.unlink()
        atomic_write(target, (built / rel).read_bytes())
    for rel, f in have.items():
        if rel not in digest:
            f.unlink(missing_ok=True)
    if dest.is_dir():  # empty folders left by removed files, deepest first
        for d in sorted((p for p in dest.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(d.iterdir()):
                d.rmdir()
    return digest


@contextmanager
def site_lock(folder: Path) -> Iterator[None]:
    """Hold ``<folder>/.site.lock`` (``filelock``) for a build; :class:`SiteLocked` if taken."""
    from filelock import FileLock, Timeout

    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / ".site.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise SiteLocked(
            f"another gulfsec site is building into {folder} (lock {folder / '.site.lock'}); "
            "nothing was changed"
        ) from None
    try:
        yield
    finally:
        lock.release()


# --------------------------------------------------------------------------- Sphinx

#: Sphinx processes running now (stopped by :func:`stop_children`).
_CHILDREN: set[subprocess.Popen] = set()
_CHILDREN_LOCK = threading.Lock()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def stop_children() -> int:
    """Stop every Sphinx process group this process started (SIGTERM, then SIGKILL)."""
    with _CHILDREN_LOCK:
        procs = list(_CHILDREN)
    for proc in procs:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                continue
    return len(procs)


def run_sphinx(books: list[dict[str, Any]], spec_path: Path) -> None:
    """Run Sphinx over ``books`` (see :mod:`._sphinx_run`) in one child process group.

    Raises
    ------
    CourseError
        Sphinx failed (the last lines of its output, the warning logs).
    """
    spec_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(spec_path, json.dumps(books))
    cmd = [sys.executable, "-m", "gulfsec.site._sphinx_run", str(spec_path)]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    with _CHILDREN_LOCK:
        _CHILDREN.add(proc)
    try:
        output, _ = proc.communicate(timeout=3600)
    except subprocess.TimeoutExpired:
        stop_children()
        raise CourseError("Sphinx took over an hour; stopped") from None
    finally:
        with _CHILDREN_LOCK:
            _CHILDREN.discard(proc)
    if proc.returncode != 0:
        lines = (output or "").strip().splitlines()
        said = [ln for ln in lines if ln.startswith(("Sphinx cannot write", "Sphinx failed for"))]
        tail = said[-1] if said else "\n".join(lines[-15:])
        logs = ", ".join(b["warnings"] for b in books)
        raise CourseError(f"{tail} (warnings in {logs}); nothing of it was published")


def mathjax_assets(dest: Path) -> Path:
    """MathJax (SVG output: no web fonts) from the ``sphinx-mathjax-offline`` package, copied
    into ``dest/mathjax`` (only the files a page loads: the component and TeX extensions)."""
    try:
        dist = metadata.distribution("sphinx-mathjax-offline")
    except metadata.PackageNotFoundError:
        raise CourseError(
            "the package sphinx-mathjax-offline is not installed (it serves MathJax locally, so "
            "the books need no CDN): run `make setup`"
        ) from None
    src = Path(str(dist.locate_file("sphinx-mathjax-offline/static/mathjax")))
    target = dest / "mathjax"
    if not (target / "tex-svg.js").is_file() or not (target / "tex-svg.js").stat().st_size:
        tmp = dest / ".mathjax.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        shutil.copy2(src / "tex-svg.js", tmp / "tex-svg.js")
        shutil.copytree(src / "input" / "tex" / "extensions", tmp / "input" / "tex" / "extensions")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    return dest
