"""Arabic full-text search for the Sphinx books: a ``SearchLanguage`` for ``language = "ar"``.

Sphinx ships no Arabic search language: for ``ar`` it falls back to English, whose word pattern
(``\\w+``) cuts Arabic words at every diacritic (a shadda or a tanwin is not a word character),
and whose Porter stemmer leaves Arabic untouched, so «القوى» never matches «قوى» or «بالقوى».
Written by hand because no maintained package provides a Sphinx Arabic search language with
the matching JavaScript: the same normaliser and light stemmer run in Python (index) and in
the browser (query).

The stemmer is *light10* (Larkey, Ballesteros & Connell 2007, "Light stemming for Arabic
information retrieval", in *Arabic Computational Morphology*, Springer, pp. 221-243), the
usual baseline of Arabic IR, after the usual normalisation: diacritics and tatweel removed;
أ إ آ to ا; final ى to ي; final ة to ه. Words in Latin script are lower-cased only.

Examples
--------
>>> stem("القوى"), stem("بالقوى"), stem("قوى")
('قو', 'قو', 'قو')
>>> stem("مُرمَّزًا") == stem("مرمزا")
True
>>> SearchArabic({}).split("توازنُ القوى في code_cell")
['توازن', 'القوى', 'في', 'code_cell']
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.search import SearchLanguage

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_WORD = re.compile(r"\w+")
#: The rules' Arabic letters and affixes (a data file, so that no Arabic sits in code and the
#: Python indexer and the browser's stemmer read the same lists).
RULES: dict = json.loads(Path(__file__).with_name("search_ar.json").read_text(encoding="utf-8"))
_PREFIXES: tuple[str, ...] = tuple(RULES["prefixes"])  # light10: definite article forms
_SUFFIXES: tuple[str, ...] = tuple(RULES["suffixes"])  # light10, in this order
_ALEFS = re.compile(f"[{RULES['alef_variants']}]")


def normalise(word: str) -> str:
    """Remove diacritics and tatweel, unify alef forms, final yaa and taa marbuta."""
    w = _ALEFS.sub(RULES["alef"], _DIACRITICS.sub("", word))
    if w.endswith(RULES["alef_maksura"]):
        w = w[:-1] + RULES["yaa"]
    if w.endswith(RULES["taa_marbuta"]):
        w = w[:-1] + RULES["haa"]
    return w


def stem(word: str) -> str:
    """Light10 stem of an Arabic word (a Latin-script word is only lower-cased)."""
    if not _ARABIC.search(word):
        return word.lower()
    w = normalise(word)
    if len(w) > 3 and w.startswith(RULES["waw"]):
        w = w[1:]
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            w = w[len(p) :]
            break
    for s in _SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 2:
            w = w[: -len(s)]
    return w


# Frequent function words (normalised), left out of the index and of queries.
_STOP: list[str] = list(RULES["stopwords"])

# The same rules in JavaScript (Sphinx embeds this in language_data.js), reading the same
# lists; the browser test searches an Arabic term (with a prefix and a diacritic) to check it.
_JS = (
    "const _arRules = "
    + json.dumps({k: v for k, v in RULES.items() if not k.startswith("_") and k != "stopwords"})
    + ";\n"
    + r"""
const _arDiacritics = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const _arAlefs = new RegExp("[" + _arRules.alef_variants + "]", "g");
function _arNormalise(w) {
  w = w.replace(_arDiacritics, "").replace(_arAlefs, _arRules.alef);
  if (w.endsWith(_arRules.alef_maksura)) w = w.slice(0, -1) + _arRules.yaa;
  if (w.endsWith(_arRules.taa_marbuta)) w = w.slice(0, -1) + _arRules.haa;
  return w;
}
var Stemmer = function () {
  this.stemWord = function (word) {
    if (!/[\u0600-\u06ff]/.test(word)) return word.toLowerCase();
    let w = _arNormalise(word);
    if (w.length > 3 && w.startsWith(_arRules.waw)) w = w.slice(1);
    for (const p of _arRules.prefixes) {
      if (w.startsWith(p) && w.length - p.length >= 2) { w = w.slice(p.length); break; }
    }
    for (const s of _arRules.suffixes) {
      if (w.endsWith(s) && w.length - s.length >= 2) w = w.slice(0, -s.length);
    }
    return w;
  };
};
"""
)

_JS_SPLITTER = r"""
function splitQuery(query) {
  return query
    .replace(/[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g, "")
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);
}
"""


class SearchArabic(SearchLanguage):
    """Sphinx search language ``ar``: normalised light10 stems, diacritics ignored."""

    lang = "ar"
    language_name = "Arabic"
    stopwords = frozenset(normalise(w) for w in _STOP)
    js_stemmer_code = _JS
    js_splitter_code = _JS_SPLITTER

    def split(self, input: str) -> list[str]:
        """Words of a text, diacritics and tatweel removed first (they are not separators)."""
        return _WORD.findall(_DIACRITICS.sub("", input))

    def stem(self, word: str) -> str:
        """See :func:`stem`."""
        return stem(word)

    def word_filter(self, word: str) -> bool:
        """Index a word unless it is a number, a stop word or a single letter."""
        return len(word) > 1 and not word.isdigit() and normalise(word) not in self.stopwords
