"""Images in the terminal: coloured half blocks.

Each character cell shows two pixels stacked: ``▀`` with the upper pixel as the foreground
colour and the lower one as the background (truecolor; rich lowers it to 256 or 16
colours when the terminal has fewer).  Images wider than the console, or taller than
``MAX_ROWS`` character rows, are shrunk by averaging blocks of pixels.

    render_image_blocks(image)     a rich renderable for an ``Image`` (or anything with
                                   ``to_image()``, such as MatrixPlot's ``Graphics``)
    image_renderable(expr)         that, for a result the REPL shows as a picture: an image,
                                   a graphic, or a List of them (drawn side by side);
                                   None for any other result
    print_image_result(console, label, expr)
                                   print ``Out[n]=`` and the picture on a rich Console;
                                   False (nothing printed) when the result is no picture
"""

from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

from wlnet.core.image import Image

__all__ = ["render_image_blocks", "image_renderable", "print_image_result", "as_image",
           "shrink_to_fit"]

MAX_ROWS = 24                 # character rows (48 pixels) at most, whatever the image size
UPPER_HALF = "\u2580"         # ▀
GAP = 2                       # columns between images drawn side by side


def as_image(value) -> Image | None:
    """``value`` as an Image: itself, or its ``to_image()``; None when it is neither."""
    if type(value) is Image:
        return value
    to_image = getattr(value, "to_image", None)
    if to_image is None:
        return None
    try:
        image = to_image()
    except Exception:           # a broken graphic shows as text rather than failing
        return None
    return image if type(image) is Image else None


def shrink_to_fit(pixels: np.ndarray, max_width: int, max_height: int) -> np.ndarray:
    """``pixels`` (h x w x 3 uint8) scaled down, aspect kept, so that it fits in
    ``max_width`` x ``max_height``; each new pixel the mean of the block it covers.
    Never scales up."""
    height, width = pixels.shape[:2]
    scale = min(1.0, max_width / width, max_height / height)
    if scale >= 1.0:
        return pixels
    new_w = max(1, int(width * scale))
    new_h = max(1, int(height * scale))
    row_starts = (np.arange(new_h) * height) // new_h
    col_starts = (np.arange(new_w) * width) // new_w
    sums = np.add.reduceat(np.add.reduceat(pixels.astype(np.float64), row_starts, axis=0),
                           col_starts, axis=1)
    counts = (np.diff(np.append(row_starts, height))[:, None]
              * np.diff(np.append(col_starts, width))[None, :])
    return np.round(sums / counts[:, :, None]).astype(np.uint8)


class ImageBlocks:
    """A rich renderable drawing an Image as half-block characters."""

    def __init__(self, image: Image, max_rows: int = MAX_ROWS):
        self.image = image
        self.max_rows = max_rows

    def pixels_for_width(self, max_width: int) -> np.ndarray:
        return shrink_to_fit(self.image.pixels, max(1, max_width), 2 * self.max_rows)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.pixels_for_width(options.max_width).shape[1]
        return Measurement(width, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pixels = self.pixels_for_width(options.max_width)
        for line in block_lines(pixels):
            yield from line
            yield Segment.line()


def block_lines(pixels: np.ndarray) -> list[list[Segment]]:
    """The segments of each character row: two pixel rows per character row (an odd
    last row has no lower half and keeps the terminal's background)."""
    lines = []
    for top in range(0, pixels.shape[0], 2):
        upper = pixels[top]
        lower = pixels[top + 1] if top + 1 < pixels.shape[0] else None
        segments = []
        for x in range(pixels.shape[1]):
            style = Style(color=_colour(upper[x]),
                          bgcolor=_colour(lower[x]) if lower is not None else None)
            segments.append(Segment(UPPER_HALF, style))
        lines.append(segments)
    return lines


def _colour(rgb) -> Color:
    return Color.from_rgb(int(rgb[0]), int(rgb[1]), int(rgb[2]))


def render_image_blocks(image, max_rows: int = MAX_ROWS) -> ImageBlocks:
    """A rich renderable for ``image`` (an Image, or a value with ``to_image()``)."""
    as_img = as_image(image)
    if as_img is None:
        raise TypeError(f"not an image: {image!r}")
    return ImageBlocks(as_img, max_rows)


class ImageRow:
    """Several images side by side, as the Wolfram Language shows a List of graphics:
    ``{`` img, img, … ``}`` with each image shrunk to its share of the width."""

    def __init__(self, images: list[Image], max_rows: int = MAX_ROWS):
        self.blocks = [ImageBlocks(img, max_rows) for img in images]

    def _pixels(self, max_width: int) -> list[np.ndarray]:
        share = max(1, (max_width - 2 - GAP * (len(self.blocks) - 1)) // len(self.blocks))
        return [b.pixels_for_width(share) for b in self.blocks]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [p.shape[1] for p in self._pixels(options.max_width)]
        total = sum(widths) + GAP * (len(widths) - 1) + 2
        return Measurement(total, total)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        all_pixels = self._pixels(options.max_width)
        all_lines = [block_lines(p) for p in all_pixels]
        rows = max(len(lines) for lines in all_lines)
        for r in range(rows):
            yield Segment("{" if r == 0 else " ")
            for i, (pixels, lines) in enumerate(zip(all_pixels, all_lines)):
                if i:
                    yield Segment(", " if r == 0 else " " * GAP)
                if r < len(lines):
                    yield from lines[r]
                else:
                    yield Segment(" " * pixels.shape[1])
            yield Segment("}" if r == 0 else " ")
            yield Segment.line()


def image_renderable(expr, max_rows: int = MAX_ROWS):
    """What the REPL draws for a result: an image or graphic as blocks, a non-empty List
    of them side by side; None when the result is not a picture (print it as text)."""
    single = as_image(expr)
    if single is not None:
        return ImageBlocks(single, max_rows)
    from wlnet.core.expr import Expr, S
    if type(expr) is Expr and expr.head is S.List and expr.args:
        images = [as_image(a) for a in expr.args]
        if all(img is not None for img in images):
            return ImageRow(images, max_rows)
    return None


def print_image_result(console: Console, label: str, expr) -> bool:
    """Show a picture result on ``console``: ``label`` (``Out[n]=``) on its own line, then
    the blocks.  Returns False, printing nothing, when ``expr`` is not a picture."""
    renderable = image_renderable(expr)
    if renderable is None:
        return False
    console.print(label, markup=False, highlight=False)
    console.print(renderable)
    return True
