"""The words and charts a notebook gets from `Story`, on the synthetic release (invented figures:
total 31.20 trillion yuan +3%, exports 17.60 +4.4%, imports 13.60 +1.3%, December 2.90 -1.2%,
mechanical and electrical exports 57.1% of exports), so a wording bug fails next to its cause."""

import pandas as pd
import pytest
from conftest import SYNTHETIC

from tradeanalysis.data.interval import Interval
from tradeanalysis.narrative.story import Story


@pytest.fixture(scope="module")
def story():
    return Story.from_parameters(str(SYNTHETIC))


@pytest.fixture(scope="module")
def billions():
    return Story.from_parameters(str(SYNTHETIC), scale="billion")


@pytest.fixture(scope="module")
def dollars():
    return Story.from_parameters(str(SYNTHETIC), currency="USD", cny_per_usd=7)


def test_a_printed_amount_keeps_its_printed_digits(story, billions, dollars):
    assert story.words.amount_text("exports") == "17.60 trillion yuan"
    assert billions.words.amount_text("exports") == "17,600 billion yuan"
    assert dollars.words.amount_text("exports") == "2.51 trillion US dollars†"


def test_the_implied_previous_year_is_said_with_its_range(story, billions):
    # 31.20 trillion, +3%: 31.195 / 1.035 to 31.205 / 1.025
    assert story.words.prior_text("total_trade") == "about 30.29 trillion yuan (30.14 to 30.44)"
    assert (
        billions.words.prior_text("total_trade") == "about 30,292 billion yuan (30,140 to 30,444)"
    )


def test_an_amount_implied_by_a_share_is_a_range(story):
    # 57.1% of 17.60 trillion: 0.5705 x 17.595 to 0.5715 x 17.605
    assert story.words.amount_text("me_exports") == "about 10.05 trillion yuan (10.04 to 10.06)"
    assert story.words.whole_text("me_exports") == "goods exports"


def test_a_range_gets_more_digits_rather_than_print_as_one_number(story):
    # the printed 8.40 stands for 8.395 to 8.405, widened by one float step each way
    assert (
        story.words.range_text(story.numbers.interval("q4_trade"))
        == "about 8.40 trillion yuan (8.39 to 8.41)"
    )
    one_more = story.words.range_text(Interval(8.4001, 8.4009))
    assert one_more == "about 8.401 trillion yuan (8.400 to 8.401)"
    two_more = story.words.range_text(Interval(8.40001, 8.40009))
    assert two_more == "about 8.4001 trillion yuan (8.4000 to 8.4001)"
    assert story.words.range_text(Interval(4, float("inf"))) == "more than 4.00 trillion yuan"


def test_growth_is_signed_and_said_as_a_verb(story):
    assert story.words.growth_text("exports") == "+4.4%"
    assert story.words.growth_text("dec_trade") == "\u22121.2%"
    assert story.words.change_text("exports") == "grew 4.4%"
    assert story.words.change_text("dec_trade") == "fell 1.2%"


def test_shares_printed_and_derived(story):
    assert story.words.share_text("me_exports") == "57.1%"
    # 17.595 / 31.205 to 17.605 / 31.195
    assert (
        story.words.percent_text(story.numbers.ratio("exports", "total_trade"))
        == "56.4% (56.39 to 56.44)"
    )
    assert story.words.percent_text(Interval(23.94, float("inf"))) == "at least 23.9%"


def test_the_balance_is_a_surplus_with_its_range(story, dollars):
    assert story.words.balance_text() == "a surplus of about 4.00 trillion yuan (3.99 to 4.01)"
    # a dollar amount under 1 trillion is said in billions unless the analyst fixed the scale
    assert dollars.words.balance_text() == (
        "a surplus of about 571 billion US dollars (570 to 573)†"
    )
    fixed = Story.from_parameters(str(SYNTHETIC), currency="USD", cny_per_usd=7, scale="trillion")
    assert fixed.words.balance_text() == (
        "a surplus of about 0.571 trillion US dollars (0.570 to 0.573)†"
    )
    assert "trillion US dollars" in dollars.words.amount_text("total_trade")  # 31.20 / 7: over 1


def test_a_sentence_and_its_chart_share_one_computed_value(story):
    assert story.numbers.ratio("exports", "total_trade") is story.numbers.ratio(
        "exports", "total_trade"
    )
    assert story.numbers.interval("total_trade", prior=True) is story.numbers.interval(
        "total_trade", prior=True
    )


