"""Plots of arrays and of functions of two variables, drawn as a Raster.

``MatrixPlot`` and ``ArrayPlot`` colour one cell per entry (row 1 at the top), framed,
with row and column numbers as frame ticks (ArrayPlot only when FrameTicks asks), and a
Mesh of lines between cells on request; ``ListDensityPlot`` and ``DensityPlot``
colour a grid of values with a gradient; ``ContourPlot`` adds the contour lines
(computed by contourpy, matplotlib's contouring library) over bands of colour.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.registry import builtin
from wlnet.core.expr import TRUE, Expr, Integer, Real, S, Symbol, from_python
from wlnet.graphics.plots.colours import (colour_scheme, gradient_colours, grey_colours,
                                          matrix_colours)
from wlnet.graphics.plots.common import bar_legend, graphics_result, integer, read_call, rule
from wlnet.graphics.plots.functions import RANGE_MESSAGES, read_range
from wlnet.graphics.plots.sampling import evaluator_at, grid_sample, region_mask
from wlnet.graphics.options import is_per_side, is_tick
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import is_list, is_rule, number, numeric_array, option_name

ARRAY_MESSAGES = {
    "mat": "Argument `1` at position 1 is not a matrix of real numbers.",
    "cfun": "`1` is not a known ColorFunction (Automatic, a gradient name such as "
            "\"Rainbow\", or a function giving a colour).",
    "optx": "Unknown option `1` in `2`.",
    "mesh": "`1` is not a valid mesh specification (None, True, All, n, {positions} or "
            "{rows, columns} of those).",
}
MESH_STYLE = Expr(S.GrayLevel, Real(0.5))     # the mesh lines' default style
LONG_SIDE = 360                     # ImageSize -> Automatic: the longer side of the cells
MAX_TICKS = 8


def _matrix(data) -> np.ndarray | None:
    """The cells of an array plot: numbers (True 1, False 0); rows shorter than the
    longest are filled with empty (NaN) cells, drawn in the background colour."""
    if is_list(data) and data.args and all(is_list(row) for row in data.args):
        width = max(len(row.args) for row in data.args)
        rows = [[_cell_value(c) for c in row.args] + [np.nan] * (width - len(row.args))
                for row in data.args]
        if width and all(v is not None for row in rows for v in row):
            return np.array(rows, dtype=np.float64)
    arr = numeric_array(data)
    if arr is None or arr.ndim != 2 or arr.size == 0:
        return None
    return arr


def _cell_value(e) -> float | None:
    if type(e) is Symbol and e.name in ("True", "False"):
        return 1.0 if e.name == "True" else 0.0
    return number(e)


def _value_range(call) -> tuple[float, float] | None:
    """PlotRange -> {zmin, zmax} of an array plot: the range of values the colours span
    (values outside it are clipped); it is taken out of the Graphics options."""
    for r in call.graphics_rules:
        if option_name(r) == "PlotRange" and is_list(r.args[1]) and len(r.args[1].args) == 2:
            low, high = (number(a) for a in r.args[1].args)
            if low is not None and high is not None and high > low:
                call.graphics_rules.remove(r)
                return low, high
    return None


def _with_colour_rules(colours: np.ndarray, matrix: np.ndarray, rules) -> np.ndarray:
    """ColorRules -> {v -> colour, …}: the cells of value v in that colour."""
    if not is_list(rules):
        return colours
    colours = np.array(colours[..., :3], dtype=np.float64)
    for r in rules.args:
        if is_rule(r):
            value, rgb = _cell_value(r.args[0]), colour_of(r.args[1])
            if value is not None and rgb is not None:
                colours[matrix == value] = rgb[:3]
    return colours


def _raster(colours: np.ndarray, extent=None) -> Expr:
    """``Raster[colours]`` with rows bottom-up, as the Wolfram Language stores them."""
    args = [from_python(np.round(colours[::-1], 6))]
    if extent is not None:
        (x0, y0), (x1, y1) = extent
        args.append(from_python([[float(x0), float(y0)], [float(x1), float(y1)]]))
    return Expr(S.Raster, *args)


def _index_ticks(n: int, reverse: bool) -> Expr:
    """Ticks at cell centres labelled 1…n (row 1 at the top when ``reverse``)."""
    step = max(1, int(np.ceil(n / MAX_TICKS)))
    labels = [1, *range(step, n + 1, step)] if step > 1 else range(1, n + 1)
    ticks = []
    for i in sorted(set(labels)):
        pos = (n - i + 0.5) if reverse else (i - 0.5)
        ticks.append(Expr(S.List, Real(pos), Integer(i)))
    return Expr.from_args(S.List, ticks)


def _cell_tick(tick, n: int, reverse: bool) -> Expr:
    """A tick given by cell number ({i, label, …} or i) at that cell's centre."""
    i = number(tick.args[0]) if is_list(tick) else number(tick)
    pos = Real((n - i + 0.5) if reverse else (i - 0.5))
    if is_list(tick):
        return Expr(S.List, pos, *tick.args[1:])
    return Expr(S.List, pos, tick)


