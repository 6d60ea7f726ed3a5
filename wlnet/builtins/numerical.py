"""Numerical calculus and fitting: ``FindRoot``, ``NIntegrate``, ``FindMinimum``,
``FindMaximum``, ``NMinimize``, ``NMaximize``, ``NDSolve``/``NDSolveValue``,
``Interpolation``/``ListInterpolation`` (``InterpolatingFunction``), ``Fit``,
``LinearModelFit`` and ``NonlinearModelFit`` (``FittedModel``); ``FindPeaks``.

The numerical work is SciPy's (root finding, adaptive quadrature, minimisation, ODE
integration, least squares): well-kept implementations rather than ours.  A function of the
variables is compiled to numpy through SymPy when it translates completely (fast); otherwise
(a user function defined only for numbers, ``f[x_?NumericQ] := …``) each value is computed
by the evaluator with the variables bound by Block, as the Wolfram Language's numerical
functions evaluate their held arguments.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from wlnet.builtins._listutil import float_value, is_list, is_rule
from wlnet.builtins._search_options import (FIND_FIT_OPTIONS, MINIMUM_OPTIONS,
                                            MODEL_FIT_OPTIONS, NDSOLVE_OPTIONS, ROOT_OPTIONS,
                                            SEARCH_MESSAGES, SearchOptions)
from wlnet.builtins._sympy_bridge import Translation, Untranslatable, initial_condition
from wlnet.core.expr import FALSE, TRUE, Complex, Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare, \
    split_options

_HOLD = ("HoldAll", "Protected")
_MESSAGES = {
    "nlnum": "The function value `1` is not a number at `2`.",
    "ivar": "`1` is not a valid variable specification.",
    "cvmit": "The search did not converge within the allowed iterations; the last point "
             "is returned.",
    "inumr": "The integrand `1` is not numerical at `2`.",
    "ilim": "`1` is not a valid integration range: give {x, xmin, xmax} with numbers.",
    "data": "`1` is not data that can be fitted: give a list of numbers or of {x…, y} "
            "points.",
    "fitm": "The model `1` cannot be fitted to the data.",
    "ndnum": "The equations `1` do not give numbers for the derivatives.",
    "ndode": "`1` is not a system of ordinary differential equations with initial "
             "conditions that NDSolve can integrate.",
    "ncvb": "The integral did not reach the accuracy asked for after the most subdivisions "
            "allowed; the integrand may be singular or oscillate within the range.  The "
            "value given is the last estimate.",
    "dmval": "The point `1` lies outside the range of data of the InterpolatingFunction; "
             "the value is extrapolated.",
    "udeg": "The points are not on a grid: interpolation between scattered points is "
            "piecewise linear (InterpolationOrder -> 1).",
    "ndsz": "At `1` the step size became effectively zero: a singularity or a stiff "
            "system is suspected; the solution stops there.",
    "brent": "The Brent method needs a range {`1`, x0, xmin, xmax} where the function "
             "changes sign.",
    **SEARCH_MESSAGES,
}
INTERPOLATING_FUNCTION = Symbol("InterpolatingFunction")
FITTED_MODEL = Symbol("FittedModel")

declare("InterpolatingFunction", attributes=("Protected",),
        usage="InterpolatingFunction[domain, …] is an approximate function made by "
              "Interpolation or NDSolve: applied to x it gives the interpolated value.",
        messages={"dmval": _MESSAGES["dmval"]})
declare("FittedModel", attributes=("Protected",),
        usage="FittedModel[…] is a fitted model (LinearModelFit, NonlinearModelFit): "
              "fm[x] evaluates it, fm[\"BestFit\"], fm[\"BestFitParameters\"], "
              "fm[\"RSquared\"]… give its properties.")
for _name, _usage in (("InterpolationOrder", "the degree of the polynomial pieces "
                       "(default 3)"), ("MaxIterations", "the iterations allowed"),
                      ("AccuracyGoal", "the digits of absolute accuracy sought"),
                      ("PrecisionGoal", "the digits of relative precision sought"),
                      ("IncludeConstantBasis", "whether LinearModelFit adds a constant "
                       "term")):
    declare(_name, attributes=("Protected",), usage=f"{_name} is an option: {_usage}.")

# What compiled SymPy expressions call: SciPy first, for the special functions NumPy lacks
# (gamma, polygamma, zeta, erf… of a likelihood and its gradient), NumPy for the rest.
_NUMERIC_MODULES = ["scipy", "numpy"]



def _number(x) -> Expr:
    if isinstance(x, complex) or isinstance(x, np.complexfloating):
        if x.imag == 0:
            return Real(float(x.real))
        return Complex(Real(float(x.real)), Real(float(x.imag)))
    return Real(float(x))


class NotNumeric(Exception):
    """The function gave something other than a number."""

    def __init__(self, value):
        super().__init__(value)
        self.value = value


def _with_symbol_variables(expr, variables: list) -> tuple:
    """(expr, variables) with each variable that is not a symbol (u[1], Subscript[x, 2]:
    indexed variables, which WL's numerical functions take) replaced by a symbol of its
    own, so that it can be bound and translated like any other."""
    if all(type(v) is Symbol for v in variables):
        return expr, variables
    renamed = {v: Symbol(f"NumericFunction`Private`var{i}") for i, v in enumerate(variables)
               if type(v) is not Symbol}
    return _replace_exact(expr, renamed), [renamed.get(v, v) for v in variables]


def _with_symbol_ranges(f, ranges: list) -> tuple:
    """(f, ranges) with indexed integration variables (x[1]) renamed to symbols in the
    integrand and in the limits that depend on them."""
    variables = [v for v, _, _ in ranges]
    _, plain = _with_symbol_variables(Expr(S.List), variables)
    renamed = {v: p for v, p in zip(variables, plain) if v is not p}
    if not renamed:
        return f, ranges
    return _replace_exact(f, renamed), [
        (renamed.get(v, v), _replace_exact(lo, renamed), _replace_exact(hi, renamed))
        for v, lo, hi in ranges]


def _replace_exact(e, table: dict):
    """e with every subexpression that is a key of ``table`` replaced by its value."""
    found = table.get(e) if type(e) is Expr else None
    if found is not None:
        return found
    if type(e) is not Expr:
        return e
    head = _replace_exact(e.head, table)
    args = tuple(_replace_exact(a, table) for a in e.args)
    if head is e.head and all(a is b for a, b in zip(args, e.args)):
        return e
    return Expr(head, *args)


_UNDERFLOW = frozenset({("General", "munfl")})


class NumericFunction:
    """A held expression as a function of its variables' values (floats in, a float or
    complex, or an array of them for a list-valued expression, out)."""

    def __init__(self, ev, expr, variables: list):
        given = list(variables)
        expr, variables = _with_symbol_variables(expr, given)
        self.ev, self.expr, self.variables = ev, expr, variables
        from wlnet.builtins.control import evaluate_without_values
        symbolic = evaluate_without_values(ev, self.variables, expr)
        renamed, _ = _with_symbol_variables(symbolic, given)
        if renamed is not symbolic:
            # an indexed variable first appears when the held expression evaluates (a
            # symbol holding a sum of w[i, j] terms): the evaluated form, renamed, is the
            # expression to bind the variables in
            self.expr = symbolic = renamed
        self.symbolic = symbolic
        self.compiled = None
        self.translation = None
        t = Translation()
        try:
            g = t.to(self.symbolic)
            xs = [t.to(v) for v in self.variables]
        except Untranslatable:
            return
        if t._opaque or any(not isinstance(x, t.sp.Symbol) for x in xs):
            return
        parts = g if isinstance(g, list) else [g]
        if any(p.atoms(t.AppliedUndef) for p in parts):
            return                     # f[x] the evaluator defines only for numbers
        free = (set().union(*[e.free_symbols for e in g]) if isinstance(g, list)
                else g.free_symbols)
        if not free <= set(xs) or (isinstance(g, list) and any(
                isinstance(e, list) for e in g)):
            return
        self.translation, self.sympy_expr, self.sympy_vars = t, g, xs
        try:
            self.compiled = t.sp.lambdify(xs, g, modules=_NUMERIC_MODULES)
        except Exception:               # noqa: BLE001 - SymPy's printers raise many kinds
            self.compiled = None

    def __call__(self, *values):
        if self.compiled is not None:
            with np.errstate(all="ignore"):
                out = self.compiled(*values)
            return np.asarray(out) if isinstance(out, list) else out
        return self.by_evaluator(values)

    def by_evaluator(self, values):
        bindings = Expr(S.List, *[Expr(S.Set, v, _number(x))
                                  for v, x in zip(self.variables, values)])
        # a sample point far out (E^-x^2 at x = 40) underflows to 0., which is the value
        # wanted: machine underflow says nothing here, as in WL's compiled evaluation
        self.ev.msg.quiet_stack.append(_UNDERFLOW)
        try:
            result = self.ev.evaluate(Expr(S.Block, bindings, Expr(S.N, self.expr)))
        finally:
            self.ev.msg.quiet_stack.pop()
        return _numeric_value(result)

    def gradient(self):
        """The compiled gradient (or Jacobian) in the variables, None when not symbolic."""
        if self.compiled is None:
            return None
        sp = self.translation.sp
        g = self.sympy_expr
        rows = g if isinstance(g, list) else [g]
        jac = [[sp.diff(r, x) for x in self.sympy_vars] for r in rows]
        try:
            f = sp.lambdify(self.sympy_vars, jac if isinstance(g, list) else jac[0],
                            modules=_NUMERIC_MODULES)
        except Exception:               # noqa: BLE001
            return None
        return lambda *v: np.asarray(f(*v), dtype=float)


def _numeric_value(e):
    """A number atom (or a list of them) as a Python float/complex/array; raises
    NotNumeric otherwise."""
    arr = packed_array(e)
    if arr is not None:
        return arr.astype(float) if arr.dtype.kind in "iu" else arr
    if type(e) is Real:
        return float(e.value) if e.is_machine else float(e.value.to_float()) \
            if hasattr(e.value, "to_float") else float(str(e.value))
    if type(e) is Integer:
        return float(e.value)
    if type(e) is Complex:
        re, im = _numeric_value(e.re), _numeric_value(e.im)
        return complex(re, im)
    if is_list(e):
        return np.array([_numeric_value(a) for a in e.args])
    v = float_value(e)
    if v is None:
        raise NotNumeric(e)
    return v


def _real(value, ev, head, f, point) -> float:
    v = np.asarray(value)
    if v.dtype.kind == "c":
        if np.any(np.abs(v.imag) > 1e-12 * max(1.0, float(np.max(np.abs(v.real))))):
            raise NotNumeric(f)
        v = v.real
    return v.astype(float)


def _is_variable(e) -> bool:
    """Whether e can be a variable of a numerical function: a symbol, or an indexed
    variable such as u[1] or Subscript[x, 1] (a head that is not a builtin function)."""
    if type(e) is Symbol:
        return True
    if type(e) is not Expr or type(e.head) is not Symbol:
        return False
    from wlnet.core.registry import BUILTINS
    return e.head.name == "Subscript" or e.head.name not in BUILTINS


def _variable_specs(ev, spec, head, min_len=2):
    """[(variable, start values…)] of {x, x0}, {{x, x0}, {y, y0}}, x alone (start 1)."""
    if type(spec) is Symbol:
        return [(spec, [1.0])]
    if is_list(spec) and spec.args and all(is_list(a) for a in spec.args):
        out = []
        for a in spec.args:
            one = _variable_specs(ev, a, head, min_len)
            if one is None:
                return None
            out.extend(one)
        return out
    if is_list(spec) and len(spec.args) >= min_len and _is_variable(spec.args[0]):
        values = [ev.evaluate(Expr(S.N, a)) for a in spec.args[1:]]
        numbers = [_complex_or_float(v) for v in values]
        if any(n is None for n in numbers):
            ev.message(head, "ivar", spec)
            return None
        return [(spec.args[0], numbers)]
    ev.message(head, "ivar", spec)
    return None


def _complex_or_float(e):
    try:
        return _numeric_value(e)
    except NotNumeric:
        return None


def _equation_residual(e):
    """lhs == rhs as lhs - rhs (FindRoot's equations); lists of them element by element."""
    if type(e) is Expr and e.head is S.Equal and len(e.args) == 2:
        return Expr(S.Plus, e.args[0], Expr(S.Times, Integer(-1), e.args[1]))
    if is_list(e):
        return Expr(S.List, *[_equation_residual(a) for a in e.args])
    return e


def _rules(variables, values) -> Expr:
    return Expr(S.List, *[Expr(S.Rule, v, _number(x)) for v, x in zip(variables, values)])


# ---------------------------------------------------------------------------- FindRoot

@builtin("FindRoot", argc=(2, None), attributes=_HOLD, messages=_MESSAGES, options=ROOT_OPTIONS,
         usage="FindRoot[f, {x, x0}] searches for a root of f (or a solution of lhs == rhs) "
               "starting at x0; {x, x0, x1} starts a secant search, {x, x0, xmin, xmax} "
               "stays in the range; FindRoot[{f1, f2, …}, {{x, x0}, {y, y0}, …}] solves "
               "several equations.",
         examples=(("FindRoot[Cos[x] == x, {x, 1}]", "{x -> 0.7390851332151607}"),
                   ("FindRoot[{x^2 + y^2 == 2, x == y}, {{x, 2}, {y, 0.5}}]",
                    "{x -> 1., y -> 1.}")))
def find_root(ev, f, spec, *rest):
    from scipy import optimize
    specs = _variable_specs(ev, ev.evaluate(spec) if not is_list(spec) else spec, S.FindRoot)
    if specs is None:
        return None
    variables = [v for v, _ in specs]
    residual = _equation_residual(f if not is_list(f) else f)
    if type(f) is Expr and f.head is S.List:
        residual = Expr(S.List, *[_equation_residual(a) for a in f.args])
    search = SearchOptions.read(ev, Expr(S.FindRoot, f, spec, *rest), rest, variables,
                                ROOT_OPTIONS, ("Newton", "Secant", "Brent"))
    if search is None:
        return None
    func = NumericFunction(ev, residual, variables)
    starts = [s for _, s in specs]
    try:
        if len(variables) == 1:
            x = _root_1d(ev, func, starts[0], search, optimize)
        else:
            x = _root_nd(ev, func, [s[0] for s in starts], search, optimize)
    except NotNumeric as exc:
        ev.message(S.FindRoot, "nlnum", exc.value, _rules(variables, [s[0] for s in starts]))
        return None
    if x is None:
        return None
    values, converged = x
    if not converged:
        ev.message(S.FindRoot, "cvmit")
    return _rules(variables, values)


def _scalar(func, x):
    v = func(x)
    if isinstance(v, np.ndarray):
        if v.size != 1:
            raise NotNumeric(func.symbolic)
        v = v.reshape(()).item()
    if not isinstance(v, (int, float, complex, np.number)):
        raise NotNumeric(func.symbolic)
    return v


def _derivative(ev, search, func):
    """The derivative (gradient, Jacobian) the search uses: the option's expression when
    given, else the symbolic one (None: none known)."""
    given = search.derivative
    if given is Symbol("Automatic"):
        return func.gradient()
    rows = given.args if is_list(given) else ()
    if rows and all(is_list(r) for r in rows):        # a Jacobian matrix: its entries
        shape = (len(rows), len(rows[0].args))
        entries = NumericFunction(ev, Expr(S.List, *[a for r in rows for a in r.args]),
                                  func.variables)
        return lambda *x: np.reshape(np.asarray(entries(*x), dtype=float), shape)
    vector = NumericFunction(ev, given, func.variables)
    return lambda *x: vector(*x)


def _root_1d(ev, func, start, search, optimize):
    """FindRoot in one variable: Newton's method with the derivative when it is known (or
    the secant method), Brent's in a range where the sign changes.  Each value is an
    iterate of these methods: the monitors see them all."""
    def value(x):
        search.evaluated([x])
        search.stepped([x])
        return float(np.real(_scalar(func, x)))

    method = search.method()
    tolerance = search.tolerance(1e-15)
    iterations = search.max_iterations(100)
    if method == "Brent" or (method == "Automatic" and len(start) >= 3):
        if len(start) < 3:
            ev.message(S.FindRoot, "brent", func.variables[0])
            return None
        lo, hi = float(np.real(start[1])), float(np.real(start[2]))
        if np.sign(value(lo)) != np.sign(value(hi)):
            root, info = optimize.brentq(value, lo, hi, xtol=tolerance, maxiter=iterations,
                                         full_output=True, disp=False)
            return [root], info.converged
        if method == "Brent":
            ev.message(S.FindRoot, "brent", func.variables[0])
            return None
    gradient = _derivative(ev, search, func) if method != "Secant" else None
    x0 = float(np.real(start[0]))
    _scalar(func, x0)                         # a first value that is not a number: message
    kwargs = {}
    if len(start) == 2:                       # {x, x0, x1}: a secant search
        kwargs["x1"] = float(np.real(start[1]))
    elif gradient is not None:
        kwargs["fprime"] = lambda x: float(np.real(np.asarray(gradient(x)).reshape(-1)[0]))
    try:
        with warnings.catch_warnings():   # a zero derivative: not converged, said below
            warnings.simplefilter("ignore", RuntimeWarning)
            root, info = optimize.newton(value, x0, maxiter=iterations, tol=tolerance,
                                         full_output=True, disp=False, **kwargs)
    except (RuntimeError, ZeroDivisionError, OverflowError):
        return [x0], False
    root = float(np.asarray(root).reshape(-1)[0])
    return [root], bool(getattr(info, "converged", True)) or \
        abs(float(np.real(_scalar(func, root)))) < 1e-12


def _root_nd(ev, func, start, search, optimize):
    """FindRoot of several equations: Powell's hybrid method (MINPACK), with the
    Jacobian when it is known; each function value is seen by both monitors."""
    gradient = _derivative(ev, search, func)
    x0 = np.array(start, dtype=float)
    func(*x0)

    def values(x):
        search.evaluated(x)
        search.stepped(x)
        return np.asarray(func(*x), dtype=float)

    result = optimize.root(values, x0,
                           jac=(lambda x: gradient(*x)) if gradient is not None else None,
                           method="hybr", tol=search.tolerance(1e-14),
                           options={"maxfev": search.max_iterations(100) * (len(x0) + 1)})
    return list(result.x), bool(result.success)


# ---------------------------------------------------------------------------- NIntegrate

def _range_specs(ev, specs, head):
    out = []
    for spec in specs:
        if not (is_list(spec) and len(spec.args) == 3 and _is_variable(spec.args[0])):
            ev.message(head, "ilim", spec)
            return None
        out.append((spec.args[0], spec.args[1], spec.args[2]))
    return out


def _bound(ev, e, variables, values) -> float:
    """An integration limit (it may depend on the outer variables) as a float."""
    bindings = Expr(S.List, *[Expr(S.Set, v, Real(x)) for v, x in zip(variables, values)])
    value = ev.evaluate(Expr(S.Block, bindings, Expr(S.N, e)))
    if value == Expr(S.DirectedInfinity, Integer(1)):
        return math.inf
    if value == Expr(S.DirectedInfinity, Integer(-1)):
        return -math.inf
    v = float_value(value)
    if v is None:
        raise NotNumeric(value)
    return v


@builtin("NIntegrate", argc=(2, None), attributes=_HOLD, messages=_MESSAGES,
         usage="NIntegrate[f, {x, xmin, xmax}] is a numerical approximation of the integral "
               "of f (infinite limits allowed); more ranges integrate in turn, inner limits "
               "may depend on outer variables.",
         examples=(("NIntegrate[Exp[-x^2], {x, -Infinity, Infinity}]", "1.772453850905516"),
                   ("NIntegrate[x y, {x, 0, 1}, {y, 0, x}]", "0.125")))
def nintegrate(ev, f, *specs):
    from scipy import integrate
    split = split_options(specs, {"Method": S.Automatic, "PrecisionGoal": S.Automatic,
                                  "AccuracyGoal": S.Automatic, "MaxRecursion": S.Automatic,
                                  "WorkingPrecision": S.MachinePrecision})
    if split is None:
        return None
    ranges = _range_specs(ev, split[0], S.NIntegrate)
    if not ranges:
        return None
    f, ranges = _with_symbol_ranges(f, ranges)
    variables = [v for v, _, _ in ranges]
    func = NumericFunction(ev, f, variables)
    goals = _integration_goals(ev, split[1])
    if goals is None:
        return None

    def integrate_from(level, outer, part):
        var, lo_e, hi_e = ranges[level]
        lo, hi = _bound(ev, lo_e, variables[:level], outer), \
            _bound(ev, hi_e, variables[:level], outer)

        def integrand(x):
            if level + 1 == len(ranges):
                v = _scalar_nd(func, [*outer, x])
                return float(v.real if part == "re" else v.imag) if isinstance(v, complex) \
                    else (float(v) if part == "re" else 0.0)
            return integrate_from(level + 1, [*outer, x], part)
        value, _ = integrate.quad(integrand, lo, hi, limit=200, epsabs=tolerance[1],
                                  epsrel=tolerance[0])
        return value

    def both_parts():
        with warnings.catch_warnings(record=True) as caught:       # SciPy's, as a message
            warnings.simplefilter("always", integrate.IntegrationWarning)
            real = integrate_from(0, [], "re")
            imag = integrate_from(0, [], "im") if _has_complex_values(func, ranges) else 0.0
        return real, imag, any(issubclass(w.category, integrate.IntegrationWarning)
                               for w in caught)

    try:
        # past WL's goals at first (a smooth integrand's value to the last digits); an
        # integrand known only to about 7 digits (a net in Real32, an interpolation) cannot
        # meet those: then WL's own goals (6 digits) decide whether it converged
        tolerance = goals[0]
        real_part, imag_part, failed = both_parts()
        if failed and goals[1] is not None:
            tolerance = goals[1]
            real_part, imag_part, failed = both_parts()
        if failed:
            ev.message(S.NIntegrate, "ncvb")
    except NotNumeric as exc:
        ev.message(S.NIntegrate, "inumr", exc.value, Expr(S.List, *variables))
        return None
    except (TypeError, ValueError):
        ev.message(S.NIntegrate, "inumr", f, Expr(S.List, *variables))
        return None
    if imag_part:
        return Complex(Real(real_part), Real(imag_part))
    return Real(real_part)


def _integration_goals(ev, options):
    """((relative, absolute) tolerances to try first, the ones to fall back on or None)
    from NIntegrate's PrecisionGoal and AccuracyGoal: given, exactly those; Automatic,
    10^-10 and 10^-12 first, then WL's defaults (PrecisionGoal 6, AccuracyGoal Infinity).
    None when a goal is not a number."""
    chosen = []
    for name in ("PrecisionGoal", "AccuracyGoal"):
        value = options[name]
        if value is S.Automatic:
            chosen.append(None)
            continue
        if value == Expr(S.DirectedInfinity, Integer(1)):
            chosen.append(math.inf)
            continue
        number = float_value(ev.evaluate(Expr(S.N, value)))
        if number is None:
            ev.message(S.NIntegrate, "goal", Symbol(name), value)
            return None
        chosen.append(number)
    precision, accuracy = chosen
    if precision is None and accuracy is None:
        return (1e-10, 1e-12), (1e-6, 1e-300)

    def tolerance(goal, default):
        return default if goal is None else 0.0 if goal == math.inf else 10.0 ** -goal

    relative, absolute = tolerance(precision, 1e-6), tolerance(accuracy, 1e-300)
    return (max(relative, 5e-29), absolute or 1e-300), None


def _numeric_series(ev, head, f, specs):
    """NSum and NProduct: the closed form's value when Sum/Product finds one, else the
    terms summed (multiplied) numerically, with convergence acceleration for an infinite
    range (mpmath's nsum/nprod)."""
    exact = Symbol("Sum") if head is S.NSum else Symbol("Product")
    split = split_options(specs, {"VerifyConvergence": TRUE})
    if split is None:
        return None
    specs = split[0]
    if head is S.NSum and split[1]["VerifyConvergence"] is not FALSE \
            and _diverges(ev, f, specs):
        ev.message(head, "div")
        return None
    ev.msg.quiet_stack.append(None)        # as Quiet, but on this evaluation only (Quiet's
    try:                                   # result would be evaluated again outside it)
        closed = ev.evaluate(Expr(exact, f, *specs))
    finally:
        ev.msg.quiet_stack.pop()
    if not (type(closed) is Expr and closed.head is exact):
        value = ev.evaluate(Expr(S.N, closed))
        if float_value(value) is not None or type(value) is Complex:
            return value
    ranges = _range_specs(ev, [s if not (is_list(s) and len(s.args) == 2) else
                               Expr(S.List, s.args[0], Integer(1), s.args[1]) for s in specs],
                          head)
    if not ranges:
        return None
    import mpmath
    variables = [v for v, _, _ in ranges]
    func = NumericFunction(ev, f, variables)
    try:
        limits = [[_bound(ev, lo, [], []), _bound(ev, hi, [], [])] for _, lo, hi in ranges]
        term = _mpmath_term(func)
        value = (mpmath.nsum if head is S.NSum else mpmath.nprod)(term, *limits)
    except NotNumeric as exc:
        ev.message(head, "nsnum", exc.value)
        return None
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        ev.message(head, "nsnum", f)
        return None
    value = complex(value)
    if not all(map(math.isfinite, (value.real, value.imag))):
        ev.message(head, "nsnum", f)
        return None
    return Real(value.real) if value.imag == 0 else Complex(Real(value.real), Real(value.imag))


def _diverges(ev, f, specs) -> bool:
    """Whether a sum with an infinite bound is known to diverge (SymPy's convergence
    tests on the symbolic term): mpmath's acceleration would give a finite number for the
    harmonic series.  A sum whose convergence cannot be decided is summed numerically."""
    from wlnet.builtins.control import evaluate_without_values
    if len(specs) != 1 or not (is_list(specs[0]) and len(specs[0].args) in (2, 3)):
        return False
    var = specs[0].args[0]
    bounds = [ev.evaluate(b) for b in specs[0].args[1:]]
    if not any(b is S.Infinity or (type(b) is Expr and b.head is S.DirectedInfinity)
               for b in bounds):
        return False
    lo, hi = (Integer(1), bounds[0]) if len(bounds) == 1 else bounds
    t = Translation()
    try:
        series = t.sp.Sum(t.to(evaluate_without_values(ev, [var], f)),
                          (t.to(var), t.to(lo), t.to(hi)))
        return series.is_convergent() is t.sp.false
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return False


def _mpmath_term(func):
    """The term as a function of mpmath numbers: at their precision when it has a symbolic
    form (the series accelerations need more than machine numbers), else at machine
    precision through the evaluator."""
    if func.compiled is not None and not isinstance(func.sympy_expr, list):
        try:
            return func.translation.sp.lambdify(func.sympy_vars, func.sympy_expr,
                                                modules="mpmath")
        except Exception:               # noqa: BLE001 - SymPy's printers raise many kinds
            pass
    return lambda *k: complex(func(*[float(x) for x in k]))


for _head, _word in (("NSum", "sum"), ("NProduct", "product")):
    builtin(_head, argc=(2, None), attributes=_HOLD,
            messages={"nsnum": "The terms `1` do not give numbers for the " + _word + ".",
                      "div": "The sum diverges."},
            usage=f"{_head}[f, {{i, imin, imax}}] is a numerical approximation of the "
                  f"{_word} of f for i from imin to imax (imax may be Infinity); "
                  "more iterators nest.",
            examples=((f"{_head}[1/2^i, {{i, 0, 3}}]",
                       "1.875" if _head == "NSum" else "0.015625"),))(
        lambda ev, f, *specs, _h=Symbol(_head): _numeric_series(ev, _h, f, specs))


def _has_complex_values(func, ranges) -> bool:
    """Whether the integrand takes complex values (checked at a point inside the range)."""
    try:
        v = func(*[0.3183098861837907 for _ in ranges])
    except NotNumeric:
        return False
    return bool(np.iscomplexobj(v)) and bool(np.any(np.asarray(v).imag != 0))


# ---------------------------------------------------------------------------- minimisation

def _objective_and_constraints(f):
    """{f, cons} → (f, [cons]); f → (f, [])."""
    if is_list(f) and len(f.args) == 2 and not is_list(f.args[0]):
        cons = f.args[1]
        parts = list(cons.args) if type(cons) is Expr and cons.head in (S.List, S.And) \
            else [cons]
        return f.args[0], parts
    return f, []


def _scipy_constraints(ev, constraints, variables):
    """Inequalities and equations as SciPy's {type, fun} constraints, and bounds for
    interval constraints on one variable."""
    out = []
    for c in constraints:
        name = c.head.name if type(c) is Expr and type(c.head) is Symbol else None
        if name in ("Less", "LessEqual", "Greater", "GreaterEqual") and len(c.args) >= 2:
            for a, b in zip(c.args, c.args[1:]):
                lower, upper = (a, b) if name in ("Less", "LessEqual") else (b, a)
                g = NumericFunction(ev, Expr(S.Plus, upper, Expr(S.Times, Integer(-1), lower)),
                                    variables)
                out.append({"type": "ineq", "fun": lambda x, g=g: float(np.real(g(*x)))})
        elif name == "Equal" and len(c.args) == 2:
            g = NumericFunction(ev, _equation_residual(c), variables)
            out.append({"type": "eq", "fun": lambda x, g=g: float(np.real(g(*x)))})
        elif name == "Element":
            continue                  # x ∈ Reals: already so
        else:
            return None
    return out


# Method names -> SciPy's minimize methods (FindMinimum) or global strategies (NMinimize)
_LOCAL_METHODS = {"Newton": "Newton-CG", "QuasiNewton": "BFGS", "ConjugateGradient": "CG",
                  "PrincipalAxis": "Powell", "InteriorPoint": "trust-constr"}
_GLOBAL_METHODS = ("NelderMead", "DifferentialEvolution", "SimulatedAnnealing",
                   "RandomSearch")


def _held_spec_value(ev, spec):
    """The variables' specification of a HoldAll function given as a symbol holding it
    (``tw = {{w[1], 0.3}, …}; FindMaximum[loss, tw]``): its list value; the held form
    otherwise (a symbol that is the variable itself)."""
    if is_list(spec):
        return spec
    value = ev.evaluate(spec)
    return value if is_list(value) else spec


def _minimize(ev, f, spec, rest, head, sign: float, global_search: bool):
    from scipy import optimize
    objective, constraints = _objective_and_constraints(f)
    spec = _held_spec_value(ev, spec)
    if global_search:
        specs = _global_specs(ev, spec, head)
    else:
        specs = _variable_specs(ev, spec, head)
    if not specs:
        if specs is not None:
            ev.message(head, "ivar", spec)
        return None
    variables = [v for v, _ in specs]
    search = SearchOptions.read(ev, Expr(head, f, spec, *rest), rest, variables,
                                MINIMUM_OPTIONS,
                                _GLOBAL_METHODS if global_search else tuple(_LOCAL_METHODS))
    if search is None:
        return None
    func = NumericFunction(ev, objective, variables)
    cons = _scipy_constraints(ev, constraints, variables)
    if cons is None:
        return None
    gradient = _derivative(ev, search, func)

    def value(x):
        search.evaluated(x)
        return sign * float(np.real(_scalar(func, *x))) if len(x) == 1 else \
            sign * float(np.real(_scalar_nd(func, x)))

    jac = (lambda x: sign * np.real(np.atleast_1d(gradient(*x))).astype(float)) \
        if gradient is not None else None
    method = search.method()
    iterations = search.max_iterations(100 if not global_search else 500)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # SciPy's notes on its own quasi-Newton steps
            if method in ("DifferentialEvolution", "SimulatedAnnealing"):
                best = _global_strategy(optimize, method, value, specs, cons, search,
                                        iterations)
            else:
                best = _local_searches(optimize, value, jac, _starts(specs, global_search),
                                       cons, search, method, iterations)
    except NotNumeric as exc:
        ev.message(head, "nlnum", exc.value, _rules(variables, _starts(specs, False)[0]
                                                    if not global_search else
                                                    [s[0] for _, s in specs]))
        return None
    # a search that ran out of iterations says so; NMinimize's random starts are many
    # local searches, where one of them running out is no failure of the whole
    hit_limit = getattr(best, "nit", 0) >= iterations and not best.success
    if hit_limit and (not global_search or method in ("DifferentialEvolution",
                                                      "SimulatedAnnealing")):
        ev.message(head, "cvmit")
    return Expr(S.List, Real(sign * float(best.fun)), _rules(variables, best.x))


def _local_searches(optimize, value, jac, starts, cons, search, method, iterations):
    """The best of a local search from each start (FindMinimum: the one start given)."""
    if method in _LOCAL_METHODS:
        scipy_method = _LOCAL_METHODS[method]
        if scipy_method == "Newton-CG" and jac is None:
            scipy_method = "BFGS"            # Newton's method needs the gradient
    elif method == "NelderMead":
        scipy_method = "Nelder-Mead"
    else:
        scipy_method = "SLSQP" if cons else "BFGS"
    tolerance = search.tolerance(1e-15 if cons else 1e-11)
    options = {"maxiter": iterations}
    if scipy_method in ("SLSQP",):
        options["ftol"] = tolerance
    elif scipy_method in ("BFGS", "CG"):
        options["gtol"] = tolerance
    elif scipy_method == "trust-constr":
        options.update(gtol=tolerance, xtol=tolerance)
    elif scipy_method in ("Nelder-Mead", "Powell"):
        options.update(xatol=tolerance, fatol=tolerance) if scipy_method == "Nelder-Mead" \
            else options.update(xtol=tolerance, ftol=tolerance)
    best = None
    for x0 in starts:
        result = optimize.minimize(
            value, x0, jac=jac if scipy_method not in ("Nelder-Mead", "Powell") else None,
            method=scipy_method, constraints=cons or () if scipy_method in (
                "SLSQP", "trust-constr") else (),
            callback=_step_callback(search, scipy_method), options=options)
        if jac is None and scipy_method in ("BFGS", "CG") and result.nit == 0:
            # no step at all from finite differences of 1e-8: a function known only to a
            # few digits (a net in Real32, a table) looks flat at that scale; differences
            # of 1e-5 (of the start's size) see its slope
            coarse = dict(options, eps=1e-5 * max(1.0, float(np.max(np.abs(x0)))))
            retried = optimize.minimize(value, x0, method=scipy_method, options=coarse,
                                        callback=_step_callback(search, scipy_method))
            if retried.fun < result.fun:
                result = retried
        if best is None or result.fun < best.fun:
            best = result
    return best


def _step_callback(search, scipy_method):
    """SciPy's per-iteration callback as StepMonitor (trust-constr passes its state too)."""
    if search.step_monitor is None:
        return None
    if scipy_method == "trust-constr":
        return lambda x, state=None: search.stepped(x)
    return lambda x, *_: search.stepped(x)


def _global_strategy(optimize, method, value, specs, cons, search, iterations):
    """NMinimize's DifferentialEvolution and SimulatedAnnealing over the search ranges."""
    bounds = [(s[0], s[1]) for _, s in specs]
    callback = None
    if search.step_monitor is not None:
        callback = lambda x, *_: search.stepped(x)         # noqa: E731 - SciPy's hook
    if method == "DifferentialEvolution":
        return optimize.differential_evolution(
            value, bounds, maxiter=iterations, seed=1234567, tol=search.tolerance(0.01),
            constraints=_scipy_nonlinear(optimize, cons), callback=callback, polish=True)
    return optimize.dual_annealing(value, bounds, maxiter=iterations, seed=1234567,
                                   callback=callback)


def _scipy_nonlinear(optimize, cons):
    """SLSQP-style constraint dicts as differential_evolution's NonlinearConstraints."""
    out = []
    for c in cons or ():
        fun = c["fun"]
        out.append(optimize.NonlinearConstraint(fun, 0.0, 0.0 if c["type"] == "eq"
                                                else np.inf))
    return out


def _scalar_nd(func, x):
    v = func(*x)
    if isinstance(v, np.ndarray):
        v = v.reshape(()).item() if v.size == 1 else None
    if not isinstance(v, (int, float, complex, np.number)):
        raise NotNumeric(func.symbolic)
    return v


def _global_specs(ev, spec, head):
    """NMinimize's variables: x, {x, y}, {{x, xmin, xmax}, …} (a search range each)."""
    items = spec.args if is_list(spec) else (spec,)
    out = []
    for item in items:
        if type(item) is Symbol:
            out.append((item, [-1.0, 1.0]))
        elif is_list(item) and len(item.args) == 3 and _is_variable(item.args[0]):
            lo, hi = (float_value(ev.evaluate(Expr(S.N, a))) for a in item.args[1:])
            if lo is None or hi is None:
                ev.message(head, "ivar", item)
                return None
            out.append((item.args[0], [lo, hi]))
        else:
            ev.message(head, "ivar", item)
            return None
    return out


def _starts(specs, global_search: bool):
    """Local search: the given start; global: a fixed grid of random starts in the ranges
    (the same every call, so results do not depend on the session's random state)."""
    if not global_search:
        return [np.array([float(np.real(s[0])) for _, s in specs])]
    rng = np.random.default_rng(1234567)
    lows = np.array([s[0] for _, s in specs])
    highs = np.array([s[1] for _, s in specs])
    return [lows + (highs - lows) * rng.random(len(specs)) for _ in range(12)] + \
        [(lows + highs) / 2]


for _name, _sign, _global, _example in (
        ("FindMinimum", 1.0, False, ("FindMinimum[x^2 - 3 x + 1, {x, 0}]",
                                     "{-1.25, {x -> 1.5}}")),
        ("FindMaximum", -1.0, False, ("FindMaximum[Sin[x], {x, 1}]",
                                      "{1., {x -> 1.5707963267948966}}")),
        ("NMinimize", 1.0, True, ("NMinimize[(x - 2)^2 + 1, x]", "{1., {x -> 2.}}")),
        ("NMaximize", -1.0, True, ("NMaximize[{x + y, x^2 + y^2 <= 1}, {x, y}]",
                                   "{1.4142135623730951, {x -> 0.7071067811865476, "
                                   "y -> 0.7071067811865476}}"))):
    def _make(name=_name, sign=_sign, global_search=_global):
        def optimum(ev, f, spec, *rest):
            return _minimize(ev, f, spec, rest, Symbol(name), sign, global_search)
        return optimum
    builtin(_name, argc=(2, None), attributes=_HOLD, messages=_MESSAGES,
            options=MINIMUM_OPTIONS,
            usage=f"{_name}[f, {{x, x0}}] "
                  + ("searches for a local " if not _global else "searches for the global ")
                  + ("minimum" if _sign > 0 else "maximum")
                  + " of f, giving {value, {x -> x*}}; {f, cons} adds constraints "
                    "(inequalities, equations)"
                  + ("; several variables as {{x, x0}, {y, y0}}." if not _global else
                     "; variables x or {x, y} (or {{x, xmin, xmax}} search ranges)."),
            examples=(_example,))(_make())


# ---------------------------------------------------------------------------- interpolation

def _points_of(ev, data):
    """(x, y) arrays of {y1, y2, …} (x = 1, 2, …) or {{x1, y1}, …}; y may be vectors
    ({{x1, {y1, z1}}, …})."""
    evaluated = ev.evaluate(Expr(S.N, data))
    if is_list(evaluated) and len(evaluated.args) >= 2 and all(
            is_list(p) and len(p.args) == 2 and is_list(p.args[1]) for p in evaluated.args):
        xs = to_packed(Expr(S.List, *[p.args[0] for p in evaluated.args]), coerce=True)
        ys = to_packed(Expr(S.List, *[p.args[1] for p in evaluated.args]), coerce=True)
        x, y = (packed_array(a) if a is not None else None for a in (xs, ys))
        if x is None or y is None or x.ndim != 1 or y.ndim != 2 or "c" in (x.dtype.kind,
                                                                             y.dtype.kind):
            return None
        order = np.argsort(x, kind="stable")
        return x[order].astype(float), y[order].astype(float)
    numeric = to_packed(evaluated, coerce=True)
    arr = packed_array(numeric) if numeric is not None else None
    if arr is None or arr.ndim not in (1, 2) or len(arr) < 2 or arr.dtype.kind == "c":
        return None
    if arr.ndim == 1:
        return np.arange(1.0, len(arr) + 1.0), arr.astype(float)
    if arr.shape[1] < 2:
        return None
    order = np.argsort(arr[:, 0], kind="stable")
    return arr[order, 0].astype(float), arr[order, 1:].astype(float).reshape(
        len(arr), -1).squeeze(-1) if arr.shape[1] == 2 else arr[order, 1:].astype(float)


def interpolating_function(x, y, order: int = 3, derivatives=None,
                           derivative_order: int = 0) -> Expr:
    """An InterpolatingFunction over points x (ascending) with values y (and, for NDSolve's
    Hermite pieces, the derivatives at the points)."""
    parts = [Expr(S.Rule, String("Points"), list_from_array(np.asarray(x, float))),
             Expr(S.Rule, String("Values"), list_from_array(np.asarray(y, float))),
             Expr(S.Rule, String("Order"), Integer(order))]
    if derivatives is not None:
        parts.append(Expr(S.Rule, String("Derivatives"),
                          list_from_array(np.asarray(derivatives, float))))
    if derivative_order:
        parts.append(Expr(S.Rule, String("DerivativeOrder"), Integer(derivative_order)))
    domain = Expr(S.List, Expr(S.List, Real(float(x[0])), Real(float(x[-1]))))
    return Expr(INTERPOLATING_FUNCTION, domain, Expr(S.Association, *parts))


def _interpolation_data(f):
    if not (type(f) is Expr and len(f.args) == 2 and type(f.args[1]) is Expr
            and f.args[1].head is S.Association):
        return None
    fields = {}
    for rule in f.args[1].args:
        key = rule.args[0].value if type(rule.args[0]) is String else None
        fields[key] = rule.args[1]
    x = packed_array(to_packed(fields.get("Points"), coerce=True)) \
        if fields.get("Points") is not None else None
    y = packed_array(to_packed(fields.get("Values"), coerce=True)) \
        if fields.get("Values") is not None else None
    if x is None or y is None:
        return None
    d = fields.get("Derivatives")
    d = packed_array(to_packed(d, coerce=True)) if d is not None else None
    order = fields.get("Order")
    k = fields.get("DerivativeOrder")
    return x.astype(float), y.astype(float), (order.value if type(order) is Integer else 3), \
        (d.astype(float) if d is not None else None), (k.value if type(k) is Integer else 0)


def _lagrange(xs, ys, t, k: int):
    """The k-th derivative at t of the polynomial through (xs, ys) (Krogh's form of it:
    exact at the points, stable between them)."""
    from scipy.interpolate import KroghInterpolator
    if k >= len(xs):
        return 0.0
    return float(KroghInterpolator(xs, ys).derivatives(t, k + 1)[k])


def _hermite(x0, x1, y0, y1, d0, d1, t, k: int):
    """The k-th derivative (k <= 3) at t of the cubic with values and slopes at x0, x1."""
    h = x1 - x0
    s = (t - x0) / h
    basis = [
        (lambda s: 2 * s**3 - 3 * s**2 + 1, lambda s: 6 * s**2 - 6 * s, lambda s: 12 * s - 6,
         lambda s: 12.0 + 0 * s),
        (lambda s: s**3 - 2 * s**2 + s, lambda s: 3 * s**2 - 4 * s + 1, lambda s: 6 * s - 4,
         lambda s: 6.0 + 0 * s),
        (lambda s: -2 * s**3 + 3 * s**2, lambda s: -6 * s**2 + 6 * s, lambda s: -12 * s + 6,
         lambda s: -12.0 + 0 * s),
        (lambda s: s**3 - s**2, lambda s: 3 * s**2 - 2 * s, lambda s: 6 * s - 2,
         lambda s: 6.0 + 0 * s)]
    if k > 3:
        return 0.0 * y0
    scale = h ** (-k)
    return scale * (basis[0][k](s) * y0 + basis[1][k](s) * h * d0
                    + basis[2][k](s) * y1 + basis[3][k](s) * h * d1)


def _interpolate(data, t: float):
    x, y, order, d, k = data
    i = int(np.clip(np.searchsorted(x, t, side="right") - 1, 0, len(x) - 2))
    if d is not None:
        return _hermite(x[i], x[i + 1], y[i], y[i + 1], d[i], d[i + 1], t, k)
    if order == 0:
        # WL's steps: on (x[i-1], x[i]] the value at x[i], the next point's (so at x[0]
        # the value at x[1])
        j = int(np.clip(np.searchsorted(x, t, side="left"), 1, len(x) - 1))
        return y[j] * 0.0 if k else y[j]
    n = min(order, len(x) - 1)
    lo = int(np.clip(i - (n - 1) // 2, 0, len(x) - n - 1))
    window = slice(lo, lo + n + 1)
    ys = y[window]
    if ys.ndim == 1:
        return _lagrange(x[window], ys, t, k)
    return np.array([_lagrange(x[window], ys[:, j], t, k) for j in range(ys.shape[1])])


def _interpolation_property(f, data, name: str):
    """f["Domain"], f["Coordinates"], f["ValuesOnGrid"], f["InterpolationOrder"],
    f["Properties"]; None for another name."""
    x, y, order, _, _ = data
    table = {
        "Domain": lambda: f.args[0],
        "Coordinates": lambda: Expr(S.List, list_from_array(x)),
        "ValuesOnGrid": lambda: list_from_array(y),
        "InterpolationOrder": lambda: Expr(S.List, Integer(order)),
    }
    if name == "Properties":
        return Expr(S.List, *[String(k) for k in table])
    return table[name]() if name in table else None


def _evaluate_interpolation(ev, f, args):
    from wlnet.builtins.interpolation_2d import evaluate_2d, is_two_dimensional
    if is_two_dimensional(f):
        if len(args) == 1 and type(args[0]) is String and args[0].value == "Domain":
            return f.args[0]
        return evaluate_2d(ev, f, args, lambda point: ev.message(
            INTERPOLATING_FUNCTION, "dmval", point))
    data = _interpolation_data(f)
    if data is None or len(args) != 1:
        return None
    if type(args[0]) is String:
        return _interpolation_property(f, data, args[0].value)
    t_expr = ev.evaluate(Expr(S.N, args[0]))
    if is_list(t_expr):
        parts = [_evaluate_interpolation(ev, f, (a,)) for a in t_expr.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    t = float_value(t_expr)
    if t is None:
        return None
    x = data[0]
    if t < x[0] - 1e-12 * max(1.0, abs(x[0])) or t > x[-1] + 1e-12 * max(1.0, abs(x[-1])):
        ev.message(INTERPOLATING_FUNCTION, "dmval", t_expr)
    value = _interpolate(data, t)
    return list_from_array(value) if np.ndim(value) else Real(float(value))


builtin_subvalue("InterpolatingFunction")(
    lambda ev, f, *args: _evaluate_interpolation(ev, f, args))


def derivative_of_interpolation(f, n: int) -> Expr | None:
    """``Derivative[n][InterpolatingFunction[…]]``: the same pieces, differentiated n more
    times when applied."""
    if type(f) is not Expr or f.head is not INTERPOLATING_FUNCTION:
        return None
    data = _interpolation_data(f)
    if data is None:
        return None
    x, y, order, d, k = data
    return interpolating_function(x, y, order, d, k + n)


def _interpolating_text(f) -> str | None:
    from wlnet.syntax.printer import output_form
    if not f.args:
        return None
    return f"InterpolatingFunction[{output_form(f.args[0])}, <>]"


@builtin("Interpolation", argc=(1, None), messages=_MESSAGES,
         usage="Interpolation[{f1, f2, …}] (at x = 1, 2, …) or Interpolation[{{x1, f1}, …}] "
               "is an InterpolatingFunction through the points, piecewise polynomial of "
               "degree InterpolationOrder (3; 0 gives steps, each the value at the next "
               "point, as in WL); {{x, y, f}, …} or {{{x, y}, f}, …} interpolate a function "
               "of two variables (piecewise linear where the points are not on a grid).",
         examples=(("Interpolation[{1, 4, 9, 16}][2.5]", "6.25"),
                   ("Interpolation[{{0, 0}, {1, 1}, {2, 8}, {3, 27}}][1.5]", "3.375")))
def interpolation(ev, data, *rest):
    split = split_options(rest, {"InterpolationOrder": Integer(3), "Method": S.Automatic,
                                 "PeriodicInterpolation": Symbol("False")})
    if split is None:
        return None
    order = split[1]["InterpolationOrder"]
    order = order.value if type(order) is Integer and order.value >= 0 else 3
    from wlnet.builtins.interpolation_2d import interpolation_2d
    two = interpolation_2d(ev, data, order, S.Interpolation)   # {x, y, f} or {{x, y}, f}
    if two is not None:
        return two
    points = _points_of(ev, data)
    if points is None:
        ev.message(S.Interpolation, "data", data)
        return None
    x, y = points
    return interpolating_function(x, y, min(order, len(x) - 1))


@builtin("ListInterpolation", argc=(1, None), messages=_MESSAGES,
         usage="ListInterpolation[{f1, f2, …}] interpolates values at x = 1, 2, …; "
               "ListInterpolation[{f1, …}, {{xmin, xmax}}] spreads them evenly over the range.",
         examples=(("ListInterpolation[{1, 2, 4}][1.5]", "1.375"),))
def list_interpolation(ev, values, *rest):
    domain = rest[0] if rest and is_list(rest[0]) else None
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, values)), coerce=True) or values)
    if arr is not None and arr.ndim == 2 and min(arr.shape) >= 2 and arr.dtype.kind != "c":
        return _list_interpolation_2d(ev, arr.astype(float), domain)
    if arr is None or arr.ndim != 1 or len(arr) < 2 or arr.dtype.kind == "c":
        ev.message(S.ListInterpolation, "data", values)
        return None
    x = np.arange(1.0, len(arr) + 1.0)
    if domain is not None and domain.args and is_list(domain.args[0]):
        lo, hi = (float_value(ev.evaluate(Expr(S.N, a))) for a in domain.args[0].args[:2])
        if lo is not None and hi is not None:
            x = np.linspace(lo, hi, len(arr))
    return interpolating_function(x, arr.astype(float), min(3, len(arr) - 1))


