"""Boxes → input text, one row per kind of box or character (as the .nb file spells it)."""

import pytest

from wlnet.notebook import NotebookError, cell_texts_of, parse_notebook
from wlnet.syntax.parser import parse


def cell_text(box_source: str, style: str = "Input") -> str:
    """The text of one cell whose BoxData is ``box_source`` (written as in a .nb file)."""
    nb = parse_notebook(f'Notebook[{{Cell[BoxData[{box_source}], "{style}"]}}]')
    (text,) = cell_texts_of(nb)
    return text


# (boxes as the .nb file has them, the input text they stand for)
TABLE = [
    ('RowBox[{"a", "=", "1"}]', "a = 1"),
    ('RowBox[{"f", "[", RowBox[{"x", ",", "y"}], "]"}]', "f[x, y]"),
    ('RowBox[{"a", "\\[Rule]", "b"}]', "a -> b"),
    ('RowBox[{"a", "\\[RuleDelayed]", "b"}]', "a :> b"),
    ('RowBox[{"a", "\\[Equal]", "b"}]', "a == b"),
    ('RowBox[{"x", "\\[Element]", "Reals"}]', "x \\[Element] Reals"),
    ('RowBox[{"a", "\\[LongRightArrow]", "b"}]', "a \\[LongRightArrow] b"),
    ('RowBox[{"a", "\\[LeftDoubleBracket]", "1", "\\[RightDoubleBracket]"}]', "a[[1]]"),
    ('RowBox[{"\\[Alpha]", "+", "1"}]', "\\[Alpha]+1"),
    ('SuperscriptBox["x", "2"]', "x^2"),
    ('SuperscriptBox[RowBox[{"a", "+", "1"}], RowBox[{"n", "-", "1"}]]', "(a+1)^(n-1)"),
    ('SuperscriptBox["m", "\\[Transpose]"]', "Transpose[m]"),
    ('SubscriptBox["x", "1"]', "Subscript[x, 1]"),
    ('SubsuperscriptBox["x", "1", "2"]', "Subscript[x, 1]^2"),
    ('FractionBox["1", "2"]', "(1/2)"),
    ('FractionBox[RowBox[{"a", "+", "b"}], RowBox[{"Length", "[", "c", "]"}]]',
     "((a+b)/Length[c])"),
    ('SqrtBox["x"]', "Sqrt[x]"),
    # the prefix square root, grouped with its operand by the front end
    ('FractionBox["2", RowBox[{"\\[Sqrt]", RowBox[{"Length", "[", "d", "]"}]}]]', "(2/Sqrt[Length[d]])"),
    ('RadicalBox["x", "3"]', "Surd[x, 3]"),
    ('StyleBox["x", FontWeight -> "Bold"]', "x"),
    ('RowBox[{StyleBox["\\"\\<bold\\>\\"", FontWeight -> "Bold"], "<>", "s"}]', '"bold"<>s'),
    ('FormBox[RowBox[{"x", "+", "1"}], TraditionalForm]', "x+1"),
    ('TagBox[RowBox[{"x", "+", "1"}], HoldForm]', "x+1"),
    ('InterpretationBox["\\"shown\\"", {1, 2}]', "{1, 2}"),
    ('GridBox[{{"1", "2"}, {"3", "4"}}]', "{{1, 2}, {3, 4}}"),
    ('RowBox[{"\\"\\<a\\[Rule]b\\>\\""}]', '"a\\[Rule]b"'),
    ('RowBox[{"\\"\\<tab\\\\tx\\>\\""}]', '"tab\\tx"'),
    ('RowBox[{"\\"\\<say \\\\\\"hi\\\\\\"\\>\\""}]', '"say \\"hi\\""'),
    ('RowBox[{"a", ";", "\\[IndentingNewLine]", "b"}]', "a;\nb"),
    ('RowBox[{"x", " ", "y"}]', "x y"),
    ('RowBox[{"x", "y"}]', "x y"),
    ('RowBox[{"1", ".", "x"}]', "1 .x"),
    ('RowBox[{"x", ".", "5"}]', "x. 5"),
    ('RowBox[{"-", RowBox[{"-", "1"}]}]', "- -1"),
    ('RowBox[{RowBox[{"f", "[", "s_", "]"}], ":=", "1"}]', "f[s_] := 1"),
    ('RowBox[{"a", "\\[NoBreak]", "b"}]', "ab"),
    ('RowBox[{"x", "\\[InvisibleTimes]", "y"}]', "x y"),
    ('"\\"\\<\\[IndentingNewLine]\\>\\""', '"\\n"'),
    ('{RowBox[{"a", "=", "1"}], RowBox[{"b", "=", "2"}]}', "a = 1\nb = 2"),
    # a space typed beside an operator the text spaces anyway: one space, not two
    ('RowBox[{"net", " ", "=", " ", RowBox[{"f", "[", "x", "]"}]}]', "net = f[x]"),
    ('RowBox[{"a", ",", " ", "b"}]', "a, b"),
    # two-dimensional sums, products and integrals: limits as scripts, the row as the body
    ('RowBox[{UnderoverscriptBox["\\[Sum]", RowBox[{"i", "=", "1"}], "n"], '
     'SuperscriptBox["i", "2"]}]', "Sum[i^2, {i, 1, n}]"),
    ('RowBox[{"a", "+", RowBox[{UnderoverscriptBox["\\[Product]", RowBox[{"k", "=", "1"}], '
     '"5"], "k"}]}]', "a+Product[k, {k, 1, 5}]"),
    ('RowBox[{SubsuperscriptBox["\\[Integral]", "0", "1"], RowBox[{SuperscriptBox["x", "2"], '
     'RowBox[{"\\[DifferentialD]", "x"}]}]}]', "Integrate[x^2, {x, 0, 1}]"),
    ('RowBox[{"\\[Integral]", RowBox[{RowBox[{"Sin", "[", "t", "]"}], '
     'RowBox[{"\\[DifferentialD]", "t"}]}]}]', "Integrate[Sin[t], t]"),
    # the front end's templates for expressions: an entity keeps its input boxes second
    ('TemplateBox[{"\\"Paris\\"", RowBox[{"Entity", "[", RowBox[{"\\"City\\"", ",", '
     '"\\"Paris\\""}], "]"}], "\\"e\\"", "\\"city\\""}, "Entity"]',
     'Entity["City", "Paris"]'),
    ('TemplateBox[{"3", "\\"m\\"", "meters", "\\"Meters\\""}, "Quantity"]',
     'Quantity[3, "Meters"]'),
    ('TemplateBox[{"51.4`", RowBox[{"\\[InvisibleSpace]", "\\"\\[Degree]\\""}], "degrees", '
     '"\\"AngularDegrees\\""}, "QuantityPostfix"]', 'Quantity[51.4`, "AngularDegrees"]'),
    ('TemplateBox[{"a", "\\"b\\""}, "RowDefault"]', 'Row[{a, "b"}]'),
    ('TemplateBox[{"5"}, "Spacer1"]', "Spacer[5]"),
    # any other template by its InterpretationFunction (a summary box pasted into input)
    ('TagBox[TemplateBox[{RowBox[{"ClassifierFunction", "["}]}, "CopyTag", '
     'DisplayFunction -> (#1 &), InterpretationFunction -> ("ClassifierFunction[\\[Ellipsis]]" &)], '
     'False, Editable -> False]', "ClassifierFunction[\u2026]"),
    ('TemplateBox[{"a", "b"}, "Pair", InterpretationFunction -> (RowBox[{"f", "[", #1, ",", #2, "]"}] &)]',
     "f[a, b]"),
    # free-form input: the boxes it resolved to
    ('NamespaceBox["LinguisticAssistant", DynamicModuleBox[{Typeset`query$$ = "2 plus 2", '
     'Typeset`boxes$$ = RowBox[{"2", "+", "2"}], Typeset`open$$ = {1, 2}}, '
     'DynamicBox[ToBoxes[AlphaIntegration`LinguisticAssistantBoxes["", 4, '
     'Dynamic[Typeset`query$$]], StandardForm]]]]', "2+2"),
    # graphics pasted into a cell: the primitives, without the front end's wrappers
    ('GraphicsBox[{RGBColor[1, 0, 0], LineBox[{{0, 0}, {1, 1}}], TagBox[TooltipBox['
     'PointBox[{0.5, 0.5}], "\\"p\\""], Annotation[#, "p", "Tooltip"] &]}, '
     'ImageSizeRaw -> {100, 100}, PlotRange -> {{0, 1}, {0, 1}}]',
     "Graphics[{RGBColor[1, 0, 0], Line[{{0, 0}, {1, 1}}], Point[{0.5, 0.5}]}, "
     "PlotRange -> {{0, 1}, {0, 1}}]"),
    ('GraphicsBox[{DiskBox[{0, 0}], InsetBox[FormBox["\\"label\\"", TraditionalForm], {0, 1}]}]',
     'Graphics[{Disk[{0, 0}], Inset["label", {0, 1}]}]'),
    ('Graphics3DBox[{Polygon3DBox[{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}]}, Boxed -> False]',
     "Graphics3D[{Polygon[{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}]}, Boxed -> False]"),
    # an image pasted into a cell: the raster's data, type and colour space
    ('GraphicsBox[TagBox[RasterBox[{{{255, 0, 0}, {0, 0, 255}}}, {{0, 1}, {2, 0}}, {0, 255}, '
     'ColorFunction -> RGBColor], BoxForm`ImageTag["Byte", ColorSpace -> "RGB", '
     'Interleaving -> True], Selectable -> False], DefaultBaseStyle -> "ImageGraphics", '
     'ImageSizeRaw -> {2, 1}, PlotRange -> {{0, 2}, {0, 1}}]',
     'Image[{{{255, 0, 0}, {0, 0, 255}}}, "Byte", ColorSpace -> "RGB", Interleaving -> True]'),
    ('GraphicsBox[TagBox[RasterBox[CompressedData["\\n1:eJxTTMoPSmNiYGAo5gASQYnljkVFiZXBAkBOaF5xZnpeaopnXklqemqRRRJIGQgz\\nAzHDf/YGB0YA1PcOJw==\\n"], '
     '{{0, 2}, {3, 0}}, {0, 255}], BoxForm`ImageTag["Byte", ColorSpace -> "Grayscale", '
     'Interleaving -> None]], ImageSize -> {56, Automatic}]',
     'Image[Uncompress["1:eJxTTMoPSmNiYGAo5gASQYnljkVFiZXBAkBOaF5xZnpeaopnXklqemqRRRJIGQgz'
     'AzHDf/YGB0YA1PcOJw=="], "Byte", ColorSpace -> "Grayscale", '
     'Interleaving -> None, ImageSize -> {56, Automatic}]'),
]

