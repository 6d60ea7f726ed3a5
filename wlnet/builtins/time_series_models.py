"""Fitting and forecasting linear time-series processes: ``TimeSeriesModelFit`` (the AR,
MA, ARMA and ARIMA families, or an automatic choice among them by AIC),
``TimeSeriesForecast`` of a process or a fitted model, and ``SARIMAProcess`` (sampled by
RandomFunction, forecast like the others).

Every process here is one linear recursion Φ(B) x[t] = c + Θ(B) ε[t], ε ~ N(0, v), with
Φ the product of the AR polynomials and the differencing (1 - B)^d (1 - B^s)^D; its
residuals, forecasts and forecast errors are scipy filters over whole arrays (lfilter with
the state lfiltic reads from the data), so no step runs in Python.

Fitting minimises the conditional sum of squares (the first max-lag values condition the
rest): ordinary least squares for pure AR, scipy's least_squares for models with an MA
part.  The model chosen is the one of least AIC = n Log[v] + 2 k (k the number of
estimated parameters, the constant and the variance among them).  Each fitted process has
its constant: ARProcess[c, {a1, …}, v] (WL's form with a constant).
"""

from __future__ import annotations

import datetime as _dt
import itertools

import numpy as np
from scipy.optimize import least_squares
from scipy.signal import lfilter, lfiltic

from wlnet.builtins._listutil import float_value, is_list, mklist
from wlnet.builtins.dates import _EPOCH_1900, _absolute, _add_months
from wlnet.builtins.time_series import _time_of, read_series, series_expr
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array
from wlnet.core.registry import builtin, builtin_subvalue, read_options

MODEL = Symbol("TimeSeriesModel")
_FIT = Symbol("TimeSeriesModelFit")
_FORECAST = Symbol("TimeSeriesForecast")
_MESSAGES = {
    "data": "`1` is not a list of numbers, of time-value pairs, or a TimeSeries of numbers "
            "with at least `2` values.",
    "fam": "`1` is not a model specification: Automatic, \"AR\", \"MA\", \"ARMA\", "
           "\"ARIMA\", or {family, orders} with orders as the family takes them.",
    "short": "`1` values are too few to fit a model with `2` parameters.",
}
_FORECAST_MESSAGES = {
    "proc": "`1` is not a time-series process with numeric parameters (ARProcess, "
            "MAProcess, ARMAProcess, ARIMAProcess, SARIMAProcess) or a TimeSeriesModel.",
    "steps": "`1` is not a forecast specification: k, {kmax}, {kmin, kmax} or {{k1, k2, …}} "
             "with positive whole numbers of steps.",
}
_SARIMA_MESSAGES = {
    "args": "SARIMAProcess[{a1, …}, d, {b1, …}, {s, {α1, …}, sd, {β1, …}}, v] (a constant "
            "may come first) expects numeric coefficients, whole d, sd >= 0, s >= 1 and "
            "v > 0; `1` is not of that form.",
}
_PROPERTIES = ("BestFit", "BestFitParameters", "ErrorVariance", "FitResiduals",
               "PredictionLimits",
               "StandardizedResiduals", "TemporalData", "CandidateModels",
               "CandidateModelSelectionValues", "ModelFamily", "AIC", "AICc", "BIC",
               "Properties")
# the orders tried when a family's orders are not given (Automatic)
_MAX_AUTO_ORDER = 3
_MAX_AUTO_AR = 6


# ---------------------------------------------------------------------------- the linear process

def _poly_product(*polys) -> np.ndarray:
    out = np.array([1.0])
    for p in polys:
        out = np.convolve(out, p)
    return out


def _ar_poly(coeffs, lag: int = 1) -> np.ndarray:
    """1 - a1 B^lag - a2 B^(2 lag) - …"""
    poly = np.zeros(lag * len(coeffs) + 1)
    poly[0] = 1.0
    for i, a in enumerate(coeffs, 1):
        poly[i * lag] = -a
    return poly


def _ma_poly(coeffs, lag: int = 1) -> np.ndarray:
    """1 + b1 B^lag + …"""
    return -_ar_poly(coeffs, lag) + 2 * np.eye(1, lag * len(coeffs) + 1)[0]


