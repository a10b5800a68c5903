"""Words and charts about the years up to a release: what the history notebook tells, and the
headline's word on whether a later release restated the year.

`YearRecipes` is mixed into `story.Story`. The years come from every release in the same folder
published up to the Story's release (`releases_so_far`); each year's value is the one printed for
it, or where no release printed it, the one the next release implies (`vintages.yearly`). Amounts
are converted to the reader's currency and scale; shares and growth are in percent.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from tradeanalysis.analysis.derive import MixedCurrencyError, trade_balance
from tradeanalysis.analysis.vintages import (
    CONSISTENT,
    IMPLIED,
    REDEFINED,
    RESTATED,
    releases_in,
    revisions_of,
    yearly,
)
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.units import unit_currency
from tradeanalysis.narrative.breaks import redefined_words
from tradeanalysis.narrative.text import CURRENCY_WORDS, Presentation, format_growth, lower_first

BAND_NOTE = "bands: range the rounding allows"


class YearRecipes:
    """The history of a Story's release: the releases before it, year series, restatements."""

    @functools.cached_property
    def releases_so_far(self) -> list:
        """The releases in the same folder published up to this one, oldest first."""
        here = self.release
        earlier = [
            r
            for r in releases_in(here.path.parent)
            if r.path != here.path and r.published <= here.published
        ]
        return sorted([*earlier, here], key=lambda r: (r.published, r.id))

    @functools.cached_property
    def _every_release(self) -> list:
        """Every release in the folder, later ones included (for what later releases restated)."""
        return [
            r if r.path != self.release.path else self.release
            for r in releases_in(self.release.path.parent)
        ]

    @property
    def _years_view(self) -> Presentation:
        """Years are shown in the release currency at the reader's scale: one rate applied to
        every past year would give figures nobody published."""
        return self._release_view()

    def has_history(self, say: bool = False) -> bool:
        """Whether a release before this one is in the data; `say`: say so when none is."""
        if len(self.releases_so_far) > 1:
            return True
        if say:
            self.say(
                f"**No earlier release in the data.** Release {self.release.id} is the only one "
                "published up to now in its folder, so there are no years to set it against beyond "
                "the previous year its growth rates imply (see the headline section)."
            )
        return False

    # --- year series ---
    def years_of(self, *ids, every_definition: bool = False) -> pd.DataFrame:
        """One row per year for a figure (one id) or a share (part, whole): `vintages.yearly`
        (`every_definition`: one per year and definition, for a chart that draws the breaks)."""
        return yearly(self.releases_so_far, ids, every_definition)

    def _label(self, fid: str) -> str:
        for release in reversed(self.releases_so_far):
            if release.has(fid):
                return release.figure(fid)["label"]
        return fid

    def _unit(self, fid: str) -> str:
        return ("USD" if fid.endswith("_usd") else self.release.currency) + " trillion"

    def _shown_years(self, fid: str, frame: pd.DataFrame | None = None) -> tuple:
        """(label, years, lows, mids, highs) in the reader's unit, for `charts.year_lines`."""
        frame = self.years_of(fid) if frame is None else frame
        unit = self._unit(fid)
        cols = [
            [self._years_view.convert(v, unit) for v in frame[c]] for c in ("low", "mid", "high")
        ]
        breaks = [list(frame["definition"])] if "definition" in frame else []
        return (self._label(fid), list(frame["year"]), *cols, *breaks)

    def _amount_words(self, row, fid: str) -> str:
        """A year's amount: "30.51 trillion yuan", or "about ..." when only implied."""
        words = self._years_view.amount(row["mid"], self._unit(fid), 2)
        return f"about {words}" if row["kind"] == IMPLIED else words

    def _balances(self) -> pd.DataFrame:
        """Exports minus imports for each release's own year, in trillions of the release
        currency: columns year, low, mid, high, kind."""
        rows = []
        for release in self.releases_so_far:
            if not (release.has("exports") and release.has("imports")):
                continue
            period = release.figure("exports")["period"]
            if not period.isdigit():
                continue
            try:
                balance = trade_balance(release)
            except (KeyError, MixedCurrencyError):
                continue
            rows.append(
                {
                    "year": int(period),
                    "low": balance.low,
                    "mid": balance.mid,
                    "high": balance.high,
                    "kind": "printed",
                }
            )
        return pd.DataFrame(rows, columns=["year", "low", "mid", "high", "kind"])

    # --- words ---
    def history_overview_text(self) -> str:
        """How many releases, which years, and how the total moved from the first to the last."""
        releases = self.releases_so_far
        text = (
            f"The data hold {len(releases)} releases published up to this one, the first on "
            f"{releases[0].published}."
        )
        total = self.years_of("total_trade")
        if len(total) >= 2:
            first, last = total.iloc[0], total.iloc[-1]
            gaps = sorted(set(range(first["year"], last["year"])) - set(total["year"]))
            text += (
                f" They give total goods trade for {first['year']} to {last['year']}"
                + (f" (no value for {', '.join(map(str, gaps))})" if gaps else "")
                + f": {self._amount_words(first, 'total_trade')} in {first['year']} and "
                f"{self._amount_words(last, 'total_trade')} in {last['year']}, "
                f"{last['mid'] / first['mid']:.2f} times as much."
            )
        text += (
            " A year's value is the one printed for it; where no release printed a year, it is"
            ' the one the next year\'s growth rate implies, marked "about".'
        )
        if self._years_view is not self.view:
            text += (
                f" The years are shown in {CURRENCY_WORDS[self.release.currency]}, as customs"
                " printed them: one exchange rate applied to every past year would give figures"
                " nobody published."
            )
        return text

    def overtaking_text(self, leader: str, other: str) -> str:
        """When `leader` moved ahead of `other`, telling years apart only where the rounding
        ranges do not overlap; "" when the data have no year with both."""
        both = self.years_of(leader).merge(self.years_of(other), on="year", suffixes=("_a", "_b"))
        if both.empty:
            return ""
        ahead = both["low_a"] > both["high_b"]
        behind = both["high_a"] < both["low_b"]
        a, b = self._label(leader), lower_first(self._label(other))
        years = f"the data give both ({both['year'].iloc[0]} to {both['year'].iloc[-1]})"
        if ahead.all():
            return f"{a} was larger than {b} in every year {years}."
        if not ahead.any():
            return f"{a} was not larger than {b} in any year {years}."
        first = int(ahead.idxmax())
        row = both.iloc[first]
        text = (
            f"{a} first came out larger than {b} in {row['year']}: "
            f"{self._years_view.amount(row['mid_a'], self._unit(leader), 2)} against "
            f"{self._years_view.amount(row['mid_b'], self._unit(other), 2)}"
        )
        if first > 0 and behind.iloc[first - 1]:
            text += f", after trailing it in {both['year'].iloc[first - 1]}"
        later = ahead.iloc[first:]
        tail = (
            "stayed ahead in every later year the data give both"
            if later.all()
            else ("but not in every later year")
        )
        return text + f"; it {tail} (to {both['year'].iloc[-1]})."

    def crossing_text(self, part: str, *, of: str, at: float) -> str:
        """The first year `part`'s share of `of` was above `at` percent, and the year before."""
        shares = self.years_of(part, of)
        if shares.empty:
            return ""
        above = shares["low"] > at
        name = f"The share of {lower_first(self._label(part))} in {self._whole_words(of)}"
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
        rows = self._revisions([fid], later=True)
        rows = rows[
            (rows["printed_in"] == self.release.id)
            & (rows["period"] == self.release.figure(fid)["period"])
        ]
        if rows.empty:
            return ""
        row = rows.iloc[0]
        implied = Interval(row["implied_low"], row["implied_high"])
        name = lower_first(self._label(fid))
        text = (
            f"The {row['implied_in']} release's growth rate implies {name} of "
            f"{self.range_text(implied, row['unit'])} for {row['period']}"
        )
        if row["status"] == REDEFINED:
            return text + f", on {row['implied_definition']}: a different figure from this one."
        if row["status"] == RESTATED:
            near, far = sorted((abs(row["change_pct_low"]), abs(row["change_pct_high"])))
            change = f"{near:.2f}% to {far:.2f}%"
            side = "below" if row["change_high"] < 0 else "above"
            return text + (
                f", {change} {side} the figure printed here: customs later restated this year."
            )
        return text + ", which the figure printed here allows once rounding is taken into account."

    # --- charts ---
    def year_lines_chart(self, ids: list[str], *, balance: bool = False) -> None:
        """Each figure over the years as a line with its rounding band; `balance`: add exports
        minus imports."""
        from tradeanalysis.narrative import charts

        frames = {f: self.years_of(f, every_definition=True) for f in ids}
        series = [self._shown_years(f, frames[f]) for f in ids if not frames[f].empty]
        balances = self._balances()
        if balance and not balances.empty:
            series.append(self._shown_years("exports", balances)[1:])
            series[-1] = ("Trade balance (exports minus imports)", *series[-1])
        if not series:
            return
        fig, ax = charts.new_chart(height=3.8)
        charts.year_lines(ax, series, self.colors)
        lead = frames[ids[0]]
        lead = lead[lead["definition"] == lead["definition"].iloc[-1]] if len(lead) else lead
        title = self._label(ids[0])
        if len(lead) >= 2:
            first, last = lead.iloc[0], lead.iloc[-1]
            title += (
                f" went from {self._amount_words(first, ids[0])} in {first['year']} to "
                f"{self._amount_words(last, ids[0])} in {last['year']}"
            )
        self._finish_years(fig, ax, title)
        self.show(
            fig,
            "over the years: " + ", ".join(s[0] for s in series),
            _points(series, self._years_view.unit_words),
        )

    def growth_years_chart(self, fid: str) -> None:
        """The growth rate each release printed for the figure's year, as bars by year."""
        from tradeanalysis.narrative import charts

        rows = [
            (
                int(r.figure(fid)["period"]),
                r.figure(fid)["yoy_pct"],
                int(r.figure(fid)["yoy_decimals"]),
            )
            for r in self.releases_so_far
            if r.has(fid)
            and r.figure(fid)["period"].isdigit()
            and not pd.isna(r.figure(fid)["yoy_pct"])
        ]
        if not rows:
            return
        years, values, places = zip(*rows, strict=True)
        texts = [format_growth(v, p) for v, p in zip(values, places, strict=True)]
        fig, ax = charts.new_chart(height=3.2)
        charts.year_bars(ax, list(years), list(values), texts, self.colors)
        low, high = (
            min(range(len(rows)), key=values.__getitem__),
            max(range(len(rows)), key=values.__getitem__),
        )
        title = (
            f"{self._label(fid)}: growth ranged from {texts[low]} ({years[low]}) to "
            f"{texts[high]} ({years[high]})"
        )
        charts.finish(
            fig,
            ax,
            title,
            self._sources_note(),
            xlabel="year",
            ylabel="growth on the year before (%)",
        )
        data = [{"year": y, "growth_pct": v} for y, v in zip(years, values, strict=True)]
        self.show(fig, f"growth of {self._label(fid)} by year", data)

    def year_share_chart(self, part: str, *, of: str, line: float) -> None:
        """`part`'s share of `of` over the years with its rounding band and a line at `line`%."""
        from tradeanalysis.narrative import charts

        shares = self.years_of(part, of)
        if shares.empty:
            return
        fig, ax = charts.new_chart(height=3.4)
        label = f"{self._label(part)}, share of {self._whole_words(of)}"  # a legend entry
        cols = [list(shares[c]) for c in ("low", "mid", "high")]
        charts.year_lines(ax, [(label, list(shares["year"]), *cols)], self.colors)
        ax.axhline(line, color="#333333", linewidth=0.8, linestyle="--")
        above = shares[shares["low"] > line]
        title = f"{label} over the years, against {line:g}%"
        if len(above):
            title = f"{self._label(part)} passed {line:g}% of {self._whole_words(of)} in "
            title += f"{above['year'].iloc[0]}"
        self._finish_years(fig, ax, title, ylabel=f"share of {self._whole_words(of)} (%)")
        self.show(
            fig,
            f"{label} by year, against {line:g}%",
            _points([(label, list(shares["year"]), *cols)], "percent"),
        )

    def revisions_text(self) -> str:
        """How many printed figures a later release (up to this one) lets us compare, and how
        many of them it restated."""
        table = self._revisions(None)
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

    def revisions_table(self, restated_only: bool = True) -> pd.DataFrame:
        """The figures and years a later release (up to this one) implies differently from what
        was printed (`restated_only=False`: every comparison): figure, year, printed, implied,
        change, status; each amount in its own currency and the reader's scale."""
        rows = []
        table = self._revisions(None)
        if restated_only:
            table = table[table["status"] == RESTATED]
        for _, r in table.iterrows():
            rows.append(
                {
                    "figure": self._label(r["id"]),
                    "year": r["period"],
                    "printed": f"{self._range(r, 'printed')} (release {r['printed_in']})",
                    "implied": f"{self._range(r, 'implied')} (release {r['implied_in']})",
                    "change": _change(r),
                    "status": r["status"],
                }
            )
        return pd.DataFrame(
            rows, columns=["figure", "year", "printed", "implied", "change", "status"]
        )

    def revisions_chart(self, fid: str) -> None:
        """For each year of a figure: how far the value a later release implies is from the one
        printed, in percent, with the range the rounding allows; a range that misses zero is a
        restatement."""
        from tradeanalysis.narrative import charts

        rows = self._revisions([fid])
        if rows.empty:
            return
        labels = [
            f"{r['period']} (printed in {r['printed_in']}, implied by {r['implied_in']})"
            for _, r in rows.iterrows()
        ]
        spans = [
            (
                r["change_pct_low"],
                (r["change_pct_low"] + r["change_pct_high"]) / 2,
                r["change_pct_high"],
            )
            for _, r in rows.iterrows()
        ]
        texts = [_change(r) for _, r in rows.iterrows()]
        fig, ax = charts.new_chart(height=0.5 * len(labels) + 1.5)
        charts.ranges(
            ax, labels, spans, texts, [self.colors[0]], reference=0.0, reference_label="no change"
        )
        restated = rows[rows["status"] == RESTATED]
        title = f"{self._label(fid)}: {len(restated)} of {len(rows)} years restated"
        if len(restated):
            title += ": " + "; ".join(
                f"{r['period']} by {_change(r)}" for _, r in restated.iterrows()
            )
        charts.finish(
            fig,
            ax,
            title,
            self._sources_note(),
            xlabel="implied minus printed, in percent of the printed value; "
            "bars: range the rounding allows",
        )
        data = [
            {"bar": bar, "low": lo, "value": m, "high": hi, "unit": "percent of the printed value"}
            for bar, (lo, m, hi) in zip(labels, spans, strict=True)
        ]
        self.show(fig, f"{self._label(fid)}: change from printed to later implied, by year", data)

    # --- helpers ---
    def _finish_years(self, fig, ax, title: str, ylabel: str = "") -> None:
        """Title, the axes of a chart over the years (amounts in the years' unit by default) and
        the credit line for a chart drawn from several releases."""
        from tradeanalysis.narrative import charts

        charts.finish(
            fig,
            ax,
            title,
            self._sources_note(),
            xlabel=f"year; {BAND_NOTE}",
            ylabel=ylabel or self._years_view.unit_words,
        )

    def _revisions(self, ids, later: bool = False) -> pd.DataFrame:
        releases = self._every_release if later else self.releases_so_far
        return revisions_of(releases, ids)

    def _range(self, row, side: str) -> str:
        """A printed or implied interval in its own currency (customs' dollar figures are never
        converted at the reader's rate) and the reader's scale."""
        interval = Interval(row[f"{side}_low"], _inf(row[f"{side}_high"]))
        own = Presentation(currency=unit_currency(row["unit"]), scale=self._years_view.scale)
        return self.range_text(interval, row["unit"], view=own)

    def _whole_words(self, fid: str) -> str:
        return "all trade" if fid == "total_trade" else lower_first(self._label(fid))

    def cite_history(self) -> None:
        """Every release the page draws on, one citation each."""
        from tradeanalysis.narrative.story import citation_markdown

        lines = [f"- *{citation_markdown(r)}" for r in self.releases_so_far]
        note = f"\n\n{self.view.rate_note}" if self.view.rate_note else ""
        self.say("*Sources, one release each:*\n\n" + "\n".join(lines) + note)

    def _sources_note(self) -> str:
        """The credit line for a chart drawn from several releases."""
        ids = [r.id for r in self.releases_so_far]
        note = f"Source: {self.release.meta['producer']}, releases {ids[0]} to {ids[-1]}"
        note += " (pages listed in each release's citation)."
        return f"{note} {self.view.rate_note}" if self.view.rate_note else note


def _inf(x: float) -> float:
    return math.inf if pd.isna(x) else x


def _pct(row) -> str:
    return f"{row['mid']:.1f}% ({row['low']:.2f} to {row['high']:.2f})"


def _change(row) -> str:
    """The change from printed to implied in percent, as a range: "-1.01% to -0.86%"."""
    low, high = row["change_pct_low"], row["change_pct_high"]
    return f"{low:+.2f}% to " + ("no limit" if pd.isna(high) else f"{high:+.2f}%")


def _points(series: list[tuple], unit: str) -> list[dict]:
    """The rows of a chart of lines: one per series and year, as `charts.year_lines` draws."""
    return [
        {"series": label, "year": year, "low": lo, "value": mid, "high": hi, "unit": unit}
        | ({"definition": rest[0][i]} if rest else {})
        for label, years, lows, mids, highs, *rest in series
        for i, (year, lo, mid, hi) in enumerate(zip(years, lows, mids, highs, strict=True))
    ]
