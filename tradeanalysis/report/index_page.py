"""The index pages of a report: one per run (headline figures, check summary, section links) and
one over all runs in the output folder. Every string from a release file is HTML-escaped; the pages
are self-contained (inline CSS, no scripts, nothing fetched)."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pandas as pd

from tradeanalysis.analysis.frames import figures as figures_frame
from tradeanalysis.analysis.outcomes import STATUSES
from tradeanalysis.data.paths import NOTEBOOKS_DIR
from tradeanalysis.data.period import parse_period
from tradeanalysis.data.release import WEB_ADDRESS
from tradeanalysis.narrative.params import check_parameters
from tradeanalysis.narrative.story import Story
from tradeanalysis.narrative.words import MARK
from tradeanalysis.report import notebook_files

HEADLINE_IDS = ("total_trade", "exports", "imports", "q4_trade", "bri_trade")
RUN_FILE = "run.json"
CSS = """
body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; color: #222; max-width: 900px;
       margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; }
td, th { padding: 4px 12px 4px 0; text-align: left; }
th { border-bottom: 1px solid #999; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td:first-child, td.period { white-space: nowrap; }
table.runs { width: 100%; }
.pass { color: #1a7f37; }
.fail { color: #b42318; font-weight: bold; }
.unverifiable { color: #8a6d00; }
.meta { color: #555; font-size: 0.92em; }
a { color: #0b5394; }
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a full disk: leave no half-written page behind
        temporary.unlink(missing_ok=True)
        raise


def notebook_title(path: Path) -> str:
    """The first heading of a notebook, without the '#'."""
    return notebook_files.title(path)


def write_run_index(run, folder: Path, outcomes, left_out: dict[str, str] | None = None) -> None:
    """index.html for one run: headline figures in the run's units, checks, links to sections
    and a line for each page left out of the run (`left_out`: notebook -> why); beside it the
    run's downloads (figures.csv, checks.csv) and run.json for the top index."""
    params = {
        k: v
        for k, v in run.parameters.items()
        if k in ("currency", "cny_per_usd", "scale", "palette", "figure_format")
    }
    release, view = check_parameters(run.release, **params)
    story = Story(release, view)
    table = story.checks()
    # Without a rate, each figure stays in the currency it was printed in (customs' dollar
    # figures in a yuan run); with one, every amount is in the run's currency.
    currency = view.currency if view.cny_per_usd else None
    in_units = {"currency": currency, "cny_per_usd": view.cny_per_usd, "scale": view.scale}
    figures_frame(release, **in_units).to_csv(folder / "figures.csv")
    table.to_csv(folder / "checks.csv")
    rate_text = story.words.rate_text()
    rate = f'<p class="meta">{_e(rate_text)}</p>' if rate_text else ""
    body = (
        f'<p class="meta"><a href="../index.html">All runs</a></p>'
        f"<h1>{_e(release.meta['title'])}</h1>"
        f'<p class="meta">Run <b>{_e(run.name)}</b> &middot; release {_e(release.id)} &middot; '
        f"amounts in {_e(view.unit_words)}</p>{rate}"
        f"<h2>Headline figures</h2>{_headline_html(story)}"
        f"<h2>Checks</h2>{_checks_html(table)}"
        f"<h2>Sections</h2><ol>{_sections_html(folder, outcomes)}</ol>{_left_out_html(left_out)}"
        f"<h2>Downloads</h2>{DOWNLOADS}"
        f'<h2>Source</h2><p class="meta">{_citation_html(release)}</p>'
    )
    _write(folder / "index.html", _page(f"{release.meta['title']} ({run.name})", body))
    _write(folder / RUN_FILE, json.dumps(_run_meta(run, story), indent=1, default=str))


DOWNLOADS = (
    '<ul><li><a href="figures.csv" download>figures.csv</a>: every figure in this run\'s units, '
    "with the interval its rounding leaves (low, high)</li>"
    '<li><a href="checks.csv" download>checks.csv</a>: every check, with the intervals '
    "it compared</li><li>Each chart as PNG and SVG, with its data as CSV: under the chart, "
    "on its section's page</li></ul>"
)


def _headline_html(story: Story) -> str:
    """The headline amounts and growth as the run's words say them, and the trade balance."""
    rows = []
    for fid in HEADLINE_IDS:
        if not story.has_amount(fid):
            continue
        row = story.release.figure(fid)
        growth = story.words.growth_text(fid) if story.has_growth(fid) else ""
        rows.append(
            f'<tr><td>{_e(row["label"])}</td><td class="period">{_e(row["period_label"])}</td>'
            f'<td class="num">{_e(story.words.amount_text(fid))}</td>'
            f'<td class="num">{_e(growth)}</td></tr>'
        )
    if story.has_amount("exports") and story.has_amount("imports"):
        balance = story.words.balance_text().removeprefix("a ")
        rows.append(
            f"<tr><td>Trade balance (exports minus imports)</td><td></td>"
            f'<td class="num">{_e(balance)}</td><td></td></tr>'
        )
    if not rows:
        return "<p>This release has no headline amounts.</p>"
    header = "<tr><th>Figure</th><th>Period</th>" + '<th class="num">Amount</th>'
    header += '<th class="num">Growth</th></tr>'
    return "<table>" + header + "".join(rows) + "</table>"


def _checks_html(table: pd.DataFrame) -> str:
    """How many checks have each status, and each failure with its explanation if any."""
    counts = table["status"].value_counts()
    summary = ", ".join(
        f'<span class="{s if counts.get(s, 0) else ""}">{counts.get(s, 0)} {s}</span>'
        for s in STATUSES
    )
    failed = "".join(
        f'<li class="fail">{_e(name)}'
        + (
            f' <span class="meta">(explained: {_e(row["explanation"])})</span>'
            if pd.notna(row["explanation"])
            else ""
        )
        + "</li>"
        for name, row in table[table["status"] == "fail"].iterrows()
    )
    return f"<p>{summary}</p>" + (f"<ul>{failed}</ul>" if failed else "")


def _sections_html(folder: Path, outcomes) -> str:
    """A link to each section's page and its executed notebook, in reading order."""
    return "".join(
        f'<li><a href="{_e(o.notebook[:-6])}.html">{_e(notebook_title(folder / o.notebook))}</a>'
        f' <span class="meta">(<a href="{_e(o.notebook)}">notebook</a>)</span></li>'
        for o in sorted(outcomes, key=lambda o: o.notebook)
    )


def _left_out_html(left_out: dict[str, str] | None) -> str:
    """One line naming the pages left out of the run, each with why."""
    if not left_out:
        return ""
    pages = "; ".join(
        f"{_e(notebook_title(NOTEBOOKS_DIR / name))} ({_e(why)})"
        for name, why in sorted(left_out.items())
    )
    return f'<p class="meta left-out">Left out of this run: {pages}.</p>'


def _citation_html(release) -> str:
    """The release's citation, escaped, its address a link only when it is http(s)."""
    url = _e(release.meta["url"])
    cited = _e(release.citation)
    if url in cited and WEB_ADDRESS.match(str(release.meta["url"])):  # only http(s) is a link
        cited = cited.replace(url, f'<a href="{url}">{url}</a>', 1)
    return cited


def _run_meta(run, story: Story) -> dict:
    """What the top index shows of a run: its release, total trade and growth in its units."""
    release = story.release
    return {
        "run": run.name,
        "title": str(release.meta["title"]),
        "release": release.id,
        "published": release.published,
        "year": _year_of(release),
        "period": release.figure("total_trade")["period_label"]
        if release.has("total_trade")
        else "",
        "total": story.words.amount_text("total_trade") if story.has_amount("total_trade") else "",
        "growth": story.words.growth_text("total_trade") if story.has_growth("total_trade") else "",
        "parameters": run.parameters,
    }


def _year_of(release) -> str:
    """The year a release's figures are of (its covered period's last year): "2024" for the
    annual release 2024 and for the year to date 2024-11 alike."""
    return str(parse_period(str(release.meta["covers"]["period"]))[1].year)


def headline_words(meta: dict) -> str:
    """A run's headline as the top index shows it: "January–November 2024: 39.79 trillion yuan,
    +4.9%" (period, total trade and its growth as printed, in the run's units); "" without a
    total."""
    figures = ", ".join(w for w in (meta.get("total", ""), meta.get("growth", "")) if w)
    if not figures:
        return ""
    return f"{meta['period']}: {figures}" if meta.get("period") else figures


def write_top_index(out: Path, failures: dict[str, str] | None = None) -> None:
    """index.html over every finished run in `out`, grouped by the year its release's figures are
    of, newest year first and within a year newest release first, each with its headline (total
    trade and growth, with their period) in the run's units; then one line for each run of this
    build that failed (`failures`: run name -> where and why). Nothing to list writes no page."""
    failures = failures or {}
    runs = _finished_runs(out)
    if not runs and not failures:
        return
    body = "<h1>tradeanalysis reports</h1>"
    if failures:
        lines = "".join(
            f'<li class="fail">Run {_e(name)} failed in this build: {_e(why)} '
            f'(<a href="_failed/{_e(name)}/">executed notebooks</a>)</li>'
            for name, why in sorted(failures.items())
        )
        body += f"<h2>Failed runs</h2><ul>{lines}</ul>"
        body += '<p class="meta">Each failed run\'s previous report, if any, is unchanged.</p>'
    years: dict[str, list] = {}
    for name, meta in runs:
        years.setdefault(_year_key(meta), []).append((name, meta))
    header = '<tr><th>Run</th><th>Release</th><th class="num">Total trade and growth</th></tr>'
    for year in sorted(years, reverse=True):
        rows = "".join(_top_row(name, meta) for name, meta in years[year])
        body += f'<h2>{_e(year)}</h2><table class="runs">{header}{rows}</table>'
    if any(MARK in meta.get("total", "") for _, meta in runs):
        body += (
            f'<p class="meta">{MARK} printed only in yuan, converted at the run\'s '
            "cny_per_usd (yuan per US dollar); each run's page says more.</p>"
        )
    _write(out / "index.html", _page("tradeanalysis reports", body))


def _finished_runs(out: Path) -> list[tuple[str, dict]]:
    """(folder name, run.json) of every finished run in `out`, newest release first."""
    runs = []
    for folder in (p for p in out.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        run_file = folder / RUN_FILE
        try:  # a damaged run.json leaves its run off the list, never stops the build
            meta = json.loads(run_file.read_text(encoding="utf-8")) if run_file.is_file() else None
        except (OSError, ValueError):
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("parameters", {}), dict):
            runs.append((folder.name, meta))
    runs.sort(key=lambda r: (str(r[1].get("published", "")), r[0]), reverse=True)
    return runs


def _year_key(meta: dict) -> str:
    """The year a run is listed under: its release's year, or the year it was published (a
    run.json of an earlier build)."""
    return str(meta.get("year") or str(meta.get("published", ""))[:4] or "other")


def _top_row(name: str, meta: dict) -> str:
    params = ", ".join(f"{k}={v}" for k, v in sorted(meta.get("parameters", {}).items()))
    return (
        f'<tr><td><a href="{_e(name)}/index.html">{_e(name)}</a></td>'
        f"<td>{_e(meta.get('title', ''))}<br>"
        f'<span class="meta">release {_e(meta.get("release", ""))} &middot; published '
        f"{_e(meta.get('published', ''))}{' &middot; ' + _e(params) if params else ''}</span></td>"
        f'<td class="num">{_e(headline_words(meta))}</td></tr>'
    )
