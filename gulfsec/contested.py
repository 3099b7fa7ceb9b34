"""Find contested terms in the project's own voice, reading Arabic words as Arabic writes them.

The terms are data: ``contested_terms.csv`` beside ``datapackage.json`` lists, per term and
language, a regular expression (``pattern``), the article's own form (``article_form``), when
the term may stand (``mode``: ``quote`` only inside a quotation of a cited line that uses the
word; ``cited`` wherever a cited line uses it), the other party's term that lets it stand
beside it (``pair_pattern``), and exempt phrases such as book titles (``exempt``). The
codebook's rule 1 (``data/CODEBOOK.md``, "Neutrality and provenance") is what they enforce.

An Arabic word in running text rarely appears as the bare form a pattern spells. It takes
proclitics, one after another: a conjunction (و، ف), then a preposition (ب، ك، ل), then the
article (ال); and after لِـ the alef of the article drops, so «الخليج» becomes «للخليج». It
may carry short vowels and tatweel, and the hamza on an alef is often left out («الإمارات» /
«الامارات»). :func:`compile_pattern` therefore reads an Arabic pattern as the *stem* of the
word: it normalises the pattern's spelling as :func:`normalise_arabic` normalises the text,
drops a leading ``\\b`` and a leading article (``ال`` required, ``ال?`` optional) from each
alternative, and puts in front of it the proclitics Arabic allows, with the لِـ form of the
article. Verb forms are the pattern's business (a pattern writes the imperfect prefixes it
means, e.g. ``[يتن]?هيمن``), because which forms of a verb are contested is a judgement about
the term, not about Arabic spelling. English patterns are used as written, case-insensitive.

Hand-written because no kept library does this job: Arabic morphological analysers (CAMeL
Tools, pyarabic) are heavy dependencies that analyse words one by one, while the terms here are
multi-word regular expressions that must keep matching as they are written.

Validation runs this check on every text cell at every :func:`gulfsec.load`, and the Arabic
patterns cannot be anchored on a literal, so the regular expressions cost about 70 ms per
load. :func:`load_terms` therefore gives the same :class:`Term` objects for the same file
content, and a text's normalised spelling and its matches against them are remembered (the
last :data:`MATCH_CACHE_SIZE` texts): a second load, or a check of a copy of the data with one
table changed, normalises and matches only the texts it has not seen.

Examples
--------
>>> p = compile_pattern(r"الخليج\\s+العربي(?!ة)", "ar")
>>> [bool(p.search(normalise_arabic(s))) for s in
...  ["الخليج العربي", "للخليج العربي", "وبالخليج العربي", "لدول الخليج العربية"]]
[True, True, True, False]
>>> contested_hits("الأمن الإقليمي للخليج العربي", terms=load_terms())
["gulf_name_arabian: 'للخليج العربي'"]
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from gulfsec.paths import default_data_path

__all__ = [
    "MATCH_CACHE_SIZE",
    "QUOTATIONS",
    "TERMS_FILE",
    "Term",
    "TermsError",
    "compile_pattern",
    "contested_hits",
    "load_terms",
    "normalise_arabic",
    "quote_spans",
    "unexempted_matches",
]

#: File name of the terms list, beside ``datapackage.json``.
TERMS_FILE = "contested_terms.csv"
#: How many texts' matches are remembered (see the module's docstring); about 1,000 text cells
#: are checked per load.
MATCH_CACHE_SIZE = 8192
#: Columns of the terms list, in order.
COLUMNS = (
    "term_id",
    "lang",
    "pattern",
    "article_form",
    "mode",
    "pair_pattern",
    "exempt",
    "neutral",
    "why",
)

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_TASHKEEL = re.compile("[\u064b-\u0652\u0670\u0640]")  # short vowels, shadda, sukun, tatweel
# alef with hamza above / below, with madda, wasla -> bare alef; alef maqsura -> ya
_LETTERS = str.maketrans(dict.fromkeys("\u0623\u0625\u0622\u0671", "\u0627") | {"\u0649": "\u064a"})
# (Arabic letters are written as escapes: user-visible Arabic lives in the data and the labels.)
_ARTICLE = "\u0627\u0644"  # the article al-
# The proclitics: a conjunction (wa, fa), then a preposition (bi, ka, li), then the article; after
# li- the article's alef drops (li + al = lil). The article is optional or required, as the
# pattern says.
_CONJ, _PREP, _LIL = "[\u0648\u0641]", "[\u0628\u0643\u0644]", "\u0644\u0644"
_CLITICS_ARTICLE_OPTIONAL = f"(?:{_CONJ}?(?:[\u0628\u0643]?{_ARTICLE}|{_LIL}|{_PREP})?)"
_CLITICS_ARTICLE_REQUIRED = f"(?:{_CONJ}?(?:[\u0628\u0643]?{_ARTICLE}|{_LIL}))"
#: Quotations: «...», “...”, "..." and '...' (an apostrophe inside a word, as in Iran's,
#: neither opens nor closes one).
QUOTATIONS = re.compile(
    r"«[^»]*»|“[^”]*”|\"[^\"]*\"|(?:(?<=^)|(?<=[\s(\[/]))'[^']+?'(?=$|[\s,.;:)\]/?!])"
)


def normalise_arabic(text: str) -> str:
    """Arabic text in one spelling: no short vowels or tatweel, one alef, ya for alef maqsura.

    Latin text is returned unchanged. Ta marbuta is kept (it tells «العربي» from «العربية»).

    Examples
    --------
    >>> normalise_arabic("للخليجِ الإماراتيّة إلى")
    'للخليج الاماراتية الي'
    """
    return _TASHKEEL.sub("", text).translate(_LETTERS)


#: :func:`normalise_arabic` of the texts checked (see the module's docstring).
_normalised = functools.lru_cache(maxsize=MATCH_CACHE_SIZE)(normalise_arabic)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (split at ``|`` outside groups)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def compile_pattern(pattern: str, lang: str) -> re.Pattern[str]:
    """Compile a term's pattern for matching normalised text of ``lang`` ("en" or "ar").

    An Arabic pattern is read as the stem of a word (see the module's docstring): each
    alternative matches at the start of a word, after any proclitics, with the article
    optional unless the alternative spells it (``ال``) as required.

    Raises
    ------
    re.error
        If the pattern is not a valid regular expression.

    Examples
    --------
    >>> p = compile_pattern(r"\\bال?محتل(?:ة|ون|ين)?", "ar")
    >>> [m.group(0) for m in p.finditer("والمحتلة محتلون للمحتلين")]
    ['والمحتلة', 'محتلون', 'للمحتلين']
    """
    if lang != "ar":
        return re.compile(pattern, re.IGNORECASE)
    parts = []
    for alt in _alternatives(normalise_arabic(pattern)):
        alt = alt.removeprefix(r"\b")
        if alt.startswith(_ARTICLE + "?"):
            clitics, alt = _CLITICS_ARTICLE_OPTIONAL, alt[3:]
        elif alt.startswith(_ARTICLE):
            clitics, alt = _CLITICS_ARTICLE_REQUIRED, alt[2:]
        else:
            clitics = _CLITICS_ARTICLE_OPTIONAL
        parts.append(f"(?<!\\w){clitics}(?:{alt})")
    return re.compile("|".join(parts))


class TermsError(ValueError):
    """A row of the terms list that cannot be used; names the file, row and field.

    Examples
    --------
    >>> str(TermsError("contested_terms.csv", 3, "lang", "expected 'en' or 'ar', got 'fr'"))
    "contested_terms.csv: row 3 (line 4), field 'lang': expected 'en' or 'ar', got 'fr'"
    """

    def __init__(self, file: str, row: int, field: str, reason: str):
        self.file, self.row, self.field, self.reason = file, row, field, reason
        super().__init__(f"{file}: row {row} (line {row + 1}), field {field!r}: {reason}")


@dataclass(frozen=True, eq=False)
class Term:
    """One row of the terms list, its expressions compiled for its language.

    Terms compare and hash by identity, so that a text's matches can be remembered per terms
    list at the cost of a pointer; :func:`load_terms` gives the same objects for the same file.

    Attributes
    ----------
    term_id, lang, mode, neutral, why : str
        As in the file.
    row : int
        1-based data row in the file.
    pattern : re.Pattern
        The term.
    article_form, pair_pattern, exempt : re.Pattern or None
        The article's form (always compiled as Arabic: it is searched in the article), the
        other party's term (in the row's language) and the exempt phrases.
    """

    term_id: str
    lang: str
    mode: str
    neutral: str
    why: str
    row: int
    pattern: re.Pattern[str]
    article_form: re.Pattern[str] | None
    pair_pattern: re.Pattern[str] | None
    exempt: re.Pattern[str] | None


def load_terms(path: str | os.PathLike | None = None) -> tuple[Term, ...]:
    """Read and compile the terms list of a data folder (default: the bundled data).

    Parameters
    ----------
    path : path-like, optional
        The data folder holding ``contested_terms.csv``, or the file itself.

    Raises
    ------
    TermsError
        Naming the file, row and field of a row that cannot be used (an unknown language or
        mode, an invalid regular expression).

    Examples
    --------
    >>> terms = load_terms()
    >>> sorted({t.lang for t in terms})
    ['ar', 'en']
    """
    p = Path(path) if path is not None else default_data_path()
    if p.is_dir():
        p = p / TERMS_FILE
    with p.open(encoding="utf-8", newline="") as f:
        content = f.read()
    return _parse_terms(content, p.name)


@functools.lru_cache(maxsize=8)
def _parse_terms(content: str, file: str) -> tuple[Term, ...]:
    """The terms of a file's content: the same objects for the same content and name."""
    rows = csv.DictReader(io.StringIO(content, newline=""))
    return tuple(_term(r, k, file) for k, r in enumerate(rows, start=1))


