"""The README's "For analysts" examples, run as written (a report path points at the session's
build, an output notebook goes to a temporary folder)."""

import re
import shlex
import subprocess

import pandas as pd
import pytest

from tradeanalysis.data.paths import PROJECT_DIR


def examples(language: str) -> list[str]:
    readme = (PROJECT_DIR / "README.md").read_text()
    section = readme.split("## For analysts", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def test_the_section_has_an_example_for_each_thing_analysts_touch():
    shell, python = examples("sh"), examples("python")
    assert [line.split()[0] for line in shell] == ["make", ".venv/bin/papermill"]
    assert len(python) == 2 and "ta.figures(" in python[0] and "read_csv" in python[1]


def test_the_jupyterlab_example_opens_the_project_root_on_the_notebooks():
    (command,) = [c for c in examples("sh") if c.startswith("make lab")]
    words = shlex.split(command)
    shown = subprocess.run(
        ["make", "-n", *words[1:]], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert f'--ServerApp.root_dir="{PROJECT_DIR}"' in shown
    assert "--LabApp.default_url=/lab/tree/notebooks" in shown
    assert "--port=8890" in shown and "--no-browser" in shown


def test_the_papermill_example_runs(tmp_path):
    (command,) = [c for c in examples("sh") if "papermill" in c]
    words = shlex.split(command)
    words[0] = str(PROJECT_DIR / words[0])
    words[-1] = str(tmp_path / words[-1])  # the output notebook, not into the checkout
    result = subprocess.run(words, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "3.57 trillion US dollars†" in (tmp_path / "usd.ipynb").read_text()


def test_the_pandas_example_runs():
    scope = {}
    exec(examples("python")[0], scope)  # noqa: S102 - the README's own example
    assert scope["exports"]["value"] == pytest.approx(25.45 / 7.12 * 1000)
    assert scope["exports"]["converted_at"] == 7.12
    assert set(scope["claims"]["status"]) <= {"pass", "consistent", "fail", "unverifiable"}


def test_the_downloads_example_runs(report):
    out, _ = report
    code = examples("python")[1].replace('"reports/', f'"{out}/')
    scope = {}
    exec(code, scope)  # noqa: S102 - the README's own example
    assert scope["figures"].loc["total_trade", "value"] == 43.85
    assert isinstance(scope["trade_chart"], pd.DataFrame) and len(scope["trade_chart"]) >= 2
