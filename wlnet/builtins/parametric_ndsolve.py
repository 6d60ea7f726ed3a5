"""ParametricNDSolveValue and ParametricNDSolve: differential equations with symbolic
parameters, solved numerically when values are given for them.

``ParametricNDSolveValue[eqns, expr, {t, t0, t1}, {p1, p2, …}]`` is a
``ParametricFunction``; applied to numbers ``pf[v1, v2, …]`` it is
``NDSolveValue[eqns, expr, {t, t0, t1}]`` with each pi replaced by vi (an
InterpolatingFunction for an unknown function, or the value of expr), and
``ParametricNDSolve`` gives the rules ``{y -> ParametricFunction[…], …}`` of NDSolve.  A
parameter may be written with its range ({p, pmin, pmax}), as WL allows.  Programs ask the
same parameter values again and again (``Table[sol[c][t], {c, cs}, {t, ts}]``), so the
solutions of the last parameter values are kept.
"""

from __future__ import annotations

from collections import OrderedDict

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.pattern import substitute
from wlnet.core.registry import builtin, builtin_subvalue, declare

PARAMETRIC_FUNCTION = Symbol("ParametricFunction")
# held: its parameters stay symbols when they have values (c = 5; sol[0.5])
declare("ParametricFunction", attributes=("HoldAll", "Protected"),
        usage="ParametricFunction[{p1, …}, problem] is what ParametricNDSolveValue gives: "
              "applied to values of the parameters, the solution for them.")
_HOLD_COMPLETE = Symbol("HoldComplete")
_MESSAGES = {
    "par": "`1` is not a list of parameters: symbols, or {p, pmin, pmax}.",
}

# (ParametricFunction, parameter values) -> its solution, the last few asked
_SOLVED: OrderedDict = OrderedDict()
_KEEP = 64


def _parameters(pars) -> list | None:
    items = pars.args if is_list(pars) else (pars,)
    names = []
    for p in items:
        if is_list(p) and p.args and type(p.args[0]) is Symbol:
            p = p.args[0]
        if type(p) is not Symbol:
            return None
        names.append(p)
    return names


def _parametric(ev, head, eqns, expr, tspec, pars, rest):
    # the parameters as written (held: a parameter with a value is still the parameter);
    # a variable holding the list of them is read for its value
    names = _parameters(pars)
    if names is None and type(pars) is Symbol:
        pars = ev.evaluate(pars)
        names = _parameters(pars)
    if names is None:
        ev.message(head, "par", pars)
        return None
    problem = Expr(_HOLD_COMPLETE, eqns, expr, tspec, *rest)
    return Expr(PARAMETRIC_FUNCTION, Expr(S.List, *names), problem)


@builtin("ParametricNDSolveValue", argc=(4, None), attributes=("HoldAll", "Protected"),
         messages=_MESSAGES,
         usage="ParametricNDSolveValue[eqns, expr, {t, t0, t1}, {p1, p2, …}] is a "
               "ParametricFunction: pf[v1, v2, …] is NDSolveValue[eqns, expr, {t, t0, t1}] "
               "with the parameters pi given the values vi.",
         examples=(("ParametricNDSolveValue[{y'[t] == -k y[t], y[0] == 1}, y, {t, 0, 1}, "
                    "{k}][2.][1.] - Exp[-2.] // Abs // # < 10^-5 &", "True"),))
def parametric_ndsolve_value(ev, eqns, expr, tspec, pars, *rest):
    return _parametric(ev, Symbol("ParametricNDSolveValue"), eqns, expr, tspec, pars, rest)


@builtin("ParametricNDSolve", argc=(4, None), attributes=("HoldAll", "Protected"),
         messages=_MESSAGES,
         usage="ParametricNDSolve[eqns, u, {t, t0, t1}, {p1, p2, …}] gives {u -> pf}: pf a "
               "ParametricFunction whose value at parameter values is NDSolveValue's "
               "solution u; a list of unknowns gives a rule for each.",
         examples=(("(y /. ParametricNDSolve[{y'[t] == -k y[t], y[0] == 1}, y, {t, 0, 1}, "
                    "{k}])[1.][0.5] - Exp[-0.5] // Abs // # < 10^-5 &", "True"),))
def parametric_ndsolve(ev, eqns, unknowns, tspec, pars, *rest):
    items = unknowns.args if is_list(unknowns) else (unknowns,)
    rules = []
    for u in items:
        pf = _parametric(ev, Symbol("ParametricNDSolve"), eqns, u, tspec, pars, rest)
        if pf is None:
            return None
        rules.append(Expr(S.Rule, u, pf))
    return Expr(S.List, *rules)


@builtin_subvalue("ParametricFunction")
def _apply(ev, pf, *values):
    """pf[v1, …]: the solution at those parameter values (unevaluated for non-numbers)."""
    if len(pf.args) != 2 or not is_list(pf.args[0]) or len(values) != len(pf.args[0].args):
        return None
    if any(float_value(ev.evaluate(Expr(S.N, v))) is None for v in values):
        return None
    key = (pf, values)
    if key in _SOLVED:
        _SOLVED.move_to_end(key)
        return _SOLVED[key]
    names, problem = pf.args
    # put the values in structurally: a rule c -> v would be evaluated, and inside
    # Table[sol[c][t], {c, …}] the parameter c has a value of its own
    bound = substitute(problem, dict(zip(names.args, values)))
    solve = Expr(Symbol("NDSolveValue"), *bound.args)
    tspec = bound.args[2] if len(bound.args) > 2 else None
    if is_list(tspec) and tspec.args and type(tspec.args[0]) is Symbol:
        # the independent variable is the problem's own, whatever value it has where the
        # function is applied (Table[sol[c][t], {t, …}])
        solve = Expr(Symbol("Block"), Expr(S.List, tspec.args[0]), solve)
    solution = ev.evaluate(solve)
    if type(solution) is Expr and solution.head == Symbol("NDSolveValue"):
        return None                       # it did not solve (NDSolveValue said why)
    _SOLVED[key] = solution
    while len(_SOLVED) > _KEEP:
        _SOLVED.popitem(last=False)
    return solution


def _text(pf) -> str | None:
    from wlnet.syntax.printer import output_form
    if len(pf.args) != 2:
        return None
    return f"ParametricFunction[{output_form(pf.args[0])}, <>]"


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("ParametricFunction", _text)
