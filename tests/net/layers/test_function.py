"""FunctionLayer: WL functions of arrays compiled into primitives — ports from slots,
Apply and associations, Wolfram's listable pairing of ranks, array operations — against
numpy; shapes inferred by running on zeros; messages naming what does not compile."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients
from _layerutil import build, forward, messages

RNG = np.random.default_rng(19)


@pytest.fixture(scope="module")
def session():
    return Session()


def test_softmax_style_arithmetic(session):
    net = build(session, 'FunctionLayer[Exp[#] / Total[Exp[#]] &, "Input" -> 4]')
    x = RNG.normal(size=(3, 4))
    want = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(forward(net, Input=x)["Output"], want, rtol=1e-13)


def test_listable_pairing_is_along_leading_levels(session):
    net = build(session, 'FunctionLayer[#m + #v &, "m" -> {2, 3}, "v" -> 2]')
    m, v = RNG.normal(size=(2, 2, 3)), RNG.normal(size=(2, 2))
    np.testing.assert_allclose(forward(net, m=m, v=v)["Output"], m + v[:, :, None], rtol=1e-15)
    assert output_form(session.evaluate("FunctionLayer[# + {10, 20} &][{{1, 2}, {3, 4}}]")) == \
        "{{11., 12.}, {23., 24.}}"


@pytest.mark.parametrize("f, shapes, want", [
    ("#a . #b &", {"a": (2, 3), "b": (3,)}, lambda a, b: np.einsum("bij,bj->bi", a, b)),
    ("Total[#a, 2] &", {"a": (2, 3)}, lambda a: a.sum(axis=(1, 2))),
    ("Mean[#a] &", {"a": (2, 3)}, lambda a: a.mean(axis=1)),
    ("Max[#a] - Min[#a] &", {"a": (2, 3)}, lambda a: a.max(axis=(1, 2)) - a.min(axis=(1, 2))),
    ("Transpose[#a] . #b &", {"a": (3, 2), "b": (3,)}, lambda a, b: np.einsum("bji,bj->bi", a, b)),
    ("#a[[2, All]] + #a[[-1 ;; All, 1]] &", {"a": (3, 2)}, lambda a: a[:, 1] + a[:, 2:, 0]),
    ("Normalize[#a] &", {"a": (4,)}, lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)),
    ("Join[#a, 2 #b] &", {"a": (2,), "b": (3,)}, lambda a, b: np.concatenate([a, 2 * b], axis=1)),
    ("Flatten[#a] &", {"a": (2, 3)}, lambda a: a.reshape(len(a), -1)),
    ("If[#a > 0, #a, 0.1 #a] &", {"a": (3,)}, lambda a: np.where(a > 0, a, 0.1 * a)),
    ("StandardDeviation[#a] &", {"a": (5,)}, lambda a: a.std(axis=1, ddof=1)),
    ("Variance[#a] &", {"a": (4, 3)}, lambda a: a.var(axis=1, ddof=1)),
    ("Map[Exp[#] + 1 &, #a] &", {"a": (2, 3)}, lambda a: np.exp(a) + 1),
    # Map of a function of several array operations: over the parts at level 1
    ("Map[Total, #a] &", {"a": (3, 2)}, lambda a: a.sum(axis=2)),
    ("Map[Normalize, #a] &", {"a": (3, 4)}, lambda a: a / np.linalg.norm(a, axis=2, keepdims=True)),
    ("Map[Exp[#] / Total[Exp[#]] &, #a] &", {"a": (2, 3)},
     lambda a: np.exp(a) / np.exp(a).sum(axis=2, keepdims=True)),
    ("Map[Function[v, Max[v] - Mean[v]], #a] + #b &", {"a": (3, 4), "b": (3,)},
     lambda a, b: a.max(axis=2) - a.mean(axis=2) + b),
    ("Map[# . #b &, #a] &".replace("#b", "{1., -2., 0.5}"), {"a": (2, 3)},
     lambda a: a @ np.array([1., -2., 0.5])),
    # a number is its own Total (Map[Total, vector]); Map at a deeper level
    ("Map[Total, #a] &", {"a": (3,)}, lambda a: a),
    ("Map[Max, #a] + Total[#a] &", {"a": (3,)}, lambda a: a + a.sum(axis=1, keepdims=True)),
    ("Map[Exp, #a, {2}] &", {"a": (2, 3)}, np.exp),
    ("Map[Total, #a, {2}] &", {"a": (2, 3, 4)}, lambda a: a.sum(axis=3)),
    ("Fold[Times, #a] &", {"a": (3, 2)}, lambda a: a.prod(axis=1)),
    ("Fold[Plus, 1, #a] &", {"a": (3,)}, lambda a: 1 + a.sum(axis=1)),
    # f @@ x of Plus and Times combines x's parts; of Max and Min takes every element
    ("Apply[Plus, #a] &", {"a": (3, 2)}, lambda a: a.sum(axis=1)),
    ("Times @@ #a &", {"a": (3, 2)}, lambda a: a.prod(axis=1)),
    ("Max @@ #a - Min @@ #a &", {"a": (3, 2)}, lambda a: a.max(axis=(1, 2)) - a.min(axis=(1, 2))),
    ("Reverse[#a] &", {"a": (3, 2)}, lambda a: a[:, ::-1]),
    ("Sort[#a] + 2 ReverseSort[#a] &", {"a": (4,)}, lambda a: np.sort(a, 1) + 2 * np.sort(a, 1)[:, ::-1]),
    ("Sort[#a, Greater] . {1., 2., 3.} &", {"a": (3,)}, lambda a: np.sort(a, 1)[:, ::-1] @ [1., 2., 3.]),
    ("ConstantArray[2, {2, 3}] * #a &", {"a": (2, 3)}, lambda a: 2 * a),
    # ConstantArray of an array: Table[x, n1, n2, …] (copies at new leading levels)
    ("ConstantArray[#a, {2, 3}] &", {"a": (2,)}, lambda a: np.broadcast_to(
        a[:, None, None, :], (a.shape[0], 2, 3, 2))),
    # Range of numbers is a constant vector
    ("Range[3] * #a + Range[0, 1, 0.5] &", {"a": (3,)}, lambda a: a * [1., 2., 3.] + [0., 0.5, 1.]),
    ("#a . Range[5, 1, -2] &", {"a": (3,)}, lambda a: a @ np.array([5., 3., 1.])),
    ("Table[#a[[i]] * #a[[-i]], {i, 2}] &", {"a": (3, 2)},
     lambda a: np.stack([a[:, 0] * a[:, 2], a[:, 1] * a[:, 1]], axis=1)),
    ("EuclideanDistance[#a, #b] &", {"a": (3,), "b": (3,)}, lambda a, b: np.linalg.norm(a - b, axis=1)),
    ("CosineDistance[#a, #b] &", {"a": (3,), "b": (3,)}, lambda a, b: 1 - (a * b).sum(axis=1) / (
        np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))),
    ("ManhattanDistance[#a, #b] + ChessboardDistance[#a, #b] &", {"a": (2, 2), "b": (2, 2)},
     lambda a, b: np.abs(a - b).sum(axis=(1, 2)) + np.abs(a - b).max(axis=(1, 2))),
    # the slicing functions at level 1, as the Parts they are (a finite-difference residual)
    ("First[#a] + Last[#a] &", {"a": (4, 2)}, lambda a: a[:, 0] + a[:, -1]),
    ("Rest[#a] - Most[#a] &", {"a": (4,)}, lambda a: a[:, 1:] - a[:, :-1]),
    ("Total[Differences[#a]^2] &", {"a": (5,)}, lambda a: (np.diff(a, axis=1) ** 2).sum(axis=1)),
    ("Take[#a, 2] * Take[#a, -2] + Take[#a, {2, 3}] &", {"a": (4,)},
     lambda a: a[:, :2] * a[:, 2:] + a[:, 1:3]),
    ("Drop[#a, 1] + Drop[#a, -1] &", {"a": (3, 2)}, lambda a: a[:, 1:] + a[:, :-1]),
])
def test_array_operations_against_numpy(session, f, shapes, want):
    specs = ", ".join(f'"{n}" -> {{{", ".join(map(str, s))}}}' for n, s in shapes.items())
    net = build(session, f"FunctionLayer[{f}, {specs}]")
    xs = {n: RNG.normal(size=(2,) + s) for n, s in shapes.items()}
    got = forward(net, **xs)["Output"]
    np.testing.assert_allclose(got, want(*xs.values()), rtol=1e-12)
    assert got.shape[1:] == tuple(net.outputs()["Output"].dims)


def test_apply_and_association_outputs(session):
    net = build(session, 'FunctionLayer[Apply[<|"Sum" -> #1 + #2, "Dot" -> #1 . #2|> &], '
                         '"Input1" -> 3, "Input2" -> 3]')
    assert list(net.inputs()) == ["Input1", "Input2"] and list(net.outputs()) == ["Sum", "Dot"]
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))
    out = forward(net, Input1=a, Input2=b)
    np.testing.assert_allclose(out["Sum"], a + b, rtol=1e-15)
    np.testing.assert_allclose(out["Dot"], (a * b).sum(axis=1), rtol=1e-13)


def test_apply_of_a_symbol_takes_two_ports(session):
    net = build(session, 'FunctionLayer[Apply[Dot], "Input1" -> {2, 3}, "Input2" -> 3]')
    assert list(net.inputs()) == ["Input1", "Input2"]
    a, b = RNG.normal(size=(2, 2, 3)), RNG.normal(size=(2, 3))
    np.testing.assert_allclose(forward(net, Input1=a, Input2=b)["Output"], np.einsum("bij,bj->bi", a, b),
                               rtol=1e-13)
    r = session.evaluate('FunctionLayer[Apply[Plus]][<|"Input1" -> {1, 2}, "Input2" -> {3, 4}|>]')
    assert output_form(r) == "{4., 6.}"


def test_a_constant_table_indexed_by_an_input(session):
    # a[[#t]]*#x0 + b[[#t]]*#eps (a public diffusion-model post): the rows the codes pick
    net = build(session, 'FunctionLayer[{10., 20., 30.}[[#t]]*#x0 + {{1., 2.}, {3., 4.}, '
                         '{5., 6.}}[[#t]] &, "t" -> "Integer", "x0" -> 2]')
    t, x0 = np.array([3, 1]), RNG.normal(size=(2, 2))
    want = np.array([30., 10.])[:, None] * x0 + np.array([[5., 6.], [1., 2.]])
    np.testing.assert_allclose(forward(net, t=t, x0=x0)["Output"], want, rtol=1e-13)
    assert output_form(session.evaluate(
        'FunctionLayer[{10., 20., 30.}[[#t]]*#x0 &][<|"t" -> 2, "x0" -> {1., 2.}|>]')) \
        == "{20., 40.}"


def test_sequences_keep_their_length(session):
    net = build(session, 'FunctionLayer[Tanh[#x . #w] &, "x" -> {"Varying", 3}, "w" -> {3, 2}]')
    dims = net.outputs()["Output"].dims
    assert dims[1:] == (2,) and dims[0] == net.inputs()["x"].dims[0]


def test_gradients_of_tables_reversals_and_distances(session):
    net = build(session, 'FunctionLayer[Total[Table[#x[[i]] * Reverse[#x][[i]], {i, 2}]] + '
                         'EuclideanDistance[#x, ConstantArray[1, 3]] &, "x" -> 3]')
    check_gradients(Executor.for_net(net, "Real64"), {}, {"x": Batch(RNG.normal(size=(2, 3)), None)})


def test_gradients_of_constant_arrays_of_an_input(session):
    net = build(session, 'FunctionLayer[Total[ConstantArray[#x, 2] * {{1., 2., 3.}, {4., 5., 6.}}, 2] &, "x" -> 3]')
    check_gradients(Executor.for_net(net, "Real64"), {}, {"x": Batch(RNG.normal(size=(2, 3)), None)})


def test_gradients_of_slices(session):
    net = build(session, 'FunctionLayer[Total[Differences[#x]^2] + First[#x] * Last[Most[#x]] &, "x" -> 4]')
    check_gradients(Executor.for_net(net, "Real64"), {}, {"x": Batch(RNG.normal(size=(2, 4)), None)})


def test_gradients_by_finite_differences(session):
    net = build(session, 'FunctionLayer[Total[Exp[#x . #w] / (1 + #x . #x)] &, "x" -> 3, "w" -> {3, 2}]')
    batches = {"x": Batch(RNG.normal(size=(2, 3)), None), "w": Batch(RNG.normal(size=(2, 3, 2)), None)}
    check_gradients(Executor.for_net(net, "Real64"), {}, batches)


@pytest.mark.parametrize("text, tag, part", [
    ("FunctionLayer[Foo[#] &]", "FunctionLayer::fnpart", "Foo[#1]"),
    ("FunctionLayer[Apply[Foo, #] &]", "FunctionLayer::fnpart", "Foo @@ #1"),
    ("FunctionLayer[Range[n] * # &]", "FunctionLayer::fnpart", "Range[n]"),
    ("FunctionLayer[Total[#, x] &]", "FunctionLayer::fnpart", "x"),
    ("FunctionLayer[Take[#, n] &]", "FunctionLayer::fnpart", "Take[#1, n]"),
    ('FunctionLayer[#a . #b &, "a" -> {2, 3}, "b" -> 2]', "FunctionLayer::funcfail", "cannot be multiplied"),
    ('FunctionLayer[#a + #b &, "a" -> 3, "b" -> 2]', "FunctionLayer::funcfail", ""),
])
def test_bad_functions_give_messages(session, text, tag, part):
    msgs = messages(session, text)
    assert any(m.startswith(tag) and part in m for m in msgs), msgs


def test_variance_of_a_sequence_counts_its_valid_steps(session):
    net = build(session, 'FunctionLayer[Variance, "Input" -> {"Varying", 2}]')
    x = RNG.normal(size=(2, 5, 2))
    lengths = np.array([5, 3])
    x[1, 3:] = 0
    got = forward(net, lengths, Input=x)["Output"]
    want = np.stack([x[i, :n].var(axis=0, ddof=1) for i, n in enumerate(lengths)])
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_outputs_may_use_different_ports(session):
    net = build(session, 'FunctionLayer[<|"A" -> 2 #x, "B" -> #y + 1|> &, "x" -> 2, "y" -> 3]')
    assert list(net.inputs()) == ["x", "y"] and list(net.outputs()) == ["A", "B"]
    x, y = RNG.normal(size=(2, 2)), RNG.normal(size=(2, 3))
    out = forward(net, x=x, y=y)
    np.testing.assert_allclose(out["A"], 2 * x, rtol=1e-15)
    np.testing.assert_allclose(out["B"], y + 1, rtol=1e-15)


def test_map_over_a_sequence_and_its_gradients(session):
    net = build(session, 'FunctionLayer[Map[Normalize[#] * Max[#] &, #x] &, "x" -> {"Varying", 3}]')
    assert net.outputs()["Output"].dims[0] == net.inputs()["x"].dims[0]
    lengths = np.array([4, 2])
    x = RNG.normal(size=(2, 4, 3))
    x[1, 2:] = 0                          # padding: Normalize of zeros would be NaN
    out = forward(net, lengths, x=x)["Output"]
    with np.errstate(invalid="ignore"):
        want = x / np.linalg.norm(x, axis=2, keepdims=True) * x.max(axis=2, keepdims=True)
    np.testing.assert_allclose(out[0], want[0], rtol=1e-12)
    np.testing.assert_allclose(out[1, :2], want[1, :2], rtol=1e-12)
    assert not np.any(out[1, 2:])
    check_gradients(Executor.for_net(net, "Real64"), {}, {"x": Batch(x, lengths)})


# ---------------------------------------------------------------------------- NetArray

def test_net_arrays_are_learnable_arrays_of_inferred_shape(session):
    net = build(session, 'FunctionLayer[Tanh[#x . NetArray["W"]] + NetArray[] &, "x" -> 3, "Output" -> 2]')
    shapes = net.root.array_shapes()
    assert sorted(shapes.values()) == [(2,), (3, 2)]
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    w = next(v for v in arrays.values() if np.shape(v) == (3, 2))
    b = next(v for v in arrays.values() if np.shape(v) == (2,))
    x = RNG.normal(size=(4, 3))
    np.testing.assert_allclose(forward(net, x=x)["Output"], np.tanh(x @ w) + b, rtol=1e-12)
    check_gradients(ex, arrays, {"x": Batch(x, None)})


def test_a_named_net_array_used_twice_is_one_array(session):
    net = build(session, 'FunctionLayer[# * NetArray["s"] + NetArray["s"] &, "Input" -> 2]')
    assert len(net.arrays) == 1
    net = build(session, 'FunctionLayer[# * NetArray[] + NetArray[] &, "Input" -> 2]')
    assert len(net.arrays) == 2


def test_net_arrays_train_and_survive_a_round_trip(session):
    session.evaluate('SeedRandom[2]; data = Table[With[{x = RandomReal[{-1, 1}, 3]}, x -> x + {1, 2, 3}], {64}];'
                     'f = FunctionLayer[# + NetArray[<|"Name" -> "b", "Array" -> {0, 0, 0}|>] &, "Input" -> 3];'
                     f't = NetTrain[f, data, MaxTrainingRounds -> 300, LearningRate -> 0.05, '
                     f'RandomSeeding -> 1, TrainingProgressReporting -> None]')
    assert not session.messages, session.messages
    b = session.evaluate('Normal[NetExtract[t, NetArray["b"]]]')
    np.testing.assert_allclose([float(v.value) for v in b.args], [1, 2, 3], atol=0.02)
    again = session.evaluate('ToExpression[ToString[InputForm[t]]][{0, 0, 0}] == t[{0, 0, 0}]')
    assert again == session.evaluate("True"), again
    msgs = messages(session, 'NetInitialize[FunctionLayer[# . NetArray["W"] &, "Input" -> 3]]')
    assert any("NetArray[\"W\"]" in m for m in msgs), msgs


def test_a_net_array_shared_by_two_function_layers(session):
    net = build(session, 'NetChain[{FunctionLayer[# + NetArray["b"] &], FunctionLayer[# * NetArray["b"] &]}, '
                         '"Input" -> 2]')
    (path,) = net.arrays
    b = np.asarray(net.arrays[path].array, np.float64)
    x = RNG.normal(size=(3, 2))
    np.testing.assert_allclose(forward(net, Input=x)["Output"], (x + b) * b, rtol=1e-6)


@pytest.mark.parametrize("text, want", [
    # lists of computed parts: stacked along a new first level
    ("FunctionLayer[{#, 2 #} &][{1, 2}]", "{{1., 2.}, {2., 4.}}"),
    ("FunctionLayer[{Total[#], Max[#]} &][{1, 2}]", "{3., 2.}"),
    ('FunctionLayer[{#x, #y} &][<|"x" -> {1, 2}, "y" -> {3, 4}|>]', "{{1., 2.}, {3., 4.}}"),
    # Function[{x, y}, body]: ports named by the variables; Function[x, body]: "Input"
    ('FunctionLayer[Function[{x, y}, x * y]][<|"x" -> 2., "y" -> 3.|>]', "6."),
    ('Information[FunctionLayer[Function[{a, b}, a . b]], "InputPorts"]',
     '<|"a" -> Automatic, "b" -> Automatic|>'),
    ("FunctionLayer[Function[x, x^2]][3]", "9."),
])
def test_lists_and_named_variables(session, text, want):
    session.messages.clear()
    assert output_form(session.evaluate(text)) == want
    assert not session.messages


def test_numeric_globals_are_put_in(session):
    # a constant vector and a scale defined before the layer (as programs do)
    session.evaluate("fnScale = 3.; fnTable = {10., 20., 30.}")
    net = build(session, 'FunctionLayer[Function[{x}, fnScale * x + fnTable], "Input" -> 3]')
    x = RNG.normal(size=(2, 3))
    np.testing.assert_allclose(forward(net, Input=x)["Output"], 3 * x + [10, 20, 30], rtol=1e-12)
    net = build(session, 'FunctionLayer[fnScale * # &, "Input" -> 2]')
    np.testing.assert_allclose(forward(net, Input=x[:, :2])["Output"], 3 * x[:, :2], rtol=1e-12)


def test_sort_of_a_sequence_within_its_length_and_its_gradient(session):
    net = build(session, 'FunctionLayer[Sort[#x] + ReverseSort[#x]^2 &, '
                         '"x" -> "Varying"]')
    x = RNG.normal(size=(3, 5))
    lengths = np.array([5, 2, 4])
    check_gradients(Executor.for_net(net, "Real64"), {}, {"x": Batch(x, lengths)})
    r = session.evaluate('FunctionLayer[Sort, "Input" -> "Varying"][{{3, 1, 2}, {5, -1, 4, 0, 2}}]')
    assert output_form(r) == "{{1., 2., 3.}, {-1., 0., 2., 4., 5.}}"
    r = session.evaluate('FunctionLayer[Sort[#, Greater] &, "Input" -> "Varying"]'
                         '[{3, 1, 2}, NetPortGradient["Input"]]')
    assert output_form(r) == "{1., 1., 1.}"


def test_a_function_of_several_numbered_slots_is_refused_with_the_way_to_give_it(session):
    # FunctionLayer applies its function to one argument, as WL's does; Apply[f] gives each
    # argument a port ("Input1", "Input2")
    for text in ('FunctionLayer[#1 . #2 &]', 'FunctionLayer[#1 + #2 &, "Input" -> 3]'):
        session.messages.clear()
        assert output_form(session.evaluate(text)) == "$Failed"
        assert len(session.messages) == 1 and "FunctionLayer::fnargs:" in session.messages[0]
    session.messages.clear()
    r = session.evaluate('FunctionLayer[Apply[#1 . #2 &]][<|"Input1" -> {1, 2}, "Input2" -> {3, 4}|>]')
    assert output_form(r) == "11." and not session.messages


# Fold and FoldList of any f, MapIndexed, PadLeft and PadRight: unrolled over the parts at
# level 1, whose number the build finds by running what it has built on ones (_Shapes)

@pytest.mark.parametrize("f, shape, data", [
    ("Fold[Max[#1, #2] + 1 &, 0, #] &", "4", "{1, 5, 2, 3}"),
    ("Fold[#1 + #2^2 &, #] &", "3", "{1, 2, 3}"),
    ("FoldList[#1 * 0.5 + #2 &, #] &", "{3, 2}", "{{1, 2}, {3, 4}, {5, 6}}"),
    ("FoldList[#1 - #2 &, 10, #] &", "3", "{1, 2, 3}"),
    ("Fold[#1 . #2 &, #] &", "{3, 2, 2}", "{{{1, 2}, {3, 4}}, {{0, 1}, {1, 0}}, {{2, 0}, {0, 2}}}"),
    ("MapIndexed[#1 * First[#2] &, #] &", "{3, 2}", "{{1, 2}, {3, 4}, {5, 6}}"),
    ("PadLeft[#, 5] &", "3", "{1, 2, 3}"),
    ("PadRight[#, 5, 7] &", "3", "{1, 2, 3}"),
    ("PadLeft[#, 2] &", "3", "{1, 2, 3}"),
    ("PadRight[#, 2] &", "3", "{1, 2, 3}"),
])
def test_unrolled_list_functions_give_what_the_function_gives(session, f, shape, data):
    got = session.evaluate(f'FunctionLayer[{f}, "Input" -> {shape}][{data}] == N[({f})[{data}]]')
    assert output_form(got) == "True", (f, session.messages)


@pytest.mark.parametrize("f, ports, data", [
    ("Thread[{#a, #b}] &", '"a" -> 3, "b" -> 3', '<|"a" -> {1, 2, 3}, "b" -> {4, 5, 6}|>'),
    ("Thread[Dot[#a, #b]] &", '"a" -> {2, 3}, "b" -> {2, 3}', '<|"a" -> {{1, 2, 3}, {1, 1, 1}}, "b" -> {{4, 5, 6}, {1, 0, 1}}|>'),
    ("MapThread[Dot, {#a, #b}] &", '"a" -> {2, 3}, "b" -> {2, 3}', '<|"a" -> {{1, 2, 3}, {1, 1, 1}}, "b" -> {{4, 5, 6}, {1, 0, 1}}|>'),
    ("Thread[{#a, #b}] &", '"a" -> 2, "b" -> "Real"', '<|"a" -> {1, 2}, "b" -> 7|>'),
])
def test_thread_and_map_thread_of_any_function(session, f, ports, data):
    got = session.evaluate(f'FunctionLayer[{f}, {ports}][{data}] == N[({f})[{data}]]')
    assert output_form(got) == "True", (f, session.messages)
    session.messages.clear()
    session.evaluate('FunctionLayer[Thread[{#a, #b}] &, "a" -> 3, "b" -> 2]')
    assert session.messages and session.messages[0].startswith("FunctionLayer::funcfail")


def test_unrolled_list_functions_refuse_a_sequence(session):
    session.messages.clear()
    session.evaluate('FunctionLayer[Fold[#1 + #2^2 &, #] &, "Input" -> {"Varying", 2}]')
    assert session.messages and session.messages[0].startswith("FunctionLayer::funcfail")
    assert "fixed size" in session.messages[0]
    # over each element of a sequence (a fixed-length vector) it is fine
    got = session.evaluate('FunctionLayer[Map[Fold[#1 * 10 + #2 &, #] &, #] &, "Input" -> {"Varying", 3}]'
                           '[{{1, 2, 3}, {4, 5, 6}}]')
    assert output_form(got) == "{123., 456.}"


def test_gradients_through_a_fold_and_map_indexed(session):
    net = build(session, 'FunctionLayer[Fold[Tanh[#1 . {{1, -2}, {0.5, 1}} + #2] &, ConstantArray[0, 2], #] + '
                         'Total[MapIndexed[#1 * First[#2] &, PadLeft[#, 4]]] + '
                         'Last[FoldList[#1 * #2 &, PadRight[#, 4, 2]]] &, "Input" -> {3, 2}]')
    batches = {"Input": Batch(RNG.normal(size=(2, 3, 2)), None)}
    check_gradients(Executor.for_net(net, "Real64"), {}, batches)


# ArrayPad (counts at every level, per level, negative ones cutting; a padding value) and
# NumericalSort, also of each row through Map

@pytest.mark.parametrize("f, shape, data", [
    ("ArrayPad[#, 1] &", "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayPad[#, {1, 2}] & /@ # &", "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayPad[#, {{0, 1}, {-1, 2}}, 7] &", "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayPad[#, {{2, 0}}] &", "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayPad[#, -1] &", "{3, 4}", "{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}"),
    ('ArrayPad[#, 2, "Reflected"] &', "3", "{1, 2, 3}"),
    ('ArrayPad[#, {{1, 0}, {-1, 3}}, "Periodic"] &', "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
    ('ArrayPad[#, {1, 2}, "Fixed"] & /@ # &', "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
    # cyclic padding values, laid as ArrayPad lays them
    ("ArrayPad[#, 2, {7, 8}] &", "3", "{1, 2, 3}"),
    ("ArrayPad[#, {3, 1}, {7, 8, 9}] &", "4", "{1, 2, 3, 4}"),
    ("ArrayPad[#, {1, -1}, {7, 8}] & /@ # &", "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
    ("NumericalSort /@ # &", "{2, 4}", "{{3, 1, 2, 0}, {5, -1, 4, 2}}"),
    ("NumericalSort[#] &", "4", "{3, -1.5, 2, 0}"),
])
def test_array_pad_and_numerical_sort_give_what_the_function_gives(session, f, shape, data):
    got = session.evaluate(f'FunctionLayer[{f}, "Input" -> {shape}][{data}] == N[({f})[{data}]]')
    assert output_form(got) == "True", (f, session.messages)


def test_array_pad_output_shape_and_refusals(session):
    net = build(session, 'FunctionLayer[ArrayPad[#, {{0, 1}, {-1, 2}}] &, "Input" -> {2, 3}]')
    assert tuple(net.outputs()["Output"].dims) == (3, 4)
    for text in ('FunctionLayer[ArrayPad[#, 1, {1, 2}] &, "Input" -> {2, 3}]',
                 'FunctionLayer[ArrayPad[#, 1] &, "Input" -> {"Varying", 2}]'):
        session.messages.clear()
        assert output_form(session.evaluate(text)) == "$Failed", text
        assert len(session.messages) == 1 and session.messages[0].startswith("FunctionLayer::"), text


@pytest.mark.parametrize("f, shape, data, expected", [
    ('ArrayPad[#, 2, "Extrapolated"] &', "3", "{1, 2, 4}", "{-1., 0., 1., 2., 4., 6., 8.}"),
    ('ArrayPad[#, {-1, 2}, "Extrapolated"] &', "4", "{1, 2, 4, 8}", "{2., 4., 8., 12., 16.}"),
    ('ArrayPad[#, 1, "Extrapolated"] &', "1", "{3}", "{3., 3., 3.}"),
    # level by level: the rows, then each row (its corners from the extrapolated rows)
    ('ArrayPad[#, {{1, 1}, {2, 0}}, "Extrapolated"] &', "{2, 2}", "{{1, 2}, {3, 5}}",
     "{{-1., -1., -1., -1.}, {-1., 0., 1., 2.}, {-1., 1., 3., 5.}, {-1., 2., 5., 8.}}"),
])
def test_array_pad_extrapolated_continues_the_line_at_each_end(session, f, shape, data, expected):
    got = session.evaluate(f'FunctionLayer[{f}, "Input" -> {shape}][{data}]')
    assert output_form(got) == expected, session.messages


def test_gradients_through_extrapolated_and_cyclic_padding(session):
    net = build(session, 'FunctionLayer[ArrayPad[#, {{1, 2}, {2, 1}}, "Extrapolated"] * Range[6] &, '
                         '"Input" -> {3, 3}]')
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(RNG.normal(size=(2, 3, 3)), None)})
    net = build(session, 'FunctionLayer[ArrayPad[#, 2, {0.5, -1}] * Range[8] &, "Input" -> 4]')
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(RNG.normal(size=(2, 4)), None)})


def test_gradients_through_array_pad(session):
    net = build(session, 'FunctionLayer[ArrayPad[#, {{1, 0}, {-1, 2}}, 0.5] * Range[3] &, "Input" -> {2, 4}]')
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(RNG.normal(size=(2, 2, 4)), None)})
    # parts repeated by the padding gather their gradients
    net = build(session, 'FunctionLayer[ArrayPad[#, {{2, 1}, {1, 2}}, "Reflected"] * Range[6] &, "Input" -> {3, 3}]')
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(RNG.normal(size=(2, 3, 3)), None)})


def test_user_functions_are_put_in_place(session):
    # the session's definitions, followed through one another, with the arguments held
    # (Length[x] of the input, not of a symbol)
    session.evaluate('uMean[x_] := Total[x]/Length[x]; uScale[x_, y_] := uMean[x] * y; '
                     'uSq[x_] := x^2; uW = {{1, 2}, {3, 4}}; uLin[x_] := uW . x; '
                     'uStep[a_, b_] := Tanh[a + b]')
    for f, shape, data in (("uScale[#[[1]], #[[2]]] &", "{2, 3}", "{{1, 2, 3}, {4, 5, 6}}"),
                           ("uSq", "3", "{1, 2, 3}"),
                           ("Tanh[uLin[#]] + uSq[#] &", "2", "{1, -0.5}"),
                           # a function given to Map or Fold by its name
                           ("uMean /@ # &", "{2, 3}", "{{1, 2, 3}, {4, 5, 8}}"),
                           ("Fold[uStep, #] &", "{3, 2}", "{{1, 2}, {0, 1}, {1, 0}}")):
        got = session.evaluate(f'Max[Abs[FunctionLayer[{f}, "Input" -> {shape}][{data}] - ({f})[{data}]]] < 10^-6')
        assert output_form(got) == "True", (f, session.messages)
    assert not session.messages
    # a call no definition takes is named as before
    session.evaluate('uStr[x_?StringQ] := x')
    assert output_form(session.evaluate('FunctionLayer[uStr[#] &]')) == "$Failed"
    assert len(session.messages) == 1 and "uStr[#1]" in session.messages[0]


def test_arithmetic_of_numbers_in_spans_and_map_thread_at_a_level(session):
    # db-nets' layers (programs14 #11): spans of n - 1 with n's value, MapThread at level 2
    session.evaluate('spanN = 4')
    for f, ports, data in (
            ("#[[1 ;; spanN - 1]] & /@ # &", '"Input" -> {2, 4}', "{{1, 2, 3, 4}, {5, 6, 7, 8}}"),
            ("#[[4 + -1*2 + 1 ;; 4]] & /@ # &", '"Input" -> {2, 4}', "{{1, 2, 3, 4}, {5, 6, 7, 8}}"),
            ("MapThread[Min[1 - #1, #2] &, {#a, #b}, 2] &", '"a" -> {2, 2}, "b" -> {2, 2}',
             '<|"a" -> {{1, 0.25}, {0.5, 0.75}}, "b" -> {{0.25, 1}, {0.125, 1}}|>')):
        got = session.evaluate(f'FunctionLayer[{f}, {ports}][{data}] == N[({f})[{data}]]')
        assert output_form(got) == "True", (f, session.messages)
    # a function that is not elementwise at a deeper level is named
    session.messages.clear()
    session.evaluate('FunctionLayer[MapThread[Dot, {#a, #b}, 2] &, "a" -> {2, 2}, "b" -> {2, 2}]')
    assert len(session.messages) == 1 and "FunctionLayer::fnpart" in session.messages[0]


def test_net_arrays_in_a_fold_step_learn_their_dimensions(session):
    # a recurrence written as a Fold: the step keeps the value's shape, so W . s + x + b
    # fixes W as {2, 2} and b as {2}
    net = build(session, 'FunctionLayer[Fold[Tanh[NetArray["w"] . #1 + #2 + NetArray["b"]] &, #] &, '
                         '"Input" -> {3, 2}]')
    assert dict(net.array_paths()) == {("SharedArrays", "w"): (2, 2), ("SharedArrays", "b"): (2,)}


def test_gradient_of_a_dot_of_two_constants_in_an_example(session):
    # {1, 2} . W (W a NetArray: neither operand has a batch level) was a reshape error in
    # its backward; the first step of a Fold from a constant start is such a Dot
    from _gradcheck import random_arrays
    for text in ('FunctionLayer[# + {1, 2} . NetArray[<|"Name" -> "w", "Dimensions" -> {2, 3}|>] &, '
                 '"Input" -> 3]',
                 'FunctionLayer[Fold[Tanh[#1 . NetArray["v"] + #2] &, {0, 0, 0}, #] &, "Input" -> {2, 3}]'):
        net = build(session, text)
        check_gradients(Executor.for_net(net, "Real64"), random_arrays(net, RNG),
                        {"Input": Batch(RNG.normal(size=(2,) + tuple(net.inputs()["Input"].dims)), None)})


@pytest.mark.parametrize("setup, f, tag", [
    # a recursion is named as one (the message showed a call unrolled sixteen times)
    ("rg[x_] := If[x > 0, rg[x - 1], x];", "rg[#] &", "FunctionLayer::fnrec"),
    ("rh[x_] := rh[x] + 1;", "rh", "FunctionLayer::fnrec"),
    # a result whose size depends on the data's values
    ("", "Select[#, # > 0 &] &", "FunctionLayer::fndatasize"),
    ("rs[x_] := DeleteCases[x, 0.];", "rs[#] &", "FunctionLayer::fndatasize"),
])
def test_what_cannot_be_a_net_says_why(session, setup, f, tag):
    session.evaluate(setup + "Null")
    session.messages.clear()
    assert output_form(session.evaluate(f'FunctionLayer[{f}, "Input" -> 3]')) == "$Failed"
    assert len(session.messages) == 1 and session.messages[0].startswith(tag), session.messages


def test_a_constant_function_gives_its_value_for_every_example():
    # {1, 2} & and Range[4] & do not read their input: each example gets the whole value
    # (the first was read as a batch: 1. for one example, {1., 2.} for two)
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('fc = FunctionLayer[{1, 2} &, "Input" -> 3]')
    assert output_form(s.evaluate('fc[{1, 2, 3}]')) == "{1., 2.}"
    assert output_form(s.evaluate('fc[{{1, 2, 3}, {4, 5, 6}}]')) == "{{1., 2.}, {1., 2.}}"
    assert output_form(s.evaluate('FunctionLayer[Range[4] &][{3., 1., 2., 5.}]')) == "{1., 2., 3., 4.}"
    assert output_form(s.evaluate('FunctionLayer[5 &][{1, 2}]')) == "5."
    assert not s.messages, s.messages


def test_catenate_reverse_at_a_level_and_apply_at_level_one():
    # Catenate[x] (Flatten[x, 1]), Reverse[x, n] (Map[Reverse, x, {n - 1}]), f @@@ x and
    # Apply[f, x, {1}], as WL computes them; the gradient of Times @@@ x by differences
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('x = {{1., 2.}, {3., 4.}, {5., 6.}}; y = RandomReal[1, {2, 3, 4}]')
    for f, wl in (("Catenate[#] &", "Catenate[x]"), ("Reverse[#, 2] &", "Reverse[x, 2]"),
                  ("Times @@@ # &", "Times @@@ x"), ("Apply[Plus, #, {1}] &", "Apply[Plus, x, {1}]"),
                  ("Max @@@ # &", "Max @@@ x")):
        assert output_form(s.evaluate(f'Max[Abs[FunctionLayer[{f}][x] - {wl}]] < 10^-6')) == "True", f
    assert output_form(s.evaluate('Max[Abs[FunctionLayer[Reverse[#, 3] &][y] - Reverse[y, 3]]] < 10^-6')) \
        == "True"
    # N of a constant or of the input: the number (a net computes with reals already)
    assert output_form(s.evaluate('FunctionLayer[N[Pi] # &][{1., 2.}]')) == "{3.14159, 6.28319}"
    s.evaluate('g = FunctionLayer[Total[Times @@@ #] &, "Input" -> {3, 2}]; '
               'd = g[x, NetPortGradient["Input"], WorkingPrecision -> "Real64"]; '
               'fd = Table[(g[x + 10^-6 UnitVector[6, k] ~ArrayReshape~ {3, 2}, WorkingPrecision -> "Real64"] '
               '- g[x, WorkingPrecision -> "Real64"])/10^-6, {k, 6}]')
    assert output_form(s.evaluate('Max[Abs[Flatten[d] - fd]] < 10^-4')) == "True"
    assert not s.messages, s.messages


def test_dimensions_counts_the_parts_at_each_level():
    # Dimensions[x] in a FunctionLayer: each level's size (a sequence's own length), as
    # Length gives level 1's
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    assert output_form(s.evaluate('FunctionLayer[Dimensions][RandomReal[1, {2, 3, 4}]]')) == "{2., 3., 4.}"
    assert output_form(s.evaluate('FunctionLayer[Dimensions, "Input" -> {"Varying", 2}]'
                                  '[{{{1, 2}}, {{1, 2}, {3, 4}, {5, 6}}}]')) == "{{1., 2.}, {3., 2.}}"
    assert not s.messages, s.messages


def test_take_largest_and_take_smallest_of_a_vector():
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    assert output_form(s.evaluate('FunctionLayer[TakeLargest[#, 2] &][{3., 1., 2., 5.}]')) == "{5., 3.}"
    assert output_form(s.evaluate('FunctionLayer[TakeSmallest[#, 3] &][{3., 1., 2., 5.}]')) == "{1., 2., 3.}"
    # Inner[Times, a, b, Plus] is Dot
    assert output_form(s.evaluate('FunctionLayer[Inner[Times, #, {1, 2}, Plus] &]'
                                  '[{{1., 2.}, {3., 4.}}]')) == "{5., 11.}"
    # the gradient reaches the elements taken
    assert output_form(s.evaluate('FunctionLayer[Total[TakeLargest[#, 2]] &, "Input" -> 4]'
                                  '[{3., 1., 2., 5.}, NetPortGradient["Input"]]')) == "{1., 0., 0., 1.}"
    assert not s.messages, s.messages


@pytest.mark.parametrize("f, shapes, want", [
    # two lists interleaved: as many parts, or one fewer (Riffle[{e1, e2, e3}, {x1, x2}])
    ("Riffle[#a, #b] &", {"a": (3,), "b": (3,)},
     lambda a, b: np.stack([a, b], axis=2).reshape(len(a), 6)),
    ("Riffle[#a, #b] &", {"a": (3, 2), "b": (2, 2)},
     lambda a, b: np.stack([a[:, 0], b[:, 0], a[:, 1], b[:, 1], a[:, 2]], axis=1)),
    # one number between the elements of a vector, computed or given
    ("Riffle[#a, Total[#a]] &", {"a": (3,)},
     lambda a: np.stack([a[:, 0], a.sum(1), a[:, 1], a.sum(1), a[:, 2]], axis=1)),
    ("Riffle[#a, -1] &", {"a": (2,)}, lambda a: np.stack([a[:, 0], -np.ones(len(a)), a[:, 1]], axis=1)),
])
def test_riffle_interleaves_as_the_function_does(session, f, shapes, want):
    specs = ", ".join(f'"{n}" -> {{{", ".join(map(str, s))}}}' for n, s in shapes.items())
    net = build(session, f"FunctionLayer[{f}, {specs}]")
    xs = {n: RNG.normal(size=(2,) + s) for n, s in shapes.items()}
    np.testing.assert_allclose(forward(net, **xs)["Output"], want(*xs.values()), rtol=1e-12)
    check_gradients(Executor.for_net(net, "Real64"), {},
                    {n: Batch(x, None) for n, x in xs.items()})


def test_riffle_of_a_constant_list_and_its_refusals(session):
    assert output_form(session.evaluate('FunctionLayer[Riffle[#, {7, 8}] &][{1, 2, 3}]')) \
        == "{1., 7., 2., 8., 3.}"
    assert output_form(session.evaluate(
        'FunctionLayer[Riffle[#a, #b] &][<|"a" -> {1, 2, 3}, "b" -> {4, 5}|>]')) == "{1., 4., 2., 5., 3.}"
    # too few parts to go between (WL's Riffle would cycle them; a net's sizes are fixed)
    msgs = messages(session, 'FunctionLayer[Riffle[#a, #b] &][<|"a" -> {1, 2, 3}, "b" -> {4}|>]')
    assert any("Riffle interleaves a list of dimensions {3} with parts of dimensions {1}" in m
               for m in msgs), msgs
    msgs = messages(session, 'FunctionLayer[Riffle[#, 0, 2] &]')
    assert any(m.startswith("FunctionLayer::fnpart") for m in msgs), msgs


def test_ordering_gives_the_positions_that_sort(session):
    # ties in the order of their positions, as Ordering gives them; its first or last n
    for f, want in [("Ordering", "{2., 4., 3., 1.}"), ("Ordering[#, 2] &", "{2., 4.}"),
                    ("Ordering[#, -1] &", "{1.}")]:
        assert output_form(session.evaluate(f"FunctionLayer[{f}][{{3., 1., 2., 1.}}]")) == want
    # a sequence within its own length
    assert output_form(session.evaluate('FunctionLayer[Ordering, "Input" -> "Varying"]'
                                        '[{{3., 1., 2.}, {5., 4.}}]')) == "{{2., 3., 1.}, {2., 1.}}"
    net = build(session, 'FunctionLayer[Ordering, "Input" -> 5]')
    x = RNG.normal(size=(3, 5))
    np.testing.assert_array_equal(forward(net, Input=x)["Output"], np.argsort(x, axis=1) + 1)
    msgs = messages(session, 'FunctionLayer[Ordering, "Input" -> {2, 2}][{{1, 2}, {3, 4}}]')
    assert any("Ordering needs an input of rank 1" in m for m in msgs), msgs


def test_the_positions_ordering_gives_pick_the_values_with_their_gradient(session):
    # no gradient flows into the positions; the values they pick carry theirs
    net = build(session, 'FunctionLayer[#[[Ordering[#]]] . {1., 2., 3., 4.} + Total[Ordering[#]] &, '
                         '"Input" -> 4]')
    x = RNG.normal(size=(2, 4))
    np.testing.assert_allclose(forward(net, Input=x)["Output"],
                               np.sort(x, axis=1) @ [1., 2., 3., 4.] + 10, rtol=1e-12)
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, None)})
