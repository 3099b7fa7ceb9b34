"""The label catalogue is complete in both languages and every label renders without tofu."""

from __future__ import annotations

import json
import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import NOTEBOOKS, ROOT

from gulfsec.i18n import (
    LRI,
    PDI,
    PLURAL_FORMS,
    catalogue,
    check_lang,
    isolate_ltr,
    label,
    ltr_runs,
    plural,
)
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


# --- Counts, digits and percent (CONTRIBUTING.md, "Languages") -----------------------------

PLURAL_ROW = re.compile(r"^(?P<family>.+)\.(?P<form>zero|one|two|few|many|other)$")
# A placeholder directly followed by a noun is a count whose noun must agree with it.
EN_COUNT = re.compile(r"\{(\w+)\}\s+(?:[a-z-]+\s+)?([a-z]+s)\b")
AR_COUNT = re.compile(r"\{(\w+)\}\s+([\u0621-\u064A][^\s\u060c\u061b.:)]*)")
# Words after a placeholder that are not its counted noun (verbs, prepositions, conjunctions).
EN_NOT_NOUNS = {"is", "has", "ranks", "was", "does", "contiguous"}
AR_NOT_NOUNS = {
    "من",
    "في",
    "إلى",
    "على",
    "عن",
    "مع",
    "هو",
    "هي",
    "عند",
    "بين",
    "حسب",
    "يستشهد",
    "بينما",
    "بالوسط",
    "أي",
    "العنوان",
    "أكبر",
    "أصغر",
    "ليست",
    "لا",
    "تسبق",
    "مكرَّر",
    "إحدى",
    "عددًا",
    "للفاعل",
    "وحدها",
    "منها",
    "مدعومة",
    "تناقضها",
    "لدى",
    "ثم",
    "عام",
    "تنافس",
    "متجاورة",
    "بشدة",
    "بلغ",
    "مرة",
    "بدل",
}  # fmt: skip (مرة: after a decimal multiplier, not a count)
EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")


def _families() -> dict[str, set[str]]:
    fams: dict[str, set[str]] = {}
    for key in catalogue():
        m = PLURAL_ROW.match(key)
        if m and m["family"].rsplit(".", 1)[0] in catalogue():
            fams.setdefault(m["family"], set()).add(m["form"])
    return fams


def test_every_count_in_a_template_agrees_with_its_noun():
    # Every label with a count placeholder followed by its noun has plural rows for that
    # placeholder (label() then writes the whole phrase), and every plural family is complete.
    fams = _families()
    assert len(fams) >= 10
    cat = catalogue()
    for key, texts in cat.items():
        if PLURAL_ROW.match(key) and PLURAL_ROW.match(key)["family"] in fams:
            continue
        assert not re.search(r"[a-z]\(s\)", texts["en"]), f"{key}: write a plural, not '(s)'"
        for m in EN_COUNT.finditer(texts["en"]):
            if m[2] not in EN_NOT_NOUNS:
                assert f"{key}.{m[1]}" in fams, f"{key}: count {{{m[1]}}} {m[2]} has no plural rows"
        for m in AR_COUNT.finditer(texts["ar"]):
            if m[2] not in AR_NOT_NOUNS and "{" not in m[2]:  # "و{x}": another placeholder
                assert f"{key}.{m[1]}" in fams, f"{key}: count {{{m[1]}}} {m[2]} has no plural rows"
    for fam, forms in fams.items():
        key, name = fam.rsplit(".", 1)
        assert forms == set(PLURAL_FORMS), f"{fam}: forms {sorted(forms)}"
        assert f"{{{name}}}" in cat[key]["en"] and f"{{{name}}}" in cat[key]["ar"], fam
        for form in PLURAL_FORMS:
            en, ar = cat[f"{fam}.{form}"]["en"], cat[f"{fam}.{form}"]["ar"]
            if form in ("one", "two"):  # Arabic names the number in words: «فاعل واحد», «فاعلان»
                assert "{n}" not in ar and en.startswith("1 " if form == "one" else "2 "), fam
            else:
                assert "{n}" in ar and "{n}" in en, f"{fam}.{form}: the count is missing"


def test_plural_agreement_in_arabic_and_english():
    k = "networks.camp.label.k"
    assert [plural(k, n, "ar") for n in (0, 1, 2, 3, 10, 11, 99, 100, 101, 103)] == [
        "0 فاعلين", "فاعل واحد", "فاعلان", "3 فاعلين", "10 فاعلين", "11 فاعلًا", "99 فاعلًا",
        "100 فاعل", "101 فاعل", "103 فاعلين",
    ]  # fmt: skip
    assert [plural(k, n, "en") for n in (0, 1, 2, 11)] == [
        "0 actors",
        "1 actor",
        "2 actors",
        "11 actors",
    ]
    # label() agrees a count by itself, numpy integers included
    assert label("networks.camp.label", "ar", n=2, k=np.int64(11)) == "المعسكر 2 (11 فاعلًا)"
    assert label("networks.camp.label", "en", n=1, k=1) == "Camp 1 (1 actor)"
    with pytest.raises(KeyError, match="plural rows"):
        plural("networks.camp.label", 3, "ar")


