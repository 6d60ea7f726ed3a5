"""The audio NetEncoders: "Audio", "AudioSTFT", "AudioSpectrogram", "AudioMelSpectrogram",
"AudioMFCC".

    NetEncoder[{"AudioMFCC", "SampleRate" -> 16000, "WindowSize" -> 400, …}]

Each takes an Audio object or File[path] (a WAV file), mixes its channels down to one,
resamples it to "SampleRate" (16000 by default), normalises it ("Normalization": None,
"Max", {"Max", v}, {"RMS", v}; Automatic is "Max") and brings it to "TargetLength" (All:
as it is; n: n samples for "Audio", n partitions for the others; a Quantity of time: that
duration), trimming or padding with silence.  Then:

* "Audio": the waveform, a {n, 1} matrix;
* the others partition it, "WindowSize" samples (Automatic: Ceiling[0.025 sr], as WL's
  documentation gives it) every "Offset" samples (Automatic: Ceiling[0.01 sr], the usual
  10 ms hop), each partition multiplied by "WindowFunction" (Automatic: HannWindow) —
  a signal shorter than one partition is padded to one — and give, per partition:
  "AudioSTFT" its Fourier transform as {re, im} pairs ({n, ws, 2}); "AudioSpectrogram" the
  magnitudes of its Floor[ws/2] + 1 non-negative frequencies ({n, Floor[ws/2] + 1});
  "AudioMelSpectrogram" those through "NumberOfFilters" (40) triangular mel filters between
  "MinimumFrequency" (Automatic: 0 Hz) and "MaximumFrequency" (Automatic: sr/2)
  ({n, nf}); "AudioMFCC" the first "NumberOfCoefficients" (13) of the FourierDCT of their
  logarithms ({n, nc}).  The numerics are in wlnet.core.audio_features.

The first dimension is a sequence ("Varying") unless "TargetLength" fixes it, so the
encoders feed recurrent layers, sequence layers and convolutions over time directly.
"Augmentation" perturbs the signal at random each time an example is encoded (see
wlnet.net.coders.audio_augmentation).
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.builtins.audio import hertz, read_audio_file, seconds
from wlnet.builtins.quantities import magnitude_in
from wlnet.core.audio import (Audio, AudioFileError, mono, normalization_expr, normalization_spec,
                              normalized, resampled)
from wlnet.core.audio_features import (WINDOWS, frame_count, magnitude_spectrogram,
                                       mel_spectrogram, mfcc, stft, window_values)
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.audio_augmentation import InvalidAugmentation, augmentation_from_expr
from wlnet.net.coders.base import Coder, CoderError, unknown_parameter
from wlnet.net.errors import NetSpecError
from wlnet.net.types import RealT, TensorT, dim_from_expr, dim_to_expr, fresh_length

__all__ = ["AudioEncoder", "AUDIO_ENCODERS", "audio_encoder_from_spec", "audio_encoder_from_form"]

AUDIO_ENCODERS = ("Audio", "AudioSTFT", "AudioSpectrogram", "AudioMelSpectrogram", "AudioMFCC")
DEFAULT_RATE = 16000                 # the encoders' "SampleRate"
GENERAL = ("Augmentation", "Normalization", "SampleRate", "TargetLength")
PARTITIONING = ("WindowSize", "Offset", "WindowFunction")
MEL = ("MinimumFrequency", "MaximumFrequency", "NumberOfFilters")
# the parameters each encoder takes, in the order its parameter association shows them
PARAMETERS = {"Audio": GENERAL, "AudioSTFT": GENERAL + PARTITIONING,
              "AudioSpectrogram": GENERAL + PARTITIONING,
              "AudioMelSpectrogram": GENERAL + PARTITIONING + MEL,
              "AudioMFCC": GENERAL + PARTITIONING + MEL + ("NumberOfCoefficients",)}


def _audio_of(x):
    """The Audio an encoder input stands for (an Audio, or File[path] read), else None."""
    if type(x) is Audio:
        return x
    if type(x) is Expr and x.head == Symbol("File") and len(x.args) == 1 \
            and type(x.args[0]) is String:
        try:
            return read_audio_file(x.args[0].value)
        except AudioFileError as err:
            raise CoderError(f"the file cannot be read as audio ({err})")
    return None


def _fitted(x: np.ndarray, n: int) -> np.ndarray:
    """``x`` trimmed or padded with zeros to ``n`` samples."""
    return x[:n] if x.shape[0] >= n else np.concatenate([x, np.zeros(n - x.shape[0])])


@attrs.frozen(slots=True)
class AudioEncoder(Coder):
    kind = "Encoder"
    allows_bypass = True                 # WL's AllowBypass
    name: str = "Audio"
    sample_rate: int = DEFAULT_RATE
    normalization: tuple = ("None", 0.0)
    target_length: object = "All"            # "All", a count (int) or seconds (float)
    window_size: int = 400
    offset: int = 160
    window: str = "HannWindow"
    min_frequency: float = 0.0
    max_frequency: float = DEFAULT_RATE / 2
    filters: int = 40
    coefficients: int = 13
    length: object = attrs.field(factory=fresh_length)
    augmentation: object = None              # an audio_augmentation.Augmentation

    # ------------------------------------------------------------------ shapes
    @property
    def gives_numeric_array(self) -> bool:
        # its page: "applies the encoder to an input to produce a "Real32" NumericArray"
        # (the other audio encoders' pages say "an output", a NumericArray only for one)
        return self.name == "AudioSpectrogram"

    @property
    def partitioned(self) -> bool:
        return self.name != "Audio"

    @property
    def feature_dims(self) -> tuple:
        """The dimensions of one step of the output sequence."""
        return {"Audio": (1,), "AudioSTFT": (self.window_size, 2),
                "AudioSpectrogram": (self.window_size // 2 + 1,),
                "AudioMelSpectrogram": (self.filters,),
                "AudioMFCC": (self.coefficients,)}[self.name]

    @property
    def steps(self) -> int | None:
        """The fixed number of output steps "TargetLength" gives (None with All)."""
        if self.target_length == "All":
            return None
        if isinstance(self.target_length, int):
            return self.target_length
        samples = max(1, round(self.target_length * self.sample_rate))
        return frame_count(samples, self.window_size, self.offset) if self.partitioned \
            else samples

    @property
    def type(self):
        steps = self.steps
        return TensorT((self.length if steps is None else steps,) + self.feature_dims, RealT)

    # ------------------------------------------------------------------ encoding
    def takes(self, x) -> bool:
        return type(x) is Audio or (type(x) is Expr and x.head == Symbol("File"))

    def signal(self, x) -> np.ndarray:
        """The preprocessed samples: one channel, resampled, normalised, to length."""
        audio = _audio_of(x)
        if audio is None:
            raise CoderError("input is not an Audio object or a WAV file")
        samples = normalized(resampled(mono(audio), audio.sample_rate, self.sample_rate),
                             self.normalization)
        if self.augmentation is not None:
            samples = self.augmentation.augmented(samples, self.sample_rate)
        steps = self.steps
        if steps is None:
            return samples
        if self.partitioned:
            return _fitted(samples, (steps - 1) * self.offset + self.window_size)
        return _fitted(samples, steps)

    def encode_array(self, x):
        samples = self.signal(x)
        if self.name == "Audio":
            return samples[:, None]
        window = window_values(self.window, self.window_size)
        size, offset = self.window_size, self.offset
        if self.name == "AudioSTFT":
            z = stft(samples, size, offset, window)
            return np.stack([z.real, z.imag], axis=-1)
        if self.name == "AudioSpectrogram":
            return magnitude_spectrogram(samples, size, offset, window)
        mel = (self.sample_rate, self.filters, self.min_frequency, self.max_frequency)
        warp = None if self.augmentation is None else \
            self.augmentation.warp(self.min_frequency, self.max_frequency)
        if self.name == "AudioMelSpectrogram":
            return mel_spectrogram(samples, size, offset, *mel, window, warp)
        return mfcc(samples, size, offset, *mel, self.coefficients, window, warp)

    # ------------------------------------------------------------------ the WL side
    def _param(self, key: str):
        target = self.target_length
        values = {
            "Augmentation": Symbol("None") if self.augmentation is None
            else self.augmentation.spec,
            "Normalization": normalization_expr(self.normalization),
            "SampleRate": Integer(self.sample_rate),
            "TargetLength": S.All if target == "All" else Integer(target)
            if isinstance(target, int) else Expr(Symbol("Quantity"), Real(target),
                                                 String("Seconds")),
            "WindowSize": Integer(self.window_size), "Offset": Integer(self.offset),
            "WindowFunction": Symbol(self.window),
            "MinimumFrequency": Real(self.min_frequency),
            "MaximumFrequency": Real(self.max_frequency),
            "NumberOfFilters": Integer(self.filters),
            "NumberOfCoefficients": Integer(self.coefficients)}
        return values[key]

    def params_expr(self):
        return [(key, self._param(key)) for key in PARAMETERS[self.name]] \
            + [("$Length", dim_to_expr(self.length))]

    def properties(self):
        return list(PARAMETERS[self.name])

    def summary_parts(self) -> list[str]:
        """What the REPL's one-line form shows after the name."""
        steps = self.steps
        dims = ['"Varying"' if steps is None else str(steps)] + [str(d) for d in self.feature_dims]
        return [f"{self.sample_rate} Hz", "output {" + ", ".join(dims) + "}"]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))


