"""The Python API's numpy interop (wlnet.interop): NumericArray <-> numpy without copies,
results as Python values, and nets called on numpy arrays."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.session import Session
from wlnet.interop import (
    NetHandle, WLMessageError, call_net, from_numpy, to_expr, to_numpy, to_python,
)
from wlnet.core.numeric_array import NumericArray


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.fixture(scope="module")
def gru(session):
    net = session.evaluate('SeedRandom[7]; NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]')
    assert not session.messages
    return net


# ---------------------------------------------------------------------------- arrays

@pytest.mark.parametrize("dtype, type_name", [
    (np.float32, "Real32"), (np.float64, "Real64"), (np.int64, "Integer64"),
    (np.int8, "Integer8"), (np.uint8, "UnsignedInteger8"), (np.uint16, "UnsignedInteger16"),
])
def test_from_numpy_shares_memory_and_keeps_the_type(dtype, type_name):
    a = np.arange(12, dtype=dtype).reshape(3, 4)
    na = from_numpy(a)
    assert type(na) is NumericArray and na.type_name == type_name and na.shape == (3, 4)
    assert np.shares_memory(na.array, a)
    assert not na.array.flags.writeable          # the value itself is immutable
    assert np.shares_memory(to_numpy(na), a)     # and comes back without a copy


def test_non_contiguous_and_foreign_byte_order_are_copied_correctly():
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    na = from_numpy(a.T)
    assert not np.shares_memory(na.array, a) and np.array_equal(na.array, a.T)
    big_endian = np.arange(4, dtype=">f4")
    na = from_numpy(big_endian)
    assert na.type_name == "Real32" and np.array_equal(na.array, [0, 1, 2, 3])


def test_from_numpy_converts_to_a_named_type():
    na = from_numpy(np.array([1.5, 2.5]), "Real32")
    assert na.type_name == "Real32" and na.array.dtype == np.float32


@pytest.mark.parametrize("bad, error", [
    (np.array(["a", "b"]), TypeError),
    (np.array([1.0]), ValueError),              # with type_name "Real99" below
])
def test_from_numpy_rejects(bad, error):
    with pytest.raises(error):
        from_numpy(bad, None if error is TypeError else "Real99")


def test_to_numpy_copy_is_writable_and_independent():
    na = NumericArray([[1.0, 2.0]], "Real64")
    c = to_numpy(na, copy=True)
    c[0, 0] = 9.0
    assert na.array[0, 0] == 1.0 and c.flags.writeable


def test_to_numpy_of_lists_and_batches(session):
    assert np.array_equal(to_numpy(session.evaluate("{{1, 2}, {3, 4}}")), [[1, 2], [3, 4]])
    batch = Expr(S.List, NumericArray([1, 2], "Real32"), NumericArray([3, 4], "Real32"))
    assert to_numpy(batch).shape == (2, 2)
    with pytest.raises(TypeError):
        to_numpy(session.evaluate('{1, "a"}'))
    with pytest.raises(TypeError):
        to_numpy(Symbol("x"))


def test_a_numeric_array_round_trips_through_the_language(session):
    a = np.linspace(0, 1, 6, dtype=np.float32).reshape(2, 3)
    session.evaluate(Expr(S.Set, Symbol("interopArray"), from_numpy(a)))
    back = session.evaluate("interopArray")
    assert type(back) is NumericArray and np.array_equal(to_numpy(back), a)


# ---------------------------------------------------------------------------- values

def test_to_python_of_results(session):
    value = to_python(session.evaluate(
        '<|"a" -> {1, 2.5, True, Null, "s"}, "b" -> NumericArray[{1, 2}, "Integer32"], 3 -> x|>'))
    assert value["a"] == [1, 2.5, True, None, "s"]
    assert isinstance(value["b"], np.ndarray) and value["b"].dtype == np.int32
    assert value[3] == Symbol("x")                 # no Python counterpart: stays a symbol
    assert to_python(NumericArray([1, 2], "Real32"), arrays="list") == [1.0, 2.0]


def test_to_expr_of_python_values():
    e = to_expr({"x": np.array([1.0, 2.0]), "n": np.int64(3), "l": [1, "a"]})
    assert e.head is S.Association
    values = dict((r.args[0].value, r.args[1]) for r in e.args)
    assert type(values["x"]) is NumericArray and values["n"] == Integer(3)
    assert values["l"] == Expr(S.List, Integer(1), String("a"))


# ---------------------------------------------------------------------------- nets

def test_call_net_on_one_sequence_equals_the_language(session, gru):
    x = np.array([[1, 2], [0, 1], [2, 1], [1, 2]], dtype=np.float32)
    out = call_net(gru, x, session=session)
    assert isinstance(out, np.ndarray) and out.shape == (4, 3) and out.dtype == np.float32
    session.evaluate(Expr(S.Set, Symbol("interopGru"), gru))
    expected = to_numpy(session.evaluate("interopGru[{{1, 2}, {0, 1}, {2, 1}, {1, 2}}]"))
    np.testing.assert_allclose(out, expected, rtol=1e-6)


def test_call_net_on_a_batch(session, gru):
    batch = np.random.default_rng(0).normal(size=(5, 4, 2)).astype(np.float32)
    out = call_net(gru, batch, session=session)
    assert out.shape == (5, 4, 3)
    np.testing.assert_allclose(out[2], call_net(gru, batch[2], session=session), rtol=1e-5)


def test_call_net_on_a_ragged_batch(session, gru):
    rng = np.random.default_rng(1)
    seqs = [rng.normal(size=(n, 2)).astype(np.float32) for n in (3, 5)]
    out = call_net(gru, seqs, session=session)
    assert [o.shape for o in out] == [(3, 3), (5, 3)]
    np.testing.assert_allclose(out[0], call_net(gru, seqs[0], session=session), rtol=1e-5)


def test_net_handle_with_options_and_decoders():
    net = NetHandle.from_code(
        'SeedRandom[3]; NetInitialize@NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, '
        '"Output" -> NetDecoder[{"Class", {a, b, c}}]]')
    assert net.input_ports == ["Input"] and net.output_ports == ["Output"]
    label = net(np.array([1.0, 2.0]))
    assert label in (Symbol("a"), Symbol("b"), Symbol("c"))
    assert net(np.array([[1.0, 2.0], [3.0, 4.0]]))[0] == label
    probs = net(np.array([1.0, 2.0]), "Probabilities")
    assert set(probs) == {Symbol("a"), Symbol("b"), Symbol("c")}
    assert abs(sum(probs.values()) - 1.0) < 1e-5 and probs[label] == max(probs.values())
    raw = net(np.array([1.0, 2.0]), None, WorkingPrecision="Real64")
    assert raw.shape == (3,) and raw.dtype == np.float64


def test_several_inputs_and_outputs_by_port(session):
    graph = session.evaluate(
        'SeedRandom[5]; NetInitialize@NetGraph[{GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]}, '
        '{NetPort["InitialState"] -> NetPort[1, "State"], NetPort[1, "State"] -> NetPort["FinalState"]}]')
    assert not session.messages
    out = call_net(graph, {"Input": np.ones((3, 2), np.float32),
                           "InitialState": np.array([1.0, 1.0], np.float32)}, session=session)
    assert set(out) == {"Output", "FinalState"}
    np.testing.assert_array_equal(out["FinalState"], out["Output"][-1])


def test_train_mode_dropout_changes_results(session):
    net = NetHandle(session.evaluate(
        'SeedRandom[2]; NetInitialize@GatedRecurrentLayer[2, "Dropout" -> 0.5, "Input" -> {"Varying", 2}]'),
        session)
    x = np.arange(8, dtype=np.float32).reshape(4, 2)
    test_mode = net(x)
    np.testing.assert_array_equal(test_mode, net(x))
    assert any(not np.allclose(net(x, NetEvaluationMode="Train"), test_mode) for _ in range(5))


def test_failures_raise_with_the_messages(session, gru):
    with pytest.raises(WLMessageError) as info:
        call_net(gru, np.ones((4, 3), np.float32), session=session)
    assert any("GatedRecurrentLayer::" in m for m in info.value.messages)
    with pytest.raises(TypeError):
        call_net(gru, np.ones((4, 2)), session=session, Bogus=1)
    with pytest.raises(TypeError):
        NetHandle(Integer(1))


def test_a_plot_becomes_its_pictures_pixels():
    s = Session()
    pixels = to_numpy(s.evaluate("ListPlot[{1, 2, 3}]"))
    assert pixels.ndim == 3 and pixels.shape[2] == 3 and pixels.dtype == np.uint8
