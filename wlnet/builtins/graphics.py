"""Graphics: ``MatrixPlot`` and the ``Graphics`` values it returns.

``MatrixPlot[m, opts]`` gives a ``Graphics`` atom: a raster of the matrix drawn with
Wolfram's default MatrixPlot colouring (negative values blue, zero white, positive
values orange to dark red, scaled by the largest magnitude), one square cell per entry,
in a frame.  Like every graphic it prints as ``-Graphics-``; ``to_image()`` gives the
``Image`` atom that ``Export["f.png", g]`` writes and the REPL draws in the terminal
(``wlnet.repl.images``).

Options: ``ImageSize`` (a width in pixels, ``{w, h}``, ``Tiny``/``Small``/``Medium``/
``Large`` or ``Automatic``), ``Frame`` (True/False), ``FrameTicks`` (accepted; ticks are not
drawn), ``ColorFunction`` (``Automatic`` or ``"GrayTones"``), ``PlotLegends`` and
``AspectRatio`` (accepted, ``Automatic`` only).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.registry import builtin, split_options
from wlnet.core.expr import FALSE, TRUE, Atom, Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image
from wlnet.core.numeric_array import reals_expr, to_numpy_data

__all__ = ["Graphics", "matrix_plot_pixels", "matrix_colours"]

NAMED_SIZES = {"Tiny": 100, "Small": 180, "Medium": 360, "Large": 576}
DEFAULT_LONG_SIDE = 360            # Automatic: the longer side of the plot, in pixels
MAX_SIDE = 4096                    # refuse absurd sizes rather than allocate gigabytes
FRAME_COLOUR = np.array([96, 96, 96], dtype=np.uint8)

# Wolfram's default MatrixPlot colouring, as stops over the scaled value -1..1.
_STOPS = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
_STOP_COLOURS = np.array([
    [0.16, 0.25, 0.55],            # large negative: dark blue
    [0.50, 0.66, 0.88],
    [1.00, 1.00, 1.00],            # zero: white
    [0.96, 0.62, 0.30],
    [0.60, 0.14, 0.06],            # large positive: dark red
])


class Graphics(Atom):
    """A drawn graphic: its pixels (an ``Image``) and, for the expression it stands for,
    the colours of its raster cells (rows x cols x 3 reals, row 0 at the top)."""

    __slots__ = ("_image", "_kind", "_cells")
    head = Symbol("Graphics")

    def __init__(self, image: Image, kind: str = "MatrixPlot", cells=None):
        self._image = image
        self._kind = kind
        self._cells = image.pixels / 255.0 if cells is None else np.asarray(cells, float)

    def to_image(self) -> Image:
        return self._image

    @property
    def kind(self) -> str:
        return self._kind

    def __eq__(self, other) -> bool:
        return type(other) is Graphics and other._image == self._image

    def __hash__(self) -> int:
        return hash(("Graphics", self._image))

    def __repr__(self) -> str:
        return f"Graphics(<{self._kind} {self._image.width}x{self._image.height}>)"

    def to_expr_form(self) -> Expr:
        """``Graphics[Raster[colours], ImageSize -> {w, h}]``, one RGB triple per cell,
        rows bottom-up as the Wolfram Language stores a Raster."""
        raster = Expr(Symbol("Raster"), reals_expr(self._cells[::-1]))
        size = Expr(S.List, Integer(self._image.width), Integer(self._image.height))
        return Expr(self.head, raster, Expr(S.Rule, Symbol("ImageSize"), size))


# ---------------------------------------------------------------------------- drawing

def matrix_colours(values: np.ndarray, scheme: str = "Automatic") -> np.ndarray:
    """RGB (0..1) for each value of ``values``, scaled by the largest magnitude."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    scale = np.max(np.abs(values[finite])) if finite.any() else 0.0
    scaled = values / scale if scale > 0 else np.zeros_like(values)
    scaled = np.where(finite, scaled, 0.0)
    if scheme == "GrayTones":
        grey = 1.0 - (scaled + 1.0) / 2.0          # low values light, high values dark
        return np.repeat(grey[..., None], 3, axis=-1)
    channels = [np.interp(scaled, _STOPS, _STOP_COLOURS[:, c]) for c in range(3)]
    return np.stack(channels, axis=-1)


