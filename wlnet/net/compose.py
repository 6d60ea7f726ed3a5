"""Layers as compositions of primitives.

A layer's ``compose(p, g)`` describes its computation once, backend-neutrally, on a
``Builder``: it names its input ports, arrays and constants, applies rows of the primitive
table (``g.linear(x, w)``, ``g.map(x, function="Tanh")``) and names its output ports::

    def compose(self, p, g):
        y = g.linear(g.input("Input"), g.array("Weights"))
        if g.has_array("Biases"):
            y = g.add(y, g.array("Biases"))
        g.output("Output", y)

The result is a ``Composition``: a list of ``Node`` s in order.  Backends run it (the CPU
backend's ``ComposedOp`` calls each row's forward and, backwards, its vjp); the gradients of
a composed layer come with its primitives.
"""

from __future__ import annotations

from typing import NamedTuple

from wlnet.net.primitives import PRIMITIVES

__all__ = ["Ref", "Node", "Composition", "Builder", "compose_layer"]


class Ref(NamedTuple):
    """A value inside a composition: ("input", port), ("array", name) or ("node", index)."""
    kind: str
    key: object


class Node(NamedTuple):
    primitive: str
    inputs: tuple                # Refs
    attrs: dict


class Composition(NamedTuple):
    nodes: tuple
    outputs: dict                # port -> Ref
    inputs: tuple                # the input ports it reads
    arrays: tuple                # the arrays it reads


class Builder:
    """Records a composition; ``g.<primitive>(*refs, **attrs)`` applies a table row."""

    def __init__(self, array_names):
        self._array_names = tuple(array_names)
        self.nodes: list[Node] = []
        self.outputs: dict = {}
        self.inputs: list = []
        self.arrays: list = []

    def input(self, port: str) -> Ref:
        if port not in self.inputs:
            self.inputs.append(port)
        return Ref("input", port)

    def has_array(self, name: str) -> bool:
        return name in self._array_names

    def array(self, name: str) -> Ref:
        if name not in self.arrays:
            self.arrays.append(name)
        return Ref("array", name)

    def const(self, value) -> Ref:
        return self.apply("const", (), {"value": value})

    def output(self, port: str, ref: Ref) -> None:
        self.outputs[port] = ref

    def apply(self, name: str, inputs: tuple, attrs: dict) -> Ref:
        if name not in PRIMITIVES:
            raise KeyError(f"no primitive {name!r}")
        inputs = tuple(x if isinstance(x, Ref) else self.const(x) for x in inputs)
        self.nodes.append(Node(name, inputs, attrs))
        return Ref("node", len(self.nodes) - 1)

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in PRIMITIVES:
            raise AttributeError(name)
        return lambda *inputs, **attrs: self.apply(name, inputs, attrs)

    def build(self) -> Composition:
        return Composition(tuple(self.nodes), dict(self.outputs), tuple(self.inputs),
                           tuple(self.arrays))


def compose_layer(layer) -> Composition:
    """The composition of a resolved layer (``LayerNode``) whose spec composes."""
    g = Builder(layer.array_shapes())
    layer.spec.compose(layer.params, g)
    return g.build()
