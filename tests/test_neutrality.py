"""The codebook's neutrality and provenance rules, enforced as far as a test can.

The rules (data/CODEBOOK.md, "Neutrality and provenance"):

* a contested name or label (data/contested_terms.csv, in both languages) appears in the
  project's own voice only in the article's words, quoted and cited, or in both parties'
  words (the other party's term in the same text); some terms (``mode = cited``) may stand
  unquoted where the row cites a line in which the article itself uses the word;
* a row whose ``basis`` is ``external`` names its outside source;
* every coded row (a row with a ``rationale``) has a ``rationale_ar`` in Arabic script, and
  every «...» quotation in it is verbatim from the lines the row cites.

The first part of this file checks the data tables (data/*.csv); the part below the marker
checks the notebooks' prose and the labels with the same helper, :func:`contested_hits`.
"""

from __future__ import annotations

import csv
import json
import os
import re
from functools import cache
from pathlib import Path

import pytest
from conftest import ARTICLE, DATA

from gulfsec.codebook import OWN_VOICE
from gulfsec.contested import (
    QUOTATIONS,
    Term,
    load_terms,
    normalise_arabic,
    unexempted_matches,
)
from gulfsec.contested import contested_hits as _contested_hits

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")


@cache
def contested_terms() -> tuple[Term, ...]:
    """The rows of data/contested_terms.csv, compiled by the package's matcher."""
    return load_terms(DATA)


def contested_hits(text: str, cited_lines: list[str] | None = None) -> list[str]:
    """:func:`gulfsec.contested.contested_hits` over this checkout's terms list."""
    return _contested_hits(text, cited_lines, terms=contested_terms())


@cache
def _article() -> tuple[str, ...] | None:
    path = Path(os.environ.get("GULFSEC_ARTICLE", ARTICLE))
    if not path.is_file():
        return None
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def _need_article() -> tuple[str, ...]:
    lines = _article()
    if lines is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the article file is missing in CI: {ARTICLE}")
        pytest.skip(f"the article file is not at hand ({ARTICLE}); set GULFSEC_ARTICLE")
    return lines


def _descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def _tables() -> list[str]:
    return [r["path"] for r in _descriptor()["resources"]]


def _rows(path: str) -> list[dict[str, str]]:
    with (DATA / path).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _cited(row: dict[str, str], lines: tuple[str, ...]) -> list[str]:
    ids = row.get("sources") or row.get("passage_id") or ""
    return [lines[int(n) - 1] for n in ids.split(";") if n.isdigit() and int(n) <= len(lines)]


# ------------------------------------------------------------------------ the helper itself


def test_contested_terms_list_is_well_formed():
    rows = contested_terms()
    assert rows, "data/contested_terms.csv is empty"
    by_id: dict[str, set[str]] = {}
    for r in rows:
        assert r.lang in {"en", "ar"}, r
        assert r.mode in {"quote", "cited"}, r
        assert r.neutral and r.why, f"{r.term_id} ({r.lang}): neutral and why needed"
        if r.mode == "cited":
            assert r.article_form, f"{r.term_id}: mode 'cited' needs the article's form"
        by_id.setdefault(r.term_id, set()).add(r.lang)
    missing = {k: {"en", "ar"} - v for k, v in by_id.items() if v != {"en", "ar"}}
    assert not missing, f"every contested term is listed in both languages: {missing}"


