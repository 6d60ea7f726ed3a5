"""Symbolic algebra: polynomial and rational transformations (``Expand``, ``Factor``,
``Together``, ``Apart``, ``Collect``, ``Coefficient``…), simplification (``Simplify``,
``FullSimplify``, ``Refine`` with assumptions), and equations (``Solve``, ``NSolve``,
``DSolve``), computed by SymPy through wlnet.builtins._sympy_bridge.

Every function threads over lists as the Wolfram Language's do, evaluates SymPy's result
again (so it takes the language's canonical form), and leaves its input unevaluated when
SymPy cannot answer.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable, contains, \
    initial_condition
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol
from wlnet.core.pattern import matches, substitute
from wlnet.core.registry import builtin, declare, read_options, split_options

_MESSAGES = {
    "ivar": "`1` is not a valid variable.",
    "eqf": "`1` is not a well-formed equation.",
    "nsmet": "The methods available cannot solve `1`.",
    "dsvar": "`1` cannot be used as a function of the independent variable.",
    "npoly": "`1` is not a univariate polynomial with numeric coefficients.",
    "iidx": "`1` is not a valid root index of a polynomial of degree `2`.",
}
_CONSTANT = Symbol("C")

declare("C", attributes=("NHoldAll", "Protected"),
        usage="C[i] is the i-th constant of integration in what DSolve gives.")
declare("Assumptions", attributes=("Protected",),
        usage="Assumptions is an option of Simplify, Refine, Integrate…: facts such as x > 0 "
              "or Element[x, Reals] that a transformation may use.")
declare("Cubics", attributes=("Protected",),
        usage="Cubics is an option of Solve, Reduce and Eigenvalues: True gives the roots of "
              "every cubic in radicals, False (the default) Root objects where a cubic has no "
              "simple radical form.")
declare("Quartics", attributes=("Protected",),
        usage="Quartics is an option of Solve, Reduce and Eigenvalues: True gives the roots of "
              "every quartic in radicals, False (the default) Root objects where a quartic "
              "has no simple radical form.")
declare("Reals", attributes=("Protected",), usage="Reals is the domain of real numbers.")
declare("Integers", attributes=("Protected",), usage="Integers is the domain of integers.")
declare("Complexes", attributes=("Protected",),
        usage="Complexes is the domain of complex numbers.")



def _translate(e):
    t = Translation()
    try:
        return t, t.to(e)
    except Untranslatable:
        return t, None


def _back(ev, t: Translation, obj):
    try:
        return ev.evaluate(t.back(obj))
    except Untranslatable:
        return None


def _transform(ev, e, how, *extra):
    """``how(sympy_expr, *translated extra)`` applied to e (threaded over lists), the result
    evaluated; None (unevaluated) when SymPy has no answer or it has no Wolfram form."""
    if is_list(e):
        parts = [_transform(ev, a, how, *extra) for a in e.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    t, g = _translate(e)
    if g is None:
        return None
    try:
        others = [t.to(x) for x in extra]
        result = how(t, g, *others)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    return None if result is None else _back(ev, t, result)


# ---------------------------------------------------------------------------- forms

@builtin("Expand", argc=(1, 2),
         usage="Expand[expr] multiplies out products and positive integer powers of sums at "
               "the top level of expr (not inside functions); Expand[expr, patt] leaves the "
               "parts free of patt alone.",
         examples=(("Expand[(x + 1)^3]", "1 + 3 x + 3 x^2 + x^3"),
                   ("Expand[(a + b) (c + d)]", "a c + b c + a d + b d")))
def expand(ev, e, patt=None):
    return _expand_containing(ev, e, patt, _expand_top)


def _expand_containing(ev, e, patt, how):
    """``how`` applied to e; with a pattern, the parts free of it stand aside as symbols
    meanwhile (Expand[(a + b)^2 (1 + x)^2, x] keeps (a + b)^2 as it is)."""
    if patt is None:
        return _transform(ev, e, how)
    aside: dict = {}
    result = _transform(ev, _set_aside(ev, e, patt, aside), how)
    if result is None or not aside:
        return result
    return ev.evaluate(Expr(S.ReplaceAll, result, Expr(S.List, *[
        Expr(S.Rule, symbol, part) for part, symbol in aside.items()])))


_ARITHMETIC = (S.Plus, S.Times, S.Power)


def _set_aside(ev, e, patt, aside: dict):
    """e with each largest sum, product or power free of ``patt`` replaced by a symbol of
    its own (``aside``: part -> symbol)."""
    if type(e) is Expr and e.head is S.List:
        return Expr(S.List, *[_set_aside(ev, a, patt, aside) for a in e.args])
    if type(e) is not Expr or e.head not in _ARITHMETIC:
        return e
    if not _contains(ev, e, patt):
        if e not in aside:
            aside[e] = Symbol(f"Expand$aside${len(aside) + 1}")
        return aside[e]
    return Expr(e.head, *[_set_aside(ev, a, patt, aside) for a in e.args])


def _contains(ev, e, patt) -> bool:
    """Whether some part of e (its heads too) matches patt, as FreeQ looks."""
    if matches(ev, patt, e):
        return True
    return type(e) is Expr and (_contains(ev, e.head, patt)
                                or any(_contains(ev, a, patt) for a in e.args))


def _expand_top(t, g):
    """Products and powers of sums multiplied out everywhere but inside functions (WL's
    Expand leaves Sin[(x + 1)^2] alone): the function calls stand as symbols meanwhile."""
    sp = t.sp
    calls = {f: sp.Dummy() for f in g.atoms(sp.Function)}
    expanded = sp.expand(g.xreplace(calls), power_exp=False, power_base=False, log=False)
    return expanded.xreplace({d: f for f, d in calls.items()})


@builtin("ExpandAll", argc=(1, 2),
         usage="ExpandAll[expr] expands every part of expr, inside functions too.",
         examples=(("ExpandAll[Sin[(x + 1)^2]]", "Sin[1 + 2 x + x^2]"),))
def expand_all(ev, e, patt=None):
    return _expand_containing(ev, e, patt, lambda t, g: t.sp.expand(
        g, deep=True, power_exp=False, power_base=False, log=False))


_FACTOR_OPTIONS = {"GaussianIntegers": FALSE, "Extension": Symbol("None"),
                   "Modulus": Integer(0), "Trig": FALSE}
for _name, _usage in (("GaussianIntegers", "whether to factor over the Gaussian integers"),
                      ("Extension", "the algebraic numbers to factor over"),
                      ("Modulus", "the prime modulus to factor over"),
                      ("Trig", "whether to treat trigonometric functions as "
                       "polynomials in them")):
    declare(_name, attributes=("Protected",), usage=f"{_name} is an option: {_usage}.")


@builtin("Factor", argc=(1, None), options=_FACTOR_OPTIONS,
         messages={"modp": "Value of option Modulus -> `1` should be a non-negative "
                           "integer."},
         usage="Factor[poly] writes a polynomial as a product of factors irreducible over the "
               "integers (rational functions: numerator and denominator).",
         examples=(("Factor[x^2 - 1]", "(-1 + x) (1 + x)"),
                   ("Factor[x^3 - 6 x^2 + 11 x - 6]", "(-3 + x) (-2 + x) (-1 + x)")))
def factor(ev, e, *opts):
    split = read_options(ev, Expr(S.Factor, e, *opts), opts, _FACTOR_OPTIONS)
    if split is None:
        return None
    given = {k: ev.evaluate(v) for k, v in split[1].items()}
    keywords = {}
    if given["GaussianIntegers"] is TRUE:
        keywords["gaussian"] = True
    modulus = given["Modulus"]
    if type(modulus) is not Integer or modulus.value < 0:
        ev.message(S.Factor, "modp", modulus)
        return None
    if modulus.value:
        keywords["modulus"] = modulus.value
    extension = given["Extension"]
    if extension is Symbol("Automatic"):
        keywords["extension"] = True
    elif extension is not Symbol("None"):
        numbers = extension.args if is_list(extension) else (extension,)
        keywords["extension"] = numbers
    if given["Trig"] is TRUE:
        return _transform(ev, e, lambda t, g: t.sp.factor(t.sp.expand_trig(g)))
    if "extension" in keywords and keywords["extension"] is not True:
        return _transform(ev, e, lambda t, g, *ext: t.sp.factor(g, extension=list(ext)),
                          *keywords.pop("extension"))
    return _transform(ev, e, lambda t, g: t.sp.factor(g, **keywords))


@builtin("Together", argc=1,
         usage="Together[expr] puts a sum of fractions over one common denominator, "
               "cancelling common factors.",
         examples=(("Together[1/x + 1/y]", "(x + y)/(x y)"),))
def together(ev, e):
    return _transform(ev, e, lambda t, g: t.sp.cancel(t.sp.together(g)))


@builtin("Cancel", argc=1,
         usage="Cancel[expr] cancels the common factors of numerators and denominators.",
         examples=(("Cancel[(x^2 - 1)/(x - 1)]", "1 + x"),))
def cancel(ev, e):
    return _transform(ev, e, lambda t, g: t.sp.cancel(g))


@builtin("Apart", argc=(1, 2),
         usage="Apart[expr] (or Apart[expr, x]) writes a rational function as a sum of terms "
               "with the smallest denominators (partial fractions).",
         examples=(("Apart[1/(x^2 - 1)]", "1/(2 (-1 + x)) - 1/(2 (1 + x))"),))
def apart(ev, e, var=None):
    if var is None:
        return _transform(ev, e, lambda t, g: t.sp.apart(g))
    return _transform(ev, e, lambda t, g, x: t.sp.apart(g, x), var)


@builtin("Collect", argc=(2, 3),
         usage="Collect[expr, x] gathers the terms of expr by powers of x; Collect[expr, {x, "
               "y, …}] by x, then y…; Collect[expr, x, h] applies h to each coefficient.",
         examples=(("Collect[a x + b x + c, x]", "c + (a + b) x"),))
def collect(ev, e, var, h=None):
    variables = list(var.args) if is_list(var) else [var]
    result = _transform(ev, e, lambda t, g, *xs: t.sp.collect(t.sp.expand(g), list(xs)),
                        *variables)
    if result is None or h is None:
        return result
    return _apply_to_coefficients(ev, result, variables, h)


def _apply_to_coefficients(ev, e, variables, h):
    """Collect's third argument: h of each coefficient of the collected sum."""
    if not (type(e) is Expr and e.head is S.Plus):
        return ev.evaluate(Expr(h, e))
    terms = []
    for term in e.args:
        factors = term.args if type(term) is Expr and term.head is S.Times else (term,)
        powers = [f for f in factors if _involves_any(f, variables)]
        coefficient = [f for f in factors if not _involves_any(f, variables)]
        c = Expr(S.Times, *coefficient) if coefficient else Integer(1)
        terms.append(Expr(S.Times, Expr(h, c), *powers))
    return ev.evaluate(Expr(S.Plus, *terms))


