"""Net files: Export["f.wlnet", net] / Import round trips, Import elements, hostile files.

The WL-level checks run through ``Session``; the byte-level ones (crafted and fuzzed files)
call ``wlnet.net.serialize`` directly, which may only ever raise ``NetFileError``."""

import json
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.session import Session
from wlnet.core.numeric_array import NumericArray
from wlnet.net.information import information, position_key
from wlnet.net.net import Net
from wlnet.net.serialize import (FORMAT, FORMAT_VERSION, MAX_HEADER_BYTES, NetFileError,
                                 net_file_bytes, read_header, read_net_file, write_net_file)
from wlnet.net.types import FrozenDict
from wlnet.net.wlform import is_net_expr, net_from_expr, net_to_expr

NETS = {
    "linear": 'LinearLayer[4, "Input" -> 3]',
    "linear-init": 'NetInitialize@LinearLayer[4, "Input" -> 3]',
    "linear-given-weights": 'LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> None]',
    "linear-real64": 'LinearLayer[2, "Weights" -> NumericArray[{{1, 2}, {3, 4}}, "Real64"], '
                     '"Biases" -> {0.5, -0.5}]',
    "gru-bare": 'GatedRecurrentLayer[3]',
    "gru-init": 'NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}, "Dropout" -> 0.1]',
    "elementwise-symbol": 'ElementwiseLayer[Tanh]',
    "elementwise-function": 'ElementwiseLayer[#^2 + 1/3 &, "Input" -> 2]',
    "elementwise-named": 'ElementwiseLayer["ReLU"]',
    "softmax": 'SoftmaxLayer[]',
    "sequence-last": 'SequenceLastLayer[]',
    "dropout": 'DropoutLayer[0.3]',
    "unit-vector": 'UnitVectorLayer[5]',
    "cross-entropy": 'CrossEntropyLossLayer["Index"]',
    "mean-squared": 'MeanSquaredLossLayer[]',
    "mean-absolute": 'MeanAbsoluteLossLayer[]',
    "chain": 'NetChain[{LinearLayer[3], Ramp, LinearLayer[2]}, "Input" -> 4]',
    "chain-decoder": 'NetInitialize@NetChain[{LinearLayer[3], Ramp, LinearLayer[2], SoftmaxLayer[]}, '
                     '"Input" -> 4, "Output" -> NetDecoder[{"Class", {"a", "b"}}]]',
    "chain-named-coders": 'NetInitialize@NetChain[<|"emb" -> UnitVectorLayer[], '
                          '"gru" -> GatedRecurrentLayer[4], "last" -> SequenceLastLayer[], '
                          '"lin" -> LinearLayer[2], "sm" -> SoftmaxLayer[]|>, '
                          '"Input" -> NetEncoder[{"Characters", "abc"}], '
                          '"Output" -> NetDecoder[{"Class", {x, y}}]]',
    "chain-alphabet": 'NetInitialize@NetChain[{UnitVectorLayer[], GatedRecurrentLayer[4]}, '
                      '"Input" -> NetEncoder[{"Characters", {"a", "b", StartOfString}, "Index"}]]',
    "chain-nested": 'NetChain[{NetChain[{LinearLayer[2], Tanh}], LinearLayer[1]}, "Input" -> 3]',
    "chain-scalar": 'NetInitialize@NetChain[{LinearLayer[1]}, "Input" -> "Scalar", '
                    '"Output" -> "Scalar"]',
    "chain-class-encoder": 'NetChain[{UnitVectorLayer[]}, '
                           '"Input" -> NetEncoder[{"Class", {"a", "b", "c"}}]]',
    "graph-state-ports": 'NetGraph[{GatedRecurrentLayer[3], SequenceLastLayer[]}, '
                         '{NetPort["Input"] -> 1 -> 2, NetPort["State"] -> NetPort[1, "State"], '
                         'NetPort[1, "State"] -> NetPort["S"]}, "Input" -> {"Varying", 2}]',
    "graph-state-ports-init": 'NetInitialize@NetGraph[<|"g" -> GatedRecurrentLayer[3], '
                              '"l" -> SequenceLastLayer[], "lin" -> LinearLayer[1]|>, '
                              '{NetPort["Input"] -> "g" -> "l" -> "lin", '
                              'NetPort["State"] -> NetPort["g", "State"], '
                              'NetPort["g", "State"] -> NetPort["S"]}, "Input" -> {"Varying", 2}]',
    "graph-loss": 'NetInitialize@NetGraph[{LinearLayer[2], LinearLayer[2], MeanSquaredLossLayer[]}, '
                  '{1 -> 3, 2 -> NetPort[3, "Target"]}, "Input" -> 3]',
}


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def _build(session, source):
    e = session.evaluate(source)
    assert session.messages == [] and is_net_expr(e), source
    return e


