"""The output folder's lock: one render (with its workers) writes into a folder at a time."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

LOCK_FILE = ".render.lock"

__all__ = ["LOCK_FILE", "Locked", "OutputLock"]


class Locked(Exception):
    """Another render holds the output folder's lock."""


class OutputLock:
    """An exclusive ``flock`` on ``<out>/.render.lock`` that the render's workers share.

    The local workers are forked with the locked descriptor, so the lock is held as long as
    the render *or any of its workers* lives: a killed render's workers keep it until they
    are gone, and the next render can never run beside them. (``filelock`` closes its
    descriptors in forked children, by design, so it cannot give this; elsewhere than POSIX it
    is used.) The lock is compatible with ``filelock.FileLock`` on the same file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> a, b = OutputLock(d / LOCK_FILE), OutputLock(d / LOCK_FILE)
    >>> a.acquire()
    >>> try:
    ...     b.acquire()
    ... except Locked:
    ...     print("locked")
    locked
    >>> a.release()
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None
        self._fallback: Any = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            from filelock import FileLock, Timeout

            self._fallback = FileLock(str(self.path))
            try:
                self._fallback.acquire(timeout=0)
            except Timeout:
                raise Locked() from None
            return
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.path, flags, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Locked() from None
        self._fd = fd

    def release(self) -> None:
        if self._fallback is not None:  # pragma: no cover - not POSIX
            self._fallback.release()
        if self._fd is not None:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
