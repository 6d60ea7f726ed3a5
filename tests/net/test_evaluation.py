"""Evaluating a net on data (wlnet/net/evaluation.py), on the IR and without a session: what
``net[data, spec]`` computes; the WL face and its messages are tested in test_execute_wl.py."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.net.evaluation import EvalOptions, NetEvalError, run_net
from wlnet.net.initialize import initialize

from _netutil import layer, lst

TEST = EvalOptions(train=False, rng=None, precision="Real64", batch_size=None)


def linear():
    """LinearLayer[3, "Input" -> 2], initialised."""
    return initialize(layer("LinearLayer", 3, Input=2), seed=3)


def weights(net):
    return (net.arrays[("Arrays", "Weights")].array.astype(np.float64),
            net.arrays[("Arrays", "Biases")].array.astype(np.float64))


def values(e):
    if isinstance(e, NumericArray):
        return e.array
    if type(e) is Expr and e.head is S.List:
        return np.array([values(a) for a in e.args])
    assert type(e) in (Real, Integer), e
    return e.value


def test_one_example_and_a_batch_match_numpy():
    net = linear()
    w, b = weights(net)
    one, states = run_net(net, lst(1.0, 2.0), None, TEST)
    assert states is None
    np.testing.assert_allclose(values(one), w @ [1.0, 2.0] + b, rtol=1e-6)
    xs = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
    batch, _ = run_net(net, lst(*(lst(*x) for x in xs.tolist())), None, TEST)
    np.testing.assert_allclose(values(batch), xs @ w.T + b, rtol=1e-6)


def test_batch_size_only_chunks():
    net = linear()
    data = lst(*(lst(float(i), float(-i)) for i in range(5)))
    whole, _ = run_net(net, data, None, TEST)
    chunked, _ = run_net(net, data, None, TEST._replace(batch_size=2))
    assert whole == chunked


def test_numeric_array_in_numeric_array_out():
    net = linear()
    # a batch given as one NumericArray gives one NumericArray (the layer pages: "When
    # given a NumericArray as input, the output will be a NumericArray"), its rows the
    # results of the examples
    out, _ = run_net(net, NumericArray([[1, 2], [3, 4]], "Real32"), None, TEST)
    assert isinstance(out, NumericArray) and out.shape[0] == 2
    one, _ = run_net(net, NumericArray([3, 4], "Real32"), None, TEST)
    assert isinstance(one, NumericArray)
    np.testing.assert_array_equal(out.array[1], one.array)
    # a list of examples holding a NumericArray (any of them) gives a list of NumericArrays
    # (WL: a NumericArray anywhere in the input makes the outputs NumericArrays)
    for batch in (lst(NumericArray([1, 2], "Real32"), NumericArray([3, 4], "Real32")),
                  lst(lst(1.0, 2.0), NumericArray([3, 4], "Real32"))):
        rows, _ = run_net(net, batch, None, TEST)
        assert rows.head.name == "List" and all(isinstance(r, NumericArray) for r in rows.args)
        np.testing.assert_array_equal(rows.args[1].array, one.array)
    plain, _ = run_net(net, lst(lst(1.0, 2.0), lst(3.0, 4.0)), None, TEST)
    assert not any(isinstance(r, NumericArray) for r in plain.args)


def test_input_gradient_of_the_summed_outputs():
    net = linear()
    w, _ = weights(net)
    grad, _ = run_net(net, lst(1.0, 2.0), Expr(Symbol("NetPortGradient"), String("Input")), TEST)
    np.testing.assert_allclose(values(grad), w.sum(axis=0), rtol=1e-6)


def test_several_ports_come_back_as_an_association():
    net = linear()
    spec = lst(Expr(Symbol("NetPort"), String("Output")))
    out, _ = run_net(net, lst(1.0, 2.0), spec, TEST)
    assert out.head is S.Association and out.args[0].args[0] == spec.args[0]


@pytest.mark.parametrize("net, spec, tag", [
    (layer("LinearLayer", 3, Input=2), None, "evaluninit"),
    (linear(), String("Probabilities"), "invoutspec"),
    (linear(), Expr(Symbol("NetPort"), String("Nope")), "invoutport"),
    (linear(), Expr(Symbol("NetPortGradient"), String("Nope")), "invgradport"),
    (linear(), Expr(Symbol("NetPort"), S.All, String("States")), "nostates"),
])
def test_what_cannot_be_evaluated_raises_with_the_message_tag(net, spec, tag):
    with pytest.raises(NetEvalError) as info:
        run_net(net, lst(1.0, 2.0), spec, TEST)
    assert info.value.tag == tag


def gru(seed):
    """GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], initialised with ``seed``."""
    return initialize(layer("GatedRecurrentLayer", 3, Input=lst("Varying", 2)), seed=seed)


def test_one_example_gives_the_first_of_a_batch_of_it():
    # net[x] runs one example without the batch bookkeeping; it must give what the batch
    # path gives for {x}, for one output port and for several (an association)
    for net, x in [(linear(), lst(1.0, 2.0)), (gru(1), lst(lst(1.0, 0.5), lst(-1.0, 2.0)))]:
        one, _ = run_net(net, x, None, TEST)
        batch, _ = run_net(net, lst(x), None, TEST)
        np.testing.assert_array_equal(values(one), values(batch)[0])


def test_one_example_keeps_its_final_states():
    net = gru(1)
    x = lst(lst(1.0, 0.5), lst(-1.0, 2.0))
    _, states = run_net(net, x, None, TEST)
    _, from_batch = run_net(net, lst(x, x), None, TEST)
    assert set(states) == set(from_batch)
    for k in states:
        np.testing.assert_array_equal(states[k], from_batch[k])


def test_nets_of_one_structure_keep_their_own_arrays():
    # two GRUs of the same structure share an executor (and its op); each net's arrays are
    # kept with the net under their own version, so the op's packed weights are never
    # another net's, however the calls alternate
    shape = layer("GatedRecurrentLayer", 3, Input=lst("Varying", 2))
    a, b = initialize(shape, seed=1), initialize(shape, seed=2)
    assert a.root == b.root
    x = lst(lst(1.0, 0.5), lst(-1.0, 2.0))
    first_a, _ = run_net(a, x, None, TEST)
    first_b, _ = run_net(b, x, None, TEST)
    assert not np.array_equal(values(first_a), values(first_b))
    for _ in range(2):
        np.testing.assert_array_equal(values(run_net(a, x, None, TEST)[0]), values(first_a))
        np.testing.assert_array_equal(values(run_net(b, x, None, TEST)[0]), values(first_b))


def test_output_ports_named_by_strings():
    # net[data, "port"] and net[data, {"port1", "port2"}] as net[data, NetPort["port"]] …
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('g = NetInitialize[NetGraph[{LinearLayer[2], LinearLayer[3]}, {NetPort["Input"] -> 1 '
               '-> NetPort["Out1"], NetPort["Input"] -> 2 -> NetPort["Out2"]}, "Input" -> 4]]; '
               'x = {1, 2, 3, 4};')
    assert not s.messages
    for text, same in (('g[x, "Out1"]', 'g[x, NetPort["Out1"]]'),
                       ('g[{x, x}, "Out2"]', 'g[{x, x}, NetPort["Out2"]]'),
                       ('g[x, {"Out2", "Out1"}]', '<|"Out2" -> g[x]["Out2"], "Out1" -> g[x]["Out1"]|>')):
        assert output_form(s.evaluate(f'{text} === {same}')) == "True", text
    assert not s.messages
    s.evaluate('g[x, "Out3"]')
    assert any("invoutspec" in m for m in s.messages)


def test_output_names_and_netports_together():
    # a VAE's check of its loss and KL term: net[x, {"Loss", NetPort[{"kl", "Output"}]}]
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('g = NetInitialize[NetGraph[<|"a" -> LinearLayer[2], "b" -> Tanh|>, '
               '{"a" -> "b" -> NetPort["Out"], "a" -> NetPort["A"]}, "Input" -> 3]]; x = {1, 2, 3};')
    assert output_form(s.evaluate(
        'g[x, {"Out", NetPort[{"a", "Output"}]}] === '
        '<|"Out" -> g[x, "Out"], NetPort[{"a", "Output"}] -> g[x, "A"]|>')) == "True"
    assert output_form(s.evaluate(
        'Keys[g[{x, x}, {NetPort[{"b", "Output"}], "A"}]]')) == '{NetPort[{b, Output}], A}'
    assert not s.messages
    s.evaluate('g[x, {"Out", NetPort[{"c", "Output"}]}]')
    assert any("invoutport" in m for m in s.messages)


def test_ports_with_decoder_properties_in_a_list():
    # net[x, {"P" -> prop, "Q"}]: each port as net[x, "P" -> prop] and net[x, "Q"] give it
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('g = NetInitialize[NetGraph[<|"a" -> {LinearLayer[3], SoftmaxLayer[]}, '
               '"b" -> LinearLayer[2]|>, {NetPort["Input"] -> "a" -> NetPort["P"], '
               'NetPort["Input"] -> "b" -> NetPort["Q"]}, "Input" -> 2, '
               '"P" -> NetDecoder[{"Class", {x, y, z}}]]]; v = {1, 2};')
    for text, same in (
            ('g[v, {"P" -> "Probabilities", "Q"}]',
             '<|"P" -> g[v, "P" -> "Probabilities"], "Q" -> g[v, "Q"]|>'),
            ('g[{v, 2 v}, {"P" -> {"TopProbabilities", 2}, NetPort["Q"]}]',
             '<|"P" -> g[{v, 2 v}, "P" -> {"TopProbabilities", 2}], NetPort["Q"] -> g[{v, 2 v}, "Q"]|>'),
            ('g[v, {"Q", "P" -> None}]', '<|"Q" -> g[v, "Q"], "P" -> g[v, None]["P"]|>'),
            # the same port twice: the rule names its entry
            ('Keys[g[v, {"P" -> "Decision", "P"}]]', '{"P" -> "Decision", "P"}')):
        assert output_form(s.evaluate(f'{text} === {same}')) == "True", text
    assert not s.messages, s.messages
    s.evaluate('g[v, {"P" -> "Nope", "Q"}]')
    assert any("invoutspec" in m for m in s.messages)


def test_a_list_of_decoder_properties():
    # net[x, {prop1, prop2}]: each property of the one decoded output, keyed by itself (as a
    # list of ports or NetPorts is keyed); a list that is itself one property stays one
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('c = NetInitialize@NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, '
               '"Output" -> NetDecoder[{"Class", {"a", "b", "Entropy"}}]]; v = {1, 2};')
    for text, same in (
            ('c[v, {"Decision", "Entropy"}]',
             '<|"Decision" -> c[v, "Decision"], "Entropy" -> c[v, "Entropy"]|>'),
            ('c[{v, -v}, {{"TopProbabilities", 2}, "Probabilities"}]',
             '<|{"TopProbabilities", 2} -> c[{v, -v}, {"TopProbabilities", 2}], '
             '"Probabilities" -> c[{v, -v}, "Probabilities"]|>'),
            ('c[v, {"Decision", "Output" -> None}]', '<|"Decision" -> c[v], "Output" -> c[v, None]|>'),
            ('c[{v, v}, {"Decision", None}]', '<|"Decision" -> c[{v, v}], None -> c[{v, v}, None]|>'),
            # one property with its argument, not two properties
            ('c[v, {"Probability", "Entropy"}]', 'c[v, "Probabilities"]["Entropy"]')):
        assert output_form(s.evaluate(f'{text} === {same}')) == "True", text
    assert not s.messages, s.messages
    assert output_form(s.evaluate('c[v, {"Decision", "Nope"}]')) == "$Failed"
    assert any("invoutspec" in m for m in s.messages)


def test_netport_of_a_layer_or_sub_net_is_its_output():
    # the NetPort page: oport may refer to "a subnet or layer of the net"
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('c = NetInitialize@NetChain[{LinearLayer[3], Tanh, LinearLayer[2]}, "Input" -> 2]; '
               'g = NetInitialize@NetGraph[<|"a" -> NetChain[{LinearLayer[3], Tanh}], '
               '"b" -> LinearLayer[2]|>, {"a" -> "b"}, "Input" -> 2];')
    for text, same in (('c[{1, 2}, NetPort[1]]', 'c[{1, 2}, NetPort[{1, "Output"}]]'),
                       ('c[{1, 2}, NetPort[{-1}]]', 'c[{1, 2}]'),
                       ('c[{1, 2}, {NetPort[1], NetPort[2]}]',
                        '<|NetPort[1] -> c[{1, 2}, NetPort[{1, "Output"}]], '
                        'NetPort[2] -> c[{1, 2}, NetPort[{2, "Output"}]]|>'),
                       ('g[{1, 2}, NetPort["a"]]', 'g[{1, 2}, NetPort[{"a", 2, "Output"}]]'),
                       ('g[{1, 2}, NetPort[{"a", 1}]]', 'g[{1, 2}, NetPort[{"a", 1, "Output"}]]')):
        assert output_form(s.evaluate(f'{text} === {same}')) == "True", text
    assert not s.messages
    s.evaluate('c[{1, 2}, NetPort[4]]')
    assert any("invoutport" in m for m in s.messages)


def test_netport_all_gives_the_output_of_every_layer():
    # the NetPort page's Scope: "get the outputs of all layers in the net"
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('c = NetInitialize@NetChain[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[2]}, '
               '"Input" -> 2]; m = NetInitialize@NetChain[{NetMapOperator[LinearLayer[2]], '
               'SequenceLastLayer[]}, "Input" -> {"Varying", 3}]; x = {1, 2};')
    for text, want in (
            ('Keys[c[x, NetPort[All]]]',
             '{NetPort[{1, 1, "Output"}], NetPort[{1, 2, "Output"}], NetPort[{2, "Output"}]}'),
            ('c[x, NetPort[All]] === c[x, {NetPort[{1, 1, "Output"}], NetPort[{1, 2, "Output"}], '
             'NetPort[{2, "Output"}]}]', "True"),
            ('c[x, NetPort[All]][NetPort[{2, "Output"}]] === c[x]', "True"),
            # an operator's net runs on parts of the data: the operator's output is given
            ('Keys[m[{{1, 2, 3}, {4, 5, 6}}, NetPort[All]]]',
             '{NetPort[{1, "Output"}], NetPort[{2, "Output"}]}'),
            ('Dimensions[m[{{1, 2, 3}, {4, 5, 6}}, NetPort[All]][NetPort[{1, "Output"}]]]', "{2, 2}"),
            # a layer by itself: its own output port
            ('Keys[ElementwiseLayer[Tanh][0.5, NetPort[All]]]', '{NetPort["Output"]}')):
        assert output_form(s.evaluate(text)) == output_form(s.evaluate(want)), text
    assert not s.messages


def test_netport_reaches_into_net_operators():
    """NetPort names an operator's own output (the key NetPort[All] gives it) and the layers
    of its inner net: inside a NetMapOperator their values for every element, inside a
    NetFoldOperator their values at every step, in the shape of the data."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('c = NetInitialize[NetChain[<|"map" -> NetMapOperator[NetChain[{LinearLayer[3], '
               'Ramp}]], "last" -> SequenceLastLayer[]|>, "Input" -> {"Varying", 2}], '
               'RandomSeeding -> 1]; x = {{1, 2}, {3, -4}, {0, 1}}; '
               'lin = NetExtract[c, {"map", "Net", 1}]; '
               'mm = NetInitialize[NetMapOperator[NetMapOperator[LinearLayer[2]], '
               '"Input" -> {"Varying", 2, 3}]]; y = {{{1, 2, 3}, {0, 1, 0}}, {{2, 2, 1}, {1, 0, 0}}}; '
               'inner = NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[2], "t" -> Tanh|>, '
               '{{NetPort["Input"], NetPort["State"]} -> "cat" -> "lin" -> "t"}]; '
               'f = NetInitialize[NetFoldOperator[inner, "Input" -> {"Varying", 3}], RandomSeeding -> 2]; '
               'z = {{1, 0, 2}, {0, 1, 1}, {2, 1, 0}, {1, 1, 1}}')
    for text in (
            'c[x, NetPort[{"map", "Output"}]] == c[x, NetPort["map"]] == c[x, NetPort[{1}]]',
            'Max[Abs[c[x, NetPort[{"map", "Net", 1, "Output"}]] - Map[lin, x]]] < 10^-5',
            'c[x, NetPort[{"map", "Net", 2}]] == c[x, NetPort["map"]]',
            'Max[Abs[mm[y, NetPort[{"Net", "Net", "Output"}]] - mm[y]]] < 10^-6',
            # the step net's "lin" at each step: ArcTanh of the fold's outputs
            'Max[Abs[f[z, NetPort[{"Net", "lin", "Output"}]] - ArcTanh[f[z]]]] < 10^-4',
            'Dimensions[f[z, NetPort[{"Net", "cat"}]]] == {4, 5}',
            # a batch of sequences of two lengths: each its own
            'Map[Dimensions, f[{z, Take[z, 2]}, NetPort[{"Net", "t", "Output"}]]] == {{4, 2}, {2, 2}}',
            'f[{z, Take[z, 2]}, NetPort[{"Net", "t", "Output"}]] == f[{z, Take[z, 2]}]'):
        assert output_form(s.evaluate(text)) == "True", text
    assert not s.messages, s.messages
    s.evaluate('f[z, NetPort[{"Net", "nothing", "Output"}]]')
    assert any("::invoutport:" in m for m in s.messages), s.messages


