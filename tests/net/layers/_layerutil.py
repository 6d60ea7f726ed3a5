"""Helpers for the layer semantics tests: build a layer from WL text, run it on numpy data
in float64 (batch axis first), and collect the messages of a failing input."""

import numpy as np

from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr


def build(session, text):
    """The (initialized) net that ``text`` evaluates to; no messages allowed."""
    r = session.evaluate(f"NetInitialize[{text}]")
    assert not session.messages, (text, session.messages)
    return net_from_expr(r)


def forward(net, lengths=None, **inputs):
    """The outputs (numpy, float64) of ``net`` on a batch: ``port=array`` with the batch
    axis first (``lengths`` for sequence inputs)."""
    ex = Executor.for_net(net, "Real64")
    batches = {p: Batch(np.asarray(v, np.float64), lengths) for p, v in inputs.items()}
    res = ex.forward(ex.arrays_for(net), batches)
    return {p: b.data for p, b in res.outputs.items()}


def messages(session, text) -> list:
    """The messages ``text`` gives (``Symbol::tag`` text), checking it fails cleanly."""
    r = session.evaluate(text)
    assert session.messages, (text, r)
    return list(session.messages)


def wl(shape) -> str:
    """A Python shape as a WL list: (2, 3) -> "{2, 3}"."""
    return "{" + ", ".join(str(d) for d in shape) + "}"
