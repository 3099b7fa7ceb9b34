"""One label catalogue for every figure, table and notebook, in English and Arabic.

The catalogue is the union of the CSV files in ``gulfsec/labels/`` (columns ``key,en,ar``;
one file per topic so that topics can grow independently). A key appears once across all
files; every key has both languages (``tests/test_i18n.py`` checks both).

Examples
--------
>>> from gulfsec.i18n import label
>>> label("lang.name", "en")
'English'
>>> label("lang.name", "ar")
'العربية'
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from gulfsec._validate import check_choice

LANGS: tuple[str, ...] = ("en", "ar")
_DIR = Path(__file__).with_name("labels")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise a clear error.

    Parameters
    ----------
    lang : str
        A language code.

    Returns
    -------
    str
        The same code.

    Raises
    ------
    ValueError
        Naming the parameter and its allowed values.

    Examples
    --------
    >>> check_lang("ar")
    'ar'
    """
    return check_choice("lang", lang, LANGS)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Load the whole catalogue: ``{key: {"en": ..., "ar": ...}}``.

    Raises
    ------
    ValueError
        If a key is defined twice or a row is malformed (file and line named).

    Examples
    --------
    >>> "lang.name" in catalogue()
    True
    """
    out: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in sorted(_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != ["key", "en", "ar"]:
                raise ValueError(f"{path.name}: header must be key,en,ar, got {reader.fieldnames}")
            for lineno, row in enumerate(reader, start=2):
                key = row["key"]
                if key in out:
                    raise ValueError(
                        f"{path.name} line {lineno}: label key {key!r} already defined in {where[key]}"
                    )
                out[key] = {"en": row["en"], "ar": row["ar"]}
                where[key] = f"{path.name}"
    return out


def label(key: str, lang: str = "en", **fmt: object) -> str:
    """Return the label ``key`` in ``lang``, formatted with ``fmt`` if given.

    Parameters
    ----------
    key : str
        Catalogue key, e.g. ``"power.axis.year"``.
    lang : {"en", "ar"}
        Language.
    **fmt
        Values for ``str.format`` placeholders in the label.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        If the key is not in the catalogue.

    Examples
    --------
    >>> label("lang.name", "en")
    'English'
    """
    check_lang(lang)
    try:
        text = catalogue()[key][lang]
    except KeyError:
        raise KeyError(f"label {key!r} is not in the catalogue (gulfsec/labels/*.csv)") from None
    return text.format(**fmt) if fmt else text


def join_list(items, lang: str = "en") -> str:
    """Join a list for display: ``", "`` in English, the Arabic comma ``"، "`` in Arabic.

    Tuples such as a ``sources`` cell print as ``(13, 14)`` otherwise, whose parentheses the
    bidirectional algorithm scrambles in right-to-left text.

    Examples
    --------
    >>> join_list((13, 14), "en")
    '13, 14'
    >>> join_list((13, 14), "ar") == "13\u060c 14"
    True
    """
    sep = "\u060c " if check_lang(lang) == "ar" else ", "
    return sep.join(str(x) for x in items)


def name_column(base: str, lang: str) -> str:
    """Column of a data table that holds ``base`` in ``lang`` (``name`` -> ``name_ar``).

    Examples
    --------
    >>> name_column("title", "ar")
    'title_ar'
    """
    return f"{base}_{check_lang(lang)}"
