"""Words about the years up to a release: what the history notebook says, and the headline's word on
whether a later release restated the year.

The years come from `year_series.YearSeries`; amounts are shown in the release currency at the
reader's scale (one rate applied to every past year would give figures nobody published); shares
and growth in percent.
"""

from __future__ import annotations

import math

import pandas as pd

from tradeanalysis.analysis.revisions import PRINTED_AGAIN
from tradeanalysis.analysis.vintages import CONSISTENT, IMPLIED, REDEFINED, RESTATED
from tradeanalysis.analysis.within_year import FROM_TOTALS, MINUS_MONTH
from tradeanalysis.analysis.year_series import YearSeries
from tradeanalysis.data.figure_ids import measure_of
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.period import describe_period
from tradeanalysis.data.units import unit_currency
from tradeanalysis.narrative.breaks import redefined_words
from tradeanalysis.narrative.text import CURRENCY_WORDS, escape_markdown, lower_first
from tradeanalysis.narrative.words import Words


class YearWords:
    """Sentences about the history of `series.release`, in the presentation of `words`."""

    def __init__(self, series: YearSeries, words: Words):
        self.series, self.words, self.release = series, words, series.release
        self.view = words.view
        # Years are shown in the release currency at the reader's scale.
        self.years_view = words.view_for(self.release.currency)

    def year_amount_text(self, row, fid: str) -> str:
        """A year's amount: "30.51 trillion yuan", or "about ..." when only implied."""
        words = self.years_view.amount(row["mid"], self.series.unit(fid), 2)
        return f"about {words}" if row["kind"] == IMPLIED else words

    def history_overview_text(self) -> str:
        """How many releases, which years, and how the total moved from the first to the last."""
        releases = self.series.year_releases
        text = (
            f"The data hold {len(releases)} releases published up to this one, the first on "
            f"{releases[0].published}."
        )
        total = self.series.years_of("total_trade")
        if len(total) >= 2:
            first, last = total.iloc[0], total.iloc[-1]
            gaps = sorted(set(range(first["year"], last["year"])) - set(total["year"]))
            text += (
                f" They give total goods trade for {first['year']} to {last['year']}"
                + (f" (no value for {', '.join(map(str, gaps))})" if gaps else "")
                + f": {self.year_amount_text(first, 'total_trade')} in {first['year']} and "
                f"{self.year_amount_text(last, 'total_trade')} in {last['year']}, "
                f"{last['mid'] / first['mid']:.2f} times as much."
            )
        text += (
            " A year's value is the one printed for it; where no release printed a year, it is"
            ' the one the next year\'s growth rate implies, marked "about".'
        )
        if self.years_view is not self.view:
            text += (
                f" The years are shown in {CURRENCY_WORDS[self.release.currency]}, as customs"
                " printed them: one exchange rate applied to every past year would give figures"
                " nobody published."
            )
        return text

    def overtaking_text(self, leader: str, other: str) -> str:
        """When `leader` moved ahead of `other`, telling years apart only where the rounding
        ranges do not overlap; "" when the data have no year with both."""
        both = self.series.years_of(leader).merge(
            self.series.years_of(other), on="year", suffixes=("_a", "_b")
        )
        if both.empty:
            return ""
        ahead = both["low_a"] > both["high_b"]
        behind = both["high_a"] < both["low_b"]
        a, b = self.series.label(leader), lower_first(self.series.label(other))
        years = f"the data give both ({both['year'].iloc[0]} to {both['year'].iloc[-1]})"
        if ahead.all():
            return f"{a} was larger than {b} in every year {years}."
        if not ahead.any():
            return f"{a} was not larger than {b} in any year {years}."
        first = int(ahead.idxmax())
        row = both.iloc[first]
        text = (
            f"{a} first came out larger than {b} in {row['year']}: "
            f"{self.years_view.amount(row['mid_a'], self.series.unit(leader), 2)} against "
            f"{self.years_view.amount(row['mid_b'], self.series.unit(other), 2)}"
        )
        if first > 0 and behind.iloc[first - 1]:
            text += f", after trailing it in {both['year'].iloc[first - 1]}"
            text += _crossing_a_break(both.iloc[first - 1], row, b)
        later = ahead.iloc[first:]
        tail = (
            "stayed ahead in every later year the data give both"
            if later.all()
            else ("but not in every later year")
        )
        return text + f"; it {tail} (to {both['year'].iloc[-1]})."

    def crossing_text(self, part: str, *, of: str, at: float) -> str:
        """The first year `part`'s share of `of` was above `at` percent, and the year before."""
        shares = self.series.years_of(part, of)
        if shares.empty:
            return ""
        above = shares["low"] > at
        name = f"The share of {lower_first(self.series.label(part))} in {self.whole_words(of)}"
        if not above.any():
            top = shares.loc[shares["high"].idxmax()]
            return (
                f"{name} stayed at or below {at:g}% in every year in the data, at most "
                f"{top['high']:.1f}% ({top['year']})."
            )
        first = int(above.idxmax())
        row = shares.iloc[first]
        text = f"{name} first passed {at:g}% in {row['year']}: {_pct(row)}"
        if first > 0:
            before = shares.iloc[first - 1]
            text += f", after {_pct(before)} in {before['year']}"
        return text + "."

    def restated_text(self, fid: str) -> str:
        """Whether a later release restated this release's figure, by how much; "" if no later
        release in the data implies its year."""
        rows = self.series.revisions([fid], later=True)
        rows = rows[
            (rows["printed_in"] == self.release.id)
            & (rows["period"] == self.release.figure(fid)["period"])
        ]
        if rows.empty:
            return ""
        # Both sides in the currency the compared figures were printed in: a printed figure is
        # never held against a converted one.
        row = rows.iloc[0]
        implied = Interval(row["implied_low"], row["implied_high"])
        view = self.words.view_for(unit_currency(row["unit"]))
        printed = self.release.figure(fid)
        said = "figure"
        if pd.notna(printed["value"]):
            decimals = int(printed["value_decimals"])
            said = view.amount(printed["value"], printed["unit"], decimals)
        text = (
            f"The {row['implied_in']} release{_how_words(row)} "
            f"{lower_first(self.series.label(fid))} of "
            f"{self.words.range_text(implied, row['unit'], view=view)} for "
            f"{escape_markdown(describe_period(row['period']))}"
        )
        if row["status"] == REDEFINED:
            return text + f", on {row['implied_definition']}: a different figure from this one."
        if row["status"] == RESTATED:
            near, far = sorted((abs(row["change_pct_low"]), abs(row["change_pct_high"])))
            side = "below" if row["change_high"] < 0 else "above"
            return text + (
                f", {near:.2f}% to {far:.2f}% {side} the {said} printed here: customs later "
                f"restated {'this year' if str(row['period']).isdigit() else 'these months'}."
            )
        return text + f", which the {said} printed here allows once rounding is taken into account."

    def revisions_text(self) -> str:
        """How many printed figures a later release (up to this one) lets us compare, and how
        many of them it restated."""
        table = self.series.revisions(None)
        if table.empty:
            return "No later release up to this one implies a year that an earlier one printed."
        restated = table[table["status"] == RESTATED]
        years = sorted(set(restated["period"]))
        return (
            f"For {len(table)} printed figures a later release up to this one implies the same "
            f"year. {(table['status'] == CONSISTENT).sum()} agree within rounding; "
            f"{len(restated)} cannot, so customs restated them"
            + (f" (years {', '.join(years)})" if years else "")
            + f". {redefined_words(table)}The table lists the restated ones."
        )

    def revisions_table(self, restated_only: bool = True, rows=None) -> pd.DataFrame:
        """The figures and years a later release (up to this one) implies differently from what
        was printed (`restated_only=False`: every comparison; `rows`: these revisions rows
        instead): figure, year, printed, implied, change, status; each amount in its own
        currency and the reader's scale."""
        table = self.series.revisions(None) if rows is None else rows
        rows = []
        if restated_only:
            table = table[table["status"] == RESTATED]
        for _, r in table.iterrows():
            rows.append(
                {
                    "figure": self.series.label(r["id"]),
                    "year": r["period"],
                    "printed": f"{self._printed(r)} (release {r['printed_in']})",
                    "implied": f"{self._range(r, 'implied')} (release {r['implied_in']})",
                    "change": change_range_text(r),
                    "status": r["status"],
                }
            )
        return pd.DataFrame(
            rows, columns=["figure", "year", "printed", "implied", "change", "status"]
        )

    def _printed(self, row) -> str:
        """The figure a revision compares as printed, with its printed digits in its own
        currency at the reader's scale ("3.5936 trillion US dollars" for 3,593.6 billion)."""
        release = next(r for r in self.series.every_release if r.id == row["printed_in"])
        # a January-March total stands as the first quarter printed (`q1_trade` of a release
        # that prints only `total_trade` for those months): its measure's figure
        fid = row["id"] if release.has(row["id"]) else measure_of(row["id"])
        if not release.has(fid):
            return self._range(row, "printed")
        figure = release.figure(fid)
        if pd.isna(figure["value"]):  # implied by a printed share: a range
            return self._range(row, "printed")
        own = self.words.view_for(unit_currency(row["unit"]))
        decimals = int(figure["value_decimals"])
        return own.amount(figure["value"], figure["unit"], decimals, figure["bound"])

    def _range(self, row, side: str) -> str:
        """A printed or implied interval in its own currency (customs' dollar figures are never
        converted at the reader's rate) and the reader's scale."""
        interval = Interval(row[f"{side}_low"], _inf(row[f"{side}_high"]))
        own = self.words.view_for(unit_currency(row["unit"]))
        return self.words.range_text(interval, row["unit"], view=own)

    def whole_words(self, fid: str) -> str:
        return "all trade" if fid == "total_trade" else lower_first(self.series.label(fid))


