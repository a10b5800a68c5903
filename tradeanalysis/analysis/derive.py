"""Numbers a careful analyst derives from a release, each with the interval its rounding allows.

Amounts are in trillions of the figure's own currency (CNY for most figures, USD for the customs'
dollar figures, whose ids end in `_usd`); growth and shares in percent. No function here mixes
currencies: combining a yuan and a dollar amount raises `MixedCurrencyError`.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.data.interval import Interval
from tradeanalysis.data.release import Release
from tradeanalysis.data.units import unit_scale


class MixedCurrencyError(ValueError):
    """Arithmetic asked for between a yuan and a dollar amount."""


def currency_of(release: Release, figure_id: str) -> str:
    """The currency of a figure's amount: its unit's, or for a share-only figure its whole's."""
    row = release.figure(figure_id)
    if pd.notna(row["currency"]):
        return row["currency"]
    if pd.notna(row["share_of"]):
        return currency_of(release, row["share_of"])
    return release.currency


def same_currency(release: Release, *figure_ids: str) -> str:
    """The one currency of these figures; MixedCurrencyError if they are in different ones."""
    found = {currency_of(release, f) for f in figure_ids}
    if len(found) > 1:
        raise MixedCurrencyError(
            f"{', '.join(figure_ids)} are in different currencies ({', '.join(sorted(found))})"
        )
    return found.pop()


def amount(release: Release, figure_id: str) -> Interval:
    """A figure's amount in trillions of its own currency: printed, or implied by its share.

    KeyError if the figure has neither a value nor a share of something with an amount.
    """
    row = release.figure(figure_id)
    if not pd.isna(row["value"]):
        return release.value(figure_id) * unit_scale(row["unit"])
    if (
        pd.notna(row["share_of"]) and row["bound"] == "exact"
    ):  # "over half" implies no usable amount
        return amount(release, row["share_of"]) * release.share(figure_id) / 100
    raise KeyError(f"figure {figure_id!r} of release {release.id} has no amount")


def has_amount(release: Release, figure_id: str) -> bool:
    try:
        amount(release, figure_id)
    except KeyError:
        return False
    return True


def prior_amount(release: Release, figure_id: str) -> Interval:
    """The previous year's amount implied by this year's amount and growth, in trillions."""
    return amount(release, figure_id) / (1 + release.growth(figure_id) / 100)


def trade_balance(release: Release, prior: bool = False) -> Interval:
    """Exports minus imports in trillions of the release currency (positive: a surplus), this
    year or the implied previous year. KeyError if either flow is missing. In another currency:
    `money.Money.balance`."""
    get = prior_amount if prior else amount
    return get(release, "exports") - get(release, "imports")


def share_pct(release: Release, part: str, whole: str, prior: bool = False) -> Interval:
    """`part` as a percentage of `whole`, this year or in the implied previous year.

    MixedCurrencyError if the two are in different currencies."""
    same_currency(release, part, whole)
    get = prior_amount if prior else amount
    return get(release, part) / get(release, whole) * 100
