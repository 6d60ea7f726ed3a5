"""What SequenceMostLayer and SequenceRestLayer share: a sequence in, a sequence one element
shorter out.

The two lengths are distinct parameters: a fixed input length n gives the output length
n - 1 (and the other way round); a varying input gives a varying output whose examples are
each one element shorter than their input.  Sequences need at least 2 elements (a fixed
length below 2 is refused when the net is built, a shorter example when it is evaluated).
Elements are arrays of any rank; the input may hold integers, the output holds reals (as
SequenceLastLayer's: element types are not carried through a layer, so integer codes do
not reach a layer that needs them as codes).
"""

from __future__ import annotations

from wlnet.net.errors import NetSpecError
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import AtomT, RealT, TensorT


class ShorterSequenceSpec(LayerSpec):
    params = (Param("$InputLength", "length"), Param("$OutputLength", "length"),
              Param("$Dimensions", "sizelist"))

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT((p["$InputLength"],) + d.dims, AtomT, d.tail)}

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT((p["$OutputLength"],) + d.dims, RealT, d.tail)}

    def post(self, p, u):
        n_in, n_out = u.dim(p["$InputLength"]), u.dim(p["$OutputLength"])
        if isinstance(n_in, int):
            if n_in < 2:
                raise NetSpecError("seqshort", self.symbol, n_in, symbol=self.symbol)
            u.unify_dim(p["$OutputLength"], n_in - 1)
        elif isinstance(n_out, int):
            u.unify_dim(p["$InputLength"], n_out + 1)
