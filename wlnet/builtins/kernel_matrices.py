"""Kernel and structuring matrices for image filters: GaussianMatrix, BoxMatrix,
DiskMatrix, DiamondMatrix, CrossMatrix.

    GaussianMatrix[r], GaussianMatrix[{r, σ}], GaussianMatrix[{{r1, r2, …}, σ}]
        a (2r+1) x (2r+1) kernel (an array of rank the number of radii) of a Gaussian of
        standard deviation σ (r/2 by default) whose elements sum to 1.  Method -> "Bessel"
        (the default) gives the discrete Gaussian, elements proportional to
        Π_i exp(-σ²) I_{x_i}(σ²) (the kernel with the best discrete convolution
        properties); Method -> "Gaussian" samples exp(-x²/(2σ²)).  Standardized -> False
        leaves the elements unscaled.  A radius that is not an integer is rounded.
    BoxMatrix[r]        a (2r+1) x (2r+1) matrix of 1s; {r1, r2, …} a box of those radii
    DiskMatrix[r]       1s where x² + y² <= (r + 1/2)² (the disk reaching the middle of
                        the rim's pixels); {r1, r2, …} an ellipse of those radii
    DiamondMatrix[r]    1s where |x| + |y| <= r
    CrossMatrix[r]      1s on the centre row and column
    M[r, n] / M[r, {n1, n2, …}]    the shape centred in an array of that size

The derivative forms of GaussianMatrix (GaussianMatrix[r, {n1, n2}]) are not made: they
stay unevaluated with a message.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, read_options
from wlnet.graphics.values import number

_MESSAGES = {
    "radius": "`1` is not a valid radius specification (r, {r, σ} or {{r1, r2, …}, σ} with "
              "non-negative radii and positive σ).",
    "size": "`1` is not a valid array size (a positive integer or a list of them).",
    "deriv": "Derivatives of the Gaussian (`1`) are not available; give the radius only.",
    "method": "`1` is not a method of GaussianMatrix (\"Bessel\" or \"Gaussian\").",
}


def _radii(e) -> list[int] | None:
    """Radii (rounded to integers) of r or {r1, r2, …}."""
    values = [number(a) for a in e.args] if is_list(e) else [number(e)]
    if not values or any(v is None or v < 0 for v in values):
        return None
    return [int(np.floor(v + 0.5)) for v in values]


def _gaussian_1d(radius: int, sigma: float, method: str) -> np.ndarray:
    from scipy.special import ive
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    if method == "Gaussian":
        return np.exp(-x * x / (2.0 * sigma * sigma))
    return ive(np.abs(x), sigma * sigma)          # exp(-σ²) I_|x|(σ²)


def _option(rest, name):
    for r in rest:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is Symbol \
                and r.args[0].name == name:
            return r.args[1]
    return None


_GAUSSIAN_OPTIONS = {"Method": String("Bessel"), "Standardized": Symbol("True")}


@builtin("GaussianMatrix", argc=(1, None), messages=_MESSAGES, options=_GAUSSIAN_OPTIONS,
         usage="GaussianMatrix[r] is a (2r+1) x (2r+1) matrix of a Gaussian kernel of "
               "standard deviation r/2, its elements summing to 1; GaussianMatrix[{r, σ}] "
               "with standard deviation σ; GaussianMatrix[{{r1, r2, …}, σ}] an array of "
               "those radii.  Method -> \"Bessel\" (the discrete Gaussian, the default) or "
               "\"Gaussian\" (the sampled function).",
         examples=(("Total[GaussianMatrix[2], 2]", "1."),
                   ("Dimensions[GaussianMatrix[{{1, 2}, 1}]]", "{3, 5}")))
def gaussian_matrix(ev, spec, *rest):
    positional = [r for r in rest if not (type(r) is Expr and r.head in (S.Rule,
                                                                         S.RuleDelayed))]
    if positional:
        ev.message(S.GaussianMatrix, "deriv", positional[0])
        return None
    if read_options(ev, Expr(S.GaussianMatrix, spec, *rest), rest, _GAUSSIAN_OPTIONS) is None:
        return None                                 # an unknown option: optx
    method = _option(rest, "Method")
    method = String("Bessel") if method is None else method
    if not (type(method) is String and method.value in ("Bessel", "Gaussian")):
        ev.message(S.GaussianMatrix, "method", method)
        return None
    if is_list(spec) and len(spec.args) == 2 and (is_list(spec.args[0]) or
                                                  number(spec.args[0]) is not None):
        radii, sigma = _radii(spec.args[0]), number(spec.args[1])
    else:
        radii, sigma = _radii(spec), None
        if radii is not None and is_list(spec):
            radii = None                            # {r1, r2} alone is no radius spec
    if radii is None or sigma is not None and sigma <= 0:
        ev.message(S.GaussianMatrix, "radius", spec)
        return None
    if len(radii) == 1 and not (is_list(spec) and is_list(spec.args[0])):
        radii = radii * 2                           # r: a matrix
    kernel = np.ones(())
    for r in radii:
        s = sigma if sigma is not None else max(r, 1e-12) / 2.0
        kernel = np.multiply.outer(kernel, _gaussian_1d(r, s, method.value))
    if _option(rest, "Standardized") != Symbol("False"):
        kernel = kernel / kernel.sum()
    return list_from_array(kernel)


def _shape_matrix(name: str, inside, usage: str, example):
    """A builtin M[r] / M[r, n] of 1s where ``inside(offsets, radii)`` holds."""
    def apply(ev, spec, size=None):
        head = Symbol(name)
        radii = _radii(spec)
        if radii is None:
            ev.message(head, "radius", spec)
            return None
        if len(radii) == 1 and not is_list(spec):
            radii = radii * 2
        shape = [2 * r + 1 for r in radii]
        if size is not None:
            sizes = [number(a) for a in size.args] if is_list(size) else [number(size)] * len(radii)
            if len(sizes) != len(radii) or any(n is None or n < 1 or n != int(n) for n in sizes):
                ev.message(head, "size", size)
                return None
            shape = [int(n) for n in sizes]
        # offsets from the centre (the middle element, or the one past it for an even size)
        grids = np.meshgrid(*[np.arange(n) - n // 2 for n in shape], indexing="ij")
        mask = inside([np.abs(g) for g in grids], radii)
        return list_from_array(mask.astype(np.int64))
    builtin(name, argc=(1, 2), messages=_MESSAGES, usage=usage, examples=(example,))(apply)


_shape_matrix("BoxMatrix", lambda d, r: np.all([a <= k for a, k in zip(d, r)], axis=0),
              "BoxMatrix[r] is a (2r+1) x (2r+1) matrix of 1s; BoxMatrix[{r1, r2, …}] a box "
              "of those radii; BoxMatrix[r, n] the box in an n x n array of 0s.",
              ("BoxMatrix[0, 3]", "{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}"))
_shape_matrix("DiskMatrix",
              lambda d, r: np.sum([(a / (k + 0.5)) ** 2 for a, k in zip(d, r)], axis=0)
              <= 1 + 1e-12,
              "DiskMatrix[r] is a (2r+1) x (2r+1) matrix with 1s where x² + y² <= (r + 1/2)²; "
              "DiskMatrix[{r1, r2, …}] an ellipse of those radii; DiskMatrix[r, n] in an "
              "n x n array.",
              ("DiskMatrix[0]", "{{1}}"))
_shape_matrix("DiamondMatrix",
              lambda d, r: np.sum([a / max(k, 1e-12) for a, k in zip(d, r)], axis=0) <= 1 + 1e-12,
              "DiamondMatrix[r] is a (2r+1) x (2r+1) matrix with 1s where |x| + |y| <= r; "
              "{r1, r2, …} of those radii; DiamondMatrix[r, n] in an n x n array.",
              ("DiamondMatrix[1]", "{{0, 1, 0}, {1, 1, 1}, {0, 1, 0}}"))
_shape_matrix("CrossMatrix",
              lambda d, r: np.all([a <= k for a, k in zip(d, r)], axis=0)
              & (np.sum([a > 0 for a in d], axis=0) <= 1),
              "CrossMatrix[r] is a (2r+1) x (2r+1) matrix with 1s on its centre row and "
              "column; {r1, r2, …} of those radii; CrossMatrix[r, n] in an n x n array.",
              ("CrossMatrix[1]", "{{0, 1, 0}, {1, 1, 1}, {0, 1, 0}}"))
