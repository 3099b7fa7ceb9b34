"""Published peace-science datasets: the bundled Gulf extracts and readers of the published files.

The repository carries small extracts of eleven published datasets in ``data/external/`` (in a
wheel, ``gulfsec/_data/external``), described by ``data/external/datapackage.json`` (original
name, version, citation, the producer's terms, the filter used) and rebuilt byte for byte by
``data-raw/extract_external.py`` from the copies that the R package peacesciencer ships.
:func:`load_external` returns them as an :class:`External`, one pandas DataFrame per extract,
each read on first access.

Three of the extracts keep the layout in which their producers publish them, so that the
bundled file and a newer file a user downloads are read by the same reader:
:func:`read_nmc` (COW National Material Capabilities), :func:`read_gml_mid_disputes` and
:func:`read_gml_mid_dyad_years` (Gibler-Miller-Little MIDs, dispute and directed dyad-year
level) and :func:`read_atop_ddyr` (ATOP directed dyad-years). Every reader checks the layout
and every cell, and a bad file raises :class:`gulfsec.DataError` naming the file, the row
(with its line number) and the column.

Each layout is a :class:`Layout` of :class:`Column` s: the one statement of a file's columns,
types, missing-value codes and allowed values, from which the extraction script also writes
the Table Schemas of the descriptor. The reading is written here rather than left to
frictionless because it must be fast (the whole check of a file is vectorised with pandas) and
must name the CSV line of a problem; ``gulfsec validate`` runs frictionless over the
descriptor as well.

References
----------
Correlates of War Project, *National Material Capabilities Data Documentation*, v7.0.
Gibler, D. M., Miller, S. V. & Little, E. K. (2016). An Analysis of the Militarized Interstate
Dispute (MID) Dataset, 1816-2001. *International Studies Quarterly* 60(4), 719-730.
Leeds, B. A., Ritter, J. M., Mitchell, S. M. & Long, A. G. (2002). Alliance Treaty Obligations
and Provisions, 1815-1944. *International Interactions* 28, 237-260.
Miller, S. V. (2022). peacesciencer: An R Package for Quantitative Peace Science Research.
*Conflict Management and Peace Science* 39(6), 755-779 (the package the extracts come from).

Examples
--------
>>> import gulfsec
>>> ext = gulfsec.load_external()
>>> int(ext.cow_nmc.query("ccode == 630 and year == 1980")["milper"].iloc[0])
305
>>> ext.meta("cow_nmc")["version"]
'7.0'
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gulfsec import provenance
from gulfsec.data import DataError, Problem, default_data_path

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "EXTERNAL_NAMES",
    "LAYOUTS",
    "NMC_COLUMNS",
    "NMC_COMPONENTS",
    "NMC_MISSING",
    "Column",
    "External",
    "Layout",
    "default_external_path",
    "load_external",
    "nmc_csv",
    "read_atop_ddyr",
    "read_gml_mid_disputes",
    "read_gml_mid_dyad_years",
    "read_layout",
    "read_nmc",
    "validate_external",
]

#: Folder name of the extracts inside the data package.
EXTERNAL_DIR = "external"
#: The NMC code for a missing value (COW's convention, also used by the GML MID data).
NMC_MISSING: float = -9.0
_MINUS_NINE = ("-9",)


@dataclass(frozen=True)
class Column:
    """One column of a published layout.

    Attributes
    ----------
    name : str
        Column name as published.
    type : {"integer", "number", "string", "date"}
        Table Schema type. Integers are read as ``int64`` when the column is required, else as
        ``float64`` with NaN for missing (so that comparisons never meet ``pandas.NA``).
    description : str
        What the column holds, with its unit.
    required : bool
        Whether a value must be present (a missing code is then an error).
    minimum, maximum : float or None
        Inclusive bounds of a numeric value.
    enum : tuple or None
        The allowed values (numbers for numeric columns, strings otherwise).
    in_header : bool
        Whether a file must have this column; a column that is not required in the header is
        checked when present.

    Examples
    --------
    >>> Column("year", "integer", "Year.", minimum=1816).required
    True
    """

    name: str
    type: str
    description: str
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple | None = None
    in_header: bool = True


@dataclass(frozen=True)
class Layout:
    """The columns of one published file, its missing-value codes and its key.

    Attributes
    ----------
    name : str
        The extract's name (resource name, file stem and :class:`External` attribute).
    title : str
        What the file is, for messages.
    columns : tuple of Column
        In the published order.
    missing : tuple of str
        Codes that mean missing besides the empty cell (e.g. ``("-9",)``).
    key : tuple of str
        Columns whose combination is unique (empty: none).
    key_label : str
        How a key is called in messages (``"state-year"``).
    case_insensitive : bool
        Match header names regardless of case (ATOP publishes ``stateA``).

    Examples
    --------
    >>> LAYOUTS["cow_nmc"].key
    ('ccode', 'year')
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    missing: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    key_label: str = "row key"
    case_insensitive: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(c.name for c in self.columns)


def _codes(name: str, what: str, required: bool = True, **kw: Any) -> Column:
    return Column(name, "integer", what, required=required, minimum=1, maximum=999, **kw)


_BIN = (0, 1)
_CCODE = "Correlates of War state number"


def _years(name: str, what: str, required: bool = True, **kw: Any) -> Column:
    return Column(name, "integer", what, required=required, minimum=1400, maximum=2100, **kw)


