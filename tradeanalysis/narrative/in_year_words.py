"""Words about the year as it unfolded: the year-to-date releases of the chosen release's year up
to it, month by month, and what the months say about December and the fourth quarter.

The months come from `in_year.in_year` and `quarters.quarters` over the releases published up to
the chosen one. Amounts there are in trillions of the measure's currency; here they are said at the
reader's scale, in customs' own dollars where the run is in dollars and customs printed a dollar
year to date for every month the yuan one has, else in yuan as printed (a rate of the analyst's
would give monthly figures nobody published). Growth in percent, with its printed digits.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from tradeanalysis.analysis.in_year import CONSISTENT, REVISED, in_year
from tradeanalysis.analysis.quarters import quarters
from tradeanalysis.analysis.year_series import YearSeries
from tradeanalysis.data.figure_ids import month_id, month_of, quarter_of
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.period import describe_period, parse_period
from tradeanalysis.data.release import Release
from tradeanalysis.narrative.text import (
    CURRENCY_WORDS,
    Presentation,
    escape_markdown,
    format_growth,
    lower_first,
)
from tradeanalysis.narrative.words import Words

MEASURES = ("total_trade", "exports", "imports")


class InYearWords:
    """Sentences about the months of `series.release`'s year, in the presentation of `words`."""

    def __init__(self, series: YearSeries, words: Words):
        self.series, self.words, self.release = series, words, series.release
        self.year = parse_period(covers(self.release))[1].year
        self._computed: dict[tuple, pd.DataFrame] = {}

    # --- which releases, which measure ---
    @functools.cached_property
    def releases(self) -> list[Release]:
        """The releases up to this one that cover this year from January: its year-to-date
        releases and, if it is one, the full-year release; oldest first."""
        return [r for r in self.series.releases_so_far if _from_january(r, self.year)]

    @functools.cached_property
    def year_to_date(self) -> list[Release]:
        """The year-to-date releases among `releases` (January to a month before December)."""
        return [r for r in self.releases if parse_period(covers(r))[1].month < 12]

    def has_months(self) -> bool:
        """Whether a year-to-date release of this year is in the data up to this release."""
        return bool(self.year_to_date)

    def no_months_text(self) -> str:
        """The one line a release with no year-to-date release of its year shows."""
        return (
            f"**No year-to-date release of {self.year} in the data** up to release "
            f"{escape_markdown(self.release.id)}: there are no months to show, only what the "
            "release itself prints (see the headline page)."
        )

    @functools.cached_property
    def is_full_year(self) -> bool:
        return parse_period(covers(self.release))[1].month == 12

    def shown(self, measure: str) -> str:
        """The measure drawn for `measure`: customs' dollar twin in a dollar run where customs
        printed a dollar year to date for every month the release currency has, for total
        trade, exports and imports alike (one currency on the page); else `measure` itself."""
        return f"{measure}_usd" if self.in_dollars else measure

    @functools.cached_property
    def in_dollars(self) -> bool:
        """Whether the page shows customs' own dollar figures (see `shown`)."""
        if self.words.view.currency == self.release.currency or self.release.currency == "USD":
            return False
        counts = [
            (
                self.frame(m)["ytd_release"].ne("").sum(),
                self.frame(f"{m}_usd")["ytd_release"].ne("").sum(),
            )
            for m in MEASURES
        ]
        return all(usd >= own > 0 for own, usd in counts)

    def frame(self, measure: str) -> pd.DataFrame:
        """`in_year.in_year` for `measure` over the releases up to this one."""
        return self._frames(measure, "months")

    def quarter_frame(self, measure: str) -> pd.DataFrame:
        """`quarters.quarters` for `measure` over the releases up to this one."""
        return self._frames(measure, "quarters")

    def _frames(self, measure: str, which: str) -> pd.DataFrame:
        """Each frame computed once per page (a sentence, a table and a chart read it)."""
        if (measure, which) not in self._computed:
            make = in_year if which == "months" else quarters
            self._computed[measure, which] = make(
                measure, self.year, through=self.release.id, folder=self.release.path.parent
            )
        return self._computed[measure, which]

    def view(self, fid: str) -> Presentation:
        """The reader's presentation for `fid`'s currency (never a conversion)."""
        return self.words.view_for("USD" if fid.endswith("_usd") else self.release.currency)

    def unit(self, fid: str) -> str:
        return ("USD" if fid.endswith("_usd") else self.release.currency) + " trillion"

    # --- numbers in words ---
    @functools.cached_property
    def by_id(self) -> dict[str, Release]:
        return {r.id: r for r in self.series.every_release}

    def printed_text(self, release_id: str, fid: str) -> str:
        """A figure as `release_id` printed it, with its printed digits at the reader's scale."""
        row = self.by_id[release_id].figure(fid)
        return self.view(fid).amount(
            row["value"], row["unit"], int(row["value_decimals"]), row["bound"]
        )

    def printed_number(self, release_id: str, fid: str) -> str:
        """A figure's number alone with its printed digits, in `view(fid)`'s unit: "13.10"."""
        row, view = self.by_id[release_id].figure(fid), self.view(fid)
        places = view.decimals(int(row["value_decimals"]), row["unit"])
        return f"{view.convert(row['value'], row['unit']):,.{places}f}"

    def releases_printing(self, fid: str, period: str) -> list[str]:
        """Ids of the releases up to this one that print an amount of `fid` for `period`,
        oldest first."""
        return [
            r.id
            for r in self.releases
            if r.has(fid)
            and str(r.figure(fid)["period"]) == period
            and pd.notna(r.figure(fid)["value"])
        ]

    def growth_printed(self, release_id: str, fid: str) -> str:
        """The growth rate `release_id` printed for `fid`, signed, with its printed digits."""
        row = self.by_id[release_id].figure(fid)
        return format_growth(row["yoy_pct"], int(row["yoy_decimals"]))

    def range_words(self, low: float, high: float, fid: str) -> str:
        """An implied amount: "about 3.77 trillion yuan (3.76 to 3.78)"."""
        high = math.inf if pd.isna(high) else high
        return self.words.range_text(Interval(low, high), self.unit(fid), view=self.view(fid))

    def month_name(self, months: str) -> str:
        """ "2024-11" -> "November"; a span "2024-01/2024-03" -> "January–March" (month names,
        not "Q1", so a list of year-to-date spans reads alike)."""
        first, last = parse_period(months)
        if first == last:
            return describe_period(months).removesuffix(f" {self.year}")
        return f"{first.strftime('%B')}\u2013{last.strftime('%B')}"

    # --- sentences ---
    def overview_text(self) -> str:
        """Which releases of the year the page draws on and what each month has."""
        ytd, frame = self.year_to_date, self.frame(self.shown("total_trade"))
        spans = ", ".join(self.month_name(covers(r)) for r in ytd)
        full = " and the full-year release" if self.is_full_year else ""
        alone = frame["month_release"].ne("").sum()
        gaps = [self.month_name(m) for m in frame.loc[frame["ytd_release"].eq(""), "month"]]
        text = (
            f"The data hold {len(ytd)} year-to-date release{'s' * (len(ytd) != 1)} of "
            f"{self.year} up to this one ({spans}){full}. Between them they print the year to "
            f"date through {len(frame) - len(gaps)} of the {len(frame)} months (or spans of "
            f"months) they cover, and the month alone for {alone}."
        )
        if gaps:
            text += f" No release in the data gives the year to date through {word_list(gaps)}."
        return text + self.currency_note()

    def currency_note(self) -> str:
        """Where a dollar run draws the months in yuan, why; else ""."""
        if self.words.view.currency == self.release.currency:
            return ""
        if self.shown("total_trade") != "total_trade":
            return " The months are in customs' own dollar figures."
        return (
            f" The months are shown in {CURRENCY_WORDS[self.release.currency]}, as customs "
            "printed them: customs' dollar year-to-date totals do not cover every month, and a "
            "rate of this run's would give monthly figures nobody published."
        )

    def months_text(self, measure: str = "total_trade") -> str:
        """How many months the printed month alone agrees with the year-to-date totals on, and
        each month where it cannot (a revision), with both numbers."""
        fid = self.shown(measure)
        frame = self.frame(fid)
        both = frame[frame["status"].isin([CONSISTENT, REVISED])]
        revised = both[both["status"] == REVISED]
        text = (
            f"For {len(both)} month{'s' * (len(both) != 1)} the data give both the month alone "
            "as printed and the two year-to-date totals around it; "
            f"{len(both) - len(revised)} agree{'s' * (len(both) - len(revised) == 1)} once "
            "rounding is allowed for"
        )
        if revised.empty:
            return text + ", so none shows a revision."
        parts = [
            f"{self.month_name(r['month'])}, printed as "
            f"{self.printed_text(r['month_release'], month_id(fid, int(r['month'][5:])))} by "
            f"release {r['month_release']}, where its year to date less the one before leaves "
            f"{self.range_words(r['implied_low'], r['implied_high'], fid)}"
            for _, r in revised.iterrows()
        ]
        return text + (
            f". {len(revised)} cannot: {'; '.join(parts)}. There customs counted an earlier "
            "month again between the two releases: a revision inside the year."
        )

    def growth_text(self) -> str:
        """Year-to-date growth of each measure in the first and the last release of the year."""
        parts = []
        for measure in MEASURES:
            fid = self.shown(measure)
            frame = self.frame(fid).dropna(subset=["ytd_yoy_pct"])
            if len(frame):
                first, last = frame.iloc[0], frame.iloc[-1]
                name = "total trade" if measure == "total_trade" else self.series.label(fid)
                parts.append(
                    f"{lower_first(name)} "
                    f"{self.growth_printed(first['ytd_release'], fid)} through "
                    f"{self.month_name(first['month'])} and "
                    f"{self.growth_printed(last['ytd_release'], fid)} through "
                    f"{self.month_name(last['month'])}"
                )
        if not parts:
            return "No release of the year in the data prints a growth rate for the year to date."
        return (
            "Growth of the year to date on the same months a year earlier, as each release "
            "printed it: " + "; ".join(parts) + "."
        )

    def year_end_text(self) -> str:
        """What the months decide of December and the fourth quarter (a full-year release), or
        one line saying a year-to-date release has neither yet."""
        if not self.is_full_year:
            return (
                f"This release covers {escape_markdown(describe_period(covers(self.release)))}:"
                f" December and the fourth quarter of {self.year}, and any claim about them, "
                "come with the full-year release."
            )
        parts = [self._december(), self._fourth_quarter()]
        return " ".join(p for p in parts if p)

    def adds_text(self) -> str:
        """For a full-year release with year-to-date releases before it: what they add, the
        December and fourth quarter they decide; "" otherwise."""
        if not (self.is_full_year and self.has_months()):
            return ""
        return "What the year-to-date releases add: " + lower_first(self.year_end_text())

    def _december(self) -> str:
        fid = self.shown("total_trade")
        frame = self.frame(fid)
        row = frame[frame["month"] == f"{self.year}-12"]
        if row.empty or pd.isna(row.iloc[0]["implied_low"]):
            return (
                "No January–November release in the data, so the months decide nothing of December."
            )
        r = row.iloc[0]
        text = (
            f"The year less January–November (release {self._ytd_release(11, fid)})"
            f" leaves {self.range_words(r['implied_low'], r['implied_high'], fid)} for December"
        )
        if r["month_release"]:
            printed = self.printed_text(r["month_release"], month_id(fid, 12))
            text += f", against {printed} printed ({_status_words(r['status'])})"
        return text + "."

    def _ytd_release(self, month: int, fid: str) -> str:
        frame = self.frame(fid)
        return frame.loc[frame["month"] == f"{self.year}-{month:02d}", "ytd_release"].iloc[0]

    def _fourth_quarter(self) -> str:
        fid = self.shown("total_trade")
        rows = self.quarter_frame(fid)
        row = rows[rows["quarter"] == f"{self.year}-Q4"]
        if row.empty or pd.isna(row.iloc[0]["implied_low"]):
            return "No January–September release in the data: the fourth quarter is not decided."
        r = row.iloc[0]
        text = (
            f"The year less January–September leaves "
            f"{self.range_words(r['implied_low'], r['implied_high'], fid)} for the fourth quarter"
        )
        if r["printed_release"]:
            printed = self.printed_text(r["printed_release"], f"q4_{fid.removeprefix('total_')}")
            text += f", against {printed} printed ({_status_words(r['status'])})"
        return text + "."

    def year_end_claims(self) -> list[str]:
        """Ids of the release's claims that name a month or a quarter alone."""
        claims = self.release.claims
        if claims.empty or not self.is_full_year:
            return []
        named = claims["figures"].map(
            lambda ids: any(month_of(i) or quarter_of(i) for i in _ids(ids))
        )
        return list(claims.loc[named, "id"])


def covers(release: Release) -> str:
    """The period a release covers (release.yml covers.period)."""
    return str(release.meta["covers"]["period"])


def _from_january(release: Release, year: int) -> bool:
    first, last = parse_period(covers(release))
    return first.month == 1 and first.year == last.year == year


def _ids(figures) -> list[str]:
    """A claim's figure ids (a list, or the space-separated text of claims.csv)."""
    return figures.split() if isinstance(figures, str) else list(figures)


def _status_words(status: str) -> str:
    return {
        CONSISTENT: "consistent: the two agree once rounding is allowed for",
        REVISED: "revised: the two cannot agree, so customs counted the months again",
    }.get(status, status)


def word_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