def _involves_any(e, variables) -> bool:
    return any(contains(e, v) for v in variables)


@builtin("Coefficient", argc=(2, 3),
         usage="Coefficient[expr, form] is the coefficient of form in the polynomial expr; "
               "Coefficient[expr, form, n] that of form^n.",
         examples=(("Coefficient[(x + 2)^3, x, 2]", "6"),
                   ("Coefficient[a x^2 + b x + c, x]", "b")))
def coefficient(ev, e, form, n=None):
    power = n if n is not None else Integer(1)
    return _transform(ev, e, lambda t, g, x, k: t.sp.expand(g).coeff(x, k), form, power)


@builtin("CoefficientList", argc=2,
         usage="CoefficientList[poly, x] is the list of the coefficients of x^0, x^1, … in "
               "poly.",
         examples=(("CoefficientList[1 + 3 x + 5 x^3, x]", "{1, 3, 0, 5}"),))
def coefficient_list(ev, e, var):
    def coefficients(t, g, x):
        poly = t.sp.Poly(g, x)
        return list(reversed(poly.all_coeffs()))
    return _transform(ev, e, coefficients, var)


@builtin("Exponent", argc=(2, 3),
         usage="Exponent[expr, form] is the largest power of form in expr.",
         examples=(("Exponent[x^3 + 2 x + 1, x]", "3"),))
def exponent(ev, e, form, h=None):
    def degree(t, g, x):
        g = t.sp.expand(g)
        if g == 0:
            return -t.sp.oo
        powers = [term.as_coeff_exponent(x)[1] for term in t.sp.Add.make_args(g)]
        return t.sp.Max(*powers)
    return _transform(ev, e, degree, form)


@builtin("PolynomialQ", argc=(1, 2),
         usage="PolynomialQ[expr, x] is True when expr is a polynomial in x (or in the "
               "variables of a list).",
         examples=(("PolynomialQ[x^2 + 3 x, x]", "True"), ("PolynomialQ[1/x, x]", "False")))
def polynomial_q(ev, e, var=None):
    t, g = _translate(e)
    if g is None or isinstance(g, list):
        return FALSE
    try:
        variables = [t.to(v) for v in (var.args if is_list(var) else [var])] \
            if var is not None else list(g.free_symbols)
    except Untranslatable:
        return FALSE
    if any(isinstance(v, list) for v in variables):
        return FALSE
    return TRUE if g.is_polynomial(*variables) else FALSE


@builtin("Variables", argc=1,
         usage="Variables[poly] is the list of the variables of a polynomial.",
         examples=(("Variables[x^2 + a y]", "{a, x, y}"),))
