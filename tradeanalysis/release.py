"""Load a release folder (figures.csv, claims.csv, release.yml) into a validated `Release`.

Every defect raises `FiguresError` naming the file, line and column and saying how to fix it;
nothing is returned half-loaded. Values keep the unit they were printed in (e.g. "CNY trillion");
growth rates and shares are in percent.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .frames import with_unit_columns
from .interval import BOUNDS, Interval, decimals_of, published
from .paths import RELEASES_DIR
from .period import PERIOD_FORMATS, describe_period, parse_period
from .schema import (
    CURRENCIES,
    SECTIONS_FILE,
    UNITS,
    currency_suffix,
    declared_sections,
    unit_currency,
)

FIGURES_FILE = "figures.csv"
CLAIMS_FILE = "claims.csv"
META_FILE = "release.yml"

# Text columns of figures.csv as `Release.figures` holds them; an empty one is NaN.
TEXT_COLUMNS = (
    "section",
    "label",
    "period",
    "period_label",
    "scope",
    "unit",
    "bound",
    "share_of",
    "note",
    "source",
)
FIGURE_COLUMNS = (
    "id",
    "section",
    "label",
    "period",
    "scope",
    "value",
    "unit",
    "bound",
    "yoy_pct",
    "share_pct",
    "share_of",
)
CLAIM_COLUMNS = ("id", "section", "figures", "claim", "check", "note")
META_KEYS = ("producer", "title", "published", "accessed", "url", "citation", "currency", "covers")

# Optional figures.csv columns: a remark, and the page(s) a figure was printed on when that is not
# release.yml's `url` (web addresses separated by spaces).
OPTIONAL_FIGURE_COLUMNS = ("note", "source")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s<>\"']*$")
# Release ids are folder names: "2024", "2023-10", "synthetic".
_RELEASE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class FiguresError(ValueError):
    """A defect in a release folder, located by file, line and column, with the fix."""

    def __init__(self, file, problem, fix, line=None, column=None):
        self.file, self.line, self.column, self.problem, self.fix = file, line, column, problem, fix
        where = str(file) + (f", line {line}" if line else "")
        where += f", column '{column}'" if column else ""
        super().__init__(f"{where}: {problem}; fix: {fix}")


@dataclass(frozen=True)
class Release:
    """A validated release: `figures` (a row per printed figure), `claims`, `meta` (release.yml)."""

    id: str
    path: Path
    meta: dict
    figures: pd.DataFrame = field(repr=False)
    claims: pd.DataFrame = field(repr=False)

    @property
    def currency(self) -> str:
        return self.meta["currency"]

    @property
    def sections(self) -> dict[str, str]:
        """Section id -> title: the project's (data/sections.yml) plus any this release declares."""
        return {**declared_sections(), **(self.meta.get("sections") or {})}

    @property
    def published(self) -> str:
        """Date published, YYYY-MM-DD."""
        return self.meta["published"]

    @property
    def discrepancies(self) -> dict[str, str]:
        """Check name -> why it fails on these figures as printed (release.yml `discrepancies`)."""
        return {
            d["check"]: " ".join(str(d["explanation"]).split())
            for d in self.meta.get("discrepancies") or []
        }

    @property
    def citation(self) -> str:
        return " ".join(str(self.meta["citation"]).split())

    @property
    def source_note(self) -> str:
        """Short credit line for charts: producer, publisher and date published."""
        via = f", via {self.meta['publisher']}" if self.meta.get("publisher") else ""
        return f"Source: {self.meta['producer']}{via}, published {self.meta['published']}"

    def has(self, figure_id: str) -> bool:
        return figure_id in self.figures.index

    @functools.cached_property
    def _rows(self) -> dict[str, pd.Series]:
        # Each row built once: a pandas row lookup costs about 0.1 ms, and the history code asks
        # for rows thousands of times. The tables of a loaded release are not meant to be edited
        # (change the CSV and load again); load_release hands out fresh copies every time.
        return {fid: row for fid, row in self.figures.iterrows()}

    def figure(self, figure_id: str) -> pd.Series:
        """One figure's row by id; KeyError naming the release if it is absent."""
        try:
            return self._rows[figure_id]
        except KeyError:
            raise KeyError(f"release {self.id} has no figure {figure_id!r}") from None

    def section(self, name: str) -> pd.DataFrame:
        """The figures of one section (possibly none)."""
        return self.figures[self.figures["section"] == name]

    def value(self, figure_id: str) -> Interval:
        """The interval the printed value stands for, in the figure's unit."""
        row = self.figure(figure_id)
        if pd.isna(row["value"]):
            raise KeyError(f"figure {figure_id!r} of release {self.id} has no value")
        return published(row["value"], row["value_decimals"], row["bound"])

    def growth(self, figure_id: str) -> Interval:
        """The interval the printed year-on-year growth stands for, in percent."""
        row = self.figure(figure_id)
        if pd.isna(row["yoy_pct"]):
            raise KeyError(f"figure {figure_id!r} of release {self.id} has no growth rate")
        return published(row["yoy_pct"], row["yoy_decimals"])

    def share(self, figure_id: str) -> Interval:
        """The interval the printed share stands for, in percent of `share_of`."""
        row = self.figure(figure_id)
        if pd.isna(row["share_pct"]):
            raise KeyError(f"figure {figure_id!r} of release {self.id} has no share")
        return published(row["share_pct"], row["share_decimals"], row["bound"])

    def table(self) -> pd.DataFrame:
        """The figures as a reader would scan them."""
        cols = ["section", "label", "period", "scope", "value", "unit", "bound", "yoy_pct"]
        return self.figures[cols + ["share_pct", "share_of", "source"]]

    def __repr__(self):
        return f"Release({self.id!r}, {len(self.figures)} figures, {len(self.claims)} claims)"

    def _repr_html_(self):
        title = html.escape(str(self.meta["title"]))
        table = self.table().to_html(na_rep="", escape=True)
        cite = html.escape(self.citation)
        return f"<h4>{title}</h4>{table}<p><small>{cite}</small></p>"


