"""Execute every notebook for real with papermill: in US dollars, in billions, on the synthetic
release with sections missing, and with bad parameters that must stop with one clear message."""

import json
import re
import shlex
import subprocess
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import SYNTHETIC, session_run
from test_readme import examples

from tradeanalysis.data.paths import NOTEBOOKS_DIR, PROJECT_DIR
from tradeanalysis.report.build import execute
from tradeanalysis.report.notebook_files import KERNEL_NAME
from tradeanalysis.report.plan import pages_of

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
KERNEL = KERNEL_NAME
# Figures printed in the 2024 release; none may appear in a run on another release.
FIGURES_2024 = ["43.85", "25.45", "18.39", "22.07", "11.51", "4.11", "79.7", "59.4", "17.4", "1.25"]


def run(notebook: Path, out_dir: Path, **parameters) -> nbformat.NotebookNode:
    """Run a notebook with papermill as the build does (a kernel start retried once)."""
    out = out_dir / notebook.name
    execute(notebook, out, parameters)
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


def executed(report, run: str, notebook: str) -> nbformat.NotebookNode:
    """A notebook as the session's build executed it for one run (a release id or a named run
    of SESSION_RUNS), checked to hold no error."""
    nb = nbformat.read(report[0] / run / notebook, as_version=4)
    assert not errors(nb), f"{notebook} ({run}) stored an error"
    return nb


def kept_pages(run_name: str) -> list[str]:
    """The notebooks the session's build ran for a named run (a page whose sections the release
    has no figure in is left out of the build: report.plan.pages_of)."""
    kept, _ = pages_of(session_run(run_name))
    return [path.name for path in kept]


@pytest.fixture(scope="module")
def runs(report):
    """Every notebook run three ways by the session's build (dollars, billions, the synthetic
    release), where the build ran it; {(config, name): text}."""
    configs = {"usd": "usd", "billion": "billions", "synthetic": "synthetic"}
    return {
        (config, name): output_text(executed(report, run_name, name))
        for config, run_name in configs.items()
        for name in kept_pages(run_name)
    }


def test_there_are_eight_section_notebooks_in_reading_order():
    assert [n.name[:3] for n in NOTEBOOKS] == [f"0{k}_" for k in range(1, 9)]


def test_in_us_dollars_2024_is_converted_and_its_growth_is_in_yuan_terms(runs):
    # 2024 prints no dollar figures: amounts are converted and marked, growth is in yuan terms,
    # and the previous year stays in yuan (no rate for 2023 is given).
    headline = runs["usd", "01_headline.ipynb"]
    assert "**6.16 trillion US dollars\u2020** in 2024" in headline  # 43.85 / 7.12
    assert "+5% in yuan terms on the year before" in headline
    assert "previous year at about 41.76 trillion yuan (41.56 to 41.97)" in headline
    assert "drawn in yuan" in headline  # the chart of the year against the one before
    trade = runs["usd", "04_exports_imports.ipynb"]
    assert "3.57 trillion US dollars\u2020** (+7.1% in yuan terms)" in trade
    # under 1 trillion dollars, and no scale given: billions
    assert "a surplus of about 992 billion US dollars (990 to 993)\u2020" in trade


