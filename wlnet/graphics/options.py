"""The options of ``Graphics`` read into plain Python values (``GraphicsOptions``).

Each option has one reader; a value a reader does not understand is reported through
``warn`` (``Graphics::...`` messages) and the default is kept, so the picture is still
drawn.  Unknown option names are reported with ``Graphics::optx``.
"""

from __future__ import annotations

import math

from dataclasses import dataclass, field, replace

from wlnet.core.expr import Expr, String, Symbol
from wlnet.graphics.values import is_list, is_rule, number, option_name, symbol_name

__all__ = ["GraphicsOptions", "read_options", "GRAPHICS_OPTION_NAMES", "NAMED_IMAGE_SIZES",
           "DEFAULT_WIDTH", "plain_text"]

NAMED_IMAGE_SIZES = {"Tiny": 100, "Small": 180, "Medium": 360, "Large": 576}
DEFAULT_WIDTH = 360                   # ImageSize -> Automatic for a single graphic
MAX_SIDE = 8192                       # larger sizes are refused (memory), as a message

GRAPHICS_OPTION_NAMES = (
    "PlotRange", "PlotRangePadding", "AspectRatio", "ImageSize", "Axes", "AxesLabel",
    "AxesOrigin", "AxesStyle", "Frame", "FrameLabel", "FrameTicks", "FrameStyle", "PlotLabel",
    "GridLines", "GridLinesStyle", "PlotLegends", "Ticks", "Background", "ScalingFunctions",
    "Epilog", "Prolog", "ImagePadding", "ImageMargins", "LabelStyle", "BaseStyle",
    "PlotRangeClipping", "DisplayFunction", "ColorOutput", "Method", "ContentSelectable",
    "PlotTheme", "RotateLabel", "TicksStyle", "FrameTicksStyle", "ImageResolution",
    "AlignmentPoint", "FormatType", "Spacings", "Alignment",
)


@dataclass(frozen=True)
class GraphicsOptions:
    plot_range: tuple = (None, None)         # per axis: None (all) or (lo|None, hi|None)
    padding: tuple = (0.02, 0.02)            # per axis, as a fraction of the range
    aspect: float | str | None = None        # None: Automatic (true scale); "Full"
    width: int | None = None                 # pixels; None: Automatic
    height: int | None = None
    axes: tuple = (False, False)
    axes_label: tuple = (None, None)
    axes_origin: tuple | None = None
    frame: bool = False
    frame_label: tuple = (None, None, None, None)     # bottom, left, top, right
    # per frame side (bottom, left, top, right): "auto" (the Ticks setting's marks,
    # labelled), "marks" (automatic marks, no labels), None, or [(pos, label)]
    frame_ticks: tuple = ("auto", "auto", "marks", "marks")
    ticks: tuple = ("auto", "auto")          # per axis: "auto", None, or [(pos, label)]
    plot_label: str | None = None
    grid: tuple = (None, None)               # per axis: None, "auto", or [(position, Style)]
    legend: tuple | None = None              # labels of the top-level groups
    scaling: tuple = ("linear", "linear")
    background: tuple | None = None
    epilog: tuple = ()
    prolog: tuple = ()
    label_style: object = None               # Style of all labels (LabelStyle)
    ticks_style: object = None               # of tick marks and their labels
    axes_style: object = None                # of the axes lines (and their ticks)
    frame_style: object = None               # of the frame lines
    grid_style: object = None                # of the grid lines (GridLinesStyle)
    plot_label_style: object = None          # a PlotLabel's Style[label, …]
    label_styles: dict = field(default_factory=dict)   # axis/frame label's own Style

    def with_changes(self, **changes) -> "GraphicsOptions":
        return replace(self, **changes)


class TickLabel(str):
    """A tick's text turned by ``degrees`` (a label given as Rotate[label, angle])."""

    degrees: float = 0.0


def tick_label(e) -> str:
    """A tick label's text: Rotate[label, angle] (angle in radians) a TickLabel turned by
    it; anything else as plain_text."""
    if type(e) is Expr and e.head is Symbol("Rotate") and len(e.args) >= 2 \
            and number(e.args[1]) is not None:
        label = TickLabel(plain_text(e.args[0]))
        label.degrees = math.degrees(number(e.args[1]))
        return label
    layered = two_d_text(e)                          # {1, Subscript[x, 1]}: as mathematics
    return MathText(layered) if layered else plain_text(e)


