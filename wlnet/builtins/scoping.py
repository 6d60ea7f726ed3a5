"""Scoping: Module (fresh symbols x$n), Block (dynamic: values saved and restored), With
(values substituted before evaluation)."""

from __future__ import annotations

from wlnet.core.registry import builtin, declare
from wlnet.core import attributes as A
from wlnet.core.expr import TRUE, Expr, S, Symbol
from wlnet.core.pattern import substitute, substitute_scoped

_List = S.List
_Set = S.Set
_SetDelayed = S.SetDelayed


def _local_specs(ev, caller, spec):
    """The (symbol, init expression or None, delayed) triples of ``{x, y = v, z := w}``,
    or None after a message."""
    if not (type(spec) is Expr and spec.head is _List):
        ev.message(caller, "lvlist", spec)
        return None
    out = []
    for item in spec.args:
        if type(item) is Symbol:
            out.append((item, None, False))
        elif type(item) is Expr and item.head in (_Set, _SetDelayed) and len(item.args) == 2:
            target = item.args[0]
            if type(target) is not Symbol:
                ev.message(caller, "lvset", spec, item, target)
                return None
            out.append((target, item.args[1], item.head is _SetDelayed))
        else:
            ev.message(caller, "lvsym", spec, item)
            return None
    return out


@builtin("Module", attributes=("HoldAll", "Protected"), argc=2,
         usage="Module[{x, y = v, …}, body] evaluates body with x, y replaced by fresh "
               "symbols x$n, y$n.",
         examples=(("Module[{x = 2}, x^2]", "4"), ("x = 5; Module[{x}, x = 1]; x", "5")))
def module(ev, spec, body):
    specs = _local_specs(ev, S.Module, spec)
    if specs is None:
        return None
    ev.module_counter += 1
    n = ev.module_counter
    renames = {}
    defs = ev.definitions
    for sym, init, delayed in specs:
        fresh = Symbol(f"{sym.name}${n}")
        renames[sym] = fresh
        defs.record(fresh).attrs |= A.TEMPORARY
    for sym, init, delayed in specs:
        if init is not None:
            fresh = renames[sym]
            if delayed:
                defs.set_own(fresh, substitute(init, renames), True)
            else:
                defs.set_own(fresh, ev.evaluate(init), False, evaluated=True)
    return substitute(body, renames)


@builtin("Block", attributes=("HoldAll", "Protected"), argc=2,
         usage="Block[{x, y = v, …}, body] evaluates body with the values of x, y cleared "
               "or set, and restores them afterwards.",
         examples=(("x = 5; Block[{x = 1}, x + 1]", "2"), ("x = 5; Block[{x}, x]; x", "5")))
def block(ev, spec, body):
    specs = _local_specs(ev, S.Block, spec)
    if specs is None:
        return None
    defs = ev.definitions
    inits = [(sym, None if init is None else (init if delayed else ev.evaluate(init)), delayed)
             for sym, init, delayed in specs]
    symbols = [sym for sym, _, _ in inits]
    with defs.binding(symbols) as foreign_at_start:
        result = _evaluate_blocked(ev, inits, body)
        if defs.foreign_changes == foreign_at_start:
            ev.mark_evaluated_outside(result, symbols)
    return result


def _evaluate_blocked(ev, inits, body):
    """``body`` evaluated with the values of the symbols of ``inits`` cleared or set to
    their initial values, and those restored afterwards, whatever happens."""
    defs = ev.definitions
    saved = []
    limits = False
    for sym, init, delayed in inits:
        rec = defs.record(sym)
        saved.append((rec, rec.own, rec.own_delayed, rec.own_symbols, rec.down_exact, rec.down))
        rec.own = None
        rec.own_symbols = None
        rec.down_exact = {}
        rec.down = []
        defs.touch(sym)
        if init is not None:
            defs.set_own(sym, init, delayed, evaluated=not delayed)
        limits = limits or sym.name in ("$RecursionLimit", "$IterationLimit")
    if limits:
        ev.refresh_limits()
    try:
        return ev.evaluate(body)
    finally:
        for rec, own, own_delayed, own_symbols, down_exact, down in reversed(saved):
            rec.own, rec.own_delayed, rec.own_symbols = own, own_delayed, own_symbols
            rec.down_exact, rec.down = down_exact, down
            defs.touch(rec.symbol)
        if limits:
            ev.refresh_limits()


@builtin("With", attributes=("HoldAll", "Protected"), argc=(2, None),
         usage="With[{x = v, …}, body] substitutes the values v for x in body, then "
               "evaluates it; With[{x = v}, {y = w}, body] nests.",
         examples=(("With[{x = 2}, Hold[x + 1]]", "Hold[2 + 1]"),))
def with_(ev, *args):
    *specs, body = args
    for spec in reversed(specs):
        local = _local_specs(ev, S.With, spec)
        if local is None:
            return None
    bindings = {}
    for spec in specs:
        for sym, init, delayed in _local_specs(ev, S.With, spec):
            if init is None:
                ev.message(S.With, "lvset", spec, sym, sym)
                return None
            value = substitute(init, bindings) if bindings else init
            bindings[sym] = value if delayed else ev.evaluate(value)
    return substitute_scoped(body, bindings)


@builtin("Unique", argc=(0, 1), usage="Unique[x] is a fresh symbol x$n.",
         examples=())
def unique(ev, x=None):
    ev.module_counter += 1
    base = x.name if type(x) is Symbol else "$"
    return Symbol(f"{base}${ev.module_counter}")



declare("$Assumptions", value=TRUE, settable=True,
        usage="$Assumptions is the default assumptions of Simplify and its kin (True: none); "
              "Assuming[assum, expr] and Block[{$Assumptions = …}, …] change it for a while.")


@builtin("Assuming", attributes=("HoldRest", "Protected"), argc=2,
         usage="Assuming[assum, expr] evaluates expr with assum added to $Assumptions (the "
               "default assumptions of Simplify, Refine, Integrate…).",
         examples=(("Assuming[x > 0, Simplify[Sqrt[x^2]]]", "x"),))
def assuming(ev, assumptions, body):
    name = Symbol("$Assumptions")
    current = ev.evaluate(name)
    combined = ev.evaluate(assumptions if current in (name, TRUE) else
                           Expr(S.And, current, assumptions))
    return ev.evaluate(Expr(S.Block, Expr(S.List, Expr(S.Set, name, combined)), body))
