"""``List`` itself (it drops ``Nothing``) and the symbols the list builtins give meaning to:
``Nothing``, ``Missing``, ``UpTo``, ``Span``, ``Key``."""

from __future__ import annotations

from itertools import repeat
from operator import is_

from wlnet.core.registry import builtin, declare
from wlnet.builtins._listutil import mklist
from wlnet.builtins.lists._shared import NOTHING


declare("Missing", usage="Missing[reason, …] stands for data that is not available.")
declare("Nothing", usage="Nothing is removed from any list it appears in.")
declare("UpTo", usage="UpTo[n] asks for up to n elements, as many as are available.")
declare("Span", usage="i ;; j is the span of parts i through j (Span[i, j]).")
declare("Key", usage="Key[k] names the key k of an association in Part and friends.")


@builtin("List", attributes=("Locked", "Protected"),
         usage="{e1, e2, …} is a list of elements.",
         examples=(("{1, Nothing, 2}", "{1, 2}"),))
def list_(ev, *args):
    if any(map(is_, args, repeat(NOTHING))):           # identity tests at C speed
        return mklist(a for a in args if a is not NOTHING)
    return None