def _opt_int(name: str, what: str, **kw: Any) -> Column:
    return Column(name, "integer", what, required=False, **kw)


NMC_COMPONENTS: tuple[str, ...] = ("milex", "milper", "irst", "pec", "tpop", "upop")

_NMC = Layout(
    "cow_nmc",
    "COW National Material Capabilities (NMC)",
    (
        Column("stateabb", "string", "COW state abbreviation."),
        _codes("ccode", f"{_CCODE}."),
        _years("year", "Year."),
        Column(
            "milex",
            "number",
            "Military expenditure, thousands of current US dollars (-9 missing).",
            required=False,
            minimum=0,
        ),
        Column(
            "milper",
            "number",
            "Military personnel, thousands (-9 missing).",
            required=False,
            minimum=0,
        ),
        Column(
            "irst",
            "number",
            "Iron and steel production, thousands of tons (-9 missing).",
            required=False,
            minimum=0,
        ),
        Column(
            "pec",
            "number",
            "Primary energy consumption, thousands of coal-ton equivalents (-9 missing).",
            required=False,
            minimum=0,
        ),
        Column(
            "tpop", "number", "Total population, thousands (-9 missing).", required=False, minimum=0
        ),
        Column(
            "upop",
            "number",
            "Urban population (cities of 100,000 and more), thousands (-9 missing).",
            required=False,
            minimum=0,
        ),
        Column(
            "cinc",
            "number",
            "Composite Index of National Capability: the state's mean share of the WORLD "
            "total of the six components, 0 to 1 (-9 missing).",
            required=False,
            minimum=0,
            maximum=1,
        ),
    ),
    missing=_MINUS_NINE,
    key=("ccode", "year"),
    key_label="state-year (ccode, year)",
)

#: Columns of the COW NMC file as published (versions 6.0 and 7.0).
NMC_COLUMNS: tuple[str, ...] = _NMC.names

_GML_DISPUTES = Layout(
    "gml_mid_disputes",
    "GML MID dispute-level file (gml-mida)",
    (
        Column("dispnum", "integer", "MID dispute number.", minimum=1),
        _years("styear", "Start year of the dispute."),
        Column(
            "stmon",
            "integer",
            "Start month (1-12; -9 unknown).",
            required=False,
            minimum=1,
            maximum=12,
        ),
        _opt_int("outcome", "Outcome of the dispute (MID outcome code; -9 unknown).", minimum=1),
        _opt_int(
            "settle", "Settlement of the dispute (MID settlement code; -9 unknown).", minimum=1
        ),
        _opt_int(
            "fatality",
            "Fatality level of the dispute (0 none to 6; -9 unknown).",
            minimum=0,
            maximum=6,
        ),
        Column("mindur", "integer", "Minimum duration, days.", minimum=0),
        Column("maxdur", "integer", "Maximum duration, days.", minimum=0),
        Column(
            "hiact",
            "integer",
            "Highest action in the dispute (MID action code 0-21).",
            minimum=0,
            maximum=21,
        ),
        Column(
            "hostlev",
            "integer",
            "Highest hostility level: 1 no militarized action, 2 threat, 3 display, 4 use of "
            "force, 5 war.",
            enum=(1, 2, 3, 4, 5),
        ),
        Column("recip", "integer", "Reciprocated (1) or not (0).", enum=_BIN),
    ),
    missing=_MINUS_NINE,
    key=("dispnum",),
    key_label="dispute (dispnum)",
)


def _side_pair(stem: str, what: str, **kw: Any) -> tuple[Column, Column]:
    return (
        _opt_int(f"{stem}1", f"{what} of state 1 (-9 not applicable or unknown).", **kw),
        _opt_int(f"{stem}2", f"{what} of state 2 (-9 not applicable or unknown).", **kw),
    )


