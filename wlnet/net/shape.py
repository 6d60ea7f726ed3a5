"""Shape inference: unification of dimensions, ranks and element types through a net.

One ``Unifier`` collects the constraints of a whole net (every layer's ports are written
in terms of its parameters, which hold variables; every connection unifies an output type
with an input type), then ``resolve`` substitutes what was learnt.  Information flows in
both directions because unification is symmetric: ``GatedRecurrentLayer[3]`` after an
encoder learns its input size, ``LinearLayer[]`` learns its size from what it feeds.

A failure raises ``NetTypeError``; the container that made the connection adds which
layers, positions and ports were involved so the WL face can name them in a message.
"""

from __future__ import annotations

from wlnet.net.types import (
    AtomT, ElemVar, IndexIntegerT, LengthVar, RealT, SizeList, SizeVar, SpatialVar, TensorT,
)

__all__ = ["NetTypeError", "ComputedPortError", "Unifier", "unify_decoder"]


class NetTypeError(Exception):
    """Two types that cannot be the same.

    ``kind`` is what differs ("size", "rank", "type"); ``first``/``second`` are the two
    (partly resolved) types; ``where`` is filled in by containers: a dict with the
    layers/ports involved.
    """

    def __init__(self, kind: str, first, second, where: dict | None = None):
        super().__init__(f"incompatible {kind}s: {first!r} vs {second!r}")
        self.kind = kind
        self.first = first
        self.second = second
        self.where = dict(where or {})


class ComputedPortError(NetTypeError):
    """A layer's rule computed dimensions for one of its ports (``side``: "Inputs" or
    "Outputs") that differ from what the port already holds.  ``first`` is what the layer
    computes, ``second`` what the port holds (both SizeLists).  A container whose
    connection fixed the port names that connection; when none does (a lone layer, or a
    port of the net itself), inference reports ``fallback``, the layer's own tyinc."""

    def __init__(self, side: str, computed, held, fallback):
        super().__init__("size" if len(computed.dims) == len(held.dims) else "rank", computed, held)
        self.side = side
        self.fallback = fallback


