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
import re
from collections.abc import Iterable
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
    cat = catalogue()
    try:
        text = cat[key][lang]
    except KeyError:
        raise KeyError(f"label {key!r} is not in the catalogue (gulfsec/labels/*.csv)") from None
    if not fmt:
        return text
    # a count whose noun agrees with it: the placeholder has plural rows `{key}.{name}.{form}`
    for name, value in fmt.items():
        if f"{key}.{name}.other" in cat and _is_count(value):
            fmt[name] = plural(f"{key}.{name}", value, lang)
    out = text.format(**fmt)
    return out.replace("%", ARABIC_PERCENT) if lang == "ar" else out


#: The percent sign of Arabic text (U+066A), written right after the number: «20٪».
ARABIC_PERCENT = "\u066a"
#: CLDR plural categories, in CLDR's order (Arabic uses all six, English "one" and "other").
PLURAL_FORMS: tuple[str, ...] = ("zero", "one", "two", "few", "many", "other")


def _is_count(value: object) -> bool:
    import numbers

    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def plural_form(n: int, lang: str) -> str:
    """CLDR plural category of the count ``n`` in ``lang`` (Babel's CLDR rules).

    Arabic has six: ``zero`` (0), ``one`` (1), ``two`` (2), ``few`` (3-10, 103-110, ...),
    ``many`` (11-99, 111-199, ...) and ``other`` (100-102, 200, ...); English ``one`` and
    ``other``.

    Examples
    --------
    >>> [plural_form(n, "ar") for n in (0, 1, 2, 3, 10, 11, 99, 100, 103)]
    ['zero', 'one', 'two', 'few', 'few', 'many', 'many', 'other', 'few']
    >>> plural_form(2, "en")
    'other'
    """
    return _locale(check_lang(lang)).plural_form(n)


@cache
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(lang)


def plural(key: str, n: int, lang: str = "en") -> str:
    """A count with its noun in agreement: the catalogue row ``{key}.{form}`` for ``n``.

    The plural rows hold the whole phrase, written for where it stands (case, gender):
    «فاعل واحد», «فاعلان», «3 فاعلين», «11 فاعلًا», «100 فاعل». :func:`label` calls this
    for every placeholder that has plural rows, so a template names the count once:
    ``label("networks.camp.label", "ar", n=1, k=3)`` gives «المعسكر 1 (3 فاعلين)».

    Parameters
    ----------
    key : str
        Prefix of the plural rows, ``<label key>.<placeholder>``.
    n : int
        The count (``{n}`` in the rows).
    lang : {"en", "ar"}

    Returns
    -------
    str

    Raises
    ------
    KeyError
        If the rows for ``key`` are missing.

    Examples
    --------
    >>> [plural("networks.camp.label.k", n, "ar") for n in (1, 2, 3, 11)] == [
    ...     "فاعل واحد", "فاعلان", "3 فاعلين", "11 فاعلًا"]
    True
    >>> plural("networks.camp.label.k", 1, "en"), plural("networks.camp.label.k", 2, "en")
    ('1 actor', '2 actors')
    """
    cat = catalogue()
    form = plural_form(n, lang)
    row = f"{key}.{form}"
    if row not in cat:
        raise KeyError(f"plural rows {key}.{{{','.join(PLURAL_FORMS)}}} are not in the catalogue")
    return cat[row][lang].format(n=n)


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


def year_range(start: object, end: object) -> str:
    """``"1971–1979"`` (an en dash), or ``"2010"`` when ``start`` and ``end`` are one year.

    The one spelling of a span of years in the package's tables and findings, in both
    languages (in Arabic text the span is isolated left to right where it is shown:
    :func:`isolate_ltr`).

    Examples
    --------
    >>> year_range(1971, 1979), year_range(2010.0, 2010)
    ('1971–1979', '2010')
    """
    a, b = int(start), int(end)  # type: ignore[call-overload]
    return str(a) if a == b else f"{a}–{b}"


