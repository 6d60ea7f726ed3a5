"""``NetExternalObject``: a net model in an external framework's format, run as it is.

    NetExternalObject["model.onnx"]            (or File["model.onnx"])
    Import["model.onnx", "NetExternalObject"]
    obj[data]                                  a model with one input port
    obj[<|"port1" -> data1, …|>]               several input ports
    obj[data, TargetDevice -> "CPU" | "GPU"]
    Information[obj] / Information[obj, prop]

The object is ``NetExternalObject[<|"Format" -> "ONNX", "RawData" -> ByteArray[…]|>]``: it
carries the model file whole, so that it can be stored, compared and read back (the model
itself is read once per process: wlnet.net.external).  ONNX models run on onnxruntime;
MXNet and GGUF models, which the page also lists, need runtimes wlnet does not have (a
message says so).  Data go to the model as they are, batch dimension included (an external
model's ports carry it, unlike a net's); one output gives its array, several an association
of them by name.  NumericArray data give NumericArray outputs.
"""

from __future__ import annotations

import os

import numpy as np

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray, reals_expr, to_numpy_data
from wlnet.core.packed import pack
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue
from wlnet.net.external import ExternalModelError, model_format, onnx_model
from wlnet.net.wltext import short_text

HEAD = "NetExternalObject"
FAILED = Symbol("$Failed")

MESSAGES = {
    "invsrc": "`1` is not a model file; give a file name or File[\"name\"] of an ONNX model.",
    "nffil": "File `1` not found.",
    "offline": "`1` is not on this machine, and wlnet works offline; download the model and "
               "give the path of its file.",
    "noformat": "The format of `1` is not one NetExternalObject reads; it reads ONNX models "
                "(.onnx files).",
    "needpkg": "Running `1` models needs `2`.",
    "nofmt": "`1` models need a `1` runtime, which wlnet does not have; ONNX models run.",
    "badmodel": "The file is not a valid `1` model: `2`.",
    "invform": "`1` is not a NetExternalObject made by NetExternalObject or Import.",
    "noport": "`1` is not an input port of the model; its input ports are `2`.",
    "missport": "No data was given for the input port `1` of the model.",
    "oneport": "The model has the input ports `1`; give their data as an association "
               "<|port -> data, …|>.",
    "invdata": "The data for the input port `1` must be an array of dimensions `2` (batch "
               "dimension included, as the model declares it); its dimensions were `3`.",
    "notnum": "The data for the input port `1` must be a numeric array; it was `2`.",
    "notint": "The input port `1` takes integers; the data had non-integer values.",
    "rterr": "The model could not be evaluated: `1`.",
    "nospec": "An external model gives its outputs as they are; `1` (an output, property or "
              "gradient specification) is not supported.",
    "nodevice": "The model cannot run on the device `1`: `2`.",
    "invdevice": "`1` is not a device NetExternalObject can run a model on; use \"CPU\" or "
                 "\"GPU\".",
    "noinfo": "`1` is not a property of the model; Information[obj, \"Properties\"] "
              "lists them.",
    "optx": "Unknown option `1`; NetExternalObject evaluation takes TargetDevice.",
}

PROPERTIES = ("Backend", "Format", "InputPortNames", "InputPorts", "LayersCount",
              "LayerTypeCounts", "OutputPortNames", "OutputPorts", "Properties", "RawData")




def _external(fn):
    """Run ``fn``, turning the model's errors into NetExternalObject messages ($Failed)."""
    def run(ev, *args):
        try:
            return fn(ev, *args)
        except ExternalModelError as err:
            ev.message(Symbol(HEAD), err.tag, *err.slots)
            return FAILED
    return run


# ---------------------------------------------------------------------------- the object

def _assoc_get(a, key: str):
    for r in a.args:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and r.args[0] == String(key):
            return r.args[1]
    return None


def _is_object_form(args) -> bool:
    return (len(args) == 1 and type(args[0]) is Expr and args[0].head is S.Association
            and _assoc_get(args[0], "Format") is not None
            and _assoc_get(args[0], "RawData") is not None)


def object_expr(fmt: str, data: bytes) -> Expr:
    from wlnet.builtins.text_extra import byte_array_expr
    return Expr(Symbol(HEAD), Expr(S.Association,
                                   Expr(S.Rule, String("Format"), String(fmt)),
                                   Expr(S.Rule, String("RawData"), byte_array_expr(data))))


def external_object_from_bytes(fmt: str, data: bytes) -> Expr:
    """The object of a model file's bytes, the model read (and checked) first; raises
    ExternalModelError for a format wlnet cannot run or a file that is not a model."""
    if fmt != "ONNX":
        raise ExternalModelError("nofmt", fmt)
    onnx_model(data)
    return object_expr(fmt, data)


