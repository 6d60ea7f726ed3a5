"""Types and their WL spelling (wlnet/net/types.py)."""

import pytest

from wlnet.core.expr import Expr, Integer, S
from wlnet.net.types import (
    AtomT, FrozenDict, IndexIntegerT, LengthVar, RealT, SizeVar, TensorT, describe_type,
    fresh_length, fresh_rank, fresh_size, type_from_expr, type_to_expr, NN,
)


def test_tensor_type_prints_as_wolfram_does():
    lv = LengthVar(1066052189)
    e = type_to_expr(TensorT((lv, 3), RealT))
    assert e == Expr(NN("TensorT"), Expr(S.List, Expr(NN("LengthVar"), Integer(1066052189)),
                                         Integer(3)), NN("RealT"))


def test_unknown_size_prints_as_SizeT_and_reads_back_fresh():
    e = type_to_expr(TensorT((3, fresh_size()), RealT))
    assert e.args[0].args[1] is NN("SizeT")
    t1, t2 = type_from_expr(e), type_from_expr(e)
    assert isinstance(t1.dims[1], SizeVar) and t1.dims[1] != t2.dims[1]


@pytest.mark.parametrize("t", [
    TensorT((2, 3), RealT),
    TensorT((LengthVar(7),), IndexIntegerT(11)),
    TensorT((), RealT),
    TensorT((4,), AtomT),
])
def test_round_trip(t):
    assert type_from_expr(type_to_expr(t)) == t


def test_unknown_rank_round_trips_as_nested_TensorT():
    t = TensorT((LengthVar(5),), RealT, fresh_rank())
    e = type_to_expr(t)
    assert e.head is NN("TensorT") and e.args[1].head is NN("TensorT")
    back = type_from_expr(e)
    assert back.dims == (LengthVar(5),) and back.tail is not None


def test_descriptions_name_sizes():
    assert describe_type(TensorT((3,), RealT)) == "a length-3 vector of real numbers"
    assert describe_type(TensorT((fresh_length(), 2), RealT)) == "a sequence of length-2 vectors"


def test_frozendict_is_hashable_and_immutable():
    d = FrozenDict(a=1)
    assert hash(d) == hash(FrozenDict(a=1))
    with pytest.raises(TypeError):
        d["b"] = 2
    assert d.set("b", 2) == {"a": 1, "b": 2} and d == {"a": 1}
