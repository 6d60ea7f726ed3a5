"""Inpaint: the parts of an image under a mask filled in from their surroundings.

    Inpaint[image, region]     region: a mask image or a matrix of the image's size
        (nonzero where the pixels are to be filled)
    Method -> "Diffusion" (Automatic here): each masked pixel becomes the mean of its four
        neighbours, the harmonic fill that blends the border values smoothly inward
    Method -> "TotalVariation": the fill of least total variation (the sum of the absolute
        differences of neighbours), which carries edges across the hole
    Method -> "FastMarching": filled from the border inward, band by band of equal
        distance, each pixel a weighted mean of the known pixels near it (Telea's weights)

The harmonic fill is one sparse linear system per channel (the discrete Laplace equation on
the masked pixels, the unmasked ones fixed), solved by scipy's sparse solver: no iteration
over pixels; the total variation's is a few such systems reweighted; the marching is a
loop over the bands and the offsets of its window, each a whole-band operation.  A masked
region that touches no unmasked pixel keeps its values.  The image keeps its type, colour
space and display options.  WL's "TextureSynthesis" (its default) and "NavierStokes" are
not here; Automatic is "Diffusion".
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options, message_slots
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "mask": "`1` is not a mask of the image's size (an image or a matrix).",
    "method": "`1` is not an inpainting method here (\"Diffusion\", \"TotalVariation\" or "
              "\"FastMarching\").",
}


def harmonic_fill(plane: np.ndarray, masked: np.ndarray,
                  current: np.ndarray | None = None) -> np.ndarray:
    """``plane`` with its masked pixels replaced by the solution of the Laplace equation
    whose boundary values are the unmasked neighbours.  With ``current`` (the plane's
    values so far) each pair of neighbours weighs 1 / Sqrt[d² + ε²], d their difference
    in ``current``: one step of the reweighted least squares whose limit minimises the
    total variation, the sum of the neighbours' absolute differences."""
    from scipy import sparse
    from scipy.sparse.linalg import spsolve
    h, w = plane.shape
    index = -np.ones((h, w), dtype=np.int64)
    rows, cols = np.nonzero(masked)
    n = len(rows)
    if n == 0:
        return plane
    index[rows, cols] = np.arange(n)
    diagonal = np.zeros(n)
    rhs = np.zeros(n)
    entries_i, entries_j, entries_w = [], [], []
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        r, c = rows + dy, cols + dx
        inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
        at = np.flatnonzero(inside)
        rr, cc = r[inside], c[inside]
        weight = np.ones(len(at)) if current is None else 1.0 / np.sqrt(
            (current[rows[at], cols[at]] - current[rr, cc]) ** 2 + _TV_SMOOTHING ** 2)
        diagonal[at] += weight
        neighbour = index[rr, cc]
        known = neighbour < 0
        rhs[at[known]] += weight[known] * plane[rr[known], cc[known]]
        entries_i.append(at[~known])
        entries_j.append(neighbour[~known])
        entries_w.append(weight[~known])
    i, j = np.concatenate(entries_i), np.concatenate(entries_j)
    system = sparse.csr_matrix((np.concatenate([diagonal, -np.concatenate(entries_w)]),
                                (np.concatenate([np.arange(n), i]),
                                 np.concatenate([np.arange(n), j]))), shape=(n, n))
    # a region cut off from every known pixel has no boundary: it keeps its values
    from scipy import ndimage
    regions, count = ndimage.label(masked)
    touching = np.unique(regions[ndimage.binary_dilation(~masked) & masked])
    free = ~np.isin(regions[rows, cols], touching)
    if free.any():                              # rows of the cut-off pixels: x = itself
        keep = sparse.diags(free.astype(float))
        system = (sparse.diags((~free).astype(float)) @ system + keep).tocsr()
        rhs = np.where(free, plane[rows, cols], rhs)
    filled = plane.copy()
    filled[rows, cols] = spsolve(system.tocsc(), rhs)
    return filled


_TV_SMOOTHING = 1e-3     # ε of the total variation's weights (values run from 0 to 1)
_TV_STEPS = 30           # reweighted solves: the fill changes little after these


