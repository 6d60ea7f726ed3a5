"""SquareWave, TriangleWave, SawtoothWave, PeriodogramArray and the FIR filters
(wlnet/builtins/signal_filters.py): exact and machine values of the waves, Parseval and
partitions of the periodogram, filters that keep their band and remove the rest."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("signal_filters"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ("SquareWave[{0, 1/4, 1/2, 3/4, 1, -1/4}]", "{1, 1, -1, -1, 1, -1}"),
    ("TriangleWave[{0, 1/8, 1/4, 1/2, 3/4, 7/8, 5/4}]", "{0, 1/2, 1, 0, -1, -1/2, 1}"),
    ("SawtoothWave[{0, 1/3, 4/3, -1/4}]", "{0, 1/3, 1/3, 3/4}"),
    ("SquareWave[{2, 5}, {0.1, 0.7}]", "{5., 2.}"),
    ("TriangleWave[{a, b}, 1/4]", "b"),
    ("SawtoothWave[{0, 10}, 1/4]", "5/2"),
    ("Abs[TriangleWave[0.9] + 0.4] < 10^-12", "True"),
    ("SawtoothWave[x]", "SawtoothWave[x]"),
    ("SquareWave[Range[0, 1, 0.25]]", "{1., 1., -1., -1., 1.}"),
])
def test_waves(text, expected):
    check(text, expected, evaluate_expected=True)


def test_periodogram_is_the_squared_orthonormal_fourier_transform():
    r = Runner()
    x = np.array([1.0, 2.0, 3.0, 4.0, -1.0, 0.5])
    got = [v.value for v in r.run("PeriodogramArray[{1., 2, 3, 4, -1, 0.5}]").args]
    assert np.allclose(got, np.abs(np.fft.fft(x, norm="ortho")) ** 2)
    check("Total[PeriodogramArray[{1., 2, 3, 4}]] == Total[{1., 2, 3, 4}^2]", "True")
    # partitions of 4 every 2, Hamming-windowed, padded to 8: the mean of their spectra
    y = np.arange(1.0, 17.0)
    parts = np.array([y[i:i + 4] * np.hamming(4) for i in range(0, 13, 2)])
    want = (np.abs(np.fft.fft(np.pad(parts, ((0, 0), (0, 4))), axis=1, norm="ortho")) ** 2
            ).mean(axis=0)
    got = [v.value for v in r.run("PeriodogramArray[Range[16.], 4, 2, HammingWindow, 8]").args]
    assert np.allclose(got, want)


def test_filters_keep_their_band():
    check("Max[Abs[HighpassFilter[N@Table[Sin[0.05 k] + Sin[2 k], {k, 200}], 1.][[40 ;; 160]]"
          " - Table[Sin[2 k], {k, 40, 160}]]] < 0.2", "True")
    check("Max[Abs[LowpassFilter[N@Table[Sin[0.05 k] + Sin[2 k], {k, 200}], 1.][[40 ;; 160]]"
          " - Table[Sin[0.05 k], {k, 40, 160}]]] < 0.2", "True")
    check("Max[Abs[BandpassFilter[N@Table[Sin[0.05 k] + Sin[1. k] + Sin[2.8 k], {k, 300}], "
          "{0.6, 1.5}, 61][[60 ;; 240]] - Table[Sin[1. k], {k, 60, 240}]]] < 0.2", "True")
    # the same cutoff in radians per second at SampleRate -> 10 is ωc/10 per sample
    check("LowpassFilter[N@Range[30], 5, SampleRate -> 10] == LowpassFilter[N@Range[30], 0.5]",
          "True")
    check("Length[LowpassFilter[Range[10.], 0.5, 5, BlackmanWindow]]", "10")


@pytest.mark.parametrize("text,tag", [
    ("LowpassFilter[{1, 2, 3}, 5]", "LowpassFilter::freq"),
    ("BandpassFilter[Range[10.], {1.5, 0.5}]", "BandpassFilter::freq"),
    ("LowpassFilter[{a, b}, 0.5]", "LowpassFilter::data"),
    ("LowpassFilter[Range[10.], 0.5, 5, foo]", "LowpassFilter::window"),
    ("PeriodogramArray[Range[10.], 0]", "PeriodogramArray::part"),
])
def test_messages(text, tag):
    r = run(text)
    assert r.tags == [tag]


def test_periodogram_plots_the_decibels_of_the_first_half():
    # Sin[k/2]: 1/(4 Pi) cycles per sample, at SampleRate 100 about 8 Hz; 33 frequencies
    # from 0 to 50 Hz
    r = Runner()
    r.run("g = Periodogram[Sin[Range[64]/2.], SampleRate -> 100]; "
          "pts = First[Cases[g, Line[p_] :> p, Infinity]];")
    check("{Head[g], Length[pts], pts[[-1, 1]]}", "{Graphics, 33, 50.}", runner=r)
    peak = r.run("First[MaximalBy[pts, Last]][[1]]").value
    assert abs(peak - 100 / (4 * np.pi)) < 100 / 64
