"""What the library records of what it read (gulfsec.provenance): hand-checkable cases."""

from __future__ import annotations

import hashlib
import shutil

import pytest

import gulfsec
from gulfsec import provenance
from gulfsec.external import nmc_csv, read_nmc


@pytest.fixture(autouse=True)
def _fresh():
    provenance.clear()
    yield
    provenance.clear()


def test_a_table_is_recorded_with_the_digest_of_its_bytes_and_its_paragraphs(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(gulfsec.data.default_data_path(), data)
    ds = gulfsec.load(data)
    _ = ds.threats  # a table is recorded when it is used
    (rec,) = [r for r in provenance.sources(["table"]) if r["table"] == "threats"]
    assert rec["sha256"] == hashlib.sha256((data / "threats.csv").read_bytes()).hexdigest()
    assert set(rec["passages"]) >= {22, 23, 29, 32, 36}  # the four threats' lines
    assert all(r["table"] != "glossary" for r in provenance.sources(["table"]))  # not used


def test_a_bundled_extract_is_recorded_once_with_version_and_citation():
    ext = gulfsec.load_external()
    _ = ext.cow_nmc
    read_nmc(nmc_csv())  # the same file read again through the public reader
    (rec,) = provenance.sources(["extract"])
    assert (rec["name"], rec["version"]) == ("cow_nmc", "7.0")
    assert rec["citation"].startswith("Singer, J. David")
    assert rec["sha256"] == hashlib.sha256(nmc_csv().read_bytes()).hexdigest()


def test_a_readers_own_file_is_recorded_under_its_name(tmp_path):
    mine = tmp_path / "NMC-80-abridged.csv"
    shutil.copy(nmc_csv(), mine)
    read_nmc(mine)
    (rec,) = provenance.sources(["extract"])
    assert rec["file"] == str(mine.resolve()) and rec["version"] == mine.name
    assert rec["dataset"].startswith("Correlates of War National Material Capabilities")


def test_the_digest_is_taken_before_the_read(tmp_path):
    mine = tmp_path / "nmc.csv"
    shutil.copy(nmc_csv(), mine)
    before = hashlib.sha256(mine.read_bytes()).hexdigest()
    read_nmc(mine)
    mine.write_text(mine.read_text(encoding="utf-8").replace("IRN", "IRN", 1) + "\n")
    (rec,) = provenance.sources(["extract"])
    assert rec["sha256"] == before  # the record says what was read, not what is there now
