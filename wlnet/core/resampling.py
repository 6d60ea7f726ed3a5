"""Resampling a raster: to another size, one axis at a time, as ImageResize does, or at any
positions, as ImageTransformation and ImageRotate do.

Every output pixel is a weighted sum of the input pixels near its centre (pixel centres at
half-integers, so output pixel i sits at (i + 1/2) * n_in / n_out - 1/2 of the input): the
weights are a kernel's values at the distances, normalised to sum to 1.  When the raster
shrinks, the kernel is widened by the factor (each output pixel averages the input pixels
it covers: no aliasing), as for a thumbnail.  Methods (WL's Resampling names):

    "Nearest"                 the pixel whose cell holds the centre (on a border between
                              two cells, their mean); "NearestLeft", "NearestRight" the
                              left (upper) or right (lower) one there
    "Constant", "Linear",     interpolating splines of degree 0 .. 5, {"Spline", n} of
    "Quadratic", "Cubic",     degree n (up to 9): the samples are first turned into the
    "Quartic", "Quintic"      coefficients of B-splines whose sum passes through them (a
                              banded solve per axis), which are then weighed by the
                              B-spline of that degree
    {"BSpline", n}            the B-spline of degree n on the samples themselves (3 by
                              default): a smoothing approximation, no interpolation
    "Gaussian", {"Gaussian", r, σ}   a Gaussian of deviation σ cut at radius r (r = 2,
                              σ = r/4 by default), smoothing too
    {"Keys", a}, "CatmullRom" Keys' cubic convolution (a = -1/2 by default, Catmull-Rom's,
                              which is also {"Meijering", 3}; Meijering's kernels of higher
                              order and "German" are not implemented)
    "Dodgson"                 Dodgson's quadratic interpolating kernel, radius 3/2
    {"Schaum", n}             Lagrange interpolation of degree n through the n + 1 nearest
                              samples (3 by default)
    {"Hermite", n}            Hermite interpolation of odd order n (3 by default: Catmull-
                              Rom): degree n between two samples, matching at each the
                              derivatives up to (n - 1)/2 of the Lagrange polynomial through
                              the n samples around it
    {"OMOMS", 3}              the cubic o-MOMS, interpolating after the prefilter
    "Lanczos", {"Lanczos", r} and the other windowed sincs ("Bartlett", "Blackman",
    "Connes", "Cosine", "Hamming", "Hann", "Kaiser", "Parzen", "Welch", each {name, r} or
    {name, r, α}): sinc(x) times the window over radius r (3 by default)

The defaults the stored Resampling page does not give are ours: radius 3 for the windowed
sincs, Hann α = 1/2, Welch and Connes α = 2, Cosine α = 1, Kaiser α = 4.  "Bilinear" ("Linear")
and "Bicubic" (Keys' cubic) are accepted too, as net encoders stored by earlier versions
name them.

Taps that fall outside the raster read the padding (WL's Padding option): "Reversed" (the
raster mirrored with its edge pixel repeated, ImageResize's default), "Reflected" (mirrored
about the edge pixel), "Periodic", "Fixed" (the edge pixel repeated), or a constant value
per channel.  An axis is resampled by one sparse matrix (rows: output pixels), so the cost
is the number of taps, not the product of the sizes.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

__all__ = ["PADDINGS", "Method", "method_of", "resample", "resample_axes", "sample_at",
           "sample_axis"]

PADDINGS = ("Reversed", "Reflected", "Periodic", "Fixed")


class Method(NamedTuple):
    """A resampling method: its kernel (or, for the nearest pixel, which pixel a centre on
    a border takes: "mean", "left", "right"), the kernel's radius, and for a kernel that
    interpolates only after a prefilter (the B-splines of degree 2 and up, o-MOMS) its
    degree: the samples are first solved for the coefficients whose kernel sum passes
    through them (None: the kernel weighs the samples themselves)."""
    kernel: Callable | str
    radius: float
    spline: int | None = None


_EDGE = 1e-9


def _bspline(degree: int):
    """The centred B-spline of that degree (its radius (degree + 1)/2): the degree-fold
    convolution of the unit box, as the sum of truncated powers."""
    if degree == 0:                               # on its edges, half (ties average)
        return lambda x: np.where(np.abs(x) < 0.5, 1.0,
                                  np.where(np.abs(x) <= 0.5 + _EDGE, 0.5, 0.0))
    shift = (degree + 1) / 2
    terms = [(-1) ** k * math.comb(degree + 1, k) / math.factorial(degree)
             for k in range(degree + 2)]

    def kernel(x):
        x = np.abs(np.asarray(x, dtype=np.float64))
        total = np.zeros(x.shape)
        for k, c in enumerate(terms):
            total += c * np.maximum(0.0, x + shift - k) ** degree
        return np.where(x < shift, np.maximum(total, 0.0), 0.0)
    return kernel


def _keys_cubic(x, a=-0.5):
    x = np.abs(x)
    near = ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
    far = ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
    return np.where(x <= 1.0, near, np.where(x < 2.0, far, 0.0))


def _dodgson(x):
    # the quadratic through h(0) = 1, h(±1) = 0 that is continuous at ±1/2 and sums to 1
    x = np.abs(x)
    return np.where(x <= 0.5, 1.0 - 2.0 * x * x,
                    np.where(x < 1.5, (x - 2.5) * x + 1.5, 0.0))


def _schaum(degree: int):
    """Schaum's kernel: Lagrange interpolation of that degree through the degree + 1
    samples nearest the centre, as a function of the distance x = centre - tap.  With q
    the tap's offset from the window's reference sample and f the centre's from it, the
    tap's weight is the Lagrange basis polynomial prod_{p != q} (f + p) / (p - q)."""
    odd = degree % 2 == 1
    window = np.arange(-(degree + 1) // 2, (degree - 1) // 2 + 1) if odd \
        else np.arange(-(degree // 2), degree // 2 + 1)

    def kernel(x):
        x = np.asarray(x, dtype=np.float64)
        q = np.floor(x) if odd else np.floor(x + 0.5)     # the reference: floor / nearest
        f = x - q
        weight = np.ones(x.shape)
        for p in window:
            weight = weight * np.where(p == q, 1.0, (f + p) / np.where(p == q, 1.0, p - q))
        return np.where((q >= window[0]) & (q <= window[-1]), weight, 0.0)
    return kernel


def _hermite(order: int):
    """Hermite interpolation of odd order n: between two samples the polynomial of degree
    n with their values and, at each, the derivatives up to (n - 1)/2 of the Lagrange
    polynomial through the n samples centred there (order 3: Catmull-Rom's cubic).  As a
    kernel: the weight of the sample at distance x, w_j(t) with t = frac(x), j = -floor(x),
    w_j the piecewise polynomial's weight of sample j on [0, 1]."""
    r = (order - 1) // 2
    reach = r + 1                                  # samples -r .. r + 1 feed [0, 1]
    offsets = np.arange(-r, reach + 1)
    # derivatives (0 .. r) at 0 and at 1 of the Lagrange polynomials, per sample: rows
    # are conditions, columns the samples' contributions
    conditions = []
    for end in (0, 1):
        nodes = np.arange(end - r, end + r + 1)
        lagrange = np.linalg.inv(np.vander(nodes - end, increasing=True))  # coeffs in (x-end)
        for k in range(r + 1):
            row = np.zeros(len(offsets))
            row[np.searchsorted(offsets, nodes)] = lagrange[k] * math.factorial(k)
            conditions.append(row)
    # the degree-n polynomial in t with those derivatives at t = 0 and t = 1
    system = []
    for end in (0.0, 1.0):
        for k in range(r + 1):
            system.append([math.perm(p, k) * end ** (p - k) if p >= k else 0.0
                           for p in range(order + 1)])
    coefficients = np.linalg.solve(np.array(system), np.array(conditions))   # (n+1, samples)

    def kernel(x):
        x = np.asarray(x, dtype=np.float64)
        cell = np.floor(x)
        t = x - cell
        j = (-cell).astype(np.int64)
        inside = (j >= offsets[0]) & (j <= offsets[-1])
        column = np.clip(j - offsets[0], 0, len(offsets) - 1)
        powers = t[..., None] ** np.arange(order + 1)
        weight = np.einsum("...p,p...->...", powers, coefficients[:, column])
        return np.where(inside, weight, 0.0)
    return kernel


def _omoms3(x):
    # the cubic of maximal order and minimal support: the cubic B-spline plus 1/42 of its
    # second derivative (interpolating after the prefilter, as the B-splines)
    x = np.abs(x)
    near = ((0.5 * x - 1.0) * x + 1.0 / 14.0) * x + 13.0 / 21.0
    far = ((-x / 6.0 + 1.0) * x - 85.0 / 42.0) * x + 29.0 / 21.0
    return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))


def _gaussian(radius: float, sigma: float):
    return lambda x: np.where(np.abs(x) <= radius, np.exp(-0.5 * (x / sigma) ** 2), 0.0)


# windows of the windowed sincs: t = x / r in -1..1, α the shape parameter (its default)
def _parzen(t):
    t = np.abs(t)
    return np.where(t <= 0.5, 1.0 - 6.0 * t * t + 6.0 * t ** 3, 2.0 * (1.0 - t) ** 3)


WINDOWS = {
    "Lanczos": (lambda t, a: np.sinc(t), None),
    "Bartlett": (lambda t, a: 1.0 - np.abs(t), None),
    "Blackman": (lambda t, a: 0.42 + 0.5 * np.cos(np.pi * t) + 0.08 * np.cos(2 * np.pi * t),
                 None),
    "Hamming": (lambda t, a: 0.54 + 0.46 * np.cos(np.pi * t), None),
    "Parzen": (lambda t, a: _parzen(t), None),
    "Hann": (lambda t, a: a + (1.0 - a) * np.cos(np.pi * t), 0.5),
    "Welch": (lambda t, a: 1.0 - np.abs(t) ** a, 2.0),
    "Connes": (lambda t, a: (1.0 - t * t) ** a, 2.0),
    "Cosine": (lambda t, a: np.cos(np.pi * t / 2) ** a, 1.0),
    "Kaiser": (lambda t, a: np.i0(a * np.sqrt(np.maximum(0.0, 1.0 - t * t))) / np.i0(a), 4.0),
}
WINDOW_RADIUS = 3


def _windowed_sinc(window, radius: float, alpha):
    def kernel(x):
        inside = np.abs(x) < radius
        t = np.where(inside, x / radius, 0.0)
        return np.where(inside, np.sinc(x) * window(t, alpha), 0.0)
    return kernel


# interpolating splines by name: their degree
SPLINES = {"Constant": 0, "Linear": 1, "Bilinear": 1, "Quadratic": 2, "Cubic": 3,
           "Quartic": 4, "Quintic": 5}
MAX_SPLINE = 9
NEAREST = {"Nearest": "mean", "NearestLeft": "left", "NearestRight": "right"}


def _spline_method(degree: int, interpolating: bool) -> Method:
    # degrees 0 and 1 interpolate without solving (the B-spline is 1 at 0, 0 at the others);
    # the box's radius reaches past its edges, where it weighs the two pixels of a tie
    return Method(_bspline(degree), (degree + 1) / 2 + (_EDGE if degree == 0 else 0.0),
                  degree if interpolating and degree >= 2 else None)


def method_of(name: str, *parameters: float) -> Method | None:
    """The Method of a Resampling name and its parameters ({"Spline", n}, {"BSpline", n},
    {"Gaussian", r, σ}, {"Keys", a}, {"Lanczos", r}, {"Hann", r, α}, ...); None if there
    is no such method or its parameters do not fit it."""
    if not all(isinstance(p, (int, float)) and math.isfinite(p) for p in parameters):
        return None
    count = len(parameters)
    if name in NEAREST and not count:
        return Method(NEAREST[name], 0.5)
    if name in SPLINES and not count:
        return _spline_method(SPLINES[name], True)
    if name in ("Spline", "BSpline") and count <= 1:
        degree = parameters[0] if count else 3
        if degree != int(degree) or not 0 <= degree <= MAX_SPLINE:
            return None
        return _spline_method(int(degree), name == "Spline")
    if name == "Gaussian" and count <= 2:
        radius = parameters[0] if count else 2.0
        sigma = parameters[1] if count == 2 else radius / 4
        return Method(_gaussian(radius, sigma), radius) if radius > 0 and sigma > 0 else None
    if name == "Meijering" and parameters == (3,) or name == "Meijering" and not count:
        name, count = "CatmullRom", 0    # the page: {"Meijering", 3} is Catmull-Rom's cubic
    if name in ("Keys", "CatmullRom", "Bicubic") and count <= (name == "Keys"):
        a = parameters[0] if count else -0.5
        return Method(lambda x: _keys_cubic(x, a), 2.0)
    if name == "Dodgson" and not count:
        return Method(_dodgson, 1.5)
    if name == "Hermite" and count <= 1:
        order = parameters[0] if count else 3
        if order != int(order) or order % 2 == 0 or not 1 <= order <= MAX_SPLINE:
            return None
        return Method(_hermite(int(order)), (order + 1) / 2)
    if name == "Schaum" and count <= 1:
        degree = parameters[0] if count else 3
        if degree != int(degree) or not 1 <= degree <= MAX_SPLINE:
            return None
        return Method(_schaum(int(degree)), (degree + 1) / 2)
    if name == "OMOMS" and count <= 1:
        degree = parameters[0] if count else 3
        if degree in (0, 1):                # o-MOMS of degree 0 and 1 are the B-splines
            return _spline_method(int(degree), True)
        return Method(_omoms3, 2.0, 3) if degree == 3 else None
    if name in WINDOWS:
        window, alpha = WINDOWS[name]
        if count > (1 if alpha is None else 2):
            return None
        radius = parameters[0] if count else WINDOW_RADIUS
        alpha = parameters[1] if count == 2 else alpha
        if radius < 1:
            return None
        return Method(_windowed_sinc(window, float(radius), alpha), float(radius))
    return None


def _inside(index: np.ndarray, n: int, padding) -> tuple[np.ndarray, np.ndarray]:
    """(indices in 0..n-1, whether each tap is inside) for tap indices anywhere: a padding
    method maps an outside index onto the raster; a constant padding leaves it outside."""
    if not isinstance(padding, str):
        inside = (index >= 0) & (index < n)
        return np.where(inside, index, 0), inside
    if padding == "Fixed":
        return np.clip(index, 0, n - 1), np.ones(index.shape, bool)
    if padding == "Periodic":
        return np.mod(index, n), np.ones(index.shape, bool)
    if padding == "Reversed":                     # ... 1 0 | 0 1 ... n-1 | n-1 n-2 ...
        m = np.mod(index, 2 * n)
        return np.where(m < n, m, 2 * n - 1 - m), np.ones(index.shape, bool)
    if padding == "Reflected":                    # ... 2 1 | 0 1 ... n-1 | n-2 ...
        if n == 1:
            return np.zeros_like(index), np.ones(index.shape, bool)
        m = np.mod(index, 2 * n - 2)
        return np.where(m < n, m, 2 * n - 2 - m), np.ones(index.shape, bool)
    raise ValueError(f"unknown padding {padding}")


def _taps(centres: np.ndarray, method: Method, stretch: float = 1.0):
    """(tap indices, their weights summing to 1), one row per centre (an input position in
    pixels from the first pixel's centre); ``stretch`` widens the kernel (shrinking)."""
    if isinstance(method.kernel, str):            # nearest: the cell that holds the centre
        right = np.floor(centres + 0.5 + 1e-9).astype(np.int64)
        left = np.ceil(centres - 0.5 - 1e-9).astype(np.int64)   # differ on a border only
        share = {"mean": 0.5, "left": 1.0, "right": 0.0}[method.kernel]   # the left one's
        # one pixel: both taps on it, half each (their weights add up)
        same = left == right
        return np.stack([left, right], axis=-1), np.stack(
            [np.where(same, 0.5, share), np.where(same, 0.5, 1 - share)], axis=-1)
    # the taps strictly within the reach on either side: at most ceil(2 reach) of them
    reach = method.radius * stretch
    first = np.floor(centres - reach).astype(np.int64) + 1
    taps = first[..., None] + np.arange(max(1, int(math.ceil(2 * reach - 1e-12))))
    weights = method.kernel((taps - centres[..., None]) / stretch)
    total = weights.sum(axis=-1, keepdims=True)
    # a kernel whose taps all weigh 0 at a centre (a narrow Gaussian far off) takes the
    # nearest tap
    nearest = np.abs(taps - centres[..., None]).argmin(axis=-1)[..., None]
    fallback = (np.arange(taps.shape[-1]) == nearest).astype(np.float64)
    return taps, np.where(total > 1e-300, weights / np.where(total > 1e-300, total, 1.0),
                          fallback)


def _axis_weights(n_in: int, n_out: int, method: Method, padding, stretch: bool = True,
                  margin: int = 0):
    """(a sparse n_out x (n_in + 2 margin) matrix, the weight each output pixel gives the
    constant padding) resampling one axis (the kernel widened when it shrinks, if
    ``stretch``) of n_in pixels held with ``margin`` more on either side."""
    from scipy.sparse import csr_matrix
    scale = n_in / n_out
    centres = (np.arange(n_out) + 0.5) * scale - 0.5 + margin
    taps, weights = _taps(centres, method, max(scale, 1.0) if stretch else 1.0)
    index, inside = _inside(taps, n_in + 2 * margin, padding)
    rows = np.repeat(np.arange(n_out), taps.shape[1])
    matrix = csr_matrix((np.where(inside, weights, 0.0).ravel(), (rows, index.ravel())),
                        shape=(n_out, n_in + 2 * margin))
    return matrix, np.where(inside, 0.0, weights).sum(axis=1)


def _constant_share(outside: np.ndarray, padding, ndim: int) -> np.ndarray | float:
    """What the constant padding adds where the taps read ``outside`` of it (0 for a
    padding method)."""
    if isinstance(padding, str):
        return 0.0
    return outside.reshape(outside.shape + (1,) * (ndim - outside.ndim)) \
        * np.asarray(padding, dtype=np.float64)


def _coefficient_margin(method: Method, padding) -> int:
    """How many pixels of a constant padding the spline coefficients are solved over on
    either side: the exact coefficients of a raster padded with a constant are not that
    constant near the edge, but come back to it geometrically (by the prefilter's largest
    pole, below 0.61 up to degree 9), so beyond 8 per degree they are it to 1e-13."""
    return 8 * method.spline if method.spline is not None and not isinstance(padding, str) \
        else 0


def _spline_coefficients(values: np.ndarray, axis: int, method: Method, padding):
    """The B-spline coefficients along ``axis`` whose spline (extended beyond the edges as
    the padding extends the samples) passes through the samples at the pixel centres: one
    banded solve for all the other axes at once.  With a constant padding the axis comes
    back longer by the margin (_coefficient_margin) on either side."""
    margin = _coefficient_margin(method, padding)
    if margin:
        widths = [(0, 0)] * values.ndim
        widths[axis] = (margin, margin)
        constant = np.broadcast_to(np.asarray(padding, dtype=np.float64), values.shape[-1:])
        values = np.concatenate([np.pad(values[..., k:k + 1], widths, constant_values=c)
                                 for k, c in enumerate(constant)], axis=-1)
    n = values.shape[axis]
    if n == 1 and isinstance(padding, str):
        return values
    matrix, outside = _axis_weights(n, n, method, padding, stretch=False)
    moved = np.moveaxis(values, axis, 0)
    rhs = moved - _constant_share(outside, padding, moved.ndim)
    solved = _solved(matrix, rhs.reshape(n, -1))
    return np.moveaxis(solved.reshape(moved.shape), 0, axis)


_BAND = 16          # widest band solved as a band (a periodic padding wraps: far wider)


def _solved(matrix, rhs: np.ndarray) -> np.ndarray:
    """matrix^-1 rhs for the sparse n x n prefilter matrix and many right-hand sides: by
    LAPACK's banded solver when the matrix is a narrow band (every padding but
    "Periodic"), which takes all the columns at once (SuperLU's solve goes column by
    column, 30 times slower on an image), else by a sparse LU."""
    entries = matrix.tocoo()
    entries.sum_duplicates()
    entries.eliminate_zeros()                 # (taps of weight 0 widen no band)
    rows, cols = entries.row, entries.col
    lower, upper = int(max(0, (rows - cols).max())), int(max(0, (cols - rows).max()))
    if max(lower, upper) > _BAND:
        from scipy.sparse.linalg import splu
        return splu(matrix.tocsc()).solve(np.ascontiguousarray(rhs))
    from scipy.linalg import solve_banded
    band = np.zeros((lower + upper + 1, matrix.shape[0]))
    band[upper + rows - cols, cols] = entries.data
    return solve_banded((lower, upper), band, rhs, check_finite=False)


def _resolved(method, parameters) -> Method:
    return method if isinstance(method, Method) else method_of(method, *parameters)


def resample(values: np.ndarray, height: int, width: int, method: str = "Lanczos",
             padding="Reversed", parameters: tuple = ()) -> np.ndarray:
    """``values`` (h, w, c) resampled to (height, width, c), float64.  ``padding`` is one
    of PADDINGS or the values of the constant padding per channel (c of them);
    ``method`` a Resampling name (its parameters ``parameters``) or a Method."""
    return resample_axes(values, (height, width), method, padding, parameters)


def resample_axes(values: np.ndarray, sizes: tuple, method: str = "Lanczos",
                  padding="Reversed", parameters: tuple = ()) -> np.ndarray:
    """``values`` with its leading axes resampled to ``sizes`` (one per leading axis; the
    last axis, the channels, kept), float64."""
    method = _resolved(method, parameters)
    values = np.asarray(values, dtype=np.float64)
    for axis, n_out in enumerate(sizes):
        n_in = values.shape[axis]
        if n_in == n_out:                         # every method passes through its samples
            continue
        margin = _coefficient_margin(method, padding)
        if method.spline is not None:
            values = _spline_coefficients(values, axis, method, padding)
        matrix, outside = _axis_weights(n_in, n_out, method, padding, margin=margin)
        moved = np.moveaxis(values, axis, 0)
        flat = matrix @ moved.reshape(moved.shape[0], -1)
        shaped = flat.reshape((n_out,) + moved.shape[1:])
        values = np.moveaxis(shaped + _constant_share(outside, padding, shaped.ndim), 0, axis)
    return values


def sample_axis(values: np.ndarray, positions, method="Linear", padding="Reversed",
                stretch: float = 1.0, parameters: tuple = ()) -> np.ndarray:
    """``values`` (n, c) at fractional ``positions`` along their first axis (in samples
    from the first), as (len(positions), c) float64: the method's kernel (widened by
    ``stretch``) over the taps around each, taps beyond the ends reading the padding (a
    method of PADDINGS or one value per channel).  ArrayResample samples so."""
    method = _resolved(method, parameters)
    values = np.asarray(values, dtype=np.float64)
    margin = _coefficient_margin(method, padding)
    if method.spline is not None:
        values = _spline_coefficients(values, 0, method, padding)
    taps, weights = _taps(np.asarray(positions, dtype=np.float64) + margin, method, stretch)
    index, inside = _inside(taps, values.shape[0], padding)
    out = np.einsum("pt,ptc->pc", np.where(inside, weights, 0.0), values[index])
    return out + _constant_share(np.where(inside, 0.0, weights).sum(axis=1), padding, 2)


# output pixels sampled per block (bounds the (pixels x taps x taps) work arrays)
_BLOCK = 1 << 16


def sample_at(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, method="Linear",
              padding="Reversed", parameters: tuple = ()) -> np.ndarray:
    """``values`` (h, w, c) at fractional positions (rows and columns in pixels from the
    first pixel's centre; any shape s), as s + (c,) float64: the method's kernel over the
    taps around each position, taps beyond the edges reading the padding (a method of
    PADDINGS or one value per channel)."""
    method = _resolved(method, parameters)
    values = np.asarray(values, dtype=np.float64)
    margin = _coefficient_margin(method, padding)
    if method.spline is not None:
        for axis in (0, 1):
            values = _spline_coefficients(values, axis, method, padding)
    shape = np.shape(rows)
    rows = np.ravel(rows).astype(np.float64) + margin
    cols = np.ravel(cols).astype(np.float64) + margin
    out = np.empty((rows.size, values.shape[2]))
    for start in range(0, rows.size, _BLOCK):
        part = slice(start, start + _BLOCK)
        out[part] = _sample_block(values, rows[part], cols[part], method, padding)
    return out.reshape(shape + (values.shape[2],))


def _sample_block(values, rows, cols, method: Method, padding) -> np.ndarray:
    """sample_at for one block of positions: a loop over the tap pairs (a few dozen), each
    step vectorised over the positions."""
    (row_taps, row_weights), (col_taps, col_weights) = _taps(rows, method), _taps(cols, method)
    row_index, row_inside = _inside(row_taps, values.shape[0], padding)
    col_index, col_inside = _inside(col_taps, values.shape[1], padding)
    out = np.zeros((rows.size, values.shape[2]))
    outside = np.zeros(rows.size)
    for a in range(row_taps.shape[1]):
        for b in range(col_taps.shape[1]):
            weight = row_weights[:, a] * col_weights[:, b]
            inside = row_inside[:, a] & col_inside[:, b]
            out += np.where(inside, weight, 0.0)[:, None] \
                * values[row_index[:, a], col_index[:, b]]
            outside += np.where(inside, 0.0, weight)
    return out + _constant_share(outside, padding, 2)
