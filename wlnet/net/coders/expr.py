"""Coders written as expressions: ``NetEncoder[name, <|…|>, type]`` / ``NetDecoder[…]``."""

from __future__ import annotations

from wlnet.core.expr import Expr, String, Symbol
from wlnet.net.coders.base import Coder
from wlnet.net.coders.decoders import decoder_from_form
from wlnet.net.coders.encoders import encoder_from_form
from wlnet.net.coders.mapped import mapped
from wlnet.net.types import dim_from_expr
from wlnet.net.wltext import assoc_items

__all__ = ["coder_from_expr"]


def coder_from_expr(e) -> Coder | None:
    """``NetEncoder[name, <|…|>, type]`` / ``NetDecoder[…]`` → coder, else None."""
    if not (type(e) is Expr and type(e.head) is Symbol and e.head.name in ("NetEncoder", "NetDecoder")
            and len(e.args) == 3 and type(e.args[0]) is String):
        return None
    try:
        params = {k.value: v for k, v in assoc_items(e.args[1])}
        dims = params.pop("Dimensions", None)         # a coder mapped over arrays
        make = encoder_from_form if e.head.name == "NetEncoder" else decoder_from_form
        coder = make(e.args[0].value, params, e.args[2])
        return coder if dims is None else mapped(coder, tuple(dim_from_expr(d) for d in dims.args))
    except (ValueError, KeyError, AttributeError, TypeError):
        return None
