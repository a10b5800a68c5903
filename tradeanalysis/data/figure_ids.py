"""What a figure id says about the months it covers (codebook: "Figure ids across annual and
year-to-date releases").

`total_trade`, `exports`, ... cover the release's own period (a year, or the year to date);
`nov_trade`, `nov_exports_usd` a month alone; `q4_trade` a quarter alone. The measure is the id
without its month or quarter prefix (`total_trade` for `nov_trade`, since a month's total is
written `<mon>_trade`).
"""

from __future__ import annotations

import re

from tradeanalysis.data.period import parse_period

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_ID = re.compile(rf"^({'|'.join(MONTHS)})_(.+)$")
_QUARTER_ID = re.compile(r"^q([1-4])_(.+)$")


def month_of(fid: str) -> int | None:
    """The calendar month (1-12) a month-alone id names ("nov_trade" -> 11); None otherwise."""
    m = _MONTH_ID.match(fid)
    return MONTHS.index(m.group(1)) + 1 if m else None


def quarter_of(fid: str) -> int | None:
    """The quarter (1-4) a quarter-alone id names ("q4_trade" -> 4); None otherwise."""
    m = _QUARTER_ID.match(fid)
    return int(m.group(1)) if m else None


def measure_of(fid: str) -> str:
    """The measure an id counts, without its month or quarter prefix: "nov_trade" and "q4_trade"
    -> "total_trade", "nov_exports_usd" -> "exports_usd", "exports" -> "exports"."""
    m = _MONTH_ID.match(fid) or _QUARTER_ID.match(fid)
    if not m:
        return fid
    rest = m.group(2)
    is_total = rest == "trade" or (rest.startswith("trade_") and not rest.startswith("trade_s"))
    return "total_" + rest if is_total else rest


def month_id(measure: str, month: int) -> str:
    """The id of `measure` in month `month` alone: ("total_trade", 11) -> "nov_trade"."""
    return f"{MONTHS[month - 1]}_{_short(measure)}"


def quarter_id(measure: str, quarter: int) -> str:
    """The id of `measure` in quarter `quarter` alone: ("total_trade", 4) -> "q4_trade"."""
    return f"q{quarter}_{_short(measure)}"


def _short(measure: str) -> str:
    return measure[len("total_") :] if measure.startswith("total_trade") else measure


def period_problem(fid: str, period: str) -> str | None:
    """Why `period` cannot be the period of `fid` (a month-alone id needs that month, a
    quarter-alone id that quarter); None where it can."""
    start, end = parse_period(period)
    if (month := month_of(fid)) is not None and (start != end or start.month != month):
        return f"id {fid!r} is a month alone ({MONTHS[month - 1]}) but its period is {period!r}"
    quarter = quarter_of(fid)
    if quarter is not None and (start.month, end.month, start.year) != (
        3 * quarter - 2,
        3 * quarter,
        end.year,
    ):
        return f"id {fid!r} is quarter {quarter} alone but its period is {period!r}"
    return None


# The measures customs prints for the year to date, for each month alone and for each quarter
# alone (ids above), in the release currency and in customs' own dollars.
IN_YEAR_MEASURES = tuple(
    m + twin
    for twin in ("", "_usd")
    for m in ("total_trade", "exports", "imports", "trade_surplus")
)
