"""Data conversion at a net's ports: WL expressions ⇄ ``Batch`` es of numpy arrays.

Input side:
  ``examples_of(fmt, x)``   one example or a batch, decided as the Wolfram Language does
                            (wl-nn-spec §4.1): ``x`` is one example when it fits the port;
                            otherwise, if it is a list whose elements fit, a batch.
  ``encode_port(fmt, examples, dtype)``  the examples (expressions or arrays) through the
                            port's encoder (if any), checked against the port type, stacked
                            (sequences padded, with their lengths) into a ``Batch``.
Bad data raises ``NetDataError(port, got, expected)``; the WL face turns it into a message.

Output side:
  ``decode_port(fmt, batch, property, raw, numeric_array, precision)``  one expression per
                            example: through the port's decoder unless ``raw``, else a list
                            of machine reals (or a NumericArray when the input was one).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol, from_python
from wlnet.core.numeric_array import NumericArray, reals_expr, to_numpy_data
from wlnet.core.packed import PackedRows, examples_array, packed_array
from wlnet.net.coders.base import CoderError
from wlnet.net.values import Batch
from wlnet.net.types import IndexIntegerT, LengthVar, RealT, TensorT, describe_type

__all__ = ["NetDataError", "PortFormat", "examples_of", "encode_port", "decode_port",
           "describe_data", "expected_text", "is_integer_port", "single_example",
           "encoder_takes"]


class NetDataError(Exception):
    """Data that does not fit a port: ``port`` (its name), ``got`` (the offending
    expression), ``expected`` (what the port wants, in words); ``reason`` is set when an
    encoder refused the data (its own explanation)."""

    def __init__(self, port: str, got, expected: str, reason: str | None = None,
                 got_text: str | None = None):
        super().__init__(f"port {port}: {expected}")
        self.port = port
        self.got = got
        self.expected = expected
        self.reason = reason
        self.got_text = got_text or describe_data(got)


class RaggedExamples(NetDataError):
    """Examples of different shapes on a port whose sizes the net leaves free
    (``UnitVectorLayer[n, "Input" -> {Automatic}]`` given words of different lengths): they
    cannot share a batch, but each one alone fits."""


def _mismatch(fmt: "PortFormat", x) -> NetDataError:
    """The error for data ``x`` that does not fit ``fmt`` (naming a bad entry of an integer
    port: "a length-2 vector containing 5")."""
    text = None
    arr = _numeric(x)
    t = fmt.type
    if arr is not None and arr.size and isinstance(t, TensorT) and isinstance(t.elem, IndexIntegerT) \
            and (arr.ndim == len(t.dims) if t.tail is None else arr.ndim >= len(t.dims)):
        flat = arr.reshape(-1)
        n, low = t.elem.n, t.elem.low
        bad = [v for v in flat.tolist() if v != int(v) or (isinstance(n, int) and not low <= v <= n)]
        if bad:
            value = int(bad[0]) if bad[0] == int(bad[0]) else bad[0]
            text = (f"the number {value}" if arr.ndim == 0
                    else f"{_shape_words(arr.shape)} containing {value}")
    return NetDataError(fmt.name, x, expected_text(fmt), got_text=text)


class PortFormat(NamedTuple):
    name: str
    type: object                 # TensorT (resolved)
    coder: object                # encoder (input) / decoder (output) or None


def expected_text(fmt: PortFormat) -> str:
    coder = fmt.coder
    if coder is not None and coder.kind == "Encoder":
        text = _encoder_input_text(coder)
        if text is not None:
            return text
    return describe_type(fmt.type)


def _encoder_input_text(coder) -> str | None:
    """What one input of an encoder is, in words; None if it has no words of its own."""
    from wlnet.net.coders.mapped import MappedCoder
    if isinstance(coder, MappedCoder):
        each = _encoder_input_text(coder.inner) or "an input for the encoder"
        if len(coder.dims) > 1:
            sizes = "×".join(str(d) if isinstance(d, int) else "n" for d in coder.dims)
            return f"a {sizes} array of which each element is {each}"
        d = coder.dims[0]
        length = f"{d} elements" if isinstance(d, int) else "any length"
        return f"a list of {length}, each element {each}"
    if coder.name in ("Characters", "Tokens"):
        return "a string"
    if coder.name == "Class":
        return "a class label" if coder.labels is not None else "a class index"
    if coder.name == "Scalar":
        return "a number"
    if coder.name == "Image":
        return "an image"
    return None


# ---------------------------------------------------------------------------- descriptions

# objects whose text would be their whole contents: named in words in messages
OBJECT_WORDS = {"Image": "an image", "Image3D": "a 3D image", "Audio": "an audio object"}


def describe_data(x) -> str:
    """What a piece of data is, in words, for messages ("a length-3 vector")."""
    if type(x) is String:
        return "a string"
    if type(x) in (Integer, Real, Rational):
        return "a number"
    if type(x).__name__ in OBJECT_WORDS:
        return OBJECT_WORDS[type(x).__name__]
    if isinstance(x, (NumericArray, np.ndarray, np.generic)):
        return _shape_words(np.shape(x))
    if type(x) is Expr and x.head is S.List:
        arr = to_numpy_data(x)
        if arr is not None:
            return _shape_words(arr.shape)
        parts = [_numeric(a) for a in x.args]
        if all(p is not None for p in parts):
            return "a ragged array"             # numbers, but not a rectangular array
        return "a list containing non-numeric elements"
    if type(x) is Expr and x.head is S.Association:
        return "an association"
    if type(x) is Symbol:
        return f"the symbol {x.name}"
    return "a non-numeric expression"


def _shape_words(shape) -> str:
    if len(shape) == 0:
        return "a number"
    if len(shape) == 1:
        return f"a length-{shape[0]} vector"
    words = "\u00d7".join(str(d) for d in shape)
    return f"a {words} matrix" if len(shape) == 2 else f"a {words} array"


# ---------------------------------------------------------------------------- one example

def _numeric(x):
    """An expression (or array) as a numpy array, or None when it is not a rectangular array
    of numbers."""
    if isinstance(x, (np.ndarray, np.generic)):
        return np.asarray(x)
    if isinstance(x, NumericArray):
        return x.array
    t = type(x)
    if t is Integer:
        return np.array(x.value)
    if t is Real:
        return np.array(x.value)
    if t is Rational:
        return np.array(float(x.value))
    if t is Expr and x.head is S.List:
        return to_numpy_data(x)
    return None


def _shape_fits(t, arr) -> bool:
    """Whether the shape of the numpy array ``arr`` fits the port type ``t`` (one example):
    its rank, its fixed sizes, a nonempty sequence."""
    if not isinstance(t, TensorT):
        return arr.ndim == 0
    dims = t.dims
    if t.tail is None and arr.ndim != len(dims):
        return False
    if t.tail is not None and arr.ndim < len(dims):
        return False
    for want, got in zip(dims, arr.shape):
        if isinstance(want, int) and want != got:
            return False
        if isinstance(want, LengthVar) and got < 1:
            return False
    return True


def _fits(t, arr) -> bool:
    """Whether the numpy array ``arr`` fits the port type ``t`` (one example)."""
    if not _shape_fits(t, arr):
        return False
    if not isinstance(t, TensorT):
        return True
    elem = t.elem
    if isinstance(elem, IndexIntegerT):
        if arr.dtype.kind == "f" and not np.all(np.floor(arr) == arr):
            return False
        n = elem.n
        if arr.size and isinstance(n, int) and (arr.min() < elem.low or arr.max() > n):
            return False
    return True


def _fits_all(t, arr) -> bool:
    """Whether every example (first-axis element) of ``arr`` fits ``t``, checked on the whole
    array at once: the shape on the first, an integer port's values on all."""
    if not _fits(t, arr[0]):
        return False
    elem = getattr(t, "elem", None)
    if isinstance(elem, IndexIntegerT):
        if arr.dtype.kind == "f" and not np.all(np.floor(arr) == arr):
            return False
        n = elem.n
        return not isinstance(n, int) or (arr.min() >= elem.low and arr.max() <= n)
    return True