def _list_interpolation_2d(ev, table, domain):
    """ListInterpolation of a matrix: values at x = 1, 2, … (rows) and y = 1, 2, …, or
    spread evenly over {{xmin, xmax}, {ymin, ymax}}."""
    from wlnet.builtins.interpolation_2d import grid_function
    axes = [np.arange(1.0, n + 1.0) for n in table.shape]
    if domain is not None and len(domain.args) == 2 and all(is_list(a) for a in domain.args):
        for k, spec in enumerate(domain.args):
            lo, hi = (float_value(ev.evaluate(Expr(S.N, a))) for a in spec.args[:2])
            if lo is not None and hi is not None:
                axes[k] = np.linspace(lo, hi, table.shape[k])
    return grid_function(axes[0], axes[1], table, min(3, min(table.shape) - 1))


# ---------------------------------------------------------------------------- NDSolve

def _initial_condition(ev, e, unknowns):
    """(unknown, derivative order, point, value) of y[t0] == v or y'[t0] == v with numbers;
    None when the equation is not one."""
    found = initial_condition(e, unknowns)
    if found is None:
        return None
    head, k, point, value = found
    point = float_value(ev.evaluate(Expr(S.N, point)))
    value = _complex_or_float(ev.evaluate(Expr(S.N, value)))
    if point is None or value is None:
        return None
    return head, k, point, float(np.real(value))


