"""The executor (wlnet.net.execute) on whole nets, at the Python level.

Forward against a plain-numpy implementation of the seed page's equations and of the other
layers; backward of chains and graphs (mixed lengths, initial states, fan-out, losses,
train-mode dropout with a fixed rng) against float64 central finite differences."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Batch, Executor
from wlnet.net.wlform import net_from_expr

from _gradcheck import check_gradients, random_arrays


@pytest.fixture(scope="module")
def session():
    return Session()


def build(session, text):
    e = session.evaluate(text)
    assert not session.messages, session.messages
    net = net_from_expr(e)
    assert net is not None, text
    return net


def sequences(rng, lengths, k, dtype=np.float64):
    data = np.zeros((len(lengths), max(lengths), k), dtype)
    for i, n in enumerate(lengths):
        data[i, :n] = rng.normal(size=(n, k))
    return Batch(data, np.array(lengths, np.int64))


# ---------------------------------------------------------------------------- references

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def gru_reference(x, arrays, prefix, s0=None):
    """The seed page's recurrence for ONE sequence x (T, k)."""
    a = {name: arrays[prefix + ("Arrays", name)] for name in (
        "InputGateInputWeights", "InputGateStateWeights", "InputGateBiases",
        "ResetGateInputWeights", "ResetGateStateWeights", "ResetGateBiases",
        "MemoryGateInputWeights", "MemoryGateStateWeights", "MemoryGateBiases")}
    n = a["InputGateBiases"].shape[0]
    s = np.zeros(n) if s0 is None else s0
    out = []
    for xt in x:
        i = sigmoid(a["InputGateInputWeights"] @ xt + a["InputGateStateWeights"] @ s + a["InputGateBiases"])
        r = sigmoid(a["ResetGateInputWeights"] @ xt + a["ResetGateStateWeights"] @ s + a["ResetGateBiases"])
        m = np.tanh(a["MemoryGateInputWeights"] @ xt + r * (a["MemoryGateStateWeights"] @ s) + a["MemoryGateBiases"])
        s = (1 - i) * m + i * s
        out.append(s)
    return np.array(out)


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


# ---------------------------------------------------------------------------- forward

CHAIN = ('NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], GatedRecurrentLayer[4], '
         'SequenceLastLayer[], LinearLayer[5], ElementwiseLayer[Tanh], SoftmaxLayer[]}]')


@pytest.mark.parametrize("precision, tol", [("Real64", 1e-12), ("Real32", 2e-5)])
def test_chain_forward_matches_reference(session, precision, tol):
    net = build(session, CHAIN)
    rng = np.random.default_rng(1)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, precision)
    batch = sequences(rng, [4, 1, 3], 2)
    res = ex.forward(arrays, {"Input": batch})
    out = res.outputs["Output"].data
    assert out.dtype == np.dtype(precision.replace("Real", "float"))
    for b, n in enumerate(batch.lengths):
        h = gru_reference(batch.data[b, :n], arrays, ("Nodes", "1"))
        h = gru_reference(h, arrays, ("Nodes", "2"))
        z = arrays[("Nodes", "4", "Arrays", "Weights")] @ h[-1] + arrays[("Nodes", "4", "Arrays", "Biases")]
        np.testing.assert_allclose(out[b], softmax(np.tanh(z)), rtol=tol, atol=tol)


def test_graph_forward_state_ports_and_fanout(session):
    net = build(session, 'NetGraph[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], '
                         'SequenceLastLayer[], ElementwiseLayer[#^2 + Sin[#] &]}, '
                         '{NetPort["S0"] -> NetPort[1, "State"], 1 -> 2, 1 -> 3, '
                         'NetPort[1, "State"] -> NetPort["Final"]}]')
    assert list(net.inputs()) == ["S0", "Input"]
    rng = np.random.default_rng(2)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    batch = sequences(rng, [2, 5], 2)
    s0 = rng.normal(size=(2, 3))
    res = ex.forward(arrays, {"Input": batch, "S0": Batch(s0, None)})
    assert list(res.outputs) == ["Final", "Output1", "Output2"]
    for b, n in enumerate(batch.lengths):
        h = gru_reference(batch.data[b, :n], arrays, ("Nodes", "1"), s0[b])
        np.testing.assert_allclose(res.outputs["Final"].data[b], h[-1], rtol=1e-12)
        for port, value in res.outputs.items():
            if port == "Final":
                continue
            data = value.data[b]
            if value.lengths is None:            # SequenceLast
                np.testing.assert_allclose(data, h[-1], rtol=1e-12)
            else:                                # the elementwise function of the sequence
                np.testing.assert_allclose(data[:n], h ** 2 + np.sin(h), rtol=1e-12)
    assert res.final_states == {}                # the state is fed: not an interior state


