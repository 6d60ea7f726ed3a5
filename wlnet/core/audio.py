"""Sampled sound: the ``Audio`` atom, its generators and editing, and WAV files.

An ``Audio`` holds an immutable float32 array of shape (channels, samples), values nominally
in -1..1, and a sample rate in Hz (44100 unless given, as in the Wolfram Language).  It is
an atom; it prints as ``Audio[<1 channel, 0.5 s, 44100 Hz>]`` and its InputForm is
``Audio[NumericArray[…, "Real32"], "Real32", SampleRate -> 44100]`` (a mono signal's data a
vector, several channels' a channels x samples matrix), which evaluates back to it.

``read_wav(bytes)`` decodes a RIFF/WAVE file (PCM of 8, 16, 24 or 32 bits, or IEEE float)
into an Audio, raising ``AudioFileError`` for a damaged or unknown file; ``wav_bytes(audio)``
encodes 16-bit PCM (what WL's Export writes by default).  ``resampled`` changes the sample
rate with a polyphase filter (scipy.signal.resample_poly); ``oscillation`` and ``noise``
make AudioGenerator's waveforms and noises.  Spectral features (STFT, mel filter banks, MFCC) are in
wlnet.core.audio_features.
"""

from __future__ import annotations

import io
import warnings
import wave
from fractions import Fraction

import numpy as np

from wlnet.core.expr import Atom, Expr, Integer, Real, String, Symbol

__all__ = ["Audio", "AudioFileError", "DEFAULT_RATE", "read_wav", "wav_bytes", "resampled",
           "mono", "oscillation", "noise", "WAVEFORMS", "NOISES", "duration_text",
           "normalization_spec", "normalization_expr", "normalized"]

DEFAULT_RATE = 44100                   # Audio[…] without SampleRate, AudioGenerator
DEFAULT_FREQUENCY = 440.0              # AudioGenerator["Sin"] and the other periodic waves


class AudioFileError(ValueError):
    """A file that is not a WAV file this module reads (damaged, truncated, other format)."""


class Audio(Atom):
    """A sampled sound (see the module docstring)."""

    __slots__ = ("_data", "_rate")
    head = Symbol("Audio")

    def __init__(self, data, sample_rate=DEFAULT_RATE):
        """``data``: a vector (one channel) or a channels x samples array of reals;
        ``sample_rate``: a positive number of samples a second."""
        arr = np.array(data, dtype=np.float32, order="C")
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or 0 in arr.shape:
            raise ValueError("an Audio needs a vector or a channels x samples array")
        if not sample_rate > 0:
            raise ValueError("the sample rate must be positive")
        arr.setflags(write=False)
        self._data = arr
        self._rate = int(sample_rate) if float(sample_rate).is_integer() else float(sample_rate)

    # ------------------------------------------------------------------ what it is
    @property
    def data(self) -> np.ndarray:
        """The (channels, samples) float32 array, read-only."""
        return self._data

    @property
    def sample_rate(self):
        """Samples a second: an int when whole, else a float."""
        return self._rate

    @property
    def channels(self) -> int:
        return self._data.shape[0]

    @property
    def length(self) -> int:
        """The number of samples (of each channel)."""
        return self._data.shape[1]

    @property
    def duration(self) -> float:
        return self.length / self._rate

    def reals(self) -> np.ndarray:
        return self._data.astype(np.float64)

    def with_data(self, data, sample_rate=None) -> "Audio":
        return Audio(data, self._rate if sample_rate is None else sample_rate)

    # ------------------------------------------------------------------ atom protocol
    def __eq__(self, other) -> bool:
        return (type(other) is Audio and other._rate == self._rate
                and other._data.shape == self._data.shape
                and np.array_equal(other._data, self._data))

    def __hash__(self) -> int:
        return hash(("Audio", self._rate, self._data.shape, self._data.tobytes()))

    def __repr__(self) -> str:
        return f"Audio(<{self.summary()}>)"

    def summary(self) -> str:
        """``1 channel, 0.5 s, 44100 Hz``: what the printed form shows."""
        channels = f"{self.channels} channel" + ("" if self.channels == 1 else "s")
        return f"{channels}, {duration_text(self.duration)} s, {_number_text(self._rate)} Hz"

    def to_expr_form(self) -> Expr:
        from wlnet.core.expr import S
        from wlnet.core.numeric_array import NumericArray
        data = self._data[0] if self.channels == 1 else self._data
        rate = Integer(self._rate) if isinstance(self._rate, int) else Real(self._rate)
        return Expr(self.head, NumericArray(data, "Real32"), String("Real32"),
                    Expr(S.Rule, Symbol("SampleRate"), rate))


