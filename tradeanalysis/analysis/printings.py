"""Every amount a list of releases printed, by figure id and period, in publication order.

The in-year arithmetic asks "what did each release print for January to July?" many times; this
index answers from one pass over the releases. Amounts are intervals in trillions of the figure's
own currency (`derive.amount`: the printed digits, or a share of a printed whole).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeanalysis.analysis.derive import amount
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.release import Release


@dataclass(frozen=True)
class Printing:
    """One release's printing of one figure: the release id and date, the amount (trillions of
    `currency`), the growth printed beside it (percent; NaN where none) and the value as printed
    (`text`, e.g. "9.89 CNY trillion")."""

    release: str
    published: str
    value: Interval
    yoy_pct: float
    currency: str
    text: str


class Printings:
    """(figure id, period) -> every release's printing of it, oldest publication first."""

    def __init__(self, releases: list[Release], ids=None):
        """`ids`: the figure ids to index (default every one)."""
        self.by_key: dict[tuple[str, str], list[Printing]] = {}
        for release in sorted(releases, key=lambda r: (r.published, r.id)):
            index = release.figures.index
            for fid in index if ids is None else [i for i in index if i in ids]:
                row = release.figure(fid)
                found = _printing(release, fid, row)
                if found is not None:
                    self.by_key.setdefault((fid, str(row["period"])), []).append(found)

    def every(self, fid: str, period: str) -> list[Printing]:
        """Every printing of `fid` for `period`, oldest first (empty where none)."""
        return self.by_key.get((fid, period), [])

    def first(self, fid: str, period: str) -> Printing | None:
        """The earliest printing: the release covering the period is the first to print it."""
        found = self.every(fid, period)
        return found[0] if found else None

    def latest(self, fid: str, period: str) -> Printing | None:
        found = self.every(fid, period)
        return found[-1] if found else None


def _printing(release: Release, fid: str, row: pd.Series) -> Printing | None:
    try:
        value = amount(release, fid)
    except KeyError:
        return None
    unit = row["unit"] if pd.notna(row["unit"]) else ""
    text = f"{row['value']:.{int(row['value_decimals'])}f} {unit}" if pd.notna(row["value"]) else ""
    currency = row["currency"] if pd.notna(row["currency"]) else release.currency
    return Printing(release.id, release.published, value, row["yoy_pct"], currency, text.strip())
