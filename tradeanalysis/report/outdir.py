"""The output folder of a build, checked before any kernel starts: a folder (or one that can be
made) that this process can write into, on a disk with room for the reports."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from tradeanalysis.report.plan import BuildError

# Room a run needs: its report (about 6 MB for a release with charts), the copy it is built in
# beside it, and its cache entries.
BYTES_PER_RUN = 25_000_000


def free_bytes(folder: Path) -> int:
    """Bytes free to this user on the file system of `folder`."""
    return shutil.disk_usage(folder).free


def _existing_parent(out: Path) -> Path:
    """The nearest folder of `out` (itself included) that exists; BuildError when a file is in
    the way."""
    for folder in (out, *out.parents):
        if folder.is_dir():
            return folder
        if folder.exists() or folder.is_symlink():
            where = "is" if folder == out else f"is under {folder}, which is"
            raise BuildError(f"--out {out} {where} a file, not a folder; name a folder")
    raise BuildError(f"--out {out}: no part of the path exists")


def check_writable(out: Path, runs: int) -> None:
    """BuildError (one line) unless `out` is a folder this build can write its reports into:
    not a file nor under one, writable, with room for `runs` runs."""
    out = Path(os.path.abspath(out))
    folder = _existing_parent(out)
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".write-test-") as probe:
            probe.write(b"\0" * 4096)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise BuildError(write_problem(out, exc)) from None
    needed = BYTES_PER_RUN * runs
    free = free_bytes(folder)
    if free < needed:
        raise BuildError(
            f"--out {out}: only {free / 1e6:.0f} MB free on its disk, and {runs} run(s) need "
            f"about {needed / 1e6:.0f} MB; free some space or choose another --out"
        )


def write_problem(out: Path, exc: OSError) -> str:
    """One line for an error writing under `out`."""
    if exc.errno == errno.ENOSPC:
        return f"--out {out}: the disk is full; free some space or choose another --out"
    reason = exc.strerror or str(exc)
    return f"--out {out}: cannot write there ({reason}); choose a folder you can write to"
