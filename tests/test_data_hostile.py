"""Hostile and corrupted data packages: the loader and validator give a DataError naming the
file (and the row and field where there is one), or accept the package; never another
exception, never a read outside the folder, and what validates can be drawn.

The corruptions are generated with hypothesis (derandomised: the same examples every run).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gulfsec
from gulfsec import cli
from gulfsec.data import DataError, validate

DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r["path"] for r in DESCRIPTOR["resources"]]
KNOWN_FILES = {*TABLES, "datapackage.json", "CODEBOOK.md", "passages.csv"}


def _edit_descriptor(folder: Path, edit) -> None:
    p = folder / "datapackage.json"
    desc = json.loads(p.read_text(encoding="utf-8"))
    edit(desc)
    p.write_text(json.dumps(desc, indent=1), encoding="utf-8")


def _run_validate(folder: Path, capsys) -> tuple[int, str]:
    code = cli.main(["validate", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(
    "path, why",
    [
        ("/etc/passwd", "is absolute"),
        ("../outside.csv", "goes up with '..'"),
        ("sub/../../outside.csv", "goes up with '..'"),
        ("https://example.invalid/events.csv", "is a URL"),
        ("linked.csv", "leads out of the folder through a link"),
    ],
)
def test_resource_paths_never_leave_the_data_folder(data_copy, capsys, path, why):
    outside = data_copy.parent / "outside.csv"
    shutil.copy(DATA / "events.csv", outside)  # a valid table: it must still be refused
    outside.write_text(outside.read_text(encoding="utf-8") + "FOREIGN-SECRET\n")
    (data_copy / "linked.csv").symlink_to(outside)
    k = TABLES.index("events.csv")
    _edit_descriptor(data_copy, lambda d: d["resources"][k].update(path=path))
    with pytest.raises(DataError) as err:
        gulfsec.load(data_copy)
    (problem,) = err.value.problems
    assert problem.file == "datapackage.json" and problem.field == f"resources[{k}].path"
    assert "resource 'events'" in problem.message and why in problem.message
    code, text = _run_validate(data_copy, capsys)
    assert code == 1 and "Traceback" not in text and why in text
    for foreign in ("FOREIGN-SECRET", "root:"):
        assert foreign not in str(err.value) and foreign not in text


def test_list_form_foreign_keys_validate_and_name_the_bad_row(data_copy):
    def to_lists(desc):
        for res in desc["resources"]:
            for fk in res["schema"].get("foreignKeys", []):
                fk["fields"] = [fk["fields"]]
                fk["reference"]["fields"] = [fk["reference"]["fields"]]

    _edit_descriptor(data_copy, to_lists)
    assert validate(data_copy) == []
    assert len(gulfsec.load(data_copy).ties) > 0
    ties = data_copy / "ties.csv"
    lines = ties.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(",")
    cells[1] = "NOWHERE"
    lines[1] = ",".join(cells)
    ties.write_text("\n".join(lines), encoding="utf-8")
    assert [str(p) for p in validate(data_copy)] == [
        "ties.csv: row 1 (line 2), field 'side_a': 'NOWHERE' is not a actor_id in actors.csv"
    ]


def test_a_header_only_table_does_not_validate(data_copy):
    for table in TABLES:
        original = (data_copy / table).read_bytes()
        (data_copy / table).write_bytes(original.split(b"\n", 1)[0] + b"\n")
        problems = validate(data_copy)
        assert any(p.file == table and "no data rows" in p.message for p in problems), table
        (data_copy / table).write_bytes(original)


def test_text_from_the_data_is_never_parsed_as_mathtext(data_copy):
    matplotlib.use("Agg")
    from gulfsec.plotting import threats as threats_plots

    threats = data_copy / "threats.csv"
    text = threats.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    col = header.split(",").index("title_en")
    cells = first.split(",")
    cells[col] = "$\\require{action}$ costs US$5 and $x^{$"
    threats.write_text("\n".join([header, ",".join(cells), rest]), encoding="utf-8")
    ds = gulfsec.load(data_copy)
    fig = threats_plots.plot_scores(ds, lang="en")
    fig.canvas.draw()  # mathtext would raise ValueError here
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert any("$\\require{action}$" in t for t in texts)
    matplotlib.pyplot.close(fig)


# --------------------------------------------------------------------------- property-based

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12
) | st.sampled_from(["", " ", "0", "-1", "1e309", "nan", "true", ";", ";;", '"', "\n", "1;x", "99"])


@st.composite
def corruption(draw):
    """A table and a corruption of its bytes."""
    table = draw(st.sampled_from(TABLES))
    kind = draw(
        st.sampled_from(
            ["cell", "cell", "cell", "drop_row", "dup_row", "truncate", "bytes", "header", "empty"]
        )
    )
    return table, kind, draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)), draw(_TEXT)


def _corrupt(raw: bytes, kind: str, i: int, j: int, text: str) -> bytes:
    import csv
    import io

    if kind == "truncate":
        return raw[: i % (len(raw) + 1)]
    if kind == "bytes":
        k = i % (len(raw) + 1)
        return raw[:k] + bytes([j % 256]) * (1 + j % 3) + raw[k:]
    if kind == "empty":
        return b""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    if kind == "header":
        rows[0][i % len(rows[0])] = text
    elif len(rows) > 1:
        r = 1 + i % (len(rows) - 1)
        if kind == "cell":
            rows[r][j % len(rows[r])] = text
        elif kind == "drop_row":
            del rows[r]
        elif kind == "dup_row":
            rows.insert(r, list(rows[r]))
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "data"
        shutil.copytree(DATA, folder)
        yield folder


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(corruption())
def test_corrupted_tables_give_a_data_error_or_load(scratch, case):
    table, kind, i, j, text = case
    path = scratch / table
    original = path.read_bytes()
    path.write_bytes(_corrupt(original, kind, i, j, text))
    try:
        problems = validate(scratch)
        for p in problems:
            assert p.file in KNOWN_FILES, p
            assert str(p).startswith(p.file)
        if problems:
            with pytest.raises(DataError) as err:
                gulfsec.load(scratch)
            assert err.value.problems == problems
        else:  # what validates loads
            ds = gulfsec.load(scratch)
            assert set(ds.tables) == {r["name"] for r in DESCRIPTOR["resources"]}
    finally:
        path.write_bytes(original)
