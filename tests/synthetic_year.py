"""A synthetic year of year-to-date releases (Testland, 2031), written to a folder for tests.

True monthly totals are invented; every release prints its year to date and its month alone
rounded to two decimals, as customs does. Three awkward cases are built in:
- a revision: the January-August release counts January-July again, 0.05 trillion higher, so
  January-August minus January-July cannot be August as printed;
- a missing month: no January-June release (nor a June figure anywhere);
- a month with no single-month figure: the January-April release prints no April alone.
January and February come as one release, as customs publishes them; the first quarter is printed
by the March release and again, counted afresh, by the annual release.
"""

from __future__ import annotations

from pathlib import Path

from tradeanalysis.data.figure_ids import month_id
from tradeanalysis.data.period import year_to_date

YEAR = 2031
# Trillions of (invented) yuan, January to December.
TRUE_MONTHS = (1.90, 1.55, 2.40, 2.35, 2.50, 2.60, 2.70, 2.75, 2.65, 2.60, 2.80, 3.10)
REVISION = 0.05  # added to January-July by the January-August release and every later one
REVISED_FROM = 8  # the first release that counts January-July again
MISSING = 6  # no release covers January-June
NO_MONTH_ALONE = 4  # the January-April release prints the year to date only
Q1_REPRINTED = 5.80  # the annual release's first quarter (the March release: 5.85)
GROWTH = 5.0  # every year-to-date total printed with this growth rate

HEADER = "id,section,label,period,scope,value,unit,bound,yoy_pct,share_pct,share_of,note"
META = """# Invented figures for tests (Testland, {period}).
id: "{id}"
producer: tradeanalysis test suite
title: Synthetic year to date, {period} (invented figures)
published: {published}
accessed: 2032-02-01
url: https://example.org/testland/{id}
citation: tradeanalysis test suite, invented figures for Testland, {period}.
currency: CNY
units: Values in CNY trillion; growth in percent.
covers:
  period: {period}
  scope: an invented economy
  sections: [headline]
"""


# The annual release's claims, each decided with the year-to-date releases before it.
CLAIMS = """id,section,figures,claim,check,note
dec_over_3,headline,dec_trade total_trade,December alone was over 3 trillion,remainder_above 3,
q4_record,headline,q4_trade q1_trade q2_trade q3_trade,Q4 was the biggest on record,record_high,
dec_highest_5,headline,total_trade,December was the highest for 5 months,months_highest 5,
dec_highest_8,headline,total_trade,December was the highest for 8 months,months_highest 8,
dec_highest_13,headline,total_trade,December was the highest for 13 months,months_highest 13,
"""


def true_ytd(month: int, release_month: int, months=TRUE_MONTHS, revision=REVISION) -> float:
    """January to `month` as the release of `release_month` counts it (trillions)."""
    total = sum(months[:month])
    return total + (revision if release_month >= REVISED_FROM and month >= 7 else 0.0)


def _line(fid: str, label: str, period: str, value: float, yoy: str = "") -> str:
    return f"{fid},headline,{label},{period},Testland,{value:.2f},CNY trillion,exact,{yoy},,,"


def _figures(month: int, months, revision) -> list[str]:
    period = year_to_date(YEAR, month)
    ytd = true_ytd(month, month, months, revision)
    lines = [HEADER, _line("total_trade", "Goods trade", period, ytd, GROWTH)]
    if month > 2 and month != NO_MONTH_ALONE:
        mid = f"{YEAR}-{month:02d}"
        lines.append(_line(month_id("total_trade", month), "Month", mid, months[month - 1]))
    if month == 3:
        lines.append(_line("q1_trade", "First quarter", f"{YEAR}-Q1", sum(months[:3])))
    if month == 12:
        q1 = Q1_REPRINTED if months == TRUE_MONTHS else sum(months[:3])
        lines.append(_line("q1_trade", "First quarter", f"{YEAR}-Q1", q1))
        lines.append(_line("q4_trade", "Fourth quarter", f"{YEAR}-Q4", sum(months[9:])))
    return lines


def write_year(folder: Path, months=TRUE_MONTHS, revision=REVISION, missing=MISSING) -> Path:
    """Write the releases of the synthetic year into `folder` (made if absent); returns it.
    `months`: the true monthly totals; `revision`: what the January-August release and later
    ones add to January-July; `missing`: the month no release covers (None: none missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for month in range(2, 13):
        if month == missing:
            continue
        rid = str(YEAR) if month == 12 else f"{YEAR}-{month:02d}"
        out = folder / rid
        out.mkdir()
        out.joinpath("figures.csv").write_text("\n".join(_figures(month, months, revision)) + "\n")
        next_month = f"{YEAR + 1}-01" if month == 12 else f"{YEAR}-{month + 1:02d}"
        period, published = year_to_date(YEAR, month), f"{next_month}-10"
        meta = META.format(id=rid, period=period, published=published)
        out.joinpath("release.yml").write_text(meta)
        if month == 12:
            out.joinpath("claims.csv").write_text(CLAIMS)
    return folder
