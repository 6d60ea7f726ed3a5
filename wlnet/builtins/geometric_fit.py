"""FindGeometricTransform: the transformation that aligns one set of positions (or one
image) with another.

    FindGeometricTransform[pts1, pts2]     {err, TransformationFunction[m]}: f = the
        TransformationFunction maps pts2 onto pts1 (f[pts2[[i]]] ≈ pts1[[i]]); err is the
        mean distance left between them (over the points used)
    FindGeometricTransform[ref, {pts1, pts2, …}]    one {err, f} per set, each onto ref
    FindGeometricTransform[{pts1, pts2, …}]         each set onto pts1
    FindGeometricTransform[image1, image2]          the same for the corresponding points
        of two images (ImageCorrespondingPoints), by RANSAC
    ImageAlign[ref, image], ImageAlign[ref, {images…}]   image moved onto ref by that
        transformation (TransformationClass "Similarity" by default), in ref's frame,
        Background (0) where it has no pixels
    TransformationClass: "Translation", "Rigid" (and rotation), "Similarity" (and a
        scale), "Affine", "Perspective" (linear fractional); Automatic is "Affine" when
        there are enough points (one more than the dimension), else "Similarity"
    Method: "Linear" (least squares over all points; the default for points) or
        "RANSAC" (fits to random minimal samples, keeps the one most points agree with,
        within 1% of the points' extent, and refits to those; the default for images)

Points of any dimension.  Rigid and Similarity are the least-squares (Procrustes) fits,
Affine a linear least-squares solve, Perspective the direct linear transformation (the
null vector of the homogeneous equations).  RANSAC draws its samples from a generator of
its own (a fixed seed: the same points give the same fit).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image, message_slots
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_CLASSES = ("Translation", "Rigid", "Similarity", "Affine", "Perspective")
_ROUNDS = 300
_MESSAGES = {
    "pts": "`1` is not a list of positions (a matrix of numbers) of the same size as the "
           "other.",
    "class": "`1` is not a transformation class (\"Translation\", \"Rigid\", \"Similarity\", "
             "\"Affine\" or \"Perspective\").",
    "method": "`1` is not a fitting method here (\"Linear\" or \"RANSAC\").",
    "few": "`1` points are too few for the transformation class `2`.",
    "imginv": "Expecting an image instead of `1`.",
    "nopts": "No corresponding points were found between the images.",
}


def _least_points(kind: str, d: int) -> int:
    return {"Translation": 1, "Rigid": 2, "Similarity": 2, "Affine": d + 1,
            "Perspective": d + 2}[kind]


def fit(kind: str, target: np.ndarray, source: np.ndarray) -> np.ndarray:
    """The (d+1) x (d+1) homogeneous matrix of the class that best maps source onto
    target (n x d each)."""
    n, d = source.shape
    m = np.eye(d + 1)
    if kind == "Translation":
        m[:d, d] = (target - source).mean(axis=0)
        return m
    if kind in ("Rigid", "Similarity"):
        mt, ms = target.mean(axis=0), source.mean(axis=0)
        a, b = target - mt, source - ms
        u, sv, vt = np.linalg.svd(b.T @ a)
        flip = np.ones(d)
        flip[-1] = np.sign(np.linalg.det(u @ vt)) or 1.0
        rotation = (u * flip) @ vt                     # b @ rotation ≈ a
        spread = (b * b).sum()
        scale = (sv * flip).sum() / spread if kind == "Similarity" and spread > 0 else 1.0
        m[:d, :d] = scale * rotation.T
        m[:d, d] = mt - m[:d, :d] @ ms
        return m
    ones = np.ones((n, 1))
    if kind == "Affine":
        solution = np.linalg.lstsq(np.hstack([source, ones]), target, rcond=None)[0]
        m[:d, :] = solution.T
        return m
    # perspective: target_i (h_d . q) = h_i . q for q = (source, 1), h the rows of m
    q = np.hstack([source, ones])
    rows = []
    for i in range(d):
        block = np.zeros((n, (d + 1) * (d + 1)))
        block[:, i * (d + 1):(i + 1) * (d + 1)] = q
        block[:, d * (d + 1):] = -target[:, i:i + 1] * q
        rows.append(block)
    h = np.linalg.svd(np.vstack(rows))[2][-1].reshape(d + 1, d + 1)
    return h / h[d, d] if abs(h[d, d]) > 1e-12 else h


def apply(m: np.ndarray, points: np.ndarray) -> np.ndarray:
    d = points.shape[1]
    moved = np.hstack([points, np.ones((len(points), 1))]) @ m.T
    return moved[:, :d] / moved[:, d:]


def _errors(m, target, source) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num(np.linalg.norm(apply(m, source) - target, axis=1), nan=np.inf)


def ransac(kind: str, target: np.ndarray, source: np.ndarray) -> tuple:
    """(matrix, the points it was refitted to) by random sample consensus."""
    rng = np.random.default_rng(0)
    n, d = source.shape
    size = _least_points(kind, d)
    extent = np.ptp(np.vstack([target, source]), axis=0).max()
    tolerance = max(0.01 * extent, 1e-9)
    best = np.ones(n, bool)
    best_count = -1
    for _ in range(_ROUNDS):
        pick = rng.choice(n, size, replace=False)
        agree = _errors(fit(kind, target[pick], source[pick]), target, source) <= tolerance
        if agree.sum() > best_count:
            best, best_count = agree, agree.sum()
    if best.sum() < size:
        best = np.ones(n, bool)
    return fit(kind, target[best], source[best]), best


def _points(ev, e) -> np.ndarray | None:
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, e)), coerce=True) or e) \
        if is_list(e) else None
    if arr is None or arr.ndim != 2 or arr.dtype.kind not in "iuf" or not len(arr):
        return None
    return arr.astype(np.float64)


def _is_rule(r) -> bool:
    return type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)


def _options(rest):
    """(the options by name, the positional arguments)."""
    return ({r.args[0].name: r.args[1] for r in rest if _is_rule(r) and type(r.args[0]) is Symbol},
            [r for r in rest if not _is_rule(r)])


def _result(ev, head, target, source, kind_setting, method) -> Expr | None:
    if target.shape != source.shape:
        ev.message(head, "pts", list_from_array(source))
        return None
    n, d = source.shape
    kind = kind_setting if kind_setting != "Automatic" else (
        "Affine" if n >= d + 1 else "Similarity")
    if n < _least_points(kind, d):
        ev.message(head, "few", n, kind)
        return None
    if method == "RANSAC":
        m, used = ransac(kind, target, source)
    else:
        m, used = fit(kind, target, source), np.ones(n, bool)
    err = float(_errors(m, target[used], source[used]).mean())
    return Expr(S.List, Real(err), Expr(Symbol("TransformationFunction"), list_from_array(m)))


@builtin("FindGeometricTransform", argc=(1, None), messages=_MESSAGES,
         options={"Method": Symbol("Automatic"), "TransformationClass": Symbol("Automatic")},
         usage="FindGeometricTransform[pts1, pts2] is {err, TransformationFunction[m]}: the "
               "transformation mapping pts2 onto pts1 and the mean distance left; "
               "FindGeometricTransform[image1, image2] aligns two images by their "
               "corresponding points; TransformationClass (\"Translation\", \"Rigid\", "
               "\"Similarity\", \"Affine\", \"Perspective\"), Method (\"Linear\", "
               "\"RANSAC\").",
         examples=(('Chop[Last[FindGeometricTransform[{{1, 1}, {2, 1}}, {{0, 0}, {1, 0}}, '
                    'TransformationClass -> "Translation"]][{5, 5}]]', "{6., 6.}"),))
def find_geometric_transform(ev, first, *rest):
    head = Symbol("FindGeometricTransform")
    options, positional = _options(rest)
    setting = options.get("TransformationClass", Symbol("Automatic"))
    kind = "Automatic" if setting == Symbol("Automatic") else getattr(setting, "value", None)
    if kind not in _CLASSES + ("Automatic",):
        ev.message(head, "class", setting)
        return None
    method_setting = options.get("Method", Symbol("Automatic"))
    method = getattr(method_setting, "value", getattr(method_setting, "name", None))
    if method not in ("Automatic", "Linear", "RANSAC"):
        ev.message(head, "method", method_setting)
        return None
    if len(positional) > 1:
        return None
    if type(first) is Image and positional and type(positional[0]) is Image:
        matched = _corresponding(ev, head, first, positional[0])
        if matched is None:
            return None
        first, positional = matched[0], [matched[1]]
        method = "RANSAC" if method == "Automatic" else method
    groups = _point_groups(ev, head, first, positional)
    if groups is None:
        return None
    results = [_result(ev, head, target, source, kind, method) for target, source in groups[1]]
    if any(r is None for r in results):
        return None
    return results[0] if groups[0] else Expr(S.List, *results)


def _corresponding(ev, head, reference, image):
    """(points of reference, the matching points of image) as expressions, or None after
    head::nopts when the images share none."""
    matched = ev.evaluate(Expr(Symbol("ImageCorrespondingPoints"), reference, image))
    if not (is_list(matched) and len(matched.args) == 2):
        return None
    points = matched.args[0]
    if not (is_list(points) and points.args):
        ev.message(head, "nopts")
        return None
    return matched.args


def _point_groups(ev, head, first, positional):
    """(one pair?, [(target, source), …]) of the three argument forms, or None."""
    def points(e):
        found = _points(ev, e)
        if found is None:
            ev.message(head, "pts", e)
        return found
    if positional:
        target = points(first)
        if target is None:
            return None
        other = positional[0]
        sets = other.args if is_list(other) and other.args and all(
            _points(ev, s) is not None for s in other.args) and _points(ev, other) is None \
            else None
        if sets is None:
            source = points(other)
            return None if source is None else (True, [(target, source)])
        return False, [(target, _points(ev, s)) for s in sets]
    if not (is_list(first) and first.args):
        ev.message(head, "pts", first)
        return None
    found = [points(s) for s in first.args]
    if any(f is None for f in found):
        return None
    return False, [(found[0], f) for f in found]


def aligned(image: Image, reference: Image, m: np.ndarray, background: float) -> Image:
    """``image`` moved into the reference's frame: each reference pixel reads the image
    where the transformation m (image positions to reference positions) came from."""
    from wlnet.core.resampling import sample_at
    xs, ys = np.meshgrid(np.arange(reference.width) + 0.5,
                         reference.height - np.arange(reference.height) - 0.5)
    back = apply(np.linalg.inv(m), np.stack([xs.ravel(), ys.ravel()], axis=1))
    cols = (back[:, 0] - 0.5).reshape(xs.shape)
    rows = (image.height - back[:, 1] - 0.5).reshape(xs.shape)
    values = sample_at(image.reals(), rows, cols, "Linear", [background] * image.channels)
    return Image(values, image.image_type, image.color_space, image.options)


@builtin("ImageAlign", argc=(2, None), messages=_MESSAGES,
         options={"Background": Integer(0), "TransformationClass": String("Similarity")},
         usage="ImageAlign[ref, image] is image moved onto ref (the transformation "
               "FindGeometricTransform finds from their corresponding points), in ref's "
               "frame, Background (0) where it has no pixels; ImageAlign[ref, {images…}] "
               "aligns each.  TransformationClass (\"Similarity\" by default).")
def image_align(ev, reference, images, *rest):
    head = Symbol("ImageAlign")
    options, positional = _options(rest)
    if positional:
        return None
    group = list(images.args) if is_list(images) else [images]
    if type(reference) is not Image or not group or any(type(im) is not Image for im in group):
        ev.message(head, "imginv", *message_slots(
            next((e for e in [reference, *group] if type(e) is not Image), images)))
        return None
    background = number(ev.evaluate(Expr(S.N, options.get("Background", Integer(0)))))
    setting = options.get("TransformationClass", String("Similarity"))
    kind = getattr(setting, "value", None)
    if background is None or kind not in _CLASSES:
        ev.message(head, "class", setting)
        return None
    out = []
    for image in group:
        matched = _corresponding(ev, head, reference, image)
        if matched is None:
            return None
        found = ev.evaluate(Expr(Symbol("FindGeometricTransform"), *matched,
                                 Expr(S.Rule, Symbol("Method"), String("RANSAC")),
                                 Expr(S.Rule, Symbol("TransformationClass"), String(kind))))
        if not (is_list(found) and len(found.args) == 2):
            return None
        m = packed_array(to_packed(found.args[1].args[0], coerce=True) or found.args[1].args[0])
        out.append(aligned(image, reference, np.asarray(m, dtype=np.float64), background))
    return Expr(S.List, *out) if is_list(images) else out[0]