@pytest.mark.parametrize(
    ("text", "cited", "expected"),
    [
        ("the occupied islands", None, ["occupation: 'occupied'"]),
        ("الجزر المحتلة", None, ["occupation: 'المحتلة'"]),
        # quoted and cited: the article's word
        ("calls it 'occupation' (27)", ["تتمسك باحتلال ثلاث جزر"], []),
        ("يصفه بـ«احتلال» (27)", ["تتمسك باحتلال ثلاث جزر"], []),
        # cited but not quoted, or quoted but the cited line lacks the word
        ("the occupation of the islands", ["تتمسك باحتلال ثلاث جزر"], ["occupation: 'occupation'"]),
        ("calls it 'occupation' (14)", ["غياب توازن القوى"], ["occupation: 'occupation'"]),
        # both parties' words
        ("the Persian Gulf (Arabian Gulf)", None, []),
        ("the Persian Gulf", None, ["gulf_name_persian: 'Persian Gulf'"]),
        ("the Durra/Arash field", None, []),
        ("حقل الدرة", None, ["durra_field_name: 'الدرة'"]),
        # the GCC's official name is not the contested name of the Gulf
        ("مجلس التعاون لدول الخليج العربية", None, []),
        ("دول الخليج العربي", None, ["gulf_name_arabian: 'الخليج العربي'"]),
        # 'cited' terms stand unquoted where the cited line uses the word
        ("terrorism in Yemen (34)", ["فتفاقم خطر الإرهاب في اليمن"], []),
        ("Hezbollah, a terrorist group", ["حزب الله والحوثيين"], ["terrorism: 'terrorist'"]),
        # an apostrophe is not a quotation mark
        ("Iran's occupation", ["باحتلال"], ["occupation: 'occupation'"]),
        ("The International Relations of the Persian Gulf", None, []),
    ],
)
def test_contested_hits_on_hand_checked_cases(text, cited, expected):
    assert contested_hits(text, cited) == expected


# Arabic as Arabic writes it: every proclitic (و ف ب ك ل ال, and لل where the article's alef
# drops after لِـ), short vowels and hamza spellings, and the verb forms a term lists; and what
# must not match (the GCC's proper name, the scale's «مهيمن», «يحتل موقعًا»).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأمن الإقليمي للخليج العربي", ["gulf_name_arabian: 'للخليج العربي'"]),
        ("دول الخليج العربي", ["gulf_name_arabian: 'الخليج العربي'"]),
        ("والخليج العربي", ["gulf_name_arabian: 'والخليج العربي'"]),
        ("فالخليج العربي", ["gulf_name_arabian: 'فالخليج العربي'"]),
        ("بالخليج العربي", ["gulf_name_arabian: 'بالخليج العربي'"]),
        ("كالخليج العربي", ["gulf_name_arabian: 'كالخليج العربي'"]),
        ("وللخليج العربي", ["gulf_name_arabian: 'وللخليج العربي'"]),
        ("وبالخليجِ العربيِّ", ["gulf_name_arabian: 'وبالخليج العربي'"]),
        ("مجلس التعاون لدول الخليج العربية", []),
        ("للخليج", []),
        ("احتلت إيران الجزر", ["occupation: 'احتلت'"]),
        ("وتحتلّ إيران الجزر", ["occupation: 'وتحتل'"]),
        ("الاحتلال", ["occupation: 'الاحتلال'"]),
        ("للاحتلال", ["occupation: 'للاحتلال'"]),
        ("والمحتلة", ["occupation: 'والمحتلة'"]),
        ("يحتل اليمن موقعًا استراتيجيًا", []),
        ("احتلت السعودية المرتبة الأولى", []),
        ("الجزر الإماراتية", ["island_sovereignty: 'الجزر الاماراتية'"]),
        ("بالجزر الاماراتية", ["island_sovereignty: 'بالجزر الاماراتية'"]),
        ("جزر الإمارات الثلاث", ["island_sovereignty: 'جزر الامارات'"]),
        ("الجزر الثلاث التي تطالب بها الإمارات", []),
        ("تهيمن إيران على العراق", ["domination: 'تهيمن'"]),
        ("وهيمنت إيران", ["domination: 'وهيمن'"]),
        ("بالهيمنة الإقليمية", ["domination: 'بالهيمن'"]),
        ("4 (مهيمن)", []),
        ("يصطف العراق مع إيران", ["alignment: 'يصطف العراق مع'"]),
        ("وانحياز العراق إلى إيران", ["alignment: 'وانحياز العراق الي'"]),
        ("ميليشيات الحوثيين", ["houthi_labels: 'ميليشيات الحوثي'"]),
        ("ومليشيا الحوثي", ["houthi_labels: 'ومليشيا الحوثي'"]),
        ("للنظام السوري", ["regime: 'للنظام السوري'"]),
        ("بالكيان الصهيوني", ["zionist_entity: 'بالكيان الصهيوني'"]),
        ("ووكلاؤها", ["proxies: 'ووكلاؤ'"]),
        ("والإرهاب", ["terrorism: 'والارهاب'"]),
    ],
)
def test_arabic_forms_of_contested_terms(text, expected):
    assert contested_hits(text) == expected


