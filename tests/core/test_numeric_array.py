"""NumericArray values (wlnet/core/numeric_array.py): an atom of the core language."""

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S
from wlnet.core.numeric_array import NumericArray, numeric_array_from_expr


def lst(*xs):
    return Expr(S.List, *(Integer(x) if isinstance(x, int) else Real(x) if isinstance(x, float)
                          else x for x in xs))


def test_numeric_array_equality_and_hash():
    a, b = NumericArray([[1, 2]], "Real32"), NumericArray(np.array([[1.0, 2.0]]), "Real32")
    assert a == b and hash(a) == hash(b)
    assert a != NumericArray([[1, 2]], "Real64") and a != NumericArray([1, 2], "Real32")
    assert a.array.dtype == np.float32 and not a.array.flags.writeable


def test_numeric_array_expr_form_reads_back():
    a = NumericArray([[0.1, 2]], "Real32")
    data, t = a.to_expr_form().args
    assert numeric_array_from_expr(data, t.value) == a


def test_integer_types_reject_fractions_and_overflow():
    assert numeric_array_from_expr(lst(1.5), "Integer8") is None
    assert numeric_array_from_expr(lst(300), "UnsignedInteger8") is None
    assert numeric_array_from_expr(lst(1, 2), "UnsignedInteger8").array.dtype == np.uint8
    assert numeric_array_from_expr(lst(lst(1), lst(1, 2)), "Real32") is None
