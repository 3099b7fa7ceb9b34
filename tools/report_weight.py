"""Where the bytes of a rendered ``reports/`` folder are: by file type, and inside the notebooks.

Used to decide what to make lighter (issue 15, light pages) and to check the result: run it on
the output of ``gulfsec render`` before and after a change and compare::

    .venv/bin/python tools/report_weight.py [REPORTS_FOLDER]

Prints plain text in a stable order: megabytes (10^6 bytes) and file counts by type, then what
the ``.ipynb`` files hold: base64 ``image/png`` outputs (and how much of it repeats a figure
already in the same notebook: the same PNG bytes, or the same ``alt`` text, since a figure
displayed again is redrawn and its bytes often differ a little), cell sources, ``text/html`` and
``text/plain`` outputs, cell metadata (papermill's, ``execution``, other), notebook metadata, and
the rest (JSON keys, indentation); last, the figures by source notebook (the report folder
``01_power_balance-en-report`` counts for ``01_power_balance``): their ``image/png`` bytes in the
``.ipynb`` files, and how much of it repeats a figure already in the same notebook.
Each part is measured as the bytes of its JSON text (``json.dumps`` of the part, as nbformat
writes it, without indentation).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def _size(obj) -> int:
    return len(json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def notebook_parts(path: Path) -> Counter:
    """Bytes of each part of one notebook file (keys as printed by :func:`main`)."""
    raw = path.read_bytes()
    nb = json.loads(raw)
    parts: Counter = Counter()
    seen: set[str] = set()
    for cell in nb.get("cells", []):
        parts["cell source"] += _size(cell.get("source", ""))
        meta = dict(cell.get("metadata", {}))
        for key in ("papermill", "execution"):
            if key in meta:
                parts[f"cell metadata: {key}"] += _size(meta.pop(key))
        parts["cell metadata: other"] += _size(meta)
        for out in cell.get("outputs", []):
            alt = out.get("metadata", {}).get("image/png", {}).get("alt")
            for mime, value in out.get("data", {}).items():
                if mime == "image/png":
                    # a figure drawn again is rarely the same bytes (its layout is recomputed),
                    # but it keeps its description
                    same = {_text(value), f"alt: {alt}"} if alt else {_text(value)}
                    key = "image/png (repeat in the notebook)" if same & seen else "image/png"
                    seen |= same
                    parts[key] += _size(value)
                else:
                    parts[mime] += _size(value)
            if out.get("output_type") == "stream":
                parts["stream"] += _size(out.get("text", ""))
            if out.get("output_type") == "error":
                parts["error"] += _size(out.get("traceback", []))
    parts["notebook metadata"] += _size(nb.get("metadata", {}))
    parts["rest (keys, indentation)"] = len(raw) - sum(parts.values())
    return parts


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0] if argv else "reports")
    if not root.is_dir():
        print(f"report_weight: no folder {root}", file=sys.stderr)
        return 2
    by_type: Counter = Counter()
    count: Counter = Counter()
    for f in sorted(root.rglob("*")):
        if f.is_file():
            kind = f.suffix.lstrip(".") or "(none)"
            by_type[kind] += f.stat().st_size
            count[kind] += 1
    total = sum(by_type.values())
    print(f"{root}: {total / 1e6:.2f} MB in {sum(count.values())} files")
    for kind, size in by_type.most_common():
        print(f"  {kind:8} {size / 1e6:8.2f} MB  {count[kind]:4d} files")
    parts: Counter = Counter()
    for f in sorted(root.glob("*/*.ipynb")):
        parts.update(notebook_parts(f))
    print(f"inside the notebooks ({sum(parts.values()) / 1e6:.2f} MB):")
    for key, size in parts.most_common():
        print(f"  {key:40} {size / 1e6:8.3f} MB")
    print("figures in the notebooks, by source notebook (image/png; of it, repeats):")
    for name, (png, repeat) in sorted(figures_by_notebook(root).items()):
        print(f"  {name:40} {png / 1e6:8.3f} MB  {repeat / 1e6:8.3f} MB")
    return 0


def figures_by_notebook(root: Path) -> dict[str, tuple[int, int]]:
    """``{source notebook: (image/png bytes, of which repeats)}`` over the report folders of
    ``root`` (a folder's name up to its first ``-`` names its notebook)."""
    out: dict[str, tuple[int, int]] = {}
    for f in sorted(root.glob("*/*.ipynb")):
        parts = notebook_parts(f)
        repeat = parts["image/png (repeat in the notebook)"]
        png, rep = out.get(f.parent.name.split("-")[0], (0, 0))
        out[f.parent.name.split("-")[0]] = (png + parts["image/png"] + repeat, rep + repeat)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
