"""Every amount a list of releases gives for a period, printed or implied, with its definition.

A release prints a figure's value for its period; its growth rate, undone, implies the previous
year's value on the same definition (data/releases/series.yml says which definition a figure has in
which release). Where a release prints a growth rate but no value, the value a later release
implies for its period on the same definition stands in, and the growth undone on it gives the year
before (column `via` names that later release).

Amounts are in trillions of the figure's own currency; shares in percent.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from tradeanalysis.analysis import memo
from tradeanalysis.analysis.derive import (
    MixedCurrencyError,
    amount,
    currency_of,
    prior_amount,
    share_pct,
)
from tradeanalysis.analysis.printings import Printings
from tradeanalysis.analysis.within_year import earlier_year_to_date, quarters_from_totals
from tradeanalysis.data.figure_ids import IN_YEAR_MEASURES
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.period import is_full_year, parse_period, shift_years
from tradeanalysis.data.release import Release
from tradeanalysis.data.series import NONE, Definitions, load_definitions

OBSERVATION_COLUMNS = [
    "id",
    "period",
    "year",
    "currency",
    "low",
    "high",
    "bound",
    "vintage",
    "published",
    "kind",
    "definition",
    "via",
    "how",
]
YEARLY_COLUMNS = ["year", "low", "mid", "high", "kind", "vintage", "definition"]
PRINTED, IMPLIED = "printed", "implied"
GROWTH = "growth rate"  # how an implied amount came: the release's growth rate undone


class Lineage:
    """Which definition each figure has in each release of a list (publication order)."""

    def __init__(self, releases: list[Release]):
        self.order = [r.id for r in _published_order(releases)]
        folder = _series_folder(releases)
        self.definitions = NONE if folder is None else _definitions_in(folder)

    def of(self, fid: str, release: Release) -> str:
        """The definition of `fid` in `release` ("" where only one is declared or none)."""
        return self.definitions.of(fid, release.id, self.order)


@functools.lru_cache(maxsize=32)
def _cached(folder: str, content: bytes) -> Definitions:
    return load_definitions(folder)


def _series_bytes(folder) -> bytes | None:
    """The bytes of the folder's series.yml; None where it has none."""
    try:
        return (folder / "series.yml").read_bytes()
    except OSError:
        return None


def _definitions_in(folder) -> Definitions:
    """The folder's series.yml, parsed once per content."""
    content = _series_bytes(folder)
    return NONE if content is None else _cached(str(folder), content)


def _published_order(releases: list[Release]) -> list[Release]:
    return sorted(releases, key=lambda r: (r.published, r.id))


def _series_folder(releases: list[Release]):
    """The folder whose series.yml declares the definitions: the latest release's; None for no
    release."""
    return _published_order(releases)[-1].path.parent if releases else None


def _series_key(releases: list[Release]) -> tuple:
    """What of series.yml a table of `releases` depends on (`memo.once`'s key): the bytes of the
    file `Lineage` reads."""
    folder = _series_folder(releases)
    return () if folder is None else (str(folder), _series_bytes(folder))


def _row(release, fid, lineage, period, interval, kind, bound, via="", how="", cur=None) -> dict:
    return {
        "id": fid,
        "period": period,
        "currency": cur or currency_of(release, fid),
        "low": interval.low,
        "high": interval.high,
        "bound": bound,
        "vintage": release.id,
        "published": release.published,
        "kind": kind,
        "definition": lineage.of(fid, release),
        "via": via,
        "how": how,
    }


def _release_observations(release: Release, lineage: Lineage) -> tuple[list, list]:
    """(rows, growth-only figure ids) of one release."""
    rows, growth_only = [], []
    for fid, row in release.figure_rows():
        try:
            now = amount(release, fid)
        except KeyError:
            if not pd.isna(row["yoy_pct"]):
                growth_only.append(fid)
            continue
        rows.append(_row(release, fid, lineage, row["period"], now, PRINTED, row["bound"]))
        if not pd.isna(row["yoy_pct"]):
            before = prior_amount(release, fid)
            period = shift_years(row["period"], -1)
            rows.append(
                _row(release, fid, lineage, period, before, IMPLIED, row["bound"], how=GROWTH)
            )
    return rows, growth_only


def _chained(release: Release, fid: str, lineage: Lineage, rows: list) -> dict | None:
    """The year before a growth-only figure: its growth undone on the value the earliest later
    release implies for its period on the same definition; None where no later release does."""
    period, definition = release.figure(fid)["period"], lineage.of(fid, release)
    later = [
        r
        for r in rows
        if r["id"] == fid
        and r["period"] == period
        and r["kind"] == IMPLIED
        and r["definition"] == definition
        and r["published"] > release.published
    ]
    if not later:
        return None
    base = min(later, key=lambda r: (r["published"], r["vintage"]))
    before = Interval(base["low"], base["high"]) / (1 + release.growth(fid) / 100)
    period = shift_years(period, -1)
    return _row(release, fid, lineage, period, before, IMPLIED, "exact", base["vintage"], GROWTH)


def observations(releases: list[Release]) -> pd.DataFrame:
    """Every amount the releases give for a period, printed or implied by a growth rate.

    Columns: id, period, year (first calendar year of the period), currency, low, high (trillions
    of that currency; high is inf for "more than"), bound, vintage (release id), published, kind
    ("printed", or "implied" for the previous year undone from a release's growth), definition
    (see data/releases/series.yml; "" for a figure with one) and via (the later release whose
    implied value a growth-only figure's growth was undone on; "" otherwise). Computed once per
    list of Release objects (`memo.once`).
    """
    key = ("observations", _series_key(releases))
    return memo.once(releases, key, lambda: _observations(releases))


