"""Tables of the year as it unfolded: the months, the quarters, and the revisions inside the year
and of the year before (`revisions.revisions_of` rows whose period is part of a year).

Amounts as printed (their printed digits at the reader's scale, in the currency `InYearWords.shown`
chose) or as implied (a range); growth in percent as printed.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.vintages import RESTATED, revisions_of
from tradeanalysis.data.figure_ids import measure_of, month_id
from tradeanalysis.data.period import describe_period, first_year
from tradeanalysis.narrative.in_year_words import MEASURES, InYearWords
from tradeanalysis.narrative.year_words import YearWords

IMPLIED = "implied by the year-to-date totals"
MONTH_COLUMNS = ["months", "year to date", "growth", "month alone", IMPLIED, "status"]
QUARTER_COLUMNS = ["quarter", "printed", IMPLIED, "status"]


class InYearTables:
    """The tables of `months`'s year."""

    def __init__(self, months: InYearWords, years: YearWords):
        self.months, self.years = months, years

    def months_table(self, measure: str = "total_trade") -> pd.DataFrame:
        """One row per month (or span of months): the year to date as printed (its release),
        its growth, the month alone as printed, the month the year-to-date totals imply, and
        the status."""
        m = self.months
        fid = m.shown(measure)
        rows = []
        for _, r in m.frame(fid).iterrows():
            month = int(r["month"][5:])
            ytd = r["ytd_release"]
            alone = r["month_release"]
            rows.append(
                {
                    "months": m.month_name(r["months"]),
                    "year to date": f"{m.printed_text(ytd, fid)} ({ytd})" if ytd else "",
                    "growth": m.growth_printed(ytd, fid) if _has_growth(m, ytd, fid) else "",
                    "month alone": (
                        f"{m.printed_text(alone, month_id(fid, month))} ({alone})" if alone else ""
                    ),
                    IMPLIED: (
                        ""
                        if pd.isna(r["implied_low"])
                        else m.range_words(r["implied_low"], r["implied_high"], fid)
                    ),
                    "status": r["status"],
                }
            )
        return pd.DataFrame(rows, columns=MONTH_COLUMNS)

    def quarters_table(self, measure: str = "total_trade") -> pd.DataFrame:
        """One row per quarter: every printing of the quarter alone (oldest first, each with its
        release), the quarter the year-to-date totals imply, and the status of the latest
        printing against it."""
        m = self.months
        fid = m.shown(measure)
        rows = []
        for _, r in m.quarter_frame(fid).iterrows():
            quarter = f"q{r['quarter'][-1]}_{fid.removeprefix('total_')}"
            printed = [
                f"{m.printed_text(rid, quarter)} ({rid})"
                for rid in m.releases_printing(quarter, r["quarter"])
            ]
            implied = ""
            if not pd.isna(r["implied_low"]):
                implied = m.range_words(r["implied_low"], r["implied_high"], fid)
                implied += f" ({r['implied_from']})"
            rows.append(
                {
                    "quarter": describe_period(r["quarter"]),
                    "printed": "; ".join(printed),
                    IMPLIED: implied,
                    "status": r["status"],
                }
            )
        return pd.DataFrame(rows, columns=QUARTER_COLUMNS)

    def revisions(self, measure: str | None = None) -> pd.DataFrame:
        """`revisions_of` rows (releases up to this one) whose period is part of this year or
        the year before, not a whole year; `measure`: its ids only (month and quarter ids too)."""
        table = revisions_of(self.months.series.releases_so_far)
        if table.empty:
            return table
        keep = table["period"].map(
            lambda p: (
                not str(p).isdigit() and first_year(p) in (self.months.year - 1, self.months.year)
            )
        )
        if measure is not None:
            keep &= table["id"].map(lambda i: measure_of(i) == measure)
        return table[keep].reset_index(drop=True)

    def flows(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of `table` for total trade, exports and imports (their months, quarters and
        dollar twins too)."""
        if table.empty:
            return table
        return table[table["id"].map(lambda i: measure_of(i).removesuffix("_usd") in MEASURES)]

    def revisions_text(self) -> str:
        """How many in-year figures a later release lets us compare, how many were restated."""
        table = self.revisions()
        if table.empty:
            return (
                f"No later release up to this one implies a part of {self.months.year - 1} or "
                f"{self.months.year} that an earlier one printed."
            )
        restated = table[table["status"] == RESTATED]
        return (
            f"For {len(table)} figures of part of {self.months.year - 1} or {self.months.year} "
            "a later release up to this one implies (or prints again) the same months. "
            f"{(table['status'] != RESTATED).sum()} agree within rounding or sit on another "
            f"definition; {len(restated)} cannot, so customs counted those months again. The "
            f"table lists the {len(self.flows(restated))} of them for total trade, exports and "
            "imports (their months, quarters and dollar figures included); `ta.revisions()` "
            "gives every one."
        )

    def revisions_table(self) -> pd.DataFrame:
        """The restated rows of `revisions` in words: figure, period, printed, implied, change."""
        table = self.revisions()
        table = self.flows(table[table["status"] == RESTATED] if not table.empty else table)
        words = self.years.revisions_table(rows=table)
        if not words.empty:
            words["year"] = words["year"].map(describe_period)
            words.insert(4, "how", list(table["implied_how"]))
        return words.rename(columns={"year": "months"})


def _has_growth(months: InYearWords, release_id: str, fid: str) -> bool:
    return bool(release_id) and not pd.isna(months.by_id[release_id].figure(fid)["yoy_pct"])
