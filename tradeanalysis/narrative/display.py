"""Showing things in a notebook: generated Markdown, tables and charts, as raw MIME bundles with
no object repr in them, so a rerun stores output that nbval can compare byte for byte."""

from __future__ import annotations

import functools

import pandas as pd
from IPython.display import display


class Display:
    """Where a page's words, tables and charts go: `palette` names the seaborn palette of the
    charts, `figure_format` ("svg" or "png") the main image each chart is shown as."""

    def __init__(self, palette="colorblind", figure_format="svg"):
        self.palette, self.figure_format = palette, figure_format

    def say(self, markdown: str) -> None:
        """Show generated Markdown (callers escape release text through `Words`)."""
        display({"text/markdown": markdown, "text/plain": markdown}, raw=True)

    def table(self, frame: pd.DataFrame) -> None:
        """Show a table as escaped HTML (and plain text); a named index (`id`, `check`) is shown
        as the first column."""
        if frame.index.name:
            frame = frame.reset_index()
        html_table = (
            "<style>.tradeanalysis-table td, .tradeanalysis-table th {text-align: left;}</style>"
            + frame.to_html(escape=True, na_rep="", index=False, classes="tradeanalysis-table")
        )
        with pd.option_context("display.width", 200, "display.max_colwidth", 80):
            plain = frame.to_string(na_rep="", index=False)
        display({"text/html": html_table, "text/plain": plain}, raw=True)

    @functools.cached_property
    def colors(self) -> list:
        """The chart colours of `palette`, worked out at the first chart (matplotlib and seaborn
        load then, so a page or index that draws nothing never imports them)."""
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
