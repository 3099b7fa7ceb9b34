"""The render plan (``reports/plan.yml``): its reports, each validated before anything runs.

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

:func:`load_plan` reads the file (bounded: :mod:`gulfsec.render.planfile`), expands its grids
(:mod:`gulfsec.render.grids`) and checks the whole plan before anything runs: unknown keys,
missing fields, duplicate or unsafe ids and path strings no file system can take
(:mod:`gulfsec.render.names`), unknown editions, missing notebooks or notebooks outside the
plan's ``notebooks`` folder, a missing data folder, every parameter against the notebook's
``parameters`` cell, read the way ``papermill --help-notebook`` reads it
(:mod:`gulfsec.render.parameters`), every size parameter against its ceiling
(:data:`gulfsec._validate.SIZE_LIMITS`, the same check the analyses make), and every file named
by a ``*_csv`` or ``*_path`` parameter (resolved relative to the plan file; it must exist).
Every problem is collected; the :class:`PlanError` lists them all, with the allowed parameters.

The plan's ``data`` folder reaches every notebook that has a ``data_path`` parameter, unless a
report sets it (:attr:`Report.run_parameters`).
"""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gulfsec._validate import SIZE_LIMITS, check_size
from gulfsec.i18n import check_lang
from gulfsec.render.grids import expand_grids
from gulfsec.render.names import RESERVED_NAMES, path_problem, report_id_problem, report_label
from gulfsec.render.parameters import (
    Parameter,
    allowed_text,
    cached_parameters,
    is_file_parameter,
    json_value_problem,
)
from gulfsec.render.planfile import PlanError, read_plan_file, shown

__all__ = [
    "DEFAULT_TIMEOUT",
    "EDITIONS",
    "LANG_TAG_PREFIX",
    "MAX_TIMEOUT",
    "SOLUTION_TAG",
    "Plan",
    "PlanError",
    "Report",
    "kernel_path",
    "load_plan",
]

