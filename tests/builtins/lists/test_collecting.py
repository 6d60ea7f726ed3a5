"""The differential table of wlnet/builtins/lists/collecting.py (Sow, Reap): see
tests/builtins/_support.py."""

from tests.builtins._support import differential_table

CASES = [
    ("Reap[Sow[1]; Sow[2]; 3]", None),
    ("Reap[Sow[a, x]; Sow[b, y]; Sow[c, x], x]", None),
    ("Reap[Sow[a, x]; Sow[b, y]; Sow[c, x]]", None),
    ("Reap[Do[If[OddQ[i], Sow[i]], {i, 6}]]", None),
    ("Reap[1]", None),
    ("Reap[Sow[1, x]; Sow[2, y], {x, y}]", None),
    ("Reap[Sow[1, x]; Sow[2, x], _, f]", None),
    ("Reap[Sow[1, {x, y}], {x, y}]", None),
    ("Reap[Reap[Sow[1, x]; Sow[2, y], x]]", None),
    ("Sow[5]", None),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.collecting")
