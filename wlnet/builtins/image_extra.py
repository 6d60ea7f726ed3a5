"""Image operations that net programs use on their data: Binarize, ImageQ, ImagePyramid,
Colorize.

    Binarize[image]          black and white at a threshold found from the image (Otsu's:
                             the one that best separates two classes of grey levels)
    Binarize[image, t]       white where the grey level exceeds t
    Binarize[image, {t1, t2}] white where it lies within [t1, t2]

Colour images are binarized on their luminance.  The result is a one-channel "Bit" image of
0s and 1s (ImageData gives integers 0 and 1, as in WL).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.images import IMGINV
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.image import (Image, convert, resize, with_data, keeps_display_options,
                              message_slots)
from wlnet.core.registry import builtin, builtin_subvalue, split_options
from wlnet.graphics.colour_data import scheme_colouring
from wlnet.graphics.plots.colours import colour_scheme, gradient_colours
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import numeric_array


def otsu_threshold(grey: np.ndarray, bins: int = 256) -> float:
    """The threshold between 0 and 1 that maximises the variance between the levels below
    and above it."""
    counts, edges = np.histogram(np.clip(grey, 0, 1), bins=bins, range=(0.0, 1.0))
    centres = (edges[:-1] + edges[1:]) / 2
    weight_below = np.cumsum(counts)
    weight_above = weight_below[-1] - weight_below
    mass_below = np.cumsum(counts * centres)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_below = mass_below / weight_below
        mean_above = (mass_below[-1] - mass_below) / weight_above
        between = weight_below * weight_above * (mean_below - mean_above) ** 2
    between = np.nan_to_num(between[:-1], nan=-1.0)
    if not between.size or between.max() <= 0:
        return 0.5
    # every threshold in an empty gap between two populations separates them equally
    # well: take the middle of the best ones
    best = np.flatnonzero(between >= between.max() * (1 - 1e-9))
    return float(edges[1:][(best[0] + best[-1]) // 2])


def _number(e) -> float | None:
    return float(e.value) if type(e) in (Integer, Real) else None


@builtin(argc=(1, None), attributes=("Protected",), options={"Method": Symbol("Automatic")},
         messages={"imginv": IMGINV, "thr": "`1` is not a valid threshold (a number or "
                                            "{low, high}).",
                   "method": "`1` is not a threshold method (\"Cluster\", \"Entropy\", "
                             "\"MinimumError\", \"Moments\", \"Mean\", \"Median\" or "
                             "{\"BlackFraction\", r})."},
         usage="Binarize[image] makes image black and white at a threshold found from its "
               "grey levels (Otsu's method; Method -> \"Entropy\", \"MinimumError\", "
               "\"Moments\", \"Mean\", \"Median\" or {\"BlackFraction\", r} as FindThreshold "
               "finds it); Binarize[image, t] at the grey level t (Method ignored); "
               "Binarize[image, {t1, t2}] white for levels from t1 to t2; Binarize[image, f] "
               "white where f[value] is True (f gets a grey level, or a colour image's "
               "channel values as a list).",
         examples=(("ImageData[Binarize[Image[{{0.1, 0.9}, {0.4, 0.6}}], 0.5]]",
                    "{{0, 1}, {0, 1}}"),
                   ("ImageData[Binarize[Image[{{0.1, 0.2, 0.3, 0.9}}], Method -> \"Median\"]]",
                    "{{0, 0, 1, 1}}")))
@keeps_display_options
def Binarize(ev, img, *rest):
    if type(img) is not Image:
        ev.message(S.Binarize, "imginv", *message_slots(img))
        return None
    spec = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed))]
    options = {r.args[0].name: r.args[1] for r in rest if type(r) is Expr
               and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is Symbol}
    if len(spec) > 1:
        return None
    levels = _grey_levels(img)
    if not spec:
        method = options.get("Method", Symbol("Automatic"))
        threshold = _threshold_of(levels, method)
        if threshold is None:
            ev.message(S.Binarize, "method", method)
            return None
        white = levels > threshold
    elif _number(spec[0]) is not None:
        white = levels > _number(spec[0])
    elif type(spec[0]) is Expr and spec[0].head is S.List and len(spec[0].args) == 2 \
            and all(_number(t) is not None for t in spec[0].args):
        low, high = (_number(t) for t in spec[0].args)
        white = (levels >= low) & (levels <= high)
    elif type(spec[0]) is Expr and spec[0].head in (S.Function, Symbol("Composition")):
        white = _where_true(ev, spec[0], img)
    else:
        ev.message(S.Binarize, "thr", spec[0])
        return None
    return Image(white, "Bit")


def _grey_levels(img: Image) -> np.ndarray:
    """The image's grey levels (h, w): its own for a grey image, else its luminance."""
    grey = img if img.color_space == "Grayscale" and not img.has_alpha \
        else convert(img, "Grayscale")
    levels = grey.reals()
    return levels[..., 0] if levels.ndim == 3 else levels


