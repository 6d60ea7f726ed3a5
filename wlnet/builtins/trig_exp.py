"""TrigToExp and ExpToTrig: trigonometric and hyperbolic functions written with
exponentials, and back.

Each is a list of rewrite rules applied until none matches (so ``Sin[Cos[x]]`` is rewritten
inside and out), the result evaluated as usual.  The rules are the definitions:
``Sin[z] = (E^(I z) - E^(-I z))/(2 I)``, ``Cosh[z] = (E^z + E^-z)/2``, the inverse
functions as logarithms (``ArcSinh[z] = Log[z + Sqrt[1 + z^2]]``); back, ``E^(I b)`` is
``Cosh[z] + Sinh[z]``, which is ``Cos[b] + I Sin[b]`` for ``z = I b`` (Cosh and Sinh of
an imaginary argument evaluate so), numbers times sums then multiplied out.
"""

from __future__ import annotations

from functools import lru_cache

from wlnet.core.expr import Expr, S
from wlnet.core.registry import builtin

_TRIG_TO_EXP = """{
  Sin[z_] :> I/2 E^(-I z) - I/2 E^(I z),
  Cos[z_] :> E^(-I z)/2 + E^(I z)/2,
  Tan[z_] :> (I (E^(-I z) - E^(I z)))/(E^(-I z) + E^(I z)),
  Cot[z_] :> -((I (E^(-I z) + E^(I z)))/(E^(-I z) - E^(I z))),
  Sec[z_] :> 2/(E^(-I z) + E^(I z)),
  Csc[z_] :> -((2 I)/(E^(-I z) - E^(I z))),
  Sinh[z_] :> -E^-z/2 + E^z/2,
  Cosh[z_] :> E^-z/2 + E^z/2,
  Tanh[z_] :> (-E^-z + E^z)/(E^-z + E^z),
  Coth[z_] :> (E^-z + E^z)/(-E^-z + E^z),
  Sech[z_] :> 2/(E^-z + E^z),
  Csch[z_] :> 2/(-E^-z + E^z),
  ArcSin[z_] :> -I Log[I z + Sqrt[1 - z^2]],
  ArcCos[z_] :> Pi/2 + I Log[I z + Sqrt[1 - z^2]],
  ArcTan[z_] :> I/2 Log[1 - I z] - I/2 Log[1 + I z],
  ArcCot[z_] :> I/2 Log[1 - I/z] - I/2 Log[1 + I/z],
  ArcSec[z_] :> Pi/2 + I Log[Sqrt[1 - 1/z^2] + I/z],
  ArcCsc[z_] :> -I Log[Sqrt[1 - 1/z^2] + I/z],
  ArcSinh[z_] :> Log[z + Sqrt[1 + z^2]],
  ArcCosh[z_] :> Log[z + Sqrt[-1 + z] Sqrt[1 + z]],
  ArcTanh[z_] :> -1/2 Log[1 - z] + 1/2 Log[1 + z],
  ArcCoth[z_] :> -1/2 Log[1 - 1/z] + 1/2 Log[1 + 1/z],
  ArcSech[z_] :> Log[Sqrt[-1 + 1/z] Sqrt[1 + 1/z] + 1/z],
  ArcCsch[z_] :> Log[Sqrt[1 + 1/z^2] + 1/z]
}"""

_EXP_TO_TRIG = """{
  E^z_ :> Cosh[z] + Sinh[z]
}"""

# a number times a sum multiplied out, so that the halves of Cos[x] + I Sin[x] and
# Cos[x] - I Sin[x] cancel (ExpToTrig[TrigToExp[Sin[x]]] is Sin[x] again)
_DISTRIBUTE = """{
  c_?NumberQ s_Plus :> (c # &) /@ s
}"""


@lru_cache(maxsize=None)
def _rules(text: str) -> Expr:
    from wlnet.syntax.parser import parse
    return parse(text)


def _rewrite(ev, e, rules_text: str):
    return Expr(S.ReplaceRepeated, e, _rules(rules_text))


@builtin("TrigToExp", argc=1,
         usage="TrigToExp[expr] writes the trigonometric and hyperbolic functions in expr, "
               "and their inverses, with exponentials and logarithms.",
         examples=(("TrigToExp[Cosh[x]]", "1/(2 E^x) + E^x/2"),
                   ("TrigToExp[ArcTanh[x]]", "-Log[1 - x]/2 + Log[1 + x]/2")))
def trig_to_exp(ev, e):
    return _rewrite(ev, e, _TRIG_TO_EXP)


@builtin("ExpToTrig", argc=1,
         usage="ExpToTrig[expr] writes the exponentials in expr as trigonometric functions "
               "(E^(I x) is Cos[x] + I Sin[x]) or hyperbolic ones (E^x is Cosh[x] + Sinh[x]).",
         examples=(("ExpToTrig[E^(I x)]", "Cos[x] + I Sin[x]"),
                   ("ExpToTrig[(E^x + E^-x)/2]", "Cosh[x]")))
def exp_to_trig(ev, e):
    return _rewrite(ev, ev.evaluate(_rewrite(ev, e, _EXP_TO_TRIG)), _DISTRIBUTE)
