"""Each layer's parameters, ports and arrays (wlnet/net/layers/)."""

import pytest

from wlnet.core.expr import Expr, Integer, S
from wlnet.net.errors import NetSpecError
from wlnet.net.types import IndexIntegerT, LengthVar, RealT, SizeVar, TensorT

from _netutil import layer, lst, rule, sym

GRU_ARRAYS = ["InputGateInputWeights", "InputGateStateWeights", "InputGateBiases",
              "ResetGateInputWeights", "ResetGateStateWeights", "ResetGateBiases",
              "MemoryGateInputWeights", "MemoryGateStateWeights", "MemoryGateBiases"]


def test_gru_nine_arrays_in_terms_of_n_and_k():
    net = layer("GatedRecurrentLayer", 3, Input=["Varying", 2])
    shapes = net.root.array_shapes()
    assert list(shapes) == GRU_ARRAYS
    for name, dims in shapes.items():
        want = (3, 2) if "InputWeights" in name else (3, 3) if "StateWeights" in name else (3,)
        assert dims == want, name


def test_gru_ports_and_state():
    net = layer("GatedRecurrentLayer", 3, Input=["Varying", 2])
    inp, out = net.inputs()["Input"], net.outputs()["Output"]
    assert isinstance(inp.dims[0], LengthVar) and inp.dims[1:] == (2,)
    assert out.dims == (inp.dims[0], 3)
    assert net.states() == {"State": TensorT((3,), RealT)}


def test_gru_input_size_unknown_until_fed():
    net = layer("GatedRecurrentLayer", 3)
    assert isinstance(net.root.array_shapes()["InputGateInputWeights"][1], SizeVar)


def test_gru_fixed_length_input():
    net = layer("GatedRecurrentLayer", 2, Input=[5, sym("Automatic")])
    assert net.inputs()["Input"].dims[0] == 5


@pytest.mark.parametrize("dropout, value", [
    (sym("None"), None), (0.5, 0.5),
    (lst(rule("VariationalInput", 0.2), rule("VariationalState", 0.5)),
     (("VariationalInput", 0.2), ("VariationalState", 0.5))),
    (lst(rule("VariationalWeights", 0.1), rule("StateUpdate", 0.3)),
     (("VariationalWeights", 0.1), ("StateUpdate", 0.3))),
])
def test_gru_dropout_forms(dropout, value):
    from _netutil import py
    from wlnet.net.wlform import layer_param_expr
    net = layer("GatedRecurrentLayer", 2, Dropout=dropout)
    assert net.root.params["Dropout"] == value            # a Python value in the IR
    assert layer_param_expr(net.root, "Dropout") == py(dropout)   # shown as given


@pytest.mark.parametrize("dropout, tag", [
    (1.5, "invdrppval"), (lst(rule("Bogus", 0.2)), "invdrop"), ("x", "invdrop"),
])
def test_gru_bad_dropout(dropout, tag):
    with pytest.raises(NetSpecError) as info:
        layer("GatedRecurrentLayer", 2, Dropout=dropout)
    assert info.value.tag == tag


def test_gru_initial_array_fixes_input_size_and_is_checked():
    w = lst(lst(1, 2, 3, 4), lst(1, 2, 3, 4))
    net = layer("GatedRecurrentLayer", 2, InputGateInputWeights=w)
    assert net.inputs()["Input"].dims[1] == 4
    assert ("Arrays", "InputGateInputWeights") in net.arrays
    with pytest.raises(NetSpecError) as info:
        layer("GatedRecurrentLayer", 3, InputGateInputWeights=w)
    assert info.value.tag == "arrdims"


@pytest.mark.parametrize("args, out_dims, weights", [
    ((3,), (3,), (3, SizeVar)), ((lst(2, 3),), (2, 3), (6, SizeVar)), ((lst(),), (), (1, SizeVar)),
])
def test_linear_forms(args, out_dims, weights):
    net = layer("LinearLayer", *args)
    assert net.outputs()["Output"].dims == out_dims
    w = net.root.array_shapes()["Weights"]
    assert w[0] == weights[0] and isinstance(w[1], weights[1])


def test_linear_input_size_is_product_of_input_dims():
    net = layer("LinearLayer", 4, Input=[2, 3])
    assert net.root.array_shapes() == {"Weights": (4, 6), "Biases": (4,)}


def test_linear_without_biases():
    net = layer("LinearLayer", 4, Biases=sym("None"), Input=2)
    assert net.root.array_shapes() == {"Weights": (4, 2)}
    assert "Biases" in net.root.absent


def test_linear_weights_give_a_vector_output_and_the_input_size_only():
    # as WL's LinearLayer: the input is made a vector only once it is known to be one, so
    # the layer can follow an array of 2 elements of any rank (it flattens it)
    net = layer("LinearLayer", Weights=lst(lst(1, 2), lst(3, 4), lst(5, 6)))
    assert net.outputs()["Output"].dims == (3,)
    assert net.inputs()["Input"].tail is not None and not net.inputs()["Input"].dims
    assert net.root.array_shapes()["Weights"] == (3, 2)


def test_unit_vector_learns_count_from_input():
    net = layer("UnitVectorLayer", 4, Input="Varying")
    out = net.outputs()["Output"]
    assert isinstance(out.dims[0], LengthVar) and out.dims[1] == 4
    assert net.inputs()["Input"].elem == IndexIntegerT(4)


@pytest.mark.parametrize("symbol, args", [
    ("SoftmaxLayer", ()), ("ElementwiseLayer", (sym("Ramp"),)), ("DropoutLayer", (0.3,)),
    ("ElementwiseLayer", (Expr(S.Function, Expr(S.Tanh, Expr(S.Slot, Integer(1)))),)),
])
def test_shape_preserving_layers(symbol, args):
    net = layer(symbol, *args, Input=[3, 4])
    assert net.outputs()["Output"].dims == (3, 4)


@pytest.mark.parametrize("symbol, args, tag", [
    ("GatedRecurrentLayer", (-2,), "invsize"),
    ("GatedRecurrentLayer", (), "argx"),
    ("LinearLayer", (1, 2), "argt"),
    ("LinearLayer", (lst(2, -1),), "invdims"),
    ("UnitVectorLayer", (0,), "invsize"),
    ("ElementwiseLayer", (sym("Gamma2"),), "invfunc"),
    ("DropoutLayer", (2,), "invdrppval"),
    ("SoftmaxLayer", (0,), "netarg"),
])
def test_invalid_arguments(symbol, args, tag):
    with pytest.raises(NetSpecError) as info:
        layer(symbol, *args)
    assert info.value.tag == tag


def test_unknown_option():
    with pytest.raises(NetSpecError) as info:
        layer("LinearLayer", 3, Bogus=1)
    assert info.value.tag == "optx"


def test_sequence_last_drops_the_sequence_dimension():
    net = layer("SequenceLastLayer", Input=["Varying", 3])
    assert net.outputs()["Output"].dims == (3,)


def test_losses_have_a_scalar_loss_port():
    for symbol, args in (("MeanSquaredLossLayer", ()), ("MeanAbsoluteLossLayer", ()),
                         ("CrossEntropyLossLayer", ("Index",))):
        net = layer(symbol, *args)
        assert set(net.inputs()) == {"Input", "Target"}
        assert net.outputs() == {"Loss": TensorT((), RealT)}


def test_cross_entropy_index_target_learns_classes():
    net = layer("CrossEntropyLossLayer", "Index", Input=3)
    assert net.inputs()["Target"] == TensorT((), IndexIntegerT(3))
