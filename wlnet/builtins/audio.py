"""The Audio atom's WL face: construction, data and properties, generators, editing,
spectrograms.

    Audio[data, SampleRate -> r], Audio[File[path]], AudioQ
    AudioData[audio], AudioData[audio, type], AudioLength, Duration, AudioSampleRate,
    AudioChannels, AudioType
    AudioGenerator["Sin" | {"Sin", f} | "Square" | "Sawtooth" | "Triangle" | "White" |
                   "Noise" | f, duration, SampleRate -> r]
    AudioResample, AudioTrim, AudioPad, AudioNormalize, AudioAmplify, AudioReverse,
    AudioJoin, AudioSplit, AudioPartition, AudioChannelMix, AudioChannelSeparate,
    AudioChannelCombine, SpectrogramArray

Times are seconds (a number) or a Quantity of time; a sample rate is a number of Hz or a
Quantity of frequency.  The samples and their operations live in wlnet.core.audio and
wlnet.core.audio_features; this module reads the arguments and reports what is wrong with
them as WL messages.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.builtins.quantities import magnitude_in
from wlnet.core.audio import (DEFAULT_PULSE_WIDTH, DEFAULT_RATE, NOISES, WAVEFORMS, Audio,
                              AudioFileError, mono, noise, normalized, normalization_spec,
                              oscillation, read_wav, resampled)
from wlnet.core.audio_features import (WINDOWS, frame_count, magnitude_spectrogram, stft,
                                       window_values)
from wlnet.core.expr import (FALSE, TRUE, Complex, Expr, Integer, Real, S, String, Symbol,
                             from_python)
from wlnet.core.numeric_array import reals_expr, to_numpy_data
from wlnet.core.registry import builtin, declare, split_options

AUDIOINV = "`1` is not an Audio object."
TIMEINV = "`1` is not a valid time specification (seconds, or a Quantity of time)."
RATEINV = "`1` is not a valid sample rate (a positive number of Hz, or a Quantity of frequency)."
QUANTITY = Symbol("Quantity")


RATE_OPTION = {"SampleRate": Integer(DEFAULT_RATE)}


def _rate_options(ev, head, first, rest):
    """(positional arguments, {"SampleRate": value}) of head[first, rest…]; None after
    General::optx for an option other than SampleRate."""
    split = split_options(rest, RATE_OPTION)
    if split is None:
        unknown = next(r for r in reversed(rest) if type(r) is Expr and r.head in (
            S.Rule, S.RuleDelayed) and getattr(r.args[0], "name", getattr(
                r.args[0], "value", None)) != "SampleRate")
        ev.message(head, "optx", unknown.args[0], Expr(head, first, *rest))
    return split


def seconds(e) -> float | None:
    """A time: a non-negative number of seconds or a Quantity of time; None otherwise."""
    value = float_value(e)
    if value is None:
        value = magnitude_in(e, "Seconds")
    return value if value is not None and value >= 0 else None


def hertz(e) -> float | None:
    """A rate: a positive number of Hz or a Quantity of frequency; None otherwise."""
    value = float_value(e)
    if value is None:
        value = magnitude_in(e, "Hertz")
    return value if value is not None and value > 0 else None


def _rate(value: float):
    return int(value) if float(value).is_integer() else value


def _samples(audio: Audio, t: float) -> int:
    return int(round(t * audio.sample_rate))


def _quantity(x, unit: str):
    return Expr(QUANTITY, Integer(x) if isinstance(x, int) else Real(float(x)), String(unit))


def _audio_or_message(ev, name: str, a):
    if type(a) is Audio:
        return a
    ev.message(Symbol(name), "audioinv", a)
    return None


# ---------------------------------------------------------------------------- Audio

# sample types: None for reals, else the integer that stands for 1
_DATA_TYPES = {"Real32": None, "Real64": None, "Real": None,
               "SignedInteger8": 127, "SignedInteger16": 32767, "SignedInteger32": 2**31 - 1}


def _channels_array(data):
    """Sample values → a (channels, samples) float64 array: a list of numbers is one
    channel, a list of equal-length lists (or a matrix NumericArray) one per channel."""
    arr = to_numpy_data(data)
    if arr is None or arr.dtype.kind not in "iuf" or arr.ndim not in (1, 2) or arr.size == 0:
        return None
    return arr.astype(np.float64)


def _file_path(e) -> str | None:
    if type(e) is String:
        return e.value
    if type(e) is Expr and e.head == Symbol("File") and len(e.args) == 1 \
            and type(e.args[0]) is String:
        return e.args[0].value
    return None


def read_audio_file(path: str) -> Audio:
    """The Audio in a WAV file; AudioFileError if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return read_wav(fh.read())
    except OSError as err:
        raise AudioFileError(f"cannot read the file ({err.strerror})")


