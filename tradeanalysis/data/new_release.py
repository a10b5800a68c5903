"""`tradeanalysis new-release <id> --like <earlier id>`: the folder of the next release, drafted
from an earlier one of the same kind so that the analyst only types what the new release prints.

What the draft holds (every field to type reads `FILL`, which the loader refuses, see
`placeholders`):
- figures.csv: the earlier release's figure ids, sections, labels, scopes and units, with periods
  moved on by the months between the two releases (a year to date ends at the new month, a
  month alone becomes the new month: `oct_trade` 2024-10 -> `nov_trade` 2024-11; a quarter alone
  only where the move lands on a whole quarter); every value, growth and share the earlier release
  printed is a placeholder, and so is a `lower` bound ("more than" is a wording of the earlier
  text). Notes and source pages are the earlier release's and are left empty.
- claims.csv: the earlier claims with their ids, figures and checks, each claim's words a
  placeholder: a claim recurs from release to release ("highest ever", "the largest partner"), but
  only the analyst can say whether the new release makes it, so each one is either rewritten or
  deleted; none is carried over unread.
- release.yml: producer, currency, units and what it covers carried over (the period from the
  id); the dates, address, citation and publisher to fill.
A dated release (`YYYY-MM-DD-name`) keeps its figure periods to fill, since its id says nothing
of the months it covers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradeanalysis.data.cells import read_rows
from tradeanalysis.data.figure_ids import (
    measure_of,
    month_id,
    month_of,
    quarter_id,
    quarter_of,
)
from tradeanalysis.data.load import load_release
from tradeanalysis.data.period import parse_period
from tradeanalysis.data.placeholders import PLACEHOLDER, in_csv, in_yaml
from tradeanalysis.data.release import (
    CLAIM_COLUMNS,
    CLAIMS_FILE,
    FIGURE_COLUMNS,
    FIGURES_FILE,
    META_FILE,
    Release,
)
from tradeanalysis.data.release_ids import ANNUAL, DATED, YEAR_TO_DATE, covered_period, release_kind

NUMBER_COLUMNS = ("value", "yoy_pct", "share_pct")
_QUARTER_WORDS = ("first", "second", "third", "fourth")


class NewReleaseError(ValueError):
    """Why the draft cannot be written (one line, with the fix); nothing has been written."""


@dataclass
class Draft:
    """What `write_draft` wrote: the folder, the number of fields to fill in each file, and the
    figures and claims of the earlier release left out (id -> why)."""

    folder: Path
    to_fill: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)


def check_new_id(new_id: str, like: Release) -> str:
    """The new id's kind; NewReleaseError unless it follows the id scheme and comes after `like`
    in the same kind."""
    kind = release_kind(new_id)
    scheme = "YYYY annual, YYYY-MM year to date, YYYY-MM-DD-name any other (data/README.md)"
    if kind not in (ANNUAL, YEAR_TO_DATE, DATED):
        raise NewReleaseError(f"release id {new_id!r} does not follow the scheme: {scheme}")
    if kind == YEAR_TO_DATE and new_id.endswith("-12"):
        raise NewReleaseError(
            f"January to December is the annual release: name it {new_id[:4]} and give an "
            "annual release after --like"
        )
    if like.kind != kind:
        raise NewReleaseError(
            f"{new_id} is {kind} but --like {like.id} is {like.kind}: give an earlier {kind} "
            "release after --like"
        )
    if _order(new_id, kind) <= _order(like.id, kind):
        raise NewReleaseError(
            f"{new_id} does not come after {like.id}: give a later id, or an earlier release "
            "after --like"
        )
    return kind


def _order(release_id: str, kind: str):
    return release_id[:10] if kind == DATED else parse_period(covered_period(release_id))[1]


def _months_between(like: Release, new_id: str, kind: str) -> int | None:
    """Months from the earlier release's last month to the new one's; None for a dated
    release, whose id says nothing of the months it covers."""
    if kind == DATED:
        return None
    before = parse_period(covered_period(like.id))[1]
    after = parse_period(covered_period(new_id))[1]
    return (after - before).n


def moved_period(fid: str, period: str, months: int, covers: tuple[str, str]) -> str | None:
    """`period` moved on by `months`: the earlier release's own period becomes the new one's
    (`covers`: old, new), a run from January stays a year to date, a quarter is kept only when the
    move lands on a whole quarter (None: the new release cannot print it)."""
    if str(period) == covers[0]:
        return covers[1]
    start, end = parse_period(period)
    start, end = start + months, end + months
    if re.fullmatch(r"\d{4}", period):
        return str(end.year) if months % 12 == 0 else None
    if quarter_of(fid) is not None or re.fullmatch(r"\d{4}-Q[1-4]", period):
        return f"{end.year}-Q{end.quarter}" if months % 3 == 0 else None
    if "/" not in period:
        return str(end)
    if parse_period(period)[0].month == 1:  # a year to date stays one
        start = pd.Period(year=end.year, month=1, freq="M")
    return f"{start}/{end}"


def _moved_id(fid: str, period: str) -> str:
    """The id of a month or quarter alone for its new period (`oct_trade` -> `nov_trade`)."""
    if month_of(fid) is not None:
        return month_id(measure_of(fid), parse_period(period)[1].month)
    if quarter_of(fid) is not None:
        return quarter_id(measure_of(fid), parse_period(period)[1].quarter)
    return fid


def _moved_label(label: str, old: str, new: str) -> str:
    """The label with the old period's month and quarter names replaced by the new one's."""
    (a, b), (c, d) = parse_period(old), parse_period(new)
    names = {a.strftime("%B"): c.strftime("%B"), b.strftime("%B"): d.strftime("%B")}
    if old.count("-Q") and new.count("-Q"):
        names[f"{_QUARTER_WORDS[b.quarter - 1]} quarter"] = (
            f"{_QUARTER_WORDS[d.quarter - 1]} quarter"
        )
        names[f"Q{b.quarter}"] = f"Q{d.quarter}"
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    return pattern.sub(lambda m: names[m.group(1)], label)


def draft_figures(like: Release, months: int | None, new_covers: str | None, draft: Draft):
    """The draft's figures.csv rows (header first) and the map of earlier ids to new ones."""
    rows = read_rows(like.path / FIGURES_FILE, FIGURE_COLUMNS)
    header = [*FIGURE_COLUMNS, "note", "source"]
    out, ids = [header], {}
    for _, row in rows:
        fid, period = row["id"], row["period"]
        new_period = PLACEHOLDER
        if months is not None:
            covers = (str(like.meta["covers"]["period"]), new_covers)
            new_period = moved_period(fid, period, months, covers)
            if new_period is None:
                draft.left_out[fid] = f"{period} moved on {months} months is no period it can print"
                continue
        new_id = fid if new_period == PLACEHOLDER else _moved_id(fid, new_period)
        ids[fid] = new_id
        cells = {**row, "id": new_id, "period": new_period, "note": "", "source": ""}
        if new_period != PLACEHOLDER:
            cells["label"] = _moved_label(row["label"], period, new_period)
        for column in NUMBER_COLUMNS:
            cells[column] = PLACEHOLDER if row[column] else ""
        if row["bound"] == "lower":
            cells["bound"] = PLACEHOLDER
        out.append([cells[c] for c in header])
    return out, ids


