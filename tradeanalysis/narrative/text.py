"""Numbers and sentences in the house style: units always said, growth signed, sources cited.

Amounts come in as (value, unit) with unit like "CNY trillion"; `Presentation` turns them into the
currency and scale the reader asked for ("43.85 trillion yuan", "43,850 billion yuan",
"6.16 trillion US dollars"). Conversion between yuan and dollars uses only a rate the caller gives.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import astuple, dataclass, replace

from tradeanalysis.analysis.money import convert
from tradeanalysis.data.units import CURRENCIES, DISPLAY_SCALES, SCALES, Unit

CURRENCY_WORDS = {"CNY": "yuan", "USD": "US dollars"}
MINUS = "\u2212"
_KEEP_CAPITAL = {"Shenzhen", "China", "Belt", "Japan", "Russia"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape_markdown(text) -> str:
    """Text from a release file made inert in Markdown: no HTML, no links, no emphasis.

    Quotes stay as they are: with `<` and `&` escaped no tag or attribute can open, and an escaped
    apostrophe would show as "&#x27;" once the Markdown's own entity escaping is applied."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def lower_first(text: str) -> str:
    """A label made to run on inside a sentence: "Trade with ASEAN" -> "trade with ASEAN"; an
    opening acronym or name stays ("ASEAN trade", "Shenzhen trade")."""
    words = str(text).split(" ", 1)
    first = words[0]
    if len(first) > 1 and first[1:].islower() and first not in _KEEP_CAPITAL:
        words[0] = first.lower()
    return " ".join(words)


def format_growth(pct: float, decimals: int = 1) -> str:
    """Signed growth in percent: 7.1 -> "+7.1%", -2.3 -> "−2.3%"."""
    text = f"{abs(pct):,.{decimals}f}%"
    return (MINUS if pct < 0 else "+") + text if round(pct, decimals) != 0 else text


def format_share(pct: float, decimals: int = 1) -> str:
    """A share in percent: 59.4 -> "59.4%"."""
    return f"{pct:,.{decimals}f}%"


@dataclass(frozen=True)
class Presentation:
    """How amounts are shown: `currency` (CNY or USD), `scale` (trillion or billion) and, to
    convert between yuan and dollars, `cny_per_usd` (yuan per US dollar, given by the analyst).

    `scale_fixed` False (the analyst gave no scale): a dollar amount under 1 trillion is said
    in billions ("577 billion US dollars", not "0.577 trillion"); see `sized`."""

    currency: str = "CNY"
    scale: str = "trillion"
    cny_per_usd: float | None = None
    scale_fixed: bool = True

    def __post_init__(self):
        if self.currency not in CURRENCIES:
            raise ValueError(
                f"currency must be one of {', '.join(CURRENCIES)}, not {self.currency!r}"
            )
        if self.scale not in DISPLAY_SCALES:
            raise ValueError(
                f"scale must be one of {', '.join(DISPLAY_SCALES)}, not {self.scale!r}"
            )

    @property
    def unit_words(self) -> str:
        """Axis and table unit, e.g. "trillion yuan"."""
        return f"{self.scale} {CURRENCY_WORDS[self.currency]}"

    def convert(self, value: float, unit: str) -> float:
        """`value` in `unit` (e.g. "CNY trillion") expressed in this presentation's unit."""
        return convert(value, unit, self.currency, self.scale, self.cny_per_usd)

    def decimals(
        self, decimals: int, unit: str, value: float | None = None, converted: bool = False
    ) -> int:
        """Digits worth showing after converting a figure printed with `decimals` in `unit`.

        A change of scale moves the printed precision (0.01 trillion is 10 billion); a change of
        currency has no printed precision to keep, so it shows at least three significant digits
        of `value` (in this presentation's unit).
        """
        currency, scale = astuple(Unit.parse(unit))
        places = max(0, decimals - round(math.log10(SCALES[scale] / SCALES[self.scale])))
        if (converted or currency != self.currency) and value:
            places = max(places, 2 - math.floor(math.log10(abs(value))))
        return places

    def sized(self, *values: float, unit: str) -> Presentation:
        """The presentation for amounts `values` (in `unit`): billions when the scale was not
        fixed, the currency is US dollars and every value is under 1 trillion; else this one."""
        if self.scale_fixed or self.currency != "USD" or self.scale != "trillion":
            return self
        if any(abs(self.convert(v, unit)) >= 1 for v in values if v == v and abs(v) != math.inf):
            return self
        return replace(self, scale="billion", scale_fixed=True)

    def amount(
        self,
        value: float,
        unit: str,
        decimals: int = 2,
        bound: str = "exact",
        converted: bool = False,
    ) -> str:
        """An amount in words: "25.45 trillion yuan", "more than 4 trillion yuan".

        A lower bound is rounded down, so "more than" stays true after conversion.
        """
        if (sized := self.sized(value, unit=unit)) is not self:
            return sized.amount(value, unit, decimals, bound, converted)
        number = self.convert(value, unit)
        places = self.decimals(decimals, unit, number, converted)
        if bound == "lower":
            number = math.floor(number * 10**places) / 10**places
            return f"more than {number:,.{places}f} {self.unit_words}"
        return f"{number:,.{places}f} {self.unit_words}"
