"""Import of ONNX models that other tools wrote (wlnet/net/onnx_import.py): models made
here by torch.onnx.export (MLPs, convnets, sequence models, graphs; a dynamic batch and
length) read as NetChain / NetGraph, whose outputs equal onnxruntime's to 1e-5 at two batch
sizes (and lengths); what has no layer is a message naming the operator and its node."""

import io
import warnings

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
torch = pytest.importorskip("torch")

from wlnet.core.expr import Symbol                           # noqa: E402
from wlnet.core.session import Session                       # noqa: E402
from wlnet.net.wlform import net_from_expr                   # noqa: E402
from _netutil import run_net                                 # noqa: E402

nn = torch.nn


@pytest.fixture(scope="module")
def s():
    return Session(echo=False)


def export(module, example, path, names=("x",), outputs=("y",), lengths=()):
    """torch.onnx.export of ``module`` (evaluation mode) with a dynamic batch (and length
    on the axes in ``lengths``)."""
    torch.manual_seed(0)
    axes = {n: {0: "batch", **{a: "length" for a in lengths}} for n in names}
    axes.update({n: {0: "batch"} for n in outputs})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buffer = io.BytesIO()
        torch.onnx.export(module.eval(), example, buffer, dynamo=False, opset_version=17,
                          input_names=list(names), output_names=list(outputs),
                          dynamic_axes=axes)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def imported(s, path):
    s.messages.clear()
    expr = s.evaluate(f'Import["{path}"]')
    assert not s.messages, s.messages
    return expr, net_from_expr(expr)


def assert_same_as_onnxruntime(model, net, feeds, wl_feeds=None):
    """The imported net's outputs equal onnxruntime's (``wl_feeds``: the net's inputs, when
    they differ from the model's; a chain's ports are "Input" and "Output")."""
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    there = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))
    wl_feeds = wl_feeds or feeds
    if net.root.symbol == "NetChain":
        wl_feeds = {"Input": next(iter(wl_feeds.values()))}
    here = run_net(net, wl_feeds)
    if net.root.symbol == "NetChain":
        here = {next(iter(there)): here["Output"]}
    assert set(here) == set(there)
    for port in there:
        np.testing.assert_allclose(here[port], there[port], rtol=1e-5, atol=1e-5, err_msg=port)


def reals(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(6, 8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 8), nn.LeakyReLU(0.2),
            nn.Linear(8, 8), nn.ELU(0.7), nn.Linear(8, 8), nn.SELU(), nn.Linear(8, 8),
            nn.Softplus(), nn.Linear(8, 8), nn.GELU(), nn.Linear(8, 8), nn.Sigmoid(),
            nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 8), nn.ELU(), nn.Hardsigmoid(),
            nn.Linear(8, 4, bias=False), nn.ReLU6(), nn.LogSoftmax(-1))

    def forward(self, x):
        return self.body(2 * x - 0.5) / 3


def test_an_mlp_with_every_activation(s, tmp_path):
    model = export(MLP(), torch.rand(2, 6), tmp_path / "mlp.onnx")
    expr, net = imported(s, tmp_path / "mlp.onnx")
    # GELU as torch writes it (Div, Erf, Add, Mul by x, Mul) is one ElementwiseLayer
    assert expr.head == Symbol("NetChain")
    for batch in (3, 1):
        assert_same_as_onnxruntime(model, net, {"x": reals(batch, 6, seed=batch)})


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, stride=2, padding=(1, 0), groups=2, dilation=1),
            nn.AvgPool2d(2, stride=1, padding=1), nn.ConvTranspose2d(6, 4, 2, stride=2, padding=1),
            nn.Upsample(scale_factor=2, mode="nearest"), nn.ReflectionPad2d((1, 0, 2, 1)),
            nn.Conv2d(4, 5, 1, bias=False), nn.BatchNorm2d(5), nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(5, 3)
        with torch.no_grad():                      # statistics other than 0 and 1
            for bn in (self.features[1], self.features[10]):
                bn.running_mean.uniform_(-1, 1)
                bn.running_var.uniform_(0.5, 2)

    def forward(self, x):
        x = self.features(x)
        return torch.softmax(self.head(x.view(x.size(0), -1)), dim=1)