def variables(ev, e):
    found: list = []

    def walk(x):
        if type(x) is Symbol:
            if x.name not in ("Pi", "E", "I", "Infinity") and x not in found:
                found.append(x)
        elif type(x) is Expr:
            if x.head in (S.Plus, S.Times, S.List) or (x.head is S.Power and
                                                       type(x.args[1]) is Integer):
                for a in x.args:
                    walk(a)
            elif x.head is S.Power:
                walk(x.args[0])
            elif x not in found:
                found.append(x)
    walk(e)
    return ev.evaluate(Expr(S.Sort, Expr(S.List, *found)))


# ---------------------------------------------------------------------------- simplify

_ASSUMPTION_KEYS = {"Greater": "positive", "GreaterEqual": "nonnegative", "Less": "negative",
                    "LessEqual": "nonpositive"}
_DOMAINS = {"Reals": "real", "Integers": "integer", "Complexes": None,
            "PositiveReals": "positive", "NonNegativeReals": "nonnegative",
            "NegativeReals": "negative", "PositiveIntegers": "positive_integer",
            "NonNegativeIntegers": "nonnegative_integer", "Rationals": "rational"}


def _assumption_facts(a, facts: dict):
    """Facts about single symbols in an assumption (x > 0, Element[x, Reals], a && b…)."""
    if type(a) is not Expr:
        return
    name = a.head.name if type(a.head) is Symbol else None
    if name == "And" or name == "List":
        for part in a.args:
            _assumption_facts(part, facts)
    elif name in _ASSUMPTION_KEYS and len(a.args) == 2:
        lhs, rhs = a.args
        key = _ASSUMPTION_KEYS[name]
        if type(rhs) is Symbol and lhs == Integer(0):       # 0 < x
            lhs, rhs = rhs, lhs
            key = {"positive": "negative", "negative": "positive",
                   "nonnegative": "nonpositive", "nonpositive": "nonnegative"}[key]
        if type(lhs) is Symbol and rhs == Integer(0):
            facts.setdefault(lhs, {})[key] = True
        elif type(lhs) is Symbol:
            facts.setdefault(lhs, {})["real"] = True
    elif name == "Element" and len(a.args) == 2:
        domain = _DOMAINS.get(getattr(a.args[1], "name", None), "")
        targets = a.args[0].args if type(a.args[0]) is Expr and a.args[0].head in (
            S.List, S.Alternatives) else (a.args[0],)
        for x in targets:
            if type(x) is Symbol and domain:
                for part in domain.split("_"):
                    facts.setdefault(x, {})[part] = True


def _with_assumptions(t: Translation, g, assumptions):
    """g with its symbols replaced by ones that carry the assumptions' facts, and the
    substitution back."""
    facts: dict = {}
    for a in assumptions:
        _assumption_facts(a, facts)
    forward, backward = {}, {}
    for sym, fact in facts.items():
        plain = t.to(sym)
        if not isinstance(plain, t.sp.Symbol):
            continue
        assumed = t.sp.Symbol(plain.name + "_a", **fact)
        forward[plain], backward[assumed] = assumed, plain
    return g.xreplace(forward), backward


def _simplifier(ev, e, rest, how):
    split = split_options(rest, {"Assumptions": S["$Assumptions"], "TimeConstraint":
                                 S.Automatic, "ComplexityFunction": S.Automatic,
                                 "TransformationFunctions": S.Automatic})
    if split is None:
        return None
    positional, opts = split
    assumptions = list(positional)
    if opts["Assumptions"] is not S["$Assumptions"]:
        assumptions.append(opts["Assumptions"])
    global_assumptions = ev.evaluate(S["$Assumptions"])
    if global_assumptions not in (S["$Assumptions"], TRUE):
        assumptions.append(global_assumptions)

    def simplify(t, g):
        g, backward = _with_assumptions(t, g, assumptions)
        return how(t, g).xreplace(backward)
    return _transform(ev, e, simplify)


@builtin("Simplify", argc=(1, None),
         usage="Simplify[expr] is the simplest form of expr found by algebraic "
               "transformations; Simplify[expr, assum] uses assumptions such as x > 0.",
         examples=(("Simplify[Sin[x]^2 + Cos[x]^2]", "1"),
                   ("Simplify[(x^2 - 1)/(x - 1)]", "1 + x"),
                   ("Simplify[Sqrt[x^2], x > 0]", "x")))
def simplify(ev, e, *rest):
    return _simplifier(ev, e, rest, lambda t, g: t.sp.simplify(g))


@builtin("FullSimplify", argc=(1, None),
         usage="FullSimplify[expr] tries a wider range of transformations than Simplify "
               "(special functions too); FullSimplify[expr, assum] uses assumptions.",
         examples=(("FullSimplify[Gamma[x + 1]/Gamma[x]]", "x"),))
def full_simplify(ev, e, *rest):
    def full(t, g):
        sp = t.sp
        return sp.simplify(sp.combsimp(sp.gammasimp(sp.simplify(g))))
    return _simplifier(ev, e, rest, full)


@builtin("Refine", argc=(1, None),
         usage="Refine[expr, assum] is expr simplified by the assumptions alone "
               "(Sqrt[x^2] is x for x > 0).",
         examples=(("Refine[Sqrt[x^2], x > 0]", "x"), ("Refine[Abs[x], x < 0]", "-x")))
def refine(ev, e, *rest):
    return _simplifier(ev, e, rest, lambda t, g: t.sp.refine(g))


@builtin("PowerExpand", argc=(1, 3), options={"Assumptions": S.Automatic},
         usage="PowerExpand[expr] expands (a b)^c, (a^b)^c and Log of products and powers as "
               "if every variable were positive; PowerExpand[expr, {x, …}] only for those "
               "variables; Assumptions -> a gives the expansions that hold under a.",
         examples=(("PowerExpand[Sqrt[x^2 y]]", "x Sqrt[y]"), ("PowerExpand[Log[a b]]",
                                                             "Log[a] + Log[b]")))
def power_expand(ev, e, *rest):
    split = read_options(ev, Expr(S.PowerExpand, e, *rest), rest,
                         {"Assumptions": S.Automatic}, positional=1)
    if split is None:
        return None
    assumptions = ev.evaluate(split[1]["Assumptions"])
    if assumptions is not S.Automatic:
        # the expansions that hold under the assumptions (Sqrt[x^2] is -x for x < 0)
        def under(t, g):
            assumed, backward = _with_assumptions(t, g, [assumptions])
            return _power_expanded(t, assumed, force=False).xreplace(backward)
        return _transform(ev, e, under)
    if split[0]:                               # only for the variables given
        variables = ev.evaluate(split[0][0])
        names = variables.args if is_list(variables) else (variables,)

        def only(t, g):
            positive = {t.to(x): t.sp.Dummy(positive=True) for x in names}
            return _power_expanded(t, g.xreplace(positive), force=False).xreplace(
                {d: x for x, d in positive.items()})
        return _transform(ev, e, only)
    return _transform(ev, e, lambda t, g: _power_expanded(t, g, force=True))


