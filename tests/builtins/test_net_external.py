"""NetExternalObject (wlnet/builtins/net_external.py, wlnet/net/external.py): ONNX models
run as they are by onnxruntime, from a file or Import[…, "NetExternalObject"]; the data
carry the model's batch dimension; one output gives an array, several an association;
NumericArray in, NumericArray out; Information's properties; every failure a message."""

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper        # noqa: E402

from wlnet.core.expr import Symbol                         # noqa: E402
from wlnet.core.numeric_array import NumericArray          # noqa: E402
from wlnet.core.session import Session                    # noqa: E402

W = np.array([[1.0, -2.0, 0.5], [0.25, 1.0, -1.0]], np.float32)      # (2, 3)
B = np.array([0.5, 0.0, -0.5], np.float32)


def _save(model, path):
    onnx.checker.check_model(model)
    path.write_bytes(model.SerializeToString())
    return str(path)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """an affine map x W + b on (batch, 2) with a Relu; a model of two inputs (one integer)
    and two outputs; a model whose batch dimension is fixed at 1."""
    d = tmp_path_factory.mktemp("external")
    affine = helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "b"], ["h"]), helper.make_node("Relu", ["h"], ["y"])],
        "affine",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])],
        [numpy_helper.from_array(W, "W"), numpy_helper.from_array(B, "b")])
    two = helper.make_graph(
        [helper.make_node("Cast", ["k"], ["kf"], to=TensorProto.FLOAT),
         helper.make_node("Mul", ["a", "kf"], ["prod"]),
         helper.make_node("ReduceSum", ["a"], ["total"], keepdims=0)],
        "two",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, [2, 2]),
         helper.make_tensor_value_info("k", TensorProto.INT64, [2, 2])],
        [helper.make_tensor_value_info("prod", TensorProto.FLOAT, [2, 2]),
         helper.make_tensor_value_info("total", TensorProto.FLOAT, [])])
    fixed = helper.make_graph(
        [helper.make_node("Neg", ["x"], ["y"])], "fixed",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])])
    opset = [helper.make_opsetid("", 17)]
    return {name: _save(helper.make_model(g, opset_imports=opset), d / f"{name}.onnx")
            for name, g in (("affine", affine), ("two", two), ("fixed", fixed))}


@pytest.fixture
def s(files):
    session = Session(echo=False)
    for name, path in files.items():
        session.evaluate(f'{name} = NetExternalObject["{path}"];')
    session.messages.clear()
    return session


def run(s, text):
    s.messages.clear()
    return s.evaluate(text)


def tags(s):
    return [m.split(": ", 1)[0] for m in s.messages]


def values(e):
    """A result of reals as a numpy array."""
    from wlnet.core.numeric_array import to_numpy_data
    return to_numpy_data(e)


def test_a_model_applies_to_data_with_its_batch_dimension(s):
    x = np.array([[1.0, 2.0], [-3.0, 0.5]])
    out = values(run(s, "affine[{{1, 2}, {-3, 0.5}}]"))
    assert not s.messages
    np.testing.assert_allclose(out, np.maximum(x @ W + B, 0), rtol=1e-6)
    # the data of a single port may also be an association by its name
    assert run(s, 'affine[<|"x" -> {{1, 2}}|>]') == run(s, "affine[{{1, 2}}]")


def test_numeric_array_data_give_numeric_arrays(s):
    out = run(s, 'affine[NumericArray[{{1, 2}}, "Real32"]]')
    assert isinstance(out, NumericArray) and out.type_name == "Real32" and out.shape == (1, 3)
    np.testing.assert_allclose(out.array, np.maximum(np.array([[1.0, 2.0]]) @ W + B, 0))


def test_several_ports_take_an_association_and_give_one(s):
    out = run(s, 'two[<|"a" -> {{1., 2.}, {3., 4.}}, "k" -> {{1, 0}, {2, 3}}|>]')
    assert not s.messages
    assert out.head == Symbol("Association")
    got = {r.args[0].value: r.args[1] for r in out.args}
    assert list(got) == ["prod", "total"]
    np.testing.assert_allclose(values(got["prod"]), [[1, 0], [6, 12]])
    assert got["total"].value == pytest.approx(10.0)


def test_import_element_and_the_object_agree(s, files):
    imported = run(s, f'Import["{files["affine"]}", "NetExternalObject"]')
    assert not s.messages
    assert imported == s.evaluate("affine")
    assert "NetExternalObject" in [a.value for a in
                                   run(s, f'Import["{files["affine"]}", "Elements"]').args]


