"""Resampling a raster to another size, one axis at a time, as ImageResize does.

Every output pixel is a weighted sum of the input pixels near its centre (pixel centres at
half-integers, so output pixel i sits at (i + 1/2) * n_in / n_out - 1/2 of the input): the
weights are a kernel's values at the distances, normalised to sum to 1.  When the raster
shrinks, the kernel is widened by the factor (each output pixel averages the input pixels
it covers: no aliasing), as for a thumbnail.  Kernels (WL's Resampling names):

    "Nearest"                 the pixel whose cell holds the centre (on a border between
                              two cells, their mean); "NearestLeft", "NearestRight" the
                              left (upper) or right (lower) one there
    "Linear" / "Bilinear"     the triangle, radius 1
    "Cubic" / "Bicubic"       Keys' cubic convolution (a = -1/2), radius 2
    "CatmullRom"              the same (Keys' a = -1/2 is Catmull-Rom's cubic)
    {"Keys", a}               Keys' cubic convolution with that a, radius 2
    "Lanczos", {"Lanczos", n} sinc(x) sinc(x/n), radius n (3 by default)

Taps that fall outside the raster read the padding (WL's Padding option): "Reversed" (the
raster mirrored with its edge pixel repeated, ImageResize's default), "Reflected" (mirrored
about the edge pixel), "Periodic", "Fixed" (the edge pixel repeated), or a constant value
per channel.  An axis is resampled by one sparse matrix (rows: output pixels), so the cost
is the number of taps, not the product of the sizes.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["KERNELS", "PADDINGS", "kernel_of", "resample", "resample_axes"]

PADDINGS = ("Reversed", "Reflected", "Periodic", "Fixed")


def _triangle(x):
    return np.maximum(0.0, 1.0 - np.abs(x))


def _keys_cubic(x, a=-0.5):
    x = np.abs(x)
    near = ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
    far = ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
    return np.where(x <= 1.0, near, np.where(x < 2.0, far, 0.0))


def _lanczos(lobes: int):
    def kernel(x):
        return np.where(np.abs(x) < lobes, np.sinc(x) * np.sinc(x / lobes), 0.0)
    return kernel, float(lobes)


# name -> (kernel, radius); the nearest pixel is no kernel (it is chosen, not weighed): its
# "kernel" says which of two pixels a centre on the border between them takes
KERNELS = {"Nearest": ("mean", 0.5), "NearestLeft": ("left", 0.5),
           "NearestRight": ("right", 0.5),
           "Linear": (_triangle, 1.0), "Bilinear": (_triangle, 1.0),
           "Cubic": (_keys_cubic, 2.0), "Bicubic": (_keys_cubic, 2.0),
           "CatmullRom": (_keys_cubic, 2.0), "Keys": (_keys_cubic, 2.0),
           "Lanczos": _lanczos(3)}


def kernel_of(name: str, parameter: float | None = None):
    """(kernel, radius) of a Resampling name and its parameter ({"Lanczos", n}: the lobes,
    {"Keys", a}: Keys' a); None if unknown."""
    if name == "Lanczos" and parameter is not None:
        return _lanczos(int(parameter)) if parameter >= 1 else None
    if name == "Keys" and parameter is not None:
        return (lambda x: _keys_cubic(x, parameter)), 2.0
    return KERNELS.get(name)


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


def _axis_weights(n_in: int, n_out: int, kernel, radius: float, padding):
    """(a sparse n_out x n_in matrix, the weight each output pixel gives the constant
    padding) resampling one axis."""
    from scipy.sparse import csr_matrix
    scale = n_in / n_out
    centres = (np.arange(n_out) + 0.5) * scale - 0.5
    if isinstance(kernel, str):                   # nearest: the cell that holds the centre
        right = np.floor(centres + 0.5 + 1e-9).astype(np.int64)
        left = np.ceil(centres - 0.5 - 1e-9).astype(np.int64)   # differ on a border only
        taps = np.stack([left, right], axis=1)
        share = {"mean": 0.5, "left": 1.0, "right": 0.0}[kernel]   # the left one's share
        # one pixel: both taps on it, half each (the sparse matrix adds them up)
        same = left == right
        weights = np.column_stack([np.where(same, 0.5, share), np.where(same, 0.5, 1 - share)])
    else:
        stretch = max(scale, 1.0)                 # shrinking widens the kernel
        reach = radius * stretch
        first = np.floor(centres - reach).astype(np.int64) + 1
        taps = first[:, None] + np.arange(int(math.ceil(2 * reach)) + 1)[None, :]
        weights = kernel((taps - centres[:, None]) / stretch)
        weights = weights / weights.sum(axis=1, keepdims=True)
    index, inside = _inside(taps, n_in, padding)
    rows = np.repeat(np.arange(n_out), taps.shape[1])
    matrix = csr_matrix((np.where(inside, weights, 0.0).ravel(), (rows, index.ravel())),
                        shape=(n_out, n_in))
    return matrix, np.where(inside, 0.0, weights).sum(axis=1)


def resample(values: np.ndarray, height: int, width: int, method: str = "Lanczos",
             padding="Reversed", parameter: float | None = None) -> np.ndarray:
    """``values`` (h, w, c) resampled to (height, width, c), float64.  ``padding`` is one
    of PADDINGS or the values of the constant padding per channel (c of them);
    ``parameter`` the method's (kernel_of)."""
    return resample_axes(values, (height, width), method, padding, parameter)


def resample_axes(values: np.ndarray, sizes: tuple, method: str = "Lanczos",
                  padding="Reversed", parameter: float | None = None) -> np.ndarray:
    """``values`` with its leading axes resampled to ``sizes`` (one per leading axis; the
    last axis, the channels, kept), float64."""
    kernel, radius = kernel_of(method, parameter)
    values = np.asarray(values, dtype=np.float64)
    for axis, n_out in enumerate(sizes):
        n_in = values.shape[axis]
        if n_in == n_out:
            continue
        matrix, outside = _axis_weights(n_in, n_out, kernel, radius, padding)
        moved = np.moveaxis(values, axis, 0)
        flat = matrix @ moved.reshape(n_in, -1)
        shaped = flat.reshape((n_out,) + moved.shape[1:])
        if not isinstance(padding, str):          # the constant's share
            shaped = shaped + outside.reshape((n_out,) + (1,) * (moved.ndim - 1)) \
                * np.asarray(padding, dtype=np.float64)
        values = np.moveaxis(shaped, 0, axis)
    return values