def _power_expanded(t, g, force: bool):
    """(a b)^c, (a^b)^c and Log of products and powers expanded: all of them when
    ``force`` (every variable taken positive), else those the symbols' facts allow."""
    sp = t.sp
    return sp.expand_log(sp.powsimp(sp.expand_power_base(sp.powdenest(g, force=force),
                                                         force=force), force=force),
                         force=force)


@builtin("TrigExpand", argc=1,
         usage="TrigExpand[expr] expands trigonometric functions of sums and multiples.",
         examples=(("TrigExpand[Sin[2 x]]", "2 Cos[x] Sin[x]"),))
def trig_expand(ev, e):
    return _transform(ev, e, lambda t, g: t.sp.expand_trig(g))


@builtin("TrigReduce", argc=1,
         usage="TrigReduce[expr] rewrites products and powers of trigonometric functions as "
               "sums of functions of multiple angles.",
         examples=(("TrigReduce[2 Sin[x] Cos[x]]", "Sin[2 x]"),))
def trig_reduce(ev, e):
    def reduce(t, g):
        from sympy.simplify.fu import TR8
        reduced = t.sp.expand(TR8(g))
        content, rest = reduced.as_content_primitive()   # WL: 1/2 (1 - Cos[2 x])
        if content != 1 and rest.is_Add:
            return t.sp.Mul(content, rest, evaluate=False)
        return reduced
    return _transform(ev, e, reduce)


_THREADED_HEADS = frozenset(("Equal", "Unequal", "Less", "LessEqual", "Greater",
                             "GreaterEqual", "And", "Or", "Not", "Xor", "Implies"))
_TARGET_FUNCTIONS = ("Re", "Im", "Abs", "Arg", "Conjugate", "Sign")
_COMPLEX_EXPAND_MESSAGES = {
    "exf": "TargetFunctions -> `1` should be one of Re, Im, Abs, Arg, Conjugate and Sign "
           "or a list of them.",
}

declare("TargetFunctions", attributes=("Protected",),
        usage="TargetFunctions is an option of ComplexExpand: the functions (from Re, Im, "
              "Abs, Arg, Conjugate and Sign) to write the complex variables' parts in.")


@builtin("ComplexExpand", argc=(1, 3), messages=_COMPLEX_EXPAND_MESSAGES,
         options={"TargetFunctions": S.Automatic},
         usage="ComplexExpand[expr] writes expr as a + I b assuming its variables are real; "
               "ComplexExpand[expr, {z1, …}] takes the variables matching the zi complex, "
               "their parts written as Re and Im, or in the functions TargetFunctions names.",
         examples=(("ComplexExpand[Exp[I x]]", "Cos[x] + I Sin[x]"),
                   ("ComplexExpand[Re[z^2], z]", "-Im[z]^2 + Re[z]^2"),
                   ("ComplexExpand[Re[z^2], z, TargetFunctions -> {Abs, Arg}]",
                    "Abs[z]^2 Cos[2 Arg[z]]")))
def complex_expand(ev, e, *rest):
    call = Expr(S.ComplexExpand, e, *rest)
    split = read_options(ev, call, rest, {"TargetFunctions": S.Automatic}, positional=1)
    if split is None:
        return None
    form = _complex_form(ev, ev.evaluate(split[1]["TargetFunctions"]))
    if form is None:
        return None
    patterns = ()
    if split[0]:
        spec = split[0][0]
        patterns = spec.args if is_list(spec) else (spec,)

    def expand_complex(t, g):
        sp = t.sp
        complex_names = {x: s for x, s in t._symbols.items() if s in g.free_symbols
                         and _matches_any(ev, x, patterns)}
        real = {s: sp.Symbol(s.name + "_r", real=True) for s in g.free_symbols
                if s not in complex_names.values()}
        parts = {s: _complex_parts(sp, s, form) for s in complex_names.values()}
        if form == "Abs":       # Abs[z] and Arg[z] are r and t themselves
            g = g.xreplace({f(s): u for s, p in parts.items()
                            for f, u in zip((sp.Abs, sp.arg), p[1])})
        g = g.xreplace(real).xreplace({s: p[0] for s, p in parts.items()})
        if form == "Abs":       # (r E^(I t))^2 is r^2 E^(2 I t): Cos[2 t], as WL writes it
            g = sp.powsimp(g)
        expanded = sp.expand_complex(g)
        if form == "Abs":
            expanded = _multiple_angles(sp, expanded)
        back = {v: k for k, v in real.items()}
        for written in (p[1] for p in parts.values()):
            back.update(written)
        return sp.expand(expanded.xreplace(back)) if form == "Conjugate" else \
            expanded.xreplace(back)

    def threaded(x):                   # over equations, inequalities and logic, as WL
        if type(x) is Expr and type(x.head) is Symbol and x.head.name in _THREADED_HEADS:
            parts = [threaded(a) for a in x.args]
            return None if any(p is None for p in parts) else \
                ev.evaluate(Expr(x.head, *parts))
        return _transform(ev, x, expand_complex)
    return threaded(e)


def _complex_form(ev, target):
    """How a complex variable's parts are written: "Re" (Re and Im, the default),
    "Abs" (Abs and Arg, or Sign), "Conjugate"; None after ComplexExpand::exf."""
    names = target.args if is_list(target) else (target,)
    if target is S.Automatic:
        return "Re"
    if not names or not all(type(n) is Symbol and n.name in _TARGET_FUNCTIONS
                            for n in names):
        ev.message(S.ComplexExpand, "exf", target)
        return None
    given = {n.name for n in names}
    if given & {"Re", "Im"}:
        return "Re"
    if given & {"Abs", "Arg", "Sign"}:
        return "Abs"
    return "Conjugate"


def _multiple_angles(sp, g):
    """Powers and products of Cos and Sin of the angles as functions of multiple angles
    (Re[z^2] is Abs[z]^2 Cos[2 Arg[z]], SymPy having made it r^2 (Cos[t]^2 - Sin[t]^2)),
    where that is the shorter form."""
    from sympy.simplify.fu import TR8
    reduced = sp.expand(TR8(g))
    return reduced if sp.count_ops(reduced) < sp.count_ops(g) else g


def _matches_any(ev, x, patterns) -> bool:
    return any(ev.evaluate(Expr(S.MatchQ, x, p)) is TRUE for p in patterns)


def _complex_parts(sp, z, form: str):
    """(z written in real unknowns, {unknown: its value in functions of z}) for form."""
    if form == "Abs":                       # z = r E^(I t): r = Abs[z], t = Arg[z]
        r, angle = sp.Dummy("r", positive=True), sp.Dummy("t", real=True)
        return r * sp.exp(sp.I * angle), {r: sp.Abs(z), angle: sp.arg(z)}
    a, b = sp.Dummy("a", real=True), sp.Dummy("b", real=True)
    if form == "Conjugate":                 # Re[z] = (z + z*)/2, Im[z] = (z - z*)/(2 I)
        zc = sp.conjugate(z)
        return a + sp.I * b, {a: (z + zc) / 2, b: (z - zc) / (2 * sp.I)}
    return a + sp.I * b, {a: sp.re(z), b: sp.im(z)}


