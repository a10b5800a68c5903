"""Periods as written in figures.csv: "2024", "2024-Q4", "2024-12" or a range "2024-01/2024-11"."""

from __future__ import annotations

import re

import pandas as pd

PERIOD_FORMATS = ("YYYY", "YYYY-Qn", "YYYY-MM", "YYYY-MM/YYYY-MM")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


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
