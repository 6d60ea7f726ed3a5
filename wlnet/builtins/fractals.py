"""MandelbrotSetMemberQ: whether a complex number lies in the Mandelbrot set.

    MandelbrotSetMemberQ[c]                      True or False (Listable)
    MandelbrotSetMemberQ[c, MaxIterations -> n]  iterate z -> z^2 + c at most n times

The set is the c for which z -> z^2 + c from z = 0 stays bounded.  A point whose orbit
leaves the disk |z| <= 2 is outside; a point still inside after MaxIterations (1000) steps
is taken to be in the set, so points just outside can need more steps (0.2501 takes a few
hundred).  Points of the main cardioid and of the period-2 disk are known to be inside
without iterating.  Any number works (exact ones are iterated at machine precision); a
non-numeric argument leaves the call unevaluated.
"""

from __future__ import annotations

from wlnet.builtins.numbers import to_py
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol
from wlnet.core.registry import builtin

DEFAULT_ITERATIONS = 1000


def known_inside(c: complex) -> bool:
    """Whether ``c`` lies in the main cardioid or the period-2 disk (the set's two largest
    parts, whose orbits never escape): no iteration needed."""
    x, y = c.real - 0.25, c.imag
    q = x * x + y * y
    if q * (q + x) <= 0.25 * y * y:
        return True
    return (c.real + 1.0) ** 2 + y * y <= 0.0625


def escapes(c: complex, max_iterations: int) -> bool:
    """Whether the orbit of 0 under z -> z^2 + c leaves |z| <= 2 within ``max_iterations``
    steps (compared as |z|^2 > 4, no square root per step)."""
    z = 0j
    for _ in range(max_iterations):
        z = z * z + c
        if z.real * z.real + z.imag * z.imag > 4.0:
            return True
    return False


def _machine_complex(ev, z) -> complex | None:
    value = to_py(ev.evaluate(Expr(S.N, z)))
    if value is None:
        return None
    try:
        return complex(value)
    except TypeError:                     # a bignum real: its machine value
        return complex(float(value))


@builtin("MandelbrotSetMemberQ", argc=(1, None), attributes=("Listable", "Protected"),
         options={"MaxIterations": Integer(DEFAULT_ITERATIONS)},
         messages={"iter": "`1` is not a number of iterations (a positive integer)."},
         usage="MandelbrotSetMemberQ[c] gives True if the complex number c is in the "
               "Mandelbrot set (its orbit under z -> z^2 + c from 0 stays in |z| <= 2 for "
               "MaxIterations (1000) steps), False otherwise.",
         examples=(("MandelbrotSetMemberQ[{0, 1, I/2, 1 + I}]", "{True, False, True, False}"),
                   ("MandelbrotSetMemberQ[0.2501, MaxIterations -> 250]", "True"),
                   ("MandelbrotSetMemberQ[0.2501, MaxIterations -> 500]", "False")))
def mandelbrot_set_member_q(ev, z, *rest):
    options = {a.args[0].name: a.args[1] for a in rest if type(a) is Expr
               and a.head is S.Rule and type(a.args[0]) is Symbol}
    if len(options) != len(rest) or set(options) - {"MaxIterations"}:
        return None
    steps = options.get("MaxIterations", Integer(DEFAULT_ITERATIONS))
    if not (type(steps) is Integer and steps.value > 0):
        ev.message(Symbol("MandelbrotSetMemberQ"), "iter", steps)
        return None
    c = _machine_complex(ev, z)
    if c is None:
        return None
    if known_inside(c):
        return TRUE
    return FALSE if escapes(c, steps.value) else TRUE