_GML_DYADS = Layout(
    "gml_mid_dyad_years",
    "GML MID directed dyad-year file (gml-ddy-disputes)",
    (
        Column("dispnum", "integer", "MID dispute number.", minimum=1),
        _codes("ccode1", f"{_CCODE} of state 1 (directed: both orders appear)."),
        _codes("ccode2", f"{_CCODE} of state 2."),
        _years("year", "Year of the dispute-year."),
        Column("midongoing", "integer", "Dispute ongoing in the year (1).", enum=_BIN),
        Column(
            "midonset",
            "integer",
            "First year of the dispute for the dyad (1) or not (0).",
            enum=_BIN,
        ),
        Column(
            "sidea1",
            "integer",
            "State 1 on side A, the side of the first action (1) or not.",
            enum=_BIN,
        ),
        Column("sidea2", "integer", "State 2 on side A (1) or not.", enum=_BIN),
        *_side_pair("revstate", "Revisionist state (1) or not (0)"),
        _opt_int("revtype11", "Revision type 1 sought by state 1 (-9 none)."),
        _opt_int("revtype12", "Revision type 1 sought by state 2 (-9 none)."),
        _opt_int("revtype21", "Revision type 2 sought by state 1 (-9 none)."),
        _opt_int("revtype22", "Revision type 2 sought by state 2 (-9 none)."),
        *_side_pair("fatality", "Fatality level (0-6)"),
        *_side_pair("fatalpre", "Precise battle deaths"),
        *_side_pair("hiact", "Highest action (0-21)"),
        Column(
            "hostlev1", "integer", "Highest hostility level of state 1 (1-5).", enum=(1, 2, 3, 4, 5)
        ),
        Column(
            "hostlev2", "integer", "Highest hostility level of state 2 (1-5).", enum=(1, 2, 3, 4, 5)
        ),
        *_side_pair("orig", "Originator of the dispute (1) or joiner (0)"),
        Column("hiact", "integer", "Highest action in the dispute (0-21).", minimum=0, maximum=21),
        Column(
            "hostlev",
            "integer",
            "Highest hostility level in the dispute (1-5).",
            enum=(1, 2, 3, 4, 5),
        ),
        _opt_int("mindur", "Minimum duration of the dispute, days.", in_header=False),
        _opt_int("maxdur", "Maximum duration of the dispute, days.", in_header=False),
        _opt_int("outcome", "Outcome of the dispute (-9 unknown).", in_header=False),
        _opt_int("settle", "Settlement of the dispute (-9 unknown).", in_header=False),
        _opt_int("fatality", "Fatality level of the dispute (0-6; -9 unknown).", in_header=False),
        _opt_int("fatalpre", "Precise battle deaths of the dispute (-9 unknown).", in_header=False),
        _opt_int("stmon", "Start month of the dispute (1-12).", in_header=False),
        _opt_int("endmon", "End month of the dispute (1-12).", in_header=False),
        _opt_int("recip", "Reciprocated dispute (1) or not (0).", in_header=False),
        _opt_int("numa", "Number of states on side A.", in_header=False),
        _opt_int("numb", "Number of states on side B.", in_header=False),
        _opt_int("ongo2010", "Dispute ongoing at the end of 2010 (1) or not (0).", in_header=False),
        Column("version", "string", "Version of the GML data.", required=False, in_header=False),
    ),
    missing=_MINUS_NINE,
    key=("dispnum", "ccode1", "ccode2", "year"),
    key_label="directed dispute-dyad-year (dispnum, ccode1, ccode2, year)",
)


def _obligation(name: str, what: str) -> Column:
    return Column(
        name, "integer", f"{what} obligation between the two states (1) or not (0).", enum=_BIN
    )


_ATOP = Layout(
    "atop_ddyr",
    "ATOP directed dyad-year file (atop ddyr)",
    (
        _codes("statea", f"{_CCODE} of state A (ATOP stateA; directed: both orders appear)."),
        _codes("stateb", f"{_CCODE} of state B (ATOP stateB)."),
        _years("year", "Year."),
        _obligation("defense", "Defence"),
        _obligation("offense", "Offence"),
        _obligation("neutral", "Neutrality"),
        _obligation("nonagg", "Non-aggression"),
        _obligation("consul", "Consultation"),
    ),
    key=("statea", "stateb", "year"),
    key_label="directed dyad-year (statea, stateb, year)",
    case_insensitive=True,
)

_STATES = Layout(
    "cow_states",
    "COW State System Membership (states2016)",
    (
        Column("stateabb", "string", "COW state abbreviation."),
        _codes("ccode", f"{_CCODE}."),
        Column("statenme", "string", "State name (COW's)."),
        _years("styear", "Year the spell of system membership starts."),
        Column("stmonth", "integer", "Month it starts.", minimum=1, maximum=12),
        Column("stday", "integer", "Day it starts.", minimum=1, maximum=31),
        _years("endyear", "Year the spell ends (2016: the end of the data)."),
        Column("endmonth", "integer", "Month it ends.", minimum=1, maximum=12),
        Column("endday", "integer", "Day it ends.", minimum=1, maximum=31),
        Column("version", "integer", "Version of the list (2016)."),
    ),
    key=("ccode", "styear"),
    key_label="state spell (ccode, styear)",
)

_TSS_FLAGS = (
    ("positional", "Positional rivalry (competition over relative position)"),
    ("spatial", "Spatial rivalry (competition over territory)"),
    ("ideological", "Ideological rivalry"),
    ("interventionary", "Interventionary rivalry"),
    ("principal", "Principal rivalry of both rivals"),
    ("aprin", "Asymmetric principal rivalry (principal for one rival only)"),
)
_TSS = Layout(
    "tss_rivalries",
    "Thompson-Sakuwa-Suhas strategic rivalries",
    (
        Column("tssr_id", "integer", "Rivalry id (peacesciencer's).", minimum=1),
        Column("rivalry", "string", "Rivalry name as the authors give it."),
        _codes("ccode1", f"{_CCODE} of the lower-numbered rival."),
        _codes("ccode2", f"{_CCODE} of the higher-numbered rival."),
        _years("start", "First year of the rivalry."),
        _years("end", "Last year of the rivalry (2020: ongoing at the end of the data)."),
        *(
            Column(n, "integer", f"{w}: 1 if present, empty if not.", required=False, enum=(1,))
            for n, w in _TSS_FLAGS
        ),
    ),
    key=("tssr_id",),
    key_label="rivalry (tssr_id)",
)

_CONTDIR = Layout(
    "cow_contdir",
    "COW Direct Contiguity (contdir)",
    (
        _codes("ccode1", f"{_CCODE} of the lower-numbered state (COW statelno)."),
        _codes("ccode2", f"{_CCODE} of the higher-numbered state (COW statehno)."),
        Column(
            "conttype",
            "integer",
            "Contiguity: 1 land or river border, 2-5 separated by 12, 24, 150, 400 miles of "
            "water or less.",
            enum=(1, 2, 3, 4, 5),
        ),
        Column(
            "begin",
            "integer",
            "Month the relationship begins, YYYYMM.",
            minimum=140001,
            maximum=210012,
        ),
        Column("end", "integer", "Month it ends, YYYYMM.", minimum=140001, maximum=210012),
    ),
    key=("ccode1", "ccode2", "begin"),
    key_label="contiguity spell (ccode1, ccode2, begin)",
)

