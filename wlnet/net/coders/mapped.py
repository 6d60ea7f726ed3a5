"""A coder mapped over an array of inputs: the port specifications
``"Input" -> {"Varying", NetEncoder[…]}`` (a sequence of class labels, of strings, of
images…), ``"Output" -> {n, NetDecoder[…]}``, and the "Class" encoder's "Dimensions"
parameter.

``MappedCoder(inner, dims)`` encodes a (nested) list of inputs of dimensions ``dims``
(the first may be a sequence length) with ``inner`` and stacks the codes; as a decoder it
decodes every array at the inner decoder's rank and gives the list of decisions.  Its WL
form is the inner coder's with a "Dimensions" parameter, which ``coder_from_expr`` reads
back.
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, S
from wlnet.net.coders.base import Coder, CoderError
from wlnet.net.types import LengthVar, SizeVar, TensorT, dim_to_expr

__all__ = ["MappedCoder", "mapped"]


def mapped(inner: Coder, dims: tuple) -> Coder:
    """``inner`` mapped over arrays of dimensions ``dims`` (nested mappings merge; no dims:
    ``inner`` itself)."""
    if not dims:
        return inner
    if isinstance(inner, MappedCoder):
        return MappedCoder(inner.inner, tuple(dims) + inner.dims)
    return MappedCoder(inner, tuple(dims))


def _is_list(x) -> bool:
    return type(x) is Expr and x.head is S.List


@attrs.frozen(slots=True)
class MappedCoder(Coder):
    inner: Coder
    dims: tuple                           # ints, size or length variables

    @property
    def kind(self) -> str:
        return self.inner.kind

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def type(self):
        t = self.inner.type
        return TensorT(tuple(self.dims) + tuple(t.dims), t.elem, t.tail)

    @property
    def rank(self) -> int:
        """A decoder's: the rank of the arrays one decision list is read from."""
        return len(self.dims) + getattr(self.inner, "rank", 1)

    @property
    def allows_bypass(self) -> bool:
        return self.inner.allows_bypass

    def __getattr__(self, attr):
        # the inner coder's own fields ("labels", "count", "output_form"…) for summaries
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self.inner, attr)

    # -- encoding

    def takes(self, x) -> bool:
        """Whether ``x`` is one input: a nested list of the dimensions, of inner inputs."""
        return self._takes(x, 0, self.inner.takes)

    def _takes(self, x, level: int, leaf) -> bool:
        if level == len(self.dims):
            return leaf(x)
        d = self.dims[level]
        return (_is_list(x) and (not isinstance(d, int) or len(x.args) == d)
                and all(self._takes(a, level + 1, leaf) for a in x.args))

    def encode_array(self, e):
        return self._encode(e, 0)

    def _encode(self, e, level: int):
        if level == len(self.dims):
            return np.asarray(self.inner.encode_array(e))
        d = self.dims[level]
        if not _is_list(e):
            raise CoderError("input was not a list of inputs for the encoder")
        if isinstance(d, int) and len(e.args) != d:
            raise CoderError(f"input was a list of length {len(e.args)}, not {d}")
        codes = [self._encode(a, level + 1) for a in e.args]
        if not codes:
            raise CoderError("input was an empty list")
        if len({c.shape for c in codes}) > 1:
            raise CoderError("the elements of the input encode to arrays of different shapes")
        return np.stack(codes)

    # -- decoding

    def decode(self, arr, prop="Decision"):
        inner_rank = getattr(self.inner, "rank", 1)
        if arr.ndim <= inner_rank:
            return self.inner.decode(arr, prop)
        return Expr.from_args(S.List, (self.decode(a, prop) for a in arr))

    def valid_argument(self, name, arg) -> bool:
        valid = getattr(self.inner, "valid_argument", None)
        return valid is None or valid(name, arg)

    def properties(self) -> list:
        return self.inner.properties()

    # -- the coder as a value

    def params_expr(self):
        dims = Expr.from_args(S.List, (dim_to_expr(d) for d in self.dims))
        # a decoder's "InputDepth" counts the levels it is mapped over (WL: "Class" with
        # "InputDepth" -> 2 takes a matrix); the form is read back from "Dimensions"
        inner = [(k, Integer(v.value + len(self.dims)) if k == "InputDepth" else v)
                 for k, v in self.inner.params_expr()]
        return [*inner, ("Dimensions", dims)]

    def resolve(self, u):
        return MappedCoder(self.inner.resolve(u), tuple(u.dim(d) for d in self.dims))

    def map_vars(self, f):
        return MappedCoder(self.inner.map_vars(f),
                           tuple(f(d) if isinstance(d, (SizeVar, LengthVar)) else d
                                 for d in self.dims))
