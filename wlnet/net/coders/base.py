"""What encoders and decoders share: a kind, a name, a port type, a WL form.

A coder is a frozen value.  Its ``type`` is the type it gives the port it is attached to
(an encoder's output type, a decoder's input type); sizes it does not know yet (a
``NetDecoder["Class"]`` learns its class count from the net) are variables, learnt by
inference through ``resolve``.
"""

from __future__ import annotations

import attrs

from wlnet.core.expr import Expr, String, Symbol
from wlnet.net.types import type_to_expr

__all__ = ["Coder", "CoderError", "assoc"]


class CoderError(Exception):
    """Encoding/decoding failed on some data (the WL face issues encfail/decfail)."""


def assoc(pairs) -> Expr:
    from wlnet.core.expr import S
    return Expr.from_args(S.Association, (Expr(S.Rule, String(k) if isinstance(k, str) else k, v)
                                          for k, v in pairs))


@attrs.frozen(slots=True)
class Coder:
    kind = "Encoder"                     # "Encoder" | "Decoder"
    name = ""

    @property
    def type(self):
        raise NotImplementedError

    def params_expr(self) -> list:
        """(key, expr) pairs for the WL parameter association."""
        raise NotImplementedError

    def to_expr(self) -> Expr:
        head = Symbol("Net" + self.kind)
        return Expr(head, String(self.name), assoc(self.params_expr()), type_to_expr(self.type))

    def resolve(self, u) -> "Coder":
        return self

    def map_vars(self, f) -> "Coder":
        return self

    def properties(self) -> list[str]:
        return []

