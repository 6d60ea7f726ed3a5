"""The Audio atom and WAV files (wlnet/core/audio.py)."""

import io
import wave

import numpy as np
import pytest
from scipy.io import wavfile

from wlnet.core.audio import (Audio, AudioFileError, mono, noise, normalization_spec, normalized,
                              oscillation, read_wav, resampled, wav_bytes)
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol


def test_audio_holds_channels_by_samples_and_a_rate():
    a = Audio([0.1, -0.2, 0.3])
    assert a.data.shape == (1, 3) and a.data.dtype == np.float32
    assert a.sample_rate == 44100 and a.channels == 1 and a.length == 3
    b = Audio([[0.0, 0.5], [0.5, 0.0]], 8000)
    assert b.channels == 2 and b.duration == 2 / 8000
    assert not b.data.flags.writeable
    assert Audio([0.1], 8000.0).sample_rate == 8000 and Audio([0.1], 22.5).sample_rate == 22.5


@pytest.mark.parametrize("bad", [[], [[[0.1]]], np.zeros((2, 0))])
def test_audio_refuses_what_is_not_samples(bad):
    with pytest.raises(ValueError):
        Audio(bad)


def test_equality_hash_and_summary():
    a, b = Audio([0.5, 0.25], 10), Audio(np.array([0.5, 0.25]), 10)
    assert a == b and hash(a) == hash(b) and a != Audio([0.5, 0.25], 11)
    assert Audio(np.zeros(22050)).summary() == "1 channel, 0.5 s, 44100 Hz"
    assert Audio(np.zeros((2, 100)), 8000).summary() == "2 channels, 0.0125 s, 8000 Hz"
    # a very short sound: positional digits, not Python's exponent notation
    assert Audio(np.zeros(3)).summary() == "1 channel, 0.00006803 s, 44100 Hz"


def test_input_form_is_an_audio_expression():
    form = Audio([0.5, 0.25], 10).to_expr_form()
    assert form.head == Symbol("Audio") and form.args[1] == String("Real32")
    assert form.args[2] == Expr(S.Rule, Symbol("SampleRate"), Integer(10))
    assert form.args[0].array.shape == (2,)                 # a mono signal's data: a vector
    assert Audio(np.zeros((2, 3))).to_expr_form().args[0].array.shape == (2, 3)


def test_wav_round_trip_is_16_bit():
    t = np.arange(800) / 8000
    a = Audio(np.stack([np.sin(2 * np.pi * 440 * t), 0.5 * np.cos(2 * np.pi * 100 * t)]), 8000)
    data = wav_bytes(a)
    with wave.open(io.BytesIO(data)) as w:                  # the standard library reads it
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == \
            (2, 2, 8000, 800)
    back = read_wav(data)
    assert back.sample_rate == 8000 and back.data.shape == (2, 800)
    assert np.abs(back.reals() - a.reals()).max() < 1e-4


@pytest.mark.parametrize("dtype, scale", [(np.int16, 32768), (np.int32, 2**31),
                                          (np.float32, 1.0)])
def test_reads_wav_files_of_other_sample_types(dtype, scale):
    values = np.array([0.0, 0.5, -0.5, 0.25])
    buf = io.BytesIO()
    wavfile.write(buf, 22050, (values * scale).astype(dtype) if scale != 1 else
                  values.astype(dtype))
    a = read_wav(buf.getvalue())
    assert a.sample_rate == 22050 and np.allclose(a.reals()[0], values, atol=1e-4)


def test_reads_8_bit_wav_as_unsigned_around_128():
    buf = io.BytesIO()
    wavfile.write(buf, 8000, np.array([128, 192, 64], dtype=np.uint8))
    assert np.allclose(read_wav(buf.getvalue()).reals()[0], [0.0, 0.5, -0.5])


def test_damaged_wav_is_an_audio_file_error():
    with pytest.raises(AudioFileError):
        read_wav(b"RIFF\x00\x00\x00\x00WAVEjunk")
    with pytest.raises(AudioFileError):
        read_wav(b"not a wav file at all")
    with pytest.raises(AudioFileError):
        wav_bytes(Audio([0.1], 100.5))