# ---------------------------------------------------------------------------- reading specs

def _positive_int(e) -> int | None:
    return e.value if type(e) is Integer and e.value > 0 else None


def _rules(spec, rest) -> dict:
    """The parameters given as rules; a key may be a string or a symbol of that name
    (SampleRate -> 16000, as Audio's option is written; the image coders read ColorSpace
    so too)."""
    out = {}
    for r in rest:
        key = r.args[0] if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) else None
        if type(key) is String:
            out[key.value] = r.args[1]
        elif type(key) is Symbol:
            out[key.name] = r.args[1]
        else:
            raise NetSpecError("invenc", spec)
    return out


def _count_or_auto(e, spec, automatic: int) -> int:
    if type(e) is Symbol and e.name == "Automatic":
        return automatic
    n = _positive_int(e)
    if n is None:
        raise NetSpecError("invenc", spec)
    return n


def _frequency(e, spec, automatic: float) -> float:
    if type(e) is Symbol and e.name == "Automatic":
        return automatic
    f = float_value(e)
    f = magnitude_in(e, "Hertz") if f is None else f
    if f is None or f < 0:
        raise NetSpecError("invenc", spec)
    return f


def _target_length(e, spec):
    if e is S.All:
        return "All"
    n = _positive_int(e)
    if n is not None:
        return n
    t = seconds(e) if type(e) is Expr else None          # a duration: a Quantity of time
    if t is None or t <= 0:
        raise NetSpecError("invenc", spec)
    return t


