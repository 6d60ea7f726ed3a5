"""Symbol attributes as bit flags.

The evaluator tests attributes on every call, so they are stored as one int per symbol
(``attrs & HOLD_FIRST``) rather than as a set of names; ``names_of``/``flag_of`` convert
to and from the names users see in ``Attributes[f]``.
"""

from __future__ import annotations

HOLD_FIRST = 1 << 0
HOLD_REST = 1 << 1
HOLD_ALL = HOLD_FIRST | HOLD_REST
HOLD_ALL_COMPLETE = 1 << 2
LISTABLE = 1 << 3
FLAT = 1 << 4
ORDERLESS = 1 << 5
ONE_IDENTITY = 1 << 6
PROTECTED = 1 << 7
LOCKED = 1 << 8
NUMERIC_FUNCTION = 1 << 9
SEQUENCE_HOLD = 1 << 10
READ_PROTECTED = 1 << 11
CONSTANT = 1 << 12
TEMPORARY = 1 << 13
N_HOLD_ALL = 1 << 14
N_HOLD_FIRST = 1 << 15
N_HOLD_REST = 1 << 16
STUB = 1 << 17

# HoldAll is two bits; its name is listed instead of HoldFirst + HoldRest.
_NAMED: dict[str, int] = {
    "HoldAll": HOLD_ALL,
    "HoldFirst": HOLD_FIRST,
    "HoldRest": HOLD_REST,
    "HoldAllComplete": HOLD_ALL_COMPLETE,
    "Listable": LISTABLE,
    "Flat": FLAT,
    "Orderless": ORDERLESS,
    "OneIdentity": ONE_IDENTITY,
    "Protected": PROTECTED,
    "Locked": LOCKED,
    "NumericFunction": NUMERIC_FUNCTION,
    "SequenceHold": SEQUENCE_HOLD,
    "ReadProtected": READ_PROTECTED,
    "Constant": CONSTANT,
    "Temporary": TEMPORARY,
    "NHoldAll": N_HOLD_ALL,
    "NHoldFirst": N_HOLD_FIRST,
    "NHoldRest": N_HOLD_REST,
    "Stub": STUB,
}

# Attributes of the symbols the evaluator itself gives meaning to.  Modules that declare
# these symbols in the registry add to them; they never take any away.
CORE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "Hold": ("HoldAll", "Protected"),
    "HoldComplete": ("HoldAllComplete", "Protected"),
    "HoldForm": ("HoldAll", "Protected"),
    "HoldPattern": ("HoldAll", "Protected"),
    "Unevaluated": ("HoldAllComplete", "Protected"),
    "Evaluate": ("Protected",),
    "Sequence": ("Protected",),
    "Function": ("HoldAll", "Protected"),
    "Slot": ("NHoldAll", "Protected"),
    "SlotSequence": ("NHoldAll", "Protected"),
    "List": ("Locked", "Protected"),
    "Rule": ("SequenceHold", "Protected"),
    "RuleDelayed": ("HoldRest", "SequenceHold", "Protected"),
    "Pattern": ("HoldFirst", "Protected"),
    "Condition": ("HoldAll", "Protected"),
    "PatternTest": ("HoldRest", "Protected"),
    "Verbatim": ("Protected",),
    "Set": ("HoldFirst", "SequenceHold", "Protected"),
    "SetDelayed": ("HoldAll", "SequenceHold", "Protected"),
    "UpSet": ("HoldFirst", "SequenceHold", "Protected"),
    "UpSetDelayed": ("HoldAll", "SequenceHold", "Protected"),
    "TagSet": ("HoldAll", "SequenceHold", "Protected"),
    "TagSetDelayed": ("HoldAll", "SequenceHold", "Protected"),
    "Unset": ("HoldFirst", "Protected", "Listable"),
    "MessageName": ("HoldFirst", "Protected"),
    "CompoundExpression": ("HoldAll", "Protected"),
    # the values the language itself answers with (True = 5 would change every test)
    "True": ("Locked", "Protected"),
    "False": ("Locked", "Protected"),
    "Null": ("Protected",),
    "None": ("Protected",),
    "All": ("Protected",),
    "Automatic": ("Protected",),
    "Inherited": ("Protected",),
}


def flag_of(name: str) -> int | None:
    """The bit(s) of an attribute name, or None when it is not an attribute."""
    return _NAMED.get(name)


def flags_of(names) -> int:
    flags = 0
    for name in names:
        flags |= _NAMED[name]
    return flags


def names_of(flags: int) -> list[str]:
    """Attribute names of ``flags``, alphabetically, as ``Attributes[f]`` lists them."""
    names = []
    for name, bits in _NAMED.items():
        if name in ("HoldFirst", "HoldRest") and flags & HOLD_ALL == HOLD_ALL:
            continue
        if flags & bits == bits:
            names.append(name)
    return sorted(names)
