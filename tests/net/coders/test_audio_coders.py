"""The audio NetEncoders (wlnet/net/coders/audio.py): "Audio", "AudioSTFT",
"AudioSpectrogram", "AudioMelSpectrogram", "AudioMFCC", alone and on a net's input port."""

import numpy as np
import pytest

from wlnet.core.audio import resampled
from wlnet.core.audio_features import hann, magnitude_spectrogram, mel_spectrogram, mfcc, stft
from wlnet.core.expr import to_python
from wlnet.core.numeric_array import NumericArray
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def session():
    s = Session(echo=False)
    s.evaluate('tone = AudioGenerator[{"Sin", 440}, 0.5, SampleRate -> 16000];')
    return s


def value(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return got


def array(session, text):
    got = value(session, text)
    if isinstance(got, NumericArray):            # the "AudioSpectrogram" encoder's
        return np.asarray(got.array, dtype=float)
    return np.array(to_python(got), dtype=float)


def tags(session, code):
    session.messages.clear()
    session.evaluate(code)
    return [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in session.messages]


@pytest.mark.parametrize("name, step", [
    ('"Audio"', (1,)), ('"AudioSTFT"', (400, 2)), ('"AudioSpectrogram"', (201,)),
    ('"AudioMelSpectrogram"', (40,)), ('"AudioMFCC"', (13,)),
    ('{"AudioMFCC", "NumberOfCoefficients" -> 20}', (20,)),
    ('{"AudioMelSpectrogram", "NumberOfFilters" -> 24}', (24,)),
    ('{"AudioSpectrogram", "WindowSize" -> 256, "Offset" -> 128}', (129,)),
])
def test_output_shapes(session, name, step):
    out = array(session, f"NetEncoder[{name}][tone]")
    samples = 8000                      # 0.5 s at the encoders' 16000 Hz
    if name == '"Audio"':
        assert out.shape == (samples,) + step
    else:
        size, offset = (256, 128) if "256" in name else (400, 160)   # 25 ms, 10 ms
        assert out.shape == (1 + (samples - size) // offset,) + step


def test_defaults_are_the_documented_ones(session):
    session.evaluate('enc = NetEncoder["AudioMFCC"]')
    params = {p: output_form(value(session, f'enc[["{p}"]]')) for p in (
        "SampleRate", "WindowSize", "Offset", "NumberOfFilters", "NumberOfCoefficients",
        "TargetLength", "Normalization", "WindowFunction", "MaximumFrequency")}
    assert params == {"SampleRate": "16000", "WindowSize": "400", "Offset": "160",
                      "NumberOfFilters": "40", "NumberOfCoefficients": "13",
                      "TargetLength": "All", "Normalization": "None",
                      "WindowFunction": "HannWindow", "MaximumFrequency": "8000."}
    assert output_form(value(session, 'NetEncoder[{"Audio", "SampleRate" -> 8000}][['
                                      '"SampleRate"]]')) == "8000"
    assert output_form(value(session, 'NetEncoder[{"AudioSTFT", "SampleRate" -> 8000}][['
                                      '"WindowSize"]]')) == "200"      # Ceiling[0.025 sr]


def test_values_are_the_features_of_the_resampled_mono_signal(session):
    session.evaluate("stereo = Audio[{Table[Sin[2 Pi 320 t/8000.], {t, 0, 3999}], "
                     "Table[0.5 Cos[2 Pi 1200 t/8000.], {t, 0, 3999}]}, SampleRate -> 8000]")
    stereo = value(session, "stereo")
    x = resampled(stereo.reals().mean(axis=0), 8000, 16000)
    window = hann(400)
    got = {name: array(session, f'NetEncoder["{name}"][stereo]') for name in
           ("Audio", "AudioSTFT", "AudioSpectrogram", "AudioMelSpectrogram", "AudioMFCC")}
    assert np.allclose(got["Audio"][:, 0], x, atol=1e-6)
    z = stft(x, 400, 160, window)
    assert np.allclose(got["AudioSTFT"], np.stack([z.real, z.imag], -1), atol=1e-5)
    assert np.allclose(got["AudioSpectrogram"], magnitude_spectrogram(x, 400, 160, window),
                       atol=1e-5)
    mel = mel_spectrogram(x, 400, 160, 16000, 40, 0.0, 8000.0, window)
    assert np.allclose(got["AudioMelSpectrogram"], mel, rtol=1e-5, atol=1e-6)
    assert np.allclose(got["AudioMFCC"], mfcc(x, 400, 160, 16000, 40, 0.0, 8000.0, 13, window),
                       atol=1e-4)
    # the spectrogram of the 320 Hz + 1200 Hz mixture peaks at those bins (40 Hz apart)
    row = got["AudioSpectrogram"][10]
    assert (row[:20].argmax(), 20 + row[20:].argmax()) == (320 // 40, 1200 // 40)


def test_the_spectrogram_encoder_gives_real32_numeric_arrays(session):
    # its page: "a "Real32" NumericArray" (a list of them for a list of inputs); the other
    # audio encoders' pages say "an output": lists
    assert output_form(value(session, 'Head[NetEncoder["AudioSpectrogram"][tone]]')) == "NumericArray"
    assert output_form(value(session, 'NumericArrayType[NetEncoder["AudioSpectrogram"][tone]]')) \
        == "Real32"
    assert output_form(value(session, 'Head /@ NetEncoder["AudioSpectrogram"][{tone, tone}]')) \
        == "{NumericArray, NumericArray}"
    for name in ("Audio", "AudioSTFT", "AudioMelSpectrogram", "AudioMFCC"):
        assert output_form(value(session, f'Head[NetEncoder["{name}"][tone]]')) == "List"


def test_normalization_target_length_and_window(session):
    session.evaluate("quiet = AudioGenerator[{\"Sin\", 440}, 0.1, SampleRate -> 16000]; "
                     "quiet = AudioAmplify[quiet, 0.1];")
    peak = array(session, 'NetEncoder[{"Audio", "Normalization" -> "Max"}][quiet]')
    assert np.abs(peak).max() == pytest.approx(1.0, abs=1e-6)
    rms = array(session, 'NetEncoder[{"Audio", "Normalization" -> {"RMS", 0.5}}][quiet]')
    assert np.sqrt(np.mean(rms ** 2)) == pytest.approx(0.5, rel=1e-5)
    assert array(session, 'NetEncoder[{"Audio", "TargetLength" -> 2000}][quiet]').shape == \
        (2000, 1)                                               # padded with silence
    padded = array(session, 'NetEncoder[{"Audio", "TargetLength" -> 2000}][quiet]')
    assert (padded[1600:] == 0).all()
    assert array(session, 'NetEncoder[{"Audio", "TargetLength" -> Quantity[50, '
                          '"Milliseconds"]}][quiet]').shape == (800, 1)
    assert array(session, 'NetEncoder[{"AudioMFCC", "TargetLength" -> 30}][quiet]').shape == \
        (30, 13)                                                # 30 partitions
    assert array(session, 'NetEncoder[{"AudioMFCC", "TargetLength" -> 5}][tone]').shape == \
        (5, 13)                                                 # trimmed
    plain = array(session, 'NetEncoder[{"AudioSpectrogram", "WindowFunction" -> None}][quiet]')
    assert not np.allclose(plain, array(session, 'NetEncoder["AudioSpectrogram"][quiet]'))


def test_short_signal_gives_one_partition(session):
    assert array(session, 'NetEncoder["AudioMFCC"][Audio[{0.1, 0.2, 0.3}, '
                          'SampleRate -> 16000]]').shape == (1, 13)


def test_batches_and_files(session, tmp_path):
    path = str(tmp_path / "t.wav")
    session.evaluate(f'Export["{path}", tone]')
    batch = value(session, f'NetEncoder["AudioMelSpectrogram"][{{tone, File["{path}"]}}]')
    assert len(batch.args) == 2
    one, two = (np.array(to_python(b)) for b in batch.args)
    # the file holds 16-bit samples: the same up to their rounding
    assert one.shape == two.shape == (48, 40) and np.allclose(one, two, atol=1e-3)


@pytest.mark.parametrize("spec", [
    '{"AudioMFCC", "WindowSize" -> -1}', '{"AudioMFCC", "NumberOfCoefficients" -> 50}',
    '{"AudioMelSpectrogram", "MaximumFrequency" -> 9000}',
    '{"AudioMelSpectrogram", "MinimumFrequency" -> 500, "MaximumFrequency" -> 400}',
    '{"Audio", "Normalization" -> "Loud"}', '{"Audio", "SampleRate" -> 0}',
    '{"Audio", "TargetLength" -> -3}', '{"AudioSTFT", "WindowFunction" -> Sideways}',
    '{"Audio", "Augmentation" -> {"Volume" -> {2, 1}}}', '{"Audio", "Augmentation" -> 3}',
    '{"Audio", "Augmentation" -> {"Echo" -> 2}}', '{"Audio", "Augmentation" -> {"VTLP" -> 1.1}}',
    '{"Audio", 16000 -> 1}',
])
def test_invalid_specifications(session, spec):
    assert tags(session, f"NetEncoder[{spec}]") == ["NetEncoder::invenc"]


@pytest.mark.parametrize("spec, key", [
    ('{"AudioMFCC", "Foo" -> 1}', "Foo"), ('{"AudioMFCC", Foo -> 1}', "Foo"),
    ('{"Audio", "WindowSize" -> 100}', "WindowSize"),            # the waveform has no windows
    ('{"AudioSpectrogram", "Normalisation" -> "Max"}', "Normalisation"),
])
def test_a_parameter_the_encoder_does_not_take_is_named(session, spec, key):
    session.messages.clear()
    assert output_form(session.evaluate(f"NetEncoder[{spec}]")) == "$Failed"
    [text] = session.messages
    assert text.startswith("NetEncoder::coderparam")
    assert f'"{key}" is not a parameter of the' in text and '"SampleRate"' in text


def test_a_parameter_may_be_named_by_a_symbol(session):
    # SampleRate -> 8000 as Audio's option is written: the same encoder as "SampleRate"
    by_symbol = 'NetEncoder[{"AudioMelSpectrogram", SampleRate -> 8000, "WindowSize" -> 256, ' \
                '"Offset" -> 128, "NumberOfFilters" -> 20}]'
    by_string = by_symbol.replace("SampleRate ->", '"SampleRate" ->')
    assert output_form(value(session, by_symbol)) == output_form(value(session, by_string))
    a = array(session, by_symbol + "[AudioGenerator[{\"Sin\", 440}, 0.25, SampleRate -> 8000]]")
    b = array(session, by_string + "[AudioGenerator[{\"Sin\", 440}, 0.25, SampleRate -> 8000]]")
    assert a.shape == (14, 20) and np.array_equal(a, b)


def test_wrong_input_is_an_encoder_failure(session):
    assert tags(session, 'NetEncoder["AudioMFCC"]["hello"]') == ["NetEncoder::encfail"]
    assert tags(session, 'NetEncoder["Audio"][File["/nonexistent.wav"]]') == \
        ["NetEncoder::encfail"]


def test_printed_form_and_stored_form(session):
    assert output_form(value(session, 'NetEncoder["AudioMFCC"]')) == \
        'NetEncoder["AudioMFCC", 16000 Hz, output {"Varying", 13}]'
    assert output_form(value(session, 'NetEncoder[{"AudioSTFT", "TargetLength" -> 7}]')) == \
        'NetEncoder["AudioSTFT", 16000 Hz, output {7, 400, 2}]'
    session.evaluate('enc = NetEncoder[{"AudioMelSpectrogram", "NumberOfFilters" -> 16, '
                     '"Normalization" -> {"RMS", 0.2}, '
                     '"TargetLength" -> Quantity[0.1, "Seconds"]}]')
    assert output_form(value(session, "ToExpression[ToString[InputForm[enc]]] === enc")) == \
        "True"
    assert array(session, "ToExpression[ToString[InputForm[enc]]][tone]").shape == (8, 16)


def test_on_a_recurrent_net_in_evaluation_and_training(session):
    session.evaluate(
        'net = NetInitialize[NetChain[{GatedRecurrentLayer[6], SequenceLastLayer[], '
        'LinearLayer[2], SoftmaxLayer[]}, "Input" -> NetEncoder[{"AudioMFCC", '
        '"SampleRate" -> 8000}], "Output" -> NetDecoder[{"Class", {"low", "high"}}]], '
        'RandomSeeding -> 1];'
        'lo[f_, d_] := AudioGenerator[{"Sin", f}, d, SampleRate -> 8000];')
    assert output_form(value(session, "net[lo[300, 0.2]]")) in ("low", "high")
    # a batch of different lengths: a padded sequence batch, each its own length
    batch = value(session, 'net[{lo[300, 0.2], lo[2000, 0.35]}, "Probabilities"]')
    assert len(batch.args) == 2
    single = value(session, 'net[lo[2000, 0.35], "Probabilities"]')
    assert output_form(value(session, f"Max[Abs[Values[{output_form(batch.args[1])}] - "
                                      f"Values[{output_form(single)}]]] < 10^-5")) == "True"
    session.evaluate(
        'data = Join[Table[lo[RandomReal[{200, 400}], RandomReal[{0.1, 0.2}]] -> "low", 8], '
        'Table[lo[RandomReal[{1500, 2500}], RandomReal[{0.1, 0.2}]] -> "high", 8]];'
        'trained = NetTrain[net, data, MaxTrainingRounds -> 60, BatchSize -> 8, '
        'RandomSeeding -> 2, TrainingProgressReporting -> None];')
    assert session.messages == []
    assert output_form(value(session, "trained[{lo[250, 0.15], lo[2200, 0.15]}]")) == \
        "{low, high}"


def test_convolution_over_time_with_interleaving(session):
    session.evaluate(
        'net = NetInitialize[NetChain[{ConvolutionLayer[4, 3, "Interleaving" -> True], '
        'AggregationLayer[Max, 1], LinearLayer[2]}, "Input" -> NetEncoder["AudioMelSpectrogram"]], '
        'RandomSeeding -> 1];')
    assert array(session, "net[tone]").shape == (2,)