def _arrays_of(e) -> list:
    """The NumericArrays of a net expression, in order."""
    out = []

    def walk(x):
        if isinstance(x, NumericArray):
            out.append(x)
        elif type(x) is Expr:
            for a in x.args:
                walk(a)
    walk(e)
    return out


def _path_text(tmp_path, name="net.wlnet") -> str:
    return str(tmp_path / name).replace("\\", "/")


# ---------------------------------------------------------------------------- round trips

@pytest.mark.parametrize("source", NETS.values(), ids=NETS.keys())
def test_round_trip_through_the_language(session, tmp_path, source):
    path = _path_text(tmp_path)
    session.evaluate(f"serializeNet = {source};")
    assert session.evaluate(f'Export["{path}", serializeNet]') == String(path)
    assert session.messages == []
    assert session.evaluate(f'serializeNet === Import["{path}"]') is Symbol("True")
    assert session.messages == []


@pytest.mark.parametrize("source", NETS.values(), ids=NETS.keys())
def test_round_trip_is_exact(session, tmp_path, source):
    original = _build(session, source)
    path = tmp_path / "n.wlnet"
    write_net_file(net_from_expr(original), path)
    loaded = read_net_file(path)
    again = net_to_expr(loaded.net)
    assert again == original
    before, after = _arrays_of(original), _arrays_of(again)
    assert [(a.type_name, a.shape, a.array.tobytes()) for a in before] == \
           [(a.type_name, a.shape, a.array.tobytes()) for a in after]


def test_special_float_values_survive_bit_for_bit(session, tmp_path):
    net = net_from_expr(_build(session, 'NetInitialize@LinearLayer[3, "Input" -> 2]'))
    weights = np.array([[np.nan, -0.0, np.inf], [-np.inf, 1e-45, 3.4e38]], np.float32).T
    weird_nan = np.array([0x7FC12345], np.uint32).view(np.float32)[0]
    weights[0, 0] = weird_nan
    arrays = dict(net.arrays)
    arrays[("Arrays", "Weights")] = NumericArray(weights, "Real32")
    special = Net(net.root, FrozenDict(arrays))
    write_net_file(special, tmp_path / "s.wlnet")
    loaded = read_net_file(tmp_path / "s.wlnet").net
    assert loaded.arrays[("Arrays", "Weights")].array.tobytes() == weights.tobytes()


def test_imported_net_evaluates_like_the_original(session, tmp_path):
    path = _path_text(tmp_path)
    session.evaluate('evalNet = NetInitialize@NetChain[{LinearLayer[3], Tanh, LinearLayer[2]}, '
                     '"Input" -> 2];')
    session.evaluate(f'Export["{path}", evalNet]')
    result = session.evaluate(f'{{evalNet[{{1., 2.}}], Import["{path}"][{{1., 2.}}]}}')
    if type(result.args[0]) is Expr and is_net_expr(result.args[0].head):
        pytest.skip("net evaluation (the executor line) is not available yet")
    assert result.args[0] == result.args[1]


def test_the_file_is_safetensors_with_the_expression_as_metadata(session, tmp_path):
    from safetensors.numpy import load
    net = net_from_expr(_build(session, NETS["chain-decoder"]))
    data = net_file_bytes(net)
    meta = read_header(data)
    assert meta["format"] == FORMAT and meta["format_version"] == FORMAT_VERSION
    assert "ExportedArray[0]" in meta["net"] and "NumericArray" not in meta["net"]
    tensors = load(data)
    assert sorted(tensors, key=int) == [str(i) for i in range(len(net.arrays))]


# ---------------------------------------------------------------------------- elements

