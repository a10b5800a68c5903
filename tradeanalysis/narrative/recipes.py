"""Chart recipes: one call per chart a section notebook shows, taking figure ids.

Each recipe draws amounts in the currency their growth rate was measured in (customs' own figures
in the run's currency where printed; never a previous year converted at this year's rate), labels
values with the same precision as the sentences (`words.Words`), states the finding in the title,
names units on the axis and puts the source note under the chart. It takes its numbers from the
page's `numbers.Numbers`, so a sentence and its chart say the same thing.
"""

from __future__ import annotations

from tradeanalysis.data.period import describe_period, shift_years
from tradeanalysis.narrative.display import Display
from tradeanalysis.narrative.words import Words

PRIOR_LABEL = "previous year (implied)"
DRAWN_IN_YUAN = " (drawn in yuan: not every figure has a printed dollar value and growth rate)"
RANGE_NOTE = "bars: range the rounding allows"


class ChartRecipes:
    """Charts of the release `words` speaks of; every method draws one chart and shows it."""

    def __init__(self, words: Words, display: Display):
        self.words, self.numbers, self.display = words, words.numbers, display
        self.release, self.money, self.view = words.release, words.numbers.money, words.view
        self.show = display.show  # colours: `display.colors`, read as a chart is drawn

    @property
    def source_note(self) -> str:
        """The credit line under a chart of this release."""
        return self.release.source_note + "."

    def _label(self, fid: str) -> str:
        return self.release.figure(fid)["label"]

    def range_chart(self, fid: str, *, name: str | None = None) -> None:
        """The year's amount against the implied previous year, each with its rounding range, on
        an axis zoomed to the two. `name` stands for the label in the title ("Trade")."""
        from tradeanalysis.narrative import charts

        # Drawn in the currency the growth rate was measured in: customs' own dollar figures
        # in a dollar run where printed, else yuan (a converted previous year is no one's figure).
        source = self.money.growth_source(fid)
        pair = [self.numbers.own(source, prior=p) for p in (True, False)]
        view = self.words.view_for(pair[1].currency)
        view = view.sized(*(a.interval.mid for a in pair), unit=pair[1].unit)
        shown = [_shown(a.interval, a.unit, view) for a in pair]
        places = view.decimals(2, pair[1].unit)
        texts = [f"{m:,.{places}f} ({lo:,.{places}f} to {hi:,.{places}f})" for lo, m, hi in shown]
        fig, ax = charts.new_chart(height=2.6)
        labels = [
            prior_label(self.release.figure(fid)["period"]),
            self.release.figure(fid)["period_label"],
        ]
        charts.ranges(ax, labels, shown, texts, self.display.colors[1::-1])
        title = f"{name or self._label(fid)} {self.words.change_text(fid)} to "
        title += self.words.amount_words(pair[1]) + self._drawn_in(view)
        charts.finish(fig, ax, title, self.source_note, xlabel=f"{view.unit_words}; {RANGE_NOTE}")
        data = [
            {"bar": bar, "low": lo, "value": m, "high": hi, "unit": view.unit_words}
            for bar, (lo, m, hi) in zip(labels, shown, strict=True)
        ]
        self.show(fig, f"{self._label(fid)} against the implied previous year", data)

    def share_range_chart(self, part: str, *, of: str, line: str | None = None) -> None:
        """`part`'s share of `of` this year and in the implied previous year, with their rounding
        ranges; `line`: a figure whose printed share is drawn as a dashed line."""
        from tradeanalysis.narrative import charts

        before, now = self.numbers.ratio(part, of, prior=True), self.numbers.ratio(part, of)
        mark = self.numbers.printed_share(line) if line else None
        fig, ax = charts.new_chart(height=2.6)
        charts.ranges(
            ax,
            [PRIOR_LABEL, self.release.figure(part)["period_label"]],
            [(i.low, i.mid, i.high) for i in (before, now)],
            [self.words.percent_text(i) for i in (before, now)],
            self.display.colors[1::-1],
            reference=mark,
            reference_label=f"{mark:g}%" if mark is not None else "",
        )
        title = f"{self.release.figure(part)['label']}: from {before.mid:.1f}% to {now.mid:.1f}% "
        title += f"of {self._whole(of)}"
        if mark is not None:
            side = "crossing" if now.low > mark >= before.high else "around"
            title += f", {side} the {mark:g}% line"
        charts.finish(
            fig, ax, title, self.source_note, xlabel=f"share of {self._whole(of)} (%); {RANGE_NOTE}"
        )
        periods = [PRIOR_LABEL, self.release.figure(part)["period_label"]]
        data = [
            {"bar": bar, "low": i.low, "value": i.mid, "high": i.high, "unit": "percent"}
            for bar, i in zip(periods, (before, now), strict=True)
        ]
        self.show(
            fig, f"{self.release.figure(part)['label']} as a share, previous year and now", data
        )

    def share_chart(self, ids: list[str], *, of: str, reference: float | None = 50.0) -> None:
        """Each figure as a share of `of` on a 0-100 axis; a part printed as "more than" is
        labelled "at least"; `reference`: a dashed line (None for none)."""
        from tradeanalysis.narrative import charts

        shares = [self.numbers.ratio(i, of) for i in ids]
        texts = [
            ("at least " if self.release.figure(i)["bound"] == "lower" else "") + f"{s.mid:.1f}%"
            for i, s in zip(ids, shares, strict=True)
        ]
        fig, ax = charts.new_chart(height=0.6 * len(ids) + 1.8)
        labels = [self.release.figure(i)["label"] for i in ids]
        charts.share_bars(
            ax, labels, [s.mid for s in shares], texts, self.display.colors, reference=reference
        )
        top = max(range(len(ids)), key=lambda k: shares[k].mid)
        charts.finish(
            fig,
            ax,
            f"{labels[top]} came to {shares[top].mid:.1f}% of {self._whole(of)}",
            self.source_note,
            xlabel=f"share of {self._whole(of)} (%)",
        )
        data = [
            {"bar": bar, "low": s.low, "value": s.mid, "high": s.high, "unit": "percent"}
            for bar, s in zip(labels, shares, strict=True)
        ]
        self.show(fig, f"shares of {self._whole(of)}: {', '.join(labels)}", data)

    def prior_chart(self, ids: list[str]) -> None:
        """Bars of each figure's amount this year beside the implied previous year, whose
        rounding range is drawn as a whisker."""
        from tradeanalysis.narrative import charts

        # One currency for all bars: the reader's where every growth rate is in it (customs' own
        # figures), else the release's, never a previous year converted at this year's rate.
        in_reader = all(self.money.growth(i).terms == self.view.currency for i in ids)
        sources = [self.money.growth_source(i) if in_reader else i for i in ids]
        pairs = [[self.numbers.own(s, prior=p) for p in (True, False)] for s in sources]
        unit = pairs[0][1].unit
        view = self.words.view_for(pairs[0][1].currency)
        view = view.sized(*(a.interval.mid for pair in pairs for a in pair), unit=unit)
        before = [_shown(pair[0].interval, unit, view) for pair in pairs]
        now = [_shown(pair[1].interval, unit, view) for pair in pairs]
        places = view.decimals(2, unit)
        labels = [self._label(i) for i in ids]
        periods = [PRIOR_LABEL, self.release.figure(ids[0])["period_label"]]
        fig, ax = charts.new_chart()
        charts.now_and_before(
            ax,
            labels,
            [m for _, m, _ in now],
            [m for _, m, _ in before],
            [lo for lo, _, _ in before],
            [hi for _, _, hi in before],
            periods,
            [[f"{m:,.{places}f}" for _, m, _ in group] for group in (before, now)],
            self.display.colors,
        )
        growth = {i: self.release.figure(s)["yoy_pct"] for i, s in zip(ids, sources, strict=True)}
        best = max(ids, key=growth.get)
        rank = "the fastest growth" if growth[best] > 0 else "the smallest fall"
        title = f"{self._label(best)} {self.words.change_text(best)}, {rank} of the flows shown"
        title += self._drawn_in(view)
        charts.finish(fig, ax, title, self.source_note, ylabel=view.unit_words)
        data = [
            {
                "bar": bar,
                "period": period,
                "low": lo,
                "value": m,
                "high": hi,
                "unit": view.unit_words,
            }
            for bar, pair in zip(labels, zip(before, now, strict=True), strict=True)
            for period, (lo, m, hi) in zip(periods, pair, strict=True)
        ]
        self.show(fig, "each flow against the implied previous year", data)

    def growth_chart(
        self,
        ids: list[str],
        *,
        by: str = "label",
        highlight: list[str] | None = None,
        title: str | None = None,
    ) -> None:
        """Growth rates in percent as bars, fastest at the top. `by`: "label", or "scope" to name
        each bar by what and when it covers; `highlight`: ids drawn in colour, the rest grey;
        `title`: the finding, when it is more than which grew fastest."""
        from tradeanalysis.narrative import charts

        # Each bar is the growth rate the run says for its figure (customs' own in the run's
        # currency where printed); a twin already standing in for a figure is not shown twice.
        ids = [i for i in ids if not any(j != i and self.money.growth_source(j) == i for j in ids)]
        rows = [self.release.figure(i) for i in ids]
        growth = {i: self.money.growth(i) for i in ids}
        labels = [
            r["label"] if by == "label" else f"{r['scope']}, {r['period_label']}" for r in rows
        ]
        marked = None if highlight is None else [labels[ids.index(i)] for i in highlight]
        fig, ax = charts.new_chart(height=0.5 * len(ids) + 1.6 if by == "label" else 2.8)
        charts.growth_bars(
            ax,
            labels,
            [growth[i].pct for i in ids],
            [self.words.growth_text(i, terms=False) for i in ids],
            self.display.colors,
            highlight=marked,
        )
        terms = {self.words.terms_text(i) for i in ids} - {""}
        top = max(ids, key=lambda i: growth[i].pct)
        title = title or (
            f"{self.release.figure(top)['label']} {self.words.change_text(top)}, the fastest shown"
        )
        charts.finish(
            fig,
            ax,
            title,
            self.source_note,
            xlabel="growth on the same period a year earlier (%" + ",".join(sorted(terms)) + ")",
        )
        data = [
            {"bar": bar, "growth_pct": growth[i].pct, "measured_in": growth[i].terms}
            for bar, i in zip(labels, ids, strict=True)
        ]
        self.show(fig, "growth rates: " + ", ".join(labels), data)

    def _drawn_in(self, view) -> str:
        """A title's note when a run draws amounts in another currency than its own, else ""."""
        return "" if view is self.view else DRAWN_IN_YUAN

    def _whole(self, fid: str) -> str:
        """How a chart names the whole of a share: "all trade" for the total."""
        return "all trade" if fid == "total_trade" else self._label(fid).lower()


def prior_label(period: str) -> str:
    """How a chart names the period a growth rate implies: "previous year (implied)" for a year,
    "January–November 2023 (implied)" for a year to date or any other span."""
    if period.strip().isdigit():
        return PRIOR_LABEL
    return f"{describe_period(shift_years(period, -1))} (implied)"


def _shown(interval, unit: str, view) -> tuple[float, float, float]:
    """(low, middle, high) of an amount interval in `unit`, in `view`'s unit."""
    return tuple(view.convert(v, unit) for v in (interval.low, interval.mid, interval.high))
