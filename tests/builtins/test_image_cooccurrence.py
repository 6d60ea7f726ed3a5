"""ImageCooccurrence (wlnet.builtins.image_cooccurrence)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_cooccurrence"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_shares_sum_to_one_and_a_chessboard_never_pairs_equal_levels(session):
    m = np.array(to_python(session.evaluate("ImageCooccurrence[RandomImage[1, {20, 20}], 8]")))
    assert m.shape == (8, 8) and m.sum() == pytest.approx(1.0)
    board = np.array(to_python(session.evaluate(
        "ImageCooccurrence[Image[Table[Mod[i + j, 2], {i, 8}, {j, 8}]], 2]")))
    assert board[0, 0] == 0 and board[1, 1] == 0 and board[0, 1] + board[1, 0] == 1


def test_a_horizontal_kernel_on_stripes_two_images_and_masking(session):
    stripes = "Image[Table[Mod[j, 2], {i, 4}, {j, 4}]]"
    horizontal = np.array(to_python(session.evaluate(
        f"ImageCooccurrence[{stripes}, 2, {{{{0, 0, 0}}, {{0, 0, 1}}, {{0, 0, 0}}}}]")))
    assert horizontal[0, 0] == 0 and horizontal[1, 1] == 0
    pair = np.array(to_python(session.evaluate(
        "ImageCooccurrence[{Image[{{0, 0}}], Image[{{1, 1}}]}, 2, {{0, 0, 0}, {0, 1, 0}, "
        "{0, 0, 0}}]")))
    assert pair.tolist() == [[0.0, 1.0], [0.0, 0.0]]
    masked = np.array(to_python(session.evaluate(
        "ImageCooccurrence[Image[{{0, 1, 1}}], 2, {{0, 0, 0}, {0, 0, 1}, {0, 0, 0}}, "
        "Masking -> Image[{{0, 1, 0}}]]")))
    assert masked.tolist() == [[0.0, 0.0], [0.0, 1.0]]
    session.evaluate("ImageCooccurrence[Image[{{0}}], 0]")
    assert [m.split(":")[2] for m in session.messages] == ["bins"]
