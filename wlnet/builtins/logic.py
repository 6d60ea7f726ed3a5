"""Comparison and logic: Equal and the order relations (with chains and Inequality),
SameQ/UnsameQ, and the Boolean connectives.

A comparison that cannot be decided stays unevaluated (``x == y``, ``x < 1``); the symbols
``Less``, ``Equal`` and ``Greater`` are ordinary values when they are not called (the seed
page labels data with them).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from wlnet.builtins.numbers import (ExactComplex, bignum_of, bool_expr, is_number,
                                    is_numeric, machine_value, real_value, to_py)
from wlnet.core.bigreal import BigFloat
from wlnet.core.registry import builtin, builtin_subvalue
from wlnet.core.expr import FALSE, TRUE, Complex, Expr, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray

# Machine numbers are Equal when they agree up to the last 7 of their 53 bits, as in WL.
_EQUAL_TOLERANCE = 2.0 ** -46
# Arbitrary-precision numbers likewise: their difference may keep about two significant
# digits (7 bits) of the uncertainty they carry.
_EQUAL_SPARE_DIGITS = 7 * 0.30103
# SameQ allows a difference in the last binary digit only.
_SAME_TOLERANCE = 2.0 ** -52


# ============================================================================ Equal

def _close(a, b, tolerance) -> bool:
    if a == b:
        return True
    if isinstance(a, complex) or isinstance(b, complex):
        a, b = complex(a), complex(b)
        return (_close(a.real, b.real, tolerance) and _close(a.imag, b.imag, tolerance))
    a, b = float(a), float(b)
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def _within_precision(vx, vy) -> bool | None:
    """Whether two values, one an arbitrary-precision number and neither a machine one,
    agree within their precision (their difference has no significant digit), as WL's
    Equal decides it; None when the rule does not apply."""
    if bignum_of(vx) is None and bignum_of(vy) is None:
        return None
    if type(vx) in (float, complex) or type(vy) in (float, complex):
        return None
    diff = vx - vy
    parts = (diff.re, diff.im) if type(diff) is ExactComplex else (diff,)
    return all(p == 0 or (type(p) is BigFloat and p.prec <= _EQUAL_SPARE_DIGITS)
               for p in parts)


def _number_equal(x, y) -> bool:
    vx, vy = to_py(x), to_py(y)
    big = _within_precision(vx, vy)
    if big is not None:
        return big
    exact = type(vx) in (int, Fraction, ExactComplex) and type(vy) in (int, Fraction,
                                                                       ExactComplex)
    if exact:
        return vx == vy
    if type(vx) is ExactComplex:
        vx = complex(vx)
    if type(vy) is ExactComplex:
        vy = complex(vy)
    return _close(vx, vy, _EQUAL_TOLERANCE)


def _all_decided(decisions: list):
    """Three-valued conjunction of pairwise decisions (True, False or None for undecided):
    False if any is False, True if all are True, else None."""
    if False in decisions:
        return False
    return True if all(d is True for d in decisions) else None


def _decision_expr(decision):
    """True/False as the symbols; None (undecided) stays None: the call stays as it is."""
    return None if decision is None else bool_expr(decision)


def equal_pair(ev, a, b):
    """True or False when ``a == b`` is decided, None when it stays symbolic."""
    if a == b:
        return True
    ta, tb = type(a), type(b)
    if is_number(a) and is_number(b):
        return _number_equal(a, b)
    if ta is String or tb is String:
        if ta is String and tb is String:
            return a.value == b.value
        if is_number(a) or is_number(b):
            return False
        return None
    if a in (TRUE, FALSE) and b in (TRUE, FALSE):
        return False
    if ta is NumericArray and tb is NumericArray:
        return _arrays_equal(a.array, b.array)
    if _is_list(a) and _is_list(b):
        if len(a.args) != len(b.args):
            return False
        return _all_decided([_element_equal(ev, x, y) for x, y in zip(a.args, b.args)])
    if is_numeric(a) and is_numeric(b):
        va, vb = machine_value(ev, a), machine_value(ev, b)
        if va is not None and vb is not None:
            return _close(va, vb, _EQUAL_TOLERANCE)
    if _is_infinity_pair(a, b):
        return False
    return None


def _element_equal(ev, x, y):
    """equal_pair for two list elements; an undecided pair of expressions asks Equal itself,
    so that the rules other heads give Equal (dates, quantities) decide inside lists too:
    {d1, 1} == {d2, 1} for two DateObjects."""
    decided = equal_pair(ev, x, y)
    if decided is None and (type(x) is Expr or type(y) is Expr):
        value = ev.evaluate(Expr(S.Equal, x, y))
        decided = True if value is TRUE else False if value is FALSE else None
    return decided


def _arrays_equal(x, y) -> bool:
    """Two NumericArrays are Equal when their shapes agree and their elements are equal
    numbers (machine tolerance, as for single numbers): a trained net's weights against the
    frozen original's, ``NetExtract[trained, …] == NetExtract[net, …]``."""
    if x.shape != y.shape:
        return False
    x, y = x.astype(np.complex128 if np.iscomplexobj(x) else np.float64), \
        y.astype(np.complex128 if np.iscomplexobj(y) else np.float64)
    scale = np.maximum(np.abs(x), np.abs(y))
    return bool(np.all((x == y) | (np.abs(x - y) <= _EQUAL_TOLERANCE * scale)))


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _is_infinity_pair(a, b) -> bool:
    """A DirectedInfinity against a finite number (or a different infinity)."""
    inf_a = type(a) is Expr and a.head is S.DirectedInfinity
    inf_b = type(b) is Expr and b.head is S.DirectedInfinity
    return (inf_a and (inf_b or is_number(b))) or (inf_b and is_number(a))


