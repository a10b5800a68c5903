"""Validate a notebook's parameters and turn them into a loaded release and a presentation.

In a notebook, a bad value stops the run with one line that says what to change (IPython shows
`_render_traceback_` instead of a traceback; papermill reports the same line).
"""

from __future__ import annotations

from .release import FiguresError, Release, load_release
from .schema import CURRENCIES, SCALES
from .text import Presentation

FIGURE_FORMATS = ("svg", "png")


class ParameterError(ValueError):
    """A notebook parameter with a value the notebooks cannot use."""

    def _render_traceback_(self):
        return [f"ParameterError: {self}"]


class ReleaseLoadError(ValueError):
    """The release named by the `release` parameter is missing or defective."""

    def _render_traceback_(self):
        return [f"FiguresError: {self}"]


def check_parameters(
    release="2024",
    currency="CNY",
    cny_per_usd=None,
    scale="trillion",
    figure_format="svg",
    **_ignored,
) -> tuple[Release, Presentation]:
    """Check the shared notebook parameters; returns (release, presentation) or raises."""
    if currency not in CURRENCIES:
        raise ParameterError(f"currency must be one of {', '.join(CURRENCIES)}, got {currency!r}")
    if scale not in SCALES:
        raise ParameterError(f"scale must be one of {', '.join(SCALES)}, got {scale!r}")
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
    try:
        loaded = load_release(release)
    except FiguresError as exc:
        raise ReleaseLoadError(str(exc)) from None
    if currency != loaded.currency and cny_per_usd is None:
        raise ParameterError(
            f"currency {currency} needs an exchange rate: pass -p cny_per_usd <yuan per dollar>, "
            f"the release gives amounts in {loaded.currency} only"
        )
    return loaded, Presentation(currency=currency, scale=scale, cny_per_usd=cny_per_usd)
