"""Training data: the WL data forms, targets, validation splits and batches.

The forms NetTrain accepts (spec §3.2), all normalised to ``{port: [example, …]}``:

    {in1 -> out1, in2 -> out2, …}            the net's only input and only output
    {in1, in2, …} -> {out1, out2, …}         the same, as two lists
    <|"port1" -> {…}, "port2" -> {…}|>       data per port
    {<|"port1" -> …, …|>, …}                 one association per example

Inputs go through the executor's encoders once, up front (``Executor.encode_inputs``);
targets are encoded here, through the output's decoder: a "Class" decoder's labels become
class indices (or one-hot rows for a loss that wants probabilities), a "Scalar" decoder's
numbers length-1 vectors.

Batches (spec §4.2): the examples are randomly permuted once and padded up to whole
batches with randomly chosen extra examples; the batch composition then stays fixed and
only the order of the batches is reshuffled each round.  When an input is a sequence of
varying length the training examples are sorted by length (ties in random order) before
they are cut into batches, so that a batch pads little; each batch is trimmed to its own
longest example.  ``ValidationSet -> Scaled[f]`` holds out the last batches of the random
partition, before any sorting, so the held-out set is a random sample.
"""

from __future__ import annotations

from math import ceil, floor
from typing import NamedTuple

import numpy as np

from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray, to_numpy_data
from wlnet.core.packed import elements_of, examples_array, list_from_array
from wlnet.net.coders.base import CoderError
from wlnet.net.train import TrainError
from wlnet.net.types import IndexIntegerT, LengthVar, _TIMES, describe_type
from wlnet.net.wltext import short_text

try:                                    # the executor line's batch type, when it is there
    from wlnet.net.execute import Batch
except ImportError:                     # pragma: no cover - until execute.py exists
    class Batch(NamedTuple):
        data: np.ndarray
        lengths: np.ndarray | None

__all__ = ["Batch", "port_examples", "example_count", "encode_targets", "partition",
           "validation_split", "bucket_by_length", "take", "PreparedData", "prepare_batches",
           "GeneratedBatches", "ReencodedBatches", "data_values"]


# ---------------------------------------------------------------------------- data forms

_RULES = (S.Rule, S.RuleDelayed)          # looked up once: these run once per example
_LIST, _ASSOCIATION = S.List, S.Association


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in _RULES and len(e.args) == 2


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is _LIST


def _is_assoc(e) -> bool:
    return type(e) is Expr and e.head is _ASSOCIATION


def _key_name(k) -> str | None:
    if type(k) is String:
        return k.value
    if type(k) is Symbol:
        return k.name
    return None


def _assoc_pairs(e) -> list[tuple[str, object]]:
    pairs = []
    for r in e.args:
        name = _key_name(r.args[0]) if _is_rule(r) else None
        if name is None:
            raise TrainError("invtdata", e, "the keys of an association should be port names.")
        pairs.append((name, r.args[1]))
    return pairs


