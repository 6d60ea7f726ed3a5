"""Training data forms, targets through decoders, validation splits and batching."""

import numpy as np
import pytest

from _netutil import lst, py, rule, sym
from wlnet.core.expr import Expr, Integer, S, String
from wlnet.net.coders.decoders import ClassDecoder, ScalarDecoder
from wlnet.net.train import TrainError
from wlnet.net.train import data as D
from wlnet.net.types import LengthVar, RealT, TensorT


def assoc(**kw):
    return Expr(S.Association, *(rule(k, v) for k, v in kw.items()))


IN, OUT = ["Input"], ["Output"]

FORMS = [
    ("rules", lst(rule(1, 2), rule(3, 4)), {"Input": [1, 3], "Output": [2, 4]}),
    ("lists", rule([1, 3], [2, 4]), {"Input": [1, 3], "Output": [2, 4]}),
    ("ports", assoc(Input=[1, 3], Output=[2, 4]), {"Input": [1, 3], "Output": [2, 4]}),
    ("examples", lst(assoc(Input=1, Output=2), assoc(Input=3, Output=4)),
     {"Input": [1, 3], "Output": [2, 4]}),
]


@pytest.mark.parametrize("name,data,expected", FORMS, ids=[f[0] for f in FORMS])
def test_forms_normalise_to_port_examples(name, data, expected):
    got = D.port_examples(data, IN, OUT)
    assert {k: [e.value for e in v] for k, v in got.items()} == expected


@pytest.mark.parametrize("data", [
    Integer(3), lst(), rule([1, 2], [3]),
    lst(assoc(Input=1, Output=2), assoc(Input=3)),
    Expr(S.Association, rule(1, [1])),
])
def test_bad_forms_are_invtdata(data):
    with pytest.raises(TrainError) as err:
        D.port_examples(data, IN, OUT)
        D.example_count(D.port_examples(data, IN, OUT), IN + OUT)
    assert err.value.tag in ("invtdata", "lenmismatch")


def test_a_named_dataset_says_it_cannot_be_had():
    # NetTrain[net, "MNIST"] reads the Wolfram Data Repository, which wlnet cannot reach
    with pytest.raises(TrainError) as err:
        D.port_examples(String("MNIST"), IN, OUT)
    assert err.value.tag == "invtdata" and "Data Repository" in err.value.slots[1]


def test_rules_need_one_input_and_one_output():
    with pytest.raises(TrainError) as err:
        D.port_examples(lst(rule(1, 2)), ["a", "b"], OUT)
    assert err.value.tag == "invtdata"


def test_rules_feed_the_input_and_target_of_a_net_with_its_loss_inside():
    # the integer-addition tutorial net: "12+34" -> "46" gives "Input" and "Target"
    got = D.port_examples(lst(rule(String("1+2"), String("3")), rule(String("4+5"), String("9"))),
                          ["Target", "Input"], ["Loss"])
    assert got == {"Input": [String("1+2"), String("4+5")], "Target": [String("3"), String("9")]}
    with pytest.raises(TrainError):
        D.port_examples(rule(lst(1, 2), lst(3)), ["Input", "Target"], ["Loss"])


def test_a_list_of_inputs_feeds_the_only_input():
    # a teacher-forcing language model gives its own loss: its data is a list of strings
    got = D.port_examples(lst(String("ab"), String("cd")), ["Input"], ["Loss"])
    assert got == {"Input": [String("ab"), String("cd")]}
    with pytest.raises(TrainError):
        D.port_examples(lst(String("ab")), ["Input", "Target"], ["Loss"])


def test_example_count_checks_ports_and_lengths():
    ex = {"Input": [py(1), py(2)], "Output": [py(1)]}
    with pytest.raises(TrainError) as err:
        D.example_count(ex, ["Input", "Output"])
    assert err.value.tag == "lenmismatch"
    with pytest.raises(TrainError) as err:
        D.example_count(ex, ["Input", "Target"])
    assert err.value.tag == "invport"
    assert D.example_count(ex, ["Input"]) == 2


LESS, EQUAL, GREATER = sym("Less"), sym("Equal"), sym("Greater")


def test_class_labels_become_indices():
    dec = ClassDecoder((LESS, EQUAL, GREATER))
    b = D.encode_targets("Output", [GREATER, LESS, EQUAL, LESS], TensorT((3,), RealT), dec,
                         "index", np.float32)
    assert b.data.tolist() == [3, 1, 2, 1] and b.lengths is None


def test_class_labels_as_one_hot_for_vector_losses():
    dec = ClassDecoder((LESS, EQUAL, GREATER))
    b = D.encode_targets("Output", [EQUAL], TensorT((3,), RealT), dec, "vector", np.float32)
    assert b.data.tolist() == [[0, 1, 0]]


def test_unknown_label_is_a_message():
    dec = ClassDecoder((LESS, EQUAL))
    with pytest.raises(TrainError) as err:
        D.encode_targets("Output", [LESS, GREATER], TensorT((2,), RealT), dec, "index", np.float32)
    assert err.value.tag == "invtarget" and err.value.slots[1] == GREATER


def test_scalar_decoder_targets_are_length_one_vectors():
    b = D.encode_targets("Output", [py(7), py(2.5)], TensorT((1,), RealT), ScalarDecoder(),
                         "vector", np.float32)
    assert b.data.dtype == np.float32 and b.data.tolist() == [[7.0], [2.5]]
    with pytest.raises(TrainError):
        D.encode_targets("Output", [String("x")], TensorT((1,), RealT), ScalarDecoder(), "vector",
                         np.float32)


