"""The discrete cosine and sine transforms: FourierDCT and FourierDST, types 1 to 4.

WL normalises every type so that it is orthogonal: DCT and DST types 1 and 4 are their
own inverses, types 2 and 3 each other's.  For a list u of length n (r, s from 1 to n):

    DCT-I    1/Sqrt[2 (n-1)] (u_1 + (-1)^(s-1) u_n + 2 Sum_{r=2}^{n-1} u_r Cos[Pi (r-1)(s-1)/(n-1)])
    DCT-II   1/Sqrt[n] Sum_r u_r Cos[Pi (s-1)(r-1/2)/n]
    DCT-III  1/Sqrt[n] (u_1 + 2 Sum_{r=2}^n u_r Cos[Pi (r-1)(s-1/2)/n])
    DCT-IV   Sqrt[2/n] Sum_r u_r Cos[Pi (r-1/2)(s-1/2)/n]
    DST-I    Sqrt[2/(n+1)] Sum_r u_r Sin[Pi r s/(n+1)]
    DST-II   1/Sqrt[n] Sum_r u_r Sin[Pi s (r-1/2)/n]
    DST-III  1/Sqrt[n] ((-1)^(s-1) u_n + 2 Sum_{r=1}^{n-1} u_r Sin[Pi r (s-1/2)/n])
    DST-IV   Sqrt[2/n] Sum_r u_r Sin[Pi (r-1/2)(s-1/2)/n]

SciPy's unnormalised transforms are these times 2 (n-1) (DCT-I), 2 (n+1) (DST-I), 2 Sqrt[n]
(type 2), Sqrt[n] (type 3) and Sqrt[2 n] (type 4) over the square root as written, so each
axis is rescaled by one factor.  A nested list is an array: the transform runs along every
dimension.  Exact numbers are made machine numbers first (as N does); complex data are
transformed linearly (real and imaginary parts alike).  The type may be written 1…4 or
"I"…"IV".
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin

_MESSAGES = {
    "fftl": "`1` is not a non-empty list or rectangular array of numbers.",
    "type": "`1` is not a transform type: 1, 2, 3 or 4 (or \"I\", \"II\", \"III\", \"IV\").",
    "dct1": "The type 1 cosine transform needs at least two elements along every dimension "
            "of `1`.",
}

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _transform_type(spec) -> int | None:
    if type(spec) is Integer and 1 <= spec.value <= 4:
        return spec.value
    if type(spec) is String:
        return _ROMAN.get(spec.value)
    return None


def _scale(kind: str, tt: int, n: int) -> float:
    """What SciPy's unnormalised transform of length n is divided by to give WL's."""
    if tt == 1:
        return math.sqrt(2 * (n - 1)) if kind == "dct" else math.sqrt(2 * (n + 1))
    return {2: 2 * math.sqrt(n), 3: math.sqrt(n), 4: math.sqrt(2 * n)}[tt]


def _transform(ev, head, kind: str, data, spec):
    tt = _transform_type(spec)
    if tt is None:
        ev.message(head, "type", spec)
        return None
    numeric = to_packed(ev.evaluate(Expr(S.N, data)), coerce=True)
    arr = packed_array(numeric) if numeric is not None else None
    if arr is None or arr.size == 0 or arr.ndim == 0 or arr.dtype.kind not in "iufc":
        ev.message(head, "fftl", data)
        return None
    if kind == "dct" and tt == 1 and min(arr.shape) < 2:
        ev.message(head, "dct1", data)
        return None
    import scipy.fft

    transform = scipy.fft.dctn if kind == "dct" else scipy.fft.dstn
    values = arr.astype(complex if arr.dtype.kind == "c" else float)
    result = transform(values, type=tt)
    result = result / math.prod(_scale(kind, tt, n) for n in arr.shape)
    return list_from_array(result)


@builtin("FourierDCT", argc=(1, 2), messages=_MESSAGES, attributes=("Protected",),
         usage="FourierDCT[list] is the discrete cosine transform (type 2, WL's orthogonal "
               "normalisation) of a list or rectangular array of numbers; FourierDCT[list, m] "
               "the one of type m (1 to 4).  Types 1, 2, 3, 4 are inverted by 1, 3, 2, 4.",
         examples=(("FourierDCT[{1, 1, 1, 1}]", "{2., 0., 0., 0.}"),
                   ("Chop[FourierDCT[FourierDCT[{1, 2, 3}], 3] - {1, 2, 3}]", "{0, 0, 0}")))
def fourier_dct(ev, data, spec=Integer(2)):
    return _transform(ev, S.FourierDCT, "dct", data, spec)


@builtin("FourierDST", argc=(1, 2), messages=_MESSAGES, attributes=("Protected",),
         usage="FourierDST[list] is the discrete sine transform (type 2, WL's orthogonal "
               "normalisation) of a list or rectangular array of numbers; FourierDST[list, m] "
               "the one of type m (1 to 4).  Types 1, 2, 3, 4 are inverted by 1, 3, 2, 4.",
         examples=(("FourierDST[{1, 0, 0}, 1] == {1/2, 1/Sqrt[2], 1/2}", "True"),
                   ("Chop[FourierDST[FourierDST[{1, 2, 3}, 2], 3] - {1, 2, 3}]", "{0, 0, 0}")))
def fourier_dst(ev, data, spec=Integer(2)):
    return _transform(ev, S.FourierDST, "dst", data, spec)
