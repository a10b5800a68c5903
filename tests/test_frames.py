"""The library's frames as pandas users expect them: one named index, NaN for missing, units as
columns, CSV round-trips, and amounts in the units asked for by the notebooks' conversion."""

import io
import math

import pandas as pd
import pytest

import tradeanalysis as ta
from tradeanalysis.narrative.text import Presentation

FRAMES = {
    "figures": lambda r: ta.figures(r),
    "figures in dollars": lambda r: ta.figures(r, currency="USD", cny_per_usd=7.12),
    "prior_year": lambda r: ta.prior_year(r),
    "derived_figures": lambda r: ta.derived_figures(r, scale="billion"),
    "checks": lambda r: ta.checks(r),
    "release.figures": lambda r: r.figures,
}


@pytest.mark.parametrize("name", FRAMES)
def test_one_named_index_no_empty_strings_and_a_csv_round_trip(release, name):
    frame = FRAMES[name](release)
    assert frame.index.name in ("id", "check") and frame.index.is_unique
    assert "id" not in frame.columns
    text = frame.select_dtypes(exclude="number")
    assert not (text == "").any().any(), "missing text is NaN, never an empty string"
    back = pd.read_csv(io.StringIO(frame.to_csv()), index_col=0)
    assert list(back.index) == list(frame.index) and list(back.columns) == list(frame.columns)
    for column in frame.select_dtypes("number").columns:
        pd.testing.assert_series_equal(
            back[column].astype("float64"), frame[column].astype("float64"), check_names=False
        )


def test_loc_by_id_and_units_as_columns(release):
    exports = ta.figures(release).loc["exports"]
    assert (exports["value"], exports["currency"], exports["scale"]) == (25.45, "CNY", "trillion")
    assert (exports["low"], exports["high"]) == pytest.approx((25.445, 25.455))
    me = ta.figures(release).loc["me_exports"]  # a share only: no amount, no currency
    assert pd.isna(me["value"]) and pd.isna(me["currency"]) and me["share_of"] == "exports"


def test_dollars_use_the_notebooks_conversion_and_say_at_which_rate(release):
    usd = ta.figures(release, currency="USD", cny_per_usd=7.12, scale="billion").loc["total_trade"]
    view = Presentation(currency="USD", scale="billion", cny_per_usd=7.12)
    assert usd["value"] == view.convert(43.85, "CNY trillion") and usd["converted_at"] == 7.12
    assert (usd["unit"], usd["currency"], usd["scale"]) == ("USD billion", "USD", "billion")
    same = ta.figures(release, currency="usd", cny_per_usd=7.12, scale="Billion")
    assert same.loc["total_trade", "value"] == usd["value"]  # any case, as in the notebooks
    assert usd["yoy_pct"] == 5.0  # growth stays as measured, in yuan terms
    derived = ta.derived_figures(release, currency="USD", cny_per_usd=7.12)
    assert derived.loc["trade_balance", "value"] == pytest.approx((25.45 - 18.39) / 7.12)
    assert derived.loc["export_share", "unit"] == "percent"
    assert pd.isna(derived.loc["export_share", "converted_at"])


def test_a_conversion_without_a_rate_is_refused(release):
    with pytest.raises(ValueError, match="needs cny_per_usd"):
        ta.figures(release, currency="USD")


def test_customs_dollar_figures_stay_as_printed(history_release_2023):
    usd = ta.figures(history_release_2023, currency="USD", cny_per_usd=7.12)
    assert usd.loc["total_trade_usd", "value"] == 5.94
    assert pd.isna(usd.loc["total_trade_usd", "converted_at"])


def test_previous_years_are_never_converted(history_release_2023):
    prior = ta.prior_year(history_release_2023, scale="billion")
    assert prior.loc["total_trade", "unit"] == "CNY billion"
    assert prior.loc["total_trade_usd", "currency"] == "USD"
    assert prior.loc["total_trade_usd", "prior_value"] == pytest.approx(5940 / 0.95)


def test_checks_carry_the_compared_intervals_and_the_claim_id(release):
    table = ta.checks(release)
    total = table.loc["exports plus imports equal the total"]
    assert (total["low"], total["high"]) == pytest.approx((43.83, 43.85))
    assert (total["against_low"], total["against_high"]) == pytest.approx((43.845, 43.855))
    assert total["unit"] == "CNY trillion" and pd.isna(total["claim"])
    claims = table[table["kind"] == "claim"]
    assert set(claims["claim"]) == set(release.claims["id"])
    shares = claims[claims["unit"] == "percent"]
    assert not shares.empty and (shares["low"] <= shares["high"]).all()
    assert math.isnan(table.loc[table["explanation"].isna()].iloc[0]["explanation"])


@pytest.fixture
def history_release_2023():
    return ta.load_release("2023")
