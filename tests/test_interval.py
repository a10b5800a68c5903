"""Rounding intervals: any true value that rounds to the printed figure lies inside."""

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeanalysis.data.interval import Interval, decimals_of, published


def test_printed_25_45_stands_for_25_445_to_25_455():
    i = published(25.45, 2)
    assert i.low == pytest.approx(25.445) and i.high == pytest.approx(25.455)


def test_five_percent_stands_for_4_5_to_5_5():
    i = published(5, 0)
    assert i.low == pytest.approx(4.5) and i.high == pytest.approx(5.5)


def test_over_four_is_a_lower_bound():
    i = published(4, 0, "lower")
    assert i.low == 4 and math.isinf(i.high)


def test_decimals_are_read_from_the_printed_text():
    assert decimals_of("25.45") == 2
    assert decimals_of("5") == 0
    assert decimals_of("7.10") == 2


@given(
    digits=st.integers(min_value=0, max_value=10**7),
    decimals=st.integers(min_value=0, max_value=4),
    offset=st.floats(min_value=-0.5, max_value=0.5),
    mode=st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN]),
)
def test_any_true_value_that_rounds_to_the_figure_is_inside(digits, decimals, offset, mode):
    printed = Decimal(digits).scaleb(-decimals)
    true = float(printed + Decimal(offset) * Decimal(10) ** -decimals)
    quantum = Decimal(1).scaleb(-decimals)
    if Decimal(true).quantize(quantum, rounding=mode) != printed:
        return  # this true value is printed otherwise
    assert true in published(float(printed), decimals)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=False)


def interval_and_point():
    return st.tuples(finite, finite, st.floats(0, 1)).map(
        lambda t: (
            Interval(min(t[0], t[1]), max(t[0], t[1])),
            min(t[0], t[1]) + t[2] * (max(t[0], t[1]) - min(t[0], t[1])),
        )
    )


@given(interval_and_point(), interval_and_point())
def test_arithmetic_contains_every_combination(a, b):
    (ia, xa), (ib, xb) = a, b
    tol = 1e-6 * (1 + abs(xa) + abs(xb)) ** 2
    for result, x in ((ia + ib, xa + xb), (ia - ib, xa - xb), (ia * ib, xa * xb)):
        assert result.low - tol <= x <= result.high + tol
    if not (ib.low <= 0 <= ib.high) and min(abs(ib.low), abs(ib.high)) > 1e-9:  # no overflow
        q = ia / ib
        assert q.low - abs(q.low) * 1e-9 - 1e-12 <= xa / xb <= q.high + abs(q.high) * 1e-9 + 1e-12


def test_division_by_an_interval_around_zero_is_refused():
    with pytest.raises(ZeroDivisionError):
        Interval(1, 2) / Interval(-1, 1)


def test_overlap():
    assert Interval(1, 2).overlaps(Interval(2, 3))
    assert not Interval(1, 2).overlaps(Interval(2.1, 3))


def test_an_interval_shows_rounded_and_converts_to_its_middle():
    value = published(25.45, 2)
    assert repr(value) == "Interval(25.445, 25.455)"
    assert float(value) == pytest.approx(25.45) and 25.45 in value
    assert (
        repr(published(4, 0, "lower")) == "Interval(4, inf)"
        and float(published(4, 0, "lower")) == 4
    )


def test_the_package_has_a_version():
    import tradeanalysis

    assert tradeanalysis.__version__ == "0.1.0"
