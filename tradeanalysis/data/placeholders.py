"""The placeholder `tradeanalysis new-release` writes where the analyst must type what the new
release prints, and the loader's refusal of every one left in: one line each, naming the file,
line and field, with what to write there.

A placeholder is a whole field (a CSV cell, a release.yml value) reading `FILL`; nothing else is
one. The loader looks for them before any other check, so a draft is never reported as "'FILL' is
not a number".
"""

from __future__ import annotations

import re
from pathlib import Path

from tradeanalysis.data.cells import read_rows
from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.release import (
    CLAIM_COLUMNS,
    CLAIMS_FILE,
    FIGURE_COLUMNS,
    FIGURES_FILE,
    META_FILE,
)
from tradeanalysis.data.textfile import read_text

PLACEHOLDER = "FILL"
# A release.yml line whose value is the placeholder: `  url: FILL  # a comment`, quoted or not.
_YAML_LINE = re.compile(rf"^(\s*)(?:-\s+)?([A-Za-z_]+):\s*(['\"]?){PLACEHOLDER}\3\s*(#.*)?$")

_NUMBER = "(delete the row if this release prints no value, growth rate or share for it)"
FIXES = {
    "value": f"type the value as printed, or empty the cell if this release prints none {_NUMBER}",
    "yoy_pct": "type the growth rate as printed, in percent, or empty the cell if none is "
    f"printed {_NUMBER}",
    "share_pct": "type the share as printed, in percent, or empty share_pct and share_of if "
    f"none is printed {_NUMBER}",
    "bound": "write exact, or lower where the release prints the value as 'more than'",
    "period": "write the months the figure covers (YYYY, YYYY-Qn, YYYY-MM or YYYY-MM/YYYY-MM)",
    "claim": "say in your own words what this release claims, and check the figures and check "
    "columns; delete the row if this release does not make the claim",
    "title": "describe the release in a few words of your own",
    "published": "write the date customs published the release, YYYY-MM-DD",
    "accessed": "write the date you read the page, YYYY-MM-DD",
    "url": "give the address of the page you transcribe from, starting http:// or https://",
    "citation": "cite the release: who published what, where it was printed, its address and "
    "when you read it",
    "publisher": "name the site that printed the release, or delete the line if customs "
    "printed it on its own site",
    "covers.period": "write the months the release covers (YYYY, YYYY-MM/YYYY-MM, ...)",
}


class PlaceholdersLeft(FiguresError):
    """Every placeholder left in a release folder: one `FiguresError` line each."""

    def __init__(self, errors: list[FiguresError]):
        first = errors[0]
        super().__init__(first.file, first.problem, first.fix, first.line, first.column)
        self.errors = errors
        self.args = ("\n".join(str(e) for e in errors),)

    def __str__(self) -> str:
        return self.args[0]


def _left(path: Path, field: str, line: int, column: str | None) -> FiguresError:
    fix = FIXES.get(field, "replace it with what this release prints")
    return FiguresError(
        path, f"'{field}' is still the placeholder {PLACEHOLDER}", fix, line, column
    )


def in_csv(path: Path, required: tuple) -> list[FiguresError]:
    """One error per cell of a release CSV that reads the placeholder (none if the file is
    missing: the loader says so itself)."""
    if not (path.exists() or path.is_symlink()):
        return []
    return [
        _left(path, column, line, column)
        for line, row in read_rows(path, required)
        for column, value in row.items()
        if value == PLACEHOLDER
    ]


def in_yaml(path: Path) -> list[FiguresError]:
    """One error per release.yml value that reads the placeholder, named `key` or
    `parent.key` (for `covers:`'s)."""
    if not (path.exists() or path.is_symlink()):
        return []
    found, parent = [], ""
    for number, text in enumerate(read_text(path).splitlines(), start=1):
        if re.match(r"^[A-Za-z_]+:", text):
            parent = text.split(":", 1)[0]
        if m := _YAML_LINE.match(text):
            field = m.group(2) if not m.group(1) else f"{parent}.{m.group(2)}"
            found.append(_left(path, field, number, field))
    return found


def refuse_placeholders(folder: Path) -> None:
    """PlaceholdersLeft listing every placeholder in a release folder; nothing if none."""
    errors = [
        *in_yaml(folder / META_FILE),
        *in_csv(folder / FIGURES_FILE, FIGURE_COLUMNS),
        *in_csv(folder / CLAIMS_FILE, CLAIM_COLUMNS),
    ]
    if errors:
        raise PlaceholdersLeft(errors)


def is_draft_date(text: bytes) -> bool:
    """Whether a release.yml's `published` line is still the placeholder (a draft, newer than
    every release)."""
    return bool(re.search(rb"^published:\s*['\"]?" + PLACEHOLDER.encode(), text, re.M))
