"""A notebook's papermill parameters: read as ``papermill --help-notebook`` reads them, and checked.

:func:`inspect_parameters` reads a notebook's ``parameters`` cell with
:func:`papermill.inspect_notebook` (name, annotated type, default, help comment) and infers the
type of a parameter without annotation from its literal default; :meth:`Parameter.accepts` says
whether a plan's value has that type. Inspection imports papermill (seconds), so
:func:`cached_parameters` keeps the result keyed on the cell's source and papermill's version.
A parameter whose name ends in ``_csv`` or ``_path`` names a file or folder
(:func:`is_file_parameter`); every value is one papermill and the manifest can take, a JSON
value (:func:`json_value_problem`).
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gulfsec.render.planfile import shown

#: Parameters that name a file (``*_csv``) or a file or folder (``*_path``), contract C2.
FILE_PARAMETER_SUFFIXES = ("_csv", "_path")


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


def is_file_parameter(name: str) -> bool:
    """Whether a parameter names a file or folder (``*_csv``, ``*_path``; contract C2).

    Examples
    --------
    >>> is_file_parameter("caps_csv"), is_file_parameter("data_path"), is_file_parameter("n")
    (True, True, False)
    """
    return name.endswith(FILE_PARAMETER_SUFFIXES)


def json_value_problem(value: Any) -> str | None:
    """Why ``value`` is not a JSON value (what papermill and the manifest take), or None.

    YAML's safe tags also give dates, sets and bytes (``!!set``, ``!!binary``, a bare date).

    Examples
    --------
    >>> import datetime
    >>> json_value_problem({"lang": "ar", "years": [1971, 2024]}) is None
    True
    >>> json_value_problem({"since": datetime.date(1971, 1, 1)})  # doctest: +ELLIPSIS
    'holds a date (datetime.date(1971, 1, 1)); a value is a string, a number, true/false, ...'
    """
    if value is None or isinstance(value, str | bool | int | float):
        return None
    if isinstance(value, list):
        return next((p for v in value if (p := json_value_problem(v))), None)
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                return f"has a key that is not a string: {shown(k)}"
            if p := json_value_problem(v):
                return p
        return None
    return (
        f"holds a {type(value).__name__} ({shown(value, 60)}); a value is a string, a number, "
        "true/false, null, or a list or mapping of them"
    )


def read_notebook_json(path: Path) -> dict[str, Any]:
    """Read a notebook as plain JSON (fast: no nbformat, no schema validation).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "n.ipynb"
    >>> _ = path.write_text('{"cells": [], "nbformat": 4}', encoding="utf-8")
    >>> read_notebook_json(path)
    {'cells': [], 'nbformat': 4}
    """
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines).

    Examples
    --------
    >>> cell_source({"source": ["n = 4\\n", "lang = 'en'"]}), cell_source({"source": "x"})
    ("n = 4\\nlang = 'en'", 'x')
    """
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def parameters_cell_source(nb: dict[str, Any]) -> str | None:
    """Source of the first cell tagged ``parameters`` (None if there is none).

    Examples
    --------
    >>> cells = [{"source": "x = 1"}, {"metadata": {"tags": ["parameters"]}, "source": ["n = 4"]}]
    >>> parameters_cell_source({"cells": cells}), parameters_cell_source({"cells": []})
    ('n = 4', None)
    """
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell_source(cell)
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


def allowed_text(params: list[Parameter]) -> str:
    """The parameters a notebook takes, as an error message lists them.

    Examples
    --------
    >>> print(allowed_text([Parameter("n", "int", "4", "draws")]))
    allowed parameters:
          n: int = 4  # draws
    >>> allowed_text([])
    'it has no parameters cell, so it takes no parameters'
    """
    if not params:
        return "it has no parameters cell, so it takes no parameters"
    return "allowed parameters:\n" + "\n".join(f"      {p.describe()}" for p in params)


def _param_cache_key(source: str) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(source.encode("utf-8"))
    h.update(version("papermill").encode())
    h.update(b"gulfsec-parameters-v2")  # bump when Parameter changes
    return h.hexdigest()


def cached_parameters(nb_path: Path, cache: dict[str, Any]) -> list[Parameter] | None:
    """The parameters of ``nb_path``, inspected only when its parameters cell changed.

    Parameters
    ----------
    nb_path : Path
        The notebook.
    cache : dict
        ``{notebook path: {"key": ..., "parameters": [...]}}`` from an earlier run (the
        manifest keeps it); updated in place.

    Returns
    -------
    list of Parameter, or None
        None when the notebook does not exist or is not readable JSON; ``[]`` when it has no
        parameters cell.

    Examples
    --------
    >>> import json, tempfile
    >>> nb = Path(tempfile.mkdtemp()) / "plain.ipynb"
    >>> _ = nb.write_text(json.dumps({"cells": [{"source": "1 + 1"}]}), encoding="utf-8")
    >>> cached_parameters(nb, {}), cached_parameters(nb.with_name("none.ipynb"), {})
    ([], None)
    """
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