def _is_single(fmt: PortFormat, x) -> bool:
    return single_example(fmt, x) is not None


def single_example(fmt: PortFormat, x):
    """``x`` itself when it is one input the port's encoder takes; its numpy array when it
    is one example of the port's type (for a port with an encoder, data already in the
    encoded form, which bypasses the encoder as in the Wolfram Language); otherwise None."""
    coder = fmt.coder
    if coder is not None and coder.kind == "Encoder" and encoder_takes(coder, x):
        return x
    arr = _numeric(x)
    if arr is None:
        return None
    if isinstance(fmt.type, TensorT) and fmt.type.tail is not None and not fmt.type.dims:
        return arr                              # rank unknown: whatever it is, it is one
    return arr if _fits(fmt.type, arr) else None


def encoder_takes(coder, x) -> bool:
    """Whether x is one input the encoder itself encodes (not a batch of them): each
    encoder says so (``takes``)."""
    takes = getattr(coder, "takes", None)
    return takes is not None and takes(x)


def examples_of(fmt: PortFormat, x) -> tuple[list, bool]:
    """(examples, is_batch) for the data ``x`` given to a port; NetDataError when ``x`` is
    neither one example nor a list of them."""
    one = single_example(fmt, x)
    if one is not None:
        return [one], False                     # converted once, not again when encoded
    if isinstance(x, NumericArray) and isinstance(fmt.type, TensorT) and x.array.ndim >= 1:
        rows = list(x.array)
        if all(_fits(fmt.type, r) for r in rows):
            return rows, True
    if type(x) is Expr and x.head is S.List:
        whole = packed_array(x)                # a packed batch: the array itself, no copy
        if whole is not None and (fmt.coder is None or fmt.coder.kind != "Encoder") \
                and whole.dtype.kind in "if" and isinstance(fmt.type, TensorT) \
                and _fits_all(fmt.type, whole):
            return PackedRows(x), True
        if fmt.coder is None or fmt.coder.kind != "Encoder":
            arr = _numeric(x)                  # a rectangular batch: check it in one go
            if arr is not None and arr.ndim >= 1 and isinstance(fmt.type, TensorT) \
                    and arr.shape[0] > 0 and _fits(fmt.type, arr[0]) \
                    and all(_fits(fmt.type, r) for r in arr):
                return list(arr), True         # converted once, not again per example
        if fmt.coder is None or fmt.coder.kind != "Encoder":
            arrays = [_numeric(a) for a in x.args]      # converted once, kept for encoding
            if isinstance(fmt.type, TensorT) and all(
                    a is not None and _fits(fmt.type, a) for a in arrays):
                return arrays, True
        bad = [a for a in x.args if not _is_single(fmt, a)]
        if not bad:
            return list(x.args), True
        if len(bad) < len(x.args):              # a batch with some bad examples
            raise _mismatch(fmt, bad[0])
    raise _mismatch(fmt, x)


