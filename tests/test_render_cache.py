"""The cache of ``gulfsec render``, keyed on the sources the library recorded (issue 21).

A run's key holds the sources :mod:`gulfsec.provenance` recorded in its kernel (stored as
``sources`` in the manifest), the notebook, its parameters, the package code and the
environment that decides a page's bytes: an edit re-renders exactly the reports whose Sources
name the edited table, in both directions, and a report never stays stale (issue 23: N25,
N27, N28, N49-N52). Uses the fixture notebooks ``reads_table.ipynb`` (loads a data package,
prints one table's first row, reads the file ``extra_csv`` names) and ``sources.ipynb``; the
tests of the key's environment and of the pages on disk render a smaller notebook made here
(a line of text and an image, no pandas or matplotlib to import), since each of them renders
it four or five times.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import DATA
from test_render import FIXTURES, cli, manifest

import gulfsec
from gulfsec import provenance
from gulfsec.render import keys

pytestmark = pytest.mark.slow


def _plan(folder: Path, reports: list[dict]) -> Path:
    nbdir = folder / "notebooks"
    if not nbdir.exists():
        nbdir.mkdir()
        shutil.copy2(FIXTURES / "reads_table.ipynb", nbdir)
    plan = {"notebooks": "notebooks", "data": "data", "timeout": 60, "reports": reports}
    path = folder / "plan.yml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    return path


def _report(rid: str, **parameters) -> dict:
    return {
        "id": rid,
        "notebook": "reads_table.ipynb",
        "parameters": parameters,
        "edition": "instructor",
        "title": rid,
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _statuses(proc) -> dict[str, str]:
    return {
        line.split()[1]: line.split()[0] for line in proc.stdout.splitlines() if line[:1] != "g"
    }


def test_an_edit_renders_exactly_what_read_it_and_nothing_stays_stale(tmp_path):
    data, other = tmp_path / "data", tmp_path / "other-data"
    shutil.copytree(DATA, data)
    shutil.copytree(DATA, other)
    extra = tmp_path / "extra.csv"
    extra.write_text("x\n1\n2\n", encoding="utf-8")
    reports = [
        _report("threats", table="threat_scores", data_path=str(data)),
        _report("actors", table="actors", data_path=str(data), extra_csv=str(extra)),
        _report("elsewhere", table="actors", data_path=str(other)),
    ]
    plan = _plan(tmp_path, reports)
    out = tmp_path / "out"
    page = {r["id"]: out / r["id"] / f"{r['id']}.html" for r in reports}

    proc, _ = cli(plan, out, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    m = manifest(out)

    def named(rid: str, kind: str) -> set[str]:
        return {
            r["file"] if kind != "package" else r["path"]
            for r in m[rid]["sources"]
            if r["kind"] == kind
        }

    # what each run used is recorded, with the digest of the bytes as read
    assert named("threats", "table") == {str(data / "threat_scores.csv")}
    assert named("actors", "table") == {str(data / "actors.csv")}
    assert named("actors", "file") == {str(extra)}
    assert named("threats", "package") == {str(data)}
    (table,) = [r for r in m["threats"]["sources"] if r["kind"] == "table"]
    assert table["sha256"] == hashlib.sha256((data / "threat_scores.csv").read_bytes()).hexdigest()
    assert table["passages"] and all(isinstance(p, int) for p in table["passages"])
    first = {rid: p.read_bytes() for rid, p in page.items()}

    # nothing changed: nothing runs
    proc, _ = cli(plan, out)
    assert set(_statuses(proc).values()) == {"cached"}, proc.stdout

    # same inputs, same bytes (streams arrive in several chunks: coalesced), issue 13 item 10
    proc, _ = cli(plan, out, "--force", "--only", "elsewhere")
    assert proc.returncode == 0 and page["elsewhere"].read_bytes() == first["elsewhere"]
    nb = json.loads((out / "elsewhere" / "elsewhere.ipynb").read_text(encoding="utf-8"))
    streams = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "stream"]
    assert len(streams) == 1  # three prints, 50 ms apart: one output, however they arrived

    # a value in threat_scores.csv, and a table that no report reads (the package stays
    # valid): only the report that read threat_scores, and it shows the new value
    _edit(data / "threat_scores.csv", "IRAN,likelihood,5,", "IRAN,likelihood,4,")
    _edit(data / "glossary.csv", "geographically close states", "geographically near states")
    proc, _ = cli(plan, out)
    assert _statuses(proc) == {"threats": "ok", "actors": "cached", "elsewhere": "cached"}
    assert "first row: IRAN, likelihood, 4, high" in page["threats"].read_text(encoding="utf-8")

    # the file a parameter names, and the folder given as data_path (issue 13 item 3): those
    # reports render again, with the new content
    with open(extra, "a", encoding="utf-8") as fh:
        fh.write("3\n")
    reports[2]["parameters"]["data_path"] = str(data)
    plan = _plan(tmp_path, reports)
    proc, _ = cli(plan, out)
    assert _statuses(proc) == {"threats": "cached", "actors": "ok", "elsewhere": "ok"}
    assert "extra.csv: 3 rows" in page["actors"].read_text(encoding="utf-8")

    # the package becomes invalid: every run that loaded it renders again (and now fails)
    with open(data / "threat_scores.csv", "a", encoding="utf-8") as fh:
        fh.write("NO_SUCH_THREAT,likelihood,3,high,x,x,22\n")
    proc, _ = cli(plan, out)
    assert proc.returncode == 1
    assert _statuses(proc) == {"threats": "FAILED", "actors": "FAILED", "elsewhere": "FAILED"}
    assert "NO_SUCH_THREAT" in manifest(out)["actors"]["error"]


def test_a_table_is_hashed_as_read_not_as_used(tmp_path):
    # N25: an edit between load() and the first use of a table must not be taken for what
    # the run read (the page shows the old value; the record must say so)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = (data / "actors.csv").read_bytes()
    provenance.clear()
    ds = gulfsec.load(data)
    _edit(data / "actors.csv", "Iran", "Eran")
    assert "Eran" not in ds.actors.to_csv()  # the table in memory: the bytes as read
    (rec,) = provenance.sources(["table"])
    assert rec["sha256"] == hashlib.sha256(before).hexdigest()
    assert not keys.sources_fresh(provenance.sources())  # so the next render runs again
    provenance.clear()


def test_sources_fresh_in_both_directions(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    provenance.clear()
    ds = gulfsec.load(data)
    ds["threat_scores"]
    recs = provenance.sources() + keys.parameter_files([tmp_path / "gone.csv"])
    memo: dict = {}
    assert keys.sources_fresh(recs, memo)
    # a table the run did not use, the package still valid: fresh
    _edit(data / "glossary.csv", "geographically close states", "geographically near states")
    assert keys.sources_fresh(recs, {})
    # the package made invalid by a table the run did not use: stale (it would now fail)
    with open(data / "glossary.csv", "a", encoding="utf-8") as fh:
        fh.write("broken\n")
    assert not keys.sources_fresh(recs, {})
    shutil.copy2(DATA / "glossary.csv", data / "glossary.csv")
    assert keys.sources_fresh(recs, {})
    # the table it used: stale
    _edit(data / "threat_scores.csv", "IRAN,likelihood,5,", "IRAN,likelihood,4,")
    assert not keys.sources_fresh(recs, {})
    # a package copy the run made and removed is not checked; corrupt records are stale
    scratch = [dict(r, path=str(tmp_path / "gone")) for r in recs if r["kind"] == "package"]
    assert keys.sources_fresh(scratch, {})
    assert not keys.sources_fresh([{"kind": "table"}], {})
    assert not keys.sources_fresh("corrupt")
    provenance.clear()


def test_package_code_labels_and_templates_are_in_every_key(tmp_path, monkeypatch):
    # a change to any module, label catalogue or template of the package renders every
    # report again (the site builder and a wheel's data are not part of it)
    copy = tmp_path / "gulfsec"
    shutil.copytree(Path(gulfsec.__file__).parent, copy, ignore=shutil.ignore_patterns("_data"))
    monkeypatch.setattr(gulfsec, "__file__", str(copy / "__init__.py"))
    base = keys.package_fingerprint()
    for rel in ("labels/core.csv", "render/templates/report.css", "power.py"):
        f = copy / rel
        original = f.read_bytes()
        f.write_bytes(original + b"\n")
        assert keys.package_fingerprint() != base, rel
        f.write_bytes(original)
    (copy / "site" / "extra.py").write_text("x = 1\n")
    assert keys.package_fingerprint() == base


#: A 4 x 4 PNG: the small report's figure (an image file of the page, which the renderer
#: writes beside it and lists in the manifest's ``assets``).
_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAIElEQVR4nGN8Np9B6vImBgYGBgYGJjiLgYGBiQEJ"
    "oHAA1OAEy3oV0ZEAAAAASUVORK5CYII="
)


def _one_notebook_plan(folder: Path, rid: str, code: str, edition: str = "report") -> Path:
    """A plan of one report ``rid`` whose notebook is a parameters cell (``lang``) and one code
    cell, ``code``, written into ``folder``."""
    nbdir = folder / "notebooks"
    nbdir.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                'lang = "en"  # "en" or "ar": language of the report',
                metadata={"tags": ["parameters"]},
            ),
            nbformat.v4.new_code_cell(code),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "gulfsec", "display_name": "gulfsec", "language": "python"}
    nbformat.write(nb, nbdir / f"{rid}.ipynb")
    plan = {
        "notebooks": "notebooks",
        "data": str(DATA),
        "timeout": 60,
        "reports": [
            {
                "id": rid,
                "notebook": f"{rid}.ipynb",
                "parameters": {"lang": "en"},
                "edition": edition,
                "title": rid,
            }
        ],
    }
    path = folder / "plan.yml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    return path


def _small_plan(folder: Path) -> Path:
    """A plan of one report whose notebook prints a line and shows an image, and imports
    neither pandas nor matplotlib: the cheapest page that has text, an image file and a key
    (these tests are about the key and the files on disk, not about what a page shows)."""
    return _one_notebook_plan(
        folder,
        "ok",
        "import base64\n\nfrom IPython.display import Image\n\n"
        'print("a small report in", lang)\n'
        f'Image(data=base64.b64decode("{_PNG}"))',
    )


def test_configuration_that_changes_pages_is_in_the_key(tmp_path):
    # N49-N51: matplotlib's and IPython's configuration and GULFSEC_WIDGETS decide bytes
    import os

    plan, out = _small_plan(tmp_path), tmp_path / "out"
    mpl = tmp_path / "mplcfg"
    mpl.mkdir()
    (mpl / "matplotlibrc").write_text("axes.facecolor: yellow\n")
    ipy = tmp_path / "ipydir" / "profile_default"
    ipy.mkdir(parents=True)
    (ipy / "ipython_kernel_config.py").write_text(
        "c.InlineBackend.rc = {'axes.facecolor': 'pink'}\n"
    )
    base = dict(os.environ)
    for extra in (
        {},
        {"MPLCONFIGDIR": str(mpl)},
        {"IPYTHONDIR": str(ipy.parent)},
        {"GULFSEC_WIDGETS": "1"},
    ):
        env = {
            k: v
            for k, v in base.items()
            if k not in ("MPLCONFIGDIR", "IPYTHONDIR", "GULFSEC_WIDGETS")
        } | extra
        proc, _ = cli(plan, out, env=env)
        assert proc.returncode == 0, proc.stderr
        assert _statuses(proc) == {"ok": "ok"}, (extra, proc.stdout)
        proc, _ = cli(plan, out, env=env)
        assert _statuses(proc) == {"ok": "cached"}, (extra, proc.stdout)


def test_pages_on_disk_are_checked_against_the_manifest(tmp_path):
    # N27, N28: a page emptied, truncated or replaced after the render (by hand, by a
    # notebook, by a render killed between its pages and its manifest) is rendered again
    plan, out = _small_plan(tmp_path), tmp_path / "out"
    proc, _ = cli(plan, out)
    assert proc.returncode == 0, proc.stderr
    page, nb = out / "ok" / "ok.html", out / "ok" / "ok.ipynb"
    good = page.read_bytes(), nb.read_bytes()
    for damage in (
        lambda: page.write_bytes(b""),
        lambda: nb.write_text('{"cells": []'),
        lambda: page.write_text("<h1>HACKED BY NOTEBOOK</h1>"),
    ):
        damage()
        proc, _ = cli(plan, out)
        assert _statuses(proc) == {"ok": "ok"}, proc.stdout
        assert page.read_bytes() == good[0]  # the notebook records when it ran
        assert json.loads(nb.read_text(encoding="utf-8"))["cells"]
    # an image of the page damaged: rendered again, the image restored
    img = out / next(a for a in manifest(out)["ok"]["assets"] if a.endswith(".png"))
    data = img.read_bytes()
    img.write_bytes(data[:10])
    proc, _ = cli(plan, out)
    assert _statuses(proc) == {"ok": "ok"} and img.read_bytes() == data
    proc, _ = cli(plan, out)
    assert _statuses(proc) == {"ok": "cached"}


def test_widget_state_brings_no_script_into_a_page(tmp_path):
    # N52: nbclient stores the widgets' state in the notebook; nbconvert would then add its
    # widget loader, a script from a CDN, to the page
    _one_notebook_plan(
        tmp_path, "w", "import ipywidgets\nipywidgets.IntSlider(value=3)", edition="student"
    )
    out = tmp_path / "out"
    proc, _ = cli(tmp_path / "plan.yml", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (out / "w" / "w.html").read_text(encoding="utf-8")
    assert "IntSlider" in page  # the widget's text output is shown
    assert "unpkg.com" not in page and "cdn.jsdelivr" not in page
    assert "widget-state+json" not in page
    published = json.loads((out / "w" / "w.ipynb").read_text(encoding="utf-8"))
    assert "widgets" not in published["metadata"]


def test_the_sources_section_names_what_the_key_holds(tmp_path):
    # the fixture ends as every notebook does: show_sources(lang), in the page's language
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    shutil.copy2(FIXTURES / "sources.ipynb", nbdir)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    plan = {
        "notebooks": "notebooks",
        "data": "data",
        "timeout": 60,
        "reports": [
            {
                "id": f"s-{lang}",
                "notebook": "sources.ipynb",
                "parameters": {"lang": lang},
                "edition": "report",
                "title": f"s-{lang}",
            }
            for lang in ("en", "ar")
        ],
    }
    (tmp_path / "plan.yml").write_text(yaml.safe_dump(plan, sort_keys=False))
    out = tmp_path / "out"
    proc, _ = cli(tmp_path / "plan.yml", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    en = (out / "s-en" / "s-en.html").read_text(encoding="utf-8")
    ar = (out / "s-ar" / "s-ar.html").read_text(encoding="utf-8")
    m = manifest(out)
    used = {r["table"] for r in m["s-en"]["sources"] if r["kind"] == "table"}
    assert used == {"actors", "threat_scores"}
    (nmc,) = [r for r in m["s-en"]["sources"] if r["kind"] == "extract"]
    # the page lists exactly what the key holds: titles, files, paragraphs, citations
    assert "Actors" in en and "actors.csv" in en and "threat_scores.csv" in en
    assert "glossary.csv" not in en
    assert "Article paragraphs" in en and "Singer" in en and nmc["version"] in en
    assert "الفاعلون" in ar and "فقرات المقال" in ar and "Actors" not in ar
    # an edit to a table the Sources name renders again; one they do not name does not
    _edit(data / "glossary.csv", "geographically close states", "geographically near states")
    proc, _ = cli(tmp_path / "plan.yml", out)
    assert _statuses(proc) == {"s-en": "cached", "s-ar": "cached"}, proc.stdout
    _edit(data / "threat_scores.csv", "IRAN,likelihood,5,", "IRAN,likelihood,4,")
    proc, _ = cli(tmp_path / "plan.yml", out)
    assert _statuses(proc) == {"s-en": "ok", "s-ar": "ok"}, proc.stdout