def port_examples(data, input_ports, output_ports) -> dict[str, list]:
    """``data`` in any accepted form → ``{port: [example, …]}`` (every port of the data,
    not only the net's).  Raises TrainError("invtdata")."""
    if _is_rule(data) and any(type(side) is NumericArray for side in data.args):
        data = Expr(data.head, *(_example_list(side) for side in data.args))
    if _is_assoc(data):
        out = {}
        for name, values in _assoc_pairs(data):
            values = _example_list(values)
            if not _is_list(values):
                raise TrainError("invtdata", data, f'the value for "{name}" should be a list of examples.')
            out[name] = elements_of(values)      # a packed array: no element built
        return out
    if _is_rule(data) and _is_list(data.args[0]) and _is_list(data.args[1]):
        ins, outs = data.args
        return _single_ports(data, elements_of(ins), elements_of(outs), input_ports, output_ports)
    if _is_list(data) and data.args:
        items = data.args
        if all(_is_rule(r) for r in items):
            return _single_ports(data, [r.args[0] for r in items], [r.args[1] for r in items],
                                 input_ports, output_ports)
        if all(_is_assoc(a) for a in items):
            out: dict[str, list] = {}
            for a in items:
                for name, value in _assoc_pairs(a):
                    out.setdefault(name, []).append(value)
            if any(len(v) != len(items) for v in out.values()):
                raise TrainError("invtdata", data, "every association should give every port.")
            return out
        if len(input_ports) == 1 and not any(_is_rule(r) or _is_assoc(r) for r in items):
            # a list of inputs for a net of one input that needs no target (it gives its
            # loss: an autoencoder, a teacher-forcing language model)
            return {input_ports[0]: elements_of(data)}
    if _is_list(data) and not data.args:
        raise TrainError("invtdata", data, "there are no examples.")
    if type(data) is String:            # a named dataset ("MNIST"): the Wolfram Data Repository's
        raise TrainError("invtdata", data, "named datasets come from the Wolfram Data Repository, "
                         "which wlnet cannot reach; give the examples themselves (Import a saved "
                         "copy, or build them in the program).")
    raise TrainError("invtdata", data, "give a list of rules input -> output, a rule "
                     "{inputs…} -> {outputs…}, an association of ports, or a list of associations.")


def _example_list(e):
    """A NumericArray of examples (along its first axis: x -> y with x and y whole arrays)
    as the packed list of its examples; anything else as it is."""
    if type(e) is NumericArray and e.array.ndim >= 1:
        return list_from_array(np.asarray(e.array))
    return e


def _single_ports(data, ins, outs, input_ports, output_ports) -> dict[str, list]:
    if sorted(input_ports) == ["Input", "Target"]:
        # a training net with its loss inside (a seq2seq with teacher forcing): in -> out
        # gives its "Input" and its "Target", as in WL
        if len(ins) != len(outs):
            raise TrainError("invtdata", data, "there should be as many outputs as inputs.")
        return {"Input": ins, "Target": outs}
    if len(input_ports) != 1 or len(output_ports) != 1:
        raise TrainError("invtdata", data, "rules input -> output need a net with one input and "
                         "one output port, or the ports \"Input\" and \"Target\"; give an "
                         "association of ports instead.")
    if len(ins) != len(outs):
        raise TrainError("invtdata", data, "there should be as many outputs as inputs.")
    return {input_ports[0]: ins, output_ports[0]: outs}


def example_count(examples: dict, ports) -> int:
    """The number of examples (the same for every port in ``ports``); raises TrainError."""
    for p in ports:
        if p not in examples:
            raise TrainError("invport", p)
    counts = {p: len(examples[p]) for p in ports}
    if len(set(counts.values())) > 1:
        raise TrainError("lenmismatch", ", ".join(f'"{p}"' for p in counts),
                         ", ".join(str(c) for c in counts.values()))
    n = next(iter(counts.values())) if counts else 0
    if n == 0:
        raise TrainError("invtdata", Expr(S.List), "there are no examples.")
    return n


# ---------------------------------------------------------------------------- targets

def _class_indices(port, examples, coder, count) -> np.ndarray:
    labels = getattr(coder, "labels", None) if coder is not None else None
    if labels is not None:
        table = {lab: i for i, lab in enumerate(labels, 1)}
        out = np.empty(len(examples), np.int64)
        for j, e in enumerate(examples):
            k = table.get(e)
            if k is None:
                raise TrainError("invtarget", port, e, "one of the classes " + _short_list(labels))
            out[j] = k
        return out
    arr = examples_array(examples)
    if arr is None:
        arr = to_numpy_data(Expr.from_args(S.List, examples))
    if arr is None or arr.ndim != 1 or arr.dtype.kind != "i" or (
            arr.size and (arr.min() < 1 or (isinstance(count, int) and arr.max() > count))):
        bad = _first_bad(examples, lambda e: type(e) is Integer and e.value >= 1
                         and (not isinstance(count, int) or e.value <= count))
        raise TrainError("invtarget", port, bad, f"a class index between 1 and {count}")
    return arr.astype(np.int64)


