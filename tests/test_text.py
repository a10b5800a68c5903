"""House-style formatting: amounts with unit and scale, signed growth, shares, dollars at a rate."""

import pytest

from tradeanalysis.narrative.params import ParameterError, ReleaseLoadError, check_parameters
from tradeanalysis.narrative.text import Presentation, escape_markdown, format_growth, format_share

CNY_T, CNY_B = Presentation(), Presentation(scale="billion")
USD_T = Presentation(currency="USD", cny_per_usd=7.12)


def test_amounts_in_yuan():
    assert CNY_T.amount(43.85, "CNY trillion") == "43.85 trillion yuan"
    assert CNY_B.amount(43.85, "CNY trillion") == "43,850 billion yuan"
    assert CNY_B.amount(4.385, "CNY trillion", decimals=3) == "4,385 billion yuan"
    assert CNY_T.amount(4, "CNY trillion", 0, "lower") == "more than 4 trillion yuan"


def test_amounts_in_dollars_at_the_given_rate():
    assert USD_T.amount(43.85, "CNY trillion") == "6.16 trillion US dollars"


def test_converted_lower_bounds_stay_true():
    # 4 trillion yuan at 7.12 is 0.5618 trillion dollars: rounded down, never "more than 1".
    assert USD_T.amount(4, "CNY trillion", 0, "lower") == "more than 0.561 trillion US dollars"
    assert (
        Presentation(currency="USD", scale="billion", cny_per_usd=7.12).amount(
            4, "CNY trillion", 0, "lower"
        )
        == "more than 561 billion US dollars"
    )


def test_no_rate_is_invented():
    with pytest.raises(ValueError, match="cny_per_usd"):
        Presentation(currency="USD").amount(1, "CNY trillion")


def test_growth_is_signed_and_shares_are_percent():
    assert format_growth(7.1) == "+7.1%"
    assert format_growth(-2.3) == "\u22122.3%"
    assert format_growth(0) == "0.0%"
    assert format_share(59.4) == "59.4%"


def test_markdown_from_release_files_is_inert():
    text = escape_markdown("<script>alert(1)</script> [x](javascript:y) *b*")
    assert "<" not in text and "](" not in text and "\\*b\\*" in text


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"currency": "USD"}, "needs an exchange rate"),
        ({"currency": "USD", "cny_per_usd": 0}, "greater than zero"),
        ({"currency": "USD", "cny_per_usd": -7.1}, "greater than zero"),
        ({"currency": "EUR"}, "currency must be one of"),
        ({"scale": "million"}, "scale must be one of"),
        ({"cny_per_usd": "7.1"}, "must be a number"),
        ({"figure_format": "gif"}, "figure_format"),
        ({"cny_per_usd": 7.12}, "used only when currency differs from the release's \\(CNY\\)"),
    ],
)
def test_bad_parameters_give_one_clear_message(kwargs, words):
    with pytest.raises(ParameterError, match=words) as info:
        check_parameters(**kwargs)
    assert info.value._render_traceback_() == [f"ParameterError: {info.value}"]


def test_currency_scale_and_format_are_taken_in_any_case():
    _, view = check_parameters(
        currency="usd", cny_per_usd=7.12, scale="Billion", figure_format="PNG"
    )
    assert (view.currency, view.scale) == ("USD", "billion")


def test_unknown_palette_is_a_parameter_error():
    from tradeanalysis.narrative.story import Story

    with pytest.raises(ParameterError, match="palette 'rainbowz'"):
        Story.from_parameters(palette="rainbowz")


def test_unknown_release_parameter():
    with pytest.raises(ReleaseLoadError, match="no such release"):
        check_parameters(release="1999")


def test_an_apostrophe_stays_an_apostrophe():
    # Markdown renderers escape "&" again, so an escaped quote would show as "&#x27;".
    assert escape_markdown("China's trade") == "China's trade"
    assert "&lt;b&gt;" in escape_markdown("<b>")
