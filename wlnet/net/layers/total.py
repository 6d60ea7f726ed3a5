"""TotalLayer[]: the elementwise sum of its input arrays (input1 + input2 + …), all of one
shape, which is also the output's ("Output" -> dims fixes every input).  Ports: see
``_ports``."""

from __future__ import annotations

from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, PortListLayer
from wlnet.net.layers._shapes import port
from wlnet.net.registry import register
from wlnet.net.spec import Param, dims_text


@register
class Total(PortListLayer):
    type_name = "Total"
    symbol = "TotalLayer"
    usage = "TotalLayer[] represents a net layer taking a list of input arrays and performing elementwise addition on them."
    params = PORT_PARAMS + (Param("$Dimensions", "sizelist"),)
    sample = 'TotalLayer[InputPorts -> {{"Varying", 2}, {"Varying", 2}, Automatic}]'
    examples = (
        ("TotalLayer[][{{1, 2}, {3, 4}, {5, 6}}]", "{9., 12.}"),
        ('NetExtract[TotalLayer[InputPorts -> 2, "Output" -> {2, 3}], "Input2"]',
         "{2, 3}"),
    )

    def compose(self, p, g):
        xs = [g.input(name) for name in self.port_shapes(p)]
        total = xs[0]
        for x in xs[1:]:
            total = g.add(total, x)
        g.output("Output", g.zero_padding(total))

    def outputs(self, p):
        return {"Output": port(p["$Dimensions"])}

    def post(self, p, u):
        from wlnet.net.shape import NetTypeError
        for shape in p["$InputShapes"]:
            try:
                u.unify_shape(shape, p["$Dimensions"])
            except NetTypeError:
                shapes = "{" + ", ".join(_text(u.resolve(s)) for s in p["$InputShapes"]) + "}"
                raise NetSpecError("portsinc", self.symbol, shapes, symbol=self.symbol)


def _text(sizelist) -> str:
    return "{…}" if sizelist.tail is not None else dims_text(sizelist.dims)
