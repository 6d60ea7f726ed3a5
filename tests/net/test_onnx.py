"""ONNX files (wlnet/net/onnx.py through Export/Import): a written model runs in
onnxruntime with the net's own numbers (1e-5), carries the net's port names, and reads
back into a net with the same numbers; what ONNX cannot hold, or wlnet cannot read, is a
message naming it."""

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from wlnet.core.expr import Symbol                           # noqa: E402
from wlnet.core.session import Session                       # noqa: E402
from wlnet.net.wlform import net_from_expr                   # noqa: E402
from _netutil import run_net                                 # noqa: E402

NETS = {
    "vision": 'NetChain[{ConvolutionLayer[3, {2, 2}, "Stride" -> {1, 2}, "PaddingSize" -> '
              '{{1, 0}, {0, 1}}, "Dilation" -> {1, 1}], BatchNormalizationLayer[], Ramp, '
              'PoolingLayer[{2, 2}, "Function" -> Mean], ConvolutionLayer[4, 2, "ChannelGroups"'
              ' -> 1, "PaddingSize" -> 1], PoolingLayer[2, 1, "PaddingSize" -> 1], '
              'PoolingLayer[{1, 2}, "Function" -> Total], FlattenLayer[], DropoutLayer[], '
              'LinearLayer[5], Tanh, LinearLayer[4], SoftmaxLayer[]}, "Input" -> {2, 6, 7}]',
    "conv1d": 'NetChain[{ConvolutionLayer[2, 3, "Stride" -> 2, "Biases" -> None], '
              'LogisticSigmoid, PoolingLayer[2]}, "Input" -> {3, 9}]',
    "arrays": 'NetChain[{LinearLayer[{2, 3}], TransposeLayer[], ReshapeLayer[{6}], '
              'ElementwiseLayer[Exp], LinearLayer[2, "Biases" -> None], SoftmaxLayer[1]}, '
              '"Input" -> {4, 2}]',
    "graph": 'NetGraph[<|"a" -> LinearLayer[3], "b" -> ElementwiseLayer[Sin], '
             '"cat" -> CatenateLayer[], "r" -> ReshapeLayer[{2, 3}], "t" -> TransposeLayer[{2, 1}], '
             '"s" -> SoftmaxLayer[]|>, {NetPort["x"] -> "a", NetPort["y"] -> "b", {"a", "b"} -> '
             '"cat" -> "s" -> NetPort["probs"], "cat" -> "r" -> "t" -> NetPort["grid"], '
             '"a" -> NetPort["hidden"]}, "x" -> 2, "y" -> 3]',
}


@pytest.fixture(scope="module")
def s():
    return Session(echo=False)


def random_inputs(net, rng, batch=3):
    return {p: rng.normal(size=(batch, *t.dims)).astype(np.float32)
            for p, t in net.inputs().items()}


def exported(s, tmp_path, text, name):
    s.evaluate(f"{name} = NetInitialize[{text}, RandomSeeding -> 3];")
    path = tmp_path / f"{name}.onnx"
    s.messages.clear()
    r = s.evaluate(f'Export["{path}", {name}]')
    assert not s.messages and r.value == str(path), s.messages
    return net_from_expr(s.evaluate(name)), path


@pytest.mark.parametrize("name", NETS)
def test_onnxruntime_gives_the_nets_numbers(s, tmp_path, name):
    net, path = exported(s, tmp_path, NETS[name], name)
    rng = np.random.default_rng(1)
    inputs = random_inputs(net, rng)
    here = run_net(net, inputs)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    # the model's ports are the net's, by name
    assert [i.name for i in session.get_inputs()] == list(net.inputs())
    assert [o.name for o in session.get_outputs()] == list(net.outputs())
    there = session.run(None, inputs)
    for port, value in zip(net.outputs(), there):
        np.testing.assert_allclose(value, here[port], rtol=1e-5, atol=1e-5, err_msg=port)


@pytest.mark.parametrize("name", NETS)
def test_import_reads_the_net_back(s, tmp_path, name):
    net, path = exported(s, tmp_path, NETS[name], name)
    back = s.evaluate(f'back = Import["{path}"]')
    assert not s.messages, s.messages
    assert back.head.name == net.root.symbol
    read = net_from_expr(back)
    inputs = random_inputs(net, np.random.default_rng(2))
    ours, theirs = run_net(net, inputs), run_net(read, inputs)
    assert list(theirs) == list(ours)
    for port in ours:
        np.testing.assert_allclose(theirs[port], ours[port], rtol=1e-5, atol=1e-6)


