"""Definitions of figures as data: which set a figure id counts in which release.

A folder of release folders may hold a `series.yml` (data/releases/series.yml for the real data).
It declares, for a figure id whose meaning changed, each definition in order: a short name, the
first release it applies to (`from`, a release id), what changed and the evidence. A figure of a
release takes the last definition whose first release was published on or before it; an id the file
does not declare has one definition, the empty string. The definition is part of a figure's
identity: two values of one id on different definitions are two different figures, and no growth
rate is computed between them. A release's own growth rate links its figure to the previous year on
the figure's definition in that release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.paths import SERIES_FILE
from tradeanalysis.data.release import ID_PATTERN, RELEASE_ID_PATTERN

DEFINITION_KEYS = ("definition", "from", "changed", "evidence")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Definition:
    """One definition of a figure id: `name`, the release it starts in (`start`), what changed
    and the evidence (a sentence and, where there is one, the page)."""

    fid: str
    name: str
    start: str
    changed: str
    evidence: str


@dataclass(frozen=True)
class Definitions:
    """Every declared definition, by figure id, in the order declared (oldest first)."""

    by_id: dict

    def of(self, fid: str, release_id: str, order: list[str]) -> str:
        """The definition of figure `fid` in release `release_id`, given the release ids in
        publication order; "" for an id with one definition, or a release before the first."""
        found = ""
        position = order.index(release_id) if release_id in order else len(order)
        for definition in self.by_id.get(fid, ()):
            start = order.index(definition.start) if definition.start in order else None
            if start is not None and start <= position:
                found = definition.name
        return found

    def rank(self, fid: str, name: str) -> int:
        """Where definition `name` of `fid` comes in the declared order (0 for the first)."""
        names = [d.name for d in self.by_id.get(fid, ())]
        return names.index(name) if name in names else 0

    def describe(self, fid: str, name: str) -> str:
        """What definition `name` of `fid` counts, in words ("" for an undeclared one)."""
        for definition in self.by_id.get(fid, ()):
            if definition.name == name:
                return definition.changed
        return ""


NONE = Definitions({})


def load_definitions(folder) -> Definitions:
    """The definitions declared in `folder`/series.yml; none when the file is absent.

    A defect raises FiguresError naming the file, the line and the key, with the fix."""
    path = Path(folder) / SERIES_FILE
    if not path.is_file():
        return NONE
    text = path.read_text(encoding="utf-8")
    try:
        loaded = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise FiguresError(path, "is not valid YAML", "correct the YAML syntax", line) from None
    if not isinstance(loaded, dict):
        raise FiguresError(path, "is not a mapping of figure ids", "write `figure_id:` lines")
    lines = _lines(text)
    return Definitions({str(fid): _parse(path, str(fid), v, lines) for fid, v in loaded.items()})


def _parse(path: Path, fid: str, entries, lines: dict) -> tuple:
    line = lines.get(fid)
    if not ID_PATTERN.match(fid):
        raise FiguresError(path, f"{fid!r} is not a figure id", "use lower_case ids", line, fid)
    if not isinstance(entries, list) or not entries:
        raise FiguresError(
            path,
            f"{fid} has no list of definitions",
            "write `- definition: NAME` entries with from, changed and evidence",
            line,
            fid,
        )
    parsed = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise FiguresError(path, f"a definition of {fid} is not a mapping", _FIX, line, fid)
        for key in DEFINITION_KEYS:
            if entry.get(key) in (None, ""):
                raise FiguresError(path, f"a definition of {fid} has no '{key}'", _FIX, line, key)
        name, start = str(entry["definition"]), str(entry["from"])
        if not _NAME.match(name) or not RELEASE_ID_PATTERN.match(start):
            raise FiguresError(
                path,
                f"definition {name!r} of {fid} starting in {start!r} is not a name and release id",
                "use a lower-case name (letters, digits, -) and a release folder's id",
                line,
                "definition",
            )
        if name in (d.name for d in parsed):
            raise FiguresError(path, f"{fid} declares {name!r} twice", "rename one", line, fid)
        parsed.append(Definition(fid, name, start, str(entry["changed"]), str(entry["evidence"])))
    return tuple(parsed)


_FIX = "give each definition `definition`, `from` (a release id), `changed` and `evidence`"


def _lines(text: str) -> dict:
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if m := re.match(r"^([A-Za-z_][A-Za-z0-9_]*):", line):
            found.setdefault(m.group(1), number)
    return found


def check_starts(definitions: Definitions, folder, release_ids) -> None:
    """FiguresError when a definition starts in a release that is not in the folder."""
    for fid, entries in definitions.by_id.items():
        for definition in entries:
            if definition.start not in release_ids:
                raise FiguresError(
                    Path(folder) / SERIES_FILE,
                    f"definition {definition.name!r} of {fid} starts in release "
                    f"{definition.start!r}, which is not in the folder",
                    f"use one of {', '.join(release_ids)}",
                    None,
                    "from",
                )
