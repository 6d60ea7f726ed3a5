"""FillingTransform and WatershedComponents (wlnet.builtins.image_watershed)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def _out(session, text):
    return output_form(session.evaluate(text))


@pytest.mark.parametrize("name, text, expected", declared_examples("image_watershed"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


_BIT = ('Image[{{1, 1, 1, 0, 0}, {1, 0, 1, 0, 0}, {1, 1, 1, 1, 1}, {0, 0, 1, 0, 1}, '
        '{0, 0, 1, 1, 1}}, "Bit"]')


@pytest.mark.parametrize("text, expected", [
    # a hole of a binary image filled; the image stays binary
    (f"ImageData[FillingTransform[{_BIT}]]",
     "{{1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 1}}"),
    (f"ImageType[FillingTransform[{_BIT}]]", "Bit"),
    # with a marker only the hole it touches
    ("ImageData[FillingTransform[" + _BIT + ", {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, "
     "{0, 0, 0, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 0}}]]",
     "{{1, 1, 1, 0, 0}, {1, 0, 1, 0, 0}, {1, 1, 1, 1, 1}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 1}}"),
    # CornerNeighbors -> False: the hole leaks out diagonally no more
    ("FillingTransform[{{1, 1, 0}, {1, 0, 1}, {1, 1, 1}}]",
     "{{1, 1, 0}, {1, 0, 1}, {1, 1, 1}}"),
    ("FillingTransform[{{1, 1, 0}, {1, 0, 1}, {1, 1, 1}}, CornerNeighbors -> False]",
     "{{1, 1, 0}, {1, 1, 1}, {1, 1, 1}}"),
    # a grey minimum lifted to the lowest value around it
    ("FillingTransform[{{5, 5, 5, 5}, {5, 2, 4, 5}, {5, 4, 4, 5}, {5, 5, 5, 5}}]",
     "{{5, 5, 5, 5}, {5, 5, 5, 5}, {5, 5, 5, 5}, {5, 5, 5, 5}}"),
    # depth h: raised by at most h
    ("FillingTransform[{{5, 5, 5, 5}, {5, 2, 4, 5}, {5, 4, 4, 5}, {5, 5, 5, 5}}, 1]",
     "{{5, 5, 5, 5}, {5, 3, 4, 5}, {5, 4, 4, 5}, {5, 5, 5, 5}}"),
    ("FillingTransform[{{4, 4, 4}, {4, 1, 4}, {4, 4, 4}}, 1.5]",
     "{{4., 4., 4.}, {4., 2.5, 4.}, {4., 4., 4.}}"),
    # minima at the border stay, unless the outside is a wall
    ("FillingTransform[{{1, 1, 1}, {1, 0, 1}, {1, 0, 1}}, Padding -> 1]",
     "{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}"),
    # watershed: one basin per regional minimum, 0 on the ridge between them
    ("WatershedComponents[{{0, 1, 2, 1, 0}, {0, 1, 2, 1, 0}}]",
     "{{1, 1, 0, 2, 2}, {1, 1, 0, 2, 2}}"),
    # a plateau between two basins is shared by distance
    ("WatershedComponents[{{0, 1, 1, 1, 1, 0}}, Method -> \"Basins\"]",
     "{{1, 1, 1, 2, 2, 2}}"),
    # seeds from a marker matrix, or from positions {x, y} (y from the bottom)
    ("WatershedComponents[{{0, 1, 2, 1, 0}, {0, 1, 2, 1, 0}}, {{0, 0, 0, 0, 0}, "
     "{1, 0, 0, 0, 0}}, Method -> \"Basins\"]", "{{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}}"),
    ("WatershedComponents[{{0, 1, 2, 1, 0}, {0, 1, 2, 1, 0}}, {{0.5, 0.5}, {4.5, 1.5}}]",
     "{{1, 1, 0, 2, 2}, {1, 1, 0, 2, 2}}"),
    ("WatershedComponents[Image[{{0, 0.5, 1, 0.5, 0}}]]", "{{1, 1, 0, 2, 2}}"),
    ('WatershedComponents[Image[{{0, 0.5, 1, 0.5, 0}}], Method -> "Immersion"]',
     "{{1, 1, 0, 2, 2}}"),
])
def test_cases(session, text, expected):
    assert _out(session, text) == expected


@pytest.mark.parametrize("text, tag", [
    ("FillingTransform[x]", "imginv"),
    ('FillingTransform[{{1, 0}, {0, 1}}, "m"]', "marker"),
    ("FillingTransform[{{1, 0}, {0, 1}}, {{1, 0}}]", "marker"),
    ("FillingTransform[{{1, 0}, {0, 1}}, Padding -> x]", "padding"),
    ('WatershedComponents[{{0, 1}}, Method -> "Rainfall"]', "method"),
    ('WatershedComponents[{{0, 1}}, "m"]', "wsmarker"),
    ("WatershedComponents[{{0, 1}}, CornerNeighbors -> 3]", "corners"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(text, tag):
    session = Session(echo=False)
    out = output_form(session.evaluate(text))
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
    assert out.startswith(text.split("[")[0] + "["), out           # left unevaluated


def test_watershed_of_two_blobs_separates_them(session):
    """Two dark disks in a bright field: two basins, the ridge between them a line."""
    session.evaluate("blobs = Table[Min[Norm[{i, j} - {8, 6}], Norm[{i, j} - {8, 18}]], "
                     "{i, 15}, {j, 23}] / 12.;")
    labels = np.array(to_python(session.evaluate("WatershedComponents[Image[blobs]]")))
    assert sorted(np.unique(labels)) == [0, 1, 2]
    assert labels[7, 5] != labels[7, 17]
    assert (labels[:, 11] == 0).all()


def test_filling_keeps_image_options(session):
    out = _out(session, 'Options[FillingTransform[Image[{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}, '
                        'ImageSize -> 40]], ImageSize]')
    assert out == "{ImageSize -> 40}"


# ---------------------------------------------------------------------------- MaxDetect

def _plateau_maxima(values: np.ndarray) -> np.ndarray:
    """Regional maxima by their definition: 8-connected plateaus none of whose
    neighbours is higher."""
    from scipy import ndimage
    out = np.zeros(values.shape, bool)
    for level in np.unique(values):
        labels, n = ndimage.label(values == level, np.ones((3, 3)))
        for k in range(1, n + 1):
            plateau = labels == k
            ring = ndimage.binary_dilation(plateau, np.ones((3, 3))) & ~plateau
            if not np.any(values[ring] > level):
                out |= plateau
    return out


def test_max_and_min_detect_find_the_plateaus_no_neighbour_exceeds(session):
    session.evaluate("SeedRandom[8]; data = RandomInteger[3, {7, 9}];")
    values = np.array(to_python(session.evaluate("data")), dtype=float)
    assert to_python(session.evaluate("MaxDetect[data]")) == \
        _plateau_maxima(values).astype(int).tolist()
    assert to_python(session.evaluate("MinDetect[data]")) == \
        _plateau_maxima(-values).astype(int).tolist()
    image = session.evaluate("MaxDetect[Image[data/3]]").reals()[:, :, 0]
    assert image.astype(int).tolist() == _plateau_maxima(values).astype(int).tolist()


def test_detect_with_a_contrast_keeps_only_the_extrema_that_stand_out(session):
    assert to_python(session.evaluate("MaxDetect[{0, 2, 1, 4, 0, 0.5, 0}, 0.8]")) == \
        [0, 1, 0, 1, 0, 0, 0]
    assert to_python(session.evaluate("MinDetect[{3, 0, 2, 1.5, 2, 3}, 0.4]")) == \
        [0, 1, 0, 1, 0, 0]
    assert to_python(session.evaluate("MinDetect[{3, 0, 2, 1.5, 2, 3}, 0.6]")) == \
        [0, 1, 0, 0, 0, 0]


def test_detect_on_images_gives_bit_images_and_corner_neighbours_matter(session):
    out = session.evaluate("MaxDetect[Image[{{0.1, 0.5, 0.1}, {0.1, 0.1, 0.1}}]]")
    assert out.image_type == "Bit"
    assert out.reals()[:, :, 0].tolist() == [[0, 1, 0], [0, 0, 0]]
    # diagonal neighbours: joined by default, so the lower peak is not a maximum
    data = "{{0, 0, 0}, {0, 1, 0}, {0, 0, 2}}"
    assert to_python(session.evaluate(f"MaxDetect[{data}]")) == \
        [[0, 0, 0], [0, 0, 0], [0, 0, 1]]
    assert to_python(session.evaluate(f"MaxDetect[{data}, CornerNeighbors -> False]")) == \
        [[0, 0, 0], [0, 1, 0], [0, 0, 1]]
