"""The entries of the build's execution cache under `<out>/.cache/`, one folder per key, each
holding a notebook's executed file, its HTML page, its chart files and a manifest of their
SHA-256 hashes; `last/` remembers each (run, notebook)'s latest inputs for `--dry-run`.

The cache repairs itself: an entry that is unreadable, malformed or of the wrong type (a manifest
that is not an object of file names to hashes, a file where a folder belongs, a folder, pipe or
link where a file belongs) is removed, so its notebook is executed once more and stored whole; a
cache folder that is missing, or a file, is made again. Only regular files are ever opened, so
reading an entry never blocks.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path

from tradeanalysis.report.cleanup import discard

CACHE_DIR_NAME = ".cache"
MANIFEST = "manifest.json"
_KEY = re.compile(r"^[0-9a-f]{64}$")
MAX_BLOB = 200_000_000  # bytes of one cached file; an executed notebook is a few megabytes


def _page_files(notebook: str) -> list[str]:
    """The files every entry holds: the executed notebook and its HTML page."""
    return [notebook, Path(notebook).with_suffix(".html").name]


def _allowed(name, notebook: str) -> bool:
    """Whether an entry of `notebook` may hold a file of this name (no path leaves the entry)."""
    stem = re.escape(Path(notebook).stem)
    return isinstance(name, str) and (
        name in _page_files(notebook)
        or bool(re.fullmatch(rf"charts/{stem}-\d+\.(png|svg|csv)", name))
    )


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file that is not a link; OSError for anything else (a folder, a
    pipe, a link, a device), without blocking."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BLOB:
            raise OSError(f"{path} is not a regular file of a sane size")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_BLOB + 1)
    finally:
        os.close(fd)


def _is_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


class Cache:
    """Entries under `<out>/.cache/`, one per key (see the module docstring)."""

    def __init__(self, out: Path):
        self.root = out / CACHE_DIR_NAME

    def _entry(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.root / key[:2] / key

    def _last(self, run: str, notebook: str) -> Path:
        return self.root / "last" / f"{run}--{notebook}.json"

    def repair(self) -> None:
        """Make the cache folder again if it is missing or not a folder."""
        if not _is_folder(self.root):
            discard(self.root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _read(self, key: str, notebook: str) -> dict[str, bytes] | None:
        """The files of a whole, valid entry by name; None if it is missing, partial, corrupt
        or wrongly typed."""
        entry = self._entry(key)
        try:
            manifest = json.loads(read_regular(entry / MANIFEST).decode("utf-8"))
            if not isinstance(manifest, dict) or not all(
                _allowed(n, notebook) and isinstance(h, str) for n, h in manifest.items()
            ):
                return None
            names = set(manifest) | set(_page_files(notebook))
            blobs = {name: read_regular(entry / name) for name in sorted(names)}
        except (OSError, ValueError):
            return None
        if any(manifest.get(n) != hashlib.sha256(b).hexdigest() for n, b in blobs.items()):
            return None
        return blobs

    def fetch(self, key: str, notebook: str, into: Path) -> bool:
        """Copy a valid entry's files into `into`; False (and the entry removed) if it is missing,
        partial, corrupt or wrongly typed."""
        blobs = self._read(key, notebook)
        if blobs is None:
            entry = self._entry(key)
            if entry.exists() or entry.is_symlink():
                discard(entry)
            return False
        for name, blob in blobs.items():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            (into / name).write_bytes(blob)
        return True

    def store(self, key: str, notebook: str, folder: Path) -> None:
        """Save a freshly executed notebook, its page and its chart files under `key`, whole or
        not at all (a cache that cannot be written only costs a later build time)."""
        stem = Path(notebook).stem
        charts = [str(p.relative_to(folder)) for p in sorted(folder.glob(f"charts/{stem}-*"))]
        entry = self._entry(key)
        try:
            self._make_folder(entry.parent)
            if (entry.exists() or entry.is_symlink()) and not _is_folder(entry):
                discard(entry)
            temporary = Path(tempfile.mkdtemp(prefix=f".{key[:12]}.", dir=entry.parent))
        except OSError:
            return
        try:
            manifest = {}
            for name in [*_page_files(notebook), *charts]:
                blob = (folder / name).read_bytes()
                (temporary / name).parent.mkdir(parents=True, exist_ok=True)
                (temporary / name).write_bytes(blob)
                manifest[name] = hashlib.sha256(blob).hexdigest()
            (temporary / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            os.rename(temporary, entry)  # fails if another build stored it first: keep theirs
        except OSError:
            pass
        finally:
            discard(temporary)

    def _make_folder(self, folder: Path) -> None:
        """`folder` under the cache as a folder, whatever was there before."""
        for part in (self.root, folder):
            if (part.exists() or part.is_symlink()) and not _is_folder(part):
                discard(part)
        folder.mkdir(parents=True, exist_ok=True)

    def remember(self, run: str, notebook: str, inputs) -> None:
        """Note the inputs of the latest successful run of this notebook, for `--dry-run`."""
        path = self._last(run, notebook)
        try:
            self._make_folder(path.parent)
            if (path.exists() or path.is_symlink()) and not path.is_file():
                discard(path)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".last.")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(inputs.parts, out)
            os.replace(temporary, path)
        except OSError:
            pass

    def recalled(self, run: str, notebook: str) -> dict | None:
        try:
            recalled = json.loads(read_regular(self._last(run, notebook)).decode("utf-8"))
        except (OSError, ValueError):
            return None
        return recalled if isinstance(recalled, dict) else None

    def has(self, key: str) -> bool:
        return (self._entry(key) / MANIFEST).is_file()
