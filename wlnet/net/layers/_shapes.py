"""Shape-inference helpers shared by the array and structure layers (FlattenLayer,
TransposeLayer, CatenateLayer, AggregationLayer…), whose output dimensions are computed
from their input's once its rank is known, and WL level arguments."""

from __future__ import annotations

from math import prod

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.spec import LayerSpec, dims_text
from wlnet.net.types import LengthVar, RealT, SizeList, TensorT, fresh_size

__all__ = ["known_rank", "set_dims", "port", "dim_product", "level_arg", "no_varying",
           "is_list", "is_infinity", "SameShapeLayer"]


def port(d: SizeList, elem=RealT) -> TensorT:
    """An array port of the size list ``d`` (real unless ``elem`` says otherwise)."""
    return TensorT(d.dims, elem, d.tail)


class SameShapeLayer(LayerSpec):
    """A layer whose one input and one output are real arrays of the same dimensions, the
    size list "$Dimensions" (ElementwiseLayer, DropoutLayer, SoftmaxLayer, the
    normalization layers, ConstantPlusLayer…)."""

    def inputs(self, p):
        return {"Input": port(p["$Dimensions"])}

    def outputs(self, p):
        return {"Output": port(p["$Dimensions"])}


def known_rank(u, sizelist: SizeList) -> tuple | None:
    """The dimensions of ``sizelist`` as learnt so far when its rank is known, else None."""
    s = u.resolve(sizelist)
    return None if s.tail is not None else s.dims


def set_dims(u, sizelist: SizeList, dims: list, symbol: str, what: str = "output") -> None:
    """Unify ``sizelist`` with ``dims``, whose entries may be None (not known yet)."""
    from wlnet.net.shape import NetTypeError
    s = u.resolve(sizelist)
    if s.tail is not None and len(s.dims) <= len(dims):     # the rank comes from ``dims``
        fill = tuple(fresh_size() if d is None else d for d in dims[len(s.dims):])
        u.unify_shape(s, SizeList(s.dims + fill))
    have = u.resolve(sizelist).dims
    if len(have) != len(dims):
        # the rank the rest of the net gave this port against the one its input gives (the
        # port's own: a FlattenLayer's vector feeding a port that takes a number)
        raise _conflict(what, have, dims, symbol)
    for want, got in zip(have, dims):
        if got is None:
            continue
        try:
            u.unify_dim(want, got)
        except NetTypeError:
            raise _conflict(what, tuple(u.resolve(have)), dims, symbol)


def _conflict(what: str, have: tuple, dims: list, symbol: str) -> Exception:
    """The error for a port (or array) whose dimensions ``have`` differ from the ones the
    layer's rule computes: for a port, one that a container can blame on the connection
    that fixed the port (see ComputedPortError)."""
    from wlnet.net.shape import ComputedPortError
    own = NetSpecError("tyinc", f"{what} of {symbol}", dims_text(have),
                       "dimensions computed from its input", dims_text(dims), symbol=symbol)
    side = {"output": "Outputs", "input": "Inputs"}.get(what)
    if side is None:
        return own
    computed = SizeList(tuple(h if d is None else d for h, d in zip(have, dims))
                        if len(have) == len(dims) else tuple(dims))
    if any(d is None for d in computed.dims):
        return own
    return ComputedPortError(side, computed, SizeList(tuple(have)), own)


def dim_product(dims) -> int | None:
    """The product of dimensions when all are known, else None."""
    dims = tuple(dims)
    return int(prod(dims)) if all(isinstance(d, int) for d in dims) else None


def no_varying(dims, symbol: str, what) -> None:
    """A level that merges or moves a sequence's varying length is an error."""
    if any(isinstance(d, LengthVar) for d in dims):
        raise NetSpecError("nodyn", symbol, what, symbol=symbol)


def level_arg(e, symbol: str, what: str = "level") -> int:
    """A nonzero integer level."""
    if type(e) is Integer and e.value != 0:
        return e.value
    raise NetSpecError("netarg", e, what, "it should be a nonzero integer", symbol=symbol)


def is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def is_infinity(e) -> bool:
    return (type(e) is Symbol and e.name == "Infinity") or (
        type(e) is Expr and e.head is Symbol("DirectedInfinity") and e.args == (Integer(1),))


class ShapeLayer(LayerSpec):
    """A layer with one "Input" and one "Output" whose dimensions its ``post`` rule relates
    (parameters "$InputDimensions" and "$OutputDimensions", SizeLists).  A layer that only
    moves elements declares a hidden "$Element" parameter (kind "elem"): both ports then
    carry the element type that flows in, so integer codes stay integer codes."""

    def inputs(self, p):
        return {"Input": port(p["$InputDimensions"], p.get("$Element", RealT))}

    def outputs(self, p):
        return {"Output": port(p["$OutputDimensions"], p.get("$Element", RealT))}