# Music as symbolic data (music-generation scripts build Sound[{SoundNote[…], …}] from what a
# net writes): inert heads, as WL keeps them until they are played
declare("Sound", attributes=("Protected", "ReadProtected"),
        usage="Sound[{primitives…}] represents a sound made of SoundNote and other primitives.")
declare("SoundNote", attributes=("Protected", "ReadProtected"),
        usage="SoundNote[pitch, {tmin, tmax}, \"instrument\"] represents a music note: pitch "
              "a note name (\"C#4\") or a number of semitones from middle C, None a rest.")


@builtin("Audio", argc=(1, None),
         usage="Audio[{a1, a2, …}] is a sound of one channel with samples ai (reals from -1 to "
               "1); Audio[{{a1, …}, {b1, …}}] one of a channel per list; SampleRate -> r "
               "gives its samples a second (44100 by default); Audio[data, "
               "\"SignedInteger16\"] reads integer samples (32767 stands for 1); "
               "Audio[File[\"f.wav\"]] reads a WAV file.",
         examples=(("AudioLength[Audio[{0.1, 0.2, 0.3}]]", "3"),),
         options=RATE_OPTION,
         messages={"data": "`1` is not a list of sample values, a list of channels of equal "
                           "length, or a WAV file.",
                   "srate": RATEINV,
                   "type": "`1` is not a valid audio type (\"Real32\", \"Real64\", "
                           "\"SignedInteger16\", …).",
                   "file": "Cannot read `1` as audio: `2`."})
def audio(ev, data, *rest):
    split = _rate_options(ev, S.Audio, data, rest)
    if split is None:
        return None
    positional, opts = split
    if positional and not (len(positional) == 1 and type(positional[0]) is String
                           and positional[0].value in _DATA_TYPES):
        ev.message(S.Audio, "type", positional[0])
        return None
    scale = _DATA_TYPES[positional[0].value] if positional else None
    rate = hertz(opts["SampleRate"])
    if rate is None:
        ev.message(S.Audio, "srate", opts["SampleRate"])
        return None
    given = any(type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) for r in rest)
    if type(data) is Audio:
        return Audio(data.data, _rate(rate)) if given else data
    path = _file_path(data)
    if path is not None:
        try:
            return read_audio_file(path)
        except AudioFileError as err:
            ev.message(S.Audio, "file", data, str(err))
            return Symbol("$Failed")
    arr = _channels_array(data)
    if arr is None and type(data) is Expr and data.head is S.List:
        arr = _channels_array(ev.evaluate(Expr(S.N, data)))      # exact numeric samples
    if arr is None:
        ev.message(S.Audio, "data", data)
        return None
    return Audio(arr if scale is None else arr / scale, _rate(rate))   # integers: to -1..1


@builtin("AudioQ", argc=1, usage="AudioQ[x] is True if x is an Audio object, else False.",
         examples=(("AudioQ /@ {Audio[{0.5}], {0.5}}", "{True, False}"),))
def audio_q(ev, x):
    return TRUE if type(x) is Audio else FALSE


def _expect_audio(name: str, usage: str, examples=()):
    """A builtin of one Audio argument giving a property of it."""
    def register(func):
        def run(ev, a):
            if _audio_or_message(ev, name, a) is None:
                return None
            return func(a)
        return builtin(name, argc=1, usage=usage, examples=examples,
                       messages={"audioinv": AUDIOINV})(run)
    return register


@_expect_audio("AudioLength", "AudioLength[audio] is the number of samples in each channel.",
               (("AudioLength[Audio[{0, 1, 0, -1}]]", "4"),))
def audio_length(a):
    return Integer(a.length)


@_expect_audio("AudioChannels", "AudioChannels[audio] is the number of its channels.",
               (("AudioChannels[Audio[{{0, 1}, {1, 0}}]]", "2"),))
def audio_channels(a):
    return Integer(a.channels)


@_expect_audio("AudioSampleRate", "AudioSampleRate[audio] is its sample rate, a Quantity in "
               "Hertz.", (("AudioSampleRate[Audio[{0, 1}, SampleRate -> 8000]]",
                           "Quantity[8000, \"Hertz\"]"),))
def audio_sample_rate(a):
    return _quantity(a.sample_rate, "Hertz")


@_expect_audio("AudioType", "AudioType[audio] is the type of its samples (\"Real32\").",
               (("AudioType[Audio[{0, 1}]]", '"Real32"'),))
def audio_type(a):
    return String("Real32")


