"""examples/functionlayer_regression.wl: a multi-input NetGraph (ThreadingLayer,
CatenateLayer) trained with a custom loss written as a FunctionLayer runs without
messages, and training brings the loss well down."""

from wlnet.core.expr import TRUE
from wlnet.syntax.printer import output_form

from .test_examples import example


def test_functionlayer_regression_trains():
    run = example("functionlayer_regression.wl")
    assert not run.messages()
    before = run.at("before = ").result.value
    after = run.at("after = ").result.value
    assert 0 < after < before
    assert run.at("after < before / 4").result is TRUE
    assert output_form(run.at("Dimensions[trained[data").result) == "{512, 1}"
