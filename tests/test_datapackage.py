"""data/datapackage.json: generated from the loader's own vocabulary, committed as generated, and
valid for Frictionless, which also finds in the CSV files what the descriptor forbids."""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import set_cell

from tradeanalysis.data import datapackage
from tradeanalysis.data.interval import BOUNDS
from tradeanalysis.data.load import release_dirs
from tradeanalysis.data.paths import DATA_DIR
from tradeanalysis.data.schema import declared_sections
from tradeanalysis.data.units import UNITS

FRICTIONLESS = shutil.which("frictionless", path=str(Path(sys.executable).parent))


def test_the_committed_descriptor_is_the_generated_one():
    committed = (DATA_DIR / datapackage.DESCRIPTOR).read_text(encoding="utf-8")
    assert committed == datapackage.render(), (
        "data/datapackage.json is out of date; fix: python -m tradeanalysis.data.datapackage"
    )
    check = subprocess.run(
        [sys.executable, "-m", "tradeanalysis.data.datapackage", "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_release_folder_is_described_with_the_loaders_vocabulary():
    package = datapackage.descriptor()
    resources = {r["name"]: r for r in package["resources"]}
    for folder in release_dirs():
        figures = resources[f"{folder.name}-figures"]
        assert figures["path"] == f"releases/{folder.name}/figures.csv"
        fields = {f["name"]: f for f in figures["schema"]["fields"]}
        assert fields["unit"]["constraints"]["enum"] == list(UNITS)
        assert fields["bound"]["constraints"]["enum"] == list(BOUNDS)
        assert set(declared_sections()) <= set(fields["section"]["constraints"]["enum"])
        assert figures["schema"]["primaryKey"] == ["id"]
        assert figures["schema"]["foreignKeys"] == [
            {"fields": ["share_of"], "reference": {"resource": "", "fields": ["id"]}}
        ]
        assert (f"{folder.name}-claims" in resources) == (folder / "claims.csv").is_file()
    assert len(package["resources"]) == sum(
        1 + (f / "claims.csv").is_file() for f in release_dirs()
    )


def test_a_new_release_folder_and_a_section_of_its_own_reach_the_descriptor(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "releases" / "2024", data / "releases" / "2030")
    meta = data / "releases" / "2030" / "release.yml"
    meta.write_text(meta.read_text() + "sections:\n  services: Trade in services\n")
    (resource,) = [r for r in datapackage.descriptor(data)["resources"] if "figures" in r["name"]]
    sections = resource["schema"]["fields"][1]["constraints"]["enum"]
    assert resource["name"] == "2030-figures" and "services" in sections


def test_frictionless_validates_the_committed_descriptor_and_data():
    assert FRICTIONLESS, "frictionless is a dev dependency: make venv installs it"
    result = subprocess.run(
        [FRICTIONLESS, "validate", "--json", str(DATA_DIR / datapackage.DESCRIPTOR)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    errors = [e["message"] for task in report["tasks"] for e in task["errors"]]
    assert result.returncode == 0 and report["valid"], errors[:5]
    assert len(report["tasks"]) == len(datapackage.descriptor()["resources"])


@pytest.fixture
def csv_limit_kept():
    """Importing frictionless raises `csv.field_size_limit` for the whole process; put it back, so
    that a later test in the same worker still meets the csv module's own limit
    (tests/test_hardening.py, a field over the limit)."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


@pytest.mark.parametrize(
    "column, value, error",
    [
        ("unit", "EUR trillion", "constraint-error"),
        ("section", "nowhere", "constraint-error"),
        ("bound", "about", "constraint-error"),
        ("share_of", "no_such_figure", "foreign-key"),
        ("value", "lots", "type-error"),
        ("id", "exports", "primary-key"),
    ],
)
def test_frictionless_finds_what_the_descriptor_forbids(
    csv_limit_kept, tmp_path, column, value, error
):
    from frictionless import Package

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "releases" / "2024", data / "releases" / "2024")
    (data / "datapackage.json").write_text(datapackage.render(data))
    figure = "imports" if column == "id" else "total_trade"
    if column == "share_of":
        set_cell(data / "releases" / "2024" / "figures.csv", figure, "share_pct", "10")
    set_cell(data / "releases" / "2024" / "figures.csv", figure, column, value)
    report = Package(str(data / "datapackage.json")).validate()
    assert not report.valid
    assert error in {e.type for task in report.tasks for e in task.errors}