def test_arabic_percent_sign_and_western_digits():
    # CONTRIBUTING.md: Western digits everywhere; Arabic text writes percent as «٪» after the number.
    assert label("alliances.network.summary", "ar", n=3, non_state=0.25, eff=2.0).startswith(
        "3 شركاء، 25٪ من القوة"
    )
    for key, texts in catalogue().items():
        assert not EASTERN_DIGITS.search(texts["ar"] + texts["en"]), f"{key}: Eastern Arabic digits"
        ar = re.sub(r"\{[^}]*\}", "", texts["ar"])  # format specs such as {x:.0%} are converted
        assert "%" not in ar and "بالمئة" not in ar and "في المئة" not in ar, f"{key}: percent as ٪"
    texts = [(ROOT / "reports" / "plan.yml").read_text(encoding="utf-8")]
    for nb in NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            src = "".join(cell["source"])
            assert not EASTERN_DIGITS.search(src), (
                f"{nb.name}: Eastern Arabic digits in {src[:60]!r}"
            )
            if "lang-ar" in cell["metadata"].get("tags", []):
                texts.append(re.sub(r"`[^`]*`|\$[^$]*\$", "", src))
    for text in texts:
        assert not re.search(r"\d\s?%|\d\s?(بالمئة|في المئة)", text), text[:80]
    for path in (ROOT / "data").glob("*.csv"):
        assert not EASTERN_DIGITS.search(path.read_text(encoding="utf-8")), path.name


def test_isolate_ltr_marks_formulas_signs_and_ranges_only():
    text = "مقلوب المؤشر (1/HHI)؛ القيمة -9 و−2 و+1؛ الفترة 1971–2024؛ عام 2003 ومؤشر CINC؛ .loc"
    runs = [text[a:b] for a, b in ltr_runs(text)]
    assert runs == ["(1/HHI)", "-9", "−2", "+1", "1971–2024", ".loc"]
    assert isolate_ltr(text).count(LRI) == len(runs) == isolate_ltr(text).count(PDI)
    # two operands side by side are two runs; sentence punctuation stays outside
    assert [text[a:b] for text in ["عام 2003 (25–27)."] for a, b in ltr_runs(text)] == ["(25–27)"]
    assert isolate_ltr("x = 1") == isolate_ltr(isolate_ltr("x = 1"))


def test_errors_read_in_the_reports_language(tmp_path, data_copy):
    # notebooks print explain(err, lang): the English is the error's own message, the Arabic
    # the same facts in Arabic (codes and values isolated left to right); unknown messages
    # are kept whole
    import gulfsec
    from gulfsec._validate import check_choice
    from gulfsec.i18n import explain

    ties = data_copy / "ties.csv"
    text = ties.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(text) if line.startswith("gcc_chn_partnership,"))
    cells = text[row].split(",")
    cells[6] = "5"  # strength, 1-3
    text[row] = ",".join(cells)
    ties.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(gulfsec.DataError) as info:
        gulfsec.load(data_copy)
    (problem,) = info.value.problems
    assert explain(problem, "en") == str(problem)
    ar = explain(problem, "ar")
    assert ar.startswith(f"ties.csv: الصف {row}") and "أكبر من الحد الأعلى" in ar
    assert not re.search(r"[A-Za-z]{3,}", re.sub(f"{LRI}.*?{PDI}|ties\\.csv", "", ar)), ar
    assert explain(info.value, "ar").startswith("مشكلة واحدة في حزمة البيانات:")
    with pytest.raises(ValueError) as info:
        check_choice("method", "median", ("arithmetic", "geometric"))
    assert explain(info.value, "en") == str(info.value)
    assert explain(info.value, "ar").startswith("يجب أن تكون قيمة المعامل")
    assert explain(ValueError("something new"), "ar") == "something new"


def test_name_column_finds_a_texts_column_in_each_language(ds):
    # both ways the data name a bilingual text: title_en / title_ar and date_note / date_note_ar
    from gulfsec.i18n import name_column

    pairs = 0
    for table in ds.tables:
        columns = list(ds[table].columns) + list(ds[table].index.names)
        for ar in (c for c in columns if c and c.endswith("_ar") and c != "key_phrase_ar"):
            base = ar[:-3]
            assert name_column(base, "ar", columns) == ar
            assert name_column(base, "en", columns) in {base, f"{base}_en"} & set(columns)
            pairs += 1
    assert pairs >= 25
    events = ds.events.columns
    assert name_column("date_note", "en", events) == "date_note"
    assert name_column("external_source", "ar", events) == "external_source_ar"
    with pytest.raises(KeyError, match="'cow_code' in 'ar'"):
        name_column("cow_code", "ar", ds.actors.columns)


def test_a_text_without_its_arabic_twin_is_explained_in_arabic():
    from gulfsec.data import Problem
    from gulfsec.i18n import explain

    p = Problem("events.csv", 9, "date_note_ar", "empty, but date_note is given")
    assert explain(p, "en") == str(p)
    assert explain(p, "ar").startswith(
        f"events.csv: الصف 9 (السطر 10)، الحقل {LRI}date_note_ar{PDI}: فارغ، في حين ذُكر "
        f"{LRI}date_note{PDI}"
    )
