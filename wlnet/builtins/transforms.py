"""Geometric transformation functions and the image warp that uses them.

    TransformationFunction[m]      an (n+1) x (n+1) homogeneous matrix; tf[{x1, …, xn}] is
                                   the point m . {x1, …, xn, 1} (divided by its last part)
    RotationTransform[θ], RotationTransform[θ, p]       a rotation by θ (about p) in 2D
    RotationTransform[θ, w], RotationTransform[θ, w, p] a rotation about the axis w in 3D
    TranslationTransform[v], ScalingTransform[{s1, …}], ScalingTransform[{s1, …}, p],
    AffineTransform[m], AffineTransform[{m, v}]
    TransformationMatrix[tf], InverseFunction[tf] (the other functions' inverses are not
    made: InverseFunction[f] stays as written)
    ImageTransformation[image, f], ImageTransformation[image, f, size]
        each pixel of the result at position p takes the image's value at f[p] (bilinear
        between pixels, Padding -> 0 outside it by default); positions are in the standard
        image coordinates x from 0 to 1, y from 0 to the aspect ratio (DataRange -> Full:
        pixels, {0, 0} the bottom-left corner).  f is a TransformationFunction or any
        function of a position; a function that works on whole coordinate arrays (listable
        arithmetic, Part) is applied once to all positions, any other point by point.

Applied to a point, a transformation function of exact or symbolic parameters gives exact
or symbolic coordinates; to machine numbers (or arrays of them), numbers.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.images import RESAMPLING_MESSAGE, resampling_method
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options, message_slots
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.resampling import PADDINGS
from wlnet.core.registry import builtin, builtin_subvalue
from wlnet.graphics.values import number

TF = Symbol("TransformationFunction")
_MESSAGES = {
    "matrix": "`1` is not a square homogeneous transformation matrix.",
    "spec": "`1` is not a valid specification of a transformation.",
    "imginv": "Expecting an image instead of `1`.",
    "size": "`1` is not a valid image size.",
    "padding": "`1` is not a padding (a value, a colour, or \"Fixed\", \"Periodic\", "
               "\"Reflected\", \"Reversed\").",
    "range": "`1` is not a data range (Automatic, Full or {{left, right}, {bottom, top}}).",
    "fun": "The function `1` does not give a position for every pixel.",
    "resampling": RESAMPLING_MESSAGE,
}


def _ev(ev, head, *args):
    return ev.evaluate(Expr(head, *args))


def _matrix_of(e) -> list[list] | None:
    if not (is_list(e) and e.args and all(is_list(r) and len(r.args) == len(e.args)
                                          for r in e.args)):
        return None
    return [list(r.args) for r in e.args]


def _list(rows) -> Expr:
    return Expr(S.List, *[Expr(S.List, *r) if isinstance(r, list) else r for r in rows])


def _homogeneous(ev, m: Expr, v: Expr) -> Expr:
    """{{m, v}, {0…, 1}} of a linear part m and a translation v."""
    rows = [Expr(S.List, *r.args, t) for r, t in zip(m.args, v.args)]
    rows.append(Expr(S.List, *([Integer(0)] * len(v.args)), Integer(1)))
    return ev.evaluate(Expr(S.List, *rows))


def _zero(n: int) -> Expr:
    return Expr(S.List, *[Integer(0)] * n)


@builtin("TransformationFunction", argc=1, messages=_MESSAGES,
         usage="TransformationFunction[m] is the transformation of the homogeneous matrix "
               "m: tf[{x, y}] is the point m . {x, y, 1}.")
def transformation_function(ev, m):
    if _matrix_of(m) is None or len(m.args) < 2:
        ev.message(TF, "matrix", m)
        return None
    return None                                   # inert: it is applied as a function


@builtin_subvalue("TransformationFunction")
def _apply_transformation(ev, head, *args):
    if len(head.args) != 1 or len(args) != 1 or _matrix_of(head.args[0]) is None:
        return None
    m, point = head.args[0], args[0]
    n = len(m.args) - 1
    if not (is_list(point) and len(point.args) == n):
        return None
    numeric = packed_array(to_packed(ev.evaluate(Expr(S.N, m)), coerce=True) or m)
    parts = [packed_array(to_packed(p, coerce=True) or p) if is_list(p) else None
             for p in point.args]
    if numeric is not None and numeric.dtype.kind == "f" and all(
            p is not None and p.dtype.kind == "f" for p in parts) and len(
            {p.shape for p in parts}) == 1:           # coordinates as arrays of reals
        coords = np.stack(parts + [np.ones_like(parts[0])])
        out = np.tensordot(numeric, coords, axes=(1, 0))
        return Expr(S.List, *[list_from_array(out[k] / out[n]) for k in range(n)])
    homogeneous = Expr(S.Dot, m, Expr(S.Append, point, Integer(1)))
    image = ev.evaluate(homogeneous)
    if not (is_list(image) and len(image.args) == n + 1):
        return None
    last = image.args[n]
    if last == Integer(1):
        return Expr(S.List, *image.args[:n])
    return Expr(S.List, *[Expr(S.Times, a, Expr(S.Power, last, Integer(-1)))
                          for a in image.args[:n]])


@builtin("RotationTransform", argc=(1, 3), messages=_MESSAGES,
         usage="RotationTransform[θ] rotates by θ radians about the origin in 2D, "
               "RotationTransform[θ, p] about the point p; RotationTransform[θ, w] about "
               "the axis w in 3D, RotationTransform[θ, w, p] about the axis through p.",
         examples=(("RotationTransform[Pi/2][{1, 0}]", "{0, 1}"),))
def rotation_transform(ev, theta, *rest):
    c, s = _ev(ev, S.Cos, theta), _ev(ev, S.Sin, theta)
    if not rest or len(rest) == 1 and is_list(rest[0]) and len(rest[0].args) == 2:
        linear = Expr(S.List, Expr(S.List, c, Expr(S.Times, Integer(-1), s)),
                      Expr(S.List, s, c))
        centre = rest[0] if rest else _zero(2)
    elif is_list(rest[0]) and len(rest[0].args) == 3 and len(rest) <= 2:
        w = ev.evaluate(Expr(S.Normalize, rest[0]))
        x, y, z = w.args
        # Rodrigues: cos θ I + sin θ [w]x + (1 - cos θ) w w^T
        # (a Function, so that the names are its parameters whatever values they have)
        from wlnet.syntax.parser import parse
        rodrigues = parse("Function[{c, s, x, y, z}, "
                          "{{c + x^2 (1 - c), x y (1 - c) - z s, x z (1 - c) + y s}, "
                          "{y x (1 - c) + z s, c + y^2 (1 - c), y z (1 - c) - x s}, "
                          "{z x (1 - c) - y s, z y (1 - c) + x s, c + z^2 (1 - c)}}]")
        linear = ev.evaluate(Expr(rodrigues, c, s, x, y, z))
        centre = rest[1] if len(rest) == 2 else _zero(3)
    else:
        ev.message(Symbol("RotationTransform"), "spec", Expr(S.List, theta, *rest))
        return None
    return _about(ev, linear, centre)


def _about(ev, linear: Expr, centre: Expr) -> Expr:
    """The transformation x -> linear . (x - centre) + centre."""
    shift = ev.evaluate(Expr(S.Subtract, centre, Expr(S.Dot, linear, centre)))
    return Expr(TF, _homogeneous(ev, linear, shift))


@builtin("TranslationTransform", argc=1, messages=_MESSAGES,
         usage="TranslationTransform[v] moves points by the vector v.",
         examples=(("TranslationTransform[{1, 2}][{3, 4}]", "{4, 6}"),))
def translation_transform(ev, v):
    if not (is_list(v) and v.args):
        ev.message(Symbol("TranslationTransform"), "spec", v)
        return None
    n = len(v.args)
    identity = ev.evaluate(Expr(Symbol("IdentityMatrix"), Integer(n)))
    return Expr(TF, _homogeneous(ev, identity, v))


@builtin("ScalingTransform", argc=(1, 2), messages=_MESSAGES,
         usage="ScalingTransform[{s1, s2, …}] scales each coordinate by its factor, "
               "ScalingTransform[{s1, …}, p] about the point p.",
         examples=(("ScalingTransform[{2, 3}][{1, 1}]", "{2, 3}"),))
def scaling_transform(ev, factors, centre=None):
    if not (is_list(factors) and factors.args) or centre is not None and not (
            is_list(centre) and len(centre.args) == len(factors.args)):
        ev.message(Symbol("ScalingTransform"), "spec", factors)
        return None
    linear = ev.evaluate(Expr(Symbol("DiagonalMatrix"), factors))
    return _about(ev, linear, centre if centre is not None else _zero(len(factors.args)))


@builtin("AffineTransform", argc=1, messages=_MESSAGES,
         usage="AffineTransform[m] is the linear map of the matrix m; AffineTransform[{m, v}] "
               "also moves by v.",
         examples=(("AffineTransform[{{{1, 2}, {0, 1}}, {1, 0}}][{1, 1}]", "{4, 1}"),))
def affine_transform(ev, spec):
    if is_list(spec) and len(spec.args) == 2 and _matrix_of(spec.args[0]) is not None \
            and is_list(spec.args[1]) and len(spec.args[1].args) == len(spec.args[0].args):
        return Expr(TF, _homogeneous(ev, spec.args[0], spec.args[1]))
    if _matrix_of(spec) is not None:
        return Expr(TF, _homogeneous(ev, spec, _zero(len(spec.args))))
    ev.message(Symbol("AffineTransform"), "spec", spec)
    return None


@builtin("TransformationMatrix", argc=1,
         usage="TransformationMatrix[tf] is the homogeneous matrix of a TransformationFunction.",
         examples=(("TransformationMatrix[TranslationTransform[{1, 2}]]",
                    "{{1, 0, 1}, {0, 1, 2}, {0, 0, 1}}"),))
def transformation_matrix(ev, tf):
    if type(tf) is Expr and tf.head is TF and len(tf.args) == 1:
        return tf.args[0]
    return None


@builtin("InverseFunction", argc=(1, 3),
         usage="InverseFunction[tf] is the inverse of a TransformationFunction (the inverse "
               "of its matrix); the inverses of other functions stay as written.",
         examples=(("InverseFunction[TranslationTransform[{1, 2}]][{3, 4}]", "{2, 2}"),))
def inverse_function(ev, f, *rest):
    if not rest and type(f) is Expr and f.head is TF and len(f.args) == 1:
        return Expr(TF, ev.evaluate(Expr(Symbol("Inverse"), f.args[0])))
    return None


# ---------------------------------------------------------------------------- the image warp

def _sample(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, padding,
            method: tuple) -> np.ndarray:
    """(h, w, c) values at fractional pixel positions (row, column of pixel centres from 0)
    by a resampling method (name, parameters); the taps outside read the padding: a method
    name of PADDINGS or one value per channel (pixels of that value all around: a position
    a rounding error outside the edge reads the edge pixel)."""
    from wlnet.core.resampling import sample_at
    return sample_at(values, rows, cols, method[0], padding, method[1])


def _resampling(ev, head, options) -> tuple | None:
    """The (name, parameters) of the Resampling option (Automatic: "Linear"); None after
    head::resampling."""
    spec = options.get("Resampling", S.Automatic)
    method = resampling_method(spec, "Linear")
    if method is None:
        ev.message(head, "resampling", spec)
    return method


def _positions_of(ev, f, xs: np.ndarray, ys: np.ndarray):
    """f at every position: once on the coordinate arrays when f works on them, else
    point by point; None if f gives no position somewhere."""
    whole = ev.evaluate(Expr(Symbol("Quiet"), Expr(f, Expr(S.List, list_from_array(xs),
                                                          list_from_array(ys)))))
    if is_list(whole) and len(whole.args) == 2:
        got = [packed_array(to_packed(ev.evaluate(Expr(S.N, a)), coerce=True) or a)
               for a in whole.args]
        if all(g is not None and g.shape == xs.shape and g.dtype.kind in "iuf" for g in got):
            return got[0].astype(float), got[1].astype(float)
    fx, fy = np.empty(xs.shape), np.empty(xs.shape)
    for index in np.ndindex(*xs.shape):
        p = ev.evaluate(Expr(S.N, Expr(f, list_from_array(np.array([xs[index], ys[index]])))))
        q = packed_array(to_packed(p, coerce=True) or p) if is_list(p) else None
        if q is None or q.shape != (2,):
            return None
        fx[index], fy[index] = q
    return fx, fy


def _transformation_call(ev, head, img, rest):
    """(options, (width, height), data ranges, channels) of an image transformation's
    call, or None after the message (not an image, a bad size or DataRange)."""
    positional = [r for r in rest if not (type(r) is Expr and r.head in (S.Rule,
                                                                         S.RuleDelayed))]
    options = {r.args[0].name: r.args[1] for r in rest if r not in positional
               and type(r.args[0]) is Symbol}
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    size = _output_size(ev, head, positional[0] if positional else None, img)
    if size is None:
        return None
    ranges = _data_range(ev, options.get("DataRange"), img)
    if ranges is None:
        ev.message(head, "range", options.get("DataRange"))
        return None
    return options, size, ranges, img.reals().shape[2]


def _output_size(ev, head, size, img) -> tuple[int, int] | None:
    """(width, height) of a transformed image: the image's own (no size, All, Automatic),
    w (the height in proportion) or {w, h}; None after head::size."""
    if size is None or size in (S.All, S.Automatic):
        return img.width, img.height
    sizes = [number(a) for a in size.args] if is_list(size) else [number(size)]
    if not sizes or len(sizes) > 2 or any(s is None or s < 1 for s in sizes):
        ev.message(head, "size", size)
        return None
    width = int(sizes[0])
    return width, int(sizes[1]) if len(sizes) == 2 else max(1, round(width * img.height /
                                                                     img.width))


def _data_range(ev, spec, image: Image):
    """((left, right), (bottom, top)) of the coordinates f works in: Automatic {0, 1} by
    {0, h/w}, Full the pixel range {0, w} by {0, h}, or explicit {{l, r}, {b, t}}."""
    if spec is None or spec is S.Automatic:
        return (0.0, 1.0), (0.0, image.height / image.width)
    if spec is S.Full:
        return (0.0, float(image.width)), (0.0, float(image.height))
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, spec)), coerce=True) or spec)
    if arr is None or arr.shape != (2, 2) or arr.dtype.kind not in "if" \
            or arr[0, 0] == arr[0, 1] or arr[1, 0] == arr[1, 1]:
        return None
    return tuple(map(float, arr[0])), tuple(map(float, arr[1]))


def _padding_value(ev, pad, channels: int):
    """A padding method name, or the padding's value per channel (a number, a colour or a
    list); None when it is neither."""
    if type(pad) is String and pad.value in PADDINGS:
        return pad.value
    value = number(ev.evaluate(Expr(S.N, pad)))
    if value is not None:
        return [value] * channels
    if type(pad) is Expr and pad.head in (S.RGBColor, S.GrayLevel) or is_list(pad):
        arr = packed_array(to_packed(ev.evaluate(Expr(S.N, Expr(S.List, *pad.args))),
                                     coerce=True) or pad)
        if arr is not None and arr.ndim == 1 and arr.dtype.kind in "if":
            values = list(map(float, arr))
            if len(values) == 1:
                return values * channels
            if len(values) >= channels:
                return values[:channels]
    return None


@builtin("ImageTransformation", argc=(2, None), messages=_MESSAGES,
         options={"DataRange": Symbol("Automatic"), "Padding": Integer(0),
                  "Resampling": Symbol("Automatic")},
         usage="ImageTransformation[image, f] is the image whose pixel at position p is the "
               "image's value at f[p] (a backward transformation; f a TransformationFunction "
               "or any function of a position); ImageTransformation[image, f, {w, h}] (or w) "
               "of that size.  DataRange: the coordinates, Automatic x from 0 to 1 and y from "
               "0 to the aspect ratio, Full pixels, or {{l, r}, {b, t}}; Padding: the value "
               "outside (0), or \"Fixed\", \"Periodic\", \"Reflected\", \"Reversed\"; "
               "Resampling: \"Linear\" (Automatic), \"Nearest\", \"Cubic\", {\"Spline\", n}, "
               "\"Lanczos\" or any other Resampling method.",
         examples=(("ImageDimensions[ImageTransformation[Image[RandomReal[1, {4, 6}]], "
                    "RotationTransform[0.3]]]", "{6, 4}"),
                   ("ImageData[ImageTransformation[Image[{{1., 2., 3.}}], # + {1, 0} &, "
                    "DataRange -> Full]]", "{{2., 3., 0.}}")))
@keeps_display_options
def image_transformation(ev, img, f, *rest):
    head = Symbol("ImageTransformation")
    call = _transformation_call(ev, head, img, rest)
    if call is None:
        return None
    options, (width, height), ranges, channels = call
    pad = options.get("Padding", Integer(0))
    padding = _padding_value(ev, pad, channels)
    if padding is None:
        ev.message(head, "padding", pad)
        return None
    method = _resampling(ev, head, options)
    if method is None:
        return None
    (left, right), (bottom, top) = ranges
    # the output's pixel centres in f's coordinates (row 1 at the top); the positions f
    # gives back, as the input's fractional rows and columns
    xs, ys = np.meshgrid(left + (np.arange(width) + 0.5) * (right - left) / width,
                         top - (np.arange(height) + 0.5) * (top - bottom) / height)
    found = _positions_of(ev, f, xs, ys)
    if found is None:
        ev.message(head, "fun", f)
        return None
    fx, fy = found
    cols = (fx - left) / (right - left) * img.width - 0.5
    rows = (top - fy) / (top - bottom) * img.height - 0.5
    values = _sample(img.reals(), rows, cols, padding, method)
    return Image(values, img.image_type, img.color_space)


def _perspective_matrix(ev, m) -> np.ndarray | None:
    """The 3 x 3 homogeneous matrix of a TransformationFunction, a 3 x 3 matrix or a 2 x 2
    linear one; None if m is none of these or is singular."""
    if type(m) is Expr and m.head is TF and len(m.args) == 1:
        m = m.args[0]
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, m)), coerce=True) or m) \
        if is_list(m) else None
    if arr is None or arr.dtype.kind not in "iuf" or arr.shape not in ((2, 2), (3, 3)):
        return None
    full = np.eye(3)
    full[:arr.shape[0], :arr.shape[1]] = arr
    return full if abs(np.linalg.det(full)) > 1e-12 else None


@builtin("ImagePerspectiveTransformation", argc=(2, None), messages=_MESSAGES,
         options={"DataRange": Symbol("Automatic"), "Padding": Integer(0),
                  "Resampling": Symbol("Automatic")},
         usage="ImagePerspectiveTransformation[image, m] moves each point p of the image to "
               "m[p] (a forward transformation: m a TransformationFunction, a 3 x 3 "
               "homogeneous matrix or a 2 x 2 linear one); a size and the options DataRange, "
               "Padding and Resampling as ImageTransformation's.",
         examples=(("ImageData[ImagePerspectiveTransformation[Image[{{1., 2., 3.}}], "
                    "TranslationTransform[{1, 0}], DataRange -> Full]]", "{{0., 1., 2.}}"),))
def image_perspective_transformation(ev, img, m, *rest):
    if type(img) is not Image:
        ev.message(Symbol("ImagePerspectiveTransformation"), "imginv", *message_slots(img))
        return None
    matrix = _perspective_matrix(ev, m)
    if matrix is None:
        ev.message(Symbol("ImagePerspectiveTransformation"), "matrix", m)
        return None
    # each output pixel reads the input where the inverse transformation takes it
    inverse = Expr(TF, list_from_array(np.linalg.inv(matrix)))
    return image_transformation(ev, img, inverse, *rest)


@builtin("ImageForwardTransformation", argc=(2, None), messages=_MESSAGES,
         options={"Background": Integer(0), "DataRange": Symbol("Automatic")},
         usage="ImageForwardTransformation[image, f] moves each pixel of the image to the "
               "position f gives for it (a forward transformation: where several land on one "
               "pixel the last counts, pixels nothing lands on are the Background, 0); "
               "ImageForwardTransformation[image, f, {w, h}] of that size; DataRange as "
               "ImageTransformation's.",
         examples=(("ImageData[ImageForwardTransformation[Image[{{1., 2., 3.}}], # + {1, 0} &, "
                    "DataRange -> Full]]", "{{0., 1., 2.}}"),))
@keeps_display_options
def image_forward_transformation(ev, img, f, *rest):
    head = Symbol("ImageForwardTransformation")
    call = _transformation_call(ev, head, img, rest)
    if call is None:
        return None
    options, (width, height), ranges, channels = call
    background = _padding_value(ev, options.get("Background", Integer(0)), channels)
    if background is None or isinstance(background, str):
        ev.message(head, "padding", options.get("Background"))
        return None
    (left, right), (bottom, top) = ranges
    # every input pixel centre in f's coordinates, and where f sends it
    xs, ys = np.meshgrid(left + (np.arange(img.width) + 0.5) * (right - left) / img.width,
                         top - (np.arange(img.height) + 0.5) * (top - bottom) / img.height)
    found = _positions_of(ev, f, xs, ys)
    if found is None:
        ev.message(head, "fun", f)
        return None
    fx, fy = found
    cols = np.floor((fx - left) / (right - left) * width).astype(np.int64)
    rows = np.floor((top - fy) / (top - bottom) * height).astype(np.int64)
    inside = (cols >= 0) & (cols < width) & (rows >= 0) & (rows < height)
    out = np.empty((height, width, channels))
    out[...] = np.asarray(background, dtype=np.float64)
    out[rows[inside], cols[inside]] = img.reals()[inside]
    return Image(out, img.image_type, img.color_space)
