"""Grey-level morphology over the relief of an image: FillingTransform (filling the
extended minima, the holes of a binary image), MaxDetect and MinDetect (the regional
extrema) and WatershedComponents (the catchment basins of the relief).

    FillingTransform[image]            every extended minimum (a connected set of pixels
        all of whose surrounding pixels are higher) lifted to the lowest value around it;
        the holes of a binary image filled.  Minima touching the border are not filled
        (Padding -> 0: the outside is a drain at level 0); Padding -> 1 takes the outside
        as a wall at level 1.
    FillingTransform[image, h]         only minima of depth h or less filled (with
        Padding -> 1 the h-minima transform).
    FillingTransform[image, marker]    only the filled regions in which some pixel of the
        marker (an image or a matrix of the image's size) is nonzero.
    WatershedComponents[image]         a label matrix: the catchment basins of the image's
        intensity (the mean of its channels), one per regional minimum, numbered 1, 2, …
        from the top row down; with Method -> "Watershed" (the default; "Immersion", the
        flooding this is, gives the same) the pixels where two basins meet are 0 (the
        watershed lines), with "Basins" every pixel belongs to a basin.
    WatershedComponents[image, marker] basins grown from the connected components of the
        marker's nonzero pixels (an image or a matrix), or from the pixels at positions
        {{x1, y1}, …} (image coordinates: x from the left, y from the bottom).
    MaxDetect[image] (MinDetect)         a binary image of the regional maxima (minima):
        the connected plateaus all of whose neighbours are lower (higher); of the mean of
        the channels of a colour image.  Numeric vectors and matrices give 0/1 lists.
    MaxDetect[image, h] (MinDetect)      only the extrema that stand out by more than h
        (those of the h-maxima transform, the image reconstructed from itself lowered by
        h).
    CornerNeighbors: True (the default) joins diagonal neighbours.

Both work on the image's values as floats with scipy.ndimage: FillingTransform is the
morphological reconstruction by erosion of a marker that is the relief raised everywhere
but at the outside frame (repeated geodesic erosions, each a whole-image operation);
the watershed floods the relief quantised to 256 levels, level by level (at each level
the basins grow step by step over the pixels under water, so a plateau is shared by
distance; a plateau no basin reaches is a new minimum), then draws its lines on the
higher pixel of each pair of neighbours in different basins.  A matrix given for an image
gives a matrix.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list, numeric_array
from wlnet.builtins.image_components import _rules, _values, components, renumbered
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import Image
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image or a numeric matrix instead of `1`.",
    "marker": "`1` is neither a depth (a nonnegative number) nor a marker of the image's "
              "size (an image or a matrix).",
    "wsmarker": "`1` is not a marker of the image's size (an image, a matrix or a list of "
                "positions {x, y}).",
    "padding": "`1` is not a padding of the filling (0 or 1).",
    "method": "`1` is not a watershed method here (\"Watershed\", \"Immersion\" or "
              "\"Basins\").",
    "corners": "The value of CornerNeighbors should be True or False, not `1`.",
    "depth": "`1` is not a contrast (a nonnegative number).",
}


def _neighbourhood(ev, head, options, default=True) -> np.ndarray | None:
    """The 3 x 3 footprint of CornerNeighbors (all nine, or the cross), or None after a
    message."""
    setting = options.get("CornerNeighbors", Symbol("Automatic"))
    corners = {Symbol("True"): True, Symbol("False"): False,
               Symbol("Automatic"): default}.get(setting)
    if corners is None:
        ev.message(head, "corners", setting)
        return None
    cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
    return np.ones((3, 3), bool) if corners else cross


def reconstruct_by_erosion(marker: np.ndarray, mask: np.ndarray,
                           footprint: np.ndarray) -> np.ndarray:
    """The morphological reconstruction by erosion of ``marker`` (≥ ``mask``) over
    ``mask``: geodesic erosions (erode, then never below the mask) until nothing
    changes.  Each pixel ends at the lowest level at which a path from it reaches a
    pixel whose marker is that low."""
    from scipy import ndimage
    current = np.maximum(marker, mask)
    while True:
        eroded = np.maximum(ndimage.grey_erosion(current, footprint=footprint,
                                                 mode="nearest"), mask)
        if np.array_equal(eroded, current):
            return current
        current = eroded


def _filled_plane(plane: np.ndarray, footprint, padding: float, depth) -> np.ndarray:
    """One channel with its extended minima filled (only those of depth ≤ ``depth``
    unless it is None), the outside a frame at level ``padding``."""
    framed = np.pad(plane, 1, constant_values=padding)
    marker = np.full_like(framed, np.inf) if depth is None else framed + depth
    marker[0, :] = marker[-1, :] = marker[:, 0] = marker[:, -1] = padding
    return reconstruct_by_erosion(marker, framed, footprint)[1:-1, 1:-1]


def _marker_mask(ev, data, shape) -> np.ndarray | None:
    """The nonzero pixels of a marker image or matrix of the given (h, w), or None."""
    if type(data) is Image:
        values = data.reals()
    elif is_list(data):
        arr = numeric_array(ev, data, "iufb")
        if arr is None or arr.ndim != 2:
            return None
        values = arr.astype(np.float64)[:, :, None]
    else:
        return None
    return np.any(values != 0, axis=2) if values.shape[:2] == shape else None


def _kept_where_marked(original, filled, marked, footprint) -> np.ndarray:
    """``filled`` only in the filled regions (connected, where it rose above
    ``original`` in some channel) that hold a marked pixel; ``original`` elsewhere."""
    from scipy import ndimage
    raised = np.any(filled > original, axis=2)
    regions, _ = ndimage.label(raised, footprint)
    chosen = np.unique(regions[marked & raised])
    keep = np.isin(regions, chosen[chosen > 0])
    return np.where(keep[:, :, None], filled, original)


@builtin("FillingTransform", argc=(1, None), messages=_MESSAGES,
         options={"CornerNeighbors": Symbol("True"), "Padding": Integer(0)},
         usage="FillingTransform[image] fills the extended minima of the image (the holes of "
               "a binary image) up to the lowest value around them; FillingTransform[image, "
               "h] only those of depth h or less; FillingTransform[image, marker] only the "
               "filled regions where the marker is nonzero.  Minima at the border stay "
               "(Padding -> 0); Padding -> 1 makes the outside a wall.",
         examples=(("FillingTransform[{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}]",
                    "{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}"),
                   ("FillingTransform[{{1, 1, 1}, {1, 0, 1}, {1, 0, 1}}]",
                    "{{1, 1, 1}, {1, 0, 1}, {1, 0, 1}}")))
def filling_transform(ev, data, *rest):
    head = Symbol("FillingTransform")
    positional, options = _rules(rest)
    if len(positional) > 1:
        return None
    padding = number(options.get("Padding", Integer(0)))
    if padding is None:
        ev.message(head, "padding", options["Padding"])
        return None
    footprint = _neighbourhood(ev, head, options)
    values = None if footprint is None else _values(ev, head, data)
    if values is None:
        return None
    depth, marked = None, None
    if positional:
        depth = number(ev.evaluate(Expr(S.N, positional[0])))
        if depth is None or depth < 0:
            depth = None
            marked = _marker_mask(ev, positional[0], values.shape[:2])
            if marked is None:
                ev.message(head, "marker", positional[0])
                return None
    filled = np.stack([_filled_plane(values[:, :, c], footprint, padding, depth)
                       for c in range(values.shape[2])], axis=2)
    if marked is not None:
        filled = _kept_where_marked(values, filled, marked, footprint)
    if type(data) is Image:
        return Image(filled, data.image_type, data.color_space, data.options)
    plane = filled[:, :, 0]
    integral = np.array_equal(plane, np.round(plane)) and all(
        type(x) is Integer for row in data.args for x in getattr(row, "args", ()))
    return list_from_array(plane.astype(np.int64) if integral else plane)


# ---------------------------------------------------------------------------- extrema

def regional_maxima(values: np.ndarray, footprint: np.ndarray, h: float = 0.0) -> np.ndarray:
    """The boolean mask of the regional maxima of ``values`` (a vector or a matrix), of
    those higher than h above every path down from them when h > 0.

    The reconstruction by dilation of the values lowered by δ (less than their smallest
    gap) under the values rises back to them wherever a path leads up to something
    higher; it stays δ below on the maxima only."""
    def reconstructed(marker):
        return -reconstruct_by_erosion(-marker, -values, footprint)
    if h > 0:
        values = reconstructed(values - h)
    gaps = np.diff(np.unique(values))
    delta = float(gaps.min()) / 2 if gaps.size else 1.0
    return values - reconstructed(values - delta) > delta / 2


def _extrema(name: str, sign: float, word: str):
    def detect(ev, data, *rest):
        head = Symbol(name)
        positional, options = _rules(rest)
        if len(positional) > 1:
            return None
        h = 0.0
        if positional:
            h = number(ev.evaluate(Expr(S.N, positional[0])))
            if h is None or h < 0:
                ev.message(head, "depth", positional[0])
                return None
        footprint = _neighbourhood(ev, head, options)
        if footprint is None:
            return None
        if type(data) is not Image:
            arr = numeric_array(ev, data)
            if arr is not None and arr.ndim == 1:
                found = regional_maxima(sign * arr.astype(np.float64), np.ones(3, bool), h)
                return list_from_array(found.astype(np.int64))
        values = _values(ev, head, data)
        if values is None:
            return None
        found = regional_maxima(sign * values.mean(axis=2), footprint, h)
        if type(data) is Image:
            return Image(found, "Bit", "Grayscale", data.options)
        return list_from_array(found.astype(np.int64))
    builtin(name, argc=(1, None), messages=_MESSAGES,
            options={"CornerNeighbors": Symbol("True")},
            usage=f"{name}[image] is a binary image of the regional {word}a of the image (of "
                  f"the mean of its channels): connected plateaus with every neighbour "
                  f"{'lower' if sign > 0 else 'higher'}; {name}[image, h] only those that "
                  f"stand out by more than h; vectors and matrices give 0/1 lists.",
            examples=((f"{name}[{{1, 3, 2, 2, 5, 0}}]",
                       "{0, 1, 0, 0, 1, 0}" if sign > 0 else "{1, 0, 1, 1, 0, 1}"),
                      (f"{name}[{{1, 3, 2, 2, 5, 0}}, 1.5]",
                       "{0, 0, 0, 0, 1, 0}" if sign > 0 else "{1, 0, 0, 0, 0, 1}")))(detect)


_extrema("MaxDetect", 1.0, "maxim")
_extrema("MinDetect", -1.0, "minim")


# ---------------------------------------------------------------------------- watershed

_LEVELS = 255            # the relief is flooded level by level at 8-bit resolution


def _relief(values: np.ndarray) -> np.ndarray:
    """The mean of the channels, scaled onto the levels 0 … _LEVELS (flat: all 0)."""
    intensity = values.mean(axis=2)
    low, high = float(intensity.min()), float(intensity.max())
    scale = _LEVELS / (high - low) if high > low else 0.0
    return np.round((intensity - low) * scale).astype(np.int64)


def _shifted(arr: np.ndarray, dy: int, dx: int, fill) -> np.ndarray:
    """``arr`` moved so that out[i, j] = arr[i + dy, j + dx] (``fill`` outside)."""
    out = np.full_like(arr, fill)
    h, w = arr.shape
    out[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)] = \
        arr[max(0, dy):h - max(0, -dy), max(0, dx):w - max(0, -dx)]
    return out


def _offsets(footprint):
    return [(dy - 1, dx - 1) for dy in range(3) for dx in range(3)
            if footprint[dy, dx] and (dy, dx) != (1, 1)]


def _grown(labels: np.ndarray, allowed: np.ndarray, footprint) -> np.ndarray:
    """``labels`` spread step by step into the ``allowed`` unlabelled pixels next to
    them (a pixel reached by two basins at once takes the lower label), until none is
    left to reach: on a plateau each basin takes the pixels nearer to it."""
    from scipy import ndimage
    while True:
        reached = allowed & (labels == 0) & ndimage.binary_dilation(labels > 0, footprint)
        if not reached.any():
            return labels
        big = int(labels.max()) + 1          # above every label: "no basin here"
        lowest = ndimage.grey_erosion(np.where(labels > 0, labels, big), footprint=footprint,
                                      mode="constant", cval=big)
        labels = np.where(reached, lowest, labels)


def flooded(relief: np.ndarray, seeds: np.ndarray | None, footprint) -> np.ndarray:
    """The catchment basins of ``relief`` (integer levels), flooded level by level from
    the seeds (labels 1, 2, …), or, without seeds, from every regional minimum (a
    plateau no basin reaches when the water gets to its level), renumbered by first
    pixel row by row."""
    from scipy import ndimage
    labels = np.zeros(relief.shape, np.int64) if seeds is None else seeds.astype(np.int64)
    for level in np.unique(relief):
        under = relief <= level
        labels = _grown(labels, under, footprint)
        if seeds is None:
            new, count = ndimage.label(under & (labels == 0), footprint)
            labels = np.where(new > 0, new + labels.max(), labels)
    if seeds is None:
        labels = renumbered(labels)
    return labels


def _watershed_lines(labels: np.ndarray, relief: np.ndarray, footprint) -> np.ndarray:
    """The basins with 0 on the lines where they meet: of two neighbours in different
    basins the higher one (of equal height, the one of the higher label) goes to the
    line, so the line follows the ridge and is about one pixel wide."""
    out = labels.copy()
    top = np.iinfo(relief.dtype).max
    for dy, dx in _offsets(footprint):
        other = _shifted(labels, dy, dx, 0)
        other_height = _shifted(relief, dy, dx, top)
        higher = (relief > other_height) | ((relief == other_height) & (labels > other))
        out[(other > 0) & (other != labels) & higher] = 0
    return out


def _seed_positions(ev, spec, shape) -> np.ndarray | None:
    """Seeds of the pixels at the image positions {{x, y}, …}, or None."""
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, spec)), coerce=True) or spec)
    if arr is None or arr.ndim != 2 or arr.shape[1] != 2 or arr.dtype.kind not in "iuf":
        return None
    h, w = shape
    cols = np.clip(np.floor(arr[:, 0]).astype(np.int64), 0, w - 1)
    rows = np.clip(h - 1 - np.floor(arr[:, 1]).astype(np.int64), 0, h - 1)
    seeds = np.zeros(shape, dtype=np.int64)
    seeds[rows, cols] = np.arange(1, len(arr) + 1)
    return seeds


def _seeds(ev, spec, shape, footprint) -> np.ndarray | None:
    marked = _marker_mask(ev, spec, shape)
    if marked is not None:
        return components(marked, bool(footprint.all()))
    if is_list(spec) and spec.args and all(is_list(p) for p in spec.args):
        return _seed_positions(ev, spec, shape)
    return None


@builtin("WatershedComponents", argc=(1, None), messages=_MESSAGES,
         options={"CornerNeighbors": Symbol("Automatic"), "Method": Symbol("Automatic")},
         usage="WatershedComponents[image] is a label matrix of the catchment basins of the "
               "image's intensity, one per regional minimum, 0 on the watershed lines "
               "between them; WatershedComponents[image, marker] grows the basins from the "
               "nonzero components of a marker image or matrix, or from positions "
               "{{x, y}, …}.  Method -> \"Basins\" draws no lines.",
         examples=(("WatershedComponents[{{0, 1, 2, 1, 0}}]", "{{1, 1, 0, 2, 2}}"),
                   ('WatershedComponents[{{0, 1, 2, 1, 0}}, Method -> "Basins"]',
                    "{{1, 1, 1, 2, 2}}")))
def watershed_components(ev, data, *rest):
    head = Symbol("WatershedComponents")
    positional, options = _rules(rest)
    if len(positional) > 1:
        return None
    method = options.get("Method", Symbol("Automatic"))
    if method not in (Symbol("Automatic"), String("Watershed"), String("Immersion"),
                      String("Basins")):
        ev.message(head, "method", method)
        return None
    footprint = _neighbourhood(ev, head, options)
    values = None if footprint is None else _values(ev, head, data)
    if values is None:
        return None
    relief = _relief(values)
    if positional:
        seeds = _seeds(ev, positional[0], relief.shape, footprint)
        if seeds is None:
            ev.message(head, "wsmarker", positional[0])
            return None
    else:
        seeds = None
    basins = flooded(relief, seeds, footprint)
    if method != String("Basins"):
        basins = _watershed_lines(basins, relief, footprint)
    return list_from_array(basins)