@builtin("Duration", argc=1,
         usage="Duration[audio] is its length in time, a Quantity in seconds; "
               "Duration[Sound[{SoundNote[…], …}]] the time its notes take.",
         examples=(("Duration[Audio[Range[8000]/8000., SampleRate -> 16000]]",
                    "Quantity[0.5, \"Seconds\"]"),
                   ('Duration[Sound[{SoundNote["C", 0.5], SoundNote["E", 0.25]}]]',
                    "Quantity[0.75, \"Seconds\"]")),
         messages={"audioinv": AUDIOINV, "sound": "`1`"})
def duration(ev, a):
    if type(a) is Expr and a.head == Symbol("Sound"):
        from wlnet.builtins.midi import MIDIError, sound_duration
        try:
            return Expr(QUANTITY, Real(sound_duration(a)), String("Seconds"))
        except MIDIError as err:
            ev.message(Symbol("Duration"), "sound", String(err.reason))
            return None
    if _audio_or_message(ev, "Duration", a) is None:
        return None
    return Expr(QUANTITY, Real(a.duration), String("Seconds"))


@builtin("AudioData", argc=(1, 2),
         usage="AudioData[audio] is the list of its channels' sample values (reals); "
               "AudioData[audio, \"SignedInteger16\"] (or \"SignedInteger8\", "
               "\"SignedInteger32\") scales them to integers of that type.",
         examples=(("AudioData[Audio[{0., 0.5}]]", "{{0., 0.5}}"),),
         messages={"audioinv": AUDIOINV,
                   "type": "`1` is not a valid type (\"Real32\", \"Real64\", "
                           "\"SignedInteger8\", \"SignedInteger16\" or \"SignedInteger32\")."})
def audio_data(ev, a, kind=None):
    if _audio_or_message(ev, "AudioData", a) is None:
        return None
    if kind is not None and not (type(kind) is String and kind.value in _DATA_TYPES):
        ev.message(S.AudioData, "type", kind)
        return None
    scale = _DATA_TYPES[kind.value] if kind is not None else None
    if scale is None:
        return reals_expr(a.reals())
    ints = np.round(np.clip(a.reals(), -1.0, 1.0) * scale).astype(np.int64)
    return from_python(ints.tolist())


# ---------------------------------------------------------------------------- generators

def _numeric(ev, e):
    """``e`` as a number when it is one or N makes it one (Pi/2); else ``e``."""
    if float_value(e) is not None or not isinstance(e, Expr):
        return e
    n = ev.evaluate(Expr(S.N, e))
    return n if float_value(n) is not None else e


def _oscillator(ev, spec):
    """{"Sin" | "Square" | …, freq, phase, width} (freq in Hz, phase in radians, a Pulse's
    width a fraction or a Quantity in percent) → a sample maker; None when invalid."""
    kind, *params = spec.args
    params = [_numeric(ev, p) for p in params]
    if len(params) > (3 if kind.value == "Pulse" else 2):
        return None
    f = hertz(params[0]) if params else None
    phase = (float_value(params[1]) if float_value(params[1]) is not None
             else magnitude_in(params[1], "Radians")) if len(params) > 1 else 0.0
    width = DEFAULT_PULSE_WIDTH
    if len(params) > 2:
        width = float_value(params[2])
        width = magnitude_in(params[2], "DimensionlessUnit") if width is None else width
    if params and f is None or phase is None or width is None or not 0 < width < 1:
        return None
    return lambda ev, n, rate: oscillation(kind.value, n, rate, f, phase, width)


def _generator(ev, spec):
    """What AudioGenerator[spec, …] makes, as maker(ev, n, rate) -> n samples (a function
    of time gives ``None`` here and is sampled by _function_samples); False when invalid."""
    if type(spec) is String:
        name = spec.value
        if name in WAVEFORMS:
            return lambda ev, n, rate: oscillation(name, n, rate)
        if name in NOISES:
            return lambda ev, n, rate: noise(NOISES[name], n, ev.rng)
        if name == "Silence":
            return lambda ev, n, rate: np.zeros(n)
        return False
    if type(spec) is Expr and spec.head is S.List and spec.args and type(spec.args[0]) is String:
        if spec.args[0].value in WAVEFORMS:
            return _oscillator(ev, spec) or False
        if spec.args[0].value == "Color" and len(spec.args) == 2 \
                and float_value(spec.args[1]) is not None:
            exponent = float_value(spec.args[1])
            return lambda ev, n, rate: noise(exponent, n, ev.rng)
        return False
    if type(spec) is Expr and spec.head is S.Function \
            or type(spec) is Symbol and spec.name not in ("True", "False", "None"):
        return None
    return False


