"""The vocabulary of a release: currencies, scales, units and sections.

Sections are data: `data/sections.yml` declares them (id -> title) for every release, and a release
may declare more under `sections:` in its release.yml, so a new section needs no code change.
"""

from __future__ import annotations

import functools

import yaml

from .paths import DATA_DIR

CURRENCIES = ("CNY", "USD")
# Trillions per unit of each scale: amounts are compared in trillions of their own currency.
SCALES = {"trillion": 1.0, "billion": 1e-3}
UNITS = tuple(f"{c} {s}" for c in CURRENCIES for s in SCALES)
SECTIONS_FILE = DATA_DIR / "sections.yml"
KERNEL_NAME = "tradeanalysis"


def unit_currency(unit: str) -> str:
    """ "USD billion" -> "USD"."""
    return unit.split(" ", 1)[0]


def unit_scale(unit: str) -> float:
    """Trillions per one of `unit`: "CNY billion" -> 0.001."""
    return SCALES[unit.split(" ", 1)[1]]


def currency_suffix(currency: str) -> str:
    """The id ending of a figure printed in a currency other than the release's: "_usd"."""
    return "_" + currency.lower()


@functools.cache
def declared_sections() -> dict[str, str]:
    """The project's sections, id -> title, from data/sections.yml."""
    loaded = yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in loaded.items()}
