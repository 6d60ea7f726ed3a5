"""UnitVectorLayer[n], UnitVectorLayer[]: integers 1..n → one-hot n-vectors (arrays of
integers → arrays of one-hot vectors).  The class count is learnt from an integer-coded
input, e.g. a "Characters" encoder over {DigitCharacter, "+"} gives 11."""

from __future__ import annotations

from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, positive_int
from wlnet.net.types import SizeList, IndexIntegerT, RealT, TensorT


@register
class UnitVector(LayerSpec):
    type_name = "UnitVector"
    symbol = "UnitVectorLayer"
    usage = "UnitVectorLayer[n] represents a net layer that transforms integers between 1 and n into n-dimensional unit vectors."
    params = (Param("ClassCount", "size"), Param("$Dimensions", "sizelist"),
              Param("$OutRank", "rank"))
    min_args, max_args = 0, 1

    def parse_args(self, args, p):
        if args:
            p["ClassCount"] = positive_int(args[0], self.symbol)

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, IndexIntegerT(p["ClassCount"]), d.tail)}

    def outputs(self, p):
        d = p["$Dimensions"]
        if d.tail is None:
            return {"Output": TensorT(d.dims + (p["ClassCount"],), RealT)}
        # the class dimension comes after dimensions not known yet: a loose output type,
        # tied to the real one by ``post`` once the input rank is learnt
        return {"Output": TensorT((), RealT, p["$OutRank"])}

    def post(self, p, u):
        d = u.resolve(p["$Dimensions"])
        loose = u.resolve(TensorT((), RealT, p["$OutRank"]))
        if d.tail is not None and loose.tail is None and loose.dims:
            # learnt backwards: the loose type is known, so are the dimensions and count
            u.unify_shape(d, SizeList(loose.dims[:-1]))
            u.unify_dim(p["ClassCount"], loose.dims[-1])
            return
        if d.tail is None and p["$Dimensions"].tail is not None:
            u.unify(TensorT(d.dims + (p["ClassCount"],), RealT), TensorT((), RealT, p["$OutRank"]))
