"""The generic section: words and charts for any section of a release that has no notebook of its
own (e.g. `enterprises`, or a section a new release declares), so it reaches the report without
new code. `SectionRecipes` is mixed into `story.Story`.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.derive import currency_of
from tradeanalysis.narrative.text import Presentation, escape_markdown

# Sections told by a notebook of their own; every other section goes to the generic notebook.
DEDICATED = ("headline", "trade", "partners", "shenzhen")


class SectionRecipes:
    """Any section, told figure by figure: amount, growth, implied previous year, share."""

    def other_sections(self) -> list[str]:
        """The release's sections with figures and no dedicated notebook, in file order."""
        found = dict.fromkeys(self.release.figures["section"])
        return [s for s in found if s not in DEDICATED]

    def section_title(self, section: str) -> str:
        """The section's title, escaped for Markdown."""
        return escape_markdown(self.release.sections[section])

    def _readable(self, fid: str) -> bool:
        """Whether the figure's amount can be said in the reader's currency (a dollar figure in
        a yuan run is said in dollars instead: no rate is assumed)."""
        return currency_of(self.release, fid) == self.view.currency or bool(self.view.cny_per_usd)

    def _own_amount_text(self, fid: str) -> str:
        if self._readable(fid):
            return self.amount_text(fid)
        row = self.release.figure(fid)
        own = Presentation(
            currency=currency_of(self.release, fid),
            scale=self.view.scale,
            scale_fixed=self.view.scale_fixed,
        )
        return own.amount(row["value"], row["unit"], int(row["value_decimals"]), row["bound"])

    def figure_text(self, fid: str) -> str:
        """One sentence for one figure with whatever the release gives: amount, growth, the
        previous year that growth implies, and the printed share."""
        row = self.release.figure(fid)
        parts = []
        if self.has_amount(fid) and (self._readable(fid) or not pd.isna(row["value"])):
            parts.append(f"{self._own_amount_text(fid)} in {self.period_text(fid)}")
        else:
            parts.append(f"in {self.period_text(fid)}")
        if self.has_growth(fid):
            grew = f"{self.growth_text(fid)} on the year before"
            if self.has_amount(fid) and self._readable(fid):
                grew += f", which puts the previous year at {self.prior_text(fid)}"
            parts.append(grew)
        if not pd.isna(row["share_pct"]):
            parts.append(f"{self.share_text(fid)} of {self.whole_text(fid)}")
        return f"{self.label_text(fid)}: " + "; ".join(parts) + "."

    def section_text(self, section: str) -> str:
        """The section's figures, one sentence each, as a Markdown list."""
        return "\n".join(f"- {self.figure_text(f)}" for f in self.release.section(section).index)

    def section_charts(self, section: str) -> None:
        """The section's amounts against the implied previous year, and its growth rates."""
        ids = list(self.release.section(section).index)
        flows = [
            f
            for f in ids
            if self.has_amount(f)
            and self.has_growth(f)
            and self._readable(f)
            and currency_of(self.release, f) == self.release.currency
        ]
        if flows:
            self.prior_chart(flows)
        rates = [f for f in ids if self.has_growth(f)]
        if len(rates) > 1:
            self.growth_chart(rates)
