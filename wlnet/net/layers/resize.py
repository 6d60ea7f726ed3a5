"""ResizeLayer[{d}], ResizeLayer[{d1, d2}], ResizeLayer[{d1, d2, d3}]: the spatial
dimensions of an array resampled to new sizes, the channel dimension kept.

Ports "Input" {c, s1, …, sn} and "Output" {c, s1', …, sn'} (channels first; last with
Interleaving -> True).  Each di is
    n          the dimension becomes n
    Scaled[r]  it becomes Floor[r si] (at least 1)
    All        it stays si
Resampling -> "Linear" (the default, Automatic) or "Nearest"; "Scheme" -> "Point" or "Bin"
(Automatic: "Point" for "Linear", "Bin" for "Nearest"), as in ArrayResample:
    "Point"  the elements are points: the first and last of the input and output coincide,
             output j samples position j (si - 1)/(si' - 1)
    "Bin"    the elements are bins: output j samples position (j + 1/2) si/si' - 1/2,
             clamped to the input's extent
"Linear" interpolates between the two nearest elements, "Nearest" takes the nearest one.
(WL itself implements "Nearest" only for integer Scaled factors; here it takes any size.)
No arrays.

Resampling is linear in the input and separable: along each spatial axis the output is a
fixed (si', si) matrix times the input, so the gradient is the transposed matrices applied
in turn.  The torch lowering is F.interpolate with align_corners = ("Scheme" is "Point").
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._spatial import (
    channels_back, channels_first, interleaving_value, output_gradient,
    torch_channels_back, torch_channels_first,
)
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, is_symbol, option_name, real_value
from wlnet.net.types import RealT, SizeList, TensorT, fresh_size
from wlnet.net.values import Batch

SYMBOL = "ResizeLayer"
MAX_RANK = 3
METHODS = ("Linear", "Nearest")
SCHEMES = ("Point", "Bin")
DEFAULT_SCHEME = {"Linear": "Point", "Nearest": "Bin"}


# ---------------------------------------------------------------------------- settings

def _entry_value(e):
    """One di: an int (a size), ("Scaled", r) or "All"; None when it is neither."""
    if type(e) is Integer and e.value > 0:
        return e.value
    if is_symbol(e, "All"):
        return "All"
    if type(e) is Expr and e.head is Symbol("Scaled") and len(e.args) == 1:
        r = real_value(e.args[0])
        if r is not None and r > 0 and math.isfinite(r):
            return ("Scaled", e.args[0].value if type(e.args[0]) is Integer else r)
    return None


def specification_value(e) -> tuple:
    if type(e) is Expr and e.head is S.List and 1 <= len(e.args) <= MAX_RANK:
        entries = tuple(_entry_value(a) for a in e.args)
        if None not in entries:
            return entries
    raise NetSpecError("resizespec", e, symbol=SYMBOL)


def show_specification(spec: tuple):
    def show(entry):
        if entry == "All":
            return Symbol("All")
        if isinstance(entry, tuple):
            r = entry[1]
            return Expr(Symbol("Scaled"), Integer(r) if isinstance(r, int) else Real(r))
        return Integer(entry)
    return Expr.from_args(S.List, (show(entry) for entry in spec))


def _choice(e, name: str, allowed: tuple):
    """A "Resampling"/"Scheme" setting: one of `allowed` (a string or symbol) or Automatic
    (None)."""
    if is_symbol(e, "Automatic"):
        return None
    value = option_name(e)
    if value in allowed:
        return value
    raise NetSpecError("invsetting", e, name, SYMBOL,
                       " or ".join(f'"{a}"' for a in allowed) + " or Automatic", symbol=SYMBOL)


def read_scheme(e):
    return _choice(e, "Scheme", SCHEMES)


def scheme_of(p) -> str:
    """The scheme in force: the one given, or the method's own."""
    return p["Scheme"] or DEFAULT_SCHEME[p["Resampling"]]


def resized(entry, size: int) -> int:
    """The output size that `entry` gives for an input of `size`."""
    if entry == "All":
        return size
    if isinstance(entry, tuple):
        # a small allowance so that e.g. Scaled[0.29] of 100 is 29, not 28
        return math.floor(entry[1] * size + 1e-9)
    return entry


