"""ImageKeypoints: blob-like keypoints of an image over scales, with orientations and
SURF-style descriptors; ImageCorrespondingPoints: the keypoints two images share.

    ImageKeypoints[image]                  {{x1, y1}, …}: positions (image coordinates),
        strongest first
    ImageKeypoints[image, prop], {props…}  "Position", "PixelPosition" (Position - 1/2),
        "Scale" (the radius in pixels of the keypoint's region), "Orientation" (radians,
        counterclockwise from the x axis), "Confidence" (the blob response, "Strength" as
        well), "ContrastSign" (1 for a blob lighter than its surroundings, -1 darker),
        "Descriptor" (64 numbers, unit length, in the image's axes), "OrientedDescriptor"
        (the same in the keypoint's own axes)
    KeypointStrength -> s (0), MaxFeatures -> n (All), Method -> "SURF" (the one here)
    ImageCorrespondingPoints[image1, image2]   {{p1, p2, …}, {q1, q2, …}}: positions in
        the first image and the matching ones in the second (descriptors each other's
        nearest, and clearly nearer than the next: KeypointStrength, MaxFeatures as above)

How (this implementation's, in the spirit of SURF): the grey intensity is looked at
through Gaussians of σ = 1.2 · 2^(k/4); the scale-normalised determinant of the Hessian
(σ⁴ (Ixx Iyy - Ixy²)) is the response, and its maxima over space and scale (3 x 3 x 3)
above the strength are the keypoints, the sign of the Laplacian their contrast.  The
orientation is the direction of the largest sum of gradients in a 60° window around the
keypoint (radius 6σ); the descriptor samples the gradient on a 20 x 20 grid of spacing σ
(rotated for the oriented one) and sums dx, dy, |dx|, |dy| over 4 x 4 cells.  Each scale
level is one batch of numpy/scipy operations; there is no loop over pixels or keypoints.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.images import image_call
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import Image
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_PROPERTIES = ("Position", "PixelPosition", "Scale", "Orientation", "Confidence", "Strength",
               "ContrastSign", "Descriptor", "OrientedDescriptor")
_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "prop": "`1` is not a keypoint property (" + ", ".join(f'"{p}"' for p in _PROPERTIES)
            + ").",
    "strength": "The value of KeypointStrength should be a nonnegative number, not `1`.",
    "maxf": "The value of MaxFeatures should be All or a positive integer, not `1`.",
    "method": "Only Method -> \"SURF\" is available here, not `1`.",
}
_FIRST_SIGMA, _PER_OCTAVE = 1.2, 4
_RATIO = 0.75                     # a match's distance below this fraction of the next one's
_NOISE = 1e-7                     # responses below this are rounding, not blobs


def _levels(h: int, w: int) -> np.ndarray:
    """The σ of the scale levels: up to an eighth of the smaller side (at least four
    levels)."""
    top = max(min(h, w) / 8.0, _FIRST_SIGMA * 2 ** (3 / _PER_OCTAVE))
    count = int(np.floor(_PER_OCTAVE * np.log2(top / _FIRST_SIGMA))) + 1
    return _FIRST_SIGMA * 2 ** (np.arange(max(count, 4)) / _PER_OCTAVE)


def _responses(grey: np.ndarray, sigmas) -> tuple:
    """(scale-normalised Hessian determinants, Laplacians) per level, (L, h, w) each."""
    from scipy import ndimage
    dets, laps = [], []
    for s in sigmas:
        xx = ndimage.gaussian_filter(grey, s, order=(0, 2), mode="nearest")
        yy = ndimage.gaussian_filter(grey, s, order=(2, 0), mode="nearest")
        xy = ndimage.gaussian_filter(grey, s, order=(1, 1), mode="nearest")
        dets.append(s ** 4 * (xx * yy - xy * xy))
        laps.append(xx + yy)
    return np.stack(dets), np.stack(laps)


def detect(grey: np.ndarray, strength: float) -> dict:
    """The keypoints of a grey image (h, w): arrays "level", "row", "col", "sigma",
    "response", "sign", strongest first."""
    from scipy import ndimage
    sigmas = _levels(*grey.shape)
    dets, laps = _responses(grey, sigmas)
    peaks = (dets == ndimage.maximum_filter(dets, size=3, mode="nearest")) & \
        (dets > max(strength, _NOISE))
    peaks[0] = peaks[-1] = False                     # a maximum needs a level each side
    level, row, col = np.nonzero(peaks)
    response = dets[level, row, col]
    order = np.argsort(-response, kind="stable")
    level, row, col, response = level[order], row[order], col[order], response[order]
    return {"level": level, "row": row, "col": col, "sigma": sigmas[level],
            "response": response, "sign": np.where(laps[level, row, col] < 0, 1, -1),
            "sigmas": sigmas}


def _gradients(grey: np.ndarray, sigma: float) -> tuple:
    """(d/dx, d/dy) of the grey image at σ, x to the right and y up."""
    from scipy import ndimage
    gx = ndimage.gaussian_filter(grey, sigma, order=(0, 1), mode="nearest")
    gy = -ndimage.gaussian_filter(grey, sigma, order=(1, 0), mode="nearest")
    return gx, gy


def _sample(field: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    from scipy import ndimage
    return ndimage.map_coordinates(field, [rows.ravel(), cols.ravel()], order=1,
                                   mode="nearest").reshape(rows.shape)


def _orientations(gx, gy, rows, cols, sigma) -> np.ndarray:
    """The dominant gradient direction (radians) around each keypoint: the 60° window of
    the largest summed (Gaussian-weighted) gradient, among 36 window positions."""
    steps = np.arange(-6, 7)
    dy, dx = np.meshgrid(steps, steps, indexing="ij")
    inside = dx ** 2 + dy ** 2 <= 36
    dx, dy = dx[inside] * sigma, dy[inside] * sigma
    weight = np.exp(-(dx ** 2 + dy ** 2) / (2 * (2 * sigma) ** 2))
    r = rows[:, None] - dy[None, :]                  # dy up is a row up
    c = cols[:, None] + dx[None, :]
    vx, vy = _sample(gx, r, c) * weight, _sample(gy, r, c) * weight
    angle = np.arctan2(vy, vx)                                       # (n, samples)
    centres = np.arange(36) * (2 * np.pi / 36)
    near = np.abs(np.angle(np.exp(1j * (angle[:, :, None] - centres[None, None, :])))) \
        <= np.pi / 6                                                   # (n, samples, 36)
    sx, sy = (near * vx[:, :, None]).sum(axis=1), (near * vy[:, :, None]).sum(axis=1)
    best = np.argmax(sx * sx + sy * sy, axis=1)
    n = np.arange(len(rows))
    return np.arctan2(sy[n, best], sx[n, best])


def _descriptors(gx, gy, rows, cols, sigma, angles) -> np.ndarray:
    """64 numbers per keypoint: over a 20σ square (turned by ``angles``), 4 x 4 cells of
    5 x 5 samples each summing dx, dy, |dx|, |dy| in the square's axes; unit length."""
    offsets = (np.arange(20) - 9.5) * sigma
    u, v = np.meshgrid(offsets, offsets, indexing="xy")               # u right, v up
    cos, sin = np.cos(angles)[:, None, None], np.sin(angles)[:, None, None]
    x = cos * u[None] - sin * v[None]
    y = sin * u[None] + cos * v[None]
    r = rows[:, None, None] - y
    c = cols[:, None, None] + x
    weight = np.exp(-(u ** 2 + v ** 2) / (2 * (3.3 * sigma) ** 2))[None]
    sx, sy = _sample(gx, r, c), _sample(gy, r, c)
    du = (cos * sx + sin * sy) * weight                 # the gradient in the square's axes
    dv = (-sin * sx + cos * sy) * weight
    n = len(rows)
    cells = lambda a: a.reshape(n, 4, 5, 4, 5).sum(axis=(2, 4)).reshape(n, 16)
    parts = np.stack([cells(du), cells(dv), cells(np.abs(du)), cells(np.abs(dv))], axis=2)
    flat = parts.reshape(n, 64)
    norm = np.linalg.norm(flat, axis=1, keepdims=True)
    return flat / np.where(norm > 0, norm, 1.0)