def encoded_already(coder, t, x):
    """``x`` as an array when it is already the encoding of one input of ``coder`` (of type
    ``t``: the port's, or the coder's own) and the coder may be bypassed; else None."""
    if not coder.allows_bypass:
        return None
    arr = _numeric(x)
    return arr if arr is not None and _fits(t, arr) else None


def _encode_one(fmt: PortFormat, x) -> np.ndarray:
    coder = fmt.coder
    if coder is not None and coder.kind == "Encoder" and not isinstance(x, np.ndarray):
        try:
            arr = np.asarray(coder.encode_array(x))
        except CoderError as err:
            already = encoded_already(coder, fmt.type, x)   # the encoder is bypassed
            if already is not None:
                return already
            raise NetDataError(fmt.name, x, expected_text(fmt), str(err))
        if arr.ndim >= 1 and arr.shape[0] == 0 and _is_sequence(fmt.type):
            raise NetDataError(fmt.name, x, expected_text(fmt), "the sequence is empty")
        if not _shape_fits(fmt.type, arr):
            # an encoder of any length before a port of fixed length (a "Characters"
            # encoder on a net extracted from a "TargetLength" training net)
            raise NetDataError(fmt.name, x, expected_text(fmt),
                               f"it encodes to {_shape_words(arr.shape)}, but the port "
                               f"takes {describe_type(fmt.type)}")
        return arr
    if isinstance(x, np.ndarray) and x.ndim >= 1 and x.shape[0] == 0 and _is_sequence(fmt.type):
        return x             # an empty sequence given beside single examples (net/evaluation.py)
    arr = _numeric(x)
    if arr is None or not _fits(fmt.type, arr):
        raise _mismatch(fmt, x)
    return arr


def _stacked_rows(examples):
    """The examples as one numpy array when every one is a packed array of one shape and
    element kind (rows of a packed matrix, as a list of rules splits them): stacked at C
    speed instead of read one by one; None otherwise."""
    if not isinstance(examples, (list, tuple)) or len(examples) < 2:
        return None
    first = packed_array(examples[0])
    if first is None:
        return None
    arrays = [packed_array(x) for x in examples]
    shape, kind = first.shape, first.dtype.kind
    if any(a is None or a.shape != shape or a.dtype.kind != kind for a in arrays):
        return None
    return np.stack(arrays)


