"""tradeanalysis: China's foreign-trade release as checked figures, derived numbers and a report.

>>> import tradeanalysis as ta
>>> release = ta.load_release("2024")
>>> ta.prior_year(release)      # implied 2023 values with their rounding intervals
>>> ta.checks(release)          # consistency and the release's own claims
"""

from .checks import checks
from .derive import derived_figures, prior_year
from .interval import Interval, published
from .release import FiguresError, Release, load_release, release_dirs

__all__ = [
    "FiguresError",
    "Interval",
    "Release",
    "checks",
    "derived_figures",
    "load_release",
    "prior_year",
    "published",
    "release_dirs",
]
