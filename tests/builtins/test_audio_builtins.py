"""The Audio builtins (wlnet/builtins/audio.py) and WAV Import/Export, as a user calls them."""

import numpy as np
import pytest

from wlnet.core.audio import Audio
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import input_form, output_form
from tests.builtins._support import (builtins_of, check_example, declared_examples,
                                     example_id, without_examples, without_usage)


@pytest.fixture
def session():
    return Session(echo=False)


def value(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return got


def text(session, code):
    return output_form(value(session, code))


def tags(session, code):
    session.messages.clear()
    session.evaluate(code)
    return [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in session.messages]


def test_every_audio_builtin_has_usage_and_examples():
    assert len(builtins_of("audio")) >= 20
    assert without_usage("audio") == [] and without_examples("audio") == []


@pytest.mark.parametrize("example", declared_examples("audio"), ids=example_id)
def test_declared_examples(example):
    check_example(*example)


def test_audio_from_samples_and_its_properties(session):
    session.evaluate("a = Audio[{0.1, 0.2, -0.3, 0.4}, SampleRate -> 8000]")
    assert type(value(session, "a")) is Audio
    assert text(session, "a") == "Audio[<1 channel, 0.0005 s, 8000 Hz>]"
    assert text(session, "AudioData[a]") == "{{0.1, 0.2, -0.3, 0.4}}"
    assert text(session, "{AudioLength[a], AudioChannels[a], AudioType[a]}") == \
        "{4, 1, Real32}"
    assert input_form(value(session, "Duration[a]")) == 'Quantity[0.0005, "Seconds"]'
    assert input_form(value(session, "AudioSampleRate[a]")) == 'Quantity[8000, "Hertz"]'
    assert text(session, "AudioQ /@ {a, {1, 2}}") == "{True, False}"
    assert text(session, "AudioChannels[Audio[{{0, 1}, {1, 0}, {0, 0}}]]") == "3"
    assert text(session, "AudioSampleRate[Audio[{0}]]") == "44100 Hz"       # WL's default


def test_input_form_evaluates_back_to_the_audio(session):
    session.evaluate("a = Audio[{0.5, 0.25}, SampleRate -> 10]")
    assert text(session, "ToExpression[ToString[InputForm[a]]] == a") == "True"
    assert text(session, "SameQ[Audio[a, SampleRate -> 20], a]") == "False"


def test_audio_data_as_integers(session):
    assert text(session, 'AudioData[Audio[{0.5, -1.}], "SignedInteger16"]') == \
        "{{16384, -32767}}"
    assert tags(session, 'AudioData[Audio[{0.5}], "Bogus"]') == ["AudioData::type"]
    assert text(session, 'AudioData[Audio[{0, 16384, -32767}, "SignedInteger16"], '
                         '"SignedInteger16"]') == "{{0, 16384, -32767}}"
    assert tags(session, 'Audio[{0.5}, "Bogus"]') == ["Audio::type"]


def test_generators(session):
    sine = np.array(to_python(value(session, 'AudioData[AudioGenerator[{"Sin", 1000}, 0.01, '
                                             'SampleRate -> 8000]]')))
    assert sine.shape == (1, 80) and np.allclose(sine[0, :3], [0, np.sqrt(0.5), 1], atol=1e-6)
    assert text(session, 'AudioLength[AudioGenerator["Square", Quantity[20, '
                         '"Milliseconds"], SampleRate -> 1000]]') == "20"
    assert text(session, 'AudioLength[AudioGenerator["White"]]') == "44100"
    same = value(session, 'Max[Abs[AudioData[AudioGenerator[Sin[2 Pi 100 #] &, 0.01, '
                          'SampleRate -> 8000]] - AudioData[AudioGenerator[{"Sin", 100}, 0.01, '
                          'SampleRate -> 8000]]]]')
    assert to_python(same) < 1e-6
    # a function that needs to be mapped (not listable) still works
    assert text(session, 'AudioData[AudioGenerator[If[# < 0.002, 0.5, -0.5] &, 0.004, '
                         'SampleRate -> 1000]]') == "{{0.5, 0.5, -0.5, -0.5}}"
    session.evaluate("SeedRandom[3]; n1 = AudioGenerator[\"Pink\", 0.01]; SeedRandom[3]; "
                     "n2 = AudioGenerator[\"Pink\", 0.01];")
    assert text(session, "n1 == n2") == "True"
    assert text(session, 'AudioData[AudioGenerator["Silence", Quantity[3, "Samples"]]]') == \
        "{{0., 0., 0.}}"
    assert text(session, 'AudioData[AudioGenerator[{"Pulse", 1000, 0, Quantity[50, '
                         '"Percent"]}, Quantity[4, "Samples"], SampleRate -> 4000]]') == \
        "{{1., 1., -1., -1.}}"
    assert text(session, 'Chop[AudioData[AudioGenerator[{"Sin", 1000, Pi/2}, Quantity[2, '
                         '"Samples"], SampleRate -> 4000]]]') == "{{1., 0}}"
    assert text(session, 'AudioLength[AudioGenerator[{"Color", 1.5}, 0.01]]') == "441"


@pytest.mark.parametrize("code, tag", [
    ('AudioGenerator["Hum"]', "AudioGenerator::type"),
    ('AudioGenerator[{"Pulse", 100, 0, 2}]', "AudioGenerator::type"),
    ('AudioGenerator[{"Sin", 100, 0, 0.5}]', "AudioGenerator::type"),
    ('AudioGenerator["Sin", Quantity[-3, "Samples"]]', "AudioGenerator::time"),
    ('AudioGenerator["Sin", -1]', "AudioGenerator::time"),
    ('AudioGenerator["Sin", 1, SampleRate -> 0]', "AudioGenerator::srate"),
    ('AudioGenerator[foo &, 0.001, SampleRate -> 1000]', "AudioGenerator::fun"),
    ("Audio[{{1, 2}, {3}}]", "Audio::data"),
    ("Audio[{0.1}, Foo -> 2]", "Audio::optx"),
    ('AudioGenerator["Sin", 0.1, SampleRate -> 100, Bar -> 1]', "AudioGenerator::optx"),
    ('Audio[{0.1}, SampleRate -> "fast"]', "Audio::srate"),
    ('Audio["/nonexistent/file.wav"]', "Audio::file"),
    ("AudioLength[{1, 2}]", "AudioLength::audioinv"),
    ("Duration[3]", "Duration::audioinv"),
    ("AudioTrim[Audio[{0.1, 0.2}], {0.5, 0.1}]", "AudioTrim::time"),
    ("AudioPad[Audio[{0.1}], 1, \"Sideways\"]", "AudioPad::pad"),
    ("AudioNormalize[Audio[{0.1}], \"Loud\"]", "AudioNormalize::norm"),
    ("AudioJoin[{Audio[{0.1}], 3}]", "AudioJoin::audioinv"),
    ("AudioJoin[Audio[{{0.1}, {0.1}}], Audio[{{0.1}, {0.1}, {0.1}}]]", "AudioJoin::channels"),
    ("AudioChannelMix[Audio[{0.1}], \"Surround\"]", "AudioChannelMix::mix"),
    ("AudioResample[Audio[{0.1}], -5]", "AudioResample::srate"),
    ("SpectrogramArray[\"x\"]", "SpectrogramArray::data"),
    ("SpectrogramArray[Range[10.], 4, 2, Sideways]", "SpectrogramArray::window"),
])
def test_wrong_input_gives_a_message(session, code, tag):
    assert tags(session, code) == [tag]


def test_trim_pad_split_partition(session):
    session.evaluate("a = Audio[Range[10]/10., SampleRate -> 10]")
    assert text(session, "AudioData[AudioTrim[a, 0.3]]") == "{{0.1, 0.2, 0.3}}"
    assert text(session, "AudioData[AudioTrim[a, {0.2, Quantity[500, \"Milliseconds\"]}]]") \
        == "{{0.3, 0.4, 0.5}}"
    assert text(session, "AudioData[AudioTrim[Audio[{0, 0, 0.5, 0.2, 0, 0}]]]") == \
        "{{0.5, 0.2}}"
    assert text(session, "AudioData[AudioPad[Audio[{0.5}, SampleRate -> 10], {0.1, 0.2}]]") \
        == "{{0., 0.5, 0., 0.}}"
    assert text(session, "AudioData[AudioPad[Audio[{0.5, 0.25}, SampleRate -> 10], 0.2, "
                         "\"Periodic\"]]") == "{{0.5, 0.25, 0.5, 0.25}}"
    assert text(session, "Map[AudioLength, AudioSplit[a, {0.2, 0.7}]]") == "{2, 5, 3}"
    assert text(session, "Map[AudioLength, AudioPartition[a, 0.3]]") == "{3, 3, 3}"
    assert text(session, "Map[First[First[AudioData[#]]] &, AudioPartition[a, 0.4, 0.2]]") \
        == "{0.1, 0.3, 0.5, 0.7}"


def test_levels_channels_and_joining(session):
    assert text(session, "AudioData[AudioNormalize[Audio[{0.25, -0.5}]]]") == "{{0.5, -1.}}"
    assert text(session, "AudioData[AudioNormalize[Audio[{0.25, -0.5}], {\"Max\", 0.5}]]") == \
        "{{0.25, -0.5}}"
    assert text(session, "AudioData[AudioAmplify[Audio[{0.25, -0.5}], 2]]") == "{{0.5, -1.}}"
    assert text(session, "AudioData[AudioReverse[Audio[{0.25, -0.5}]]]") == "{{-0.5, 0.25}}"
    assert text(session, "AudioData[AudioChannelMix[Audio[{{0.2, 0.4}, {0.4, 0.}}]]]") == \
        "{{0.3, 0.2}}"
    assert text(session, "AudioData[AudioChannelMix[Audio[{0.25}], \"Stereo\"]]") == \
        "{{0.25}, {0.25}}"
    assert text(session, "Map[AudioData, AudioChannelSeparate[Audio[{{0.5}, {0.25}}]]]") == \
        "{{{0.5}}, {{0.25}}}"
    assert text(session, "AudioData[AudioChannelCombine[{Audio[{0.5}], Audio[{0.25, 0.125}]}]]") \
        == "{{0.5, 0.}, {0.25, 0.125}}"
    assert text(session, "AudioData[AudioJoin[{Audio[{0.5}], Audio[{0.25}]}]]") == \
        "{{0.5, 0.25}}"
    joined = value(session, "AudioJoin[Audio[{0.5, 0.5}, SampleRate -> 10], "
                            "Audio[{{0.1, 0.1, 0.1, 0.1}, {0.2, 0.2, 0.2, 0.2}}, "
                            "SampleRate -> 20]]")
    assert joined.sample_rate == 20 and joined.data.shape == (2, 8)   # resampled, upmixed


def test_resample(session):
    assert text(session, "AudioLength[AudioResample[AudioGenerator[\"Sin\", 0.1], 8000]]") == \
        "800"
    assert text(session, "AudioSampleRate[AudioResample[Audio[{0.1, 0.2}], "
                         "Quantity[22.05, \"Kilohertz\"]]]") == "22050 Hz"


def test_spectrogram_array(session):
    z = value(session, "SpectrogramArray[Table[Sin[2 Pi 8 t/64.], {t, 0, 255}], 64, 32]")
    arr = np.array(to_python(z), dtype=complex)
    assert arr.shape == (7, 64)
    assert (np.abs(arr[:, :33]).argmax(axis=1) == 8).all()
    assert text(session, "Dimensions[SpectrogramArray[AudioGenerator[\"Sin\", 0.1, "
                         "SampleRate -> 1000]]]") == "{24, 8}"      # n = 8 ~ Sqrt[100], d = 4


def test_wav_export_and_import(session, tmp_path):
    path = str(tmp_path / "tone.wav").replace("\\", "/")
    session.evaluate(f'a = AudioGenerator[{{"Sin", 440}}, 0.1, SampleRate -> 8000]; '
                     f'f = Export["{path}", a]')
    assert text(session, "f") == path
    assert text(session, "b = Import[f]") == "Audio[<1 channel, 0.1 s, 8000 Hz>]"
    assert to_python(value(session, "Max[Abs[AudioData[a] - AudioData[b]]]")) < 1e-4
    assert text(session, 'Import[f, "SampleRate"]') == "8000"
    assert text(session, 'Dimensions[Import[f, "Data"]]') == "{1, 800}"
    assert text(session, "Audio[File[f]] == b") == "True"
    assert tags(session, f'Export["{path}", 5]') == ["Export::type"]
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF0000WAVEnonsense")
    assert tags(session, f'Import["{str(bad)}"]') == ["Import::fmterr"]


def test_spectrogram_plot_is_brightest_at_the_tone(session):
    g = value(session, 'Spectrogram[AudioGenerator[{"Sin", 1000}, 0.5, SampleRate -> 8000]]')
    assert output_form(g.head) == "Graphics"
    raster = g.args[0]
    colours = np.array(to_python(raster.args[0]))           # rows: frequencies, bottom up
    brightness = colours.sum(axis=2).mean(axis=1)
    assert abs(brightness.argmax() / (len(brightness) - 1) * 4000 - 1000) < 100
    assert to_python(raster.args[1]) == [[0, 0], [0.5, 4000.0]]
    assert tags(session, "Spectrogram[{{1, 2}, {3, 4}}]") == ["Spectrogram::data"]


def test_audio_plot_draws_each_channel(session):
    g = value(session, "AudioPlot[Audio[{Table[Sin[t/100.], {t, 20000}], "
                       "Table[0.5, {20000}]}, SampleRate -> 10000]]")
    assert output_form(g.head) == "Graphics"
    lines = [e for e in _walk(g) if output_form(e.head) == "Line"]
    assert len(lines) == 2
    points = np.array(to_python(lines[1].args[0]))
    assert len(points) <= 4000 and np.allclose(points[:, 1], 0.5)    # the envelope
    assert points[-1, 0] == pytest.approx(2.0, abs=0.01)              # seconds across
    assert tags(session, "AudioPlot[3]") == ["AudioPlot::audioinv"]


def _walk(e):
    from wlnet.core.expr import Expr
    if type(e) is Expr:
        yield e
        for a in e.args:
            yield from _walk(a)


def test_sound_and_sound_note_are_inert_music_data(session):
    # a music-generation script builds Sound[{SoundNote[…], …}] from a net's text
    assert text(session, 'Sound[SoundNote[#, {0, 1/4}, "Flute"] & /@ {"C4", None}]') == \
        "Sound[{SoundNote[C4, {0, 1/4}, Flute], SoundNote[None, {0, 1/4}, Flute]}]"
    assert text(session, 'Attributes[SoundNote]') == "{Protected, ReadProtected}"
    assert tags(session, 'SoundNote = 1') == ["Set::wrsym"]


def test_exact_numeric_samples_are_taken_as_reals(session):
    """Table[Sin[2 Pi f t], {t, 0, 1, 1/sr}] gives exact values: Audio and the spectral
    functions take them as their numeric values."""
    assert text(session, "AudioData[Audio[{0, 1/2, Sin[Pi/6]}]]") == "{{0., 0.5, 0.5}}"
    assert text(session, "Head[Spectrogram[Table[Sin[t], {t, 256}]]]") == "Graphics"
    assert text(session, "Dimensions[SpectrogramArray[Table[Sin[t/3], {t, 512}]]]") == "{63, 16}"
    assert tags(session, "Audio[{a, b}]") == ["Audio::data"]
