"""Read a plan file, bounded: its size, its UTF-8 and its YAML as if its aliases were expanded.

A plan file (at most :data:`MAX_PLAN_BYTES`) is read with :class:`yaml.SafeLoader` subclassed
at its public ``compose_node`` step, nothing patched, which bounds the plan as if its aliases
(``*name``) were expanded: at most :data:`MAX_YAML_NODES` values (a 500-byte "billion laughs"
plan would otherwise become gigabytes in the first ``repr``) and :data:`MAX_YAML_DEPTH` levels
(deeper input overflowed the composer's recursion). PyYAML has no such bound of its own, so
this one is written here, at the step PyYAML offers for it.

A problem with the file is a :class:`PlanError`, the error of every invalid plan (the checks of
the plan's content are in :mod:`gulfsec.render.plan`); :func:`shown` cuts a value for its
messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: Ceiling on the plan file's size in bytes (the default plan has 16 kB).
MAX_PLAN_BYTES = 1_000_000
#: Ceiling on the nesting of the plan's YAML, aliases expanded (plan, reports, report,
#: parameters: 4 levels; the rest is for parameter values).
MAX_YAML_DEPTH = 20
#: Ceiling on the values (scalars, lists, mappings) of the plan's YAML, aliases expanded
#: (the default plan has about 600; MAX_REPORTS reports of 20 values are 40,000).
MAX_YAML_NODES = 200_000
#: How much of a value an error message shows.
_SHOWN = 200


class PlanError(ValueError):
    """An invalid render plan; ``problems`` lists every problem found."""

    def __init__(self, plan: Path | str, problems: list[str]):
        self.plan = str(plan)
        self.problems = list(problems)
        text = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"invalid render plan {self.plan}: {len(self.problems)} problem(s)\n{text}"
        )


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


def read_plan_file(path: Path) -> Any:
    """The plan file's YAML document: at most :data:`MAX_PLAN_BYTES`, UTF-8, bounded YAML.

    Parameters
    ----------
    path : Path
        The plan file.

    Returns
    -------
    object
        The document as :func:`read_plan_yaml` gives it (not yet checked as a plan).

    Raises
    ------
    PlanError
        The file is missing or unreadable, too large, not UTF-8 or not valid YAML.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "plan.yml").write_text("reports: [&r {id: a}, *r]\\n", encoding="utf-8")
    26
    >>> read_plan_file(folder / "plan.yml")
    {'reports': [{'id': 'a'}, {'id': 'a'}]}
    >>> read_plan_file(folder / "missing.yml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gulfsec.render.planfile.PlanError: invalid render plan .../missing.yml: 1 problem(s)
      - plan file .../missing.yml does not exist
    """
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
        return read_plan_yaml(data_bytes.decode("utf-8"), str(path))
    except UnicodeDecodeError as exc:
        raise PlanError(path, [f"not valid UTF-8 at byte {exc.start}"]) from None
    except yaml.YAMLError as exc:
        raise PlanError(path, [f"not valid YAML: {exc}"]) from None
