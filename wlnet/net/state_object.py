"""NetStateObject: a net that remembers the final values of its recurrent states.

The expression a user holds is inert (``NetStateObject[<|"Net" -> …, "SessionID" -> id,
"RecurrentStateKeys" -> {{1, "State"}}, "RecurrentStateArrays" -> Hold[…state$id],
"EvaluationCount" -> Hold[…evals$id]|>]``, the shape Wolfram prints); the state itself lives
in a ``StateStore`` found by the object's id, as Wolfram keeps it in the held symbols.

Each evaluation starts from the stored states (zeros, or the values given when the object was
made) and stores the final states it ends with; for a batch of inputs every example starts
from the stored states and the last example's final states are kept.

Reset: ``NetStateObject[sobj]`` gives a new object over the same net that starts again from
``sobj``'s initial states (``NetStateObject[sobj, <|key -> s, …|>]``: with those states in
place of some of them); the old object keeps its own state.
"""

from __future__ import annotations

import itertools

import attrs
import numpy as np

__all__ = ["StateStore", "new_store", "get_store", "interior_state_keys"]

_ids = itertools.count(1)
_STORES: dict = {}


@attrs.define
class StateStore:
    id: int
    net: object                       # wlnet.net.net.Net
    keys: list                        # state keys, e.g. [("1", "State")]
    sizes: dict                       # key -> the state's dimensions
    initial: dict                     # key -> (n,) float64 array (given, else zeros)
    current: dict = attrs.field(factory=dict)
    count: int = 0

    def reset(self) -> None:
        self.current = {k: v.copy() for k, v in self.initial.items()}
        self.count = 0

    def update(self, final_states: dict) -> None:
        """Keep the last example's final states."""
        for key, value in final_states.items():
            if key in self.current:
                self.current[key] = np.array(value[-1], np.float64)
        self.count += 1


def interior_state_keys(net) -> dict:
    """key -> dimensions for every recurrent state a NetStateObject of ``net`` keeps."""
    from wlnet.net.execute import Executor
    ex = Executor.for_net(net)
    return {k: tuple(ex.state_sizes[k]) for k in ex.state_keys}


def new_store(net, initial: dict | None = None) -> StateStore:
    """A store for ``net``; ``initial``: key -> values (checked by the caller)."""
    sizes = interior_state_keys(net)
    start = {k: np.zeros(dims, np.float64) for k, dims in sizes.items()}
    for k, v in (initial or {}).items():
        start[k] = np.array(v, np.float64)
    store = StateStore(next(_ids), net, list(sizes), sizes, start)
    store.reset()
    _STORES[store.id] = store
    return store


def get_store(store_id: int) -> StateStore | None:
    return _STORES.get(store_id)
