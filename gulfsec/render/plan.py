"""The render plan (``reports/plan.yml``): reading it and validating every report up front.

A plan is a YAML mapping::

    notebooks: ../notebooks   # folder of the notebooks, relative to the plan file
    data: ../data             # folder whose files are part of every cache key
    timeout: 600              # per-cell execution timeout in seconds (a report may override)
    reports:
      - id: power_balance-en-report      # folder and file names under the output folder
        notebook: 01_power_balance.ipynb  # relative to ``notebooks``
        parameters: {lang: en}            # papermill parameters (checked against the notebook)
        edition: report                   # report | student | instructor
        title: The power balance in the Gulf

The file (at most :data:`MAX_PLAN_BYTES`) is read with :class:`yaml.SafeLoader` subclassed at
its public ``compose_node`` step, nothing patched, which bounds the plan as if its aliases
(``*name``) were expanded: at most :data:`MAX_YAML_NODES` values (a 500-byte "billion laughs"
plan would otherwise become gigabytes in the first ``repr``) and :data:`MAX_YAML_DEPTH` levels
(deeper input overflowed the composer's recursion). A plan expands (``grid``) into at most
:data:`MAX_REPORTS` reports, counted before any is built, and a grid value has at most
:data:`MAX_GRID_VALUE_NODES` values (each is copied into every combination).

Validation checks the whole plan before anything runs: unknown keys, missing fields, duplicate
or unsafe ids (one pattern, :data:`ID_PATTERN`, at most :data:`MAX_ID_LENGTH` characters, so
that every file the renderer writes for a report fits a file name; an id may not be a name the
renderer or the site writes at the top of the output folder, :data:`RESERVED_NAMES`), unknown
editions, missing notebooks or notebooks outside the plan's ``notebooks`` folder, path strings no
file system can take (a NUL byte, a control character, too long), a missing data folder,
every parameter against the notebook's ``parameters`` cell, read the way
``papermill --help-notebook`` reads it (name, type, default, help), every size parameter against
its ceiling (:data:`gulfsec._validate.SIZE_LIMITS`, the same check the analyses make), and every
file named by a ``*_csv`` or ``*_path`` parameter (resolved relative to the plan file; it must
exist). Every problem is collected; the error lists the allowed parameters.

The plan's ``data`` folder reaches every notebook that has a ``data_path`` parameter, unless a
report sets it (:attr:`Report.run_parameters`).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gulfsec._validate import SIZE_LIMITS, check_size
from gulfsec.i18n import check_lang

#: Editions: ``report`` hides code, ``report`` and ``student`` remove cells tagged ``solution``,
#: ``instructor`` keeps every cell. All keep only the cells of the report's language.
EDITIONS: tuple[str, ...] = ("report", "student", "instructor")
LANG_TAG_PREFIX = "lang-"
SOLUTION_TAG = "solution"
DEFAULT_TIMEOUT = 600.0

#: The one pattern of a report id (ASCII letters and digits, then also ``_ . -``), matched
#: against the whole id (a trailing newline included).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_ID_RE = re.compile(ID_PATTERN)
#: Ceiling on an id's length. The longest name the renderer writes for a report is the
#: temporary file of ``<id>.failed.ipynb`` (``.<id>.failed.ipynb.XXXXXXXX.tmp``, the id plus
#: 27 characters), and a file name has at most 255 bytes; 120 leaves room for longer suffixes.
MAX_ID_LENGTH = 120
_PLAN_KEYS = {"notebooks", "data", "timeout", "reports"}
_REPORT_KEYS = {"id", "notebook", "parameters", "grid", "edition", "title", "timeout"}
#: Ceiling on the reports one ``grid`` entry expands into.
MAX_GRID = 1000
#: Ceiling on the reports of a whole plan, grids expanded (the default plan has 52).
MAX_REPORTS = 2000
#: Ceiling on the plan file's size in bytes (the default plan has 16 kB).
MAX_PLAN_BYTES = 1_000_000
#: Ceiling on the nesting of the plan's YAML, aliases expanded (plan, reports, report,
#: parameters: 4 levels; the rest is for parameter values).
MAX_YAML_DEPTH = 20
#: Ceiling on the values (scalars, lists, mappings) of the plan's YAML, aliases expanded
#: (the default plan has about 600; MAX_REPORTS reports of 20 values are 40,000).
MAX_YAML_NODES = 200_000
#: Ceiling on the values inside one grid value (a list of countries is a few).
MAX_GRID_VALUE_NODES = 1000
#: Ceiling on a path given in the plan, in bytes (Linux's PATH_MAX), and on each of its parts.
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255
#: How much of a value an error message shows.
_SHOWN = 200
_REQUIRED = ("id", "notebook", "edition", "title")
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
#: Per-cell timeout ceiling, seconds (a plan's or a report's ``timeout``).
MAX_TIMEOUT = 6 * 3600.0
#: Parameters that name a file (``*_csv``) or a file or folder (``*_path``), contract C2.
FILE_PARAMETER_SUFFIXES = ("_csv", "_path")


class _PlanLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that bounds the plan as it would be with its aliases expanded.

    ``compose_node`` is the composer's step for one node, the step where PyYAML itself
    resolves an alias (to the node already built: ``*a`` costs nothing to parse, but every
    later ``repr``, ``json.dumps`` or grid walks it in full). The override counts each node,
    and each alias as the size and height of the node it names, so that the document as a
    program would see it has at most :data:`MAX_YAML_NODES` values and
    :data:`MAX_YAML_DEPTH` levels; past either, it stops with the line and column, before
    anything deeper is read. Plans written by ``yaml.dump`` use aliases for shared values,
    so aliases are bounded, not refused.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._level = 0  # level of the node being composed (the document's root is 1)
        self._nodes = 0  # values so far, aliases expanded
        self._deepest = 0  # deepest level so far, aliases expanded
        self._anchored: dict[str, tuple[int, int]] = {}  # anchor -> (values, height)

    def _grow(self, nodes: int, level: int, mark: Any) -> None:
        self._nodes += nodes
        self._deepest = max(self._deepest, level)
        if level > MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the plan is nested more than {MAX_YAML_DEPTH} levels deep, aliases expanded "
                "(MAX_YAML_DEPTH)",
                mark,
            )
        if self._nodes > MAX_YAML_NODES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the plan holds more than {MAX_YAML_NODES} values, aliases expanded "
                "(MAX_YAML_NODES)",
                mark,
            )

    def compose_node(self, parent: Any, index: Any) -> Any:
        level = self._level + 1
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.anchors and event.anchor not in self._anchored:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"the alias *{event.anchor} is inside the value it names (a cycle)",
                    event.start_mark,
                )
            nodes, height = self._anchored.get(event.anchor, (1, 1))  # unknown: yaml's error
            self._grow(nodes, level + height - 1, event.start_mark)
            return super().compose_node(parent, index)
        start, outer = self._nodes, self._deepest
        self._deepest = 0
        self._grow(1, level, event.start_mark)
        self._level = level
        try:
            node = super().compose_node(parent, index)
        finally:
            self._level = level - 1
        if event.anchor is not None:
            self._anchored[event.anchor] = (self._nodes - start, self._deepest - level + 1)
        self._deepest = max(outer, self._deepest)
        return node


def read_plan_yaml(text: str, name: str = "<plan>") -> Any:
    """Parse a plan's YAML: safe tags only, bounded as if its aliases were expanded.

    At most :data:`MAX_YAML_NODES` values and :data:`MAX_YAML_DEPTH` levels, counting each
    alias as the value it names. ``name`` (the file's path) is what error messages give with
    the line and column.

    Raises
    ------
    yaml.YAMLError
        On invalid YAML or past a bound (the message gives line and column).

    Examples
    --------
    >>> read_plan_yaml("a: &x [1, 2]\\nb: *x")
    {'a': [1, 2], 'b': [1, 2]}
    >>> bomb = "a: &a [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\\n" + "".join(
    ...     f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\\n" for p, n in zip("abcdef", "bcdefg"))
    >>> read_plan_yaml(bomb)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    yaml.composer.ComposerError: the plan holds more than 200000 values, aliases expanded...
    """
    loader = _PlanLoader(text)
    loader.name = name  # yaml.reader.Reader's name for the marks in its messages
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def shown(value: Any, limit: int = _SHOWN) -> str:
    """``repr(value)``, cut to ``limit`` characters for an error message.

    Examples
    --------
    >>> shown("abc\\n")
    "'abc\\\\n'"
    >>> shown("x" * 500, 12)
    "'xxxxxxxx... (502 characters)"
    """
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}... ({len(text)} characters)"


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


def _json_problem(value: Any) -> str | None:
    """Why ``value`` is not a JSON value (what papermill and the manifest take), or None.

    YAML's safe tags also give dates, sets and bytes (``!!set``, ``!!binary``, a bare date).
    """
    if value is None or isinstance(value, str | bool | int | float):
        return None
    if isinstance(value, list):
        return next((p for v in value if (p := _json_problem(v))), None)
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                return f"has a key that is not a string: {shown(k)}"
            if p := _json_problem(v):
                return p
        return None
    return (
        f"holds a {type(value).__name__} ({shown(value, 60)}); a value is a string, a number, "
        "true/false, null, or a list or mapping of them"
    )


class PlanError(ValueError):
    """An invalid render plan; ``problems`` lists every problem found."""

    def __init__(self, plan: Path | str, problems: list[str]):
        self.plan = str(plan)
        self.problems = list(problems)
        text = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"invalid render plan {self.plan}: {len(self.problems)} problem(s)\n{text}"
        )


@dataclass(frozen=True)
class Parameter:
    """One parameter of a notebook's ``parameters`` cell."""

    name: str
    type: str | None  # "int", "float", "str", "bool", "list", "dict", "X|None", or None (any)
    default: str  # source text of the default, as written in the cell
    help: str
    #: True when the type was inferred from the default (no annotation): papermill gives such
    #: a parameter no type at all, and notebooks use None for "not set", so None is accepted.
    inferred: bool = False

    def describe(self) -> str:
        """``name: type = default  # help`` (the form of ``papermill --help-notebook``)."""
        t = self.type or "any"
        h = f"  # {self.help}" if self.help else ""
        return f"{self.name}: {t} = {self.default}{h}"

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` has this parameter's type.

        Examples
        --------
        >>> p = Parameter("n", "int", "4", "", inferred=True)
        >>> p.accepts(3), p.accepts("four"), p.accepts(True), p.accepts(None)
        (True, False, False, True)
        """
        if value is None and self.inferred:
            return True
        return _accepts(self.type, value)

    @property
    def type_text(self) -> str:
        """The type as shown in errors (``str (or None)`` for an inferred type)."""
        t = self.type or "any"
        return f"{t} (or None)" if self.inferred and self.type else t


@dataclass(frozen=True)
class Report:
    """One report of the plan (a notebook, its parameters, an edition and a title)."""

    id: str
    notebook: str  # as written in the plan
    path: Path  # resolved notebook path
    parameters: dict[str, Any]
    edition: str
    title: str
    timeout: float
    lang: str
    #: What papermill receives: ``parameters`` with every file parameter resolved
    #: (:func:`kernel_path`: relative to the notebook's folder, where the kernel runs, when it
    #: lies in the project, so no page publishes this machine's folders; else absolute), and
    #: ``data_path`` set to the plan's data folder when the notebook has that parameter and the
    #: report does not set it.
    run_parameters: dict[str, Any] = field(default_factory=dict)
    #: The files and folders named by the run parameters (``name -> resolved path``); they
    #: exist (validated) and belong in the cache key.
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def group(self) -> tuple[str, str]:
        """Reports that share a group are executed once (same notebook and parameters)."""
        return (str(self.path), json.dumps(self.run_parameters, sort_keys=True))


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


def _where(i: int, rid: Any) -> str:
    """``report #i (id)`` for messages; an id that is not printable or too long is quoted."""
    if not isinstance(rid, str):
        return f"report #{i}"
    plain = rid.isprintable() and len(rid) <= MAX_ID_LENGTH
    return f"report #{i} ({rid if plain else shown(rid, 60)})"


def is_file_parameter(name: str) -> bool:
    """Whether a parameter names a file or folder (``*_csv``, ``*_path``; contract C2)."""
    return name.endswith(FILE_PARAMETER_SUFFIXES)


@dataclass
class Plan:
    """A validated render plan."""

    path: Path
    notebooks: Path
    data: Path
    timeout: float
    reports: list[Report]
    parameters: dict[str, list[Parameter]] = field(default_factory=dict)

    def select(self, patterns: list[str] | None) -> list[Report]:
        """Reports whose id matches one of the glob ``patterns`` (all when None).

        Raises
        ------
        PlanError
            If a pattern matches no report (the known ids are listed).
        """
        if not patterns:
            return list(self.reports)
        from fnmatch import fnmatchcase

        chosen = [r for r in self.reports if any(fnmatchcase(r.id, p) for p in patterns)]
        unknown = [p for p in patterns if not any(fnmatchcase(r.id, p) for r in self.reports)]
        if unknown:
            ids = ", ".join(r.id for r in self.reports[:20])
            if len(self.reports) > 20:
                ids += f", ... ({len(self.reports)} in all)"
            raise PlanError(
                self.path,
                [f"--only {shown(p)} matches no report; known ids: {ids}" for p in unknown],
            )
        return chosen


def read_notebook_json(path: Path) -> dict[str, Any]:
    """Read a notebook as plain JSON (fast: no nbformat, no schema validation)."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def parameters_cell_source(nb: dict[str, Any]) -> str | None:
    """Source of the first cell tagged ``parameters`` (None if there is none)."""
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return _source(cell)
    return None


_TYPE_NAMES = {
    "int": "int",
    "float": "float",
    "str": "str",
    "bool": "bool",
    "list": "list",
    "dict": "dict",
    "tuple": "list",
}


def _normalise_type(annotation: str | None, default: str) -> str | None:
    """``int``, ``float``, ``str``, ``bool``, ``list``, ``dict``, ``X|None`` or None (any)."""
    if annotation and annotation != "None":
        text = annotation.replace(" ", "")
        m = re.fullmatch(r"(?i)optional\[(.+)\]", text) or re.fullmatch(r"(.+)\|None", text)
        if m:
            inner = _normalise_type(m.group(1), "None")
            return f"{inner}|None" if inner else None
        base = text.split("[", 1)[0].lower()
        return _TYPE_NAMES.get(base)
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if value is None:
        return None
    return _TYPE_NAMES.get(type(value).__name__)


def inspect_parameters(path: Path) -> list[Parameter]:
    """The parameters of a notebook, as ``papermill --help-notebook`` reads them.

    Uses :func:`papermill.inspect_notebook` (name, annotated type, default, help comment); when
    a parameter carries no annotation its type is inferred from the literal default.

    Examples
    --------
    >>> from pathlib import Path
    >>> nb = Path(__file__).parents[2] / "tests/fixtures/notebooks/ok.ipynb"
    >>> [p.describe() for p in inspect_parameters(nb)][:2]  # doctest: +SKIP
    ['lang: str = "en"  # "en" or "ar": language of prose, figures and tables', 'n: int = 4  # ...']
    """
    import papermill

    found = papermill.inspect_notebook(str(path))
    out = []
    for name, p in found.items():
        default = str(p.get("default", ""))
        annotation = p.get("inferred_type_name")
        out.append(
            Parameter(
                name=name,
                type=_normalise_type(annotation, default),
                default=default,
                help=str(p.get("help") or "").strip(),
                inferred=not annotation or annotation == "None",
            )
        )
    return out


def _accepts(type_name: str | None, value: Any) -> bool:
    if type_name is None:
        return True
    if type_name.endswith("|None"):
        return value is None or _accepts(type_name[: -len("|None")], value)
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name == "str":
        return isinstance(value, str)
    if type_name == "list":
        return isinstance(value, list)
    if type_name == "dict":
        return isinstance(value, dict)
    return True


def _allowed_text(params: list[Parameter]) -> str:
    if not params:
        return "it has no parameters cell, so it takes no parameters"
    return "allowed parameters:\n" + "\n".join(f"      {p.describe()}" for p in params)


def _param_cache_key(source: str) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(source.encode("utf-8"))
    h.update(version("papermill").encode())
    h.update(b"gulfsec-parameters-v2")  # bump when Parameter changes
    return h.hexdigest()


def kernel_path(target: Path, notebook_dir: Path) -> str:
    """The path a notebook's kernel is given for ``target``.

    The kernel runs in ``notebook_dir``. A target inside the project (the notebook folder's
    parent) is given relative to it, so that the executed notebook, its pages and its cache key
    are the same bytes in every checkout and publish no folder of this machine; a target
    elsewhere is given as it is, absolute.

    Examples
    --------
    >>> kernel_path(Path("/srv/gulfsec/data"), Path("/srv/gulfsec/notebooks"))
    '../data'
    >>> kernel_path(Path("/tmp/caps.csv"), Path("/srv/gulfsec/notebooks"))
    '/tmp/caps.csv'
    """
    root = notebook_dir.parent
    if target == root or root in target.parents:
        return os.path.relpath(target, notebook_dir)
    return str(target)


def load_plan(
    path: Path | str,
    parameter_cache: dict[str, Any] | None = None,
) -> Plan:
    """Read and validate a render plan.

    Parameters
    ----------
    path : path-like
        The YAML plan file.
    parameter_cache : dict, optional
        ``{notebook path: {"key": ..., "parameters": [...]}}`` from an earlier run (the
        manifest keeps it), so that an unchanged notebook is not inspected again (inspection
        imports papermill, which takes seconds). Updated in place.

    Returns
    -------
    Plan

    Raises
    ------
    PlanError
        Listing every problem found.
    """
    import yaml

    path = Path(path)
    problems: list[str] = []
    try:
        with open(path, "rb") as fh:
            data_bytes = fh.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise PlanError(path, [f"plan file {path} does not exist"]) from None
    except OSError as exc:  # a folder, no permission, a name too long
        raise PlanError(path, [f"cannot read the plan: {exc.strerror or exc}"]) from None
    if len(data_bytes) > MAX_PLAN_BYTES:
        raise PlanError(
            path, [f"the plan file is larger than {MAX_PLAN_BYTES} bytes (MAX_PLAN_BYTES)"]
        )
    try:
        raw = read_plan_yaml(data_bytes.decode("utf-8"), str(path))
    except UnicodeDecodeError as exc:
        raise PlanError(path, [f"not valid UTF-8 at byte {exc.start}"]) from None
    except yaml.YAMLError as exc:
        raise PlanError(path, [f"not valid YAML: {exc}"]) from None
    if not isinstance(raw, dict):
        raise PlanError(path, ["the plan must be a mapping with a 'reports' list"])
    for key in sorted(set(raw) - _PLAN_KEYS, key=str):
        problems.append(f"unknown top-level key {shown(key)}; allowed: {sorted(_PLAN_KEYS)}")
    base = path.parent
    folders = {}
    for key, default in (("notebooks", "../notebooks"), ("data", "../data")):
        value = raw.get(key, default)
        why = path_problem(value)
        if why:
            problems.append(f"{key!r}: the path {why}")
            value = default
        folders[key] = (base / value).resolve()
    notebooks, data = folders["notebooks"], folders["data"]
    timeout = raw.get("timeout", DEFAULT_TIMEOUT)
    if not _good_timeout(timeout):
        problems.append(
            f"'timeout' must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, "
            f"got {shown(timeout)}"
        )
        timeout = DEFAULT_TIMEOUT
    if not notebooks.is_dir():
        problems.append(f"notebooks folder {notebooks} does not exist")
    if not data.is_dir():
        problems.append(f"data folder {data} does not exist ('data' in the plan)")
    entries = raw.get("reports")
    if not isinstance(entries, list) or not entries:
        problems.append("'reports' must be a non-empty list")
        entries = []

    entries, grid_problems = expand_grids(entries)
    problems.extend(grid_problems)
    cache = parameter_cache if parameter_cache is not None else {}
    inspected: dict[Path, list[Parameter] | None] = {}
    reports: list[Report] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = f"report #{i}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping with keys {list(_REQUIRED)}")
            continue
        rid = entry.get("id")
        where = _where(i, rid)
        bad = False
        for key in sorted(set(entry) - _REPORT_KEYS, key=str):
            problems.append(f"{where}: unknown key {shown(key)}; allowed: {sorted(_REPORT_KEYS)}")
            bad = True
        for key in _REQUIRED:
            if not isinstance(entry.get(key), str) or not entry.get(key):
                problems.append(f"{where}: {key!r} is required and must be a non-empty string")
                bad = True
        if bad:
            continue
        why = report_id_problem(rid)
        if why:
            if rid.lower() in RESERVED_NAMES:
                why += f"; reserved names: {sorted(RESERVED_NAMES)}"
            problems.append(f"{where}: {why}")
            continue
        if rid in seen:
            problems.append(f"{where}: duplicate id {rid!r}")
            continue
        seen.add(rid)
        edition = entry["edition"]
        if edition not in EDITIONS:
            problems.append(
                f"{where}: 'edition' must be one of {list(EDITIONS)}, got {shown(edition)}"
            )
            continue
        rtimeout = entry.get("timeout", timeout)
        if not _good_timeout(rtimeout):
            problems.append(
                f"{where}: 'timeout' must be a number of seconds above 0 and at most "
                f"{MAX_TIMEOUT:g}, got {shown(rtimeout)}"
            )
            continue
        params = entry.get("parameters") or {}
        if not isinstance(params, dict):
            problems.append(f"{where}: 'parameters' must be a mapping of name: value")
            continue
        why = _json_problem(params)
        if why:
            problems.append(f"{where}: 'parameters' {why}")
            continue
        why = path_problem(entry["notebook"])
        if why:
            problems.append(f"{where}: 'notebook': the path {why}")
            continue
        nb_path = (notebooks / entry["notebook"]).resolve()
        if notebooks not in nb_path.parents:
            problems.append(
                f"{where}: notebook {shown(entry['notebook'])} is outside the plan's notebooks "
                f"folder {notebooks} ({nb_path}); a report's notebook is named relative to "
                "that folder and must stay in it"
            )
            continue
        if nb_path not in inspected:
            inspected[nb_path] = _inspect_cached(nb_path, cache)
        declared = inspected[nb_path]
        if declared is None:
            available = (
                sorted(p.name for p in notebooks.glob("*.ipynb")) if notebooks.is_dir() else []
            )
            problems.append(
                f"{where}: unknown notebook {shown(entry['notebook'])} "
                f"({'not a readable notebook' if nb_path.is_file() else 'no file'} {nb_path}); "
                f"available: {available}"
            )
            continue
        by_name = {p.name: p for p in declared}
        ok = True
        for name, value in params.items():
            if name not in by_name:
                problems.append(
                    f"{where}: unknown parameter {shown(name)} for {entry['notebook']}; "
                    + _allowed_text(declared)
                )
                ok = False
            elif not by_name[name].accepts(value):
                problems.append(
                    f"{where}: parameter {name!r} of {entry['notebook']} must be of type "
                    f"{by_name[name].type_text}, got {shown(value)} ({type(value).__name__}); "
                    + _allowed_text(declared)
                )
                ok = False
        lang = params.get("lang", "")  # given as null: an error below
        if "lang" not in params and "lang" in by_name:
            try:
                lang = ast.literal_eval(by_name["lang"].default)
            except (ValueError, SyntaxError):
                lang = None
        if "lang" not in params and lang in ("", None):
            lang = "en"
        try:
            check_lang(lang)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            ok = False
        if not ok:
            continue
        for name, value in params.items():
            if name in SIZE_LIMITS:
                try:
                    check_size(name, value)
                except ValueError as exc:
                    problems.append(f"{where}: {exc} (the ceiling of {entry['notebook']})")
                    ok = False
        run_params = dict(params)
        if "data_path" in by_name and "data_path" not in run_params:
            run_params["data_path"] = str(data)
        files: dict[str, Path] = {}
        for name, value in run_params.items():
            if not is_file_parameter(name) or value is None:
                continue
            why = path_problem(value)
            if why:
                problems.append(f"{where}: parameter {name!r} must name a file; the path {why}")
                ok = False
                continue
            target = (base / value).resolve()
            want_dir = name == "data_path"
            exists = target.is_dir() if want_dir else target.exists()
            if not exists:
                kind = "folder" if want_dir else "file"
                problems.append(
                    f"{where}: parameter {name!r} names the {kind} {shown(value)}, which does not "
                    f"exist ({target}; relative paths are relative to the plan file)"
                )
                ok = False
                continue
            run_params[name] = kernel_path(target, nb_path.parent)
            files[name] = target
        if not ok:
            continue
        reports.append(
            Report(
                id=rid,
                notebook=entry["notebook"],
                path=nb_path,
                parameters=dict(params),
                edition=edition,
                title=entry["title"],
                timeout=float(rtimeout),
                lang=lang,
                run_parameters=run_params,
                files=files,
            )
        )
    if problems:
        raise PlanError(path, problems)
    return Plan(
        path=path,
        notebooks=notebooks,
        data=data,
        timeout=float(timeout),
        reports=reports,
        parameters={str(k): v for k, v in inspected.items() if v is not None},
    )


def _good_timeout(value: Any) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_TIMEOUT
    )


def _id_part(value: Any) -> str:
    """A value as a fragment of a report id (``1.5`` -> ``1.5``, ``"a b"`` -> ``a_b``)."""
    if isinstance(value, bool) or value is None:
        text = json.dumps(value)
    elif isinstance(value, int | float | str):
        text = str(value)
    else:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", "-"))
    text = re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_.-")
    return text or "_"


def _values(value: Any, limit: int) -> int:
    """The values in ``value`` (itself, list items, mapping keys and values), up to ``limit + 1``.

    Examples
    --------
    >>> _values(["IRN", "SAU"], 100), _values({"a": [1, 2]}, 100), _values(list(range(50)), 9)
    (3, 5, 10)
    """
    count, todo = 0, [value]
    while todo and count <= limit:
        v = todo.pop()
        count += 1
        if isinstance(v, list):
            todo.extend(v)
        elif isinstance(v, dict):
            todo.extend(v)
            todo.extend(v.values())
    return count


def expand_grids(entries: list[Any]) -> tuple[list[Any], list[str]]:
    """Expand every report entry that declares a ``grid`` into one entry per combination.

    ``grid`` maps parameter names to non-empty lists of values; the entry's ``parameters``
    are the fixed ones. Each combination becomes an ordinary entry (validated like any other:
    parameter names, types, ceilings): its id is the entry's id followed by
    ``-<name><value>`` for each grid parameter, its title the entry's title followed by the
    values. One grid expands into at most :data:`MAX_GRID` reports, and the whole plan into at
    most :data:`MAX_REPORTS` (counted before any entry is built: nothing is expanded past it).

    Returns
    -------
    (list, list of str)
        The entries, and the problems found in the grids.

    Examples
    --------
    >>> entries, problems = expand_grids([{"id": "s", "notebook": "n.ipynb", "edition": "report",
    ...     "title": "S", "parameters": {"lang": "en"}, "grid": {"n": [2, 3], "scale": [1.5]}}])
    >>> [(e["id"], e["parameters"], e["title"]) for e in entries]  # doctest: +NORMALIZE_WHITESPACE
    [('s-n2-scale1.5', {'lang': 'en', 'n': 2, 'scale': 1.5}, 'S (n = 2, scale = 1.5)'),
     ('s-n3-scale1.5', {'lang': 'en', 'n': 3, 'scale': 1.5}, 'S (n = 3, scale = 1.5)')]
    >>> expand_grids([{"id": "s", "grid": {"n": []}}])[1]
    ["report #1 (s): grid parameter 'n' must be a non-empty list of values, got []"]
    """
    import itertools

    problems: list[str] = []
    sizes: list[int | None] = []  # reports per entry; None: a grid with a problem
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "grid" not in entry:
            sizes.append(1)
            continue
        sizes.append(None)
        rid = entry.get("id")
        where = _where(i, rid)
        grid = entry["grid"]
        fixed = entry.get("parameters") or {}
        if not isinstance(grid, dict) or not grid:
            problems.append(f"{where}: 'grid' must be a mapping of parameter name: list of values")
            continue
        bad = False
        for name, values in grid.items():
            if not isinstance(values, list) or not values:
                problems.append(
                    f"{where}: grid parameter {shown(name)} must be a non-empty list of values, "
                    f"got {shown(values)}"
                )
                bad = True
            elif isinstance(fixed, dict) and name in fixed:
                problems.append(f"{where}: {shown(name)} is in both 'parameters' and 'grid'")
                bad = True
            elif any(_values(v, MAX_GRID_VALUE_NODES) > MAX_GRID_VALUE_NODES for v in values):
                problems.append(
                    f"{where}: a value of grid parameter {shown(name)} holds more than "
                    f"{MAX_GRID_VALUE_NODES} values (MAX_GRID_VALUE_NODES)"
                )
                bad = True
        if bad:
            continue
        size = 1
        for values in grid.values():
            size *= len(values)
        if size > MAX_GRID:
            problems.append(
                f"{where}: the grid expands into {size} reports; at most {MAX_GRID} per entry "
                "(MAX_GRID)"
            )
            continue
        sizes[-1] = size
    total = sum(n for n in sizes if n is not None)
    if total > MAX_REPORTS:  # counted before anything is built
        problems.append(
            f"the plan expands into {total} reports; at most {MAX_REPORTS} in one plan "
            "(MAX_REPORTS)"
        )
        return [], problems

    out: list[Any] = []
    for entry, size in zip(entries, sizes, strict=True):
        if size is None:
            continue
        if not isinstance(entry, dict) or "grid" not in entry:
            out.append(entry)
            continue
        rid = entry.get("id")
        grid = entry["grid"]
        fixed = entry.get("parameters") or {}
        names = list(grid)
        for combo in itertools.product(*(grid[n] for n in names)):
            one = {k: v for k, v in entry.items() if k != "grid"}
            values = dict(zip(names, combo, strict=True))
            if isinstance(fixed, dict):
                one["parameters"] = {**fixed, **values}
            if isinstance(rid, str):
                one["id"] = rid + "".join(f"-{n}{_id_part(v)}" for n, v in values.items())
            if isinstance(entry.get("title"), str):
                labels = ", ".join(
                    f"{n} = {json.dumps(v, ensure_ascii=False)}" for n, v in values.items()
                )
                one["title"] = f"{entry['title']} ({labels})"
            out.append(one)
    return out, problems


def _inspect_cached(nb_path: Path, cache: dict[str, Any]) -> list[Parameter] | None:
    """Parameters of ``nb_path`` (None when the notebook does not exist or is unreadable)."""
    if not nb_path.is_file():
        return None
    try:
        nb = read_notebook_json(nb_path)
    except (OSError, ValueError):
        return None
    source = parameters_cell_source(nb)
    if source is None:
        cache.pop(str(nb_path), None)
        return []
    key = _param_cache_key(source)
    hit = cache.get(str(nb_path))
    if isinstance(hit, dict) and hit.get("key") == key:
        try:
            return [Parameter(**p) for p in hit["parameters"]]
        except (KeyError, TypeError):
            pass
    params = inspect_parameters(nb_path)
    cache[str(nb_path)] = {"key": key, "parameters": [asdict(p) for p in params]}
    return params
