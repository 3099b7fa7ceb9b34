"""Problems in a data folder: each names its file, row and field (`Problem`, `DataError`).

The vocabulary every check of the data package reports in (:mod:`gulfsec.data`'s schema checks
and :mod:`gulfsec.codebook`'s rules alike), kept apart so that both import it from below.
:mod:`gulfsec.data` re-exports both names.

Examples
--------
>>> from gulfsec.problems import Problem
>>> str(Problem("ties.csv", 3, "sign", "expected one of [-1, 1], got '2'"))
"ties.csv: row 3 (line 4), field 'sign': expected one of [-1, 1], got '2'"
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One problem found in a data folder.

    Attributes
    ----------
    file : str
        File name relative to the data folder (``ties.csv``, ``datapackage.json``).
    row : int or None
        1-based data row (the header is not counted); None for file-level problems.
    field : str or None
        Column name, or None.
    message : str
        What was expected and what was found.

    Examples
    --------
    >>> str(Problem("ties.csv", 3, "sign", "expected one of [-1, 1], got '2'"))
    "ties.csv: row 3 (line 4), field 'sign': expected one of [-1, 1], got '2'"
    """

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row} (line {self.row + 1})"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised by :func:`load` when the data do not validate; carries every problem.

    Examples
    --------
    >>> err = DataError([Problem("a.csv", 1, "x", "bad")])
    >>> "a.csv: row 1 (line 2), field 'x': bad" in str(err)
    True
    """

    def __init__(self, problems: list[Problem], path: str | os.PathLike | None = None):
        self.problems = list(problems)
        self.path = path
        head = f"{len(self.problems)} problem(s) in the data package"
        if path is not None:
            head += f" at {path}"
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{head}:\n{shown}{more}")
