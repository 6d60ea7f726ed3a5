"""The Image atom (wlnet.core.image): storage, types, drawing pixels, resampling, files."""

import numpy as np
import pytest

from wlnet.core.image import (Image, ImageFileError, convert, image_file_bytes, read_image,
                              resize)


def test_types_and_channels():
    assert Image(np.zeros((2, 3), np.uint8)).image_type == "Byte"
    real = Image(np.full((2, 3, 3), 0.5))
    assert (real.image_type, real.channels, real.color_space) == ("Real32", 3, "RGB")
    assert Image(np.full((1, 1), 0.5), "Byte").data[0, 0, 0] == 128
    assert Image(np.full((1, 1), 255, np.uint8), "Real32").data[0, 0, 0] == 1.0
    with pytest.raises(ValueError):
        Image(np.zeros((2, 0, 3)))
    with pytest.raises(ValueError):
        Image(np.zeros((2, 2, 5)), None, "RGB")         # RGB has 3 channels (and alpha)


def test_images_of_any_number_of_channels_have_no_colour_space():
    values = np.linspace(0, 1, 2 * 3 * 6).reshape(2, 3, 6)
    many = Image(values)
    assert (many.channels, many.color_space, many.has_alpha) == (6, "Automatic", False)
    assert np.allclose(many.reals(), values, atol=1e-6)
    # drawn (and written to files) from its first three channels as RGB
    assert np.array_equal(many.pixels, np.round(values[:, :, :3] * 255).astype(np.uint8))
    assert np.allclose(convert(many, "RGB").reals(), values[:, :, :3], atol=1e-6)


def test_bit_images_hold_booleans():
    bit = Image(np.array([[True, False]]))
    assert bit.image_type == "Bit" and bit.data.dtype == np.bool_
    assert bit.reals().tolist() == [[[1.0], [0.0]]] and bit.bytes().tolist() == [[[255], [0]]]
    # converted to Bit: a value from 1/2 up is 1 (bytes scaled first)
    assert Image(np.array([[0.2, 0.5, 0.9]]), "Bit").data[..., 0].tolist() == [[False, True, True]]
    assert Image(np.array([[100, 200]], np.uint8), "Bit").data[..., 0].tolist() == [[False, True]]
    assert Image(np.array([[True, False]]), "Byte").data[..., 0].tolist() == [[255, 0]]
    assert bit != Image(np.array([[255, 0]], np.uint8))


def test_equality_distinguishes_types():
    assert Image(np.zeros((2, 2), np.uint8)) == Image(np.zeros((2, 2), np.uint8))
    assert Image(np.zeros((2, 2), np.uint8)) != Image(np.zeros((2, 2)))


def test_pixels_are_rgb_bytes_with_alpha_over_white():
    grey_alpha = Image(np.array([[[0.0, 0.0]]]))      # black, fully transparent
    assert grey_alpha.pixels.tolist() == [[[255, 255, 255]]]
    assert Image(np.array([[0.0, 1.0]])).pixels.tolist() == [[[0, 0, 0], [255, 255, 255]]]


def test_resize_and_convert():
    img = Image(np.linspace(0, 1, 12).reshape(3, 4))
    small = resize(img, 2, 3)
    assert (small.width, small.height, small.image_type) == (2, 3, "Real32")
    assert convert(img, "RGB").channels == 3
    back = convert(convert(img, "RGB"), "Grayscale")
    assert np.allclose(back.data, img.data, atol=1e-6)


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_png_round_trip_keeps_every_channel_layout(channels):
    data = np.random.default_rng(channels).integers(0, 256, (5, 7, channels), dtype=np.uint8)
    data[0, 0, -1] = 7                                 # some transparency: alpha is kept
    back = read_image(image_file_bytes(Image(data), "PNG"))
    assert back == Image(data)


def test_damaged_files_raise():
    good = image_file_bytes(Image(np.zeros((4, 4), np.uint8)), "PNG")
    for bad in (b"", b"nonsense", good[:30], good[:-20]):
        with pytest.raises(ImageFileError):
            read_image(bad)


def test_an_opaque_alpha_channel_is_dropped_on_reading():
    opaque = np.full((3, 3, 4), 255, np.uint8)
    assert read_image(image_file_bytes(Image(opaque), "PNG")).channels == 3


def test_keeps_display_options_carries_the_first_images_unless_set():
    from wlnet.core.expr import Expr, Integer, S, Symbol
    from wlnet.core.image import Image, keeps_display_options
    size = (Expr(S.Rule, Symbol("ImageSize"), Integer(40)),)
    own = (Expr(S.Rule, Symbol("ImageSize"), Integer(9)),)
    shown = Image(np.zeros((2, 2)), options=size)

    @keeps_display_options
    def darker(ev, *args):
        return Image(np.zeros((2, 2)))

    @keeps_display_options
    def with_own(ev, *args):
        return Image(np.zeros((2, 2)), options=own)

    assert darker(None, Symbol("f"), shown).options == size      # the first image's
    assert darker(None, Symbol("f")).options == ()
    assert with_own(None, shown).options == own


def test_message_slots_name_images_briefly():
    from wlnet.core.expr import Expr, Integer, Symbol
    from wlnet.core.image import message_slots
    from wlnet.core.packed import packed_array
    image = Image(np.zeros((40, 40, 1)), "Real32")
    f, big = Symbol("f"), Expr(Symbol("List"), *[Integer(k) for k in range(5)])
    words, inside, other = message_slots(image, Expr(f, image, Integer(1)), big)
    assert words == "an image"
    assert inside == "f[-Image-, 1]"
    assert other is big                         # nothing to replace: the expression itself
    from wlnet.core.packed import list_from_array
    packed = list_from_array(np.arange(6.0))
    assert packed_array(packed) is not None and message_slots(packed)[0] is packed
