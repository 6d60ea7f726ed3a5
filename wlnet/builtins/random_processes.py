"""Random processes and RandomFunction: sample paths of the time-series processes
(ARProcess, MAProcess, ARMAProcess, ARIMAProcess), of RandomWalkProcess,
BernoulliProcess, BinomialProcess, WhiteNoiseProcess (of a univariate distribution RandomVariate samples), of
WienerProcess and the diffusions GeometricBrownianMotionProcess and OrnsteinUhlenbeckProcess
(sampled by their exact transitions), and (their samplers in markov_processes.py) of DiscreteMarkovProcess and
PoissonProcess, as programs generate data with them before training on it.  A
PoissonProcess given no step is sampled at its events.

``RandomFunction[proc, {tmin, tmax}]`` gives one path as a TimeSeries (the tree's form of
WL's TemporalData of one path); ``RandomFunction[proc, tspec, n]`` gives n paths as the
inert ``TemporalData[{values1, …}, {{t1, …}}]``, whose "Paths", "PathCount",
"ValueList", "TimeList" and "PathComponents" properties (and Normal) read them.
Discrete-time processes step by 1; WienerProcess and the diffusions, continuous, need an explicit step
``{tmin, tmax, dt}``.  Paths are computed as whole arrays (scipy's linear filter for the
ARMA recursion, cumulative sums for walks), never one time step at a time in Python.

The scalar processes only: vector ARMA processes (matrix coefficients) stay unevaluated.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

from wlnet.builtins._listutil import float_value, is_list, mklist
from wlnet.builtins.markov_processes import process_sampler
from wlnet.builtins.random import _sampler as distribution_sampler
from wlnet.builtins.numbers import exact_fraction
from wlnet.builtins.time_series import PLOTTED_PATHS, read_series, series_expr
from wlnet.builtins.time_series_models import sarima_sampler
from wlnet.core.expr import Expr, Integer, S, String, Symbol, from_python
from wlnet.core.packed import list_from_array, packed_array
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, split_options

TEMPORAL_DATA = Symbol("TemporalData")
RANDOM_FUNCTION = Symbol("RandomFunction")
_MESSAGES = {
    "proc": "`1` is not a random process RandomFunction can sample.",
    "tspec": "`1` is not a time range {tmin, tmax} or {tmin, tmax, dt} with tmin <= tmax "
             "and dt > 0.",
    "dt": "`1` is a continuous-time process: give the time step as {tmin, tmax, dt}.",
    "count": "The number of paths `1` is not a positive integer.",
    "optx": "Unknown option `1` in `2`.",
    "prec": "Paths are sampled at machine precision only; WorkingPrecision -> `1` is not "
            "available.",
}
_TD_MESSAGES = {
    "prop": "`1` is not a property of TemporalData; td[\"Properties\"] lists them.",
    "tddata": "`1` is not a list of paths (lists of values or of time-value pairs).",
    "times": "The paths of a TemporalData must share their times here.",
    "pathn": "`1` is not the position of a path among the `2` paths.",
}
TD_PROPERTIES = ("Paths", "PathCount", "ValueList", "TimeList", "PathComponents", "PathLength",
                 "Properties")

# Steps run before the first kept time so a stationary process starts in (very nearly)
# its stationary distribution, as WL samples a weakly stationary process.
_BURN_IN = 500


# ---------------------------------------------------------------------------- processes

def _reals(e) -> list[float] | None:
    if not is_list(e):
        return None
    out = [float_value(a) for a in e.args]
    return None if any(v is None for v in out) else out


def _positive(e) -> float | None:
    v = float_value(e)
    return v if v is not None and v > 0 else None


class _Arma:
    """x[t] = c + Σ a_i x[t-i] + ε[t] + Σ b_j ε[t-j], ε ~ N(0, v), differenced d times
    for ARIMA (the path is the d-fold cumulative sum of the ARMA path, from 0)."""

    discrete = True

    def __init__(self, c: float, ar: list, ma: list, v: float, d: int = 0):
        self.c, self.ar, self.ma, self.v, self.d = c, ar, ma, v, d

    def stationary(self) -> bool:
        if not self.ar:
            return True
        roots = np.roots([1.0] + [-a for a in self.ar])     # z^p - a1 z^(p-1) - … - ap
        return bool(np.all(np.abs(roots) < 1))

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        burn = _BURN_IN if self.stationary() else 0
        steps = len(times) + burn
        noise = rng.standard_normal((n, steps)) * np.sqrt(self.v) + self.c
        # the constant enters through the noise: filtering c + ε gives c's steady share
        x = lfilter([1.0] + self.ma, [1.0] + [-a for a in self.ar], noise, axis=1)[:, burn:]
        for _ in range(self.d):
            x = np.cumsum(x, axis=1)
        return x


class _RandomWalk:
    """A walk from 0 at tmin: +1 with probability p, -1 with q (1 - p when not given),
    else 0."""

    discrete = True

    def __init__(self, p: float, q: float):
        self.p, self.q = p, q

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        u = rng.random((n, len(times) - 1))
        steps = (u < self.p).astype(np.int64) - (u >= 1 - self.q).astype(np.int64)
        return np.concatenate([np.zeros((n, 1), np.int64), np.cumsum(steps, axis=1)], axis=1)


class _WhiteNoise:
    """Independent draws from one distribution at each time (a discrete-time process)."""

    discrete = True

    def __init__(self, draw):
        self.draw = draw

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        values = np.asarray(self.draw(rng, n * len(times)))
        if values.ndim != 1:                          # a vector-valued distribution
            return None
        values = values if values.dtype.kind == "i" else values.astype(np.float64)
        return values.reshape(n, len(times))


def _white_noise(args):
    """WhiteNoiseProcess[] (standard normal), [σ] (normal, deviation σ) or [dist]."""
    if not args:
        return _WhiteNoise(lambda rng, count: rng.standard_normal(count))
    if len(args) != 1:
        return None
    sigma = _positive(args[0])
    if sigma is not None:
        return _WhiteNoise(lambda rng, count: rng.normal(0.0, sigma, size=count))
    draw = distribution_sampler(args[0])
    return None if draw is None else _WhiteNoise(draw)


class _Binomial:
    """The count of successes of independent trials with probability p, one per time
    step: x[t] ~ Binomial(t, p), so x[0] = 0 (a path starting at tmin > 0 starts with the
    count of its first tmin trials)."""

    discrete = True

    def __init__(self, p: float):
        self.p = p

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        start = rng.binomial(int(times[0]), self.p, size=(n, 1)) if times[0] > 0 else \
            np.zeros((n, 1), np.int64)
        trials = (rng.random((n, len(times) - 1)) < self.p).astype(np.int64)
        return np.concatenate([start, start + np.cumsum(trials, axis=1)], axis=1)


def _probability(e) -> float | None:
    p = float_value(e)
    return p if p is not None and 0 <= p <= 1 else None


class _Wiener:
    """W[0] = 0 with independent increments N(μ dt, σ² dt)."""

    discrete = False

    def __init__(self, mu: float, sigma: float):
        self.mu, self.sigma = mu, sigma

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        dts = np.diff(np.concatenate([[0.0], times]))      # the first: from 0 to tmin
        incs = rng.standard_normal((n, len(times))) * (self.sigma * np.sqrt(np.abs(dts)))
        return np.cumsum(incs + self.mu * dts, axis=1)


class _GeometricBrownian:
    """x0 exp((μ - σ²/2) t + σ W[t]): the exponential of a Wiener path with drift, exact at
    every sampled time (no discretisation error)."""

    discrete = False

    def __init__(self, mu: float, sigma: float, x0: float):
        self.log_path = _Wiener(mu - sigma * sigma / 2, sigma)
        self.x0 = x0

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        return self.x0 * np.exp(self.log_path.sample(rng, times, n))


class _OrnsteinUhlenbeck:
    """dX = θ (μ - X) dt + σ dW, from x0 at time 0, or (x0 None) stationary: X ~ N(μ,
    σ²/(2θ)) at every time.  Sampled by its exact transition: between times dt apart
    X - μ shrinks by a = e^(-θ dt) and gains N(0, σ² (1 - a²)/(2θ)), an AR(1) recursion
    over the (evenly spaced) times, run as one linear filter."""

    discrete = False

    def __init__(self, mu: float, sigma: float, theta: float, x0: float | None):
        self.mu, self.sigma, self.theta, self.x0 = mu, sigma, theta, x0

    def _spread(self, dt: float) -> float:
        return self.sigma * np.sqrt(-np.expm1(-2 * self.theta * dt) / (2 * self.theta))

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        if self.x0 is None:                               # stationary from the start
            first = rng.standard_normal(n) * (self.sigma / np.sqrt(2 * self.theta))
        else:                                             # from x0 at 0 to the first time
            t0 = max(float(times[0]), 0.0)
            first = (self.x0 - self.mu) * np.exp(-self.theta * t0) + \
                rng.standard_normal(n) * self._spread(t0)
        if len(times) == 1:
            return self.mu + first[:, None]
        dt = float(times[1] - times[0])
        a = np.exp(-self.theta * dt)
        shocks = rng.standard_normal((n, len(times) - 1)) * self._spread(dt)
        rest, _ = lfilter([1.0], [1.0, -a], shocks, axis=1, zi=(a * first)[:, None])
        return self.mu + np.concatenate([first[:, None], rest], axis=1)


def _diffusion(name: str, args):
    """GeometricBrownianMotionProcess[μ, σ, x0]; OrnsteinUhlenbeckProcess[μ, σ, θ] and
    [μ, σ, θ, x0] (None when the parameters are not numbers of the right signs)."""
    vals = [float_value(a) for a in args]
    if any(v is None for v in vals):
        return None
    if name == "GeometricBrownianMotionProcess" and len(vals) == 3:
        mu, sigma, x0 = vals
        return _GeometricBrownian(mu, sigma, x0) if sigma > 0 and x0 > 0 else None
    if name == "OrnsteinUhlenbeckProcess" and len(vals) in (3, 4):
        mu, sigma, theta = vals[:3]
        x0 = vals[3] if len(vals) == 4 else None
        return _OrnsteinUhlenbeck(mu, sigma, theta, x0) if sigma > 0 and theta > 0 else None
    return None


def _arma(ar, ma, v, c=0.0, d=0):
    ar_list, ma_list, var = _reals(ar) if ar is not None else [], \
        _reals(ma) if ma is not None else [], _positive(v)
    if ar_list is None or ma_list is None or var is None:
        return None
    return _Arma(c, ar_list, ma_list, var, d)


def _process(e):
    """The sampler of a process expression, None when it is not one (or not scalar)."""
    if type(e) is not Expr or type(e.head) is not Symbol:
        return None
    name, args = e.head.name, e.args
    if name == "ARProcess" and len(args) in (2, 3):
        c = float_value(args[0]) if len(args) == 3 else 0.0
        return None if c is None else _arma(args[-2], None, args[-1], c)
    if name == "MAProcess" and len(args) in (2, 3):
        c = float_value(args[0]) if len(args) == 3 else 0.0
        return None if c is None else _arma(None, args[-2], args[-1], c)
    if name == "ARMAProcess" and len(args) in (3, 4):
        c = float_value(args[0]) if len(args) == 4 else 0.0
        return None if c is None else _arma(args[-3], args[-2], args[-1], c)
    if name == "ARIMAProcess" and len(args) in (4, 5):
        c = float_value(args[0]) if len(args) == 5 else 0.0
        d = args[-3]
        if c is None or type(d) is not Integer or d.value < 0:
            return None
        return _arma(args[-4], args[-2], args[-1], c, d.value)
    if name == "WienerProcess" and len(args) in (0, 2):
        mu, sigma = (0.0, 1.0) if not args else (float_value(args[0]), _positive(args[1]))
        return None if mu is None or sigma is None else _Wiener(mu, sigma)
    if name in ("GeometricBrownianMotionProcess", "OrnsteinUhlenbeckProcess"):
        return _diffusion(name, args)
    if name == "WhiteNoiseProcess":
        return _white_noise(args)
    if name == "BernoulliProcess" and len(args) == 1:
        p = _probability(args[0])
        return None if p is None else \
            _WhiteNoise(lambda rng, count: (rng.random(count) < p).astype(np.int64))
    if name == "BinomialProcess" and len(args) == 1:
        p = _probability(args[0])
        return None if p is None else _Binomial(p)
    if name == "RandomWalkProcess" and len(args) in (1, 2):
        p = float_value(args[0])
        q = float_value(args[1]) if len(args) == 2 else (None if p is None else 1 - p)
        if p is None or q is None or p < 0 or q < 0 or p + q > 1 + 1e-12:
            return None
        return _RandomWalk(p, q)
    return None


# ---------------------------------------------------------------------------- RandomFunction

def _times(spec, discrete: bool):
    """(times as floats, their List as written: exact when tmin and dt are), or None;
    'dt' when a continuous process is given no step."""
    if not is_list(spec) or len(spec.args) not in (2, 3):
        return None
    bounds = [float_value(a) for a in spec.args]
    if any(b is None for b in bounds):
        return None
    lo, hi = bounds[0], bounds[1]
    if discrete:
        dt = 1.0                                     # WL: a discrete process steps by 1
    elif len(bounds) == 3:
        dt = bounds[2]
    else:
        return "dt"
    if hi < lo or dt <= 0:
        return None
    count = int(np.floor((hi - lo) / dt + 1e-9)) + 1
    times = lo + dt * np.arange(count)
    # exact bounds (and step) give exact times, as WL keeps 0, 1/4, 1/2 exact
    step = Integer(1) if discrete else spec.args[2]
    exact = None
    if all(exact_fraction(a) is not None for a in (spec.args[0], spec.args[1], step)):
        exact = _exact_stamps(exact_fraction(spec.args[0]), exact_fraction(step), count)
    return times, exact


def _exact_stamps(start, step, count: int) -> Expr:
    """The times start + k step (Fractions) as a List: packed when all are whole."""
    stamps = [start + k * step for k in range(count)]
    if all(t.denominator == 1 for t in stamps):
        return list_from_array(np.array([int(t) for t in stamps], dtype=np.int64))
    return mklist([from_python(t) for t in stamps])


# Method: each process here has one way of sampling, so any setting samples it that way.
_OPTIONS = {"Method": S.Automatic, "WorkingPrecision": S.MachinePrecision}


def _options_accepted(ev, call: Expr, rest: tuple) -> tuple | None:
    """The positional arguments after tspec, or None after a message for an unknown
    option or a precision other than the machine's."""
    split = split_options(rest, _OPTIONS)
    if split is None:
        unknown = next(r for r in reversed(rest) if type(r) is Expr and
                       r.head in (S.Rule, S.RuleDelayed) and r.args[0] not in
                       (S.Method, S.WorkingPrecision, String("Method"),
                        String("WorkingPrecision")))
        ev.message(RANDOM_FUNCTION, "optx", unknown.args[0], call)
        return None
    positional, opts = split
    precision = opts["WorkingPrecision"]
    if precision is not S.MachinePrecision and precision is not S.Automatic:
        ev.message(RANDOM_FUNCTION, "prec", precision)
        return None
    return positional