def name_column(base: str, lang: str, columns: Iterable[str] | None = None) -> str:
    """Column of a data table that holds ``base`` in ``lang``.

    The data name a text's two languages in one of two ways: a suffixed pair (``title_en`` /
    ``title_ar``), or an English column without a suffix and its Arabic twin (``rationale`` /
    ``rationale_ar``, ``date_note`` / ``date_note_ar``). Without ``columns`` the suffixed name
    is returned; given a table's ``columns``, the one of ``{base}_{lang}`` and (in English)
    ``{base}`` that the table has.

    Parameters
    ----------
    base : str
        The column's name without a language suffix (``"title"``, ``"date_note"``).
    lang : {"en", "ar"}
    columns : iterable of str, optional
        The table's column names (``ds.events.columns``).

    Returns
    -------
    str

    Raises
    ------
    KeyError
        If ``columns`` is given and holds no column for ``base`` in ``lang``.

    Examples
    --------
    >>> name_column("title", "ar")
    'title_ar'
    >>> name_column("date_note", "en", ["date_note", "date_note_ar"])
    'date_note'
    >>> name_column("date_note", "ar", ["date_note", "date_note_ar"])
    'date_note_ar'
    >>> name_column("title", "en", ["title_en", "title_ar"])
    'title_en'
    """
    suffixed = f"{base}_{check_lang(lang)}"
    if columns is None:
        return suffixed
    have = set(columns)
    candidates = [suffixed] + ([base] if lang == "en" else [])
    for name in candidates:
        if name in have:
            return name
    raise KeyError(f"no column for {base!r} in {lang!r}: expected one of {candidates}")


# --- Bidirectional text: left-to-right islands in Arabic ------------------------------------
#
# Written by hand: the Unicode Bidirectional Algorithm itself is the browser's (and
# matplotlib's) job; what no library does is decide which runs of an Arabic sentence are
# formulas, signed numbers or ranges that must read left to right as a unit. Python's
# ``unicodedata`` gives the classes; the rule below is the project's.

#: First Strong Isolate's left-to-right twin: LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE.
LRI, PDI = "\u2066", "\u2069"

# A candidate run: Latin letters, digits and the characters of formulas, numbers and ranges
# (no `*`, `|`, `<`, `>`, `,`, `;`, `:`: markdown emphasis, tables and HTML, lists).
# A formula may go on over a line break of the source (a soft break in markdown) when the
# next line starts with an operator ("/ 6" then "= 0.625"); never before a list item or heading.
_LTR_RUN = re.compile(
    r"[A-Za-z0-9_(\[{+\-\u2212\u00b1.](?:[A-Za-z0-9_ .+\-\u2212\u2013\u00b1\u00d7\u00f7=\u2248\u2260\u2264\u2265/^()\[\]{}%\u066a\u221a\u2211\u0394'\u00b7]"
    r"|\n(?=[ \t]*[=\u2248\u00d7/]))*"
)
_OPERATOR = re.compile(
    r"[=\u2248\u2260\u2264\u2265/\u00d7\u00f7^+\u00b1]"  # = ≈ ≠ ≤ ≥ / × ÷ ^ + ±
    r"|(?<![A-Za-z0-9])[-\u2212]\d"  # a signed number: -9, −2
    r"|\d\s?[-\u2212\u2013]\s?\d"  # a range or difference: 1971–2024, 3 - 1
    r"|(?<![A-Za-z0-9_])\.[A-Za-z_]"  # an attribute: .loc
)
_ENDS = "A-Za-z0-9_)\\]}%\u066a'"
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_BETWEEN_OPERANDS = re.compile(r"(?<=[A-Za-z0-9_)\]}%\u066a]) (?=[A-Za-z0-9_(\[{])")


