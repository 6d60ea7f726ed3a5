"""Boxes → input text: what a notebook's Input cell says, as a line of a .wl script.

A notebook stores typed input as boxes: ``RowBox[{"net", "=", RowBox[{"NetChain", "[", …}]}]``.
Each string in a box is a token as the user typed it (string literals keep their quotes,
with ``\\<`` ``\\>`` marking where the string's text starts and ends); the box heads are
two-dimensional notation (``SuperscriptBox[a, b]`` is ``a^b``).  ``box_to_text`` reads them
back into text that wlnet's parser reads as the front end would have:

* RowBox: the tokens concatenated, with a space where two tokens would otherwise lex as
  something else (``x`` ``y``, ``n_`` ``.``), around binary operators such as ``=`` and
  ``->`` and after commas (for the reader's sake);
* SuperscriptBox a^b, SubscriptBox Subscript[a, b], SubsuperscriptBox, FractionBox
  ((a)/(b)), SqrtBox Sqrt[a] (and the prefix \\[Sqrt] a), RadicalBox, Over/Under(script)Box, GridBox {{…}, …};
* ∑ and ∏ with limits i = a below and b above, ∫ with limits or none, each taking the rest
  of its row as the body (the integral's ending in ⅆx): Sum, Product, Integrate;
* StyleBox, FormBox, TagBox, ButtonBox, AdjustmentBox, FrameBox, PaneBox, ItemBox and
  similar wrappers: their content; InterpretationBox: the InputForm of its expression;
* TemplateBox of the front end's templates that stand for an expression: Entity,
  EntityProperty… (the input boxes they hold), Quantity and its Prefix/Postfix forms,
  RowDefault, Spacer1/Spacer2; NamespaceBox of free-form input: the boxes it resolved to;
* GraphicsBox of an image pasted into the cell (a RasterBox tagged BoxForm`ImageTag):
  ``Image[data, "type", ColorSpace -> …, Interleaving -> …]``; other GraphicsBox and
  Graphics3DBox: ``Graphics[…]`` / ``Graphics3D[…]`` with each primitive's box read as the
  primitive (LineBox as Line…), the front end's own wrappers and options dropped;
* CompressedData["1:…"] inside such boxes: ``Uncompress["1:…"]``, decoded when the
  cell runs (wlnet.core.compressed_data);
* characters: operator characters become their ASCII spelling (``\\[Rule]`` ->,
  ``\\[RuleDelayed]`` :>, ``\\[Equal]`` ==, ``\\[LeftDoubleBracket]`` [[ …), other
  non-ASCII characters are written ``\\[Name]`` (``\\[Element]``, ``\\[LongRightArrow]``,
  ``\\[Alpha]``), which the parser reads as the operator or letter; inside string literals
  every character keeps its meaning.

A box this module does not know raises ``BoxError`` naming it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.syntax.linear_boxes import segment_end, string_end

__all__ = ["box_to_text", "BoxError", "token_text"]


class BoxError(ValueError):
    """A box that has no input-text reading here."""


# Characters with an ASCII spelling outside strings (keyed by WL name).
_ASCII_OPERATORS = {
    "Rule": "->", "RuleDelayed": ":>", "Equal": "==", "LongEqual": "==", "NotEqual": "!=",
    "LessEqual": "<=", "GreaterEqual": ">=", "Times": "*", "Divide": "/", "And": "&&",
    "Or": "||", "Not": "!", "LeftDoubleBracket": "[[", "RightDoubleBracket": "]]",
    "InvisibleSpace": "", "Null": "", "NoBreak": "", "InvisibleTimes": " ",
    "InvisibleComma": ",", "InvisibleApplication": "@", "InvisiblePrefixScriptBase": "",
    "InvisiblePostfixScriptBase": "", "IndentingNewLine": "\n", "NewLine": "\n",
    "VeryThinSpace": " ", "ThinSpace": " ", "MediumSpace": " ", "ThickSpace": " ",
    "NegativeVeryThinSpace": "", "NegativeThinSpace": "", "NegativeMediumSpace": "",
    "NegativeThickSpace": "", "SpaceIndicator": " ", "AlignmentMarker": "",
}

# Pure wrappers: the text of the first argument.
_WRAPPERS = frozenset(["StyleBox", "FormBox", "TagBox", "ButtonBox", "AdjustmentBox",
                       "FrameBox", "PaneBox", "ItemBox", "PanelBox", "TooltipBox",
                       "ActionMenuBox", "Cell"])

# Named characters the reader met that the parser's table lacks (reader.py fills this in
# with private code points, so that they survive parsing and come back by name here).
_UNKNOWN_NAMES: dict[str, str] = {}

_SIMPLE_TOKEN = re.compile(r'^(?:[\w$`.]+|"(?:[^"\\]|\\.)*")$', re.S)


def _char_name(ch: str) -> str | None:
    from wlnet.syntax.named_characters import name_of
    return name_of(ch)


def _escape_char(ch: str, in_string: bool) -> str:
    """One character of a token as input text."""
    if ch.isascii():
        return ch
    name = _char_name(ch)
    if name is None:
        name = _UNKNOWN_NAMES.get(ch)
    if not in_string and name in _ASCII_OPERATORS:
        return _ASCII_OPERATORS[name]
    if in_string and name in ("IndentingNewLine", "NewLine"):
        return "\\n"
    if name is not None:
        return f"\\[{name}]"
    return f"\\:{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\|{ord(ch):06x}"



def token_text(token: str) -> str:
    """A box string as input text: ``\\<``/``\\>`` dropped, characters spelled out."""
    out = []
    in_string = False
    i = 0
    while i < len(token):
        ch = token[i]
        if ch == "\\" and i + 1 < len(token):
            nxt = token[i + 1]
            if nxt in "<>":                       # string-box delimiters: not text
                i += 2
                continue
            out.append(ch + _escape_char(nxt, in_string))
            i += 2
            continue
        if ch == '"':
            in_string = not in_string
        out.append(_escape_char(ch, in_string))
        i += 1
    return "".join(out)


def _name(e) -> str | None:
    return e.head.name if type(e) is Expr and type(e.head) is Symbol else None


def _is_one_group(text: str) -> bool:
    """``f[…]``, ``f[…][…]`` or ``(…)`` as a whole: brackets balanced only at the end."""
    if text.startswith("("):
        opener, closer = "(", ")"
    elif re.match(r"[\w$`]+\[", text):
        opener, closer = "[", "]"
    else:
        return False
    if not text.endswith(closer):
        return False
    depth = 0
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0 and i + 1 < len(text) and not (opener == "[" and text[i + 1] == "["):
                return False
    return depth == 0


def _grouped(text: str) -> str:
    """Parenthesise unless ``text`` is one token or one call (a^b needs (a+1)^(b))."""
    stripped = text.strip()
    if _SIMPLE_TOKEN.match(stripped) or _is_one_group(stripped):
        return stripped
    return f"({stripped})"


# Operators written with a space on each side (the rest as typed); a comma gets one after.
_SPACED = frozenset(["=", ":=", "->", ":>", "==", "!=", "===", "=!=", "/.", "//.", "&&",
                     "||", "+=", "-=", "*=", "/=", "<=", ">=", "//", "/;", "^=", "^:=",
                     "|->", "\\[Element]", "\\[LongRightArrow]", "\\[Function]"])


# Prefix operators whose character has no spelling the parser reads: the front end groups
# the operand with them (RowBox[{"\[Sqrt]", x}]), written here as a call.
_PREFIX_CALLS = {"\u221a": "Sqrt"}


def _row_text(items) -> str:
    out = []
    items = list(items)
    i = 0
    while i < len(items):
        b = items[i]
        i += 1
        big = _big_operator(b, items[i:]) if _may_be_big_operator(b) else None
        if big is not None:                  # ∑ ∏ ∫ take the rest of the row as their body
            if out and _would_merge(out[-1], big):
                out.append(" ")
            out.append(big)
            break
        call = _PREFIX_CALLS.get(b.value) if type(b) is String else None
        if call is not None and i < len(items):
            text = f"{call}[{box_to_text(items[i])}]"
            i += 1
        else:
            text = box_to_text(b)
        if text in _SPACED:
            text = f" {text} "
        elif text == ",":
            text = ", "
        if out and out[-1].endswith(" ") and text.startswith(" "):
            text = text.lstrip(" ")       # a typed space beside a spaced operator: one space
            if not text:
                continue
        if out and _would_merge(out[-1], text):
            out.append(" ")
        out.append(text)
    return "".join(out)


# Two-dimensional sums, products and integrals: the operator's character with its limits
# as under/over (or sub/super) scripts, the rest of the row its body.
_SUM, _PRODUCT, _INTEGRAL, _DIFFERENTIAL_D = "\u2211", "\u220f", "\u222b", "\u2146"
_ITERATED = {_SUM: "Sum", _PRODUCT: "Product"}


def _may_be_big_operator(box) -> bool:
    """A cheap first look (rows can be long): a script box or a ∑/∏/∫ string."""
    if type(box) is String:
        return box.value in (_SUM, _PRODUCT, _INTEGRAL)
    return _name(box) in ("UnderoverscriptBox", "SubsuperscriptBox", "UnderscriptBox",
                          "SubscriptBox")


def _big_operator(box, rest) -> str | None:
    """``Sum[body, {i, 1, n}]``, ``Product[…]``, ``Integrate[f, {x, a, b}]`` or
    ``Integrate[f, x]`` for a ∑/∏/∫ box and the rest of its row; None for other boxes."""
    name = _name(box)
    base = box.args[0] if name in ("UnderoverscriptBox", "SubsuperscriptBox",
                                   "UnderscriptBox", "SubscriptBox") and box.args else box
    if type(base) is not String or base.value not in (*_ITERATED, _INTEGRAL) or not rest:
        return None
    limits = list(box.args[1:3]) if base is not box else []
    if base.value == _INTEGRAL:
        integrand, variable = _integrand(rest)
        if limits and len(limits) == 2:
            low, high = (box_to_text(b) for b in limits)
            return f"Integrate[{integrand}, {{{variable}, {low}, {high}}}]"
        if limits:
            raise BoxError("an integral with one limit")
        return f"Integrate[{integrand}, {variable}]"
    body = _row_text(rest)
    if len(limits) != 2 or _name(limits[0]) != "RowBox":
        raise BoxError("a sum or product without limits i = a below and b above")
    lower = list(limits[0].args[0].args) if limits[0].args else []
    if len(lower) != 3 or lower[1] != String("="):
        raise BoxError("a sum or product whose lower limit is not i = a")
    variable, start = box_to_text(lower[0]), box_to_text(lower[2])
    return f"{_ITERATED[base.value]}[{body}, {{{variable}, {start}, {box_to_text(limits[1])}}}]"


def _integrand(rest) -> tuple[str, str]:
    """(integrand, variable) of an integral's body ending in ``ⅆx``."""
    items = list(rest)
    while len(items) == 1 and _name(items[0]) == "RowBox":
        items = list(items[0].args[0].args)
    last = items[-1] if items else None
    if _name(last) == "RowBox" and len(last.args[0].args) == 2 \
            and last.args[0].args[0] == String(_DIFFERENTIAL_D):
        variable, items = last.args[0].args[1], items[:-1]
    elif len(items) >= 2 and items[-2] == String(_DIFFERENTIAL_D):
        variable, items = items[-1], items[:-2]
    else:
        raise BoxError("an integral without its \\[DifferentialD]")
    integrand = _row_text(items).strip() if items else "1"
    return integrand or "1", box_to_text(variable)


