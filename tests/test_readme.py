"""The README's and the docs pages' examples, run as written (a report path points at the
session's build, an output notebook or report goes to a temporary folder; a papermill example
whose parameters are a session run's reads the notebook that run executed). Every fenced block
of these pages is claimed by a test below: a new example without a test fails the count."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import SESSION_RUNS

from tradeanalysis.data.paths import PROJECT_DIR
from tradeanalysis.narrative.params import normalized
from tradeanalysis.report.build import plan_runs
from tradeanalysis.report.notebook_files import KERNEL_NAME

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

BIN = Path(sys.executable).parent
# Page -> (language, how many blocks): each is run or checked by a test of this file.
PAGES = {
    "README.md": [("sh", 3), ("python", 1), ("", 1)],
    "docs/analysts.md": [("python", 3), ("sh", 2)],
    "docs/notebooks.md": [("sh", 1)],
    "docs/build.md": [("yaml", 1)],
    "docs/currency.md": [],
    "bench/README.md": [],
}
README_LIMIT = 9 * 1024


def blocks(page: str) -> list[tuple[str, str]]:
    """(language, text) of each fenced block of a page, in order."""
    return re.findall(r"^```(\w*)\n(.*?)^```$", (PROJECT_DIR / page).read_text(), re.S | re.M)


def examples(page: str, language: str) -> list[str]:
    return [text for kind, text in blocks(page) if kind == language]


def test_every_block_of_the_pages_is_counted_and_the_readme_is_short():
    for page, kinds in PAGES.items():
        found = [kind for kind, _ in blocks(page)]
        assert (PROJECT_DIR / page).read_text().count("```") == 2 * len(found), page
        assert sorted(found) == sorted(k for k, n in kinds for _ in range(n)), page
    assert (PROJECT_DIR / "README.md").stat().st_size <= README_LIMIT


def test_every_link_of_the_pages_leads_to_a_file():
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#]+)\)", (PROJECT_DIR / page).read_text()):
            if not target.startswith("http"):
                assert (PROJECT_DIR / page).parent.joinpath(target).exists(), (page, target)


def test_the_readmes_two_commands_are_make_targets():
    (block, *_) = examples("README.md", "sh")
    for line in block.splitlines():
        target = line.split("#")[0].split()
        assert target[0] == "make"
        shown = subprocess.run(
            ["make", "-n", *target[1:]], cwd=PROJECT_DIR, capture_output=True, text=True
        )
        assert shown.returncode == 0 and shown.stdout, line


def test_the_readmes_library_lines_run():
    (code,) = examples("README.md", "python")
    scope = {}
    exec(code, scope)  # noqa: S102 - the README's own example
    assert float(scope["release"].value("exports")) == 25.45


def test_the_readmes_command_lines_run(report, tmp_path):
    """Each command as written; the build goes to a temporary folder seeded with the session
    build's cache, so it reuses every notebook instead of running them again."""
    out, _ = report
    commands = examples("README.md", "sh")[1].splitlines()
    assert [shlex.split(c)[1] for c in commands] == [
        "releases", "figures", "check", "history", "revisions", "build"
    ]  # fmt: skip
    for command in commands:
        words = shlex.split(command)
        words[0] = str(BIN / words[0])
        if words[1] == "build":
            shutil.copytree(out / ".cache", tmp_path / "reports" / ".cache")
        result = subprocess.run(words, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, (command, result.stderr[-2000:])
        assert result.stdout.strip(), command
    assert "8 executed" not in result.stdout and (tmp_path / "reports/2024/index.html").is_file()


def test_the_readmes_data_variable_is_the_one_the_package_reads():
    from tradeanalysis.data.paths import DATA_ENV

    (_, _, block, *_) = examples("README.md", "sh")
    assert block.startswith(f"export {DATA_ENV}=")


def test_the_readmes_layout_names_folders_that_exist():
    (layout,) = examples("README.md", "")
    for name in re.findall(r"^(\S+/)", layout, re.M) + ["tests/", "bench/", "docs/"]:
        assert (PROJECT_DIR / name.replace("<id>", "2024")).is_dir(), name


def test_the_analysts_page_has_an_example_for_each_thing_analysts_touch():
    shell, python = examples("docs/analysts.md", "sh"), examples("docs/analysts.md", "python")
    assert [line.split()[0] for line in shell] == ["make", ".venv/bin/papermill"]
    assert "ta.history(" in python[0] and "ta.figures(" in python[1] and "read_csv" in python[2]


def test_the_analysts_library_lines_run():
    scope = {}
    exec(examples("docs/analysts.md", "python")[0], scope)  # noqa: S102 - the page's example
    assert scope["release"].figures.loc["exports", "value"] == 25.45


def test_the_jupyterlab_example_opens_the_project_root_on_the_notebooks():
    (command,) = [c for c in examples("docs/analysts.md", "sh") if c.startswith("make lab")]
    words = shlex.split(command)
    shown = subprocess.run(
        ["make", "-n", *words[1:]], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert f'--ServerApp.root_dir="{PROJECT_DIR}"' in shown
    assert "--LabApp.default_url=/lab/tree/notebooks" in shown
    assert "--port=8890" in shown and "--no-browser" in shown


def run_parameters(nb) -> dict:
    """The parameters a run of a notebook uses: the defaults of its `parameters` cell, then those
    papermill injected, normalized as the notebook's own check reads them (currency in any
    case)."""
    scope = {}
    for cell in nb.cells:
        if {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", [])):
            exec(cell.source, scope)  # noqa: S102 - literal assignments
    scope.pop("__builtins__")
    return normalized(scope)


def cells(nb) -> list[tuple[str, str]]:
    """A notebook's cells as (type, source), without the cell papermill injects."""
    return [
        (c.cell_type, c.source)
        for c in nb.cells
        if "injected-parameters" not in c.metadata.get("tags", [])
    ]


@pytest.mark.parametrize(
    "page, printed",
    [
        ("docs/analysts.md", "3.57 trillion US dollars\u2020"),
        ("docs/notebooks.md", "6.16 trillion US dollars\u2020"),
    ],
)
def test_the_papermill_examples_run(report, tmp_path, monkeypatch, page, printed):
    """The example's words through papermill's own command (the function `.venv/bin/papermill`
    calls, in this process) with `--prepare-only`: the notebook with the parameters injected, no
    kernel. Its parameters are a session run's, so the notebook the session build executed with
    them is what the example prints. test_notebooks.py runs notebooks.md's example for real
    through `.venv/bin/papermill` (without its rate: the message)."""
    from click.testing import CliRunner
    from papermill.cli import papermill

    (command,) = [c for c in examples(page, "sh") if "papermill" in c]
    words = shlex.split(command)
    assert words[0] == ".venv/bin/papermill" and os.access(PROJECT_DIR / words[0], os.X_OK)
    prepared = tmp_path / words[-1]  # the output notebook, not into the checkout
    monkeypatch.chdir(PROJECT_DIR)
    result = CliRunner().invoke(papermill, [*words[1:-1], str(prepared), "--prepare-only"])
    assert result.exit_code == 0, result.output
    nb = nbformat.read(prepared, as_version=4)
    assert nb.metadata.kernelspec.name == KERNEL_NAME
    source = PROJECT_DIR / words[-2]
    assert cells(nb) == cells(nbformat.read(source, as_version=4))
    out, _ = report
    executed = {
        name: nbformat.read(out / name / source.name, as_version=4)
        for name in SESSION_RUNS
        if (out / name / source.name).is_file()
    }
    runs = [name for name, run in executed.items() if run_parameters(run) == run_parameters(nb)]
    assert runs, f"{page}: no run of the session build (conftest.SESSION_RUNS) runs this example"
    assert cells(executed[runs[0]]) == cells(nb)  # the notebook as it is, not an older one
    assert printed in (out / runs[0] / source.name).read_text()


def test_the_pandas_example_runs():
    scope = {}
    exec(examples("docs/analysts.md", "python")[1], scope)  # noqa: S102 - the page's example
    assert scope["exports"]["value"] == pytest.approx(25.45 / 7.12 * 1000)
    assert scope["exports"]["converted_at"] == 7.12
    assert set(scope["claims"]["status"]) <= {"pass", "consistent", "fail", "unverifiable"}


def test_the_downloads_example_runs(report):
    out, _ = report
    code = examples("docs/analysts.md", "python")[2].replace('"reports/', f'"{out}/')
    scope = {}
    exec(code, scope)  # noqa: S102 - the page's own example
    assert scope["figures"].loc["total_trade", "value"] == 43.85
    assert isinstance(scope["trade_chart"], pd.DataFrame) and len(scope["trade_chart"]) >= 2


def test_the_params_file_example_plans_its_runs(tmp_path):
    (spec,) = examples("docs/build.md", "yaml")
    (tmp_path / "runs.yml").write_text(spec)
    runs = {run.name: run for run in plan_runs(params_file=str(tmp_path / "runs.yml"))}
    assert set(runs) == {"usd", "billions", "months"}
    assert runs["usd"].parameters == {"currency": "USD", "cny_per_usd": 7.12}
    assert runs["months"].pages == ("01_headline.ipynb", "03_in_year.ipynb")
