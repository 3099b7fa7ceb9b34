"""Packaging: import stays light, the data ship inside the wheel, notebooks are stripped."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import NOTEBOOKS, ROOT


def test_import_is_light():
    code = (
        "import sys, gulfsec; "
        "heavy = [m for m in ('matplotlib', 'seaborn', 'frictionless', 'pandas', 'networkx', "
        "'papermill') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_load_does_not_import_plotting_or_frictionless():
    code = (
        "import sys, gulfsec; gulfsec.load(); "
        "print([m for m in ('matplotlib', 'seaborn', 'frictionless') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    return next(out.glob("gulfsec-*.whl"))


@pytest.mark.slow  # builds and installs the wheel
def install_wheel(wheel: Path, target: Path) -> Path:
    """The wheel installed into ``target`` (without dependencies), as pip installs it."""
    cmd = [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target)]
    subprocess.run([*cmd, str(wheel)], check=True)
    return target


def test_wheel_ships_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = ROOT / "data"  # every file, in subfolders too (external/: published extracts)
    data_files = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    shipped = {n.removeprefix("gulfsec/_data/") for n in names if n.startswith("gulfsec/_data/")}
    assert data_files <= shipped, data_files - shipped


@pytest.mark.slow  # builds and installs the wheel
def test_data_load_from_a_non_editable_install(wheel, tmp_path):
    target = install_wheel(wheel, tmp_path / "site")
    code = (
        "import gulfsec, gulfsec.data as d; ds = gulfsec.load(); "
        "print(d.default_data_path().parts[-2:], len(ds.actors), "
        "len(gulfsec.load_external().cow_nmc))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert out.stdout.startswith("('gulfsec', '_data')"), out.stdout + out.stderr
    assert out.stdout.split()[-1] == "1356", out.stdout  # the NMC extract ships and reads


@pytest.mark.slow  # builds and installs the wheel
def test_render_outside_a_checkout_needs_a_plan(wheel, tmp_path):
    # pip install gulfsec[publish]: no default plan inside site-packages; a clear exit 2
    target = tmp_path / "site"
    target.mkdir()
    (target / "reports").mkdir()  # a plan beside the package must never be read
    (target / "reports" / "plan.yml").write_text("reports: [nonsense\n")
    install_wheel(wheel, target)
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r}); "
        "from gulfsec.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code, "render"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 2, out.stdout + out.stderr
    assert "no plan given" in out.stderr and "--plan FILE" in out.stderr
    assert "Traceback" not in out.stderr and str(target) not in out.stderr


def test_the_library_imports_nothing_of_publishing():
    code = (
        "import sys, gulfsec; ds = gulfsec.load(); ds.actors; "
        "from gulfsec import power, networks, threats, alliances, evidence, provenance; "
        "heavy = {'papermill', 'nbconvert', 'nbclient', 'sphinx', 'jupyter_client', 'dask'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_notebooks_are_stripped():
    nbs = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert nbs, "no notebooks"
    for nb in nbs:
        doc = json.loads(nb.read_text(encoding="utf-8"))
        for i, cell in enumerate(doc["cells"]):
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [], f"{nb.name} cell {i} has outputs"
                assert cell.get("execution_count") is None, f"{nb.name} cell {i} has a count"
        assert doc["metadata"]["kernelspec"]["name"] == "gulfsec", nb.name
    verify = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--verify", *map(str, nbs)],
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, f"run nbstripout on: {verify.stdout}{verify.stderr}"


def test_notebooks_have_documented_parameters():
    import papermill as pm

    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        params = pm.inspect_notebook(str(nb))
        assert "lang" in params, nb.name
        for name, p in params.items():
            assert p["help"], f"{nb.name}: parameter {name!r} has no trailing comment"


def test_notebooks_pair_english_and_arabic_prose():
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        doc = json.loads(nb.read_text(encoding="utf-8"))
        tags = [set(c.get("metadata", {}).get("tags", [])) for c in doc["cells"]]
        en = sum("lang-en" in t for t in tags)
        ar = sum("lang-ar" in t for t in tags)
        assert en > 0 and en == ar, f"{nb.name}: {en} lang-en cells, {ar} lang-ar cells"
