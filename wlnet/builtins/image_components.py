"""Connected components of images and what they measure: MorphologicalComponents,
ComponentMeasurements, DistanceTransform, and the clean-ups DeleteSmallComponents,
DeleteBorderComponents, SelectComponents (the components of an image, or the labels of a
label matrix: what they drop becomes background, or label 0).

    MorphologicalComponents[image], MorphologicalComponents[image, t]
        a matrix of the image's size: 0 for the background, 1, 2, … for the connected
        components of foreground pixels (values above t, 0 by default; a colour pixel is
        foreground when a channel is), numbered in the order their first pixels come row by
        row from the top.  CornerNeighbors -> True (the default) joins diagonal
        neighbours; Padding -> 1 takes the outside as foreground, joining every component
        that touches the border.  A numeric matrix works as an image does.
    ComponentMeasurements[image | {image, labels} | labels, "prop" | {props…}, crit]
        {1 -> value, 2 -> value, …} per component (of MorphologicalComponents[image], or of
        the label matrix given); with a criterion only the components for which
        crit[<|"Area" -> …, …|>] is True (#Area > 10 &).  Properties: "Area" and "Count"
        (pixels), "Label", "Mask" (a SparseArray of the image's size, 1 on the
        component), "Centroid" ({x, y} in image coordinates, pixel centres at
        half-integers), "BoundingBox" ({{xmin, ymin}, {xmax, ymax}}), "Width", "Length"
        (its sides), "AdjacentBorderCount" (how many of the image's sides it touches),
        "EquivalentDiskRadius" (of the disk of its area), "SemiAxes", "Orientation" (of
        the major axis, from the x axis), "Elongation" (1 - b/a), "Eccentricity" (of the
        ellipse of its second moments, each pixel a unit square), "Holes",
        "Mean", "Min", "Max", "Total", "StandardDeviation" (of the image's values in the
        component; per channel for a colour image).  A criterion naming properties (#Area)
        gets those it names; one with #1, #2, … gets the values of the properties asked for.
    DistanceTransform[image], DistanceTransform[image, t]
        each foreground pixel's distance to the nearest background pixel (the outside
        counts as background: Padding -> 0; Padding -> 1 as foreground);
        DistanceFunction -> EuclideanDistance (the default), ManhattanDistance or
        ChessboardDistance.  A "Real32" image, or a matrix
        for a matrix.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list, numeric_array
from wlnet.builtins.component_regions import METHODS, components, labelled, renumbered
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options, message_slots
from wlnet.core.image3d import Image3D
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image or a numeric matrix instead of `1`.",
    "thresh": "`1` is not a threshold (a real number).",
    "method": "`1` is not a components method (\"Connected\", \"Nested\", \"Convex\", "
              "\"ConvexHull\", \"BoundingBox\" or \"BoundingDisk\").",
    "sizemethod": "`1` is not a method of finding the small components (\"Cluster\", "
                  "\"Mean\" or \"Median\").",
    "padding": "`1` is not a padding of the components (0 or 1).",
    "method3d": "The components of a 3D image are found by the \"Connected\" method only, "
                "not `1`.",
    "prop": "`1` is not a known component property.",
    "labels": "`1` is not a label matrix of the image's size.",
    "dfun": "`1` is not a distance function (EuclideanDistance, ManhattanDistance or "
            "ChessboardDistance).",
}
_PROPERTIES = ("Area", "Count", "Label", "Mask", "Centroid", "BoundingBox", "Width", "Length",
               "EquivalentDiskRadius", "SemiAxes", "Orientation", "Elongation", "Eccentricity",
               "Holes", "FilledCount", "AreaRadiusCoverage",
               "PerimeterCount", "OuterPerimeterCount", "PerimeterLength", "PerimeterPositions",
               "MaxPerimeterDistance",
               "Medoid", "MeanCentroidDistance", "MaxCentroidDistance", "MinCentroidDistance",
               "AdjacentBorderCount", "Mean", "Min", "Max", "Total", "StandardDeviation")
# the output forms of ComponentMeasurements' fourth argument
_FORMATS = ("ComponentAssociation", "PropertyAssociation", "ComponentPropertyAssociation",
            "PropertyComponentAssociation", "Dataset")


def _rules(rest):
    positional = [r for r in rest if not (type(r) is Expr and r.head in (S.Rule,
                                                                         S.RuleDelayed))]
    options = {r.args[0].name: r.args[1] for r in rest if r not in positional
               and type(r.args[0]) is Symbol}
    return positional, options


def _values(ev, head, data) -> np.ndarray | None:
    """(h, w, c) values of an image, or of a numeric matrix (one channel)."""
    if type(data) is Image:
        return data.reals()
    arr = numeric_array(ev, data)
    if arr is None or arr.ndim != 2:
        ev.message(head, "imginv", *message_slots(data))
        return None
    return arr.astype(np.float64)[:, :, None]


def _foreground(ev, head, values, threshold_expr) -> np.ndarray | None:
    t = 0.0 if threshold_expr is None else number(ev.evaluate(Expr(S.N, threshold_expr)))
    if t is None:
        ev.message(head, "thresh", threshold_expr)
        return None
    return np.any(values > t, axis=-1)


def _mask_and_padding(ev, head, data, positional, options):
    """(the foreground mask of data, above the threshold given as positional[0] if any;
    the Padding option, 0 or 1), or None after head's message."""
    padding = options.get("Padding", Integer(0))
    if padding not in (Integer(0), Integer(1)):
        ev.message(head, "padding", padding)
        return None
    values = _values(ev, head, data)
    if values is None:
        return None
    mask = _foreground(ev, head, values, positional[0] if positional else None)
    return None if mask is None else (mask, padding)


