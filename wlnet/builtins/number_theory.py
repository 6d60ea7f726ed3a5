"""Integer functions: ``QuotientRemainder``, ``FactorInteger``, ``Divisors``,
``DivisorSigma``, ``EulerPhi``, ``PrimePi``, ``NextPrime``, ``PowerMod``,
``ModularInverse``, ``IntegerExponent``, ``CoprimeQ``, ``ChineseRemainder``,
``Multinomial``.

Exact integer arithmetic on Python's integers; factoring and prime counting are SymPy's
number-theory routines (well-kept, fast on the sizes scripts use).  The one-number
functions are Listable; symbolic arguments leave them unevaluated.
"""

from __future__ import annotations

import math

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S
from wlnet.core.registry import builtin

_LISTABLE = ("Listable", "Protected")
_MESSAGES = {"intnm": "Integer expected at position `1` in `2`.",
             "ninv": "`1` is not invertible modulo `2`.",
             "divz": "The argument `1` should be nonzero."}


def _ints(*es):
    return [e.value if type(e) is Integer else None for e in es]


def _ntheory():
    from sympy import ntheory
    return ntheory


@builtin("QuotientRemainder", argc=2, attributes=_LISTABLE, messages=_MESSAGES,
         usage="QuotientRemainder[m, n] is {Quotient[m, n], Mod[m, n]}.",
         examples=(("QuotientRemainder[17, 5]", "{3, 2}"),
                   ("QuotientRemainder[-17, 5]", "{-4, 3}")))
