"""Check a release against itself, against its own claims, and against the releases before it.

A check passes when the intervals the rounding allows agree (no hand-tuned tolerance), fails when
they cannot, and is `unverifiable` when the data lack the numbers, with the reason. A failure that
a release's release.yml explains under `discrepancies` stays a failure, with its explanation beside
it; `unexplained_failures` is what the command line counts.

Amounts are in trillions of the figure's own currency; a check never mixes yuan and dollars.
"""

from __future__ import annotations

import math

import pandas as pd

from tradeanalysis.analysis.derive import (
    MixedCurrencyError,
    amount,
    currency_of,
    has_amount,
    prior_amount,
    share_pct,
)
from tradeanalysis.analysis.vintages import IMPLIED, Evidence, latest_value, series_of
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.period import parse_period, shift_years, within
from tradeanalysis.data.release import Release
from tradeanalysis.data.units import currency_suffix

PASS, FAIL, UNVERIFIABLE = "pass", "fail", "unverifiable"
STATUSES = (PASS, FAIL, UNVERIFIABLE)
# The table of checks: one row per check, indexed by its name. `claim` is the claim's id in
# claims.csv (NaN for a consistency check). `low`/`high` is the interval of what was checked and
# `against_low`/`against_high` what it was compared with, in `unit` ("CNY trillion", "USD
# trillion" or "percent"); NaN where a check compares more than two numbers (a run of years) or
# found none. A high of inf is a "more than" figure.
COLUMNS = ["kind", "claim", "status", "detail", "explanation"]
NUMBER_COLUMNS = ["low", "high", "against_low", "against_high", "unit"]


def _compared(compared: Interval, against: Interval, unit: str) -> dict:
    """The machine-readable columns of a check that compared two intervals."""
    return {
        "low": compared.low,
        "high": compared.high,
        "against_low": against.low,
        "against_high": against.high,
        "unit": unit,
    }


def _row(name: str, kind: str, result: tuple, claim=None) -> dict:
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


def _t(interval: Interval) -> str:
    """An amount interval in words, in trillions."""
    high = "no upper end" if interval.high == math.inf else f"{interval.high:.4f}"
    return f"[{interval.low:.4f}, {high}]"


def _missing(release, ids, what="amount"):
    gone = [i for i in ids if not (release.has(i) and has_amount(release, i))]
    return f"the release gives no {what} for {', '.join(gone)}" if gone else ""


# --- consistency: the release against itself ---------------------------------------------------
# (name, the ids added or subtracted, the id they must equal, sign of the second id)
IDENTITIES = (
    ("exports plus imports equal the total", ("exports", "imports"), "total_trade", +1),
    ("the trade surplus equals exports minus imports", ("exports", "imports"), "trade_surplus", -1),
)


def _identity(release, first, second, whole, sign, prior):
    needed = (first, second, whole)
    if reason := _missing(release, needed):
        return UNVERIFIABLE, reason
    get = prior_amount if prior else amount
    try:
        parts = get(release, first) + get(release, second) * sign
        total = get(release, whole)
    except KeyError as exc:
        return UNVERIFIABLE, f"the release gives no growth rate needed: {exc.args[0]}"
    status = PASS if parts.overlaps(total) else FAIL
    word = "+" if sign > 0 else "-"
    cur = currency_of(release, whole)
    detail = f"{first} {word} {second} {_t(parts)} vs {whole} {_t(total)} {cur} trillion"
    return status, detail, _compared(parts, total, f"{cur} trillion")


def _identity_rows(release: Release) -> list[dict]:
    """Exports and imports against the total and the surplus, this year and the year before, in
    the release currency and in any other currency the release prints these figures in."""
    rows = []
    others = sorted(set(release.figures["currency"].dropna()) - {release.currency})
    for currency in [release.currency, *others]:
        suffix = "" if currency == release.currency else currency_suffix(currency)
        prefix = "" if currency == release.currency else f"in {currency}: "
        for name, (first, second), whole, sign in IDENTITIES:
            ids = (first + suffix, second + suffix, whole + suffix)
            # The basic check is always listed; the others only where the release prints all three.
            always = not suffix and whole == "total_trade"
            if not (always or all(release.has(i) for i in ids)):
                continue
            for prior in (False, True):
                if prior and not always and pd.isna(release.figure(ids[2])["yoy_pct"]):
                    continue
                label = ("implied previous year: " if prior else "") + prefix + name
                rows.append(_row(label, "consistency", _identity(release, *ids, sign, prior)))
    return rows