@builtin("MorphologicalComponents", argc=(1, None), messages=_MESSAGES,
         options={"CornerNeighbors": Symbol("True"), "Method": String("Connected"),
                  "Padding": Integer(0)},
         usage="MorphologicalComponents[image] is a matrix of the image's size: 0 for the "
               "background, 1, 2, … for the connected components of its nonzero pixels (of "
               "a 3D image a rank-3 array, voxels joined across slices); "
               "MorphologicalComponents[image, t] takes values above t as foreground; "
               "CornerNeighbors (True: diagonal neighbours join), Padding -> 1 (components "
               "touching the border are one), Method -> \"Nested\", \"Convex\", "
               "\"ConvexHull\", \"BoundingBox\", \"BoundingDisk\" (see "
               "component_regions.py).",
         examples=(("MorphologicalComponents[{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}]",
                    "{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}"),
                   ("MorphologicalComponents[{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, "
                    "CornerNeighbors -> False]", "{{1, 0, 0}, {0, 2, 0}, {0, 0, 3}}")))
def morphological_components(ev, data, *rest):
    head = Symbol("MorphologicalComponents")
    positional, options = _rules(rest)
    if len(positional) > 1:
        return None
    method = options.get("Method", String("Connected"))
    if method == Symbol("Automatic"):
        method = String("Connected")
    if not (type(method) is String and method.value in ("Connected",) + METHODS):
        ev.message(head, "method", method)
        return None
    if type(data) is Image3D:
        return _volume_components(ev, head, data, positional, options, method)
    found = _mask_and_padding(ev, head, data, positional, options)
    if found is None:
        return None
    mask, padding = found
    corners, border = options.get("CornerNeighbors") != Symbol("False"), padding == Integer(1)
    if method.value == "Connected":
        return list_from_array(components(mask, corners, border))
    return list_from_array(labelled(mask, method.value, corners, border))


def _volume_components(ev, head, image, positional, options, method):
    """MorphologicalComponents of a 3D image: a rank-3 array of labels, its voxels joined
    across slices too (26 neighbours; 6 with CornerNeighbors -> False)."""
    if method.value != "Connected":          # the region methods are drawn in 2D
        ev.message(head, "method3d", method)
        return None
    padding = options.get("Padding", Integer(0))
    if padding not in (Integer(0), Integer(1)):
        ev.message(head, "padding", padding)
        return None
    mask = _foreground(ev, head, image.reals(), positional[0] if positional else None)
    if mask is None:
        return None
    return list_from_array(components(mask, options.get("CornerNeighbors") != Symbol("False"),
                                      padding == Integer(1)))


# ---------------------------------------------------------------------------- measurements