def _ode_system(ev, t: Translation, eqs, unknowns, var):
    """The equations as a first-order system: (state (function, order) pairs, compiled
    right-hand side, initial values, initial time, functions); None when they are not a
    system of ordinary differential equations with initial conditions."""
    from wlnet.builtins._sympy_bridge import contains
    sp = t.sp
    items = eqs.args if type(eqs) is Expr and eqs.head in (S.List, S.And) else (eqs,)
    odes, conditions = [], []
    for e in items:
        if not (type(e) is Expr and e.head is S.Equal and len(e.args) == 2):
            return None
        if contains(e, var):
            odes.append(sp.Eq(t.to(e.args[0]), t.to(e.args[1]), evaluate=False))
        else:
            condition = _initial_condition(ev, e, unknowns)
            if condition is None:
                return None
            conditions.append(condition)
    x = t.to(var)
    functions = [t.to(Expr(u, var)) for u in unknowns]
    orders = {}
    for f in functions:
        orders[f] = max([d.derivative_count for e in odes for d in e.atoms(sp.Derivative)
                         if d.expr == f] or [0])
    if any(orders[f] == 0 for f in functions) or t._opaque:
        return None
    highest = [sp.Derivative(f, (x, orders[f])) for f in functions]
    solved = sp.solve(odes, highest, dict=True)
    if not solved:
        return None
    solved = solved[0]
    state = [(f, k) for f in functions for k in range(orders[f])]
    symbols = [sp.Symbol(f"s{i}") for i in range(len(state))]
    # the highest derivatives replaced first, so that lower ones inside them are not
    replace = sorted(((sp.Derivative(f, (x, k)) if k else f, s)
                      for (f, k), s in zip(state, symbols)),
                     key=lambda pair: -pair[0].derivative_count
                     if isinstance(pair[0], sp.Derivative) else 0)
    rhs = []
    for (f, k), s in zip(state, symbols):
        if k + 1 < orders[f]:
            rhs.append(symbols[state.index((f, k + 1))])
            continue
        expr = solved.get(highest[functions.index(f)])
        if expr is None:
            return None
        for key, symbol in replace:
            expr = expr.subs(key, symbol)
        if any(type(a) not in t._back or t._back[type(a)] in unknowns
               for a in expr.atoms(t.AppliedUndef)):
            return None             # an unknown left in a right-hand side
        rhs.append(expr)
    initial, t0 = {}, None
    for head, k, point, value in conditions:
        f = functions[unknowns.index(head)]
        if (f, k) not in state or (t0 is not None and abs(point - t0) > 1e-14):
            return None
        initial[(f, k)], t0 = value, point
    if t0 is None or set(initial) != set(state):
        return None
    boxes = _black_boxes(ev, t, rhs)
    compiled = sp.lambdify([x, *symbols], rhs, modules=[boxes, *_NUMERIC_MODULES])
    compiled.black_boxes = bool(boxes)
    y0 = np.array([initial[s] for s in state])
    return state, compiled, y0, t0, functions


