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


# TargetDevice's device names: "GPU" resolves to CUDA on Linux, the only GPU API wlnet has
_CUDA_NAMES = ("GPU", "CUDA")
_ABSENT_APIS = {"CoreML": "Apple silicon", "DirectML": "Windows"}


def device_backend(spec):
    """The backend for ``TargetDevice -> spec``: "CPU" gives the default backend; "GPU" or
    "CUDA", {"GPU", n} (the n-th GPU), {"GPU", {n1, n2, …}} (those GPUs jointly) and
    {"GPU", All} give the torch backend on CUDA devices.  Raises NetSpecError "invdevice"
    for a setting that names no device ({"CPU", n} among them: the TargetDevice page allows
    {device, n} for GPUs only), "nogpu" when the device is not usable here."""
    from wlnet.core.expr import String
    if type(spec) is String and spec.value == "CPU":
        return backend()
    if type(spec) is String and spec.value in _ABSENT_APIS:
        raise NetSpecError("nogpu", spec, f"the {spec.value} API exists only on "
                           f"{_ABSENT_APIS[spec.value]} (wlnet uses the CPU or CUDA GPUs)")
    index = _gpu_index(spec)
    if index is None:
        raise NetSpecError("invdevice", spec)
    try:
        torch_backend = backend("torch")
    except BackendError as err:
        raise NetSpecError("nogpu", spec, err.slots[1])
    return torch_backend.on_gpu(spec, index)


def _gpu_index(spec):
    """1 for "GPU"/"CUDA"; n, "All" or a tuple of distinct n for {"GPU" | "CUDA", …}; else
    None."""
    from wlnet.core.expr import Expr, Integer, S, String, Symbol
    if type(spec) is String:
        return 1 if spec.value in _CUDA_NAMES else None
    if not (type(spec) is Expr and spec.head is S.List and len(spec.args) == 2
            and type(spec.args[0]) is String and spec.args[0].value in _CUDA_NAMES):
        return None
    n = spec.args[1]
    if type(n) is Integer:
        return n.value if n.value >= 1 else None
    if type(n) is Symbol and n.name == "All":
        return "All"
    if type(n) is Expr and n.head is S.List and n.args:
        ns = [m.value for m in n.args if type(m) is Integer and m.value >= 1]
        if len(ns) == len(n.args) and len(set(ns)) == len(ns):
            return ns[0] if len(ns) == 1 else tuple(ns)
    return None


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
