"""What a plan may name: report ids, and paths that every file system can take.

A report id names the folder and files the renderer writes for the report, so it has one
pattern (:data:`ID_PATTERN`), at most :data:`MAX_ID_LENGTH` characters (every file written for
a report fits a file name) and is none of the names the renderer or the site writes at the top
of the output folder (:data:`RESERVED_NAMES`). A path in the plan holds no NUL byte or other
control character and fits :data:`MAX_PATH_BYTES` and :data:`MAX_NAME_BYTES`.
"""

from __future__ import annotations

import os
import re
from typing import Any

from gulfsec.render.planfile import shown

#: The one pattern of a report id (ASCII letters and digits, then also ``_ . -``), matched
#: against the whole id (a trailing newline included).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_ID_RE = re.compile(ID_PATTERN)
#: Ceiling on an id's length. The longest name the renderer writes for a report is the
#: temporary file of ``<id>.failed.ipynb`` (``.<id>.failed.ipynb.XXXXXXXX.tmp``, the id plus
#: 27 characters), and a file name has at most 255 bytes; 120 leaves room for longer suffixes.
MAX_ID_LENGTH = 120
#: Ceiling on a path given in the plan, in bytes (Linux's PATH_MAX), and on each of its parts.
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255
#: Names the renderer and the course site write at the top of the output folder (and the plan
#: and README that live there): never report ids, compared without case. Ids starting with a dot
#: (the lock, staging folders, temporary files) are refused by the id pattern.
RESERVED_NAMES: frozenset[str] = frozenset(
    {
        "index",
        "index.html",
        "index.ar.html",
        "manifest",
        "manifest.json",
        "plan.yml",
        "plan.yaml",
        "readme",
        "readme.md",
        "_static",
        "site",
        "_site",
    }
)


def report_id_problem(rid: str) -> str | None:
    """Why ``rid`` cannot be a report id (None when it can).

    Examples
    --------
    >>> report_id_problem("03_threat_matrix-ar-report") is None
    True
    >>> report_id_problem("index.html")
    "'index.html' is a name the renderer or the site writes at the top of the output folder"
    >>> report_id_problem("../x") is not None
    True
    """
    if len(rid) > MAX_ID_LENGTH:
        return (
            f"id is {len(rid)} characters long; at most {MAX_ID_LENGTH} (MAX_ID_LENGTH: every "
            f"file written for a report must fit a file name), got {shown(rid, 60)}"
        )
    if not _ID_RE.fullmatch(rid):
        return f"id must match {ID_PATTERN} (letters, digits, '_', '.', '-'), got {shown(rid)}"
    if rid.lower() in RESERVED_NAMES:
        return f"{rid!r} is a name the renderer or the site writes at the top of the output folder"
    return None


def report_label(i: int, rid: Any) -> str:
    """``report #i (id)`` for messages; an id that is not printable or too long is quoted.

    Examples
    --------
    >>> report_label(3, "power-en"), report_label(4, None), report_label(5, "a\\nb")
    ('report #3 (power-en)', 'report #4', "report #5 ('a\\\\nb')")
    """
    if not isinstance(rid, str):
        return f"report #{i}"
    plain = rid.isprintable() and len(rid) <= MAX_ID_LENGTH
    return f"report #{i} ({rid if plain else shown(rid, 60)})"


def path_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a path in the plan (None when it can).

    A path is a non-empty string that the file system can take: no NUL byte or other control
    character, encodable as a file name, at most MAX_PATH_BYTES bytes and MAX_NAME_BYTES per part.

    Examples
    --------
    >>> path_problem("../notebooks") is None
    True
    >>> path_problem("a\\x00b")
    'contains a NUL byte'
    >>> path_problem(3)
    'must be a non-empty string, got 3 (int)'
    """
    if not isinstance(value, str) or not value:
        return f"must be a non-empty string, got {shown(value)} ({type(value).__name__})"
    if "\x00" in value:
        return "contains a NUL byte"
    bad = next((c for c in value if ord(c) < 0x20 or ord(c) == 0x7F), None)
    if bad is not None:
        return f"contains the control character {bad!r}"
    try:
        raw = os.fsencode(value)
    except UnicodeError:
        return "cannot be encoded as a file name (a lone surrogate)"
    if len(raw) > MAX_PATH_BYTES:
        return f"is {len(raw)} bytes long; at most {MAX_PATH_BYTES} (MAX_PATH_BYTES)"
    if any(len(part) > MAX_NAME_BYTES for part in raw.split(b"/")):
        return f"has a part longer than {MAX_NAME_BYTES} bytes (MAX_NAME_BYTES)"
    return None
