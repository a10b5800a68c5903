"""Every check, on the 2024 release and on copies broken so that the check must fail."""

import pytest
from conftest import set_cell

import tradeanalysis as ta


def status(table, starts):
    rows = table[table.index.str.startswith(starts)]
    assert len(rows) == 1, f"expected one check starting {starts!r}"
    return rows.iloc[0]["status"]


@pytest.fixture(scope="module")
def checks_2024(release):
    """The checks of the real 2024 release, worked out once for the tests that only read them."""
    return ta.checks(release)


def test_no_check_fails_for_2024(checks_2024):
    table = checks_2024
    assert set(table["status"]) <= {"pass", "consistent", "unverifiable"}
    assert (table["status"] == "pass").sum() >= 15


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        ("exports plus imports equal the total", "pass"),
        ("implied previous year: exports plus imports", "pass"),
        ("every share is below 100%", "pass"),
        ("dec_trade fits within total_trade", "pass"),
        ("claim december_over_4", "pass"),  # with the 2024-11 release's January-November
        ("claim bri_over_half", "pass"),
        ("claim bri_first_time", "consistent"),
        ("claim shenzhen_faster", "pass"),
        ("claim shenzhen_over_4", "pass"),
        ("claim shenzhen_first_over_4", "consistent"),
        ("claim total_record", "consistent"),
        ("claim q4_record", "consistent"),
        ("claim december_imports_high", "unverifiable"),
        ("claim asean_fifth_year", "consistent"),
        ("claim northeast_record", "unverifiable"),
    ],
)
def test_2024_check(checks_2024, check, expected):
    assert status(checks_2024, check) == expected


def test_the_bri_share_is_over_half_but_was_under_half_a_year_before(release):
    from tradeanalysis.analysis.derive import amount, prior_amount

    now = amount(release, "bri_trade") / amount(release, "total_trade") * 100
    before = prior_amount(release, "bri_trade") / prior_amount(release, "total_trade") * 100
    assert now.low > 50 and before.high < 50


def test_unverifiable_claims_say_why(checks_2024):
    table = checks_2024
    for detail in table[table["status"] == "unverifiable"]["detail"]:
        assert len(detail) > 20


@pytest.mark.parametrize(
    ("fid", "column", "value", "check"),
    [
        ("exports", "value", "26.45", "exports plus imports equal the total"),
        ("total_trade", "yoy_pct", "1", "implied previous year: exports plus imports"),
        ("q4_trade", "value", "50", "q4_trade fits within total_trade"),
        ("bri_trade", "value", "20.07", "claim bri_over_half"),
        ("bri_trade", "yoy_pct", "1", "claim bri_first_time"),
        ("shenzhen_trade_jan_nov", "yoy_pct", "3", "claim shenzhen_faster"),
    ],
)
def test_check_fails_when_the_figures_contradict_it(release_copy, fid, column, value, check):
    set_cell(release_copy / "figures.csv", fid, column, value)
    assert status(ta.checks(ta.load_release(release_copy)), check) == "fail"


@pytest.mark.parametrize(
    ("before", "status", "words"),
    [
        ("39.50", "pass", "total_trade minus trade_jan_nov leaves [4.3400, 4.3600]"),
        ("40.00", "fail", "total_trade minus trade_jan_nov leaves [3.8400, 3.8600]"),
        ("39.8", "unverifiable", "[3.9950, 4.1050]"),
    ],
)
def test_december_over_4_is_decided_from_the_year_minus_the_months_before(
    release_copy, before, status, words
):
    # the release alone holds no January-November total; with one, December is the year minus it
    path = release_copy / "figures.csv"
    row = "trade_jan_nov,headline,Goods trade January to November,2024-01/2024-11,China,"
    path.write_text(path.read_text() + row + f"{before},CNY trillion,exact,,,,\n")
    table = ta.checks(ta.load_release(release_copy))
    found = table.loc[table.index.str.startswith("claim december_over_4")].iloc[0]
    assert found["status"] == status and words in found["detail"], found["detail"]


def test_shenzhen_bound_is_unverifiable_when_the_months_fall_short(release_copy):
    set_cell(release_copy / "figures.csv", "shenzhen_trade_jan_nov", "value", "3.9")
    assert (
        status(ta.checks(ta.load_release(release_copy)), "claim shenzhen_over_4") == "unverifiable"
    )


def test_a_share_that_implies_over_100_percent_a_year_before_fails(release_copy):
    # 99.5% of exports, growing 1% while exports grew 7.1%: a year earlier it was over 100%.
    set_cell(release_copy / "figures.csv", "me_exports", "share_pct", "99.5")
    set_cell(release_copy / "figures.csv", "me_exports", "yoy_pct", "1")
    assert status(ta.checks(ta.load_release(release_copy)), "every share is below") == "fail"


def test_missing_figures_make_checks_unverifiable(release_copy):
    lines = (release_copy / "figures.csv").read_text().splitlines()
    kept = [x for x in lines if not x.startswith(("imports,", "exports,", "me_exports,"))]
    (release_copy / "figures.csv").write_text("\n".join(kept) + "\n")
    claims = (release_copy / "claims.csv").read_text().splitlines()
    (release_copy / "claims.csv").write_text("\n".join(c for c in claims if ",imports," not in c))
    table = ta.checks(ta.load_release(release_copy))
    assert status(table, "exports plus imports equal the total") == "unverifiable"
    assert "exports" in table.iloc[0]["detail"]
