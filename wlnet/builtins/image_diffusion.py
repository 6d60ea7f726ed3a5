"""Edge-preserving smoothing: PeronaMalikFilter (inhomogeneous diffusion, which stops at
edges), CurvatureFlowFilter (mean curvature flow: diffusion along the level lines) and
TotalVariationFilter (total variation regularisation).

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

    TotalVariationFilter[data, λ]       the u of least λ·TV(u) + D(u, data), TV the sum of
        the gradient norms, D the misfit of Method -> "Gaussian" (½ Σ (u - f)², λ 0.1 by
        default), "Laplacian" (Σ |u - f|, 0.8 by default, as WL's page gives them) or
        "Poisson" (Σ u - f Log[u]; 0.1 here); MaxIterations -> 30 primal-dual iterations
        (Chambolle–Pock: our algorithm; WL does not say which it uses)
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import numeric_array
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options, with_data, message_slots
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "arg": "`1` is not a valid `2` (a nonnegative number).",
}
_MAX_STEP = 0.2


def _gradient(f: np.ndarray) -> tuple:
    """(∂f/∂row, ∂f/∂column) by central differences; 0 along a side one pixel long."""
    return tuple(np.gradient(f, axis=a) if f.shape[a] > 1 else np.zeros_like(f)
                 for a in (0, 1))


def gradient_norm(plane: np.ndarray, sigma: float) -> np.ndarray:
    """|∇f| by central differences (σ = 0) or by derivatives of a Gaussian of spread σ."""
    from scipy import ndimage
    if sigma > 0:
        return ndimage.gaussian_gradient_magnitude(plane, sigma, mode="nearest")
    gy, gx = _gradient(plane)
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
        ev.message(head, "imginv", *message_slots(img))
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


# ---------------------------------------------------------------------------- total variation

# the regularisation WL's page gives by default for each noise model ("Poisson": ours)
_TV_DEFAULTS = {"Gaussian": 0.1, "Laplacian": 0.8, "Poisson": 0.1}


def _forward_differences(u: np.ndarray) -> list:
    """∇u: forward differences along each axis, 0 at the last element (Neumann)."""
    return [np.diff(u, axis=a, append=np.take(u, [-1], axis=a)) for a in range(u.ndim)]


def _divergence(p: list) -> np.ndarray:
    """-∇ᵀ p, the adjoint of _forward_differences."""
    out = np.zeros_like(p[0])
    for a, component in enumerate(p):
        inner = np.take(component, range(component.shape[a] - 1), axis=a)
        pad = [(0, 0)] * component.ndim
        pad[a] = (1, 0)
        shifted = np.pad(inner, pad)                    # p[i-1], 0 before the first
        last = [slice(None)] * component.ndim
        last[a] = slice(-1, None)
        head = component.copy()
        head[tuple(last)] = 0.0                         # p at the last element is unused
        out += head - shifted
    return out


def total_variation(f: np.ndarray, weight: float, model: str, steps: int) -> np.ndarray:
    """u minimising weight·TV(u) + D(u, f), D the data term of the noise model:
    ½|u - f|² ("Gaussian"), |u - f|₁ ("Laplacian"), Σ u - f Log[u] ("Poisson"), by
    ``steps`` primal-dual (Chambolle–Pock) iterations, each a whole-array operation."""
    f = f.astype(np.float64)
    step = 1.0 / np.sqrt(4.0 * f.ndim)                  # τ = σ = 1/‖∇‖
    u, u_bar = f.copy(), f.copy()
    p = [np.zeros_like(f) for _ in range(f.ndim)]
    for _ in range(steps):
        p = [q + step * g for q, g in zip(p, _forward_differences(u_bar))]
        norm = np.sqrt(sum(q * q for q in p))
        scale = np.maximum(1.0, norm / weight) if weight > 0 else np.inf
        p = [q / scale for q in p]
        previous = u
        v = u + step * _divergence(p)
        if model == "Gaussian":
            u = (v + step * f) / (1 + step)
        elif model == "Laplacian":
            u = f + np.sign(v - f) * np.maximum(np.abs(v - f) - step, 0.0)
        else:                                           # Poisson: u > 0
            b = v - step
            u = (b + np.sqrt(b * b + 4 * step * np.maximum(f, 0.0))) / 2
        u_bar = 2 * u - previous
    return u


@builtin("TotalVariationFilter", argc=(1, None), messages={
    **_MESSAGES, "method": "`1` is not a noise model (\"Gaussian\", \"Laplacian\" or "
                           "\"Poisson\").",
    "iter": "`1` is not a number of iterations (a positive integer).",
    "data": "Expecting an image or a numeric array instead of `1`."},
         options={"MaxIterations": Integer(30), "Method": String("Gaussian")},
         usage="TotalVariationFilter[data, λ] reduces noise while keeping sharp transitions: "
               "the data of least λ·(total variation) + misfit, the misfit of Method -> "
               "\"Gaussian\" (squares; λ 0.1 by default), \"Laplacian\" (absolute values, for "
               "salt-and-pepper noise; 0.8) or \"Poisson\" (multiplicative noise); "
               "MaxIterations (30).  Images (channels separately) and arrays of any rank.",
         examples=(("TotalVariationFilter[{0.5, 0.5, 0.5}]", "{0.5, 0.5, 0.5}"),))
@keeps_display_options
def total_variation_filter(ev, data, *rest):
    head = Symbol("TotalVariationFilter")
    positional = [a for a in rest if not (type(a) is Expr and a.head is S.Rule)]
    options = {a.args[0].name: a.args[1] for a in rest if a not in positional
               and type(a.args[0]) is Symbol}
    if len(positional) > 1:
        return None
    method = options.get("Method", String("Gaussian"))
    if not (type(method) is String and method.value in _TV_DEFAULTS):
        ev.message(head, "method", method)
        return None
    steps = options.get("MaxIterations", Integer(30))
    if not (type(steps) is Integer and steps.value > 0):
        ev.message(head, "iter", steps)
        return None
    weight = _TV_DEFAULTS[method.value] if not positional else \
        _nonnegative(ev, head, positional[0], "regularization parameter")
    if weight is None:
        return None

    def run(values):
        return total_variation(values, weight, method.value, steps.value)
    if type(data) is Image:
        values = data.reals()
        colour = values.shape[2] - int(data.has_alpha)
        planes = [run(values[:, :, c]) if c < colour else values[:, :, c]
                  for c in range(values.shape[2])]
        return with_data(data, np.stack(planes, axis=2))
    arr = numeric_array(ev, data)
    if arr is None:
        ev.message(head, "data", data)
        return None
    return list_from_array(run(arr))


# ---------------------------------------------------------------------------- curvature flow

_CURVATURE_STEP = 0.1
_TINY = 1e-12


def curvature_flow(plane: np.ndarray, t: float, k: float) -> np.ndarray:
    """∂f/∂t = κ|∇f| (κ = ∇·(∇f/|∇f|), the level lines' curvature): the level lines move
    along their normals as fast as they bend, so diffusion runs along them only; with a
    finite k, ∂f/∂t = |∇f| ∇·(c ∇f/|∇f|), c = Exp[-|∇f|²/k²], = c κ|∇f| + ∇c·∇f.
    Central differences, explicit steps of at most 0.1."""
    steps = max(1, int(np.ceil(t / _CURVATURE_STEP)))
    dt = t / steps
    f = plane.astype(np.float64)
    for _ in range(steps):
        fy, fx = _gradient(f)
        fyy, fyx = _gradient(fy)
        _, fxx = _gradient(fx)
        squared = fx * fx + fy * fy
        # ε relative to the largest gradient: the flow scales with the values, as the
        # page says ("does not depend on the overall normalization")
        tiny = _TINY * max(float(squared.max()), np.finfo(float).tiny)
        flow = (fxx * fy * fy - 2 * fx * fy * fyx + fyy * fx * fx) / (squared + tiny)
        if np.isfinite(k):
            c = np.exp(-squared / (k * k)) if k > 0 else np.zeros_like(f)
            cy, cx = _gradient(c)
            flow = c * flow + cx * fx + cy * fy
        f = f + dt * flow
    return f


@builtin("CurvatureFlowFilter", argc=(1, 3), messages=_MESSAGES,
         usage="CurvatureFlowFilter[image, t, k] smooths the image by mean curvature flow for "
               "time t (1): diffusion along its level lines only, so edges stay and corners "
               "round; a finite k (∞ by default) damps the flow where the gradient is large "
               "against k.  Channels separately; a real image.",
         examples=(("ImageData[CurvatureFlowFilter[Image[{{0.5, 0.5}, {0.5, 0.5}}]]]",
                    "{{0.5, 0.5}, {0.5, 0.5}}"),))
@keeps_display_options
def curvature_flow_filter(ev, img, t=None, k=None):
    head = Symbol("CurvatureFlowFilter")
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    time = 1.0 if t is None else _nonnegative(ev, head, t, "flow time")
    if k is None or k == S.Infinity or k == Expr(S.DirectedInfinity, Integer(1)):
        conductance = np.inf
    else:
        conductance = _nonnegative(ev, head, k, "conductance")
    if time is None or conductance is None:
        return None
    values = img.reals()
    colour = values.shape[2] - int(img.has_alpha)
    planes = [curvature_flow(values[:, :, c], time, conductance) if c < colour
              else values[:, :, c] for c in range(values.shape[2])]
    out = np.stack(planes, axis=2)
    real = img.image_type if img.image_type in ("Real32", "Real64") else "Real32"
    return Image(out.astype(np.float64 if real == "Real64" else np.float32), real,
                 img.color_space, img.options)
