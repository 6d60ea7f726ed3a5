"""Wolfram Language expressions: atoms and normal expressions.

Every node is immutable and hashable.  Atoms are Integer (any size), Real (machine or
marked precision), Rational, Complex, String and Symbol; a normal expression is
``Expr(head, *args)``.  Every node answers ``.head`` (an atom's head is the symbol naming
its type), so ``Expr(e.head, *e.args) == e`` holds for every normal expression.

Symbols are interned: ``Symbol("x") is Symbol("x")``.  Symbols of the ``System`` and
``Global`` contexts are stored under their short names; symbols of other contexts keep
their full name (``NeuralNetworks`TensorT``).  Which symbol a name *read* in a package
means ($Context, $ContextPath) is wlnet.core.contexts' business.

Equality is structural and type-aware, as ``SameQ``: ``Integer(1) != Real(1.0)``.

The fields live in private slots behind read-only properties: construction is the hot
path of the evaluator and stays a plain slot store, while the public surface cannot be
mutated by accident.
"""

from __future__ import annotations

import math
from fractions import Fraction
from math import gcd
from operator import attrgetter
from typing import Iterable

from wlnet.core.bigreal import (MACHINE_PRECISION, BigFloat, big_from_exact, big_from_float,
                                big_from_text)

__all__ = [
    "Atom", "Integer", "Real", "Rational", "Complex", "String", "Symbol", "Expr",
    "S", "from_python", "to_python", "is_atom", "is_number", "NULL", "TRUE", "FALSE",
    "sym_name", "existing_symbol",
]


class Atom:
    """Base of every atomic expression (nothing has parts)."""

    __slots__ = ()
    args: tuple = ()

    def __len__(self) -> int:          # Length of an atom is 0, as in WL
        return 0


# ---------------------------------------------------------------------------- symbols

_SYMBOLS: dict[str, "Symbol"] = {}
_IMPLICIT_CONTEXTS = ("System`", "Global`")


def _short_name(name: str) -> str:
    for ctx in _IMPLICIT_CONTEXTS:
        if name.startswith(ctx) and "`" not in name[len(ctx):]:
            return name[len(ctx):]
    if name.startswith("`"):            # `a is relative to the current context (Global`)
        return name[1:]
    return name


class Symbol(Atom):
    """An interned symbol.  ``Symbol("f")(x, y)`` builds ``f[x, y]``."""

    __slots__ = ("_name", "_hash")
    name = property(attrgetter("_name"))

    def __new__(cls, name: str) -> "Symbol":
        sym = _SYMBOLS.get(name)
        if sym is not None:
            return sym
        short = _short_name(name)
        sym = _SYMBOLS.get(short)
        if sym is None:
            sym = object.__new__(cls)
            object.__setattr__(sym, "_name", short)
            object.__setattr__(sym, "_hash", hash(("Symbol", short)))
            _SYMBOLS[short] = sym
        _SYMBOLS[name] = sym
        return sym

    def __setattr__(self, key, value):
        raise AttributeError("Symbol is immutable")

    def __reduce__(self):               # interning survives copy/deepcopy
        return (Symbol, (self._name,))

    @property
    def head(self) -> "Symbol":
        return SYMBOL_HEAD

    def __call__(self, *args) -> "Expr":
        return Expr(self, *args)

    def __eq__(self, other) -> bool:
        return self is other

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Symbol({self._name!r})"


class _SymbolNamespace:
    """``S.List``, ``S.Plus``…: terse access to interned symbols from Python code."""

    def __getattr__(self, name: str) -> Symbol:
        if name.startswith("__"):
            raise AttributeError(name)
        sym = Symbol(name)
        # symbols are interned and immutable: keep it as a plain attribute, so the next
        # S.<name> (hot paths use them) is an ordinary attribute hit, not this call
        setattr(self, name, sym)
        return sym

    def __getitem__(self, name: str) -> Symbol:
        return Symbol(name)


S = _SymbolNamespace()
SYMBOL_HEAD = Symbol("Symbol")


def existing_symbol(name: str) -> Symbol | None:
    """The symbol of that name when one has been made, else None (nothing is made)."""
    return _SYMBOLS.get(name)


def sym_name(e) -> str | None:
    """The name of a symbol, or None for anything else."""
    return e._name if type(e) is Symbol else None


# ---------------------------------------------------------------------------- numbers

class Integer(Atom):
    """An exact integer of any size."""

    __slots__ = ("_value",)
    value = property(attrgetter("_value"))

    def __init__(self, value: int):
        self._value = int(value)

    head = S.Integer

    def __eq__(self, other) -> bool:
        return type(other) is Integer and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Integer", self._value))

    def __repr__(self) -> str:
        return f"Integer({self._value})"


