"""Training's fast paths: ADAM over the whole flat parameter buffer in one pass, and the
small layers at the end of a net (a "tail": SequenceLast, Linear, elementwise functions,
Softmax) run forward, through their loss and backward as bare kernel calls.

Why: a small net's training step is mostly calls, not arithmetic.  The seed page's x/y
classifier (GRU 5 → SequenceLast → Linear 3 → Softmax) spent about 60 % of a step in some
twenty numpy/Numba calls around its GRU kernels, each a few microseconds for a few hundred
numbers, most of it the layers' and the executor's bookkeeping around the kernels
(BENCHMARKS.md, 2026-12-06).  A `Tail` calls the very kernels the layers run
(`_linear_forward_kernel`, `_softmax_kernel`, `_index_logits_kernel`, …), in the same order
on arrays of the same types, so the arithmetic is the layers' own and nothing new is
compiled (one jitted function holding them all took about 27 s to compile: it would have
undone issue 17's cut of the first run's compile time); the buffers and views are laid out
once, the tail's weights are read from, and its gradients written into, the optimizer's
flat buffers (no gathering).

A tail program is an int64 array of rows (op, a, b): op `LAST` (each example's last valid
step; only first), `LINEAR` (a = offset of the weights in the flat buffer, b = offset of the
biases or -1), `MAP` (a = the elementwise function's code), `SOFTMAX`; ``widths[k]`` is the
width of the k-th activation (``widths[0]`` the tail's input's last axis).  The loss: `INDEX`
(cross-entropy against class indices, fused with the log-softmax of the last activation:
the net's SoftmaxLayer is left out of the program, as NetTrain's unfused path does through
``d_logits``) or `SQUARED` (mean squared error against target vectors).
"""

import numpy as np

from ._jit import kernel
from .elementwise import _backward_kernel as _map_backward_kernel
from .elementwise import _forward_kernel as _map_forward_kernel
from .linear import _linear_backward_kernel, _linear_forward_kernel
from .losses import _index_logits_kernel, _regression_kernel
from .sequence_last import _last_backward_kernel, _last_forward_kernel
from .softmax import _softmax_backward_kernel, _softmax_kernel

__all__ = ["adam_update", "Tail", "flat_linears", "LAST", "LINEAR", "MAP", "SOFTMAX", "INDEX", "SQUARED"]

LAST, LINEAR, MAP, SOFTMAX = 0, 1, 2, 3          # the ops of a tail program
INDEX, SQUARED = 0, 1                            # its losses


# --------------------------------------------------------------------------------------------
# ADAM
# --------------------------------------------------------------------------------------------

@kernel
def _adam_kernel(w, g, m, v, coef, step_sizes):
    """One ADAM update of w in place: coef = (β1, 1-β1, β2, 1-β2, ε) in w's dtype;
    step_sizes: the bias-corrected learning rate, one for all (shape (1,)) or per entry."""
    b1, c1, b2, c2, eps = coef[0], coef[1], coef[2], coef[3], coef[4]
    per_entry = step_sizes.shape[0] > 1
    for i in range(w.shape[0]):
        gi = g[i]
        mi = m[i] * b1 + c1 * gi
        vi = v[i] * b2 + (gi * gi) * c2
        m[i] = mi
        v[i] = vi
        rate = step_sizes[i] if per_entry else step_sizes[0]
        w[i] -= mi / (np.sqrt(vi) + eps) * rate


def adam_update(w, g, m, v, coef, step_sizes) -> None:
    """w, g, m, v: flat arrays of one dtype; see `_adam_kernel`."""
    _adam_kernel(w, g, m, v, coef, step_sizes)



# --------------------------------------------------------------------------------------------
# The tail: the layers' own kernels called one after the other on buffers laid out once
# --------------------------------------------------------------------------------------------

def flat_linears(program, widths, flat, grad) -> list:
    """The (weights, biases or None, their gradients) of the program's LINEAR ops as views
    of the optimizer's buffers (their offsets in the program's rows)."""
    out = []
    for k, (op, a, b) in enumerate(program):
        if op == LINEAR:
            n_in, n_out = int(widths[k]), int(widths[k + 1])
            size = n_out * n_in
            out.append((flat[a:a + size].reshape(n_out, n_in),
                        flat[b:b + n_out] if b >= 0 else None,
                        grad[a:a + size].reshape(n_out, n_in),
                        grad[b:b + n_out] if b >= 0 else None))
    return out