def _cell_side(side, n: int, reverse: bool):
    if is_list(side) and all(is_tick(t) for t in side.args):
        return Expr.from_args(S.List, (_cell_tick(t, n, reverse) for t in side.args))
    return side


def cell_frame_ticks(spec, rows: int, cols: int):
    """FrameTicks of an array plot with its lists of ticks in cell numbers (row 1 at
    the top) moved to the cells' centres: {{left, right}, {bottom, top}} or {x, y}."""
    if not is_list(spec) or len(spec.args) != 2:
        return spec
    x, y = spec.args
    if is_per_side(spec):
        (left, right), (bottom, top) = x.args, y.args
        return Expr(S.List, Expr(S.List, _cell_side(left, rows, True),
                                 _cell_side(right, rows, True)),
                    Expr(S.List, _cell_side(bottom, cols, False), _cell_side(top, cols, False)))
    return Expr(S.List, _cell_side(x, cols, False), _cell_side(y, rows, True))


def _cell_plot_defaults(call, rows: int, cols: int, frame_ticks) -> list:
    aspect = rows / cols
    defaults = [rule("Frame", TRUE), rule("AspectRatio", Real(aspect)),
                rule("PlotRangePadding", Symbol("None")),
                rule("PlotRange", from_python([[0, cols], [0, rows]])),
                rule("FrameTicks", frame_ticks),
                # what automatic frame ticks are: cell numbers
                rule("Ticks", Expr(S.List, _index_ticks(cols, False), _index_ticks(rows, True)))]
    call.graphics_rules[:] = [
        rule("FrameTicks", cell_frame_ticks(r.args[1], rows, cols))
        if option_name(r) == "FrameTicks" else r for r in call.graphics_rules]
    if not any(r.args[0] == Symbol("ImageSize") for r in call.graphics_rules):
        width = LONG_SIDE if aspect <= 1 else LONG_SIDE / aspect
        defaults.append(rule("ImageSize", Integer(int(round(width)))))
    return defaults


def _cell_plot(ev, head, data, rest, colouring, frame_ticks=S.Automatic):
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    matrix = _matrix(data)
    if matrix is None:
        ev.message(head, "mat", data)
        return None
    scaling = call.get("ColorFunctionScaling") != Symbol("False")
    scheme = colour_scheme(call.get("ColorFunction"), ev, scaling)
    if scheme is None:
        ev.message(head, "cfun", call.get("ColorFunction"))
        return None
    if call.flag("DataReversed"):
        matrix = matrix[::-1]
    span = _value_range(call)
    if span is not None:
        matrix = np.clip(matrix, *span)
    colours = colouring(matrix, scheme, scaling, span)
    colours = np.where(np.isnan(matrix)[..., None], 1.0, colours[..., :3])    # empty cells
    colours = _with_colour_rules(colours, matrix, call.get("ColorRules"))
    rows, cols = matrix.shape
    pixels = call.get("PixelConstrained")
    if number(pixels) is not None and not any(option_name(r) == "ImageSize"
                                              for r in call.graphics_rules):
        call.graphics_rules.append(rule("ImageSize", Integer(int(number(pixels)) * cols)))
    mesh = _mesh(call.get("Mesh"), rows, cols)
    if mesh is None:
        ev.message(head, "mesh", call.get("Mesh"))
        return None
    lo, hi = span or _finite_span(matrix)
    legend = bar_legend(call, lambda v: colouring(np.asarray(v, float), scheme, scaling,
                                                  span or (lo, hi))[..., :3], lo, hi)
    return graphics_result(call, [_raster(colours), *_mesh_lines(mesh, call.get("MeshStyle"),
                                                                 rows, cols)],
                           _cell_plot_defaults(call, rows, cols, frame_ticks), legend)


