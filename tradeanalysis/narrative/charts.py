"""Charts in the house style: a title that states the finding, units on the axes, value labels,
a colour-blind-safe palette and the release's source note under every chart.

Figures are built with matplotlib's object API (no pyplot state) and shown as SVG with a fixed hash
salt and no date, so a rerun stores byte-identical output that nbval can compare.
"""

from __future__ import annotations

import base64
import contextlib
import io
import math
import textwrap

import matplotlib
import numpy as np
import seaborn as sns
from matplotlib.figure import Figure

WIDTH_IN, HEIGHT_IN = 8.0, 4.2
# PNG at twice the screen resolution (96 pixels an inch), shown at half its pixel width: sharp on
# high-density screens. JupyterLab shows no SVG in a notebook it does not trust (a newcomer's
# never is), so every chart carries this PNG beside its SVG.
PNG_DPI = 192
STYLE = {
    "svg.hashsalt": "tradeanalysis",
    "svg.fonttype": "path",
    "text.parse_math": False,  # a "$" in a release label is text, not mathtext
    "font.family": "DejaVu Sans",
    "font.size": 10.5,
    "axes.titlesize": 12.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "figure.facecolor": "white",
}
NEUTRAL = "#8c8c8c"
# Where these are off, `set_layout_engine(None)` leaves a figure with no layout engine.
NO_LAYOUT = {"figure.autolayout": False, "figure.constrained_layout.use": False}


def palette(name: str = "colorblind", n: int = 6) -> list:
    """`n` colours from a seaborn palette (the default is colour-blind safe)."""
    return sns.color_palette(name, n)


