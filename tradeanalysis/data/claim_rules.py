"""The claim checks a release's claims.csv may name, and what each takes.

The functions that decide a claim live in `analysis.checks`; loading a release needs only this
table to validate claims.csv, so the data layer never imports the analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAIN = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,6})?$")  # ASCII digits, no sign, exponent or "_"


@dataclass(frozen=True)
class ClaimRule:
    """What a check named in claims.csv takes: at least `min_ids` and at most `max_ids` figure
    ids, `numbers` numbers after its name in the `check` column and up to `optional` more (whole
    ones where `whole_numbers`; an optional SINCE is always a year), a `usage` line for error
    messages, and whether it compares with earlier releases (`uses_history`: then only its first
    id must be in the release itself)."""

    min_ids: int
    max_ids: int
    numbers: int
    usage: str
    whole_numbers: bool = False
    uses_history: bool = False
    maximum: float = 1_000_000.0  # the largest number the check takes
    optional: int = 0

    def problem(self, ids: list[str], arguments: list[str]) -> tuple[str, str] | None:
        """(claims.csv column, what is wrong) when these arguments do not fit the check."""
        if not self.numbers <= len(arguments) <= self.numbers + self.optional:
            since = " and an optional SINCE year" if self.optional else ""
            return "check", (
                f"this check takes {self.numbers} number(s){since} after its name, "
                f"not {len(arguments)}"
            )
        for position, text in enumerate(arguments):
            if not _PLAIN.match(text):
                return "check", f"{text!r} is not a number (write it plain, like 4 or 2.5)"
            value = float(text)
            if self.whole_numbers and (value != int(value) or value < 1):
                return "check", f"{text!r} is not a whole number of at least 1"
            if value > self.maximum:
                return "check", f"{text} is above {self.maximum:g}, the most this check takes"
            if position >= self.numbers and (value != int(value) or not 1900 <= value <= 2100):
                return "check", f"{text!r} is not a year (SINCE is a year such as 2013)"
        if not self.min_ids <= len(ids) <= self.max_ids:
            wanted = (
                str(self.min_ids)
                if self.min_ids == self.max_ids
                else f"{self.min_ids} to {self.max_ids}"
            )
            return "figures", f"this check takes {wanted} figure ids, not {len(ids)}"
        return None


CLAIM_RULES = {
    "fits_within": ClaimRule(2, 2, 0, "figures: PART WHOLE"),
    "share_above": ClaimRule(3, 3, 0, "figures: PART WHOLE PRINTED_SHARE"),
    "grows_faster": ClaimRule(2, 2, 0, "figures: FAST SLOW"),
    "reaches_bound": ClaimRule(2, 2, 0, "figures: PART WHOLE"),
    "remainder_above": ClaimRule(
        2, 99, 1, "check: remainder_above THRESHOLD; figures: PART WHOLE [WHOLE...]"
    ),
    "record_high": ClaimRule(
        1,
        99,
        0,
        "check: record_high [SINCE]; figures: ID [OTHER_ID...] (other ids compared too)",
        uses_history=True,
        optional=1,
    ),
    "first_time_above": ClaimRule(
        1,
        2,
        1,
        "check: first_time_above THRESHOLD [SINCE]; figures: ID (an amount, in trillions) "
        "or PART WHOLE (a share, in percent)",
        uses_history=True,
        optional=1,
    ),
    "overtook": ClaimRule(2, 2, 0, "figures: LEADER OTHER", uses_history=True),
    "months_highest": ClaimRule(
        1,
        1,
        1,
        "check: months_highest MONTHS; figures: MEASURE (imports, exports, ...: its last month "
        "alone against the months before it)",
        whole_numbers=True,
        uses_history=True,
        maximum=120,
    ),
    "years_running_largest": ClaimRule(
        2,
        99,
        1,
        "check: years_running_largest YEARS; figures: ID OTHER_ID...",
        whole_numbers=True,
        uses_history=True,
        maximum=100,
    ),
}
