"""The audio encoders' "Augmentation": random perturbations of the signal.

    NetEncoder[{"AudioMelSpectrogram", "Augmentation" -> <|"Volume" -> {0.5, 1.5},
        "TimeShift" -> Scaled[{-0.1, 0.1}], "Noise" -> 0.01, "VTLP" -> {0.9, 1.1}|>}]

The setting is None, or rules (a list or an association) with the keys of the pages:

* "Convolution" -> signal | {mix, signal}: the input convolved with the impulse response
  ``signal`` (an Audio object or File[…]); with ``mix`` the result is (1 - mix) input +
  mix convolved.  The convolved signal keeps the input's RMS level, so that the impulse
  response's own gain does not change the loudness.
* "Noise" -> amp | signal | {amp, signal}: white noise of amplitude ``amp`` (uniform in
  -amp..amp) added; or the noise ``signal`` added (repeated as needed, from a random
  start), multiplied by ``amp`` when given.
* "TimeShift" -> t | Scaled[s] | All: the input delayed by t seconds (advanced when
  t < 0), or by s times its duration (All: Scaled[{-1, 0}]), padded with silence and
  trimmed to its length.
* "Volume" -> v: the input multiplied by v (not negative).
* "VTLP" -> a | {a, low, high} (the "AudioMelSpectrogram" and "AudioMFCC" encoders): vocal
  tract length perturbation, the frequency axis warped by the factor a before the mel
  filters, from ``low`` (Automatic: the encoder's "MinimumFrequency") with its knee set by
  ``high`` (Automatic: 4500 Hz or 0.9 of "MaximumFrequency", the smaller), see
  wlnet.core.audio_features.vtlp_frequencies.

Each numeric value is a number, {min, max} (drawn uniformly between them each time), or a
univariate distribution (drawn with RandomVariate in the session); None leaves that
perturbation out.  The perturbations are drawn anew each time the encoder encodes an
example, from the session's generator (SeedRandom makes them repeatable), and are applied
to the resampled, normalised signal before it is brought to "TargetLength".
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.core.expr import Expr, S, Symbol
from wlnet.net.coders.base import CoderError, coder_evaluator, sampling_rng

__all__ = ["Augmentation", "augmentation_from_expr", "KEYS"]

KEYS = ("Convolution", "Noise", "TimeShift", "Volume", "VTLP")
SPECTRAL_KEYS = ("VTLP",)              # only for the encoders with mel filters


class InvalidAugmentation(ValueError):
    """The "Augmentation" setting is not one the encoders take."""


# ---------------------------------------------------------------------------- random values

@attrs.frozen(slots=True)
class RandomValue:
    """A number, a uniform range (low, high) or a distribution expression."""
    low: float = 0.0
    high: float = 0.0
    distribution: object = None

    def draw(self, rng) -> float:
        if self.distribution is not None:
            got = coder_evaluator().evaluate(Expr(Symbol("RandomVariate"), self.distribution))
            value = float_value(got)
            if value is None:
                raise CoderError(f"{self.distribution} did not give a number")
            return value
        return self.low if self.low == self.high else float(rng.uniform(self.low, self.high))


def _is_distribution(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name.endswith("Distribution")


def _random_value(e, read=float_value) -> RandomValue:
    """A number, {min, max} or a distribution (``read``: a number from an atom)."""
    if _is_distribution(e):
        return RandomValue(distribution=e)
    one = read(e)
    if one is not None:
        return RandomValue(one, one)
    if type(e) is Expr and e.head is S.List and len(e.args) == 2:
        low, high = read(e.args[0]), read(e.args[1])
        if low is not None and high is not None and low <= high:
            return RandomValue(low, high)
    raise InvalidAugmentation(e)


def _signed_seconds(e) -> float | None:
    """A number of seconds or a Quantity of time, of either sign."""
    from wlnet.builtins.quantities import magnitude_in
    value = float_value(e)
    return value if value is not None else magnitude_in(e, "Seconds")


def _is_signal(e) -> bool:
    """An Audio object or File["path"]."""
    from wlnet.core.audio import Audio
    from wlnet.core.expr import String
    return type(e) is Audio or (type(e) is Expr and e.head == Symbol("File") and len(e.args) == 1
                                and type(e.args[0]) is String)


def _samples(e, rate: int) -> np.ndarray:
    """A signal setting (Audio or File[…]) as one channel at ``rate``."""
    from wlnet.builtins.audio import read_audio_file
    from wlnet.core.audio import Audio, AudioFileError, mono, resampled
    audio = e
    if type(e) is not Audio:
        try:
            audio = read_audio_file(e.args[0].value)
        except AudioFileError as err:
            raise CoderError(f"the augmentation signal {e} cannot be read ({err})")
    return resampled(mono(audio), audio.sample_rate, rate)


# ---------------------------------------------------------------------------- the setting

@attrs.frozen(slots=True)
class Augmentation:
    spec: object                                   # the setting as given, shown back
    convolution: tuple | None = None               # (mix RandomValue | None, signal)
    noise: tuple | None = None                     # (amp RandomValue | None, signal | None)
    time_shift: tuple | None = None                # (RandomValue, scaled: bool)
    volume: RandomValue | None = None
    vtlp: tuple | None = None                      # (factor RandomValue, low, high)

    def augmented(self, x: np.ndarray, rate: int) -> np.ndarray:
        """The perturbed signal (the same length as ``x``)."""
        rng = sampling_rng()
        if self.convolution is not None:
            x = self._convolved(x, rate, rng)
        if self.noise is not None:
            x = self._noisy(x, rate, rng)
        if self.time_shift is not None:
            value, scaled = self.time_shift
            t = value.draw(rng) * (x.shape[0] / rate if scaled else 1.0)
            x = _shifted(x, round(t * rate))
        if self.volume is not None:
            x = x * self.volume.draw(rng)
        return x

    def warp(self, min_frequency: float, max_frequency: float) -> tuple | None:
        """The VTLP warp (factor, low, high) for one example, None without VTLP."""
        if self.vtlp is None:
            return None
        factor, low, high = self.vtlp
        low = min_frequency if low is None else low
        high = min(4500.0, 0.9 * max_frequency) if high is None else high
        return factor.draw(sampling_rng()), low, max(high, low)

    def _convolved(self, x, rate, rng):
        from scipy.signal import fftconvolve
        mix, signal = self.convolution
        wet = fftconvolve(x, _samples(signal, rate))[:x.shape[0]]
        level, wet_level = np.sqrt(np.mean(x * x)), np.sqrt(np.mean(wet * wet))
        if wet_level > 0:
            wet = wet * (level / wet_level)
        m = 1.0 if mix is None else mix.draw(rng)
        return (1.0 - m) * x + m * wet

    def _noisy(self, x, rate, rng):
        amp, signal = self.noise
        a = 1.0 if amp is None else amp.draw(rng)
        if signal is None:
            return x + rng.uniform(-a, a, x.shape[0])
        noise = _samples(signal, rate)
        if noise.shape[0] == 0:
            return x
        start = int(rng.integers(noise.shape[0]))
        idx = (start + np.arange(x.shape[0])) % noise.shape[0]     # repeated as needed
        return x + a * noise[idx]


def _shifted(x: np.ndarray, k: int) -> np.ndarray:
    """``x`` delayed by ``k`` samples (advanced for k < 0), silence filling in."""
    out = np.zeros_like(x)
    n = x.shape[0]
    if abs(k) >= n:
        return out
    if k >= 0:
        out[k:] = x[:n - k]
    else:
        out[:n + k] = x[-k:]
    return out


def _rules(e) -> dict:
    if type(e) is Expr and e.head in (S.List, S.Association):
        items = e.args
    else:
        raise InvalidAugmentation(e)
    out = {}
    for r in items:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2
                and getattr(r.args[0], "value", None) in KEYS):
            raise InvalidAugmentation(e)
        out[r.args[0].value] = r.args[1]
    return out


def _none(e) -> bool:
    return type(e) is Symbol and e.name == "None"


def _mixed(e):
    """signal | {value, signal}: (RandomValue | None, signal)."""
    if _is_signal(e):
        return None, e
    if type(e) is Expr and e.head is S.List and len(e.args) == 2 and _is_signal(e.args[1]):
        return _random_value(e.args[0]), e.args[1]
    raise InvalidAugmentation(e)


def _noise(e):
    """amp | signal | {amp, signal}."""
    try:
        return _random_value(e), None
    except InvalidAugmentation:
        return _mixed(e)


def _time_shift(e):
    if e is S.All:                                 # anywhere back to the start
        return RandomValue(-1.0, 0.0), True
    if type(e) is Expr and e.head == Symbol("Scaled") and len(e.args) == 1:
        return _random_value(e.args[0]), True
    return _random_value(e, _signed_seconds), False


def _not_negative(value: RandomValue) -> RandomValue:
    if value.distribution is None and value.low < 0:
        raise InvalidAugmentation(value)
    return value


def _vtlp(e):
    """a | {a, low, high} (a: a number, {min, max} or a distribution; low, high: Hz or
    Automatic, low < high)."""
    if type(e) is Expr and e.head is S.List and len(e.args) == 3:
        auto = lambda x: None if x == Symbol("Automatic") else float_value(x)
        low, high = auto(e.args[1]), auto(e.args[2])
        given = [x for x, a in ((low, e.args[1]), (high, e.args[2])) if a != Symbol("Automatic")]
        if any(x is None or x < 0 for x in given) or (low is not None and high is not None
                                                     and not low < high):
            raise InvalidAugmentation(e)
        return _positive(_random_value(e.args[0])), low, high
    return _positive(_random_value(e)), None, None


def _positive(value: RandomValue) -> RandomValue:
    if value.distribution is None and value.low <= 0:
        raise InvalidAugmentation(value)
    return value


def augmentation_from_expr(e, spectral: bool) -> Augmentation | None:
    """The "Augmentation" setting ``e`` (None for None); InvalidAugmentation if it is not
    one.  ``spectral``: the encoder has mel filters (it takes "VTLP")."""
    if _none(e):
        return None
    given = {k: v for k, v in _rules(e).items() if not _none(v)}
    if not spectral and any(k in given for k in SPECTRAL_KEYS):
        raise InvalidAugmentation(e)
    made = {}
    if "Convolution" in given:
        made["convolution"] = _mixed(given["Convolution"])
    if "Noise" in given:
        made["noise"] = _noise(given["Noise"])
        if made["noise"][0] is not None:
            _positive(made["noise"][0])
    if "TimeShift" in given:
        made["time_shift"] = _time_shift(given["TimeShift"])
    if "Volume" in given:
        made["volume"] = _not_negative(_random_value(given["Volume"]))
    if "VTLP" in given:
        made["vtlp"] = _vtlp(given["VTLP"])
    return Augmentation(e, **made)
