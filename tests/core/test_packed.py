"""Packed arrays (wlnet.core.packed): a List to everything, built without its elements,
equal and hashed as the unpacked List, unpacked where an element stops being a number."""

import copy

import numpy as np
import pytest

from wlnet.core.expr import Complex, Expr, Integer, Real, S
from wlnet.core.order import compare
from wlnet.core.packed import (PackedArgs, PackedRows, elements_of, is_packed, maybe_pack,
                               pack, packed_array, to_packed, unpack)
from wlnet.core.session import Session


def test_pack_keeps_the_array_and_builds_no_element():
    e = pack(np.arange(1, 1_000_001))
    assert type(e) is Expr and e.head is S.List and len(e) == 1_000_000
    assert e.args[0] == Integer(1) and e.args[-1] == Integer(1_000_000)
    assert e._args._items is None            # indexing one element built nothing
    assert packed_array(e).nbytes == 8_000_000


def test_elements_are_atoms_of_the_element_type():
    assert pack(np.array([1, 2])).args == (Integer(1), Integer(2))
    assert pack(np.array([1.5])).args == (Real(1.5),)
    assert pack(np.array([1 + 2j])).args == (Complex(Real(1.0), Real(2.0)),)
    rows = pack(np.arange(6).reshape(2, 3)).args
    assert all(is_packed(r) for r in rows) and rows[1].args == tuple(map(Integer, (3, 4, 5)))


def test_equal_and_hashed_as_the_unpacked_list():
    p = pack(np.array([[1.0, 2.0], [3.0, 4.0]]))
    u = unpack(p)
    assert not is_packed(u) and not any(is_packed(r) for r in u.args)
    assert p == u and u == p and hash(p) == hash(u)
    assert {p: 1}[u] == 1
    assert p != pack(np.array([[1, 2], [3, 4]]))          # Integer 1 is not Real 1.
    assert compare(p, u) == 0
    assert compare(pack(np.array([1, 2])), pack(np.array([1, 3]))) == -1


def test_tuple_operations_see_the_elements():
    args = pack(np.array([3, 1, 2]))._args
    assert isinstance(args, PackedArgs)
    assert list(args) == [Integer(3), Integer(1), Integer(2)]
    assert args[1:] == (Integer(1), Integer(2)) and (Integer(0),) + args == (
        Integer(0), Integer(3), Integer(1), Integer(2))
    assert Integer(2) in args and args.index(Integer(2)) == 2 and args.count(Integer(1)) == 1
    assert sorted(args, key=lambda a: a.value)[0] == Integer(1)
    assert copy.deepcopy(args) == args


def test_what_cannot_be_packed():
    assert pack(np.array([], dtype=float)) is None
    assert pack(np.array([1.0, np.inf])) is None
    assert pack(np.array([True])) is None
    assert pack(np.array(["a"])) is None
    assert to_packed(Expr(S.List, Integer(1), S.x)) is None
    assert to_packed(Expr(S.List, Expr(S.List, Integer(1)), Integer(2))) is None
    mixed = Expr(S.List, Integer(1), Real(2.5))
    assert to_packed(mixed) is None                    # packing must not change the 1
    assert packed_array(to_packed(mixed, coerce=True)).dtype == np.float64


def test_the_array_is_read_only_and_a_view_is_copied():
    base = np.arange(4.0)
    e = pack(base[1:])
    base[1] = 99.0
    assert e.args[0] == Real(1.0)
    with pytest.raises(ValueError):
        packed_array(e)[0] = 5.0


def test_maybe_pack_threshold():
    small = Expr.from_args(S.List, map(Integer, range(10)))
    assert maybe_pack(small) is small
    big = Expr.from_args(S.List, map(Integer, range(300)))
    assert is_packed(maybe_pack(big)) and maybe_pack(big) == big


def test_rows_sequence_builds_nothing_and_slices_to_arrays():
    e = pack(np.arange(10).reshape(5, 2))
    rows = elements_of(e)
    assert type(rows) is PackedRows and len(rows) == 5 and rows.array.shape == (5, 2)
    assert packed_array(rows[1:3].expr).tolist() == [[2, 3], [4, 5]]
    assert e._args._items is None
    assert list(rows)[4] == Expr(S.List, Integer(8), Integer(9))


@pytest.fixture()
def session():
    return Session(echo=False)


