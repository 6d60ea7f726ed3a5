"""Functional programming builtins: Map and friends, Apply, iteration (Nest, Fold,
FixedPoint), composition.

``Map``, ``Apply``, ``MapThread``… only build ``f[x]`` and return the structure: the
evaluator evaluates the result once, so nothing is evaluated twice.  The iterating builtins
(``Nest``, ``Fold``, ``FixedPoint``, ``Scan``) need each step's value and call ``ev.apply``.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, FALSE, Integer, NULL, S, TRUE
from wlnet.core.registry import builtin, builtin_subvalue, split_options
from wlnet.core.packed import MAP_PACK_THRESHOLD, maybe_pack
from wlnet.builtins._listutil import (
    ASSOCIATION, LIST, LevelSpec, depth_of, int_value, is_assoc, is_infinity, is_list, is_rule,
    map_levels, mklist, nonneg_int, operator_form, parse_levelspec, walk)

_LEVEL_MSG = {"level": "Level specification `1` is not of the form n, {n}, or {m, n}."}


def _levelspec_and_heads(ev, sym, rest, default: LevelSpec):
    """The level spec (positional, optional) and the Heads option from trailing args."""
    split = split_options(rest, {"Heads": FALSE})
    if split is None:
        return None
    positional, opts = split
    if len(positional) > 1:
        return None
    heads = opts["Heads"] is TRUE
    if positional:
        spec = parse_levelspec(positional[0], heads)
        if spec is None:
            ev.message(sym, "level", positional[0])
        return spec
    return LevelSpec(default.lo, default.hi, heads)


def _is_level_one(spec: LevelSpec) -> bool:
    return spec.lo == 1 and spec.hi == 1 and not spec.heads


def map_values(f, e):
    """``f /@ e`` at level 1: ``f`` wrapped round each element (each value of an
    association), nothing evaluated."""
    if is_assoc(e):
        return Expr.from_args(ASSOCIATION, (Expr(r._head, r._args[0], Expr(f, r._args[1]))
                                            if is_rule(r) else r for r in e._args))
    return Expr.from_args(e._head, (Expr(f, a) for a in e._args))


# ---------------------------------------------------------------------------- Map

@builtin("Map", argc=(1, None), usage="Map[f, expr] (f /@ expr) applies f to each element "
         "of expr; Map[f, expr, levelspec] to the parts at those levels; Map[f] is the "
         "operator form.", examples=(("f /@ {a, b}", "{f[a], f[b]}"),
                                     ("Map[f, {{a}}, {2}]", "{{f[a]}}")),
         messages=_LEVEL_MSG)
def map_(ev, f, e=None, *rest):
    if e is None:
        return None
    spec = _levelspec_and_heads(ev, S.Map, rest, LevelSpec(1, 1))
    if spec is None:
        return None
    if type(e) is not Expr:
        return e
    if _is_level_one(spec):
        if e._head is LIST and len(e._args) >= MAP_PACK_THRESHOLD:
            # a long list of numbers comes back packed, as WL's Map gives it, so that
            # arithmetic on it runs at array speed (labels as Boole[…] & /@ rows)
            return maybe_pack(ev.evaluate(map_values(f, e)), MAP_PACK_THRESHOLD)
        return map_values(f, e)
    return map_levels(e, spec, lambda part: Expr(f, part))


operator_form("Map", 1, position="last")


@builtin("MapAll", argc=(1, None), usage="MapAll[f, expr] (f //@ expr) applies f to every "
         "subexpression of expr, the innermost first and expr itself last; Heads -> True "
         "also to heads; MapAll[f] is the operator form.",
         examples=(("f //@ {a, {b}}", "f[{f[a], f[{f[b]}]}]"),))
def map_all(ev, f, e=None, *rest):
    if e is None:
        return None
    split = split_options(rest, {"Heads": FALSE})
    if split is None or split[0]:
        return None
    spec = LevelSpec(0, None, split[1]["Heads"] is TRUE)
    return map_levels(e, spec, lambda part: Expr(f, part))


operator_form("MapAll", 1, position="last")


def _map_indexed(f, e, spec: LevelSpec, level: int, pos: tuple):
    if type(e) is Expr and spec.may_descend(level):
        if is_assoc(e):
            args = tuple(Expr(r._head, r._args[0],
                              _map_indexed(f, r._args[1], spec, level + 1,
                                           pos + (Expr(S.Key, r._args[0]),)))
                         if is_rule(r) else r for r in e._args)
        else:
            args = tuple(_map_indexed(f, a, spec, level + 1, pos + (Integer(i),))
                         for i, a in enumerate(e._args, 1))
        e = Expr.from_args(e._head, args)
    depth = depth_of(e) if spec.uses_depth else 0
    if spec.contains(level, depth):
        return Expr(f, e, Expr.from_args(LIST, pos))
    return e


@builtin("MapIndexed", argc=(1, None), usage="MapIndexed[f, expr] applies f to each element "
         "and its position: f[e, {i}]; MapIndexed[f, expr, levelspec] at those levels.",
         examples=(("MapIndexed[f, {a, b}]", "{f[a, {1}], f[b, {2}]}"),), messages=_LEVEL_MSG)
def map_indexed(ev, f, e=None, *rest):
    if e is None:
        return None
    spec = _levelspec_and_heads(ev, S.MapIndexed, rest, LevelSpec(1, 1))
    if spec is None:
        return None
    return _map_indexed(f, e, spec, 0, ())


operator_form("MapIndexed", 1, position="last")


def _map_thread(ev, f, lists, level, call):
    if level == 0:
        return Expr(f, *lists)
    for j, x in enumerate(lists):
        if type(x) is not Expr:
            ev.message(S.MapThread, "mptd", x, Integer(j + 1), call, Integer(0), Integer(1))
            raise ValueError
    size = len(lists[0]._args)
    for j, x in enumerate(lists[1:], 2):
        if len(x._args) != size:
            ev.message(S.MapThread, "mptc", Integer(1), Integer(j), call,
                       Integer(size), Integer(len(x._args)))
            raise ValueError
    return Expr.from_args(lists[0]._head if lists else LIST,
                          (_map_thread(ev, f, parts, level - 1, call)
                           for parts in zip(*(x._args for x in lists))))


@builtin("MapThread", argc=(1, 3), usage="MapThread[f, {{a1, a2}, {b1, b2}}] is "
         "{f[a1, b1], f[a2, b2]}; MapThread[f, lists, n] threads n levels down.",
         examples=(("MapThread[f, {{a, b}, {1, 2}}]", "{f[a, 1], f[b, 2]}"),),
         messages={"mptd": "Object `1` at position {2, `2`} in `3` has only `4` of required "
                           "`5` dimensions.",
                   "mptc": "Incompatible dimensions of objects at positions {2, `1`} and "
                           "{2, `2`} of `3`; dimensions are `4` and `5`.",
                   "list": "List expected at position `2` in `1`."})
def map_thread(ev, f, lists=None, n=None):
    if lists is None:
        return None
    call = Expr(S.MapThread, f, lists) if n is None else Expr(S.MapThread, f, lists, n)
    if not is_list(lists):
        ev.message(S.MapThread, "list", call, Integer(2))
        return None
    level = 1 if n is None else nonneg_int(n)
    if level is None:
        return None
    if not lists._args:
        return mklist(())
    try:
        return _map_thread(ev, f, lists._args, level, call)
    except ValueError:
        return None


operator_form("MapThread", 1, position="last")


# ---------------------------------------------------------------------------- Apply

def apply_head(f, e):
    """``f @@ e``: e's head replaced by f (an association gives its values)."""
    if type(e) is not Expr:
        return e
    if is_assoc(e):
        return Expr.from_args(f, (r._args[1] for r in e._args if is_rule(r)))
    return Expr.from_args(f, e._args)


