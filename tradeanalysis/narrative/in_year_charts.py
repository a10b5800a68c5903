"""Charts of the year as it unfolded: the year to date month by month, the months alone as printed
beside those the year-to-date totals imply (a revision shows as a gap, and only revised months are
highlighted with their ranges), year-to-date growth, and the revisions inside the year.

Amounts are drawn at the reader's scale in the currency `InYearWords.shown` chose (customs' own
figures, never converted); the gaps in billions of it; growth and changes in percent. Each chart's
CSV holds the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.in_year import REVISED
from tradeanalysis.analysis.vintages import RESTATED
from tradeanalysis.data.figure_ids import month_id
from tradeanalysis.data.period import describe_period, parse_period
from tradeanalysis.data.units import unit_currency
from tradeanalysis.narrative.display import Display
from tradeanalysis.narrative.in_year_tables import InYearTables
from tradeanalysis.narrative.in_year_words import MEASURES, InYearWords, word_list
from tradeanalysis.narrative.text import CURRENCY_WORDS, MINUS
from tradeanalysis.narrative.year_words import change_range_text

SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class InYearCharts:
    """Charts over the months of `months.year`."""

    def __init__(self, months: InYearWords, tables: InYearTables, display: Display):
        self.months, self.tables, self.display = months, tables, display
        self.show = display.show  # colours: `display.colors`, read as a chart is drawn

    def _note(self, ids: list[str] | None = None) -> str:
        """The credit line for a chart drawn from several releases: those of the year, or the
        releases `ids`."""
        ids = ids or [r.id for r in self.months.releases]
        order = [r.id for r in self.months.series.releases_so_far if r.id in ids]
        producer = self.months.release.meta["producer"]
        return (
            f"Source: {producer}, releases {order[0]} to {order[-1]} (see each release's citation)."
        )

    def _axis(self, fid: str):
        """(view, unit words) for amounts of `fid` at the reader's scale."""
        view = self.months.view(fid)
        return view, view.unit_words

    def ytd_chart(self, measure: str = "total_trade") -> None:
        """The year to date through each month as printed, a bar per month labelled with its
        printed digits; a month no release gives is left empty and said so."""
        from tradeanalysis.narrative import charts

        m = self.months
        fid = m.shown(measure)
        frame = m.frame(fid)
        view, unit = self._axis(fid)
        at = list(range(len(frame)))
        rows = []
        for _, r in frame.iterrows():
            done = bool(r["ytd_release"])
            lo, hi = (r["ytd_low"], r["ytd_high"]) if done else (float("nan"),) * 2
            rows.append(
                {
                    "months": r["months"],
                    "release": r["ytd_release"],
                    "low": view.convert(lo, m.unit(fid)),
                    "value": view.convert((lo + hi) / 2, m.unit(fid)),
                    "high": view.convert(hi, m.unit(fid)),
                    "unit": unit,
                }
            )
        values = [row["value"] for row in rows]
        fig, ax = charts.new_chart(height=3.6)
        bars = ax.bar(at, [0 if pd.isna(v) else v for v in values], color=self.display.colors[0])
        texts = [
            m.printed_number(r["release"], fid) if r["release"] else "no release" for r in rows
        ]
        charts.label_bars(ax, bars, texts, fontsize=8.5, va="baseline")
        ax.set_xticks(at, [_tick(r) for r in frame["months"]])
        ax.grid(axis="x", visible=False)
        last = frame[frame["ytd_release"] != ""].iloc[-1]
        title = (
            f"{m.series.label(fid)}: {m.printed_text(last['ytd_release'], fid)} by the end of "
            f"{m.month_name(last['month'])}"
        )
        charts.finish(fig, ax, title, self._note(), xlabel="year to date through", ylabel=unit)
        self.show(fig, f"{m.series.label(fid)}, year to date month by month", rows)

    def month_chart(self, measure: str = "total_trade") -> None:
        """Each month alone: as printed (solid) or, where not printed, as the year-to-date totals
        imply it (pale). Below, printed minus implied for the months that have both: a revised
        month drawn in colour with its range and labelled, the others as grey dots."""
        from tradeanalysis.narrative import charts

        m = self.months
        fid = m.shown(measure)
        rows = self.month_rows(fid)
        fig, (top, gap) = charts.new_chart(rows=2, height=5.8)
        at = list(range(len(rows)))
        self._month_bars(top, at, rows)
        self._gap_marks(gap, at, rows)
        for ax in (top, gap):
            ax.set_xticks(at, [_tick(r["months"], alone=True) for r in rows])
            ax.grid(axis="x", visible=False)
            ax.set_xlim(-0.6, len(rows) - 0.4)
        revised = [r for r in rows if r["highlighted"]]
        title = f"{m.series.label(fid)}, month by month: " + (
            "revised in " + word_list([m.month_name(r["months"]) for r in revised])
            if revised
            else "no month revised"
        )
        unit = rows[0]["unit"] if rows else ""
        charts.finish(fig, top, title, self._note(), ylabel=unit)
        currency = CURRENCY_WORDS[unit_currency(m.unit(fid))]
        gap.set_ylabel(f"printed minus implied\n(billion {currency})")
        gap.set_xlabel("month alone; colour: printed and implied cannot agree (a revision)")
        self.show(fig, f"{m.series.label(fid)}, months alone, printed and implied", rows)

    def month_rows(self, fid: str) -> list[dict]:
        """What `month_chart` draws, one dict per month: printed and implied ranges at the
        reader's scale, the gap in billions, the status, and whether it is highlighted."""
        m = self.months
        view, unit = self._axis(fid)
        own = m.unit(fid)
        rows = []
        for _, r in m.frame(fid).iterrows():
            row = {"months": r["months"], "status": r["status"], "unit": unit}
            for side in ("month", "implied"):
                row[f"{side}_low"] = view.convert(r[f"{side}_low"], own)
                row[f"{side}_high"] = view.convert(r[f"{side}_high"], own)
            both = r["status"] in (REVISED, "consistent")
            # printed minus implied, in billions of the figure's own currency
            row["gap_low"] = (r["month_low"] - r["implied_high"]) * 1000 if both else float("nan")
            row["gap_high"] = (r["month_high"] - r["implied_low"]) * 1000 if both else float("nan")
            row["highlighted"] = r["status"] == REVISED
            row["label"] = self._revised_label(r, fid) if row["highlighted"] else ""
            if r["month_release"] and pd.isna(r["month_high"]):  # printed as "more than"
                month = month_id(fid, int(r["month"][5:]))
                row["label"] = f"more than {m.printed_number(r['month_release'], month)}"
            rows.append(row)
        return rows

    def _revised_label(self, r, fid: str) -> str:
        """ "printed 3.75; implied 3.76 to 3.78": a revised month's two numbers, the printed
        one with its printed digits, the implied range with the digits of the totals."""
        m = self.months
        view, own = m.view(fid), m.unit(fid)
        printed = m.printed_number(r["month_release"], month_id(fid, int(r["month"][5:])))
        places = view.decimals(2, own)
        low, high = (
            f"{view.convert(r[k], own):,.{places}f}" for k in ("implied_low", "implied_high")
        )
        return f"printed {printed}\nimplied {low} to {high}"

    def _month_bars(self, ax, at, rows) -> None:
        printed = [_mid(r, "month") for r in rows]
        implied = [
            _mid(r, "implied") if pd.isna(p) else 0 for r, p in zip(rows, printed, strict=True)
        ]
        colors = [self.display.colors[3 if r["highlighted"] else 0] for r in rows]
        ax.bar(at, [0 if pd.isna(p) else p for p in printed], color=colors, label="printed")
        ax.bar(
            at,
            [0 if pd.isna(v) else v for v in implied],
            color=self.display.colors[0],
            alpha=0.35,
            label="implied by the year-to-date totals (not printed)",
        )
        for x, r, p in zip(at, rows, printed, strict=True):
            if r["status"] == "missing":
                ax.annotate(
                    "no figure",
                    (x, 0),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8.5,
                    color="#555555",
                )
            if r["label"]:  # a revised month above its bar; "more than" inside it
                ax.annotate(
                    r["label"] if r["highlighted"] else r["label"].replace(" ", "\n", 1),
                    (x, p),
                    xytext=(0, 4 if r["highlighted"] else -4),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if r["highlighted"] else "top",
                    fontsize=8.5,
                    color=self.display.colors[3] if r["highlighted"] else "white",
                )
        ax.legend(frameon=False, loc="upper left", fontsize=8.5, ncol=2)
        tops = [v for v in printed + implied if not pd.isna(v) and v]
        if tops:  # room above the tallest bar for the legend and a revised month's label
            ax.set_ylim(0, max(tops) * 1.45)

    def _gap_marks(self, ax, at, rows) -> None:
        ax.axhline(0, color="#333333", linewidth=0.8)
        for x, r in zip(at, rows, strict=True):
            if pd.isna(r["gap_low"]):
                continue
            mid = (r["gap_low"] + r["gap_high"]) / 2
            if not r["highlighted"]:
                ax.plot([x], [mid], "o", color="#8c8c8c", markersize=4)
                continue
            color = self.display.colors[3]
            ax.plot([x, x], [r["gap_low"], r["gap_high"]], color=color, linewidth=6, alpha=0.5)
            ax.plot([x], [mid], "o", color=color, markersize=6)
            ax.annotate(
                f"revised: {_signed(r['gap_low'])} to {_signed(r['gap_high'])}",
                (x, r["gap_low"] if mid < 0 else r["gap_high"]),
                xytext=(0, -12 if mid < 0 else 6),
                textcoords="offset points",
                ha="center",
                fontsize=8.5,
                color=color,
            )
        # symmetric about zero and never narrower than 20 billion, so rounding noise in a
        # gap of zero is not blown up into a scale of its own
        drawn = [r for r in rows if not (pd.isna(r["gap_low"]) or pd.isna(r["gap_high"]))]
        ends = [abs(v) for r in drawn for v in (r["gap_low"], r["gap_high"])]
        reach = max([20.0, *ends]) * 1.4
        ax.set_ylim(-reach, reach)

    def growth_chart(self) -> None:
        """Year-to-date growth through each month for total trade, exports and imports."""
        from tradeanalysis.narrative import charts

        m = self.months
        fig, ax = charts.new_chart(height=3.6)
        data = []
        months = m.frame(m.shown(MEASURES[0]))["months"].tolist()
        for k, measure in enumerate(MEASURES):
            fid = m.shown(measure)
            frame = m.frame(fid)
            at = [months.index(s) for s in frame["months"] if s in months]
            ys = list(frame["ytd_yoy_pct"])[: len(at)]
            label = m.series.label(fid)
            ax.plot(at, ys, marker="o", color=self.display.colors[k], label=label)
            data += [
                {"series": label, "months": s, "growth_pct": y}
                for s, y in zip(frame["months"], frame["ytd_yoy_pct"], strict=True)
            ]
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_xticks(range(len(months)), [_tick(s) for s in months])
        ax.legend(frameon=False, fontsize=9)
        total = m.frame(m.shown("total_trade")).dropna(subset=["ytd_yoy_pct"])
        title = "Year-to-date growth"
        if len(total):
            last = total.iloc[-1]
            title += (
                f": total trade {m.growth_printed(last['ytd_release'], m.shown('total_trade'))}"
                f" through {m.month_name(last['month'])}"
            )
        charts.finish(
            fig,
            ax,
            title,
            self._note(),
            xlabel="year to date through",
            ylabel="growth on the same months a year earlier (%)",
        )
        self.show(fig, "year-to-date growth month by month", data)

    def revisions_chart(self, measure: str = "total_trade") -> None:
        """Each figure of `measure` for part of a year that a later release counted again
        (restated): how far the later value is from the printed one, in percent, with the range
        the rounding allows, in the order of the months it covers. The figures a later release
        confirms are counted in the title, not drawn."""
        from tradeanalysis.narrative import charts

        every = self.tables.revisions(measure)
        rows = every[every["status"] == RESTATED].dropna(
            subset=["change_pct_low", "change_pct_high"]
        )
        if rows.empty:
            return
        order = rows["period"].map(lambda p: tuple(reversed(parse_period(p))))
        rows = rows.assign(_order=order).sort_values(["_order", "implied_in"])
        labels = [
            f"{describe_period(r['period'])}: {r['printed_in']}, then {r['implied_in']}"
            for _, r in rows.iterrows()
        ]
        spans = charts.change_spans(rows)
        fig, ax = charts.new_chart(height=0.3 * len(labels) + 1.8)
        charts.ranges(
            ax,
            labels,
            spans,
            [change_range_text(r) for _, r in rows.iterrows()],
            [self.display.colors[3]],
            reference=0.0,
            reference_label="no change",
        )
        title = (
            f"{self.months.series.label(measure)}: {len(rows)} of {len(every)} figures for part "
            "of a year counted again by a later release"
        )
        charts.finish(
            fig,
            ax,
            title,
            self._note(list(rows["printed_in"]) + list(rows["implied_in"])),
            xlabel="later minus printed, in percent of the printed value; bars: range the "
            "rounding allows",
        )
        data = [
            {"bar": b, "low": lo, "value": mid, "high": hi, "unit": "percent of the printed value"}
            for b, (lo, mid, hi) in zip(labels, spans, strict=True)
        ]
        self.show(fig, "figures for part of a year: change from printed to later", data)


def _mid(row: dict, side: str) -> float:
    low, high = row[f"{side}_low"], row[f"{side}_high"]
    return low if pd.isna(high) else (low + high) / 2


def _tick(months: str, alone: bool = False) -> str:
    """ "2024-11" -> "Nov"; "2024-01/2024-02" -> "Jan–Feb" (`alone`: "Jan–Feb\n(2 months)",
    for a chart of months alone where the span stands out)."""
    parts = [SHORT[int(p[5:7]) - 1] for p in str(months).split("/")]
    tick = "\u2013".join(parts)
    if alone and len(parts) > 1:
        count = int(str(months).split("/")[1][5:7]) - int(str(months)[5:7]) + 1
        tick += f"\n({count} months)"
    return tick


def _signed(value: float) -> str:
    """A gap in billions, signed with a true minus: "−65", "+15"."""
    return f"{value:+,.0f}".replace("-", MINUS)