# ---------------------------------------------------------------------------- equations

_ORDERINGS = ("Less", "Greater", "LessEqual", "GreaterEqual")


def _equations(ev, t: Translation, eqs, head):
    """The SymPy equations of Solve's first argument (a == b, lists and And of them)."""
    sp = t.sp
    if type(eqs) is Expr and eqs.head in (S.List, S.And):
        out = []
        for e in eqs.args:
            part = _equations(ev, t, e, head)
            if part is None:
                return None
            out.extend(part)
        return out
    if eqs is TRUE:
        return []
    if eqs is FALSE:
        return [sp.false]
    if type(eqs) is Expr and eqs.head is S.Equal and len(eqs.args) == 2:
        lhs, rhs = t.to(eqs.args[0]), t.to(eqs.args[1])
        return [sp.Eq(lhs, rhs, evaluate=False)]
    name = getattr(eqs.head, "name", None) if type(eqs) is Expr else None
    if name in _ORDERINGS and len(eqs.args) > 2:            # a <= x <= b: a <= x and x <= b
        return [t.to(Expr(eqs.head, a, b)) for a, b in zip(eqs.args, eqs.args[1:])]
    if name == "Inequality" and len(eqs.args) % 2 == 1 and len(eqs.args) >= 3:
        items = eqs.args                          # Inequality[a, LessEqual, x, Less, b]
        return [t.to(Expr(items[i + 1], items[i], items[i + 2]))
                for i in range(0, len(items) - 2, 2)]
    if name in _ORDERINGS or name == "Unequal":
        return [t.to(eqs)]
    ev.message(head, "eqf", eqs)
    return None


def _variables_of(ev, t, eqs, var, head):
    if var is None:
        names = set()
        for e in eqs:
            names |= e.free_symbols
        return sorted(names, key=lambda s: s.name)
    items = var.args if is_list(var) else (var,)
    out = []
    for v in items:
        x = t.to(v)
        if not (isinstance(x, t.sp.Symbol) or isinstance(x, t.AppliedUndef)):
            ev.message(head, "ivar", v)
            return None
        out.append(x)
    return out


def _solution_key(t, solution: dict, variables):
    """Solutions in the order the Wolfram Language lists them where the values are
    numbers: real ones ascending, then complex ones by real and imaginary part."""
    key = []
    for v in variables:
        value = solution.get(v)
        try:
            c = complex(value.evalf()) if value is not None else 0j
            key.append((0 if abs(c.imag) < 1e-12 else 1, c.real, c.imag))
        except (TypeError, ValueError):
            key.append((2, 0.0, 0.0))
    return key


def _is_polynomial(sp, equation, x) -> bool:
    return isinstance(equation, sp.Equality) and (equation.lhs - equation.rhs).is_polynomial(x) \
        and not (equation.lhs - equation.rhs).free_symbols - {x}


def _polynomial_roots(sp, equation, x, real: bool) -> list[dict]:
    """Every root of a polynomial equation, numerically (NSolve): all of them, as
    multiplicity gives, where solving exactly may find none (a quintic)."""
    poly = sp.Poly(equation.lhs - equation.rhs, x)
    if poly.degree() < 1:
        return []
    roots = poly.nroots(n=15, maxsteps=200)
    if real:
        roots = [r for r in roots if r.is_real]
    return [{x: r} for r in roots]


def exact_roots(sp, poly, cubics: bool = False, quartics: bool = False) -> list | None:
    """Every root of a univariate polynomial with rational coefficients, each as often as
    its multiplicity, as the Wolfram Language writes them with Cubics -> False and
    Quartics -> False (what Solve, Reduce and Eigenvalues use): a factor of degree 1 or 2,
    a binomial a x^n + b or a composition of such is solved in radicals; any other
    irreducible factor of degree 3 or more gives Root objects (SymPy's CRootOf, indexed as
    WL's Root: real roots ascending, then complex ones).  None when the coefficients are
    not rational."""
    if not poly.domain.is_QQ and not poly.domain.is_ZZ:
        return None
    found = []
    for factor, multiplicity in poly.factor_list()[1]:
        degree = factor.degree()
        radical = sp.roots(factor, cubics=cubics, quartics=quartics, quintics=False)
        if sum(radical.values()) == degree:
            roots = [r for r, k in radical.items() for _ in range(k)]
        else:
            roots = [sp.CRootOf(factor, i) for i in range(degree)]
        found += roots * multiplicity
    return found


def _cubics_option(split: dict) -> tuple[bool, bool]:
    return split["Cubics"] is TRUE, split["Quartics"] is TRUE


def _equation_solutions(sp, equations, solve_for, real, numeric, cubics) -> list[dict]:
    """The solutions of SymPy equations, each a dict of values of the variables."""
    if numeric and len(equations) == 1 and len(solve_for) == 1 \
            and _is_polynomial(sp, equations[0], solve_for[0]):
        return _polynomial_roots(sp, equations[0], solve_for[0], real)
    if len(equations) == 1 and len(solve_for) == 1 and \
            _is_polynomial(sp, equations[0], solve_for[0]) and \
            (roots := exact_roots(sp, sp.Poly(equations[0].lhs - equations[0].rhs,
                                              solve_for[0]), *cubics)) is not None:
        x = solve_for[0]                          # every root, repeated by multiplicity
        return [{x: r} for r in roots if not real or r.is_real]
    # one equation alone: SymPy's system solver drops the roots of a quintic
    return sp.solve(equations[0] if len(equations) == 1 else equations, solve_for, dict=True)


def _satisfying(sp, solutions, solve_for, conditions, integers: bool) -> list[dict] | None:
    """The solutions meeting the conditions (inequalities) and, over Integers, of integer
    values; None when one is not a point (a variable left free, a condition undecided)."""
    kept = []
    for solution in solutions:
        values = [solution.get(v) for v in solve_for]
        if any(value is None or value.free_symbols for value in values):
            return None
        if integers:
            whole = [value.is_integer for value in values]
            if None in whole:
                return None
            if not all(whole):
                continue
        decided = []
        for condition in conditions:
            try:
                decided.append(condition.subs(solution))
            except TypeError:                     # compared a non-real number: not met
                decided.append(sp.false)
        if any(d is not sp.true and d is not sp.false for d in decided):
            return None
        if all(d is sp.true for d in decided):
            kept.append(solution)
    return kept


