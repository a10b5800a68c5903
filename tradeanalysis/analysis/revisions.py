"""Where a later release implies a different value for a year than an earlier one printed.

A later release's growth rate, undone, implies the previous year's value as customs then counted
it, on the figure's definition in that later release. Three outcomes: `consistent` (the rounding
intervals overlap), `restated` (no rounding can reconcile them: customs revised the year) and
`redefined` (the printed and the implied value sit on different definitions, so they are two
different figures and neither a restatement nor an agreement).

Amounts are in trillions of the figure's currency (the `unit` column says which).
"""

from __future__ import annotations

import math

import pandas as pd

from tradeanalysis.analysis.observations import IMPLIED, PRINTED, observations
from tradeanalysis.data.interval import Interval, finite
from tradeanalysis.data.release import Release
from tradeanalysis.data.units import with_unit_columns

REVISION_COLUMNS = [
    "id",
    "period",
    "unit",
    "printed_in",
    "printed_low",
    "printed_high",
    "printed_definition",
    "implied_in",
    "implied_low",
    "implied_high",
    "implied_definition",
    "implied_how",
    "change_low",
    "change_high",
    "change_pct_low",
    "change_pct_high",
    "status",
]
CONSISTENT, RESTATED, REDEFINED = "consistent", "restated", "redefined"
PRINTED_AGAIN = "printed again"  # implied_how of a later release's own printing of the period


def _status(was: Interval, now: Interval, printed_def: str, implied_def: str) -> str:
    if printed_def != implied_def:
        return REDEFINED
    return CONSISTENT if was.overlaps(now) else RESTATED


def revisions_of(releases: list[Release], ids=None) -> pd.DataFrame:
    """One row per (figure, period, printing release, implying release) with the implying release
    published later: both intervals and definitions, the change (implied minus printed) as an
    interval in trillions of `unit`'s currency and in percent of the printed value, and `status`
    (consistent, restated or redefined; a redefined row's change compares two different figures
    and is shown only to say how far apart the definitions are). Releases in any order."""
    obs = observations(sorted(releases, key=lambda r: (r.published, r.id)))
    if ids is not None:
        obs = obs[obs["id"].isin([ids] if isinstance(ids, str) else list(ids))]
    printed = obs[obs["kind"] == PRINTED]
    # A later printing of the same period counts as well (a quarter printed again, counted
    # afresh): it says what customs then counted, as an implied amount does.
    later = pd.concat([obs[obs["kind"] == IMPLIED], printed.assign(how=PRINTED_AGAIN)])
    pairs = printed.merge(later, on=["id", "period", "currency"], suffixes=("_p", "_i"))
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
                "printed_high": finite(p.high_p),
                "printed_definition": p.definition_p,
                "implied_in": p.vintage_i,
                "implied_low": p.low_i,
                "implied_high": finite(p.high_i),
                "implied_definition": p.definition_i,
                "implied_how": p.how_i,
                "change_low": finite(change.low),
                "change_high": finite(change.high),
                "change_pct_low": finite(pct.low),
                "change_pct_high": finite(pct.high),
                "status": _status(was, now, p.definition_p, p.definition_i),
            }
        )
    frame = pd.DataFrame(rows, columns=REVISION_COLUMNS)
    frame = frame.sort_values(["id", "period", "printed_in", "implied_in"], ignore_index=True)
    return with_unit_columns(frame)