#: Editions: ``report`` hides code, ``report`` and ``student`` remove cells tagged ``solution``,
#: ``instructor`` keeps every cell. All keep only the cells of the report's language.
EDITIONS: tuple[str, ...] = ("report", "student", "instructor")
LANG_TAG_PREFIX = "lang-"
SOLUTION_TAG = "solution"
DEFAULT_TIMEOUT = 600.0
#: Per-cell timeout ceiling, seconds (a plan's or a report's ``timeout``).
MAX_TIMEOUT = 6 * 3600.0
_PLAN_KEYS = {"notebooks", "data", "timeout", "reports"}
_REPORT_KEYS = {"id", "notebook", "parameters", "grid", "edition", "title", "timeout"}
_REQUIRED = ("id", "notebook", "edition", "title")


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

        Examples
        --------
        >>> plan = Plan(Path("plan.yml"), Path("nb"), Path("data"), 600.0, reports=[])
        >>> plan.select(None)
        []
        >>> plan.select(["01_*"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        gulfsec.render.planfile.PlanError: invalid render plan plan.yml: 1 problem(s)
          - --only '01_*' matches no report; known ids:...
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

    Examples
    --------
    >>> import json, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for folder in ("notebooks", "data", "reports"):
    ...     (root / folder).mkdir()
    >>> _ = (root / "notebooks" / "intro.ipynb").write_text(json.dumps({"cells": []}))
    >>> plan_file = root / "reports" / "plan.yml"
    >>> entry = "{id: intro-en, notebook: intro.ipynb, edition: %s, title: Intro}"
    >>> _ = plan_file.write_text("reports:\\n  - " + entry % "student")
    >>> [(r.id, r.lang, r.edition) for r in load_plan(plan_file).reports]
    [('intro-en', 'en', 'student')]
    >>> _ = plan_file.write_text("reports:\\n  - " + entry % "poster")
    >>> load_plan(plan_file)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gulfsec.render.planfile.PlanError: invalid render plan .../plan.yml: 1 problem(s)
      - report #1 (intro-en): 'edition' must be one of ['report', 'student', 'instructor'], got 'poster'
    """
    path = Path(path)
    raw = read_plan_file(path)
    if not isinstance(raw, dict):
        raise PlanError(path, ["the plan must be a mapping with a 'reports' list"])
    problems: list[str] = []
    base = path.parent
    notebooks, data, timeout, entries = _settings(raw, base, problems)
    entries, grid_problems = expand_grids(entries)
    problems.extend(grid_problems)
    cache = parameter_cache if parameter_cache is not None else {}
    inspected: dict[Path, list[Parameter] | None] = {}
    reports: list[Report] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        checked = _entry(i, entry, seen, timeout, problems)
        if checked is None:
            continue
        where, params, rtimeout = checked
        notebook = entry["notebook"]
        nb_path = (notebooks / notebook).resolve()
        if notebooks not in nb_path.parents:
            problems.append(
                f"{where}: notebook {shown(notebook)} is outside the plan's notebooks "
                f"folder {notebooks} ({nb_path}); a report's notebook is named relative to "
                "that folder and must stay in it"
            )
            continue
        if nb_path not in inspected:
            inspected[nb_path] = cached_parameters(nb_path, cache)
        declared = inspected[nb_path]
        if declared is None:
            available = (
                sorted(p.name for p in notebooks.glob("*.ipynb")) if notebooks.is_dir() else []
            )
            problems.append(
                f"{where}: unknown notebook {shown(notebook)} "
                f"({'not a readable notebook' if nb_path.is_file() else 'no file'} {nb_path}); "
                f"available: {available}"
            )
            continue
        lang = _lang_of_checked(where, notebook, params, declared, problems)
        if lang is None:
            continue
        sizes_ok = _sizes_ok(where, notebook, params, problems)
        run = _run_parameters(where, params, declared, data, base, nb_path, problems)
        if not sizes_ok or run is None:
            continue
        run_params, files = run
        reports.append(
            Report(
                id=entry["id"],
                notebook=notebook,
                path=nb_path,
                parameters=dict(params),
                edition=entry["edition"],
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


def _settings(
    raw: dict[Any, Any], base: Path, problems: list[str]
) -> tuple[Path, Path, Any, list[Any]]:
    """The plan's top level: notebooks and data folders, timeout, report entries.

    A problem is appended to ``problems`` and the default used in its place.
    """
    for key in sorted(set(raw) - _PLAN_KEYS, key=str):
        problems.append(f"unknown top-level key {shown(key)}; allowed: {sorted(_PLAN_KEYS)}")
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
    why = _timeout_problem(timeout)
    if why:
        problems.append(why)
        timeout = DEFAULT_TIMEOUT
    if not notebooks.is_dir():
        problems.append(f"notebooks folder {notebooks} does not exist")
    if not data.is_dir():
        problems.append(f"data folder {data} does not exist ('data' in the plan)")
    entries = raw.get("reports")
    if not isinstance(entries, list) or not entries:
        problems.append("'reports' must be a non-empty list")
        entries = []
    return notebooks, data, timeout, entries


def _entry(
    i: int, entry: Any, seen: set[str], timeout: Any, problems: list[str]
) -> tuple[str, dict[str, Any], Any] | None:
    """Check one report entry's own fields: keys, id, edition, timeout, parameters, notebook.

    Returns ``(where, parameters, timeout)`` when they hold, else None (the problem appended;
    a new id is added to ``seen``).
    """
    where = f"report #{i}"
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a mapping with keys {list(_REQUIRED)}")
        return None
    rid = entry.get("id")
    where = report_label(i, rid)
    bad = False
    for key in sorted(set(entry) - _REPORT_KEYS, key=str):
        problems.append(f"{where}: unknown key {shown(key)}; allowed: {sorted(_REPORT_KEYS)}")
        bad = True
    for key in _REQUIRED:
        if not isinstance(entry.get(key), str) or not entry.get(key):
            problems.append(f"{where}: {key!r} is required and must be a non-empty string")
            bad = True
    if bad:
        return None
    why = report_id_problem(rid)
    if why:
        if rid.lower() in RESERVED_NAMES:
            why += f"; reserved names: {sorted(RESERVED_NAMES)}"
        problems.append(f"{where}: {why}")
        return None
    if rid in seen:
        problems.append(f"{where}: duplicate id {rid!r}")
        return None
    seen.add(rid)
    edition = entry["edition"]
    if edition not in EDITIONS:
        problems.append(f"{where}: 'edition' must be one of {list(EDITIONS)}, got {shown(edition)}")
        return None
    rtimeout = entry.get("timeout", timeout)
    why = _timeout_problem(rtimeout)
    if why:
        problems.append(f"{where}: {why}")
        return None
    params = entry.get("parameters") or {}
    if not isinstance(params, dict):
        problems.append(f"{where}: 'parameters' must be a mapping of name: value")
        return None
    why = json_value_problem(params)
    if why:
        problems.append(f"{where}: 'parameters' {why}")
        return None
    why = path_problem(entry["notebook"])
    if why:
        problems.append(f"{where}: 'notebook': the path {why}")
        return None
    return where, params, rtimeout


def _lang_of_checked(
    where: str,
    notebook: str,
    params: dict[str, Any],
    declared: list[Parameter],
    problems: list[str],
) -> str | None:
    """The report's language, once every parameter is one the notebook declares, of its type.

    None when a parameter or the language is wrong (the problems appended). The language is
    the ``lang`` parameter, else the notebook's default, else ``en``.
    """
    by_name = {p.name: p for p in declared}
    ok = True
    for name, value in params.items():
        if name not in by_name:
            problems.append(
                f"{where}: unknown parameter {shown(name)} for {notebook}; "
                + allowed_text(declared)
            )
            ok = False
        elif not by_name[name].accepts(value):
            problems.append(
                f"{where}: parameter {name!r} of {notebook} must be of type "
                f"{by_name[name].type_text}, got {shown(value)} ({type(value).__name__}); "
                + allowed_text(declared)
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
    return lang if ok else None


def _sizes_ok(where: str, notebook: str, params: dict[str, Any], problems: list[str]) -> bool:
    """Whether every size parameter is within its ceiling (the problems appended)."""
    ok = True
    for name, value in params.items():
        if name in SIZE_LIMITS:
            try:
                check_size(name, value)
            except ValueError as exc:
                problems.append(f"{where}: {exc} (the ceiling of {notebook})")
                ok = False
    return ok


def _run_parameters(
    where: str,
    params: dict[str, Any],
    declared: list[Parameter],
    data: Path,
    base: Path,
    nb_path: Path,
    problems: list[str],
) -> tuple[dict[str, Any], dict[str, Path]] | None:
    """What papermill receives, and the files it names (see :attr:`Report.run_parameters`).

    None when a file parameter names no existing file (the problems appended).
    """
    run_params = dict(params)
    if any(p.name == "data_path" for p in declared) and "data_path" not in run_params:
        run_params["data_path"] = str(data)
    files: dict[str, Path] = {}
    ok = True
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
    return (run_params, files) if ok else None


def _timeout_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a per-cell timeout (None when it can).

    Examples
    --------
    >>> _timeout_problem(600) is None, _timeout_problem(True)
    (True, "'timeout' must be a number of seconds above 0 and at most 21600, got True")
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_TIMEOUT:
        return None
    return (
        f"'timeout' must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, "
        f"got {shown(value)}"
    )