# sequences: recurrent operators between Transposes, a symbolic length, 1-based int64 codes
SEQUENCE_NETS = {
    "gru": 'NetChain[{GatedRecurrentLayer[4], ElementwiseLayer[Tanh], GatedRecurrentLayer[3], '
           'SequenceLastLayer[], LinearLayer[2]}, "Input" -> {"Varying", 2}]',
    "lstm": 'NetChain[{LongShortTermMemoryLayer[3], SequenceReverseLayer[], '
            'BasicRecurrentLayer[2, "Activation" -> Ramp], SequenceMostLayer[], '
            'SequenceRestLayer[], SoftmaxLayer[]}, "Input" -> {"Varying", 3}]',
    "fixed": 'NetChain[{BasicRecurrentLayer[3], SequenceLastLayer[]}, "Input" -> {6, 2}]',
    "codes": 'NetChain[{EmbeddingLayer[4, 7], LongShortTermMemoryLayer[3], SequenceLastLayer[]}]',
    "onehot": 'NetChain[{UnitVectorLayer[5], GatedRecurrentLayer[2]}]',
    "map": 'NetChain[{NetMapOperator[NetChain[{LinearLayer[3], Tanh}]], GatedRecurrentLayer[2]}, '
           '"Input" -> {"Varying", 2}]',
    "bidirectional": 'NetChain[{NetBidirectionalOperator[{GatedRecurrentLayer[3], '
                     'LongShortTermMemoryLayer[3]}], NetBidirectionalOperator[GatedRecurrentLayer[2], '
                     'Total], SequenceLastLayer[]}, "Input" -> {"Varying", 2}]',
    # the operator at the root (its own steps named by their path), nets ending in
    # SequenceLastLayer: their vectors joined without reversing
    "biroot": 'NetBidirectionalOperator[GatedRecurrentLayer[2], "Input" -> {"Varying", 2}]',
    "bilast": 'NetBidirectionalOperator[NetChain[{GatedRecurrentLayer[2], SequenceLastLayer[]}], '
               '"Input" -> {"Varying", 2}]',
    "states": 'NetGraph[<|"g" -> GatedRecurrentLayer[3], "l" -> LongShortTermMemoryLayer[3], '
              '"last" -> SequenceLastLayer[]|>, {NetPort["x"] -> "g", NetPort["s0"] -> '
              'NetPort["g", "State"], "g" -> "l", NetPort["g", "State"] -> NetPort["l", "State"], '
              '"l" -> "last" -> NetPort["y"], NetPort["l", "CellState"] -> NetPort["c"]}, '
              '"x" -> {"Varying", 2}, "s0" -> 3]',
}


def sequence_inputs(net, rng, batch=3, length=5):
    out = {}
    for port, t in net.inputs().items():
        dims = [length if not isinstance(d, int) else d for d in t.dims] or [length]
        if hasattr(t.elem, "n"):                       # integer codes 1..n
            out[port] = rng.integers(1, t.elem.n + 1, size=(batch, *dims)).astype(np.int64)
        else:
            out[port] = rng.normal(size=(batch, *dims)).astype(np.float32)
    return out


@pytest.mark.parametrize("name", SEQUENCE_NETS)
def test_sequence_nets_run_in_onnxruntime_and_read_back(s, tmp_path, name):
    net, path = exported(s, tmp_path, SEQUENCE_NETS[name], name)
    rng = np.random.default_rng(5)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for length in (5, 3):                          # the length is the model's symbolic one
        inputs = sequence_inputs(net, rng, length=length)
        here = run_net(net, inputs)
        there = session.run(None, inputs)
        for port, value in zip(net.outputs(), there):
            np.testing.assert_allclose(value, here[port], rtol=1e-5, atol=1e-5, err_msg=port)
    if name in ("map", "bidirectional", "biroot", "bilast"):    # export only (operators)
        return
    read = net_from_expr(s.evaluate(f'Import["{path}"]'))
    assert not s.messages, s.messages
    inputs = sequence_inputs(net, rng)
    ours, theirs = run_net(net, inputs), run_net(read, inputs)
    for port in ours:
        np.testing.assert_allclose(theirs[port], ours[port], rtol=1e-5, atol=1e-6)


