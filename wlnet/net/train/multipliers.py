"""LearningRateMultipliers (the multiplier of each trainable array of a net) and
TrainingUpdateSchedule (which arrays each optimization step updates), which name parts
of a net the same way.

Where a multiplier can be given (WL's documented forms):
  a layer's own option     ``LinearLayer[3, LearningRateMultipliers -> r | None | {"Weights" -> r, …}]``
                           (``LayerNode.lrm``, kept when the layer is nested)
  a container's option     ``NetChain[…, LearningRateMultipliers -> spec]``: written into the
                           layers it matches (``push_down``), the container's rule winning
  NetTrain's option        ``LearningRateMultipliers -> spec``, over the layers' own

``spec`` is a number r (every array), None (0: frozen), Automatic, or rules ``lspec -> r``
where lspec is ``"name"`` (a layer, sub-net, or an array of a layer), ``n`` (the n-th layer,
negative from the end), ``m ;; n`` (layers m through n), ``{part1, part2, …}`` (a nested
layer or array, as in NetExtract; a part ``_`` or All is every part at its level),
``NetArray["name"]`` (a shared array), ``_`` or All
(everything).  For each array the first rule that matches gives its rate, else the layers'
own, else 1.  A shared array used by several layers takes the rate of its first use.

TrainingUpdateSchedule -> {group1, group2, …}: step k updates only the arrays of group
(k mod n), the schedule repeating to the end of training; a group is an lspec as above,
``spec1 | spec2 | …`` (any of them), ``_`` (all), or ``group -> s`` (the same group for s
consecutive steps).  Arrays in no group are held constant (``update_schedule``).
"""

from __future__ import annotations

import attrs

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.net import Net, infer, sub_prefix
from wlnet.net.spec import LayerNode, real_value, shared_path
from wlnet.net.types import FrozenDict
from wlnet.net.wltext import short_text

__all__ = ["MultiplierError", "array_uses", "layer_multipliers", "multipliers", "push_down",
           "update_schedule"]


class MultiplierError(Exception):
    """An invalid LearningRateMultipliers setting: the whole value and why."""

    def __init__(self, value, reason: str):
        super().__init__(reason)
        self.value = value
        self.reason = reason


def _sym(e) -> str | None:
    return e.name if type(e) is Symbol else None


def array_uses(root) -> list:
    """(layer path, layer node, array name, storage path) for every array of every layer."""
    return [(prefix, leaf, name, leaf.array_path(prefix, name))
            for prefix, leaf in root.leaves(()) for name in leaf.array_shapes()]


def _rate(value, whole) -> float:
    """A multiplier: a real number, or None (0, frozen)."""
    if _sym(value) == "None":
        return 0.0
    r = real_value(value)
    if r is None:
        raise MultiplierError(whole, f"{short_text(value)} is not a number or None.")
    return r


def _own_rate(given, array: str) -> float:
    """The rate a layer's own LearningRateMultipliers option gives its array (1 if none)."""
    if given is None:
        return 1.0
    if _sym(given) == "None" or real_value(given) is not None:
        return _rate(given, given)
    rules = given.args if type(given) is Expr and given.head is S.List else (given,)
    for r in rules:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and (
                r.args[0] == String(array) or _sym(r.args[0]) == "All"
                or (type(r.args[0]) is Expr and _sym(r.args[0].head) == "Blank")):
            return _rate(r.args[1], given)
    return 1.0


def layer_multipliers(net: Net) -> dict:
    """storage path -> the rate given by the layers' own options."""
    out: dict = {}
    for _, leaf, name, path in array_uses(net.root):
        out.setdefault(path, _own_rate(leaf.lrm, name))
    return out


def _positions(node, part) -> list:
    """The names of the sub-nets of a container that one lspec part names ([] if none)."""
    if isinstance(node, LayerNode):
        return []
    names = list(node.nodes)
    if _is_any(part):
        return names                         # {"base", _}: every part at that level
    if type(part) is Integer and part.value != 0 and abs(part.value) <= len(names) \
            and not hasattr(node, "sub_prefix"):
        return [names[part.value - 1] if part.value > 0 else names[part.value]]
    if type(part) is String and part.value in node.nodes:
        return [part.value]
    if type(part) is Expr and part.head is S.Span and len(part.args) == 2 \
            and not hasattr(node, "sub_prefix"):
        ends = []
        for e, default in zip(part.args, (1, len(names))):
            if _sym(e) == "All":
                ends.append(default)
            elif type(e) is Integer and e.value != 0 and abs(e.value) <= len(names):
                ends.append(e.value if e.value > 0 else len(names) + 1 + e.value)
            else:
                return []
        return names[ends[0] - 1:ends[1]]
    return []


def _is_any(part) -> bool:
    """``_`` or All: every layer (or array) at that level of a path."""
    return _sym(part) == "All" or (type(part) is Expr and _sym(part.head) == "Blank")


