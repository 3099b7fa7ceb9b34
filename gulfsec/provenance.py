"""Provenance: which tables and which published extracts this process used, as read.

:func:`gulfsec.load` and :func:`gulfsec.load_external` report here what they read: every
table file of a data package with the SHA-256 of its bytes *as read* (the bytes the
validator parsed, not the file as it is later), and, when the notebook first uses a table,
that table with the article's paragraphs it rests on (the passage ids of its ``sources``
column); every published extract used, with its dataset, version and citation.
:func:`sources` gives the list; :func:`gulfsec.plotting.sources.sources_table` shows it as the
"Sources" section that ends every notebook (what peacesciencer's ``ps_cite`` does for
datasets, here for every report).

A program that wants the record outside the process (``gulfsec render`` keys each report's
cache on it) sets the environment variable :data:`LOG_ENV` to a file: every record is then
also appended to it as one JSON line, as it happens, so a run that dies still leaves what it
used. Nothing else is done with the records; nothing is patched.

Records (plain dicts, JSON-ready):

``{"kind": "package", "path", "descriptor_sha256", "files": {file: sha256}}``
    a data package that :func:`gulfsec.load` validated (all its tables, as read);
``{"kind": "table", "package", "table", "file", "sha256", "passages"}``
    a table of that package that was used (read from the :class:`~gulfsec.data.Dataset`);
``{"kind": "extract", "name", "file", "sha256", "dataset", "version", "citation"}``
    an extract of published data that was read.

Examples
--------
>>> import gulfsec
>>> from gulfsec import provenance
>>> provenance.clear()
>>> ds = gulfsec.load()
>>> [r["table"] for r in provenance.sources() if r["kind"] == "table"]
[]
>>> n = len(ds.actors)
>>> [(r["table"], len(r["sha256"])) for r in provenance.sources() if r["kind"] == "table"]
[('actors', 64)]
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "LOG_ENV",
    "clear",
    "note_read",
    "passage_ranges",
    "read_log",
    "record_extract",
    "sources",
    "track_tables",
]

#: Environment variable naming a file to which every record is appended as a JSON line.
LOG_ENV = "GULFSEC_SOURCES_LOG"

_lock = threading.Lock()
#: SHA-256 of each file's bytes as last read by the data reader: ``{absolute path: digest}``.
_read: dict[str, str] = {}
#: The records, in the order first made: ``{identity: record}``.
_records: dict[tuple[str, ...], dict[str, Any]] = {}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _abs(path: str | os.PathLike) -> str:
    return os.path.abspath(os.fspath(path))


def _add(identity: tuple[str, ...], record: dict[str, Any]) -> None:
    with _lock:
        if identity in _records:
            return
        _records[identity] = record
    log = os.environ.get(LOG_ENV)
    if log:
        line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        try:
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError:  # a log that cannot be written must never break an analysis
            pass


def note_read(path: str | os.PathLike, data: bytes) -> None:
    """Note the bytes of a data file as the data reader read them (called by :mod:`gulfsec.data`).

    Parameters
    ----------
    path : path-like
        The file read.
    data : bytes
        Its bytes, exactly as read (before any decoding).

    Examples
    --------
    >>> note_read("/tmp/x.csv", b"a\\n")
    """
    digest = _sha(data)
    with _lock:
        _read[_abs(path)] = digest


def _passages(frame: Any, table: str) -> list[int]:
    """The passage ids (article lines) a table rests on: its ``sources`` column, or the
    passages themselves for the ``passages`` table."""
    if table == "passages":
        return sorted(int(i) for i in frame.index)
    if "sources" not in getattr(frame, "columns", ()):
        return []
    ids: set[int] = set()
    for value in frame["sources"]:
        for item in value if isinstance(value, tuple | list) else ():
            try:
                ids.add(int(item))
            except (TypeError, ValueError):
                continue
    return sorted(ids)


class _TrackedTables(dict):
    """A Dataset's table store that records each table the first time it is used."""

    def __init__(self, frames: Mapping[str, Any], package: str, files: dict[str, str]):
        super().__init__(frames)
        self._package = package
        self._files = files

    def _used(self, name: str) -> None:
        file = self._files.get(name)
        if file is None or (self._package, "table", name) in _records:
            return
        _add(
            (self._package, "table", name),
            {
                "kind": "table",
                "package": self._package,
                "table": name,
                "file": file,
                "sha256": _read.get(file, "<unknown>"),
                "passages": _passages(dict.__getitem__(self, name), name),
            },
        )

    def __getitem__(self, name: str) -> Any:
        self._used(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        if name in self:
            self._used(name)
        return super().get(name, default)

    def items(self):  # type: ignore[override]
        for name in self:
            self._used(name)
        return super().items()

    def values(self):  # type: ignore[override]
        for name in self:
            self._used(name)
        return super().values()

    def __reduce__(self):  # a pickled Dataset keeps plain tables
        return (dict, (dict(super().items()),))


def track_tables(
    path: str | os.PathLike, descriptor: dict[str, Any], frames: Mapping[str, Any]
) -> dict[str, Any]:
    """Record a validated data package and return its tables as a store that records each
    table when it is first used (called once by :func:`gulfsec.load`).

    Parameters
    ----------
    path : path-like
        The package's folder.
    descriptor : dict
        Its parsed ``datapackage.json``.
    frames : mapping
        ``{table name: DataFrame}``.

    Returns
    -------
    dict
        The same tables; reading one records it (:func:`sources`).
    """
    root = _abs(path)
    files: dict[str, str] = {}
    for res in descriptor.get("resources", []):
        if isinstance(res, dict) and isinstance(res.get("path"), str):
            files[str(res.get("name"))] = _abs(os.path.join(root, res["path"]))
    digest = descriptor_digest(descriptor)
    with _lock:
        read = {f: _read.get(f, "<unknown>") for f in files.values()}
    _add(
        (root, "package", digest),
        {
            "kind": "package",
            "path": root,
            "descriptor_sha256": digest,
            "files": dict(sorted(read.items())),
        },
    )
    return _TrackedTables(frames, root, files)


def descriptor_digest(descriptor: dict[str, Any]) -> str:
    """SHA-256 of a parsed ``datapackage.json`` (canonical JSON: key order and layout ignored).

    Examples
    --------
    >>> descriptor_digest({"a": 1, "b": 2}) == descriptor_digest({"b": 2, "a": 1})
    True
    """
    return _sha(json.dumps(descriptor, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def record_extract(name: str, file: str | os.PathLike, meta: Mapping[str, Any]) -> None:
    """Record that the extract ``name`` is read from ``file`` (called by
    :class:`gulfsec.external.External` just before it reads the file).

    The file is hashed before it is read, never after: an edit in between makes the record
    differ from the file, so a cache keyed on it runs once more rather than keep a page that
    shows other bytes than its record says.

    Parameters
    ----------
    name : str
        The extract (e.g. ``"cow_nmc"``).
    file : path-like
        Its CSV file.
    meta : mapping
        Its descriptor resource (``dataset``, ``version``, ``citation``).
    """
    path = _abs(file)
    try:
        digest = _sha(Path(path).read_bytes())
    except OSError:
        digest = "<missing>"
    _add(
        (path, "extract", name),
        {
            "kind": "extract",
            "name": name,
            "file": path,
            "sha256": digest,
            "dataset": str(meta.get("dataset", "")),
            "version": str(meta.get("version", "")),
            "citation": str(meta.get("citation", "")),
        },
    )


def sources(kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """What this process used so far: the records, in the order first made.

    Parameters
    ----------
    kinds : iterable of str, optional
        Only these kinds (``"package"``, ``"table"``, ``"extract"``).

    Returns
    -------
    list of dict
        Copies of the records (see the module docstring).

    Examples
    --------
    >>> clear()
    >>> sources()
    []
    """
    wanted = set(kinds) if kinds is not None else None
    with _lock:
        recs = list(_records.values())
    return [json.loads(json.dumps(r)) for r in recs if wanted is None or r["kind"] in wanted]


def clear() -> None:
    """Forget every record (the digests of files already read are kept)."""
    with _lock:
        _records.clear()


def read_log(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The records a process appended to its :data:`LOG_ENV` file (bad lines are skipped).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "log"
    >>> _ = p.write_text('{"kind": "extract", "name": "x"}\\nbroken\\n')
    >>> read_log(p)
    [{'kind': 'extract', 'name': 'x'}]
    """
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("kind"), str):
            out.append(rec)
    return out


def passage_ranges(ids: Iterable[int]) -> str:
    """Passage ids as short ranges, e.g. ``"10–14, 26"``.

    Examples
    --------
    >>> passage_ranges([26, 10, 11, 12, 14, 13])
    '10–14, 26'
    >>> passage_ranges([])
    ''
    """
    nums = sorted(set(int(i) for i in ids))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(parts)
