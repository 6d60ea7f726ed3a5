"""What the layers that change a sequence's length by one share: SequenceMostLayer and
SequenceRestLayer (one element shorter), AppendLayer and PrependLayer (one longer).

The two lengths are distinct parameters: a fixed input length n gives the output length
n + change (and the other way round); a varying input gives a varying output whose examples
are each `change` elements longer than their input.  Shortening needs sequences of at least
2 elements (a fixed length below 2 is refused when the net is built, a shorter example when
it is evaluated).  Elements are arrays of any rank, of the element type of the input (an
integer sequence stays an integer sequence with the same bound: "$Element").
"""

from __future__ import annotations

from wlnet.net.errors import NetSpecError
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import TensorT


class SequenceLengthChangeSpec(LayerSpec):
    change: int = 0          # -1 or +1
    params = (Param("$InputLength", "length"), Param("$OutputLength", "length"),
              Param("$Dimensions", "sizelist"), Param("$Element", "elem"))

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT((p["$InputLength"],) + d.dims, p["$Element"], d.tail)}

    def element_type(self, p):
        """One element of the sequence (AppendLayer's and PrependLayer's "Element" port)."""
        d = p["$Dimensions"]
        return TensorT(d.dims, p["$Element"], d.tail)

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT((p["$OutputLength"],) + d.dims, p["$Element"], d.tail)}

    def post(self, p, u):
        n_in, n_out = u.dim(p["$InputLength"]), u.dim(p["$OutputLength"])
        if isinstance(n_in, int):
            if n_in + self.change < 1:
                raise NetSpecError("seqshort", self.symbol, n_in, symbol=self.symbol)
            u.unify_dim(p["$OutputLength"], n_in + self.change)
        elif isinstance(n_out, int) and n_out - self.change >= 1:
            u.unify_dim(p["$InputLength"], n_out - self.change)