# layers without a writer of their own: their torch lowering traced by PyTorch's exporter
TRACED_NETS = {
    "threading": 'NetGraph[<|"a" -> LinearLayer[3], "b" -> LinearLayer[3], '
                 '"t" -> ThreadingLayer[#1 * #2 + Max[#1, 0.5] &], "s" -> SoftmaxLayer[]|>, '
                 '{NetPort["x"] -> {"a", "b"}, {"a", "b"} -> "t" -> "s"}, "x" -> 2]',
    "function": 'NetChain[{FunctionLayer[Exp[#] / Total[Exp[#]] &], PartLayer[{1 ;; 2}], '
                'ParametricRampLayer[]}, "Input" -> 4]',
    "normalization": 'NetChain[{LayerNormalizationLayer[], NormalizationLayer[], '
                     'DeconvolutionLayer[2, 2]}, "Input" -> {3, 4, 4}]',
    "structure": 'NetChain[{ReplicateLayer[3], PaddingLayer[{{1, 0}, {0, 2}}, "Padding" -> "Fixed"], '
                 'PaddingLayer[{{1, 1}}, "Padding" -> 2], ConstantPlusLayer[], ConstantTimesLayer[]}, '
                 '"Input" -> {4}]',
    "varying": 'NetChain[{GatedRecurrentLayer[3], FunctionLayer[2 # + 1 &], SequenceLastLayer[]}, '
               '"Input" -> {"Varying", 2}]',
}


@pytest.mark.parametrize("name", TRACED_NETS)
def test_layers_without_a_writer_are_traced_through_torch(s, tmp_path, name):
    pytest.importorskip("torch")
    net, path = exported(s, tmp_path, TRACED_NETS[name], name)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(6)
    for batch, length in ((3, 5), (1, 2)):         # the batch and the length stay free
        inputs = sequence_inputs(net, rng, batch=batch, length=length)
        here = run_net(net, inputs)
        for port, value in zip(net.outputs(), session.run(None, inputs)):
            np.testing.assert_allclose(value, here[port], rtol=1e-5, atol=1e-5, err_msg=port)


def test_a_layer_whose_traced_form_fixes_a_size_is_refused(s, tmp_path):
    pytest.importorskip("torch")
    s.evaluate('a = NetInitialize@NetChain[{OrderingLayer[]}, "Input" -> {"Varying"}];')
    assert s.evaluate(f'Export["{tmp_path / "a.onnx"}", a]') == Symbol("$Failed")
    assert len(s.messages) == 1 and s.messages[0].startswith("Export::onnx")
    assert "OrderingLayer" in s.messages[0] and "fixed a size" in s.messages[0]


def test_a_net_onnx_cannot_hold_is_a_message(s, tmp_path):
    # attention whose scores come from a net: a container that ONNX has no writer for
    s.evaluate('g = NetInitialize@NetGraph[<|"att" -> AttentionLayer[NetGraph[{LinearLayer[4], '
               'LinearLayer[4], ThreadingLayer[Tanh[#1 + #2] &], LinearLayer[{}]}, '
               '{NetPort["Input"] -> 1, NetPort["Query"] -> 2, {1, 2} -> 3 -> 4}]]|>, '
               '{NetPort["k"] -> NetPort["att", "Key"], NetPort["k"] -> NetPort["att", "Value"], '
               'NetPort["q"] -> NetPort["att", "Query"]}, "k" -> {"Varying", 3}, "q" -> 3];')
    assert not s.messages, s.messages
    r = s.evaluate(f'Export["{tmp_path / "g.onnx"}", g]')
    assert r == Symbol("$Failed")
    assert len(s.messages) == 1 and s.messages[0].startswith("Export::onnx")
    assert "AttentionLayer" in s.messages[0], s.messages
    assert not (tmp_path / "g.onnx").exists()


def test_uninitialized_and_non_nets(s, tmp_path):
    s.evaluate(f'Export["{tmp_path / "u.onnx"}", LinearLayer[2, "Input" -> 3]]')
    assert s.messages[0].startswith("Export::onnx") and "NetInitialize" in s.messages[0]
    s.evaluate(f'Export["{tmp_path / "x.onnx"}", f[1]]')
    assert s.messages[0].startswith("Export::type")


def _model(nodes, inputs, outputs, initializers=()):
    h = onnx.helper
    graph = h.make_graph(nodes, "g", inputs, outputs, list(initializers))
    return h.make_model(graph, ir_version=8, opset_imports=[h.make_opsetid("", 17)])


