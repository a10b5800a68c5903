"""Benchmark `history()` and `revisions()`: on the real releases, and on invented histories of
10, 20 and 50 releases to show how the cost grows with the number of releases.

    .venv/bin/python bench/history.py [--rounds 7]

For each case: the first call (every release parsed and validated: "cold") and later calls (the
files unchanged, so loads come from the cache: "warm"). Cold and warm calls alternate in one
process; medians are printed, and the growth ratio time(50) / time(10), which is 5 for linear
growth. Machines here are shared and noisy: read the medians, not single runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tradeanalysis.analysis.vintages import history, revisions  # noqa: E402
from tradeanalysis.data import load as release_module  # noqa: E402

HEADER = "id,section,label,period,scope,value,unit,bound,yoy_pct,share_pct,share_of,note,source\n"
FIGURES = 20  # per invented release, about as many as a real one


def invent(folder: Path, releases: int) -> Path:
    """`releases` invented annual releases, each with FIGURES figures carrying value and growth."""
    for n in range(releases):
        year = 2000 + n
        path = folder / f"y{year}"
        path.mkdir(parents=True)
        rows = [
            f"f{k},trade,Figure {k},{year},Testland,{10 + n + k / 10:.2f},CNY trillion,exact,"
            f"{(n + k) % 9 - 2},,,,\n"
            for k in range(FIGURES)
        ]
        (path / "figures.csv").write_text(HEADER + "".join(rows))
        (path / "release.yml").write_text(
            f"id: y{year}\nproducer: bench\ntitle: Invented {year}\npublished: {year + 1}-01-15\n"
            f"accessed: {year + 1}-01-16\nurl: https://example.org/{year}\ncitation: bench\n"
            f"currency: CNY\ncovers: {{period: {year}}}\n"
        )
    return folder


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(folder, rounds: int) -> dict:
    """Median seconds of history() and revisions(), cold and warm, alternated."""
    times = {k: [] for k in ("history cold", "history warm", "revisions cold", "revisions warm")}
    for _ in range(rounds):
        for name, fn in (("history", history), ("revisions", revisions)):
            release_module._CACHE.clear()
            times[f"{name} cold"].append(timed(lambda fn=fn: fn(folder=folder)))
            times[f"{name} warm"].append(timed(lambda fn=fn: fn(folder=folder)))
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    results = {"real (8 releases)": measure(None, rounds)}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (10, 20, 50):
            results[f"invented, {n} releases"] = measure(invent(Path(tmp) / str(n), n), rounds)
    columns = list(next(iter(results.values())))
    print(f"{'case':24}" + "".join(f"{c:>16}" for c in columns) + "   (median ms)")
    for case, row in results.items():
        print(f"{case:24}" + "".join(f"{row[c] * 1000:16.1f}" for c in columns))
    small, large = results["invented, 10 releases"], results["invented, 50 releases"]
    print(
        "growth 50 / 10 releases (5 = linear): "
        + ", ".join(f"{c} {large[c] / small[c]:.1f}" for c in columns)
    )


if __name__ == "__main__":
    main()
