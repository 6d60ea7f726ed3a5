"""wlnet.core.bigint: conversions that agree with Python's own and stop when asked to."""

import sys

import pytest
from hypothesis import given, strategies as st

from wlnet.core.bigint import (decimal_text, digits_of, from_digits, power_affordable,
                               quadratic_affordable)

BIG = st.one_of(st.integers(-10**30, 10**30), st.integers(0, 60000).map(lambda e: 3 ** e + e))


@given(BIG)
def test_decimal_text_is_str(n):
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert decimal_text(n) == str(n)
    finally:
        sys.set_int_max_str_digits(old)


@given(BIG, st.sampled_from([2, 3, 7, 8, 10, 16, 36, 64, 1000]))
def test_digits_round_trip(n, base):
    digits = digits_of(n, base)
    assert all(0 <= d < base for d in digits)
    assert digits[0] != 0 or digits == [0]
    assert from_digits(digits, base) == abs(n)


def test_from_digits_takes_any_digit_values():
    assert from_digits([1, 2, 3], 10) == 123
    assert from_digits([12, -1], 10) == 119
    assert from_digits([], 10) == 0


class Stop(Exception):
    pass


def _stop_after(calls: int):
    seen = []

    def check():
        seen.append(1)
        if len(seen) >= calls:
            raise Stop
    return check


@pytest.mark.parametrize("convert", [lambda c: decimal_text(7 ** 200000, c),
                                     lambda c: digits_of(7 ** 200000, 3, c),
                                     lambda c: from_digits([9] * 200000, 10, c)])
def test_long_conversions_check_for_an_abort_between_steps(convert):
    with pytest.raises(Stop):
        convert(_stop_after(3))


def test_limits():
    assert power_affordable(10, 10**5) and not power_affordable(10, 10**7)
    assert power_affordable(2, 10**7) and power_affordable(-4, 10**7)   # shifts
    assert not power_affordable(2, 10**9)
    assert quadratic_affordable(3**(10**5), 2**(10**5), 5)
    assert not quadratic_affordable(3**(10**6), 2**(10**6))
    assert quadratic_affordable(3**(10**6), 6)