def _model_of(obj):
    """The model an object holds (reads it if this process has not yet)."""
    from wlnet.builtins.text_extra import bytes_of
    a = obj.args[0] if type(obj) is Expr and _is_object_form(obj.args) else None
    fmt = _assoc_get(a, "Format") if a is not None else None
    data = bytes_of(_assoc_get(a, "RawData")) if a is not None else None
    if fmt != String("ONNX") or data is None:
        raise ExternalModelError("invform", obj)
    return onnx_model(data)


@builtin(HEAD, usage="NetExternalObject[\"file\"] represents the net model stored in an "
                     "external framework's format (ONNX) in file; NetExternalObject[…][data] "
                     "evaluates it on data, batch dimension included.",
         argc=1, messages=MESSAGES)
def NetExternalObject(ev, *args):
    if _is_object_form(args):
        return None                              # the object itself is inert
    return _external(_from_source)(ev, args[0])


_REMOTE = ("http://", "https://", "ftp://")


def _from_source(ev, source):
    if _is_remote(source):                     # the page's URL sources: no network here
        raise ExternalModelError("offline", source)
    path = _path(source)
    if path is None:
        raise ExternalModelError("invsrc", source)
    if not os.path.isfile(path):
        raise ExternalModelError("nffil", source)
    fmt = model_format(path)
    if fmt is None:
        raise ExternalModelError("noformat", source)
    with open(path, "rb") as fh:
        data = fh.read()
    return external_object_from_bytes(fmt, data)


def _is_remote(e) -> bool:
    if type(e) is Expr and type(e.head) is Symbol and e.head.name in ("URL", "CloudObject"):
        return True
    return type(e) is String and e.value.lower().startswith(_REMOTE)


def _path(e) -> str | None:
    if type(e) is Expr and e.head is S.File and len(e.args) == 1:
        e = e.args[0]
    if type(e) is String and e.value:
        return os.path.expanduser(e.value)
    return None


# ---------------------------------------------------------------------------- obj[data]

@builtin_subvalue(HEAD)
def evaluate_external(ev, head, *args):
    if not _is_object_form(head.args):
        return None
    positional, options = _split_options(args)
    if len(positional) == 2:                   # net[data, spec] forms: not for external models
        ev.message(Symbol(HEAD), "nospec", positional[1])
        return FAILED
    if len(positional) != 1:
        return None
    return _external(_evaluate)(ev, head, positional[0], options)


def _split_options(args):
    end = len(args)
    while end > 0 and type(args[end - 1]) is Expr and args[end - 1].head in (S.Rule,
                                                                             S.RuleDelayed):
        end -= 1
    return args[:end], args[end:]


def _evaluate(ev, obj, data, options):
    model = _model_of(obj)
    device = _device(options)
    feeds, numeric = _feeds(model, data)
    values = model.run(feeds, *device)
    outs = [(port.name, _value_expr(values[port.name], numeric)) for port in model.outputs]
    if len(outs) == 1:
        return outs[0][1]
    return Expr.from_args(S.Association, (Expr(S.Rule, String(k), v) for k, v in outs))


def _device(options) -> tuple:
    """(device name, the setting as given) from the options (TargetDevice only)."""
    device = ("CPU", String("CPU"))
    for rule in options:
        name = rule.args[0]
        name = name.name if type(name) is Symbol else getattr(name, "value", None)
        if name != "TargetDevice":
            raise ExternalModelError("optx", rule.args[0])
        device = (_device_name(rule.args[1]), rule.args[1])
    return device


def _device_name(spec) -> str:
    """"CPU", or "CUDA" for the settings that name a CUDA GPU ("GPU", "CUDA", {"GPU", 1})."""
    if spec == String("CPU"):
        return "CPU"
    if type(spec) is String and spec.value in ("GPU", "CUDA"):
        return "CUDA"
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2 \
            and spec.args[0] in (String("GPU"), String("CUDA")) and spec.args[1] == Integer(1):
        return "CUDA"
    if type(spec) is String and spec.value in ("CoreML", "DirectML"):
        raise ExternalModelError("nodevice", spec, f"the {spec.value} API is not on this system")
    raise ExternalModelError("invdevice", spec)


def _feeds(model, data) -> tuple[dict, bool]:
    """{port name: numpy array} for the model's inputs, and whether the data came as
    NumericArrays (then the outputs are NumericArrays too)."""
    names = [p.name for p in model.inputs]
    if type(data) is Expr and data.head is S.Association:
        given = {}
        for r in data.args:
            key = r.args[0]
            if type(key) is not String or key.value not in names:
                raise ExternalModelError("noport", key, _names_expr(names))
            given[key.value] = r.args[1]
        for name in names:
            if name not in given:
                raise ExternalModelError("missport", String(name))
    elif len(names) == 1:
        given = {names[0]: data}
    else:
        raise ExternalModelError("oneport", _names_expr(names))
    feeds = {p.name: _port_array(p, given[p.name]) for p in model.inputs}
    numeric = all(isinstance(given[n], NumericArray) for n in names) and bool(names)
    return feeds, numeric


