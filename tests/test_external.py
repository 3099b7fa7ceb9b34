"""The bundled extracts of published datasets (data/external), their rebuild and their readers.

The tests that compare the extracts with peacesciencer's files need ``../shared/external/
peacesciencer`` and the ``rdata`` package; they skip with a reason when either is absent,
except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import DATA, ROOT

import gulfsec
from gulfsec import external, power

EXT = DATA / "external"
SOURCE = ROOT.parent / "shared" / "external" / "peacesciencer"
COMMIT = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
GULF8 = {630, 645, 670, 690, 692, 694, 696, 698}


def _need_source() -> None:
    reason = None
    if not (SOURCE / "data").is_dir():
        reason = f"{SOURCE} is absent (the shared copy of peacesciencer's data)"
    elif importlib.util.find_spec("rdata") is None:
        reason = "the development dependency rdata is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: the extract tests must run)")
        pytest.skip(reason)


#: The tests that read peacesciencer's own files (the shared source, about 2 s to read) to
#: rebuild the extracts with data-raw/extract_external.py or to compare them with it: they test
#: the bundled data against its source and the extraction tool, not the library's code, so
#: `make test` runs them and `make test-fast` does not.
FROM_SOURCE = pytest.mark.slow


@pytest.fixture(scope="module")
def script():
    """data-raw/extract_external.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "extract_external", ROOT / "data-raw" / "extract_external.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def source(script):
    """peacesciencer's data frames, by extract name (read once)."""
    _need_source()
    return script.load_sources(SOURCE)


@pytest.fixture(scope="module")
def rendered(script, source):
    """What the script writes, from the source read once."""
    return script.render(SOURCE, source)


@pytest.fixture(scope="module")
def ext():
    return gulfsec.load_external()


