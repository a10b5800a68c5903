"""Charts of the years up to a release: lines with their rounding bands, growth by year, a share
against a line, two definitions of one figure, and restatements.

Amounts are drawn in the release currency at the reader's scale (`YearWords.years_view`); shares
and growth in percent.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.vintages import RESTATED
from tradeanalysis.data.period import first_year, is_full_year
from tradeanalysis.narrative.display import Display
from tradeanalysis.narrative.text import format_growth
from tradeanalysis.narrative.year_words import YearWords, change_range_text

BAND_NOTE = "bands: range the rounding allows"


class YearCharts:
    """Charts over the years of `year_words.series`."""

    def __init__(self, year_words: YearWords, display: Display):
        self.year_words, self.series = year_words, year_words.series
        self.release, self.view = year_words.release, year_words.view
        self.years_view = year_words.years_view
        self.display, self.show = display, display.show  # colours: `display.colors`, as drawn
        self.label, self.amount_words = self.series.label, year_words.year_amount_text
        self.whole_words = year_words.whole_words

    def year_lines_chart(self, ids: list[str], *, balance: bool = False) -> None:
        """Each figure over the years as a line with its rounding band; `balance`: add exports
        minus imports."""
        from tradeanalysis.narrative import charts

        frames = {f: self.series.years_of(f, every_definition=True) for f in ids}
        series = [self._shown_years(f, frames[f]) for f in ids if not frames[f].empty]
        balances = self.series.balances()
        if balance and not balances.empty:
            series.append(self._shown_years("exports", balances)[1:])
            series[-1] = ("Trade balance (exports minus imports)", *series[-1])
        if not series:
            return
        fig, ax = charts.new_chart(height=3.8)
        charts.year_lines(ax, series, self.display.colors)
        lead = frames[ids[0]]
        lead = lead[lead["definition"] == lead["definition"].iloc[-1]] if len(lead) else lead
        title = self.label(ids[0])
        if len(lead) >= 2:
            first, last = lead.iloc[0], lead.iloc[-1]
            title += (
                f" went from {self.amount_words(first, ids[0])} in {first['year']} to "
                f"{self.amount_words(last, ids[0])} in {last['year']}"
            )
        self._finish_years(fig, ax, title)
        self.show(
            fig,
            "over the years: " + ", ".join(s[0] for s in series),
            _points(series, self.years_view.unit_words),
        )

    def growth_years_chart(self, fid: str) -> None:
        """The growth rate each release printed for the figure's year, as bars by year."""
        from tradeanalysis.narrative import charts

        rows = [
            (
                first_year(r.figure(fid)["period"]),
                r.figure(fid)["yoy_pct"],
                int(r.figure(fid)["yoy_decimals"]),
            )
            for r in self.series.releases_so_far
            if r.has(fid)
            and is_full_year(r.figure(fid)["period"])
            and not pd.isna(r.figure(fid)["yoy_pct"])
        ]
        if not rows:
            return
        years, values, places = zip(*rows, strict=True)
        texts = [format_growth(v, p) for v, p in zip(values, places, strict=True)]
        fig, ax = charts.new_chart(height=3.2)
        charts.year_bars(ax, list(years), list(values), texts, self.display.colors)
        low, high = (
            min(range(len(rows)), key=values.__getitem__),
            max(range(len(rows)), key=values.__getitem__),
        )
        title = (
            f"{self.label(fid)}: growth ranged from {texts[low]} ({years[low]}) to "
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
        self.show(fig, f"growth of {self.label(fid)} by year", data)

    def year_share_chart(self, part: str, *, of: str, line: float) -> None:
        """`part`'s share of `of` over the years with its rounding band and a line at `line`%."""
        from tradeanalysis.narrative import charts

        shares = self.series.years_of(part, of)
        if shares.empty:
            return
        fig, ax = charts.new_chart(height=3.4)
        label = f"{self.label(part)}, share of {self.whole_words(of)}"  # a legend entry
        cols = [list(shares[c]) for c in ("low", "mid", "high")]
        charts.year_lines(ax, [(label, list(shares["year"]), *cols)], self.display.colors)
        ax.axhline(line, color="#333333", linewidth=0.8, linestyle="--")
        above = shares[shares["low"] > line]
        title = f"{label} over the years, against {line:g}%"
        if len(above):
            title = f"{self.label(part)} passed {line:g}% of {self.whole_words(of)} in "
            title += f"{above['year'].iloc[0]}"
        self._finish_years(fig, ax, title, ylabel=f"share of {self.whole_words(of)} (%)")
        self.show(
            fig,
            f"{label} by year, against {line:g}%",
            _points([(label, list(shares["year"]), *cols)], "percent"),
        )

    def revisions_chart(self, fid: str) -> None:
        """For each year of a figure: how far the value a later release implies is from the one
        printed, in percent, with the range the rounding allows; a range that misses zero is a
        restatement."""
        from tradeanalysis.narrative import charts

        rows = self.series.revisions([fid])
        if rows.empty:
            return
        labels = [
            f"{r['period']} (printed in {r['printed_in']}, implied by {r['implied_in']})"
            for _, r in rows.iterrows()
        ]
        spans = charts.change_spans(rows)
        texts = [change_range_text(r) for _, r in rows.iterrows()]
        fig, ax = charts.new_chart(height=0.5 * len(labels) + 1.5)
        charts.ranges(
            ax,
            labels,
            spans,
            texts,
            [self.display.colors[0]],
            reference=0.0,
            reference_label="no change",
        )
        restated = rows[rows["status"] == RESTATED]
        title = f"{self.label(fid)}: {len(restated)} of {len(rows)} years restated"
        if len(restated):
            title += ": " + "; ".join(
                f"{r['period']} by {change_range_text(r)}" for _, r in restated.iterrows()
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
        self.show(fig, f"{self.label(fid)}: change from printed to later implied, by year", data)

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
            ylabel=ylabel or self.years_view.unit_words,
        )

    def _shown_years(self, fid: str, frame: pd.DataFrame | None = None) -> tuple:
        """(label, years, lows, mids, highs) in the reader's unit, for `charts.year_lines`."""
        frame = self.series.years_of(fid) if frame is None else frame
        unit = self.series.unit(fid)
        cols = [
            [self.years_view.convert(v, unit) for v in frame[c]] for c in ("low", "mid", "high")
        ]
        breaks = [list(frame["definition"])] if "definition" in frame else []
        return (self.label(fid), list(frame["year"]), *cols, *breaks)

    def _sources_note(self) -> str:
        """The credit line for a chart drawn from several releases."""
        ids = [r.id for r in self.series.year_releases]
        note = f"Source: {self.release.meta['producer']}, releases {ids[0]} to {ids[-1]}"
        return note + " (pages listed in each release's citation)."


def _points(series: list[tuple], unit: str) -> list[dict]:
    """The rows of a chart of lines: one per series and year, as `charts.year_lines` draws."""
    return [
        {"series": label, "year": year, "low": lo, "value": mid, "high": hi, "unit": unit}
        | ({"definition": rest[0][i]} if rest else {})
        for label, years, lows, mids, highs, *rest in series
        for i, (year, lo, mid, hi) in enumerate(zip(years, lows, mids, highs, strict=True))
    ]