@pytest.mark.parametrize("name", [n.name for n in NOTEBOOKS])
def test_a_dollar_page_states_its_rate_once_and_marks_what_it_converted(report, name):
    nb = executed(report, "usd", name)
    said = [
        o["data"]["text/markdown"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]
    assert sum(s.count("converted at 7.12 yuan per US dollar") for s in said) == 1
    text = output_text(nb)
    assert "yuan per dollar" not in text  # no rate repeated after an amount


def test_in_us_dollars_2023_uses_customs_own_dollar_figures(report):
    # 2023 prints 41.76 trillion yuan, +0.2%, and 5.94 trillion dollars, -5.0%.
    headline = output_text(executed(report, "usd2023", NOTEBOOKS[0].name))
    assert "**5.94 trillion US dollars** in 2023" in headline
    assert "\u22125.0% on the year before" in headline and "+0.2%" not in headline
    # 5.94 / 0.95: the previous year from the dollar figures, never 41.76 trillion yuan converted
    assert "previous year at about 6.25 trillion US dollars (6.24 to 6.26)" in headline
    assert "Trade fell 5.0% to 5.94 trillion US dollars" in headline  # the chart's title
    # the later release's implied 2023 is yuan, held against the yuan figure printed here
    assert "of about 41.76 trillion yuan (41.56 to 41.97) for 2023, which the 41.76 trillion " in (
        headline
    )


def test_a_2023_dollar_run_has_one_balance_from_customs_dollar_figures(report):
    # 3.38 - 2.56 trillion dollars as printed; never that difference divided by 7.05 again
    balance = "about 820 billion US dollars (810 to 830)"
    index = (report[0] / "usd2023" / "index.html").read_text()
    assert f"surplus of {balance}" in index and "116 billion" not in index
    trade = output_text(executed(report, "usd2023", "04_exports_imports.ipynb"))
    assert f"a surplus of {balance}." in trade
    # the derived table's balance is the sentence's, not yuan converted at the run's rate
    row = re.search(r"<td>Trade balance \(exports minus imports\)</td>\s*<td>([^<]*)</td>", trade)
    assert row and row.group(1) == balance


def test_no_previous_year_in_dollars_unless_customs_printed_dollars(report):
    usd2024 = output_text(executed(report, "usd", "04_exports_imports.ipynb"))
    assert (
        re.search(
            r"Previous year's trade balance, implied\s*\|?\s*about 5.79 trillion yuan", (usd2024)
        )
        or "about 5.79 trillion yuan (5.76 to 5.82)" in usd2024
    )
    usd2023 = output_text(executed(report, "usd2023", "04_exports_imports.ipynb"))
    assert "implied prior exports_usd - implied prior imports_usd" in usd2023


def test_in_billions_the_narrative_states_billions(runs):
    assert "43,850 billion yuan" in runs["billion", "01_headline.ipynb"]
    assert "25,450 billion yuan" in runs["billion", "04_exports_imports.ipynb"]
    assert "billion yuan" in runs["billion", "01_headline.ipynb"]  # the chart axis too


def test_every_section_chart_carries_the_source_note(runs):
    for name in ("01_headline.ipynb", "04_exports_imports.ipynb", "05_partners_regions.ipynb"):
        assert "Source: General Administration of Customs" in runs["billion", name]


def test_synthetic_release_tells_its_own_numbers(runs):
    assert "31.20 trillion yuan" in runs["synthetic", "01_headline.ipynb"]
    assert "17.60 trillion yuan" in runs["synthetic", "04_exports_imports.ipynb"]


@pytest.mark.parametrize("name", [n.name for n in NOTEBOOKS])
def test_synthetic_release_mentions_no_2024_figure(runs, name):
    if ("synthetic", name) not in runs:  # left out of the build: nothing shown, nothing to leak
        assert name not in kept_pages("synthetic")
        return
    text = runs["synthetic", name]
    found = [f for f in FIGURES_2024 if re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", text)]
    assert not found, f"{name} shows 2024 figures {found} on the synthetic release"


def test_missing_sections_are_left_out_of_the_build_and_said_so_in_the_notebook(report, tmp_path):
    # the synthetic release has no partner or Shenzhen figure: the build leaves both pages out
    # and its index says why; run on its own (as in JupyterLab), the notebook says so in a line
    left_out = {"05_partners_regions.ipynb", "06_shenzhen.ipynb"}
    assert left_out.isdisjoint(kept_pages("synthetic"))
    index = (report[0] / "synthetic" / "index.html").read_text()
    assert "Left out of this run" in index and "Shenzhen" in index
    nb = run(NOTEBOOKS_DIR / "06_shenzhen.ipynb", tmp_path, release=str(SYNTHETIC))
    text = output_text(nb)
    assert "Not in this release" in text and "<svg" not in text


def test_a_bad_release_stops_the_kernel_with_one_clear_message(tmp_path):
    # Every parameter's message is checked in this process (test_text); here a kernel shows
    # that a notebook stops with that one line, not a traceback, as the build runs it...
    with pytest.raises(pm.PapermillExecutionError) as info:
        run(NOTEBOOKS[0], tmp_path, release="1999")
    assert "no such release" in info.value.evalue
    assert len(info.value.traceback) == 1  # one line, not a Python traceback


def test_papermill_cli_without_a_rate_prints_the_message(tmp_path):
    # ... and papermill's own command line prints it for a parameter error: docs/notebooks.md's
    # example as written, run for real, without its rate (its output: tests/test_readme.py)
    (command,) = [c for c in examples("docs/notebooks.md", "sh") if "papermill" in c]
    words = shlex.split(command)
    at = words.index("cny_per_usd")
    del words[at - 1 : at + 2]
    assert words[1:3] == ["-k", KERNEL] and "currency" in words
    words[0], words[-1] = str(PROJECT_DIR / words[0]), str(tmp_path / "out.ipynb")
    result = subprocess.run(words, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "ParameterError: currency USD needs an exchange rate" in result.stderr
    assert "Traceback" not in result.stderr.split("ParameterError")[-1]
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    (error,) = errors(nb)
    assert len(error["traceback"]) == 1  # one line, not a Python traceback
    assert error["traceback"][0].startswith("ParameterError: currency USD needs an exchange rate")


def test_help_notebook_documents_every_parameter():
    # papermill's command (the function `papermill` calls), in this process: no kernel starts
    from click.testing import CliRunner
    from papermill.cli import papermill

    result = CliRunner().invoke(papermill, ["--help-notebook", str(NOTEBOOKS[0])])
    assert result.exit_code == 0, result.output
    for name in ("release", "currency", "cny_per_usd", "scale", "palette", "figure_format"):
        assert re.search(rf"^\s+{name}: \w+ \(default ", result.output, re.M), name
    assert "yuan per US dollar" in result.output


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


# --- the history notebook and the generic section notebook ---
HISTORY = NOTEBOOKS_DIR / "02_history.ipynb"
OTHER = NOTEBOOKS_DIR / "07_other_sections.ipynb"


@pytest.fixture(scope="module")
def history_runs(report):
    """The history notebook for the earliest release, 2024 in dollars and in billions, and the
    last release of the synthetic history, as the session's build ran them; {name: text}."""
    runs = {"earliest": "2018", "usd": "usd", "billion": "billions"}
    runs["synthetic"] = "synthetic-history"
    return {name: output_text(executed(report, run, HISTORY.name)) for name, run in runs.items()}


def test_a_release_with_no_earlier_history_says_so_and_draws_nothing(history_runs):
    text = history_runs["earliest"]
    assert "No earlier release in the data" in text and "<svg" not in text


def test_the_history_in_dollars_keeps_past_years_in_yuan_and_says_why(history_runs):
    text = history_runs["usd"]
    assert "The years are shown in yuan, as customs printed them" in text
    assert "43.85 trillion yuan in 2024" in text and "7.12 yuan per US dollar" in text
    assert "6.3096 trillion US dollars" in text  # customs' own 2022 total, printed in billions
    assert "releases 2018 to 2024" in text


def test_the_2024_history_draws_the_eu_and_belt_and_road_breaks(history_runs):
    text = history_runs["billion"]
    for words in ("eu27 from here", "partners-2024 from here", "European Union (eu28)"):
        assert words in text
    # ASEAN passed the EU in 2020, the year the EU lost the United Kingdom: the words say so
    assert "on definition eu28 in 2019 and eu27 in 2020" in text
    assert "2 sit on two definitions" in text and "9 cannot, so customs restated them" in text


def test_the_history_in_billions(history_runs):
    assert "43,850 billion yuan in 2024" in history_runs["billion"]


def test_the_synthetic_history_shows_its_gap_break_and_restatement(history_runs):
    text = history_runs["synthetic"]
    # no release for 2032: its total is the one 2033's growth implies, its ASEAN value is missing
    assert "The data hold 3 releases" in text and "for 2029 to 2033:" in text
    assert "first came out larger than trade with the European Union in 2031" in text
    # bri_route_trade and bri_trade: two ids, two lines; no series.yml, so no break within either
    assert "Trade with countries along the routes" in text
    assert "Trade with Belt and Road partners" in text and "from here" not in text
    assert "1 cannot, so customs restated them (years 2030)" in text
    assert text.count("<svg") >= 5


def test_the_headline_says_when_a_later_release_restated_the_year():
    # the headline notebook says `story.years.restated_text("total_trade")` when it is not
    # empty (empty for 2024: no later release); here for 2022, in this process
    from tradeanalysis.narrative.story import Story

    text = Story.from_parameters("2022").years.restated_text("total_trade")
    assert "The 2023 release's growth rate implies goods trade" in text
    assert "0.86% to 1.01% below the 42.07 trillion yuan printed here" in text


def test_a_section_nobody_foresaw_is_told_in_the_generic_notebook(report):
    text = output_text(executed(report, "synthetic-other", OTHER.name))
    assert (
        "### Trade in services" in text and "Trade in services: 6.00 trillion yuan in 2031" in text
    )
    assert "### Private, foreign\\-invested and state\\-owned firms" in text  # escaped title
    assert text.count("<svg") >= 2  # the sections' amounts against the previous year, at least


def test_the_generic_notebook_on_a_release_with_no_other_section(report):
    text = output_text(executed(report, "2024", OTHER.name))
    assert "no section beyond those the other notebooks tell" in text and "<svg" not in text