def test_import_elements(session, tmp_path):
    path = _path_text(tmp_path)
    original = _build(session, "elemNet = " + NETS["graph-state-ports-init"])
    net = net_from_expr(original)
    session.evaluate(f'Export["{path}", elemNet]')
    elements = session.evaluate(f'Import["{path}", "Elements"]')
    assert [a.value for a in elements.args] == ["ArrayAssociation", "ArrayList", "Net",
                                               "UninitializedNet", "WLVersion"]
    assert session.evaluate(f'Import["{path}", "WLVersion"]') == String("14.1.1")
    array_list = session.evaluate(f'Import["{path}", "ArrayList"]')
    assert list(array_list.args) == _arrays_of(original)
    assoc = session.evaluate(f'Import["{path}", "ArrayAssociation"]')
    expected = information(net, "Arrays", net_to_expr)
    assert assoc == expected
    assert position_key(("Nodes", "g"), "InputGateBiases") in [r.args[0] for r in assoc.args]
    uninit = session.evaluate(f'Import["{path}", "UninitializedNet"]')
    assert uninit == net_to_expr(Net(net.root, FrozenDict()))
    assert _arrays_of(uninit) == []
    assert session.evaluate(f'Import["{path}", {{"WLNet", "Net"}}]') == original
    assert session.messages == []


def test_an_unknown_element_is_a_message(session, tmp_path):
    path = _path_text(tmp_path)
    session.evaluate(f'Export["{path}", LinearLayer[2]]')
    assert session.evaluate(f'Import["{path}", "Bogus"]') is S["$Failed"]
    assert session.messages[0].startswith("Import::noelem")


def test_exporting_something_that_is_not_a_net(session, tmp_path):
    path = _path_text(tmp_path)
    assert session.evaluate(f'Export["{path}", {{1, 2}}]') is S["$Failed"]
    assert session.messages[0].startswith("Export::type")


# ---------------------------------------------------------------------------- hostile files

def _file(net_text: str, tensors=None, meta_changes=None) -> bytes:
    from safetensors.numpy import save
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "wl_version": "14.1.1",
            "net": net_text}
    meta.update(meta_changes or {})
    return save(tensors or {}, meta)


def _linear_text(session, arrays):
    """A LinearLayer's file text with its arrays replaced by ``arrays`` (WL text)."""
    from wlnet.syntax.printer import input_form
    e = _build(session, 'LinearLayer[2, "Input" -> 3]')
    text = input_form(e)
    for name, value in arrays.items():
        text = text.replace(f'"{name}" -> NeuralNetworks`TensorT[{{2, 3}}, NeuralNetworks`RealT]',
                            f'"{name}" -> {value}', 1)
        text = text.replace(f'"{name}" -> NeuralNetworks`TensorT[{{2}}, NeuralNetworks`RealT]',
                            f'"{name}" -> {value}', 1)
    return text


def _valid_linear_file(session):
    return net_file_bytes(net_from_expr(_build(session, 'NetInitialize@LinearLayer[2, "Input" -> 3]')))


W23 = np.ones((2, 3), np.float32)
B2 = np.zeros(2, np.float32)

