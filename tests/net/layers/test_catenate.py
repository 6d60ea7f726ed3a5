"""CatenateLayer: levels, inputs of different ranks (replicated), ports from InputPorts,
from NetGraph connections and from the arrays given, against numpy and torch.cat; messages
for incompatible inputs."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

from _layerutil import build, forward, messages

RNG = np.random.default_rng(10)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("level, shapes, axis", [
    ("", [(2,), (3,)], 0),
    ("1", [(2, 3), (4, 3)], 0),
    ("2", [(2, 3), (2, 1)], 1),
    ("-1", [(2, 3, 2), (2, 3, 4), (2, 3, 1)], 2),
])
def test_same_rank_against_numpy_and_torch(session, level, shapes, axis):
    torch = pytest.importorskip("torch")
    ports = "{" + ", ".join("{" + ", ".join(map(str, s)) + "}" for s in shapes) + "}"
    net = build(session, f"CatenateLayer[{level + ', ' if level else ''}InputPorts -> {ports}]")
    xs = [RNG.normal(size=(3,) + s) for s in shapes]
    got = forward(net, **{f"Input{i + 1}": x for i, x in enumerate(xs)})["Output"]
    np.testing.assert_array_equal(got, np.concatenate(xs, axis=axis + 1))
    np.testing.assert_array_equal(got, torch.cat([torch.from_numpy(x) for x in xs], axis + 1).numpy())
    assert got.shape[1:] == tuple(net.outputs()["Output"].dims)


def test_a_lower_rank_input_is_replicated(session):
    net = build(session, "CatenateLayer[InputPorts -> {{2, 3}, 4}]")
    assert net.outputs()["Output"].dims == (2, 7)
    m, v = RNG.normal(size=(2, 2, 3)), RNG.normal(size=(2, 4))
    got = forward(net, Input1=m, Input2=v)["Output"]
    np.testing.assert_array_equal(got, np.concatenate([m, np.repeat(v[:, None], 2, axis=1)], axis=2))


def test_sequences_join_their_vectors(session):
    net = build(session, 'CatenateLayer[-1, InputPorts -> {{"Varying", 2}, {"Varying", 3}}]')
    a, b = RNG.normal(size=(2, 4, 2)), RNG.normal(size=(2, 4, 3))
    a[1, 2:], b[1, 2:] = 0, 0
    got = forward(net, np.array([4, 2]), Input1=a, Input2=b)["Output"]
    np.testing.assert_array_equal(got, np.concatenate([a, b], axis=2))


def test_ports_come_from_graph_connections(session):
    text = ('NetGraph[{LinearLayer[3], LinearLayer[2], CatenateLayer[]}, '
            '{NetPort["x"] -> 1, NetPort["x"] -> 2, {1, 2} -> 3}, "x" -> 4]')
    net = build(session, text)
    assert net.outputs()["Output"].dims == (5,)
    r = session.evaluate(f"Dimensions[NetInitialize[{text}][{{1, 2, 3, 4}}]]")
    assert output_form(r) == "{5}"


def test_explicit_application_to_a_list(session):
    r = session.evaluate("CatenateLayer[][{{1, 2}, {3, 4, 5}}]")
    assert output_form(r) == "{1., 2., 3., 4., 5.}"
    r = session.evaluate("CatenateLayer[InputPorts -> {\"a\", \"b\"}][<|\"a\" -> {1}, \"b\" -> {2}|>]")
    assert output_form(r) == "{1., 2.}"


@pytest.mark.parametrize("text, tag", [
    ("CatenateLayer[1.5]", "CatenateLayer::netarg"),
    ("CatenateLayer[InputPorts -> {{2, 3}, {3, 2}}]", "CatenateLayer::catdims"),
    ("CatenateLayer[3, InputPorts -> {{2, 3}, {3}}]", "CatenateLayer::rankx"),
    ('CatenateLayer[InputPorts -> {{"Varying", 3}, {"Varying", 3}}]', "CatenateLayer::nodyn"),
    ("CatenateLayer[InputPorts -> 2][{{1}}]", "CatenateLayer::portcount"),
    ("CatenateLayer[InputPorts -> x]", "CatenateLayer::invports"),
    ("CatenateLayer[2][{{1, 2}, {3}}]", "CatenateLayer::rankx"),
    ("CatenateLayer[][{{{1, 2}}, {{3}}}]", "CatenateLayer::catdims"),
])
def test_bad_inputs_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_an_input_size_is_learnt_from_the_output(session):
    net = build(session, 'CatenateLayer[InputPorts -> {{2, 3}, {Automatic, 3}}, "Output" -> {7, 3}]')
    assert net.inputs()["Input2"].dims == (5, 3)


def test_port_shapes_given_beside_input_ports(session):
    net = build(session, 'CatenateLayer["Input1" -> 3, InputPorts -> 2, "Input2" -> 2]')
    assert net.outputs()["Output"].dims == (5,)


def test_integer_input_ports_stay_integers_through_a_round_trip():
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('c = CatenateLayer[InputPorts -> {{2, "Integer"}, {3, "Integer"}}]')
    ports = '<|"Input1" -> {2, "Integer"}, "Input2" -> {3, "Integer"}|>'
    assert output_form(s.evaluate('Information[c, "InputPorts"]')) == output_form(s.evaluate(ports))
    assert output_form(s.evaluate('Information[ToExpression[ToString[InputForm[c]]], "InputPorts"]')) \
        == output_form(s.evaluate(ports))
    assert output_form(s.evaluate('c[{{1, 2}, {3, 4, 5}}]')) == "{1, 2, 3, 4, 5}"
    assert output_form(s.evaluate('Information[c, "OutputPorts"]')) == \
        output_form(s.evaluate('<|"Output" -> {5, "Integer"}|>'))
    s.evaluate('c[{{1.5, 2}, {3, 4, 5}}]')
    assert s.messages and "::invindata" in s.messages[-1]


def test_level_zero_stacks_inputs_of_one_shape(session):
    # a downscaling GAN's discriminator: CatenateLayer[0] stacks the true and the generated
    # field, and a NetMapOperator runs one discriminator on each
    net = build(session, "CatenateLayer[0, InputPorts -> {{2, 3}, {2, 3}, {2, 3}}]")
    assert net.outputs()["Output"].dims == (3, 2, 3)
    xs = [RNG.normal(size=(4, 2, 3)) for _ in range(3)]
    got = forward(net, **{f"Input{i + 1}": x for i, x in enumerate(xs)})["Output"]
    np.testing.assert_array_equal(got, np.stack(xs, axis=1))
    r = session.evaluate("CatenateLayer[0][{{1, 2}, {3, 4}}]")
    assert output_form(r) == "{{1., 2.}, {3., 4.}}"


def test_level_zero_needs_one_shape_and_takes_gradients(session):
    assert any(m.startswith("CatenateLayer::catdims")
               for m in messages(session, "CatenateLayer[0][{{1, 2}, {3}}]"))
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    from _gradcheck import check_gradients, random_arrays
    net = build(session, 'NetGraph[<|"cat" -> CatenateLayer[0], "m" -> NetMapOperator[LinearLayer[2]]|>, '
                         '{{NetPort["A"], NetPort["B"]} -> "cat" -> "m"}, "A" -> 3, "B" -> 3]')
    assert net.outputs()["Output"].dims == (2, 2)
    check_gradients(Executor.for_net(net, "Real64"), random_arrays(net, RNG),
                    {"A": Batch(RNG.normal(size=(2, 3)), None), "B": Batch(RNG.normal(size=(2, 3)), None)})


def test_the_wl11_inputs_option_gives_the_input_shapes():
    # CatenateLayer["Inputs" -> {…}] (WL 11's name of the option, in public programs such
    # as a DenseNet builder) sets the ports' shapes as InputPorts does
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    assert output_form(s.evaluate('Information[CatenateLayer["Inputs" -> {2, 3}], "InputPorts"]')) \
        == '<|"Input1" -> 2, "Input2" -> 3|>'
    assert output_form(s.evaluate('CatenateLayer["Inputs" -> {2, 3}][{{1, 2}, {3, 4, 5}}]')) \
        == "{1., 2., 3., 4., 5.}"
    assert output_form(s.evaluate('Information[TotalLayer["Inputs" -> {2, 2}], "InputPorts"]')) \
        == '<|"Input1" -> 2, "Input2" -> 2|>'
    assert not s.messages, s.messages
