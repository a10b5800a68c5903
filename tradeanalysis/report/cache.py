"""The build's execution cache: an executed notebook and its HTML page are reused when nothing the
run of that notebook depends on has changed.

A notebook run depends on (each an input of its key, a SHA-256):
- `notebook`: the notebook file;
- `releases`: the files of the releases it reads, as its metadata declares
  (`"tradeanalysis": {"reads": ...}`): `release` (the chosen one), `up_to` (those published up to
  it, for the history and the checks) or `folder` (every release beside it: the headline says
  whether a later release restated the year), plus data/sections.yml, and for the last two the
  folder's series.yml (the definitions the history and the restatements are drawn on);
- `package`: the source files of `tradeanalysis` (and its report templates);
- `parameters`: the run's release and notebook parameters;
- `versions`: the installed versions of the packages the notebooks and the export use.

Entries live in `<out>/.cache/` (under reports/, never in tracked files), kept by `entries.Cache`
(imported here): each is written in a temporary folder and renamed into place whole, and carries a
manifest of its files' hashes that is checked before any reuse; a corrupt, partial or wrongly typed
entry is removed and the notebook executed again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tradeanalysis.data.paths import NOTEBOOKS_DIR, PACKAGE_DIR, SERIES_FILE
from tradeanalysis.data.schema import SECTIONS_FILE
from tradeanalysis.report import notebook_files
from tradeanalysis.report.entries import CACHE_DIR_NAME, MANIFEST, Cache  # noqa: F401

READS = ("release", "up_to", "folder")
# What the notebooks and the HTML export import; a new version of any may change an output.
PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "PyYAML",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "ipython",
    "jupyter_client",
)


def _hash_bytes(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


def _hash_files(paths: list[Path], root: Path) -> str:
    parts = []
    for path in sorted(paths, key=lambda p: p.relative_to(root)):
        parts += [str(path.relative_to(root)).encode(), path.read_bytes()]
    return _hash_bytes(*parts)


def notebook_reads(notebook: Path) -> str:
    """Which releases a notebook reads, from its metadata (default: the chosen release)."""
    meta = notebook_files.metadata(notebook).get("tradeanalysis", {})
    reads = meta.get("reads", "release")
    if reads not in READS:
        raise ValueError(f"{notebook.name}: metadata tradeanalysis.reads must be one of {READS}")
    return reads


def _release_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.name)


def release_inputs(release_folder: Path, reads: str) -> list[Path]:
    """The release files a notebook run reads (see the module docstring), in an order that
    depends only on the releases (publication order, then file name), never on where their
    folder lives: a copy of the releases anywhere on disk has the same key."""
    from tradeanalysis.data.load import publication_order

    if reads == "release":
        folders = [release_folder]
    else:
        everything = publication_order(release_folder.parent)
        here = next(date for date, path in everything if path == release_folder)
        folders = [path for date, path in everything if reads == "folder" or date <= here]
    files = [f for folder in folders for f in _release_files(folder)]
    series = release_folder.parent / SERIES_FILE  # the definitions a history is drawn on
    if reads != "release" and series.is_file():
        files.append(series)
    return files + [SECTIONS_FILE]


@dataclass(frozen=True)
class Inputs:
    """The hashes a notebook run's key is made of, by name."""

    parts: dict

    @property
    def key(self) -> str:
        return _hash_bytes(json.dumps(self.parts, sort_keys=True).encode())

    def changed_since(self, before: dict | None) -> list[str]:
        """Names of the inputs that differ from an earlier run's, or ["never built"]."""
        if not isinstance(before, dict):
            return ["never built"]
        return [name for name, value in self.parts.items() if before.get(name) != value] or [
            "cache entry missing or corrupt"
        ]


class Fingerprints:
    """Hashes shared by every notebook run of a build, computed once."""

    def __init__(self):
        sources = [
            p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ]
        self.package = _hash_files(sources, PACKAGE_DIR)
        versions = []
        for name in PACKAGES:
            try:
                versions.append(f"{name}=={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                versions.append(f"{name} missing")
        self.versions = _hash_bytes("\n".join(versions).encode())
        self._reads: dict[str, str] = {}
        self._files: dict[Path, str] = {}
        self._releases: dict[tuple, str] = {}

    def inputs(self, notebook: str, release_folder: Path, parameters: dict) -> Inputs:
        path = NOTEBOOKS_DIR / notebook
        if notebook not in self._reads:
            self._reads[notebook] = notebook_reads(path)
        reads = (release_folder, self._reads[notebook])
        if reads not in self._releases:  # one folder listing and load per release and kind
            files = release_inputs(*reads)
            self._releases[reads] = _hash_bytes(*(self._file_hash(f).encode() for f in files))
        release_hash = self._releases[reads]
        return Inputs(
            {
                "notebook": self._file_hash(path),
                "releases": release_hash,
                "package": self.package,
                "parameters": _hash_bytes(
                    json.dumps(parameters, sort_keys=True, default=str).encode()
                ),
                "versions": self.versions,
            }
        )

    def _file_hash(self, path: Path) -> str:
        """A file's hash with its name and its folder's name (a release's id), not its path."""
        if path not in self._files:
            label = f"{path.parent.name}/{path.name}"
            self._files[path] = _hash_bytes(label.encode(), path.read_bytes())
        return self._files[path]
