"""LearningRateMultipliers (wlnet/net/train/multipliers.py): every documented lspec form,
first-matching-rule order, the layers' own options, a container's option written into its
layers, shared arrays, "ArraysLearningRateMultipliers", and the messages for bad specs."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.containers.chain import build_chain
from wlnet.net.train.multipliers import MultiplierError, layer_multipliers, multipliers, push_down
from wlnet.net.wlform import net_from_expr

from _netutil import layer, lst, rule, sym
from _wl import WL

W = ("Arrays", "Weights")
B = ("Arrays", "Biases")


def net3():
    """A chain "a" (Linear), "b" (Tanh), "c" (a nested chain of two Linear layers)."""
    inner = build_chain([("1", layer("LinearLayer", 2)), ("2", layer("LinearLayer", 2))])
    return build_chain([("a", layer("LinearLayer", 2, Input=2)),
                        ("b", layer("ElementwiseLayer", sym("Tanh"))), ("c", inner)])


def at(*names):
    out = ()
    for n in names:
        out += ("Nodes", n)
    return out


def rules(*pairs):
    return Expr.from_args(S.List, (Expr(S.Rule, k, v) for k, v in pairs))


def span(a, b):
    return Expr(S.Span, Integer(a), Integer(b) if isinstance(b, int) else Symbol(b))


BLANK = Expr(Symbol("Blank"))


@pytest.mark.parametrize("spec, expected", [
    (Symbol("Automatic"), {}),
    (Integer(2), {"all": 2.0}),
    (Symbol("None"), {"all": 0.0}),
    (rules((String("a"), Integer(0))), {at("a") + W: 0.0, at("a") + B: 0.0}),
    (rules((Integer(-1), Real(0.5))), {at("c", "1") + W: 0.5, at("c", "1") + B: 0.5,
                                        at("c", "2") + W: 0.5, at("c", "2") + B: 0.5}),
    (rules((span(1, 2), Integer(0))), {at("a") + W: 0.0, at("a") + B: 0.0}),
    (rules((lst("c", 2), Integer(0))), {at("c", "2") + W: 0.0, at("c", "2") + B: 0.0}),
    (rules((lst("c", 2, "Weights"), Integer(3))), {at("c", "2") + W: 3.0}),
    (rules((String("Biases"), Symbol("None"))), {at("a") + B: 0.0, at("c", "1") + B: 0.0,
                                                  at("c", "2") + B: 0.0}),
    # the first matching rule wins: part -> 1, _ -> None freezes all but the part
    (rules((String("a"), Integer(1)), (BLANK, Symbol("None"))),
     {at("c", "1") + W: 0.0, at("c", "1") + B: 0.0, at("c", "2") + W: 0.0, at("c", "2") + B: 0.0}),
    (rules((Symbol("All"), Integer(0)), (String("a"), Integer(1))), {"all": 0.0}),
    # _ inside a path: every part at that level ({"base", _} -> 0 freezes a sub-net)
    (rules((Expr(S.List, String("c"), BLANK), Integer(0))),
     {at("c", "1") + W: 0.0, at("c", "1") + B: 0.0, at("c", "2") + W: 0.0, at("c", "2") + B: 0.0}),
    (rules((Expr(S.List, String("c"), Integer(1), BLANK), Integer(4))),
     {at("c", "1") + W: 4.0, at("c", "1") + B: 4.0}),
])
def test_lspec_forms(spec, expected):
    net = net3()
    got = multipliers(net, spec)
    assert set(got) == set(net.array_paths())
    for path, rate in got.items():
        assert rate == expected.get("all", expected.get(path, 1.0)), path


@pytest.mark.parametrize("spec", [
    rules((String("zz"), Integer(0))),
    rules((Integer(7), Integer(0))),
    rules((lst("c", 3), Integer(0))),
    rules((String("a"), String("fast"))),
    String("fast"),
    rules((Expr(Symbol("NetArray"), String("nope")), Integer(0))),
])
def test_bad_specs_are_refused(spec):
    with pytest.raises(MultiplierError):
        multipliers(net3(), spec)


def test_layer_options_and_container_option():
    lin = layer("LinearLayer", 2, Input=2, LearningRateMultipliers=lst(rule("Biases", sym("None"))))
    net = build_chain([("1", lin), ("2", layer("LinearLayer", 2))])
    assert layer_multipliers(net) == {at("1") + W: 1.0, at("1") + B: 0.0, at("2") + W: 1.0, at("2") + B: 1.0}
    # the container's rule wins over the layer's own where it matches; elsewhere the layer's own stays
    pushed = push_down(net, rules((Integer(2), Real(0.25))))
    assert layer_multipliers(pushed) == {at("1") + W: 1.0, at("1") + B: 0.0,
                                         at("2") + W: 0.25, at("2") + B: 0.25}
    # NetTrain's option over the layers' own
    assert multipliers(pushed, rules((Integer(1), Integer(1))))[at("1") + B] == 1.0


def test_container_option_and_training_through_wl():
    wl = WL('c = NetInitialize[NetChain[{LinearLayer[3, "Input" -> 2], Tanh, LinearLayer[1]}, '
            'LearningRateMultipliers -> {1 -> 0}], RandomSeeding -> 2];'
            'd = Table[{x, -x} -> {x^2}, {x, 0, 1, 0.1}];')
    assert wl('Information[c, "ArraysLearningRateMultipliers"][{1, "Weights"}]') == Real(0.0)
    trained = wl('NetTrain[c, d, MaxTrainingRounds -> 3, TrainingProgressReporting -> None]')
    before, after = net_from_expr(wl('c')), net_from_expr(trained)
    assert np.array_equal(before.arrays[at("1") + W].array, after.arrays[at("1") + W].array)
    assert not np.array_equal(before.arrays[at("3") + W].array, after.arrays[at("3") + W].array)
    # the rates the run used
    used = wl('NetTrain[c, d, "ArraysLearningRateMultipliers", MaxTrainingRounds -> 1, '
              'TrainingProgressReporting -> None, LearningRateMultipliers -> {3 -> 2}] // Values')
    assert [x.value for x in used.args] == [0.0, 0.0, 2.0, 2.0]


def test_messages_name_the_bad_spec():
    wl = WL('c = NetInitialize@NetChain[{LinearLayer[3, "Input" -> 2], LinearLayer[1]}];'
            'd = Table[{x, -x} -> {x}, {x, 0, 1, 0.1}];')
    assert wl('NetTrain[c, d, LearningRateMultipliers -> {"zz" -> 0}]') == Symbol("$Failed")
    assert "NetTrain::invopt" in wl.tags
    assert wl('NetChain[{LinearLayer[3, "Input" -> 2]}, LearningRateMultipliers -> {5 -> 0}]') == Symbol("$Failed")
    assert "NetChain::invlrm" in wl.tags


# ---------------------------------------------------------------------------- TrainingUpdateSchedule

def alt(*specs):
    return Expr(Symbol("Alternatives"), *specs)


def test_update_schedule_groups():
    from wlnet.net.train.multipliers import update_schedule
    net = net3()
    a = {at("a") + W, at("a") + B}
    c2w = {at("c", "2") + W}
    assert update_schedule(net, Symbol("Automatic")) is None
    schedule = Expr(S.List, String("a"), Expr(S.Rule, lst("c", 2, "Weights"), Integer(2)),
                    alt(Integer(1), lst("c", 2, "Weights")), BLANK)
    assert update_schedule(net, schedule) == [a, c2w, c2w, a | c2w, set(net.array_paths())]
    with pytest.raises(MultiplierError):
        update_schedule(net, Expr(S.List, String("nope")))
    with pytest.raises(MultiplierError):
        update_schedule(net, Expr(S.List, Expr(S.Rule, String("a"), Integer(0))))


def test_optimizer_updates_only_the_scheduled_arrays():
    from wlnet.net.train.optimizers import MethodSpec, Optimizer, Parameters, DEFAULTS
    arrays = {("x",): np.ones(3), ("y",): np.ones(2)}
    params = Parameters(arrays, list(arrays), np.float64)
    method = MethodSpec("ADAM", {**DEFAULTS["ADAM"], "LearningRate": 0.1})
    opt = Optimizer(params, method, update_schedule=[{("x",)}, {("y",)}])
    g = np.ones(5)
    opt.step(g.copy())                     # step 1: x only
    assert not np.allclose(params.views[("x",)], 1) and np.allclose(params.views[("y",)], 1)
    assert np.all(opt.m[3:] == 0)          # y's running averages untouched too
    x_after = params.views[("x",)].copy()
    opt.step(g.copy())                     # step 2: y only
    assert np.array_equal(params.views[("x",)], x_after) and not np.allclose(params.views[("y",)], 1)


def test_alternating_schedule_through_wl():
    wl = WL('c = NetInitialize[NetChain[{LinearLayer[3, "Input" -> 2], Tanh, LinearLayer[1]}], RandomSeeding -> 2];'
            'd = Table[{x, -x} -> {x^2}, {x, 0, 1, 0.1}];')
    before = net_from_expr(wl('c'))
    # one batch per round, one round: only the first group (layer 3) is ever updated
    after = net_from_expr(wl('NetTrain[c, d, BatchSize -> 11, MaxTrainingRounds -> 1, TrainingProgressReporting -> None, '
                             'TrainingUpdateSchedule -> {3, 1}]'))
    assert wl.tags == []
    assert np.array_equal(before.arrays[at("1") + W].array, after.arrays[at("1") + W].array)
    assert not np.array_equal(before.arrays[at("3") + W].array, after.arrays[at("3") + W].array)
    # two rounds: the second step updates layer 1
    after = net_from_expr(wl('NetTrain[c, d, BatchSize -> 11, MaxTrainingRounds -> 2, TrainingProgressReporting -> None, '
                             'TrainingUpdateSchedule -> {3, 1}]'))
    assert not np.array_equal(before.arrays[at("1") + W].array, after.arrays[at("1") + W].array)
    assert wl('NetTrain[c, d, TrainingUpdateSchedule -> {"zz"}]') == Symbol("$Failed")
    assert wl.tags == ["NetTrain::invopt"]


def test_replace_and_extract_the_option():
    wl = WL('c = NetChain[{LinearLayer[2], Ramp, LinearLayer[2]}, "Input" -> 2];'
            'd = NetReplacePart[c, {1, LearningRateMultipliers} -> 0];')
    assert wl('NetExtract[d, {1, LearningRateMultipliers}]') == Integer(0)
    assert wl('NetExtract[c, {1, LearningRateMultipliers}]') == Symbol("Automatic")
    assert [x.value for x in wl('Values@Information[d, "ArraysLearningRateMultipliers"]').args] == [0, 0, 1, 1]
    whole = wl('Values@Information[NetReplacePart[c, LearningRateMultipliers -> {3 -> 0.5}], '
               '"ArraysLearningRateMultipliers"]')
    assert [x.value for x in whole.args] == [1, 1, 0.5, 0.5]
    assert wl('NetReplacePart[c, {1, LearningRateMultipliers} -> "x"]') == Symbol("$Failed")
    assert wl.tags == ["NetReplacePart::invlrm"]


def test_a_nested_layer_named_from_the_top_gets_the_path_to_write():
    """A part is named from the top of the net, as NetExtract names it (WL reads each lspec
    as a path from the top): {"start" -> 0} for a layer nested in the chain's first layer is
    a message that gives the path, {1, "start"}, which works."""
    wl = WL('nn = NetChain[{NetChain[<|"start" -> LinearLayer[3], "r" -> Ramp|>], LinearLayer[1]}, "Input" -> 2];')
    assert wl('NetChain[nn, LearningRateMultipliers -> {"start" -> 0}]') == Symbol("$Failed")
    assert wl.tags == ["NetChain::invlrm"]
    assert wl.session.messages[0].endswith('the layer nested inside is named by its path, {1, "start"}.')
    used = wl('Values@Information[NetChain[nn, LearningRateMultipliers -> {{1, "start"} -> 0}], '
              '"ArraysLearningRateMultipliers"]')
    assert [x.value for x in used.args] == [0.0, 0.0, 1.0, 1.0]