def new_chart(rows: int = 1, height: float = HEIGHT_IN) -> tuple[Figure, object]:
    """A blank figure at report width with the house style applied."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
        ax = fig.subplots(rows, 1) if rows > 1 else fig.subplots()
    return fig, ax


def finish(fig: Figure, ax, title: str, source: str, xlabel: str = "", ylabel: str = "") -> Figure:
    """Title (the finding), axis labels with units, and the source note under the chart."""
    with matplotlib.rc_context(STYLE):
        ax.set_title("\n".join(textwrap.wrap(title, 70)), pad=12)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        fig.text(
            0.01,
            -0.01,
            "\n".join(textwrap.wrap(source, 120)),
            fontsize=8,
            color="#555555",
            ha="left",
            va="top",
        )
    return fig


def render(fig: Figure, figure_format: str = "svg") -> tuple[dict, dict]:
    """The figure as a display bundle and its metadata: a PNG (always, for untrusted notebooks)
    and, for "svg", the SVG too, which trusted notebooks and the HTML report show."""
    png = io.BytesIO()
    with matplotlib.rc_context(STYLE), _laid_out(fig) as box:
        fig.savefig(png, format="png", dpi=PNG_DPI, bbox_inches=box, metadata={"Software": None})
        data = {"image/png": base64.b64encode(png.getvalue()).decode("ascii")}
        if figure_format == "svg":
            svg = io.BytesIO()
            fig.savefig(svg, format="svg", bbox_inches=box, metadata={"Date": None})
            data["image/svg+xml"] = svg.getvalue().decode("utf-8")
    width = int.from_bytes(png.getvalue()[16:20], "big")  # the PNG header's width, in pixels
    return data, {"image/png": {"width": width // 2}}


@contextlib.contextmanager
def _laid_out(fig: Figure):
    """The figure laid out once, at the PNG's resolution, and held there while it is saved:
    yields the box (inches) that `bbox_inches="tight"` crops to. A save with "tight" and the
    constrained layout would lay the figure out again first, for each format; one layout is
    about a third of what a chart now costs in all (bench/README.md)."""
    engine, dpi = fig.get_layout_engine(), fig.dpi
    fig.set_dpi(PNG_DPI)
    try:
        fig.draw_without_rendering()
        box = fig.get_tightbbox().padded(matplotlib.rcParams["savefig.pad_inches"])
    finally:
        fig.set_dpi(dpi)
    with matplotlib.rc_context(NO_LAYOUT):
        fig.set_layout_engine(None)  # None, not "none": a placeholder engine still draws first
    try:
        yield box
    finally:
        fig.set_layout_engine(engine)


def _label_bars(ax, bars, texts):
    for bar, text in zip(bars, texts, strict=True):
        width = bar.get_width()
        ax.annotate(
            text,
            (width, bar.get_y() + bar.get_height() / 2),
            xytext=(4 if width >= 0 else -4, 0),
            textcoords="offset points",
            va="center",
            ha="left" if width >= 0 else "right",
            fontsize=9.5,
        )


def growth_bars(ax, labels, values, texts, colors, highlight=None):
    """Horizontal bars of growth rates in percent, largest at the top, each labelled."""
    order = np.argsort(values)
    labels, values, texts = ([seq[i] for i in order] for seq in (labels, values, texts))
    bar_colors = [
        colors[0] if (highlight is None or label in highlight) else NEUTRAL for label in labels
    ]
    bars = ax.barh(labels, values, color=bar_colors, height=0.6)
    _label_bars(ax, bars, texts)
    ax.axvline(0, color="#333333", linewidth=0.8)
    low, high = min(0, min(values)), max(0, max(values))
    span = (high - low) or 1
    ax.set_xlim(low - (0.18 * span if low < 0 else 0), high + 0.18 * span)
    ax.grid(axis="y", visible=False)
    return ax


def share_bars(ax, labels, shares, texts, colors, reference=50.0):
    """Horizontal bars of shares of one whole, in percent, on a 0-100 axis; a dashed line marks
    `reference` (half, by default; None for no line)."""
    bars = ax.barh(labels[::-1], shares[::-1], color=colors[0], height=0.55)
    ax.barh(
        labels[::-1],
        [100 - s for s in shares[::-1]],
        left=shares[::-1],
        color="#eeeeee",
        height=0.55,
    )
    _label_bars(ax, bars, texts[::-1])
    if reference is not None:
        ax.axvline(reference, color="#333333", linewidth=0.8, linestyle="--")
        ax.text(
            reference,
            1.0,
            f" {reference:g}%",
            transform=ax.get_xaxis_transform(),
            fontsize=8.5,
            va="bottom",
            color="#333333",
        )
    ax.set_xlim(0, 100)
    ax.grid(axis="y", visible=False)
    return ax


def now_and_before(
    ax, labels, now, before, before_low, before_high, years, texts, colors, reference=None
):
    """Grouped vertical bars: this period against the implied previous one, whose rounding
    interval is drawn as an error bar (low to high)."""
    x = np.arange(len(labels))
    width = 0.38
    lower = [b - lo for b, lo in zip(before, before_low, strict=True)]
    upper = [hi - b if not math.isnan(hi) else 0 for b, hi in zip(before, before_high, strict=True)]
    bars_before = ax.bar(
        x - width / 2,
        before,
        width,
        color=colors[1],
        label=years[0],
        yerr=[lower, upper],
        capsize=4,
        error_kw={"elinewidth": 1.2},
    )
    bars_now = ax.bar(x + width / 2, now, width, color=colors[0], label=years[1])
    label_bars(ax, bars_before, texts[0])
    label_bars(ax, bars_now, texts[1])
    ax.set_xticks(x, labels)
    ax.set_xlim(-0.75, max(len(labels), 2) - 0.25)
    ax.set_ylim(0, max(now + before) * 1.3)
    ax.grid(axis="x", visible=False)
    if reference is not None:
        ax.axhline(reference, color="#333333", linewidth=0.8, linestyle="--")
    ax.legend(frameon=False, loc="upper left", ncols=2)
    return ax


def ranges(ax, labels, intervals, texts, colors, reference=None, reference_label=""):
    """Each value as a dot with a bar from the low to the high end of its rounding range, on an
    axis zoomed to the values, so differences smaller than a bar chart could show are visible.
    `intervals` are (low, middle, high) triples in the axis unit."""
    y = np.arange(len(labels))[::-1]
    for i, (low, mid, high) in enumerate(intervals):
        color = colors[i % len(colors)]
        ax.plot(
            [low, high], [y[i], y[i]], color=color, linewidth=6, alpha=0.35, solid_capstyle="butt"
        )
        ax.plot([mid], [y[i]], "o", color=color, markersize=8)
        ax.annotate(
            texts[i],
            (high, y[i]),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=9.5,
        )
    values = [v for triple in intervals for v in triple] + (
        [reference] if reference is not None else []
    )
    span = (max(values) - min(values)) or 1
    ax.set_xlim(min(values) - 0.25 * span, max(values) + 0.45 * span)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_yticks(y, labels)
    ax.grid(axis="y", visible=False)
    if reference is not None:
        mark_line(ax, reference, reference_label or f"{reference:g}")
    return ax


BREAK_STYLES = ("-", "--", ":", "-.")


def definition_runs(definitions) -> list[tuple[str, list[int]]]:
    """The positions of a series' points grouped into runs of one definition, in order."""
    runs: list[tuple[str, list[int]]] = []
    for i, name in enumerate(definitions):
        if runs and runs[-1][0] == name:
            runs[-1][1].append(i)
        else:
            runs.append((name, [i]))
    return runs