class Real(Atom):
    """A real number.  ``precision`` is None for a machine real: the value is a float
    (float64).  Otherwise the real is arbitrary-precision (a "bignum", ``N[Pi, 30]``,
    ``1.5`20``): the value is a BigFloat (wlnet.core.bigreal) that knows its precision
    and accuracy.  ``Real(x, p)`` makes one from a BigFloat (its own precision is kept),
    a float or int or Fraction (made to precision p) or decimal text (read to p digits)."""

    __slots__ = ("_value", "_precision")
    value = property(attrgetter("_value"))
    precision = property(attrgetter("_precision"))

    def __init__(self, value, precision: float | None = None):
        if precision is None:            # the hot path: a machine real
            self._value = float(value)
            self._precision = None
            return
        if type(value) is not BigFloat:
            value = _to_bignum(value, float(precision))
        self._value = value
        self._precision = value.prec

    head = S.Real

    @property
    def is_machine(self) -> bool:
        return self._precision is None

    @property
    def accuracy(self) -> float:
        """Digits known after the decimal point (a bignum's own; a machine real's from
        $MachinePrecision)."""
        if self._precision is not None:
            return self._value.acc
        x = abs(self._value)
        return MACHINE_PRECISION - (math.log10(x) if x else -307.0)

    def __eq__(self, other) -> bool:
        return (type(other) is Real and other._value == self._value
                and other._precision == self._precision)

    def __hash__(self) -> int:
        return hash(("Real", self._value, self._precision))

    def __repr__(self) -> str:
        if self._precision is None:
            return f"Real({self._value!r})"
        return f"Real({self._value!r}, precision={self._precision!r})"


def _to_bignum(value, precision: float) -> BigFloat:
    if type(value) is str:
        return big_from_text(value, precision)
    if type(value) is float:
        return big_from_float(value, precision)
    if type(value) is int or type(value) is Fraction:
        return big_from_exact(value, precision)
    return big_from_float(float(value), precision)


class Rational(Atom):
    """An exact fraction p/q in lowest terms with q > 1 (otherwise use ``make_rational``,
    which returns an Integer when the denominator is 1)."""

    __slots__ = ("_num", "_den")
    numerator = property(attrgetter("_num"))
    denominator = property(attrgetter("_den"))

    def __init__(self, numerator: int, denominator: int):
        if denominator == 0:
            raise ZeroDivisionError("Rational with zero denominator")
        if denominator < 0:
            numerator, denominator = -numerator, -denominator
        g = gcd(numerator, denominator)
        self._num = numerator // g
        self._den = denominator // g

    head = S.Rational

    @property
    def value(self) -> Fraction:
        return Fraction(self._num, self._den)

    @property
    def args(self) -> tuple:            # FullForm Rational[p, q] shows these
        return (Integer(self._num), Integer(self._den))

    def __eq__(self, other) -> bool:
        return type(other) is Rational and other._num == self._num and other._den == self._den

    def __hash__(self) -> int:
        return hash(("Rational", self._num, self._den))

    def __repr__(self) -> str:
        return f"Rational({self._num}, {self._den})"


def make_rational(numerator: int, denominator: int) -> Integer | Rational:
    """p/q as the canonical exact number: an Integer when q divides p."""
    r = Rational(numerator, denominator)
    return Integer(r._num) if r._den == 1 else r


class Complex(Atom):
    """A complex number whose parts are Integer, Rational or Real atoms."""

    __slots__ = ("_re", "_im")
    re = property(attrgetter("_re"))
    im = property(attrgetter("_im"))

    def __init__(self, re: Atom, im: Atom):
        self._re = re
        self._im = im

    head = S.Complex

    @property
    def args(self) -> tuple:
        return (self._re, self._im)

    def __eq__(self, other) -> bool:
        return type(other) is Complex and other._re == self._re and other._im == self._im

    def __hash__(self) -> int:
        return hash(("Complex", self._re, self._im))

    def __repr__(self) -> str:
        return f"Complex({self._re!r}, {self._im!r})"


# ---------------------------------------------------------------------------- strings

class String(Atom):
    """A string (the characters themselves, escapes already resolved)."""

    __slots__ = ("_value",)
    value = property(attrgetter("_value"))

    def __init__(self, value: str):
        self._value = value

    head = S.String

    def __eq__(self, other) -> bool:
        return type(other) is String and other._value == self._value

    def __hash__(self) -> int:
        return hash(("String", self._value))

    def __repr__(self) -> str:
        return f"String({self._value!r})"


# ---------------------------------------------------------------------------- normal

# how str() shows an expression: repr until the printer replaces it with FullForm
STR_FORM = [repr]

# numpy array -> packed List (None when it cannot be packed): installed by wlnet.core.packed
# when it is imported (it imports this module, not the reverse)
PACK_ARRAY = [None]


