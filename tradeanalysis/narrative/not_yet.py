"""What a year-to-date release cannot have yet, in words: the months and quarters after the last
month it covers (January to November has no December and no fourth quarter)."""

from __future__ import annotations

from tradeanalysis.data.figure_ids import month_of, quarter_of
from tradeanalysis.data.period import describe_period, parse_period
from tradeanalysis.data.release import Release
from tradeanalysis.data.release_ids import YEAR_TO_DATE
from tradeanalysis.narrative.text import escape_markdown

_QUARTERS = ("first", "second", "third", "fourth")


def after_its_months(release: Release, ids) -> list[str]:
    """The ids of a month or quarter alone that end after the last month a year-to-date release
    covers (none for any other kind of release)."""
    if release.kind != YEAR_TO_DATE:
        return []
    last = parse_period(str(release.meta["covers"]["period"]))[1].month
    return [fid for fid in ids if (month_of(fid) or 0) > last or 3 * (quarter_of(fid) or 0) > last]


def not_yet_text(release: Release, ids) -> str:
    """ "A year-to-date release of January–November 2024 has no December or fourth quarter
    yet", for the ids of `ids` it cannot have; "" when there are none."""
    later = after_its_months(release, ids)
    if not later:
        return ""
    names = dict.fromkeys(_name(fid) for fid in later)  # in order, once each
    covered = escape_markdown(describe_period(str(release.meta["covers"]["period"])))
    listed = " or ".join(names)
    return f"A year-to-date release of {covered} has no {listed} yet."


def _name(fid: str) -> str:
    """ "December" for a month alone, "fourth quarter" for a quarter alone."""
    if month := month_of(fid):
        return parse_period(f"2000-{month:02d}")[0].strftime("%B")
    return f"{_QUARTERS[quarter_of(fid) - 1]} quarter"
