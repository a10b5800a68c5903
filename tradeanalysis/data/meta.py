"""Read and validate a release's release.yml: provenance, currency, what it covers, its own
sections and its explained discrepancies. Every defect is a `FiguresError` naming the line.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.period import PERIOD_FORMATS, parse_period
from tradeanalysis.data.release import META_FILE, META_KEYS, RELEASE_ID_PATTERN, WEB_ADDRESS
from tradeanalysis.data.release_ids import id_problem
from tradeanalysis.data.schema import section_title_problem
from tradeanalysis.data.textfile import load_yaml
from tradeanalysis.data.units import CURRENCIES

MAX_TEXT = 2_000  # characters of a free-text value (a citation is a few hundred)
MAX_LINE = 300  # characters of a one-line value (a title, a producer)
ONE_LINE_KEYS = ("producer", "title", "publisher")
TEXT_KEYS = ("producer", "title", "publisher", "citation", "units")


class _Meta:
    """release.yml being checked: its path, its content and the line of each top-level key."""

    def __init__(self, path: Path, meta: dict, text_lines: dict):
        self.path, self.meta, self.lines = path, meta, text_lines

    def fail(self, key: str, problem: str, fix: str):
        raise FiguresError(self.path, problem, fix, self.lines.get(key), key)


def load_meta(path: Path) -> dict:
    """release.yml as a dict, dates as YYYY-MM-DD strings; FiguresError on any defect (an id
    whose shape disagrees with what the release covers among them: see `release_ids`)."""
    if not path.is_file() and not path.is_symlink():
        raise FiguresError(path, "file is missing", f"add {META_FILE} with {', '.join(META_KEYS)}")
    meta = load_yaml(path)
    if not isinstance(meta, dict):
        raise FiguresError(path, "is not a mapping of keys to values", "write `key: value` lines")
    check = _Meta(path, meta, _key_lines(path))
    for key in META_KEYS:
        if meta.get(key) in (None, ""):
            check.fail(key, f"key '{key}' is missing or empty", f"add `{key}: ...`")
    _check_text(check)
    _check_dates(check)
    _check_identity(check)
    _check_covers(check)
    _check_id_scheme(check, str(meta.get("id") or path.parent.name))
    _check_sections(check)
    _check_discrepancies(check)
    return meta


def _check_text(check: _Meta) -> None:
    for key in TEXT_KEYS:
        value = check.meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            check.fail(key, f"'{key}' is not text", f"write `{key}:` followed by words")
        limit = MAX_LINE if key in ONE_LINE_KEYS else MAX_TEXT
        if len(value) > limit or (key in ONE_LINE_KEYS and "\n" in value.strip()):
            check.fail(key, f"'{key}' is over {limit} characters or lines", "shorten it")


def _check_dates(check: _Meta) -> None:
    for key in ("published", "accessed"):
        value = check.meta[key]
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            check.fail(key, f"'{key}' is not a date", "write it as YYYY-MM-DD")
        if not 1949 <= value.year <= 2100:
            check.fail(key, f"'{key}' {value} is not a plausible date", "check the year")
        check.meta[key] = value.isoformat()


def _check_identity(check: _Meta) -> None:
    meta = check.meta
    if meta["currency"] not in CURRENCIES:
        check.fail(
            "currency",
            f"unknown currency {meta['currency']!r}",
            f"use one of {', '.join(CURRENCIES)}",
        )
    if "id" in meta and not (
        isinstance(meta["id"], str | int)
        and not isinstance(meta["id"], bool)
        and RELEASE_ID_PATTERN.match(str(meta["id"]))
        and len(str(meta["id"])) <= 64
    ):
        check.fail("id", f"id {meta['id']!r} is not a release id", 'write it like id: "2024"')
    url = meta["url"]
    if not isinstance(url, str) or not WEB_ADDRESS.match(url) or len(url) > MAX_LINE:
        check.fail(
            "url",
            f"url {url!r} is not a web address",
            "give the page's full address, starting http:// or https://",
        )


def _check_covers(check: _Meta) -> None:
    covers = check.meta["covers"]
    fix = "write `covers:` with indented `period: YYYY`, `scope: ...` and `sections: [...]`"
    if not isinstance(covers, dict) or set(covers) != {"period", "scope", "sections"}:
        check.fail("covers", "'covers' is not a mapping of period, scope and sections", fix)
    period = covers.get("period")
    if period is not None:  # YAML reads a year as a number
        try:
            parse_period(str(period))
        except ValueError:
            check.fail(
                "covers",
                f"covers period {period!r} is not a period",
                f"write it as {' or '.join(PERIOD_FORMATS)}",
            )
    scope = covers.get("scope")
    if scope is not None and (not isinstance(scope, str) or len(scope) > MAX_LINE):
        check.fail("covers", "covers scope is not one line of text", fix)
    sections = covers.get("sections")
    if sections is not None and not (
        isinstance(sections, list) and all(isinstance(s, str) and s for s in sections)
    ):
        check.fail("covers", "covers sections is not a list of section ids", fix)


def _check_id_scheme(check: _Meta, release_id: str) -> None:
    problem = id_problem(release_id, check.meta["covers"]["period"], check.meta["published"])
    if problem is not None:
        check.fail("id" if "id" in check.meta else "covers", *problem)


def _check_sections(check: _Meta) -> None:
    sections = check.meta.get("sections")
    fix = "write it as `sections:` followed by indented `id: Title` lines"
    if sections is None:
        return
    if not isinstance(sections, dict):
        check.fail("sections", "'sections' is not a mapping of section ids to titles", fix)
    for section, title in sections.items():
        if problem := section_title_problem(section, title):
            check.fail("sections", problem, fix)
    check.meta["sections"] = {k: str(v).strip() for k, v in sections.items()}


def _check_discrepancies(check: _Meta) -> None:
    discrepancies = check.meta.get("discrepancies")
    if discrepancies is not None and not (
        isinstance(discrepancies, list)
        and all(
            isinstance(d, dict)
            and isinstance(d.get("check"), str)
            and d.get("check")
            and isinstance(d.get("explanation"), str)
            and d.get("explanation")
            and len(d["explanation"]) <= MAX_TEXT
            for d in discrepancies
        )
    ):
        check.fail(
            "discrepancies",
            "'discrepancies' is not a list of check and explanation pairs",
            "write each as `- check: <check name>` with an indented `explanation: ...`",
        )


def _key_lines(path: Path) -> dict:
    from tradeanalysis.data.textfile import read_text

    lines = {}
    for number, text in enumerate(read_text(path).splitlines(), start=1):
        if m := re.match(r"^([A-Za-z_]+):", text):
            lines.setdefault(m.group(1), number)
    return lines