def plain_text(e) -> str:
    """How a label shows: strings as they are, other expressions in OutputForm (a
    Style's or a Rotate's content)."""
    if type(e) is String:
        return e.value
    if type(e) is Expr and e.head in (Symbol("Style"), Symbol("Rotate")) and e.args:
        return plain_text(e.args[0])
    from wlnet.syntax.printer import output_form
    return output_form(e)


_ARITHMETIC = ("Plus", "Times", "Power", "Sqrt", "Subscript")


def two_d_text(e) -> str | None:
    """``e`` as mathtext ($…$, TeX) when it is arithmetic of numbers and symbols with a
    fraction, power, root or subscript in it, which the Wolfram Language lays out in two
    dimensions (x^2/(1 + y) as a stacked fraction with a raised 2); None for anything
    else, written as its OutputForm (f[x], lists, strings: the same in one line)."""
    from wlnet.core.expr import Rational

    def arithmetic(x, inner=False) -> tuple[bool, bool]:   # (arithmetic?, a 2-D part?)
        if type(x) is Rational:
            return True, True
        if type(x) is not Expr:                  # (a string only inside: Subscript["w", "i"])
            return inner or type(x) is not String, False
        if type(x.head) is not Symbol or x.head.name not in _ARITHMETIC:
            return False, False
        parts = [arithmetic(a, True) for a in x.args]
        return all(ok for ok, _ in parts), x.head.name in ("Power", "Sqrt", "Subscript") or \
            any(flat for _, flat in parts)

    ok, layered = arithmetic(e)
    if not (ok and layered):
        return None
    from wlnet.builtins.tex_form import tex
    text = "$" + tex(e).replace("\\frac{", "\\dfrac{") + "$"    # full-size fractions
    try:
        from matplotlib.mathtext import MathTextParser
        MathTextParser("agg").parse(text)
    except Exception:                # what mathtext cannot lay out is written in one line
        return None
    return text


def _is_none(e) -> bool:
    return type(e) is Symbol and e.name == "None"


def _is_auto(e) -> bool:
    return type(e) is Symbol and e.name in ("Automatic", "All", "Full")


def _bool(e) -> bool | None:
    name = symbol_name(e)
    return {"True": True, "False": False}.get(name)


def _pair(e):
    """An option value that may be one setting for both axes or ``{x, y}``."""
    if is_list(e) and len(e.args) == 2:
        return e.args
    return (e, e)


# ---------------------------------------------------------------------------- readers

def _range_spec(e):
    """One axis of PlotRange: None (all), or (lo, hi) with None for an automatic end."""
    if _is_auto(e):
        return None
    if is_list(e) and len(e.args) == 2:
        lo = None if _is_auto(e.args[0]) else number(e.args[0])
        hi = None if _is_auto(e.args[1]) else number(e.args[1])
        if (lo is None and not _is_auto(e.args[0])) or (hi is None and not _is_auto(e.args[1])):
            raise ValueError
        if lo is not None and hi is not None and lo >= hi:
            raise ValueError
        return (lo, hi)
    value = number(e)
    if value is not None and value > 0:
        return (-value, value)
    raise ValueError


def read_plot_range(e, opts):
    if _is_auto(e):
        return opts
    if is_list(e) and len(e.args) == 2 and all(is_list(a) or _is_auto(a) for a in e.args):
        return opts.with_changes(plot_range=(_range_spec(e.args[0]), _range_spec(e.args[1])))
    if not is_list(e) and not isinstance(e, Symbol):      # s: -s..s on both axes
        both = _range_spec(e)
        return opts.with_changes(plot_range=(both, both))
    return opts.with_changes(plot_range=(opts.plot_range[0], _range_spec(e)))   # y only


def _padding_value(e) -> float:
    if _is_none(e):
        return 0.0
    if type(e) is Expr and e.head is Symbol("Scaled") and len(e.args) == 1:
        value = number(e.args[0])
        if value is not None:
            return value
    if _is_auto(e):
        return 0.02
    raise ValueError


def read_padding(e, opts):
    x, y = _pair(e)
    pad_x = _padding_value(x.args[0] if is_list(x) and x.args else x)
    pad_y = _padding_value(y.args[0] if is_list(y) and y.args else y)
    return opts.with_changes(padding=(pad_x, pad_y))


def read_aspect(e, opts):
    if type(e) is Symbol and e.name == "Automatic":
        return opts.with_changes(aspect=None)
    if type(e) is Symbol and e.name == "Full":
        return opts.with_changes(aspect="Full")
    value = number(e)
    if value is None or value <= 0:
        raise ValueError
    return opts.with_changes(aspect=value)


