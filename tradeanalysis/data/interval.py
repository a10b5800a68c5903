"""Closed intervals for numbers that a release printed after rounding.

A printed "25.45" stands for any true value in [25.445, 25.455]; "5" (percent) for [4.5, 5.5];
"over 4" for (4, inf). Arithmetic on intervals gives every value the inputs allow, so a derived
figure says how far the rounding lets it be trusted. Units are whatever the inputs carry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

BOUNDS = ("exact", "lower")


@dataclass(frozen=True)
class Interval:
    """All values from `low` to `high` inclusive; `high` may be infinite for a lower bound."""

    low: float
    high: float

    def __post_init__(self):
        if math.isnan(self.low) or math.isnan(self.high) or self.low > self.high:
            raise ValueError(f"not an interval: [{self.low}, {self.high}]")

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(float(value), float(value))

    @property
    def mid(self) -> float:
        """The middle, or the low end for an interval without an upper end."""
        return self.low if math.isinf(self.high) else (self.low + self.high) / 2

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high

    def __add__(self, other):
        o = _as_interval(other)
        return Interval(self.low + o.low, self.high + o.high)

    __radd__ = __add__

    def __sub__(self, other):
        o = _as_interval(other)
        return Interval(self.low - o.high, self.high - o.low)

    def __rsub__(self, other):
        return _as_interval(other) - self

    def __mul__(self, other):
        o = _as_interval(other)
        products = [_times(a, b) for a in (self.low, self.high) for b in (o.low, o.high)]
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = _as_interval(other)
        if o.low <= 0 <= o.high:
            raise ZeroDivisionError(f"divisor interval [{o.low}, {o.high}] contains zero")
        return self * Interval(1 / o.high, 1 / o.low)

    def __rtruediv__(self, other):
        return _as_interval(other) / self

    def __float__(self) -> float:
        """The middle (see `mid`), so float(interval) is the best single number."""
        return self.mid

    def __repr__(self):
        # Rounded to 12 significant digits: 25.444999999999997 shows as 25.445.
        return f"Interval({self.low:.12g}, {self.high:.12g})"

    def __str__(self):
        if math.isinf(self.high):
            return f"[{self.low:g}, \u221e)"
        return f"[{self.low:g}, {self.high:g}]"


def _times(a: float, b: float) -> float:
    # 0 x inf comes from a lower bound times zero; the product of the two ends is zero.
    if a == 0 or b == 0:
        return 0.0
    return a * b


def _as_interval(x) -> Interval:
    return x if isinstance(x, Interval) else Interval.point(x)


def decimals_of(text: str) -> int:
    """Number of digits printed after the decimal point in `text` ("25.45" -> 2, "5" -> 0)."""
    exponent = Decimal(text.strip()).as_tuple().exponent
    return max(0, -int(exponent))


def published(value: float, decimals: int, bound: str = "exact") -> Interval:
    """The interval a printed number stands for.

    `value` as printed, `decimals` digits after the point, `bound` "exact" (rounded to that digit)
    or "lower" (the release said "over" the value). The ends are widened by one float step so that
    every real number that rounds to the printed figure is inside.
    """
    if bound not in BOUNDS:
        raise ValueError(f"bound must be one of {BOUNDS}, not {bound!r}")
    if bound == "lower":
        return Interval(float(value), math.inf)
    half = Decimal(5) * Decimal(10) ** (-(int(decimals) + 1))
    exact = Decimal(repr(float(value)))
    low = math.nextafter(float(exact - half), -math.inf)
    high = math.nextafter(float(exact + half), math.inf)
    return Interval(low, high)


def finite(x: float) -> float:
    """`x`, or NaN for an unbounded end ("more than 4" has no upper bound): how frames show it."""
    return x if not math.isinf(x) else float("nan")
