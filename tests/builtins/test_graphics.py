"""MatrixPlot: a Graphics value drawn as a raster, its options and its messages."""

import numpy as np
import pytest

from wlnet.builtins.graphics import Graphics, matrix_colours, matrix_plot_pixels, plot_size
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.image import Image
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session(echo=False)


def plot(session, text):
    result = session.evaluate(text)
    return result, list(session.messages)


@pytest.mark.parametrize("code, size", [
    ("MatrixPlot[{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, ImageSize -> 30, FrameTicks -> None]", (30, 60)),
    ("MatrixPlot[{{1, 2, 3}}, ImageSize -> 90]", (90, 30)),
    ("MatrixPlot[{{1, 2}, {3, 4}}, ImageSize -> {50, 20}]", (50, 20)),
    ("MatrixPlot[{{1, 2}, {3, 4}}, ImageSize -> Small]", (180, 180)),
    ("MatrixPlot[{{1, 2}, {3, 4}, {5, 6}, {7, 8}}]", (180, 360)),     # Automatic: long side 360
    ('MatrixPlot[NumericArray[{{1, 2}}, "Real32"], ImageSize -> 20]', (20, 10)),
])
def test_sizes(session, code, size):
    g, messages = plot(session, code)
    assert not messages
    assert type(g) is Graphics
    img = g.to_image()
    assert (img.width, img.height) == size


def test_seed_page_pipeline(session):
    """The page's Table[…] // Map[MatrixPlot[#, ImageSize -> 30, FrameTicks -> None] &]."""
    result, messages = plot(session, "Table[RandomReal[{-1, 1}, {4, 2}], 5] // "
                                     "Map[MatrixPlot[#, ImageSize -> 30, FrameTicks -> None] &]")
    assert not messages
    assert result.head is S.List and len(result.args) == 5
    assert all(type(g) is Graphics for g in result.args)


def test_prints_as_graphics(session):
    from wlnet.syntax.printer import output_form
    g, _ = plot(session, "MatrixPlot[{{1, 2}}]")
    assert output_form(g) == "-Graphics-"
    assert output_form(Expr(S.List, g, g)) == "{-Graphics-, -Graphics-}"


def test_colours_follow_sign_and_magnitude():
    colours = matrix_colours(np.array([[-2.0, 0.0, 2.0, 1.0]]))[0]
    negative, zero, positive, half = colours
    assert np.allclose(zero, 1.0)                       # zero is white
    assert negative[2] > negative[0]                    # negative: blue
    assert positive[0] > positive[2]                    # positive: red
    assert half.sum() > positive.sum()                  # smaller magnitude: lighter


def test_cells_and_frame():
    m = np.array([[1.0, -1.0], [0.0, 1.0]])
    pixels = matrix_plot_pixels(m, 20, 20, frame=True)
    expected = np.round(matrix_colours(m) * 255).astype(np.uint8)
    assert (pixels[5, 5] == expected[0, 0]).all() and (pixels[5, 15] == expected[0, 1]).all()
    assert (pixels[15, 5] == expected[1, 0]).all()
    assert (pixels[0, 7] == pixels[19, 7]).all() and not (pixels[0, 7] == expected[0, 0]).all()
    unframed = matrix_plot_pixels(m, 20, 20, frame=False)
    assert (unframed[0, 5] == expected[0, 0]).all()


def test_frame_false_and_gray_tones(session):
    g, messages = plot(session, 'MatrixPlot[{{0, 1}}, Frame -> False, ColorFunction -> "GrayTones", ImageSize -> 4]')
    assert not messages
    pixels = g.to_image().pixels
    assert (pixels[0, 0] == pixels[0, 0, 0]).all()      # grey: r = g = b
    assert pixels[0, 0, 0] > pixels[0, 3, 0]            # larger values darker


def test_image_and_export(session, tmp_path):
    g, _ = plot(session, "MatrixPlot[{{1, 2}, {3, 4}}, ImageSize -> 16]")
    session.evaluate(Expr(S.Set, Symbol("g"), g))
    assert type(session.evaluate("Image[g]")) is Image
    assert session.evaluate("ImageDimensions[Image[g]]") == Expr(S.List, Integer(16), Integer(16))
    path = str(tmp_path / "m.png")
    session.evaluate(f'Export["{path}", g]')
    assert not session.messages
    assert session.evaluate(f'Import["{path}"]') == g.to_image()


def test_input_form_is_a_raster_of_cells(session):
    from wlnet.syntax.printer import input_form
    g, _ = plot(session, "MatrixPlot[{{1, -1}}, ImageSize -> 8]")
    text = input_form(g)
    assert text.startswith("Graphics[Raster[{{{") and text.endswith("ImageSize -> {8, 4}]")
    assert text.count("{") == 1 + 1 + 2 + 1             # rows, one row, 2 colours, size


@pytest.mark.parametrize("code, tag", [
    ("MatrixPlot[{1, 2}]", "MatrixPlot::mat"),
    ("MatrixPlot[{{1, x}}]", "MatrixPlot::mat"),
    ("MatrixPlot[{{}}]", "MatrixPlot::mat"),
    ("MatrixPlot[{{1}}, Foo -> 1]", "MatrixPlot::optx"),
    ("MatrixPlot[{{1}}, 3]", "MatrixPlot::optx"),
    ("MatrixPlot[{{1}}, ImageSize -> -2]", "MatrixPlot::isize"),
    ("MatrixPlot[{{1}}, ImageSize -> 10^6]", "MatrixPlot::isize"),
    ("MatrixPlot[{{1}}, ColorFunction -> Hue]", "MatrixPlot::cfun"),
])
def test_messages_leave_it_unevaluated(session, code, tag):
    result, messages = plot(session, code)
    assert len(messages) == 1 and messages[0].startswith(tag + ":")
    assert type(result) is Expr and result.head == Symbol("MatrixPlot")


def test_plot_size_rejects_non_sizes():
    assert plot_size(Symbol("Huge"), 2, 2) is None
    assert plot_size(Integer(0), 2, 2) is None
