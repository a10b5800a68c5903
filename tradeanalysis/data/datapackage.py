"""data/datapackage.json, a Frictionless Data Package describing each release's figures.csv and
claims.csv, generated from the vocabulary the loader itself uses (units, bounds, sections, column
lists, id and address patterns, claim checks). Never edit the JSON by hand:

    python -m tradeanalysis.data.datapackage           # rewrite it
    python -m tradeanalysis.data.datapackage --check   # exit 1 if it is out of date

Types and allowed values are what other tools can check; the domain rules (decimals as printed,
periods, a share's whole, a check's arguments) stay in `tables` and `load`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from tradeanalysis.data.claim_rules import CLAIM_RULES
from tradeanalysis.data.interval import BOUNDS
from tradeanalysis.data.load import load_release, release_dirs
from tradeanalysis.data.paths import DATA_DIR
from tradeanalysis.data.period import PERIOD_FORMATS
from tradeanalysis.data.release import (
    CLAIMS_FILE,
    FIGURES_FILE,
    ID_PATTERN,
    META_FILE,
    WEB_ADDRESS,
    FiguresError,
)
from tradeanalysis.data.units import UNITS

DESCRIPTOR = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
_ADDRESS = WEB_ADDRESS.pattern.removeprefix("^").removesuffix("$")
_CHECK_NAMES = "|".join(CLAIM_RULES)


def _id_field(description: str) -> dict:
    return {
        "name": "id",
        "type": "string",
        "description": description,
        "constraints": {"required": True, "unique": True, "pattern": ID_PATTERN.pattern},
    }


def _text(name: str, description: str, required: bool = False, **constraints) -> dict:
    field = {"name": name, "type": "string", "description": description}
    if required or constraints:
        field["constraints"] = {**({"required": True} if required else {}), **constraints}
    return field


def _number(name: str, description: str, **constraints) -> dict:
    return {"name": name, "type": "number", "description": description, "constraints": constraints}


def figure_fields(sections: list[str]) -> dict[str, dict]:
    """Column name -> Table Schema field for figures.csv, given the release's sections."""
    fields = [
        _id_field("The figure's id, unique within the release; ids ending _usd are in US dollars"),
        _text("section", "The section it belongs to", True, enum=sections),
        _text("label", "What the figure is, in a few words", True),
        _text("period", f"The period covered: {', '.join(PERIOD_FORMATS)}", True),
        _text("scope", "Where or what it covers", True),
        _number("value", "The amount as printed, in `unit`, never rounded by us", minimum=0),
        _text("unit", "Unit of `value`: currency and scale", enum=list(UNITS)),
        _text(
            "bound",
            "exact (rounded as printed) or lower (printed as 'over')",
            True,
            enum=list(BOUNDS),
        ),
        _number("yoy_pct", "Year-on-year growth as printed, percent", minimum=-100),
        _number("share_pct", "Share of `share_of` as printed, percent", minimum=0, maximum=100),
        _text("share_of", "The id of the figure `share_pct` is a share of"),
        _text("note", "A remark on the figure"),
        _text(
            "source",
            f"The page(s) it was printed on when not {META_FILE}'s url, separated by spaces",
            pattern=f"{_ADDRESS}( {_ADDRESS})*",
        ),
    ]
    return {f["name"]: f for f in fields}


def claim_fields(sections: list[str]) -> dict[str, dict]:
    """Column name -> Table Schema field for claims.csv, given the release's sections."""
    fields = [
        _id_field("The claim's id, unique within the release"),
        _text("section", "The section it belongs to", True, enum=sections),
        _text("figures", f"Ids of figures in {FIGURES_FILE}, separated by spaces", True),
        _text("claim", "What the release claims, in our words", True),
        _text(
            "check",
            "The check that tests the claim, then its numbers; empty when none can",
            pattern=rf"({_CHECK_NAMES})( \S+)*",
        ),
        _text("note", "Why no check can test the claim, or a remark"),
    ]
    return {f["name"]: f for f in fields}


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def _schema(path: Path, known: dict[str, dict], keys: dict) -> dict:
    """The file's columns in its own order, each described by `known` (a column the loader does
    not read is plain text)."""
    fields = [known.get(c, {"name": c, "type": "string"}) for c in _header(path)]
    return {"fields": fields, "primaryKey": ["id"], **keys}


def _resources(folder: Path, data_dir: Path) -> list[dict]:
    release = load_release(folder)  # validated first: a broken release is described by nobody
    sections = list(release.sections)
    relative = folder.relative_to(data_dir).as_posix()
    share_of = {"fields": ["share_of"], "reference": {"resource": "", "fields": ["id"]}}
    tables = [
        (FIGURES_FILE, "figures", figure_fields(sections), {"foreignKeys": [share_of]}),
        (CLAIMS_FILE, "claims", claim_fields(sections), {}),
    ]
    return [
        {
            "name": f"{folder.name}-{kind}",
            "title": f"{release.meta['title']}: {kind}",
            "path": f"{relative}/{name}",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "sources": [{"title": release.citation, "path": release.meta["url"]}],
            "schema": _schema(folder / name, known, keys),
        }
        for name, kind, known, keys in tables
        if (folder / name).is_file()
    ]


def descriptor(data_dir: Path = DATA_DIR) -> dict:
    """The Data Package for every release folder under `data_dir`/releases, in release order."""
    folders = release_dirs(data_dir / "releases")
    return {
        "profile": "tabular-data-package",
        "name": "tradeanalysis-gacc-releases",
        "title": "China's annual foreign-trade releases (GACC), transcribed as printed",
        "description": (
            "Figures and claims of the General Administration of Customs of China's annual "
            "foreign-trade releases, one folder per release, each figure as printed with its "
            "unit and rounding. Codebook: README.md; licence: LICENSE.md; errata: CHANGES.md."
        ),
        "licenses": [LICENCE],
        "sources": [
            {"title": "General Administration of Customs of the People's Republic of China"}
        ],
        "resources": [r for folder in folders for r in _resources(folder, data_dir)],
    }


def render(data_dir: Path = DATA_DIR) -> str:
    """The descriptor as written to disk: two-space indents, keys in a fixed order, newline."""
    return json.dumps(descriptor(data_dir), indent=2, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tradeanalysis.data.datapackage")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    target = DATA_DIR / DESCRIPTOR
    try:
        text = render()
    except FiguresError as exc:
        print(f"datapackage: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is out of date; fix: python -m tradeanalysis.data.datapackage")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
