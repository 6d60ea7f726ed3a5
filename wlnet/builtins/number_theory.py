"""Integer functions scripts use: FactorInteger, Divisors, DivisorSigma, EulerPhi,
MoebiusMu, PowerMod, ModularInverse, ExtendedGCD, CoprimeQ, PrimePi, NextPrime,
IntegerLength, IntegerExponent, DigitCount, the bitwise BitAnd/BitOr/BitXor/BitShiftLeft/
BitShiftRight, KroneckerDelta, QuotientRemainder, ChineseRemainder, Multinomial; and the
complex-number parts Conjugate and Arg.

Each is Listable where WL's is, exact on integers, and stays unevaluated (as WL leaves it)
for arguments it does not define a value for.  Factoring is trial division by small primes
then Pollard's rho with the Miller-Rabin test of PrimeQ (math_extra._is_prime).
"""

from __future__ import annotations

import math
import random
from collections import Counter

from wlnet.builtins._listutil import mklist
from wlnet.builtins.math_extra import _is_prime
from wlnet.builtins.numbers import ExactComplex, from_py, is_inexact_value, to_py
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, from_python
from wlnet.core.registry import builtin

_LISTABLE = ("Listable", "Protected")
_SMALL_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47)


def _ints(*xs) -> list[int] | None:
    return [x.value for x in xs] if all(type(x) is Integer for x in xs) else None


# ---------------------------------------------------------------------------- factoring

def _pollard_rho(n: int) -> int:
    """A nontrivial factor of a composite n (Brent's variant of Pollard's rho)."""
    if n % 2 == 0:
        return 2
    rng = random.Random(n)                     # repeatable: the same n, the same path
    while True:
        y, c, m = rng.randrange(1, n), rng.randrange(1, n), 128
        g, r, q = 1, 1, 1
        while g == 1:
            x = y
            for _ in range(r):
                y = (y * y + c) % n
            k = 0
            while k < r and g == 1:
                ys = y
                for _ in range(min(m, r - k)):
                    y = (y * y + c) % n
                    q = q * abs(x - y) % n
                g = math.gcd(q, n)
                k += m
            r *= 2
        if g == n:
            g = 1
            while g == 1:
                ys = (ys * ys + c) % n
                g = math.gcd(abs(x - ys), n)
        if g != n:
            return g


