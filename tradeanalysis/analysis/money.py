"""Money: which amount a run shows for a figure, in which currency, and where it came from.

One run shows amounts in one currency (`Money.currency`). This module is the one place that
decides, for every figure of a release:
- the amount: customs' own figure in the run's currency where the release prints one (its twin,
  id ending `_usd`), else the release's figure converted once at the analyst's rate;
- the growth rate: the twin's where the twin prints one, else the figure's own, whose terms
  (the currency it was measured in) it names;
- the previous year: implied by the growth rate, in the currency that rate was measured in and
  never converted (no rate for that year is known);
- a derived amount (the trade balance): computed from figures of one origin (customs' figures in
  the run's currency where every input has one, else the release's figures, converted once).

Every answer is an `Amount`: an interval in trillions of its currency that says how it was
obtained. Conversion uses only the rate the analyst gives (`cny_per_usd`, yuan per US dollar).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from tradeanalysis.analysis.derive import amount, currency_of, has_amount, prior_amount
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.release import Release
from tradeanalysis.data.units import Unit, twin_id

PRINTED, DERIVED, CONVERTED = "printed", "derived", "converted"


def convert(value: float, unit: str, currency: str, scale: str, cny_per_usd=None) -> float:
    """`value` in `unit` (e.g. "CNY trillion") expressed in `currency` and `scale`;
    ValueError when the currencies differ and no rate was given."""
    source = Unit.parse(unit)
    value = value * source.trillions / Unit(currency, scale).trillions
    if source.currency == currency:
        return value
    if not cny_per_usd:
        raise ValueError(f"converting {source.currency} to {currency} needs cny_per_usd")
    return value / cny_per_usd if source.currency == "CNY" else value * cny_per_usd


@dataclass(frozen=True)
class Amount:
    """An amount as a run shows it: `interval` in trillions of `currency`, the figure ids it
    comes from (`basis`), whether it was computed from them (`derived`: a share of a whole, the
    previous year a growth rate implies, a balance) and the rate it was converted at, if any
    (`rate`, yuan per US dollar: converted exactly once)."""

    interval: Interval
    currency: str
    basis: tuple[str, ...]
    derived: bool = False
    rate: float | None = None

    @property
    def origin(self) -> str:
        """ "printed", "derived" (from figures printed in `currency`) or "converted"."""
        return CONVERTED if self.rate else DERIVED if self.derived else PRINTED

    @property
    def unit(self) -> str:
        """The unit of `interval`: "CNY trillion" or "USD trillion"."""
        return f"{self.currency} trillion"

    def converted(self, currency: str, cny_per_usd: float) -> Amount:
        """This amount in `currency` at `cny_per_usd`; refuses a second conversion."""
        if currency == self.currency:
            return self
        if self.rate:
            raise ValueError(f"{self.basis} was converted once already")
        ends = [
            convert(v, self.unit, currency, "trillion", cny_per_usd)
            for v in (self.interval.low, self.interval.high)
        ]
        return replace(self, interval=Interval(*ends), currency=currency, rate=cny_per_usd)


@dataclass(frozen=True)
class Growth:
    """A printed growth rate: `interval` and `pct` in percent, `decimals` as printed, the figure
    it was printed on (`figure`) and the currency it was measured in (`terms`)."""

    interval: Interval
    pct: float
    decimals: int
    figure: str
    terms: str


class Money:
    """The amounts, growth rates and previous years of one release as a run in `currency`
    (default: the release's) shows them; `cny_per_usd` converts what customs did not print in
    the run's currency."""

    def __init__(self, release: Release, currency: str | None = None, cny_per_usd=None):
        self.release = release
        self.currency = currency or release.currency
        self.cny_per_usd = cny_per_usd

    def twin(self, fid: str) -> str | None:
        """Customs' own figure for `fid` in the run's currency ("exports_usd"), if printed."""
        has = self.release.has(fid)  # a year-to-date release may print only the dollar figure
        if (currency_of(self.release, fid) if has else self.release.currency) == self.currency:
            return None
        twin = twin_id(fid, self.currency)
        return twin if self.release.has(twin) and has_amount(self.release, twin) else None

    def source(self, fid: str) -> str:
        """The figure whose amount stands for `fid` in this run: its twin, or itself."""
        return self.twin(fid) or fid

    def growth_source(self, fid: str) -> str:
        """The figure whose growth rate stands for `fid`: its twin when the twin prints one."""
        twin = self.twin(fid)
        has_rate = twin and not pd.isna(self.release.figure(twin)["yoy_pct"])
        return twin if has_rate else fid

    def own(self, fid: str) -> Amount:
        """`fid`'s amount as the release gives it, in its own currency (never converted)."""
        row = self.release.figure(fid)
        return Amount(
            amount(self.release, fid),
            currency_of(self.release, fid),
            (fid,) if pd.notna(row["value"]) else (fid, row["share_of"]),
            derived=pd.isna(row["value"]),
        )

    def amount(self, fid: str) -> Amount:
        """`fid`'s amount in the run's currency: customs' twin, else converted once; a figure
        in another currency stays in it when the run has no rate."""
        found = self.own(self.source(fid))
        if found.currency == self.currency or not self.cny_per_usd:
            return found
        return found.converted(self.currency, self.cny_per_usd)

    def growth(self, fid: str) -> Growth:
        """The growth rate that stands for `fid` (see `growth_source`)."""
        source = self.growth_source(fid)
        row = self.release.figure(source)
        return Growth(
            self.release.growth(source),
            float(row["yoy_pct"]),
            int(row["yoy_decimals"]),
            source,
            currency_of(self.release, source),
        )

    def prior(self, fid: str) -> Amount:
        """The previous year's amount `fid`'s growth rate implies, in the currency that rate was
        measured in: never converted."""
        return self.prior_of(self.growth_source(fid))

    def prior_of(self, fid: str) -> Amount:
        """The previous year `fid`'s own amount and growth rate imply, in its currency."""
        return Amount(
            prior_amount(self.release, fid), currency_of(self.release, fid), (fid,), derived=True
        )

    def balance(self, prior: bool = False) -> Amount:
        """Exports minus imports (positive: a surplus), this year or the previous year, from
        figures of one origin: customs' figures in the run's currency where both flows (and,
        for the previous year, both growth rates) have them, else the release's own figures,
        converted once for this year and kept in their currency for the previous year."""
        flows = ("exports", "imports")
        pick = self.growth_source if prior else self.source
        ids = [pick(f) for f in flows]
        if any(currency_of(self.release, i) != self.currency for i in ids):
            ids = list(flows)
        get = self.prior_of if prior else self.own
        parts = [get(i) for i in ids]
        balance = Amount(
            parts[0].interval - parts[1].interval, parts[0].currency, tuple(ids), derived=True
        )
        if prior or not self.cny_per_usd:
            return balance
        return balance.converted(self.currency, self.cny_per_usd)