@builtin("Apply", argc=(1, None), usage="Apply[f, expr] (f @@ expr) replaces the head of "
         "expr by f; Apply[f, expr, levelspec] at those levels (f @@@ expr is level 1).",
         examples=(("f @@ {a, b}", "f[a, b]"), ("f @@@ {{a}, {b}}", "{f[a], f[b]}")),
         messages=_LEVEL_MSG)
def apply_(ev, f, e=None, *rest):
    if e is None:
        return None
    spec = _levelspec_and_heads(ev, S.Apply, rest, LevelSpec(0, 0))
    if spec is None:
        return None
    if spec.lo == 0 and spec.hi == 0:
        return apply_head(f, e)
    if _is_level_one(spec) and type(e) is Expr and not is_assoc(e):
        return Expr.from_args(e._head, (apply_head(f, a) for a in e._args))
    return map_levels(e, spec, lambda part: apply_head(f, part))


operator_form("Apply", 1, position="last")


@builtin("MapApply", argc=(1, 2), usage="MapApply[f, expr] (f @@@ expr) replaces the heads "
         "of the elements of expr by f.", examples=(("MapApply[f, {{a}, {b}}]",
                                                      "{f[a], f[b]}"),))
def map_apply(ev, f, e=None):
    if e is None:
        return None
    if type(e) is not Expr:
        return e
    if is_assoc(e):
        return map_levels(e, LevelSpec(1, 1), lambda part: apply_head(f, part))
    return Expr.from_args(e._head, (apply_head(f, a) for a in e._args))


