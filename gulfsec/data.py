"""Load and validate the gulfsec data package.

The data package (``data/`` in the repository, shipped inside the wheel as
``gulfsec/_data``) is a Frictionless Data Package: CSV tables described by
``datapackage.json``. :func:`load` reads every table into a :class:`Dataset` of typed pandas
DataFrames after checking it; :func:`validate` returns every problem found instead of raising.

The checks are of two kinds:

* the Table Schema constraints declared in ``datapackage.json`` (types, ``required``,
  ``enum``, ``pattern``, ``minimum``/``maximum``, ``minLength``, primary and foreign keys);
* the project's own rules, which a Table Schema cannot say: every ``sources`` cell lists
  passages that exist, every id in a ``;``-list column refers to an existing row, a row whose
  ``basis`` is external names its source, start dates come before end dates, the eras of the
  balance of power are contiguous, the key phrase of each passage occurs verbatim in that
  line of the article (when the article file is at hand), every threat is scored on every
  criterion, and every content line of the article is cited outside ``passages`` or listed as
  deliberately not coded in the codebook.

Both kinds are checked here in plain Python, because :func:`load` must stay fast (a fresh
``import gulfsec; gulfsec.load()`` in well under half a second, see
``benchmarks/bench_load.py``); ``gulfsec validate`` additionally runs the
`frictionless <https://framework.frictionlessdata.io>`_ validator over the descriptor and the
tables, so the package stays valid for every Frictionless tool.

Every problem names the file, the row (1-based data row, with the CSV line number) and the
field. Both are bounded on hostile folders: a file larger than :data:`MAX_FILE_BYTES` is
reported, not read, and at most :data:`MAX_PROBLEMS_PER_FILE` problems are listed per file,
followed by one that says how many more there are.

Examples
--------
>>> import gulfsec
>>> ds = gulfsec.load()
>>> ds.actors.loc["IRN", "gulf_subregion"]
'east'
>>> sorted(ds.tables)[:3]
['actors', 'balance_eras', 'disputes']
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gulfsec import codebook, provenance
from gulfsec.paths import ARTICLE_ENV, article_lines, default_data_path
from gulfsec.problems import DataError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ARTICLE_ENV",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS_PER_FILE",
    "DataError",
    "Dataset",
    "Problem",
    "article_lines",
    "default_data_path",
    "load",
    "validate",
]

#: Content lines of the article (the rest is page furniture, title and date).
CONTENT_LINES = range(7, 55)
_LIST_SEP = ";"
#: Ceiling on the size of each file of the package that validation reads (``datapackage.json``,
#: each table, ``CODEBOOK.md``): the largest bundled file is under 64 kB, and reading a table
#: takes about ten times its size in memory, so a larger file is reported and not read.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Ceiling on the problems listed for one file; the rest are counted in one last problem
#: (a table of a million bad columns or rows gives a short report, not a million lines).
MAX_PROBLEMS_PER_FILE = 100
_BOM = b"\xef\xbb\xbf"
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: The pattern ``datapackage.json`` gives date fields (ISO 8601 date or bare year).
_SCHEMA_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


# --------------------------------------------------------------------------- reading


@dataclass
class _Table:
    name: str
    file: str
    schema: dict[str, Any]
    header: list[str]
    rows: list[list[str]]


def _too_big(path: Path, file: str, problems: list[Problem]) -> bool:
    """Whether ``path`` is over :data:`MAX_FILE_BYTES` (then a problem says so)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False  # reported where it is read
    if size <= MAX_FILE_BYTES:
        return False
    problems.append(
        Problem(
            file,
            None,
            None,
            f"{size:,} bytes, over the ceiling of {MAX_FILE_BYTES:,} bytes for one file of the "
            "data package (gulfsec.data.MAX_FILE_BYTES); not read",
        )
    )
    return True


