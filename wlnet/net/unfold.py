"""NetUnfold[fnet]: the elementary net of a folded net, one step of its recurrence with the
recurrent states as ports (Wolfram's NetUnfold, the inverse of NetFoldOperator).

* ``NetFoldOperator[net, feedback]`` unfolds to ``net``.
* A recurrent layer (GatedRecurrentLayer, LongShortTermMemoryLayer, BasicRecurrentLayer)
  unfolds to a NetGraph taking one element at "Input" and each state at a port of the
  state's name ("State", "CellState"), giving "Output" and every state but "State" (which
  is the output) at output ports of the same names: so
  ``NetFoldOperator[NetUnfold[lstm], {"Output" -> "State", "CellState" -> "CellState"}]``
  computes what ``lstm`` does.  The layer keeps its arrays: it runs on a sequence of one
  element (ReplicateLayer[1] before it, SequenceLastLayer after it).
* AttentionLayer[…, "Mask" -> "Causal"] unfolds to a NetGraph taking one key, value and
  query ("Key", "Value", "Query") and the keys and values of the steps before (the
  sequences "Keys" and "Values", empty at the first step), giving the query's "Output"
  and "Keys", "Values" with this step's appended: the same attention layer, unmasked, on
  one query over the keys so far (AppendLayer before its "Key" and "Value").
* A NetChain of such layers and layers that act on each element: a sequence of one element
  runs through it up to the SequenceLastLayer after its last recurrent layer (which gives
  its element), or to its end where a SequenceLastLayer is added, so that the layers that
  act on each element of the sequence (NetMapOperator[net], SoftmaxLayer[],
  ElementwiseLayer…) run as they are, on a sequence of one element; when the chain has
  several recurrent layers their states' ports are numbered in order ("State1", "CellState2"…) and every state is an output.  A
  "Characters" or "Tokens" encoder on the input becomes a "Class" encoder of its
  characters or tokens (one element in, as a sampling loop feeds it).

The result is built as a WL expression (NetGraph[…]) for the WL face to evaluate.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, sub_net
from wlnet.net.spec import LayerNode
from wlnet.net.types import TensorT, dim_to_expr

__all__ = ["unfold_expr", "RECURRENT"]

RECURRENT = ("GatedRecurrent", "LongShortTermMemory", "BasicRecurrent")


def _port(*parts) -> Expr:
    return Expr(Symbol("NetPort"), *(String(p) for p in parts))


def _rule(a, b) -> Expr:
    return Expr(S.Rule, a, b)


def _steps(net: Net) -> list[tuple[str, Net]]:
    """The chain's layers (name, net), or the one layer."""
    root = net.root
    if isinstance(root, LayerNode):
        return [("1", net)]
    if root.type == "Chain":
        return [(name, sub_net(net, name)) for name in root.names]
    raise NetSpecError("unfoldx", root.symbol, symbol="NetUnfold")


def unfold_expr(net: Net) -> Expr:
    """The WL expression of the unfolded net (raises NetSpecError for a net that is not a
    folded one)."""
    from wlnet.net.wlform import net_to_expr
    root = net.root
    if root.type == "FoldOperator":
        return net_to_expr(sub_net(net, "Net"))
    if root.type == "Attention":
        return _unfold_causal_attention(net)
    steps = _steps(net)
    recurrent = [name for name, part in steps if part.root.type in RECURRENT]
    if not recurrent:
        raise NetSpecError("unfoldx", root.symbol, symbol="NetUnfold")
    numbered = len(recurrent) > 1
    # one element in: a sequence of length one through the layers up to the chain's own
    # SequenceLastLayer after its last recurrent layer (or its end), which gives the
    # element ("$last"); the layers between act on each element of the sequence (a
    # NetMapOperator, a SoftmaxLayer over the last level…) and keep the types they have
    nodes = [("$step", Expr(Symbol("ReplicateLayer"), Integer(1)))]
    state_in, state_out = [], []            # the states' input rules; (layer, state, port)
    last = [name for name, _ in steps].index(recurrent[-1])
    tail_types = [part.root.type for _, part in steps[last + 1:]]
    cut = last + 1 + tail_types.index("SequenceLast") if "SequenceLast" in tail_types \
        else len(steps)
    for i, (name, part) in enumerate(steps):
        node = part.root
        if i == cut:                        # the chain's own SequenceLastLayer
            nodes.append(("$last", Expr(Symbol("SequenceLastLayer"))))
            continue
        nodes.append((name, _length_freed(net_to_expr(part)) if node.type in RECURRENT
                      else net_to_expr(part)))
        if node.type in RECURRENT:
            suffix = str(recurrent.index(name) + 1) if numbered else ""
            for state in node.states():
                state_in.append(_rule(_port(state + suffix), _port(name, state)))
                state_out.append((name, state, state + suffix))
    if cut == len(steps):
        nodes.append(("$last", Expr(Symbol("SequenceLastLayer"))))
    names = [String(n) for n, _ in nodes]
    rules = [_rule(_port("Input"), names[0])]
    rules += [_rule(a, b) for a, b in zip(names, names[1:])] + [_rule(names[-1], _port("Output"))]
    rules += state_in
    # a lone recurrent layer (nothing after it but a SequenceLastLayer): its state is "Output"
    last_is_state = set(tail_types) <= {"SequenceLast"} and not numbered
    for layer, state, port in state_out:
        if last_is_state and state == "State":
            continue                               # a lone last recurrent layer's state is "Output"
        rules.append(_rule(_port(layer, state), _port(port)))
    options = _input_option(net) + _output_option(net)
    return Expr(Symbol("NetGraph"), Expr.from_args(S.Association, (_rule(String(n), e) for n, e in nodes)),
                Expr.from_args(S.List, rules), *options)