def test_resampling_keeps_a_tone_and_scales_the_length():
    t = np.arange(4410) / 44100
    tone = np.sin(2 * np.pi * 200 * t)
    down = resampled(tone, 44100, 8000)
    assert down.shape == (800,)
    expected = np.sin(2 * np.pi * 200 * np.arange(800) / 8000)
    assert np.abs(down[50:-50] - expected[50:-50]).max() < 0.02    # away from the edges
    assert resampled(tone, 100, 100) is tone
    assert resampled(np.zeros((2, 300)), 300, 200).shape == (2, 200)


def test_oscillations():
    rate = 8000
    sine = oscillation("Sin", 80, rate, 1000)
    assert sine.shape == (80,) and np.allclose(sine[:3], [0, np.sin(np.pi / 4), 1])
    assert oscillation("Square", 8, rate, 1000).tolist() == [1, 1, 1, 1, -1, -1, -1, -1]
    assert np.allclose(oscillation("Sawtooth", 8, rate, 1000),
                       [0, 0.25, 0.5, 0.75, -1, -0.75, -0.5, -0.25])
    assert np.allclose(oscillation("Triangle", 8, rate, 1000),
                       [0, 0.5, 1, 0.5, 0, -0.5, -1, -0.5])
    assert oscillation("Pulse", 8, rate, 1000).tolist() == [1, 1, -1, -1, -1, -1, -1, -1]
    assert oscillation("Pulse", 8, rate, 1000, width=0.75).tolist() == [1] * 6 + [-1] * 2
    assert oscillation("Impulse", 16, rate, 1000).tolist() == ([1] + [0] * 7) * 2
    assert np.allclose(oscillation("Sin", 4, rate, 1000, phase=np.pi / 2)[:1], [1])
    assert oscillation("Sin", 30, 44100)[25] == pytest.approx(
        np.sin(2 * np.pi * 440 * 25 / 44100))                       # 440 Hz by default


def _slope(x):
    """The slope of log power against log frequency (a noise's colour)."""
    power = np.abs(np.fft.rfft(x)) ** 2
    f = np.arange(power.size)
    band = (f > 10) & (f < power.size // 2)
    bins = np.logspace(np.log10(11), np.log10(power.size // 2), 20)
    centres, means = [], []
    for lo, hi in zip(bins[:-1], bins[1:]):
        inside = band & (f >= lo) & (f < hi)
        if inside.any():
            centres.append(np.log(f[inside].mean()))
            means.append(np.log(power[inside].mean()))
    return np.polyfit(centres, means, 1)[0]


def test_noises_have_their_colours():
    rng = np.random.default_rng(0)
    white = noise(0.0, 8000, rng)
    assert -1 <= white.min() < -0.9 and 0.9 < white.max() <= 1 and abs(white.mean()) < 0.05
    for exponent in (0.0, 1.0, 2.0, -1.0):
        x = noise(exponent, 2**15, rng)
        assert np.abs(x).max() <= 1.0
        assert _slope(x) == pytest.approx(-exponent, abs=0.25)


def test_mono_is_the_mean_of_the_channels():
    assert np.allclose(mono(Audio([[0.2, 0.4], [0.4, 0.0]])), [0.3, 0.2])


def test_normalization_specs_and_scaling():
    x = np.array([0.25, -0.5, 0.1])
    assert normalization_spec(Symbol("None")) == ("None", 0.0)
    assert normalization_spec(String("Max")) == ("Max", 1.0)
    assert normalization_spec(Symbol("Automatic")) == ("Max", 1.0)
    assert normalization_spec(Expr(S.List, String("RMS"), Real(0.1))) == ("RMS", 0.1)
    assert normalization_spec(String("Peak")) is None
    assert normalization_spec(Expr(S.List, String("Max"), Integer(-1))) is None
    assert np.abs(normalized(x, ("Max", 2.0))).max() == pytest.approx(2.0)
    assert np.sqrt(np.mean(normalized(x, ("RMS", 0.1)) ** 2)) == pytest.approx(0.1)
    assert normalized(np.zeros(3), ("Max", 1.0)).tolist() == [0, 0, 0]   # silence stays
