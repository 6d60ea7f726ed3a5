"""NetStateObject: evaluations that carry the recurrent states from one call to the next."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.session import Session


def run(s, text):
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return r


def array(e):
    if type(e) is Expr and e.head is S.List:
        return np.array([array(a) for a in e.args])
    assert type(e) is Real, e
    return e.value


@pytest.fixture()
def s():
    session = Session()
    run(session, 'gru = NetInitialize@GatedRecurrentLayer[2, "Input" -> {"Varying", 2}];')
    return session


def test_seed_three_successive_calls(s):
    sobj = run(s, 'sobj = NetStateObject[NetInitialize@GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]]')
    assert sobj.head == Symbol("NetStateObject") and sobj.args[0].head is S.Association
    keys = [r.args[0] for r in sobj.args[0].args]
    assert keys[:3] == [String("Net"), String("SessionID"), String("RecurrentStateKeys")]
    assert sobj.args[0].args[2].args[1] == Expr(S.List, Expr(S.List, String("State")))
    outs = [array(run(s, 'sobj[{{0, 0}, {1, 1}}]')) for _ in range(3)]
    assert all(o.shape == (2, 2) for o in outs)
    # zero state, zero input, zero biases: the first step stays at zero
    assert outs[0][0].tolist() == [0.0, 0.0]
    assert not np.allclose(outs[0], outs[1]) and not np.allclose(outs[1], outs[2])
    # the three calls are one long sequence cut in three
    # (NetInitialize's default seed is fixed: the object's net is the fixture's gru)
    whole = array(run(s, 'gru[Join[{{0, 0}, {1, 1}}, {{0, 0}, {1, 1}}, {{0, 0}, {1, 1}}]]'))
    np.testing.assert_allclose(np.concatenate(outs), whole, rtol=1e-5, atol=1e-7)


def test_initial_states_and_reset(s):
    run(s, 'sobj = NetStateObject[gru, <|{"State"} -> {1, 1}|>];')
    first = array(run(s, 'sobj[{{1, 2}}]'))
    second = array(run(s, 'sobj[{{1, 2}}]'))
    assert not np.allclose(first, second)
    # the same as starting the net from that state
    run(s, 'graph = NetGraph[{gru}, {NetPort["S"] -> NetPort[1, "State"]}];')
    expected = array(run(s, 'graph[<|"Input" -> {{1, 2}}, "S" -> {1, 1}|>]'))
    np.testing.assert_allclose(first, expected, rtol=1e-6)
    # reset: a fresh object from the same initial states; the old one goes on from where it was
    run(s, 'fresh = NetStateObject[sobj];')
    np.testing.assert_allclose(array(run(s, 'fresh[{{1, 2}}]')), first, rtol=1e-6)
    third = array(run(s, 'sobj[{{1, 2}}]'))
    assert not np.allclose(third, second)
    # other initial states for the fresh object
    zero = array(run(s, 'NetStateObject[sobj, <|{"State"} -> {0, 0}|>][{{1, 2}}]'))
    np.testing.assert_allclose(zero, array(run(s, 'gru[{{1, 2}}]')), rtol=1e-6)


def test_chain_state_keys_and_batches(s):
    run(s, 'chain = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], '
           'GatedRecurrentLayer[2], SequenceLastLayer[]}];')
    sobj = run(s, 'sobj = NetStateObject[chain]')
    keys = sobj.args[0].args[2].args[1]
    assert keys == Expr(S.List, Expr(S.List, Integer(1), String("State")),
                        Expr(S.List, Integer(2), String("State")))
    run(s, 'sobj[{{{1, 2}}, {{3, 4}, {5, 6}}}]')
    # the last example's final states are kept: the next call continues from them
    after = array(run(s, 'sobj[{{0, 1}}]'))
    expected = array(run(s, 'chain[{{3, 4}, {5, 6}, {0, 1}}]'))
    np.testing.assert_allclose(after, expected, rtol=1e-5)
    run(s, 'seeded = NetStateObject[chain, <|{2, "State"} -> {0.5, -0.5}|>];')
    assert not np.allclose(array(run(s, 'seeded[{{0, 1}}]')), array(run(s, 'chain[{{0, 1}}]')))


def test_fed_states_are_not_kept(s):
    run(s, 'graph = NetGraph[{gru}, {NetPort["S"] -> NetPort[1, "State"]}];')
    s.messages.clear()
    assert s.evaluate('NetStateObject[graph]') == Symbol("$Failed")
    assert s.messages[0].startswith("NetStateObject::nostates")


@pytest.mark.parametrize("text, tag", [
    ('NetStateObject[gru, <|{"State"} -> {1, 1, 1}|>]', "invstateval"),
    ('NetStateObject[gru, <|{3, "State"} -> {1, 1}|>]', "invstatekey"),
    ('NetStateObject[gru, {1, 1}]', "invstates"),
    ('NetStateObject[NetInitialize@LinearLayer[2, "Input" -> 2]]', "nostates"),
    ('NetStateObject[GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]]', "evaluninit"),
    ('NetStateObject[42]', "invlayer"),
])
def test_messages(s, text, tag):
    s.messages.clear()
    assert s.evaluate(text) == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith(f"NetStateObject::{tag}"), s.messages


def test_bad_data_leaves_the_state_alone(s):
    run(s, 'sobj = NetStateObject[gru];')
    s.messages.clear()
    assert s.evaluate('sobj[{{1, 2, 3}}]') == Symbol("$Failed")
    assert s.messages[0].startswith("GatedRecurrentLayer::invindata1")
    s.messages.clear()
    assert array(run(s, 'sobj[{{0, 0}}]')).tolist() == [[0.0, 0.0]]


def test_netextract_states_and_net(s):
    run(s, 'sobj = NetStateObject[gru, <|{"State"} -> {1, -1}|>];')
    states = run(s, 'NetExtract[sobj, "States"]')
    assert states.head is S.Association
    assert array(states.args[0].args[1]).tolist() == [1.0, -1.0]
    last = array(run(s, 'sobj[{{1, 2}, {0, 1}}]'))[-1]
    np.testing.assert_allclose(array(run(s, 'NetExtract[sobj, "States"][[1]]')), last, rtol=1e-6)
    assert run(s, 'NetExtract[sobj, "Net"] === gru') == Symbol("True")


def test_display_line(s):
    from wlnet.syntax.printer import output_form
    sobj = run(s, 'sobj = NetStateObject[gru]')
    run(s, 'sobj[{{1, 2}}]; sobj[{{1, 2}}];')
    text = output_form(sobj)
    assert text.startswith('NetStateObject[<|"Net" -> GatedRecurrentLayer[')
    assert '"RecurrentStateKeys" -> {{"State"}}' in text and '"EvaluationCount" -> 2' in text


def test_netextract_summary_entries_and_net_parts(s):
    run(s, 'sobj = NetStateObject[NetInitialize[NetChain[{LongShortTermMemoryLayer[2]}, '
           '"Input" -> {"Varying", 1}]]];')
    run(s, 'sobj[{{1}, {2}}];')
    assert run(s, 'NetExtract[sobj, "RecurrentStateKeys"] === {{1, "State"}, {1, "CellState"}}') == Symbol("True")
    assert run(s, 'NetExtract[sobj, "EvaluationCount"]') == Integer(1)
    # any other part is the net's own part
    assert run(s, 'Dimensions[NetExtract[sobj, {1, "InputGateInputWeights"}]]') == \
        run(s, 'Dimensions[NetExtract[NetExtract[sobj, "Net"], {1, "InputGateInputWeights"}]]')
    s.evaluate('NetExtract[sobj, "Foo"]')
    assert s.messages and s.messages[0].startswith("NetExtract::")


def test_information_is_the_nets_not_the_symbols(s):
    """Information[sobj, prop] answers with the held net's property (or the object's own
    "States"), never with the definition of the symbol holding the object."""
    run(s, 'sobj = NetStateObject[gru]; sobj[{{1, 0}, {0, 1}}];')
    states = run(s, 'Information[sobj, "States"]')
    assert states == run(s, 'NetExtract[sobj, "States"]')
    assert run(s, 'Information[sobj, "ArraysCount"]') == Integer(9)
    both = run(s, 'Information[sobj, {"ArraysCount", "States"}]')
    assert both == Expr(S.List, Integer(9), states)
    assert run(s, 'Information[sobj, "InputPortNames"]') == run(s, 'Information[gru, "InputPortNames"]')
    report = run(s, 'Information[sobj]')
    assert report == run(s, 'Information[gru]')
    assert s.evaluate('Information[sobj, "NoSuchProperty"]') == Symbol("$Failed")
    assert len(s.messages) == 1 and s.messages[0].startswith("GatedRecurrentLayer::noinfo")