def _labels_at_depth(e, depth: int):
    """The labels of a rectangular array of them ``depth`` levels deep (a sequence of
    labels for depth 1, a matrix of them — per-pixel classes — for depth 2) in order, with
    its shape; (None, None) when ``e`` is not one."""
    if depth == 0:
        return [e], ()
    if not _is_list(e):
        return None, None
    if not e.args:                            # an empty sequence of labels
        return ([], (0,)) if depth == 1 else (None, None)
    parts = [_labels_at_depth(a, depth - 1) for a in e.args]
    shapes = {shape for _, shape in parts}
    if any(labels is None for labels, _ in parts) or len(shapes) != 1:
        return None, None
    return [lab for labels, _ in parts for lab in labels], (len(parts), *shapes.pop())


def _given_as_vectors(examples, coder) -> bool:
    """Targets of a "Class" output given as vectors (one-hot or probabilities) rather than
    labels, for a loss that compares vectors (a mean squared loss on a Ramp output)."""
    first = examples[0] if examples else None
    return _is_list(first) and first not in set(getattr(coder, "labels", ()) or ())


def _short_list(labels) -> str:
    from wlnet.net.wltext import short_text
    return short_text(Expr.from_args(S.List, labels))


def _first_bad(examples, ok):
    for e in examples:
        if not ok(e):
            return e
    return examples[0]


def _numbers(e):
    if type(e) in (Integer, Real):
        return float(e.value)
    if type(e) is Rational:
        return float(e.value)
    return None


def _one_example(e, shape, port, out_type):
    arr = e.array if isinstance(e, NumericArray) else to_numpy_data(e)
    if arr is None or arr.dtype.kind not in "if" or not _shape_fits(arr.shape, shape):
        raise TrainError("invtarget", port, e, describe_type(out_type))
    return arr


def _boole(e):
    """True -> 1, False -> 0, throughout a list; anything else as it is."""
    if type(e) is Symbol and e.name in ("True", "False"):
        return Integer(1 if e.name == "True" else 0)
    if _is_list(e):
        return Expr.from_args(S.List, (_boole(a) for a in e.args))
    return e


def _booleans_wanted(dims: tuple) -> str:
    """What a "Boolean" decoder's targets must be, for messages: True or False, or an array
    of them of the output's dimensions (a decoder on a length-1 vector output decodes a
    list of one decision, so it is trained on {True} and {False})."""
    if not dims:
        return "True or False"
    if len(dims) == 1:
        size = f"length-{dims[0]} " if isinstance(dims[0], int) else ""
        return f"a {size}list of True and False values"
    shape = _TIMES.join(str(d) if isinstance(d, int) else "n" for d in dims)
    return f"a {shape} array of True and False values"


def _multi_hot(port, examples, decoder) -> list:
    """Targets of a "Multilabel" class decoder (lists of labels) as multi-hot vectors."""
    from wlnet.net.coders.encoders import ClassEncoder
    encoder = ClassEncoder(decoder.labels, n=decoder.count, multilabel=True)
    out = []
    for e in examples:
        try:
            out.append(NumericArray(encoder.encode_array(e), "Real64"))
        except CoderError:
            raise TrainError("invtarget", port, e, "a list of the classes " + _short_list(
                decoder.labels or ()))
    return out


