"""Benchmark `tradeanalysis build` against the naive loop, and each notebook's own cost.

1. Whole build, alternated in one run: `tradeanalysis build` (parallel papermill, in-process HTML
   export) against the naive way, one notebook after another: the papermill CLI, then the
   `jupyter nbconvert --to html --no-input` CLI. Prints both medians and their ratio.
2. Per notebook: time to execute it with nbclient, minus the time to execute a notebook holding
   only its own import lines (kernel start-up and imports), alternated; medians.

    .venv/bin/python bench/build_vs_naive.py [--rounds 5]

Machines here are shared and noisy: read the medians, not single runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tradeanalysis.report.notebook_files import KERNEL_NAME

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
KERNEL = KERNEL_NAME


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def build(out: Path, release: str) -> None:
    """A cold build (a fresh output folder, so an empty cache)."""
    subprocess.run(
        [BIN / "tradeanalysis", "build", "--release", release, "--out", out, "--quiet"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def releases(release: str) -> list[str]:
    if release != "all":
        return [release]
    return sorted(p.name for p in (ROOT / "data" / "releases").iterdir() if p.is_dir())


def naive(out: Path, release: str) -> None:
    """Every notebook of every release, one after another: papermill CLI, then nbconvert CLI."""
    for rid in releases(release):
        (out / rid).mkdir(parents=True, exist_ok=True)
        for notebook in NOTEBOOKS:
            executed = out / rid / notebook.name
            subprocess.run(
                [
                    BIN / "papermill",
                    "-k",
                    KERNEL,
                    "--cwd",
                    ROOT / "notebooks",
                    "-p",
                    "release",
                    rid,
                    notebook,
                    executed,
                ],
                check=True,
                capture_output=True,
            )
            _convert(executed)


def _convert(executed: Path) -> None:
    subprocess.run(
        [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
        check=True,
        capture_output=True,
    )


def execute(nb) -> None:
    NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=600,
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()


def imports_only(path: Path) -> nbformat.NotebookNode:
    """A notebook with just the import lines of the notebook at `path`, in one cell."""
    source = nbformat.read(path, as_version=4)
    lines = [
        line
        for cell in source.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.startswith(("import ", "from "))
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("\n".join(lines))]
    return nb


def main() -> int:
    import os

    # Kernels inherit stderr and log a start-up warning each; keep the report readable.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--release", default="2024", help="a release id, or all")
    parser.add_argument("--no-per-notebook", action="store_true", help="skip part 2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        times = {"build": [], "naive": []}
        for i in range(args.rounds):
            times["naive"].append(timed(lambda i=i: naive(tmp / f"naive{i}", args.release)))
            times["build"].append(timed(lambda i=i: build(tmp / f"build{i}", args.release)))
            print(
                f"round {i + 1}: naive {times['naive'][-1]:.2f} s, "
                f"build {times['build'][-1]:.2f} s",
                flush=True,
            )
        naive_median, build_median = (statistics.median(times[k]) for k in ("naive", "build"))
        print(
            f"\nwhole build, release {args.release}: "
            f"{len(NOTEBOOKS) * len(releases(args.release))} notebooks, median of {args.rounds}: "
            f"naive {naive_median:.2f} s, build {build_median:.2f} s, "
            f"ratio {build_median / naive_median:.2f}"
        )
        if args.no_per_notebook:
            return 0
        print(
            "\nper notebook, beyond kernel start-up and imports (median of "
            f"{args.rounds} alternated pairs):"
        )
        for path in NOTEBOOKS:
            extra = []
            for _ in range(args.rounds):
                base = timed(lambda path=path: execute(imports_only(path)))
                full = timed(lambda path=path: execute(nbformat.read(path, as_version=4)))
                extra.append(full - base)
            print(f"  {path.name:28s} {statistics.median(extra):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
