"""The four outcomes of a check and the shared pieces of a check's row and words.

- `pass`: the figures show what the check tests, over the whole span the claim speaks of.
- `consistent`: the years on record agree with the claim but do not cover its span; the detail
  names the years covered and the years missing.
- `fail`: the figures contradict it, whatever the rounding.
- `unverifiable`: the data cannot decide it (a number is missing, the rounding leaves it open, or
  its comparison crosses a change of definition with no value on the same definition), with the
  reason.

Amounts are in trillions of a figure's own currency.
"""

from __future__ import annotations

import math

from tradeanalysis.data.interval import Interval

PASS, CONSISTENT, FAIL, UNVERIFIABLE = "pass", "consistent", "fail", "unverifiable"
STATUSES = (PASS, CONSISTENT, FAIL, UNVERIFIABLE)


def compared(compared: Interval, against: Interval, unit: str) -> dict:
    """The machine-readable columns of a check that compared two intervals."""
    return {
        "low": compared.low,
        "high": compared.high,
        "against_low": against.low,
        "against_high": against.high,
        "unit": unit,
    }


def row(name: str, kind: str, result: tuple, claim=None) -> dict:
    """A table row from a check's result: (status, detail) or (status, detail, numbers)."""
    status, detail, *numbers = result
    return {
        "check": name,
        "kind": kind,
        "claim": claim,
        "status": status,
        "detail": detail,
        **(numbers[0] if numbers else {}),
    }


def t(interval: Interval) -> str:
    """An amount interval in words, in trillions."""
    high = "no upper end" if interval.high == math.inf else f"{interval.high:.4f}"
    return f"[{interval.low:.4f}, {high}]"


def num(x: float) -> str:
    return "more than" if x == math.inf else f"{x:,.2f}"


def where(ob) -> str:
    """Where a value comes from: "printed in 2022", "implied by 2023", or for a growth-only
    figure "implied by 2020 on 2021's value"."""
    if ob.kind != "implied":
        return f"printed in {ob.vintage}"
    via = getattr(ob, "via", "")
    return f"implied by {ob.vintage}" + (f" on {via}'s value" if via else "")


def years_words(years) -> str:
    """Years as runs: [2017, 2018, 2019, 2021] -> "2017-2019, 2021"."""
    years = sorted(set(int(y) for y in years))
    runs, start = [], None
    for i, year in enumerate(years):
        if start is None:
            start = year
        if i + 1 == len(years) or years[i + 1] != year + 1:
            runs.append(str(start) if start == year else f"{start}-{year}")
            start = None
    return ", ".join(runs) if runs else "none"