def _length_freed(layer: Expr) -> Expr:
    """A recurrent layer's WL form with a fixed sequence length ("Input" -> {4, 3}) made a
    varying one: its step runs on a sequence of one element.  The arrays and every other
    parameter stay; the length (the "$SequenceLength" parameter and the first dimension
    of the ports that have it) becomes a new length variable."""
    from wlnet.net.types import fresh_length
    from wlnet.net.wltext import assoc_get
    body = layer.args[0]
    length = assoc_get(assoc_get(body, "Parameters") or Expr(S.Association), "$SequenceLength")
    if type(length) is not Integer:
        return layer
    free = dim_to_expr(fresh_length())

    def port_type(t):
        # TensorT[{length, d…}, elem]: the length replaced
        if type(t) is Expr and t.args and type(t.args[0]) is Expr and t.args[0].head is S.List \
                and t.args[0].args and t.args[0].args[0] == length:
            dims = Expr(S.List, free, *t.args[0].args[1:])
            return Expr(t.head, dims, *t.args[1:])
        return t

    def section(key, value):
        if key == "Parameters":
            return Expr.from_args(S.Association, (
                _rule(k, free if k == String("$SequenceLength") else v)
                for k, v in ((r.args[0], r.args[1]) for r in value.args)))
        if key in ("Inputs", "Outputs"):
            return Expr.from_args(S.Association, (_rule(r.args[0], port_type(r.args[1]))
                                                  for r in value.args))
        return value

    rules = (_rule(r.args[0], section(r.args[0].value if type(r.args[0]) is String else None,
                                      r.args[1])) for r in body.args)
    return Expr(layer.head, Expr.from_args(S.Association, rules), *layer.args[1:])


def _input_option(net: Net) -> list:
    """"Input" -> one element: the element of the input sequence, or a "Class" encoder of a
    "Characters"/"Tokens" encoder's characters or tokens."""
    from wlnet.net.execute import port_coder
    coder = port_coder(net.root, "Input", True)
    if coder is not None and coder.name in ("Characters", "Tokens"):
        if coder.name == "Characters":
            from wlnet.net.coders.encoders import entry_expr
            labels = [entry_expr(e) for e in coder.encoding]
        else:
            labels = [String(t) for t in coder.tokens]
        spec = Expr(S.List, String("Class"), Expr.from_args(S.List, labels))
        return [_rule(String("Input"), Expr(Symbol("NetEncoder"), spec))]
    t = net.inputs().get("Input")
    if isinstance(t, TensorT) and t.tail is None and t.dims and all(
            isinstance(d, int) for d in t.dims[1:]):
        return [_rule(String("Input"), Expr.from_args(S.List, (dim_to_expr(d) for d in t.dims[1:])))]
    return []


def _output_option(net: Net) -> list:
    """A "Class" decoder on the output stays; one that decides each element of an output
    sequence (a language model's) decides the step's one element."""
    from wlnet.net.coders.mapped import MappedCoder
    from wlnet.net.execute import port_coder
    coder = port_coder(net.root, "Output", False)
    if isinstance(coder, MappedCoder) and len(coder.dims) == 1:
        coder = coder.inner
    if coder is not None and coder.name == "Class":
        return [_rule(String("Output"), coder.to_expr())]
    return []


def _unfold_causal_attention(net: Net) -> Expr:
    """One step of a causally masked AttentionLayer (see the module's text)."""
    from wlnet.net.registry import spec_for_type
    from wlnet.net.surgery import extract
    from wlnet.net.wlform import param_to_expr
    p = net.root.params
    if p["Mask"] is None or p["$InputPorts"] != "KeyValueQuery":
        raise NetSpecError("unfoldx", net.root.symbol, symbol="NetUnfold")
    if p["Mask"][1] is not None:
        raise NetSpecError("unfoldwin", p["Mask"][1], symbol="NetUnfold")
    heads = [p["$Heads"]] if p["MultiHead"] else []

    def vector(size):                      # one step's key, value or query
        dims = heads + [size]
        return None if not all(isinstance(d, int) for d in dims) else \
            Expr.from_args(S.List, (Integer(d) for d in dims))

    declared = {q.name: q for q in spec_for_type("Attention").params}
    options = [_rule(String(o), param_to_expr(declared[o], p[o]))
               for o in ("ScoreRescaling", "Dropout", "MultiHead")]
    ports = []
    for port, size in (("Key", p["KeySize"]), ("Value", p["ValueSize"]), ("Query", p["QuerySize"])):
        dims = vector(size)
        if dims is not None:
            seq = Expr(S.List, String("Varying"), *dims.args)
            ports.append(_rule(String(port), dims if port == "Query" else seq))
    attention = Expr(Symbol("AttentionLayer"), extract(net, String("ScoringNet")),
                     *options, *ports)
    nodes = [("AppendKey", Expr(Symbol("AppendLayer"))),
             ("AppendValue", Expr(Symbol("AppendLayer"))), ("Attention", attention)]
    rules = [_rule(_port("Key"), _port("AppendKey", "Element")),
             _rule(_port("Value"), _port("AppendValue", "Element")),
             _rule(_port("Query"), _port("Attention", "Query")),
             _rule(_port("Keys"), _port("AppendKey", "Input")),
             _rule(_port("Values"), _port("AppendValue", "Input")),
             _rule(String("AppendKey"), _port("Attention", "Key")),
             _rule(String("AppendValue"), _port("Attention", "Value")),
             _rule(String("Attention"), _port("Output")),
             _rule(String("AppendKey"), _port("Keys")),
             _rule(String("AppendValue"), _port("Values"))]
    return Expr(Symbol("NetGraph"), Expr.from_args(S.Association, (_rule(String(n), e) for n, e in nodes)),
                Expr.from_args(S.List, rules))

