"""The examples of the loss layers' reference pages (MeanSquaredLossLayer,
MeanAbsoluteLossLayer, CrossEntropyLossLayer in its "Index", "Probabilities" and "Binary"
forms, ContrastiveLossLayer): losses of given data, batches, sequences, class encoders,
and the messages for data that does not fit."""

import pytest

from wlnet.core.session import Session

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    ('MeanSquaredLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {1, 0, 3}|>]', "1.33333"),
    ('MeanSquaredLossLayer[][<|"Input" -> {{1, 2}, {3, 4}}, "Target" -> {{1, 2}, {3, 5}}|>]',
     "0.25"),
    ('MeanSquaredLossLayer[][{<|"Input" -> {1, 2}, "Target" -> {1, 0}|>, '
     '<|"Input" -> {1, 2}, "Target" -> {1, 2}|>}]', "{2., 0.}"),
    ('MeanSquaredLossLayer[][<|"Input" -> 1, "Target" -> 3|>]', "4."),
    ('MeanSquaredLossLayer["Input" -> {"Varying", 2}][<|"Input" -> {{1, 2}, {3, 4}}, '
     '"Target" -> {{1, 2}, {3, 5}}|>]', "0.25"),
    ('MeanAbsoluteLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {1, 0, 3}|>]', "0.666667"),
    ('CrossEntropyLossLayer["Index"][<|"Input" -> {0.1, 0.7, 0.2}, "Target" -> 2|>]',
     "0.356675"),
    ('CrossEntropyLossLayer["Probabilities"][<|"Input" -> {0.1, 0.7, 0.2}, '
     '"Target" -> {0, 1, 0}|>]', "0.356675"),
    ('CrossEntropyLossLayer["Binary"][<|"Input" -> 0.7, "Target" -> 1|>]', "0.356675"),
    ('CrossEntropyLossLayer["Index", "Target" -> NetEncoder[{"Class", {a, b, c}}]]'
     '[<|"Input" -> {0.1, 0.7, 0.2}, "Target" -> b|>]', "0.356675"),
    ('CrossEntropyLossLayer["Index", "Input" -> {"Varying", 3}][<|"Input" -> '
     '{{0.1, 0.7, 0.2}, {0.3, 0.3, 0.4}}, "Target" -> {2, 3}|>]', "0.636483"),
    # the default margin is 0.5: a True target (distance to maximise) costs only below it
    ('ContrastiveLossLayer[][<|"Input" -> 0.5, "Target" -> True|>]', "0."),
    ('ContrastiveLossLayer[][<|"Input" -> 0.2, "Target" -> True|>]', "0.09"),
    ('ContrastiveLossLayer[][<|"Input" -> 0.5, "Target" -> False|>]', "0.25"),
    ('ContrastiveLossLayer[][<|"Input" -> {0.5, 2}, "Target" -> {True, False}|>]', "{0., 4.}"),
])
def test_losses(session, text, want):
    assert shown(session, text) == want


def test_loss_ports(session):
    text = shown(session, 'CrossEntropyLossLayer["Index", "Input" -> 3]')
    assert "Target" in text and "Loss" in text
    assert shown(session, 'Information[MeanSquaredLossLayer["Input" -> {2, 2}], '
                          '"InputPortNames"]') == "{Input, Target}"


@pytest.mark.parametrize("text, tag", [
    # data whose dimensions differ: a message naming the port, not an internal error
    ('MeanSquaredLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {1, 0}|>]',
     "MeanSquaredLossLayer::invindata1"),
    ('MeanAbsoluteLossLayer[][<|"Input" -> {1, 2}, "Target" -> {1, 0, 5}|>]',
     "MeanAbsoluteLossLayer::invindata1"),
    # the sizes come from the arrays: 3 probabilities per step leave 2 labels and the blank,
    # so a target of 3 (the blank) is no label
    ('CTCLossLayer[][<|"Input" -> {{0.5, 0.3, 0.2}, {0.1, 0.6, 0.3}}, "Target" -> {3}|>]',
     "CTCLossLayer::invindata1"),
    # nor broadcast: a 1×3 input and a 3-vector target do not fit together
    ('MeanSquaredLossLayer[][<|"Input" -> {{1, 2, 3}}, "Target" -> {1, 2, 2}|>]',
     "MeanSquaredLossLayer::invindata1"),
    ('MeanAbsoluteLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {{1, 2, 2}}|>]',
     "MeanAbsoluteLossLayer::invindata1"),
    ('CrossEntropyLossLayer["Index"][<|"Input" -> {0.1, 0.7, 0.2}, "Target" -> 4|>]',
     "CrossEntropyLossLayer::invindata1"),
    ('CrossEntropyLossLayer["Foo"]', "CrossEntropyLossLayer::netarg"),
])
def test_messages(session, text, tag):
    assert tag in message_tags(session, text)
