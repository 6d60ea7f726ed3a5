"""PeronaMalikFilter: smoothing by inhomogeneous diffusion, which stops at edges.

    PeronaMalikFilter[image]            = PeronaMalikFilter[image, 1, Automatic, 0]
    PeronaMalikFilter[image, t]         diffusion time t
    PeronaMalikFilter[image, t, k]      conductance parameter k (Automatic: the median of
        the gradient norm, of the mean of the channels for a colour image)
    PeronaMalikFilter[image, t, k, σ]   the gradient in the conductance smoothed by a
        Gaussian of standard deviation σ (0: finite differences)

Each channel f evolves by ∂f/∂t = ∇·(c ∇f), c = Exp[-|∇σ f|²/k²], as WL's page gives it.
Here an explicit scheme: steps of at most 0.2 in time (stable for the four-neighbour
stencil), the flux between two neighbouring pixels their difference times the mean of
their conductances, none across the image's border.  Every step is a whole-image
operation.  The image keeps its type, colour space and display options; its alpha
channel is not diffused.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.image import Image, keeps_display_options, with_data
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "arg": "`1` is not a valid `2` (a nonnegative number).",
}
_MAX_STEP = 0.2


def gradient_norm(plane: np.ndarray, sigma: float) -> np.ndarray:
    """|∇f| by central differences (σ = 0) or by derivatives of a Gaussian of spread σ."""
    from scipy import ndimage
    if sigma > 0:
        return ndimage.gaussian_gradient_magnitude(plane, sigma, mode="nearest")
    gy, gx = np.gradient(plane)
    return np.hypot(gx, gy)


def perona_malik(plane: np.ndarray, t: float, k: float, sigma: float) -> np.ndarray:
    steps = max(1, int(np.ceil(t / _MAX_STEP)))
    dt = t / steps
    f = plane.astype(np.float64)
    for _ in range(steps):
        c = np.exp(-(gradient_norm(f, sigma) / k) ** 2) if k > 0 else np.zeros_like(f)
        change = np.zeros_like(f)
        for axis in (0, 1):
            # fluxes between neighbours along the axis; none across the border
            difference = np.diff(f, axis=axis)
            conductance = (np.take(c, range(c.shape[axis] - 1), axis=axis)
                           + np.take(c, range(1, c.shape[axis]), axis=axis)) / 2
            flux = conductance * difference
            pad_before = [(0, 0), (0, 0)]
            pad_after = [(0, 0), (0, 0)]
            pad_before[axis], pad_after[axis] = (1, 0), (0, 1)
            # pixel i gains the flux from i+1 and gives the flux to i-1
            change += np.pad(flux, pad_after) - np.pad(flux, pad_before)
        f = f + dt * change
    return f


def _nonnegative(ev, head, e, what: str):
    value = number(ev.evaluate(Expr(S.N, e)))
    if value is None or value < 0:
        ev.message(head, "arg", e, what)
        return None
    return value


@builtin("PeronaMalikFilter", argc=(1, 4), messages=_MESSAGES,
         usage="PeronaMalikFilter[image, t, k, σ] smooths the image by Perona–Malik diffusion "
               "for time t (1) with conductance Exp[-|∇σ f|²/k²] (k Automatic: the median "
               "gradient norm; σ: the Gaussian spread of the gradient, 0 by default), "
               "preserving edges; channels separately.",
         examples=(("ImageData[PeronaMalikFilter[Image[{{0.5, 0.5}, {0.5, 0.5}}]]]",
                    "{{0.5, 0.5}, {0.5, 0.5}}"),))
@keeps_display_options
def perona_malik_filter(ev, img, t=None, k=None, sigma=None):
    head = Symbol("PeronaMalikFilter")
    if type(img) is not Image:
        ev.message(head, "imginv", img)
        return None
    time = 1.0 if t is None else _nonnegative(ev, head, t, "diffusion time")
    spread = 0.0 if sigma is None else _nonnegative(ev, head, sigma, "gradient scale")
    if time is None or spread is None:
        return None
    values = img.reals()
    colour = values.shape[2] - int(img.has_alpha)
    if k is None or k == S.Automatic:
        conductance = float(np.median(gradient_norm(values[:, :, :colour].mean(axis=2), 0.0)))
    else:
        conductance = _nonnegative(ev, head, k, "conductance")
        if conductance is None:
            return None
    planes = [perona_malik(values[:, :, c], time, conductance, spread) if c < colour
              else values[:, :, c] for c in range(values.shape[2])]
    return with_data(img, np.stack(planes, axis=2))
