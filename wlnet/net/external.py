"""Models in an external framework's format, run as they are (``NetExternalObject``).

A ``NetExternalObject`` is not turned into wlnet's layers (``Import["m.onnx"]`` does that):
the model file is kept whole and evaluated by the framework's own runtime.  An ONNX model
runs on onnxruntime (or, without it, on the onnx package's reference evaluator).  Its ports
are the ONNX graph's inputs (less the initializers some exporters also list as inputs) and
outputs, with the dimensions the file declares: the batch dimension, if the model has one,
is part of the data, as the NetExternalObject page says ("external net models typically
have a hard-coded batch dimension").  A dimension the file names without fixing it
(``dim_param``) takes any size.

Nothing here knows the evaluator: the WL face is wlnet.builtins.net_external.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from dataclasses import dataclass

import numpy as np

__all__ = ["ExternalModelError", "ExternalPort", "OnnxModel", "onnx_model", "model_format"]


class ExternalModelError(Exception):
    """A message of NetExternalObject: its tag and slot values."""

    def __init__(self, tag: str, *slots):
        super().__init__(tag)
        self.tag = tag
        self.slots = slots


@dataclass(frozen=True)
class ExternalPort:
    """One input or output of a model: its name, its dimensions (None: any size) and
    the numpy type of its elements."""
    name: str
    dims: tuple
    dtype: np.dtype

    def accepts(self, shape: tuple) -> bool:
        return len(shape) == len(self.dims) and all(
            d is None or d == n for d, n in zip(self.dims, shape))


# file extensions -> the format they hold (the NetExternalObject page's formats)
_EXTENSIONS = {".onnx": "ONNX", ".json": "MXNet", ".params": "MXNet", ".gguf": "GGUF"}


def model_format(path: str) -> str | None:
    """The format a file's extension names (None: none NetExternalObject reads)."""
    lower = path.lower()
    return next((fmt for ext, fmt in _EXTENSIONS.items() if lower.endswith(ext)), None)


def _onnx():
    try:
        import onnx
    except ImportError:
        raise ExternalModelError("needpkg", "ONNX", "the onnx package (pip install onnx)") \
            from None
    return onnx


def _port(onnx, value_info) -> ExternalPort:
    tensor = value_info.type.tensor_type
    dims = tuple(d.dim_value if d.HasField("dim_value") else None for d in tensor.shape.dim)
    try:
        dtype = np.dtype(onnx.helper.tensor_dtype_to_np_dtype(tensor.elem_type))
    except (KeyError, TypeError, ValueError):
        dtype = np.dtype(np.float32)
    return ExternalPort(value_info.name, dims, dtype)


class OnnxModel:
    """An ONNX model file's bytes, its ports and a way to run it."""

    format = "ONNX"

    def __init__(self, data: bytes):
        onnx = _onnx()
        try:
            model = onnx.load_model_from_string(data)
            onnx.checker.check_model(model)
        except Exception as err:                 # protobuf's and the checker's own errors
            raise ExternalModelError("badmodel", "ONNX", _first_line(err)) from None
        graph = model.graph
        constants = {t.name for t in graph.initializer}
        self.raw = data
        self.inputs = tuple(_port(onnx, v) for v in graph.input if v.name not in constants)
        self.outputs = tuple(_port(onnx, v) for v in graph.output)
        self.node_counts = Counter(node.op_type for node in graph.node)
        self._model = model
        self._sessions = {}

    @property
    def backend(self) -> str:
        return "ONNXRuntime" if _runtime() is not None else "ONNXReferenceEvaluator"

    def run(self, feeds: dict, device: str = "CPU", setting=None) -> dict:
        """The outputs (name -> numpy array) for ``feeds`` (name -> numpy array of the
        port's type and dimensions); ``device`` "CPU" or "CUDA" (``setting``: the
        TargetDevice setting that named it, for a message)."""
        try:
            values = self._session(device, setting)(feeds)
        except ExternalModelError:
            raise
        except Exception as err:                 # the runtime's own failure, said in a line
            raise ExternalModelError("rterr", _first_line(err)) from None
        return {port.name: np.asarray(v) for port, v in zip(self.outputs, values)}

    def _session(self, device: str, setting):
        if device not in self._sessions:
            self._sessions[device] = self._new_session(device, device if setting is None else setting)
        return self._sessions[device]

    def _new_session(self, device: str, setting):
        ort = _runtime()
        names = [p.name for p in self.outputs]
        if ort is None:
            if device != "CPU":
                raise ExternalModelError("nodevice", setting, "onnxruntime is not installed")
            from onnx.reference import ReferenceEvaluator
            evaluator = ReferenceEvaluator(self._model)
            return lambda feeds: evaluator.run(names, feeds)
        provider = "CUDAExecutionProvider" if device == "CUDA" else "CPUExecutionProvider"
        if provider not in ort.get_available_providers():
            raise ExternalModelError("nodevice", setting,
                                     "this onnxruntime has no CUDA execution provider")
        options = ort.SessionOptions()
        options.log_severity_level = 3           # its warnings are not the user's business
        try:
            session = ort.InferenceSession(self.raw, options, providers=[provider])
        except Exception as err:
            raise ExternalModelError("badmodel", "ONNX", _first_line(err)) from None
        return lambda feeds: session.run(names, feeds)


def _runtime():
    try:
        import onnxruntime
    except ImportError:
        return None
    return onnxruntime


def _first_line(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:300]


# models read in this process, by the digest of their bytes (a few large files are not
# kept alive for ever: the least recently used goes first)
_MODELS: OrderedDict = OrderedDict()
_KEPT = 8


def onnx_model(data: bytes) -> OnnxModel:
    """The model of an ONNX file's bytes (read once per process and kept)."""
    key = hashlib.blake2b(data, digest_size=16).digest()
    model = _MODELS.get(key)
    if model is None:
        model = OnnxModel(data)
        _MODELS[key] = model
        while len(_MODELS) > _KEPT:
            _MODELS.popitem(last=False)
    _MODELS.move_to_end(key)
    return model