def _image_arrays(port, examples, decoder, out_type) -> list:
    """Image targets of an output with an "Image" (or "Image3D") decoder as arrays, encoded
    as the decoder reads its outputs (the same size, colour space, statistics and layout)."""
    if decoder.name == "Image3D":
        from wlnet.core.image3d import Image3D as image_class
        from wlnet.net.coders.image3d import matching_image3d_coder as matching
    else:
        from wlnet.core.image import Image as image_class
        from wlnet.net.coders.image import matching_image_coder as matching
    encoder = matching(decoder, "Encoder")
    out = []
    for e in examples:
        if type(e) is not image_class:
            out.append(e)                     # an array already: checked as one below
            continue
        try:
            out.append(NumericArray(encoder.encode_array(e), "Real64"))
        except CoderError:
            raise TrainError("invtarget", port, e, describe_type(out_type))
    return out


def _shape_fits(got, want) -> bool:
    return len(got) == len(want) and all(isinstance(w, LengthVar) or not isinstance(w, int)
                                          or g == w for g, w in zip(got, want))


def encode_targets(port: str, examples: list, out_type, coder, wants: str, dtype) -> Batch:
    """Targets for one output port as a Batch.

    ``wants``: "index" (class indices 1..n, shaped like the output without its class
    axis), "vector" (reals shaped like the output).  Sequence outputs (first dimension a
    varying length) are padded, with a lengths vector."""
    dims = tuple(out_type.dims)
    name = getattr(coder, "name", None)
    if name == "Boolean":                     # True/False targets are the numbers 1/0
        numbers = [_boole(e) for e in examples]
        try:
            return encode_targets(port, numbers, out_type, None, wants, dtype)
        except TrainError as err:             # named as given (False, not 0)
            bad = err.slots[1] if err.tag == "invtarget" else None
            given = [e for e, n in zip(examples, numbers) if n is bad]
            if given:
                raise TrainError(err.tag, err.slots[0], given[0], _booleans_wanted(dims))
            raise
    if name in ("Image", "Image3D"):          # image targets, encoded as the decoder reads
        examples, name = _image_arrays(port, examples, coder, out_type), None
    if name == "Class" and getattr(coder, "multilabel", False):    # lists of labels: multi-hot
        examples, name = _multi_hot(port, examples, coder), None
    whole = examples_array(examples)          # packed numbers: the array as it is
    if whole is not None and whole.dtype.kind in "if" and wants != "index" \
            and name in (None, "Scalar") and whole.ndim == 1 and not dims:
        values = whole.astype(dtype)
        return Batch(values.reshape(-1, 1) if name == "Scalar" else values, None)
    if wants == "index":
        count = dims[-1] if dims else None
        if not dims[:-1]:
            return Batch(_class_indices(port, examples, coder, count), None)
        text = getattr(coder, "target_codes", None)
        if text is not None:                  # a "Characters"/"Tokens" decoder: strings
            rows = [text(e) for e in examples]
            if any(r is None for r in rows):
                bad = examples[[r is None for r in rows].index(True)]
                raise TrainError("invtarget", port, bad, "a string that its decoder can encode")
            return _stack(port, rows, dims[:-1], np.int64)
        if name == "Class":                   # a sequence (or array) of labels per example
            rows = []
            for e in examples:
                labels, shape = _labels_at_depth(e, len(dims) - 1)
                if labels is None:
                    raise TrainError("invtarget", port, e, describe_type(out_type))
                rows.append(_class_indices(port, labels, coder, count).reshape(shape))
            return _stack(port, rows, dims[:-1], np.int64)
        return _stack(port, [np.asarray(_one_example(e, dims[:-1], port, out_type)) for e in examples],
                      dims[:-1], np.int64)
    if name == "Scalar":
        values = [_numbers(e) for e in examples]
        if any(v is None for v in values):
            raise TrainError("invtarget", port, _first_bad(examples, lambda e: _numbers(e) is not None),
                             "a number")
        return Batch(np.asarray(values, dtype).reshape(-1, 1), None)
    if name == "Class" and not _given_as_vectors(examples, coder):
        idx = _class_indices(port, examples, coder, dims[-1] if dims else None)
        onehot = np.zeros((len(examples), dims[-1]), dtype)
        onehot[np.arange(len(examples)), idx - 1] = 1
        return Batch(onehot, None)
    if not dims:
        values = [_numbers(e) for e in examples]
        if any(v is None for v in values):
            raise TrainError("invtarget", port, _first_bad(examples, lambda e: _numbers(e) is not None),
                             describe_type(out_type))
        return Batch(np.asarray(values, dtype), None)
    whole = examples_array(examples)
    if whole is None and not isinstance(dims[0], LengthVar):
        whole = to_numpy_data(Expr.from_args(S.List, examples))
    if whole is not None and whole.dtype.kind in "if" and _shape_fits(whole.shape[1:], dims):
        return Batch(np.ascontiguousarray(whole, dtype), None)
    return _stack(port, [_one_example(e, dims, port, out_type) for e in examples], dims, dtype)