def release_dirs(folder=None) -> list[Path]:
    """Release folders in `folder` (default data/releases), sorted by name."""
    folder = Path(folder) if folder is not None else RELEASES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / FIGURES_FILE).is_file())


def resolve_release(id_or_path) -> Path:
    """A release id under data/releases, or the path of a release folder; FiguresError otherwise."""
    text = str(id_or_path)
    if _RELEASE_ID.match(text):
        candidate = RELEASES_DIR / text
        if candidate.is_dir():
            return candidate
    path = Path(text).expanduser()
    if path.is_dir() and any((path / name).is_file() for name in (FIGURES_FILE, META_FILE)):
        return path.resolve()
    known = ", ".join(p.name for p in release_dirs()) or "none"
    raise FiguresError(
        text,
        "no such release id or release folder",
        f"give a release id ({known}) or a folder holding {FIGURES_FILE} and {META_FILE}",
    )


_CACHE: dict[Path, tuple[tuple, Release]] = {}


def _signature(folder: Path) -> tuple:
    """What identifies a folder's content for the cache: the bytes of its files (they are small;
    modification times can miss a quick rewrite of the same size)."""
    contents = []
    for path in (folder / META_FILE, folder / FIGURES_FILE, folder / CLAIMS_FILE, SECTIONS_FILE):
        try:
            contents.append(path.read_bytes())
        except OSError:
            contents.append(None)
    return tuple(contents)