@builtin("RandomFunction", argc=(2, None), messages=_MESSAGES,
         usage="RandomFunction[proc, {tmin, tmax}] is a random path of the process proc "
               "from tmin to tmax (a TimeSeries); {tmin, tmax, dt} steps by dt (needed by "
               "continuous processes such as WienerProcess); RandomFunction[proc, tspec, n] "
               "gives n paths as TemporalData.",
         examples=(('RandomFunction[RandomWalkProcess[1], {0, 3}]["Values"]',
                    "{0, 1, 2, 3}"),
                   ('RandomFunction[ARProcess[{0.5}, 1], {0, 9}]["PathLength"]', "10")))
def random_function(ev, proc, spec, *rest):
    positional = _options_accepted(ev, Expr(RANDOM_FUNCTION, proc, spec, *rest), rest)
    if positional is None or len(positional) > 1:
        return None
    count = positional[0] if positional else None
    sampler = _process(proc) or process_sampler(ev, proc) or sarima_sampler(proc)
    if sampler is None:
        ev.message(RANDOM_FUNCTION, "proc", proc)
        return None
    if getattr(sampler, "events", False) and count is None and is_list(spec) and \
            len(spec.args) == 2:
        return _events_series(ev, sampler, spec)
    found = _times(spec, sampler.discrete)
    if found is None or found == "dt":
        ev.message(RANDOM_FUNCTION, "dt" if found == "dt" else "tspec",
                   proc if found == "dt" else spec)
        return None
    if count is not None and (type(count) is not Integer or count.value < 1):
        ev.message(RANDOM_FUNCTION, "count", count)
        return None
    times, exact = found
    paths = sampler.sample(ev.rng, times, 1 if count is None else count.value)
    if paths is None:
        ev.message(RANDOM_FUNCTION, "proc", proc)
        return None
    if count is None:
        return series_expr(times, list_from_array(paths[0]), 0, exact)
    stamps = exact if exact is not None else list_from_array(times)
    return Expr(TEMPORAL_DATA, mklist([list_from_array(row) for row in paths]), mklist([stamps]))


