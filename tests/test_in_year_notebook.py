"""The notebook of the year as it unfolded (03_in_year) and the headline of a year-to-date release:
the session build's runs of it (2024, a 2023 year-to-date release, 2018 with no months before it,
dollars, billions, the synthetic year of tests/histories/year), and the numbers its month chart
draws, held against the library's `in_year` frame."""

import io

import pandas as pd
import pytest
from conftest import YEAR
from test_notebooks import executed, output_text

import tradeanalysis as ta
from tradeanalysis.narrative.story import Story

NOTEBOOK = "03_in_year.ipynb"
MONTH_CHART = "months alone, printed and implied"


def chart_rows(nb, alt: str) -> pd.DataFrame:
    """The CSV a chart of the notebook stores beside its images: the numbers it draws."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if alt in data.get("text/plain", "") and "text/csv" in data:
                return pd.read_csv(io.StringIO(data["text/csv"]), keep_default_na=False)
    raise AssertionError(f"no chart {alt!r} in the notebook")


def images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


# --- without a kernel: the parts the notebook calls ---


def test_a_year_to_date_headline_reads_as_one():
    story = Story.from_parameters(str(YEAR / "2041-04"))
    assert story.headline.is_year_to_date
    assert story.headline.total_text().startswith(
        "**January–April 2041: 13.10 trillion yuan, +5.5%; April alone 3.55 trillion, +3%.**"
    )
    # a release with no month alone says so, in its period's words
    july = Story.from_parameters(str(YEAR / "2041-07")).headline.total_text()
    assert "**January–July 2041: 24.10 trillion yuan, +6%.** The release prints no figure for " in (
        july
    )


def test_the_month_chart_draws_the_revisions_the_frame_holds():
    story = Story.from_parameters(str(YEAR / "2041"))
    frame = ta.in_year("total_trade", year=2041, through="2041", folder=YEAR)
    rows = pd.DataFrame(story.month_charts.month_rows("total_trade"))
    assert list(rows["months"]) == list(frame["months"])
    revised = frame[frame["status"] == "revised"]
    assert list(rows.loc[rows["highlighted"], "months"]) == list(revised["months"]) == ["2041-04"]
    # April as printed (3.55) and as January-April less January-March implies it (3.59 to 3.61)
    april = rows[rows["highlighted"]].iloc[0]
    assert (april["month_low"], april["month_high"]) == pytest.approx((3.545, 3.555))
    assert (april["implied_low"], april["implied_high"]) == pytest.approx((3.59, 3.61))
    assert (april["gap_low"], april["gap_high"]) == pytest.approx((-65, -35))
    # a month no release gives: nothing drawn, nothing highlighted
    may = rows[rows["months"] == "2041-05"].iloc[0]
    assert may["status"] == "missing" and pd.isna(may["implied_low"]) and not may["highlighted"]


def test_a_release_with_no_year_to_date_release_before_it_has_no_months():
    story = Story.from_parameters("2018")
    assert not story.has_months()
    assert story.months.no_months_text().startswith("**No year-to-date release of 2018 in the data")


# --- the session build's runs ---


def test_the_synthetic_year_shows_its_revision_and_its_missing_month(report):
    nb = executed(report, "year", NOTEBOOK)
    text = output_text(nb)
    assert "1 cannot: April, printed as 3.55 trillion yuan by release 2041-04" in text
    assert "No release in the data gives the year to date through May." in text
    drawn = chart_rows(nb, MONTH_CHART)
    assert list(drawn.loc[drawn["highlighted"].astype(str) == "True", "months"]) == ["2041-04"]
    # the year less January-November (39.50) and January-September (31.80), as printed
    assert "about 4.10 trillion yuan (4.09 to 4.11) for December, against 4.10" in text
    assert "about 11.80 trillion yuan (11.79 to 11.81) for the fourth quarter" in text


def test_2018_says_in_one_line_it_has_no_months_and_draws_nothing(report):
    nb = executed(report, "2018", NOTEBOOK)
    assert "No year-to-date release of 2018 in the data" in output_text(nb)
    assert images(nb) == 0


def test_the_2024_month_chart_highlights_july_and_november_the_months_revised(report):
    nb = executed(report, "2024", NOTEBOOK)
    frame = ta.in_year("total_trade", year=2024, through="2024")
    drawn = chart_rows(nb, MONTH_CHART)
    assert list(drawn["months"]) == list(frame["months"])
    revised = list(frame.loc[frame["status"] == "revised", "months"])
    assert list(drawn.loc[drawn["highlighted"].astype(str) == "True", "months"]) == revised
    assert revised == ["2024-07", "2024-11"]
    # November printed as 3.75; 39.79 - 36.02 leaves 3.76 to 3.78
    november = drawn[drawn["months"] == "2024-11"].iloc[0]
    assert november["label"] == "printed 3.75\nimplied 3.76 to 3.78"
    assert (float(november["gap_low"]), float(november["gap_high"])) == pytest.approx((-35, -5))
    text = output_text(nb)
    assert "2 cannot: July, printed as 3.68 trillion yuan by release 2024-07" in text


def test_the_2024_headline_says_what_the_year_to_date_releases_add(report):
    headline = output_text(executed(report, "2024", "01_headline.ipynb"))
    assert (
        "What the year-to-date releases add: the year less January–November (release 2024-11) "
        "leaves about 4.06 trillion yuan (4.05 to 4.07) for December, against more than 4 "
        "trillion yuan printed"
    ) in headline
    assert "about 11.52 trillion yuan (11.51 to 11.53) for the fourth quarter" in headline


def tables(nb) -> str:
    return "\n".join(
        o["data"]["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    )


@pytest.mark.parametrize(("run", "unit"), [("usd", "US dollars"), ("billions", "billion yuan")])
def test_the_months_in_dollars_and_in_billions_are_never_converted(report, run, unit):
    nb = executed(report, run, NOTEBOOK)
    shown = tables(nb)
    assert unit in shown or (
        run == "usd" and "shown in yuan, as customs printed" in output_text(nb)
    )
    assert "\u2020" not in shown  # customs' own figures, never one converted at the run's rate


def test_a_2023_year_to_date_release_reads_as_one(report):
    story = Story.from_parameters("2023-06")
    headline = output_text(executed(report, "2023-06", "01_headline.ipynb"))
    assert story.headline.total_text() in headline
    assert story.headline.total_text().startswith("**January–June 2023: ")
    months = output_text(executed(report, "2023-06", NOTEBOOK))
    assert "come with the full-year release" in months
