"""PrependLayer: the element before each sequence; each example keeps its own length + 1."""

import numpy as np

from wlnet.core.expr import Symbol

from _sequences import LENGTHS, array, check_against, evaluate
from test_append import run_extend


def test_prepends_to_each_example():
    x, elem, out = run_extend("PrependLayer")
    check_against(out, LENGTHS + 1, lambda e: np.vstack([elem[e], x[e, :LENGTHS[e]]]))


def test_a_start_token_before_a_recurrent_layer():
    r, msgs = evaluate(
        'net = NetInitialize[NetGraph[{PrependLayer[], GatedRecurrentLayer[2], '
        'SequenceLastLayer[]}, {NetPort["Start"] -> NetPort[1, "Element"], 1 -> 2 -> 3}, '
        '"Input" -> {"Varying", 1}], RandomSeeding -> 1]; '
        '{net[<|"Input" -> {{1}, {2}}, "Start" -> {0}|>], '
        'NetExtract[net, 2][{{0}, {1}, {2}}]}')
    assert not msgs, msgs
    last, seq = (array(x) for x in r.args)
    np.testing.assert_allclose(last, seq[-1], rtol=1e-6)


def test_wrong_element_is_a_message():
    r, msgs = evaluate('PrependLayer["Input" -> {"Varying", 2}][<|"Input" -> {{1, 2}}, '
                       '"Element" -> 5|>]')
    assert r == Symbol("$Failed") and msgs[0].startswith("PrependLayer::invindata1")
