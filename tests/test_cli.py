"""The command line: output, exit codes, one-line errors. Each command runs for real in a
subprocess in tests/test_readme.py (the README's command lines); here the messages are read in
this process through `cli.main` (`run_main`), and the exit codes 1 and 2 reach the shell through
the real command."""

import json

import pytest
from conftest import run_cli, run_main, set_cell


def test_releases_lists_every_release_oldest_first():
    code, out, _ = run_main(["releases"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("2018\t2019-01-14\t16 figures")
    assert lines[-1].startswith("2024\t2025-01-16\t16 figures")
    ids = [x.split("\t")[0] for x in lines]
    assert ids[:5] == ["2018", "2019", "2020", "2021", "2022"]
    # the year-to-date releases sit between the annual ones, by publication date
    assert ids.index("2023-02") == 5 and ids.index("2023") == ids.index("2023-11") + 1
    assert ids[-11:-1] == [f"2024-{m:02d}" for m in range(2, 12)]
    assert len(ids) == 28


def test_figures_table_shows_every_figure_and_the_citation():
    code, out, _ = run_main(["figures"])
    assert code == 0
    assert "total_trade" in out and "43.85" in out
    assert "Source: General Administration of Customs" in out


def test_figures_csv_and_json_round_trip():
    csv_out = run_main(["figures", "--format", "csv"])[1].splitlines()
    assert csv_out[0].startswith("id,section,label,period,scope,value,unit,bound")
    assert len(csv_out) == 17
    records = json.loads(run_main(["figures", "--format", "json"])[1])
    assert {r["id"]: r["value"] for r in records}["exports"] == 25.45


def test_check_passes_for_2024():
    code, out, _ = run_main(["check"])
    assert code == 0
    assert "0 fail" in out


def test_check_exits_1_when_a_check_fails(release_copy):
    set_cell(release_copy / "figures.csv", "exports", "value", "26.45")
    result = run_cli("check", "--release", release_copy)  # exit 1 through the real command
    assert result.returncode == 1
    assert "0 fail" not in result.stdout and " fail," in result.stdout


def test_a_defective_release_exits_2_with_one_line_through_the_real_command(release_copy):
    line = set_cell(release_copy / "figures.csv", "imports", "yoy_pct", "two")
    result = run_cli("figures", "--release", release_copy)
    assert result.returncode == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert f"figures.csv, line {line}, column 'yoy_pct'" in message


@pytest.mark.parametrize("command", ["figures", "check"])
def test_defective_release_exits_2_with_one_line(release_copy, command):
    line = set_cell(release_copy / "figures.csv", "imports", "yoy_pct", "two")
    code, out, err = run_main([command, "--release", release_copy])
    assert code == 2
    assert out == ""
    message = err.strip()
    assert "\n" not in message and "Traceback" not in message
    assert f"figures.csv, line {line}, column 'yoy_pct'" in message


@pytest.mark.parametrize("args", [["nonsense"], ["figures", "--format", "xml"], []])
def test_usage_errors_exit_2_with_one_line(args):
    code, _, err = run_main(args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_unknown_release_exits_2():
    code, _, err = run_main(["check", "--release", "../../etc"])
    assert code == 2
    assert "no such release" in err