operator_form("MapApply", 1, position="last")


@builtin("Scan", argc=(1, None), usage="Scan[f, expr] evaluates f on each element of expr "
         "for its side effects and gives Null; Scan[f, expr, levelspec] at those levels.",
         examples=(("Scan[Print, {1, 2}]", "Null"),), messages=_LEVEL_MSG)
def scan(ev, f, e=None, *rest):
    if e is None:
        return None
    spec = _levelspec_and_heads(ev, S.Scan, rest, LevelSpec(1, 1))
    if spec is None:
        return None
    if type(e) is not Expr:
        return NULL
    if _is_level_one(spec):
        items = [r._args[1] for r in e._args if is_rule(r)] if is_assoc(e) else e._args
        for x in items:
            ev.apply(f, x)
        return NULL
    walk(e, spec, lambda part, pos: ev.apply(f, part) and False)
    return NULL


operator_form("Scan", 1, position="last")


@builtin("Level", argc=(2, None), usage="Level[expr, levelspec] is the list of parts of expr "
         "at those levels, depth first; Level[expr, levelspec, f] gives f[parts…].",
         examples=(("Level[{a, {b}}, {-1}]", "{a, b}"),), messages=_LEVEL_MSG)
def level(ev, e, spec_expr, *rest):
    split = split_options(rest, {"Heads": FALSE})
    if split is None or len(split[0]) > 1:
        return None
    positional, opts = split
    spec = parse_levelspec(spec_expr, opts["Heads"] is TRUE)
    if spec is None:
        ev.message(S.Level, "level", spec_expr)
        return None
    parts = []
    walk(e, spec, lambda part, pos: parts.append(part))
    head = positional[0] if positional else LIST
    return Expr.from_args(head, parts)


# ---------------------------------------------------------------------------- iteration

def _count(ev, sym, n, call):
    k = nonneg_int(n)
    if k is None:
        ev.message(sym, "intnm", call, Integer(3))
    return k


_INTNM = {"intnm": "Non-negative machine-sized integer expected at position `2` in `1`."}


@builtin("Nest", argc=3, usage="Nest[f, x, n] applies f to x n times.",
         examples=(("Nest[f, x, 3]", "f[f[f[x]]]"),), messages=_INTNM)
def nest(ev, f, x, n):
    k = _count(ev, S.Nest, n, Expr(S.Nest, f, x, n))
    if k is None:
        return None
    for _ in range(k):
        x = ev.apply(f, x)
    return x


@builtin("NestList", argc=3, usage="NestList[f, x, n] is {x, f[x], f[f[x]], …} with n "
         "applications of f.", examples=(("NestList[f, x, 2]", "{x, f[x], f[f[x]]}"),),
         messages=_INTNM)
def nest_list(ev, f, x, n):
    k = _count(ev, S.NestList, n, Expr(S.NestList, f, x, n))
    if k is None:
        return None
    out = [x]
    for _ in range(k):
        x = ev.apply(f, x)
        out.append(x)
    return mklist(out)


def _nest_while(ev, f, x, test, max_steps):
    out = [x]
    steps = 0
    while ev.apply(test, x) is TRUE and (max_steps is None or steps < max_steps):
        x = ev.apply(f, x)
        out.append(x)
        steps += 1
    return out


def _max_steps(m):
    if m is None or is_infinity(m):
        return None
    return nonneg_int(m)


@builtin("NestWhile", argc=(3, 5), usage="NestWhile[f, x, test] applies f to x while "
         "test of the latest result is True; NestWhile[f, x, test, 1, max] at most max times.",
         examples=(("NestWhile[#/2 &, 64, EvenQ]", "1"),))
