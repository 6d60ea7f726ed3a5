"""NetTrain's fused training step: the small layers at the end of a net, their loss and their
backward pass as bare calls of their kernels on buffers laid out once
(``wlnet.kernels.training.Tail``), the rest of the net through the executor as before.

A small net's step is mostly calls (BENCHMARKS.md, "Small work and the training step's
fixed cost"): the x/y classifier's SequenceLast, Linear and Softmax, the loss and their
backward passes were a dozen calls of a few microseconds each around the GRU's kernels.
``fused_step`` looks once per training run for a *tail*: the last steps of the net's
program, each a layer made of one primitive the Tail runs (SequenceLast, Linear, an
elementwise function with a kernel, Softmax: ``wlnet.net.tail``), in a chain (each takes
the one before's output, which nothing else reads), ending in the net's only output with one
loss the Tail computes (cross-entropy against class indices fused with the output's SoftmaxLayer, or mean
squared error), whose arrays are all trained (views of the optimizer's flat buffer).  The
layers before the tail (the head: UnitVector, the GRU…) run through the executor, which
stops where the tail begins and takes the gradient of the tail's input back through them;
a UnitVectorLayer on the net's input is computed once per batch of the data and reused.

The tail runs the layers' own kernels in the layers' order, so a fused step gives what the
unfused one gives (tests/net/train/test_fused.py compares them).  Anything else (another
loss, a frozen or shared array in the tail, data of another shape, the torch backend, a
data-parallel job) takes the unfused path; ``ENABLED = False`` turns the fused path off.
"""

from __future__ import annotations

import numpy as np

from wlnet.kernels import training as K
from wlnet.net.tail import primitive_of, tail_row

__all__ = ["fused_step", "FusedStep", "ENABLED"]

ENABLED = True
REUSE_BYTES = 64 * 2 ** 20        # one-hot codes kept per batch, at most (see _reuse_for)


def _tail_op(step, params):
    """The program row of one step ((op, a, b), the Linear's (n, m) or None), else None:
    a Linear's a and b are the offsets of its weights and biases (-1: none) in the flat
    buffer, all its arrays trained."""
    row = tail_row(step)
    if row is None:
        return None
    op, argument, paths = row
    if op != K.LINEAR:
        return (op, argument, 0), None
    weights, biases = paths
    if weights not in params.slices or (biases is not None and biases not in params.slices):
        return None
    shape = params.views[weights].shape
    if len(shape) != 2 or (biases is not None and params.views[biases].shape != shape[:1]):
        return None
    bias = params.slices[biases].start if biases is not None else -1
    return (K.LINEAR, params.slices[weights].start, bias), shape


def _readers(executor) -> dict:
    """Environment key -> how many steps and outputs read it."""
    count: dict = {}
    for step in executor.steps:
        for key in step.inputs.values():
            count[key] = count.get(key, 0) + 1
    for key in executor.output_keys.values():
        count[key] = count.get(key, 0) + 1
    return count


def _loss_kind(loss):
    if loss.weight <= 0 or loss.net is not None:
        return None
    if loss.kind == "Index" and loss.fused:
        return K.INDEX
    if loss.kind == "MeanSquared":
        return K.SQUARED
    return None