def test_interior_states_in_and_out(session):
    net = build(session, 'NetChain[{GatedRecurrentLayer[2, "Input" -> {"Varying", 3}], SequenceLastLayer[]}]')
    rng = np.random.default_rng(3)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    assert ex.state_keys == [("1", "State")]
    batch = sequences(rng, [3, 2], 3)
    s0 = rng.normal(size=2)                       # one vector: every example starts there
    res = ex.forward(arrays, {"Input": batch}, initial_states={("1", "State"): s0})
    for b, n in enumerate(batch.lengths):
        h = gru_reference(batch.data[b, :n], arrays, ("Nodes", "1"), s0)
        np.testing.assert_allclose(res.final_states[("1", "State")][b], h[-1], rtol=1e-12)
        np.testing.assert_allclose(res.outputs["Output"].data[b], h[-1], rtol=1e-12)


def test_executor_is_cached_per_structure(session):
    e = session.evaluate(CHAIN)
    a, b = net_from_expr(e), net_from_expr(e)        # the same net read twice
    assert Executor.for_net(a, "Real32") is Executor.for_net(b, "Real32")
    assert Executor.for_net(a, "Real32") is not Executor.for_net(a, "Real64")


def test_gru_weights_are_packed_once_per_set_of_read_only_arrays(session, monkeypatch):
    # plain evaluation (no NetTrain version token): read-only arrays (a net's NumericArray
    # data) are packed once; new or writable arrays are packed again, so results never
    # come from stale weights
    from wlnet.kernels import gru as kgru
    packs = []
    real_pack = kgru.pack_gru_weights
    monkeypatch.setattr(kgru, "pack_gru_weights", lambda *a, **kw: packs.append(1) or real_pack(*a, **kw))
    net = build(session, "NetChain[{GatedRecurrentLayer[3, \"Input\" -> {\"Varying\", 2}]}]")
    ex = Executor.for_net(net, "Real64")
    batch = sequences(np.random.default_rng(2), [3, 2], 2)

    def frozen(arrays):
        for a in arrays.values():
            a.setflags(write=False)
        return arrays

    first = frozen(random_arrays(net, np.random.default_rng(3)))
    out1 = ex.forward(first, {"Input": batch}).outputs["Output"].data
    ex.forward(first, {"Input": batch})
    assert len(packs) == 1
    second = frozen(random_arrays(net, np.random.default_rng(4)))
    out2 = ex.forward(second, {"Input": batch}).outputs["Output"].data
    assert len(packs) == 2 and not np.allclose(out1, out2)
    writable = random_arrays(net, np.random.default_rng(3))
    out3 = ex.forward(writable, {"Input": batch}).outputs["Output"].data
    writable[next(iter(writable))][...] += 1.0          # changed in place: packed again
    out4 = ex.forward(writable, {"Input": batch}).outputs["Output"].data
    assert len(packs) == 4 and np.allclose(out1, out3) and not np.allclose(out3, out4)


def test_losses_forward(session):
    net = build(session, 'MeanSquaredLossLayer["Input" -> {"Varying", 2}]')
    ex = Executor.for_net(net, "Real64")
    x = sequences(np.random.default_rng(4), [3, 1], 2)
    t = Batch(np.ones_like(x.data), x.lengths)
    loss = ex.forward({}, {"Input": x, "Target": t}).outputs["Loss"].data
    for b, n in enumerate(x.lengths):
        assert loss[b] == pytest.approx(np.mean((x.data[b, :n] - 1) ** 2))


