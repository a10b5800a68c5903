"""One home for money: every amount a dollar run shows is customs' dollar figure, a yuan figure
converted exactly once at the run's rate, or derived from figures of one origin; previous years are
never converted."""

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeanalysis as ta
from tradeanalysis.analysis.derive import has_amount
from tradeanalysis.analysis.money import CONVERTED, DERIVED, PRINTED, Money
from tradeanalysis.data.units import unit_scale
from tradeanalysis.narrative.story import Story
from tradeanalysis.narrative.words import MARK

# Releases that print customs' own dollar figures (ids ending _usd).
WITH_DOLLARS = [
    r.id
    for r in (ta.load_release(p) for p in ta.release_dirs())
    if r.figures.index.str.endswith("_usd").any()
]
RATES = st.floats(min_value=0.5, max_value=50, allow_nan=False, allow_infinity=False)
NUMBER = re.compile(r"([\d,]+(?:\.\d+)?) (trillion|billion) US dollars")


def amounts(money: Money):
    """(what, Amount) for every amount a run can show of its release."""
    release = money.release
    for fid in release.figures.index:
        if has_amount(release, fid):
            yield f"amount of {fid}", money.amount(fid)
            if not math.isnan(release.figure(fid)["yoy_pct"]):
                yield f"previous year of {fid}", money.prior(fid)
    for prior in (False, True):
        try:
            balance = money.balance(prior)
        except KeyError:  # a flow (or its growth rate) the release does not print: no balance
            continue
        yield f"balance (prior={prior})", balance


def test_some_releases_print_dollar_figures():
    assert "2023" in WITH_DOLLARS


@pytest.mark.parametrize("release_id", WITH_DOLLARS)
@given(rate=RATES)
def test_every_dollar_amount_is_printed_converted_once_or_derived_from_one_origin(release_id, rate):
    release = ta.load_release(release_id)
    money, own = Money(release, "USD", rate), Money(release)
    for what, found in amounts(money):
        basis_currencies = {own.own(f).currency for f in found.basis if release.has(f)}
        if found.origin == CONVERTED:
            assert found.currency == "USD" and found.rate == rate, what
            assert basis_currencies == {"CNY"}, f"{what}: only yuan figures are converted"
            yuan = own.balance() if what.startswith("balance") else own.own(found.basis[0])
            assert found.interval.low * rate == pytest.approx(yuan.interval.low), what
        else:
            assert found.rate is None, what
            assert basis_currencies == {found.currency}, f"{what}: one origin"
        if what.startswith(("previous year", "balance (prior=True)")):
            assert found.origin != CONVERTED, f"{what}: a previous year is never converted"


@pytest.mark.parametrize("release_id", WITH_DOLLARS)
@settings(max_examples=20)  # each example loads and words a whole release
@given(rate=RATES)
def test_every_dollar_amount_in_words_is_a_printed_or_once_converted_number(release_id, rate):
    story = Story.from_parameters(release_id, currency="USD", cny_per_usd=rate)
    release = story.release
    for fid in release.figures.index:
        if not story.has_amount(fid) or fid.endswith("_usd"):
            continue
        text = story.words.amount_text(fid)
        found = story.numbers.amount(fid)
        if found.derived or "US dollars" not in text:
            continue
        shown = NUMBER.search(text)
        value = float(shown.group(1).replace(",", "")) * (
            1e-3 if shown.group(2) == "billion" else 1
        )
        source = release.figure(found.basis[0])
        printed = source["value"] * unit_scale(source["unit"])  # in trillions
        if found.origin == PRINTED:
            assert source["unit"].startswith("USD") and MARK not in text
            assert value == pytest.approx(printed), text
        else:
            assert found.origin == CONVERTED and text.endswith(MARK)
            # shown with at least three significant digits: within half a unit of the last one
            digits = len(shown.group(1).split(".")[1]) if "." in shown.group(1) else 0
            scale = 1e-3 if shown.group(2) == "billion" else 1
            step = 10**-digits * scale * (1 + 1e-9)
            if text.startswith("more than"):  # rounded down, so "more than" stays true
                assert 0 <= printed / rate - value <= step, text
            else:
                assert abs(value - printed / rate) <= step / 2, text


def test_the_2023_dollar_balance_comes_from_customs_dollar_figures():
    # 3.38 - 2.56 trillion dollars, each printed to 10 billion: 810 to 830 billion, never / 7.05
    money = Money(ta.load_release("2023"), "USD", 7.05)
    balance = money.balance()
    assert balance.origin == DERIVED and balance.basis == ("exports_usd", "imports_usd")
    assert (balance.interval.low, balance.interval.high) == pytest.approx((0.81, 0.83))


def test_a_previous_year_in_a_dollar_run_without_dollar_growth_stays_in_yuan():
    money = Money(ta.load_release("2024"), "USD", 7.12)
    assert money.prior("total_trade").currency == "CNY"
    assert money.balance(prior=True).currency == "CNY"
    assert money.balance().origin == CONVERTED


def test_an_amount_is_never_converted_twice():
    converted = Money(ta.load_release("2024"), "USD", 7.12).amount("total_trade")
    with pytest.raises(ValueError, match="converted once already"):
        converted.converted("CNY", 7.12)


def test_a_growth_chart_draws_each_bar_at_the_rate_its_label_says_and_no_twin_twice(monkeypatch):
    story = Story.from_parameters("2023", currency="USD", cny_per_usd=7.05)
    drawn = []
    monkeypatch.setattr(story.charts, "show", lambda fig, alt, data: drawn.append(data))
    story.charts.growth_chart(story.with_growth("trade"))
    bars = {row["bar"]: (row["growth_pct"], row["measured_in"]) for row in drawn[0]}
    assert bars["Goods exports"] == (-4.6, "USD")  # customs' dollar rate, as the label says
    assert "Goods exports in US dollars" not in bars  # the twin stands in, not beside
