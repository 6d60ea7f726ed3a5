"""Drawing Graphics3D with matplotlib's 3-D axes (mpl_toolkits.mplot3d).

Primitives: ``GraphicsComplex[points, prims, VertexColors -> colours]`` (Polygon faces by
vertex index, coloured by their vertices' mean colour; Line and Point by index), and
Polygon, Line and Point with explicit {x, y, z} coordinates (a complex's Lines are sorted
by depth with the faces: a mesh on a surface); the solids Sphere, Ball,
Cuboid, Cylinder and Cone (faces from wlnet.graphics.solids), lit from above.  Options:
ImageSize (width, 360 by default; square), PlotLabel, AxesLabel {x, y, z}, Boxed (the box's
twelve edges, its faces clear; False: none), FaceGrids (None; All: grid lines on the back
faces), PlotRange (All, {zmin, zmax} or three ranges), ViewPoint {x, y, z} (the direction
the box is seen from), BoxRatios (Automatic: the proportions of the contents), Axes (False
by default, as Graphics3D's; the 3-D plots give Axes -> True; or one per axis {x, y, z}),
Ticks (None, or tick positions an axis), AspectRatio (the picture's height over its
width).  Anything else is ``Graphics3D::gprim`` / ``::gopt``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.graphics.solids import SOLID_HEADS, solid_faces
from wlnet.graphics.style import Style, apply_directive
from wlnet.graphics.values import is_list, number, numeric_array

DEFAULT_SIZE = 360
_FACE_EDGE = (0.25, 0.25, 0.25, 0.35)
_DEFAULT_FACE = (1.0, 0.8, 0.5)


def is_graphic3d(e) -> bool:
    """A Graphics3D, or one in Legended (drawn with its legend beside the box)."""
    return _unlegended(e)[0] is not None


def _unlegended(e):
    """(the Graphics3D, [legend expressions]) of ``e``; (None, []) when it is not one."""
    if type(e) is Expr and e.head is Symbol("Legended") and len(e.args) == 2:
        inner, legends = _unlegended(e.args[0])
        return inner, [*legends, e.args[1]]
    if type(e) is Expr and e.head is S.Graphics3D and bool(e.args):
        return e, []
    return None, []


def _options(e) -> dict:
    out = {}
    for r in e.args[1:]:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is Symbol:
            out[r.args[0].name] = r.args[1]
    return out


def size_of(e) -> tuple[int, int]:
    """(width, height): ImageSize wide (360 by default), AspectRatio × as high (square
    unless given)."""
    opts = _options(_unlegended(e)[0])
    width = number(opts.get("ImageSize"))
    side = int(width) if width is not None and width > 0 else DEFAULT_SIZE
    ratio = number(opts.get("AspectRatio"))
    height = int(round(side * ratio)) if ratio is not None and 0.05 <= ratio <= 20 else side
    return side, height


def draw3d(container, e, warn, width: float, height: float) -> None:
    """Draw ``e`` into a Figure or SubFigure."""
    e, legends = _unlegended(e)
    ax = container.add_subplot(projection="3d")
    opts = _options(e)
    ax._wlnet_faces = []
    ax._wlnet_segments = []
    ax._wlnet_shaded = _shaded(opts.get("Lighting"), warn)
    _draw_content(ax, e.args[0], warn)
    _add_faces(ax)
    _apply_options(ax, opts, warn)
    if legends:
        from wlnet.graphics.legends import draw_legend, legend_entries
        entries = [entry for spec in legends for entry in legend_entries(spec, warn)]
        if entries:                     # room for the legend beside the box
            ax.set_position([0.0, 0.0, 0.75, 1.0])
            draw_legend(ax, entries, gap=0.12)        # clear of the z axis' labels


# ---------------------------------------------------------------------------- primitives

def _draw_content(ax, content, warn, points=None, colours=None, style=None):
    """Draw primitives; directives in a list (colours, Directive[…]) apply to the
    primitives after them in that list, as in 2-D graphics."""
    if is_list(content):
        inner = style
        for item in content.args:
            changed = apply_directive(inner or Style(), item)
            if changed is not None and _no_edges(item):
                # faces in 3-D have edges unless told: EdgeForm[] / EdgeForm[None] keeps
                # an invisible edge, told apart from the default (no EdgeForm at all)
                changed = replace(changed, edge=Style(opacity=0.0))
            if changed is not None:
                inner = changed
            else:
                _draw_content(ax, item, warn, points, colours, inner)
        return
    colour = style.rgba() if style is not None else "black"
    if type(content) is not Expr:
        warn("Graphics3D", "gprim", content)
        return
    head = content.head
    if head is S.GraphicsComplex and len(content.args) >= 2:
        pts = numeric_array(content.args[0])
        if pts is None or pts.ndim != 2 or pts.shape[1] != 3:
            warn("Graphics3D", "gprim", content)
            return
        vertex_colours = _vertex_colours(content.args[2:], len(pts))
        _draw_content(ax, content.args[1], warn, pts, vertex_colours, style)
    elif head is S.Polygon and content.args:
        _draw_polygons(ax, content, warn, points, colours, style)
    elif type(head) is Symbol and head.name in SOLID_HEADS:
        faces = solid_faces(head.name, content.args)
        if faces is None:
            warn("Graphics3D", "gprim", content)
        else:
            _fill_faces(ax, faces, style, None)
    elif head is S.Line and content.args:
        # Graphics3D's lines: 1 point unless a Thickness says otherwise
        width = style.line_width(DEFAULT_SIZE) \
            if style is not None and style.thickness != Style().thickness else 1.0
        for line in _coordinate_lists(content.args[0], points):
            if points is None:
                ax.plot(line[:, 0], line[:, 1], line[:, 2], color=colour, linewidth=width)
            else:     # a complex's lines (a surface's mesh): depth-sorted with the faces
                ax._wlnet_segments.append((line, colour, width))
                _grow_limits(ax, line)
    elif head is S.Text and len(content.args) >= 2:
        _draw_text(ax, content, warn, style)
    elif head is S.Point and content.args:
        for pts in _coordinate_lists(content.args[0], points, single_ok=True):
            each = _vertex_colours(content.args[1:], len(pts))      # Point[…, VertexColors]
            ax.scatter(pts[:, 0], pts[:, 1], pts[:, 2], s=9, depthshade=False,
                       **({"c": each} if each is not None else {"color": colour}))
            _grow_limits(ax, pts)
    else:
        warn("Graphics3D", "gprim", content)


def _no_edges(item) -> bool:
    """EdgeForm[] or EdgeForm[None], alone or in a Directive."""
    if type(item) is not Expr:
        return False
    if item.head is S.EdgeForm:
        return not item.args or len(item.args) == 1 and item.args[0] is S["None"]
    return item.head is Symbol("Directive") and any(_no_edges(a) for a in item.args)


def _draw_text(ax, content, warn, style) -> None:
    """``Text[expr, {x, y, z}]``, centred at the point (in front of the solids)."""
    from wlnet.graphics.options import plain_text
    at = numeric_array(content.args[1])
    if at is None or at.shape != (3,):
        warn("Graphics3D", "gprim", content)
        return
    style = style or Style()
    ax.text(*(float(v) for v in at), plain_text(content.args[0]), ha="center", va="center",
            color=style.rgba(), fontsize=style.font_size or 9, zorder=10)


def _vertex_colours(rules, n: int):
    for r in rules:
        if type(r) is Expr and r.head is S.Rule and r.args[0] == Symbol("VertexColors") \
                and is_list(r.args[1]) and len(r.args[1].args) == n:
            rgb = [numeric_array(Expr.from_args(S.List, c.args))
                   if type(c) is Expr and c.head is S.RGBColor else None
                   for c in r.args[1].args]
            if all(c is not None and c.shape[-1] >= 3 for c in rgb):
                return np.array([c[:3] for c in rgb])
    return None


def _coordinate_lists(spec, points, single_ok=False) -> list[np.ndarray]:
    """Lists of 3-D coordinates: explicit, or indices into ``points`` (1-based)."""
    arr = numeric_array(spec)
    if arr is None:
        if is_list(spec):                  # ragged: one list per polygon / line
            return [c for a in spec.args for c in _coordinate_lists(a, points, single_ok)]
        return []
    if points is not None and arr.ndim in (1, 2) and np.all(arr == np.round(arr)):
        idx = arr.astype(np.int64) - 1
        if idx.size and idx.min() >= 0 and idx.max() < len(points):
            return [points[i] for i in np.atleast_2d(idx)] if arr.ndim == 2 else [points[idx]]
    if arr.ndim == 2 and arr.shape[1] == 3:
        return [arr]
    if arr.ndim == 3 and arr.shape[2] == 3:
        return list(arr)
    if single_ok and arr.ndim == 1 and arr.shape[0] == 3:
        return [arr[None, :]]
    return []


def _draw_polygons(ax, polygon, warn, points, colours, style=None):
    spec = polygon.args[0]
    arr = numeric_array(spec)
    faces_colours = None
    if points is not None and arr is not None and arr.ndim == 2 and colours is not None:
        idx = arr.astype(np.int64) - 1
        faces = points[idx]
        faces_colours = colours[idx].mean(axis=1)
    else:
        faces = _coordinate_lists(spec, points)
    if not len(faces):
        warn("Graphics3D", "gprim", polygon)
        return
    _fill_faces(ax, faces, style, faces_colours)


def _fill_faces(ax, faces, style, faces_colours) -> None:
    """Queue the polygons to be filled: in their vertices' colours, else the style's face
    colour (a colour directive before them), else WL's default surface colour; lit."""
    alpha = 1.0
    if faces_colours is None:
        # no colour given (nothing, or only an edge or an opacity): WL's default surface
        coloured = style is not None and replace(style, edge=None, opacity=None) != Style()
        colour = style.face_rgba() if coloured else _DEFAULT_FACE
        if not coloured and style is not None and style.opacity is not None:
            colour = (*_DEFAULT_FACE[:3], style.opacity)
        faces_colours = np.tile(np.asarray(colour, float)[:3], (len(faces), 1))
        alpha = float(colour[3]) if len(colour) > 3 else 1.0
    elif style is not None and (style.face or style).opacity is not None:
        alpha = float((style.face or style).opacity)        # Opacity over vertex colours
    lit = _lit(faces, faces_colours) if getattr(ax, "_wlnet_shaded", True) else \
        np.clip(faces_colours[:, :3], 0, 1)
    edge = style.edge.rgba() if style is not None and style.edge is not None else _FACE_EDGE
    fill = np.hstack([lit, np.full((len(lit), 1), alpha)])
    # no edges (EdgeForm[None]): each face's outline in its own colour, so that no seam of
    # background shows between neighbouring faces
    outline = fill if edge[3] == 0 else np.tile(np.asarray(edge, float), (len(lit), 1))
    ax._wlnet_faces.append((list(faces), fill, outline))
    _grow_limits(ax, np.concatenate([np.asarray(f) for f in faces]))


