"""Display tables: one localiser for the results the analysis modules return as plain frames.

The analysis modules (:mod:`gulfsec.power`, :mod:`~gulfsec.networks`, :mod:`~gulfsec.threats`,
:mod:`~gulfsec.alliances`, :mod:`~gulfsec.evidence`) return frames with stable English column
names and ids. A display table shows the same numbers to a reader: some columns picked and
ordered, shares as percentages, year ranges, ids replaced by names in the reader's language,
headers from the label catalogue. :func:`localise` does exactly that, and every display table
of the package goes through it: each ``*_table`` function in ``gulfsec.plotting.<topic>``
(and :func:`gulfsec.plotting.power.event_key`, the Sources tables) reads *select* (the
result's columns, with any column derived from several, such as a sentence or a sort key),
then *localise* (which columns, names, formats and headers). The values stay numbers (a
reader can still sort, filter and plot them, and ``.iloc`` them: notebooks and tests do), so
display tables are DataFrames, not ``Styler`` objects; how a DataFrame shows in a notebook
(whole text, right to left in Arabic) is :func:`gulfsec.plotting.display.table_html`'s job.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"hhi": [0.21234], "us_share": [0.4], "top_partner": ["USA"]},
...                   index=pd.Index(["status_quo"], name="scenario_id"))
>>> t = localise(df, "en", headers="alliances.col", percent=["us_share"], decimals=3,
...              values={"top_partner": {"USA": "United States"}},
...              index={"status_quo": "Status quo"}, index_name="scenario")
>>> t.to_dict("list")
{'HHI': [0.212], 'US share (%)': [40.0], 'Largest partner': ['United States']}
>>> t.index.tolist(), t.index.name
(['Status quo'], 'Scenario')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gulfsec.i18n import check_lang, label, year_range

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["localise"]

Names = Mapping[Any, str] | Callable[[Any], str]


def _mapper(names: Names) -> Callable[[Any], str]:
    return names if callable(names) else (lambda v: names[v])


def localise(
    frame: pd.DataFrame,
    lang: str,
    *,
    headers: str,
    columns: Sequence[str] | None = None,
    ranges: Mapping[str, tuple[str, str]] | None = None,
    percent: Sequence[str] = (),
    decimals: int | None = None,
    values: Mapping[str, Names] | None = None,
    column_names: Names | None = None,
    titles: Mapping[str, str] | None = None,
    index: Names | None = None,
    index_name: str | None = None,
) -> pd.DataFrame:
    """A result frame as a display table in ``lang``; the numbers stay numbers.

    Steps, in this order: join the ``ranges`` (two year columns into one "1971–1979"
    column); pick ``columns``; round to ``decimals``; turn the ``percent``
    columns (shares from 0 to 1) into percentages with one decimal; replace the values of the
    ``values`` columns through their mapping (ids to names); relabel the headers
    ``label(f"{headers}.{column}")`` (or take them from ``titles``; or, with ``column_names``,
    map the columns themselves, e.g. partner ids to names); map the index through ``index`` and name it
    ``label(f"{headers}.{index_name}")``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A result of an analysis function (not modified).
    lang : {"en", "ar"}
    headers : str
        Label-key prefix of the headers, e.g. ``"alliances.col"``.
    columns : sequence of str, optional
        Columns to show, in order (default: all).
    ranges : dict, optional
        ``{column: (start, end)}``: a new text column ``column`` holding the year range
        ``"start–end"`` of the two columns (:func:`gulfsec.i18n.year_range`: one year,
        ``"start"``, when they are equal), which
        ``columns`` can then pick.
    percent : sequence of str
        Share columns shown as percentages (``x * 100``, one decimal).
    decimals : int, optional
        Round the other numeric columns to this many decimals.
    values : dict, optional
        ``{column: mapping or function}`` applied to each value of the column.
    column_names : mapping or function, optional
        Applied to the column names instead of the label catalogue (columns that are ids).
    titles : dict, optional
        ``{column: header}``: headers already translated (e.g. a label with a parameter),
        used instead of the catalogue's for those columns.
    index : mapping or function, optional
        Applied to each index value (a MultiIndex keeps its values).
    index_name : str or sequence of str, optional
        Label key(s), under ``headers``, of the index level name(s).

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    check_lang(lang)
    t = frame.copy()
    for c, (start, end) in (ranges or {}).items():
        t[c] = [year_range(a, b) for a, b in zip(t[start], t[end], strict=True)]
    t = t if columns is None else t[list(columns)].copy()
    if decimals is not None:
        num = [c for c in t.columns if c not in percent and pd.api.types.is_float_dtype(t[c])]
        t[num] = t[num].round(decimals)
    for c in percent:
        t[c] = (t[c].astype(float) * 100).round(1)
    for c, names in (values or {}).items():
        if len(t):  # an empty column keeps its dtype
            t[c] = [_mapper(names)(v) for v in t[c]]
    if column_names is not None:
        t.columns = [_mapper(column_names)(c) for c in t.columns]
    else:
        titles = titles or {}
        t.columns = [titles.get(c) or label(f"{headers}.{c}", lang) for c in t.columns]
    if index is not None:
        t.index = pd.Index([_mapper(index)(v) for v in t.index])
    if index_name is not None:
        if isinstance(index_name, str):
            t.index.name = label(f"{headers}.{index_name}", lang)
        else:
            t.index = t.index.set_names([label(f"{headers}.{n}", lang) for n in index_name])
    return t