def fused_step(executor, params, losses) -> "FusedStep | None":
    """The fused step of this training run, or None when the net has no tail (see the
    module docstring)."""
    if not ENABLED or getattr(getattr(executor, "backend", None), "NAME", None) != "numba" \
            or len(losses) != 1 \
            or len(executor.output_keys) != 1 or params.dtype != executor.dtype:
        return None
    loss = losses[0]
    kind = _loss_kind(loss)
    steps = executor.steps
    if kind is None or not steps or executor.output_keys.get(loss.port) != \
            (steps[-1].path, "out", "Output"):
        return None
    end = len(steps)
    if kind == K.INDEX:                       # the loss takes the SoftmaxLayer's input
        found = primitive_of(steps[-1])
        if found is None or found[0] != "softmax" or found[1].get("axis") != -1:
            return None
        end -= 1
    readers = _readers(executor)
    used = [p for s in steps for p in s.array_paths.values()]
    rows, shapes, start = [], [], end
    while start > 0:                          # back from the output, to a SequenceLast
        step = steps[start - 1]
        row = _tail_op(step, params)
        if row is None or "Input" not in step.inputs \
                or readers.get((step.path, "out", "Output"), 0) != 1 \
                or any(used.count(p) > 1 for p in step.array_paths.values()):
            break
        rows.insert(0, row[0])
        shapes.insert(0, row[1])
        start -= 1
        if row[0][0] == K.LAST:
            break
    if not rows:
        return None
    input_key = steps[start].inputs["Input"]
    tail_paths = {p for s in steps[start:] for p in s.array_paths.values()}
    head_paths = [p for p in params.grad_views if p not in tail_paths]
    return FusedStep(executor, params, loss, kind, np.array(rows, np.int64), shapes, start,
                     input_key, head_paths)


