"""What a section notebook needs to tell its story: the release, the reader's chosen units, and
helpers that turn figures into escaped, unit-bearing words and display text and charts.

Amounts are shown in the presentation's currency and scale; growth and shares in percent. Every
string that comes from a release file (labels, periods, citation) is escaped for Markdown.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import pandas as pd
from IPython.display import display

from .checks import checks
from .derive import amount, has_amount, prior_amount, share_pct
from .interval import Interval
from .params import ParameterError, check_parameters
from .release import Release
from .text import Presentation, escape_markdown, format_growth, format_share

_URL_SAFE = ":/?&=#%~+.,;@!-_"


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://")) and not any(c in url for c in " <>()[]\"'`")


class Story:
    """A release told in the units the reader asked for (see `from_parameters`)."""

    def __init__(
        self, release: Release, view: Presentation, palette="colorblind", figure_format="svg"
    ):
        self.release, self.view = release, view
        self.palette, self.figure_format = palette, figure_format
        self.trillion = f"{release.currency} trillion"

    @classmethod
    def from_parameters(
        cls,
        release="2024",
        currency="CNY",
        cny_per_usd=None,
        scale="trillion",
        palette="colorblind",
        figure_format="svg",
    ) -> Story:
        """Validate notebook parameters; a bad value stops the notebook with one clear line."""
        loaded, view = check_parameters(release, currency, cny_per_usd, scale, figure_format)
        from .charts import palette as colors

        try:
            colors(palette)
        except (ValueError, TypeError):
            raise ParameterError(f"palette {palette!r} is not a seaborn palette name") from None
        return cls(loaded, view, palette, figure_format)

    # --- figures as words -------------------------------------------------------------------
    def has(self, *ids) -> bool:
        """Whether every id is in the release."""
        return all(self.release.has(i) for i in ids)

    def label(self, fid: str) -> str:
        return escape_markdown(self.release.figure(fid)["label"])

    def when(self, fid: str) -> str:
        return escape_markdown(self.release.figure(fid)["period_label"])

    def amount(self, fid: str) -> str:
        """A figure's amount, e.g. "25.45 trillion yuan" or "more than 4 trillion yuan"."""
        row = self.release.figure(fid)
        if not pd.isna(row["value"]):
            return self.view.amount(
                row["value"], row["unit"], int(row["value_decimals"]), row["bound"]
            )
        return self.range(amount(self.release, fid))

    def number(self, fid_or_interval) -> float:
        """The middle of an amount, as a number in the reader's unit (for charts)."""
        interval = fid_or_interval
        if isinstance(fid_or_interval, str):
            interval = amount(self.release, fid_or_interval)
        return self.view.convert(interval.mid, self.trillion)

    def range(self, interval: Interval, decimals: int = 2) -> str:
        """An amount interval in words, e.g. "about 15.12 trillion yuan (15.10 to 15.13)"; the
        range gets up to two more digits when it would otherwise print as one number."""
        if math.isinf(interval.high):
            return f"more than {self.view.amount(interval.low, self.trillion, decimals)}"
        low = self.view.convert(interval.low, self.trillion)
        high = self.view.convert(interval.high, self.trillion)
        places = self.view.decimals(decimals, self.trillion)
        for extra in (0, 1, 2):
            if f"{low:,.{places + extra}f}" != f"{high:,.{places + extra}f}":
                places += extra
                break
        mid = self.view.amount(interval.mid, self.trillion, decimals)
        return f"about {mid} ({low:,.{places}f} to {high:,.{places}f})"

    def interval(self, fid: str, prior: bool = False) -> Interval:
        """A figure's amount interval in trillions of the release currency (or the implied
        previous year's), for arithmetic before it is put into words with `range`."""
        return prior_amount(self.release, fid) if prior else amount(self.release, fid)

    def prior(self, fid: str) -> str:
        """The implied previous-year amount with its rounding range."""
        return self.range(prior_amount(self.release, fid))

    def growth(self, fid: str) -> str:
        row = self.release.figure(fid)
        return format_growth(row["yoy_pct"], int(row["yoy_decimals"]))

    def growth_words(self, fid: str) -> str:
        """Growth as a verb phrase: "grew 7.1%", "fell 2.3%" or "was unchanged"."""
        row = self.release.figure(fid)
        pct, places = row["yoy_pct"], int(row["yoy_decimals"])
        if round(pct, places) == 0:
            return "was unchanged"
        return f"{'grew' if pct > 0 else 'fell'} {format_share(abs(pct), places)}"

    def share(self, fid: str) -> str:
        row = self.release.figure(fid)
        text = format_share(row["share_pct"], int(row["share_decimals"]))
        return f"more than {text}" if row["bound"] == "lower" else text

    def percent(self, interval: Interval, decimals: int = 1) -> str:
        """A derived percentage with its range, e.g. "50.3% (50.31 to 50.35)", or "at least 23.9%"
        when the interval has no upper end (a part printed as "more than")."""
        if math.isinf(interval.high):
            low = math.floor(interval.low * 10**decimals) / 10**decimals  # "at least" stays true
            return f"at least {low:.{decimals}f}%"
        return (
            f"{interval.mid:.{decimals}f}% ({interval.low:.{decimals + 1}f} to "
            f"{interval.high:.{decimals + 1}f})"
        )

    def ratio(self, part: str, whole: str, prior: bool = False) -> Interval:
        """part / whole in percent, this year or in the implied previous year."""
        return share_pct(self.release, part, whole, prior)

    def has_amount(self, fid: str) -> bool:
        """Whether the release gives an amount for `fid`, printed or implied by a share."""
        return self.release.has(fid) and has_amount(self.release, fid)

    def has_growth(self, fid: str) -> bool:
        """Whether the release gives a growth rate for `fid`."""
        return self.release.has(fid) and not pd.isna(self.release.figure(fid)["yoy_pct"])

    def checks(self) -> pd.DataFrame:
        return checks(self.release)

    # --- display ------------------------------------------------------------------------------
    def say(self, markdown: str) -> None:
        """Show generated Markdown (callers escape release text through the helpers above)."""
        display({"text/markdown": markdown, "text/plain": markdown}, raw=True)

    def table(self, frame: pd.DataFrame) -> None:
        """Show a table as escaped HTML (and plain text), with no object repr in the output."""
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
        url = str(self.release.meta["url"])
        words = re.sub(r"\s*,\s*,", ",", self.release.citation.replace(url, ""))
        words = escape_markdown(words.strip().rstrip(".,").strip())
        link = (
            f" [{quote(url, safe=_URL_SAFE)}](<{quote(url, safe=_URL_SAFE)}>)"
            if _is_web(url)
            else ""
        )
        note = f" {self.view.rate_note}" if self.view.rate_note else ""
        self.say(f"*Source: {words}.*{link}{note}")

    @property
    def source_note(self) -> str:
        note = self.release.source_note
        return f"{note}. {self.view.rate_note}" if self.view.rate_note else note + "."

    @property
    def colors(self) -> list:
        from .charts import palette

        return palette(self.palette)

    def show(self, fig, alt: str) -> None:
        """Display a chart with `alt` as its text form; the figure is released afterwards."""
        from .charts import render

        bundle = render(fig, self.figure_format)
        display({**bundle, "text/plain": f"Chart: {alt}"}, raw=True)