def _read_descriptor(root: Path, problems: list[Problem]) -> dict[str, Any] | None:
    dp = root / "datapackage.json"
    if not dp.is_file():
        problems.append(Problem("datapackage.json", None, None, f"file not found in {root}"))
        return None
    if _too_big(dp, "datapackage.json", problems):
        return None
    try:
        desc = json.loads(dp.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        problems.append(Problem("datapackage.json", None, None, f"not valid UTF-8 ({exc.reason})"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                "datapackage.json",
                None,
                None,
                f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            )
        )
        return None
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        problems.append(
            Problem(
                "datapackage.json", None, "resources", "expected an object with a 'resources' list"
            )
        )
        return None
    for k, res in enumerate(desc["resources"]):
        ok = (
            isinstance(res, dict)
            and isinstance(res.get("name"), str)
            and isinstance(res.get("path"), str)
            and isinstance(res.get("schema"), dict)
            and isinstance(res["schema"].get("fields"), list)
            and all(
                isinstance(f, dict) and isinstance(f.get("name"), str)
                for f in res["schema"]["fields"]
            )
            and isinstance(res["schema"].get("foreignKeys", []), list)
            and all(isinstance(fk, dict) for fk in res["schema"].get("foreignKeys", []))
        )
        if not ok:
            problems.append(
                Problem(
                    "datapackage.json",
                    None,
                    f"resources[{k}]",
                    "each resource needs a 'name', a 'path' and a 'schema' with 'fields' "
                    "(each a mapping with a 'name'; 'foreignKeys', if any, a list of mappings)",
                )
            )
            return None
    bad = False
    for k, res in enumerate(desc["resources"]):
        why = _outside(root, res["path"])
        if why:
            problems.append(
                Problem(
                    "datapackage.json",
                    None,
                    f"resources[{k}].path",
                    f"resource '{res['name']}': path {res['path']!r} {why}; every table must be "
                    "a file inside the data folder, named relative to it",
                )
            )
            bad = True
    return None if bad else desc


def _outside(root: Path, path: str) -> str | None:
    """Why ``path`` (a resource path) is not a file inside ``root``; None when it is.

    Refuses absolute paths, URLs, ``..`` and links that lead out of the folder, so that a
    descriptor can never make the loader read (or an error quote) a file elsewhere.

    Examples
    --------
    >>> _outside(Path("data"), "/etc/passwd")
    'is absolute'
    >>> _outside(Path("data"), "../x.csv")
    "goes up with '..'"
    >>> _outside(Path("data"), "actors.csv") is None
    True
    """
    if not path:
        return "is empty"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path):
        return "is a URL or a drive, not a path inside the folder"
    p = Path(path)
    if p.is_absolute() or path.startswith(("/", "\\")):
        return "is absolute"
    if ".." in p.parts or ".." in path.split("\\"):
        return "goes up with '..'"
    try:
        inside = (root / p).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return "cannot be resolved (a link loop)"
    return None if inside else "leads out of the folder through a link"


def _read_table(root: Path, res: dict[str, Any], problems: list[Problem]) -> _Table | None:
    file = res["path"]
    p = root / file
    if not p.is_file():
        problems.append(Problem(file, None, None, f"file not found (resource '{res['name']}')"))
        return None
    if _too_big(p, file, problems):
        return None
    raw = p.read_bytes()
    provenance.note_read(p, raw)  # the bytes as read (gulfsec.provenance)
    if raw.startswith(_BOM):
        problems.append(
            Problem(
                file,
                None,
                None,
                "starts with a UTF-8 byte-order mark (BOM); save as UTF-8 without BOM",
            )
        )
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        row = line - 1 if line > 1 else None
        problems.append(
            Problem(
                file, row, None, f"not valid UTF-8 at byte {exc.start} (line {line}): {exc.reason}"
            )
        )
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        problems.append(Problem(file, None, None, f"malformed CSV: {exc}"))
        return None
    if not records:
        problems.append(Problem(file, None, None, "empty file (no header row)"))
        return None
    header, rows = records[0], records[1:]
    expected = [f["name"] for f in res["schema"]["fields"]]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        for c in missing:
            problems.append(Problem(file, None, c, "column missing from the header"))
        room = max(MAX_PROBLEMS_PER_FILE - 1 - len(missing), 0)  # a million columns: one line
        for c in extra[:room]:
            problems.append(Problem(file, None, c, "column not described in datapackage.json"))
        if len(extra) > room:
            problems.append(
                Problem(
                    file,
                    None,
                    None,
                    f"{len(extra):,} columns not described in datapackage.json in all, "
                    f"{room} of them listed (gulfsec.data.MAX_PROBLEMS_PER_FILE)",
                )
            )
        if not missing and not extra:
            problems.append(
                Problem(
                    file, None, None, f"columns out of order: expected {expected}, got {header}"
                )
            )
        return None
    good = []
    for r, rec in enumerate(rows, start=1):
        if not any(cell.strip() for cell in rec):
            problems.append(Problem(file, r, None, "blank row"))
            continue
        if len(rec) != len(header):
            problems.append(
                Problem(file, r, None, f"expected {len(header)} cells, found {len(rec)}")
            )
            continue
        good.append(rec)
    return _Table(res["name"], file, res["schema"], header, good)


# --------------------------------------------------------------------------- cell checks