def _histogram(levels: np.ndarray, bins: int = 256) -> tuple:
    """(the fraction of the levels in each of ``bins`` bins of 0 … 1, the bins' upper
    edges, their centres)."""
    counts, edges = np.histogram(np.clip(levels, 0, 1), bins=bins, range=(0.0, 1.0))
    return counts / max(counts.sum(), 1), edges[1:], (edges[:-1] + edges[1:]) / 2


def entropy_threshold(levels: np.ndarray) -> float:
    """Kapur's: the level that makes the entropies of the two classes' histograms largest
    in sum."""
    p, upper, _ = _histogram(levels)
    below = np.cumsum(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0.0)
        cum = np.cumsum(plogp)
        # the entropy of p/P over a class of mass P is log P - (Σ p log p)/P
        low = np.log(below) - cum / below
        high = np.log(1 - below) - (cum[-1] - cum) / (1 - below)
        total = np.where((below > 0) & (below < 1), low + high, -np.inf)
    return float(upper[int(np.argmax(total))])


def minimum_error_threshold(levels: np.ndarray) -> float:
    """Kittler and Illingworth's: the level that minimises the error of modelling the two
    classes as normal distributions, P1 log σ1 + P2 log σ2 - P1 log P1 - P2 log P2."""
    p, upper, centre = _histogram(levels)
    w1 = np.cumsum(p)
    m1 = np.cumsum(p * centre)
    s1 = np.cumsum(p * centre * centre)
    w2, m2, s2 = w1[-1] - w1, m1[-1] - m1, s1[-1] - s1
    with np.errstate(divide="ignore", invalid="ignore"):
        var1 = s1 / w1 - (m1 / w1) ** 2
        var2 = s2 / w2 - (m2 / w2) ** 2
        cost = w1 * np.log(np.sqrt(var1)) + w2 * np.log(np.sqrt(var2)) \
            - w1 * np.log(w1) - w2 * np.log(w2)
    valid = (w1 > 0) & (w2 > 0) & (var1 > 0) & (var2 > 0) & np.isfinite(cost)
    if not valid.any():
        return otsu_threshold(levels)
    return float(upper[np.flatnonzero(valid)[np.argmin(cost[valid])]])


def moments_threshold(levels: np.ndarray) -> float:
    """Tsai's: the level below which lies the fraction p0 of a two-level image with the
    first three moments of the levels."""
    m1, m2, m3 = (float(np.mean(levels ** k)) for k in (1, 2, 3))
    spread = m2 - m1 * m1
    if spread <= 0:
        return float(m1)
    c0 = (m1 * m3 - m2 * m2) / spread
    c1 = (m1 * m2 - m3) / spread
    root = np.sqrt(max(c1 * c1 - 4 * c0, 0.0))
    z0, z1 = (-c1 - root) / 2, (-c1 + root) / 2
    p0 = (z1 - m1) / (z1 - z0) if z1 != z0 else 0.5
    return float(np.quantile(levels, min(max(p0, 0.0), 1.0)))


_THRESHOLD_METHODS = {"Entropy": entropy_threshold, "MinimumError": minimum_error_threshold,
                      "Moments": moments_threshold}


def _threshold_of(levels: np.ndarray, method) -> float | None:
    """The threshold of a FindThreshold method, None for an unknown one."""
    name = getattr(method, "value", getattr(method, "name", None))
    if name in ("Automatic", "Cluster"):
        return otsu_threshold(levels)
    if name in _THRESHOLD_METHODS:
        return _THRESHOLD_METHODS[name](levels)
    if name == "Mean":
        return float(levels.mean())
    if name == "Median":
        return float(np.median(levels))
    if type(method) is Expr and method.head is S.List and len(method.args) == 2 \
            and method.args[0] == String("BlackFraction"):
        fraction = _number(method.args[1])
        if fraction is not None and 0 <= fraction <= 1:
            return float(np.quantile(levels, fraction))
    return None