# ---------------------------------------------------------------------------- arithmetic

def _positions(n_in: int, n_out: int, scheme: str) -> np.ndarray:
    """Where in the input (in element units) each output element samples."""
    j = np.arange(n_out, dtype=np.float64)
    if scheme == "Point":
        return j * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(1)
    return np.maximum((j + 0.5) * (n_in / n_out) - 0.5, 0.0)


def nearest_indices(n_in: int, n_out: int, scheme: str) -> np.ndarray:
    """The input element that each output element takes with "Nearest" ("Bin": the bin
    that holds the output bin's centre; "Point": the nearest point, halves rounding up)."""
    if scheme == "Bin":
        index = np.floor((np.arange(n_out) + 0.5) * (n_in / n_out))
    else:
        index = np.floor(_positions(n_in, n_out, scheme) + 0.5)
    return np.minimum(index.astype(np.int64), n_in - 1)


def axis_matrix(n_in: int, n_out: int, method: str, scheme: str) -> np.ndarray:
    """The (n_out, n_in) matrix that resamples one axis."""
    w = np.zeros((n_out, n_in))
    rows = np.arange(n_out)
    if method == "Nearest":
        w[rows, nearest_indices(n_in, n_out, scheme)] = 1.0
        return w
    src = _positions(n_in, n_out, scheme)
    low = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    high = np.minimum(low + 1, n_in - 1)
    frac = src - low
    np.add.at(w, (rows, low), 1.0 - frac)
    np.add.at(w, (rows, high), frac)
    return w


def _apply(x: np.ndarray, matrices) -> np.ndarray:
    """x (B, C, s1, …) with each spatial axis k multiplied by matrices[k] (None: kept)."""
    for k, w in enumerate(matrices):
        if w is not None:
            x = np.moveaxis(np.moveaxis(x, 2 + k, -1) @ w.T, -1, 2 + k)
    return np.ascontiguousarray(x)


class ResizeOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        p = layer.params
        self.spec, self.method, self.scheme = p["Specification"], p["Resampling"], scheme_of(p)
        self.interleaving = p["Interleaving"]
        self.known = {}

    def matrices(self, sizes: tuple) -> tuple:
        """Per spatial axis its resampling matrix for input `sizes` (None where the size
        stays), kept per sizes: a net whose sizes are not fixed takes any."""
        found = self.known.get(sizes)
        if found is None:
            outs = output_sizes(self.spec, sizes)
            found = tuple(None if n == m else axis_matrix(n, m, self.method, self.scheme)
                          .astype(self.dtype) for n, m in zip(sizes, outs))
            if len(self.known) > 64:
                self.known.clear()
            self.known[sizes] = found
        return found

    def forward(self, inputs, arrays, states, ctx):
        x = channels_first(inputs["Input"].data.astype(ctx.dtype, copy=False),
                           self.interleaving)
        matrices = self.matrices(x.shape[2:])
        y = _apply(x, matrices)
        cache = (matrices, y.shape) if ctx.keep else None
        return {"Output": Batch(channels_back(y, self.interleaving), None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        matrices, shape = cache
        d_y = output_gradient(d_outputs.get("Output"), shape, self.interleaving, self.dtype)
        d_x = _apply(d_y, [None if w is None else w.T for w in matrices])
        return {"Input": channels_back(d_x, self.interleaving)}, {}, {}


def output_sizes(spec: tuple, sizes: tuple) -> tuple:
    outs = tuple(resized(entry, n) for entry, n in zip(spec, sizes))
    for entry, n, m in zip(spec, sizes, outs):
        if m < 1:
            raise NetSpecError("resizezero", SYMBOL, show_specification((entry,)).args[0],
                               n, symbol=SYMBOL)
    return outs


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """F.interpolate: "Linear" with align_corners = ("Scheme" is "Point"), "Nearest" with
    "Bin" is mode "nearest-exact"; "Nearest" with "Point" picks the same indices as the CPU
    op (torch has no such mode)."""
    x = torch_channels_first(inputs["Input"].data, p["Interleaving"])
    sizes = tuple(x.shape[2:])
    outs = output_sizes(p["Specification"], sizes)
    method, scheme = p["Resampling"], scheme_of(p)
    if method == "Linear":
        mode = ("linear", "bilinear", "trilinear")[len(sizes) - 1]
        y = t.nn.functional.interpolate(x, size=outs, mode=mode,
                                        align_corners=scheme == "Point")
    elif scheme == "Bin":
        y = t.nn.functional.interpolate(x, size=outs, mode="nearest-exact")
    else:
        y = x
        for k, (n, m) in enumerate(zip(sizes, outs)):
            index = t.as_tensor(nearest_indices(n, m, scheme), device=x.device)
            y = y.index_select(2 + k, index)
    return {"Output": Batch(torch_channels_back(y, p["Interleaving"]), None)}, {}


# ---------------------------------------------------------------------------- the layer

@register
class Resize(LayerSpec):
    type_name = "Resize"
    symbol = SYMBOL
    usage = ("ResizeLayer[{d1, …, dn}] represents a layer performing n-dimensional resizing "
             "of a (n+1)-dimensional array.")
    params = (Param("Specification", "custom", read=specification_value,
                    show=show_specification),
              Param("Resampling", "string", lambda: "Linear"),
              Param("Scheme", "custom", lambda: None, read=read_scheme,
                    show=lambda v: Symbol("Automatic") if v is None else String(v)),
              Param("Interleaving", "bool", lambda: False), Param("Channels", "size"),
              Param("$InputSize", "sizelist"), Param("$OutputSize", "sizelist"))
    min_args = max_args = 1
    options = {"Resampling": Symbol("Automatic"), "Scheme": Symbol("Automatic"),
               "Interleaving": Symbol("False")}
    messages = {
        "resizespec": "`1` is not a valid resizing specification; it should be a list of 1 to "
                      "3 entries, each a positive integer n, Scaled[r] with r > 0, or All.",
        "resizezero": "`2` in `1` leaves no element of a dimension of size `3`.",
    }
    op = ResizeOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'ResizeLayer[{5, Scaled[1.5]}, "Input" -> {2, 3, 4}]'
    examples = (
        ('ResizeLayer[{5}][{{1, 2, 3}}]', "{{1., 1.5, 2., 2.5, 3.}}"),
        ('ResizeLayer[{Scaled[2]}, Resampling -> "Nearest"][{{1, 2, 3}}]',
         "{{1., 1., 2., 2., 3., 3.}}"),
        ('ResizeLayer[{4}, "Scheme" -> "Bin"][{{0, 4}}]', "{{0., 1., 3., 4.}}"),
        ('Dimensions@ResizeLayer[{Scaled[1/2], All}, "Input" -> {3, 8, 5}][RandomReal[1, '
         '{3, 8, 5}]]', "{3, 4, 5}"),
        ('Dimensions@ResizeLayer[{6, 2}, "Interleaving" -> True][RandomReal[1, {3, 4, 2}]]',
         "{6, 2, 2}"),
    )

    def parse_args(self, args, p):
        spec = p["Specification"] = specification_value(args[0])
        p["$InputSize"] = SizeList(tuple(fresh_size() for _ in spec))
        p["$OutputSize"] = SizeList(tuple(entry if isinstance(entry, int) else fresh_size()
                                          for entry in spec))

    def parse_option(self, name, value, p):
        if name == "Interleaving":
            p[name] = interleaving_value(value, self.symbol)
        elif name == "Resampling":
            p[name] = _choice(value, name, METHODS) or "Linear"
        else:
            p[name] = _choice(value, name, SCHEMES)

    def _port(self, p, sizes: str):
        dims = p[sizes].dims
        if p["Interleaving"]:
            return TensorT(dims + (p["Channels"],), RealT)
        return TensorT((p["Channels"],) + dims, RealT)

    def inputs(self, p):
        return {"Input": self._port(p, "$InputSize")}

    def outputs(self, p):
        return {"Output": self._port(p, "$OutputSize")}

    def post(self, p, u):
        ins, outs = u.resolve(p["$InputSize"]).dims, u.resolve(p["$OutputSize"]).dims
        for entry, n, m in zip(p["Specification"], ins, outs):
            if entry == "All":
                u.unify_dim(m, n)
            elif isinstance(n, int):
                u.unify_dim(m, output_sizes((entry,), (n,))[0])