class FusedStep:
    """One training run's fused step (see the module docstring)."""

    def __init__(self, executor, params, loss, kind, program, shapes, start, input_key,
                 head_paths):
        self.executor, self.params, self.loss, self.kind = executor, params, loss, kind
        self.program, self.shapes, self.start = program, shapes, start
        self.input_key, self.head_paths = input_key, head_paths
        linear = [shape for shape in shapes if shape is not None]
        self.classes = linear[-1][0] if linear else None     # the width of the loss's input
        self._widths: dict = {}               # input width -> widths (None: does not fit)
        self._tails: dict = {}                # batch size -> Tail (and ("ones", B) -> ones)
        self._targets: dict = {}              # id(target data) -> (data, as the kernel takes it)
        # id(batch inputs) -> (inputs, what the head's constant steps computed for them)
        self._constant = any(run.constant for run in executor._runs[:start])
        self._reuse: dict = {}
        self._reused_bytes = 0
        self.output = None       # the last batch's output (run), when the tail ran it

    # -- what a batch needs

    def widths(self, width: int):
        """The activation widths for a tail input of ``width`` (None when a Linear does not
        take that width)."""
        if width not in self._widths:
            widths = [width]
            for (op, _, _), shape in zip(self.program, self.shapes):
                if op == K.LINEAR:
                    if shape[1] != widths[-1]:
                        widths = None
                        break
                    widths.append(shape[0])
                else:
                    widths.append(widths[-1])
            self._widths[width] = None if widths is None else np.array(widths, np.int64)
        return self._widths[width]

    def _tail(self, widths, batch: int):
        """The Tail laid out for this batch size and these widths (kept)."""
        tail = self._tails.get(batch)
        if tail is None or tail.widths is not widths:
            params = self.params
            tail = K.Tail(self.program, widths, batch, params.dtype,
                          K.flat_linears(self.program, widths, params.flat, params.grad),
                          self.kind)
            tail.weights = np.full((batch, 1), 1.0 if self.kind == K.INDEX else 1.0 / widths[-1]) \
                .astype(self.params.dtype)
            self._tails[batch] = tail
        return tail

    def _loss_targets(self, target, batch: int, classes: int):
        """(class indices (B, 1) int64, target vectors (B, C)) for the kernel, the unused one
        empty; None when the targets are not of the form it takes (then: unfused)."""
        data = target.data
        if target.lengths is not None:
            return None
        kept = self._targets.get(id(data))
        if kept is not None and kept[0] is data:
            return kept[1]
        dtype = self.params.dtype
        if self.kind == K.INDEX:
            ok = data.shape == (batch,) and data.dtype.kind in "iu" and \
                (batch == 0 or (data.min() >= 1 and data.max() <= classes))
            pair = (np.ascontiguousarray(data, np.int64).reshape(batch, 1), np.empty((0, 0), dtype)) \
                if ok else None
        else:
            ok = data.shape == (batch, classes) and data.dtype.kind == "f"
            pair = (np.empty((0, 1), np.int64), np.ascontiguousarray(data, dtype)) if ok else None
        if len(self._targets) > 4096:         # generated batches: each is new
            self._targets.clear()
        self._targets[id(data)] = (data, pair)
        return pair

    def _tail_input(self, value):
        """(x, lengths int64) for the kernel, or None when the value does not fit."""
        data = value.data
        if type(data) is not np.ndarray or data.dtype != self.params.dtype:
            return None
        if self.program[0, 0] == K.LAST:
            if data.ndim != 3:
                return None
            lengths = value.lengths
            if lengths is None:
                return data, np.full(data.shape[0], data.shape[1], np.int64)
            lengths = np.asarray(lengths)
            if lengths.dtype != np.int64:
                lengths = lengths.astype(np.int64)
            return data, lengths
        if data.ndim != 2 or value.lengths is not None:
            return None
        return data, self._ones(data.shape[0])

    def _reuse_for(self, inputs):
        """(the executor's reuse dict for this batch or None, whether it is new): kept
        while what is kept stays under REUSE_BYTES (the one-hot codes of a big vocabulary
        would not fit)."""
        if not self._constant:
            return None, False
        kept = self._reuse.get(id(inputs))
        if kept is not None and kept[0] is inputs:
            return kept[1], False
        if self._reused_bytes > REUSE_BYTES:
            return None, False
        reuse = {}
        self._reuse[id(inputs)] = (inputs, reuse)
        return reuse, True

    def _ones(self, batch: int):
        ones = self._tails.get(("ones", batch))
        if ones is None:
            ones = self._tails[("ones", batch)] = np.ones(batch, np.int64)
        return ones

    # -- running

    def run(self, batch, rng, train: bool):
        """(loss, head ForwardResult or None, gradient of the tail's input or None) of one
        batch, with the tail arrays' gradients in params.grad (``train``); None when the
        batch does not fit the tail (the caller takes the unfused path)."""
        inputs, targets = batch
        self.output = None
        target = targets.get(self.loss.port)
        size = next(iter(inputs.values())).data.shape[0] if inputs else 0
        if target is None or size == 0 or (self.classes is not None and self._loss_targets(
                target, size, self.classes) is None):
            return None                       # before the head runs (it may draw numbers)
        ex = self.executor
        if self.start:
            reuse, new = self._reuse_for(inputs)
            res = ex.forward(self.params.arrays, inputs, train=train, rng=rng, keep=train,
                             stop=self.start, reuse=reuse)
            if new:
                self._reused_bytes += sum(b.data.nbytes for outs, _, _ in reuse.values()
                                          for b in outs.values())
            value = res.env[self.input_key]
        else:
            res, value = None, inputs.get(self.input_key[1])
        fit = None if value is None else self._tail_input(value)
        if fit is None:
            return None
        x, lengths = fit
        widths = self.widths(x.shape[-1])
        if widths is None or x.shape[0] != size:
            return None
        pair = self._loss_targets(target, size, int(widths[-1]))
        if pair is None:
            return None
        tail = self._tail(widths, size)
        x = np.ascontiguousarray(x)
        tail.forward(x, lengths)
        self.output = tail.acts[-1]           # the net's output (reused by the next batch)
        per = tail.loss_and_gradient(pair[0], pair[1], tail.weights, self.loss.weight / size)
        d_x = tail.backward(x, lengths) if train else None
        # batch_loss's mean (np.add.reduce in float64), times the loss's weight
        value = self.loss.weight * (float(np.add.reduce(per, axis=0, dtype=np.float64)) / size)
        return value, res, d_x

    def gradient(self, batch, rng):
        """(loss, flat gradient or None when the loss is not finite, head result) of one
        training batch, or None (unfused)."""
        done = self.run(batch, rng, True)
        if done is None:
            return None
        value, res, d_x = done
        if not np.isfinite(value):
            return value, None, res
        params = self.params
        if res is not None:
            grads = self.executor.backward(res, {}, d_values={self.input_key: d_x},
                                           input_gradients=())
            params.gather(grads.arrays, self.head_paths)
        return value, params.grad, res
