"""Port and array types of nets, and their WL spelling.

A tensor type is ``TensorT(dims, elem, tail)``: a known prefix of dimensions, the element
type, and (for a rank not yet known) a ``RankVar`` standing for the remaining dimensions.
A dimension is an ``int``, a ``SizeVar`` (a size not yet known; printed ``SizeT``) or a
``LengthVar`` (a sequence length shared by every port it flows to).  Element types are
``RealT``, ``AtomT`` (a real or an integer, not yet decided), ``IndexIntegerT(n)``
(integers 1..n) and ``ElemVar`` (whichever element type another port has: a layer that only
moves data, such as SequenceReverseLayer, gives its output its input's element type, so
that integer codes stay integer codes with the same bound).

Unknowns are variables with unique ids so that shape inference (``shape.py``) can bind
them; in WL form every ``SizeVar`` is the anonymous ``NeuralNetworks`SizeT`` while a
``LengthVar`` keeps its id (``NeuralNetworks`LengthVar[1066052189]``), as in Wolfram's
InputForm.
"""

from __future__ import annotations

import itertools
import random

import attrs

from wlnet.core.expr import Expr, Integer, S, Symbol

__all__ = [
    "SizeVar", "LengthVar", "RankVar", "ElemVar", "fresh_elem", "RealT", "AtomT", "IndexIntegerT", "TensorT",
    "SizeList", "FrozenDict", "fresh_size", "fresh_length", "fresh_rank", "is_known",
    "SpatialVar", "fresh_spatial",
    "type_to_expr", "type_from_expr", "dim_to_expr", "NN", "describe_type",
]

_ids = itertools.count(1)
# LengthVar ids look like Wolfram's (large and arbitrary) but come from a seeded
# generator, so a session's output is reproducible.
_length_ids = random.Random(20170301)


def NN(name: str) -> Symbol:
    """The symbol ``NeuralNetworks`name``."""
    return Symbol("NeuralNetworks`" + name)


class FrozenDict(dict):
    """A dict that cannot change after construction and hashes by its items (in order)."""

    __slots__ = ("_hash",)

    def _immutable(self, *a, **k):
        raise TypeError("FrozenDict is immutable")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _immutable

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            h = hash(tuple(self.items()))
            object.__setattr__(self, "_hash", h)
            return h

    def set(self, key, value) -> "FrozenDict":
        d = dict(self)
        d[key] = value
        return FrozenDict(d)

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


# ---------------------------------------------------------------------------- variables

@attrs.frozen(slots=True)
class SizeVar:
    """A size not known yet."""
    id: int

    def __repr__(self) -> str:
        return f"SizeVar({self.id})"


@attrs.frozen(slots=True)
class SpatialVar(SizeVar):
    """A size not known yet that may also turn out to be a sequence's length: the first
    spatial dimension of a channels-last (Interleaving -> True) convolution or pooling, which
    WL runs over a varying-length sequence as over a fixed one."""


@attrs.frozen(slots=True)
class LengthVar:
    """A sequence length: every port it flows to has the same length."""
    id: int

    def __repr__(self) -> str:
        return f"LengthVar({self.id})"


@attrs.frozen(slots=True)
class RankVar:
    """An unknown list of trailing dimensions (Wolfram's ``SizeListT[]``)."""
    id: int


@attrs.frozen(slots=True)
class ElemVar:
    """An element type not known yet, shared by the ports of a layer that moves elements
    without computing on them; shown as ``AtomT`` while unknown."""
    id: int


def fresh_elem() -> ElemVar:
    return ElemVar(next(_ids))


def fresh_size() -> SizeVar:
    return SizeVar(next(_ids))


def fresh_spatial() -> SpatialVar:
    return SpatialVar(next(_ids))


def fresh_length() -> LengthVar:
    return LengthVar(_length_ids.randrange(10**8, 2 * 10**9))


def fresh_rank() -> RankVar:
    return RankVar(next(_ids))


def is_known(d) -> bool:
    return isinstance(d, int)


# ---------------------------------------------------------------------------- element types

@attrs.frozen(slots=True)
class _Named:
    name: str

    def __repr__(self) -> str:
        return self.name


RealT = _Named("RealT")
AtomT = _Named("AtomT")


@attrs.frozen(slots=True)
class IndexIntegerT:
    """Integers 1..n (n may be a SizeVar); ``low`` ≠ 1 for Restricted["Integer", {low, n}],
    a range that only layers taking numbers take (not class indices)."""
    n: object
    low: int = 1


@attrs.frozen(slots=True)
class SizeList:
    """A list of dimensions, possibly with an unknown tail (parameters like "$Dimensions")."""
    dims: tuple = ()
    tail: RankVar | None = None


@attrs.frozen(slots=True)
class TensorT:
    dims: tuple = ()
    elem: object = RealT
    tail: RankVar | None = None

    @property
    def shape(self) -> SizeList:
        return SizeList(self.dims, self.tail)


# ---------------------------------------------------------------------------- WL form

def dim_to_expr(d):
    if isinstance(d, int):
        return Integer(d)
    if isinstance(d, LengthVar):
        return Expr(NN("LengthVar"), Integer(d.id))
    return NN("SizeT")


def elem_to_expr(e):
    if isinstance(e, IndexIntegerT):
        if e.low != 1:                     # a range: IndexIntegerT[{low, n}]
            return Expr(NN("IndexIntegerT"), Expr(S.List, Integer(e.low), dim_to_expr(e.n)))
        return Expr(NN("IndexIntegerT"), dim_to_expr(e.n))
    if isinstance(e, ElemVar):
        return NN("AtomT")
    return NN(e.name)