def quotient_remainder(ev, m, n):
    a, b = _ints(m, n)
    if a is None or b is None:
        return None
    if b == 0:
        ev.message(S.QuotientRemainder, "divz", n)
        return None
    return Expr(S.List, Integer(a // b), Integer(a % b))


@builtin("FactorInteger", argc=(1, 2), attributes=_LISTABLE,
         usage="FactorInteger[n] is the list of the prime factors of n with their exponents, "
               "{{p1, k1}, {p2, k2}, …} (a negative n starts with {-1, 1}).",
         examples=(("FactorInteger[360]", "{{2, 3}, {3, 2}, {5, 1}}"),
                   ("FactorInteger[-12]", "{{-1, 1}, {2, 2}, {3, 1}}")))
def factor_integer(ev, n, k=None):
    (v,) = _ints(n)
    if v is None:
        return None
    if v in (0, 1, -1):
        return Expr(S.List, Expr(S.List, Integer(v), Integer(1)))
    factors = sorted(_ntheory().factorint(abs(v)).items())
    rows = ([Expr(S.List, Integer(-1), Integer(1))] if v < 0 else []) + \
        [Expr(S.List, Integer(p), Integer(e)) for p, e in factors]
    return Expr(S.List, *rows)


@builtin("Divisors", argc=1, attributes=_LISTABLE,
         usage="Divisors[n] is the sorted list of the positive divisors of the integer n.",
         examples=(("Divisors[12]", "{1, 2, 3, 4, 6, 12}"),))
def divisors(ev, n):
    (v,) = _ints(n)
    if v is None or v == 0:
        return None
    return Expr(S.List, *[Integer(d) for d in _ntheory().divisors(abs(v))])


@builtin("DivisorSigma", argc=2, attributes=_LISTABLE,
         usage="DivisorSigma[k, n] is the sum of the k-th powers of the divisors of n.",
         examples=(("DivisorSigma[1, 12]", "28"),))
def divisor_sigma(ev, k, n):
    a, v = _ints(k, n)
    if a is None or v is None or v == 0 or a < 0:
        return None
    return Integer(sum(d ** a for d in _ntheory().divisors(abs(v))))


@builtin("EulerPhi", argc=1, attributes=_LISTABLE,
         usage="EulerPhi[n] is the number of integers from 1 to n coprime to n.",
         examples=(("EulerPhi[12]", "4"),))
def euler_phi(ev, n):
    (v,) = _ints(n)
    if v is None:
        return None
    if v == 0:
        return Integer(0)
    phi = abs(v)
    for p in _ntheory().factorint(abs(v)):
        phi = phi // p * (p - 1)
    return Integer(phi)


@builtin("PrimePi", argc=1, attributes=_LISTABLE,
         usage="PrimePi[x] is the number of primes less than or equal to x.",
         examples=(("PrimePi[100]", "25"),))
def prime_pi(ev, x):
    from wlnet.builtins._listutil import float_value
    v = float_value(x)
    if v is None or not math.isfinite(v):
        return None
    from sympy import primepi
    return Integer(0 if v < 2 else int(primepi(int(math.floor(v)))))


@builtin("NextPrime", argc=(1, 2), attributes=_LISTABLE,
         usage="NextPrime[n] is the smallest prime above n; NextPrime[n, k] the k-th prime "
               "above n (below it for negative k).",
         examples=(("NextPrime[100]", "101"), ("NextPrime[100, -1]", "97")))
def next_prime(ev, n, k=Integer(1)):
    v, count = _ints(n, k)
    if v is None or count is None or count == 0:
        return None
    nt = _ntheory()
    p = v
    for _ in range(abs(count)):
        if count > 0:
            p = nt.nextprime(p)
        else:
            if p <= 2:
                return None
            p = nt.prevprime(p)
    return Integer(p)


@builtin("PowerMod", argc=3, attributes=_LISTABLE, messages=_MESSAGES,
         usage="PowerMod[a, b, m] is a^b mod m computed without forming a^b; a negative b "
               "uses the modular inverse of a.",
         examples=(("PowerMod[2, 100, 7]", "2"), ("PowerMod[3, -1, 7]", "5")))
def power_mod(ev, a, b, m):
    x, e, n = _ints(a, b, m)
    if x is None or e is None or n is None or n == 0:
        return None
    try:
        return Integer(pow(x, e, abs(n)) % n if n > 0 else pow(x, e, abs(n)))
    except ValueError:
        ev.message(S.PowerMod, "ninv", a, m)
        return None


@builtin("ModularInverse", argc=2, attributes=_LISTABLE, messages=_MESSAGES,
         usage="ModularInverse[k, n] is the r with k r == 1 mod n.",
         examples=(("ModularInverse[3, 7]", "5"),))
def modular_inverse(ev, k, n):
    a, m = _ints(k, n)
    if a is None or m is None or m == 0:
        return None
    try:
        return Integer(pow(a, -1, abs(m)))
    except ValueError:
        ev.message(S.ModularInverse, "ninv", k, n)
        return None


@builtin("IntegerExponent", argc=(1, 2), attributes=_LISTABLE,
         usage="IntegerExponent[n, b] is the highest power of b that divides n (b = 10 by "
               "default: the trailing zeros).",
         examples=(("IntegerExponent[1200]", "2"), ("IntegerExponent[48, 2]", "4")))
def integer_exponent(ev, n, b=Integer(10)):
    v, base = _ints(n, b)
    if v is None or base is None or base < 2:
        return None
    if v == 0:
        return S.Infinity
    count = 0
    while v % base == 0:
        v //= base
        count += 1
    return Integer(count)


@builtin("CoprimeQ", argc=(1, None),
         usage="CoprimeQ[n1, n2, …] is True when the integers have no common factor above 1 "
               "(pairwise, for more than two).",
         examples=(("CoprimeQ[8, 15]", "True"), ("CoprimeQ[6, 9]", "False")))
def coprime_q(ev, *ns):
    values = _ints(*ns)
    if None in values or len(values) < 2:
        return FALSE if None in values else TRUE
    return TRUE if all(math.gcd(a, b) == 1 for i, a in enumerate(values)
                       for b in values[i + 1:]) else FALSE


@builtin("ChineseRemainder", argc=2,
         usage="ChineseRemainder[{r1, r2, …}, {m1, m2, …}] is the smallest nonnegative x with "
               "x == ri mod mi for every i.",
         examples=(("ChineseRemainder[{2, 3}, {3, 5}]", "8"),))
def chinese_remainder(ev, rs, ms):
    if not (type(rs) is Expr and type(ms) is Expr and len(rs.args) == len(ms.args)):
        return None
    residues, moduli = _ints(*rs.args), _ints(*ms.args)
    if None in residues or None in moduli:
        return None
    from sympy.ntheory.modular import crt
    found = crt(moduli, residues)
    return None if found is None else Integer(int(found[0]))


@builtin("Multinomial", argc=(0, None), attributes=_LISTABLE,
         usage="Multinomial[n1, n2, …] is (n1 + n2 + …)! / (n1! n2! …).",
         examples=(("Multinomial[2, 3]", "10"),))
def multinomial(ev, *ns):
    values = _ints(*ns)
    if None in values or any(v < 0 for v in values):
        return None
    result, total = 1, 0
    for v in values:
        total += v
        result *= math.comb(total, v)
    return Integer(result)
