"""Derived figures: implied previous year, implied amounts, balance and shares, with intervals."""

import pytest

import tradeanalysis as ta


def test_prior_year_of_exports_is_25_45_over_1_071(release):
    row = ta.prior_year(release).loc["exports"]
    assert row["prior_value"] == pytest.approx(25.45 / 1.071)
    assert row["prior_low"] == pytest.approx(25.445 / 1.0715)
    assert row["prior_high"] == pytest.approx(25.455 / 1.0705)


def test_prior_year_covers_every_figure_with_amount_and_growth(release):
    ids = set(ta.prior_year(release).index)
    assert ids == {
        "total_trade",
        "dec_trade",
        "exports",
        "imports",
        "me_exports",
        "bri_trade",
        "shenzhen_trade_jan_nov",
    }


def test_lower_bound_value_has_open_prior_year(release):
    row = ta.prior_year(release).loc["dec_trade"]
    assert row["prior_low"] == pytest.approx(4 / 1.0685)
    assert row["prior_high"] != row["prior_high"]  # NaN: no upper end


def test_derived_figures(release):
    d = ta.derived_figures(release)
    assert d.loc["trade_balance", "value"] == pytest.approx(25.45 - 18.39)
    assert d.loc["trade_balance", "low"] == pytest.approx(25.445 - 18.395)
    assert d.loc["me_exports_amount", "value"] == pytest.approx(25.45 * 0.594, rel=1e-4)
    assert d.loc["eastern_trade_amount", "low"] == pytest.approx(43.845 * 0.7965)
    assert d.loc["export_share", "value"] == pytest.approx(25.45 / 43.85 * 100, rel=1e-4)
    assert d.loc["q4_share", "unit"] == "percent"
    assert "bri_share_amount" not in d.index  # "over half" gives no amount


def test_derived_figures_skip_what_the_release_lacks():
    from conftest import SYNTHETIC

    d = ta.derived_figures(ta.load_release(SYNTHETIC))
    assert "bri_share_computed" not in d.index


def test_a_share_of_a_lower_bound_is_said_as_at_least():
    from tradeanalysis.data.interval import Interval
    from tradeanalysis.narrative.story import Story

    story = Story.from_parameters("2023")
    assert story.words.percent_text(Interval(23.94, float("inf"))) == "at least 23.9%"
    assert story.words.percent_text(Interval(50.31, 50.35)) == "50.3% (50.31 to 50.35)"
