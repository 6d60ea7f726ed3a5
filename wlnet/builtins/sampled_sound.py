"""Sounds made of samples, as programs listen to what a net generates:
``ListPlay[{a1, a2, …}]`` and ``Play[f, {t, tmin, tmax}]`` give
``Sound[SampledSoundList[samples, rate]]`` (SampleRate 8000 unless given, as in WL;
Play samples f at that rate), which ``Audio`` turns into an Audio object and ``Duration``
measures.  Several channels are a list of lists.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.builtins.audio import hertz
from wlnet.core.audio import Audio
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, builtin_upvalue, declare, read_options

SAMPLED = Symbol("SampledSoundList")
SOUND = Symbol("Sound")
_RATE = {"SampleRate": Integer(8000)}
_MESSAGES = {
    "data": "`1` is not a list of real sample values, or a list of channels of equal length.",
    "srate": "`1` is not a sample rate: a positive number of samples a second.",
    "range": "`1` is not a time range {t, tmin, tmax} with tmin < tmax.",
    "nonum": "`1` does not give real numbers over the time range.",
}

declare("SampledSoundList", attributes=("Protected",),
        usage="SampledSoundList[{a1, a2, …}, r] is a sound primitive of samples ai at r "
              "samples a second (a list of lists: one per channel).")


def _samples(ev, data) -> np.ndarray | None:
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, data)), coerce=True)) \
        if is_list(data) else None
    if arr is None or arr.ndim not in (1, 2) or arr.dtype.kind not in "if" or arr.size == 0:
        return None
    return arr.astype(np.float64)


def _rate(ev, head, options):
    rate = hertz(options["SampleRate"])
    if rate is None or rate <= 0:
        ev.message(head, "srate", options["SampleRate"])
    return rate if rate and rate > 0 else None


def _sound(samples: np.ndarray, rate: float) -> Expr:
    r = Integer(int(rate)) if float(rate).is_integer() else Real(rate)
    return Expr(SOUND, Expr(SAMPLED, list_from_array(samples), r))


@builtin("ListPlay", argc=(1, None), messages=_MESSAGES,
         usage="ListPlay[{a1, a2, …}] is a Sound of the samples ai (SampleRate -> r: r a "
               "second, 8000 by default); a list of lists plays a channel each.",
         examples=(("ListPlay[{0., 0.5, -0.5}]", "Sound[SampledSoundList[{0., 0.5, -0.5}, 8000]]"),))
def list_play(ev, data, *rest):
    split = read_options(ev, Expr(Symbol("ListPlay"), data, *rest), rest, _RATE)
    if split is None:
        return None
    samples = _samples(ev, data)
    if samples is None:
        ev.message(Symbol("ListPlay"), "data", data)
        return None
    rate = _rate(ev, Symbol("ListPlay"), split[1])
    return None if rate is None else _sound(samples, rate)


@builtin("Play", argc=(2, None), attributes=("HoldAll", "Protected"), messages=_MESSAGES,
         usage="Play[f, {t, tmin, tmax}] is a Sound of f sampled from tmin to tmax at "
               "SampleRate -> r samples a second (8000 by default); a list of functions "
               "gives a channel each.",
         examples=(("Length[Play[Sin[2 Pi 440 t], {t, 0, 0.01}][[1, 1]]]", "80"),))
def play(ev, f, spec, *rest):
    head = Symbol("Play")
    split = read_options(ev, Expr(head, f, spec, *rest), rest, _RATE)
    if split is None:
        return None
    if not (is_list(spec) and len(spec.args) == 3 and type(spec.args[0]) is Symbol):
        ev.message(head, "range", spec)
        return None
    lo, hi = (float_value(ev.evaluate(Expr(S.N, a))) for a in spec.args[1:])
    rate = _rate(ev, head, split[1])
    if rate is None:
        return None
    if lo is None or hi is None or not lo < hi:
        ev.message(head, "range", spec)
        return None
    times = lo + np.arange(int(np.floor((hi - lo) * rate))) / rate
    table = Expr(S.Table, f, Expr(S.List, spec.args[0], Expr(S.List, *[Real(float(t))
                                                                       for t in times])))
    values = _samples(ev, ev.evaluate(table))
    if values is None:
        ev.message(head, "nonum", f)
        return None
    if values.ndim == 2:                  # {f1, f2} per time: a channel per function
        values = values.T
    return _sound(values, rate)


def sampled_sound(e) -> tuple[np.ndarray, float] | None:
    """(samples, rate) of Sound[SampledSoundList[samples, rate]], or None."""
    if not (type(e) is Expr and e.head is SOUND and len(e.args) == 1):
        return None
    inner = e.args[0]
    if not (type(inner) is Expr and inner.head is SAMPLED and len(inner.args) == 2):
        return None
    arr = packed_array(to_packed(inner.args[0], coerce=True))
    rate = float_value(inner.args[1])
    if arr is None or rate is None or arr.dtype.kind not in "if":
        return None
    return arr.astype(np.float64), rate


@builtin_upvalue("Audio", "Sound")
def _audio_of_sound(ev, sound, *rest):
    """Audio[Sound[SampledSoundList[…]]]: the samples as an Audio object (at their rate)."""
    found = sampled_sound(sound)
    if found is None or rest:
        return None
    samples, rate = found
    return Audio(samples if samples.ndim == 2 else samples[None, :],
                 int(rate) if float(rate).is_integer() else rate)


@builtin_upvalue("Duration", "Sound")
def _duration_of_sound(ev, sound, *rest):
    """Duration[Sound[SampledSoundList[…]]]: its samples over its rate, in seconds (a
    Sound of notes is Duration's own)."""
    found = sampled_sound(sound)
    if found is None or rest:
        return None
    samples, rate = found
    return Expr(Symbol("Quantity"), Real(samples.shape[-1] / rate), String("Seconds"))