@builtin(argc=1, attributes=("Protected",), options={"Method": Symbol("Automatic")},
         messages={"imginv": IMGINV, "method": "`1` is not a threshold method (\"Cluster\", "
                                               "\"Entropy\", \"MinimumError\", \"Moments\", "
                                               "\"Mean\", \"Median\" or {\"BlackFraction\", r})."},
         usage="FindThreshold[image] is the grey level Binarize[image] thresholds at "
               "(Otsu's, Method -> \"Cluster\"); Method -> \"Entropy\" (Kapur's), "
               "\"MinimumError\" (Kittler-Illingworth's), \"Moments\" (Tsai's), \"Mean\", "
               "\"Median\" or {\"BlackFraction\", r} (the level below which a fraction r of "
               "the pixels lie).",
         examples=(("FindThreshold[Image[{{0, 51, 204, 255}}, \"Byte\"], Method -> \"Mean\"]",
                    "0.5"),))
def FindThreshold(ev, img, *rest):
    if type(img) is not Image:
        ev.message(S.FindThreshold, "imginv", *message_slots(img))
        return None
    options = {r.args[0].name: r.args[1] for r in rest
               if type(r) is Expr and r.head is S.Rule and type(r.args[0]) is Symbol}
    method = options.get("Method", Symbol("Automatic"))
    threshold = _threshold_of(_grey_levels(img), method)
    if threshold is None:
        ev.message(S.FindThreshold, "method", method)
        return None
    return Real(threshold)


@builtin(argc=(1, 2), attributes=("Protected",), options={"CornerNeighbors": Symbol("True")},
         messages={"imginv": IMGINV, "thr": "`1` is not a threshold pair {t1, t2} (t1 below "
                                            "t2) or a threshold."},
         usage="MorphologicalBinarize[image, {t1, t2}] is white where the grey level is above "
               "t2 and where it is above t1 in a region that holds such a pixel (hysteresis); "
               "MorphologicalBinarize[image, t] the same for {t/2, t}; MorphologicalBinarize"
               "[image] takes t from FindThreshold (Otsu's).",
         examples=(("ImageData[MorphologicalBinarize[Image[{{0.9, 0.5, 0.1, 0.5}}], "
                    "{0.4, 0.8}]]", "{{1, 1, 0, 0}}"),))
@keeps_display_options
def MorphologicalBinarize(ev, img, *rest):
    from scipy import ndimage
    if type(img) is not Image:
        ev.message(S.MorphologicalBinarize, "imginv", *message_slots(img))
        return None
    positional = [r for r in rest if not (type(r) is Expr and r.head is S.Rule)]
    corners = all(r.args[1] != Symbol("False") for r in rest
                  if type(r) is Expr and r.head is S.Rule
                  and r.args[0] == Symbol("CornerNeighbors"))
    levels = _grey_levels(img)
    spec = positional[0] if positional else None
    if spec is None:
        high = otsu_threshold(levels)
        low = high / 2
    elif _number(spec) is not None:
        high = _number(spec)
        low = high / 2
    elif type(spec) is Expr and spec.head is S.List and len(spec.args) == 2 \
            and all(_number(t) is not None for t in spec.args) \
            and _number(spec.args[0]) <= _number(spec.args[1]):
        low, high = (_number(t) for t in spec.args)
    else:
        ev.message(S.MorphologicalBinarize, "thr", spec)
        return None
    # the regions above t1 that reach above t2 somewhere
    structure = np.ones((3, 3), bool) if corners else ndimage.generate_binary_structure(2, 1)
    regions, _ = ndimage.label(levels > low, structure)
    seeded = np.unique(regions[levels > high])
    return Image(np.isin(regions, seeded[seeded > 0]), "Bit")


def _thinning_pass(mask: np.ndarray, first: bool) -> np.ndarray:
    """One sub-iteration of Zhang and Suen's thinning: the border pixels removable
    without breaking the shape (2 to 6 neighbours, one 0→1 change around, and the
    sub-iteration's two products zero), all at once."""
    p = np.pad(mask, 1).astype(np.int8)
    # the neighbours P2 … P9, clockwise from the one above
    n = [p[:-2, 1:-1], p[:-2, 2:], p[1:-1, 2:], p[2:, 2:], p[2:, 1:-1], p[2:, :-2],
         p[1:-1, :-2], p[:-2, :-2]]
    count = sum(n)
    changes = sum(((n[i] == 0) & (n[(i + 1) % 8] == 1)).astype(np.int8) for i in range(8))
    p2, p4, p6, p8 = n[0], n[2], n[4], n[6]
    if first:
        products = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
    else:
        products = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
    remove = mask & (count >= 2) & (count <= 6) & (changes == 1) & products
    return mask & ~remove