def _matcher(root, spec, whole):
    """A predicate over (layer path, array name, storage path) for one lspec."""
    if _is_any(spec):
        return lambda prefix, name, path: True
    if type(spec) is Expr and _sym(spec.head) == "Alternatives" and spec.args:
        # "a" | "b": the arrays any of the alternatives names
        either = [_matcher(root, alt, whole) for alt in spec.args]
        return lambda prefix, name, path: any(m(prefix, name, path) for m in either)
    if type(spec) is Expr and type(spec.head) is Symbol and spec.head.name in ("NetArray", "NetSharedArray") \
            and len(spec.args) == 1 and type(spec.args[0]) is String:
        target = shared_path(spec.args[0].value)
        if not any(path == target for *_, path in array_uses(root)):
            raise MultiplierError(whole, f"the net has no shared array {short_text(spec)}.")
        return lambda prefix, name, path: path == target
    parts = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    places, array = [((), root)], None
    for i, part in enumerate(parts):
        deeper = [(prefix + sub_prefix(node, n), node.nodes[n])
                  for prefix, node in places for n in _positions(node, part)]
        if deeper:
            places = deeper
            continue
        if type(part) is String and i == len(parts) - 1:
            array = part.value
            break
        if _is_any(part) and i == len(parts) - 1:
            break                            # {…, layer, _}: every array of the layer
        raise MultiplierError(whole, f"{short_text(part)} does not name a layer or an array of the net.")
    prefixes = [p for p, _ in places]

    def matches(prefix, name, path) -> bool:
        return (array is None or name == array) and any(prefix[:len(p)] == p for p in prefixes)
    if array is not None and not any(matches(prefix, name, path)
                                     for prefix, _, name, path in array_uses(root)):
        raise MultiplierError(whole, f"{short_text(spec)} does not name a layer or an array of the net"
                              + _nested_hint(root, array) + ".")
    return matches


def _nested_hint(root, name: str) -> str:
    """A part is named from the top of the net (as NetExtract names it): when a nested
    layer has the name, the hint to write its path."""
    stack = [((), root)]
    while stack:
        path, node = stack.pop(0)
        for n, sub in getattr(node, "nodes", {}).items():
            here = path + (int(n) if n.isdigit() else n,)
            if n == name and len(here) > 1:
                return (" at its top; the layer nested inside is named by its path, "
                        "{" + ", ".join(str(p) if isinstance(p, int) else f'"{p}"' for p in here) + "}")
            stack.append((here, sub))
    return ""


def _rules(net: Net, value) -> list:
    """[(predicate, rate)] for a rules setting (or a single rule)."""
    rules = value.args if type(value) is Expr and value.head is S.List else (value,)
    out = []
    for r in rules:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2):
            raise MultiplierError(value, "give a number, None, or rules lspec -> r.")
        out.append((_matcher(net.root, r.args[0], value), _rate(r.args[1], value)))
    return out


def multipliers(net: Net, value) -> dict:
    """storage path -> rate for NetTrain's option ``value`` over the layers' own options."""
    own = layer_multipliers(net)
    if _sym(value) == "Automatic":
        return own
    if _sym(value) == "None" or real_value(value) is not None:
        rate = _rate(value, value)
        return {p: rate for p in own}
    rules = _rules(net, value)
    out: dict = {}
    for prefix, _, name, path in array_uses(net.root):
        if path not in out:
            out[path] = next((r for m, r in rules if m(prefix, name, path)), own[path])
    return out


def per_array_setting(net: Net, value) -> dict:
    """storage path -> value for the arrays that a rules setting of a Method sub-option
    (``"WeightClipping" -> {"D" -> 0.1}``) names; arrays no rule names are left out."""
    rules = _rules(net, value)
    out: dict = {}
    for prefix, _, name, path in array_uses(net.root):
        if path not in out:
            rate = next((r for m, r in rules if m(prefix, name, path)), None)
            if rate is not None:
                out[path] = rate
    return out


def push_down(net: Net, value) -> Net:
    """A container with its own LearningRateMultipliers option ``value`` written into the
    layers it matches (each layer's option becomes its arrays' rates)."""
    if _sym(value) == "Automatic":
        return net
    uniform = _sym(value) == "None" or real_value(value) is not None
    rules = [] if uniform else _rules(net, value)

    def rewrite(prefix, leaf):
        rates = {}
        for name in leaf.array_shapes():
            path = leaf.array_path(prefix, name)
            if uniform:
                rates[name] = _rate(value, value)
            else:
                rates[name] = next((r for m, r in rules if m(prefix, name, path)),
                                   _own_rate(leaf.lrm, name))
        if all(r == 1.0 for r in rates.values()) and leaf.lrm is None:
            return leaf
        lrm = Expr.from_args(S.List, (Expr(S.Rule, String(n), Symbol("None") if r == 0 else _number(r))
                                      for n, r in rates.items()))
        return attrs.evolve(leaf, lrm=lrm)

    return infer(Net(_map_leaves(net.root, (), rewrite), net.arrays))


def _number(r: float):
    from wlnet.core.expr import Real
    return Integer(int(r)) if r == int(r) else Real(r)


def _map_leaves(node, prefix: tuple, f):
    if isinstance(node, LayerNode):
        return f(prefix, node)
    return attrs.evolve(node, nodes=FrozenDict(
        {n: _map_leaves(sub, prefix + sub_prefix(node, n), f) for n, sub in node.nodes.items()}))


def update_schedule(net: Net, value) -> list | None:
    """TrainingUpdateSchedule: None for Automatic (every array at every step), else one set
    of storage paths per optimization step of the repeating schedule."""
    if _sym(value) == "Automatic":
        return None
    groups = value.args if type(value) is Expr and value.head is S.List else (value,)
    if not groups:
        raise MultiplierError(value, "give a list of groups of arrays.")
    uses = array_uses(net.root)
    steps = []
    for group in groups:
        repeat = 1
        if type(group) is Expr and group.head in (S.Rule, S.RuleDelayed) and len(group.args) == 2:
            group, count = group.args
            if not (type(count) is Integer and count.value > 0):
                raise MultiplierError(value, f"{short_text(count)} is not a positive number of steps.")
            repeat = count.value
        alternatives = group.args if type(group) is Expr and _sym(group.head) == "Alternatives" \
            else (group,)
        matchers = [_matcher(net.root, a, value) for a in alternatives]
        paths = frozenset(path for prefix, _, name, path in uses
                          if any(m(prefix, name, path) for m in matchers))
        steps.extend([paths] * repeat)
    return steps