def _term(r: dict[str, str], row: int, file: str) -> Term:
    lang, mode = r.get("lang") or "", r.get("mode") or ""
    if lang not in ("en", "ar"):
        raise TermsError(file, row, "lang", f"expected 'en' or 'ar', got {lang!r}")
    if mode not in ("quote", "cited"):
        raise TermsError(file, row, "mode", f"expected 'quote' or 'cited', got {mode!r}")

    def comp(field: str, as_lang: str) -> re.Pattern[str] | None:
        value = r.get(field) or ""
        if not value:
            return None
        try:
            return compile_pattern(value, as_lang)
        except re.error as exc:
            raise TermsError(file, row, field, f"not a regular expression ({exc})") from None

    pattern = comp("pattern", lang)
    if pattern is None:
        raise TermsError(file, row, "pattern", "required but empty")
    return Term(
        term_id=r.get("term_id") or "",
        lang=lang,
        mode=mode,
        neutral=r.get("neutral") or "",
        why=r.get("why") or "",
        row=row,
        pattern=pattern,
        article_form=comp("article_form", "ar"),
        pair_pattern=comp("pair_pattern", lang),
        exempt=comp("exempt", lang),
    )


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``text``.

    Examples
    --------
    >>> quote_spans("the article's word 'occupation' (27)")
    [(19, 31)]
    """
    return [m.span() for m in QUOTATIONS.finditer(text)]


def unexempted_matches(text: str, terms: Sequence[Term]) -> Iterator[tuple[Term, re.Match]]:
    """Each (term, match) of a contested term in normalised ``text`` that no exemption covers.

    ``text`` must already be normalised (:func:`normalise_arabic`). A match inside one of the
    term's exempt phrases (a book title) does not count, nor does any match where the text
    names the other party's term too (``pair_pattern``).
    """
    yield from _unexempted(text, tuple(terms))


@functools.lru_cache(maxsize=MATCH_CACHE_SIZE)
def _unexempted(text: str, terms: tuple[Term, ...]) -> tuple[tuple[Term, re.Match], ...]:
    out = []
    scripts = {"ar": bool(_ARABIC_LETTER.search(text)), "en": bool(_LATIN_LETTER.search(text))}
    for t in terms:
        if not scripts[t.lang]:  # a term cannot occur in a text without its script
            continue
        for m in t.pattern.finditer(text):
            if t.exempt and any(
                e.start() <= m.start() and m.end() <= e.end() for e in t.exempt.finditer(text)
            ):
                continue
            if t.pair_pattern and t.pair_pattern.search(text):
                continue
            out.append((t, m))
    return tuple(out)


def contested_hits(
    text: str, cited_lines: Sequence[str] | None = None, *, terms: Sequence[Term] | None = None
) -> list[str]:
    """Contested terms that ``text`` uses in the project's own voice.

    Parameters
    ----------
    text : str
        A cell, a label or a paragraph of prose.
    cited_lines : sequence of str, optional
        The article lines the text cites (a row's ``sources``). Without them (labels) a term is
        allowed only beside the other party's term or in an exempt phrase.
    terms : sequence of Term, optional
        Default: :func:`load_terms` of the bundled data.

    Returns
    -------
    list of str
        One ``"term_id: 'match'"`` per occurrence that breaks the rule (the match as
        normalised); empty if none.

    Examples
    --------
    >>> contested_hits("the occupied islands")
    ["occupation: 'occupied'"]
    >>> contested_hits("the article's word 'occupation' (27)", ["... باحتلال ثلاث جزر ..."])
    []
    >>> contested_hits("والجزر المحتلة")
    ["occupation: 'المحتلة'"]
    """
    terms = load_terms() if terms is None else terms
    text = _normalised(text)
    lines: list[str] | None = None  # normalised only when a term is found
    hits = []
    spans = None
    for t, m in unexempted_matches(text, terms):
        if lines is None:
            lines = [_normalised(x) for x in cited_lines or ()]
        if lines and t.article_form is not None:
            in_article = any(t.article_form.search(line) for line in lines)
            if in_article and t.mode == "cited":
                continue
            if in_article and t.mode == "quote":
                spans = quote_spans(text) if spans is None else spans
                if any(a <= m.start() and m.end() <= b for a, b in spans):
                    continue
        hits.append(f"{t.term_id}: {m.group(0)!r}")
    return hits
