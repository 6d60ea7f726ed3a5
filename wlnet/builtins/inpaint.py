"""Inpaint: the parts of an image under a mask filled in from their surroundings.

    Inpaint[image, region]     region: a mask image or a matrix of the image's size
        (nonzero where the pixels are to be filled)
    Method -> "Diffusion" (Automatic here): each masked pixel becomes the mean of its four
        neighbours, the harmonic fill that blends the border values smoothly inward

The harmonic fill is one sparse linear system per channel (the discrete Laplace equation on
the masked pixels, the unmasked ones fixed), solved by scipy's sparse solver: no iteration
over pixels.  A masked region that touches no unmasked pixel keeps its values.  The image
keeps its type, colour space and display options.  WL's other methods ("TextureSynthesis",
"FastMarching", "NavierStokes", "TotalVariation") are not here; Automatic is "Diffusion".
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "mask": "`1` is not a mask of the image's size (an image or a matrix).",
    "method": "Only Method -> \"Diffusion\" is available here, not `1`.",
}


def harmonic_fill(plane: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """``plane`` with its masked pixels replaced by the solution of the Laplace equation
    whose boundary values are the unmasked neighbours."""
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
    entries_i, entries_j = [], []
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        r, c = rows + dy, cols + dx
        inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
        diagonal += inside
        rr, cc = r[inside], c[inside]
        neighbour = index[rr, cc]
        known = neighbour < 0
        at = np.flatnonzero(inside)
        rhs[at[known]] += plane[rr[known], cc[known]]
        entries_i.append(at[~known])
        entries_j.append(neighbour[~known])
    i, j = np.concatenate(entries_i), np.concatenate(entries_j)
    system = sparse.csr_matrix((np.concatenate([diagonal, -np.ones(len(i))]),
                                (np.concatenate([np.arange(n), i]),
                                 np.concatenate([np.arange(n), j]))), shape=(n, n))
    # a region cut off from every known pixel has no boundary: it keeps its values
    from scipy import ndimage
    regions, count = ndimage.label(masked)
    touching = np.unique(regions[ndimage.binary_dilation(~masked) & masked])
    free = ~np.isin(regions[rows, cols], touching)
    system = system.tolil()
    for k in np.flatnonzero(free):              # rows of the cut-off pixels: x = itself
        system.rows[k], system.data[k] = [k], [1.0]
        rhs[k] = plane[rows[k], cols[k]]
    filled = plane.copy()
    filled[rows, cols] = spsolve(system.tocsr(), rhs)
    return filled


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
               "matrix of the image's size) is nonzero smoothly from their surroundings "
               "(Method -> \"Diffusion\").",
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
        ev.message(head, "imginv", img)
        return None
    method = options.get("Method", Symbol("Automatic"))
    if method not in (Symbol("Automatic"), String("Diffusion")):
        ev.message(head, "method", method)
        return None
    masked = _mask(ev, region, (img.height, img.width))
    if masked is None:
        ev.message(head, "mask", region)
        return None
    values = img.reals()
    filled = np.stack([harmonic_fill(values[:, :, c], masked)
                       for c in range(values.shape[2])], axis=2)
    return Image(filled, img.image_type, img.color_space)
