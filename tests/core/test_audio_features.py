"""Spectral features (wlnet/core/audio_features.py) against independent references:
scipy.signal.stft for the short-time Fourier transform, the HTK mel formulas written out
per filter and per frequency, and the DCT-II matrix of WL's FourierDCT definition."""

import numpy as np
import pytest
from scipy import signal

from wlnet.core.audio_features import (frame_count, frames, hann, hz_to_mel,
                                       magnitude_spectrogram, mel_filter_bank, mel_spectrogram,
                                       mel_to_hz, mfcc, stft, window_values, wl_dct)


def test_frames_are_strided_partitions():
    x = np.arange(10.0)
    f = frames(x, 4, 3)
    assert f.tolist() == [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]]
    assert frame_count(10, 4, 3) == 3 and frame_count(2, 4, 3) == 1
    assert frames(np.array([1.0, 2.0]), 4, 2).tolist() == [[1, 2, 0, 0]]   # padded to one


def test_hann_is_wl_hann_window_sampled_from_minus_to_plus_half():
    n = 9
    x = np.linspace(-0.5, 0.5, n)
    assert np.allclose(hann(n), (1 + np.cos(2 * np.pi * x)) / 2)
    assert window_values("DirichletWindow", 5) is None


@pytest.mark.parametrize("size, offset", [(64, 16), (50, 20), (33, 33)])
def test_stft_agrees_with_scipy(size, offset):
    rng = np.random.default_rng(1)
    x = rng.normal(size=1000)
    window = hann(size)
    ours = stft(x, size, offset, window)
    _, _, z = signal.stft(x, window=window, nperseg=size, noverlap=size - offset,
                          boundary=None, padded=False, return_onesided=True)
    # scipy divides by the window's sum; ours is WL's Fourier (1/Sqrt[n])
    reference = z.T * window.sum() / np.sqrt(size)
    assert ours.shape == (frame_count(1000, size, offset), size)
    assert np.allclose(ours[:, :size // 2 + 1], reference, atol=1e-10)
    assert np.allclose(magnitude_spectrogram(x, size, offset, window), np.abs(reference),
                       atol=1e-10)


def test_stft_of_a_tone_peaks_at_its_frequency():
    rate, size = 8000, 256
    t = np.arange(4000) / rate
    spec = magnitude_spectrogram(np.sin(2 * np.pi * 1000 * t), size, 128, hann(size))
    assert (spec.argmax(axis=1) == round(1000 * size / rate)).all()


def test_mel_scale_is_htk():
    assert hz_to_mel(700) == pytest.approx(2595 * np.log10(2))
    assert hz_to_mel(1000) == pytest.approx(1000, abs=0.5)        # ~1000 mel at 1 kHz
    assert mel_to_hz(hz_to_mel(4321.0)) == pytest.approx(4321.0)


def _reference_filter(j, freq, corners):
    """The j-th HTK triangle at one frequency, written out."""
    left, centre, right = corners[j], corners[j + 1], corners[j + 2]
    if left <= freq <= centre:
        return (freq - left) / (centre - left)
    if centre <= freq <= right:
        return (right - freq) / (right - centre)
    return 0.0


def test_mel_filter_bank_against_the_formula():
    count, size, rate, low, high = 10, 256, 16000, 100.0, 7000.0
    bank = mel_filter_bank(count, size, rate, low, high)
    mels = np.linspace(2595 * np.log10(1 + low / 700), 2595 * np.log10(1 + high / 700),
                       count + 2)
    corners = [700 * (10 ** (m / 2595) - 1) for m in mels]
    reference = np.array([[_reference_filter(j, k * rate / size, corners)
                           for j in range(count)] for k in range(size // 2 + 1)])
    assert bank.shape == (size // 2 + 1, count)
    assert np.allclose(bank, reference, atol=1e-12)
    assert bank.max() <= 1.0 and (bank.sum(axis=0) > 0).all()


def test_wl_dct_is_fourier_dct_type_two():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 8))
    n = 8
    r, s = np.meshgrid(np.arange(1, n + 1), np.arange(1, n + 1))
    matrix = np.cos(np.pi * (r - 0.5) * (s - 1) / n) / np.sqrt(n)
    assert np.allclose(wl_dct(x), x @ matrix.T)


def test_mfcc_is_the_dct_of_log_mel_energies():
    rng = np.random.default_rng(3)
    x = rng.normal(size=2000)
    args = (400, 160, 16000, 40, 0.0, 8000.0)
    mel = mel_spectrogram(x, *args, hann(400))
    ours = mfcc(x, *args, 13, hann(400))
    assert ours.shape == (frame_count(2000, 400, 160), 13)
    assert np.allclose(ours, wl_dct(np.log(mel))[:, :13])