# ---------------------------------------------------------------------------- backward

def test_chain_backward_mixed_lengths_and_initial_states(session):
    net = build(session, CHAIN)
    rng = np.random.default_rng(5)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    states = {("1", "State"): rng.normal(size=(3, 3)), ("2", "State"): rng.normal(size=(3, 4))}
    check_gradients(ex, arrays, {"Input": sequences(rng, [3, 1, 2], 2)}, states)


def test_graph_backward_state_ports_fanout_and_loss(session):
    net = build(session, 'NetGraph[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], '
                         'SequenceLastLayer[], LinearLayer[2], ElementwiseLayer[Sin[#] * #^2 - Abs[#] &], '
                         'MeanSquaredLossLayer[], ElementwiseLayer[LogisticSigmoid]}, '
                         '{NetPort["S0"] -> NetPort[1, "State"], 1 -> 2 -> 3 -> 4, '
                         '4 -> NetPort[5, "Input"], NetPort["Target"] -> NetPort[5, "Target"], '
                         '1 -> 6, NetPort[1, "State"] -> NetPort["Final"]}]')
    rng = np.random.default_rng(6)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    batches = {"Input": sequences(rng, [2, 4], 2), "S0": Batch(rng.normal(size=(2, 3)), None),
               "Target": Batch(rng.normal(size=(2, 2)), None)}
    check_gradients(ex, arrays, batches)


@pytest.mark.parametrize("text, target", [
    ('CrossEntropyLossLayer["Index", "Input" -> {"Varying", 3}]', "index"),
    ('CrossEntropyLossLayer["Probabilities", "Input" -> {4, 3}]', "probabilities"),
    ('CrossEntropyLossLayer["Binary", "Input" -> {3}]', "binary"),
    ('MeanAbsoluteLossLayer["Input" -> {"Varying", 2}]', "real"),
])
def test_loss_layer_gradients(session, text, target):
    net = build(session, text)
    ex = Executor.for_net(net, "Real64")
    t_in = net.inputs()["Input"]
    rng = np.random.default_rng(7)
    if t_in.dims and not isinstance(t_in.dims[0], int):
        n = t_in.dims[1] if len(t_in.dims) > 1 else None
        lengths = [3, 2]
        raw = sequences(rng, lengths, n)
        lengths = raw.lengths
    else:
        raw = Batch(rng.normal(size=(2,) + tuple(t_in.dims)), None)
        lengths = None
    data = raw.data
    if target == "index":
        data = np.stack([[softmax(r) for r in ex_] for ex_ in data])
        t = Batch(rng.integers(1, 4, size=data.shape[:2]).astype(np.int32), lengths)
    elif target == "probabilities":
        data = np.stack([[softmax(r) for r in ex_] for ex_ in data])
        t = Batch(np.stack([[softmax(r) for r in ex_] for ex_ in rng.normal(size=data.shape)]), None)
    elif target == "binary":
        data = sigmoid(data)
        t = Batch(rng.uniform(size=data.shape), None)
    else:
        t = Batch(rng.normal(size=data.shape), lengths)
    check_gradients(ex, {}, {"Input": Batch(data, lengths), "Target": t})


def test_dropout_train_mode_gradients_with_fixed_masks(session):
    net = build(session, 'NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}, "Dropout" -> '
                         '{"VariationalInput" -> 0.3, "VariationalState" -> 0.3, '
                         '"VariationalWeights" -> 0.2, "StateUpdate" -> 0.3}], '
                         'SequenceLastLayer[], DropoutLayer[0.4], LinearLayer[2]}]')
    rng = np.random.default_rng(8)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    check_gradients(ex, arrays, {"Input": sequences(rng, [3, 2], 2)}, rng_seed=11)