def _mesh_positions(spec, n: int) -> list[float] | None:
    """Where one family of mesh lines lies, in cell boundaries 0..n from the start: True
    every inner boundary, All every boundary, an integer k k equally spaced lines, a list
    the boundaries named (after that many cells); None if invalid."""
    if spec is None or spec in (Symbol("None"), Symbol("False"), Symbol("Automatic")):
        return []
    if spec == TRUE:
        return list(range(1, n))
    if spec == Symbol("All") or spec == Symbol("Full"):
        return list(range(0, n + 1))
    if type(spec) is Integer and spec.value >= 0:
        return [n * k / (spec.value + 1) for k in range(1, spec.value + 1)]
    if is_list(spec):
        values = [number(a) for a in spec.args]
        return None if None in values else [int(v) if float(v).is_integer() else v
                                            for v in values if 0 <= v <= n]
    return None


def _mesh(spec, rows: int, cols: int) -> tuple[list, list] | None:
    """(boundaries after rows from the top, after columns from the left) of Mesh: one
    spec for both, or {rows' spec, columns' spec}."""
    if is_list(spec) and len(spec.args) == 2:
        across, down = _mesh_positions(spec.args[0], rows), _mesh_positions(spec.args[1], cols)
    else:
        across, down = _mesh_positions(spec, rows), _mesh_positions(spec, cols)
    return None if across is None or down is None else (across, down)


def _mesh_lines(mesh, style, rows: int, cols: int) -> list:
    """The mesh as Line groups: lines between rows (horizontal), then between columns, in
    MeshStyle (one for both, or {rows' style, columns' style})."""
    across, down = mesh
    styles = list(style.args) if is_list(style) and len(style.args) == 2 else [style, style]
    styles = [MESH_STYLE if s is None or s == Symbol("Automatic") else s for s in styles]
    groups = []
    for k, (positions, line) in enumerate((
            (across, lambda r: [[0, rows - r], [cols, rows - r]]),
            (down, lambda c: [[c, 0], [c, rows]]))):
        if positions:
            lines = Expr(S.Line, from_python([line(p) for p in positions]))
            groups.append(Expr(S.List, styles[k], lines))
    return groups


@builtin("MatrixPlot", argc=(1, None),
         usage="MatrixPlot[m] is a plot of the values of the matrix m, each entry a coloured "
               "cell: negative values blue, zero white, positive values red.",
         messages=ARRAY_MESSAGES)
def matrix_plot(ev, data, *rest):
    return _cell_plot(ev, S.MatrixPlot, data, rest,
                      lambda matrix, scheme, scaling, span: matrix_colours(matrix, scheme, span))