def test_import_makes_placeholders_of_the_operators_it_cannot_read(s, tmp_path):
    # the PlaceholderLayer page: importing unsupported operations gives PlaceholderLayers,
    # tagged with the operator (the net is built, but does not run)
    h = onnx.helper
    x = h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["b", 4])
    y = h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["b", 4])
    model = _model([h.make_node("Hardmax", ["x"], ["t"]), h.make_node("Erf", ["t"], ["u"]),
                    h.make_node("Celu", ["u"], ["y"])], [x], [y])
    path = tmp_path / "odd.onnx"
    path.write_bytes(model.SerializeToString())
    s.messages.clear()
    s.evaluate(f'odd = Import["{path}"];')
    assert not s.messages, s.messages
    tags = s.evaluate('Table[If[Head[NetExtract[odd, i]] === PlaceholderLayer, '
                      'NetExtract[odd, {i, "Tag"}], Head[NetExtract[odd, i]]], {i, 3}]')
    assert str(tags) == 'List["Hardmax", ElementwiseLayer, "Celu"]'
    assert s.evaluate('odd[{1, 2, 3, 4}]') == Symbol("$Failed")
    assert s.messages[0].startswith("NetChain::noexec"), s.messages
    s.messages.clear()
    # nor can it be written back: a message, not an internal error
    assert s.evaluate(f'Export["{tmp_path / "back.onnx"}", odd]') == Symbol("$Failed")
    assert s.messages[0].startswith("Export::onnx") and "PlaceholderLayer" in s.messages[0]
    s.messages.clear()
    (tmp_path / "junk.onnx").write_bytes(b"\x00 not a model")
    assert s.evaluate(f'Import["{tmp_path / "junk.onnx"}"]') == Symbol("$Failed")
    assert s.messages[0].startswith("Import::fmterr")


def test_import_of_another_exporters_matmul_and_add(s, tmp_path):
    """A MatMul with constant weights and the Add of a constant after it: a LinearLayer."""
    h, nh = onnx.helper, onnx.numpy_helper
    rng = np.random.default_rng(4)
    w, b = rng.normal(size=(3, 5)).astype(np.float32), rng.normal(size=5).astype(np.float32)
    x = h.make_tensor_value_info("Input", onnx.TensorProto.FLOAT, ["b", 3])
    y = h.make_tensor_value_info("Output", onnx.TensorProto.FLOAT, ["b", 5])
    model = _model([h.make_node("MatMul", ["Input", "w"], ["m"], name="lin"),
                    h.make_node("Add", ["m", "b"], ["a"]),
                    h.make_node("Relu", ["a"], ["Output"], name="relu")], [x], [y],
                   [nh.from_array(w, "w"), nh.from_array(b, "b")])
    path = tmp_path / "mm.onnx"
    path.write_bytes(model.SerializeToString())
    net = net_from_expr(s.evaluate(f'Import["{path}"]'))
    assert not s.messages and net.root.symbol == "NetChain"
    data = rng.normal(size=(4, 3)).astype(np.float32)
    expected = ort.InferenceSession(model.SerializeToString(),
                                    providers=["CPUExecutionProvider"]).run(None, {"Input": data})[0]
    np.testing.assert_allclose(run_net(net, {"Input": data})["Output"], expected, rtol=1e-5,
                               atol=1e-6)


# AttentionLayer: its own writer keeps the lengths symbolic (checked at two lengths)
ATTENTION_NETS = {
    "bilinear": 'NetGraph[<|"att" -> AttentionLayer[]|>, {NetPort["k"] -> NetPort["att", "Key"], '
                'NetPort["v"] -> NetPort["att", "Value"], NetPort["q"] -> NetPort["att", "Query"]}, '
                '"k" -> {"Varying", 3}, "v" -> {"Varying", 2}, "q" -> {"Varying", 4}]',
    "causal": 'NetGraph[<|"att" -> AttentionLayer["Dot", "ScoreRescaling" -> "DimensionSqrt", '
              '"Mask" -> "Causal"], "last" -> SequenceLastLayer[]|>, {NetPort["x"] -> '
              'NetPort["att", "Key"], NetPort["x"] -> NetPort["att", "Query"], NetPort["y"] -> '
              'NetPort["att", "Value"], "att" -> "last" -> NetPort["out"]}, '
              '"x" -> {"Varying", 3}, "y" -> {"Varying", 2}]',
    "window": 'NetGraph[<|"att" -> AttentionLayer["Dot", "Mask" -> {"Causal", 2}, '
              '"MultiHead" -> True]|>, {NetPort["x"] -> NetPort["att", "Key"], NetPort["x"] -> '
              'NetPort["att", "Query"], NetPort["x"] -> NetPort["att", "Value"]}, '
              '"x" -> {"Varying", 2, 3}]',
    "one query": 'NetGraph[<|"att" -> AttentionLayer["Dot"], "lin" -> LinearLayer[3]|>, '
                 '{NetPort["k"] -> NetPort["att", "Key"], NetPort["k"] -> NetPort["att", "Value"], '
                 'NetPort["q"] -> "lin" -> NetPort["att", "Query"]}, "k" -> {"Varying", 3}, '
                 '"q" -> 2]',
    "sequence form": 'NetGraph[<|"att" -> SequenceAttentionLayer["Bilinear"]|>, {NetPort["x"] -> '
                     'NetPort["att", "Input"], NetPort["q"] -> NetPort["att", "Query"]}, '
                     '"x" -> {"Varying", 3}, "q" -> {2, 4}]',
}


