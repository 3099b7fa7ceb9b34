"""Editions (render.editions), Arabic direction (render.bidi) and the tool that marks the
source notebooks (tools/mark_rtl.py). No kernel runs here."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

from gulfsec.i18n import LRI, PDI

COURSE = ROOT / "tests" / "fixtures" / "course"
TOOL = ROOT / "tools" / "mark_rtl.py"


def _nb(*cells):
    nb = nbformat.v4.new_notebook(cells=list(cells))
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    return nb


def _md(text, *tags):
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": list(tags)})


@pytest.mark.parametrize("tag", ["Solution", "solutions", "SOLUTION", "solution ", " Solutions"])
def test_solution_tags_are_read_as_meant(tag):
    from gulfsec.render.editions import make_edition

    nb = _nb(
        _md("exercise", "lang-en"),
        _md("WORKED-ANSWER", "lang-en", tag),
        nbformat.v4.new_code_cell("print('CODE-ANSWER')", metadata={"tags": [tag]}),
    )
    for edition in ("report", "student"):
        text = json.dumps(make_edition(nb, edition, "en", "T"))
        assert "WORKED-ANSWER" not in text and "CODE-ANSWER" not in text, (tag, edition)
    text = json.dumps(make_edition(nb, "instructor", "en", "T"))
    assert "WORKED-ANSWER" in text and "CODE-ANSWER" in text


@pytest.mark.parametrize("tag", ["LANG-AR", "lang_ar", "lang-ar "])
def test_language_tags_are_read_as_meant(tag):
    from gulfsec.render.editions import make_edition

    nb = _nb(_md("ENGLISH", "lang-en"), _md("عربي", tag))
    assert "عربي" not in json.dumps(make_edition(nb, "student", "en", "T"), ensure_ascii=False)


@pytest.mark.parametrize(
    ("tag", "near"), [("solutoin", "solution"), ("soluton", "solution"), ("lang-ra", "lang-ar")]
)
def test_a_mistyped_tag_is_an_error_naming_notebook_and_cell(tag, near):
    from gulfsec.render.editions import EditionError, make_edition

    nb = _nb(_md("a", "lang-en"), _md("WORKED-ANSWER", tag))
    info = {"notebook": "07_x.ipynb"}
    with pytest.raises(EditionError) as err:
        make_edition(nb, "student", "en", "T", info)
    msg = str(err.value)
    assert "07_x.ipynb" in msg and "cell 2 (id c1)" in msg
    assert repr(tag) in msg and repr(near) in msg


def test_unrelated_tags_are_not_errors():
    from gulfsec.render.editions import check_tags

    check_tags(_nb(_md("a", "exercise", "hide-input", "lang-en", "figure-3")), "x.ipynb")


def test_arabic_edition_isolates_formulas_and_marks_cells_right_to_left():
    from gulfsec.render.bidi import is_marked_rtl
    from gulfsec.render.editions import make_edition

    nb = _nb(
        _md("The inverse (1/HHI) over 1971–2024", "lang-en"),
        _md("مقلوب المؤشر (1/HHI) في الفترة 1971–2024 والقيمة `-9` و$x_i$", "lang-ar"),
    )
    ar = make_edition(nb, "student", "ar", "T")
    (cell,) = ar.cells
    assert is_marked_rtl(cell.source)
    for run in ("(1/HHI)", "1971–2024", "`-9`", "$x_i$"):
        assert f"{LRI}{run}{PDI}" in cell.source, run
    en = make_edition(nb, "student", "en", "T")
    assert en.cells[0].source == "The inverse (1/HHI) over 1971–2024"  # English untouched
    # isolating again changes nothing (the report page's converter may do it once more)
    from gulfsec.render.bidi import isolate_notebook

    assert isolate_notebook(ar) == ar


def test_mark_rtl_tool_on_the_fixture_notebooks(tmp_path):
    for nb in COURSE.glob("*.ipynb"):
        shutil.copy(nb, tmp_path / nb.name)
    # unmark the copies, as a notebook would be before the tool ran
    from gulfsec.render.bidi import unmark_rtl

    before = {}
    for path in sorted(tmp_path.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            if c.cell_type == "markdown":
                c.source = unmark_rtl(c.source).replace(LRI, "").replace(PDI, "")
        nbformat.write(nb, path)
        before[path.name] = nb
    paths = [str(p) for p in sorted(tmp_path.glob("*.ipynb"))]
    check = subprocess.run([sys.executable, str(TOOL), "--check", *paths], capture_output=True)
    assert check.returncode == 1  # the check can fail
    run = subprocess.run([sys.executable, str(TOOL), *paths], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Arabic markdown cell(s) changed" in run.stdout
    again = subprocess.run([sys.executable, str(TOOL), *paths], capture_output=True, text=True)
    assert again.stdout.count(": 0 Arabic markdown cell(s) changed") == len(paths), again.stdout
    for path in sorted(tmp_path.glob("*.ipynb")):
        old, new = before[path.name], nbformat.read(path, as_version=4)
        assert [c.id for c in old.cells] == [c.id for c in new.cells]
        for a, b in zip(old.cells, new.cells, strict=True):
            if "lang-ar" in a.metadata.get("tags", []) and a.cell_type == "markdown":
                assert unmark_rtl(b.source).replace(LRI, "").replace(PDI, "") == a.source
            else:
                assert a == b  # code and English cells untouched
        # the file is in nbformat's layout: writing it again gives the same bytes
        text = path.read_text(encoding="utf-8")
        assert nbformat.writes(new) + "\n" == text or nbformat.writes(new) == text


@pytest.mark.parametrize(
    "path",
    sorted(NOTEBOOKS.glob("*.ipynb")) + sorted(COURSE.glob("*.ipynb")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_arabic_cells_of_the_notebooks_carry_their_direction(path):
    """Every Arabic markdown cell is marked right to left with its formulas isolated, so that
    it reads right in JupyterLab (run ``tools/mark_rtl.py notebooks/*.ipynb`` to fix)."""
    from gulfsec.render.bidi import mark_rtl_notebook

    nb = nbformat.read(path, as_version=4)
    original = {c.id: c.source for c in nb.cells}
    mark_rtl_notebook(nb)
    changed = [c.id for c in nb.cells if c.source != original[c.id]]
    assert changed == [], (
        f"{path.name}: Arabic cells {changed[:8]} are not marked right to left and isolated; "
        f"run: .venv/bin/python tools/mark_rtl.py {path.relative_to(ROOT)}"
    )


@pytest.mark.slow  # gulfsec render runs kernels
def test_render_reads_solution_tags_as_meant_and_stops_at_a_mistyped_one(tmp_path):
    """N6 through ``gulfsec render``: ``Solution``/``solutions``/``SOLUTION``/``solution ``
    cells stay out of the student edition (page and notebook); ``solutoin`` fails that
    report with a message naming the notebook and the cell, and no page is written."""
    import yaml
    from conftest import DATA, render_cli

    src = ROOT / "tests" / "fixtures" / "notebooks" / "ok.ipynb"
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    for name, tags in (
        ("variants", ["Solution", "solutions ", "SOLUTION", "solution "]),
        ("typo", ["solutoin"] * 4),
    ):
        nb = nbformat.read(src, as_version=4)
        solutions = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
        assert len(solutions) == 3
        for cell, tag in zip(solutions, tags, strict=False):
            cell.metadata["tags"] = [t if t != "solution" else tag for t in cell.metadata["tags"]]
        nbformat.write(nb, nbdir / f"{name}.ipynb")
    reports = [
        {
            "id": f"{name}-{ed}",
            "notebook": f"{name}.ipynb",
            "parameters": {"lang": "en"},
            "edition": ed,
            "title": name,
        }  # fmt: skip
        for name in ("variants", "typo")
        for ed in ("student", "instructor")
    ]
    plan = {"notebooks": str(nbdir), "data": str(DATA), "timeout": 120, "reports": reports}
    (tmp_path / "plan.yml").write_text(yaml.safe_dump(plan), encoding="utf-8")
    out = tmp_path / "out"
    proc = render_cli(tmp_path / "plan.yml", out, "--workers", "1", timeout=300)
    assert proc.returncode != 0  # the mistyped tag fails its reports
    for ext in ("html", "ipynb"):
        student = (out / "variants-student" / f"variants-student.{ext}").read_text("utf-8")
        assert "FIXTURE-SOLUTION" not in student and "FIXTURE-ANSWER-MD" not in student
        instructor = (out / "variants-instructor" / f"variants-instructor.{ext}").read_text("utf-8")
        assert "FIXTURE-SOLUTION" in instructor and "FIXTURE-ANSWER-MD" in instructor
    said = proc.stdout + proc.stderr
    assert "typo.ipynb, cell" in said and "'solutoin' looks like 'solution'" in said, said
    assert "Traceback" not in said
    assert not (out / "typo-student" / "typo-student.html").exists()
