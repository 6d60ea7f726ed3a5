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
import re
from pathlib import Path

from wlnet.core.registry import defer

# The modules of the net framework's builtins, loaded together on first use.
NET_MODULES = ("net", "net_evaluation", "net_symbols", "train", "net_external")



def _declared_layer_symbols() -> frozenset:
    """The heads the layer modules declare (``symbol = "LinearLayer"``, or a module-level
    ``SYMBOL = "PoolingLayer"`` the class uses), read from their
    source so that nothing of the net framework is imported: adding a layer module is all
    it takes for its head to load the framework on first use."""
    layers = Path(__file__).resolve().parent.parent / "net" / "layers"
    pattern = re.compile(r'^\s*(?:symbol|SYMBOL) = "(\w+)"', re.M)
    return frozenset(name for path in layers.glob("*.py")
                     for name in pattern.findall(path.read_text(encoding="utf-8")))


# Every symbol those modules register (tests/builtins/test_init.py checks that this table
# and the modules agree): layer heads, containers, coders, net functions, their options.
LAYER_SYMBOLS = _declared_layer_symbols()
NET_SYMBOLS = LAYER_SYMBOLS | frozenset({
    "NetChain", "NetGraph", "NetMapOperator", "NetMapThreadOperator", "NetBidirectionalOperator",
    "NetFoldOperator", "NetNestOperator", "NetGANOperator", "NetPairEmbeddingOperator", "NetEncoder", "NetDecoder", "NetExtract",
    "NetReplacePart", "NetTake", "NetDrop", "NetJoin", "NetAppend", "NetPrepend", "NetInsert",
    "NetDelete", "NetFlatten", "NetRename", "NetReplace", "NetUnfold",
    "NetInformation", "NetInitialize", "NetPort", "NetPortGradient", "NetPath",
    "NetStateObject", "NetTrain", "NetTrainResultsObject", "NetMeasurements", "NetExternalObject",
    "NetEvaluationMode", "BatchSize", "LearningRate", "LearningRateMultipliers",
    "LossFunction", "MaxTrainingRounds", "RandomSeeding", "Scaled", "TargetDevice",
    "TimeGoal", "TrainingProgressFunction", "TrainingProgressReporting", "ValidationSet",
    "WorkingPrecision",
    "NetArray", "NetSharedArray", "NetInsertSharedArrays",
    "SequenceAttentionLayer",    # the old AttentionLayer with an "Input" port
    "ClassifierMeasurements", "ClassifierMeasurementsObject",    # of nets
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