def _stack(port, arrays, dims, dtype) -> Batch:
    """Stack the examples; a varying first dimension is padded (class indices with 1, a
    valid class that the masked losses never read, everything else with 0)."""
    if not dims or not isinstance(dims[0], LengthVar):
        return Batch(np.ascontiguousarray(np.stack(arrays), dtype), None)
    lengths = np.array([a.shape[0] for a in arrays], np.int64)
    fill = 1 if np.dtype(dtype).kind in "iu" else 0
    out = np.full((len(arrays), max(int(lengths.max()), 1)) + arrays[0].shape[1:], fill, dtype)
    for i, a in enumerate(arrays):
        out[i, :len(a)] = a
    return Batch(out, lengths)


def data_values(key: str, examples, dtype) -> Batch:
    """The examples of a training-data key that is no port (measured as NetPort[key]): real
    arrays of one shape, stacked; anything else is a TrainError naming the key."""
    arrays = examples_array(examples)
    if arrays is None:
        arrays = [e.array if isinstance(e, NumericArray) else to_numpy_data(e) for e in examples]
        bad = next((examples[i] for i, a in enumerate(arrays)
                    if a is None or a.dtype.kind not in "ifb" or a.shape != arrays[0].shape), None)
        if bad is not None:
            raise TrainError("invmeas", Expr(Symbol("NetPort"), String(key)),
                             f'the values of "{key}" in the training data should be numeric '
                             f'arrays of one shape, not {short_text(bad)}.')
    return Batch(np.ascontiguousarray(np.asarray(arrays, dtype)), None)


def wants_for(loss_kind: str) -> str:
    return "index" if loss_kind == "Index" else "vector"


def is_index_type(t) -> bool:
    return isinstance(getattr(t, "elem", None), IndexIntegerT)


# ---------------------------------------------------------------------------- batches

def partition(n: int, batch_size: int, rng: np.random.Generator) -> np.ndarray:
    """(batches, batch_size) example indices: a random permutation of 0..n-1 padded up to
    whole batches with randomly chosen extra examples (spec §4.2)."""
    perm = rng.permutation(n)
    total = ceil(n / batch_size) * batch_size
    if total > n:
        perm = np.concatenate([perm, rng.integers(0, n, total - n)])
    return perm.reshape(-1, batch_size)


def validation_split(n: int, batch_size: int, fraction: float, rng: np.random.Generator):
    """``ValidationSet -> Scaled[f]``: (training indices, validation indices).  The last
    ``BPR - Floor[BPR (1 - f)]`` batches' worth of examples of the random partition are
    held out, that many whole batches of distinct examples (the random extras that pad the
    partition's last batch are left to the training batches: held out, they would be
    repeats, or training examples taken away)."""
    batches = partition(n, batch_size, rng)
    bpr = len(batches)
    keep = floor(bpr * (1 - fraction))
    if keep < 1 or keep >= bpr:
        raise TrainError("invvsfrac", fraction, "training" if keep < 1 else "validation",
                         n, batch_size)
    held = np.sort(batches.ravel()[n - (bpr - keep) * batch_size:n])
    train = np.setdiff1d(np.arange(n), held, assume_unique=True)
    return train, held