def keypoints(grey: np.ndarray, strength: float, most: int | None, wanted: set) -> dict:
    """The keypoints' properties the caller wants (see the module docstring)."""
    found = detect(grey, strength)
    if most is not None:
        found = {k: (v[:most] if k != "sigmas" else v) for k, v in found.items()}
    h = grey.shape[0]
    n = len(found["row"])
    out = {"Position": np.stack([found["col"] + 0.5, h - found["row"] - 0.5], axis=1)
           if n else np.zeros((0, 2)),
           "Scale": 2.0 * found["sigma"], "Confidence": found["response"],
           "ContrastSign": found["sign"]}
    out["PixelPosition"] = out["Position"] - 0.5
    out["Strength"] = out["Confidence"]
    if wanted & {"Orientation", "Descriptor", "OrientedDescriptor"}:
        orientation = np.zeros(n)
        upright, turned = np.zeros((n, 64)), np.zeros((n, 64))
        for level in np.unique(found["level"]):
            at = found["level"] == level
            sigma = found["sigmas"][level]
            gx, gy = _gradients(grey, sigma)
            rows, cols = found["row"][at].astype(float), found["col"][at].astype(float)
            orientation[at] = _orientations(gx, gy, rows, cols, sigma)
            if "Descriptor" in wanted:
                upright[at] = _descriptors(gx, gy, rows, cols, sigma, np.zeros(at.sum()))
            if "OrientedDescriptor" in wanted:
                turned[at] = _descriptors(gx, gy, rows, cols, sigma, orientation[at])
        out.update({"Orientation": orientation, "Descriptor": upright,
                    "OrientedDescriptor": turned})
    return out


