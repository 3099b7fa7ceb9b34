"""Helpers the assessments share: bands and sides, verdict rules, the text of the numbers.

Private to :mod:`gulfsec.evidence` (as :mod:`gulfsec.networks._checks` is to its package):
how a ratio falls against a band, how legs of a test add up to a verdict, how years and
states are written in a finding, and how the GML and ATOP rows are read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from gulfsec import alliances
from gulfsec._validate import check_choice
from gulfsec.evidence.model import GCC_CODES, MID_PARTICIPANTS, OBLIGATION_READINGS, THREE_TO_ONE
from gulfsec.i18n import year_range


def _side(ratio: float, band: float) -> str:
    """``first`` above ``1 + band``, ``second`` below ``1 / (1 + band)``, else ``parity``."""
    if not math.isfinite(ratio):
        return "no_data"
    if ratio > 1 + band:
        return "first"
    if ratio < 1 / (1 + band):
        return "second"
    return "parity"


def _fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def _spans(years: Iterable[int]) -> str:
    """Runs of consecutive years: ``[2015, 2016, 2017, 2020]`` -> ``"2015–2017, 2020"``."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return "—"
    runs, start, prev = [], ys[0], ys[0]
    for y in ys[1:]:
        if y != prev + 1:
            runs.append(year_range(start, prev))
            start = y
        prev = y
    runs.append(year_range(start, prev))
    return ", ".join(runs)


def _band(option: str | float) -> float:
    """A band option as a number: ``"3:1"`` is :data:`THREE_TO_ONE`."""
    return THREE_TO_ONE if option == "3:1" else float(option)


def _three(parts: int) -> str:
    """Two legs of a test: 2 found -> supported, 1 -> partly, 0 -> contradicted."""
    return ("contradicted", "partly_supported", "supported")[parts]


def _share_verdict(n_yes: int, n_all: int) -> str:
    """All -> supported, some -> partly supported, none -> contradicted."""
    if n_all and n_yes == n_all:
        return "supported"
    return "partly_supported" if n_yes else "contradicted"


#: Labels of the littoral states' COW numbers in the ledger's findings.
_LITTORAL_IDS: dict[int, str] = {630: "IRN", 645: "IRQ", **{v: k for k, v in GCC_CODES.items()}}
#: Labels of other states the findings name (COW numbers).
_OTHER_IDS: dict[int, str] = {
    2: "USA", 200: "GBR", 220: "FRA", 255: "DEU", 365: "RUS", 710: "CHN", 666: "ISR",
    652: "SYR", 678: "YEM", 679: "YEM", 680: "YEM", 620: "LBY", 651: "EGY", 640: "TUR",
    660: "LBN", 663: "JOR", 700: "AFG", 345: "SRB",
}  # fmt: skip


def _name(code: int) -> str:
    code = int(code)
    return _LITTORAL_IDS.get(code) or _OTHER_IDS.get(code) or str(code)


def _years_text(years: Iterable[int]) -> str:
    ys = [str(int(y)) for y in years]
    return ", ".join(ys) if ys else "—"


def _pair_mask(df: pd.DataFrame, a: int, b: int) -> pd.Series:
    return ((df["ccode1"] == a) & (df["ccode2"] == b)) | ((df["ccode1"] == b) & (df["ccode2"] == a))


def _participants(dyad_years: pd.DataFrame, participants: str = "all") -> pd.DataFrame:
    """GML dyad-years, every participant or originators only (both ``orig1`` and ``orig2``)."""
    check_choice("participants", participants, MID_PARTICIPANTS)
    if participants == "all":
        return dyad_years
    return dyad_years[(dyad_years["orig1"] == 1) & (dyad_years["orig2"] == 1)]


_REVTYPES = ("revtype11", "revtype12", "revtype21", "revtype22")


def _territorial(dyad_years: pd.DataFrame) -> pd.Series:
    """Dyad-years in which either side sought to revise territory (a GML revision type of 1)."""
    cols = [c for c in _REVTYPES if c in dyad_years.columns]
    if not cols:
        return pd.Series(False, index=dyad_years.index)
    return (dyad_years[cols] == 1).any(axis=1)


def _holds(row: Any, reading: str) -> bool:
    """Whether an ATOP obligations row holds the obligations ``reading`` reads as alliance."""
    check_choice("obligations", reading, OBLIGATION_READINGS)
    if reading == "defense":
        return bool(row["defense"])
    return any(bool(row[o]) for o in alliances.ATOP_OBLIGATIONS)
