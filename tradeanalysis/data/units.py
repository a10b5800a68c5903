"""Units of an amount: its currency, its scale, and the ids of customs' figures in another currency.

A unit string is "<currency> <scale>" ("CNY trillion", "USD billion") or "percent". This module is
the one place that reads one; everything else asks it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

CURRENCIES = ("CNY", "USD")
# Trillions per one of each scale: amounts are compared in trillions of their own currency.
# Customs' own tables print in hundred millions of yuan and thousands of dollars; news copy in
# trillions and billions. A value keeps the unit it was printed in.
SCALES = {
    "trillion": 1.0,
    "billion": 1e-3,
    "hundred million": 1e-4,
    "million": 1e-6,
    "thousand": 1e-9,
}
# The scales a reader may ask amounts to be shown in (notebook and build parameter `scale`).
DISPLAY_SCALES = ("trillion", "billion")
UNITS = tuple(f"{c} {s}" for c in CURRENCIES for s in SCALES)
PERCENT = "percent"


@dataclass(frozen=True)
class Unit:
    """An amount's unit: `currency` (CNY or USD) and `scale` (trillion or billion)."""

    currency: str
    scale: str

    @classmethod
    def parse(cls, text: str) -> Unit:
        """ "USD billion" -> Unit("USD", "billion"); ValueError for anything not in UNITS."""
        if text not in UNITS:
            raise ValueError(f"unknown unit {text!r}: use one of {', '.join(UNITS)}")
        currency, scale = text.split(" ", 1)  # "CNY hundred million" -> "hundred million"
        return cls(currency, scale)

    @property
    def trillions(self) -> float:
        """Trillions per one of this unit: 0.001 for billions."""
        return SCALES[self.scale]

    def __str__(self) -> str:
        return f"{self.currency} {self.scale}"


def unit_currency(text: str) -> str:
    """ "USD billion" -> "USD"."""
    return Unit.parse(text).currency


def unit_scale(text: str) -> float:
    """Trillions per one of `text`: "CNY billion" -> 0.001."""
    return Unit.parse(text).trillions


def currency_suffix(currency: str) -> str:
    """The id ending of a figure printed in a currency other than the release's: "_usd"."""
    return "_" + currency.lower()


def twin_id(figure_id: str, currency: str) -> str:
    """The id of customs' own figure for `figure_id` in `currency`: "exports" -> "exports_usd"."""
    return figure_id + currency_suffix(currency)


def with_unit_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (with a `unit` column) plus `currency` and `scale` columns read from it (NaN on
    percent rows)."""
    parts = [
        unit.split(" ", 1) if isinstance(unit, str) and unit != PERCENT else []
        for unit in frame["unit"].tolist()
    ]
    return frame.assign(
        currency=pd.array([p[0] if p else None for p in parts], dtype="str"),
        scale=pd.array([p[1] if len(p) > 1 else None for p in parts], dtype="str"),
    )