def _measure(name: str, label: int, rows, cols, shape: tuple, values) -> Expr:
    """One property of the component whose pixels are at (rows, cols) of an image of
    ``shape`` (height, width)."""
    height, width = shape
    if name in ("Area", "Count"):
        return Integer(len(rows))
    if name == "AdjacentBorderCount":                 # the image's sides it touches
        return Integer(int(rows.min() == 0) + int(rows.max() == height - 1)
                       + int(cols.min() == 0) + int(cols.max() == width - 1))
    if name == "Label":
        return Integer(label)
    if name == "Mask":                     # the component's pixels as 1s, image-sized
        mask = np.zeros(shape, dtype=np.int64)
        mask[rows, cols] = 1
        return Expr(S.SparseArray, list_from_array(mask))
    if name == "Centroid":
        return list_from_array(np.array([cols.mean() + 0.5, height - rows.mean() - 0.5]))
    x0, x1 = cols.min(), cols.max() + 1
    y0, y1 = height - (rows.max() + 1), height - rows.min()
    if name == "BoundingBox":
        return list_from_array(np.array([[x0, y0], [x1, y1]], dtype=np.int64))
    if name in ("Width", "Length"):
        return Integer(int(min(x1 - x0, y1 - y0) if name == "Width" else max(x1 - x0, y1 - y0)))
    if name in _SHAPE_PROPERTIES:
        return _shape_measure(name, rows, cols)
    if name in _OUTLINE_PROPERTIES:
        return _outline_measure(name, rows, cols, shape)
    inside = values[rows, cols]                     # (n, channels)
    stat = {"Mean": np.mean, "Min": np.min, "Max": np.max, "Total": np.sum,
            "StandardDeviation": lambda a, axis: np.std(a, axis=axis, ddof=1)
            if a.shape[0] > 1 else np.zeros(a.shape[1])}[name](inside, axis=0)
    return Real(float(stat[0])) if stat.size == 1 else list_from_array(stat)


_SHAPE_PROPERTIES = ("EquivalentDiskRadius", "SemiAxes", "Orientation", "Elongation",
                     "Eccentricity", "Holes")


def _ellipse(rows, cols) -> tuple:
    """(semi-axes a ≥ b, the major axis's angle from the x axis in (-π/2, π/2]) of the
    ellipse with the pixels' second moments (each pixel a unit square)."""
    x, y = cols.astype(float), -rows.astype(float)            # y up
    dx, dy = x - x.mean(), y - y.mean()
    cov = np.array([[np.mean(dx * dx), np.mean(dx * dy)],
                    [np.mean(dx * dy), np.mean(dy * dy)]]) + np.eye(2) / 12.0
    eigenvalues, vectors = np.linalg.eigh(cov)
    b, a = 2 * np.sqrt(np.maximum(eigenvalues, 0.0))
    vx, vy = vectors[:, 1]
    angle = np.arctan2(vy, vx)
    if angle <= -np.pi / 2:
        angle += np.pi
    elif angle > np.pi / 2:
        angle -= np.pi
    return a, b, angle


def _shape_measure(name: str, rows, cols) -> Expr:
    if name == "EquivalentDiskRadius":
        return Real(float(np.sqrt(len(rows) / np.pi)))
    if name == "Holes":
        # background pieces inside the component's box that do not reach its edge
        box = np.zeros((rows.max() - rows.min() + 3, cols.max() - cols.min() + 3), bool)
        box[rows - rows.min() + 1, cols - cols.min() + 1] = True
        return Integer(int(components(~box, corners=False).max()) - 1)
    a, b, angle = _ellipse(rows, cols)
    if name == "SemiAxes":
        return list_from_array(np.array([a, b]))
    if name == "Orientation":
        return Real(float(angle))
    if name == "Elongation":
        return Real(float(1 - b / a) if a > 0 else 0.0)
    return Real(float(np.sqrt(max(1 - (b / a) ** 2, 0.0))) if a > 0 else 0.0)   # Eccentricity


# properties of the component's outline and of its pixels' distances from the centroid
_OUTLINE_PROPERTIES = ("FilledCount", "AreaRadiusCoverage", "PerimeterCount",
                       "OuterPerimeterCount", "PerimeterLength", "PerimeterPositions",
                       "MaxPerimeterDistance", "Medoid", "MeanCentroidDistance",
                       "MaxCentroidDistance", "MinCentroidDistance")