def _observations(releases: list[Release]) -> pd.DataFrame:
    lineage = Lineage(releases)
    rows, pending = [], []
    for release in releases:
        found, growth_only = _release_observations(release, lineage)
        rows += found
        pending += [(release, fid) for fid in growth_only]
    rows += [r for r in (_chained(rel, fid, lineage, rows) for rel, fid in pending) if r]
    rows += _within_year(releases, lineage)
    frame = pd.DataFrame(rows, columns=[c for c in OBSERVATION_COLUMNS if c != "year"])
    frame.insert(2, "year", [parse_period(p)[0].year for p in frame["period"]])
    return frame


def _within_year(releases: list[Release], lineage: Lineage) -> list[dict]:
    """The amounts inside a year the year-to-date releases imply (`within_year`; a January-March
    total is the first quarter as printed)."""
    found = [i for r in releases for i in earlier_year_to_date(r)]
    found += quarters_from_totals(releases, Printings(releases, set(IN_YEAR_MEASURES)))
    return [
        _row(
            i.release,
            i.fid,
            lineage,
            i.period,
            i.value,
            PRINTED if i.printed else IMPLIED,
            "exact",
            how=i.how,
            cur=i.currency,
        )
        for i in found
    ]


def latest_value(obs: pd.DataFrame, fid: str, period: str):
    """The row of `obs` for `fid` and `period` from the most recent vintage, or None."""
    found = obs[(obs["id"] == fid) & (obs["period"] == period)]
    return None if found.empty else found.sort_values("published").iloc[-1]


def share_of(release: Release, part: str, whole: str, prior: bool = False) -> Interval | None:
    """`part`'s share of `whole` in percent, from the share printed on `part` (undone by both
    growth rates for the previous year) and from their amounts; None when the release gives
    neither. Where it gives both, the true share lies in each, so the result is their overlap:
    sometimes the printed share has more digits (2021: private firms 48.6%, their amount printed
    as 19 trillion), sometimes the amounts do. Where the two do not overlap, the printed share
    is kept (the `share_above` check is the place that flags such a release)."""
    printed = _printed_share(release, part, whole, prior)
    try:
        computed = share_pct(release, part, whole, prior)
    except (KeyError, ZeroDivisionError, MixedCurrencyError):
        return printed
    if printed is None:
        return computed
    if not printed.overlaps(computed):
        return printed
    return Interval(max(printed.low, computed.low), min(printed.high, computed.high))


def _printed_share(release: Release, part: str, whole: str, prior: bool) -> Interval | None:
    row = release.figure(part)
    if pd.isna(row["share_pct"]) or row["share_of"] != whole:
        return None
    share = release.share(part)
    if not prior:
        return share
    try:
        return share * (1 + release.growth(whole) / 100) / (1 + release.growth(part) / 100)
    except KeyError:
        return None


def series_of(releases: list[Release], ids) -> pd.DataFrame:
    """Amounts of one figure (one id, trillions) or shares of a part in a whole (two ids,
    percent, on the part's definition) by period and vintage, printed or implied; columns as
    `observations`."""
    if len(ids) == 1:
        obs = observations(releases)
        return obs[obs["id"] == ids[0]]
    part, whole = ids
    lineage, rows = Lineage(releases), []
    for release in releases:
        if not (release.has(part) and release.has(whole)):
            continue
        period = release.figure(part)["period"]
        if period != release.figure(whole)["period"]:
            continue
        for prior in (False, True):
            share = share_of(release, part, whole, prior)
            if share is None:
                continue
            when = shift_years(period, -1) if prior else period
            row = _row(release, part, lineage, when, share, IMPLIED if prior else PRINTED, "exact")
            rows.append({**row, "currency": ""})
    frame = pd.DataFrame(rows, columns=[c for c in OBSERVATION_COLUMNS if c != "year"])
    frame.insert(2, "year", [parse_period(p)[0].year for p in frame["period"]])
    return frame


def _pick(group: pd.DataFrame) -> pd.Series:
    """What the release for the year printed, else what the earliest later release implied."""
    printed = group[group["kind"] == PRINTED]
    return (printed if len(printed) else group).sort_values("published").iloc[0]


def yearly(releases: list[Release], ids, every_definition: bool = False) -> pd.DataFrame:
    """One value per year for a chart: what the release for that year printed, or where no
    release printed the year, what the next release implied. Columns: year, low, mid, high
    (trillions of the figure's currency, or percent for a share), kind, vintage, definition.
    Only calendar-year periods count. `every_definition`: one value per year and definition
    (a year on both sides of a break appears once for each), sorted by definition, then year."""
    found = series_of(releases, ids)
    found = found[found["period"].astype(str).map(is_full_year).astype(bool)]
    keys = ["year", "definition"] if every_definition else ["year"]
    rows = []
    for _, group in found.groupby(keys, sort=True):
        pick = _pick(group)
        high = pick["high"]
        mid = pick["low"] if math.isinf(high) else (pick["low"] + high) / 2
        rows.append(
            {
                "year": int(pick["year"]),
                "low": pick["low"],
                "mid": mid,
                "high": high,
                "kind": pick["kind"],
                "vintage": pick["vintage"],
                "definition": pick["definition"],
            }
        )
    frame = pd.DataFrame(rows, columns=YEARLY_COLUMNS)
    if every_definition and len(frame):
        defs = Lineage(releases).definitions
        frame["_rank"] = [defs.rank(ids[0], d) for d in frame["definition"]]
        frame = frame.sort_values(["_rank", "year"], ignore_index=True).drop(columns="_rank")
    return frame
