"""Every release as one history: the tidy table, the restatements, and claims checked against the
releases before them, on the real data and on an invented history with every awkward case."""

import functools
import shutil

import pytest
from conftest import TESTS_DIR, claim, run_cli, run_main, set_cell
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeanalysis as ta
from tradeanalysis.analysis.checks import unexplained_failures
from tradeanalysis.analysis.vintages import (
    HISTORY_COLUMNS,
    REVISION_COLUMNS,
    observations,
    releases_in,
    revisions_of,
)
from tradeanalysis.data.interval import published
from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.data.period import is_full_year

SYNTHETIC_HISTORY = TESTS_DIR / "histories" / "synthetic"
YTD_2023 = [f"2023-{m:02d}" for m in range(2, 12)]
YTD_2024 = [f"2024-{m:02d}" for m in range(2, 12)]
# oldest publication first: the Belt and Road briefing came out with January-September 2023
REAL_IDS = [
    *["2018", "2019", "2020", "2021", "2022"],
    *YTD_2023[:8],
    "2023-10-13-bri-index",
    *YTD_2023[8:],
    "2023",
    *YTD_2024,
    "2024",
]


@pytest.fixture(scope="module")
def synthetic_checks():
    return {r.id: ta.checks(r) for r in releases_in(SYNTHETIC_HISTORY)}


@pytest.fixture
def history_copy(tmp_path):
    """A writable copy of the real releases, to break on purpose."""
    folder = tmp_path / "releases"
    shutil.copytree(RELEASES_DIR, folder)
    return folder


# --- the tidy history ---
def test_history_has_one_row_per_release_and_figure():
    table = ta.history()
    assert list(table.columns) == [*HISTORY_COLUMNS, "currency", "scale"]
    assert len(table) == sum(len(r.figures) for r in releases_in())
    assert not table.duplicated(["release", "id"]).any()
    assert list(dict.fromkeys(table["release"])) == REAL_IDS  # oldest publication first


def test_history_keeps_values_as_printed_with_their_rounding():
    row = ta.history("total_trade").set_index("release").loc["2018"]
    assert (row["value"], row["unit"], row["yoy_pct"]) == (30.51, "CNY trillion", 9.7)
    assert row["low"] == pytest.approx(30.505) and row["high"] == pytest.approx(30.515)
    usd = ta.history("total_trade_usd").set_index("release").loc["2022"]
    assert (usd["value"], usd["unit"]) == (6309.6, "USD billion")


def test_history_names_each_figures_page():
    table = ta.history("exports_usd").set_index("release")
    assert table.loc["2020", "source"] == "https://www3.nhk.or.jp/nhkworld/en/news/20210114_31/"
    total = ta.history("total_trade").set_index("release")
    assert total.loc["2024", "source"] == ta.load_release("2024").meta["url"]


def test_history_through_a_release_shows_only_what_was_published_by_then():
    assert set(ta.history(through="2020")["release"]) == {"2018", "2019", "2020"}
    with pytest.raises(ta.FiguresError, match="no such release"):
        ta.history(through="1999")


def test_the_two_belt_and_road_definitions_are_two_series():
    table = ta.history(["bri_trade", "bri_route_trade"])
    route = table[table["id"] == "bri_route_trade"]
    partners = table[table["id"] == "bri_trade"]
    # countries along the route up to January-July 2023; partners from January-August 2023 on
    annual = ["2018", "2019", "2020", "2021", "2022"]
    assert list(route["release"]) == [*annual, *YTD_2023[:6]]
    assert list(partners["release"]) == [
        *YTD_2023[6:8],
        "2023-10-13-bri-index",
        YTD_2023[9],
        "2023",
        *YTD_2024[:9],
        "2024",
    ]
    assert not set(ta.revisions("bri_trade")["printed_in"]) & set(route["release"])