_SIDES = ((-1, 0), (1, 0), (0, -1), (0, 1))


def _boxed(rows, cols) -> tuple:
    """The component as a boolean mask in its bounding box with a one-pixel frame, and
    the row and column of the box's origin."""
    top, left = rows.min() - 1, cols.min() - 1
    box = np.zeros((rows.max() - top + 2, cols.max() - left + 2), bool)
    box[rows - top, cols - left] = True
    return box, top, left


def _outline_measure(name: str, rows, cols, shape: tuple) -> Expr:
    """The outline properties (WL's "perimeter" ones take the component's pixels with a
    side on a pixel outside it; positions are pixel centres in image coordinates)."""
    from scipy import ndimage
    height, width = shape
    box, top, left = _boxed(rows, cols)
    centres = np.stack([cols + 0.5, height - rows - 0.5], axis=1)
    centroid = centres.mean(axis=0)
    distances = np.hypot(*(centres - centroid).T)
    if name == "FilledCount":
        return Integer(int(ndimage.binary_fill_holes(box).sum()))
    if name == "AreaRadiusCoverage":          # the share within the equivalent disk's radius
        return Real(float(np.mean(distances <= np.sqrt(len(rows) / np.pi))))
    if name == "Medoid":
        return list_from_array(centres[np.argmin(distances)])
    if name in ("MeanCentroidDistance", "MaxCentroidDistance", "MinCentroidDistance"):
        reduce = {"MeanCentroidDistance": np.mean, "MaxCentroidDistance": np.max,
                  "MinCentroidDistance": np.min}[name]
        return Real(float(reduce(distances)))
    open_sides = sum(box & ~np.roll(box, (dy, dx), axis=(0, 1)) for dy, dx in _SIDES)
    if name == "PerimeterLength":             # the pixel sides between it and the rest
        return Integer(int(open_sides.sum()))
    edge = open_sides > 0
    if name == "PerimeterCount":
        return Integer(int(edge.sum()))
    if name == "OuterPerimeterCount":         # the image's pixels with a side on it
        r, c = np.nonzero(ndimage.binary_dilation(box) & ~box)
        r, c = r + top, c + left
        return Integer(int(np.sum((r >= 0) & (r < height) & (c >= 0) & (c < width))))
    if name == "MaxPerimeterDistance":        # the farthest any pixel lies from the edge
        return Real(float(ndimage.distance_transform_edt(~edge)[box].max()))
    r, c = np.nonzero(edge)                   # PerimeterPositions, in row order
    order = np.lexsort((c, r))
    return list_from_array(np.stack([c[order] + left + 0.5,
                                     height - (r[order] + top) - 0.5], axis=1))


def _subjects(ev, head, data):
    """(label matrix, values or None) of ComponentMeasurements' first argument."""
    if is_list(data) and len(data.args) == 2 and type(data.args[0]) is Image:
        values = data.args[0].reals()
        labels = packed_array(to_packed(data.args[1]) or data.args[1])
        if labels is None or labels.shape != values.shape[:2] or labels.dtype.kind not in "iu":
            ev.message(head, "labels", data.args[1])
            return None
        return labels.astype(np.int64), values
    if type(data) is Image:
        values = data.reals()
        return components(np.any(values > 0, axis=2)), values
    labels = packed_array(to_packed(data) or data) if is_list(data) else None
    if labels is None or labels.ndim != 2 or labels.dtype.kind not in "iu":
        ev.message(head, "imginv", *message_slots(data))
        return None
    return labels.astype(np.int64), None


def _slot_names(e) -> set:
    """The names of the named slots (#Area) e holds."""
    if type(e) is not Expr:
        return set()
    if e.head is S.Slot and e.args and type(e.args[0]) is String:
        return {e.args[0].value}
    return _slot_names(e.head).union(*(_slot_names(a) for a in e.args))


def _offered(crit, values) -> list:
    """The properties a criterion is given: those it names (#Area), or all but the
    image-sized "Mask" when it names none; the value statistics only of an image."""
    named = _slot_names(crit)
    return [p for p in _PROPERTIES if (p in named if named else p != "Mask") and (
        values is not None or p not in ("Mean", "Min", "Max", "Total", "StandardDeviation"))]


