"""RemoveBackground (wlnet.builtins.remove_background)."""

import numpy as np
import pytest

from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    s = Session(echo=False)
    # a red disk on a green field
    s.evaluate("disk = Image[Table[If[(i - 10)^2 + (j - 10)^2 < 25, {1, 0, 0}, "
               "{0.1, 0.6, 0.1}], {i, 20}, {j, 20}]];")
    return s


@pytest.mark.parametrize("name, text, expected", declared_examples("remove_background"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _alpha(session, text):
    out = session.evaluate(text)
    assert out.has_alpha and out.channels == 4, session.messages
    return out.reals()[:, :, 3]


@pytest.mark.parametrize("spec", ["", ", Green", ', {"Background", RGBColor[0.1, 0.6, 0.1]}',
                                  ', {"Foreground", Red}', ", {1, 1}", ", {{1, 1}, {20, 20}}",
                                  ', "Dark"', ', {"Uniform", 0.05}',
                                  ', {"Uniform", RGBColor[0.1, 0.6, 0.1]}',
                                  ", Image[SparseArray[{{1, 1} -> 1}, {20, 20}]]"])
def test_the_disk_is_kept_and_the_field_removed(session, spec):
    alpha = _alpha(session, f"RemoveBackground[disk{spec}]")
    inside = np.add.outer((np.arange(20) - 9) ** 2, (np.arange(20) - 9) ** 2) < 25
    np.testing.assert_array_equal(alpha, inside.astype(float))


def test_an_alpha_channel_is_multiplied_and_messages(session):
    alpha = _alpha(session, "RemoveBackground[SetAlphaChannel[disk, 0.5]]")
    assert alpha.max() == pytest.approx(0.5)
    for text in ('RemoveBackground[disk, "Salient"]', "RemoveBackground[disk, Rectangle[]]",
                 'RemoveBackground[disk, {"Uniform", -1}]'):
        assert session.evaluate(text).head.name == "RemoveBackground"
        assert [m.split(":")[2] for m in session.messages] == ["model"]