def _solutions_by_reduce(ev, eqs, var, domain, head):
    """Solve's rules from what Reduce gives: False is {}, True {{}}, and an Or of Ands of
    var == value (each variable given a value) a list of rule lists.  Other forms (an
    interval) are not points: nsmet."""
    args = [eqs] + ([var] if var is not None else []) + ([domain] if domain is not None else [])
    reduced = ev.evaluate(Expr(S.Quiet, Expr(S.Reduce, *args)))
    if reduced is FALSE:
        return Expr(S.List)
    if reduced is TRUE:
        return Expr(S.List, Expr(S.List))
    variables = list(var.args) if is_list(var) else [var] if var is not None else None
    cases = reduced.args if type(reduced) is Expr and reduced.head is S.Or else (reduced,)
    rows = []
    for case in cases:
        parts = case.args if type(case) is Expr and case.head is S.And else (case,)
        rules = []
        for part in parts:
            if not (type(part) is Expr and part.head is S.Equal and len(part.args) == 2
                    and (variables is None or part.args[0] in variables)):
                ev.message(head, "nsmet", eqs)
                return None
            # a value in terms of a variable found before it (y == 1 + x after x == 2)
            value = ev.evaluate(Expr(S.ReplaceAll, part.args[1], Expr(S.List, *rules))) \
                if rules else part.args[1]
            rules.append(Expr(S.Rule, part.args[0], value))
        rows.append(Expr(S.List, *rules))
    found = {r.args[0] for row in rows for r in row.args}
    given = set(variables) if variables is not None else found
    if any({r.args[0] for r in row.args} != given for row in rows) or any(
            ev.evaluate(Expr(S.FreeQ, r.args[1], Expr(S.Alternatives, *given))) is not TRUE
            for row in rows for r in row.args):
        ev.message(head, "nsmet", eqs)
        return None
    return Expr(S.List, *rows)


def _solve(ev, eqs, var, domain, head, numeric: bool, cubics=(False, False)):
    t = Translation()
    sp = t.sp
    try:
        equations = _equations(ev, t, eqs, head)
    except Untranslatable:
        return None
    if equations is None:
        return None
    variables = _variables_of(ev, t, equations, var, head)
    if variables is None:
        return None
    if any(t.opaque_contains(v) for v in (var.args if is_list(var) else (var,))
           if var is not None):
        return None
    real = getattr(domain, "name", None) in ("Reals", "Integers")
    forward = {}
    if real:
        for v in variables:
            if isinstance(v, sp.Symbol):
                forward[v] = sp.Symbol(v.name + "_r", real=True)
        equations = [e.xreplace(forward) for e in equations]
    solve_for = [forward.get(v, v) for v in variables]
    if any(e is sp.false for e in equations):     # an equation no value satisfies
        return Expr(S.List)
    equations = [e for e in equations if e is not sp.true]
    if not equations:                             # every value is a solution
        return Expr(S.List, Expr(S.List))
    # inequalities and the domain Integers select among the solutions of the equations
    conditions = [e for e in equations if not isinstance(e, sp.Equality)]
    equations = [e for e in equations if isinstance(e, sp.Equality)]
    integers = getattr(domain, "name", None) == "Integers"
    try:
        solutions = _equation_solutions(sp, equations, solve_for, real, numeric, cubics) \
            if equations else None
        if solutions is not None and (conditions or integers):
            solutions = _satisfying(sp, solutions, solve_for, conditions, integers)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        ev.message(head, "nsmet", eqs)
        return None
    if solutions is None:        # a solution set not of points the equations give: Reduce's
        return _solutions_by_reduce(ev, eqs, var, domain, head)
    backward = {v: k for k, v in forward.items()}
    solutions = [{backward.get(k, k): v.xreplace(backward) for k, v in s.items()}
                 for s in solutions]
    if numeric:
        solutions = [{k: v.evalf() for k, v in s.items()} for s in solutions]
    solutions.sort(key=lambda s: _solution_key(t, s, variables))
    rows = []
    for s in solutions:
        rules = [Expr(S.Rule, t.back(v), t.back(s[v])) for v in variables if v in s]
        rows.append(Expr(S.List, *rules))
    try:
        result = ev.evaluate(Expr(S.List, *rows))
    except Untranslatable:
        return None
    return ev.evaluate(Expr(S.N, result)) if numeric else result


@builtin("Solve", argc=(1, None), messages=_MESSAGES,
         usage="Solve[eqns, vars] is the list of solutions {{x -> a, …}, …} of equations in "
               "the variables; Solve[eqns, vars, Reals] only the real ones.",
         examples=(("Solve[x^2 == 4, x]", "{{x -> -2}, {x -> 2}}"),
                   ("Solve[{x + y == 3, x - y == 1}, {x, y}]", "{{x -> 2, y -> 1}}"),
                   ("Solve[x^2 + 1 == 0, x]", "{{x -> -I}, {x -> I}}")))
def solve(ev, eqs, *rest):
    split = split_options(rest, {"Cubics": FALSE, "Quartics": FALSE})
    if split is None or len(split[0]) > 2:
        return None
    return _solve(ev, eqs, *split[0], *[None] * (2 - len(split[0])), S.Solve, numeric=False,
                  cubics=_cubics_option(split[1]))


@builtin("NSolve", argc=(1, 3), messages=_MESSAGES,
         usage="NSolve[eqns, vars] is the list of numerical solutions of equations (all the "
               "roots of a polynomial equation).",
         examples=(("NSolve[x^2 == 2, x]", "{{x -> -1.4142135623730951}, "
                                            "{x -> 1.4142135623730951}}"),))
def nsolve(ev, eqs, var=None, domain=None):
    return _solve(ev, eqs, var, domain, S.NSolve, numeric=True)


def _solution_values(solver):
    """SolveValues / NSolveValues: the values of the variables in each solution, in the
    order given ({-2, 2} for one variable, {{x1, y1}, …} for a list of them)."""
    def values(ev, eqs, var=None, *rest):
        solutions = ev.evaluate(Expr(solver, eqs, *([] if var is None else [var]), *rest))
        if not (type(solutions) is Expr and solutions.head is S.List):
            return None                           # the solver left itself unevaluated
        if not solutions.args:
            return Expr(S.List)
        if var is None:
            # the variables the solver chose, in its order (those of the first solution)
            first = solutions.args[0].args if solutions.args else ()
            var = Expr(S.List, *[r.args[0] for r in first])
        return ev.evaluate(Expr(S.ReplaceAll, var, solutions))
    return values


builtin("SolveValues", argc=(1, None), messages=_MESSAGES,
        usage="SolveValues[eqns, vars] is the list of the values of vars in the solutions "
              "of eqns (Solve's rules applied to vars).",
        examples=(("SolveValues[x^2 == 4, x]", "{-2, 2}"),
                  ("SolveValues[{x + y == 3, x - y == 1}, {x, y}]", "{{2, 1}}")))(
    _solution_values(S.Solve))
builtin("NSolveValues", argc=(1, 3), messages=_MESSAGES,
        usage="NSolveValues[eqns, vars] is the list of the numerical values of vars in the "
              "solutions of eqns.",
        examples=(("NSolveValues[x^2 == 2, x]", "{-1.4142135623730951, 1.4142135623730951}"),))(
    _solution_values(S.NSolve))


