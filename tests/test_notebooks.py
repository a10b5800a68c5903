"""Execute every notebook for real with papermill: in US dollars, in billions, on the synthetic
release with sections missing, and with bad parameters that must stop with one clear message."""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import SYNTHETIC

from tradeanalysis.paths import NOTEBOOKS_DIR
from tradeanalysis.schema import KERNEL_NAME

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
KERNEL = KERNEL_NAME
# Figures printed in the 2024 release; none may appear in a run on another release.
FIGURES_2024 = ["43.85", "25.45", "18.39", "22.07", "11.51", "4.11", "79.7", "59.4", "17.4", "1.25"]


def run(notebook: Path, out_dir: Path, **parameters) -> nbformat.NotebookNode:
    out = out_dir / notebook.name
    pm.execute_notebook(
        str(notebook),
        str(out),
        parameters=parameters,
        kernel_name=KERNEL,
        progress_bar=False,
        cwd=str(NOTEBOOKS_DIR),
    )
    return nbformat.read(out, as_version=4)


def output_text(nb) -> str:
    """Everything a reader sees in the outputs: Markdown, plain text, HTML and chart text."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for mime in ("text/markdown", "text/plain", "text/html", "image/svg+xml"):
                parts.append(out.get("data", {}).get(mime, ""))
    return "\n".join(parts)


def errors(nb):
    return [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every notebook run three ways, each into its own folder; {(config, name): text}."""
    configs = {
        "usd": {"currency": "USD", "cny_per_usd": 7.12},
        "billion": {"scale": "billion"},
        "synthetic": {"release": str(SYNTHETIC)},
    }
    results = {}
    for config, params in configs.items():
        folder = tmp_path_factory.mktemp(config)
        for notebook in NOTEBOOKS:
            nb = run(notebook, folder, **params)
            assert not errors(nb), f"{notebook.name} ({config}) stored an error"
            results[config, notebook.name] = output_text(nb)
    return results


def test_there_are_five_section_notebooks_in_reading_order():
    assert [n.name[:3] for n in NOTEBOOKS] == ["01_", "02_", "03_", "04_", "05_"]


def test_in_us_dollars_the_narrative_states_dollar_amounts_and_the_rate(runs):
    headline = runs["usd", "01_headline.ipynb"]
    assert "6.16 trillion US dollars" in headline  # 43.85 / 7.12
    assert "7.12 yuan per US dollar" in headline
    assert "trillion yuan" not in headline
    assert "3.57 trillion US dollars" in runs["usd", "02_exports_imports.ipynb"]  # 25.45 / 7.12


def test_in_billions_the_narrative_states_billions(runs):
    assert "43,850 billion yuan" in runs["billion", "01_headline.ipynb"]
    assert "25,450 billion yuan" in runs["billion", "02_exports_imports.ipynb"]
    assert "billion yuan" in runs["billion", "01_headline.ipynb"]  # the chart axis too


def test_every_section_chart_carries_the_source_note(runs):
    for name in ("01_headline.ipynb", "02_exports_imports.ipynb", "03_partners_regions.ipynb"):
        assert "Source: General Administration of Customs" in runs["billion", name]


def test_synthetic_release_tells_its_own_numbers(runs):
    assert "31.20 trillion yuan" in runs["synthetic", "01_headline.ipynb"]
    assert "17.60 trillion yuan" in runs["synthetic", "02_exports_imports.ipynb"]


@pytest.mark.parametrize("name", [n.name for n in NOTEBOOKS])
def test_synthetic_release_mentions_no_2024_figure(runs, name):
    text = runs["synthetic", name]
    found = [f for f in FIGURES_2024 if re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", text)]
    assert not found, f"{name} shows 2024 figures {found} on the synthetic release"


@pytest.mark.parametrize("name", ["03_partners_regions.ipynb", "04_shenzhen.ipynb"])
def test_missing_sections_say_so_and_skip_their_charts(runs, name):
    text = runs["synthetic", name]
    assert "Not in this release" in text
    assert "<svg" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"currency": "USD"}, "needs an exchange rate"),
        ({"currency": "USD", "cny_per_usd": 0}, "greater than zero"),
        ({"currency": "USD", "cny_per_usd": -1.5}, "greater than zero"),
        ({"scale": "million"}, "scale must be one of"),
        ({"release": "1999"}, "no such release"),
    ],
)
def test_bad_parameters_stop_with_one_clear_message(tmp_path, params, message):
    with pytest.raises(pm.PapermillExecutionError) as info:
        run(NOTEBOOKS[0], tmp_path, **params)
    assert message in info.value.evalue
    assert len(info.value.traceback) == 1  # one line, not a Python traceback


def test_papermill_cli_without_a_rate_prints_the_message(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            "-k",
            KERNEL,
            "-p",
            "currency",
            "USD",
            str(NOTEBOOKS[0]),
            str(tmp_path / "out.ipynb"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "ParameterError: currency USD needs an exchange rate" in result.stderr


def test_help_notebook_documents_every_parameter():
    result = subprocess.run(
        [sys.executable, "-m", "papermill", "--help-notebook", str(NOTEBOOKS[0])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    for name in ("release", "currency", "cny_per_usd", "scale", "palette", "figure_format"):
        assert re.search(rf"^\s+{name}: \w+ \(default ", result.stdout, re.M), name
    assert "yuan per US dollar" in result.stdout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_hygiene(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == KERNEL
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    source = "\n".join("".join(c["source"]) for c in code)
    typed = [f for f in FIGURES_2024 if f in source]
    assert not typed, f"2024 figures typed into the code: {typed}"
    assert "!pip" not in source and "datetime.now" not in source
    assert all(c["execution_count"] for c in code), "every code cell has a stored run"