def total_variation_fill(plane: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """The masked pixels filled so that the total variation is least: the harmonic fill,
    then repeated solves reweighted by the differences of the last one.  Edges that
    cross the hole are continued straight rather than blurred."""
    filled = harmonic_fill(plane, masked)
    for _ in range(_TV_STEPS):
        filled = harmonic_fill(plane, masked, filled)
    return filled


_MARCHING_RADIUS = 5     # the known pixels within this distance inform a pixel


def fast_marching_fill(plane: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """The masked pixels filled from the outside in, in bands of equal distance to the
    known pixels (the order in which the fast marching method reaches them); a pixel
    is the weighted mean of the pixels already known within _MARCHING_RADIUS, weighted
    (as Telea's method) by the inverse square of their distance, by how close they lie
    to the direction the front moves in, and by how close their own distance to the
    original border is to the pixel's (so that the level lines are carried inward)."""
    from scipy import ndimage
    if not masked.any() or masked.all():        # nothing to fill, or nothing to fill from
        return plane
    h, w = plane.shape
    distance = ndimage.distance_transform_edt(masked)
    grad_y, grad_x = (np.gradient(distance, axis=a) if distance.shape[a] > 1
                      else np.zeros_like(distance) for a in (0, 1))
    norm = np.hypot(grad_y, grad_x)
    norm[norm == 0] = 1.0
    grad_y, grad_x = grad_y / norm, grad_x / norm
    bands = np.ceil(distance).astype(np.int64)
    known = ~masked
    values = np.where(known, plane, 0.0)
    reach = _MARCHING_RADIUS
    offsets = [(dy, dx) for dy in range(-reach, reach + 1) for dx in range(-reach, reach + 1)
               if 0 < dy * dy + dx * dx <= reach * reach]
    for band in range(1, int(bands.max()) + 1):
        rows, cols = np.nonzero(masked & (bands == band))
        if len(rows) == 0:
            continue
        total, weights = np.zeros(len(rows)), np.zeros(len(rows))
        for dy, dx in offsets:
            r, c = rows + dy, cols + dx
            ok = (r >= 0) & (r < h) & (c >= 0) & (c < w)
            ok[ok] &= known[r[ok], c[ok]]
            length = np.hypot(dy, dx)
            toward = np.abs(dy * grad_y[rows[ok], cols[ok]]
                            + dx * grad_x[rows[ok], cols[ok]]) / length
            level = 1.0 / (1.0 + np.abs(distance[r[ok], c[ok]] - distance[rows[ok], cols[ok]]))
            weight = np.maximum(toward, 1e-3) * level / (length * length)
            total[ok] += weight * values[r[ok], c[ok]]
            weights[ok] += weight
        reached = weights > 0
        values[rows[reached], cols[reached]] = total[reached] / weights[reached]
        known[rows[reached], cols[reached]] = True
    # a region cut off from every known pixel keeps its values
    return np.where(known, values, plane)


_METHODS = {"Diffusion": harmonic_fill, "TotalVariation": total_variation_fill,
            "FastMarching": fast_marching_fill}


def _mask(ev, region, shape) -> np.ndarray | None:
    if type(region) is Image:
        values = region.reals()
        return np.any(values != 0, axis=2) if values.shape[:2] == shape else None
    if is_list(region):
        arr = packed_array(to_packed(ev.evaluate(Expr(S.N, region)), coerce=True) or region)
        if arr is not None and arr.shape == shape and arr.dtype.kind in "iufb":
            return arr != 0
    return None


@builtin("Inpaint", argc=(2, None), messages=_MESSAGES,
         options={"Method": Symbol("Automatic")},
         usage="Inpaint[image, region] fills the pixels where the mask region (an image or a "
               "matrix of the image's size) is nonzero from their surroundings: Method -> "
               "\"Diffusion\" (Automatic here: smoothly), \"TotalVariation\" (edges "
               "continued) or \"FastMarching\" (from the border inward).",
         examples=(('ImageData[Inpaint[Image[{{0, 255, 100}}, "Byte"], {{0, 1, 0}}], "Byte"]',
                    "{{0, 50, 100}}"),))
@keeps_display_options
def inpaint(ev, img, region, *rest):
    head = Symbol("Inpaint")
    options = {r.args[0].name: r.args[1] for r in rest
               if type(r) is Expr and r.head is S.Rule and type(r.args[0]) is Symbol}
    if len(options) != len(rest):
        return None
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    method = options.get("Method", Symbol("Automatic"))
    if method == Symbol("Automatic"):
        method = String("Diffusion")
    if not (type(method) is String and method.value in _METHODS):
        ev.message(head, "method", method)
        return None
    fill = _METHODS[method.value]
    masked = _mask(ev, region, (img.height, img.width))
    if masked is None:
        ev.message(head, "mask", region)
        return None
    values = img.reals()
    filled = np.stack([fill(values[:, :, c], masked)
                       for c in range(values.shape[2])], axis=2)
    return Image(filled, img.image_type, img.color_space)
