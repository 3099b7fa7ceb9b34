"""Benchmark the report page converter: myst-nb's docutils renderer against nbconvert's.

Measured in one process, in one run, on rendered editions (``<id>/<id>.ipynb`` in a folder
``gulfsec render`` wrote), each conversion after one warm-up call (the first call of a process
imports and compiles: printed apart), the median of ``--repeat`` calls per page:

(new) :func:`gulfsec.render.html.to_html`: myst-nb's parser and output renderer, docutils'
      HTML5 writer, MathML formulas, each figure embedded with its ``alt`` text;
(alt) nbconvert's :class:`~nbconvert.HTMLExporter` with its JupyterLab template, images
      embedded, inputs and prompts excluded for the report edition: the converter the report
      pages used before (without the project's template and the formulas drawn as images, so
      it does a little less).

Usage::

    gulfsec render --only 01_power_balance-ar-report 03_threat_matrix-ar-report \\
        05_claims_and_evidence-en-report --out /tmp/pages
    python benchmarks/bench_pages.py /tmp/pages

Output of one run (2026-12-06, 2 shared cores, load 2-4; seconds per page)::

    page                                      alt first  new first  alt       new       new/alt
    01_power_balance-ar-report                    0.781      2.212    0.0751    0.0665    0.89
    03_threat_matrix-ar-report                    0.060      0.112    0.0592    0.0832    1.41
    05_claims_and_evidence-en-report              0.082      0.096    0.0770    0.0852    1.11
    01_power_balance-ar-student                   0.241      0.250    0.1818    0.2279    1.25

The first call of a process costs more with myst-nb (imports of myst-nb, myst-parser and
markdown-it, about 2 s, once per worker); after it a page takes the same order of time with
either converter (well under 2x), a tenth of a second against a render's several seconds per
page of execution.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def _nbconvert(edition: str):
    from nbconvert import HTMLExporter

    hide = edition == "report"
    return HTMLExporter(
        template_name="lab",
        embed_images=True,
        exclude_input=hide,
        exclude_input_prompt=hide,
        exclude_output_prompt=hide,
        optimistic_validation=True,  # one schema check per page, as the renderer had it
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a folder gulfsec render wrote")
    ap.add_argument("--repeat", type=int, default=5, help="timed calls per page (1-50)")
    args = ap.parse_args(argv)
    if not 1 <= args.repeat <= 50:
        ap.error(f"--repeat must be between 1 and 50, got {args.repeat}")
    import nbformat

    from gulfsec.render.html import to_html

    pages = sorted(p for p in args.folder.glob("*/*.ipynb") if not p.name.endswith(".failed.ipynb"))
    if not pages:
        ap.error(f"no rendered edition (<id>/<id>.ipynb) in {args.folder}")
    print(f"{'page':40}  alt first  new first  alt       new       new/alt")
    for path in pages:
        nb = nbformat.read(path, as_version=4)
        edition = nb.metadata.get("gulfsec", {}).get("edition") or (
            "report" if "report" in path.stem else "student"
        )
        lang = nb.metadata.get("gulfsec", {}).get("lang") or ("ar" if "-ar" in path.stem else "en")
        exporter = _nbconvert(edition)

        def alt(nb=nb, exporter=exporter):
            return exporter.from_notebook_node(nb)[0]

        def new(nb=nb, edition=edition, lang=lang):
            return to_html(nb, edition, lang, path.stem)

        row = []
        for fn in (alt, new):
            t = time.perf_counter()
            fn()
            row.append(time.perf_counter() - t)
        times = {fn: [] for fn in (alt, new)}
        for _ in range(args.repeat):
            for fn in (alt, new):  # interleaved: the same load for both
                t = time.perf_counter()
                fn()
                times[fn].append(time.perf_counter() - t)
        a, n = statistics.median(times[alt]), statistics.median(times[new])
        print(f"{path.stem:40}  {row[0]:9.3f}  {row[1]:9.3f}  {a:8.4f}  {n:8.4f}  {n / a:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