def _criterion_call(crit, names, measured, values) -> Expr:
    """crit applied to a component: to <|"Area" -> …|> of the properties it names (#Area),
    else to the values of the properties asked for (#1, #2, …)."""
    if not _slot_names(crit):
        return Expr(crit, *[measured(n.value) for n in names])
    known = _offered(crit, values)
    return Expr(crit, Expr(S.Association, *[Expr(S.Rule, String(p), measured(p))
                                             for p in known]))


@builtin("ComponentMeasurements", argc=(2, 4), messages={
    **_MESSAGES, "form": "`1` is not an output form (\"ComponentAssociation\", "
                         "\"PropertyAssociation\", \"ComponentPropertyAssociation\", "
                         "\"PropertyComponentAssociation\" or \"Dataset\")."},
         usage="ComponentMeasurements[image, \"prop\"] is {1 -> value, 2 -> value, …} for the "
               "connected components of the image (or of a label matrix given as "
               "{image, labels} or alone); {props…} gives a list per component; a third "
               "argument keeps the components a criterion is True for (#Area > 10 &; All: "
               "every one); a fourth gives the result as an association "
               "(\"ComponentAssociation\", \"PropertyAssociation\", "
               "\"ComponentPropertyAssociation\", \"PropertyComponentAssociation\") or a "
               "Dataset (\"Dataset\": a row per component).  "
               "ComponentMeasurements[data, \"Properties\"] lists the properties: "
               + ", ".join(f"\"{p}\"" for p in _PROPERTIES) + ".",
         examples=(('ComponentMeasurements[{{1, 1, 0}, {0, 0, 2}}, "Area"]',
                    "{1 -> 2, 2 -> 1}"),
                   ('ComponentMeasurements[{{1, 1, 0}, {0, 0, 2}}, "Centroid"]',
                    "{1 -> {1., 1.5}, 2 -> {2.5, 0.5}}"),
                   ('ComponentMeasurements[{{1, 1, 0}, {0, 0, 2}}, {"Area", "PerimeterLength"}, '
                    'All, "PropertyAssociation"]',
                    '<|"Area" -> <|1 -> 2, 2 -> 1|>, "PerimeterLength" -> <|1 -> 6, 2 -> 4|>|>')))
def component_measurements(ev, data, props, crit=None, form=None):
    head = Symbol("ComponentMeasurements")
    if props == String("Properties"):
        return Expr(S.List, *[String(p) for p in _PROPERTIES])
    names = list(props.args) if is_list(props) else [props]
    for n in names:
        if type(n) is not String or n.value not in _PROPERTIES:
            ev.message(head, "prop", n)
            return None
    if form is not None and not (type(form) is String and form.value in _FORMATS):
        ev.message(head, "form", form)
        return None
    subjects = _subjects(ev, head, data)
    if subjects is None:
        return None
    labels, values = subjects
    if values is None and any(n.value in ("Mean", "Min", "Max", "Total", "StandardDeviation")
                              for n in names):
        ev.message(head, "prop", next(n for n in names if n.value in (
            "Mean", "Min", "Max", "Total", "StandardDeviation")))
        return None
    if crit in (Symbol("All"), Symbol("True")):
        crit = None
    table = []                                 # (label, [value of each property])
    for label in (l for l in np.unique(labels) if l > 0):
        rows, cols = np.nonzero(labels == label)

        def measured(name):
            return _measure(name, int(label), rows, cols, labels.shape, values)
        if crit is not None and ev.evaluate(_criterion_call(crit, names, measured, values)) \
                != Symbol("True"):
            continue
        table.append((Integer(int(label)), [measured(n.value) for n in names]))
    return _formatted(table, names, is_list(props), form)


