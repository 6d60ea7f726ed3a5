"""SequenceReverseLayer: each example reversed within its own length."""

import numpy as np

from _sequences import LENGTHS, array, check_against, evaluate, run_layer


def test_each_example_reversed_within_its_length():
    x, out = run_layer('SequenceReverseLayer["Input" -> {"Varying", 2}]')
    check_against(out, LENGTHS, lambda e: x[e, :LENGTHS[e]][::-1])


def test_fixed_length_and_scalars():
    r, msgs = evaluate('SequenceReverseLayer["Input" -> 3][{1, 2, 3}]')
    assert not msgs and list(array(r)) == [3.0, 2.0, 1.0]


def test_backward_recurrence_in_a_graph():
    # a GRU over the reversed sequence, reversed back: the last output is the GRU's first
    # output on the reversed input
    r, msgs = evaluate(
        'net = NetInitialize[NetChain[{SequenceReverseLayer[], GatedRecurrentLayer[2], '
        'SequenceReverseLayer[]}, "Input" -> {"Varying", 1}], RandomSeeding -> 3]; '
        '{net[{{{1}, {2}, {3}}, {{4}, {5}}}], NetExtract[net, 2][{{{3}, {2}, {1}}, {{5}, {4}}}]}')
    assert not msgs
    (a, b), (c, d) = [[array(x) for x in y.args] for y in r.args]
    np.testing.assert_allclose(a, c[::-1], rtol=1e-6)
    np.testing.assert_allclose(b, d[::-1], rtol=1e-6)


def test_reversing_an_images_colour_channels():
    # the page's example: with an "Image" encoder and decoder the sequence is the channels
    # (the decoder's unknown channel count takes the sequence length)
    r, msgs = evaluate(
        'img = Image[Table[{x/4., y/3., 0.2}, {y, 3}, {x, 4}]]; '
        'rev = SequenceReverseLayer["Input" -> NetEncoder[{"Image", {4, 3}}], "Output" -> NetDecoder["Image"]]; '
        'chain = NetChain[{SequenceReverseLayer[]}, "Input" -> NetEncoder[{"Image", {4, 3}}], '
        '"Output" -> NetDecoder["Image"]]; '
        'later = NetReplacePart[SequenceReverseLayer["Output" -> NetDecoder["Image"]], '
        '"Input" -> NetEncoder[{"Image", {4, 3}}]]; '
        '{ImageData[img], ImageData[rev[img]], ImageData[chain[img]], ImageData[later[img]]}')
    assert not msgs
    original, *reversed_ = (array(x) for x in r.args)
    for got in reversed_:
        np.testing.assert_allclose(got, original[..., ::-1], rtol=1e-6)
