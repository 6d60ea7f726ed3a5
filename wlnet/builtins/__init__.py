"""Builtins of the core language, one module per area, each declared with
``wlnet.builtins.registry.builtin``.  ``load_all()`` imports every module of this package
so that their declarations are registered; the evaluator calls it once."""

import importlib
import pkgutil

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for info in pkgutil.iter_modules(__path__):
        if info.name != "registry" and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True
