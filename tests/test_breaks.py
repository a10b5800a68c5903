"""Changes of definition: declared in series.yml, never crossed by a growth rate, a comparison, a
claim or a line of a chart. On an invented history with two breaks, on the real series.yml, and
on random histories (a property test)."""

import tempfile
from pathlib import Path

import pytest
from conftest import TESTS_DIR, claim
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import tradeanalysis as ta
from tradeanalysis.analysis.observations import yearly
from tradeanalysis.analysis.vintages import releases_in, revisions_of
from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.data.release import FiguresError
from tradeanalysis.data.series import load_definitions
from tradeanalysis.narrative import charts

BREAKS = TESTS_DIR / "histories" / "breaks"


@pytest.fixture(scope="module")
def break_checks():
    return {r.id: ta.checks(r) for r in releases_in(BREAKS)}


# --- the invented history with two breaks ---
def test_a_record_across_a_break_with_no_value_on_the_new_definition_is_unverifiable(
    break_checks,
):
    # 9.00 on bloc-b is below 2041's 10.50 on bloc-a: compared across the break, it would fail
    row = claim(break_checks["b2042"], "bloc_record")
    assert row["status"] == "unverifiable"
    assert (
        "crosses a change of definition" in row["detail"] and "none is on bloc-b" in row["detail"]
    )


def test_a_first_time_across_a_break_compares_only_the_same_definition(break_checks):
    # 2040's 65% on set-1 would make "over 60% for the first time" fail; on set-2 only 2042 is on
    # record (implied by b2043's growth), so the claim is consistent, naming what was not compared
    row = claim(break_checks["b2043"], "partner_first_60")
    assert row["status"] == "consistent", row["detail"]
    assert "years on record 2042; missing: every year before 2042" in row["detail"]
    assert "not compared, on another definition: 2040 on set-1" in row["detail"]


def test_a_record_since_the_break_passes_on_the_new_definition_alone(break_checks):
    row = claim(break_checks["b2043"], "bloc_record_since_2042")
    assert row["status"] == "pass" and "none missing" in row["detail"]


def test_the_breaks_are_redefinitions_not_restatements():
    table = ta.revisions(folder=BREAKS).set_index(["id", "period"])
    assert table.loc[("partner_trade", "2042"), "status"] == "redefined"
    assert table.loc[("bloc_trade", "2042"), "status"] == "consistent"
    assert "restated" not in set(table["status"])


def test_history_names_each_definition_and_computes_no_growth_across_a_break():
    table = ta.history(folder=BREAKS).set_index(["release", "id"])
    assert table.loc[("b2041", "bloc_trade"), "definition"] == "bloc-a"
    assert table.loc[("b2042", "bloc_trade"), "definition"] == "bloc-b"
    assert table.loc[("b2043", "total_trade"), "definition"] == ""
    assert table.loc[("b2041", "partner_trade"), "growth_on_printed_pct"] == pytest.approx(
        (25 / 26 - 1) * 100
    )
    assert pytest.approx(table.loc[("b2043", "bloc_trade"), "growth_on_printed_pct"]) == (
        (9.5 / 9 - 1) * 100
    )
    for key in (("b2042", "bloc_trade"), ("b2043", "partner_trade")):
        assert table.loc[key, "growth_on_printed_pct"] != table.loc[key, "growth_on_printed_pct"]


def test_a_chart_line_splits_where_the_definition_changes():
    frame = yearly(releases_in(BREAKS), ["partner_trade"], every_definition=True)
    assert list(zip(frame["year"], frame["definition"], strict=True)) == [
        (2039, "set-1"),
        (2040, "set-1"),
        (2041, "set-1"),
        (2042, "set-1"),
        (2042, "set-2"),
        (2043, "set-2"),
    ]
    fig = Figure()
    ax = fig.subplots()
    series = ("Partners", *(list(frame[c]) for c in ("year", "low", "mid", "high", "definition")))
    charts.year_lines(ax, [series], ["#000000"])
    drawn = [line for line in ax.lines if line.get_marker() == "o"]
    assert [list(line.get_xdata()) for line in drawn] == [[2039, 2040, 2041, 2042], [2042, 2043]]
    assert [line.get_label() for line in drawn] == ["Partners (set-1)", "Partners (set-2)"]
    marks = [line for line in ax.lines if line.get_marker() != "o"]  # the dashed break line
    assert len(marks) == 1 and list(marks[0].get_xdata()) == [2042, 2042]


# --- the real declarations ---
def test_the_real_data_declare_three_belt_and_road_sets_and_two_eus():
    declared = load_definitions(RELEASES_DIR).by_id
    names = [d.name for fid in ("bri_route_trade", "bri_trade") for d in declared[fid]]
    assert names == ["along-route", "partners-2023", "partners-2024"]
    assert [(d.name, d.start) for d in declared["eu_trade"]] == [("eu28", "2018"), ("eu27", "2020")]


