"""The project's own promises: pins in step, a codebook for every column, CI running make test."""

import re
import tomllib

import yaml

from tradeanalysis.analysis.claim_checks import CLAIM_CHECKS
from tradeanalysis.analysis.outcomes import STATUSES
from tradeanalysis.data.paths import PROJECT_DIR
from tradeanalysis.data.release import FIGURE_COLUMNS, OPTIONAL_FIGURE_COLUMNS
from tradeanalysis.data.schema import declared_sections
from tradeanalysis.data.units import UNITS


def pins_from_pyproject():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(r.split("==") for r in reqs)


def test_environment_yml_has_the_same_pins_as_pyproject():
    env = yaml.safe_load((PROJECT_DIR / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = dict(p.split("==") for p in pip if "==" in p)
    assert pins == pins_from_pyproject()
    assert "python=3.11" in env["dependencies"]


def test_every_dependency_is_pinned_exactly():
    for name, version in pins_from_pyproject().items():
        assert re.fullmatch(r"[0-9][0-9.]*", version), name


def test_codebook_documents_every_column_section_and_unit():
    codebook = (PROJECT_DIR / "data" / "README.md").read_text()
    words = (*FIGURE_COLUMNS, *OPTIONAL_FIGURE_COLUMNS, *declared_sections(), *UNITS)
    for word in (*words, *CLAIM_CHECKS, *STATUSES, "exact", "lower", "YYYY-Qn", "discrepancies"):
        assert f"`{word}" in codebook, word


def test_ci_runs_the_readme_test_command():
    assert "make test" in (PROJECT_DIR / ".ci" / "run").read_text()
    readme = (PROJECT_DIR / "README.md").read_text()
    assert "make test" in readme and "make report" in readme


def test_make_test_names_a_changed_notebook_and_how_to_restore_it(tmp_path):
    import shutil
    import subprocess

    from tradeanalysis.report.refresh import changed_line, changed_notebooks

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    shutil.copytree(PROJECT_DIR / "notebooks", tmp_path / "notebooks")
    git("init", "-q")
    git("add", "notebooks")
    git("commit", "-q", "-m", "notebooks as committed")
    assert changed_notebooks(tmp_path) == []
    notebook = tmp_path / "notebooks" / "06_shenzhen.ipynb"
    notebook.write_text(notebook.read_text().replace("Shenzhen", "Shenzhen, explored", 1))
    changed = changed_notebooks(tmp_path)
    assert changed == ["notebooks/06_shenzhen.ipynb"]
    line = changed_line(changed)
    assert "\n" not in line and "git checkout -- notebooks" in line
    assert changed_notebooks(tmp_path / "nowhere") == []  # outside a checkout: nothing to say