class Unifier:
    def __init__(self):
        self.bindings: dict = {}        # SizeVar/LengthVar -> dim; RankVar -> SizeList;
                                        # ElemVar -> element type
        # encoders whose port's rank is not known when they are constrained, and the
        # coders chosen for them once it is (see net.constrain_coders)
        self.deferred: list = []        # (node, port, coder, prefix)
        self.coder_choices: dict = {}   # (id(node), port) -> coder

    # ------------------------------------------------------------------ dims
    def dim(self, d):
        """The current value of a dimension (following bindings)."""
        bindings = self.bindings
        if not isinstance(d, (SizeVar, LengthVar)) or d not in bindings:
            return d
        chain = []
        while isinstance(d, (SizeVar, LengthVar)) and d in bindings:
            chain.append(d)
            d = bindings[d]
        # the variables passed on the way are bound to the end of the chain directly (the
        # same value): a large net's chains of sizes tied to sizes were followed again
        # and again by every rule that asked
        for v in chain[:-1]:
            bindings[v] = d
        return d

    def unify_dim(self, a, b, first=None, second=None) -> None:
        a, b = self.dim(a), self.dim(b)
        if a == b:
            return
        # A plain size never becomes a sequence length: a layer that wants a fixed size
        # cannot take a varying one.  A SpatialVar may (see its docstring); it is the one
        # bound, so that a plain size never takes on its freedom.
        if isinstance(b, SpatialVar) and not isinstance(a, SpatialVar):
            a, b = b, a
        if isinstance(a, SpatialVar):
            self.bindings[a] = b
        elif isinstance(a, SizeVar) and not isinstance(b, LengthVar):
            self.bindings[a] = b
        elif isinstance(b, SizeVar) and not isinstance(a, LengthVar):
            self.bindings[b] = a
        elif isinstance(a, LengthVar) and isinstance(b, (LengthVar, int)):
            self.bindings[a] = b
        elif isinstance(b, LengthVar) and isinstance(a, int):
            self.bindings[b] = a
        else:
            raise NetTypeError("size", first if first is not None else a,
                               second if second is not None else b)

    # ------------------------------------------------------------------ shapes
    def shape(self, dims, tail):
        """Expand bound rank variables: returns (dims, tail) with an unbound tail."""
        dims = tuple(dims)
        while tail is not None and tail in self.bindings:
            more = self.bindings[tail]
            dims = dims + more.dims
            tail = more.tail
        return dims, tail

    def unify_shape(self, a: SizeList, b: SizeList, first=None, second=None) -> None:
        first = first if first is not None else a
        second = second if second is not None else b
        da, ta = self.shape(a.dims, a.tail)
        db, tb = self.shape(b.dims, b.tail)
        n = min(len(da), len(db))
        for x, y in zip(da[:n], db[:n]):
            self.unify_dim(x, y, first, second)
        ra, rb = da[n:], db[n:]
        if ra and rb:                   # cannot happen: zip consumed the shorter
            raise AssertionError
        if ra:                          # b ran out: its tail must take the rest of a
            self._bind_tail(tb, SizeList(ra, ta), first, second)
        elif rb:
            self._bind_tail(ta, SizeList(rb, tb), first, second)
        elif ta is not None and tb is not None:
            if ta != tb:
                self.bindings[tb] = SizeList((), ta)
        elif ta is not None:
            self.bindings[ta] = SizeList((), None)
        elif tb is not None:
            self.bindings[tb] = SizeList((), None)

    def _bind_tail(self, tail, rest: SizeList, first, second) -> None:
        if tail is None or tail == rest.tail:      # fixed rank, or occurs check failure
            raise NetTypeError("rank", first, second)
        self.bindings[tail] = rest

    # ------------------------------------------------------------------ tensors
    def elem(self, e):
        """The current value of an element type (following bindings)."""
        while isinstance(e, ElemVar) and e in self.bindings:
            e = self.bindings[e]
        return e

    def unify_elem(self, src, dst, first=None, second=None) -> None:
        """``src`` flows into ``dst``.  Integers may feed a port that wants reals, not
        the other way round.  An element variable on the receiving side takes what flows
        in; on the producing side it learns only a requirement (integer codes), since a
        port that wants reals takes any element."""
        src, dst = self.elem(src), self.elem(dst)
        if src == dst:
            return
        if isinstance(dst, ElemVar):
            if src is not AtomT:                   # AtomT: not decided yet, nothing learnt
                self.bindings[dst] = src
            return
        if isinstance(src, ElemVar):
            if isinstance(dst, IndexIntegerT):
                self.bindings[src] = dst
            return
        if src is AtomT or dst is AtomT:
            return
        if isinstance(src, IndexIntegerT) and isinstance(dst, IndexIntegerT):
            if src.low != dst.low:         # a range {0, n} is not class indices 1..n
                raise NetTypeError("type", first, second)
            self.unify_dim(src.n, dst.n, first, second)
        elif isinstance(dst, IndexIntegerT) and src is RealT:
            raise NetTypeError("type", first, second)

    def unify(self, src, dst) -> None:
        """Make two port types the same (``src`` is the producing side).  A failure
        reports both types with what was learnt so far substituted."""
        try:
            if not (isinstance(src, TensorT) and isinstance(dst, TensorT)):
                raise NetTypeError("type", src, dst)
            self.unify_shape(src.shape, dst.shape, src, dst)
            self.unify_elem(src.elem, dst.elem, src, dst)
        except NetTypeError as err:
            err.first, err.second = self.resolve(src), self.resolve(dst)
            raise

    # ------------------------------------------------------------------ substitution
    def resolve(self, x):
        """Substitute every binding into a dim, element type, size list or tensor type
        (and, recursively, tuples/lists/dicts of them)."""
        if isinstance(x, (SizeVar, LengthVar)):
            return self.dim(x)
        if isinstance(x, TensorT):
            dims, tail = self.shape(x.dims, x.tail)
            return TensorT(tuple(self.dim(d) for d in dims), self.resolve(x.elem), tail)
        if isinstance(x, SizeList):
            dims, tail = self.shape(x.dims, x.tail)
            return SizeList(tuple(self.dim(d) for d in dims), tail)
        if isinstance(x, ElemVar):
            x = self.elem(x)
        if isinstance(x, IndexIntegerT):
            return IndexIntegerT(self.dim(x.n), x.low)
        if type(x) is tuple:            # e.g. one size list per input port
            return tuple(self.resolve(v) for v in x)
        return x


def unify_decoder(u, port_type, decoder_type) -> None:
    """An output port feeds its decoder (unified in that order); a clash names the
    decoder's type first, as the message names the decoder first."""
    try:
        u.unify(port_type, decoder_type)
    except NetTypeError as err:
        err.first, err.second = err.second, err.first
        raise