_SEPARATOR = re.compile(r'[\[\](){},"\s]')


def _would_merge(before: str, after: str) -> bool:
    """Whether two adjacent tokens read differently when written together (``x`` ``y`` is
    one name, ``-`` ``-1`` a decrement, ``n_`` ``.`` an Optional, ``1`` ``.`` a real):
    the lexer decides, on the pieces that touch."""
    if not before or not after or _SEPARATOR.match(before[-1]) or _SEPARATOR.match(after[0]):
        return False
    return _pieces_merge(_SEPARATOR.split(before)[-1], _SEPARATOR.split(after)[0])


@lru_cache(maxsize=4096)
def _pieces_merge(left: str, right: str) -> bool:
    from wlnet.syntax.lexer import tokenize
    try:
        together = tokenize(left + right)[:2]
        apart = [a + b for a, b in zip(tokenize(left)[:2], tokenize(right)[:2])]
    except Exception:                      # a piece that does not lex alone: keep apart
        return True
    return list(together) != apart


def box_to_text(box) -> str:
    """The input text of a box expression (see the module docstring)."""
    if type(box) is String:
        return token_text(box.value)
    if type(box) is Expr and box.head is S.List:          # several lines of input
        return "\n".join(box_to_text(b) for b in box.args)
    name = _name(box)
    if name is None:
        raise BoxError(f"unexpected {type(box).__name__} in boxes")
    args = box.args
    if name == "RowBox":
        if len(args) != 1 or _name(args[0]) != "List":
            raise BoxError("malformed RowBox")
        return _row_text(args[0].args)
    if name == "BoxData":
        return box_to_text(args[0]) if args else ""
    converter = _CONVERTERS.get(name)
    if converter is not None:
        return converter(args)
    if name in _WRAPPERS and args:
        return box_to_text(args[0])
    raise BoxError(f"{name} cannot be read as input text")