def raw_rows(name: str) -> list[dict[str, str]]:
    with (EXT / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- rebuild


@FROM_SOURCE
def test_rebuild_is_byte_identical(rendered):
    files = rendered
    committed = {p.name for p in EXT.iterdir() if p.is_file()}
    assert set(files) == committed
    for name, data in files.items():
        assert (EXT / name).read_bytes() == data, f"{name} differs from its rebuild"


@FROM_SOURCE
def test_rebuild_check_mode_and_bad_source(script, source, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(script, "load_sources", lambda path: source)
    assert script.main(["--check"], write=lambda s: None) == 0
    (tmp_path / "cow_nmc.csv").write_text("stateabb\n")
    assert script.main(["--check", "--out", str(tmp_path)], write=lambda s: None) == 1
    assert "differs" in capsys.readouterr().err
    assert script.main(["--source", str(tmp_path / "nope")]) == 2
    assert "--source PATH" in capsys.readouterr().err


# --------------------------------------------------------------------------- against the source


@FROM_SOURCE
def test_row_counts_follow_the_documented_filters(source, ext):
    s = source
    actors = set(external_actor_set())
    n = s["cow_nmc"]
    assert len(ext.cow_nmc) == int((n.ccode.isin(actors) & (n.year >= 1946)).sum()) == 1356
    d = s["gml_mid_dyad_years"]
    gulf = d.ccode1.isin(GULF8) | d.ccode2.isin(GULF8)
    assert len(ext.gml_mid_dyad_years) == int((gulf & (d.year >= 1946)).sum()) == 936
    assert set(ext.gml_mid_disputes.dispnum) == set(ext.gml_mid_dyad_years.dispnum)
    a = s["atop_ddyr"]
    gulf = a.ccode1.isin(GULF8) | a.ccode2.isin(GULF8)
    assert len(ext.atop_ddyr) == int((gulf & (a.year >= 1946)).sum()) == 13044
    st = s["cow_states"]
    assert len(ext.cow_states) == int(st.ccode.isin(actors).sum()) == 25
    c = s["cow_contdir"]
    own = c[(c.conttype > 0) & (c.ccode1 < c.ccode2)]
    mirrored = c[(c.conttype > 0) & (c.ccode1 > c.ccode2)]
    assert len(own) == len(mirrored)  # peacesciencer's rows are COW's rows and their mirror
    assert len(ext.cow_contdir) == 54
    u = s["ucdp_acd"]
    sides = u[["gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd"]]
    region = GULF8 | {620, 652, 660, 666, 678, 680}
    assert len(ext.ucdp_acd) == int(sides.isin(region).any(axis=1).sum()) == 705
    assert len(ext.ucdp_acd[["conflict_id", "year"]].drop_duplicates()) == 380
    counts = {n: len(ext[n]) for n in ext.names}
    assert counts == {r["name"]: r["rows"] for r in ext.descriptor["resources"]}
    assert counts["tss_rivalries"] == 33 and counts["grh_arms_races"] == 9
    assert counts["cow_war_inter"] == 60 and counts["terrthreat"] == 1128


def external_actor_set() -> tuple[int, ...]:
    ids = {r["name"]: r for r in ext_descriptor()["resources"]}
    text = ids["cow_nmc"]["filter"]
    inside = text[text.index("(") + 1 : text.index(")")]
    return tuple(int(x) for x in inside.split(","))


def ext_descriptor() -> dict:
    return json.loads((EXT / "datapackage.json").read_text(encoding="utf-8"))


@FROM_SOURCE
def test_nmc_values_and_missing_codes_match_the_source(source, ext):
    src = source["cow_nmc"]
    src = src[src.ccode.isin(external_actor_set()) & (src.year >= 1946)].reset_index(drop=True)
    got = ext.cow_nmc
    assert (
        got[["ccode", "year"]].to_numpy().tolist()
        == src[["ccode", "year"]].astype(int).to_numpy().tolist()
    )
    for c in (*power.NMC_COMPONENTS, "cinc"):
        np.testing.assert_array_equal(got[c].to_numpy(), src[c].to_numpy(), err_msg=c)
    # peacesciencer's NA is the published -9 in the file, and nothing else is -9
    rows = raw_rows("cow_nmc")
    for i, row in enumerate(rows):
        for c in power.NMC_COMPONENTS:
            assert (row[c] == "-9") == math.isnan(src.loc[i, c]), (i, c)
    assert sum(r["milex"] == "-9" for r in rows) == int(src.milex.isna().sum()) > 0
    # the same reader for the bundled file and a user's nmc_csv
    pd.testing.assert_frame_equal(power.read_nmc(external.nmc_csv()), got)
    iran = got.set_index(["ccode", "year"]).loc[(630, 1980)]
    assert iran["stateabb"] == "IRN" and iran["milper"] == 305.0


@FROM_SOURCE
def test_published_layouts_keep_the_published_values(source, ext):
    d = source["gml_mid_dyad_years"]
    d = d[(d.ccode1.isin(GULF8) | d.ccode2.isin(GULF8)) & (d.year >= 1946)].reset_index(drop=True)
    got = ext.gml_mid_dyad_years
    assert list(got.columns) == list(d.columns)
    for c in d.columns:
        if c == "version":
            assert set(got[c]) == {"gml-2.2.1"}
            continue
        expect = d[c].where(d[c] != -9).to_numpy(dtype=float)  # -9 reads as missing
        np.testing.assert_array_equal(got[c].to_numpy(dtype=float), expect, err_msg=c)
    assert raw_rows("gml_mid_dyad_years")[0]["revtype21"] == "-9"
    a = source["atop_ddyr"]
    a = a[(a.ccode1.isin(GULF8) | a.ccode2.isin(GULF8)) & (a.year >= 1946)]
    np.testing.assert_array_equal(ext.atop_ddyr.to_numpy(), a.to_numpy().astype("int64"))
    m = source["gml_mid_disputes"]
    m = m[m.dispnum.isin(set(got.dispnum))].reset_index(drop=True)
    np.testing.assert_array_equal(
        ext.gml_mid_disputes.to_numpy(dtype=float), m.where(m != -9).to_numpy(dtype=float)
    )


@FROM_SOURCE
def test_other_extracts_match_the_source(source, ext):
    c = source["cow_contdir"]
    c = c[(c.conttype > 0) & (c.ccode1 < c.ccode2)]

    def month(days: float) -> int:
        d = pd.Timestamp("1970-01-01") + pd.Timedelta(days=days)
        assert d.day == 1
        return d.year * 100 + d.month

    spells = {
        (int(r.ccode1), int(r.ccode2), int(r.conttype), month(r.stdate), month(r.enddate))
        for r in c.itertuples(index=False)
    }
    got = set(ext.cow_contdir.itertuples(index=False, name=None))
    assert got <= spells and len(got) == len(ext.cow_contdir)
    assert got == {s for s in spells if ({s[0], s[1]} & GULF8) and s[4] >= 194601}
    actors = set(external_actor_set())
    region = GULF8 | {620, 652, 660, 666, 678, 680}
    filters = {
        "cow_states": lambda d: d.ccode.isin(actors),
        "terrthreat": lambda d: d.ccode.isin(actors) & (d.year >= 1946),
        "cow_war_inter": lambda d: (d.ccode1.isin(GULF8) | d.ccode2.isin(GULF8)) & (d.year >= 1946),
        "tss_rivalries": lambda d: (d.ccode1.isin(GULF8) | d.ccode2.isin(GULF8)) & (d.end >= 1946),
        "grh_arms_races": lambda d: (
            (d.ccode1.isin(GULF8) | d.ccode2.isin(GULF8)) & (d.endyear >= 1946)
        ),
        "ucdp_acd": lambda d: (
            d[["gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd"]].isin(region).any(axis=1)
        ),
    }
    for name, keep in filters.items():
        src = source[name][keep(source[name])].reset_index(drop=True)
        got = ext[name]
        assert list(got.columns) == list(src.columns) and len(got) == len(src), name
        for c in src.columns:
            if c in ("start_date", "start_date2", "ep_end_date"):  # R dates: days since 1970
                days = src[c].to_numpy(dtype=float)
                iso = [
                    None
                    if math.isnan(x)
                    else (pd.Timestamp("1970-01-01") + pd.Timedelta(days=x)).date().isoformat()
                    for x in days
                ]
                assert plain(got[c]) == iso, (name, c)
            elif got[c].dtype == object:
                assert plain(got[c]) == plain(src[c]), (name, c)
            else:
                expect = src[c].astype(float)
                if external.LAYOUTS[name].missing:  # -9 reads as missing
                    expect = expect.where(expect != -9)
                np.testing.assert_array_equal(
                    got[c].to_numpy(dtype=float), expect.to_numpy(), err_msg=f"{name}.{c}"
                )


def plain(values) -> list:
    """Values as a list, with every kind of missing value as None."""
    return [None if pd.isna(v) else v for v in values]


def test_hand_checkable_facts_of_the_extracts(ext):
    st = ext.cow_states.set_index("ccode")
    assert st.loc[690, "styear"] == 1961 and st.loc[645, "styear"] == 1932
    assert {int(st.loc[c, "styear"]) for c in (692, 694, 696, 698)} == {1971}
    riv = ext.tss_rivalries.set_index("tssr_id")
    assert tuple(riv.loc[129, ["ccode1", "ccode2", "start", "end"]]) == (630, 645, 1958, 2003)
    race = ext.grh_arms_races.set_index("race_id").loc[50]
    assert (race.ccode1, race.ccode2, race.styear, race.endyear) == (630, 645, 1973, 1978)
    # ATOP records no defence obligation between the US and any GCC state in the extract
    gcc = {670, 690, 692, 694, 696, 698}
    atop = ext.atop_ddyr
    assert not ((atop.statea == 2) & atop.stateb.isin(gcc) & (atop.defense == 1)).any()
    assert ext.terrthreat[["lwr", "upr"]].notna().all().all()
    assert (ext.terrthreat.lwr <= ext.terrthreat.lterrthreat).all()
    assert (ext.terrthreat.lterrthreat <= ext.terrthreat.upr).all()


# --------------------------------------------------------------------------- descriptor


def test_descriptor_provenance_and_frictionless():
    import frictionless

    desc = ext_descriptor()
    assert [r["name"] for r in desc["resources"]] == list(external.EXTERNAL_NAMES)
    for res in desc["resources"]:
        for key in ("dataset", "version", "citation", "terms", "filter", "original_file"):
            assert res[key], (res["name"], key)
        assert f"extracted from peacesciencer 1.2.9 at fe150a2 ({COMMIT})" in res["provenance"]
        assert res["bytes"] == (EXT / res["path"]).stat().st_size
        assert "CC BY 4.0" not in res["terms"] or res["name"] == "ucdp_acd"
    ucdp = next(r for r in desc["resources"] if r["name"] == "ucdp_acd")
    assert ucdp["licenses"][0]["name"] == "CC-BY-4.0" and ucdp["version"] == "25.1"
    versions = {r["name"]: r["version"] for r in desc["resources"]}
    assert versions["cow_nmc"] == "7.0" and versions["atop_ddyr"] == "5.1"
    assert versions["gml_mid_dyad_years"] == "2.2.1" and versions["cow_contdir"] == "3.2"
    report = frictionless.Package(str(EXT / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


def test_validate_reports_a_bad_extract(tmp_path):
    import shutil

    dst = tmp_path / "external"
    shutil.copytree(EXT, dst)
    assert external.validate_external(dst) == []
    text = (dst / "cow_contdir.csv").read_text().splitlines()
    text[3] = text[3].replace(",1,", ",9,", 1)  # conttype 9 is no COW code
    (dst / "cow_contdir.csv").write_text("\n".join(text) + "\n")
    problems = external.validate_external(dst)
    assert [(Path(p.file).name, p.row, p.field) for p in problems] == [
        ("cow_contdir.csv", 3, "conttype"),
        ("cow_contdir.csv", None, None),  # and its md5 is no longer the descriptor's
    ]
    assert "'9' is not one of [1, 2, 3, 4, 5]" in problems[0].message
    shutil.copy(EXT / "cow_contdir.csv", dst / "cow_contdir.csv")
    races = (dst / "grh_arms_races.csv").read_text()
    (dst / "grh_arms_races.csv").write_text(races.replace("1973,1978", "1973,1979"))
    assert [p.message for p in external.validate_external(dst)] == [
        "the content differs from the descriptor's md5 hash: the extracts are rebuilt by "
        "data-raw/extract_external.py, not edited"
    ]
    (dst / "grh_arms_races.csv").write_text("race_id,ccode1,ccode2,styear,endyear\n")
    assert any("rows, the descriptor says 9" in p.message for p in external.validate_external(dst))
    desc = json.loads((dst / "datapackage.json").read_text())
    desc["resources"][0]["path"] = "../../etc/passwd"
    (dst / "datapackage.json").write_text(json.dumps(desc))
    assert any("leaves the extracts' folder" in str(p) for p in external.validate_external(dst))


def test_cli_validate_checks_the_extracts(capsys, data_copy):
    import shutil

    from gulfsec import cli

    bad = data_copy / "external" / "atop_ddyr.csv"
    bad.write_text(bad.read_text().replace("\n2,630,1959,1,", "\n2,630,1959,x,", 1))
    assert cli.main(["validate", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "atop_ddyr.csv: row 1 (line 2), field 'defense': 'x' is not an integer" in err, err
    problems: list = []
    shutil.rmtree(data_copy / "external")  # a user's data folder without extracts
    assert cli._check_external(str(data_copy), problems) == 0 and problems == []
    assert cli._check_external(None, problems) == 11 and problems == []


# --------------------------------------------------------------------------- readers


def write(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


MIDA = "dispnum,styear,stmon,outcome,settle,fatality,mindur,maxdur,hiact,hostlev,recip"
ATOP = "stateA,stateB,year,defense,offense,neutral,nonagg,consul"


@pytest.mark.parametrize(
    ("reader", "header", "rows", "pattern"),
    [
        (
            external.read_gml_mid_disputes,
            MIDA.replace(",hostlev", ""),
            ["1,2,3"],
            r"bad\.csv, field 'hostlev': missing column",
        ),
        (
            external.read_gml_mid_disputes,
            MIDA,
            ["2,1902,5,6,1,-9,1,31,7,3,0", "3,1913,5,4,3,0,177,177,10,6,0"],
            r"bad\.csv: row 2 \(line 3\), field 'hostlev': '6' is not one of \[1, 2, 3, 4, 5\]",
        ),
        (
            external.read_gml_mid_disputes,
            MIDA,
            ["2,19o2,5,6,1,-9,1,31,7,3,0"],
            r"row 1 \(line 2\), field 'styear': '19o2' is not an integer",
        ),
        (
            external.read_gml_mid_disputes,
            MIDA,
            ["2,1902,5,6,1,-9,1,31,7,3,0", "2,1902,5,6,1,-9,1,31,7,3,0"],
            r"line 3\), field 'dispnum': dispute \(dispnum\) \(2,\) already on line 2",
        ),
        (
            external.read_gml_mid_disputes,
            MIDA,
            ["2,1902,5,6,1,-9,1,31"],
            r"line 2.*8 fields, expected 11",
        ),
        (
            external.read_gml_mid_dyad_years,
            MIDA,
            ["2,1902,5,6,1,-9,1,31,7,3,0"],
            r"field 'ccode1': missing column\(s\) \['ccode1', 'ccode2', 'year'",
        ),
        (
            external.read_atop_ddyr,
            ATOP,
            ["670,710,2010,0,0,0,0,2"],
            r"row 1 \(line 2\), field 'consul': '2' is not one of \[0, 1\]",
        ),
        (
            external.read_atop_ddyr,
            ATOP,
            ["670,,2010,0,0,0,0,1"],
            r"field 'stateb': a value is required",
        ),
        (
            external.read_atop_ddyr,
            ",".join(power.NMC_COLUMNS),
            ["IRN,630,1980,1,1,1,1,1,1,0.1"],
            r"field 'statea': missing column.*ATOP directed dyad-year",
        ),
        (power.read_nmc, ATOP, ["670,710,2010,0,0,0,0,1"], r"field 'stateabb': missing column"),
    ],
)
def test_readers_name_file_row_and_column(tmp_path, reader, header, rows, pattern):
    f = write(tmp_path / "bad.csv", header, *rows)
    with pytest.raises(gulfsec.DataError, match=pattern):
        reader(f)


def test_readers_accept_the_published_layouts(tmp_path, ext):
    f = write(tmp_path / "atop5_1ddyr.csv", ATOP + ",atopally", "670,710,2010,0,0,0,0,1,1")
    atop = external.read_atop_ddyr(f)
    assert list(atop.columns) == [*external.LAYOUTS["atop_ddyr"].names, "atopally"]
    assert atop.loc[0, "statea"] == 670 and atop.loc[0, "atopally"] == "1"
    f = write(tmp_path / "gml-mida.csv", MIDA + ",stday", "2,1902,5,6,1,-9,1,31,7,3,0,-9", "")
    d = external.read_gml_mid_disputes(f)
    assert math.isnan(d.loc[0, "fatality"]) and d.loc[0, "stday"] == "-9"
    assert str(d["hostlev"].dtype) == "int64" and str(d["fatality"].dtype) == "float64"
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        external.read_atop_ddyr(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(gulfsec.DataError, match=r"empty\.csv: the file is empty"):
        external.read_gml_mid_dyad_years(tmp_path / "empty.csv")
    dyads = external.read_gml_mid_dyad_years(EXT / "gml_mid_dyad_years.csv")
    pd.testing.assert_frame_equal(dyads, ext.gml_mid_dyad_years)


def test_loader_is_lazy_and_import_stays_light():
    code = (
        "import sys, gulfsec; ext = gulfsec.load_external(); "
        "print('pandas' in sys.modules, ext.loaded); "
        "n = len(ext.cow_nmc); print('pandas' in sys.modules, ext.loaded, n)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split("\n")
    assert out[0] == "False ()" and out[1] == "True ('cow_nmc',) 1356"


def test_loader_errors(tmp_path, ext):
    with pytest.raises(gulfsec.DataError, match="no datapackage.json"):
        gulfsec.load_external(tmp_path)
    (tmp_path / "datapackage.json").write_text('{"resources": []}')
    with pytest.raises(gulfsec.DataError, match="lacks extract"):
        gulfsec.load_external(tmp_path)
    with pytest.raises(KeyError, match="unknown extract 'nmc'"):
        ext["nmc"]
    with pytest.raises(AttributeError):
        _ = ext.nmc
    assert ext.meta("ucdp_acd")["version"] == "25.1"
    assert gulfsec.load_external(DATA).path == EXT  # a data folder that carries its extracts
    assert isinstance(ext, gulfsec.External) and "cow_nmc" in dir(ext)