def _difference_poly(d: int, lag: int = 1) -> np.ndarray:
    step = np.zeros(lag + 1)
    step[0], step[-1] = 1.0, -1.0
    return _poly_product(*[step] * d)


class Linear:
    """Φ(B) x[t] = c + Θ(B) ε[t]: ``phi`` and ``theta`` are polynomial coefficients from
    B^0 (both start with 1), ``c`` the constant, ``v`` the noise variance."""

    def __init__(self, phi: np.ndarray, theta: np.ndarray, c: float, v: float):
        self.phi, self.theta, self.c, self.v = phi, theta, c, v

    def drift(self) -> float:
        """The constant as an input to the Θ filter (Θ(1) w == c)."""
        return self.c / self.theta.sum() if self.c else 0.0

    def residuals(self, x: np.ndarray) -> np.ndarray:
        """ε[t] for t past the first len(Φ) - 1 values, which condition the rest."""
        start = len(self.phi) - 1
        e = lfilter(self.phi, self.theta, x) - self.drift()
        return e[start:]

    def forecast(self, x: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
        """(the forecasts 1..steps ahead of the data x, their mean squared errors)."""
        w = lfilter(self.phi, self.theta, x)           # the filter's input that gives x
        state = lfiltic(self.theta, self.phi, x[::-1], w[::-1])
        future = np.full(steps, self.drift())
        values, _ = lfilter(self.theta, self.phi, future, zi=state)
        impulse = np.zeros(steps)
        impulse[0] = 1.0
        psi = lfilter(self.theta, self.phi, impulse)
        return values, self.v * np.cumsum(psi ** 2)


# ---------------------------------------------------------------------------- reading processes

def _reals(e) -> list | None:
    if not is_list(e):
        return None
    out = [float_value(a) for a in e.args]
    return None if any(v is None for v in out) else out


def _whole(e) -> int | None:
    return e.value if type(e) is Integer and e.value >= 0 else None


def read_process(proc) -> Linear | None:
    """The linear recursion of an AR/MA/ARMA/ARIMA/SARIMA process with numeric
    parameters, or None."""
    if type(proc) is not Expr or type(proc.head) is not Symbol:
        return None
    name, args = proc.head.name, list(proc.args)
    shapes = {"ARProcess": 2, "MAProcess": 2, "ARMAProcess": 3, "ARIMAProcess": 4,
              "SARIMAProcess": 5}
    if name not in shapes or len(args) not in (shapes[name], shapes[name] + 1):
        return None
    c = float_value(args.pop(0)) if len(args) == shapes[name] + 1 else 0.0
    v = float_value(args[-1])
    if c is None or v is None or v <= 0:
        return None
    if name == "ARProcess":
        ar, ma, d, seasonal = _reals(args[0]), [], 0, None
    elif name == "MAProcess":
        ar, ma, d, seasonal = [], _reals(args[0]), 0, None
    elif name == "ARMAProcess":
        ar, ma, d, seasonal = _reals(args[0]), _reals(args[1]), 0, None
    elif name == "ARIMAProcess":
        ar, d, ma, seasonal = _reals(args[0]), _whole(args[1]), _reals(args[2]), None
    else:
        ar, d, ma = _reals(args[0]), _whole(args[1]), _reals(args[2])
        seasonal = _seasonal(args[3])
        if seasonal is None:
            return None
    if ar is None or ma is None or d is None:
        return None
    phi, theta = _ar_poly(ar), _ma_poly(ma)
    phi = _poly_product(phi, _difference_poly(d))
    if seasonal is not None:
        s, sar, sd, sma = seasonal
        phi = _poly_product(phi, _ar_poly(sar, s), _difference_poly(sd, s))
        theta = _poly_product(theta, _ma_poly(sma, s))
    return Linear(phi, theta, c, v)


def _seasonal(spec):
    """(s, seasonal AR, sd, seasonal MA) of {s, {α…}, sd, {β…}}, or None."""
    if not is_list(spec) or len(spec.args) != 4:
        return None
    s, sar, sd, sma = spec.args
    s, sd, sar, sma = _whole(s), _whole(sd), _reals(sar), _reals(sma)
    if s is None or s < 1 or sd is None or sar is None or sma is None:
        return None
    return s, sar, sd, sma


@builtin("SARIMAProcess", argc=(5, 6), messages=_SARIMA_MESSAGES,
         attributes=("Protected", "ReadProtected"),
         usage="SARIMAProcess[{a1, …}, d, {b1, …}, {s, {α1, …}, sd, {β1, …}}, v] is the "
               "seasonal ARIMA process: AR and MA coefficients, differencing d, and their "
               "seasonal counterparts at lag s, noise variance v; a first argument c adds a "
               "constant.",
         examples=(('RandomFunction[SARIMAProcess[{}, 0, {}, {2, {}, 1, {}}, 1], {0, 5}]'
                    '["PathLength"]', "6"),))
def sarima_process(ev, *args):
    """Inert; numeric arguments that are not of the form are a message."""
    call = Expr(Symbol("SARIMAProcess"), *args)
    if read_process(call) is None and all(_numbers_only(a) for a in args):
        ev.message(Symbol("SARIMAProcess"), "args", call)
    return None


def _numbers_only(e) -> bool:
    """Whether e is a number or lists of numbers (symbolic parameters are the user's)."""
    if is_list(e):
        return all(_numbers_only(a) for a in e.args)
    return float_value(e) is not None


class LinearSampler:
    """RandomFunction's sampler of a linear process: the filter of Gaussian noise from
    zero initial values (a burn-in first when the process is stationary)."""

    discrete = True

    def __init__(self, process: Linear):
        self.process = process

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        p = self.process
        stationary = np.all(np.abs(np.roots(p.phi)) > 1) if len(p.phi) > 1 else True
        burn = 500 if stationary else 0
        noise = rng.standard_normal((n, len(times) + burn)) * np.sqrt(p.v) + p.drift()
        return lfilter(p.theta, p.phi, noise, axis=1)[:, burn:]


def sarima_sampler(proc):
    """RandomFunction's sampler of a SARIMAProcess, or None."""
    if type(proc) is not Expr or proc.head != Symbol("SARIMAProcess"):
        return None
    process = read_process(proc)
    return None if process is None else LinearSampler(process)


# ---------------------------------------------------------------------------- data

def _read_data(ev, data):
    """(times, values, series) of numeric data as a TimeSeries reads it (dated data's
    times in AbsoluteTime seconds), or None."""
    series = read_series(data) if type(data) is Expr and data.head == Symbol("TimeSeries") \
        else read_series(ev.evaluate(Expr(Symbol("TimeSeries"), data)))
    if series is None:
        return None
    values = packed_array(series.values)
    if values is None:
        values = [float_value(a) for a in series.values.args]
        if any(v is None for v in values):
            return None
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or not np.all(np.isfinite(values)):
        return None
    return np.asarray(series.times, dtype=np.float64), values, series


def _future_times(series, steps) -> np.ndarray:
    """The times k steps past the end of the data for each k of steps, a step being the
    data's last spacing (counted in calendar months for monthly and yearly dates)."""
    times, steps = series.times, np.asarray(steps, dtype=np.float64)
    if len(times) < 2:
        return times[-1] + steps * (86400.0 if series.date_length else 1.0)
    if series.date_length in (1, 2):
        last, before = (_EPOCH_1900 + _dt.timedelta(seconds=float(t)) for t in times[-1:-3:-1])
        months = (last.year - before.year) * 12 + last.month - before.month
        return np.array([_absolute(_add_months(last, int(k) * months)) for k in steps])
    return times[-1] + steps * (times[-1] - times[-2])


def _steps_to(series, key) -> int | None:
    """How many steps past the end of the data the time key (a number, or a date for
    dated data) is; None when it is no step of the data's spacing."""
    found = _time_of(key)
    if found is None or (found[1] > 0) != bool(series.date_length):
        return None
    t, times = found[0], series.times
    spacing = times[-1] - times[-2] if len(times) > 1 else 1.0
    k = int(round((t - times[-1]) / spacing))
    if k < 1 or not np.isclose(_future_times(series, [k])[0], t, rtol=0, atol=1e-6 * abs(spacing)):
        return None
    return k


def _time_hit(series, key) -> int | None:
    """The position of the time key among the data's times, or None."""
    found = _time_of(key)
    if found is None:
        return None
    hit = np.flatnonzero(np.isclose(series.times, found[0], rtol=0, atol=1e-9 * max(1.0, abs(found[0]))))
    return int(hit[0]) if hit.size else None


# ---------------------------------------------------------------------------- fitting

class Fit:
    """One fitted candidate: family name, orders, c, AR and MA coefficients, d, v, AIC and
    friends."""

    def __init__(self, family, orders, c, ar, ma, d, v, n, k, constant=True):
        self.family, self.orders, self.c, self.ar, self.ma, self.d, self.v = \
            family, orders, c, ar, ma, d, v
        self.constant = constant
        self.aic = n * np.log(v) + 2 * k
        self.bic = n * np.log(v) + k * np.log(n)
        self.aicc = self.aic + (2 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else np.inf)

    def process(self) -> Expr:
        c, v = Real(float(self.c)), Real(float(self.v))
        if not self.constant:
            return _without_constant(self._with_constant(c, v))
        return self._with_constant(c, v)

    def _with_constant(self, c, v) -> Expr:
        ar = list_from_array(np.asarray(self.ar, dtype=np.float64))
        ma = list_from_array(np.asarray(self.ma, dtype=np.float64))
        # named by the orders it has: an ARMA fit without MA terms is an ARProcess
        if self.family == "ARIMA":
            return Expr(Symbol("ARIMAProcess"), c, ar, Integer(self.d), ma, v)
        if not len(self.ma) and (len(self.ar) or self.family == "AR"):
            return Expr(Symbol("ARProcess"), c, ar, v)
        if not len(self.ar):
            return Expr(Symbol("MAProcess"), c, ma, v)
        return Expr(Symbol("ARMAProcess"), c, ar, ma, v)

    def linear(self) -> Linear:
        return Linear(_poly_product(_ar_poly(self.ar), _difference_poly(self.d)),
                      _ma_poly(self.ma), self.c, self.v)


def _fit_arma(y: np.ndarray, p: int, q: int, constant: bool = True):
    """(c, ar, ma, v, conditioned count) minimising the conditional sum of squares of
    y's ARMA(p, q) residuals (c fixed at 0 without ``constant``); None when y is too
    short."""
    n = len(y)
    if n - p < 2 * (p + q + 2):                # too few values to tell the orders apart
        return None
    # AR least squares (exact for q == 0, the starting point otherwise)
    first = [np.ones(n - p)] if constant else []
    lags = np.column_stack(first + [y[p - i:n - i] for i in range(1, p + 1)]) \
        if first or p else np.zeros((n, 0))
    coef = np.linalg.lstsq(lags, y[p:], rcond=None)[0] if lags.shape[1] else np.zeros(0)
    if not constant:
        coef = np.concatenate([[0.0], coef])
        lags = np.column_stack([np.zeros(n - p), lags]) if lags.shape[1] else \
            np.zeros((n - p, 1))
    c, ar = coef[0], coef[1:]
    if q == 0:
        e = y[p:] - lags @ coef
        return c, ar, np.zeros(0), float(np.mean(e ** 2)), len(e)

    def residuals(params):
        cc = params[0] if constant else 0.0
        a, b = params[1:p + 1], params[p + 1:]
        return Linear(_ar_poly(a), _ma_poly(b), cc, 1.0).residuals(y)

    start = np.concatenate([[c], ar, np.zeros(q)])
    found = least_squares(residuals, start, method="lm" if n - p > p + q + 1 else "trf")
    params = found.x
    e = residuals(params)
    c = params[0] if constant else 0.0
    return c, params[1:p + 1], params[p + 1:], float(np.mean(e ** 2)), len(e)


def _outside_unit_circle(poly: np.ndarray, margin: float = 1.02) -> bool:
    """Whether the roots of the polynomial in B lie clear outside the unit circle."""
    if len(poly) < 2 or not np.any(poly[1:]):
        return True
    return bool(np.all(np.abs(np.roots(poly[::-1])) > margin))


def _fit(values: np.ndarray, family: str, p: int, d: int, q: int,
         constant: bool = True) -> Fit | None:
    y = np.diff(values, n=d) if d else values
    found = _fit_arma(y, p, q, constant)
    if found is None:
        return None
    c, ar, ma, v, n = found
    if not np.isfinite(v) or v <= 1e-12 * max(float(np.var(y)), 1e-300):
        return None                            # an exact fit: no noise to speak of
    if not (_outside_unit_circle(_ar_poly(ar)) and _outside_unit_circle(_ma_poly(ma))):
        return None       # not stationary or not invertible: an artefact of conditioning
    return Fit(family, (p, d, q), c, ar, ma, d, v, n, p + q + 1 + constant, constant)


def _orders(spec, automatic) -> list | None:
    """The orders a family parameter asks for: a whole number, a list, a Span, Automatic."""
    if spec is S.Automatic:
        return list(automatic)
    if type(spec) is Integer and spec.value >= 0:
        return [spec.value]
    if is_list(spec) and all(type(a) is Integer and a.value >= 0 for a in spec.args):
        return [a.value for a in spec.args]
    if type(spec) is Expr and spec.head == Symbol("Span") and len(spec.args) == 2 and \
            all(type(a) is Integer and a.value >= 0 for a in spec.args):
        return list(range(spec.args[0].value, spec.args[1].value + 1))
    return None


def _automatic_difference(values: np.ndarray) -> int:
    """1 when the data wander like a random walk (lag-1 autocorrelation near 1), else 0."""
    x = values - values.mean()
    denominator = float(x @ x)
    if denominator == 0 or len(x) < 3:
        return 0
    return 1 if float(x[1:] @ x[:-1]) / denominator > 0.9 else 0


def _candidates(spec, values):
    """[(family, p, d, q)] the specification asks for, or None."""
    auto = range(_MAX_AUTO_ORDER + 1)
    family, params = spec, None
    if is_list(spec) and len(spec.args) == 2 and type(spec.args[0]) is String:
        given = spec.args[1]                       # {"AR", 2} is {"AR", {2}}
        family, params = spec.args[0], list(given.args) if is_list(given) and (
            not given.args or is_list(given.args[0]) or len(given.args) > 1
            or spec.args[0].value in ("ARMA", "ARIMA")) else [given]
    if family is S.Automatic:
        d = _automatic_difference(values)
        fam = "ARIMA" if d else "ARMA"
        return [(fam, p, d, q) for p in auto for q in auto]
    if type(family) is not String:
        return None
    name = family.value
    shapes = {"AR": 1, "MA": 1, "ARMA": 2, "ARIMA": 3}
    if name not in shapes or (params is not None and len(params) != shapes[name]):
        return None
    params = params or [S.Automatic] * shapes[name]
    if name == "AR":
        ps = _orders(params[0], range(1, _MAX_AUTO_AR + 1))
        return None if ps is None else [("AR", p, 0, 0) for p in ps]
    if name == "MA":
        qs = _orders(params[0], range(1, _MAX_AUTO_ORDER + 1))
        return None if qs is None else [("MA", 0, 0, q) for q in qs]
    if name == "ARMA":
        ps, qs = _orders(params[0], auto), _orders(params[1], auto)
        return None if ps is None or qs is None else \
            [("ARMA", p, 0, q) for p, q in itertools.product(ps, qs)]
    ps, qs = _orders(params[0], auto), _orders(params[2], auto)
    ds = _orders(params[1], [_automatic_difference(values)])
    if None in (ps, ds, qs):
        return None
    return [("ARIMA", p, d, q) for p, d, q in itertools.product(ps, ds, qs)]


@builtin("TimeSeriesModelFit", argc=(1, 2), messages=_MESSAGES,
         usage="TimeSeriesModelFit[data] fits an ARMA (or, for data that wander, ARIMA) "
               "model to a list of numbers, of time-value pairs or a TimeSeries, choosing "
               "the orders by AIC; TimeSeriesModelFit[data, \"family\"] or "
               "{\"family\", orders} fits \"AR\" {p}, \"MA\" {q}, \"ARMA\" {p, q} or "
               "\"ARIMA\" {p, d, q}.  model[\"BestFit\"] is the process, model[t] the data "
               "or the forecast at t.",
         examples=(('Head[TimeSeriesModelFit[{1., 3., 2., 4., 3., 5., 2., 4., 3., 6., 4., '
                    '5.}, {"AR", 1}]["BestFit"]]', "ARProcess"),))
def time_series_model_fit(ev, data, spec=S.Automatic):
    read = _read_data(ev, data)
    if read is None or len(read[1]) < 4:
        ev.message(_FIT, "data", data, Integer(4))
        return None
    times, values, series = read
    candidates = _candidates(spec, values)
    if candidates is None:
        ev.message(_FIT, "fam", spec)
        return None
    fits = [f for f in (_fit(values, fam, p, d, q) for fam, p, d, q in candidates)
            if f is not None]
    if not fits:
        smallest = min(p + q + 2 for _, p, _, q in candidates)
        ev.message(_FIT, "short", Integer(len(values)), Integer(smallest))
        return None
    fits.sort(key=lambda f: f.aic)
    return _model_expr(fits, series, values)


def _model_expr(fits, series, values) -> Expr:
    """TimeSeriesModel[<|…|>]: the best fit, the candidates and the data."""
    best = fits[0]
    residuals = best.linear().residuals(values)
    stamps_used = series.times[len(series.times) - len(residuals):]
    rule = lambda k, v: Expr(S.Rule, String(k), v)             # noqa: E731
    entries = [
        rule("BestFit", best.process()),
        rule("ModelFamily", String(best.family)),
        rule("ErrorVariance", Real(best.v)),
        rule("FitResiduals", series_expr(stamps_used, list_from_array(residuals),
                                         series.date_length)),
        rule("StandardizedResiduals",
             series_expr(stamps_used, list_from_array(residuals / np.sqrt(best.v)),
                         series.date_length)),
        rule("TemporalData", series.with_values(series.values)),
        rule("CandidateModels", mklist([f.process() for f in fits])),
        rule("CandidateModelSelectionValues", list_from_array(np.array([f.aic for f in fits]))),
        rule("AIC", Real(best.aic)), rule("AICc", Real(best.aicc)), rule("BIC", Real(best.bic)),
    ]
    return Expr(MODEL, Expr(S.Association, *entries))


def _model_table(model) -> dict | None:
    if type(model) is not Expr or model.head is not MODEL or len(model.args) != 1:
        return None
    assoc = model.args[0]
    if type(assoc) is not Expr or assoc.head is not S.Association:
        return None
    return {r.args[0].value: r.args[1] for r in assoc.args
            if type(r.args[0]) is String}


def _parameters(process: Expr) -> Expr:
    """BestFitParameters: the fitted process's parameters in its own order (constant,
    coefficient lists, differencing, variance)."""
    return mklist(list(process.args))


@builtin_subvalue("TimeSeriesModel")
def _model_call(ev, model, *args):
    """model["property"] or model[t]: the data at a time of the data, else the forecast."""
    table = _model_table(model)
    if table is None or len(args) != 1:
        return None
    key = args[0]
    if type(key) is String:
        if key.value == "Properties":
            return mklist([String(p) for p in _PROPERTIES])
        if key.value == "BestFitParameters":
            return _parameters(table["BestFit"])
        return table.get(key.value)
    times, values, series = _read_data(ev, table["TemporalData"])
    hit = _time_hit(series, key)
    if hit is not None:
        return Real(float(values[hit]))
    k = _steps_to(series, key)
    if k is None:
        return None
    forecasts, _ = read_process(table["BestFit"]).forecast(values, k)
    return Real(float(forecasts[-1]))


# the two-sided 95% prediction band: the normal quantile at 0.975
_Z_95 = 1.959963984540054


@builtin_subvalue("TimeSeriesModel", depth=2)
def _prediction_limits(ev, head, *args):
    """model["PredictionLimits"][t]: {lo, hi} of the 95% band of the forecast at t (the
    datum itself, twice, at a time of the data)."""
    model = head.head
    table = _model_table(model)
    if table is None or head.args != (String("PredictionLimits"),) or len(args) != 1:
        return None
    times, values, series = _read_data(ev, table["TemporalData"])
    hit = _time_hit(series, args[0])
    if hit is not None:
        return mklist([Real(float(values[hit]))] * 2)
    k = _steps_to(series, args[0])
    if k is None:
        return None
    forecasts, errors = read_process(table["BestFit"]).forecast(values, k)
    half = _Z_95 * np.sqrt(errors[-1])
    return mklist([Real(float(forecasts[-1] - half)), Real(float(forecasts[-1] + half))])


def _model_summary(e) -> str | None:
    table = _model_table(e)
    if table is None or "BestFit" not in table:
        return None
    from wlnet.syntax.printer import output_form
    return f"TimeSeriesModel[{output_form(table['BestFit'])}]"


def _without_constant(process: Expr) -> Expr:
    """The process written without its (zero) constant: ARProcess[{a…}, v]."""
    return Expr(process.head, *process.args[1:])


# EstimatedProcess templates: head -> (family, the orders read from its arguments)
_TEMPLATES = {"ARProcess": ("AR", lambda a: (a[0], 0, 0)),
              "MAProcess": ("MA", lambda a: (0, 0, a[0])),
              "ARMAProcess": ("ARMA", lambda a: (a[0], 0, a[1])),
              "ARIMAProcess": ("ARIMA", lambda a: (a[0], a[1], a[2]))}
_ESTIMATE_MESSAGES = {
    "proc": "`1` is not a process template EstimatedProcess can estimate: ARProcess[p], "
            "MAProcess[q], ARMAProcess[p, q] or ARIMAProcess[p, d, q] with whole orders.",
    "estim": "Value of option ProcessEstimator -> `1` should be Automatic, "
             "\"MaximumConditionalLikelihood\" or \"MethodOfMoments\" (the method of "
             "moments for templates without moving-average terms).",
    "goal": "EstimatedProcess works in machine numbers to its solver's own tolerances; "
            "`1` -> `2` is not available.",
}
_ESTIMATE_OPTIONS = {"AccuracyGoal": S.Automatic, "PrecisionGoal": S.Automatic,
                     "ProcessEstimator": S.Automatic, "WorkingPrecision": S.Automatic}


def _estimator(ev, options, q: int) -> str | None:
    """The estimator the options of EstimatedProcess ask for ("conditional" or "moments");
    None after a message."""
    for name in ("AccuracyGoal", "PrecisionGoal", "WorkingPrecision"):
        value = ev.evaluate(options[name])
        if value is not S.Automatic and not (name == "WorkingPrecision"
                                             and value is S.MachinePrecision):
            ev.message(Symbol("EstimatedProcess"), "goal", Symbol(name), value)
            return None
    estimator = ev.evaluate(options["ProcessEstimator"])
    if estimator is S.Automatic or estimator == String("MaximumConditionalLikelihood"):
        return "conditional"
    if estimator == String("MethodOfMoments") and q == 0:
        return "moments"
    ev.message(Symbol("EstimatedProcess"), "estim", estimator)
    return None


def _yule_walker(values: np.ndarray, family: str, p: int, d: int) -> Fit | None:
    """The AR(p) fit (after d differences) whose autocovariances up to lag p match the
    data's: the Yule-Walker equations, moments taken about the template's zero mean."""
    y = np.diff(values, n=d) if d else values
    n = len(y)
    if n <= p + 1:
        return None
    moments = np.array([y[:n - k] @ y[k:] / n for k in range(p + 1)])
    if moments[0] <= 0:
        return None
    toeplitz = moments[np.abs(np.subtract.outer(np.arange(p), np.arange(p)))]
    ar = np.linalg.solve(toeplitz, moments[1:]) if p else np.zeros(0)
    v = float(moments[0] - ar @ moments[1:])
    if v <= 1e-12 * moments[0]:
        return None
    return Fit(family, (p, d, 0), 0.0, ar, np.zeros(0), d, v, n, p + 1, False)


@builtin("EstimatedProcess", argc=(2, None), messages={**_ESTIMATE_MESSAGES, **_MESSAGES},
         options=_ESTIMATE_OPTIONS,
         usage="EstimatedProcess[data, proc] is the process of the family of proc "
               "(ARProcess[p], MAProcess[q], ARMAProcess[p, q], ARIMAProcess[p, d, q]) "
               "that fits the data best (conditional least squares, no constant); "
               "ProcessEstimator -> \"MethodOfMoments\" matches the autocovariances "
               "instead (Yule-Walker, for templates without moving-average terms).",
         examples=(("Head[EstimatedProcess[{1., -0.5, 0.3, -0.1, 0.4, -0.2, 0.1, 0.3, -0.4, "
                    "0.2, 0.1, -0.3}, ARProcess[1]]]", "ARProcess"),))
def estimated_process(ev, data, template, *options):
    split = read_options(ev, Expr(Symbol("EstimatedProcess"), data, template, *options),
                         options, _ESTIMATE_OPTIONS)
    if split is None:
        return None
    name = getattr(template.head, "name", None) if type(template) is Expr else None
    orders = [a.value for a in template.args] if name in _TEMPLATES and all(
        type(a) is Integer and a.value >= 0 for a in template.args) else None
    expected = {"ARProcess": 1, "MAProcess": 1, "ARMAProcess": 2, "ARIMAProcess": 3}
    if orders is None or len(orders) != expected[name]:
        ev.message(Symbol("EstimatedProcess"), "proc", template)
        return None
    family, how = _TEMPLATES[name]
    p, d, q = how(orders)
    estimator = _estimator(ev, split[1], q)
    if estimator is None:
        return None
    read = _read_data(ev, data)
    if read is None or len(read[1]) < 4:
        ev.message(Symbol("EstimatedProcess"), "data", data, Integer(4))
        return None
    if estimator == "moments":
        fit = _yule_walker(read[1], family, p, d)
    else:
        fit = _fit(read[1], family, p, d, q, constant=False)
    if fit is None:
        ev.message(Symbol("EstimatedProcess"), "short", Integer(len(read[1])),
                   Integer(p + q + 1))
        return None
    return fit.process()


# ---------------------------------------------------------------------------- forecasting

def _steps(spec) -> tuple[list[int], bool] | None:
    """(the steps ahead, whether the answer is one value) of k, {kmax}, {kmin, kmax} or
    {{k1, …}}."""
    def positive(e):
        return type(e) is Integer and e.value >= 1
    if positive(spec):
        return [spec.value], True
    if is_list(spec) and len(spec.args) == 1 and positive(spec.args[0]):
        return list(range(1, spec.args[0].value + 1)), False
    if is_list(spec) and len(spec.args) == 2 and all(positive(a) for a in spec.args) and \
            spec.args[0].value <= spec.args[1].value:
        return list(range(spec.args[0].value, spec.args[1].value + 1)), False
    if is_list(spec) and len(spec.args) == 1 and is_list(spec.args[0]) and \
            spec.args[0].args and all(positive(a) for a in spec.args[0].args):
        return sorted({a.value for a in spec.args[0].args}), False
    return None


@builtin("TimeSeriesForecast", argc=(1, 3), messages=_FORECAST_MESSAGES,
         usage="TimeSeriesForecast[proc, data, k] is the forecast k steps past the end of "
               "data by the process proc (ARProcess, ARMAProcess, ARIMAProcess, "
               "SARIMAProcess, …); {kmax}, {kmin, kmax} or {{k1, …}} give a TimeSeries of "
               "forecasts; TimeSeriesForecast[model, k] forecasts with a TimeSeriesModel's "
               "best fit and data.",
         examples=(("TimeSeriesForecast[ARProcess[{1/2}, 1], {2., 4.}, 2]", "1."),))
def time_series_forecast(ev, first, *rest):
    table = _model_table(first)
    if table is not None:
        if len(rest) > 1:
            return None
        proc, data, spec = table["BestFit"], table["TemporalData"], \
            (rest[0] if rest else Integer(1))
    else:
        if not rest or len(rest) > 2:
            return None
        proc, data, spec = first, rest[0], (rest[1] if len(rest) == 2 else Integer(1))
    process = read_process(proc)
    if process is None:
        ev.message(_FORECAST, "proc", proc)
        return None
    read = _read_data(ev, data)
    if read is None:
        ev.message(_FIT, "data", data, Integer(1))
        return None
    found = _steps(spec)
    if found is None:
        ev.message(_FORECAST, "steps", spec)
        return None
    steps, single = found
    times, values, series = read
    forecasts, _ = process.forecast(values, max(steps))
    chosen = forecasts[np.array(steps) - 1]
    if single:
        return Real(float(chosen[0]))
    return series_expr(_future_times(series, steps), list_from_array(chosen),
                       series.date_length)


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("TimeSeriesModel", _model_summary)
