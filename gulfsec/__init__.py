"""gulfsec: an Arabic op-ed on Gulf regional security as structured, traceable data.

The package loads and validates the data package in ``data/`` (:func:`load`,
:func:`validate`), holds the analyses behind the notebooks (:mod:`gulfsec.power`,
:mod:`gulfsec.networks`, :mod:`gulfsec.threats`, :mod:`gulfsec.alliances`), plotting
helpers (:mod:`gulfsec.plotting`, imported on demand) and the ``gulfsec`` command line.
:func:`load_external` gives the bundled extracts of published datasets (COW, GML MIDs, ATOP,
UCDP, ...; :mod:`gulfsec.external`), each read on first use. What a process read (each table
with the SHA-256 of its bytes as read and the article paragraphs it rests on, each extract
with its version and citation) is recorded in :mod:`gulfsec.provenance`.

``import gulfsec`` stays light: pandas is imported when data are loaded, never
matplotlib, seaborn or frictionless.

Examples
--------
>>> import gulfsec
>>> ds = gulfsec.load()                       # doctest: +SKIP
>>> ds.actors.loc["IRN", "name_en"]           # doctest: +SKIP
'Iran'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["DataError", "Dataset", "External", "__version__", "load", "load_external", "validate"]

if TYPE_CHECKING:  # pragma: no cover
    from gulfsec.data import DataError, Dataset, load, validate
    from gulfsec.external import External, load_external


def __getattr__(name: str) -> Any:
    # Lazy: keep `import gulfsec` free of pandas until data are needed.
    if name in {"load", "validate", "Dataset", "DataError"}:
        from gulfsec import data

        return getattr(data, name)
    if name in {"load_external", "External"}:
        from gulfsec import external

        return getattr(external, name)
    raise AttributeError(f"module 'gulfsec' has no attribute {name!r}")
