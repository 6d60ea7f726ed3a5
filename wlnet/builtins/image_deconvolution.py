"""ImageDeconvolve and ListDeconvolve: the data a kernel (a point spread function) blurred,
recovered.

    ImageDeconvolve[image, ker]      a real image of the image's size, channel by channel
        (the kernel a matrix, or an image of one channel or of the image's channels)
    ListDeconvolve[ker, list]        the same for numeric arrays of any rank
    Method -> "DampedLS" (default), "Tikhonov", "TSVD", "Wiener": spectral methods, with a
        regularisation p by {"method", p} ({"method", {p1, p2, …}}: one per channel);
        "RichardsonLucy", "SteepestDescent": iterative, MaxIterations (10) steps, their
        results never negative
    Padding -> "Reversed" (default: mirrored with the edge repeated), "Fixed", "Periodic",
        "Reflected" or a value

The blur is the convolution y = k * x of ImageConvolve (the kernel's centre at its middle
element).  Periodic padding is the FFT's own (exact); other paddings extend the data by the
kernel's size, so values near the edges are as good as the padding's guess.  The spectral methods divide in the Fourier domain of the padded data, with K
the kernel's transfer function: Tikhonov K̄Y/(|K|² + p²), DampedLS K̄Y/(|K|² + p²|L|²)
(L the Laplacian's: a generalised Tikhonov that damps rough solutions), Wiener
K̄Y/(|K|² + p) (p a noise-to-signal ratio), TSVD Y/K where |K| > p and 0 elsewhere.  The
regularisation WL uses by default is not given: here 0.01 (0.1 for TSVD's cut).
Richardson–Lucy multiplies by the back-projected ratio of the data to the re-blurred
estimate; steepest descent takes exact line-search steps on the squared residual, clipped
at 0.  Every step is a whole-array FFT operation.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list, numeric_array
from wlnet.builtins.block_filters import _PAD_MODES
from wlnet.builtins.image_processing import filter_padding
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options, message_slots
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "data": "Expecting a numeric array instead of `1`.",
    "kernel": "`1` is not a kernel for the data (a numeric array of the data's rank, or an "
              "image, no larger than the data).",
    "method": "`1` is not a deconvolution method here (\"DampedLS\", \"Tikhonov\", \"TSVD\", "
              "\"Wiener\", \"RichardsonLucy\", \"SteepestDescent\", or {\"method\", p}).",
    "iter": "`1` is not a number of iterations (a positive integer).",
}
_SPECTRAL = ("DampedLS", "Tikhonov", "TSVD", "Wiener")
_ITERATIVE = ("RichardsonLucy", "SteepestDescent")
_DEFAULT_P = {"TSVD": 0.1}


def _transfer(kernel: np.ndarray, shape: tuple) -> np.ndarray:
    """The kernel's transfer function on a grid of ``shape``, its centre at the origin."""
    padded = np.zeros(shape)
    padded[tuple(slice(0, s) for s in kernel.shape)] = kernel
    centre = tuple(-(s // 2) for s in kernel.shape)
    return np.fft.fftn(np.roll(padded, centre, axis=tuple(range(kernel.ndim))))


def _laplacian(shape: tuple) -> np.ndarray:
    """The transfer function of the discrete Laplacian on the grid."""
    out = np.zeros(shape)
    for axis, n in enumerate(shape):
        w = 2 * np.pi * np.fft.fftfreq(n)
        out = out + (2 - 2 * np.cos(w)).reshape([-1 if a == axis else 1
                                                 for a in range(len(shape))])
    return out


def deconvolved(values: np.ndarray, kernel: np.ndarray, method: str, p: float | None,
                steps: int, pad: dict) -> np.ndarray:
    """One channel (or array) deconvolved; the result has the data's shape."""
    # periodic data need no margin: the FFT's own wrap-around is their padding
    margin = [(0, 0) if pad["mode"] == "wrap" else (s, s) for s in kernel.shape]
    padded = np.pad(values, margin, constant_values=pad.get("cval", 0.0)) \
        if pad["mode"] == "constant" else np.pad(values, margin, mode=_PAD_MODES[pad["mode"]])
    k = _transfer(kernel, padded.shape)
    y = np.fft.fftn(padded)
    if p is None:
        p = _DEFAULT_P.get(method, 0.01)
    if method in _SPECTRAL:
        magnitude = np.abs(k) ** 2
        if method == "Tikhonov":
            x = np.conj(k) * y / (magnitude + p * p)
        elif method == "DampedLS":
            x = np.conj(k) * y / (magnitude + p * p * _laplacian(padded.shape) ** 2 + 1e-300)
        elif method == "Wiener":
            x = np.conj(k) * y / (magnitude + p)
        else:                                                     # TSVD
            keep = np.abs(k) > p
            x = np.where(keep, y / np.where(keep, k, 1), 0)
        out = np.real(np.fft.ifftn(x))
    else:
        out = _iterated(padded, k, method, steps)
    return out[tuple(slice(m[0], m[0] + n) for m, n in zip(margin, values.shape))]


def _iterated(y: np.ndarray, k: np.ndarray, method: str, steps: int) -> np.ndarray:
    def blur(x, transfer=k):
        return np.real(np.fft.ifftn(np.fft.fftn(x) * transfer))
    back = np.conj(k)
    x = np.maximum(y, 1e-12)
    for _ in range(steps):
        if method == "RichardsonLucy":
            ratio = y / np.maximum(blur(x), 1e-12)
            x = x * blur(ratio, back)
        else:                                      # steepest descent, kept nonnegative
            gradient = blur(blur(x) - y, back)
            step = (gradient * gradient).sum() / max((blur(gradient) ** 2).sum(), 1e-300)
            x = np.maximum(x - step * gradient, 0.0)
    return x


def _method(ev, spec, channels: int):
    """(method name, [p per channel or None]) or None."""
    if type(spec) is String and spec.value in _SPECTRAL + _ITERATIVE:
        return spec.value, [None] * channels
    if is_list(spec) and len(spec.args) == 2 and type(spec.args[0]) is String \
            and spec.args[0].value in _SPECTRAL:
        given = spec.args[1]
        values = [number(ev.evaluate(Expr(S.N, g))) for g in
                  (given.args if is_list(given) else [given] * channels)]
        if len(values) != channels or any(v is None or v < 0 for v in values):
            return None
        return spec.args[0].value, values
    return None


def _kernel(ev, e, rank: int, shape: tuple, channels: int) -> list | None:
    """The kernel per channel."""
    if type(e) is Image:
        values = e.reals()
        if values.shape[2] not in (1, channels):
            return None
        kernels = [values[:, :, min(c, values.shape[2] - 1)] for c in range(channels)]
    else:
        arr = packed_array(to_packed(ev.evaluate(Expr(S.N, e)), coerce=True) or e) \
            if is_list(e) else None
        if arr is None or arr.dtype.kind not in "iuf" or arr.ndim != rank:
            return None
        kernels = [arr.astype(np.float64)] * channels
    if any(k.ndim != rank or any(a > b for a, b in zip(k.shape, shape)) for k in kernels):
        return None
    return kernels


def _run(ev, head, data_values, kernel_spec, rest, data_for_padding):
    """(the deconvolved channels' list, or None after a message)."""
    options = {r.args[0].name: r.args[1] for r in rest if type(r) is Expr
               and r.head is S.Rule and type(r.args[0]) is Symbol}
    channels = data_values.shape[-1]
    spatial = data_values.shape[:-1]
    kernels = _kernel(ev, kernel_spec, len(spatial), spatial, channels)
    if kernels is None:
        ev.message(head, "kernel", kernel_spec)
        return None
    chosen = _method(ev, options.get("Method", String("DampedLS")), channels)
    if chosen is None:
        ev.message(head, "method", options.get("Method"))
        return None
    steps = options.get("MaxIterations", Integer(10))
    if not (type(steps) is Integer and steps.value > 0):
        ev.message(head, "iter", steps)
        return None
    padding = [r for r in rest if type(r) is Expr and r.head is S.Rule
               and r.args[0] == Symbol("Padding")] or \
        [Expr(S.Rule, Symbol("Padding"), String("Reversed"))]
    pads = filter_padding(ev, head, padding, data_for_padding)
    if pads is None:
        return None
    method, ps = chosen
    return [deconvolved(data_values[..., c], kernels[c], method, ps[c], steps.value,
                        pads[min(c, len(pads) - 1)]) for c in range(channels)]


@builtin("ImageDeconvolve", argc=(2, None), messages=_MESSAGES,
         options={"Method": String("DampedLS"), "MaxIterations": Integer(10),
                  "Padding": String("Reversed")},
         usage="ImageDeconvolve[image, ker] recovers the image that the kernel ker (a matrix "
               "or an image: the point spread function) blurred, as a real image; Method -> "
               "\"DampedLS\" (default), \"Tikhonov\", \"TSVD\", \"Wiener\" ({\"method\", p}: "
               "regularisation p), \"RichardsonLucy\", \"SteepestDescent\"; MaxIterations "
               "(10); Padding (\"Reversed\").",
         examples=(('Max[Abs[ImageData[ImageDeconvolve[Image[{{0, 0.2, 0.6, 0.2, 0}}], '
                    '{{1, 3, 1}}/5, Method -> {"Tikhonov", 0}, Padding -> "Periodic"]] - '
                    '{{0, 0, 1, 0, 0}}]] < 10^-6', "True"),))
@keeps_display_options
def image_deconvolve(ev, img, ker, *rest):
    head = Symbol("ImageDeconvolve")
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    values = img.reals()
    colour = values.shape[2] - int(img.has_alpha)
    planes = _run(ev, head, values[:, :, :colour], ker, rest, img)
    if planes is None:
        return None
    out = np.concatenate([np.stack(planes, axis=2), values[:, :, colour:]], axis=2)
    return Image(out.astype(np.float32), "Real32", img.color_space, img.options)


@builtin("ListDeconvolve", argc=(2, None), messages=_MESSAGES,
         options={"Method": String("DampedLS"), "MaxIterations": Integer(10),
                  "Padding": String("Reversed")},
         usage="ListDeconvolve[ker, list] recovers the numeric array that ListConvolve with "
               "the kernel ker blurred (ImageDeconvolve's methods and options).",
         examples=(('Max[Abs[ListDeconvolve[{1, 3, 1}/5, {0.2, 0.6, 0.2, 0, 0, 0}, '
                    'Method -> {"Tikhonov", 0}, Padding -> "Periodic"] - '
                    '{0, 1, 0, 0, 0, 0}]] < 10^-9', "True"),))
def list_deconvolve(ev, ker, data, *rest):
    head = Symbol("ListDeconvolve")
    arr = numeric_array(ev, data)
    if arr is None:
        ev.message(head, "data", data)
        return None
    planes = _run(ev, head, arr.astype(np.float64)[..., None], ker, rest, data)
    return None if planes is None else list_from_array(planes[0])
