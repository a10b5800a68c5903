"""Find release folders and load one into a validated `Release`.

Every defect raises `FiguresError` naming the file, line and column and saying how to fix it;
nothing is returned half-loaded.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import yaml

from tradeanalysis.data.paths import RELEASES_DIR, where_releases_come_from
from tradeanalysis.data.release import (
    CLAIMS_FILE,
    FIGURES_FILE,
    ID_PATTERN,
    META_FILE,
    META_KEYS,
    RELEASE_ID_PATTERN,
    FiguresError,
    Release,
)
from tradeanalysis.data.schema import SECTIONS_FILE, declared_sections
from tradeanalysis.data.tables import load_claims, load_figures
from tradeanalysis.data.units import (
    CURRENCIES,
)


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
    contents = []
    for path in (folder / META_FILE, folder / FIGURES_FILE, folder / CLAIMS_FILE, SECTIONS_FILE):
        try:
            contents.append(path.read_bytes())
        except OSError:
            contents.append(None)
    return tuple(contents)


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
        meta = _load_meta(folder / META_FILE)
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


def _load_meta(path: Path) -> dict:
    if not path.is_file():
        raise FiguresError(path, "file is missing", f"add {META_FILE} with {', '.join(META_KEYS)}")
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise FiguresError(
            path, "is not valid YAML", "correct the YAML syntax", line=line + 1 if line else None
        ) from None
    if not isinstance(meta, dict):
        raise FiguresError(path, "is not a mapping of keys to values", "write `key: value` lines")
    lines = _key_lines(path)
    for key in META_KEYS:
        if meta.get(key) in (None, ""):
            raise FiguresError(path, f"key '{key}' is missing or empty", f"add `{key}: ...`")
    for key in ("published", "accessed"):
        if not isinstance(meta[key], dt.date):
            raise FiguresError(
                path, f"'{key}' is not a date", "write it as YYYY-MM-DD", lines.get(key), key
            )
        meta[key] = meta[key].isoformat()
    if meta["currency"] not in CURRENCIES:
        raise FiguresError(
            path,
            f"unknown currency {meta['currency']!r}",
            f"use one of {', '.join(CURRENCIES)}",
            lines.get("currency"),
            "currency",
        )
    sections = meta.get("sections")
    if sections is not None and not (
        isinstance(sections, dict)
        and all(ID_PATTERN.match(str(k)) and v for k, v in sections.items())
    ):
        raise FiguresError(
            path,
            "'sections' is not a mapping of section ids to titles",
            "write it as `sections:` followed by indented `id: Title` lines",
            lines.get("sections"),
            "sections",
        )
    discrepancies = meta.get("discrepancies")
    if discrepancies is not None and not (
        isinstance(discrepancies, list)
        and all(
            isinstance(d, dict) and d.get("check") and d.get("explanation") for d in discrepancies
        )
    ):
        raise FiguresError(
            path,
            "'discrepancies' is not a list of check and explanation pairs",
            "write each as `- check: <check name>` with an indented `explanation: ...`",
            lines.get("discrepancies"),
            "discrepancies",
        )
    return meta


def _key_lines(path: Path) -> dict:
    lines = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if m := re.match(r"^([A-Za-z_]+):", text):
            lines.setdefault(m.group(1), number)
    return lines
