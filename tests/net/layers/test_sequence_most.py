"""SequenceMostLayer: each example's own last element dropped; lengths; messages."""

import numpy as np

from wlnet.core.expr import Symbol
from wlnet.net.wlform import net_from_expr

from _sequences import LENGTHS, array, check_against, evaluate, run_layer


def test_each_example_loses_its_own_last_element():
    x, out = run_layer('SequenceMostLayer["Input" -> {"Varying", 2}]')
    check_against(out, LENGTHS, lambda e: x[e, :LENGTHS[e] - 1])


def test_fixed_lengths_in_both_directions():
    r, msgs = evaluate('SequenceMostLayer["Input" -> {5, 3}]')
    assert not msgs and net_from_expr(r).outputs()["Output"].dims == (4, 3)
    r, msgs = evaluate('SequenceMostLayer["Output" -> {3, 2}]')
    assert not msgs and net_from_expr(r).inputs()["Input"].dims == (4, 2)
    r, msgs = evaluate('SequenceMostLayer["Output" -> {3, 2}][RandomReal[1, {4, 2}]]')
    assert not msgs and array(r).shape == (3, 2)


def test_feeds_a_recurrent_layer_with_each_examples_length():
    net = ('net = NetInitialize[NetChain[{SequenceMostLayer[], GatedRecurrentLayer[2], '
           'SequenceLastLayer[]}, "Input" -> {"Varying", 1}], RandomSeeding -> 1]; ')
    both, msgs = evaluate(net + 'net[{{{1}, {2}, {3}}, {{4}, {5}}}]')
    assert not msgs
    one, _ = evaluate(net + 'net[{{1}, {2}, {3}}]')
    two, _ = evaluate(net + 'net[{{4}, {5}}]')
    np.testing.assert_allclose(array(both), [array(one), array(two)], rtol=1e-6)
    gru, _ = evaluate(net + 'NetChain[{NetExtract[net, 2], NetExtract[net, 3]}][{{1}, {2}}]')
    np.testing.assert_allclose(array(one), array(gru), rtol=1e-6)


def test_too_short_sequences_are_messages():
    r, msgs = evaluate('SequenceMostLayer["Input" -> {1, 2}]')
    assert r == Symbol("$Failed") and msgs[0].startswith("SequenceMostLayer::seqshort")
    r, msgs = evaluate('SequenceMostLayer[][{{1, 2}}]')
    assert r == Symbol("$Failed") and msgs[0].startswith("SequenceMostLayer::invindata1")
    assert "at least 2" in msgs[0]
    r, msgs = evaluate('SequenceMostLayer["Input" -> "Varying"][{{1, 2, 3}, {1}}]')
    assert r == Symbol("$Failed") and "length 1" in msgs[0]