def _shares_below_100(release):
    """Each share, this year and in the implied previous year, must leave room under 100%.

    The previous year's share is share x (1 + whole's growth) / (1 + part's growth); a share near
    100% whose part grew more slowly than the whole would imply more than 100% a year before.
    """
    shares = release.figures.dropna(subset=["share_pct"])
    if shares.empty:
        return UNVERIFIABLE, "the release gives no shares"
    notes, failed = [], False
    for fid, row in shares.iterrows():
        share = release.share(fid)
        note = f"{fid} {row['share_pct']:g}%"
        whole = row["share_of"]
        if not pd.isna(row["yoy_pct"]) and not pd.isna(release.figure(whole)["yoy_pct"]):
            share = share * (1 + release.growth(whole) / 100) / (1 + release.growth(fid) / 100)
            note += f" (previous year {share.low:.1f}-{share.high:.1f}%)"
        if share.low > 100:
            failed = True
            note += " exceeds 100%"
        notes.append(note)
    return (FAIL if failed else PASS), ", ".join(notes)


def consistency_checks(release: Release) -> list[dict]:
    """Exports plus imports against the total and the surplus (this year and implied last year,
    in each currency printed), shares under 100%, and every amount within its year's total in the
    same currency."""
    status, detail = _shares_below_100(release)
    rows = _identity_rows(release) + [
        _row(
            "every share is below 100%, this year and the year before",
            "consistency",
            (status, detail),
        )
    ]
    for fid, row in release.figures.iterrows():
        if not has_amount(release, fid):
            continue
        currency = currency_of(release, fid)
        total = "total_trade" + ("" if currency == release.currency else currency_suffix(currency))
        if fid == total or not (release.has(total) and has_amount(release, total)):
            continue
        if not within(row["period"], release.figure(total)["period"]):
            continue
        part, whole = amount(release, fid), amount(release, total)
        status = PASS if part.low <= whole.high else FAIL
        numbers = _compared(part, whole, f"{currency} trillion")
        rows.append(
            _row(
                f"{fid} fits within {total}",
                "consistency",
                (status, f"{_t(part)} vs {_t(whole)}", numbers),
            )
        )
    return rows


# --- claims on one release -----------------------------------------------------------------------
def _fits_within(ev, ids, numbers):
    release, (part, whole) = ev.release, ids
    a, b = amount(release, part), amount(release, whole)
    status = PASS if a.low <= b.high else FAIL
    cur = currency_of(release, whole)
    detail = f"{part} {_t(a)} can fit within {whole} {_t(b)} {cur} trillion"
    return status, detail, _compared(a, b, f"{cur} trillion")


def _share_above(ev, ids, numbers):
    release, (part, whole, printed) = ev.release, ids
    share, claimed = share_pct(release, part, whole), release.share(printed)
    status = PASS if share.overlaps(claimed) else FAIL
    detail = f"{part}/{whole} = {share} % against printed share {claimed} %"
    return status, detail, _compared(share, claimed, "percent")


def _grows_faster(ev, ids, numbers):
    release, (fast, slow) = ev.release, ids
    a, b = release.growth(fast), release.growth(slow)
    fa, fb = release.figure(fast), release.figure(slow)
    status = PASS if a.high > b.low else FAIL
    detail = f"{fast} {a} % vs {slow} {b} %"
    if fa["period"] != fb["period"]:
        detail += f" (periods differ: {fa['period_label']} vs {fb['period_label']})"
    return status, detail, _compared(a, b, "percent")


def _reaches_bound(ev, ids, numbers):
    release, (part, whole) = ev.release, ids
    a, claimed = amount(release, part), amount(release, whole)
    if not within(release.figure(part)["period"], release.figure(whole)["period"]):
        return UNVERIFIABLE, f"{part} does not cover part of {whole}'s period"
    numbers = _compared(a, claimed, f"{currency_of(release, whole)} trillion")
    if a.low > claimed.low:
        return PASS, f"{part} alone is {_t(a)}, above the claimed {claimed.low:g}", numbers
    return (
        UNVERIFIABLE,
        f"{part} {_t(a)} is not above {claimed.low:g}; the rest of the period is not given",
        numbers,
    )


# --- claims against the releases before ---------------------------------------------------------
def _num(x: float) -> str:
    return "more than" if x == math.inf else f"{x:,.2f}"