HOSTILE = {
    "empty": lambda s: b"",
    "random-bytes": lambda s: bytes(range(256)) * 4,
    "not-json-header": lambda s: struct.pack("<Q", 5) + b"{nope",
    "non-utf8-header": lambda s: struct.pack("<Q", 4) + b"\xff\xfe\xfd\xfc",
    "header-longer-than-file": lambda s: struct.pack("<Q", 10**12) + b"{}",
    "plain-safetensors": lambda s: _file("", meta_changes={"format": "pytorch"}),
    "future-version": lambda s: _file("", meta_changes={"format_version": "99"}),
    "truncated": lambda s: _valid_linear_file(s)[:-7],
    "not-a-net": lambda s: _file("1 + 1"),
    "unknown-head": lambda s: _file('Print["pwned"]'),
    "hidden-call": lambda s: _file(_linear_text(s, {"Weights": 'Set[hacked, 1]'})),
    "hidden-call-in-parameters": lambda s: _file(
        _linear_text(s, {}).replace('"$OutputSize" -> 2', '"$OutputSize" -> Set[hacked, 1]')),
    "call-inside-function": lambda s: _file(
        'ElementwiseLayer[<|"Type" -> "Elementwise", "Arrays" -> <||>, "Parameters" -> '
        '<|"Function" -> Function[Set[hacked, 1]], "$Dimensions" -> {2}|>, "Inputs" -> <||>, '
        '"Outputs" -> <||>|>, <|"Version" -> "14.1.1", "Unstable" -> False|>]'),
    "unknown-layer-type": lambda s: _file(_linear_text(s, {}).replace('"Linear"', '"Evil"')),
    "deeply-nested": lambda s: _file("LinearLayer[" + "{" * 5000 + "}" * 5000 + ", <||>]"),
    "deep-operators": lambda s: _file("LinearLayer[<|\"a\" -> Function[" + "#^" * 3000 + "1]|>, <||>]"),
    "dangling-array": lambda s: _file(_linear_text(s, {"Weights": "ExportedArray[5]",
                                                       "Biases": "ExportedArray[0]"}),
                                      {"0": B2}),
    "misplaced-array": lambda s: _file(
        _linear_text(s, {}).replace('"$OutputSize" -> 2', '"$OutputSize" -> ExportedArray[0]'),
        {"0": B2}),
    "unused-array": lambda s: _file(_linear_text(s, {}), {"0": B2}),
    "wrong-array-shape": lambda s: _file(_linear_text(s, {"Weights": "ExportedArray[0]",
                                                          "Biases": "ExportedArray[1]"}),
                                         {"0": np.ones((3, 2), np.float32), "1": B2}),
    "wrong-array-rank": lambda s: _file(_linear_text(s, {"Weights": "ExportedArray[0]",
                                                         "Biases": "ExportedArray[1]"}),
                                        {"0": np.ones(6, np.float32), "1": B2}),
    "bad-array-name": lambda s: _file(_linear_text(s, {"Weights": "ExportedArray[0]"}),
                                      {"weights": W23}),
    "unsupported-dtype": lambda s: _file(_linear_text(s, {"Weights": "ExportedArray[0]"}),
                                         {"0": np.ones((2, 3), np.bool_)}),
    "huge-declared-size": lambda s: _huge_tensor_file(s),
    "huge-integer": lambda s: _file(_linear_text(s, {}).replace('"$OutputSize" -> 2',
                                                                '"$OutputSize" -> ' + "9" * 100000)),
    "syntax-error": lambda s: _file("LinearLayer[<|"),
    # a valid net padded past the header limit: refused by its length, before any parsing
    "oversized-header": lambda s: _file(_linear_text(s, {}) + " " * MAX_HEADER_BYTES),
}


def _huge_tensor_file(session) -> bytes:
    """A header declaring a 2^40-element tensor over a few bytes of data."""
    header = {"__metadata__": {"format": FORMAT, "format_version": FORMAT_VERSION,
                               "wl_version": "14.1.1",
                               "net": _linear_text(session, {"Weights": "ExportedArray[0]"})},
              "0": {"dtype": "F32", "shape": [2**20, 2**20], "data_offsets": [0, 2**42]}}
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + b"\0" * 16


@pytest.mark.parametrize("name", HOSTILE, ids=HOSTILE)
def test_hostile_file_is_a_message_and_failed(session, tmp_path, name):
    path = tmp_path / "bad.wlnet"
    path.write_bytes(HOSTILE[name](session))
    with pytest.raises(NetFileError):
        read_net_file(path)
    session.evaluate("hacked = 0;")
    result = session.evaluate(f'Import["{_path_text(tmp_path, "bad.wlnet")}"]')
    assert result is S["$Failed"]
    assert len(session.messages) == 1 and session.messages[0].startswith("Import::fmterr"), \
        session.messages
    assert session.output == []
    assert session.evaluate("hacked") == session.evaluate("0")


def test_the_hostile_fixtures_differ_from_a_valid_file_only_where_meant(session, tmp_path):
    """The crafted texts are valid nets before they are damaged (so the tests above check
    what they claim to)."""
    text = _linear_text(session, {"Weights": "ExportedArray[0]", "Biases": "ExportedArray[1]"})
    path = tmp_path / "ok.wlnet"
    path.write_bytes(_file(text, {"0": W23, "1": B2}))
    net = read_net_file(path).net
    assert net.arrays[("Arrays", "Weights")].array.tobytes() == W23.tobytes()


# ---------------------------------------------------------------------------- fuzzing

@pytest.fixture(scope="module")
def valid_files(session):
    sources = [NETS["chain-named-coders"], NETS["graph-state-ports-init"], NETS["linear-real64"]]
    return [net_file_bytes(net_from_expr(_build(session, s))) for s in sources]


