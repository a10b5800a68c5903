"""The year as customs reported it month by month: year-to-date totals, months alone, and the
months the year-to-date totals imply.

Customs prints, around the 7th to 14th of every month, the year to date (January to the month
before) and the month alone; January and February come as one release. The annual release is the
year to date of December. Two consecutive year-to-date totals, each as printed in its own release,
imply the month between them; where that cannot overlap the month as printed, customs counted an
earlier month again (status `revised`).

Amounts are in trillions of the measure's currency (the `unit` column says which): yuan for
`total_trade`, `exports`, `imports`, `trade_surplus`, customs' own dollars for their `_usd` twins
(never converted). Ranges come from the printed digits (`Release.value`); an "over 4" figure has
no upper end (NaN in the `_high` column).
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.printings import Printing, Printings
from tradeanalysis.analysis.vintages import releases_up_to
from tradeanalysis.data.figure_ids import IN_YEAR_MEASURES, month_id, quarter_id
from tradeanalysis.data.interval import Interval, finite
from tradeanalysis.data.period import year_to_date, year_to_date_end
from tradeanalysis.data.units import with_unit_columns

MEASURES = IN_YEAR_MEASURES
CONSISTENT, REVISED, IMPLIED, PRINTED, MISSING = (
    "consistent",
    "revised",
    "implied",
    "printed",
    "missing",
)
IN_YEAR_COLUMNS = [
    "month",
    "months",
    "ytd_release",
    "ytd_low",
    "ytd_high",
    "ytd_yoy_pct",
    "month_release",
    "month_low",
    "month_high",
    "month_yoy_pct",
    "implied_low",
    "implied_high",
    "status",
    "unit",
]


def status_of(printed: Interval | None, implied: Interval | None) -> str:
    """`consistent` where the printed and implied amounts overlap, `revised` where they cannot,
    `implied` or `printed` where only one exists, `missing` where neither does."""
    if printed is not None and implied is not None:
        return CONSISTENT if printed.overlaps(implied) else REVISED
    if implied is not None:
        return IMPLIED
    return PRINTED if printed is not None else MISSING


def ids_of(measure: str) -> set[str]:
    """The ids an in-year measure is printed under: the year to date, each month, each quarter."""
    months = {month_id(measure, m) for m in range(1, 13)}
    return {measure} | months | {quarter_id(measure, q) for q in range(1, 5)}


def check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")


class Year:
    """What the releases (up to one) printed for one measure in one year."""

    def __init__(self, measure: str, year: int, releases, printings: Printings | None = None):
        check_measure(measure)
        self.measure, self.year = measure, int(year)
        self.releases = releases
        self.printings = printings or Printings(releases, ids_of(measure))
        self.currency = _currency(measure, self.releases)

    def month(self, month: int) -> tuple[Interval | None, str]:
        """Month `month` alone, (amount, where from): as printed, else as two year-to-date totals
        imply it; (None, "") where neither is in the data."""
        alone = self.alone(month)
        if alone is not None:
            return alone.value, f"printed in {alone.release}"
        implied = self.implied(month, month) if month > 1 else None
        if implied is None:
            return None, ""
        now, before = self.ytd(month), self.ytd(month - 1)
        return implied, f"{now.release} minus {before.release}"

    def ytd(self, month: int) -> Printing | None:
        """January to `month` as printed by the release covering it (the annual for December)."""
        return self.printings.first(self.measure, year_to_date(self.year, month))

    def alone(self, month: int) -> Printing | None:
        """Month `month` alone as first printed."""
        return self.printings.first(month_id(self.measure, month), f"{self.year}-{month:02d}")

    def quarter(self, quarter: int) -> list[Printing]:
        """Every printing of quarter `quarter` alone, oldest first."""
        return self.printings.every(quarter_id(self.measure, quarter), f"{self.year}-Q{quarter}")

    def covered(self) -> list[int]:
        """The months of the year any release covers (its covers.period runs from January of
        this year) or prints a month of alone."""
        ends = [0]
        for release in self.releases:
            period = str(release.meta["covers"]["period"])
            if period.startswith(str(self.year)) and (end := year_to_date_end(period)):
                ends.append(end)
        ends += [m for m in range(1, 13) if self.alone(m) is not None]
        return list(range(1, max(ends) + 1))

    def spans(self) -> list[tuple[int, int]]:
        """(first, last) month of each row: one per month covered, except that January and
        February make one row where no release prints January (customs' combined release)."""
        months = self.covered()
        january = self.ytd(1) is not None or self.alone(1) is not None
        if months[:2] == [1, 2] and not january:
            return [(1, 2)] + [(m, m) for m in months[2:]]
        return [(m, m) for m in months]

    def implied(self, first: int, last: int) -> Interval | None:
        """Months `first` to `last` implied by two year-to-date totals (the first row of the year:
        the year to date itself); None where either total is missing."""
        now = self.ytd(last)
        if now is None:
            return None
        if first == 1:
            return now.value
        before = self.ytd(first - 1)
        return None if before is None else now.value - before.value


def _currency(measure: str, releases) -> str:
    if measure.endswith("_usd"):
        return "USD"
    currencies = {r.currency for r in releases}
    return currencies.pop() if len(currencies) == 1 else "CNY"


def _ends(prefix: str, found: Printing | None) -> dict:
    if found is None:
        nan = float("nan")
        return {f"{prefix}_release": "", f"{prefix}_low": nan, f"{prefix}_high": nan}
    return {
        f"{prefix}_release": found.release,
        f"{prefix}_low": found.value.low,
        f"{prefix}_high": finite(found.value.high),
    }


def _month_row(year: Year, first: int, last: int) -> dict:
    ytd = year.ytd(last)
    alone = year.alone(last) if first == last else None
    implied = year.implied(first, last)
    nan = float("nan")
    month = f"{year.year}-{last:02d}"
    return {
        "month": month,
        "months": month if first == last else f"{year.year}-{first:02d}/{month}",
        **_ends("ytd", ytd),
        "ytd_yoy_pct": ytd.yoy_pct if ytd else nan,
        **_ends("month", alone),
        "month_yoy_pct": alone.yoy_pct if alone else nan,
        "implied_low": implied.low if implied else nan,
        "implied_high": finite(implied.high) if implied else nan,
        "status": status_of(alone.value if alone else None, implied),
        "unit": f"{year.currency} trillion",
    }


def in_year(measure="total_trade", year=2024, through=None, folder=None) -> pd.DataFrame:
    """One row per month of `year` that a release up to `through` (a release id; default every
    release in `folder`, default data/releases) covers.

    Columns: `month` ("2024-07") and `months` (what the row spans: "2024-01/2024-02" for the
    combined January-February, else the month); `ytd_*` the year to date through the month as
    printed by the release covering it (December: the annual release's year); `month_*` the month
    alone as first printed; `implied_low`/`implied_high` the month implied by this year to date
    minus the previous one, each as printed in its own release; `status` (consistent, revised,
    implied, printed, missing: see `status_of`); `unit`, `currency`, `scale`. Amounts in
    trillions of the measure's currency, growth in percent; NaN where nothing was printed.
    """
    found = Year(measure, year, releases_up_to(through, folder))
    rows = [_month_row(found, first, last) for first, last in found.spans()]
    return with_unit_columns(pd.DataFrame(rows, columns=IN_YEAR_COLUMNS))
