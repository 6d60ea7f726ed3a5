"""ListPlay, Play, SampledSoundList and their Audio and Duration
(wlnet/builtins/sampled_sound.py)."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("sampled_sound"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_play_samples_the_function_at_the_rate():
    r = Runner()
    r.run("p = Play[Sin[2 Pi 440 t], {t, 0, 0.1}, SampleRate -> 4000];")
    got = np.array([v.value for v in r.run("p[[1, 1]]").args])
    assert np.allclose(got, np.sin(2 * np.pi * 440 * np.arange(400) / 4000))
    check("p[[1, 2]]", "4000", runner=r)
    check('Duration[p] == Quantity[0.1, "Seconds"]', "True", runner=r)
    check("a = Audio[p]; {AudioLength[a], QuantityMagnitude[AudioSampleRate[a]]}",
          "{400, 4000}", runner=r)
    check("Dimensions[Play[{Sin[2 Pi 440 t], Cos[2 Pi 440 t]}, {t, 0, 0.01}][[1, 1]]]",
          "{2, 80}", runner=r)
    check("Duration[ListPlay[Range[16000]/16000.]] == Quantity[2., \"Seconds\"]", "True",
          runner=r)


@pytest.mark.parametrize("text,tag", [
    ("ListPlay[{x, y}]", "ListPlay::data"),
    ("Play[Sin[t], {t, 1, 0}]", "Play::range"),
    ("Play[f[t], {t, 0, 0.01}]", "Play::nonum"),
    ("ListPlay[{0.1, 0.2}, SampleRate -> -1]", "ListPlay::srate"),
])
def test_messages(text, tag):
    assert run(text).tags == [tag]