def _need(args, n: int, head: str):
    if len(args) < n:
        raise BoxError(f"malformed {head}")
    return args


def _superscript(args) -> str:
    base, sup = _need(args, 2, "SuperscriptBox")[:2]
    base_text = box_to_text(base)
    if sup == String("\uf3c7"):                      # \[Transpose]
        return f"Transpose[{base_text}]"
    if sup == String("\u2032"):                      # \[Prime]
        return f"Derivative[1][{base_text}]"
    return f"{_grouped(base_text)}^{_grouped(box_to_text(sup))}"


def _subscript(args) -> str:
    base, sub = _need(args, 2, "SubscriptBox")[:2]
    return f"Subscript[{box_to_text(base)}, {box_to_text(sub)}]"


def _subsuperscript(args) -> str:
    base, sub, sup = _need(args, 3, "SubsuperscriptBox")[:3]
    return f"Subscript[{box_to_text(base)}, {box_to_text(sub)}]^{_grouped(box_to_text(sup))}"


def _fraction(args) -> str:
    num, den = _need(args, 2, "FractionBox")[:2]
    return f"({_grouped(box_to_text(num))}/{_grouped(box_to_text(den))})"


def _sqrt(args) -> str:
    return f"Sqrt[{box_to_text(_need(args, 1, 'SqrtBox')[0])}]"


