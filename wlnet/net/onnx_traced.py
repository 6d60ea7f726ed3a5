"""ONNX for the layers that wlnet.net.onnx has no writer of its own for: the layer's torch
lowering (the torch backend's op, the same computation that the suite checks against the
Numba kernels) is exported by torch's ONNX exporter, and the operators it writes are
spliced into the graph being written, their tensors renamed under the layer's name.

The batch axis stays symbolic, and so does a varying length of the layer's inputs; a
lowering that loops over a sequence's steps in Python would be fixed to the traced length,
so such layers (the recurrent ones, net operators) keep writers of their own instead.  It
needs PyTorch (``pip install 'wlnet[torch]'``); without it such a layer is an OnnxError that
says so.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager

import numpy as np

from wlnet.net.onnx_base import OnnxError

__all__ = ["can_trace", "write_traced", "TRACE_LENGTH"]

TRACE_LENGTH = 3          # the length of a varying sequence while tracing (kept symbolic)
_TRACE_BATCH = 2


def _torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


def can_trace(step) -> bool:
    """A layer whose torch op can be traced as it is: a layer node with no states fed or
    read across the net and one torch lowering (composition or its own)."""
    from wlnet.net.spec import LayerNode
    layer = step.layer
    if _torch() is None or not isinstance(layer, LayerNode) or layer.states():
        return False
    return layer.spec.op is None or getattr(layer.spec, "torch_lowering", None) is not None


def _example(torch, t):
    """A tensor of ``t``'s shape to trace with (batch first; a varying length: a few steps;
    integer codes: ones)."""
    from wlnet.net.types import IndexIntegerT
    dims = [d if isinstance(d, int) else TRACE_LENGTH for d in getattr(t, "dims", ())]
    shape = (_TRACE_BATCH, *dims)
    if isinstance(getattr(t, "elem", None), IndexIntegerT):
        return torch.ones(shape, dtype=torch.int64)
    return torch.rand(shape, dtype=torch.float32)


def _dynamic_axes(t) -> dict:
    from wlnet.net.types import LengthVar
    axes = {0: "batch"}
    for i, d in enumerate(getattr(t, "dims", ()), start=1):
        if isinstance(d, LengthVar):
            axes[i] = f"length{d.id}"
    return axes


def _module(torch, step, arrays):
    """The layer's op as a torch Module of its input tensors (arrays as constants)."""
    from wlnet.net.backends.torch import op_for
    from wlnet.net.values import Batch, RunContext
    op = op_for(step.layer, np.dtype(np.float32), torch.device("cpu"))
    ports, outputs = list(step.inputs), list(step.output_ports)
    constants = {n: torch.tensor(np.asarray(a, np.float32)) for n, a in arrays.items()}

    class Layer(torch.nn.Module):
        def forward(self, *tensors):
            ctx = RunContext(False, None, False, np.dtype(np.float32), None, tensors[0].shape[0]
                             if tensors else 1)
            ins = {p: Batch(x, None) for p, x in zip(ports, tensors)}
            outs, *_ = op.fn(ctx, ins, constants, {})
            return tuple(outs[p].data for p in outputs)

    return Layer()


def write_traced(w, step, inputs: list, arrays: dict, hint: str) -> dict:
    """Splice the traced layer into the writer ``w``'s graph; {output port: tensor name}."""
    torch = _torch()
    if torch is None:
        raise OnnxError("ONNX export of this layer needs PyTorch: pip install 'wlnet[torch]'")
    onnx = w.onnx
    layer = step.layer
    in_types, out_types = layer.inputs(), layer.outputs()
    ports = list(step.inputs)
    examples = tuple(_example(torch, in_types[p]) for p in ports)
    names_in = [f"in{i}" for i in range(len(ports))]
    names_out = [f"out{i}" for i in range(len(step.output_ports))]
    axes = {n: _dynamic_axes(in_types[p]) for n, p in zip(names_in, ports)}
    axes.update({n: _dynamic_axes(out_types[p]) for n, p in zip(names_out, step.output_ports)})
    buffer = io.BytesIO()
    import warnings
    with warnings.catch_warnings(), _native_output_discarded():
        warnings.simplefilter("ignore")          # the tracer's notes on shapes and Python values
        try:
            torch.onnx.export(_module(torch, step, arrays), examples, buffer, dynamo=False,
                              opset_version=w.opset, input_names=names_in, output_names=names_out,
                              dynamic_axes=axes)
        except Exception as err:                 # the exporter's own errors, many kinds
            raise OnnxError(f"PyTorch's exporter could not write {layer.symbol} "
                            f"({type(err).__name__})") from None
    _check_other_shapes(torch, buffer.getvalue(), step, arrays, in_types, ports, layer.symbol)
    graph = onnx.load_from_string(buffer.getvalue()).graph
    if any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS)
           for node in graph.node for a in node.attribute):
        # a subgraph (If, Loop) reads outer tensors by name: it cannot be renamed safely
        raise OnnxError(f"PyTorch's exporter wrote {layer.symbol} with control flow")
    return _splice(w, graph, dict(zip(names_in, inputs)), names_out, step.output_ports, hint)