# the 2×3 grey image of the last row, as its cell gives it when run
_IMAGE_CELL = TABLE[-1][0]


@pytest.mark.parametrize("boxes, text", TABLE, ids=[t for _, t in TABLE])
def test_box_to_text(boxes, text):
    assert cell_text(boxes) == text


PARSES_AS = [
    ('RowBox[{"1", ".", "x"}]', "Dot[1, x]"),
    ('RowBox[{"x", ".", "5"}]', "Dot[x, 5]"),
    ('RowBox[{"x", "y"}]', "Times[x, y]"),
    ('RowBox[{"x", "\\[Element]", "Reals"}]', "Element[x, Reals]"),
    ('RowBox[{"a", "\\[LongRightArrow]", "b"}]', "LongRightArrow[a, b]"),
    ('FractionBox[RowBox[{"a", "+", "b"}], "c"]', "Times[Plus[a, b], Power[c, -1]]"),
    ('RowBox[{"x", "/", FractionBox["a", "b"]}]', "Times[x, Power[Times[a, Power[b, -1]], -1]]"),
    ('SuperscriptBox[FractionBox["1", "2"], "n"]', "Power[Times[1, Power[2, -1]], n]"),
]


@pytest.mark.parametrize("boxes, fullform", PARSES_AS, ids=[f for _, f in PARSES_AS])
def test_the_text_reads_back_as_the_front_end_meant(boxes, fullform):
    assert parse(cell_text(boxes)) == parse(fullform)