def _root_polynomial(ev, t: Translation, f):
    """f[x], for the pure function f of a Root object, as a SymPy polynomial in x with
    rational coefficients (N may have made them reals); None when it is not one."""
    sp = t.sp
    x = Symbol("Root`x")
    try:
        value = t.to(ev.evaluate(Expr(f, x)))
        gen = t.symbol(x)
        poly = sp.Poly(value, gen)
    except (Untranslatable, sp.PolynomialError, TypeError, ValueError):
        return None
    if poly.degree() < 1 or not all(c.is_number for c in poly.all_coeffs()):
        return None
    if any(c.has(sp.Float) for c in poly.all_coeffs()):
        poly = sp.Poly([sp.nsimplify(c, rational=True) for c in poly.all_coeffs()], gen)
    return poly


def _has_parameters(ev, t, f) -> bool:
    """Whether f[x] is a polynomial in x whose coefficients have symbols (a Root of a
    parametric polynomial, as Reduce gives: it waits for numbers)."""
    sp = t.sp
    x = Symbol("Root`x")
    try:
        value = t.to(ev.evaluate(Expr(f, x)))
        poly = sp.Poly(value, t.symbol(x))
    except (Untranslatable, sp.PolynomialError, TypeError, ValueError):
        return False
    return poly.degree() >= 1 and any(c.free_symbols for c in poly.all_coeffs())


@builtin("Root", argc=2, attributes=("NHoldFirst", "NumericFunction", "Protected"),
         messages=_MESSAGES,
         usage="Root[f, k] is the k-th root of the polynomial equation f[x] == 0 (real roots "
               "first, ascending, then complex ones); N gives its digits.",
         examples=(("Root[#^2 - 2 &, 1]", "-Sqrt[2]"),
                   ("N[Root[#^5 - # + 1 &, 1]]", "-1.1673039782614187")))
def root(ev, f, k):
    from wlnet.builtins.numbers import to_py
    value = to_py(k)
    if value is None or type(value) is complex or value != int(value):
        return None
    t = Translation()
    poly = _root_polynomial(ev, t, f)
    if poly is None:
        if not _has_parameters(ev, t, f):  # Root[a - #1 + #1^3 &, 1] stays as it is
            ev.message(S.Root, "npoly", f)
        return None
    index = int(value)
    if not 1 <= index <= poly.degree():
        ev.message(S.Root, "iidx", k, Integer(poly.degree()))
        return None
    r = t.sp.CRootOf(poly, index - 1, radicals=True)
    if type(k) is not Integer:             # N of it: the root's digits
        return _back(ev, t, r.evalf(15 if k.is_machine else max(int(k.precision), 1)))
    if not isinstance(r, t.sp.CRootOf):    # degree 1 or 2: radicals
        return _back(ev, t, r)
    canonical = _canonical_function(ev, f)
    return None if canonical == f else Expr(S.Root, canonical, k)


def _canonical_function(ev, f):
    """A pure function of one slot with its body in evaluated (sorted) form, as WL keeps
    the polynomial of a Root: ``1 - #1 + #1^5 &``."""
    x = Symbol("Root`x")
    body = ev.evaluate(Expr(f, x))
    return Expr(S.Function, substitute(body, {x: Expr(S.Slot, Integer(1))}))


@builtin("Roots", argc=2, messages=_MESSAGES,
         usage="Roots[lhs == rhs, x] is the roots of a polynomial equation as a disjunction "
               "x == r1 || x == r2 || ….",
         examples=(("Roots[x^2 == 4, x]", "x == -2 || x == 2"),))
def roots(ev, eq, var):
    found = _solve(ev, eq, var, None, S.Roots, numeric=False)
    if found is None:
        return None
    terms = [Expr(S.Equal, r.args[0].args[0], r.args[0].args[1]) for r in found.args
             if r.args]
    return ev.evaluate(Expr(S.Or, *terms)) if terms else FALSE


def _name_constants(t: Translation, obj, name=_CONSTANT) -> None:
    """DSolve's constants C1, C2… map back to name[1], name[2]… (GeneratedParameters:
    C[1] by default; a pure function such as Subscript[c, #] & is applied when the
    answer is evaluated)."""
    for s in obj.free_symbols:
        if s.name[:1] == "C" and s.name[1:].isdigit() and s not in t._back:
            t._back[s] = Expr(name, Integer(int(s.name[1:])))


def _constants_of(rhs) -> list:
    return sorted((c for c in rhs.free_symbols if c.name[:1] == "C" and c.name[1:].isdigit()),
                  key=lambda c: int(c.name[1:]))


def _basis(sp, rhs, constants):
    """(particular solution, [the term of each constant]) of a general solution linear
    in its constants; None when it is not."""
    if not constants or any(sp.diff(rhs, a, b) != 0 for a in constants for b in constants):
        return None
    particular = rhs.subs({c: 0 for c in constants})
    expanded = sp.expand(rhs - particular)
    basis = [sp.powsimp(expanded.coeff(c)) for c in constants]
    if sp.expand(sum(c * b for c, b in zip(constants, basis)) - (rhs - particular)) != 0:
        return None
    return particular, basis


def _in_wl_basis(sp, solutions: list) -> list:
    """General solutions linear in their constants written as WL writes them: one term
    per constant (E^x (C1 + E^x C2) is C1 E^x + C2 E^(2 x)) beside the particular
    solution; and for an oscillation C[1] goes with the cosine and C[2] with the sine of
    the first function (SymPy numbers them the other way round), in every function."""
    out, swap = [], None
    for rhs in solutions:
        constants = _constants_of(rhs)
        found = _basis(sp, rhs, constants)
        if found is None:
            out.append(rhs)
            continue
        particular, basis = found
        if swap is None and len(constants) == 2:
            (g1, f1), (g2, f2) = (b.as_independent(sp.sin, sp.cos) for b in basis)
            swap = g1 == g2 and isinstance(f1, sp.sin) and isinstance(f2, sp.cos) and \
                f1.args == f2.args and {c.name for c in constants} == {"C1", "C2"}
        out.append(particular + sum(c * b for c, b in zip(constants, basis)))
    if swap:
        c1, c2 = sp.Symbol("C1"), sp.Symbol("C2")
        out = [rhs.xreplace({c1: c2, c2: c1}) for rhs in out]
    return out


# Method has the one way wlnet solves (SymPy's classification of the equation).
_DSOLVE_OPTIONS = {"GeneratedParameters": _CONSTANT, "Assumptions": S.Automatic,
                   "Method": S.Automatic}

declare("GeneratedParameters", attributes=("Protected",),
        usage="GeneratedParameters -> f is an option of DSolve: its i-th constant is f[i] "
              "(C[i] by default; a pure function such as Subscript[c, #] & is applied to i).")