def _parse_cell(value: str, fdef: dict[str, Any]) -> Any:
    """Parse one non-empty cell by its Table Schema type; raise ValueError with a reason."""
    t = fdef.get("type", "string")
    if t == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError(f"expected an integer, got {value!r}")
        return int(value)
    if t == "number":
        try:
            x = float(value)
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
        if x != x or x in (float("inf"), float("-inf")):
            raise ValueError(f"expected a finite number, got {value!r}")
        return x
    if t == "boolean":
        tv, fv = fdef.get("trueValues", ["true"]), fdef.get("falseValues", ["false"])
        if value in tv:
            return True
        if value in fv:
            return False
        raise ValueError(f"expected a boolean ({tv + fv}), got {value!r}")
    return value


def _check_cell(value: str, fdef: dict[str, Any]) -> tuple[Any, str | None]:
    c = fdef.get("constraints", {})
    if value == "":
        return None, ("required but empty" if c.get("required") else None)
    if value != value.strip():
        return None, f"leading or trailing white space in {value!r}"
    try:
        x = _parse_cell(value, fdef)
    except ValueError as exc:
        return None, str(exc)
    if "enum" in c and x not in c["enum"]:
        return None, f"expected one of {c['enum']}, got {value!r}"
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        return None, f"{value!r} does not match the pattern {c['pattern']}"
    if "minimum" in c and x < c["minimum"]:
        return None, f"{value} is below the minimum {c['minimum']}"
    if "maximum" in c and x > c["maximum"]:
        return None, f"{value} is above the maximum {c['maximum']}"
    if "minLength" in c and len(value) < c["minLength"]:
        return None, f"shorter than {c['minLength']} characters"
    if c.get("pattern") == _SCHEMA_DATE_PATTERN:
        y, m, d = _DATE_RE.fullmatch(x).groups()
        try:
            datetime.date(int(y), int(m or 1), int(d or 1))
        except ValueError:
            return None, f"{value!r} is not a real calendar date"
    return x, None


def _split(value: str) -> list[str]:
    return value.split(_LIST_SEP) if value else []