def _balanced(run: str) -> str:
    """Trim unmatched brackets and edge characters a run cannot start or end with."""
    while run:
        start, end = run[0], run[-1]
        if end == " " or not re.match(f"[{_ENDS}]", end):
            run = run[:-1]
        elif start in "+-\u2212\u00b1" and not (len(run) > 1 and run[1].isdigit()):
            run = run[1:]
        elif start == "." and not (len(run) > 1 and (run[1].isalpha() or run[1] == "_")):
            run = run[1:]
        elif start in _PAIRS and run.count(start) > run.count(_PAIRS[start]):
            run = run[1:]
        elif end in _PAIRS.values() and run.count(end) > run.count(
            {v: k for k, v in _PAIRS.items()}[end]
        ):
            run = run[:-1]
        elif start == " ":
            run = run[1:]
        else:
            return run
    return run


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the formulas, signed numbers and ranges in ``text``.

    A run is a stretch of Latin letters, digits and formula characters (``= / × + − ± ^``,
    brackets, ``%``) that contains an operator, a sign before a digit, a range between digits
    or an attribute dot (``.loc``). Plain numbers and plain Latin words are not runs: the
    bidirectional algorithm already shows them left to right.

    Examples
    --------
    >>> t = "مقلوب المؤشر (1/HHI) في 1971–2024 و−2 و.loc"
    >>> [t[a:b] for a, b in ltr_runs(t)]
    ['(1/HHI)', '1971–2024', '−2', '.loc']
    >>> ltr_runs("عام 2003 ومؤشر CINC")
    []
    >>> t = "فحصة A = 0.75 / 1.2\\n= 0.625؛"
    >>> [t[a:b] for a, b in ltr_runs(t)]
    ['A = 0.75 / 1.2\\n= 0.625']
    """
    spans = []
    for m in _LTR_RUN.finditer(text):
        # two operands side by side ("2003 (25–27)") are two runs, not one formula
        pos = m.start()
        for piece in _BETWEEN_OPERANDS.split(m.group()):
            run = _balanced(piece)
            if run and _OPERATOR.search(run):
                start = pos + piece.index(run)
                spans.append((start, start + len(run)))
            pos += len(piece) + 1
    return spans


def isolate_ltr(text: str) -> str:
    """Wrap each formula, signed number and range of ``text`` in LRI ... PDI (U+2066/U+2069).

    Inside right-to-left text the bidirectional algorithm reorders the pieces of a formula:
    ``(1/HHI)`` shows as ``(HHI/1)``, ``-9`` as ``9-``. An isolate makes each run one
    left-to-right unit that reads as it is written. Text already isolated is left alone, so
    the function is idempotent.

    Parameters
    ----------
    text : str
        Arabic (or mixed) text.

    Returns
    -------
    str

    Examples
    --------
    >>> isolate_ltr("مقلوب المؤشر (1/HHI)") == "مقلوب المؤشر \u2066(1/HHI)\u2069"
    True
    >>> isolate_ltr(isolate_ltr("x = 1")) == isolate_ltr("x = 1")
    True
    """
    if LRI in text or not text:
        return text
    out, last = [], 0
    for a, b in ltr_runs(text):
        out.append(text[last:a])
        out.append(f"{LRI}{text[a:b]}{PDI}")
        last = b
    out.append(text[last:])
    return "".join(out)


# --- Messages for readers: errors shown in a report, in the report's language --------------
#
# Exceptions keep one English message (the CLI, logs and tracebacks use it). A notebook that
# shows an error to its reader prints ``explain(err, lang)``: the same facts, in ``lang``.
# The package's messages come from a few templates (gulfsec.data validators,
# gulfsec._validate, the parameter checks); each English template below is matched and
# re-written from the label catalogue (gulfsec/labels/messages.csv). Values (codes, numbers,
# lists) are kept as they are, isolated left to right in Arabic. A message no template matches
# is returned in English, so nothing is lost.

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), key)
    for pattern, key in (
        (r"(?P<value>.+) is above the maximum (?P<limit>\S+)", "msg.data.above_max"),
        (r"(?P<value>.+) is below the minimum (?P<limit>\S+)", "msg.data.below_min"),
        (r"expected one of (?P<allowed>\[.*\]), got (?P<value>.+)", "msg.data.enum"),
        (r"(?P<value>.+) is not one of (?P<allowed>\[.*\])", "msg.data.not_one_of"),
        (r"(?P<value>.+) does not match the pattern (?P<pattern>\S+)", "msg.data.pattern"),
        (r"(?P<value>.+) is not a real calendar date", "msg.data.date"),
        (r"required but empty", "msg.data.required"),
        (r"expected an integer, got (?P<value>.+)", "msg.data.integer"),
        (r"expected a (?:finite )?number, got (?P<value>.+)", "msg.data.number"),
        (r"(?P<value>.+) is not a (?P<what>\S+) in (?P<file>\S+\.csv)", "msg.data.not_in"),
        (
            r"duplicate primary key (?P<value>.+) \(first in row (?P<row>\d+)\)",
            "msg.data.duplicate_key",
        ),
        (r"basis is 'external' but no external source is named", "msg.data.external_source"),
        (r"side_b equals side_a", "msg.data.same_sides"),
        (r"empty, but (?P<given>\w+) is given", "msg.data.twin_missing"),
        (r"end (?P<end>\S+) is before start (?P<start>\S+)", "msg.data.end_before_start"),
        (r"column missing from the header", "msg.data.column_missing"),
        (r"file not found", "msg.data.file_not_found"),
        (
            r"parameter (?P<name>'\w+') must be one of (?P<allowed>\[.*\]), got (?P<value>.+)",
            "msg.param.choice",
        ),
        (
            r"parameter (?P<name>'\w+') must be an integer from (?P<low>\S+) to (?P<high>\S+), "
            r"got (?P<value>.+)",
            "msg.param.range",
        ),
        (
            r"parameter 'actor': the data code no partner ties of kinds (?P<kinds>\[.*?\]) for "
            r"(?P<actor>'[^']*') \((?P<name>[^)]*)\); portfolios are coded only for "
            r"(?P<coded>\[.*?\])\.(?P<member> The article codes.*)?",
            "msg.param.no_portfolio",
        ),
    )
)


def _message(text: str, lang: str, names: dict[str, str] | None = None) -> str:
    for pattern, key in _MESSAGES:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        values = {k: v for k, v in m.groupdict().items() if k != "member"}
        if names and values.get("name") in names:
            values["name"] = names[values["name"]]
        if lang == "ar":  # codes, numbers and lists read left to right
            values = {k: f"{LRI}{v}{PDI}" if k != "name" else v for k, v in values.items()}
        out = label(key, lang, **values)
        if m.groupdict().get("member"):
            out += " " + label("msg.param.no_portfolio_member", lang)
        return out
    return text


def explain(error: object, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """What an error says, for a reader, in ``lang``: a data problem or a parameter error.

    Parameters
    ----------
    error : gulfsec.DataError, gulfsec.data.Problem, ValueError or str
        A :class:`~gulfsec.DataError` gives one line per problem under a heading; a
        ``Problem`` gives its place (file, row, line, field) and what is wrong; any other
        error its message.
    lang : {"en", "ar"}
    names : dict, optional
        English names to show in ``lang`` (e.g. ``dict(zip(ds.actors.name_en,
        ds.actors.name_ar))``).

    Returns
    -------
    str
        In English the text equals the error's own message (``str(problem)``).

    Examples
    --------
    >>> from gulfsec.data import Problem
    >>> p = Problem("ties.csv", 5, "strength", "5 is above the maximum 3")
    >>> explain(p, "en")
    "ties.csv: row 5 (line 6), field 'strength': 5 is above the maximum 3"
    >>> explain(p, "ar") == ("ties.csv: الصف 5 (السطر 6)، الحقل \u2066strength\u2069: "
    ...                      "القيمة \u20665\u2069 أكبر من الحد الأعلى \u20663\u2069")
    True
    """
    check_lang(lang)
    problems = getattr(error, "problems", None)
    if problems is not None:
        lines = [explain(p, lang, names) for p in problems]
        head = label("msg.problems", lang, n=len(lines))
        return "\n".join([head, *(f"  {line}" for line in lines)])
    if all(hasattr(error, a) for a in ("file", "row", "field", "message")):
        if lang == "en":
            return str(error)
        where = str(error.file)
        if error.row is not None:
            where = label("msg.where.row", lang, file=where, row=error.row, line=error.row + 1)
        if error.field is not None:
            where = label("msg.where.field", lang, where=where, field=f"{LRI}{error.field}{PDI}")
        return f"{where}: {_message(error.message, lang, names)}"
    text = error.args[0] if isinstance(error, Exception) and error.args else str(error)
    return str(text) if lang == "en" else _message(str(text), lang, names)
