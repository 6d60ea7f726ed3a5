"""AppendLayer: the element after each example's own last step; types; messages."""

import numpy as np

from wlnet.core.expr import Symbol
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr

from _sequences import LENGTHS, array, check_against, evaluate


def run_extend(symbol):
    r, msgs = evaluate(f'{symbol}["Input" -> {{"Varying", 2}}]')
    assert not msgs
    rng = np.random.default_rng(0)
    x = rng.standard_normal((len(LENGTHS), max(LENGTHS), 2))
    for e, n in enumerate(LENGTHS):
        x[e, n:] = 7.0                      # padding must not leak into the result
    elem = rng.standard_normal((len(LENGTHS), 2))
    res = Executor.for_net(net_from_expr(r), "Real64").forward(
        {}, {"Input": Batch(x, LENGTHS), "Element": Batch(elem, None)})
    return x, elem, res.outputs["Output"]


def test_appends_after_each_examples_own_end():
    x, elem, out = run_extend("AppendLayer")
    check_against(out, LENGTHS + 1, lambda e: np.vstack([x[e, :LENGTHS[e]], elem[e]]))


def test_fixed_lengths_and_types():
    r, msgs = evaluate('AppendLayer["Input" -> {3, 2}]')
    net = net_from_expr(r)
    assert net.outputs()["Output"].dims == (4, 2) and net.inputs()["Element"].dims == (2,)
    r, msgs = evaluate('AppendLayer["Output" -> {4}][<|"Input" -> {1, 2, 3}, "Element" -> 9|>]')
    assert not msgs and list(array(r)) == [1.0, 2.0, 3.0, 9.0]


def test_in_a_graph_appends_the_last_element_again():
    r, msgs = evaluate(
        'g = NetGraph[{SequenceLastLayer[], AppendLayer[]}, {NetPort["Input"] -> 1 -> '
        'NetPort[2, "Element"], NetPort["Input"] -> NetPort[2, "Input"]}, '
        '"Input" -> {"Varying", 1}]; g[{{{1}, {2}}, {{3}}}]')
    assert not msgs, msgs
    a, b = (array(x) for x in r.args)
    assert a.tolist() == [[1.0], [2.0], [2.0]] and b.tolist() == [[3.0], [3.0]]


def test_wrong_element_is_a_message():
    r, msgs = evaluate('AppendLayer["Input" -> {"Varying", 2}][<|"Input" -> {{1, 2}}, '
                       '"Element" -> {1, 2, 3}|>]')
    assert r == Symbol("$Failed") and msgs[0].startswith("AppendLayer::invindata1")
    assert "Element" in msgs[0]