def _black_boxes(ev, t: Translation, rhs) -> dict:
    """The user's functions left in the right-hand sides (f[y[t], w[t]] with
    f[a_?NumericQ, b_?NumericQ] := net[{a, b}]): each called back in the evaluator with
    the state's numbers, as WL's NDSolve calls a function it cannot see into."""
    def caller(head):
        def call(*args):
            value = ev.evaluate(Expr(S.N, Expr(head, *(Real(float(a)) for a in args))))
            number = _complex_or_float(value)
            if number is None:
                raise NotNumeric(value)
            return number
        return call
    found = {type(a) for e in rhs for a in getattr(e, "atoms", lambda _: ())(t.AppliedUndef)}
    return {f.__name__: caller(t._back[f]) for f in found}


def _dense_times(steps: np.ndarray) -> np.ndarray:
    """The solver's steps, each cut in eight, and at least 400 points in all: the Hermite
    pieces between them are then as accurate as the integration (about 1e-9)."""
    if len(steps) < 2:
        return steps
    per_step = max(8, -(-400 // (len(steps) - 1)))
    fractions = np.arange(per_step) / per_step
    inner = (steps[:-1, None] + np.diff(steps)[:, None] * fractions[None, :]).reshape(-1)
    return np.concatenate([inner, steps[-1:]])


def _first_derivative_of(lhs, heads, var):
    """The unknown h of h'[var] (Derivative[1][h][var]), else None."""
    if type(lhs) is Expr and lhs.args == (var,) and type(lhs.head) is Expr \
            and type(lhs.head.head) is Expr and lhs.head.head.head is S.Derivative \
            and lhs.head.head.args == (Integer(1),) and len(lhs.head.args) == 1 \
            and lhs.head.args[0] in heads:
        return lhs.head.args[0]
    return None


def _vector_system(ev, eqs, heads, var):
    """First-order equations h'[t] == rhs with vector initial values (z[0] == {2., 0.}):
    (derivative function, initial state, initial time, (head, slice, vector?) per
    unknown), the right-hand sides evaluated with the unknowns' numbers at each step; None
    when the equations are not of that form or no initial value is a vector."""
    items = eqs.args if type(eqs) is Expr and eqs.head in (S.List, S.And) else (eqs,)
    rhs, initial = {}, {}
    for e in items:
        if not (type(e) is Expr and e.head is S.Equal and len(e.args) == 2):
            return None
        lhs, right = e.args
        h = _first_derivative_of(lhs, heads, var)
        if h is not None and h not in rhs:
            rhs[h] = right
            continue
        if type(lhs) is Expr and lhs.head in heads and len(lhs.args) == 1 \
                and lhs.head not in initial:
            point = float_value(ev.evaluate(Expr(S.N, lhs.args[0])))
            value = packed_array(to_packed(ev.evaluate(Expr(S.N, right)), coerce=True))
            if value is None:
                value = float_value(ev.evaluate(Expr(S.N, right)))
            if point is None or value is None or np.ndim(value) > 1:
                return None
            initial[lhs.head] = (point, np.asarray(value, float))
            continue
        return None
    if set(rhs) != set(heads) or set(initial) != set(heads) \
            or not any(v.ndim for _, v in initial.values()) \
            or len({p for p, _ in initial.values()}) != 1:
        return None
    layout, start = [], 0
    for h in heads:
        size = initial[h][1].size
        layout.append((h, slice(start, start + size), initial[h][1].ndim == 1))
        start += size
    y0 = np.concatenate([initial[h][1].reshape(-1) for h in heads])
    t0 = next(iter(initial.values()))[0]
    right = Expr(S.List, *(rhs[h] for h in heads))

    def derivative(time, y):
        rules = [Expr(S.Rule, var, Real(float(time)))]
        for h, part, vector in layout:
            value = list_from_array(y[part]) if vector else Real(float(y[part][0]))
            rules.append(Expr(S.Rule, Expr(h, var), value))
        out = ev.evaluate(Expr(S.N, Expr(S.ReplaceAll, right, Expr(S.List, *rules))))
        arr = packed_array(to_packed(ev.evaluate(Expr(S.Flatten, out)), coerce=True))
        if arr is None or arr.dtype.kind not in "if" or arr.size != len(y):
            raise NotNumeric(out)
        return arr.astype(float).reshape(-1)

    return derivative, y0, t0, layout


# NDSolve's Method names -> SciPy's integrators (Automatic: DOP853, an explicit Runge-Kutta
# method of order 8, as WL's default for non-stiff systems is)
_ODE_METHODS = {"Automatic": "DOP853", "ExplicitRungeKutta": "DOP853",
                "ImplicitRungeKutta": "Radau", "BDF": "BDF", "Adams": "LSODA",
                "StiffnessSwitching": "LSODA", "LSODA": "LSODA"}


def _ndsolve(ev, eqs, unknown, spec, rest, head):
    if not (is_list(spec) and len(spec.args) == 3 and type(spec.args[0]) is Symbol):
        ev.message(head, "ndode", eqs)
        return None
    var = spec.args[0]
    options = SearchOptions.read(ev, Expr(head, eqs, unknown, spec, *rest), rest, [var],
                                 NDSOLVE_OPTIONS, tuple(_ODE_METHODS)[1:])
    if options is None:
        return None
    lo, hi = (float_value(ev.evaluate(Expr(S.N, a))) for a in spec.args[1:])
    unknowns = list(unknown.args) if is_list(unknown) else [unknown]
    heads = [u.head if type(u) is Expr else u for u in unknowns]
    if lo is None or hi is None or not all(type(h) is Symbol for h in heads):
        ev.message(head, "ndode", eqs)
        return None
    evaluated = ev.evaluate(eqs)
    # the functions differentiated in the equations but not asked for are unknowns too
    # (NDSolveValue[{x' == y, y' == -x, …}, x, …] solves for both and gives x)
    asked = len(unknowns)
    for h in _differentiated_heads(evaluated, var):
        if h not in heads:
            heads.append(h)
            unknowns.append(h)
    vector = _vector_system(ev, evaluated, heads, var)
    if vector is not None:
        derivative, y0, t0, layout = vector
        tol = (1e-8, 1e-8)              # evaluated right-hand sides: WL's 8-digit goals
    else:
        t = Translation()
        try:
            system = _ode_system(ev, t, evaluated, heads, var)
        except (Untranslatable, NotImplementedError, ValueError, TypeError):
            system = None
        if system is None:
            ev.message(head, "ndode", eqs)
            return None
        state, rhs, y0, t0, functions = system
        # a right-hand side of closed forms is smooth to the last digit: integrated well
        # past WL's 8-digit goals; a function called back (a net in Real32, an
        # interpolation) may be smooth only to 7 or 8 digits, and asking more of it
        # shrinks the steps to nothing: WL's own goals (PrecisionGoal and AccuracyGoal
        # 8) then
        tol = (1e-8, 1e-8) if getattr(rhs, "black_boxes", False) else (1e-10, 1e-12)

        def derivative(time, y):
            return np.asarray(rhs(time, *y), dtype=float).reshape(-1) * np.ones(len(y))

    precision, accuracy = options.goal("PrecisionGoal"), options.goal("AccuracyGoal")
    tol = (precision or tol[0], accuracy or tol[1])
    if options.evaluation_monitor is not None:
        plain_derivative = derivative

        def derivative(time, y):
            options.evaluated([time])
            return plain_derivative(time, y)
    pieces = []
    for end in (lo, hi):
        if end == t0:
            continue
        try:
            sol = _integrate(derivative, t0, end, y0, options, tol)
        except (ValueError, ZeroDivisionError, OverflowError, NotNumeric):
            ev.message(head, "ndnum", eqs)
            return None
        if sol.status == "steps":
            ev.message(head, "mxst", Integer(sol.steps), var, Real(end), Real(float(sol.t[-1])))
        elif sol.status == "failed":
            ev.message(head, "ndsz", Real(float(sol.t[-1])))
        times = _dense_times(sol.t)
        values = sol.sol(times) if sol.sol is not None else \
            np.reshape(np.asarray(y0, dtype=float), (-1, 1))
        if not np.all(np.isfinite(values)):
            ev.message(head, "ndnum", eqs)
            return None
        pieces.append((times, values))
    times = np.concatenate([p[0] for p in pieces]) if pieces else np.array([t0, t0 + 1e-12])
    values = np.concatenate([p[1] for p in pieces], axis=1) if pieces else \
        np.stack([y0, y0], axis=1)
    order = np.argsort(times, kind="stable")
    times, values = times[order], values[:, order]
    keep = np.concatenate([[True], np.diff(times) > 0])
    times, values = times[keep], values[:, keep]
    slopes = np.stack([derivative(tt, values[:, i]) for i, tt in enumerate(times)], axis=1)
    results = []
    if vector is not None:
        for u, (h, part, is_vector) in zip(unknowns, layout):
            ys, ds = (values[part].T, slopes[part].T) if is_vector else \
                (values[part][0], slopes[part][0])
            results.append((u, h, interpolating_function(times, ys, 3, ds)))
        return results[:asked]
    for u, h, f in zip(unknowns, heads, functions):
        i = state.index((f, 0))
        fn = interpolating_function(times, values[i], 3, slopes[i])
        results.append((u, h, fn))
    return results[:asked]


def _differentiated_heads(e, var) -> list:
    """The symbols f of the Derivative[n][f][var] in e, in the order met."""
    found, todo = [], [e]
    while todo:
        x = todo.pop()
        if type(x) is not Expr:
            continue
        head = x.head
        if (type(head) is Expr and type(head.head) is Expr and head.head.head is S.Derivative
                and len(head.args) == 1 and type(head.args[0]) is Symbol and x.args == (var,)):
            if head.args[0] not in found:
                found.append(head.args[0])
            continue
        todo.extend(reversed(x.args))
    return found


class _Integration:
    """An integration's steps: times ``t``, the dense solution ``sol``, how it ended
    (``status``: "finished", "failed" or "steps" when MaxSteps ran out)."""

    def __init__(self, t, sol, status, steps):
        self.t, self.sol, self.status, self.steps = t, sol, status, steps


def _integrate(derivative, t0, end, y0, options, tol):
    """Integrate from t0 to ``end`` step by step with SciPy's integrator for the Method,
    as solve_ivp does, but counting the steps against MaxSteps and telling StepMonitor."""
    from scipy import integrate
    method = _ODE_METHODS[options.method()]
    first = options.size("StartingStepSize", None)
    solver = getattr(integrate, method)(
        derivative, t0, y0, end, rtol=tol[0], atol=tol[1],
        max_step=options.size("MaxStepSize", np.inf),
        **({"first_step": min(first, abs(end - t0))} if first is not None else {}))
    most = options.count("MaxSteps", 10000)
    times, pieces, status = [t0], [], None
    while status is None:
        if len(pieces) >= most:
            status = "steps"
            break
        solver.step()
        if solver.status == "failed":
            status = "failed"
            break
        times.append(solver.t)
        pieces.append(solver.dense_output())
        options.stepped([solver.t])
        if solver.status == "finished":
            status = "finished"
    if not pieces:                            # failed at once: the start alone
        return _Integration(np.array([t0]), None, status, 0)
    return _Integration(np.array(times), integrate.OdeSolution(times, pieces), status,
                        len(pieces))


@builtin("NDSolve", argc=(3, None), attributes=_HOLD, messages=_MESSAGES,
         options=NDSOLVE_OPTIONS,
         usage="NDSolve[{eqns, initial conditions}, y, {x, xmin, xmax}] integrates ordinary "
               "differential equations numerically: {{y -> InterpolatingFunction[…]}} "
               "(for y[x] as the unknown: y[x] -> InterpolatingFunction[…][x]).",
         examples=(("(y /. First[NDSolve[{y'[x] == y[x], y[0] == 1}, y, {x, 0, 1}]])[1]",
                    "2.718281828459045"),))
def ndsolve(ev, eqs, unknown, spec, *rest):
    found = _ndsolve(ev, eqs, unknown, spec, rest, S.NDSolve)
    if found is None:
        return None
    rules = []
    for u, h, fn in found:
        if type(u) is Expr:
            rules.append(Expr(S.Rule, u, Expr(fn, *u.args)))
        else:
            rules.append(Expr(S.Rule, h, fn))
    return Expr(S.List, Expr(S.List, *rules))


@builtin("NDSolveValue", argc=(3, None), attributes=_HOLD, messages=_MESSAGES,
         options=NDSOLVE_OPTIONS,
         usage="NDSolveValue[{eqns, initial conditions}, y, {x, xmin, xmax}] is the solution "
               "itself (an InterpolatingFunction), not a rule.",
         examples=(("NDSolveValue[{y''[x] == -y[x], y[0] == 0, y'[0] == 1}, y, "
                    "{x, 0, 2}][1.]", "0.8414709848078965"),))
def ndsolve_value(ev, eqs, unknown, spec, *rest):
    found = _ndsolve(ev, eqs, unknown, spec, rest, S.NDSolveValue)
    if found is None:
        return None
    values = [Expr(fn, *u.args) if type(u) is Expr else fn for u, _, fn in found]
    return values[0] if not is_list(unknown) else Expr(S.List, *values)


# ---------------------------------------------------------------------------- fitting

def _design(ev, data, basis, variables, head):
    """(design matrix, responses, basis functions) of Fit's data and basis."""
    numeric = to_packed(ev.evaluate(Expr(S.N, data)), coerce=True)
    arr = packed_array(numeric) if numeric is not None else None
    nvars = len(variables)
    if arr is None or len(arr) == 0 or (arr.ndim == 2 and arr.shape[1] != nvars + 1) \
            or arr.ndim > 2 or (arr.ndim == 1 and nvars != 1):
        ev.message(head, "data", data)
        return None
    arr = arr.astype(float)
    if arr.ndim == 1:
        xs, ys = np.arange(1.0, len(arr) + 1.0)[:, None], arr
    else:
        xs, ys = arr[:, :nvars], arr[:, nvars]
    columns = []
    for b in basis:
        g = NumericFunction(ev, b, variables)
        try:
            col = np.array([float(np.real(_scalar_nd(g, row))) for row in xs]) \
                if g.compiled is None else \
                np.broadcast_to(np.real(np.asarray(g(*xs.T), dtype=complex)), (len(xs),))
        except NotNumeric:
            ev.message(head, "fitm", b)
            return None
        columns.append(np.asarray(col, dtype=float))
    return np.stack(columns, axis=1), ys, xs


@builtin("Fit", argc=3, messages=_MESSAGES,
         usage="Fit[data, {f1, f2, …}, x] is the linear combination of the fi that fits the "
               "data best by least squares; data is {y1, y2, …} or {{x1, y1}, …} (several "
               "variables: {{x1, y1, z1}, …} with {x, y}).",
         examples=(("Fit[{{0, 1}, {1, 3}, {2, 5}}, {1, x}, x]", "1. + 2. x"),))
def fit(ev, data, funcs, var):
    basis = list(funcs.args) if is_list(funcs) else [funcs]
    variables = list(var.args) if is_list(var) else [var]
    found = _design(ev, data, basis, variables, S.Fit)
    if found is None:
        return None
    design, ys, _ = found
    coefficients, *_ = np.linalg.lstsq(design, ys, rcond=None)
    return ev.evaluate(Expr(S.Plus, *[Expr(S.Times, Real(float(c)), b)
                                      for c, b in zip(coefficients, basis)]))


def _fitted_model(kind, best_fit, parameters, names, ys, predicted, variables, n_params,
                  covariance=None, labels=None, weights=None, level=0.95,
                  gradient=None) -> Expr:
    """The FittedModel of a fit: ``covariance`` is (J^T W J)^-1 of the weighted problem;
    sums of squares are weighted by ``weights`` (None: all 1), as WL's Weights option
    weighs each point; ``level``: the confidence intervals' ConfidenceLevel;
    ``gradient``: the model's derivatives by its parameters at the best fit (expressions
    in the variables), from which the prediction bands are made."""
    residuals = ys - predicted
    w = np.ones_like(ys) if weights is None else weights
    ss_res = float(w @ residuals ** 2)
    mean = float(w @ ys / w.sum()) if w.sum() else float(ys.mean())
    ss_tot = float(w @ (ys - mean) ** 2)
    n = len(ys)
    dof = max(n - n_params, 1)
    fields = {
        "Kind": String(kind),
        "BestFit": best_fit,
        "BestFitParameters": Expr(S.List, *[Expr(S.Rule, k, Real(float(v)))
                                            for k, v in zip(names, parameters)])
        if names else list_from_array(np.asarray(parameters, float)),
        "RSquared": Real(1.0 - ss_res / ss_tot if ss_tot else 1.0),
        "AdjustedRSquared": Real(1.0 - (ss_res / dof) / (ss_tot / max(n - 1, 1))
                                 if ss_tot else 1.0),
        "FitResiduals": list_from_array(residuals),
        "PredictedResponse": list_from_array(predicted),
        "EstimatedVariance": Real(ss_res / dof),
        "Variables": Expr(S.List, *variables),
    }
    if covariance is not None:
        fields["CovarianceMatrix"] = list_from_array(covariance * (ss_res / dof))
        errors = np.sqrt(np.abs(np.diag(covariance * (ss_res / dof))))
        fields["ParameterErrors"] = list_from_array(errors)
        fields.update(_parameter_statistics(np.asarray(parameters, float), errors, dof,
                                            labels if labels is not None else names, level))
        if gradient is not None:        # hidden: what the prediction bands are made of
            fields.update({"$Gradient": Expr(S.List, *gradient), "$Level": Real(level),
                           "$DegreesOfFreedom": Integer(dof)})
    return Expr(FITTED_MODEL, Expr(S.Association, *[Expr(S.Rule, String(k), v)
                                                    for k, v in fields.items()]))


def _parameter_statistics(estimates, errors, dof: int, labels, level: float) -> dict:
    """t statistics, two-sided p-values and confidence intervals at ``level`` of the
    parameters (Student t with the residual degrees of freedom), and the table WL shows of
    them."""
    from scipy import stats
    with np.errstate(divide="ignore", invalid="ignore"):
        t_values = np.where(errors > 0, estimates / errors, np.inf)
    p_values = 2 * stats.t.sf(np.abs(t_values), dof)
    half = stats.t.ppf(0.5 + level / 2, dof) * errors
    intervals = np.stack([estimates - half, estimates + half], axis=1)
    header = Expr(S.List, String(""), String("Estimate"), String("Standard Error"),
                  String("t-Statistic"), String("P-Value"))
    rows = [Expr(S.List, label, *[Real(float(v)) for v in row])
            for label, row in zip(labels, zip(estimates, errors, t_values, p_values))]
    return {"ParameterTStatistics": list_from_array(t_values),
            "ParameterPValues": list_from_array(p_values),
            "ParameterConfidenceIntervals": list_from_array(intervals),
            "ParameterTable": Expr(Symbol("Grid"), Expr(S.List, header, *rows),
                                   Expr(S.Rule, Symbol("Alignment"), Symbol("Left")))}


@builtin("LinearModelFit", argc=(3, None), messages=_MESSAGES,
         usage="LinearModelFit[data, {f1, f2, …}, x] fits a linear model (a constant term "
               "added unless IncludeConstantBasis -> False): a FittedModel; fm[x0] evaluates "
               "it, fm[\"BestFit\"], fm[\"BestFitParameters\"], fm[\"RSquared\"] are some of "
               "its properties.",
         examples=(("LinearModelFit[{{0, 1}, {1, 3}, {2, 5}}, x, x][\"BestFit\"]",
                    "1. + 2. x"),))
def linear_model_fit(ev, data, funcs, var, *rest):
    variables = list(var.args) if is_list(var) else [var]
    known = {"IncludeConstantBasis": Symbol("True"), "Weights": S.Automatic,
             "ConfidenceLevel": Real(0.95)}
    options = SearchOptions.read(ev, Expr(S.LinearModelFit, data, funcs, var, *rest), rest,
                                 variables, known, ())
    if options is None:
        return None
    basis = list(funcs.args) if is_list(funcs) else [funcs]
    if ev.evaluate(options.opts["IncludeConstantBasis"]) == Symbol("True") \
            and Integer(1) not in basis:
        basis = [Integer(1)] + basis
    found = _design(ev, data, basis, variables, S.LinearModelFit)
    if found is None:
        return None
    design, ys, _ = found
    weights, level = options.weights(len(ys)), options.confidence_level()
    if weights is False or level is None:
        return None
    root = np.sqrt(weights) if weights is not None else np.ones_like(ys)
    coefficients, *_ = np.linalg.lstsq(design * root[:, None], ys * root, rcond=None)
    best_fit = ev.evaluate(Expr(S.Plus, *[Expr(S.Times, Real(float(c)), b)
                                          for c, b in zip(coefficients, basis)]))
    weighted = design * root[:, None]
    covariance = np.linalg.pinv(weighted.T @ weighted)
    return _fitted_model("Linear", best_fit, coefficients, None, ys, design @ coefficients,
                         variables, len(basis), covariance, labels=basis, weights=weights,
                         level=level, gradient=basis)


@builtin("NonlinearModelFit", argc=(4, None), messages=_MESSAGES,
         usage="NonlinearModelFit[data, form, {a, b, …}, x] fits the parameters of a "
               "nonlinear form by least squares (starts: {{a, a0}, …}, default 1): a "
               "FittedModel.",
         examples=(("Normal[NonlinearModelFit[Table[{x, 2 Exp[0.5 x]}, {x, 0, 3}], "
                    "a Exp[b x], {a, b}, x]] // Chop", "2. E^(0.5 x)"),))
def nonlinear_model_fit(ev, data, form, params, var, *rest):
    return _fit_nonlinear(ev, S.NonlinearModelFit, data, form, params, var, rest)


@builtin("FindFit", argc=(4, None), messages=_MESSAGES,
         usage="FindFit[data, form, {a, b, …}, x] gives the parameters {a -> a1, …} that fit "
               "form to data by least squares (starts: {{a, a0}, …}, default 1).",
         examples=(("FindFit[Table[{x, 3 x^2 + 1}, {x, 0, 4}], a x^2 + b, {a, b}, x] // Chop",
                    "{a -> 3., b -> 1.}"),))
def find_fit(ev, data, form, params, var, *rest):
    model = _fit_nonlinear(ev, S.FindFit, data, form, params, var, rest)
    fields = None if model is None else _model_fields(model)
    return None if fields is None else fields["BestFitParameters"]


def _fit_nonlinear(ev, sym, data, form, params, var, rest):
    """The FittedModel of a least-squares fit of form's parameters to data (messages as
    ``sym``'s), or None after a message.  Options as FindFit's and NonlinearModelFit's:
    Weights, the search's (MaxIterations, goals, monitors, Method), and NormFunction (a
    norm other than Norm: its value minimized instead of the sum of squares)."""
    from scipy import optimize
    items = params.args if is_list(params) else (params,)
    names, starts = [], []
    for p in items:
        if is_list(p) and len(p.args) == 2 and type(p.args[0]) is Symbol:
            v = float_value(ev.evaluate(Expr(S.N, p.args[1])))
            names.append(p.args[0])
            starts.append(1.0 if v is None else v)
        elif type(p) is Symbol:
            names.append(p)
            starts.append(1.0)
        else:
            ev.message(sym, "ivar", p)
            return None
    variables = list(var.args) if is_list(var) else [var]
    numeric = to_packed(ev.evaluate(Expr(S.N, data)), coerce=True)
    arr = packed_array(numeric) if numeric is not None else None
    if arr is not None and arr.ndim == 1 and len(variables) == 1 and arr.dtype.kind != "c":
        # {y1, y2, …} are the values at x = 1, 2, …, as LinearModelFit reads them
        arr = np.column_stack([np.arange(1.0, len(arr) + 1.0), arr.astype(float)])
    if arr is None or arr.ndim != 2 or arr.shape[1] != len(variables) + 1:
        ev.message(sym, "data", data)
        return None
    xs, ys = arr[:, :-1].astype(float), arr[:, -1].astype(float)
    known = MODEL_FIT_OPTIONS if sym is S.NonlinearModelFit else FIND_FIT_OPTIONS
    options = SearchOptions.read(ev, Expr(sym, data, form, params, var, *rest), rest, names,
                                 known, ("LevenbergMarquardt", *_FIT_METHODS))
    if options is None:
        return None
    weights = options.weights(len(ys))
    level = options.confidence_level() if "ConfidenceLevel" in known else 0.95
    if weights is False or level is None:
        return None
    root = np.sqrt(weights) if weights is not None else np.ones_like(ys)
    model = NumericFunction(ev, form, variables + names)

    def residuals(p):
        options.evaluated(p)
        values = model(*xs.T, *p) if model.compiled is not None else np.array(
            [float(np.real(_scalar_nd(model, [*row, *p]))) for row in xs])
        return np.real(np.broadcast_to(np.asarray(values), ys.shape)) - ys

    try:
        best, jac = _least_residuals(ev, residuals, root, np.array(starts), options)
    except (NotNumeric, ValueError):
        ev.message(sym, "fitm", form)
        return None
    rules = Expr(S.List, *[Expr(S.Rule, n, Real(float(v))) for n, v in zip(names, best)])
    best_fit = ev.evaluate(Expr(S.ReplaceAll, form, rules))
    covariance = np.linalg.pinv(jac.T @ jac)
    gradient = [ev.evaluate(Expr(S.ReplaceAll, Expr(Symbol("D"), form, n), rules))
                for n in names]
    return _fitted_model("Nonlinear", best_fit, best, names, ys, residuals(best) + ys,
                         variables, len(names), covariance, weights=weights, level=level,
                         gradient=gradient)


# FindFit's methods other than Levenberg-Marquardt: SciPy's minimizers of the norm
_FIT_METHODS = {"ConjugateGradient": "CG", "QuasiNewton": "BFGS", "NelderMead": "Nelder-Mead",
                "PrincipalAxis": "Powell"}


def _least_residuals(ev, residuals, root, start, options):
    """(parameters, Jacobian of the weighted residuals there) that make the weighted
    residuals least: Levenberg-Marquardt on their squares, or the minimum of NormFunction's
    value of them when it is not Norm."""
    from scipy import optimize
    norm = options.opts.get("NormFunction", S.Norm)
    iterations = options.max_iterations(100)
    tolerance = options.tolerance(1e-8)
    function = ev.evaluate(norm)
    method = options.method()
    if function is S.Norm and method in ("Automatic", "LevenbergMarquardt"):
        result = optimize.least_squares(
            lambda p: residuals(p) * root, start, method="lm", xtol=tolerance,
            ftol=tolerance, max_nfev=iterations * (len(start) + 1) * 10)
        options.stepped(result.x)
        return result.x, result.jac

    def size(p):
        weighted = residuals(p) * root
        if function is S.Norm:
            return float(weighted @ weighted)
        value = float_value(ev.apply(function, list_from_array(weighted)))
        if value is None:
            raise NotNumeric(function)
        return value

    # a norm other than Norm need not be smooth (Norm[#, 1] &): Nelder-Mead by default
    scipy_method = _FIT_METHODS.get(method, "Nelder-Mead")
    limits = {"maxiter": iterations * 20}
    if scipy_method == "Nelder-Mead":
        limits.update(xatol=tolerance, fatol=tolerance)
    result = optimize.minimize(size, start, method=scipy_method,
                               callback=lambda p, *_: options.stepped(p), options=limits)
    return result.x, optimize.approx_fprime(result.x, lambda p: residuals(p) * root)


def _model_fields(fm) -> dict | None:
    if not (type(fm) is Expr and len(fm.args) == 1 and type(fm.args[0]) is Expr
            and fm.args[0].head is S.Association):
        return None
    return {r.args[0].value: r.args[1] for r in fm.args[0].args}


@builtin_subvalue("FittedModel")
def _apply_fitted_model(ev, fm, *args):
    fields = _model_fields(fm)
    if fields is None or len(args) == 0:
        return None
    if type(args[0]) is String and args[0].value in _BANDS:
        return _prediction_bands(ev, fields, args[0].value, args[1:])
    if len(args) == 1 and type(args[0]) is String:
        value = fields.get(args[0].value)
        if value is None and args[0].value == "Properties":
            return Expr(S.List, *[String(k) for k in fields if k != "Kind" and k[0] != "$"]
                        + ([String(b) for b in _BANDS] if "$Gradient" in fields else []))
        return None if args[0].value.startswith("$") else value
    variables = fields["Variables"].args
    if len(args) != len(variables):
        return None
    bindings = Expr(S.List, *[Expr(S.Rule, v, a) for v, a in zip(variables, args)])
    return ev.evaluate(Expr(S.ReplaceAll, fields["BestFit"], bindings))


# the bands of a fit's predictions: of its mean (the fit's own uncertainty) and of a single
# new observation (that and the noise's variance)
_BANDS = ("MeanPredictionBands", "SinglePredictionBands")


def _prediction_bands(ev, fields, name: str, options):
    """fm["MeanPredictionBands"] or fm["SinglePredictionBands"] (ConfidenceLevel -> c may
    follow): {lower, upper}, expressions in the variables, the fit -+ the Student-t
    quantile times the standard error g . C . g of the prediction (g the gradient of the
    model by its parameters, C their covariance), the noise's variance added for a single
    observation."""
    if "$Gradient" not in fields:
        return None
    level = float_value(fields["$Level"])
    for option in options:
        if not (is_rule(option) and option.args[0] == Symbol("ConfidenceLevel")):
            return None
        level = float_value(ev.evaluate(Expr(S.N, option.args[1])))
        if level is None or not 0 < level < 1:
            return None
    from scipy import stats
    t = stats.t.ppf(0.5 + level / 2, fields["$DegreesOfFreedom"].value)
    gradient = fields["$Gradient"].args
    covariance = packed_array(to_packed(fields["CovarianceMatrix"], coerce=True))
    terms = [Expr(S.Times, Real(float(covariance[j, k] * (1 if j == k else 2))), gradient[j],
                  gradient[k])
             for j in range(len(gradient)) for k in range(j, len(gradient))
             if covariance[j, k] != 0]
    if name == "SinglePredictionBands":
        terms.append(fields["EstimatedVariance"])
    half = Expr(S.Times, Real(float(t)), Expr(S.Sqrt, Expr(S.Plus, *terms)))
    fit = fields["BestFit"]
    return ev.evaluate(Expr(S.List, Expr(S.Plus, fit, Expr(S.Times, Integer(-1), half)),
                            Expr(S.Plus, fit, half)))


@builtin_upvalue("Normal", "FittedModel")
def _normal_fitted_model(ev, fm, *rest):
    fields = _model_fields(fm)
    return None if fields is None else fields["BestFit"]


def _fitted_model_text(fm) -> str | None:
    from wlnet.syntax.printer import output_form
    fields = _model_fields(fm)
    return None if fields is None else f"FittedModel[{output_form(fields['BestFit'])}]"


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("InterpolatingFunction", _interpolating_text)
register_output_format("FittedModel", _fitted_model_text)


# ============================================================================ FindPeaks

def _find_peaks_parameters(ev, extra):
    """σ, s, t of FindPeaks[list, σ, s, t] as floats (defaults 0, 0, -∞); None if one is not
    a real number (Infinity allowed for t)."""
    values = []
    for i, a in enumerate(extra):
        if i == 2 and a == Expr(S.DirectedInfinity, Integer(-1)):
            values.append(-math.inf)
            continue
        v = float_value(ev.evaluate(Expr(S.N, a)))
        if v is None or (i < 2 and v < 0):
            return None
        values.append(v)
    return values + [0.0, 0.0, -math.inf][len(values):]


@builtin("FindPeaks", argc=(1, 4), attributes=("Protected",),
         usage="FindPeaks[list] gives the {position, value} pairs of the local maxima of list; "
               "FindPeaks[list, σ] of list smoothed by a Gaussian of scale σ, FindPeaks[list, "
               "σ, s] only peaks of sharpness at least s, FindPeaks[list, σ, s, t] only peaks "
               "whose value exceeds t.  The ends are peaks when they exceed their mirror image.",
         examples=(("FindPeaks[{1, 3, 2, 5, 4}]", "{{2, 3}, {4, 5}}"),
                   ("FindPeaks[{1, 3, 2, 5, 4}, 0, 0, 4]", "{{4, 5}}")))
def find_peaks(ev, data, *extra):
    from scipy import ndimage
    if not is_list(data) or not data.args:
        return None
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, data)), coerce=True))
    params = _find_peaks_parameters(ev, extra)
    if arr is None or arr.ndim != 1 or arr.dtype.kind not in "iuf" or params is None:
        return None
    sigma, sharpness, threshold = params
    values = arr.astype(float)
    smooth = ndimage.gaussian_filter1d(values, sigma, mode="mirror") if sigma > 0 else values
    padded = np.pad(smooth, 1, mode="reflect")          # x[-1] = x[1], as WL pads
    left, middle, right = padded[:-2], padded[1:-1], padded[2:]
    # the first point of a plateau counts; its sharpness is the negative second difference
    peak = (middle > left) & (middle >= right) & (2 * middle - left - right >= sharpness)
    peak &= values > threshold
    items = data.args
    return Expr.from_args(S.List, (Expr(S.List, Integer(int(i) + 1), items[i])
                                   for i in np.flatnonzero(peak)))
