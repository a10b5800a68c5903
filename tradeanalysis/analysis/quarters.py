"""The quarters of a year as customs printed them and as its year-to-date totals imply them.

A quarter alone (`q1_trade`, ...) may be printed by several releases, each counting it afresh
(the first quarter of 2023: 9.89 trillion yuan in April 2023, 9.76 in July, 9.69 in the 2023
review). The year-to-date totals imply each quarter: January-June minus January-March is the
second; the year minus January-September the fourth. Amounts in trillions of the measure's
currency.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.in_year import Year, status_of
from tradeanalysis.analysis.vintages import releases_up_to
from tradeanalysis.data.interval import finite
from tradeanalysis.data.units import with_unit_columns

QUARTER_COLUMNS = [
    "quarter",
    "printed_release",
    "printed_low",
    "printed_high",
    "printings",
    "implied_from",
    "implied_low",
    "implied_high",
    "status",
    "unit",
]


def _implied(year: Year, quarter: int):
    """(interval, words) of the quarter implied by the year-to-date totals; (None, "") where
    either is missing."""
    last, before = year.ytd(3 * quarter), year.ytd(3 * quarter - 3) if quarter > 1 else None
    if last is None or (quarter > 1 and before is None):
        return None, ""
    if before is None:
        return last.value, last.release
    return last.value - before.value, f"{last.release} minus {before.release}"


def _quarter_row(year: Year, quarter: int) -> dict:
    printed = year.quarter(quarter)
    latest = printed[-1] if printed else None
    implied, words = _implied(year, quarter)
    nan = float("nan")
    return {
        "quarter": f"{year.year}-Q{quarter}",
        "printed_release": latest.release if latest else "",
        "printed_low": latest.value.low if latest else nan,
        "printed_high": finite(latest.value.high) if latest else nan,
        "printings": "; ".join(f"{p.text} ({p.release})" for p in printed),
        "implied_from": words,
        "implied_low": implied.low if implied else nan,
        "implied_high": finite(implied.high) if implied else nan,
        "status": status_of(latest.value if latest else None, implied),
        "unit": f"{year.currency} trillion",
    }


def quarters(measure="total_trade", year=2024, through=None, folder=None) -> pd.DataFrame:
    """One row per quarter of `year` that a release up to `through` covers or prints.

    Columns: `quarter` ("2024-Q4"); `printed_*` the latest release printing the quarter alone and
    its range; `printings` every printing, oldest first ("9.89 CNY trillion (2023-03); ...");
    `implied_from` and `implied_*` the quarter from the year-to-date totals (the fourth: the year
    minus January-September); `status` as in `in_year.status_of` (the latest printing against the
    implied quarter); `unit`, `currency`, `scale`."""
    found = Year(measure, year, releases_up_to(through, folder))
    covered = found.covered()
    last = max(covered) // 3 if covered else 0
    printed = [q for q in range(1, 5) if found.quarter(q)]
    numbers = sorted(set(range(1, last + 1)) | set(printed))
    rows = [_quarter_row(found, q) for q in numbers]
    return with_unit_columns(pd.DataFrame(rows, columns=QUARTER_COLUMNS))
