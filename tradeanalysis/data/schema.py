"""The sections of a release (units are `units`).

Sections are data: `data/sections.yml` declares them (id -> title) for every release, and a release
may declare more under `sections:` in its release.yml, so a new section needs no code change.
"""

from __future__ import annotations

import functools
import re

from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.paths import SECTIONS_FILE
from tradeanalysis.data.textfile import load_yaml

SECTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_TITLE = 200  # characters of a section title


def section_title_problem(section, title) -> str | None:
    """What is wrong with one `id: Title` pair of a sections mapping, or None."""
    if not isinstance(section, str) or not SECTION_ID.match(section):
        return f"section id {section!r} is not lower-case letters, digits and _"
    if (
        not isinstance(title, str | int | float)
        or isinstance(title, bool)
        or not str(title).strip()
    ):
        return f"section {section!r} has no title"
    if len(str(title)) > MAX_TITLE or "\n" in str(title):
        return f"the title of section {section!r} is not one line of at most {MAX_TITLE} characters"
    return None


@functools.cache
def declared_sections() -> dict[str, str]:
    """The project's sections, id -> title, from data/sections.yml; FiguresError if malformed."""

    loaded = load_yaml(SECTIONS_FILE) or {}
    fix = "write one `id: Title` line per section"
    if not isinstance(loaded, dict):
        raise FiguresError(SECTIONS_FILE, "is not a mapping of section ids to titles", fix)
    for section, title in loaded.items():
        if problem := section_title_problem(section, title):
            raise FiguresError(SECTIONS_FILE, problem, fix)
    return {str(k): str(v).strip() for k, v in loaded.items()}