def duration_text(seconds: float) -> str:
    """A duration to four significant digits, without a trailing point (0.5, 2, 0.02268)."""
    return _number_text(float(f"{seconds:.4g}"))


def _number_text(x) -> str:
    # positional digits, never Python's 6.803e-05 (a very short sound's duration)
    return str(int(x)) if float(x).is_integer() else \
        np.format_float_positional(float(x), trim="-")


# ---------------------------------------------------------------------------- editing

def mono(audio: Audio) -> np.ndarray:
    """The channels mixed down to one (their mean), float64."""
    return audio.reals().mean(axis=0)


def resampled(samples: np.ndarray, rate, new_rate) -> np.ndarray:
    """``samples`` (a vector, or channels x samples) at ``new_rate`` instead of ``rate``:
    polyphase resampling with scipy's anti-aliasing filter (the ratio made rational to a
    part in a million)."""
    if new_rate == rate:
        return samples
    from scipy.signal import resample_poly
    ratio = Fraction(new_rate / rate).limit_denominator(1_000_000) \
        if not (isinstance(rate, int) and isinstance(new_rate, int)) else Fraction(new_rate, rate)
    return resample_poly(samples, ratio.numerator, ratio.denominator, axis=-1)


def normalization_spec(e) -> tuple | None:
    """A "Normalization" setting (the audio encoders', AudioNormalize's) → (kind, value):
    None → ("None", 0); "Max" or Automatic → ("Max", 1); {"Max", v}; {"RMS", v}.  None
    when it is not one."""
    from wlnet.core.expr import S
    if type(e) is Symbol and e.name in ("None", "Automatic"):
        return ("None", 0.0) if e.name == "None" else ("Max", 1.0)
    if type(e) is String and e.value in ("Max", "RMS"):
        return (e.value, 1.0)
    if type(e) is Expr and e.head is S.List and len(e.args) == 2 and type(e.args[0]) is String \
            and e.args[0].value in ("Max", "RMS") and type(e.args[1]) in (Integer, Real) \
            and e.args[1].value > 0:
        return (e.args[0].value, float(e.args[1].value))
    return None


def normalization_expr(how: tuple):
    from wlnet.core.expr import S
    kind, value = how
    if kind == "None":
        return Symbol("None")
    return Expr(S.List, String(kind), Real(value))


def normalized(samples: np.ndarray, how: tuple) -> np.ndarray:
    """``samples`` scaled so that their largest absolute value ("Max") or their root mean
    square ("RMS") is the value of ``how`` (silence stays silence)."""
    kind, value = how
    if kind == "None":
        return samples
    size = np.abs(samples).max() if kind == "Max" else np.sqrt(np.mean(np.square(samples)))
    return samples * (value / size) if size > 0 else samples


# ---------------------------------------------------------------------------- generators
# A waveform is a function of the phase in cycles (f t + phase / 2 Pi): period 1.

def _sine(cycles, width):
    return np.sin(2 * np.pi * cycles)


def _square(cycles, width):
    return np.where(np.mod(cycles, 1.0) < 0.5, 1.0, -1.0)


def _pulse(cycles, width):
    """1 for the first ``width`` of each period, -1 for the rest."""
    return np.where(np.mod(cycles, 1.0) < width, 1.0, -1.0)


