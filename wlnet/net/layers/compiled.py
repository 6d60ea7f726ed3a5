"""CompiledLayer[f], CompiledLayer[f, gradf]: a layer whose computation is a typed function,
as FunctionCompile takes it: ``Function[{Typed[x, "PackedArray"::["Real64", r]]}, body]``.

The body is compiled by FunctionLayer's compiler into primitives (what FunctionLayer's
body may hold, CompiledLayer's may: arithmetic, the elementwise functions, Dot, Total,
Fold of Plus/Times/Max/Min, Map, Part…); a part it cannot compile is named in the message.
One port "Input", one "Output".  The declared rank r of x says what f takes: with an input
of rank r, one example; of rank r - 1 (``"Input" -> dims``), the whole batch, of which
level 1 is the examples (and f must give a batch back).  Without "Input", one example.

The gradient: ``CompiledLayer[f]`` or ``CompiledLayer[f, Automatic]`` differentiates f
through its primitives; ``CompiledLayer[f, gradf]`` takes gradf[x, dy] or gradf[x, dy, y]
(typed as f, dy and y of the output's rank) as the input gradient, computed by the
"compiled" row; ``CompiledLayer[f, None]`` has none: a gradient asked of it is a message.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import known_rank, port, set_dims
from wlnet.net.layers.elementwise import NotCompilable, compile_body
from wlnet.net.layers.function import SUPPORTED, _Ranks, _array_ops, _reason, build, run_tree
from wlnet.net.primitives import batched_operand, data_of, unbatched
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import LengthVar
from wlnet.net.values import Batch
from wlnet.net.wltext import short_text

_REAL_TYPES = ("Real64", "MachineReal", "Real32", "Real16")


# ---------------------------------------------------------------------------- reading

def _type_rank(t):
    """The rank of a real type: "Real64" 0, "PackedArray"::["Real64", r] r; None otherwise."""
    if type(t) is String and t.value in _REAL_TYPES:
        return 0
    if (type(t) is Expr and type(t.head) is Expr and t.head.head == Symbol("TypeSpecifier")
            and len(t.head.args) == 1 and type(t.head.args[0]) is String
            and t.head.args[0].value in ("PackedArray", "NumericArray") and len(t.args) == 2
            and type(t.args[0]) is String and t.args[0].value in _REAL_TYPES
            and type(t.args[1]) is Integer and t.args[1].value >= 0):
        return t.args[1].value
    return None


def _typed_parameters(f) -> list:
    """[(name, rank), …] of Function[{Typed[x, type], …}, body]; None if it is not one."""
    if not (type(f) is Expr and f.head is S.Function and len(f.args) == 2):
        return None
    params = f.args[0]
    params = params.args if type(params) is Expr and params.head is S.List else (params,)
    out = []
    for p in params:
        if not (type(p) is Expr and p.head == Symbol("Typed") and len(p.args) == 2
                and type(p.args[0]) is Symbol):
            return None
        rank = _type_rank(p.args[1])
        if rank is None:
            return None
        out.append((p.args[0].name, rank))
    return out


def _compiled(f, arities: tuple, symbol="CompiledLayer"):
    """(the tree of f's body over its typed parameters, their ranks); f must take one of
    ``arities`` many."""
    params = _typed_parameters(f)
    if params is None or len(params) not in arities:
        count = " or ".join(map(str, arities))
        count += " typed argument" + ("" if arities == (1,) else "s")
        raise NetSpecError("ctyped", short_text(f, 60), count, symbol=symbol)
    try:
        tree = compile_body(f.args[1], tuple(("var", name) for name, _ in params), _array_ops)
    except NotCompilable as err:
        raise NetSpecError("cpart", short_text(f, 60), short_text(err.part, 40), SUPPORTED, symbol=symbol)
    return tree, tuple(rank for _, rank in params)


def _read_function(e):
    _compiled(e, (1,))
    return e


def _read_gradient(e):
    if type(e) is Symbol and e.name in ("Automatic", "None"):
        return e
    _compiled(e, (2, 3))
    return e


# ---------------------------------------------------------------------------- the layer

@register
class Compiled(LayerSpec):
    type_name = "Compiled"
    symbol = "CompiledLayer"
    usage = ("CompiledLayer[func] represents a net layer whose computation is defined by the "
             "compilable function func.\nCompiledLayer[func, gradientfunc] specifies a gradient "
             "propagating function allowing the layer to be used in NetTrain.")
    params = (Param("Function", "custom", read=_read_function, show=lambda e: e),
              Param("GradientFunction", "custom", default=lambda: Symbol("Automatic"),
                    read=_read_gradient, show=lambda e: e),
              Param("$Input", "sizelist"), Param("$Output", "sizelist"))
    min_args, max_args = 1, 2
    messages = {
        "ctyped": "`1` is not a function CompiledLayer can take here: it should be Function[{Typed[x, "
                  "type], …}, body] of `2`, each of a real type (\"Real64\", "
                  "\"PackedArray\"::[\"Real64\", rank]).",
        "cpart": "`1` cannot be compiled into a net: `2` is not supported (CompiledLayer supports "
                 "`3`).",
        "crank": "The function of CompiledLayer takes arrays of rank `1`, so its input should have "
                 "rank `1` (one example) or `2` (a batch), not `3`.",
        "cbatch": "The function of CompiledLayer takes a batch of `1` examples, so it should give a "
                  "batch of `1` examples back, not an array of dimensions `2`.",
        "cnograd": "CompiledLayer[f, None] has no gradient; give it a gradient function (or "
                  "Automatic) to train through it or to take a gradient of its input.",
        "cgradshape": "The gradient function of CompiledLayer should give an array of the input's "
                      "dimensions `1`, not `2`.",
    }
    sample = ('CompiledLayer[Function[{Typed[x, "PackedArray"::["Real64", 2]]}, Total[Sin[x] * x, {2}]], '
              '"Input" -> {3, 2}]')
    examples = (
        ('CompiledLayer[Function[{Typed[x, "PackedArray"::["Real64", 1]]}, 2 x + 1]][{1, 2}]',
         "{3., 5.}"),
        ('CompiledLayer[Function[{Typed[x, TypeSpecifier["PackedArray"]["MachineReal", 3]]}, '
         'Fold[Times, x]]][{{{1, 2}}, {{3, 4}}}]', "{{3., 8.}}"),
    )

    def parse_args(self, args, p):
        p["Function"] = _read_function(args[0])
        if len(args) == 2:
            p["GradientFunction"] = _read_gradient(args[1])

    def inputs(self, p):
        return {"Input": port(p["$Input"])}

    def outputs(self, p):
        return {"Output": port(p["$Output"])}

    def _rank(self, p) -> int:
        return _compiled(p["Function"], (1,))[1][0]

    def _batched(self, p, dims) -> bool:
        rank = self._rank(p)
        if len(dims) not in (rank, rank - 1):
            raise NetSpecError("crank", rank, rank - 1, len(dims), symbol=self.symbol)
        return len(dims) == rank - 1

    def post(self, p, u):
        dims = known_rank(u, p["$Input"])
        if dims is None or not all(isinstance(d, (int, LengthVar)) for d in dims):
            return
        if any(isinstance(d, LengthVar) for d in dims):
            raise NetSpecError("nodyn", self.symbol, "an input with a varying dimension", symbol=self.symbol)
        batched = self._batched(p, dims)
        tree = _compiled(p["Function"], (1,))[0]
        shapes = []
        for batch in (2, 3):            # a batched f must keep the batch as level 1
            x = Batch(np.zeros((batch,) + tuple(dims)), None)
            ctx = _probe_context()
            try:
                y = run_tree(tree, [batched_operand(x, batched)], ctx)
                if batched:
                    y = unbatched(y, x)
            except (NetSpecError, ValueError, IndexError) as err:
                raise NetSpecError("funcfail", p["Function"], _reason(err), symbol=self.symbol)
            shapes.append(tuple(np.shape(data_of(y)))[1:])
        set_dims(u, p["$Output"], list(shapes[0]), self.symbol)

    def defaults(self, p, u):
        if known_rank(u, p["$Input"]) is None:          # one example of f's rank
            set_dims(u, p["$Input"], [None] * self._rank(p), self.symbol, "input")

    def compose(self, p, g):
        x = g.input("Input")
        dims = p["$Input"].dims
        batched = self._batched(p, dims)
        tree, _ = _compiled(p["Function"], (1,))
        gradient = p["GradientFunction"]
        if type(gradient) is Symbol and gradient.name == "Automatic":
            if batched:                 # the batch as one example, of rank one more
                whole = g.batch_as_example(x)
                y = build(g, tree, [whole], _Ranks({whole: len(dims) + 1}))
                g.output("Output", g.example_as_batch(y, x))
            else:
                g.output("Output", build(g, tree, [x], _Ranks({x: len(dims)})))
            return
        given, ranks = (None, ()) if type(gradient) is Symbol else _compiled(gradient, (2, 3))
        arity = len(ranks)              # gradf[x, dy] or gradf[x, dy, y]
        g.output("Output", g.compiled(x, forward=partial(run_tree, tree), batched=batched, arity=arity,
                                      gradient=None if given is None else partial(run_tree, given)))


def _probe_context():
    from wlnet.net.values import RunContext
    return RunContext(False, None, False, np.dtype(np.float64))
