"""A build with nothing to do, told apart in a fraction of a second: without pandas, without
validating the releases again and without reading the execution cache.

After a build in which every run succeeded, a stamp is written under `<out>/.cache/builds/`,
named after the command's arguments (releases, parameters, the params file's bytes, output
folder, jobs, working and data folders). It holds a hash of everything the build read (the
package's source and the installed versions, as the cache's keys take them; the notebooks; the
files of every release folder beside the releases it built, the folders' series.yml and
data/sections.yml) and a listing of the output folder as the build left it (every name, size and
modification time outside `.cache`). The same command finds its stamp, and when neither hash
changed it prints what that build printed, with every notebook reused, and exits 0.

Anything else (an edited release, notebook or module, an upgraded package, a report deleted or
touched, another build's output, a folder left by a killed build, a file that is not a regular
file) is a miss: the build runs as usual, validates everything and reuses what the cache holds.
`--force` and `--dry-run` never take this path.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from tradeanalysis.data.paths import (
    FIGURES_FILE,
    NOTEBOOKS_DIR,
    RELEASES_DIR,
    REPORTS_DIR,
    SECTIONS_FILE,
    SERIES_FILE,
)
from tradeanalysis.report.entries import CACHE_DIR_NAME, read_regular

STAMPS = "builds"  # under <out>/.cache/


def out_folder(args) -> Path:
    """The build's output folder: `--out`, or reports/."""
    return Path(args.out) if args.out else REPORTS_DIR


def _stamp_path(args, out: Path) -> Path | None:
    """Where the stamp of this command lives; None for commands that never use one."""
    if getattr(args, "force", False) or getattr(args, "dry_run", False):
        return None
    params_file = None
    if args.params_file:
        try:
            params_file = hashlib.sha256(read_regular(Path(args.params_file))).hexdigest()
        except OSError:
            return None
    command = {
        "releases": args.releases,
        "parameters": args.parameter,
        "params_file": [args.params_file, params_file],
        "out": str(out.resolve()),
        "jobs": args.jobs,
        "cwd": os.getcwd(),
        "data": str(RELEASES_DIR),
    }
    key = hashlib.sha256(json.dumps(command, sort_keys=True).encode()).hexdigest()
    return out / CACHE_DIR_NAME / STAMPS / f"{key}.json"


def _hash_inputs(folders: list[str]) -> str | None:
    """The hash of what a build of releases in `folders` reads; None if a file cannot be read
    as a regular file (then the build runs and says what is wrong)."""
    from tradeanalysis.report.cache import Fingerprints

    prints = Fingerprints()
    digest = hashlib.sha256(f"{prints.package}\n{prints.versions}\n".encode())
    try:
        files = sorted(NOTEBOOKS_DIR.glob("*.ipynb")) + [SECTIONS_FILE]
        for folder in map(Path, folders):
            releases = sorted(p for p in folder.iterdir() if (p / FIGURES_FILE).is_file())
            files += [folder / SERIES_FILE] if (folder / SERIES_FILE).exists() else []
            files += [f for release in releases for f in sorted(release.iterdir())]
        for path in files:
            blob = read_regular(path)
            digest.update(f"{path}\n{len(blob)}\n".encode())
            digest.update(blob)
    except OSError:
        return None
    return digest.hexdigest()


def _listing(out: Path) -> str:
    """A hash of the output folder's names, sizes and modification times, `.cache` left out."""
    rows = []
    for root, dirs, files in os.walk(out):
        if Path(root) == out and CACHE_DIR_NAME in dirs:
            dirs.remove(CACHE_DIR_NAME)
        dirs.sort()
        for name in [*dirs, *sorted(files)]:
            path = os.path.join(root, name)
            info = os.lstat(path)
            rows.append(f"{os.path.relpath(path, out)}\t{info.st_mode}\t{info.st_size}\t")
            rows[-1] += str(info.st_mtime_ns)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def nothing_to_do(args, out: Path) -> list[str] | None:
    """What the last build of this command printed, when nothing it read or wrote has changed
    since (see the module docstring); None when the build must run."""
    path = _stamp_path(args, out)
    if path is None:
        return None
    try:
        stamp = json.loads(read_regular(path).decode("utf-8"))
        folders, lines = stamp["folders"], stamp["printed"]
        if not (isinstance(folders, list) and isinstance(lines, list)):
            return None
        if stamp["inputs"] != _hash_inputs(folders) or stamp["outputs"] != _listing(out):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [str(line) for line in lines]


def begin(args, out: Path, release_folders: list[str]) -> dict | None:
    """Before a build runs: what it is about to read, hashed now (a file edited while the build
    runs makes the next build run again); None for a command that keeps no stamp."""
    path = _stamp_path(args, out)
    if path is None:
        return None
    folders = sorted({str(Path(f).resolve().parent) for f in release_folders})
    inputs = _hash_inputs(folders)
    return None if inputs is None else {"path": path, "folders": folders, "inputs": inputs}


def remember(started: dict | None, out: Path, printed: list[str]) -> None:
    """After a build whose runs all succeeded (`started`: what `begin` returned): write its
    stamp, never an error (a stamp that cannot be written only costs the next build its time)."""
    if started is None:
        return
    path = started["path"]
    stamp = {
        "folders": started["folders"],
        "inputs": started["inputs"],
        "outputs": _listing(out),
        "printed": printed,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".stamp.")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(stamp, file)
        os.replace(temporary, path)
    except OSError:
        pass
