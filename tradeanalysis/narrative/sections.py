"""The generic section: words and charts for any section of a release that has no notebook of its
own (e.g. `enterprises`, or a section a new release declares), so it reaches the report without
new code.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.narrative.recipes import ChartRecipes
from tradeanalysis.narrative.text import escape_markdown
from tradeanalysis.narrative.words import Words

# Sections told by a notebook of their own; every other section goes to the generic notebook.
DEDICATED = ("headline", "trade", "partners", "shenzhen")


class Sections:
    """Any section of `words.release`, told figure by figure: amount, growth, implied previous
    year, share."""

    def __init__(self, words: Words, charts: ChartRecipes):
        self.words, self.charts = words, charts
        self.release, self.numbers = words.release, words.numbers

    def other_sections(self) -> list[str]:
        """The release's sections with figures and no dedicated notebook, in file order."""
        found = dict.fromkeys(self.release.figures["section"])
        return [s for s in found if s not in DEDICATED]

    def section_title(self, section: str) -> str:
        """The section's title, escaped for Markdown."""
        return escape_markdown(self.release.sections[section])

    def _has_growth(self, fid: str) -> bool:
        return not pd.isna(self.release.figure(fid)["yoy_pct"])

    def figure_text(self, fid: str) -> str:
        """One sentence for one figure with whatever the release gives: amount, growth, the
        previous year that growth implies, and the printed share."""
        words, row = self.words, self.release.figure(fid)
        parts = [f"in {words.period_text(fid)}"]
        if self.numbers.has_amount(fid):
            parts = [f"{words.amount_text(fid)} in {words.period_text(fid)}"]
        if self._has_growth(fid):
            grew = f"{words.growth_text(fid)} on the year before"
            if self.numbers.has_amount(fid):
                grew += f", which puts the previous year at {words.prior_text(fid)}"
            parts.append(grew)
        if not pd.isna(row["share_pct"]):
            parts.append(f"{words.share_text(fid)} of {words.whole_text(fid)}")
        return f"{words.label_text(fid)}: " + "; ".join(parts) + "."

    def section_text(self, section: str) -> str:
        """The section's figures, one sentence each, as a Markdown list."""
        return "\n".join(f"- {self.figure_text(f)}" for f in self.release.section(section).index)

    def section_charts(self, section: str) -> None:
        """The section's amounts in the release currency against the implied previous year, and
        its growth rates."""
        ids = list(self.release.section(section).index)
        flows = [
            f
            for f in ids
            if self.numbers.has_amount(f)
            and self._has_growth(f)
            and self.numbers.own(f).currency == self.release.currency
        ]
        if flows:
            self.charts.prior_chart(flows)
        rates = [f for f in ids if self._has_growth(f)]
        if len(rates) > 1:
            self.charts.growth_chart(rates)
