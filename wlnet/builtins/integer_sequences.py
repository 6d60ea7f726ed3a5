"""Integer sequences and counts of combinatorics, exactly: Factorial2 (n!!), Subfactorial,
CatalanNumber, StirlingS1, StirlingS2, BellB, PartitionsP, LucasL; and the digit functions
IntegerReverse and PalindromeQ.  Each takes integers (a symbolic or non-integer argument
leaves it as it is), and is Listable as in WL."""

from __future__ import annotations

from math import comb, factorial

from wlnet.builtins.special_functions import lucas_like
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String
from wlnet.core.registry import builtin

_LISTABLE = ("Listable", "NumericFunction", "Protected")
_LARGEST = 10 ** 5            # beyond this an argument stays as it is (its value is huge)


def _count(n) -> int | None:
    """A non-negative machine-sized integer argument's value, else None."""
    return n.value if type(n) is Integer and 0 <= n.value <= _LARGEST else None


@builtin("Factorial2", argc=1, attributes=_LISTABLE,
         usage="Factorial2[n] or n!! is the double factorial n (n - 2) (n - 4) …, down to 1 "
               "or 2 (0!! = (-1)!! = 1).",
         examples=(("7!!", "105"), ("Factorial2[8]", "384"), ("Factorial2[-1]", "1")))
def factorial2(ev, n):
    if type(n) is not Integer or not -1 <= n.value <= _LARGEST:
        return None
    product = 1
    for k in range(n.value, 1, -2):
        product *= k
    return Integer(product)


@builtin("Subfactorial", argc=1, attributes=_LISTABLE,
         usage="Subfactorial[n] is the number of permutations of n objects that leave none "
               "in place (derangements).",
         examples=(("Subfactorial[4]", "9"), ("Subfactorial /@ Range[0, 5]",
                                               "{1, 0, 1, 2, 9, 44}")))
def subfactorial(ev, n):
    k = _count(n)
    if k is None:
        return None
    d = 1                                  # !n = n !(n - 1) + (-1)^n
    for i in range(1, k + 1):
        d = i * d + (-1) ** i
    return Integer(d)


@builtin("CatalanNumber", argc=1, attributes=_LISTABLE,
         usage="CatalanNumber[n] is the n-th Catalan number Binomial[2 n, n]/(n + 1).",
         examples=(("CatalanNumber /@ Range[0, 6]", "{1, 1, 2, 5, 14, 42, 132}"),))
