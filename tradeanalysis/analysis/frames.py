"""The tables an analyst works with: figures, implied previous years and derived figures.

Every frame of amounts the package returns has a `unit` column ("CNY trillion", "USD billion" or
"percent") and, beside it, `currency` and `scale` (NaN on percent rows). `in_units` re-expresses
the amount rows in another currency or scale (`money.convert`): amounts in another
currency are converted at `cny_per_usd` and `converted_at` says at which rate (NaN for amounts
shown as printed). Percent rows are never touched.
"""

from __future__ import annotations

import math

import pandas as pd

from tradeanalysis.analysis.derive import has_amount, share_pct
from tradeanalysis.analysis.money import Amount, Money, convert
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.units import with_unit_columns


def in_units(
    frame: pd.DataFrame,
    columns: list[str],
    currency: str | None = None,
    cny_per_usd: float | None = None,
    scale: str = "trillion",
) -> pd.DataFrame:
    """The amount rows of `frame` with `columns` expressed in `currency` (default: each row's
    own) and `scale` (either in any case); ValueError when a conversion needs a rate that was
    not given."""
    currency, scale = (currency.upper() if currency else None), scale.lower()
    frame = with_unit_columns(frame)
    converted_at = []
    for index, row in frame.iterrows():
        if pd.isna(row["currency"]):
            converted_at.append(float("nan"))
            continue
        target = currency or row["currency"]
        for column in columns:
            if pd.notna(row[column]):
                frame.at[index, column] = convert(
                    row[column], row["unit"], target, scale, cny_per_usd
                )
        converted_at.append(cny_per_usd if target != row["currency"] else float("nan"))
        frame.at[index, "unit"] = f"{target} {scale}"
    frame["converted_at"] = pd.Series(converted_at, index=frame.index, dtype="float64")
    return with_unit_columns(frame)


def figures(
    release,
    currency: str | None = None,
    cny_per_usd: float | None = None,
    scale: str = "trillion",
) -> pd.DataFrame:
    """A release's figures with the intervals their rounding leaves, indexed by id: what the
    report's `figures.csv` holds.

    Columns: section, label, period, scope, value, low, high (the amount, in `unit`; high is inf
    for "more than"), bound, unit, currency, scale, converted_at (see `in_units`), yoy_pct,
    yoy_low, yoy_high (percent, measured in the figure's printed currency), share_pct, share_low,
    share_high (percent of `share_of`), share_of, note, source. Missing values are NaN."""
    table = release.figures
    frame = table[["section", "label", "period", "scope", "value", "bound", "unit"]].copy()
    for column, interval in (
        ("", release.value),
        ("yoy_", release.growth),
        ("share_", release.share),
    ):
        printed = table["value" if not column else f"{column}pct"]
        lows, highs = [], []
        for fid in table.index:
            found = interval(fid) if pd.notna(printed[fid]) else None
            lows.append(found.low if found else float("nan"))
            highs.append(found.high if found else float("nan"))
        if column:
            frame[f"{column}pct"] = printed
        frame[f"{column}low"], frame[f"{column}high"] = lows, highs
    frame["share_of"], frame["note"], frame["source"] = (
        table["share_of"],
        table["note"],
        table["source"],
    )
    frame = in_units(frame, ["value", "low", "high"], currency, cny_per_usd, scale)
    order = [
        "section",
        "label",
        "period",
        "scope",
        "value",
        "low",
        "high",
        "bound",
        "unit",
        "currency",
        "scale",
        "converted_at",
        "yoy_pct",
        "yoy_low",
        "yoy_high",
        "share_pct",
        "share_low",
        "share_high",
        "share_of",
        "note",
        "source",
    ]
    return frame[order]


def _high(interval: Interval) -> float:
    return interval.high if not math.isinf(interval.high) else float("nan")


