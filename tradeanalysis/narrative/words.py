"""Words for a release's figures in the house style: amounts with their unit, growth signed,
shares in percent, ranges where rounding leaves one open.

Every amount is said from one `money.Amount` (see `numbers.Numbers`): in the run's currency when
the run's `Money` put it there, else in its own (a previous year stays in the currency of its
growth rate). An amount converted at the run's rate carries `MARK`, which `rate_text` explains
once per page. Every string that comes from a release file is escaped for Markdown.
"""

from __future__ import annotations

import math
from dataclasses import replace

from tradeanalysis.analysis.money import Amount
from tradeanalysis.data.interval import Interval
from tradeanalysis.narrative.numbers import Numbers
from tradeanalysis.narrative.text import (
    CURRENCY_WORDS,
    Presentation,
    escape_markdown,
    format_growth,
    format_share,
)

MARK = "\u2020"  # after an amount converted at the run's rate (a dagger)


class Words:
    """Sentences' parts for the figures of `numbers.release` in the presentation `view`."""

    def __init__(self, numbers: Numbers, view: Presentation):
        self.numbers, self.release, self.view = numbers, numbers.release, view

    # --- what a figure is ---
    def label_text(self, fid: str) -> str:
        """The figure's label, escaped: "Goods exports"."""
        return escape_markdown(self.release.figure(fid)["label"])

    def whole_text(self, fid: str) -> str:
        """What the figure's printed share is a share of, to run on in a sentence: "goods
        exports", or "all goods trade" for the total."""
        whole = self.release.figure(fid)["share_of"]
        return "all goods trade" if whole == "total_trade" else self.label_text(whole).lower()

    def period_text(self, fid: str) -> str:
        """The figure's period in words, escaped: "2024", "Q4 2024", "January–November 2024"."""
        return escape_markdown(self.release.figure(fid)["period_label"])

    def scope_text(self, fid: str) -> str:
        """What the figure covers, escaped: "Shenzhen"."""
        return escape_markdown(self.release.figure(fid)["scope"])

    # --- amounts ---
    def view_for(self, currency: str) -> Presentation:
        """The reader's presentation, or for an amount kept in another currency that currency at
        the reader's scale (no rate: it is never converted)."""
        if currency == self.view.currency:
            return self.view
        return Presentation(
            currency=currency, scale=self.view.scale, scale_fixed=self.view.scale_fixed
        )

    def amount_words(self, found: Amount) -> str:
        """An amount in words: a printed figure with its printed digits ("25.45 trillion yuan",
        "more than 4 trillion yuan"), a derived one with its range ("about 15.12 trillion yuan
        (15.10 to 15.13)"); `MARK` after one converted at the run's rate."""
        view = self.view_for(found.currency)
        if found.derived:
            text = self.range_text(
                found.interval, found.unit, view=view, converted=bool(found.rate)
            )
        else:
            row = self.release.figure(found.basis[0])
            decimals = int(row["value_decimals"])
            text = view.amount(row["value"], row["unit"], decimals, row["bound"])
        return text + MARK if found.rate else text

    def amount_text(self, fid: str) -> str:
        """A figure's amount as the run shows it (see `amount_words`)."""
        return self.amount_words(self.numbers.amount(fid))

    def prior_text(self, fid: str) -> str:
        """The implied previous-year amount with its rounding range, in the currency its growth
        rate was measured in (a yuan growth rate gives a yuan previous year, also in a dollar
        run: converting it at this year's rate would give a figure nobody published)."""
        return self.amount_words(self.numbers.prior(fid))

    def balance_text(self) -> str:
        """ "a surplus of about 7.06 trillion yuan (7.05 to 7.07)", or a deficit."""
        balance = self.numbers.balance()
        word = "surplus" if balance.interval.mid >= 0 else "deficit"
        if balance.interval.mid < 0:
            balance = replace(balance, interval=balance.interval * -1)
        return f"a {word} of {self.amount_words(balance)}"

    def range_text(
        self,
        interval: Interval,
        unit: str = "",
        decimals: int = 2,
        view: Presentation = None,
        converted: bool = False,
    ) -> str:
        """An amount interval (in `unit`, default trillions of the release currency) in words,
        e.g. "about 15.12 trillion yuan (15.10 to 15.13)"; the range gets up to two more digits
        when it would otherwise print as one number, and the middle gets the same digits.
        `view`: another presentation than the reader's (e.g. a dollar figure kept in dollars);
        `converted`: the interval was converted
        from another currency, so it has no printed precision and shows three significant
        digits."""
        unit = unit or f"{self.release.currency} trillion"
        view = (view or self.view).sized(interval.low, interval.high, unit=unit)
        if math.isinf(interval.high):
            return f"more than {view.amount(interval.low, unit, decimals, converted=converted)}"
        low, high = view.convert(interval.low, unit), view.convert(interval.high, unit)
        mid = view.convert(interval.mid, unit)
        places = max(view.decimals(decimals, unit), view.decimals(decimals, unit, mid, converted))
        for extra in (0, 1, 2):
            if f"{low:,.{places + extra}f}" != f"{high:,.{places + extra}f}":
                places += extra
                break
        # the middle with the range's digits: a range never says more than its value
        return (
            f"about {mid:,.{places}f} {view.unit_words} ({low:,.{places}f} to {high:,.{places}f})"
        )

    # --- growth and shares ---
    def terms_text(self, fid: str) -> str:
        """ " in yuan terms" when `fid`'s growth rate is not in the run's currency, else ""."""
        terms = self.numbers.money.growth(fid).terms
        return "" if terms == self.view.currency else f" in {CURRENCY_WORDS[terms]} terms"

    def growth_text(self, fid: str, terms: bool = True) -> str:
        """Signed growth: "+7.1%", "−2.3%"; customs' growth in the run's currency where printed,
        else "+5% in yuan terms" (`terms=False`: the number alone)."""
        growth = self.numbers.money.growth(fid)
        text = format_growth(growth.pct, growth.decimals)
        return text + self.terms_text(fid) if terms else text

    def change_text(self, fid: str) -> str:
        """Growth as a verb phrase: "grew 7.1%", "fell 2.3%" or "was unchanged" (with "in yuan
        terms" where the rate is not in the run's currency)."""
        growth = self.numbers.money.growth(fid)
        if round(growth.pct, growth.decimals) == 0:
            return "was unchanged" + self.terms_text(fid)
        verb = "grew" if growth.pct > 0 else "fell"
        return f"{verb} {format_share(abs(growth.pct), growth.decimals)}{self.terms_text(fid)}"

    def share_text(self, fid: str) -> str:
        """The printed share: "59.4%", or "more than 50%" for a lower bound."""
        row = self.release.figure(fid)
        text = format_share(row["share_pct"], int(row["share_decimals"]))
        return f"more than {text}" if row["bound"] == "lower" else text

    def percent_text(self, interval: Interval, decimals: int = 1) -> str:
        """A derived percentage with its range, e.g. "50.3% (50.31 to 50.35)", or "at least 23.9%"
        when the interval has no upper end (a part printed as "more than")."""
        if math.isinf(interval.high):
            low = math.floor(interval.low * 10**decimals) / 10**decimals  # "at least" stays true
            return f"at least {low:.{decimals}f}%"
        return (
            f"{interval.mid:.{decimals}f}% ({interval.low:.{decimals + 1}f} to "
            f"{interval.high:.{decimals + 1}f})"
        )

    # --- the run's currency, said once ---
    @property
    def converts(self) -> bool:
        """Whether this run converts amounts at a rate of the analyst's."""
        return self.view.currency != self.release.currency and bool(self.view.cny_per_usd)

    def rate_text(self) -> str:
        """The page's one statement of the rate and of `MARK`; "" when nothing is converted."""
        if not self.converts:
            return ""
        rate, words = self.view.cny_per_usd, CURRENCY_WORDS[self.view.currency]
        return (
            f"Amounts in {words}. Where customs printed a figure in {words} it is shown as "
            f"printed. An amount marked {MARK} was printed only in "
            f"{CURRENCY_WORDS[self.release.currency]} and is converted at {rate:g} yuan per US "
            "dollar, a rate chosen for this run, not one the release publishes. Growth rates are "
            "in the currency customs measured them in (said where that is not the run's), and "
            "the previous years they imply stay in that currency."
        )