def catalan_number(ev, n):
    k = _count(n)
    return None if k is None else Integer(comb(2 * k, k) // (k + 1))


def _stirling_rows(n: int, first_kind: bool) -> list:
    """Row n of the Stirling numbers (signed first kind, or second kind), by recurrence."""
    row = [1]
    for i in range(n):
        nxt = [0] * (len(row) + 1)
        for m, value in enumerate(row):
            nxt[m + 1] += value
            nxt[m] += (-i * value) if first_kind else (m * value)
        row = nxt
    return row


def _stirling(first_kind: bool):
    def stirling(ev, n, m):
        nv, mv = _count(n), _count(m)
        if nv is None or mv is None or nv > 2000:
            return None
        row = _stirling_rows(nv, first_kind)
        return Integer(row[mv] if mv < len(row) else 0)
    return stirling


builtin("StirlingS1", argc=2, attributes=_LISTABLE,
        usage="StirlingS1[n, m] is the Stirling number of the first kind (signed): the "
              "coefficient of x^m in x (x - 1) … (x - n + 1).",
        examples=(("StirlingS1[5, 2]", "-50"), ("StirlingS1[4, 4]", "1")))(_stirling(True))
builtin("StirlingS2", argc=2, attributes=_LISTABLE,
        usage="StirlingS2[n, m] is the Stirling number of the second kind: the ways to split "
              "n objects into m non-empty subsets.",
        examples=(("StirlingS2[5, 2]", "15"), ("StirlingS2[4, 0]", "0")))(_stirling(False))


@builtin("BellB", argc=1, attributes=_LISTABLE,
         usage="BellB[n] is the n-th Bell number: the ways to split n objects into non-empty "
               "subsets.",
         examples=(("BellB /@ Range[0, 6]", "{1, 1, 2, 5, 15, 52, 203}"),))
def bell_b(ev, n):
    k = _count(n)
    if k is None or k > 2000:
        return None
    row = [1]                                  # the Bell triangle
    for _ in range(k):
        nxt = [row[-1]]
        for value in row:
            nxt.append(nxt[-1] + value)
        row = nxt
    return Integer(row[0])


@builtin("PartitionsP", argc=1, attributes=_LISTABLE,
         usage="PartitionsP[n] is the number of ways to write n as a sum of positive "
               "integers, regardless of order.",
         examples=(("PartitionsP[10]", "42"), ("PartitionsP[100]", "190569292")))
def partitions_p(ev, n):
    if type(n) is Integer and n.value < 0:
        return Integer(0)
    k = _count(n)
    if k is None or k > 20000:
        return None
    counts = [1] + [0] * k              # Euler's pentagonal recurrence
    for i in range(1, k + 1):
        total, j = 0, 1
        while True:
            for pentagonal in (j * (3 * j - 1) // 2, j * (3 * j + 1) // 2):
                if pentagonal > i:
                    break
                total += counts[i - pentagonal] if j % 2 else -counts[i - pentagonal]
            if j * (3 * j - 1) // 2 > i:
                break
            j += 1
        counts[i] = total
    return Integer(counts[k])


@builtin("LucasL", argc=1, attributes=_LISTABLE,
         usage="LucasL[n] is the n-th Lucas number (L0 = 2, L1 = 1, Ln = Ln-1 + Ln-2; "
               "L-n = (-1)^n Ln).",
         examples=(("LucasL /@ Range[0, 6]", "{2, 1, 3, 4, 7, 11, 18}"), ("LucasL[-3]", "-4")))
def lucas_l(ev, n):
    if type(n) is not Integer or abs(n.value) > 10 ** 6:
        return None
    k = abs(n.value)
    return Integer(-lucas_like(2, 1, k) if n.value < 0 and k % 2 else lucas_like(2, 1, k))


@builtin("IntegerReverse", argc=(1, 3), attributes=("Listable", "Protected"),
         usage="IntegerReverse[n] is the integer of n's decimal digits in reverse order; "
               "IntegerReverse[n, b] in base b (a third argument pads to that many digits).",
         examples=(("IntegerReverse[1230]", "321"), ("IntegerReverse[6, 2]", "3")))
def integer_reverse(ev, n, base=Integer(10), length=None):
    if type(n) is not Integer or type(base) is not Integer or base.value < 2:
        return None
    digits = _digits(abs(n.value), base.value)
    if length is not None:
        if type(length) is not Integer or length.value < 0:
            return None
        digits = ([0] * max(0, length.value - len(digits)) + digits)[-length.value:] \
            if length.value else []
    value = 0
    for d in reversed(digits):
        value = value * base.value + d
    return Integer(-value if n.value < 0 else value)


def _digits(n: int, base: int) -> list:
    out = []
    while n:
        n, d = divmod(n, base)
        out.append(d)
    return out[::-1] or [0]


@builtin("PalindromeQ", argc=1,
         usage="PalindromeQ[e] is True when the list, string or integer e (its decimal "
               "digits) reads the same backwards.",
         examples=(('PalindromeQ["level"]', "True"), ("PalindromeQ[{1, 2, 1}]", "True"),
                   ("PalindromeQ[123]", "False")))
def palindrome_q(ev, e):
    if type(e) is String:
        items = e.value
    elif type(e) is Integer:
        items = str(abs(e.value))
    elif type(e) is Expr and e.head is S.List:
        items = list(e.args)
    else:
        return FALSE
    return TRUE if list(items) == list(items)[::-1] else FALSE


@builtin("DigitSum", argc=(1, 2), attributes=("Listable", "Protected"),
         usage="DigitSum[n] is the sum of the decimal digits of the integer n; DigitSum[n, b] "
               "of its digits in base b.",
         examples=(("DigitSum[1234]", "10"), ("DigitSum[255, 2]", "8")))
def digit_sum(ev, n, base=Integer(10)):
    if type(n) is not Integer or type(base) is not Integer or base.value < 2:
        return None
    value, total = abs(n.value), 0
    while value:
        value, digit = divmod(value, base.value)
        total += digit
    return Integer(total)


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@builtin("RomanNumeral", argc=1, attributes=("Listable", "Protected"),
         usage="RomanNumeral[n] is the string of the Roman numeral for the integer n (\"N\" "
               "for 0, a leading - for a negative n; up to 3999).",
         examples=(('RomanNumeral[1999]', '"MCMXCIX"'), ('RomanNumeral[0]', '"N"')))
def roman_numeral(ev, n):
    if type(n) is not Integer or abs(n.value) > 3999:
        return None
    if n.value == 0:
        return String("N")
    value, text = abs(n.value), ""
    for worth, letters in _ROMAN:
        count, value = divmod(value, worth)
        text += letters * count
    return String(("-" if n.value < 0 else "") + text)
