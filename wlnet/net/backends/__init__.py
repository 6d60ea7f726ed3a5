"""Backends: what runs a net's layers.

A backend is a module with ``op_for(layer, dtype)``: the object the executor calls for one
resolved layer (``forward``/``backward`` as in ``wlnet.net.custom_op``).  The executor
(``wlnet.net.execute``) wires layers together and is the same for every backend.

The backend is chosen per run: the ``WLNET_BACKEND`` environment variable names it
("numba", the default: the CPU kernels; "torch": PyTorch, on $WLNET_TORCH_DEVICE).  A new backend is a new module here registered in
``BACKENDS``; layer modules change only by adding their lowering for it.
"""

from __future__ import annotations

import importlib
import os

from wlnet.net.errors import NetSpecError

__all__ = ["BACKENDS", "backend", "BackendError", "device_backend"]

BACKENDS = {"numba": "wlnet.net.backends.numba", "torch": "wlnet.net.backends.torch"}


class BackendError(NetSpecError):
    """An unknown or unavailable backend: a net error like the others, so the WL face turns
    it into a message (``nobackend``) wherever it evaluates or trains a net."""

    def __init__(self, name: str, reason: str):
        super().__init__("nobackend", name, reason)


_LOADED: dict = {}


def device_backend(spec):
    """The backend for ``TargetDevice -> spec``: "CPU" gives the default backend; "GPU",
    {"GPU", n} (the n-th GPU) and {"GPU", All} give the torch backend on a CUDA device.
    Raises NetSpecError "invdevice" for a setting that names no device, "nogpu" when no
    usable GPU is there."""
    from wlnet.core.expr import Expr, Integer, S, String, Symbol
    if type(spec) is String and spec.value == "CPU":
        return backend()
    index = None
    if type(spec) is String and spec.value == "GPU":
        index = 1
    elif (type(spec) is Expr and spec.head is S.List and len(spec.args) == 2
          and spec.args[0] == String("GPU")):
        n = spec.args[1]
        if type(n) is Integer and n.value >= 1:
            index = n.value
        elif type(n) is Symbol and n.name == "All":
            index = "All"
    if index is None:
        raise NetSpecError("invdevice", spec)
    try:
        torch_backend = backend("torch")
    except BackendError as err:
        raise NetSpecError("nogpu", spec, err.slots[1])
    return torch_backend.on_gpu(spec, index)


def backend(name: str | None = None):
    """The backend module called ``name`` (default: $WLNET_BACKEND, else "numba")."""
    name = name or os.environ.get("WLNET_BACKEND") or "numba"
    loaded = _LOADED.get(name)
    if loaded is not None:                 # asked on every net evaluation: no import lookup
        return loaded
    module = BACKENDS.get(name)
    if module is None:
        raise BackendError(name, "the backends are " + ", ".join(f'"{b}"' for b in BACKENDS)
                           + " (set with the environment variable WLNET_BACKEND)")
    loaded = _LOADED[name] = importlib.import_module(module)
    return loaded
