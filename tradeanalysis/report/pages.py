"""What a section page of the report carries beyond the notebook's outputs: a title naming the
section and the run, links to the other sections, a table of contents, and each chart as PNG and
SVG files with its data as CSV, to download."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from tradeanalysis.narrative.text import CURRENCY_WORDS
from tradeanalysis.report import notebook_files

TOC_MARKER = "<!--ta-toc-->"
CHART_MARKER = "<!--ta-chart-->"
CHARTS_DIR = "charts"
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)<a class="anchor-link"', re.S)


def run_title(release_id: str, parameters: dict) -> str:
    """The run in words: "2024", "2024, US dollars at 7.12", "2024, billions of yuan"."""
    currency = parameters.get("currency", "CNY")
    words = [release_id]
    if currency != "CNY":
        words.append(f"{CURRENCY_WORDS[currency]} at {parameters.get('cny_per_usd'):g}")
    if (parameters.get("scale") or "trillion") != "trillion":
        words.append(f"{parameters['scale']}s of {CURRENCY_WORDS[currency]}")
    return ", ".join(words)


def neighbours(notebooks: list[Path], name: str) -> dict:
    """{"previous": (page, title) or None, "next": ...} for a notebook among the report's."""
    names = [n.name for n in notebooks]
    at = names.index(name)

    def page(i):
        if 0 <= i < len(notebooks):
            return notebooks[i].stem + ".html", notebook_files.title(notebooks[i])
        return None

    return {"previous": page(at - 1), "next": page(at + 1)}


def table_of_contents(body: str) -> str:
    """The page's section headings as a list of links, put where the template left its marker."""
    items = [
        f'<li class="ta-toc-{level}"><a href="#{anchor}">{text.strip()}</a></li>'
        for level, anchor, text in _HEADING.findall(body)
    ]
    toc = f'<nav class="ta-toc" aria-label="Contents"><ul>{"".join(items)}</ul></nav>'
    if not items:
        return body.replace(TOC_MARKER, "", 1)
    if "</h1>" in body:  # under the page's title; the marker at the top of <main> otherwise
        return body.replace(TOC_MARKER, "", 1).replace("</h1>", "</h1>" + toc, 1)
    return body.replace(TOC_MARKER, toc, 1)


def chart_downloads(body: str, nb: dict, folder: Path, stem: str) -> str:
    """Write every chart of the executed notebook `nb` as PNG (and SVG and its data as CSV where
    it has them) under `folder/charts/`, and link the files under each chart where the
    template left a marker."""
    charts = [
        output["data"]
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    if charts:
        (folder / CHARTS_DIR).mkdir(exist_ok=True)
    for number, data in enumerate(charts, start=1):
        base = f"{CHARTS_DIR}/{stem}-{number}"
        (folder / f"{base}.png").write_bytes(base64.b64decode(data["image/png"]))
        links = [f'<a href="{base}.png" download>PNG</a>']
        for mime, suffix, name in (
            ("image/svg+xml", "svg", "SVG"),
            ("text/csv", "csv", "data (CSV)"),
        ):
            if mime in data:
                text = data[mime] if isinstance(data[mime], str) else "".join(data[mime])
                (folder / f"{base}.{suffix}").write_text(text, encoding="utf-8")
                links.append(f'<a href="{base}.{suffix}" download>{name}</a>')
        label = html.escape(f"Download chart {number}")
        body = body.replace(
            CHART_MARKER,
            f'<p class="ta-downloads" role="group" aria-label="{label}">'
            f"Download: {' · '.join(links)}</p>",
            1,
        )
    return body.replace(CHART_MARKER, "")
