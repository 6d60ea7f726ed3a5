"""NormalizationLayer[], NormalizationLayer[aggregation levels], NormalizationLayer[levels,
scaling levels]; InstanceNormalizationLayer[] (≡ NormalizationLayer[]) and
LayerNormalizationLayer[] (≡ NormalizationLayer[-1, "Same"]: each vector of the last level
normalised on its own and scaled componentwise, the transformer's layer normalisation;
LayerNormalizationLayer[levels] normalises over the given levels, scaled at the same).

Each example of the input (rank >= 1) is normalised over its aggregation levels (from 1,
negative from the end; a, a1 ;; a2 with a2 a level or All, or {a1, …}; default 2 ;; All):
    "Standardize" (Method, the default): (x - μ) / Sqrt[σ² + ε]
    "RMS":                                x / Sqrt[Mean[x²] + ε]
with μ, σ² the mean and variance over the aggregation levels ("Unbiased" -> True divides
the sum of squares by n - 1 instead of n), ε = "Epsilon" (0.001).  "GroupNumber" -> {g1, …}
(one entry per aggregation level: a positive integer, or None for 1) splits aggregation
level aj into gj groups of consecutive components, each normalised on its own (group
normalisation: NormalizationLayer[1 ;; All, 1, "GroupNumber" -> {g, None, None}]).

The result is then multiplied by "Scaling" and shifted by "Biases", arrays whose dimensions
are the input's at the scaling levels ("Complement" (default): every level that is not
aggregated; "Same": the aggregation levels; or levels as for aggregation): one value per
component of those levels, broadcast over the others.  Either array may be None.

Levels that are aggregated or scaled must have a fixed size (a sequence's varying length may
be at any other level).  The computation is a custom op (numpy reductions); its gradient is
the closed form of the normalisation's.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import is_list, known_rank
from wlnet.net.primitives import StructureError, level_axes
from wlnet.net.layers._shapes import SameShapeLayer
from wlnet.net.registry import register
from wlnet.net.shape import NetTypeError
from wlnet.net.spec import (
    ArraySpec, Param, dims_text, is_symbol, option_name, real_value,
)
from wlnet.net.types import LengthVar, RealT, SizeList, TensorT, describe_type, fresh_size
from wlnet.net.values import Batch, zeros_or

SYMBOL = "NormalizationLayer"
METHODS = ("Standardize", "RMS")
DEFAULT_LEVELS = ("span", 2, None)


# ---------------------------------------------------------------------------- levels

def _level(e) -> int | None:
    return e.value if type(e) is Integer and e.value != 0 else None


def read_levels(e, symbol: str = SYMBOL):
    """A level specification: ("one", n) | ("span", a, b or None for All) | ("list", (n1,
    …)); levels from 1, negative from the end."""
    if _level(e) is not None:
        return ("one", e.value)
    if type(e) is Expr and e.head is Symbol("Span") and len(e.args) == 2 \
            and _level(e.args[0]) is not None:
        last = e.args[1]
        if is_symbol(last, "All"):
            return ("span", e.args[0].value, None)
        if _level(last) is not None:
            return ("span", e.args[0].value, last.value)
    if is_list(e) and e.args and all(_level(a) is not None for a in e.args):
        return ("list", tuple(a.value for a in e.args))
    raise NetSpecError("invlevel", e, symbol,
                       "use n, n1 ;; n2, n ;; All or {n1, n2, …} (levels from 1, negative "
                       "from the end)", symbol=symbol)


def show_levels(levels):
    kind = levels[0]
    if kind == "one":
        return Integer(levels[1])
    if kind == "span":
        return Expr(Symbol("Span"), Integer(levels[1]),
                    Symbol("All") if levels[2] is None else Integer(levels[2]))
    return Expr.from_args(S.List, (Integer(n) for n in levels[1]))


def read_scaling(e, symbol: str = SYMBOL):
    if type(e) is String and e.value in ("Complement", "Same"):
        return e.value
    return read_levels(e, symbol)


def show_scaling(levels):
    return String(levels) if isinstance(levels, str) else show_levels(levels)


def axes_of(p: dict, rank: int, symbol: str) -> tuple:
    """(aggregation axes, scaling axes), 0-based within an example of `rank` levels."""
    try:
        aggregated = level_axes(rank, p["AggregationLevels"], symbol)
        scaling = p["ScalingLevels"]
        if scaling == "Same":
            scaled = aggregated
        elif scaling == "Complement":
            scaled = tuple(a for a in range(rank) if a not in aggregated)
        else:
            scaled = level_axes(rank, scaling, symbol)
    except StructureError as err:
        raise NetSpecError(err.tag, *err.slots, symbol=symbol) from None
    if not aggregated:
        raise NetSpecError("invlevel", show_levels(p["AggregationLevels"]), symbol,
                           "it names no level to aggregate over", symbol=symbol)
    return aggregated, scaled


def scaling_count(p: dict) -> int | None:
    """How many scaling levels there are when the specification alone says so (for any
    rank large enough), else None (it depends on the input's rank)."""
    specs = [p["AggregationLevels"], p["ScalingLevels"]]
    biggest = max([abs(n) for s in specs if isinstance(s, tuple)
                   for n in (s[1:] if s[0] != "list" else s[1]) if isinstance(n, int)] + [1])
    try:
        counts = {len(axes_of(p, rank, SYMBOL)[1]) for rank in (biggest + 1, biggest + 2)}
    except NetSpecError:          # e.g. -1 ;; 1, a level of a rank-1 input only
        return None
    return counts.pop() if len(counts) == 1 else None


# ---------------------------------------------------------------------------- settings

def read_groups(e, symbol: str = SYMBOL):
    """"GroupNumber": None, g (one aggregation level) or {g1, …} (entries None for 1)."""
    if is_symbol(e, "None"):
        return None
    entries = e.args if is_list(e) else (e,)
    values = []
    for a in entries:
        if is_symbol(a, "None"):
            values.append(1)
        elif type(a) is Integer and a.value > 0:
            values.append(a.value)
        else:
            break
    else:
        if values:
            return tuple(values)
    raise NetSpecError("invsetting", e, "GroupNumber", symbol,
                       "None or a list of positive integers (or None), one per aggregation "
                       "level", symbol=symbol)


def show_groups(groups):
    if groups is None:
        return Symbol("None")
    return Expr.from_args(S.List, (Integer(g) for g in groups))


def grouped_view(shape: tuple, aggregated: tuple, groups) -> tuple:
    """(shape of the batch with each grouped aggregation level split into (groups, size /
    groups), the axes of that shape to take statistics over).  `shape` includes the batch
    axis; a message when a level does not split evenly."""
    split = dict(zip(aggregated, groups)) if groups else {}
    new_shape, axes = [shape[0]], []
    for axis, size in enumerate(shape[1:]):
        g = split.get(axis, 1)
        if g > 1:
            if size % g:
                raise NetSpecError("normgroup", SYMBOL, axis + 1, size, g, symbol=SYMBOL)
            new_shape.append(g)
            size //= g
        if axis in aggregated:
            axes.append(len(new_shape))
        new_shape.append(size)
    return tuple(new_shape), tuple(axes)


def broadcast_shape(shape: tuple, scaled: tuple) -> tuple:
    """The shape a scaling array takes to broadcast against a batch of `shape`."""
    return (1,) + tuple(n if axis in scaled else 1 for axis, n in enumerate(shape[1:]))


def valid_steps(batch: Batch, dtype):
    """1 at a sequence batch's valid steps, 0 in its padding (broadcasting against its
    data); None for a batch without lengths.  The padding of the output is zero and passes
    no gradient."""
    if batch.lengths is None:
        return None
    steps = np.arange(batch.data.shape[1])[None, :] < np.asarray(batch.lengths)[:, None]
    return steps.astype(dtype).reshape(steps.shape + (1,) * (batch.data.ndim - 2))


# ---------------------------------------------------------------------------- the op

class NormalizationOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        p = self.params
        self.epsilon, self.method = p["Epsilon"], p["Method"]
        self.unbiased, self.groups = p["Unbiased"], p["GroupNumber"]
        self.symbol = layer.symbol

    def _plan(self, shape):
        aggregated, scaled = axes_of(self.params, len(shape) - 1, self.symbol)
        if self.groups is not None and len(self.groups) != len(aggregated):
            raise NetSpecError("normgroups", self.symbol, len(self.groups), len(aggregated),
                               symbol=self.symbol)
        view, axes = grouped_view(shape, aggregated, self.groups)
        return view, axes, broadcast_shape(shape, scaled)

    def forward(self, inputs, arrays, states, ctx):
        batch = inputs["Input"]
        x = np.asarray(batch.data, ctx.dtype)
        view, axes, bshape = self._plan(x.shape)
        xg = x.reshape(view)
        n = int(np.prod([view[a] for a in axes]))
        if self.method == "RMS":
            centred = xg
            power = np.mean(xg * xg, axis=axes, keepdims=True)
        else:
            centred = xg - xg.mean(axis=axes, keepdims=True)
            power = np.sum(centred * centred, axis=axes, keepdims=True) \
                / max(n - 1 if self.unbiased else n, 1)
        inv = 1 / np.sqrt(power + self.epsilon)
        normal = (centred * inv).reshape(x.shape)
        y = normal
        scaling, biases = arrays.get("Scaling"), arrays.get("Biases")
        if scaling is not None:
            y = y * scaling.reshape(bshape)
        if biases is not None:
            y = y + biases.reshape(bshape)
        mask = valid_steps(batch, ctx.dtype)
        if mask is not None:
            y = y * mask
        cache = None
        if ctx.keep:
            cache = (normal, inv, scaling, None if biases is None else biases.shape, view, axes,
                     bshape, n, mask)
        return {"Output": Batch(y, batch.lengths)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        normal, inv, scaling, biases_shape, view, axes, bshape, n, mask = cache
        d_y = zeros_or(d_outputs.get("Output"), normal.shape, self.dtype)
        if mask is not None:
            d_y = d_y * mask
        others = tuple(a for a, size in enumerate(bshape) if size == 1)
        d_arrays = {}
        if biases_shape is not None:
            d_arrays["Biases"] = d_y.sum(axis=others).reshape(biases_shape)
        if scaling is not None:
            d_arrays["Scaling"] = np.sum(d_y * normal, axis=others).reshape(scaling.shape)
            d_y = d_y * scaling.reshape(bshape)
        # d x = inv (d n - mean(d n) - n̂ Σ(d n n̂) / k), k the divisor of the variance (the
        # mean term only when the mean was subtracted)
        d_n, ng = d_y.reshape(view), normal.reshape(view)
        if self.method == "RMS":
            divisor, d_c = n, d_n
        else:
            divisor = max(n - 1 if self.unbiased else n, 1)
            d_c = d_n - d_n.mean(axis=axes, keepdims=True)
        d_x = inv * (d_c - ng * np.sum(d_n * ng, axis=axes, keepdims=True) / divisor)
        return {"Input": d_x.reshape(normal.shape)}, d_arrays, {}


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """The same arithmetic on torch tensors (autograd gives the gradient)."""
    batch = inputs["Input"]
    x = batch.data
    shape = tuple(x.shape)
    aggregated, scaled = axes_of(p, len(shape) - 1, SYMBOL)
    view, axes = grouped_view(shape, aggregated, p["GroupNumber"])
    xg = x.reshape(view)
    n = int(np.prod([view[a] for a in axes]))
    if p["Method"] == "RMS":
        centred, power = xg, (xg * xg).mean(dim=axes, keepdim=True)
    else:
        centred = xg - xg.mean(dim=axes, keepdim=True)
        divisor = max(n - 1 if p["Unbiased"] else n, 1)
        power = (centred * centred).sum(dim=axes, keepdim=True) / divisor
    y = (centred / t.sqrt(power + p["Epsilon"])).reshape(shape)
    bshape = broadcast_shape(shape, scaled)
    if "Scaling" in arrays:
        y = y * arrays["Scaling"].reshape(bshape)
    if "Biases" in arrays:
        y = y + arrays["Biases"].reshape(bshape)
    if batch.lengths is not None:
        lengths = t.as_tensor(batch.lengths, device=y.device)
        steps = t.arange(shape[1], device=y.device)[None, :] < lengths[:, None]
        y = y * steps.to(y.dtype).reshape(steps.shape + (1,) * (len(shape) - 2))
    return {"Output": Batch(y, batch.lengths)}, {}


# ---------------------------------------------------------------------------- the layers

def _scaling_array(name: str, init: str) -> ArraySpec:
    return ArraySpec(name, lambda p: p["$ScalingDimensions"].dims, init=init, nullable=True)


@register
class Normalization(SameShapeLayer):
    type_name = "Normalization"
    symbol = SYMBOL
    usage = ("NormalizationLayer[] represents a trainable net layer that normalizes its input "
             "data across the second and subsequent dimensions and applies an independent "
             "scaling and bias to each component of the first dimension.")
    params = (Param("AggregationLevels", "custom", lambda: DEFAULT_LEVELS,
                    read=read_levels, show=show_levels),
              Param("ScalingLevels", "custom", lambda: "Complement", read=read_scaling,
                    show=show_scaling),
              Param("Epsilon", "real", lambda: 0.001),
              Param("GroupNumber", "custom", lambda: None, read=read_groups, show=show_groups),
              Param("Unbiased", "bool", lambda: False),
              Param("Method", "string", lambda: "Standardize"),
              Param("$Dimensions", "sizelist"), Param("$ScalingDimensions", "sizelist"))
    arrays = (_scaling_array("Scaling", "ones"), _scaling_array("Biases", "biases"))
    min_args, max_args = 0, 2
    options = {"Epsilon": Real(0.001), "GroupNumber": Symbol("None"),
               "Unbiased": Symbol("False"), "Method": String("Standardize")}
    messages = {
        "normgroup": "`1` cannot split level `2` of size `3` into `4` groups of equal size.",
        "normgroups": "`1` was given `2` group numbers for `3` aggregation levels.",
        "normscalar": "`1` needs an input of rank 1 or more, not a single number.",
    }
    op = NormalizationOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'NormalizationLayer[2 ;; All, "Input" -> {3, 2, 2}]'
    examples = (
        ('NormalizationLayer["Input" -> {2, 2}, "Scaling" -> {1, 2}, "Biases" -> {0, 1}, '
         '"Epsilon" -> 0][{{1, 3}, {4, 8}}]', "{{-1., 1.}, {-1., 3.}}"),
        ('NormalizationLayer[1, "Same", "Scaling" -> None, "Biases" -> None, "Epsilon" -> 0]'
         '[{1, 2, 3, 4}]', "{-1.34164, -0.447214, 0.447214, 1.34164}"),
        ('NormalizationLayer[1, "Same", "Scaling" -> None, "Biases" -> None, "Epsilon" -> 0,'
         ' Method -> "RMS"][{3, 4}]', "{0.848528, 1.13137}"),
        ('Dimensions@NetExtract[NetInitialize@NormalizationLayer[{2, 3}, 1 ;; 2, "Input" -> '
         '{2, 3, 4}], "Scaling"]', "{2, 3}"),
        ('NormalizationLayer[1, "Same", "Unbiased" -> True, "Scaling" -> None, "Biases" -> '
         'None, "Epsilon" -> 0][{1, 3}]', "{-0.707107, 0.707107}"),
    )

    def parse_args(self, args, p):
        if args:
            p["AggregationLevels"] = read_levels(args[0], self.symbol)
        if len(args) > 1:
            p["ScalingLevels"] = read_scaling(args[1], self.symbol)
        self._scaling_rank(p)

    def _scaling_rank(self, p):
        count = scaling_count(p)
        if count is not None:
            p["$ScalingDimensions"] = SizeList(tuple(fresh_size() for _ in range(count)))

    def constrain_arrays(self, p, u, given):
        """An array given before the input's rank is known says how many scaling levels
        there are."""
        for shape in given.values():
            if u.resolve(p["$ScalingDimensions"]).tail is not None:
                u.unify_shape(p["$ScalingDimensions"],
                              SizeList(tuple(fresh_size() for _ in shape)))

    def parse_option(self, name, value, p):
        if name == "Epsilon":
            number = real_value(value)
            if number is None or number < 0:
                raise NetSpecError("invsetting", value, name, self.symbol,
                                   "a non-negative number", symbol=self.symbol)
            p[name] = number
        elif name == "GroupNumber":
            p[name] = read_groups(value, self.symbol)
        elif name == "Unbiased":
            if not (is_symbol(value, "True") or is_symbol(value, "False")):
                raise NetSpecError("invsetting", value, name, self.symbol, "True or False",
                                   symbol=self.symbol)
            p[name] = value.name == "True"
        else:
            method = option_name(value)
            if method not in METHODS:
                raise NetSpecError("invsetting", value, "Method", self.symbol,
                                   '"Standardize" or "RMS"', symbol=self.symbol)
            p[name] = method

    def post(self, p, u):
        dims = known_rank(u, p["$Dimensions"])
        if dims is None:
            return
        if not dims:
            raise NetSpecError("normscalar", self.symbol, symbol=self.symbol)
        aggregated, scaled = axes_of(p, len(dims), self.symbol)
        groups = p["GroupNumber"]
        if groups is not None and len(groups) != len(aggregated):
            raise NetSpecError("normgroups", self.symbol, len(groups), len(aggregated),
                               symbol=self.symbol)
        if any(isinstance(dims[a], LengthVar) for a in set(aggregated) | set(scaled)):
            raise NetSpecError("nodyn", self.symbol, describe_type(TensorT(dims, RealT)),
                               symbol=self.symbol)
        for axis, g in zip(aggregated, groups or ()):
            if isinstance(dims[axis], int) and dims[axis] % g:
                raise NetSpecError("normgroup", self.symbol, axis + 1, dims[axis], g,
                                   symbol=self.symbol)
        want = SizeList(tuple(dims[a] for a in scaled))
        try:
            u.unify_shape(p["$ScalingDimensions"], want)
        except NetTypeError:         # the arrays given do not fit the input's levels
            have = u.resolve(p["$ScalingDimensions"])
            raise NetSpecError("arrdims", "Scaling\" or \"Biases", self.symbol,
                               dims_text(u.resolve(want).dims), dims_text(have.dims),
                               symbol=self.symbol) from None


@register
class InstanceNormalization(Normalization):
    """InstanceNormalizationLayer[] is NormalizationLayer[] (WL keeps the old name)."""
    type_name = "InstanceNormalization"
    symbol = "InstanceNormalizationLayer"
    usage = "InstanceNormalizationLayer[] is equivalent to NormalizationLayer[]."
    min_args = max_args = 0
    sample = 'InstanceNormalizationLayer["Input" -> {2, 3, 3}]'
    examples = (
        ('InstanceNormalizationLayer["Input" -> {1, 2}, "Scaling" -> {2}, "Biases" -> {1}, '
         '"Epsilon" -> 0][{{1, 3}}]', "{{-1., 3.}}"),
    )


@register
class LayerNormalization(Normalization):
    type_name = "LayerNormalization"
    symbol = "LayerNormalizationLayer"
    usage = ("LayerNormalizationLayer[] represents a trainable net layer that normalizes each "
             "vector of the last level of its input and applies a componentwise scaling and "
             "bias.")
    params = tuple(Param(q.name, q.kind, lambda: ("one", -1), q.read, q.show)
                   if q.name == "AggregationLevels"
                   else Param(q.name, q.kind, lambda: "Same", q.read, q.show)
                   if q.name == "ScalingLevels" else q for q in Normalization.params)
    min_args, max_args = 0, 1
    sample = 'LayerNormalizationLayer["Input" -> {"Varying", 3}]'
    examples = (
        ('LayerNormalizationLayer["Scaling" -> None, "Biases" -> None, "Epsilon" -> 0]'
         '[{{1, 3}, {2, 6}}]', "{{-1., 1.}, {-1., 1.}}"),
        ('Dimensions@NetExtract[NetInitialize@LayerNormalizationLayer[2 ;; 3, "Input" -> '
         '{4, 2, 3}], "Biases"]', "{2, 3}"),
    )

    def parse_args(self, args, p):
        if args:
            p["AggregationLevels"] = read_levels(args[0], self.symbol)
        self._scaling_rank(p)
