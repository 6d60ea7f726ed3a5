"""Curried operator forms: ``OperatorApplied[f, spec]``, ``CurryApplied[f, spec]`` and the
older ``Curry[f, spec]``.  The form collects arguments, however they are bracketed
(``op[a][b]`` is ``op[a, b]``), until it has k of them, then gives f[x_i1, …, x_in]:

    spec n              {1, 2, …, n}
    spec {i1, …, in}    k = Max[{i1, …, in}]   (trailing option rules are passed on)
    spec k -> {i1, …}   k arguments, only the listed ones passed
    (none)              {2, 1}: OperatorApplied[f][y][x] is f[x, y] (not CurryApplied)

``CurryApplied[n][f]`` is ``CurryApplied[f, n]``; a spec of 0 gives f[] at once.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.registry import builtin, builtin_subvalue

_NAMES = ("OperatorApplied", "CurryApplied", "Curry")


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def _spec(form) -> tuple | None:
    """(k, order, options) of an operator form OperatorApplied[f, spec]; None when the
    spec is not one."""
    if type(form) is not Expr or type(form.head) is not Symbol or \
            form.head.name not in _NAMES or not 1 <= len(form.args) <= 2:
        return None
    if len(form.args) == 1:
        if form.head.name == "CurryApplied":
            return None                          # CurryApplied[n] is a different form
        return 2, [2, 1], []
    spec = form.args[1]
    if type(spec) is Integer and spec.value >= 0:
        return spec.value, list(range(1, spec.value + 1)), []
    count = None
    if _is_rule(spec) and type(spec.args[0]) is Integer:
        count, spec = spec.args[0].value, spec.args[1]
    if not (type(spec) is Expr and spec.head is S.List):
        return None
    items = list(spec.args)
    options = []
    while items and _is_rule(items[-1]):
        options.insert(0, items.pop())
    if not all(type(i) is Integer and i.value >= 1 for i in items):
        return None
    order = [i.value for i in items]
    k = max(order, default=0) if count is None else count
    if order and k < max(order):
        return None
    return k, order, options


def _applied(ev, form, collected):
    """f[x_i1, …, x_in, opts] once k arguments are collected (any beyond k applied to the
    result); None while there are fewer."""
    k, order, options = _spec(form)
    if len(collected) < k:
        return None
    f = form.args[0]
    result = Expr(f, *[collected[i - 1] for i in order], *options)
    rest = collected[k:]
    return ev.evaluate(Expr(result, *rest) if rest else result)


def _declare(name: str, usage: str):
    @builtin(name, argc=(1, 2), attributes=("Protected",), usage=usage,
             examples=((f"{name}[f, 3][a][b][c]", "f[a, b, c]"),))
    def construct(ev, f, spec=None):
        if spec is not None and type(spec) is Integer and spec.value == 0:
            return ev.evaluate(Expr(f))                 # no arguments to wait for
        return None

    @builtin_subvalue(name)
    def first(ev, head, *args):
        return _applied(ev, head, list(args)) if _spec(head) is not None else None

    @builtin_subvalue(name, depth=2)
    def further(ev, head, *args):
        """op[a…][b…]: the brackets do not matter, so it is op[a…, b…]."""
        form = head.head
        if _spec(form) is None:
            return None
        collected = list(head.args) + list(args)
        done = _applied(ev, form, collected)
        return done if done is not None else Expr(form, *collected)

    return construct


_declare("OperatorApplied",
         "OperatorApplied[f, n][x1]…[xn] is f[x1, …, xn]; OperatorApplied[f][y][x] is "
         "f[x, y]; OperatorApplied[f, {i1, …}] passes the arguments in that order.")
_declare("Curry", "Curry[f, n][x1]…[xn] is f[x1, …, xn]; Curry[f][y][x] is f[x, y] (the "
                  "older name of OperatorApplied).")
_declare("CurryApplied",
         "CurryApplied[f, n][x1]…[xn] is f[x1, …, xn]; CurryApplied[n][f] is "
         "CurryApplied[f, n]; CurryApplied[f, {i1, …}] passes the arguments in that order.")


@builtin_subvalue("CurryApplied")
def _curry_applied(ev, head, *args):
    """CurryApplied[n][f] (the operator form of CurryApplied itself), else the form's
    arguments."""
    if len(head.args) == 1 and (type(head.args[0]) is Integer or (
            type(head.args[0]) is Expr and head.args[0].head is S.List)):
        if len(args) != 1:
            return None
        return ev.evaluate(Expr(head.head, args[0], head.args[0]))
    return _applied(ev, head, list(args)) if _spec(head) is not None else None
