"""Chart recipes: one call per chart a section notebook shows, taking figure ids.

Each recipe converts amounts to the reader's currency and scale, labels values with the same
precision as the sentences (`Story.*_text`), states the finding in the title, names units on the
axis and puts the source note under the chart. `ChartRecipes` is mixed into `story.Story`; its
methods use the Story's numbers and words, so a sentence and its chart say the same thing.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.derive import currency_of

PRIOR_LABEL = "previous year (implied)"
DRAWN_IN_YUAN = " (drawn in yuan: not every figure has a printed dollar value and growth rate)"
RANGE_NOTE = "bars: range the rounding allows"


class ChartRecipes:
    """Charts of a Story's release; every method draws one chart and shows it."""

    def range_chart(self, fid: str, *, name: str | None = None) -> None:
        """The year's amount against the implied previous year, each with its rounding range, on
        an axis zoomed to the two. `name` stands for the label in the title ("Trade")."""
        from tradeanalysis.narrative import charts

        # Drawn in the currency the growth rate was measured in: customs' own dollar figures
        # in a dollar run where printed, else yuan (a converted previous year is no one's figure).
        source, view = self.growth_of(fid), self.view_of(fid)
        unit = self.unit_of(source)
        view = view.sized(*(self.interval(source, prior=p).mid for p in (True, False)), unit=unit)
        shown = [self.shown(self.interval(source, prior=p), unit, view) for p in (True, False)]
        places = view.decimals(2, unit)
        texts = [f"{m:,.{places}f} ({lo:,.{places}f} to {hi:,.{places}f})" for lo, m, hi in shown]
        fig, ax = charts.new_chart(height=2.6)
        labels = [PRIOR_LABEL, self.release.figure(fid)["period_label"]]
        charts.ranges(ax, labels, shown, texts, self.colors[1::-1])
        title = f"{name or self.release.figure(fid)['label']} {self.change_text(fid)} to "
        title += self._amount_in(source, view) + self._drawn_in(fid)
        charts.finish(fig, ax, title, self.source_note, xlabel=f"{view.unit_words}; {RANGE_NOTE}")
        data = [
            {"bar": bar, "low": lo, "value": m, "high": hi, "unit": view.unit_words}
            for bar, (lo, m, hi) in zip(labels, shown, strict=True)
        ]
        self.show(
            fig, f"{self.release.figure(fid)['label']} against the implied previous year", data
        )

    def share_range_chart(self, part: str, *, of: str, line: str | None = None) -> None:
        """`part`'s share of `of` this year and in the implied previous year, with their rounding
        ranges; `line`: a figure whose printed share is drawn as a dashed line."""
        from tradeanalysis.narrative import charts

        before, now = self.ratio(part, of, prior=True), self.ratio(part, of)
        mark = self.printed_share(line) if line else None
        fig, ax = charts.new_chart(height=2.6)
        charts.ranges(
            ax,
            [PRIOR_LABEL, self.release.figure(part)["period_label"]],
            [(i.low, i.mid, i.high) for i in (before, now)],
            [self.percent_text(i) for i in (before, now)],
            self.colors[1::-1],
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

        shares = [self.ratio(i, of) for i in ids]
        texts = [
            ("at least " if self.is_lower_bound(i) else "") + f"{s.mid:.1f}%"
            for i, s in zip(ids, shares, strict=True)
        ]
        fig, ax = charts.new_chart(height=0.6 * len(ids) + 1.8)
        labels = [self.release.figure(i)["label"] for i in ids]
        charts.share_bars(
            ax, labels, [s.mid for s in shares], texts, self.colors, reference=reference
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
        in_reader = all(self.view_of(i) is self.view for i in ids)
        view = self.view if in_reader else self._release_view()
        sources = [self.growth_of(i) if in_reader else i for i in ids]
        mids = [self.interval(s, prior=p).mid for s in sources for p in (True, False)]
        view = view.sized(*mids, unit=self.unit_of(sources[0]))
        now = [self.shown(self.interval(s), self.unit_of(s), view) for s in sources]
        before = [self.shown(self.interval(s, prior=True), self.unit_of(s), view) for s in sources]
        places = view.decimals(2, self.unit_of(sources[0]))
        fig, ax = charts.new_chart()
        charts.now_and_before(
            ax,
            [self.release.figure(i)["label"] for i in ids],
            [m for _, m, _ in now],
            [m for _, m, _ in before],
            [lo for lo, _, _ in before],
            [hi for _, _, hi in before],
            [PRIOR_LABEL, self.release.figure(ids[0])["period_label"]],
            [[f"{m:,.{places}f}" for _, m, _ in group] for group in (before, now)],
            self.colors,
        )
        growth = {i: self.release.figure(s)["yoy_pct"] for i, s in zip(ids, sources, strict=True)}
        best = max(ids, key=growth.get)
        rank = "the fastest growth" if growth[best] > 0 else "the smallest fall"
        charts.finish(
            fig,
            ax,
            f"{self.release.figure(best)['label']} {self.change_text(best)}, {rank} of the "
            "flows shown" + ("" if in_reader else DRAWN_IN_YUAN),
            self.source_note,
            ylabel=view.unit_words,
        )
        periods = [PRIOR_LABEL, self.release.figure(ids[0])["period_label"]]
        data = [
            {
                "bar": self.release.figure(i)["label"],
                "period": period,
                "low": lo,
                "value": m,
                "high": hi,
                "unit": view.unit_words,
            }
            for i, pair in zip(ids, zip(before, now, strict=True), strict=True)
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

        rows = [self.release.figure(i) for i in ids]
        labels = [
            r["label"] if by == "label" else f"{r['scope']}, {r['period_label']}" for r in rows
        ]
        marked = None if highlight is None else [labels[ids.index(i)] for i in highlight]
        fig, ax = charts.new_chart(height=0.5 * len(ids) + 1.6 if by == "label" else 2.8)
        charts.growth_bars(
            ax,
            labels,
            [r["yoy_pct"] for r in rows],
            [self.growth_text(i, terms=False) for i in ids],
            self.colors,
            highlight=marked,
        )
        terms = {self._terms(i) for i in ids} - {""}
        top = max(ids, key=lambda i: self.release.figure(i)["yoy_pct"])
        title = title or (
            f"{self.release.figure(top)['label']} {self.change_text(top)}, the fastest shown"
        )
        charts.finish(
            fig,
            ax,
            title,
            self.source_note,
            xlabel="growth on the same period a year earlier (%" + ",".join(sorted(terms)) + ")",
        )
        data = [
            {
                "bar": bar,
                "growth_pct": r["yoy_pct"],
                "measured_in": currency_of(self.release, self.growth_of(i)),
            }
            for bar, r, i in zip(labels, rows, ids, strict=True)
        ]
        self.show(fig, "growth rates: " + ", ".join(labels), data)

    def _amount_in(self, fid: str, view) -> str:
        """The figure's amount as printed, in `view`'s currency and scale."""
        if view is self.view:
            return self.amount_text(fid)
        row = self.release.figure(fid)
        if pd.isna(row["value"]):
            return self.range_text(self.interval(fid), self.unit_of(fid), view=view)
        return view.amount(row["value"], row["unit"], int(row["value_decimals"]), row["bound"])

    def _drawn_in(self, fid: str) -> str:
        """A title's note when a dollar run draws a figure in yuan, else ""."""
        return "" if self.view_of(fid) is self.view else DRAWN_IN_YUAN

    def _release_view(self):
        """The release's own currency at the reader's scale: for charts that cannot be drawn in
        the reader's currency without converting a previous year at this year's rate."""
        from tradeanalysis.narrative.text import Presentation

        if self.view.currency == self.release.currency:
            return self.view
        return Presentation(currency=self.release.currency, scale=self.view.scale)

    def _whole(self, fid: str) -> str:
        """How a chart names the whole of a share: "all trade" for the total."""
        return "all trade" if fid == "total_trade" else self.release.figure(fid)["label"].lower()