def _window_name(e, spec) -> str:
    name = e.name if type(e) is Symbol else None
    if name == "Automatic":
        return "HannWindow"
    if name not in WINDOWS:
        raise NetSpecError("invenc", spec)
    return name


def _encoder(name: str, opts: dict, spec) -> AudioEncoder:
    get = opts.get
    auto = Symbol("Automatic")
    try:
        augmentation = augmentation_from_expr(get("Augmentation", Symbol("None")),
                                              spectral=name in ("AudioMelSpectrogram", "AudioMFCC"))
    except InvalidAugmentation:
        raise NetSpecError("invenc", spec)
    rate = hertz(get("SampleRate", Integer(DEFAULT_RATE)))
    if rate is None or not float(rate).is_integer():
        raise NetSpecError("invenc", spec)
    rate = int(rate)
    how = normalization_spec(get("Normalization", Symbol("None")))
    if how is None:
        raise NetSpecError("invenc", spec)
    size = _count_or_auto(get("WindowSize", auto), spec, math.ceil(0.025 * rate))
    offset = _count_or_auto(get("Offset", auto), spec, math.ceil(0.01 * rate))
    low = _frequency(get("MinimumFrequency", auto), spec, 0.0)
    high = _frequency(get("MaximumFrequency", auto), spec, rate / 2)
    filters = _count_or_auto(get("NumberOfFilters", Integer(40)), spec, 40)
    coefficients = _count_or_auto(get("NumberOfCoefficients", Integer(13)), spec, 13)
    if not low < high <= rate / 2 or coefficients > filters:
        raise NetSpecError("invenc", spec)
    return AudioEncoder(name, rate, how, _target_length(get("TargetLength", S.All), spec),
                        size, offset, _window_name(get("WindowFunction", auto), spec),
                        low, high, filters, coefficients, augmentation=augmentation)


def audio_encoder_from_spec(spec, name: str, rest: list) -> AudioEncoder:
    """``NetEncoder["AudioMFCC"]`` / ``NetEncoder[{"AudioMFCC", "param" -> v, …}]``."""
    opts = _rules(spec, rest)
    for key in opts:
        if key not in PARAMETERS[name]:
            raise unknown_parameter("encoder", name, key, PARAMETERS[name])
    return _encoder(name, opts, spec)


def audio_encoder_from_form(name: str, params: dict) -> AudioEncoder:
    """The encoder a stored ``NetEncoder[name, <|params|>, type]`` describes."""
    length = params.get("$Length")
    opts = {k: v for k, v in params.items() if k in PARAMETERS[name]}
    enc = _encoder(name, opts, Expr(S.List, String(name)))
    return attrs.evolve(enc, length=dim_from_expr(length)) if length is not None else enc