def _events_series(ev, sampler, spec):
    """One path of a counting process without a step: its value at tmin and at each event
    after it (a path that steps at those times), as WL gives a PoissonProcess's path."""
    lo, hi = (float_value(a) for a in spec.args)
    if lo is None or hi is None or hi < lo or lo < 0:
        ev.message(RANDOM_FUNCTION, "tspec", spec)
        return None
    times, counts = sampler.events_path(ev.rng, lo, hi)
    return series_expr(times, list_from_array(counts), 0)


# ---------------------------------------------------------------------------- TemporalData

def _read_temporal(td):
    """(list of value Lists, times List) of the inert TemporalData form, or None."""
    if type(td) is not Expr or len(td.args) != 2:
        return None
    paths, spec = td.args
    if not is_list(paths) or not paths.args or not all(is_list(p) for p in paths.args):
        return None
    if not is_list(spec) or len(spec.args) != 1 or not is_list(spec.args[0]):
        return None
    stamps = spec.args[0]
    if any(len(p.args) != len(stamps.args) for p in paths.args) or \
            _floats_or_none(stamps) is None:
        return None
    return list(paths.args), stamps


def _path(values: Expr, stamps: Expr) -> Expr:
    t, v = packed_array(stamps), packed_array(values)
    if t is not None and v is not None and v.ndim == 1 and t.dtype == v.dtype:
        return list_from_array(np.stack([t, v], axis=1))
    return mklist([mklist([a, b]) for a, b in zip(stamps.args, values.args)])