def _radical(args) -> str:
    base, n = _need(args, 2, "RadicalBox")[:2]
    return f"Surd[{box_to_text(base)}, {box_to_text(n)}]"


def _script(head: str, count: int):
    def convert(args) -> str:
        parts = _need(args, count, head + "Box")[:count]
        return f"{head}[" + ", ".join(box_to_text(p) for p in parts) + "]"
    return convert


def _grid(args) -> str:
    rows = _need(args, 1, "GridBox")[0]
    if _name(rows) != "List":
        raise BoxError("malformed GridBox")
    out = []
    for row in rows.args:
        cells = row.args if _name(row) == "List" else (row,)
        out.append("{" + ", ".join(box_to_text(c) for c in cells) + "}")
    return "{" + ", ".join(out) + "}"


def _interpretation(args) -> str:
    from wlnet.syntax.printer import input_form
    return input_form(_need(args, 2, "InterpretationBox")[1])


# ---------------------------------------------------------------------------- templates

# Templates whose second part is the input boxes of the expression shown (the first is
# what the notebook displays: the entity's name).
_INPUT_IN_SECOND = frozenset(["Entity", "EntityProperty", "EntityClass", "EntityInstance",
                              "EntityPropertyClass", "EntityFramework"])
_QUANTITY_TEMPLATES = frozenset(["Quantity", "QuantityPrefix", "QuantityPostfix",
                                 "QuantityPrefixUnit", "QuantityPostfixUnit",
                                 "QuantityPrefixPostfix"])


