"""The year month by month (`ta.in_year`, `ta.quarters`) and the revisions inside a year, on a
synthetic year of year-to-date releases with a known revision, a missing month and a month with
no single-month figure (tests/synthetic_year.py)."""

import math

import pandas as pd
import pytest
import synthetic_year as sy
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeanalysis as ta
from tradeanalysis.analysis.in_year import IN_YEAR_COLUMNS
from tradeanalysis.analysis.observations import YEARLY_COLUMNS, observations, yearly
from tradeanalysis.analysis.quarters import QUARTER_COLUMNS
from tradeanalysis.analysis.vintages import releases_in


@pytest.fixture(scope="module")
def year_folder(tmp_path_factory):
    return sy.write_year(tmp_path_factory.mktemp("year") / "releases")


@pytest.fixture(scope="module")
def months(year_folder):
    return ta.in_year("total_trade", sy.YEAR, folder=year_folder).set_index("month")


def _range(row, prefix):
    return row[f"{prefix}_low"], row[f"{prefix}_high"]


def test_in_year_has_the_contract_columns(months):
    assert list(months.reset_index().columns) == [*IN_YEAR_COLUMNS, "currency", "scale"]
    assert set(months["unit"]) == {"CNY trillion"} and set(months["currency"]) == {"CNY"}


def test_january_and_february_make_one_row_implied_by_their_total(months):
    row = months.loc["2031-02"]
    assert list(months.index) == [f"2031-{m:02d}" for m in range(2, 13)]
    assert row["months"] == "2031-01/2031-02"
    assert (row["ytd_release"], row["ytd_yoy_pct"]) == ("2031-02", 5.0)
    assert _range(row, "ytd") == pytest.approx((3.445, 3.455))
    assert _range(row, "implied") == pytest.approx((3.445, 3.455))
    assert row["month_release"] == "" and math.isnan(row["month_low"])
    assert row["status"] == "implied"


def test_a_month_printed_and_implied_within_rounding_is_consistent(months):
    row = months.loc["2031-03"]
    assert row["months"] == "2031-03"
    assert _range(row, "month") == pytest.approx((2.395, 2.405))
    # 5.85 - 3.45, each printed to two decimals: 2.39 to 2.41.
    assert _range(row, "implied") == pytest.approx((2.39, 2.41))
    assert row["status"] == "consistent"


def test_a_month_without_a_figure_of_its_own_is_implied(months):
    row = months.loc["2031-04"]
    assert row["month_release"] == "" and row["status"] == "implied"
    assert _range(row, "implied") == pytest.approx((2.34, 2.36))


def test_a_month_no_release_covers_is_missing_and_the_next_has_no_implied_month(months):
    june, july = months.loc["2031-06"], months.loc["2031-07"]
    assert june["status"] == "missing" and june["ytd_release"] == ""
    assert math.isnan(june["ytd_low"]) and math.isnan(june["implied_low"])
    assert july["status"] == "printed" and math.isnan(july["implied_low"])
    assert _range(july, "month") == pytest.approx((2.695, 2.705))


def test_a_year_to_date_counted_again_shows_as_a_revised_month(months):
    row = months.loc["2031-08"]
    # 18.80 - 16.00 = 2.79 to 2.81 against August printed 2.75: January-July counted again.
    assert _range(row, "implied") == pytest.approx((2.79, 2.81))
    assert _range(row, "month") == pytest.approx((2.745, 2.755))
    assert row["status"] == "revised"


def test_december_is_the_year_minus_january_to_november(months):
    row = months.loc["2031-12"]
    assert (row["ytd_release"], row["month_release"]) == ("2031", "2031")
    assert _range(row, "implied") == pytest.approx((29.945 - 26.855, 29.955 - 26.845))
    assert row["status"] == "consistent"


def test_through_an_earlier_release_shows_the_year_as_it_then_stood(year_folder):
    frame = ta.in_year("total_trade", sy.YEAR, through="2031-05", folder=year_folder)
    assert list(frame["month"]) == ["2031-02", "2031-03", "2031-04", "2031-05"]
    assert list(frame["status"]) == ["implied", "consistent", "implied", "consistent"]


def test_a_measure_outside_the_in_year_measures_is_refused(year_folder):
    with pytest.raises(ValueError, match="private_trade"):
        ta.in_year("private_trade", sy.YEAR, folder=year_folder)