@builtin(attributes=("Protected",),
         usage="lhs == rhs returns True if lhs and rhs are identical or numerically equal, "
               "False if they are known to differ; otherwise it stays unevaluated.",
         examples=(("1 == 1.", "True"), ("1 == 2", "False"), ("x == y", "x == y"),
                   ("\"a\" == \"a\"", "True")))
def Equal(ev, *args):
    if len(args) < 2:
        return TRUE
    return _decision_expr(_all_decided([equal_pair(ev, a, b) for a, b in zip(args, args[1:])]))


@builtin(attributes=("Protected",),
         usage="lhs != rhs returns False if lhs and rhs are identical or numerically equal, "
               "True if they are known to differ; Unequal[e1, e2, …] is True when all the "
               "ei are distinct.",
         examples=(("1 != 2", "True"), ("1 != 1.", "False"), ("x != y", "x != y")))
def Unequal(ev, *args):
    if len(args) < 2:
        return TRUE
    decided = True
    for i, a in enumerate(args):
        for b in args[i + 1:]:
            r = equal_pair(ev, a, b)
            if r is True:
                return FALSE
            if r is None:
                decided = False
    return TRUE if decided else None


# ============================================================================ order

_ORDER_TESTS = {
    "Less": lambda a, b: a < b,
    "LessEqual": lambda a, b: a <= b,
    "Greater": lambda a, b: a > b,
    "GreaterEqual": lambda a, b: a >= b,
}


def _comparable(ev, name, e):
    """The real value to compare ``e`` by, or None (with Less::nord for complex numbers)."""
    if type(e) is Complex:
        ev.message(Symbol(name), "nord", e)
        return None
    return real_value(ev, e)


def _order_pair(ev, name, a, b):
    va = _comparable(ev, name, a)
    if va is None:
        return None
    vb = _comparable(ev, name, b)
    if vb is None:
        return None
    if _within_precision(va, vb):        # equal as far as their digits go: not less
        return name in ("LessEqual", "GreaterEqual")
    return _ORDER_TESTS[name](va, vb)