@pytest.mark.parametrize("source, expected", [
    ("Developer`PackedArrayQ[Range[5]]", "True"),
    ("Developer`PackedArrayQ[{1, 2, 3}]", "False"),
    ("Developer`PackedArrayQ[Table[i, {i, 300}]]", "True"),
    ("Developer`PackedArrayQ[Table[i, {i, 3}]]", "False"),
    ("Developer`PackedArrayQ[RandomReal[1, {3, 2}], Real, 2]", "True"),
    ("Developer`PackedArrayQ[RandomInteger[9, 4], Real]", "False"),
    ("Developer`PackedArrayQ[ConstantArray[0., {2, 2}]]", "True"),
    ("Developer`PackedArrayQ[Array[#^2 &, 300]]", "True"),
    ("Developer`PackedArrayQ[Normal[NumericArray[{1, 2}, \"Integer32\"]]]", "True"),
    ("Developer`PackedArrayQ[Developer`ToPackedArray[{1, 2.5}]]", "True"),
    ("Developer`PackedArrayQ[Developer`ToPackedArray[{1, x}]]", "False"),
    ("Developer`PackedArrayQ[Developer`FromPackedArray[Range[3]]]", "False"),
    ("Developer`PackedArrayQ[Range[3] + 1]", "True"),
    ("Developer`PackedArrayQ[ReplacePart[Range[3], 2 -> x]]", "False"),
    ("ReplacePart[Range[3], 2 -> x]", "{1, x, 3}"),
    ("Range[3] === {1, 2, 3}", "True"),
    ("Range[3] == {1, 2, 3}", "True"),
    ("Range[3] === {1., 2., 3.}", "False"),
    ("MatchQ[Range[3], {__Integer}]", "True"),
    ("Range[4] /. {a_, b__} :> {b}", "{2, 3, 4}"),
    ("Map[f, Range[2]]", "{f[1], f[2]}"),
    ("f @@ Range[3]", "f[1, 2, 3]"),
    ("<|Range[2] -> 1|>[{1, 2}]", "1"),
    ("Append[Range[2], x]", "{1, 2, x}"),
    ("ToString[Range[3], InputForm]", "\"{1, 2, 3}\""),
    ("ToString[N[Range[2]], InputForm]", "\"{1., 2.}\""),
    ("Length[RandomReal[1, {7, 2}]]", "7"),
    ("t = Table[If[i == 1, 1, 2.], {i, 300}]; {t[[1]], Developer`PackedArrayQ[t]}",
     "{1, False}"),
    ("Developer`PackedArrayQ[Table[If[i == 1, 1., 2.], {i, 300}]]", "True"),
    ("a = Range[5]; a[[2]] = 10; {a, Developer`PackedArrayQ[a]}", "{{1, 10, 3, 4, 5}, True}"),
    ("a = Range[3]; a[[-1]] = 2.5; {a, Developer`PackedArrayQ[a]}", "{{1, 2, 2.5}, False}"),
    ("m = ConstantArray[0, {2, 2}]; m[[1]] = {7, 8}; m[[2, 1]] = 9; "
     "{m, Developer`PackedArrayQ[m]}", "{{{7, 8}, {9, 0}}, True}"),
    ("m = ConstantArray[0, {2, 2}]; m[[1]] = {7, x}; m", "{{7, x}, {0, 0}}"),
    ("r = N[Range[3]]; r[[2]] += 1.5; {r, Developer`PackedArrayQ[r]}", "{{1., 3.5, 3.}, True}"),
])
def test_packed_arrays_in_the_language(session, source, expected):
    got = session.evaluate(source)
    assert got == session.evaluate(expected), source
    assert session.messages == []


def test_overwrite_part_only_when_nothing_else_sees_the_memory():
    from wlnet.core.packed import overwrite_part
    e = pack(np.zeros(4))
    assert overwrite_part(e, (1,), 2.0) and packed_array(e)[1] == 2.0
    assert not packed_array(e).flags.writeable           # read-only again
    view = packed_array(e)[1:]                             # a view shares the memory
    assert not overwrite_part(e, (2,), 3.0) and view[1] == 0.0
    del view
    rows = pack(np.zeros((2, 2)))
    first = rows.args[0]                                   # a row held outside: a view
    assert not overwrite_part(rows, (0, 0), 1.0) and first.args[0] == Real(0.0)
    args = e._args                                         # the argument tuple held
    assert not overwrite_part(e, (0,), 5.0)
    del args
    assert overwrite_part(e, (0,), 5.0) and e.args[0] == Real(5.0)
