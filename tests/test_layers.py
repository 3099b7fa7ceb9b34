"""The import layering: data < analyses < plotting < publishing < command line, no private names.

The layers are import-linter contracts in ``pyproject.toml`` (``[tool.importlinter]``); the
second rule, that no module imports another package's private names (``_name`` or a private
module ``_module``), is a short AST walk, as import-linter has no contract for it.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "gulfsec"


def _module(path: Path, base: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(base).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _is_module(base: Path, parts: list[str]) -> bool:
    """Whether ``parts`` name a module or package of the tree under ``base``."""
    path = base.joinpath(*parts)
    return path.is_dir() or path.with_suffix(".py").is_file()


def private_imports(package: Path = PACKAGE) -> set[tuple[str, str]]:
    """``(importer, name)`` of every private name imported from another package.

    A private name (``_x`` defined in a module) belongs to the package that holds the module
    defining it: only modules of that very package may import it. A private module (``_m``)
    serves the package that holds it and the packages inside it (``gulfsec._validate`` is
    gulfsec's own; ``gulfsec.render._x`` is not the site's).
    """
    base = package.parent
    found = set()
    for path in sorted(package.rglob("*.py")):
        me, is_package = _module(path, base)
        mine = me if is_package else me.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for full in names:
                parts = full.split(".")
                if parts[0] != package.name:
                    continue
                first = next(
                    (
                        i
                        for i, p in enumerate(parts)
                        if p.startswith("_") and not p.startswith("__")
                    ),
                    None,
                )
                if first is None:
                    continue
                owner = parts[:first]  # the module or package holding the private name
                owner_pkg = owner if (base.joinpath(*owner)).is_dir() else owner[:-1]
                owner_name = ".".join(owner_pkg)
                if _is_module(base, parts[: first + 1]):
                    # a private module serves its package and the packages inside it
                    if mine != owner_name and not mine.startswith(owner_name + "."):
                        found.add((me, full))
                elif owner_name != mine:  # a private name serves its own package only
                    found.add((me, full))
    return found


def test_layers_hold():
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(no_cache=True, no_logo=True))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout, proc.stdout


def test_a_broken_layer_is_found(tmp_path):
    # the contract can fail: a copy of the package where the data layer imports publishing
    import shutil

    copy = tmp_path / "gulfsec"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "_data"))
    i18n = copy / "i18n.py"
    i18n.write_text(i18n.read_text(encoding="utf-8") + "\nimport gulfsec.render  # noqa\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); "
        "from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(no_cache=True, no_logo=True))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1 and "BROKEN" in proc.stdout, proc.stdout[-2000:]
    assert "gulfsec.i18n -> gulfsec.render" in proc.stdout


def test_no_private_name_is_imported_across_packages():
    assert private_imports() == set()


def test_the_private_name_check_finds_what_it_should(tmp_path):
    pkg = tmp_path / "gulfsec"
    (pkg / "render").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data.py").write_text("def _check(): pass\n")
    (pkg / "_validate.py").write_text("def check(): pass\n")
    (pkg / "external.py").write_text("from gulfsec.data import _check\nimport gulfsec._validate\n")
    (pkg / "render" / "__init__.py").write_text("")
    (pkg / "render" / "_io.py").write_text("x = 1\n")
    (pkg / "render" / "run.py").write_text(
        "from gulfsec.data import _check\nfrom gulfsec.render._io import x\n"
        "from gulfsec._validate import check\nfrom gulfsec.data import load\n"
    )
    (pkg / "site").mkdir()
    (pkg / "site" / "__init__.py").write_text("")
    (pkg / "site" / "build.py").write_text("from gulfsec.render._io import x\n")
    assert private_imports(pkg) == {
        ("gulfsec.render.run", "gulfsec.data._check"),
        ("gulfsec.site.build", "gulfsec.render._io.x"),
    }


def test_architecture_names_every_module():
    # ARCHITECTURE.md names each module with its one job; it must match the code
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if f"`{rel}`" not in text:
            missing.append(rel)
    assert not missing, f"ARCHITECTURE.md does not name {missing}"
    gone = [
        name
        for name in re.findall(r"`((?:render|site|plotting)/\w+\.py|\w+\.py)`", text)
        if not (PACKAGE / name).is_file()
    ]
    assert not gone, f"ARCHITECTURE.md names modules that do not exist: {gone}"
