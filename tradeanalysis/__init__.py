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

The names below are imported on first use (PEP 562), so `import tradeanalysis` and the command
line load pandas only when they need it: a build with nothing to do never does.
"""

from importlib import import_module as _import_module
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("tradeanalysis")
except _metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

# Each public name and the module it lives in.
_HOMES = {
    "checks": "tradeanalysis.analysis.checks",
    "derived_figures": "tradeanalysis.analysis.frames",
    "figures": "tradeanalysis.analysis.frames",
    "prior_year": "tradeanalysis.analysis.frames",
    "history": "tradeanalysis.analysis.vintages",
    "in_year": "tradeanalysis.analysis.in_year",
    "quarters": "tradeanalysis.analysis.quarters",
    "revisions": "tradeanalysis.analysis.vintages",
    "FiguresError": "tradeanalysis.data.errors",
    "Interval": "tradeanalysis.data.interval",
    "published": "tradeanalysis.data.interval",
    "load_release": "tradeanalysis.data.load",
    "release_dirs": "tradeanalysis.data.load",
    "Release": "tradeanalysis.data.release",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'tradeanalysis' has no attribute {name!r}")
    value = getattr(_import_module(_HOMES[name]), name)
    globals()[name] = value  # found at once next time
    return value


def __dir__():
    return sorted([*globals(), *_HOMES])
