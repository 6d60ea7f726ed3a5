"""``Compile`` (``CompiledFunction``) and ``FunctionCompile``, as older and newer scripts
use them to speed up numeric inner functions.

A compiled function here keeps its typed arguments and its body and evaluates the body
with the arguments bound, numerically: the results are the compiled function's (machine
reals for ``_Real`` arguments), the argument types are checked as WL checks them
(``CompiledFunction::cfsa``, then the body is evaluated uncompiled, as WL falls back), and
``RuntimeAttributes -> {Listable}`` threads it over lists.  wlnet does not generate machine
code for them (the net kernels are where its compiled code lives).
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Complex, Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, declare, read_options

COMPILED_FUNCTION = Symbol("CompiledFunction")
_MESSAGES = {
    "cfsa": "Argument `1` at position `2` should be `3`; it is evaluated without "
            "compilation.",
    "cfta": "`1` is not a valid argument specification: give x, {x, _Real}, {x, _Integer, "
            "rank}…",
    "cfct": "Number of arguments `1` does not match the `2` the function takes.",
    "copt": "A compiled function evaluates its body in wlnet, with no compiler to set up; "
            "`1` -> `2` is not available (Automatic only).",
}
# FunctionCompile's options: they configure the compiler (its target and passes), which
# wlnet does not have; only their default is taken.
_FUNCTION_COMPILE_OPTIONS = {"CompilerOptions": S.Automatic, "TargetSystem": S.Automatic}
_TYPE_NAMES = {"Real": "a machine-size real number", "Integer": "a machine-size integer",
               "Complex": "a machine-size complex number", "True|False": "True or False"}

declare("CompiledFunction", attributes=("HoldAll", "Protected"), messages=_MESSAGES,
        usage="CompiledFunction[…] is what Compile gives: applied to arguments of its types, "
              "it gives the value of its body.")
declare("RuntimeAttributes", attributes=("Protected",),
        usage="RuntimeAttributes is an option of Compile: {Listable} threads the compiled "
              "function over lists.")
declare("CompilationTarget", attributes=("Protected",),
        usage="CompilationTarget is an option of Compile (\"WVM\" or \"C\"): accepted.")



def _argument_specs(ev, specs):
    """[(variable, type name, rank)] of Compile's first argument; None when malformed."""
    out = []
    for spec in (specs.args if is_list(specs) else (specs,)):
        if type(spec) is Symbol:
            out.append((spec, "Real", 0))
            continue
        if not (is_list(spec) and 1 <= len(spec.args) <= 3 and type(spec.args[0]) is Symbol):
            return None
        kind = "Real"
        if len(spec.args) >= 2:
            blank = spec.args[1]
            if type(blank) is Expr and blank.head is S.Blank and len(blank.args) == 1:
                kind = getattr(blank.args[0], "name", "Real")
            elif blank == Expr(S.Alternatives, S["True"], S["False"]):
                kind = "True|False"
            else:
                return None
        rank = spec.args[2].value if len(spec.args) == 3 and type(spec.args[2]) is Integer \
            else 0
        out.append((spec.args[0], kind, rank))
    return out


def _options(rest) -> dict:
    options = {}
    for r in rest:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2:
            options[getattr(r.args[0], "name", None)] = r.args[1]
    return options


@builtin("Compile", argc=(2, None), attributes=("HoldAll", "Protected"), messages=_MESSAGES,
         usage="Compile[{{x, _Real}, {n, _Integer}, …}, expr] is a CompiledFunction that "
               "evaluates expr for numeric arguments of those types ({x, _Real, 1}: a "
               "vector); RuntimeAttributes -> {Listable} threads it over lists.",
         examples=(("Compile[{{x, _Real}}, x^2 + 1][3.]", "10."),
                   ("Compile[{{v, _Real, 1}}, Total[v^2]][{1., 2.}]", "5."),
                   ("Compile[{x}, Sin[x], RuntimeAttributes -> {Listable}][{0., 0.}]",
                    "{0., 0.}")))
def compile_(ev, specs, body, *rest):
    if _argument_specs(ev, specs) is None:
        ev.message(S.Compile, "cfta", specs)
        return None
    options = _options(rest)
    listable = options.get("RuntimeAttributes")
    listable = bool(listable is not None and is_list(listable)
                    and S.Listable in listable.args) or listable is S.Listable
    variables = Expr(S.List, *[v for v, _, _ in _argument_specs(ev, specs)])
    return Expr(COMPILED_FUNCTION, variables, body, specs,
                Expr(S.Rule, String("Listable"), S["True"] if listable else S["False"]))


def _fits(value, kind: str, rank: int) -> bool:
    if rank:
        return is_list(value) and all(_fits(a, kind, rank - 1) for a in value.args)
    if kind == "Real":
        return type(value) in (Real, Integer) or (type(value) is Expr and value.head is S.Rational)\
            or type(value).__name__ == "Rational"
    if kind == "Integer":
        return type(value) is Integer
    if kind == "Complex":
        return type(value) in (Real, Integer, Complex)
    if kind == "True|False":
        return value in (S["True"], S["False"])
    return True


def _coerce(ev, value, kind: str):
    return ev.evaluate(Expr(S.N, value)) if kind in ("Real", "Complex") else value


