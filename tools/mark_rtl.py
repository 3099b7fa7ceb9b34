"""Mark the Arabic prose of source notebooks right to left, with formulas and code isolated.

JupyterLab shows a notebook left to right and applies no stylesheet of ours, so an Arabic
markdown cell opened there reads in the wrong direction and its formulas scramble
(``(1/HHI)`` as ``(HHI/1)``). This tool rewrites every markdown cell tagged ``lang-ar`` of the
notebooks it is given as :func:`gulfsec.render.bidi.mark_rtl_notebook` does: formulas, signed
numbers, ranges, inline code and inline math isolated left to right, and the cell wrapped in
``<div dir="rtl" lang="ar">`` with blank lines (its content stays Markdown). Nothing else of a
notebook changes (code, English cells, ids, metadata), it is written in nbformat's layout, and
a second run changes nothing::

    .venv/bin/python tools/mark_rtl.py notebooks/*.ipynb           # rewrite in place
    .venv/bin/python tools/mark_rtl.py --check notebooks/*.ipynb   # exit 1 if any would change

Prints one line per notebook: how many cells it changed (or would change).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Run the tool; returns the exit status (1 with ``--check`` when a cell would change)."""
    import nbformat

    from gulfsec.render.bidi import mark_rtl_notebook

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args(argv)
    pending = 0
    for path in args.notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except (OSError, ValueError) as exc:
            print(f"mark_rtl: cannot read {path}: {exc}", file=sys.stderr)
            return 2
        n = mark_rtl_notebook(nb)
        pending += n
        if n and not args.check:
            nbformat.write(nb, path)
        verb = "would change" if args.check else "changed"
        print(f"{path}: {n} Arabic markdown cell(s) {verb}")
    return 1 if args.check and pending else 0


if __name__ == "__main__":
    sys.exit(main())