def _add_faces(ax) -> None:
    """All filled faces and line segments as one collection: matplotlib orders items by
    depth only within a collection, so separate solids (a histogram's bars) would hide
    each other wrongly and a mesh drawn on a surface would sit behind it.  (Lines of a
    GraphicsComplex come here; without faces they are drawn as plain lines.)"""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection
    if not ax._wlnet_faces:
        for line, colour, width in ax._wlnet_segments:
            ax.plot(line[:, 0], line[:, 1], line[:, 2], color=colour, linewidth=width)
        return
    faces = [f for batch, _, _ in ax._wlnet_faces for f in batch]
    colours = np.concatenate([c for _, c, _ in ax._wlnet_faces])
    edges = np.concatenate([e for _, _, e in ax._wlnet_faces])
    # an outline in the face's own colour (no edges) covers the seams: wide enough to
    # cover antialiasing's gap, and only on opaque faces (it would show on translucent ones)
    seam = np.all(edges == colours, axis=1)
    edges[seam & (colours[:, 3] < 1), 3] = 0.0
    widths = np.where(seam, _SEAM_WIDTH, _FACE_EDGE_WIDTH)
    segments, segment_colours, segment_widths = _segments(ax._wlnet_segments)
    if segments:
        faces += segments
        colours = np.vstack([colours, np.zeros((len(segments), 4))])     # nothing to fill
        edges = np.vstack([edges, segment_colours])
        widths = np.concatenate([widths, segment_widths])
    collection = _DepthSorted(faces, edgecolors=edges)
    collection.set_facecolor(colours)
    collection.set_depth_sorted_widths(widths, len(faces) - len(segments))
    ax.add_collection3d(collection)


