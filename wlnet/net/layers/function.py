"""FunctionLayer[f]: a Wolfram Language function of arrays as a layer, compiled into a
composition of primitives.

Ports: ``#`` (or a symbol such as Exp) gives one input "Input"; named slots ``#Foo`` give
one input per name; ``Apply[f]`` gives "Input1", "Input2", … for f's arguments.  The
output is "Output", or one output per key when f gives an association
(``<|"Foo" -> Sin[#], "Bar" -> #|> &``).

The body may use everything ElementwiseLayer compiles (numbers, arithmetic, the
elementwise functions, Min/Max of several arguments, comparisons, If, Which…), with
Wolfram's listable pairing of arrays of different ranks along their leading levels, and
the array operations Dot, Total, Mean, Variance, StandardDeviation, Max/Min of one array,
Transpose, Part, Flatten, Join, Map (of an elementwise function: over every element; of
any other function: over the parts at level 1), Norm and Normalize (of vectors).  A part it cannot compile is named in the message.

The output shapes are found by running the composition on zeros of the input shapes once
they are known (twice, with two lengths, when an input is a sequence: the output levels
that follow the length are the sequence's).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, default_names
from wlnet.net.layers._shapes import is_infinity, is_list, known_rank, port, set_dims
from wlnet.net.layers.elementwise import NotCompilable, compile_body, compile_tree, function_variables
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import LengthVar, SizeList, fresh_rank

_APPLY = Symbol("Apply")
# the heads a FunctionLayer's function may hold besides ElementwiseLayer's (also what a net
# file may hold inside it)
ARRAY_HEADS = frozenset(["Apply", "Association", "Rule", "RuleDelayed", "Dot", "Total", "Mean",
                         "Transpose", "TwoWayRule", "Part", "Span", "All", "Flatten", "Join", "Norm",
                         "Normalize", "DirectedInfinity", "Variance", "StandardDeviation", "Map"])
SUPPORTED = ("numbers and numeric arrays, arithmetic, the elementwise functions, comparisons, If, "
             "Which, Piecewise, Dot, Total, Mean, Variance, StandardDeviation, Max, Min, "
             "Transpose, Part, Flatten, Join, Map, Norm and Normalize")


# ---------------------------------------------------------------------------- compiling

def _levels_of_total(args) -> tuple:
    """Total's / Mean's levels: level 1, up to n, {n}, or Infinity."""
    if len(args) == 1:
        return ("one", 1)
    spec = args[1]
    if is_infinity(spec):
        return ("all",)
    if type(spec) is Integer and spec.value > 0:
        return ("span", 1, spec.value)
    if is_list(spec) and len(spec.args) == 1 and type(spec.args[0]) is Integer and spec.args[0].value != 0:
        return ("one", spec.args[0].value)
    raise NotCompilable(spec)


def _array_ops(e, sub):
    """The array operations of a FunctionLayer body as tree nodes (None: not one)."""
    from wlnet.net.layers.part import _level_spec
    from wlnet.net.layers.transpose import _primitive_spec, _read_spec
    head, args = e.head.name, e.args
    if head == "List":                                      # a constant array
        from wlnet.core.numeric_array import to_numpy_data
        value = to_numpy_data(e)
        if value is None:
            raise NotCompilable(e)
        return ("array", value.astype(np.float64))
    if head == "Dot" and len(args) >= 2:
        out = sub(args[0])
        for a in args[1:]:
            out = ("dot", out, sub(a))
        return out
    if head in ("Total", "Mean") and len(args) in (1, 2):
        return ("reduce", head, sub(args[0]), _levels_of_total(args))
    if head in ("Max", "Min") and len(args) == 1:           # of every element
        return ("reduce", head, sub(args[0]), ("all",))
    if head == "Transpose" and len(args) in (1, 2):
        try:
            spec = _read_spec(args[1]) if len(args) == 2 else ("swap", (1, 2))
        except NetSpecError:
            raise NotCompilable(args[1])
        return ("permute", sub(args[0]), _primitive_spec(spec))
    if head == "Part" and len(args) >= 2:
        parts = tuple(_level_spec(a) for a in args[1:])
        if len(args) == 2 and parts[0] is None and type(args[0]) is Expr \
                and args[0].head is S.List:
            # a constant table indexed by an input (table[[#t]]): the rows the codes pick
            return ("lookup", sub(args[0]), sub(args[1]))
        if any(p is None for p in parts):
            raise NotCompilable(e)
        return ("take", sub(args[0]), parts)
    if head == "Flatten" and len(args) in (1, 2):
        level = None if len(args) == 1 else args[1].value if type(args[1]) is Integer and args[1].value > 0 else 0
        if level == 0:
            raise NotCompilable(args[1])
        return ("flatten", sub(args[0]), level)
    if head == "Join" and len(args) >= 2:
        return ("catenate", 1) + tuple(sub(a) for a in args)
    if head in ("Variance", "StandardDeviation") and len(args) == 1:
        variance = ("variance", sub(args[0]))
        return variance if head == "Variance" else ("map", "Sqrt", variance)
    if head == "Map" and len(args) == 2:
        inner = compile_tree(args[0], 1, extend=_array_ops)
        if _elementwise_only(inner):                    # an elementwise f over every element
            return _substitute(inner, sub(args[1]))
        return ("mapped", inner, sub(args[1]))          # f of each part at level 1
    if head == "Norm" and len(args) == 1:
        x = sub(args[0])
        return ("map", "Sqrt", ("reduce", "Total", ("times", x, x), ("all",)))
    if head == "Normalize" and len(args) == 1:
        x = sub(args[0])
        return ("divide", x, ("map", "Sqrt", ("reduce", "Total", ("times", x, x), ("all",))))
    return None


_ELEMENTWISE_KINDS = frozenset(["arg", "num", "map", "clip", "where", "add", "subtract", "times",
                                 "divide", "power", "max", "min", "greater", "greater_equal", "less",
                                 "less_equal", "equal", "unequal"])


def _elementwise_only(tree) -> bool:
    return tree[0] in _ELEMENTWISE_KINDS and all(
        _elementwise_only(t) for t in tree[1:] if isinstance(t, tuple))


def _substitute(tree, value):
    """``tree`` with its variable replaced by the tree ``value``."""
    if tree[0] == "arg":
        return value
    return tuple(_substitute(t, value) if isinstance(t, tuple) else t for t in tree)


def _association_body(body) -> bool:
    return type(body) is Expr and body.head is S.Association and bool(body.args) and all(
        type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String
        for r in body.args)


def _unapplied(f):
    """(the function, whether it came as Apply[f]: its arguments are the ports)."""
    if type(f) is Expr and f.head == _APPLY and len(f.args) == 1:
        return f.args[0], True
    return f, False


def output_names(f) -> tuple:
    """"Output", or the keys of the association the function gives."""
    inner, _ = _unapplied(f)
    body = inner.args[-1] if type(inner) is Expr and inner.head is S.Function else None
    return tuple(r.args[0].value for r in body.args) if _association_body(body) else ("Output",)


def compile_function(f) -> tuple:
    """(input port names, ((output name, tree), …)); NotCompilable names the part that is
    not supported.  #name slots give ports named so, Apply[f] one port per argument,
    anything else the one port "Input"."""
    inner, applied = _unapplied(f)
    variables = function_variables(inner)
    if variables is None:                               # a symbol: f[#] &
        if applied:
            raise NotCompilable(f)
        return ("Input",), (("Output", compile_tree(inner, 1, extend=_array_ops)),)
    if applied:
        names = default_names(len(variables))
    elif all(kind == "slot" and isinstance(key, str) for kind, key in variables):
        names = tuple(key for _, key in variables)
    elif len(variables) == 1:
        names = ("Input",)
    else:
        raise NotCompilable(f)
    body = inner.args[-1]
    outputs = [(r.args[0].value, r.args[1]) for r in body.args] if _association_body(body) \
        else [("Output", body)]
    return names, tuple((out, compile_body(b, variables, _array_ops)) for out, b in outputs)


def _read_function(e):
    try:
        compile_function(e)
    except NotCompilable as err:
        from wlnet.net.wltext import short_text
        part = short_text(err.part, 40)
        raise NetSpecError("fnpart", e, part, SUPPORTED, symbol="FunctionLayer")
    return e


# ---------------------------------------------------------------------------- building

_BINARY = frozenset(["add", "subtract", "times", "divide", "power", "max", "min", "greater",
                     "greater_equal", "less", "less_equal", "equal", "unequal"])


class _Ranks(dict):
    """Ref -> the rank of one example of its value, where known (None: not known), and the
    refs that are constants (plain arrays, which numpy pairs with anything of higher rank)."""

    def __init__(self, *a):
        super().__init__(*a)
        self.constants = set()

    def aligned(self, g, a, b):
        """``a`` made ready to pair with ``b``: an align row only where the ranks may differ."""
        ra, rb = self.get(a), self.get(b)
        if ra is not None and rb is not None and (ra >= rb or (ra == 0 and a in self.constants)):
            return a
        out = g.align(a, b)
        self[out] = max(ra, rb) if ra is not None and rb is not None else None
        return out


def _rank_after(kind, tree, r):
    """The rank an array operation leaves (None when its input's is not known)."""
    from wlnet.net.primitives import flatten_groups, level_axes
    if r is None:
        return None
    if kind == "reduce":
        return r - len(level_axes(r, tree[3]))
    if kind == "take":
        return r - sum(1 for part in tree[2] if part[0] == "index")
    if kind == "flatten":
        return len(flatten_groups(r, tree[2]))
    if kind == "variance":
        return r - 1
    return r                                            # permute, map, clip


def build(g, tree, xs, ranks: _Ranks | None = None):
    """The composition of a FunctionLayer tree: as ElementwiseLayer's, with the operands of
    arithmetic aligned along their leading levels and the array operations' rows.
    ``ranks`` knows the inputs' ranks (when known), so that only operands whose ranks may
    differ get an align row."""
    return _build(g, tree, xs, ranks if ranks is not None else _Ranks())


def _build(g, tree, xs, ranks):
    kind = tree[0]
    sub = lambda t: _build(g, t, xs, ranks)

    def made(ref, rank):
        ranks[ref] = rank
        return ref

    if kind == "arg":
        return xs[tree[1]]
    if kind in ("num", "array"):
        ref = made(g.const(tree[1]), np.ndim(tree[1]))
        ranks.constants.add(ref)
        return ref
    if kind == "map":
        x = sub(tree[2])
        return made(g.map(x, function=tree[1]), ranks.get(x))
    if kind == "clip":
        x = sub(tree[1])
        return made(g.clip(x, low=tree[2], high=tree[3]), ranks.get(x))
    if kind in _BINARY:
        a, b = sub(tree[1]), sub(tree[2])
        a, b = ranks.aligned(g, a, b), ranks.aligned(g, b, a)
        return made(g.apply(kind, (a, b), {}), _max_rank(ranks, a, b))
    if kind == "where":
        c, a, b = (sub(t) for t in tree[1:])
        a, b = ranks.aligned(g, a, b), ranks.aligned(g, b, a)
        c = ranks.aligned(g, c, a)
        return made(g.where(c, a, b), _max_rank(ranks, a, b))
    if kind == "dot":
        a, b = sub(tree[1]), sub(tree[2])
        ra, rb = ranks.get(a), ranks.get(b)
        return made(g.dot(a, b), ra + rb - 2 if ra is not None and rb is not None else None)
    if kind == "variance":              # over level 1, with n - 1 as Variance divides by
        x = sub(tree[1])
        level = ("one", 1)
        mean = g.replicate(g.reduce(x, function="Mean", levels=level), dims=(1,), level=1)
        deviation = g.subtract(x, mean)
        squares = g.reduce(g.times(deviation, deviation), function="Total", levels=level)
        count = g.reduce(g.add(g.times(x, g.const(0.0)), g.const(1.0)), function="Total", levels=level)
        return made(g.divide(squares, g.subtract(count, g.const(1.0))), _rank_after(kind, tree, ranks.get(x)))
    if kind == "reduce":
        x = sub(tree[2])
        return made(g.reduce(x, function=tree[1], levels=tree[3]), _rank_after(kind, tree, ranks.get(x)))
    if kind == "permute":
        x = sub(tree[1])
        return made(g.permute(x, spec=tree[2]), ranks.get(x))
    if kind == "take":
        x = sub(tree[1])
        return made(g.take(x, parts=tree[2]), _rank_after(kind, tree, ranks.get(x)))
    if kind == "flatten":
        x = sub(tree[1])
        return made(g.flatten(x, level=tree[2]), _rank_after(kind, tree, ranks.get(x)))
    if kind == "lookup":
        table, codes = sub(tree[1]), sub(tree[2])
        rc = ranks.get(codes)
        return made(g.gather(table, codes), rc + np.ndim(tree[1][1]) - 1 if rc is not None else None)
    if kind == "mapped":                # f on each part at level 1, as examples of their own
        x = sub(tree[2])
        r = ranks.get(x)
        folded = g.fold_level(x)
        inner = _Ranks({folded: r - 1 if r is not None else None})
        y = _build(g, tree[1], [folded], inner)
        ry = inner.get(y)
        return made(g.unfold_level(y, x), ry + 1 if ry is not None else None)
    if kind == "catenate":
        parts = [sub(t) for t in tree[2:]]
        known = [ranks.get(x) for x in parts]
        return made(g.catenate(*parts, level=tree[1]), None if None in known else max(known))
    raise AssertionError(kind)


def _max_rank(ranks, a, b):
    ra, rb = ranks.get(a), ranks.get(b)
    return max(ra, rb) if ra is not None and rb is not None else None


def _probe(names, trees, shapes: dict) -> dict:
    """The output shapes of one example, running the composition on zeros of ``shapes``."""
    from wlnet.net.compose import Builder
    from wlnet.net.primitives import PRIMITIVES, data_of
    from wlnet.net.values import Batch, RunContext
    g = Builder(())
    xs = [g.input(n) for n in names]
    for out, tree in trees:
        g.output(out, build(g, tree, xs))
    comp = g.build()
    ctx = RunContext(False, None, False, np.dtype(np.float64))
    values = []
    inputs = {n: Batch(np.zeros((1,) + shapes[n]), None) for n in names}
    for node in comp.nodes:
        args = [values[r.key] if r.kind == "node" else inputs[r.key] for r in node.inputs]
        with np.errstate(all="ignore"):
            y, _ = PRIMITIVES[node.primitive].forward(ctx, node.attrs, *args)
        values.append(y)
    result = {}
    for out, ref in comp.outputs.items():
        y = values[ref.key] if ref.kind == "node" else inputs[ref.key]
        result[out] = tuple(np.shape(data_of(y)))[1:] if isinstance(y, Batch) else tuple(np.shape(y))
    return result


# ---------------------------------------------------------------------------- the layer

@register
class Function(LayerSpec):
    type_name = "Function"
    symbol = "FunctionLayer"
    usage = "FunctionLayer[f] represents a net layer that applies function f to its input."
    params = (Param("Function", "custom", read=_read_function, show=lambda e: e),) + PORT_PARAMS + (
        Param("$OutputShapes", "custom", default=tuple, read=PORT_PARAMS[1].read, show=PORT_PARAMS[1].show),)
    min_args = max_args = 1
    sample = ('FunctionLayer[<|"Score" -> Total[Tanh[#x . #w] * #x, {2}] / (1 + Norm[#b]), '
              '"Max" -> Max[#x]|> &, "x" -> {"Varying", 3}, "w" -> {3, 3}, "b" -> 2]')
    examples = (
        ("FunctionLayer[Sin[#] + 1 &][{0, 1}]", "{1., 1.84147}"),
        ("FunctionLayer[#x . #y &][<|\"x\" -> {{1, 2}, {3, 4}}, \"y\" -> {1, 1}|>]", "{3., 7.}"),
        ("FunctionLayer[Exp[#] / Total[Exp[#]] &][{1, 2, 3}]", "{0.0900306, 0.244728, 0.665241}"),
        ("FunctionLayer[Apply[#1 - Mean[#2] &]][<|\"Input1\" -> {1, 2}, \"Input2\" -> {{1, 2}, {3, 4}}|>]",
         "{-1., -1.}"),
        ("FunctionLayer[{{1, 2}, {3, 4}} . # &][{1, 1}]", "{3., 7.}"),
    )

    def parse_args(self, args, p):
        p["Function"] = _read_function(args[0])
        names, trees = compile_function(args[0])
        p["InputPorts"] = names
        p["$InputShapes"] = tuple(SizeList((), fresh_rank()) for _ in names)
        p["$OutputShapes"] = tuple(SizeList((), fresh_rank()) for _ in trees)

    def compose(self, p, g):
        names, trees = compile_function(p["Function"])
        xs = [g.input(n) for n in names]
        ranks = _Ranks({x: None if s.tail is not None else len(s.dims)
                        for x, s in zip(xs, p["$InputShapes"])})
        for out, tree in trees:
            g.output(out, g.zero_padding(build(g, tree, xs, ranks)))

    def inputs(self, p):
        return {n: port(s) for n, s in zip(p["InputPorts"] or (), p["$InputShapes"])}

    def outputs(self, p):
        return {n: port(s) for n, s in zip(output_names(p["Function"]), p["$OutputShapes"])}

    def post(self, p, u):
        shapes = {n: known_rank(u, s) for n, s in zip(p["InputPorts"], p["$InputShapes"])}
        if any(d is None or not all(isinstance(x, (int, LengthVar)) for x in d) for d in shapes.values()):
            return
        names, trees = compile_function(p["Function"])
        runs = []
        for length in (2, 3):            # a sequence's length, twice
            concrete = {n: tuple(length if isinstance(x, LengthVar) else x for x in d)
                        for n, d in shapes.items()}
            try:
                runs.append(_probe(names, trees, concrete))
            except (NetSpecError, ValueError, IndexError) as err:
                raise NetSpecError("funcfail", p["Function"], _reason(err), symbol=self.symbol)
        lengths = [x for d in shapes.values() for x in d if isinstance(x, LengthVar)]
        for (out, _), shape in zip(trees, p["$OutputShapes"]):
            a, b = runs[0][out], runs[1][out]
            dims = []
            for x, y in zip(a, b):
                if x == y:
                    dims.append(x)
                elif (x, y) == (2, 3) and lengths:
                    dims.append(lengths[0])
                else:
                    raise NetSpecError("nodyn", self.symbol, "an input whose varying level is merged",
                                       symbol=self.symbol)
            set_dims(u, shape, dims, self.symbol)


def _reason(err) -> str:
    if isinstance(err, NetSpecError):
        from wlnet.net.errors import MESSAGES
        text = MESSAGES.get(err.tag, err.tag)
        for i, slot in enumerate(err.slots, 1):
            text = text.replace(f"`{i}`", str(slot))
        return text
    return str(err)