def bucket_by_length(indices: np.ndarray, lengths: np.ndarray | None, batch_size: int,
                     rng: np.random.Generator) -> list[np.ndarray]:
    """Cut ``indices`` into full batches (padded with random extras).  With ``lengths``
    (per example, over all examples) the examples are sorted by length first, ties in
    random order, so each batch holds sequences of similar length."""
    perm = rng.permutation(indices)
    total = ceil(len(perm) / batch_size) * batch_size
    if total > len(perm):
        perm = np.concatenate([perm, rng.choice(indices, total - len(perm))])
    if lengths is not None:
        perm = perm[np.argsort(lengths[perm], kind="stable")]
    return list(perm.reshape(-1, batch_size))


def take(batch: Batch, idx: np.ndarray) -> Batch:
    """The examples ``idx`` of a Batch, trimmed to their own longest sequence."""
    if batch.lengths is None:
        return Batch(np.ascontiguousarray(batch.data[idx]), None)
    lengths = batch.lengths[idx]
    steps = max(int(lengths.max()), 1) if len(lengths) else 1
    return Batch(np.ascontiguousarray(batch.data[idx, :steps]), lengths)


class PreparedData(NamedTuple):
    """Everything a round needs, computed once: per batch the input Batches and the target
    Batches, and how many distinct examples they hold."""
    batches: list                      # [(inputs {port: Batch}, targets {port: Batch})]
    examples: int
    indices: list | None = None        # per batch, the (0-based) examples it holds


def prepare_batches(inputs: dict, targets: dict, index_batches: list) -> PreparedData:
    """Slice fully encoded ``inputs``/``targets`` ({port: Batch} over all examples) into
    the batches given as index arrays."""
    out = []
    seen = set()
    for idx in index_batches:
        out.append(({p: take(b, idx) for p, b in inputs.items()},
                    {p: take(b, idx) for p, b in targets.items()}))
        seen.update(int(i) for i in idx)
    return PreparedData(out, len(seen), list(index_batches))


class ReencodedBatches:
    """The training batches when some inputs' encoders perturb their examples at random (an
    audio encoder's "Augmentation"): those ports are encoded again from the examples each
    time a batch is taken, so that every round sees new perturbations; the other ports and
    the targets keep their one encoding.  It stands where the list of a round's batches
    stands.  ``raw``: {port: [example, …]} over all examples; ``encode(port, examples)``
    gives the port's Batch."""

    def __init__(self, batches: list, indices: list, raw: dict, encode):
        self.batches = batches
        self.indices = indices
        self.raw = raw
        self.encode = encode

    def __len__(self) -> int:
        return len(self.batches)

    def __getitem__(self, k):
        inputs, targets = self.batches[k]
        fresh = {p: self.encode(p, [examples[int(i)] for i in self.indices[k]])
                 for p, examples in self.raw.items()}
        return {**inputs, **fresh}, targets


class GeneratedBatches:
    """The batches of a round made on demand (``NetTrain[net, f]``): ``produce(round,
    absolute_batch)`` gives one batch (inputs, targets) each time a batch is taken.  It
    stands where the list of a round's batches stands: its length is the batches per round,
    and indexing it makes the next batch (which index is asked does not matter: every
    batch is new)."""

    def __init__(self, produce, batches_per_round: int):
        self.produce = produce
        self.per_round = batches_per_round
        self.made = 0
        self.latest = None          # the batch made last (what "the latest batch" means here)

    def __len__(self) -> int:
        return self.per_round

    def __getitem__(self, k):
        self.made += 1
        self.latest = self.produce((self.made - 1) // self.per_round + 1, self.made)
        return self.latest


def sequence_lengths(inputs: dict) -> np.ndarray | None:
    """Per-example length of the longest varying input (None when no input varies)."""
    lengths = [b.lengths for b in inputs.values() if b.lengths is not None]
    if not lengths:
        return None
    return np.max(np.stack(lengths), axis=0)