def test_an_image_pasted_into_a_cell_is_the_image_when_the_cell_runs():
    import wlnet
    from wlnet.syntax.printer import input_form
    session = wlnet.Session()
    result = session.evaluate(f"i = {cell_text(_IMAGE_CELL)}; "
                              "{ImageDimensions[i], ImageType[i], ImageData[i, \"Byte\"]}")
    assert input_form(result) == '{{3, 2}, "Byte", {{0, 255, 7}, {128, 64, 1}}}'
    assert not session.messages


def test_input_cells_marked_not_evaluatable_are_passed_over():
    nb = parse_notebook('Notebook[{Cell[BoxData["a"], "Input"], '
                        'Cell[BoxData["shown"], "Input", Evaluatable -> False], '
                        'Cell[BoxData["b"], "Code", Evaluatable -> True]}]')
    assert cell_texts_of(nb) == ["a", "b"]


def test_text_data_and_plain_string_cells():
    nb = parse_notebook('Notebook[{Cell["x = 1", "Code"], '
                        'Cell[TextData[{"y = ", StyleBox["2", FontSlant -> "Italic"]}], "Input"]}]')
    assert cell_texts_of(nb) == ["x = 1", "y = 2"]


@pytest.mark.parametrize("boxes", ['CheckboxBox[True]', 'TemplateBox[{"a"}, "Tag"]',
                                   'RowBox[{"\\[Sum]", "i"}]',
                                   'RowBox[{"\\[Integral]", "x"}]',
                                   'RowBox["notalist"]', 'SuperscriptBox["x"]',
                                   'NamespaceBox["Other", DynamicModuleBox[{}, "x"]]',
                                   'TemplateBox["notalist", "Entity"]'])
