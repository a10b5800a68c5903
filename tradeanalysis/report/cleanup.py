"""The folders a build works in beside its reports, and their removal.

A run is assembled in `<out>/.<run>.building-<pid>-<random>` and moved into place whole; an old
report is moved to `.<run>.old-<pid>-<random>` before it is deleted. The build's process id in
the name says who owns the folder: every build removes such folders whose owner is no longer
running (a build killed with SIGKILL cannot clean up after itself).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_OWNED = re.compile(r"^\..+\.(building|old)-(\d+)-[^/]*$")


def fresh_dir(parent: Path, prefix: str) -> Path:
    """A new empty folder in `parent` (same file system, so moving it into place is atomic),
    named after this process: `prefix` + pid."""
    folder = tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent)
    os.chmod(folder, 0o755)
    return Path(folder)


def staging_dir(out: Path, run: str) -> Path:
    return fresh_dir(out, f".{run}.building-")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_orphans(out: Path) -> list[Path]:
    """Remove the half-built and half-replaced folders in `out` whose build is not running;
    returns them."""
    removed = []
    try:
        entries = list(out.iterdir())
    except OSError:
        return removed
    for path in entries:
        match = _OWNED.match(path.name)
        if match and not _alive(int(match.group(2))):
            discard(path)
            removed.append(path)
    return removed


def discard(path: Path) -> None:
    """Remove whatever is at `path` (folder, file, link, pipe); nothing if it is gone."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def swap_into_place(built: Path, target: Path) -> None:
    """Replace `target` with `built`; the old report is removed only after the new one is in.
    Another build swapping the same target at the same time may move it first: then move again."""
    olds = []
    for _ in range(10):
        if target.exists() or target.is_symlink():
            old = fresh_dir(target.parent, f".{target.name}.old-")
            os.rmdir(old)
            try:
                os.replace(target, old)
                olds.append(old)
            except FileNotFoundError:  # the other build moved it away first
                pass
        try:
            os.replace(built, target)
            break
        except OSError:  # the other build put its report in meanwhile: move that one aside
            continue
    for old in olds:
        discard(old)


def keep_failed(built: Path, target: Path) -> None:
    """Keep a failed run's executed notebooks in `target` (`<out>/_failed/<run>`)."""
    discard(target)
    if target.parent.exists() and not target.parent.is_dir():
        discard(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(built, target)
