"""Numbers a careful analyst derives from a release, each with the interval its rounding allows.

Amounts are in trillions of the figure's own currency (CNY for most figures, USD for the customs'
dollar figures, whose ids end in `_usd`); growth and shares in percent. No function here mixes
currencies: combining a yuan and a dollar amount raises `MixedCurrencyError`.
"""

from __future__ import annotations

import math

import pandas as pd

from tradeanalysis.analysis.frames import in_units
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


def trade_balance(release: Release, prior: bool = False, suffix: str = "") -> Interval:
    """Exports minus imports in trillions (positive: a surplus), this year or the implied previous
    year; `suffix` "_usd" for customs' dollar figures. KeyError if either flow is missing."""
    get = prior_amount if prior else amount
    return get(release, "exports" + suffix) - get(release, "imports" + suffix)


def _high(interval: Interval) -> float:
    return interval.high if not math.isinf(interval.high) else float("nan")


def prior_year(release: Release, scale: str = "trillion") -> pd.DataFrame:
    """One row per figure with an amount and a growth rate: the implied previous-year amount,
    indexed by figure id.

    Columns: label, period, unit, currency, scale (the figure's own currency: a previous year is
    never converted, no exchange rate for it is known; customs' dollar figures are their own
    rows, ids ending `_usd`), value (printed or implied by a share), bound, source ("printed" or
    "implied by share"), yoy_pct (percent, measured in the figure's currency), prior_value,
    prior_low, prior_high (prior_high is NaN when the value was printed as a lower bound).
    """
    rows = []
    for fid, row in release.figures.iterrows():
        if pd.isna(row["yoy_pct"]) or not has_amount(release, fid):
            continue
        now, before = amount(release, fid), prior_amount(release, fid)
        rows.append(
            {
                "id": fid,
                "label": row["label"],
                "period": row["period"],
                "unit": f"{currency_of(release, fid)} trillion",
                "value": now.mid,
                "bound": row["bound"],
                "source": "printed" if not pd.isna(row["value"]) else "implied by share",
                "yoy_pct": row["yoy_pct"],
                "prior_value": (now.mid / (1 + row["yoy_pct"] / 100)),
                "prior_low": before.low,
                "prior_high": _high(before),
            }
        )
    columns = ["id", "label", "period", "unit", "value", "bound", "source", "yoy_pct"]
    frame = pd.DataFrame(rows, columns=columns + ["prior_value", "prior_low", "prior_high"])
    frame = in_units(
        frame.set_index("id"), ["value", "prior_value", "prior_low", "prior_high"], scale=scale
    )
    return frame.drop(columns="converted_at")


def share_pct(release: Release, part: str, whole: str, prior: bool = False) -> Interval:
    """`part` as a percentage of `whole`, this year or in the implied previous year.

    MixedCurrencyError if the two are in different currencies."""
    same_currency(release, part, whole)
    get = prior_amount if prior else amount
    return get(release, part) / get(release, whole) * 100


def derived_figures(
    release: Release,
    currency: str | None = None,
    cny_per_usd: float | None = None,
    scale: str = "trillion",
) -> pd.DataFrame:
    """Derived figures with intervals: implied amounts, trade balance, and shares of the total.

    Indexed by id. Columns: label, unit, value (middle of the interval), low, high, basis (how
    it is derived), currency, scale and converted_at (see `frames.in_units`: amounts in
    `currency` at `scale`, converted at `cny_per_usd` where needed; percents as they are). A
    derived figure whose inputs are not in the release is left out.
    """
    cur = release.currency
    trillion = f"{cur} trillion"
    specs = []
    for fid, row in release.figures.iterrows():
        if pd.isna(row["value"]) and pd.notna(row["share_of"]) and has_amount(release, fid):
            specs.append(
                (
                    f"{fid}_amount",
                    f"{row['label']}, amount",
                    trillion,
                    lambda f=fid: amount(release, f),
                    f"{row['share_pct']:g}% of {row['share_of']}",
                )
            )
    specs += [
        (
            "trade_balance",
            "Trade balance (exports minus imports)",
            trillion,
            lambda: trade_balance(release),
            "exports - imports",
            ("exports", "imports"),
        ),
        (
            "prior_trade_balance",
            "Previous year's trade balance, implied",
            trillion,
            lambda: trade_balance(release, prior=True),
            "implied prior exports - implied prior imports",
            ("exports", "imports"),
        ),
        (
            "export_share",
            "Exports' share of total trade",
            "percent",
            lambda: share_pct(release, "exports", "total_trade"),
            "exports / total_trade",
            ("exports", "total_trade"),
        ),
        (
            "q4_share",
            "Fourth quarter's share of the year's trade",
            "percent",
            lambda: share_pct(release, "q4_trade", "total_trade"),
            "q4_trade / total_trade",
            ("q4_trade", "total_trade"),
        ),
        (
            "bri_share_computed",
            "Belt and Road partners' share of all trade, computed",
            "percent",
            lambda: share_pct(release, "bri_trade", "total_trade"),
            "bri_trade / total_trade",
            ("bri_trade", "total_trade"),
        ),
    ]
    rows = []
    for spec in specs:
        fid, label, unit, compute, basis = spec[:5]
        needs = spec[5] if len(spec) > 5 else ()
        if not all(has_amount(release, n) for n in needs):
            continue
        try:
            interval = compute()
        except KeyError:  # e.g. a growth rate the release does not give
            continue
        rows.append(
            {
                "id": fid,
                "label": label,
                "unit": unit,
                "value": interval.mid,
                "low": interval.low,
                "high": _high(interval),
                "basis": basis,
            }
        )
    frame = pd.DataFrame(rows, columns=["id", "label", "unit", "value", "low", "high", "basis"])
    return in_units(frame.set_index("id"), ["value", "low", "high"], currency, cny_per_usd, scale)
