"""environment.yml (conda) and pyproject.toml (pip) declare the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT

# conda-forge names that differ from the PyPI names
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _norm(spec: str) -> tuple[str, str]:
    name, rest = _REQ.match(spec).groups()
    name = CONDA_TO_PYPI.get(name.lower(), name.lower()).replace("_", "-")
    return name, rest.replace(" ", "")


def _pyproject() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(meta["dependencies"])
    for extra in ("publish", "lab", "cluster", "test"):  # what `make setup` installs
        specs += meta["optional-dependencies"][extra]
    return dict(_norm(s) for s in specs)


def _conda() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python", "pip")):
            name, rest = _norm(dep)
            out[name] = rest
        elif isinstance(dep, dict):  # the pip section: packages that conda-forge lacks
            for spec in dep.get("pip", []):
                if not spec.startswith("-"):
                    name, rest = _norm(spec.split("#")[0].strip())
                    out[name] = rest
    return out


def test_same_packages_and_bounds():
    py, conda = _pyproject(), _conda()
    assert set(py) == set(conda), (
        f"only in pyproject: {sorted(set(py) - set(conda))}; "
        f"only in environment.yml: {sorted(set(conda) - set(py))}"
    )
    differing = {k: (py[k], conda[k]) for k in py if py[k] != conda[k]}
    assert not differing, f"bounds differ (pyproject, environment.yml): {differing}"


def test_python_version_agrees():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert meta["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]


def test_the_library_installs_without_publishing():
    # `pip install gulfsec` is the library; publishing, JupyterLab and Dask are extras.
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lib = {_norm(s)[0] for s in meta["dependencies"]}
    heavy = {"papermill", "nbconvert", "sphinx", "myst-nb", "jupyterlab", "voila", "ipykernel"}
    assert not lib & heavy, sorted(lib & heavy)
    assert {"numpy", "pandas", "matplotlib", "networkx", "frictionless", "babel"} <= lib
    extras = meta["optional-dependencies"]
    assert {"publish", "lab", "cluster", "test"} <= set(extras)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-e ".[publish,lab,cluster,test]"' in makefile


def test_matplotlib_window():
    # matplotlib >= 3.11 shapes Arabic itself; < 3.13 keeps seaborn's boxplot quiet.
    assert _pyproject()["matplotlib"] == ">=3.11,<3.13"
