"""The claims of a release, each decided by the check claims.csv names for it.

Checks on one release live here; checks over a span of years in `span_checks`. The table of what
each check takes is `data.claim_rules`. Amounts are in trillions of the figure's own currency.
"""

from __future__ import annotations

from tradeanalysis.analysis import month_checks, span_checks
from tradeanalysis.analysis.derive import (
    MixedCurrencyError,
    amount,
    currency_of,
    has_amount,
    share_pct,
)
from tradeanalysis.analysis.outcomes import FAIL, PASS, UNVERIFIABLE, compared, row, t
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.period import describe_period, parse_period, within
from tradeanalysis.data.release import Release


def _fits_within(ev, ids, numbers):
    release, (part, whole) = ev.release, ids
    a, b = amount(release, part), amount(release, whole)
    status = PASS if a.low <= b.high else FAIL
    cur = currency_of(release, whole)
    detail = f"{part} {t(a)} can fit within {whole} {t(b)} {cur} trillion"
    return status, detail, compared(a, b, f"{cur} trillion")


def _share_above(ev, ids, numbers):
    release, (part, whole, printed) = ev.release, ids
    share, claimed = share_pct(release, part, whole), release.share(printed)
    status = PASS if share.overlaps(claimed) else FAIL
    detail = f"{part}/{whole} = {share} % against printed share {claimed} %"
    return status, detail, compared(share, claimed, "percent")


def _grows_faster(ev, ids, numbers):
    release, (fast, slow) = ev.release, ids
    a, b = release.growth(fast), release.growth(slow)
    fa, fb = release.figure(fast), release.figure(slow)
    status = PASS if a.high > b.low else FAIL
    detail = f"{fast} {a} % vs {slow} {b} %"
    if fa["period"] != fb["period"]:
        detail += f" (periods differ: {fa['period_label']} vs {fb['period_label']})"
    return status, detail, compared(a, b, "percent")


def _reaches_bound(ev, ids, numbers):
    release, (part, whole) = ev.release, ids
    a, claimed = amount(release, part), amount(release, whole)
    if not within(release.figure(part)["period"], release.figure(whole)["period"]):
        return UNVERIFIABLE, f"{part} does not cover part of {whole}'s period"
    numbers = compared(a, claimed, f"{currency_of(release, whole)} trillion")
    if a.low > claimed.low:
        return PASS, f"{part} alone is {t(a)}, above the claimed {claimed.low:g}", numbers
    return (
        UNVERIFIABLE,
        f"{part} {t(a)} is not above {claimed.low:g}; the rest of the period is not given",
        numbers,
    )


def _months_before(ev, part: str, whole: str) -> tuple[Release, str] | None:
    """(release, id) of a figure covering `whole`'s period up to the month before `part`'s, on
    `whole`'s scope, with an amount: in the release itself, else `whole` itself as the latest
    earlier release printed it for those months (the same id is the same measure in every
    release: January-November 2024's `total_trade` is the 2024-11 release's). None where none."""
    release = ev.release
    start, _ = parse_period(release.figure(whole)["period"])
    first, _ = parse_period(release.figure(part)["period"])
    scope = release.figure(whole)["scope"]
    for fid, fig in release.figure_rows():
        if fig["scope"] != scope or not has_amount(release, fid):
            continue
        if parse_period(fig["period"]) == (start, first - 1):
            return release, fid
    for earlier in sorted(ev.earlier, key=lambda r: r.published, reverse=True):
        if not (earlier.has(whole) and has_amount(earlier, whole)):
            continue
        if parse_period(earlier.figure(whole)["period"]) == (start, first - 1):
            return earlier, whole
    return None


def _remainder_above(ev, ids, numbers):
    """figures: PART WHOLE...; check: remainder_above THRESHOLD. PART (a month or quarter) above
    THRESHOLD, decided as a WHOLE minus the months of it before PART, from the release or, for
    WHOLE's own id, an earlier release; otherwise the claim rests on PART's printed figure."""
    release, part, wholes, threshold = ev.release, ids[0], ids[1:], numbers[0]
    unit = f"{currency_of(release, part)} trillion"
    for whole in wholes:
        if not (release.has(whole) and has_amount(release, whole)) or whole == part:
            continue
        found = _months_before(ev, part, whole)
        if (
            found is None
            or parse_period(release.figure(whole)["period"])[1]
            != parse_period(release.figure(part)["period"])[1]
        ):
            continue
        source, before = found
        rest = amount(release, whole) - amount(source, before)
        months = describe_period(source.figure(before)["period"])
        named = before if source is release else f"{before} of release {source.id} ({months})"
        words = f"{whole} minus {named} leaves {t(rest)} {unit} for {part}"
        status = PASS if rest.low > threshold else FAIL if rest.high <= threshold else UNVERIFIABLE
        numbers = compared(rest, Interval.point(threshold), unit)
        return status, f"{words}, against {threshold:g}", numbers
    printed = release.figure(part)
    how = "more than" if printed["bound"] == "lower" else "as"
    first = parse_period(printed["period"])[0]
    spans = [
        f"{describe_period(_span(release.figure(w)['period'], first))} to take from {w}"
        for w in wholes
        if release.has(w) and parse_period(release.figure(w)["period"])[0] < first
    ]
    return UNVERIFIABLE, (
        f"the claim rests on the printed figure alone: {part} printed {how} "
        f"{printed['value']:g} {printed['unit']}; the data hold no value for "
        f"{' or '.join(spans) or 'the months before it'}"
    )


def _span(whole_period: str, first) -> str:
    """The months of `whole_period` before month `first`, written as a period."""
    start = parse_period(whole_period)[0]
    end = first - 1
    return f"{start:%Y-%m}" if start == end else f"{start:%Y-%m}/{end:%Y-%m}"


# --- the functions behind the claim checks named in data.claim_rules -----------------------------
CLAIM_CHECKS = {
    "fits_within": _fits_within,
    "share_above": _share_above,
    "grows_faster": _grows_faster,
    "reaches_bound": _reaches_bound,
    "remainder_above": _remainder_above,
    "record_high": span_checks.record_high,
    "first_time_above": span_checks.first_time_above,
    "years_running_largest": span_checks.years_running_largest,
    "overtook": span_checks.overtook,
    "months_highest": month_checks.months_highest,
}


def claim_checks(release: Release, evidence) -> list[dict]:
    """One row per claim in claims.csv; claims without a check are unverifiable with their note."""
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
        rows.append(row(name, "claim", result, claim=claim["id"]))
    return rows
