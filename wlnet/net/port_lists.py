"""A batch of port lists: ``layer[{{x1, y1}, {x2, y2}, …}]`` for a layer whose inputs are a
list of ports (CatenateLayer, ThreadingLayer, TotalLayer…), one list of arrays per example.

``layer[{x, y}]`` gives the layer one array per port; a list of such lists is a batch when
it cannot be one example because some element is not an array its port takes (the parts of
a ragged list, {{1, 2}, {3}}, or, for ports of known ranks, an array of another rank or
count), while every element is a list of arrays, one per port, of the ports' ranks where
they are known.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S
from wlnet.core.numeric_array import to_numpy_data
from wlnet.net.types import TensorT

__all__ = ["port_list_batch"]


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _port_ranks(net) -> list:
    """The rank each input port takes (None: any rank, or no ports yet)."""
    return [len(t.dims) if isinstance(t, TensorT) and t.tail is None else None
            for t in net.inputs().values()]


def _fits(arrays, ranks) -> bool:
    """Whether ``arrays`` (numpy arrays, or None for what is not one) are one per port,
    each of its port's rank where that is known (``ranks`` empty: the ports are still to
    be opened, as many as the arrays)."""
    if any(a is None for a in arrays) or (ranks and len(ranks) != len(arrays)):
        return False
    return all(r is None or a.ndim == r for a, r in zip(arrays, ranks))


def port_list_batch(net, data):
    """The examples of ``data`` (a list of port lists) when it is a batch of them, else
    None.  ``net``: the layer with its ports opened for one example's count of arrays."""
    examples = data.args
    if not examples or not all(_is_list(e) and e.args for e in examples):
        return None
    count = len(examples[0].args)
    if any(len(e.args) != count for e in examples):
        return None
    ranks = _port_ranks(net)
    arrays = [to_numpy_data(a) for a in examples]
    if _fits(arrays, ranks):
        return None                          # one example: an array per port
    # what says a batch rather than a wrong example: a ragged element, or parts of the
    # ranks the ports are known to take (a count of arrays that differs from the ports' is
    # otherwise a wrong example: portcount)
    evidence = any(a is None for a in arrays) or (ranks and None not in ranks)
    if evidence and all(_fits([to_numpy_data(p) for p in e.args], ranks) for e in examples):
        return list(examples)
    return None
