"""EntropyFilter (wlnet.builtins.entropy_filter)."""

import numpy as np
import pytest

from wlnet.builtins.entropy_filter import entropy_of_blocks, _labels
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("entropy_filter"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _entropy(values) -> float:
    _, counts = np.unique(values, return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log(p)).sum())


@pytest.mark.parametrize("shape, radii", [((7, 9), (1, 1)), ((6, 5), (2, 0)),
                                          ((4, 5, 3), (1, 2, 1)), ((11,), (3,))])
def test_blocks_against_a_direct_count(shape, radii):
    data = np.random.default_rng(1).integers(0, 3, size=shape).astype(float)
    got = entropy_of_blocks(_labels(data), radii)
    for index in np.ndindex(*shape):
        block = data[tuple(slice(max(i - r, 0), i + r + 1) for i, r in zip(index, radii))]
        assert got[index] == pytest.approx(_entropy(block), abs=1e-12)


def test_images_channel_by_channel_with_alpha_kept(session):
    out = session.evaluate('EntropyFilter[Image[{{{0, 0, 0, 0.5}, {1, 0, 0, 0.5}}}], 1]')
    assert out.image_type == "Real32" and out.channels == 4
    values = out.reals()
    assert values[0, :, 0] == pytest.approx([np.log(2)] * 2, abs=1e-6)
    assert values[0, :, 1] == pytest.approx([0, 0], abs=1e-6)
    assert values[0, :, 3] == pytest.approx([0.5, 0.5], abs=1e-6)


def test_exact_data_gives_entropy_exact_forms(session):
    out = session.evaluate('EntropyFilter[{1, 1, 2, 3}, 1]')
    assert output_form(out) == "{0, -(2 Log[2/3])/3 + Log[3]/3, Log[3], Log[2]}"
    same = session.evaluate('EntropyFilter[{1, 1, 2, 3}, 1] == '
                            'Table[Entropy[Take[{1, 1, 2, 3}, {Max[i - 1, 1], Min[i + 1, 4]}]], '
                            '{i, 4}]')
    assert output_form(same) == "True"


@pytest.mark.parametrize("text, tag", [("EntropyFilter[x, 1]", "imginv"),
                                       ("EntropyFilter[{1., 2.}, -1]", "arg"),
                                       ("EntropyFilter[{{1., 2.}}, {1, 1, 1}]", "arg")])
def test_messages(session, text, tag):
    assert session.evaluate(text).head.name == "EntropyFilter"
    assert [m.split(":")[2] for m in session.messages] == [tag]