class Tail:
    """A tail program (see the module docstring) laid out for one batch size and input
    width: every activation, gradient, weight and weight-gradient view made once, so a run
    is the kernels' calls and nothing else.  ``linears``: per LINEAR op (weights, biases or
    None, and their gradients' buffers, None when evaluating only), arrays whose values may
    change in place between runs (the optimizer's views), unless ``fixed`` (a net's own
    arrays, evaluated: the transposed weights are made once, and each run has activations
    of its own, its output the caller's to keep; no loss or backward then)."""

    def __init__(self, program, widths, batch: int, dtype, linears, loss: int = INDEX,
                 fixed: bool = False):
        self.program, self.widths, self.batch, self.loss = program, widths, batch, loss
        self.fixed = fixed
        self.acts = [np.empty((batch, int(w)), dtype) for w in widths[1:]]
        self.d_acts = [np.empty((batch, int(w)), dtype) for w in widths[1:]]
        self.ops = []
        linears = iter(linears)
        for k, (op, a, b) in enumerate(program):
            n_in, n_out = int(widths[k]), int(widths[k + 1])
            if op == LINEAR:
                w, bias, d_w, d_b = next(linears)
                w_t = np.array(w.T, dtype, order="C") if fixed else np.empty((n_in, n_out), dtype)
                if bias is None:
                    bias = np.zeros(0, dtype)
                elif fixed:                    # never a read-only array: see _jit.writable
                    bias = np.array(bias, dtype)
                self.ops.append((op, w, w_t, bias, d_w,
                                 np.empty(n_out, dtype) if d_b is None else d_b))
            elif op == MAP:
                self.ops.append((op, int(a)))
            elif op == SOFTMAX:
                self.ops.append((op, np.full(batch, n_out, np.int64)))
            else:
                self.ops.append((op,))
        width = int(widths[-1])
        self.y3 = self.acts[-1].reshape(batch, 1, width)
        self.d_y3 = self.d_acts[-1].reshape(batch, 1, width)
        self.losses = np.empty(batch, dtype)

    def forward(self, x, lengths):
        """x: (B, F) or, when the program starts with LAST, (B, T, F), C-contiguous.
        Returns the last activation."""
        acts = self.acts
        if self.fixed:         # evaluating: buffers of its own (a net may run in two threads)
            acts = [np.empty_like(a) for a in acts]
        for k, op in enumerate(self.ops):
            out = acts[k]
            if op[0] == LAST:
                _last_forward_kernel(x, lengths, out)
                continue
            inp = x if k == 0 else acts[k - 1]
            if op[0] == LINEAR:
                _, w, w_t, bias = op[:4]
                if not self.fixed:
                    np.copyto(w_t, w.T)
                _linear_forward_kernel(inp, w_t, bias, out)
            elif op[0] == MAP:
                _map_forward_kernel(op[1], inp.reshape(-1), out.reshape(-1))
            else:
                _softmax_kernel(inp, op[1], out)
        return acts[-1]

    def loss_and_gradient(self, classes, targets, weights, scale):
        """The per-example losses of the last activation (and, in d_acts, the gradient of
        their sum times ``scale``)."""
        if self.loss == INDEX:
            _index_logits_kernel(self.y3, classes, weights, self.losses, self.d_y3)
        else:
            _regression_kernel(0, self.y3, targets.reshape(self.y3.shape), weights,
                               self.losses, self.d_y3)
        if scale != 1:
            self.d_acts[-1] *= scale
        return self.losses

    def backward(self, x, lengths):
        """The arrays' gradients into grad; returns the gradient for x."""
        acts, d_acts = self.acts, self.d_acts
        d_x = np.empty_like(x)
        for k in range(len(self.ops) - 1, -1, -1):
            op = self.ops[k]
            d_out = d_acts[k]
            d_in = d_x if k == 0 else d_acts[k - 1]
            if op[0] == LAST:
                _last_backward_kernel(d_out, lengths, d_in)
                continue
            inp = x if k == 0 else acts[k - 1]
            if op[0] == LINEAR:
                _, w, _, _, d_w, d_b = op
                _linear_backward_kernel(inp, w, d_out, d_in, d_w, d_b)
            elif op[0] == MAP:
                _map_backward_kernel(op[1], inp.reshape(-1), acts[k].reshape(-1),
                                     d_out.reshape(-1), d_in.reshape(-1))
            else:
                _softmax_backward_kernel(acts[k], d_out, op[1], d_in)
        return d_x
