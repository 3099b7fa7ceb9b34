"""JupyterLab for gulfsec (``make lab`` passes this file with ``--config``).

A notebook is saved without outputs, execution counts or volatile metadata, exactly as
``nbstripout`` (the tool the tests check the notebooks with) stores it: the contents manager's
``pre_save_hook`` passes the notebook through ``python -m nbstripout`` before it is written.
What you see in the browser keeps its outputs; the file on disk, and so ``git`` and
``make test``, never has them. (A notebook whose metadata says ``"keep_output": true`` keeps
them: nbstripout's own switch.) ``make lab`` also installs nbstripout's git filter
(``.gitattributes``) for notebooks saved by any other editor.

It also loads ``custom/custom.css`` beside this file: Arabic markdown cells (wrapped in
``<div dir="rtl" lang="ar">``) aligned right, with code and formulas left to right.

Why a hook and a subprocess: the hook is jupyter_server's documented plug-in point for this,
and running nbstripout's command line keeps its default set of stripped keys in one place
(nbstripout's), the same for the save, the git filter and the test.
"""

import json
import os
import subprocess
import sys


def strip_outputs(model, path, contents_manager, **kwargs):
    """jupyter_server pre-save hook: replace a notebook's content with nbstripout's output."""
    if model.get("type") != "notebook" or model.get("content") is None:
        return
    stripped = subprocess.run(
        [sys.executable, "-m", "nbstripout"],
        input=json.dumps(model["content"]),
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    model["content"] = json.loads(stripped.stdout)


c.ContentsManager.pre_save_hook = strip_outputs  # noqa: F821 (c: the config traitlets passes)

# Arabic cells right to left: JupyterLab's documented custom stylesheet (--LabApp.custom_css),
# served at /custom/custom.css from this folder's custom/ instead of the user's
# ~/.jupyter/custom (the server's static_custom_path setting).
c.LabApp.custom_css = True  # noqa: F821
c.ServerApp.tornado_settings = {  # noqa: F821
    "static_custom_path": [os.path.join(os.path.dirname(os.path.abspath(__file__)), "custom")]
}
