"""BinarySerialize and BinaryDeserialize: expressions as WXF bytes (wlnet.core.wxf), the
format Export and Import also write and read as "WXF" (.wxf files)."""

from __future__ import annotations

from wlnet.builtins.text_extra import byte_array_expr, bytes_of
from wlnet.core.expr import Expr, S, String
from wlnet.core.registry import builtin
from wlnet.core.wxf import WXFError, from_wxf, to_wxf

FAILED = S["$Failed"]


def _compress_option(ev, options) -> bool | None:
    """PerformanceGoal -> "Size" compresses, "Speed" (the default) does not; None after a
    message for anything else."""
    compress = False
    for opt in options:
        if type(opt) is Expr and opt.head in (S.Rule, S.RuleDelayed) and len(opt.args) == 2 \
                and opt.args[0] is S.PerformanceGoal:
            goal = opt.args[1]
            if type(goal) is String and goal.value in ("Size", "Speed"):
                compress = goal.value == "Size"
                continue
            if goal is S.Automatic:
                continue
        ev.message(S.BinarySerialize, "nonopt", opt)
        return None
    return compress


@builtin("BinarySerialize", argc=(1, None),
         usage="BinarySerialize[expr] is a ByteArray of expr in WXF, the Wolfram Language's "
               "binary expression format; PerformanceGoal -> \"Size\" compresses it.",
         examples=(("BinaryDeserialize[BinarySerialize[{1, 2.5, \"a\"}]]", "{1, 2.5, a}"),),
         options={"PerformanceGoal": S.Automatic},
         messages={"nonopt": "`1` is not a known option of BinarySerialize "
                             "(PerformanceGoal -> \"Speed\" or \"Size\")."})
def binary_serialize(ev, expr, *options):
    compress = _compress_option(ev, options)
    if compress is None:
        return None
    return byte_array_expr(to_wxf(expr, compress))


@builtin("BinaryDeserialize", argc=(1, 2),
         usage="BinaryDeserialize[ba] is the expression the WXF bytes of the ByteArray ba "
               "hold; BinaryDeserialize[ba, h] wraps h around it before it is evaluated.",
         messages={"notba": "`1` is not a ByteArray.",
                   "invwxf": "The bytes are not a WXF expression: `1`."})
def binary_deserialize(ev, data, head=None):
    raw = bytes_of(data) if type(data) is Expr and data.head is S.ByteArray else None
    if raw is None:
        ev.message(S.BinaryDeserialize, "notba", data)
        return FAILED
    try:
        expr = from_wxf(raw)
    except WXFError as err:
        ev.message(S.BinaryDeserialize, "invwxf", err.reason)
        return FAILED
    return expr if head is None else Expr(head, expr)