def _sawtooth(cycles, width):
    return 2.0 * np.mod(cycles + 0.5, 1.0) - 1.0          # rises through 0 at t = 0


def _triangle(cycles, width):
    return 1.0 - 4.0 * np.abs(np.mod(cycles + 0.25, 1.0) - 0.5)   # 0 at t = 0, rising


def _impulse(cycles, width):
    """1 at the first sample of each period, 0 elsewhere."""
    periods = np.floor(cycles)
    before = periods[0] - (1 if np.mod(cycles[0], 1.0) == 0 else 0)
    return (np.diff(periods, prepend=before) > 0).astype(np.float64)


WAVEFORMS = {"Sin": _sine, "Square": _square, "Pulse": _pulse, "Sawtooth": _sawtooth,
             "Triangle": _triangle, "Impulse": _impulse}
# coloured noises: the exponent a of their power spectral density 1/f^a
NOISES = {"White": 0.0, "Noise": 0.0, "Pink": 1.0, "Brown": 2.0, "Blue": -1.0}
DEFAULT_PULSE_WIDTH = 0.25


def oscillation(kind: str, n: int, rate, frequency: float | None = None, phase: float = 0.0,
                width: float = DEFAULT_PULSE_WIDTH) -> np.ndarray:
    """``n`` samples of a WAVEFORMS wave at ``frequency`` Hz (440 if None), starting at
    ``phase`` radians."""
    f = DEFAULT_FREQUENCY if frequency is None else frequency
    cycles = np.arange(n) * (f / rate) + phase / (2 * np.pi)
    return WAVEFORMS[kind](cycles, width)


def noise(exponent: float, n: int, rng) -> np.ndarray:
    """``n`` samples of noise whose power spectral density goes as 1/f^exponent: white
    noise (uniform in -1..1) itself for 0, else white noise shaped in the frequency domain
    and scaled to a peak of 1."""
    white = rng.uniform(-1.0, 1.0, n)
    if exponent == 0 or n < 2:
        return white
    spectrum = np.fft.rfft(white)
    f = np.arange(spectrum.size, dtype=np.float64)
    f[0] = 1.0                                       # the mean: left as white noise has it
    shaped = np.fft.irfft(spectrum / f ** (exponent / 2), n)
    return shaped / np.abs(shaped).max()


# ---------------------------------------------------------------------------- files



def read_wav(data: bytes) -> Audio:
    """An Audio of a WAV file's samples, scaled to -1..1 (PCM) or as stored (float)."""
    from scipy.io import wavfile
    try:
        with warnings.catch_warnings():        # chunks it skips: not the user's concern
            warnings.simplefilter("ignore")
            rate, samples = wavfile.read(io.BytesIO(data))
    except ValueError as err:       # scipy says what it does not read
        raise AudioFileError(f"the file is not a WAV file that can be read ({err})")
    except Exception:               # other kinds, from inside scipy's reader, for damaged files
        raise AudioFileError("the file is damaged or truncated")
    samples = np.asarray(samples)
    if samples.size == 0:
        raise AudioFileError("the file holds no samples")
    if samples.dtype == np.uint8:                     # 8-bit PCM is unsigned, 128 the zero
        values = (samples.astype(np.float64) - 128.0) / 128.0
    elif samples.dtype.kind == "i":
        values = samples.astype(np.float64) / float(-np.iinfo(samples.dtype).min)
    else:
        values = samples.astype(np.float64)
    values = values.T if values.ndim == 2 else values   # scipy gives samples x channels
    return Audio(values, rate)


def wav_bytes(audio: Audio) -> bytes:
    """A 16-bit PCM WAV file of ``audio`` (values clipped to -1..1)."""
    rate = audio.sample_rate
    if not isinstance(rate, int):
        raise AudioFileError("a WAV file needs a whole number of samples a second")
    pcm = np.round(np.clip(audio.reals(), -1.0, 1.0) * 32767.0).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(audio.channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.ascontiguousarray(pcm.T).tobytes())
    return buf.getvalue()
