"""Claims about a month alone against the months before it ("December imports were the highest
for 21 months"), decided on the months the data hold: each month alone as printed, or as two
year-to-date totals imply it (`in_year.Year.month`).

Amounts are in trillions of the measure's currency.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.in_year import MEASURES, Year, ids_of
from tradeanalysis.analysis.outcomes import CONSISTENT, FAIL, PASS, UNVERIFIABLE, compared, t
from tradeanalysis.analysis.printings import Printings
from tradeanalysis.data.period import year_to_date_end


def month_runs(months: list[pd.Period]) -> str:
    """Months as runs, oldest first: "2023-01 to 2023-02, 2024-12"."""
    runs: list[list[pd.Period]] = []
    for month in sorted(months):
        if runs and month - runs[-1][-1] == 1 * month.freq:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(f"{r[0]}" if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs)


def _last_month(release) -> pd.Period | None:
    """The release's last month, where it covers January to a month of one year."""
    period = str(release.meta["covers"]["period"])
    end = year_to_date_end(period)
    return None if end is None else pd.Period(year=int(period[:4]), month=end, freq="M")


def _months(ev, measure: str, months: list[pd.Period]) -> dict:
    """Month -> (amount or None, where from) over the release and the releases before it."""
    releases = [*ev.earlier, ev.release]
    printings = Printings(releases, ids_of(measure))
    years = {m.year: Year(measure, m.year, releases, printings) for m in months}
    return {m: years[m.year].month(m.month) for m in months}


def months_highest(ev, ids, numbers):
    """figures: MEASURE; check: months_highest MONTHS. The release's last month alone of MEASURE
    (an in-year measure such as imports) is the highest of the last MONTHS months: above each of
    the MONTHS - 1 months before it."""
    measure, count, last = ids[0], int(numbers[0]), _last_month(ev.release)
    if measure not in MEASURES or last is None:
        return UNVERIFIABLE, f"{measure} is not printed month by month in the data"
    window = [last - k for k in range(count)]
    values = _months(ev, measure, window)
    missing = [m for m in window if values[m][0] is None]
    unit = f"{Year(measure, last.year, [ev.release]).currency} trillion"
    if values[last][0] is None:
        return UNVERIFIABLE, (
            f"{measure} for {last:%B %Y} alone is not in the data; months missing: "
            f"{month_runs(missing)}"
        )
    now = values[last][0]
    before = [m for m in window[1:] if values[m][0] is not None]
    higher = [m for m in before if values[m][0].low >= now.high]
    unsure = [m for m in before if m not in higher and values[m][0].high > now.low]
    listed = ", ".join(f"{m} {t(values[m][0])} ({values[m][1]})" for m in higher + unsure)
    if higher:
        return FAIL, f"{measure} {last} {t(now)} is not above {listed}"
    top = max(before, key=lambda m: values[m][0].high) if before else None
    result = compared(now, values[top][0], unit) if top is not None else None
    on_record = f"months on record {month_runs(before)}" if before else "no earlier month on record"
    gaps = f"; missing: {month_runs(missing)}" if missing else "; none missing"
    if unsure:
        return UNVERIFIABLE, f"rounding cannot tell {measure} {last} {t(now)} from {listed}{gaps}"
    words = f"{measure} {last} {t(now)} is above every month before it on record; {on_record}"
    status = PASS if not missing else CONSISTENT if before else UNVERIFIABLE
    return (status, words + gaps, result) if result else (status, words + gaps)