_FACE_EDGE_WIDTH = 0.2
_SEAM_WIDTH = 0.6


def _segments(lines):
    """(degenerate quads a, b, b, a, their RGBA colours, their widths) of the lines'
    segments: each segment sorted by its own depth among the faces."""
    quads, colours, widths = [], [], []
    for line, colour, width in lines:
        a, b = line[:-1], line[1:]
        keep = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
        a, b = a[keep], b[keep]
        quads.extend(np.stack([a, b, b, a], axis=1))
        rgba = np.asarray(colour if len(colour) == 4 else (*colour[:3], 1.0), float) \
            if not isinstance(colour, str) else np.array([0.0, 0.0, 0.0, 1.0])
        colours.append(np.tile(rgba, (len(a), 1)))
        widths.append(np.full(len(a), width))
    if not quads:
        return [], None, None
    return quads, np.vstack(colours), np.concatenate(widths)


def _depth_sorted_class():
    from mpl_toolkits.mplot3d import proj3d
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    class DepthSorted(Poly3DCollection):
        """A Poly3DCollection whose items keep their own line widths when matplotlib
        re-orders them by depth (it re-orders colours only)."""

        _widths3d = None

        def set_depth_sorted_widths(self, widths, first_segment: int) -> None:
            """The items' widths; those from ``first_segment`` on are line segments."""
            self._widths3d = np.asarray(widths, float)
            self._first_segment = first_segment
            self.set_linewidth(self._widths3d)
            if first_segment < len(widths):
                self._zsortfunc = self._segments_in_front

        def _segments_in_front(self, depths, axis=-1):
            """Mean depth, a segment's brought nearer by a typical face's depth extent: a
            line on a surface lies on the edge of two faces, and would otherwise be drawn
            before the nearer one, which covers half of it."""
            mean = np.average(depths, axis=axis)
            faces = depths[:self._first_segment]
            extent = np.ma.median(faces.max(axis=-1) - faces.min(axis=-1)) \
                if len(faces) else 0.0
            bias = np.zeros(len(mean))
            bias[self._first_segment:] = float(extent) if np.isfinite(extent) else 0.0
            return mean - bias

        def do_3d_projection(self):
            depth = super().do_3d_projection()
            if self._widths3d is not None and len(self._widths3d) == len(self._faces):
                try:      # the order matplotlib drew them in: farthest first
                    projected = proj3d._scale_proj_transform_vectors(self._faces, self.axes)
                    order = np.argsort(self._zsortfunc(projected[..., 2], axis=-1))[::-1]
                    self.set_linewidth(self._widths3d[order])
                except (AttributeError, TypeError, ValueError):
                    self.set_linewidth(np.median(self._widths3d))
            return depth

    return DepthSorted


