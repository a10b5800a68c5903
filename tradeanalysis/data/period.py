"""Periods as written in figures.csv: "2024", "2024-Q4", "2024-12" or a range "2024-01/2024-11"."""

from __future__ import annotations

import functools
import re

import pandas as pd

PERIOD_FORMATS = ("YYYY", "YYYY-Qn", "YYYY-MM", "YYYY-MM/YYYY-MM")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@functools.lru_cache(maxsize=4096)  # the same few hundred periods are parsed thousands of times
def parse_period(text: str) -> tuple[pd.Period, pd.Period]:
    """First and last month covered by `text`, as monthly Periods; ValueError if malformed."""
    text = text.strip()
    if "/" in text:
        first, last = (part.strip() for part in text.split("/", 1))
        if not (_MONTH.match(first) and _MONTH.match(last)):
            raise ValueError(f"range {text!r} must be two months, YYYY-MM/YYYY-MM")
        start, end = pd.Period(first, "M"), pd.Period(last, "M")
        if end < start:
            raise ValueError(f"range {text!r} ends before it starts")
        return start, end
    if m := _YEAR.match(text):
        year = int(m.group(1))
        return pd.Period(year=year, month=1, freq="M"), pd.Period(year=year, month=12, freq="M")
    if m := _QUARTER.match(text):
        quarter = pd.Period(f"{m.group(1)}Q{m.group(2)}", "Q")
        return quarter.asfreq("M", "start"), quarter.asfreq("M", "end")
    if _MONTH.match(text):
        month = pd.Period(text, "M")
        return month, month
    raise ValueError(f"period {text!r} is not one of {', '.join(PERIOD_FORMATS)}")


def describe_period(text: str) -> str:
    """Words for a period: "2024", "Q4 2024", "December 2024", "January-November 2024"."""
    start, end = parse_period(text)
    if start == end:
        return start.strftime("%B %Y")
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if start.year == end.year and (end.month - start.month) == 2 and start.month % 3 == 1:
        return f"Q{end.quarter} {end.year}"
    if start.year == end.year:
        return f"{start.strftime('%B')}\u2013{end.strftime('%B')} {end.year}"
    return f"{start.strftime('%B %Y')}\u2013{end.strftime('%B %Y')}"


def within(inner: str, outer: str) -> bool:
    """Whether period `inner` lies inside period `outer`."""
    a, b = parse_period(inner)
    c, d = parse_period(outer)
    return c <= a and b <= d


def shift_years(text: str, years: int) -> str:
    """The same period `years` later (negative: earlier), written the same way: ("2024", -1) ->
    "2023", ("2024-Q4", -1) -> "2023-Q4", ("2024-01/2024-11", -1) -> "2023-01/2023-11"."""
    return re.sub(r"\d{4}", lambda m: f"{int(m.group(0)) + years:04d}", text.strip())


def first_year(text: str) -> int:
    """The calendar year a period starts in."""
    return parse_period(text)[0].year


def is_full_year(text: str) -> bool:
    """Whether a period is a whole calendar year ("2024", or "2024-01/2024-12"): the one rule of
    what counts as a year. A year to date ("2024-01/2024-11"), a quarter or a month does not."""
    start, end = parse_period(text)
    return start.year == end.year and start.month == 1 and end.month == 12


def year_to_date_end(text: str) -> int | None:
    """The last month (1-12) of a period that runs from January within one year ("2024" -> 12,
    "2024-01/2024-11" -> 11, "2024-01" -> 1); None for any other period."""
    start, end = parse_period(text)
    return end.month if start.month == 1 and start.year == end.year else None


def year_to_date(year: int, month: int) -> str:
    """The period of January to `month` of `year` as figures.csv writes it: "2024" for December
    (the year), "2024-01/2024-11" otherwise (January alone: "2024-01")."""
    if month == 12:
        return f"{year:04d}"
    if month == 1:
        return f"{year:04d}-01"
    return f"{year:04d}-01/{year:04d}-{month:02d}"


YEAR, QUARTER, MONTH, YEAR_TO_DATE, SPAN = "year", "quarter", "month", "year to date", "span"


def period_kind(text: str) -> str:
    """What a period is: "year" (`is_full_year`), "quarter", "month" (a month alone), "year to
    date" (January to a month before December) or "span" (anything else)."""
    start, end = parse_period(text)
    if is_full_year(text):
        return YEAR
    if start == end:
        return MONTH
    if start.year == end.year and start.month % 3 == 1 and end.month == start.month + 2:
        if start.month > 1 or "Q" in text:
            return QUARTER
    if year_to_date_end(text) is not None:
        return YEAR_TO_DATE
    return SPAN


def alike(a: str, b: str) -> bool:
    """Whether two periods measure the same stretch of time and can be compared as such: two
    years, two quarters, two months alone, or two years to date through the same month."""
    kind = period_kind(a)
    if kind != period_kind(b):
        return False
    (a_start, a_end), (b_start, b_end) = parse_period(a), parse_period(b)
    if kind == YEAR_TO_DATE:
        return a_end.month == b_end.month
    return kind != SPAN or (a_start.month, a_end.month) == (b_start.month, b_end.month)
