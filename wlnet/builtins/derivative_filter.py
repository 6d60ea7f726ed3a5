"""DerivativeFilter: derivatives of data from a spline interpolation model.

    DerivativeFilter[data, {n1, n2, …}]       the derivative of order ni along level i
    DerivativeFilter[data, {n1, …}, σ]        at a Gaussian scale σ (the derivative of the
        data smoothed by a Gaussian of standard deviation σ)
    DerivativeFilter[data, {der1, der2, …}, …]   several derivatives, a list of results
    InterpolationOrder -> q (Automatic: 3, or one more than the highest order asked)
    Padding -> "Fixed" (the default), a value, "Periodic", "Reflected", "Reversed"

Images use array coordinates: the first level runs from the top row down, the second from
the left; each channel on its own (an alpha channel is kept); the result is a real image.
The model is the interpolating B-spline of order q: its coefficients by scipy's recursive
prefilter (orders 2 to 5 here; 0 and 1 need none), its derivative at the samples by
convolving them with the derivative of the B-spline basis at the integers.  The data are
padded by the Padding's method before the prefilter (a margin far enough for its geometric
decay) and cropped after.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.block_filters import _PAD_MODES, image_or_array
from wlnet.builtins.image_processing import filter_padding
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.image import Image, keeps_display_options
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image or a numeric array instead of `1`.",
    "order": "`1` is not a list of derivative orders, one nonnegative integer per level of "
             "the data (or a list of such lists).",
    "interp": "The interpolation order `1` should be an integer from 0 to 5 (here) above the "
              "highest derivative order.",
    "sigma": "`1` is not a Gaussian scale (a nonnegative number).",
    "padding": "`1` is not a padding (\"Fixed\", \"Periodic\", \"Reflected\", \"Reversed\" or a "
               "value).",
}
_MARGIN = 24             # samples of padding: the cubic prefilter's pole 0.27 ** 24 ≈ 1e-14


def basis_derivative(q: int, n: int) -> np.ndarray:
    """The n-th derivative of the centred B-spline of order q at the integers it covers."""
    from scipy.interpolate import BSpline
    half = (q + 1) / 2
    basis = BSpline.basis_element(np.arange(q + 2) - half, extrapolate=False)
    reach = int(np.ceil(half)) - 1           # the integers strictly inside its support
    points = np.arange(-reach, reach + 1, dtype=float)
    values = (basis.derivative(n) if n else basis)(points)
    return np.nan_to_num(values)


def spline_derivative(values: np.ndarray, orders: tuple, q: int, pad: dict) -> np.ndarray:
    """The derivative of the order-q interpolating spline of ``values`` at its samples."""
    from scipy import ndimage
    margin = _MARGIN + q
    widths = [(margin, margin)] * values.ndim
    padded = np.pad(values, widths, constant_values=pad.get("cval", 0.0)) \
        if pad["mode"] == "constant" else np.pad(values, widths, mode=_PAD_MODES[pad["mode"]])
    coefficients = padded.astype(np.float64)
    if q >= 2:
        for axis in range(values.ndim):
            coefficients = ndimage.spline_filter1d(coefficients, order=q, axis=axis,
                                                   mode="mirror")
    for axis, n in enumerate(orders):
        kernel = basis_derivative(q, n)
        # f⁽ⁿ⁾(i) = Σ_j c[i - j] β⁽ⁿ⁾(j): a convolution with the kernel
        coefficients = ndimage.convolve1d(coefficients, kernel, axis=axis, mode="mirror")
    return coefficients[tuple(slice(margin, margin + s) for s in values.shape)]


def _orders(e, rank: int):
    """[(n1, n2, …)] of one derivative spec or of a list of them; None if malformed."""
    def one(spec):
        if not (is_list(spec) and len(spec.args) == rank
                and all(type(a) is Integer and a.value >= 0 for a in spec.args)):
            return None
        return tuple(a.value for a in spec.args)
    if is_list(e) and e.args and all(is_list(a) for a in e.args):
        found = [one(a) for a in e.args]
        return None if None in found else (found, True)
    found = one(e)
    return None if found is None else ([found], False)


@builtin("DerivativeFilter", argc=(2, None), messages=_MESSAGES,
         options={"InterpolationOrder": Symbol("Automatic"), "Padding": Symbol("Automatic")},
         usage="DerivativeFilter[data, {n1, n2, …}] is the derivative of order ni along level "
               "i of the data's spline interpolation (InterpolationOrder, 3 by default); "
               "DerivativeFilter[data, orders, σ] at a Gaussian scale σ; a list of order "
               "lists gives several.  Images (array coordinates, a real image) and arrays.",
         examples=(("Abs[DerivativeFilter[N[Range[0, 40]^2], {1}][[21]] - 40] < 10^-6", "True"),
                   ("Abs[DerivativeFilter[N[Range[0, 40]^2], {2}][[21]] - 2] < 10^-6",
                    "True")))
@keeps_display_options
def derivative_filter(ev, data, spec, *rest):
    head = Symbol("DerivativeFilter")
    positional = [a for a in rest if not (type(a) is Expr and a.head is S.Rule)]
    options = {a.args[0].name: a.args[1] for a in rest if a not in positional
               and type(a.args[0]) is Symbol}
    if len(positional) > 1:
        return None
    found = image_or_array(ev, head, data)
    if found is None:
        return None
    arr, rank = found
    found = _orders(spec, rank)
    if found is None:
        ev.message(head, "order", spec)
        return None
    derivatives, several = found
    sigma = 0.0
    if positional:
        sigma = number(ev.evaluate(Expr(S.N, positional[0])))
        if sigma is None or sigma < 0:
            ev.message(head, "sigma", positional[0])
            return None
    highest = max(max(d) for d in derivatives)
    setting = options.get("InterpolationOrder", Symbol("Automatic"))
    q = max(3, highest + 1) if setting == Symbol("Automatic") else \
        (setting.value if type(setting) is Integer else -1)
    if not (0 <= q <= 5 and q > highest):
        ev.message(head, "interp", setting)
        return None
    padding = [r for r in rest if r not in positional and r.args[0] == Symbol("Padding")
               and r.args[1] != Symbol("Automatic")]
    pads = filter_padding(ev, head, padding, data)
    if pads is None:
        return None

    def derivative(plane, orders, pad):
        if sigma > 0:
            from scipy import ndimage
            return ndimage.gaussian_filter(plane.astype(np.float64), sigma, order=orders, **pad)
        return spline_derivative(plane, orders, q, pad)
    results = []
    for orders in derivatives:
        if arr is not None:
            results.append(list_from_array(derivative(arr, orders, pads[0])))
            continue
        values = data.reals()
        colour = values.shape[2] - int(data.has_alpha)
        planes = [derivative(values[:, :, k], orders, pads[k]) if k < colour
                  else values[:, :, k] for k in range(values.shape[2])]
        results.append(Image(np.stack(planes, axis=2).astype(np.float32), "Real32",
                             data.color_space, data.options))
    return Expr(S.List, *results) if several else results[0]
