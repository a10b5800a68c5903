"""Amounts of a frame in the units an analyst asks for, by the notebooks' own conversion.

Every frame of amounts the package returns has a `unit` column ("CNY trillion", "USD billion" or
"percent") and, beside it, `currency` and `scale` (NaN on percent rows). `in_units` re-expresses
the amount rows in another currency or scale (`money.convert`): amounts in another
currency are converted at `cny_per_usd` and `converted_at` says at which rate (NaN for amounts
shown as printed). Percent rows are never touched.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.money import convert
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
