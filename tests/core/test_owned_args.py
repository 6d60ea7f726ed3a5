"""Values changed in place (wlnet/core/owned_args.py): random scripts of part assignments,
AppendTo/PrependTo, key assignments and copies between variables give the same values as
with every change made on a copy (own_args refusing), so no holder of an old value ever
sees it change."""

from __future__ import annotations

import random

import pytest

from wlnet.core import owned_args
from wlnet.core.session import Session

VARIABLES = ("a", "b", "c")


def _statement(rng: random.Random) -> str:
    v, w = rng.choice(VARIABLES), rng.choice(VARIABLES)
    i = rng.choice((1, 2, -1))
    x = rng.choice(("7", "x", '"s"', "{1, 2}", "{q}", "Nothing", "1 + y", "2.5"))
    return rng.choice((
        f"{v} = {w}",
        f"{v}[[{i}]] = {x}",
        f"{v}[[{i}, 1]] = {x}",
        f"AppendTo[{v}, {x}]",
        f"PrependTo[{v}, {x}]",
        f"h = Hold[{v}]; {v}[[{i}]] = {x}",
        f"r = {v}[[{i}]]; {v}[[{i}, 1]] = {x}; {v}[[{i}]] = r",
        f"Do[{v}[[k]] = {x}, {{k, Min[2, Length[{v}]]}}]",
        f"{v} = Append[{v}, {x}]",
        f"k{v}[{i}] = {x}; k{w} = k{v}; k{v}[{rng.randint(1, 4)}] = {x}",
        f"AssociateTo[k{v}, {rng.randint(1, 4)} -> {x}]",
        f"s = {{{v}, {w}}}",
    ))


def _run(script: list[str], in_place: bool, monkeypatch) -> str:
    if not in_place:
        monkeypatch.setattr(owned_args, "own_args", lambda e: None)
        import wlnet.builtins.lists.part as part
        import wlnet.builtins._assoc_entries as entries
        monkeypatch.setattr(part, "own_args", lambda e: None)
        monkeypatch.setattr(entries, "own_args", lambda e: None)
    session = Session(echo=False)
    start = "a = {{1, 2}, {3, 4}, {5, 6}}; b = a; c = {{0}, {0}}; y = 0; " \
            "ka = <|1 -> 1|>; kb = <|2 -> 2|>; kc = <||>;"
    session.evaluate(start)
    for line in script:
        session.evaluate(f"Quiet[{line}];")
    values = session.evaluate("y = 5; {a, b, c, s, h, r, ka, kb, kc, ReleaseHold[h]}")
    monkeypatch.undo()
    return str(values)


@pytest.mark.parametrize("seed", range(40))
def test_in_place_changes_are_invisible_to_other_holders(seed, monkeypatch):
    rng = random.Random(seed)
    script = [_statement(rng) for _ in range(25)]
    assert _run(script, True, monkeypatch) == _run(script, False, monkeypatch), script
