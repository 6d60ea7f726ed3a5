"""Builtins of the language, one module per area, each declared with
``wlnet.core.registry.builtin``.

``load_builtins()`` (what a session calls) imports the core language's modules and declares
the net framework's builtins as deferred (``registry.defer``): the modules that define
them (``NET_MODULES``), and with them wlnet.net, its kernels and Numba, load on the first
use of one of ``NET_SYMBOLS``.  ``load_all()`` imports every module at once (tools and
tests that walk the whole registry).
"""

import importlib
import pkgutil

from wlnet.core.registry import defer

# The modules of the net framework's builtins, loaded together on first use.
NET_MODULES = ("net", "net_evaluation", "net_symbols", "train")

# Every symbol those modules register (tests/builtins/test_init.py checks that this table
# and the modules agree): layer heads, containers, coders, net functions, their options.
LAYER_SYMBOLS = frozenset({
    "CrossEntropyLossLayer", "DropoutLayer", "ElementwiseLayer", "GatedRecurrentLayer",
    "LinearLayer", "MeanAbsoluteLossLayer", "MeanSquaredLossLayer", "SequenceLastLayer",
    "SoftmaxLayer", "UnitVectorLayer",
})
NET_SYMBOLS = LAYER_SYMBOLS | frozenset({
    "NetChain", "NetGraph", "NetEncoder", "NetDecoder", "NetExtract", "NetReplacePart",
    "NetInformation", "NetInitialize", "NetPort", "NetPortGradient", "NetPath",
    "NetStateObject", "NetTrain", "NetTrainResultsObject", "NetMeasurements",
    "NetEvaluationMode", "BatchSize", "LearningRate", "LearningRateMultipliers",
    "LossFunction", "MaxTrainingRounds", "RandomSeeding", "Scaled", "TargetDevice",
    "TimeGoal", "TrainingProgressFunction", "TrainingProgressReporting", "ValidationSet",
    "WorkingPrecision",
})

_core_loaded = False
_net_loaded = False


def _core_modules():
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name not in NET_MODULES:
            yield info.name


def load_builtins() -> None:
    """Register the core language's builtins and defer the net framework's."""
    global _core_loaded
    if _core_loaded:
        return
    for name in _core_modules():
        importlib.import_module(f"{__name__}.{name}")
    defer(NET_SYMBOLS, load_net_builtins)
    _core_loaded = True


def load_net_builtins() -> None:
    """Register the net framework's builtins (imports wlnet.net, its kernels, Numba)."""
    global _net_loaded
    if _net_loaded:
        return
    for name in NET_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    _net_loaded = True


def load_all() -> None:
    """Register every builtin now, the net framework's included."""
    load_builtins()
    load_net_builtins()
