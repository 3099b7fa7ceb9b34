"""Plan validation of ``gulfsec render`` against hostile or careless plans (no kernel starts).

Reserved output names as report ids, size parameters past their ceiling, files named by
parameters that do not exist, a data folder that does not exist.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import DATA, NOTEBOOKS
from test_render import FIXTURES, run_inprocess, write_plan

from gulfsec import render
from gulfsec._validate import SIZE_LIMITS, check_size
from gulfsec.render.names import RESERVED_NAMES
from gulfsec.render.plan import PlanError, load_plan

RESERVED = ["index.html", "manifest.json", "index.ar.html", "plan.yml", "README.md", "_static"]


def real_plan(tmp_path, reports, **top):
    """A plan over the real notebooks and data (validated only: nothing is executed)."""
    plan = {"notebooks": str(NOTEBOOKS), "data": str(DATA), **top, "reports": reports}
    path = tmp_path / "plan.yml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    return path


def test_reserved_output_names_are_not_report_ids(tmp_path, capsys):
    reports = [
        {"id": rid, "notebook": "ok.ipynb", "edition": "report", "title": rid} for rid in RESERVED
    ]
    plan = write_plan(tmp_path, reports)
    assert run_inprocess(plan, tmp_path / "out") == render.EXIT_USAGE
    err = capsys.readouterr().err
    for rid in RESERVED[:5]:
        assert f"{rid!r} is a name the renderer or the site writes at the top of the output" in err
    assert "(_static): id must match" in err  # no id starts with '_' or '.' anyway
    assert f"{len(RESERVED)} problem(s)" in err
    assert not (tmp_path / "out").exists()
    assert {"index.html", "manifest.json", "index.ar.html", "_static"} <= RESERVED_NAMES


def test_size_parameters_have_a_ceiling_checked_before_any_kernel(tmp_path, capsys):
    threats = {"notebook": "03_threat_matrix.ipynb", "edition": "report", "title": "T"}
    plan = real_plan(
        tmp_path,
        [
            {"id": "big", **threats, "parameters": {"lang": "en", "n_draws": 100_000_000}},
            {"id": "ok", **threats, "parameters": {"n_draws": 2000}},
        ],
    )
    assert run_inprocess(plan, tmp_path / "out") == render.EXIT_USAGE
    err = capsys.readouterr().err
    assert "parameter 'n_draws' must be an integer from 1 to 100000, got 100000000" in err
    assert "1 problem(s)" in err and not (tmp_path / "out").exists()
    # the same check the analysis makes (one constant, one message)
    low, high = SIZE_LIMITS["n_draws"]
    with pytest.raises(ValueError, match=f"from {low} to {high}"):
        check_size("n_draws", high + 1)


def test_files_named_by_parameters_must_exist_and_data_reaches_every_notebook(tmp_path):
    (tmp_path / "caps.csv").write_text("x\n", encoding="utf-8")
    reports = [
        {"id": "nmc", "notebook": "01_power_balance.ipynb", "parameters": {"nmc_csv": "caps.csv"}},
        {"id": "tour", "notebook": "00_reading_the_article.ipynb"},
    ]
    for r in reports:
        r.update(edition="report", title=r["id"])
    plan = load_plan(real_plan(tmp_path, reports))
    nmc, tour = plan.reports
    assert nmc.parameters == {"nmc_csv": "caps.csv"}  # as written (the manifest shows this)
    assert nmc.run_parameters["nmc_csv"] == str(tmp_path / "caps.csv")  # what papermill gets
    assert nmc.files["nmc_csv"] == tmp_path / "caps.csv"
    # inside the project: relative to the notebook's folder, the same in every checkout
    assert tour.run_parameters["data_path"] == "../data" and tour.files["data_path"] == DATA

    reports[0]["parameters"] = {"nmc_csv": "missing.csv"}
    reports[1]["parameters"] = {"data_path": "no-such-folder"}
    with pytest.raises(PlanError) as err:
        load_plan(real_plan(tmp_path, reports))
    text = str(err.value)
    assert "parameter 'nmc_csv' names the file 'missing.csv', which does not exist" in text
    assert "parameter 'data_path' names the folder 'no-such-folder', which does not exist" in text
    with pytest.raises(PlanError, match="data folder .* does not exist"):
        load_plan(real_plan(tmp_path, reports[1:], data="nowhere"))


def test_timeouts_have_a_ceiling(tmp_path):
    plan = write_plan(
        tmp_path,
        [{"id": "a", "notebook": "ok.ipynb", "edition": "report", "title": "A", "timeout": 1e9}],
        timeout=0,
    )
    with pytest.raises(PlanError) as err:
        load_plan(plan)
    assert len(err.value.problems) == 2
    assert all("at most 21600" in p for p in err.value.problems)
    assert FIXTURES.is_dir()


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "--workers", "0"],
        ["render", "--workers", "65"],
        ["render", "--workers", "two"],
        ["site", "--jobs", "9"],
        ["site", "--jobs", "0"],
    ],
)
def test_command_counts_have_one_parser_and_a_ceiling(argv, capsys):
    # --workers and --jobs are checked like every size parameter (SIZE_LIMITS), before any work
    from gulfsec.cli import main

    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    name = argv[1].lstrip("-")
    low, high = SIZE_LIMITS[name]
    err = capsys.readouterr().err
    assert f"parameter '{name}' must be an integer from {low} to {high}, got '{argv[2]}'" in err


def test_size_limits_agree_with_the_analyses_own_ceilings():
    from gulfsec import networks, power

    assert SIZE_LIMITS["min_persistence"] == (1, power.MAX_PERSISTENCE)
    assert SIZE_LIMITS["mid_min_disputes"] == (1, networks.MAX_MID_DISPUTES)
    assert SIZE_LIMITS["layout_seed"] == (0, networks.MAX_SEED)


def test_every_notebook_parameter_has_a_known_type_and_help():
    """What ``papermill --help-notebook`` shows (the README sends users there), and what plan
    validation checks types against: no "Unknown type", no parameter without its help."""
    import papermill

    from gulfsec.render.parameters import inspect_parameters

    notebooks = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    for nb in notebooks:
        found = papermill.inspect_notebook(str(nb))
        assert found, f"{nb.name} has no parameters cell"
        for name, p in found.items():
            where = f"{nb.name}: parameter {name!r}"
            assert p["inferred_type_name"] not in (None, "None"), f"{where} has no type annotation"
            assert (p.get("help") or "").strip(), f"{where} has no help comment"
        assert all(q.type is not None and not q.inferred for q in inspect_parameters(nb)), nb.name


# --- hostile plans: the YAML, the ids, the paths (issue 23; probes in test_render_probes.py) ---


def test_the_plan_loader_bounds_the_plan_with_its_aliases_expanded():
    from gulfsec.render.planfile import MAX_YAML_DEPTH, MAX_YAML_NODES, read_plan_yaml

    # yaml.dump writes shared values as aliases: such plans still load
    shared = {"lang": "en"}
    text = yaml.safe_dump({"reports": [{"parameters": shared}, {"parameters": shared}]})
    assert "*id001" in text
    assert read_plan_yaml(text) == {"reports": [{"parameters": shared}] * 2}
    # MAX_YAML_DEPTH levels are read, one more is refused; an alias counts at its full height
    ok = "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH
    assert read_plan_yaml(ok) is not None
    with pytest.raises(yaml.YAMLError, match=f"more than {MAX_YAML_DEPTH} levels"):
        read_plan_yaml("[" + ok + "]")
    half = MAX_YAML_DEPTH // 2 + 1
    with pytest.raises(yaml.YAMLError, match=f"more than {MAX_YAML_DEPTH} levels"):
        read_plan_yaml(f"a: &x {'[' * half}1{']' * half}\nb: {'[' * half}*x{']' * half}")
    # values, aliases expanded: the mapping, 2 keys and b's list are 4, *x (a list of 999) 1000
    n = (MAX_YAML_NODES - 4) // 1000 - 1  # a and n copies of it fit, one more copy does not
    items = ", ".join(["0"] * 999)
    fits = f"a: &x [{items}]\nb: [" + ", ".join(["*x"] * n) + "]"
    assert len(read_plan_yaml(fits)["b"]) == n
    with pytest.raises(yaml.YAMLError, match=f"more than {MAX_YAML_NODES} values"):
        read_plan_yaml(fits.replace("[*x", "[*x, *x"))
    with pytest.raises(yaml.YAMLError, match=r"alias \*a is inside the value it names"):
        read_plan_yaml("a: &a [1, *a]")
    assert yaml.safe_load("a: &x [1]\nb: *x") == {"a": [1], "b": [1]}  # yaml itself untouched


def test_the_longest_id_fits_every_file_the_renderer_writes(tmp_path):
    from gulfsec.render.files import atomic_write
    from gulfsec.render.names import MAX_ID_LENGTH, report_id_problem

    rid = "a" * MAX_ID_LENGTH
    assert report_id_problem(rid) is None
    assert report_id_problem(rid + "a").startswith(f"id is {MAX_ID_LENGTH + 1} characters long")
    for name in (f"{rid}.html", f"{rid}.ipynb", f"{rid}.failed.ipynb"):  # and their temp files
        atomic_write(tmp_path / rid / name, b"x")
    assert len(list((tmp_path / rid).iterdir())) == 3
    for bad in ("abc\n", "a/b", "a\\b", "\u202eabc", "ａｂｃ", ".hidden", "a b"):
        assert report_id_problem(bad) is not None, bad


def test_unusable_paths_and_values_are_plan_errors(tmp_path):
    from gulfsec.render.names import MAX_PATH_BYTES, path_problem

    assert path_problem("a\tb") == "contains the control character '\\t'"
    assert path_problem("x" * (MAX_PATH_BYTES + 1)).startswith(f"is {MAX_PATH_BYTES + 1} bytes")
    assert path_problem("d/" + "x" * 256).startswith("has a part longer than 255 bytes")
    assert path_problem("") is not None and path_problem(["a"]) is not None
    plan = write_plan(
        tmp_path,
        [
            {"id": "n", "notebook": "x" * 300, "edition": "report", "title": "N"},
            {"id": "s", "notebook": "ok.ipynb", "edition": "report", "title": "S"},
        ],
        notebooks=3,
    )
    with pytest.raises(PlanError) as exc:
        load_plan(plan)
    assert exc.value.problems[0] == "'notebooks': the path must be a non-empty string, got 3 (int)"
    # YAML's safe tags give values no notebook parameter takes: refused with the reason
    text = plan.read_text(encoding="utf-8").replace(
        "notebooks: 3", f"notebooks: {tmp_path}/notebooks"
    )
    for value, kind in [
        ("!!set {IRN: null}", "set"),
        ("2024-03-31", "date"),
        ("!!binary aGk=", "bytes"),
    ]:
        plan.write_text(
            text.replace("title: S", f"title: S\n  parameters: {{label_suffix: {value}}}"),
            encoding="utf-8",
        )
        with pytest.raises(PlanError, match=f"report #2 \\(s\\): 'parameters' holds a {kind} "):
            load_plan(plan)


def test_unreadable_plans_are_plan_errors(tmp_path):
    from gulfsec.render.planfile import MAX_PLAN_BYTES

    plan = tmp_path / "plan.yml"
    plan.write_text("notebooks: nb\n1: a\nx: b\nreports: []\n", encoding="utf-8")
    with pytest.raises(PlanError) as exc:  # keys of mixed types were a TypeError in sorted()
        load_plan(plan)
    assert exc.value.problems[:2] == [
        "unknown top-level key 1; allowed: ['data', 'notebooks', 'reports', 'timeout']",
        "unknown top-level key 'x'; allowed: ['data', 'notebooks', 'reports', 'timeout']",
    ]
    plan.write_bytes(b"reports: [\xff]\n")
    with pytest.raises(PlanError, match="not valid UTF-8 at byte 10"):
        load_plan(plan)
    plan.write_bytes(b"#" * (MAX_PLAN_BYTES + 1))
    with pytest.raises(PlanError, match=f"larger than {MAX_PLAN_BYTES} bytes"):
        load_plan(plan)
