"""Port specifications (wlnet/net/ports.py)."""

import pytest

from wlnet.core.expr import Expr, Integer, String, Symbol
from wlnet.net.coders.decoders import ClassDecoder, ScalarDecoder
from wlnet.net.coders.encoders import CharactersEncoder
from wlnet.net.errors import NetSpecError
from wlnet.net.ports import port_spec
from wlnet.net.types import AtomT, IndexIntegerT, LengthVar, RealT, SizeVar, TensorT

from _netutil import lst, sym


@pytest.mark.parametrize("spec, check", [
    (Integer(3), lambda t: t == TensorT((3,), AtomT)),
    (lst(2, 3), lambda t: t.dims == (2, 3)),
    (lst("Varying", 2), lambda t: isinstance(t.dims[0], LengthVar) and t.dims[1] == 2),
    # a named length, as WL writes one: {"n", 16} is a sequence of 16-vectors
    (lst("n", 16), lambda t: isinstance(t.dims[0], LengthVar) and t.dims[1] == 16),
    (lst(5, sym("Automatic")), lambda t: t.dims[0] == 5 and isinstance(t.dims[1], SizeVar)),
    (String("Varying"), lambda t: len(t.dims) == 1 and isinstance(t.dims[0], LengthVar)),
    (String("Real"), lambda t: t == TensorT((), RealT)),
    (Expr(Symbol("Restricted"), String("Integer"), Integer(4)), lambda t: t.elem == IndexIntegerT(4)),
])
def test_shape_specs(spec, check):
    assert check(port_spec(spec, True))


def test_automatic_is_no_constraint():
    assert port_spec(sym("Automatic"), True) is None


def test_coder_names():
    assert isinstance(port_spec(String("Characters"), True), CharactersEncoder)
    assert isinstance(port_spec(String("Class"), False), ClassDecoder)
    assert isinstance(port_spec(String("Scalar"), False), ScalarDecoder)


@pytest.mark.parametrize("spec", [lst("Real", 2), lst(2, "n"), Integer(0), lst(2, "Varying"), String("Nope"), sym("foo")])
def test_invalid_specs(spec):
    with pytest.raises(NetSpecError) as info:
        port_spec(spec, True, "Input")
    assert info.value.tag == "invportspec" and info.value.slots[1] == "Input"
