"""Expand a plan's grid entries: one report entry per combination of parameter values, bounded.

A report entry with a ``grid`` (parameter name -> list of values) stands for one report per
combination; :func:`expand_grids` writes them out as ordinary entries, which the plan then
validates like any other (:mod:`gulfsec.render.plan`). The expansion is bounded before anything
is built: at most :data:`MAX_GRID` reports per entry, :data:`MAX_REPORTS` in the whole plan,
and :data:`MAX_GRID_VALUE_NODES` values inside one grid value (each is copied into every
combination).
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from gulfsec.render.names import report_label
from gulfsec.render.planfile import shown

#: Ceiling on the reports one ``grid`` entry expands into.
MAX_GRID = 1000
#: Ceiling on the reports of a whole plan, grids expanded (the default plan has 52).
MAX_REPORTS = 2000
#: Ceiling on the values inside one grid value (a list of countries is a few).
MAX_GRID_VALUE_NODES = 1000


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
    problems: list[str] = []
    sizes: list[int | None] = []  # reports per entry; None: a grid with a problem
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "grid" not in entry:
            sizes.append(1)
            continue
        sizes.append(None)
        rid = entry.get("id")
        where = report_label(i, rid)
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
