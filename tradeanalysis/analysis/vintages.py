"""Every release in a folder as one tidy record, and the restatements between vintages.

A release is a vintage: what customs printed on one date. A later release's growth rate, undone,
implies the previous year's value as customs then counted it; where that cannot be the value printed
a year earlier (the rounding intervals do not overlap), the earlier year was restated. Nothing here
edits a release: restatements are computed and shown beside the printed numbers.

Amounts in `observations` and `revisions` are in trillions of the figure's own currency (the `unit`
column says which); `history` keeps each value in the unit it was printed in.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import pandas as pd

from tradeanalysis.analysis.derive import (
    MixedCurrencyError,
    amount,
    currency_of,
    prior_amount,
    share_pct,
)
from tradeanalysis.data.interval import Interval
from tradeanalysis.data.load import load_release, release_dirs, releases_before
from tradeanalysis.data.period import parse_period, shift_years
from tradeanalysis.data.release import FiguresError, Release
from tradeanalysis.data.units import with_unit_columns

HISTORY_COLUMNS = [
    "release",
    "published",
    "id",
    "section",
    "label",
    "period",
    "value",
    "low",
    "high",
    "unit",
    "yoy_pct",
    "share_pct",
    "share_of",
    "source",
]
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
]
REVISION_COLUMNS = [
    "id",
    "period",
    "unit",
    "printed_in",
    "printed_low",
    "printed_high",
    "implied_in",
    "implied_low",
    "implied_high",
    "change_low",
    "change_high",
    "change_pct_low",
    "change_pct_high",
    "status",
]
PRINTED, IMPLIED = "printed", "implied"
CONSISTENT, RESTATED = "consistent", "restated"


def _finite(x: float) -> float:
    return x if not math.isinf(x) else float("nan")


def releases_in(folder=None) -> list[Release]:
    """Every release in `folder` (default data/releases), oldest publication first."""
    loaded = [load_release(p) for p in release_dirs(folder)]
    return sorted(loaded, key=lambda r: (r.published, r.id))


def _through(releases: list[Release], through) -> list[Release]:
    """The releases published up to and including release `through` (an id)."""
    if through is None:
        return releases
    ids = [r.id for r in releases]
    if str(through) not in ids:
        raise FiguresError(
            str(through), "no such release in the history", f"use one of {', '.join(ids)}"
        )
    return releases[: ids.index(str(through)) + 1]


def history(ids=None, through=None, folder=None) -> pd.DataFrame:
    """One row per (release, figure) over every release, oldest publication first.

    `ids`: figure ids to keep (default all); `through`: a release id, to see only what was published
    up to it; `folder`: a folder of release folders (default data/releases). `value`, `low` and
    `high` are in `unit` as printed (`high` is NaN for a figure printed as "more than"); growth and
    shares in percent; `source` is the page the figure was printed on.
    """
    releases = _through(releases_in(folder), through)
    frames = [_release_rows(r) for r in releases]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    frame = frame.reindex(columns=HISTORY_COLUMNS)
    if ids is not None:
        frame = frame[frame["id"].isin(_as_list(ids))].reset_index(drop=True)
    return with_unit_columns(frame)


def _as_list(ids) -> list[str]:
    return [ids] if isinstance(ids, str) else list(ids)


def _release_rows(release: Release) -> pd.DataFrame:
    figures = release.figures
    lows, highs = [], []
    for fid in figures.index:
        if pd.isna(figures.at[fid, "value"]):
            lows.append(float("nan"))
            highs.append(float("nan"))
        else:
            interval = release.value(fid)
            lows.append(interval.low)
            highs.append(_finite(interval.high))
    rows = figures.reset_index()[
        ["id", "section", "label", "period", "value", "unit", "yoy_pct", "share_pct", "share_of"]
    ].copy()
    rows.insert(0, "release", release.id)
    rows.insert(1, "published", release.published)
    rows["low"], rows["high"] = lows, highs
    rows["source"] = figures["source"].fillna(str(release.meta["url"])).to_list()
    return rows


def observations(releases: list[Release]) -> pd.DataFrame:
    """Every amount the releases give for a period, printed or implied by a growth rate.

    Columns: id, period, year (first calendar year of the period), currency, low, high (trillions
    of that currency; high is inf for "more than"), bound, vintage (release id), published, kind
    ("printed", or "implied" for the previous year undone from a later release's growth).
    """
    rows = []
    for release in releases:
        for fid, row in release.figures.iterrows():
            try:
                now = amount(release, fid)
            except KeyError:
                continue
            common = {
                "id": fid,
                "currency": currency_of(release, fid),
                "bound": row["bound"],
                "vintage": release.id,
                "published": release.published,
            }
            rows.append(
                {
                    **common,
                    "period": row["period"],
                    "low": now.low,
                    "high": now.high,
                    "kind": PRINTED,
                }
            )
            if not pd.isna(row["yoy_pct"]):
                before = prior_amount(release, fid)
                rows.append(
                    {
                        **common,
                        "period": shift_years(row["period"], -1),
                        "low": before.low,
                        "high": before.high,
                        "kind": IMPLIED,
                    }
                )
    frame = pd.DataFrame(rows, columns=[c for c in OBSERVATION_COLUMNS if c != "year"])
    frame.insert(2, "year", [parse_period(p)[0].year for p in frame["period"]])
    return frame


def revisions(ids=None, folder=None) -> pd.DataFrame:
    """Where a later release implies a different value for a period than an earlier one printed.

    One row per (figure, period, printing release, implying release) with the implying release
    published later: both intervals, the change (implied minus printed) as an interval in trillions
    of `unit`'s currency and in percent of the printed value, and `status`: "consistent" when the
    intervals overlap, "restated" when no rounding can reconcile them. `ids` as in `history`.
    """
    return revisions_of(releases_in(folder), ids)


def revisions_of(releases: list[Release], ids=None) -> pd.DataFrame:
    """`revisions` over a given list of releases, in any order."""
    obs = observations(sorted(releases, key=lambda r: (r.published, r.id)))
    if ids is not None:
        obs = obs[obs["id"].isin(_as_list(ids))]
    printed = obs[obs["kind"] == PRINTED]
    implied = obs[obs["kind"] == IMPLIED]
    pairs = printed.merge(implied, on=["id", "period", "currency"], suffixes=("_p", "_i"))
    pairs = pairs[pairs["published_i"] > pairs["published_p"]]
    rows = []
    for p in pairs.itertuples(index=False):
        was, now = Interval(p.low_p, p.high_p), Interval(p.low_i, p.high_i)
        change = now - was
        pct = change / was * 100 if was.low > 0 else Interval(-math.inf, math.inf)
        rows.append(
            {
                "id": p.id,
                "period": p.period,
                "unit": f"{p.currency} trillion",
                "printed_in": p.vintage_p,
                "printed_low": p.low_p,
                "printed_high": _finite(p.high_p),
                "implied_in": p.vintage_i,
                "implied_low": p.low_i,
                "implied_high": _finite(p.high_i),
                "change_low": _finite(change.low),
                "change_high": _finite(change.high),
                "change_pct_low": _finite(pct.low),
                "change_pct_high": _finite(pct.high),
                "status": CONSISTENT if was.overlaps(now) else RESTATED,
            }
        )
    frame = pd.DataFrame(rows, columns=REVISION_COLUMNS)
    frame = frame.sort_values(["id", "period", "printed_in", "implied_in"], ignore_index=True)
    return with_unit_columns(frame)


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
    percent) by period and vintage, printed or implied; columns as `observations`."""
    if len(ids) == 1:
        obs = observations(releases)
        return obs[obs["id"] == ids[0]]
    part, whole = ids
    rows = []
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
            rows.append(
                {
                    "id": part,
                    "period": when,
                    "year": parse_period(when)[0].year,
                    "currency": "",
                    "low": share.low,
                    "high": share.high,
                    "bound": "exact",
                    "vintage": release.id,
                    "published": release.published,
                    "kind": IMPLIED if prior else PRINTED,
                }
            )
    return pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)