@builtin(argc=(1, 2), attributes=("Protected",),
         messages={"imginv": IMGINV, "steps": "`1` is not a number of thinning steps (a "
                                              "positive integer or Infinity)."},
         usage="Thinning[image] thins the foreground of the image (its nonzero pixels) to "
               "lines one pixel wide (Zhang and Suen's method); Thinning[image, n] takes n "
               "steps.",
         examples=(("Total[Flatten[ImageData[Thinning[Image[ConstantArray[1, {3, 7}]]]]]]",
                    "4"),))
@keeps_display_options
def Thinning(ev, img, steps=None):
    if type(img) is not Image:
        ev.message(S.Thinning, "imginv", *message_slots(img))
        return None
    limit = None if steps is None or steps == S.Infinity else (
        steps.value if type(steps) is Integer and steps.value > 0 else -1)
    if limit == -1:
        ev.message(S.Thinning, "steps", steps)
        return None
    mask = _grey_levels(img) > 0
    done = 0
    while limit is None or done < limit:
        thinner = _thinning_pass(_thinning_pass(mask, True), False)
        done += 1
        if np.array_equal(thinner, mask):
            break
        mask = thinner
    return Image(mask, "Bit")


@builtin(argc=1, attributes=("Protected",), messages={"imginv": IMGINV},
         usage="SkeletonTransform[image] is a Real32 image that is 0 but on the skeleton of "
               "the image's foreground (Thinning's lines), where it is the distance to the "
               "nearest background pixel.",
         examples=(("Max[ImageData[SkeletonTransform[Image[ConstantArray[1, {5, 9}]]]]]",
                    "3."),))
@keeps_display_options
def SkeletonTransform(ev, img):
    from scipy import ndimage
    if type(img) is not Image:
        ev.message(S.SkeletonTransform, "imginv", *message_slots(img))
        return None
    thin = ev.evaluate(Expr(S.Thinning, img))
    if type(thin) is not Image:
        return None
    foreground = np.pad(_grey_levels(img) > 0, 1)           # the outside is background
    distances = ndimage.distance_transform_edt(foreground)[1:-1, 1:-1]
    return Image((distances * (thin.reals()[:, :, 0] > 0)).astype(np.float32), "Real32")


def _where_true(ev, f, img: Image) -> np.ndarray:
    """Where f gives True on a pixel's value: its grey level, or the list of a colour
    image's channel values (each distinct value evaluated once)."""
    values = img.reals()
    flat = values.reshape(-1, values.shape[2])
    distinct, where = np.unique(flat, axis=0, return_inverse=True)
    argument = (lambda v: from_python(float(v[0]))) if img.channels == 1 \
        else (lambda v: from_python([float(x) for x in v]))
    truth = np.array([ev.evaluate(Expr(f, argument(v))) == Symbol("True") for v in distinct])
    return truth[where.reshape(-1)].reshape(values.shape[:2])


@builtin(argc=1, attributes=("Protected",),
         usage="ImageQ[expr] is True when expr is an image.",
         examples=(("ImageQ[Image[{{0, 1}}]]", "True"), ("ImageQ[{0.5, 0.5}]", "False")))
def ImageQ(ev, e):
    return Symbol("True") if type(e) is Image else Symbol("False")


# ---------------------------------------------------------------------------- ImagePyramid

