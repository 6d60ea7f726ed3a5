"""How the coders attached to a node's ports constrain its types (shared by layers and
containers): an encoder's type meets its input port, an output port meets its decoder.

A coder of a fixed-rank array (no sequence) on a port whose rank is not known yet waits
(``u.deferred``) until the layers' rules have run: the port may turn out to take (or give) a
list of what the coder makes (reads), and then the coder is mapped over the port's first
dimension, as WL raises such a coder (an EmbeddingLayer before a recurrent layer takes a
sequence of class codes; a "Boolean" decoder on a length-1 vector output decodes {True}).
"""

from __future__ import annotations

from wlnet.net.shape import NetTypeError, unify_decoder
from wlnet.net.types import LengthVar, TensorT

__all__ = ["constrain_coders", "settle_coders", "chosen_coder"]


def constrain_coders(node, u, prefix: tuple) -> None:
    """Unify the type of each coder on a port of ``node`` with that port's type (an
    encoder's output feeds its input port; an output port feeds its decoder).  A failure
    names the coder for the WL message.

    An encoder that makes a fixed-rank array (not a sequence) on an input port whose rank
    is not known yet waits (``u.deferred``) until the layers' rules have run: the port may
    turn out to take a list of what the encoder makes (EmbeddingLayer before a recurrent
    layer takes a sequence of class codes), and then the encoder is mapped over the port's
    first dimension, as WL raises such a coder to the sequence level (see
    ``settle_coders``)."""
    inputs, outputs = node.inputs(), node.outputs()
    for port, coder in node.coders.items():
        is_input = port in inputs
        t = inputs[port] if is_input else outputs.get(port)
        if _raisable(coder, is_input) and isinstance(t, TensorT):
            if u.shape(t.dims, t.tail)[1] is not None:
                u.deferred.append((node, port, coder, prefix))        # its rank is open
                continue
            coder = _chosen(u, node, port, coder)
        elif port not in inputs and _maps_over_lengths(coder):
            # a decoder mapped over levels of any length ("Class" with "InputDepth" -> 3):
            # its lengths are placeholders, which the layers' own sizes settle first (a
            # segmentation net's h x w after a TransposeLayer, which cannot move a
            # sequence's level)
            u.deferred.append((node, port, coder, prefix))
            continue
        _unify_coder(u, node, port, coder, prefix)


def _maps_over_lengths(coder) -> bool:
    t = coder.type
    return coder.kind == "Decoder" and isinstance(t, TensorT) \
        and any(isinstance(d, LengthVar) for d in t.dims)


def _unify_coder(u, node, port: str, coder, prefix: tuple) -> None:
    try:
        inputs = node.inputs()
        if port in inputs:
            _same_rank(u, coder.type, inputs[port])
            u.unify(coder.type, inputs[port])
        else:
            _same_rank(u, coder.type, node.outputs()[port])
            unify_decoder(u, node.outputs()[port], coder.type)
    except NetTypeError as err:
        err.where.setdefault("coder", (prefix, port, coder))
        raise


def _raisable(coder, is_input: bool = True) -> bool:
    """Whether ``coder`` is an encoder (on an input port; a decoder on an output port) of a
    fixed-rank array that is no sequence: one that a port of a list of its arrays takes
    mapped (a "Class" decoder on a sequence of probability vectors decodes each)."""
    t = coder.type
    return coder.kind == ("Encoder" if is_input else "Decoder") and isinstance(t, TensorT) \
        and t.tail is None and not (t.dims and isinstance(t.dims[0], LengthVar))


def _chosen(u, node, port: str, coder):
    """``coder`` as the port of ``node`` takes it (its type as known in ``u``): itself, or
    mapped over the port's first dimension when the port takes (or gives) a list of what it
    makes (the choice is kept in ``u`` for ``resolve``)."""
    from wlnet.net.ports import fitted_coder
    is_input = port in node.inputs()
    ports = node.inputs() if is_input else node.outputs()
    chosen = fitted_coder(coder, u.resolve(ports[port]), is_input)
    if chosen is not coder:
        u.coder_choices[(id(node), port)] = chosen
    return chosen


def settle_coders(u) -> None:
    """The deferred encoders (see ``constrain_coders``) constrained now, as ``_chosen``
    takes them; a port whose rank is still open takes the encoder as it is."""
    deferred, u.deferred = u.deferred, []
    for node, port, coder, prefix in deferred:
        if port in node.inputs() or _raisable(coder, False):
            coder = _chosen(u, node, port, coder)
        _unify_coder(u, node, port, coder, prefix)


def chosen_coder(u, node, port: str, coder):
    """The coder ``settle_coders`` chose for ``port`` of ``node`` (``coder`` when none)."""
    return u.coder_choices.get((id(node), port), coder) if u.coder_choices else coder


def _same_rank(u, coder_type, port_type) -> None:
    """A coder and its port of known ranks that differ clash as they are written (unifying
    them first would report half-unified types: a sequence's length bound to a class
    count…); the coder's type comes first, as the message names it first."""
    a, b = coder_type, port_type
    if isinstance(a, TensorT) and isinstance(b, TensorT):
        da, ta = u.shape(a.dims, a.tail)
        db, tb = u.shape(b.dims, b.tail)
        if ta is None and tb is None and len(da) != len(db):
            raise NetTypeError("rank", u.resolve(a), u.resolve(b))
