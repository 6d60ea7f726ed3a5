"""ThreadingLayer: symbols and pure functions of several inputs (ElementwiseLayer's
compiler), ports named by the function, broadcasting of size-1 levels, against numpy and
torch; messages for functions that do not compile and shapes that do not broadcast."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

from _layerutil import build, forward, messages

RNG = np.random.default_rng(13)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("f, n, numpy_f", [
    ("Plus", 3, lambda a, b, c: a + b + c),
    ("Times", 2, lambda a, b: a * b),
    ("Max", 2, np.maximum),
    ("Subtract", 2, np.subtract),
    ("Divide", 2, np.divide),
    ("Mod", 2, np.mod),
    ("#1 * Tanh[#2] - Exp[-#1^2] &", 2, lambda a, b: a * np.tanh(b) - np.exp(-a ** 2)),
    ("Which[#1 > #2, #1, #1 < -1, -1, True, #2] &", 2,
     lambda a, b: np.where(a > b, a, np.where(a < -1, -1.0, b))),
    # the logical functions of several arguments on conditions (1 or 0)
    ("Xor[#1 > 0, #2 > 0, #3 > 0] &", 3, lambda a, b, c: ((a > 0) ^ (b > 0) ^ (c > 0)).astype(float)),
    ("Nand[#1 > 0, #2 > 0] + 2 Nor[#1 > 0, #2 > 0] &", 2,
     lambda a, b: (~((a > 0) & (b > 0))).astype(float) + 2 * (~((a > 0) | (b > 0)))),
])
def test_functions_against_numpy(session, f, n, numpy_f):
    shapes = "{" + ", ".join(["{2, 3}"] * n) + "}"
    net = build(session, f"ThreadingLayer[{f}, InputPorts -> {shapes}]")
    xs = [RNG.normal(size=(4, 2, 3)) + (3 if f == "Mod" and i == 1 else 0) for i in range(n)]
    got = forward(net, **{f"Input{i + 1}": x for i, x in enumerate(xs)})["Output"]
    np.testing.assert_allclose(got, numpy_f(*xs), rtol=1e-12)


def test_broadcasting_against_torch(session):
    torch = pytest.importorskip("torch")
    net = build(session, "ThreadingLayer[#1 * #2 + #3 &, InputPorts -> {{2, 1, 4}, {1, 3, 4}, {2, 3, 1}}]")
    assert net.outputs()["Output"].dims == (2, 3, 4)
    xs = [RNG.normal(size=(3,) + s) for s in ((2, 1, 4), (1, 3, 4), (2, 3, 1))]
    got = forward(net, Input1=xs[0], Input2=xs[1], Input3=xs[2])["Output"]
    a, b, c = (torch.from_numpy(x) for x in xs)
    np.testing.assert_allclose(got, (a * b + c).numpy(), rtol=1e-14)


def test_named_slots_name_the_ports(session):
    net = build(session, 'ThreadingLayer[#x / (1 + #y^2) &, InputPorts -> <|"x" -> 2, "y" -> 2|>]')
    assert list(net.inputs()) == ["x", "y"]
    r = session.evaluate('ThreadingLayer[#a - #b &][<|"a" -> {5, 7}, "b" -> {1, 2}|>]')
    assert output_form(r) == "{4., 5.}"


def test_ports_from_a_graph(session):
    text = ('NetGraph[{ThreadingLayer[Times], LinearLayer[3]}, {{NetPort["a"], 2} -> 1, '
            'NetPort["b"] -> 2}, "a" -> 3, "b" -> 2]')
    net = build(session, text)
    assert net.outputs()["Output"].dims == (3,)


def test_sequences_thread_over_their_steps(session):
    net = build(session, 'ThreadingLayer[Plus, InputPorts -> {{"Varying", 2}, {"Varying", 1}}]')
    a, b = RNG.normal(size=(2, 3, 2)), RNG.normal(size=(2, 3, 1))
    a[1, 1:], b[1, 1:] = 0, 0
    got = forward(net, np.array([3, 1]), Input1=a, Input2=b)["Output"]
    want = a + b
    want[1, 1:] = 0
    np.testing.assert_allclose(got, want, rtol=1e-15)


@pytest.mark.parametrize("text, tag", [
    ("ThreadingLayer[Foo]", "ThreadingLayer::invfunc"),
    ("ThreadingLayer[#1 + Foo[#2] &]", "ThreadingLayer::invfunc"),
    ("ThreadingLayer[Subtract][{{1}, {2}, {3}}]", "ThreadingLayer::invfunc"),
    ("ThreadingLayer[Plus, InputPorts -> {{2}, {3}}]", "ThreadingLayer::thrdims"),
    ("ThreadingLayer[Plus, InputPorts -> {{2}, {2, 3}}]", "ThreadingLayer::thrdims"),
    ("ThreadingLayer[Plus, None, InputPorts -> {{2}, {1}}]", "ThreadingLayer::portsinc"),
    ("ThreadingLayer[Plus, 0]", "ThreadingLayer::netarg"),
    ("ThreadingLayer[#1 + #2 &][{{1, 2}, {3, 4}, {5, 6}}]", "ThreadingLayer::portcount"),
])
def test_bad_inputs_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_a_user_definition_of_two_arguments(session):
    session.evaluate("mix[x_, y_] := x * y - Max[x, y]")
    r = session.evaluate("ThreadingLayer[mix][{{1, 2}, {3, -4}}]")
    assert not session.messages
    assert output_form(r) == "{0., -10.}"


@pytest.mark.parametrize("bspec, shapes, expand", [
    ("1", [(3, 4), (4,)], lambda v: v[:, None, :]),
    ("-1", [(3, 4), (3,)], lambda v: v[:, :, None]),
    ("{Automatic, 2}", [(3, 4, 5), (3,)], lambda v: v[:, :, None, None]),
])
def test_a_level_inserts_the_missing_levels(session, bspec, shapes, expand):
    ports = "{" + ", ".join("{" + ", ".join(map(str, s)) + "}" for s in shapes) + "}"
    net = build(session, f"ThreadingLayer[Times, {bspec}, InputPorts -> {ports}]")
    assert net.outputs()["Output"].dims == shapes[0]
    a, v = RNG.normal(size=(2,) + shapes[0]), RNG.normal(size=(2,) + shapes[1])
    got = forward(net, Input1=a, Input2=v)["Output"]
    np.testing.assert_allclose(got, a * expand(v), rtol=1e-15)


def test_a_level_bspec_on_explicit_arrays(session):
    r = session.evaluate("ThreadingLayer[Plus, -1][{{{1, 2}, {3, 4}}, {10, 20}}]")
    assert output_form(r) == "{{11., 12.}, {23., 24.}}"
    assert any(m.startswith("ThreadingLayer::thrdims") for m in messages(
        session, "ThreadingLayer[Plus, 5, InputPorts -> {{3, 4}, 4}]"))


def test_two_argument_arctan_and_erf(session):
    from scipy.special import erf
    net = build(session, "ThreadingLayer[ArcTan[#1, #2] + Erf[#1, #2] &, InputPorts -> {6, 6}]")
    x = np.array([[1.0, -1.0, -1.0, 0.0, 2.0, -3.0]])
    y = np.array([[1.0, 1.0, -1.0, -2.0, 0.0, 0.0]])
    got = forward(net, Input1=x, Input2=y)["Output"]
    np.testing.assert_allclose(got, np.arctan2(y, x) + erf(y) - erf(x), rtol=1e-12)


def test_clip_between_input_bounds(session):
    net = build(session, "ThreadingLayer[Clip[#1, {#2, #3}] &, InputPorts -> {4, 4, 4}]")
    x, lo = RNG.normal(size=(2, 4)), RNG.normal(size=(2, 4)) - 0.5
    hi = lo + 1
    got = forward(net, Input1=x, Input2=lo, Input3=hi)["Output"]
    np.testing.assert_allclose(got, np.minimum(np.maximum(x, lo), hi), rtol=1e-15)


def test_function_of_named_parameters_with_a_global_step(session):
    # the Euler step of a neural-ODE tutorial: y + dt*dy with dt a global, the ports given as
    # "Input" -> {"Input1" -> {2}, "Input2" -> {2}} (the same as InputPorts)
    session.evaluate("dtStep = 20/49")
    net = build(session, 'ThreadingLayer[Function[{y, dy}, y + dtStep*dy], 2, '
                         '"Input" -> {"Input1" -> {2}, "Input2" -> {2}}]')
    assert list(net.root.inputs()) == ["Input1", "Input2"]
    y, dy = RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2))
    got = forward(net, Input1=y, Input2=dy)["Output"]
    np.testing.assert_allclose(got, y + 20 / 49 * dy, rtol=1e-12)


def test_input_as_a_list_of_shapes_names_default_ports(session):
    net = build(session, 'ThreadingLayer[Plus, "Input" -> {{3}, {3}}]')
    assert list(net.root.inputs()) == ["Input1", "Input2"]


def test_an_input_nothing_fixes_takes_the_shape_of_the_others(session):
    # a RealNVP package's scale net: Tanh[x] * c1 + c2 with c1, c2 NetArrayLayers whose
    # shapes only the elementwise products say
    r = session.evaluate('Information[NetGraph[{"t" -> Tanh, "c1" -> NetArrayLayer[], "c2" -> NetArrayLayer[], '
                         '"times" -> ThreadingLayer[Times], "plus" -> ThreadingLayer[Plus]}, '
                         '{{"t", "c1"} -> "times", {"times", "c2"} -> "plus"}, "Input" -> {2, 3}], "ArraysDimensions"]')
    assert output_form(r) == '<|{"c1", "Array"} -> {2, 3}, {"c2", "Array"} -> {2, 3}|>' and not session.messages


def test_a_size_not_yet_known_takes_the_size_it_is_threaded_with(session):
    # a log-sum-exp graph: the maximum replicated (ReplicateLayer[Automatic]) back to the
    # input's length and subtracted from it; the copies' count comes from the Subtract
    session.evaluate('lse = NetGraph[<|"max" -> AggregationLayer[Max, 1], '
                     '"rep" -> ReplicateLayer[Automatic, 1], "sub" -> ThreadingLayer[Subtract], '
                     '"exp" -> ElementwiseLayer[Exp], "sum" -> AggregationLayer[Total, 1], '
                     '"lpm" -> ThreadingLayer[Log[#1] + #2 &]|>, '
                     '{NetPort["Input"] -> "max" -> "rep", {NetPort["Input"], "rep"} -> "sub" -> "exp" -> "sum", '
                     '{"sum", "max"} -> "lpm"}, "Input" -> {4, 3}]')
    assert output_form(session.evaluate('NetExtract[lse, {"rep", "Output"}]')) == "{4, 3}"
    m = RNG.normal(size=(4, 3))
    session.evaluate(f'm = {np.array2string(m, separator=",", floatmode="unique").replace("[", "{").replace("]", "}").replace("e", "*^")};')
    r = session.evaluate('Max[Abs[lse[m] - Log[Total[Exp[m]]]]] < 10^-5')
    assert output_form(r) == "True" and not session.messages


@pytest.mark.parametrize("layer, data, result", [
    ('ThreadingLayer[Plus, InputPorts -> {"Integer", "Integer"}]', "{1, 2}", "3."),
    ('TotalLayer[InputPorts -> {"Integer", "Integer"}]', "{1, 2}", "3."),
    ('DotLayer[InputPorts -> {{3, "Integer"}, {3, "Integer"}}]', "{{1, 2, 3}, {1, 1, 1}}", "6."),
    ('ThreadingLayer[Plus, InputPorts -> {{"Varying", "Integer"}, {"Varying", Restricted["Integer", {0, 1}]}}]',
     "{{1, 2}, {0, 1}}", "{1., 3.}"),
])
def test_integer_input_ports_of_port_list_layers(layer, data, result):
    """"Integer" (and Restricted["Integer", …]) in InputPorts makes integer ports: shown so,
    refusing reals, giving reals out."""
    s = Session()
    s.evaluate(f"l = {layer}")
    shown = output_form(s.evaluate('Information[l, "InputPorts"]'))
    assert "Integer" in shown and "Real" not in shown, shown
    assert output_form(s.evaluate(f"l[{data}]")) == result and not s.messages, s.messages
    s.evaluate("l[{data} / 2]".replace("{data}", data))
    assert s.messages and "::invindata" in s.messages[-1]