def _sample_count(e, rate) -> int | None:
    """A duration (seconds, a Quantity of time, or Quantity[n, "Samples"]) as a number of
    samples (at least 1); None when invalid."""
    if type(e) is Expr and e.head is QUANTITY and len(e.args) == 2 \
            and e.args[1] == String("Samples"):
        n = e.args[0]
        return n.value if type(n) is Integer and n.value > 0 else None
    t = seconds(e)
    return max(1, int(round(t * rate))) if t is not None and t > 0 else None


def _function_samples(ev, f, n: int, rate) -> np.ndarray | None:
    """f at the sample times 0, 1/rate, …: applied to the whole list of times at once
    (functions of arithmetic and listable functions take a list), else mapped over it."""
    times = reals_expr(np.arange(n) / rate)
    for call in (Expr(f, times), Expr(S.Map, f, times)):
        values = to_numpy_data(ev.evaluate(call))
        if values is not None and values.shape == (n,) and values.dtype.kind in "iuf":
            return values.astype(np.float64)
    return None


@builtin("AudioGenerator", argc=(1, None),
         usage="AudioGenerator[model, t] is t seconds (1 by default; or Quantity[n, "
               "\"Samples\"]) of a generated sound: the oscillators \"Sin\", \"Square\", "
               "\"Sawtooth\", \"Triangle\", \"Pulse\", \"Impulse\" (at 440 Hz, or {osc, "
               "freq, phase} at freq Hz from phase radians; {\"Pulse\", freq, phase, width} "
               "high for that fraction of each period, 25% by default), the noises \"White\", "
               "\"Pink\", \"Brown\", \"Blue\" or {\"Color\", a} (power density 1/f^a), "
               "\"Silence\", or a function of time f (f[t] is the sample at t seconds); "
               "SampleRate -> r (44100 by default).",
         examples=(("AudioLength[AudioGenerator[\"Sin\", 0.5, SampleRate -> 8000]]", "4000"),
                   ("AudioData[AudioGenerator[{\"Square\", 1000}, Quantity[4, \"Samples\"], "
                    "SampleRate -> 4000]]", "{{1., 1., -1., -1.}}")),
         options=RATE_OPTION,
         messages={"type": "`1` is not a known audio generator model (an oscillator such as "
                           "\"Sin\" or {\"Sin\", freq, phase}, a noise such as \"White\" or "
                           "{\"Color\", a}, \"Silence\", or a function of time).",
                   "time": TIMEINV, "srate": RATEINV,
                   "fun": "The function `1` does not give a real number at every sample "
                          "time."})
def audio_generator(ev, spec, *rest):
    split = _rate_options(ev, S.AudioGenerator, spec, rest)
    if split is None or len(split[0]) > 1:
        return None
    positional, opts = split
    rate = hertz(opts["SampleRate"])
    if rate is None:
        ev.message(S.AudioGenerator, "srate", opts["SampleRate"])
        return None
    rate = _rate(rate)
    n = _sample_count(positional[0], rate) if positional else int(round(rate))
    if n is None:
        ev.message(S.AudioGenerator, "time", positional[0])
        return None
    make = _generator(ev, spec)
    if make is False:
        ev.message(S.AudioGenerator, "type", spec)
        return None
    if make is not None:
        return Audio(make(ev, int(n), rate), rate)
    values = _function_samples(ev, spec, int(n), rate)
    if values is None or not np.isfinite(values).all():
        ev.message(S.AudioGenerator, "fun", spec)
        return None
    return Audio(values, rate)


# ---------------------------------------------------------------------------- editing

@builtin("AudioResample", argc=2,
         usage="AudioResample[audio, r] is audio resampled to r samples a second (a number "
               "of Hz or a Quantity).",
         examples=(("AudioLength[AudioResample[Audio[Range[100]/100., SampleRate -> 200], "
                    "100]]", "50"),),
         messages={"audioinv": AUDIOINV, "srate": RATEINV})
def audio_resample(ev, a, r):
    if _audio_or_message(ev, "AudioResample", a) is None:
        return None
    rate = hertz(r)
    if rate is None:
        ev.message(S.AudioResample, "srate", r)
        return None
    rate = _rate(rate)
    return Audio(resampled(a.reals(), a.sample_rate, rate), rate)


def _interval(ev, head, a: Audio, spec) -> tuple[int, int] | None:
    """t (the first t seconds) or {t1, t2} → (first sample, end sample)."""
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2:
        t1, t2 = seconds(spec.args[0]), seconds(spec.args[1])
        if t1 is not None and t2 is not None and t1 <= t2:
            return min(_samples(a, t1), a.length), min(_samples(a, t2), a.length)
    else:
        t = seconds(spec)
        if t is not None:
            return 0, min(_samples(a, t), a.length)
    ev.message(head, "time", spec)
    return None


