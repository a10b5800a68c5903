"""The rows and cells of a release CSV: the header checked (every required column once, a UTF-8
byte-order mark accepted), every field one line of bounded length, numbers plain ASCII decimals
within a sane range. Every defect is a `FiguresError` naming file, line and column.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.interval import decimals_of
from tradeanalysis.data.textfile import read_text

MAX_FIELD = 1_000  # characters of one field; a label or note is a sentence, a source a few URLs
MAX_DECIMALS = 6
# A plain decimal as a release prints it: ASCII digits, an optional point, no exponent, no "_".
PLAIN_NUMBER = re.compile(r"^-?[0-9]{1,12}(\.[0-9]{1,12})?$")


def read_rows(path: Path, required: tuple) -> list[tuple[int, dict]]:
    """Rows of a CSV as (line number, dict of stripped strings), after checking the header."""
    if not (path.exists() or path.is_symlink()):
        raise FiguresError(
            path, "file is missing", f"add {path.name} with columns {','.join(required)}"
        )
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, header = [], None
    try:
        for fields in reader:
            line = reader.line_num
            if header is None:
                header = _header(path, [f.strip() for f in fields], required)
                continue
            if not any(f.strip() for f in fields) and len(fields) <= 1:
                continue  # a blank line
            rows.append((line, _row(path, line, header, fields)))
    except csv.Error as exc:
        raise FiguresError(
            path, f"is not valid CSV ({exc})", "quote fields properly", line=reader.line_num
        ) from None
    if header is None:
        _header(path, [], required)
    return rows


def _header(path: Path, header: list[str], required: tuple) -> list[str]:
    for number, column in enumerate(header):
        if column and column in header[:number]:
            raise FiguresError(
                path,
                f"column '{column}' appears twice in the header",
                "keep one column of each name",
                line=1,
                column=column,
            )
    for column in required:
        if column not in header:
            raise FiguresError(
                path,
                f"required column '{column}' is missing from the header",
                f"add '{column}' to the first line",
                line=1,
                column=column,
            )
    return header


def _row(path: Path, line: int, header: list[str], fields: list[str]) -> dict:
    if len(fields) != len(header):
        raise FiguresError(
            path,
            "row has a different number of fields from the header",
            "quote fields that contain commas and give every column",
            line=line,
        )
    row = {}
    for column, value in zip(header, fields, strict=True):
        value = value.strip()
        if len(value) > MAX_FIELD:
            raise FiguresError(
                path, f"field is over {MAX_FIELD} characters", "shorten it", line, column
            )
        if "\n" in value or "\r" in value:
            raise FiguresError(
                path, "field spans several lines", "write it on one line", line, column
            )
        row[column] = value
    return row


def number(path, line, column, text, minimum=None, maximum=None):
    """Parse an optional number; returns (value or nan, decimals or None)."""
    if text == "":
        return float("nan"), None
    if not PLAIN_NUMBER.match(text):
        raise FiguresError(
            path, f"{text!r} is not a number", "write a plain number like 25.45", line, column
        )
    value, decimals = float(text), decimals_of(text)
    if decimals > MAX_DECIMALS:
        raise FiguresError(
            path,
            f"{text} has more than {MAX_DECIMALS} decimals",
            "write the number as printed",
            line,
            column,
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