def _td_property(ev, paths: list, stamps: Expr, name: str):
    table = {
        "Paths": lambda: mklist([_path(p, stamps) for p in paths]),
        "PathCount": lambda: Integer(len(paths)),
        "ValueList": lambda: mklist(paths),
        "TimeList": lambda: mklist([stamps] * len(paths)),
        "PathComponents": lambda: mklist([series_expr(_floats(stamps), p, 0, stamps)
                                          for p in paths]),
        "PathLength": lambda: Integer(len(stamps.args)),
        "Properties": lambda: mklist([String(p) for p in TD_PROPERTIES]),
    }
    if name not in table:
        ev.message(TEMPORAL_DATA, "prop", String(name))
        return None
    return table[name]()


def _floats(stamps: Expr) -> np.ndarray:
    arr = packed_array(stamps)
    return arr.astype(np.float64) if arr is not None else \
        np.array([float_value(a) for a in stamps.args])


@builtin("TemporalData", argc=(1, 2), messages=_TD_MESSAGES,
         usage="TemporalData[{values1, values2, …}, tspec] holds several paths sampled at "
               "the same times (tspec as for TimeSeries: Automatic, {tmin, tmax}, {tmin, "
               "tmax, dt}, {{t1, t2, …}}), as RandomFunction[proc, tspec, n] gives them; "
               "TemporalData[{path1, path2, …}] takes paths of time-value pairs. "
               "td[\"Paths\"], td[\"ValueList\"], td[\"PathCount\"] read them.",
         examples=(('TemporalData[{{1, 2}, {3, 4}}, {{0, 1}}]["Paths"]',
                    "{{{0, 1}, {1, 2}}, {{0, 3}, {1, 4}}}"),
                   ('TemporalData[{{a, b, c}, {d, e, f}}, {0, 2}]["TimeList"]',
                    "{{0, 1, 2}, {0, 1, 2}}")))