def _order_chain(ev, name, args):
    """Decide ``a < b < c …``: False if any link is false, True if all are true, else None
    (the chain stays as it is, decided links included, as Mathics3 keeps it too)."""
    if len(args) < 2:
        return TRUE
    return _decision_expr(_all_decided([_order_pair(ev, name, a, b)
                                        for a, b in zip(args, args[1:])]))


def _declare_order(name, symbol_text, examples):
    def apply(ev, *args):
        return _order_chain(ev, name, args)

    builtin(name, attributes=("Protected",),
            usage=f"{name}[x, y] or x {symbol_text} y yields True if x is determined to be "
                  f"{name.replace('Equal', ' or equal to').replace('Less', 'less than').replace('Greater', 'greater than')} "
                  "y; chains test each neighbouring pair.  With no arguments the symbol is "
                  "an ordinary value.",
            examples=examples,
            messages={"nord": "Invalid comparison with `1` attempted."})(apply)


_declare_order("Less", "<", (("1 < 2", "True"), ("1 < 2 < 3", "True"), ("x < 1", "x < 1")))
_declare_order("LessEqual", "<=", (("2 <= 2", "True"), ("3 <= 2.5", "False")))
_declare_order("Greater", ">", (("3 > 2", "True"), ("Pi > 3", "True")))
_declare_order("GreaterEqual", ">=", (("2 >= 3", "False"), ("2 >= 2.", "True")))

_RELATIONS = {S.Less, S.LessEqual, S.Greater, S.GreaterEqual, S.Equal, S.Unequal,
              S.SameQ, S.UnsameQ}


@builtin(attributes=("Protected",),
         usage="Inequality[a, op1, b, op2, c, …] represents the chain a op1 b op2 c … of "
               "mixed comparisons (a < b <= c).",
         examples=(("Inequality[1, Less, 2, LessEqual, 2]", "True"),
                   ("Inequality[1, Less, x, LessEqual, 3]", "1 < x <= 3")))
def Inequality(ev, *args):
    if len(args) % 2 == 0:
        return None
    if len(args) == 1:
        return TRUE
    ops = args[1::2]
    if not all(op in _RELATIONS for op in ops):
        return None
    if len(args) == 3:
        return ev.evaluate(Expr(ops[0], args[0], args[2]))
    links = [ev.evaluate(Expr(op, args[i], args[i + 2]))
             for i, op in zip(range(0, len(args), 2), ops)]
    if FALSE in links:
        return FALSE
    if all(link is TRUE for link in links):
        return TRUE
    return None


# ============================================================================ SameQ

def same(a, b) -> bool:
    """SameQ of two expressions: structural, with machine reals allowed to differ in their
    last binary digit."""
    if a == b:
        return True
    ta = type(a)
    if ta is not type(b):
        return False
    if ta is Real:
        return _close(a.value, b.value, _SAME_TOLERANCE)
    if ta is Complex:
        return same(a.re, b.re) and same(a.im, b.im)
    if ta is Expr:
        return (len(a.args) == len(b.args) and same(a.head, b.head)
                and all(same(x, y) for x, y in zip(a.args, b.args)))
    return False


@builtin(attributes=("Protected",),
         usage="lhs === rhs yields True if lhs is identical to rhs, and False otherwise.",
         examples=(("x === x", "True"), ("1 === 1.", "False"), ("{a, b} === {a, b}", "True")))
def SameQ(ev, *args):
    return bool_expr(all(same(a, b) for a, b in zip(args, args[1:])))


@builtin(attributes=("Protected",),
         usage="lhs =!= rhs yields True if lhs is not identical to rhs; UnsameQ[e1, e2, …] "
               "is True when no two of the ei are identical.",
         examples=(("x =!= y", "True"), ("1 =!= 1", "False")))
def UnsameQ(ev, *args):
    for i, a in enumerate(args):
        for b in args[i + 1:]:
            if same(a, b):
                return FALSE
    return TRUE


# ============================================================================ connectives