def test_boxes_without_a_text_reading_name_the_cell(boxes):
    nb = parse_notebook(f'Notebook[{{Cell[BoxData["a"], "Input"], '
                        f'Cell[BoxData[{boxes}], "Input"]}}]')
    with pytest.raises(NotebookError, match="cell 2"):
        cell_texts_of(nb)


# ---------------------------------------------------------------------------- property

from hypothesis import given, settings, strategies as st  # noqa: E402

from _nbgen import input_cell  # noqa: E402

_ATOMS = st.sampled_from(["x", "y1", "1", "2.5", "0", '"s"', '"a b"', "#", "Pi", "n_"])
_BINARY = st.sampled_from(["+", "-", "*", "/", "^", "->", ":>", "==", "/.", "<>", ".", "@@",
                           "/@", "&&", "||", ";"])


def _expressions():
    return st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            st.tuples(inner, _BINARY, inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            st.lists(inner, max_size=3).map(lambda xs: "{" + ", ".join(xs) + "}"),
            st.tuples(st.sampled_from(["f", "g", "Plus"]), st.lists(inner, max_size=3))
              .map(lambda t: t[0] + "[" + ", ".join(t[1]) + "]"),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-{e}"),
        ),
        max_leaves=12)


def _parses(text):
    try:
        return parse(text)
    except Exception:
        return None


@settings(max_examples=150)
@given(_expressions())
def test_front_end_boxes_read_back_to_the_same_expression(source):
    """Typed input → the front end's boxes → text reads as the typed input did."""
    expected = _parses(source)
    if expected is None:               # the generator can make things WL does not parse
        return
    nb = parse_notebook("Notebook[{" + input_cell([source], 1) + "}]")
    (text,) = cell_texts_of(nb)
    assert parse(text) == expected, (source, text)


# ---------------------------------------------------------------------------- linear syntax

from wlnet.notebook.boxes import expand_linear_syntax  # noqa: E402


@pytest.mark.parametrize("source, text", [
    ("x = \\!\\(\\*SuperscriptBox[\\(y\\), \\(2\\)]\\) + 1", "x = (y^2) + 1"),
    ("f = \\!\\(\\*FractionBox[\\(a + 1\\), \\(b\\)]\\)", "f = (((a + 1)/b))"),
    ("\\!\\(\\*SubscriptBox[\\(x\\), \\(1\\)]\\)", "(Subscript[x, 1])"),
    ("\\!\\(a\\^\\(n - 1\\)\\) + \\!\\(1\\/2\\)", "(a^(n - 1)) + (1/2)"),
    # boxes written out over lines keep the line count, inside the parentheses
    ("i = \\!\\(\\*\nGraphicsBox[{}]\\);\nn", "i = (Graphics[{}]\n);\nn"),
    # in strings and comments linear syntax is text
    ('s = "\\!\\(x\\^2\\)" (* \\!\\(y\\) *)', 's = "\\!\\(x\\^2\\)" (* \\!\\(y\\) *)'),
    # a piece with no input reading is left for the parser to report
    ("\\!\\(\\*CheckboxBox[True]\\)", "\\!\\(\\*CheckboxBox[True]\\)"),
])
def test_linear_syntax_in_source_reads_as_its_input(source, text):
    assert expand_linear_syntax(source) == text


def test_a_package_with_a_pasted_image_and_2d_input_runs(tmp_path):
    # what the front end writes when a notebook is saved as a .m package
    raster = ('\\!\\(\\*\nGraphicsBox[\nTagBox[RasterBox[{{0, 255, 9}}, {{0, 1}, {3, 0}}, '
              '{0, 255},\nColorFunction->GrayLevel],\nBoxForm`ImageTag["Byte", '
              'ColorSpace -> Automatic, Interleaving -> None],\nSelectable->False],\n'
              'ImageSizeRaw->{3, 1}]\\)')
    script = tmp_path / "saved.m"
    script.write_text(f"img = {raster};\nsq = \\!\\(\\*SuperscriptBox[\\(3\\), \\(2\\)]\\)\n"
                      "Print[{ImageDimensions[img], sq}]\n1/0\n")
    import os
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "wlnet", str(script)], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": os.getcwd()}, timeout=300)
    assert out.stdout == "{{3, 1}, 9}\n"
    # the lines after the pasted image keep their numbers
    assert "Power::infy" in out.stderr and "line 10, column 1" in out.stderr