def year_lines(ax, series, colors, styles=None):
    """One line per series over the years, with a pale band for the range the rounding leaves
    open. `series`: (label, years, lows, mids, highs) tuples in the axis unit, or with a sixth
    item, each point's definition: a line never joins two definitions; each run of one definition
    is its own line (same colour, its own dash, the definition in the legend) and a dashed
    vertical line marks where a new one starts. A high of inf (a figure printed as "more than")
    draws no band for that year. `styles`: matplotlib line styles of the first runs."""
    for k, (label, years, lows, mids, highs, *rest) in enumerate(series):
        color = colors[k % len(colors)]
        runs = definition_runs(rest[0] if rest else [""] * len(years))
        for j, (name, at) in enumerate(runs):
            style = (styles or ["-"] * len(series))[k] if j == 0 else BREAK_STYLES[j % 4]
            xs, lo, mid = ([seq[i] for i in at] for seq in (years, lows, mids))
            tops = [highs[i] if math.isfinite(highs[i]) else mids[i] for i in at]
            ax.fill_between(xs, lo, tops, color=color, alpha=0.22, linewidth=0)
            words = f"{label} ({name})" if len(runs) > 1 else label
            ax.plot(xs, mid, style, color=color, marker="o", markersize=4.5, label=words)
            if j > 0:
                mark_line(ax, xs[0], f"{name} from here")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    return ax


def year_bars(ax, years, values, texts, colors):
    """Vertical bars, one per year, each labelled (growth rates in percent)."""
    bars = ax.bar(years, values, color=[colors[0] if v >= 0 else NEUTRAL for v in values])
    for bar, text, value in zip(bars, texts, values, strict=True):
        ax.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, value),
            xytext=(0, 3 if value >= 0 else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=9,
        )
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(years, [str(y) for y in years])
    low, high = min(0, min(values)), max(0, max(values))
    span = (high - low) or 1
    ax.set_ylim(low - 0.12 * span, high + 0.15 * span)
    ax.grid(axis="x", visible=False)
    return ax


def mark_line(ax, x: float, label: str):
    """A dashed vertical line at `x` with `label` at the top: a reference value, or where a
    series changed meaning."""
    ax.axvline(x, color="#333333", linewidth=0.9, linestyle="--")
    ax.annotate(
        label,
        (x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -2),
        textcoords="offset points",
        fontsize=8.5,
        va="top",
    )
    return ax


def label_bars(ax, bars, texts, fontsize: float = 9, va: str = "bottom") -> None:
    """Write each text centred 3 points above the top of its bar."""
    for bar, text in zip(bars, texts, strict=True):
        ax.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va=va,
            fontsize=fontsize,
        )


def change_spans(rows) -> list[tuple[float, float, float]]:
    """(low, middle, high) of each revision row's change in percent (`change_pct_low` and
    `change_pct_high` of a `revisions()` frame), for `ranges`."""
    return [
        (
            r["change_pct_low"],
            (r["change_pct_low"] + r["change_pct_high"]) / 2,
            r["change_pct_high"],
        )
        for _, r in rows.iterrows()
    ]