def _names(value: Any) -> list[str]:
    """A Table Schema field reference (a name or a list of names) as a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return []


# --------------------------------------------------------------------------- validation


@dataclass
class _Checked:
    desc: dict[str, Any] | None
    tables: dict[str, _Table] = field(default_factory=dict)
    values: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _check(path: str | os.PathLike | None, article: str | os.PathLike | None) -> _Checked:
    root = Path(path) if path is not None else default_data_path()
    out = _Checked(desc=None)
    P = out.problems
    if not root.is_dir():
        P.append(Problem(str(root), None, None, "data folder not found"))
        return out
    desc = _read_descriptor(root, P)
    out.desc = desc
    if desc is None:
        out.problems = _bounded(P)
        return out
    for res in desc["resources"]:
        t = _read_table(root, res, P)
        if t is not None:
            out.tables[t.name] = t

    # cells
    for name, t in out.tables.items():
        fdefs = t.schema["fields"]
        vals = []
        for r, rec in enumerate(t.rows, start=1):
            row: dict[str, Any] = {}
            for fdef, cell in zip(fdefs, rec, strict=True):
                x, err = _check_cell(cell, fdef)
                if err:
                    P.append(Problem(t.file, r, fdef["name"], err))
                row[fdef["name"]] = x
                enum = fdef.get("gulfsec:listEnum")
                if enum and x:
                    for item in _split(x):
                        if item not in enum:
                            P.append(
                                Problem(t.file, r, fdef["name"], f"{item!r} is not one of {enum}")
                            )
            row["__row__"] = r
            vals.append(row)
        out.values[name] = vals

    # primary keys
    keys: dict[str, set] = {}
    for name, t in out.tables.items():
        pk = t.schema.get("primaryKey") or []
        pk = [pk] if isinstance(pk, str) else pk
        seen: dict[tuple, int] = {}
        for row in out.values[name]:
            k = tuple(row[c] for c in pk)
            if any(v is None for v in k):
                continue
            if k in seen:
                P.append(
                    Problem(
                        t.file,
                        row["__row__"],
                        ",".join(pk),
                        f"duplicate primary key {k if len(k) > 1 else k[0]!r} (first in row {seen[k]})",
                    )
                )
            else:
                seen[k] = row["__row__"]
        keys[name] = {k[0] if len(k) == 1 else k for k in seen}

    # foreign keys (``fields`` and ``reference.fields``: a name or a list, as Frictionless allows)
    for name, t in out.tables.items():
        for k, fkd in enumerate(t.schema.get("foreignKeys", [])):
            ref = fkd.get("reference")
            ref = ref if isinstance(ref, dict) else {}
            fields, rfields = _names(fkd.get("fields")), _names(ref.get("fields"))
            target = ref.get("resource") or name
            where = f"resources[{name}].schema.foreignKeys[{k}]"
            if not fields or not rfields or len(fields) != len(rfields):
                P.append(
                    Problem(
                        "datapackage.json",
                        None,
                        where,
                        "'fields' and 'reference.fields' must name the same number of columns",
                    )
                )
                continue
            if not isinstance(target, str) or target not in out.values:
                continue  # a missing table is reported where it is read
            unknown = [c for c in fields if c not in t.header] + [
                c for c in rfields if c not in out.tables[target].header
            ]
            if unknown:
                P.append(Problem("datapackage.json", None, where, f"unknown columns {unknown}"))
                continue
            have = {tuple(r.get(c) for c in rfields) for r in out.values[target]}
            shown = rfields[0] if len(rfields) == 1 else rfields
            for row in out.values[name]:
                v = tuple(row.get(c) for c in fields)
                if any(x is None for x in v) or v in have:
                    continue
                P.append(
                    Problem(
                        t.file,
                        row["__row__"],
                        ",".join(fields),
                        f"{v[0] if len(v) == 1 else v!r} is not a {shown} in {target}.csv",
                    )
                )
    # ;-list references
    for name, t in out.tables.items():
        for fdef in t.schema["fields"]:
            ref = fdef.get("gulfsec:list")
            if not ref:
                continue
            target = ref.split(".")[0]
            if target not in keys:
                continue
            for row in out.values[name]:
                v = row.get(fdef["name"])
                if not v:
                    continue
                for item in _split(v):
                    key: Any = int(item) if target == "passages" and item.isdigit() else item
                    if key not in keys[target]:
                        P.append(
                            Problem(
                                t.file,
                                row["__row__"],
                                fdef["name"],
                                f"{item!r} is not a {ref.split('.')[1]} in {target}.csv",
                            )
                        )
    _project_rules(out, root, article)
    out.problems = _bounded(out.problems)
    return out


def _bounded(problems: list[Problem]) -> list[Problem]:
    """``problems`` with at most :data:`MAX_PROBLEMS_PER_FILE` per file, then one that counts the
    rest (in the order found).

    Examples
    --------
    >>> ps = [Problem("a.csv", r, "x", "bad") for r in range(1, MAX_PROBLEMS_PER_FILE + 6)]
    >>> out = _bounded(ps)
    >>> len(out), out[-1].message.startswith("... and 5 more problem(s) in this file")
    (101, True)
    """
    count: dict[str, int] = {}
    for p in problems:
        count[p.file] = count.get(p.file, 0) + 1
    if all(n <= MAX_PROBLEMS_PER_FILE for n in count.values()):
        return problems
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for p in problems:
        k = seen[p.file] = seen.get(p.file, 0) + 1
        if k <= MAX_PROBLEMS_PER_FILE:
            out.append(p)
        elif k == MAX_PROBLEMS_PER_FILE + 1:
            out.append(
                Problem(
                    p.file,
                    None,
                    None,
                    f"... and {count[p.file] - MAX_PROBLEMS_PER_FILE:,} more problem(s) in this "
                    f"file, not listed (gulfsec.data.MAX_PROBLEMS_PER_FILE = "
                    f"{MAX_PROBLEMS_PER_FILE})",
                )
            )
    return out


def _project_rules(out: _Checked, root: Path, article: str | os.PathLike | None) -> None:
    P, V, T = out.problems, out.values, out.tables

    def rows(name: str) -> list[dict[str, Any]]:
        return V.get(name, [])

    # every table has rows: the notebooks read them all (a header-only file validated, then
    # notebook 00 failed with a KeyError)
    for t in T.values():
        if not t.rows:
            P.append(
                Problem(
                    t.file,
                    None,
                    None,
                    "no data rows (only a header): every table of the package needs at least one "
                    "row, because the analyses and notebooks read every table",
                )
            )

    # basis external names its source
    for name, t in T.items():
        if "basis" in t.header and "external_source" in t.header:
            for row in rows(name):
                if row.get("basis") == "external" and not row.get("external_source"):
                    P.append(
                        Problem(
                            t.file,
                            row["__row__"],
                            "external_source",
                            "basis is 'external' but no external source is named",
                        )
                    )
    from gulfsec.i18n import name_column

    # a text and its Arabic twin come together: an optional English column (date_note,
    # external_source) and its `_ar` column are both filled or both empty in every row (a
    # required one left empty is already reported as such)
    for name, t in T.items():
        required = {
            f["name"] for f in t.schema["fields"] if f.get("constraints", {}).get("required")
        }
        for ar in (c for c in t.header if c.endswith("_ar")):
            try:
                en = name_column(ar[:-3], "en", t.header)
            except KeyError:  # an Arabic column without an English one
                continue
            for row in rows(name):
                has_en, has_ar = bool(row.get(en)), bool(row.get(ar))
                given, empty = (en, ar) if has_en else (ar, en)
                if has_en != has_ar and empty not in required:
                    P.append(Problem(t.file, row["__row__"], empty, f"empty, but {given} is given"))
    # two sides differ
    for name in ("disputes", "ties"):
        for row in rows(name):
            if row.get("side_a") and row.get("side_a") == row.get("side_b"):
                P.append(Problem(f"{name}.csv", row["__row__"], "side_b", "side_b equals side_a"))
    # dates in order
    for row in rows("events"):
        s, e = row.get("start"), row.get("end")
        if s and e and _date_key(e) < _date_key(s):
            P.append(Problem("events.csv", row["__row__"], "end", f"end {e} is before start {s}"))
    # eras contiguous
    eras = [r for r in rows("balance_eras") if r.get("start_year") and r.get("end_year")]
    for row in eras:
        if row["end_year"] < row["start_year"]:
            P.append(
                Problem(
                    "balance_eras.csv",
                    row["__row__"],
                    "end_year",
                    f"end_year {row['end_year']} is before start_year {row['start_year']}",
                )
            )
    eras = sorted(eras, key=lambda r: r["start_year"])
    for a, b in zip(eras, eras[1:], strict=False):
        if b["start_year"] != a["end_year"] + 1:
            kind = "overlaps" if b["start_year"] <= a["end_year"] else "leaves a gap after"
            P.append(
                Problem(
                    "balance_eras.csv",
                    b["__row__"],
                    "start_year",
                    f"era {b['era_id']!r} ({b['start_year']}) {kind} era {a['era_id']!r} "
                    f"(ending {a['end_year']}); eras must be contiguous",
                )
            )
    # actors: subregion iff littoral; GCC members are littoral and west
    for row in rows("actors"):
        lit, sub = row.get("gulf_littoral"), row.get("gulf_subregion")
        if lit is True and not sub:
            P.append(
                Problem(
                    "actors.csv",
                    row["__row__"],
                    "gulf_subregion",
                    "a littoral state needs a subregion",
                )
            )
        if lit is False and sub:
            P.append(
                Problem(
                    "actors.csv",
                    row["__row__"],
                    "gulf_subregion",
                    "only littoral states have a subregion",
                )
            )
        if row.get("gcc_member") is True and (lit is not True or sub != "west"):
            P.append(
                Problem(
                    "actors.csv",
                    row["__row__"],
                    "gcc_member",
                    "GCC members are littoral states of the west (passage 10)",
                )
            )
    # passages: every content line, key phrase verbatim and short
    if "passages" in T:
        have = {r["passage_id"] for r in rows("passages") if r.get("passage_id") is not None}
        for n in CONTENT_LINES:
            if n not in have:
                P.append(
                    Problem("passages.csv", None, "passage_id", f"content line {n} has no row")
                )
        lines = article_lines(article)
        for row in rows("passages"):
            phrase, pid = row.get("key_phrase_ar"), row.get("passage_id")
            if not phrase or pid is None:
                continue
            if len(phrase.split()) > 12:
                P.append(
                    Problem(
                        "passages.csv",
                        row["__row__"],
                        "key_phrase_ar",
                        f"{len(phrase.split())} words; at most 12",
                    )
                )
            if lines is not None and pid <= len(lines) and phrase not in lines[pid - 1]:
                P.append(
                    Problem(
                        "passages.csv",
                        row["__row__"],
                        "key_phrase_ar",
                        f"does not occur verbatim in line {pid} of the article",
                    )
                )
    # threats: every threat scored on every criterion; main threats x littoral exposure
    if {"threats", "threat_criteria", "threat_scores"} <= T.keys():
        crit = [r["criterion_id"] for r in rows("threat_criteria") if r.get("criterion_id")]
        scored = {(r.get("threat_id"), r.get("criterion_id")) for r in rows("threat_scores")}
        for r in rows("threats"):
            for c in crit:
                if (r.get("threat_id"), c) not in scored:
                    P.append(
                        Problem(
                            "threat_scores.csv",
                            None,
                            "score",
                            f"threat {r.get('threat_id')!r} has no score on criterion {c!r}",
                        )
                    )
        if crit and not any((r.get("default_weight") or 0) > 0 for r in rows("threat_criteria")):
            P.append(
                Problem(
                    "threat_criteria.csv", None, "default_weight", "all default weights are zero"
                )
            )
    if {"threats", "actors", "threat_exposure"} <= T.keys():
        littoral = [r["actor_id"] for r in rows("actors") if r.get("gulf_littoral") is True]
        have = {(r.get("threat_id"), r.get("actor_id")) for r in rows("threat_exposure")}
        for r in rows("threats"):
            if r.get("parent_id"):
                continue
            for a in littoral:
                if (r.get("threat_id"), a) not in have:
                    P.append(
                        Problem(
                            "threat_exposure.csv",
                            None,
                            "exposure",
                            f"main threat {r.get('threat_id')!r} has no exposure for {a!r}",
                        )
                    )
    # the codebook's machine-checked rules (exposure, low confidence, quotations, outside
    # records, contested terms): gulfsec.codebook
    P.extend(codebook.check(V, {n: t.file for n, t in T.items()}, root, article_lines(article)))
    # coverage: every content line cited outside passages, or listed as not coded
    cited: set[int] = set()
    for name, t in T.items():
        if name == "passages" or "sources" not in t.header:
            continue
        for row in rows(name):
            for item in _split(row.get("sources") or ""):
                if item.isdigit():
                    cited.add(int(item))
    if cited:
        not_coded = _not_coded(root, P)
        for n in CONTENT_LINES:
            if n not in cited and n not in not_coded:
                P.append(
                    Problem(
                        "CODEBOOK.md",
                        None,
                        "not_coded",
                        f"content line {n} is cited by no table and not listed as deliberately "
                        "not coded",
                    )
                )


_NOT_CODED_RE = re.compile(r"^\s*[-*]\s*passage\s+(\d+)\s*:", re.IGNORECASE | re.MULTILINE)


def _not_coded(root: Path, problems: list[Problem] | None = None) -> set[int]:
    """Passage ids the codebook lists as deliberately not coded (``- passage N: reason``);
    a codebook that cannot be read is reported in ``problems``."""
    problems = [] if problems is None else problems
    cb = root / "CODEBOOK.md"
    if not cb.is_file() or _outside(root, "CODEBOOK.md") or _too_big(cb, cb.name, problems):
        return set()
    try:
        text = cb.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(cb.name, None, None, f"cannot be read as UTF-8 text: {exc}"))
        return set()
    start = text.find("<!-- SECTION:not_coded -->")
    if start < 0:
        return set()
    return {int(m) for m in _NOT_CODED_RE.findall(text[start:])}


def _date_key(value: str) -> tuple[int, int, int]:
    y, m, d = _DATE_RE.fullmatch(value).groups()
    return int(y), int(m or 1), int(d or 1)


def validate(
    path: str | os.PathLike | None = None,
    *,
    article: str | os.PathLike | None = None,
    frictionless: bool = False,
) -> list[Problem]:
    """Check a data folder and return every problem found (an empty list when valid).

    Parameters
    ----------
    path : path-like, optional
        Folder holding ``datapackage.json`` and the CSV tables. Default: the bundled data.
    article : path-like, optional
        The article file, for checking key phrases (default: found automatically; the check
        is skipped when the file is not at hand).
    frictionless : bool, default False
        Also run the Frictionless validator over the package (slower; ``gulfsec validate``
        turns it on).

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> validate()
    []
    """
    checked = _check(path, article)
    problems = list(checked.problems)
    if frictionless and checked.desc is not None and not problems:
        problems = _bounded(_frictionless_problems(Path(path) if path else default_data_path()))
    return problems


def _frictionless_problems(root: Path) -> list[Problem]:
    """Problems that the Frictionless validator finds (descriptor and tables)."""
    import frictionless

    try:
        report = frictionless.Package(str(root / "datapackage.json")).validate()
    except frictionless.FrictionlessException as exc:  # a descriptor it cannot even open
        return [Problem("datapackage.json", None, None, f"frictionless: {exc.error.message}")]
    out = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            fieldname = getattr(err, "field_name", None)
            file = Path(task.place).name if getattr(task, "place", None) else "datapackage.json"
            out.append(
                Problem(file, row - 1 if row else None, fieldname, f"frictionless: {err.message}")
            )
    for err in report.errors:
        out.append(Problem("datapackage.json", None, None, f"frictionless: {err.message}"))
    return out


# --------------------------------------------------------------------------- dataset


class Dataset:
    """The data package as typed pandas DataFrames, one attribute per table.

    Tables with a one-column primary key are indexed by it; the others keep a RangeIndex.
    Enumerations are ordered Categoricals, booleans ``bool``, integers ``Int64``;
    ``;``-list columns are tuples (``sources`` of ints). ``events`` gains ``start_year`` and
    ``end_year`` (ints; a point event ends in its start year).

    Attributes
    ----------
    path : pathlib.Path
        The data folder.
    tables : tuple of str
        Table names, in the order of ``datapackage.json``.
    descriptor : dict
        The parsed ``datapackage.json``.

    Examples
    --------
    >>> ds = load()
    >>> ds.passage(10)["section"]
    'littoral_states'
    """

    def __init__(self, path: Path, descriptor: dict[str, Any], frames: dict[str, pd.DataFrame]):
        self.path = path
        self.descriptor = descriptor
        self.tables = tuple(frames)
        self._frames = frames

    def __getattr__(self, name: str) -> pd.DataFrame:
        # one table store (``_frames``); attribute access reads from it
        frames = self.__dict__.get("_frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(f"Dataset has no table {name!r}; tables: {list(frames)}")

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._frames]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v)}" for k, v in self._frames.items())
        return f"<gulfsec.Dataset {self.path} ({sizes})>"

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._frames[name]

    def schema(self, table: str) -> dict[str, Any]:
        """Table Schema of ``table`` from ``datapackage.json``."""
        for res in self.descriptor["resources"]:
            if res["name"] == table:
                return res["schema"]
        raise KeyError(f"no table {table!r}; tables: {list(self.tables)}")

    def passage(self, passage_id: int) -> pd.Series:
        """The ``passages`` row of one passage id (the article's line number).

        Raises
        ------
        KeyError
            If there is no such passage.
        """
        try:
            return self._frames["passages"].loc[int(passage_id)]
        except KeyError:
            raise KeyError(
                f"passage {passage_id} does not exist; passages are lines "
                f"{CONTENT_LINES.start}-{CONTENT_LINES.stop - 1}"
            ) from None

    def cite(self, sources: Any, lang: str = "en") -> pd.DataFrame:
        """The passages behind a ``sources`` value (tuple of ids, int, or ``"12;14"``).

        Returns the passage ids with their section, summary in ``lang`` and key phrase, so
        that any number can be traced back to its paragraphs.

        Examples
        --------
        >>> ds = load()
        >>> list(ds.cite("14;26").index)
        [14, 26]
        """
        from gulfsec.i18n import check_lang

        check_lang(lang)
        if isinstance(sources, str):
            ids = [int(s) for s in _split(sources)]
        elif isinstance(sources, int):
            ids = [sources]
        else:
            ids = [int(s) for s in sources]
        p = self._frames["passages"]
        missing = [i for i in ids if i not in p.index]
        if missing:
            raise KeyError(f"passages {missing} do not exist")
        return p.loc[ids, ["section", f"summary_{lang}", "key_phrase_ar"]]

    def cited_by(self, passage_id: int) -> pd.DataFrame:
        """Every row of every table that cites ``passage_id`` (the reverse of :meth:`cite`).

        Returns a DataFrame with the table name and the row's key, so a reader can see what
        in the data rests on one paragraph.

        Examples
        --------
        >>> ds = load()
        >>> "ties" in set(ds.cited_by(44)["table"])
        True
        """
        import pandas as pd

        self.passage(passage_id)  # raises a clear KeyError for an unknown id
        out = []
        for name, df in self._citing_tables():
            hit = df[df["sources"].map(lambda s: int(passage_id) in s)]
            for key in hit.index:
                if not isinstance(df.index, pd.RangeIndex):
                    out.append((name, str(key)))
                else:
                    pk = self.schema(name)["primaryKey"]
                    out.append((name, "/".join(str(df.loc[key, c]) for c in pk)))
        return pd.DataFrame(out, columns=["table", "key"])

    def _citing_tables(self):
        """``(name, frame)`` of every table other than ``passages`` that cites passages."""
        for name in self.tables:
            df = self._frames[name]
            if name != "passages" and "sources" in df.columns:
                yield name, df

    def citation_counts(self) -> dict[int, int]:
        """Number of rows (of all tables but ``passages``) that cite each content paragraph.

        Examples
        --------
        >>> counts = load().citation_counts()
        >>> min(counts), max(counts)
        (7, 54)
        """
        counts = {int(p): 0 for p in self._frames["passages"].index}
        for _, df in self._citing_tables():
            for sources in df["sources"]:
                for i in sources:
                    counts[i] = counts.get(i, 0) + 1
        return counts

    def key_terms(self, terms: Sequence[str], lang: str = "en") -> pd.DataFrame:
        """Key terms from the glossary: the term in ``lang`` first, then in the other
        language, its definition in ``lang`` and the passages that use it.

        The one key-terms table every notebook shows, with localised headers.

        Parameters
        ----------
        terms : sequence of str
            Glossary ``term_id`` values, in display order.
        lang : {"en", "ar"}

        Raises
        ------
        ValueError
            Naming the unknown term ids and listing the known ones.

        Examples
        --------
        >>> ds = load()
        >>> ds.key_terms(["balance_of_power"], "ar").iloc[0, 0]
        'توازن القوى'
        >>> list(ds.key_terms(["balance_of_power"], "en").columns)
        ['English term', 'Arabic term', 'Definition', 'Passages']
        """
        import pandas as pd

        from gulfsec.i18n import check_lang, label

        check_lang(lang)
        g = self._frames["glossary"]
        missing = [t for t in terms if t not in g.index]
        if missing:
            raise ValueError(
                f"parameter 'terms': {missing} not in the glossary; known terms: {sorted(g.index)}"
            )
        g = g.loc[list(terms)]
        first, second = ("ar", "en") if lang == "ar" else ("en", "ar")
        return pd.DataFrame(
            {
                label(f"glossary.col.term_{first}", lang): g[f"term_{first}"].to_numpy(),
                label(f"glossary.col.term_{second}", lang): g[f"term_{second}"].to_numpy(),
                label("glossary.col.definition", lang): g[f"definition_{lang}"].to_numpy(),
                label("glossary.col.passages", lang): [
                    ", ".join(str(x) for x in s) for s in g["sources"]
                ],
            }
        )

    def overview(self, lang: str = "en") -> pd.DataFrame:
        """One row per table: its title, number of rows, and whether it holds codings.

        Examples
        --------
        >>> ds = load()
        >>> int(ds.overview().loc["actors", "rows"]) == len(ds.actors)
        True
        """
        import pandas as pd

        from gulfsec.i18n import label

        rows = []
        for res in self.descriptor["resources"]:
            rows.append(
                {
                    "table": res["name"],
                    "title": label(f"table.{res['name']}", lang),
                    "rows": len(self._frames[res["name"]]),
                    "coding": bool(res.get("gulfsec:coding", False)),
                }
            )
        return pd.DataFrame(rows).set_index("table")


def _frame(name: str, schema: dict[str, Any], rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    fields = schema["fields"]
    cols: dict[str, Any] = {}
    for f in fields:
        n, t = f["name"], f.get("type", "string")
        vals = [r[n] for r in rows]
        c = f.get("constraints", {})
        if f.get("gulfsec:list") or f.get("gulfsec:listEnum"):
            conv = int if (f.get("gulfsec:list") or "").startswith("passages.") else str
            cols[n] = pd.Series(
                [tuple(conv(x) for x in _split(v or "")) for v in vals], dtype=object
            )
        elif "enum" in c and t == "string":
            cols[n] = pd.Categorical(vals, categories=c["enum"], ordered=True)
        elif t == "integer":
            cols[n] = pd.array(vals, dtype="Int64")
        elif t == "number":
            cols[n] = pd.array([float("nan") if v is None else v for v in vals], dtype="float64")
        elif t == "boolean":
            cols[n] = pd.array(vals, dtype="bool")
        else:
            cols[n] = pd.array(["" if v is None else v for v in vals], dtype="str")
    df = pd.DataFrame(cols)
    if name == "events":
        df["start_year"] = pd.array([int(s[:4]) for s in df["start"]], dtype="Int64")
        df["end_year"] = pd.array(
            [int((e or s)[:4]) for s, e in zip(df["start"], df["end"], strict=True)], dtype="Int64"
        )
    pk = schema.get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else pk
    if len(pk) == 1:
        df = df.set_index(pk[0], drop=True)
        if df.index.dtype == "Int64":
            df.index = df.index.astype("int64")
    return df


def load(
    path: str | os.PathLike | None = None, *, article: str | os.PathLike | None = None
) -> Dataset:
    """Load and validate a data package.

    Parameters
    ----------
    path : path-like, optional
        Folder with ``datapackage.json`` (e.g. a student's edited copy of ``data/``).
        Default: the bundled data (:func:`default_data_path`).
    article : path-like, optional
        The article file for the key-phrase check (found automatically when omitted).

    Returns
    -------
    Dataset

    Raises
    ------
    DataError
        Listing every problem, each naming the file, the row and the field.

    Examples
    --------
    >>> ds = load()
    >>> ds.actors.loc["IRQ", "gulf_subregion"]
    'north'
    >>> int(ds.actors["gulf_littoral"].sum())
    8
    """
    root = Path(path) if path is not None else default_data_path()
    checked = _check(root, article)
    if checked.problems:
        raise DataError(checked.problems, root)
    assert checked.desc is not None
    frames = {
        res["name"]: _frame(res["name"], res["schema"], checked.values[res["name"]])
        for res in checked.desc["resources"]
    }
    return Dataset(
        root.resolve(), checked.desc, provenance.track_tables(root, checked.desc, frames)
    )