_WARS = Layout(
    "cow_war_inter",
    "COW Inter-State War (peacesciencer's directed dyad-years)",
    (
        Column("warnum", "integer", "COW war number.", minimum=1),
        _codes("ccode1", f"{_CCODE} of state 1 (directed: both orders appear)."),
        _codes("ccode2", f"{_CCODE} of state 2."),
        _years("year", "Year."),
        Column(
            "cowinterongoing", "integer", "War ongoing for the dyad in the year (1).", enum=_BIN
        ),
        Column(
            "cowinteronset",
            "integer",
            "First year of the war for the dyad (1) or not (0).",
            enum=_BIN,
        ),
        Column("sidea1", "integer", "COW side of state 1 (1 or 2).", enum=(1, 2)),
        Column("sidea2", "integer", "COW side of state 2 (1 or 2).", enum=(1, 2)),
        Column("initiator1", "integer", "State 1 initiated the war (1) or not (0).", enum=_BIN),
        Column("initiator2", "integer", "State 2 initiated the war (1) or not (0).", enum=_BIN),
        _opt_int("outcome1", "COW war outcome code of state 1 (empty: not recorded)."),
        _opt_int("outcome2", "COW war outcome code of state 2 (empty: not recorded)."),
        _opt_int("batdeath1", "Battle deaths of state 1 (-9 unknown).", minimum=0),
        _opt_int("batdeath2", "Battle deaths of state 2 (-9 unknown).", minimum=0),
        Column(
            "resume",
            "integer",
            "Row from a resumption of combat (1) or the first episode (0).",
            enum=_BIN,
        ),
    ),
    missing=_MINUS_NINE,
    key=("warnum", "ccode1", "ccode2", "year", "resume"),
    key_label="war dyad-year (warnum, ccode1, ccode2, year, resume)",
)

_GRH = Layout(
    "grh_arms_races",
    "Gibler-Rider-Hutchison conventional arms races",
    (
        Column("race_id", "integer", "Arms race id.", minimum=1),
        _codes("ccode1", f"{_CCODE} of the lower-numbered state."),
        _codes("ccode2", f"{_CCODE} of the higher-numbered state."),
        _years("styear", "First year of the arms race."),
        _years("endyear", "Last year of the arms race."),
    ),
    key=("race_id",),
    key_label="arms race (race_id)",
)

_TT = Layout(
    "terrthreat",
    "Latent external territorial threat (Miller 2022)",
    (
        _codes("ccode", f"{_CCODE}."),
        _years("year", "Year."),
        Column(
            "lterrthreat",
            "number",
            "Latent external territorial threat (capital-distance "
            "weighting), the standard estimate.",
        ),
        Column("sd", "number", "Standard deviation of the simulated estimate.", minimum=0),
        Column("lwr", "number", "Lower bound of the 90% interval."),
        Column("upr", "number", "Upper bound of the 90% interval."),
        Column(
            "m_lterrthreat",
            "number",
            "Alternative estimate (minimum-distance weighting); empty where not estimated.",
            required=False,
        ),
        Column("m_sd", "number", "Its standard deviation.", required=False, minimum=0),
        Column("m_lwr", "number", "Its lower 90% bound.", required=False),
        Column("m_upr", "number", "Its upper 90% bound.", required=False),
    ),
    key=("ccode", "year"),
    key_label="state-year (ccode, year)",
)

_GW = "Gleditsch-Ward state number"
_UCDP = Layout(
    "ucdp_acd",
    "UCDP/PRIO Armed Conflict Dataset (peacesciencer's rows)",
    (
        Column("conflict_id", "integer", "UCDP conflict id.", minimum=1),
        _years("year", "Year of the conflict-year."),
        _codes("gwno_a", f"{_GW} of a primary party on side A (one per row)."),
        _codes(
            "gwno_a_2nd", f"{_GW} of a secondary party on side A (empty: none).", required=False
        ),
        _codes(
            "gwno_b", f"{_GW} of a primary party on side B (empty: not a state).", required=False
        ),
        _codes(
            "gwno_b_2nd", f"{_GW} of a secondary party on side B (empty: none).", required=False
        ),
        Column(
            "incompatibility",
            "string",
            "What is contested.",
            enum=("territory", "government", "both"),
        ),
        Column(
            "intensity_level",
            "integer",
            "1: 25-999 battle-related deaths in the year, 2: 1,000 or more.",
            enum=(1, 2),
        ),
        Column(
            "type_of_conflict",
            "string",
            "Type (II: internationalized intrastate).",
            enum=("extrasystemic", "interstate", "intrastate", "II"),
        ),
        Column("start_date", "date", "Date of the first battle-related death of the conflict."),
        Column("start_prec", "integer", "Precision of start_date (UCDP code).", minimum=1),
        Column("start_date2", "date", "Date the episode reached 25 deaths."),
        Column("start_prec2", "integer", "Precision of start_date2 (UCDP code).", minimum=1),
        Column("ep_end", "integer", "The episode ended in the year (1) or not (0).", enum=_BIN),
        Column("ep_end_date", "date", "Date the episode ended (empty: not ended).", required=False),
    ),
)

