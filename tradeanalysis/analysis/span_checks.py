"""Claims that speak of a span of years, decided on what they say.

"Highest ever", "since the initiative began", "for the first time", "the fifth year running": each
covers the years before the release's, back to a start. A claim passes only when the data hold every
year of that span on the figure's definition and agree with it; when the years on record agree but
do not cover the span (a span with no stated start, "ever", is never covered), it is `consistent`,
naming the years covered and missing. Values on another definition of the same id are never
compared: where they are the only earlier ones, the claim is `unverifiable`, saying so.

Amounts are in trillions of the figure's currency; shares in percent.
"""

from __future__ import annotations

import math

import pandas as pd

from tradeanalysis.analysis.derive import amount, currency_of
from tradeanalysis.analysis.observations import latest_value, series_of
from tradeanalysis.analysis.outcomes import (
    CONSISTENT,
    FAIL,
    PASS,
    UNVERIFIABLE,
    compared,
    num,
    t,
    where,
    years_words,
)
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.period import alike, is_full_year, parse_period, shift_years


def _before(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of `frame` whose period ends before `period` starts and is alike (`period.alike`:
    a year is compared with years, never with a year to date; a quarter with quarters)."""
    start = parse_period(period)[0]
    keep = frame["period"].map(lambda p: parse_period(p)[1] < start and alike(p, period))
    return frame[keep.astype(bool)]


def _informative(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` without an "over" value (no upper end) of an id and period for which the rows hold
    a value with both ends: "over 10" says nothing that 10.96 to 10.98 does not."""
    bounded = rows[rows["high"] != math.inf]
    known = set(zip(bounded["id"], bounded["period"], strict=True))
    keep = [
        h != math.inf or (i, p) not in known
        for i, p, h in rows[["id", "period", "high"]].itertuples(index=False)
    ]
    return rows[keep] if len(rows) else rows


def coverage(rows: pd.DataFrame, year: int, since: int | None) -> tuple[bool, str]:
    """(whether `rows` cover every year from `since` to `year` - 1, words naming the years on
    record and the years missing). With no `since`, the span has no start and is never covered."""
    covered = set(int(y) for y in rows["year"])
    calendar = rows["period"].map(is_full_year).all()
    on_record = (
        f"years on record {years_words(covered)}"
        if calendar
        else f"periods on record {', '.join(sorted(set(rows['period'])))}"
    )
    first = since if since is not None else min(covered)
    gaps = sorted(set(range(first, year)) - covered)
    missing = [years_words(gaps)] if gaps and calendar else []
    if not calendar:
        missing.append(f"every other period up to {year}")
    elif since is None:
        missing.append(f"every year before {min(covered)}")
    words = on_record + ("; missing: " + "; ".join(missing) if missing else "; none missing")
    return (since is not None and not gaps and calendar), words


def _other_definitions(rows: pd.DataFrame) -> str:
    """Words for earlier values on another definition, which are not compared."""
    return ", ".join(
        f"{r.period} on {r.definition or 'an undeclared definition'} ({where(r)})"
        for r in rows.itertuples()
    )


def _split(ev, fid: str, rows: pd.DataFrame, others=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows on the release's definition of `fid`, or of another id the claim names; rows of
    `fid` on another definition)."""
    same = (rows["definition"] == ev.definition(fid)) | rows["id"].isin(others)
    return rows[same], rows[~same]


def _no_earlier(what: str, crossed: pd.DataFrame, definition: str) -> tuple:
    if crossed.empty:
        return UNVERIFIABLE, f"no earlier value of {what} in the data"
    return UNVERIFIABLE, (
        f"the comparison crosses a change of definition: earlier values of {what} are on another "
        f"definition ({_other_definitions(crossed)}) and none is on {definition}"
    )


def _since(numbers) -> int | None:
    return int(numbers[-1]) if numbers else None


def record_high(ev, ids, numbers):
    """figures: ID [OTHER_ID...]; check: record_high [SINCE]. The release's value of ID is above
    every earlier value of ID (on its definition) and of the other ids, since year SINCE (or
    ever)."""
    release, fid, others = ev.release, ids[0], list(ids[1:])
    period = release.figure(fid)["period"]
    now, start = amount(release, fid), parse_period(period)[0]
    unit = f"{currency_of(release, fid)} trillion"
    obs = ev.observations
    rows = _before(
        obs[obs["id"].isin(ids) & (obs["currency"] == currency_of(release, fid))], period
    )
    rows = _informative(rows)
    since = _since(numbers)
    if since is not None:
        rows = rows[rows["year"] >= since]
    same, crossed = _split(ev, fid, rows, others)
    if same.empty:
        return _no_earlier(fid, crossed, ev.definition(fid))
    higher = [
        f"{o.period} {num(o.low)} ({where(o)})" for o in same.itertuples() if now.high <= o.low
    ]
    unsure = [
        f"{o.period} {num(o.low)}{'+' if o.high == math.inf else ''} ({where(o)})"
        for o in same.itertuples()
        if not now.high <= o.low and not now.low > o.high
    ]
    complete, words = _covered(same, start, since, crossed)
    if higher:
        return FAIL, f"{fid} {t(now)} is below {', '.join(higher)}"
    if unsure:
        return UNVERIFIABLE, (
            f"{fid} {t(now)} cannot be told apart from {', '.join(unsure)} given rounding; {words}"
        )
    top = same.loc[same["high"].idxmax()]
    detail = (
        f"{fid} {t(now)} is above every earlier value on record (highest {top['period']} "
        f"{num(top['high'])}, {where(top)}); {words}"
    )
    result = compared(now, Interval(top["low"], top["high"]), unit)
    return (PASS if complete else CONSISTENT), detail, result


def _is_above(low: float, bound: str, threshold: float) -> bool:
    # "more than 4" is above 4 although its interval starts at 4
    return low > threshold or (bound == "lower" and low >= threshold)


def _least(ob) -> str:
    """ "more than 4.00" for a lower bound, "4.11 at least" for a rounded value."""
    return f"more than {ob['low']:,.2f}" if ob["bound"] == "lower" else f"{ob['low']:,.2f} at least"


def first_time_above(ev, ids, numbers):
    """figures: ID or PART WHOLE; check: first_time_above THRESHOLD [SINCE]. Above THRESHOLD now
    and at most THRESHOLD in every earlier year on the same definition, since SINCE (or ever)."""
    threshold, since = numbers[0], (int(numbers[1]) if len(numbers) > 1 else None)
    share = len(ids) == 2
    unit = "%" if share else f" {currency_of(ev.release, ids[0])} trillion"
    what = f"{ids[0]}'s share of {ids[1]}" if share else ids[0]
    series = series_of([*ev.earlier, ev.release], ids)
    period = ev.release.figure(ids[0])["period"]
    now = series[(series["vintage"] == ev.release.id) & (series["period"] == period)]
    if now.empty:
        return UNVERIFIABLE, f"the release gives no value for {what}"
    this = now.iloc[0]
    value = Interval(this["low"], this["high"])
    result = compared(value, Interval(threshold, threshold), "percent" if share else unit.strip())
    if not _is_above(this["low"], this["bound"], threshold):
        return FAIL, f"{what} {t(value)} is not above {threshold:g}{unit}", result
    start = parse_period(period)[0]
    rows = _before(series, period)
    if since is not None:
        rows = rows[rows["year"] >= since]
    same, crossed = _split(ev, ids[0], rows)
    if same.empty:
        return _no_earlier(what, crossed, ev.definition(ids[0]))
    above = [
        f"{o.period} {num(o.low)} ({where(o)})"
        for o in same.itertuples()
        if _is_above(o.low, o.bound, threshold)
    ]
    unsure = [
        f"{o.period} ({where(o)})"
        for o in same.itertuples()
        if not _is_above(o.low, o.bound, threshold) and o.high > threshold
    ]
    complete, words = _covered(same, start, since, crossed)
    if above:
        return FAIL, f"{what} was already above {threshold:g}{unit} in {', '.join(above)}"
    if unsure:
        return UNVERIFIABLE, (
            f"rounding leaves {what} possibly above {threshold:g}{unit} in {', '.join(unsure)}; "
            + words
        )
    top = same.loc[same["high"].idxmax()]
    detail = (
        f"{what} is above {threshold:g}{unit} ({_least(this)}) and was at most "
        f"{num(top['high'])} in every earlier period on record; {words}"
    )
    return (PASS if complete else CONSISTENT), detail, result


def _year_note(obs, ids, period) -> tuple[str, str]:
    """(outcome, words) for one year of a "largest" claim: "missing", "beaten", "close", "ahead"."""
    leader, others = ids[0], ids[1:]
    values = {fid: latest_value(obs, fid, period) for fid in ids}
    gone = [fid for fid, v in values.items() if v is None]
    if gone:
        return "missing", f"{period}: no value for {', '.join(gone)}"
    lead = values[leader]
    beaten = [o for o in others if lead["high"] <= values[o]["low"]]
    close = [o for o in others if o not in beaten and not lead["low"] > values[o]["high"]]
    if beaten:
        below = ", ".join(f"{o} {num(values[o]['low'])}" for o in beaten)
        return "beaten", f"{period}: {leader} {num(lead['low'])} is below {below}"
    if close:
        return "close", f"{period}: {leader} cannot be told apart from {', '.join(close)}"
    above = ", ".join(f"{o} {num(values[o]['high'])}" for o in others)
    return "ahead", f"{period}: {leader} {num(lead['low'])} above {above}"


def years_running_largest(ev, ids, numbers):
    """figures: LEADER OTHER...; check: years_running_largest YEARS. LEADER above each other id
    in each of the last YEARS years (the latest vintage of each value in the data)."""
    period = ev.release.figure(ids[0])["period"]
    years = range(int(numbers[0]))
    notes = [_year_note(ev.observations, ids, shift_years(period, -k)) for k in years]
    outcomes = [o for o, _ in notes]
    text = "; ".join(w for _, w in notes) + " (each the latest vintage in the data, trillions)"
    if "beaten" in outcomes:
        return FAIL, text
    if "close" in outcomes:
        return UNVERIFIABLE, text
    if "missing" in outcomes:
        covered = [shift_years(period, -k) for k, o in enumerate(outcomes) if o == "ahead"]
        missing = [shift_years(period, -k) for k, o in enumerate(outcomes) if o == "missing"]
        if not covered:
            return UNVERIFIABLE, text
        return CONSISTENT, (
            f"{text}; years on record {', '.join(sorted(covered))}; missing: "
            f"{', '.join(sorted(missing))}"
        )
    return PASS, text


def overtook(ev, ids, numbers):
    """figures: LEADER OTHER; check: overtook. LEADER above OTHER in the release's year and not
    above it the year before (the latest vintage of each value in the data)."""
    leader, other = ids
    period = ev.release.figure(leader)["period"]
    obs = ev.observations
    outcome, now = _year_note(obs, ids, period)
    if outcome != "ahead":
        return (FAIL if outcome == "beaten" else UNVERIFIABLE), now
    before = shift_years(period, -1)
    a, b = latest_value(obs, leader, before), latest_value(obs, other, before)
    if a is None or b is None:
        return CONSISTENT, f"{now}; missing: {before}, so the data cannot show it was behind then"
    words = (
        f"{before}: {leader} {num(a['low'])}-{num(a['high'])} ({where(a)}) against {other} "
        f"{num(b['low'])}-{num(b['high'])} ({where(b)})"
    )
    if a["low"] > b["high"]:
        return FAIL, f"{now}; but {leader} was already ahead in {words}"
    if a["high"] > b["low"]:
        return UNVERIFIABLE, f"{now}; rounding cannot tell the two apart in {words}"
    return PASS, f"{now}; behind in {words}"


def _covered(same, start, since, crossed) -> tuple[bool, str]:
    """Whether the values on one definition cover the span from `since` to `start`'s year, and
    the words that say so, naming what was left out because it sits on another definition."""
    complete, words = coverage(same, start.year, since)
    if not crossed.empty:
        words += f"; not compared, on another definition: {_other_definitions(crossed)}"
    return complete, words