def _side(e) -> int | None:
    if type(e) is Expr and e.head is Symbol("UpTo") and len(e.args) == 1:
        e = e.args[0]                    # at most n: the picture's natural size is smaller
    if type(e) is Symbol and e.name in NAMED_IMAGE_SIZES:
        return NAMED_IMAGE_SIZES[e.name]
    if _is_auto(e):
        return None
    value = number(e)
    if value is None or not 1 <= value <= MAX_SIDE:
        raise ValueError
    return int(round(value))


def read_image_size(e, opts):
    if is_list(e) and len(e.args) == 2:
        return opts.with_changes(width=_side(e.args[0]), height=_side(e.args[1]))
    return opts.with_changes(width=_side(e), height=None)


def read_axes(e, opts):
    x, y = _pair(e)
    bx, by = _bool(x), _bool(y)
    if bx is None or by is None:
        raise ValueError
    return opts.with_changes(axes=(bx, by))


class MathText(str):
    """A label's text to be laid out as mathematics ($…$: fractions, sub- and
    superscripts), as two_d_text gives it; ``expr`` the expression it shows."""

    expr = None


class PlaceholderText(str):
    """A placeholder label (PlotLegends -> Automatic without expressions to show,
    LineLegend[{col…}, Automatic], Placeholder[]): the empty box the Wolfram Language
    draws where a label is to be typed in."""

    expr = Expr(Symbol("Placeholder"))


PLACEHOLDER_LABEL = PlaceholderText("\u25a1")


def is_placeholder(e) -> bool:
    return type(e) is Expr and e.head is Symbol("Placeholder")


def is_math(text) -> bool:
    return isinstance(text, MathText)


def _label(e):
    return None if _is_none(e) else label_text(e)


def label_text(e) -> str:
    """A label's text: a fraction, power or subscript (AxesLabel -> Subscript[x, 1]) as
    MathText, anything else as plain text."""
    inner = e.args[0] if type(e) is Expr and e.head is Symbol("Style") and e.args else e
    if is_placeholder(inner):
        return PLACEHOLDER_LABEL
    shown = inner
    while type(shown) is Expr and shown.head is Symbol("HoldForm") and len(shown.args) == 1:
        shown = shown.args[0]                    # a legend's held expression shows as it
    layered = two_d_text(shown)
    if not layered:
        return plain_text(e)
    text = MathText(layered)
    text.expr = inner
    return text


class LabelText(str):
    """A label's plain text that knows the expression it shows (``expr``)."""

    expr = None


def with_source(text: str, expr) -> str:
    """``text`` (label_text's) remembering ``expr`` as the expression it came from: what a
    legend keeps of the label (PlotLegends -> {a, "b"} keeps a and "b")."""
    text = text if isinstance(text, MathText) else LabelText(text)
    text.expr = expr
    return text


def label_expr(text: str):
    """The expression a label's text came from (with_source's, a MathText's or a
    placeholder's), else the text as a String: what a legend keeps of its labels."""
    made_from = getattr(text, "expr", None)
    return made_from if made_from is not None else String(text)


def own_style(e):
    """The style of a label given as Style[label, directives…], else None."""
    if type(e) is Expr and e.head is Symbol("Style") and len(e.args) > 1:
        return style_of(Expr.from_args(Symbol("Directive"), e.args[1:]))
    return None


def read_axes_label(e, opts):
    if is_list(e) and len(e.args) == 2:
        return opts.with_changes(axes_label=(_label(e.args[0]), _label(e.args[1])),
                                 label_styles={"x": own_style(e.args[0]),
                                               "y": own_style(e.args[1])})
    return opts.with_changes(axes_label=(None, _label(e)), label_styles={"y": own_style(e)})


def read_axes_origin(e, opts):
    if _is_auto(e):
        return opts.with_changes(axes_origin=None)
    if is_list(e) and len(e.args) == 2:
        x, y = number(e.args[0]), number(e.args[1])
        if x is not None and y is not None:
            return opts.with_changes(axes_origin=(x, y))
    raise ValueError


def read_frame(e, opts):
    value = _bool(e)
    if value is None and is_list(e):              # {{left, right}, {bottom, top}}
        value = any(_bool(a) for a in _flatten(e))
    if value is None:
        raise ValueError
    return opts.with_changes(frame=value)


def _flatten(e):
    for a in e.args:
        if is_list(a):
            yield from _flatten(a)
        else:
            yield a


