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


@pytest.mark.parametrize("layer", ['DropoutLayer[0.5, "Input" -> 8]',
                                   'DropoutLayer[0.5, "Method" -> "AlphaDropout", "Input" -> 8]'])
def test_the_torch_backend_drops_what_the_cpu_drops(layer):
    # the masks come from the run's generator on both backends: the same seed drops the
    # same elements (torch's own generator ignored SeedRandom)
    pytest.importorskip("torch")
    import numpy as np
    from wlnet.net.backends import backend
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    from _layerutil import build
    net = build(Session(), layer)
    batches = {"Input": Batch(np.arange(1.0, 17.0).reshape(2, 8), None)}
    outputs = [np.asarray(Executor.for_net(net, "Real64", *b).forward(
        {}, batches, train=True, rng=np.random.default_rng(7)).outputs["Output"].data)
        for b in ((), (backend("torch"),))]
    np.testing.assert_allclose(outputs[1], outputs[0], atol=1e-12)
    assert (outputs[0] != np.arange(1.0, 17.0).reshape(2, 8)).any()