def _DepthSorted(faces, **kwargs):
    global _DEPTH_SORTED
    if _DEPTH_SORTED is None:
        _DEPTH_SORTED = _depth_sorted_class()
    return _DEPTH_SORTED(faces, **kwargs)


_DEPTH_SORTED = None


_LIGHT = np.array([0.4, -0.5, 0.77])        # from above, front right: WL-like lighting


def _shaded(spec, warn) -> bool:
    """Lighting: Automatic and "Neutral" shade the faces by one white light (the
    shading drawn), None draws them flat in their own colours."""
    if spec is None or spec is S.Automatic or type(spec) is String and spec.value == "Neutral":
        return True
    if spec is S["None"]:
        return False
    warn("Graphics3D", "gopt", spec, Symbol("Lighting"))
    return True


def _lit(faces, colours: np.ndarray) -> np.ndarray:
    """Face colours shaded by how squarely each face looks toward the light (a solid's
    roundness shows; a face seen edge-on keeps 55% of its colour)."""
    corners = np.array([np.asarray(f, float)[:3] for f in faces])      # (faces, 3, 3)
    normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    sizes = np.linalg.norm(normals, axis=1)
    facing = np.abs(normals @ _LIGHT) / np.where(sizes > 0, sizes, 1.0) / np.linalg.norm(_LIGHT)
    shade = np.where(sizes > 0, 0.55 + 0.45 * facing, 1.0)
    return np.clip(colours[:, :3] * shade[:, None], 0, 1)


def _grow_limits(ax, pts: np.ndarray) -> None:
    lo, hi = np.nanmin(pts, axis=0), np.nanmax(pts, axis=0)
    old = getattr(ax, "_wlnet_limits", None)
    if old is not None:
        lo, hi = np.minimum(lo, old[0]), np.maximum(hi, old[1])
    ax._wlnet_limits = (lo, hi)
    for setter, a, b in zip((ax.set_xlim, ax.set_ylim, ax.set_zlim), lo, hi):
        setter(a, b if b > a else a + 1.0)


# ---------------------------------------------------------------------------- options

