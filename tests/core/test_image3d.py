"""The Image3D atom (wlnet/core/image3d.py): layout, types, resampling, colour spaces."""

import numpy as np
import pytest

from wlnet.core.image3d import Image3D, convert3d, drop_alpha3d, resize3d, slice_image


def test_layout_dimensions_and_types():
    img = Image3D(np.random.default_rng(0).random((4, 3, 2)))
    assert img.dimensions == (2, 3, 4)                     # {width, depth, height}
    assert img.channels == 1 and img.color_space == "Grayscale" and img.image_type == "Real32"
    byte = Image3D(np.full((2, 2, 2, 3), 255, np.uint8))
    assert byte.image_type == "Byte" and byte.color_space == "RGB"
    assert np.allclose(byte.reals(), 1.0)
    assert Image3D(np.full((1, 1, 1), 0.5), "Byte").data[0, 0, 0, 0] == 128
    assert byte == Image3D(np.full((2, 2, 2, 3), 255, np.uint8)) and byte != img


@pytest.mark.parametrize("bad", [np.zeros((2, 2)), np.zeros((2, 2, 2, 5)), np.zeros((0, 2, 2))])
def test_refuses_what_is_not_a_volume(bad):
    with pytest.raises(ValueError):
        Image3D(bad)


def test_resize_keeps_constants_and_maps_centres():
    img = Image3D(np.full((2, 3, 4), 0.25))
    big = resize3d(img, (8, 6, 4))
    assert big.dimensions == (8, 6, 4) and np.allclose(big.reals(), 0.25)
    ramp = Image3D(np.broadcast_to(np.array([0.0, 1.0]), (1, 1, 2)).copy())
    wide = resize3d(ramp, (4, 1, 1)).reals()[0, 0, :, 0]
    assert np.allclose(wide, [0.0, 0.25, 0.75, 1.0])       # voxel centres on voxel centres
    assert np.allclose(resize3d(ramp, (4, 1, 1), "Nearest").reals()[0, 0, :, 0], [0, 0, 1, 1])


def test_colour_conversion_and_alpha():
    red = Image3D(np.broadcast_to([1.0, 0.0, 0.0], (1, 1, 1, 3)).copy())
    assert np.allclose(convert3d(red, "Grayscale").reals(), 0.299, atol=1e-6)
    transparent = Image3D(np.broadcast_to([0.0, 0.0], (1, 1, 1, 2)).copy())
    assert np.allclose(drop_alpha3d(transparent).reals(), 1.0)     # over white
    assert slice_image(Image3D(np.zeros((3, 2, 5))), 1).width == 5