def _template(args) -> str:
    parts, name = _need(args, 2, "TemplateBox")[:2]
    if _name(parts) != "List" or type(name) is not String:
        raise BoxError("malformed TemplateBox")
    items, kind = parts.args, name.value
    if kind in _INPUT_IN_SECOND and len(items) >= 2:
        return box_to_text(items[1])
    if kind in _QUANTITY_TEMPLATES and len(items) >= 4:
        # {magnitude, unit as shown, unit in words, unit as input}
        return f"Quantity[{box_to_text(items[0])}, {box_to_text(items[3])}]"
    if kind == "RowDefault":
        return "Row[{" + ", ".join(box_to_text(b) for b in items) + "}]"
    if kind == "Spacer1" and items:
        return f"Spacer[{box_to_text(items[0])}]"
    if kind == "Spacer2" and len(items) >= 2:
        return f"Spacer[{{{box_to_text(items[0])}, {box_to_text(items[1])}}}]"
    interpreted = _interpretation_function(items, args[2:])
    if interpreted is not None:
        return interpreted
    raise BoxError(f"the template {kind!r} of a TemplateBox cannot be read as input text")


def _interpretation_function(items, options) -> str | None:
    """The input a TemplateBox stands for by its InterpretationFunction option (a pure
    function of the template's parts giving boxes): a summary box pasted into an input
    cell reads as the text it interprets to, e.g. "ClassifierFunction[…]"."""
    for option in options:
        if _name(option) not in ("Rule", "RuleDelayed") or len(option.args) != 2 \
                or option.args[0] != Symbol("InterpretationFunction"):
            continue
        function = option.args[1]
        if _name(function) != "Function" or len(function.args) != 1:
            return None
        body = _with_slots(function.args[0], items)
        return body.value if type(body) is String else box_to_text(body)
    return None


def _with_slots(body, items):
    """``body`` with #k replaced by the k-th template part (the boxes it receives)."""
    if type(body) is not Expr:
        return body
    if body.head is S.Slot and len(body.args) == 1 and type(body.args[0]) is Integer \
            and 1 <= body.args[0].value <= len(items):
        return items[body.args[0].value - 1]
    return Expr(body.head, *(_with_slots(a, items) for a in body.args))


def _namespace(args) -> str:
    """Free-form input (Ctrl+=) keeps the boxes it was resolved to in its dynamic module's
    ``Typeset`boxes$$``: those are the input."""
    kind = args[0] if args else None
    module = args[1] if len(args) > 1 else None
    if kind == String("LinguisticAssistant") and _name(module) == "DynamicModuleBox" \
            and module.args and _name(module.args[0]) == "List":
        for setting in module.args[0].args:
            if _name(setting) == "Set" and len(setting.args) == 2 \
                    and type(setting.args[0]) is Symbol \
                    and setting.args[0].name.endswith("boxes$$"):
                return box_to_text(setting.args[1])
    raise BoxError("a NamespaceBox cannot be read as input text")


# ---------------------------------------------------------------------------- graphics

def _graphics(args) -> str:
    from wlnet.syntax.printer import input_form
    image = _image(args)
    if image is not None:
        return input_form(image)
    return input_form(_graphics_expr(Expr(Symbol("GraphicsBox"), *args)))


def _graphics3d(args) -> str:
    from wlnet.syntax.printer import input_form
    return input_form(_graphics_expr(Expr(Symbol("Graphics3DBox"), *args)))


def _image(args):
    """``Image[…]`` for the boxes of an image pasted into a cell, else None."""
    tagged = args[0] if args else None
    if not (_name(tagged) == "TagBox" and len(tagged.args) >= 2
            and _name(tagged.args[0]) == "RasterBox"
            and (_name(tagged.args[1]) or "").endswith("ImageTag")):
        return None
    raster, tag = tagged.args[0], tagged.args[1]
    if not raster.args or not tag.args or type(tag.args[0]) is not String:
        raise BoxError("malformed image boxes")
    options = [o for o in tag.args[1:] if _is_option(o, ("ColorSpace", "Interleaving"))]
    options += [o for o in args[1:] if _is_option(o, ("ImageSize",))
                and o.args[1] != Symbol("Automatic")]
    return Expr(Symbol("Image"), _graphics_expr(raster.args[0]), tag.args[0], *options)


def _is_option(e, names) -> bool:
    return _name(e) in ("Rule", "RuleDelayed") and len(e.args) == 2 \
        and type(e.args[0]) is Symbol and e.args[0].name in names


