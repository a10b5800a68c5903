"""A validated release (`Release`), the names of its files and columns, and `FiguresError`.

Values keep the unit they were printed in (e.g. "CNY trillion"); growth rates and shares are in
percent. `load` reads a release folder into a `Release`; `tables` validates its CSV files.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradeanalysis.data.errors import FiguresError  # noqa: F401 (part of a release's API)
from tradeanalysis.data.interval import Interval, published
from tradeanalysis.data.paths import FIGURES_FILE  # noqa: F401 (where release files are named)
from tradeanalysis.data.release_ids import release_kind
from tradeanalysis.data.schema import declared_sections

CLAIMS_FILE = "claims.csv"
META_FILE = "release.yml"

# Text columns of figures.csv as `Release.figures` holds them; an empty one is NaN.
TEXT_COLUMNS = (
    "section",
    "label",
    "period",
    "period_label",
    "scope",
    "unit",
    "bound",
    "share_of",
    "note",
    "source",
)
FIGURE_COLUMNS = (
    "id",
    "section",
    "label",
    "period",
    "scope",
    "value",
    "unit",
    "bound",
    "yoy_pct",
    "share_pct",
    "share_of",
)
CLAIM_COLUMNS = ("id", "section", "figures", "claim", "check", "note")
META_KEYS = ("producer", "title", "published", "accessed", "url", "citation", "currency", "covers")

# Optional figures.csv columns: a remark, and the page(s) a figure was printed on when that is not
# release.yml's `url` (web addresses separated by spaces).
OPTIONAL_FIGURE_COLUMNS = ("note", "source")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s<>\"']*$")
# Release ids are folder names: "2024", "2024-11", "2023-10-13-bri-index", "synthetic" (see
# release_ids for the scheme).
RELEASE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Release:
    """A validated release: `figures` (a row per printed figure), `claims`, `meta` (release.yml)."""

    id: str
    path: Path
    meta: dict
    figures: pd.DataFrame = field(repr=False)
    claims: pd.DataFrame = field(repr=False)

    @property
    def currency(self) -> str:
        return self.meta["currency"]

    @property
    def sections(self) -> dict[str, str]:
        """Section id -> title: the project's (data/sections.yml) plus any this release declares."""
        return {**declared_sections(), **(self.meta.get("sections") or {})}

    @property
    def kind(self) -> str:
        """`annual`, `year-to-date`, `dated` or `other`: what the id says (see `release_ids`)."""
        return release_kind(self.id)

    @property
    def published(self) -> str:
        """Date published, YYYY-MM-DD."""
        return self.meta["published"]

    @property
    def discrepancies(self) -> dict[str, str]:
        """Check name -> why it fails on these figures as printed (release.yml `discrepancies`)."""
        return {
            d["check"]: " ".join(str(d["explanation"]).split())
            for d in self.meta.get("discrepancies") or []
        }

    @property
    def citation(self) -> str:
        return " ".join(str(self.meta["citation"]).split())

    @property
    def source_note(self) -> str:
        """Short credit line for charts: producer, publisher and date published."""
        via = f", via {self.meta['publisher']}" if self.meta.get("publisher") else ""
        return f"Source: {self.meta['producer']}{via}, published {self.meta['published']}"

    def has(self, figure_id: str) -> bool:
        return figure_id in self.figures.index

    @functools.cached_property
    def _rows(self) -> dict[str, pd.Series]:
        # Each row built once: a pandas row lookup costs about 0.1 ms, and the history code asks
        # for rows thousands of times. The tables of a loaded release are not meant to be edited
        # (change the CSV and load again); load_release hands out fresh copies every time.
        return {fid: row for fid, row in self.figures.iterrows()}

    def figure_rows(self):
        """(figure id, row) for every figure in table order: `figures.iterrows()` without building
        each row again (the rows `figure` returns)."""
        return self._rows.items()

    def figure(self, figure_id: str) -> pd.Series:
        """One figure's row by id; KeyError naming the release if it is absent."""
        try:
            return self._rows[figure_id]
        except KeyError:
            raise KeyError(f"release {self.id} has no figure {figure_id!r}") from None

    def section(self, name: str) -> pd.DataFrame:
        """The figures of one section (possibly none)."""
        return self.figures[self.figures["section"] == name]

    def value(self, figure_id: str) -> Interval:
        """The interval the printed value stands for, in the figure's unit."""
        row = self.figure(figure_id)
        if pd.isna(row["value"]):
            raise KeyError(f"figure {figure_id!r} of release {self.id} has no value")
        return published(row["value"], row["value_decimals"], row["bound"])

    def growth(self, figure_id: str) -> Interval:
        """The interval the printed year-on-year growth stands for, in percent."""
        row = self.figure(figure_id)
        if pd.isna(row["yoy_pct"]):
            raise KeyError(f"figure {figure_id!r} of release {self.id} has no growth rate")
        return published(row["yoy_pct"], row["yoy_decimals"])

    def share(self, figure_id: str) -> Interval:
        """The interval the printed share stands for, in percent of `share_of`."""
        row = self.figure(figure_id)
        if pd.isna(row["share_pct"]):
            raise KeyError(f"figure {figure_id!r} of release {self.id} has no share")
        return published(row["share_pct"], row["share_decimals"], row["bound"])

    def table(self) -> pd.DataFrame:
        """The figures as a reader would scan them."""
        cols = ["section", "label", "period", "scope", "value", "unit", "bound", "yoy_pct"]
        return self.figures[cols + ["share_pct", "share_of", "source"]]

    def __repr__(self):
        return f"Release({self.id!r}, {len(self.figures)} figures, {len(self.claims)} claims)"

    def _repr_html_(self):
        title = html.escape(str(self.meta["title"]))
        table = self.table().to_html(na_rep="", escape=True)
        cite = html.escape(self.citation)
        return f"<h4>{title}</h4>{table}<p><small>{cite}</small></p>"