# --- restatements ---
# Every restatement the real data show: (figure, year, printed in, implied by).
RESTATED = {
    ("exports", "2021", "2021", "2022"),
    ("exports", "2022", "2022", "2023"),
    ("exports_usd", "2022", "2022", "2023"),
    ("imports", "2019", "2019", "2020"),
    ("imports", "2020", "2020", "2021"),
    ("private_trade", "2022", "2022", "2023"),
    ("shenzhen_trade", "2022", "2022", "2023"),
    ("total_trade", "2022", "2022", "2023"),
    ("total_trade_usd", "2022", "2022", "2023"),
}


# Changes of definition (data/releases/series.yml): printed on one, implied on another.
REDEFINED = {("bri_trade", "2023", "2023", "2024"), ("eu_trade", "2019", "2019", "2020")}


def test_the_restatements_in_the_real_data():
    every = ta.revisions()
    assert list(every.columns) == [*REVISION_COLUMNS, "currency", "scale"]
    # Years here; the months and years to date inside a year are tests/test_in_year_real.py's.
    table = every[every["period"].map(is_full_year)]
    restated = table[table["status"] == "restated"]
    found = set(restated[["id", "period", "printed_in", "implied_in"]].itertuples(index=False))
    assert found == RESTATED and len(RESTATED) == 9
    redefined = table[table["status"] == "redefined"]
    found = set(redefined[["id", "period", "printed_in", "implied_in"]].itertuples(index=False))
    assert found == REDEFINED
    assert (table["status"] == "consistent").sum() == len(table) - len(RESTATED) - len(REDEFINED)


def test_2022_total_trade_was_restated_down_by_about_one_percent():
    row = ta.revisions("total_trade").set_index("period").loc["2022"]
    assert (row["printed_low"], row["printed_high"]) == pytest.approx((42.065, 42.075))
    # 2023's 41.76 trillion, +0.2%: 41.755 / 1.0025 to 41.765 / 1.0015
    assert (row["implied_low"], row["implied_high"]) == pytest.approx((41.6509, 41.7024), abs=1e-4)
    assert row["change_high"] < 0 and row["change_pct_low"] == pytest.approx(-1.008, abs=1e-3)
    assert row["change_pct_high"] == pytest.approx(-0.862, abs=1e-3)


def test_2024_implies_2023_on_its_own_larger_belt_and_road_set():
    row = ta.revisions("bri_trade").set_index("period").loc["2023"]
    # 22.07 trillion, +6.4%: about 20.74 trillion for 2023 on the 2024 set, not a restatement of
    # the 19.47 printed on the 2023 set
    assert row["status"] == "redefined"
    assert (row["printed_definition"], row["implied_definition"]) == (
        "partners-2023",
        "partners-2024",
    )
    assert row["implied_low"] == pytest.approx(22.065 / 1.0645, abs=1e-4)
    assert row["implied_high"] == pytest.approx(22.075 / 1.0635, abs=1e-4)


def test_the_eu_of_27_gives_2019_from_2020s_growth_on_2021s_value():
    row = ta.revisions("eu_trade").set_index("period").loc["2019"]
    # 2021's 5.35 trillion, +19.1%, implies 2020 (27 members); 2020's +5.3% undone on it gives
    # 2019 on 27 members, about 4.27, against the 4.86 printed for 28
    assert row["status"] == "redefined" and row["implied_in"] == "2020"
    assert (row["printed_definition"], row["implied_definition"]) == ("eu28", "eu27")
    assert 4.25 < row["implied_low"] < row["implied_high"] < 4.29


def test_history_gives_eu_2020_its_printed_growth_on_27_members():
    table = ta.history("eu_trade").set_index("release")
    assert table.loc["2020", "yoy_pct"] == 5.3 and table.loc["2020", "definition"] == "eu27"
    assert table.loc["2019", "definition"] == "eu28"
    assert table.loc["2022", "growth_on_printed_pct"] == pytest.approx((5.65 / 5.35 - 1) * 100)
    computed = table["growth_on_printed_pct"].dropna()
    assert not ((computed - -7.6).abs() < 0.5).any()
    assert table.loc[["2019", "2020", "2021"], "growth_on_printed_pct"].isna().all()


