"""The release id scheme (annual YYYY, year to date YYYY-MM, other vintages YYYY-MM-DD-name) and
the month and quarter prefixes of figure ids, as the loader enforces them."""

import shutil

import pytest
from conftest import set_cell

import tradeanalysis as ta
from tradeanalysis.data.figure_ids import measure_of, month_id, period_problem, quarter_id
from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.data.release_ids import covered_period, release_kind


@pytest.mark.parametrize(
    ("release_id", "kind", "period"),
    [
        ("2024", "annual", "2024"),
        ("2024-11", "year-to-date", "2024-01/2024-11"),
        ("2023-10-13-bri-index", "dated", None),
        ("synthetic", "other", None),
    ],
)
def test_an_id_says_its_kind_and_period(release_id, kind, period):
    assert release_kind(release_id) == kind
    assert covered_period(release_id) == period


def test_every_real_release_id_follows_the_scheme():
    for folder in ta.release_dirs():
        release = ta.load_release(folder)
        assert release.kind in ("annual", "year-to-date", "dated"), release.id


def _copy_as(tmp_path, name):
    folder = tmp_path / name
    shutil.copytree(RELEASES_DIR / "2024", folder)
    meta = folder / "release.yml"
    meta.write_text(meta.read_text().replace('id: "2024"\n', ""))
    return folder


def test_a_year_to_date_id_must_cover_its_months(tmp_path):
    with pytest.raises(ta.FiguresError) as info:
        ta.load_release(_copy_as(tmp_path, "2024-11"))
    assert "covers 2024-01/2024-11" in str(info.value) and "release.yml" in str(info.value)


def test_a_dated_id_starts_with_its_publication_date(tmp_path):
    with pytest.raises(ta.FiguresError, match="published date 2025-01-16"):
        ta.load_release(_copy_as(tmp_path, "2025-01-17-briefing"))
    assert ta.load_release(_copy_as(tmp_path, "2025-01-16-briefing")).kind == "dated"


def test_a_month_id_must_name_its_month(release_copy):
    line = set_cell(release_copy / "figures.csv", "dec_trade", "period", "2024-11")
    with pytest.raises(ta.FiguresError) as info:
        ta.load_release(release_copy)
    assert info.value.line == line and info.value.column == "period"
    assert "month alone (dec)" in str(info.value)


def test_figure_ids_name_their_measure():
    assert measure_of("nov_trade") == measure_of("q4_trade") == "total_trade"
    assert measure_of("nov_exports_usd") == "exports_usd"
    assert measure_of("nov_trade_surplus_usd") == "trade_surplus_usd"
    assert month_id("total_trade", 12) == "dec_trade"
    assert quarter_id("imports_usd", 1) == "q1_imports_usd"
    assert period_problem("q4_trade", "2024-Q3") and not period_problem("q4_trade", "2024-Q4")