def nest_while(ev, f, x, test, m=None, max_steps=None):
    if m is not None and int_value(m) != 1:
        return None                     # only the latest result is tested
    return _nest_while(ev, f, x, test, _max_steps(max_steps))[-1]


@builtin("NestWhileList", argc=(3, 5), usage="NestWhileList[f, x, test] is the list of "
         "results NestWhile goes through.",
         examples=(("NestWhileList[#/2 &, 8, EvenQ]", "{8, 4, 2, 1}"),))
def nest_while_list(ev, f, x, test, m=None, max_steps=None):
    if m is not None and int_value(m) != 1:
        return None
    return mklist(_nest_while(ev, f, x, test, _max_steps(max_steps)))


def _fold_args(x, lst):
    """(initial value, elements) for Fold[f, x, list] and Fold[f, list]."""
    if lst is None:
        if type(x) is not Expr or not x._args:
            return None
        return x._args[0], x._args[1:]
    if type(lst) is not Expr:
        return None
    return x, lst._args


@builtin("Fold", argc=(2, 3), usage="Fold[f, x, {a, b, …}] is f[f[x, a], b]…; "
         "Fold[f, {x, a, b, …}] starts from the first element.",
         examples=(("Fold[f, x, {a, b}]", "f[f[x, a], b]"),))
def fold(ev, f, x, lst=None):
    parts = _fold_args(x, lst)
    if parts is None:
        return None
    acc, items = parts
    for a in items:
        acc = ev.apply(f, acc, a)
    return acc


@builtin("FoldList", argc=(2, 3), usage="FoldList[f, x, {a, b, …}] is {x, f[x, a], "
         "f[f[x, a], b], …}.", examples=(("FoldList[Plus, 0, {1, 2, 3}]", "{0, 1, 3, 6}"),))
def fold_list(ev, f, x, lst=None):
    parts = _fold_args(x, lst)
    if parts is None:
        return None
    acc, items = parts
    out = [acc]
    for a in items:
        acc = ev.apply(f, acc, a)
        out.append(acc)
    return Expr.from_args(lst._head if lst is not None else x._head, out)


@builtin("ComposeList", argc=2, usage="ComposeList[{f1, f2, …}, x] is {x, f1[x], "
         "f2[f1[x]], …}.", examples=(("ComposeList[{f, g}, x]", "{x, f[x], g[f[x]]}"),))
def compose_list(ev, fs, x):
    if not is_list(fs):
        return None
    out = [x]
    for f in fs.args:
        x = ev.apply(f, x)
        out.append(x)
    return mklist(out)


def _fixed_point(ev, sym, f, x, rest):
    split = split_options(rest, {"SameTest": S.Automatic})
    if split is None or len(split[0]) > 1:
        return None
    positional, opts = split
    limit = 65536
    if positional:
        limit = None if is_infinity(positional[0]) else nonneg_int(positional[0])
        if limit is None and not is_infinity(positional[0]):
            return None
    test = opts["SameTest"]
    out = [x]
    steps = 0
    while limit is None or steps < limit:
        y = ev.apply(f, x)
        out.append(y)
        steps += 1
        same = y == x if test is S.Automatic else ev.apply(test, x, y) is TRUE
        if same:
            break
        x = y
    return out


@builtin("FixedPoint", argc=(2, None), usage="FixedPoint[f, x] applies f repeatedly until "
         "the result no longer changes; FixedPoint[f, x, n] stops after at most n steps.",
         examples=(("FixedPoint[Floor[#/2] &, 100]", "0"),))
def fixed_point(ev, f, x, *rest):
    out = _fixed_point(ev, S.FixedPoint, f, x, rest)
    return None if out is None else out[-1]


@builtin("FixedPointList", argc=(2, None), usage="FixedPointList[f, x] is the list of "
         "results of applying f repeatedly until the result no longer changes.",
         examples=(("FixedPointList[Floor[#/2] &, 4]", "{4, 2, 1, 0, 0}"),))
def fixed_point_list(ev, f, x, *rest):
    out = _fixed_point(ev, S.FixedPointList, f, x, rest)
    return None if out is None else mklist(out)


# ---------------------------------------------------------------------------- associations

@builtin("KeyValueMap", argc=(1, 2), usage="KeyValueMap[f, assoc] is {f[k1, v1], …} over the "
         "entries of assoc; KeyValueMap[f] is the operator form.",
         examples=(("KeyValueMap[f, <|a -> 1, b -> 2|>]", "{f[a, 1], f[b, 2]}"),))
