"""Images drawn in the terminal as coloured half blocks (wlnet.repl.images)."""

import re

import numpy as np
import pytest
from rich.console import Console

from wlnet.core.expr import Expr, Integer, S
from wlnet.core.image import Image
from wlnet.repl.images import (
    UPPER_HALF, image_renderable, render_image_blocks, shrink_to_fit,
)

ESCAPE = re.compile(r"\x1b\[([0-9;]*)m")


def draw(renderable, width=80) -> str:
    console = Console(force_terminal=True, color_system="truecolor", width=width,
                      record=False, file=None)
    with console.capture() as cap:
        console.print(renderable)
    return cap.get()


def styles(text: str) -> list[str]:
    return [m for m in ESCAPE.findall(text) if m not in ("", "0")]


def test_two_pixel_rows_per_character_row_in_truecolor():
    pixels = np.zeros((4, 3, 3), np.uint8)
    pixels[0] = (255, 0, 0)          # row 0 red   (upper half of text row 1)
    pixels[1] = (0, 0, 255)          # row 1 blue  (lower half)
    pixels[2] = (0, 255, 0)
    pixels[3] = (9, 9, 9)
    text = draw(render_image_blocks(Image(pixels)))
    rows = [r for r in text.split("\n") if r]
    assert len(rows) == 2
    assert [ESCAPE.sub("", r) for r in rows] == [UPPER_HALF * 3] * 2
    assert "38;2;255;0;0;48;2;0;0;255" in styles(rows[0])
    assert "38;2;0;255;0;48;2;9;9;9" in styles(rows[1])


def test_odd_height_leaves_the_last_lower_half_empty():
    text = draw(render_image_blocks(Image(np.full((3, 2, 3), 200, np.uint8))))
    rows = [r for r in text.split("\n") if r]
    assert len(rows) == 2 and not any("48;2" in s for s in styles(rows[1]))


def test_wide_images_shrink_to_the_console():
    text = draw(render_image_blocks(Image(np.zeros((10, 200, 3), np.uint8))), width=50)
    rows = [ESCAPE.sub("", r) for r in text.split("\n") if r]
    assert max(len(r) for r in rows) <= 50


@pytest.mark.parametrize("shape, box, expected", [
    ((100, 100), (50, 200), (50, 50)),
    ((10, 400), (80, 48), (2, 80)),
    ((8, 8), (80, 48), (8, 8)),               # never scaled up
])
def test_shrink_keeps_the_aspect(shape, box, expected):
    out = shrink_to_fit(np.zeros(shape + (3,), np.uint8), *box)
    assert out.shape[:2] == expected


def test_shrink_averages_blocks():
    pixels = np.zeros((2, 2, 3), np.uint8)
    pixels[0, 0] = 200
    assert shrink_to_fit(pixels, 1, 1)[0, 0, 0] == 50


def test_graphics_and_lists_of_them(tmp_path):
    from wlnet.core.session import Session
    session = Session(echo=False)
    plots = session.evaluate("Table[MatrixPlot[{{1, -1}, {0, 2}}, ImageSize -> 12], 3]")
    one = image_renderable(plots.args[0])
    assert one is not None
    row = draw(image_renderable(plots))
    plain = [ESCAPE.sub("", r) for r in row.split("\n") if r]
    assert plain[0].startswith("{") and plain[0].count(",") == 2 and plain[0].endswith("}")
    assert image_renderable(Expr(S.List, Integer(1))) is None
    assert image_renderable(Integer(1)) is None
    assert image_renderable(Expr(S.List)) is None


def test_not_an_image():
    with pytest.raises(TypeError):
        render_image_blocks(Integer(3))


def test_print_image_result():
    from wlnet.repl.images import print_image_result
    console = Console(force_terminal=True, color_system="truecolor", width=60)
    with console.capture() as cap:
        assert print_image_result(console, "Out[3]=", Image(np.zeros((2, 2, 3), np.uint8)))
    lines = cap.get().split("\n")
    assert lines[0] == "Out[3]=" and UPPER_HALF in lines[1]
    with console.capture() as cap:
        assert not print_image_result(console, "Out[4]=", Integer(1))
    assert cap.get() == ""


def test_loss_plot_of_a_training_run_is_drawn():
    from wlnet.core.session import Session
    session = Session(echo=False)
    plot = session.evaluate('NetTrain[LinearLayer[1, "Input" -> 1], {{1.} -> {2.}, {2.} -> {4.}}, '
                            '"LossPlot", MaxTrainingRounds -> 3, TrainingProgressReporting -> None]')
    assert not session.messages and type(plot) is Image
    text = draw(image_renderable(plot), width=60)
    rows = [ESCAPE.sub("", r) for r in text.split("\n") if r]
    assert 0 < len(rows) <= 24 and max(len(r) for r in rows) <= 60
