"""Shared fixtures: the 2024 release, and copies of it to break on purpose."""

import csv
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

import tradeanalysis as ta
from tradeanalysis.data.paths import RELEASES_DIR, REPORTS_DIR

TESTS_DIR = Path(__file__).resolve().parent
SYNTHETIC = TESTS_DIR / "releases" / "synthetic"
# Invented year-to-date releases of one year (a revision, a missing month): tests/histories/year
YEAR = TESTS_DIR / "histories" / "year"
# Three invented annual releases (2029, 2031, 2033): a gap, a break, a restatement, a new section
SYNTHETIC_HISTORY = TESTS_DIR / "histories" / "synthetic"
# `year_to_date_release` below, written once (a build's cache keys on the folder's path too).
YEAR_TO_DATE = TESTS_DIR / "releases" / "year-to-date" / "2024-11"
# The session build's execution cache, kept between test sessions (see `report`).
TEST_CACHE = REPORTS_DIR / ".test-cache"

# Shared, noisy machines: no per-example deadline, so property tests fail only on wrong results.
settings.register_profile("tradeanalysis", deadline=None)
settings.load_profile("tradeanalysis")


def pytest_collection_modifyitems(config, items):
    """The slow first: the test files marked `slow` (they start kernels, builds, servers or
    browsers) and the notebooks nbval runs, then the many quick files. `make test` hands whole
    files to its workers in this order (`--dist loadfile --no-loadscope-reorder`), so the last
    files are quick ones and neither worker waits long for the other at the end; xdist's own
    order (most tests first) left the JupyterLab and Ctrl-C tests, few but slow, for last."""
    items.sort(key=lambda item: 0 if _slow(item) else 1)


def _slow(item) -> bool:
    return item.get_closest_marker("slow") is not None or item.path.suffix == ".ipynb"


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


def claim(table, claim_id):
    """The one row of a checks table for a claim id (its index reads "claim <id>: ...")."""
    rows = table[table.index.str.startswith(f"claim {claim_id}:")]
    assert len(rows) == 1, claim_id
    return rows.iloc[0]


def run_cli(*args, cwd=None, timeout=120, env=None):
    """Run `python -m tradeanalysis ARGS` for real (`env`: variables added to this process's);
    returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "tradeanalysis", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, **env} if env else None,
    )


def run_main(args) -> tuple[int, str, str]:
    """`tradeanalysis ARGS` in this process, through `cli.main` as the command runs it (for
    input refused before anything is executed): (exit code, stdout, stderr)."""
    import contextlib
    import io

    from tradeanalysis import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def once_per_session(tmp_path_factory, name: str, make) -> tuple[Path, subprocess.CompletedProcess]:
    """`make(folder)` run once per test session even across pytest-xdist workers: the first
    worker to take the lock builds into a shared folder, the others wait and reuse it.
    `make` returns the CompletedProcess of the command it ran; it is kept beside the folder."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this session
    folder, record = root / name, root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            result = make(folder)
            record.write_text(
                json.dumps([result.args, result.returncode, result.stdout, result.stderr])
            )
    args, code, stdout, stderr = json.loads(record.read_text())
    return folder, subprocess.CompletedProcess(args, code, stdout, stderr)


