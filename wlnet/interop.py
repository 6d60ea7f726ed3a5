"""numpy and Python interop: NumericArray <-> np.ndarray, results as Python values, and
calling a wlnet net on numpy arrays.

    >>> import numpy as np, wlnet
    >>> from wlnet.interop import from_numpy, to_numpy, to_python, call_net, NetHandle
    >>> na = from_numpy(np.arange(6, dtype=np.float32).reshape(2, 3))   # no copy
    >>> to_numpy(na).base is not None                                     # a view again
    True
    >>> s = wlnet.Session()
    >>> net = s.evaluate('NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]')
    >>> call_net(net, np.ones((4, 2), np.float32)).shape                  # one sequence
    (4, 3)
    >>> gru = NetHandle(net, s)                                           # or as a callable
    >>> gru(np.ones((5, 4, 2), np.float32)).shape                         # a batch of 5
    (5, 4, 3)

Copies: ``from_numpy`` shares the array's memory when it is C-contiguous with a
NumericArray element type (float32/64/16, int8…64, uint8…64), so the caller must not
change the array afterwards; ``to_numpy`` of a NumericArray is a read-only view of its
memory (``copy=True`` for a writable copy).  Nested lists of numbers are converted (a
copy, necessarily).

``call_net`` runs the net through the same evaluation as ``net[data]`` in the language
(encoders, decoders, messages, NetEvaluationMode…): numpy input goes in as a
NumericArray, so a numeric output comes back as one and is returned as numpy without a
further copy.  A failure (bad shape, wrong port…) raises ``WLMessageError`` carrying the
Wolfram-style messages.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wlnet.core.expr import (
    FALSE, NULL, TRUE, Complex, Expr, Integer, Rational, Real, S, String, Symbol, from_python,
)
from wlnet.core.image import Image
from wlnet.core.numeric_array import NA_TYPES, NumericArray, to_numpy_data

__all__ = ["to_numpy", "from_numpy", "to_python", "to_expr", "call_net", "NetHandle",
           "WLMessageError"]

FAILED = Symbol("$Failed")


class WLMessageError(Exception):
    """A wlnet evaluation called from Python failed; ``messages`` are its WL messages."""

    def __init__(self, messages: list[str], what: str = "evaluation"):
        self.messages = list(messages)
        text = "; ".join(self.messages) if self.messages else "no result"
        super().__init__(f"{what} failed: {text}")


# ---------------------------------------------------------------------------- arrays

def from_numpy(array, type_name: str | None = None) -> NumericArray:
    """A NumericArray of ``array`` (see the module docstring on sharing memory).
    ``type_name`` ("Real32", "Integer64", …) converts to that element type (a copy when
    it differs)."""
    arr = np.asarray(array)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"a NumericArray holds numbers, not {arr.dtype} values")
    if not arr.dtype.isnative:
        arr = arr.astype(arr.dtype.newbyteorder("="))
    if arr.dtype == np.bool_:
        arr = arr.astype(np.uint8)
    if type_name is not None:
        if type_name not in NA_TYPES:
            raise ValueError(f"unknown NumericArray type {type_name!r}; "
                             f"one of {', '.join(NA_TYPES)}")
        arr = arr.astype(NA_TYPES[type_name], copy=False)
    return NumericArray.wrap(arr)


def to_numpy(expr, copy: bool = False, dtype=None) -> np.ndarray:
    """The numpy array of a NumericArray (a read-only view unless ``copy``), of an Image
    (its height x width x 3 bytes), of a rectangular nested List of numbers, or of a List
    of equally shaped NumericArrays (a batch result).  TypeError for anything else."""
    arr = _array_of(expr)
    if arr is None:
        raise TypeError(f"not a numeric array: {_short(expr)}")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    return arr.copy() if copy else arr


_GRAPHICS_HEADS = ("Graphics", "Legended", "GraphicsRow", "GraphicsColumn", "GraphicsGrid")


def _array_of(expr):
    if isinstance(expr, np.ndarray):
        return expr
    if type(expr) is NumericArray:
        return expr.array
    if type(expr) is Image:
        return expr.pixels
    if type(expr) is Expr and type(expr.head) is Symbol and expr.head.name in _GRAPHICS_HEADS:
        from wlnet.graphics import rasterize_pixels      # a plot as its picture's pixels
        return rasterize_pixels(expr, lambda *message: None)
    if type(expr) is Expr and expr.head is S.List and expr.args \
            and all(type(a) is NumericArray for a in expr.args):
        shapes = {a.shape for a in expr.args}
        return np.stack([a.array for a in expr.args]) if len(shapes) == 1 else None
    if type(expr) in (Integer, Real):
        return np.asarray(expr.value)
    return to_numpy_data(expr)


def _short(expr, limit: int = 80) -> str:
    try:
        from wlnet.syntax.printer import input_form
        text = input_form(expr)
    except Exception:
        text = repr(expr)
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------------------- values

def to_python(expr, arrays: str = "numpy") -> Any:
    """A result as plain Python: numbers, str, bool, None, list, dict; NumericArrays (and
    Images) as numpy arrays (``arrays="list"`` for nested lists); other expressions
    (symbols, nets, unevaluated calls) stay expressions."""
    t = type(expr)
    if t is NumericArray:
        return expr.array if arrays == "numpy" else expr.array.tolist()
    if t is Image:
        return expr.pixels if arrays == "numpy" else expr.pixels.tolist()
    if t in (Integer, Real, String):
        return expr.value
    if t is Rational:
        return expr.value
    if t is Complex:
        return complex(to_python(expr.re), to_python(expr.im))
    if t is Symbol:
        return {TRUE: True, FALSE: False, NULL: None}.get(expr, expr)
    if t is Expr and expr.head is S.List:
        return [to_python(a, arrays) for a in expr.args]
    if t is Expr and expr.head is S.Association and all(
            type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) and len(a.args) == 2
            for a in expr.args):
        return {_hashable(to_python(a.args[0], arrays)): to_python(a.args[1], arrays)
                for a in expr.args}
    return expr


def _hashable(x):
    if isinstance(x, list):
        return tuple(_hashable(y) for y in x)
    if isinstance(x, np.ndarray):
        return tuple(_hashable(y) for y in x.tolist())
    return x


def to_expr(value) -> Any:
    """A Python value as an expression: numpy arrays as NumericArrays (no copy where
    possible), dicts as Associations, the rest through ``from_python``."""
    if isinstance(value, np.ndarray):
        return from_numpy(value)
    if isinstance(value, np.generic):
        return from_python(value.item())
    if isinstance(value, dict):
        return Expr.from_args(S.Association, (Expr(S.Rule, to_expr(k), to_expr(v))
                                              for k, v in value.items()))
    if isinstance(value, (list, tuple)) and any(isinstance(v, (np.ndarray, dict))
                                                for v in value):
        return Expr.from_args(S.List, (to_expr(v) for v in value))
    return from_python(value)


# ---------------------------------------------------------------------------- nets

_OPTION_NAMES = {"NetEvaluationMode", "RandomSeeding", "WorkingPrecision", "BatchSize",
                 "TargetDevice"}


def call_net(net, *inputs, session=None, numpy: bool = True, **options):
    """Apply a wlnet net (a net expression, or a NetHandle) to numpy data, as
    ``net[data, opts]`` in the language.

    ``inputs``: one array (an example, or a batch with a leading batch axis: the net
    decides by the port's rank), or a dict ``{port: array}`` for several input ports; a
    second positional argument is the output specification (None for raw arrays, a
    decoder property name…), passed as is.  ``options``: NetEvaluationMode="Train",
    RandomSeeding=…, WorkingPrecision="Real64", BatchSize=… .

    Returns numpy arrays for numeric outputs (a dict port -> array for several outputs),
    Python values for decoded ones (class labels as symbols, probabilities as dicts).
    With ``numpy=False`` the result expression itself."""
    if isinstance(net, NetHandle):
        session = session or net.session
        net = net.expr
    if not inputs:
        raise TypeError("call_net needs the data to apply the net to")
    session = session if session is not None else _default_session()
    args = [to_expr(inputs[0])] + [_spec_expr(spec) for spec in inputs[1:]]
    for name, value in options.items():
        if name not in _OPTION_NAMES:
            raise TypeError(f"unknown net evaluation option {name!r}; "
                            f"one of {', '.join(sorted(_OPTION_NAMES))}")
        args.append(Expr(S.Rule, Symbol(name), to_expr(value)))
    result = _evaluate(session, Expr.from_args(net, args), "the net evaluation")
    return _net_result(result) if numpy else result


def _spec_expr(spec):
    """An output specification: Python None is the language's None (raw arrays)."""
    return Symbol("None") if spec is None else to_expr(spec)


def _evaluate(session, expr, what: str):
    before = len(session.messages)
    result = session.evaluator.run(expr)
    messages = session.messages[before:]
    if result == FAILED or (type(result) is Expr and result.head == expr.head and messages):
        raise WLMessageError(messages, what)
    return result


def _net_result(result):
    if type(result) in (Integer, Real):
        return result.value
    arr = _result_array(result)
    if arr is not None:
        return arr
    if type(result) is Expr and result.head is S.Association:
        return {to_python(a.args[0]): _net_result(a.args[1]) for a in result.args}
    if type(result) is Expr and result.head is S.List and result.args:
        arrays = [_result_array(a) for a in result.args]
        if all(a is not None for a in arrays):
            return arrays                                # ragged batch: one array each
    return to_python(result)


def _result_array(e):
    """The numpy array of a numeric net result: a NumericArray, or a non-empty List that
    is one array (of numbers, or of equally shaped NumericArrays); else None."""
    if type(e) is NumericArray:
        return e.array
    if type(e) is Expr and e.head is S.List and e.args:
        return _array_of(e)
    return None


_SESSION = None


def _default_session():
    global _SESSION
    if _SESSION is None:
        from wlnet.core.session import Session
        _SESSION = Session(echo=False)
    return _SESSION


class NetHandle:
    """A wlnet net callable from Python: ``NetHandle(net_expr, session)(array)``.

    ``NetHandle.from_code('NetInitialize@…')`` evaluates the code in a fresh session.
    ``input_ports`` / ``output_ports`` name the ports; ``expr`` is the net expression."""

    def __init__(self, expr, session=None):
        from wlnet.net.wlform import is_net_expr
        if not is_net_expr(expr):
            raise TypeError(f"not a net: {_short(expr)}")
        self.expr = expr
        self.session = session if session is not None else _default_session()

    @classmethod
    def from_code(cls, code: str, session=None) -> "NetHandle":
        from wlnet.core.session import Session
        session = session if session is not None else Session(echo=False)
        expr = session.evaluate(code)
        if session.messages:
            raise WLMessageError(session.messages, "building the net")
        return cls(expr, session)

    def __call__(self, *inputs, **options):
        return call_net(self.expr, *inputs, session=self.session, **options)

    def _net(self):
        from wlnet.net.wlform import net_from_expr
        return net_from_expr(self.expr)

    @property
    def input_ports(self) -> list[str]:
        return list(self._net().inputs())

    @property
    def output_ports(self) -> list[str]:
        return list(self._net().outputs())

    def __repr__(self) -> str:
        from wlnet.net.wltext import short_text
        return f"NetHandle({short_text(self.expr)})"