def matrix_plot_pixels(matrix: np.ndarray, width: int, height: int, frame: bool = True,
                       scheme: str = "Automatic") -> np.ndarray:
    """A height x width x 3 uint8 raster of ``matrix``: each entry a block of pixels, row 0
    at the top, optionally framed."""
    rows, cols = matrix.shape
    colours = np.round(matrix_colours(matrix, scheme) * 255.0).astype(np.uint8)
    row_of_pixel = np.minimum(np.arange(height) * rows // height, rows - 1)
    col_of_pixel = np.minimum(np.arange(width) * cols // width, cols - 1)
    pixels = colours[row_of_pixel[:, None], col_of_pixel[None, :]]
    if frame and width > 2 and height > 2:
        pixels[0, :] = pixels[-1, :] = FRAME_COLOUR
        pixels[:, 0] = pixels[:, -1] = FRAME_COLOUR
    return pixels


def plot_size(spec, rows: int, cols: int):
    """(width, height) in pixels for an ImageSize value, keeping cells square unless
    both sides are given; None when the value is not a size."""
    aspect = rows / cols
    if type(spec) is Symbol and spec.name == "Automatic":
        if aspect >= 1:
            return _sized(DEFAULT_LONG_SIDE / aspect, DEFAULT_LONG_SIDE)
        return _sized(DEFAULT_LONG_SIDE, DEFAULT_LONG_SIDE * aspect)
    if type(spec) is Symbol and spec.name in NAMED_SIZES:
        width = NAMED_SIZES[spec.name]
        return _sized(width, width * aspect)
    if type(spec) in (Integer, Real) and spec.value > 0:
        return _sized(spec.value, spec.value * aspect)
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2 \
            and all(type(a) in (Integer, Real) and a.value > 0 for a in spec.args):
        return _sized(spec.args[0].value, spec.args[1].value)
    return None


def _sized(width, height):
    width, height = max(1, round(width)), max(1, round(height))
    if width > MAX_SIDE or height > MAX_SIDE:
        return None
    return width, height


# ---------------------------------------------------------------------------- the builtin

MATRIX_PLOT_OPTIONS = {
    "ImageSize": S.Automatic, "Frame": TRUE, "FrameTicks": S.Automatic,
    "ColorFunction": S.Automatic, "PlotLegends": Symbol("None"),
    "AspectRatio": S.Automatic,
}


@builtin("MatrixPlot", argc=(1, None),
         usage="MatrixPlot[m] is a plot of the values of the matrix m, each entry a coloured "
               "cell: negative values blue, zero white, positive values red.",
         options=MATRIX_PLOT_OPTIONS,
         messages={
             "mat": "Argument `1` at position 1 is not a matrix of real numbers.",
             "optx": "Unknown option `1` in `2`.",
             "isize": "`1` is not a valid ImageSize.",
             "cfun": "`1` is not a supported ColorFunction (Automatic or \"GrayTones\").",
         })
def matrix_plot(ev, data, *rest):
    split = split_options(rest, MATRIX_PLOT_OPTIONS)
    if split is None or split[0]:
        bad = next((a for a in rest if not _is_known_option(a)), rest[0])
        ev.message(S.MatrixPlot, "optx", bad, Expr(S.MatrixPlot, data, *rest))
        return None
    _, opts = split
    matrix = _real_matrix(data)
    if matrix is None:
        ev.message(S.MatrixPlot, "mat", data)
        return None
    size = plot_size(opts["ImageSize"], *matrix.shape)
    if size is None:
        ev.message(S.MatrixPlot, "isize", opts["ImageSize"])
        return None
    scheme = _colour_scheme(opts["ColorFunction"])
    if scheme is None:
        ev.message(S.MatrixPlot, "cfun", opts["ColorFunction"])
        return None
    frame = opts["Frame"] != FALSE
    pixels = matrix_plot_pixels(matrix, size[0], size[1], frame=frame, scheme=scheme)
    return Graphics(Image(pixels), "MatrixPlot", cells=matrix_colours(matrix, scheme))


def _is_known_option(a) -> bool:
    if type(a) is not Expr or a.head not in (S.Rule, S.RuleDelayed) or len(a.args) != 2:
        return False
    key = a.args[0]
    name = key.name if type(key) is Symbol else getattr(key, "value", None)
    return name in MATRIX_PLOT_OPTIONS


def _real_matrix(data):
    """A 2-D float array of ``data`` (a rectangular list of real numbers, or a
    NumericArray), else None."""
    arr = to_numpy_data(data)
    if arr is None or arr.ndim != 2 or arr.size == 0:
        return None
    return arr.astype(np.float64)


def _colour_scheme(spec):
    if type(spec) is Symbol and spec.name == "Automatic":
        return "Automatic"
    if type(spec) is String and spec.value == "GrayTones":
        return "GrayTones"
    return None


def _graphics_text(e):
    return "-Graphics-" if type(e) is Graphics else None


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("Graphics", _graphics_text)
except ImportError:                           # printer not available: default printing
    pass
