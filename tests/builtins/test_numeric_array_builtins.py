"""The NumericArray builtins' WL face (wlnet/builtins/numeric_array.py): its OutputForm."""

import pytest

from tests.builtins._support import run
from wlnet.syntax.printer import input_form, output_form


@pytest.mark.parametrize("text, shown", [
    ('NumericArray[{1, 2, 3}, "Integer8"]', "NumericArray[<3>, Integer8]"),
    ("NumericArray[{{1, 2}, {3, 4}}]", "NumericArray[<2,2>, UnsignedInteger8]"),
    ('{NumericArray[{{1.5}, {2.}, {3.}}, "Real64"]}', "{NumericArray[<3,1>, Real64]}"),
])
def test_output_form_shows_dimensions_and_type_not_contents(text, shown):
    """WL prints a NumericArray as a summary of its dimensions and type."""
    assert output_form(run(text).value) == shown


def test_input_form_and_to_string():
    r = run('a = NumericArray[{1, 2, 3}, "Integer8"]')
    assert input_form(r.value) == 'NumericArray[{1, 2, 3}, "Integer8"]'
    assert run('ToString[NumericArray[{1, 2, 3}, "Integer8"]]').value.value == \
        "NumericArray[<3>, Integer8]"


@pytest.mark.parametrize("text, shown", [
    ('Transpose[NumericArray[{{1, 2, 3}, {4, 5, 6}}, "Integer16"]]',
     'NumericArray[{{1, 4}, {2, 5}, {3, 6}}, "Integer16"]'),
    ('Transpose[NumericArray[{{{1, 2}}, {{3, 4}}}, "Integer8"], {3, 1, 2}]',
     'NumericArray[{{{1, 3}, {2, 4}}}, "Integer8"]'),
    ('Transpose[NumericArray[{{{1, 2}}, {{3, 4}}}, "Integer8"], 1 <-> 3]',
     'NumericArray[{{{1, 3}}, {{2, 4}}}, "Integer8"]'),
    ('Reverse[NumericArray[{{1, 2}, {3, 4}}, "Integer8"]]', 'NumericArray[{{3, 4}, {1, 2}}, "Integer8"]'),
    ('Flatten[NumericArray[{{1., 2.}, {3., 4.}}, "Real64"]]', 'NumericArray[{1., 2., 3., 4.}, "Real64"]'),
    # a layer's biases joined with its flattened weights (one parameter vector)
    ('Join[NumericArray[{1.5}, "Real32"], Flatten[NumericArray[{{2., 3.}}, "Real32"]]]',
     'NumericArray[{1.5, 2., 3.}, "Real32"]'),
    ('Join[NumericArray[{{1, 2}}, "Integer8"], NumericArray[{{3, 4}}, "Integer8"], 2]',
     'NumericArray[{{1, 2, 3, 4}}, "Integer8"]'),
    ('Join[NumericArray[{1}, "Integer8"], NumericArray[{2.5}, "Real64"]]',
     'NumericArray[{1., 2.5}, "Real64"]'),
    # flat torch weights reshaped into a kernel; too few elements are padded with zeros
    ('ArrayReshape[NumericArray[{1, 2, 3, 4, 5, 6}, "Integer8"], {2, 3}]',
     'NumericArray[{{1, 2, 3}, {4, 5, 6}}, "Integer8"]'),
    ('ArrayReshape[NumericArray[{1., 2., 3.}, "Real32"], {2, 2}]',
     'NumericArray[{{1., 2.}, {3., 0.}}, "Real32"]'),
])
def test_structural_operations_keep_a_numeric_array_of_its_type(text, shown):
    # a GPT program ties its output projection to the embedding with Transpose[NetExtract[…]]
    assert input_form(run(text).value) == shown


def test_transpose_of_a_numeric_array_is_that_of_its_lists():
    r = run('a = ArrayReshape[Range[24], {2, 3, 4}]; na = NumericArray[a, "Integer8"]; '
            'And @@ Table[Normal[Transpose[na, p]] == Transpose[a, p], '
            '{p, {{1, 3, 2}, {2, 3, 1}, {3, 1, 2}, {3, 2, 1}, 2 <-> 3}}]')
    assert r.value.name == "True"


def test_transposed_weights_are_an_array_a_layer_takes():
    r = run('l = NetInitialize[LinearLayer[2, "Input" -> 3], RandomSeeding -> 1]; '
            'w = NetExtract[l, "Weights"]; '
            'Normal[NetExtract[NetReplacePart[l, "Weights" -> Transpose[Transpose[w]]], "Weights"]] '
            '== Normal[w]')
    assert r.value.name == "True" and not r.messages


def test_length_is_the_first_dimension():
    # an Othello trainer samples positions with RandomInteger[{1, Length[games[[1]]]}, n]
    assert run('Length[NumericArray[{{1, 2}, {3, 4}, {5, 6}}, "Integer8"]]').value.value == 3


def test_max_min_total_and_mean_of_a_numeric_array():
    # a "Function" decoder is handed a NumericArray: the reductions work on it directly
    from tests.builtins._support import check
    check('na = NumericArray[{{1., 2.}, {3., 4.}}, "Real32"]; {Max[na], Min[na], Total[na, 2]}',
          "{4., 1., 10.}")
    check('Normal[Total[NumericArray[{{1., 2.}, {3., 4.}}, "Real32"]]]', "{4., 6.}")
    check('Normal[Mean[NumericArray[{{1., 2.}, {3., 4.}}, "Real64"]]]', "{2., 3.}")
    check('{Total[NumericArray[{1, 2, 3}, "Integer8"]], Mean[NumericArray[{1, 2}, "Integer8"]]}',
          "{6, 1.5}")
    check('Head[Total[NumericArray[{{1, 2}}, "UnsignedInteger8"]]]', "NumericArray")