# The session build: one `build --params-file` of these runs (name: release, parameters and the
# pages it executes), chosen so that every notebook runs on every kind of release, not on every
# release (28 and counting; `make reports` builds them all), and each run executes only the pages
# the tests read of it (the others are left out, and its index says so). One line per run; the
# notebook and build tests read the executed notebooks and pages of these runs by name. See
# bench/README.md.
SESSION_RUNS = {
    # an annual release in yuan: most page and browser tests (axe over every page)
    "2024": {"release": "2024"},
    # the earliest: no release (and no year-to-date release) before it, what it lacks, and a
    # check that fails with the release's explanation
    "2018": {"release": "2018", "pages": ["headline", "history", "in_year", "exports_imports"]},
    # a year to date (January to June 2023), with June alone; partners' pager skips Shenzhen
    "2023-06": {
        "release": "2023-06",
        "pages": ["headline", "in_year", "partners_regions", "other_sections"],
    },
    # 2024 in dollars at the run's rate: every page states its rate (axe over every page)
    "usd": {"release": "2024", "parameters": {"currency": "USD", "cny_per_usd": 7.12}},
    # 2023 prints customs' own dollar figures beside the yuan ones
    "usd2023": {
        "release": "2023",
        "parameters": {"currency": "USD", "cny_per_usd": 7.05},
        "pages": ["headline", "exports_imports"],
    },
    "billions": {
        "release": "2024",
        "parameters": {"scale": "billion"},
        "pages": ["headline", "history", "in_year", "exports_imports", "partners_regions"],
    },
    "synthetic": {"release": str(SYNTHETIC)},  # every page: none may show a 2024 figure
    # the synthetic year's full-year release: its months, a revision and a missing month
    "year": {"release": str(YEAR / "2041"), "pages": ["in_year"]},
    # the invented history's last release: its gap, break and restatement
    "synthetic-history": {"release": str(SYNTHETIC_HISTORY / "y2033"), "pages": ["history"]},
    # a section nobody foresaw, told by the generic notebook
    "synthetic-other": {"release": str(SYNTHETIC_HISTORY / "y2031"), "pages": ["other_sections"]},
}


def session_run(name: str):
    """The `Run` the session build makes of SESSION_RUNS[name] (its pages as file names)."""
    from tradeanalysis.report.plan import Run, page_files

    spec = SESSION_RUNS[name]
    pages = page_files(spec["pages"], name) if "pages" in spec else ()
    return Run(name, spec["release"], spec.get("parameters", {}), pages)


# ... and "hostile": `hostile_release`, made by each session in a folder beside no other release
# (a release's cache keys depend on its files and those beside it, not on where they live).


@pytest.fixture(scope="session")
def report(tmp_path_factory):
    """The SESSION_RUNS built in one command (`--params-file`), once per session; tests of the
    2024 report look at `out / "2024"`, the notebook tests read the executed notebooks of the
    named runs.

    The build's execution cache is kept between sessions in reports/.test-cache (as
    `reports/.cache` is kept between `make report`s): a notebook whose inputs did not change
    since the last session is reused, one whose notebook, releases, package source, parameters
    or package versions changed is executed. `make test COLD=1` starts from nothing."""
    kept = TEST_CACHE
    kept.mkdir(parents=True, exist_ok=True)

    def make(out):
        spec = out.parent / "session-runs.yml"
        hostile = hostile_release(out.parent / "hostile-release" / "hostile")
        runs = {**SESSION_RUNS, "hostile": {"release": str(hostile)}}
        spec.write_text(yaml.safe_dump({"runs": runs}))
        if any(kept.iterdir()):
            shutil.copytree(kept, out / ".cache")
        result = run_cli("build", "--params-file", spec, "--out", out, "--quiet", timeout=900)
        if result.returncode == 0:
            keep(out / ".cache", kept)
        return result

    out, result = once_per_session(tmp_path_factory, "reports", make)
    assert result.returncode == 0, result.stderr
    return out, result