@pytest.mark.parametrize("name", ATTENTION_NETS)
def test_attention_runs_in_onnxruntime_at_two_lengths(s, tmp_path, name):
    net, path = exported(s, tmp_path, ATTENTION_NETS[name], name.replace(" ", ""))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(7)
    for batch, length in ((3, 5), (2, 2)):
        inputs = sequence_inputs(net, rng, batch=batch, length=length)
        here = run_net(net, inputs)
        for port, value in zip(net.outputs(), session.run(None, inputs)):
            np.testing.assert_allclose(value, here[port], rtol=1e-5, atol=1e-5, err_msg=port)


# NetFoldOperator as ONNX's Scan (its length symbolic; read back as NetFoldOperator),
# NetNestOperator unrolled
FOLD_NETS = {
    "rnn": 'NetChain[{NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[3], '
           '"t" -> Tanh|>, {{NetPort["Input"], NetPort["State"]} -> "cat" -> "lin" -> "t"}]], '
           'SequenceLastLayer[]}, "Input" -> {"Varying", 2}]',
    "constant": 'NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[2], '
                '"d" -> ElementwiseLayer[2 # &]|>, {{NetPort["Input"], NetPort["State"], '
                'NetPort["C"]} -> "cat" -> "lin" -> "d" -> NetPort["Double"], '
                '"lin" -> NetPort["Output"]}], {"Output" -> "State"}, {"C"}, {"Double"}, '
                '"Input" -> {"Varying", 2}, "C" -> 3]',
    "map of folds": 'NetMapOperator[NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], '
                    '"lin" -> LinearLayer[2]|>, {{NetPort["Input"], NetPort["State"]} -> "cat" -> '
                    '"lin"}]], "Input" -> {"Varying", 3, 2}]',
    "states": 'NetGraph[<|"f" -> NetFoldOperator[NetGraph[{LinearLayer[3], ThreadingLayer[Plus]}, '
              '{NetPort["Input"] -> 1, {1, NetPort["State"]} -> 2 -> NetPort["Output"]}, '
              '"State" -> 3, "Input" -> 2]]|>, {NetPort["x"] -> "f" -> NetPort["y"], '
              'NetPort["s0"] -> NetPort["f", "State"], NetPort["f", "State"] -> NetPort["final"]}, '
              '"x" -> {"Varying", 2}]',
    "nest": 'NetChain[{NetNestOperator[NetChain[{LinearLayer[3], Tanh}], 3], LinearLayer[2]}, '
            '"Input" -> 3]',
}


@pytest.mark.parametrize("name", FOLD_NETS)
def test_fold_and_nest_run_in_onnxruntime_at_two_lengths(s, tmp_path, name):
    net, path = exported(s, tmp_path, FOLD_NETS[name], name.replace(" ", ""))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    if name == "rnn":
        assert "Scan" in {n.op_type for n in onnx.load(str(path)).graph.node}
    rng = np.random.default_rng(8)
    for batch, length in ((3, 5), (2, 1)):
        inputs = sequence_inputs(net, rng, batch=batch, length=length)
        here = run_net(net, inputs)
        for port, value in zip(net.outputs(), session.run(None, inputs)):
            np.testing.assert_allclose(value, here[port], rtol=1e-5, atol=1e-5, err_msg=port)
    if name in ("rnn", "constant"):                 # Scan reads back as NetFoldOperator
        back = s.evaluate(f'Import["{path}"]')
        assert not s.messages, s.messages
        assert "FoldOperator" in str(back)
        inputs = sequence_inputs(net, rng, batch=2, length=4)
        ours, theirs = run_net(net, inputs), run_net(net_from_expr(back), inputs)
        for port in ours:
            np.testing.assert_allclose(theirs[port], ours[port], rtol=1e-5, atol=1e-6)