#: Every layout, by extract name, in the descriptor's order.
LAYOUTS: dict[str, Layout] = {
    lay.name: lay
    for lay in (
        _STATES,
        _NMC,
        _GML_DISPUTES,
        _GML_DYADS,
        _ATOP,
        _TSS,
        _CONTDIR,
        _WARS,
        _GRH,
        _TT,
        _UCDP,
    )
}
#: Names of the extracts (resource names, file stems and attributes of :class:`External`).
EXTERNAL_NAMES: tuple[str, ...] = tuple(LAYOUTS)


# --------------------------------------------------------------------------- reading


def _error(path: Path, row: int | None, column: str | None, message: str) -> DataError:
    return DataError([Problem(str(path), row, column, message)])


def _names(path: Path, header: list[str], layout: Layout) -> list[str]:
    """The header's names in the layout's spelling, after checking that none is missing."""
    fold = (lambda s: s.lower()) if layout.case_insensitive else (lambda s: s)
    by_folded = {fold(c.name): c.name for c in layout.columns}
    names = [by_folded.get(fold(h), h) for h in header]
    expected = [c.name for c in layout.columns if c.in_header]
    missing = [c for c in expected if c not in names]
    if missing:
        raise _error(
            path,
            None,
            missing[0],
            f"missing column(s) {missing} in the header; a {layout.title} file has {expected}",
        )
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise _error(path, None, dup[0], f"column(s) {dup} appear more than once in the header")
    return names


