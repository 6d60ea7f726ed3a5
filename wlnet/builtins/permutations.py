"""Permutations as data, as programs shuffle a sequence and check that a net commutes with it
(attention is permutation-equivariant): Permute, Cycles, PermutationList,
InversePermutation, PermutationCycles, FindPermutation, Signature.

A permutation is a list p of the positions 1 … n (p[[i]] is where i goes) or
``Cycles[{{i1, i2, …}, …}]`` (i1 goes to i2, …, the last back to i1).  ``Cycles`` is
kept in the canonical form: singletons dropped, each cycle turned to start at its
smallest point, the cycles sorted by that point.  ``Permute[expr, perm]`` moves the
element at position i to position perm(i) (positions past the permutation stay put).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.registry import builtin

LIST = S.List
CYCLES = Symbol("Cycles")


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is LIST


def _permutation_list(e) -> list[int] | None:
    """A list of the integers 1 … n in some order, as 0-based images; None otherwise."""
    if not _is_list(e) or not all(type(x) is Integer for x in e.args):
        return None
    images = [x.value - 1 for x in e.args]
    return images if sorted(images) == list(range(len(images))) else None


def _cycle_lists(e) -> list[list[int]] | None:
    """The cycles of Cycles[{…}] as lists of positive integers (disjoint); None otherwise."""
    if type(e) is not Expr or e.head != CYCLES or len(e.args) != 1 or not _is_list(e.args[0]):
        return None
    cycles = []
    for c in e.args[0].args:
        if not _is_list(c) or not all(type(x) is Integer and x.value > 0 for x in c.args):
            return None
        cycles.append([x.value for x in c.args])
    points = [p for c in cycles for p in c]
    return cycles if len(points) == len(set(points)) else None


def _images(perm) -> list[int] | None:
    """0-based images of a permutation list or Cycles, as long as its largest point."""
    listed = _permutation_list(perm)
    if listed is not None:
        return listed
    cycles = _cycle_lists(perm)
    if cycles is None:
        return None
    size = max((p for c in cycles for p in c), default=0)
    images = list(range(size))
    for c in cycles:
        for a, b in zip(c, c[1:] + c[:1]):
            images[a - 1] = b - 1
    return images


def _canonical_cycles(images: list[int]) -> Expr:
    seen, cycles = set(), []
    for start in range(len(images)):
        if start in seen or images[start] == start:
            continue
        cycle, i = [], start
        while i not in seen:
            seen.add(i)
            cycle.append(Integer(i + 1))
            i = images[i]
        cycles.append(Expr.from_args(LIST, cycle))
    return Expr(CYCLES, Expr.from_args(LIST, cycles))


def _as_list(images: list[int]) -> Expr:
    return Expr.from_args(LIST, [Integer(i + 1) for i in images])


@builtin("Cycles", argc=1, attributes=("Protected",),
         usage="Cycles[{{i1, i2, …}, …}] is the permutation taking i1 to i2, …, and the last "
               "point of each cycle back to its first; it is kept in canonical form.",
         examples=(("Cycles[{{3, 1}, {5}, {4, 2}}]", "Cycles[{{1, 3}, {2, 4}}]"),))
def cycles(ev, spec):
    found = _cycle_lists(Expr(CYCLES, spec))
    if found is None:
        return None
    canonical = _canonical_cycles(_images(Expr(CYCLES, spec)))
    return None if canonical == Expr(CYCLES, spec) else canonical


@builtin("PermutationList", argc=(1, 2), attributes=("Protected",),
         usage="PermutationList[perm] is the permutation as the list of the images of 1 … n; "
               "PermutationList[perm, n] pads it to length n.",
         examples=(("PermutationList[Cycles[{{1, 3, 2}}]]", "{3, 1, 2}"),
                   ("PermutationList[Cycles[{{1, 3}}], 5]", "{3, 2, 1, 4, 5}")))
def permutation_list(ev, perm, n=None):
    images = _images(perm)
    if images is None or n is not None and not (type(n) is Integer and n.value >= len(images)):
        return None
    if n is not None:
        images += list(range(len(images), n.value))
    return _as_list(images)


@builtin("PermutationCycles", argc=1, attributes=("Protected",),
         usage="PermutationCycles[perm] is the permutation list perm as Cycles[…].",
         examples=(("PermutationCycles[{2, 3, 1, 4}]", "Cycles[{{1, 2, 3}}]"),))
def permutation_cycles(ev, perm):
    images = _images(perm)
    return None if images is None else _canonical_cycles(images)


@builtin("InversePermutation", argc=1, attributes=("Protected",),
         usage="InversePermutation[perm] undoes perm (a list gives a list, Cycles give Cycles).",
         examples=(("InversePermutation[{2, 3, 1}]", "{3, 1, 2}"),
                   ("InversePermutation[Cycles[{{1, 2, 3}}]]", "Cycles[{{1, 3, 2}}]")))
def inverse_permutation(ev, perm):
    images = _images(perm)
    if images is None:
        return None
    inverse = [0] * len(images)
    for i, j in enumerate(images):
        inverse[j] = i
    return _canonical_cycles(inverse) if _cycle_lists(perm) is not None else _as_list(inverse)


@builtin("Permute", argc=2, attributes=("Protected",),
         usage="Permute[expr, perm] moves the element at position i of expr to position "
               "perm(i); perm is a permutation list or Cycles[…].",
         examples=(("Permute[{a, b, c, d}, {2, 3, 1, 4}]", "{c, a, b, d}"),
                   ("Permute[{a, b, c, d}, Cycles[{{1, 3}}]]", "{c, b, a, d}")))
def permute(ev, e, perm):
    images = _images(perm)
    if images is None or type(e) is not Expr or len(images) > len(e.args):
        return None
    items = list(e.args)
    moved = list(items)
    for i, j in enumerate(images):
        moved[j] = items[i]
    return Expr.from_args(e.head, moved)


def _sorting_images(ev, a, b) -> list[int] | None:
    """The images p with Permute[a, p] == b; None if b is not a rearrangement of a."""
    if not (type(a) is Expr and type(b) is Expr and len(a.args) == len(b.args)):
        return None
    free = {}
    for j, x in enumerate(b.args):
        free.setdefault(x, []).append(j)
    images = []
    for x in a.args:
        places = free.get(x)
        if not places:
            return None
        images.append(places.pop(0))
    return images


@builtin("FindPermutation", argc=(1, 2), attributes=("Protected",),
         usage="FindPermutation[e1, e2] is the permutation (as Cycles) that Permute applies to "
               "e1 to give e2; FindPermutation[e] the one from Sort[e] to e.",
         examples=(("FindPermutation[{a, b, c}, {c, a, b}]", "Cycles[{{1, 2, 3}}]"),))
def find_permutation(ev, a, b=None):
    if b is None:
        a, b = ev.evaluate(Expr(S.Sort, a)), a
    images = _sorting_images(ev, a, b)
    return None if images is None else _canonical_cycles(images)


@builtin("Signature", argc=1, attributes=("Protected",),
         usage="Signature[list] is 1 or -1 as an even or odd number of swaps sorts list, 0 if "
               "two elements are equal.",
         examples=(("Signature[{2, 1, 3}]", "-1"), ("Signature[{a, b, a}]", "0"),
                   ("Signature[{c, a, b}]", "1")))
def signature(ev, e):
    if type(e) is not Expr:
        return None
    ordered = ev.evaluate(Expr(S.Sort, e))
    if len(set(ordered.args)) < len(ordered.args):
        return Integer(0)
    images = _sorting_images(ev, ordered, e)
    seen, swaps = set(), 0
    for start in range(len(images)):
        length, i = 0, start
        while i not in seen:
            seen.add(i)
            i = images[i]
            length += 1
        swaps += max(length - 1, 0)
    return Integer(-1 if swaps % 2 else 1)
