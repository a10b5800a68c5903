"""`tradeanalysis new-release`: the next release's folder drafted from an earlier one, every
number a placeholder that `check` refuses until it is typed; and a year-to-date release checked
like any other."""

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import YEAR_TO_DATE, run_cli, run_main, set_cell, year_to_date_release

from tradeanalysis.data.new_release import moved_period
from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.data.placeholders import PLACEHOLDER

WHERE = re.compile(
    r"^tradeanalysis: \S+/(release\.yml|figures\.csv|claims\.csv), line \d+, column '"
)


def rows(path: Path) -> dict[str, dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def own_data(tmp_path):
    """A TRADEANALYSIS_DATA folder holding the 2024 release, as an analyst's would."""
    releases = tmp_path / "data" / "releases"
    releases.mkdir(parents=True)
    shutil.copytree(RELEASES_DIR / "2024", releases / "2024")
    shutil.copy(RELEASES_DIR / "series.yml", releases / "series.yml")
    return tmp_path / "data"


def fill_in(folder: Path, like: Path) -> None:
    """Type a draft's placeholders as an analyst would: each number as the earlier release
    printed it (a test stand-in for the new release's), each claim's words, the dates and page."""
    earlier = rows(like / "figures.csv")
    for name in ("figures.csv", "claims.csv"):
        with (folder / name).open(newline="", encoding="utf-8") as handle:
            table = list(csv.DictReader(handle))
        for row in table:
            source = next((r for r in earlier.values() if r["label"] == row.get("label")), {})
            for column, value in row.items():
                if value == PLACEHOLDER:
                    row[column] = source.get(column) or "The release says so again"
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(table[0]))
            writer.writeheader()
            writer.writerows(table)
    meta = (folder / "release.yml").read_text()
    for key, value in {
        "published": "2026-01-14",
        "accessed": "2026-01-15",
        "url": "https://example.org/2025",
        "citation": "Customs, full-year 2025 figures, https://example.org/2025",
        "publisher": "Example",
    }.items():
        meta = re.sub(rf"(?m)^{key}: FILL.*$", f"{key}: {value}", meta)
    (folder / "release.yml").write_text(meta)


def test_next_annual_release_is_drafted_and_check_lists_every_placeholder(own_data):
    env = {"TRADEANALYSIS_DATA": str(own_data)}
    result = run_cli("new-release", "2025", "--like", "2024", env=env)
    assert result.returncode == 0, result.stderr
    draft = own_data / "releases" / "2025"
    assert f"wrote {draft}: 42 fields to fill" in result.stdout
    assert "tradeanalysis check --release 2025" in result.stdout
    figures = rows(draft / "figures.csv")
    assert list(figures) == list(rows(RELEASES_DIR / "2024" / "figures.csv"))  # same ids
    assert figures["total_trade"]["period"] == "2025"
    assert (
        figures["q4_trade"]["period"] == "2025-Q4" and figures["dec_trade"]["period"] == "2025-12"
    )
    assert figures["shenzhen_trade_jan_nov"]["period"] == "2025-01/2025-11"
    assert (figures["dec_trade"]["value"], figures["dec_trade"]["bound"]) == ("FILL", "FILL")
    assert figures["exports"]["bound"] == "exact" and figures["exports"]["note"] == ""
    assert figures["clothing_imports"]["value"] == ""  # growth only, as before
    claims = rows(draft / "claims.csv")
    assert {c["claim"] for c in claims.values()} == {"FILL"}
    assert claims["asean_fifth_year"]["check"] == "years_running_largest 5"
    meta = (draft / "release.yml").read_text()
    assert (
        'id: "2025"' in meta and 'period: "2025"' in meta and "2024" not in meta.split("\n", 2)[2]
    )

    # `check` on the draft, in this process by its folder (the command itself runs for real in
    # tests/test_readme.py; the data folder from the environment in tests/test_package.py)
    code, out, err = run_main(["check", "--release", draft])
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 42 and all(WHERE.match(line) for line in lines), lines[:3]
    assert (
        "release.yml, line 6, column 'published': 'published' is still the placeholder" in lines[0]
    )
    assert any("figures.csv, line 4, column 'bound'" in line for line in lines)
    assert "Traceback" not in err

    # a draft blocks no other release
    code, _, err = run_main(["check", "--release", own_data / "releases" / "2024"])
    assert code == 0, err
    fill_in(draft, RELEASES_DIR / "2024")
    code, out, err = run_main(["check", "--release", draft])
    assert code in (0, 1), err  # loads; its checks decide the rest
    assert "FILL" not in out + err