def _formatted(table: list, names: list, several: bool, form) -> Expr:
    """The measurements as {label -> value(s)} or in the association ``form`` asks for."""
    def assoc(pairs):
        return Expr(S.Association, *[Expr(S.Rule, k, v) for k, v in pairs])
    if form is None:
        return Expr(S.List, *[Expr(S.Rule, label, Expr(S.List, *row) if several else row[0])
                              for label, row in table])
    if form.value in ("ComponentAssociation", "Dataset"):    # a Dataset: a row per component
        rows = assoc((label, assoc(zip(names, row))) for label, row in table)
        return rows if form.value == "ComponentAssociation" else Expr(Symbol("Dataset"), rows)
    if form.value == "PropertyAssociation":
        return assoc((name, assoc((label, row[k]) for label, row in table))
                     for k, name in enumerate(names))
    first_component = form.value == "ComponentPropertyAssociation"
    return assoc((Expr(S.List, label, name) if first_component else Expr(S.List, name, label),
                  value) for label, row in table for name, value in zip(names, row))


# ---------------------------------------------------------------------------- distances

@builtin("DistanceTransform", argc=(1, None), messages=_MESSAGES,
         options={"DistanceFunction": Symbol("EuclideanDistance"), "Padding": Integer(0)},
         usage="DistanceTransform[image] gives each foreground (nonzero) pixel its distance to "
               "the nearest background pixel, the outside counting as background (Padding -> "
               "0; with Padding -> 1 as foreground); "
               "DistanceTransform[image, t] takes values above t as foreground; "
               "DistanceFunction -> EuclideanDistance, ManhattanDistance or "
               "ChessboardDistance.",
         examples=(("DistanceTransform[{{0, 1, 1, 1, 1}}, Padding -> 1]",
                    "{{0., 1., 2., 3., 4.}}"),
                   ("DistanceTransform[{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}]",
                    "{{1., 1., 1.}, {1., 2., 1.}, {1., 1., 1.}}")))
@keeps_display_options
def distance_transform(ev, data, *rest):
    from scipy import ndimage
    head = Symbol("DistanceTransform")
    positional, options = _rules(rest)
    if len(positional) > 1:
        return None
    metric = options.get("DistanceFunction", Symbol("EuclideanDistance"))
    if metric not in (Symbol("EuclideanDistance"), Symbol("ManhattanDistance"),
                      Symbol("ChessboardDistance"), Symbol("Automatic")):
        ev.message(head, "dfun", metric)
        return None
    found = _mask_and_padding(ev, head, data, positional, options)
    if found is None:
        return None
    mask, padding = found
    if not (~mask).any() and padding == Integer(1):      # no background anywhere
        distances = np.full(mask.shape, np.inf)
        return list_from_array(distances) if type(data) is not Image else \
            Image(distances.astype(np.float32), "Real32")
    # the outside: background (Padding -> 0) or foreground (Padding -> 1)
    padded = np.pad(mask, 1, constant_values=padding == Integer(1))
    if metric in (Symbol("ManhattanDistance"), Symbol("ChessboardDistance")):
        kind = "taxicab" if metric == Symbol("ManhattanDistance") else "chessboard"
        distances = ndimage.distance_transform_cdt(padded, metric=kind).astype(np.float64)
    else:
        distances = ndimage.distance_transform_edt(padded)
    distances = distances[1:-1, 1:-1]
    if type(data) is Image:
        return Image(distances.astype(np.float32), "Real32")
    return list_from_array(distances)


# ---------------------------------------------------------------------------- cleaning up

def _labelled(ev, head, data, corners: bool):
    """(label matrix, the image or None) of an image (its components) or a label matrix."""
    if type(data) is Image:
        return components(np.any(data.reals() > 0, axis=2), corners), data
    labels = packed_array(to_packed(data) or data) if is_list(data) else None
    if labels is None or labels.ndim != 2 or labels.dtype.kind not in "iu":
        ev.message(head, "imginv", *message_slots(data))
        return None
    return labels.astype(np.int64), None


def _without(labels: np.ndarray, image, drop: np.ndarray):
    """The image with the pixels of the labels in ``drop`` made background (0), or the
    label matrix with those labels 0."""
    gone = np.isin(labels, drop) & (labels > 0)
    if image is None:
        return list_from_array(np.where(gone, 0, labels))
    values = image.reals()
    values[gone] = 0.0
    return Image(values, image.image_type, image.color_space)