def temporal_data(ev, paths, spec=None):
    if spec is not None and _read_temporal(Expr(TEMPORAL_DATA, paths, spec)) is not None:
        return None                                # the inert form: read by its properties
    if not is_list(paths) or not paths.args or not all(is_list(p) for p in paths.args):
        ev.message(TEMPORAL_DATA, "tddata", paths)
        return None
    # each path read as TimeSeries reads it; they must come out at the same times
    found = []
    for p in paths.args:
        one = read_series(ev.evaluate(Expr(Symbol("TimeSeries"), p) if spec is None
                                      else Expr(Symbol("TimeSeries"), p, spec)))
        if one is None or one.date_length:
            return None                            # TimeSeries said why (or dates: not here)
        found.append(one)
    stamps = [f.number_stamps() for f in found]
    if any(st != stamps[0] for st in stamps[1:]):
        ev.message(TEMPORAL_DATA, "times")
        return None
    return Expr(TEMPORAL_DATA, mklist([f.values for f in found]), mklist([stamps[0]]))


def _floats_or_none(stamps: Expr):
    """The times of an explicit time list, None unless they are numbers that increase."""
    arr = packed_array(stamps)
    values = list(arr) if arr is not None else [float_value(a) for a in stamps.args]
    if not values or any(v is None for v in values):
        return None
    times = np.asarray(values, dtype=np.float64)
    return times if np.all(np.diff(times) > 0) else None