def prime_factors(n: int) -> Counter:
    """The prime factorisation of n > 0 as {prime: exponent}."""
    found: Counter = Counter()
    for p in _SMALL_PRIMES:
        while n % p == 0:
            found[p] += 1
            n //= p
    stack = [n] if n > 1 else []
    while stack:
        m = stack.pop()
        if _is_prime(m):
            found[m] += 1
            continue
        root = math.isqrt(m)
        if root * root == m:
            stack += [root, root]
            continue
        d = _pollard_rho(m)
        stack += [d, m // d]
    return found


@builtin("FactorInteger", argc=1, attributes=_LISTABLE,
         usage="FactorInteger[n] is the list of the prime factors of n with their exponents, "
               "{{p1, k1}, {p2, k2}, …} (with {-1, 1} first for a negative n).",
         examples=(("FactorInteger[360]", "{{2, 3}, {3, 2}, {5, 1}}"),
                   ("FactorInteger[-12]", "{{-1, 1}, {2, 2}, {3, 1}}"),
                   ("FactorInteger[1]", "{{1, 1}}")))
def factor_integer(ev, n):
    if type(n) is not Integer:
        return None
    v = n.value
    if v in (0, 1, -1):
        return mklist([mklist([Integer(v), Integer(1)])])
    pairs = [[-1, 1]] if v < 0 else []
    pairs += [[p, k] for p, k in sorted(prime_factors(abs(v)).items())]
    return from_python(pairs)


def _divisors(n: int) -> list[int]:
    divisors = [1]
    for p, k in sorted(prime_factors(n).items()):
        divisors = [d * p ** e for d in divisors for e in range(k + 1)]
    return sorted(divisors)


@builtin("Divisors", argc=1, attributes=_LISTABLE,
         usage="Divisors[n] is the sorted list of the positive divisors of the integer n.",
         examples=(("Divisors[12]", "{1, 2, 3, 4, 6, 12}"),))
def divisors(ev, n):
    if type(n) is not Integer or n.value == 0:
        return None
    return from_python(_divisors(abs(n.value)))


@builtin("Divisible", argc=2, attributes=_LISTABLE,
         usage="Divisible[n, m] gives True if n is divisible by m (n/m an integer).",
         examples=(("Divisible[416, 32]", "True"), ("Divisible[{10, 7}, 5]", "{True, False}")))
def divisible(ev, n, m):
    values = _ints(n, m)
    if values is None or values[1] == 0:        # WolfDetector checks image sizes with it
        return None
    return TRUE if values[0] % values[1] == 0 else FALSE


@builtin("DivisorSigma", argc=2, attributes=_LISTABLE,
         usage="DivisorSigma[k, n] is the sum of the k-th powers of the divisors of n.",
         examples=(("DivisorSigma[1, 12]", "28"), ("DivisorSigma[0, 12]", "6")))
def divisor_sigma(ev, k, n):
    values = _ints(k, n)
    if values is None or values[1] == 0 or values[0] < 0:
        return None
    return Integer(sum(d ** values[0] for d in _divisors(abs(values[1]))))


@builtin("EulerPhi", argc=1, attributes=_LISTABLE,
         usage="EulerPhi[n] is the number of positive integers up to n that are coprime to n.",
         examples=(("EulerPhi[36]", "12"), ("EulerPhi[1]", "1")))
def euler_phi(ev, n):
    if type(n) is not Integer:
        return None
    v = abs(n.value)
    if v == 0:
        return Integer(0)
    phi = v
    for p in prime_factors(v):
        phi = phi // p * (p - 1)
    return Integer(phi)


@builtin("MoebiusMu", argc=1, attributes=_LISTABLE,
         usage="MoebiusMu[n] is 0 when n has a squared prime factor, else (-1)^(number of "
               "prime factors).",
         examples=(("MoebiusMu[{1, 6, 12, 7}]", "{1, 1, 0, -1}"),))
def moebius_mu(ev, n):
    if type(n) is not Integer or n.value == 0:
        return None
    factors = prime_factors(abs(n.value))
    if any(k > 1 for k in factors.values()):
        return Integer(0)
    return Integer(-1 if len(factors) % 2 else 1)


# ---------------------------------------------------------------------------- modular

@builtin("PowerMod", argc=3, attributes=_LISTABLE,
         usage="PowerMod[a, b, m] is a^b mod m (b may be negative: a power of the modular "
               "inverse).",
         examples=(("PowerMod[2, 10, 7]", "2"), ("PowerMod[3, -1, 7]", "5")),
         messages={"ninv": "`1` is not invertible modulo `2`."})
def power_mod(ev, a, b, m):
    values = _ints(a, b, m)
    if values is None or values[2] == 0:
        return None
    a_, b_, m_ = values
    try:
        result = pow(a_, b_, abs(m_))
    except ValueError:
        ev.message(S.PowerMod, "ninv", a, m)
        return None
    return Integer(result if m_ > 0 or result == 0 else result + m_)


@builtin("ModularInverse", argc=2, attributes=_LISTABLE,
         usage="ModularInverse[k, n] is the r with k r = 1 mod n.",
         examples=(("ModularInverse[3, 7]", "5"),))
def modular_inverse(ev, k, n):
    values = _ints(k, n)
    if values is None or values[1] == 0 or math.gcd(*values) != 1:
        return None
    return Integer(pow(values[0], -1, abs(values[1])))


@builtin("ExtendedGCD", argc=(1, None), attributes=_LISTABLE,
         usage="ExtendedGCD[a, b] is {g, {r, s}} with g = GCD[a, b] = r a + s b.",
         examples=(("ExtendedGCD[12, 42]", "{6, {-3, 1}}"),))
def extended_gcd(ev, *xs):
    values = _ints(*xs)
    if values is None or len(values) != 2:
        return None
    a, b = values
    old_r, r, old_s, s, old_t, t = a, b, 1, 0, 0, 1
    while r:
        q = old_r // r
        old_r, r = r, old_r - q * r
        old_s, s = s, old_s - q * s
        old_t, t = t, old_t - q * t
    if old_r < 0:
        old_r, old_s, old_t = -old_r, -old_s, -old_t
    return from_python([old_r, [old_s, old_t]])


@builtin("CoprimeQ", argc=(1, None), attributes=_LISTABLE,
         usage="CoprimeQ[a, b, …] is True when the integers have no common factor but 1 "
               "(every pair of them).",
         examples=(("CoprimeQ[8, 15]", "True"), ("CoprimeQ[8, 12]", "False")))
def coprime_q(ev, *xs):
    values = _ints(*xs)
    if values is None:
        return FALSE
    return TRUE if all(math.gcd(a, b) == 1 for i, a in enumerate(values)
                       for b in values[i + 1:]) else FALSE


# ---------------------------------------------------------------------------- primes

_PRIME_PI_LIMIT = 10 ** 8


@builtin("PrimePi", argc=1, attributes=_LISTABLE,
         usage="PrimePi[x] is the number of primes up to x.",
         examples=(("PrimePi[100]", "25"), ("PrimePi[10.5]", "4")))
def prime_pi(ev, x):
    v = to_py(x)
    if v is None or isinstance(v, (complex, ExactComplex)):
        return None
    n = math.floor(v)
    if n < 2:
        return Integer(0)
    if n > _PRIME_PI_LIMIT:
        return None
    import numpy as np
    sieve = np.ones(n + 1, dtype=bool)
    sieve[:2] = False
    for p in range(2, math.isqrt(n) + 1):
        if sieve[p]:
            sieve[p * p::p] = False
    return Integer(int(sieve.sum()))


@builtin("NextPrime", argc=(1, 2), attributes=_LISTABLE,
         usage="NextPrime[x] is the smallest prime above x; NextPrime[x, k] the k-th one "
               "(below x for a negative k).",
         examples=(("NextPrime[10]", "11"), ("NextPrime[10, 2]", "13"),
                   ("NextPrime[10, -1]", "7")))
def next_prime(ev, x, k=Integer(1)):
    v = to_py(x)
    if v is None or isinstance(v, (complex, ExactComplex)) or type(k) is not Integer \
            or k.value == 0:
        return None
    step = 1 if k.value > 0 else -1
    n = math.floor(v) if step > 0 else math.ceil(v)
    for _ in range(abs(k.value)):
        n += step
        while not _is_prime(n):
            n += step
    return Integer(n)


# ---------------------------------------------------------------------------- digits and bits

@builtin("IntegerLength", argc=(1, 2), attributes=_LISTABLE,
         usage="IntegerLength[n] is the number of decimal digits of n; IntegerLength[n, b] "
               "in base b.",
         examples=(("IntegerLength[12345]", "5"), ("IntegerLength[255, 16]", "2"),
                   ("IntegerLength[0]", "0")))
def integer_length(ev, n, b=Integer(10)):
    values = _ints(n, b)
    if values is None or values[1] < 2:
        return None
    v, base = abs(values[0]), values[1]
    length = 0
    while v:
        v //= base
        length += 1
    return Integer(length)


@builtin("IntegerExponent", argc=(1, 2), attributes=_LISTABLE,
         usage="IntegerExponent[n, b] is the highest power of b dividing n (b = 10 by "
               "default).",
         examples=(("IntegerExponent[1000]", "3"), ("IntegerExponent[48, 2]", "4")))
def integer_exponent(ev, n, b=Integer(10)):
    values = _ints(n, b)
    if values is None or values[1] < 2 or values[0] == 0:
        return None
    v, base, k = abs(values[0]), values[1], 0
    while v % base == 0:
        v //= base
        k += 1
    return Integer(k)


@builtin("DigitCount", argc=(1, 3),
         attributes=_LISTABLE,
         usage="DigitCount[n] is how many times each digit 1, 2, …, 9, 0 appears in n; "
               "DigitCount[n, b, d] how many times d appears in base b.",
         examples=(("DigitCount[1223]", "{1, 2, 1, 0, 0, 0, 0, 0, 0, 0}"),
                   ("DigitCount[255, 2, 1]", "8")))
def digit_count(ev, n, b=Integer(10), d=None):
    values = _ints(n, b)
    if values is None or values[1] < 2:
        return None
    v, base = abs(values[0]), values[1]
    counts = Counter()
    while v:
        counts[v % base] += 1
        v //= base
    if d is not None:
        return Integer(counts[d.value]) if type(d) is Integer else None
    return from_python([counts[i] for i in range(1, base)] + [counts[0]])


def _bitwise(name, combine, unit, usage, example):
    def apply(ev, *xs):
        values = _ints(*xs)
        if values is None:
            return None
        result = unit
        for v in values:
            result = combine(result, v)
        return Integer(result)

    builtin(name, argc=(0, None), attributes=("Flat", "Listable", "OneIdentity", "Orderless",
                                              "Protected"),
            usage=usage, examples=(example,))(apply)


_bitwise("BitAnd", lambda a, b: a & b, -1, "BitAnd[n1, n2, …] is the bitwise AND of the "
         "integers.", ("BitAnd[12, 10]", "8"))
_bitwise("BitOr", lambda a, b: a | b, 0, "BitOr[n1, n2, …] is the bitwise OR of the integers.",
         ("BitOr[12, 10]", "14"))
_bitwise("BitXor", lambda a, b: a ^ b, 0, "BitXor[n1, n2, …] is the bitwise XOR of the "
         "integers.", ("BitXor[12, 10]", "6"))


def _shift(direction):
    def apply(ev, n, k=Integer(1)):
        values = _ints(n, k)
        if values is None:
            return None
        shift = values[1] * direction
        return Integer(values[0] << shift if shift >= 0 else values[0] >> -shift)
    return apply


builtin("BitShiftLeft", argc=(1, 2), attributes=_LISTABLE,
        usage="BitShiftLeft[n, k] is n with its bits shifted k places left (n 2^k).",
        examples=(("BitShiftLeft[5, 2]", "20"),))(_shift(1))
builtin("BitShiftRight", argc=(1, 2), attributes=_LISTABLE,
        usage="BitShiftRight[n, k] is n with its bits shifted k places right (Floor[n/2^k]).",
        examples=(("BitShiftRight[20, 2]", "5"),))(_shift(-1))


@builtin("KroneckerDelta", argc=(0, None), attributes=("Orderless", "Protected"),
         usage="KroneckerDelta[n1, n2, …] is 1 when all the ni are equal numbers, 0 when they "
               "are numbers not all equal.",
         examples=(("KroneckerDelta[2, 2]", "1"), ("KroneckerDelta[1, 2]", "0")))
def kronecker_delta(ev, *xs):
    values = [to_py(x) for x in xs]
    if any(v is None for v in values):
        if len(set(xs)) == 1:
            return Integer(1)
        return None
    return Integer(int(all(v == values[0] for v in values)))


@builtin("DiscreteDelta", argc=(0, None), attributes=("Orderless", "Protected"),
         usage="DiscreteDelta[n1, n2, …] is 1 when all the ni are zero, 0 when one of them is "
               "a nonzero number.",
         examples=(("DiscreteDelta[0, 0]", "1"), ("DiscreteDelta[1, 0]", "0"),
                   ("DiscreteDelta[]", "1")))
def discrete_delta(ev, *xs):
    values = [to_py(x) for x in xs]
    if any(v is not None and v != 0 for v in values):
        return Integer(0)
    if all(v is not None for v in values):
        return Integer(1)
    return None


# ---------------------------------------------------------------------------- complex parts

@builtin("Conjugate", argc=1, attributes=("Listable", "NumericFunction", "Protected"),
         usage="Conjugate[z] is the complex conjugate of z.",
         examples=(("Conjugate[3 + 4 I]", "3 - 4 I"), ("Conjugate[2.5]", "2.5")))
def conjugate(ev, z):
    v = to_py(z)
    if v is None:
        return None
    if isinstance(v, ExactComplex):
        return from_py(ExactComplex(v.re, -v.im))
    if isinstance(v, complex):
        return from_py(v.conjugate())
    return z


@builtin("Arg", argc=1, attributes=("Listable", "NumericFunction", "Protected"),
         usage="Arg[z] is the argument (the angle) of the complex number z, in (-Pi, Pi].",
         examples=(("Arg[1 + I]", "Pi/4"), ("Arg[-2]", "Pi"), ("Arg[1. + I]", "0.7853981633974483")))
def arg(ev, z):
    v = to_py(z)
    if v is None:
        return None
    if v == 0:
        return Integer(0)
    if isinstance(v, ExactComplex):
        re, im = from_py(v.re), from_py(v.im)
    elif isinstance(v, complex):
        return from_py(math.atan2(v.imag, v.real))
    elif v > 0:
        return Integer(0)
    elif type(v) is float:
        return from_py(math.pi)
    elif is_inexact_value(v):                   # a negative bignum: Pi to its precision
        return ev.evaluate(Expr(S.N, S.Pi, from_py(v.prec)))
    else:
        return S.Pi
    return ev.evaluate(Expr(S.ArcTan, re, im))


_MESSAGES = {"divz": "The argument `1` should be nonzero."}


@builtin("QuotientRemainder", argc=2, attributes=_LISTABLE, messages=_MESSAGES,
         usage="QuotientRemainder[m, n] is {Quotient[m, n], Mod[m, n]}.",
         examples=(("QuotientRemainder[17, 5]", "{3, 2}"),
                   ("QuotientRemainder[-17, 5]", "{-4, 3}")))
def quotient_remainder(ev, m, n):
    values = _ints(m, n)
    if values is None:
        return None
    a, b = values
    if b == 0:
        ev.message(S.QuotientRemainder, "divz", n)
        return None
    return Expr(S.List, Integer(a // b), Integer(a % b))


@builtin("ChineseRemainder", argc=2,
         usage="ChineseRemainder[{r1, r2, …}, {m1, m2, …}] is the smallest nonnegative x with "
               "x == ri mod mi for every i.",
         examples=(("ChineseRemainder[{2, 3}, {3, 5}]", "8"),))
def chinese_remainder(ev, rs, ms):
    if not (type(rs) is Expr and type(ms) is Expr and len(rs.args) == len(ms.args)):
        return None
    residues, moduli = _ints(*rs.args), _ints(*ms.args)
    if residues is None or moduli is None:
        return None
    from sympy.ntheory.modular import crt
    found = crt(moduli, residues)
    return None if found is None else Integer(int(found[0]))


@builtin("Multinomial", argc=(0, None), attributes=_LISTABLE,
         usage="Multinomial[n1, n2, …] is (n1 + n2 + …)! / (n1! n2! …).",
         examples=(("Multinomial[2, 3]", "10"),))
def multinomial(ev, *ns):
    values = _ints(*ns)
    if values is None or any(v < 0 for v in values):
        return None
    result, total = 1, 0
    for v in values:
        total += v
        result *= math.comb(total, v)
    return Integer(result)


# ---------------------------------------------------------------------------- partitions

_MAX_PARTITIONS = 1_000_000


def _part_counts(spec, n: int) -> tuple[int, int] | None:
    """(fewest, most) parts of IntegerPartitions' second argument: k (at most k), {k}
    (exactly k), {kmin, kmax}, All."""
    if spec is None or spec is S.All:
        return 0, n
    if type(spec) is Integer:
        return 0, spec.value
    values = [a.value for a in spec.args] if type(spec) is Expr and spec.head is S.List \
        and all(type(a) is Integer for a in spec.args) else None
    if values and len(values) == 1:
        return values[0], values[0]
    if values and len(values) == 2:
        return values[0], values[1]
    return None


def _partitions(n: int, largest: int, parts: list[int], fewest: int, most: int):
    """The partitions of n into the given parts (largest first), each at most ``largest``,
    with fewest..most parts, in reverse lexicographic order."""
    if n == 0:
        if fewest <= 0:
            yield []
        return
    if most <= 0:
        return
    for p in parts:
        if p > largest or p > n:
            continue
        for rest in _partitions(n - p, p, parts, fewest - 1, most - 1):
            yield [p] + rest


@builtin("IntegerPartitions", argc=(1, 4),
         usage="IntegerPartitions[n] is every way of writing n as a sum of positive integers "
               "(largest first); IntegerPartitions[n, k] with at most k parts, {k} exactly k, "
               "{kmin, kmax}; IntegerPartitions[n, kspec, {s1, s2, …}] with parts from the si; "
               "a fourth argument m keeps the first m.",
         examples=(("IntegerPartitions[4]", "{{4}, {3, 1}, {2, 2}, {2, 1, 1}, {1, 1, 1, 1}}"),
                   ("IntegerPartitions[10, {2}, {1, 3, 7}]", "{{7, 3}}")))
def integer_partitions(ev, n, kspec=None, allowed=None, limit=None):
    if type(n) is not Integer or n.value < 0:
        return None
    counts = _part_counts(kspec, n.value)
    if counts is None:
        return None
    if allowed is None or allowed is S.All:
        parts = list(range(n.value, 0, -1))
    elif type(allowed) is Expr and allowed.head is S.List and \
            all(type(a) is Integer and a.value > 0 for a in allowed.args):
        parts = sorted({a.value for a in allowed.args}, reverse=True)
    else:
        return None
    keep = limit.value if type(limit) is Integer and limit.value >= 0 else None
    if limit is not None and keep is None:
        return None
    out = []
    for p in _partitions(n.value, n.value, parts, *counts):
        if keep is not None and len(out) >= keep:
            break
        if len(out) >= _MAX_PARTITIONS:
            return None
        out.append(mklist(Integer(x) for x in p))
    return mklist(out)
