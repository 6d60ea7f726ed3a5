"""Image operations that net programs use on their data: Binarize, ImageQ, ImagePyramid.

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
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image, convert, resize, with_data
from wlnet.core.registry import builtin, builtin_subvalue


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


@builtin(argc=(1, 2), attributes=("Protected",),
         messages={"imginv": IMGINV, "thr": "`1` is not a valid threshold (a number or "
                                            "{low, high})."},
         usage="Binarize[image] makes image black and white at a threshold found from its "
               "grey levels (Otsu's method); Binarize[image, t] at the grey level t; "
               "Binarize[image, {t1, t2}] white for levels from t1 to t2.",
         examples=(("ImageData[Binarize[Image[{{0.1, 0.9}, {0.4, 0.6}}], 0.5]]",
                    "{{0, 1}, {0, 1}}"),))
def Binarize(ev, img, *spec):
    if type(img) is not Image:
        ev.message(S.Binarize, "imginv", img)
        return None
    grey = img if img.color_space == "Grayscale" and not img.has_alpha else convert(img, "Grayscale")
    levels = grey.reals()
    levels = levels[..., 0] if levels.ndim == 3 else levels
    if not spec:
        white = levels > otsu_threshold(levels)
    elif _number(spec[0]) is not None:
        white = levels > _number(spec[0])
    elif type(spec[0]) is Expr and spec[0].head is S.List and len(spec[0].args) == 2 \
            and all(_number(t) is not None for t in spec[0].args):
        low, high = (_number(t) for t in spec[0].args)
        white = (levels >= low) & (levels <= high)
    else:
        ev.message(S.Binarize, "thr", spec[0])
        return None
    return Image(white, "Bit")


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
        ev.message(S.ImagePyramid, "imginv", img)
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
