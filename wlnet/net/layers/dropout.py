"""DropoutLayer[], DropoutLayer[p]: identity at evaluation; in training, zero entries with
probability p and scale the rest by 1/(1-p) ("Method" -> "AlphaDropout": SELU's variant,
which keeps the mean and variance).  "OutputPorts" -> {"Output", "BinaryMask"} also gives
the mask of the entries kept (1) and dropped (0): all ones at evaluation."""

from __future__ import annotations

from wlnet.core.expr import Expr, S, String
from wlnet.net.errors import NetSpecError
from wlnet.net.layers.gated_recurrent import check_probability
from wlnet.net.layers._shapes import SameShapeLayer, port
from wlnet.net.registry import register
from wlnet.net.spec import Param

METHODS = ("Dropout", "AlphaDropout")
PORTS = ("Output", "BinaryMask")


def _read_ports(e) -> tuple:
    """"Output", "BinaryMask" or a list of them → the output port names, in order."""
    names = [e] if type(e) is String else list(e.args) if type(e) is Expr and e.head is S.List else []
    if not names or any(type(n) is not String or n.value not in PORTS for n in names) \
            or len({n.value for n in names}) != len(names):
        raise NetSpecError("netarg", e, '"OutputPorts" setting',
                           'use "Output", "BinaryMask" or a list of them', symbol="DropoutLayer")
    return tuple(n.value for n in names)


def _show_ports(ports: tuple):
    return String(ports[0]) if len(ports) == 1 else Expr.from_args(S.List, map(String, ports))


@register
class Dropout(SameShapeLayer):
    type_name = "Dropout"
    symbol = "DropoutLayer"
    usage = "DropoutLayer[p] represents a net layer that sets its input elements to zero with probability p during training."
    params = (Param("DropoutProbability", "real", lambda: 0.5),
              Param("Method", "string", lambda: "Dropout"),
              Param("OutputPorts", "custom", lambda: ("Output",), read=_read_ports,
                    show=_show_ports),
              Param("$Dimensions", "sizelist"))
    min_args, max_args = 0, 1
    options = {"Method": String("Dropout"), "OutputPorts": String("Output")}
    messages = {"invdrppval": "The dropout probability `1` should be a number between 0 and 1.",
                "alphamask": 'The "BinaryMask" output is given with Method -> "Dropout" only.'}
    sample = 'DropoutLayer[0.3, "Input" -> {2, 3}]'
    examples = (
        ("DropoutLayer[][{1, 2, 3}]", "{1., 2., 3.}"),
        ('NetExtract[DropoutLayer[0.2], "DropoutProbability"]', "0.2"),
        ('DropoutLayer["OutputPorts" -> {"Output", "BinaryMask"}][{1, 2}]',
         '<|"Output" -> {1., 2.}, "BinaryMask" -> {1., 1.}|>'),
    )

    def parse_args(self, args, p):
        if args:
            p["DropoutProbability"] = float(check_probability(args[0], self.symbol))

    def parse_option(self, name, value, p):
        if name == "OutputPorts":
            p[name] = _read_ports(value)
            return
        if not (type(value) is String and value.value in METHODS):
            raise NetSpecError("netarg", value, "Method", 'use "Dropout" or "AlphaDropout"',
                               symbol=self.symbol)
        p["Method"] = value.value

    def post(self, p, u):
        if "BinaryMask" in p["OutputPorts"] and p["Method"] == "AlphaDropout":
            raise NetSpecError("alphamask", symbol=self.symbol)

    def outputs(self, p):
        return {name: port(p["$Dimensions"]) for name in p["OutputPorts"]}

    def compose(self, p, g):
        x, rate = g.input("Input"), p["DropoutProbability"]
        if "BinaryMask" not in p["OutputPorts"]:
            g.output("Output", g.dropout(x, p=rate, alpha=p["Method"] == "AlphaDropout"))
            return
        # one draw for both ports: the dropout of ones is 0 or 1/(1-p) (1 at evaluation)
        scale = g.dropout(g.add(g.times(x, g.const(0.0)), g.const(1.0)), p=rate, alpha=False)
        if "Output" in p["OutputPorts"]:
            g.output("Output", g.times(x, scale))
        g.output("BinaryMask", g.min(scale, g.const(1.0)))

