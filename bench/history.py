"""Benchmark `history()`, `revisions()` and `in_year()`: on the real releases, and on invented
histories of 10 to 60 year-to-date and annual releases to show how the cost grows with the number
of releases.

    .venv/bin/python bench/history.py [--rounds 7]

For each case: the first call (every release parsed and validated: "cold") and later calls (the
files unchanged, so loads come from the cache: "warm"). Cold and warm calls alternate in one
process; medians are printed, and the growth ratio time(50) / time(10), which is 5 for linear
growth (60 / 10: 6). Machines here are shared and noisy: read the medians, not single runs.
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

from tradeanalysis.analysis.in_year import in_year  # noqa: E402
from tradeanalysis.analysis.vintages import history, releases_in, revisions  # noqa: E402
from tradeanalysis.data import load as release_module  # noqa: E402
from tradeanalysis.data.figure_ids import month_id  # noqa: E402
from tradeanalysis.data.period import year_to_date  # noqa: E402

HEADER = "id,section,label,period,scope,value,unit,bound,yoy_pct,share_pct,share_of,note,source\n"
FIGURES = 20  # per invented release, about as many as a real one


def _release(folder: Path, year: int, month: int) -> None:
    """One invented release covering January to `month` of `year` (the annual one for December):
    the year-to-date total, exports and imports with growth, each of them for the month alone,
    and filler figures up to FIGURES."""
    rid = str(year) if month == 12 else f"{year}-{month:02d}"
    period, alone = year_to_date(year, month), f"{year}-{month:02d}"
    rows = []
    for k, fid in enumerate(("total_trade", "exports", "imports")):
        ytd = (3 - k) * month * (1 + (year - 2000) / 50)
        rows.append(f"{fid},trade,{fid},{period},Testland,{ytd:.2f},CNY trillion,exact,{k + 1},,,,")
        one = ytd / month
        rows.append(
            f"{month_id(fid, month)},trade,{fid} alone,{alone},Testland,{one:.2f},"
            "CNY trillion,exact,,,,,"
        )
    rows += [
        f"f{k},trade,Figure {k},{period},Testland,{10 + month + k / 10:.2f},CNY trillion,exact,"
        f"{(month + k) % 9 - 2},,,,"
        for k in range(FIGURES - len(rows))
    ]
    path = folder / rid
    path.mkdir(parents=True)
    (path / "figures.csv").write_text(HEADER + "\n".join(rows) + "\n")
    published = f"{year + 1}-01-15" if month == 12 else f"{year}-{month + 1:02d}-10"
    (path / "release.yml").write_text(
        f"id: '{rid}'\nproducer: bench\ntitle: Invented {rid}\npublished: {published}\n"
        f"accessed: 2030-01-01\nurl: https://example.org/{rid}\ncitation: bench\n"
        f"currency: CNY\ncovers: {{period: '{period}', scope: Testland, sections: [trade]}}\n"
    )


def invent(folder: Path, releases: int) -> Path:
    """`releases` invented releases, eleven a year (January-February to January-November, and
    the annual), each with FIGURES figures carrying value and growth."""
    for n in range(releases):
        _release(folder, 2000 + n // 11, 2 + n % 11)
    return folder


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(folder, rounds: int) -> dict:
    """Median seconds of history(), revisions() and in_year() (the latest year), cold and warm,
    alternated."""
    names = ("history", "revisions", "in_year")
    times = {f"{n} {k}": [] for n in names for k in ("cold", "warm")}
    year = max(int(r.id[:4]) for r in releases_in(folder) if r.kind in ("annual", "year-to-date"))

    def months(folder=None):
        return in_year("total_trade", year, folder=folder)

    for _ in range(rounds):
        for name, fn in zip(names, (history, revisions, months), strict=True):
            release_module._CACHE.clear()
            times[f"{name} cold"].append(timed(lambda fn=fn: fn(folder=folder)))
            times[f"{name} warm"].append(timed(lambda fn=fn: fn(folder=folder)))
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    results = {f"real ({len(releases_in())} releases)": measure(None, rounds)}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (10, 20, 40, 60):
            results[f"invented, {n} releases"] = measure(invent(Path(tmp) / str(n), n), rounds)
    columns = list(next(iter(results.values())))
    print(f"{'case':24}" + "".join(f"{c:>15}" for c in columns) + "   (median ms)")
    for case, row in results.items():
        print(f"{case:24}" + "".join(f"{row[c] * 1000:15.1f}" for c in columns))
    small, large = results["invented, 10 releases"], results["invented, 60 releases"]
    print(
        "growth 60 / 10 releases (6 = linear): "
        + ", ".join(f"{c} {large[c] / small[c]:.1f}" for c in columns)
    )


if __name__ == "__main__":
    main()
