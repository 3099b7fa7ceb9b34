"""The codebook's rules that a machine can check, run by ``gulfsec validate`` and :func:`load`.

``data/CODEBOOK.md`` states rules for the coding; those a program can test are here, so that a
breach is reported like any other problem, naming the file, the row and the field
(:class:`gulfsec.problems.Problem`), and does not wait for a human reader:

1. **Exposure 4 or 5 names the state** (``threat_exposure``): "specifically affected" (4) or
   "directly targeted" (5) needs a cited line that names the state. A line names a state when
   it contains the state's Arabic name or short name from ``actors`` (``name_ar``,
   ``short_ar``) as a whole word, with any proclitics Arabic puts before it (``والإمارات``,
   ``للسعودية``; :func:`gulfsec.contested.compile_pattern`); an adjective such as «العراقية»
   does not count. A state the article speaks of only as one of "the GCC states" is a 3.
2. **"The article says little" is the scale's midpoint**: a ``threat_scores`` row with
   ``low`` confidence is coded 3, the codebook's level for that case; a ``threat_exposure``
   row with ``low`` confidence is coded at most 3 (the level of a state concerned without
   specific mention; lower where the article shows the state as a party, not a target).
3. **Quotations are verbatim**: every «…» in every text column of every table, English and
   Arabic, occurs byte for byte in one of the lines the row cites (``sources``; for
   ``passages``, its own line); an ellipsis (``…``, ``...``) may join fragments, each of which
   must occur. Checked when the article file is at hand.
4. **An outside record that differs carries the note**: an ``events`` row whose
   ``outside_record`` says that outside records give another date or venue has ``date_note``
   and ``date_note_ar`` (what the article says, what the records say) and names the records in
   ``external_source`` and ``external_source_ar``.
5. **No contested term in the project's voice** (rule 1 of "Neutrality and provenance"): in
   the own-voice columns (:data:`OWN_VOICE`), a term of ``contested_terms.csv`` stands only in
   the article's words, quoted from a cited line that uses it, or beside the other party's term
   (:func:`gulfsec.contested.contested_hits`). Checked when the terms list and the article
   are at hand.
6. **The glossary is plain text**: the terms and definitions of ``glossary`` (``term_en``,
   ``term_ar``, ``definition_en``, ``definition_ar``; :data:`PLAIN_TEXT`) are published on the
   course site, where a term of the field needs no markup, so none is accepted
   (:data:`MARKUP`): an HTML tag or comment, a MyST role (``{name}`` and a backtick), a
   directive fence (three backticks, ``~~~``, ``:::``), a substitution (``{{``), a Markdown
   link or image, inline or by reference, or a reference definition, a ``javascript:`` or
   ``vbscript:`` scheme, a ``file:`` or ``data:`` URL, a TeX command inside ``$…$``, ``\\(``
   or ``\\[``. The site escapes the glossary too; this rule stops such text at the data.

Hand-written: these rules are the project's own, stated in its codebook.

Examples
--------
>>> rows = {"threat_scores": [{"__row__": 1, "confidence": "low", "score": 4}]}
>>> [(p.file, p.row, p.field) for p in check(rows, {}, Path("."), None)]
[('threat_scores.csv', 1, 'score')]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gulfsec.contested import (
    TERMS_FILE,
    TermsError,
    compile_pattern,
    contested_hits,
    load_terms,
    normalise_arabic,
)
from gulfsec.problems import Problem

__all__ = ["MARKUP", "OWN_VOICE", "PLAIN_TEXT", "check", "markup", "names_state", "quotations"]

#: Columns in which the data speak in the project's own voice (names, titles, summaries,
#: rationales, notes, positions, sources named in words). Verbatim evidence
#: (``key_phrase_ar``), ids, enums and citation lists are not.
OWN_VOICE = re.compile(
    r"^(?:(?:summary|rationale|title|name|short|label|description|definition|text|term)_(?:en|ar)"
    r"|rationale|note|position_a|position_b|(?:date_note|external_source)(?:_ar)?)$"
)
#: Table -> the columns that must be plain text (rule 6).
PLAIN_TEXT = {"glossary": re.compile(r"^(?:term|definition)_(?:en|ar)$")}
#: Markup in a text meant to be plain (rule 6), one named group per kind. ``file:`` and
#: ``data:`` count only when a URL follows the colon without a space, so that prose such as
#: "the data: …" passes; ``javascript:`` and ``vbscript:`` count anywhere.
MARKUP = re.compile(
    r"(?P<html><[A-Za-z!/?])"
    r"|(?P<role>\{[A-Za-z][\w:.-]*\}`)"
    r"|(?P<fence>^\s*(?:```|~~~|:::))"
    r"|(?P<substitution>\{\{)"
    r"|(?P<link>!?\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<reference>^\s*\[[^\]]+\]:)"
    r"|(?P<scheme>\b(?:javascript|vbscript)\s*:|\b(?:file|data):(?=\S))"
    r"|(?P<tex>\$[^$\n]*\\[A-Za-z]|\\[(\[])",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTE = re.compile(r"«([^»]*)»")
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\.\.\.\]")
_LIST = ";"


def quotations(text: str) -> list[str]:
    """The «…» quotations of ``text``, each split at an ellipsis into its fragments.

    Examples
    --------
    >>> quotations("calls it «احتلال» and «تتمسك … جزر» (27)")
    [['احتلال'], ['تتمسك ', ' جزر']]
    """
    return [[p for p in _ELLIPSIS.split(q) if p.strip()] for q in _QUOTE.findall(text)]


def markup(text: str) -> list[tuple[str, str]]:
    r"""The markup in ``text`` (rule 6): ``(kind, excerpt)`` for each match of :data:`MARKUP`.

    The kind is the name of the group that matched; the excerpt, up to 30 characters of
    ``text`` from where the match starts.

    Examples
    --------
    >>> markup("The dominance of one state over the others; the data: SIPRI.")
    []
    >>> markup("See <img src=x> and [here](javascript:f())")
    [('html', '<img src=x> and [here](javascr'), ('link', '[here](javascript:f())')]
    >>> [kind for kind, _ in markup(r"Math $\href{javascript:f()}{x}$ and \(x\)")]
    ['tex', 'scheme', 'tex']
    """
    return [(m.lastgroup or "", text[m.start() : m.start() + 30]) for m in MARKUP.finditer(text)]


def names_state(line: str, names: Sequence[str]) -> bool:
    """Whether an article line names a state by one of ``names`` (Arabic), as a whole word.

    Examples
    --------
    >>> names_state("كما حدث مؤخراً في السعودية والإمارات", ["الإمارات"])
    True
    >>> names_state("تلاشت القوة العراقية", ["العراق"])
    False
    """
    text = normalise_arabic(line)
    for name in names:
        if not name:
            continue
        words = r"\s+".join(re.escape(w) for w in name.split())
        if compile_pattern(words + r"(?!\w)", "ar").search(text):
            return True
    return False


def check(
    values: dict[str, list[dict[str, Any]]],
    files: dict[str, str],
    root: Path,
    lines: list[str] | None,
) -> list[Problem]:
    """Every breach of the machine-checked codebook rules in a data folder's typed rows.

    Parameters
    ----------
    values : dict
        Table name -> rows (cell values as :mod:`gulfsec.data` parses them, with ``__row__``,
        the 1-based data row).
    files : dict
        Table name -> its file name in the folder (default: ``<name>.csv``).
    root : pathlib.Path
        The data folder (for ``contested_terms.csv``).
    lines : list of str or None
        The article's lines; rules 1, 3 and 5 need them and are skipped without.

    Returns
    -------
    list of Problem
    """
    P: list[Problem] = []
    file = {n: files.get(n, f"{n}.csv") for n in values}
    _low_confidence(values, file, P)
    _outside_record(values, file, P)
    _plain_text(values, file, P)
    if lines is not None:
        _exposure_names(values, file, lines, P)
        _verbatim(values, file, lines, P)
        _own_voice(values, file, root, lines, P)
    return P


def _cited(row: dict[str, Any], lines: list[str]) -> list[str]:
    ids = row.get("sources") or row.get("passage_id") or ""
    ids = [str(ids)] if isinstance(ids, int) else str(ids).split(_LIST)
    return [lines[int(n) - 1] for n in ids if n.isdigit() and 1 <= int(n) <= len(lines)]


def _exposure_names(values: dict, file: dict, lines: list[str], P: list[Problem]) -> None:
    actors = {r.get("actor_id"): r for r in values.get("actors", [])}
    for row in values.get("threat_exposure", []):
        e, a = row.get("exposure"), row.get("actor_id")
        if e is None or e < 4 or a not in actors:
            continue
        names = [actors[a].get("name_ar") or "", actors[a].get("short_ar") or ""]
        if not any(names_state(line, names) for line in _cited(row, lines)):
            P.append(
                Problem(
                    file.get("threat_exposure", "threat_exposure.csv"),
                    row["__row__"],
                    "exposure",
                    f"{e} ('specifically affected' or more) for {a}, but no cited line "
                    f"({row.get('sources')}) names it ({' / '.join(n for n in names if n)}); "
                    "the codebook's level for a state concerned without specific mention is 3",
                )
            )


def _low_confidence(values: dict, file: dict, P: list[Problem]) -> None:
    for row in values.get("threat_scores", []):
        if row.get("confidence") == "low" and row.get("score") not in (None, 3):
            P.append(
                Problem(
                    file.get("threat_scores", "threat_scores.csv"),
                    row["__row__"],
                    "score",
                    f"{row['score']} with low confidence: the codebook codes 'the article says "
                    "little' as 3 (low confidence); a score away from the midpoint needs the "
                    "article's support (medium or high confidence)",
                )
            )
    for row in values.get("threat_exposure", []):
        e = row.get("exposure")
        if row.get("confidence") == "low" and e is not None and e > 3:
            P.append(
                Problem(
                    file.get("threat_exposure", "threat_exposure.csv"),
                    row["__row__"],
                    "exposure",
                    f"{e} with low confidence: where the article says nothing specific about a "
                    "state the codebook codes at most 3 (concerned as a GCC/regional state "
                    "without specific mention)",
                )
            )


def _outside_record(values: dict, file: dict, P: list[Problem]) -> None:
    for row in values.get("events", []):
        if not row.get("outside_record"):
            continue
        for f in ("date_note", "date_note_ar", "external_source", "external_source_ar"):
            if not row.get(f):
                P.append(
                    Problem(
                        file.get("events", "events.csv"),
                        row["__row__"],
                        f,
                        f"outside_record is {row['outside_record']!r} (outside records give "
                        "another date or venue), so the row must say what the article says and "
                        "what the records say (date_note, date_note_ar) and name the records "
                        "(external_source, external_source_ar)",
                    )
                )


def _plain_text(values: dict, file: dict, P: list[Problem]) -> None:
    for name, columns in PLAIN_TEXT.items():
        for row in values.get(name, []):
            for col, v in row.items():
                if not isinstance(v, str) or not columns.match(col):
                    continue
                found = markup(v)
                if found:
                    shown = "; ".join(f"{kind} {text!r}" for kind, text in found[:5])
                    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
                    P.append(
                        Problem(
                            file[name],
                            row["__row__"],
                            col,
                            f"markup in text that is published as plain text ({shown}{more}): "
                            "write it without HTML, MyST roles or directives, Markdown links "
                            "or images, URL schemes or TeX commands",
                        )
                    )


def _verbatim(values: dict, file: dict, lines: list[str], P: list[Problem]) -> None:
    for name, rows in values.items():
        for row in rows:
            cited = None
            for col, v in row.items():
                if not isinstance(v, str) or "«" not in v or col == "__row__":
                    continue
                cited = _cited(row, lines) if cited is None else cited
                for parts in quotations(v):
                    if parts and not all(any(p in line for line in cited) for p in parts):
                        src = row.get("sources") or row.get("passage_id")
                        P.append(
                            Problem(
                                file[name],
                                row["__row__"],
                                col,
                                f"the quotation «{'…'.join(parts)}» does not occur verbatim in "
                                f"the cited line(s) ({src}) of the article",
                            )
                        )


def _own_voice(values: dict, file: dict, root: Path, lines: list[str], P: list[Problem]) -> None:
    if not (root / TERMS_FILE).is_file():
        return
    try:
        terms = load_terms(root)
    except TermsError as exc:
        P.append(Problem(TERMS_FILE, exc.row, exc.field, exc.reason))
        return
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        P.append(Problem(TERMS_FILE, None, None, f"cannot be read: {exc}"))
        return
    for name, rows in values.items():
        for row in rows:
            cited = None
            for col, v in row.items():
                if not isinstance(v, str) or not v or not OWN_VOICE.match(col):
                    continue
                cited = _cited(row, lines) if cited is None else cited
                for hit in contested_hits(v, cited, terms=terms):
                    P.append(
                        Problem(
                            file[name],
                            row["__row__"],
                            col,
                            f"contested term in the project's voice ({hit}): use the neutral "
                            f"form, or quote the article's words from a cited line "
                            f"({TERMS_FILE})",
                        )
                    )
