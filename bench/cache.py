"""Benchmark the build's execution cache.

1. No-op rebuild: `tradeanalysis build` of the 2024 report into a folder it was just built in,
   timed as a whole command (Python start-up included); median of --rounds runs, against the cold
   build that filled the cache.
2. One release's figures.csv changed: on a copy of the releases with every release built, edit one
   cell of one release and ask `--dry-run` which notebooks of which runs would execute.
3. With --every (after `make reports`): `tradeanalysis build --release all` into reports/ with
   nothing changed, the whole command timed; then the same with the build's stamps removed
   before each round, so every run is assembled from the execution cache as before the stamps.

    .venv/bin/python bench/cache.py [--rounds 7] [--changed 2019] [--every]

Machines here are shared and noisy: read the medians, not single runs.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tradeanalysis(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "tradeanalysis", *map(str, args)], check=True, capture_output=True, text=True
    )


def timed(*args) -> float:
    start = time.perf_counter()
    tradeanalysis(*args)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--changed", default="2019", help="the release whose figures.csv changes")
    parser.add_argument("--every", action="store_true", help="only the no-op of `make reports`")
    args = parser.parse_args()
    if args.every:
        return every_release(args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        cold = timed("build", "--release", "2024", "--out", out, "--quiet")
        warm = [
            timed("build", "--release", "2024", "--out", out, "--quiet") for _ in range(args.rounds)
        ]
        print(f"cold build of 2024: {cold:.2f} s")
        print(
            f"no-op rebuild of 2024, median of {args.rounds}: {statistics.median(warm):.2f} s "
            f"(min {min(warm):.2f}, max {max(warm):.2f}); ratio to cold "
            f"{statistics.median(warm) / cold:.3f}"
        )

        releases = Path(tmp) / "releases"
        shutil.copytree(ROOT / "data" / "releases", releases)
        every = [a for p in sorted(releases.iterdir()) for a in ("--release", p)]
        tradeanalysis("build", *every, "--out", out, "--quiet")
        figures = releases / args.changed / "figures.csv"
        with figures.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[1][rows[0].index("note")] = "changed for the benchmark"  # one cell of one row
        with figures.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        plan = tradeanalysis("build", *every, "--out", out, "--dry-run").stdout.splitlines()
        executed = [line.split() for line in plan if line.startswith("execute")]
        print(
            f"\n{args.changed}/figures.csv changed: {len(executed)} of {len(plan)} notebooks "
            "would execute:"
        )
        for run in sorted({row[1] for row in executed}):
            names = ", ".join(row[2] for row in executed if row[1] == run)
            print(f"  run {run}: {names}")
    return 0


def every_release(rounds: int) -> int:
    """The no-op rebuild of every release into reports/, with and without the build's stamps."""
    stamps = ROOT / "reports" / ".cache" / "builds"
    if not stamps.is_dir():
        print("run `make reports` first", file=sys.stderr)
        return 2
    timed("build", "--release", "all", "--quiet")  # whatever changed since is built now
    noop = [timed("build", "--release", "all", "--quiet") for _ in range(rounds)]
    full = []
    for _ in range(rounds):
        shutil.rmtree(stamps, ignore_errors=True)
        full.append(timed("build", "--release", "all", "--quiet"))
    for name, times in (("nothing to do (stamp)", noop), ("from the cache (no stamp)", full)):
        print(
            f"build --release all, {name}: median of {rounds} {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