def _is_sequence(t) -> bool:
    return isinstance(t, TensorT) and bool(t.dims) and isinstance(t.dims[0], LengthVar)


def is_integer_port(t) -> bool:
    return isinstance(t, TensorT) and isinstance(t.elem, IndexIntegerT)


def encode_port(fmt: PortFormat, examples, dtype) -> Batch:
    """The examples of one port as a Batch (sequences padded with zeros, with lengths)."""
    whole = examples_array(examples)           # a packed array of examples: taken whole
    if whole is None:
        whole = _stacked_rows(examples)        # the inputs of Thread[xs -> ys]: stacked
    if whole is not None and (fmt.coder is None or fmt.coder.kind != "Encoder") \
            and not _is_sequence(fmt.type) and _fits_all(fmt.type, whole):
        out_dtype = np.int32 if is_integer_port(fmt.type) else dtype
        return Batch(whole.astype(out_dtype), None)
    arrays = [_encode_one(fmt, x) for x in examples]
    out_dtype = np.int32 if is_integer_port(fmt.type) else dtype
    if not arrays:
        inner = tuple(d if isinstance(d, int) else 0 for d in getattr(fmt.type, "dims", ()))
        lengths = np.zeros(0, np.int64) if _is_sequence(fmt.type) else None
        return Batch(np.zeros((0,) + inner, out_dtype), lengths)
    if _is_sequence(fmt.type):
        lengths = np.array([a.shape[0] for a in arrays], np.int64)
        longest = int(lengths.max())
        data = np.zeros((len(arrays), longest) + arrays[0].shape[1:], out_dtype)
        for i, a in enumerate(arrays):
            data[i, :a.shape[0]] = a
        return Batch(data, lengths)
    shapes = [a.shape for a in arrays]
    if len(set(shapes)) > 1:                   # unknown-rank ports: every example alike
        i = next(i for i, sh in enumerate(shapes) if sh != shapes[0])
        raise RaggedExamples(fmt.name, examples[i],
                             _shape_words(shapes[0]) + ", like the first example")
    if len(arrays) == 1:                       # one example (net[x]): no stacking pass
        return Batch(np.array(arrays[0], out_dtype)[None], None)
    return Batch(np.stack(arrays).astype(out_dtype, copy=False), None)


# ---------------------------------------------------------------------------- outputs

def _decoded(decoder, arr: np.ndarray, prop):
    """One example's output through its decoder: a vector (an array of the decoder's rank)
    is one decision, a higher-rank array a (nested) list of them."""
    if arr.ndim <= getattr(decoder, "rank", 1):
        return decoder.decode(arr, prop)        # a decoder without properties ignores prop
    return Expr.from_args(S.List, (_decoded(decoder, a, prop) for a in arr))


def _cut(length) -> tuple:
    """The slices that cut one example to its length: a sequence's (its first axis), or,
    for lengths of several axes (AttentionLayer's weights over varying queries and keys),
    each of those axes'."""
    if np.ndim(length) == 0:
        return (slice(0, length),)
    return tuple(slice(0, n) for n in length)


def decode_port(fmt: PortFormat, batch: Batch, prop=None, raw: bool = False,
                numeric_array: bool = False, precision: str = "Real32") -> list:
    data, lengths = batch
    decoder = None if raw else fmt.coder
    if decoder is None and not numeric_array and lengths is None and data.dtype.kind == "f":
        whole = reals_expr(data)           # one packed array: its rows are the examples'
        if packed_array(whole) is not None:
            return list(whole._args)
    out = []
    for b in range(data.shape[0]):
        arr = data[b] if lengths is None else data[(b,) + _cut(lengths[b])]
        if decoder is not None:
            out.append(_decoded(decoder, arr, "Decision" if prop is None else prop))
        elif numeric_array and arr.ndim > 0:
            out.append(NumericArray(arr, precision))
        elif arr.dtype.kind in "iu" and getattr(fmt.type, "elem", None) is not RealT:
            # integer outputs (SequenceIndicesLayer); a real port given integer inputs
            # (DotLayer of "Integer" ports) gives reals
            out.append(from_python(arr.astype(np.int64).tolist()))
        else:
            out.append(reals_expr(arr))
    return out
