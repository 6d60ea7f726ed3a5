"""Spectral features of sampled sound, vectorised over frames with numpy: what
SpectrogramArray and the "AudioSTFT", "AudioSpectrogram", "AudioMelSpectrogram" and
"AudioMFCC" net encoders compute.

* ``frames(x, size, offset)``: the partitions of a signal, ``size`` samples every ``offset``
  (a strided view, no copy); a signal shorter than one partition is zero-padded to one.
* ``stft(x, size, offset, window)``: the Fourier transform of each windowed partition with
  WL's default Fourier normalisation (1/Sqrt[n], FourierParameters {0, 1}), every one of
  the ``size`` frequencies (as WL's SpectrogramArray and "AudioSTFT" give them).
* ``magnitude_spectrogram``: the absolute values of the first Floor[size/2] + 1
  frequencies (the others mirror them for a real signal).
* ``mel_filter_bank``: triangular filters with their corners equally spaced on the mel scale
  of O'Shaughnessy / HTK, m = 2595 log10(1 + f/700), each peaking at 1 at its centre.  WL's
  documentation says only "bandpass filters whose center frequencies are linearly spaced
  on the mel scale"; the HTK form is the common reading of that (Slaney's, the other
  one, is linear below 1 kHz and normalises each filter's area).
* ``mfcc``: WL's FourierDCT (type II, normalised as WL does it:
  v_s = 1/Sqrt[n] Sum_r u_r Cos[Pi (r - 1/2) (s - 1)/n]) of the logarithm of each mel
  frame, its first coefficients kept.
"""

from __future__ import annotations

import numpy as np

__all__ = ["frames", "frame_count", "hann", "WINDOWS", "window_values", "stft",
           "magnitude_spectrogram", "hz_to_mel", "mel_to_hz", "mel_filter_bank",
           "mel_spectrogram", "mfcc", "wl_dct", "LOG_FLOOR"]

LOG_FLOOR = 1e-10               # mel energies are floored here before their logarithm


def frame_count(n: int, size: int, offset: int) -> int:
    """How many partitions of ``size`` every ``offset`` a signal of ``n`` samples has (at
    least one: a short signal is padded to a whole partition)."""
    return 1 + max(0, n - size) // offset


def frames(x: np.ndarray, size: int, offset: int) -> np.ndarray:
    """(count, size): the partitions of the vector ``x`` (a read-only view of ``x``)."""
    if x.shape[0] < size:
        x = np.concatenate([x, np.zeros(size - x.shape[0], x.dtype)])
    count = frame_count(x.shape[0], size, offset)
    return np.lib.stride_tricks.as_strided(
        x, shape=(count, size), strides=(x.strides[0] * offset, x.strides[0]), writeable=False)


def hann(size: int) -> np.ndarray:
    """WL's HannWindow sampled across a partition (Array[HannWindow, size, {-1/2, 1/2}]):
    zero at both ends."""
    return np.hanning(size) if size > 1 else np.ones(1)


# window functions by their WL names (None: no window, every sample weighted 1)
WINDOWS = {"HannWindow": hann, "HammingWindow": np.hamming, "BlackmanWindow": np.blackman,
           "DirichletWindow": None, "None": None}


def window_values(name: str, size: int) -> np.ndarray | None:
    """The window WINDOWS names, over a partition of ``size`` samples (None: no window)."""
    make = WINDOWS[name]
    return None if make is None else make(size)


def stft(x: np.ndarray, size: int, offset: int, window: np.ndarray | None = None) -> np.ndarray:
    """(count, size) complex: the Fourier transform of each windowed partition of ``x``."""
    parts = frames(np.asarray(x, dtype=np.float64), size, offset)
    if window is not None:
        parts = parts * window
    return np.fft.fft(parts, axis=-1, norm="ortho")


def magnitude_spectrogram(x, size: int, offset: int, window=None) -> np.ndarray:
    """(count, size // 2 + 1): |STFT| of the non-negative frequencies."""
    parts = frames(np.asarray(x, dtype=np.float64), size, offset)
    if window is not None:
        parts = parts * window
    return np.abs(np.fft.rfft(parts, axis=-1, norm="ortho"))


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


def vtlp_frequencies(freqs: np.ndarray, factor: float, low: float, high: float,
                     rate) -> np.ndarray:
    """``freqs`` (Hz) under vocal tract length perturbation by ``factor`` (Jaitly & Hinton
    2013), anchored at ``low``: frequencies up to ``low`` stay; above it they are scaled by
    ``factor`` up to a knee set by the boundary ``high``, then mapped linearly so that the
    Nyquist frequency stays where it is."""
    nyquist = rate / 2
    span = nyquist - low
    g = np.maximum(freqs - low, 0.0)
    edge = (high - low) * min(factor, 1.0)
    knee = edge / factor
    above = span - (span - edge) / (span - knee) * (span - g)
    warped = low + np.where(g <= knee, g * factor, above)
    return np.where(freqs <= low, freqs, warped)


def mel_filter_bank(count: int, size: int, rate, low: float, high: float,
                    warp: tuple | None = None) -> np.ndarray:
    """(size // 2 + 1, count): column j is the j-th triangular filter over the frequencies
    of a ``size``-point spectrum at ``rate`` (its corners the j-th, (j+1)-th and (j+2)-th
    of count + 2 points equally spaced in mel from ``low`` to ``high`` Hz); ``warp``
    (factor, low, high) moves the spectrum's frequencies by vocal tract length
    perturbation first (see ``vtlp_frequencies``)."""
    corners = mel_to_hz(np.linspace(hz_to_mel(low), hz_to_mel(high), count + 2))
    freqs = np.arange(size // 2 + 1) * (rate / size)
    if warp is not None:
        freqs = vtlp_frequencies(freqs, *warp, rate)
    left, centre, right = corners[:-2], corners[1:-1], corners[2:]
    rising = (freqs[:, None] - left) / np.maximum(centre - left, 1e-12)
    falling = (right - freqs[:, None]) / np.maximum(right - centre, 1e-12)
    return np.maximum(0.0, np.minimum(rising, falling))


def mel_spectrogram(x, size: int, offset: int, rate, filters: int, low: float, high: float,
                    window=None, warp: tuple | None = None) -> np.ndarray:
    """(count, filters): the magnitude spectrogram through the mel filter bank (``warp``:
    see ``mel_filter_bank``)."""
    return magnitude_spectrogram(x, size, offset, window) @ mel_filter_bank(
        filters, size, rate, low, high, warp)


def wl_dct(x: np.ndarray) -> np.ndarray:
    """WL's FourierDCT[x] along the last axis: 1/Sqrt[n] Sum_r x_r Cos[Pi (r - 1/2) k / n]."""
    from scipy.fft import dct
    n = x.shape[-1]
    return dct(x, type=2, axis=-1) / (2.0 * np.sqrt(n))


def mfcc(x, size: int, offset: int, rate, filters: int, low: float, high: float,
         coefficients: int, window=None, warp: tuple | None = None) -> np.ndarray:
    """(count, coefficients): the first coefficients of the DCT of the log mel energies."""
    mel = mel_spectrogram(x, size, offset, rate, filters, low, high, window, warp)
    return wl_dct(np.log(np.maximum(mel, LOG_FLOOR)))[:, :coefficients]