def test_the_october_2023_figure_agrees_with_what_2023_implies():
    row = ta.revisions("bri_trade").set_index("period").loc["2022"]
    assert (row["printed_in"], row["implied_in"], row["status"]) == (
        "2023-10-13-bri-index",
        "2023",
        "consistent",
    )


def test_imports_of_2022_were_not_restated_although_the_total_was():
    rows = ta.revisions(["imports", "total_trade"]).set_index(["id", "period"])
    assert rows.loc[("imports", "2022"), "status"] == "consistent"
    assert rows.loc[("total_trade", "2022"), "status"] == "restated"


def test_revisions_keep_currencies_apart():
    table = ta.revisions(["total_trade", "total_trade_usd"])
    assert set(table.loc[table["id"] == "total_trade_usd", "unit"]) == {"USD trillion"}
    assert set(table.loc[table["id"] == "total_trade", "unit"]) == {"CNY trillion"}


def test_a_synthetic_restatement_is_found_and_nothing_else():
    table = ta.revisions(folder=SYNTHETIC_HISTORY)
    restated = table[table["status"] == "restated"]
    assert list(restated[["id", "period", "implied_in"]].itertuples(index=False, name=None)) == [
        ("total_trade", "2030", "y2031")
    ]
    # 31.50 trillion, +4%: 31.495 / 1.045 to 31.505 / 1.035, against 30.00 printed
    row = restated.iloc[0]
    assert (row["implied_low"], row["implied_high"]) == pytest.approx((30.1388, 30.4396), abs=1e-4)


@functools.cache
def _real_revisions():
    releases = releases_in()
    return releases, revisions_of(releases)


@settings(max_examples=25)  # each example works out the revisions of every release again
@given(st.randoms(use_true_random=False))
def test_restatements_do_not_depend_on_the_order_releases_are_loaded(rng):
    releases, expected = _real_revisions()
    shuffled = releases[:]
    rng.shuffle(shuffled)
    assert revisions_of(shuffled).equals(expected)


@given(
    value=st.decimals(min_value="0.01", max_value="99999", places=2),
    growth=st.decimals(min_value="-99.0", max_value="500", places=1),
)
def test_undoing_growth_and_applying_it_again_keeps_the_printed_value(value, growth):
    printed = published(float(value), 2)
    rate = published(float(growth), 1)
    before = printed / (1 + rate / 100)
    again = before * (1 + rate / 100)
    assert again.low <= float(value) <= again.high
    assert again.low <= printed.low and printed.high <= again.high


# --- claims against history: the real data ---
@functools.cache
def _checks(release_id: str):
    """`ta.checks` of a real release, worked out once for the tests that only read it."""
    return ta.checks(ta.load_release(release_id))


@pytest.mark.parametrize("release_id", REAL_IDS)
def test_every_release_passes_its_own_check(release_id):
    code, stdout, _ = run_main(["check", "--release", release_id])  # as the command runs it
    assert code == 0, stdout[-2000:]
    assert unexplained_failures(_checks(release_id)).empty


def test_2018s_dollar_surplus_fails_and_the_release_says_why():
    table = _checks("2018")
    failed = table[table["status"] == "fail"]
    assert list(failed.index) == [
        "in USD: the trade surplus equals exports minus imports",
        "implied previous year: in USD: the trade surplus equals exports minus imports",
    ]
    assert all("Sputnik" in e or "carried back" in e for e in failed["explanation"])
    code, stdout, _ = run_main(["check", "--release", "2018"])  # the real command: below
    assert code == 0 and "2 fail (2 explained in release.yml)" in stdout