SILENCE = 1e-3          # AudioTrim[audio]: samples below this fraction of the peak are silent


def _trimmed_silence(a: Audio) -> Audio:
    loudness = np.abs(a.reals()).max(axis=0)
    loud = np.nonzero(loudness > SILENCE * max(loudness.max(), 1e-12))[0]
    if loud.size == 0:
        return a
    return a.with_data(a.data[:, loud[0]:loud[-1] + 1])


@builtin("AudioTrim", argc=(1, 2),
         usage="AudioTrim[audio] removes the silence at its beginning and end; "
               "AudioTrim[audio, t] keeps its first t seconds; AudioTrim[audio, {t1, t2}] "
               "the part from t1 to t2 seconds.",
         examples=(("AudioLength[AudioTrim[Audio[{0, 0, 0.5, 0.2, 0, 0}]]]", "2"),),
         messages={"audioinv": AUDIOINV, "time": TIMEINV,
                   "empty": "The interval `1` of the audio holds no samples."})
def audio_trim(ev, a, spec=None):
    if _audio_or_message(ev, "AudioTrim", a) is None:
        return None
    if spec is None:
        return _trimmed_silence(a)
    span = _interval(ev, S.AudioTrim, a, spec)
    if span is None:
        return None
    if span[1] <= span[0]:
        ev.message(S.AudioTrim, "empty", spec)
        return None
    return a.with_data(a.data[:, span[0]:span[1]])


_PAD_METHODS = {"Fixed": "edge", "Periodic": "wrap", "Reflected": "reflect",
                "Reversed": "symmetric"}


@builtin("AudioPad", argc=(2, 3),
         usage="AudioPad[audio, t] adds t seconds of silence at its end; AudioPad[audio, "
               "{t1, t2}] t1 seconds at its beginning and t2 at its end; AudioPad[audio, t, "
               "padding] pads with the value padding or by the method \"Fixed\", "
               "\"Periodic\", \"Reflected\" or \"Reversed\".",
         examples=(("AudioLength[AudioPad[Audio[{0.5, 0.2}, SampleRate -> 10], 0.3]]", "5"),),
         messages={"audioinv": AUDIOINV, "time": TIMEINV,
                   "pad": "`1` is not a valid padding (a number or \"Fixed\", \"Periodic\", "
                          "\"Reflected\", \"Reversed\")."})
def audio_pad(ev, a, spec, padding=None):
    if _audio_or_message(ev, "AudioPad", a) is None:
        return None
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2:
        times = [seconds(x) for x in spec.args]
    else:
        times = [0.0, seconds(spec)]
    if None in times:
        ev.message(S.AudioPad, "time", spec)
        return None
    widths = ((0, 0), tuple(_samples(a, t) for t in times))
    if padding is None or float_value(padding) is not None:
        value = 0.0 if padding is None else float_value(padding)
        return a.with_data(np.pad(a.reals(), widths, constant_values=value))
    if type(padding) is String and padding.value in _PAD_METHODS:
        return a.with_data(np.pad(a.reals(), widths, _PAD_METHODS[padding.value]))
    ev.message(S.AudioPad, "pad", padding)
    return None


@builtin("AudioNormalize", argc=(1, 2),
         usage="AudioNormalize[audio] scales audio so that its largest absolute sample is 1; "
               "AudioNormalize[audio, {\"Max\", v}] makes it v, AudioNormalize[audio, "
               "{\"RMS\", v}] makes its root mean square v.",
         examples=(("AudioData[AudioNormalize[Audio[{0.25, -0.5}]]]", "{{0.5, -1.}}"),),
         messages={"audioinv": AUDIOINV,
                   "norm": "`1` is not a valid normalization (\"Max\", {\"Max\", v} or "
                           "{\"RMS\", v})."})
def audio_normalize(ev, a, spec=None):
    if _audio_or_message(ev, "AudioNormalize", a) is None:
        return None
    how = normalization_spec(String("Max") if spec is None else spec)
    if how is None:
        ev.message(S.AudioNormalize, "norm", spec)
        return None
    return a.with_data(normalized(a.reals(), how))


@builtin("AudioAmplify", argc=2,
         usage="AudioAmplify[audio, s] multiplies its samples by s.",
         examples=(("AudioData[AudioAmplify[Audio[{0.25, -0.5}], 2]]", "{{0.5, -1.}}"),),
         messages={"audioinv": AUDIOINV, "gain": "`1` is not a real number."})