def keep(cache: Path, kept: Path) -> None:
    """Replace the kept cache with the entries of `cache` that its latest runs used (so it does
    not grow with every change), never leaving a half-copied one in its place."""
    from tradeanalysis.report.cache import Inputs

    fresh = kept.with_name(kept.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(cache / "last", fresh / "last")
    for record in (cache / "last").glob("*.json"):
        key = Inputs(json.loads(record.read_text())).key
        if (cache / key[:2] / key).is_dir() and not (fresh / key[:2] / key).exists():
            shutil.copytree(cache / key[:2] / key, fresh / key[:2] / key)
    old = kept.with_name(kept.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    kept.rename(old)
    fresh.rename(kept)
    shutil.rmtree(old, ignore_errors=True)


def year_to_date_release(folder: Path, month: int = 11) -> Path:
    """A synthetic year-to-date release `2024-MM` (January to MM 2024) made from the 2024 folder:
    its own-period figures moved to 2024-01/2024-MM, the month alone as `<mon>_trade`, the
    figures and claims a year to date cannot have (the fourth quarter, December, the full year's
    Shenzhen figure) left out. Its numbers are the 2024 release's: it tests code, not data."""
    from tradeanalysis.data.figure_ids import month_id

    shutil.copytree(RELEASES_DIR / "2024", folder)
    period = f"2024-01/2024-{month:02d}"
    with (folder / "figures.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, kept = rows[0], [rows[0]]
    gone = {"q4_trade", "dec_trade", "shenzhen_trade", "shenzhen_trade_jan_nov"}
    for row in rows[1:]:
        if row[0] in gone:
            continue
        row[header.index("period")] = period if row[3] == "2024" else row[3]
        row[header.index("note")] = ""
        kept.append(row)
    month_row = dict.fromkeys(header, "")
    month_row.update(
        id=month_id("total_trade", month),
        section="headline",
        label="Goods trade in the month alone",
        period=f"2024-{month:02d}",
        scope="China",
        value="3.75",
        unit="CNY trillion",
        bound="exact",
        yoy_pct="1.2",
    )
    kept.insert(2, [month_row[c] for c in header])
    with (folder / "figures.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(kept)
    with (folder / "claims.csv").open(newline="", encoding="utf-8") as handle:
        claims = list(csv.reader(handle))
    claims = [c for c in claims if not gone & set(c[2].split())]
    with (folder / "claims.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(claims)
    (folder / "release.yml").write_text(
        "# Test data: the 2024 release's figures relabelled as January to November; not customs'.\n"
        f'id: "2024-{month:02d}"\n'
        "producer: tradeanalysis test suite\n"
        f"title: Synthetic year-to-date release for tests (2024, January to month {month})\n"
        f"published: 2024-{month + 1:02d}-07\n"
        "accessed: 2026-11-30\n"
        "url: https://example.org/year-to-date\n"
        "citation: tradeanalysis test suite, the 2024 release's figures as a year to date.\n"
        "currency: CNY\n"
        "covers:\n"
        f'  period: "{period}"\n'
        "  scope: China's goods trade (customs basis)\n"
        "  sections: [headline, trade, partners]\n"
    )
    return folder


# Hostile text for every text field of a release: each opens a tag named `hostileN` with an
# attribute `data-hostile` and an event handler, so a test can tell a live tag from escaped text.
def hostile(n: int) -> str:
    return (
        f"<hostile{n} data-hostile onerror=alert({n})>x</hostile{n}> [l{n}](javascript:alert({n}))"
    )


def hostile_release(folder: Path) -> Path:
    """A copy of the 2024 release with hostile text in every text field it may carry (labels,
    scopes, notes, a section title, claims, title, producer, publisher, citation, units,
    covers and discrepancies); its numbers, ids and addresses stay valid."""
    shutil.copytree(RELEASES_DIR / "2024", folder)
    figures = folder / "figures.csv"
    set_cell(figures, "total_trade", "label", '<script>alert("label")</script> trade')
    set_cell(figures, "exports", "label", "<img src=x onerror=alert(1)> [x](javascript:alert(2))")
    set_cell(figures, "total_trade", "scope", "<b>bold</b>")
    set_cell(figures, "imports", "label", hostile(1))
    set_cell(figures, "imports", "scope", hostile(2))
    set_cell(figures, "bri_trade", "note", hostile(3))
    set_cell(figures, "northeast_trade", "label", hostile(4))
    set_cell(figures, "northeast_trade", "section", "services")
    claims = folder / "claims.csv"
    with claims.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
            ["hostile_claim", "trade", "exports", hostile(5), "", hostile(6)]
        )
    meta = folder / "release.yml"
    text = meta.read_text().replace(
        "title: China's foreign trade in 2024, full-year customs figures",
        "title: '<script>alert(\"title\")</script> Hostile $x$ release'",
    )
    text = text.replace("producer: General", "producer: <i>General</i>")
    text = text.replace("publisher: China.org.cn", f"publisher: '{hostile(7)}'")
    text = text.replace("  General Administration of Customs of China,", f"  {hostile(8)}", 1)
    text = re.sub(r"(?m)^units: .*$", f'units: "{hostile(9)}"', text)
    text = re.sub(r"(?m)^  scope: .*$", f'  scope: "{hostile(10)}"', text)
    text += f"sections:\n  services: '{hostile(11)}'\n"
    text += f"discrepancies:\n  - check: nothing\n    explanation: '{hostile(12)}'\n"
    meta.write_text(text)
    return folder


@pytest.fixture(scope="session")
def hostile_report(report):
    """The hostile release's report, a run of the session build."""
    return report[0] / "hostile"