def _operands(ev, args, absorbing, neutral):
    """Evaluate the operands of And/Or in order: the absorbing value as soon as one gives
    it, else (the operands left once the neutral ones are dropped, whether any changed)."""
    kept, changed = [], False
    for a in args:
        v = ev.evaluate(a)
        if v is absorbing:
            return absorbing, True
        if v is neutral:
            changed = True
            continue
        if v is not a and v != a:
            changed = True
        kept.append(v)
    return kept, changed


def _connective(ev, name, args, absorbing, neutral):
    """And/Or: evaluate in order, stop at the absorbing value, drop the neutral one."""
    kept, changed = _operands(ev, args, absorbing, neutral)
    if kept is absorbing:
        return absorbing
    if not kept:
        return neutral
    if len(kept) == 1:
        return kept[0]
    return Expr.from_args(Symbol(name), kept) if changed else None


@builtin(attributes=("Flat", "HoldAll", "OneIdentity", "Protected"),
         usage="e1 && e2 && … is the logical AND: evaluated left to right, False as soon as "
               "one ei is False; True operands are dropped.",
         examples=(("True && False", "False"), ("True && x", "x"), ("x && y", "x && y")))
def And(ev, *args):
    return _connective(ev, "And", args, FALSE, TRUE)


@builtin(attributes=("Flat", "HoldAll", "OneIdentity", "Protected"),
         usage="e1 || e2 || … is the logical OR: evaluated left to right, True as soon as one "
               "ei is True; False operands are dropped.",
         examples=(("False || True", "True"), ("False || x", "x")))
def Or(ev, *args):
    return _connective(ev, "Or", args, TRUE, FALSE)


def _negated_connective(ev, negated, args, absorbing, neutral):
    """Nand/Nor: the operands of And/Or evaluated in order (stopping early), then negated;
    one operand left is its Not, several stay under the negated head."""
    kept, changed = _operands(ev, args, absorbing, neutral)
    if kept is absorbing:
        return neutral
    if not kept:
        return absorbing
    if len(kept) == 1:
        return ev.evaluate(Expr(S.Not, kept[0]))
    return Expr.from_args(Symbol(negated), kept) if changed else None


@builtin(attributes=("HoldAll", "Protected"),
         usage="Nand[e1, e2, …] is Not[And[e1, e2, …]]: evaluated left to right, True as soon "
               "as one ei is False; True operands are dropped.",
         examples=(("Nand[True, False]", "True"), ("Nand[True, True]", "False"),
                   ("Nand[True, x]", "!x"), ("Nand[x, y]", "Nand[x, y]")))
def Nand(ev, *args):
    return _negated_connective(ev, "Nand", args, FALSE, TRUE)


@builtin(attributes=("HoldAll", "Protected"),
         usage="Nor[e1, e2, …] is Not[Or[e1, e2, …]]: evaluated left to right, False as soon "
               "as one ei is True; False operands are dropped.",
         examples=(("Nor[False, False]", "True"), ("Nor[False, True]", "False"),
                   ("Nor[False, x]", "!x"), ("Nor[x, y]", "Nor[x, y]")))
def Nor(ev, *args):
    return _negated_connective(ev, "Nor", args, TRUE, FALSE)


@builtin(attributes=("Protected",),
         usage="Majority[e1, e2, …] is True when more than half of the ei are True, False "
               "when that can no longer happen; with undecided operands it stays as it is.",
         examples=(("Majority[True, False, True]", "True"), ("Majority[True, False]", "False"),
                   ("Majority[True, True, x]", "True"), ("Majority[True, x, y]", "Majority[True, x, y]")))
def Majority(ev, *args):
    if not args:
        return FALSE
    trues = sum(1 for a in args if a is TRUE)
    falses = sum(1 for a in args if a is FALSE)
    if 2 * trues > len(args):
        return TRUE
    if 2 * falses >= len(args):         # the Trues can no longer be more than half
        return FALSE
    return None


