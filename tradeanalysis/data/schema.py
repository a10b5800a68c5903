"""The sections of a release (units are `units`).

Sections are data: `data/sections.yml` declares them (id -> title) for every release, and a release
may declare more under `sections:` in its release.yml, so a new section needs no code change.
"""

from __future__ import annotations

import functools

import yaml

from tradeanalysis.data.paths import SECTIONS_FILE


@functools.cache
def declared_sections() -> dict[str, str]:
    """The project's sections, id -> title, from data/sections.yml (`paths.SECTIONS_FILE`)."""
    loaded = yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in loaded.items()}
