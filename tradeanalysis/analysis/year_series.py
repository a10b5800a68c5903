"""The years up to a release: the releases before it, one value per year for a figure or a share,
the trade balance of each release's own year, and the restatements between them.

Amounts are in trillions of the figure's own currency (the release currency for the balance);
shares in percent. Each year's value is the one printed for it, or where no release printed it, the
one the next release implies (`vintages.yearly`).
"""

from __future__ import annotations

import functools

import pandas as pd

from tradeanalysis.analysis.derive import MixedCurrencyError, trade_balance
from tradeanalysis.analysis.vintages import releases_in, revisions_of, yearly
from tradeanalysis.data.period import first_year, is_full_year
from tradeanalysis.data.release import Release

BALANCE_COLUMNS = ["year", "low", "mid", "high", "kind"]


def prints_a_year(release: Release) -> bool:
    """Whether any figure of the release covers a whole year (`period.is_full_year`)."""
    return any(is_full_year(str(p)) for p in release.figures["period"].dropna().unique())


class YearSeries:
    """The history a release can be set against: releases in its folder published up to it."""

    def __init__(self, release: Release):
        self.release = release

    @functools.cached_property
    def releases_so_far(self) -> list[Release]:
        """The releases in the same folder published up to this one, oldest first."""
        here = self.release
        earlier = [
            r
            for r in releases_in(here.path.parent)
            if r.path != here.path and r.published <= here.published
        ]
        return sorted([*earlier, here], key=lambda r: (r.published, r.id))

    @functools.cached_property
    def year_releases(self) -> list[Release]:
        """`releases_so_far` that print a year (`prints_a_year`), and this one: what a series of
        years draws on, to count and to cite (a year-to-date release adds no year; the
        definitions still follow every release, so the lineage uses `releases_so_far`)."""
        here = self.release
        return [r for r in self.releases_so_far if r.path == here.path or prints_a_year(r)]

    @functools.cached_property
    def every_release(self) -> list[Release]:
        """Every release in the folder, later ones included (for what later releases restated);
        the Release objects of `releases_so_far` where it has them, so that for the latest
        release both lists hold the same objects and their observations are computed once."""
        mine = {r.path: r for r in self.releases_so_far}
        return [mine.get(r.path, r) for r in releases_in(self.release.path.parent)]

    def has_history(self) -> bool:
        """Whether a release before this one is in the data."""
        return len(self.releases_so_far) > 1

    def years_of(self, *ids, every_definition: bool = False) -> pd.DataFrame:
        """One row per year for a figure (one id) or a share (part, whole): `vintages.yearly`
        (`every_definition`: one per year and definition, for a chart that draws the breaks)."""
        return yearly(self.releases_so_far, ids, every_definition)

    def label(self, fid: str) -> str:
        """The figure's label in the latest release up to this one that has it for a year (else
        for any period; else the id): a year-to-date release labels its months, not the year."""
        having = [r for r in reversed(self.releases_so_far) if r.has(fid)]
        for release in sorted(having, key=lambda r: not is_full_year(r.figure(fid)["period"])):
            return release.figure(fid)["label"]
        return fid

    def unit(self, fid: str) -> str:
        """The unit `years_of(fid)` is in: trillions of the figure's currency."""
        return ("USD" if fid.endswith("_usd") else self.release.currency) + " trillion"

    def balances(self) -> pd.DataFrame:
        """Exports minus imports for each release's own year, in trillions of the release
        currency: columns year, low, mid, high, kind."""
        rows = []
        for release in self.releases_so_far:
            if not (release.has("exports") and release.has("imports")):
                continue
            period = release.figure("exports")["period"]
            if not is_full_year(period):
                continue
            try:
                balance = trade_balance(release)
            except (KeyError, MixedCurrencyError):
                continue
            rows.append(
                {
                    "year": first_year(period),
                    "low": balance.low,
                    "mid": balance.mid,
                    "high": balance.high,
                    "kind": "printed",
                }
            )
        return pd.DataFrame(rows, columns=BALANCE_COLUMNS)

    def revisions(self, ids=None, later: bool = False) -> pd.DataFrame:
        """`vintages.revisions_of` over the releases up to this one (`later`: every release), for
        years only (`period.is_full_year`): the months inside a year are `in_year`'s."""
        table = revisions_of(self.every_release if later else self.releases_so_far, ids)
        years = table["period"].map(is_full_year).astype(bool)
        return table[years].reset_index(drop=True)