@pytest.mark.parametrize(
    ("release_id", "claim_id", "status", "phrases"),
    [
        # private firms passed half of trade in 2022, below it in every year on record, 2018 on
        (
            "2022",
            "private_half_first_time",
            "consistent",
            ["years on record 2018-2021", "missing: every year before 2018"],
        ),
        # the 2020 release gives no EU value, so "ASEAN became the largest" is not decided
        ("2020", "asean_largest", "unverifiable", ["2020: no value for eu_trade"]),
        (
            "2024",
            "asean_fifth_year",
            "consistent",
            [
                "2024: no value for asean_trade, eu_trade, us_trade",
                "2023: asean_trade 6.40 above eu_trade 5.52, us_trade 4.68",
                "2022: asean_trade 6.51 above eu_trade 5.66",
                "years on record 2020, 2021, 2022, 2023; missing: 2024",
            ],
        ),
        # a quarter printed only as "more than 10 trillion" cannot settle a record; every
        # quarter on record is compared
        # every quarter on record, those the year-to-date totals imply included
        (
            "2024",
            "q4_record",
            "consistent",
            ["highest 2022-Q3 11.35", "2022-Q3, 2023-Q1, 2023-Q2, 2023-Q3, 2023-Q4, 2024-Q1"],
        ),
        (
            "2024",
            "total_record",
            "consistent",
            ["years on record 2017-2023", "missing: every year before 2017", "highest 2022"],
        ),
        # Shenzhen's 2024 trade, printed as "more than 4 trillion", counts as above 4
        (
            "2024",
            "shenzhen_first_over_4",
            "consistent",
            ["more than 4.00", "at most 3.88", "every year before 2019"],
        ),
        ("2021", "usd_over_6_first_time", "consistent", ["at most 4.65", "2017-2020"]),
        # "since the initiative began": 2013 to 2022 on the partner-country set; only 2022 is
        # on record, the route set (bri_route_trade) is another figure
        (
            "2023",
            "bri_record",
            "consistent",
            [
                "2022 18.96, printed in 2023-10-13-bri-index",
                "years on record 2022; missing: 2013-2021",
            ],
        ),
        # "for the first time": 2023 on the 2024 set (implied by 2024) is the only earlier value
        # on the same definition; 2023 on the 2023 set is not compared
        (
            "2024",
            "bri_first_time",
            "consistent",
            [
                "years on record 2023; missing: every year before 2023",
                "not compared, on another definition: 2023 on partners-2023 (printed in 2023)",
            ],
        ),
        # "moved ahead of the United States": ahead in 2019, behind in 2018
        (
            "2019",
            "asean_over_us",
            "pass",
            ["2019: asean_trade 4.42 above us_trade", "behind in 2018"],
        ),
        (
            "2024",
            "december_over_4",
            "pass",
            ["total_trade of release 2024-11 (January\u2013November 2024) leaves [4.0500, 4.0700]"],
        ),
    ],
)
def test_real_claims_against_history(release_id, claim_id, status, phrases):
    row = claim(_checks(release_id), claim_id)
    assert row["status"] == status, row["detail"]
    for phrase in phrases:
        assert phrase in row["detail"]


def test_checks_use_only_releases_published_before(history_copy):
    # 2021's record claim would fail if it saw 2022's larger total; it must not look ahead.
    row = claim(ta.checks(ta.load_release(history_copy / "2021")), "total_record")
    assert row["status"] == "consistent" and "2022" not in row["detail"]