def test_a_convnet(s, tmp_path):
    module = ConvNet()
    module.features[10].train(False)
    model = export(module, torch.rand(2, 3, 12, 10), tmp_path / "cnn.onnx")
    expr, net = imported(s, tmp_path / "cnn.onnx")
    assert expr.head == Symbol("NetChain")
    for batch in (2, 5):
        x = reals(batch, 3, 12, 10, seed=batch)
        assert_same_as_onnxruntime(model, net, {"x": x})


class Tagger(nn.Module):
    """Embedding, LSTM and GRU (batch first), LayerNorm, GELU, a Linear on each step, the
    last step."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(11, 5)
        self.lstm = nn.LSTM(5, 4, batch_first=True)
        self.gru = nn.GRU(4, 3, batch_first=True)
        self.norm = nn.LayerNorm(3)
        self.out = nn.Linear(3, 2)
        with torch.no_grad():                      # WL's GRU has no recurrent candidate bias
            self.gru.bias_hh_l0[6:] = 0

    def forward(self, x):
        y, _ = self.lstm(self.embed(x))
        y, _ = self.gru(y)
        return self.out(nn.functional.gelu(self.norm(y)))[:, -1]


def test_a_sequence_model_of_codes_with_a_free_length(s, tmp_path):
    model = export(Tagger(), torch.ones(2, 5, dtype=torch.long), tmp_path / "seq.onnx",
                   lengths=(1,))
    expr, net = imported(s, tmp_path / "seq.onnx")
    assert expr.head == Symbol("NetChain")
    rng = np.random.default_rng(3)
    for batch, length in ((3, 6), (2, 2)):
        codes = rng.integers(0, 11, size=(batch, length)).astype(np.int64)
        # ONNX's indices are 0-based, EmbeddingLayer's codes WL's 1-based
        assert_same_as_onnxruntime(model, net, {"x": codes}, {"x": codes + 1})


def test_final_states_are_the_last_steps(s, tmp_path):
    class Last(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(3, 4, batch_first=True)
            self.lstm = nn.LSTM(4, 2, batch_first=True)

        def forward(self, x):
            y, _ = self.rnn(x)
            _, (h, _) = self.lstm(y)
            return h[-1]

    model = export(Last(), torch.rand(2, 4, 3), tmp_path / "last.onnx", lengths=(1,))
    _, net = imported(s, tmp_path / "last.onnx")
    for batch, length in ((2, 4), (3, 7)):
        x = reals(batch, length, 3, seed=length)
        assert_same_as_onnxruntime(model, net, {"x": x})


def test_an_lstms_final_cell_state_is_its_cell_state_port(s, tmp_path):
    # the cell state is not the last step of the output, as the final state is
    class States(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(3, 2, batch_first=True)

        def forward(self, x):
            _, (h, c) = self.lstm(x)
            return h[-1], c[-1]

    model = export(States(), torch.rand(2, 4, 3), tmp_path / "hc.onnx", outputs=("h", "c"),
                   lengths=(1,))
    expr, net = imported(s, tmp_path / "hc.onnx")
    assert "CellState" in str(expr)
    for batch, length in ((2, 4), (3, 6)):
        assert_same_as_onnxruntime(model, net, {"x": reals(batch, length, 3, seed=length)})


def test_initial_states_given_as_model_inputs_feed_the_state_ports(s, tmp_path):
    # torch's lstm(x, (h0, c0)): inputs of dimensions (1, batch, n) read as initial states
    class Given(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(3, 2, batch_first=True)

        def forward(self, x, h0, c0):
            y, _ = self.lstm(x, (h0, c0))
            return y

    example = (torch.rand(2, 4, 3), torch.rand(1, 2, 2), torch.rand(1, 2, 2))
    path = tmp_path / "given.onnx"
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buffer = io.BytesIO()
        torch.onnx.export(Given().eval(), example, buffer, dynamo=False, opset_version=17,
                          input_names=["x", "h0", "c0"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch", 1: "length"}, "h0": {1: "batch"},
                                        "c0": {1: "batch"}, "y": {0: "batch", 1: "length"}})
    path.write_bytes(buffer.getvalue())
    expr, net = imported(s, path)
    assert set(net.inputs()) == {"x", "h0", "c0"} and net.inputs()["h0"].dims == (2,)
    model = buffer.getvalue()
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    for batch, length in ((2, 4), (3, 5)):
        x, h0, c0 = reals(batch, length, 3, seed=length), reals(1, batch, 2, seed=1), reals(1, batch, 2, seed=2)
        there = session.run(None, {"x": x, "h0": h0, "c0": c0})[0]
        here = run_net(net, {"x": x, "h0": h0[0], "c0": c0[0]})
        np.testing.assert_allclose(here["y"], there, rtol=1e-5, atol=1e-5)


def test_a_graph_keeps_the_onnx_port_names(s, tmp_path):
    class Graph(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(4, 3), nn.Linear(2, 3)
            self.scale = nn.Parameter(torch.rand(3))

        def forward(self, x, z):
            a, b = self.a(x), torch.tanh(self.b(z))
            joined = torch.cat([a + b, a * b * self.scale, a - 1.5, 2 - a], dim=1)
            grid = joined.view(-1, 4, 3).transpose(1, 2)
            return torch.softmax(joined, -1), grid.flatten(1)[:, 2:7]

    model = export(Graph(), (torch.rand(2, 4), torch.rand(2, 2)), tmp_path / "graph.onnx",
                   names=("x", "z"), outputs=("probs", "part"))
    expr, net = imported(s, tmp_path / "graph.onnx")
    assert expr.head == Symbol("NetGraph")
    assert list(net.inputs()) == ["x", "z"] and list(net.outputs()) == ["probs", "part"]
    for batch in (1, 4):
        feeds = {"x": reals(batch, 4, seed=batch), "z": reals(batch, 2, seed=batch + 1)}
        assert_same_as_onnxruntime(model, net, feeds)


def test_a_linear_on_each_step_is_a_map(s, tmp_path):
    class Steps(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Linear(3, 4)
            self.norm = nn.LayerNorm([5, 4])

        def forward(self, x):
            return self.norm(self.proj(x)).permute(0, 2, 1)

    model = export(Steps(), torch.rand(2, 5, 3), tmp_path / "steps.onnx")
    expr, net = imported(s, tmp_path / "steps.onnx")
    assert "MapOperator" in str(expr)
    x = reals(3, 5, 3)
    assert_same_as_onnxruntime(model, net, {"x": x})


class SelfAttention(nn.Module):
    """Multi-head self-attention written out (no fused operator): projections of each step,
    heads as a level, scores and sums as matrix products of two tensors."""

    def __init__(self, heads=2, size=3):
        super().__init__()
        self.heads, self.size = heads, size
        self.qkv = nn.ModuleList(nn.Linear(4, heads * size) for _ in range(3))
        self.out = nn.Linear(heads * size, 4)

    def forward(self, x):                                    # (batch, 5, 4)
        q, k, v = (f(x).view(-1, 5, self.heads, self.size).transpose(1, 2) for f in self.qkv)
        scores = torch.softmax(q @ k.transpose(2, 3) / self.size ** 0.5, -1)
        mixed = (scores @ v).transpose(1, 2).reshape(-1, 5, self.heads * self.size)
        return self.out(mixed) + x


def test_self_attention_written_out(s, tmp_path):
    model = export(SelfAttention(), torch.rand(2, 5, 4), tmp_path / "att.onnx")
    expr, net = imported(s, tmp_path / "att.onnx")
    assert "DotLayer" in str(s.evaluate(f'Information[Import["{tmp_path / "att.onnx"}"], '
                                        '"LayerTypeCounts"]'))
    for batch in (1, 3):
        assert_same_as_onnxruntime(model, net, {"x": reals(batch, 5, 4, seed=batch)})


def test_what_has_no_layer_is_a_message_naming_the_node(s, tmp_path):
    class Broadcast(nn.Module):
        def forward(self, x, y):                   # (b, 4) @ (b, 4, 2): not one example's
            return x @ y

    export(Broadcast(), (torch.rand(2, 4), torch.rand(2, 4, 2)), tmp_path / "mm.onnx",
           names=("x", "y"))
    assert s.evaluate(f'Import["{tmp_path / "mm.onnx"}"]') == Symbol("$Failed")
    assert len(s.messages) == 1 and s.messages[0].startswith("Import::fmterr")
    assert 'MatMul node "/MatMul"' in s.messages[0], s.messages


def test_a_gru_with_its_candidates_recurrent_bias(s, tmp_path):
    """torch's GRU has a bias inside the reset gate (b_hn), which GatedRecurrentLayer has
    not: its cell is written out as a NetFoldOperator, exactly (both ways too)."""
    class Torchs(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(2, 3, batch_first=True)
            self.both = nn.GRU(3, 2, batch_first=True, bidirectional=True)

        def forward(self, x):
            return self.both(self.gru(x)[0])[0]

    model = export(Torchs(), torch.rand(2, 3, 2), tmp_path / "gru.onnx", lengths=(1,))
    expr, net = imported(s, tmp_path / "gru.onnx")
    assert "FoldOperator" in str(expr) and "GatedRecurrent" not in str(expr)
    for batch, length in ((2, 4), (3, 1)):
        assert_same_as_onnxruntime(model, net, {"x": reals(batch, length, 2, seed=length)})


def test_metadata_and_array_elements(s, tmp_path):
    export(nn.Sequential(nn.Linear(3, 2), nn.ReLU()), torch.rand(2, 3), tmp_path / "m.onnx")
    path = tmp_path / "m.onnx"
    model = onnx.load(str(path))
    s.messages.clear()
    assert s.evaluate(f'Import["{path}", "ProducerName"]').value == model.producer_name == "pytorch"
    assert s.evaluate(f'Import["{path}", "OperatorSetVersion"]').value == 17
    assert s.evaluate(f'Import["{path}", "IRVersion"]').value == model.ir_version
    assert s.evaluate(f'Import["{path}", {{"ONNX", "ModelVersion"}}]').value == 0
    arrays = s.evaluate(f'Import["{path}", "ArrayList"]')
    assert [tuple(np.shape(a.array)) for a in arrays.args] == [(2, 3), (2,)]
    assert s.evaluate(f'NetInitialize[Import["{path}", "UninitializedNet"]] // Head') \
        == Symbol("NetChain")
    assert not s.messages, s.messages


class Assorted(nn.Module):
    """The rest of the operators: BatchNormalization (after a Linear, not folded), Pad,
    Squeeze / Unsqueeze, Gather and Slice at constant positions, Concat of channels, a
    bilinear Resize, pools with padding, Conv1d, elementwise Sqrt, Exp, Pow, Neg, Abs, 1/x,
    reductions (with and without the reduced axes)."""

    def __init__(self):
        super().__init__()
        self.norm = nn.BatchNorm1d(6)
        self.conv = nn.Conv1d(2, 3, 3, padding="same")
        self.conv2 = nn.Conv2d(3, 2, (2, 3), stride=(1, 2))
        with torch.no_grad():
            self.norm.running_mean.uniform_(-1, 1)
            self.norm.running_var.uniform_(0.5, 2)

    def forward(self, x):                          # x: (batch, 2, 6)
        h = self.conv(x)                                                     # (b, 3, 6)
        h = torch.cat([h, nn.functional.pad(x, (0, 0, 0, 1), value=0.5)], 1)  # (b, 6, 6)
        h = self.norm(h.abs().sqrt() + torch.exp(-h) * h ** 2)
        g = h.unsqueeze(1)                                                  # (b, 1, 6, 6)
        g = nn.functional.interpolate(g, scale_factor=2, mode="bilinear")   # (b, 1, 12, 12)
        g = nn.functional.max_pool2d(g, 3, stride=2, padding=1)             # (b, 1, 6, 6)
        g = nn.functional.avg_pool2d(g, 2, count_include_pad=False)         # (b, 1, 3, 3)
        g = torch.cat([g, 1 / (g.abs() + 1), -g], 1)                        # (b, 3, 3, 3)
        g = self.conv2(g).squeeze(3)                                        # (b, 2, 2)
        return torch.cat([g[:, 1], h[:, 2, 1:5], x[:, :, -1], h.mean(2),     # (b, 15)
                          h.amax((1, 2)).unsqueeze(1) * h.sum((1, 2), keepdim=True)[:, 0]], 1)


def test_assorted_operators(s, tmp_path):
    model = export(Assorted(), torch.rand(2, 2, 6), tmp_path / "assorted.onnx")
    _, net = imported(s, tmp_path / "assorted.onnx")
    for batch in (2, 3):
        assert_same_as_onnxruntime(model, net, {"x": reals(batch, 2, 6, seed=batch)})


def test_stacked_bidirectional_recurrent_layers(s, tmp_path):
    class Stacked(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(3, 2, batch_first=True, bidirectional=True, num_layers=2)
            self.lstm = nn.LSTM(4, 3, batch_first=True, bidirectional=True)
            with torch.no_grad():
                for name, value in self.gru.named_parameters():
                    if name.startswith("bias_hh"):
                        value[4:] = 0              # no recurrent candidate bias (WL's GRU)

        def forward(self, x):
            return self.lstm(self.gru(x)[0])[0]

    model = export(Stacked(), torch.rand(2, 4, 3), tmp_path / "bi.onnx", lengths=(1,))
    expr, net = imported(s, tmp_path / "bi.onnx")
    assert expr.head == Symbol("NetChain")
    for batch, length in ((2, 4), (3, 1)):
        assert_same_as_onnxruntime(model, net, {"x": reals(batch, length, 3, seed=length)})


def test_a_model_written_with_onnx_helper(s, tmp_path):
    """Operators and attributes torch does not write: Gemm with transB = 0, alpha and beta,
    SAME_UPPER padding, a strided ConvTranspose, GlobalMaxPool, Softsign, HardSigmoid,
    Elu and Selu of other constants, an edge Pad, a Flatten of more than the batch."""
    h, nh = onnx.helper, onnx.numpy_helper
    rng = np.random.default_rng(9)

    def const(name, *shape):
        return nh.from_array(rng.normal(size=shape).astype(np.float32), name)

    nodes = [
        h.make_node("Conv", ["x", "w1", "b1"], ["c1"], kernel_shape=[3, 3], strides=[2, 2],
                    auto_pad="SAME_UPPER", name="same"),
        h.make_node("Elu", ["c1"], ["e1"], alpha=0.5, name="elu"),
        h.make_node("ConvTranspose", ["e1", "w2"], ["c2"], strides=[2, 2], pads=[1, 0, 0, 1],
                    name="up"),
        h.make_node("Pad", ["c2", "pads"], ["p"], mode="edge", name="pad"),
        h.make_node("Selu", ["p"], ["s1"], alpha=1.5, gamma=1.1, name="selu"),
        h.make_node("GlobalMaxPool", ["s1"], ["g"], name="gmax"),
        h.make_node("Flatten", ["g"], ["f"], axis=1, name="flat"),
        h.make_node("Gemm", ["f", "w3", "b3"], ["l"], alpha=0.5, beta=2.0, name="gemm"),
        h.make_node("Softsign", ["l"], ["ss"], name="softsign"),
        h.make_node("HardSigmoid", ["ss"], ["y"], alpha=0.3, beta=0.4, name="hs"),
    ]
    initializers = [const("w1", 4, 2, 3, 3), const("b1", 4), const("w2", 4, 3, 2, 2),
                    nh.from_array(np.array([0, 0, 1, 0, 0, 0, 0, 2], np.int64), "pads"),
                    const("w3", 3, 5), const("b3", 5)]
    x = h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["n", 2, 7, 6])
    y = h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["n", 5])
    graph = h.make_graph(nodes, "helper", [x], [y], initializers)
    model = h.make_model(graph, ir_version=8, opset_imports=[h.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    (tmp_path / "helper.onnx").write_bytes(model.SerializeToString())
    expr, net = imported(s, tmp_path / "helper.onnx")
    assert expr.head == Symbol("NetChain")
    for batch in (1, 3):
        assert_same_as_onnxruntime(model.SerializeToString(), net,
                                   {"x": reals(batch, 2, 7, 6, seed=batch)})


def test_a_reshape_that_moves_the_batch_is_a_message_naming_its_node(s, tmp_path):
    class Fold(nn.Module):
        def forward(self, x):
            return torch.tanh(x.reshape(-1, 2))

    export(Fold(), torch.rand(2, 4), tmp_path / "fold.onnx")
    assert s.evaluate(f'Import["{tmp_path / "fold.onnx"}"]') == Symbol("$Failed")
    assert len(s.messages) == 1 and 'Reshape node "/Reshape"' in s.messages[0], s.messages


def test_without_onnxruntime_onnx_own_shape_inference_serves(s, tmp_path, monkeypatch):
    model = export(Tagger(), torch.ones(2, 5, dtype=torch.long), tmp_path / "seq.onnx",
                   lengths=(1,))
    monkeypatch.setitem(__import__("sys").modules, "onnxruntime", None)
    expr, net = imported(s, tmp_path / "seq.onnx")
    monkeypatch.undo()
    codes = np.random.default_rng(4).integers(0, 11, size=(2, 3)).astype(np.int64)
    assert_same_as_onnxruntime(model, net, {"x": codes}, {"x": codes + 1})


def test_arrays_in_files_of_their_own(s, tmp_path):
    """A model whose initializers are external data (what large models are saved as)."""
    model = export(nn.Sequential(nn.Linear(4, 3), nn.Tanh()), torch.rand(2, 4),
                   tmp_path / "plain.onnx")
    proto = onnx.load_from_string(model)
    onnx.save_model(proto, str(tmp_path / "ext.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="ext.data", size_threshold=0)
    assert (tmp_path / "ext.data").exists()
    _, net = imported(s, tmp_path / "ext.onnx")
    assert_same_as_onnxruntime(model, net, {"x": reals(2, 4)})
    (tmp_path / "ext.data").unlink()
    assert s.evaluate(f'Import["{tmp_path / "ext.onnx"}"]') == Symbol("$Failed")
    assert "separate files" in s.messages[0]


def test_a_bag_of_embeddings(s, tmp_path):
    """The mean of a sequence's embeddings (ReduceMean over the varying level), SiLU as
    torch writes it (x * Sigmoid[x]: one ElementwiseLayer), a chain."""
    class Bag(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(20, 6)
            self.mlp = nn.Sequential(nn.Linear(6, 5), nn.SiLU(), nn.Linear(5, 2))

        def forward(self, x):
            return self.mlp(self.embed(x).mean(1))

    model = export(Bag(), torch.randint(0, 20, (2, 5)), tmp_path / "bag.onnx", lengths=(1,))
    expr, net = imported(s, tmp_path / "bag.onnx")
    assert expr.head == Symbol("NetChain")
    rng = np.random.default_rng(5)
    for batch, length in ((2, 5), (4, 1)):
        codes = rng.integers(0, 20, size=(batch, length)).astype(np.int64)
        assert_same_as_onnxruntime(model, net, {"x": codes}, {"x": codes + 1})


def test_a_graph_of_odd_contents_is_a_message(s, tmp_path):
    """A constant of strings where a number is expected, and a graph output that no
    operator makes: messages, not tracebacks."""
    h = onnx.helper
    x = h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["b", 2])
    y = h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["b", 2])
    words = h.make_tensor("w", onnx.TensorProto.STRING, [1], [b"two"])
    for nodes, inits, outputs in (
            ([h.make_node("Mul", ["x", "w"], ["y"])], [words], [y]),
            ([h.make_node("Relu", ["x"], ["y"])], [],
             [y, h.make_tensor_value_info("z", onnx.TensorProto.FLOAT, ["b", 2])])):
        graph = h.make_graph(nodes, "odd", [x], outputs, inits)
        model = h.make_model(graph, ir_version=8, opset_imports=[h.make_opsetid("", 17)])
        (tmp_path / "odd.onnx").write_bytes(model.SerializeToString())
        s.messages.clear()
        assert s.evaluate(f'Import["{tmp_path / "odd.onnx"}"]') == Symbol("$Failed")
        assert len(s.messages) == 1 and s.messages[0].startswith("Import::fmterr"), s.messages


def test_an_operator_without_a_layer_is_a_placeholder(s, tmp_path):
    """The PlaceholderLayer page: importing a net with unsupported operations gives
    PlaceholderLayers (tag = the operator, its attributes, constant inputs as "Arrays",
    ports of the model's sizes), which NetReplacePart can replace; the net does not run."""
    h = onnx.helper
    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    graph = h.make_graph(
        [h.make_node("MatMul", ["x", "W"], ["h"]), h.make_node("Hardmax", ["h"], ["y"], axis=1)],
        "hardmax", [h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["b", 3])],
        [h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["b", 2])],
        [onnx.numpy_helper.from_array(w, "W")])
    path = tmp_path / "hardmax.onnx"
    path.write_bytes(h.make_model(graph, opset_imports=[h.make_opsetid("", 17)]).SerializeToString())
    s.messages.clear()
    s.evaluate(f'n = Import["{path}"];')
    assert not s.messages, s.messages
    assert str(s.evaluate('Information[n, "LayerTypeCounts"]')) == \
        "Association[Rule[LinearLayer, 1], Rule[PlaceholderLayer, 1]]"
    assert s.evaluate('NetExtract[n, {2, "Tag"}]').value == "Hardmax"
    assert str(s.evaluate('NetExtract[n, {2, "Information"}]')) == 'Association[Rule["axis", 1]]'
    assert s.evaluate('n[{1, 2, 3}]') == Symbol("$Failed")
    assert [m.split(": ")[0] for m in s.messages] == ["NetChain::noexec"]
    s.messages.clear()
    out = s.evaluate('NetReplacePart[n, 2 -> SoftmaxLayer[]][{1, 2, 3}]')
    h_ = np.array([1., 2., 3.]) @ w
    np.testing.assert_allclose([v.value for v in out.args], np.exp(h_) / np.exp(h_).sum(), rtol=1e-5)


