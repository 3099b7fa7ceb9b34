"""Parameter checks shared by every module: one wording for every "bad parameter" error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def check_choice(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``; else raise a ValueError naming both.

    Parameters
    ----------
    name : str
        The parameter's name, as the user wrote it.
    value : object
        The value given.
    allowed : iterable
        The allowed values, in the order to list them.

    Raises
    ------
    ValueError
        ``parameter 'name' must be one of [...], got value``.

    Examples
    --------
    >>> check_choice("method", "geometric", ("arithmetic", "geometric"))
    'geometric'
    >>> check_choice("method", "median", ("arithmetic", "geometric"))
    Traceback (most recent call last):
    ...
    ValueError: parameter 'method' must be one of ['arithmetic', 'geometric'], got 'median'
    >>> import numpy as np
    >>> check_choice("method", np.array("geometric"), ("arithmetic", "geometric"))
    Traceback (most recent call last):
    ...
    ValueError: parameter 'method' must be one of ['arithmetic', 'geometric'], got array('geometric', dtype='<U9')
    """
    allowed = list(allowed)
    # Same type first, then equality: a numpy array or ``pandas.NA`` never matches a str
    # choice (``==`` on them answers elementwise, truthily or not at all).
    if not any(isinstance(value, type(a)) and value == a for a in allowed):
        raise ValueError(f"parameter {name!r} must be one of {allowed}, got {value!r}")
    return value
