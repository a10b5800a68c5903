"""Validate a notebook's parameters and turn them into a loaded release and a presentation.

In a notebook, a bad value stops the run with one line that says what to change (IPython shows
`_render_traceback_` instead of a traceback; papermill reports the same line).
"""

from __future__ import annotations

from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.load import load_release
from tradeanalysis.data.release import Release
from tradeanalysis.data.units import CURRENCIES, DISPLAY_SCALES
from tradeanalysis.narrative.text import Presentation

FIGURE_FORMATS = ("svg", "png")
# Yuan per US dollar a run may convert at: the rate has stayed between about 1.5 and 9 since
# 1949; anything outside this range is a typo (or inf, or nan).
RATE_RANGE = (0.1, 100.0)


class ParameterError(ValueError):
    """A notebook parameter with a value the notebooks cannot use."""

    def _render_traceback_(self):
        return [f"ParameterError: {self}"]


class ReleaseLoadError(ValueError):
    """The release named by the `release` parameter is missing or defective."""

    def _render_traceback_(self):
        return [f"FiguresError: {self}"]


def normalized(parameters: dict) -> dict:
    """The parameters with currency in capitals and scale and figure format in lower case, as
    the checks and the notebooks expect (`usd` and `Billion` are accepted)."""
    cases = {"currency": str.upper, "scale": str.lower, "figure_format": str.lower}
    return {
        name: cases[name](value) if name in cases and isinstance(value, str) else value
        for name, value in parameters.items()
    }


def check_parameters(
    release="2024",
    currency="CNY",
    cny_per_usd=None,
    scale=None,
    figure_format="svg",
    **_ignored,
) -> tuple[Release, Presentation]:
    """Check the shared notebook parameters; returns (release, presentation) or raises.

    A rate is refused when the run's currency is the release's own: nothing would use it, and a
    rate that silently does nothing hides a forgotten `currency` parameter."""
    given = normalized({"currency": currency, "scale": scale, "figure_format": figure_format})
    currency, scale, figure_format = given["currency"], given["scale"], given["figure_format"]
    fixed = scale is not None  # no scale given: trillions, billions for dollars under 1 trillion
    scale = scale if fixed else "trillion"
    if currency not in CURRENCIES:
        raise ParameterError(f"currency must be one of {', '.join(CURRENCIES)}, got {currency!r}")
    if scale not in DISPLAY_SCALES:
        raise ParameterError(f"scale must be one of {', '.join(DISPLAY_SCALES)}, got {scale!r}")
    if figure_format not in FIGURE_FORMATS:
        raise ParameterError(
            f"figure_format must be one of {', '.join(FIGURE_FORMATS)}, got {figure_format!r}"
        )
    if cny_per_usd is not None:
        if isinstance(cny_per_usd, bool) or not isinstance(cny_per_usd, int | float):
            raise ParameterError(
                f"cny_per_usd must be a number of yuan per US dollar, got {cny_per_usd!r}"
            )
        if not cny_per_usd > 0:
            raise ParameterError(f"cny_per_usd must be greater than zero, got {cny_per_usd!r}")
        if not RATE_RANGE[0] <= cny_per_usd <= RATE_RANGE[1]:
            raise ParameterError(
                f"cny_per_usd must be a finite number from {RATE_RANGE[0]:g} to "
                f"{RATE_RANGE[1]:g} yuan per US dollar, got {cny_per_usd!r}"
            )
    try:
        loaded = load_release(release)
    except FiguresError as exc:
        raise ReleaseLoadError(str(exc)) from None
    if currency != loaded.currency and cny_per_usd is None:
        raise ParameterError(
            f"currency {currency} needs an exchange rate: pass -p cny_per_usd <yuan per dollar>, "
            f"the release gives amounts in {loaded.currency} only"
        )
    if currency == loaded.currency and cny_per_usd is not None:
        raise ParameterError(
            f"cny_per_usd is used only when currency differs from the release's "
            f"({loaded.currency}): drop it, or pass -p currency "
            f"{next(c for c in CURRENCIES if c != loaded.currency)}"
        )
    view = Presentation(currency=currency, scale=scale, cny_per_usd=cny_per_usd, scale_fixed=fixed)
    return loaded, view


def check_palette(palette) -> None:
    """Raise ParameterError unless `palette` names a seaborn palette (imports the charts)."""
    from tradeanalysis.narrative.charts import palette as colors

    try:
        colors(palette)
    except (ValueError, TypeError):
        raise ParameterError(f"palette {palette!r} is not a seaborn palette name") from None
