"""Release ids: one scheme for every kind of vintage, so two releases can never share an id.

- `YYYY`: the annual release of year YYYY (it covers `YYYY`; customs publishes it in January of
  the next year);
- `YYYY-MM`: the year-to-date release of January to month MM of YYYY (it covers `YYYY-01/YYYY-MM`;
  customs publishes it around the 7th to 14th of the next month);
- `YYYY-MM-DD-name`: any other vintage, by its publication date and a short name
  (`2023-10-13-bri-index`: the Belt and Road trade index briefing of 13 October 2023).

Any other folder name (a test's `synthetic`, an analyst's draft) is a release of kind `other`,
with no rule on what it covers.
"""

from __future__ import annotations

import re

ANNUAL, YEAR_TO_DATE, DATED, OTHER = "annual", "year-to-date", "dated", "other"
_ANNUAL = re.compile(r"^(\d{4})$")
_YEAR_TO_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9][a-z0-9-]*$")


def release_kind(release_id: str) -> str:
    """`annual`, `year-to-date`, `dated` or `other`, read off the id's shape."""
    text = str(release_id)
    if _ANNUAL.match(text):
        return ANNUAL
    if _YEAR_TO_DATE.match(text):
        return YEAR_TO_DATE
    if _DATED.match(text):
        return DATED
    return OTHER


def covered_period(release_id: str) -> str | None:
    """The period an annual or year-to-date release's id says it covers ("2024",
    "2024-01/2024-11"); None for other kinds."""
    text = str(release_id)
    if _ANNUAL.match(text):
        return text
    if m := _YEAR_TO_DATE.match(text):
        return f"{m.group(1)}-01/{text}"
    return None


def id_problem(release_id: str, covers_period: str, published: str) -> tuple[str, str] | None:
    """(problem, fix) where an id's shape disagrees with what release.yml says the release covers
    or when it was published; None where they agree."""
    text = str(release_id)
    expected = covered_period(text)
    if expected is not None and str(covers_period) != expected:
        return (
            f"release id {text!r} says it covers {expected}, but covers.period is "
            f"{covers_period!r}",
            f"write `period: {expected}` under covers, or name the folder by the scheme in "
            "data/README.md (YYYY annual, YYYY-MM year to date, YYYY-MM-DD-name any other)",
        )
    if (m := _DATED.match(text)) and m.group(1) != str(published):
        return (
            f"release id {text!r} starts with a date other than its published date {published}",
            f"name the folder {published}-{text[11:]}",
        )
    return None