def _apply_options(ax, opts: dict, warn) -> None:
    from wlnet.syntax.printer import output_form
    label = opts.get("PlotLabel")
    if label is not None and label is not S["None"]:
        ax.set_title(_text(label, output_form))
    labels = opts.get("AxesLabel")
    if is_list(labels):
        for setter, l in zip((ax.set_xlabel, ax.set_ylabel, ax.set_zlabel), labels.args):
            if l is not S["None"]:
                setter(_text(l, output_form))
    _plot_range(ax, opts.get("PlotRange"), warn)
    _view_point(ax, opts.get("ViewPoint"), warn)
    ratios = numeric_array(opts["BoxRatios"]) if "BoxRatios" in opts else None
    if ratios is not None and ratios.shape == (3,) and (ratios > 0).all():
        ax.set_box_aspect(tuple(ratios))
    elif "BoxRatios" in opts and opts["BoxRatios"] is not S.Automatic:
        warn("Graphics3D", "gopt", opts["BoxRatios"], Symbol("BoxRatios"))
    else:                   # Automatic: the box in the proportions of what it holds
        ax.set_box_aspect(_natural_box(ax))
    axes = opts.get("Axes")                 # Graphics3D's default: no axes (a plot's: True)
    shown = [a is S["True"] for a in axes.args] if is_list(axes) and \
        len(axes.args) == 3 else [axes is S["True"]] * 3            # {x, y, z} or one
    for axis, show in zip((ax.xaxis, ax.yaxis, ax.zaxis), shown):
        if not show:            # no ticks; its line one of the box's edges
            axis.set_ticks([])
            axis.line.set_color(_BOX_EDGE)
    _ticks(ax, opts.get("Ticks"), warn)
    if opts.get("Boxed") is S["False"] and not any(shown):
        ax.set_axis_off()
    _box_and_face_grids(ax, opts, warn)
    _background(ax, opts.get("Background"), warn)
    _label_styles(ax, opts.get("LabelStyle"), opts.get("TicksStyle"), warn)
    _box_style(ax, opts.get("BoxStyle"), warn)


def _box_style(ax, spec, warn) -> None:
    """BoxStyle: the colour (and thickness) of the box's edges and axis lines."""
    if spec is None or spec is S.Automatic:
        return
    from wlnet.graphics.options import style_of
    style = style_of(spec)
    if style is None:
        warn("Graphics3D", "gopt", spec, Symbol("BoxStyle"))
        return
    width = style.line_width(1.0) if style.thickness != Style().thickness else None
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.line.set_color(style.rgba())
        axis.pane.set_edgecolor(style.rgba())
        if width is not None:
            axis.line.set_linewidth(width)


def _label_styles(ax, labels, ticks, warn) -> None:
    """LabelStyle (every label: the tick numbers, the axes' labels, the title) and
    TicksStyle (the tick numbers, over LabelStyle): their font size, weight and colour."""
    from wlnet.graphics.options import style_of
    for spec, name, texts in ((labels, "LabelStyle", "all"), (ticks, "TicksStyle", "ticks")):
        if spec is None:
            continue
        style = style_of(spec)
        if style is None:
            if spec is not S["None"] and spec is not S.Automatic:
                warn("Graphics3D", "gopt", spec, Symbol(name))
            continue
        font = {"color": style.rgba()}
        if style.font_size:
            font["fontsize"] = style.font_size
        if style.font_weight:
            font["fontweight"] = style.font_weight
        tick_labels = [t for axis in (ax.xaxis, ax.yaxis, ax.zaxis)
                       for t in axis.get_ticklabels()]
        named = [ax.xaxis.label, ax.yaxis.label, ax.zaxis.label, ax.title]
        for text in tick_labels + (named if texts == "all" else []):
            text.set(**font)
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):   # ticks made later keep the style
            axis.set_tick_params(labelcolor=font["color"],
                                 **({"labelsize": font["fontsize"]} if "fontsize" in font
                                    else {}))


_BOX_EDGE = (0.55, 0.55, 0.55, 1.0)


def _box_and_face_grids(ax, opts: dict, warn) -> None:
    """WL's box: clear faces, its twelve edges drawn (Boxed -> False: none), grid lines
    on its faces only with FaceGrids -> All (or Automatic, or faces listed: the faces at
    the back are the ones drawn)."""
    spec = opts.get("FaceGrids")
    grids = spec is not None and spec is not S["None"] and spec is not S["False"]
    if grids and not (spec in (S.All, S.Automatic, S["True"]) or is_list(spec)):
        warn("Graphics3D", "gopt", spec, Symbol("FaceGrids"))
        grids = False
    ax.grid(grids)
    boxed = opts.get("Boxed") is not S["False"]
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.pane.set_alpha(None)      # (set_pane_color's alpha would hide the edges too)
        axis.pane.set_facecolor((1.0, 1.0, 1.0, 0.0))
        axis.pane.set_edgecolor(_BOX_EDGE if boxed else (1.0, 1.0, 1.0, 0.0))
        axis.pane.set_linewidth(0.8)
    if boxed:
        _front_edges(ax)


