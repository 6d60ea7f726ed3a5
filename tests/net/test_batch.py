"""Examples to batches and back (wlnet/net/batch.py): rows of packed arrays (the inputs and
outputs of Thread[xs -> ys]) are stacked whole, real outputs come back as one packed array,
with the same values as one example at a time."""

import numpy as np

from wlnet.core.expr import Symbol
from wlnet.core.packed import is_packed, pack, packed_array
from wlnet.core.session import Session
from wlnet.net.batch import _stacked_rows


def test_rows_of_one_shape_and_kind_are_stacked():
    m = pack(np.arange(12.0).reshape(4, 3))
    rows = list(m._args)
    assert np.array_equal(_stacked_rows(rows), np.arange(12.0).reshape(4, 3))
    ints = pack(np.arange(6).reshape(3, 2))
    assert _stacked_rows(rows[:2] + list(ints._args)[:1]) is None       # other shape
    assert _stacked_rows([rows[0], pack(np.array([1, 2, 3]))]) is None   # other kind
    assert _stacked_rows(rows[:1]) is None and _stacked_rows("ab") is None


def test_training_on_rules_or_on_arrays_is_the_same():
    s = Session(echo=False)
    s.evaluate('SeedRandom[3]; xs = RandomReal[1, {200, 3}]; ys = RandomReal[1, {200, 1}]; '
               'net = NetInitialize[NetChain[{LinearLayer[1]}, "Input" -> 3], '
               'RandomSeeding -> 1];')
    opts = "MaxTrainingRounds -> 2, RandomSeeding -> 5, TrainingProgressReporting -> None"
    a = s.evaluate(f"NetExtract[NetTrain[net, Thread[xs -> ys], {opts}], {{1, \"Weights\"}}]")
    b = s.evaluate(f"NetExtract[NetTrain[net, xs -> ys, {opts}], {{1, \"Weights\"}}]")
    assert not s.messages
    assert a == b


def test_a_batch_output_is_one_packed_array_with_each_example_s_values():
    s = Session(echo=False)
    s.evaluate('net = NetInitialize[NetChain[{LinearLayer[4], Tanh, LinearLayer[2]}, '
               '"Input" -> 3], RandomSeeding -> 2]; x = RandomReal[1, {50, 3}];')
    batch = s.evaluate("net[x]")
    assert is_packed(batch) and packed_array(batch).shape == (50, 2)
    one_by_one = s.evaluate("net /@ x")
    assert np.allclose(packed_array(batch), np.array([packed_array(r) for r in one_by_one.args]),
                       rtol=1e-6, atol=1e-7)


def test_an_encoding_of_the_wrong_length_for_a_fixed_port_is_a_message():
    # a "Characters" encoder of any length on a net whose input has a fixed length (a
    # predictor extracted from a "TargetLength" training net); EndOfString adds one code
    s = Session(echo=False)
    s.evaluate('p = NetInitialize[NetChain[{UnitVectorLayer[5], FlattenLayer[], LinearLayer[2]}, '
               '"Input" -> {6, Restricted["Integer", 5]}], RandomSeeding -> 1]; '
               'lm = NetChain[{p}, "Input" -> NetEncoder[{"Characters", '
               '{"a", "b", "c", "d", EndOfString}}]];')
    assert not s.messages
    s.messages.clear()
    assert s.evaluate('lm["abc"]') == Symbol("$Failed")
    assert len(s.messages) == 1 and "::invindata3:" in s.messages[0]
    assert "encodes to a length-4 vector" in s.messages[0] and "length-6" in s.messages[0]
    s.messages.clear()
    ok = s.evaluate('lm["abcab"]')              # 5 characters and EndOfString: 6 codes
    assert not s.messages and packed_array(ok).shape == (2,)
    assert s.evaluate('lm[{"abcab", "abcabc"}]') == Symbol("$Failed")
    assert any("length-7 vector" in m for m in s.messages)
