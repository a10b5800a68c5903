"""Find release folders and load one into a validated `Release`.

Every defect raises `FiguresError` naming the file, line and column and saying how to fix it;
nothing is returned half-loaded.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from tradeanalysis.data import schema
from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.meta import load_meta
from tradeanalysis.data.paths import RELEASES_DIR, where_releases_come_from
from tradeanalysis.data.placeholders import is_draft_date, refuse_placeholders
from tradeanalysis.data.release import (
    CLAIMS_FILE,
    FIGURES_FILE,
    META_FILE,
    RELEASE_ID_PATTERN,
    Release,
)
from tradeanalysis.data.schema import declared_sections
from tradeanalysis.data.tables import load_claims, load_figures
from tradeanalysis.data.textfile import file_bytes


def release_dirs(folder=None) -> list[Path]:
    """Release folders in `folder` (default data/releases), sorted by name."""
    folder = Path(folder) if folder is not None else RELEASES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / FIGURES_FILE).is_file())


def resolve_release(id_or_path) -> Path:
    """A release id under data/releases, or the path of a release folder; FiguresError otherwise."""
    text = str(id_or_path)
    if RELEASE_ID_PATTERN.match(text):
        candidate = RELEASES_DIR / text
        if candidate.is_dir():
            return candidate
    path = Path(text).expanduser()
    if path.is_dir() and any((path / name).is_file() for name in (FIGURES_FILE, META_FILE)):
        return path.resolve()
    known = ", ".join(p.name for p in release_dirs()) or "none"
    raise FiguresError(
        text,
        "no such release id or release folder",
        f"give a release id ({known}; read from {where_releases_come_from()}) "
        f"or a folder holding {FIGURES_FILE} and {META_FILE}",
    )


_CACHE: dict[Path, tuple[tuple, Release]] = {}


def _signature(folder: Path) -> tuple:
    """What identifies a folder's content for the cache: the bytes of its files (they are small;
    modification times can miss a quick rewrite of the same size)."""
    files = (folder / META_FILE, folder / FIGURES_FILE, folder / CLAIMS_FILE, schema.SECTIONS_FILE)
    return tuple(file_bytes(path) for path in files)


def load_release(id_or_path) -> Release:
    """Load and validate a release by id (e.g. "2024") or folder path.

    A folder whose files did not change since the last load is not parsed again; the caller gets
    fresh copies of its tables either way, so changing them cannot affect a later load.
    """
    folder = resolve_release(id_or_path)
    signature = _signature(folder)
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != signature:
        declared_sections.cache_clear()  # data/sections.yml may have changed too
        refuse_placeholders(folder)  # a draft of `new-release`: every field left to fill
        meta = load_meta(folder / META_FILE)
        sections = {**declared_sections(), **(meta.get("sections") or {})}
        figures = load_figures(folder / FIGURES_FILE, meta["currency"], sections)
        claims = load_claims(folder / CLAIMS_FILE, figures, sections)
        release_id = str(meta.get("id") or folder.name)
        cached = (signature, Release(release_id, folder, meta, figures, claims))
        _CACHE[folder] = cached
    release = cached[1]
    return Release(
        release.id,
        release.path,
        copy.deepcopy(release.meta),
        release.figures.copy(),
        release.claims.copy(),
    )


def releases_before(folder: Path, published: str, skip: Path) -> list[Release]:
    """The releases in `folder` (but `skip`) published before `published` (YYYY-MM-DD). A
    defective release published later is left out, so it never stops the check of an earlier
    one; a defective one that may be earlier raises its FiguresError."""
    found = []
    for path in release_dirs(folder):
        if path.resolve() == Path(skip).resolve():
            continue
        try:
            release = load_release(path)
        except FiguresError:
            if _published_after(path, published):
                continue
            raise
        if release.published < published:
            found.append(release)
    return found


def _published_after(folder: Path, published: str) -> bool:
    """Whether a release's release.yml plainly gives a date on or after `published`, or is a
    draft whose date is still to fill."""
    data = file_bytes(folder / META_FILE) or b""
    if is_draft_date(data):  # a draft of `new-release` comes after every release
        return True
    plain = _plain_meta(data, "published")
    return plain is not None and plain >= published


_PLAIN = {"published": rb"(\d{4}-\d{2}-\d{2})", "id": rb"([\w.-]+)"}


def _plain_meta(data: bytes, key: str) -> str | None:
    """The value of `key` ("published" or "id") where release.yml's text plainly gives it on a
    line of its own, or None."""
    match = re.search(rb"^" + key.encode() + rb":[ \t]*['\"]?" + _PLAIN[key], data, re.M)
    return match.group(1).decode() if match else None


def publication_order(folder) -> list[tuple[str, Path]]:
    """(date published, folder) of every release in `folder`, in the order `releases_in` gives
    (date, then id), read from release.yml alone: no table is parsed. A release whose file does
    not plainly give its date is loaded, so a defective one raises its FiguresError."""
    order = []
    for path in release_dirs(folder):
        data = file_bytes(path / META_FILE) or b""
        published, release_id = _plain_meta(data, "published"), _plain_meta(data, "id")
        if published is None or release_id is None:
            release = load_release(path)
            published, release_id = release.published, release.id
        order.append((published, release_id, path.resolve()))
    return [(published, path) for published, _, path in sorted(order)]