def test_export_options_of_wl(s, tmp_path):
    """"OperatorSetVersion", "Description", "GraphName", "ModelVersion" (WL's ONNX page);
    the model runs in onnxruntime and its metadata reads back as Import's elements."""
    net, _ = exported(s, tmp_path, NETS["vision"], "vision")
    path = tmp_path / "options.onnx"
    r = s.evaluate(f'Export["{path}", vision, "OperatorSetVersion" -> 18, "Description" -> '
                   f'"a small convnet", "GraphName" -> "lenet", "ModelVersion" -> 3]')
    assert not s.messages and r.value == str(path), s.messages
    model = onnx.load(str(path))
    assert model.graph.name == "lenet" and model.opset_import[0].version == 18
    elements = {e: s.evaluate(f'Import["{path}", "{e}"]')
                for e in ("Description", "ModelVersion", "OperatorSetVersion", "ProducerName")}
    assert {e: v.value for e, v in elements.items()} == {
        "Description": "a small convnet", "ModelVersion": 3, "OperatorSetVersion": 18,
        "ProducerName": "wlnet"}
    inputs = random_inputs(net, np.random.default_rng(3))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    np.testing.assert_allclose(session.run(None, inputs)[0], run_net(net, inputs)["Output"],
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("option", ['"OperatorSetVersion" -> 9', '"ModelVersion" -> -1',
                                    '"ExternalArrays" -> True', '"Description" -> 3',
                                    '"Colors" -> 2'])
def test_export_options_with_bad_values_are_messages(s, tmp_path, option):
    s.evaluate('n = NetInitialize@LinearLayer[2, "Input" -> 3];')
    s.messages.clear()
    assert s.evaluate(f'Export["{tmp_path / "n.onnx"}", n, {option}]') == Symbol("$Failed")
    tag = "optx" if "Colors" in option else "opttype"
    assert len(s.messages) == 1 and s.messages[0].startswith(f"Export::{tag}"), s.messages
    assert not (tmp_path / "n.onnx").exists()
    s.messages.clear()
    s.evaluate(f'Export["{tmp_path / "n.json"}", {{1, 2}}, "Description" -> "x"]')
    assert s.messages[0].startswith("Export::optx")


def test_stacking_catenate_runs_in_onnxruntime(s, tmp_path):
    # CatenateLayer[0] stacks its inputs: each gets a new axis after the batch's
    text = ('NetGraph[<|"cat" -> CatenateLayer[0], "m" -> NetMapOperator[LinearLayer[2]]|>, '
            '{{NetPort["a"], NetPort["b"]} -> "cat" -> "m"}, "a" -> 3, "b" -> 3]')
    net, path = exported(s, tmp_path, text, "stack")
    inputs = random_inputs(net, np.random.default_rng(2))
    there = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, inputs)
    np.testing.assert_allclose(there[0], run_net(net, inputs)["Output"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("resize", ['ResizeLayer[{Scaled[2], Scaled[2]}, Resampling -> "Nearest"]',
                                    'ResizeLayer[{5, 7}]', 'ResizeLayer[{Scaled[1], 3}, "Scheme" -> "Point"]'])
def test_resize_runs_in_onnxruntime(s, tmp_path, resize):
    # a U-net's decoder upsamples with ResizeLayer[Scaled /@ …, Resampling -> "Nearest"]
    text = f'NetChain[{{ConvolutionLayer[2, 1], {resize}}}, "Input" -> {{1, 4, 6}}]'
    net, path = exported(s, tmp_path, text, "resized")
    inputs = random_inputs(net, np.random.default_rng(3))
    there = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, inputs)
    np.testing.assert_allclose(there[0], run_net(net, inputs)["Output"], rtol=1e-5, atol=1e-5)


def test_native_output_of_a_failing_exporter_is_discarded(capfd):
    # PyTorch's C++ side prints to the process's descriptors when its exporter fails
    import os
    from wlnet.net.onnx_traced import _native_output_discarded
    with _native_output_discarded():
        os.write(1, b"Torch IR graph at exception\n")
        os.write(2, b"more\n")
    os.write(1, b"after\n")
    out, err = capfd.readouterr()
    assert out == "after\n" and err == ""
