"""Every release in a folder as one tidy record, and the restatements between vintages.

A release is a vintage: what customs printed on one date. A later release's growth rate, undone,
implies the previous year's value as customs then counted it; where that cannot be the value printed
a year earlier (the rounding intervals do not overlap), the earlier year was restated; where the
two sit on different definitions (data/releases/series.yml), the year was redefined, which is no
restatement. Nothing here edits a release: restatements are computed and shown beside the printed
numbers. `observations` and `revisions` hold that arithmetic; this module re-exports their names.

Amounts in `observations` and `revisions` are in trillions of the figure's own currency (the `unit`
column says which); `history` keeps each value in the unit it was printed in.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradeanalysis.analysis.observations import (  # noqa: F401 (the names callers import here)
    IMPLIED,
    OBSERVATION_COLUMNS,
    PRINTED,
    Lineage,
    latest_value,
    observations,
    series_of,
    share_of,
    yearly,
)
from tradeanalysis.analysis.revisions import (  # noqa: F401
    CONSISTENT,
    REDEFINED,
    RESTATED,
    REVISION_COLUMNS,
    revisions_of,
)
from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.interval import finite
from tradeanalysis.data.load import load_release, release_dirs, releases_before
from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.data.period import shift_years
from tradeanalysis.data.release import Release
from tradeanalysis.data.series import check_starts, load_definitions
from tradeanalysis.data.units import unit_scale, with_unit_columns

HISTORY_COLUMNS = [
    "release",
    "published",
    "id",
    "section",
    "label",
    "period",
    "value",
    "low",
    "high",
    "unit",
    "yoy_pct",
    "share_pct",
    "share_of",
    "source",
    "definition",
    "growth_on_printed_pct",
]


def releases_in(folder=None) -> list[Release]:
    """Every release in `folder` (default data/releases), oldest publication first."""
    loaded = [load_release(p) for p in release_dirs(folder)]
    ordered = sorted(loaded, key=lambda r: (r.published, r.id))
    if ordered:  # the series.yml of the folder listed (a release in it may be a link elsewhere)
        where = Path(folder) if folder is not None else RELEASES_DIR
        check_starts(load_definitions(where), where, [r.id for r in ordered])
    return ordered


def _through(releases: list[Release], through) -> list[Release]:
    """The releases published up to and including release `through` (an id)."""
    if through is None:
        return releases
    ids = [r.id for r in releases]
    if str(through) not in ids:
        raise FiguresError(
            str(through), "no such release in the history", f"use one of {', '.join(ids)}"
        )
    return releases[: ids.index(str(through)) + 1]


def releases_up_to(through=None, folder=None) -> list[Release]:
    """The releases in `folder` (default data/releases) published up to and including release
    `through` (an id; default every release), oldest publication first."""
    return _through(releases_in(folder), through)


def history(ids=None, through=None, folder=None) -> pd.DataFrame:
    """One row per (release, figure) over every release, oldest publication first.

    `ids`: figure ids to keep (default all); `through`: a release id, to see only what was published
    up to it; `folder`: a folder of release folders (default data/releases). `value`, `low` and
    `high` are in `unit` as printed (`high` is NaN for a figure printed as "more than"); growth and
    shares in percent; `source` is the page the figure was printed on; `definition` the figure's
    definition in that release (data/releases/series.yml; "" for a figure with one).
    `growth_on_printed_pct` is the change in percent from the value an earlier release printed
    for the previous year on the same definition (NaN where either value is missing or "more
    than", or where the definitions differ: no growth is computed across a break); `yoy_pct` is
    the growth the release printed, on the previous year as customs then counted it.
    """
    releases = _through(releases_in(folder), through)
    lineage = Lineage(releases)
    frames = [_release_rows(r, lineage) for r in releases]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    frame = frame.reindex(columns=HISTORY_COLUMNS)
    frame["growth_on_printed_pct"] = _growth_on_printed(frame)
    if ids is not None:
        frame = frame[frame["id"].isin(_as_list(ids))].reset_index(drop=True)
    return with_unit_columns(frame)


def _as_list(ids) -> list[str]:
    return [ids] if isinstance(ids, str) else list(ids)


def _growth_on_printed(frame: pd.DataFrame) -> list[float]:
    """For each row, the change from the previous year's printed value of the same figure on the
    same definition, in percent; NaN where there is none (see `history`)."""
    level = {}
    for row in frame.itertuples(index=False):
        if _usable(row):
            level.setdefault((row.id, row.period, row.definition), _level(row))
    out = []
    for row in frame.itertuples(index=False):
        before = level.get((row.id, shift_years(str(row.period), -1), row.definition))
        now = _level(row) if _usable(row) else None
        ok = before is not None and now is not None and before[1] == now[1] and before[0] > 0
        out.append((now[0] / before[0] - 1) * 100 if ok else float("nan"))
    return out


def _usable(row) -> bool:
    return not pd.isna(row.value) and not pd.isna(row.high) and not pd.isna(row.unit)


def _level(row) -> tuple[float, str]:
    """(value in trillions, currency) of a history row."""
    return float(row.value) * unit_scale(row.unit), str(row.unit).split()[0]


def _release_rows(release: Release, lineage: Lineage) -> pd.DataFrame:
    figures = release.figures
    lows, highs = [], []
    for fid in figures.index:
        if pd.isna(figures.at[fid, "value"]):
            lows.append(float("nan"))
            highs.append(float("nan"))
        else:
            interval = release.value(fid)
            lows.append(interval.low)
            highs.append(finite(interval.high))
    rows = figures.reset_index()[
        ["id", "section", "label", "period", "value", "unit", "yoy_pct", "share_pct", "share_of"]
    ].copy()
    rows.insert(0, "release", release.id)
    rows.insert(1, "published", release.published)
    rows["low"], rows["high"] = lows, highs
    rows["source"] = figures["source"].fillna(str(release.meta["url"])).to_list()
    rows["definition"] = [lineage.of(fid, release) for fid in figures.index]
    return rows


def revisions(ids=None, folder=None) -> pd.DataFrame:
    """Where a later release implies a different value for a period than an earlier one printed,
    or a value on another definition: `revisions.revisions_of` over every release in `folder`
    (default data/releases). `ids` as in `history`."""
    return revisions_of(releases_in(folder), ids)


@dataclass
class Evidence:
    """A release and the releases published before it in the same folder: what its claims may be
    checked against."""

    release: Release
    earlier: list[Release] = field(default_factory=list)

    @classmethod
    def for_release(cls, release: Release) -> Evidence:
        """The release with every sibling folder's release published before it."""
        siblings = releases_before(release.path.parent, release.published, release.path)
        return cls(release, siblings)

    @functools.cached_property
    def observations(self) -> pd.DataFrame:
        return observations([*self.earlier, self.release])

    @functools.cached_property
    def lineage(self) -> Lineage:
        """Which definition each figure has in each release of the evidence."""
        return Lineage([*self.earlier, self.release])

    def definition(self, fid: str) -> str:
        """The definition of `fid` in the release checked ("" where only one is declared)."""
        return self.lineage.of(fid, self.release)

    @property
    def first_year(self) -> int | None:
        """The earliest year any amount in the evidence covers."""
        years = self.observations["year"]
        return int(years.min()) if len(years) else None
