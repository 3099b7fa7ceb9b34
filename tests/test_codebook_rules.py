"""The codebook's machine-checked rules (gulfsec.codebook): each on a hand-made failing case.

Every case breaks one rule in a temporary copy of ``data/`` and must be reported by
``gulfsec.validate`` and by ``gulfsec validate`` (exit 1) with the file, the row and the field,
like any other problem; the real data pass every rule (``test_data.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ARTICLE
from test_data import get_cell, row_where, set_cell

from gulfsec.cli import main
from gulfsec.codebook import names_state, quotations
from gulfsec.data import validate


@pytest.fixture
def article() -> Path:
    path = Path(os.environ.get("GULFSEC_ARTICLE", ARTICLE))
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the article file is missing in CI: {path}")
        pytest.skip(f"the article file is not at hand ({path}); set GULFSEC_ARTICLE")
    return path


def _row(root: Path, file: str, *key: str) -> int:
    """Data row of ``file`` whose first cells are ``key`` (a two-column primary key)."""
    rows = (root / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(rows) if line.startswith(",".join(key) + ","))


def _exposure_row(root: Path, threat: str, actor: str) -> int:
    return _row(root, "threat_exposure.csv", threat, actor)


def _reported(root, article, capsys, file, row, field, words):
    """The one problem of the case, from the function and from the command line."""
    problems = [p for p in validate(root, article=article) if (p.file, p.row) == (file, row)]
    assert [p.field for p in problems] == [field], [str(p) for p in problems]
    assert all(w in problems[0].message for w in words), problems[0].message
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr()
    assert f"{file}: row {row} (line {row + 1}), field '{field}'" in out.out + out.err
    return str(problems[0])


def test_exposure_4_must_cite_a_line_that_names_the_state(data_copy, article, capsys):
    r = _exposure_row(data_copy, "ASYMMETRIC", "KWT")  # cites 37;38: "the GCC states"
    set_cell(data_copy, "threat_exposure.csv", r, "exposure", "4")
    set_cell(data_copy, "threat_exposure.csv", r, "confidence", "medium")
    msg = _reported(
        data_copy, article, capsys, "threat_exposure.csv", r, "exposure", ["KWT", "الكويت", "3"]
    )
    print(msg)


def test_exposure_5_passes_when_a_cited_line_names_the_state(data_copy, article):
    r = _exposure_row(data_copy, "YEMEN_WAR", "ARE")  # cites 34: «في السعودية والإمارات»
    set_cell(data_copy, "threat_exposure.csv", r, "exposure", "5")
    assert validate(data_copy, article=article) == []


def test_low_confidence_score_must_be_the_midpoint(data_copy, article, capsys):
    r = _row(data_copy, "threat_scores.csv", "IRAN", "likelihood")  # 5, high
    set_cell(data_copy, "threat_scores.csv", r, "confidence", "low")
    assert get_cell(data_copy, "threat_scores.csv", r, "score") != "3"
    print(_reported(data_copy, article, capsys, "threat_scores.csv", r, "score", ["low", "3"]))


def test_low_confidence_exposure_is_at_most_3(data_copy, article, capsys):
    r = _exposure_row(data_copy, "YEMEN_WAR", "SAU")  # 5, named in 33
    set_cell(data_copy, "threat_exposure.csv", r, "confidence", "low")
    print(_reported(data_copy, article, capsys, "threat_exposure.csv", r, "exposure", ["low"]))


@pytest.mark.parametrize(
    ("file", "key", "value", "field", "quote"),
    [
        # English column: line 14 says «غياب توازن القوى», not this
        ("passages.csv", "passage_id", "14", "summary_en", " (the article: «غياب التوازن»)"),
        # Arabic column: the corrected spelling, not the article's «التصادم الوشيكة» (20)
        ("environment_features.csv", "feature_id", "7", "title_ar", " «التصادم الوشيك بين»"),
        # a date note quoting what the cited line does not say
        ("events.csv", "event_id", "houthi_takeover", "date_note_ar", " «عام 2014»"),
    ],
)
def test_every_quotation_is_verbatim_in_a_cited_line(
    data_copy, article, capsys, file, key, value, field, quote
):
    r = row_where(data_copy, file, key, value)
    set_cell(data_copy, file, r, field, get_cell(data_copy, file, r, field) + quote)
    print(
        _reported(
            data_copy, article, capsys, file, r, field, ["verbatim", quote.split("«")[1][:-1]]
        )
    )


def test_outside_record_needs_the_note_and_the_source(data_copy, article, capsys):
    r = row_where(data_copy, "events.csv", "event_id", "iraq_war_2003")  # note, no source
    set_cell(data_copy, "events.csv", r, "outside_record", "date")
    problems = [p for p in validate(data_copy, article=article) if p.row == r]
    assert sorted(p.field for p in problems) == ["external_source", "external_source_ar"]
    assert all(p.file == "events.csv" and "outside_record" in p.message for p in problems)
    assert main(["validate", str(data_copy)]) == 1
    print("\n".join(map(str, problems)))


def test_contested_term_in_the_projects_voice_is_reported(data_copy, article, capsys):
    r = row_where(data_copy, "threats.csv", "threat_id", "YEMEN_WAR")
    set_cell(
        data_copy, "threats.csv", r, "title_ar", "حرب اليمن وأثرها على الأمن الإقليمي للخليج العربي"
    )
    print(
        _reported(
            data_copy,
            article,
            capsys,
            "threats.csv",
            r,
            "title_ar",
            ["gulf_name_arabian", "للخليج العربي"],
        )
    )


def test_a_broken_terms_list_is_reported_not_raised(data_copy, article):
    p = data_copy / "contested_terms.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("\\boccup", "(occup", 1)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate(data_copy, article=article)
    assert [(x.file, x.row, x.field) for x in problems] == [("contested_terms.csv", 1, "pattern")]
    print(problems[0])


def test_names_state_reads_arabic_clitics_and_whole_words():
    assert names_state("حدود السعودية والدول الأخرى", ["المملكة العربية السعودية", "السعودية"])
    assert names_state("لدولة الإمارات العربية المتحدة", ["الإمارات"])
    assert names_state("والإمارات", ["الإمارات"])
    assert names_state("للعراق", ["العراق"])
    assert not names_state("القوة العراقية", ["العراق"])
    assert not names_state("دول مجلس التعاون", ["الكويت", "دولة الكويت"])


def test_quotations_split_at_an_ellipsis():
    assert quotations("a «b … c» d «e»") == [["b ", " c"], ["e"]]
    assert quotations("no quotation") == []