# A primitive's box and the primitive it stands for.
_PRIMITIVES = {
    "GraphicsBox": "Graphics", "Graphics3DBox": "Graphics3D",
    "LineBox": "Line", "Line3DBox": "Line", "PointBox": "Point", "Point3DBox": "Point",
    "PolygonBox": "Polygon", "Polygon3DBox": "Polygon", "DiskBox": "Disk",
    "CircleBox": "Circle", "RectangleBox": "Rectangle", "ArrowBox": "Arrow",
    "Arrow3DBox": "Arrow", "BezierCurveBox": "BezierCurve", "BSplineCurveBox": "BSplineCurve",
    "RasterBox": "Raster", "InsetBox": "Inset", "Inset3DBox": "Inset",
    "GraphicsComplexBox": "GraphicsComplex", "GraphicsComplex3DBox": "GraphicsComplex",
    "GraphicsGroupBox": "GraphicsGroup", "GraphicsGroup3DBox": "GraphicsGroup",
    "GeometricTransformationBox": "GeometricTransformation",
    "GeometricTransformation3DBox": "GeometricTransformation",
    "FilledCurveBox": "FilledCurve", "JoinedCurveBox": "JoinedCurve",
    "SphereBox": "Sphere", "CuboidBox": "Cuboid", "CylinderBox": "Cylinder",
    "ConeBox": "Cone", "TubeBox": "Tube",
}
# The front end's wrappers around a primitive (a tooltip, mouse-over styling, a chart's
# click state): the primitive is their first part.
_GRAPHICS_WRAPPERS = frozenset(["TagBox", "TooltipBox", "DynamicBox", "Dynamic",
                                "StatusArea", "Annotation", "FormBox", "ItemBox"])
# Options only the front end reads.
_FRONT_END_OPTIONS = frozenset(["ImageSizeRaw", "DefaultBaseStyle", "DisplayFunction",
                                "Selectable", "StripOnInput"])


def _graphics_expr(box):
    """The graphics expression of graphics boxes: primitives' boxes renamed, wrappers
    dropped, CompressedData as Uncompress (decoded when the cell runs)."""
    if type(box) is not Expr:
        return box
    name = _name(box)
    if name == "CompressedData" and box.args and type(box.args[0]) is String:
        return Expr(Symbol("Uncompress"), String("".join(box.args[0].value.split())))
    if name in _GRAPHICS_WRAPPERS:
        return _graphics_expr(box.args[0]) if box.args else S.Null
    if name == "DynamicModuleBox" and len(box.args) >= 2:
        return _graphics_expr(box.args[1])
    if name == "InterpretationBox" and len(box.args) >= 2:
        return box.args[1]
    if name == "StyleBox" and box.args:
        return Expr(Symbol("Style"), *[_graphics_expr(a) for a in box.args
                                        if not _is_option(a, _FRONT_END_OPTIONS)])
    if name == "InsetBox" and box.args and _name(box.args[0]) not in _PRIMITIVES:
        return Expr(Symbol("Inset"), _inset_content(box.args[0]),
                    *[_graphics_expr(a) for a in box.args[1:]])
    head = Symbol(_PRIMITIVES[name]) if name in _PRIMITIVES else _graphics_expr(box.head)
    parts = [_graphics_expr(a) for a in box.args
             if not _is_option(a, _FRONT_END_OPTIONS) and not _front_end_private(a)]
    return Expr(head, *parts)


def _front_end_private(e) -> bool:
    return (_name(e) or "").startswith("FEPrivate`")


def _inset_content(box):
    """What an inset shows: text boxes read as the expression they spell."""
    from wlnet.syntax.parser import parse
    text = box_to_text(box)
    try:
        return parse(text)
    except Exception:                       # noqa: BLE001 - not an expression: the text
        return String(text)


_CONVERTERS = {
    "SuperscriptBox": _superscript, "SubscriptBox": _subscript,
    "SubsuperscriptBox": _subsuperscript, "FractionBox": _fraction, "SqrtBox": _sqrt,
    "RadicalBox": _radical, "OverscriptBox": _script("Overscript", 2),
    "UnderscriptBox": _script("Underscript", 2),
    "UnderoverscriptBox": _script("Underoverscript", 3), "GridBox": _grid,
    "InterpretationBox": _interpretation, "TemplateBox": _template,
    "NamespaceBox": _namespace, "GraphicsBox": _graphics, "Graphics3DBox": _graphics3d,
}