def test_unit_vector_input_has_no_gradient_and_softmax_logits(session):
    net = build(session, 'NetChain[{UnitVectorLayer[4], GatedRecurrentLayer[3], SequenceLastLayer[], '
                         'LinearLayer[3], SoftmaxLayer[]}, "Input" -> {"Varying"}]')
    rng = np.random.default_rng(9)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    assert ex.output_producers["Output"].layer.spec.gives_logits
    codes = Batch(np.array([[1, 4, 2], [3, 0, 0]], np.int32), np.array([3, 1]))
    grads = check_gradients(ex, arrays, {"Input": codes})
    assert "Input" not in grads.inputs
    # d_logits: the gradient enters at the softmax's input
    res = ex.forward(arrays, {"Input": codes}, keep=True)
    z = res.logits["Output"]
    w = rng.normal(size=z.shape)
    via_logits = ex.backward(res, {}, d_logits={"Output": w})
    lin = ("Nodes", "4", "Arrays", "Biases")
    np.testing.assert_allclose(via_logits.arrays[lin], w.sum(axis=0), rtol=1e-12)


def test_a_head_run_reusing_constant_steps_and_taking_a_gradient_inside(session):
    """forward(stop=, reuse=) and backward(d_values=), as NetTrain's fused step uses them:
    the first steps only, the UnitVectorLayer's codes computed once per batch, and the
    gradient of an inner value taken back as if it came from the rest of the net."""
    net = build(session, 'NetChain[{UnitVectorLayer[4], GatedRecurrentLayer[3], SequenceLastLayer[], '
                         'LinearLayer[3]}, "Input" -> {"Varying"}]')
    rng = np.random.default_rng(4)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    codes = {"Input": Batch(np.array([[1, 4, 2], [3, 0, 0]], np.int32), np.array([3, 1]))}
    whole = ex.forward(arrays, codes, keep=True)
    reuse = {}
    head = ex.forward(arrays, codes, keep=True, stop=2, reuse=reuse)
    assert list(reuse) == [0] and not head.outputs and len(head.caches) == 2
    gru_out = (("Nodes", "2"), "out", "Output")
    np.testing.assert_array_equal(head.env[gru_out].data, whole.env[gru_out].data)
    reuse[0] = ({"Output": Batch(np.zeros((2, 3, 4)), np.array([3, 1]))}, {}, None)
    again = ex.forward(arrays, codes, keep=True, stop=2, reuse=reuse)   # taken, not computed
    assert not np.array_equal(again.env[gru_out].data, head.env[gru_out].data)
    # the gradient of the GRU's output, given inside, is the one the whole net passes back
    d = rng.normal(size=whole.outputs["Output"].data.shape)
    full = ex.backward(whole, {"Output": d})
    inner = ex.forward(arrays, codes, keep=True)      # the tail's own backward, by hand
    g = {"Output": d}
    for i in (3, 2):
        g = {"Output": ex.steps[i].op.backward(inner.caches[i], g, {})[0]["Input"]}
    from_inside = ex.backward(head, {}, d_values={gru_out: g["Output"]})
    for path, value in from_inside.arrays.items():
        np.testing.assert_allclose(value, full.arrays[path], rtol=1e-12)
    assert set(from_inside.arrays) == {p for p in full.arrays if p[1] == "2"}


@pytest.mark.parametrize("precision", ["Real32", "Real64"])
def test_a_chain_of_small_layers_is_evaluated_by_bare_kernel_calls_with_the_same_result(
        session, precision):
    from wlnet.net.values import VersionedArrays
    net = build(session, 'NetChain[{LinearLayer[6], Tanh, LinearLayer[5, "Biases" -> None], Ramp, '
                         'LogisticSigmoid, LinearLayer[3], SoftmaxLayer[]}, "Input" -> 4]')
    ex = Executor.for_net(net, precision)
    assert ex._plain_chain is not None
    arrays = {p: np.asarray(a, ex.dtype) for p, a in random_arrays(net, np.random.default_rng(2)).items()}
    for a in arrays.values():
        a.flags.writeable = False                      # as a net's own arrays are
    x = {"Input": Batch(np.random.default_rng(3).normal(size=(7, 4)).astype(ex.dtype), None)}
    generic = ex.forward(arrays, x).outputs["Output"].data          # no version: step by step
    versioned = VersionedArrays(arrays)
    first = ex.forward(versioned, x).outputs["Output"].data
    second = ex.forward(versioned, x).outputs["Output"].data
    assert ex._chain_tail is not None and ex._chain_tail[1] is not None
    np.testing.assert_allclose(first, generic, rtol=1e-6 if precision == "Real32" else 1e-14)
    assert first is not second and np.array_equal(first, second)    # each call's own array
    # what the bare calls do not take goes step by step: a batch of sequences
    seq = {"Input": Batch(np.ones((2, 3, 4), ex.dtype), np.array([3, 2]))}
    assert ex._chain_forward(versioned, seq) is None


