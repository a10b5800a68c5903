"""Amounts inside a year that the year-to-date releases imply, for `observations`.

- A release's year to date minus its month alone implies the previous year to date as customs now
  counts it (January-November 2024 minus November alone: January-October, as of December 2024).
- Two year-to-date totals, each as first printed, imply the quarter between them (January-June
  minus January-March: the second quarter; the year minus January-September: the fourth). The
  quarter is dated by the later release. January-March needs no arithmetic: it is the first
  quarter as printed (`printed` is true), unless the same release prints the quarter itself.

Only exact figures are subtracted ("over 4 trillion" leaves no upper end). Amounts are intervals
in trillions of the figure's currency.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradeanalysis.analysis.derive import amount, currency_of
from tradeanalysis.analysis.printings import Printings
from tradeanalysis.data.figure_ids import IN_YEAR_MEASURES, month_id, quarter_id
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.period import parse_period, year_to_date, year_to_date_end
from tradeanalysis.data.release import Release

MINUS_MONTH = "year to date minus its month"
FROM_TOTALS = "year-to-date totals"
FIRST_QUARTER = "January-March total"


@dataclass(frozen=True)
class Implied:
    """An amount `release` implies for `fid` in `period` (trillions of `currency`), and how
    (`MINUS_MONTH`, ...)."""

    release: Release
    fid: str
    period: str
    value: Interval
    how: str
    currency: str
    printed: bool = False


def _exact(release: Release, fid: str) -> bool:
    return release.has(fid) and release.figure(fid)["bound"] == "exact"


def earlier_year_to_date(release: Release) -> list[Implied]:
    """For each figure of `release` covering January to month M (M >= 3) whose month M alone the
    release also prints: January to M-1 as this release counts it."""
    found = []
    for fid, row in release.figure_rows():
        period = str(row["period"])
        end = year_to_date_end(period)
        if end is None or end < 3 or not _exact(release, fid):
            continue
        year = parse_period(period)[0].year
        alone = month_id(fid, end)
        if not _exact(release, alone) or release.figure(alone)["period"] != f"{year}-{end:02d}":
            continue
        try:
            before = amount(release, fid) - amount(release, alone)
        except KeyError:
            continue
        period = year_to_date(year, end - 1)
        found.append(Implied(release, fid, period, before, MINUS_MONTH, currency_of(release, fid)))
    return found


def quarters_from_totals(releases: list[Release], printings: Printings) -> list[Implied]:
    """Each quarter of an in-year measure implied by two year-to-date totals as first printed
    (the first quarter: January-March itself), dated by the release of the later total."""
    by_id = {r.id: r for r in releases}
    years = sorted({parse_period(str(p))[0].year for (_, p) in printings.by_key})
    found = [
        _quarter(printings, by_id, fid, year, quarter)
        for fid in IN_YEAR_MEASURES
        for year in years
        for quarter in range(1, 5)
    ]
    return [q for q in found if q is not None]


def _quarter(printings: Printings, by_id: dict, fid: str, year: int, quarter: int):
    """Quarter `quarter` of `year` of `fid` from the year-to-date totals; None where one is
    missing or not exact."""
    last = printings.first(fid, year_to_date(year, 3 * quarter))
    if last is None or not _exact(by_id[last.release], fid):
        return None
    release, qid, period = by_id[last.release], quarter_id(fid, quarter), f"{year}-Q{quarter}"
    if quarter == 1:
        if release.has(qid):  # the release prints the quarter itself
            return None
        return Implied(release, qid, period, last.value, FIRST_QUARTER, last.currency, True)
    before = printings.first(fid, year_to_date(year, 3 * quarter - 3))
    if before is None or not _exact(by_id[before.release], fid):
        return None
    return Implied(release, qid, period, last.value - before.value, FROM_TOTALS, last.currency)
