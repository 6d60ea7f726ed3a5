"""The table of layer specs: by WL type name ("Linear") and by head ("LinearLayer").

Layer modules register themselves with ``@register``; ``load_layers`` imports every module
of ``wlnet.net.layers`` once (as ``wlnet.builtins.load_all`` does for builtins)."""

from __future__ import annotations

import importlib
import pkgutil

from wlnet.net.errors import MESSAGES

__all__ = ["register", "spec_for_type", "spec_for_symbol", "all_specs", "load_layers"]

_BY_TYPE: dict = {}
_BY_SYMBOL: dict = {}
_loaded = False


def register(cls):
    """Enrol a layer spec class; its own message templates join the net messages (every net
    head can issue them: a layer's error may surface from the container that builds it)."""
    spec = cls()
    _BY_TYPE[spec.type_name] = spec
    _BY_SYMBOL[spec.symbol] = spec
    for tag, text in spec.messages.items():
        if MESSAGES.get(tag, text) != text:
            raise ValueError(f"{spec.symbol}: message {tag} differs from the one declared already")
        MESSAGES[tag] = text
    return cls


def load_layers() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from wlnet.net import layers
    for info in pkgutil.iter_modules(layers.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"wlnet.net.layers.{info.name}")


def spec_for_type(type_name: str):
    load_layers()
    return _BY_TYPE[type_name]


def spec_for_symbol(symbol: str):
    load_layers()
    return _BY_SYMBOL.get(symbol)


def all_specs() -> list:
    load_layers()
    return list(_BY_SYMBOL.values())