def _how_words(row) -> str:
    """How a later release gives a period's amount, to follow "The 2024 release": "'s growth
    rate implies" (the default), " prints", "'s year to date less its month implies", "'s
    year-to-date totals imply"."""
    how = row.get("implied_how", "") if hasattr(row, "get") else ""
    return {
        PRINTED_AGAIN: " prints",
        MINUS_MONTH: "'s year to date less its month implies",
        FROM_TOTALS: "'s year-to-date totals imply",
    }.get(how, "'s growth rate implies")


def _inf(x: float) -> float:
    return math.inf if pd.isna(x) else x


def _pct(row) -> str:
    return f"{row['mid']:.1f}% ({row['low']:.2f} to {row['high']:.2f})"


def change_range_text(row) -> str:
    """The change from printed to implied in percent, as a range: "-1.01% to -0.86%"."""
    low, high = row["change_pct_low"], row["change_pct_high"]
    return f"{low:+.2f}% to " + ("no limit" if pd.isna(high) else f"{high:+.2f}%")


def _crossing_a_break(before, after, name: str) -> str:
    """ " (<name> on definition X in <year>, Y in <year>)" where the two years compared sit on
    different definitions of either figure (data/releases/series.yml), else ""."""
    for side in ("b", "a"):
        was, now = before[f"definition_{side}"], after[f"definition_{side}"]
        if was != now:
            who = name if side == "b" else "the first"
            return (
                f" ({who} on definition {was} in {before['year']} and {now} in {after['year']}, "
                "so that step crosses a change of definition)"
            )
    return ""