def load_release(id_or_path) -> Release:
    """Load and validate a release by id (e.g. "2024") or folder path.

    A folder whose files did not change since the last load is not parsed again; the caller gets
    fresh copies of its tables either way, so changing them cannot affect a later load.
    """
    folder = resolve_release(id_or_path)
    signature = _signature(folder)
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != signature:
        declared_sections.cache_clear()  # data/sections.yml may have changed too
        meta = _load_meta(folder / META_FILE)
        sections = {**declared_sections(), **(meta.get("sections") or {})}
        figures = _load_figures(folder / FIGURES_FILE, meta["currency"], sections)
        claims = _load_claims(folder / CLAIMS_FILE, figures, sections)
        release_id = str(meta.get("id") or folder.name)
        cached = (signature, Release(release_id, folder, meta, figures, claims))
        _CACHE[folder] = cached
    release = cached[1]
    return Release(
        release.id,
        release.path,
        copy.deepcopy(release.meta),
        release.figures.copy(),
        release.claims.copy(),
    )


def _load_meta(path: Path) -> dict:
    if not path.is_file():
        raise FiguresError(path, "file is missing", f"add {META_FILE} with {', '.join(META_KEYS)}")
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise FiguresError(
            path, "is not valid YAML", "correct the YAML syntax", line=line + 1 if line else None
        ) from None
    if not isinstance(meta, dict):
        raise FiguresError(path, "is not a mapping of keys to values", "write `key: value` lines")
    lines = _key_lines(path)
    for key in META_KEYS:
        if meta.get(key) in (None, ""):
            raise FiguresError(path, f"key '{key}' is missing or empty", f"add `{key}: ...`")
    for key in ("published", "accessed"):
        if not isinstance(meta[key], dt.date):
            raise FiguresError(
                path, f"'{key}' is not a date", "write it as YYYY-MM-DD", lines.get(key), key
            )
        meta[key] = meta[key].isoformat()
    if meta["currency"] not in CURRENCIES:
        raise FiguresError(
            path,
            f"unknown currency {meta['currency']!r}",
            f"use one of {', '.join(CURRENCIES)}",
            lines.get("currency"),
            "currency",
        )
    sections = meta.get("sections")
    if sections is not None and not (
        isinstance(sections, dict) and all(_ID.match(str(k)) and v for k, v in sections.items())
    ):
        raise FiguresError(
            path,
            "'sections' is not a mapping of section ids to titles",
            "write it as `sections:` followed by indented `id: Title` lines",
            lines.get("sections"),
            "sections",
        )
    discrepancies = meta.get("discrepancies")
    if discrepancies is not None and not (
        isinstance(discrepancies, list)
        and all(
            isinstance(d, dict) and d.get("check") and d.get("explanation") for d in discrepancies
        )
    ):
        raise FiguresError(
            path,
            "'discrepancies' is not a list of check and explanation pairs",
            "write each as `- check: <check name>` with an indented `explanation: ...`",
            lines.get("discrepancies"),
            "discrepancies",
        )
    return meta


def _key_lines(path: Path) -> dict:
    lines = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if m := re.match(r"^([A-Za-z_]+):", text):
            lines.setdefault(m.group(1), number)
    return lines


def _read_csv(path: Path, required: tuple) -> list[tuple[int, dict]]:
    """Rows of a CSV as (line number, dict of stripped strings), after checking the header."""
    if not path.is_file():
        raise FiguresError(
            path, "file is missing", f"add {path.name} with columns {','.join(required)}"
        )
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        for column in required:
            if column not in header:
                raise FiguresError(
                    path,
                    f"required column '{column}' is missing from the header",
                    f"add '{column}' to the first line",
                    line=1,
                    column=column,
                )
        rows = []
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise FiguresError(
                    path,
                    "row has a different number of fields from the header",
                    "quote fields that contain commas and give every column",
                    line=reader.line_num,
                )
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return rows


