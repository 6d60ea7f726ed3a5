"""Expressions that the language treats as atoms, though wlnet keeps them as expressions.

A net is an atom in the Wolfram Language: ``AtomQ[net]`` is True, and ReplaceAll, Cases,
Position, Count, FreeQ, Level, Map at levels and the other functions that walk an
expression's parts never reach inside it (``{net, 3} /. 3 -> 5`` leaves the net's sizes
alone; ``{net} /. Rule -> List`` leaves it whole).  wlnet keeps a net as
``head[<|…|>, <|…|>]``, so the walkers ask ``is_opaque`` before they descend.  The package
that owns such objects registers each head with the test that tells its objects from other
expressions of that head (``NetChain[x]`` typed by a user is no net)."""

from __future__ import annotations

from wlnet.core.expr import Symbol

__all__ = ["register_opaque", "is_opaque"]

_TESTS: dict = {}


def register_opaque(head, test) -> None:
    """Expressions ``head[…]`` (a symbol or its name) for which ``test(e)`` holds are atoms
    to the walkers."""
    _TESTS[Symbol(head) if type(head) is str else head] = test


def is_opaque(e) -> bool:
    """Whether the expression ``e`` (an Expr) stands for an atomic object."""
    test = _TESTS.get(e._head)
    return test is not None and test(e)
