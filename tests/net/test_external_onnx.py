"""The model side of NetExternalObject (wlnet/net/external.py): an ONNX file's ports (graph
inputs less initializers, fixed and named dimensions, element types), and the same outputs
from onnxruntime and from onnx's reference evaluator (used when onnxruntime is absent)."""

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")

from onnx import TensorProto, helper, numpy_helper        # noqa: E402

from wlnet.net import external                            # noqa: E402


def _model_bytes() -> bytes:
    w = np.arange(6, dtype=np.float32).reshape(3, 2) / 4
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Sigmoid", ["h"], ["y"])],
        "g",
        # an exporter may list an initializer among the inputs too: it is no port
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 3]),
         helper.make_tensor_value_info("w", TensorProto.FLOAT, [3, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 2])],
        [numpy_helper.from_array(w, "w")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString()


def test_ports_and_counts():
    model = external.OnnxModel(_model_bytes())
    assert [(p.name, p.dims, p.dtype) for p in model.inputs] == [("x", (None, 3), np.float32)]
    assert [(p.name, p.dims) for p in model.outputs] == [("y", (None, 2))]
    assert dict(model.node_counts) == {"MatMul": 1, "Sigmoid": 1}
    assert model.inputs[0].accepts((5, 3)) and not model.inputs[0].accepts((3,))


def test_reference_evaluator_gives_what_onnxruntime_gives(monkeypatch):
    pytest.importorskip("onnxruntime")
    data = _model_bytes()
    x = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    expected = 1 / (1 + np.exp(-(x @ (np.arange(6).reshape(3, 2) / 4))))
    with_runtime = external.OnnxModel(data).run({"x": x})["y"]
    monkeypatch.setattr(external, "_runtime", lambda: None)
    model = external.OnnxModel(data)
    assert model.backend == "ONNXReferenceEvaluator"
    np.testing.assert_allclose(model.run({"x": x})["y"], with_runtime, rtol=1e-6)
    np.testing.assert_allclose(with_runtime, expected, rtol=1e-5)
    with pytest.raises(external.ExternalModelError) as err:
        model.run({"x": x}, "CUDA")
    assert err.value.tag == "nodevice"


def test_models_are_read_once_and_bad_bytes_refused():
    data = _model_bytes()
    assert external.onnx_model(data) is external.onnx_model(data)
    with pytest.raises(external.ExternalModelError) as err:
        external.OnnxModel(b"\x01\x02")
    assert err.value.tag == "badmodel"
    assert external.model_format("a/B.ONNX") == "ONNX" and external.model_format("x.txt") is None
