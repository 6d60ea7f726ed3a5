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
* A NetGraph (or a NetChain of graphs and chains: a transformer's blocks) with such layers
  at any depth: the whole net runs on sequences of one element (ReplicateLayer[1] on each
  sequence input, SequenceLastLayer on each sequence output); each folded layer, wherever
  it sits, takes and gives its states through every container around it, numbered in the
  order the layers come when there are several ("Keys1", "Values1", "State2"…).  Only
  the sequences the folded layers run over are stepped: another sequence input (the
  encoder's output a translation decoder attends to, with an unmasked AttentionLayer)
  stays whole.  A SequenceIndicesLayer (a transformer's positions) over the stepped
  sequence gives the step's index, keeping the elements so far as its state ("Elements",
  empty at the first step).  A layer that acts across the steps otherwise
  (SequenceReverseLayer, an unmasked AttentionLayer over the stepped sequence, an
  AggregationLayer over the sequence's level or any layer that gives something else than
  a sequence of the same steps…) cannot be unfolded ("unfoldstep").
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
    if root.type == "Graph" or (root.type == "Chain" and any(
            sub_net(net, n).root.type in ("Chain", "Graph", "SequenceIndices") for n in root.names)):
        return _unfold_graph(net)
    steps = _steps(net)
    recurrent = [name for name, part in steps if part.root.type in RECURRENT]
    if not recurrent:
        raise NetSpecError("unfoldx", root.symbol, symbol="NetUnfold")
    across = [part.root for _, part in steps if part.root.type in _NOT_STEPWISE
              or part.root.type in ("FoldOperator", "BidirectionalOperator")]
    if across:
        raise NetSpecError("unfoldstep", across[0].symbol, symbol="NetUnfold")
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
    # the layers before the cut run on the stepped sequence: each must act on each element
    lengths = frozenset(d for d in _folded_lengths(net) if d is not None)
    for name, part in steps[:cut]:
        if part.root.type not in RECURRENT:
            _check_stepwise(part, lengths)
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


def _unmasked_attention(net: Net, query_sequence: bool) -> Expr:
    """The causally masked AttentionLayer ``net`` without its mask (its scoring net, arrays
    and options kept), taking sequences of keys and values and one query (a sequence of
    queries when ``query_sequence``)."""
    from wlnet.net.registry import spec_for_type
    from wlnet.net.surgery import extract
    from wlnet.net.wlform import param_to_expr
    p = net.root.params
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
            ports.append(_rule(String(port), dims if port == "Query" and not query_sequence else seq))
    return Expr(Symbol("AttentionLayer"), extract(net, String("ScoringNet")), *options, *ports)


def _key_value_ports(net: Net) -> tuple:
    """The ports an attention layer takes its keys and values at: "Key" and "Value", or its
    one "Input" (the "InputQuery" form, SequenceAttentionLayer's ports).  Its step keeps
    the keys and values so far as the two states either way (the same sequence twice in
    the second form), and attends with the layer in the first form."""
    if net.root.params["$InputPorts"] == "KeyValueQuery":
        return "Key", "Value"
    return "Input", "Input"


def _unfold_causal_attention(net: Net) -> Expr:
    """One step of a causally masked AttentionLayer (see the module's text)."""
    p = net.root.params
    if p["Mask"] is None:
        raise NetSpecError("unfoldx", net.root.symbol, symbol="NetUnfold")
    if p["Mask"][1] is not None:
        raise NetSpecError("unfoldwin", p["Mask"][1], symbol="NetUnfold")
    key, value = _key_value_ports(net)
    attention = _unmasked_attention(net, query_sequence=False)
    nodes = [("AppendKey", Expr(Symbol("AppendLayer"))),
             ("AppendValue", Expr(Symbol("AppendLayer"))), ("Attention", attention)]
    rules = [_rule(_port(key), _port("AppendKey", "Element")),
             _rule(_port(value), _port("AppendValue", "Element")),
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



# ---------------------------------------------------------------------------- graphs

# layers that mix the steps of a sequence in a way one step cannot reproduce (a
# SequenceLastLayer can: on the step's sequence of one element it gives that element; a
# SequenceIndicesLayer is stepped with the elements so far as its state)
_NOT_STEPWISE = ("SequenceReverse", "SequenceMost", "SequenceRest")


def _is_folded(node) -> bool:
    return isinstance(node, LayerNode) and (
        node.type in RECURRENT or node.type == "Attention" and node.params["Mask"] is not None)


def _folded_count(net: Net) -> int:
    return len(_folded_lengths(net))


def _folded_lengths(net: Net) -> list:
    """The sequence length (a LengthVar) each folded layer in ``net`` runs over, in order:
    the steps an unfolded net takes one at a time (another sequence, an encoder's output
    that a decoder attends to, stays whole).  A SequenceIndicesLayer has a state too (the
    elements so far) but sets no length of its own (None)."""
    root = net.root
    if isinstance(root, LayerNode) and root.type == "SequenceIndices":
        return [None]
    if _is_folded(root):
        port = "Query" if root.type == "Attention" else "Input"
        t = net.inputs().get(port)
        return [t.dims[0] if isinstance(t, TensorT) and t.dims else None]
    if isinstance(root, LayerNode) or root.type not in ("Chain", "Graph"):
        return []
    return [d for n in _node_names(root) for d in _folded_lengths(sub_net(net, n))]


def _node_names(root) -> list:
    return list(root.names) if root.type == "Chain" else list(root.nodes)


class _States:
    """The state ports of a graph's step, numbered in the order the folded layers come
    ("State1", "CellState1", "Keys2"…; a lone folded layer's keep their names)."""

    def __init__(self, total: int, lengths=frozenset()):
        self.total = total
        self.lengths = lengths          # the lengths of the stepped sequences
        self.names = []                 # the state port names, layer after layer

    def add(self, states) -> list:
        """The port names of the next folded layer's ``states``."""
        index = len({i for i, _ in self.names}) + 1
        named = [(index, state if self.total == 1 else f"{state}{index}") for state in states]
        self.names += named
        return [name for _, name in named]


def _unfold_graph(net: Net) -> Expr:
    """One step of a NetGraph (or of a NetChain holding graphs and chains: a transformer's
    blocks) whose folded layers — recurrent layers and causally masked AttentionLayers, at
    any depth — expose their states: every input sequence the folded layers run over
    becomes one element (a ReplicateLayer[1] before the net), every output sequence of that
    length gives its element (a SequenceLastLayer after it), the layers between run as they
    are on sequences of one element; a recurrent layer takes and gives its states, a causal attention layer the
    keys and values of the steps before ("Keys", "Values": empty at the first step)."""
    lengths = _folded_lengths(net)
    if not lengths:
        raise NetSpecError("unfoldx", net.root.symbol, symbol="NetUnfold")
    stepped = frozenset(d for d in lengths if d is not None)
    if not stepped:
        raise NetSpecError("unfoldx", net.root.symbol, symbol="NetUnfold")
    step, state_ports = _step_expr(net, _States(len(lengths), stepped))
    nodes, rules = [("$net", step)], []
    for port, t in net.inputs().items():
        if _is_sequence(t) and t.dims[0] in stepped:
            nodes.append((f"$step{port}", Expr(Symbol("ReplicateLayer"), Integer(1))))
            rules += [_rule(_port(port), String(f"$step{port}")),
                      _rule(String(f"$step{port}"), _port("$net", port))]
        else:
            rules.append(_rule(_port(port), _port("$net", port)))
    for port, t in net.outputs().items():
        if _is_sequence(t) and t.dims[0] in stepped:
            nodes.append((f"$last{port}", Expr(Symbol("SequenceLastLayer"))))
            rules += [_rule(_port("$net", port), String(f"$last{port}")),
                      _rule(String(f"$last{port}"), _port(port))]
        else:
            rules.append(_rule(_port("$net", port), _port(port)))
    rules += _passed_through("$net", state_ports)
    return Expr(Symbol("NetGraph"), Expr.from_args(S.Association, (_rule(String(n), e) for n, e in nodes)),
                Expr.from_args(S.List, rules), *_input_options(net, stepped), *_output_option(net))


def _passed_through(node: str, state_ports: list) -> list:
    """The rules that take each state port of ``node`` in from and out to the container's."""
    out = []
    for name in state_ports:
        out += [_rule(_port(name), _port(node, name)), _rule(_port(node, name), _port(name))]
    return out


def _is_sequence(t) -> bool:
    from wlnet.net.types import LengthVar
    return isinstance(t, TensorT) and bool(t.dims) and isinstance(t.dims[0], LengthVar)


def _input_options(net: Net, stepped) -> list:
    """Each stepped sequence input takes one element: its element's dimensions when known
    (a "Characters" or "Tokens" encoder on "Input": a "Class" encoder of one, as for
    chains)."""
    out = [r for r in _input_option(net) if type(r.args[1]) is Expr
           and r.args[1].head == Symbol("NetEncoder")]
    for port, t in net.inputs().items():
        if out and port == "Input":
            continue
        if _is_sequence(t) and t.dims[0] in stepped and t.tail is None \
                and all(isinstance(d, int) for d in t.dims[1:]):
            out.append(_rule(String(port), Expr.from_args(S.List, (dim_to_expr(d) for d in t.dims[1:]))))
    return out


def _end(place) -> Expr:
    """A graph connection's end, ("Inputs", p) / ("Outputs", p) / ("Nodes", n, _, p), as a
    NetPort."""
    return _port(place[1]) if place[0] in ("Inputs", "Outputs") else _port(place[1], place[3])


def _step_expr(net: Net, states: _States) -> tuple:
    """(the WL expression of ``net`` run on sequences of one element with its folded
    layers' states as extra ports of the same names in and out, those ports' names)."""
    from wlnet.net.wlform import net_to_expr
    root = net.root
    if isinstance(root, LayerNode):
        if root.type in RECURRENT:
            return _recurrent_step(net, states)
        if _is_folded(root):
            return _attention_step(net, states)
        if root.type == "SequenceIndices" and _is_sequence(t := net.inputs().get("Input")) \
                and t.dims[0] in states.lengths:
            return _indices_step(net, states)
        if root.type in _NOT_STEPWISE or root.type == "Attention" and not _attends_elsewhere(net, states):
            raise NetSpecError("unfoldstep", root.symbol, symbol="NetUnfold")
        _check_stepwise(net, states.lengths)
        return net_to_expr(net), []
    if root.type in ("FoldOperator", "BidirectionalOperator"):
        # folded too, but not stepped here: refused rather than restarted at every step
        raise NetSpecError("unfoldstep", root.symbol, symbol="NetUnfold")
    if root.type not in ("Chain", "Graph") or not _folded_count(net):
        _check_stepwise(net, states.lengths)
        return net_to_expr(net), []               # nothing folded in it: as it is
    names = _node_names(root)
    stepped = [(n,) + _step_expr(sub_net(net, n), states) for n in names]
    if root.type == "Chain":
        rules = [_rule(_port("Input"), _port(names[0], "Input"))]
        rules += [_rule(_port(a, "Output"), _port(b, "Input")) for a, b in zip(names, names[1:])]
        rules.append(_rule(_port(names[-1], "Output"), _port("Output")))
    else:
        rules = [_rule(_end(src), _end(dst)) for dst, src in root.edges]
    ports = []
    for name, _, own in stepped:
        rules += _passed_through(name, own)
        ports += own
    return Expr(Symbol("NetGraph"), Expr.from_args(S.Association, (_rule(String(n), e) for n, e, _ in stepped)),
                Expr.from_args(S.List, rules)), ports


def _check_stepwise(net: Net, lengths) -> None:
    """Refuse ("unfoldstep") a part of the net without folded layers that takes a stepped
    sequence and gives something else than a sequence of the same steps (an
    AggregationLayer over the sequence, a TransposeLayer moving it, a CatenateLayer or
    AppendLayer lengthening it…): on the step's sequence of one element it would compute
    something else than on the whole sequence.  Chains and graphs are looked into, so
    that a part inside them is found; a SequenceLastLayer is the one layer that may take
    the sequence's last element (on one element it gives that element)."""
    root = net.root
    if not isinstance(root, LayerNode) and root.type in ("Chain", "Graph"):
        for name in _node_names(root):
            _check_stepwise(sub_net(net, name), lengths)
        return
    if isinstance(root, LayerNode) and root.type == "SequenceLast":
        return
    if not any(_is_stepped(t, lengths) for t in net.inputs().values()):
        return
    if root.type in _NOT_STEPWISE or not all(_is_stepped(t, lengths) for t in net.outputs().values()):
        raise NetSpecError("unfoldstep", root.symbol, symbol="NetUnfold")


def _is_stepped(t, lengths) -> bool:
    """Whether the type ``t`` is a sequence over one of the stepped lengths."""
    return isinstance(t, TensorT) and bool(t.dims) and t.dims[0] in lengths


def _attends_elsewhere(net: Net, states: _States) -> bool:
    """Whether an unmasked AttentionLayer's keys are a sequence other than the stepped one
    (a decoder attending to its encoder's output): then each step's query attends to all
    of them, as it did."""
    key = net.inputs().get("Key")
    return isinstance(key, TensorT) and bool(key.dims) and key.dims[0] not in states.lengths


def _indices_step(net: Net, states: _States) -> tuple:
    """A SequenceIndicesLayer on the step's sequence of one element: the index of this step
    among the elements so far (the state "Elements", empty at the first step, this step's
    element appended), as a sequence of one index."""
    from wlnet.net.registry import spec_for_type
    from wlnet.net.wlform import param_to_expr
    [elements] = states.add(["Elements"])
    declared = {q.name: q for q in spec_for_type("SequenceIndices").params}
    indices = Expr(Symbol("SequenceIndicesLayer"),
                   _rule(String("Maximum"), param_to_expr(declared["Maximum"], net.root.params["Maximum"])))
    nodes = [("Last", Expr(Symbol("SequenceLastLayer"))), ("Append", Expr(Symbol("AppendLayer"))),
             ("Indices", indices), ("Index", Expr(Symbol("SequenceLastLayer"))),
             ("Step", Expr(Symbol("ReplicateLayer"), Integer(1)))]
    rules = [_rule(_port("Input"), String("Last")), _rule(String("Last"), _port("Append", "Element")),
             _rule(_port(elements), _port("Append", "Input")),
             _rule(String("Append"), String("Indices")), _rule(String("Indices"), String("Index")),
             _rule(String("Index"), String("Step")), _rule(String("Step"), _port("Output")),
             _rule(String("Append"), _port(elements))]
    return Expr(Symbol("NetGraph"), Expr.from_args(S.Association, (_rule(String(n), e) for n, e in nodes)),
                Expr.from_args(S.List, rules)), [elements]


def _recurrent_step(net: Net, states: _States) -> tuple:
    """A recurrent layer on a sequence of one element, its states taken and given."""
    from wlnet.net.wlform import net_to_expr
    node_states = list(net.root.states())
    names = states.add(node_states)
    rules = [_rule(_port("Input"), _port("layer", "Input")), _rule(_port("layer", "Output"), _port("Output"))]
    for state, name in zip(node_states, names):
        rules += [_rule(_port(name), _port("layer", state)), _rule(_port("layer", state), _port(name))]
    layer = _length_freed(net_to_expr(net))
    return Expr(Symbol("NetGraph"), Expr(S.Association, _rule(String("layer"), layer)),
                Expr.from_args(S.List, rules)), names


def _attention_step(net: Net, states: _States) -> tuple:
    """A causally masked AttentionLayer on a key, value and query sequence of one element:
    the same layer unmasked on the query over the keys and values so far (the states)."""
    p = net.root.params
    if p["Mask"][1] is not None:
        raise NetSpecError("unfoldwin", p["Mask"][1], symbol="NetUnfold")
    key, value = _key_value_ports(net)
    keys, values = states.add(["Keys", "Values"])
    nodes = [("LastKey", Expr(Symbol("SequenceLastLayer"))), ("LastValue", Expr(Symbol("SequenceLastLayer"))),
             ("AppendKey", Expr(Symbol("AppendLayer"))), ("AppendValue", Expr(Symbol("AppendLayer"))),
             ("Attention", _unmasked_attention(net, query_sequence=True))]
    rules = [_rule(_port(key), String("LastKey")), _rule(_port(value), String("LastValue")),
             _rule(String("LastKey"), _port("AppendKey", "Element")),
             _rule(String("LastValue"), _port("AppendValue", "Element")),
             _rule(_port(keys), _port("AppendKey", "Input")),
             _rule(_port(values), _port("AppendValue", "Input")),
             _rule(String("AppendKey"), _port("Attention", "Key")),
             _rule(String("AppendValue"), _port("Attention", "Value")),
             _rule(_port("Query"), _port("Attention", "Query")),
             _rule(String("Attention"), _port("Output")),
             _rule(String("AppendKey"), _port(keys)), _rule(String("AppendValue"), _port(values))]
    return Expr(Symbol("NetGraph"), Expr.from_args(S.Association, (_rule(String(n), e) for n, e in nodes)),
                Expr.from_args(S.List, rules)), [keys, values]