def _rows(path: Path, layout: Layout) -> tuple[list[str], list[list[str]], list[int]]:
    """Header names (checked), data rows and their line numbers (rows of the header's length)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise _error(
                path, None, None, f"the file is empty (expected columns {list(layout.names)})"
            ) from None
        except csv.Error as err:
            raise _error(path, None, None, f"not a CSV file ({err})") from None
        header = _names(path, header, layout)
        rows: list[list[str]] = []
        lines: list[int] = []
        width = len(header)
        try:
            for row in reader:
                if not row or all(not v.strip() for v in row):
                    continue
                if len(row) != width:
                    raise _error(
                        path,
                        reader.line_num - 1,
                        None,
                        f"{len(row)} fields, expected {width}",
                    )
                rows.append(row)
                lines.append(reader.line_num)
        except csv.Error as err:
            raise _error(
                path, None, None, f"line {reader.line_num}: not valid CSV ({err})"
            ) from None
    return header, rows, lines


def read_layout(path: str | os.PathLike, layout: Layout) -> pd.DataFrame:
    """Read a CSV file in a published layout, checking every column and cell.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (UTF-8, with or without a byte-order mark; one header row).
    layout : Layout
        The expected layout, e.g. ``LAYOUTS["cow_nmc"]``.

    Returns
    -------
    pandas.DataFrame
        The layout's columns in its order, then any further columns of the file as text.
        Required integers are ``int64``; integers that may be missing and numbers are
        ``float64`` with NaN for a missing code or an empty cell; strings and dates ``object``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    gulfsec.DataError
        For a missing column, a row with the wrong number of fields, a value that is not of
        the column's type or outside its allowed values, a missing required value, or a
        duplicate key. Each problem names the file, the row (with its line number) and the
        column; the first problem of each column is reported.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "races.csv"
    >>> _ = p.write_text("race_id,ccode1,ccode2,styear,endyear\\n50,630,645,1973,1978\\n")
    >>> read_layout(p, LAYOUTS["grh_arms_races"]).loc[0, "endyear"]
    np.int64(1978)
    """
    import numpy as np
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{layout.title} file not found: {path}")
    names, rows, lines = _rows(path, layout)
    wanted = {c.name: c for c in layout.columns}
    raw = (
        pd.DataFrame(rows, columns=names, dtype=object)
        if rows
        else pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    )
    line_of = np.asarray(lines, dtype=np.int64)
    codes = set(layout.missing) | {""}
    problems: list[Problem] = []

    def flag(mask: np.ndarray, col: Column, message_of: Any) -> bool:
        bad = np.flatnonzero(mask)
        if bad.size == 0:
            return False
        i = int(bad[0])
        problems.append(
            Problem(str(path), int(line_of[i]) - 1, col.name, message_of(raw.iloc[i][col.name]))
        )
        return True

    out: dict[str, Any] = {}
    for col in layout.columns:
        if col.name not in raw.columns:
            continue
        text = raw[col.name].astype(str).str.strip()
        is_missing = text.isin(codes).to_numpy()
        if col.required and flag(
            is_missing, col, lambda v: f"a value is required, got {v!r} (missing)"
        ):
            continue
        if col.type in ("string", "date"):
            values = text.where(~is_missing, None)
            if col.type == "date":
                ok = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").to_numpy() | is_missing
                if flag(~ok, col, lambda v: f"{v!r} is not a date (YYYY-MM-DD)"):
                    continue
            if col.enum is not None:
                ok = values.isin(col.enum).to_numpy() | is_missing
                if flag(~ok, col, lambda v, e=col.enum: f"{v!r} is not one of {list(e)}"):
                    continue
            out[col.name] = values.astype(object)
            continue
        num = pd.to_numeric(text.where(~is_missing, None), errors="coerce").to_numpy(
            dtype="float64"
        )
        kind = "an integer" if col.type == "integer" else "a number"
        if flag(np.isnan(num) & ~is_missing, col, lambda v, k=kind: f"{v!r} is not {k}"):
            continue
        if flag(~np.isfinite(num) & ~is_missing, col, lambda v, k=kind: f"{v!r} is not {k}"):
            continue
        if col.type == "integer":
            with np.errstate(invalid="ignore"):
                frac = np.where(is_missing, 0.0, num % 1.0)
            if flag(frac != 0, col, lambda v: f"{v!r} is not an integer"):
                continue
        lo, hi = col.minimum, col.maximum
        codes_note = f", or {layout.missing[0]} for missing" if layout.missing else ""
        if lo is not None or hi is not None:
            with np.errstate(invalid="ignore"):
                outside = ((num < lo) if lo is not None else False) | (
                    (num > hi) if hi is not None else False
                )
            bounds = (
                f"between {lo:g} and {hi:g}"
                if lo is not None and hi is not None
                else (f"at least {lo:g}" if lo is not None else f"at most {hi:g}")
            )
            if flag(
                np.asarray(outside) & ~is_missing,
                col,
                lambda v, b=bounds, n=codes_note: f"{v!r} is not a valid value ({b}{n})",
            ):
                continue
        if col.enum is not None:
            ok = np.isin(num, np.asarray(col.enum, dtype="float64")) | is_missing
            if flag(~ok, col, lambda v, e=col.enum: f"{v!r} is not one of {list(e)}"):
                continue
        if col.type == "integer" and col.required:
            out[col.name] = num.astype("int64")
        else:
            out[col.name] = np.where(is_missing, np.nan, num)
    if problems:
        problems.sort(key=lambda p: (p.row, names.index(p.field or names[0])))
        raise DataError(problems, path)
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
    extra = [n for n in names if n not in wanted]
    for n in extra:
        frame[n] = raw[n].astype(str).str.strip().to_numpy()
    order = [c.name for c in layout.columns if c.name in frame.columns] + extra
    frame = frame[order]
    if layout.key and len(frame):
        dup_mask = frame.duplicated(list(layout.key), keep="first").to_numpy()
        if dup_mask.any():
            i = int(np.flatnonzero(dup_mask)[0])
            key = tuple(_plain(frame.iloc[i][k]) for k in layout.key)
            first = frame.index[
                (frame[list(layout.key)] == frame.iloc[i][list(layout.key)]).all(axis=1)
            ][0]
            raise _error(
                path,
                int(line_of[i]) - 1,
                layout.key[-1],
                f"{layout.key_label} {key} already on line {int(line_of[first])}",
            )
    return frame


def _plain(value: Any) -> Any:
    """A key value as a plain Python scalar, for messages (``2000`` rather than ``2000.0``)."""
    if isinstance(value, str):
        return value
    f = float(value)
    return int(f) if math.isfinite(f) and f.is_integer() else f


def read_nmc(path: str | os.PathLike) -> pd.DataFrame:
    """Read a Correlates of War National Material Capabilities (NMC) CSV as published.

    The file has the columns :data:`NMC_COLUMNS` (``stateabb, ccode, year, milex, milper,
    irst, pec, tpop, upop, cinc``; further columns such as ``version`` are kept as text), one
    row per state-year, with ``-9`` meaning missing. Versions 6.0 and 7.0 share this layout;
    the bundled ``data/external/cow_nmc.csv`` has it too (see :func:`nmc_csv`).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (e.g. ``NMC-70-abridged.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per state-year: ``stateabb`` (str), ``ccode`` and ``year`` (int64), the six
        components and ``cinc`` as float64 with ``-9`` (and empty cells) turned into NaN.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    gulfsec.DataError
        Naming the file, the row (line number in the file) and the column, for a missing
        column, a non-numeric or negative value (other than -9), a non-integer ``ccode`` or
        ``year``, or a duplicate state-year.

    References
    ----------
    Correlates of War Project, *National Material Capabilities Data Documentation*, v6.0
    (Greig & Enterline, 2021) and v7.0.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "nmc.csv"
    >>> _ = p.write_text("stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc\\n"
    ...                  "IRN,630,1980,100,10,-9,50,40,20,0.01\\n")
    >>> nmc = read_nmc(p)
    >>> bool(nmc["irst"].isna().all()), float(nmc.loc[0, "milex"])
    (True, 100.0)
    """
    return read_layout(path, _NMC)


def read_gml_mid_disputes(path: str | os.PathLike) -> pd.DataFrame:
    """Read a Gibler-Miller-Little MID dispute-level CSV (``gml-mida-2.2.1.csv``) as published.

    Required columns: ``dispnum, styear, stmon, outcome, settle, fatality, mindur, maxdur,
    hiact, hostlev, recip`` (the published file's other columns, such as ``stday`` or
    ``endyear``, are kept as text); ``-9`` means missing. One row per dispute.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.

    Returns
    -------
    pandas.DataFrame
        One row per dispute; required integer codes ``int64``, codes that may be ``-9`` as
        float64 with NaN.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    gulfsec.DataError
        Naming the file, row and column (missing column, a value that is not an integer or
        outside the code's range, e.g. ``hostlev`` not in 1-5, a duplicate ``dispnum``).

    References
    ----------
    Gibler, Miller & Little (2016), *International Studies Quarterly* 60(4), 719-730.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mida.csv"
    >>> _ = p.write_text("dispnum,styear,stmon,outcome,settle,fatality,mindur,maxdur,hiact,"
    ...                  "hostlev,recip\\n2,1902,5,6,1,-9,1,31,7,3,0\\n")
    >>> d = read_gml_mid_disputes(p)
    >>> int(d.loc[0, "hostlev"]), bool(d["fatality"].isna().all())
    (3, True)
    """
    return read_layout(path, _GML_DISPUTES)


def read_gml_mid_dyad_years(path: str | os.PathLike) -> pd.DataFrame:
    """Read a GML MID directed dyad-year CSV (``gml-ddy-disputes-2.2.1.csv``) as published.

    Required columns: ``dispnum, ccode1, ccode2, year, midongoing, midonset, sidea1, sidea2,
    revstate1/2, revtype11/12/21/22, fatality1/2, fatalpre1/2, hiact1/2, hostlev1/2, orig1/2,
    hiact, hostlev``; the published file's dispute-level columns (``mindur`` ... ``version``)
    are read when present. ``-9`` means missing. One row per dispute, ordered pair of states
    (both orders appear) and year.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.

    Returns
    -------
    pandas.DataFrame
        One row per directed dispute-dyad-year.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    gulfsec.DataError
        Naming the file, row and column.

    References
    ----------
    Gibler, Miller & Little (2016), *International Studies Quarterly* 60(4), 719-730.

    Examples
    --------
    >>> d = read_gml_mid_dyad_years(nmc_csv().with_name("gml_mid_dyad_years.csv"))
    >>> int(d.query("ccode1 == 630 and ccode2 == 2")["dispnum"].nunique()) > 0
    True
    """
    return read_layout(path, _GML_DYADS)


def read_atop_ddyr(path: str | os.PathLike) -> pd.DataFrame:
    """Read an ATOP directed dyad-year CSV (``atop5_1ddyr.csv``) as published.

    Required columns (names matched regardless of case, so ATOP's ``stateA``/``stateB`` read
    as ``statea``/``stateb``): ``statea, stateb, year, defense, offense, neutral, nonagg,
    consul``, each obligation 0 or 1. Further columns are kept as text.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.

    Returns
    -------
    pandas.DataFrame
        One row per directed dyad-year with an ATOP alliance, all columns ``int64``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    gulfsec.DataError
        Naming the file, row and column.

    References
    ----------
    Leeds, Ritter, Mitchell & Long (2002), *International Interactions* 28, 237-260.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "atop.csv"
    >>> _ = p.write_text("stateA,stateB,year,defense,offense,neutral,nonagg,consul\\n"
    ...                  "670,710,2010,0,0,0,0,1\\n")
    >>> int(read_atop_ddyr(p).loc[0, "consul"])
    1
    """
    return read_layout(path, _ATOP)


# --------------------------------------------------------------------------- the bundle


def default_external_path() -> Path:
    """Folder of the bundled extracts (``data/external``, or ``gulfsec/_data/external``).

    Examples
    --------
    >>> (default_external_path() / "datapackage.json").is_file()
    True
    """
    return default_data_path() / EXTERNAL_DIR


def nmc_csv() -> Path:
    """Path of the bundled COW NMC v7.0 extract, in the published NMC layout.

    A default for a notebook's ``nmc_csv`` parameter: it is read by :func:`read_nmc` exactly
    as a user's own NMC file is.

    Examples
    --------
    >>> nmc_csv().name
    'cow_nmc.csv'
    """
    return default_external_path() / "cow_nmc.csv"


class External:
    """The bundled published extracts, one pandas DataFrame per extract, read on first access.

    Attributes
    ----------
    path : pathlib.Path
        The folder of the extracts.
    names : tuple of str
        The extracts, in the descriptor's order (:data:`EXTERNAL_NAMES`).
    descriptor : dict
        The parsed ``datapackage.json`` of the extracts.
    cow_states, cow_nmc, gml_mid_disputes, gml_mid_dyad_years, atop_ddyr, tss_rivalries, \
cow_contdir, cow_war_inter, grh_arms_races, terrthreat, ucdp_acd : pandas.DataFrame
        The extracts (see ``data/CODEBOOK.md`` and the descriptor for filters and columns).

    Examples
    --------
    >>> ext = load_external()
    >>> "cow_nmc" in ext.names, ext.loaded
    (True, ())
    >>> len(ext["grh_arms_races"]) > 0, ext.loaded
    (True, ('grh_arms_races',))
    """

    cow_states: pd.DataFrame
    cow_nmc: pd.DataFrame
    gml_mid_disputes: pd.DataFrame
    gml_mid_dyad_years: pd.DataFrame
    atop_ddyr: pd.DataFrame
    tss_rivalries: pd.DataFrame
    cow_contdir: pd.DataFrame
    cow_war_inter: pd.DataFrame
    grh_arms_races: pd.DataFrame
    terrthreat: pd.DataFrame
    ucdp_acd: pd.DataFrame

    def __init__(self, path: Path, descriptor: dict[str, Any]):
        self.path = path
        self.descriptor = descriptor
        self.names = EXTERNAL_NAMES
        self._frames: dict[str, pd.DataFrame] = {}
        self._resources = {r.get("name"): r for r in descriptor.get("resources", [])}

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in EXTERNAL_NAMES:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return self[name]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in EXTERNAL_NAMES:
            raise KeyError(f"unknown extract {name!r}; the extracts are {list(EXTERNAL_NAMES)}")
        if name not in self._frames:
            provenance.record_extract(name, self.path_of(name), self.meta(name))  # then read
            self._frames[name] = read_layout(self.path_of(name), LAYOUTS[name])
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *EXTERNAL_NAMES})

    def __repr__(self) -> str:
        return f"External({str(self.path)!r}, {len(self.names)} extracts, loaded={self.loaded})"

    @property
    def loaded(self) -> tuple[str, ...]:
        """Extracts read so far, in the descriptor's order."""
        return tuple(n for n in self.names if n in self._frames)

    def path_of(self, name: str) -> Path:
        """The CSV file of extract ``name`` (as the descriptor names it)."""
        file = self.path / self.meta(name).get("path", f"{name}.csv")
        if not _inside(file, self.path):
            raise _error(file, None, "path", "the resource path leaves the extracts' folder")
        return file

    def meta(self, name: str) -> dict[str, Any]:
        """The descriptor's resource of extract ``name``: dataset, version, citation, terms,
        filter, source file and schema."""
        if name not in EXTERNAL_NAMES:
            raise KeyError(f"unknown extract {name!r}; the extracts are {list(EXTERNAL_NAMES)}")
        return self._resources.get(name, {})


def load_external(path: str | os.PathLike | None = None) -> External:
    """The bundled extracts of published datasets (or those in ``path``), read lazily.

    Only the descriptor is read here; each extract is read (and checked, see
    :func:`read_layout`) the first time it is used, so this call costs a few milliseconds.

    Parameters
    ----------
    path : str or os.PathLike or None
        A folder with the extracts and their ``datapackage.json`` (as written by
        ``data-raw/extract_external.py``), or a data folder with such an ``external/``
        subfolder; None for the bundled ones.

    Returns
    -------
    External
        One attribute per extract (:data:`EXTERNAL_NAMES`).

    Raises
    ------
    gulfsec.DataError
        If the folder has no readable descriptor or the descriptor does not list the extracts.

    Examples
    --------
    >>> ext = load_external()
    >>> sorted(ext.tss_rivalries.query("ccode1 == 630 and ccode2 == 645")["start"].tolist())
    [1958]
    """
    root = Path(path) if path is not None else default_external_path()
    if (root / EXTERNAL_DIR / "datapackage.json").is_file():
        root = root / EXTERNAL_DIR  # a data folder that carries its extracts
    desc_path = root / "datapackage.json"
    try:
        descriptor = json.loads(desc_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _error(desc_path, None, None, "no datapackage.json in the extracts' folder") from None
    except (OSError, ValueError) as err:
        raise _error(desc_path, None, None, f"not a readable JSON descriptor ({err})") from None
    listed = [r.get("name") for r in descriptor.get("resources", [])]
    absent = [n for n in EXTERNAL_NAMES if n not in listed]
    if absent:
        raise _error(desc_path, None, "resources", f"the descriptor lacks extract(s) {absent}")
    return External(root, descriptor)


def validate_external(path: str | os.PathLike | None = None) -> list[Problem]:
    """Every problem in the extracts: descriptor, each file's layout and cells, size and hash.

    The extracts are published data, written only by ``data-raw/extract_external.py``: a file
    whose byte count or md5 hash differs from its descriptor's is reported even when it reads.
    A file whose md5 hash is that of the extract shipped with gulfsec (and of its descriptor)
    is the very file that the test suite reads with these readers and validates with
    frictionless, so it is not parsed again; any other file is read and checked cell by cell.
    The whole check takes milliseconds for the shipped extracts.

    Parameters
    ----------
    path : str or os.PathLike or None
        The extracts' folder (or a data folder with an ``external/`` subfolder); None for the
        bundled ones.

    Returns
    -------
    list of Problem
        Empty when every extract reads and matches the descriptor's ``bytes``, ``hash`` and
        ``rows``.

    Examples
    --------
    >>> validate_external()
    []
    """
    try:
        ext = load_external(path)
    except DataError as err:
        return list(err.problems)
    shipped = _shipped_hashes()
    problems: list[Problem] = []
    for name in ext.names:
        res = ext.meta(name)
        try:
            file = ext.path_of(name)
            data = file.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(str(file), None, None, f"{name} file not found"))
            continue
        except DataError as err:
            problems.extend(err.problems)
            continue
        digest = hashlib.md5(data).hexdigest()
        stated = str(res.get("hash", "")).removeprefix("md5:")
        known = digest == stated == shipped.get(name) and res.get("bytes") == len(data)
        if known:
            continue
        try:
            rows = len(read_layout(file, LAYOUTS[name]))
        except DataError as err:
            problems.extend(err.problems)
            rows = None
        if "bytes" in res and res["bytes"] != len(data):
            problems.append(
                Problem(
                    str(file), None, None, f"{len(data)} bytes, the descriptor says {res['bytes']}"
                )
            )
        elif stated and digest != stated:
            problems.append(
                Problem(
                    str(file),
                    None,
                    None,
                    "the content differs from the descriptor's md5 hash: the extracts are "
                    "rebuilt by data-raw/extract_external.py, not edited",
                )
            )
        if rows is not None and res.get("rows") is not None and res["rows"] != rows:
            problems.append(
                Problem(str(file), None, None, f"{rows} rows, the descriptor says {res['rows']}")
            )
    return problems


def _shipped_hashes() -> dict[str, str]:
    """md5 hashes of the extracts shipped with the package, by name (empty if unreadable)."""
    try:
        desc = json.loads((default_external_path() / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        r["name"]: str(r.get("hash", "")).removeprefix("md5:")
        for r in desc.get("resources", [])
        if isinstance(r, dict) and "name" in r
    }


def _inside(file: Path, root: Path) -> bool:
    try:
        file.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