def read_frame_label(e, opts):
    if _is_none(e):
        return opts.with_changes(frame_label=(None, None, None, None))
    if is_list(e) and len(e.args) == 2 and all(is_list(a) and len(a.args) == 2 for a in e.args):
        (left, right), (bottom, top) = e.args[0].args, e.args[1].args
        sides = (bottom, left, top, right)
    elif is_list(e):
        sides = tuple(e.args[:4]) + (None,) * (4 - len(e.args[:4]))
    else:
        sides = (e, None, None, None)
    return opts.with_changes(
        frame_label=tuple(None if a is None else _label(a) for a in sides),
        label_styles={name: own_style(a) for name, a in zip(("bottom", "left", "top",
                                                             "right"), sides)})


def _frame_side(e, automatic: str):
    """One frame side's ticks: Automatic ``automatic`` ("auto" on the bottom and left,
    unlabelled "marks" on the top and right), All labelled, None none, or a list."""
    if type(e) is Symbol and e.name == "Automatic":
        return automatic
    if type(e) is Symbol and e.name == "All" or _bool(e) is True:
        return "auto"
    return _ticks_axis(e)


def read_frame_ticks(e, opts):
    """FrameTicks: None, Automatic (labels bottom and left, marks on every side), True
    (bottom and left only), All (labels on every side), {x, y} per direction, or
    {{left, right}, {bottom, top}} per side."""
    if _is_none(e) or _bool(e) is False:
        sides = (None, None, None, None)
    elif type(e) is Symbol and e.name == "Automatic":
        sides = ("auto", "auto", "marks", "marks")
    elif _bool(e) is True:
        sides = ("auto", "auto", None, None)
    elif type(e) is Symbol and e.name == "All":
        sides = ("auto", "auto", "auto", "auto")
    elif is_per_side(e):
        (left, right), (bottom, top) = e.args[0].args, e.args[1].args
        sides = (_frame_side(bottom, "auto"), _frame_side(left, "auto"),
                 _frame_side(top, "marks"), _frame_side(right, "marks"))
    elif is_list(e) and len(e.args) == 2:
        x, y = (_frame_side(a, "auto") for a in e.args)
        sides = (x, y, "marks" if x else None, "marks" if y else None)
    else:
        raise ValueError
    return opts.with_changes(frame_ticks=sides)


def is_per_side(e) -> bool:
    """Whether a two-element ticks setting is {{left, right}, {bottom, top}} (each side a
    symbol or a list of ticks) rather than {x ticks, y ticks}."""
    def side(a):
        return type(a) is Symbol or is_list(a) and all(is_tick(t) for t in a.args)
    return is_list(e) and len(e.args) == 2 and all(
        is_list(pair) and len(pair.args) == 2 and all(side(a) for a in pair.args)
        for pair in e.args)


def is_tick(e) -> bool:
    """A tick of a list ({x, label} or x), as opposed to a side's whole setting."""
    return number(e) is not None or is_list(e) and bool(e.args) and number(e.args[0]) is not None


def _ticks_axis(e):
    if _is_auto(e) or _bool(e) is True:
        return "auto"
    if _is_none(e) or _bool(e) is False:
        return None
    if is_list(e):
        ticks = []
        for t in e.args:
            if is_list(t) and t.args and number(t.args[0]) is not None:
                label = tick_label(t.args[1]) if len(t.args) > 1 else plain_text(t.args[0])
                ticks.append((number(t.args[0]), label))
            elif number(t) is not None:
                ticks.append((number(t), plain_text(t)))
            else:
                raise ValueError
        return ticks
    raise ValueError


def _per_axis(read_axis, e) -> tuple:
    """(x, y) settings of an option given as ``{x, y}`` or as one setting for both."""
    if is_list(e) and len(e.args) == 2 and all(is_list(a) or type(a) is Symbol for a in e.args):
        return (read_axis(e.args[0]), read_axis(e.args[1]))
    axis = read_axis(e)
    return (axis, axis)


def read_ticks(e, opts):
    return opts.with_changes(ticks=_per_axis(_ticks_axis, e))


def _grid_axis(e):
    if type(e) is Symbol and e.name == "Automatic" or _bool(e) is True:
        return "auto"
    if _is_none(e) or _bool(e) is False:
        return None
    if is_list(e):                       # positions, or {position, style} pairs
        lines = [(number(a.args[0]), style_of(Expr.from_args(Symbol("List"), a.args[1:])))
                 if is_list(a) and a.args else (number(a), None) for a in e.args]
        if any(v is None for v, _ in lines):
            raise ValueError
        return lines
    raise ValueError


