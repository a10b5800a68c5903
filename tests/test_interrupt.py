"""How a build ends when it is stopped, run for real: Ctrl-C of a build of every release, SIGTERM,
and SIGKILL of the build; no worker or kernel outlives it, no half-built folder outlives the
next build, and the previous reports are untouched. The builds run the tiny notebooks of
`tiny_notebooks`, told to sleep (TINY_SLEEP) so that a build is stopped while its kernels run."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tiny_notebooks as tiny
from conftest import run_cli

from tradeanalysis.data.paths import RELEASES_DIR

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

# Long enough that every notebook is still running when the build is stopped.
ASLEEP = {tiny.SLEEP_ENV: "120"}


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def descendants(pid: int) -> set[int]:
    """The processes started by `pid`, their children and so on (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def parent(pid: int) -> int:
    """The parent of `pid` (Linux /proc); -1 once it is gone."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError):
        return -1


def running(pids: set[int]) -> set[int]:
    """Those of `pids` still running (not gone, not a zombie)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def still_running_after(pids: set[int], seconds: float) -> set[int]:
    """Those of `pids` still running after waiting up to `seconds` for them to end."""

    deadline = time.monotonic() + seconds
    while running(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return running(pids)


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory):
    """A report of the tiny notebooks for the 2024 release of a copy of the releases, the one a
    stopped build must leave untouched, and their cache entries (made without kernels):
    (notebooks folder, out, releases folder)."""
    base = tmp_path_factory.mktemp("interrupt")
    releases = base / "releases"
    shutil.copytree(RELEASES_DIR, releases)
    notebooks, out = tiny.write(base / "tiny"), base / "out"
    tiny.built_without_kernels(notebooks, releases / "2024", out)
    return notebooks, out, releases


def start_build(out: Path, notebooks: Path, *args, sigint=False):
    """`tradeanalysis build --out OUT --quiet --force ARGS` of the tiny `notebooks`, asleep, in
    a session of its own, once a kernel of it is running: (process, its descendants then)."""

    build = subprocess.Popen(
        # --force: every notebook executes (the cache would otherwise finish the build at once)
        [sys.executable, "-m", "tradeanalysis", "build", "--out", str(out), "--quiet", "--force"]
        + list(args),
        start_new_session=True,
        # A shell that starts jobs in the background makes them ignore SIGINT, and the ignoring
        # is inherited; a terminal's Ctrl-C reaches a build that has the default handler.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **tiny.env(notebooks, **ASLEEP)},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = descendants(build.pid)
        kernels = [p for p in started if parent(p) != build.pid]  # workers' children
        if kernels and list(out.glob(".2024.building-*")):
            return build, started
        time.sleep(0.1)
    build.kill()
    raise AssertionError("no kernel started within 120 s")


def test_ctrl_c_stops_a_build_of_every_release_within_seconds(tiny_report):
    """SIGINT to the process group, as Ctrl-C sends it: queued notebooks are cancelled, the
    workers and their kernels end, the build exits 130 within 10 s, the reports untouched."""

    notebooks, out, releases = tiny_report
    before = snapshot(out / "2024")
    build, started = start_build(out, notebooks, "--release", "all")
    time.sleep(1)  # kernels are running notebooks
    pressed = time.monotonic()
    os.killpg(build.pid, signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    latency = time.monotonic() - pressed
    print(f"Ctrl-C latency: {latency:.2f} s")
    assert build.returncode == 130 and "interrupted" in stderr and latency < 10
    assert "Traceback" not in stderr
    assert not still_running_after(started, 3), "a worker or kernel outlived the build"
    assert snapshot(out / "2024") == before
    staging = [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".cache"]
    assert not staging, "no staging folder left"


def test_sigterm_ends_a_build_and_its_kernels(tiny_report, tmp_path):
    notebooks, _, releases = tiny_report
    out = tmp_path / "out"
    build, started = start_build(out, notebooks, "--release", releases / "2024")
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 128 + signal.SIGTERM and "interrupted" in stderr
    assert not still_running_after(started, 3) and not list(out.glob(".*building*"))


def test_a_killed_build_leaves_no_worker_and_the_next_build_no_half_built_folder(
    tiny_report, tmp_path
):
    notebooks, built, releases = tiny_report
    out = tmp_path / "out"
    shutil.copytree(built / ".cache", out / ".cache")
    build, started = start_build(out, notebooks, "--release", releases / "2024")
    os.kill(build.pid, signal.SIGKILL)  # no code of the build runs again
    build.wait()
    assert not still_running_after(started, 5), "a worker or kernel outlived its build"
    assert list(out.glob(".2024.building-*")), "the killed build could not clean up"
    result = run_cli(
        "build", "--release", releases / "2024", "--out", out, "--quiet", env=tiny.env(notebooks)
    )
    assert result.returncode == 0
    assert result.stdout.strip().endswith(f"0 executed, {tiny.COUNT} reused")
    assert not [p for p in out.iterdir() if ".building-" in p.name or ".old-" in p.name]
