"""Check a release against itself, against its own claims, and against the releases before it.

A check passes when the intervals the rounding allows agree (no hand-tuned tolerance), fails when
they cannot, and is `unverifiable` when the data lack the numbers, with the reason; a claim over a
span of years the data do not wholly cover is `consistent` (see `outcomes` for the four statuses,
`claim_checks` and `span_checks` for the claims). A failure that
a release's release.yml explains under `discrepancies` stays a failure, with its explanation beside
it; `unexplained_failures` is what the command line counts.

Amounts are in trillions of the figure's own currency; a check never mixes yuan and dollars.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.claim_checks import claim_checks
from tradeanalysis.analysis.derive import amount, currency_of, has_amount, prior_amount
from tradeanalysis.analysis.outcomes import (  # noqa: F401 (STATUSES and CONSISTENT for callers)
    CONSISTENT,
    FAIL,
    PASS,
    STATUSES,
    UNVERIFIABLE,
)
from tradeanalysis.analysis.outcomes import compared as _compared
from tradeanalysis.analysis.outcomes import row as _row
from tradeanalysis.analysis.outcomes import t as _t
from tradeanalysis.analysis.vintages import Evidence
from tradeanalysis.data.period import within
from tradeanalysis.data.release import Release
from tradeanalysis.data.units import currency_suffix

# The table of checks: one row per check, indexed by its name. `claim` is the claim's id in
# claims.csv (NaN for a consistency check). `low`/`high` is the interval of what was checked and
# `against_low`/`against_high` what it was compared with, in `unit` ("CNY trillion", "USD
# trillion" or "percent"); NaN where a check compares more than two numbers (a run of years) or
# found none. A high of inf is a "more than" figure.
COLUMNS = ["kind", "claim", "status", "detail", "explanation"]
NUMBER_COLUMNS = ["low", "high", "against_low", "against_high", "unit"]


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
    for fid, row in release.figure_rows():
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


def checks(release: Release, earlier: list[Release] | None = None) -> pd.DataFrame:
    """All checks as a DataFrame indexed by `check` (its name): kind (consistency|claim), claim
    (the claim's id), status (pass|consistent|fail|unverifiable), detail, the release's
    explanation of a failure (NaN where it gives none) and the compared intervals (see COLUMNS).

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
