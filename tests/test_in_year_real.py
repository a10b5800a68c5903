"""The year month by month on the real year-to-date releases of 2023 and 2024: the revisions
inside the year that the printed figures show, and the 2024 release's claims on December and the
fourth quarter. Each test's name states the finding with its range (trillions of yuan)."""

import pytest

import tradeanalysis as ta
from tradeanalysis.analysis.observations import yearly
from tradeanalysis.analysis.vintages import releases_in
from tradeanalysis.analysis.year_series import YearSeries
from tradeanalysis.data.period import is_full_year


@pytest.fixture(scope="module")
def months_2024():
    return ta.in_year("total_trade", 2024).set_index("month")


@pytest.fixture(scope="module")
def total_revisions():
    return ta.revisions("total_trade").set_index(["period", "printed_in", "implied_in"])


@pytest.fixture(scope="module")
def claims_2024():
    table = ta.checks(ta.load_release("2024"))
    return table[table["kind"] == "claim"].set_index("claim")


def _pair(row, prefix):
    return row[f"{prefix}_low"], row[f"{prefix}_high"]


def test_november_2024_implied_3_76_to_3_78_against_3_75_printed(months_2024, total_revisions):
    row = months_2024.loc["2024-11"]
    assert (row["ytd_release"], row["month_release"], row["status"]) == (
        "2024-11",
        "2024-11",
        "revised",
    )
    assert _pair(row, "implied") == pytest.approx((39.785 - 36.025, 39.795 - 36.015))
    assert _pair(row, "month") == pytest.approx((3.745, 3.755))
    # The November release counts January-October at 36.03 to 36.05, not the 36.02 printed.
    again = total_revisions.loc[("2024-01/2024-10", "2024-10", "2024-11")]
    assert again["implied_how"] == "year to date minus its month"
    assert _pair(again, "implied") == pytest.approx((36.03, 36.05))
    assert again["status"] == "restated"


def test_july_2024_implied_3_65_to_3_67_against_3_68_printed(months_2024, total_revisions):
    row = months_2024.loc["2024-07"]
    assert _pair(row, "implied") == pytest.approx((24.825 - 21.175, 24.835 - 21.165))
    assert _pair(row, "month") == pytest.approx((3.675, 3.685))
    assert row["status"] == "revised"
    again = total_revisions.loc[("2024-01/2024-06", "2024-06", "2024-07")]
    assert _pair(again, "implied") == pytest.approx((21.14, 21.16))
    assert again["status"] == "restated"


def test_august_2023_implied_3_52_to_3_54_against_3_59_printed():
    row = ta.in_year("total_trade", 2023).set_index("month").loc["2023-08"]
    assert _pair(row, "implied") == pytest.approx((27.075 - 23.555, 27.085 - 23.545))
    assert _pair(row, "month") == pytest.approx((3.585, 3.595))
    assert row["status"] == "revised"


def test_first_quarter_2023_printed_9_89_then_9_76_then_9_69():
    q1 = ta.quarters("total_trade", 2023).set_index("quarter").loc["2023-Q1"]
    assert q1["implied_from"] == "2023-03"  # the January-March total
    assert _pair(q1, "implied") == pytest.approx((9.885, 9.895))
    assert q1["printings"] == "9.76 CNY trillion (2023-06); 9.69 CNY trillion (2023)"
    assert q1["status"] == "revised"
    table = ta.revisions("q1_trade").set_index(["printed_in", "implied_in"])
    assert sorted(table.index) == [("2023-03", "2023"), ("2023-03", "2023-06"), ("2023-06", "2023")]
    assert set(table["status"]) == {"restated"}
    assert _pair(table.loc[("2023-06", "2023")], "printed") == pytest.approx((9.755, 9.765))


def test_2024_growth_implies_2023_january_february_6_07_to_6_09_against_6_18(total_revisions):
    row = total_revisions.loc[("2023-01/2023-02", "2023-02", "2024-02")]
    # 6.61 / 1.087, each printed with its own digits.
    assert _pair(row, "implied") == pytest.approx((6.605 / 1.0875, 6.615 / 1.0865))
    assert _pair(row, "printed") == pytest.approx((6.175, 6.185))
    assert (row["implied_how"], row["status"]) == ("growth rate", "restated")