def _least(ob) -> str:
    """ "more than 4.00" for a lower bound, "4.11 at least" for a rounded value."""
    return f"more than {ob['low']:,.2f}" if ob["bound"] == "lower" else f"{ob['low']:,.2f} at least"


def _where(ob) -> str:
    """Where a value comes from: "printed in 2022" or "implied by 2023"."""
    return f"{'implied by' if ob.kind == IMPLIED else 'printed in'} {ob.vintage}"


def _is_above(low: float, bound: str, threshold: float) -> bool:
    # "more than 4" is above 4 although its interval starts at 4
    return low > threshold or (bound == "lower" and low >= threshold)


def _gaps(ev: Evidence, years_with_values, year: int) -> str:
    """Words for the years before `year` that the data do not cover for a series."""
    first = ev.first_year
    if first is None:
        return ""
    missing = sorted(set(range(first, year)) - set(years_with_values))
    words = f"years before {first} are not in the data"
    if missing:
        words = f"no value for {', '.join(map(str, missing))}; " + words
    return words


def _record_high(ev, ids, numbers):
    release, (fid,) = ev.release, ids
    row, now = release.figure(fid), amount(release, fid)
    start = parse_period(row["period"])[0]
    obs = ev.observations
    earlier = obs[
        (obs["id"] == fid)
        & (obs["currency"] == currency_of(release, fid))
        & obs["period"].map(lambda p: parse_period(p)[1] < start)
    ]
    if earlier.empty:
        return UNVERIFIABLE, f"no earlier value of {fid} in the data; " + _gaps(ev, [], start.year)
    higher, unsure = [], []
    for ob in earlier.itertuples(index=False):
        if now.high <= ob.low:
            higher.append(f"{ob.period} {_num(ob.low)} ({_where(ob)})")
        elif not (now.low > ob.high):
            unsure.append(
                f"{ob.period} {_num(ob.low)}{'+' if ob.high == math.inf else ''} ({_where(ob)})"
            )
    periods = sorted(set(earlier["period"]))
    gaps = _gaps(ev, earlier["year"], start.year)
    if higher:
        return FAIL, f"{fid} {_t(now)} is below {', '.join(higher)}"
    if unsure:
        return UNVERIFIABLE, (
            f"{fid} {_t(now)} cannot be told apart from {', '.join(unsure)} given rounding; {gaps}"
        )
    top = earlier.loc[earlier["high"].idxmax()]
    highest = Interval(top["low"], top["high"])
    return (
        PASS,
        f"{fid} {_t(now)} is above every earlier value in the data ({', '.join(periods)}; "
        f"highest {top['period']} {_num(top['high'])} {_where(top)}); {gaps}",
        _compared(now, highest, f"{currency_of(release, fid)} trillion"),
    )


def _first_time_above(ev, ids, numbers):
    threshold = numbers[0]
    unit = "%" if len(ids) == 2 else f" {currency_of(ev.release, ids[0])} trillion"
    what = f"{ids[0]}'s share of {ids[1]}" if len(ids) == 2 else ids[0]
    series = series_of([*ev.earlier, ev.release], ids)
    period = ev.release.figure(ids[0])["period"]
    now = series[(series["vintage"] == ev.release.id) & (series["period"] == period)]
    if now.empty:
        return UNVERIFIABLE, f"the release gives no value for {what}"
    this = now.iloc[0]
    numbers = _compared(
        Interval(this["low"], this["high"]),
        Interval(threshold, threshold),
        "percent" if len(ids) == 2 else unit.strip(),
    )
    if not _is_above(this["low"], this["bound"], threshold):
        return (
            FAIL,
            f"{what} {_t(Interval(this['low'], this['high']))} is not above {threshold:g}{unit}",
            numbers,
        )
    start = parse_period(period)[0]
    earlier = series[series["period"].map(lambda p: parse_period(p)[1] < start)]
    gaps = _gaps(ev, earlier["year"], start.year)
    if earlier.empty:
        return UNVERIFIABLE, f"{what} has no earlier value in the data; {gaps}"
    above = [
        f"{o.period} {_num(o.low)} ({_where(o)})"
        for o in earlier.itertuples()
        if _is_above(o.low, o.bound, threshold)
    ]
    unsure = [
        f"{o.period} ({_where(o)})"
        for o in earlier.itertuples()
        if not _is_above(o.low, o.bound, threshold) and o.high > threshold
    ]
    if above:
        return FAIL, f"{what} was already above {threshold:g}{unit} in {', '.join(above)}"
    if unsure:
        return UNVERIFIABLE, f"rounding leaves {what} possibly above {threshold:g}{unit} in " + (
            f"{', '.join(unsure)}; {gaps}"
        )
    top = earlier.loc[earlier["high"].idxmax()]
    return (
        PASS,
        f"{what} is above {threshold:g}{unit} ({_least(this)}) and was at most "
        f"{_num(top['high'])} in every earlier period in the data "
        f"({', '.join(sorted(set(earlier['period'])))}); {gaps}",
        numbers,
    )


