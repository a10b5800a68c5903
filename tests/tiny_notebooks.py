"""Three tiny notebooks for the tests of the build's mechanism (the cache, two builds at once,
interrupted and failing builds), run for real through `TRADEANALYSIS_NOTEBOOKS` (docs/build.md):
what those tests guard does not depend on what the report notebooks compute, and a tiny notebook
costs a kernel start instead of seconds of charts.

One notebook of each kind of `reads` the cache knows: `01_release` reads the chosen release,
`02_history` the releases up to it, `03_beside` every release beside it. Each takes the report
notebooks' `release` and `scale` parameters, and in its first cell after the parameters fails on
purpose when TINY_FAIL is set (the error names its value) and sleeps TINY_SLEEP seconds (a build
to interrupt). They are written by `write` into a test's folder, never stored under tests/ where
nbval (`make test` runs `pytest tests notebooks --nbval`) would collect them. A test that needs a
previous report or a filled cache, not executed notebooks, makes them with `stand_in` for the
kernels (`built_without_kernels`); what is about execution runs real kernels.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tradeanalysis.data.paths import NOTEBOOKS_ENV

FAIL_ENV = "TINY_FAIL"
SLEEP_ENV = "TINY_SLEEP"

_PARAMETERS = 'release = "2024"  # release id or folder\nscale = None  # "trillion" or "billion"'
_SET_UP = (
    "import os\n"
    "import time\n\n"
    "import tradeanalysis as ta\n"
    "from tradeanalysis.analysis.vintages import releases_in\n\n"
    f'if os.environ.get("{FAIL_ENV}"):\n'
    f'    raise RuntimeError("failing on purpose: {FAIL_ENV}=" + os.environ["{FAIL_ENV}"])\n'
    f'time.sleep(float(os.environ.get("{SLEEP_ENV}", "0")))\n'
    "chosen = ta.load_release(release)"
)
# file name: (what it reads, its title, its last cell)
NOTEBOOKS = {
    "01_release.ipynb": (
        "release",
        "Tiny release",
        'print(f"{chosen.id}: {len(chosen.figures)} figures, scale {scale}")',
    ),
    "02_history.ipynb": (
        "up_to",
        "Tiny history",
        "up_to = [r.id for r in releases_in(chosen.path.parent)"
        " if r.published <= chosen.published]\n"
        'print(f"{len(up_to)} releases published up to {chosen.id}")',
    ),
    "03_beside.ipynb": (
        "folder",
        "Tiny folder",
        'print(f"{len(releases_in(chosen.path.parent))} releases beside {chosen.id}")',
    ),
}
COUNT = len(NOTEBOOKS)


def _cell(number: int, kind: str, source: str, tags: tuple = ()) -> dict:
    cell = {"cell_type": kind, "id": f"cell-{number}", "metadata": {}, "source": source}
    cell["metadata"] = {"tags": list(tags)} if tags else {}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def notebook(reads: str, title: str, last: str) -> dict:
    """A notebook as JSON: its title, parameters, set-up and last cell; no stored outputs."""
    return {
        "cells": [
            _cell(1, "markdown", f"# {title}\n\nA notebook for the build's tests."),
            _cell(2, "code", _PARAMETERS, ("parameters",)),
            _cell(3, "code", _SET_UP, ("remove-from-report",)),
            _cell(4, "code", last),
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (tradeanalysis)",
                "language": "python",
                "name": "tradeanalysis",
            },
            "language_info": {"name": "python"},
            "tradeanalysis": {"reads": reads},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write(folder: Path) -> Path:
    """The tiny notebooks written into `folder` (made if missing); returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, spec in NOTEBOOKS.items():
        (folder / name).write_text(json.dumps(notebook(*spec), indent=1) + "\n", encoding="utf-8")
    return folder


def env(folder: Path, **extra: str) -> dict:
    """Variables for a command that builds the notebooks of `folder` (and `extra` ones)."""
    return {NOTEBOOKS_ENV: str(folder), **extra}


def use(monkeypatch, folder: Path) -> None:
    """This process (and the build workers it forks) uses the notebooks of `folder`, as
    `TRADEANALYSIS_NOTEBOOKS` makes a new one: every loaded module of the package that took
    `NOTEBOOKS_DIR` from `paths` sees `folder`, and commands it starts inherit the variable."""
    from tradeanalysis.data import paths

    default = paths.NOTEBOOKS_DIR
    monkeypatch.setenv(NOTEBOOKS_ENV, str(folder))
    for name, module in list(sys.modules.items()):
        if name.startswith("tradeanalysis") and getattr(module, "NOTEBOOKS_DIR", None) == default:
            monkeypatch.setattr(module, "NOTEBOOKS_DIR", folder)


def stand_in(run, notebook: str, folder: str):
    """Stands in for `build.run_notebook` in a worker, without a kernel: the notebook copied as
    it is, and a page that names it."""
    from tradeanalysis.report import run as run_module

    shutil.copy(run_module.NOTEBOOKS_DIR / notebook, os.path.join(folder, notebook))
    with open(os.path.join(folder, notebook[:-6] + ".html"), "w") as page:
        page.write(f"<h1>{notebook}</h1>")
    return run_module.Outcome(run.name, notebook, True, 0.1)


def built_without_kernels(notebooks: Path, release: Path, out: Path) -> None:
    """A report of the `notebooks` for `release` in `out` and its cache entries (those a real
    build reuses), made in this process with `stand_in` for the kernels: for tests that need a
    previous report or a filled cache, not executed notebooks."""
    from tradeanalysis.report import build as build_module
    from tradeanalysis.report.plan import Run

    with pytest.MonkeyPatch.context() as monkeypatch:
        use(monkeypatch, notebooks)
        monkeypatch.setattr(build_module, "run_notebook", stand_in)
        outcomes = build_module.build([Run(release.name, str(release))], out, jobs=1, quiet=True)
    assert outcomes and all(o.ok for o in outcomes)
