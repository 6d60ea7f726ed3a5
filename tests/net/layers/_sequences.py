"""Shared by the sequence-layer tests: a varying-length batch through a layer's executor,
and WL-level evaluation helpers."""

import numpy as np

from wlnet.core.expr import Expr, S
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr

LENGTHS = np.array([5, 2, 4, 3])


def run_layer(text, lengths=LENGTHS, inner=(2,), seed=0):
    """The layer's Real64 forward on random padded data; returns (x, output Batch)."""
    s = Session()
    net = net_from_expr(s.evaluate(text))
    assert not s.messages, s.messages
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((len(lengths), int(max(lengths))) + inner)
    for e, n in enumerate(lengths):
        x[e, n:] = 0
    res = Executor.for_net(net, "Real64").forward({}, {"Input": Batch(x, lengths)})
    return x, res.outputs["Output"]


def check_against(out, lengths, per_example):
    """Each example's valid part equals per_example(e); padding is zero."""
    for e in range(len(lengths)):
        want = per_example(e)
        n = len(want)
        assert out.lengths[e] == n
        np.testing.assert_array_equal(out.data[e, :n], want)
        assert not out.data[e, n:].any()


def evaluate(text):
    s = Session()
    r = s.evaluate(text)
    return r, list(s.messages)


def array(e):
    if type(e) is Expr and e.head is S.List:
        return np.array([array(a) for a in e.args])
    return e.value
