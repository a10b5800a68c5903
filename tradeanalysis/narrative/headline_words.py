"""The headline page's sentences: the release's total as a year or as a year to date, and its
last month and quarter.

A year-to-date release reads as one ("January–November 2024: 39.79 trillion yuan, +4.9%; November
alone 3.75 trillion, +1.2%"): the period in words from `period.describe_period`, the month alone by
its id (`figure_ids.month_id`). Amounts are said by `words.Words` (trillions of the run's currency,
or its scale); growth in percent.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.data.figure_ids import month_id
from tradeanalysis.data.period import describe_period, parse_period
from tradeanalysis.narrative.text import CURRENCY_WORDS, escape_markdown
from tradeanalysis.narrative.words import Words


class HeadlineWords:
    """Sentences for the headline of `words.release`."""

    def __init__(self, words: Words):
        self.words, self.release = words, words.release

    @property
    def covered(self) -> tuple:
        """(first, last) month the release covers, as monthly Periods (from its total's period,
        else from release.yml's covers.period)."""
        if self.release.has("total_trade"):
            return parse_period(self.release.figure("total_trade")["period"])
        return parse_period(str(self.release.meta["covers"]["period"]))

    @property
    def is_year_to_date(self) -> bool:
        """Whether the release covers January to a month before December of one year."""
        first, last = self.covered
        return first.month == 1 and last.month < 12 and first.year == last.year

    @property
    def last_month(self) -> str:
        """The id of the total of the release's last month alone ("nov_trade")."""
        return month_id("total_trade", self.covered[1].month)

    def total_text(self) -> str:
        """The release's total in one paragraph: the year and its growth, or the year to date
        with its last month alone; then the previous period its growth implies."""
        if self.is_year_to_date:
            return self.year_to_date_text()
        w = self.words
        return (
            f"Exports and imports together came to **{w.amount_text('total_trade')}** in "
            f"{w.period_text('total_trade')}, {w.growth_text('total_trade')} on the year "
            f"before. Undoing that growth puts the previous year at {w.prior_text('total_trade')}."
        )

    def year_to_date_text(self) -> str:
        """ "**January–November 2024: 39.79 trillion yuan, +4.9%; November alone 3.75 trillion,
        +1.2%.**" and the same months a year earlier as the growth implies; the month alone is
        left out, and said so, where the release prints none."""
        w, first, last = self.words, *self.covered
        total = w.amount_text("total_trade")
        text = f"**{escape_markdown(describe_period(f'{first}/{last}'))}: {total}"
        text += self._growth("total_trade")
        month, name = self.last_month, last.strftime("%B")
        if self.words.numbers.has_amount(month):
            alone = w.amount_text(month)
            currency = CURRENCY_WORDS[self.words.numbers.amount(month).currency]
            if alone.endswith(currency) and total.endswith(currency):  # said once is enough
                alone = alone.removesuffix(f" {currency}")
            text += f"; {name} alone {alone}{self._growth(month)}.**"
        else:
            text += f".** The release prints no figure for {name} alone."
        if self._growth("total_trade"):
            before = describe_period(f"{first.year - 1}-01/{last.year - 1}-{last.month:02d}")
            text += (
                f" Undoing the growth puts {escape_markdown(before)} at "
                f"{w.prior_text('total_trade')}."
            )
        return text

    def chart_text(self) -> str:
        """The line before the chart of the total against the period before it."""
        before = (
            "the months so far against the same months a year earlier as the growth rate implies"
            if self.is_year_to_date
            else "the year against the implied previous year"
        )
        return (
            f"The chart sets {before}; the pale bar is the range the rounding of the printed "
            "figures leaves open."
        )

    def _growth(self, fid: str) -> str:
        """ ", +4.9%" where the release prints a growth rate for `fid`, else ""."""
        row = self.release.figure(fid)
        return "" if pd.isna(row["yoy_pct"]) else f", {self.words.growth_text(fid)}"

    def end_of_period_text(self) -> str:
        """What a year-to-date release says in place of the fourth quarter and December: one line
        naming the months it covers and where the rest of the year comes from."""
        first, last = self.covered
        return (
            f"This release covers {escape_markdown(describe_period(f'{first}/{last}'))}: the "
            f"fourth quarter and December of {last.year} come with the full-year release. The "
            "notebook of the year as it unfolds sets the months of the releases so far side by "
            "side."
        )
