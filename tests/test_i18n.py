"""The label catalogue is complete in both languages and every label renders without tofu."""

from __future__ import annotations

import json
import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from conftest import NOTEBOOKS, ROOT

from gulfsec.i18n import catalogue, check_lang, label
from gulfsec.plotting import use_style

ARABIC = re.compile(r"[\u0600-\u06FF]")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def test_every_label_has_both_languages():
    cat = catalogue()
    assert len(cat) > 50
    for key, texts in cat.items():
        assert texts["en"].strip(), f"{key}: English missing"
        assert texts["ar"].strip(), f"{key}: Arabic missing"
        if not key.endswith(".other"):  # a language switch names the other language in its script
            assert not ARABIC.search(texts["en"]), f"{key}: Arabic script in the English label"
        words = LATIN_WORD.findall(re.sub(r"\{\w*\}", "", texts["en"]))
        if words and not all(w.isupper() for w in words):  # acronyms (GCC, HHI) may stay
            assert ARABIC.search(texts["ar"]), f"{key}: no Arabic script in the Arabic label"


def test_placeholders_agree_between_languages():
    for key, texts in catalogue().items():
        en = set(re.findall(r"\{(\w*)\}", texts["en"]))
        ar = set(re.findall(r"\{(\w*)\}", texts["ar"]))
        assert en == ar, f"{key}: placeholders differ {en} vs {ar}"


def test_unknown_key_and_language_are_clear_errors():
    with pytest.raises(KeyError, match="not in the catalogue"):
        label("no.such.key", "en")
    with pytest.raises(ValueError, match=r"parameter 'lang' must be one of \['en', 'ar'\]"):
        check_lang("fr")


def _draw(texts: list[str]) -> None:
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(texts) + 1), layout="none")
    for i, t in enumerate(texts):
        ax.text(0.01, i, t)
    ax.set_ylim(-1, len(texts))
    fig.canvas.draw()
    plt.close(fig)


def _all_texts(ds) -> list[str]:
    texts = [t["ar"] for t in catalogue().values()] + [t["en"] for t in catalogue().values()]
    for name in ds.tables:
        df = ds[name]
        for col in df.columns:
            if col.endswith(("_ar", "_en")) and col != "key_phrase_ar":
                texts.extend(df[col].astype(str).tolist())
    return texts


def test_every_character_has_a_glyph_in_the_house_font(ds):
    # The font's own character map, checked for every character of every label and every
    # name in the data: what matplotlib's "Glyph ... missing from font" warning checks.
    from matplotlib import font_manager

    use_style("ar")
    font = font_manager.get_font(font_manager.findfont("DejaVu Sans"))
    charmap = font.get_charmap()
    missing = {
        ch for text in _all_texts(ds) for ch in text if ch.isprintable() and ord(ch) not in charmap
    }
    assert not missing, f"characters DejaVu Sans cannot draw: {sorted(missing)}"


def test_labels_and_mixed_text_render_without_warnings(ds):
    use_style("ar")
    sample = [t["ar"] for t in list(catalogue().values())[::7]]
    sample += ["مجلس التعاون (GCC) 2019", "إيران / العراق: 1.5", "من 1971 إلى 2024"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _draw(sample)


def test_missing_glyph_is_an_error():
    # the check above can fail: a glyph DejaVu Sans lacks (CJK) raises
    use_style("en")
    with pytest.raises(UserWarning, match="missing from font"):
        _draw(["漢字"])


def test_no_arabic_string_literals_in_code():
    # user-visible Arabic lives in the catalogue and the data, never in code
    for path in (ROOT / "gulfsec").rglob("*.py"):
        src = path.read_text(encoding="utf-8")
        body = re.sub(r'""".*?"""', "", src, flags=re.S)  # docstrings may show examples
        assert not ARABIC_LETTER.search(body), f"Arabic literal in {path.relative_to(ROOT)}"
    for nb in NOTEBOOKS.glob("*.ipynb"):
        doc = json.loads(nb.read_text(encoding="utf-8"))
        for i, cell in enumerate(doc["cells"]):
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                src = "\n".join(line.split("#")[0] for line in src.splitlines())
                assert not ARABIC_LETTER.search(src), f"Arabic literal in {nb.name} code cell {i}"