def confusion_matrix_plot(counts: np.ndarray, labels: list) -> Expr:
    """The ``MatrixPlot[…]`` (unevaluated) a classifier's "ConfusionMatrixPlot" is: rows
    the actual classes, columns the predicted ones, named on the left and top, each
    cell's count written in it, the rows' totals on the right and the columns' below."""
    counts = np.asarray(counts, dtype=np.int64)
    n = len(counts)
    labels = [from_python(lab) if isinstance(lab, (str, int, float)) else lab for lab in labels]

    def ticks(values):
        return Expr.from_args(S.List, (Expr(S.List, Integer(i + 1), v)
                                       for i, v in enumerate(values)))

    row_totals = [Integer(int(t)) for t in counts.sum(axis=1)]
    column_totals = [Integer(int(t)) for t in counts.sum(axis=0)]
    frame_ticks = Expr(S.List, Expr(S.List, ticks(labels), ticks(row_totals)),
                       Expr(S.List, ticks(column_totals), ticks(labels)))
    none = Symbol("None")
    frame_label = Expr(S.List, Expr(S.List, from_python("actual class"), none),
                       Expr(S.List, none, from_python("predicted class")))
    dark = counts.max() if counts.size else 0
    texts = [Expr(S.Text, Expr(S.Style, Integer(int(counts[i, j])),
                               Symbol("White" if dark and counts[i, j] > 0.6 * dark
                                      else "Black")),
                  from_python([j + 0.5, n - i - 0.5]))
             for i in range(n) for j in range(n)]
    return Expr(S.MatrixPlot, from_python(counts.tolist()), rule("FrameTicks", frame_ticks),
                rule("FrameLabel", frame_label),
                rule("Epilog", Expr.from_args(S.List, texts)))


def _array_colours(matrix, scheme, scaling=True, span=None):
    """ArrayPlot's colours: values 0..1 grey (0 white) by default, other ranges scaled to
    fit (or ``span``, PlotRange's {zmin, zmax}); a ColorFunction gets the values scaled to
    0..1 (as they are with ColorFunctionScaling -> False)."""
    finite = matrix[np.isfinite(matrix)]
    lo, hi = span or ((finite.min(), finite.max()) if finite.size else (0.0, 1.0))
    if not scaling or scheme == "Automatic" and lo >= 0 and hi <= 1:
        return grey_colours(matrix) if scheme == "Automatic" else \
            gradient_colours(matrix, scheme)
    scaled = (matrix - lo) / (hi - lo) if hi > lo else np.zeros_like(matrix)
    return grey_colours(scaled) if scheme == "Automatic" else gradient_colours(scaled, scheme)


@builtin("ArrayPlot", argc=(1, None),
         usage="ArrayPlot[array] shows an array of values as a grid of cells: 0 white, "
               "1 black (other ranges scaled to fit).",
         messages=ARRAY_MESSAGES)
def array_plot(ev, data, *rest):
    # ArrayPlot's frame has no ticks unless FrameTicks asks for them
    return _cell_plot(ev, Symbol("ArrayPlot"), data, rest, _array_colours, Symbol("None"))


def _scaled(z: np.ndarray) -> np.ndarray:
    finite = z[np.isfinite(z)]
    if not finite.size:
        return np.zeros_like(z)
    lo, hi = finite.min(), finite.max()
    return (z - lo) / (hi - lo) if hi > lo else np.full_like(z, 0.5)


def density_graphics(call, z, extent, scheme, aspect=Integer(1)) -> Expr:
    """z with row 0 at the bottom (y increasing), coloured over ``extent``."""
    colours = gradient_colours(_scaled(z), scheme)
    colours = np.where(np.isfinite(z)[..., None], colours, 1.0)        # gaps stay white
    (x0, y0), (x1, y1) = extent
    defaults = [rule("Frame", TRUE), rule("AspectRatio", aspect),
                rule("PlotRangePadding", Symbol("None")),
                rule("PlotRange", from_python([[x0, x1], [y0, y1]]))]
    lo, hi = _finite_span(z)
    legend = bar_legend(call, lambda v: gradient_colours(_scaled_to(v, lo, hi), scheme), lo, hi)
    return graphics_result(call, [_raster(colours[::-1], extent)], defaults, legend)


def _finite_span(z) -> tuple[float, float]:
    finite = z[np.isfinite(z)]
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)


def _scaled_to(v, lo: float, hi: float):
    return (np.asarray(v, float) - lo) / (hi - lo) if hi > lo else np.full(np.shape(v), 0.5)