def _names_expr(names) -> Expr:
    return Expr.from_args(S.List, (String(n) for n in names))


def _port_array(port, e) -> np.ndarray:
    arr = to_numpy_data(e)
    if arr is None:
        arr = _booleans(e) if port.dtype.kind == "b" else None
    if arr is None:
        raise ExternalModelError("notnum", String(port.name), e)
    if not port.accepts(arr.shape):
        raise ExternalModelError("invdata", String(port.name), _dims_expr(port.dims),
                                 Expr.from_args(S.List, (Integer(n) for n in arr.shape)))
    if port.dtype.kind in "iub" and arr.dtype.kind == "f":
        if not np.all(np.floor(arr) == arr):
            raise ExternalModelError("notint", String(port.name))
    return np.ascontiguousarray(arr, dtype=port.dtype)


def _booleans(e) -> np.ndarray | None:
    if e in (TRUE, FALSE):
        return np.array(e is TRUE)
    if type(e) is Expr and e.head is S.List:
        parts = [_booleans(a) for a in e.args]
        if parts and all(p is not None for p in parts) and len({p.shape for p in parts}) == 1:
            return np.stack(parts)
    return None


def _value_expr(arr: np.ndarray, numeric: bool) -> Expr:
    if numeric:
        return NumericArray.wrap(np.ascontiguousarray(arr)) if arr.dtype.kind != "b" \
            else NumericArray(arr.astype(np.uint8), "UnsignedInteger8")
    if arr.dtype.kind == "f":
        return reals_expr(arr)
    if arr.dtype.kind == "b":
        return _boolean_expr(arr)
    packed = pack(arr.astype(np.int64))
    return packed if packed is not None else Integer(int(arr))


def _boolean_expr(arr: np.ndarray) -> Expr:
    if arr.ndim == 0:
        return TRUE if bool(arr) else FALSE
    return Expr.from_args(S.List, (_boolean_expr(a) for a in arr))


# ---------------------------------------------------------------------------- Information

def _dims_expr(dims: tuple) -> Expr:
    """A port's dimensions as a list; a dimension of any size is "Varying"."""
    return Expr.from_args(S.List, (String("Varying") if d is None else Integer(d)
                                   for d in dims))


def _ports_expr(ports) -> Expr:
    return Expr.from_args(S.Association, (Expr(S.Rule, String(p.name), _dims_expr(p.dims))
                                          for p in ports))


def _property(obj, model, name: str) -> Expr:
    if name == "Backend":
        return String(model.backend)
    if name == "Format":
        return String(model.format)
    if name == "InputPortNames":
        return _names_expr(p.name for p in model.inputs)
    if name == "OutputPortNames":
        return _names_expr(p.name for p in model.outputs)
    if name == "InputPorts":
        return _ports_expr(model.inputs)
    if name == "OutputPorts":
        return _ports_expr(model.outputs)
    if name == "LayersCount":
        return Integer(sum(model.node_counts.values()))
    if name == "LayerTypeCounts":
        return Expr.from_args(S.Association, (Expr(S.Rule, String(k), Integer(v))
                                              for k, v in model.node_counts.most_common()))
    if name == "Properties":
        return _names_expr(PROPERTIES)
    return _assoc_get(obj.args[0], "RawData")            # "RawData": the file's bytes


@builtin_upvalue("Information", HEAD)
def _information(ev, obj, *rest):
    if not _is_object_form(obj.args) or len(rest) > 1:
        return None
    return _external(_information_of)(ev, obj, rest[0] if rest else None)


def _information_of(ev, obj, prop):
    model = _model_of(obj)
    if prop is None:                 # the report: every property but the file's bytes
        return Expr.from_args(S.Association, (
            Expr(S.Rule, String(name), _property(obj, model, name))
            for name in PROPERTIES if name not in ("Properties", "RawData")))
    if type(prop) is Expr and prop.head is S.List:
        return Expr.from_args(S.List, (_information_of(ev, obj, p) for p in prop.args))
    if type(prop) is not String or prop.value not in PROPERTIES:
        raise ExternalModelError("noinfo", prop)
    return _property(obj, model, prop.value)


# ---------------------------------------------------------------------------- display

def external_summary(obj) -> str | None:
    """One line for the REPL: ``NetExternalObject[<ONNX: "x" {"Varying", 2} -> "y"
    {"Varying", 3}>]`` (the bytes it holds are never printed)."""
    if not (type(obj) is Expr and _is_object_form(obj.args)):
        return None
    try:
        model = _model_of(obj)
    except ExternalModelError:
        return None

    def ports(ps):
        return ", ".join(f'"{p.name}" {short_text(_dims_expr(p.dims))}' for p in ps)
    return f"{HEAD}[<{model.format}: {ports(model.inputs)} -> {ports(model.outputs)}>]"


def _register_display() -> None:
    try:
        from wlnet.syntax.printer import register_output_format
    except ImportError:
        return
    register_output_format(HEAD, external_summary)


_register_display()
