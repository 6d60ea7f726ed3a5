"""Connected components (``components``, the labels ``renumbered`` in reading order) and
MorphologicalComponents' methods other than "Connected" (WL's page lists them):

    "Nested"        a component inside a hole of another takes the outer one's label
    "BoundingBox"   components whose bounding boxes overlap are merged until no two boxes
                    overlap; every pixel of each box takes its label
    "ConvexHull"    likewise with the components' convex hulls
    "BoundingDisk"  likewise with their bounding disks (the smallest disks holding their
                    pixel centres, enlarged by half a pixel's diagonal)
    "Convex"        the components grouped as for "ConvexHull", only their own pixels
                    labelled

Labels run 1, 2, … in the order of the regions' first pixels, row by row.  The merging is
a loop over the regions (few), each shape drawn as a whole-array mask.
"""

from __future__ import annotations

import numpy as np

METHODS = ("Nested", "BoundingBox", "ConvexHull", "BoundingDisk", "Convex")


def components(mask: np.ndarray, corners: bool = True, border: bool = False) -> np.ndarray:
    """Labels 1, 2, … of the connected components of a boolean mask (2D or 3D), in the
    order of their first pixels row by row; ``border``: the outside is foreground (components touching the
    border are one)."""
    from scipy import ndimage
    rank = mask.ndim                        # 2, or 3 for a 3D image
    structure = np.ones((3,) * rank, bool) if corners else \
        ndimage.generate_binary_structure(rank, 1)
    if border:
        padded = np.pad(mask, 1, constant_values=True)
        labels, _ = ndimage.label(padded, structure)
        labels = labels[(slice(1, -1),) * rank]
    else:
        labels, _ = ndimage.label(mask, structure)
    return renumbered(labels)


def renumbered(labels: np.ndarray) -> np.ndarray:
    """The labels renumbered 1, 2, … in the order of their first pixels (row-major),
    the background 0."""
    flat = labels.ravel()
    present, first = np.unique(flat, return_index=True)
    order = present[np.argsort(first)]
    order = order[order != 0]
    renumber = np.zeros(labels.max() + 1, dtype=np.int64)
    renumber[order] = np.arange(1, len(order) + 1)
    return renumber[labels]


def nested(labels: np.ndarray) -> np.ndarray:
    """Each component inside the filled shape of another takes the outermost one's label."""
    from scipy import ndimage
    count = int(labels.max())
    filled = {k: ndimage.binary_fill_holes(labels == k) for k in range(1, count + 1)}
    area = {k: int(f.sum()) for k, f in filled.items()}
    owner = {}
    for k in sorted(filled, key=lambda k: -area[k]):   # the largest first: outermost owns
        owner.setdefault(k, k)
        inside = np.unique(labels[filled[k]])
        for j in inside[(inside > 0) & (inside != k)]:
            owner.setdefault(int(j), owner[k])
    mapping = np.zeros(count + 1, dtype=np.int64)
    for k, o in owner.items():
        mapping[k] = o
    return renumbered(mapping[labels])


def _box(mask: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(mask)
    shape = np.zeros(mask.shape, bool)
    shape[rows.min():rows.max() + 1, cols.min():cols.max() + 1] = True
    return shape


def _hull(mask: np.ndarray) -> np.ndarray:
    """The pixels whose centres lie in the convex hull of the mask's pixel squares."""
    from scipy.spatial import ConvexHull, QhullError
    rows, cols = np.nonzero(mask)
    corners = np.concatenate([np.stack([rows + dr, cols + dc], axis=1)
                              for dr in (-0.5, 0.5) for dc in (-0.5, 0.5)])
    try:
        hull = ConvexHull(corners)
    except QhullError:                                         # a line of pixels
        return _box(mask)
    r, c = np.mgrid[0:mask.shape[0], 0:mask.shape[1]]
    points = np.stack([r.ravel(), c.ravel()], axis=1)
    inside = np.all(points @ hull.equations[:, :2].T + hull.equations[:, 2] <= 1e-9, axis=1)
    return inside.reshape(mask.shape) | mask


def _smallest_disk(points: np.ndarray) -> tuple:
    """(centre, radius) of the smallest disk holding the points (an incremental
    construction over the points in a fixed shuffled order: Welzl's expected linear
    time)."""
    pts = points[np.random.default_rng(0).permutation(len(points))]

    def circle(a, b=None, c=None):
        if b is None:
            return a, 0.0
        if c is None:
            centre = (a + b) / 2
            return centre, float(np.linalg.norm(a - centre))
        d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]))
        if abs(d) < 1e-12:                                     # collinear: the widest pair
            pairs = [(a, b), (a, c), (b, c)]
            return max((circle(p, q) for p, q in pairs), key=lambda x: x[1])
        sa, sb, sc = a @ a, b @ b, c @ c
        centre = np.array([sa * (b[1] - c[1]) + sb * (c[1] - a[1]) + sc * (a[1] - b[1]),
                           sa * (c[0] - b[0]) + sb * (a[0] - c[0]) + sc * (b[0] - a[0])]) / d
        return centre, float(np.linalg.norm(a - centre))

    def holds(disk, p):
        return np.linalg.norm(p - disk[0]) <= disk[1] + 1e-9

    disk = circle(pts[0])
    for i in range(1, len(pts)):
        if holds(disk, pts[i]):
            continue
        disk = circle(pts[i])
        for j in range(i):
            if holds(disk, pts[j]):
                continue
            disk = circle(pts[i], pts[j])
            for k in range(j):
                if not holds(disk, pts[k]):
                    disk = circle(pts[i], pts[j], pts[k])
    return disk


def _disk(mask: np.ndarray) -> np.ndarray:
    from scipy.spatial import ConvexHull, QhullError
    points = np.argwhere(mask).astype(float)
    try:                                  # the disk is fixed by the hull's vertices
        points = points[ConvexHull(points).vertices] if len(points) > 3 else points
    except QhullError:
        pass
    centre, radius = _smallest_disk(points)
    r, c = np.mgrid[0:mask.shape[0], 0:mask.shape[1]]
    return (np.hypot(r - centre[0], c - centre[1]) <= radius + np.sqrt(0.5)) | mask


_SHAPES = {"BoundingBox": _box, "ConvexHull": _hull, "BoundingDisk": _disk, "Convex": _hull}


def merged_regions(labels: np.ndarray, method: str) -> np.ndarray:
    """The components merged until their shapes do not overlap; the shapes (or, for
    "Convex", the components' own pixels) labelled."""
    shape_of = _SHAPES[method]
    groups = [labels == k for k in range(1, int(labels.max()) + 1)]
    shapes = [shape_of(g) for g in groups]
    merging = True
    while merging:
        merging = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if (shapes[i] & shapes[j]).any():
                    groups[i] = groups[i] | groups[j]
                    shapes[i] = shape_of(groups[i])
                    del groups[j], shapes[j]
                    merging = True
                    break
            if merging:
                break
    out = np.zeros(labels.shape, dtype=np.int64)
    for k, (group, shape) in enumerate(zip(groups, shapes), start=1):
        out[group if method == "Convex" else shape] = k
    return renumbered(out)


def labelled(mask: np.ndarray, method: str, corners: bool, border: bool) -> np.ndarray:
    """MorphologicalComponents' label matrix by one of the methods above."""
    labels = components(mask, corners, border)
    if method == "Nested":
        return nested(labels)
    return merged_regions(labels, method) if labels.max() > 0 else labels