def test_netport_inside_a_nest_operator_gives_every_iteration():
    """NetPort[{"Net", lspec…, "port"}] of a NetNestOperator (invoutport before): the port's
    values at the n iterations, stacked as a fold's steps are (NestList's without the
    initial value), the last one the operator's output."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('nest = NetInitialize[NetNestOperator[NetChain[{LinearLayer[2], Tanh}], 3, "Input" -> 2], '
               'RandomSeeding -> 1]; lin = NetExtract[nest, {"Net", 1}]; x = {1., 2.}')
    for text in (
            'Dimensions[nest[x, NetPort[{"Net", 1, "Output"}]]] == {3, 2}',
            'Max[Abs[nest[x, NetPort[{"Net", "Output"}]] - Rest[NestList[Tanh[lin[#]] &, x, 3]]]] < 10^-5',
            'Last[nest[x, NetPort[{"Net", 2, "Output"}]]] == nest[x]',
            'Max[Abs[nest[x, NetPort[{"Net", 1}]] - ArcTanh[nest[x, NetPort[{"Net", 2}]]]]] < 10^-4',
            # a batch: each example's iterations
            'Dimensions[nest[{x, {0., 1.}, {3., -1.}}, NetPort[{"Net", 1, "Output"}]]] == {3, 3, 2}',
            'nest[{x, {0., 1.}}, NetPort[{"Net", 1, "Output"}]][[1]] == nest[x, NetPort[{"Net", 1, "Output"}]]'):
        assert output_form(s.evaluate(text)) == "True", text
    assert not s.messages, s.messages
    s.evaluate('nest[x, NetPort[{"Net", 5, "Output"}]]')
    assert any("::invoutport:" in m for m in s.messages), s.messages


def test_netport_all_states_in_a_list_with_outputs():
    # the NetPort page's Scope: "get both the output and the final states"
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('rc = NetInitialize[NetChain[{LongShortTermMemoryLayer[3], SequenceLastLayer[]}, '
               '"Input" -> {"Varying", 2}], RandomSeeding -> 1]; x = {{1, 2}, {3, 4}}; '
               'r = rc[x, {NetPort["Output"], NetPort[All, "States"]}]')
    for text in ('Keys[r] == {NetPort["Output"], NetPort[All, "States"]}',
                 'r[NetPort[All, "States"]] == rc[x, NetPort[All, "States"]]',
                 'r[NetPort["Output"]] == rc[x]',
                 # a batch: each example's states
                 'Length[rc[{x, {{1, 1}}}, {NetPort["Output"], NetPort[All, "States"]}]'
                 '[NetPort[All, "States"]]] == 2'):
        assert output_form(s.evaluate(text)) == "True", text
    assert not s.messages, s.messages
    s.evaluate('NetInitialize[LinearLayer[2, "Input" -> 2]][{1, 2}, {NetPort["Output"], '
               'NetPort[All, "States"]}]')
    assert len(s.messages) == 1 and "::nostates:" in s.messages[0], s.messages


def test_netport_all_in_a_list_gives_every_layer_output():
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('c = NetInitialize[NetChain[{LinearLayer[3], Tanh}, "Input" -> 2], RandomSeeding -> 1]')
    r = s.evaluate('c[{1, 2}, {NetPort[All], NetPort["Output"]}] === '
                   'Append[c[{1, 2}, NetPort[All]], NetPort["Output"] -> c[{1, 2}]]')
    assert output_form(r) == "True" and not s.messages, s.messages


def test_netport_gradient_of_an_array_inside_an_operator():
    # the arrays of a NetMapOperator's net are at {"Net", "Weights"}, as NetExtract names them
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('m = NetInitialize[NetMapOperator[LinearLayer[2], "Input" -> {"Varying", 3}]]; '
               'x = {{1, 2, 3}, {0, 1, 0}}')
    assert output_form(s.evaluate('m[x, NetPortGradient[{"Net", "Biases"}]]')) == "{2., 2.}"
    assert output_form(s.evaluate('m[x, NetPortGradient[{"Net", "Weights"}]]')) == \
        "{{1., 3., 3.}, {1., 3., 3.}}"
    assert not s.messages, s.messages


def test_data_given_to_a_net_without_inputs_is_refused_by_name():
    from wlnet.core.session import Session
    s = Session()
    for data in ("{1, 2}", '<|"x" -> 1|>'):
        s.messages.clear()
        s.evaluate(f'NetArrayLayer["Array" -> {{1., 2.}}][{data}]')
        assert s.messages and "::noinports:" in s.messages[0], s.messages


def test_a_layer_taking_a_list_of_inputs_refuses_other_data_by_name():
    # TotalLayer[] learns its number of inputs from a list of arrays; a rule, a number or a
    # string gives a message (a rule was an internal error, a CatenateLayer said it had
    # no inputs)
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    for net, data in (("TotalLayer[]", '"x" -> {1}'), ("CatenateLayer[]", '"Input" -> {{1}, {2}}'),
                      ("ThreadingLayer[Plus]", "3"), ("NetChain[{TotalLayer[], Ramp}]", '"a"')):
        s.messages.clear()
        assert output_form(s.evaluate(f"{net}[{data}]")) == "$Failed"
        assert len(s.messages) == 1 and "::portlistdata:" in s.messages[0], s.messages
    assert output_form(s.evaluate("TotalLayer[][{{1}, {2}}]")) == "{3.}"


@pytest.mark.parametrize("net, data, want", [
    ("NetGraph[{CatenateLayer[], ElementwiseLayer[Ramp]}, {1 -> 2}]", "{{1, -2}, {3}}", "{1., 0., 3.}"),
    ("NetGraph[{CatenateLayer[], ElementwiseLayer[Ramp]}, {1 -> 2}]",
     '<|"Input1" -> {-1}, "Input2" -> {2, 3}|>', "{0., 2., 3.}"),
    ("NetGraph[{ThreadingLayer[Times], TotalLayer[]}, {1 -> 2}]", "{{1, 2}, {3, 4}, {5, 6}}", "{15., 48.}"),
    ("NetGraph[{TotalLayer[], ElementwiseLayer[Ramp]}, {1 -> 2}]", "{{1, -9}, {3, 4}}", "{4., 0.}"),
    ("NetChain[{NetGraph[{CatenateLayer[]}, {}], Ramp}]", "{{-1, 2}, {3}}", "{0., 2., 3.}"),
])
def test_a_graph_whose_port_list_layer_nothing_feeds_takes_a_list(net, data, want):
    # the layer's inputs are the graph's, as many as the arrays given (the graph said it
    # had no input ports; a TotalLayer there was an internal error)
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    assert output_form(s.evaluate(f"{net}[{data}]")) == want
    assert not s.messages, s.messages


@pytest.mark.parametrize("net, where", [
    ("NetGraph[{TotalLayer[], TotalLayer[]}, {}][{{1, 2}, {3, 4}}]", "layers 1, 2"),
    ("NetGraph[{CatenateLayer[], Ramp}, {1 -> 2}][]", "layer 1"),
    ("TotalLayer[][]", "the layer"),
])
def test_a_port_list_layer_without_ports_cannot_run(net, where):
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    assert output_form(s.evaluate(net)) == "$Failed"
    assert len(s.messages) == 1 and "::evalnports:" in s.messages[0] \
        and f"ports of {where} is" in s.messages[0], s.messages


def test_ports_sharing_a_sequence_length_must_be_given_sequences_of_one_length():
    # a loss layer's "Input" and "Target" have one length (MeanSquaredLossLayer computed a
    # number from sequences of lengths 2 and 1; CrossEntropyLossLayer raised an internal error)
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    for code in ('MeanSquaredLossLayer["Input" -> {"Varying", 2}][<|"Input" -> {{1, 2}, {3, 4}}, '
                 '"Target" -> {{1, 2}}|>]',
                 'CrossEntropyLossLayer["Index", "Input" -> {"Varying", 3}][<|"Input" -> '
                 '{{0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}}, "Target" -> {3}|>]'):
        s.messages.clear()
        assert output_form(s.evaluate(code)) == "$Failed"
        assert len(s.messages) == 1 and "::invindata1:" in s.messages[0] \
            and '"Target"' in s.messages[0] and "(length 2)" in s.messages[0], s.messages
    s.messages.clear()
    assert output_form(s.evaluate(
        'MeanSquaredLossLayer["Input" -> {"Varying", 2}][{<|"Input" -> {{1, 2}}, "Target" -> {{1, 4}}|>, '
        '<|"Input" -> {{1, 2}, {3, 4}}, "Target" -> {{1, 2}, {3, 5}}|>}]')) == "{2., 0.25}"
    assert not s.messages, s.messages


def test_a_list_of_indices_is_a_batch_when_the_net_needs_one_index_per_example():
    # EmbeddingLayer ≡ UnitVectorLayer + LinearLayer (the Properties of EmbeddingLayer):
    # the weights 3×5 need one index per example, so {2, 4} is a batch of two
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('e = NetInitialize[EmbeddingLayer[3, 5], RandomSeeding -> 2]; '
               'w = Normal[NetExtract[e, "Weights"]]; '
               'c = NetChain[{UnitVectorLayer[5], LinearLayer[3, "Weights" -> Transpose[w], '
               '"Biases" -> None]}]')
    assert output_form(s.evaluate('Max[Abs[e[{2, 4}] - c[{2, 4}]]] < 10^-6')) == "True"
    assert output_form(s.evaluate('Dimensions[c[3]]')) == "{3}"
    assert output_form(s.evaluate('Dimensions[e[{2, 4}]]')) == "{2, 3}"    # a sequence, as before
    assert not s.messages, s.messages


@pytest.mark.parametrize("net, data, want", [
    # a list of port lists that cannot be one example (a ragged part) is a batch of them
    ("CatenateLayer[]", "{{{1, 2}, {3}}, {{4}, {5, 6}}}", "{{1., 2., 3.}, {4., 5., 6.}}"),
    ("CatenateLayer[]", "{{{1, 2}, {3}}, {{4, 5}, {6}}}", "{{1., 2., 3.}, {4., 5., 6.}}"),
    # one example still: an array per port
    ("CatenateLayer[]", "{{1, 2}, {3}}", "{1., 2., 3.}"),
    ("CatenateLayer[]", "{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}", "{{1., 2.}, {3., 4.}, {5., 6.}, {7., 8.}}"),
    # ports of known ranks: the rank of the parts says a batch
    ("CatenateLayer[InputPorts -> {{2}, {3}}]", "{{{1, 2}, {3, 4, 5}}, {{6, 7}, {8, 9, 10}}}",
     "{{1., 2., 3., 4., 5.}, {6., 7., 8., 9., 10.}}"),
    ("CatenateLayer[InputPorts -> {{2}, {2}}]", "{{{1, 2}, {3, 4}}, {{6, 7}, {8, 9}}}",
     "{{1., 2., 3., 4.}, {6., 7., 8., 9.}}"),
    ("CatenateLayer[InputPorts -> {{2}, {2}}]", "{{1, 2}, {3, 4}}", "{1., 2., 3., 4.}"),
    ("TotalLayer[]", "{{{1, 2}, {3, 4}}, {{6, 7}, {8, 9}}}", "{{7., 9.}, {11., 13.}}"),  # one example
])
def test_a_batch_of_port_lists(net, data, want):
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    assert output_form(s.evaluate(f"{net}[{data}]")) == want
    assert not s.messages, s.messages