def test_raw_array_is_numeric_arrays_older_name_type_first():
    import wlnet
    from wlnet.core.numeric_array import NumericArray
    s = wlnet.Session()
    na = s.evaluate('RawArray["Integer16", {{1, -2}, {3, 4}}]')
    assert type(na) is NumericArray and na.type_name == "Integer16"
    assert na.array.tolist() == [[1, -2], [3, 4]]
    s.evaluate('RawArray["Nope", {1}]')
    assert s.messages[-1].startswith("NumericArray::invna")


@pytest.mark.parametrize("text, shown", [
    # values that do not fit the type: rounded or truncated, clipped, or wrapped (Coerce)
    ('Normal[NumericArray[{1.7, -200, 300}, "Integer8", "ClipAndRound"]]', "{2, -128, 127}"),
    ('Normal[NumericArray[{1.7, -2.5, 300}, "Integer8", "Coerce"]]', "{1, -2, 44}"),
    ('Normal[NumericArray[{1.7, -200, 300}, "UnsignedInteger8", "ClipAndCoerce"]]', "{1, 0, 255}"),
    ('Normal[NumericArray[{1.5, 2.5, 3.2}, "Integer16", "Round"]]', "{2, 2, 3}"),
    ('Normal[NumericArray[NumericArray[{1.2, 300.}, "Real32"], "Integer8", "ClipAndRound"]]',
     "{1, 127}"),
    ('NumericArrayType[NumericArray[{1, 2}, "UnsignedInteger8"]]', "UnsignedInteger8"),
    ('NumericArrayType[NumericArray[{1., 2.}]]', "Real32"),
    ("NumericArrayType[{1, 2}]", "NumericArrayType[{1, 2}]"),
    ("NumericArrayQ /@ {NumericArray[{1.}], {1.}}", "{True, False}"),
])
def test_conversion_methods_type_and_test(text, shown):
    # an 8-bit quantization program stores rounded weights with "ClipAndRound"
    assert output_form(run(text).value) == shown


@pytest.mark.parametrize("text, tag", [
    ('NumericArray[{1.5, 300}, "Integer8", "Round"]', "NumericArray::nadata"),
    ('NumericArray[{1.5}, "Integer8", "Foo"]', "NumericArray::nameth"),
])
def test_conversion_that_cannot_be_done_is_a_message(text, tag):
    r = run(text)
    assert output_form(r.value) == "$Failed" and tag in r.tags


@pytest.mark.parametrize("text, shown", [
    # an element of the first level is a number or a NumericArray of the type, as Part gives
    ('First[NumericArray[{{1, 2}, {3, 4}}, "Integer8"]]', 'NumericArray[{1, 2}, "Integer8"]'),
    ('Last[NumericArray[{1.5, 2.5}, "Real64"]]', "2.5"),
    ('First[NumericArray[{7, 8}, "UnsignedInteger8"]]', "7"),
    ('First[NumericArray[{}, "Real32"], 0]', "0"),
    ('Rest[NumericArray[{1, 2, 3}, "Integer16"]]', 'NumericArray[{2, 3}, "Integer16"]'),
    ('Most[NumericArray[{1, 2, 3}, "Integer16"]]', 'NumericArray[{1, 2}, "Integer16"]'),
    ('Take[NumericArray[{1, 2, 3, 4}, "Integer8"], -2]', 'NumericArray[{3, 4}, "Integer8"]'),
    ('Take[NumericArray[{{1, 2, 3}, {4, 5, 6}}, "Integer8"], All, {3, 1, -2}]',
     'NumericArray[{{3, 1}, {6, 4}}, "Integer8"]'),
    ('Take[NumericArray[{1, 2}, "Integer8"], UpTo[5]]', 'NumericArray[{1, 2}, "Integer8"]'),
    ('Drop[NumericArray[{{1, 2, 3}, {4, 5, 6}}, "Integer8"], 1, {2}]',
     'NumericArray[{{4, 6}}, "Integer8"]'),
    ('ArrayDepth[NumericArray[{{1, 2}}, "Integer8"]]', "2"),
])
def test_ends_of_a_numeric_array(text, shown):
    r = run(text)
    assert input_form(r.value) == shown and not r.messages


@pytest.mark.parametrize("text, tag", [
    ('Take[NumericArray[{1, 2}, "Integer8"], 5]', "Take::take"),
    ('Take[NumericArray[{1, 2}, "Integer8"], 1, 1]', "Take::partd"),
    ('Drop[NumericArray[{1, 2}, "Integer8"], x]', "Drop::seqs"),
    ('First[NumericArray[{}, "Real32"]]', "First::nofirst"),
    ('Most[NumericArray[{}, "Real32"]]', "Most::nomost"),
])
def test_ends_that_do_not_exist_are_the_list_functions_messages(text, tag):
    r = run(text)
    assert r.tags == [tag]


def test_function_decoder_can_take_the_first_element():
    # NetDecoder[{"Function", f}] hands f a NumericArray
    r = run('NetDecoder[{"Function", First}][{0.5, 2., 3.}]')
    assert output_form(r.value) == "0.5" and not r.messages