def _import_bytes(tmp_path, data: bytes):
    path = tmp_path / "fuzz.wlnet"
    path.write_bytes(data)
    try:
        read_net_file(path)
    except NetFileError:
        return "failed"
    return "net"


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2), cut=st.floats(0, 1, exclude_max=True))
def test_fuzz_truncation(tmp_path, valid_files, which, cut):
    data = valid_files[which]
    assert _import_bytes(tmp_path, data[:int(len(data) * cut)]) == "failed"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2),
       edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=6))
def test_fuzz_byte_mutation(tmp_path, valid_files, which, edits):
    data = bytearray(valid_files[which])
    for where, value in edits:
        data[min(int(where * len(data)), len(data) - 1)] = value
    assert _import_bytes(tmp_path, bytes(data)) in ("failed", "net")


_TEXT_ALPHABET = st.sampled_from(list('[]{}<|>"\\-,#&^ 0123456789abcXYZ`$') + ["->", "<|", "|>"])


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2), where=st.floats(0, 1), cut=st.integers(0, 40),
       insert=st.lists(_TEXT_ALPHABET, max_size=8))
def test_fuzz_expression_text(tmp_path, valid_files, which, where, cut, insert):
    """Damage the expression itself (keeping the container valid), so the parser, the
    vocabulary check and the net builder all see broken input."""
    from safetensors.numpy import load
    data = valid_files[which]
    meta = read_header(data)
    text = meta["net"]
    at = int(where * len(text))
    meta["net"] = text[:at] + "".join(insert) + text[at + cut:]
    tensors = load(data)
    outcome = _import_bytes(tmp_path, _file(meta["net"], tensors))
    assert outcome in ("failed", "net")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2), where=st.floats(0, 1), value=st.integers(0, 255))
def test_fuzz_through_the_session(session, tmp_path, valid_files, which, where, value):
    """Import itself: a net and no message, or $Failed and exactly Import::fmterr."""
    data = bytearray(valid_files[which])
    data[min(int(where * len(data)), len(data) - 1)] = value
    (tmp_path / "f.wlnet").write_bytes(bytes(data))
    result = session.evaluate(f'Import["{_path_text(tmp_path, "f.wlnet")}"]')
    if result is S["$Failed"]:
        assert len(session.messages) == 1 and session.messages[0].startswith("Import::fmterr")
    else:
        assert is_net_expr(result) and session.messages == []


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8, np.int8])
def test_integer_arrays_in_a_file_become_real32_as_in_code(session, tmp_path, dtype):
    """Integer-typed weights would never train: they are read as Real32, the type that
    integer weights given in code get."""
    text = _linear_text(session, {"Weights": "ExportedArray[0]", "Biases": "ExportedArray[1]"})
    path = tmp_path / "int.wlnet"
    path.write_bytes(_file(text, {"0": np.arange(6, dtype=dtype).reshape(2, 3),
                                  "1": np.ones(2, dtype)}))
    arrays = read_net_file(path).net.arrays
    assert {a.type_name for a in arrays.values()} == {"Real32"}
    place = _path_text(tmp_path, "int.wlnet")
    got = session.evaluate(f'NetExtract[Import["{place}"], "Weights"]')
    assert session.messages == []
    assert got == session.evaluate('NumericArray[{{0, 1, 2}, {3, 4, 5}}, "Real32"]')


@pytest.mark.parametrize("source", [
    # an image encoder's mean image, an audio encoder's augmentation signal
    'NetInitialize@NetChain[{FlattenLayer[], LinearLayer[2]}, "Input" -> NetEncoder[{"Image", '
    '{4, 4}, "MeanImage" -> Image[ConstantArray[{0.25, 0.5, 0.75}, {4, 4}]]}]]',
    'NetInitialize@NetChain[{LongShortTermMemoryLayer[2], SequenceLastLayer[]}, "Input" -> '
    'NetEncoder[{"Audio", "Augmentation" -> <|"Convolution" -> Audio[{1., 0.5}, '
    'SampleRate -> 16000]|>}]]',
])
def test_images_and_audio_in_coders_round_trip(session, tmp_path, source):
    path = _path_text(tmp_path)
    session.evaluate(f"atomNet = {source};")
    session.evaluate(f'Export["{path}", atomNet]')
    assert session.evaluate(f'atomNet === Import["{path}"]') is Symbol("True")
    assert session.messages == []
    # outside a session the file is refused with a reason, never a traceback
    with pytest.raises(NetFileError, match="only be read in a session"):
        read_net_file(path)