# Not of a binary relation is the opposite relation (Wolfram does this: !(a < b) is a >= b).
_NEGATED_RELATION = {
    S.Equal: S.Unequal, S.Unequal: S.Equal, S.Less: S.GreaterEqual, S.GreaterEqual: S.Less,
    S.Greater: S.LessEqual, S.LessEqual: S.Greater,
}


@builtin(argc=1, attributes=("Protected",),
         usage="!expr or Not[expr] is the logical NOT.",
         examples=(("!True", "False"), ("!!x", "x"), ("!(a == b)", "a != b")))
def Not(ev, x):
    if x is TRUE:
        return FALSE
    if x is FALSE:
        return TRUE
    if type(x) is Expr:
        if x.head is S.Not and len(x.args) == 1:
            return x.args[0]
        opposite = _NEGATED_RELATION.get(x.head)
        if opposite is not None and len(x.args) == 2:
            return Expr(opposite, *x.args)
    return None


@builtin(attributes=("Flat", "OneIdentity", "Orderless", "Protected"),
         usage="Xor[e1, e2, …] is the logical exclusive OR: True when an odd number of the "
               "ei are True.",
         examples=(("Xor[True, False]", "True"), ("Xor[True, True]", "False"),
                   ("Xor[True, x]", "!x")))
def Xor(ev, *args):
    odd, rest = False, []
    for a in args:
        if a is TRUE:
            odd = not odd
        elif a is not FALSE:
            rest.append(a)
    if not rest:
        return bool_expr(odd)
    if len(rest) == len(args):
        return None if len(rest) > 1 else rest[0]
    core = rest[0] if len(rest) == 1 else Expr.from_args(S.Xor, rest)
    return Expr(S.Not, core) if odd else core


@builtin(argc=2, attributes=("Protected",),
         usage="Implies[p, q] represents the logical implication p ⇒ q.",
         examples=(("Implies[False, x]", "True"), ("Implies[True, x]", "x")))
def Implies(ev, p, q):
    if p is TRUE:
        return q
    if p is FALSE or q is TRUE:
        return TRUE
    if q is FALSE:
        return ev.evaluate(Expr(S.Not, p))
    return None


@builtin(argc=1, attributes=("Protected",),
         usage="TrueQ[expr] yields True if expr is True, and False otherwise.",
         examples=(("TrueQ[True]", "True"), ("TrueQ[x]", "False")))
def TrueQ(ev, x):
    return bool_expr(x is TRUE)


@builtin(argc=1, attributes=("Protected",),
         usage="BooleanQ[expr] yields True if expr is either True or False.",
         examples=(("BooleanQ[False]", "True"), ("BooleanQ[1]", "False")))
def BooleanQ(ev, x):
    return bool_expr(x is TRUE or x is FALSE)


# ============================================================================ operator forms

# GreaterThan[y][x] is x > y, and so on; the one-argument form itself stays as it is.
_COMPARISON_OPERATORS = (("EqualTo", "Equal", "=="), ("UnequalTo", "Unequal", "!="),
                         ("GreaterThan", "Greater", ">"), ("GreaterEqualThan", "GreaterEqual", ">="),
                         ("LessThan", "Less", "<"), ("LessEqualThan", "LessEqual", "<="))


def _register_comparison_operator(name: str, relation: str, sign: str) -> None:
    relation_symbol = Symbol(relation)

    def inert(ev, y):
        return None

    def apply(ev, head, *args):
        if len(head.args) != 1 or len(args) != 1:
            return None
        return Expr(relation_symbol, args[0], head.args[0])

    builtin(name, argc=1, attributes=("Protected",),
            usage=f"{name}[y] is an operator form that yields x {sign} y when applied to x.",
            examples=((f"{name}[2][3]", "False" if sign in ("==", "<", "<=") else "True"),))(inert)
    builtin_subvalue(name)(apply)


for _name, _relation, _sign in _COMPARISON_OPERATORS:
    _register_comparison_operator(_name, _relation, _sign)