# --- claims against history: broken copies must fail ---
@pytest.mark.parametrize(
    ("edit", "checked", "claim_id", "phrase"),
    [
        # a 2024 total below 2022's is no record
        (("2024", "total_trade", "value", "41.00"), "2024", "total_record", "2022 42.06"),
        # private firms already over half in 2019: 2022 is not the first time
        (("2019", "private_trade", "share_pct", "50.5"), "2022", "private_half_first_time", "2019"),
        # a 2021 dollar total under 6 trillion did not pass 6 trillion
        (
            ("2021", "total_trade_usd", "value", "5.95"),
            "2021",
            "usd_over_6_first_time",
            "not above 6",
        ),
        # the EU above ASEAN in 2021 breaks a three-year run
        (("2021", "eu_trade", "value", "5.95"), "2022", "asean_third_year", "2021: asean_trade"),
    ],
)
def test_a_claim_contradicted_by_an_edited_history_fails(
    history_copy, edit, checked, claim_id, phrase
):
    release_id, fid, column, value = edit
    set_cell(history_copy / release_id / "figures.csv", fid, column, value)
    if column == "share_pct":  # keep the amount in line with the share, as customs would print it
        set_cell(history_copy / release_id / "figures.csv", fid, "value", "16.00")
    row = claim(ta.checks(ta.load_release(history_copy / checked)), claim_id)
    assert row["status"] == "fail" and phrase in row["detail"]


# --- the synthetic history: gap year, definition change, new section, dollars ---
def test_synthetic_history_exercises_every_outcome(synthetic_checks):
    y2031, y2033 = synthetic_checks["y2031"], synthetic_checks["y2033"]
    assert claim(y2031, "asean_largest")["status"] == "fail"  # 2030: EU 5.5 above ASEAN 5.0
    assert claim(y2033, "private_half_first_time")["status"] == "consistent"
    gap = claim(y2033, "asean_third_year")
    assert gap["status"] == "consistent" and "2032: no value for asean_trade" in gap["detail"]
    assert "missing: 2032" in gap["detail"]


def test_a_new_definition_is_never_compared_with_the_old(synthetic_checks):
    detail = claim(synthetic_checks["y2033"], "bri_record")["detail"]
    assert "years on record 2030-2032" in detail  # 2030 implied by y2031's bri_trade growth
    assert "9.00" not in detail and "bri_route" not in detail


def test_a_section_nobody_foresaw_loads_and_is_checked(synthetic_checks):
    release = ta.load_release(SYNTHETIC_HISTORY / "y2031")
    assert release.sections["services"] == "Trade in services"
    assert list(release.section("services").index) == ["services_trade"]
    assert claim(synthetic_checks["y2031"], "services_record")["status"] == "consistent"


def test_dollar_figures_are_checked_in_dollars(synthetic_checks):
    y2031 = synthetic_checks["y2031"]
    assert y2031.loc["in USD: exports plus imports equal the total", "status"] == "pass"
    assert "USD trillion" in y2031.loc["in USD: exports plus imports equal the total", "detail"]
    prior = ta.prior_year(ta.load_release(SYNTHETIC_HISTORY / "y2031"))
    # the dollar total fell 2% while the yuan total grew 4%: each undone in its own currency
    assert prior.loc["total_trade_usd", "unit"] == "USD trillion"
    assert prior.loc["total_trade_usd", "prior_value"] == pytest.approx(4.41 / 0.98)
    assert prior.loc["total_trade", "prior_value"] == pytest.approx(31.5 / 1.04)


def test_mixing_currencies_in_arithmetic_is_refused():
    release = ta.load_release(SYNTHETIC_HISTORY / "y2031")
    from tradeanalysis.analysis.derive import MixedCurrencyError, share_pct

    with pytest.raises(MixedCurrencyError, match="different currencies"):
        share_pct(release, "exports_usd", "total_trade")


# --- command line ---
def test_history_command_writes_csv_that_reads_back():
    import io

    import pandas as pd

    # the command's own code in this process (the README test runs it as a newcomer does)
    code, stdout, _ = run_main(["history", "--ids", "total_trade", "exports", "--format", "csv"])
    assert code == 0
    frame = pd.read_csv(io.StringIO(stdout), dtype={"release": str})
    assert list(frame.columns) == [*HISTORY_COLUMNS, "currency", "scale"]
    assert set(frame["id"]) == {"total_trade", "exports"}
    assert len(frame[frame["period"].astype(str).map(is_full_year)]) == 14
    assert len(frame) == len(ta.history(["total_trade", "exports"]))  # year to date too