def _otsu(sizes: np.ndarray) -> float:
    """The size threshold that splits the sizes into two groups of the largest
    between-group variance (Otsu's method on the component sizes)."""
    candidates = np.unique(sizes)
    best, threshold = -1.0, candidates[0] - 1
    for t in candidates[:-1]:
        low, high = sizes[sizes <= t], sizes[sizes > t]
        spread = len(low) * len(high) * (low.mean() - high.mean()) ** 2
        if spread > best:
            best, threshold = spread, t
    return float(threshold)


@builtin("DeleteSmallComponents", argc=(1, None), messages=_MESSAGES,
         options={"CornerNeighbors": Symbol("True"), "Method": Symbol("Automatic")},
         usage="DeleteSmallComponents[image] makes background of the small connected "
               "components of an image (or sets the small labels of a label matrix to 0); "
               "DeleteSmallComponents[…, n] those of n or fewer pixels; Method -> \"Cluster\" "
               "(the default: the sizes split in two groups by Otsu's method), \"Mean\" or "
               "\"Median\" (smaller than that).",
         examples=(("DeleteSmallComponents[{{1, 1, 0, 2}, {1, 1, 0, 0}}, 1]",
                    "{{1, 1, 0, 0}, {1, 1, 0, 0}}"),))
@keeps_display_options
def delete_small_components(ev, data, *rest):
    head = Symbol("DeleteSmallComponents")
    positional, options = _rules(rest)
    if len(positional) > 1:
        return None
    found = _labelled(ev, head, data, options.get("CornerNeighbors") != Symbol("False"))
    if found is None:
        return None
    labels, image = found
    present, sizes = np.unique(labels[labels > 0], return_counts=True)
    if positional:
        n = number(positional[0])
        if n is None:
            ev.message(head, "thresh", positional[0])
            return None
        return _without(labels, image, present[sizes <= n])
    method = options.get("Method", Symbol("Automatic"))
    if not present.size:
        return _without(labels, image, present)
    if method in (Symbol("Automatic"), String("Cluster")):
        drop = present[sizes <= _otsu(sizes)] if len(np.unique(sizes)) > 1 else present[:0]
    elif method in (String("Mean"), String("Median")):
        cut = sizes.mean() if method == String("Mean") else np.median(sizes)
        drop = present[sizes < cut]
    else:
        ev.message(head, "sizemethod", method)
        return None
    return _without(labels, image, drop)


@builtin("DeleteBorderComponents", argc=(1, None), messages=_MESSAGES,
         options={"CornerNeighbors": Symbol("True")},
         usage="DeleteBorderComponents[image] makes background of the connected components "
               "that touch the image's border (for a label matrix: sets their labels to 0).",
         examples=(("DeleteBorderComponents[{{1, 0, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}}]",
                    "{{0, 0, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}}"),))
@keeps_display_options
def delete_border_components(ev, data, *rest):
    head = Symbol("DeleteBorderComponents")
    _, options = _rules(rest)
    found = _labelled(ev, head, data, options.get("CornerNeighbors") != Symbol("False"))
    if found is None:
        return None
    labels, image = found
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return _without(labels, image, border[border > 0])


@builtin("SelectComponents", argc=2, messages=_MESSAGES,
         usage="SelectComponents[image, crit] keeps the connected components for which crit "
               "is True (crit[<|\"Area\" -> …, \"Centroid\" -> …, …|>], #Area > 10 &) and makes "
               "background of the others; of a label matrix, sets the other labels to 0.",
         examples=(('SelectComponents[{{1, 1, 0, 2}, {1, 1, 0, 0}}, #Area > 1 &]',
                    "{{1, 1, 0, 0}, {1, 1, 0, 0}}"),))
@keeps_display_options
def select_components(ev, data, crit):
    head = Symbol("SelectComponents")
    found = _labelled(ev, head, data, True)
    if found is None:
        return None
    labels, image = found
    values = image.reals() if image is not None else None
    known = _offered(crit, values)
    drop = []
    for label in (l for l in np.unique(labels) if l > 0):
        rows, cols = np.nonzero(labels == label)
        facts = Expr(S.Association, *[
            Expr(S.Rule, String(p), _measure(p, int(label), rows, cols, labels.shape, values))
            for p in known])
        if ev.evaluate(Expr(crit, facts)) != Symbol("True"):
            drop.append(label)
    return _without(labels, image, np.array(drop, dtype=np.int64))