def test_a_year_no_release_covers_gives_an_empty_frame(year_folder):
    frame = ta.in_year("total_trade", 2040, folder=year_folder)
    assert frame.empty and list(frame.columns) == [*IN_YEAR_COLUMNS, "currency", "scale"]


# --- quarters ---
def test_quarters_every_printing_and_the_implied_quarter(year_folder):
    table = ta.quarters("total_trade", sy.YEAR, folder=year_folder)
    assert list(table.columns) == [*QUARTER_COLUMNS, "currency", "scale"]
    rows = table.set_index("quarter")
    q1 = rows.loc["2031-Q1"]
    assert q1["printings"] == "5.85 CNY trillion (2031-03); 5.80 CNY trillion (2031)"
    assert (q1["printed_release"], q1["implied_from"], q1["status"]) == (
        "2031",
        "2031-03",
        "revised",
    )
    # The second and third quarters need January-June, which no release printed.
    assert list(rows.loc[["2031-Q2", "2031-Q3"], "status"]) == ["missing", "missing"]
    q4 = rows.loc["2031-Q4"]
    assert q4["implied_from"] == "2031 minus 2031-09" and q4["status"] == "consistent"
    assert (q4["implied_low"], q4["implied_high"]) == pytest.approx(
        (29.945 - 21.455, 29.955 - 21.445)
    )


# --- revisions inside the year ---
def test_revisions_find_the_year_to_date_counted_again(year_folder):
    table = ta.revisions("total_trade", folder=year_folder).set_index("period")
    row = table.loc["2031-01/2031-07"]
    assert (row["printed_in"], row["implied_in"]) == ("2031-07", "2031-08")
    assert row["implied_how"] == "year to date minus its month"
    assert (row["change_low"], row["change_high"]) == pytest.approx((0.035, 0.065))
    assert row["status"] == "restated"
    others = table.drop(index="2031-01/2031-07")
    assert set(others["status"]) == {"consistent"}


def test_revisions_compare_a_quarter_printed_again(year_folder):
    row = ta.revisions("q1_trade", folder=year_folder).iloc[0]
    assert (row["printed_in"], row["implied_in"], row["implied_how"]) == (
        "2031-03",
        "2031",
        "printed again",
    )
    assert row["status"] == "restated"


# --- a property: a consistent year's implied months hold the true months ---
@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.decimals(min_value="0.50", max_value="5.00", places=3), min_size=12, max_size=12)
)
def test_implied_months_of_a_consistent_year_hold_the_true_month(tmp_path_factory, values):
    folder = tmp_path_factory.mktemp("prop") / "releases"
    sy.write_year(folder, months=tuple(float(v) for v in values), revision=0.0, missing=None)
    frame = ta.in_year("total_trade", sy.YEAR, folder=folder)
    for row in frame.itertuples():
        first, last = (int(m[-2:]) for m in (row.months.split("/")[0], row.month))
        true = sum(float(v) for v in values[first - 1 : last])
        assert row.implied_low <= true <= row.implied_high
        assert row.status in ("consistent", "implied")
    assert not pd.isna(frame["implied_low"]).any()


# --- claims decided with the months ---
@pytest.fixture(scope="module")
def year_claims(year_folder):
    table = ta.checks(ta.load_release(year_folder / str(sy.YEAR)))
    return table[table["kind"] == "claim"].set_index("claim")


def test_december_over_3_takes_january_to_november_from_the_november_release(year_claims):
    row = year_claims.loc["dec_over_3"]
    assert row["status"] == "pass"
    assert "minus total_trade of release 2031-11 (January–November 2031)" in row["detail"]
    # 29.95 - 26.85, each printed to two decimals.
    assert (row["low"], row["high"]) == pytest.approx((3.09, 3.11))


def test_the_fourth_quarter_is_compared_with_every_quarter_on_record(year_claims):
    row = year_claims.loc["q4_record"]
    assert row["status"] == "consistent"  # "on record" has no start: never covered
    assert "periods on record 2031-Q1;" in row["detail"]