def _pyramid_levels(img: Image) -> list:
    """The image, then each level blurred (a Gaussian of σ 1) and halved, down to a side
    of 2 pixels."""
    from scipy import ndimage
    levels = [img]
    while min(levels[-1].width, levels[-1].height) >= 4:
        last = levels[-1]
        blurred = with_data(last, ndimage.gaussian_filter(last.reals(), (1, 1, 0), mode="nearest"))
        levels.append(resize(blurred, last.width // 2, last.height // 2))
    return levels


@builtin("ImagePyramid", argc=1, attributes=("Protected",),
         messages={"imginv": IMGINV},
         usage="ImagePyramid[image] is a Gaussian pyramid of image: the image and ever "
               "smaller blurred halvings of it.  pyramid[n] is level n (1 is the image), "
               "pyramid[m ;; n] and pyramid[{l1, l2, …}] several, pyramid[\"Images\"] all.",
         examples=(("ImageDimensions /@ ImagePyramid[Image[ConstantArray[0.5, {8, 8}]]][\"Images\"]",
                    "{{8, 8}, {4, 4}, {2, 2}}"),))
def ImagePyramid(ev, img):
    if type(img) is Expr and img.head is S.Association:     # the pyramid object itself
        return None
    if type(img) is not Image:
        ev.message(S.ImagePyramid, "imginv", *message_slots(img))
        return None
    images = Expr(S.List, *_pyramid_levels(img))
    return Expr(S.ImagePyramid, Expr(S.Association, Expr(S.Rule, String("Images"), images)))


@builtin_subvalue("ImagePyramid")
def _pyramid_part(ev, head, *args):
    if len(head.args) != 1 or type(head.args[0]) is not Expr \
            or head.args[0].head is not S.Association or len(args) != 1:
        return None
    images = head.args[0].args[0].args[1]
    if args[0] == String("Images"):
        return images
    return Expr(S.Part, images, args[0])


# ---------------------------------------------------------------------------- Colorize

COLORIZE_OPTIONS = {"ColorFunction": S.Automatic, "ColorFunctionScaling": Symbol("True"),
                    "ColorRules": S.Automatic}


@builtin("Colorize", argc=(1, None), attributes=("Protected",), options=COLORIZE_OPTIONS,
         messages={"imginv": "`1` is not an image or a matrix of numbers.",
                   "cfun": "`1` is not a known ColorFunction.",
                   "optx": "Unknown option `1` in `2`."},
         usage="Colorize[m] is an image of the integer matrix m: 0 black, each positive "
               "label a colour of its own (ColorData[97]); Colorize[image] or a real matrix "
               "colours the values through a gradient; ColorFunction -> f (a gradient name "
               "or a function of the value, scaled to 0..1 unless ColorFunctionScaling -> "
               "False), ColorRules -> {v -> colour, …} for chosen values.",
         examples=(("ImageData[Colorize[{{0, 1}}]][[1, 1]]", "{0., 0., 0.}"),))
def Colorize(ev, data, *rest):
    values = _colorize_values(data)
    split = split_options(rest, COLORIZE_OPTIONS)
    if values is None or split is None or split[0]:
        if values is None:
            ev.message(Symbol("Colorize"), "imginv", *message_slots(data))
        elif split is None:
            ev.message(Symbol("Colorize"), "optx", rest[-1], Expr(Symbol("Colorize"), data, *rest))
        return None
    opts = split[1]
    scaled_input = opts["ColorFunctionScaling"] != Symbol("False")
    spec = opts["ColorFunction"]
    labels = spec == S.Automatic and type(data) is not Image and np.all(values == np.round(values))
    if labels:
        rgb = np.where((values > 0)[..., None],
                       scheme_colouring(Integer(97))(np.maximum(values, 1)), 0.0)
    else:
        scheme = colour_scheme(String("Rainbow") if spec == S.Automatic else spec, ev,
                               scaled_input)
        if scheme is None:
            ev.message(Symbol("Colorize"), "cfun", spec)
            return None
        low, high = float(values.min()), float(values.max())
        shown = (values - low) / (high - low) if scaled_input and high > low else \
            (np.zeros_like(values) if scaled_input else values)
        rgb = np.asarray(gradient_colours(shown, scheme), dtype=np.float64)[..., :3]
    return Image(_with_colour_rules(rgb, values, opts["ColorRules"]))


def _colorize_values(data) -> np.ndarray | None:
    """The values Colorize colours: a matrix of numbers, or an image's grey levels."""
    if type(data) is Image:
        grey = data if data.color_space == "Grayscale" and not data.has_alpha \
            else convert(data, "Grayscale")
        return grey.reals()[:, :, 0]
    values = numeric_array(data)
    return values if values is not None and values.ndim == 2 and values.size else None


def _with_colour_rules(rgb: np.ndarray, values: np.ndarray, rules) -> np.ndarray:
    """``rgb`` with the pixels whose value a rule names in that rule's colour."""
    if not (type(rules) is Expr and rules.head is S.List):
        return rgb
    rgb = rgb.copy()
    for rule in rules.args:
        if type(rule) is Expr and rule.head in (S.Rule, S.RuleDelayed) and len(rule.args) == 2:
            value, colour = _number(rule.args[0]), colour_of(rule.args[1])
            if value is not None and colour is not None:
                rgb[values == value] = colour[:3]
    return rgb