def test_2024_growth_implies_2023_january_may_16_41_to_16_52_against_16_77(total_revisions):
    row = total_revisions.loc[("2023-01/2023-05", "2023-05", "2024-05")]
    assert _pair(row, "implied") == pytest.approx((17.45 / 1.0635, 17.55 / 1.0625))
    assert row["status"] == "restated"


def test_2024_growth_leaves_the_2023_year_of_41_76_standing(total_revisions):
    row = total_revisions.loc[("2023", "2023", "2024")]
    assert _pair(row, "printed") == pytest.approx((41.755, 41.765))
    assert row["status"] == "consistent"


# --- the year's end, and the 2024 release's claims ---
def test_december_2024_implied_4_05_to_4_07_decides_over_4(months_2024, claims_2024):
    row = months_2024.loc["2024-12"]
    assert _pair(row, "implied") == pytest.approx((43.845 - 39.795, 43.855 - 39.785))
    assert row["month_low"] == 4 and row["status"] == "consistent"  # printed "over 4"
    claim = claims_2024.loc["december_over_4"]
    assert claim["status"] == "pass"
    assert "minus total_trade of release 2024-11 (January–November 2024)" in claim["detail"]
    assert (claim["low"], claim["high"]) == pytest.approx((4.05, 4.07))


def test_fourth_quarter_2024_implied_11_51_to_11_53_consistent_with_11_51_printed():
    q4 = ta.quarters("total_trade", 2024).set_index("quarter").loc["2024-Q4"]
    assert q4["implied_from"] == "2024 minus 2024-09"
    assert _pair(q4, "implied") == pytest.approx((43.845 - 32.335, 43.855 - 32.325))
    assert (q4["printings"], q4["status"]) == ("11.51 CNY trillion (2024)", "consistent")


def test_fourth_quarter_2024_record_against_every_quarter_highest_2022_q3_11_35(claims_2024):
    claim = claims_2024.loc["q4_record"]
    assert claim["status"] == "consistent"  # "on record" has no start: never covered
    assert "(highest 2022-Q3 11.35, printed in 2022)" in claim["detail"]
    # quarters implied by the year-to-date totals count; "over 10" for 2023-Q4 gives way to
    # 2023 minus January-September (10.91 to 11.02)
    assert "2023-Q2, 2023-Q3, 2023-Q4, 2024-Q1, 2024-Q2, 2024-Q3" in claim["detail"]
    assert "10.00+" not in claim["detail"]


def test_december_2024_imports_highest_for_21_months_is_unverifiable(claims_2024):
    claim = claims_2024.loc["december_imports_high"]
    assert claim["status"] == "unverifiable"
    assert "imports 2024-12 [1.6300, 1.6500]" in claim["detail"]  # 18.39 - 16.75, implied
    assert claim["detail"].endswith("missing: 2023-06, 2023-09 to 2023-10, 2023-12 to 2024-02")


# --- years stay years with the year-to-date releases in the folder ---
def test_a_yearly_series_takes_years_from_annual_releases_only():
    releases = releases_in()
    ytd = {r.id for r in releases if r.kind == "year-to-date"}
    assert len(ytd) == 20
    years = yearly(releases, ["total_trade"])
    assert list(years["year"]) == list(range(2017, 2025))
    assert not set(years["vintage"]) & ytd


def test_an_annual_release_sets_itself_against_years_only():
    series = YearSeries(ta.load_release("2024"))
    table = series.revisions(None)
    assert len(table) and all(is_full_year(p) for p in table["period"])
    assert series.label("total_trade") == "Goods trade (exports plus imports)"


def test_the_year_series_counts_and_cites_only_releases_that_print_a_year():
    series = YearSeries(ta.load_release("2024"))
    assert [r.id for r in series.year_releases] == [
        "2018",
        "2019",
        "2020",
        "2021",
        "2022",
        "2023-10-13-bri-index",
        "2023",
        "2024",
    ]
    # the definitions still follow every release: Belt and Road's partner set starts at 2023-08
    assert len(series.releases_so_far) == 28
    assert set(series.years_of("bri_trade", every_definition=True)["definition"]) == {
        "partners-2023",
        "partners-2024",
    }