# ---------------------------------------------------------------------------- linear syntax

_LINEAR_START, _GROUP_OPEN, _GROUP_CLOSE = "\\!\\(", "\\(", "\\)"
# The short forms of linear syntax and the input text they stand for.
_LINEAR_OPERATORS = {"\\^": "^", "\\/": "/", "\\@": "Sqrt@", "\\ ": " "}


def expand_linear_syntax(source: str) -> str:
    """``source`` with each ``\\!\\( … \\)`` outside strings and comments replaced by the
    input text of the boxes it holds: what a notebook saved as a package (.m, .wl) keeps of
    two-dimensional input and pasted images (``img = \\!\\(\\*GraphicsBox[…]\\)``).  The
    replacement is parenthesised and keeps the piece's line breaks (inside the
    parentheses), so that later lines keep their numbers.  A piece that cannot be read is
    left as it is, for the parser to report."""
    out, i, n = [], 0, len(source)
    piece_start = 0
    while i < n:
        ch = source[i]
        if ch == '"':
            i = string_end(source, i)
        elif source.startswith("(*", i):
            i = _comment_end(source, i)
        elif source.startswith(_LINEAR_START, i):
            end = segment_end(source, i + len(_LINEAR_START))
            if end is None:
                break
            text = _linear_piece_text(source[i + len(_LINEAR_START):end - 2])
            if text is not None:
                out.append(source[piece_start:i])
                out.append("(" + text + "\n" * source.count("\n", i, end) + ")")
                piece_start = end
            i = end
        elif ch == "\\":
            i += 2
        else:
            i += 1
    out.append(source[piece_start:])
    return "".join(out)


def _comment_end(text: str, i: int) -> int:
    depth = 0
    while i < len(text):
        if text.startswith("(*", i):
            depth += 1
            i += 2
        elif text.startswith("*)", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(text)


def _linear_piece_text(body: str) -> str | None:
    """The input text of the inside of ``\\!\\( … \\)``, or None."""
    from wlnet.syntax.parser import parse
    body = body.strip()
    try:
        if body.startswith("\\*"):
            # a box expression written out: its \( … \) groups are box strings
            return box_to_text(parse(_groups_as_strings(body[2:])))
        return _short_form_text(body)
    except (BoxError, ValueError, RecursionError):
        return None


def _groups_as_strings(source: str) -> str:
    """``SuperscriptBox[\\(x\\), \\(2\\)]`` → ``SuperscriptBox["x", "2"]``: each group
    outside strings becomes a string holding its input text."""
    out, i, piece_start = [], 0, 0
    while i < len(source):
        if source[i] == '"':
            i = string_end(source, i)
        elif source.startswith(_GROUP_OPEN, i):
            end = segment_end(source, i + 2)
            if end is None:
                raise BoxError("a \\( without its \\)")
            inner = _short_form_text(source[i + 2:end - 2])
            escaped = inner.replace("\\", "\\\\").replace('"', '\\"')
            out.append(source[piece_start:i] + f'"{escaped}"')
            piece_start = i = end
        else:
            i += 1
    out.append(source[piece_start:])
    return "".join(out)


def _short_form_text(body: str) -> str:
    """Linear syntax without boxes written out: ``x\\^2``, ``a\\/b``, ``\\@x`` and
    grouping ``\\( \\)`` as input text."""
    if "\\*" in body or "\\_" in body or "\\%" in body:
        raise BoxError("linear syntax of boxes without an input reading")
    out, i = [], 0
    while i < len(body):
        pair = body[i:i + 2]
        if pair == _GROUP_OPEN or pair == _GROUP_CLOSE:
            out.append("(" if pair == _GROUP_OPEN else ")")
            i += 2
        elif pair in _LINEAR_OPERATORS:
            out.append(_LINEAR_OPERATORS[pair])
            i += 2
        elif body[i] == '"':
            end = string_end(body, i)
            out.append(body[i:end])
            i = end
        else:
            out.append(body[i])
            i += 1
    return "".join(out).strip()