def test_revisions_command_lists_only_restatements_when_asked():
    code, stdout, _ = run_main(["revisions", "--restated", "--format", "json"])
    assert code == 0
    import json

    rows = json.loads(stdout)
    years = {(r["id"], r["period"]) for r in rows if is_full_year(r["period"])}
    assert years == {(i, p) for i, p, _, _ in RESTATED}
    assert {r["status"] for r in rows} == {"restated"}


def test_an_unexplained_failure_exits_1(tmp_path):
    # 2018 is the first release: its check reads no other, so a folder of it alone will do
    folder = tmp_path / "releases"
    shutil.copytree(RELEASES_DIR / "2018", folder / "2018")
    shutil.copy(RELEASES_DIR / "series.yml", folder / "series.yml")
    text = (folder / "2018" / "release.yml").read_text()
    (folder / "2018" / "release.yml").write_text(text.split("discrepancies:")[0])
    result = run_cli("check", "--release", folder / "2018")
    assert result.returncode == 1 and "2 fail," in result.stdout


# --- the load cache ---
def test_an_edit_of_the_same_size_is_seen_at_once(release_copy):
    assert ta.load_release(release_copy).figure("exports")["value"] == 25.45
    set_cell(release_copy / "figures.csv", "exports", "value", "25.46")
    assert ta.load_release(release_copy).figure("exports")["value"] == 25.46


def test_changing_a_loaded_table_does_not_change_the_next_load():
    first = ta.load_release("2024")
    first.figures.loc["exports", "value"] = 0.0
    first.meta["title"] = "changed"
    again = ta.load_release("2024")
    assert again.figure("exports")["value"] == 25.45 and again.meta["title"] != "changed"


# --- tables computed once per list of releases (analysis/memo.py) ---
def _total_trade_2023(obs):
    row = obs[(obs["id"] == "total_trade") & (obs["period"] == "2023") & (obs["kind"] == "printed")]
    return float(row.iloc[0]["low"])


SERIES = """bri_trade:
  - definition: {name}
    from: "2023"
    changed: the partner set of 2023
    evidence: invented for the test
"""


@pytest.fixture
def two_years(tmp_path):
    """A writable folder of the 2023 and 2024 releases, with a series.yml naming one definition."""
    folder = tmp_path / "releases"
    for rid in ("2023", "2024"):
        shutil.copytree(RELEASES_DIR / rid, folder / rid)
    (folder / "series.yml").write_text(SERIES.format(name="partners-2023"))
    return folder


def test_a_changed_release_file_is_seen_by_the_next_observations(two_years):
    assert _total_trade_2023(observations(releases_in(two_years))) == pytest.approx(41.755)
    assert _total_trade_2023(observations(releases_in(two_years))) == pytest.approx(41.755)
    set_cell(two_years / "2023" / "figures.csv", "total_trade", "value", "41.86")
    assert _total_trade_2023(observations(releases_in(two_years))) == pytest.approx(41.855)
    restated = ta.revisions("total_trade", folder=two_years).set_index("period").loc["2023"]
    assert restated["printed_low"] == pytest.approx(41.855)


def test_a_changed_series_file_is_seen_with_the_same_releases(two_years):
    releases = releases_in(two_years)
    obs = observations(releases)
    assert set(obs.loc[obs["id"] == "bri_trade", "definition"]) == {"partners-2023"}
    (two_years / "series.yml").write_text(SERIES.format(name="p23"))
    obs = observations(releases)
    assert set(obs.loc[obs["id"] == "bri_trade", "definition"]) == {"p23"}


def test_changing_a_returned_table_does_not_change_the_next_answer():
    releases = releases_in()
    first = observations(releases)
    first["low"] = 0.0
    table = revisions_of(releases)
    table["status"] = "changed"
    assert observations(releases)["low"].max() > 0
    assert "changed" not in set(revisions_of(releases)["status"])
