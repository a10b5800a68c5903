"""Shared fixtures: the 2024 release, and copies of it to break on purpose."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tradeanalysis as ta
from tradeanalysis.paths import RELEASES_DIR

TESTS_DIR = Path(__file__).resolve().parent
SYNTHETIC = TESTS_DIR / "releases" / "synthetic"


@pytest.fixture(scope="session")
def release():
    return ta.load_release("2024")


@pytest.fixture
def release_copy(tmp_path):
    """A writable copy of the 2024 release folder."""
    folder = tmp_path / "copy"
    shutil.copytree(RELEASES_DIR / "2024", folder)
    return folder


def set_cell(csv_path: Path, figure_id: str, column: str, value: str) -> int:
    """Set one cell of a release CSV; returns the file line of the edited row."""
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == figure_id:
            row[header.index(column)] = value
            with csv_path.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
            return number
    raise KeyError(figure_id)


def run_cli(*args, cwd=None):
    """Run `python -m tradeanalysis ARGS` for real; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "tradeanalysis", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