def test_nets_that_are_not_a_plain_chain_are_evaluated_step_by_step(session):
    for text in ('NetChain[{UnitVectorLayer[4], SequenceLastLayer[], LinearLayer[3]}, "Input" -> {"Varying"}]',
                 'NetChain[{LinearLayer[3], DropoutLayer[], SoftmaxLayer[]}, "Input" -> 2]',
                 'NetGraph[{LinearLayer[3], LinearLayer[3], TotalLayer[]}, {1 -> 3, 2 -> 3}, "Input" -> 2]'):
        assert Executor.for_net(build(session, text), "Real64")._plain_chain is None, text


def test_elementwise_named_and_pure_functions_gradients(session):
    for f in ('"SELU"', '"GELU"', '"SoftPlus"', '"HardTanh"', 'Exp', 'Ramp',
              'Function[x, Max[x, 0.1 x] + Clip[x, {-0.5, 0.5}] / (1 + x^2)]'):
        net = build(session, f'ElementwiseLayer[{f}, "Input" -> {{3, 2}}]')
        ex = Executor.for_net(net, "Real64")
        x = np.random.default_rng(10).normal(size=(2, 3, 2))
        check_gradients(ex, {}, {"Input": Batch(x, None)})


def test_nested_containers_forward_and_backward(session):
    net = build(session, 'NetGraph[<|"rnn" -> NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], '
                         'GatedRecurrentLayer[2]}], "last" -> SequenceLastLayer[], '
                         '"head" -> NetChain[{LinearLayer[3], Tanh, LinearLayer[1]}]|>, '
                         '{"rnn" -> "last" -> "head"}]')
    rng = np.random.default_rng(12)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    assert ex.state_keys == [("rnn", "1", "State"), ("rnn", "2", "State")]
    batch = sequences(rng, [2, 3], 2)
    out = ex.forward(arrays, {"Input": batch}).outputs["Output"].data
    for b, n in enumerate(batch.lengths):
        h = gru_reference(batch.data[b, :n], arrays, ("Nodes", "rnn", "Nodes", "1"))
        h = gru_reference(h, arrays, ("Nodes", "rnn", "Nodes", "2"))[-1]
        a = lambda i, name: arrays[("Nodes", "head", "Nodes", i, "Arrays", name)]
        y = a("3", "Weights") @ np.tanh(a("1", "Weights") @ h + a("1", "Biases")) + a("3", "Biases")
        np.testing.assert_allclose(out[b], y, rtol=1e-12)
    states = {k: rng.normal(size=(2, 3 if k[1] == "1" else 2)) for k in ex.state_keys}
    check_gradients(ex, arrays, {"Input": batch}, states)


def test_final_state_gradients(session):
    net = build(session, 'GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]')
    rng = np.random.default_rng(13)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    batch = sequences(rng, [3, 1], 2)
    res = ex.forward(arrays, {"Input": batch}, keep=True)
    w = rng.normal(size=(2, 2))
    g = ex.backward(res, {}, d_final_states={("State",): w})
    # the final state is the last valid output: the same gradient through the output
    d_out = np.zeros_like(res.outputs["Output"].data)
    for b, n in enumerate(batch.lengths):
        d_out[b, n - 1] = w[b]
    g2 = ex.backward(res, {"Output": d_out})
    for path in g.arrays:
        np.testing.assert_allclose(g.arrays[path], g2.arrays[path], rtol=1e-10, atol=1e-12)