def yearly(releases: list[Release], ids) -> pd.DataFrame:
    """One value per year for a chart: what the release for that year printed, or where no
    release printed the year, what the next release implied. Columns: year, low, mid, high
    (trillions of the figure's currency, or percent for a share), kind, vintage; sorted by year.
    Only calendar-year periods count."""
    found = series_of(releases, ids)
    found = found[found["period"].str.fullmatch(r"\d{4}")]
    rows = []
    for year, group in found.groupby("year"):
        printed = group[group["kind"] == PRINTED]
        pick = (printed if len(printed) else group).sort_values("published").iloc[0]
        high = pick["high"]
        mid = pick["low"] if math.isinf(high) else (pick["low"] + high) / 2
        rows.append(
            {
                "year": int(year),
                "low": pick["low"],
                "mid": mid,
                "high": high,
                "kind": pick["kind"],
                "vintage": pick["vintage"],
            }
        )
    return pd.DataFrame(rows, columns=["year", "low", "mid", "high", "kind", "vintage"])


@dataclass
class Evidence:
    """A release and the releases published before it in the same folder: what its claims may be
    checked against."""

    release: Release
    earlier: list[Release] = field(default_factory=list)

    @classmethod
    def for_release(cls, release: Release) -> Evidence:
        """The release with every sibling folder's release published before it."""
        siblings = releases_before(release.path.parent, release.published, release.path)
        return cls(release, siblings)

    @functools.cached_property
    def observations(self) -> pd.DataFrame:
        return observations([*self.earlier, self.release])

    @property
    def first_year(self) -> int | None:
        """The earliest year any amount in the evidence covers."""
        years = self.observations["year"]
        return int(years.min()) if len(years) else None