def test_plain_targets_checked_against_the_output_shape():
    t = TensorT((2,), RealT)
    b = D.encode_targets("Output", [py([1, 2]), py([3, 4])], t, None, "vector", np.float64)
    assert b.data.tolist() == [[1, 2], [3, 4]]
    with pytest.raises(TrainError) as err:
        D.encode_targets("Output", [py([1, 2, 3])], t, None, "vector", np.float64)
    assert err.value.tag == "invtarget"


def test_sequence_targets_are_padded_with_lengths():
    t = TensorT((LengthVar(5), 2), RealT)
    b = D.encode_targets("Output", [py([[1, 2]]), py([[1, 1], [2, 2], [3, 3]])], t, None,
                         "vector", np.float64)
    assert b.data.shape == (2, 3, 2) and b.lengths.tolist() == [1, 3]
    assert b.data[0, 1:].sum() == 0


def test_integer_targets_for_index_losses():
    t = TensorT((4,), RealT)
    b = D.encode_targets("Output", [py(4), py(1)], t, None, "index", np.float32)
    assert b.data.tolist() == [4, 1]
    with pytest.raises(TrainError):
        D.encode_targets("Output", [py(5)], t, None, "index", np.float32)


@pytest.mark.parametrize("n,bs", [(10, 4), (8, 4), (1, 3), (100, 64)])
def test_partition_pads_whole_batches_with_random_extras(n, bs):
    parts = D.partition(n, bs, np.random.default_rng(0))
    assert parts.shape == (-(-n // bs), bs)
    assert set(parts.ravel()) == set(range(n))          # every example is in a batch


@pytest.mark.parametrize("n,bs,f", [(10000, 64, 0.1), (9840, 64, 0.2), (100, 10, 0.5)])
def test_scaled_validation_holds_out_the_last_batches(n, bs, f):
    train, held = D.validation_split(n, bs, f, np.random.default_rng(1))
    bpr = -(-n // bs)
    held_batches = bpr - int(bpr * (1 - f))
    assert not set(train) & set(held) and len(train) + len(held) == n
    assert held_batches * bs - bs < len(held) <= held_batches * bs


@pytest.mark.parametrize("n,bs,f", [(21, 20, 0.2), (21, 5, 0.2), (130, 64, 0.3), (10, 4, 0.5)])
def test_scaled_validation_holds_out_whole_batches_of_distinct_examples(n, bs, f):
    # the extras padding the partition's last batch are not held out: they repeat examples
    # (21 examples in batches of 20 held out the last batch's 1 example and 19 draws from
    # the others, leaving a handful to train on)
    train, held = D.validation_split(n, bs, f, np.random.default_rng(3))
    bpr = -(-n // bs)
    assert len(held) == (bpr - int(bpr * (1 - f))) * bs == len(set(held))
    assert sorted(set(train) | set(held)) == list(range(n)) and not set(train) & set(held)


@pytest.mark.parametrize("n,f", [(100, 0.95), (5, 0.5)])
def test_scaled_validation_needs_a_training_batch(n, f):
    with pytest.raises(TrainError) as err:
        D.validation_split(n, 10, f, np.random.default_rng(0))
    assert err.value.tag == "invvsfrac"


def test_bucketing_groups_similar_lengths():
    rng = np.random.default_rng(2)
    lengths = rng.integers(1, 9, 1000)
    batches = D.bucket_by_length(np.arange(1000), lengths, 50, rng)
    assert sorted(np.concatenate(batches).tolist()) == list(range(1000))
    spans = [lengths[b].max() - lengths[b].min() for b in batches]
    assert max(spans) <= 1                                # sorted: at most one boundary a batch


def test_take_trims_a_batch_to_its_longest_example():
    data = np.arange(24).reshape(4, 6)
    b = D.Batch(data, np.array([2, 6, 3, 1]))
    got = D.take(b, np.array([0, 2]))
    assert got.data.shape == (2, 3) and got.lengths.tolist() == [2, 3]
    assert D.take(D.Batch(data, None), np.array([1])).data.tolist() == [data[1].tolist()]


def test_sequences_of_class_labels():
    dec = ClassDecoder((LESS, EQUAL))
    t = TensorT((LengthVar(9), 2), RealT)
    b = D.encode_targets("Output", [lst(LESS, EQUAL, EQUAL), lst(EQUAL)], t, dec, "index", np.float32)
    assert b.data.tolist() == [[1, 2, 2], [2, 1, 1]] and b.lengths.tolist() == [3, 1]   # padded with 1


def test_matrices_of_class_labels_for_per_pixel_classes():
    # a segmentation net's Class decoder with "InputDepth" -> 3 takes a matrix of labels
    # per example (rows of labels were looked up as labels: invtarget)
    dec = ClassDecoder((LESS, EQUAL))
    t = TensorT((2, 3, 2), RealT)
    rows = [lst(lst(LESS, EQUAL, EQUAL), lst(EQUAL, LESS, LESS)),
            lst(lst(EQUAL, EQUAL, EQUAL), lst(LESS, LESS, LESS))]
    b = D.encode_targets("Output", rows, t, dec, "index", np.float32)
    assert b.data.tolist() == [[[1, 2, 2], [2, 1, 1]], [[2, 2, 2], [1, 1, 1]]]
    with pytest.raises(TrainError):              # ragged rows are not a matrix of labels
        D.encode_targets("Output", [lst(lst(LESS, EQUAL, EQUAL), lst(EQUAL))], t, dec,
                         "index", np.float32)


def test_an_empty_sequence_of_labels_is_still_a_sequence():
    dec = ClassDecoder((LESS, EQUAL))
    t = TensorT((LengthVar(9), 2), RealT)
    b = D.encode_targets("Output", [lst(LESS, EQUAL), lst()], t, dec, "index", np.float32)
    assert b.lengths.tolist() == [2, 0]