def _front_edges(ax) -> None:
    """The three box edges the back faces do not draw: those through the corner nearest
    the viewer, over everything inside the box."""
    from mpl_toolkits.mplot3d import proj3d
    lows_highs = (ax.get_xlim(), ax.get_ylim(), ax.get_zlim())
    corners = np.array([[x, y, z] for x in lows_highs[0] for y in lows_highs[1]
                        for z in lows_highs[2]], dtype=float)
    try:
        depth = proj3d.proj_transform(*corners.T, ax.get_proj())[2]
    except (AttributeError, ValueError):
        return
    near = corners[int(np.argmin(depth))]
    for k in range(3):
        other = near.copy()
        other[k] = lows_highs[k][1] if near[k] == lows_highs[k][0] else lows_highs[k][0]
        ax.plot(*np.stack([near, other]).T, color=_BOX_EDGE, linewidth=0.8, zorder=10_000)


def _background(ax, spec, warn) -> None:
    """Background -> colour: the picture's and the box's panes (None: as drawn)."""
    if spec is None or spec is S["None"] or spec is S.Automatic:
        return
    from wlnet.graphics.style import colour_of
    rgba = colour_of(spec)
    if rgba is None:
        warn("Graphics3D", "gopt", spec, Symbol("Background"))
        return
    ax.figure.set_facecolor(rgba)
    ax.set_facecolor(rgba)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color(rgba)


def _natural_box(ax) -> tuple:
    spans = [abs(b - a) for a, b in (ax.get_xlim(), ax.get_ylim(), ax.get_zlim())]
    largest = max(spans) or 1.0
    return tuple(max(s / largest, 0.05) for s in spans)


def _ticks(ax, spec, warn) -> None:
    """Ticks: None or False (no ticks), Automatic or True (the default), or one setting an
    axis {x, y, z}, each of those or a list of tick positions."""
    if spec is None or spec in (S.Automatic, S["True"]):
        return
    axes = (ax.xaxis, ax.yaxis, ax.zaxis)
    settings = list(spec.args) if is_list(spec) and len(spec.args) == 3 else [spec] * 3
    for axis, setting in zip(axes, settings):
        positions = numeric_array(setting) if is_list(setting) else None
        if setting in (S["None"], S["False"]):
            axis.set_ticks([])
        elif positions is not None and positions.ndim == 1:
            axis.set_ticks(positions)
        elif setting not in (S.Automatic, S["True"]):
            warn("Graphics3D", "gopt", spec, Symbol("Ticks"))
            return


def _text(e, output_form) -> str:
    return e.value if hasattr(e, "value") and isinstance(e.value, str) else output_form(e)


def _plot_range(ax, spec, warn) -> None:
    if spec is None or spec in (S.All, S.Automatic, S.Full):
        return
    arr = numeric_array(spec)
    if arr is not None and arr.shape == (2,) and arr[1] > arr[0]:
        ax.set_zlim(*arr)
    elif arr is not None and arr.shape == (3, 2) and (arr[:, 1] > arr[:, 0]).all():
        ax.set_xlim(*arr[0])
        ax.set_ylim(*arr[1])
        ax.set_zlim(*arr[2])
    else:
        warn("Graphics3D", "gopt", spec, Symbol("PlotRange"))


def _view_point(ax, spec, warn) -> None:
    """WL's ViewPoint {x, y, z} is the direction the box is seen from: elevation and
    azimuth of that vector (the default {1.3, -2.4, 2} as in the Wolfram Language)."""
    v = numeric_array(spec) if spec is not None and spec is not S.Automatic else \
        np.array([1.3, -2.4, 2.0])
    if v is None or v.shape != (3,) or not np.any(v):
        warn("Graphics3D", "gopt", spec, Symbol("ViewPoint"))
        v = np.array([1.3, -2.4, 2.0])
    elevation = np.degrees(np.arctan2(v[2], np.hypot(v[0], v[1])))
    azimuth = np.degrees(np.arctan2(v[1], v[0]))
    ax.view_init(elev=float(elevation), azim=float(azimuth))