@builtin("ListDensityPlot", argc=(1, None),
         usage="ListDensityPlot[array] shows the values of array as colours over a grid "
               "(row 1 at the bottom); DataRange -> {{xmin, xmax}, {ymin, ymax}}; "
               "ListDensityPlot[{{x1, y1, z1}, …}] of scattered values (interpolated "
               "linearly between them).",
         messages=ARRAY_MESSAGES)
def list_density_plot(ev, data, *rest):
    head = Symbol("ListDensityPlot")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    grid = gridded(data, call.get("DataRange"), points=120)
    scheme = colour_scheme(call.get("ColorFunction"), ev)
    if grid is None or scheme is None:
        ev.message(head, "mat" if grid is None else "cfun",
                   data if grid is None else call.get("ColorFunction"))
        return None
    xs, ys, z = grid
    return density_graphics(call, z, ((xs[0], ys[0]), (xs[-1], ys[-1])), scheme)


def _two_variable_sample(ev, head, f, xspec, yspec, call, default_points):
    xr = read_range(ev, head, xspec)
    yr = read_range(ev, head, yspec) if xr is not None else None
    if yr is None:
        return None
    at = evaluator_at(ev, f, [xr[0], yr[0]])
    points = integer(call.get("PlotPoints"), default_points)
    xs, ys, z = grid_sample(at, xr[1:], yr[1:], min(points, 200))
    gx, gy = np.meshgrid(xs, ys)
    inside = region_mask(ev, call.get("RegionFunction"), [gx, gy, z])
    if inside is not None:                  # RegionFunction: left out where it fails
        z = np.where(inside, z, np.nan)
    return xs, ys, z


@builtin("DensityPlot", attributes=("HoldAll", "Protected"), argc=(3, None),
         usage="DensityPlot[f, {x, xmin, xmax}, {y, ymin, ymax}] shows the values of f as "
               "colours over the rectangle.",
         messages={**RANGE_MESSAGES, **ARRAY_MESSAGES})
def density_plot(ev, f, xspec, yspec, *rest):
    head = Symbol("DensityPlot")
    call = read_call(ev, head, (f, xspec, yspec, *rest))
    scheme = colour_scheme(call.get("ColorFunction"), ev) if call else None
    if call is None or scheme is None:
        if call is not None:
            ev.message(head, "cfun", call.get("ColorFunction"))
        return None
    sampled = _two_variable_sample(ev, head, f, xspec, yspec, call, 50)
    if sampled is None:
        return None
    xs, ys, z = sampled
    return density_graphics(call, z, ((xs[0], ys[0]), (xs[-1], ys[-1])), scheme)


def _contour_levels(z: np.ndarray, spec) -> np.ndarray:
    finite = z[np.isfinite(z)]
    if not finite.size:
        return np.zeros(0)
    if is_list(spec):
        return np.array([v for v in (number(a) for a in spec.args) if v is not None])
    count = int(number(spec)) if number(spec) is not None else 9
    lo, hi = finite.min(), finite.max()
    return np.linspace(lo, hi, count + 2)[1:-1] if hi > lo else np.zeros(0)


def contour_lines(xs, ys, z, level: float) -> list[np.ndarray]:
    """The contour lines of z at ``level`` as arrays of points (contourpy)."""
    import contourpy
    generator = contourpy.contour_generator(xs, ys, np.ma.masked_invalid(z),
                                            line_type="Separate")
    return [line for line in generator.lines(level) if len(line) >= 2]