def _years_running_largest(ev, ids, numbers):
    leader, others = ids[0], ids[1:]
    years = int(numbers[0])
    period = ev.release.figure(leader)["period"]
    obs = ev.observations
    notes, failed, undecided = [], False, False
    for k in range(years):
        p = shift_years(period, -k)
        values = {fid: latest_value(obs, fid, p) for fid in ids}
        gone = [fid for fid, v in values.items() if v is None]
        if gone:
            undecided = True
            notes.append(f"{p}: no value for {', '.join(gone)}")
            continue
        lead = values[leader]
        beaten = [o for o in others if lead["high"] <= values[o]["low"]]
        close = [o for o in others if o not in beaten and not lead["low"] > values[o]["high"]]
        if beaten:
            failed = True
            notes.append(
                f"{p}: {leader} {_num(lead['low'])} is below "
                + ", ".join(f"{o} {_num(values[o]['low'])}" for o in beaten)
            )
        elif close:
            undecided = True
            notes.append(f"{p}: {leader} cannot be told apart from {', '.join(close)}")
        else:
            notes.append(
                f"{p}: {leader} {_num(lead['low'])} above "
                + ", ".join(f"{o} {_num(values[o]['high'])}" for o in others)
            )
    status = FAIL if failed else UNVERIFIABLE if undecided else PASS
    return status, "; ".join(notes) + " (each the latest vintage in the data, trillions)"


# --- the functions behind the claim checks named in data.claim_rules -----------------------------
CLAIM_CHECKS = {
    "fits_within": _fits_within,
    "share_above": _share_above,
    "grows_faster": _grows_faster,
    "reaches_bound": _reaches_bound,
    "record_high": _record_high,
    "first_time_above": _first_time_above,
    "years_running_largest": _years_running_largest,
}


def claim_checks(release: Release, evidence: Evidence | None = None) -> list[dict]:
    """One row per claim in claims.csv; claims without a check are unverifiable with their note."""
    evidence = evidence or Evidence(release)
    rows = []
    for _, claim in release.claims.iterrows():
        name = f"claim {claim['id']}: {claim['claim']}"
        if not claim["check"]:
            result = (UNVERIFIABLE, claim["note"])
        else:
            try:
                result = CLAIM_CHECKS[claim["check"]](
                    evidence, claim["figures"], claim["arguments"]
                )
            except KeyError as exc:
                result = (UNVERIFIABLE, f"the release lacks a number: {exc.args[0]}")
            except (MixedCurrencyError, ZeroDivisionError) as exc:
                result = (UNVERIFIABLE, str(exc))
        rows.append(_row(name, "claim", result, claim=claim["id"]))
    return rows


def checks(release: Release, earlier: list[Release] | None = None) -> pd.DataFrame:
    """All checks as a DataFrame indexed by `check` (its name): kind (consistency|claim), claim
    (the claim's id), status (pass|fail|unverifiable), detail, the release's explanation of a
    failure (NaN where it gives none) and the compared intervals (see COLUMNS).

    `earlier`: the releases to check claims against (default: every release in the same folder
    published before this one)."""
    evidence = Evidence(release, earlier) if earlier is not None else Evidence.for_release(release)
    rows = consistency_checks(release) + claim_checks(release, evidence)
    table = pd.DataFrame(rows, columns=["check", *COLUMNS, *NUMBER_COLUMNS]).set_index("check")
    explained = release.discrepancies
    table["explanation"] = [
        explained.get(name) if status == FAIL else None
        for name, status in zip(table.index, table["status"], strict=True)
    ]
    for column in ("kind", "claim", "status", "detail", "explanation", "unit"):
        table[column] = table[column].astype("str")
    for column in NUMBER_COLUMNS[:-1]:
        table[column] = table[column].astype("float64")
    return table


def unexplained_failures(table: pd.DataFrame) -> pd.DataFrame:
    """The failed checks that the release does not explain."""
    return table[(table["status"] == FAIL) & table["explanation"].isna()]