def test_placeholders_of_several_ports_in_a_graph(s, tmp_path):
    h = onnx.helper
    graph = h.make_graph(
        [h.make_node("Relu", ["a"], ["ra"]),
         h.make_node("Einsum", ["ra", "b"], ["e"], equation="bi,bi->b"),
         h.make_node("TopK", ["a", "k"], ["vals", "idx"], axis=-1)],
        "several", [h.make_tensor_value_info("a", onnx.TensorProto.FLOAT, ["b", 4]),
                    h.make_tensor_value_info("b", onnx.TensorProto.FLOAT, ["b", 4])],
        [h.make_tensor_value_info("e", onnx.TensorProto.FLOAT, ["b"]),
         h.make_tensor_value_info("vals", onnx.TensorProto.FLOAT, ["b", 2]),
         h.make_tensor_value_info("idx", onnx.TensorProto.INT64, ["b", 2])],
        [onnx.numpy_helper.from_array(np.array([2], np.int64), "k")])
    path = tmp_path / "several.onnx"
    path.write_bytes(h.make_model(graph, opset_imports=[h.make_opsetid("", 17)]).SerializeToString())
    s.messages.clear()
    s.evaluate(f'm = Import["{path}"];')
    assert not s.messages, s.messages
    assert str(s.evaluate('Keys[Information[m, "OutputPorts"]]')) == 'List["e", "vals", "idx"]'
    topk = s.evaluate('NetExtract[m, "vals"]')
    assert str(s.evaluate('Information[NetExtract[m, "vals"], "OutputPorts"]')) == \
        'Association[Rule["Output1", 2], Rule["Output2", 2]]'
    # its constant input k is kept as one of its "Arrays" (information only)
    assert '"k" -> NumericArray[{2}' in s.evaluate('ToString[InputForm[NetExtract[m, "vals"]]]').value
