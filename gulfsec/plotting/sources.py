"""The "Sources" section of a notebook: the tables and datasets it used, in the page's language.

Every notebook ends with :func:`show_sources`: the tables of the article's coding that the
page used, each with the article's paragraphs it rests on and the SHA-256 of the file as read,
and the published datasets it used, with their version and citation. The list is what
:mod:`gulfsec.provenance` recorded in this process (the same list ``gulfsec render`` keys the
page's cache on), so it can neither omit a table the page read nor name one it did not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["show_sources", "sources_tables"]


def sources_tables(
    lang: str = "en", records: list[dict[str, Any]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sources of this process as two tables: article tables, and published datasets.

    Parameters
    ----------
    lang : {"en", "ar"}
        Language of the headers and table titles.
    records : list of dict, optional
        Records as :func:`gulfsec.provenance.sources` gives them (default: this process's).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Tables (title, file, paragraphs, SHA-256 prefix) and datasets (dataset, version,
        citation), each in the order first used.

    Examples
    --------
    >>> recs = [{"kind": "table", "package": "/d", "table": "actors", "file": "/d/actors.csv",
    ...          "sha256": "ab" * 32, "passages": [10, 11, 12, 26]},
    ...         {"kind": "extract", "name": "cow_nmc", "file": "/d/x.csv", "sha256": "0" * 64,
    ...          "dataset": "COW NMC", "version": "6.0", "citation": "Singer 1972"}]
    >>> tables, datasets = sources_tables("en", recs)
    >>> tables.iloc[0].tolist()
    ['Actors', 'actors.csv', '10–12, 26', 'abababababab']
    >>> datasets.iloc[0].tolist()
    ['COW NMC', '6.0', 'Singer 1972']
    """
    import os

    import pandas as pd

    from gulfsec import provenance
    from gulfsec.i18n import check_lang, label
    from gulfsec.plotting.tables import localise

    check_lang(lang)
    recs = provenance.sources() if records is None else records

    def title(name: str) -> str:
        try:
            return label(f"table.{name}", lang)
        except KeyError:
            return name

    tables = pd.DataFrame(
        [r for r in recs if r.get("kind") == "table"],
        columns=["table", "file", "passages", "sha256"],
    )
    datasets = pd.DataFrame(
        [r for r in recs if r.get("kind") == "extract"], columns=["dataset", "version", "citation"]
    )
    tables = localise(
        tables.rename(columns={"passages": "paragraphs"}),
        lang,
        headers="sources",
        values={
            "table": title,
            "file": os.path.basename,
            "paragraphs": lambda p: provenance.passage_ranges(
                p if isinstance(p, list | tuple) else []
            ),
            "sha256": lambda h: str(h if isinstance(h, str) else "")[:12],
        },
    )
    datasets = localise(
        datasets.fillna(""), lang, headers="sources", values=dict.fromkeys(datasets, str)
    ).drop_duplicates()
    return tables, datasets


def show_sources(lang: str = "en") -> None:
    """Display the Sources section's tables in the running notebook (or print them).

    Parameters
    ----------
    lang : {"en", "ar"}

    Examples
    --------
    >>> from gulfsec import provenance
    >>> provenance.clear()
    >>> show_sources("en")
    No data were read on this page.
    """
    from gulfsec.i18n import label
    from gulfsec.plotting.display import RTL_ATTRIBUTES, table_html

    tables, datasets = sources_tables(lang)
    parts = [
        (label(f"sources.{what}", lang), df)
        for what, df in (("tables", tables), ("datasets", datasets))
        if len(df)
    ]
    if not parts:
        print(label("sources.none", lang))
        return
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython comes with every kernel
        get_ipython = None  # type: ignore[assignment]
    if get_ipython is None or get_ipython() is None:
        for caption, df in parts:
            print(caption)
            print(df.to_string(index=False))
        return
    import html

    for caption, df in parts:
        rtl = f" {RTL_ATTRIBUTES}" if lang == "ar" else ""  # as table_html marks the table
        display(HTML(f"<p{rtl}><strong>{html.escape(caption)}</strong></p>" + table_html(df)))
