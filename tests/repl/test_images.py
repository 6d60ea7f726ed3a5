"""Pictures in the REPL (wlnet.repl.images): protocol detection, the kitty, iTerm2 and
sixel escapes (decoded back and checked), and the temporary-PNG fallback."""

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image as PILImage
from rich.console import Console

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.image import Image
from wlnet.repl.images import (detect_protocol, iterm_escape, kitty_escape, picture_png,
                               print_image_result, sixel_escape)

@pytest.fixture(autouse=True)
def builtins_loaded():
    """Graphics print as -Graphics- once the builtins are registered (a session's start)."""
    from wlnet.builtins import load_all
    load_all()


DISK = Expr(Symbol("Graphics"), Expr(Symbol("Disk")),
            Expr(S.Rule, Symbol("ImageSize"), Integer(40)))


@pytest.mark.parametrize("env, protocol", [
    ({"TERM": "xterm-kitty"}, "kitty"), ({"KITTY_WINDOW_ID": "1"}, "kitty"),
    ({"TERM_PROGRAM": "iTerm.app"}, "iterm"), ({"TERM": "mlterm"}, "sixel"),
    ({"TERM": "xterm-256color"}, "file"), ({}, "file"),
    ({"TERM": "xterm-kitty", "WLNET_IMAGE_PROTOCOL": "file"}, "file"),
    ({"WLNET_IMAGE_PROTOCOL": "sixel"}, "sixel"),
])
def test_detection(env, protocol):
    assert detect_protocol(env) == protocol


def decode(png: bytes) -> np.ndarray:
    with PILImage.open(io.BytesIO(png)) as img:
        return np.asarray(img.convert("RGB"))


def test_picture_png_of_graphics_images_and_lists():
    pixels = decode(picture_png(DISK, print))
    assert pixels.shape == (40, 40, 3) and pixels[20, 20].sum() < 100      # a black disk
    image = Image(np.full((3, 5, 3), 200, np.uint8))
    assert decode(picture_png(image, print)).shape == (3, 5, 3)
    row = decode(picture_png(Expr(S.List, DISK, DISK), print))
    assert row.shape[1] > row.shape[0]
    assert picture_png(Integer(1), print) is None
    # an image with ImageSize -> w is shown w wide (its pixels unchanged)
    rule = Expr(S.Rule, Symbol("ImageSize"), Integer(20))
    sized = Image(np.full((3, 5, 3), 200, np.uint8), options=(rule,))
    assert decode(picture_png(sized, print)).shape == (12, 20, 3) and sized.width == 5


def test_kitty_escape_carries_the_png_in_chunks():
    png = bytes(range(256)) * 40
    escape = kitty_escape(png)
    parts = re.findall(r"\x1b_G([^;]*);([^\x1b]*)\x1b\\", escape)
    assert len(parts) > 1 and parts[0][0].startswith("a=T,f=100,m=1") and parts[-1][0] == "m=0"
    assert base64.b64decode("".join(p[1] for p in parts)) == png


def test_iterm_escape():
    escape = iterm_escape(b"PNGDATA")
    assert escape.startswith("\x1b]1337;File=inline=1;size=7") and escape.endswith("\x07")
    assert base64.b64decode(escape.split(":", 1)[1][:-1]) == b"PNGDATA"


def test_sixel_escape_encodes_the_pixels():
    pixels = np.zeros((7, 4, 3), np.uint8)
    pixels[:, 2:] = 255                                    # left half black, right white
    escape = sixel_escape(pixels)
    assert escape.startswith('\x1bPq"1;1;4;7') and escape.endswith("\x1b\\")
    assert escape.count("-") == 2                          # two bands of six rows
    palette = dict((int(i), (int(r), int(g), int(b))) for i, r, g, b in
                   re.findall(r"#(\d+);2;(\d+);(\d+);(\d+)", escape))
    black = next(i for i, c in palette.items() if c == (0, 0, 0))
    first_band = escape.split("-")[0]
    # black in the first band: all six rows set (~ = 63 + 63) in the first two columns
    assert re.search(rf"#{black}~~\?\?\$", first_band)


def console_output(env, expr):
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=200)
    shown = print_image_result(console, "Out[1]=", expr, env=env)
    return shown, out.getvalue()


def test_fallback_writes_a_png_and_prints_its_path():
    shown, text = console_output({"WLNET_IMAGE_PROTOCOL": "file"}, DISK)
    assert shown
    path = re.search(r"\[picture: (\S+\.png)\]", text).group(1)
    assert text.startswith("Out[1]= -Graphics-")
    with open(path, "rb") as fh:
        assert decode(fh.read()).shape == (40, 40, 3)


def test_inline_protocols_write_escapes():
    for protocol, start in (("kitty", "\x1b_G"), ("iterm", "\x1b]1337"), ("sixel", "\x1bPq")):
        shown, text = console_output({"WLNET_IMAGE_PROTOCOL": protocol}, DISK)
        assert shown and text.startswith("Out[1]=\n" + start)


def test_not_a_picture_prints_nothing():
    assert console_output({}, Integer(3)) == (False, "")


def test_drawing_messages_are_shown():
    bad = Expr(Symbol("Graphics"), Expr(S.List, Expr(Symbol("Foo"))))
    shown, text = console_output({"WLNET_IMAGE_PROTOCOL": "file"}, bad)
    assert shown and "Graphics::gprim: Foo[] was encountered" in text


def test_loss_plot_of_a_training_run_is_a_picture():
    from wlnet.core.session import Session
    session = Session(echo=False)
    plot = session.evaluate('NetTrain[LinearLayer[1, "Input" -> 1], {{1.} -> {2.}, {2.} -> {4.}}, '
                            '"LossPlot", MaxTrainingRounds -> 3, TrainingProgressReporting -> None]')
    assert not session.messages and plot.head.name == "Graphics"
    assert console_output({"WLNET_IMAGE_PROTOCOL": "file"}, plot)[0]
