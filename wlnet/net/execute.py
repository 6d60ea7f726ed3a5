"""Running a net on data: a flat program of layer ops, forward and backward.

``Executor.for_net(net, precision)`` builds (once per net structure and precision, cached)
a flat program: the leaves in topological order, each with the places its inputs come from
(net input ports or other leaves' output ports, container edges resolved), the place its
initial states come from (a graph edge, the caller's ``initial_states``, or zeros) and the
op that runs the layer, made by the backend (``wlnet.net.backends``: a custom op or the
layer's composition of primitives).  Values live in an environment keyed by

    ("in", port)                 a net input port
    (leaf path, "out", port)     a leaf's output port
    (leaf path, "state", name)   a leaf's final state

so forward is one loop over the steps and backward the same loop reversed, accumulating
gradients where a value fans out.

Data enters as ``Batch`` es (``encode_inputs`` turns WL expressions into them, through the
port encoders; see ``wlnet.net.batch``) and leaves as ``Batch`` es (``decode_outputs``
turns them back into expressions, through the output decoders).

State keys are the ``InteriorStates`` keys of the net without the WL spelling: ``("1",
"State")`` for the state of layer "1" of a container, ``("State",)`` for a lone layer.

What an executor tells its callers (the WL face, NetTrain):
  input_formats / output_formats   port -> PortFormat(name, type, encoder/decoder or None)
  state_keys, state_sizes          the interior recurrent states, in order, and their dims
  output_producers                 port -> the step producing it (a layer that
                                   ``gives_logits``: a loss may fuse with it, through
                                   ``res.logits`` and ``d_logits``)
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

import numpy as np

from wlnet.net.batch import NetDataError, PortFormat, decode_port, encode_port, is_integer_port
from wlnet.net.backends import backend as backend_named
from wlnet.net.backends.numba.composed import ComposedOp
from wlnet.net.custom_op import CustomOp
from wlnet.net.primitives import PRIMITIVES
from wlnet.net.types import LengthVar, SizeVar
from wlnet.net.values import Batch, RunContext
from wlnet.net.net import port_coder
from wlnet.net.layers.softmax import normalises_classes
from wlnet.net.spec import LayerNode

__all__ = ["Executor", "Batch", "NetDataError", "ForwardResult", "Gradients", "DTYPES",
           "state_key"]

DTYPES = {"Real32": np.dtype(np.float32), "Real64": np.dtype(np.float64)}


class Step(NamedTuple):
    path: tuple                  # the leaf's path in the net
    layer: LayerNode
    op: object
    inputs: dict                 # port -> environment key
    fed_states: dict             # state -> environment key (a graph edge feeds it)
    interior: dict               # state -> state key (not fed: the caller may give it)
    array_paths: dict            # array name -> path in Net.arrays
    output_ports: tuple          # the layer's output ports and state names (asked once, not
    state_names: tuple           # per backward pass: the layer spec builds them each time)


class ForwardResult(NamedTuple):
    outputs: dict                # output port -> Batch
    final_states: dict           # state key -> (B, n) array
    logits: dict                 # output port -> pre-softmax input (keep=True, Softmax outputs)
    env: dict                    # environment (keep=True) for backward
    caches: list                 # per step (keep=True)
    batch_size: int
    # array path -> new value of a statistic array (train=True, keep=True: see CustomOp's
    # array_updates); the caller decides whether to store them (NetTrain does)
    array_updates: dict = {}


class Gradients(NamedTuple):
    arrays: dict                 # array path -> gradient
    inputs: dict                 # input port -> gradient (like the port's Batch data)
    states: dict                 # state key -> gradient of the initial state


def state_key(path: tuple, state: str) -> tuple:
    """("Nodes", "1", "Nodes", "a") + "State" → ("1", "a", "State")."""
    return tuple(p for i, p in enumerate(path) if i % 2 == 1) + (state,)


# ---------------------------------------------------------------------------- wiring

class _Wiring:
    def __init__(self, dtype, backend):
        self.dtype = dtype
        self.backend = backend
        self.steps: list[Step] = []
        self.outputs_at: dict = {}      # node path -> its output ports' keys (NetPort[{1, 2, …}])
        # > 0 while wiring the inner net of a NetMapOperator: its leaves run once on a batch
        # of elements, so their recurrent states are not the net's interior states (each
        # element starts from zeros; final states are not reported)
        self.stateless = 0
        # a container's state port -> the final-state key of the layer inside that owns it
        # (NetBidirectionalOperator's "ForwardState" is its forward layer's "State")
        self.state_alias: dict = {}
        # (prefix, prefix of its arrays) while wiring a net a second time on other data
        # with the same arrays (NetGANOperator's discriminator on the fakes)
        self.array_alias = None

    def wire(self, node, prefix: tuple, sources: dict, state_feeds: dict) -> dict:
        """Append the steps of ``node`` (at ``prefix``) whose input ports take their values
        from ``sources`` (port -> key); return its output ports' keys.  ``state_feeds``:
        (leaf path, state) -> key for the states a graph edge feeds."""
        if isinstance(node, LayerNode):
            outs = self._leaf(node, prefix, sources, state_feeds)
        elif node.type == "Chain":
            outs = self._chain(node, prefix, sources, state_feeds)
        elif node.type == "Graph":
            outs = self._graph(node, prefix, sources, state_feeds)
        else:
            from wlnet.net.containers.operators import wire_operator
            outs = wire_operator(self, node, prefix, sources, state_feeds)
        self.outputs_at[prefix] = outs
        return outs

    def inner_executor(self, root) -> "Executor":
        """An executor of its own, on this backend and precision, for a net an operator runs
        in a loop (NetFoldOperator's step net)."""
        precision = next(name for name, dtype in DTYPES.items() if dtype == self.dtype)
        return Executor(root, precision, self.backend)

    def view(self, path: tuple, op, inputs: dict) -> tuple:
        """Append a step that only moves data (an operator's reshape or reversal, see
        ``wlnet.net.containers.operators``); return the key of its output."""
        from wlnet.net.containers.operators import ViewLayer
        self.steps.append(Step(path, ViewLayer(path[-1]), op, inputs, {}, {}, {}, ("Output",), ()))
        return (path, "out", "Output")

    def _leaf(self, node, prefix, sources, state_feeds):
        node, sources = self._fused_with_softmax(node, sources)
        arrays = {n: self._array_at(node.array_path(prefix, n)) for n in node.array_shapes()}
        return self.step(node, prefix, sources, state_feeds, self.backend.op_for(node, self.dtype),
                         arrays)

    def _fused_with_softmax(self, node, sources):
        """A cross-entropy loss fed by a SoftmaxLayer over the class level reads the
        softmax's input instead and computes the loss by a log-softmax (the paclet's fusion:
        exact where a probability underflows).  The softmax still runs for its other
        readers; its gradient from the loss goes straight to the logits.  Anything else:
        ``node`` and ``sources`` as they are."""
        fuse = getattr(node.spec, "fused_with_softmax", None)
        key = sources.get("Input")
        if fuse is None or key is None or key[1:] != ("out", "Output"):
            return node, sources
        softmax = next((s for s in reversed(self.steps) if s.path == key[0]), None)
        if softmax is None or not isinstance(softmax.layer, LayerNode) \
                or not normalises_classes(softmax.layer):
            return node, sources
        fused = fuse(node)
        if fused is None:
            return node, sources
        return fused, dict(sources, Input=softmax.inputs["Input"])

    def _array_at(self, path: tuple) -> tuple:
        if self.array_alias is None or path[:len(self.array_alias[0])] != self.array_alias[0]:
            return path
        wired, stored = self.array_alias
        return stored + path[len(wired):]

    def step(self, node, prefix, sources, state_feeds, op, arrays: dict) -> dict:
        """Append one step running ``op`` for ``node`` (a layer, or a net operator that runs
        as one op: NetFoldOperator); ``arrays``: the op's array names -> paths."""
        fed, interior = {}, {}
        for s in node.states():
            if (prefix, s) in state_feeds:
                fed[s] = state_feeds[(prefix, s)]
            elif not self.stateless:
                interior[s] = state_key(prefix, s)
        inputs = {p: sources[p] for p in node.inputs()}
        self.steps.append(Step(prefix, node, op, inputs, fed,
                               interior, arrays,
                               tuple(node.outputs()), tuple(node.states())))
        return {p: (prefix, "out", p) for p in node.outputs()}

    def _chain(self, node, prefix, sources, state_feeds):
        outs = sources
        for i, name in enumerate(node.names):
            sub = node.nodes[name]
            if i > 0:
                outs = {next(iter(sub.inputs())): next(iter(outs.values()))}
            outs = self.wire(sub, prefix + ("Nodes", name), outs, state_feeds)
        return outs

    def _graph(self, node, prefix, sources, state_feeds):
        outs_of: dict = {}

        def key_of(src):
            if src[0] == "Inputs":
                return sources[src[1]]
            if src[2] == "Nodes":              # an output of a layer inside a nested net
                return self.outputs_at[prefix + src[:-2]][src[-1]]
            if src[2] == "Outputs":
                return outs_of[src[1]][src[3]]
            key = (prefix + ("Nodes", src[1]), "state", src[3])           # a final state
            return self.state_alias.get(key, key)

        feeds = dict(state_feeds)
        for name in node.order():
            sub_in = {}
            for dst, src in node.edges:
                if dst[0] != "Nodes" or dst[1] != name:
                    continue
                if dst[2] == "Inputs":
                    sub_in[dst[3]] = key_of(src)
                else:
                    feeds[(prefix + ("Nodes", name), dst[3])] = key_of(src)
            outs_of[name] = self.wire(node.nodes[name], prefix + ("Nodes", name), sub_in, feeds)
        return {dst[1]: key_of(src) for dst, src in node.edges if dst[0] == "Outputs"}


# ---------------------------------------------------------------------------- the executor

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 64


class Executor:
    """The program of one net structure at one precision (see the module docstring)."""

    def __init__(self, root, precision: str = "Real32", backend=None):
        if precision not in DTYPES:
            raise ValueError(f"unknown precision {precision!r}")
        self.root = root
        self.precision = precision
        self.dtype = DTYPES[precision]
        self.backend = backend or backend_named()
        wiring = _Wiring(self.dtype, self.backend)
        sources = {p: ("in", p) for p in root.inputs()}
        self.output_keys = wiring.wire(root, (), sources, {})
        self.steps = wiring.steps
        self.outputs_at = wiring.outputs_at      # node path -> its outputs' keys (NetPort[layer])
        self.input_formats = {p: PortFormat(p, t, port_coder(root, p, True))
                              for p, t in root.inputs().items()}
        self.output_formats = {p: PortFormat(p, t, port_coder(root, p, False))
                               for p, t in root.outputs().items()}
        self.state_keys = [k for s in self.steps for k in s.interior.values()]
        self.state_sizes = {k: s.layer.states()[name].dims
                            for s in self.steps for name, k in s.interior.items()}
        producers = {(s.path, "out", p): s for s in self.steps for p in s.layer.outputs()}
        self.output_producers = {port: producers.get(key) for port, key in self.output_keys.items()}
        codes = {("in", p) for p, f in self.input_formats.items() if is_integer_port(f.type)}
        self._runs = [_run_of(s, codes) for s in self.steps]
        # (arrays version, each step's arrays, the fixed-entries mapping they hold or None)
        self._kept_arrays = (None, None, None)
        # output port -> where the input of the Softmax producing it is (see ForwardResult)
        self._plain_chain = _plain_chain(self)
        self._chain_tail = None                  # ((arrays version, input shape), Tail)
        self._gradient_plans: dict = {}          # see _gradient_plan
        self._logits_at = tuple(
            (port, step.inputs["Input"]) for port, step in self.output_producers.items()
            if step is not None and isinstance(step.layer, LayerNode)
            and normalises_classes(step.layer))

    @classmethod
    def for_net(cls, net, precision: str = "Real32", backend=None) -> "Executor":
        """The (cached) executor of ``net`` at ``precision`` on ``backend`` (default: the
        current one, $WLNET_BACKEND)."""
        backend = backend or backend_named()
        key = (net.root, precision, backend.NAME)
        ex = _CACHE.get(key)
        if ex is None:
            ex = cls(net.root, precision, backend)
            _CACHE[key] = ex
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(key)
        return ex

    # -- data ---------------------------------------------------------------------------

    def encode_inputs(self, data: dict) -> dict:
        """{port: [Expr, …]} (one entry per example) → {port: Batch}; NetDataError for bad
        data."""
        batches = {port: encode_port(self.input_formats[port], examples, self.dtype)
                   for port, examples in data.items()}
        self._check_shared_lengths(data, batches)
        return batches

    def _check_shared_lengths(self, data: dict, batches: dict) -> None:
        """Ports whose sequences have one length in the net (a loss layer's "Input" and
        "Target", the inputs of a ThreadingLayer) must be given sequences of one length,
        example by example: NetDataError naming the second port otherwise."""
        first_port = {}                   # length variable -> the first port that has it
        for port, batch in batches.items():
            dims = getattr(self.input_formats[port].type, "dims", ())
            if batch.lengths is None or not dims or not isinstance(dims[0], LengthVar):
                continue
            other = first_port.setdefault(dims[0], port)
            if other == port:
                continue
            want = batches[other].lengths
            bad = np.flatnonzero(want != batch.lengths)
            if bad.size:
                i = int(bad[0])
                raise NetDataError(port, data[port][i],
                                   f'a sequence of the same length as the one given to the port '
                                   f'"{other}" (length {int(want[i])})')

    def decode_outputs(self, batches: dict, property=None, raw: bool = False,
                       numeric_array: bool = False) -> dict:
        """{port: Batch} → {port: [Expr, …]}: each example's value through the port's decoder
        (``property``: a decoder property, None for its default; ``raw``: no decoder);
        plain lists of reals, or NumericArrays when ``numeric_array``."""
        return {port: decode_port(self.output_formats[port], b, property, raw, numeric_array,
                                  self.precision)
                for port, b in batches.items()}

    def arrays_for(self, net) -> dict:
        """The net's arrays as numpy arrays of the working dtype, by path."""
        return {path: np.asarray(value.array, self.dtype) for path, value in net.arrays.items()}

    # -- running ------------------------------------------------------------------------

    def _free_sizes(self, batches: dict) -> dict | None:
        """The sizes an input port's type leaves free, as the batches give them."""
        sizes = {}
        for port, batch in batches.items():
            fmt = self.input_formats.get(port)
            dims = getattr(getattr(fmt, "type", None), "dims", None)
            shape = np.shape(batch.data)[1:]
            if dims is None or len(dims) != len(shape):
                continue
            sizes.update((d, n) for d, n in zip(dims, shape) if isinstance(d, SizeVar))
            if dims and isinstance(dims[0], LengthVar):
                # a sequence length another layer takes (ReplicateLayer[Automatic] to it):
                # each example's length, or the one length of them all
                sizes[dims[0]] = shape[0] if batch.lengths is None else np.asarray(batch.lengths)
        return sizes or None

    def forward(self, arrays: dict, batches: dict, *, train: bool = False, rng=None,
                initial_states: dict | None = None, keep: bool = False,
                stop: int | None = None, reuse: dict | None = None,
                batch_size: int | None = None) -> ForwardResult:
        """``arrays``: path -> array.  A mapping with a ``version`` attribute (NetTrain's
        ``VersionedArrays``: a token that stays the same object exactly as long as the values
        do) lets ops reuse what they derive from the arrays, such as the GRU's packed
        weights; a plain dict has them derived on every call.
        ``stop``: run only the first ``stop`` steps (NetTrain's fused tail runs the rest,
        wlnet.net.train.fused); the result then has no outputs and always its environment.
        ``reuse``: a dict kept by the caller for these ``batches`` (NetTrain: one per batch
        of its data), where the steps whose outputs follow from the batch alone (a
        UnitVectorLayer on the net's integer input: ``_Run.constant``) leave what they
        computed, to be taken instead of computing it again."""
        if not (train or keep or initial_states or stop is not None) and self._plain_chain:
            outputs = self._chain_forward(arrays, batches)
            if outputs is not None:
                return ForwardResult(outputs, {}, {}, {}, [], next(iter(outputs.values()))
                                     .data.shape[0], {})
        if train and rng is None:
            rng = np.random.default_rng()
        if batches or batch_size is None:      # (a net without inputs: the caller's size)
            batch_size = next(iter(batches.values())).data.shape[0] if batches else 1
        dtype = self.dtype
        ctx = RunContext(train, rng, keep, dtype, getattr(arrays, "version", None),
                         batch_size, self._free_sizes(batches))
        env = {("in", p): b for p, b in batches.items()}
        initial_states = initial_states or {}
        caches, finals, updates = [], {}, {}
        runs = self._runs if stop is None else self._runs[:stop]
        for i, (step, run, arrays_here) in enumerate(zip(
                self.steps, runs, self._step_arrays(arrays, ctx.arrays_version))):
            ins = {p: env[k] for p, k in run.inputs}
            states = self._step_states(step, env, initial_states, batch_size) \
                if run.stateful else {}
            if reuse is not None and run.constant:
                done = reuse.get(i)
                if done is None:
                    done = reuse[i] = run.forward(ins, arrays_here, states, ctx)
                outs, step_finals, cache = done
            else:
                outs, step_finals, cache = run.forward(ins, arrays_here, states, ctx)
            out_keys = run.outputs
            for p, b in outs.items():
                env[out_keys[p] if p in out_keys else (step.path, "out", p)] = b
            for s, value in step_finals.items():
                env[(step.path, "state", s)] = Batch(value, None)
                if s in step.interior:
                    finals[step.interior[s]] = value
            if keep:
                caches.append(cache)
                if train and run.updates:
                    for name, value in step.op.array_updates(cache).items():
                        updates[step.array_paths[name]] = value
        if stop is not None:
            return ForwardResult({}, finals, {}, env, caches, batch_size, updates)
        outputs = {p: env[k] for p, k in self.output_keys.items()}
        logits = {port: env[k].data for port, k in self._logits_at} if keep else {}
        return ForwardResult(outputs, finals, logits, env if keep else {}, caches,
                             batch_size, updates)

    def _chain_forward(self, arrays, batches):
        """Evaluation of a net that is a chain of tail layers (Linear, elementwise functions,
        Softmax: see wlnet.net.tail) on vectors, as bare kernel calls (the same kernels
        as the layers'); None when the data or the arrays are not of that form."""
        version = getattr(arrays, "version", None)
        port, rows = self._plain_chain
        batch = batches.get(port)
        x = None if batch is None else batch.data
        if version is None or batch.lengths is not None or type(x) is not np.ndarray \
                or x.ndim != 2 or x.dtype != self.dtype or not x.flags.c_contiguous:
            return None
        key = (version, x.shape)
        tail = self._chain_tail
        if tail is None or tail[0] != key:
            tail = self._chain_tail = (key, self._chain_layout(arrays, rows, x.shape))
        if tail[1] is None:
            return None
        out = tail[1].forward(x, None)
        return {p: Batch(out, None) for p in self.output_keys}

    def _chain_layout(self, arrays, rows, shape):
        """The Tail of the chain for a batch of ``shape``, or None when the arrays' sizes do
        not chain."""
        from wlnet.kernels.training import LINEAR, Tail
        widths, linears = [shape[1]], []
        for op, argument, paths in rows:
            if op == LINEAR:
                w = arrays[paths[0]]
                b = None if paths[1] is None else arrays[paths[1]]
                if not (_is_ready(w, self.dtype) and w.ndim == 2 and w.shape[1] == widths[-1]
                        and (b is None or (_is_ready(b, self.dtype) and b.shape == w.shape[:1]))):
                    return None
                linears.append((w, b, None, None))
                widths.append(w.shape[0])
            else:
                widths.append(widths[-1])
        program = np.array([(op, argument, 0) for op, argument, _ in rows], np.int64)
        return Tail(program, np.array(widths, np.int64), shape[0], self.dtype, linears,
                    fixed=True)

    def _step_arrays(self, arrays, version) -> list:
        """Each step's arrays (name -> array in the working dtype), for ``arrays`` (path ->
        array).  Kept for the last ``version`` (see RunContext.arrays_version): a net
        evaluated again and again, or validated after a training step, finds them ready.
        A mapping whose ``fixed_entries`` is true (NetTrain's parameters: views whose values
        change in place) keeps them across versions when none had to be converted."""
        kept = self._kept_arrays
        if version is not None and (kept[0] is version or kept[2] is arrays):
            return kept[1]
        dtype = self.dtype
        per_step = []
        converted = False
        for run in self._runs:
            here = {}
            for n, p in run.arrays:
                a = arrays[p]
                if type(a) is np.ndarray and a.dtype == dtype:
                    here[n] = a
                else:
                    here[n] = _as_dtype(a, dtype)
                    converted = True
            per_step.append(here)
        if version is not None:
            same = arrays if getattr(arrays, "fixed_entries", False) and not converted else None
            self._kept_arrays = (version, per_step, same)
        return per_step

    def _step_states(self, step: Step, env: dict, initial_states: dict, batch_size: int) -> dict:
        """The initial states of a step: fed by a graph edge, or given by the caller
        (absent: zeros)."""
        states = {s: np.asarray(env[k].data if isinstance(env[k], Batch) else env[k], self.dtype)
                  for s, k in step.fed_states.items()}
        for s, skey in step.interior.items():
            if skey in initial_states:
                states[s] = self._state_batch(initial_states[skey], batch_size,
                                              self.state_sizes[skey])
        return states

    def _state_batch(self, value, batch_size, dims):
        value = np.asarray(value, self.dtype)
        if value.ndim == len(dims):            # one state for every example
            value = np.broadcast_to(value, (batch_size,) + value.shape)
        return np.array(value, self.dtype, order="C")       # writable: one kernel signature

    def backward(self, res: ForwardResult, d_outputs: dict, d_logits: dict | None = None,
                 d_final_states: dict | None = None, d_values: dict | None = None,
                 input_gradients=None) -> Gradients:
        """Gradients of sum(d_outputs[p] * outputs[p]) (+ the same for d_logits against the
        softmax inputs and d_final_states against interior final states).  Through the
        steps the forward pass ran (see its ``stop``); ``d_values``: environment key ->
        the gradient of a value inside the net (the input of a fused tail).
        ``input_gradients``: the net's input ports whose gradients the caller wants (None:
        all of them; NetTrain wants none): the layers' gradients toward the others are not
        computed (see ``_gradient_plan``)."""
        if not res.caches:
            raise ValueError("backward needs a forward result run with keep=True")
        plan = self._gradient_plan(input_gradients)
        grads: dict = dict(d_values) if d_values else {}

        def add(key, g):
            if g is None:
                return
            if key in grads:
                grads[key] = grads[key] + g
            else:
                grads[key] = np.asarray(g, self.dtype)

        for port, d in d_outputs.items():
            add(self.output_keys[port], d)
        direct: dict = {}                      # step index -> gradient of its Softmax input
        for port, d in (d_logits or {}).items():
            step = self.output_producers[port]
            direct[self.steps.index(step)] = d
        for skey, d in (d_final_states or {}).items():
            for step in self.steps:
                for s, k in step.interior.items():
                    if k == skey:
                        add((step.path, "state", s), d)
        out = Gradients({}, {}, {})
        for i in range(len(res.caches) - 1, -1, -1):
            step, run = self.steps[i], self._runs[i]
            if not run.differentiable and i not in direct:
                continue                       # nothing to find (integer codes in, no arrays)
            d_outs = {p: grads.get(k) for p, k in run.outputs.items()}
            d_states = {s: grads.get(k) for s, k in run.final_states}
            incoming = _any_given(d_outs) or _any_given(d_states)
            if not incoming and i not in direct:
                continue                       # nothing downstream depends on this layer
            wanted, spares = plan[i]
            if wanted is None:
                continue                       # no gradient wanted from this layer
            if not incoming:
                d_in, d_arr, d_init = {}, {}, {}
            elif spares:
                d_in, d_arr, d_init = step.op.backward(res.caches[i], d_outs, d_states, wanted)
            else:
                d_in, d_arr, d_init = step.op.backward(res.caches[i], d_outs, d_states)
            if i in direct:
                d_in = dict(d_in)
                prev = d_in.get("Input")
                d_in["Input"] = direct[i] if prev is None else prev + direct[i]
            for p, g in d_in.items():
                if p in wanted:
                    add(step.inputs[p], g)
            for name, g in d_arr.items():
                path = step.array_paths[name]
                out.arrays[path] = out.arrays[path] + g if path in out.arrays else g
            for s, g in d_init.items():
                if s in step.fed_states:
                    add(step.fed_states[s], g)
                elif s in step.interior:           # else: a mapped net's zero start
                    out.states[step.interior[s]] = g
        for port in self.input_formats:
            g = grads.get(("in", port))
            if g is not None:
                out.inputs[port] = g
        return out


    def _gradient_plan(self, input_gradients) -> tuple:
        """Per step, (the input ports whose gradients are wanted, whether its op can spare
        the others: ``CustomOp.spares_input_gradients``), or (None, _) when nothing of the
        step's backward pass is wanted.  A value wants a gradient when it is a net input
        the caller asks about (``input_gradients``; None: every one) or the output of a
        step with arrays, states or an input that wants one (as torch's requires_grad):
        the gradient toward the net's images in a training step is never computed.  Kept
        per set of ports asked about."""
        key = None if input_gradients is None else frozenset(input_gradients)
        plan = self._gradient_plans.get(key)
        if plan is None:
            ports = self.input_formats if key is None else key
            wanting = {("in", p) for p in ports}
            plan = []
            for step, run in zip(self.steps, self._runs):
                wanted = frozenset(p for p, k in step.inputs.items() if k in wanting)
                if not (wanted or step.array_paths or run.stateful):
                    plan.append((None, False))
                    continue
                wanting.update(run.outputs.values())
                wanting.update(k for _, k in run.final_states)
                plan.append((wanted, getattr(step.op, "spares_input_gradients", False)))
            plan = self._gradient_plans[key] = tuple(plan)
        return plan


class _Run(NamedTuple):
    """What ``Executor.forward`` does for one step, worked out once per executor (a small
    net's forward pass is mostly this bookkeeping)."""
    forward: object              # the op's bound forward
    inputs: tuple                # ((port, environment key), …)
    arrays: tuple                # ((array name, path), …)
    outputs: dict                # output port -> environment key
    stateful: bool               # has states (fed by an edge, or interior)
    updates: bool                # the op keeps statistic arrays up to date (array_updates)
    final_states: tuple          # ((state, environment key of its final value), …)
    # backward has something to find: a step that only reads integer codes given to the
    # net (UnitVectorLayer, EmbeddingLayer's lookup has arrays) and has no arrays or
    # states has no gradient to give
    differentiable: bool
    # its outputs follow from the net's integer inputs alone, the same on every call with
    # the same data: a UnitVectorLayer on an input port (see Executor.forward's reuse)
    constant: bool


def _run_of(step: Step, codes: set) -> _Run:
    """``codes``: the environment keys of the net's integer input ports."""
    own_updates = getattr(type(step.op), "array_updates", None)
    stateful = bool(step.fed_states or step.interior)
    differentiable = bool(step.array_paths) or stateful \
        or any(k not in codes for k in step.inputs.values())
    one_hot = PRIMITIVES["one_hot"].forward
    constant = not differentiable and isinstance(step.op, ComposedOp) \
        and all(s.forward is one_hot for s in step.op.steps)
    return _Run(step.op.forward, tuple(step.inputs.items()), tuple(step.array_paths.items()),
                {p: (step.path, "out", p) for p in step.output_ports}, stateful,
                own_updates is not None and own_updates is not CustomOp.array_updates,
                tuple((s, (step.path, "state", s)) for s in step.state_names),
                differentiable, constant)


def _plain_chain(ex: Executor):
    """(input port, tail rows) when the net is one chain of tail layers from its only
    (real-valued) input to its only output, on the numba backend (Executor._chain_forward),
    else None."""
    from wlnet.kernels.training import LAST
    from wlnet.net.tail import tail_row
    if getattr(ex.backend, "NAME", None) != "numba" or len(ex.input_formats) != 1 \
            or len(ex.output_keys) != 1 or not ex.steps:
        return None
    port = next(iter(ex.input_formats))
    if is_integer_port(ex.input_formats[port].type):
        return None
    rows, source = [], ("in", port)
    for step in ex.steps:
        row = tail_row(step)
        if row is None or row[0] == LAST or step.inputs["Input"] != source:
            return None
        rows.append(row)
        source = (step.path, "out", "Output")
    if next(iter(ex.output_keys.values())) != source:
        return None
    return port, tuple(rows)


def _is_ready(a, dtype) -> bool:
    return type(a) is np.ndarray and a.dtype == dtype and a.flags.c_contiguous


def _any_given(grads: dict) -> bool:
    """Whether any of the gradients is given (a loop: any() over a generator costs
    twice as much, twice per step of every backward pass)."""
    for g in grads.values():
        if g is not None:
            return True
    return False


def _as_dtype(a, dtype):
    if type(a) is np.ndarray and a.dtype == dtype:
        return a                               # training's parameter views: every call
    a = getattr(a, "array", a)                 # NumericArray or ndarray
    return np.asarray(a, dtype)
