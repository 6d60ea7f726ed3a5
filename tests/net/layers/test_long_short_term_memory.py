"""LongShortTermMemoryLayer as a WL layer: arrays, states, evaluation against the numpy
reference, state ports, dropout, messages.  (Kernels: tests/kernels/test_lstm*.py.)"""

import numpy as np
import pytest

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.session import Session
from wlnet.net.errors import NetSpecError
from wlnet.net.types import RealT, TensorT
from wlnet.net.wlform import net_from_expr

from _netutil import layer, lst, rule
from tests.kernels._lstm_reference import lstm_reference

ARRAYS = [g + s for g in ("InputGate", "OutputGate", "ForgetGate", "MemoryGate")
          for s in ("InputWeights", "StateWeights", "Biases")]


def run(s, text):
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return r


def failing(s, text):
    s.messages.clear()
    r = s.evaluate(text)
    msgs = list(s.messages)
    s.messages.clear()
    assert msgs, (text, r)
    return r, msgs


def array(e):
    if type(e) is Expr and e.head is S.List:
        return np.array([array(a) for a in e.args])
    return e.value


@pytest.fixture()
def s():
    session = Session()
    run(session, 'lstm = NetInitialize[LongShortTermMemoryLayer[3, "Input" -> {"Varying", 2}], '
                 'RandomSeeding -> 7];')
    return session


def test_twelve_arrays_named_as_wl_names_them():
    net = layer("LongShortTermMemoryLayer", 3, Input=["Varying", 2])
    shapes = net.root.array_shapes()
    assert list(shapes) == ARRAYS
    for name, dims in shapes.items():
        want = (3, 2) if "InputWeights" in name else (3, 3) if "StateWeights" in name else (3,)
        assert dims == want, name
    assert net.states() == {"State": TensorT((3,), RealT), "CellState": TensorT((3,), RealT)}


def test_initial_biases(s):
    for name, value in (("ForgetGateBiases", 1.0), ("InputGateBiases", 0.0),
                        ("OutputGateBiases", 0.0), ("MemoryGateBiases", 0.0)):
        got = array(run(s, f'Normal@NetExtract[lstm, "{name}"]'))
        np.testing.assert_array_equal(got, np.full(3, value))


def _arrays(s):
    return {name: array(run(s, f'Normal@NetExtract[lstm, "{name}"]')) for name in ARRAYS}


