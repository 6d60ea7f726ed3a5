"""Big-integer work that stays within reach of Ctrl-C.

One CPython big-integer operation runs in C to its end: an abort request (Ctrl-C) is only
seen between operations.  So big-integer builtins either split their work into steps that
each take a moment, checking for an abort between them (the conversions below: divide and
conquer, each step one multiplication), or are refused up front, with General::ovfl or
General::nomem, when one operation would run for many seconds (the limits below: a second
or two on a loaded machine, measured with CPython 3.11's Karatsuba multiplication and
quadratic division and gcd).

``check`` arguments are called between steps (``Evaluator.check_abort``: it raises to
abort); None means no checks.
"""

from __future__ import annotations

import decimal

__all__ = ["POWER_BITS", "BINOMIAL_BITS", "QUADRATIC_WORK", "FROM_DIGITS_BITS",
           "power_affordable", "quadratic_affordable", "decimal_text", "from_digits",
           "digits_of"]

# b^n for a base that is not a power of two: the last squaring dominates (~1 s at 2^22 bits).
POWER_BITS = 1 << 22
# The same for a power-of-two base is a shift: bounded by memory alone (8 MB at 2^26 bits).
SHIFT_BITS = 1 << 26
# math.comb builds its result by products: slower per bit than a power.
BINOMIAL_BITS = 1 << 20
# Euclid's algorithm and long division cost bits(a) · bits(b).
QUADRATIC_WORK = (1 << 19) ** 2
# FromDigits by divide and conquer (abortable between products): the result's size.
FROM_DIGITS_BITS = 1 << 23

_LEAF_BITS = 4096
_LEAF_DIGITS = 64


def power_affordable(base: int, n: int) -> bool:
    """Whether ``base ** n`` (n >= 0) takes a moment rather than minutes."""
    size = abs(base).bit_length()
    bits = (size - 1) * n
    if abs(base) & (abs(base) - 1) == 0:         # ±2^k: the power is a shift
        return bits <= SHIFT_BITS
    return bits <= POWER_BITS


def quadratic_affordable(*values: int) -> bool:
    """Whether gcd/lcm/divmod of the two largest of ``values`` takes a moment."""
    sizes = sorted((abs(v).bit_length() for v in values), reverse=True)
    return len(sizes) < 2 or sizes[0] * sizes[1] <= QUADRATIC_WORK


def decimal_text(n: int, check=None) -> str:
    """The decimal digits of ``n`` (any size), in O(M(n) log n): the number is split in
    halves by powers of two, the halves converted and recombined as ``decimal.Decimal``
    values (libmpdec multiplies huge numbers fast).  ``str(n)`` is quadratic in CPython
    3.11 and refuses more than 4300 digits."""
    if n < 0:
        return "-" + decimal_text(-n, check)
    if n.bit_length() <= _LEAF_BITS:
        return str(n)
    ctx = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    D = decimal.Decimal
    powers: dict[int, decimal.Decimal] = {}

    def power_of_two(w: int):
        p = powers.get(w)
        if p is None:
            half = w >> 1
            p = D(1 << w) if w <= _LEAF_BITS else ctx.multiply(power_of_two(half),
                                                               power_of_two(w - half))
            powers[w] = p
        return p

    def convert(m: int, w: int):                 # m < 2^w
        if w <= _LEAF_BITS:
            return D(m)
        if check is not None:
            check()
        low_bits = w >> 1
        high = m >> low_bits
        low = m - (high << low_bits)
        return ctx.add(convert(low, low_bits),
                       ctx.multiply(convert(high, w - low_bits), power_of_two(low_bits)))

    with decimal.localcontext(ctx):
        return format(convert(n, n.bit_length()), "f")


def from_digits(digits, base: int, check=None) -> int:
    """The integer whose digits in ``base`` are ``digits`` (ints, most significant first;
    any values, as FromDigits allows), by divide and conquer."""
    powers: dict[int, int] = {}

    def power(k: int) -> int:
        p = powers.get(k)
        if p is None:
            p = powers[k] = base ** k
        return p

    def combine(a: int, b: int) -> int:
        if b - a <= _LEAF_DIGITS:
            total = 0
            for d in digits[a:b]:
                total = total * base + d
            return total
        if check is not None:
            check()
        mid = (a + b + 1) >> 1
        return combine(a, mid) * power(b - mid) + combine(mid, b)

    return combine(0, len(digits))


def digits_of(n: int, base: int, check=None) -> list[int]:
    """The digits of ``abs(n)`` in ``base``, most significant first ([0] for 0)."""
    n = abs(n)
    if base == 10:
        return [ord(c) - 48 for c in decimal_text(n, check)]
    if base & (base - 1) == 0:                     # 2^k: groups of k bits (linear time)
        k = base.bit_length() - 1
        bits = format(n, "b")
        bits = "0" * (-len(bits) % k) + bits
        return [int(bits[i:i + k], 2) for i in range(0, len(bits), k)]
    out: list[int] = []

    def split(m: int, count: int, pad: bool):
        """Append the ``count`` digits of m (m < base^count); leading zeros if ``pad``."""
        if count <= _LEAF_DIGITS:
            small = []
            while m:
                m, d = divmod(m, base)
                small.append(d)
            if pad:
                small.extend([0] * (count - len(small)))
            out.extend(reversed(small))
            return
        if check is not None:
            check()
        low_count = count >> 1
        high, low = divmod(m, base ** low_count)
        if high or pad:
            split(high, count - low_count, pad)
            split(low, low_count, True)
        else:                                     # no digits in the upper half
            split(low, low_count, False)

    count = 1
    while base ** count <= n:                       # an upper bound, doubling
        count *= 2
    split(n, count, False)
    return out or [0]