@contextmanager
def _native_output_discarded():
    """PyTorch's exporter prints from C++ straight to the process's stdout/stderr when it
    fails ("Torch IR graph at exception: …"); the failure is reported as an OnnxError, so
    that text is discarded (file descriptors 1 and 2 point at the null device meanwhile)."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    try:
        saved = [os.dup(1), os.dup(2)]
    except OSError:                              # no such descriptors (embedded use)
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


def _check_other_shapes(torch, model: bytes, step, arrays, in_types, ports, symbol) -> None:
    """The traced operators at another batch size (and length) give what the layer gives:
    a lowering may have fixed a size it read while tracing (OnnxError naming the layer)."""
    try:
        import onnxruntime
    except ImportError:
        raise OnnxError(f"writing {symbol} through PyTorch is checked with onnxruntime: "
                        "pip install 'wlnet[onnx]'") from None
    global TRACE_LENGTH, _TRACE_BATCH
    saved = TRACE_LENGTH, _TRACE_BATCH
    TRACE_LENGTH, _TRACE_BATCH = TRACE_LENGTH + 2, _TRACE_BATCH + 3
    try:
        examples = tuple(_example(torch, in_types[p]) for p in ports)
    finally:
        TRACE_LENGTH, _TRACE_BATCH = saved
    with torch.no_grad():
        expected = _module(torch, step, arrays)(*examples)
    try:
        quiet = onnxruntime.SessionOptions()
        quiet.log_severity_level = 4              # its failure is our message, not a log line
        session = onnxruntime.InferenceSession(model, quiet, providers=["CPUExecutionProvider"])
        got = session.run(None, {f"in{i}": x.numpy() for i, x in enumerate(examples)})
        same = all(np.shape(g) == tuple(e.shape) and np.allclose(g, e.numpy(), rtol=1e-4, atol=1e-5)
                   for g, e in zip(got, expected))
    except Exception:                            # onnxruntime's errors: a size that was fixed
        same = False
    if not same:
        raise OnnxError(f"PyTorch's exporter fixed a size of {symbol} (the batch or a length) "
                        "that must stay free")


def _splice(w, graph, bound: dict, names_out, ports, hint) -> dict:
    """Copy ``graph``'s operators and constants into ``w`` with fresh names, its inputs
    bound to ``bound`` (name -> our tensor); the tensors its outputs became, by port."""
    onnx = w.onnx
    renamed = dict(bound)

    def name(t):
        if not t:
            return t
        if t not in renamed:
            renamed[t] = w.fresh(f"{hint}/{t}")
        return renamed[t]

    for init in graph.initializer:
        copy = onnx.TensorProto()
        copy.CopyFrom(init)
        copy.name = name(init.name)
        w.initializers.append(copy)
    for node in graph.node:
        copy = onnx.NodeProto()
        copy.CopyFrom(node)
        del copy.input[:]
        copy.input.extend(name(t) for t in node.input)
        del copy.output[:]
        copy.output.extend(name(t) for t in node.output)
        copy.name = w.fresh(f"{hint}/{node.op_type}")
        w.nodes.append(copy)
    return {port: name(n) for port, n in zip(ports, names_out)}