def test_a_year_to_date_release_moves_on_a_month(tmp_path):
    releases = tmp_path / "releases"
    like = year_to_date_release(releases / "2024-10", month=10)
    code, out, err = run_main(["new-release", "2024-11", "--like", like, "--folder", releases])
    assert code == 0, err
    figures = rows(releases / "2024-11" / "figures.csv")
    assert "oct_trade" not in figures
    assert figures["nov_trade"]["period"] == "2024-11"
    assert figures["total_trade"]["period"] == "2024-01/2024-11"
    meta = (releases / "2024-11" / "release.yml").read_text()
    assert 'period: "2024-01/2024-11"' in meta and "title: FILL" in meta
    assert f"run `tradeanalysis check --release {releases / '2024-11'}`" in out


def test_a_dated_release_keeps_its_date_and_leaves_its_periods_to_fill(tmp_path):
    like = RELEASES_DIR / "2023-10-13-bri-index"
    new = "2024-05-20-bri-index"
    code, out, err = run_main(["new-release", new, "--like", like, "--folder", tmp_path])
    assert code == 0, err
    assert "published: 2024-05-20" in (tmp_path / new / "release.yml").read_text()
    assert "  period: FILL" in (tmp_path / new / "release.yml").read_text()
    assert {r["period"] for r in rows(tmp_path / new / "figures.csv").values()} == {"FILL"}
    code, _, err = run_main(["check", "--release", tmp_path / new])
    assert code == 2 and "column 'covers.period'" in err and "column 'period'" in err


@pytest.mark.parametrize(
    ("fid", "period", "months", "moved"),
    [
        ("oct_trade", "2024-10", 1, "2024-11"),
        ("q3_trade", "2024-Q3", 1, None),  # a November release prints no third quarter
        ("q2_trade", "2024-Q2", 3, "2024-Q3"),
        ("q4_trade", "2024-Q4", 12, "2025-Q4"),
        ("shenzhen_jan_oct", "2024-01/2024-10", 1, "2024-01/2024-11"),
        ("x", "2023", 1, None),
        ("x", "2023", 12, "2024"),
    ],
)
def test_periods_move_on_by_the_months_between_releases(fid, period, months, moved):
    assert moved_period(fid, period, months, ("2024-01/2024-10", "2024-01/2024-11")) == moved


@pytest.mark.parametrize(
    ("new", "like", "words"),
    [
        ("2025-13", "2024", "does not follow the scheme"),
        ("next", "2024", "does not follow the scheme"),
        ("2023", "2024", "does not come after 2024"),
        ("2025-02", "2024", "is year-to-date but --like 2024 is annual"),
        ("2024-12", "2024", "January to December is the annual release: name it 2024"),
        ("2024", "2024", "already exists"),
    ],
)
def test_a_bad_id_or_an_existing_folder_exits_2_and_writes_nothing(tmp_path, new, like, words):
    releases = tmp_path / "releases"
    shutil.copytree(RELEASES_DIR / "2024", releases / "2024")
    before = snapshot(tmp_path)
    code, out, err = run_main(["new-release", new, "--like", releases / like, "--folder", releases])
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert snapshot(tmp_path) == before


def test_the_checked_in_year_to_date_release_is_what_the_helper_writes(tmp_path):
    written = year_to_date_release(tmp_path / "2024-11")
    assert snapshot(written) == snapshot(YEAR_TO_DATE)


def test_check_works_for_a_year_to_date_release():
    code, out, err = run_main(["check", "--release", YEAR_TO_DATE])
    assert code == 0, err
    assert "nov_trade fits within total_trade" in out and "0 fail" in out


def test_a_year_to_date_release_names_the_months_it_cannot_have_yet():
    from tradeanalysis.data.load import load_release
    from tradeanalysis.narrative.not_yet import not_yet_text

    ids = ["q4_trade", "dec_trade", "oct_trade", "q3_trade", "dec_exports_usd", "exports"]
    assert not_yet_text(load_release(YEAR_TO_DATE), ids) == (
        "A year-to-date release of January\u2013November 2024 has no fourth quarter or December "
        "yet."
    )
    assert not_yet_text(load_release("2024"), ids) == ""  # a year has every month


def test_a_flow_printed_as_a_growth_rate_alone_is_said_and_left_out(monkeypatch, tmp_path):
    from tradeanalysis.narrative.story import Story

    folder = year_to_date_release(tmp_path / "2024-11")
    set_cell(folder / "figures.csv", "exports", "value", "")
    set_cell(folder / "figures.csv", "exports", "unit", "")
    story = Story.from_parameters(str(folder))
    said = []
    monkeypatch.setattr(story, "say", said.append)
    assert story.missing("trade", ["exports", "imports"], amounts=True)
    assert not story.missing("trade", ["exports", "imports"])  # present, growth rate and all
    (line,) = said
    assert line.startswith(
        "**No amount in this release:** `exports` (a growth rate or share only)."
    )
