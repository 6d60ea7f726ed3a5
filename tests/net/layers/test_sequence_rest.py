"""SequenceRestLayer: each example's first element dropped; lengths; messages."""

from wlnet.core.expr import Symbol

from _sequences import LENGTHS, array, check_against, evaluate, run_layer


def test_each_example_loses_its_first_element():
    x, out = run_layer('SequenceRestLayer["Input" -> {"Varying", 2}]')
    check_against(out, LENGTHS, lambda e: x[e, 1:LENGTHS[e]])


def test_matrix_elements_and_fixed_length():
    x, out = run_layer('SequenceRestLayer["Input" -> {"Varying", 2, 3}]', inner=(2, 3))
    check_against(out, LENGTHS, lambda e: x[e, 1:LENGTHS[e]])
    r, msgs = evaluate('SequenceRestLayer["Input" -> {3}][{7, 8, 9}]')
    assert not msgs and list(array(r)) == [8.0, 9.0]


def test_too_short_sequences_are_messages():
    r, msgs = evaluate('SequenceRestLayer["Input" -> {1}]')
    assert r == Symbol("$Failed") and msgs[0].startswith("SequenceRestLayer::seqshort")
    r, msgs = evaluate('SequenceRestLayer[][{5}]')
    assert r == Symbol("$Failed") and msgs[0].startswith("SequenceRestLayer::")
