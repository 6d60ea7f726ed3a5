"""Net files (``.wlnet``): a net as a WL expression plus its arrays, and nothing that runs.

The file is a plain safetensors file (https://github.com/huggingface/safetensors):

* the tensors ``"0"``, ``"1"``, … are the net's arrays (``NumericArray`` values, stored
  bit for bit with their element type);
* the header's ``__metadata__`` holds ``"format": "wlnet-net"`` (the magic),
  ``"format_version"``, ``"wl_version"`` and ``"net"``: the net's InputForm text with each
  array replaced by ``ExportedArray[i]`` (as Wolfram's own format does).

Reading never evaluates anything.  The expression text is parsed with wlnet's parser and
the parsed expression is checked against the net vocabulary before anything is built
(``check_vocabulary``): only net heads, associations, rules, lists, the
``NeuralNetworks`TensorT``-family type heads, coders, ``ExportedArray[i]`` in array slots,
and arithmetic inside the pure function of an ``ElementwiseLayer`` are accepted; a symbol
on its own is an inert name.  Sizes, nesting depth and array shapes are bounded or checked.  Every failure is a
``NetFileError`` carrying a short reason; the WL face (``wlnet.builtins.io``) turns it
into ``Import::fmterr`` and ``$Failed``.

This module is the one place in ``wlnet.net`` that uses the parser and the printer
(imported where used): a net file is text in the language.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from wlnet.core.expr import Atom, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.numeric_array import NA_TYPES, NumericArray
from wlnet.net.net import Net
from wlnet.net.types import FrozenDict

__all__ = ["NetFileError", "NetFile", "net_file_bytes", "write_net_file", "read_net_file",
           "read_header", "read_arrays", "net_from_text", "check_vocabulary", "uninitialized",
           "FORMAT", "FORMAT_VERSION"]

FORMAT = "wlnet-net"
FORMAT_VERSION = "1"
EXPORTED_ARRAY = Symbol("ExportedArray")

# Bounds for what an importer is willing to look at.
# The JSON header (the expression text included).  Parsing costs about a second per MB on a
# loaded machine, so a hostile header is refused by its length alone; a real net's text is
# a few kB per layer (the arrays are outside the header).
MAX_HEADER_BYTES = 4 * 2**20
MAX_DEPTH = 256                        # bracket nesting of the expression
MAX_ARRAYS = 100_000

_DTYPE_OF_TYPE = {"Real32": "F32", "Real64": "F64", "Real16": "F16", "Integer8": "I8",
                  "Integer16": "I16", "Integer32": "I32", "Integer64": "I64",
                  "UnsignedInteger8": "U8", "UnsignedInteger16": "U16",
                  "UnsignedInteger32": "U32", "UnsignedInteger64": "U64"}
_TYPE_OF_DTYPE = {v: k for k, v in _DTYPE_OF_TYPE.items()}


class NetFileError(Exception):
    """The file is not a readable net file; ``reason`` says why (shown in the message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NetFile:
    net: Net
    arrays: tuple                  # the NumericArrays in file order (ExportedArray index)
    wl_version: str


# ---------------------------------------------------------------------------- writing

def _replace_arrays(e, found: list):
    """``e`` with every NumericArray replaced by ``ExportedArray[i]`` (appended to found)."""
    if isinstance(e, NumericArray):
        found.append(e)
        return Expr(EXPORTED_ARRAY, Integer(len(found) - 1))
    if type(e) is Expr:
        return Expr.from_args(_replace_arrays(e.head, found),
                              (_replace_arrays(a, found) for a in e.args))
    return e


def net_file_bytes(net: Net) -> bytes:
    """The bytes of the ``.wlnet`` file for ``net``."""
    from safetensors.numpy import save
    from wlnet.net.wlform import net_to_expr
    from wlnet.net.wltext import VERSION
    from wlnet.syntax.printer import input_form
    arrays: list = []
    text = input_form(_replace_arrays(net_to_expr(net), arrays))
    tensors = {str(i): np.ascontiguousarray(a.array) for i, a in enumerate(arrays)}
    metadata = {"format": FORMAT, "format_version": FORMAT_VERSION, "wl_version": VERSION,
                "net": text}
    return save(tensors, metadata)


def write_net_file(net: Net, path) -> None:
    """Write ``net`` to ``path`` atomically (the old file or the new one, never a torn
    one: checkpoints and Export both come here).  Raises OSError when it cannot be written."""
    from wlnet.core.files import atomic_write
    atomic_write(path, net_file_bytes(net))


# ---------------------------------------------------------------------------- reading

def _read_bytes(path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as err:
        raise NetFileError(f"cannot read the file ({err.strerror or err})")


def read_header(data: bytes) -> dict:
    """The metadata of a net file (format checked); raises NetFileError."""
    if len(data) < 8:
        raise NetFileError("the file is too short to be a net file")
    size = int.from_bytes(data[:8], "little")
    if size > len(data) - 8 or size > MAX_HEADER_BYTES:
        raise NetFileError("the header length does not fit the file")
    try:
        header = json.loads(data[8:8 + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NetFileError("the header is not valid UTF-8 JSON")
    meta = header.get("__metadata__") if isinstance(header, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise NetFileError("the file is not a wlnet net file")
    if meta.get("format_version") != FORMAT_VERSION:
        raise NetFileError(f"format version {meta.get('format_version')!r} is not supported")
    if not all(isinstance(meta.get(k), str) for k in ("net", "wl_version")):
        raise NetFileError("the header lacks the net expression")
    return meta


def read_arrays(data: bytes) -> tuple:
    """The arrays of a net file, in ExportedArray order; raises NetFileError."""
    import safetensors
    try:
        entries = safetensors.deserialize(data)
    except Exception as err:                       # SafetensorError and friends
        raise NetFileError(f"the array data is damaged ({_first_line(err)})")
    if len(entries) > MAX_ARRAYS:
        raise NetFileError("too many arrays")
    by_index = {}
    for name, info in entries:
        if not (name.isdigit() and str(int(name)) == name and int(name) < len(entries)):
            raise NetFileError(f"unexpected array name {name!r}")
        type_name = _TYPE_OF_DTYPE.get(info.get("dtype"))
        if type_name is None:
            raise NetFileError(f"unsupported array type {info.get('dtype')!r}")
        dtype = np.dtype(NA_TYPES[type_name]).newbyteorder("<")
        shape = tuple(info["shape"])
        buffer = info["data"]
        if len(buffer) != dtype.itemsize * math.prod(shape):
            raise NetFileError(f"array {name} has the wrong length")
        arr = np.frombuffer(bytes(buffer), dtype=dtype).reshape(shape)
        by_index[int(name)] = NumericArray(arr.astype(dtype.newbyteorder("="), copy=False),
                                           type_name)
    return tuple(by_index[i] for i in range(len(entries)))


def _first_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return text[0][:120] if text else type(err).__name__


def read_net_file(path) -> NetFile:
    """Read a net file.  Returns a NetFile; raises NetFileError for anything wrong with it."""
    return read_net_bytes(_read_bytes(path))


def read_net_bytes(data: bytes) -> NetFile:
    """A net file's bytes read as ``read_net_file`` reads the file."""
    meta = read_header(data)
    arrays = _real_arrays(read_arrays(data))
    net = net_from_text(meta["net"], arrays)
    return NetFile(net, arrays, meta["wl_version"])


def _real_arrays(arrays: tuple) -> tuple:
    """Every layer array holds real numbers: an integer-typed array in a file becomes Real32,
    as integer weights given in code do (kept as integers they would never train)."""
    return tuple(a if a.type_name.startswith("Real") else
                 NumericArray(a.array.astype(np.float32), "Real32") for a in arrays)


def net_from_text(text: str, arrays: tuple) -> Net:
    """Parse, check and build the net that ``text`` (with ExportedArray references into
    ``arrays``) describes.  Raises NetFileError."""
    from wlnet.net.wlform import net_from_expr
    expr = _parse(text)
    check_vocabulary(expr, len(arrays))
    used: set = set()
    expr = _substitute_arrays(expr, arrays, used)
    if len(used) != len(arrays):
        raise NetFileError("some arrays are not used by the net")
    expr = _data_atoms(expr)
    try:
        net = net_from_expr(expr)
    except Exception as err:                       # NetSpecError, NetTypeError, damage
        raise NetFileError("the net expression does not describe a valid net"
                           + _net_error_detail(err))
    if net is None:
        raise NetFileError("the expression is not a net")
    _check_array_shapes(net)
    return net


def _data_atoms(e):
    """``e`` with each Image[…], Image3D[…], Audio[…] or NumericArray[…] (checked to hold
    data only) made the atom it describes by the session's evaluator (``coder_evaluator``:
    the WL face sets it around Import); NetFileError when there is none or it refuses."""
    if type(e) is not Expr:
        return e
    if type(e.head) is Symbol and e.head.name in ATOM_HEADS:
        from wlnet.net.coders.base import CoderError, coder_evaluator
        try:
            made = coder_evaluator().evaluate(e)
        except CoderError:
            raise NetFileError(f"its {e.head.name} data can only be read in a session")
        if not isinstance(made, Atom):
            raise NetFileError(f"an invalid {e.head.name} in the net")
        return made
    args = tuple(_data_atoms(a) for a in e.args)
    return e if all(a is b for a, b in zip(args, e.args)) else Expr(e.head, *args)


def _net_error_detail(err: Exception) -> str:
    """A few words on why the net builder refused (its message tag and the named part)."""
    tag = getattr(err, "tag", None) or getattr(err, "kind", None)
    if not isinstance(tag, str):
        return ""
    slots = [x for x in getattr(err, "slots", ()) if isinstance(x, str)][:2]
    return f" ({tag}{': ' + ', '.join(slots) if slots else ''})"


def _parse(text: str):
    from wlnet.syntax.parser import parse
    if _bracket_depth(text) > MAX_DEPTH:
        raise NetFileError("the net expression is nested too deeply")
    try:
        return parse(text)
    except Exception as err:                       # WLSyntaxError, or limits of the parser
        raise NetFileError(f"the net expression does not parse ({_first_line(err)})")


def _bracket_depth(text: str) -> int:
    """The deepest nesting of brackets outside string literals (checked before parsing, so
    that nothing downstream ever recurses that deep)."""
    depth = deepest = 0
    in_string = escaped = False
    previous = ""
    for ch in text:
        pair, previous = previous + ch, ch
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{(" or pair == "<|":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]})" or pair == "|>":
            depth -= 1
    return deepest


# ---------------------------------------------------------------------------- the vocabulary

def _net_heads() -> frozenset:
    from wlnet.net.registry import all_specs
    from wlnet.net.wlform import CONTAINER_HEADS
    return frozenset([s.symbol for s in all_specs()] + list(CONTAINER_HEADS))


# Data atoms a coder's parameters may hold (an image encoder's "MeanImage", an audio
# encoder's augmentation signal): their arguments are data like the rest, and the session's
# evaluator makes them atoms once the vocabulary is checked (see _data_atoms).
ATOM_HEADS = ("Image", "Image3D", "Audio", "NumericArray")

_DATA_HEADS = frozenset(["List", "Association", "Rule", "NetEncoder", "NetDecoder",
                         "NeuralNetworks`TensorT", "NeuralNetworks`IndexIntegerT",
                         "NeuralNetworks`LengthVar", "NeuralNetworks`SizeListT",
                         "NeuralNetworks`NetPath",
                         # level specifications of array layers (1 <-> 2, 2 ;; All, Infinity)
                         "TwoWayRule", "Span", "DirectedInfinity",
                         # a layer's shared array: "Weights" -> NetArray["name"]
                         "NetArray",
                         # ResizeLayer's sizes ({Scaled[2], 5})
                         "Scaled",
                         # a text coder's entry for any other character: _ (Blank[])
                         "Blank",
                         # a "Tokens" encoder's "SplitPattern" (a string pattern)
                         "RegularExpression", "StringExpression", "Alternatives",
                         "Repeated", "RepeatedNull", "Except", "Characters",
                         # a "FeatureExtractor" encoder's learnt extractor (data only)
                         "FeatureExtractorFunction"]) | frozenset(ATOM_HEADS)



def _function_heads() -> frozenset:
    from wlnet.net.layers.elementwise import FUNCTION_HEADS
    from wlnet.net.layers.function import ARRAY_HEADS
    from wlnet.net.layers.random_array import DISTRIBUTION_HEADS    # RandomArrayLayer[dfunc]
    return FUNCTION_HEADS | ARRAY_HEADS | DISTRIBUTION_HEADS


def _data_heads() -> frozenset:
    # RandomArrayLayer keeps its distribution (NormalDistribution[0., 1.]) as a parameter
    from wlnet.net.layers.random_array import DISTRIBUTION_HEADS
    return _DATA_HEADS | DISTRIBUTION_HEADS


def _head_name(e) -> str | None:
    return e.head.name if type(e.head) is Symbol else None


def check_vocabulary(expr, n_arrays: int) -> None:
    """Raise NetFileError unless ``expr`` is ``NetHead[<|…|>, <|…|>]`` built only from the
    net vocabulary (see the module docstring).  Iterative, so depth cannot overflow."""
    net_heads = _net_heads()
    fn_heads = _function_heads()
    data_heads = _data_heads()
    if not (type(expr) is Expr and _head_name(expr) in net_heads and len(expr.args) == 2):
        raise NetFileError("the expression is not a net")
    # (expression, context): "data", "function" (inside Function[…]), "array" (a value of
    # an "Arrays" or "SharedArrays" association, where ExportedArray[i] may stand).
    todo = [(a, "data", 1) for a in expr.args]
    while todo:
        e, ctx, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise NetFileError("the net expression is nested too deeply")
        depth += 1
        if isinstance(e, Atom):
            if not isinstance(e, (Integer, Real, Rational, String, Symbol)):
                raise NetFileError(f"unexpected value of type {type(e).__name__}")
            continue
        name = _head_name(e)
        if name == "ExportedArray":
            if not (ctx == "array" and len(e.args) == 1 and type(e.args[0]) is Integer
                    and 0 <= e.args[0].value < n_arrays):
                raise NetFileError("a misplaced or dangling ExportedArray reference")
            continue
        if ctx == "function" and name is None and _head_name(e.head) == "TypeSpecifier":
            todo.append((e.head, ctx, depth))           # CompiledLayer: "PackedArray"::["Real64", 2]
            todo.extend((a, ctx, depth) for a in e.args)
            continue
        if name in ("Function", "Apply") or ctx == "function":     # Apply[f]: FunctionLayer
            if name not in fn_heads:
                raise NetFileError(f"the head {name or 'expression'} is not allowed in a function")
            todo.extend((a, "function", depth) for a in e.args)
            continue
        if name not in data_heads and name not in net_heads:
            raise NetFileError(f"the head {name or 'expression'} is not part of a net")
        if name in ("NetEncoder", "NetDecoder") and len(e.args) == 3 \
                and e.args[0] == String("Function"):
            _check_coder_code(e.args[1], fn_heads)       # its function and saved definitions
            todo.extend((a, "data", depth) for a in (e.args[0], e.args[2]))
            continue
        if name == "Rule" and len(e.args) == 2 and e.args[0] in (String("Arrays"), String("SharedArrays")) \
                and type(e.args[1]) is Expr and e.args[1].head is S.Association:
            for r in e.args[1].args:
                if type(r) is Expr and r.head is S.Rule and len(r.args) == 2:
                    todo.append((r.args[0], "data", depth + 1))
                    todo.append((r.args[1], "array", depth + 1))
                else:
                    todo.append((r, "data", depth))
            continue
        todo.extend((a, "data", depth) for a in e.args)


def _check_coder_code(params, fn_heads) -> None:
    """A "Function" coder's parameters: every System` symbol in its code (the function, the
    pattern, the saved definitions, the initialization) is one that only computes
    (``SAFE_SYMBOLS`` or an elementwise function); each saved definition is
    ``HoldComplete[lhs := rhs]`` (or =) of a symbol outside System`.  The code runs only
    when the coder is applied; this keeps what it can do to computing a value."""
    from wlnet.core.contexts import is_system_name
    from wlnet.core.definitions import symbols_in
    from wlnet.net.coders.function import SAFE_SYMBOLS, defined_symbol
    if not (type(params) is Expr and params.head is S.Association):
        raise NetFileError("a \"Function\" coder without its parameters")
    for rule in params.args:
        if not (type(rule) is Expr and rule.head is S.Rule and len(rule.args) == 2
                and type(rule.args[0]) is String):
            raise NetFileError("a \"Function\" coder's parameters are damaged")
        if rule.args[0].value == "Definitions":
            defs = rule.args[1]
            if not (type(defs) is Expr and defs.head is S.List):
                raise NetFileError("a \"Function\" coder's definitions are damaged")
            for d in defs.args:
                sym = defined_symbol(d)
                if sym is None or is_system_name(sym.name):
                    raise NetFileError("a \"Function\" coder's definition is not one of its "
                                       "own symbols")
        for sym in symbols_in(rule.args[1], set()):
            if is_system_name(sym.name) and sym.name not in SAFE_SYMBOLS \
                    and sym.name not in fn_heads and sym.name not in ("Set", "SetDelayed"):
                raise NetFileError(f"a \"Function\" coder uses {sym.name}, which a net file "
                                   "may not run")


def _substitute_arrays(e, arrays: tuple, used: set):
    if type(e) is Expr:
        if e.head is EXPORTED_ARRAY:
            i = e.args[0].value
            used.add(i)
            return arrays[i]
        return Expr.from_args(e.head, (_substitute_arrays(a, arrays, used) for a in e.args))
    return e


def _check_array_shapes(net: Net) -> None:
    """Every stored array has the dimensions its layer declares."""
    declared = net.array_paths()
    for path, arr in net.arrays.items():
        dims = declared.get(path)
        if dims is None:
            raise NetFileError(f"an array is stored for {'/'.join(path)}, which has none")
        if len(dims) != len(arr.shape) or any(isinstance(d, int) and d != s
                                               for d, s in zip(dims, arr.shape)):
            raise NetFileError(f"the array at {'/'.join(path)} has dimensions "
                               f"{list(arr.shape)}, not the layer's")


def uninitialized(net: Net) -> Net:
    """The net without its arrays (the "UninitializedNet" element)."""
    return Net(net.root, FrozenDict())
