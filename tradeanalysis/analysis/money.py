"""Money: amounts in a currency and scale, and the one conversion between yuan and dollars.

Conversion uses only a rate the analyst gives (`cny_per_usd`, yuan per US dollar); nothing here
knows a rate of its own.
"""

from __future__ import annotations

from tradeanalysis.data.units import Unit


def convert(value: float, unit: str, currency: str, scale: str, cny_per_usd=None) -> float:
    """`value` in `unit` (e.g. "CNY trillion") expressed in `currency` and `scale`;
    ValueError when the currencies differ and no rate was given."""
    source = Unit.parse(unit)
    value = value * source.trillions / Unit(currency, scale).trillions
    if source.currency == currency:
        return value
    if not cny_per_usd:
        raise ValueError(f"converting {source.currency} to {currency} needs cny_per_usd")
    return value / cny_per_usd if source.currency == "CNY" else value * cny_per_usd
