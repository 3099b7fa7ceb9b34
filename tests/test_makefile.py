"""The newcomer's path: the Makefile does what the README and the error messages say.

``make -n`` (dry run) shows what a target would run without running it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(*args: str) -> str:
    # Under `make test` the outer make's flags and level leak in (and print "Entering/Leaving
    # directory" lines): run the inner make as a user would, from a clean environment.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    proc = subprocess.run(
        ["make", "--no-print-directory", "-n", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_make_setup_registers_the_kernel_again_when_it_is_missing(tmp_path):
    # The render's missing-kernel message says "run `make setup`": it must then do it, even
    # with the venv installed (``-o`` treats the install stamp as up to date).
    stamp = ".venv/.gulfsec-installed"
    kernels = tmp_path / "share" / "jupyter" / "kernels"
    out = dry_run("-o", stamp, "setup", f"KERNELS={kernels}")
    assert f"ipykernel install --prefix {tmp_path} --name gulfsec" in out
    (kernels / "gulfsec").mkdir(parents=True)
    (kernels / "gulfsec" / "kernel.json").write_text("{}")
    assert "ipykernel" not in dry_run("-o", stamp, "setup", f"KERNELS={kernels}")


def test_make_lab_runs_as_root():
    lab = dry_run("-o", ".venv/.gulfsec-installed", "-o", "setup", "lab").splitlines()[-1]
    assert lab.split()[:2] == [".venv/bin/jupyter", "lab"]
    assert ("--allow-root" in lab.split()) == (os.geteuid() == 0)


def test_readme_describes_what_make_test_runs():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n\t(.+)$", makefile, re.M).group(1)
    command = recipe.replace("$(BIN)", ".venv/bin").replace("$(KERNEL)", "gulfsec")
    assert "$(" not in command, command
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{command}`" in readme, f"README.md must state what `make test` runs: {command}"


def test_make_test_fast_runs_what_is_not_slow():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test-fast:.*\n\t(.+)$", makefile, re.M).group(1)
    assert '-m "not slow"' in recipe and "--doctest-modules" in recipe
    assert "nbval" not in recipe
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test-fast" in readme
