"""Fuzzing the release files: mutated copies of the real releases (every column, every file,
the encodings, files replaced by folders and pipes), from a fixed seed. Each must end as the
command line ends it: exit 0 (or 1, a claim the figures do not bear out) with its output, or
exit 2 with one line on stderr and no traceback, within a time limit per case.

Most cases run `main()` in this process (the same code path as the command, without starting
Python each time); a few go through the real command line as well.
"""

import csv
import io
import os
import random
import shutil
import signal
import time

import pytest
from conftest import run_cli, run_main
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tradeanalysis.data import schema
from tradeanalysis.data.paths import RELEASES_DIR

SEED = 17
CASES = 300
SECONDS_PER_CASE = 10
# Values a careless editor or an attacker may put in any cell or key.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "nan",
    "inf",
    "-inf",
    "1e308",
    "1e-308",
    "1_000",
    "\uff11\uff12",  # full-width 12
    "\uff12\uff10\uff12\uff14",  # full-width 2024
    "\u0661\u0662",  # Arabic-Indic 12
    "2025-02-30",
    "2024-13",
    "0000",
    "9999-12",
    "2024-12/2024-01",
    "x" * 5_000,
    "y" * 140_000,
    "<script>alert(1)</script>",
    "javascript:alert(8)",
    "http://",
    "https://example.org/a b",
    "../../etc",
    "None",
    "null",
    "[]",
    "{}",
    "- a",
    ": :",
    '"',
    "'",
    ",",
    "\t",
    "\u202e",
    "CNY trillion",
    "USD billion",
    "exact",
    "lower",
    "headline",
    "total_trade",
    "record_high",
    "years_running_largest 1e18",
    "years_running_largest 20000",
    "years_running_largest nan",
    "first_time_above inf",
    "fits_within",
    "99999999999",
    "12.3456789",
]
FILES = ("figures.csv", "claims.csv", "release.yml")


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout


# --- mutations: each takes (rng, folder) and changes one file of the release in `folder` ------
def mutate_cell(rng, folder):
    path = folder / rng.choice(("figures.csv", "claims.csv"))
    if not path.is_file():
        return
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    row = rng.randrange(len(rows))
    column = rng.randrange(len(rows[row]))
    rows[row][column] = rng.choice(NASTY)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def mutate_rows(rng, folder):
    path = folder / rng.choice(("figures.csv", "claims.csv"))
    if not path.is_file():
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = rng.randrange(len(lines))
    action = rng.choice(("drop", "repeat", "swap", "header"))
    if action == "drop":
        del lines[at]
    elif action == "repeat":
        lines.insert(at, lines[at])
    elif action == "swap":
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    else:
        names = lines[0].rstrip("\r\n").split(",")
        names[rng.randrange(len(names))] = rng.choice(names + ["", "value", "id\ufeff"])
        lines[0] = ",".join(names) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def mutate_yaml(rng, folder):
    path = folder / "release.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = rng.randrange(len(lines))
    key, sep, _ = lines[at].partition(":")
    action = rng.choice(("value", "value", "drop", "repeat", "indent"))
    if action == "value" and sep:
        value = rng.choice(NASTY)
        lines[at] = f"{key}: {value}" if rng.random() < 0.5 else f'{key}: "{value}"'
    elif action == "drop":
        del lines[at]
    elif action == "repeat":
        lines.insert(at, lines[at])
    else:
        lines[at] = rng.choice(("  ", "\t", "- ")) + lines[at]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def mutate_bytes(rng, folder):
    path = folder / rng.choice(FILES)
    if not path.is_file():
        return
    data = path.read_bytes()
    at = rng.randrange(len(data) + 1)
    action = rng.choice(("byte", "bom", "truncate", "utf16", "latin1", "crlf", "nul"))
    if action == "byte":
        data = data[:at] + bytes([rng.choice((0x80, 0xC3, 0xFF, 0xFE))]) + data[at:]
    elif action == "bom":
        data = b"\xef\xbb\xbf" + data
    elif action == "truncate":
        data = data[:at]
    elif action == "utf16":
        data = data.decode("utf-8").encode("utf-16")
    elif action == "latin1":
        data = data.decode("utf-8").replace("e", "\u00e9", 1).encode("latin-1")
    elif action == "crlf":
        data = data.replace(b"\n", b"\r\n")
    else:
        data = data[:at] + b"\x00" + data[at:]
    path.write_bytes(data)


def mutate_kind(rng, folder):
    path = folder / rng.choice(FILES)
    path.unlink(missing_ok=True)
    kind = rng.choice(("folder", "pipe", "link", "missing"))
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "link":
        path.symlink_to("/dev/zero")