def test_the_real_eu_chart_draws_28_and_27_members_apart():
    frame = yearly(releases_in(), ["eu_trade"], every_definition=True)
    runs = charts.definition_runs(list(frame["definition"]))
    assert [name for name, _ in runs] == ["eu28", "eu27"]
    eu27 = frame[frame["definition"] == "eu27"].set_index("year")
    assert 4.25 < eu27.loc[2019, "mid"] < 4.29  # 2019 on 27 members, not the 4.86 printed for 28


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("eu_trade: {definition: x}\n", "no list of definitions"),
        ("eu_trade:\n  - definition: eu28\n    from: '2018'\n", "has no 'changed'"),
        (
            "eu_trade:\n  - definition: EU 28\n    from: '2018'\n    changed: a\n    evidence: b\n",
            "not a name",
        ),
        ("eu_trade: [\n", "is not valid YAML"),
        (
            "eu_trade:\n  - definition: eu28\n    from: '2017'\n    changed: a\n    evidence: b\n",
            "not in the folder",
        ),
    ],
)
def test_a_bad_series_file_is_one_clear_error(tmp_path, text, words):
    import shutil

    folder = tmp_path / "releases"
    for rid in ("2018", "2019"):  # two releases are enough for series.yml to be read and checked
        shutil.copytree(RELEASES_DIR / rid, folder / rid)
    (folder / "series.yml").write_text(text)
    with pytest.raises(FiguresError, match=words) as caught:
        ta.history(folder=folder)
    assert "series.yml" in str(caught.value) and "fix:" in str(caught.value)


# --- random histories: no growth rate is computed across a declared break ---
HEADER = "id,section,label,period,scope,value,unit,bound,yoy_pct,share_pct,share_of,note,source\n"
META = """id: {id}
producer: test
title: random history {year}
published: {year1}-01-15
accessed: {year1}-01-16
url: https://example.org/random/{year}
citation: test, {year}.
currency: CNY
covers:
  period: {year}
  scope: random
  sections: [partners]
"""


def write_history(folder: Path, values, growths, starts) -> None:
    """One release a year from 2050 with figure `x` (value in hundredths or None, growth in
    tenths of a percent or None), and a series.yml with a new definition from each `starts`."""
    for k, (value, growth) in enumerate(zip(values, growths, strict=True)):
        year = 2050 + k
        release = folder / f"r{year}"
        release.mkdir()
        (release / "release.yml").write_text(META.format(id=f"r{year}", year=year, year1=year + 1))
        v = "" if value is None else f"{value / 100:.2f}"
        g = "" if growth is None else f"{growth / 10:.1f}"
        unit = "" if value is None else "CNY trillion"
        row = f"x,partners,X,{year},random,{v},{unit},exact,{g},,,,\n"
        (release / "figures.csv").write_text(HEADER + row)
    entries = [(0, "d0")] + [(k, f"d{k}") for k in sorted(starts)]
    (folder / "series.yml").write_text(
        "x:\n"
        + "".join(
            f"  - definition: {name}\n    from: r{2050 + k}\n    changed: set {name}\n"
            "    evidence: invented\n"
            for k, name in entries
        )
    )


@settings(max_examples=40)
@given(data=st.data())
def test_no_growth_rate_in_history_crosses_a_declared_break(data):
    n = data.draw(st.integers(3, 6), label="years")
    growths = data.draw(st.lists(st.integers(-300, 300) | st.none(), min_size=n, max_size=n))
    values = data.draw(st.lists(st.integers(100, 9000), min_size=n, max_size=n))
    missing = data.draw(st.sets(st.integers(0, n - 1), max_size=1), label="growth-only year")
    values = [None if k in missing and growths[k] is not None else v for k, v in enumerate(values)]
    starts = data.draw(st.sets(st.integers(1, n - 1)), label="releases starting a definition")
    with tempfile.TemporaryDirectory() as tmp:
        write_history(Path(tmp), values, growths, starts)
        table = ta.history(folder=tmp).set_index("period")
        releases = releases_in(tmp)  # `ta.revisions(folder=tmp)`, sharing the observations
        revisions = revisions_of(releases)
        frame = yearly(releases, ["x"], every_definition=True)
    for k in range(1, n):
        year, before = str(2050 + k), str(2049 + k)
        same = table.loc[year, "definition"] == table.loc[before, "definition"]
        assert same == (k not in starts)
        computed = table.loc[year, "growth_on_printed_pct"]
        if not same or values[k] is None or values[k - 1] is None:
            assert computed != computed  # NaN: no growth across a break or without two values
        else:
            assert computed == pytest.approx((values[k] / values[k - 1] - 1) * 100)
    for row in revisions.itertuples():
        crossed = row.printed_definition != row.implied_definition
        assert crossed == (row.status == "redefined")
    for name, at in charts.definition_runs(list(frame["definition"])):
        assert len(set(frame["definition"].iloc[at])) == 1 and name