def test_the_growth_only_figures_of_a_section(story):
    assert story.with_growth("trade", only=True) == ["clothing_imports"]
    assert story.with_growth("trade") == ["exports", "imports", "me_exports", "clothing_imports"]


# --- chart recipes: one call, one chart, the finding in the title --------------------------------
@pytest.fixture
def drawn(story, monkeypatch):
    """The figures the recipes show, with their text forms, instead of displaying them."""
    shown = []
    monkeypatch.setattr(story.charts, "show", lambda fig, alt, data: shown.append((fig, alt)))
    return shown


def title(fig) -> str:
    return fig.axes[0].get_title(loc="left").replace("\n", " ")


def labels(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_range_chart(story, drawn):
    story.charts.range_chart("total_trade", name="Trade")
    ((fig, alt),) = drawn
    assert title(fig) == "Trade grew 3% to 31.20 trillion yuan"
    assert "30.29 (30.14 to 30.44)" in labels(fig) and "31.20 (31.19 to 31.21)" in labels(fig)
    assert fig.axes[0].get_xlabel() == "trillion yuan; bars: range the rounding allows"
    assert "against the implied previous year" in alt


def test_share_chart_labels_match_the_sentences(story, drawn):
    story.charts.share_chart(["q4_trade", "dec_trade"], of="total_trade", reference=None)
    ((fig, _),) = drawn
    q4 = story.numbers.ratio("q4_trade", "total_trade")
    assert title(fig) == f"Goods trade in the fourth quarter came to {q4.mid:.1f}% of all trade"
    assert f"{q4.mid:.1f}%" in labels(fig)


def test_growth_chart_names_the_fastest(story, drawn):
    story.charts.growth_chart(story.with_growth("trade"))
    ((fig, alt),) = drawn
    assert title(fig) == "Mechanical and electrical exports grew 6.2%, the fastest shown"
    assert "\u22123.1%" in labels(fig) and alt.startswith("growth rates: Goods exports")


def test_prior_chart_in_billions_uses_the_sentences_precision(billions, monkeypatch):
    shown = []
    monkeypatch.setattr(billions.charts, "show", lambda fig, alt, data: shown.append(fig))
    billions.charts.prior_chart(["exports", "imports"])
    assert "17,600" in labels(shown[0]) and "16,858" in labels(shown[0])  # 17,600 / 1.044
    assert shown[0].axes[0].get_ylabel() == "billion yuan"


def test_a_chart_carries_the_numbers_it_draws_as_its_data(billions, monkeypatch):
    tables = []
    monkeypatch.setattr(
        billions.charts, "show", lambda fig, alt, data: tables.append(pd.DataFrame(data))
    )
    billions.charts.prior_chart(["exports", "imports"])
    exports = tables[0][tables[0]["bar"] == "Goods exports"].set_index("period")
    assert exports.loc["2031", "value"] == 17_600 and exports["unit"].eq("billion yuan").all()
    prior = exports.loc["previous year (implied)"]
    assert prior["low"] < prior["value"] < prior["high"]
    assert round(prior["value"]) == 16_858  # the label the chart prints


# --- two currencies: customs' own dollar figures first, conversions said as such ---
SYNTHETIC_HISTORY = SYNTHETIC.parent.parent / "histories" / "synthetic"


@pytest.mark.parametrize("rate", [7.12, 1.0])
def test_a_printed_dollar_figure_never_uses_the_runs_rate(rate):
    # y2031 prints 31.50 trillion yuan, +4%, and 4.41 trillion dollars, -2%.
    story = Story.from_parameters(
        str(SYNTHETIC_HISTORY / "y2031"), currency="USD", cny_per_usd=rate
    )
    assert story.words.amount_text("total_trade") == "4.41 trillion US dollars"
    assert (
        story.words.growth_text("total_trade") == "\u22122%"
        and story.words.change_text("total_trade") == "fell 2%"
    )
    # 4.405 / 0.985 to 4.415 / 0.975
    assert story.words.prior_text("total_trade") == "about 4.50 trillion US dollars (4.47 to 4.53)"
    # customs' own 0.51 trillion dollars, printed to 10 billion: "510 billion (500 to 520)"
    assert story.words.balance_text() == "a surplus of about 510 billion US dollars (500 to 520)"


def test_a_yuan_figure_in_a_dollar_run_is_converted_and_labelled(story):
    dollars = Story.from_parameters(str(SYNTHETIC), currency="USD", cny_per_usd=8)
    assert dollars.words.amount_text("exports") == "2.20 trillion US dollars†"
    assert dollars.words.growth_text("exports") == "+4.4% in yuan terms"
    assert dollars.words.change_text("dec_trade") == "fell 1.2% in yuan terms"
    assert dollars.words.prior_text("exports") == story.words.prior_text("exports")  # stays in yuan
    assert "yuan" in dollars.words.prior_text("exports")
    assert dollars.numbers.ratio("exports", "total_trade") == story.numbers.ratio(
        "exports", "total_trade"
    )


def test_a_dollar_run_draws_the_previous_year_only_in_the_growth_rates_currency(monkeypatch):
    shown = []
    for release in (str(SYNTHETIC), str(SYNTHETIC_HISTORY / "y2031")):
        story = Story.from_parameters(release, currency="USD", cny_per_usd=8)
        monkeypatch.setattr(story.charts, "show", lambda fig, alt, data: shown.append(fig))
        story.charts.range_chart("total_trade", name="Trade")
    yuan, dollars = shown
    assert yuan.axes[0].get_xlabel().startswith("trillion yuan") and "drawn in yuan" in title(yuan)
    assert dollars.axes[0].get_xlabel().startswith("trillion US dollars")
    assert title(dollars) == "Trade fell 2% to 4.41 trillion US dollars"


def test_a_chart_renders_the_same_bytes_on_a_rerun_with_a_png_for_untrusted_notebooks():
    # A rerun draws a fresh figure and renders it once: SVG and PNG must come out byte for byte
    # the same (nbval compares the SVG; the PNG is what an untrusted JupyterLab shows).
    from tradeanalysis.narrative.charts import render

    bundles = []
    for _ in range(2):
        story = Story.from_parameters(str(SYNTHETIC))
        story.charts.show = lambda fig, alt, data: bundles.append(render(fig, "svg"))
        story.charts.range_chart("total_trade", name="Trade")
    (first, meta), (again, _) = bundles
    assert set(first) == {"image/png", "image/svg+xml"} and first == again
    assert meta["image/png"]["width"] > 700  # a 2x PNG shown at half its pixel width


def test_a_chart_laid_out_once_has_the_png_of_a_tight_save_and_an_svg_of_the_same_box():
    # `render` lays the figure out once and saves both formats from that layout: the PNG is
    # byte for byte matplotlib's own "tight" save, the SVG is cropped to the same box (in
    # points, 72 an inch), and the figure keeps its layout engine.
    import base64
    import io
    import re

    import matplotlib

    from tradeanalysis.narrative import charts

    fig, ax = charts.new_chart()
    ax.barh(["exports", "imports"], [25.45, 18.39])
    charts.finish(fig, ax, "A title that is the finding", "Source: a test", "trillion yuan")
    engine = fig.get_layout_engine()
    data, meta = charts.render(fig, "svg")
    assert fig.get_layout_engine() is engine
    tight, unnamed = io.BytesIO(), {"Software": None}
    with matplotlib.rc_context(charts.STYLE):
        fig.savefig(tight, format="png", dpi=charts.PNG_DPI, bbox_inches="tight", metadata=unnamed)
    png = base64.b64decode(data["image/png"])
    assert png == tight.getvalue()
    width_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', data["image/svg+xml"]).group(1))
    assert width_pt == pytest.approx(2 * meta["image/png"]["width"] * 72 / charts.PNG_DPI, abs=1)


def test_a_flows_chart_mixing_dollar_printed_and_yuan_only_figures_is_drawn_in_yuan(monkeypatch):
    # y2031 prints exports in dollars (+3%) but private firms' trade only in yuan: one chart
    # cannot show both in dollars without converting a previous year at this year's rate.
    story = Story.from_parameters(str(SYNTHETIC_HISTORY / "y2031"), currency="USD", cny_per_usd=8)
    shown = []
    monkeypatch.setattr(story.charts, "show", lambda fig, alt, data: shown.append(fig))
    story.charts.prior_chart(["exports", "private_trade"])
    story.charts.prior_chart(["exports", "imports"])  # both have dollar figures: drawn in dollars
    mixed, dollars = shown
    assert mixed.axes[0].get_ylabel() == "trillion yuan" and "drawn in yuan" in title(mixed)
    assert "17.60" in labels(mixed)  # the yuan exports, not 17.60 / 8
    assert dollars.axes[0].get_ylabel() == "trillion US dollars" and "2.46" in labels(dollars)