def _grey(image: Image) -> np.ndarray:
    values = image.reals()
    return (values[:, :, :-1] if image.has_alpha else values).mean(axis=2)


def _settings(ev, head, options):
    """(strength, most) of the options, or None after a message."""
    strength = number(ev.evaluate(Expr(S.N, options.get("KeypointStrength", Integer(0)))))
    if strength is None or strength < 0:
        ev.message(head, "strength", options["KeypointStrength"])
        return None
    most = options.get("MaxFeatures", Symbol("All"))
    if most != Symbol("All") and not (type(most) is Integer and most.value > 0):
        ev.message(head, "maxf", most)
        return None
    method = options.get("Method", String("SURF"))
    if method not in (String("SURF"), Symbol("Automatic")):
        ev.message(head, "method", method)
        return None
    return strength, None if most == Symbol("All") else most.value


def _as_expr(name: str, values: np.ndarray):
    if name == "ContrastSign":
        return list_from_array(values.astype(np.int64))
    return list_from_array(np.asarray(values, dtype=np.float64))


_OPTIONS = {"KeypointStrength": Integer(0), "MaxFeatures": Symbol("All"),
            "Method": String("SURF")}


@builtin("ImageKeypoints", argc=(1, None), messages=_MESSAGES, options=_OPTIONS,
         usage="ImageKeypoints[image] is {{x1, y1}, …}, the positions of the image's "
               "keypoints (blobs over scales), strongest first; ImageKeypoints[image, "
               "prop] or {props…}: \"Position\", \"PixelPosition\", \"Scale\", "
               "\"Orientation\", \"Confidence\", \"ContrastSign\", \"Descriptor\", "
               "\"OrientedDescriptor\"; KeypointStrength, MaxFeatures.",
         examples=(("ImageKeypoints[Image[Table[Exp[-((i - 20)^2 + (j - 30)^2)/20.], "
                    "{i, 40}, {j, 60}]], \"Position\", MaxFeatures -> 1]",
                    "{{29.5, 20.5}}"),))
def image_keypoints(ev, img, *rest):
    head = Symbol("ImageKeypoints")
    call = image_call(ev, head, img, rest, 1)
    if call is None:
        return None
    positional, options = call
    prop = positional[0] if positional else String("Position")
    names = list(prop.args) if is_list(prop) else [prop]
    if not names or any(type(n) is not String or n.value not in _PROPERTIES for n in names):
        ev.message(head, "prop", prop)
        return None
    settings = _settings(ev, head, options)
    if settings is None:
        return None
    found = keypoints(_grey(img), *settings, {n.value for n in names})
    if not is_list(prop):
        return _as_expr(prop.value, found[prop.value])
    columns = [_as_expr(n.value, found[n.value]).args if len(found["Position"]) else ()
               for n in names]
    return Expr(S.List, *[Expr(S.List, *row) for row in zip(*columns)])


def matches(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """(i, j) pairs of descriptors each the other's nearest, the nearest clearly nearer
    than the next (the ratio test)."""
    if len(first) < 1 or len(second) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    # |a - b|² = |a|² + |b|² - 2 a.b: one matrix product, no pairs x 64 array
    squared = (first * first).sum(axis=1)[:, None] + (second * second).sum(axis=1)[None, :] \
        - 2.0 * first @ second.T
    distances = np.sqrt(np.maximum(squared, 0.0))
    nearest = np.argmin(distances, axis=1)
    two = np.sort(distances, axis=1)[:, :2]
    back = np.argmin(distances, axis=0)
    i = np.arange(len(first))
    keep = (back[nearest] == i) & (two[:, 0] < _RATIO * two[:, 1])
    return np.stack([i[keep], nearest[keep]], axis=1)


@builtin("ImageCorrespondingPoints", argc=(2, None), messages=_MESSAGES, options=_OPTIONS,
         usage="ImageCorrespondingPoints[image1, image2] is {{p1, p2, …}, {q1, q2, …}}: "
               "keypoints of image1 and the matching keypoints of image2 (their "
               "descriptors each other's nearest); KeypointStrength, MaxFeatures.")
def image_corresponding_points(ev, img1, img2, *rest):
    head = Symbol("ImageCorrespondingPoints")
    call = image_call(ev, head, img1, rest, 0)
    if call is None or image_call(ev, head, img2, (), 0) is None:
        return None
    options = call[1]
    settings = _settings(ev, head, options)
    if settings is None:
        return None
    a, b = (keypoints(_grey(img), settings[0], settings[1], {"OrientedDescriptor"})
            for img in (img1, img2))
    pairs = matches(a["OrientedDescriptor"], b["OrientedDescriptor"])
    return Expr(S.List, list_from_array(a["Position"][pairs[:, 0]].reshape(-1, 2)),
                list_from_array(b["Position"][pairs[:, 1]].reshape(-1, 2)))