class Expr:
    """A normal expression ``head[args…]``; the head may itself be any expression."""

    __slots__ = ("_head", "_args", "_hash")
    head = property(attrgetter("_head"))
    args = property(attrgetter("_args"))

    def __init__(self, head, *args):
        self._head = head
        self._args = args
        self._hash = None

    @classmethod
    def from_args(cls, head, args: Iterable) -> "Expr":
        """Build ``head[args…]`` from an iterable without star-unpacking at call sites."""
        e = cls.__new__(cls)
        e._head = head
        e._args = tuple(args)
        e._hash = None
        return e

    def __len__(self) -> int:
        return len(self._args)

    def __hash__(self) -> int:
        h = self._hash
        if h is None:
            h = hash((self._head, self._args))
            self._hash = h
        return h

    def __eq__(self, other) -> bool:
        if self is other:
            return True
        if type(other) is not Expr or len(other._args) != len(self._args):
            return False
        if self._hash is not None and other._hash is not None and self._hash != other._hash:
            return False
        return self._head == other._head and self._args == other._args

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def has_head(self, sym: Symbol) -> bool:
        return self._head is sym

    def __repr__(self) -> str:
        inner = ", ".join(repr(a) for a in self._args)
        return f"Expr({self._head!r}{', ' if inner else ''}{inner})"

    def __str__(self) -> str:
        # printing is the syntax layer's job: wlnet.syntax.printer installs its FullForm
        # here when it is imported (core imports nothing above it)
        return STR_FORM[0](self)


# ---------------------------------------------------------------------------- helpers

NULL = S.Null
TRUE = Symbol("True")
FALSE = Symbol("False")
_NUMBER_TYPES = (Integer, Real, Rational, Complex)


def is_atom(e) -> bool:
    return isinstance(e, Atom)


def is_number(e) -> bool:
    return type(e) in _NUMBER_TYPES


def from_python(obj):
    """Convert a Python value to an expression (expressions pass through).

    int → Integer, float → Real, str → String, bool → True/False, None → Null,
    list/tuple → List, dict → Association of rules, Fraction → Rational,
    complex → Complex, numpy scalars → numbers, numpy arrays of numbers → packed arrays
    (other arrays → nested Lists).
    """
    if isinstance(obj, (Atom, Expr)):
        return obj
    if isinstance(obj, bool):
        return TRUE if obj else FALSE
    if isinstance(obj, int):
        return Integer(obj)
    if isinstance(obj, float):
        return Real(obj)
    if isinstance(obj, str):
        return String(obj)
    if obj is None:
        return NULL
    if isinstance(obj, Fraction):
        return make_rational(obj.numerator, obj.denominator)
    if isinstance(obj, complex):
        return Complex(Real(obj.real), Real(obj.imag))
    if isinstance(obj, (list, tuple)):
        return Expr.from_args(S.List, (from_python(x) for x in obj))
    if isinstance(obj, dict):
        return Expr.from_args(S.Association,
                              (Expr(S.Rule, from_python(k), from_python(v)) for k, v in obj.items()))
    tolist = getattr(obj, "tolist", None)          # numpy arrays and scalars
    if tolist is not None:
        if getattr(obj, "ndim", 0) >= 1 and PACK_ARRAY[0] is not None:
            packed = PACK_ARRAY[0](obj)
            if packed is not None:
                return packed
        return from_python(tolist())
    raise TypeError(f"cannot convert {type(obj).__name__} to a WL expression")


def to_python(e):
    """Convert an expression to plain Python where there is an obvious counterpart.

    Numbers → int/float/Fraction/complex (an arbitrary-precision real → mpmath.mpf with
    all its bits), strings → str, True/False → bool, Null → None,
    List → list, Association → dict; anything else is returned as the expression itself.
    """
    t = type(e)
    if t is Real and e._precision is not None:
        import mpmath                   # a bignum: mpmath's own arbitrary-precision float
        return mpmath.mp.make_mpf(e._value.v)
    if t is Integer or t is Real or t is String:
        return e._value
    if t is Rational:
        return e.value
    if t is Complex:
        return complex(to_python(e._re), to_python(e._im))
    if t is Symbol:
        if e is TRUE:
            return True
        if e is FALSE:
            return False
        if e is NULL:
            return None
        return e
    if t is Expr:
        if e._head is S.List:
            return [to_python(a) for a in e._args]
        if e._head is S.Association and all(type(a) is Expr and a._head in (S.Rule, S.RuleDelayed)
                                             and len(a._args) == 2 for a in e._args):
            return {_hashable(to_python(a._args[0])): to_python(a._args[1]) for a in e._args}
    return e


def _hashable(x):
    return tuple(_hashable(y) for y in x) if isinstance(x, list) else x
