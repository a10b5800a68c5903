"""Tables computed from a list of releases, kept while the same Release objects are asked about.

A notebook asks for the observations and revisions of the same releases many times (each chart,
each sentence). `load_release` gives new Release objects whenever it is called, so the same
objects mean the same files as they were when loaded: a table is kept per tuple of Release objects
(by identity) and per `key` (the other arguments, and whatever else the table reads from disk,
such as the bytes of series.yml). The kept entry holds the releases themselves, so no other object
can take their identity while it lives. A Release is taken as it was loaded: code that changes a
release's tables in place must not ask for its observations before and after.

Callers get a copy of the kept table, so changing it cannot change a later answer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence

import pandas as pd

from tradeanalysis.data.release import Release

SIZE = 32  # tables kept, least recently used dropped first
_KEPT: OrderedDict[tuple, tuple[list[Release], pd.DataFrame]] = OrderedDict()


def once(
    releases: Sequence[Release], key: Hashable, compute: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """A copy of `compute()`, computed once per tuple of Release objects (in this order) and
    `key`."""
    kept_key = (tuple(id(r) for r in releases), key)
    kept = _KEPT.get(kept_key)
    if kept is None:
        kept = (list(releases), compute())
        _KEPT[kept_key] = kept
        if len(_KEPT) > SIZE:
            _KEPT.popitem(last=False)
    else:
        _KEPT.move_to_end(kept_key)
    return kept[1].copy()