def _number(path, line, column, text, minimum=None, maximum=None):
    """Parse an optional number; returns (value or nan, decimals or None)."""
    if text == "":
        return float("nan"), None
    try:
        value = float(text)
        decimals = decimals_of(text)
    except (ValueError, ArithmeticError):
        raise FiguresError(
            path, f"{text!r} is not a number", "write a plain number like 25.45", line, column
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise FiguresError(
            path, f"{text!r} is not a finite number", "write a plain number", line, column
        )
    if minimum is not None and value < minimum:
        raise FiguresError(
            path,
            f"{text} is below {minimum:g}",
            f"give a value of at least {minimum:g}",
            line,
            column,
        )
    if maximum is not None and value > maximum:
        raise FiguresError(
            path,
            f"{text} is above {maximum:g}",
            f"give a value of at most {maximum:g}",
            line,
            column,
        )
    return value, decimals


def _load_figures(path: Path, currency: str, sections: dict) -> pd.DataFrame:
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
    frame = pd.DataFrame.from_records(records).set_index("id")
    # Missing is missing: an empty cell of the CSV is NaN in the frame, never "".
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].replace("", None).astype("str")
    frame = with_unit_columns(frame)  # currency and scale, read from the unit
    for column in ("value_decimals", "yoy_decimals", "share_decimals"):
        frame[column] = frame[column].astype("Int64")
    for column in ("value", "yoy_pct", "share_pct"):
        frame[column] = frame[column].astype("float64")
    return frame


def _figure_record(path, line, row, currency, sections, seen) -> dict:
    def fail(column, problem, fix):
        raise FiguresError(path, problem, fix, line, column)

    fid = row["id"]
    if not _ID.match(fid):
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
    try:
        start, end = parse_period(row["period"])
    except ValueError as exc:
        fail("period", str(exc), f"write the period as {' or '.join(PERIOD_FORMATS)}")
    value, value_dec = _number(path, line, "value", row["value"], minimum=0)
    yoy, yoy_dec = _number(path, line, "yoy_pct", row["yoy_pct"], minimum=-100)
    share, share_dec = _number(path, line, "share_pct", row["share_pct"], minimum=0, maximum=100)
    unit = row["unit"]
    if unit and unit not in UNITS:
        fail("unit", f"unknown unit {unit!r}", f"use one of {', '.join(UNITS)}")
    if value_dec is not None and not unit:
        fail("unit", "a value needs a unit", "write the unit as printed, e.g. CNY trillion")
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
        if not _WEB_ADDRESS.match(address):
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


def _unknown_section(name: str, sections: dict) -> tuple[str, str]:
    """Problem and fix for a section nobody declared."""
    return (
        f"unknown section {name!r}",
        f"use one of {', '.join(sections)}, or declare it in {META_FILE} as "
        f"`sections: {{{name or 'id'}: Title}}` (or for every release in {SECTIONS_FILE.name})",
    )


def _load_claims(path: Path, figures: pd.DataFrame, sections: dict) -> pd.DataFrame:
    from .checks import CLAIM_CHECKS  # the registry lives with the check functions

    if not path.is_file():  # a release need not make claims
        return pd.DataFrame(columns=[*CLAIM_COLUMNS, "arguments"])
    rows = _read_csv(path, CLAIM_COLUMNS)
    records, seen = [], set()
    for line, row in rows:

        def fail(column, problem, fix, line=line):
            raise FiguresError(path, problem, fix, line, column)

        if not _ID.match(row["id"]) or row["id"] in seen:
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
        history = check in CLAIM_CHECKS and CLAIM_CHECKS[check].uses_history
        for position, fid in enumerate(ids):
            if fid in figures.index or (history and position > 0 and _ID.match(fid)):
                continue
            fail("figures", f"unknown figure id {fid!r}", f"use ids from {FIGURES_FILE}")
        if check and check not in CLAIM_CHECKS:
            fail(
                "check",
                f"unknown check {check!r}",
                f"use one of {', '.join(CLAIM_CHECKS)} or leave empty",
            )
        if check:
            if problem := CLAIM_CHECKS[check].problem(ids, arguments):
                fail(*problem, CLAIM_CHECKS[check].usage)
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