def sizelist_to_expr(dims, tail):
    """{d1, …}; SizeListT[] while the rank is unknown; SizeListT[{d1, …}] for known first
    dimensions followed by an unknown number of others (a parameter such as the
    dimensions of an elementwise layer after a convolution whose rank is not known yet)."""
    if tail is not None:
        if not dims:
            return Expr(NN("SizeListT"))
        return Expr(NN("SizeListT"), Expr.from_args(S.List, (dim_to_expr(d) for d in dims)))
    return Expr.from_args(S.List, (dim_to_expr(d) for d in dims))


def type_to_expr(t):
    """``TensorT(...)`` → ``NeuralNetworks`TensorT[{…}, NeuralNetworks`RealT]``."""
    if isinstance(t, SizeList):
        return sizelist_to_expr(t.dims, t.tail)
    if not isinstance(t, TensorT):
        return elem_to_expr(t)
    elem = elem_to_expr(t.elem)
    if t.tail is not None:
        inner = Expr(NN("TensorT"), Expr(NN("SizeListT")), elem)
        if not t.dims:
            return inner
        return Expr(NN("TensorT"), sizelist_to_expr(t.dims, None), inner)
    return Expr(NN("TensorT"), sizelist_to_expr(t.dims, None), elem)


def _nn_name(e) -> str | None:
    name = e.name if type(e) is Symbol else None
    if name and name.startswith("NeuralNetworks`"):
        return name[len("NeuralNetworks`"):]
    return None


def dim_from_expr(e):
    if type(e) is Integer:
        return e.value
    if _nn_name(e) == "SizeT":
        return fresh_size()
    if type(e) is Expr and _nn_name(e.head) == "LengthVar" and len(e.args) == 1 \
            and type(e.args[0]) is Integer:
        return LengthVar(e.args[0].value)
    raise ValueError("not a dimension")


def elem_from_expr(e):
    name = _nn_name(e)
    if name == "RealT":
        return RealT
    if name == "AtomT":
        return AtomT
    if type(e) is Expr and _nn_name(e.head) == "IndexIntegerT" and len(e.args) == 1:
        bounds = e.args[0]
        if type(bounds) is Expr and bounds.head is S.List and len(bounds.args) == 2 \
                and type(bounds.args[0]) is Integer:
            return IndexIntegerT(dim_from_expr(bounds.args[1]), bounds.args[0].value)
        return IndexIntegerT(dim_from_expr(bounds))
    raise ValueError("not an element type")


def sizelist_from_expr(e) -> SizeList:
    if type(e) is Expr and _nn_name(e.head) == "SizeListT":
        if len(e.args) == 1 and type(e.args[0]) is Expr and e.args[0].head is S.List:
            return SizeList(tuple(dim_from_expr(a) for a in e.args[0].args), fresh_rank())
        return SizeList((), fresh_rank())
    if type(e) is Expr and e.head is S.List:
        return SizeList(tuple(dim_from_expr(a) for a in e.args), None)
    raise ValueError("not a size list")


def type_from_expr(e):
    """Inverse of ``type_to_expr``; raises ValueError for anything else.  Each ``SizeT``
    becomes a fresh variable, each ``SizeListT[]`` a fresh rank variable."""
    if type(e) is Expr and _nn_name(e.head) == "TensorT" and len(e.args) == 2:
        shape = sizelist_from_expr(e.args[0])
        inner = e.args[1]
        if type(inner) is Expr and _nn_name(inner.head) == "TensorT":
            sub = type_from_expr(inner)
            return TensorT(shape.dims + sub.dims, sub.elem, sub.tail)
        return TensorT(shape.dims, elem_from_expr(inner), shape.tail)
    return elem_from_expr(e)


# ---------------------------------------------------------------------------- descriptions

_TIMES = "\u00d7"


def _dim_text(d) -> str:
    if isinstance(d, int):
        return str(d)
    if isinstance(d, LengthVar):
        return "n"
    return "k"


def describe_type(t) -> str:
    """Human wording used in messages: "a length-3 vector of real numbers"."""
    if isinstance(t, int):
        return f"the size {t}"
    if isinstance(t, SizeVar):
        return "a size not yet known"
    if isinstance(t, LengthVar):
        return "a varying length"
    if not isinstance(t, TensorT):
        return "an integer" if isinstance(t, IndexIntegerT) else "a real number"
    elem = t.elem
    # an integer port whose bound is not known ("Integer"): just integers
    bounded = isinstance(elem, IndexIntegerT) and isinstance(elem.n, int)
    what = (f"integers between {elem.low} and {_dim_text(elem.n)}" if bounded else
            "integers" if isinstance(elem, IndexIntegerT) else
            "real numbers" if elem is RealT else "numbers")     # AtomT, ElemVar
    if t.tail is not None:
        if t.dims and isinstance(t.dims[0], LengthVar):     # a sequence of any elements
            return "a sequence of arrays" + ("" if what == "numbers" else f" of {what}")
        return f"an array of {what}"
    dims = t.dims
    if not dims:
        if bounded:
            return f"an integer between {elem.low} and {_dim_text(elem.n)}"
        return "an integer" if isinstance(elem, IndexIntegerT) else "a real number"
    if len(dims) == 1:
        if isinstance(dims[0], LengthVar):
            return f"a sequence of {what}"
        return f"a length-{_dim_text(dims[0])} vector of {what}"
    if isinstance(dims[0], LengthVar):
        rest = dims[1:]
        if len(rest) == 1:
            return f"a sequence of length-{_dim_text(rest[0])} vectors"
        return "a sequence of " + _TIMES.join(_dim_text(d) for d in rest) + " arrays"
    return "a " + _TIMES.join(_dim_text(d) for d in dims) + f" array of {what}"
