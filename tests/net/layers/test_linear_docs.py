"""The examples of the LinearLayer reference page (Basic Examples, Scope, Options,
Properties & Relations, Possible Issues): shapes, port types, printed forms and messages
(values depend on the random initialisation, so only deterministic ones are compared)."""

import pytest

from wlnet.core.session import Session

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    s = Session()
    s.evaluate('l = NetInitialize@LinearLayer[5, "Input" -> 3];')
    return s


def test_uninitialized_layer_prints_its_output_size(session):
    text = shown(session, "LinearLayer[5]")
    assert "(uninitialized)" in text
    assert "a length-5 vector of real numbers" in text
    assert "an array of numbers" in text            # the input is not known yet


@pytest.mark.parametrize("text, want", [
    ("Dimensions[l[{1, 2, 3}]]", "{5}"),
    ("Dimensions[l[{{1, 2, 3}, {4, 5, 6}}]]", "{2, 5}"),                      # a batch
    ("Head[l[NumericArray[{1., 2., 3.}, \"Real32\"]]]", "NumericArray"),
    ('Dimensions[NetInitialize[LinearLayer[{3, 2}, "Input" -> 4]][{1, 2, 3, 4}]]', "{3, 2}"),
    ('Dimensions[NetInitialize[LinearLayer[{2, 3, 4}, "Input" -> 2]][{1, 2}]]', "{2, 3, 4}"),
    ('Head[NetInitialize[LinearLayer[{}, "Input" -> 3]][{1, 2, 3}]]', "Real"),
    ('Dimensions[NetInitialize[LinearLayer[3, "Input" -> "Real"]][2.]]', "{3}"),
    ('Dimensions[NetExtract[NetInitialize[LinearLayer[5, "Input" -> {3, 2}]], "Weights"]]',
     "{5, 6}"),
    ('Information[LinearLayer[5, "Input" -> 3], "OutputPorts"]', '<|"Output" -> 5|>'),
    ('NetExtract[LinearLayer[{3, 2}, "Input" -> 4], "Output"]', "{3, 2}"),
    ('NetExtract[LinearLayer[5, "Input" -> "Real"], "Input"]', "Real"),
])
def test_shapes(session, text, want):
    assert shown(session, text) == want


@pytest.mark.parametrize("text, want", [
    ('LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> {1, 2}][{1, 1}]', "{4., 9.}"),
    ('LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> None][{1, 1}]', "{3., 7.}"),
    ('NetExtract[LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> None], "Biases"]',
     "None"),
    ('Normal[NetExtract[LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}], "Weights"]]',
     "{{1., 2.}, {3., 4.}}"),
])
def test_given_arrays(session, text, want):
    assert shown(session, text) == want


def test_encoder_and_decoder_ports(session):
    text = shown(session, 'LinearLayer[3, "Input" -> NetEncoder[{"Image", {10, 10}}]]')
    assert "3×300" in text                          # the weights take the encoded image
    text = shown(session, 'LinearLayer[3, "Output" -> NetDecoder[{"Class", {a, b, c}}]]')
    assert 'NetDecoder "Class"' in text


def test_is_weights_dot_input_plus_biases(session):
    assert shown(session, 'Max[Abs[Normal[NetExtract[l, "Weights"]] . {1, 2, 3} + '
                          'Normal[NetExtract[l, "Biases"]] - l[{1, 2, 3}]]] < 10^-5') == "True"


@pytest.mark.parametrize("text, tag", [
    ("NetInitialize[LinearLayer[5]]", "NetInitialize::notfspec"),
    ("l[{1, 2}]", "LinearLayer::invindata1"),
    ("LinearLayer[2][{1, 2, 3}]", "LinearLayer::evalnfspec"),
    ('LinearLayer[2, "Weights" -> {{1, 2}}]', "LinearLayer::arrdims"),
    ("LinearLayer[-1]", "LinearLayer::invsize"),
])
def test_possible_issues(session, text, tag):
    assert tag in message_tags(session, text)


@pytest.mark.parametrize("text, want", [
    ('LinearLayer[3, "Weights" -> {1., 2.}]', "{3, k}"),        # was {k, k}
    ('LinearLayer[{2, 2}, "Weights" -> {{1, 2}}]', "{4, k}"),
])
def test_a_weights_matrix_of_the_wrong_shape_is_told_the_sizes_known(session, text, want):
    session.messages.clear()
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith("LinearLayer::arrdims")
    assert f"should have dimensions {want}," in session.messages[0], session.messages


def test_dot_plus_layer_is_the_old_name(session):
    # the DotPlusLayer reference page: "equivalent to LinearLayer[n]"
    assert shown(session, 'DotPlusLayer[5, "Input" -> 3] === LinearLayer[5, "Input" -> 3]') == "True"
    text = shown(session, 'NetChain[{DotPlusLayer[3], Tanh, DotPlusLayer[1]}, "Input" -> 2]')
    assert text.count("LinearLayer") == 2


@pytest.mark.parametrize("text, want", [
    # given weights fix the input's size, not its rank (WL's layer defaults the input to a
    # vector only once it is known to be one): after a pooling layer the array is flattened
    ('Dimensions[NetChain[{PoolingLayer[2, 2, "Input" -> {2, 4, 4}], '
     'LinearLayer[3, "Weights" -> ConstantArray[1., {3, 8}], "Biases" -> {0, 0, 1}]}]'
     '[ConstantArray[1., {2, 4, 4}]]]', "{3}"),
    # applied alone, the data's shape decides: one example, or a batch of rows
    ('LinearLayer[2, "Weights" -> {{1, 0, 0}, {0, 1, 1}}, "Biases" -> {1, 2}][{1, 2, 3}]',
     "{2., 7.}"),
    ('LinearLayer[2, "Weights" -> {{1, 0, 0}, {0, 1, 1}}, "Biases" -> {1, 2}]'
     '[{{1, 2, 3}, {1, 1, 1}}]', "{{2., 7.}, {2., 4.}}"),
    ('LinearLayer[1, "Weights" -> {{1, 1, 1, 1}}, "Biases" -> {0}][{{1, 2}, {3, 4}}]', "{10.}"),
])
def test_given_weights_leave_the_input_rank_open(session, text, want):
    assert shown(session, text) == want


def test_data_that_fits_no_shape_is_refused_by_the_layer(session):
    assert "LinearLayer::dimsinc" in message_tags(
        session, 'LinearLayer[2, "Weights" -> {{1, 0, 0}, {0, 1, 1}}, "Biases" -> {1, 2}]'
                 '[{{1, 2}, {1, 1}}]')