def test_alpha_dropout_train_gradients_and_statistics(session):
    net = build(session, 'DropoutLayer[0.3, Method -> "AlphaDropout", "Input" -> {4, 3}]')
    ex = Executor.for_net(net, "Real64")
    x = np.random.default_rng(14).normal(size=(2, 4, 3))
    check_gradients(ex, {}, {"Input": Batch(x, None)}, rng_seed=5)
    big = np.random.default_rng(15).normal(size=(4000, 4, 3))   # keeps mean 0 and variance 1
    y = ex.forward({}, {"Input": Batch(big, None)}, train=True,
                   rng=np.random.default_rng(16)).outputs["Output"].data
    assert abs(y.mean()) < 0.05 and abs(y.var() - 1) < 0.05
    assert np.array_equal(ex.forward({}, {"Input": Batch(big, None)}).outputs["Output"].data, big)


# ---------------------------------------------------------------------------- wanted inputs

def test_input_gradients_only_for_the_ports_asked(session, monkeypatch):
    """backward(…, input_gradients=ports): the array gradients are those of a full pass;
    only the asked ports' input gradients come back; a layer reading nothing that wants a
    gradient is not run backwards, and a convolution on an unasked input does not compute
    its input gradient (the op is told: ``spares_input_gradients``)."""
    from wlnet.net.layers.convolution import ConvolutionOp
    net = build(session, 'NetGraph[<|"conv" -> ConvolutionLayer[2, 3], "flat" -> FlattenLayer[],'
                         ' "tanh" -> ElementwiseLayer[Tanh], "lin" -> LinearLayer[4],'
                         ' "cat" -> CatenateLayer[]|>, {NetPort["Image"] -> "conv" -> "flat",'
                         ' NetPort["Vector"] -> "tanh", {"flat", "tanh"} -> "cat" -> "lin"},'
                         ' "Image" -> {1, 5, 5}, "Vector" -> 3]')
    rng = np.random.default_rng(5)
    arrays = random_arrays(net, rng)
    ex = Executor.for_net(net, "Real64")
    batches = {"Image": Batch(rng.normal(size=(2, 1, 5, 5)), None),
               "Vector": Batch(rng.normal(size=(2, 3)), None)}
    res = ex.forward(arrays, batches, keep=True)
    d = {"Output": rng.normal(size=res.outputs["Output"].data.shape)}
    full = ex.backward(res, d)
    assert set(full.inputs) == {"Image", "Vector"}

    asked = []
    forward, backward = ConvolutionOp.kernels

    def spy(cache, d_out, input_gradient=True):
        asked.append(input_gradient)
        return backward(cache, d_out, input_gradient=input_gradient)

    monkeypatch.setattr(ConvolutionOp, "kernels", (forward, spy))
    for ports in ((), ("Vector",), ("Image",)):
        asked.clear()
        part = ex.backward(res, d, input_gradients=ports)
        assert set(part.inputs) == set(ports)
        for port in ports:
            np.testing.assert_allclose(part.inputs[port], full.inputs[port], rtol=1e-12)
        assert part.arrays.keys() == full.arrays.keys()
        for path, g in full.arrays.items():
            np.testing.assert_allclose(part.arrays[path], g, rtol=1e-12)
        assert asked == ["Image" in ports]
    tanh = next(i for i, s in enumerate(ex.steps) if s.path[-1] == "tanh")
    assert ex._gradient_plan(())[tanh][0] is None
    assert ex._gradient_plan(("Vector",))[tanh][0] == {"Input"}


def test_composed_op_spares_the_unwanted_inputs(session):
    """A composition of primitives asked for no input gradient gives the same array
    gradients and none for its input."""
    net = build(session, 'NetInitialize[LinearLayer[3, "Input" -> 4], RandomSeeding -> 2]')
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    step = ex.steps[0]
    assert step.op.spares_input_gradients
    rng = np.random.default_rng(6)
    res = ex.forward(arrays, {"Input": Batch(rng.normal(size=(2, 4)), None)}, keep=True)
    d = {"Output": rng.normal(size=(2, 3))}
    d_in, d_arr, _ = step.op.backward(res.caches[0], d, {}, frozenset())
    full_in, full_arr, _ = step.op.backward(res.caches[0], d, {})
    assert d_in == {} and set(full_in) == {"Input"}
    for name, g in full_arr.items():
        np.testing.assert_allclose(d_arr[name], g, rtol=1e-12)