def key_value_map(ev, f, e=None):
    if e is None or not is_assoc(e):
        return None
    return mklist(Expr(f, r._args[0], r._args[1]) for r in e._args if is_rule(r))


operator_form("KeyValueMap", 1, position="last")


# ---------------------------------------------------------------------------- composition

@builtin("Identity", argc=1, usage="Identity[x] is x.", examples=(("Identity[a]", "a"),))
def identity(ev, x):
    return x


def _composition_parts(sym, fs):
    """Flatten nested compositions and drop Identity."""
    out = []
    for f in fs:
        if type(f) is Expr and f._head is sym:
            out.extend(_composition_parts(sym, f._args))
        elif f is not S.Identity:
            out.append(f)
    return out


def _composition(sym):
    def evaluate(ev, *fs):
        parts = _composition_parts(sym, fs)
        if not parts:
            return S.Identity
        if len(parts) == 1:
            return parts[0]
        if len(parts) != len(fs) or any(p is not f for p, f in zip(parts, fs)):
            return Expr.from_args(sym, parts)
        return None
    return evaluate


builtin("Composition", argc=(0, None), usage="Composition[f, g, …][x] is f[g[…[x]]].",
        examples=(("Composition[f, g][x]", "f[g[x]]"),))(_composition(S.Composition))
builtin("RightComposition", argc=(0, None), usage="RightComposition[f, g, …][x] is "
        "…[g[f[x]]].", examples=(("RightComposition[f, g][x]", "g[f[x]]"),)
        )(_composition(S.RightComposition))


@builtin_subvalue("Composition")
def _apply_composition(ev, head, *args):
    fs = head._args
    if not fs:
        return None
    result = Expr(fs[-1], *args)
    for f in reversed(fs[:-1]):
        result = Expr(f, result)
    return result


@builtin_subvalue("RightComposition")
def _apply_right_composition(ev, head, *args):
    fs = head._args
    if not fs:
        return None
    result = Expr(fs[0], *args)
    for f in fs[1:]:
        result = Expr(f, result)
    return result


@builtin("Through", argc=(1, 2), usage="Through[p[f, g][x]] is p[f[x], g[x]]; "
         "Through[expr, h] only when p is h.",
         examples=(("Through[{f, g}[x]]", "{f[x], g[x]}"),))
def through(ev, e, h=None):
    if type(e) is not Expr or type(e._head) is not Expr:
        return e
    inner = e._head
    if h is not None and inner._head != h:
        return e
    return Expr.from_args(inner._head, (Expr(f, *e._args) for f in inner._args))


@builtin("Comap", argc=(1, 2), usage="Comap[{f, g, …}, x] is {f[x], g[x], …}: each "
         "function of the list applied to x (Comap[fs][x] is the operator form).",
         examples=(("Comap[{f, g}, x]", "{f[x], g[x]}"), ("Comap[{Min, Max}][{3, 1, 2}]", "{1, 3}")))
def comap(ev, fs, x=None):
    if x is None or type(fs) is not Expr:
        return None
    return Expr.from_args(fs._head, (Expr(f, x) for f in fs._args))


@builtin_subvalue("Comap")
def _comap_operator(ev, op, *args):
    if len(op.args) != 1 or len(args) != 1:
        return None
    return Expr(S.Comap, op.args[0], args[0])


@builtin("Construct", argc=(1, None), usage="Construct[f, x, y, …] is f[x, y, …].",
         examples=(("Construct[f, a, b]", "f[a, b]"),))
def construct(ev, f, *args):
    return Expr(f, *args)


@builtin("Operate", argc=(2, 3), attributes=("Protected",),
         usage="Operate[p, f[x, y]] is p[f][x, y]: p applied to the head; Operate[p, expr, n] "
               "to the head at depth n.",
         examples=(("Operate[p, f[x, y]]", "p[f][x, y]"), ("Operate[p, f[x][y], 2]",
                                                           "p[f][x][y]")))
def operate(ev, p, e, depth=Integer(1)):
    if type(depth) is not Integer or depth.value < 0:
        return None
    if depth.value == 0:
        return Expr(p, e)
    if type(e) is not Expr:
        return e
    return Expr.from_args(operate(ev, p, e.head, Integer(depth.value - 1))
                          if depth.value > 1 else Expr(p, e.head), e.args)
