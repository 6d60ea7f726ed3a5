"""The examples of the DropoutLayer reference page: the identity at evaluation, dropping
in training (NetEvaluationMode -> "Train"), Method -> "AlphaDropout", images, and the
"OutputPorts" option with its "BinaryMask" port."""

import pytest

from wlnet.core.session import Session

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    ("DropoutLayer[][{1, 2, 3, 4}]", "{1., 2., 3., 4.}"),
    ("DropoutLayer[0.3][{{1, 2}, {3, 4}}]", "{{1., 2.}, {3., 4.}}"),
    # in training, what is kept is scaled by 1/(1-p)
    ('Union[DropoutLayer[0.5][ConstantArray[1, 100], NetEvaluationMode -> "Train"]]',
     "{0., 2.}"),
    ('Length[Union[DropoutLayer[0.5, Method -> "AlphaDropout"][ConstantArray[1, 100], '
     'NetEvaluationMode -> "Train"]]]', "2"),
    ('Options[DropoutLayer]', '{Input -> Automatic, LearningRateMultipliers -> Automatic, '
     'Method -> Dropout, Output -> Automatic, OutputPorts -> Output}'),
])
def test_evaluation_and_training(session, text, want):
    assert shown(session, text) == want


def test_images_in_and_out(session):
    text = shown(session, 'DropoutLayer["Input" -> NetEncoder[{"Image", {3, 3}}], '
                          '"Output" -> NetDecoder["Image"]]')
    assert 'NetDecoder "Image"' in text
    assert shown(session, 'Head[DropoutLayer["Input" -> NetEncoder[{"Image", {3, 3}}], '
                          '"Output" -> NetDecoder["Image"]][Image[ConstantArray[0.5, {3, 3, 3}]], '
                          'NetEvaluationMode -> "Train"]]') == "Image"


def test_binary_mask_port(session):
    session.evaluate('d = DropoutLayer[0.5, "OutputPorts" -> {"Output", "BinaryMask"}];')
    assert "BinaryMask    an array of real numbers" in shown(session, "d")
    assert shown(session, "d[{1, 2, 3}]") == '<|"Output" -> {1., 2., 3.}, "BinaryMask" -> {1., 1., 1.}|>'
    # in training the output is the input times the mask, scaled by 1/(1-p)
    session.evaluate('r = d[Range[50], NetEvaluationMode -> "Train"];')
    assert shown(session, 'r["Output"] == 2 r["BinaryMask"] Range[50]') == "True"
    assert shown(session, 'Union[r["BinaryMask"]]') == "{0., 1.}"
    assert shown(session, 'Information[DropoutLayer["OutputPorts" -> "BinaryMask"], '
                          '"OutputPortNames"]') == '{BinaryMask}'


@pytest.mark.parametrize("text, tag", [
    ("DropoutLayer[1.5]", "DropoutLayer::invdrppval"),
    ('DropoutLayer[0.5, Method -> "Foo"]', "DropoutLayer::netarg"),
    ('DropoutLayer["OutputPorts" -> {"Output", "Mask"}]', "DropoutLayer::netarg"),
    ('DropoutLayer[Method -> "AlphaDropout", "OutputPorts" -> {"Output", "BinaryMask"}]',
     "DropoutLayer::alphamask"),
])
def test_messages(session, text, tag):
    assert tag in message_tags(session, text)