def test_information_properties(s):
    assert run(s, 'Information[affine, "InputPorts"]') == s.evaluate('<|"x" -> {"Varying", 2}|>')
    assert run(s, 'Information[affine, "OutputPortNames"]') == s.evaluate('{"y"}')
    assert run(s, 'Information[two, "InputPorts"]') == s.evaluate('<|"a" -> {2, 2}, "k" -> {2, 2}|>')
    assert run(s, 'Information[affine, "LayerTypeCounts"]') == s.evaluate('<|"Gemm" -> 1, "Relu" -> 1|>')
    assert run(s, 'Information[affine, {"Format", "LayersCount"}]') == s.evaluate('{"ONNX", 2}')
    props = [p.value for p in run(s, 'Information[affine, "Properties"]').args]
    assert {"InputPorts", "OutputPorts", "RawData", "Format"} <= set(props)
    report = run(s, "Information[affine]")
    assert report.head == Symbol("Association") and len(report.args) == len(props) - 2
    raw = run(s, 'Normal[Information[affine, "RawData"]]')
    assert bytes(values(raw).astype(np.uint8)).startswith(b"\x08")      # the protobuf's bytes
    assert not s.messages
    run(s, 'Information[affine, "Foo"]')
    assert tags(s) == ["NetExternalObject::noinfo"]


def test_the_object_prints_short(s):
    from wlnet.syntax.printer import output_form
    text = output_form(s.evaluate("affine"))
    assert text == 'NetExternalObject[<ONNX: "x" {"Varying", 2} -> "y" {"Varying", 3}>]'


@pytest.mark.parametrize("text, tag", [
    ("affine[{1, 2}]", "invdata"),                          # no batch dimension
    ("fixed[{{1, 2, 3}, {4, 5, 6}}]", "invdata"),           # the model's batch is 1
    ('affine[{{"a", 2}}]', "notnum"),
    ('affine[<|"z" -> {{1, 2}}|>]', "noport"),
    ('two[<|"a" -> {{1, 2}, {3, 4}}|>]', "missport"),
    ("two[{{1, 2}, {3, 4}}]", "oneport"),
    ('two[<|"a" -> {{1, 2}, {3, 4}}, "k" -> {{1.5, 0}, {2, 3}}|>]', "notint"),
    ('affine[{{1, 2}}, TargetDevice -> "Foo"]', "invdevice"),
    ('affine[{{1, 2}}, WorkingPrecision -> "Real64"]', "optx"),
    ('affine[{{1, 2}}, NetPortGradient["x"]]', "nospec"),
    ("NetExternalObject[3]", "invsrc"),
    ('NetExternalObject["/no/such/model.onnx"]', "nffil"),
    ('NetExternalObject["https://example.com/m.onnx"]', "offline"),
])
def test_failures_are_messages(s, text, tag):
    before = s.evaluate("affine")
    out = run(s, text)
    assert tags(s) == [f"NetExternalObject::{tag}"], s.messages
    assert out == Symbol("$Failed")
    assert s.evaluate("affine") == before


def test_a_url_source_says_wlnet_is_offline(s):
    # (URL itself is not defined in wlnet: its own wlnetna message comes first)
    run(s, 'NetExternalObject[URL["https://example.com/m.onnx"]]')
    assert tags(s)[-1] == "NetExternalObject::offline"


def test_files_that_are_not_models(s, tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    run(s, f'NetExternalObject["{bad}"]')
    assert tags(s) == ["NetExternalObject::badmodel"]
    other = tmp_path / "model.params"
    other.write_bytes(b"\x00")
    run(s, f'NetExternalObject[File["{other}"]]')
    assert tags(s) == ["NetExternalObject::nofmt"]
    text = tmp_path / "notes.txt"
    text.write_text("x")
    run(s, f'NetExternalObject["{text}"]')
    assert tags(s) == ["NetExternalObject::noformat"]


def test_a_wlnet_net_exported_runs_as_an_external_model(s, tmp_path):
    path = tmp_path / "chain.onnx"
    run(s, f'net = NetInitialize[NetChain[{{LinearLayer[3], Tanh}}, "Input" -> 2], '
           f'RandomSeeding -> 1]; Export["{path}", net]')
    ext = run(s, f'NetExternalObject["{path}"][{{{{1, 2}}, {{3, -4}}}}]')
    own = run(s, "net[{{1, 2}, {3, -4}}]")
    assert not s.messages
    np.testing.assert_allclose(values(ext), values(own), atol=1e-6)