@builtin("DSolve", argc=(3, None), messages=_MESSAGES, options=_DSOLVE_OPTIONS,
         usage="DSolve[eqn, y[x], x] solves a differential equation for y[x]: {{y[x] -> "
               "…}}, with constants C[1], C[2]…; DSolve[eqn, y, x] gives y as a pure "
               "function; lists of equations include initial conditions.",
         examples=(("DSolve[y'[x] == y[x], y[x], x]", "{{y[x] -> E^x C[1]}}"),
                   ("DSolve[{y'[x] == -y[x], y[0] == 1}, y[x], x]", "{{y[x] -> E^(-x)}}")))
def dsolve(ev, eqs, unknown, var, *rest):
    split = read_options(ev, Expr(S.DSolve, eqs, unknown, var, *rest), rest,
                         _DSOLVE_OPTIONS)
    if split is None:
        return None
    options = split[1]
    assumptions = ev.evaluate(options["Assumptions"])
    rows = _dsolve_rows(ev, eqs, unknown, var, ev.evaluate(options["GeneratedParameters"]),
                        None if assumptions in (S.Automatic, TRUE) else assumptions)
    return None if rows is None else ev.evaluate(Expr(S.List, *rows))


def _dsolve_rows(ev, eqs, unknown, var, parameters, assumptions):
    """DSolve's answer as a list of rows of rules, or None.  Each solution is evaluated
    (the constants named by GeneratedParameters), then refined by the assumptions."""
    t = Translation()
    sp = t.sp
    unknowns = list(unknown.args) if is_list(unknown) else [unknown]
    as_function = all(type(u) is Symbol for u in unknowns)
    heads = [u if type(u) is Symbol else u.head for u in unknowns]
    functions = []
    for u, h in zip(unknowns, heads):
        f = t.to(Expr(h, var)) if type(h) is Symbol else None
        if f is None or not isinstance(f, t.AppliedUndef) or (
                type(u) is Expr and u.args != (var,)):
            ev.message(S.DSolve, "dsvar", u)
            return None
        functions.append(f)
    items = eqs.args if type(eqs) is Expr and eqs.head in (S.List, S.And) else (eqs,)
    differential, conditions = [], {}
    x = t.to(var)
    try:
        for e in items:
            condition = None if contains(e, var) else initial_condition(e, heads)
            if condition is not None:             # y[0] == v, y'[0] == v
                head, k, point, value = condition
                f = functions[heads.index(head)]
                at = f.diff(x, k).subs(x, t.to(point)) if k else f.func(t.to(point))
                conditions[at] = t.to(value)
                continue
            found = _equations(ev, t, e, S.DSolve)
            if found is None:
                return None
            differential.extend(found)
    except Untranslatable:
        return None
    if not differential:
        ev.message(S.DSolve, "nsmet", eqs)
        return None
    try:
        solved = sp.dsolve(differential if len(differential) > 1 else differential[0],
                           functions if len(functions) > 1 else functions[0],
                           ics=conditions or None)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        ev.message(S.DSolve, "nsmet", eqs)
        return None
    solved = solved if isinstance(solved, list) else [solved]
    rows = []
    for s, rhs in zip(solved, _in_wl_basis(sp, [s.rhs for s in solved])):
        _name_constants(t, rhs, parameters)
        try:
            value = t.back(rhs)
            target = t.back(s.lhs)
        except Untranslatable:
            return None
        value = ev.evaluate(value if assumptions is None else
                            Expr(S.Refine, value, assumptions))
        if as_function:
            target = target.head
            value = Expr(S.Function, Expr(S.List, var), value)
        rows.append(Expr(S.List, Expr(S.Rule, target, value)))
    if len(functions) > 1:                 # one solution of a system: its rules together
        rows = [Expr(S.List, *[r.args[0] for r in rows])]
    return rows


@builtin("DSolveValue", argc=(3, None), messages=_MESSAGES, options=_DSOLVE_OPTIONS,
         usage="DSolveValue[eqn, expr, x] is expr (y[x], y, y'[x]…) with the solution of the "
               "differential equation eqn that DSolve finds put in.",
         examples=(("DSolveValue[{y'[x] == -y[x], y[0] == 1}, y[x], x]", "E^(-x)"),
                   ("DSolveValue[{y'[x] == y[x], y[0] == 2}, y[1], x]", "2 E")))
def dsolve_value(ev, eqs, target, var, *rest):
    if read_options(ev, Expr(S.DSolveValue, eqs, target, var, *rest), rest,
                    _DSOLVE_OPTIONS) is None:
        return None
    heads = sorted({h for h in _applied_heads(target, var)}, key=str) or \
        ([target] if type(target) is Symbol else [])
    if not heads:
        return None
    solved = dsolve(ev, eqs, Expr(S.List, *heads) if len(heads) > 1 else heads[0], var,
                    *rest)
    if not (type(solved) is Expr and solved.head is S.List and solved.args):
        return None
    return ev.evaluate(Expr(S.ReplaceAll, target, solved.args[0]))


def _applied_heads(e, var):
    """The symbols f of the f[…] and Derivative[…][f][…] in e (the unknown functions)."""
    if type(e) is not Expr:
        return set()
    found = set()
    head = e.head
    if type(head) is Expr and type(head.head) is Expr and head.head.head is S.Derivative \
            and len(head.args) == 1 and type(head.args[0]) is Symbol:
        found.add(head.args[0])                     # Derivative[k][f][x]
    elif type(head) is Symbol and _is_user_function(head):
        found.add(head)
    for a in e.args:
        found |= _applied_heads(a, var)
    return found


def _is_user_function(head: Symbol) -> bool:
    """A head with no built-in meaning: an unknown function such as y."""
    from wlnet.core.registry import BUILTINS
    return head.name not in BUILTINS


def _polynomial_division(ev, p, q, var, part: int):
    t = Translation()
    try:
        g, h, x = t.to(p), t.to(q), t.to(var)
    except Untranslatable:
        return None
    if t.opaque_contains(var) or not isinstance(x, t.sp.Symbol):
        return None
    try:
        result = t.sp.div(g, h, x)[part]
    except Exception:       # noqa: BLE001 - not polynomials in x, division by zero…
        return None
    return _back(ev, t, t.sp.expand(result))


@builtin("PolynomialQuotient", argc=3,
         usage="PolynomialQuotient[p, q, x] is the quotient of the polynomials p and q in x, "
               "the remainder dropped.",
         examples=(("PolynomialQuotient[x^2 + 1, x - 1, x]", "1 + x"),))
def polynomial_quotient(ev, p, q, var):
    return _polynomial_division(ev, p, q, var, 0)


@builtin("PolynomialRemainder", argc=3,
         usage="PolynomialRemainder[p, q, x] is the remainder of dividing the polynomial p "
               "by q in x.",
         examples=(("PolynomialRemainder[x^2 + 1, x - 1, x]", "2"),))
def polynomial_remainder(ev, p, q, var):
    return _polynomial_division(ev, p, q, var, 1)