def read_grid(e, opts):
    return opts.with_changes(grid=_per_axis(_grid_axis, e))


def read_legend(e, opts):
    if _is_none(e) or _is_auto(e):
        return opts.with_changes(legend=None)
    if is_list(e):
        return opts.with_changes(legend=tuple(_label(a) or "" for a in e.args))
    return opts.with_changes(legend=(plain_text(e),))


def _scale(e) -> str:
    if _is_none(e) or type(e) is Symbol and e.name == "Identity":
        return "linear"
    if type(e) is String and e.value in ("Log", "Log10"):
        return "log"
    if type(e) is String and e.value == "Reverse":          # linear, drawn the other way
        return "reverse"
    raise ValueError


def read_scaling(e, opts):
    if is_list(e) and len(e.args) == 2:
        return opts.with_changes(scaling=(_scale(e.args[0]), _scale(e.args[1])))
    return opts.with_changes(scaling=(opts.scaling[0], _scale(e)))       # one: the y axis


def read_plot_label(e, opts):
    style = None
    if type(e) is Expr and e.head is Symbol("Style") and len(e.args) > 1:   # its own style
        style = style_of(Expr.from_args(Symbol("Directive"), e.args[1:]))
    return opts.with_changes(plot_label=_label(e), plot_label_style=style)


def read_background(e, opts):
    from wlnet.graphics.style import colour_of
    if _is_none(e):
        return opts.with_changes(background=None)
    colour = colour_of(e)
    if colour is None:
        raise ValueError
    return opts.with_changes(background=colour)


def _primitives(e) -> tuple:
    return (e,) if not _is_none(e) else ()


def read_epilog(e, opts):
    return opts.with_changes(epilog=_primitives(e))


def read_prolog(e, opts):
    return opts.with_changes(prolog=_primitives(e))


def style_of(e):
    """A Style from a style setting: directives (colours, Bold, Thick, FontSize[n], …),
    a bare number as the font size, in a Directive or list or alone; None when ``e`` is
    not one."""
    from wlnet.graphics.style import Style, apply_directive
    if _is_none(e) or _is_auto(e):
        return None
    parts = e.args if type(e) is Expr and (is_list(e) or e.head is Symbol("Directive")) \
        else [e]
    style = Style(colour=(0.25, 0.25, 0.25))
    for part in parts:
        size = number(part)
        changed = replace(style, font_size=size) if size is not None \
            else apply_directive(style, part)
        if changed is None:
            return None
        style = changed
    return style


def _style_reader(field: str):
    def read(e, opts):
        return opts.with_changes(**{field: style_of(e)})
    return read


READERS = {
    "PlotRange": read_plot_range, "PlotRangePadding": read_padding, "AspectRatio": read_aspect,
    "ImageSize": read_image_size, "Axes": read_axes, "AxesLabel": read_axes_label,
    "AxesOrigin": read_axes_origin, "Frame": read_frame, "FrameLabel": read_frame_label,
    "FrameTicks": read_frame_ticks, "Ticks": read_ticks, "GridLines": read_grid,
    "PlotLegends": read_legend, "ScalingFunctions": read_scaling, "PlotLabel": read_plot_label,
    "Background": read_background, "Epilog": read_epilog, "Prolog": read_prolog,
    "LabelStyle": _style_reader("label_style"), "TicksStyle": _style_reader("ticks_style"),
    "AxesStyle": _style_reader("axes_style"), "FrameStyle": _style_reader("frame_style"),
    "FrameTicksStyle": _style_reader("ticks_style"),
    "GridLinesStyle": _style_reader("grid_style"),
}


def read_options(rules, warn, base: GraphicsOptions | None = None) -> GraphicsOptions:
    """Options from a sequence of rules.  As in the Wolfram Language, the first setting
    of an option is the one used (a plot puts the user's options before its defaults)."""
    opts = base or GraphicsOptions()
    seen = set()
    for rule in rules:
        if not is_rule(rule):
            warn("Graphics", "nonopt", rule)
            continue
        name = option_name(rule)
        if name not in GRAPHICS_OPTION_NAMES:
            warn("Graphics", "optx", rule.args[0])
            continue
        if name in seen:
            continue
        seen.add(name)
        reader = READERS.get(name)
        if reader is None:                 # accepted, no effect on the drawing
            continue
        try:
            opts = reader(rule.args[1], opts)
        except ValueError:
            warn("Graphics", "gopt", rule.args[1], name)
    return opts
