"""Statistics of an image's pixel values (wlnet.builtins.image_statistics)."""

import pytest

from tests.builtins._support import check


@pytest.mark.parametrize("text, want", [
    ("Median[Image[{{0.25, 0.5}, {0.75, 1.}}]]", "0.625"),
    ("Mean[Image[{{0.25, 0.5}, {0.75, 1.}}]]", "0.625"),
    ("Quantile[Image[{{0.25, 0.5}, {0.75, 1.}}], 0.5]", "0.5"),
    ("Quantile[Image[{{0.25, 0.5}, {0.75, 1.}}], {0.25, 1}]", "{0.25, 1.}"),
    # a colour image: one value per channel
    ("Mean[Image[{{{0.25, 0.5, 1.}, {0.75, 0.5, 0.}}}]]", "{0.5, 0.5, 0.5}"),
    ("Variance[Image[{{0.25, 0.75}}]] == Variance[{0.25, 0.75}]", "True"),
    ("StandardDeviation[Image[{{0.25, 0.75}}]] == StandardDeviation[{0.25, 0.75}]", "True"),
    ("RootMeanSquare[Image[{{0., 1.}}]] == RootMeanSquare[{0., 1.}]", "True"),
])
def test_statistics_of_pixel_values(text, want):
    check(text, want)
