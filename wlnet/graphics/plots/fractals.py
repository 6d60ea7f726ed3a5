"""MandelbrotSetPlot: the Mandelbrot set over a rectangle of the complex plane, as a Raster.

    MandelbrotSetPlot[]                  the rectangle from -2 - 1.5 I to 1 + 1.5 I
    MandelbrotSetPlot[{zmin, zmax}]      the rectangle with these corners

Each pixel's c is iterated by z -> z^2 + c from 0 until |z| > EscapeRadius (2; a larger
radius smooths the colour steps) or MaxIterations (1000) steps; the points of the main
cardioid and the period-2 disk are inside without iterating.  The iteration runs on all the
pixels still in play at once (NumPy), dropping each as it escapes.  ImageResolution (500)
is the larger side in pixels.  Colours: the set black; outside, ColorFunction's colour of a
value in 0..1 proportional to the iterations (a gradient name or a function; the function
also gets 1 for points of the set), by default a gradient of wlnet's own over the smoothed
count (its logarithm: most points escape in a few steps).  Frame True, equal scales on
both axes; PlotLegends -> Automatic gives a bar of the iteration counts.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import TRUE, Expr, Integer, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.arrays import _raster
from wlnet.graphics.plots.colours import _stops, colour_scheme, gradient_colours
from wlnet.graphics.plots.common import (GRAPHICS_OPTION_NAMES, PLOT_OPTIONS, bar_legend,
                                         graphics_result, read_call, rule)
from wlnet.graphics.values import number, option_name

DEFAULT_CORNERS = (complex(-2.0, -1.5), complex(1.0, 1.5))
_OWN_OPTIONS = {"MaxIterations": 1000, "EscapeRadius": 2.0, "ImageResolution": 500}
# the default colouring: far from the set dark blue, nearer through blue and white to
# orange, by the logarithm of the smoothed iteration count scaled to 0..1
_AUTOMATIC_STOPS = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
_AUTOMATIC_COLOURS = np.array([[0.02, 0.03, 0.20], [0.10, 0.30, 0.70], [0.95, 0.95, 0.95],
                               [1.00, 0.65, 0.10], [0.55, 0.15, 0.00]])
_MESSAGES = {
    "optx": "Unknown option `1` in `2`.",
    "rect": "`1` is not a rectangle of the complex plane: give {zmin, zmax}, two complex "
            "numbers at opposite corners.",
    "iter": "`1` is not a number of iterations (a positive integer).",
    "escr": "`1` is not a valid EscapeRadius: a real number of at least 2.",
    "ires": "`1` is not a valid ImageResolution: a positive number of pixels.",
    "cfun": "`1` is not a known ColorFunction (Automatic, a gradient name or a function "
            "giving a colour).",
}


def escape_counts(c: np.ndarray, max_iterations: int, radius: float):
    """Per point: the steps before |z| > radius (max_iterations + 1 for the points of the
    set) and |z| then (NaN for the set), computed for all the points in play at once."""
    counts = np.full(c.shape, max_iterations + 1, dtype=np.int64)
    last = np.full(c.shape, np.nan)
    flat_c = c.ravel()
    active = np.flatnonzero(~_known_inside(flat_c))
    z = np.zeros(len(active), dtype=complex)
    values = flat_c[active]
    bound = radius * radius
    flat_counts, flat_last = counts.reshape(-1), last.reshape(-1)
    for step in range(1, max_iterations + 1):
        z = z * z + values
        out = z.real * z.real + z.imag * z.imag > bound
        if out.any():
            flat_counts[active[out]] = step
            flat_last[active[out]] = np.abs(z[out])
            keep = ~out
            active, z, values = active[keep], z[keep], values[keep]
            if not len(active):
                break
    return counts, last


def _known_inside(c: np.ndarray) -> np.ndarray:
    """The points of the main cardioid and the period-2 disk (as MandelbrotSetMemberQ)."""
    x, y = c.real - 0.25, c.imag
    q = x * x + y * y
    return (q * (q + x) <= 0.25 * y * y) | ((c.real + 1.0) ** 2 + y * y <= 0.0625)


def _smoothed(counts, last, max_iterations: int) -> np.ndarray:
    """The continuous iteration count n + 1 - log2(log |z|) of the escaped points."""
    with np.errstate(invalid="ignore", divide="ignore"):
        nu = counts + 1 - np.log2(np.log(np.maximum(last, 1.0 + 1e-12)))
    return np.clip(np.nan_to_num(nu, nan=max_iterations), 0, max_iterations)


def _colours(counts, last, max_iterations: int, scheme) -> np.ndarray:
    inside = counts > max_iterations
    if scheme == "Automatic":
        t = np.log1p(_smoothed(counts, last, max_iterations)) / np.log1p(max_iterations)
        rgb = _stops(t, _AUTOMATIC_STOPS, _AUTOMATIC_COLOURS)
    else:
        fraction = np.where(inside, 1.0, counts / max_iterations)
        rgb = gradient_colours(fraction, scheme)[..., :3]
        if not callable(scheme):            # a named gradient leaves the set black
            return np.where(inside[..., None], 0.0, rgb)
        return rgb
    return np.where(inside[..., None], 0.0, rgb)


def _own_options(ev, head, args):
    """(the other arguments, MaxIterations, EscapeRadius, ImageResolution); None after a
    message."""
    rest, given = [], {}
    for a in args:
        name = option_name(a)
        if name in _OWN_OPTIONS:
            given[name] = a.args[1]
        else:
            rest.append(a)
    values = dict(_OWN_OPTIONS)
    checks = {"MaxIterations": ("iter", lambda e: e.value if type(e) is Integer and
                                e.value >= 1 else None),
              "EscapeRadius": ("escr", lambda e: v if (v := number(e)) is not None and
                               v >= 2 else None),
              "ImageResolution": ("ires", lambda e: int(round(v)) if (v := number(e))
                                  is not None and v >= 1 else None)}
    for name, spec in given.items():
        tag, read = checks[name]
        values[name] = read(spec)
        if values[name] is None:
            ev.message(head, tag, spec)
            return None
    return rest, values["MaxIterations"], float(values["EscapeRadius"]), \
        values["ImageResolution"]


def _corners(ev, spec):
    """The rectangle's (lower left, upper right) corners of {zmin, zmax}; None if it is
    not two distinct numbers in both parts."""
    if not (type(spec) is Expr and spec.head is S.List and len(spec.args) == 2):
        return None
    from wlnet.builtins.numbers import to_py
    ends = []
    for z in spec.args:
        value = to_py(ev.evaluate(Expr(S.N, z)))
        try:
            ends.append(complex(value))
        except (TypeError, ValueError):
            return None
    (a, b) = ends
    low = complex(min(a.real, b.real), min(a.imag, b.imag))
    high = complex(max(a.real, b.real), max(a.imag, b.imag))
    if low.real == high.real or low.imag == high.imag:
        return None
    return low, high


@builtin("MandelbrotSetPlot", argc=(0, None), messages=_MESSAGES,
         usage="MandelbrotSetPlot[{zmin, zmax}] plots the Mandelbrot set in the rectangle "
               "with corners zmin and zmax (MandelbrotSetPlot[]: from -2 - 1.5 I to 1 + "
               "1.5 I), as a Raster; MaxIterations (1000), EscapeRadius (2), "
               "ImageResolution (500), ColorFunction, PlotLegends and Graphics options.")
def mandelbrot_set_plot(ev, *args):
    head = Symbol("MandelbrotSetPlot")
    own = _own_options(ev, head, args)
    if own is None:
        return None
    rest, steps, radius, resolution = own
    spec = rest[0] if rest and option_name(rest[0]) is None else None
    corners = DEFAULT_CORNERS if spec is None else _corners(ev, spec)
    if corners is None:
        ev.message(head, "rect", spec)
        return None
    options = rest[1:] if spec is not None else rest
    unknown = [r for r in options if option_name(r) not in PLOT_OPTIONS + ("PlotRange",)
               and option_name(r) not in GRAPHICS_OPTION_NAMES]
    if unknown:
        ev.message(head, "optx", unknown[0].args[0] if type(unknown[0]) is Expr and
                   unknown[0].args else unknown[0], Expr(head, *args))
        return None
    call = read_call(ev, head, (from_python([]), *options))     # (a placeholder first)
    scheme = colour_scheme(call.get("ColorFunction"), ev)
    if scheme is None:
        ev.message(head, "cfun", call.get("ColorFunction"))
        return None
    low, high = corners
    width, height = high.real - low.real, high.imag - low.imag
    columns = resolution if width >= height else max(1, round(resolution * width / height))
    rows = resolution if height >= width else max(1, round(resolution * height / width))
    # pixel centres; row 0 at the top (the Raster helper stores rows bottom-up)
    xs = low.real + (np.arange(columns) + 0.5) * width / columns
    ys = high.imag - (np.arange(rows) + 0.5) * height / rows
    counts, last = escape_counts(xs[None, :] + 1j * ys[:, None], steps, radius)
    colours = _colours(counts, last, steps, scheme)
    extent = ((low.real, low.imag), (high.real, high.imag))
    defaults = [rule("Frame", TRUE), rule("AspectRatio", Symbol("Automatic")),
                rule("PlotRangePadding", Symbol("None")),
                rule("PlotRange", from_python([[low.real, high.real], [low.imag, high.imag]]))]
    legend = bar_legend(call, lambda v: _colours(np.asarray(v, int), np.full(len(v), 2.0 * radius),
                                                 steps, scheme), 0, steps)
    return graphics_result(call, [_raster(colours, extent)], defaults, legend)