@builtin_subvalue("TemporalData")
def _temporal_call(ev, head, *args):
    found = _read_temporal(head)
    if found is None or not args or type(args[0]) is not String:
        return None
    if len(args) == 2 and args[0].value == "PathComponent":      # td["PathComponent", i]
        components = _td_property(ev, *found, "PathComponents").args
        i = args[1]
        if type(i) is Integer and 1 <= abs(i.value) <= len(components):
            return components[i.value - 1 if i.value > 0 else i.value]
        ev.message(TEMPORAL_DATA, "pathn", i, Integer(len(components)))
        return None
    return _td_property(ev, *found, args[0].value) if len(args) == 1 else None


def temporal_paths(td) -> Expr | None:
    """The paths of an inert TemporalData, {{{t1, v1}, …}, …} (what a list plot draws), or
    None when td is not one."""
    found = _read_temporal(td)
    return None if found is None else mklist([_path(p, found[1]) for p in found[0]])


def _summary(e) -> str | None:
    """``TemporalData[Time: 0 to 10, Data points: 33, Paths: 3]``, as WL summarises it."""
    found = _read_temporal(e)
    if found is None:
        return None
    from wlnet.syntax.printer import output_form
    paths, stamps = found
    if not stamps.args:
        return None
    return (f"TemporalData[Time: {output_form(stamps.args[0])} to "
            f"{output_form(stamps.args[-1])}, Data points: {len(paths) * len(stamps.args)}, "
            f"Paths: {len(paths)}]")


@builtin_upvalue("Normal", "TemporalData")
def _temporal_normal(ev, td, *rest):
    found = None if rest else _read_temporal(td)   # Normal[td, h]: Normal's own rule
    return None if found is None else _td_property(ev, *found, "Paths")


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("TemporalData", _summary)
PLOTTED_PATHS["TemporalData"] = temporal_paths
