"""The numbers behind a page's words and charts, each computed once per question so that a
sentence and its chart say the same thing.

Amounts are `money.Amount` values (an interval in trillions of their currency that says how it was
obtained, as the run's `Money` decides); shares and growth ratios are intervals in percent or
times.
"""

from __future__ import annotations

from tradeanalysis.analysis.derive import has_amount, share_pct
from tradeanalysis.analysis.money import Amount, Money
from tradeanalysis.data.interval import Interval


class Numbers:
    """The figures of `money.release` as the run shows them."""

    def __init__(self, money: Money):
        self.money, self.release = money, money.release
        self._computed: dict[tuple, object] = {}

    def _once(self, key: tuple, compute):
        if key not in self._computed:
            self._computed[key] = compute()
        return self._computed[key]

    def has_amount(self, fid: str) -> bool:
        """Whether the release gives an amount for `fid`, printed or implied by a share."""
        return self.release.has(fid) and has_amount(self.release, fid)

    def amount(self, fid: str) -> Amount:
        """`fid`'s amount in the run's currency (customs' twin, or converted once)."""
        return self._once(("amount", fid), lambda: self.money.amount(fid))

    def prior(self, fid: str) -> Amount:
        """The previous year `fid`'s growth rate implies, in that rate's currency."""
        return self._once(("prior", fid), lambda: self.money.prior(fid))

    def own(self, fid: str, prior: bool = False) -> Amount:
        """`fid`'s own amount (or the previous year its own growth rate implies), in the
        currency it was printed in."""
        get = self.money.prior_of if prior else self.money.own
        return self._once(("own", fid, prior), lambda: get(fid))

    def interval(self, fid: str, prior: bool = False) -> Interval:
        """`own(fid, prior)` as an interval in trillions of the figure's currency."""
        return self.own(fid, prior).interval

    def balance(self, prior: bool = False) -> Amount:
        """Exports minus imports as the run shows it (see `Money.balance`)."""
        return self._once(("balance", prior), lambda: self.money.balance(prior))

    def ratio(self, part: str, whole: str, prior: bool = False) -> Interval:
        """part / whole in percent, this year or in the implied previous year."""
        return self._once(
            ("share", part, whole, prior), lambda: share_pct(self.release, part, whole, prior)
        )

    def growth_ratio(self, fast: str, slow: str) -> Interval:
        """How many times `slow`'s growth rate `fast`'s is, with the range rounding allows."""
        return self._once(
            ("growth ratio", fast, slow),
            lambda: self.release.growth(fast) / self.release.growth(slow),
        )

    def printed_share(self, fid: str) -> float:
        """The share printed on a figure, in percent (e.g. 50 for "over half")."""
        return float(self.release.figure(fid)["share_pct"])