def test_evaluation_matches_the_reference_in_real64(s):
    x = np.array([[[1, 2], [2, 1], [3, 0], [0.5, -1]], [[-1, 0.5], [2, 2], [0, 0], [0, 0]]])
    got = run(s, 'lstm[{{{1, 2}, {2, 1}, {3, 0}, {0.5, -1}}, {{-1, 0.5}, {2, 2}}}, '
                 'WorkingPrecision -> "Real64"]')
    want, _, _ = lstm_reference(x, np.array([4, 2]), _arrays(s))
    np.testing.assert_allclose(array(got.args[0]), want[0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(array(got.args[1]), want[1, :2], rtol=1e-12, atol=1e-14)


def test_states_out_and_back_in(s):
    states = run(s, 'st = lstm[{{1, 2}, {3, 4}}, NetPort[All, "States"]]')
    assert [r.args[0] for r in states.args] == [Expr(S.List, String("State")),
                                                Expr(S.List, String("CellState"))]
    full = array(run(s, 'lstm[{{1, 2}, {3, 4}, {5, 6}}]'))
    np.testing.assert_allclose(array(states.args[0].args[1]), full[1], rtol=1e-6)
    cont = array(run(s, 'lstm[<|"Input" -> {{5, 6}}, NetPort[All, "States"] -> st|>]'))
    np.testing.assert_allclose(cont[0], full[2], rtol=1e-5)
    # the cell state matters: dropping it changes the continuation
    no_cell = array(run(s, 'lstm[<|"Input" -> {{5, 6}}, NetPort[All, "States"] -> '
                           '<|{"State"} -> st[[1]]|>|>]'))
    assert not np.allclose(no_cell[0], full[2])


def test_state_object_keeps_both_states(s):
    run(s, 'sobj = NetStateObject[lstm];')
    run(s, 'sobj[{{1, 2}, {3, 4}}];')
    np.testing.assert_allclose(array(run(s, 'sobj[{{5, 6}}]'))[0],
                               array(run(s, 'lstm[{{1, 2}, {3, 4}, {5, 6}}]'))[2], rtol=1e-5)


def test_states_connect_through_net_port_in_a_graph(s):
    run(s, 'g = NetGraph[{lstm}, {NetPort["C"] -> NetPort[1, "CellState"], '
           'NetPort[1, "CellState"] -> NetPort["CFinal"]}];')
    out = run(s, 'g[<|"Input" -> {{1, 2}}, "C" -> {1, 1, 1}|>]')
    zero = run(s, 'g[<|"Input" -> {{1, 2}}, "C" -> {0, 0, 0}|>]')
    assert out.head is S.Association
    assert not np.allclose(array(out.args[0].args[1]), array(zero.args[0].args[1]))


def test_dropout_acts_in_training_only(s):
    run(s, 'd = NetInitialize[LongShortTermMemoryLayer[4, "Input" -> {"Varying", 3}, '
           '"Dropout" -> {"VariationalInput" -> 0.5, "StateUpdate" -> 0.5}], RandomSeeding -> 1];')
    x = '{{1, 2, 3}, {3, 2, 1}, {1, 1, 1}}'
    test = array(run(s, f'd[{x}]'))
    np.testing.assert_array_equal(test, array(run(s, f'd[{x}, NetEvaluationMode -> "Test"]')))
    a = array(run(s, f'd[{x}, NetEvaluationMode -> "Train", RandomSeeding -> 3]'))
    b = array(run(s, f'd[{x}, NetEvaluationMode -> "Train", RandomSeeding -> 3]'))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, test)


@pytest.mark.parametrize("dropout, tag", [(1.5, "invdrppval"), (lst(rule("Bogus", 0.2)), "invdrop")])
def test_bad_dropout(dropout, tag):
    with pytest.raises(NetSpecError) as info:
        layer("LongShortTermMemoryLayer", 2, Dropout=dropout)
    assert info.value.tag == tag


@pytest.mark.parametrize("text, tag", [
    ('LongShortTermMemoryLayer[-2]', "invsize"),
    ('LongShortTermMemoryLayer[2, "Dropout" -> 2]', "invdrppval"),
    ('LongShortTermMemoryLayer[3, "Input" -> {"Varying", 2}, "ForgetGateBiases" -> {1, 2}]', "arrdims"),
])
def test_bad_construction_messages(text, tag):
    s = Session()
    _, msgs = failing(s, text)
    assert msgs[0].startswith(f"LongShortTermMemoryLayer::{tag}"), msgs


def test_wrong_input_size_and_state_are_messages(s):
    r, msgs = failing(s, 'lstm[{{1, 2, 3}}]')
    assert r == Symbol("$Failed") and msgs[0].startswith("LongShortTermMemoryLayer::")
    r, msgs = failing(s, 'lstm[<|"Input" -> {{1, 2}}, NetPort[All, "States"] -> '
                         '<|{"CellState"} -> {1, 2}|>|>]')
    assert r == Symbol("$Failed") and "invstateval" in msgs[0]


def test_port_forms():
    fixed = layer("LongShortTermMemoryLayer", 3, Input=[5, 2])
    assert fixed.outputs()["Output"].dims == (5, 3)
    s = Session()
    r = s.evaluate('NetChain[{LongShortTermMemoryLayer[3, "Input" -> {"Varying", Automatic}], '
                   'LongShortTermMemoryLayer[2]}, "Input" -> {"Varying", 4}]')
    assert not s.messages
    shapes = net_from_expr(r).array_paths()
    assert shapes[("Nodes", "1", "Arrays", "ForgetGateInputWeights")] == (3, 4)
    assert shapes[("Nodes", "2", "Arrays", "MemoryGateInputWeights")] == (2, 3)
