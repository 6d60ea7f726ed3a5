"""Periodic waveforms and the classic signal-processing steps programs apply to data
before a net sees it: SquareWave, TriangleWave, SawtoothWave, PeriodogramArray (and its
plot, Periodogram, in decibels up to half the sample rate), and the
FIR filters LowpassFilter, HighpassFilter and BandpassFilter.

The waves have unit period: ``SquareWave[x]`` is 1 on the first half of each period and -1
on the second, ``TriangleWave[x]`` rises from 0 at x = 0 to 1 at 1/4, falls to -1 at 3/4
and back, ``SawtoothWave[x]`` is ``x - Floor[x]``; ``wave[{y1, y2}, x]`` maps the range
(-1 … 1, or 0 … 1 for the sawtooth) onto y1 … y2.  Exact x gives exact values, machine
numbers machine values (a packed array at once), anything else stays unevaluated; a list
of x is mapped over.

``PeriodogramArray[list, n, d, wfun, m]`` is the mean of ``Abs[Fourier[p]]^2`` over the
partitions p of length n every d samples (each multiplied by the window wfun, padded with
zeros to m), Fourier with FourierParameters {0, 1} (so that, unpartitioned, its total is
the data's energy: Parseval).

The filters convolve the data with a finite impulse response made by the window method
(the ideal kernel, sinc, times a window: HammingWindow unless given), the data padded at
both ends with its end values ("Fixed" padding) so that the result has the data's length:
``LowpassFilter[data, ωc, n, wfun]`` keeps frequencies below ωc (radians per sample, or
per second with SampleRate -> r), ``HighpassFilter`` those above, ``BandpassFilter[data,
{ω1, ω2}, …]`` those between.  Without n, the kernel is long enough for a few periods of
the cutoff (and never longer than the data).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.audio_features import WINDOWS, frames, window_values
from wlnet.builtins.numbers import exact_fraction, from_py
from wlnet.core.expr import Expr, Integer, Rational, Real, S, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, split_options

_ATTRIBUTES = ("NumericFunction", "Protected")


# ============================================================================ waves


def _square(u):
    """SquareWave over the fractional part u in [0, 1)."""
    return 1 if u < Fraction(1, 2) else -1


def _triangle(u):
    return 4 * u if u < Fraction(1, 4) else 2 - 4 * u if u < Fraction(3, 4) else 4 * u - 4


def _sawtooth(u):
    return u


# name -> (the wave over the fractional part, numpy version, the range it spans)
_WAVES = {
    "SquareWave": (_square, lambda u: np.where(u < 0.5, 1.0, -1.0), (-1, 1)),
    "TriangleWave": (_triangle, lambda u: np.where(u < 0.25, 4 * u, np.where(
        u < 0.75, 2 - 4 * u, 4 * u - 4)), (-1, 1)),
    "SawtoothWave": (_sawtooth, lambda u: u, (0, 1)),
}


def _wave(ev, name: str, args):
    if len(args) == 2:
        spec, x = args
        if not (is_list(spec) and len(spec.args) == 2):
            return None
        span = spec.args
    elif len(args) == 1:
        (x,), span = args, None
    else:
        return None
    exact_wave, array_wave, (lo, hi) = _WAVES[name]
    arr = packed_array(x) if is_list(x) else None
    if arr is not None and arr.dtype.kind == "f":
        values = array_wave(arr - np.floor(arr)).astype(np.float64)
        ends = None if span is None else [float_value(ev.evaluate(Expr(S.N, y))) for y in span]
        if span is None or None not in ends:
            if span is not None:
                values = ends[0] + (values - lo) / (hi - lo) * (ends[1] - ends[0])
            return list_from_array(values)
    if is_list(x):
        return Expr.from_args(S.List, (ev.evaluate(Expr(Symbol(name), *args[:-1], a))
                                       for a in x.args))
    q = exact_fraction(x)
    if q is not None:
        value = from_py(Fraction(exact_wave(q - math.floor(q))))
    elif type(x) is Real:
        t = float(x.value)
        value = Real(float(array_wave(np.array(t - math.floor(t)))))
    else:
        return None
    if span is None:
        return value
    # lo … hi carried onto y1 … y2: y1 + (value - lo)/(hi - lo) (y2 - y1)
    y1, y2 = span
    share = Expr(S.Times, Expr(S.Plus, value, Integer(-lo)), Rational(1, hi - lo)
                 if hi - lo != 1 else Integer(1))
    return ev.evaluate(Expr(S.Plus, y1, Expr(S.Times, share, Expr(
        S.Plus, y2, Expr(S.Times, Integer(-1), y1)))))


def _wave_builtin(name: str, text: str):
    @builtin(name, argc=(1, 2), attributes=_ATTRIBUTES, usage=text,
             examples=((f"{name}[{{0, 1/8, 3/8, 5/8}}]",
                        {"SquareWave": "{1, 1, 1, -1}", "TriangleWave": "{0, 1/2, 1/2, -1/2}",
                         "SawtoothWave": "{0, 1/8, 3/8, 5/8}"}[name]),))
    def wave(ev, *args):
        return _wave(ev, name, args)
    return wave


_wave_builtin("SquareWave", "SquareWave[x] is 1 for 0 <= x - Floor[x] < 1/2 and -1 for the rest "
              "of the period; SquareWave[{y1, y2}, x] takes the values y1 and y2.")
_wave_builtin("TriangleWave", "TriangleWave[x] is the unit-period triangle wave between -1 and 1 "
              "(0 at x = 0, 1 at 1/4, -1 at 3/4); TriangleWave[{min, max}, x] spans min … max.")
_wave_builtin("SawtoothWave", "SawtoothWave[x] is x - Floor[x], rising from 0 to 1 in each unit "
              "period; SawtoothWave[{min, max}, x] rises from min to max.")


# ============================================================================ spectra

_SPECTRAL_MESSAGES = {
    "data": "`1` is not a list of real numbers.",
    "part": "`1` is not a valid partition length, offset or padded length (a positive integer).",
    "window": "`1` is not a smoothing window: a window function (HammingWindow, "
              "DirichletWindow, …), a list of as many weights as the partition length, or "
              "a function of one argument sampled on -1/2 … 1/2.",
    "freq": "`1` is not a cutoff frequency: a positive number below Pi (radians per sample), "
            "or below Pi times the sample rate.",
}


def _reals(ev, data) -> np.ndarray | None:
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, data)), coerce=True)) \
        if is_list(data) else None
    if arr is None or arr.ndim != 1 or arr.dtype.kind not in "if" or arr.size == 0:
        return None
    return arr.astype(np.float64)


def _window_weights(ev, spec, size: int) -> np.ndarray | None | bool:
    """The weights of a smoothing window over ``size`` samples: None for no window
    (DirichletWindow), False when spec is not a window."""
    if type(spec) is Symbol and spec.name in WINDOWS:
        return window_values(spec.name, size)
    if is_list(spec):
        weights = _reals(ev, spec)
        return weights if weights is not None and weights.size == size else False
    # a function sampled at size points from -1/2 to 1/2
    points = np.linspace(-0.5, 0.5, size) if size > 1 else np.zeros(1)
    values = [float_value(ev.evaluate(Expr(S.N, Expr(spec, Real(float(p)))))) for p in points]
    return False if any(v is None for v in values) else np.array(values)


def _positive(e, default):
    if e is None:
        return default
    return e.value if type(e) is Integer and e.value > 0 else None


@builtin("PeriodogramArray", argc=(1, 5), attributes=("Protected",),
         messages=_SPECTRAL_MESSAGES,
         usage="PeriodogramArray[list] is the power spectrum Abs[Fourier[list]]^2; "
               "PeriodogramArray[list, n] averages the spectra of the partitions of length n, "
               "PeriodogramArray[list, n, d] of partitions every d samples, with wfun a "
               "smoothing window applied to each, with m each padded with zeros to length m.",
         examples=(("PeriodogramArray[{1, 0, 0, 0}]", "{0.25, 0.25, 0.25, 0.25}"),))
def periodogram_array(ev, data, n=None, d=None, wfun=None, m=None):
    head = Symbol("PeriodogramArray")
    x = _reals(ev, data)
    if x is None:
        ev.message(head, "data", data)
        return None
    size = _positive(n, x.size)
    step = _positive(d, size)
    padded = _positive(m, size)
    for given, value in ((n, size), (d, step), (m, padded)):
        if value is None:
            ev.message(head, "part", given)
            return None
    size = min(size, x.size)
    weights = None if wfun is None else _window_weights(ev, wfun, size)
    if weights is False:
        ev.message(head, "window", wfun)
        return None
    parts = frames(x, size, step)
    if weights is not None:
        parts = parts * weights
    if padded > size:
        parts = np.pad(parts, ((0, 0), (0, padded - size)))
    power = np.abs(np.fft.fft(parts, axis=-1, norm="ortho")) ** 2
    return list_from_array(power.mean(axis=0))


# ============================================================================ filters

def _kernel(kind: str, cutoffs, size: int, weights) -> np.ndarray:
    """The windowed-sinc kernel of ``size`` taps: lowpass (below cutoffs[0]), highpass
    (above it) or bandpass (between cutoffs[0] and cutoffs[1]), radians per sample."""
    k = np.arange(size) - (size - 1) / 2

    def lowpass(w):
        return w / np.pi * np.sinc(w * k / np.pi)

    if kind == "Lowpass":
        h = lowpass(cutoffs[0])
    elif kind == "Highpass":
        h = np.sinc(k) - lowpass(cutoffs[0])          # all-pass minus lowpass
    else:
        h = lowpass(cutoffs[1]) - lowpass(cutoffs[0])
    return h if weights is None else h * weights


def _default_length(cutoff: float, n: int) -> int:
    """A kernel spanning a few periods of the cutoff frequency, odd, at most the data's
    length."""
    size = 2 * int(math.ceil(2 * math.pi / cutoff)) + 1
    return max(1, min(size, n if n % 2 else n - 1))


def _filter(ev, kind: str, data, omega, rest):
    head = Symbol(f"{kind}Filter")
    split = split_options(rest, {"Padding": S.Automatic, "SampleRate": S.Automatic})
    if split is None:
        return None
    positional, options = split
    if len(positional) > 2:
        return None
    x = _reals(ev, data)
    if x is None:
        ev.message(head, "data", data)
        return None
    rate = float_value(ev.evaluate(Expr(S.N, options["SampleRate"]))) \
        if options["SampleRate"] is not S.Automatic else 1.0
    wanted = 2 if kind == "Bandpass" else 1
    given = omega.args if is_list(omega) and kind == "Bandpass" else (omega,)
    cutoffs = [float_value(ev.evaluate(Expr(S.N, w))) for w in given]
    if rate is None or rate <= 0 or len(cutoffs) != wanted or any(
            c is None or not 0 < c / rate < np.pi for c in cutoffs) or sorted(cutoffs) != cutoffs:
        ev.message(head, "freq", omega)
        return None
    cutoffs = [c / rate for c in cutoffs]
    size = _default_length(min(cutoffs), x.size) if not positional else \
        _positive(positional[0], None)
    if size is None:
        ev.message(head, "part", positional[0])
        return None
    wfun = positional[1] if len(positional) > 1 else Symbol("HammingWindow")
    weights = _window_weights(ev, wfun, size)
    if weights is False:
        ev.message(head, "window", wfun)
        return None
    h = _kernel(kind, cutoffs, size, weights)
    before, after = (size - 1) // 2, size // 2
    padded = np.concatenate([np.full(before, x[0]), x, np.full(after, x[-1])])
    return list_from_array(np.convolve(padded, h[::-1], mode="valid"))


def _filter_builtin(kind: str, text: str, example):
    @builtin(f"{kind}Filter", argc=(2, None), attributes=("Protected",),
             messages=_SPECTRAL_MESSAGES, usage=text, examples=(example,))
    def apply_filter(ev, data, omega, *rest):
        return _filter(ev, kind, data, omega, rest)
    return apply_filter


_filter_builtin(
    "Lowpass", "LowpassFilter[data, ωc] keeps the frequencies of data below ωc (radians per "
    "sample); LowpassFilter[data, ωc, n] uses a kernel of length n, LowpassFilter[data, ωc, n, "
    "wfun] the smoothing window wfun (HammingWindow by default).",
    ("Max[Abs[LowpassFilter[ConstantArray[1., 20], 0.5] - 1]] < 0.05", "True"))
_filter_builtin(
    "Highpass", "HighpassFilter[data, ωc] keeps the frequencies of data above ωc (radians per "
    "sample); n and wfun as for LowpassFilter.",
    ("Max[Abs[HighpassFilter[ConstantArray[1., 20], 0.5]]] < 0.05", "True"))
_filter_builtin(
    "Bandpass", "BandpassFilter[data, {ω1, ω2}] keeps the frequencies of data between ω1 and "
    "ω2 (radians per sample); n and wfun as for LowpassFilter.",
    ("Max[Abs[BandpassFilter[ConstantArray[1., 40], {0.5, 1.5}]]] < 0.05", "True"))


@builtin("Periodogram", argc=(1, None), attributes=("Protected",), messages=_SPECTRAL_MESSAGES,
         usage="Periodogram[list, n, d, wfun, m] plots PeriodogramArray[list, n, d, wfun, m] "
               "in decibels (10 Log10) over the frequencies from 0 to half the sample rate "
               "(SampleRate -> r; 1 by default: cycles per sample), the first half of the "
               "spectrum of real data.",
         examples=(("Head[Periodogram[Sin[Range[64]/2.]]]", "Graphics"),))
def periodogram(ev, data, *rest):
    head = Symbol("Periodogram")
    split = split_options(rest, {"SampleRate": S.Automatic, "ScalingFunctions": S.Automatic,
                                 "FourierParameters": S.Automatic})
    if split is None:
        return None
    positional, options = split
    spectrum = periodogram_array(ev, data, *positional)
    if spectrum is None:
        return None
    power = packed_array(to_packed(spectrum, coerce=True)).astype(np.float64)
    rate = 1.0 if options["SampleRate"] is S.Automatic else \
        float_value(ev.evaluate(Expr(S.N, options["SampleRate"])))
    if rate is None or rate <= 0:
        return None
    half = power[:power.size // 2 + 1]
    freqs = np.arange(half.size) * rate / power.size
    decibels = 10 * np.log10(np.maximum(half, 1e-30))
    points = list_from_array(np.column_stack([freqs, decibels]))
    return ev.evaluate(Expr(Symbol("ListLinePlot"), points))
