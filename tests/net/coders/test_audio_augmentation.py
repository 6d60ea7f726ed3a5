"""The audio encoders' "Augmentation" (wlnet/net/coders/audio_augmentation.py): random
perturbations drawn each time an example is encoded, repeatable with SeedRandom, and drawn
anew each round of NetTrain."""

import numpy as np
import pytest

from wlnet.core.audio_features import mel_filter_bank, vtlp_frequencies
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.net.train.data import ReencodedBatches


@pytest.fixture
def session():
    s = Session(echo=False)
    s.evaluate('tone = AudioGenerator[{"Sin", 440}, 0.05, SampleRate -> 16000];')
    return s


def array(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return np.array(to_python(got), dtype=float)


def test_volume_is_drawn_each_time_and_follows_seed_random(session):
    session.evaluate('e = NetEncoder[{"Audio", "Augmentation" -> <|"Volume" -> {0.5, 1.5}|>}]')
    plain = array(session, 'NetEncoder["Audio"][tone]')
    first = array(session, "SeedRandom[7]; e[tone]")
    again = array(session, "SeedRandom[7]; e[tone]")
    other = array(session, "e[tone]")
    assert np.array_equal(first, again) and not np.allclose(first, other)
    # each is the plain waveform times one factor between 0.5 and 1.5
    for got in (first, other):
        k = np.max(np.abs(got)) / np.max(np.abs(plain))
        assert 0.5 <= k <= 1.5 and np.allclose(got, k * plain, atol=1e-6)


@pytest.mark.parametrize("setting", [
    '{"Volume" -> -1}', '{"Noise" -> 0}', '{"Noise" -> -0.1}', '{"VTLP" -> {1.1, 500, 400}}',
    '{"VTLP" -> 0}', '{"TimeShift" -> "late"}',
])
def test_invalid_settings(session, setting):
    session.evaluate(f'NetEncoder[{{"AudioMelSpectrogram", "Augmentation" -> {setting}}}]')
    assert len(session.messages) == 1 and "NetEncoder::invenc" in session.messages[0]


def test_time_shift_all_is_anywhere_back_to_the_start(session):
    plain = array(session, 'NetEncoder["Audio"][tone]')[:, 0]
    got = array(session, 'NetEncoder[{"Audio", "Augmentation" -> {"TimeShift" -> All}}][tone]')[:, 0]
    # advanced by some part of its length: the plain signal from some sample on, then silence
    n = plain.shape[0]
    shift = next(s for s in range(n + 1) if s == n or np.allclose(got[:n - s], plain[s:], atol=1e-6))
    assert np.allclose(got[n - shift:], 0)


def test_fixed_time_shift_and_volume(session):
    plain = array(session, 'NetEncoder["Audio"][tone]')[:, 0]
    got = array(session, 'NetEncoder[{"Audio", "Augmentation" -> '
                         '{"TimeShift" -> 0.01, "Volume" -> 2}}][tone]')[:, 0]
    assert got.shape == plain.shape                  # padded and trimmed to its length
    assert np.allclose(got[:160], 0) and np.allclose(got[160:], 2 * plain[:-160], atol=1e-6)
    early = array(session, 'NetEncoder[{"Audio", "Augmentation" -> '
                           '{"TimeShift" -> Scaled[-0.5]}}][tone]')[:, 0]
    half = plain.shape[0] // 2
    assert np.allclose(early[:plain.shape[0] - half], plain[half:], atol=1e-6)


def test_noise_and_convolution(session):
    plain = array(session, 'NetEncoder["Audio"][tone]')[:, 0]
    noisy = array(session, 'NetEncoder[{"Audio", "Augmentation" -> {"Noise" -> 0.01}}][tone]')[:, 0]
    assert 0 < np.max(np.abs(noisy - plain)) <= 0.01 + 1e-6
    # an impulse response of one unit sample leaves the signal as it is
    same = array(session, 'NetEncoder[{"Audio", "Augmentation" -> '
                          '{"Convolution" -> Audio[{1., 0, 0}, SampleRate -> 16000]}}][tone]')[:, 0]
    assert np.allclose(same, plain, atol=1e-5)
    # a noise signal, scaled: a constant signal adds its value times the amplitude
    shifted = array(session, 'NetEncoder[{"Audio", "Augmentation" -> {"Noise" -> '
                             '{0.5, Audio[ConstantArray[0.2, 50], SampleRate -> 16000]}}}][tone]')[:, 0]
    assert np.allclose(shifted - plain, 0.1, atol=1e-6)


def test_a_distribution_is_drawn_in_the_session(session):
    got = array(session, 'NetEncoder[{"Audio", "Augmentation" -> '
                         '{"Volume" -> UniformDistribution[{3, 3.0001}]}}][tone]')
    plain = array(session, 'NetEncoder["Audio"][tone]')
    assert np.allclose(got, 3 * plain, atol=1e-3)


def test_vtlp_warps_the_mel_features(session):
    plain = array(session, 'NetEncoder["AudioMelSpectrogram"][tone]')
    same = array(session, 'NetEncoder[{"AudioMelSpectrogram", "Augmentation" -> {"VTLP" -> 1}}][tone]')
    warped = array(session, 'NetEncoder[{"AudioMelSpectrogram", "Augmentation" -> {"VTLP" -> 1.2}}][tone]')
    spelled = array(session, 'NetEncoder[{"AudioMelSpectrogram", "Augmentation" -> '
                             '{"VTLP" -> {1.2, Automatic, 4500}}}][tone]')
    assert np.allclose(spelled, warped)                 # the defaults written out
    assert np.allclose(same, plain) and warped.shape == plain.shape
    # a 440 Hz tone read as 1.2 times higher: its energy moves to higher mel filters
    centre = lambda m: float((m.sum(axis=0) * np.arange(m.shape[1])).sum() / m.sum())
    assert centre(warped) > centre(plain)


def test_vtlp_frequencies_keep_the_anchor_and_nyquist():
    f = np.linspace(0, 8000, 9)
    for a in (0.9, 1.1):
        w = vtlp_frequencies(f, a, 0.0, 4500.0, 16000)
        assert w[0] == 0 and np.isclose(w[-1], 8000) and np.all(np.diff(w) > 0)
        assert np.isclose(w[1], 1000 * a)                 # scaled below the knee
        anchored = vtlp_frequencies(f, a, 1000.0, 4500.0, 16000)
        assert np.allclose(anchored[:2], f[:2]) and np.isclose(anchored[2], 1000 + 1000 * a)
        assert np.isclose(anchored[-1], 8000)
    assert np.allclose(vtlp_frequencies(f, 1.0, 300.0, 4500.0, 16000), f)
    assert np.array_equal(mel_filter_bank(10, 400, 16000, 0, 8000, (1.0, 0.0, 4500.0)),
                          mel_filter_bank(10, 400, 16000, 0, 8000))


def test_the_setting_reads_back_and_survives_the_stored_form(session):
    session.evaluate('e = NetEncoder[{"AudioMFCC", "Augmentation" -> {"Volume" -> {0.5, 2}}}]')
    assert session.evaluate('e[["Augmentation"]] === {"Volume" -> {0.5, 2}}').name == "True"
    assert session.evaluate('ToExpression[ToString[InputForm[e]]] === e').name == "True"


def test_reencoded_batches_encode_the_perturbed_ports_each_time():
    calls = []

    def encode(port, xs):
        calls.append((port, xs))
        return len(calls)

    batches = ReencodedBatches([({"a": "A0", "b": "B0"}, {"t": 1}), ({"a": "A1", "b": "B1"}, {"t": 2})],
                               [np.array([0, 2]), np.array([1])], {"a": ["x", "y", "z"]}, encode)
    assert len(batches) == 2
    assert batches[0] == ({"a": 1, "b": "B0"}, {"t": 1})
    assert batches[0] == ({"a": 2, "b": "B0"}, {"t": 1})     # a new encoding each time
    assert batches[1] == ({"a": 3, "b": "B1"}, {"t": 2})
    assert calls == [("a", ["x", "z"]), ("a", ["x", "z"]), ("a", ["y"])]


def test_net_train_perturbs_anew_each_round(session):
    # with a learning rate too small to change the net, the round losses differ only when
    # the inputs are perturbed anew each round
    session.evaluate('SeedRandom[3]; aud = Table[Audio[RandomReal[{-1, 1}, 400], '
                     'SampleRate -> 16000], 8]; data = Thread[aud -> RandomChoice[{"a", "b"}, 8]]; '
                     'mk[aug_] := NetChain[{LongShortTermMemoryLayer[4], SequenceLastLayer[], '
                     'LinearLayer[2], SoftmaxLayer[]}, "Input" -> NetEncoder[{"AudioMFCC", '
                     '"Augmentation" -> aug}], "Output" -> NetDecoder[{"Class", {"a", "b"}}]]; '
                     'run[aug_] := NetTrain[mk[aug], data, "RoundLossList", MaxTrainingRounds -> 3, '
                     'LearningRate -> 10^-12, TrainingProgressReporting -> None, RandomSeeding -> 1, '
                     'BatchSize -> 8]')
    fixed = array(session, "run[None]")
    perturbed = array(session, 'run[<|"Volume" -> {0.2, 2}|>]')
    assert np.allclose(fixed, fixed[0], rtol=1e-5)
    assert np.ptp(perturbed) > 1e-3