def test_a_month_highest_for_n_months_names_the_months_missing(year_claims):
    assert year_claims.loc["dec_highest_5", "status"] == "pass"
    assert (
        "months on record 2031-08 to 2031-11; none missing"
        in (year_claims.loc["dec_highest_5", "detail"])
    )
    eight = year_claims.loc["dec_highest_8"]
    assert eight["status"] == "consistent" and eight["detail"].endswith("missing: 2031-06")
    # January and February alone are never printed: customs publishes them as one release.
    thirteen = year_claims.loc["dec_highest_13"]
    assert thirteen["detail"].endswith("missing: 2030-12 to 2031-02, 2031-06")


def test_a_month_highest_without_the_month_itself_is_unverifiable(year_folder, tmp_path):
    import shutil

    folder = tmp_path / "releases"
    shutil.copytree(year_folder, folder)
    figures = folder / str(sy.YEAR) / "figures.csv"
    figures.write_text(
        "\n".join(line for line in figures.read_text().splitlines() if "dec_trade" not in line)
        + "\n"
    )
    claims = folder / str(sy.YEAR) / "claims.csv"
    claims.write_text(
        "\n".join(line for line in claims.read_text().splitlines() if "dec_over_3" not in line)
        + "\n"
    )
    table = ta.checks(ta.load_release(folder / str(sy.YEAR))).set_index("claim")
    # December alone is still implied by the year minus January-November.
    assert table.loc["dec_highest_5", "status"] == "pass"
    (folder / "2031-11").rename(tmp_path / "away")
    table = ta.checks(ta.load_release(folder / str(sy.YEAR))).set_index("claim")
    row = table.loc["dec_highest_5"]
    assert row["status"] == "unverifiable"
    assert "total_trade for December 2031 alone is not in the data" in row["detail"]
    assert "months missing: 2031-11 to 2031-12" in row["detail"]


def test_quarters_implied_from_totals_need_no_quarter_figure(tmp_path):
    folder = sy.write_year(tmp_path / "releases", missing=None)
    q2 = ta.quarters("total_trade", sy.YEAR, folder=folder).set_index("quarter").loc["2031-Q2"]
    assert (q2["implied_from"], q2["status"], q2["printings"]) == (
        "2031-06 minus 2031-03",
        "implied",
        "",
    )
    obs = observations(releases_in(folder))
    row = obs[(obs["id"] == "q2_trade") & (obs["period"] == "2031-Q2")].iloc[0]
    assert (row["vintage"], row["kind"], row["how"]) == (
        "2031-06",
        "implied",
        "year-to-date totals",
    )
    # 2.35 + 2.50 + 2.60 = 7.45, from 13.30 - 5.85 printed to two decimals.
    assert (row["low"], row["high"]) == pytest.approx((7.44, 7.46))


def test_a_january_to_march_total_is_the_first_quarter_printed(year_folder, tmp_path):
    import shutil

    folder = tmp_path / "releases"
    shutil.copytree(year_folder, folder)
    figures = folder / "2031-03" / "figures.csv"
    lines = figures.read_text().splitlines()
    figures.write_text("\n".join(line for line in lines if "q1_trade" not in line) + "\n")
    row = ta.revisions("q1_trade", folder=folder).iloc[0]
    assert (row["printed_in"], row["implied_in"], row["implied_how"]) == (
        "2031-03",
        "2031",
        "printed again",
    )
    assert (row["printed_low"], row["printed_high"]) == pytest.approx((5.845, 5.855))
    assert row["status"] == "restated"
    q1 = ta.quarters("total_trade", sy.YEAR, folder=folder).iloc[0]
    assert (q1["printings"], q1["implied_from"], q1["status"]) == (
        "5.80 CNY trillion (2031)",
        "2031-03",
        "revised",
    )


def test_years_stay_years_with_year_to_date_releases(year_folder):
    releases = releases_in(year_folder)
    # Only the annual release's total is a year: no January-November total stands for 2031.
    years = yearly(releases, ["total_trade"])
    assert list(years["year"]) == [2030, 2031] and list(years["kind"]) == ["implied", "printed"]
    assert (years.iloc[1]["low"], years.iloc[1]["vintage"]) == (pytest.approx(29.945), "2031")
    # A figure with no value for any year gives an empty series, not an error.
    assert yearly(releases, ["bri_trade"]).empty
    assert list(yearly(releases, ["bri_trade"]).columns) == YEARLY_COLUMNS