@builtin_subvalue("CompiledFunction")
def _apply_compiled(ev, f, *args):
    if len(f.args) != 4:
        return None
    variables, body, specs, listable_rule = f.args
    kinds = _argument_specs(ev, specs)
    if kinds is None:
        return None
    if len(args) != len(kinds):
        ev.message(COMPILED_FUNCTION, "cfct", Integer(len(args)), Integer(len(kinds)))
        return None
    listable = listable_rule.args[1] == S["True"]
    if listable and any(_exceeds(a, rank) for a, (_, _, rank) in zip(args, kinds)):
        return _thread(ev, f, args, kinds)
    bindings = []
    for position, (value, (var, kind, rank)) in enumerate(zip(args, kinds), 1):
        if not _fits(value, kind, rank):
            ev.message(COMPILED_FUNCTION, "cfsa", value, Integer(position),
                       _TYPE_NAMES.get(kind, kind) if not rank else
                       f"a rank {rank} tensor of {kind.lower()} numbers")
            bindings.append(Expr(S.Set, var, value))
        else:
            bindings.append(Expr(S.Set, var, _coerce(ev, value, kind)))
    result = ev.evaluate(Expr(S.Block, Expr(S.List, *[v for v, _, _ in kinds]),
                              Expr(S.CompoundExpression, *bindings, body)))
    if all(_fits(a, k, r) for a, (_, k, r) in zip(args, kinds)) and \
            any(k in ("Real", "Complex") for _, k, _ in kinds):
        return ev.evaluate(Expr(S.N, result))
    return result


def _depth(value) -> int:
    """The rank of a (rectangular) nested list: 0 for a scalar."""
    depth = 0
    while is_list(value) and value.args:
        depth, value = depth + 1, value.args[0]
    return depth


def _exceeds(value, rank: int) -> bool:
    """Whether a Listable compiled function threads over ``value``: a list of higher rank
    than its argument's declared rank (a matrix where a vector is taken)."""
    return is_list(value) and _depth(value) > rank


def _thread(ev, f, args, kinds):
    """A Listable compiled function on arguments of higher rank than it takes: element by
    element of their first level (lists of one length; the other arguments go with every
    element), again deeper until the ranks fit."""
    over = [_exceeds(a, rank) for a, (_, _, rank) in zip(args, kinds)]
    lengths = {len(a.args) for a, o in zip(args, over) if o}
    if len(lengths) != 1:
        return None
    n = lengths.pop()
    rows = []
    for i in range(n):
        row = [a.args[i] if o else a for a, o in zip(args, over)]
        rows.append(ev.evaluate(Expr(f, *row)))
    return Expr(S.List, *rows)


def _compiled_text(f) -> str | None:
    from wlnet.syntax.printer import output_form
    if len(f.args) != 4:
        return None
    return f"CompiledFunction[{output_form(f.args[0])}, {output_form(f.args[1])}, " \
           f"-CompiledCode-]"


@builtin("FunctionCompile", argc=(1, None), messages=_MESSAGES,
         usage="FunctionCompile[Function[{Typed[x, \"Real64\"], …}, body]] is a compiled "
               "function of typed arguments; applied, it gives body's value for them.",
         examples=(("FunctionCompile[Function[{Typed[x, \"Real64\"]}, x^2]][3.]", "9."),))
def function_compile(ev, f, *rest):
    split = read_options(ev, Expr(S.FunctionCompile, f, *rest), rest,
                         _FUNCTION_COMPILE_OPTIONS)
    if split is None:
        return None
    for name, value in split[1].items():
        if ev.evaluate(value) is not S.Automatic:
            ev.message(S.FunctionCompile, "copt", Symbol(name), value)
            return None
    if not (type(f) is Expr and f.head is S.Function and len(f.args) == 2):
        return None
    params = f.args[0].args if is_list(f.args[0]) else (f.args[0],)
    specs = []
    for p in params:
        if type(p) is Expr and getattr(p.head, "name", None) == "Typed" and len(p.args) == 2:
            specs.append(Expr(S.List, p.args[0], Expr(S.Blank, _typed_head(p.args[1])),
                              Integer(_typed_rank(p.args[1]))))
        elif type(p) is Symbol:
            specs.append(p)
        else:
            ev.message(S.FunctionCompile, "cfta", p)
            return None
    variables = Expr(S.List, *[s.args[0] if is_list(s) else s for s in specs])
    return Expr(COMPILED_FUNCTION, variables, f.args[1], Expr(S.List, *specs),
                Expr(S.Rule, String("Listable"), S["False"]))


def _typed_head(t) -> Symbol:
    """The element head of a FunctionCompile type ("Real64", "Integer64",
    "PackedArray"::["Real64", 1]…)."""
    name = t.value if type(t) is String else None
    if name is None and type(t) is Expr and t.args:
        name = t.args[0].value if type(t.args[0]) is String else None
    if name and name.startswith("Integer"):
        return S.Integer
    if name and name.startswith("Complex"):
        return S.Complex
    if name == "Boolean":
        return S.Symbol
    return S.Real


def _typed_rank(t) -> int:
    if type(t) is Expr and len(t.args) == 2 and type(t.args[1]) is Integer:
        return t.args[1].value
    return 0


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("CompiledFunction", _compiled_text)
