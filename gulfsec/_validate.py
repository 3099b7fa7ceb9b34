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


#: Ceilings of every size parameter of the analyses and notebooks: ``name -> (low, high)``,
#: inclusive. The analysis functions check their parameters with :func:`check_size`, and
#: ``gulfsec render`` checks every plan parameter of these names with the same function before
#: any kernel starts (so a typo of three zeros cannot grow a kernel to the machine's memory).
#: A notebook's parameters cell states the same range in the parameter's help comment.
SIZE_LIMITS: dict[str, tuple[int, int]] = {
    "n_draws": (1, 100_000),  # Monte-Carlo draws (threats.rank_uncertainty and 03)
    "min_persistence": (1, 20),  # years a new leader must hold (power.MAX_PERSISTENCE, 01/05)
    "mid_min_disputes": (1, 50),  # disputes for a dyad to count (networks.MAX_MID_DISPUTES, 02)
    "layout_seed": (0, 2**32 - 1),  # network layout seed (networks.MAX_SEED, 02)
    "workers": (1, 64),  # gulfsec render --workers: kernels at a time (each holds ~300 MB)
    "jobs": (1, 8),  # gulfsec site --jobs: books and PDFs built at a time
}


def check_size(name: str, value: Any) -> int:
    """Return ``value`` if it is an integer within ``SIZE_LIMITS[name]``; else raise.

    Parameters
    ----------
    name : str
        A key of :data:`SIZE_LIMITS` (the parameter's name, as the user wrote it).
    value : object
        The value given.

    Raises
    ------
    ValueError
        ``parameter 'name' must be an integer from low to high, got value``.

    Examples
    --------
    >>> check_size("n_draws", 2000)
    2000
    >>> check_size("n_draws", 100_000_000)
    Traceback (most recent call last):
    ...
    ValueError: parameter 'n_draws' must be an integer from 1 to 100000, got 100000000
    """
    import numbers

    low, high = SIZE_LIMITS[name]
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or not low <= value <= high:
        raise ValueError(
            f"parameter {name!r} must be an integer from {low} to {high}, got {value!r}"
        )
    return int(value)


def size_argument(name: str):
    """An argparse ``type`` for the command-line option ``--name``, checked by :func:`check_size`.

    One parser and one wording for every count a command takes, with its ceiling from
    :data:`SIZE_LIMITS`.

    Parameters
    ----------
    name : str
        A key of :data:`SIZE_LIMITS` (the option's name without ``--``).

    Examples
    --------
    >>> import argparse
    >>> workers = size_argument("workers")
    >>> workers("4")
    4
    >>> workers("lots")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: parameter 'workers' must be an integer from 1 to 64, got 'lots'
    """
    import argparse

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        try:
            return check_size(name, value)
        except ValueError:
            low, high = SIZE_LIMITS[name]
            raise argparse.ArgumentTypeError(
                f"parameter {name!r} must be an integer from {low} to {high}, got {text!r}"
            ) from None

    parse.__name__ = name  # argparse names the type in its own messages
    return parse
