"""Read and validate a release's figures.csv and claims.csv into frames.

Every defect raises `FiguresError` naming the file, line and column and saying how to fix it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradeanalysis.data.cells import number as _number
from tradeanalysis.data.cells import read_rows as _read_csv
from tradeanalysis.data.claim_rules import CLAIM_RULES
from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.figure_ids import period_problem
from tradeanalysis.data.interval import BOUNDS
from tradeanalysis.data.period import PERIOD_FORMATS, describe_period, parse_period
from tradeanalysis.data.release import (
    CLAIM_COLUMNS,
    FIGURE_COLUMNS,
    FIGURES_FILE,
    ID_PATTERN,
    META_FILE,
    TEXT_COLUMNS,
    WEB_ADDRESS,
)
from tradeanalysis.data.schema import SECTIONS_FILE
from tradeanalysis.data.units import (
    UNITS,
    currency_suffix,
    unit_currency,
    unit_scale,
    with_unit_columns,
)

MAX_TRILLIONS = 1_000.0  # no trade figure comes near a thousand trillion of either currency
MAX_GROWTH_PCT = 10_000.0


def load_figures(path: Path, currency: str, sections: dict) -> pd.DataFrame:
    rows = _read_csv(path, FIGURE_COLUMNS)
    if not rows:
        raise FiguresError(path, "has no figures", "add at least one row under the header", line=2)
    records, seen = [], {}
    for line, row in rows:
        records.append(_figure_record(path, line, row, currency, sections, seen))
    for line, row in rows:
        if row["share_of"] and row["share_of"] not in seen:
            raise FiguresError(
                path,
                f"share_of names unknown id {row['share_of']!r}",
                "use the id of another figure in this file",
                line,
                "share_of",
            )
    return with_unit_columns(_figures_frame(records))  # currency and scale, read from the unit


# The dtype of each column of `Release.figures` that is not text (TEXT_COLUMNS: str, NaN where
# the cell is empty) and not a date (period_start, period_end).
_DTYPES = {
    "value": "float64",
    "yoy_pct": "float64",
    "share_pct": "float64",
    "value_decimals": "Int64",
    "yoy_decimals": "Int64",
    "share_decimals": "Int64",
}


def _figures_frame(records: list[dict]) -> pd.DataFrame:
    """The records as a frame indexed by id, each column made once with its dtype. Missing is
    missing: an empty text cell of the CSV is NaN in the frame, never ""."""

    def column(name: str):
        values = [record[name] for record in records]
        if name in TEXT_COLUMNS:
            return pd.array([value if value != "" else None for value in values], dtype="str")
        if name in _DTYPES:
            return pd.array(values, dtype=_DTYPES[name])
        return values

    index = pd.Index([record["id"] for record in records], dtype="str", name="id")
    return pd.DataFrame({name: column(name) for name in records[0] if name != "id"}, index=index)


def _figure_record(path, line, row, currency, sections, seen) -> dict:
    def fail(column, problem, fix):
        raise FiguresError(path, problem, fix, line, column)

    fid = row["id"]
    if not ID_PATTERN.match(fid):
        fail(
            "id",
            f"id {fid!r} is not lower-case letters, digits and _",
            "write an id like total_trade",
        )
    if fid in seen:
        fail("id", f"id {fid!r} repeats line {seen[fid]}", "give every figure its own id")
    seen[fid] = line
    if row["section"] not in sections:
        fail("section", *_unknown_section(row["section"], sections))
    for column in ("label", "scope"):
        if not row[column]:
            fail(column, f"{column} is empty", f"describe the figure's {column} in a few words")
    start, end = _period(row["period"], fail)
    if problem := period_problem(fid, row["period"]):
        fail("period", problem, "give the month or quarter the id names, or rename the figure")
    unit = row["unit"]
    if unit and unit not in UNITS:
        fail("unit", f"unknown unit {unit!r}", f"use one of {', '.join(UNITS)}")
    most = MAX_TRILLIONS / unit_scale(unit) if unit else None
    value, value_dec = _number(path, line, "value", row["value"], minimum=0, maximum=most)
    yoy, yoy_dec = _number(
        path, line, "yoy_pct", row["yoy_pct"], minimum=-100, maximum=MAX_GROWTH_PCT
    )
    share, share_dec = _number(path, line, "share_pct", row["share_pct"], minimum=0, maximum=100)
    if value_dec is not None and not unit:
        fail("unit", "a value needs a unit", "write the unit as printed, e.g. CNY trillion")
    sources = _unit_source_and_bound(fid, row, currency, fail)
    _has_a_number(fid, row, (value_dec, yoy_dec, share_dec), fail)
    return {
        "id": fid,
        "section": row["section"],
        "label": row["label"],
        "period": row["period"],
        "period_label": describe_period(row["period"]),
        "period_start": start.start_time,
        "period_end": end.end_time.normalize(),
        "scope": row["scope"],
        "value": value,
        "unit": unit,
        "bound": row["bound"],
        "yoy_pct": yoy,
        "share_pct": share,
        "share_of": row["share_of"],
        "note": row.get("note", ""),
        "source": " ".join(sources),
        "value_decimals": value_dec,
        "yoy_decimals": yoy_dec,
        "share_decimals": share_dec,
    }


def _has_a_number(fid: str, row: dict, decimals: tuple, fail) -> None:
    """A figure needs a value, growth or share; a share goes with the id it is a share of."""
    value_dec, yoy_dec, share_dec = decimals
    if value_dec is None and yoy_dec is None and share_dec is None:
        fail("value", "row has no value, growth rate or share", "fill at least one of them")
    if (share_dec is None) != (not row["share_of"]):
        fail(
            "share_of",
            "share_pct and share_of go together",
            "give both the share and the id it is a share of, or neither",
        )
    if row["share_of"] == fid:
        fail("share_of", "a figure cannot be a share of itself", "name the whole it is a share of")


def _unit_source_and_bound(fid: str, row: dict, currency: str, fail) -> list[str]:
    """Check a figure's id against the currency of its unit, its source addresses (http(s)
    only) and its bound; returns the addresses."""
    unit = row["unit"]
    if (
        unit
        and unit_currency(unit) != currency
        and not fid.endswith(currency_suffix(unit_currency(unit)))
    ):
        other = unit_currency(unit)
        fail(
            "id",
            f"figure {fid!r} is in {other}, not the release currency {currency}, "
            f"but its id does not end in {currency_suffix(other)}",
            f"name it {fid}{currency_suffix(other)} so it is never taken for the {currency} figure",
        )
    sources = row.get("source", "").split()
    for address in sources:
        if not WEB_ADDRESS.match(address):
            fail(
                "source",
                f"{address!r} is not a web address",
                "give the page's full address, starting http:// or https:// "
                "(several are separated by spaces)",
            )
    if row["bound"] not in BOUNDS:
        fail(
            "bound",
            f"unknown bound {row['bound']!r}",
            "write exact (rounded as printed) or lower (printed as 'over')",
        )
    return sources


def _period(text: str, fail):
    """First and last month of a period of ASCII digits in a plausible year range."""
    fix = f"write the period as {' or '.join(PERIOD_FORMATS)}"
    if not text.isascii():
        fail("period", f"period {text!r} has characters other than ASCII digits, '-' and '/'", fix)
    try:
        start, end = parse_period(text)
    except ValueError as exc:
        fail("period", str(exc), fix)
    if not (1949 <= start.year and end.year <= 2100):
        fail("period", f"period {text!r} is outside 1949-2100", fix)
    return start, end


def _unknown_section(name: str, sections: dict) -> tuple[str, str]:
    """Problem and fix for a section nobody declared."""
    return (
        f"unknown section {name!r}",
        f"use one of {', '.join(sections)}, or declare it in {META_FILE} as "
        f"`sections: {{{name or 'id'}: Title}}` (or for every release in {SECTIONS_FILE.name})",
    )


def load_claims(path: Path, figures: pd.DataFrame, sections: dict) -> pd.DataFrame:
    if not (path.exists() or path.is_symlink()):  # a release need not make claims
        return pd.DataFrame(columns=[*CLAIM_COLUMNS, "arguments"])
    rows = _read_csv(path, CLAIM_COLUMNS)
    records, seen = [], set()
    for line, row in rows:

        def fail(column, problem, fix, line=line):
            raise FiguresError(path, problem, fix, line, column)

        if not ID_PATTERN.match(row["id"]) or row["id"] in seen:
            fail("id", f"id {row['id']!r} is malformed or repeated", "give each claim its own id")
        seen.add(row["id"])
        if row["section"] not in sections:
            fail("section", *_unknown_section(row["section"], sections))
        if not row["claim"]:
            fail("claim", "claim is empty", "say in a few words what the release claims")
        ids = row["figures"].split()
        check, *arguments = row["check"].split() or [""]
        # A check against history may name figures this release lacks (it compares with earlier
        # releases); the claim's own figure, the first, must be here all the same.
        history = check in CLAIM_RULES and CLAIM_RULES[check].uses_history
        for position, fid in enumerate(ids):
            if fid in figures.index or (history and position > 0 and ID_PATTERN.match(fid)):
                continue
            fail("figures", f"unknown figure id {fid!r}", f"use ids from {FIGURES_FILE}")
        if check and check not in CLAIM_RULES:
            fail(
                "check",
                f"unknown check {check!r}",
                f"use one of {', '.join(CLAIM_RULES)} or leave empty",
            )
        if check:
            if problem := CLAIM_RULES[check].problem(ids, arguments):
                fail(*problem, CLAIM_RULES[check].usage)
        currencies = set(figures.loc[[i for i in ids if i in figures.index], "currency"].dropna())
        if check and len(currencies) > 1:
            fail(
                "figures",
                f"check {check} would compare figures in different currencies",
                "compare figures of one currency (ids ending _usd are in US dollars)",
            )
        if not check and not row["note"]:
            fail(
                "note", "a claim without a check needs a note", "say why the release cannot test it"
            )
        numbers = [float(a) for a in arguments] if check else []
        records.append(
            {
                **{c: row[c] for c in CLAIM_COLUMNS},
                "figures": ids,
                "check": check,
                "arguments": numbers,
            }
        )
    return pd.DataFrame.from_records(records, columns=[*CLAIM_COLUMNS, "arguments"])