def prior_year(release, scale: str = "trillion") -> pd.DataFrame:
    """One row per figure with an amount and a growth rate: the implied previous-year amount,
    indexed by figure id.

    Columns: label, period, unit, currency, scale (the figure's own currency: a previous year is
    never converted, no exchange rate for it is known; customs' dollar figures are their own
    rows, ids ending `_usd`), value (printed or implied by a share), bound, source ("printed" or
    "implied by share"), yoy_pct (percent, measured in the figure's currency), prior_value,
    prior_low, prior_high (prior_high is NaN when the value was printed as a lower bound).
    """
    money = Money(release)
    rows = []
    for fid, row in release.figure_rows():
        if pd.isna(row["yoy_pct"]) or not has_amount(release, fid):
            continue
        now, before = money.own(fid), money.prior_of(fid)
        rows.append(
            {
                "id": fid,
                "label": row["label"],
                "period": row["period"],
                "unit": now.unit,
                "value": now.interval.mid,
                "bound": row["bound"],
                "source": "printed" if now.origin == "printed" else "implied by share",
                "yoy_pct": row["yoy_pct"],
                "prior_value": (now.interval.mid / (1 + row["yoy_pct"] / 100)),
                "prior_low": before.interval.low,
                "prior_high": _high(before.interval),
            }
        )
    columns = ["id", "label", "period", "unit", "value", "bound", "source", "yoy_pct"]
    frame = pd.DataFrame(rows, columns=columns + ["prior_value", "prior_low", "prior_high"])
    frame = in_units(
        frame.set_index("id"), ["value", "prior_value", "prior_low", "prior_high"], scale=scale
    )
    return frame.drop(columns="converted_at")


# Derived figures: id, label, how derived, and the figures each needs (shares need one currency).
SHARES = (
    ("export_share", "Exports' share of total trade", "exports", "total_trade"),
    ("q4_share", "Fourth quarter's share of the year's trade", "q4_trade", "total_trade"),
    (
        "bri_share_computed",
        "Belt and Road partners' share of all trade, computed",
        "bri_trade",
        "total_trade",
    ),
)


def derived_amounts(money: Money) -> list[tuple[str, str, Amount, str]]:
    """(id, label, amount, basis) for each amount the release implies but does not print, in
    the run's currency as `money` decides: amounts implied by a share, the trade balance and the
    previous year's balance. What the release lacks is left out."""
    release, found = money.release, []
    for fid, row in release.figure_rows():
        if pd.isna(row["value"]) and pd.notna(row["share_of"]) and has_amount(release, fid):
            basis = f"{row['share_pct']:g}% of {row['share_of']}"
            found.append((f"{fid}_amount", f"{row['label']}, amount", money.amount(fid), basis))
    if not all(release.has(f) and has_amount(release, f) for f in ("exports", "imports")):
        return found
    now = money.balance()
    found.append(
        ("trade_balance", "Trade balance (exports minus imports)", now, " - ".join(now.basis))
    )
    try:
        before = money.balance(prior=True)
    except KeyError:  # a growth rate the release does not give
        return found
    basis = "implied prior " + " - implied prior ".join(before.basis)
    found.append(("prior_trade_balance", "Previous year's trade balance, implied", before, basis))
    return found


def derived_figures(
    release,
    currency: str | None = None,
    cny_per_usd: float | None = None,
    scale: str = "trillion",
) -> pd.DataFrame:
    """Derived figures with intervals: implied amounts, trade balance, and shares of the total.

    Indexed by id. Columns: label, unit, value (middle of the interval), low, high, basis (how
    it is derived), origin (printed, derived or converted: see `money.Amount`), currency, scale
    and converted_at (yuan per dollar where an amount was converted once, else NaN). Amounts are
    in `currency` as `money.Money` decides (customs' own figures where printed, yuan converted
    once, previous years never converted) at `scale`; percents as they are. A derived figure
    whose inputs are not in the release is left out.
    """
    money = Money(release, currency.upper() if currency else None, cny_per_usd)
    rows = [
        _amount_row(fid, label, found, basis) for fid, label, found, basis in derived_amounts(money)
    ]
    for fid, label, part, whole in SHARES:
        if all(release.has(f) and has_amount(release, f) for f in (part, whole)):
            share = share_pct(release, part, whole)
            rows.append(_share_row(fid, label, share, f"{part} / {whole}"))
    columns = ["id", "label", "unit", "value", "low", "high", "basis", "origin", "converted_at"]
    frame = pd.DataFrame(rows, columns=columns).set_index("id")
    converted_at = frame.pop("converted_at")
    frame = in_units(frame, ["value", "low", "high"], scale=scale)
    frame["converted_at"] = converted_at.astype("float64")
    return frame


def _amount_row(fid: str, label: str, found: Amount, basis: str) -> dict:
    interval = found.interval
    return {
        "id": fid,
        "label": label,
        "unit": found.unit,
        "value": interval.mid,
        "low": interval.low,
        "high": _high(interval),
        "basis": basis,
        "origin": found.origin,
        "converted_at": found.rate or float("nan"),
    }


def _share_row(fid: str, label: str, share: Interval, basis: str) -> dict:
    return {
        "id": fid,
        "label": label,
        "unit": "percent",
        "value": share.mid,
        "low": share.low,
        "high": _high(share),
        "basis": basis,
        "origin": "derived",
        "converted_at": float("nan"),
    }
