"""Which layer feeds which: the dependencies between a net's layers, read from its
structure alone (an uninitialised net or one of unknown shapes has them too), for
``Information[net, "LayersGraph"]``.

A layer depends on every layer whose output (or final state) reaches one of its input ports
or state ports, through chains, graphs (NetPort edges into and out of nested nets) and net
operators, whose sub-nets take the operator's inputs and give its outputs.
"""

from __future__ import annotations

from wlnet.net.spec import LayerNode

__all__ = ["layer_dependencies"]


def layer_dependencies(root) -> list[tuple[tuple, tuple]]:
    """(producer leaf path, consumer leaf path) pairs, each once, in the order met."""
    edges: dict = {}

    def link(producers, consumer):
        for p in producers:
            edges.setdefault((p, consumer), None)

    def leaves_under(node, prefix) -> set:
        return {path for path, _ in node.leaves(prefix)}

    def wire(node, prefix: tuple, sources: dict) -> dict:
        """Record the edges into ``node``'s layers; give {output or state: producers}."""
        if isinstance(node, LayerNode):
            for port in (*node.inputs(), *node.states()):
                link(sources.get(port, ()), prefix)
            return {p: {prefix} for p in (*node.outputs(), *node.states())}
        if node.type == "Chain":
            outs = sources
            for i, name in enumerate(node.names):
                sub = node.nodes[name]
                if i > 0:
                    outs = {next(iter(sub.inputs())): set().union(*outs.values()) if outs else set()}
                outs = wire(sub, prefix + ("Nodes", name), outs)
            return outs
        if node.type == "Graph":
            return _graph(node, prefix, sources)
        # a net operator: each sub-net reads all of the operator's inputs
        everything = set().union(*sources.values()) if sources else set()
        outs: set = set()
        for name, sub in node.nodes.items():
            sub_outs = wire(sub, node.sub_prefix(prefix, name),
                            {p: everything for p in (*sub.inputs(), *sub.states())})
            outs |= set().union(*sub_outs.values()) if sub_outs else set()
        return {p: outs for p in node.outputs()}

    def _graph(node, prefix, sources):
        outs_of: dict = {}

        def producers(src) -> set:
            if src[0] == "Inputs":
                return sources.get(src[1], set())
            name, kind = src[1], src[2]
            if kind == "Outputs" or kind == "States":
                found = outs_of.get(name, {}).get(src[3])
                if found is not None:
                    return found
            # an output of a layer inside a nested net (NetPort[{"a", "b", "Output"}]) or a
            # state of a container: the layers under that path
            sub_path = prefix + tuple(src[:-2]) if kind == "Nodes" else prefix + ("Nodes", name)
            return {p for p in leaves_under(node.nodes[name], prefix + ("Nodes", name))
                    if p[:len(sub_path)] == sub_path}

        for name in node.order():
            sub_in: dict = {}
            deep = []
            for dst, src in node.edges:
                if dst[0] != "Nodes" or dst[1] != name:
                    continue
                if dst[2] == "Nodes":          # a port of a layer inside a nested net
                    deep.append((prefix + tuple(dst[:-2]), producers(src)))
                else:
                    sub_in.setdefault(dst[3], set()).update(producers(src))
            outs_of[name] = wire(node.nodes[name], prefix + ("Nodes", name), sub_in)
            for inner, found in deep:
                for leaf, _ in node.nodes[name].leaves(prefix + ("Nodes", name)):
                    if leaf[:len(inner)] == inner:
                        link(found, leaf)
        return {dst[1]: producers(src) for dst, src in node.edges if dst[0] == "Outputs"}

    wire(root, (), {})
    return list(edges)