def test_arabic_article_forms_find_the_articles_words():
    """The article's forms are searched in the article the same way: «للخليج العربي» (32)."""
    lines = _need_article()
    gulf = next(t for t in contested_terms() if t.term_id == "gulf_name_arabian" and t.lang == "ar")
    assert gulf.article_form.search(normalise_arabic(lines[31]))  # «للخليج العربي»
    assert contested_hits("«الأمن الإقليمي للخليج العربي» (32)", [lines[31]]) == []
    assert contested_hits("الأمن الإقليمي للخليج العربي (32)", [lines[31]]) == [
        "gulf_name_arabian: 'للخليج العربي'"
    ]


def test_remembered_matches_follow_the_terms_file(tmp_path):
    """The same file content gives the same terms (and their remembered matches); an edited
    terms file is read again and matched anew in the same process, in both directions."""
    text = "the occupied islands"
    source = (DATA / "contested_terms.csv").read_text(encoding="utf-8")
    (tmp_path / "contested_terms.csv").write_text(source, encoding="utf-8")
    first = load_terms(tmp_path)
    assert load_terms(tmp_path) is first  # same content, same objects
    assert _contested_hits(text, terms=first) == ["occupation: 'occupied'"]

    # the English pattern of "occupation" no longer matches "occupied": no hit any more
    rows = list(csv.DictReader(source.splitlines()))
    row = next(r for r in rows if r["term_id"] == "occupation" and r["lang"] == "en")
    row["pattern"] = r"\boccupation\b"
    with (tmp_path / "contested_terms.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    edited = load_terms(tmp_path)
    assert edited is not first
    assert _contested_hits(text, terms=edited) == []
    # and back: the original content matches again
    (tmp_path / "contested_terms.csv").write_text(source, encoding="utf-8")
    assert _contested_hits(text, terms=load_terms(tmp_path)) == ["occupation: 'occupied'"]
    # the list given as a list, not the tuple load_terms returns, gives the same hits
    assert _contested_hits(text, terms=list(edited)) == []

    # a line break inside a quoted field stays in the field, as csv reads it from the file
    row["why"] = "first line\nsecond line"
    with (tmp_path / "contested_terms.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    term = next(t for t in load_terms(tmp_path) if t.term_id == "occupation" and t.lang == "en")
    assert term.why == "first line\nsecond line"


# ----------------------------------------------------------------------------- the data


@pytest.mark.parametrize("path", _tables())
def test_no_contested_term_in_the_projects_voice(path):
    lines = _need_article()
    problems = []
    for i, row in enumerate(_rows(path), start=1):
        cited = _cited(row, lines)
        for col, value in row.items():
            if OWN_VOICE.match(col or "") and value:
                problems += [f"{path} row {i} {col}: {h}" for h in contested_hits(value, cited)]
    assert not problems, "\n".join(problems)


def _tables_with_basis() -> list[str]:
    return [
        r["path"]
        for r in _descriptor()["resources"]
        if any(f["name"] == "basis" for f in r["schema"]["fields"])
    ]


def test_tables_with_a_basis_column_are_the_fact_tables():
    assert set(_tables_with_basis()) == {"actors.csv", "events.csv", "disputes.csv", "ties.csv"}


@pytest.mark.parametrize("path", _tables_with_basis())
def test_external_rows_name_their_source(path):
    rows = _rows(path)
    for i, row in enumerate(rows, start=1):
        assert row["basis"] in {"article", "external"}, f"{path} row {i}: basis {row['basis']!r}"
        if row["basis"] == "external":
            src = row.get("external_source", "")
            assert len(src) >= 20 and _LATIN.search(src), (
                f"{path} row {i}: basis is external but external_source does not name a source"
            )
            assert row["sources"], (
                f"{path} row {i}: an external row still cites the lines it serves"
            )


def _coded_resources() -> list[dict]:
    return [
        r
        for r in _descriptor()["resources"]
        if any(f["name"] == "rationale" for f in r["schema"]["fields"])
    ]


def test_rationale_ar_is_declared_wherever_rationale_is():
    for res in _coded_resources():
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        assert "rationale_ar" in fields, f"{res['name']}: rationale without rationale_ar"
        assert fields["rationale_ar"]["constraints"].get("required") is True, res["name"]
    assert {r["name"] for r in _coded_resources()} >= {
        "disputes",
        "ties",
        "balance_eras",
        "threat_scores",
        "threat_exposure",
    }


@pytest.mark.parametrize("path", [r["path"] for r in _coded_resources()])
def test_every_coded_row_has_an_arabic_rationale(path):
    for i, row in enumerate(_rows(path), start=1):
        ar = row.get("rationale_ar", "")
        assert len(ar) >= 10, f"{path} row {i}: rationale_ar missing or too short"
        letters = _ARABIC.findall(ar), _LATIN.findall(ar)
        assert len(letters[0]) >= 0.75 * (len(letters[0]) + len(letters[1])), (
            f"{path} row {i}: rationale_ar is not written in Arabic: {ar[:60]!r}"
        )
        assert ar != row["rationale"], f"{path} row {i}: rationale_ar copies the English"


@pytest.mark.parametrize("path", [r["path"] for r in _coded_resources()])
def test_quotations_in_rationale_ar_are_verbatim_from_the_cited_lines(path):
    lines = _need_article()
    bad = []
    for i, row in enumerate(_rows(path), start=1):
        cited = _cited(row, lines)
        for q in re.findall(r"«([^»]*)»", row["rationale_ar"]):
            if not any(q in line for line in cited):
                bad.append(f"{path} row {i} (sources {row['sources']}): «{q}»")
    assert not bad, "quotations not found verbatim in the cited lines:\n" + "\n".join(bad)


# ---- notebooks and labels (review-prose) ----


NOTEBOOK_DIR = DATA.parent / "notebooks"
LABELS_DIR = DATA.parent / "gulfsec" / "labels"
#: A quotation counts as the article's words only if a line citation follows it at once:
#: "(27)", "(passage 27)", "(الفقرة 27)", "(\"translation\", 27)", or the end of a parenthesis
#: opened before it, ", 27)" / "، 27)".
_CITE_AFTER = re.compile(r"\s*(?:\((?P<paren>[^()]{0,160})\)|[,،]\s*(?P<tail>[^()]{0,40}?)\))")
_RANGE = r"\d{1,2}(?:\s*[–-]\s*\d{1,2})?"
#: A citation: line numbers and ranges, optionally after "passage(s)" / «الفقرة», and then the
#: end or a separator (so "(31 March 2024)" is a date, not line 31).
_CITATION = re.compile(
    rf"^\s*[,،]?\s*(?:(?:lines?|passages?|الفقرة|الفقرتان|الفقرتين|الفقرات|السطر)\s+)?"
    rf"(?P<n>{_RANGE}(?:\s*(?:,|،|و|and)\s*{_RANGE})*)\s*(?:$|[;؛:,،])",
    re.IGNORECASE,
)
_PASSAGE_WORDS = re.compile(
    rf"\b(?:lines?|passages?)\s+({_RANGE}(?:\s*(?:,|and)\s*{_RANGE})*)"
    rf"|(?:الفقرة|الفقرتان|الفقرتين|الفقرات|السطر)\s+({_RANGE}(?:\s*(?:،|و)\s*{_RANGE})*)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,2})(?:\s*[–-]\s*(\d{1,2}))?(?![\d.,]*\d)")
_TASHKEEL = re.compile(r"[\u064B-\u0652\u0670\u0640]")
_PUNCT = re.compile(r"[^\w\s]|_")


def _normalise_ar(text: str) -> str:
    """Arabic text compared as a reader compares it: no diacritics or tatweel, one form of alef,
    ya and ta marbuta, no punctuation, single spaces."""
    text = _TASHKEEL.sub("", text)
    text = re.sub("[أإآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه")
    return " ".join(_PUNCT.sub(" ", text).split())


def _line_numbers(text: str) -> set[int]:
    """Content-line numbers (7-54) of a citation ("27", "26–27", "passage 15", "(\"...\", 24)");
    empty if ``text`` is not a citation (a date, a count, a formula)."""
    text = re.sub(r"\"[^\"]*\"|«[^»]*»|“[^”]*”", " ", text)
    c = _CITATION.match(text)
    if not c:
        return set()
    text = c.group("n")
    found = set()
    for m in _NUMBER.finditer(text):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if 7 <= a <= b <= 54:
            found.update(range(a, b + 1))
    return found


def _unit_citations(unit: str) -> set[int]:
    """Lines a paragraph, list item or table row cites: its parentheses and 'passage N'."""
    cited = set()
    for m in re.finditer(r"\(([^()]*)\)", unit):
        cited |= _line_numbers(m.group(1))
    for m in _PASSAGE_WORDS.finditer(unit):
        cited |= _line_numbers(m.group(0))
    return cited


def cited_quotes(text: str) -> list[tuple[int, int, str, set[int]]]:
    """Quotations followed by a line citation: (start, end, quoted text, cited lines)."""
    out = []
    for m in QUOTATIONS.finditer(text):
        c = _CITE_AFTER.match(text, m.end())
        if not c:
            continue
        cites = _line_numbers(c.group("paren") if c.group("paren") is not None else c.group("tail"))
        if cites:
            out.append((m.start(), m.end(), m.group(0)[1:-1], cites))
    return out


def quote_in_article(quote: str, cited: set[int], lines: tuple[str, ...]) -> bool:
    """An Arabic quotation occurs in one of the cited lines (fragments split at an ellipsis)."""
    parts = [p for p in re.split(r"\.\.\.|…|\[\.\.\.\]", quote) if p.strip()]
    return all(any(_normalise_ar(p) in _normalise_ar(lines[n - 1]) for n in cited) for p in parts)


@cache
def _normalised(lines: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalise_arabic(x) for x in lines)


def prose_hits(text: str, lines: tuple[str, ...]) -> list[str]:
    """Contested terms in the project's voice in a piece of notebook prose (or a label).

    A term is the article's (so allowed) when it stands inside a cited quotation that is
    verbatim in the cited line (Arabic) or, for a translated quotation, when the cited line
    uses the article's form of the term; a ``mode = cited`` term is also allowed where the
    paragraph, list item or table row it stands in cites a line that uses the article's form.
    Otherwise only the other party's term beside it (``pair_pattern``) or an exempt phrase
    (a book title) lets it stand. Text and lines are compared normalised
    (:func:`gulfsec.contested.normalise_arabic`).
    """
    text = normalise_arabic(text)
    lines = _normalised(lines)
    quotes = cited_quotes(text)
    units = []
    for m in re.finditer(
        r"(?:^|\n)(?:[ \t]*(?:[-*|]|\d+\.)\s|\n)?[^\n]*(?:\n(?![ \t]*(?:[-*|]|\d+\.)\s|\n)[^\n]*)*",
        text,
    ):
        units.append(m.span())
    hits = []
    for t, m in unexempted_matches(text, contested_terms()):
        form = t.article_form
        q = next((q for q in quotes if q[0] < m.start() and m.end() < q[1]), None)
        if q is not None and form is not None:
            if _ARABIC.search(q[2]) and not _LATIN.search(q[2]):
                ok = quote_in_article(q[2], q[3], lines)
            else:  # a translation: the cited line must use the article's word
                ok = any(form.search(lines[n - 1]) for n in q[3])
            if ok:
                continue
        if t.mode == "cited" and form is not None:
            unit = next((text[a:b] for a, b in units if a <= m.start() < b), text)
            if any(form.search(lines[n - 1]) for n in _unit_citations(unit)):
                continue
        hits.append(f"{t.term_id}: {m.group(0)!r}")
    return hits


@cache
def _markdown_cells() -> tuple[tuple[str, str, str], ...]:
    import nbformat

    cells = []
    for path in sorted(NOTEBOOK_DIR.glob("0*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            if c.cell_type == "markdown":
                cells.append((path.name, c.get("id", "?"), c.source))
    cells.append(("README.md", "-", (NOTEBOOK_DIR / "README.md").read_text(encoding="utf-8")))
    return tuple(cells)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran holds the occupied islands.", ["occupation: 'occupied'"]),
        # a verbatim Arabic quotation, cited, is the article's word
        ("the article says Iran «تتمسك باحتلال ثلاث جزر» (27).", []),
        # the same words cited to a line that does not contain them are not
        ("the article says Iran «تتمسك باحتلال ثلاث جزر» (14).", ["occupation: 'باحتلال'"]),
        # a quotation that is not cited does not exempt
        ("the article says Iran «تتمسك باحتلال ثلاث جزر».", ["occupation: 'باحتلال'"]),
        # a translation, cited to a line with the article's word
        ('«باحتلال» ("occupation", 27)', []),
        ('"occupation" (20)', ["occupation: 'occupation'"]),
        # mode 'cited': the list item cites a line that uses the word
        ("- extremism and terrorism (22)", []),
        ("- the Houthis, a terrorist group (33)", ["terrorism: 'terrorist'"]),
        ("«أذرعها المسلحة» (24) and its proxies", ["proxies: 'proxies'"]),
        ("groups «التي تعمل لصالحها بالوكالة» (35)", []),
        # the contested claim is who is aligned with whom, not the word for friend/foe ties
        ("after 2003 Iraq aligned with Iran (26)", ["alignment: 'aligned with'"]),
        ("Disputes and alignments: the Gulf as a network", []),
        ("ثم اصطف العراق مع إيران", ["alignment: 'اصطف العراق مع'"]),
        ("يذكر المقال «الاصطفاف مع إيران» (25) مسألةً مفتوحة", []),
        # the scale level 'dominant' is not the charge of domination
        ("4 (مهيمن)", []),
        ("إيران هيمنت على العراق", ["domination: 'هيمن'"]),
        ("Iran «هيمنت على العراق» (27)", []),
    ],
)
def test_prose_hits_on_hand_checked_cases(text, expected):
    assert prose_hits(text, _need_article()) == expected


def test_no_contested_term_in_the_notebooks_own_voice():
    lines = _need_article()
    problems = [
        f"{name} cell {cid}: {h}"
        for name, cid, text in _markdown_cells()
        for h in prose_hits(text, lines)
    ]
    assert not problems, "\n".join(problems)


def test_arabic_quotations_in_notebooks_are_verbatim_from_the_cited_lines():
    lines = _need_article()
    bad = [
        f"{name} cell {cid}: «{q}» ({sorted(cites)})"
        for name, cid, text in _markdown_cells()
        for _, _, q, cites in cited_quotes(text)
        if _ARABIC.search(q) and not _LATIN.search(q) and not quote_in_article(q, cites, lines)
    ]
    assert not bad, "quotations not found in the cited lines:\n" + "\n".join(bad)


def test_no_contested_term_in_the_labels():
    problems = []
    for path in sorted(LABELS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for lang in ("en", "ar"):
                    problems += [
                        f"{path.name} {row['key']} ({lang}): {h}" for h in contested_hits(row[lang])
                    ]
    assert not problems, "\n".join(problems)


def test_quotations_in_the_labels_are_the_articles_words():
    """Every «…» of every label, both languages: verbatim (as a reader compares Arabic) in the
    line it cites, or, where a label cites no line, in some content line of the article.
    A placeholder in «…» (``«{up}»``, a threat's title filled in) is the data's, not a quotation.
    ``evidence.csv`` (the claims ledger's labels) is checked by the ledger's own tests."""
    lines = _need_article()
    content = [lines[n - 1] for n in range(7, 55)]
    bad = []
    for path in sorted(p for p in LABELS_DIR.glob("*.csv") if p.name != "evidence.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for lang in ("en", "ar"):
                    text = row[lang]
                    cited = {q: c for _, _, q, c in cited_quotes(text)}
                    for q in re.findall(r"«([^»]*)»", text):
                        if re.fullmatch(r"\{\w+\}", q):  # a name filled in (a threat's title)
                            continue
                        if q in cited:
                            ok = quote_in_article(q, cited[q], lines)
                        else:
                            ok = quote_in_article(q, set(range(7, 55)), lines) or any(
                                _normalise_ar(q) in _normalise_ar(x) for x in content
                            )
                        if not ok:
                            bad.append(f"{path.name} {row['key']} ({lang}): «{q}»")
    assert not bad, "quotations not found in the article:\n" + "\n".join(bad)
