"""tradeanalysis: China's foreign-trade releases as checked figures, derived numbers and a report.

>>> import tradeanalysis as ta
>>> release = ta.load_release("2024")
>>> ta.figures(release, currency="USD", cny_per_usd=7.12)  # the figures with their intervals
>>> ta.prior_year(release)      # implied 2023 values with their rounding intervals
>>> ta.checks(release)          # consistency, the release's claims, and earlier releases
>>> ta.history("total_trade")   # every release's printed figure, one row per release
>>> ta.revisions()              # where a later release restated an earlier year or month
>>> ta.in_year("total_trade", year=2024)  # the year month by month: printed and implied
>>> ta.quarters("total_trade", year=2024)  # its quarters, printed and implied
"""

from importlib import metadata as _metadata

from tradeanalysis.analysis.checks import checks
from tradeanalysis.analysis.frames import derived_figures, figures, prior_year
from tradeanalysis.analysis.in_year import in_year
from tradeanalysis.analysis.quarters import quarters
from tradeanalysis.analysis.vintages import history, revisions
from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.interval import Interval, published
from tradeanalysis.data.load import load_release, release_dirs
from tradeanalysis.data.release import Release

try:
    __version__ = _metadata.version("tradeanalysis")
except _metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "FiguresError",
    "Interval",
    "Release",
    "checks",
    "derived_figures",
    "figures",
    "history",
    "in_year",
    "load_release",
    "prior_year",
    "published",
    "quarters",
    "release_dirs",
    "revisions",
]
