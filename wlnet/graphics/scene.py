"""A Graphics expression's primitives read into draw items (no matplotlib here).

``collect(primitives, warn)`` walks the primitives with the directive state (lists and
``Style`` scope directives), resolves ``GraphicsComplex`` indices, and gives a ``Scene``:
the items in drawing order, each with its ``Style``, the bounding box of their
coordinates, and the top-level groups (for legends).  Rotate, Translate, Scale and
GeometricTransformation around primitives are applied to their items (graphics/transforms).  Anything that is neither a
primitive nor a directive is reported as ``Graphics::gprim`` and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wlnet.core.expr import Expr, S, String, Symbol, from_python
from wlnet.graphics.style import Style, apply_directive
from wlnet.graphics.transforms import TRANSFORM_HEADS, affine_maps, transform_item
from wlnet.graphics.values import is_list, number, numeric_array, point, points

__all__ = ["Item", "Scene", "collect"]


@dataclass(frozen=True)
class Item:
    kind: str            # line, points, polygon, rectangle, disk, circle, arrow, text, raster, image
    style: Style
    data: object
    group: int = -1      # index of the top-level group it belongs to (legends)


@dataclass
class Scene:
    items: list = field(default_factory=list)
    group_styles: dict = field(default_factory=dict)     # group -> (kind, style)
    xs: list = field(default_factory=list)               # coordinates seen, for the range
    ys: list = field(default_factory=list)
    # Annotation[g, data]: (data, ((xmin, xmax), (ymin, ymax)) of g's coordinates)
    annotations: list = field(default_factory=list)

    def add(self, item: Item, coords) -> None:
        self.items.append(item)
        coords = np.asarray(coords, float).reshape(-1, 2)
        finite = np.isfinite(coords).all(axis=1)
        self.xs.append(coords[finite, 0])
        self.ys.append(coords[finite, 1])
        if item.group >= 0 and item.group not in self.group_styles \
                and item.kind not in ("text",):
            self.group_styles[item.group] = (item.kind, item.style)

    def bounds(self):
        """((xmin, xmax), (ymin, ymax)) of every coordinate, None for an empty axis."""
        out = []
        for parts in (self.xs, self.ys):
            values = np.concatenate(parts) if parts else np.zeros(0)
            out.append((float(values.min()), float(values.max())) if values.size else None)
        return tuple(out)


def collect(primitives, warn, style: Style | None = None) -> Scene:
    scene = Scene()
    walker = _Walker(scene, warn)
    style = style or Style()
    if is_list(primitives):
        for i, p in enumerate(primitives.args):
            style = walker.walk(p, style, group=i)
    else:
        walker.walk(primitives, style, group=0)
    return scene


class _Walker:
    def __init__(self, scene: Scene, warn):
        self.scene = scene
        self.warn = warn
        self.vertices = None           # GraphicsComplex coordinates, when inside one

    def walk(self, e, style: Style, group: int) -> Style:
        """Draw ``e``; return the style in force after it (a directive changes it)."""
        if is_list(e):
            inner = style
            for a in e.args:
                inner = self.walk(a, inner, group)
            return style
        changed = apply_directive(style, e)
        if changed is not None:
            return changed
        head = e.head.name if type(e) is Expr and type(e.head) is Symbol else None
        if head == "Style" and e.args:
            inner = style
            for d in e.args[1:]:
                inner = apply_directive(inner, d) or inner
            self.walk(e.args[0], inner, group)
            return style
        if head == "GraphicsComplex" and len(e.args) >= 2:
            return self._complex(e, style, group)
        if head == "GraphicsGroup" and e.args:
            self.walk(e.args[0], style, group)
            return style
        if head == "Annotation" and len(e.args) >= 2:
            seen = len(self.scene.xs)
            self.walk(e.args[0], style, group)
            xs, ys = self.scene.xs[seen:], self.scene.ys[seen:]
            if xs and sum(len(a) for a in xs):
                xs, ys = np.concatenate(xs), np.concatenate(ys)
                self.scene.annotations.append(
                    (e.args[1], ((float(xs.min()), float(xs.max())),
                                 (float(ys.min()), float(ys.max())))))
            return style
        if head == "Annotation" and e.args or head == "Tooltip" and e.args:
            self.walk(e.args[0], style, group)
            return style
        if head in TRANSFORM_HEADS and e.args:
            if not self._transformed(head, e, style, group):
                self.warn("Graphics", "gprim", e)
            return style
        drawer = _PRIMITIVES.get(head)
        if type(e).__name__ == "Image":
            drawer = _image_atom
        if drawer is None or not drawer(self, e, style, group):
            self.warn("Graphics", "gprim", e)
        return style

    def _transformed(self, head, e, style, group) -> bool:
        """Rotate/Translate/Scale/GeometricTransformation[g, …]: g read on its own (its
        bounding box is the default centre), then carried over transformed."""
        inner = _Walker(Scene(), self.warn)
        inner.vertices = self.vertices
        inner.walk(e.args[0], style, group)
        maps = affine_maps(head, e.args[1:], inner.scene.bounds())
        if maps is None:
            return False
        for m, b in maps:
            for item in inner.scene.items:
                kind, data, coords = transform_item(item, m, b)
                self.scene.add(Item(kind, item.style, data, item.group), coords)
        return True

    def _complex(self, e, style, group):
        coords = points(e.args[0])
        if coords is None:
            self.warn("Graphics", "gprim", e)
            return style
        saved, self.vertices = self.vertices, coords
        try:
            self.walk(e.args[1], style, group)
        finally:
            self.vertices = saved
        return style

    # -- coordinates, through GraphicsComplex indices when inside one
    def point(self, e):
        if self.vertices is not None and number(e) is not None:
            i = int(number(e))
            return tuple(self.vertices[i - 1]) if 1 <= i <= len(self.vertices) else None
        return point(e)

    def points(self, e):
        if self.vertices is not None:
            idx = numeric_array(e)
            if idx is not None and idx.ndim == 1:
                ok = (idx >= 1) & (idx <= len(self.vertices))
                return self.vertices[idx[ok].astype(int) - 1] if ok.all() else None
        return points(e)

    def point_lists(self, e):
        """One list of points, or a list of such lists (Line[{{…}, {…}}])."""
        single = self.points(e)
        if single is not None:
            return [single]
        if is_list(e) and e.args:
            many = [self.points(a) for a in e.args]
            if all(m is not None for m in many):
                return many
        return None


# ---------------------------------------------------------------------------- primitives

def _paths(kind: str, min_points: int = 1):
    """Line, Polygon, Arrow: one list of points or several, each drawn as an item."""
    def draw(w: _Walker, e, style, group) -> bool:
        paths = w.point_lists(e.args[0]) if len(e.args) == 1 else None
        if paths is None:
            return False
        for pts in paths:
            if len(pts) >= min_points:
                w.scene.add(Item(kind, style, pts, group), pts)
        return True
    return draw


def _point(w: _Walker, e, style, group) -> bool:
    if len(e.args) != 1:
        return False
    single = w.point(e.args[0])
    pts = np.array([single]) if single is not None else w.points(e.args[0])
    if pts is None:
        return False
    w.scene.add(Item("points", style, pts, group), pts)
    return True


def _rectangle(w: _Walker, e, style, group) -> bool:
    lo = w.point(e.args[0]) if e.args else (0.0, 0.0)
    if lo is None:
        return False
    hi = w.point(e.args[1]) if len(e.args) >= 2 else (lo[0] + 1, lo[1] + 1)
    if hi is None or len(e.args) > 3:
        return False
    box = (min(lo[0], hi[0]), min(lo[1], hi[1]), max(lo[0], hi[0]), max(lo[1], hi[1]))
    w.scene.add(Item("rectangle", style, box, group), [box[:2], box[2:]])
    return True


def _round(kind):
    def draw(w: _Walker, e, style, group) -> bool:
        args = e.args
        centre = w.point(args[0]) if args else (0.0, 0.0)
        radii = (1.0, 1.0)
        if len(args) >= 2:
            r = number(args[1])
            radii = (r, r) if r is not None else point(args[1])
        angles = None
        if len(args) == 3:
            angles = point(args[2])
            if angles is None:
                return False
        if centre is None or radii is None or len(args) > 3 or min(radii) < 0:
            return False
        cx, cy = centre
        rx, ry = radii
        w.scene.add(Item(kind, style, (cx, cy, rx, ry, angles), group),
                    [(cx - rx, cy - ry), (cx + rx, cy + ry)])
        return True
    return draw


def _text(w: _Walker, e, style, group) -> bool:
    if not e.args or len(e.args) > 4:
        return False
    content = e.args[0]
    pos = w.point(e.args[1]) if len(e.args) >= 2 else (0.0, 0.0)
    offset = point(e.args[2]) if len(e.args) >= 3 else (0.0, 0.0)
    if pos is None or offset is None:
        return False
    if type(content) is Expr and content.head is Symbol("Style") and content.args:
        for d in content.args[1:]:
            size = number(d)
            style = apply_directive(style, Expr(Symbol("FontSize"), d)) if size is not None \
                else (apply_directive(style, d) or style)
        content = content.args[0]
    w.scene.add(Item("text", style, (content, pos, offset), group), [pos])
    return True


def _raster(w: _Walker, e, style, group) -> bool:
    if not e.args:
        return False
    data = numeric_array(e.args[0])
    if data is None or data.ndim not in (2, 3) or data.size == 0 \
            or (data.ndim == 3 and data.shape[2] not in (3, 4)):
        return False
    rows, cols = data.shape[:2]
    extent = ((0.0, 0.0), (float(cols), float(rows)))
    if len(e.args) >= 2:
        corners = w.points(e.args[1])
        if corners is None or len(corners) != 2:
            return False
        extent = (tuple(corners[0]), tuple(corners[1]))
    if len(e.args) >= 3:                # Raster[data, corners, {zmin, zmax}]: values' range
        bounds = numeric_array(e.args[2])
        if bounds is None or bounds.shape != (2,) or not bounds[1] > bounds[0]:
            return False
        data = (data - bounds[0]) / (bounds[1] - bounds[0])
    w.scene.add(Item("raster", style, (data, extent), group), list(extent))
    return True


def _inset(w: _Walker, e, style, group) -> bool:
    """Inset[image or graphic, pos, anchor, width]: drawn as a picture centred at pos."""
    if not e.args:
        return False
    pos = w.point(e.args[1]) if len(e.args) >= 2 else (0.0, 0.0)
    width = number(e.args[3]) if len(e.args) >= 4 else None
    if len(e.args) >= 4 and width is None:
        size = point(e.args[3])
        width = size[0] if size else None
    if pos is None:
        return False
    if _is_text(e.args[0]):              # Inset of text: the text, centred there
        return _text(w, Expr(S.Text, e.args[0], from_python(list(pos))), style, group)
    w.scene.add(Item("inset", style, (e.args[0], pos, width), group), [pos])
    return True


def _is_text(e) -> bool:
    """A string, a number or a Style of one: what an Inset writes rather than draws."""
    if type(e) is Expr and e.head is Symbol("Style") and e.args:
        return _is_text(e.args[0])
    return type(e) is String or number(e) is not None


def _image_atom(w: _Walker, e, style, group) -> bool:
    """An Image among the primitives: drawn with its pixel size, lower-left at the origin."""
    h, wd = e.pixels.shape[:2]
    extent = ((0.0, 0.0), (float(wd), float(h)))
    w.scene.add(Item("raster", style, (e.pixels[::-1] / 255.0, extent), group), list(extent))
    return True


_PRIMITIVES = {
    "Line": _paths("line"), "Point": _point, "Polygon": _paths("polygon"),
    "Rectangle": _rectangle, "Disk": _round("disk"), "Circle": _round("circle"),
    "Arrow": _paths("arrow", min_points=2), "Text": _text,
    "Raster": _raster, "Inset": _inset,
}
