"""What a section notebook needs to tell its story: the release, the reader's chosen units, words
for figures (methods ending in `_text`), the numbers behind them (intervals), and chart recipes
(`recipes.ChartRecipes`).

Amounts are shown in the presentation's currency and scale; growth and shares in percent. Every
string that comes from a release file (labels, periods, citation) is escaped for Markdown.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import pandas as pd
from IPython.display import display

from tradeanalysis.analysis.checks import checks
from tradeanalysis.analysis.derive import (
    amount,
    currency_of,
    has_amount,
    prior_amount,
    share_pct,
    trade_balance,
)
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.release import Release
from tradeanalysis.data.units import currency_suffix
from tradeanalysis.narrative.params import check_palette, check_parameters, normalized
from tradeanalysis.narrative.recipes import ChartRecipes
from tradeanalysis.narrative.sections import SectionRecipes
from tradeanalysis.narrative.text import (
    CURRENCY_WORDS,
    Presentation,
    escape_markdown,
    format_growth,
    format_share,
)
from tradeanalysis.narrative.years import YearRecipes

_URL_SAFE = ":/?&=#%~+.,;@!-_"


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://")) and not any(c in url for c in " <>()[]\"'`")


class Story(ChartRecipes, YearRecipes, SectionRecipes):
    """A release told in the units the reader asked for (see `from_parameters`)."""

    def __init__(
        self, release: Release, view: Presentation, palette="colorblind", figure_format="svg"
    ):
        self.release, self.view = release, view
        self.palette, self.figure_format = palette, figure_format
        self._computed: dict[tuple, Interval] = {}  # one value per question, for text and chart

    def _once(self, key: tuple, compute) -> Interval:
        if key not in self._computed:
            self._computed[key] = compute()
        return self._computed[key]

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
        return self.release.has(fid) and has_amount(self.release, fid)

    def has_growth(self, fid: str) -> bool:
        """Whether the release gives a growth rate for `fid`."""
        return self.release.has(fid) and not pd.isna(self.release.figure(fid)["yoy_pct"])

    def with_growth(self, section: str, only: bool = False) -> list[str]:
        """Ids of a section's figures that have a growth rate (`only`: and nothing else)."""
        rows = self.release.section(section).dropna(subset=["yoy_pct"])
        if only:
            rows = rows[rows["value"].isna() & rows["share_pct"].isna()]
        return list(rows.index)

    def is_lower_bound(self, fid: str) -> bool:
        """Whether the figure was printed as "more than" its value."""
        return self.release.figure(fid)["bound"] == "lower"

    # --- which figure, in which currency ---
    # In a run whose currency is not the release's, a figure customs also printed in the run's
    # currency (its `_usd` twin, with its own growth rate) is told from that twin. A figure
    # printed only in yuan is converted at the run's rate and says so; its growth is in yuan
    # terms, and the previous year it implies stays in yuan: no rate for that year is known.
    def twin_of(self, fid: str) -> str | None:
        """Customs' own figure for `fid` in the run's currency ("total_trade_usd"), if printed."""
        if currency_of(self.release, fid) == self.view.currency:
            return None
        twin = fid + currency_suffix(self.view.currency)
        return twin if self.has_amount(twin) else None

    def shown_as(self, fid: str) -> str:
        """The figure whose amount stands for `fid` in this run: its twin, or itself."""
        return self.twin_of(fid) or fid

    def growth_of(self, fid: str) -> str:
        """The figure whose growth rate stands for `fid`: its twin when the twin prints one."""
        twin = self.twin_of(fid)
        return twin if twin and self.has_growth(twin) else fid

    def converted(self, fid: str) -> bool:
        """Whether `fid`'s amount is converted at the run's rate (no figure in its currency)."""
        return currency_of(self.release, self.shown_as(fid)) != self.view.currency

    def view_of(self, fid: str) -> Presentation:
        """The presentation for `fid`'s previous year: the reader's when the growth rate is in the
        reader's currency, else the figure's own currency at the reader's scale."""
        currency = currency_of(self.release, self.growth_of(fid))
        if currency == self.view.currency:
            return self.view
        return Presentation(
            currency=currency, scale=self.view.scale, scale_fixed=self.view.scale_fixed
        )

    def _terms(self, fid: str) -> str:
        """ " in yuan terms" when a growth rate is not in the run's currency, else ""."""
        currency = currency_of(self.release, self.growth_of(fid))
        return "" if currency == self.view.currency else f" in {CURRENCY_WORDS[currency]} terms"

    def _rate_words(self) -> str:
        return f"at {self.view.cny_per_usd:g} yuan per dollar"

    # --- the numbers behind the words ---
    def unit_of(self, fid: str) -> str:
        """The unit `interval` returns for a figure: "CNY trillion" or "USD trillion"."""
        return f"{currency_of(self.release, fid)} trillion"

    def interval(self, fid: str, prior: bool = False) -> Interval:
        """A figure's amount interval in trillions of its currency (or the implied previous
        year's), for arithmetic before it is put into words with `range_text`."""
        get = prior_amount if prior else amount
        return self._once(("amount", fid, prior), lambda: get(self.release, fid))

    def balance(self, prior: bool = False) -> Interval:
        """Exports minus imports in trillions (positive: a surplus), from customs' figures in
        the run's currency where it prints both flows in it, else in the release currency."""
        suffix = self._balance_suffix()
        return self._once(("balance", prior), lambda: trade_balance(self.release, prior, suffix))

    def _balance_suffix(self) -> str:
        return (
            ""
            if self.converted("exports") or self.converted("imports")
            else (currency_suffix(self.view.currency) if self.twin_of("exports") else "")
        )

    def ratio(self, part: str, whole: str, prior: bool = False) -> Interval:
        """part / whole in percent, this year or in the implied previous year."""
        return self._once(
            ("share", part, whole, prior), lambda: share_pct(self.release, part, whole, prior)
        )

    def growth_ratio(self, fast: str, slow: str) -> Interval:
        """How many times `slow`'s growth rate `fast`'s is, with the range rounding allows."""
        return self._once(
            ("growth ratio", fast, slow),
            lambda: self.release.growth(fast) / self.release.growth(slow),
        )

    def printed_share(self, fid: str) -> float:
        """The share printed on a figure, in percent (e.g. 50 for "over half")."""
        return float(self.release.figure(fid)["share_pct"])

    def shown(
        self, interval: Interval, unit: str, view: Presentation = None
    ) -> tuple[float, float, float]:
        """(low, middle, high) of an amount interval in `unit`, in the reader's unit (or
        `view`'s)."""
        view = view or self.view
        return tuple(view.convert(v, unit) for v in (interval.low, interval.mid, interval.high))

    # --- words ---
    def label_text(self, fid: str) -> str:
        """The figure's label, escaped: "Goods exports"."""
        return escape_markdown(self.release.figure(fid)["label"])

    def whole_text(self, fid: str) -> str:
        """What the figure's printed share is a share of, to run on in a sentence: "goods
        exports", or "all goods trade" for the total."""
        whole = self.release.figure(fid)["share_of"]
        return "all goods trade" if whole == "total_trade" else self.label_text(whole).lower()

    def period_text(self, fid: str) -> str:
        """The figure's period in words, escaped: "2024", "Q4 2024", "January–November 2024"."""
        return escape_markdown(self.release.figure(fid)["period_label"])

    def scope_text(self, fid: str) -> str:
        """What the figure covers, escaped: "Shenzhen"."""
        return escape_markdown(self.release.figure(fid)["scope"])

    def amount_text(self, fid: str) -> str:
        """A figure's amount, e.g. "25.45 trillion yuan" or "more than 4 trillion yuan"; in a
        dollar run "5.94 trillion US dollars, customs' own dollar figure" or "about 6.16 trillion
        US dollars at 7.12 yuan per dollar"."""
        shown = self.shown_as(fid)
        row = self.release.figure(shown)
        if not pd.isna(row["value"]):
            text = self.view.amount(
                row["value"], row["unit"], int(row["value_decimals"]), row["bound"]
            )
        else:
            text = self.range_text(amount(self.release, shown), self.unit_of(shown))
        if shown != fid:
            return f"{text}, customs' own {self._currency_name()} figure"
        return f"{text} {self._rate_words()}" if self.converted(fid) else text

    def _currency_name(self) -> str:
        return {"USD": "dollar", "CNY": "yuan"}[self.view.currency]

    def range_text(
        self, interval: Interval, unit: str = "", decimals: int = 2, view: Presentation = None
    ) -> str:
        """An amount interval (in `unit`, default trillions of the release currency) in words,
        e.g. "about 15.12 trillion yuan (15.10 to 15.13)"; the range gets up to two more digits
        when it would otherwise print as one number. `view`: another presentation than the
        reader's (e.g. a dollar figure kept in dollars)."""
        unit = unit or f"{self.release.currency} trillion"
        view = (view or self.view).sized(interval.low, interval.high, unit=unit)
        if math.isinf(interval.high):
            return f"more than {view.amount(interval.low, unit, decimals)}"
        low, high = view.convert(interval.low, unit), view.convert(interval.high, unit)
        places = view.decimals(decimals, unit)
        for extra in (0, 1, 2):
            if f"{low:,.{places + extra}f}" != f"{high:,.{places + extra}f}":
                places += extra
                break
        mid = view.amount(interval.mid, unit, decimals)
        return f"about {mid} ({low:,.{places}f} to {high:,.{places}f})"

    def prior_text(self, fid: str) -> str:
        """The implied previous-year amount with its rounding range, in the currency its growth
        rate was measured in (a yuan growth rate gives a yuan previous year, also in a dollar
        run: converting it at this year's rate would give a figure nobody published)."""
        source = self.growth_of(fid)
        view = self.view_of(fid)
        return self.range_text(prior_amount(self.release, source), self.unit_of(source), view=view)

    def balance_text(self) -> str:
        """ "a surplus of about 7.06 trillion yuan (7.05 to 7.07)", or a deficit; in a dollar
        run from customs' dollar flows where printed, else converted and said so."""
        balance, suffix = self.balance(), self._balance_suffix()
        word = "surplus" if balance.mid >= 0 else "deficit"
        unit = self.unit_of("exports" + suffix)
        text = self.range_text(balance if balance.mid >= 0 else balance * -1, unit)
        if self.converted("exports"):
            text += f" {self._rate_words()}"
        return f"a {word} of {text}"

    def growth_text(self, fid: str, terms: bool = True) -> str:
        """Signed growth: "+7.1%", "−2.3%"; in a dollar run customs' dollar growth where printed,
        else the yuan growth said as "+5% in yuan terms" (`terms=False`: the number alone)."""
        source = self.growth_of(fid)
        row = self.release.figure(source)
        text = format_growth(row["yoy_pct"], int(row["yoy_decimals"]))
        return text + self._terms(fid) if terms else text

    def change_text(self, fid: str) -> str:
        """Growth as a verb phrase: "grew 7.1%", "fell 2.3%" or "was unchanged" (with "in yuan
        terms" in a dollar run where no dollar growth is printed)."""
        row = self.release.figure(self.growth_of(fid))
        pct, places = row["yoy_pct"], int(row["yoy_decimals"])
        if round(pct, places) == 0:
            return "was unchanged" + self._terms(fid)
        return f"{'grew' if pct > 0 else 'fell'} {format_share(abs(pct), places)}{self._terms(fid)}"

    def share_text(self, fid: str) -> str:
        """The printed share: "59.4%", or "more than 50%" for a lower bound."""
        row = self.release.figure(fid)
        text = format_share(row["share_pct"], int(row["share_decimals"]))
        return f"more than {text}" if row["bound"] == "lower" else text

    def percent_text(self, interval: Interval, decimals: int = 1) -> str:
        """A derived percentage with its range, e.g. "50.3% (50.31 to 50.35)", or "at least 23.9%"
        when the interval has no upper end (a part printed as "more than")."""
        if math.isinf(interval.high):
            low = math.floor(interval.low * 10**decimals) / 10**decimals  # "at least" stays true
            return f"at least {low:.{decimals}f}%"
        return (
            f"{interval.mid:.{decimals}f}% ({interval.low:.{decimals + 1}f} to "
            f"{interval.high:.{decimals + 1}f})"
        )

    def checks(self) -> pd.DataFrame:
        """Every check of the release (see `tradeanalysis.checks`)."""
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
        """`derive.derived_figures` in words and the reader's units: figure, value, how derived."""
        from tradeanalysis.analysis.derive import derived_figures

        rows = []
        for _, row in derived_figures(self.release).iterrows():  # in the release's units
            interval = Interval(row["low"], row["high"] if row["high"] == row["high"] else math.inf)
            if row["unit"] == "percent":
                value = self.percent_text(interval)
            else:
                value = self.range_text(interval, row["unit"])
            rows.append({"figure": row["label"], "value": value, "derived from": row["basis"]})
        return pd.DataFrame(rows, columns=["figure", "value", "derived from"])

    # --- display ---
    def say(self, markdown: str) -> None:
        """Show generated Markdown (callers escape release text through the helpers above)."""
        display({"text/markdown": markdown, "text/plain": markdown}, raw=True)

    def table(self, frame: pd.DataFrame) -> None:
        """Show a table as escaped HTML (and plain text), with no object repr in the output; a
        named index (`id`, `check`) is shown as the first column."""
        if frame.index.name:
            frame = frame.reset_index()
        html_table = (
            "<style>.tradeanalysis-table td, .tradeanalysis-table th {text-align: left;}</style>"
            + frame.to_html(escape=True, na_rep="", index=False, classes="tradeanalysis-table")
        )
        with pd.option_context("display.width", 200, "display.max_colwidth", 80):
            plain = frame.to_string(na_rep="", index=False)
        display({"text/html": html_table, "text/plain": plain}, raw=True)

    def missing(self, section: str, ids) -> bool:
        """Say which figures of a section this release lacks; True if any is missing."""
        gone = [i for i in ids if not self.release.has(i)]
        if gone:
            names = ", ".join(f"`{i}`" for i in gone)  # ids are [a-z0-9_], safe in a code span
            title = self.release.sections[section].lower()
            self.say(
                f"**Not in this release:** {names}. The {title} part "
                "that needs them is left out, and so is its chart."
            )
        return bool(gone)

    def cite(self) -> None:
        """The release's full citation, its address as a link, and the exchange rate if used."""
        note = f" {self.view.rate_note}" if self.view.rate_note else ""
        self.say(f"*Source: {citation_markdown(self.release)}{note}")

    @property
    def source_note(self) -> str:
        note = self.release.source_note
        return f"{note}. {self.view.rate_note}" if self.view.rate_note else note + "."

    @property
    def colors(self) -> list:
        from tradeanalysis.narrative.charts import palette

        return palette(self.palette)

    def show(self, fig, alt: str, data: list[dict]) -> None:
        """Display a chart with `alt` as its text form and `data` (one dict per bar or point,
        as drawn, with its unit) as CSV beside the images, for the report's downloads; the
        figure is released afterwards."""
        from tradeanalysis.narrative.charts import render

        images, metadata = render(fig, self.figure_format)
        table = pd.DataFrame(data).to_csv(index=False, float_format="%.10g")
        bundle = {**images, "text/csv": table, "text/plain": f"Chart: {alt}"}
        display(bundle, metadata=metadata, raw=True)


def citation_markdown(release: Release) -> str:
    """A release's citation in Markdown: the words in italics (ending "*"), then its address as
    a link, so the address is never shown with Markdown escapes in it."""
    url = str(release.meta["url"])
    words = re.sub(r"\s*,\s*,", ",", release.citation.replace(url, ""))
    words = escape_markdown(words.strip().rstrip(".,").strip())
    safe = quote(url, safe=_URL_SAFE)
    link = f" [{safe}](<{safe}>)" if _is_web(url) else ""
    return f"{words}.*{link}"
