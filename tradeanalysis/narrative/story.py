"""What a section notebook needs to tell its story, as parts it holds:

- `numbers` (`numbers.Numbers`): the intervals behind words and charts, one value per question;
- `words` (`words.Words`): figures in words, in the run's currency as `money.Money` decides;
- `headline` (`headline_words.HeadlineWords`): the total as a year or a year to date;
- `charts` (`recipes.ChartRecipes`): one call per chart of this year;
- `years` and `year_charts` (`year_words.YearWords`, `year_charts.YearCharts`): the years up to
  the release;
- `months`, `month_tables` and `month_charts` (`in_year_words.InYearWords`,
  `in_year_tables.InYearTables`, `in_year_charts.InYearCharts`): the year as it unfolded, month by
  month in the year-to-date releases up to the release;
- `sections` (`sections.Sections`): any section without a notebook of its own.

`Story` itself checks the notebook parameters, says what the release lacks, shows Markdown and
tables, states the run's exchange rate once and cites the release.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd

from tradeanalysis.analysis.checks import checks
from tradeanalysis.analysis.frames import SHARES, derived_amounts
from tradeanalysis.analysis.money import Money
from tradeanalysis.analysis.year_series import YearSeries
from tradeanalysis.data.release import Release
from tradeanalysis.narrative.display import Display
from tradeanalysis.narrative.headline_words import HeadlineWords
from tradeanalysis.narrative.in_year_charts import InYearCharts
from tradeanalysis.narrative.in_year_tables import InYearTables
from tradeanalysis.narrative.in_year_words import InYearWords
from tradeanalysis.narrative.not_yet import not_yet_text
from tradeanalysis.narrative.numbers import Numbers
from tradeanalysis.narrative.params import check_palette, check_parameters, normalized
from tradeanalysis.narrative.recipes import ChartRecipes
from tradeanalysis.narrative.sections import Sections
from tradeanalysis.narrative.text import Presentation, escape_markdown
from tradeanalysis.narrative.words import Words
from tradeanalysis.narrative.year_charts import YearCharts
from tradeanalysis.narrative.year_words import YearWords

_URL_SAFE = ":/?&=#%~+.,;@!-_"


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://")) and not any(c in url for c in " <>()[]\"'`")


class Story:
    """A release told in the units the reader asked for (see `from_parameters`)."""

    def __init__(
        self, release: Release, view: Presentation, palette="colorblind", figure_format="svg"
    ):
        self.release, self.view = release, view
        self.display = Display(palette, figure_format)
        self.numbers = Numbers(Money(release, view.currency, view.cny_per_usd))
        self.words = Words(self.numbers, view)
        self.charts = ChartRecipes(self.words, self.display)
        self.headline = HeadlineWords(self.words)
        self.years = YearWords(YearSeries(release), self.words)
        self.year_charts = YearCharts(self.years, self.display)
        self.months = InYearWords(self.years.series, self.words)
        self.month_tables = InYearTables(self.months, self.years)
        self.month_charts = InYearCharts(self.months, self.month_tables, self.display)
        self.sections = Sections(self.words, self.charts)
        self.say, self.table = self.display.say, self.display.table

    @classmethod
    def from_parameters(
        cls,
        release="2024",
        currency="CNY",
        cny_per_usd=None,
        scale=None,
        palette="colorblind",
        figure_format="svg",
    ) -> Story:
        """Validate notebook parameters; a bad value stops the notebook with one clear line."""
        loaded, view = check_parameters(release, currency, cny_per_usd, scale, figure_format)
        check_palette(palette)
        return cls(
            loaded, view, palette, normalized({"figure_format": figure_format})["figure_format"]
        )

    # --- what the release has ---
    def has(self, *ids) -> bool:
        """Whether every id is in the release."""
        return all(self.release.has(i) for i in ids)

    def has_amount(self, fid: str) -> bool:
        """Whether the release gives an amount for `fid`, printed or implied by a share."""
        return self.numbers.has_amount(fid)

    def has_growth(self, fid: str) -> bool:
        """Whether the release gives a growth rate for `fid`."""
        return self.release.has(fid) and not pd.isna(self.release.figure(fid)["yoy_pct"])

    def has_share(self, fid: str) -> bool:
        """Whether the release prints a share for `fid`."""
        return self.release.has(fid) and not pd.isna(self.release.figure(fid)["share_pct"])

    def with_growth(self, section: str, only: bool = False) -> list[str]:
        """Ids of a section's figures that have a growth rate (`only`: and nothing else)."""
        rows = self.release.section(section).dropna(subset=["yoy_pct"])
        if only:
            rows = rows[rows["value"].isna() & rows["share_pct"].isna()]
        return list(rows.index)

    def missing(self, section: str, ids, amounts: bool = False) -> bool:
        """Say which figures of a section this release lacks (`amounts`: or prints without an
        amount, e.g. a growth rate alone); True if any is missing."""
        gone = [i for i in ids if not self.release.has(i)]
        bare = [i for i in ids if amounts and i not in gone and not self.has_amount(i)]
        if gone or bare:
            title = escape_markdown(self.release.sections[section].lower())
            why = not_yet_text(self.release, gone)  # a year to date: months it cannot have yet
            said = []  # ids are [a-z0-9_], safe in a code span
            if gone:
                said.append(f"**Not in this release:** {', '.join(f'`{i}`' for i in gone)}.")
            if bare:
                names = ", ".join(f"`{i}`" for i in bare)
                said.append(
                    f"**No amount in this release:** {names} (a growth rate or share only)."
                )
            self.say(
                " ".join(said) + (f" {why}" if why else "") + f" The {title} part "
                "that needs them is left out, and so is its chart."
            )
        return bool(gone or bare)

    def has_history(self, say: bool = False) -> bool:
        """Whether a release before this one is in the data; `say`: say so when none is."""
        if self.years.series.has_history():
            return True
        if say:
            self.say(
                f"**No earlier release in the data.** Release {escape_markdown(self.release.id)} "
                "is the only one published up to now in its folder, so there are no years to set "
                "it against beyond the previous year its growth rates imply (see the headline "
                "section)."
            )
        return False

    def has_months(self, say: bool = False) -> bool:
        """Whether a year-to-date release of the release's year is in the data up to it; `say`:
        say so in one line when none is."""
        if self.months.has_months():
            return True
        if say:
            self.say(self.months.no_months_text())
        return False

    # --- tables ---
    def checks(self) -> pd.DataFrame:
        """Every check of the release (see `analysis.checks`)."""
        return checks(self.release)

    def checks_text(self, table: pd.DataFrame) -> str:
        """One paragraph: how many checks pass, fail and cannot be tested, and what failed."""
        counts = table["status"].value_counts()
        failed = [
            escape_markdown(name)
            + (" (the release's notes explain it)" if pd.notna(row["explanation"]) else "")
            for name, row in table[table["status"] == "fail"].iterrows()
        ]
        reading = (
            "Failures: " + "; ".join(failed) + "."
            if failed
            else "Nothing in the release contradicts itself once rounding is allowed for."
        )
        return (
            f"Of {len(table)} checks, **{counts.get('pass', 0)} pass**, "
            f"{counts.get('consistent', 0)} agree with the years on record without covering "
            f"all the years they speak of, **{counts.get('fail', 0)} fail** and "
            f"{counts.get('unverifiable', 0)} cannot be tested from the data. {reading}"
        )

    def derived_table(self) -> pd.DataFrame:
        """What the release implies but does not print, in words: figure, value, how derived;
        amounts as the run's `Money` decides (the balance from customs' own figures where it
        prints both flows in the run's currency, previous years never converted)."""
        rows = [
            {"figure": label, "value": self.words.amount_words(found), "derived from": basis}
            for _, label, found, basis in derived_amounts(self.numbers.money)
        ]
        for _, label, part, whole in SHARES:
            if self.has_amount(part) and self.has_amount(whole):
                share = self.words.percent_text(self.numbers.ratio(part, whole))
                rows.append({"figure": label, "value": share, "derived from": f"{part} / {whole}"})
        return pd.DataFrame(rows, columns=["figure", "value", "derived from"])

    def year_end_checks(self) -> pd.DataFrame:
        """The checks of the release's claims on a month or a quarter alone (December, the
        fourth quarter): claim, status, how it was decided; empty where it makes none."""
        table = self.checks().reset_index()
        table = table[table["claim"].isin(self.months.year_end_claims())]
        table = table[["check", "status", "detail"]]
        return table.rename(columns={"check": "claim", "detail": "how"}).reset_index(drop=True)

    # --- the run's rate and the sources ---
    def state_rate(self) -> None:
        """Say the run's exchange rate and what the converted mark means, once, near the top of
        a page; nothing in a run that converts nothing."""
        if text := self.words.rate_text():
            self.say(text)

    def cite(self) -> None:
        """The release's full citation with its address as a link."""
        self.say(f"*Source: {citation_markdown(self.release)}")

    def cite_history(self) -> None:
        """Every release the history draws on, one citation each."""
        lines = [f"- *{citation_markdown(r)}" for r in self.years.series.year_releases]
        self.say("*Sources, one release each:*\n\n" + "\n".join(lines))

    def cite_months(self) -> None:
        """Every release of the year the months page draws on (and of the year before where a
        revision names it), one citation each; the release alone when it has no months."""
        if not self.has_months():
            self.cite()
            return
        named = set(self.month_tables.revisions()[["printed_in", "implied_in"]].stack())
        named |= {r.id for r in self.months.releases}
        used = [r for r in self.years.series.releases_so_far if r.id in named]
        lines = [f"- *{citation_markdown(r)}" for r in used]
        self.say("*Sources, one release each:*\n\n" + "\n".join(lines))


def citation_markdown(release: Release) -> str:
    """A release's citation in Markdown: the words in italics (ending "*"), then its address as
    a link, so the address is never shown with Markdown escapes in it."""
    url = str(release.meta["url"])
    words = re.sub(r"\s*,\s*,", ",", release.citation.replace(url, ""))
    words = escape_markdown(words.strip().rstrip(".,").strip())
    safe = quote(url, safe=_URL_SAFE)
    link = f" [{safe}](<{safe}>)" if _is_web(url) else ""
    return f"{words}.*{link}"