def audio_amplify(ev, a, s):
    if _audio_or_message(ev, "AudioAmplify", a) is None:
        return None
    gain = float_value(s)
    if gain is None:
        ev.message(S.AudioAmplify, "gain", s)
        return None
    return a.with_data(a.reals() * gain)


@builtin("AudioReverse", argc=1, usage="AudioReverse[audio] plays audio backwards.",
         examples=(("AudioData[AudioReverse[Audio[{0.25, -0.5}]]]", "{{-0.5, 0.25}}"),),
         messages={"audioinv": AUDIOINV})
def audio_reverse(ev, a):
    if _audio_or_message(ev, "AudioReverse", a) is None:
        return None
    return a.with_data(a.data[:, ::-1])


def _conformed(audios: list) -> tuple[list, object] | None:
    """The audios' samples at the highest of their sample rates and with the most channels
    (one channel repeated to more); None if two have different numbers of channels above
    one."""
    rate = max(a.sample_rate for a in audios)
    channels = max(a.channels for a in audios)
    if any(a.channels not in (1, channels) for a in audios):
        return None
    out = [np.repeat(resampled(a.reals(), a.sample_rate, rate), channels // a.channels, axis=0)
           for a in audios]
    return out, rate


def _audio_list(args) -> list | None:
    items = args[0].args if len(args) == 1 and type(args[0]) is Expr \
        and args[0].head is S.List else args
    return list(items) if items and all(type(a) is Audio for a in items) else None


@builtin("AudioJoin", argc=(1, None),
         usage="AudioJoin[{audio1, audio2, …}] (or AudioJoin[audio1, audio2, …]) plays them "
               "one after the other, at the highest of their sample rates.",
         examples=(("AudioLength[AudioJoin[Audio[{0.1, 0.2}], Audio[{0.3}]]]", "3"),),
         messages={"audioinv": "`1` is not a list of Audio objects.",
                   "channels": "The audio objects have different numbers of channels."})
def audio_join(ev, *args):
    audios = _audio_list(args)
    if audios is None:
        ev.message(S.AudioJoin, "audioinv", args[0] if len(args) == 1 else Expr(S.List, *args))
        return None
    conformed = _conformed(audios)
    if conformed is None:
        ev.message(S.AudioJoin, "channels")
        return None
    parts, rate = conformed
    return Audio(np.concatenate(parts, axis=1), rate)


@builtin("AudioSplit", argc=2,
         usage="AudioSplit[audio, t] splits audio at t seconds; AudioSplit[audio, {t1, t2, "
               "…}] at each of the times.",
         examples=(("Map[AudioLength, AudioSplit[Audio[Range[10]/10., SampleRate -> 10], "
                    "0.4]]", "{4, 6}"),),
         messages={"audioinv": AUDIOINV, "time": TIMEINV})
def audio_split(ev, a, spec):
    if _audio_or_message(ev, "AudioSplit", a) is None:
        return None
    specs = spec.args if type(spec) is Expr and spec.head is S.List else (spec,)
    times = [seconds(t) for t in specs]
    if not specs or None in times:
        ev.message(S.AudioSplit, "time", spec)
        return None
    cuts = sorted({min(max(_samples(a, t), 0), a.length) for t in times} - {0, a.length})
    pieces = np.split(a.data, cuts, axis=1)
    return Expr.from_args(S.List, (a.with_data(p) for p in pieces))


@builtin("AudioPartition", argc=(2, 3),
         usage="AudioPartition[audio, d] is the list of its consecutive pieces d seconds "
               "long; AudioPartition[audio, d, o] of pieces d seconds long starting every o "
               "seconds (an incomplete last piece is dropped).",
         examples=(("Length[AudioPartition[Audio[Range[10]/10., SampleRate -> 10], 0.3]]",
                    "3"),),
         messages={"audioinv": AUDIOINV, "time": TIMEINV})
def audio_partition(ev, a, d, o=None):
    if _audio_or_message(ev, "AudioPartition", a) is None:
        return None
    size = seconds(d)
    step = size if o is None else seconds(o)
    if size is None or _samples(a, size) < 1 or step is None or _samples(a, step) < 1:
        ev.message(S.AudioPartition, "time", d if size is None or _samples(a, size) < 1 else o)
        return None
    size, step = _samples(a, size), _samples(a, step)
    if size > a.length:
        return Expr(S.List)
    starts = np.arange(frame_count(a.length, size, step)) * step
    return Expr.from_args(S.List, (a.with_data(a.data[:, s:s + size]) for s in starts))


@builtin("AudioChannelMix", argc=(1, 2),
         usage="AudioChannelMix[audio] mixes its channels down to one; AudioChannelMix[audio, "
               "\"Stereo\"] (or n) gives two (or n) channels: one channel repeated, or the "
               "mix of several.",
         examples=(("AudioData[AudioChannelMix[Audio[{{0.25, 0.5}, {0.75, 0.}}]]]",
                    "{{0.5, 0.25}}"),),
         messages={"audioinv": AUDIOINV,
                   "mix": "`1` is not a valid channel specification (\"Mono\", \"Stereo\" or a "
                          "positive number of channels)."})
def audio_channel_mix(ev, a, spec=None):
    if _audio_or_message(ev, "AudioChannelMix", a) is None:
        return None
    named = {"Mono": 1, "Stereo": 2}
    n = named.get(spec.value) if type(spec) is String else \
        spec.value if type(spec) is Integer and spec.value > 0 else 1 if spec is None else None
    if n is None:
        ev.message(S.AudioChannelMix, "mix", spec)
        return None
    if n == a.channels:
        return a
    samples = a.reals() if a.channels == 1 else mono(a)[None, :]
    return a.with_data(np.repeat(samples, n, axis=0))


@builtin("AudioChannelSeparate", argc=1,
         usage="AudioChannelSeparate[audio] is the list of its channels, each an Audio of "
               "one channel.",
         examples=(("Length[AudioChannelSeparate[Audio[{{0.2, 0.4}, {0.4, 0.}}]]]", "2"),),
         messages={"audioinv": AUDIOINV})
def audio_channel_separate(ev, a):
    if _audio_or_message(ev, "AudioChannelSeparate", a) is None:
        return None
    return Expr.from_args(S.List, (a.with_data(channel) for channel in a.data))


@builtin("AudioChannelCombine", argc=1,
         usage="AudioChannelCombine[{audio1, audio2, …}] is one audio with the channels of "
               "each in turn (at the highest sample rate, the shorter ones padded with "
               "silence).",
         examples=(("AudioChannels[AudioChannelCombine[{Audio[{0.1}], Audio[{0.2}]}]]", "2"),),
         messages={"audioinv": "`1` is not a list of Audio objects."})
def audio_channel_combine(ev, items):
    audios = _audio_list((items,))
    if audios is None:
        ev.message(S.AudioChannelCombine, "audioinv", items)
        return None
    rate = max(a.sample_rate for a in audios)
    channels = [resampled(a.reals(), a.sample_rate, rate) for a in audios]
    length = max(c.shape[1] for c in channels)
    return Audio(np.concatenate([np.pad(c, ((0, 0), (0, length - c.shape[1])))
                                 for c in channels]), rate)


# ---------------------------------------------------------------------------- spectrograms

def _window(spec, size: int):
    """A window function's name (Automatic: HannWindow) → its values over a partition;
    False if unknown."""
    name = spec.name if type(spec) is Symbol else None
    if name == "Automatic":
        name = "HannWindow"
    return window_values(name, size) if name in WINDOWS else False


def _complex_matrix(z: np.ndarray) -> Expr:
    return Expr.from_args(S.List, (Expr.from_args(S.List, (
        Complex(Real(float(v.real)), Real(float(v.imag))) for v in row)) for row in z))


def _partitioning(ev, head, samples: np.ndarray, n, d, w):
    """(partition size, offset, window values) from SpectrogramArray-style arguments
    (Automatic: a power of 2 near the square root of the length, half of it, HannWindow);
    None after a message."""
    auto = Symbol("Automatic")
    size = int(2 ** round(np.log2(max(np.sqrt(samples.size), 1)))) \
        if n in (None, auto) else n.value if type(n) is Integer and n.value > 0 else None
    if size is None:
        ev.message(head, "part", n)
        return None
    step = max(size // 2, 1) if d in (None, auto) else \
        d.value if type(d) is Integer and d.value > 0 else None
    if step is None:
        ev.message(head, "part", d)
        return None
    window = _window(auto if w is None else w, size)
    if window is False:
        ev.message(head, "window", w)
        return None
    return size, step, window


def _spectral_samples(ev, head, data):
    """The samples of an Audio (mixed to one channel) or a list of reals; None after a
    message."""
    samples = mono(data) if type(data) is Audio else _channels_array(data)
    if samples is None and type(data) is Expr and data.head is S.List:
        # exact numeric samples (Table[Sin[2 Pi 440 t], {t, 0, 1, 1/8000}]) count as reals
        samples = _channels_array(ev.evaluate(Expr(S.N, data)))
    if samples is None or samples.ndim != 1:
        ev.message(head, "data", data)
        return None
    return samples


SPECTRAL_MESSAGES = {"data": "`1` is not an Audio object or a list of reals.",
                     "part": "`1` is not a valid partition size or offset (a positive "
                             "integer or Automatic).",
                     "window": "`1` is not a known window function."}


@builtin("SpectrogramArray", argc=(1, 4),
         usage="SpectrogramArray[data, n, d, w] is the short-time Fourier transform of data "
               "(an Audio, mixed to one channel, or a list of reals): the Fourier transforms "
               "of its partitions of length n (Automatic: about the square root of its "
               "length, a power of 2) every d samples (Automatic: n/2), each multiplied by "
               "the window w (Automatic: HannWindow; HammingWindow, BlackmanWindow, "
               "DirichletWindow or None).",
         examples=(("Dimensions[SpectrogramArray[Range[64] / 64., 16, 8]]", "{7, 16}"),),
         messages=SPECTRAL_MESSAGES)
def spectrogram_array(ev, data, n=None, d=None, w=None):
    samples = _spectral_samples(ev, S.SpectrogramArray, data)
    parts = None if samples is None else _partitioning(ev, S.SpectrogramArray, samples, n, d, w)
    if parts is None:
        return None
    return _complex_matrix(stft(samples, *parts))


@builtin("Spectrogram", argc=(1, 4),
         usage="Spectrogram[data, n, d, w] plots the magnitudes of SpectrogramArray[data, n, "
               "d, w] in decibels: time across (seconds for an Audio, samples for a list), "
               "frequency up (Hz for an Audio, up to half the sample rate).",
         examples=(("Head[Spectrogram[AudioGenerator[\"Sin\", 0.1, SampleRate -> 8000]]]",
                    "Graphics"),),
         messages=SPECTRAL_MESSAGES)
def spectrogram(ev, data, n=None, d=None, w=None):
    from wlnet.graphics.plots.colours import gradient_colours
    samples = _spectral_samples(ev, S.Spectrogram, data)
    parts = None if samples is None else _partitioning(ev, S.Spectrogram, samples, n, d, w)
    if parts is None:
        return None
    decibels = 20 * np.log10(np.maximum(magnitude_spectrogram(samples, *parts), 1e-12))
    top = decibels.max()
    scaled = (np.clip(decibels, top - 100, top) - (top - 100)) / 100     # 100 dB of range
    colours = np.round(gradient_colours(scaled.T, "Automatic"), 4)      # row 0: frequency 0
    rate = data.sample_rate if type(data) is Audio else 1
    width, height = samples.size / rate, rate / 2
    raster = Expr(S.Raster, from_python(colours.tolist()),
                  from_python([[0, 0], [float(width), float(height)]]))
    return Expr(S.Graphics, raster, Expr(S.Rule, Symbol("Frame"), TRUE),
                Expr(S.Rule, Symbol("AspectRatio"), Real(1 / 1.618)),
                Expr(S.Rule, Symbol("PlotRangePadding"), Symbol("None")),
                Expr(S.Rule, Symbol("PlotRange"), from_python(
                    [[0, float(width)], [0, float(height)]])))


PLOT_POINTS = 4000          # AudioPlot draws at most about this many points a channel


def _envelope(t: np.ndarray, x: np.ndarray) -> tuple:
    """At most ~PLOT_POINTS points that keep the waveform's outline: each bucket's
    minimum and maximum."""
    if x.size <= PLOT_POINTS:
        return t, x
    buckets = PLOT_POINTS // 2
    usable = x.size // buckets * buckets
    blocks = x[:usable].reshape(buckets, -1)
    times = t[:usable].reshape(buckets, -1)[:, 0]
    return np.repeat(times, 2), np.stack([blocks.min(axis=1), blocks.max(axis=1)], 1).ravel()


@builtin("AudioPlot", argc=(1, None),
         usage="AudioPlot[audio] plots its waveform, each channel a line, time in seconds "
               "across; options are ListLinePlot's.",
         examples=(("Head[AudioPlot[AudioGenerator[\"Sin\", 0.01]]]", "Graphics"),),
         messages={"audioinv": AUDIOINV})
def audio_plot(ev, a, *opts):
    if _audio_or_message(ev, "AudioPlot", a) is None:
        return None
    t = np.arange(a.length) / a.sample_rate
    lines = [np.stack(_envelope(t, channel), axis=1) for channel in a.reals()]
    return ev.evaluate(Expr(Symbol("ListLinePlot"), from_python([l.tolist() for l in lines]),
                            *opts, Expr(S.Rule, Symbol("PlotRange"), Symbol("All")),
                            Expr(S.Rule, Symbol("Frame"), TRUE)))


# ---------------------------------------------------------------------------- display

def _audio_text(e):
    return f"Audio[<{e.summary()}>]" if type(e) is Audio else None


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("Audio", _audio_text)
except ImportError:                           # printer not available: default printing
    pass