def _bands(z: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Each value replaced by the middle of its band between contour levels (0..1)."""
    edges = np.concatenate([[-np.inf], levels, [np.inf]])
    index = np.searchsorted(edges, z, side="right") - 1
    return np.where(np.isfinite(z), (index + 0.5) / (len(levels) + 1), np.nan)


@builtin("ContourPlot", attributes=("HoldAll", "Protected"), argc=(3, None),
         usage="ContourPlot[f, {x, xmin, xmax}, {y, ymin, ymax}] draws contour lines of f "
               "over bands of colour; ContourPlot[f == g, …] draws the curve where f = g.",
         messages={**RANGE_MESSAGES, **ARRAY_MESSAGES})
def contour_plot(ev, f, xspec, yspec, *rest):
    head = Symbol("ContourPlot")
    call = read_call(ev, head, (f, xspec, yspec, *rest))
    if call is None:
        return None
    equation = type(f) is Expr and f.head is S.Equal and len(f.args) == 2
    target = Expr(S.Plus, f.args[0], Expr(S.Times, Integer(-1), f.args[1])) if equation else f
    sampled = _two_variable_sample(ev, head, target, xspec, yspec, call, 60)
    if sampled is None:
        return None
    xs, ys, z = sampled
    levels = np.zeros(1) if equation else _contour_levels(z, call.get("Contours"))
    return contour_graphics(call, xs, ys, z, levels, equation, ev)


def contour_graphics(call, xs, ys, z, levels, lines_only: bool = False, ev=None) -> Expr:
    """Contour lines of z (z[j, i] over (xs[i], ys[j])) at ``levels`` over bands of
    colour; with ``lines_only`` just the lines, thicker (the curve of an equation).
    ContourStyle styles the lines (None: none; a list: level by level in turn),
    ContourShading the bands (None or False: none; a list of colours: band by band),
    ContourLabels -> True (or All) writes each line's level on it; ColorFunction colours
    the bands (a gradient name, ColorData, or with ``ev`` any function of the scaled
    level)."""
    scheme = colour_scheme(call.get("ColorFunction"), ev) or "Automatic"
    default = Expr(S.Directive, Expr(S.GrayLevel, Real(0.0 if lines_only else 0.3)),
                   Expr(Symbol("AbsoluteThickness"), Real(1.6 if lines_only else 0.6)))
    styles = _contour_styles(call.get("ContourStyle"), default)
    traced = [(level, line) for level in levels
              for line in contour_lines(xs, ys, z, float(level))]
    drawn = [] if styles is None else [
        Expr(S.List, styles[k % len(styles)],
             *[Expr(S.Line, from_python(line)) for level, line in traced if level == value])
        for k, value in enumerate(levels)]
    labels = _contour_labels(call.get("ContourLabels"), traced, ev)
    extent = ((xs[0], ys[0]), (xs[-1], ys[-1]))
    defaults = framed_defaults(xs, ys)
    if lines_only:
        return graphics_result(call, [*drawn, *labels], defaults)
    shading = call.get("ContourShading")
    lo, hi = _finite_span(z)
    legend = bar_legend(call, lambda v: gradient_colours(_scaled_to(v, lo, hi), scheme),
                        lo, hi, levels)
    if shading in (Symbol("None"), Symbol("False")):
        return graphics_result(call, [*drawn, *labels], defaults, legend)
    # small grids are refined more, so that the bands are not blocky
    finer = _finer(z, max(4, int(np.ceil(240 / max(min(z.shape), 1)))))
    bands = _bands(finer, levels)
    given = [colour_of(c) for c in shading.args] if is_list(shading) and shading.args else None
    if given and all(c is not None for c in given):
        index = np.round(np.nan_to_num(bands) * (len(levels) + 1) - 0.5).astype(int)
        palette = np.array([c[:3] for c in given], dtype=float)
        colours = palette[index % len(palette)]
    else:
        colours = gradient_colours(bands, scheme)
    colours = np.where(np.isfinite(bands)[..., None], colours, 1.0)
    return graphics_result(call, [_raster(colours[::-1], extent), *drawn, *labels], defaults,
                           legend)


def _contour_styles(spec, default) -> list | None:
    """The contour lines' styles, level by level in turn; None for ContourStyle -> None."""
    if spec is None or spec is S.Automatic:
        return [default]
    if spec in (Symbol("None"), Symbol("False")):
        return None
    if is_list(spec) and spec.args:
        return [default if s is S.Automatic else s for s in spec.args]
    return [spec]


def _contour_labels(spec, traced, ev=None) -> list:
    """ContourLabels -> True or All: each contour line's level written at its middle;
    a function f: f[x, y, z] at each line's middle (x, y) and level z, drawn as it is when
    it gives a Text (or another primitive), else written there."""
    function = ev is not None and (type(spec) is Symbol and spec not in (TRUE, S.All)
                                   and spec.name not in ("None", "False", "Automatic")
                                   or type(spec) is Expr)
    if spec not in (TRUE, S.All) and not function:
        return []
    texts = []
    for level, line in traced:
        middle = line[len(line) // 2]
        at = from_python([float(middle[0]), float(middle[1])])
        if function:
            shown = ev.evaluate(Expr(spec, Real(float(middle[0])), Real(float(middle[1])),
                                     Real(float(level))))
            texts.append(shown if type(shown) is Expr and shown.head is S.Text
                         else Expr(S.Text, shown, at))
            continue
        value = float(f"{float(level):.3g}")
        texts.append(Expr(S.Text, Integer(int(value)) if value == int(value) else Real(value),
                          at))
    return [Expr(S.List, Expr(S.GrayLevel, Real(0.2)), *texts)] if texts else []


def framed_defaults(xs, ys) -> list:
    return [rule("Frame", TRUE), rule("AspectRatio", Integer(1)),
            rule("PlotRangePadding", Symbol("None")),
            rule("PlotRange", from_python([[xs[0], xs[-1]], [ys[0], ys[-1]]]))]


def gridded(data, data_range, points: int = 60):
    """(xs, ys, z) of ListContourPlot's data: a matrix of heights (row 1 at y = 1, or over
    DataRange) or ``{{x, y, z}, …}`` interpolated linearly onto a grid; None otherwise."""
    arr = numeric_array(data)
    if arr is None or arr.ndim != 2 or min(arr.shape) < 2:
        return None
    if arr.shape[1] == 3 and arr.shape[0] >= 3 and data_range is None:
        from scipy.interpolate import griddata
        xs = np.linspace(arr[:, 0].min(), arr[:, 0].max(), points)
        ys = np.linspace(arr[:, 1].min(), arr[:, 1].max(), points)
        if xs[0] == xs[-1] or ys[0] == ys[-1]:
            return None
        gx, gy = np.meshgrid(xs, ys)
        return xs, ys, griddata(arr[:, :2], arr[:, 2], (gx, gy), method="linear")
    rows, cols = arr.shape
    xs, ys = np.arange(1.0, cols + 1), np.arange(1.0, rows + 1)
    spec = numeric_array(data_range) if data_range is not None else None
    if spec is not None and spec.shape == (2, 2):
        xs, ys = np.linspace(*spec[0], cols), np.linspace(*spec[1], rows)
    return xs, ys, arr


@builtin("ListContourPlot", argc=(1, None),
         usage="ListContourPlot[array] draws contour lines of a matrix of heights (row 1 at "
               "the bottom; DataRange -> {{xmin, xmax}, {ymin, ymax}}) over bands of colour; "
               "ListContourPlot[{{x1, y1, z1}, …}] of scattered values.",
         messages={**ARRAY_MESSAGES,
                   "arrayerr": "`1` must be a matrix of real numbers or a list of {x, y, z} "
                               "points."},
         examples=(("Head[ListContourPlot[{{1, 2}, {3, 4}}]]", "Graphics"),))
def list_contour_plot(ev, data, *rest):
    head = Symbol("ListContourPlot")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    grid = gridded(data, call.get("DataRange"))
    if grid is None:
        ev.message(head, "arrayerr", data)
        return None
    xs, ys, z = grid
    return contour_graphics(call, xs, ys, z, _contour_levels(z, call.get("Contours")),
                            ev=ev)


def _finer(z: np.ndarray, factor: int = 4) -> np.ndarray:
    """z interpolated (bilinearly) onto a grid ``factor`` times finer, so that the colour
    bands follow the contour lines instead of the sampling grid's cells."""
    from scipy.ndimage import zoom
    finite = np.isfinite(z)
    smooth = zoom(np.where(finite, z, np.nanmean(z) if finite.any() else 0.0), factor, order=1)
    mask = zoom(finite.astype(float), factor, order=0) > 0.5
    return np.where(mask, smooth, np.nan)
