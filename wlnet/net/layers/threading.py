"""ThreadingLayer[f] and ThreadingLayer[f, bspec]: f applied elementwise to several arrays,
``ThreadingLayer[f][{x1, x2, …}] = f[x1, x2, …]``.

f is a symbol (Plus, Times, Max, Min, Subtract, Divide, Power, Mod, …: as many ports as it
is given, from InputPorts, connections or the arrays it is applied to) or a pure function
built from ElementwiseLayer's functions (compiled by the same compiler): ``#1 - #2 &`` has
ports "Input1", "Input2", ``#a * #b &`` ports "a" and "b".

bspec: Automatic (the default; the inputs have one rank and each size equals the others'
or is 1, which is replicated), None (the inputs all have the output's shape), a level n
(an input of lower rank gets the missing levels inserted at level n, negative from the
end, then replicated) or a list of these, one per input.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, PortListLayer, default_names
from wlnet.net.layers._shapes import known_rank, port, set_dims
from wlnet.net.layers.elementwise import NotCompilable, compile_tree, function_error, function_variables
from wlnet.net.primitives import StructureError, replicate_position
from wlnet.net.registry import register
from wlnet.net.spec import Param, dims_text
from wlnet.net.types import SizeList, fresh_rank


_CLIP = Symbol("Clip")


def _tree(f, n):
    """The compiled tree of f applied to n inputs.  Clip (in the page's list of functions)
    takes three: the values and the bounds, Clip[#1, {#2, #3}]."""
    if f == _CLIP:
        if n != 3:
            raise NotCompilable(Expr(_CLIP, *(Expr(S.Slot, Integer(i)) for i in range(1, n + 1))))
        slot = lambda i: Expr(S.Slot, Integer(i))
        return compile_tree(Expr(S.Function, Expr(_CLIP, slot(1), Expr(S.List, slot(2), slot(3)))), 3)
    return compile_tree(f, n)


def _check_function(e):
    """The function as given, if it compiles (for its own arity, or two arguments; Clip
    three)."""
    try:
        variables = function_variables(e)
        _tree(e, None if variables is not None else 3 if e == _CLIP else 2)
    except NotCompilable as err:
        raise function_error(e, err, "ThreadingLayer")
    return e


def _one_broadcasting(e):
    if type(e) is Symbol and e.name in ("Automatic", "None"):
        return e.name
    if type(e) is Integer and e.value != 0:
        return e.value
    return None


def _read_broadcasting(e):
    """"Automatic", "None", a level n (insert the missing levels there) or a tuple of these
    (one per input)."""
    one = _one_broadcasting(e)
    if one is not None:
        return one
    if type(e) is Expr and e.head is S.List and e.args and all(_one_broadcasting(a) is not None for a in e.args):
        return tuple(_one_broadcasting(a) for a in e.args)
    raise NetSpecError("netarg", e, "broadcasting specification",
                       "it should be Automatic, None, a nonzero level or a list of these",
                       symbol="ThreadingLayer")


def _show_broadcasting(b):
    one = lambda x: Integer(x) if isinstance(x, int) else Symbol(x)
    return Expr.from_args(S.List, (one(x) for x in b)) if isinstance(b, tuple) else one(b)


def _insertions(ranks: list, bspec) -> list:
    """For each input, (number of levels to insert, level) — (0, None) when none — so that
    every input has the highest rank (a level bspec inserts the missing levels there)."""
    high = max(ranks)
    out = []
    for i, r in enumerate(ranks):
        spec = bspec[i] if isinstance(bspec, tuple) else bspec
        if r == high:
            out.append((0, None))
        elif isinstance(spec, int):
            replicate_position(r, high - r, spec)          # raises when out of range
            out.append((high - r, spec))
        else:
            raise StructureError("thrdims", "{" + ", ".join(map(str, ranks)) + "}", "the ranks differ")
    return out


def _port_names(variables) -> tuple:
    """Port names of a pure function's variables: #name gives "name", others Input1, …"""
    if all(kind == "slot" and isinstance(key, str) for kind, key in variables):
        return tuple(key for _, key in variables)
    return default_names(len(variables))


@register
class Threading(PortListLayer):
    type_name = "Threading"
    symbol = "ThreadingLayer"
    usage = "ThreadingLayer[f] represents a net layer that takes several input arrays and applies a function f to corresponding array elements."
    params = (Param("Function", "custom", read=_check_function, show=lambda e: e),
              Param("Broadcasting", "custom", default=lambda: "Automatic", read=_read_broadcasting,
                    show=_show_broadcasting)) + PORT_PARAMS + (Param("$OutputDimensions", "sizelist"),)
    min_args, max_args = 1, 2
    function_arity = 2
    sample = 'ThreadingLayer[Max[#1, #2] * Tanh[#3] - #1 / (1 + #2^2) &, InputPorts -> {{"Varying", 2, 3}, {"Varying", 1, 3}, {"Varying", 2, 1}}]'
    examples = (
        ("ThreadingLayer[Plus][{{1, 2}, {3, 4}}]", "{4., 6.}"),
        ("ThreadingLayer[#1 * #2 + #3 &][{{1, 2}, {3, 4}, {5, 6}}]", "{8., 14.}"),
        ('ThreadingLayer[#a - #b &][<|"a" -> {5, 7}, "b" -> {1, 2}|>]', "{4., 5.}"),
        ("ThreadingLayer[Times][{{{1}, {2}}, {{3, 4}}}]", "{{3., 4.}, {6., 8.}}"),
        ("ThreadingLayer[If[#1 > #2, #1, 0] &][{{1, 5}, {2, 3}}]", "{0., 5.}"),
    )

    def parse_args(self, args, p):
        p["Function"] = _check_function(args[0])
        if len(args) == 2:
            p["Broadcasting"] = _read_broadcasting(args[1])
        variables = function_variables(args[0])
        if variables is not None:        # a pure function fixes its ports
            p["InputPorts"] = _port_names(variables)
            p["$InputShapes"] = tuple(SizeList((), fresh_rank()) for _ in variables)

    def with_input_count(self, p, n):
        try:
            _tree(p["Function"], n)
        except NotCompilable as err:
            raise function_error(p["Function"], err, self.symbol)
        return super().with_input_count(p, n)

    def compose(self, p, g):
        from wlnet.net.layers.elementwise import build_tree
        shapes = self.port_shapes(p)
        names = list(shapes)
        xs = [g.input(n) for n in names]
        ranks = [None if s.tail is not None else len(s.dims) for s in shapes.values()]
        if p["Broadcasting"] != "None" and xs and None not in ranks:
            xs = [x if k == 0 else g.replicate(x, dims=(1,) * k, level=level)
                  for x, (k, level) in zip(xs, _insertions(ranks, p["Broadcasting"]))]
        tree = _tree(p["Function"], len(names))
        g.output("Output", g.zero_padding(build_tree(g, tree, xs)))

    def outputs(self, p):
        return {"Output": port(p["$OutputDimensions"])}

    def post(self, p, u):
        from wlnet.net.shape import NetTypeError
        shapes = p["$InputShapes"]
        if not shapes:
            return
        bspec = p["Broadcasting"]
        # None: an input that is not replicated has the output's shape (every input, or
        # those a list of settings gives None; the others are broadcast to it)
        for i, s in enumerate(shapes):
            if bspec == "None" or (isinstance(bspec, tuple) and i < len(bspec) and bspec[i] == "None"):
                try:
                    u.unify_shape(s, p["$OutputDimensions"])
                except NetTypeError:
                    raise NetSpecError("portsinc", self.symbol, self._text(u, shapes), symbol=self.symbol)
        if bspec == "None":
            return
        dims = [known_rank(u, s) for s in shapes]
        if any(d is None for d in dims) and p["Broadcasting"] == "Automatic":
            self._open_inputs_like_the_others(u, shapes, dims)
            dims = [known_rank(u, s) for s in shapes]
        if any(d is None for d in dims):
            return
        try:
            inserts = _insertions([len(d) for d in dims], p["Broadcasting"])
        except StructureError as err:
            reason = err.slots[1] if err.tag == "thrdims" else "a level outside the ranks"
            raise NetSpecError("thrdims", self._text(u, shapes), reason, symbol=self.symbol)
        dims = [d if k == 0 else d[:replicate_position(len(d), k, level)] + (1,) * k
                + d[replicate_position(len(d), k, level):] for d, (k, level) in zip(dims, inserts)]
        set_dims(u, p["$OutputDimensions"], [self._broadcast(u, sizes, shapes) for sizes in zip(*dims)],
                 self.symbol)

    @staticmethod
    def _open_inputs_like_the_others(u, shapes, dims):
        """An input nothing says anything about (a NetArrayLayer[] multiplied elementwise
        with a layer's output) takes the shape of the known input of highest rank: with
        nothing to broadcast, the inputs of an elementwise function agree."""
        known = [s for s, d in zip(shapes, dims) if d is not None]
        if not known:
            return
        model = max(known, key=lambda s: len(known_rank(u, s)))
        for s, d in zip(shapes, dims):
            resolved = u.resolve(s)
            if d is None and not resolved.dims and resolved.tail is not None:
                u.unify_shape(s, model)

    def _broadcast(self, u, sizes, shapes):
        """The output size of one level: the sizes other than 1 must agree.  A size not yet
        known (``ReplicateLayer[Automatic]``'s copies, a varying length) is taken to agree
        with the others rather than to be a broadcast 1."""
        from wlnet.net.shape import NetTypeError
        big = {d for d in sizes if isinstance(d, int) and d != 1}
        if len(big) > 1:
            raise NetSpecError("thrdims", self._text(u, shapes),
                               "sizes " + dims_text(sorted(big)) + " at one level", symbol=self.symbol)
        unknown = [d for d in sizes if not isinstance(d, int)]
        if not unknown:
            return big.pop() if big else 1
        model = big.pop() if big else unknown[0]
        try:
            for d in unknown:
                u.unify_dim(d, model)
        except NetTypeError:
            raise NetSpecError("thrdims", self._text(u, shapes), "varying lengths", symbol=self.symbol)
        return u.dim(model)

    @staticmethod
    def _text(u, shapes) -> str:
        return "{" + ", ".join("{…}" if s.tail is not None else dims_text(s.dims)
                               for s in (u.resolve(x) for x in shapes)) + "}"
