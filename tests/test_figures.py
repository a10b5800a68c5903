"""The transcribed 2024 figures, against numbers typed from the source article."""

import math

import pandas as pd
import pytest

EXPECTED = [
    # id, value, unit, bound, yoy_pct, share_pct, share_of
    ("total_trade", 43.85, "CNY trillion", "exact", 5, None, None),
    ("q4_trade", 11.51, "CNY trillion", "exact", None, None, None),
    ("dec_trade", 4, "CNY trillion", "lower", 6.8, None, None),
    ("exports", 25.45, "CNY trillion", "exact", 7.1, None, None),
    ("imports", 18.39, "CNY trillion", "exact", 2.3, None, None),
    ("me_exports", None, None, "exact", 8.7, 59.4, "exports"),
    ("clothing_imports", None, None, "exact", 5.6, None, None),
    ("fruit_imports", None, None, "exact", 8.6, None, None),
    ("wine_imports", None, None, "exact", 38.8, None, None),
    ("bri_trade", 22.07, "CNY trillion", "exact", 6.4, None, None),
    ("bri_share", None, None, "lower", None, 50, "total_trade"),
    ("asean_trade", None, None, "exact", 9, None, None),
    ("eastern_trade", None, None, "exact", None, 79.7, "total_trade"),
    ("northeast_trade", 1.25, "CNY trillion", "exact", None, None, None),
    ("shenzhen_trade_jan_nov", 4.11, "CNY trillion", "exact", 17.4, None, None),
    ("shenzhen_trade", 4, "CNY trillion", "lower", None, None, None),
]


def same(a, b):
    return (b is None and pd.isna(a)) or (b is not None and math.isclose(a, b))


def text_same(a, b):
    """Missing text is NaN in the frame, never ""."""
    return pd.isna(a) if b is None else a == b


@pytest.mark.parametrize(("fid", "value", "unit", "bound", "yoy", "share", "share_of"), EXPECTED)
def test_figure_is_transcribed_as_printed(release, fid, value, unit, bound, yoy, share, share_of):
    row = release.figure(fid)
    assert same(row["value"], value)
    assert text_same(row["unit"], unit)
    assert row["bound"] == bound
    assert same(row["yoy_pct"], yoy)
    assert same(row["share_pct"], share)
    assert text_same(row["share_of"], share_of)


def test_every_figure_of_the_release_is_there_and_no_other(release):
    assert sorted(release.figures.index) == sorted(e[0] for e in EXPECTED)


def test_periods_are_the_ones_printed(release):
    assert release.figure("q4_trade")["period_label"] == "Q4 2024"
    assert release.figure("dec_trade")["period_label"] == "December 2024"
    assert release.figure("shenzhen_trade_jan_nov")["period_label"] == "January\u2013November 2024"
    assert release.figure("total_trade")["period_label"] == "2024"


def test_figures_have_proper_dtypes(release):
    dtypes = release.figures.dtypes
    for column in ("value", "yoy_pct", "share_pct"):
        assert dtypes[column] == "float64"
    assert str(dtypes["value_decimals"]) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(dtypes["period_start"])


def test_exports_are_25_45_trillion_yuan_to_two_decimals(release):
    interval = release.value("exports")
    assert interval.low < 25.445 + 1e-9 and interval.high > 25.455 - 1e-9
    assert interval.high - interval.low == pytest.approx(0.01)


def test_qualitative_claims_are_recorded(release):
    claims = set(release.claims["id"])
    assert {
        "total_record",
        "q4_record",
        "december_imports_high",
        "bri_first_time",
        "asean_fifth_year",
        "northeast_record",
        "shenzhen_over_4",
    } <= claims


def test_every_release_has_its_provenance():
    import tradeanalysis as ta

    for folder in ta.release_dirs():
        meta = ta.load_release(folder).meta
        for key in ("producer", "title", "published", "accessed", "url", "citation", "currency"):
            assert meta[key], f"{folder.name}: release.yml lacks {key}"


def test_release_displays_as_table_with_citation(release):
    shown = release._repr_html_()
    assert "<table" in shown and "43.85" in shown and "china.org.cn" in shown
