"""Shared arrays: ``NetArray["name"]`` (formerly ``NetSharedArray["name"]``) in place of a
layer's array.

Every use of one name in a net is one array: stored once, at ``("SharedArrays", name)``
of the root (``spec.shared_path``), initialised once, and trained once (the executor sums
its gradients over every use, as it sums the gradients of every value that fans out).
A layer node records which of its arrays are shared (``LayerNode.shared``: array name ->
shared name); inference makes every use agree on the dimensions (``net._unify_shared``).

``NetArray`` forms (WL 12.2+):
  NetArray["name"]                       a shared array named "name"
  NetArray[] / NetArray[Automatic]       an array with a name of its own (a fresh id)
  NetArray["Name" -> n, "Array" -> values, "Dimensions" -> dims]   (or an association)
  NetArray[values]                       initial values, a name of its own
"""

from __future__ import annotations

import uuid

import attrs

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray, numeric_array_from_expr
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, infer, sub_prefix
from wlnet.net.spec import LayerNode, is_shared_path, shared_path
from wlnet.net.types import FrozenDict
from wlnet.net.wltext import assoc_items

__all__ = ["SharedSpec", "is_net_array", "read_net_array", "net_array_expr", "shared_arrays",
           "insert_shared_arrays", "SHARED_HEADS"]

SHARED_HEADS = ("NetArray", "NetSharedArray")


@attrs.frozen
class SharedSpec:
    name: str
    value: NumericArray | None = None      # initial values, if given
    dims: tuple | None = None              # "Dimensions", if given


def is_net_array(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name in SHARED_HEADS


def net_array_expr(name: str) -> Expr:
    """How a shared array shows in a layer: ``NetArray["name"]``."""
    return Expr(Symbol("NetArray"), String(name))


def _fresh_name() -> str:
    return str(uuid.uuid4())


def _values(e, whole) -> NumericArray:
    if isinstance(e, NumericArray):
        return e if e.type_name in ("Real32", "Real64") else NumericArray(e.array, "Real32")
    na = numeric_array_from_expr(e, "Real32")
    if na is None:
        raise NetSpecError("invshared", whole)
    return na


def read_net_array(e) -> SharedSpec:
    """A ``NetArray[…]``/``NetSharedArray[…]`` expression → SharedSpec (NetSpecError
    "invshared" naming it otherwise)."""
    args = e.args
    if not args or (len(args) == 1 and type(args[0]) is Symbol and args[0].name == "Automatic"):
        return SharedSpec(_fresh_name())
    if len(args) == 1 and type(args[0]) is String:
        return SharedSpec(args[0].value)
    if len(args) == 1 and args[0].head is S.Association:
        rules = [(k, v) for k, v in assoc_items(args[0])]
    elif all(type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) and len(a.args) == 2 for a in args):
        rules = [(a.args[0], a.args[1]) for a in args]
    elif len(args) == 1:
        return SharedSpec(_fresh_name(), _values(args[0], e))
    else:
        raise NetSpecError("invshared", e)
    name, value, dims = None, None, None
    for key, v in rules:
        k = key.value if type(key) is String else None
        if k == "Name" and type(v) is String:
            name = v.value
        elif k == "Name" and type(v) is Symbol and v.name == "Automatic":
            name = None
        elif k == "Array" and not (type(v) is Symbol and v.name == "Automatic"):
            value = _values(v, e)
        elif k == "Dimensions" and type(v) is Expr and v.head is S.List and all(
                type(d) is Integer and d.value > 0 for d in v.args):
            dims = tuple(d.value for d in v.args)
        elif k == "Dimensions" and type(v) is Integer and v.value > 0:
            dims = (v.value,)
        else:
            raise NetSpecError("invshared", e)
    if value is not None and dims is not None and tuple(value.shape) != dims:
        raise NetSpecError("invshared", e)
    return SharedSpec(name or _fresh_name(), value, dims)


def shared_arrays(net: Net) -> dict:
    """name -> (dims, value or None) for every shared array of ``net``, in order of first use."""
    out: dict = {}
    for path, dims in net.array_paths().items():
        if is_shared_path(path):
            out[path[1]] = (dims, net.arrays.get(path))
    return out


def insert_shared_arrays(net: Net, prefix: str = "") -> Net:
    """NetInsertSharedArrays[net, prefix]: every ordinary array of every layer becomes a
    shared array named by its position (``"Weights"`` for a lone layer, ``"1/Weights"``
    in a chain, ``"enc/2/Biases"`` deeper), after ``prefix``.  Arrays a layer keeps up to
    date itself (moving statistics) stay ordinary; initialised values move with them."""
    arrays = dict(net.arrays)

    def convert(node, where: tuple, labels: tuple):
        if isinstance(node, LayerNode):
            shared = dict(node.shared)
            specs = node.array_specs()
            for name in node.array_shapes():
                if name in shared or specs[name].statistic:
                    continue
                label = prefix + "/".join(labels + (name,))
                old = arrays.pop(node.array_path(where, name), None)
                shared[name] = label
                if old is not None:
                    arrays[shared_path(label)] = old
            return attrs.evolve(node, shared=FrozenDict(shared))
        subs = {name: convert(sub, where + sub_prefix(node, name), labels + (name,))
                for name, sub in node.nodes.items()}
        return attrs.evolve(node, nodes=FrozenDict(subs))

    return infer(Net(convert(net.root, (), ()), FrozenDict(arrays)))
