"""Check a release against itself and against its own claims.

A check passes when the intervals the rounding allows overlap (no hand-tuned tolerance), fails when
they cannot, and is `unverifiable` when the release lacks the numbers, with the reason.
"""

from __future__ import annotations

import pandas as pd

from .derive import amount, has_amount, prior_amount, share_pct
from .interval import Interval
from .period import within
from .release import Release

PASS, FAIL, UNVERIFIABLE = "pass", "fail", "unverifiable"
STATUSES = (PASS, FAIL, UNVERIFIABLE)
COLUMNS = ["check", "kind", "status", "detail"]


def _t(interval: Interval) -> str:
    """An amount interval in words, in trillions."""
    high = "no upper end" if interval.high == float("inf") else f"{interval.high:.4f}"
    return f"[{interval.low:.4f}, {high}]"


def _missing(release, ids, what="an amount"):
    gone = [i for i in ids if not (release.has(i) and has_amount(release, i))]
    return f"the release gives no {what} for {', '.join(gone)}" if gone else ""


def _sum_check(release, when: str):
    needed = ("exports", "imports", "total_trade")
    if reason := _missing(release, needed):
        return UNVERIFIABLE, reason
    get = amount if when == "this year" else prior_amount
    try:
        parts = get(release, "exports") + get(release, "imports")
        total = get(release, "total_trade")
    except KeyError as exc:
        return UNVERIFIABLE, f"the release gives no growth rate needed: {exc.args[0]}"
    status = PASS if parts.overlaps(total) else FAIL
    cur = release.currency
    return status, f"exports + imports {_t(parts)} vs total {_t(total)} {cur} trillion"


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
    """Exports plus imports against the total (this year and implied last year), shares under
    100%, and every amount within the national total of its year."""
    rows = [
        {
            "check": "exports plus imports equal the total",
            "kind": "consistency",
            **dict(zip(("status", "detail"), _sum_check(release, "this year"), strict=True)),
        },
        {
            "check": "implied previous year: exports plus imports equal the total",
            "kind": "consistency",
            **dict(zip(("status", "detail"), _sum_check(release, "last year"), strict=True)),
        },
        {
            "check": "every share is below 100%, this year and the year before",
            "kind": "consistency",
            **dict(zip(("status", "detail"), _shares_below_100(release), strict=True)),
        },
    ]
    if release.has("total_trade") and has_amount(release, "total_trade"):
        total = amount(release, "total_trade")
        year = release.figure("total_trade")["period"]
        for fid, row in release.figures.iterrows():
            if (
                fid == "total_trade"
                or not has_amount(release, fid)
                or not within(row["period"], year)
            ):
                continue
            part = amount(release, fid)
            status = PASS if part.low <= total.high else FAIL
            rows.append(
                {
                    "check": f"{fid} fits within total_trade",
                    "kind": "consistency",
                    "status": status,
                    "detail": f"{_t(part)} vs {_t(total)}",
                }
            )
    return rows


def _fits_within(release, part, whole):
    a, b = amount(release, part), amount(release, whole)
    status = PASS if a.low <= b.high else FAIL
    return status, f"{part} {_t(a)} can fit within {whole} {_t(b)} {release.currency} trillion"


def _share_above(release, part, whole, printed):
    share, claimed = share_pct(release, part, whole), release.share(printed)
    status = PASS if share.overlaps(claimed) else FAIL
    return status, f"{part}/{whole} = {share} % against printed share {claimed} %"


def _share_above_first_time(release, part, whole, printed):
    status, detail = _share_above(release, part, whole, printed)
    before = share_pct(release, part, whole, prior=True)
    bound = release.share(printed).low
    was_below = before.low <= bound
    detail += f"; implied previous year {before} %, needs to be at most {bound:g}%"
    detail += " (years before that are not in the release)"
    return (status if was_below else FAIL), detail


def _grows_faster(release, fast, slow):
    a, b = release.growth(fast), release.growth(slow)
    fa, fb = release.figure(fast), release.figure(slow)
    status = PASS if a.high > b.low else FAIL
    detail = f"{fast} {a} % vs {slow} {b} %"
    if fa["period"] != fb["period"]:
        detail += f" (periods differ: {fa['period_label']} vs {fb['period_label']})"
    return status, detail


def _reaches_bound(release, part, whole):
    a, claimed = amount(release, part), amount(release, whole)
    if not within(release.figure(part)["period"], release.figure(whole)["period"]):
        return UNVERIFIABLE, f"{part} does not cover part of {whole}'s period"
    if a.low > claimed.low:
        return PASS, f"{part} alone is {_t(a)}, above the claimed {claimed.low:g}"
    return (
        UNVERIFIABLE,
        f"{part} {_t(a)} is not above {claimed.low:g}; the rest of the period is not given",
    )


CLAIM_CHECKS = {
    "fits_within": _fits_within,
    "share_above": _share_above,
    "share_above_first_time": _share_above_first_time,
    "grows_faster": _grows_faster,
    "reaches_bound": _reaches_bound,
}


def claim_checks(release: Release) -> list[dict]:
    """One row per claim in claims.csv; claims without a check are unverifiable with their note."""
    rows = []
    for _, claim in release.claims.iterrows():
        row = {"check": f"claim {claim['id']}: {claim['claim']}", "kind": "claim"}
        if not claim["check"]:
            rows.append({**row, "status": UNVERIFIABLE, "detail": claim["note"]})
            continue
        try:
            status, detail = CLAIM_CHECKS[claim["check"]](release, *claim["figures"])
        except KeyError as exc:
            status, detail = UNVERIFIABLE, f"the release lacks a number: {exc.args[0]}"
        rows.append({**row, "status": status, "detail": detail})
    return rows


def checks(release: Release) -> pd.DataFrame:
    """All checks as a DataFrame: check, kind, status (pass|fail|unverifiable), detail."""
    return pd.DataFrame(consistency_checks(release) + claim_checks(release), columns=COLUMNS)