def draft_claims(like: Release, ids: dict[str, str], draft: Draft) -> list[list[str]]:
    """The draft's claims.csv rows (header first): each earlier claim's words a placeholder."""
    path = like.path / CLAIMS_FILE
    rows = read_rows(path, CLAIM_COLUMNS) if path.is_file() else []
    out = [list(CLAIM_COLUMNS)]
    for _, row in rows:
        figures = row["figures"].split()
        gone = [f for f in figures if f in like.figures.index and f not in ids]
        if gone:
            draft.left_out[f"claim {row['id']}"] = f"its figure {gone[0]} is left out"
            continue
        figures = [ids.get(f, f) for f in figures]
        out.append(
            [*(row[c] for c in ("id", "section")), " ".join(figures), PLACEHOLDER]
            + [row["check"], row["note"]]
        )
    return out


def draft_meta(like: Release, new_id: str, kind: str) -> str:
    """The draft's release.yml: what carries over from the earlier release, the rest to fill."""
    meta, covers = like.meta, like.meta["covers"]
    period = covered_period(new_id) if kind != DATED else PLACEHOLDER
    published = new_id[:10] if kind == DATED else PLACEHOLDER
    title = PLACEHOLDER
    if kind == ANNUAL and like.id in str(meta["title"]):
        title = json.dumps(str(meta["title"]).replace(like.id, new_id), ensure_ascii=False)
    lines = [
        f"# Provenance of the {new_id} release, drafted by `tradeanalysis new-release "
        f"{new_id} --like {like.id}`.",
        f"# Replace every {PLACEHOLDER} (here, in figures.csv and claims.csv) with what the "
        "release prints; `tradeanalysis check` lists those left.",
        f"id: {json.dumps(new_id)}",
        f"producer: {_text(meta['producer'])}",
        f"title: {title}",
        f"published: {published}  # YYYY-MM-DD",
        f"accessed: {PLACEHOLDER}  # YYYY-MM-DD",
        f"url: {PLACEHOLDER}",
    ]
    if meta.get("publisher"):
        lines.append(f"publisher: {PLACEHOLDER}  # or delete the line")
    lines += [f"citation: {PLACEHOLDER}", f"currency: {meta['currency']}"]
    if meta.get("units"):
        lines.append(f"units: {_text(meta['units'])}")
    lines += [
        "covers:",
        f"  period: {json.dumps(period) if period != PLACEHOLDER else period}",
        f"  scope: {_text(covers['scope'])}",
        f"  sections: {json.dumps(list(covers['sections']), ensure_ascii=False)}",
    ]
    if meta.get("sections"):
        lines.append(f"sections: {json.dumps(meta['sections'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _text(value) -> str:
    """A one-line YAML scalar for any text (a JSON string is a YAML double-quoted one)."""
    return json.dumps(" ".join(str(value).split()), ensure_ascii=False)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_draft(new_id: str, like_id, releases_dir: Path) -> Draft:
    """Write `releases_dir/<new_id>/` drafted from release `like_id` (see the module docstring),
    whole or not at all; NewReleaseError (nothing written) on a bad id or an existing folder."""
    target = Path(releases_dir) / new_id
    if target.exists() or target.is_symlink():
        raise NewReleaseError(f"{target} already exists: give another id, or remove it first")
    like = load_release(like_id)
    kind = check_new_id(new_id, like)
    months = _months_between(like, new_id, kind)
    draft = Draft(target)
    figures, ids = draft_figures(like, months, covered_period(new_id), draft)
    claims = draft_claims(like, ids, draft)
    files = {FIGURES_FILE: _csv(figures), CLAIMS_FILE: _csv(claims)}
    files[META_FILE] = draft_meta(like, new_id, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{new_id}.", dir=target.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        os.rename(staging, target)  # fails if the folder appeared meanwhile: nothing replaced
    except OSError as exc:
        raise NewReleaseError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    draft.to_fill = {
        META_FILE: len(in_yaml(target / META_FILE)),
        FIGURES_FILE: len(in_csv(target / FIGURES_FILE, FIGURE_COLUMNS)),
        CLAIMS_FILE: len(in_csv(target / CLAIMS_FILE, CLAIM_COLUMNS)),
    }
    return draft