MUTATIONS = [mutate_cell] * 5 + [mutate_rows] * 2 + [mutate_yaml] * 3 + [mutate_bytes] * 2
MUTATIONS += [mutate_kind]


def assert_clean_end(code: int, stdout: str, stderr: str, case: str) -> str:
    """'accepted' or 'refused'; fails unless the command ended as the rules say."""
    assert "Traceback" not in stderr, case
    if code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("tradeanalysis"), (case, stderr)
        return "refused"
    assert code in (0, 1) and stdout, (case, code, stderr)
    return "accepted"


@pytest.fixture
def releases(tmp_path):
    folder = tmp_path / "releases"
    shutil.copytree(RELEASES_DIR, folder)
    return folder


def restore(folder, saved: dict) -> None:
    """Put back the files of a release folder as `saved` ({name: bytes or None})."""
    for name, data in saved.items():
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        if data is not None:
            path.write_bytes(data)


def run_case(rng, releases, names, number) -> str:
    """One mutated release, loaded (one case in ten: checked, with the releases before it)."""
    name = rng.choice(names)
    folder = releases / name
    saved = {f: (folder / f).read_bytes() if (folder / f).is_file() else None for f in FILES}
    mutation = rng.choice(MUTATIONS)
    mutation(rng, folder)
    command = "check" if number % 10 == 0 else "figures"
    case = f"case {number}: {mutation.__name__} on {name}, {command}"
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_CASE)
    try:
        result = run_main([command, "--release", folder])
    except CaseTimeout:
        pytest.fail(f"{case}: over {SECONDS_PER_CASE} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert time.monotonic() - started < SECONDS_PER_CASE, case
    restore(folder, saved)
    return assert_clean_end(*result, case)


def test_mutated_releases_end_in_one_line_or_are_accepted(releases):
    rng = random.Random(SEED)
    names = sorted(p.name for p in releases.iterdir() if p.is_dir())
    counts = {"accepted": 0, "refused": 0}
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for number in range(CASES):
            counts[run_case(rng, releases, names, number)] += 1
    finally:
        signal.signal(signal.SIGALRM, previous)
    print(
        f"fuzz: {CASES} cases, {counts['refused']} refused in one line, "
        f"{counts['accepted']} accepted"
    )
    assert counts["refused"] > CASES / 3 and counts["accepted"] > 10, counts


# Two of the in-process kinds through the real command (bytes a terminal may choke on, a file
# that is a pipe or a folder); the other kinds take the same path in `main()` as above.
@pytest.mark.parametrize("number, mutation", [(0, mutate_bytes), (2, mutate_kind)])
def test_mutated_releases_through_the_real_command_line(releases, number, mutation):
    rng = random.Random(SEED * 100 + number)
    name = rng.choice(sorted(p.name for p in releases.iterdir() if p.is_dir()))
    mutation(rng, releases / name)
    result = run_cli("check", "--release", releases / name, timeout=60)
    assert_clean_end(result.returncode, result.stdout, result.stderr, mutation.__name__)


def test_mutated_sections_files_end_in_one_line(tmp_path, monkeypatch):
    rng = random.Random(SEED)
    original = schema.SECTIONS_FILE.read_text(encoding="utf-8")
    path = tmp_path / "sections.yml"
    monkeypatch.setattr(schema, "SECTIONS_FILE", path)
    outcomes = set()
    try:
        for number in range(40):
            lines = original.splitlines()
            at = rng.randrange(len(lines))
            key, _, _ = lines[at].partition(":")
            lines[at] = rng.choice([f"{key}: {rng.choice(NASTY)}", rng.choice(NASTY), ""])
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            schema.declared_sections.cache_clear()
            result = run_main(["figures", "--release", "2024"])
            outcomes.add(assert_clean_end(*result, f"sections case {number}"))
    finally:
        schema.declared_sections.cache_clear()
    assert outcomes == {"accepted", "refused"}


@hsettings(max_examples=60)
@given(column=st.sampled_from(["value", "yoy_pct", "period", "label", "unit"]), text=st.text())
def test_any_text_in_a_figures_cell_loads_or_is_one_error(tmp_path_factory, column, text):
    folder = tmp_path_factory.mktemp("cell") / "2024"
    shutil.copytree(RELEASES_DIR / "2024", folder)
    path = folder / "figures.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[4][rows[0].index(column)] = text
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert_clean_end(*run_main(["figures", "--release", folder]), repr(text))
