"""Words for the figures whose definition changed between a printed and an implied value.

A later release's growth rate on another definition implies a different figure, not a restatement
of the one printed (data/releases/series.yml declares the definitions).
"""

from __future__ import annotations

import pandas as pd

from tradeanalysis.analysis.vintages import REDEFINED


def redefined_words(table: pd.DataFrame) -> str:
    """One sentence naming the redefined comparisons of a `revisions` table, ending in a space;
    "" when there are none."""
    rows = table[table["status"] == REDEFINED]
    if rows.empty:
        return ""
    named = "; ".join(
        f"{r['id']} {r['period']}: {r['printed_definition']} as printed in {r['printed_in']}, "
        f"{r['implied_definition']} as implied by {r['implied_in']}"
        for _, r in rows.iterrows()
    )
    return (
        f"{len(rows)} sit on two definitions ({named}): two different figures, counted as "
        "neither agreement nor restatement. "
    )
